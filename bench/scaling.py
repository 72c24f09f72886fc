"""How ingest scales with corpus size: 1,000 then 10,000 articles (100,000 with ``--full``).

One synthetic corpus (``bench/synthetic.py``) is ingested in steps into one database: the
first 1,000 articles, then the next 9,000 (and then the next 90,000), so each step also shows
whether ingest slows down as the store grows. Each step reports its own time and rate, the
cumulative time, and the store size. Spacy and (for dask) the cluster are started before the
clock starts.

    python -m bench scaling [--engine local|dask] [--workers 2] [--full]

On the 2-core machines of this project a step runs at the articles/s of ``ingest_throughput``:
the default run (10,000 articles) takes roughly 10-15 minutes; ``--full`` adds 90,000 more,
about ten times that (two hours or more).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench import machine, print_table

STEPS = (1_000, 10_000)
FULL_STEPS = (1_000, 10_000, 100_000)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench scaling")
    parser.add_argument("--full", action="store_true", help="go on to 100,000 articles (hours)")
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="ingest engine (default local)"
    )
    parser.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    parser.add_argument("--steps", type=lambda s: tuple(int(n) for n in s.split(",")), help="e.g. 500,2000")
    args, _ = parser.parse_known_args()
    steps = args.steps or (FULL_STEPS if args.full else STEPS)

    from bench.synthetic import generate
    from tacitus.ingest import IngestOptions, ingest
    from tacitus.store import open_store

    if args.engine == "dask":
        from tacitus.distributed import close_local_clusters, local_client

        local_client(args.workers)
        options = IngestOptions(engine="dask", workers=args.workers, batch_size=256)
    else:
        from tacitus.parse import get_nlp

        get_nlp()
        options = IngestOptions()

    print(f"engine {args.engine}; {machine()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="tacitus-scaling-") as scratch:
        db = Path(scratch) / "scaling.db"
        stories = generate(max(steps), seed=0)
        done = 0
        total_seconds = 0.0
        words = 0
        for target in steps:
            step_folder = Path(scratch) / f"step-{target}"
            step_folder.mkdir()
            step_words = 0
            for _ in range(target - done):
                story = next(stories)
                (step_folder / story.file_name).write_text(story.text, encoding="utf-8")
                step_words += story.words
            with open_store(db) as store:
                started = time.perf_counter()
                report = ingest([step_folder], store, options)
                seconds = time.perf_counter() - started
                counts = store.counts()
            total_seconds += seconds
            words += step_words
            size = db.stat().st_size
            rows.append(
                (
                    f"{target:,}",
                    f"{report.new:,}",
                    f"{seconds:.0f}",
                    f"{report.new / seconds:.1f}",
                    f"{step_words / seconds:,.0f}",
                    f"{total_seconds / 60:.1f}",
                    f"{counts['events']:,}",
                    f"{size / 2**20:.1f}",
                    f"{size / counts['articles'] * 1000 / 2**20:.1f}",
                )
            )
            done = target
            print(f"  {target:,} articles stored after {total_seconds / 60:.1f} min", flush=True)
    if args.engine == "dask":
        close_local_clusters()
    print_table(
        [
            "articles",
            "step new",
            "step s",
            "articles/s",
            "words/s",
            "total min",
            "events",
            "store MB",
            "MB/1k",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
