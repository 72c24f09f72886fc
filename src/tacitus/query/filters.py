"""Event filters: one frozen :class:`EventFilter` for every place that filters events.

The query functions, the CLI (``tacitus events``/``export`` options), the HTTP API
(``/api/events`` parameters) and the exports all take their filters from here: each field of
:class:`EventFilter` carries a :class:`FilterSpec` (its ``--option``, its web parameters and
their help, its check and its SQL condition), the way datasette's ``filters.py`` keeps a table
of filters. A new filter is one new field.

>>> EventFilter(dyad=("IRN", "CHN"), cameo="04", start="2022")     # doctest: +SKIP
>>> EventFilter(country="Iran")                                     # doctest: +SKIP
Traceback (most recent call last):
tacitus.errors.OptionError: country: 'Iran' is not an ISO 3166-1 alpha-3 code (IRN, CHN, USA)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypedDict

from tacitus import codebook
from tacitus.errors import OptionError
from tacitus.query.references import ActorRef, resolve_actor
from tacitus.query.sql import Where, has_table, like_literal
from tacitus.store import Store

QUAD_CLASS_COLUMNS: dict[int, str] = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}
COMMON_TEXT_ROWS = 2_000


# -- dates and paging -------------------------------------------------------------------------------


def parse_date(option: str, value: str | dt.date | None) -> str | None:
    """An ISO day from ``value`` (a date, or ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` for its first day)."""
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


def end_date(value: str | dt.date | None) -> str | None:
    """The last day an ``end`` filter includes: ``2022-04`` means up to 2022-04-30."""
    day = parse_date("end", value)
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


def check_limit(option: str, value: int | None) -> int:
    """A ``LIMIT``/``OFFSET`` value: ``None`` is no limit (-1)."""
    if value is None:
        return -1
    if not isinstance(value, int) or value < 0:
        raise OptionError(option, f"{value!r} must be a whole number >= 0")
    return value


# -- conditions -------------------------------------------------------------------------------------

Condition = tuple[str, list[Any]]


def dyad_condition(ref_a: ActorRef, ref_b: ActorRef, directed: bool) -> Condition:
    """Events from ``ref_a`` to ``ref_b`` (and, unless ``directed``, back)."""
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


def text_condition(store: Store, text: str) -> Condition:
    """The condition that one of the event's evidence sentences holds ``text`` (case-insensitive
    for ASCII letters, ``%`` and ``_`` taken literally), with its parameters.

    From schema 6 the trigram index ``event_evidence`` gives the candidates: its own ``LIKE``
    (wildcards not escaped, so it finds a superset) is answered from the index when ``text``
    has three characters or more; the exact, escaped ``LIKE`` then checks them.
    """
    exact = "%" + like_literal(text) + "%"
    if has_table(store, "event_evidence") and not _common_text(store, text, exact):
        return (
            "e.id IN (SELECT event_id FROM event_evidence WHERE evidence LIKE ? AND evidence LIKE ? ESCAPE '\\')",
            ["%" + text + "%", exact],
        )
    return "EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id AND s.evidence LIKE ? ESCAPE '\\')", [exact]


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


def _code(option: str, value: str | None, problem: str) -> str | None:
    """A three-letter code upper-cased (country, sector), or None when not given."""
    if not value:
        return None
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise OptionError(option, f"{value!r} is not {problem}")
    return code


def _country(value: str | None) -> str | None:
    return _code("country", value, "an ISO 3166-1 alpha-3 code (IRN, CHN, USA)")


def _sector(value: str | None) -> str | None:
    return _code("sector", value, "a sector code (GOV, MIL, DIP, ...)")


def _cameo(value: str | None) -> str | None:
    if not value:
        return None
    code = str(value).strip()
    if not re.fullmatch(r"\d{2,4}", code):
        raise OptionError("cameo", f"{value!r} is not a CAMEO code or root; codes keep leading zeros: 04, 042")
    return code


def _plover(value: str | None) -> str | None:
    if not value:
        return None
    name = value.strip().upper()
    if name not in codebook.PLOVER_TYPES:
        raise OptionError("plover", f"{value!r} is not a PLOVER type; use one of {', '.join(codebook.PLOVER_TYPES)}")
    return name


def _quad_class(value: int | None) -> int | None:
    if value is not None and value not in QUAD_CLASS_COLUMNS:
        raise OptionError("quad_class", f"{value!r} must be 1, 2, 3 or 4")
    return None if value is None else int(value)


def _dyad(value: tuple[str | int, str | int] | None) -> tuple[str | int, str | int] | None:
    if value is not None and len(value) != 2:
        raise OptionError("dyad", "a dyad is two actors: (A, B)")
    return value


def _actor_sql(f: EventFilter, store: Store) -> list[Condition]:
    if f.actor is None or not str(f.actor).strip():
        return []
    ref = resolve_actor(store, f.actor)
    source, source_params = ref.condition("source")
    target, target_params = ref.condition("target")
    return [(f"({source} OR {target})", [*source_params, *target_params])]


def _country_sql(f: EventFilter, store: Store) -> list[Condition]:
    country, sector = _country(f.country), _sector(f.sector)
    if country and sector:  # one actor of both: Iran's military, not Iran and someone's military
        clause = "((e.source_country = ? AND e.source_sector = ?) OR (e.target_country = ? AND e.target_sector = ?))"
        return [(clause, [country, sector, country, sector])]
    if country:
        return [("(e.source_country = ? OR e.target_country = ?)", [country, country])]
    return []


def _sector_sql(f: EventFilter, store: Store) -> list[Condition]:
    sector = _sector(f.sector)
    if sector and not _country(f.country):
        return [("(e.source_sector = ? OR e.target_sector = ?)", [sector, sector])]
    return []


def _dyad_sql(f: EventFilter, store: Store) -> list[Condition]:
    dyad = _dyad(f.dyad)
    if dyad is None:
        return []
    return [dyad_condition(resolve_actor(store, dyad[0]), resolve_actor(store, dyad[1]), f.directed)]


def _cameo_sql(f: EventFilter, store: Store) -> list[Condition]:
    code = _cameo(f.cameo)
    if code is None:
        return []
    if len(code) == 2:
        return [("e.cameo_root = ?", [code])]
    return [("e.cameo_root = ? AND e.cameo_code LIKE ?", [code[:2], code + "%"])]


def _plover_sql(f: EventFilter, store: Store) -> list[Condition]:
    name = _plover(f.plover)
    return [("e.plover_type = ?", [name])] if name else []


def _quad_class_sql(f: EventFilter, store: Store) -> list[Condition]:
    quad = _quad_class(f.quad_class)
    return [] if quad is None else [("e.quad_class = ?", [quad])]


def _start_sql(f: EventFilter, store: Store) -> list[Condition]:
    first = parse_date("start", f.start)
    return [("e.date >= ?", [first])] if first else []


def _end_sql(f: EventFilter, store: Store) -> list[Condition]:
    last = end_date(f.end)
    return [("e.date <= ?", [last])] if last else []


def _place_sql(f: EventFilter, store: Store) -> list[Condition]:
    return [("e.place_name = ? COLLATE NOCASE", [f.place.strip()])] if f.place else []


def _text_sql(f: EventFilter, store: Store) -> list[Condition]:
    return [text_condition(store, f.text.strip())] if f.text else []


# -- the table of filters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WebParameter:
    """One HTTP query parameter of a filter (plain data: :mod:`tacitus.serve` makes it a field of
    its query model)."""

    name: str
    help: str
    max_length: int | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class FilterSpec:
    """How one filter is offered and turned into SQL.

    ``help`` is its command-line help, ``web`` its HTTP parameters (two for a dyad: ``a`` and
    ``b``); ``kind`` says what a value is (``text``, ``number`` in ``bounds``, a ``flag``, a
    ``pair``); ``check`` validates a value without the store; ``sql`` gives the filter's
    conditions (none when it is not given).
    """

    help: str
    web: tuple[WebParameter, ...]
    sql: Callable[[EventFilter, Store], list[Condition]] | None = None
    check: Callable[[Any], object] | None = None
    kind: Literal["text", "number", "flag", "pair"] = "text"
    bounds: tuple[int, int] | None = None
    metavar: str | None = None


def option_name(name: str) -> str:
    """The command-line option of the filter field ``name``: ``quad_class`` -> ``--quad-class``."""
    return "--" + name.replace("_", "-")


DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
DATE_HELP = "YYYY-MM-DD, or YYYY-MM / YYYY for a whole month or year (inclusive)."


def _filter(spec: FilterSpec, default: Any = None) -> Any:
    return field(default=default, metadata={"filter": spec})


@dataclass(frozen=True)
class EventFilter:
    """Which events a question is about; every field that is given must hold.

    ``actor`` matches as source or target; ``dyad=(A, B)`` matches events between A and B (only
    A -> B with ``directed=True``); ``cameo`` is a code or a prefix (``"04"``, ``"042"``);
    ``start``/``end`` are inclusive ISO dates (``"2022"`` and ``"2022-04"`` work too); ``text``
    is a substring of an evidence sentence. A filter checks its values when it is made
    (:class:`~tacitus.errors.OptionError` names the one at fault); actor references are
    resolved against a store by :meth:`where`.
    """

    actor: str | int | None = _filter(FilterSpec(
        "Actor as source or target: name, alias, country code (IRN) or code (IRNGOV).",
        (WebParameter("actor", "Actor (id, code, name), as source or target.", 200),),
        _actor_sql,
    ))
    country: str | None = _filter(FilterSpec(
        "ISO alpha-3 country of the source or target: IRN.",
        (WebParameter("country", "ISO alpha-3 country, as source or target.", 3),),
        _country_sql, _country,
    ))
    sector: str | None = _filter(FilterSpec(
        "Sector of the source or target: GOV, MIL, DIP...",
        (WebParameter("sector", "Actor sector: GOV, MIL, DIP...", 3),),
        _sector_sql, _sector,
    ))
    dyad: tuple[str | int, str | int] | None = _filter(FilterSpec(
        "Events between A and B (both directions).",
        (WebParameter("a", "Dyad: actor or country A (with b).", 200),
         WebParameter("b", "Dyad: actor or country B (with a).", 200)),
        _dyad_sql, _dyad, kind="pair", metavar="A B",
    ))
    directed: bool = _filter(FilterSpec(
        "With --dyad: only events from A to B.",
        (WebParameter("directed", "Dyad: only events from a to b."),),
        kind="flag",
    ), default=False)
    cameo: str | None = _filter(FilterSpec(
        "CAMEO code or root prefix, with leading zeros: 04, 042.",
        (WebParameter("cameo", "CAMEO code or prefix, leading zeros kept: 04, 042.", 4),),
        _cameo_sql, _cameo,
    ))
    plover: str | None = _filter(FilterSpec(
        "PLOVER event type: CONSULT, ACCUSE...",
        (WebParameter("plover", "PLOVER type: CONSULT, ACCUSE...", 12),),
        _plover_sql, _plover,
    ))
    quad_class: int | None = _filter(FilterSpec(
        "1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict.",
        (WebParameter("quad_class", "1-4: verbal/material cooperation/conflict."),),
        _quad_class_sql, _quad_class, kind="number", bounds=(1, 4),
    ))
    start: str | dt.date | None = _filter(FilterSpec(  # noqa: RUF009 - a field() with its spec
        "First day, YYYY-MM-DD (YYYY-MM and YYYY work too).",
        (WebParameter("start", DATE_HELP, 10, DATE_PATTERN),),
        _start_sql, lambda value: parse_date("start", value),
    ))
    end: str | dt.date | None = _filter(FilterSpec(  # noqa: RUF009 - a field() with its spec
        "Last day (inclusive), YYYY-MM-DD.",
        (WebParameter("end", DATE_HELP, 10, DATE_PATTERN),),
        _end_sql, end_date,
    ))
    place: str | None = _filter(FilterSpec(
        "Place name (case-insensitive): Tehran.",
        (WebParameter("place", "Place name.", 200),),
        _place_sql,
    ))
    text: str | None = _filter(FilterSpec(
        "Words that occur in the evidence sentence.",
        (WebParameter("q", "Words in the evidence sentence.", 500),),
        _text_sql,
    ))

    def __post_init__(self) -> None:
        for name, spec in filter_specs().items():
            if spec.check is not None:
                spec.check(getattr(self, name))
        first, last = parse_date("start", self.start), end_date(self.end)
        if first and last and first > last:
            raise OptionError("start", f"start {first} is after end {last}")

    def where(self, store: Store) -> Where:
        """The SQL conditions (on table alias ``e``) and parameters of these filters, actor
        references resolved in ``store``; :class:`~tacitus.errors.UnknownActorError` if one
        names nothing."""
        where = Where()
        for spec in filter_specs().values():
            for clause, params in spec.sql(self, store) if spec.sql else ():
                where.add(clause, *params)
        return where

    def given(self) -> set[str]:
        """The names of the filters given a value (``directed=False`` and blanks are not)."""
        return {
            name for name in filter_specs()
            if (value := getattr(self, name)) is not None and value is not False and str(value).strip() != ""
        }  # fmt: skip

    @classmethod
    def from_options(cls, values: Mapping[str, Any]) -> EventFilter:
        """The filter of command-line option values (by field name; absent, None and () ignored;
        ``directed`` only with a dyad)."""
        chosen = {name: values[name] for name in filter_specs() if values.get(name) not in (None, ())}
        if not chosen.get("dyad"):
            chosen.pop("directed", None)
        else:
            chosen["dyad"] = tuple(chosen["dyad"])
        return cls(**chosen)

    @classmethod
    def from_web(cls, values: Mapping[str, Any]) -> EventFilter:
        """The filter of HTTP parameter values (by :class:`WebParameter` name: ``a``, ``b``, ``q``...)."""
        chosen: dict[str, Any] = {}
        for name, spec in filter_specs().items():
            given = [values.get(parameter.name) for parameter in spec.web]
            if spec.kind == "pair":
                chosen[name] = tuple(given) if all(v is not None for v in given) else None
            elif spec.kind == "flag":
                chosen[name] = bool(given[0])
            else:
                chosen[name] = given[0]
        return cls(**chosen)


class FilterKeywords(TypedDict, total=False):
    """The fields of :class:`EventFilter` as keyword arguments of the query functions, for type
    checkers (``tests/test_query_filters.py`` keeps the two the same)."""

    actor: str | int | None
    country: str | None
    sector: str | None
    dyad: tuple[str | int, str | int] | None
    directed: bool
    cameo: str | None
    plover: str | None
    quad_class: int | None
    start: str | dt.date | None
    end: str | dt.date | None
    place: str | None
    text: str | None


def filter_specs() -> dict[str, FilterSpec]:
    """Field name -> :class:`FilterSpec`, in the order of :class:`EventFilter`'s fields."""
    return _SPECS


_SPECS: dict[str, FilterSpec] = {f.name: f.metadata["filter"] for f in fields(EventFilter)}


def event_filter(filters: EventFilter | None, criteria: FilterKeywords) -> EventFilter:
    """``filters``, or the filter of the keyword arguments ``criteria`` (one or the other)."""
    if filters is None:
        return EventFilter(**criteria)
    if criteria:
        raise OptionError("filters", f"give an EventFilter or filter keywords ({', '.join(sorted(criteria))}), not both")
    return filters
