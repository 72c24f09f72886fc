"""Sentence shapes of the CAMEO codebook that news uses too (issue 11, the cameo-root pass): a threat made on
a condition is aimed at the party the condition names (fallback "condition-party"), and a slot that names only
the source itself ("its war", "in south Lebanon" for a Lebanese group) is no target, so the fallbacks look on."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.explain import explain

TUESDAY = dt.date(2024, 5, 7)


def coded(text: str) -> list[tuple[str, str, str]]:
    """(source country or code, target country or code or "-", CAMEO code) of every event of ``text``."""
    return [(e.source.country or e.source.code, (e.target.country or e.target.code) if e.target else "-",
             e.cameo_code) for e in explain(text, date=TUESDAY).events]


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Chile threatened on Monday to leave the talks unless Peru withdrew its new tariffs.", "CHL", "PER"),
        ("Chile threatened to cut electricity exports if Bolivia did not pay its bills by Friday.", "CHL", "BOL"),
        ("The Chilean parliament threatened on Monday to quit the treaty unless Lima changed course.", "CHL", "PER"),
    ],
)
def test_a_threat_on_a_condition_is_aimed_at_the_party_of_the_condition(text: str, source: str, target: str) -> None:
    events = coded(text)
    assert any(s == source and t == target and code.startswith("13") for s, t, code in events), events
    rules = [e["target_rule"] for e in explain(text, date=TUESDAY).event_rows()]
    assert "condition-party" in rules


def test_an_act_on_a_condition_that_is_no_threat_stays_uncoded() -> None:
    # (the condition makes the act hypothetical; only a threat is stated whatever happens)
    assert coded("If the talks fail, Chile will close its border with Peru, the minister said on Monday.") == []


def test_a_slot_naming_only_the_source_gives_way_to_the_condition() -> None:
    events = coded("Chile threatened on Monday to launch a new offensive in its war with Peru unless Lima accepted "
                   "its terms.")
    assert events and all(s == "CHL" and t == "PER" for s, t, _ in events), events


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a leader the dictionaries know, named before the body their office heads (references.yaml: leader_bodies)
        ("The Biden administration imposed new sanctions on Chile on Monday.", "USAGOV"),
        ("The Netanyahu government condemned Chile on Monday for recalling its ambassador.", "ISRGOV"),
        # "peacekeeping" between the demonym and the force (references.yaml: title_modifiers)
        ("Bangladeshi peacekeeping troops arrived in Chile on Monday.", "BGDMIL"),
    ],
)
def test_actors_named_through_their_leader_or_a_modifier(text: str, source: str) -> None:
    events = explain(text, date=TUESDAY).events
    assert events and all(e.source.code == source and e.target is not None and e.target.country == "CHL"
                          for e in events), [(e.source.code, e.target) for e in events]


def test_a_leader_unknown_to_the_dictionaries_gives_no_country() -> None:
    # ("Smith" is no leader of persons.csv: the administration is no one's, and no event is guessed for it)
    events = explain("The Smith administration imposed new sanctions on Chile on Monday.", date=TUESDAY).events
    assert all(e.source.country != "USA" for e in events)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Chile's foreign ministry issued a statement on Monday condemning Peru for the arrests.", "111"),
        ("Chile published a declaration on Monday demanding that Peru return the fishing boats.", "100"),
        ("Chile said in a note on Monday urging Peru to reopen the border.", "020"),
    ],
)
def test_a_statement_noun_speaks_for_whoever_issued_it(text: str, code: str) -> None:
    # (words/statement_nouns: the participle on the noun has the issuer as its subject)
    assert ("CHL", "PER", code) in coded(text)


def test_releasing_a_statement_is_no_release() -> None:
    assert all(code != "0841" for _, _, code in coded("Chile released a statement on Monday about Peru's election."))


def test_a_phrase_of_cause_is_no_background() -> None:
    # (words/cause_nouns: "in response to recent ..." says why, not when; "in recent years" stays background)
    assert ("CHL", "PER", "1312") in coded("Chile said on Monday it will impose sanctions on Peru in response to "
                                           "recent border incidents.")
    assert coded("Chile has imposed sanctions on Peru several times in recent years.") == []


def test_guerrillas_are_an_armed_class_of_their_demonym() -> None:
    events = explain("Peruvian guerrillas attacked a Chilean border post on Monday.", date=TUESDAY).events
    assert any(e.source.code == "PERREB" for e in events), [(e.source.code, e.cameo_code) for e in events]


def test_an_organisations_office_before_a_name_is_the_persons_office() -> None:
    explanation = explain("U.N. Secretary-General Jane Roe said on Monday that she will withdraw the weapons "
                          "inspectors from Chile.", date=TUESDAY)
    person = next(a for a in explanation.actors() if a["text"] == "Jane Roe")
    assert person["code"] == "IGOUNO" and person["rule"] == "person name: the office before it"
    # ("she" is the Secretary-General: the withdrawal she announces is the UN's)
    assert any(e.source.code == "IGOUNO" and e.target is not None and e.target.country == "CHL"
               for e in explanation.events)


@pytest.mark.parametrize(
    "text",
    [
        "A first contingent of Peruvian peacekeepers arrived in Chile on Monday.",
        "Peruvian peacekeeping troops landed in Chile on Monday ahead of the vote.",
    ],
)
def test_peacekeepers_arriving_are_peacekeeping_provided(text: str) -> None:
    # (verbs.yaml peacekeepers-arrive: CAMEO 074, PLOVER AID, not a visit, 042)
    assert ("PER", "CHL", "074") in coded(text)


def test_a_delegation_arriving_is_still_a_visit() -> None:
    assert ("PER", "CHL", "042") in coded("A Peruvian trade delegation arrived in Chile on Monday.")


def test_an_arrest_with_no_arrester_named_is_the_states_of_the_place() -> None:
    # (source fallback "detaining-state": not whoever reports it, and only a place the clause names)
    events = explain("A Peruvian aid worker was detained in Chile on Monday, the foreign ministry in Lima said.",
                     date=TUESDAY).event_rows()
    assert events and all(e["source"].endswith("(CHLGOV)") and "(PER" in e["target"] and e["cameo"] == "173"
                          for e in events), events
    assert coded("The two suspects were arrested after a long chase, police said on Tuesday.") == []


def test_a_two_word_country_right_after_a_dateline_stays_one_name() -> None:
    # ("SEOUL - North Korea ...": the parser made "North" a sentence of its own, and North Korea was lost)
    assert ("PRK", "-", "150") in coded("SEOUL - North Korea fired a missile into the sea on Tuesday.")


def test_what_a_speaker_says_another_must_do_is_not_its_act() -> None:
    # what Peru and Bolivia "must" do is not their act; the duty is the speaker's demand of them (speech
    # rule "obligation", the convention of the VOA gold and of PLOVER's GSR)
    events = coded("Chile's president said on Monday that Peru and Bolivia must reach an agreement soon.")
    assert events and all(source == "CHL" and code == "100" for source, _, code in events), events
    # (a demand stated with "insisted" or "declared" stays one: verbs.yaml say-must)
    assert ("CHL", "PER", "100") in coded("Chile declared on Monday that Peru must reopen the border.")


def test_members_of_a_national_body_act_for_it() -> None:
    assert ("PER", "CHL", "040") in coded("Members of the Peruvian parliament met Chilean officials in Santiago on "
                                          "Monday.")
    # (members of an international body are its member states, not the body: no event for the EU here)
    assert all(s != "IGOEUREEC" for s, _, _ in coded("Members of the European Union met Chilean officials on "
                                                     "Monday."))


def test_ethnic_people_are_of_the_country_the_sentence_places_them_in() -> None:
    # (references.yaml people_markers: "ethnic Peruvian rebels" in Chile are Chile's; with no place, as before)
    events = coded("Ethnic Peruvian rebels attacked a police station in northern Chile on Monday, killing two officers.")
    assert events and all(s == "CHL" for s, _, _ in events), events
    rows = explain("Ethnic Peruvians in northern Chile rallied against the new language law on Monday.",
                   date=TUESDAY).actors()
    assert any(a["code"] == "CHLCVL" and a["rule"] == "people: the place they are in" for a in rows), rows
