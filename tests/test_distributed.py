"""`tacitus ingest --engine dask` codes the same events as one process; its Parquet dataset is
partitioned by month, answers SQL, loads into a store exactly once, and survives a kill -9.

One real LocalCluster of two worker processes serves the whole module and is shut down after it.
The same 200 synthetic articles are ingested twice through the command line, once in this
process and once on the cluster, and everything both runs stored is compared.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from crash import kill_when_marker_appears
from tacitus.cli import main
from tacitus.distributed import close_local_clusters, extract_on_cluster, local_client, partitions
from tacitus.ingest import IngestOptions, ingest
from tacitus.parquet_dataset import (
    TABLES,
    query_parquet,
    read_results,
    remove_partial_batches,
    write_parquet,
)
from tacitus.pipeline import extract
from tacitus.records import Actor, Article, ArticleResult, Event, Mention, Place, Provenance, Sentence
from tacitus.store import open_store

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # the synthetic article generator lives in bench/, beside src/
    sys.path.insert(0, str(REPO))

from bench.synthetic import write_corpus

ARTICLE_COUNT = 200


def tacitus(*args: str) -> str:
    """Run a tacitus command in this process; return its output (failing the test if it fails)."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def store_contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Everything an ingest stored, with events named by what they are, not by row ids.

    (An event's id hashes its actors' row ids, which depend on the order articles were stored.)
    """
    with open_store(db) as store:

        def rows(sql: str) -> list[tuple[object, ...]]:
            return sorted((tuple(row) for row in store.db.execute(sql)), key=repr)

        columns = [c[1] for c in store.db.execute("PRAGMA table_info(events)")]
        kept = ", ".join(
            f"e.{c}" for c in columns if c not in ("rowid", "id", "source_actor_id", "target_actor_id")
        )
        natural = "e.date, s.name, s.code, t.name, t.code, e.cameo_code, e.negated"
        actors = "JOIN actors s ON s.id = e.source_actor_id LEFT JOIN actors t ON t.id = e.target_actor_id"
        return {
            "articles": rows("SELECT id, title, pub_date, dateline_date, outlet, duplicate_of FROM articles"),
            "sentences": rows("SELECT article_id, idx, start, end FROM sentences"),
            "actors": rows("SELECT key, name, kind, country, sector, code, title FROM actors"),
            "mentions": rows(
                "SELECT m.article_id, m.start, m.end, m.text, m.rule, a.key"
                " FROM mentions m JOIN actors a ON a.id = m.actor_id"
            ),
            "events": rows(f"SELECT {natural}, {kept} FROM events e {actors}"),
            "event_sources": rows(
                f"SELECT {natural}, x.article_id, x.sentence_idx, x.start, x.end, x.evidence, x.trigger"
                f" FROM event_sources x JOIN events e ON e.id = x.event_id {actors}"
            ),
        }


@dataclass
class Run:
    db: Path
    dataset: Path
    output: str


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, ARTICLE_COUNT, seed=11)
    return folder


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("one-process")
    output = tacitus("ingest", str(corpus), "--db", str(out / "t.db"), "--parquet", str(out / "dataset"))
    return Run(out / "t.db", out / "dataset", output)


@pytest.fixture(scope="module")
def cluster(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    out = tmp_path_factory.mktemp("cluster")
    try:
        output = tacitus("ingest", str(corpus), "--db", str(out / "t.db"), "--parquet", str(out / "dataset"),
                         "--engine", "dask", "--workers", "2")  # fmt: skip
        yield Run(out / "t.db", out / "dataset", output)
    finally:
        close_local_clusters()


@pytest.mark.slow
def test_a_two_worker_cluster_stores_exactly_what_one_process_stores(one_process, cluster):
    assert f"read {ARTICLE_COUNT} articles: {ARTICLE_COUNT} new" in cluster.output
    expected = store_contents(one_process.db)
    assert len(expected["events"]) > ARTICLE_COUNT, "too few events for the comparison to mean much"
    got = store_contents(cluster.db)
    for table in expected:
        assert got[table] == expected[table], f"{table} differ"


def extracted(run: Run) -> int:
    """Articles the run parsed: all it read but the near-copies it linked (the dataset holds only those)."""
    linked = re.search(r"\((\d+) near-duplicates? linked", run.output)
    return ARTICLE_COUNT - (int(linked.group(1)) if linked else 0)


@pytest.mark.slow
def test_a_two_worker_cluster_writes_exactly_the_records_of_one_process(one_process, cluster):
    expected = list(read_results(one_process.dataset))
    got = list(read_results(cluster.dataset))
    assert len(expected) == extracted(one_process) > ARTICLE_COUNT * 0.9
    assert first_difference(got, expected) is None  # every field of every sentence, mention and event


def first_difference(got: list[ArticleResult], expected: list[ArticleResult]) -> str | None:
    """Where two result lists first differ ("article x, events[2].date: a != b"), for a readable failure."""
    assert [r.article for r in got] == [r.article for r in expected]
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


@pytest.mark.slow
def test_the_dataset_is_partitioned_by_publication_month_and_answers_sql(corpus, cluster):
    months: dict[str, int] = {}
    for path in corpus.iterdir():
        day = path.read_text(encoding="utf-8").split()[1]  # " date YYYY-MM-DD headline"
        months[day[:7]] = months.get(day[:7], 0) + 1
    for table in ("articles", "events"):
        assert {p.name for p in (cluster.dataset / table).iterdir()} <= {f"pub_month={m}" for m in months}
    with open_store(cluster.db) as store:  # the dataset holds the extracted articles, not near-copies
        extracted_months = dict(
            store.db.execute(
                "SELECT substr(pub_date, 1, 7), count(*) FROM articles WHERE duplicate_of IS NULL GROUP BY 1"
            ).fetchall()
        )
    assert sum(extracted_months.values()) == extracted(cluster)
    assert {p.name for p in (cluster.dataset / "articles").iterdir()} == {
        f"pub_month={m}" for m in extracted_months
    }
    csv = tacitus("query-parquet", str(cluster.dataset),
                  "SELECT pub_month, count(*) AS n FROM articles GROUP BY 1 ORDER BY 1", "--format", "csv")  # fmt: skip
    assert csv.splitlines() == ["pub_month,n", *(f"{m},{n}" for m, n in sorted(extracted_months.items()))]


def originals_counts(db: Path) -> dict[str, int]:
    """Store.counts() without the rows of near-copies (their article, its sentences and event sources)."""
    with open_store(db) as store:
        counts = store.counts()
        for table, column in (
            ("articles", "id"),
            ("sentences", "article_id"),
            ("event_sources", "article_id"),
        ):
            counts[table] = store.db.execute(
                f"SELECT count(*) FROM {table} WHERE {column} IN (SELECT id FROM articles WHERE duplicate_of IS NULL)"
            ).fetchone()[0]
    return counts


def evidence(db: Path) -> list[tuple[object, ...]]:
    """Each stored statement of an event: where it is, what it says, and what was coded from it."""
    with open_store(db) as store:
        return sorted(
            tuple(row)
            for row in store.db.execute(
                "SELECT x.article_id, x.sentence_idx, x.start, x.end, x.evidence, x.trigger, e.date,"
                " e.cameo_code, e.negated FROM event_sources x JOIN events e ON e.id = x.event_id"
                " WHERE x.article_id IN (SELECT id FROM articles WHERE duplicate_of IS NULL)"
            )
        )


@pytest.mark.slow
def test_load_parquet_stores_every_record_once(cluster, tmp_path):
    db = tmp_path / "loaded.db"
    first = tacitus("load-parquet", str(cluster.dataset), "--db", str(db))
    count = extracted(cluster)
    assert f"{count:,} articles read, {count:,} new, 0 already stored" in first
    assert originals_counts(db) == originals_counts(cluster.db)
    assert evidence(db) == evidence(cluster.db)
    # (Loading goes month by month, so a name that two articles give different titles can settle on
    # the other title than in the ingest, which went file by file: actors are compared by count only.)
    again = tacitus("load-parquet", str(cluster.dataset), "--db", str(db))
    assert f"0 new, {count:,} already stored, 0 new events" in again
    assert evidence(db) == evidence(cluster.db)


@pytest.mark.slow
def test_a_running_cluster_is_reached_by_its_scheduler_address(corpus, one_process, cluster, tmp_path):
    address = local_client(2).scheduler.address  # the module's cluster, as if it ran elsewhere
    some = sorted(corpus.iterdir())[:12]
    tacitus("ingest", *map(str, some), "--db", str(tmp_path / "t.db"), "--parquet", str(tmp_path / "dataset"),
            "--engine", "dask", "--scheduler", address)  # fmt: skip
    got = list(read_results(tmp_path / "dataset"))
    ids = {r.article.id for r in got}
    assert len(ids) == 12
    assert (
        first_difference(got, [r for r in read_results(one_process.dataset) if r.article.id in ids]) is None
    )


@pytest.mark.slow
def test_the_cluster_returns_one_result_per_article_in_input_order(cluster):
    from bench.synthetic import articles

    some = articles(12, seed=5)
    results = extract_on_cluster(some, scheduler=None, workers=2, parquet_dir=None)
    assert [r.article.id for r in results] == [a.id for a in some]
    assert results == list(extract(some))


def test_partitions_keep_every_article_once_and_in_order():
    from bench.synthetic import articles

    some = articles(30, seed=6)
    parts = partitions(some, workers=2)
    assert [a for part in parts for a in part] == some
    assert len(parts) >= 2, "two workers need at least two partitions to share"
    assert partitions([], workers=2) == []


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr("tacitus.distributed.CONNECT_TIMEOUT", 1.0)
    result = CliRunner().invoke(main, ["ingest", str(min(corpus.iterdir())), "--db", str(tmp_path / "t.db"),
                                       "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])  # fmt: skip
    assert result.exit_code != 0
    assert "tcp://127.0.0.1:9" in str(result.exception) and "cannot connect" in str(result.exception)


# -- crash safety of the dataset -----------------------------------------------------------------

# `tacitus ingest --parquet` in a child process that stops at a chosen moment of its third batch and
# waits there to be killed: "before-commit" after the batch's Parquet files are in place but before
# the store commits it; "mid-rename" after the batch's events files are renamed into place but
# before its articles files are.
CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import tacitus.parquet_dataset, tacitus.store

    moment, marker = sys.argv[1], Path(sys.argv[2])
    calls = {"batches": 0, "articles_files": 0}

    def stop_here():
        marker.write_text(moment)
        time.sleep(600)

    real_write = tacitus.store.Store.write_results
    def write_results(self, results, **kwargs):
        calls["batches"] += 1
        if moment == "before-commit" and calls["batches"] == 3:
            stop_here()
        return real_write(self, results, **kwargs)

    real_replace = os.replace
    def replace(source, target):
        if Path(target).parts[-3] == "articles":
            calls["articles_files"] += 1
            if moment == "mid-rename" and calls["articles_files"] == 17:  # inside the third batch
                stop_here()
        return real_replace(source, target)

    tacitus.store.Store.write_results = write_results
    tacitus.parquet_dataset.os.replace = replace
    from tacitus.cli import run
    sys.argv = ["tacitus", "ingest", *sys.argv[3:]]
    run()
    """
)


def dataset_counts(dataset: Path) -> dict[str, int]:
    return {t: int(query_parquet(dataset, f"SELECT count(*) AS n FROM {t}")["n"][0]) for t in TABLES}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    write_corpus(folder, 24, seed=12)  # 24 articles over many months: each batch of 8 writes ~8 files
    return folder


@pytest.fixture(scope="module")
def clean_dataset(small_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    with open_store(out / "t.db") as store:
        ingest([small_corpus], store, IngestOptions(parquet_dir=out / "dataset"))
    return out / "dataset"


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["before-commit", "mid-rename"])
def test_kill_minus_9_then_rerun_leaves_every_article_once_in_the_dataset(
    moment, small_corpus, clean_dataset, tmp_path
):
    db, dataset, marker = tmp_path / "t.db", tmp_path / "dataset", tmp_path / "stopped"
    command = [sys.executable, "-c", CHILD, moment, str(marker), str(small_corpus), "--db", str(db),
               "--parquet", str(dataset), "--batch-size", "8", "-q"]  # fmt: skip
    kill_when_marker_appears(command, marker, tmp_path)  # it waits in its third batch
    with open_store(db) as store:
        assert store.counts()["articles"] == 16, "two whole batches stored, nothing of the third"
    if moment == "mid-rename":
        assert (dataset / ".staging").exists(), "the kill should leave a half-renamed batch"

    # Run again with other batches, so the re-extracted articles are grouped differently.
    tacitus(
        "ingest", str(small_corpus), "--db", str(db), "--parquet", str(dataset), "--batch-size", "5", "-q"
    )

    assert not (dataset / ".staging").exists()
    assert dataset_counts(dataset) == dataset_counts(clean_dataset), "rows missing or written twice"
    assert first_difference(list(read_results(dataset)), list(read_results(clean_dataset))) is None


def test_a_half_written_batch_is_removed_before_the_next_write(tmp_path):
    results = _hand_written_results()
    write_parquet(results[:1], tmp_path)
    events = next((tmp_path / "events").glob("pub_month=2023-05/*.parquet"))
    orphan = tmp_path / "events" / "pub_month=2023-06" / "part-0123456789abcdef.parquet"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(events.read_bytes())  # an events file whose articles file never landed
    (tmp_path / ".staging" / "0123456789abcdef").mkdir(parents=True)
    (tmp_path / ".staging" / "0123456789abcdef" / "torn.parquet").write_bytes(b"PAR1 half")

    assert sorted(p.name for p in remove_partial_batches(tmp_path)) == [orphan.name, "torn.parquet"]
    assert events.exists() and not orphan.exists() and not (tmp_path / ".staging").exists()
    write_parquet(results, tmp_path)
    assert dataset_counts(tmp_path) == {"articles": 2, "sentences": 2, "mentions": 4, "events": 2}


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
