"""The evidence index follows deleted and edited sources by key (schema 9).

Each event source's row in the trigram index ``event_evidence`` is found through
``evidence_rowids`` (its key -> the index rowid), not by searching the index for its text,
which cost a read of every trigram's row list and grew with the store. What the index answers
must not change: one row per source, with the source's evidence and event, after writes,
deletes, edits, a migration from schema 8 and a rebuild.
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
    """(event id, evidence) of every source, and of every row of the index, sorted."""
    with sqlite3.connect(path) as raw:
        sources = sorted(raw.execute("SELECT event_id, evidence FROM event_sources").fetchall())
        indexed = sorted(raw.execute("SELECT event_id, evidence FROM event_evidence").fetchall())
        by_key = sorted(raw.execute(
            "SELECT s.event_id, e.evidence FROM event_sources s JOIN evidence_rowids r USING"
            " (event_id, article_id, sentence_idx, start, end) JOIN event_evidence e ON e.rowid = r.evidence_rowid"
        ).fetchall())  # fmt: skip
        assert raw.execute("SELECT count(*) FROM evidence_rowids").fetchone()[0] == len(sources)
    assert by_key == sources  # every source's key leads to its own row
    return sources, indexed


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
        with store.transaction() as db:  # the moved sources (a key change) are deleted by their new key
            db.execute("DELETE FROM event_sources WHERE article_id IN ('art0005', 'art0007')")
        sources, indexed = index_rows(path)
        assert indexed == sources
        assert query.events(store, text="quarrelsome").empty


def test_a_schema_8_store_gets_the_rows_of_its_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    results = corpus()
    monkeypatch.setattr(tacitus.store, "_migrations", lambda: [m for m in migrations() if m[0] <= 8])
    with open_store(path) as store:
        store.write_results(results[:30])
        assert store.version == 8
    monkeypatch.undo()
    with open_store(path) as store:
        assert store.version >= 9
        store.write_results(results[30:])
        with store.transaction() as db:
            db.execute("DELETE FROM event_sources WHERE article_id IN ('art0002', 'art0040')")
    sources, indexed = index_rows(path)
    assert indexed == sources and len(sources) > 50
    with sqlite3.connect(path) as raw:  # a rebuild (after a bulk load) fills both the same way
        query.refresh_evidence_index(raw)
    assert index_rows(path) == (sources, indexed)
