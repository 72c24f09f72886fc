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

>>> import tacitus.query as q                                   # doctest: +SKIP
>>> db = q.open_database("tacitus.db")                          # doctest: +SKIP
>>> db.events(dyad=("IRN", "CHN"), start="2022-01-01")         # doctest: +SKIP
>>> db.dyad_series("IRN", "CHN", freq="month")                  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, Self

import networkx as nx
import pandas as pd

from tacitus import codebook
from tacitus.datafiles import read_rows
from tacitus.errors import OptionError, UnknownActorError
from tacitus.identity import normalize_name
from tacitus.store import Store, _migrations, sql_statements

Freq = Literal["day", "week", "month", "year"]
Level = Literal["actor", "country"]
FREQUENCIES: tuple[str, ...] = ("day", "week", "month", "year")
ORDERS: tuple[str, ...] = ("date", "-date", "goldstein", "-goldstein", "num_sources", "-num_sources")
QUAD_CLASS_COLUMNS: dict[int, str] = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}
SUMMARY_VERBS_FILE = "summary_verbs.csv"

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


class UnknownActorSuggestionError(UnknownActorError):
    """No stored actor matches a reference; the message suggests the closest known names."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = tuple(suggestions)
        if self.suggestions:
            hint = ", ".join(repr(s) for s in self.suggestions)
            message = f"no actor matches {name!r}; did you mean {hint}? (`tacitus actors --search ...` lists actors)"
            self.args = (message,)


# -- actor references -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorRef:
    """What an actor reference denotes, as an SQL filter on events.

    ``kind`` is ``country`` (``values`` = ISO codes), ``code`` (CAMEO actor codes) or
    ``actors`` (stored actor ids as strings).
    """

    reference: str
    kind: Literal["country", "code", "actors"]
    values: tuple[str, ...]
    label: str

    def condition(self, role: Literal["source", "target"]) -> tuple[str, list[Any]]:
        """The SQL condition (on table alias ``e``) that the event's ``role`` actor is this one."""
        column = {"country": f"{role}_country", "code": f"{role}_code", "actors": f"{role}_actor_id"}[self.kind]
        params: list[Any] = [int(v) for v in self.values] if self.kind == "actors" else list(self.values)
        if len(params) == 1:
            return f"e.{column} = ?", params
        return f"e.{column} IN ({','.join('?' * len(params))})", params


@cache
def _countries() -> dict[str, str]:
    """ISO alpha-3 -> country name, from the built-in countries table."""
    return {row["iso3"].upper(): row["name"] for _, row in read_rows("countries.csv", ("iso3", "name"))}


def resolve_actor(store: Store, reference: str | int) -> ActorRef:
    """What ``reference`` (an actor id, country code, actor code, name or alias) denotes.

    Raises :class:`UnknownActorError` (with the closest names as suggestions) if nothing matches.
    """
    text = str(reference).strip()
    if not text:
        raise OptionError("actor", "empty actor reference; give a name, alias, country code or actor code")
    db = store.db
    if text.isascii() and text.isdigit():
        number = int(text)
        # SQLite integers are 64-bit: a larger number is no stored id (and would overflow).
        row = db.execute("SELECT id, name FROM actors WHERE id = ?", (number,)).fetchone() if number < 2**63 else None
        if row is None:
            raise UnknownActorSuggestionError(text)
        return ActorRef(text, "actors", (str(row["id"]),), row["name"])
    upper = text.upper()
    countries = _countries()
    if len(text) == 3 and text.isalpha() and upper in countries and (text.isupper() or not _alias_ids(store, text)):
        return ActorRef(text, "country", (upper,), f"{countries[upper]} ({upper})")
    if text.isupper() and text.isalnum():
        row = db.execute("SELECT 1 FROM actors WHERE code = ? LIMIT 1", (text,)).fetchone()
        if row is not None:
            return ActorRef(text, "code", (text,), text)
    ids = _alias_ids(store, text)
    if ids:
        rows = db.execute(
            f"SELECT id, name, kind, country, code, sector FROM actors WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id",
            ids,
        ).fetchall()
        if all(r["kind"] == "country" and r["country"] for r in rows):
            codes = tuple(sorted({r["country"] for r in rows}))
            # "China" may be several stored actors (China, its military...): one country, named once.
            names = {r["country"]: r["name"] for r in rows if not r["sector"]} 
            label = " / ".join(f"{names.get(c) or countries.get(c, c)} ({c})" for c in codes)
            return ActorRef(text, "country", codes, label)
        return ActorRef(text, "actors", tuple(str(r["id"]) for r in rows), " / ".join(r["name"] for r in rows))
    row = db.execute("SELECT 1 FROM actors WHERE code = ? LIMIT 1", (upper,)).fetchone()
    if row is not None:
        return ActorRef(text, "code", (upper,), upper)
    if len(text) == 3 and upper in countries:
        return ActorRef(text, "country", (upper,), f"{countries[upper]} ({upper})")
    raise UnknownActorSuggestionError(text, _suggest(store, text))


def _alias_ids(store: Store, text: str) -> list[int]:
    """Actors with ``text`` as name or alias; failing that, persons whose name holds it as whole words.

    So "Raisi" finds "Ebrahim Raisi" even when the coder stored no short alias.
    """
    key = normalize_name(text)
    if not key:
        return []
    rows = store.db.execute(
        "SELECT actor_id FROM actor_aliases WHERE normalized = ?"
        " UNION SELECT id FROM actors WHERE name = ? COLLATE NOCASE",
        (key, text),
    ).fetchall()
    if not rows:
        escaped = _like_prefix(key)
        rows = store.db.execute(
            "SELECT DISTINCT x.actor_id FROM actor_aliases x JOIN actors a ON a.id = x.actor_id"
            " WHERE a.kind = 'person' AND (x.normalized LIKE ? ESCAPE '\\' OR x.normalized LIKE ? ESCAPE '\\'"
            " OR x.normalized LIKE ? ESCAPE '\\')",
            ("% " + escaped, escaped + " %", "% " + escaped + " %"),
        ).fetchall()
    return sorted({int(r[0]) for r in rows})


def _suggest(store: Store, text: str, limit: int = 3) -> list[str]:
    """The stored names closest to ``text`` (by alias prefix first, then fuzzy similarity)."""
    from rapidfuzz import fuzz, process

    key = normalize_name(text)
    rows = store.db.execute(
        "SELECT DISTINCT a.name FROM actor_aliases x JOIN actors a ON a.id = x.actor_id"
        " WHERE x.normalized LIKE ? ESCAPE '\\' LIMIT ?",
        (_like_prefix(key[:3]) + "%", limit),
    ).fetchall()
    found = [r[0] for r in rows]
    if len(found) < limit:
        names = [r[0] for r in store.db.execute("SELECT DISTINCT alias FROM actor_aliases LIMIT 50000")]
        for name, score, _ in process.extract(text, names, scorer=fuzz.WRatio, limit=limit * 2):
            if score >= 60 and name not in found:
                found.append(name)
    return found[:limit]


def describe_actor(store: Store, reference: str | int) -> dict[str, Any]:
    """A JSON-ready description of what ``reference`` denotes: reference, kind, values, label."""
    ref = resolve_actor(store, reference)
    return {"reference": ref.reference, "kind": ref.kind, "values": list(ref.values), "label": ref.label}


# -- validation -----------------------------------------------------------------------------------


def _date(option: str, value: str | dt.date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    for pattern, suffix in ((r"\d{4}-\d{2}-\d{2}", ""), (r"\d{4}-\d{2}", "-01"), (r"\d{4}", "-01-01")):
        if re.fullmatch(pattern, text):
            try:
                return dt.date.fromisoformat(text + suffix).isoformat()
            except ValueError:
                break
    raise OptionError(option, f"{value!r} is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)")


def _end_date(value: str | dt.date | None) -> str | None:
    """The last day an ``end`` filter includes: ``2022-04`` means up to 2022-04-30."""
    day = _date("end", value)
    if day is None or isinstance(value, dt.date):
        return day
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-12-31"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        first = dt.date.fromisoformat(day)
        following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return (following - dt.timedelta(days=1)).isoformat()
    return day


def _freq(value: str) -> str:
    if value not in FREQUENCIES:
        raise OptionError("freq", f"{value!r} is not a frequency; use one of {', '.join(FREQUENCIES)}")
    return value


def _limit(option: str, value: int | None) -> int:
    if value is None:
        return -1
    if not isinstance(value, int) or value < 0:
        raise OptionError(option, f"{value!r} must be a whole number >= 0")
    return value


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class _Where:
    """A growing list of SQL conditions and their parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"


def _event_filters(
    store: Store,
    *,
    actor: str | int | None = None,
    country: str | None = None,
    sector: str | None = None,
    dyad: tuple[str | int, str | int] | None = None,
    directed: bool = False,
    cameo: str | None = None,
    plover: str | None = None,
    quad_class: int | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    place: str | None = None,
    text: str | None = None,
) -> _Where:
    where = _Where()
    if actor is not None and str(actor).strip():
        ref = resolve_actor(store, actor)
        source, source_params = ref.condition("source")
        target, target_params = ref.condition("target")
        where.add(f"({source} OR {target})", *source_params, *target_params)
    country_code = sector_code = None
    if country:
        country_code = country.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", country_code):
            raise OptionError("country", f"{country!r} is not an ISO 3166-1 alpha-3 code (IRN, CHN, USA)")
    if sector:
        sector_code = sector.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", sector_code):
            raise OptionError("sector", f"{sector!r} is not a sector code (GOV, MIL, DIP, ...)")
    if country_code and sector_code:  # one actor of both: Iran's military, not Iran and someone's military
        where.add(
            "((e.source_country = ? AND e.source_sector = ?) OR (e.target_country = ? AND e.target_sector = ?))",
            country_code, sector_code, country_code, sector_code,
        )  # fmt: skip
    elif country_code:
        where.add("(e.source_country = ? OR e.target_country = ?)", country_code, country_code)
    elif sector_code:
        where.add("(e.source_sector = ? OR e.target_sector = ?)", sector_code, sector_code)
    if dyad is not None:
        if len(dyad) != 2:
            raise OptionError("dyad", "a dyad is two actors: (A, B)")
        clause, params = _dyad_condition(resolve_actor(store, dyad[0]), resolve_actor(store, dyad[1]), directed)
        where.add(clause, *params)
    if cameo:
        code = str(cameo).strip()
        if not re.fullmatch(r"\d{2,4}", code):
            raise OptionError("cameo", f"{cameo!r} is not a CAMEO code or root; codes keep leading zeros: 04, 042")
        if len(code) == 2:
            where.add("e.cameo_root = ?", code)
        else:
            where.add("e.cameo_root = ? AND e.cameo_code LIKE ?", code[:2], code + "%")
    if plover:
        name = plover.strip().upper()
        if name not in codebook.PLOVER_TYPES:
            raise OptionError("plover", f"{plover!r} is not a PLOVER type; use one of {', '.join(codebook.PLOVER_TYPES)}")
        where.add("e.plover_type = ?", name)
    if quad_class is not None:
        if quad_class not in QUAD_CLASS_COLUMNS:
            raise OptionError("quad_class", f"{quad_class!r} must be 1, 2, 3 or 4")
        where.add("e.quad_class = ?", int(quad_class))
    first, last = _date("start", start), _end_date(end)
    if first and last and first > last:
        raise OptionError("start", f"start {first} is after end {last}")
    if first:
        where.add("e.date >= ?", first)
    if last:
        where.add("e.date <= ?", last)
    if place:
        where.add("e.place_name = ? COLLATE NOCASE", place.strip())
    if text:
        where.add(*_text_condition(store, text.strip()))
    return where


def _text_condition(store: Store, text: str) -> tuple[str, str, str] | tuple[str, str]:
    """The condition that one of the event's evidence sentences holds ``text`` (case-insensitive
    for ASCII letters, ``%`` and ``_`` taken literally), with its parameters.

    From schema 6 the trigram index ``event_evidence`` gives the candidates: its own ``LIKE``
    (wildcards not escaped, so it finds a superset) is answered from the index when ``text``
    has three characters or more; the exact, escaped ``LIKE`` then checks them.
    """
    exact = "%" + _like_prefix(text) + "%"
    if _has_table(store, "event_evidence") and not _common_text(store, text, exact):
        return (
            "e.id IN (SELECT event_id FROM event_evidence WHERE evidence LIKE ? AND evidence LIKE ? ESCAPE '\\')",
            "%" + text + "%",
            exact,
        )
    return "EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id AND s.evidence LIKE ? ESCAPE '\\')", exact


COMMON_TEXT_ROWS = 2_000


def _common_text(store: Store, text: str, exact: str) -> bool:
    """Whether at least :data:`COMMON_TEXT_ROWS` evidence sentences hold ``text``.

    Then each event is better checked on its own (its sources are one step into their primary
    key), in the order the page wants, than every match gathered from the trigram index and
    sorted: a page of "a" is found after a few dozen events instead of a million. Short texts
    (under three characters, which the trigram index cannot answer) that are rare cost one pass.
    """
    found = store.db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM event_evidence WHERE evidence LIKE ? AND evidence LIKE ? ESCAPE '\\' LIMIT ?)",
        ("%" + text + "%", exact, COMMON_TEXT_ROWS),
    ).fetchone()[0]
    return int(found) >= COMMON_TEXT_ROWS


def _dyad_condition(ref_a: ActorRef, ref_b: ActorRef, directed: bool) -> tuple[str, list[Any]]:
    a_source, p1 = ref_a.condition("source")
    b_target, p2 = ref_b.condition("target")
    clause = f"({a_source} AND {b_target})"
    params = [*p1, *p2]
    if not directed:
        b_source, p3 = ref_b.condition("source")
        a_target, p4 = ref_a.condition("target")
        clause = f"({clause} OR ({b_source} AND {a_target}))"
        params += [*p3, *p4]
    return clause, params


# -- events ---------------------------------------------------------------------------------------

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
    *,
    actor: str | int | None = None,
    country: str | None = None,
    sector: str | None = None,
    dyad: tuple[str | int, str | int] | None = None,
    directed: bool = False,
    cameo: str | None = None,
    plover: str | None = None,
    quad_class: int | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    place: str | None = None,
    text: str | None = None,
    order: str = "date",
    limit: int | None = 100,
    offset: int = 0,
) -> pd.DataFrame:
    """Events matching every given filter, one row each, with names, codes and provenance.

    ``actor`` matches as source or target; ``dyad=(A, B)`` matches events between A and B (only
    A -> B with ``directed=True``); ``cameo`` is a code or a prefix (``"04"``, ``"042"``);
    ``start``/``end`` are inclusive ISO dates (``"2022"`` and ``"2022-04"`` work too);
    ``text`` is a substring of the evidence sentence. ``order`` is one of :data:`ORDERS`
    (``-`` for descending); ``limit=None`` returns every match. Columns: :data:`EVENT_COLUMNS`
    (``article_ids``, ``article_titles`` and ``outlets`` are lists).
    """
    if order not in _ORDER_SQL:
        raise OptionError("order", f"{order!r} is not an order; use one of {', '.join(ORDERS)}")
    where = _event_filters(
        store,
        actor=actor,
        country=country,
        sector=sector,
        dyad=dyad,
        directed=directed,
        cameo=cameo,
        plover=plover,
        quad_class=quad_class,
        start=start,
        end=end,
        place=place,
        text=text,
    )
    if order in ("date", "-date"):
        where = _scan_by_date_if_common(store, where, actor, country, (sector, dyad, cameo, plover, quad_class, place, text))
    # Sort only the matching row ids, then fetch and decorate the one page of events.
    sql = (
        f"WITH ids AS (SELECT e.rowid AS id FROM events e WHERE {where.sql()} ORDER BY {_ORDER_SQL[order]}"
        f" LIMIT ? OFFSET ?), page AS (SELECT events.* FROM ids JOIN events ON events.rowid = ids.id)"
        f" {_EVENT_SELECT} ORDER BY {_ORDER_SQL[order]}"
    )
    params = [*where.params, _limit("limit", limit), _limit("offset", offset)]
    cursor = store.db.cursor()
    cursor.row_factory = None  # plain tuples: faster than sqlite3.Row for a DataFrame
    return _event_frame(cursor.execute(sql, params).fetchall())


COMMON_COUNTRY_SHARE = 0.02


def _scan_by_date_if_common(
    store: Store, where: _Where, actor: str | int | None, country: str | None, others: tuple[Any, ...]
) -> _Where:
    """The filters of a date-ordered page of one busy country's events, read along the date index.

    For "a country as source OR target", SQLite gathers every matching row id from the two
    country indexes and sorts them: millions for a country in a fifth of the events. When the
    country has at least :data:`COMMON_COUNTRY_SHARE` of the events (from the tallies) and only
    dates narrow it further, walking the date index in order finds a page after about
    ``limit / share`` rows instead. Rarer countries keep the index ranges.
    """
    if any(v is not None and v != "" for v in others):
        return where
    code = None
    if country and not (actor is not None and str(actor).strip()):
        code = country.strip().upper()
    elif actor is not None and str(actor).strip() and not country:
        ref = resolve_actor(store, actor)
        code = ref.values[0] if ref.kind == "country" and len(ref.values) == 1 else None
    if code is None or not _has_table(store, "event_tallies"):
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
    return _Where([c.replace(clause, "(+e.source_country = ? OR +e.target_country = ?)") for c in where.clauses], where.params)


def count_events(store: Store, *, cap: int | None = None, **filters: Any) -> int:
    """How many events match the filters of :func:`events` (without fetching them).

    With ``cap``, counting stops there: the answer is at most ``cap`` (a page's "10,000+").
    One country's events over the whole store are read from the tallies.
    """
    tallied = _tallied_country_count(store, filters)
    if tallied is not None:
        return tallied if cap is None else min(tallied, int(cap))
    where = _event_filters(store, **filters)
    if cap is not None:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM events e WHERE {where.sql()} LIMIT ?)"
        return int(store.db.execute(sql, [*where.params, int(cap)]).fetchone()[0])
    return int(store.db.execute(f"SELECT count(*) FROM events e WHERE {where.sql()}", where.params).fetchone()[0])


def _tallied_count(store: Store, code: str) -> int:
    counts = _tallies(store, dimensions=("source_country", "target_country", "within_country"))
    return (
        counts["source_country"].get(code, 0)
        + counts["target_country"].get(code, 0)
        - counts["within_country"].get(code, 0)
    )


def _tallied_country_count(store: Store, filters: dict[str, Any]) -> int | None:
    """The count of one country's events (as source or target, no other filter) from the tallies, or None."""
    given = {k for k, v in filters.items() if v is not None and v is not False and str(v).strip() != ""}
    if not _has_table(store, "event_tallies"):
        return None
    if given == {"country"}:
        code = str(filters["country"]).strip().upper()
        return _tallied_count(store, code) if re.fullmatch(r"[A-Z]{3}", code) else None
    if given == {"actor"}:
        ref = resolve_actor(store, filters["actor"])
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


# -- timeline -------------------------------------------------------------------------------------


@cache
def _summary_verbs() -> dict[str, str]:
    """CAMEO code -> past-tense verb phrase for one-line summaries (data/summary_verbs.csv)."""
    return {row["code"]: row["phrase"] for _, row in read_rows(SUMMARY_VERBS_FILE, ("code", "phrase"))}


def verb_phrase(cameo_code: str, cameo_name: str | None = None) -> str:
    """A past-tense phrase for a CAMEO code ("042" -> "visited"), falling back to its root's phrase."""
    verbs = _summary_verbs()
    for code in (cameo_code, cameo_code[:3], cameo_code[:2]):
        if code in verbs:
            return verbs[code]
    return (cameo_name or cameo_code).lower()


def _actor_label(name: str | None, code: str | None) -> str:
    if not name:
        return "(no target)"
    if not code:
        return name
    spaced = code if len(code) <= 3 else f"{code[:3]} {code[3:]}"
    return name if name.upper() == code.upper() else f"{name} ({spaced})"


def summarize(row: Any) -> str:
    """One line for one event row: "Ebrahim Raisi (IRN GOV) met Wei Fenghe (CHN MIL) in Tehran"."""
    verb = verb_phrase(str(row["cameo_code"]), row["cameo_name"])
    if row["negated"]:
        verb = f"did not: {verb}"
    parts = [_actor_label(row["source_name"], row["source_code"]), verb]
    if row["target_name"]:
        parts.append(_actor_label(row["target_name"], row["target_code"]))
    line = " ".join(parts)
    if isinstance(row["place"], str) and row["place"]:
        line += f" in {row['place']}"
    if row["modality"] and row["modality"] != "asserted":
        line += f" ({row['modality']})"
    return line


def timeline(
    store: Store,
    actor: str | int,
    actor2: str | int | None = None,
    *,
    directed: bool = False,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    cameo: str | None = None,
    plover: str | None = None,
    quad_class: int | None = None,
    limit: int | None = 200,
    offset: int = 0,
) -> pd.DataFrame:
    """What ``actor`` did and had done to it (with ``actor2``: between the two), oldest first.

    The columns of :func:`events` plus ``summary``, a one-line sentence per event.
    """
    dyad = (actor, actor2) if actor2 is not None else None
    frame = events(
        store,
        actor=None if dyad else actor,
        dyad=dyad,
        directed=directed,
        start=start,
        end=end,
        cameo=cameo,
        plover=plover,
        quad_class=quad_class,
        order="date",
        limit=limit,
        offset=offset,
    )
    summaries = [summarize(row) for row in frame.to_dict(orient="records")]
    frame.insert(3, "summary", pd.Series(summaries, index=frame.index, dtype=object))
    return frame


def render_timeline(frame: pd.DataFrame, fmt: Literal["markdown", "html"] = "markdown", title: str | None = None) -> str:
    """A timeline (from :func:`timeline`) as a Markdown list or an HTML fragment, with sources and evidence."""
    if fmt not in ("markdown", "html"):
        raise OptionError("format", f"{fmt!r} is not a timeline format; use markdown or html")
    heading = title or "Timeline"
    if fmt == "markdown":
        lines = [f"# {heading}", ""]
        if frame.empty:
            lines.append("_No events._")
        for _, row in frame.iterrows():
            lines.append(f"- **{row['date']}** {row['summary']} (CAMEO {row['cameo_code']}, Goldstein {row['goldstein']:+.1f})")
            sources = "; ".join(_source_labels(row))
            if sources:
                lines.append(f"  - sources: {sources}")
            if row["evidence"]:
                lines.append(f"  - > {row['evidence']}")
        return "\n".join(lines) + "\n"
    items = []
    for _, row in frame.iterrows():
        sources = "; ".join(html.escape(s) for s in _source_labels(row))
        evidence = f"<blockquote>{html.escape(row['evidence'])}</blockquote>" if row["evidence"] else ""
        items.append(
            f'<li data-event-id="{html.escape(str(row["event_id"]))}"><time datetime="{row["date"]}">{row["date"]}</time> '
            f"{html.escape(row['summary'])} <small>CAMEO {html.escape(str(row['cameo_code']))}, "
            f"Goldstein {row['goldstein']:+.1f}</small>"
            f"{'<br><small>sources: ' + sources + '</small>' if sources else ''}{evidence}</li>"
        )
    body = "\n".join(items) if items else "<li>No events.</li>"
    return f'<section class="timeline">\n<h1>{html.escape(heading)}</h1>\n<ol>\n{body}\n</ol>\n</section>\n'


def _source_labels(row: Any) -> list[str]:
    titles = list(row["article_titles"]) or list(row["article_ids"])
    outlets = list(row["outlets"]) + [""] * len(titles)
    return [f"{outlet}: {title}" if outlet else str(title) for title, outlet in zip(titles, outlets)]


# -- dyads over time ------------------------------------------------------------------------------

_PERIOD_SQL = {
    "day": "e.date",
    "week": "date(e.date, 'weekday 0', '-6 days')",
    "month": "substr(e.date, 1, 7) || '-01'",
    "year": "substr(e.date, 1, 4) || '-01-01'",
}


_PERIOD_STEP = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}
"""The pandas frequency of each period, for filling the periods without events."""


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
    period = _PERIOD_SQL[_freq(freq)]
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
    period = _PERIOD_SQL[_freq(freq)]
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
    step = _PERIOD_STEP[_freq(freq)]
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
) -> tuple[ActorRef, ActorRef, _Where]:
    """The two actors resolved, and the filter on the events between them within the dates."""
    ref_a, ref_b = resolve_actor(store, a), resolve_actor(store, b)
    clause, params = _dyad_condition(ref_a, ref_b, directed)
    where = _Where([clause], list(params))
    first, last = _date("start", start), _end_date(end)
    if first:
        where.add("e.date >= ?", first)
    if last:
        where.add("e.date <= ?", last)
    return ref_a, ref_b, where


def _fill_periods(frame: pd.DataFrame, freq: str, directions: list[str]) -> pd.DataFrame:
    first, last = pd.Timestamp(frame["period"].min()), pd.Timestamp(frame["period"].max())
    step = _PERIOD_STEP[freq]
    periods = [p.date().isoformat() for p in pd.date_range(first, last, freq=step)]
    full = pd.MultiIndex.from_product([periods, directions], names=["period", "direction"])
    filled = frame.set_index(["period", "direction"]).reindex(full)
    counts = ["events", *QUAD_CLASS_COLUMNS.values(), "goldstein_sum"]
    filled[counts] = filled[counts].fillna(0)
    return filled.reset_index()


def plot_dyad(frame: pd.DataFrame, path: str | Path, title: str | None = None) -> Path:
    """Draw a :func:`dyad_series` frame (events per QuadClass, Goldstein mean) to a PNG or SVG file."""
    target = Path(path)
    if target.suffix.lower() not in (".png", ".svg"):
        raise OptionError("plot", f"{target}: use a .png or .svg file name")
    from tacitus.extras import require

    require("plot", "matplotlib", feature="--plot")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {
        "verbal_cooperation": "#74c476",
        "material_cooperation": "#238b45",
        "verbal_conflict": "#fb6a4a",
        "material_conflict": "#a50f15",
    }
    directions = list(dict.fromkeys(frame["direction"])) if not frame.empty else []
    gaps = pd.Series(sorted(set(frame["period"]))).diff().dt.days.dropna() if not frame.empty else pd.Series([])
    width = 0.8 * float(gaps.min()) if len(gaps) else 20.0
    figure, axes = plt.subplots(max(1, len(directions)), 1, figsize=(10, 3.2 * max(1, len(directions))), squeeze=False)
    for axis, direction in zip(axes[:, 0], directions or [None]):
        part = frame[frame["direction"] == direction] if direction else frame
        bottom = None
        for column, colour in colours.items():
            values = part[column].to_numpy() if not part.empty else []
            axis.bar(part["period"], values, bottom=bottom, color=colour, label=column.replace("_", " "), width=width)
            bottom = values if bottom is None else bottom + values
        axis.set_ylabel("events")
        axis.set_title(direction or "no events")
        if not part.empty:
            twin = axis.twinx()
            twin.plot(part["period"], part["goldstein_mean"], color="#333333", marker="o", label="Goldstein mean")
            twin.set_ylim(-10, 10)
            twin.set_ylabel("Goldstein mean")
        axis.legend(loc="upper left", fontsize="small")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target)
    plt.close(figure)
    return target


# -- actors ---------------------------------------------------------------------------------------


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
    period = _PERIOD_SQL[_freq(freq)]
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
    cameo_mix.insert(1, "cameo_name", [_cameo_name(code) for code in cameo_mix["cameo_root"]])
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
    if not _has_table(store, "profile_tallies"):
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
    hint = _indexed(store, "events_date")
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
    step = _PERIOD_STEP[freq]
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


def _cameo_name(code: str) -> str | None:
    try:
        return codebook.cameo(code).name
    except codebook.UnknownCameoCodeError:
        return None


def actors(
    store: Store,
    search: str | None = None,
    *,
    kind: str | None = None,
    limit: int | None = 20,
    offset: int = 0,
) -> pd.DataFrame:
    """Actors whose name, alias or code matches ``search`` (prefix of a word), busiest first.

    Columns: actor_id, name, kind, code, country, sector, title, events, aliases (a list).
    """
    where = _Where()
    if kind:
        if kind not in ("country", "person", "organisation", "group"):
            raise OptionError("kind", f"{kind!r} is not an actor kind; use country, person, organisation or group")
        where.add("a.kind = ?", kind)
    if search and search.strip():
        key = normalize_name(search)
        like = "%" + _like_prefix(search.strip()) + "%"
        clauses = ["a.name LIKE ? ESCAPE '\\'", "a.code = ?"]
        params: list[Any] = [like, search.strip().upper()]
        if key:
            clauses.append(
                "EXISTS (SELECT 1 FROM actor_aliases x WHERE x.actor_id = a.id AND"
                " (x.normalized LIKE ? ESCAPE '\\' OR x.normalized LIKE ? ESCAPE '\\'))"
            )
            params += [_like_prefix(key) + "%", "% " + _like_prefix(key) + "%"]
        where.add("(" + " OR ".join(clauses) + ")", *params)
    if not (search and search.strip()) and _has_table(store, "event_tallies"):
        return _busiest_actors(store, where, limit, offset)
    # The per-actor counts name their index: with sampled statistics SQLite may otherwise
    # skip-scan a pair index once per actor, thousands of times slower.
    sql = f"""
        SELECT a.id AS actor_id, a.name, a.kind, a.code, a.country, a.sector, a.title,
               (SELECT count(*) FROM events INDEXED BY events_source_actor WHERE source_actor_id = a.id)
             + (SELECT count(*) FROM events INDEXED BY events_target_actor WHERE target_actor_id = a.id) AS events,
               (SELECT json_group_array(alias) FROM (SELECT alias FROM actor_aliases
                 WHERE actor_id = a.id ORDER BY alias)) AS aliases
        FROM actors a WHERE {where.sql()}
        ORDER BY events DESC, a.name LIMIT ? OFFSET ?"""
    frame = pd.read_sql_query(sql, store.db, params=[*where.params, _limit("limit", limit), _limit("offset", offset)])
    frame["aliases"] = [json.loads(v) if v else [] for v in frame["aliases"]]
    return frame


def _busiest_actors(store: Store, where: _Where, limit: int | None, offset: int) -> pd.DataFrame:
    """The actors under ``where``, busiest first, their events (as source plus as target) read
    from the tallies rather than counted: 3,000 actors of a million events in 0.05 s, not 0.5 s."""
    counts: dict[int, int] = {}
    for tally in _tallies(store, dimensions=("source_actor", "target_actor")).values():
        for key, n in tally.items():
            counts[int(key)] = counts.get(int(key), 0) + n
    rows = store.db.execute(f"SELECT a.id, a.name FROM actors a WHERE {where.sql()}", where.params).fetchall()
    ranked = sorted(rows, key=lambda row: (-counts.get(int(row[0]), 0), row[1]))
    end = None if limit is None else offset + _limit("limit", limit)
    chosen = [int(row[0]) for row in ranked[_limit("offset", offset) : end]]
    columns = ["actor_id", "name", "kind", "code", "country", "sector", "title", "events", "aliases"]
    if not chosen:
        return pd.DataFrame(columns=columns)
    marks = ",".join("?" * len(chosen))
    details = {
        int(row[0]): row
        for row in store.db.execute(
            "SELECT a.id, a.name, a.kind, a.code, a.country, a.sector, a.title,"
            " (SELECT json_group_array(alias) FROM (SELECT alias FROM actor_aliases WHERE actor_id = a.id ORDER BY alias))"
            f" FROM actors a WHERE a.id IN ({marks})",
            chosen,
        )
    }
    records_ = [(*tuple(details[i])[:7], counts.get(i, 0), json.loads(details[i][7]) if details[i][7] else []) for i in chosen]
    return pd.DataFrame.from_records(records_, columns=columns, nrows=len(records_))


# -- articles -------------------------------------------------------------------------------------


def _fts_query(text: str) -> str:
    """A safe FTS5 query: each word quoted (so punctuation cannot break the syntax), all required."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"' for w in words)


COMMON_ARTICLE_ROWS = 5_000


def search_articles(
    store: Store,
    text: str | None = None,
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    limit: int | None = 20,
    offset: int = 0,
    marks: tuple[str, str] = ("[", "]"),
) -> pd.DataFrame:
    """Articles containing every word of ``text`` (full-text, best first), or newest first without text.

    Columns: article_id, title, pub_date, outlet, url, snippet (matches between ``marks``,
    [brackets] by default), events.
    """
    where = _Where()
    first, last = _date("start", start), _end_date(end)
    if first:
        where.add("a.pub_date >= ?", first)
    if last:
        where.add("a.pub_date <= ?", last)
    paging = [_limit("limit", limit), _limit("offset", offset)]
    count = "(SELECT count(DISTINCT event_id) FROM event_sources s WHERE s.article_id = a.id) AS events"
    query = _fts_query(text) if text else ""
    if query:
        # Words in most articles ("a", "the"): ranking them all would sort the whole store, and
        # their ranks say little; the latest stored articles with them come first instead.
        common = store.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
            (query, COMMON_ARTICLE_ROWS),
        ).fetchone()[0] >= COMMON_ARTICLE_ROWS
        order = "articles_fts.rowid DESC" if common else "rank"
        sql = (
            "SELECT a.id AS article_id, a.title, a.pub_date, a.outlet, a.url,"
            " snippet(articles_fts, -1, ?, ?, '…', 16) AS snippet, " + count +
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            f" WHERE articles_fts MATCH ? AND {where.sql()} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        params = [*marks, query, *where.params, *paging]
    elif text:
        return pd.DataFrame(columns=["article_id", "title", "pub_date", "outlet", "url", "snippet", "events"])
    else:
        sql = (
            "SELECT a.id AS article_id, a.title, a.pub_date, a.outlet, a.url, substr(a.text, 1, 160) AS snippet, "
            + count + f" FROM articles a WHERE {where.sql()} ORDER BY a.pub_date DESC, a.rowid DESC LIMIT ? OFFSET ?"
        )
        params = [*where.params, *paging]
    return pd.read_sql_query(sql, store.db, params=params)


# -- network --------------------------------------------------------------------------------------


def _edge_colour(goldstein_mean: float) -> str:
    if goldstein_mean >= 1:
        return "#2b8a3e"
    if goldstein_mean <= -1:
        return "#c92a2a"
    return "#868e96"


DEFAULT_NETWORK_TOP = 100


def network(
    store: Store,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    level: str = "actor",
    *,
    actor: str | int | None = None,
    min_events: int = 1,
    limit: int | None = None,
    top: int | None = DEFAULT_NETWORK_TOP,
) -> nx.DiGraph:
    """Who acts on whom: a directed graph with actors (or countries) as nodes and dyads as edges.

    Nodes carry ``label``, ``kind``, ``code``, ``country``, ``sector``, ``events``; edges carry
    ``weight`` (event count), ``goldstein_mean``, ``goldstein_sum``, one count per QuadClass
    and a ``color`` (green cooperative, red conflictual, grey neutral). ``actor`` keeps only
    that actor's edges; ``limit`` keeps the heaviest edges. ``top`` keeps the ``top`` busiest
    nodes (by events in the period, as source or target) and the edges among them, so that a
    network over millions of events stays readable and quick; ``top=None`` keeps every node.
    The graph's ``nodes_total`` attribute tells how many nodes there were before that cut.
    """
    if level not in ("actor", "country"):
        raise OptionError("level", f"{level!r} is not a network level; use actor or country")
    if top is not None and (not isinstance(top, int) or top < 1):
        raise OptionError("top", f"{top!r} must be a whole number >= 1 (or None for every node)")
    filters = _event_filters(store, actor=actor, start=start, end=end)
    where = _Where(list(filters.clauses), list(filters.params))
    if level == "actor":
        where.add("e.target_actor_id IS NOT NULL")
        columns = ("e.source_actor_id", "e.target_actor_id")
        index = "events_pair"
    else:
        where.add("e.source_country IS NOT NULL AND e.target_country IS NOT NULL")
        columns = ("e.source_country", "e.target_country")
        index = "events_dyad"
    # Over the whole store, read the pair index in order: grouping needs no sort and no table.
    narrowed = any(v is not None and str(v).strip() for v in (actor, start, end))
    hint = "" if narrowed else _indexed(store, index)
    nodes_total: int | None = None
    busiest_kept: list[Any] = []
    if top is not None and level == "actor":
        only_dates = actor is None or not str(actor).strip()
        busiest, nodes_total = _busiest_nodes(store, where, top, whole_store=not narrowed, scan=only_dates)
        busiest_kept = busiest
        if nodes_total > top:
            # Pairs of busy actors: one step into the pair index per pair, dates checked there.
            marks = ",".join("?" * len(busiest))
            where = _Where(list(filters.clauses), list(filters.params))
            where.add(f"{columns[0]} IN ({marks}) AND {columns[1]} IN ({marks})", *busiest, *busiest)
            hint = "" if actor is not None and str(actor).strip() else _indexed(store, index)
    sql = (
        f"SELECT {columns[0]}, {columns[1]}, count(*) AS weight, avg(e.goldstein), sum(e.goldstein),"
        " sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4)"
        f" FROM events e {hint} WHERE {where.sql()} GROUP BY 1, 2 HAVING count(*) >= ?"
        " ORDER BY weight DESC, 1, 2 LIMIT ?"
    )
    params = [*where.params, max(1, int(min_events))]
    pairs = _country_pairs(store) if level == "country" and not narrowed else None
    only_actor = actor is not None and str(actor).strip() and not any(v is not None and str(v).strip() for v in (start, end))
    if level == "country" and only_actor:
        ref = resolve_actor(store, str(actor))
        if ref.kind == "country":
            # One country's network over the whole store: its pairs in the tallies, no pass over its events.
            every = _country_pairs(store)
            if every is not None:
                pairs = [p for p in every if p[0] in ref.values or p[1] in ref.values]
    if pairs is not None:
        # The whole store's country network, from the tallies: no pass over the events.
        rows = sorted((p for p in pairs if p[2] >= max(1, int(min_events))), key=lambda p: (-p[2], p[0], p[1]))
        if top is not None:
            rows, nodes_total, busiest_kept = _among_busiest(rows, top)
        rows = rows[: _limit("limit", limit)] if limit is not None else rows
    elif top is not None and level == "country":
        # At most a few hundred countries: group every pair, then keep the busiest countries.
        rows = store.db.execute(sql, [*params, -1]).fetchall()
        rows, nodes_total, busiest_kept = _among_busiest(rows, top)
        rows = rows[: _limit("limit", limit)] if limit is not None else rows
    else:
        rows = store.db.execute(sql, [*params, _limit("limit", limit)]).fetchall()
    graph = nx.DiGraph(level=level)
    quad_names = list(QUAD_CLASS_COLUMNS.values())
    actor_level = level == "actor"

    def edge(row: Sequence[Any]) -> tuple[Any, Any, dict[str, Any]]:
        # The mean from the sum rounded to 6 places: the same whether SQL or the tallies summed it.
        mean = round(float(row[4]), 6) / int(row[2])
        return (
            f"actor:{row[0]}" if actor_level else row[0],
            f"actor:{row[1]}" if actor_level else row[1],
            {
                "weight": int(row[2]),
                "goldstein_mean": round(mean, 3),
                "goldstein_sum": round(float(row[4]), 3),
                **{name: int(row[5 + i]) for i, name in enumerate(quad_names)},
                "color": _edge_colour(mean),
            },
        )

    graph.add_edges_from(edge(row) for row in rows)
    if busiest_kept:  # the busiest nodes, even those without an edge among them
        graph.add_nodes_from(f"actor:{key}" if actor_level else key for key in busiest_kept)
    graph.graph["nodes_total"] = nodes_total if nodes_total is not None else graph.number_of_nodes()
    _annotate_nodes(store, graph, level)
    return graph


def _country_pairs(store: Store) -> list[tuple[Any, ...]] | None:
    """Rows of the whole country network (source, target, events, Goldstein mean and sum, one
    count per QuadClass) from the tallies, or None when the store has none or they disagree
    with its event count."""
    db = store.db
    columns = {row[1] for row in db.execute("PRAGMA table_info(event_tallies)")}
    if "goldstein" not in columns:  # no tallies, or those of an early schema-4 draft
        return None
    events = int(db.execute("SELECT count(*) FROM events").fetchone()[0])
    quads = db.execute("SELECT sum(events) FROM event_tallies WHERE dimension = 'quad_class'").fetchone()[0]
    if int(quads or 0) != events:
        return None
    pairs: dict[tuple[str, str], list[float]] = {}
    for value, n, goldstein in db.execute(
        "SELECT value, events, goldstein FROM event_tallies WHERE dimension = 'country_pair'"
    ):
        source, target, quad = str(value).split(">")
        tally = pairs.setdefault((source, target), [0, 0.0, 0, 0, 0, 0])
        tally[0] += int(n)
        tally[1] += float(goldstein)
        tally[1 + int(quad)] += int(n)
    return [
        (source, target, int(t[0]), t[1] / t[0], t[1], int(t[2]), int(t[3]), int(t[4]), int(t[5]))
        for (source, target), t in pairs.items()
    ]


def _among_busiest(rows: list[Any], top: int) -> tuple[list[Any], int, list[Any]]:
    """The edge rows (source, target, weight, ...) among the ``top`` busiest nodes, how many
    nodes there were, and the busiest nodes."""
    totals: dict[Any, int] = {}
    for row in rows:
        for node in (row[0], row[1]):
            totals[node] = totals.get(node, 0) + int(row[2])
    ranked = sorted(totals.items(), key=lambda item: (-item[1], str(item[0])))
    busiest = [key for key, _ in ranked[:top]]
    keep = set(busiest)
    return [row for row in rows if row[0] in keep and row[1] in keep], len(ranked), busiest


def _busiest_nodes(
    store: Store, where: _Where, top: int, *, whole_store: bool = False, scan: bool = False
) -> tuple[list[int], int]:
    """The ``top`` actors with the most events (as source plus as target, events with a target)
    under ``where``, and how many there are.

    Over the ``whole_store`` they come from its tallies. With ``scan`` (only simple conditions
    on the event's own columns, such as dates) the covering pair indexes are read whole, in
    order, with the conditions checked on the index entries: cheaper than a date range that
    looks up every row, and than the skip-scan SQLite would otherwise pick.
    """
    totals: dict[int, int] = {}
    if whole_store:
        for counts in _tallies(store, dimensions=("source_actor", "target_actor")).values():
            for key, n in counts.items():
                totals[int(key)] = totals.get(int(key), 0) + n
    else:
        clauses = where.sql()
        if scan:
            clauses = " AND ".join("+" + c if c.startswith("e.") else c for c in where.clauses) or "1"
        for column, index in (("source_actor_id", "events_pair"), ("target_actor_id", "events_target_pair")):
            hint = _indexed(store, index) if scan else ""
            for key, n in store.db.execute(
                f"SELECT e.{column}, count(*) FROM events e {hint} WHERE {clauses} GROUP BY 1", where.params
            ):
                totals[int(key)] = totals.get(int(key), 0) + int(n)
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [key for key, _ in ranked[:top]], len(ranked)


def _annotate_nodes(store: Store, graph: nx.DiGraph, level: str) -> None:
    countries = _countries()
    if level == "actor":
        ids = [int(str(n).split(":", 1)[1]) for n in graph.nodes]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for row in store.db.execute(
                f"SELECT id, name, kind, code, country, sector FROM actors WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                graph.nodes[f"actor:{row['id']}"].update(
                    label=row["name"],
                    kind=row["kind"],
                    code=row["code"],
                    country=row["country"] or "",
                    sector=row["sector"] or "",
                )
    else:
        for node in graph.nodes:
            graph.nodes[node].update(label=countries.get(str(node), str(node)), kind="country", code=node, country=node, sector="")
    for node in graph.nodes:
        data = graph.nodes[node]
        data["events"] = int(graph.in_degree(node, weight="weight") + graph.out_degree(node, weight="weight"))
        data["color"] = _node_colour(str(data.get("country") or data.get("code") or node))


def _node_colour(key: str) -> str:
    palette = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
    return palette[sum(key.encode()) % len(palette)]


BETWEENNESS_SAMPLE = 300


def centrality(graph: nx.DiGraph) -> pd.DataFrame:
    """Per node: label, events, in/out degree (by event count) and betweenness, most central first.

    Betweenness is exact up to :data:`BETWEENNESS_SAMPLE` nodes and estimated from that many
    sampled nodes in bigger graphs.
    """
    columns = ["node", "label", "events", "in_events", "out_events", "partners", "betweenness"]
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    # Exact betweenness costs nodes x edges; past a few hundred nodes, estimate it from a sample
    # of source nodes (fixed seed, so the same graph always ranks the same way).
    sample = min(graph.number_of_nodes(), BETWEENNESS_SAMPLE) if graph.number_of_nodes() > BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(graph, k=sample, seed=0 if sample else None)
    rows = [
        (
            node,
            graph.nodes[node].get("label", node),
            int(graph.nodes[node].get("events", 0)),
            int(graph.in_degree(node, weight="weight")),
            int(graph.out_degree(node, weight="weight")),
            len(set(graph.predecessors(node)) | set(graph.successors(node))),
            round(betweenness[node], 6),
        )
        for node in graph.nodes
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["events", "betweenness", "node"], ascending=[False, False, True]).reset_index(drop=True)


def write_graph(graph: nx.DiGraph, path: str | Path, fmt: Literal["graphml", "gexf"] | None = None) -> Path:
    """Write ``graph`` as GraphML or GEXF (chosen by ``fmt`` or by the file's suffix)."""
    target = Path(path)
    kind = fmt or target.suffix.lower().lstrip(".")
    if kind not in ("graphml", "gexf"):
        raise OptionError("format", f"{target}: write a .graphml or .gexf file (or pass fmt)")
    clean = nx.DiGraph()
    clean.graph.update({k: v for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        clean.add_node(str(node), **{k: v for k, v in data.items() if v is not None})
    for source, target_node, data in graph.edges(data=True):
        clean.add_edge(str(source), str(target_node), **{k: v for k, v in data.items() if v is not None})
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "graphml":
        nx.write_graphml(clean, target)
    else:
        nx.write_gexf(clean, target)
    return target


def graph_records(graph: nx.DiGraph) -> dict[str, Any]:
    """A JSON-ready ``{"nodes": [...], "edges": [...]}`` view of a :func:`network` graph."""
    return {
        "level": graph.graph.get("level"),
        "nodes": [{"id": str(node), **data} for node, data in graph.nodes(data=True)],
        "edges": [{"source": str(s), "target": str(t), **data} for s, t, data in graph.edges(data=True)],
    }


# -- stats ----------------------------------------------------------------------------------------


def stats(store: Store) -> dict[str, Any]:
    """What the database holds: row counts, date ranges, events per QuadClass, busiest countries and codes.

    The per-QuadClass, per-root and per-country figures come from the store's running tallies
    (``event_tallies``, kept by triggers), so this answers at once on millions of events; a
    store older than schema 4, or whose tallies disagree with its event count, is counted
    from the indexes instead.
    """
    db = store.db
    out: dict[str, Any] = {"database": store.path, **store.counts()}
    # min() and max() in separate statements: each is then one step down an index.
    out["first_event"] = db.execute("SELECT min(date) FROM events").fetchone()[0]
    out["last_event"] = db.execute("SELECT max(date) FROM events").fetchone()[0]
    out["first_article"] = db.execute("SELECT min(pub_date) FROM articles").fetchone()[0]
    out["last_article"] = db.execute("SELECT max(pub_date) FROM articles").fetchone()[0]
    out["duplicate_articles"] = int(db.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0])
    tallies = _tallies(store, out["events"], STATS_TALLIES)
    out["events_by_quad_class"] = {
        QUAD_CLASS_COLUMNS[int(q)]: n for q, n in sorted(tallies["quad_class"].items(), key=lambda item: int(item[0]))
    }
    # A country's events as source plus as target; an event within one country counts once.
    totals = dict(tallies["source_country"])
    for country, n in tallies["target_country"].items():
        totals[country] = totals.get(country, 0) + n - tallies["within_country"].get(country, 0)
    busiest = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:10]
    out["top_countries"] = [{"country": c, "events": n} for c, n in busiest]
    roots = sorted(tallies["cameo_root"].items(), key=lambda item: (-item[1], item[0]))[:10]
    out["top_cameo_roots"] = [{"cameo_root": r, "name": _cameo_name(r), "events": n} for r, n in roots]
    return out


STATS_TALLIES = ("quad_class", "cameo_root", "source_country", "target_country", "within_country")
# How each dimension of ``event_tallies`` is counted from the events (value, events, Goldstein
# sum), with the index that answers it; the same as the migration that creates the table.
TALLY_QUERIES = {
    "quad_class": ("events_quad", "SELECT quad_class, count(*), sum(goldstein) FROM events {hint} GROUP BY 1"),
    "cameo_root": ("events_cameo", "SELECT cameo_root, count(*), sum(goldstein) FROM events {hint} GROUP BY 1"),
    "source_country": (
        "events_dyad",
        "SELECT source_country, count(*), sum(goldstein) FROM events {hint} WHERE source_country IS NOT NULL GROUP BY 1",
    ),
    "target_country": (
        "events_target_dyad",
        "SELECT target_country, count(*), sum(goldstein) FROM events {hint} WHERE target_country IS NOT NULL GROUP BY 1",
    ),
    "within_country": (
        "events_dyad",
        ("SELECT source_country, count(*), sum(goldstein) FROM events {hint}"
        " WHERE source_country = target_country GROUP BY 1"),
    ),
    "source_actor": (
        "events_pair",
        "SELECT source_actor_id, count(*), sum(goldstein) FROM events {hint} WHERE target_actor_id IS NOT NULL GROUP BY 1",
    ),
    "target_actor": (
        "events_target_pair",
        "SELECT target_actor_id, count(*), sum(goldstein) FROM events {hint} WHERE target_actor_id IS NOT NULL GROUP BY 1",
    ),
    "country_pair": (
        "events_dyad",
        ("SELECT source_country || '>' || target_country || '>' || quad_class, count(*), sum(goldstein) FROM events"
        " {hint} WHERE source_country IS NOT NULL AND target_country IS NOT NULL"
        " GROUP BY source_country, target_country, quad_class"),
    ),
}


def _tallies(store: Store, events: int | None = None, dimensions: Sequence[str] = tuple(TALLY_QUERIES)) -> dict[str, dict[str, int]]:
    """Events per value of each dimension (see ``event_tallies``): from the tally table when it
    agrees with the number of events (``events``, counted if not given), else counted from the indexes."""
    out: dict[str, dict[str, int]] = {dimension: {} for dimension in dimensions}
    if _has_table(store, "event_tallies"):
        if events is None:
            events = int(store.db.execute("SELECT count(*) FROM events").fetchone()[0])
        marks = ",".join("?" * len(dimensions))
        for dimension, value, n in store.db.execute(
            f"SELECT dimension, value, events FROM event_tallies WHERE dimension IN ('quad_class', {marks})",
            list(dimensions),
        ):
            if dimension in out or dimension == "quad_class":
                out.setdefault(dimension, {})[str(value)] = int(n)
        if sum(out["quad_class"].values()) == events:
            return {dimension: out[dimension] for dimension in dimensions}
    for dimension in dimensions:
        index, sql = TALLY_QUERIES[dimension]
        hint = _indexed(store, index)
        out[dimension] = {str(value): int(n) for value, n, _ in store.db.execute(sql.format(hint=hint))}
    return {dimension: out[dimension] for dimension in dimensions}


def refresh_tallies(db: sqlite3.Connection) -> int:
    """Recount ``event_tallies`` (and, from schema 6, ``profile_tallies`` and ``partner_tallies``)
    from the events, in one transaction; returns the rows written.

    For a bulk load that dropped the tally triggers for speed (``bench/query_latency.py`` does);
    the triggers keep the tallies right for everything written through the store.
    """
    rows = [
        (dimension, str(value), int(n), float(goldstein or 0))
        for dimension, (_, sql) in TALLY_QUERIES.items()
        for value, n, goldstein in db.execute(sql.format(hint=""))
    ]
    written = len(rows)
    with db:
        db.execute("DELETE FROM event_tallies")
        db.executemany("INSERT INTO event_tallies (dimension, value, events, goldstein) VALUES (?, ?, ?, ?)", rows)
        for table in ("profile_tallies", "partner_tallies"):
            written += _refill(db, table)
    return written


def refresh_evidence_index(db: sqlite3.Connection) -> int:
    """Rebuild the evidence index ``event_evidence`` (schema 6) from the event sources, in one
    transaction; returns the sources indexed. For a bulk load that dropped its triggers."""
    with db:
        return _refill(db, "event_evidence")


def _refill(db: sqlite3.Connection, table: str) -> int:
    """Empty ``table`` and fill it again as its migration did; 0 when the store has no such table."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is None:
        return 0
    db.execute(f"DELETE FROM {table}")
    return db.execute(_fill_statements()[table]).rowcount


@cache
def _fill_statements() -> dict[str, str]:
    """table -> the ``INSERT ... SELECT`` with which a migration fills it from existing rows (the
    migration script stays the one place that says how a derived table is counted)."""
    out: dict[str, str] = {}
    for _, script in _migrations():
        for statement in sql_statements(script):
            body = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--")).strip()
            found = re.match(r"INSERT INTO (\w+)", body)
            if found:
                out[found.group(1)] = body
    return out


def _has_table(store: Store, table: str) -> bool:
    row = store.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return row is not None


def _indexed(store: Store, index: str) -> str:
    """``INDEXED BY index`` when the store has it (schema 4 and later), else nothing."""
    return f"INDEXED BY {index}" if _has_index(store, index) else ""


def _has_index(store: Store, index: str) -> bool:
    row = store.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)).fetchone()
    return row is not None


# -- one object for all of it ---------------------------------------------------------------------


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

    def events(self, **filters: Any) -> pd.DataFrame:
        return events(self.store, **filters)

    def count_events(self, **filters: Any) -> int:
        return count_events(self.store, **filters)

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
