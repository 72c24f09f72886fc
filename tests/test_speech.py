"""Speech acts read from reported speech (tacitus.speech), on sentences of our own: the event a user
sees (source and target country, CAMEO code, PLOVER type, rule) and the cases that must stay uncoded."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.explain import Explanation, explain
from tacitus.speech import SPEECH_RULES, speech_words

TUESDAY = dt.date(2024, 5, 7)


def code(text: str) -> Explanation:
    return explain(text, date=TUESDAY)


def speech_events(result: Explanation) -> list[tuple[str, str, str, str]]:
    """(source, target, PLOVER type, rule) of the events the speech rules coded."""
    return [((e.source.country or e.source.code), (e.target.country or e.target.code) if e.target else "-",
             e.plover_type or "", e.rule) for e in result.events if e.rule.startswith("speech:")]


def test_every_speech_rule_has_a_name_an_example_and_its_word_lists() -> None:
    names = [rule.name for rule in SPEECH_RULES]
    assert len(names) == len(set(names))
    for rule in SPEECH_RULES:
        assert rule.example.startswith('"'), f"{rule.name} has no example sentence in its docstring"
    for name in ("reporting_verbs", "negative_verdict", "perpetrator_nouns", "charge_nouns", "request_verbs"):
        assert speech_words()[name], name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # those behind an attack placed abroad: an accusation against that country
        ("Chilean police said on Monday that the bombers were trained in Peru.",
         ("CHL", "PER", "ACCUSE", "speech:blame-abroad")),
        ("The Chilean interior minister claimed the attackers had been in contact with handlers in Bolivia.",
         ("CHL", "BOL", "ACCUSE", "speech:blame-abroad")),
        # a negative judgment on what an actor does
        ("The Chilean president called the Peruvian fishing quotas \"reckless.\"",
         ("CHL", "PER", "ACCUSE", "speech:verdict")),
        ("Chile's foreign minister said on Monday that Bolivia's new border law is illegal and dangerous.",
         ("CHL", "BOL", "ACCUSE", "speech:verdict")),
        # a wrong laid at an actor's door, in a quotation whose speaker follows it
        (("\u201cChile has repeatedly violated the truce and tried to sabotage the talks,\u201d the Peruvian envoy "
         "said on Monday."), ("PER", "CHL", "ACCUSE", "speech:wrongdoing")),
        ("The Bolivian foreign minister said on Monday that Peru had failed to stop the smugglers.",
         ("BOL", "PER", "ACCUSE", "speech:wrongdoing")),
        # concern voiced about what an actor does
        ("Chile expressed concern over Peruvian naval drills near its coast on Monday.",
         ("CHL", "PER", "ACCUSE", "speech:concern")),
        ("The Chilean foreign ministry said on Monday that it remains deeply concerned about Bolivia's new border law.",
         ("CHL", "BOL", "ACCUSE", "speech:concern")),
        # a deadline set for someone
        ("Chile on Monday gave Peru 72 hours to withdraw its trawlers.",
         ("CHL", "PER", "THREATEN", "speech:ultimatum")),
        # a demand that someone acts, with the addressee as the target
        ("Chile expects Peru to honour the fishing accord, the Chilean foreign ministry said on Monday.",
         ("CHL", "PER", "REQUEST", "speech:request")),
        # a vow of retaliation, to the party the clause names
        ("Peru's interior minister said on Friday that the Bolivian rebels behind the raid will not be spared.",
         ("PER", "BOL", "THREATEN", "speech:warning")),
        ("The Chilean defence minister said on Monday that Peru would pay a heavy price for the raid.",
         ("CHL", "PER", "THREATEN", "speech:warning")),
        # an appeal with no addressee, from rebels: to their own government
        ("Bolivian rebels on Thursday demanded the release of their jailed commanders.",
         ("BOL", "BOL", "REQUEST", "speech:appeal")),
        ("The Chilean government told Bolivia on Monday to reopen the border crossing.",
         ("CHL", "BOL", "REQUEST", "speech:request")),
    ],
)
def test_speech_act_is_coded_from_speaker_to_the_actor_spoken_of(text: str, expected: tuple[str, ...]) -> None:
    assert expected in speech_events(code(text))


def test_they_after_a_statement_is_the_body_that_issued_it() -> None:
    result = code("The European Union issued a statement on Monday about the fishing dispute. "
                  "They called on Peru to release the Chilean trawlers.")
    assert ("IGOEUREEC", "PER", "REQUEST", "speech:request") in [
        (e.source.code, e.target.country, e.plover_type, e.rule) for e in result.events if e.target
    ] or any(e.source.code.startswith("IGOEU") and e.target is not None and e.target.country == "PER"
             and e.plover_type == "REQUEST" for e in result.events)


def test_a_denial_answers_the_accuser_reported_just_before() -> None:
    result = code("Chilean police said on Monday that the bombers were trained in Peru. "
                  "Peru rejected the accusations on Tuesday.")
    assert ("PER", "CHL", "REJECT", "speech:denial") in speech_events(result)


def test_a_late_denial_answers_the_accusation_of_the_story_lead() -> None:
    filler = " ".join(f"The harbour of Valparaiso handled {n} thousand containers in the year {2000 + n}."
                      for n in range(1, 11))
    lead = "Chilean police said on Monday that the bombers were trained in Peru. "
    late = " Peru's envoy again denied the allegations on Tuesday."
    assert ("PER", "CHL", "REJECT", "speech:denial") in speech_events(code(lead + filler + late))
    # an accusation told neither in the lead nor in the last sentences is not the one answered
    unanswered = code("The port reopened on Monday. Trade resumed at once. " + lead + filler + late)
    assert ("PER", "CHL", "REJECT", "speech:denial") not in speech_events(unanswered)


def test_a_charge_rejected_in_a_relative_clause_answers_who_made_it() -> None:
    result = code("Peru accused Chile on Monday of arming the rebels, a charge the Chilean foreign ministry "
                  "rejected on Tuesday.")
    assert ("CHL", "PER", "REJECT", "speech:denial") in speech_events(result)


def test_an_appeal_to_no_one_from_a_state_is_not_guessed() -> None:
    result = code("Fighting between Peruvian troops and rebels in Peru killed 40 people this week. "
                  "Brazil called on Saturday for an end to the violence.")
    assert [e for e in speech_events(result) if e[3] == "speech:appeal"] == []


def test_an_appeal_to_no_one_from_an_international_body_goes_to_the_story_country() -> None:
    # (the VOA gold's convention: "the U.N. envoy for Syria is calling for an end to violence" -> U.N. to Syria)
    result = code("Fighting between Peruvian troops and rebels in Peru killed 40 people this week. "
                  "The U.N. envoy called on Saturday for an end to the violence.")
    assert [e[1] for e in speech_events(result) if e[3] == "speech:appeal"] == ["PER"]


def test_a_quotation_is_said_by_its_speaker_named_after_it() -> None:
    result = code("\u201cChile has repeatedly violated the truce. Its conduct is reckless,\u201d Peruvian Foreign "
                  "Minister Javier Gonzalez said on Monday.")
    assert ("PER", "CHL", "ACCUSE", "speech:quotation") in speech_events(result)


def test_a_quotation_opening_right_after_an_attributed_one_has_the_same_speaker() -> None:
    result = code("\u201cThe border stays closed,\u201d Peruvian Foreign Minister Javier Gonzalez said on Monday. "
                  "\u201cChile has repeatedly violated the truce.\u201d")
    assert ("PER", "CHL", "ACCUSE", "speech:quotation") in speech_events(result)
    unquoted = code("Peruvian Foreign Minister Javier Gonzalez spoke on Monday. Chile has repeatedly violated the truce.")
    assert [e for e in speech_events(unquoted) if e[3] == "speech:quotation"] == []


def test_unnamed_sources_blaming_a_country_speak_for_the_story_not_for_that_country() -> None:
    result = code("A suicide bomber killed 12 soldiers in the Pakistani city of Quetta on Tuesday, Pakistan's "
                  "army said. Security sources have said the handlers of Tuesday's attack are based in Afghanistan.")
    assert ("PAK", "AFG", "ACCUSE", "speech:blame-abroad") in speech_events(result)


def test_we_in_a_quotation_is_the_speaker() -> None:
    result = code("\u201cWe reject the charges made by Peru,\u201d the Chilean spokesman said on Tuesday.")
    assert ("CHL", "PER", "REJECT", "speech:denial") in speech_events(result)


def test_a_judgment_replaces_the_appeal_reading_of_call() -> None:
    result = code("The French president called Chinese subsidies \"intolerable\" on Monday.")
    assert [(e.source.country, e.target.country if e.target else None, e.plover_type) for e in result.events] \
        == [("FRA", "CHN", "ACCUSE")]


def test_a_judged_deed_is_criticism_of_its_doer_not_of_where_it_went() -> None:
    result = code("Peru said on Monday that the trip to Bolivia by the Chilean delegation was a provocation.")
    assert [(s, t) for s, t, kind, _ in speech_events(result) if kind == "ACCUSE"] == [("PER", "CHL")]
    named = code("Peru's foreign minister called Chile's naval patrol off Bolivia a dangerous provocation.")
    assert ("PER", "BOL", "ACCUSE", "speech:verdict") not in speech_events(named)


def test_a_denial_answers_the_accuser_its_phrase_names() -> None:
    result = code("Bolivia on Monday rejected the allegations made by Chile.")
    kinds = [(e.source.country, e.target.country if e.target else None, e.plover_type) for e in result.events]
    assert ("BOL", "CHL", "REJECT") in kinds


@pytest.mark.parametrize(
    "text",
    [
        # no judgment, only a report of where something happened
        "Chilean police said on Monday that the bombers were arrested in Peru.",
        "Chile's foreign minister said on Monday that the weather in Bolivia is dangerous.",
        # a denial with no accuser anywhere
        "Peru rejected the accusations on Tuesday.",
        # not done: planned, negated, hypothetical
        "The Chilean minister plans to urge Peru to release the trawlers.",
        "Chile did not call the Peruvian fishing quotas reckless.",
        "Chile could give Peru 72 hours to withdraw its trawlers.",
        # a wrong denied, or only feared
        "The Bolivian foreign minister said on Monday that Peru had not violated the truce.",
        "The Bolivian foreign minister said on Monday that Peru could violate the truce.",
        # concern about a place is about no one
        "Chile is concerned about the weather in Peru.",
        # a deed whose doer is not named: the place it went to is not the one judged
        "Peru said on Monday that the strike on Bolivia was a barbaric crime.",
        "Chile's foreign minister said on Monday that the sanctions against Bolivia are illegal.",
        # an impersonal judgment names no one
        "A Chilean diplomat said it was dangerous to imagine a war with Peru.",
        # members of the public asked to act are not a party
        "Peruvian police told Chilean tourists to stay inside their hotels.",
    ],
)
def test_no_speech_act_where_none_is_stated(text: str) -> None:
    assert speech_events(code(text)) == []


def test_explain_names_the_speech_rule() -> None:
    result = code("The Chilean president called the Peruvian fishing quotas \"reckless.\"")
    coded = [c for c in result.candidates() if c["coded"] and c["rule"].startswith("speech:")]
    assert [c["rule"] for c in coded] == ["speech:verdict"]
    assert any(row["pattern"] == "speech:verdict" for row in result.event_rows())
