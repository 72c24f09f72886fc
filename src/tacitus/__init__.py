"""Tacitus: structured political event data (CAMEO, PLOVER) from dated news articles.

The public Python API::

    import tacitus

    store = tacitus.open_store("tacitus.db")               # create or open a database
    report = tacitus.ingest(["examples/corpus"], store)     # read, extract, store
    db = tacitus.open("tacitus.db")                         # read-only, for questions
    db.timeline("Raisi")                                    # pandas DataFrames
    db.dyad_series("IRN", "CHN", freq="month")

Heavy parts (spaCy, pandas) load on first use, not on ``import tacitus``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tacitus.records import (
    Actor,
    Article,
    ArticleResult,
    Event,
    IngestReport,
    Mention,
    Place,
    Provenance,
    Reject,
)
from tacitus.store import Store, open_store

if TYPE_CHECKING:
    from tacitus.ingest import IngestOptions, ingest
    from tacitus.pipeline import extract
    from tacitus.query import Database
    from tacitus.query import open_database as open

__version__ = "0.1.0"

_LAZY = {
    "open": ("tacitus.query", "open_database"),
    "Database": ("tacitus.query", "Database"),
    "ingest": ("tacitus.ingest", "ingest"),
    "IngestOptions": ("tacitus.ingest", "IngestOptions"),
    "extract": ("tacitus.pipeline", "extract"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'tacitus' has no attribute {name!r}")


__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "Database",
    "Event",
    "IngestOptions",
    "IngestReport",
    "Mention",
    "Place",
    "Provenance",
    "Reject",
    "Store",
    "__version__",
    "extract",
    "ingest",
    "open",
    "open_store",
]
