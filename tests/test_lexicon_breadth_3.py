"""Recall on kinds of real news the coder missed (issue 11, lexicon-3): a demonym owning a deed of armed
force as the doer of a killing ("Israeli airstrikes killed ..."), retaliation with force, declaring and
violating a ceasefire, coordinated demonyms sharing one noun, and the source and target frames the CAMEO
codebook's examples showed missing. Each case is one sentence of our own words that a user would expect
coded that way; the negative cases are near misses that must stay uncoded."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.article import make_article
from tacitus.pipeline import extract
from tacitus.records import Event

WEDNESDAY = dt.date(2024, 3, 6)


def events(text: str) -> list[Event]:
    [result] = list(extract([make_article("", text, WEDNESDAY, origin="breadth-3")]))
    return list(result.events)


def dyads(text: str) -> set[tuple[str | None, str | None, str]]:
    """(source country, target country, CAMEO root) of every event coded from ``text``."""
    return {(e.source.country, e.target.country if e.target else None, e.cameo_code[:2]) for e in events(text)}


@pytest.mark.parametrize(("text", "expected"), [
    # a bare demonym and a noun of armed force: the country's military did it
    ("Israeli airstrikes killed at least nine people in Rafah on Tuesday, medics said.", ("ISR", "PSE", "19")),
    ("Syrian airstrikes killed five fighters in Idlib on Monday.", ("SYR", "SYR", "19")),
    ("Russian shelling wounded four civilians in Kharkiv on Tuesday.", ("RUS", "UKR", "19")),
    ("Saudi-led coalition airstrikes killed 12 civilians in the Yemeni city of Taiz on Thursday.", ("SAU", "YEM", "19")),
    # retaliation by force
    ("Iran retaliated against Israel on Saturday with a wave of drones.", ("IRN", "ISR", "19")),
    # ceasefires: declared (0871), violated (196), also when spaCy splits "cease-fire"
    ("Azerbaijan declared a ceasefire with Armenia on Monday.", ("AZE", "ARM", "08")),
    ("Armenian troops violated the cease-fire with Azerbaijan on Monday.", ("ARM", "AZE", "19")),
    # one noun shared by two demonyms: both countries act
    ("U.S. and British warplanes struck Houthi targets in Yemen on Thursday.", ("USA", "YEM", "19")),
    ("U.S. and British warplanes struck Houthi targets in Yemen on Thursday.", ("GBR", "YEM", "19")),
    # "called on X to ...", parsed with a bare "on" and X as the object
    ("Kenyan lawmakers called on Interior Minister Kithure Kindiki to resign on Monday.", ("KEN", "KEN", "02")),
    # a compound event noun finds its target on the noun it modifies
    ("Qatar undertook a mediation mission between Israel and Hamas on Monday.", ("QAT", "ISR", "04")),
    # a state's repression of its own country
    ("Turkish authorities imposed a curfew in the town of Cizre in southeastern Turkey on Monday.",
     ("TUR", "TUR", "17")),
    # a demand of another sector of the same country
    ("Opposition groups in Zimbabwe demanded that President Mnangagwa resign on Monday.", ("ZWE", "ZWE", "10")),
    # crowds named as people or youths protest
    ("Thousands of people blocked roads in Dhaka on Monday to protest against fuel prices.", ("BGD", None, "14")),
    # an exchange of fire: the subject fires on the other side (193 gunfire, 194 artillery)
    ("Pakistani troops exchanged gunfire with Afghan border guards on Tuesday.", ("PAK", "AFG", "19")),
    ("Indian and Pakistani troops traded artillery fire across the border on Sunday.", ("IND", "PAK", "19")),
    ("Indian and Pakistani troops traded artillery fire across the border on Sunday.", ("PAK", "IND", "19")),
    ("Czechia and Albania upgraded their diplomatic ties on Wednesday.", ("CZE", "ALB", "05")),
    ("Czechia and Albania upgraded their diplomatic ties on Wednesday.", ("ALB", "CZE", "05")),
])
def test_codes_the_missed_kind(text: str, expected: tuple[str, str | None, str]) -> None:
    found = dyads(text)
    if expected[1] is None:
        assert any((s, r) == (expected[0], expected[2]) for s, _, r in found), found
    else:
        assert expected in found, found


def test_the_deed_noun_gives_the_military_as_source() -> None:
    [event] = [e for e in events("Israeli airstrikes killed at least nine people in Rafah on Tuesday.")
               if e.cameo_code.startswith("19")]
    assert (event.source.country, event.source.sector) == ("ISR", "MIL")


@pytest.mark.parametrize("text", [
    # a retaliation by other means is no attack
    "Russia retaliated against Britain on Monday by expelling two diplomats.",
    # a participle describing a noun with no object of its own stays a description
    "Israeli airstrikes reported by medics on Tuesday drew condemnation.",
    # a demonym before a noun that is no deed of force makes no military actor
    "Israeli elections drew a record turnout on Tuesday.",
    # an exchange of views or of prisoners is no fighting
    "The Indian and Pakistani ministers exchanged views on border security on Sunday.",
])
def test_near_misses_stay_uncoded_as_force(text: str) -> None:
    assert not any(e.cameo_code.startswith(("18", "19")) for e in events(text))


def test_a_when_clause_with_its_year_is_background() -> None:
    text = "Czechia and Albania upgraded their relations when the Czech president visited Tirana in March 2016."
    assert not any(e.cameo_code == "050" for e in events(text))
