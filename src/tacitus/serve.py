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
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as Path_
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator

from tacitus import codebook, query
from tacitus.errors import OptionError, QueryError, StoreError, TacitusError, UnknownActorError
from tacitus.store import Store

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
MAX_NETWORK_TOP = 2000  # nodes of /api/network: more is neither quick nor readable in a browser
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
    from tacitus.forecast.api import forecast_router  # /api/agent/* and /api/forecast/* (docs/forecasting.md)

    app.include_router(forecast_router())
    web = web_directory()
    app.mount("/static", StaticFiles(directory=web), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index_page() -> FileResponse:
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

    def invalid_request(request: Request, exc: Exception) -> JSONResponse:
        # One readable line ("limit: Input should be less than or equal to 500"), then the details.
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        lines = []
        for error in errors:
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path"))
            lines.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
        detail = "; ".join(lines) or str(exc)
        return JSONResponse({"detail": detail, "errors": jsonable_encoder(errors)}, status_code=422)

    app.add_exception_handler(RequestValidationError, invalid_request)
    # Each Tacitus error by its nearest class: FastAPI looks handlers up along the exception's MRO.
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


DateText = Field(
    None,
    max_length=10,
    pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    description="YYYY-MM-DD, or YYYY-MM / YYYY for a whole month or year (inclusive).",
)
DateParam = Annotated[
    str | None,
    Query(
        max_length=10,
        pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
        description="YYYY-MM-DD, or YYYY-MM / YYYY (inclusive).",
    ),
]
FreqParam = Annotated[str, Query(pattern="^(day|week|month|year)$", description="Period of the series.")]
ActorParam = Annotated[
    str, Query(min_length=1, max_length=200, description="Actor id, country code, actor code, name or alias.")
]
EventIdPath = Path_(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="An event id.")
ArticleIdPath = Path_(
    min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$", description="An article id."
)


class EventFilters(BaseModel):
    """The filters of ``/api/events`` (those of :func:`tacitus.query.events`); unknown ones get a 422."""

    model_config = ConfigDict(extra="forbid")

    actor: str | None = Field(
        None, max_length=200, description="Actor (id, code, name), as source or target."
    )
    country: str | None = Field(None, max_length=3, description="ISO alpha-3 country, as source or target.")
    sector: str | None = Field(None, max_length=3, description="Actor sector: GOV, MIL, DIP...")
    a: str | None = Field(None, max_length=200, description="Dyad: actor or country A (with b).")
    b: str | None = Field(None, max_length=200, description="Dyad: actor or country B (with a).")
    directed: bool = Field(False, description="Dyad: only events from a to b.")
    cameo: str | None = Field(
        None, max_length=4, description="CAMEO code or prefix, leading zeros kept: 04, 042."
    )
    plover: str | None = Field(None, max_length=12, description="PLOVER type: CONSULT, ACCUSE...")
    quad_class: int | None = Field(None, ge=1, le=4, description="1-4: verbal/material cooperation/conflict.")
    start: str | None = DateText
    end: str | None = DateText
    place: str | None = Field(None, max_length=200, description="Place name.")
    q: str | None = Field(None, max_length=500, description="Words in the evidence sentence.")
    order: str = Field(
        "-date", pattern=r"^-?(date|goldstein|num_sources)$", description="Sort; - for descending."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page, at most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=10_000_000, description="Rows to skip.")

    @model_validator(mode="after")
    def _a_dyad_has_two_ends(self) -> EventFilters:
        if (self.a is None) != (self.b is None):
            raise ValueError("a dyad needs both a and b")
        return self

    def query_filters(self) -> dict[str, Any]:
        """These filters as keyword arguments of :func:`tacitus.query.events` (paging and order aside)."""
        values = self.model_dump(exclude={"a", "b", "q", "limit", "offset", "order"})
        values["dyad"] = (self.a, self.b) if self.a is not None and self.b is not None else None
        values["text"] = self.q
        return values


# -- JSON helpers ---------------------------------------------------------------------------------


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as JSON-ready row dicts: NaN -> null, numpy scalars -> Python, dates -> ISO."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    rows: list[dict[str, Any]] = json.loads(
        frame.to_json(orient="records", force_ascii=False, date_format="iso")
    )
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
        return (
            value.isoformat()[:10]
            if not isinstance(value, dt.datetime) or value.time() == dt.time()
            else value.isoformat()
        )
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return clean(value.item())
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


# -- codes explained ------------------------------------------------------------------------------


def explain_codes(
    cameo_code: str,
    goldstein: float,
    quad_class: int,
    plover_type: str | None,
    plover_mode: str | None,
    plover_context: str | None,
) -> dict[str, Any]:
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


def _api_router() -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/stats", summary="What the database holds")
    def stats(store: StoreDep) -> dict[str, Any]:
        return clean(query.stats(store))

    @router.get("/actors", summary="Actors by name, alias or code (autocomplete), busiest first")
    def actors(
        store: StoreDep,
        q: Annotated[
            str | None, Query(max_length=200, description="Start of a word of a name or alias, or a code.")
        ] = None,
        kind: Annotated[str | None, Query(pattern="^(country|person|organisation|group)$")] = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        return page(records(query.actors(store, q, kind=kind, limit=limit + 1, offset=offset)), limit, offset)

    @router.get("/actors/{ref}", summary="One actor: who it is, its partners, its event mix and series")
    def actor_profile(
        store: StoreDep,
        ref: Annotated[
            str, Path_(min_length=1, max_length=200, description="Actor id, code, name or alias.")
        ],
        freq: FreqParam = "month",
        partners: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> dict[str, Any]:
        return clean(query.actor_profile(store, ref, freq=freq, partners=partners).to_dict())

    @router.get("/events", summary="Events matching every filter given, newest first")
    def events(store: StoreDep, filters: Annotated[EventFilters, Query()]) -> dict[str, Any]:
        wanted = filters.query_filters()
        rows = records(
            query.events(store, **wanted, order=filters.order, limit=filters.limit + 1, offset=filters.offset)
        )
        return {**page(rows, filters.limit, filters.offset), "total": query.count_events(store, **wanted)}

    @router.get("/events/{event_id}", summary="One event: its codes explained, its sources with offsets")
    def event_detail(store: StoreDep, event_id: Annotated[str, EventIdPath]) -> dict[str, Any]:
        return clean(_event_detail(store, event_id))

    @router.get(
        "/timeline", summary="What one actor did and had done to it (or two actors' dealings), oldest first"
    )
    def timeline(
        store: StoreDep,
        actor: ActorParam,
        actor2: Annotated[
            str | None, Query(max_length=200, description="Only events with this actor.")
        ] = None,
        directed: bool = False,
        start: DateParam = None,
        end: DateParam = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        frame = query.timeline(
            store, actor, actor2, directed=directed, start=start, end=end, limit=limit + 1, offset=offset
        )
        return page(records(frame), limit, offset)

    @router.get("/dyad", summary="Cooperation and conflict between two actors, per period and direction")
    def dyad(
        store: StoreDep,
        a: ActorParam,
        b: ActorParam,
        directed: bool = False,
        freq: FreqParam = "month",
        start: DateParam = None,
        end: DateParam = None,
    ) -> dict[str, Any]:
        series = query.dyad_series(store, a, b, freq, directed, start=start, end=end)
        return clean(
            {
                "a": query.describe_actor(store, a),
                "b": query.describe_actor(store, b),
                "directed": directed,
                "freq": freq,
                "series": series,
            }
        )

    @router.get("/network", summary="Who acts on whom: actors (or countries) as nodes, dyads as edges")
    def network(
        store: StoreDep,
        actor: Annotated[str | None, Query(max_length=200, description="Only this actor's edges.")] = None,
        level: Annotated[str, Query(pattern="^(actor|country)$")] = "country",
        start: DateParam = None,
        end: DateParam = None,
        min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Heaviest edges kept.")] = 200,
        top: Annotated[
            int, Query(ge=1, le=MAX_NETWORK_TOP, description="Busiest actors (or countries) kept, with the edges among them.")
        ] = query.DEFAULT_NETWORK_TOP,
    ) -> dict[str, Any]:
        graph = query.network(
            store, start, end, level, actor=actor or None, min_events=min_events, limit=limit, top=top
        )
        focus = query.describe_actor(store, actor) if actor else None
        return clean({**query.graph_records(graph), "focus": focus})

    @router.get("/articles", summary="Articles with every word of q (best first), or newest first")
    def articles(
        store: StoreDep,
        q: Annotated[str | None, Query(max_length=500, description="Words to find in title or text.")] = None,
        start: DateParam = None,
        end: DateParam = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        frame = query.search_articles(store, q, start=start, end=end, limit=limit + 1, offset=offset)
        return page(records(frame), limit, offset)

    @router.get(
        "/articles/{article_id}", summary="One article: text, sentences, evidence spans of its events"
    )
    def article_detail(store: StoreDep, article_id: Annotated[str, ArticleIdPath]) -> dict[str, Any]:
        return clean(_article_detail(store, article_id))

    @router.get("/search", summary="Actors and articles matching q")
    def search(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> dict[str, Any]:
        # Events by the words of their evidence are /api/events?q=: a scan, too slow to run by default.
        return {
            "query": q,
            "actors": records(query.actors(store, q, limit=limit)),
            "articles": records(query.search_articles(store, q, limit=limit)),
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
    # Named as in tacitus.query.events (event_id, place), so list rows and details read alike.
    event.pop("rowid", None)
    event["event_id"] = event.pop("id")
    event["place"] = event.pop("place_name")
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
            event["cameo_code"],
            event["goldstein"],
            event["quad_class"],
            event["plover_type"],
            event["plover_mode"],
            event["plover_context"],
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
