"""Integrity check of a store: every row points at rows that exist, every offset lands in its text.

``tacitus check`` runs :func:`check_store` and exits 1 when it finds a problem. What is checked:

- SQLite's own ``integrity_check`` and ``foreign_key_check``;
- no orphans: events without a source, sources/mentions/sentences/fingerprint bands of articles
  that are not stored, events and mentions naming actors that are not stored;
- provenance: each event source lies inside its sentence, and the sentence inside its article,
  whose text at those offsets is the sentence's text;
- ``duplicate_of`` names a stored article other than itself, which is not itself a duplicate;
- each event's ``num_sources`` is the number of distinct articles among its sources.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from tacitus.store import Store

MAX_PER_CHECK = 50
"""At most this many problems are reported per check (the count says how many there were)."""


@dataclass(frozen=True)
class Problem:
    """One integrity problem: what kind, which row, and what is wrong."""

    check: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.where}: {self.detail}"


# (check name, SQL returning (where, detail) rows)
CHECKS: tuple[tuple[str, str], ...] = (
    (
        "event without source",
        (
            "SELECT 'event ' || e.id, 'no event_sources row' FROM events e"
            " WHERE NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id)"
        ),
    ),
    (
        "orphan source",
        (
            "SELECT 'event ' || s.event_id || ' source ' || s.article_id,"
            " CASE WHEN e.id IS NULL THEN 'event not stored' ELSE 'article not stored' END"
            " FROM event_sources s LEFT JOIN events e ON e.id = s.event_id LEFT JOIN articles a ON a.id = s.article_id"
            " WHERE e.id IS NULL OR a.id IS NULL"
        ),
    ),
    (
        "orphan mention",
        (
            "SELECT 'mention ' || m.article_id || ':' || m.start || '-' || m.end,"
            " CASE WHEN a.id IS NULL THEN 'article not stored' ELSE 'actor ' || m.actor_id || ' not stored' END"
            " FROM mentions m LEFT JOIN articles a ON a.id = m.article_id LEFT JOIN actors x ON x.id = m.actor_id"
            " WHERE a.id IS NULL OR x.id IS NULL"
        ),
    ),
    (
        "orphan sentence",
        (
            "SELECT 'sentence ' || s.article_id || ':' || s.idx, 'article not stored' FROM sentences s"
            " WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)"
        ),
    ),
    (
        "event actor missing",
        (
            "SELECT 'event ' || e.id, 'actor ' || coalesce(e.source_actor_id, 'NULL') || ' or '"
            " || coalesce(e.target_actor_id, 'NULL') || ' not stored' FROM events e"
            " WHERE NOT EXISTS (SELECT 1 FROM actors x WHERE x.id = e.source_actor_id)"
            " OR (e.target_actor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM actors x WHERE x.id = e.target_actor_id))"
        ),
    ),
    (
        "sentence offsets",
        (
            "SELECT 'sentence ' || s.article_id || ':' || s.idx,"
            " 'offsets ' || s.start || '-' || s.end || ' do not hold its text in an article of '"
            " || length(a.text) || ' characters'"
            " FROM sentences s JOIN articles a ON a.id = s.article_id"
            " WHERE s.start < 0 OR s.end < s.start OR s.end > length(a.text)"
            " OR substr(a.text, s.start + 1, s.end - s.start) != s.text"
        ),
    ),
    (
        "provenance offsets",
        (
            "SELECT 'event ' || p.event_id || ' source ' || p.article_id || ':' || p.sentence_idx,"
            " CASE WHEN s.idx IS NULL THEN 'sentence not stored'"
            " ELSE 'span ' || p.start || '-' || p.end || ' is not inside sentence ' || s.start || '-' || s.end END"
            " FROM event_sources p LEFT JOIN sentences s ON s.article_id = p.article_id AND s.idx = p.sentence_idx"
            " WHERE s.idx IS NULL OR p.start < s.start OR p.end > s.end OR p.end < p.start"
        ),
    ),
    (
        "mention offsets",
        (
            "SELECT 'mention ' || m.article_id || ':' || m.start || '-' || m.end,"
            " 'span does not hold ' || quote(m.text) || ' in the article'"
            " FROM mentions m JOIN articles a ON a.id = m.article_id"
            " WHERE m.start < 0 OR m.end < m.start OR m.end > length(a.text)"
        ),
    ),
    (
        "duplicate link",
        (
            "SELECT 'article ' || a.id, CASE WHEN a.duplicate_of = a.id THEN 'duplicate of itself'"
            " WHEN o.id IS NULL THEN 'duplicate_of ' || a.duplicate_of || ' is not stored'"
            " ELSE 'duplicate_of ' || o.id || ', itself a duplicate' END"
            " FROM articles a LEFT JOIN articles o ON o.id = a.duplicate_of"
            " WHERE a.duplicate_of IS NOT NULL AND (o.id IS NULL OR o.id = a.id OR o.duplicate_of IS NOT NULL)"
        ),
    ),
    (
        "source count",
        (
            "SELECT 'event ' || e.id, 'num_sources is ' || e.num_sources || ' but '"
            " || (SELECT count(DISTINCT article_id) FROM event_sources s WHERE s.event_id = e.id)"
            " || ' articles report it' FROM events e"
            " WHERE e.num_sources != (SELECT count(DISTINCT article_id) FROM event_sources s WHERE s.event_id = e.id)"
        ),
    ),
)


def check_store(store: Store) -> list[Problem]:
    """Every integrity problem found in ``store`` (empty when it is sound)."""
    problems: list[Problem] = []
    for message in sorted({str(row[0]) for row in store.db.execute("PRAGMA integrity_check")} - {"ok"}):
        if not _false_not_null_report(store, message):
            problems.append(Problem("sqlite integrity", store.path, message))
    for table, rowid, parent, _ in store.db.execute("PRAGMA foreign_key_check").fetchall()[:MAX_PER_CHECK]:
        problems.append(Problem("foreign key", f"{table} row {rowid}", f"points to a missing {parent} row"))
    for name, sql in CHECKS:
        rows = store.db.execute(sql).fetchall()
        problems += [Problem(name, str(where), str(detail)) for where, detail in rows[:MAX_PER_CHECK]]
        if len(rows) > MAX_PER_CHECK:
            problems.append(Problem(name, "...", f"{len(rows) - MAX_PER_CHECK} more like these"))
    return problems


def _false_not_null_report(store: Store, message: str) -> bool:
    """True for SQLite 3.40's spurious "NULL value in T.C" on WITHOUT ROWID tables (no such NULL exists).

    SQLite 3.40.1 reports it for any NOT NULL column declared before a primary-key column of a
    WITHOUT ROWID table (``actor_aliases.alias``, ``mentions.sentence_idx``); a query settles it.
    """
    match = re.fullmatch(r"NULL value in (\w+)\.(\w+)", message)
    if not match:
        return False
    table, column = match.groups()
    try:
        found = store.db.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NULL').fetchone()[0]
    except sqlite3.Error:
        return False
    return int(found) == 0
