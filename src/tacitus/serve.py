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
import ipaddress
import json
import math
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Self

import pandas as pd

try:
    from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
    from fastapi import Path as Path_
    from fastapi.encoders import jsonable_encoder
    from fastapi.exceptions import RequestValidationError
    from fastapi.middleware.gzip import GZipMiddleware
    from fastapi.responses import FileResponse, JSONResponse, Response
    from fastapi.staticfiles import StaticFiles
except ModuleNotFoundError as missing:  # a one-line error naming the extra (tacitus.extras)
    from tacitus.errors import MissingExtraError

    raise MissingExtraError("tacitus serve", "web", missing.name or "fastapi") from None

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from tacitus import codebook, query
from tacitus.errors import (
    OptionError,
    QueryError,
    QueryTimeoutError,
    StoreError,
    TacitusError,
    UnknownActorError,
    UnknownActorSuggestionError,
)
from tacitus.query import EventFilter, FilterSpec, WebParameter, filter_specs
from tacitus.store import Store

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
MAX_NETWORK_TOP = 2000  # nodes of /api/network: more is neither quick nor readable in a browser
DEFAULT_QUERY_TIMEOUT = 10.0
QUEUE_TIMEOUT = 60.0  # seconds a request may wait for a free worker before it gets a 503
MAX_ERRORS_SHOWN = 5  # an invalid request's complaints listed in full; the rest only counted
GZIP_MIN_BYTES = 1_000
CACHED_NETWORKS = 8  # networks kept per app, whole answers (a 200-actor one is about 140 kB)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# Words found by a search are marked in a snippet with two control characters (never in article
# text): the page shows them highlighted, whatever brackets the text itself holds.
SNIPPET_MARKS = ("\u0002", "\u0003")

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
    host: str | None = None,
    allowed_hosts: Sequence[str] = (),
    workers: int | None = None,
) -> FastAPI:
    """The Tacitus web app over the database at ``db_path``.

    With ``read_only`` (the default) the database must exist and is only ever opened read-only.
    With ``read_only=False`` a missing database is created (empty, schema migrated) first; the
    app still never writes. ``cors_origins`` lists origins allowed to call the API from other
    pages; empty (the default) means no CORS headers at all.

    ``host`` is the address the server listens on (``tacitus serve`` passes it): requests whose
    Host header names anything else than that address, this machine's names (for a loopback
    or wildcard address) or one of ``allowed_hosts`` get a 400, which stops a web page from
    reaching the API through DNS rebinding. Without ``host`` (a test client, an app mounted
    elsewhere) the Host header is not checked. ``workers`` requests at most work on the
    database at once (default: the number of cores, at least 2); the others queue.
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
    app.state.slots = threading.BoundedSemaphore(workers or default_workers())
    app.state.networks = AnswerCache(CACHED_NETWORKS)
    hosts = served_hosts(host, allowed_hosts) if host is not None else None

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"])

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        if hosts is not None and not host_allowed(request.headers.get("host", ""), hosts):
            return JSONResponse(
                {"detail": "this server answers only requests addressed to its own host name or address"},
                status_code=400,
            )
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.url.path.startswith("/api/"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

    # Last added runs first: compress what the security headers' middleware returns.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)
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


def default_workers() -> int:
    """Requests working on the database at once: one per core, at least two."""
    return max(2, os.cpu_count() or 2)


def served_hosts(host: str, extra: Sequence[str] = ()) -> frozenset[str]:
    """The Host header names (lower case, no port) a server listening on ``host`` answers to."""
    names = {host.strip("[]").lower(), *(h.strip("[]").lower() for h in extra)}
    if host in ("0.0.0.0", "::", ""):
        names.update({"*ip*", *LOOPBACK_HOSTS, socket.gethostname().lower(), socket.getfqdn().lower()})
    elif host in LOOPBACK_HOSTS or host.startswith("127."):
        names.update(LOOPBACK_HOSTS)
    return frozenset(names)


def host_allowed(header: str, hosts: frozenset[str]) -> bool:
    """Whether a Host header (``name``, ``name:port``, ``[v6]:port``) names one of ``hosts``.

    ``*ip*`` in ``hosts`` allows any IP address literal (a server listening on every address).
    """
    value = header.strip().lower()
    if value.startswith("["):
        name = value[1 : value.find("]")] if "]" in value else value
    else:
        name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    if not name:
        return False
    if name in hosts:
        return True
    if "*ip*" in hosts:
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
    return False


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tacitus")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0"


def _install_error_handlers(app: FastAPI) -> None:
    def reply(status: int) -> Callable[[Request, Exception], JSONResponse]:
        def handler(request: Request, exc: Exception) -> JSONResponse:
            return JSONResponse({"detail": web_message(str(exc))}, status_code=status)

        return handler

    def invalid_request(request: Request, exc: Exception) -> JSONResponse:
        # One readable line ("limit: Input should be less than or equal to 500"), then the details,
        # without the input itself: a reply never grows with what was sent.
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        lines, details = [], []
        for error in errors[:MAX_ERRORS_SHOWN]:
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path"))
            message = str(error.get("msg"))[:200]
            lines.append(f"{where[:60]}: {message}" if where else message)
            details.append({"loc": [str(part)[:60] for part in error.get("loc", ())], "msg": message, "type": error.get("type")})
        if len(errors) > MAX_ERRORS_SHOWN:
            lines.append(f"and {len(errors) - MAX_ERRORS_SHOWN} more")
        detail = "; ".join(lines) or "invalid request"
        return JSONResponse({"detail": detail, "errors": jsonable_encoder(details)}, status_code=422)

    def unknown_actor(request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, UnknownActorSuggestionError):
            hint = f"; did you mean {', '.join(repr(s) for s in exc.suggestions)}?" if exc.suggestions else ""
            body = {"detail": f"no actor matches {exc.name!r}{hint}", "suggestions": list(exc.suggestions)}
            return JSONResponse(body, status_code=404)
        return JSONResponse({"detail": web_message(str(exc))}, status_code=404)

    def too_large(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": "a number in the request is too large"}, status_code=422)

    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(OverflowError, too_large)
    # Each Tacitus error by its nearest class: FastAPI looks handlers up along the exception's MRO.
    app.add_exception_handler(QueryTimeoutError, reply(503))
    app.add_exception_handler(UnknownActorError, unknown_actor)
    app.add_exception_handler(codebook.UnknownCameoCodeError, reply(422))
    app.add_exception_handler(codebook.UnknownPloverTypeError, reply(422))
    app.add_exception_handler(OptionError, reply(422))
    app.add_exception_handler(QueryError, reply(422))
    app.add_exception_handler(StoreError, reply(503))
    app.add_exception_handler(TacitusError, reply(400))


def web_message(message: str) -> str:
    """A library message for a web user: command-line advice (`tacitus ...`, --options) left out."""
    text = re.sub(r"\s*\((?:[^()]*`tacitus [^`]*`[^()]*)\)", "", message)
    text = re.sub(r";\s*(?:try|run)\s+`tacitus [^`]*`[^;]*", "", text)
    return text.strip()


# -- one read-only connection per request ---------------------------------------------------------


def open_request_store(request: Request) -> Iterator[Store]:
    """A fresh read-only :class:`Store` for one request, interrupted after the query timeout.

    At most ``workers`` requests work on the database at once; the others wait their turn, and
    their query timeout starts when it comes. Twenty requests at once on two cores otherwise
    share them twenty ways, each takes ten times longer, and the slow ones time out.
    """
    timeout: float = request.app.state.query_timeout
    slots: threading.BoundedSemaphore = request.app.state.slots
    if not slots.acquire(timeout=QUEUE_TIMEOUT):
        raise QueryTimeoutError(QUEUE_TIMEOUT)
    try:
        store = Store(request.app.state.db_path, read_only=True)
    except BaseException:
        slots.release()
        raise
    deadline = time.monotonic() + timeout
    expired = False

    def progress() -> int:
        nonlocal expired
        expired = expired or time.monotonic() > deadline
        return 1 if expired else 0  # non-zero makes SQLite interrupt the running statement

    store.db.set_progress_handler(progress, 1_000)
    # Taken before the snapshot starts: a commit in between makes the stamp older than the data
    # read, never newer, so an answer cached under it can only be recomputed too soon.
    request.state.data_stamp = data_stamp(Path(request.app.state.db_path))
    try:
        # One read transaction: every statement of the request sees the same snapshot, so a
        # page and its total agree even while an ingest commits batches.
        store.db.execute("BEGIN")
        store.db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # the snapshot starts here
        yield store
    except (sqlite3.Error, pd.errors.DatabaseError) as exc:
        if expired:
            raise QueryTimeoutError(timeout) from exc
        raise StoreError(f"{Path(store.path).name}: {exc}") from exc  # never the server's folders
    finally:
        try:
            if store.db.in_transaction:
                store.db.rollback()
            store.close()
        finally:
            slots.release()


def data_stamp(path: Path) -> tuple[int, ...]:
    """What changes whenever the database does: size and modification time of the file and of its
    write-ahead log (every commit writes to one of them)."""
    stamp: list[int] = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            info = file.stat()
        except FileNotFoundError:
            stamp += [0, 0]
        else:
            stamp += [info.st_size, info.st_mtime_ns]
    return tuple(stamp)


class AnswerCache:
    """The last ``size`` answers (JSON bodies) by key, the oldest dropped first; thread-safe.

    Keys hold the :func:`data_stamp` of the request: once the database changes, every key is new
    and the old answers age out unused.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: dict[tuple[Any, ...], bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> bytes | None:
        with self._lock:
            body = self._answers.pop(key, None)
            if body is not None:
                self._answers[key] = body  # now the newest
            return body

    def put(self, key: tuple[Any, ...], body: bytes) -> None:
        with self._lock:
            self._answers.pop(key, None)
            self._answers[key] = body
            while len(self._answers) > self.size:
                self._answers.pop(next(iter(self._answers)))


def no_repeated_parameters(request: Request) -> None:
    """A 422 when a query parameter is given more than once (which one would count is unclear)."""
    seen: set[str] = set()
    for key, _ in request.query_params.multi_items():
        if key in seen:
            raise OptionError(key[:60], "given more than once; give each parameter once")
        seen.add(key)


def actor_text(option: str, value: str | None) -> str | None:
    """An actor parameter stripped; a blank one is a 422 (it never means every actor)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        raise OptionError(option, "empty; give a name, alias, country code or actor code")
    return text


StoreDep = Annotated[Store, Depends(open_request_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page, at most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip (for the next page).")]


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


class EventQuery(BaseModel):
    """The filters of ``/api/events`` (those of :class:`tacitus.query.EventFilter`, its web
    parameters), its order and paging; unknown parameters get a 422. :data:`EventFilters` is
    this model with one field per web parameter, generated from the filter's fields."""

    model_config = ConfigDict(extra="forbid")

    if TYPE_CHECKING:  # the generated fields that this code reads
        country: str | None
        cameo: str | None
        q: str | None
        order: str
        limit: int
        offset: int
        format: str

    @model_validator(mode="after")
    def _a_dyad_has_two_ends(self) -> Self:
        specs = filter_specs()
        for parameter in (*specs["actor"].web, *specs["dyad"].web):
            setattr(self, parameter.name, actor_text(parameter.name, getattr(self, parameter.name)))
        for spec in specs.values():
            ends = [getattr(self, parameter.name) is None for parameter in spec.web]
            if spec.kind == "pair" and ends[0] != ends[1]:
                raise ValueError(f"a dyad needs both {spec.web[0].name} and {spec.web[1].name}")
        return self

    def check_codes(self, store: Store) -> None:
        """A 422 for a country or CAMEO code that names nothing (rather than an empty answer)."""
        if self.country and self.country.strip():
            known_country(store, self.country)
        code = (self.cameo or "").strip()
        if code.isdigit() and not codebook.is_cameo_code(code):
            raise OptionError("cameo", f"{code!r} is not in the CAMEO codebook (04, 042, 1123...)")

    def event_filter(self) -> EventFilter:
        """These filters as an :class:`~tacitus.query.EventFilter` (paging and order aside)."""
        return EventFilter.from_web(self.model_dump())


def web_field(spec: FilterSpec, parameter: WebParameter) -> tuple[Any, Any]:
    """One web parameter of a filter as a pydantic field: (type, field)."""
    if spec.kind == "flag":
        return bool, Field(False, description=parameter.help)
    if spec.kind == "number" and spec.bounds:
        return int | None, Field(None, ge=spec.bounds[0], le=spec.bounds[1], description=parameter.help)
    limits: dict[str, Any] = {"max_length": parameter.max_length, "pattern": parameter.pattern}
    return str | None, Field(None, **{k: v for k, v in limits.items() if v is not None}, description=parameter.help)


if TYPE_CHECKING:
    EventFilters = EventQuery
    ExportFilters = EventQuery
else:
    EventFilters = create_model(
        "EventFilters",
        __base__=EventQuery,
        **{parameter.name: web_field(spec, parameter) for spec in filter_specs().values() for parameter in spec.web},
        order=(str, Field("-date", pattern=r"^-?(date|goldstein|num_sources)$", description="Sort; - for descending.")),
        limit=(int, Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page, at most {MAX_LIMIT}.")),
        offset=(int, Field(0, ge=0, le=10_000_000, description="Rows to skip.")),
    )


def known_country(store: Store, code: str) -> str:
    """``code`` upper-cased if it is a country of the built-in table or of some stored event, else a 422."""
    value = code.strip().upper()
    if value in query.country_names():
        return value
    row = store.db.execute(
        "SELECT 1 FROM events WHERE source_country = ? UNION ALL SELECT 1 FROM events WHERE target_country = ? LIMIT 1",
        (value, value),
    ).fetchone()
    if row is None:
        raise OptionError("country", f"{code.strip()!r} is not a known ISO 3166-1 alpha-3 country code (IRN, CHN, USA)")
    return value


MAX_EXPORT_ROWS = 100_000
TEXT_TOTAL_CAP = 10_000  # /api/events?q=: "10,000+" rather than a count of a million matches


if not TYPE_CHECKING:
    ExportFilters = create_model(  # the filters of /api/events, a format, and more rows
        "ExportFilters",
        __base__=EventFilters,
        format=(str, Field("csv", pattern="^(csv|jsonl)$", description="csv or jsonl.")),
        limit=(int, Field(MAX_EXPORT_ROWS, ge=1, le=MAX_EXPORT_ROWS, description=f"Rows at most, {MAX_EXPORT_ROWS:,} at most.")),
    )


EXPORT_COLUMNS = (
    "event_id", "date", "date_precision", "source_actor_id", "source_name", "source_code", "source_country",
    "source_sector", "target_actor_id", "target_name", "target_code", "target_country", "target_sector",
    "cameo_code", "cameo_name", "cameo_root", "goldstein", "quad_class", "plover_type", "plover_mode",
    "plover_context", "place", "place_country", "latitude", "longitude", "modality", "negated",
    "num_sources", "confidence", "evidence", "article_ids", "article_titles", "outlets",
)  # fmt: skip


def export_body(frame: pd.DataFrame, fmt: str) -> str:
    """Events as CSV (lists joined with " | ") or JSON Lines (lists kept), one event a row."""
    frame = frame[[c for c in EXPORT_COLUMNS if c in frame.columns]]
    if fmt == "jsonl":
        return "".join(json.dumps(clean(row), ensure_ascii=False) + "\n" for row in records(frame))
    flat = frame.copy()
    for column in ("article_ids", "article_titles", "outlets"):
        if column in flat.columns:
            flat[column] = [" | ".join(str(v) for v in values) for values in flat[column]]
    return str(flat.to_csv(index=False))


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


# -- the network as drawn ----------------------------------------------------------------------------

MAX_LAYOUT_NODES = 400  # a force-directed layout costs nodes² per step; more is not readable anyway


def name_nodes(nodes: list[dict[str, Any]]) -> None:
    """Give each node a ``display`` name that no other node has: "Russia (RUSMIL)" beside "Russia".

    A name shared by several nodes gets the node's code; if that is still shared, its id.
    """
    counts: dict[str, int] = {}
    for node in nodes:
        name = str(node.get("label") or node.get("code") or node["id"])
        counts[name] = counts.get(name, 0) + 1
    shown: dict[str, int] = {}
    for node in nodes:
        name = str(node.get("label") or node.get("code") or node["id"])
        code = node.get("code")
        display = name if counts[name] == 1 else f"{name} ({code})" if code and code != name else name
        node["display"] = display
        shown[display] = shown.get(display, 0) + 1
    for node in nodes:
        if shown[node["display"]] > 1:
            node["display"] = f"{node['display']} #{query_node_key(node['id'])}"


def query_node_key(node_id: str) -> str:
    """The actor id of a node id ("actor:12" -> "12"); a country code stays as it is."""
    return node_id.split(":", 1)[1] if node_id.startswith("actor:") else node_id


def place_nodes(graph: Any, nodes: list[dict[str, Any]]) -> None:
    """Set ``x`` and ``y`` (0-1) of each node from a force-directed layout of the graph.

    Fruchterman-Reingold (networkx's spring layout) on the undirected graph, edges pulling by
    the logarithm of their events, from a fixed seed: the same data always draws the same way.
    """
    import networkx as nx

    if not nodes or len(nodes) > MAX_LAYOUT_NODES:
        return
    undirected = nx.Graph()
    undirected.add_nodes_from(node["id"] for node in nodes)
    for source, target, data in graph.edges(data=True):
        if source == target:
            continue
        a, b = str(source), str(target)
        weight = math.log1p(float(data.get("weight", 1)))
        if undirected.has_edge(a, b):
            undirected[a][b]["weight"] += weight
        else:
            undirected.add_edge(a, b, weight=weight)
    count = undirected.number_of_nodes()
    steps = 150 if count <= 60 else 60 if count <= 120 else 30  # a big graph settles in fewer, dearer steps
    positions = nx.spring_layout(
        undirected, k=2.2 / math.sqrt(max(count, 1)), iterations=steps, weight="weight", seed=13
    )
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]
    x0, y0 = min(xs), min(ys)
    span_x, span_y = (max(xs) - x0) or 1.0, (max(ys) - y0) or 1.0
    for node in nodes:
        x, y = positions[node["id"]]
        node["x"] = round((float(x) - x0) / span_x, 4) if count > 1 else 0.5
        node["y"] = round((float(y) - y0) / span_y, 4) if count > 1 else 0.5


def reply(content: Any) -> JSONResponse:
    """``content`` as a JSON response, made JSON-safe by :func:`clean` and nothing else.

    Returning a response skips FastAPI's generic encoder, which took 1.6 s over the 11,000 rows
    of a daily dyad series that json.dumps writes in 0.2 s.
    """
    return JSONResponse(clean(content))


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
    router = APIRouter(prefix="/api", dependencies=[Depends(no_repeated_parameters)])

    @router.get("/stats", summary="What the database holds")
    def stats(store: StoreDep) -> JSONResponse:
        figures = query.stats(store)
        figures["database"] = Path(str(figures.get("database", ""))).name  # never the server's folders
        return reply(figures)

    @router.get("/actors", summary="Actors by name, alias or code (autocomplete), busiest first")
    def actors(
        store: StoreDep,
        q: Annotated[
            str | None, Query(max_length=200, description="Start of a word of a name or alias, or a code.")
        ] = None,
        kind: Annotated[str | None, Query(pattern="^(country|person|organisation|group)$")] = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> JSONResponse:
        return reply(page(records(query.actors(store, q, kind=kind, limit=limit + 1, offset=offset)), limit, offset))

    @router.get("/actors/{ref}", summary="One actor: who it is, its partners, its event mix and series")
    def actor_profile(
        store: StoreDep,
        ref: Annotated[
            str, Path_(min_length=1, max_length=200, description="Actor id, code, name or alias.")
        ],
        freq: FreqParam = "month",
        partners: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> JSONResponse:
        reference = actor_text("ref", ref) or ""
        return reply(query.actor_profile(store, reference, freq=freq, partners=partners).to_dict())

    @router.get("/events", summary="Events matching every filter given, newest first")
    def events(store: StoreDep, filters: Annotated[EventFilters, Query()]) -> JSONResponse:
        filters.check_codes(store)
        wanted = filters.event_filter()
        rows = records(
            query.events(store, wanted, order=filters.order, limit=filters.limit + 1, offset=filters.offset)
        )
        # Words in the evidence can match most of the store: such a total is counted up to a cap.
        cap = TEXT_TOTAL_CAP if filters.q else None
        total = query.count_events(store, wanted, cap=cap)
        exact = cap is None or total < cap
        return reply({**page(rows, filters.limit, filters.offset), "total": total, "total_exact": exact})

    @router.get(
        "/export/events",
        summary="Events matching the filters of /api/events as a CSV or JSON Lines download",
        response_class=Response,
    )
    def export_events(store: StoreDep, filters: Annotated[ExportFilters, Query()]) -> Response:
        filters.check_codes(store)
        wanted = filters.event_filter()
        frame = query.events(store, wanted, order=filters.order, limit=filters.limit, offset=filters.offset)
        total = query.count_events(store, wanted)
        media = "text/csv; charset=utf-8" if filters.format == "csv" else "application/x-ndjson; charset=utf-8"
        headers = {
            "Content-Disposition": f'attachment; filename="tacitus-events.{filters.format}"',
            "X-Total-Count": str(total),
            "X-Rows": str(len(frame)),
        }
        return Response(export_body(frame, filters.format), media_type=media, headers=headers)

    @router.get("/events/{event_id}", summary="One event: its codes explained, its sources with offsets")
    def event_detail(store: StoreDep, event_id: Annotated[str, EventIdPath]) -> JSONResponse:
        return reply(_event_detail(store, event_id))

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
    ) -> JSONResponse:
        frame = query.timeline(
            store,
            actor_text("actor", actor) or "",
            actor_text("actor2", actor2),
            directed=directed,
            start=start,
            end=end,
            limit=limit + 1,
            offset=offset,
        )
        return reply(page(records(frame), limit, offset))

    @router.get("/dyad", summary="Cooperation and conflict between two actors, per period and direction")
    def dyad(
        store: StoreDep,
        a: ActorParam,
        b: ActorParam,
        directed: bool = False,
        freq: FreqParam = "month",
        start: DateParam = None,
        end: DateParam = None,
        compact: Annotated[
            bool,
            Query(
                description="Instead of 'series' (a record per period and direction), 'totals': one list per"
                " column (period, events, each QuadClass, goldstein_sum), both directions summed"
                " (a chart's data, a fifth of the size)."
            ),
        ] = False,
    ) -> JSONResponse:
        a, b = actor_text("a", a) or "", actor_text("b", b) or ""
        described = {"a": query.describe_actor(store, a), "b": query.describe_actor(store, b)}
        if compact:
            totals = query.dyad_totals(store, a, b, freq, directed, start=start, end=end)
            return reply({**described, "directed": directed, "freq": freq, "totals": totals})
        series = query.dyad_series(store, a, b, freq, directed, start=start, end=end)
        return reply({**described, "directed": directed, "freq": freq, "series": series})

    @router.get("/network", summary="Who acts on whom: actors (or countries) as nodes, dyads as edges")
    def network(
        request: Request,
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
        layout: Annotated[
            bool, Query(description=f"Give each node x, y (0-1) from a force-directed layout (up to {MAX_LAYOUT_NODES} nodes).")
        ] = False,
    ) -> Response:
        actor = actor_text("actor", actor) if actor else None
        # A network is the same for every visitor until the database changes: kept whole (the
        # busiest pairs of 200 actors took 0.8 s and their layout 0.4 s on 1M events).
        cache: AnswerCache = request.app.state.networks
        key = (request.state.data_stamp, actor, level, start, end, min_events, limit, top, layout)
        body = cache.get(key)
        if body is None:
            graph = query.network(store, start, end, level, actor=actor, min_events=min_events, limit=limit, top=top)
            focus = query.describe_actor(store, actor) if actor else None
            records_ = query.graph_records(graph)
            name_nodes(records_["nodes"])
            if layout:
                place_nodes(graph, records_["nodes"])
            body = bytes(reply({**records_, "nodes_total": graph.graph.get("nodes_total"), "focus": focus}).body)
            cache.put(key, body)
        return Response(content=body, media_type="application/json")

    @router.get("/articles", summary="Articles with every word of q (best first), or newest first")
    def articles(
        store: StoreDep,
        q: Annotated[str | None, Query(max_length=500, description="Words to find in title or text.")] = None,
        start: DateParam = None,
        end: DateParam = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> JSONResponse:
        frame = query.search_articles(
            store, q, start=start, end=end, limit=limit + 1, offset=offset, marks=SNIPPET_MARKS
        )
        return reply(page(records(frame), limit, offset))

    @router.get(
        "/articles/{article_id}", summary="One article: text, sentences, evidence spans of its events"
    )
    def article_detail(store: StoreDep, article_id: Annotated[str, ArticleIdPath]) -> JSONResponse:
        return reply(_article_detail(store, article_id))

    @router.get("/search", summary="Actors and articles matching q")
    def search(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> JSONResponse:
        # Events by the words of their evidence are /api/events?q=: a scan, too slow to run by default.
        return reply({
            "query": q,
            "actors": records(query.actors(store, q, limit=limit)),
            "articles": records(query.search_articles(store, q, limit=limit, marks=SNIPPET_MARKS)),
        })

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
