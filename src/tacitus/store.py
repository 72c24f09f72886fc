"""The embedded store: one SQLite file (WAL mode), versioned schema, one transaction per batch.

Why SQLite and not DuckDB: see docs/architecture.md. In short, a web server must read while an
ingest writes (WAL allows it; DuckDB locks the file), FTS5 full-text search works offline, and
crash safety is SQLite's oldest promise. Analytics over millions of events use covering indexes
here, and Parquet exports are queried with DuckDB.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Self

from tacitus.errors import QueryError, SchemaTooNewError, StoreError
from tacitus.identity import normalize_name, same_person
from tacitus.near_duplicates import NearDuplicateIndex
from tacitus.records import Actor, Article, ArticleResult, Event, Sentence

DEFAULT_DB = "tacitus.db"


def _migrations() -> list[tuple[int, str]]:
    """The schema migrations shipped in tacitus/migrations, as (version, sql), in order."""
    folder = resources.files("tacitus") / "migrations"
    scripts = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            scripts.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(scripts)


SCHEMA_VERSION = max(version for version, _ in _migrations())


def sql_statements(script: str) -> Iterator[str]:
    """The complete SQL statements of ``script`` (triggers with their ``BEGIN ... END`` whole)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if any(line.strip() and not line.lstrip().startswith("--") for line in buffer.splitlines()):
        raise StoreError(f"unfinished SQL statement at the end of a migration: {buffer.strip()[:80]!r}")


def event_id(event: Event, source_actor_id: int, target_actor_id: int | None) -> str:
    """The merge key: one event per day, actor pair, CAMEO code and polarity, however many sources."""
    key = "|".join(
        [
            event.date.isoformat(),
            str(source_actor_id),
            str(target_actor_id),
            event.cameo_code,
            str(event.negated),
        ]
    )
    return hashlib.sha1(key.encode()).hexdigest()[:20]


class Store:
    """A Tacitus database. Open with :func:`open_store` or ``Store(path)``.

    Readers and one writer may use the same file at once (WAL). Writes go through
    :meth:`write_results`, one transaction per batch, so a crash leaves either the whole batch
    or none of it.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._near_duplicates = NearDuplicateIndex()
        try:
            if read_only:
                if not Path(self.path).exists():
                    raise StoreError(
                        f"{self.path}: no such database; run `tacitus ingest` first or pass --db"
                    )
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=30000")
        if not read_only:
            self.migrate()
        else:
            self._check_version()

    # -- schema -------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _check_version(self) -> None:
        if self.version > SCHEMA_VERSION:
            raise SchemaTooNewError(self.path, self.version, SCHEMA_VERSION)

    def migrate(self) -> None:
        """Bring the schema to the newest version, one migration script per transaction.

        Safe when several processes open a fresh database at once: each migration re-checks the
        version inside its write transaction, so only one process applies it.
        """
        self._check_version()
        for version, sql in _migrations():
            if version <= self.version:
                continue
            try:
                with self.transaction():
                    if self.version >= version:  # another process got here first
                        continue
                    for statement in sql_statements(sql):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version={version}")
            except sqlite3.Error as exc:
                raise StoreError(
                    f"{self.path}: migration to schema version {version} failed ({exc})"
                ) from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; everything inside commits together or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        else:
            self.db.commit()

    # -- articles -----------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def known_article_ids(self, article_ids: Sequence[str]) -> set[str]:
        """Which of these ids are already stored (one query per batch, not per article)."""
        found: set[str] = set()
        for i in range(0, len(article_ids), 500):
            chunk = list(article_ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            )
        return found

    def _insert_article(self, article: Article, fingerprint: str | None, duplicate_of: str | None) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO articles (id, title, text, pub_date, dateline_place, dateline_date, outlet, url,"
            " origin, fingerprint, duplicate_of, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                article.title,
                article.text,
                article.pub_date.isoformat(),
                article.dateline_place,
                article.dateline_date.isoformat() if article.dateline_date else None,
                article.outlet,
                article.url,
                article.origin,
                fingerprint,
                duplicate_of,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            ),
        )

    def find_near_duplicates(
        self, fingerprints: Mapping[str, str], texts: Mapping[str, str]
    ) -> dict[str, str]:
        """For each article (id -> fingerprint, id -> text), the stored original it nearly copies, if any.

        Exact on both tests of :mod:`tacitus.near_duplicates` (fingerprint distance, then shared
        word pairs); the nearest confirmed original wins, the earliest stored among equals.
        """
        return self._near_duplicates.find(self.db, fingerprints, texts)

    # -- actors -------------------------------------------------------------------------------

    def actor_id(self, actor: Actor, seen_on: dt.date | None = None) -> int:
        """The id of the stored actor this one denotes, creating it (and its aliases) if new.

        Countries, groups and organisations merge by code and name; persons merge by alias, or by
        :func:`tacitus.identity.same_person` among persons of the same country and sector.
        """
        row = self.db.execute("SELECT id FROM actors WHERE key = ?", (actor.key,)).fetchone()
        actor_id = int(row[0]) if row else self._find_person(actor) if actor.kind == "person" else None
        if actor_id is None:
            cursor = self.db.execute(
                "INSERT INTO actors (key, name, kind, country, sector, code, title) VALUES (?,?,?,?,?,?,?)",
                (actor.key, actor.name, actor.kind, actor.country, actor.sector, actor.code, actor.title),
            )
            actor_id = int(cursor.lastrowid or 0)
        names = {actor.name, *actor.aliases}
        self.db.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias, normalized) VALUES (?,?,?)",
            [(actor_id, name, normalize_name(name)) for name in names if normalize_name(name)],
        )
        if actor.title and seen_on:
            day = seen_on.isoformat()
            self.db.execute(
                "INSERT INTO actor_titles (actor_id, title, first_seen, last_seen) VALUES (?,?,?,?)"
                " ON CONFLICT (actor_id, title) DO UPDATE SET"
                " first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)",
                (actor_id, actor.title, day, day),
            )
        return actor_id

    def _find_person(self, actor: Actor) -> int | None:
        names = [actor.name, *actor.aliases]
        keys = [normalize_name(n) for n in names]
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT DISTINCT a.id, a.name, a.country, a.sector FROM actor_aliases x JOIN actors a ON a.id = x.actor_id"
            f" WHERE a.kind = 'person' AND x.normalized IN ({marks})",
            keys,
        ).fetchall()
        for row in rows:
            if row["country"] == actor.country:
                return int(row["id"])
        if actor.country is None:
            return None
        candidates = self.db.execute(
            "SELECT id, name, sector FROM actors WHERE kind = 'person' AND country = ?", (actor.country,)
        ).fetchall()
        for row in candidates:
            if actor.sector and row["sector"] and actor.sector != row["sector"]:
                continue
            if any(same_person(name, row["name"]) for name in names):
                return int(row["id"])
        return None

    # -- writing results ----------------------------------------------------------------------

    def write_results(
        self,
        results: Iterable[ArticleResult],
        *,
        fingerprints: Mapping[str, str] | None = None,
        duplicates: Iterable[tuple[Article, str]] = (),
    ) -> int:
        """Store a batch of extracted articles in one transaction; return the number of new events.

        Articles already stored are skipped whole, so re-running a batch after a crash adds nothing
        twice. ``duplicates`` are near-copies (article, id of the original, which must be stored
        or in ``results``): stored and linked, their events not extracted again; each becomes one
        more source of the original's events whose evidence it repeats word for word.
        """
        fingerprints = fingerprints or {}
        new_events = 0
        with self.transaction():
            for result in results:
                if self.has_article(result.article.id):
                    continue
                self._insert_article(result.article, fingerprints.get(result.article.id), None)
                new_events += self._write_extraction(result)
            for article, original in duplicates:
                if self.has_article(article.id):
                    continue
                self._insert_article(article, fingerprints.get(article.id), original)
                self._link_duplicate(article, original)
        return new_events

    def _link_duplicate(self, article: Article, original_id: str) -> None:
        """Give a near-copy the original's sentences and event sources that it repeats verbatim.

        No parsing: each of the original's sentences is looked for in the copy's text, in order;
        the evidence of each of the original's event sources, inside a sentence found, becomes a
        source row for the copy with the copy's own offsets.
        """
        sentences = self.db.execute(
            "SELECT idx, text FROM sentences WHERE article_id = ? ORDER BY idx", (original_id,)
        ).fetchall()
        placed: dict[int, int] = {}  # original sentence idx -> start offset in the copy
        cursor = 0
        for row in sentences:
            found = article.text.find(row["text"], cursor)
            if found >= 0:
                placed[row["idx"]] = found
                cursor = found + len(row["text"])
        self.db.executemany(
            "INSERT OR IGNORE INTO sentences (article_id, idx, start, end, text) VALUES (?,?,?,?,?)",
            [(article.id, row["idx"], placed[row["idx"]], placed[row["idx"]] + len(row["text"]), row["text"])
             for row in sentences if row["idx"] in placed],
        )  # fmt: skip
        sources = self.db.execute(
            "SELECT es.event_id, es.sentence_idx, es.start - s.start AS offset, es.end - es.start AS length,"
            " es.evidence, es.trigger FROM event_sources es JOIN sentences s"
            " ON s.article_id = es.article_id AND s.idx = es.sentence_idx WHERE es.article_id = ?",
            (original_id,),
        ).fetchall()
        linked: set[str] = set()
        for row in sources:
            start = placed.get(row["sentence_idx"])
            if start is None:
                continue
            begin = start + row["offset"]
            inserted = self.db.execute(
                "INSERT OR IGNORE INTO event_sources (event_id, article_id, sentence_idx, start, end, evidence,"
                " trigger) VALUES (?,?,?,?,?,?,?)",
                (row["event_id"], article.id, row["sentence_idx"], begin, begin + row["length"], row["evidence"],
                 row["trigger"]),
            ).rowcount  # fmt: skip
            if inserted:
                linked.add(row["event_id"])
        self.db.executemany(
            "UPDATE events SET num_sources = (SELECT count(DISTINCT article_id) FROM event_sources"
            " WHERE event_id = events.id) WHERE id = ?",
            [(eid,) for eid in sorted(linked)],
        )

    def _write_extraction(self, result: ArticleResult) -> int:
        article = result.article
        self.db.executemany(
            "INSERT INTO sentences (article_id, idx, start, end, text) VALUES (?,?,?,?,?)",
            [(article.id, s.index, s.start, s.end, s.text) for s in result.sentences],
        )
        for mention in result.mentions:
            actor = self.actor_id(mention.actor, article.pub_date)
            self.db.execute(
                "INSERT OR IGNORE INTO mentions (article_id, sentence_idx, start, end, text, actor_id, rule)"
                " VALUES (?,?,?,?,?,?,?)",
                (
                    article.id,
                    mention.sentence_index,
                    mention.start,
                    mention.end,
                    mention.text,
                    actor,
                    mention.rule,
                ),
            )
        new_events = 0
        for event in result.events:
            source_id = self.actor_id(event.source, event.date)
            target_id = self.actor_id(event.target, event.date) if event.target else None
            eid = event_id(event, source_id, target_id)
            if self.db.execute("SELECT 1 FROM events WHERE id = ?", (eid,)).fetchone() is None:
                self._insert_event(eid, event, source_id, target_id)
                new_events += 1
            inserted = 0
            for p in (event.provenance, *event.support):  # every sentence of the article stating it
                inserted += self.db.execute(
                    "INSERT OR IGNORE INTO event_sources (event_id, article_id, sentence_idx, start, end, evidence,"
                    " trigger) VALUES (?,?,?,?,?,?,?)",
                    (eid, p.article_id, p.sentence_index, p.start, p.end, p.evidence, p.trigger),
                ).rowcount
            if inserted:
                self.db.execute(
                    "UPDATE events SET num_sources = (SELECT count(DISTINCT article_id) FROM event_sources"
                    " WHERE event_id = ?), confidence = max(confidence, ?) WHERE id = ?",
                    (eid, event.confidence, eid),
                )
        return new_events

    def _insert_event(self, eid: str, event: Event, source_id: int, target_id: int | None) -> None:
        target = event.target
        place = event.place
        self.db.execute(
            "INSERT INTO events (id, date, date_precision, source_actor_id, target_actor_id, source_code,"
            " source_country, source_sector, target_code, target_country, target_sector, cameo_code, cameo_root,"
            " cameo_name, goldstein, quad_class, plover_type, plover_mode, plover_context, place_name,"
            " place_country, latitude, longitude, modality, negated, confidence, num_sources, rule,"
            " dictionary_entries, date_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                eid,
                event.date.isoformat(),
                event.date_precision,
                source_id,
                target_id,
                event.source.code,
                event.source.country,
                event.source.sector,
                target.code if target else None,
                target.country if target else None,
                target.sector if target else None,
                event.cameo_code,
                event.cameo_root,
                event.cameo_name,
                event.goldstein,
                event.quad_class,
                event.plover_type,
                event.plover_mode,
                event.plover_context,
                place.name if place else None,
                place.country if place else None,
                place.latitude if place else None,
                place.longitude if place else None,
                event.modality,
                int(event.negated),
                event.confidence,
                1,
                event.rule,
                json.dumps(list(event.dictionary_entries)),
                event.date_text,
            ),
        )

    # -- reading the corpus back --------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """The stored article with this id (or the only one whose id starts with it)."""
        rows = self.db.execute(
            "SELECT * FROM articles WHERE substr(id, 1, ?) = ? LIMIT 2", (len(article_id), article_id)
        ).fetchall()
        if len(rows) != 1:
            problem = "matches several articles; give more of the id" if rows else "no such article"
            raise QueryError(f"article {article_id!r}: {problem} (`tacitus articles` lists them)")
        return _article_from_row(rows[0])

    def sentences(self, article_id: str) -> list[Sentence]:
        """The stored sentences of an article, in order."""
        rows = self.db.execute(
            "SELECT idx, start, end, text FROM sentences WHERE article_id = ? ORDER BY idx", (article_id,)
        )
        return [Sentence(index=r[0], start=r[1], end=r[2], text=r[3]) for r in rows]

    # -- counts -------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables (what `tacitus stats` starts from)."""
        tables = ["articles", "sentences", "actors", "mentions", "events", "event_sources"]
        return {t: int(self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        title=row["title"],
        text=row["text"],
        pub_date=dt.date.fromisoformat(row["pub_date"]),
        dateline_place=row["dateline_place"],
        dateline_date=dt.date.fromisoformat(row["dateline_date"]) if row["dateline_date"] else None,
        outlet=row["outlet"],
        url=row["url"],
        origin=row["origin"] or "",
    )


def open_store(path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) the Tacitus database at ``path``."""
    return Store(path, read_only=read_only)
