"""The store's write cost: microseconds and SQL statements per event, and where the time goes.

``--articles`` synthetic articles (``bench/synthetic.py``) are extracted once with the real
pipeline (not timed; ``--cache FILE`` keeps the results for the next run, so two source trees can
be timed on the same input), then written again and again as new articles with their events
moved on by some days (as the store path of ``bench/scaling.py`` does) until ``--events``
events were written, with ``Store.write_results`` in batches of ``--batch`` articles (an
ingest's batch), into a fresh store. Only ``write_results`` is timed.

Printed per variant: wall and CPU seconds of the writes, microseconds per event (wall and CPU;
on a shared machine read the CPU column), milliseconds per article, and three counts per event:
the store's ``execute``/``executemany`` calls (``calls``), the statements they ran (each row of
an ``executemany`` is one: ``statements``), and the statement starts SQLite reported with the
steps of triggers included (``with triggers``, from ``sqlite3``'s trace callback). The variants
(``--variants``):

- ``as is``: the store as shipped;
- ``no tally triggers``: without the triggers that keep ``event_tallies``, ``profile_tallies``
  and ``partner_tallies`` (schemas 4 and 6: per event; schema 8: the queue folded per batch),
  whose rows then stay empty;
- ``no evidence index``: without the evidence full-text index's triggers (schema 6);
- ``no triggers``: without any trigger (the article full-text index too).

The differences say what each part of the schema costs a write. ``--repeat`` alternates the
variants and keeps each one's best time.

    python -m bench store_writes                              # 20,000 events, batches of 64
    python -m bench store_writes --events 50000 --repeat 3 --cache /tmp/writes-pool.pickle
    PYTHONPATH=/path/to/other/tree/src python -m bench store_writes --cache /tmp/writes-pool.pickle

``--dump FILE`` also writes every row of every table after an ``as is`` write: run it from two
source trees and compare the files (``cmp``) to check that they store the same rows.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import pickle
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import machine, print_table
from tacitus.records import ArticleResult

if TYPE_CHECKING:
    from tacitus.store import Store

VARIANTS = {
    "as is": r"^$",
    "no tally triggers": r"tally",
    "no evidence index": r"^event_evidence_",
    "no triggers": r".",
}


def extracted_pool(articles: int, cache: Path | None) -> list[ArticleResult]:
    """The extraction of ``articles`` synthetic articles (from ``cache`` when it holds them)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as handle:
            pool: list[ArticleResult] = pickle.load(handle)  # our own file, written below
        if len(pool) >= articles:
            return pool[:articles]
    from bench.synthetic import generate
    from tacitus.pipeline import extract

    stories = generate(articles, seed=3)
    pool = list(extract([next(stories).to_article() for _ in range(articles)]))
    if cache is not None:
        with cache.open("wb") as handle:
            pickle.dump(pool, handle)
    return pool


def batches_of(pool: list[ArticleResult], events: int, batch: int) -> list[list[ArticleResult]]:
    """Results for new articles, each a pool article under a new id with its events moved on by
    one day per round through the pool, until ``events`` events; in lists of ``batch``."""
    from bench.scaling import recycling

    extract = recycling(pool)
    articles = []
    written = 0
    round_ = 0
    while written < events:
        for template in pool:
            articles.append(
                dataclasses.replace(template.article, id=f"{template.article.id[:12]}r{round_:05d}")
            )
            written += len(template.events)
            if written >= events:
                break
        round_ += 1
    results = list(extract(articles))
    return [results[i : i + batch] for i in range(0, len(results), batch)]


def _statement_name(sql: str) -> str:
    """A statement's first words, up to its column list or values: the same for every row."""
    return " ".join(sql.split("(", 1)[0].split(" VALUES")[0].split(" WHERE")[0].split())[:70]


class _CountingConnection:
    """An ``sqlite3.Connection`` that counts the statements run through it (each row of an
    ``executemany`` is one), by their first words."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.statements: collections.Counter[str] = collections.Counter()
        self.calls = 0  # execute and executemany calls

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self.statements[_statement_name(sql)] += 1
        self.calls += 1
        return self.db.execute(sql, *args)

    def executemany(self, sql: str, rows: Iterable[Any]) -> sqlite3.Cursor:
        rows = list(rows)
        self.statements[_statement_name(sql)] += len(rows)
        self.calls += 1
        return self.db.executemany(sql, rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


def _fresh_store(folder: Path, variant: str) -> Store:
    """A new store in ``folder`` with the triggers ``variant`` leaves out dropped."""
    from tacitus.store import open_store

    store = open_store(folder / f"writes-{len(list(folder.iterdir()))}.db")
    dropped = re.compile(VARIANTS[variant])
    for (name,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        if variant != "as is" and dropped.search(name):
            store.db.execute(f"DROP TRIGGER {name}")
    return store


@dataclasses.dataclass
class Run:
    """One timed write of the batches into a fresh store."""

    seconds: float
    cpu: float
    events_written: int
    articles: int
    events_stored: int
    statements: int  # run by the store (each row of an executemany counts)
    calls: int  # the store's execute and executemany calls
    starts: int  # statement starts SQLite reported, the steps of triggers included
    top: list[tuple[str, int]]


def measure(batches: list[list[ArticleResult]], variant: str, folder: Path, *, count: bool = True) -> Run:
    """Write ``batches`` into a fresh store of ``variant``; seconds, counts and (``count``) statements."""
    store = _fresh_store(folder, variant)
    timed = cpu = 0.0
    for batch in batches:
        started, started_cpu = time.perf_counter(), time.process_time()
        store.write_results(batch)
        timed += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    starts: collections.Counter[str] = collections.Counter()
    counting = _CountingConnection(store.db)
    if count:  # in a second, untimed store (counting costs time itself)
        counted = _fresh_store(folder, variant)
        counted.db.set_trace_callback(lambda sql: starts.update([_statement_name(sql)]))
        counting = _CountingConnection(counted.db)
        counted.db = counting  # type: ignore[assignment]
        for batch in batches:
            counted.write_results(batch)
        counted.db = counting.db
        counted.db.set_trace_callback(None)
        counted.close()
    totals = store.counts()
    store.close()
    return Run(
        seconds=timed, cpu=cpu, events_written=sum(len(r.events) for batch in batches for r in batch),
        articles=sum(len(batch) for batch in batches), events_stored=totals["events"],
        statements=sum(counting.statements.values()), calls=counting.calls, starts=sum(starts.values()),
        top=counting.statements.most_common(10),
    )  # fmt: skip


def dump(batches: list[list[ArticleResult]], path: Path) -> None:
    """Write ``batches`` into a fresh store (``SOURCE_DATE_EPOCH`` fixed) and save every row of
    every table to ``path``, one JSON line per table, rows sorted: two source trees that store the
    same rows give the same file. Tally rows at 0 events (which schemas 6-7 kept and readers skip)
    are left out, and Goldstein sums rounded to 9 places (batches add them in another order)."""
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    with tempfile.TemporaryDirectory(prefix="tacitus-dump-") as scratch:
        store = _fresh_store(Path(scratch), "as is")
        for batch in batches:
            store.write_results(batch)
        db = store.db
        tables = [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%\\_%' ESCAPE '\\'"
            " OR name IN ('actor_aliases', 'actor_titles', 'actor_sectors', 'event_sources', 'event_tallies',"
            " 'profile_tallies', 'partner_tallies') ORDER BY name")]  # fmt: skip
        with path.open("w", encoding="utf-8") as out:
            for table in tables:
                rows = db.execute(f"SELECT * FROM {table}").fetchall()
                if table.endswith("_tallies"):
                    rows = [[round(v, 9) if isinstance(v, float) else v for v in row] for row in rows if row[-2] != 0]
                evidence = table == "articles" and db.execute("SELECT rowid, evidence, event_id FROM event_evidence")
                out.write(json.dumps({table: sorted(map(repr, map(tuple, rows)))}) + "\n")
                if evidence:  # the full-text index's own rows, with their rowids
                    out.write(json.dumps({"event_evidence": sorted(map(repr, map(tuple, evidence.fetchall())))}) + "\n")
        store.close()
    print(f"every table's rows: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench store_writes", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--events", type=int, default=20_000, help="events to write (default 20,000)")
    parser.add_argument(
        "--articles", type=int, default=200, help="synthetic articles extracted for the pool (default 200)"
    )
    parser.add_argument(
        "--batch", type=int, default=64, help="articles per write_results call (default 64, as ingest)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="alternating rounds; each variant's best is kept"
    )
    parser.add_argument(
        "--variants",
        default=",".join(VARIANTS),
        help=f"comma-separated, from: {', '.join(VARIANTS)} (default all)",
    )
    parser.add_argument("--cache", type=Path, help="pickle file keeping the extracted pool between runs")
    parser.add_argument("--dump", type=Path, help="also write every table's rows after an 'as is' write to this file")
    parser.add_argument(
        "--statements", action="store_true", help="also list the most run statements per variant"
    )
    args, _ = parser.parse_known_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        raise SystemExit(f"--variants: unknown {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")

    import tacitus

    pool = extracted_pool(args.articles, args.cache)
    from tacitus.records import Actor
    from tacitus.store import actor_key

    actor_key(Actor("Warm Up", "person", "USA"))  # loads the name models once, before any timing
    batches = batches_of(pool, args.events, args.batch)
    print(f"{machine()}; tacitus from {Path(tacitus.__file__).parent}", flush=True)
    best: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="tacitus-writes-") as scratch:
        for round_ in range(max(1, args.repeat)):
            for variant in variants:
                figures = measure(batches, variant, Path(scratch), count=round_ == 0)
                if variant in best:
                    figures = dataclasses.replace(figures, statements=best[variant].statements, calls=best[variant].calls,
                                                  starts=best[variant].starts, top=best[variant].top)  # fmt: skip
                if variant not in best or figures.cpu < best[variant].cpu:
                    best[variant] = figures
    rows = []
    for variant in variants:
        f = best[variant]
        rows.append((
            variant, f"{f.events_written:,}", f"{f.events_stored:,}", f"{f.articles:,}", f"{f.seconds:.2f}",
            f"{f.cpu:.2f}", f"{1e6 * f.seconds / f.events_written:.0f}", f"{1e6 * f.cpu / f.events_written:.0f}", f"{1e3 * f.seconds / f.articles:.2f}",
            f"{f.calls / f.events_written:.2f}", f"{f.statements / f.events_written:.1f}",
            f"{f.starts / f.events_written:.1f}",
        ))  # fmt: skip
    print_table(
        [
            "store",
            "events",
            "stored",
            "articles",
            "write s",
            "CPU s",
            "us/event",
            "CPU us/event",
            "ms/article",
            "calls/event",
            "statements/event",
            "with triggers",
        ],
        rows,
    )
    if args.statements:
        for variant in variants:
            print(f"\n{variant}: most run statements (per event)")
            for sql, n in best[variant].top:
                print(f"  {n / best[variant].events_written:6.2f}  {sql}")
    if args.dump:
        dump(batches, args.dump)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
