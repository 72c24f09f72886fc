"""Ingest: read inputs, skip what is stored, link near-duplicates, extract the rest, store by batch.

::

    read_paths -> batches of articles -> already stored? (one query per batch)
               -> near-duplicate of a stored or earlier article? (linked, not extracted)
               -> extract (this process, or a Dask cluster) -> store.write_results (one transaction)

A batch is written in one transaction, so an ingest killed at any moment leaves whole batches
and nothing of the batch it was working on; running it again skips what was stored and does
the rest. Both engines ("local" and "dask") produce their results with
:func:`tacitus.pipeline.extract` and store them through the same call.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from tacitus.article import NEAR_DUPLICATE_DAYS, NEAR_DUPLICATE_DISTANCE, fingerprint, same_story
from tacitus.dictionaries import builtin_dictionaries
from tacitus.errors import InputError, OptionError, TacitusError
from tacitus.read import DEFAULT_MAX_ARTICLE_BYTES, FieldMap, read_paths
from tacitus.records import Article, ArticleResult, IngestReport, Reject
from tacitus.store import Store

Engine = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")
DEFAULT_BATCH_SIZE = 64


@dataclass(frozen=True)
class IngestOptions:
    """How to ingest: which engine extracts, batch size, how records are read, how strict to be.

    ``strict`` stops at the first reject (raising :class:`~tacitus.errors.InputError`) before
    the batch holding it is written; batches written before it stay.
    """

    engine: Engine = "local"
    scheduler: str | None = None  # Dask scheduler address ("tcp://host:8786"); None: a local cluster
    workers: int = 2  # Dask worker processes when no scheduler is given
    parquet_dir: Path | None = None  # also add the results to the Parquet dataset there
    strict: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    fields: FieldMap = field(default_factory=FieldMap)
    date: dt.date | None = None  # publication date of inputs that have none (plain text)
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES

    def check(self) -> None:
        """Raise :class:`OptionError` for values that cannot be used."""
        if self.engine not in ENGINES:
            raise OptionError("--engine", f"{self.engine!r} is not one of {', '.join(ENGINES)}")
        if self.batch_size < 1:
            raise OptionError("--batch-size", f"must be at least 1, not {self.batch_size}")
        if self.workers < 1:
            raise OptionError("--workers", f"must be at least 1, not {self.workers}")
        if self.max_article_bytes < 1:
            raise OptionError("--max-article-mb", "must be positive")


Progress = Callable[[IngestReport], None]


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    options: IngestOptions | None = None,
    *,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every article found in ``paths`` into ``store``; return the counts and rejects.

    ``progress`` is called with the running report after every batch.

    >>> report = ingest(["examples/corpus"], open_store("tacitus.db"))   # doctest: +SKIP
    >>> report.new, report.events, report.rejected                        # doctest: +SKIP
    """
    options = options or IngestOptions()
    options.check()
    own = os.path.realpath(store.path)
    items = read_paths(
        paths,
        fields=options.fields,
        date=options.date,
        max_article_bytes=options.max_article_bytes,
        skip=frozenset(own + suffix for suffix in ("", "-wal", "-shm", "-journal")),
    )
    return ingest_articles(items, store, options, progress=progress)


def ingest_articles(
    items: Iterable[Article | Reject],
    store: Store,
    options: IngestOptions | None = None,
    *,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest articles already read (and the rejects met reading them) into ``store``, as
    :func:`ingest` does with the articles of its paths; ``options``' reading fields are not used."""
    options = options or IngestOptions()
    options.check()
    keep = _keeper(options)
    submit = _submitter(options)
    extract = _extractor(submit)
    report = IngestReport()
    demote = options.parquet_dir is None

    def finish(batch: list[Article], ahead: _Ahead | None = None) -> None:
        _ingest_batch(batch, store, extract, report, demote=demote, ahead=ahead, keep=keep)
        if progress is not None:
            progress(report)

    batches = _batches(items, options.batch_size, report, strict=options.strict)
    if submit is None:
        for batch in batches:
            finish(batch)
        return report
    # On a cluster, the next batch is planned and extracting while this one is stored.
    ahead: _Ahead | None = None
    try:
        for batch in batches:
            started = _plan_ahead(batch, store, submit, demote=demote)
            if ahead is not None:
                pending, ahead = ahead, None
                finish(pending.batch.articles, pending)
            else:  # the first batch: while the cluster extracts it, load what storing it needs
                builtin_dictionaries()  # actor keys know the persons.csv names
            ahead = started
    except InputError:  # --strict: the batch read before the reject is stored first
        if ahead is not None:
            finish(ahead.batch.articles, ahead)
        raise
    if ahead is not None:
        finish(ahead.batch.articles, ahead)
    return report


def _batches(
    items: Iterable[Article | Reject], size: int, report: IngestReport, *, strict: bool
) -> Iterator[list[Article]]:
    """Articles in lists of ``size``; rejects go to the report (or stop everything when ``strict``)."""
    batch: list[Article] = []
    for item in items:
        if isinstance(item, Reject):
            if strict:
                raise InputError(item.origin, f"{item.reason} (--strict stops at the first reject)")
            report.rejects.append(item)
            continue
        report.read += 1
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


Extractor = Callable[[list[Article]], list[ArticleResult]]
Waiting = Callable[[], list[ArticleResult]]
Submit = Callable[[list[Article]], Waiting]
Keep = Callable[[list[ArticleResult]], list[ArticleResult]]


def _extractor(submit: Submit | None) -> Extractor:
    """The function that turns a batch of new articles into results: on the cluster ``submit``
    starts them on (waiting for them), else in this process."""
    if submit is not None:
        on_cluster = submit

        def run(articles: list[Article]) -> list[ArticleResult]:
            return on_cluster(articles)()

        return run

    def extract(articles: list[Article]) -> list[ArticleResult]:
        from tacitus.pipeline import extract

        return list(extract(articles))

    return extract


def _keeper(options: IngestOptions) -> Keep:
    """What is done with the results of a batch before the store commits them: with
    ``parquet_dir``, they are added to the Parquet dataset. A crash in between makes the next run
    extract the batch again, and the dataset's writer skips the articles it already holds (no
    gap, no copy)."""
    if options.parquet_dir is None:
        return lambda results: results
    from tacitus.parquet_dataset import DatasetWriter

    dataset = DatasetWriter(options.parquet_dir)

    def keep(results: list[ArticleResult]) -> list[ArticleResult]:
        if results:
            dataset.write(results)
        return results

    return keep


def _cluster(options: IngestOptions) -> Submit:
    from tacitus.distributed import submit_to_cluster  # MissingExtraError without the distributed extra

    def submit(articles: list[Article]) -> Waiting:
        if not articles:
            return list
        return submit_to_cluster(articles, scheduler=options.scheduler, workers=options.workers)

    return submit


def _submitter(options: IngestOptions) -> Submit | None:
    """For the dask engine, a function that starts a batch's extraction on the cluster and
    returns at once; None for the local engine."""
    return _cluster(options) if options.engine == "dask" else None


@dataclass
class _Plan:
    """What to do with a batch, decided from what the store held: the articles stored already
    (id -> stored date), the new ones (earliest first), their stored near-copy originals, which
    new ones are near-copies, which are originals, which stored originals they demote, and the
    stored sources to extract again for those demotions."""

    stored: dict[str, str]
    fresh: list[Article]
    near: dict[str, list[tuple[str, str]]]
    duplicates: list[tuple[Article, str]]
    originals: list[Article]
    demoted: dict[str, str]
    rebase_ids: list[str]

    def to_extract(self, store: Store) -> list[Article]:
        """The originals, then the stored articles to extract again (the demoted, the rebased)."""
        return self.originals + [store.article(article_id) for article_id in [*sorted(self.demoted), *self.rebase_ids]]


def _plan(unique: dict[str, Article], store: Store, fingerprints: dict[str, str], *, demote: bool) -> _Plan:
    """Plan a batch (its articles by id) against what the store holds now; ``fingerprints``
    keeps the fingerprints computed so far (a batch planned again does not compute them twice)."""
    stored = store.stored_dates(list(unique))
    # earliest publication first (then id): which of two near-copies is the original does not
    # depend on the order they were read in, nor on which batch each came in
    fresh = sorted((a for a in unique.values() if a.id not in stored), key=_rank)
    for article in fresh:
        if article.id not in fingerprints:
            fingerprints[article.id] = fingerprint(article.text)
    own = {a.id: fingerprints[a.id] for a in fresh}
    near = store.near_originals(own, {a.id: a.text for a in fresh}, {a.id: a.pub_date for a in fresh})
    duplicates, originals, demoted = plan_near_duplicates(fresh, own, near, demote=demote)
    rebase_ids = store.rebasing_sources(sorted(demoted)) if demoted else []
    return _Plan(stored, fresh, near, duplicates, originals, demoted, rebase_ids)


class _PlanChanged(Exception):
    """Another process committed while a batch was extracted, and the batch's plan against the
    store as it is now needs an extraction not made yet: nothing is written, the batch is planned again."""


@dataclass
class _Batch:
    """A batch of articles (each id once in ``unique``), and what was computed for it so far."""

    articles: list[Article]
    unique: dict[str, Article]
    fingerprints: dict[str, str] = field(default_factory=dict)
    extracted: dict[str, ArticleResult] = field(default_factory=dict)
    tried: set[str] = field(default_factory=set)  # extracted or rejected: never extracted twice

    @classmethod
    def of(cls, articles: list[Article]) -> _Batch:
        unique: dict[str, Article] = {}
        for article in articles:
            unique.setdefault(article.id, article)
        return cls(articles, unique)


@dataclass
class _Ahead:
    """A batch planned against the store as it was (``version``), its extraction running on the cluster."""

    batch: _Batch
    version: tuple[int, int]
    plan: _Plan
    wanted: list[Article]
    waiting: Waiting


def _plan_ahead(articles: list[Article], store: Store, submit: Submit, *, demote: bool) -> _Ahead:
    """Plan a batch and start its extraction on the cluster, without waiting for it."""
    batch = _Batch.of(articles)
    version = store.write_version()
    plan = _plan(batch.unique, store, batch.fingerprints, demote=demote)
    wanted = plan.to_extract(store)
    batch.tried.update(a.id for a in wanted)
    return _Ahead(batch, version, plan, wanted, submit(wanted))


def _collect(ahead: _Ahead, extract: Extractor, report: IngestReport) -> list[ArticleResult]:
    """The results of a batch extracted ahead; when that failed, each article again here, alone."""
    try:
        return ahead.waiting()
    except TacitusError:
        raise
    except Exception:  # noqa: BLE001 - retried one by one, where the culprit is named
        return _extract_each_or_reject(ahead.wanted, extract, report)


def _ingest_batch(
    articles: list[Article],
    store: Store,
    extract: Extractor,
    report: IngestReport,
    *,
    demote: bool = True,
    ahead: _Ahead | None = None,
    keep: Keep | None = None,
) -> None:
    """Store one batch (``ahead``: planned and extracting already). ``demote``: a stored original
    that a new article precedes becomes its near-copy (off while a Parquet dataset is written:
    the dataset only grows, so the old original's extraction could not be taken out of it, and
    the two would disagree).

    The batch is planned (stored copies, near-copies) and extracted without holding the write
    lock, so other processes (and, on a cluster, this ingest's batch before) may write meanwhile.
    Under the lock, before anything is written, the plan is made again if anything was committed
    since: the near-copies stored meanwhile are found, and the batch is written as if it had come
    after them. When that plan needs an extraction not made yet (a stored article that a new one
    demotes), the lock is let go, the extraction made, and the batch planned again. So two ingests
    running at once link the same near-copies as one ingest of everything.
    """
    batch = ahead.batch if ahead is not None else _Batch.of(articles)
    while True:
        if ahead is not None:
            version, plan = ahead.version, ahead.plan
            batch.extracted.update((r.article.id, r) for r in _collect(ahead, extract, report))
            ahead = None
        else:
            version = store.write_version()
            plan = _plan(batch.unique, store, batch.fingerprints, demote=demote)
            wanted = [a for a in plan.to_extract(store) if a.id not in batch.tried]
            batch.tried.update(a.id for a in wanted)
            batch.extracted.update((r.article.id, r) for r in _extract_each_or_reject(wanted, extract, report))
        try:
            with store.transaction():
                if store.write_version() != version:  # something was committed since: plan again, under the lock
                    plan = _plan(batch.unique, store, batch.fingerprints, demote=demote)
                    if any(a.id not in batch.tried for a in plan.to_extract(store)):
                        raise _PlanChanged
                written = _write_plan(plan, store, batch.extracted, batch.fingerprints, keep)
        except _PlanChanged:
            continue
        break
    report.already_stored += len(articles) - len(batch.unique) + len(plan.stored)
    for article_id, day in sorted(plan.stored.items()):
        article = batch.unique[article_id]
        if day != article.pub_date.isoformat():
            report.rejects.append(Reject(article.origin, (
                f"already stored as article {article_id} dated {day}; this copy says {article.pub_date.isoformat()}: "
                "the stored one is kept (an article is its title and text; see docs/reliability.md)")))
    report.events += written.added
    report.new += written.new
    report.duplicates += written.duplicates


@dataclass(frozen=True)
class _Written:
    added: int  # events
    new: int  # articles stored, near-copies included
    duplicates: int  # near-copies linked, demoted originals included


def _write_plan(
    plan: _Plan,
    store: Store,
    extracted: dict[str, ArticleResult],
    fingerprints: dict[str, str],
    keep: Keep | None = None,
) -> _Written:
    """Write a planned batch with the extractions made (an article whose extraction failed is
    left out); ``keep`` gets the originals' results first (the Parquet dataset)."""
    results = [extracted[a.id] for a in plan.originals if a.id in extracted]
    if keep is not None:
        keep(results)
    demotions = [(extracted[old], new) for old, new in sorted(plan.demoted.items()) if old in extracted and new in extracted]
    rebases = [extracted[article_id] for article_id in plan.rebase_ids if article_id in extracted]
    kept = {r.article.id for r in results} | {a.id for a, _ in plan.duplicates} | set(near_ids(plan.near))
    duplicates = [(a, o) for a, o in plan.duplicates if o in kept]
    added = store.write_results(
        results, fingerprints=fingerprints, duplicates=duplicates, demotions=demotions, rebases=rebases
    )
    return _Written(added, len(results) + len(duplicates), len(duplicates) + len(demotions))


def _rank(article: Article) -> tuple[str, str]:
    """Which of two near-copies is the original: the earlier published, then the smaller id."""
    return (article.pub_date.isoformat(), article.id)


def near_ids(near: dict[str, list[tuple[str, str]]]) -> set[str]:
    """The ids of the stored originals named in ``near`` (see :meth:`Store.near_originals`)."""
    return {original for found in near.values() for _, original in found}


def plan_near_duplicates(
    articles: list[Article],
    fingerprints: dict[str, str],
    near: dict[str, list[tuple[str, str]]],
    *,
    demote: bool = True,
) -> tuple[list[tuple[Article, str]], list[Article], dict[str, str]]:
    """Which new articles are near-copies (article, original id), which are originals to extract,
    and which stored originals they demote (stored id -> new original id).

    ``articles`` sorted by :func:`_rank`; ``near`` gives each one's stored originals (publication
    date, id). An article copies the first by rank of the originals ranked before it that it nearly
    copies, stored or of this batch; when there is none it is an original, and every stored
    original it nearly copies (all ranked after it) becomes its near-copy, with that one's own
    near-copies. So the original of a group is its earliest member whatever came first.
    Without ``demote``, an article that nearly copies a stored original is its near-copy, whatever
    their rank (the stored one came first).
    """
    duplicates: list[tuple[Article, str]] = []
    originals: list[Article] = []
    demoted: dict[str, str] = {}
    # the batch's originals' fingerprints and days, compared all at once (a batch of thousands is not n² in Python)
    kept = np.zeros(len(articles), dtype=np.uint64)
    kept_days = np.zeros(len(articles), dtype=np.int64)
    for article in articles:
        rank = _rank(article)
        candidates = [found for found in near.get(article.id, []) if found[1] not in demoted]
        value = np.uint64(int(fingerprints[article.id], 16))
        day = article.pub_date.toordinal()
        close = np.flatnonzero(
            (np.bitwise_count(kept[: len(originals)] ^ value) <= NEAR_DUPLICATE_DISTANCE)
            & (np.abs(kept_days[: len(originals)] - day) <= NEAR_DUPLICATE_DAYS)
        )
        candidates += [_rank(originals[i]) for i in close.tolist() if same_story(article.text, originals[i].text)]
        earlier = sorted(c for c in candidates if c < rank or not demote)
        if earlier:
            duplicates.append((article, earlier[0][1]))
            continue
        kept[len(originals)] = value
        kept_days[len(originals)] = day
        originals.append(article)
        for _, stored_original in candidates:
            demoted[stored_original] = article.id
    return duplicates, originals, demoted


def _extract_each_or_reject(articles: list[Article], extract: Extractor, report: IngestReport) -> list[ArticleResult]:
    """The batch's results; when extraction fails, each article again alone, the failing ones rejected.

    One article the parser cannot handle (or any bug it meets) costs that article, not its batch.
    """
    if not articles:
        return []
    try:
        return extract(articles)
    except TacitusError:
        raise  # about the run (an unreachable scheduler, a bad option), not about one article
    except Exception:  # noqa: BLE001, S110 - retried one by one below, where the culprit is named
        pass
    results: list[ArticleResult] = []
    for article in articles:
        try:
            results.extend(extract([article]))
        except TacitusError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bad article never stops the batch
            message = " ".join(str(exc).split())[:160] or type(exc).__name__
            report.rejects.append(Reject(article.origin, f"extraction failed ({type(exc).__name__}: {message})"))
    return results


def summary(report: IngestReport, *, max_rejects: int = 20) -> list[str]:
    """The lines ``tacitus ingest`` prints at the end: counts, then the rejects with their reasons."""
    lines = [
        (
            f"read {report.read} articles: {report.new} new ({report.duplicates} near-duplicates linked, not extracted),"
            f" {report.already_stored} already stored; {report.events} new events; {report.rejected} rejected"
        )
    ]
    for reject in report.rejects[:max_rejects]:
        lines.append(f"  rejected {reject}")
    if report.rejected > max_rejects:
        lines.append(f"  ... and {report.rejected - max_rejects} more rejects")
    return lines
