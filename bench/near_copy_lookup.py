"""What the near-copy lookup costs an article as the store grows (issue 15: nothing may grow with the store).

Builds stores of 10,000, 100,000 and 1,000,000 originals (only the columns the lookup reads:
random 64-bit fingerprints, publication dates spread over seven years as in the scaling
benchmark's stories), then times :meth:`tacitus.near_duplicates.NearDuplicateIndex.find_all` for
``--queries`` new articles of random dates, none of them a copy (the common case; a copy adds
one exact word-pair comparison). Two ways, alternating, ``--repeat`` rounds, medians:

- ``window``: the lookup as ingest runs it, among the originals published within
  ``NEAR_DUPLICATE_DAYS`` of the new article;
- ``whole store``: every stored original compared, as the lookup did before the window (December
  2026): XOR and a bit count over the array of all stored fingerprints.

    python -m bench near_copy_lookup
    python -m bench near_copy_lookup --sizes 10000,1000000 --queries 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import machine, print_table
from tacitus.article import NEAR_DUPLICATE_DISTANCE
from tacitus.near_duplicates import NearDuplicateIndex

SIZES = (10_000, 100_000, 1_000_000)
FIRST_DAY = dt.date(2018, 1, 1)
DAYS = 7 * 365


def build(path: Path, size: int, *, seed: int = 0) -> None:
    """A database with ``size`` originals (rowid, fingerprint, publication date) as the lookup reads them."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 2**63, size=size, dtype=np.uint64) * np.uint64(2) + rng.integers(0, 2, size=size, dtype=np.uint64)
    days = rng.integers(0, DAYS, size=size)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE articles (id TEXT, text TEXT, fingerprint TEXT, duplicate_of TEXT, pub_date TEXT)")
    db.executemany(
        "INSERT INTO articles VALUES (?, '', ?, NULL, ?)",
        (
            (f"a{i}", f"{int(value):016x}", (FIRST_DAY + dt.timedelta(days=int(day))).isoformat())
            for i, (value, day) in enumerate(zip(values, days, strict=True))
        ),
    )
    db.commit()
    db.close()


def time_lookup(path: Path, queries: int, *, whole_store: bool, seed: int) -> float:
    """Milliseconds an article for ``queries`` lookups (the index read from the database first, not timed)."""
    rng = np.random.default_rng(seed)
    db = sqlite3.connect(path)
    index = NearDuplicateIndex()
    index.refresh(db)
    fingerprints = {f"q{i}": f"{int(v):016x}" for i, v in enumerate(rng.integers(0, 2**63, size=queries, dtype=np.uint64))}
    days = rng.integers(0, DAYS, size=queries)
    dates = {key: FIRST_DAY + dt.timedelta(days=int(day)) for key, day in zip(fingerprints, days, strict=True)}
    texts = dict.fromkeys(fingerprints, "")
    started = time.perf_counter()
    if whole_store:  # the lookup before the window, on the same arrays
        stored = index._fingerprints  # the former scan of them all
        for value in fingerprints.values():
            distances = np.bitwise_count(stored ^ np.uint64(int(value, 16)))
            np.flatnonzero(distances <= NEAR_DUPLICATE_DISTANCE)
    else:
        index.find_all(db, fingerprints, texts, dates)
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed / queries * 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench near_copy_lookup")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="stored originals (default 10000,100000,1000000)")
    parser.add_argument("--queries", type=int, default=1000, help="new articles looked up per timing (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="alternating rounds (default 3)")
    args, _ = parser.parse_known_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{machine()}; {dt.date.today().isoformat()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="tacitus-lookup-") as scratch:
        for size in sizes:
            timings: dict[str, list[float]] = {"window": [], "whole store": []}
            path = Path(scratch) / f"store-{size}.db"
            build(path, size)
            for round_ in range(args.repeat):
                for way, found in timings.items():
                    found.append(time_lookup(path, args.queries, whole_store=way == "whole store", seed=round_))
            window, whole = (statistics.median(timings[way]) for way in ("window", "whole store"))
            rows.append((f"{size:,}", f"{window:.3f}", f"{whole:.3f}", f"{whole / window:.1f}"))
            path.unlink()
    print_table(["stored originals", "window ms/article", "whole store ms/article", "ratio"], rows)


if __name__ == "__main__":
    main()
