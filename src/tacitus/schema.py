"""The store's schema as shipped: the numbered migration scripts and their statements.

:mod:`tacitus.store` applies them; :mod:`tacitus.tallies` reads from them how each derived
table (tallies, evidence index) is filled, so that a recount and a migration say it once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from importlib import resources

from tacitus.errors import StoreError


def migrations() -> list[tuple[int, str]]:
    """The schema migrations shipped in tacitus/migrations, as (version, sql), in order."""
    folder = resources.files("tacitus") / "migrations"
    scripts = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            scripts.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(scripts)


def sql_statements(script: str) -> Iterator[str]:
    """The complete SQL statements of ``script`` (triggers with their ``BEGIN ... END`` whole)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if any(line.strip() and not line.lstrip().startswith("--") for line in buffer.splitlines()):
        raise StoreError(f"unfinished SQL statement at the end of a migration: {buffer.strip()[:80]!r}")
