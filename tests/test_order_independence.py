"""Order independence (issue 12, item 2): the stored result is a function of the set of articles.

The same articles ingested in any order, in any batch sizes, give the same export lines byte for
byte (with ``SOURCE_DATE_EPOCH`` fixing the ingest time, the one field that is about the run and
not about the articles) and the same actors. The lines are compared sorted: the export lists the
events of one day by row number, which follows ingest order. Extraction is deterministic per article, so each
article is parsed once and its result reused: the property is about the store, and the test
stays fast.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tacitus.pipeline
from tacitus.export import export_events
from tacitus.ingest import IngestOptions, ingest
from tacitus.records import Article, ArticleResult
from tacitus.store import open_store

REPO = Path(__file__).resolve().parent.parent
# The first ten example stories but one: 006 nearly copies 005, and which of two near-copies
# is parsed still depends on which was stored first when they come in different batches
# (docs/reliability.md); within one batch the earlier published one is, in any order (tested below).
EXAMPLES = [
    p for p in sorted((REPO / "examples" / "corpus").glob("*.txt"))[:10] if not p.name.startswith("006")
]
NEAR_COPIES = sorted((REPO / "examples" / "corpus").glob("00[56]_*.txt"))

# Articles written for this test: one event told by two outlets with different detail, a person
# named by surname in one article and in full in another, two leaders named by surname alone,
# and a near-copy of one of them.
OWN = {
    "own-1.txt": " date 2023-05-08 Raisi criticises Washington\n\nTEHRAN, May 7 (Tehran Times) -- Raisi "
    "criticised the United States on Sunday over its sanctions policy.\n",
    "own-2.txt": " date 2023-05-11 Khamenei accuses Israel\n\nTEHRAN, May 10 (IRNA) -- Khamenei accused "
    "Israel of the attack on Wednesday.\n",
    "own-3.txt": " date 2023-05-12 Iranian president criticises US\n\nDUBAI, May 7 (Gulf Daily) -- Iranian "
    "President Ebrahim Raisi criticised the United States on Sunday, officials in Tehran said.\n",
    "own-4.txt": " date 2023-05-13 Khamenei accuses Israel of attack\n\nTEHRAN, May 10 (Mehr) -- Khamenei "
    "accused Israel of the attack on Wednesday.\n",
    "own-5.txt": " date 2023-06-02 Zarif meets Wang in Beijing\n\nBEIJING, June 1 (Xinhua) -- Zarif met Chinese "
    "Foreign Minister Wang Yi in Beijing on Thursday.\n",
    "own-6.txt": " date 2023-06-03 Iran and China foreign ministers meet\n\nBEIJING, June 1 (AP) -- Iranian "
    "Foreign Minister Mohammad Javad Zarif met Wang Yi in Beijing on Thursday and the two praised ties.\n",
}

_RESULTS: dict[str, ArticleResult] = {}
_real_extract = tacitus.pipeline.extract


def _cached_extract(articles: Iterable[Article], *args: object, **kwargs: object) -> Iterator[ArticleResult]:
    articles = list(articles)
    missing = [a for a in articles if a.id not in _RESULTS]
    for result in _real_extract(missing, *args, **kwargs):  # type: ignore[arg-type]
        _RESULTS[result.article.id] = result
    for article in articles:
        yield _RESULTS[article.id]


@pytest.fixture(scope="module")
def corpus() -> Iterator[list[Path]]:
    folder = Path(tempfile.mkdtemp(prefix="tacitus-order-"))
    files = []
    for source in EXAMPLES:
        files.append(folder / source.name)
        shutil.copyfile(source, files[-1])
    for name, text in OWN.items():
        files.append(folder / name)
        files[-1].write_text(text, encoding="utf-8")
    yield sorted(files)
    shutil.rmtree(folder)


def _run(files: list[Path], batch_size: int, folder: Path) -> tuple[str, list[tuple[object, ...]]]:
    """Ingest ``files`` in this order and batch size; the jsonl export and the actors table."""
    db = folder / "store.db"
    out = folder / "events.jsonl"
    saved = tacitus.pipeline.extract
    tacitus.pipeline.extract = _cached_extract  # type: ignore[assignment]
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    try:
        with open_store(db) as store:
            report = ingest(files, store, IngestOptions(batch_size=batch_size))
            assert not report.rejects, report.rejects
            export_events(store, out, "jsonl")
    finally:
        tacitus.pipeline.extract = saved  # type: ignore[assignment]
        del os.environ["SOURCE_DATE_EPOCH"]
    with sqlite3.connect(db) as raw:
        actors = raw.execute(
            "SELECT key, name, kind, country, sector, code, title,"
            " (SELECT group_concat(alias, '|') FROM (SELECT alias FROM actor_aliases x WHERE x.actor_id = a.id"
            "  ORDER BY alias)) FROM actors a ORDER BY key"
        ).fetchall()
    return out.read_text(encoding="utf-8"), actors


class Outcome:
    """An export and an actors table, shown briefly when hypothesis reports a failing example."""

    def __init__(self, export: str, actors: list[tuple[object, ...]]) -> None:
        self.export, self.actors = export, actors

    def __repr__(self) -> str:
        return f"<{len(self.export.splitlines())} events, {len(self.actors)} actors>"


@pytest.fixture(scope="module")
def reference(corpus: list[Path]) -> Outcome:
    with tempfile.TemporaryDirectory() as folder:
        return Outcome(*_run(corpus, len(corpus), Path(folder)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_order_and_batch_size_give_the_same_export(
    corpus: list[Path], reference: Outcome, data: st.DataObject
) -> None:
    order = data.draw(st.permutations(corpus), label="order")
    batch_size = data.draw(st.integers(min_value=1, max_value=len(corpus)), label="batch size")
    with tempfile.TemporaryDirectory() as folder:
        export, actors = _run(order, batch_size, Path(folder))
    assert _differences(actors, reference.actors) == []
    assert _differences(sorted(export.splitlines()), sorted(reference.export.splitlines())) == []


def _differences(got: list[object], want: list[object]) -> list[str]:
    """The rows only one side has, shortened: a readable failure instead of two whole exports."""
    only_got = [f"+ {str(row)[:300]}" for row in got if row not in want]
    only_want = [f"- {str(row)[:300]}" for row in want if row not in got]
    return (only_got + only_want)[:6] or (["same rows, another order"] if got != want else [])


def test_the_reference_run_has_merged_events_and_the_full_name(reference: Outcome) -> None:
    """The property above is not vacuous: events with two sources and a surname-only person."""
    import json

    events = [json.loads(line) for line in reference.export.splitlines()]
    assert any(e["num_sources"] > 1 for e in events)
    names = {e["source_name"] for e in events} | {e["target_name"] for e in events}
    assert "Mohammad Javad Zarif" in names and "Zarif" not in names
    assert {"Ebrahim Raisi", "Ali Khamenei"} <= names


def test_which_near_copy_is_parsed_does_not_depend_on_order_within_a_batch(tmp_path: Path) -> None:
    outcomes = []
    for number, order in enumerate([NEAR_COPIES, NEAR_COPIES[::-1]]):
        folder = tmp_path / str(number)
        folder.mkdir()
        outcomes.append(_run(order, 2, folder))
    assert outcomes[0] == outcomes[1]
