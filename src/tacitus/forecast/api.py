"""The forecasting and agent-tool endpoints of the HTTP API (``/api/agent/...``, ``/api/forecast/...``).

:func:`forecast_router` returns a FastAPI router that :func:`tacitus.serve.create_app` includes.
Every endpoint is a thin call into :mod:`tacitus.forecast.tools` or :mod:`tacitus.forecast.outlook`
on the request's read-only store; ``GET /api/agent/tools`` lists them for an agent. The outlook's
logistic weights and the calibration backtest are computed once per database state (file and WAL
modification times) and horizon, then reused. When the store holds too little to forecast or to
backtest (no events between the two, too short a history), the answer is 200 with
``{"available": false, "reason": ...}``; a bad parameter is a 422, an unknown actor a 404.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Annotated, Any

import numpy as np

try:
    from fastapi import APIRouter, Depends, HTTPException, Query
    from fastapi import Path as Path_
except ModuleNotFoundError as missing:  # a one-line error naming the extra (tacitus.extras)
    from tacitus.errors import MissingExtraError

    raise MissingExtraError("the forecast API of tacitus serve", "web", missing.name or "fastapi") from None

from tacitus.errors import QueryError, StillComputing, UnknownActorError
from tacitus.forecast import outlook, tools
from tacitus.serve import StoreDep, no_repeated_parameters
from tacitus.store import Store

DateParam = Annotated[
    str | None,
    Query(max_length=10, pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", description="YYYY-MM-DD, YYYY-MM or YYYY."),
]
ActorParam = Annotated[str, Query(min_length=1, max_length=200, description="Actor id, country code, actor code or name.")]
OptionalActor = Annotated[str | None, Query(max_length=200, description="Actor id, country code, actor code or name.")]
HorizonParam = Annotated[str, Query(pattern="^(week|month)$", description="Forecast period: week or month.")]

_cache: dict[tuple[Any, ...], Any] = {}
_cache_lock = threading.Lock()
CACHE_ENTRIES = 16


def _state(store: Store) -> tuple[str, int, int]:
    path = Path(store.path)
    stat = path.stat()
    wal = path.with_name(path.name + "-wal")
    wal_stamp = wal.stat().st_mtime_ns if wal.exists() else 0
    return str(path), stat.st_mtime_ns, wal_stamp


# Fitting the outlook's weights or backtesting it reads the whole store: minutes on 1M events.
# Done in a child process, one job at a time, on its own read-only connection: it never holds
# one of the server's few database workers (the dyad view's other requests queued behind it),
# nor the server's GIL (a thread computing slowed every other request down). A request waits
# COMPUTE_WAIT seconds for it (none by default), then answers "being computed".
COMPUTE_WAIT = 0.0  # no wait: a waiting request would hold a database worker the page needs
BACKGROUND_FROM_EVENTS = 100_000  # smaller stores are fitted in the request itself
_pending: dict[tuple[Any, ...], Future[Any]] = {}
_jobs: queue.SimpleQueue[tuple[Future[Any], tuple[str, str, str, int]]] = queue.SimpleQueue()
_worker: threading.Thread | None = None


def _job(kind: str, path: str, horizon: str, top: int) -> Any:
    with Store(path, read_only=True) as store:
        if kind == "weights":
            return outlook.fit_outlook_weights(store, horizon)
        return outlook.backtest(store, horizon, top=top)


def _child(connection: Any, job: tuple[str, str, str, int]) -> None:
    os.nice(10)  # the server's requests go first: this is minutes of work nobody waits for
    try:
        connection.send(("ok", _job(*job)))
    except QueryError as exc:
        connection.send(("query", str(exc)))
    except Exception as exc:  # noqa: BLE001 (reported to the request that waits)
        connection.send(("error", f"{type(exc).__name__}: {exc}"))


def _run_in_child(job: tuple[str, str, str, int]) -> Any:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, job), daemon=True, name="tacitus-forecast")
    process.start()
    child.close()
    try:
        status, value = parent.recv()
    except EOFError as exc:
        raise RuntimeError(f"the forecast process stopped (exit code {process.exitcode})") from exc
    finally:
        process.join(timeout=5)
    if status == "query":
        raise QueryError(value)
    if status == "error":
        raise RuntimeError(value)
    return value


def _work() -> None:
    while True:
        future, job = _jobs.get()
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(_run_in_child(job))
            except BaseException as exc:  # noqa: BLE001 (handed to whoever waits for it)
                future.set_exception(exc)


def _cached(key: tuple[Any, ...], job: tuple[str, str, str, int], store: Store) -> Any:
    """The answer of ``job`` (kind, database path, horizon, top) for ``key``, computed once: on
    a small store at once, on a big one in the background (:class:`StillComputing` when it is
    not ready within :data:`COMPUTE_WAIT` s)."""
    global _worker
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    if (store.db.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0) < BACKGROUND_FROM_EVENTS:
        value = _job(*job)  # seconds at most: a child process would take longer to start
        with _cache_lock:
            if len(_cache) >= CACHE_ENTRIES:
                _cache.pop(next(iter(_cache)))
            _cache[key] = value
        return value
    with _cache_lock:
        future = _pending.get(key)
        if future is None:
            future = _pending[key] = Future()
            _jobs.put((future, job))
            if _worker is None or not _worker.is_alive():  # a daemon: a stopping server does not wait
                _worker = threading.Thread(target=_work, name="tacitus-forecast", daemon=True)
                _worker.start()
    try:
        value = future.result(timeout=COMPUTE_WAIT)
    except FutureTimeout as exc:
        raise StillComputing from exc
    finally:
        if future.done():
            with _cache_lock:
                _pending.pop(key, None)
    with _cache_lock:
        if len(_cache) >= CACHE_ENTRIES:
            _cache.pop(next(iter(_cache)))
        _cache[key] = value
    return value


COMPUTING = (
    "the forecast model is being fitted on this store (minutes on a million events);"
    " it shows here when ready, on a later visit"
)


def forecast_router() -> APIRouter:
    """The ``/api/agent`` and ``/api/forecast`` endpoints (one read-only store snapshot per request)."""
    # Repeated parameters are a 422 here too; the Host check is the app's middleware.
    router = APIRouter(prefix="/api", dependencies=[Depends(no_repeated_parameters)])

    @router.get("/agent/tools", summary="The agent tools: name, path, parameters, what each returns")
    def agent_tools() -> dict[str, Any]:
        return {"tools": tools.TOOLS}

    @router.get("/agent/actors", summary="Actor lookup by name, alias or code")
    def agent_actors(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> dict[str, Any]:
        return tools.lookup_actors(store, q, limit=limit)

    @router.get("/agent/events", summary="Events between two actors in a window, newest first")
    def agent_events(
        store: StoreDep,
        a: ActorParam,
        b: ActorParam,
        start: DateParam = None,
        end: DateParam = None,
        directed: bool = False,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> dict[str, Any]:
        return tools.events_between(store, a, b, start=start, end=end, directed=directed, limit=limit)

    @router.get("/agent/relations", summary="Relation distribution of a dyad, an actor or everything")
    def agent_relations(
        store: StoreDep,
        a: OptionalActor = None,
        b: OptionalActor = None,
        by: Annotated[str, Query(pattern="^(cameo|cameo_root|plover|quad_class)$")] = "cameo",
        start: DateParam = None,
        end: DateParam = None,
        directed: bool = False,
    ) -> dict[str, Any]:
        return tools.relation_distribution(store, a, b, by=by, start=start, end=end, directed=directed)

    @router.get("/agent/counts", summary="Events of one CAMEO code/root or PLOVER type per period")
    def agent_counts(
        store: StoreDep,
        cameo: Annotated[str | None, Query(max_length=4, pattern="^[0-9]{2,4}$")] = None,
        plover: Annotated[str | None, Query(max_length=12)] = None,
        a: OptionalActor = None,
        b: OptionalActor = None,
        start: DateParam = None,
        end: DateParam = None,
        freq: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "month",
    ) -> dict[str, Any]:
        return tools.code_counts(store, cameo=cameo, plover=plover, a=a, b=b, start=start, end=end, freq=freq)

    @router.get("/agent/events/{event_id}/articles", summary="The articles behind one event")
    def agent_event_articles(
        store: StoreDep,
        event_id: Annotated[str, Path_(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
    ) -> dict[str, Any]:
        try:
            return tools.event_articles(store, event_id)
        except QueryError as exc:
            raise HTTPException(404, str(exc)) from exc

    @router.get("/forecast/dyad", summary="Next period's outlook for a dyad, per QuadClass and PLOVER type")
    def forecast_dyad(
        store: StoreDep, a: ActorParam, b: ActorParam, horizon: HorizonParam = "month", directed: bool = False
    ) -> dict[str, Any]:
        try:
            state = _state(store)
            weights, trained = _cached(("weights", *state, horizon), ("weights", state[0], horizon, 100), store)
            result = outlook.dyad_outlook(store, a, b, horizon, directed=directed, weights=np.asarray(weights))
        except UnknownActorError:
            raise
        except QueryError as exc:
            return {"available": False, "reason": str(exc)}
        except StillComputing:
            return {"available": False, "computing": True, "reason": COMPUTING}
        result.trained_on = trained
        return {"available": True, **result.as_dict()}

    @router.get("/forecast/calibration", summary="Rolling-origin backtest of the outlook: scores and reliability")
    def forecast_calibration(
        store: StoreDep,
        horizon: HorizonParam = "month",
        top: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        try:
            state = _state(store)
            report = _cached(("backtest", *state, horizon, top), ("backtest", state[0], horizon, top), store)
        except QueryError as exc:
            return {"available": False, "reason": str(exc)}
        except StillComputing:
            return {"available": False, "computing": True, "reason": COMPUTING.replace("model is being fitted", "backtest is being run")}
        return {"available": True, **report.as_dict()}

    return router
