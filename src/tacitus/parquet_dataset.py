"""Extraction results as a partitioned Parquet dataset: write, load into a store, query with DuckDB.

A dataset is a folder with one sub-folder per table, each hive-partitioned by the article's
publication month::

    DIR/articles/pub_month=2022-04/part-<batch>.parquet
    DIR/sentences/pub_month=2022-04/...
    DIR/mentions/pub_month=2022-04/...
    DIR/events/pub_month=2022-04/...

Every row of an article (its sentences, mentions and events) lives in the article's month, so a
month can be loaded or queried on its own. Columns are flat (actor name, code, country, sector...
spelled out per event) so that DuckDB, pandas or any Parquet reader can use them without Tacitus;
they are also complete, so :func:`read_results` rebuilds the exact :class:`ArticleResult` records
and :func:`load_parquet` stores them like a normal ingest, exactly once per article.

Each article is written at most once: a writer skips articles the dataset already holds, and
names its files by a hash of the batch's article ids. Writes are staged and renamed into place,
articles last, so a crash leaves no torn files and no rows without their article (see
:class:`DatasetWriter`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

try:
    import duckdb
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq
except ModuleNotFoundError as missing:  # a one-line error naming the extra (tacitus.extras)
    from tacitus.errors import MissingExtraError

    raise MissingExtraError(
        "a Parquet dataset (ingest --parquet, load-parquet, query-parquet)", "parquet", missing.name or "pyarrow"
    ) from None

from tacitus.article import fingerprint
from tacitus.errors import OptionError, ParquetDatasetError, QueryError
from tacitus.records import (
    Actor,
    Article,
    ArticleResult,
    Event,
    IngestReport,
    Mention,
    Place,
    Provenance,
    Sentence,
)
from tacitus.store import Store

TABLES = ("articles", "sentences", "mentions", "events")
TABLES_IN_WRITE_ORDER = ("sentences", "mentions", "events", "articles")  # articles last: the commit mark
STAGING = ".staging"  # DIR/.staging/<batch>/...: files being written, renamed into place when complete
PARTITION = "pub_month"
LOAD_BATCH = 500  # articles per store transaction when loading


def _actor_fields(prefix: str) -> list[pa.Field]:
    return [
        pa.field(f"{prefix}_name", pa.string()),
        pa.field(f"{prefix}_kind", pa.string()),
        pa.field(f"{prefix}_code", pa.string()),
        pa.field(f"{prefix}_country", pa.string()),
        pa.field(f"{prefix}_sector", pa.string()),
        pa.field(f"{prefix}_title", pa.string()),
        pa.field(f"{prefix}_aliases", pa.list_(pa.string())),
        pa.field(f"{prefix}_code_override", pa.string()),
    ]


SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("article_id", pa.string()),
            ("title", pa.string()),
            ("text", pa.string()),
            ("pub_date", pa.date32()),
            ("dateline_place", pa.string()),
            ("dateline_date", pa.date32()),
            ("outlet", pa.string()),
            ("url", pa.string()),
            ("origin", pa.string()),
        ]
    ),
    "sentences": pa.schema(
        [
            ("article_id", pa.string()),
            ("sentence_index", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
        ]
    ),
    "mentions": pa.schema(
        [
            ("article_id", pa.string()),
            ("mention_index", pa.int32()),
            ("sentence_index", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("rule", pa.string()),
            *_actor_fields("actor"),
        ]
    ),
    "events": pa.schema(
        [
            ("article_id", pa.string()),  # provenance: the article that states the event
            ("event_index", pa.int32()),  # position among the article's events
            ("sentence_index", pa.int32()),
            ("evidence_start", pa.int32()),
            ("evidence_end", pa.int32()),
            ("evidence", pa.string()),
            ("trigger", pa.string()),
            ("date", pa.date32()),
            ("date_precision", pa.string()),
            ("date_text", pa.string()),
            *_actor_fields("source"),
            *_actor_fields("target"),
            ("cameo_code", pa.string()),
            ("cameo_root", pa.string()),
            ("cameo_name", pa.string()),
            ("goldstein", pa.float64()),
            ("quad_class", pa.int8()),
            ("plover_type", pa.string()),
            ("plover_mode", pa.string()),
            ("plover_context", pa.string()),
            ("place_name", pa.string()),
            ("place_country", pa.string()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("place_rule", pa.string()),
            ("modality", pa.string()),
            ("negated", pa.bool_()),
            ("confidence", pa.float64()),
            ("rule", pa.string()),
            ("dictionary_entries", pa.list_(pa.string())),
            # the article's further sentences stating the same event (Event.support); datasets
            # written before this column read it as none
            ("support", pa.list_(pa.struct([
                ("sentence_index", pa.int32()),
                ("start", pa.int32()),
                ("end", pa.int32()),
                ("evidence", pa.string()),
                ("trigger", pa.string()),
            ]))),
        ]
    ),
}


def pub_month(day: dt.date) -> str:
    """The partition value of an article published on ``day``: ``"2022-04"``."""
    return f"{day.year:04d}-{day.month:02d}"


# -- records -> rows -------------------------------------------------------------------------


def _actor_row(prefix: str, actor: Actor | None) -> dict[str, Any]:
    if actor is None:
        return {field.name: None for field in _actor_fields(prefix)}
    return {
        f"{prefix}_name": actor.name,
        f"{prefix}_kind": actor.kind,
        f"{prefix}_code": actor.code,
        f"{prefix}_country": actor.country,
        f"{prefix}_sector": actor.sector,
        f"{prefix}_title": actor.title,
        f"{prefix}_aliases": list(actor.aliases),
        f"{prefix}_code_override": actor.code_override,
    }


def _event_row(article_id: str, index: int, event: Event) -> dict[str, Any]:
    p, place = event.provenance, event.place
    return {
        "article_id": p.article_id or article_id,
        "event_index": index,
        "sentence_index": p.sentence_index,
        "evidence_start": p.start,
        "evidence_end": p.end,
        "evidence": p.evidence,
        "trigger": p.trigger,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_text": event.date_text,
        **_actor_row("source", event.source),
        **_actor_row("target", event.target),
        **event.code_and_place_columns(),
        "place_rule": place.rule if place else None,
        "modality": event.modality,
        "negated": event.negated,
        "confidence": event.confidence,
        "rule": event.rule,
        "dictionary_entries": list(event.dictionary_entries),
        "support": [
            {"sentence_index": s.sentence_index, "start": s.start, "end": s.end, "evidence": s.evidence,
             "trigger": s.trigger}
            for s in event.support
        ],
    }


def result_rows(result: ArticleResult) -> dict[str, list[dict[str, Any]]]:
    """The rows one article contributes to each table (without the partition column)."""
    a = result.article
    return {
        "articles": [
            {
                "article_id": a.id,
                "title": a.title,
                "text": a.text,
                "pub_date": a.pub_date,
                "dateline_place": a.dateline_place,
                "dateline_date": a.dateline_date,
                "outlet": a.outlet,
                "url": a.url,
                "origin": a.origin,
            }
        ],
        "sentences": [
            {"article_id": a.id, "sentence_index": s.index, "start": s.start, "end": s.end, "text": s.text}
            for s in result.sentences
        ],
        "mentions": [
            {
                "article_id": a.id,
                "mention_index": i,
                "sentence_index": m.sentence_index,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "rule": m.rule,
                **_actor_row("actor", m.actor),
            }
            for i, m in enumerate(result.mentions)
        ],
        "events": [_event_row(a.id, i, e) for i, e in enumerate(result.events)],
    }


class DatasetWriter:
    """Adds extraction results to one dataset, each article at most once, safe against crashes.

    The writer learns which articles the dataset holds when it first writes (one read of the
    ``article_id`` column), and keeps that set up to date, so an ingest that re-extracts a batch
    after a crash (Parquet written, store commit lost) does not write its articles twice, even
    when the batch is made up differently the second time.

    A batch is written to ``DIR/.staging/<batch>/`` first, then each file is renamed into place:
    sentences, mentions and events before articles. An article row is therefore the mark that all
    its rows are in place. A crash between two renames leaves child files whose articles file is
    missing; the next writer deletes those (and any staging leftovers) before it writes. Two
    writers on one dataset at the same time are not supported.
    """

    def __init__(self, parquet_dir: str | Path) -> None:
        self.root = Path(parquet_dir)
        self._known: set[str] | None = None

    @property
    def known_ids(self) -> set[str]:
        """Ids of the articles the dataset holds (read once, after cleaning up a crashed write)."""
        if self._known is None:
            remove_partial_batches(self.root)
            self._known = stored_article_ids(self.root)
        return self._known

    def write(self, results: Sequence[ArticleResult]) -> dict[str, int]:
        """Add the results whose articles the dataset lacks; return the rows written per table."""
        fresh: dict[str, ArticleResult] = {}
        for result in results:
            if result.article.id not in self.known_ids:
                fresh.setdefault(result.article.id, result)
        written = {table: 0 for table in TABLES}
        if not fresh:
            return written
        rows: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for result in fresh.values():
            month = pub_month(result.article.pub_date)
            for table, table_rows in result_rows(result).items():
                rows[table, month].extend(table_rows)
                written[table] += len(table_rows)
        batch = hashlib.sha1("\n".join(sorted(fresh)).encode()).hexdigest()[:16]
        staging = self.root / STAGING / batch
        if staging.exists():
            shutil.rmtree(staging)
        moves: list[tuple[Path, Path]] = []
        for table in TABLES_IN_WRITE_ORDER:
            for (row_table, month), table_rows in sorted(rows.items()):
                if row_table != table or not table_rows:
                    continue
                relative = Path(table) / f"{PARTITION}={month}" / f"part-{batch}.parquet"
                (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(pa.Table.from_pylist(table_rows, schema=SCHEMAS[table]), staging / relative)
                moves.append((staging / relative, self.root / relative))
        for source, target in moves:  # children first, articles last: see the class notes
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):  # gone, or holding another writer's batch
            staging.parent.rmdir()
        self.known_ids.update(fresh)
        return written


def write_parquet(results: Sequence[ArticleResult], parquet_dir: str | Path) -> dict[str, int]:
    """Add ``results`` to the dataset in ``parquet_dir``, skipping articles it already holds.

    Returns the number of rows written per table. For many batches into one dataset, keep one
    :class:`DatasetWriter` (it reads the dataset's article ids once instead of per call).
    """
    return DatasetWriter(parquet_dir).write(results)


def _batch_files(root: Path, table: str) -> dict[tuple[str, str], list[Path]]:
    """The files of ``table`` by (month folder, batch name)."""
    found: dict[tuple[str, str], list[Path]] = defaultdict(list)
    for path in (root / table).glob(f"{PARTITION}=*/part-*.parquet"):
        found[path.parent.name, path.stem.split("-")[1]].append(path)  # part-<batch>[-<n>]
    return found


def remove_partial_batches(parquet_dir: str | Path) -> list[Path]:
    """Delete what a crashed write left: staging files, and rows whose articles file never landed.

    Returns the files removed. Only a writer may call this (a running writer's staged batch
    would look like a crashed one).
    """
    root = Path(parquet_dir)
    removed: list[Path] = []
    staging = root / STAGING
    if staging.exists():
        removed += [p for p in staging.rglob("*") if p.is_file()]
        shutil.rmtree(staging)
    landed = set(_batch_files(root, "articles"))
    for table in TABLES_IN_WRITE_ORDER[:-1]:
        for key, paths in _batch_files(root, table).items():
            if key not in landed:
                for path in paths:
                    path.unlink()
                    removed.append(path)
    return removed


def stored_article_ids(parquet_dir: str | Path) -> set[str]:
    """The ids of the articles in the dataset (empty when there is none yet)."""
    dataset = _dataset(Path(parquet_dir), "articles")
    if dataset is None:
        return set()
    return set(dataset.to_table(columns=["article_id"]).column("article_id").to_pylist())


# -- rows -> records -------------------------------------------------------------------------


def _actor(row: dict[str, Any], prefix: str) -> Actor | None:
    if row.get(f"{prefix}_name") is None:
        return None
    return Actor(
        name=row[f"{prefix}_name"],
        kind=row[f"{prefix}_kind"],
        country=row[f"{prefix}_country"],
        sector=row[f"{prefix}_sector"],
        title=row[f"{prefix}_title"],
        aliases=tuple(row[f"{prefix}_aliases"] or ()),
        code_override=row[f"{prefix}_code_override"],
    )


def _event(row: dict[str, Any], root: Path) -> Event:
    source = _actor(row, "source")
    if source is None:
        raise ParquetDatasetError(
            root / "events", f"event {row['article_id']}#{row['event_index']} has no source actor"
        )
    place = None
    if row["place_name"] is not None:
        place = Place(
            row["place_name"],
            row["place_country"],
            row["latitude"],
            row["longitude"],
            row["place_rule"] or "",
        )
    return Event(
        source=source,
        target=_actor(row, "target"),
        cameo_code=row["cameo_code"],
        cameo_name=row["cameo_name"],
        goldstein=row["goldstein"],
        quad_class=row["quad_class"],
        plover_type=row["plover_type"],
        plover_mode=row["plover_mode"],
        plover_context=row["plover_context"],
        date=row["date"],
        date_precision=row["date_precision"],
        provenance=Provenance(
            row["article_id"],
            row["sentence_index"],
            row["evidence_start"],
            row["evidence_end"],
            row["evidence"],
            row["trigger"],
        ),
        place=place,
        modality=row["modality"],
        negated=row["negated"],
        confidence=row["confidence"],
        rule=row["rule"],
        dictionary_entries=tuple(row["dictionary_entries"] or ()),
        date_text=row["date_text"],
        support=tuple(
            Provenance(row["article_id"], s["sentence_index"], s["start"], s["end"], s["evidence"], s["trigger"])
            for s in row.get("support") or ()
        ),
    )


def _dataset(root: Path, table: str) -> ds.Dataset | None:
    folder = root / table
    if not folder.is_dir():
        return None
    return ds.dataset(
        folder,
        format="parquet",
        partitioning=ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive"),
    )


def months(parquet_dir: str | Path) -> list[str]:
    """The publication months present in the dataset, in order."""
    folder = Path(parquet_dir) / "articles"
    if not folder.is_dir():
        raise OptionError(
            str(parquet_dir), "not a Tacitus Parquet dataset (no articles/ folder); check the path"
        )
    return sorted(p.name.split("=", 1)[1] for p in folder.glob(f"{PARTITION}=*") if p.is_dir())


def _rows(root: Path, table: str, month: str) -> list[dict[str, Any]]:
    """The rows of one month of one table (read from that month's folder only)."""
    folder = root / table / f"{PARTITION}={month}"
    if not folder.is_dir():
        return []
    return ds.dataset(folder, format="parquet", schema=SCHEMAS[table]).to_table().to_pylist()


def read_results(parquet_dir: str | Path, *, month: str | None = None) -> Iterator[ArticleResult]:
    """The :class:`ArticleResult` records stored in the dataset, one month after another.

    Articles written twice (in two batches) come back once.
    """
    root = Path(parquet_dir)
    for current in [month] if month else months(root):
        by_article: dict[str, dict[str, dict[int, Any]]] = defaultdict(lambda: defaultdict(dict))
        for row in _rows(root, "sentences", current):
            sentence = Sentence(row["sentence_index"], row["start"], row["end"], row["text"])
            by_article[row["article_id"]]["sentences"][sentence.index] = sentence
        for row in _rows(root, "mentions", current):
            actor = _actor(row, "actor")
            if actor is None:
                continue
            mention = Mention(
                row["sentence_index"], row["start"], row["end"], row["text"], actor, row["rule"]
            )
            by_article[row["article_id"]]["mentions"][row["mention_index"]] = mention
        for row in _rows(root, "events", current):
            by_article[row["article_id"]]["events"][row["event_index"]] = _event(row, root)
        seen: set[str] = set()
        for row in sorted(_rows(root, "articles", current), key=lambda r: (r["pub_date"], r["article_id"])):
            if row["article_id"] in seen:
                continue
            seen.add(row["article_id"])
            parts = by_article.get(row["article_id"], {})
            yield ArticleResult(
                article=Article(
                    id=row["article_id"],
                    title=row["title"],
                    text=row["text"],
                    pub_date=row["pub_date"],
                    dateline_place=row["dateline_place"],
                    dateline_date=row["dateline_date"],
                    outlet=row["outlet"],
                    url=row["url"],
                    origin=row["origin"] or "",
                ),
                sentences=[v for _, v in sorted(parts.get("sentences", {}).items())],
                mentions=[v for _, v in sorted(parts.get("mentions", {}).items())],
                events=[v for _, v in sorted(parts.get("events", {}).items())],
            )


def _batches(results: Iterable[ArticleResult], size: int) -> Iterator[list[ArticleResult]]:
    batch: list[ArticleResult] = []
    for result in results:
        batch.append(result)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_parquet(parquet_dir: str | Path, store: Store) -> IngestReport:
    """Store every article of the dataset that ``store`` does not hold yet, exactly once.

    Articles already in the store (by id) are counted as ``already_stored`` and left alone, so
    loading the same dataset twice, or after an interrupted load, adds nothing twice. One store
    transaction per batch of :data:`LOAD_BATCH` articles. Articles get their near-duplicate
    fingerprints, so later ingests recognise copies of them; the dataset holds only extracted
    originals (an ingest links near-copies without extracting them), so none are linked here.
    """
    report = IngestReport()
    for batch in _batches(read_results(parquet_dir), LOAD_BATCH):
        report.read += len(batch)
        known = store.known_article_ids([r.article.id for r in batch])
        fresh = [r for r in batch if r.article.id not in known]
        report.already_stored += len(batch) - len(fresh)
        report.new += len(fresh)
        fingerprints = {r.article.id: fingerprint(r.article.text) for r in fresh}
        report.events += store.write_results(fresh, fingerprints=fingerprints)
    return report


# -- querying --------------------------------------------------------------------------------


def connect_parquet(parquet_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of the dataset.

    Each view reads ``DIR/<table>/**/*.parquet`` with hive partitioning, so ``pub_month`` is a
    column; a table with no files yet is an empty view with the right columns.
    """
    root = Path(parquet_dir)
    if not root.is_dir():
        raise OptionError(str(parquet_dir), "no such folder; give the folder an ingest wrote with --parquet")
    connection = duckdb.connect()
    for table in TABLES:
        if any((root / table).glob("**/*.parquet")):
            pattern = str(root / table / "**" / "*.parquet").replace("'", "''")
            connection.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{pattern}', hive_partitioning=true, union_by_name=true,"
                f" hive_types={{'{PARTITION}': VARCHAR}})"
            )
        else:
            empty = SCHEMAS[table].append(pa.field(PARTITION, pa.string())).empty_table()
            connection.register(f"_{table}_empty", empty)
            connection.execute(f"CREATE VIEW {table} AS SELECT * FROM _{table}_empty")
    return connection


def query_parquet(parquet_dir: str | Path, sql: str) -> pd.DataFrame:
    """Run ``sql`` with DuckDB over the dataset; the tables are views named ``articles``,
    ``sentences``, ``mentions`` and ``events`` (``read_parquet(...)`` over the files works too)."""
    connection = connect_parquet(parquet_dir)
    try:
        relation = connection.sql(sql)
        if relation is None:  # a statement without rows (SET, COPY ... TO)
            return pd.DataFrame()
        return relation.to_arrow_table().to_pandas(date_as_object=True)  # dates stay dates
    except duckdb.Error as exc:
        first_line = str(exc).splitlines()[0]
        raise QueryError(f"query over {parquet_dir} failed: {first_line}") from exc
    finally:
        connection.close()
