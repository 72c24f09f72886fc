"""Exports write the events other tools expect, and csv/parquet/jsonl exports come back in whole.

The store holds the hand-made world of ``analysis_world.py`` (nine events, Iran/China/US).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from analysis_world import CHINA, IRAN, USA, article, build_world, event, open_corpus
from tacitus import export, query
from tacitus.errors import InputError, OptionError
from tacitus.records import ArticleResult
from tacitus.store import Store, open_store


@pytest.fixture
def world(store: Store) -> Store:
    return build_world(store)


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


# The event columns that must survive a round trip (ids are recomputed by the new store).
CONTENT = [c for c in query.EVENT_COLUMNS if c not in ("event_id", "source_actor_id", "target_actor_id")]


@pytest.mark.parametrize("suffix", ["csv", "parquet", "jsonl"])
def test_export_then_import_gives_identical_events(world: Store, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"events.{suffix}"
    assert export.export_events(world, path) == 9
    with open_store(tmp_path / "copy.db") as copy:
        assert export.load_events(copy, path) == 9
        before = query.events(world, limit=None)[CONTENT]
        after = query.events(copy, limit=None)[CONTENT]
        pd.testing.assert_frame_equal(before, after)
        # Provenance comes back too: the merged event has both articles' evidence spans.
        met = query.events(copy, cameo="040", place="Tehran").iloc[0]
        assert met["num_sources"] == 2
        assert met["article_titles"] == ["Raisi receives Wei Fenghe", "Chinese defence chief in Tehran"]
        assert query.actor_profile(copy, "Raisi").events == 4


def test_csv_export_keeps_codes_provenance_and_filters(world: Store, tmp_path: Path) -> None:
    path = tmp_path / "dyad.csv"
    assert export.export_events(world, path, "csv", dyad=("IRN", "CHN"), directed=True) == 3
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["cameo_code"] for r in rows] == ["040", "057", "042"]
    assert list(rows[0]) == list(export.EXPORT_COLUMNS)
    assert rows[0]["article_ids"] == "article-A|article-B"
    sources = json.loads(rows[0]["sources"])
    assert [s["outlet"] for s in sources] == ["Xinhua", "PressTV"]
    assert sources[0]["evidence"].startswith("Iranian President Ebrahim Raisi met")
    assert rows[0]["date_text"] == "on Wednesday"


def test_jsonl_export_nests_sources(world: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    export.export_events(world, path, quad_class=4)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["cameo_code"] for r in records] == ["163", "190"]
    assert records[0]["sources"][0]["url"] == "https://news.example/H"
    assert records[0]["dictionary_entries"] == ["verbs.yaml:imposed -> 163"]
    assert records[0]["place"] is None


def test_exports_page_through_many_events_on_one_day(world: Store, tmp_path: Path) -> None:
    sentence = "China and Iran exchanged many statements on one busy day."
    busy = article("Z", "2021-05-05", "A busy day", "IRNA", sentence)
    same_day = [event(IRAN, target, code, "2021-05-05", busy, sentence, "said")
                for target in (CHINA, USA) for code in ("040", "051", "111")]
    world.write_results([ArticleResult(busy, events=same_day)])
    chunks = list(export.event_chunks(world, chunk_size=2))
    ids = [i for chunk in chunks for i in chunk["event_id"]]
    assert len(chunks) == 8 and len(ids) == 15 == len(set(ids))
    assert ids == query.events(world, limit=None)["event_id"].tolist()


def test_gdelt_table(world: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.gdelt.tsv"
    assert export.export_events(world, path, "gdelt", actor="Raisi") == 4
    rows = _tsv(path)
    assert list(rows[0]) == list(export.GDELT_COLUMNS)
    met = rows[0]
    assert (met["SQLDATE"], met["MonthYear"], met["Year"]) == ("20220427", "202204", "2022")
    assert (met["Actor1Code"], met["Actor1Name"], met["Actor1CountryCode"], met["Actor1Type1Code"]) == (
        "IRNGOV", "EBRAHIM RAISI", "IRN", "GOV",
    )
    assert (met["Actor2Code"], met["Actor2CountryCode"], met["Actor2Type1Code"]) == ("CHNMIL", "CHN", "MIL")
    assert (met["EventCode"], met["EventBaseCode"], met["EventRootCode"]) == ("040", "040", "04")
    assert (met["QuadClass"], float(met["GoldsteinScale"])) == ("1", 1.0)
    assert (met["NumMentions"], met["NumSources"], met["NumArticles"]) == ("2", "2", "2")
    assert (met["ActionGeo_Type"], met["ActionGeo_FullName"], met["ActionGeo_CountryCode"]) == ("4", "Tehran", "IRN")
    assert float(met["ActionGeo_Lat"]) == pytest.approx(35.69)
    assert met["SOURCEURL"] == "https://news.example/A"
    assert met["IsRootEvent"] == "1"  # stated in the first sentence
    assert rows[1]["IsRootEvent"] == "0"  # the praise is in the second sentence
    assert len(met["DATEADDED"]) == 14


def test_icews_table(world: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.icews.tsv"
    export.export_events(world, path, "icews", cameo="163")
    (row,) = _tsv(path)
    assert list(row) == list(export.ICEWS_COLUMNS)
    assert (row["Event Date"], row["Source Name"], row["Source Country"]) == ("2019-06-24", "United States", "United States")
    assert (row["Target Name"], row["Target Country"], row["CAMEO Code"]) == ("Iran", "Iran", "163")
    assert (row["Event Text"], float(row["Intensity"])) == ("Impose embargo, boycott, or sanctions", -8.0)
    assert (row["Story ID"], row["Sentence Number"], row["Publisher"]) == ("article-H", "1", "AP")
    persons = _tsv(_written(world, tmp_path / "raisi.tsv", "icews", actor="Raisi"))
    assert persons[0]["Source Sectors"] == "Government"
    assert persons[0]["City"] == "Tehran"


def _written(store: Store, path: Path, fmt: str, **filters: object) -> Path:
    export.export_events(store, path, fmt, **filters)
    return path


def test_plover_records_leave_out_statements(world: Store, tmp_path: Path) -> None:
    sentence = "Iran said it had nothing to add about the United States."
    statement = article("S", "2021-01-01", "A statement", "IRNA", sentence)
    world.write_results([ArticleResult(statement, events=[event(IRAN, USA, "010", "2021-01-01", statement, sentence, "said")])])
    path = tmp_path / "events.plover.jsonl"
    assert export.export_events(world, path, "plover") == 9  # ten events, the 010 statement has no PLOVER type
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    sanction = next(r for r in records if r["cameo_code"] == "163")
    assert (sanction["event_type"], sanction["mode"], sanction["context"]) == ("COERCE", "restrict", ["diplomatic", "economic"])
    assert sanction["actor"]["country"] == "USA" and sanction["recipient"]["name"] == "Iran"
    assert sanction["event_date"] == "2019-06-24"
    assert sanction["sources"][0]["article_id"] == "article-H"


def test_tkg_quadruples_with_id_maps(world: Store, tmp_path: Path) -> None:
    folder = tmp_path / "tkg"
    assert export.export_events(world, folder, "tkg") == 9
    entities = dict(line.split("\t") for line in (folder / "entity2id.txt").read_text(encoding="utf-8").splitlines())
    relations = dict(line.split("\t") for line in (folder / "relation2id.txt").read_text(encoding="utf-8").splitlines())
    def facts(name: str) -> list[tuple[int, ...]]:
        return [tuple(map(int, line.split("\t"))) for line in (folder / name).read_text().splitlines()]

    # Nine days: seven to learn from, then the next one to validate on and the last to test on.
    train, valid, test = facts("train.txt"), facts("valid.txt"), facts("test.txt")
    assert (len(train), len(valid), len(test)) == (7, 1, 1)
    assert max(t[3] for t in train) < valid[0][3] < test[0][3]
    ids = {v: k for k, v in entities.items()}
    names = {v: k for k, v in relations.items()}
    first = train[0]  # 2012-02-14, the earliest day: time 0
    assert (ids[str(first[0])], names[str(first[1])], ids[str(first[2])], first[3]) == (
        "Xi Jinping", "Make a visit", "United States", 0,
    )
    assert test[-1][3] == (pd.Timestamp("2023-02-16") - pd.Timestamp("2012-02-14")).days
    assert (folder / "stat.txt").read_text().split() == [str(len(entities)), str(len(relations))]
    header, *named = (folder / "quadruples.tsv").read_text(encoding="utf-8").splitlines()
    assert header == "subject\trelation\tobject\ttimestamp"
    assert named[0] == "Xi Jinping\tMake a visit\tUnited States\t2012-02-14"


def test_graphml_export_is_the_network(world: Store, tmp_path: Path) -> None:
    path = tmp_path / "net.graphml"
    # IRN->CHN, CHN->IRN, IRN->USA, USA->IRN and CHN->USA (Xi in Washington).
    assert export.export_events(world, path, level="country") == 5
    graph = nx.read_graphml(path)
    assert graph.edges["IRN", "CHN"]["weight"] == 3


def test_unknown_format_and_bad_imports_are_explained(world: Store, tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="format"):
        export.export_events(world, tmp_path / "events.xlsx")
    with pytest.raises(InputError, match="no such file"):
        export.load_events(world, tmp_path / "missing.csv")
    stray = tmp_path / "stray.csv"
    stray.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        export.load_events(world, stray)


def test_empty_export_still_has_a_header(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "none.csv"
    assert export.export_events(store, path) == 0
    assert path.read_text(encoding="utf-8").strip() == ",".join(export.EXPORT_COLUMNS)


# -- the example corpus, end to end ---------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    yield from open_corpus(tmp_path_factory)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_corpus_round_trip(corpus: Store, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"corpus.{suffix}"
    total = query.stats(corpus)["events"]
    assert export.export_events(corpus, path) == total
    with open_store(tmp_path / "copy.db") as copy:
        assert export.load_events(copy, path) == total
        pd.testing.assert_frame_equal(query.events(corpus, limit=None)[CONTENT], query.events(copy, limit=None)[CONTENT])
        assert query.stats(copy)["events_by_quad_class"] == query.stats(corpus)["events_by_quad_class"]


@pytest.mark.slow
def test_corpus_tables_for_other_tools(corpus: Store, tmp_path: Path) -> None:
    events = query.events(corpus, limit=None)
    gdelt = _tsv(_written(corpus, tmp_path / "g.tsv", "gdelt"))
    assert [r["EventCode"] for r in gdelt] == events["cameo_code"].tolist()
    assert [r["SQLDATE"] for r in gdelt] == events["date"].str.replace("-", "").tolist()
    assert [r["Actor1CountryCode"] for r in gdelt] == events["source_country"].fillna("").tolist()
    icews = _tsv(_written(corpus, tmp_path / "i.tsv", "icews"))
    assert [r["Event Date"] for r in icews] == events["date"].tolist()
    assert [float(r["Intensity"]) for r in icews] == events["goldstein"].tolist()
    plover = [json.loads(line) for line in _written(corpus, tmp_path / "p.jsonl", "plover").read_text().splitlines()]
    assert [r["event_type"] for r in plover] == events["plover_type"].dropna().tolist()
    folder = _written(corpus, tmp_path / "tkg", "tkg")
    facts = [line for name in ("train.txt", "valid.txt", "test.txt") for line in (folder / name).read_text().splitlines()]
    assert len(facts) == events["target_name"].notna().sum()
    entities = (folder / "entity2id.txt").read_text(encoding="utf-8").splitlines()
    assert {int(f.split("\t")[0]) for f in facts} | {int(f.split("\t")[2]) for f in facts} == set(range(len(entities)))
    graph = nx.read_graphml(_written(corpus, tmp_path / "n.graphml", "graphml", level="country"))
    dyadic = events.dropna(subset=["source_country", "target_country"])
    assert sum(w for _, _, w in graph.edges(data="weight")) == len(dyadic)
