"""How ingest scales with corpus size: 1,000, 10,000 and 100,000 synthetic articles in one store.

One synthetic corpus (``bench/synthetic.py``) is ingested in steps into one database: the first
1,000 articles, then the next 9,000, then the next 90,000, so each step also shows whether
ingest slows down as the store grows. Each step reports its own time and rate, the cumulative
time, the events stored and the store size. spaCy (and for dask the cluster) is started before
the clock starts; writing the step's files is not timed.

Steps up to ``--full-up-to`` (default 10,000) run the whole ingest. Full extraction of 100,000
articles takes hours on two cores, so larger steps by default run the *store path* only: every
file is read, its id and fingerprint computed, checked against the store for copies and
near-copies and written in batches, exactly like an ingest, but instead of parsing the article
with spaCy the step reuses the extraction of an article coded earlier in the run (its events
moved to dates of their own, so they are new events, not merges). Those rows say so ("store
path"); their rates measure what grows with the store, not the parser, whose cost per article
does not depend on the store size and is in the full rows above them.

The store path's articles are, by default, more of the templated stories the full steps parse.
Those share 30-50 % of their word pairs with many others, which real news does not, and the
near-copy check compares each new one with a number of look-alikes that grows with the store.
``--store-corpus varied`` gives the store-path steps stories as varied as real news
(:func:`bench.synthetic.varied`: a templated lead, the rest drawn from a 50,000-word invented
vocabulary; 5 % near-copies of a recent story, some published a day before it, which demotes the
stored one). ``--in-memory`` lets the store-path steps take their articles from the generator
instead of writing a million files first (minutes, and gigabytes) and reading them: the articles
are generated as the ingest asks for them, so generating one (about 0.44 ms here) is timed where
reading its file (about 0.45 ms) was; everything from the ingest's batches on is timed as before.

While a step runs, a line a minute gives the articles stored, the rate over the last minute, the
load average, the store's size and the peak memory; at its end a table gives the rate in each
tenth of the step.

    python -m bench scaling --steps 1000,1000000 --full-up-to 1000 --store-corpus varied --in-memory
    python -m bench scaling --steps 1000,1000000 --full-up-to 1000 --store-corpus varied --in-memory \
        --arrival in-order --batch-size 2048 --cache-mb 1024   # a news stream, in order of publication
    python -m bench scaling --steps 1000,200000 --full-up-to 1000 --store-corpus varied --in-memory \
        --arrival in-order --batch-size 2048 --pages-at 100000   # + the pages one batch changes, by B-tree
    python -m bench scaling                          # 1k, 10k full, 100k store path (~1.5 h here)
    python -m bench scaling --steps 1000,5000        # smaller, all full
    python -m bench scaling --full-up-to 100000      # 100k full: hours on 2 cores
    python -m bench scaling --engine dask --workers 2
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from bench import machine, print_table
from tacitus.records import Article, ArticleResult, IngestReport

STEPS = (1_000, 10_000, 100_000)
FULL_UP_TO = 10_000


def _steps(text: str) -> tuple[int, ...]:
    return tuple(int(n.replace("_", "")) for n in text.split(","))


def recycling(
    pool: list[ArticleResult], follow_publication: bool = False
) -> Callable[..., Iterator[ArticleResult]]:
    """A stand-in for ``pipeline.extract`` that gives each article the coding of a pool article.

    Round ``k`` through the pool moves every event ``k`` days on, so the store gets new events
    (as new articles would bring) instead of merging them into the pool's. With
    ``follow_publication`` each event is instead dated as far from the new article's publication
    as it was from the pool article's (events happen about when they are reported): stories that
    come in order of publication then bring events in order of date, as a news stream does. Each event's evidence
    is a span of the new article's own text (as long as the pool event's), so that evidence
    repeats only where texts do, as in real news: a pool's evidence told again in every round
    would make the evidence index find, for each source deleted, every copy of it.
    """
    counter = itertools.count()

    def extract(articles: Iterable[Article], **_: Any) -> Iterator[ArticleResult]:
        for article in articles:
            n = next(counter)
            template = pool[n % len(pool)]
            if follow_publication:
                shift = article.pub_date - template.article.pub_date
            else:
                shift = dt.timedelta(days=1 + n // len(pool))
            events = [
                dataclasses.replace(
                    e,
                    date=e.date + shift,
                    provenance=dataclasses.replace(
                        e.provenance, article_id=article.id, evidence=_span(article.text, i, len(e.provenance.evidence))
                    ),
                    support=tuple(dataclasses.replace(p, article_id=article.id) for p in e.support),
                )
                for i, e in enumerate(template.events)
            ]
            yield ArticleResult(article, list(template.sentences), list(template.mentions), events)

    return extract


def _span(text: str, index: int, length: int) -> str:
    """The ``index``-th span of ``length`` characters of ``text`` (spans start 97 characters apart)."""
    length = max(1, min(length, len(text)))
    start = index * 97 % max(1, len(text) - length + 1)
    return text[start : start + length]


class Clock:
    """Articles stored over time within one step (from the ingest's report after every batch),
    with the load average, the store's size and this process's peak memory; printed once a
    minute while the step runs, and by tenths of the step at its end."""

    def __init__(self, articles: int, size: Callable[[], float] = lambda: 0.0) -> None:
        self.articles = articles
        self.size = size
        self.started = time.perf_counter()
        self.marks: list[tuple[float, int, float]] = [(0.0, 0, os.getloadavg()[0])]  # seconds, stored, load
        self.minute = 0

    def tick(self, report: IngestReport) -> None:
        now = time.perf_counter() - self.started
        self.marks.append((now, report.new + report.already_stored, os.getloadavg()[0]))
        if now // 60 > self.minute:
            self.minute = int(now // 60)
            last = [m for m in self.marks if m[0] >= now - 60]
            rate = (last[-1][1] - last[0][1]) / max(last[-1][0] - last[0][0], 1e-9) * 60
            print(f"    minute {self.minute}: {report.new + report.already_stored:,} of {self.articles:,} stored,"
                  f" {rate:,.0f} articles/min, load {os.getloadavg()[0]:.1f}, store {self.size():,.0f} MB,"
                  f" peak {_peak_mb():.0f} MB", flush=True)

    def print_tenths(self, step: str) -> None:
        """Articles per minute in each tenth of the step, the first against the last."""
        rows, rates = [], []
        for tenth in range(1, 11):
            low, high = self.articles * (tenth - 1) / 10, self.articles * tenth / 10
            inside = [m for m in self.marks if low <= m[1] <= high]
            before = [m for m in self.marks if m[1] <= low][-1:]
            span = before + inside
            if len(span) < 2 or span[-1][0] <= span[0][0]:
                continue
            rate = (span[-1][1] - span[0][1]) / (span[-1][0] - span[0][0]) * 60
            loads = [m[2] for m in span]
            rates.append(rate)
            rows.append((f"{tenth}", f"{span[-1][1]:,}", f"{rate:,.0f}", f"{min(loads):.1f}-{max(loads):.1f}"))
        if len(rates) >= 2:
            print(f"  step {step}, by tenths (last against first: {rates[-1] / rates[0]:.2f}):")
            print_table(["tenth", "stored", "articles/min", "load"], rows)


def _pages_probe(ingest_batch: Callable[..., Any], marks: list[int]) -> Callable[..., Any]:
    """``tacitus.ingest._ingest_batch``, printing, at the first batch after each of ``marks`` articles
    stored, the pages it changed by table and index (:mod:`bench.pages_written`)."""
    from bench.pages_written import by_btree, wal_pages

    stored = [0]
    pending = list(marks)

    def probed(articles: list[Article], store: Any, *args: Any, **kwargs: Any) -> Any:
        if not pending or stored[0] < pending[0]:
            stored[0] += len(articles)
            return ingest_batch(articles, store, *args, **kwargs)
        pending.pop(0)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.execute("PRAGMA wal_autocheckpoint=0")
        try:
            started = time.perf_counter()
            out = ingest_batch(articles, store, *args, **kwargs)
            seconds = time.perf_counter() - started
            frames = wal_pages(store.path)
            rows = by_btree(store.db, frames)
        finally:
            store.db.execute("PRAGMA wal_autocheckpoint=1000")
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stored[0] += len(articles)
        changed = sum(count for _, count, _ in rows)
        print(f"  pages changed by the batch of {len(articles):,} after {stored[0] - len(articles):,} articles"
              f" ({seconds:.1f} s): {changed:,} pages of 4 KB, {changed * 4 / 1024:,.0f} MB", flush=True)
        print_table(["table or index", "pages changed", "pages in all"],
                    [(name, f"{count:,}", f"{size:,}") for name, count, size in rows[:20]])  # fmt: skip
        return out

    return probed


def _size_mb(scratch: Path) -> float:
    """The store's files (the database, its WAL and shared memory) in MB."""
    return sum(p.stat().st_size for p in scratch.glob("scaling.db*")) / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench scaling")
    parser.add_argument(
        "--steps", type=_steps, default=STEPS, help="cumulative sizes (default 1000,10000,100000)"
    )
    parser.add_argument(
        "--full-up-to", type=int, default=FULL_UP_TO,
        help=f"largest step with full extraction; larger steps run the store path (default {FULL_UP_TO})",
    )  # fmt: skip
    parser.add_argument("--full", action="store_true", help="every step with full extraction (hours at 100k)")
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="ingest engine (default local)"
    )
    parser.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="articles per ingest batch, as `tacitus ingest --batch-size` (default: the ingest's, 256 with dask);"
        " one transaction each, so larger batches commit less often",
    )
    parser.add_argument(
        "--cache-mb", type=int, default=None,
        help="the writer's SQLite page cache in MB (default: the store's own, tacitus.store.WRITER_CACHE_MB)",
    )  # fmt: skip
    parser.add_argument(
        "--store-corpus", choices=("templated", "varied"), default="templated",
        help="texts of the store-path steps: the templated stories of the full steps, or varied ones"
             " (bench.synthetic.varied: few shared word pairs, as in real news, 5%% near-copies)",
    )  # fmt: skip
    parser.add_argument(
        "--arrival", choices=("shuffled", "in-order"), default="shuffled",
        help="order of the varied store-path stories: random publication dates over seven years, each"
             " event moved one day on per round through the pool (default), or in order of publication"
             " as a news stream brings them, each event dated from its own story's publication",
    )  # fmt: skip
    parser.add_argument(
        "--pages-at", type=_steps, default=(),
        help="after this many articles stored (comma-separated), print the pages the next batch changed, by"
             " table and index (bench/pages_written.py: the write-ahead log's frames, dbstat); slows that batch",
    )  # fmt: skip
    parser.add_argument(
        "--in-memory", action="store_true",
        help="store-path steps take their articles from the generator, not from files (reading them is not timed)",
    )  # fmt: skip
    args, _ = parser.parse_known_args()
    steps = tuple(sorted(args.steps))
    full_up_to = max(steps) if args.full else args.full_up_to

    import tacitus.ingest
    import tacitus.pipeline
    from bench.synthetic import generate, varied
    from tacitus.ingest import DEFAULT_BATCH_SIZE, IngestOptions, ingest, ingest_articles
    from tacitus.store import WRITER_CACHE_MB, Store, open_store

    if args.engine == "dask":
        from tacitus.distributed import close_local_clusters, local_client

        local_client(args.workers)
        options = IngestOptions(engine="dask", workers=args.workers, batch_size=args.batch_size or 256)
    else:
        from tacitus.parse import get_nlp

        get_nlp()
        options = IngestOptions(batch_size=args.batch_size or DEFAULT_BATCH_SIZE)

    cache_mb = args.cache_mb or WRITER_CACHE_MB
    print(f"ingest batches of {options.batch_size} articles (--batch-size); writer page cache {cache_mb} MB (--cache-mb)")
    real_extract = tacitus.pipeline.extract
    real_write = Store.write_results
    real_batch = tacitus.ingest._ingest_batch
    if args.pages_at:
        tacitus.ingest._ingest_batch = _pages_probe(real_batch, sorted(args.pages_at))  # type: ignore[assignment]
    pool: list[ArticleResult] = []

    def keeping(store: Store, results: list[ArticleResult], **kwargs: Any) -> int:
        """Store.write_results, keeping the first 2,000 codings (of either engine) for the store path."""
        pool.extend(results[: max(0, 2_000 - len(pool))])
        return real_write(store, results, **kwargs)

    print(f"engine {args.engine}; {machine()}; {dt.date.today().isoformat()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="tacitus-scaling-") as scratch:
        db = Path(scratch) / "scaling.db"
        stories = generate(max(steps), seed=0)
        if args.store_corpus == "varied":
            store_stories = varied(max(steps), seed=1, in_order=args.arrival == "in-order")
        done = 0
        total_seconds = 0.0
        for target in steps:
            full = target <= full_up_to
            step_folder = Path(scratch) / f"step-{target}"
            step_folder.mkdir()
            source = store_stories if args.store_corpus == "varied" and not full else stories
            step_words = 0
            in_memory: Iterator[Article] | None = None
            if args.in_memory and not full:
                counted = [0]

                def taken(count: int, counted: list[int] = counted, source: Iterator[Any] = source) -> Iterator[Article]:
                    for story in itertools.islice(source, count):
                        counted[0] += story.words
                        yield story.to_article()

                in_memory = taken(target - done)
            else:
                for _ in range(target - done):
                    story = next(source)
                    (step_folder / story.file_name).write_text(story.text, encoding="utf-8")
                    step_words += story.words
            if full:
                Store.write_results = keeping  # type: ignore[method-assign]
            else:
                if not pool:
                    raise SystemExit("the store path needs a full step before it (see --full-up-to)")
                tacitus.pipeline.extract = recycling(  # type: ignore[assignment]
                    pool, follow_publication=args.arrival == "in-order"
                )
                if args.engine == "dask":
                    options = dataclasses.replace(options, engine="local")
            clock = Clock(target - done, lambda: _size_mb(Path(scratch)))
            try:
                with open_store(db, cache_mb=cache_mb) as store:
                    started = time.perf_counter()
                    if in_memory is not None:
                        report = ingest_articles(in_memory, store, options, progress=clock.tick)
                    else:
                        report = ingest([step_folder], store, options, progress=clock.tick)
                    seconds = time.perf_counter() - started
                    if in_memory is not None:
                        step_words = counted[0]
                    counts = store.counts()
            finally:
                tacitus.pipeline.extract = real_extract
                Store.write_results = real_write  # type: ignore[method-assign]
            total_seconds += seconds
            size = _size_mb(Path(scratch)) * 2**20
            rows.append(
                (
                    f"{target:,}",
                    "full" if full else "store path",
                    f"{report.new:,}",
                    f"{seconds:.0f}",
                    f"{report.new / seconds:.1f}",
                    f"{step_words / seconds:,.0f}",
                    f"{total_seconds / 60:.1f}",
                    f"{counts['events']:,}",
                    f"{size / 2**20:.1f}",
                    f"{size / counts['articles'] * 1000 / 2**20:.1f}",
                    f"{_peak_mb():.0f}",
                    f"{os.getloadavg()[0]:.1f}",
                )
            )
            done = target
            print("  " + "  ".join(rows[-1]), flush=True)  # each step as it ends; the table follows
            clock.print_tenths(f"{target:,} ({'full' if full else 'store path'})")
            for path in step_folder.iterdir():  # the files are read; free the space for the next step
                path.unlink()
    tacitus.ingest._ingest_batch = real_batch  # type: ignore[assignment]
    if args.engine == "dask":
        close_local_clusters()
    print_table(
        ["articles", "extraction", "step new", "step s", "articles/s", "words/s", "total min", "events",
         "store MB", "MB/1k", "peak MB", "load"],
        rows,
    )  # fmt: skip


if __name__ == "__main__":
    main()
