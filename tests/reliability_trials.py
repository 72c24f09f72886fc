"""Reliability trials too slow for the suite; their figures are in docs/reliability.md.

    .venv/bin/python tests/reliability_trials.py kill9 --trials 6      # kill -9 at random moments, rerun
    .venv/bin/python tests/reliability_trials.py shuffle --orders 4    # the example corpus in other orders

``kill9``: each trial starts `tacitus ingest` of 200 generated articles (batches of 16) in a child
process, kills it with SIGKILL after a random delay, checks that only whole batches are stored and
that `tacitus check` passes, runs the ingest again and compares articles, events (ids, source
counts) and provenance with a clean run.

``shuffle``: ingests the 30 example articles sorted (one batch), then in other orders and batch
sizes, and compares the jsonl exports (ingest time left out) line by line, and what
`events --actor Khamenei` returns. Each article is parsed once and its result reused.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def snapshot(db: Path) -> tuple[object, ...]:
    with sqlite3.connect(db) as con:
        return (
            sorted(con.execute("SELECT id FROM articles")),
            sorted(con.execute("SELECT id, num_sources FROM events")),
            sorted(con.execute("SELECT event_id, article_id, sentence_idx, start, end FROM event_sources")),
        )


def kill9(trials: int, seed: int) -> None:
    from tacitus.check import check_store
    from tacitus.store import open_store
    from test_ingest import write_corpus

    rng = random.Random(seed)
    tacitus = [sys.executable, "-c", "from tacitus.cli import run; run()"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        write_corpus(work / "corpus", 200)
        clean = work / "clean.db"
        subprocess.run([*tacitus, "ingest", "corpus", "--db", str(clean), "--batch-size", "16", "-q"], cwd=work,
                       check=True)  # fmt: skip
        reference = snapshot(clean)
        held = 0
        for trial in range(trials):
            db = work / f"crash{trial}.db"
            delay = rng.uniform(4, 40)
            child = subprocess.Popen([*tacitus, "ingest", "corpus", "--db", str(db), "--batch-size", "16", "-q"],
                                     cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            time.sleep(delay)
            killed = child.poll() is None
            if killed:
                os.kill(child.pid, signal.SIGKILL)
            child.wait()
            with open_store(db) as store:
                stored = store.counts()["articles"]
                problems = check_store(store)
            rerun = subprocess.run([*tacitus, "ingest", "corpus", "--db", str(db), "--batch-size", "16"], cwd=work,
                                   capture_output=True, text=True, check=False)  # fmt: skip
            same = snapshot(db) == reference
            whole = stored % 16 == 0 or stored == 200
            held += same and whole and not problems
            print(f"trial {trial + 1}: kill after {delay:.1f} s{'' if killed else ' (had finished)'}; "
                  f"{stored} articles stored (whole batches: {whole}); check problems {len(problems)}; "
                  f"rerun: {rerun.stdout.strip().splitlines()[0] if rerun.stdout else rerun.stderr.strip()}; "
                  f"equal to a clean run: {same}", flush=True)  # fmt: skip
        print(f"{held}/{trials} trials: whole batches, check clean, rerun equal to a clean run")


def shuffle(orders: int, seed: int) -> None:
    import tacitus.pipeline
    from tacitus import query
    from tacitus.export import export_events
    from tacitus.ingest import IngestOptions, ingest
    from tacitus.store import open_store

    corpus = sorted((HERE.parent / "examples" / "corpus").glob("*.txt"))
    cache: dict[str, object] = {}
    real = tacitus.pipeline.extract

    def cached(articles, *args, **kwargs):  # type: ignore[no-untyped-def]
        articles = list(articles)
        for result in real([a for a in articles if a.id not in cache], *args, **kwargs):
            cache[result.article.id] = result
        return iter([cache[a.id] for a in articles])

    tacitus.pipeline.extract = cached  # type: ignore[assignment]

    def run(files: list[Path], batch: int) -> tuple[list[str], set[str], int]:
        with tempfile.TemporaryDirectory() as folder:
            with open_store(Path(folder) / "s.db") as store:
                ingest(files, store, IngestOptions(batch_size=batch))
                export_events(store, Path(folder) / "e.jsonl", "jsonl")
                khamenei = len(query.events(store, actor="Khamenei", limit=None))
            lines = []
            for line in (Path(folder) / "e.jsonl").read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                for source in record["sources"]:
                    source.pop("ingested_at", None)
                lines.append(json.dumps(record, sort_keys=True))
        return lines, {json.loads(line)["event_id"] for line in lines}, khamenei

    reference, ids, khamenei = run(corpus, len(corpus))
    print(f"sorted, one batch: {len(reference)} events; events --actor Khamenei: {khamenei}")
    rng = random.Random(seed)
    same_runs = 0
    for number in range(orders):
        order = corpus[::-1] if number == 0 else rng.sample(corpus, len(corpus))
        batch = [1, 7, 30, 4][number % 4]
        lines, other_ids, other_khamenei = run(order, batch)
        differing = len(set(reference) ^ set(lines)) // 2 + abs(len(lines) - len(reference)) // 2
        same_runs += lines == reference
        articles = sorted({a for line in set(reference) ^ set(lines) for a in json.loads(line)["article_ids"]})
        print(f"{'reversed' if number == 0 else 'shuffled'} order, batches of {batch}: {len(lines)} events, "
              f"{len(set(reference) - set(lines))} reference events not found identical, "
              f"{len(ids - other_ids)} event ids changed; events --actor Khamenei: {other_khamenei}; "
              f"export identical: {lines == reference} (differing ~{differing}, from {len(articles)} articles {articles[:2]})")  # fmt: skip
    print(f"{same_runs}/{orders} orders give the same export as the sorted run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trial", choices=["kill9", "shuffle"])
    parser.add_argument("--trials", type=int, default=6)
    parser.add_argument("--orders", type=int, default=4)
    parser.add_argument("--seed", type=int, default=12)
    options = parser.parse_args()
    if options.trial == "kill9":
        kill9(options.trials, options.seed)
    else:
        shuffle(options.orders, options.seed)


if __name__ == "__main__":
    main()
