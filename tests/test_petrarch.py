"""Reading PETRARCH-format actor and agent dictionaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tacitus.dictionaries import ActorEntry, AgentEntry
from tacitus.errors import DictionaryError
from tacitus.petrarch import DatedCode, parse_code, read_actors, read_agents, read_petrarch

SHARED = Path(__file__).resolve().parents[2] / "shared" / "peers" / "openeventdata+petrarch2"

ACTORS = """\
<!-- A small actor dictionary written for these tests -->
<!--
   a comment block
   over several lines [XXX]
-->
FREEDONIA [FRE]  # a country
+FREEDONIAN
+FREEDONIANS
SYLVANIA_ARMY_ [SYLMIL]
RUFUS_T._FIREFLY
    [FRE < 330101]
    [FREGOV 19330101 - 19331231]
    [FREOPP > 340101]
GRAND_FENWICK [---]
UNITED_NATIONS_RELIEF_AGENCY [IGOUNOREL]
"""

AGENTS = """\
<!-- agents written for these tests -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
FOREIGN_MINISTER [~GOVFRM] # plural made by adding s
ARMED_FORCES {} [~MIL]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
POLICE!PERSON! [~COP]
SECRETARY [~GOV]
"""


@pytest.fixture
def actor_file(tmp_path: Path) -> Path:
    path = tmp_path / "test.actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    return path


@pytest.fixture
def agent_file(tmp_path: Path) -> Path:
    path = tmp_path / "test.agents.txt"
    path.write_text(AGENTS, encoding="utf-8")
    return path


def phrases(entries: list[ActorEntry]) -> dict[str, str]:
    return {entry.phrase: entry.actor.code for entry in entries}


def test_blocks_synonyms_and_comments(actor_file: Path) -> None:
    found = phrases(list(read_actors(actor_file)))
    assert found["FREEDONIA"] == found["FREEDONIAN"] == found["FREEDONIANS"] == "FRE"
    assert found["SYLVANIA ARMY"] == "SYLMIL"
    assert "XXX" not in found.values()


def test_a_null_code_is_a_discard(actor_file: Path) -> None:
    assert "GRAND FENWICK" not in phrases(list(read_actors(actor_file)))


def test_codes_split_into_country_sector_and_special_prefixes(actor_file: Path) -> None:
    entries = {entry.phrase: entry for entry in read_actors(actor_file)}
    freedonia = entries["FREEDONIA"].actor
    assert (freedonia.kind, freedonia.country, freedonia.name) == ("country", "FRE", "Freedonia")
    army = entries["SYLVANIA ARMY"].actor
    assert (army.country, army.sector) == ("SYL", "MIL")
    agency = entries["UNITED NATIONS RELIEF AGENCY"].actor
    assert (agency.country, agency.sector, agency.code) == (None, "IGO", "IGOUNOREL")
    assert entries["FREEDONIA"].origin == "test.actors.txt:6"


@pytest.mark.parametrize(
    ("day", "code"),
    [(dt.date(1932, 6, 1), "FRE"), (dt.date(1933, 6, 1), "FREGOV"), (dt.date(1935, 1, 1), "FREOPP")],
)
def test_dated_codes_follow_the_day(actor_file: Path, day: dt.date, code: str) -> None:
    assert phrases(list(read_actors(actor_file, on=day)))["RUFUS T. FIREFLY"] == code


def test_without_a_day_the_last_dated_code_is_used(actor_file: Path) -> None:
    assert phrases(list(read_actors(actor_file)))["RUFUS T. FIREFLY"] == "FREOPP"


def test_an_actor_with_dated_roles_is_a_person(actor_file: Path) -> None:
    firefly = next(entry.actor for entry in read_actors(actor_file) if entry.phrase == "RUFUS T. FIREFLY")
    assert (firefly.kind, firefly.name, firefly.country) == ("person", "Rufus T. Firefly", "FRE")


def test_parse_code_reads_every_restriction() -> None:
    assert parse_code("ABC") == DatedCode("ABC")
    assert parse_code("ABC < 950601") == DatedCode("ABC", None, dt.date(1995, 5, 31))
    assert parse_code("ABC > 990816") == DatedCode("ABC", dt.date(1999, 8, 16), None)
    assert parse_code("ABC 320101-331108") == DatedCode("ABC", dt.date(1932, 1, 1), dt.date(1933, 11, 8))
    assert parse_code("abc") == DatedCode("ABC")
    assert parse_code("+++") is None
    with pytest.raises(DictionaryError):
        parse_code("ABC 1995-06")


def test_agents_with_plurals_and_substitution_sets(agent_file: Path) -> None:
    found = {entry.phrase: entry.sector for entry in read_agents(agent_file)}
    assert found["FOREIGN MINISTER"] == found["FOREIGN MINISTERS"] == "GOVFRM"
    assert "ARMED FORCESS" not in found and found["ARMED FORCES"] == "MIL"
    assert found["ATTORNEYS GENERAL"] == "JUD"
    assert {p for p in found if p.startswith("POLICE")} == {
        "POLICEMAN",
        "POLICEMEN",
        "POLICEWOMAN",
        "POLICEWOMEN",
    }
    assert found["SECRETARIES"] == "GOV"


def test_read_petrarch_tells_agent_files_from_actor_files(actor_file: Path, agent_file: Path) -> None:
    assert all(isinstance(entry, ActorEntry) for entry in read_petrarch(actor_file))
    assert all(isinstance(entry, AgentEntry) for entry in read_petrarch(agent_file))


def test_a_synonym_before_any_actor_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("+ORPHAN\nFREEDONIA [FRE]\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"bad.txt:1"):
        list(read_actors(path))


def test_petrarch_files_work_as_user_dictionaries(actor_file: Path) -> None:
    from tacitus.dictionaries import read_dictionary

    kinds = {entry.phrase: kind for kind, entry in read_dictionary(actor_file)}
    assert kinds["FREEDONIA"] == "country" and kinds["SYLVANIA ARMY"] == "organisation"


@pytest.mark.skipif(not SHARED.exists(), reason="the shared peer files are not on this machine")
def test_the_petrarch_validation_dictionaries_read_completely() -> None:
    actors = list(read_actors(SHARED / "PETR.Validate.actors.txt"))
    agents = list(read_agents(SHARED / "PETR.Validate.agents.txt"))
    assert len(actors) > 100 and len(agents) > 100
    assert {"UNITED STATES", "U.S."} <= {entry.phrase for entry in actors}


def test_the_cli_dict_option_codes_with_petrarch_files(actor_file: Path, agent_file: Path) -> None:
    import json

    from click.testing import CliRunner

    from tacitus.cli import main

    result = CliRunner().invoke(main, ["explain", "Freedonian foreign minister met Sylvania army officers on Monday.",
                                       "--date", "1933-05-17", "--dict", str(actor_file), "--dict", str(agent_file),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)["events"]
    assert [(e["source"].split("(")[-1], e["target"].split("(")[-1], e["cameo"]) for e in events] == \
        [("FREGOVFRM)", "SYLMIL)", "040")]
