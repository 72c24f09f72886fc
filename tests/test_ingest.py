"""Ingest: batches, skipping what is stored, near-duplicates, rejects, both engines through one path."""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import tacitus.pipeline
from tacitus.check import check_store
from tacitus.errors import InputError, MissingExtraError, OptionError
from tacitus.ingest import IngestOptions, ingest, ingest_articles, summary
from tacitus.read import read_paths
from tacitus.records import Article, ArticleResult, IngestReport, Reject
from tacitus.store import Store

COUNTRIES = [
    "Kenya",
    "Uganda",
    "Chile",
    "Peru",
    "Norway",
    "Sweden",
    "Egypt",
    "Jordan",
    "Vietnam",
    "Laos",
    "Ghana",
    "Togo",
    "Brazil",
    "Bolivia",
]
CITIES = [
    "NAIROBI", "KAMPALA", "SANTIAGO", "LIMA", "OSLO", "STOCKHOLM", "CAIRO",
    "AMMAN", "HANOI", "VIENTIANE", "ACCRA", "LOME", "BRASILIA", "LA PAZ",
]  # fmt: skip
VOCABULARY = [
    "harbour",
    "budget",
    "rainfall",
    "railway",
    "tariff",
    "school",
    "vaccine",
    "copper",
    "fishing",
    "border",
    "museum",
    "election",
    "drought",
    "pipeline",
    "wheat",
    "festival",
    "bridge",
    "satellite",
    "coffee",
    "refinery",
    "forest",
    "parliament",
    "ferry",
    "market",
    "salary",
    "language",
    "ceremony",
    "mining",
    "reservoir",
    "textile",
    "airline",
    "hospital",
    "tourism",
    "garrison",
    "census",
    "tunnel",
    "cotton",
    "treaty",
    "orchestra",
    "highway",
    "monsoon",
    "timber",
    "lithium",
    "rice",
    "harvest",
    "shipyard",
    "stadium",
    "cable",
    "gallery",
]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def story(number: int, rng: random.Random) -> str:
    """A short seed-format article of our own making, unlike every other one (random filler).

    Its two opening sentences are of kinds the event coder codes (an agreement, an accusation),
    so a corpus of them gives the store events to keep exactly once.
    """
    day = dt.date(2023, 1, 1) + dt.timedelta(days=number % 300)
    a, b = rng.sample(range(len(COUNTRIES)), 2)
    filler = " ".join(rng.choice(VOCABULARY) for _ in range(24))
    more = " ".join(rng.choice(VOCABULARY) for _ in range(18))
    return (
        f" date {day.isoformat()} {COUNTRIES[a]} and {COUNTRIES[b]} hold talks ({number})\n\n"
        f"{CITIES[a]}, {MONTHS[day.month - 1]} {day.day} (Agency) -- {COUNTRIES[a]} and {COUNTRIES[b]} signed "
        f"an agreement on {rng.choice(VOCABULARY)} and {rng.choice(VOCABULARY)} in the capital.\n\n"
        f"{COUNTRIES[b]} accused {COUNTRIES[a]} of delaying the {rng.choice(VOCABULARY)} project.\n\n"
        f"Notes {number}: {filler}.\n\nAlso on the agenda: {more}.\n"
    )


def write_corpus(folder: Path, count: int, *, seed: int = 7) -> list[Path]:
    """``count`` distinct small articles as seed-format files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = folder / f"{number:05d}.txt"
        path.write_text(story(number, rng), encoding="utf-8")
        paths.append(path)
    return paths


LONG_BODY = (
    "NAIROBI, March 13 (Agency) -- Kenya and Ethiopia on Monday signed an agreement on the sale of electricity "
    "across their border, ending two years of talks over the price of power from the dam on the Omo river.\n\n"
    "Under the deal, Ethiopia will export up to four hundred megawatts a year to Kenya for twenty years, and both "
    "governments will share the cost of a new transmission line.\n\n"
    "The energy ministers of both countries said the agreement would lower prices for households and factories "
    "in Nairobi and Mombasa, and would help Ethiopia earn foreign currency.\n"
)


def write_duplicate_pair(folder: Path) -> tuple[Path, Path]:
    """The same story as two outlets carry it: other outlet, date, headline and a few words."""
    folder.mkdir(parents=True, exist_ok=True)
    first = folder / "dup-a.txt"
    first.write_text(" date 2023-03-14 Kenya and Ethiopia sign power deal\n\n" + LONG_BODY)
    copy = LONG_BODY.replace("(Agency)", "(Wire)").replace("both countries", "the two countries")
    second = folder / "dup-b.txt"
    second.write_text(" date 2023-03-15 Kenya, Ethiopia agree on electricity sales\n\n" + copy)
    return first, second


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles handed to extraction, in order (extraction itself still runs)."""
    seen: list[str] = []
    real = tacitus.pipeline.extract

    def recording(articles: Iterable[Article], **options: int) -> Iterator[ArticleResult]:
        batch = list(articles)
        seen.extend(a.id for a in batch)
        return real(batch, **options)

    monkeypatch.setattr(tacitus.pipeline, "extract", recording)
    return seen


def stored_ids(store: Store) -> set[str]:
    return {row[0] for row in store.db.execute("SELECT id FROM articles")}


def test_ingest_stores_every_article_and_reports_rejects(tmp_path: Path, store: Store) -> None:
    write_corpus(tmp_path / "corpus", 12)
    (tmp_path / "corpus" / "broken.txt").write_text("no header here\n")
    report = ingest([tmp_path / "corpus"], store)
    assert (report.read, report.new, report.already_stored, report.duplicates) == (12, 12, 0, 0)
    assert [r.origin for r in report.rejects] == [str(tmp_path / "corpus" / "broken.txt")]
    assert store.counts()["articles"] == 12
    assert store.counts()["sentences"] >= 12 * 3
    assert check_store(store) == []


def test_ingesting_again_adds_nothing(tmp_path: Path, store: Store, extracted: list[str]) -> None:
    write_corpus(tmp_path / "corpus", 6)
    ingest([tmp_path / "corpus"], store)
    before = store.counts()
    extracted.clear()
    report = ingest([tmp_path / "corpus"], store)
    assert (report.read, report.new, report.already_stored, report.events) == (6, 0, 6, 0)
    assert store.counts() == before
    assert extracted == []  # nothing parsed again


def test_the_same_file_twice_in_one_run_is_stored_once(tmp_path: Path, store: Store) -> None:
    [path] = write_corpus(tmp_path, 1)
    report = ingest([path, path], store)
    assert (report.read, report.new, report.already_stored) == (2, 1, 1)


@pytest.mark.parametrize("batch_size", [1, 64])
def test_near_duplicate_is_linked_and_not_extracted(
    tmp_path: Path, store: Store, extracted: list[str], batch_size: int
) -> None:
    first, second = write_duplicate_pair(tmp_path)
    report = ingest([first, second], store, IngestOptions(batch_size=batch_size))
    assert (report.new, report.duplicates) == (2, 1)
    rows = dict(store.db.execute("SELECT origin, duplicate_of FROM articles").fetchall())
    original = store.db.execute("SELECT id FROM articles WHERE origin = ?", (str(first),)).fetchone()[0]
    assert rows == {str(first): None, str(second): original}
    assert extracted == [original]
    assert check_store(store) == []


def test_near_duplicate_of_an_article_stored_earlier(tmp_path: Path, store: Store) -> None:
    first, second = write_duplicate_pair(tmp_path)
    ingest([first], store)
    report = ingest([second], store)
    assert (report.new, report.duplicates) == (1, 1)


@pytest.mark.parametrize("batch_size", [1, 64])
def test_the_same_story_run_again_two_months_later_is_a_story_of_its_own(
    tmp_path: Path, store: Store, batch_size: int
) -> None:
    """Copies come out within a month; a re-run weeks later is parsed, in one batch or in two."""
    first, _ = write_duplicate_pair(tmp_path)
    rerun = tmp_path / "rerun.txt"
    rerun.write_text(first.read_text().replace("2023-03-14", "2023-05-20").replace("(Agency)", "(Wire)"))
    report = ingest([rerun, first], store, IngestOptions(batch_size=batch_size))
    assert (report.new, report.duplicates) == (2, 0)
    assert store.db.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0] == 0


def test_batch_size_does_not_change_what_is_stored(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 9)
    counts = []
    for size in (2, 64):
        with Store(tmp_path / f"b{size}.db") as store:
            ingest([tmp_path / "corpus"], store, IngestOptions(batch_size=size))
            counts.append(store.counts())
    assert counts[0] == counts[1]


def test_articles_read_elsewhere_are_ingested_as_their_files_are(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 5)
    (tmp_path / "corpus" / "broken.txt").write_text("no header here\n")
    items = list(read_paths([tmp_path / "corpus"]))
    assert sum(isinstance(item, Reject) for item in items) == 1
    with Store(tmp_path / "files.db") as by_files, Store(tmp_path / "items.db") as by_items:
        from_files = ingest([tmp_path / "corpus"], by_files, IngestOptions(batch_size=2))
        from_items = ingest_articles(iter(items), by_items, IngestOptions(batch_size=2))
        counted = [(r.read, r.new, r.events, r.rejected) for r in (from_files, from_items)]
        assert counted[0] == counted[1] and counted[0][:2] == (5, 5) and counted[0][3] == 1
        assert stored_ids(by_items) == stored_ids(by_files)
        assert by_items.counts() == by_files.counts()


def test_progress_is_reported_after_every_batch(tmp_path: Path, store: Store) -> None:
    write_corpus(tmp_path / "corpus", 5)
    seen: list[int] = []
    ingest([tmp_path / "corpus"], store, IngestOptions(batch_size=2), progress=lambda r: seen.append(r.read))
    assert seen == [2, 4, 5]


def test_strict_stops_at_the_first_reject_keeping_earlier_batches(tmp_path: Path, store: Store) -> None:
    paths = write_corpus(tmp_path / "corpus", 4)
    bad = tmp_path / "corpus" / "00002-bad.txt"  # sorts between the third and fourth article
    bad.write_text(" date someday Headline\n\nBody.")
    with pytest.raises(InputError, match="00002-bad.txt: .*--strict"):
        ingest([tmp_path / "corpus"], store, IngestOptions(strict=True, batch_size=2))
    assert store.counts()["articles"] == 2  # the first batch; the batch with the reject is not written
    assert len(paths) == 4


def test_records_with_field_names_and_a_default_date(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(
        '{"body": "Chile and Peru agreed to open a new border crossing near Tacna.", "headline": "Deal"}\n'
    )
    options = IngestOptions(fields=IngestOptions().fields.__class__(text="body", title="headline"))
    report = ingest([path], store, options)
    assert report.rejected == 1 and "--date" in report.rejects[0].reason
    report = ingest([path], store, IngestOptions(fields=options.fields, date=dt.date(2023, 2, 1)))
    assert report.new == 1
    assert store.db.execute("SELECT title, pub_date FROM articles").fetchone()[:] == ("Deal", "2023-02-01")


@pytest.mark.parametrize(
    "options, option",
    [
        (IngestOptions(batch_size=0), "--batch-size"),
        (IngestOptions(workers=0), "--workers"),
        (IngestOptions(engine="spark"), "--engine"),  # type: ignore[arg-type]
    ],
)
def test_unusable_options_are_refused(store: Store, options: IngestOptions, option: str) -> None:
    with pytest.raises(OptionError, match=option):
        ingest([], store, options)


def test_dask_engine_without_the_distributed_extra_names_the_extra(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "tacitus.distributed", raising=False)
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(MissingExtraError, match=r"--engine dask needs the distributed extra .*tacitus\[distributed\]"):
        ingest([], store, IngestOptions(engine="dask"))


def test_dask_engine_gets_only_new_originals_and_stores_through_the_same_path(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("tacitus.distributed")
    calls: list[dict[str, object]] = []

    def on_cluster(articles: list[Article], *, scheduler: str | None, workers: int):
        calls.append({"ids": [a.id for a in articles], "scheduler": scheduler, "workers": workers})
        return lambda: list(tacitus.pipeline.extract(articles))

    monkeypatch.setattr(distributed, "submit_to_cluster", on_cluster)
    first, second = write_duplicate_pair(tmp_path / "pair")
    [third] = write_corpus(tmp_path / "one", 1)
    ingest([first], store)
    options = IngestOptions(engine="dask", scheduler="tcp://127.0.0.1:1", workers=3)
    report = ingest([first, second, third], store, options)
    assert (report.new, report.duplicates, report.already_stored) == (2, 1, 1)
    third_id = store.db.execute("SELECT id FROM articles WHERE origin = ?", (str(third),)).fetchone()[0]
    assert calls == [{"ids": [third_id], "scheduler": "tcp://127.0.0.1:1", "workers": 3}]
    assert check_store(store) == []


def test_local_engine_also_writes_parquet(tmp_path: Path, store: Store) -> None:
    write_corpus(tmp_path / "corpus", 3)
    ingest([tmp_path / "corpus"], store, IngestOptions(parquet_dir=tmp_path / "parquet"))
    assert list((tmp_path / "parquet").rglob("*.parquet"))


def test_summary_lists_counts_and_rejects() -> None:
    from tacitus.records import Reject

    report = IngestReport(read=3, new=2, already_stored=1, duplicates=1, events=4)
    report.rejects = [Reject(f"feed.jsonl:{n}", "not a JSON object") for n in range(25)]
    lines = summary(report)
    assert lines[0].startswith("read 3 articles: 2 new (1 near-duplicates")
    assert "25 rejected" in lines[0]
    assert lines[1] == "  rejected feed.jsonl:0: not a JSON object"
    assert lines[-1] == "  ... and 5 more rejects"
