"""The analysis commands print what the query API answers, as tables, JSON or CSV.

Run through click's test runner against a database holding the hand-made world of
``analysis_world.py`` (nine events, Iran/China/US).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from analysis_world import world_db
from tacitus.cli import main
from tacitus.errors import OptionError, UnknownActorError


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(world_db(tmp_path_factory.mktemp("cli")))


def tacitus(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def ok(*args: str) -> str:
    result = tacitus(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def test_events_as_json_with_a_dyad(db: str) -> None:
    rows = json.loads(ok("events", "--db", db, "--dyad", "IRN", "CHN", "--directed", "--format", "json"))
    assert [r["cameo_code"] for r in rows] == ["040", "057", "042"]
    assert rows[0]["article_ids"] == ["article-A", "article-B"]


def test_events_table_pages(db: str) -> None:
    first = ok("events", "--db", db, "--limit", "2", "--format", "csv")
    second = ok("events", "--db", db, "--limit", "2", "--offset", "2", "--format", "csv")
    ids = [r["event_id"] for text in (first, second) for r in csv.DictReader(io.StringIO(text))]
    assert len(set(ids)) == 4
    table = ok("events", "--db", db, "--cameo", "163")
    assert "1 events" in table and "163" in table  # a narrow terminal wraps the names


def test_timeline_markdown(db: str) -> None:
    text = ok("timeline", "Raisi", "--db", db, "--markdown")
    assert text.startswith("# Timeline: Raisi")
    assert "Ebrahim Raisi (IRN GOV) met Wei Fenghe (CHN MIL) in Tehran" in text
    html = ok("timeline", "IRN", "CHN", "--db", db, "--html")
    assert html.count("<li ") == 6


def test_dyad_csv_and_plot(db: str, tmp_path: Path) -> None:
    plot = tmp_path / "dyad.png"
    text = ok("dyad", "IRN", "CHN", "--db", db, "--freq", "year", "--format", "csv", "--plot", str(plot))
    rows = list(csv.DictReader(io.StringIO(text)))
    by_key = {(r["period"], r["direction"]): r for r in rows}
    assert by_key[("2022-01-01", "IRN->CHN")]["events"] == "2"
    assert float(by_key[("2022-01-01", "IRN->CHN")]["goldstein_sum"]) == pytest.approx(9.0)
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_actor_profile_json(db: str) -> None:
    profile = json.loads(ok("actor", "Xi Jinping", "--db", db, "--format", "json"))
    assert [t["title"] for t in profile["titles"]] == ["Vice President", "President"]
    assert profile["events"] == 2


def test_actors_search(db: str) -> None:
    rows = json.loads(ok("actors", "--db", db, "--search", "wei", "--format", "json"))
    assert rows[0]["name"] == "Wei Fenghe"


def test_network_files_and_table(db: str, tmp_path: Path) -> None:
    graphml, gexf = tmp_path / "n.graphml", tmp_path / "n.gexf"
    text = ok("network", "--db", db, "--level", "country", "--graphml", str(graphml), "--gexf", str(gexf),
              "--format", "csv")
    assert graphml.exists() and gexf.exists()
    assert next(csv.DictReader(io.StringIO(text)))["node"] == "IRN"


def test_network_top_and_all(db: str) -> None:
    two = tacitus("network", "--db", db, "--top", "2", "--format", "json")
    assert two.exit_code == 0
    assert {row["label"] for row in json.loads(two.stdout)} == {"Ebrahim Raisi", "Iran"}
    assert "the 2 busiest of 6; --all keeps every one" in two.stderr
    every = tacitus("network", "--db", db, "--all", "--format", "json")
    assert len(json.loads(every.stdout)) == 6


def test_search_articles(db: str) -> None:
    rows = json.loads(ok("search", "pact", "--db", db, "--format", "json"))
    assert [r["title"] for r in rows] == ["Iran, China sign pact"]


def test_export_and_import_events(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    ok("export", "--db", db, "--format", "parquet", "--out", str(out), "--actor", "USA")
    copy = tmp_path / "copy.db"
    assert "3 events imported" in ok("import-events", str(out), "--db", str(copy))
    rows = json.loads(ok("events", "--db", str(copy), "--format", "json"))
    assert sorted(r["cameo_code"] for r in rows) == ["042", "163", "190"]
    folder = tmp_path / "tkg"
    ok("export", "--db", db, "--format", "tkg", "--out", str(folder))
    split = [len((folder / name).read_text().splitlines()) for name in ("train.txt", "valid.txt", "test.txt")]
    assert split == [7, 1, 1]  # nine days: the last two validate and test


def test_errors_come_from_the_catalogue(db: str) -> None:
    assert isinstance(tacitus("timeline", "Raissi", "--db", db).exception, UnknownActorError)
    assert isinstance(tacitus("events", "--db", db, "--start", "2022-02-30").exception, OptionError)
    assert tacitus("dyad", "IRN", "CHN", "--db", db, "--freq", "hourly").exit_code == 2  # click refuses it


@pytest.mark.parametrize(
    "command", ["events", "timeline", "dyad", "actor", "actors", "network", "search", "export", "import-events"]
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    text = ok(command, "--help")
    assert "Example" in text
    assert "--db" in text
