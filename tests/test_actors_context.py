"""Actors the article states only through context: hyphenated places, roles of international bodies,
officials named by title alone, classes of people. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from tacitus.explain import explain

DAY = dt.date(2025, 3, 14)


def mentions(text: str) -> list[tuple[str, str, str]]:
    """(text, actor code, rule) of every mention, in order."""
    return [(row["text"], row["code"], row["rule"]) for row in explain(text, date=DAY).actors()]


def codes(text: str) -> dict[str, str]:
    return {mention: code for mention, code, _ in mentions(text)}


def persons(text: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    coding = explain(text, date=DAY).coding
    return {p.name: (p.country or p.code, p.sector, p.title) for p in coding.actors.persons}


def test_a_country_before_controlled_or_based_is_no_actor() -> None:
    found = codes("The speaker of the Croat-controlled canton condemned the arrests. "
                  "A Norway-based rights group said Bosnian police held six men.")
    assert "Croat" not in found and "Norway" not in found
    assert found["Bosnian police"] == "BIHCOP"


def test_a_country_before_led_still_leads() -> None:
    assert codes("A Saudi-led coalition struck a port on Monday.").get("Saudi") == "SAU"


def test_a_hyphenated_family_name_keeps_its_hyphen() -> None:
    assert "Karim al-Masri" in persons("On Monday the court heard Karim al-Masri, a lawyer. Later Karim al-Masri left.")
