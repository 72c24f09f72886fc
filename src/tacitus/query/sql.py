"""SQL building blocks shared by the questions: a growing WHERE clause, literal LIKE patterns,
and what the store has (tables and indexes of later schemas) to answer quickly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tacitus.store import Store


@dataclass
class Where:
    """A growing list of SQL conditions and their parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"


def like_literal(text: str) -> str:
    """``text`` for a ``LIKE ... ESCAPE '\\'`` pattern, its ``%`` and ``_`` taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def has_table(store: Store, table: str) -> bool:
    row = store.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return row is not None


def indexed(store: Store, index: str) -> str:
    """``INDEXED BY index`` when the store has it (schema 4 and later), else nothing."""
    return f"INDEXED BY {index}" if has_index(store, index) else ""


def has_index(store: Store, index: str) -> bool:
    row = store.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)).fetchone()
    return row is not None
