"""Mentions are kept in arrival order with a unique key (schema 10).

Schema 10 gives ``mentions`` a rowid, so that a batch appends its rows and ``mentions_actor``
takes each at the end of its actor's range, instead of keeping them ordered by hashed article
id (docs/performance.md, "Scaling"). What the store holds and answers must not change: every
mention of a schema 9 store is still there after the migration, the key still refuses a
mention written twice, and the rows do not depend on how the articles were batched.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.test_store_batches import corpus

import tacitus.store
from tacitus.schema import migrations
from tacitus.store import open_store


def mention_rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as raw:
        return sorted(raw.execute("SELECT article_id, sentence_idx, start, end, text, actor_id, rule FROM mentions"))


def actor_counts(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as raw:
        return raw.execute("SELECT actor_id, count(*) FROM mentions GROUP BY actor_id ORDER BY actor_id").fetchall()


def test_a_schema_9_store_keeps_every_mention_and_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    results = corpus()
    monkeypatch.setattr(tacitus.store, "_migrations", lambda: [m for m in migrations() if m[0] <= 9])
    with open_store(path) as store:
        store.write_results(results[:30])
        assert store.version == 9
    before, counts = mention_rows(path), actor_counts(path)
    assert len(before) > 60
    monkeypatch.undo()
    with open_store(path) as store:
        assert store.version >= 10
        assert mention_rows(path) == before and actor_counts(path) == counts
        with store.transaction() as db:  # the key still refuses a mention written twice
            db.execute(
                "INSERT OR IGNORE INTO mentions (article_id, sentence_idx, start, end, text, actor_id, rule)"
                " VALUES (?,?,?,?,?,?,?)",
                before[0],
            )
        assert mention_rows(path) == before
        store.write_results(results[30:])
    with sqlite3.connect(path) as raw:  # an actor's mentions are still found through the index
        plan = " ".join(row[-1] for row in raw.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM mentions WHERE actor_id = 1"))
        assert "mentions_actor" in plan


def test_written_in_one_batch_or_many_the_mentions_are_the_same(tmp_path: Path) -> None:
    results = corpus()
    with open_store(tmp_path / "one.db") as store:
        store.write_results(results)
    with open_store(tmp_path / "many.db") as store:
        for k in range(len(results) - 1, -1, -7):  # backwards, in batches of up to seven
            store.write_results(results[max(0, k - 6) : k + 1])
    with sqlite3.connect(tmp_path / "one.db") as one, sqlite3.connect(tmp_path / "many.db") as many:
        query = (
            "SELECT m.article_id, m.start, m.end, m.text, a.key FROM mentions m JOIN actors a ON a.id = m.actor_id"
            " ORDER BY 1, 2, 3, 5"
        )
        assert one.execute(query).fetchall() == many.execute(query).fetchall()
