"""Extraction on a Dask cluster: the same ``pipeline.extract``, run on many worker processes.

``extract_on_cluster`` splits the articles into partitions, runs :func:`tacitus.pipeline.extract`
on each partition on a worker, and returns the results in input order, so the cluster codes
exactly the events a single process would. Each worker loads spaCy once, when it starts (a
:class:`LoadNlp` worker plugin), not once per partition.

Without a scheduler address a ``LocalCluster`` of single-threaded worker processes is started
on this machine and reused for the rest of the process; with one (``tcp://host:8786``) the
client connects to a running cluster whose workers have Tacitus installed. Worker processes are
started with ``spawn``, so a Python script that uses the local cluster must keep its work under
``if __name__ == "__main__":`` (the ``tacitus`` command does).

Why Dask rather than Ray or Spark: it is pure Python and installs with pip alongside Tacitus
(no JVM, no separate runtime); ``LocalCluster`` gives real worker processes in a test or on a
laptop with the same code that talks to a real cluster through a scheduler address; it shares
the pandas/pyarrow stack Tacitus already uses for Parquet; and worker plugins give the one hook
we need, loading the spaCy model once per worker.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import math
from collections.abc import Callable, Sequence
from pathlib import Path

try:
    from distributed import Client, LocalCluster, WorkerPlugin
except ModuleNotFoundError as missing:  # a one-line error naming the extra (tacitus.extras)
    from tacitus.errors import MissingExtraError

    raise MissingExtraError("--engine dask", "distributed", missing.name or "distributed") from None

from tacitus.errors import ClusterError, OptionError, TacitusError
from tacitus.parquet_dataset import write_parquet
from tacitus.records import Article, ArticleResult

MAX_PARTITION = 50  # articles per task: small enough to balance, large enough for nlp.pipe batches
CONNECT_TIMEOUT = 30.0  # seconds to reach a --scheduler before giving up

_local_clusters: dict[int, tuple[LocalCluster, Client]] = {}
_remote_clients: dict[str, Client] = {}


class LoadNlp(WorkerPlugin):
    """Loads the spaCy pipeline once, when a worker starts, so tasks find it ready.

    It also codes one short sentence, so the dictionaries and patterns are loaded before the
    first real partition arrives.
    """

    name = "tacitus-load-nlp"

    def setup(self, worker: object) -> None:
        from tacitus.parse import get_nlp
        from tacitus.pipeline import extract

        get_nlp()
        warm_up = Article(id="warm-up", title="", text="Officials met on Monday.", pub_date=dt.date(2024, 1, 1))
        list(extract([warm_up]))


def extract_partition(articles: list[Article]) -> list[ArticleResult]:
    """What one worker task does: the single-process pipeline over one partition."""
    from tacitus.pipeline import extract

    return list(extract(articles))


def local_client(workers: int) -> Client:
    """A client of this process's LocalCluster with ``workers`` worker processes (started once)."""
    if workers < 1:
        raise OptionError("--workers", f"must be at least 1, got {workers}")
    if workers not in _local_clusters:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
        client.register_plugin(LoadNlp())
        _local_clusters[workers] = (cluster, client)
    return _local_clusters[workers][1]


def close_local_clusters() -> None:
    """Shut down the LocalClusters this process started and close its clients of running
    clusters (also done at exit)."""
    while _remote_clients:
        _remote_clients.popitem()[1].close()
    while _local_clusters:
        _, (cluster, client) = _local_clusters.popitem()
        client.close()
        cluster.close()


atexit.register(close_local_clusters)


def _client(scheduler: str) -> Client:
    """The client of the running cluster at ``scheduler``, connected on first use and kept for
    the rest of the process (closed at exit)."""
    if scheduler not in _remote_clients:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"--scheduler {scheduler}: cannot connect ({exc}); check the address and that the "
                "scheduler is running"
            ) from exc
        client.register_plugin(LoadNlp())
        _remote_clients[scheduler] = client
    return _remote_clients[scheduler]


def partitions(articles: Sequence[Article], workers: int) -> list[list[Article]]:
    """Consecutive slices of ``articles``: about four per worker, at most :data:`MAX_PARTITION` long."""
    if not articles:
        return []
    size = max(1, min(MAX_PARTITION, math.ceil(len(articles) / (max(1, workers) * 4))))
    return [list(articles[i : i + size]) for i in range(0, len(articles), size)]


def submit_to_cluster(
    articles: list[Article], *, scheduler: str | None, workers: int
) -> Callable[[], list[ArticleResult]]:
    """Start extracting ``articles`` on the cluster and return at once: a function that waits for
    the results and returns them in input order. An ingest submits its next batch this way before
    it stores the one before, so the workers are not idle while the driver writes.

    ``scheduler=None`` uses (starting it on first use) a LocalCluster of ``workers`` processes;
    otherwise the client of the scheduler at that address (connected once per process).
    """
    if not articles:
        return list
    client = local_client(workers) if scheduler is None else _client(scheduler)
    if scheduler is not None:
        workers = len(client.scheduler_info().get("workers", {})) or workers
    futures = [client.submit(extract_partition, part, pure=False) for part in partitions(articles, workers)]

    def collect() -> list[ArticleResult]:
        try:
            return [result for future in futures for result in future.result()]
        except TacitusError:
            raise
        except Exception as exc:
            raise ClusterError(
                f"a worker failed while extracting a partition: {exc!r}; the batches stored so far are kept,"
                " run the same command again"
            ) from exc
        finally:
            for future in futures:
                future.release()

    return collect


def extract_on_cluster(
    articles: list[Article],
    *,
    scheduler: str | None,
    workers: int,
    parquet_dir: Path | None,
) -> list[ArticleResult]:
    """Extract ``articles`` on a Dask cluster; return one result per article, in input order.

    ``scheduler=None`` uses (starting it on first use) a LocalCluster of ``workers`` processes;
    otherwise connects to the scheduler at that address. With ``parquet_dir``, the results are
    also added to the Parquet dataset there (see :mod:`tacitus.parquet_dataset`).
    """
    results = submit_to_cluster(articles, scheduler=scheduler, workers=workers)()
    if parquet_dir is not None and results:
        write_parquet(results, parquet_dir)
    return results
