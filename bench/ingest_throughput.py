"""Full ingest throughput: one process vs Dask with two workers, against bare spaCy.

The same synthetic corpus (``bench/synthetic.py``, written as seed-format files) goes through:

- bare spaCy ``nlp.pipe`` over the article texts (the floor: parsing alone, one process);
- ``ingest`` with the local engine (read, dedupe, extract, store: everything, one process);
- ``ingest`` with the dask engine on a LocalCluster of two single-threaded worker processes.

Each run is its own subprocess, so its peak memory (``resource.getrusage`` max RSS) is its own.
Start-up (loading spaCy, starting the cluster and loading spaCy on its workers) is measured apart
from the ingest itself. Store size is the database file after the ingest, per 1,000 articles.
Times are wall-clock (the Dask workers are other processes); on a machine shared with other work
run several rounds (``--repeat``): the three runs alternate and each figure is the median.

    python -m bench ingest_throughput [--articles 300] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import machine, print_table

REPO = Path(__file__).resolve().parent.parent
RUNS = ("spacy", "local", "dask")


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def measure(run: str, corpus: Path, db: Path, workers: int) -> dict[str, float]:
    """Do one run in this process and return its figures."""
    from tacitus.ingest import IngestOptions, ingest
    from tacitus.read import read_paths
    from tacitus.records import Article
    from tacitus.store import open_store

    articles = [item for item in read_paths([corpus]) if isinstance(item, Article)]
    words = sum(len(a.text.split()) for a in articles)
    figures: dict[str, float] = {"articles": len(articles), "words": words}
    started = time.perf_counter()
    if run == "spacy":
        from bench.extraction_overhead import bare_spacy

        nlp = bare_spacy()
        figures["startup"] = time.perf_counter() - started
        started = time.perf_counter()
        for _ in nlp.pipe((a.text for a in articles), batch_size=32):
            pass
        figures["seconds"] = time.perf_counter() - started
    else:
        if run == "local":
            from tacitus.parse import get_nlp

            get_nlp()
            options = IngestOptions()
        else:
            from tacitus.distributed import local_client

            local_client(workers)
            options = IngestOptions(engine="dask", workers=workers)
        figures["startup"] = time.perf_counter() - started
        with open_store(db) as store:
            started = time.perf_counter()
            report = ingest([corpus], store, options)
            figures["seconds"] = time.perf_counter() - started
            figures["events"] = report.events
        figures["store_bytes"] = db.stat().st_size
        if run == "dask":
            from tacitus.distributed import close_local_clusters

            close_local_clusters()
            figures["worker_peak_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    figures["peak_mb"] = _peak_mb(resource.RUSAGE_SELF)
    return figures


def run_apart(run: str, corpus: Path, db: Path, workers: int) -> dict[str, float]:
    """``measure`` in a fresh Python process, so that memory peaks do not mix."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "bench.ingest_throughput", "--run", run, "--corpus", str(corpus),
               "--db", str(db), "--workers", str(workers)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{run} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench ingest_throughput")
    parser.add_argument("--articles", type=int, default=300, help="synthetic articles (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the three runs; medians (default 1)")
    parser.add_argument("--run", choices=RUNS, help=argparse.SUPPRESS)  # one run, in a subprocess
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.run:
        print(json.dumps(measure(args.run, args.corpus, args.db, args.workers)))
        return

    from bench.synthetic import write_corpus

    with tempfile.TemporaryDirectory(prefix="tacitus-bench-") as scratch:
        corpus = Path(scratch) / "corpus"
        write_corpus(corpus, args.articles, seed=0)
        rounds = [
            {run: run_apart(run, corpus, Path(scratch) / f"{run}-{n}.db", args.workers) for run in RUNS}
            for n in range(args.repeat)
        ]
    figures = {
        run: {key: statistics.median(r[run][key] for r in rounds) for key in rounds[0][run]} for run in RUNS
    }
    base = figures["spacy"]
    base_rate = base["articles"] / base["seconds"]
    print(f"{int(base['articles'])} synthetic articles, {int(base['words']):,} words, median of {args.repeat} "
          f"round(s); {machine()}")  # fmt: skip
    rows = []
    for run, label in (("spacy", "bare spaCy nlp.pipe"), ("local", "ingest, one process"),
                       ("dask", f"ingest, dask {args.workers} workers")):  # fmt: skip
        f = figures[run]
        rate = f["articles"] / f["seconds"]
        per_thousand = f"{f['store_bytes'] / f['articles'] * 1000 / 2**20:.1f}" if "store_bytes" in f else "-"
        worker = f" (+{f['worker_peak_mb']:.0f}/worker)" if "worker_peak_mb" in f else ""
        rows.append(
            (
                label,
                f"{f['startup']:.1f}",
                f"{f['seconds']:.1f}",
                f"{rate:.1f}",
                f"{f['words'] / f['seconds']:,.0f}",
                f"{rate / base_rate:.2f}",
                f"{f['peak_mb']:.0f}{worker}",
                per_thousand,
            )
        )
    print_table(
        ["run", "start-up s", "ingest s", "articles/s", "words/s", "vs spaCy", "peak MB", "store MB/1k"],
        rows,
    )
    print(
        f"events coded: local {int(figures['local'].get('events', 0)):,}, dask {int(figures['dask'].get('events', 0)):,}"
    )


if __name__ == "__main__":
    main()
