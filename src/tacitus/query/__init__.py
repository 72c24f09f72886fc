"""Questions and answers: the Python query API over a Tacitus store.

Every function takes a :class:`~tacitus.store.Store` (or use :func:`open_database` for a
:class:`Database` object with the same functions as methods) and returns a pandas DataFrame
(or a small dataclass). Filtering, grouping and counting run in SQLite with parameterised SQL;
Python only shapes the page of rows that comes back.

Actors are named the way a user thinks of them; :func:`resolve_actor` decides what a
reference means:

* a number: the stored actor with that id;
* a country code (``IRN``) or a country's name (``Iran``): every actor of that country;
* an actor code (``IRNGOV``, ``IGOUNO``): every actor coded so (persons included);
* a person's or organisation's name or alias (``Raisi``, ``Ebrahim Raisi``): that actor.

Events are chosen by one :class:`EventFilter` (or its fields as keyword arguments).

>>> import tacitus.query as q                                   # doctest: +SKIP
>>> db = q.open_database("tacitus.db")                          # doctest: +SKIP
>>> db.events(dyad=("IRN", "CHN"), start="2022-01-01")         # doctest: +SKIP
>>> db.dyad_series("IRN", "CHN", freq="month")                  # doctest: +SKIP

One module per question; this package re-exports their public names:

=================  ==============================================================================
module             question
=================  ==============================================================================
``references``     what an actor reference denotes (:func:`resolve_actor`)
``filters``        which events: :class:`EventFilter`, its fields, checks and SQL
``event_rows``     the events themselves, a page at a time, and how many (:func:`events`)
``timelines``      one actor's (or two actors') events as summary lines, Markdown or HTML
``series``         a dyad per period (:func:`dyad_series`, :func:`dyad_totals`)
``plots``          a dyad series drawn (:func:`plot_dyad`)
``profiles``       who an actor is and what it did (:func:`actor_profile`)
``actor_search``   actors by name, alias or code, busiest first (:func:`actors`)
``articles``       full-text article search (:func:`search_articles`)
``networks``       who acts on whom (:func:`network`, :func:`centrality`)
``overview``       what the database holds (:func:`stats`)
``tally_counts``   events per QuadClass, root, country, actor, from the running tallies
``sql``            shared SQL building blocks
=================  ==============================================================================
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Self, Unpack

import networkx as nx
import pandas as pd

from tacitus.errors import UnknownActorSuggestionError
from tacitus.query.actor_search import actors
from tacitus.query.articles import COMMON_ARTICLE_ROWS, search_articles
from tacitus.query.event_rows import COMMON_COUNTRY_SHARE, EVENT_COLUMNS, ORDERS, count_events, events
from tacitus.query.filters import (
    COMMON_TEXT_ROWS,
    QUAD_CLASS_COLUMNS,
    EventFilter,
    FilterKeywords,
    FilterSpec,
    WebParameter,
    dyad_condition,
    filter_specs,
)
from tacitus.query.networks import (
    BETWEENNESS_SAMPLE,
    DEFAULT_NETWORK_TOP,
    centrality,
    graph_records,
    network,
    write_graph,
)
from tacitus.query.overview import STATS_TALLIES, stats
from tacitus.query.plots import plot_dyad
from tacitus.query.profiles import MIX_COLUMNS, ActorProfile, actor_profile
from tacitus.query.references import ActorRef, country_names, describe_actor, resolve_actor
from tacitus.query.series import FREQUENCIES, dyad_series, dyad_totals
from tacitus.query.timelines import SUMMARY_VERBS_FILE, render_timeline, summarize, timeline, verb_phrase
from tacitus.store import Store
from tacitus.tallies import refresh_evidence_index, refresh_tallies

__all__ = [
    "BETWEENNESS_SAMPLE",
    "COMMON_ARTICLE_ROWS",
    "COMMON_COUNTRY_SHARE",
    "COMMON_TEXT_ROWS",
    "DEFAULT_NETWORK_TOP",
    "EVENT_COLUMNS",
    "FREQUENCIES",
    "MIX_COLUMNS",
    "ORDERS",
    "QUAD_CLASS_COLUMNS",
    "STATS_TALLIES",
    "SUMMARY_VERBS_FILE",
    "ActorProfile",
    "ActorRef",
    "Database",
    "EventFilter",
    "FilterKeywords",
    "FilterSpec",
    "UnknownActorSuggestionError",
    "WebParameter",
    "actor_profile",
    "actors",
    "centrality",
    "count_events",
    "country_names",
    "describe_actor",
    "dyad_condition",
    "dyad_series",
    "dyad_totals",
    "events",
    "filter_specs",
    "graph_records",
    "network",
    "open_database",
    "plot_dyad",
    "refresh_evidence_index",
    "refresh_tallies",
    "render_timeline",
    "resolve_actor",
    "search_articles",
    "stats",
    "summarize",
    "timeline",
    "verb_phrase",
    "write_graph",
]


class Database:
    """A Tacitus database opened for questions: every query function as a method.

    >>> db = open_database("tacitus.db")            # doctest: +SKIP
    >>> db.timeline("Raisi").summary.tolist()        # doctest: +SKIP
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def events(
        self,
        filters: EventFilter | None = None,
        /,
        *,
        order: str = "date",
        limit: int | None = 100,
        offset: int = 0,
        **criteria: Unpack[FilterKeywords],
    ) -> pd.DataFrame:
        return events(self.store, filters, order=order, limit=limit, offset=offset, **criteria)

    def count_events(
        self, filters: EventFilter | None = None, /, *, cap: int | None = None, **criteria: Unpack[FilterKeywords]
    ) -> int:
        return count_events(self.store, filters, cap=cap, **criteria)

    def timeline(self, actor: str | int, actor2: str | int | None = None, **options: Any) -> pd.DataFrame:
        return timeline(self.store, actor, actor2, **options)

    def dyad_series(self, a: str | int, b: str | int, freq: str = "month", directed: bool = False, **options: Any) -> pd.DataFrame:
        return dyad_series(self.store, a, b, freq, directed, **options)

    def actor_profile(self, name: str | int, **options: Any) -> ActorProfile:
        return actor_profile(self.store, name, **options)

    def actors(self, search: str | None = None, **options: Any) -> pd.DataFrame:
        return actors(self.store, search, **options)

    def network(self, start: str | dt.date | None = None, end: str | dt.date | None = None, level: str = "actor", **options: Any) -> nx.DiGraph:
        return network(self.store, start, end, level, **options)

    def search_articles(self, text: str | None = None, **options: Any) -> pd.DataFrame:
        return search_articles(self.store, text, **options)

    def stats(self) -> dict[str, Any]:
        return stats(self.store)

    def resolve_actor(self, reference: str | int) -> ActorRef:
        return resolve_actor(self.store, reference)


def open_database(path: str | Path = "tacitus.db", *, read_only: bool = True) -> Database:
    """Open a Tacitus database for queries (read-only by default, so it never blocks an ingest)."""
    return Database(Store(path, read_only=read_only))
