"""Events: the rows matching an :class:`~tacitus.query.filters.EventFilter`, one page at a
time, with names, codes and provenance; and how many there are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Unpack

import pandas as pd

from tacitus.errors import OptionError
from tacitus.query.filters import EventFilter, FilterKeywords, check_limit, event_filter
from tacitus.query.references import resolve_actor
from tacitus.query.sql import Where, has_table
from tacitus.query.tally_counts import tally_counts
from tacitus.store import Store

ORDERS: tuple[str, ...] = ("date", "-date", "goldstein", "-goldstein", "num_sources", "-num_sources")

# The columns of :func:`events`, in order.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "date",
    "date_precision",
    "source_actor_id",
    "source_name",
    "source_code",
    "source_country",
    "source_sector",
    "target_actor_id",
    "target_name",
    "target_code",
    "target_country",
    "target_sector",
    "cameo_code",
    "cameo_name",
    "cameo_root",
    "goldstein",
    "quad_class",
    "plover_type",
    "plover_mode",
    "plover_context",
    "place",
    "place_country",
    "latitude",
    "longitude",
    "modality",
    "negated",
    "num_sources",
    "confidence",
    "evidence",
    "trigger",
    "article_ids",
    "article_titles",
    "outlets",
)


_ORDER_SQL = {
    "date": "e.date, e.id",
    "-date": "e.date DESC, e.id DESC",
    "goldstein": "e.goldstein, e.date, e.id",
    "-goldstein": "e.goldstein DESC, e.date, e.id",
    "num_sources": "e.num_sources, e.date, e.id",
    "-num_sources": "e.num_sources DESC, e.date, e.id",
}

_EVENT_SELECT = """
SELECT e.id AS event_id, e.date, e.date_precision,
       e.source_actor_id, sa.name AS source_name, e.source_code, e.source_country, e.source_sector,
       e.target_actor_id, ta.name AS target_name, e.target_code, e.target_country, e.target_sector,
       e.cameo_code, e.cameo_name, e.cameo_root, e.goldstein, e.quad_class,
       e.plover_type, e.plover_mode, e.plover_context,
       e.place_name AS place, e.place_country, e.latitude, e.longitude,
       e.modality, e.negated, e.num_sources, e.confidence,
       (SELECT s.evidence FROM event_sources s WHERE s.event_id = e.id
         ORDER BY s.article_id, s.sentence_idx LIMIT 1) AS evidence,
       (SELECT s.trigger FROM event_sources s WHERE s.event_id = e.id
         ORDER BY s.article_id, s.sentence_idx LIMIT 1) AS trigger,
       (SELECT group_concat(article_id, char(31)) FROM (SELECT DISTINCT s.article_id FROM event_sources s
         WHERE s.event_id = e.id ORDER BY s.article_id)) AS article_ids,
       (SELECT group_concat(title, char(31)) FROM (SELECT a.title FROM articles a WHERE a.id IN
         (SELECT s.article_id FROM event_sources s WHERE s.event_id = e.id) ORDER BY a.id)) AS article_titles,
       (SELECT group_concat(coalesce(outlet, ''), char(31)) FROM (SELECT a.outlet FROM articles a WHERE a.id IN
         (SELECT s.article_id FROM event_sources s WHERE s.event_id = e.id) ORDER BY a.id)) AS outlets
FROM page e
JOIN actors sa ON sa.id = e.source_actor_id
LEFT JOIN actors ta ON ta.id = e.target_actor_id
"""


def events(
    store: Store,
    filters: EventFilter | None = None,
    /,
    *,
    order: str = "date",
    limit: int | None = 100,
    offset: int = 0,
    **criteria: Unpack[FilterKeywords],
) -> pd.DataFrame:
    """Events matching every filter, one row each, with names, codes and provenance.

    The filters are an :class:`~tacitus.query.filters.EventFilter` or its fields as keywords:
    ``actor`` matches as source or target; ``dyad=(A, B)`` matches events between A and B (only
    A -> B with ``directed=True``); ``cameo`` is a code or a prefix (``"04"``, ``"042"``);
    ``start``/``end`` are inclusive ISO dates (``"2022"`` and ``"2022-04"`` work too);
    ``text`` is a substring of the evidence sentence. ``order`` is one of :data:`ORDERS`
    (``-`` for descending); ``limit=None`` returns every match. Columns: :data:`EVENT_COLUMNS`
    (``article_ids``, ``article_titles`` and ``outlets`` are lists).
    """
    if order not in _ORDER_SQL:
        raise OptionError("order", f"{order!r} is not an order; use one of {', '.join(ORDERS)}")
    chosen = event_filter(filters, criteria)
    where = chosen.where(store)
    if order in ("date", "-date"):
        where = _scan_by_date_if_common(store, where, chosen)
    # Sort only the matching row ids, then fetch and decorate the one page of events.
    sql = (
        f"WITH ids AS (SELECT e.rowid AS id FROM events e WHERE {where.sql()} ORDER BY {_ORDER_SQL[order]}"
        f" LIMIT ? OFFSET ?), page AS (SELECT events.* FROM ids JOIN events ON events.rowid = ids.id)"
        f" {_EVENT_SELECT} ORDER BY {_ORDER_SQL[order]}"
    )
    params = [*where.params, check_limit("limit", limit), check_limit("offset", offset)]
    cursor = store.db.cursor()
    cursor.row_factory = None  # plain tuples: faster than sqlite3.Row for a DataFrame
    return _event_frame(cursor.execute(sql, params).fetchall())


COMMON_COUNTRY_SHARE = 0.02
# The filters that may come with one country's for the date-ordered scan of its events.
_DATES_ONLY = {"actor", "country", "directed", "start", "end"}


def _scan_by_date_if_common(store: Store, where: Where, chosen: EventFilter) -> Where:
    """The filters of a date-ordered page of one busy country's events, read along the date index.

    For "a country as source OR target", SQLite gathers every matching row id from the two
    country indexes and sorts them: millions for a country in a fifth of the events. When the
    country has at least :data:`COMMON_COUNTRY_SHARE` of the events (from the tallies) and only
    dates narrow it further, walking the date index in order finds a page after about
    ``limit / share`` rows instead. Rarer countries keep the index ranges.
    """
    if chosen.given() - _DATES_ONLY:
        return where
    actor, country = chosen.actor, chosen.country
    code = None
    if country and not (actor is not None and str(actor).strip()):
        code = country.strip().upper()
    elif actor is not None and str(actor).strip() and not country:
        ref = resolve_actor(store, actor)
        code = ref.values[0] if ref.kind == "country" and len(ref.values) == 1 else None
    if code is None or not has_table(store, "event_tallies"):
        return where
    # Only a choice of plan rides on this, so the tallies are read as they are.
    counts = dict(
        store.db.execute(
            "SELECT dimension, sum(events) FROM event_tallies WHERE dimension = 'quad_class'"
            " OR (dimension IN ('source_country', 'target_country', 'within_country') AND value = ?) GROUP BY 1",
            (code,),
        ).fetchall()
    )
    share = counts.get("source_country", 0) + counts.get("target_country", 0) - counts.get("within_country", 0)
    if share < COMMON_COUNTRY_SHARE * (counts.get("quad_class") or 1):
        return where
    clause = "(e.source_country = ? OR e.target_country = ?)"
    return Where([c.replace(clause, "(+e.source_country = ? OR +e.target_country = ?)") for c in where.clauses], where.params)


def count_events(
    store: Store, filters: EventFilter | None = None, /, *, cap: int | None = None, **criteria: Unpack[FilterKeywords]
) -> int:
    """How many events match the filters of :func:`events` (without fetching them).

    With ``cap``, counting stops there: the answer is at most ``cap`` (a page's "10,000+").
    One country's events over the whole store are read from the tallies.
    """
    chosen = event_filter(filters, criteria)
    tallied = _tallied_country_count(store, chosen)
    if tallied is not None:
        return tallied if cap is None else min(tallied, int(cap))
    where = chosen.where(store)
    if cap is not None:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM events e WHERE {where.sql()} LIMIT ?)"
        return int(store.db.execute(sql, [*where.params, int(cap)]).fetchone()[0])
    return int(store.db.execute(f"SELECT count(*) FROM events e WHERE {where.sql()}", where.params).fetchone()[0])


def _tallied_count(store: Store, code: str) -> int:
    counts = tally_counts(store, dimensions=("source_country", "target_country", "within_country"))
    return (
        counts["source_country"].get(code, 0)
        + counts["target_country"].get(code, 0)
        - counts["within_country"].get(code, 0)
    )


def _tallied_country_count(store: Store, chosen: EventFilter) -> int | None:
    """The count of one country's events (as source or target, no other filter) from the tallies, or None."""
    given = chosen.given()
    if not has_table(store, "event_tallies"):
        return None
    if given == {"country"}:
        code = str(chosen.country).strip().upper()
        return _tallied_count(store, code) if re.fullmatch(r"[A-Z]{3}", code) else None
    if given == {"actor"}:
        ref = resolve_actor(store, str(chosen.actor))
        if ref.kind == "country" and len(ref.values) == 1:
            return _tallied_count(store, ref.values[0])
    return None


def _event_frame(rows: Sequence[Any]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(EVENT_COLUMNS), nrows=len(rows))
    # Lists are joined in SQL with the ASCII unit separator (never in titles or ids), split here.
    for column in ("article_ids", "article_titles", "outlets"):
        frame[column] = [v.split("\x1f") if v else [] for v in frame[column]]
    frame["negated"] = frame["negated"].astype(bool)
    frame["target_actor_id"] = frame["target_actor_id"].astype("Int64")
    for column in ("goldstein", "confidence", "latitude", "longitude"):
        frame[column] = frame[column].astype(float)
    return frame
