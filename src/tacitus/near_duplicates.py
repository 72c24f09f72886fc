"""Which stored original does a new article nearly copy? An in-memory index over the store.

Two stories are the same when their SimHash fingerprints are at most
:data:`~tacitus.article.NEAR_DUPLICATE_DISTANCE` bits apart *and* they share at least
:data:`~tacitus.article.SAME_STORY_OVERLAP` of their word pairs (:func:`~tacitus.article.same_story`).
Both tests are exact; this module only makes them cheap enough for a store of millions:

1. Every stored original's fingerprint and publication day sit in NumPy arrays (about 40 bytes
   an article with the day order, read once per process and then only the rows added since). A new
   article is compared at once with every original published within
   :data:`~tacitus.article.NEAR_DUPLICATE_DAYS` days of it (a slice of the sorted arrays, plus
   the originals added since they were last sorted): XOR and a bit count, and no fingerprint
   within the distance is ever missed (the banded SQL index this replaces caught 86 % of the
   pairs 12 bits apart). The work per article depends on how many stories a store holds for two
   months, not on how many it holds in all (`python -m bench near_copy_lookup`: 0.12 ms an article
   at a million stored over seven years, where the scan of the whole store took 2.5 ms).
2. Fingerprints are a loose filter on templated news ("The foreign minister of X met ..."):
   among 20,000 synthetic stories about 100 stored ones per article were within 12 bits. Each
   such candidate gets a MinHash :func:`sketch` (64 minima of the word-pair hashes, computed
   once per process from the stored text) whose share of equal minima estimates the word-pair
   overlap; only candidates estimated at :data:`SKETCH_MARGIN` below the threshold or above are
   compared exactly. With 64 minima the estimate's standard deviation is at most 0.0625, so a
   pair that truly shares half its word pairs is dropped with a chance of about 1 in 1,500, and
   real copies (80 % and more) never.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping

import numpy as np

from tacitus.article import (
    NEAR_DUPLICATE_DAYS,
    NEAR_DUPLICATE_DISTANCE,
    SAME_STORY_OVERLAP,
    same_story,
    shingle_hashes,
    shingles,
)

SKETCH_SIZE = 64
UNSORTED_LIMIT = 4096  # originals added since the last sort, scanned one by one, before sorting again
SKETCH_MARGIN = 0.2
_MULTIPLIERS = np.random.default_rng(20261123).integers(1, 2**63, size=SKETCH_SIZE, dtype=np.uint64) | 1


def sketch(text: str | set[str]) -> np.ndarray:
    """A MinHash sketch of ``text``'s word pairs (or of its :func:`~tacitus.article.shingles`):
    for each of 64 multiply-shift hash functions, the least value."""
    hashes = shingle_hashes(text)
    with np.errstate(over="ignore"):
        mixed = (_MULTIPLIERS[:, None] * hashes[None, :]) >> np.uint64(32)
    return mixed.min(axis=1).astype(np.uint32)


def estimated_overlap(sketch_a: np.ndarray, sketches: np.ndarray) -> np.ndarray:
    """The word-pair overlap (Jaccard) of one text with each of several, estimated from sketches."""
    return (sketches == sketch_a).mean(axis=-1)


class NearDuplicateIndex:
    """The fingerprints of a store's originals (articles that are not near-copies themselves)."""

    def __init__(self) -> None:
        self._rowids = np.empty(0, dtype=np.int64)
        self._fingerprints = np.empty(0, dtype=np.uint64)
        self._days = np.empty(0, dtype=np.int64)  # publication dates as proleptic ordinals
        self._sorted = 0  # the first _sorted originals are in _by_day, by day; the rest are scanned
        self._by_day = np.empty(0, dtype=np.int64)
        self._sorted_days = np.empty(0, dtype=np.int64)
        self._sorted_fingerprints = np.empty(0, dtype=np.uint64)  # in day order: a window is one slice
        self._last_rowid = 0
        self._sketches: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._rowids)

    def refresh(self, db: sqlite3.Connection) -> None:
        """Add the originals stored since the last call (by this process or any other)."""
        rows = db.execute(
            "SELECT rowid, fingerprint, duplicate_of IS NULL, pub_date FROM articles WHERE rowid > ? ORDER BY rowid",
            (self._last_rowid,),
        ).fetchall()
        if not rows:
            return
        self._last_rowid = rows[-1][0]
        kept = [
            (rowid, int(value, 16), _day_number(pub_date))
            for rowid, value, original, pub_date in rows
            if original and _is_hex64(value)
        ]
        if kept:
            rowids, values, days = zip(*kept, strict=True)
            self._rowids = np.concatenate([self._rowids, np.array(rowids, dtype=np.int64)])
            self._fingerprints = np.concatenate([self._fingerprints, np.array(values, dtype=np.uint64)])
            self._days = np.concatenate([self._days, np.array(days, dtype=np.int64)])
            if len(self._days) - self._sorted > max(UNSORTED_LIMIT, self._sorted // 8):
                self._by_day = np.argsort(self._days, kind="stable")
                self._sorted_days = self._days[self._by_day]
                self._sorted_fingerprints = self._fingerprints[self._by_day]
                self._sorted = len(self._days)

    def within_distance(self, value: int, day: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """The positions of the originals published within NEAR_DUPLICATE_DAYS of ``day`` whose
        fingerprints are at most NEAR_DUPLICATE_DISTANCE bits from ``value``, and those distances."""
        ordinal, query = day.toordinal(), np.uint64(value)
        first = int(np.searchsorted(self._sorted_days, ordinal - NEAR_DUPLICATE_DAYS, side="left"))
        last = int(np.searchsorted(self._sorted_days, ordinal + NEAR_DUPLICATE_DAYS, side="right"))
        in_window = np.bitwise_count(self._sorted_fingerprints[first:last] ^ query)
        close = np.flatnonzero(in_window <= NEAR_DUPLICATE_DISTANCE)
        unsorted = np.arange(self._sorted, len(self._days))
        unsorted = unsorted[np.abs(self._days[unsorted] - ordinal) <= NEAR_DUPLICATE_DAYS]
        recent = np.bitwise_count(self._fingerprints[unsorted] ^ query)
        also = np.flatnonzero(recent <= NEAR_DUPLICATE_DISTANCE)
        positions = np.concatenate([self._by_day[first + close], unsorted[also]])
        return positions, np.concatenate([in_window[close], recent[also]])

    def find(
        self,
        db: sqlite3.Connection,
        fingerprints: Mapping[str, str],
        texts: Mapping[str, str],
        dates: Mapping[str, dt.date],
    ) -> dict[str, str]:
        """For each article (id -> fingerprint, text, publication date), the id of the stored original it nearly copies.

        Among several, the earliest published (then the smallest id): a choice that does not
        depend on the order they were stored in.
        """
        return {article: found[0][1] for article, found in self.find_all(db, fingerprints, texts, dates).items()}

    def find_all(
        self,
        db: sqlite3.Connection,
        fingerprints: Mapping[str, str],
        texts: Mapping[str, str],
        dates: Mapping[str, dt.date],
    ) -> dict[str, list[tuple[str, str]]]:
        """For each article, every stored original it nearly copies, as (publication date, id), sorted.

        Originals demoted since they were indexed (``duplicate_of`` set) are passed over.
        """
        self.refresh(db)
        near: dict[str, list[tuple[int, int]]] = {}
        for article, value in fingerprints.items():
            hits, distances = self.within_distance(int(value, 16), dates[article])
            if len(hits):
                near[article] = sorted(zip(distances.tolist(), self._rowids[hits].tolist(), strict=True))
        if not near:
            return {}
        self._sketch_stored(db, {rowid for found in near.values() for _, rowid in found})
        own = {article: shingles(texts[article]) for article in near}
        likely: dict[str, list[int]] = {}
        for article, found in near.items():
            rowids = [rowid for _, rowid in found if rowid in self._sketches]  # a row gone: rolled back
            if not rowids:
                continue
            estimates = estimated_overlap(sketch(own[article]), np.stack([self._sketches[r] for r in rowids]))
            likely[article] = [
                r for r, e in zip(rowids, estimates, strict=True) if e >= SAME_STORY_OVERLAP - SKETCH_MARGIN
            ]
        wanted = sorted({rowid for rowids in likely.values() for rowid in rowids})
        stored = dict(_select_by_rowid(db, "id, text, pub_date, duplicate_of IS NULL", wanted))
        confirmed: dict[str, list[tuple[str, str]]] = {}
        for article, rowids in likely.items():
            for rowid in rowids:
                if rowid not in stored:  # rolled back since the sketch was made
                    continue
                original_id, original_text, pub_date, is_original = stored[rowid]
                if is_original and original_id != article and same_story(own[article], original_text):
                    confirmed.setdefault(article, []).append((pub_date, original_id))
            if article in confirmed:
                confirmed[article].sort()
        return confirmed

    def _sketch_stored(self, db: sqlite3.Connection, rowids: set[int]) -> None:
        missing = sorted(rowids - self._sketches.keys())
        for rowid, (text,) in _select_by_rowid(db, "text", missing):
            self._sketches[rowid] = sketch(text)


def _select_by_rowid(db: sqlite3.Connection, columns: str, rowids: list[int]) -> list[tuple[int, tuple]]:
    found: list[tuple[int, tuple]] = []
    for i in range(0, len(rowids), 500):
        chunk = rowids[i : i + 500]
        rows = db.execute(
            f"SELECT rowid, {columns} FROM articles WHERE rowid IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall()
        found += [(row[0], tuple(row[1:])) for row in rows]
    return found


def _day_number(iso_date: str) -> int:
    """A stored publication date (ISO) as a day number; one that cannot be read is never within the window."""
    try:
        return dt.date.fromisoformat(iso_date).toordinal()
    except (TypeError, ValueError):
        return -(10**9)


def _is_hex64(value: str | None) -> bool:
    return value is not None and len(value) == 16 and all(c in "0123456789abcdefABCDEF" for c in value)
