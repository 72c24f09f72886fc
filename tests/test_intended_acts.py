"""Intended and threatened acts (tacitus.rules, rules "intent-to-cooperate" and "threat", data/intent.yaml):
an act only planned, pledged, readied, threatened or announced keeps its source and target and is coded as
the intent (CAMEO 03x, PLOVER AGREE) or threat (13x, THREATEN) its own CAMEO code matches; hypotheticals,
conditions, questions, denials and refusals stay uncoded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.errors import DictionaryError
from tacitus.explain import Explanation, explain
from tacitus.rules import intent_table, read_intent_table

TUESDAY = dt.date(2024, 5, 7)


def code(text: str) -> Explanation:
    return explain(text, date=TUESDAY)


def coded(text: str) -> list[tuple[str, str, str, str | None]]:
    """(source country, target country, CAMEO code, PLOVER type) of every event of ``text``."""
    return [(e.source.country or e.source.code, (e.target.country or e.target.code) if e.target else "-",
             e.cameo_code, e.plover_type) for e in code(text).events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a cooperative act planned, readied or announced: the intent to cooperate of its root
        ("Chile plans to provide economic aid to Peru, the Chilean foreign ministry said on Monday.",
         ("CHL", "PER", "033", "AGREE")),
        ("Chile is ready to send humanitarian aid to Peru, the Chilean president said on Monday.",
         ("CHL", "PER", "033", "AGREE")),
        ("Chile is willing to release the detained Peruvian fishermen, the Chilean minister said on Monday.",
         ("CHL", "PER", "0353", "AGREE")),
        (("Chile plans to withdraw its troops from Peru by the end of the year, the Chilean defence ministry said "
          "on Monday."), ("CHL", "PER", "0356", "AGREE")),
        ("Chile said on Monday it would send aid to Peru.", ("CHL", "PER", "033", "AGREE")),
        ("Chile offered on Monday to mediate between Peru and Bolivia.", ("CHL", "PER", "039", "AGREE")),
        ("Chile said on Monday it intends to restore diplomatic relations with Peru.", ("CHL", "PER", "032", "AGREE")),
        # a conflictual act vowed, threatened or announced: the threat of its root
        ("The Chilean defence minister vowed on Monday to attack Peruvian border posts.",
         ("CHL", "PER", "138", "THREATEN")),
        ("Chile threatened on Monday to blockade Peru's ports if Lima kept its tariffs.",
         ("CHL", "PER", "1381", "THREATEN")),
        ("Chile threatened on Monday to expel Peruvian diplomats.", ("CHL", "PER", "1313", "THREATEN")),
        ("Chile will impose new sanctions on Peru next week, Chilean officials said on Monday.",
         ("CHL", "PER", "1312", "THREATEN")),
        ("Chile warned on Monday it would strike Peruvian warships that crossed the border.",
         ("CHL", "PER", "138", "THREATEN")),
    ],
)
def test_an_intended_act_keeps_its_dyad_and_takes_the_intent_code_of_its_root(
    text: str, expected: tuple[str, str, str, str]
) -> None:
    assert expected in coded(text)


@pytest.mark.parametrize(
    "text",
    [
        "Chile does not plan to attack Peru, officials said on Monday.",  # a denial
        "Chile is not ready to send aid to Peru, the Chilean minister said on Monday.",
        "Chile will not impose sanctions on Peru, the Chilean minister said on Monday.",
        "Will Chile attack Peru this year? Analysts were divided on Monday.",  # a question
        "Chile could attack Peru if the talks fail, analysts said on Monday.",  # a hypothetical
        "If the talks fail, Chile will close its border with Peru.",  # an act only announced on a condition
        "Chile said on Monday it would attack Peru if the talks failed.",
        "Chile tried to attack Peruvian border posts on Monday.",  # an attempt is no intent
        "Chile plans to criticise Peru at the summit.",  # criticism planned is no intent to cooperate, no threat
        "The Chilean agency said it was ready to support Peru's government.",  # talk of support
    ],
)
def test_denials_questions_hypotheticals_and_attempts_code_no_intent(text: str) -> None:
    assert not [c for c in coded(text) if c[3] in ("AGREE", "THREATEN")]


def test_a_refusal_is_not_an_intent() -> None:
    found = coded("Chile refused to send aid to Peru on Monday.")
    assert [c[3] for c in found] == ["REJECT"]


def test_explain_shows_the_intent_rule_and_the_vow_left_to_its_act() -> None:
    result = code("The Chilean defence minister vowed on Monday to attack Peruvian border posts.")
    assert [(e.cameo_code, e.modality) for e in result.events] == [("138", "intended")]  # not also a pledge, 030
    assert "intent:threat" in result.events[0].dictionary_entries
    vow = [c for c in result.candidates() if c["trigger"] == "vowed"][-1]
    assert vow["rule"] == "veto:intent-on-act"
    row = result.event_rows()[0]
    assert (row["intent_rule"], row["modality"]) == ("threat", "intended")
    aid = code("Chile plans to provide economic aid to Peru, the Chilean foreign ministry said on Monday.")
    assert [c["rule"] for c in aid.candidates() if c["trigger"] == "provide"] == ["intent:intent-to-cooperate"]


def test_the_explain_command_says_which_intent_rule_coded_the_act() -> None:
    out = CliRunner().invoke(main, ["explain", "Chile threatened on Monday to expel Peruvian diplomats.",
                                    "--date", "2024-05-07", "--no-parse"])
    assert out.exit_code == 0, out.output
    assert "1313" in out.output and "coded as intended by rule threat" in out.output
    assert "veto:intent-on-act" in out.output  # the threat itself is left to the act it names


def test_a_threat_whose_act_finds_no_target_is_still_coded_as_the_bare_threat() -> None:
    # ("withhold aid" names no recipient the aid frame reads; the threat itself is still told)
    assert ("CHL", "PER", "130", "THREATEN") in coded("Chile threatened on Monday to withhold aid from Peru.")


def test_the_intent_codes_are_data_matched_by_the_longest_prefix_of_the_act_code() -> None:
    table = intent_table()
    assert table.code_for("163") == "1312"  # sanctions -> threaten sanctions
    assert table.code_for("190") == "138"  # fight -> threaten military force
    assert table.code_for("0874") == "0356"  # de-escalate -> intent to de-escalate
    assert table.code_for("036") == "036"  # an intent already
    assert table.code_for("112") is None  # criticism: no intent, no threat


def test_a_malformed_intent_table_names_its_file(tmp_path: Path) -> None:
    path = tmp_path / "intent.yaml"
    path.write_text(
        "plan_heads: [plan]\nattempt_heads: [try]\nthreat_heads: [vow]\nthreat_only_heads: [threaten]\n"
        "future_aux: [will]\nreported_future_aux: [would]\nkept_roots: ['03', '13']\npledge_only_codes: []\n"
        "codes: {'07': '070'}\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="intent.yaml"):
        read_intent_table(path)
