"""Sectors and countries that depend on the story: a group whose role changed, a country that only names a
border. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from tacitus.explain import explain


def codes(text: str, day: dt.date) -> dict[str, str]:
    return {row["text"]: row["code"] for row in explain(text, date=day).actors()}


def events(text: str, day: dt.date) -> list[tuple[str, str, str]]:
    coding = explain(text, date=day).coding
    return [(e.source.code, e.target.code if e.target else "", e.plover_type) for e in coding.result.events]


def test_the_taliban_are_insurgents_before_august_2021_and_the_government_after() -> None:
    text = "The Taliban attacked a checkpoint in Kandahar province."
    assert codes(text, dt.date(2020, 6, 1))["The Taliban"] == "AFGREB"
    assert codes(text, dt.date(2023, 6, 1))["The Taliban"] == "AFGGOV"


def test_an_officer_of_the_taliban_takes_the_sector_of_the_day() -> None:
    text = "Taliban spokesman Qari Nasrullah Wardak denied the report on Monday."
    found = {p.name: p.sector for p in explain(text, date=dt.date(2019, 3, 4)).coding.actors.persons}
    assert found["Qari Nasrullah Wardak"] == "REB"


def test_officials_accusing_the_insurgent_taliban_make_an_event() -> None:
    # with the 2021 sector, both sides would be AFG GOV: a country acting on itself, no event
    found = events("Afghan officials accused the Taliban of planning the bombing of a market on Sunday.",
                   dt.date(2020, 10, 12))
    assert ("AFGGOV", "AFGREB", "ACCUSE") in found


def test_a_country_that_only_names_a_border_is_neither_actor_nor_the_rebels_country() -> None:
    text = ("Rebels attacked six villages in the north-west of the C.A.R. near the Cameroon border on Tuesday.")
    found = codes(text, dt.date(2024, 7, 5))
    assert "Cameroon" not in found
    assert found["Rebels"] == "CAFREB"
    assert found["C.A.R."] == "CAF"


def test_a_demonym_before_frontier_is_no_country_of_the_sentence() -> None:
    found = codes("Gunmen ambushed a convoy close to the Afghan frontier in Pakistan on Friday.", dt.date(2024, 7, 5))
    assert found["Gunmen"] == "PAKREB"


def test_a_country_border_inside_a_longer_name_is_not_dropped() -> None:
    # "Border" heads nothing here: "Pakistan" names the force's country
    found = codes("The Pakistan Border Police arrested two smugglers on Friday.", dt.date(2024, 7, 5))
    assert any(code.startswith("PAK") for code in found.values())


def persons(text: str) -> dict[str, tuple[str | None, str | None]]:
    return {p.name: (p.country, p.sector) for p in explain(text, date=dt.date(2025, 3, 13)).coding.actors.persons}


def test_foreign_ministers_and_their_spokespeople_are_government_ambassadors_diplomats() -> None:
    found = persons("Ghanaian Foreign Minister Ama Owusu met Norwegian Ambassador Lars Berg in Accra. "
                    "Foreign ministry spokesperson Kojo Asante said the talks went well.")
    assert found["Ama Owusu"] == ("GHA", "GOV")
    assert found["Lars Berg"] == ("NOR", "DIP")


def test_the_ministry_named_right_before_an_ambassador_gives_him_its_country() -> None:
    text = ("Kenya's president spoke on Monday. On Tuesday, the spokesperson for Kenya's Ministry of Foreign Affairs, "
            "Ambassador Otieno Wafula, and the interior minister repeated the government's stance.")
    assert persons(text)["Otieno Wafula"] == ("KEN", "DIP")


def test_a_spokesperson_never_recalls_the_prime_minister() -> None:
    text = ("Iraqi Prime Minister Ali Haidari toured the flooded areas on Monday. "
            "On Tuesday, the spokesperson for Iraq's Ministry of Foreign Affairs, Ambassador Sami Karim, and "
            "the trade minister repeated the government's position.")
    found = {row["text"]: row["rule"] for row in explain(text, date=dt.date(2025, 3, 13)).actors()}
    assert found.get("the spokesperson for Iraq's Ministry of Foreign Affairs") != "coreference:title"


def test_the_top_diplomat_recalls_the_foreign_minister() -> None:
    text = ("Chilean Foreign Minister Rosa Fuentes held talks with Peru's president on Monday. "
            "The top Chilean diplomat later criticized the blockade.")
    found = {row["text"]: (row["code"], row["rule"]) for row in explain(text, date=dt.date(2025, 3, 13)).actors()}
    assert found["The top Chilean diplomat"] == ("CHLGOV", "coreference:title")


def test_a_title_owned_by_a_person_with_a_name_in_apposition_is_that_named_person() -> None:
    text = ("Chilean President Rosa Fuentes’s special envoy, Tomas Vidal, met Peruvian President Luis Paredes "
            "on Thursday.")
    coding = explain(text, date=dt.date(2025, 3, 14)).coding
    found = {p.name: (p.country, p.sector) for p in coding.actors.persons}
    assert found["Tomas Vidal"] == ("CHL", "DIP")
    assert [e.source.name for e in coding.result.events] == ["Tomas Vidal"]


def test_a_name_after_the_role_s_prepositional_phrase_is_the_role_holder() -> None:
    text = ("Kenya's permanent representative to the United Nations, Achieng Otieno, said Monday the mission "
            "would stay. Later the Kenyan envoy thanked donors.")
    found = {row["text"]: row["code"] for row in explain(text, date=dt.date(2025, 3, 14)).actors()}
    assert found["Achieng Otieno"] == "KENDIP"
    assert found["the Kenyan envoy"] == "KENDIP"
    assert persons(text)["Achieng Otieno"] == ("KEN", "DIP")


def test_a_known_leader_of_the_taliban_is_an_insurgent_before_august_2021() -> None:
    text = "Hibatullah Akhundzada praised the talks on Sunday."
    before = {p.name: p.sector for p in explain(text, date=dt.date(2020, 5, 24)).coding.actors.persons}
    after = {p.name: p.sector for p in explain(text, date=dt.date(2023, 5, 24)).coding.actors.persons}
    assert (before["Hibatullah Akhundzada"], after["Hibatullah Akhundzada"]) == ("REB", "GOV")


def test_a_country_s_envoy_to_the_un_is_its_diplomat_and_its_capital_s_envoy_recalls_him() -> None:
    text = ("\"The sanctions must stay,\" Mark Hale, U.S. deputy U.N. ambassador, told reporters on Friday. "
            "Washington's envoy also urged Beijing to act.")
    found = {row["text"]: (row["code"], row["rule"]) for row in explain(text, date=dt.date(2024, 6, 28)).actors()}
    assert found["Mark Hale"][0] == "USADIP"
    assert found["Washington's envoy"] == ("USADIP", "coreference:title")


def test_a_specific_title_does_not_recall_a_minister_of_another_office() -> None:
    text = ("Chilean Foreign Minister Rosa Fuentes spoke first. The Chilean defense minister stayed silent. "
            "Chile's foreign minister later left.")
    found = {row["text"]: (row["code"], row["rule"]) for row in explain(text, date=dt.date(2024, 6, 28)).actors()}
    assert found["The Chilean defense minister"] == ("CHLMIL", "country+sector")
    assert found["Chile's foreign minister"] == ("CHLGOV", "coreference:title")


def test_a_person_who_heads_a_national_body_is_of_its_country_and_sector() -> None:
    text = "Lena Brandt, who heads Norway's coast guard, warned Russia on Monday. Brandt said the patrols would go on."
    coding = explain(text, date=dt.date(2024, 5, 9)).coding
    assert {p.name: (p.country, p.sector) for p in coding.actors.persons}["Lena Brandt"] == ("NOR", "MIL")
    assert ("NORMIL", "RUS", "THREATEN") in [(e.source.code, e.target.code if e.target else "", e.plover_type)
                                              for e in coding.result.events]


def test_a_person_who_visits_a_country_does_not_take_it() -> None:
    text = "Lena Brandt, who visited Norway's coast guard last year, warned Russia on Monday."
    found = {p.name: p.country for p in explain(text, date=dt.date(2024, 5, 9)).coding.actors.persons}
    assert found["Lena Brandt"] != "NOR"


def test_officials_police_and_courts_in_a_capital_or_country_belong_to_it() -> None:
    day = dt.date(2020, 10, 12)
    assert ("AFGGOV", "AFGREB", "ACCUSE") in events(
        "Officials in Kabul accused the Taliban of planning the bombing of a market.", day
    )
    assert codes("The authorities in Beijing criticized Japan over the visit.", day)[
        "The authorities in Beijing"
    ] == "CHNGOV"
    assert ("KENCOP", "UGAMED", "COERCE") in events("Police in Kenya arrested two Ugandan journalists.", day)
    assert codes("A court in Pakistan sentenced an Indian fisherman to prison.", day)["A court in Pakistan"] == "PAKJUD"


def test_diplomats_and_troops_in_a_country_are_not_taken_for_its_own() -> None:
    day = dt.date(2023, 10, 12)
    found = codes("Diplomats in Kabul met Taliban leaders on Monday.", day)
    assert not any(code.startswith("AFGDIP") for code in found.values())
    troops = codes("U.S. troops in Syria intercepted a drone.", day)
    assert "USAMIL" in troops.values()
    assert "SYRMIL" not in troops.values()
