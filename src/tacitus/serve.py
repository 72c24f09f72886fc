"""The HTTP API and the analyst's page: a read-only FastAPI app over one Tacitus database.

``create_app(db_path)`` returns the app; ``tacitus serve`` runs it with uvicorn. Every request
opens its own read-only SQLite connection and closes it when done, so an ingest writing the same
file (WAL mode) is never blocked and every request sees the batches committed before it began.
A request whose query runs longer than ``query_timeout`` seconds is interrupted (503).

The JSON endpoints mirror :mod:`tacitus.query` (events, timeline, dyad series, actor profile,
network, article search, actors, stats); two more return one event with its codes explained and
one article with its sentences and the evidence spans of its events. Lists are paginated with
``limit`` (at most :data:`MAX_LIMIT`) and ``offset`` and carry ``next_offset`` (null on the last
page). The page itself is static HTML/CSS/JS from ``tacitus/web`` served at ``/``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as Path_
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator

from tacitus import codebook
from tacitus.errors import OptionError, QueryError, StoreError, TacitusError, UnknownActorError
from tacitus.store import Store

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
DEFAULT_QUERY_TIMEOUT = 10.0

QUAD_CLASS_NAMES = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}

# The page loads nothing from elsewhere: scripts, styles and API calls all come from this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


class QueryTimeoutError(QueryError):
    """A request's database work ran longer than the server's query timeout."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"query interrupted after {seconds:g} s; narrow the filters (dates, actors) or raise --timeout"
        )


def web_directory() -> Path:
    """The folder holding the page (index.html, app.js, style.css)."""
    return Path(str(resources.files("tacitus") / "web"))


# -- app ------------------------------------------------------------------------------------------


def create_app(
    db_path: str | Path,
    *,
    read_only: bool = True,
    query_timeout: float = DEFAULT_QUERY_TIMEOUT,
    cors_origins: Sequence[str] = (),
) -> FastAPI:
    """The Tacitus web app over the database at ``db_path``.

    With ``read_only`` (the default) the database must exist and is only ever opened read-only.
    With ``read_only=False`` a missing database is created (empty, schema migrated) first; the
    app still never writes. ``cors_origins`` lists origins allowed to call the API from other
    pages; empty (the default) means no CORS headers at all.
    """
    path = Path(db_path)
    if read_only:
        Store(path, read_only=True).close()  # fails now, with a clear message, if absent or too new
    else:
        Store(path).close()
    app = FastAPI(
        title="Tacitus",
        summary="Political events from dated news articles: who did what to whom, when and where.",
        version=_version(),
        docs_url=None,  # the interactive docs load their scripts from a CDN; the schema is enough
        redoc_url=None,
    )
    app.state.db_path = path
    app.state.query_timeout = query_timeout

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"])

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.url.path.startswith("/api/"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

    _install_error_handlers(app)
    app.include_router(_api_router())
    web = web_directory()
    app.mount("/static", StaticFiles(directory=web), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(web / "index.html", media_type="text/html")

    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tacitus")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0"


def _install_error_handlers(app: FastAPI) -> None:
    def reply(status: int) -> Callable[[Request, Exception], JSONResponse]:
        def handler(request: Request, exc: Exception) -> JSONResponse:
            return JSONResponse({"detail": str(exc)}, status_code=status)

        return handler

    # Most specific first: FastAPI picks the handler of the nearest class in the exception's MRO.
    app.add_exception_handler(QueryTimeoutError, reply(503))
    app.add_exception_handler(UnknownActorError, reply(404))
    app.add_exception_handler(codebook.UnknownCameoCodeError, reply(422))
    app.add_exception_handler(codebook.UnknownPloverTypeError, reply(422))
    app.add_exception_handler(OptionError, reply(422))
    app.add_exception_handler(QueryError, reply(422))
    app.add_exception_handler(StoreError, reply(503))
    app.add_exception_handler(TacitusError, reply(400))


# -- one read-only connection per request ---------------------------------------------------------


def open_request_store(request: Request) -> Iterator[Store]:
    """A fresh read-only :class:`Store` for one request, interrupted after the query timeout."""
    timeout: float = request.app.state.query_timeout
    store = Store(request.app.state.db_path, read_only=True)
    deadline = time.monotonic() + timeout
    expired = False

    def progress() -> int:
        nonlocal expired
        expired = expired or time.monotonic() > deadline
        return 1 if expired else 0  # non-zero makes SQLite interrupt the running statement

    store.db.set_progress_handler(progress, 1_000)
    try:
        yield store
    except (sqlite3.Error, pd.errors.DatabaseError) as exc:
        if expired:
            raise QueryTimeoutError(timeout) from exc
        raise StoreError(f"{store.path}: {exc}") from exc
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(open_request_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page, at most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip (for the next page).")]


DateParam = Annotated[dt.date | None, Query(description="ISO date, YYYY-MM-DD (inclusive).")]
EventIdPath = Path_(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="An event id.")
ArticleIdPath = Path_(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$", description="An article id.")


class EventFilters(BaseModel):
    """The filters of ``/api/events``; unknown parameters are refused (422) rather than ignored."""

    model_config = ConfigDict(extra="forbid")

    actor: str | None = Field(None, max_length=200, description="Actor id, code or name, as source or target.")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3, as source or target.")
    sector: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="Actor sector: GOV, MIL, DIP...")
    a: str | None = Field(None, max_length=200, description="Dyad: actor or country A (with b).")
    b: str | None = Field(None, max_length=200, description="Dyad: actor or country B (with a).")
    directed: bool = Field(False, description="Dyad: only events from a to b.")
    cameo: str | None = Field(None, pattern=r"^[0-9]{2,4}$", description="CAMEO code or prefix: 04, 042.")
    plover: str | None = Field(None, pattern=r"^[A-Za-z]{3,12}$", description="PLOVER type: CONSULT, ACCUSE...")
    quad_class: int | None = Field(None, ge=1, le=4, description="1-4: verbal/material cooperation/conflict.")
    start: dt.date | None = Field(None, description="First day, YYYY-MM-DD.")
    end: dt.date | None = Field(None, description="Last day, YYYY-MM-DD.")
    place: str | None = Field(None, max_length=200, description="Place name.")
    q: str | None = Field(None, max_length=500, description="Words in the evidence sentence.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page, at most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=10_000_000, description="Rows to skip.")

    @model_validator(mode="after")
    def _coherent(self) -> EventFilters:
        if (self.a is None) != (self.b is None):
            raise ValueError("a dyad needs both a and b")
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        if self.plover and self.plover.upper() not in codebook.PLOVER_TYPES:
            raise ValueError(f"unknown PLOVER type {self.plover!r}; use one of {', '.join(codebook.PLOVER_TYPES)}")
        return self

    def as_kwargs(self) -> dict[str, Any]:
        """The filters to pass on to the query layer (paging excluded, codes upper-cased)."""
        values = self.model_dump(exclude={"limit", "offset"})
        for key in ("country", "sector", "plover"):
            if values[key]:
                values[key] = values[key].upper()
        return values


# -- JSON helpers ---------------------------------------------------------------------------------


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as JSON-ready row dicts: NaN -> null, numpy scalars -> Python, dates -> ISO."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    rows: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    return rows


def page(rows: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    """One page of a list, given up to ``limit + 1`` rows fetched from ``offset``."""
    more = len(rows) > limit
    return {
        "items": rows[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


def clean(value: Any) -> Any:
    """A JSON-safe copy of nested dicts/lists/DataFrames (NaN -> null, dates -> ISO strings)."""
    if isinstance(value, pd.DataFrame):
        return records(value)
    if isinstance(value, pd.Series):
        return clean(value.to_dict())
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()[:10] if not isinstance(value, dt.datetime) or value.time() == dt.time() else value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return clean(value.item())
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


# -- codes explained ------------------------------------------------------------------------------


def explain_codes(cameo_code: str, goldstein: float, quad_class: int, plover_type: str | None,
                  plover_mode: str | None, plover_context: str | None) -> dict[str, Any]:
    """What an event's codes mean, from the codebook: CAMEO name and root, Goldstein, QuadClass, PLOVER."""
    try:
        entry: codebook.CameoCode | None = codebook.cameo(cameo_code)
    except codebook.UnknownCameoCodeError:
        entry = None
    try:
        root: codebook.CameoCode | None = codebook.cameo(cameo_code[:2])
    except codebook.UnknownCameoCodeError:
        root = None
    tone = "cooperative" if goldstein > 0 else "conflictual" if goldstein < 0 else "neutral"
    return {
        "cameo": {
            "code": cameo_code,
            "name": entry.name if entry else None,
            "root": cameo_code[:2],
            "root_name": root.name if root else None,
        },
        "goldstein": {
            "value": goldstein,
            "explain": f"{tone} on the Goldstein scale from −10 (most conflictual) to +10 (most cooperative)",
        },
        "quad_class": {"value": quad_class, "name": QUAD_CLASS_NAMES.get(quad_class)},
        "plover": {
            "type": plover_type,
            "mode": plover_mode,
            "context": plover_context,
            "explain": None if plover_type else "PLOVER has no type for CAMEO 01x public statements",
        },
    }


# -- the API --------------------------------------------------------------------------------------


def _api_router() -> Any:
    from fastapi import APIRouter

    router = APIRouter(prefix="/api")

    @router.get("/stats", summary="What the database holds")
    def stats(store: StoreDep) -> dict[str, Any]:
        return clean(_queries.stats(store))

    @router.get("/actors", summary="Actors by name (autocomplete), busiest first")
    def actors(
        store: StoreDep,
        q: Annotated[str | None, Query(max_length=200, description="Part of a name, alias or code.")] = None,
        kind: Annotated[str | None, Query(pattern="^(country|person|organisation|group)$")] = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        rows = records(_queries.actors(store, search=q, kind=kind, limit=limit + 1, offset=offset))
        return page(rows, limit, offset)

    @router.get("/actors/{ref}", summary="One actor: profile, partners and monthly series")
    def actor_profile(
        store: StoreDep,
        ref: str,
        freq: Annotated[str, Query(pattern="^(week|month|year)$")] = "month",
    ) -> dict[str, Any]:
        return clean(_queries.actor_profile(store, ref, freq=freq))

    @router.get("/events", summary="Events matching the filters, newest first")
    def events(store: StoreDep, filters: Annotated[EventFilters, Query()]) -> dict[str, Any]:
        rows = records(
            _queries.events(store, **filters.as_kwargs(), limit=filters.limit + 1, offset=filters.offset)
        )
        return page(rows, filters.limit, filters.offset)

    @router.get("/events/{event_id}", summary="One event: codes explained, sources with offsets")
    def event_detail(store: StoreDep, event_id: Annotated[str, EventIdPath]) -> dict[str, Any]:
        return clean(_event_detail(store, event_id))

    @router.get("/timeline", summary="What one actor did and had done to it, day by day")
    def timeline(
        store: StoreDep,
        actor: Annotated[str, Query(min_length=1, max_length=200, description="Actor id, code or name.")],
        start: DateParam = None,
        end: DateParam = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        rows = records(_queries.timeline(store, actor, start=start, end=end, limit=limit + 1, offset=offset))
        return page(rows, limit, offset)

    @router.get("/dyad", summary="Cooperation and conflict between two actors over time")
    def dyad(
        store: StoreDep,
        a: Annotated[str, Query(min_length=1, max_length=200, description="Actor or country A.")],
        b: Annotated[str, Query(min_length=1, max_length=200, description="Actor or country B.")],
        directed: bool = False,
        freq: Annotated[str, Query(pattern="^(week|month|year)$")] = "month",
        start: DateParam = None,
        end: DateParam = None,
    ) -> dict[str, Any]:
        series = _queries.dyad_series(store, a, b, directed=directed, freq=freq, start=start, end=end)
        return clean({
            "a": _queries.describe_actor(store, a),
            "b": _queries.describe_actor(store, b),
            "directed": directed,
            "freq": freq,
            "series": series,
        })

    @router.get("/network", summary="Who deals with whom: actors as nodes, dyads as weighted edges")
    def network(
        store: StoreDep,
        actor: Annotated[str | None, Query(max_length=200, description="Only this actor's partners.")] = None,
        start: DateParam = None,
        end: DateParam = None,
        min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most edges drawn.")] = 200,
    ) -> dict[str, Any]:
        return clean(_queries.network(store, actor=actor, start=start, end=end, min_events=min_events,
                                      limit=limit))

    @router.get("/articles", summary="Articles, newest first, or matching a full-text query")
    def articles(
        store: StoreDep,
        q: Annotated[str | None, Query(max_length=500, description="Full-text query (words, \"phrases\").")] = None,
        start: DateParam = None,
        end: DateParam = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        rows = records(_queries.search_articles(store, q, start=start, end=end, limit=limit + 1, offset=offset))
        return page(rows, limit, offset)

    @router.get("/articles/{article_id}", summary="One article: text, sentences, evidence spans of its events")
    def article_detail(store: StoreDep, article_id: Annotated[str, ArticleIdPath]) -> dict[str, Any]:
        return clean(_article_detail(store, article_id))

    @router.get("/search", summary="Actors and articles matching a query")
    def search(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> dict[str, Any]:
        return {
            "query": q,
            "actors": records(_queries.actors(store, search=q, limit=limit)),
            "articles": records(_queries.search_articles(store, q, limit=limit)),
            "events": records(_queries.events(store, q=q, limit=limit)),
        }

    return router


# -- one event, one article (by id) ---------------------------------------------------------------


def _event_detail(store: Store, event_id: str) -> dict[str, Any]:
    row = store.db.execute(
        "SELECT e.*, s.name AS source_name, s.kind AS source_kind, t.name AS target_name, t.kind AS target_kind"
        " FROM events e JOIN actors s ON s.id = e.source_actor_id LEFT JOIN actors t ON t.id = e.target_actor_id"
        " WHERE e.id = ?",
        (event_id,),
    ).fetchone()
    if row is None:
        raise HTTPException(404, f"no event with id {event_id!r}; list events with /api/events")
    event = dict(row)
    event.pop("rowid", None)
    event["negated"] = bool(event["negated"])
    event["dictionary_entries"] = json.loads(event["dictionary_entries"] or "[]")
    sources = store.db.execute(
        "SELECT x.article_id, x.sentence_idx, x.start, x.end, x.evidence, x.trigger,"
        " a.title AS article_title, a.pub_date, a.outlet, a.url"
        " FROM event_sources x JOIN articles a ON a.id = x.article_id"
        " WHERE x.event_id = ? ORDER BY a.pub_date, x.article_id, x.sentence_idx, x.start",
        (event_id,),
    ).fetchall()
    return {
        "event": event,
        "codes": explain_codes(
            event["cameo_code"], event["goldstein"], event["quad_class"],
            event["plover_type"], event["plover_mode"], event["plover_context"],
        ),
        "sources": [dict(source) for source in sources],
    }


def _article_detail(store: Store, article_id: str) -> dict[str, Any]:
    row = store.db.execute(
        "SELECT id, title, text, pub_date, dateline_place, dateline_date, outlet, url, origin, duplicate_of,"
        " ingested_at FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        raise HTTPException(404, f"no article with id {article_id!r}; search articles with /api/articles?q=")
    sentences = store.db.execute(
        "SELECT idx, start, end, text FROM sentences WHERE article_id = ? ORDER BY idx", (article_id,)
    ).fetchall()
    events = store.db.execute(
        "SELECT x.event_id, x.sentence_idx, x.start, x.end, x.evidence, x.trigger, e.date, e.cameo_code,"
        " e.cameo_name, e.goldstein, e.quad_class, e.plover_type, e.source_code, s.name AS source_name,"
        " e.target_code, t.name AS target_name"
        " FROM event_sources x JOIN events e ON e.id = x.event_id JOIN actors s ON s.id = e.source_actor_id"
        " LEFT JOIN actors t ON t.id = e.target_actor_id"
        " WHERE x.article_id = ? ORDER BY x.start, x.end",
        (article_id,),
    ).fetchall()
    mentions = store.db.execute(
        "SELECT m.sentence_idx, m.start, m.end, m.text, m.actor_id, a.name AS actor_name, a.code AS actor_code"
        " FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE m.article_id = ? ORDER BY m.start",
        (article_id,),
    ).fetchall()
    return {
        "article": dict(row),
        "sentences": [dict(s) for s in sentences],
        "events": [dict(e) for e in events],
        "mentions": [dict(m) for m in mentions],
    }


# -- queries --------------------------------------------------------------------------------------
# Interim: a minimal private query layer with fixed, parameterised SQL, until tacitus.query lands.
# Request strings only ever reach SQL as bound parameters.

_EVENT_COLUMNS = (
    "e.id, e.date, e.date_precision, e.source_actor_id, s.name AS source_name, e.source_code,"
    " e.source_country, e.target_actor_id, t.name AS target_name, e.target_code, e.target_country,"
    " e.cameo_code, e.cameo_name, e.goldstein, e.quad_class, e.plover_type, e.plover_mode, e.plover_context,"
    " e.place_name, e.modality, e.negated, e.confidence, e.num_sources,"
    " (SELECT x.evidence FROM event_sources x WHERE x.event_id = e.id"
    "  ORDER BY x.article_id, x.sentence_idx LIMIT 1) AS evidence"
)
_EVENT_FROM = " FROM events e JOIN actors s ON s.id = e.source_actor_id LEFT JOIN actors t ON t.id = e.target_actor_id"
_PERIOD = {"month": "substr(e.date, 1, 7)", "year": "substr(e.date, 1, 4)", "week": "strftime('%Y-W%W', e.date)"}


class _Selection:
    """Which events an actor reference picks on one side: a country, one actor, or an actor code."""

    def __init__(self, column: str, value: str | int, actor: dict[str, Any]) -> None:
        self.column = column  # "country", "actor_id" or "code"
        self.value = value
        self.actor = actor

    def side(self, side: str) -> tuple[str, list[Any]]:
        return f"e.{side}_{self.column} = ?", [self.value]

    def either(self) -> tuple[str, list[Any]]:
        return f"(e.source_{self.column} = ? OR e.target_{self.column} = ?)", [self.value, self.value]


class _StoreQueries:
    def resolve(self, store: Store, ref: str) -> _Selection:
        ref = ref.strip()
        db = store.db
        if ref.isdigit():
            row = db.execute("SELECT * FROM actors WHERE id = ?", (int(ref),)).fetchone()
            if row is not None:
                return self._for_actor(dict(row))
        if len(ref) == 3 and ref.isalpha():
            code = ref.upper()
            row = db.execute(
                "SELECT * FROM actors WHERE country = ? AND kind = 'country' AND sector IS NULL", (code,)
            ).fetchone()
            if row is not None or db.execute("SELECT 1 FROM events WHERE source_country = ? LIMIT 1", (code,)).fetchone():
                actor = dict(row) if row else {"id": None, "name": code, "kind": "country", "country": code,
                                               "sector": None, "code": code, "title": None}
                return _Selection("country", code, actor)
        row = db.execute("SELECT * FROM actors WHERE code = ? ORDER BY kind = 'country' DESC, id LIMIT 1",
                         (ref.upper(),)).fetchone()
        if row is not None and row["code"] != row["country"]:
            return _Selection("code", ref.upper(), dict(row))
        from tacitus.identity import normalize_name

        row = db.execute(
            "SELECT a.* FROM actor_aliases x JOIN actors a ON a.id = x.actor_id WHERE x.normalized = ?"
            " ORDER BY a.kind = 'country' DESC, a.sector IS NULL DESC, a.id LIMIT 1",
            (normalize_name(ref),),
        ).fetchone()
        if row is not None:
            return self._for_actor(dict(row))
        raise UnknownActorError(ref)

    def _for_actor(self, actor: dict[str, Any]) -> _Selection:
        if actor["kind"] == "country" and actor["sector"] is None and actor["country"]:
            return _Selection("country", actor["country"], actor)
        return _Selection("actor_id", actor["id"], actor)

    def describe_actor(self, store: Store, ref: str) -> dict[str, Any]:
        return self.resolve(store, ref).actor

    def stats(self, store: Store) -> dict[str, Any]:
        counts: dict[str, Any] = dict(store.counts())
        first, last = store.db.execute("SELECT min(date), max(date) FROM events").fetchone()
        counts["first_date"], counts["last_date"] = first, last
        counts["events_by_quad_class"] = {
            str(q): n for q, n in store.db.execute("SELECT quad_class, count(*) FROM events GROUP BY quad_class")
        }
        return counts

    def actors(self, store: Store, search: str | None = None, kind: str | None = None, limit: int = 20,
               offset: int = 0) -> pd.DataFrame:
        from tacitus.identity import normalize_name

        needle = normalize_name(search or "")
        like = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        sql = (
            "SELECT a.id, a.name, a.kind, a.country, a.sector, a.code, a.title,"
            " CASE WHEN a.kind = 'country' AND a.sector IS NULL THEN"
            "  (SELECT count(*) FROM events e WHERE e.source_country = a.country OR e.target_country = a.country)"
            " ELSE (SELECT count(*) FROM events e WHERE e.source_actor_id = a.id OR e.target_actor_id = a.id)"
            " END AS events,"
            " (SELECT min(CASE WHEN x.normalized = :needle THEN 0 WHEN x.normalized LIKE :prefix ESCAPE '\\' THEN 1"
            "  ELSE 2 END) FROM actor_aliases x WHERE x.actor_id = a.id) AS rank"
            " FROM actors a WHERE (:kind IS NULL OR a.kind = :kind) AND (:needle = '' OR upper(a.code) = upper(:raw)"
            "  OR a.id IN (SELECT actor_id FROM actor_aliases WHERE normalized LIKE :prefix ESCAPE '\\'"
            "   OR normalized LIKE :word ESCAPE '\\'))"
            " ORDER BY CASE WHEN upper(a.code) = upper(:raw) THEN -1 ELSE rank END, events DESC, a.name"
            " LIMIT :limit OFFSET :offset"
        )
        params = {"needle": needle, "prefix": like + "%", "word": "% " + like + "%", "kind": kind,
                  "raw": (search or "").strip(), "limit": limit, "offset": offset}
        frame = pd.read_sql_query(sql, store.db, params=params)
        return frame.drop(columns=["rank"])

    def events(self, store: Store, *, actor: str | None = None, country: str | None = None,
               sector: str | None = None, a: str | None = None, b: str | None = None, directed: bool = False,
               cameo: str | None = None, plover: str | None = None, quad_class: int | None = None,
               start: dt.date | None = None, end: dt.date | None = None, place: str | None = None,
               q: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
               ascending: bool = False) -> pd.DataFrame:
        where: list[str] = []
        params: list[Any] = []

        def add(clause: str, values: list[Any]) -> None:
            where.append(clause)
            params.extend(values)

        if actor:
            add(*self.resolve(store, actor).either())
        if country:
            add("(e.source_country = ? OR e.target_country = ?)", [country, country])
        if sector:
            add("(e.source_sector = ? OR e.target_sector = ?)", [sector, sector])
        if a and b:
            sa, sb = self.resolve(store, a), self.resolve(store, b)
            forward = [sa.side("source"), sb.side("target")]
            clause = "(" + " AND ".join(c for c, _ in forward) + ")"
            values = [v for _, vs in forward for v in vs]
            if not directed:
                backward = [sb.side("source"), sa.side("target")]
                clause = f"({clause} OR (" + " AND ".join(c for c, _ in backward) + "))"
                values += [v for _, vs in backward for v in vs]
            add(clause, values)
        if cameo:
            add("e.cameo_code LIKE ?", [cameo + "%"])
        if plover:
            add("e.plover_type = ?", [plover])
        if quad_class:
            add("e.quad_class = ?", [quad_class])
        if start:
            add("e.date >= ?", [start.isoformat()])
        if end:
            add("e.date <= ?", [end.isoformat()])
        if place:
            add("e.place_name = ? COLLATE NOCASE", [place])
        if q:
            pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            add("EXISTS (SELECT 1 FROM event_sources x WHERE x.event_id = e.id AND x.evidence LIKE ? ESCAPE '\\')",
                [pattern])
        order = "ASC" if ascending else "DESC"
        sql = (
            f"SELECT {_EVENT_COLUMNS}{_EVENT_FROM}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY e.date {order}, e.rowid {order} LIMIT ? OFFSET ?"
        )
        frame = pd.read_sql_query(sql, store.db, params=[*params, limit, offset])
        frame["negated"] = frame["negated"].astype(bool)
        return frame

    def timeline(self, store: Store, actor: str, *, start: dt.date | None = None, end: dt.date | None = None,
                 limit: int = DEFAULT_LIMIT, offset: int = 0) -> pd.DataFrame:
        return self.events(store, actor=actor, start=start, end=end, limit=limit, offset=offset, ascending=True)

    def _series(self, store: Store, clause: str, params: list[Any], freq: str, start: dt.date | None,
                end: dt.date | None) -> pd.DataFrame:
        where, values = [clause], list(params)
        if start:
            where.append("e.date >= ?")
            values.append(start.isoformat())
        if end:
            where.append("e.date <= ?")
            values.append(end.isoformat())
        period = _PERIOD[freq]
        sql = (
            f"SELECT {period} AS period, count(*) AS events, avg(e.goldstein) AS goldstein_mean,"
            " sum(e.quad_class = 1) AS quad_class_1, sum(e.quad_class = 2) AS quad_class_2,"
            " sum(e.quad_class = 3) AS quad_class_3, sum(e.quad_class = 4) AS quad_class_4"
            f" FROM events e WHERE {' AND '.join(where)} GROUP BY period ORDER BY period"
        )
        frame = pd.read_sql_query(sql, store.db, params=values)
        return _fill_periods(frame, freq)

    def dyad_series(self, store: Store, a: str, b: str, *, directed: bool = False, freq: str = "month",
                    start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
        sa, sb = self.resolve(store, a), self.resolve(store, b)
        (fa, va), (tb, vb) = sa.side("source"), sb.side("target")
        clause, params = f"(({fa}) AND ({tb}))", [*va, *vb]
        if not directed:
            (fb, vb2), (ta, va2) = sb.side("source"), sa.side("target")
            clause = f"({clause} OR (({fb}) AND ({ta})))"
            params += [*vb2, *va2]
        return self._series(store, clause, params, freq, start, end)

    def actor_profile(self, store: Store, ref: str, *, freq: str = "month") -> dict[str, Any]:
        selection = self.resolve(store, ref)
        actor = selection.actor
        clause, params = selection.either()
        aliases = [r[0] for r in store.db.execute(
            "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", (actor.get("id"),))
            if r[0] != actor.get("name")]
        titles = [dict(r) for r in store.db.execute(
            "SELECT title, first_seen, last_seen FROM actor_titles WHERE actor_id = ? ORDER BY first_seen",
            (actor.get("id"),))]
        first, last, count = store.db.execute(
            f"SELECT min(e.date), max(e.date), count(*) FROM events e WHERE {clause}", params).fetchone()
        if selection.column == "country":
            partner_sql = (
                "SELECT CASE WHEN e.source_country = ? THEN e.target_country ELSE e.source_country END AS partner,"
                f" count(*) AS events, avg(e.goldstein) AS goldstein_mean FROM events e WHERE {clause}"
                " GROUP BY partner HAVING partner IS NOT NULL AND partner != ? ORDER BY events DESC, partner LIMIT 20"
            )
            rows = store.db.execute(partner_sql, [selection.value, *params, selection.value]).fetchall()
            partners = [{**self.resolve(store, r["partner"]).actor, "events": r["events"],
                         "goldstein_mean": r["goldstein_mean"]} for r in rows]
        else:
            side = selection.column
            partner_sql = (
                f"SELECT CASE WHEN e.source_{side} = ? THEN e.target_actor_id ELSE e.source_actor_id END AS partner,"
                f" count(*) AS events, avg(e.goldstein) AS goldstein_mean FROM events e WHERE {clause}"
                " GROUP BY partner HAVING partner IS NOT NULL ORDER BY events DESC LIMIT 20"
            )
            rows = store.db.execute(partner_sql, [selection.value, *params]).fetchall()
            partners = [{**self.resolve(store, str(r["partner"])).actor, "events": r["events"],
                         "goldstein_mean": r["goldstein_mean"]} for r in rows]
        return {
            "actor": actor,
            "aliases": aliases,
            "titles": titles,
            "events": count,
            "first_date": first,
            "last_date": last,
            "partners": partners,
            "series": self._series(store, clause, params, freq, None, None),
        }

    def network(self, store: Store, *, actor: str | None = None, start: dt.date | None = None,
                end: dt.date | None = None, min_events: int = 1, limit: int = 200) -> dict[str, Any]:
        where = ["e.target_country IS NOT NULL", "e.source_country IS NOT NULL",
                 "e.source_country != e.target_country"]
        params: list[Any] = []
        focus = None
        if actor:
            selection = self.resolve(store, actor)
            focus = selection.actor
            clause, values = selection.either()
            where.append(clause)
            params += values
        if start:
            where.append("e.date >= ?")
            params.append(start.isoformat())
        if end:
            where.append("e.date <= ?")
            params.append(end.isoformat())
        sql = (
            "SELECT min(e.source_country, e.target_country) AS source, max(e.source_country, e.target_country)"
            " AS target, count(*) AS events, avg(e.goldstein) AS goldstein_mean FROM events e"
            f" WHERE {' AND '.join(where)} GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY events DESC LIMIT ?"
        )
        edges = [dict(r) for r in store.db.execute(sql, [*params, min_events, limit])]
        weight: dict[str, int] = {}
        for edge in edges:
            for end_ in (edge["source"], edge["target"]):
                weight[end_] = weight.get(end_, 0) + edge["events"]
        nodes = []
        for country, events in sorted(weight.items(), key=lambda item: (-item[1], item[0])):
            node = dict(self.resolve(store, country).actor)
            nodes.append({**node, "id": country, "actor_id": node.get("id"), "events": events})
        if focus is not None and focus.get("country"):
            focus = {**focus, "id": focus["country"]} if focus.get("sector") is None else focus
        return {"nodes": nodes, "edges": edges, "focus": focus}

    def search_articles(self, store: Store, q: str | None, *, start: dt.date | None = None,
                        end: dt.date | None = None, limit: int = 20, offset: int = 0) -> pd.DataFrame:
        where, params = ["a.duplicate_of IS NULL"], []
        if start:
            where.append("a.pub_date >= ?")
            params.append(start.isoformat())
        if end:
            where.append("a.pub_date <= ?")
            params.append(end.isoformat())
        columns = ("a.id, a.title, a.pub_date, a.outlet, a.dateline_place,"
                   " (SELECT count(DISTINCT event_id) FROM event_sources x WHERE x.article_id = a.id) AS events")
        if q:
            phrase = '"' + q.replace('"', '""') + '"' if not any(ch in q for ch in '"*') else q
            sql = (f"SELECT {columns}, snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet FROM articles_fts"
                   f" JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND"
                   f" {' AND '.join(where)} ORDER BY rank LIMIT ? OFFSET ?")
            try:
                return pd.read_sql_query(sql, store.db, params=[phrase, *params, limit, offset])
            except Exception as exc:
                if "fts5" in str(exc):
                    raise OptionError("q", f"cannot read the full-text query {q!r} ({exc})") from exc
                raise
        sql = f"SELECT {columns} FROM articles a WHERE {' AND '.join(where)} ORDER BY a.pub_date DESC LIMIT ? OFFSET ?"
        return pd.read_sql_query(sql, store.db, params=[*params, limit, offset])


def _fill_periods(frame: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Add empty rows for months/years without events, so a chart's x axis has no holes."""
    if frame.empty or freq == "week":
        return frame
    first, last = frame["period"].iloc[0], frame["period"].iloc[-1]
    if freq == "month":
        periods = pd.period_range(first, last, freq="M").strftime("%Y-%m")
    else:
        periods = [str(y) for y in range(int(first), int(last) + 1)]
    counts = ["events", "quad_class_1", "quad_class_2", "quad_class_3", "quad_class_4"]
    full = frame.set_index("period").reindex(periods)
    full[counts] = full[counts].fillna(0).astype(int)
    full.index.name = "period"
    return full.reset_index()


_queries = _StoreQueries()
