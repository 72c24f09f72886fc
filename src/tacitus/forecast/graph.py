"""Temporal knowledge graphs: quadruples (subject, relation, object, time) read from a TKG folder or
a Tacitus store, and the per-subject history that forecasting models read.

A TKG folder has the ICEWS14 layout (``train.txt``, ``valid.txt``, ``test.txt``: one fact per line,
``subject_id<TAB>relation_id<TAB>object_id<TAB>time[<TAB>...]``; ``entity2id.txt`` and
``relation2id.txt``: ``name<TAB>id``). ``tacitus export --format tkg`` writes one. Times are
divided by their common step (24 hours in ICEWS14), so a time unit is one day.

Every fact (s, r, o, t) also gives the reverse fact (o, r + R, s, t), R being the number of
relations: the reverse query "who did r to o?" is the query (o, r + R, ?, t).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tacitus import codebook
from tacitus.errors import InputError, QueryError
from tacitus.store import Store

SPLITS = ("train", "valid", "test")


@dataclass
class TemporalGraph:
    """Facts split by time into train / valid / test, as int64 arrays of shape (n, 4): s, r, o, t.

    ``t`` counts time units (days) from the first fact; ``origin`` names day 0 when known.
    """

    entities: list[str]
    relations: list[str]
    train: np.ndarray
    valid: np.ndarray
    test: np.ndarray
    origin: dt.date | None = None

    @property
    def num_entities(self) -> int:
        return len(self.entities)

    @property
    def num_relations(self) -> int:
        """Relations without their reverses (the model sees twice as many)."""
        return len(self.relations)

    def split(self, name: str) -> np.ndarray:
        if name not in SPLITS:
            raise QueryError(f"unknown split {name!r}; use one of {', '.join(SPLITS)}")
        facts: np.ndarray = getattr(self, name)
        return facts

    def all_facts(self) -> np.ndarray:
        return np.concatenate([self.train, self.valid, self.test])

    def entity_id(self, name: str) -> int:
        """The id of an entity given by name (case-insensitive) or by id."""
        return _lookup(name, self.entities, "entity")

    def relation_id(self, name: str) -> int:
        return _lookup(name, self.relations, "relation")

    def time_index(self, when: str | int | None) -> int | None:
        """A day index from an index or, when day 0 is known (a store), an ISO date."""
        if when is None:
            return None
        text = str(when).strip()
        if text.lstrip("-").isdigit():
            return int(text)
        if self.origin is None:
            raise QueryError(f"--at {text!r}: this graph's days have no dates; give a day index")
        try:
            return (dt.date.fromisoformat(text) - self.origin).days
        except ValueError:
            raise QueryError(f"--at {text!r}: not a date (YYYY-MM-DD) or a day index") from None

    def relation_name(self, relation: int) -> str:
        if relation < self.num_relations:
            return self.relations[relation]
        return f"{self.relations[relation - self.num_relations]} (reverse)"


def _lookup(name: str, names: list[str], what: str) -> int:
    """By id, by exact name (case and ``_``/space ignored), or by one part of a "name (CODE)" or
    "CODE name" label (a store's entities and relations)."""
    text = str(name).strip()
    if text.isdigit() and int(text) < len(names) and not any(n.split(" ")[0] == text for n in names):
        return int(text)

    def fold(value: str) -> str:
        return value.casefold().replace("_", " ").strip()

    wanted = fold(text)
    for test in (
        lambda label: fold(label) == wanted,
        lambda label: fold(label.rsplit(" (", 1)[0]) == wanted or fold(label.rsplit(" (", 1)[-1].rstrip(")")) == wanted,
        lambda label: fold(label.split(" ", 1)[0]) == wanted or fold(label.split(" ", 1)[-1]) == wanted,
    ):
        found = [index for index, label in enumerate(names) if test(label)]
        if found:
            return found[0]
    close = [n for n in names if wanted in fold(n)][:3]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise QueryError(f"no {what} named {name!r} in the graph{hint}")


def with_reverses(facts: np.ndarray, num_relations: int) -> np.ndarray:
    """``facts`` followed by their reverses (o, r + R, s, t)."""
    reverse = facts[:, [2, 1, 0, 3]].copy()
    reverse[:, 1] += num_relations
    return np.concatenate([facts, reverse])


# -- reading ---------------------------------------------------------------------------------------


def load_tkg(folder: str | Path) -> TemporalGraph:
    """Read a TKG folder (ICEWS14 layout). Missing valid/test files count as empty splits."""
    root = Path(folder)
    if not (root / "train.txt").is_file():
        raise InputError(str(root), "no train.txt here; a TKG folder holds train.txt, valid.txt, test.txt")
    raw = {name: _read_facts(root / f"{name}.txt") for name in SPLITS}
    everything = np.concatenate(list(raw.values()))
    times = np.unique(everything[:, 3]) if len(everything) else np.zeros(1, dtype=np.int64)
    step = int(np.gcd.reduce(np.diff(times))) if len(times) > 1 else 1
    start = int(times.min())
    for facts in raw.values():
        facts[:, 3] = (facts[:, 3] - start) // max(step, 1)
    entities = _read_names(root / "entity2id.txt", int(everything[:, [0, 2]].max()) + 1 if len(everything) else 0)
    relations = _read_names(root / "relation2id.txt", int(everything[:, 1].max()) + 1 if len(everything) else 0)
    return TemporalGraph(entities, relations, raw["train"], raw["valid"], raw["test"])


def _read_facts(path: Path) -> np.ndarray:
    if not path.is_file():
        return np.zeros((0, 4), dtype=np.int64)
    rows: list[tuple[int, int, int, int]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            parts = line.split()
            if not parts:
                continue
            try:
                rows.append((int(parts[0]), int(parts[1]), int(parts[2]), int(parts[3])))
            except (ValueError, IndexError):
                raise InputError(f"{path}:{number}", "expected subject_id relation_id object_id time (integers)")
    return np.array(rows, dtype=np.int64).reshape(-1, 4)


def _read_names(path: Path, needed: int) -> list[str]:
    """id -> name from ``name<TAB>id`` lines; ids without a name are named by their number."""
    names = [str(i) for i in range(needed)]
    if not path.is_file():
        return names
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            name, _, index = line.rstrip("\n").rpartition("\t")
            if not name or not index.strip().isdigit():
                raise InputError(f"{path}:{number}", "expected name<TAB>id")
            position = int(index)
            names.extend(str(i) for i in range(len(names), position + 1))
            names[position] = name
    return names


def graph_from_store(store: Store, *, valid_days: int = 0, test_days: int = 0) -> TemporalGraph:
    """The store's dyadic events as a TKG: entities are stored actors, relations CAMEO codes.

    Events without a target are left out. The last ``test_days`` days form the test split and
    the ``valid_days`` before them the valid split (both empty by default: all is history).
    """
    rows = store.db.execute(
        "SELECT e.source_actor_id, e.cameo_code, e.target_actor_id, e.date FROM events e"
        " WHERE e.target_actor_id IS NOT NULL ORDER BY e.date"
    ).fetchall()
    actor_rows = store.db.execute("SELECT id, name, code FROM actors ORDER BY id").fetchall()
    actor_index = {row[0]: i for i, row in enumerate(actor_rows)}
    entities = [f"{row[1]} ({row[2]})" for row in actor_rows]
    codes = sorted({row[1] for row in rows})
    relation_index = {code: i for i, code in enumerate(codes)}
    relations = [_relation_label(code) for code in codes]
    if not rows:
        empty = np.zeros((0, 4), dtype=np.int64)
        return TemporalGraph(entities, relations, empty, empty.copy(), empty.copy())
    origin = dt.date.fromisoformat(rows[0][3][:10])
    facts = np.array(
        [
            (actor_index[s], relation_index[c], actor_index[o], (dt.date.fromisoformat(d[:10]) - origin).days)
            for s, c, o, d in rows
        ],
        dtype=np.int64,
    )
    last = int(facts[:, 3].max())
    test_from = last + 1 - test_days
    valid_from = test_from - valid_days
    train = facts[facts[:, 3] < valid_from]
    valid = facts[(facts[:, 3] >= valid_from) & (facts[:, 3] < test_from)]
    test = facts[facts[:, 3] >= test_from]
    return TemporalGraph(entities, relations, train, valid, test, origin)


def _relation_label(code: str) -> str:
    """``"042 Make a visit"``-like: the CAMEO code and its name (the code alone if unknown)."""
    if codebook.is_cameo_code(code):
        return f"{code} {codebook.cameo(code).name}"
    return code


# -- history ---------------------------------------------------------------------------------------


@dataclass
class History:
    """Known facts (with reverses), sorted by subject then time, for quick per-subject look-ups."""

    num_entities: int
    num_relations: int  # with reverses: 2 R
    relation: np.ndarray
    object: np.ndarray
    time: np.ndarray
    starts: np.ndarray  # starts[s] .. starts[s + 1]: the facts of subject s
    facts: np.ndarray = field(repr=False)  # the same facts, (n, 4), sorted by time

    @classmethod
    def of(cls, facts: np.ndarray, num_entities: int, num_relations: int) -> History:
        """History over ``facts`` (without reverses; they are added here)."""
        both = with_reverses(facts, num_relations)
        order = np.lexsort((both[:, 3], both[:, 0]))
        ordered = both[order]
        starts = np.searchsorted(ordered[:, 0], np.arange(num_entities + 1))
        by_time = both[np.argsort(both[:, 3], kind="stable")]
        return cls(
            num_entities,
            2 * num_relations,
            ordered[:, 1].copy(),
            ordered[:, 2].copy(),
            ordered[:, 3].copy(),
            starts,
            by_time,
        )

    def of_subject(self, subject: int, before: float = math.inf) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(relations, objects, times) of the facts of ``subject`` earlier than ``before``."""
        first, last = int(self.starts[subject]), int(self.starts[subject + 1])
        times = self.time[first:last]
        if before != math.inf:
            last = first + int(np.searchsorted(times, before, side="left"))
        return self.relation[first:last], self.object[first:last], self.time[first:last]


class Popularity:
    """Decayed counts of (relation, object) and of objects over all facts seen so far.

    Advanced in time order: ``advance(t)`` folds in every fact earlier than ``t``. Object
    popularity for relation r is what a query (?, r, ?) most often ended in lately.
    """

    def __init__(self, history: History, decay: float) -> None:
        self.history = history
        self.decay = decay
        self.by_relation = np.zeros((history.num_relations, history.num_entities), dtype=np.float64)
        self.by_object = np.zeros(history.num_entities, dtype=np.float64)
        self.now = -math.inf
        self.position = 0

    def advance(self, time: int) -> None:
        if time < self.now:
            raise QueryError("popularity counts only move forward in time; sort the queries by time")
        facts = self.history.facts
        end = int(np.searchsorted(facts[:, 3], time, side="left"))
        if self.now != -math.inf and time > self.now:
            factor = self.decay ** (time - self.now)
            self.by_relation *= factor
            self.by_object *= factor
        if end > self.position:
            chunk = facts[self.position : end]
            weights = self.decay ** (time - chunk[:, 3]).astype(np.float64)
            np.add.at(self.by_relation, (chunk[:, 1], chunk[:, 2]), weights)
            self.by_object += np.bincount(chunk[:, 2], weights, minlength=self.history.num_entities)
            self.position = end
        self.now = time
