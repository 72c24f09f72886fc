"""The machine's own ceiling for N workers: the same work in one process and split over N processes.

Issue 15 asks two Dask workers for 1.8x one ingest process. Whatever the engine, N workers on
this machine cannot beat N processes that do the worker's work with nothing else to do: no
scheduler, no pickling, no store, no driver. This benchmark measures that bound. The corpus (the
synthetic stories of ``bench/synthetic.py``, or the files of ``--corpus-dir``) is split into N
interleaved slices; each of N processes loads its pipeline first (not timed), waits at a barrier,
then codes its slice. The wall time runs from the barrier to the last process's end, so the
slowest process counts, as the slowest worker does in an ingest. The same is done with one process
and the whole corpus, alternating, ``--repeat`` rounds, medians.

- ``--work spacy``: bare spaCy ``nlp.pipe`` (the parse alone);
- ``--work extract``: ``tacitus.pipeline.extract`` (the parse and the coder: what a worker does).

Speed-up = one process's wall time / N processes' wall time. On two cores with nothing else
running it says how close to 2x the hardware itself lets two workers come; under load it is lower
and says so (the load average is printed before and after each round).

    python -m bench parallel_ceiling --work extract --articles 300 --repeat 2
    python -m bench parallel_ceiling --work spacy --corpus-dir ../shared/corpora/voa/articles
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import time
from pathlib import Path
from typing import Any

from bench import machine, print_table, single_core
from bench.extraction_overhead import bare_spacy, load_corpus

WORKS = ("spacy", "extract")


def _code(work: str, texts: list[Any], barrier: Any, done: Any) -> None:
    """One process: load the pipeline, wait for the others, code ``texts``, say when it ended."""
    single_core()
    if work == "spacy":
        nlp = bare_spacy()
        list(nlp.pipe(["Warm-up sentence."]))

        def run() -> None:
            for _ in nlp.pipe((a.text for a in texts), batch_size=32):
                pass
    else:
        from tacitus.pipeline import extract

        list(extract(texts[:1]))  # loads spaCy and the coder's data, as a worker's start-up does

        def run() -> None:
            for _ in extract(texts):
                pass
    barrier.wait()
    started = time.perf_counter()
    run()
    done.put(time.perf_counter() - started)


def one_round(work: str, articles: list[Any], processes: int) -> dict[str, float]:
    """Wall seconds from the barrier to the last process's end, and the slowest and fastest slice."""
    context = mp.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    done = context.Queue()
    slices = [articles[i::processes] for i in range(processes)]
    workers = [context.Process(target=_code, args=(work, part, barrier, done)) for part in slices]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    ends = [done.get() for _ in workers]
    wall = time.perf_counter() - started
    for worker in workers:
        worker.join()
    return {"wall": wall, "slowest": max(ends), "fastest": min(ends)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", choices=WORKS, default="extract", help="what each process does (default extract)")
    parser.add_argument("--articles", type=int, default=300, help="synthetic stories (default 300)")
    parser.add_argument("--corpus-dir", type=Path, help="code these files instead of synthetic stories")
    parser.add_argument("--processes", type=int, default=2, help="N, the processes of the split run (default 2)")
    parser.add_argument("--repeat", type=int, default=1, help="alternating rounds; medians (default 1)")
    args = parser.parse_args()
    if args.processes < 2:
        raise SystemExit("--processes: give 2 or more (the split run is compared with one process)")
    articles, what = load_corpus(args.corpus_dir, args.articles)
    print(f"{machine()}; {len(articles)} {what}; work: {args.work}")
    rounds: dict[int, list[dict[str, float]]] = {1: [], args.processes: []}
    for n in range(args.repeat):
        for processes in (1, args.processes):
            rounds[processes].append(one_round(args.work, articles, processes))
        print(f"  round {n + 1}: load average {os.getloadavg()[0]:.1f}", flush=True)
    medians = {p: {k: statistics.median(r[k] for r in runs) for k in runs[0]} for p, runs in rounds.items()}
    single = medians[1]["wall"]
    print_table(
        ("processes", "wall s", "slowest slice s", "fastest slice s", "articles/s", "speed-up"),
        [
            (p, f"{m['wall']:.1f}", f"{m['slowest']:.1f}", f"{m['fastest']:.1f}",
             f"{len(articles) / m['wall']:.1f}", f"{single / m['wall']:.2f}")
            for p, m in medians.items()
        ],
    )


if __name__ == "__main__":
    main()
