"""Tacitus: structured political event data (CAMEO, PLOVER) from dated news articles.

The public Python API::

    import tacitus
    store = tacitus.open_store("tacitus.db")
"""

from __future__ import annotations

from tacitus.records import Actor, Article, ArticleResult, Event, IngestReport, Mention, Place, Provenance, Reject
from tacitus.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "Event",
    "IngestReport",
    "Mention",
    "Place",
    "Provenance",
    "Reject",
    "Store",
    "open_store",
    "__version__",
]
