"""Dyads over time: cooperation and conflict between two actors per day, week, month or year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from tacitus.errors import OptionError
from tacitus.query.filters import QUAD_CLASS_COLUMNS, EventFilter
from tacitus.query.references import ActorRef, resolve_actor
from tacitus.query.sql import Where
from tacitus.store import Store

FREQUENCIES: tuple[str, ...] = ("day", "week", "month", "year")

# The first day of an event's period, in SQL.
PERIOD_SQL = {
    "day": "e.date",
    "week": "date(e.date, 'weekday 0', '-6 days')",
    "month": "substr(e.date, 1, 7) || '-01'",
    "year": "substr(e.date, 1, 4) || '-01-01'",
}

PERIOD_STEP = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}
"""The pandas frequency of each period, for filling the periods without events."""


def check_freq(value: str) -> str:
    """``value`` if it is one of :data:`FREQUENCIES`, else an :class:`~tacitus.errors.OptionError`."""
    if value not in FREQUENCIES:
        raise OptionError("freq", f"{value!r} is not a frequency; use one of {', '.join(FREQUENCIES)}")
    return value


def dyad_series(
    store: Store,
    a: str | int,
    b: str | int,
    freq: str = "month",
    directed: bool = False,
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    fill: bool = True,
) -> pd.DataFrame:
    """Cooperation and conflict between ``a`` and ``b`` per period and direction.

    One row per period (``day``, ``week`` starting Monday, ``month``, ``year``) and direction
    (``"A->B"``, and ``"B->A"`` unless ``directed``): ``events``, one count column per QuadClass
    (:data:`QUAD_CLASS_COLUMNS`), ``goldstein_sum`` and ``goldstein_mean``. With ``fill``,
    periods without events between the first and last appear with zero counts.
    """
    period = PERIOD_SQL[check_freq(freq)]
    ref_a, ref_b, where = _dyad_where(store, a, b, directed, start, end)
    a_source, a_params = ref_a.condition("source")
    label_ab, label_ba = f"{ref_a.reference}->{ref_b.reference}", f"{ref_b.reference}->{ref_a.reference}"
    sql = (
        f"SELECT {period} AS period, CASE WHEN {a_source} THEN ? ELSE ? END AS direction, count(*) AS events,"
        " sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4),"
        " sum(e.goldstein), avg(e.goldstein)"
        f" FROM events e WHERE {where.sql()} GROUP BY 1, 2 ORDER BY 1, 2"
    )
    cursor = store.db.cursor()
    cursor.row_factory = None  # plain tuples: cheaper than sqlite3.Row for a DataFrame
    rows = cursor.execute(sql, [*a_params, label_ab, label_ba, *where.params]).fetchall()
    columns = ["period", "direction", "events", *QUAD_CLASS_COLUMNS.values(), "goldstein_sum", "goldstein_mean"]
    frame = pd.DataFrame.from_records(rows, columns=columns, nrows=len(rows))
    directions = [label_ab] if directed else [label_ab, label_ba]
    if fill and not frame.empty:
        frame = _fill_periods(frame, str(freq), directions)
    frame["period"] = pd.to_datetime(frame["period"], format="%Y-%m-%d")
    ends = {label_ab: (ref_a.reference, ref_b.reference), label_ba: (ref_b.reference, ref_a.reference)}
    pairs = [ends[d] for d in frame["direction"]]
    frame.insert(2, "source", pd.Series([p[0] for p in pairs], index=frame.index, dtype=object))
    frame.insert(3, "target", pd.Series([p[1] for p in pairs], index=frame.index, dtype=object))
    numbers = {column: "int64" for column in ["events", *QUAD_CLASS_COLUMNS.values()]}
    frame = frame.astype({**numbers, "goldstein_sum": "float64", "goldstein_mean": "float64"})
    frame[["goldstein_sum", "goldstein_mean"]] = frame[["goldstein_sum", "goldstein_mean"]].round(6)
    return frame.reset_index(drop=True)


def dyad_totals(
    store: Store,
    a: str | int,
    b: str | int,
    freq: str = "month",
    directed: bool = False,
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
) -> dict[str, list[Any]]:
    """Events between ``a`` and ``b`` per period, both directions summed (only ``a`` -> ``b`` if
    ``directed``), as one list per column: ``period`` (ISO date of the period's first day),
    ``events``, one list per QuadClass (:data:`QUAD_CLASS_COLUMNS`) and ``goldstein_sum``.

    Every period between the first and the last with events is listed (zeros in between). The
    compact form of :func:`dyad_series` for a chart: a daily series of ten thousand periods is
    one list of numbers per column, not ten thousand records of repeated names.
    """
    period = PERIOD_SQL[check_freq(freq)]
    _, _, where = _dyad_where(store, a, b, directed, start, end)
    sql = (
        f"SELECT {period} AS period, count(*), sum(e.quad_class = 1), sum(e.quad_class = 2),"
        " sum(e.quad_class = 3), sum(e.quad_class = 4), sum(e.goldstein)"
        f" FROM events e WHERE {where.sql()} GROUP BY 1 ORDER BY 1"
    )
    cursor = store.db.cursor()
    cursor.row_factory = None
    rows = cursor.execute(sql, where.params).fetchall()
    names = ["events", *QUAD_CLASS_COLUMNS.values(), "goldstein_sum"]
    totals: dict[str, list[Any]] = {"period": [], **{name: [] for name in names}}
    if not rows:
        return totals
    step = PERIOD_STEP[check_freq(freq)]
    found = {row[0]: row[1:] for row in rows}
    zeros = (0, 0, 0, 0, 0, 0.0)
    for day in pd.date_range(pd.Timestamp(rows[0][0]), pd.Timestamp(rows[-1][0]), freq=step):
        key = day.date().isoformat()
        values = found.get(key, zeros)
        totals["period"].append(key)
        for name, value in zip(names, values, strict=True):
            totals[name].append(round(float(value), 6) if name == "goldstein_sum" else int(value))
    return totals


def _dyad_where(
    store: Store,
    a: str | int,
    b: str | int,
    directed: bool,
    start: str | dt.date | None,
    end: str | dt.date | None,
) -> tuple[ActorRef, ActorRef, Where]:
    """The two actors resolved, and the filter on the events between them within the dates."""
    where = EventFilter(dyad=(a, b), directed=directed, start=start, end=end).where(store)
    return resolve_actor(store, a), resolve_actor(store, b), where


def _fill_periods(frame: pd.DataFrame, freq: str, directions: list[str]) -> pd.DataFrame:
    first, last = pd.Timestamp(frame["period"].min()), pd.Timestamp(frame["period"].max())
    step = PERIOD_STEP[freq]
    periods = [p.date().isoformat() for p in pd.date_range(first, last, freq=step)]
    full = pd.MultiIndex.from_product([periods, directions], names=["period", "direction"])
    filled = frame.set_index(["period", "direction"]).reindex(full)
    counts = ["events", *QUAD_CLASS_COLUMNS.values(), "goldstein_sum"]
    filled[counts] = filled[counts].fillna(0)
    return filled.reset_index()
