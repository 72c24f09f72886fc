"""Kinds of sentence the PLOVER GSR train half showed the coder missing (helper gsr-type, issue 11):
a threat made on a condition is aimed at the condition's doer (fallback "condition-party"); an act a
reporting verb such as "confirmed" announces is an intent or threat; "in response to recent ..." is a
reason, not background; a curfew, emergency or martial law with no place is a measure at home (fallback
"home-measure"). Sentences are our own (Chile and Peru, as in the other rule tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.explain import explain

TUESDAY = dt.date(2024, 5, 7)


def coded(text: str) -> list[tuple[str, str, str | None]]:
    """(source country, target country, PLOVER type) of every event of ``text``."""
    return [(e.source.country or e.source.code, (e.target.country or e.target.code) if e.target else "-",
             e.plover_type) for e in explain(text, date=TUESDAY).events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the head's own threat, on a condition: aimed at the condition's doer
        ("Chile threatened on Monday to leave the fisheries talks if Peru kept its new quotas.",
         ("CHL", "PER", "THREATEN")),
        # an act named under the threat, on a condition the act governs
        ("Chile warned on Monday that it would stop copper shipments if Peru raised its port fees.",
         ("CHL", "PER", "THREATEN")),
    ],
)
def test_a_threat_on_a_condition_is_aimed_at_the_conditions_doer(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text)


def test_a_condition_without_a_threat_still_refuses_the_act() -> None:
    # "if the talks fail, Chile will close its border" is only announced on a condition: no event
    assert coded("If the talks with Peru fail, Chile will close its border crossings.") == []


def test_an_act_confirmed_for_the_future_is_a_threat() -> None:
    assert ("CHL", "PER", "THREATEN") in coded(
        "Chile confirmed on Monday that it would impose sanctions on Peruvian fishing firms.")


def test_in_response_to_recent_events_is_a_reason_not_background() -> None:
    events = explain("The Chilean president announced on Monday that he will extend the curfew in Santiago "
                     "in response to recent riots.", date=TUESDAY).events
    assert [(e.source.country, e.target.country if e.target else None, e.plover_type) for e in events] \
        == [("CHL", "CHL", "THREATEN")]


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Chile's government imposed martial law on Monday after days of unrest.", "COERCE"),
        ("The Chilean government lifted the state of emergency on Monday.", "RETREAT"),
    ],
)
def test_an_emergency_measure_with_no_place_is_taken_at_home(text: str, plover: str) -> None:
    events = explain(text, date=TUESDAY).events
    assert [(e.source.country, e.target.country if e.target else None, e.target.sector if e.target else None,
             e.plover_type) for e in events] == [("CHL", "CHL", "CVL", plover)]
    assert "rules:home-measure" in events[0].dictionary_entries


def test_an_emergency_measure_placed_abroad_is_not_taken_at_home() -> None:
    # the place is in the relative clause: no target is guessed rather than Chile itself
    assert ("CHL", "CHL", "RETREAT") not in coded("Chile lifted the curfew it had imposed in the Peruvian town of Tacna.")


@pytest.mark.parametrize(
    ("text", "target_sector"),
    [
        (("Hundreds of Chilean nurses marched in Santiago on Monday to demand the resignation of the Chilean "
          "health minister."), "GOV"),
        (("Chilean miners began a hunger strike on Monday in protest against the Chilean government's new "
          "pension law."), "GOV"),
        ("Chilean students rallied on Monday calling for free tuition from the Chilean government.", "GOV"),
    ],
)
def test_a_protest_is_aimed_at_the_state_its_aim_names(text: str, target_sector: str) -> None:
    events = explain(text, date=TUESDAY).events
    assert [(e.source.country, e.target.country if e.target else None, e.target.sector if e.target else None,
             e.plover_type) for e in events] == [("CHL", "CHL", target_sector, "PROTEST")]
    assert "rules:protest-aim" in events[0].dictionary_entries


def test_a_protest_whose_aim_names_no_state_stays_untargeted() -> None:
    events = explain("Hundreds of Chilean pensioners marched in Santiago on Monday to protest rising food prices.",
                     date=TUESDAY).events
    assert [(e.source.country, e.target, e.plover_type) for e in events] == [("CHL", None, "PROTEST")]


def actors(text: str) -> dict[str, str]:
    """The text of every actor mention of ``text`` and its code."""
    return {a["text"]: a["code"] for a in explain(text, date=TUESDAY).actors()}


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        # people acting for a body named before them stand for the country and the body
        ("Peruvian rebel leaders met the envoy on Monday.", "Peruvian rebel leaders", "PERREB"),
        ("Chile expelled three Peruvian army officers on Monday.", "Peruvian army officers", "PERMIL"),
        ("The court charged 12 Chilean government officials with fraud.", "Chilean government officials", "CHLGOV"),
        # a people living outside its kin state belongs to the country it lives in
        ("Bosnian Serbs rejected the plan on Monday.", "Bosnian Serbs", "BIHCVL"),
        ("The Albanians of southern Serbia demanded autonomy from Serbian authorities.", "Albanians", "SRBCVL"),
        ("Serbian police arrested four ethnic Albanians in southern Serbia on Monday.", "Albanians", "SRBCVL"),
        # ... but a people named alone is still its country's
        ("Albanians protested in Tirana on Monday.", "Albanians", "ALB"),
    ],
)
def test_actor_shapes_of_the_gsr(text: str, mention: str, code: str) -> None:
    assert actors(text).get(mention) == code


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        # a title and name followed by "of COUNTRY" belong to that country
        ("King Felipe of Spain met the Chilean president on Monday.", "King Felipe", "ESPGOV"),
        # a body named after its leader is of the leader's country, not the sentence's
        ("The Biden administration criticised Chile on Monday.", "Biden administration", "USAGOV"),
    ],
)
def test_actors_named_through_a_country_or_a_leader(text: str, mention: str, code: str) -> None:
    assert actors(text).get(mention) == code


def test_a_body_named_after_an_unknown_leader_takes_no_country_from_the_sentence() -> None:
    assert "CHLGOV" not in actors("The Mwangi administration criticised Chile on Monday.").values()


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("Chile accused Kampuchean troops of shelling the camp.", "Kampuchean troops", "KHMMIL"),
        ("The Zairean government rejected Chile's offer.", "The Zairean government", "CODGOV"),
        ("President Houphouet-Boigny of the Ivory Coast met the Chilean envoy.", "President Houphouet-Boigny", "CIVGOV"),
    ],
)
def test_older_country_names_of_wire_copy(text: str, mention: str, code: str) -> None:
    assert actors(text).get(mention) == code


@pytest.mark.parametrize(
    "text",
    [
        "A roadside bombing killed three Chilean soldiers near Arica on Monday.",
        "Two Chilean police officers were killed by an explosive device outside Arica on Monday.",
    ],
)
def test_an_unattributed_bombing_is_an_attack_by_an_unidentified_force_where_it_struck(text: str) -> None:
    events = explain(text, date=TUESDAY).events
    assert [(e.source.country, e.source.sector, e.target.country if e.target else None, e.plover_type)
            for e in events] == [("CHL", "UAF", "CHL", "ASSAULT")]


def test_a_vowed_act_takes_its_party_from_its_object_phrase() -> None:
    # the act is words once vowed (a threat), so its party may be named inside its object: "cooperation with Peru"
    assert ("CHL", "PER", "THREATEN") in coded("Chile's government vowed to end its military cooperation with Peru.")
