"""An event told by several sentences of one article keeps all of them through a Parquet dataset."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

from tacitus.parquet_dataset import load_parquet, read_results, write_parquet
from tacitus.records import ArticleResult, Provenance
from tacitus.store import open_store
from test_store import TEXT, make_result


def told_twice() -> ArticleResult:
    """The hand-made meeting of test_store, stated again by the article's second sentence."""
    result = make_result()
    start = TEXT.index("Monday.") + len("Monday.") + 1
    again = Provenance(result.article.id, 1, start, len(TEXT), TEXT[start:], "talks")
    event = dataclasses.replace(result.events[0], support=(again,))
    return dataclasses.replace(result, events=[event])


def test_the_further_sentences_of_an_event_survive_the_dataset(tmp_path: Path) -> None:
    result = told_twice()
    write_parquet([result], tmp_path / "dataset")
    (read,) = read_results(tmp_path / "dataset")
    assert read.events[0].support == result.events[0].support

    with open_store(tmp_path / "direct.db") as store:
        store.write_results([result])
        direct = store.db.execute("SELECT sentence_idx FROM event_sources ORDER BY 1").fetchall()
    with open_store(tmp_path / "loaded.db") as store:
        load_parquet(tmp_path / "dataset", store)
        loaded = store.db.execute("SELECT sentence_idx FROM event_sources ORDER BY 1").fetchall()
    assert [tuple(r) for r in loaded] == [tuple(r) for r in direct] == [(0,), (1,)]
