"""The broad lexicon of issue 11: verbs and event nouns for CAMEO codes the hand patterns lacked, built
from the CAMEO codebook's definitions and PETRARCH2's verb dictionary (the ``lexicon-2`` blocks of
``data/verbs.yaml``). Each case is one sentence of our own words that a user would expect coded with that
code; the negative cases are near misses that must stay uncoded."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.article import make_article
from tacitus.lexicon import builtin_list
from tacitus.pipeline import extract
from tacitus.records import Event

WEDNESDAY = dt.date(2024, 3, 6)
MONDAY = dt.date(2024, 3, 4)


def events(text: str) -> list[Event]:
    [result] = list(extract([make_article("", text, WEDNESDAY, origin="breadth")]))
    return list(result.events)


def codes(event: Event) -> tuple[str, str | None, str, str]:
    return (event.source.country or event.source.code, event.target.country if event.target else None,
            event.cameo_code, event.plover_type)


@pytest.mark.parametrize(("text", "expected"), [
    # 0: source country, target country (None: no target), CAMEO code, PLOVER type
    ("Iran expelled inspectors of the International Atomic Energy Agency on Monday.",
     ("IRN", None, "1662", "SANCTION")),
    ("Ethiopia expelled the staff of the UN refugee agency on Monday.", ("ETH", None, "1663", "SANCTION")),
    ("Kenyan police dispersed protesters in Nairobi on Monday.", ("KEN", "KEN", "175", "ASSAULT")),
    ("Turkish police blocked a rally by opposition supporters in Ankara on Monday.",
     ("TUR", "TUR", "1721", "COERCE")),
    ("The Thai army declared martial law in Bangkok on Monday.", ("THA", "THA", "1724", "COERCE")),
    ("Israeli forces demolished Palestinian homes in Hebron on Monday.", ("ISR", "PSE", "1712", "ASSAULT")),
    ("The World Food Programme suspended food deliveries to Somalia on Monday.",
     (None, "SOM", "1623", "SANCTION")),
    ("Israel imposed a blockade on Gaza on Monday.", ("ISR", "PSE", "191", "COERCE")),
    ("Russia violated the ceasefire with Ukraine on Monday.", ("RUS", "UKR", "196", "ASSAULT")),
    ("Russia shared nuclear expertise with Iran on Monday.", ("RUS", "IRN", "060", "COOPERATE")),
    ("Japan delivered 500 tons of food aid to Sudan on Monday.", ("JPN", "SDN", "073", "AID")),
    ("Indian soldiers wounded two Pakistani troops in Kashmir on Monday.", ("IND", "PAK", "190", "ASSAULT")),
    ("Syrian guards tortured Lebanese detainees on Monday.", ("SYR", "LBN", "1822", "ASSAULT")),
    ("Turkey renewed its appeal to Sweden on Monday to extradite the suspects.", ("TUR", "SWE", "020", "REQUEST")),
    ("Germany pressed Poland for a quick decision on Monday.", ("DEU", "POL", "020", "REQUEST")),
    ("The United States pressured Israel on Monday.", ("USA", "ISR", "100", "REQUEST")),
    ("North Korea defied the United Nations on Monday.", ("PRK", None, "128", "REJECT")),
    ("Hungary defied a ruling by the European Union on Monday.", ("HUN", None, "128", "REJECT")),
    ("Norway donated $20 million to Yemen on Monday.", ("NOR", "YEM", "070", "AID")),
    ("Iran allowed IAEA inspectors into the Fordow site on Monday.", ("IRN", None, "0862", "RETREAT")),
    ("Sudan accepted United Nations peacekeepers in Darfur on Monday.", ("SDN", None, "0861", "RETREAT")),
    ("Israel allowed aid trucks into Gaza on Monday.", ("ISR", "PSE", "0863", "RETREAT")),
    ("Nigerian teachers called off their strike on Monday.", ("NGA", None, "082", "CONCEDE")),
    ("The Sri Lankan army shortened the curfew in Colombo on Monday.", ("LKA", "LKA", "0813", "RETREAT")),
    ("Saudi Arabia reopened its embassy in Damascus on Monday.", ("SAU", "SYR", "050", "SUPPORT")),
    ("France declared on Monday that Iran must free the detained tourists.", ("FRA", "IRN", "100", "REQUEST")),
    ("Zambian President Hichilema reneged on his promise to Malawi on Monday.", ("ZMB", "MWI", "120", "REJECT")),
    ("Kenyan opposition leaders submitted a petition to the Kenyan parliament on Monday.",
     ("KEN", "KEN", "020", "REQUEST")),
    ("Egypt refused to send troops to Yemen on Monday.", ("EGY", "YEM", "120", "REJECT")),
    ("China vowed on Monday to impose tariffs on American goods.", ("CHN", "USA", "1312", "THREATEN")),
    ("The European Union on Monday began considering new sanctions against Belarus.",
     (None, "BLR", "1312", "THREATEN")),
    ("The Security Council agreed to extend the peacekeeping mission in Lebanon on Monday.",
     (None, "LBN", "030", "AGREE")),
])
def test_a_sentence_of_a_code_the_hand_patterns_lacked_is_coded_with_it(
        text: str, expected: tuple[str | None, str | None, str, str]) -> None:
    found = events(text)
    assert found, f"no event in {text!r}"
    event = found[0]
    source, target, cameo, plover = expected
    assert (event.cameo_code, event.plover_type) == (cameo, plover)
    if source is not None:
        assert event.source.country == source
    if target is not None:
        assert event.target is not None and event.target.country == target
    assert event.date == MONDAY


def test_an_aid_agency_suspending_deliveries_is_the_source() -> None:
    [event] = events("The World Food Programme suspended food deliveries to Somalia on Monday.")
    assert event.source.code.startswith("IGO")


def test_a_bombing_that_kills_is_a_bombing_not_plain_force() -> None:
    [event] = events("Taliban fighters killed four Afghan soldiers in a bomb attack on Monday.")
    assert (event.cameo_code, event.plover_type) == ("183", "ASSAULT")


def test_a_mediator_that_gives_up_halts_mediation_with_both_parties() -> None:
    found = events("Qatar ended its mediation between Israel and Hamas on Monday.")
    assert {e.cameo_code for e in found} == {"165"}
    assert {e.source.country for e in found} == {"QAT"}
    assert "ISR" in {e.target.country for e in found if e.target}


@pytest.mark.parametrize(("text", "code"), [
    ("The general called off the air strikes on Monday.", "082"),  # a military strike, not a labour one
    ("The U.S. ambassador said the United Nations must keep its sanctions.", "100"),  # a comment, not a demand
    ("The deal would violate U.N. sanctions, the Japanese minister said on Monday.", "128"),  # a charge, hypothetical
    ("Pakistani snipers killed the suicide bombers on Monday.", "183"),  # the bombers are the victims
    ("Nigeria went on high alert over the outbreak on Monday.", "152"),  # an epidemic, not a mobilisation
    ("The Israeli military declined to comment on Monday.", "120"),  # no comment is no refusal
])
def test_near_misses_of_the_new_frames_stay_uncoded(text: str, code: str) -> None:
    assert code not in {e.cameo_code for e in events(text)}


def test_every_new_frame_names_its_source_dictionary() -> None:
    """The lexicon-2 frames say where they came from (codebook:CODE or petrarch:NAME), which
    ``tacitus explain`` shows."""
    ids = {"expel-inspectors", "disperse-protest", "martial-law", "destroy-property", "say-must", "wound",
           "torture", "press-for", "renege", "donate", "allow-aid-in", "call-off-strike"}
    found = {p.id: p for p in builtin_list() if p.id in ids}
    assert set(found) == ids
    assert all(p.source.startswith(("codebook:", "petrarch:")) for p in found.values())
