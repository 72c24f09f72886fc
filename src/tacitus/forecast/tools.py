"""Database tools for forecasting agents, in the spirit of the MIRAI benchmark's event-database API.

Each function answers one question an analyst or an LLM agent asks before forecasting, returns
plain JSON-ready values, and is served over HTTP by :mod:`tacitus.forecast.api`:

- :func:`events_between`: the events between two actors in a window;
- :func:`relation_distribution`: how their events split by CAMEO code, root, PLOVER type or QuadClass;
- :func:`code_counts`: how many events of a CAMEO code (or root) or PLOVER type, per period;
- :func:`lookup_actors`: actors by name, alias or code, and what a reference denotes;
- :func:`event_articles`: the articles behind an event, with the evidence sentence of each.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pandas as pd

from tacitus import codebook, query
from tacitus.errors import OptionError, QueryError
from tacitus.query import EventFilter
from tacitus.query.sql import Where
from tacitus.store import Store

GROUPINGS = {
    "cameo": ("e.cameo_code", "cameo_code"),
    "cameo_root": ("e.cameo_root", "cameo_root"),
    "plover": ("e.plover_type", "plover_type"),
    "quad_class": ("e.quad_class", "quad_class"),
}
PERIODS = {
    "day": "e.date",
    "week": "date(e.date, 'weekday 0', '-6 days')",
    "month": "substr(e.date, 1, 7) || '-01'",
    "year": "substr(e.date, 1, 4) || '-01-01'",
}


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _window(
    store: Store,
    a: str | None,
    b: str | None,
    directed: bool,
    start: str | None,
    end: str | None,
    cameo: str | None = None,
    plover: str | None = None,
) -> Where:
    """The events of ``a`` with ``b`` (or of ``a`` alone, or of all) within the dates (of a CAMEO
    code or a PLOVER type), as SQL conditions on table alias ``e``."""
    both = bool(a and b)
    return EventFilter(
        actor=None if both else (a or b or None),
        dyad=(str(a), str(b)) if both else None,
        directed=directed,
        start=start,
        end=end,
        cameo=cameo,
        plover=plover,
    ).where(store)


def events_between(
    store: Store,
    a: str,
    b: str,
    *,
    start: str | None = None,
    end: str | None = None,
    directed: bool = False,
    limit: int = 50,
) -> dict[str, Any]:
    """The events between ``a`` and ``b`` (``a`` -> ``b`` only with ``directed``), newest first."""
    frame = query.events(store, dyad=(a, b), directed=directed, start=start, end=end, order="-date", limit=limit)
    columns = ["event_id", "date", "source_name", "source_code", "target_name", "target_code", "cameo_code",
               "cameo_name", "quad_class", "plover_type", "goldstein", "num_sources", "evidence"]  # fmt: skip
    total = query.count_events(store, dyad=(a, b), directed=directed, start=start, end=end)
    return {"total": total, "events": _records(frame[columns]) if len(frame) else []}


def relation_distribution(
    store: Store,
    a: str | None = None,
    b: str | None = None,
    *,
    by: str = "cameo",
    start: str | None = None,
    end: str | None = None,
    directed: bool = False,
) -> dict[str, Any]:
    """Counts and shares of the events of ``a`` with ``b`` (or of ``a`` alone, or of all) by ``by``."""
    if by not in GROUPINGS:
        raise OptionError("by", f"{by!r} is not a grouping; use one of {', '.join(GROUPINGS)}")
    column, name = GROUPINGS[by]
    where = _window(store, a, b, directed, start, end)
    rows = store.db.execute(
        f"SELECT {column}, count(*) FROM events e WHERE {where.sql()} GROUP BY 1 ORDER BY 2 DESC, 1", where.params
    ).fetchall()
    total = sum(row[1] for row in rows)
    distribution = []
    for key, count in rows:
        item: dict[str, Any] = {name: key, "events": count, "share": round(count / total, 4) if total else 0.0}
        if by in ("cameo", "cameo_root") and codebook.is_cameo_code(str(key)):
            item["name"] = codebook.cameo(str(key)).name
        distribution.append(item)
    return {"total": total, "by": by, "distribution": distribution}


def code_counts(
    store: Store,
    *,
    cameo: str | None = None,
    plover: str | None = None,
    a: str | None = None,
    b: str | None = None,
    start: str | None = None,
    end: str | None = None,
    freq: str = "month",
) -> dict[str, Any]:
    """How many events of a CAMEO code or root (``"04"``, ``"042"``) or a PLOVER type, per period."""
    if bool(cameo) == bool(plover):
        raise OptionError("cameo", "give exactly one of cameo (a code or root such as 04, 042) or plover (CONSULT)")
    if freq not in PERIODS:
        raise OptionError("freq", f"{freq!r} is not a period; use one of {', '.join(PERIODS)}")
    where = _window(store, a, b, False, start, end, cameo=cameo, plover=plover)
    rows = store.db.execute(
        f"SELECT {PERIODS[freq]}, count(*) FROM events e WHERE {where.sql()} GROUP BY 1 ORDER BY 1", where.params
    ).fetchall()
    return {
        "code": cameo or str(plover).upper(),
        "total": sum(row[1] for row in rows),
        "freq": freq,
        "series": [{"period": row[0], "events": row[1]} for row in rows],
    }


def lookup_actors(store: Store, q: str, *, limit: int = 10) -> dict[str, Any]:
    """Actors whose name, alias or code matches ``q``, busiest first, and what ``q`` denotes as a reference."""
    frame = query.actors(store, q, limit=limit)
    try:
        denotes: dict[str, Any] | None = query.describe_actor(store, q)
    except QueryError:
        denotes = None
    return {"query": q, "denotes": denotes, "actors": _records(frame)}


def event_articles(store: Store, event_id: str) -> dict[str, Any]:
    """The articles that report ``event_id``: title, date, outlet, URL and the evidence sentence."""
    event = store.db.execute(
        "SELECT id, date, cameo_code, cameo_name, source_code, target_code FROM events WHERE id = ?", (event_id,)
    ).fetchone()
    if event is None:
        raise QueryError(f"no event with id {event_id!r}; find ids with /api/agent/events")
    rows = store.db.execute(
        "SELECT a.id, a.title, a.pub_date, a.outlet, a.url, x.evidence, x.trigger"
        " FROM event_sources x JOIN articles a ON a.id = x.article_id WHERE x.event_id = ?"
        " ORDER BY a.pub_date, a.id, x.sentence_idx",
        (event_id,),
    ).fetchall()
    return {
        "event": dict(zip(("event_id", "date", "cameo_code", "cameo_name", "source_code", "target_code"), event, strict=True)),
        "articles": [
            dict(zip(("article_id", "title", "pub_date", "outlet", "url", "evidence", "trigger"), row, strict=True))
            for row in rows
        ],
    }


TOOLS: list[dict[str, Any]] = json.loads(
    """[
 {"name": "lookup_actors", "path": "/api/agent/actors", "params": {"q": "name, alias or code"},
  "returns": "matching actors (busiest first) and what q denotes as a reference"},
 {"name": "events_between", "path": "/api/agent/events",
  "params": {"a": "actor", "b": "actor", "start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "directed": "bool", "limit": "int"},
  "returns": "the events between a and b in the window, newest first, with their total"},
 {"name": "relation_distribution", "path": "/api/agent/relations",
  "params": {"a": "actor (optional)", "b": "actor (optional)", "by": "cameo | cameo_root | plover | quad_class",
             "start": "date", "end": "date"},
  "returns": "event counts and shares by relation"},
 {"name": "code_counts", "path": "/api/agent/counts",
  "params": {"cameo": "code or root (04, 042)", "plover": "type (CONSULT)", "a": "actor", "b": "actor",
             "freq": "day | week | month | year", "start": "date", "end": "date"},
  "returns": "events of one code per period"},
 {"name": "event_articles", "path": "/api/agent/events/{event_id}/articles", "params": {},
  "returns": "the articles behind one event, with the evidence sentence of each"},
 {"name": "dyad_outlook", "path": "/api/forecast/dyad", "params": {"a": "actor", "b": "actor", "horizon": "week | month"},
  "returns": "next period's probability and expected count per QuadClass and PLOVER type"},
 {"name": "calibration", "path": "/api/forecast/calibration", "params": {"horizon": "week | month"},
  "returns": "the rolling-origin backtest of the outlook: Brier, log loss, reliability table"}
]"""
)
