"""Events told across sentences in someone's words (tacitus.events.quotations, tacitus.speech rule
"obligation", tacitus.discourse.DISCOURSE_RULES):

* a quotation that runs over several sentences keeps its speaker in every sentence, whether the speaker
  is named after the closing mark, before the opening one ('said: "..."'), or in an attributed quotation
  just before ('"...," the minister said. "..."');
* a duty laid on another party in someone's words ("Russia must ...", "needs to ...", "it is up to X to
  ...") is the speaker's demand (CAMEO 100) or appeal (020, "should"), not the party's deed;
* "they" in those words is the party the story named before that is not the speaker's side.

A speaker or target taken from another sentence records its rule (``discourse:<name>``, shown by
``tacitus explain``) and lowers the event's confidence.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.discourse import DISCOURSE_RULES
from tacitus.explain import Explanation, explain

MONDAY = dt.date(2024, 6, 3)


def code(text: str) -> Explanation:
    return explain(text, date=MONDAY)


def coded(text: str) -> set[tuple[str, str, str]]:
    """(source country, target country, CAMEO code) of every event of ``text``."""
    return {(e.source.country or e.source.code, (e.target.country or e.target.code) if e.target else "-",
             e.cameo_code) for e in code(text).events}


def rules_of(text: str, cameo: str) -> list[str]:
    """The discourse rules recorded by the events of ``text`` with CAMEO code ``cameo``."""
    return [e.removeprefix("discourse:") for event in code(text).events if event.cameo_code == cameo
            for e in event.dictionary_entries if e.startswith("discourse:")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Chilean foreign minister said on Monday that Peru must release the detained fishermen.",
         ("CHL", "PER", "100")),
        ('"Peru needs to withdraw its patrol boats from our waters," the Chilean navy chief said on Monday.',
         ("CHL", "PER", "100")),
        ("The Chilean president told reporters on Monday that Peru should reopen the border crossing.",
         ("CHL", "PER", "020")),
        ('"It is up to Lima to end the dispute over the fishing grounds," a Chilean official said on Monday.',
         ("CHL", "PER", "100")),
    ],
)
def test_a_duty_laid_on_another_party_is_the_speakers_demand(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text)


def test_an_obligation_is_not_the_deed_itself() -> None:
    # "has to pull its troops out" is demanded, not done: no RETREAT from Peru
    found = coded("The Chilean president said on Monday that Peru has to pull its troops out of the border zone.")
    assert ("CHL", "PER", "100") in found
    assert not any(source == "PER" for source, _, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        '"We must defend our coast at any cost," the Chilean defence minister said on Monday.',
        '"Everyone must understand that the dispute will not end soon," the Chilean minister said on Monday.',
        "Chile does not need to send more ships to the border, the Chilean defence minister said on Monday.",
        '"If Peru must close the border, our trucks will wait," the Chilean transport minister said on Monday.',
        "Peru must release the fishermen.",  # no one is said to speak
        "The Chilean president said on Monday that Chileans must stay calm.",  # the speaker's own public
        "The Chilean president said on Monday that Peru needs to do difficult things.",  # no act named
    ],
)
def test_no_demand_without_another_party_a_speaker_and_a_deed(text: str) -> None:
    assert not [e for e in code(text).events if e.cameo_code in ("100", "020")]


def test_a_quotation_keeps_the_speaker_named_before_it_opens() -> None:
    text = ('SANTIAGO - The Chilean foreign minister spoke to reporters on Monday, saying: "We have been patient '
            'for weeks. Peru must now release the detained fishermen."')
    assert ("CHL", "PER", "100") in coded(text)
    assert rules_of(text, "100") == ["quotation:before"]


def test_a_quotation_with_no_attribution_goes_on_with_the_last_speaker() -> None:
    text = ('SANTIAGO - Peru seized three Chilean fishing boats on Sunday. "We want good relations with Lima," the '
            'Chilean defence minister said on Monday. "But if they seize our boats again, we will retaliate."')
    events = [e for e in code(text).events if e.cameo_code == "130"]
    assert [(e.source.country, e.target.country if e.target else None) for e in events] == [("CHL", "PER")]
    assert "discourse:quotation:continued" in events[0].dictionary_entries


def test_they_in_the_speakers_words_is_the_party_named_before() -> None:
    text = ('SANTIAGO - Chile accused Peru on Monday of harassing its fishing fleet. "They must stop sending '
            'gunboats into our waters," the Chilean foreign minister said.')
    assert ("CHL", "PER", "100") in coded(text)
    assert rules_of(text, "100") == ["they-named-before"]


def test_they_for_both_sides_is_no_one() -> None:
    text = ('SANTIAGO - Leaders from Chile and Peru will meet next month. "Whatever they decide, they should '
            'keep talking," the Chilean foreign minister said on Monday.')
    assert not [e for e in code(text).events if e.cameo_code in ("100", "020")]


def test_every_discourse_rule_lowers_confidence() -> None:
    assert all(0 < rule.confidence < 1 and rule.example for rule in DISCOURSE_RULES.values())
    plain = 'The Chilean foreign minister said on Monday that Peru must release the detained fishermen.'
    carried = ('SANTIAGO - Chile accused Peru on Monday of holding its fishermen. "They must release them," the '
               'Chilean foreign minister said.')
    [named] = [e for e in code(plain).events if e.cameo_code == "100"]
    [guessed] = [e for e in code(carried).events if e.cameo_code == "100"]
    assert guessed.confidence < named.confidence


def test_explain_names_the_discourse_rule() -> None:
    text = ('SANTIAGO - Chile accused Peru on Monday of harassing its fishing fleet. "They must stop sending '
            'gunboats into our waters," the Chilean foreign minister said.')
    rows = code(text).event_rows()
    assert any(row["discourse_rules"] == ["they-named-before"] and row["pattern"] == "speech:obligation"
               for row in rows)
    result = CliRunner().invoke(main, ["explain", "--no-parse", "--date", "2024-06-03", text])
    assert result.exit_code == 0, result.output
    assert "rule they-named-before" in result.output


def test_he_or_she_after_a_role_with_no_name_is_that_role() -> None:
    # the role was the subject just before, and no person has been named as a subject since
    text = ('SANTIAGO - The Chilean foreign minister held a news conference on Monday. "Our patience has limits. '
            'Peru should release the fishermen," she said.')
    assert ("CHL", "PER", "020") in coded(text)
    rows = [row for row in code(text).actors() if row["text"] == "she"]
    assert [(row["rule"], row["code"]) for row in rows] == [("coreference:role pronoun", "CHLGOV")]


def test_he_after_a_named_person_is_still_the_person() -> None:
    text = ('SANTIAGO - The Chilean foreign minister spoke on Monday. Later, Peruvian President Dina Boluarte '
            'addressed lawmakers. "Chile must respect our waters," she said.')
    assert ("PER", "CHL", "100") in coded(text)


def test_a_quotation_attributed_nowhere_is_said_by_who_spoke_just_before() -> None:
    text = ('SANTIAGO - The Chilean foreign minister spoke to reporters on Monday. "Peru must release the '
            'fishermen without delay."')
    assert ("CHL", "PER", "100") in coded(text)
    assert rules_of(text, "100") == ["quotation:introduced"]
    # after a sentence that reports a deed, not a saying, the quotation has no speaker
    assert not [e for e in code('SANTIAGO - Peru seized two Chilean boats on Sunday. "Peru must release the '
                                'fishermen without delay."').events if e.cameo_code == "100"]


@pytest.mark.parametrize(
    "words",
    [
        '"They have violated the ceasefire again," the Chilean foreign minister said.',
        "The Chilean foreign minister said they had violated the ceasefire again.",
    ],
)
def test_a_wrong_laid_at_they_goes_to_the_party_named_before(words: str) -> None:
    text = f"SANTIAGO - Peruvian troops shelled a Chilean border post on Tuesday. {words}"
    events = [e for e in code(text).events if e.cameo_code == "112"]
    assert [(e.source.country, e.target.country if e.target else None) for e in events] == [("CHL", "PER")]
    assert "discourse:they-named-before" in events[0].dictionary_entries


def test_people_a_force_arrests_unnamed_are_its_own_countrys_civilians() -> None:
    # a deed told in the next sentence by "it said troops ...": the doer from the story, the target implicit
    text = ("SANTIAGO - Chile's army said on Tuesday it had dismantled a smuggling ring near Arica. It said troops "
            "also arrested four suspects.")
    events = [e for e in code(text).events if e.cameo_code == "173"]
    assert [(e.source.country, e.target.country if e.target else None) for e in events] == [("CHL", "CHL")]
    assert "rules:own-civilians" in events[0].dictionary_entries
