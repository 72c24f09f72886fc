"""The store's derived tables, recounted: running tallies and the evidence index.

Triggers keep ``event_tallies`` (schema 4), ``profile_tallies``, ``partner_tallies`` and
``event_evidence`` (schema 6) right for everything written through the store. A bulk load
that dropped those triggers for speed (``bench/query_latency.py`` does) recounts them here.

How each table is counted is said once, by the ``INSERT ... SELECT`` with which its migration
fills it from existing rows; :func:`fill_statements` reads those statements and
:func:`tally_queries` splits the ``event_tallies`` one into one query per dimension, which
:mod:`tacitus.query` runs (along an index) on a store whose tallies cannot be trusted.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache

from tacitus.errors import StoreError
from tacitus.schema import migrations, sql_statements

# The index that answers each dimension of ``event_tallies`` when it is counted from the events.
TALLY_INDEXES: dict[str, str] = {
    "quad_class": "events_quad",
    "cameo_root": "events_cameo",
    "source_country": "events_dyad",
    "target_country": "events_target_dyad",
    "within_country": "events_dyad",
    "source_actor": "events_pair",
    "target_actor": "events_target_pair",
    "country_pair": "events_dyad",
}


@cache
def fill_statements() -> dict[str, str]:
    """table -> the ``INSERT ... SELECT`` with which a migration fills it from existing rows (the
    migration script stays the one place that says how a derived table is counted)."""
    out: dict[str, str] = {}
    for _, script in migrations():
        for statement in sql_statements(script):
            body = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--")).strip()
            found = re.match(r"INSERT INTO (\w+)", body)
            if found:
                out[found.group(1)] = body
    return out


@cache
def tally_queries() -> dict[str, tuple[str, str]]:
    """dimension -> (index, query): how each dimension of ``event_tallies`` is counted from the
    events, as rows of (value, events, Goldstein sum). ``{hint}`` in the query stands where an
    ``INDEXED BY`` clause may go. Split from the migration's fill statement, one ``UNION ALL``
    part per dimension."""
    fill = fill_statements()["event_tallies"]
    selects = fill.split("\n", 1)[1]  # after "INSERT INTO event_tallies (...)"
    out: dict[str, tuple[str, str]] = {}
    for part in re.split(r"\bUNION ALL\b", selects):
        found = re.fullmatch(r"\s*SELECT '(\w+)', (.+?)\s+FROM events\b(.*)", part, re.DOTALL)
        if found is None or found[1] not in TALLY_INDEXES:
            raise StoreError(f"the event_tallies fill statement has a part this Tacitus cannot read: {part.strip()[:80]!r}")
        dimension, columns, rest = found[1], found[2], " ".join(found[3].split())
        out[dimension] = (TALLY_INDEXES[dimension], f"SELECT {columns} FROM events {{hint}} {rest}")
    return out


def refresh_tallies(db: sqlite3.Connection) -> int:
    """Recount ``event_tallies`` (and, from schema 6, ``profile_tallies`` and ``partner_tallies``)
    from the events, in one transaction; returns the rows written.

    For a bulk load that dropped the tally triggers for speed (``bench/query_latency.py`` does);
    the triggers keep the tallies right for everything written through the store.
    """
    with db:
        if _has_table(db, "event_tally_queue"):
            db.execute("DELETE FROM event_tally_queue")  # schema 8: changes not yet folded are in the recount
        return sum(_refill(db, table) for table in ("event_tallies", "profile_tallies", "partner_tallies"))


def refresh_evidence_index(db: sqlite3.Connection) -> int:
    """Rebuild the evidence index ``event_evidence`` (schema 6) from the event sources, in one
    transaction; returns the sources indexed. For a bulk load that dropped its triggers.

    From schema 11 (every store a writer has opened) the index reads its text from
    ``event_sources`` (external content) and FTS5's own ``rebuild`` makes it again."""
    if not _has_table(db, "event_evidence"):
        return 0
    with db:
        db.execute("INSERT INTO event_evidence (event_evidence) VALUES ('rebuild')")
        return int(db.execute("SELECT count(*) FROM event_sources").fetchone()[0])


def _refill(db: sqlite3.Connection, table: str) -> int:
    """Empty ``table`` and fill it again as its migration did; 0 when the store has no such table."""
    if not _has_table(db, table):
        return 0
    db.execute(f"DELETE FROM {table}")
    return db.execute(fill_statements()[table]).rowcount


def _has_table(db: sqlite3.Connection, table: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is not None
