"""Actor profiles: who an actor is and what it did (identity, aliases, titles, partners, event
mix, series), from the profile tallies for a country or an actor code, else from its events."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tacitus import codebook
from tacitus.query.filters import QUAD_CLASS_COLUMNS
from tacitus.query.references import ActorRef, resolve_actor
from tacitus.query.series import PERIOD_SQL, PERIOD_STEP, check_freq
from tacitus.query.sql import has_table, indexed
from tacitus.store import Store


@dataclass
class ActorProfile:
    """Who an actor is and what it did: identity, aliases, titles, partners, event mix, series."""

    reference: str
    label: str
    actor_id: int | None
    name: str
    kind: str
    code: str | None
    country: str | None
    sector: str | None
    aliases: list[str]
    titles: pd.DataFrame  # title, first_seen, last_seen
    partners: pd.DataFrame  # partner, partner_code, events, as_source, as_target, goldstein_mean
    plover_mix: pd.DataFrame  # plover_type, events
    cameo_mix: pd.DataFrame  # cameo_root, cameo_name, events, goldstein_mean
    series: pd.DataFrame  # period, events, one count per QuadClass, goldstein_sum, goldstein_mean
    events: int
    as_source: int
    as_target: int
    first_seen: str | None
    last_seen: str | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (DataFrames as lists of row dicts)."""
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, pd.DataFrame):
                frame = value.copy()
                for column in frame.columns:
                    if pd.api.types.is_datetime64_any_dtype(frame[column]):
                        frame[column] = frame[column].dt.strftime("%Y-%m-%d")
                out[key] = json.loads(frame.to_json(orient="records", force_ascii=False))
            else:
                out[key] = value
        return out


def actor_profile(
    store: Store, name: str | int, *, freq: str = "month", partners: int = 10
) -> ActorProfile:
    """The profile of the actor ``name`` refers to (see :func:`resolve_actor`).

    Raises :class:`UnknownActorError` with suggestions when nothing matches.
    """
    ref = resolve_actor(store, name)
    period = PERIOD_SQL[check_freq(freq)]
    db = store.db
    row = _profile_row(store, ref)
    aliases: list[str] = []
    titles = pd.DataFrame(columns=["title", "first_seen", "last_seen"])
    if row is not None:
        aliases = [r[0] for r in db.execute("SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", (row["id"],))]
        titles = pd.read_sql_query(
            "SELECT title, first_seen, last_seen FROM actor_titles WHERE actor_id = ? ORDER BY first_seen, title",
            db,
            params=(row["id"],),
        )
    tally = _profile_tally_key(store, ref, str(freq))
    if tally is not None:
        mix, first_seen, last_seen = _tallied_mix(store, ref, tally, str(freq))
        partner_frame = _tallied_partners(store, tally, partners)
    else:
        mix, first_seen, last_seen = _scanned_mix(store, ref, period)
        partner_frame = _scanned_partners(store, ref, partners)
    plover_mix = (
        mix.assign(plover_type=mix["plover_type"].fillna("(none)"))
        .groupby("plover_type", as_index=False)["events"]
        .sum()
        .sort_values(["events", "plover_type"], ascending=[False, True], ignore_index=True)
    )
    cameo_mix = mix.groupby("cameo_root", as_index=False)[["events", "goldstein_sum"]].sum()
    cameo_mix["goldstein_mean"] = (cameo_mix["goldstein_sum"] / cameo_mix["events"]).round(3)
    cameo_mix = cameo_mix.drop(columns="goldstein_sum").sort_values(
        ["events", "cameo_root"], ascending=[False, True], ignore_index=True
    )
    cameo_mix.insert(1, "cameo_name", [cameo_name(code) for code in cameo_mix["cameo_root"]])
    series = _profile_series(mix, str(freq))
    count = int(mix["events"].sum())
    as_source = int(mix.loc[mix["as_source"] == 1, "events"].sum())
    return ActorProfile(
        reference=ref.reference,
        label=ref.label,
        actor_id=int(row["id"]) if row is not None else None,
        name=row["name"] if row is not None else ref.label,
        kind=row["kind"] if row is not None else ("country" if ref.kind == "country" else "group"),
        code=row["code"] if row is not None else ref.values[0],
        country=row["country"] if row is not None else (ref.values[0] if ref.kind == "country" else None),
        sector=row["sector"] if row is not None else None,
        aliases=aliases,
        titles=titles,
        partners=partner_frame,
        plover_mix=plover_mix,
        cameo_mix=cameo_mix,
        series=series,
        events=count,
        as_source=as_source,
        as_target=count - as_source,
        first_seen=first_seen if count else None,
        last_seen=last_seen if count else None,
    )


MIX_COLUMNS = ["period", "cameo_root", "plover_type", "quad_class", "as_source", "events", "goldstein_sum"]


def _mix_frame(rows: Sequence[Any]) -> pd.DataFrame:
    """A profile's event mix: events and Goldstein sum per period, CAMEO root, PLOVER type,
    QuadClass and role. Sums are rounded to 6 places, so that a sum read from the tallies
    and one counted from the events (added up in another order) give the same means."""
    mix = pd.DataFrame.from_records(rows, columns=MIX_COLUMNS, nrows=len(rows))
    mix["events"] = mix["events"].astype(int)
    mix["goldstein_sum"] = mix["goldstein_sum"].astype(float).round(6)
    return mix


def _scanned_mix(store: Store, ref: ActorRef, period: str) -> tuple[pd.DataFrame, str | None, str | None]:
    """The event mix, first and last day, counted from the actor's events.

    One pass, grouped finely enough that totals, event mix and the series are sums of its
    rows. The events are read as source, then as target (each side an index range), an event
    with the actor on both sides once.
    """
    source, source_params = ref.condition("source")
    target, target_params = ref.condition("target")
    sql = f"""
        SELECT period, cameo_root, plover_type, quad_class, as_source, count(*), sum(goldstein), min(date), max(date)
        FROM (SELECT {period} AS period, e.cameo_root, e.plover_type, e.quad_class, e.goldstein, e.date, 1 AS as_source
              FROM events e WHERE {source}
              UNION ALL
              SELECT {period}, e.cameo_root, e.plover_type, e.quad_class, e.goldstein, e.date, 0
              FROM events e WHERE {target} AND NOT ifnull({source}, 0))
        GROUP BY 1, 2, 3, 4, 5"""
    rows = store.db.execute(sql, [*source_params, *target_params, *source_params]).fetchall()
    first = min((r[7] for r in rows), default=None)
    last = max((r[8] for r in rows), default=None)
    return _mix_frame([tuple(r)[:7] for r in rows]), first, last


def _scanned_partners(store: Store, ref: ActorRef, limit: int) -> pd.DataFrame:
    """The actor's busiest partners, counted from its events. The partner is the other side:
    the target when this actor is the source, and vice versa."""
    source, source_params = ref.condition("source")
    target, target_params = ref.condition("target")
    sql = f"""
        SELECT p.partner_id, a.name AS partner, a.code AS partner_code, p.events, p.as_source, p.as_target,
               round(round(p.goldstein, 6) / p.events, 3) AS goldstein_mean
        FROM (SELECT partner_id, count(*) AS events, sum(role) AS as_source, count(*) - sum(role) AS as_target,
                     sum(goldstein) AS goldstein
              FROM (SELECT e.target_actor_id AS partner_id, 1 AS role, e.goldstein FROM events e
                    WHERE {source} AND e.target_actor_id IS NOT NULL
                    UNION ALL
                    SELECT e.source_actor_id, 0, e.goldstein FROM events e WHERE {target})
              GROUP BY partner_id) p
        JOIN actors a ON a.id = p.partner_id
        ORDER BY p.events DESC, partner LIMIT ?"""
    return pd.read_sql_query(sql, store.db, params=[*source_params, *target_params, limit])


_TALLY_PERIODS = {"month": "month", "year": "substr(month, 1, 4) || '-01-01'"}


def _profile_tally_key(store: Store, ref: ActorRef, freq: str) -> tuple[str, str] | None:
    """(kind, value) of ``ref`` in ``profile_tallies`` and ``partner_tallies`` (schema 6), or
    None when its profile is counted from the events: a store older than schema 6, a person or
    organisation (not tallied; the covering actor-pair indexes answer quickly), several
    countries or codes at once (an event between two of them would count twice), or a daily
    or weekly series."""
    if ref.kind == "actors" or len(ref.values) != 1 or freq not in _TALLY_PERIODS:
        return None
    if not has_table(store, "profile_tallies"):
        return None
    return ref.kind, ref.values[0]


def _tallied_mix(
    store: Store, ref: ActorRef, tally: tuple[str, str], freq: str
) -> tuple[pd.DataFrame, str | None, str | None]:
    """The event mix from ``profile_tallies``; the first and last day from a few index steps."""
    period = _TALLY_PERIODS[freq]
    rows = store.db.execute(
        f"SELECT {period}, cameo_root, nullif(plover_type, ''), quad_class, as_source, sum(events), sum(goldstein)"
        " FROM profile_tallies WHERE kind = ? AND value = ? AND events != 0 GROUP BY 1, 2, 3, 4, 5",
        tally,
    ).fetchall()
    mix = _mix_frame([tuple(r) for r in rows])
    if mix.empty:
        return mix, None, None
    months = store.db.execute(
        "SELECT min(month), max(month) FROM profile_tallies WHERE kind = ? AND value = ? AND events != 0", tally
    ).fetchone()
    return (mix, *_first_and_last_day(store, ref, months[0], months[1]))


def _first_and_last_day(store: Store, ref: ActorRef, first_month: str, last_month: str) -> tuple[str | None, str | None]:
    """The first and last day of the events of a country or an actor code, knowing their first
    and last month.

    An actor code: the smallest and largest date of each side, one step into its (code, date)
    index each. A country, whose indexes are not ordered by date within it: the date index
    walked from the first month forward (and back from the end of the last) to the first
    event of the country, which that month holds.
    """
    source, source_params = ref.condition("source")
    target, target_params = ref.condition("target")
    db = store.db
    if ref.kind != "country":
        days = [
            db.execute(f"SELECT {fn}(e.date) FROM events e WHERE {side}", params).fetchone()[0]
            for fn in ("min", "max")
            for side, params in ((source, source_params), (target, target_params))
        ]
        firsts, lasts = [d for d in days[:2] if d], [d for d in days[2:] if d]
        return (min(firsts) if firsts else None), (max(lasts) if lasts else None)
    either = f"({source} OR {target})"
    params = [*source_params, *target_params]
    after_last = (dt.date.fromisoformat(last_month).replace(day=28) + dt.timedelta(days=4)).replace(day=1).isoformat()
    hint = indexed(store, "events_date")
    first = db.execute(
        f"SELECT e.date FROM events e {hint} WHERE e.date >= ? AND {either} ORDER BY e.date LIMIT 1", [first_month, *params]
    ).fetchone()
    last = db.execute(
        f"SELECT e.date FROM events e {hint} WHERE e.date < ? AND {either} ORDER BY e.date DESC LIMIT 1",
        [after_last, *params],
    ).fetchone()
    return (first[0] if first else None), (last[0] if last else None)


def _tallied_partners(store: Store, tally: tuple[str, str], limit: int) -> pd.DataFrame:
    """The actor's busiest partners from ``partner_tallies``."""
    sql = """
        SELECT p.partner_id, a.name AS partner, a.code AS partner_code, p.events, p.as_source, p.as_target,
               round(round(p.goldstein, 6) / p.events, 3) AS goldstein_mean
        FROM (SELECT partner_id, sum(events) AS events, sum(events * as_source) AS as_source,
                     sum(events * (1 - as_source)) AS as_target, sum(goldstein) AS goldstein
              FROM partner_tallies WHERE kind = ? AND value = ? AND events != 0 GROUP BY partner_id) p
        JOIN actors a ON a.id = p.partner_id
        WHERE p.events > 0
        ORDER BY p.events DESC, partner LIMIT ?"""
    return pd.read_sql_query(sql, store.db, params=[*tally, limit])


def _profile_series(mix: pd.DataFrame, freq: str = "month") -> pd.DataFrame:
    """Per period: events, one count per QuadClass, Goldstein sum and mean (from the profile's mix).

    Every period between the first and the last is there, those without events with zero
    counts (and no mean), so that a chart spaces its periods as the calendar does.
    """
    columns = ["period", "events", *QUAD_CLASS_COLUMNS.values(), "goldstein_sum", "goldstein_mean"]
    if mix.empty:
        return pd.DataFrame(columns=columns).astype({"period": "datetime64[ns]"})
    quads = mix.pivot_table(index="period", columns="quad_class", values="events", aggfunc="sum", fill_value=0)
    quads = quads.reindex(columns=list(QUAD_CLASS_COLUMNS), fill_value=0).rename(columns=QUAD_CLASS_COLUMNS)
    series = mix.groupby("period")[["events", "goldstein_sum"]].sum().join(quads).reset_index()
    series["goldstein_sum"] = series["goldstein_sum"].round(6)
    series["goldstein_mean"] = (series["goldstein_sum"] / series["events"]).round(3)
    series["period"] = pd.to_datetime(series["period"])
    step = PERIOD_STEP[freq]
    calendar = pd.date_range(series["period"].min(), series["period"].max(), freq=step)
    series = series.set_index("period").reindex(calendar.union(pd.DatetimeIndex(series["period"])))
    counts = ["events", *QUAD_CLASS_COLUMNS.values(), "goldstein_sum"]
    series[counts] = series[counts].fillna(0)
    series = series.rename_axis("period").reset_index()
    for column in ["events", *QUAD_CLASS_COLUMNS.values()]:
        series[column] = series[column].astype(int)
    return series[columns].sort_values("period", ignore_index=True)


def _profile_row(store: Store, ref: ActorRef) -> Any:
    """The stored actor that best stands for ``ref`` (the country actor for a country, ...)."""
    db = store.db
    if ref.kind == "actors" and len(ref.values) == 1:
        return db.execute("SELECT * FROM actors WHERE id = ?", (int(ref.values[0]),)).fetchone()
    if ref.kind == "actors":
        marks = ",".join("?" * len(ref.values))
        return db.execute(
            f"SELECT * FROM actors a WHERE id IN ({marks}) ORDER BY"
            " (SELECT count(*) FROM events INDEXED BY events_source_actor WHERE source_actor_id = a.id) DESC, id LIMIT 1",
            [int(v) for v in ref.values],
        ).fetchone()
    if ref.kind == "country":
        return db.execute(
            "SELECT * FROM actors WHERE country = ? ORDER BY kind != 'country', sector IS NOT NULL, id LIMIT 1",
            (ref.values[0],),
        ).fetchone()
    return db.execute(
        "SELECT * FROM actors WHERE code = ? ORDER BY kind = 'person', id LIMIT 1", (ref.values[0],)
    ).fetchone()


def cameo_name(code: str) -> str | None:
    """The codebook name of a CAMEO code, or None for a code it does not have."""
    try:
        return codebook.cameo(code).name
    except codebook.UnknownCameoCodeError:
        return None
