"""The embedded store: one SQLite file (WAL mode), versioned schema, one transaction per batch.

Why SQLite and not DuckDB: see docs/architecture.md. In short, a web server must read while an
ingest writes (WAL allows it; DuckDB locks the file), FTS5 full-text search works offline, and
crash safety is SQLite's oldest promise. Analytics over millions of events use covering indexes
here, and Parquet exports are queried with DuckDB.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from tacitus.errors import QueryError, SchemaTooNewError, StoreError
from tacitus.identity import known_person, normalize_name, person_identity
from tacitus.near_duplicates import NearDuplicateIndex
from tacitus.records import Actor, Article, ArticleResult, Event, Sentence
from tacitus.schema import migrations as _migrations
from tacitus.schema import sql_statements

DEFAULT_DB = "tacitus.db"
# A writing process's SQLite page cache in MB (SQLite's default is 2 MB): taken only as pages are used
WRITER_CACHE_MB = 64


SCHEMA_VERSION = max(version for version, _ in _migrations())


def actor_key(actor: Actor) -> str:
    """The identity key the store files an actor under, from the actor alone (never from what
    the store held before): persons by :func:`tacitus.identity.person_identity`, the others by
    kind and code (and name, for organisations)."""
    if actor.kind == "person":
        return person_identity(
            actor.name, actor.aliases, country=actor.country, sector=actor.sector, code=actor.code
        )
    return actor.key


_actor_key = functools.lru_cache(maxsize=1 << 16)(actor_key)  # a batch files the same actors again and again


@functools.lru_cache(maxsize=1 << 16)
def _alias_rows(actor: Actor) -> tuple[tuple[str, str, int], ...]:
    """The names one mention of ``actor`` files under it: (spelling, normalized, 1 when it is the
    name the mention used), for its name, its aliases and, for a known person, the known name."""
    names = {actor.name, *actor.aliases}
    if actor.kind == "person":
        known = known_person(actor.name, actor.aliases, country=actor.country, code=actor.code)
        if known:
            names.add(known)
    own = normalize_name(actor.name)
    rows = []
    for name in sorted(names):
        normalized = normalize_name(name)
        if normalized:
            rows.append((name, normalized, int(normalized == own and name == actor.name)))
    return tuple(rows)


def event_id(event: Event, source_key: str, target_key: str | None) -> str:
    """The merge key: one event per day, actor pair, CAMEO code and polarity, however many sources.

    Derived from content only (the actors' identity keys, not their row ids), so the same
    articles give the same ids in any order.
    """
    key = "|".join([event.date.isoformat(), source_key, str(target_key), event.cameo_code, str(event.negated)])
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def source_basis(event: Event, article: Article) -> str:
    """The sort key that picks, among an event's sources, the one whose attributes it shows:
    highest confidence, then earliest publication, then article id, sentence and offset."""
    doubt = round((1.0 - min(max(event.confidence, 0.0), 1.0)) * 1_000_000)
    p = event.provenance
    return f"{doubt:07d}|{article.pub_date.isoformat()}|{article.id}|{p.sentence_index:06d}|{p.start:09d}"


def ingest_time() -> str:
    """Now, as stored in ``articles.ingested_at``; ``SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention, seconds since 1970) fixes it, so two ingests of the same articles can be compared
    byte for byte."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed.isdigit():
        return dt.datetime.fromtimestamp(int(fixed), dt.UTC).isoformat(timespec="seconds")
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A Tacitus database. Open with :func:`open_store` or ``Store(path)``.

    Readers and one writer may use the same file at once (WAL). Writes go through
    :meth:`write_results`, one transaction per batch, so a crash leaves either the whole batch
    or none of it.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_DB,
        *,
        read_only: bool = False,
        force: bool = False,
        cache_mb: int = WRITER_CACHE_MB,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._touched: set[int] = set()
        self._untallied: set[int] = set()
        self._near_duplicates = NearDuplicateIndex()
        self._folds: list[tuple[str, str, tuple[str, ...]]] | None = None
        self._writing = False
        self._commits = 0
        if not self.path.strip() or self.path.strip() == ":memory:" or self.path.startswith("file::memory:"):
            raise StoreError(
                f"--db {self.path!r}: an in-memory database keeps nothing once the command ends; give a file path"
            )
        if Path(self.path).is_dir():
            raise StoreError(f"{self.path}: is a folder, not a database file; give a file path with --db")
        _check_sqlite_header(self.path)
        try:
            if read_only:
                self.db = _connect_read_only(self.path)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
                self._refuse_foreign(force)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                # SQLite's own page cache (2 MB by default); pages are taken only as they are used
                self.db.execute(f"PRAGMA cache_size=-{int(cache_mb) * 1024}")
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=30000")
            if not read_only:
                self.migrate()
                # A statement that fires triggers inside a batch's transaction keeps the pages it
                # changes in a statement journal, so that it alone can be undone. SQLite moves that
                # journal to a temporary file past 64 KB, and as the store's B-trees deepen an
                # event's insert (its indexes, tallies and evidence index) passes it: at 700k
                # articles a batch wrote some 600,000 pages to that file, two syscalls each. In
                # memory it costs a copy of each page. Set after the migrations, whose sorts of
                # whole tables may be larger than memory should hold.
                self.db.execute("PRAGMA temp_store=MEMORY")
            else:
                self._check_version()
                if self.version == 0:
                    self._refuse_foreign(force=False)
                    raise StoreError(
                        f"{self.path}: holds no Tacitus store yet; run `tacitus ingest FILES --db {self.path}` first"
                    )
        except sqlite3.Error as exc:
            raise store_failure(self.path, exc, "open") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc.strerror or exc})") from None

    def _refuse_foreign(self, force: bool) -> None:
        """Raise :class:`StoreError` for an SQLite file that holds tables but no Tacitus store."""
        # one statement, so one snapshot: read apart, another process's first migration could commit
        # between the version (0) and the count (its new tables), and a fresh store look foreign
        version, tables = self.db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        if version != 0 or force:
            return
        if tables:
            raise StoreError(
                f"{self.path}: an SQLite database that is not a Tacitus store ({tables} schema objects of "
                "another program); give another --db, or --force to add the Tacitus tables to it"
            )

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
                        if not self._column_exists(statement):
                            self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version={version}")
            except sqlite3.Error as exc:
                raise StoreError(
                    f"{self.path}: migration to schema version {version} failed ({exc})"
                ) from exc
        self._folds = None  # the tally tables and views are read again at the next write

    def _column_exists(self, statement: str) -> bool:
        """Whether ``statement`` adds a column (``ALTER TABLE t ADD COLUMN c``) that ``t`` already has."""
        added = re.search(r"^\s*ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)", statement, re.IGNORECASE | re.MULTILINE)
        if added is None:
            return False
        columns = {row[1] for row in self.db.execute(f"PRAGMA table_info({added[1]})")}
        return added[2] in columns

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; everything inside commits together or not at all. It holds
        the write lock from its start (``BEGIN IMMEDIATE``); one opened inside it is part of it.

        SQLite failures (disk full, a file size limit, the lock held too long, a read-only file)
        become a one-line :class:`StoreError` naming the database; batches committed before stay.
        """
        if self._writing:  # inside an open transaction: part of it
            yield self.db
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise store_failure(self.path, exc, "write") from None
        self._writing = True
        try:
            yield self.db
            self._settle_actors()
            self._fold_tallies()
            self.db.commit()
            self._commits += 1
        except BaseException as exc:
            try:
                self.db.rollback()
            except sqlite3.Error:
                pass  # the failed commit already ended the transaction
            self._touched.clear()
            self._untallied.clear()
            if isinstance(exc, sqlite3.OperationalError):  # the disk, the lock, the file: not a bug
                raise store_failure(self.path, exc, "write") from None
            raise
        finally:
            self._writing = False

    def write_version(self) -> tuple[int, int]:
        """A value that changes whenever a transaction is committed to the database, by this
        store (a count of its commits) or by another connection (SQLite's ``data_version``)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0]), self._commits

    def _fold_tallies(self) -> None:
        """Add what this transaction did to the events (``event_tally_queue``) to the tally tables,
        one statement per table, and empty the queue (schema 8); rows that fall to 0 are deleted."""
        if self._folds is None:
            self._folds = _tally_folds(self.db)
        if not self._folds or self.db.execute("SELECT 1 FROM event_tally_queue LIMIT 1").fetchone() is None:
            return
        for table, view, key in self._folds:
            changes = self.db.execute(f"SELECT {', '.join(key)}, events, goldstein FROM {view}").fetchall()
            self.db.executemany(
                f"INSERT INTO {table} ({', '.join(key)}, events, goldstein) VALUES ({','.join('?' * (len(key) + 2))})"
                f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET"
                " events = events + excluded.events, goldstein = goldstein + excluded.goldstein",
                changes,
            )
            self.db.executemany(
                f"DELETE FROM {table} WHERE {' AND '.join(f'{column} = ?' for column in key)} AND events <= 0",
                [tuple(row)[: len(key)] for row in changes if row[len(key)] < 0],
            )
        self.db.execute("DELETE FROM event_tally_queue")

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

    def stored_dates(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The publication date (ISO) of each of these ids that is stored."""
        found: dict[str, str] = {}
        for i in range(0, len(article_ids), 500):
            chunk = list(article_ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT id, pub_date FROM articles WHERE id IN ({marks})", chunk))
        return found

    def _insert_articles(self, rows: Sequence[tuple[Article, str | None, str | None]]) -> None:
        """Insert articles, each (article, fingerprint, id of its original or None), in one statement."""
        now = ingest_time()
        self.db.executemany(
            "INSERT OR IGNORE INTO articles (id, title, text, pub_date, dateline_place, dateline_date, outlet, url,"
            " origin, fingerprint, duplicate_of, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
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
                    now,
                )
                for article, fingerprint, duplicate_of in rows
            ],
        )

    def _unstored(self, articles: Sequence[Article]) -> list[int]:
        """The positions in ``articles`` of those not stored yet (the first, when an id comes twice)."""
        stored = self.known_article_ids([a.id for a in articles])
        kept: list[int] = []
        for position, article in enumerate(articles):
            if article.id not in stored:
                stored.add(article.id)
                kept.append(position)
        return kept

    def find_near_duplicates(
        self, fingerprints: Mapping[str, str], texts: Mapping[str, str], dates: Mapping[str, dt.date]
    ) -> dict[str, str]:
        """For each article (id -> fingerprint, text, publication date), the stored original it nearly copies, if any.

        Exact on the tests of :mod:`tacitus.near_duplicates` (publication dates at most
        :data:`~tacitus.article.NEAR_DUPLICATE_DAYS` apart, fingerprint distance, then shared word
        pairs); among several, the earliest published (then the smallest id), whatever was stored first.
        """
        return self._near_duplicates.find(self.db, fingerprints, texts, dates)

    def near_originals(
        self, fingerprints: Mapping[str, str], texts: Mapping[str, str], dates: Mapping[str, dt.date]
    ) -> dict[str, list[tuple[str, str]]]:
        """For each article, every stored original it nearly copies: (publication date, id), earliest first."""
        return self._near_duplicates.find_all(self.db, fingerprints, texts, dates)

    def rebasing_sources(self, article_ids: Sequence[str]) -> list[str]:
        """The originals, other than ``article_ids``, that support an event whose shown attributes
        come from one of ``article_ids`` (``events.basis``): what must be extracted again to choose
        those attributes anew when ``article_ids`` are demoted to near-copies."""
        found: set[str] = set()
        for article_id in article_ids:
            found.update(r[0] for r in self.db.execute(
                "SELECT DISTINCT es.article_id FROM event_sources es JOIN articles a ON a.id = es.article_id"
                # +: not along the duplicate_of index (every original), from the events instead
                " WHERE +a.duplicate_of IS NULL AND es.event_id IN (SELECT e.id FROM events e JOIN event_sources y"
                " ON y.event_id = e.id WHERE y.article_id = ? AND e.basis LIKE ?)",
                (article_id, f"%|{article_id}|%")))  # fmt: skip
        return sorted(found - set(article_ids))

    # -- actors -------------------------------------------------------------------------------

    def actor_id(self, actor: Actor, seen_on: dt.date | None = None) -> int:
        """The id of the stored actor this one denotes, creating it (and its aliases) if new.

        Actors are filed under :func:`actor_key`, computed from the actor alone, so which
        stored actor a mention joins never depends on what was stored first. The shown name,
        sector and title are chosen from everything seen by :meth:`_settle_actors`.
        """
        return self._actor_ids([(actor, seen_on)])[0]

    def _actor_ids(self, uses: Sequence[tuple[Actor, dt.date | None]]) -> list[int]:
        """The stored actor of each use (actor, day it was seen on), creating the new ones in the
        order of their first use, and counting every use's names, sector and title: one statement
        per table for all of them (their counts summed first)."""
        keys = {actor: _actor_key(actor) for actor, _ in uses}
        ids = self._actor_rows(sorted(set(keys.values())))
        created: dict[str, tuple[object, ...]] = {}
        for actor, _ in uses:
            key = keys[actor]
            if key not in ids and key not in created:
                created[key] = (key, actor.name, actor.kind, actor.country, actor.sector, actor.code, actor.title)
        if created:
            self.db.executemany(
                "INSERT INTO actors (key, name, kind, country, sector, code, title) VALUES (?,?,?,?,?,?,?)",
                list(created.values()),
            )
            ids.update(self._actor_rows(list(created)))
        aliases: dict[tuple[int, str], tuple[str, int]] = {}  # (actor, normalized) -> least spelling, uses
        sectors: collections.Counter[tuple[int, str]] = collections.Counter()
        titles: dict[tuple[int, str], tuple[str, str]] = {}  # (actor, title) -> first day, last day
        for (actor, seen_on), n in collections.Counter(uses).items():
            actor_id = ids[keys[actor]]
            for name, normalized, own in _alias_rows(actor):
                known = aliases.get((actor_id, normalized))
                aliases[(actor_id, normalized)] = (
                    (name, own * n) if known is None else (min(known[0], name), known[1] + own * n)
                )
            if actor.sector:
                sectors[(actor_id, actor.sector)] += n
            if actor.title and seen_on:
                day = seen_on.isoformat()
                span = titles.get((actor_id, actor.title), (day, day))
                titles[(actor_id, actor.title)] = (min(span[0], day), max(span[1], day))
        self.db.executemany(
            "INSERT INTO actor_aliases (actor_id, alias, normalized, seen) VALUES (?,?,?,?)"
            " ON CONFLICT (actor_id, normalized) DO UPDATE SET"
            " alias = min(alias, excluded.alias), seen = seen + excluded.seen",
            [(actor_id, alias, normalized, seen) for (actor_id, normalized), (alias, seen) in aliases.items()],
        )
        self.db.executemany(
            "INSERT INTO actor_sectors (actor_id, sector, seen) VALUES (?,?,?)"
            " ON CONFLICT (actor_id, sector) DO UPDATE SET seen = seen + excluded.seen",
            [(actor_id, sector, n) for (actor_id, sector), n in sectors.items()],
        )
        self.db.executemany(
            "INSERT INTO actor_titles (actor_id, title, first_seen, last_seen) VALUES (?,?,?,?)"
            " ON CONFLICT (actor_id, title) DO UPDATE SET"
            " first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)",
            [(actor_id, title, first, last) for (actor_id, title), (first, last) in titles.items()],
        )
        found = [ids[keys[actor]] for actor, _ in uses]
        self._touched.update(found)
        return found

    def _actor_rows(self, keys: Sequence[str]) -> dict[str, int]:
        """key -> id of the stored actors filed under these keys."""
        found: dict[str, int] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            found.update(self.db.execute(f"SELECT key, id FROM actors WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def _settle_actors(self) -> None:
        """Choose the shown name, title and sector of the actors touched in this transaction.

        By fixed rules over everything stored, so the result does not depend on article order:
        the name is the longest alias (in words, then characters) for persons, the most used one
        for other actors, ties alphabetical; the title is the one seen last (latest last day,
        then alphabetical); a person's sector is the most frequent, ties alphabetical.
        """
        touched, self._touched = sorted(self._touched), set()
        for i in range(0, len(touched), 500):
            chunk = touched[i : i + 500]
            self._settle_chunk(chunk)

    def _settle_chunk(self, chunk: list[int]) -> None:
        """:meth:`_settle_actors` for up to 500 actors: one query per table, one update per kind of change."""
        marks = ",".join("?" * len(chunk))
        actors = {row[0]: row for row in self.db.execute(
            f"SELECT id, kind, country, code FROM actors WHERE id IN ({marks})", chunk)}  # fmt: skip
        aliases: dict[int, list[tuple[str, str, int]]] = {}
        for actor_id, alias, normalized, seen in self.db.execute(
            f"SELECT actor_id, alias, normalized, seen FROM actor_aliases WHERE actor_id IN ({marks})", chunk
        ):
            aliases.setdefault(actor_id, []).append((alias, normalized, seen))
        titles: dict[int, list[tuple[str, str]]] = {}
        for actor_id, title, last_seen in self.db.execute(
            f"SELECT actor_id, title, last_seen FROM actor_titles WHERE actor_id IN ({marks})", chunk
        ):
            titles.setdefault(actor_id, []).append((last_seen, title))
        sectors: dict[int, list[tuple[int, str]]] = {}
        for actor_id, sector, seen in self.db.execute(
            f"SELECT actor_id, sector, seen FROM actor_sectors WHERE actor_id IN ({marks})", chunk
        ):
            sectors.setdefault(actor_id, []).append((-seen, sector))
        names, persons = [], []
        for actor_id in chunk:
            if actor_id not in actors or actor_id not in aliases:
                continue
            _, kind, country, code = actors[actor_id]
            if kind == "person":
                best = min(aliases[actor_id], key=lambda a: (-len(a[1].split()), -len(a[0]), -a[2], a[0]))
            else:
                best = min(aliases[actor_id], key=lambda a: (-a[2], a[0]))
            # the title seen on the latest day, then the first alphabetically
            seen_titles = sorted(titles.get(actor_id, []), key=lambda t: t[1])
            title = max(seen_titles, key=lambda t: t[0])[1] if seen_titles else None
            names.append((best[0], title, actor_id))
            if kind == "person" and actor_id in sectors:
                sector = min(sectors[actor_id])[1]
                persons.append((sector, (country + sector) if country else code, actor_id))
        self.db.executemany("UPDATE actors SET name = ?, title = coalesce(?, title) WHERE id = ?", names)
        self.db.executemany("UPDATE actors SET sector = ?, code = ? WHERE id = ?", persons)

    # -- writing results ----------------------------------------------------------------------

    def write_results(
        self,
        results: Iterable[ArticleResult],
        *,
        fingerprints: Mapping[str, str] | None = None,
        duplicates: Iterable[tuple[Article, str]] = (),
        demotions: Sequence[tuple[ArticleResult, str]] = (),
        rebases: Iterable[ArticleResult] = (),
    ) -> int:
        """Store a batch of extracted articles in one transaction; return the number of events it
        added (new events less those a demotion removed).

        Articles already stored are skipped whole, so re-running a batch after a crash adds nothing
        twice. ``duplicates`` are near-copies (article, id of the original, which must be stored
        or in ``results``): stored and linked, their events not extracted again; each becomes one
        more source of the original's events whose evidence it repeats word for word.

        ``demotions`` are stored originals that an article of this batch precedes (earlier
        publication, then smaller id): (the stored original's extraction, made again, and the id
        of its new original, which must be in ``results``). What the old original contributed is
        taken out (:meth:`_demote`), it and its near-copies are linked to the new original, and
        the events whose attributes it gave take them from their other sources, whose extractions
        are ``rebases``. All of it in the batch's one transaction.
        """
        fingerprints = fingerprints or {}
        relinks: list[tuple[Article, str]] = []
        with self.transaction():
            deleted = 0
            for old, new_original in demotions:
                if self.db.execute(
                    "SELECT 1 FROM articles WHERE id = ? AND duplicate_of IS NULL", (old.article.id,)
                ).fetchone():
                    found, gone = self._demote(old, new_original)
                    relinks += found
                    deleted += gone
            results = list(results)
            fresh = [results[i] for i in self._unstored([r.article for r in results])]
            self._insert_articles([(r.article, fingerprints.get(r.article.id), None) for r in fresh])
            added = self._write_extractions(fresh)
            for result in rebases:
                self._rebase(result)
            for article, original in relinks:
                self.db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (original, article.id))
                self._link_duplicate(article, original)
            duplicates = list(duplicates)
            copies = [duplicates[i] for i in self._unstored([article for article, _ in duplicates])]
            self._insert_articles([(article, fingerprints.get(article.id), original) for article, original in copies])
            for article, original in copies:
                self._link_duplicate(article, original)
            self._drop_unused_actors()
        return added - deleted

    def _drop_unused_actors(self) -> None:
        """Delete the actors a demotion left with no mention and no event (and their aliases,
        titles and sectors): as if the demoted article had never been parsed."""
        untallied, self._untallied = sorted(self._untallied), set()
        for actor_id in untallied:
            used = self.db.execute(
                "SELECT EXISTS (SELECT 1 FROM mentions WHERE actor_id = ?1)"
                " OR EXISTS (SELECT 1 FROM events WHERE source_actor_id = ?1 OR target_actor_id = ?1)",
                (actor_id,),
            ).fetchone()[0]
            if used:
                continue
            for table in ("actor_aliases", "actor_titles", "actor_sectors"):
                self.db.execute(f"DELETE FROM {table} WHERE actor_id = ?", (actor_id,))
            self.db.execute("DELETE FROM actors WHERE id = ?", (actor_id,))
            self._touched.discard(actor_id)

    def _demote(self, old: ArticleResult, new_original: str) -> tuple[list[tuple[Article, str]], int]:
        """Take out what the stored original ``old`` contributed; return it and its near-copies,
        now near-copies of ``new_original``, to be linked once that one is written, and the number
        of events deleted.

        Removed: its and its copies' event sources and sentences, its mentions, the events no
        other article supports; the alias and sector counts its mentions and events added (from
        its extraction made again). Events whose shown attributes were its own lose them
        (``basis`` '~', confidence 0) until another source's extraction gives them back.
        """
        article_id = old.article.id
        copies = [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE duplicate_of = ? ORDER BY id", (article_id,))]  # fmt: skip
        members = [article_id, *copies]
        events: set[str] = set()
        deleted = 0
        for member in members:
            events.update(r[0] for r in self.db.execute(
                "SELECT event_id FROM event_sources WHERE article_id = ?", (member,)))  # fmt: skip
            self.db.execute("DELETE FROM event_sources WHERE article_id = ?", (member,))
            self.db.execute("DELETE FROM mentions WHERE article_id = ?", (member,))
            self.db.execute("DELETE FROM sentences WHERE article_id = ?", (member,))
        for eid in sorted(events):
            remaining = self.db.execute(
                "SELECT count(DISTINCT article_id) FROM event_sources WHERE event_id = ?", (eid,)
            ).fetchone()[0]
            if not remaining:
                self.db.execute("DELETE FROM events WHERE id = ?", (eid,))
                deleted += 1
                continue
            self.db.execute("UPDATE events SET num_sources = ? WHERE id = ?", (remaining, eid))
            self.db.execute(
                "UPDATE events SET basis = '~', confidence = 0 WHERE id = ? AND basis LIKE ?", (eid, f"%|{article_id}|%")
            )
        for mention in old.mentions:
            self._untally(mention.actor)
        for event in old.events:
            self._untally(event.source)
            if event.target:
                self._untally(event.target)
        stored = {r["id"]: r for r in self.db.execute(
            f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(members))})", members)}  # fmt: skip
        return [(_article_from_row(stored[member]), new_original) for member in members], deleted

    def _untally(self, actor: Actor) -> None:
        """Undo the counts :meth:`actor_id` added for one mention of ``actor``: its own name's
        use and its sector. (Titles keep their first and last day: a range cannot be undone.)"""
        row = self.db.execute("SELECT id FROM actors WHERE key = ?", (actor_key(actor),)).fetchone()
        if row is None:
            return
        actor_id = int(row[0])
        self.db.execute(
            "UPDATE actor_aliases SET seen = max(seen - 1, 0) WHERE actor_id = ? AND normalized = ?",
            (actor_id, normalize_name(actor.name)),
        )
        if actor.sector:
            self.db.execute(
                "UPDATE actor_sectors SET seen = seen - 1 WHERE actor_id = ? AND sector = ?", (actor_id, actor.sector)
            )
            self.db.execute("DELETE FROM actor_sectors WHERE actor_id = ? AND seen <= 0", (actor_id,))
        self._touched.add(actor_id)
        self._untallied.add(actor_id)

    def _rebase(self, result: ArticleResult) -> None:
        """Offer a stored source's events to the events that lost their shown attributes in
        :meth:`_demote` (and to any whose basis sorts after it): the first by basis wins."""
        for event in result.events:
            eid = event_id(event, actor_key(event.source), actor_key(event.target) if event.target else None)
            stored = self.db.execute("SELECT basis FROM events WHERE id = ?", (eid,)).fetchone()
            if stored is None:
                continue
            basis = source_basis(event, result.article)
            if stored[0] is None or basis < stored[0]:
                self._update_event(eid, event, basis)
            elif stored[0] == basis:  # its own attributes already; its confidence may have been reset
                self.db.execute("UPDATE events SET confidence = max(confidence, ?) WHERE id = ?", (event.confidence, eid))

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
        rows = []
        for row in sources:
            start = placed.get(row["sentence_idx"])
            if start is not None:
                begin = start + row["offset"]
                rows.append((row["event_id"], article.id, row["sentence_idx"], begin, begin + row["length"],
                             row["evidence"], row["trigger"]))  # fmt: skip
        self.db.executemany(
            "INSERT OR IGNORE INTO event_sources (event_id, article_id, sentence_idx, start, end, evidence,"
            " trigger) VALUES (?,?,?,?,?,?,?)",
            rows,
        )
        self.db.executemany(  # a recount: right whether or not a row was new
            "UPDATE events SET num_sources = (SELECT count(DISTINCT article_id) FROM event_sources"
            " WHERE event_id = events.id) WHERE id = ?",
            [(eid,) for eid in sorted({row[0] for row in rows})],
        )

    def _write_extractions(self, results: Sequence[ArticleResult]) -> int:
        """Write the sentences, mentions and events of new articles, one statement per table for
        the whole batch; return the number of new events.

        Stores exactly what writing them one row at a time, in order, stored: actors are created
        in the order of their first use, events in the order of their first source, and an event
        told again takes the attributes of the source whose :func:`source_basis` sorts first.
        """
        self.db.executemany(
            "INSERT INTO sentences (article_id, idx, start, end, text) VALUES (?,?,?,?,?)",
            [(r.article.id, s.index, s.start, s.end, s.text) for r in results for s in r.sentences],
        )
        uses: list[tuple[Actor, dt.date | None]] = []
        for result in results:
            uses += [(mention.actor, result.article.pub_date) for mention in result.mentions]
            for event in result.events:
                uses.append((event.source, event.date))
                if event.target:
                    uses.append((event.target, event.date))
        actor_ids = iter(self._actor_ids(uses))
        mentions: list[tuple[object, ...]] = []
        told: list[tuple[Article, Event, int, int | None]] = []
        for result in results:
            article = result.article
            for m in result.mentions:
                mentions.append((article.id, m.sentence_index, m.start, m.end, m.text, next(actor_ids), m.rule))
            for event in result.events:
                source_id = next(actor_ids)
                told.append((article, event, source_id, next(actor_ids) if event.target else None))
        self.db.executemany(
            "INSERT OR IGNORE INTO mentions (article_id, sentence_idx, start, end, text, actor_id, rule)"
            " VALUES (?,?,?,?,?,?,?)",
            mentions,
        )
        return self._write_events(told, {r.article.id for r in results})

    def _write_events(self, told: Sequence[tuple[Article, Event, int, int | None]], batch: set[str]) -> int:
        """Merge the events told by new articles (article, event, source and target actor ids)
        into the stored ones and add their sources; ``batch`` holds the new articles' ids.
        Return the number of new events."""
        keyed = [
            (event_id(e, _actor_key(e.source), _actor_key(e.target) if e.target else None), article, e, s, t)
            for article, e, s, t in told
        ]
        stored = self._event_states(sorted({eid for eid, *_ in keyed}))
        changes: dict[str, _EventChange] = {}
        sources: list[tuple[object, ...]] = []
        seen: set[tuple[str, str, int, int, int]] = set()
        for eid, article, event, source_id, target_id in keyed:
            basis = source_basis(event, article)
            change = changes.get(eid)
            if change is None and eid not in stored:
                change = changes[eid] = _EventChange(eid, event, basis, event.confidence, new=(source_id, target_id))
            else:
                if change is None:
                    change = changes[eid] = _EventChange(eid, None, *stored[eid])
                if change.basis is None or basis < change.basis:
                    change.event, change.basis = event, basis
                    change.confidence = max(event.confidence, change.confidence)
            inserted = False
            for p in (event.provenance, *event.support):  # every sentence of the article stating it
                key = (eid, p.article_id, p.sentence_index, p.start, p.end)
                if key in seen or (p.article_id not in batch and self._has_source(key)):
                    continue
                seen.add(key)
                sources.append((*key, p.evidence, p.trigger))
                change.articles.add(p.article_id)
                inserted = True
            if inserted:
                change.confidence = max(change.confidence, event.confidence)
        created = [c.row() for c in changes.values() if c.new]
        if created:
            columns = list(created[0])
            self.db.executemany(
                f"INSERT INTO events ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})",
                [list(row.values()) for row in created],
            )
        for change in changes.values():
            if change.new is None and change.event is not None:
                self._set_event_attributes(change.eid, change.event, change.basis or "", change.confidence)
        self.db.executemany(
            "UPDATE events SET confidence = ? WHERE id = ? AND confidence <> ?",
            [(c.confidence, c.eid, c.confidence) for c in changes.values() if c.new is None and c.event is None],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO event_sources (event_id, article_id, sentence_idx, start, end, evidence, trigger)"
            " VALUES (?,?,?,?,?,?,?)",
            sources,
        )
        self.db.executemany(
            "UPDATE events SET num_sources = (SELECT count(DISTINCT article_id) FROM event_sources"
            " WHERE event_id = events.id) WHERE id = ?",
            [(c.eid,) for c in changes.values() if c.new is None and c.articles],
        )
        return len(created)

    def _event_states(self, eids: Sequence[str]) -> dict[str, tuple[str | None, float]]:
        """id -> (basis, confidence) of the stored events among ``eids``."""
        found: dict[str, tuple[str | None, float]] = {}
        for i in range(0, len(eids), 500):
            chunk = list(eids[i : i + 500])
            for row in self.db.execute(
                f"SELECT id, basis, confidence FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ):
                found[row[0]] = (row[1], float(row[2]))
        return found

    def _has_source(self, key: tuple[str, str, int, int, int]) -> bool:
        return self.db.execute(
            "SELECT 1 FROM event_sources WHERE event_id = ? AND article_id = ? AND sentence_idx = ? AND start = ?"
            " AND end = ?",
            key,
        ).fetchone() is not None

    def _set_event_attributes(self, eid: str, event: Event, basis: str, confidence: float) -> None:
        values = {**_event_attributes(event, basis), "confidence": confidence}
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.db.execute(f"UPDATE events SET {assignments} WHERE id = ?", [*values.values(), eid])

    def _update_event(self, eid: str, event: Event, basis: str) -> None:
        """Give a stored event the attributes of a source that sorts before its current one."""
        stored = self.db.execute("SELECT confidence FROM events WHERE id = ?", (eid,)).fetchone()[0]
        self._set_event_attributes(eid, event, basis, max(event.confidence, stored))

    # -- reading the corpus back --------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """The stored article with this id (or the only one whose id starts with it)."""
        rows = self.db.execute(  # the range lets the id index find the prefix (no scan of the articles)
            "SELECT * FROM articles WHERE id >= ?1 AND id < ?1 || char(1114111) AND substr(id, 1, ?2) = ?1 LIMIT 2",
            (article_id, len(article_id)),
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


def _tally_folds(db: sqlite3.Connection) -> list[tuple[str, str, tuple[str, ...]]]:
    """(tally table, view of the queue's changes to it, its key columns) for the tables this store
    has; none before schema 8 (the triggers of schemas 4 and 6 count there)."""
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if "event_tally_queue" not in names:
        return []
    folds = []
    for table in ("event_tallies", "profile_tallies", "partner_tallies"):
        view = table.replace("tallies", "tally_changes")
        if table in names and view in names:
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            folds.append((table, view, tuple(c for c in columns if c not in ("events", "goldstein"))))
    return folds


@dataclasses.dataclass
class _EventChange:
    """What a batch does to one event: the source whose attributes it shows (``event``, None when
    a stored event keeps its own), its basis and confidence, the articles of the sources it adds,
    and for a new event its actors (source and target ids)."""

    eid: str
    event: Event | None
    basis: str | None
    confidence: float
    new: tuple[int, int | None] | None = None
    articles: set[str] = dataclasses.field(default_factory=set)

    def row(self) -> dict[str, object]:
        """The row of a new event."""
        assert self.event is not None and self.new is not None
        return {"id": self.eid, "date": self.event.date.isoformat(), "source_actor_id": self.new[0],
                "target_actor_id": self.new[1], "num_sources": len(self.articles),
                **_event_attributes(self.event, self.basis or ""), "confidence": self.confidence}  # fmt: skip


def _event_attributes(event: Event, basis: str) -> dict[str, object]:
    """The columns of an event row that come from one source (all but id, date, actors, count)."""
    target = event.target
    return {
        "date_precision": event.date_precision,
        "source_code": event.source.code,
        "source_country": event.source.country,
        "source_sector": event.source.sector,
        "target_code": target.code if target else None,
        "target_country": target.country if target else None,
        "target_sector": target.sector if target else None,
        **event.code_and_place_columns(),
        "modality": event.modality,
        "negated": int(event.negated),
        "confidence": event.confidence,
        "rule": event.rule,
        "dictionary_entries": json.dumps(list(event.dictionary_entries)),
        "date_text": event.date_text,
        "basis": basis,
    }


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


def open_store(
    path: str | Path = DEFAULT_DB, *, read_only: bool = False, force: bool = False, cache_mb: int = WRITER_CACHE_MB
) -> Store:
    """Open (creating and migrating if needed) the Tacitus database at ``path``.

    Refuses an in-memory database, a file that is not SQLite, and (unless ``force``) an SQLite
    database of another program. ``cache_mb`` is a writer's page cache: the indexes' pages an
    ingest revisits stay in the process instead of being read again from the operating system.
    """
    return Store(path, read_only=read_only, force=force, cache_mb=cache_mb)


SQLITE_HEADER = b"SQLite format 3\x00"

# What SQLite's message means for the user, and what to do: (words in the message, explanation).
_FAILURES: tuple[tuple[str, str], ...] = (
    ("disk is full", "the disk is full (or a file size limit was reached); free space and run the command again"),
    ("disk i/o error", ("disk I/O error (a full disk, or a file size limit such as `ulimit -f`); free space or raise "
     "the limit and run the command again")),
    ("database is locked", ("another process held the write lock for more than 30 s (an ingest or watch on the same "
     "file?); wait for it to finish and run the command again")),
    ("readonly database", "the database file or its folder is read-only; make them writable or use another --db"),
    ("unable to open database file", ("cannot open the file (does its folder exist and can you read and write "
     "there?); use another --db")),
    ("not a database", "not an SQLite database; give the path of a Tacitus database with --db"),
    ("malformed", "the database file is damaged; run `tacitus check`, or re-ingest into a new --db"),
    ("no such table", "not a Tacitus database (a table is missing); give another --db"),
)  # fmt: skip


def store_failure(path: str, exc: sqlite3.Error, action: str) -> StoreError:
    """A one-line :class:`StoreError` for an SQLite failure on ``path``, saying what to do."""
    message = str(exc).lower()
    for words, explanation in _FAILURES:
        if words in message:
            return StoreError(f"{path}: cannot {action}: {explanation}")
    return StoreError(f"{path}: cannot {action} ({exc}); batches committed before are kept")


def _check_sqlite_header(path: str) -> None:
    """Raise :class:`StoreError` when ``path`` is a non-empty file that is not an SQLite database."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database file ({exc.strerror or exc})") from None
    if head and head != SQLITE_HEADER:
        raise StoreError(f"{path}: not an SQLite database (random bytes or another format); give a Tacitus --db")


def _connect_read_only(path: str) -> sqlite3.Connection:
    """A read-only connection; in a folder the user cannot write (where SQLite cannot make the
    ``-shm`` file a WAL database needs), the file is read as immutable when no write is pending."""
    if not Path(path).exists():
        raise StoreError(f"{path}: no such database; run `tacitus ingest` first or pass --db")
    resolved = Path(path).resolve()
    try:
        db = sqlite3.connect(f"file:{resolved}?mode=ro", uri=True, check_same_thread=False, timeout=30)
        try:
            db.execute("PRAGMA user_version").fetchone()
        except sqlite3.Error:
            db.close()
            raise
        return db
    except sqlite3.OperationalError as exc:
        wal = Path(f"{resolved}-wal")
        if "unable to open" not in str(exc) or (wal.exists() and wal.stat().st_size > 0):
            raise
    return sqlite3.connect(f"file:{resolved}?immutable=1", uri=True, check_same_thread=False, timeout=30)
