"""Order independence (issue 12, item 2): the stored result is a function of the set of articles.

The same articles ingested in any order, in any batch sizes, give the same export byte for byte
(with ``SOURCE_DATE_EPOCH`` fixing the ingest time, the one field that is about the run and not
about the articles; events of one day are listed by event id, which is derived from content)
and the same actors. The corpus holds two near-copy pairs: which of two near-copies is parsed
is decided by rule (earlier publication, then smaller id), whichever came first, in one batch or
in two. Extraction is deterministic per article, so each article is parsed once and its result
reused: the property is about the store, and the test stays fast.
"""

from __future__ import annotations

import json
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
import tacitus.store
from tacitus.check import check_store
from tacitus.export import export_events
from tacitus.ingest import IngestOptions, ingest
from tacitus.records import Article, ArticleResult
from tacitus.store import open_store

REPO = Path(__file__).resolve().parent.parent
# The first ten example stories: 006 nearly copies 005 (another outlet's version of one report).
EXAMPLES = sorted((REPO / "examples" / "corpus").glob("*.txt"))[:10]
NEAR_COPIES = sorted((REPO / "examples" / "corpus").glob("00[56]_*.txt"))

_SHARED = (
    "Kenyan President William Ruto signed a border trade agreement with Ethiopian Prime Minister Abiy Ahmed in "
    "Nairobi on Monday, officials said. The accord lowers fees on goods crossing at Moyale and sets up a joint "
    "committee to settle disputes between traders. Ruto praised Ethiopia as a reliable partner and said the deal "
    "would bring jobs to the northern counties. Abiy said the two neighbours would also work together on a new "
    "road linking the two capitals. Both leaders also agreed to meet again in Addis Ababa in June to review "
    "progress on the road and the committee."
)
# Articles written for this test: one event told by two outlets with different detail, a person
# named by surname in one article and in full in another, two leaders named by surname alone,
# and a near-copy pair (own-7, own-8): own-8, published a day later, ends with another sentence
# that gives an event of its own (Somalia criticises Kenya).
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
    "own-7.txt": " date 2023-03-14 Kenya and Ethiopia sign border trade accord\n\nNAIROBI, March 13 (Coast "
    f"Herald) -- {_SHARED} Traders in Moyale welcomed the news but asked for faster customs checks at the crossing.\n",
    "own-8.txt": " date 2023-03-15 Kenya, Ethiopia sign border trade deal\n\nNAIROBI, March 13 (Rift Daily) -- "
    f"{_SHARED} Somalia criticised Kenya on Tuesday, saying the accord ignored Somali traders.\n",
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
    """Ingest ``files`` in this order and batch size; the jsonl, GDELT and ICEWS exports and the actors table."""
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
            for form in ("gdelt", "icews"):  # their integer event ids come from the content too
                export_events(store, folder / f"events.{form}", form)
    finally:
        tacitus.pipeline.extract = saved  # type: ignore[assignment]
        del os.environ["SOURCE_DATE_EPOCH"]
    with sqlite3.connect(db) as raw:
        actors = raw.execute(
            "SELECT key, name, kind, country, sector, code, title,"
            " (SELECT group_concat(alias, '|') FROM (SELECT alias FROM actor_aliases x WHERE x.actor_id = a.id"
            "  ORDER BY alias)) FROM actors a ORDER BY key"
        ).fetchall()
    tables = [out.read_text(encoding="utf-8")] + [(folder / f"events.{form}").read_text(encoding="utf-8")
                                                   for form in ("gdelt", "icews")]
    return "".join(tables), actors


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


@pytest.mark.slow
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
    assert _differences(export.splitlines(), reference.export.splitlines()) == []
    assert export == reference.export  # byte for byte, in the same order


def _differences(got: list[object], want: list[object]) -> list[str]:
    """The rows only one side has, shortened: a readable failure instead of two whole exports."""
    only_got = [f"+ {str(row)[:300]}" for row in got if row not in want]
    only_want = [f"- {str(row)[:300]}" for row in want if row not in got]
    return (only_got + only_want)[:6] or (["same rows, another order"] if got != want else [])


def test_the_reference_run_has_merged_events_and_the_full_name(reference: Outcome) -> None:
    """The property above is not vacuous: events with two sources and a surname-only person."""
    events = [json.loads(line) for line in reference.export.splitlines() if line.startswith("{")]
    assert any(e["num_sources"] > 1 for e in events)
    names = {e["source_name"] for e in events} | {e["target_name"] for e in events}
    assert "Mohammad Javad Zarif" in names and "Zarif" not in names
    assert {"Ebrahim Raisi", "Ali Khamenei"} <= names


def _own_files(folder: Path, *names: str) -> list[Path]:
    files = []
    for name in names:
        files.append(folder / name)
        files[-1].write_text(OWN[name], encoding="utf-8")
    return files


@pytest.mark.parametrize("batch_size", [1, 2])
@pytest.mark.parametrize("pair", ["examples 005/006", "own-7/own-8"])
def test_which_near_copy_is_parsed_does_not_depend_on_order_or_batches(
    tmp_path: Path, pair: str, batch_size: int
) -> None:
    files = NEAR_COPIES if pair.startswith("examples") else _own_files(tmp_path, "own-7.txt", "own-8.txt")
    outcomes = []
    for number, order in enumerate([files, files[::-1]]):
        folder = tmp_path / str(number)
        folder.mkdir()
        outcomes.append(_run(order, batch_size, folder))
    assert outcomes[0] == outcomes[1]


def test_an_earlier_twin_demotes_the_stored_original(tmp_path: Path) -> None:
    """own-8 stored alone is parsed, Somali criticism included; own-7, published a day earlier,
    arrives in a later batch and becomes the original: own-8 is then a near-copy, and the event
    only its extra sentence gave is gone, as if own-7 had come first."""
    later, earlier = _own_files(tmp_path, "own-8.txt", "own-7.txt")
    saved = tacitus.pipeline.extract
    tacitus.pipeline.extract = _cached_extract  # type: ignore[assignment]
    try:
        with open_store(tmp_path / "store.db") as store:
            ingest([later], store)
            alone = store.db.execute("SELECT evidence FROM event_sources").fetchall()
            report = ingest([earlier], store)
            rows = store.db.execute("SELECT id, duplicate_of FROM articles ORDER BY pub_date").fetchall()
            evidence = [r[0] for r in store.db.execute("SELECT evidence FROM event_sources")]
            problems = check_store(store)
    finally:
        tacitus.pipeline.extract = saved  # type: ignore[assignment]
    assert any("Somali" in r[0] for r in alone)
    assert report.duplicates == 1
    assert rows[0][1] is None and rows[1][1] == rows[0][0]
    assert evidence and not any("Somali" in text for text in evidence)
    assert problems == []


def test_a_demotion_that_fails_half_way_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    """The demotion is part of the batch's one transaction: when linking fails after the stored
    original's sources, mentions and events were deleted, all of it is rolled back."""
    later, earlier = _own_files(tmp_path, "own-8.txt", "own-7.txt")
    db = tmp_path / "store.db"
    saved, real_link = tacitus.pipeline.extract, tacitus.store.Store._link_duplicate

    def broken_link(self: tacitus.store.Store, article: Article, original_id: str) -> None:
        raise RuntimeError("simulated failure while linking")

    tacitus.pipeline.extract = _cached_extract  # type: ignore[assignment]
    try:
        with open_store(db) as store:
            ingest([later], store)
        before = _dump(db)
        tacitus.store.Store._link_duplicate = broken_link  # type: ignore[method-assign]
        with open_store(db) as store, pytest.raises(RuntimeError, match="simulated"):
            ingest([earlier], store)
    finally:
        tacitus.pipeline.extract = saved  # type: ignore[assignment]
        tacitus.store.Store._link_duplicate = real_link  # type: ignore[method-assign]
    assert _dump(db) == before
    with open_store(db) as store:
        assert check_store(store) == []


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an ingest writes."""
    tables = ["articles", "sentences", "mentions", "events", "event_sources", "actors", "actor_aliases",
              "actor_titles", "actor_sectors", "profile_tallies", "partner_tallies"]  # fmt: skip
    with sqlite3.connect(db) as raw:
        return {t: sorted(raw.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
