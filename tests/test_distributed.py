"""Extraction on a Dask cluster codes the same events as one process, and its Parquet dataset
loads into a store exactly once and answers SQL.

One real LocalCluster of two worker processes serves the whole module and is shut down after it.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.distributed import close_local_clusters, extract_on_cluster, local_client, partitions
from tacitus.parquet_dataset import load_parquet, query_parquet, read_results, write_parquet
from tacitus.pipeline import extract
from tacitus.records import Actor, Article, ArticleResult, Event, Mention, Place, Provenance, Sentence
from tacitus.store import open_store

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # the synthetic article generator lives in bench/, beside src/
    sys.path.insert(0, str(REPO))

from bench.synthetic import articles as synthetic_articles

ARTICLE_COUNT = 150


def event_keys(results: list[ArticleResult]) -> set[tuple[object, ...]]:
    return {
        (
            e.provenance.article_id,
            e.provenance.sentence_index,
            e.source.code,
            e.target.code if e.target else None,
            e.cameo_code,
            e.date,
        )
        for r in results
        for e in r.events
    }


def sentence_keys(results: list[ArticleResult]) -> set[tuple[object, ...]]:
    return {(r.article.id, s.index, s.start, s.end) for r in results for s in r.sentences}


def mention_keys(results: list[ArticleResult]) -> set[tuple[object, ...]]:
    return {
        (r.article.id, m.sentence_index, m.start, m.end, m.actor.code) for r in results for m in r.mentions
    }


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return synthetic_articles(ARTICLE_COUNT, seed=11)


@pytest.fixture(scope="module")
def single_process(corpus: list[Article]) -> list[ArticleResult]:
    return list(extract(corpus))


@pytest.fixture(scope="module")
def cluster_run(
    corpus: list[Article], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list, Path]]:
    parquet_dir = tmp_path_factory.mktemp("cluster") / "dataset"
    try:
        results = extract_on_cluster(corpus, scheduler=None, workers=2, parquet_dir=parquet_dir)
        yield results, parquet_dir
    finally:
        close_local_clusters()


def test_the_cluster_returns_one_result_per_article_in_input_order(corpus, cluster_run):
    results, _ = cluster_run
    assert [r.article.id for r in results] == [a.id for a in corpus]


def test_the_cluster_codes_exactly_the_events_of_a_single_process(single_process, cluster_run):
    results, _ = cluster_run
    assert sentence_keys(single_process), "the pipeline split no sentences: the comparison would be empty"
    assert sentence_keys(results) == sentence_keys(single_process)
    assert mention_keys(results) == mention_keys(single_process)
    assert event_keys(results) == event_keys(single_process)
    assert first_difference(results, single_process) is None  # every field of every record


def first_difference(got: list[ArticleResult], expected: list[ArticleResult]) -> str | None:
    """Where two result lists first differ ("article x, events[2].date: a != b"), for a readable failure."""
    for mine, theirs in zip(got, expected, strict=True):
        for part in ("sentences", "mentions", "events"):
            a, b = getattr(mine, part), getattr(theirs, part)
            if len(a) != len(b):
                return f"article {mine.article.id}: {len(a)} {part} != {len(b)}"
            for index, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    fields = [k for k in vars(x) if getattr(x, k) != getattr(y, k)]
                    return f"article {mine.article.id}, {part}[{index}].{fields[0]}: " + repr(
                        (getattr(x, fields[0]), getattr(y, fields[0]))
                    )
    return None


def test_the_cluster_writes_a_dataset_partitioned_by_publication_month(corpus, cluster_run):
    _, parquet_dir = cluster_run
    expected_months = {f"{a.pub_date.year:04d}-{a.pub_date.month:02d}" for a in corpus}
    folders = {p.name for p in (parquet_dir / "articles").iterdir()}
    assert folders == {f"pub_month={m}" for m in expected_months}
    by_month = query_parquet(parquet_dir, "SELECT pub_month, count(*) AS n FROM articles GROUP BY pub_month")
    assert dict(zip(by_month["pub_month"], by_month["n"])) == {
        m: sum(1 for a in corpus if f"{a.pub_date.year:04d}-{a.pub_date.month:02d}" == m)
        for m in expected_months
    }


def test_the_cluster_dataset_loads_into_a_store_like_a_direct_write(single_process, cluster_run, tmp_path):
    _, parquet_dir = cluster_run
    with open_store(tmp_path / "direct.db") as direct:
        direct.write_results(single_process)
        expected = direct.counts()
    with open_store(tmp_path / "loaded.db") as loaded:
        report = load_parquet(parquet_dir, loaded)
        assert (report.read, report.new, report.already_stored) == (ARTICLE_COUNT, ARTICLE_COUNT, 0)
        assert loaded.counts() == expected
        again = load_parquet(parquet_dir, loaded)
        assert (again.new, again.already_stored, again.events) == (0, ARTICLE_COUNT, 0)
        assert loaded.counts() == expected


def test_a_running_cluster_is_reached_by_its_scheduler_address(corpus, single_process, cluster_run):
    address = local_client(2).scheduler.address  # the module's cluster, as if it ran elsewhere
    results = extract_on_cluster(corpus[:12], scheduler=address, workers=2, parquet_dir=None)
    assert first_difference(results, single_process[:12]) is None


def test_partitions_keep_every_article_once_and_in_order(corpus):
    parts = partitions(corpus, workers=2)
    assert [a for part in parts for a in part] == corpus
    assert len(parts) >= 2, "two workers need at least two partitions to share"
    assert partitions([], workers=2) == []


# -- the Parquet dataset on its own, with hand-written records --------------------------------


def _hand_written_results() -> list[ArticleResult]:
    """Two articles in two months; the first has an event with a place, the second one without target."""
    ministry = Actor(
        "Ministry of Foreign Affairs", "organisation", country="NOR", sector="GOV", aliases=("MFA",)
    )
    envoy = Actor("Ingrid Solberg", "person", country="NOR", sector="DIP", title="Special Envoy")
    kenya = Actor("Kenya", "country", country="KEN")
    un = Actor("United Nations", "organisation", code_override="IGOUNO")
    first = Article(
        id="a1", title="Envoy visits Nairobi", text="NAIROBI, May 3 -- A Norwegian envoy visited Kenya.",
        pub_date=dt.date(2023, 5, 4), dateline_place="Nairobi", dateline_date=dt.date(2023, 5, 3),
        outlet="Test Wire", url="https://example.org/a1", origin="fixture.txt",
    )  # fmt: skip
    second = Article(
        id="a2", title="Statement", text="The ministry issued a statement.", pub_date=dt.date(2023, 6, 1)
    )
    visit = Event(
        source=envoy, target=kenya, cameo_code="042", cameo_name="Make a visit", goldstein=1.9, quad_class=1,
        plover_type="CONSULT", plover_mode="visit", plover_context=None, date=dt.date(2023, 5, 3),
        date_precision="day", provenance=Provenance("a1", 0, 15, 50, "A Norwegian envoy visited Kenya.", "visited"),
        place=Place("Nairobi", "KEN", -1.29, 36.82, "dateline"), confidence=0.8, rule="visit + dobj",
        dictionary_entries=("verbs.yaml:visit -> 042",), date_text="May 3",
    )  # fmt: skip
    statement = Event(
        source=ministry, target=None, cameo_code="010", cameo_name="Make statement", goldstein=0.0, quad_class=1,
        plover_type=None, plover_mode=None, plover_context=None, date=dt.date(2023, 6, 1), date_precision="month",
        provenance=Provenance("a2", 0, 0, 32, "The ministry issued a statement.", "issued"),
        modality="reported", negated=True,
    )  # fmt: skip
    return [
        ArticleResult(
            article=first,
            sentences=[Sentence(0, 15, 50, "A Norwegian envoy visited Kenya.")],
            mentions=[
                Mention(0, 17, 26, "Norwegian", envoy, "demonym"),
                Mention(0, 45, 50, "Kenya", kenya, "name"),
            ],
            events=[visit],
        ),
        ArticleResult(
            article=second,
            sentences=[Sentence(0, 0, 32, second.text)],
            mentions=[
                Mention(0, 4, 12, "ministry", ministry, "organisation"),
                Mention(0, 0, 3, "The", un, "x"),
            ],
            events=[statement],
        ),
    ]


def test_every_field_survives_a_round_trip_through_parquet(tmp_path):
    results = _hand_written_results()
    written = write_parquet(results, tmp_path)
    assert written == {"articles": 2, "sentences": 2, "mentions": 4, "events": 2}
    assert list(read_results(tmp_path)) == results


def test_writing_the_same_batch_twice_does_not_double_the_dataset(tmp_path):
    results = _hand_written_results()
    write_parquet(results, tmp_path)
    write_parquet(results, tmp_path)
    counts = query_parquet(tmp_path, "SELECT (SELECT count(*) FROM events) AS events, "
                                     "(SELECT count(*) FROM articles) AS articles")  # fmt: skip
    assert counts.to_dict("records") == [{"events": 2, "articles": 2}]


def test_events_are_flat_columns_that_sql_can_group(tmp_path):
    write_parquet(_hand_written_results(), tmp_path)
    rows = query_parquet(
        tmp_path,
        "SELECT pub_month, source_code, target_code, cameo_code, plover_type, place_name, sentence_index "
        "FROM events ORDER BY pub_month",
    )
    assert rows.to_dict("records")[0] == {
        "pub_month": "2023-05", "source_code": "NORDIP", "target_code": "KEN", "cameo_code": "042",
        "plover_type": "CONSULT", "place_name": "Nairobi", "sentence_index": 0,
    }  # fmt: skip
    raw = query_parquet(
        tmp_path,
        f"SELECT count(*) AS n FROM read_parquet('{tmp_path}/events/**/*.parquet', hive_partitioning=true) "
        "WHERE pub_month = '2023-06'",
    )
    assert raw["n"].tolist() == [1]


def test_a_dataset_without_events_still_answers_queries_about_events(tmp_path):
    result = _hand_written_results()[1]
    result.events = []
    write_parquet([result], tmp_path)
    assert query_parquet(tmp_path, "SELECT count(*) AS n FROM events")["n"].tolist() == [0]


def test_load_parquet_and_query_parquet_from_the_command_line(tmp_path):
    write_parquet(_hand_written_results(), tmp_path / "dataset")
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    first = runner.invoke(main, ["load-parquet", str(tmp_path / "dataset"), "--db", db])
    assert first.exit_code == 0, first.output
    assert "2 articles read, 2 new, 0 already stored" in first.output
    second = runner.invoke(main, ["load-parquet", str(tmp_path / "dataset"), "--db", db])
    assert "0 new, 2 already stored, 0 new events" in second.output
    with open_store(db) as store:
        assert store.counts()["events"] == 2
        assert store.counts()["event_sources"] == 2
    query = runner.invoke(
        main,
        ["query-parquet", str(tmp_path / "dataset"), "SELECT cameo_code, trigger FROM events ORDER BY 1", "--format",
         "csv"],
    )  # fmt: skip
    assert query.exit_code == 0, query.output
    assert query.output.splitlines() == ["cameo_code,trigger", "010,issued", "042,visited"]


def test_a_bad_query_names_the_dataset_and_the_problem(tmp_path):
    write_parquet(_hand_written_results(), tmp_path)
    result = CliRunner().invoke(main, ["query-parquet", str(tmp_path), "SELECT nonsense FROM events"])
    assert result.exit_code != 0
    assert str(tmp_path) in str(result.exception) and "nonsense" in str(result.exception)
