"""Event sources and sentences are kept in arrival order; the evidence index follows (schema 11).

``event_sources`` has a rowid (a batch appends its sources; the key stays unique), and the
trigram index ``event_evidence`` reads its text from it by that rowid (external content): a
deleted or edited source leaves the index by its rowid, not by a search of the index for its
text, which cost a read of every trigram's row list and grew with the store (schema 6), nor
through a table of index rowids keyed by a hash (schema 9). What the index answers must not
change: exactly the sources' evidence, after writes, deletes, edits, a migration from an older
schema and a rebuild.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.test_store_batches import corpus

import tacitus.store
from tacitus import query
from tacitus.schema import migrations
from tacitus.store import open_store


def index_rows(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """(event id, evidence) of every source, and of every row the index gives, sorted; fails when
    the index's tokens are not exactly those of the sources (FTS5's check against its content)."""
    with sqlite3.connect(path) as raw:
        sources = sorted(raw.execute("SELECT event_id, evidence FROM event_sources").fetchall())
        indexed = sorted(raw.execute("SELECT event_id, evidence FROM event_evidence").fetchall())
        raw.execute("INSERT INTO event_evidence (event_evidence, rank) VALUES ('integrity-check', 1)")
        keys = raw.execute(
            "SELECT count(*), count(DISTINCT event_id || '|' || article_id || '|' || sentence_idx || '|' || start"
            " || '|' || end) FROM event_sources"
        ).fetchone()
    assert keys[0] == keys[1]  # the key stays unique
    return sources, indexed


def texts_found(path: Path, text: str) -> tuple[int, int]:
    """Sources whose evidence holds ``text``: through the index, and by reading every source."""
    with sqlite3.connect(path) as raw:
        pattern = f"%{text}%"
        return (
            raw.execute("SELECT count(*) FROM event_evidence WHERE evidence LIKE ?", (pattern,)).fetchone()[0],
            raw.execute("SELECT count(*) FROM event_sources WHERE evidence LIKE ?", (pattern,)).fetchone()[0],
        )


def test_deleted_and_edited_sources_leave_the_index_by_key(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    results = corpus()
    with open_store(path) as store:
        store.write_results(results)
        word = results[3].events[0].provenance.evidence.split()[-1].strip(".")
        with store.transaction() as db:
            gone = db.execute("SELECT count(*) FROM event_sources WHERE article_id = ?", ("art0003",)).fetchone()[0]
            db.execute("DELETE FROM event_sources WHERE article_id = ?", ("art0003",))
            db.execute("UPDATE event_sources SET evidence = 'Envoys signed a quarrelsome protocol.' WHERE article_id = ?",
                       ("art0005",))  # fmt: skip
            db.execute("UPDATE event_sources SET start = start + 1, end = end + 1 WHERE article_id = ?", ("art0007",))
        assert gone > 0 and word
        sources, indexed = index_rows(path)
        assert indexed == sources
        assert not query.events(store, text="quarrelsome").empty
        for text in ("quarrelsome", word, "Envoys signed"):  # the index finds what a read of every source finds
            through_index, by_reading = texts_found(path, text)
            assert through_index == by_reading > 0
        with store.transaction() as db:  # the moved sources (a key change) are deleted by their new key
            db.execute("DELETE FROM event_sources WHERE article_id IN ('art0005', 'art0007')")
        sources, indexed = index_rows(path)
        assert indexed == sources
        assert query.events(store, text="quarrelsome").empty
        assert texts_found(path, "quarrelsome") == (0, 0)


@pytest.mark.parametrize("old_version", [8, 10])
def test_an_older_store_keeps_its_sources_and_gets_their_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old_version: int
) -> None:
    path = tmp_path / "old.db"
    results = corpus()
    monkeypatch.setattr(tacitus.store, "_migrations", lambda: [m for m in migrations() if m[0] <= old_version])
    with open_store(path) as store:
        store.write_results(results[:30])
        assert store.version == old_version
    tables = ("event_sources", "sentences")
    with sqlite3.connect(path) as raw:
        before = {table: sorted(raw.execute(f"SELECT * FROM {table}").fetchall()) for table in tables}
    monkeypatch.undo()
    with open_store(path) as store:
        assert store.version >= 11
        assert [s.text for s in store.sentences("art0004")] == [s.text for s in results[4].sentences]
    with sqlite3.connect(path) as raw:
        assert {table: sorted(raw.execute(f"SELECT * FROM {table}").fetchall()) for table in tables} == before
        assert not raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'evidence_rowids'").fetchone()
    with open_store(path) as store:
        store.write_results(results[30:])
        with store.transaction() as db:
            db.execute("DELETE FROM event_sources WHERE article_id IN ('art0002', 'art0040')")
    sources, indexed = index_rows(path)
    assert indexed == sources and len(sources) > 50
    with sqlite3.connect(path) as raw:  # a rebuild (after a bulk load) fills both the same way
        query.refresh_evidence_index(raw)
    assert index_rows(path) == (sources, indexed)
