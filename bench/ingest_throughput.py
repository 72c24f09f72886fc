"""Full ingest throughput: one process vs Dask workers, against bare spaCy.

The same corpus (synthetic articles from ``bench/synthetic.py``, written as seed-format files, or
the files of ``--corpus-dir``) goes through the runs named by ``--runs``:

- ``spacy``: bare spaCy ``nlp.pipe`` over the article texts (the floor: parsing alone, one process);
- ``extract``: ``tacitus.pipeline.extract`` over the same articles, read beforehand (the parse and
  the coder, one process: no store, no near-copy lookup), after the same start-up as ``local``;
- ``local``: ``ingest`` with the local engine (read, dedupe, extract, store: everything, one process);
- ``dask``: ``ingest`` with the dask engine on a LocalCluster of single-threaded worker processes;
- ``cluster``: ``ingest --scheduler`` against ``dask scheduler`` and ``dask worker`` processes
  started apart on 127.0.0.1, as on a real cluster (the workers load Tacitus themselves).

Each run is its own subprocess, so its peak memory (``resource.getrusage`` max RSS) is its own.
Start-up (loading spaCy, starting the cluster and loading spaCy on its workers) is measured apart
from the ingest itself. Store size is the database file after the ingest, per 1,000 articles.
Times are wall-clock (the Dask workers are other processes); "driver CPU" is the ingesting
process's own CPU time. A second table splits the ingesting process's wall time: planning the
batches (store reads, near-copy lookups), waiting for the cluster's results (unpickling them
included), writing to the store, and the rest (reading files; for ``local`` the extraction).
On a machine shared with other work run several rounds (``--repeat``): the runs alternate and
each figure is the median; the load average is printed at the start and after each round.
With ``--corpus-dir`` only timings are printed (no event counts).

    python -m bench ingest_throughput [--articles 300] [--repeat 1]
    python -m bench ingest_throughput --corpus-dir ../shared/corpora/voa/articles --runs local,dask,cluster --repeat 2
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench import machine, print_table

REPO = Path(__file__).resolve().parent.parent
RUNS = ("spacy", "extract", "local", "dask", "cluster")
LABELS = {"spacy": "bare spaCy nlp.pipe", "extract": "pipeline.extract", "local": "ingest, one process"}


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
        started, cpu = time.perf_counter(), time.process_time()
        for _ in nlp.pipe((a.text for a in articles), batch_size=32):
            pass
        figures["seconds"] = time.perf_counter() - started
        figures["cpu"] = time.process_time() - cpu  # the parse only, as for the other runs (not the start-up)
        figures["peak_mb"] = _peak_mb(resource.RUSAGE_SELF)
        return figures
    if run == "extract":
        from tacitus.pipeline import extract as extract_all

        list(extract_all(articles[:1]))  # the same start-up as "local" below
        figures["startup"] = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        figures["events"] = sum(len(result.events) for result in extract_all(articles))
        figures["seconds"] = time.perf_counter() - started
        figures["cpu"] = time.process_time() - cpu
        figures["peak_mb"] = _peak_mb(resource.RUSAGE_SELF)
        return figures
    cluster: list[subprocess.Popen[bytes]] = []
    if run == "local":
        from tacitus.pipeline import extract

        # start-up as a Dask worker's: spaCy, and the coder's dictionaries, lexicon and gazetteer
        # (loaded on first use, about 4.6 s), which the workers load when they start
        list(extract(articles[:1]))
        options = IngestOptions()
    elif run == "dask":
        from tacitus.distributed import local_client

        local_client(workers)
        options = IngestOptions(engine="dask", workers=workers)
    else:  # a scheduler and workers started apart, as `dask scheduler` and `dask worker` on loopback
        from tacitus.distributed import _client

        address, cluster = start_cluster(workers)
        _client(address)  # connects and loads spaCy on the workers
        options = IngestOptions(engine="dask", scheduler=address, workers=workers)
    figures["startup"] = time.perf_counter() - started
    driver = _Driver()
    try:
        with open_store(db) as store, driver.watching():
            started, cpu = time.perf_counter(), time.process_time()
            report = ingest([corpus], store, options)
            figures["seconds"] = time.perf_counter() - started
            figures["cpu"] = time.process_time() - cpu
            figures["events"] = report.events
    finally:
        if run != "local":
            from tacitus.distributed import close_local_clusters

            close_local_clusters()
        for process in reversed(cluster):
            process.terminate()
            process.wait(timeout=30)
    figures.update(driver.seconds)
    figures["store_bytes"] = db.stat().st_size
    if run == "dask":
        figures["worker_peak_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    figures["peak_mb"] = _peak_mb(resource.RUSAGE_SELF)
    return figures


class _Driver:
    """Where the ingesting process spends its time: planning batches (reading the store, the
    near-copy lookup), waiting for a cluster's results (their unpickling included), and writing
    (the store's transactions). Wall seconds, by wrapping those functions of tacitus.ingest."""

    def __init__(self) -> None:
        self.seconds = {"plan_s": 0.0, "wait_s": 0.0, "write_s": 0.0}

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        import tacitus.ingest as module

        saved = {name: getattr(module, name) for name in ("_plan", "_collect", "_write_plan")}
        for name, key in (("_plan", "plan_s"), ("_collect", "wait_s"), ("_write_plan", "write_s")):
            setattr(module, name, self._timed(saved[name], key))
        try:
            yield
        finally:
            for name, function in saved.items():
                setattr(module, name, function)

    def _timed(self, function: Callable[..., Any], key: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - started

        return timed


def start_cluster(workers: int) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """Start ``dask scheduler`` and ``workers`` single-threaded ``dask worker`` processes on
    127.0.0.1, as a user would on a cluster's machines; return the scheduler's address and the
    processes (the scheduler first)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-dashboard"], **quiet)]  # type: ignore[call-overload]  # fmt: skip
    for _ in range(workers):
        processes.append(subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--nworkers", "1",
                                           "--no-dashboard"], **quiet))  # type: ignore[call-overload]  # fmt: skip
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, processes


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
    parser.add_argument(
        "--corpus-dir", type=Path, help="ingest the files of this folder instead of synthetic articles (timings only)"
    )
    parser.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the runs, alternating; medians (default 1)")
    parser.add_argument(
        "--runs", default="spacy,local,dask", help=f"which runs, in this order (from {','.join(RUNS)}; default spacy,local,dask)"
    )
    parser.add_argument("--run", choices=RUNS, help=argparse.SUPPRESS)  # one run, in a subprocess
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.run:
        print(json.dumps(measure(args.run, args.corpus, args.db, args.workers)))
        return
    runs = [run.strip() for run in args.runs.split(",") if run.strip()]
    if not runs or any(run not in RUNS for run in runs):
        raise SystemExit(f"--runs: choose from {', '.join(RUNS)}")

    from bench.synthetic import write_corpus

    with tempfile.TemporaryDirectory(prefix="tacitus-bench-") as scratch:
        corpus = args.corpus_dir
        if corpus is None:
            corpus = Path(scratch) / "corpus"
            write_corpus(corpus, args.articles, seed=0)
        print(f"start {time.strftime('%H:%M:%S', time.gmtime())} UTC, load average {os.getloadavg()}", flush=True)
        rounds = []
        for n in range(args.repeat):
            rounds.append({run: run_apart(run, corpus, Path(scratch) / f"{run}-{n}.db", args.workers) for run in runs})
            print(f"round {n + 1} done {time.strftime('%H:%M:%S', time.gmtime())} UTC, load average"
                  f" {os.getloadavg()}", flush=True)  # fmt: skip
    figures = {run: {key: statistics.median(r[run][key] for r in rounds) for key in rounds[0][run]} for run in runs}
    first = figures[runs[0]]
    what = "synthetic articles" if args.corpus_dir is None else f"articles of {args.corpus_dir}"
    print(f"{int(first['articles'])} {what}, {int(first['words']):,} words, median of {args.repeat} round(s); {machine()}")
    base = figures.get("spacy")
    one = figures.get("local")
    rows = []
    for run in runs:
        f = figures[run]
        rate = f["articles"] / f["seconds"]
        per_thousand = f"{f['store_bytes'] / f['articles'] * 1000 / 2**20:.1f}" if "store_bytes" in f else "-"
        worker = f" (+{f['worker_peak_mb']:.0f}/worker)" if "worker_peak_mb" in f else ""
        label = LABELS.get(run) or f"ingest, {'dask' if run == 'dask' else 'dask scheduler+worker'} {args.workers} workers"
        rows.append((
            label, f"{f['startup']:.1f}", f"{f['seconds']:.1f}", f"{f['cpu']:.1f}", f"{rate:.1f}",
            f"{f['words'] / f['seconds']:,.0f}",
            f"{rate / (base['articles'] / base['seconds']):.2f}" if base else "-",
            f"{one['seconds'] / f['seconds']:.2f}" if one else "-",
            f"{f['peak_mb']:.0f}{worker}", per_thousand,
        ))  # fmt: skip
    print_table(
        ["run", "start-up s", "ingest s", "driver CPU s", "articles/s", "words/s", "vs spaCy", "vs one process",
         "peak MB", "store MB/1k"],
        rows,
    )  # fmt: skip
    engines = [run for run in runs if run not in ("spacy", "extract")]
    if engines:
        print("where the ingesting process's time went (wall seconds):")
        print_table(
            ["run", "ingest s", "planning", "waiting for the cluster", "writing", "other"],
            [(run, f"{figures[run]['seconds']:.1f}", f"{figures[run]['plan_s']:.1f}", f"{figures[run]['wait_s']:.1f}",
              f"{figures[run]['write_s']:.1f}",
              f"{figures[run]['seconds'] - figures[run]['plan_s'] - figures[run]['wait_s'] - figures[run]['write_s']:.1f}")
             for run in engines],
        )  # fmt: skip
    if args.corpus_dir is None:
        coded = [run for run in runs if run != "spacy"]
        print("events coded: " + ", ".join(f"{run} {int(figures[run].get('events', 0)):,}" for run in coded))


if __name__ == "__main__":
    main()
