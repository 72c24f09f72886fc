"""Coding pass 2: agreements each way, diplomatic ruptures, vows, attacks told as nouns, where attacks
land and when background deeds happened. Every sentence here is our own."""

from __future__ import annotations

import datetime as dt

from tacitus.explain import Explanation, explain
from tacitus.records import Event

TUESDAY = dt.date(2023, 5, 16)
SATURDAY = dt.date(2020, 1, 4)


def code(text: str, *, date: dt.date = TUESDAY, dateline_place: str | None = None) -> Explanation:
    return explain(text, date=date, dateline_place=dateline_place)


def dyads(events: list[Event], code: str | None = None) -> list[tuple[str, str, str]]:
    """(source country, target country, CAMEO code) of each event, optionally of one code only."""
    return sorted((e.source.country or e.source.code, (e.target.country or e.target.code) if e.target else "",
                   e.cameo_code) for e in events if code is None or e.cameo_code == code)


def reasons(explanation: Explanation) -> dict[str, str]:
    return {c["trigger"]: c["reason"] for c in explanation.candidates() if not c["coded"]}


# -- 1. symmetric events with several parties ---------------------------------------------------------


def test_two_countries_that_agree_each_agree_with_the_other() -> None:
    result = code("Chile and Peru agreed on Monday to reopen their border crossings.")
    assert dyads(result.events) == [("CHL", "PER", "030"), ("PER", "CHL", "030")]
    assert {e.plover_type for e in result.events} == {"AGREE"}


def test_the_two_presidents_agreeing_after_their_meeting_is_coded_both_ways_and_the_meeting_once() -> None:
    result = code("Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan in Arusha on Monday. "
                  "The two presidents agreed to build a railway between their capitals.")
    assert dyads(result.events, "030") == [("KEN", "TZA", "030"), ("TZA", "KEN", "030")]
    assert len(dyads(result.events, "040")) == 1


def test_a_joint_statement_and_a_signing_by_they_after_a_meeting_are_coded_both_ways() -> None:
    result = code("Kenyan President William Ruto met Ugandan President Yoweri Museveni in Nairobi on Monday. "
                  "The two sides issued a joint statement on trade. They also signed three agreements.")
    assert dyads(result.events, "030") == [("KEN", "UGA", "030"), ("UGA", "KEN", "030")]
    assert dyads(result.events, "057") == [("KEN", "UGA", "057"), ("UGA", "KEN", "057")]
    assert len(dyads(result.events, "040")) == 1


def test_agreeing_that_someone_will_visit_is_intent_to_meet_not_a_visit_and_not_an_agreement_with_the_host() -> None:
    result = code("U.S. President Joe Biden held talks with Chinese President Xi Jinping on Monday. "
                  "They agreed that Blinken would visit China.")
    assert dyads(result.events, "030") == [("CHN", "USA", "030"), ("USA", "CHN", "030")]
    assert not dyads(result.events, "042")
    assert ("USA", "CHN", "036") in dyads(result.events)


def test_a_joint_drill_of_three_navies_is_cooperation_between_every_two_of_them() -> None:
    result = code("Warships from Egypt, Greece and Cyprus began a joint naval exercise in the Mediterranean on Monday.")
    pairs = dyads(result.events, "062")
    assert pairs == sorted((a, b, "062") for a in ("CYP", "EGY", "GRC") for b in ("CYP", "EGY", "GRC") if a != b)
    assert {e.plover_type for e in result.events} == {"COOPERATE"}


def test_signing_with_a_named_partner_is_a_signing_by_both() -> None:
    result = code("Hungarian Prime Minister Viktor Orban signed an energy agreement with Serbian President "
                  "Aleksandar Vucic on Monday.")
    assert dyads(result.events, "057") == [("HUN", "SRB", "057"), ("SRB", "HUN", "057")]


def test_restoring_ties_with_a_partner_is_one_sides_step() -> None:
    result = code("Kuwait restored full diplomatic ties with Libya on Monday.")
    assert dyads(result.events) == [("KWT", "LBY", "050")]


def test_agreeing_to_a_ceasefire_is_intent_to_de_escalate_each_way() -> None:
    result = code("Armenia and Azerbaijan agreed to a ceasefire on Monday.")
    assert dyads(result.events) == [("ARM", "AZE", "0356"), ("AZE", "ARM", "0356")]  # the codebook's own example
    assert {e.plover_type for e in result.events} == {"AGREE"}


# -- 2. verb classes ------------------------------------------------------------------------------------


def test_recalling_an_ambassador_reduces_relations_toward_the_country_named_by_its_capital() -> None:
    result = code("Colombia recalled its ambassador from Caracas on Monday.")
    [event] = result.events
    assert (event.source.country, event.target.country, event.cameo_code, event.plover_type) == (
        "COL", "VEN", "161", "SANCTION")  # type: ignore[union-attr]


def test_expelling_an_ambassador_is_161_not_the_deportation_of_a_person() -> None:
    result = code("Peru expelled the Mexican ambassador on Monday.")
    assert dyads(result.events) == [("PER", "MEX", "161")]


def test_ordering_diplomats_out_and_closing_a_consulate_reduce_relations() -> None:
    ordered = code("Poland ordered 45 Russian diplomats to leave the country on Monday.")
    closed = code("Poland closed Russia's consulate in Gdansk on Monday.")
    assert dyads(ordered.events) == [("POL", "RUS", "161")]
    assert dyads(closed.events) == [("POL", "RUS", "161")]


def test_barring_an_ambassador_or_refusing_him_entry_reduces_relations() -> None:
    barred = code("Mali barred the French ambassador from returning to Bamako on Monday.")
    assert dyads(barred.events) == [("MLI", "FRA", "161")]


def test_cancelling_a_visit_reduces_relations_and_is_no_visit() -> None:
    result = code("Israeli Prime Minister Benjamin Netanyahu cancelled a planned visit to Washington on Monday.")
    assert dyads(result.events) == [("ISR", "USA", "161")]


def test_a_vow_of_revenge_for_a_killing_threatens_the_killer() -> None:
    result = code("An Israeli drone strike killed a Hamas commander in Gaza on Monday. "
                  "Iran's supreme leader vowed revenge for the killing.")
    [threat] = [e for e in result.events if e.plover_type == "THREATEN"]
    assert (threat.source.country, threat.target.country, threat.cameo_code) == ("IRN", "ISR", "130")  # type: ignore[union-attr]
    assert not [e for e in result.events if e.cameo_code == "030"]  # a vow of revenge is no promise to cooperate


def test_a_vow_to_respond_is_aimed_at_whoever_last_acted_against_the_speaker() -> None:
    result = code("Canada expelled a Chinese diplomat on Monday. China's foreign ministry called it a provocation "
                  "and vowed to respond.")
    assert ("CHN", "CAN", "130") in dyads(result.events)


def test_thanks_in_a_relative_clause_come_from_the_noun_the_clause_describes() -> None:
    result = code("Kenya's president, who thanked Japan for its help, left Tokyo on Monday.")
    assert dyads(result.events) == [("KEN", "JPN", "051")]


def test_a_state_urging_its_own_citizens_is_not_an_event_between_states() -> None:
    result = code("The U.S. State Department urged American citizens to leave Haiti on Monday.")
    assert not [e for e in result.events if e.target is not None and e.target.country == e.source.country]


def test_a_deed_on_a_group_of_ones_own_people_is_a_domestic_event() -> None:
    result = code("Kenyan police seized weapons from Kenyan armed groups on Monday.")
    assert [(e.source.country, e.target.country) for e in result.events] == [("KEN", "KEN")]  # type: ignore[union-attr]


def test_two_sectors_of_one_country_are_a_domestic_event() -> None:
    result = code("Kenyan opposition leader Raila Odinga criticized the Kenyan government on Monday.")
    assert [(e.source.sector, e.target.sector) for e in result.events if e.target is not None] == [("OPP", "GOV")]


def test_agreeing_to_freeze_assets_is_a_sanction_not_an_agreement() -> None:
    result = code("European Union ministers agreed on Friday to freeze the assets of Belarusian President "
                  "Alexander Lukashenko.")
    assert [e.cameo_code for e in result.events] == ["163"]
    assert result.events[0].plover_type == "COERCE"


def test_suspending_imports_from_a_country_is_an_embargo() -> None:
    result = code("China suspended imports of Lithuanian beef on Monday.")
    assert dyads(result.events) == [("CHN", "LTU", "163")]


def test_an_attack_in_a_condition_is_not_an_event() -> None:
    result = code("Ghana warned on Monday that it would respond firmly if Togo attacked its border posts.")
    assert not [e for e in result.events if e.plover_type == "ASSAULT"]


def test_the_last_word_of_a_korean_name_is_not_the_united_nations() -> None:
    result = code("North Korean leader Kim Jong Un criticized South Korea on Monday.")
    assert dyads(result.events) == [("PRK", "KOR", "111")]


def test_arriving_in_a_city_the_gazetteer_knows_is_a_visit_to_its_country() -> None:
    result = code("Chinese President Xi Jinping arrived in Samarkand on Monday.")
    assert dyads(result.events) == [("CHN", "UZB", "042")]


def test_drills_around_another_country_are_a_show_of_force_and_drills_with_a_partner_cooperation() -> None:
    around = code("China announced live-fire military drills around Taiwan on Monday.")
    together = code("Japan held a naval exercise with India on Monday.")
    assert [(e.source.country, e.target.country, e.plover_type) for e in around.events] == [  # type: ignore[union-attr]
        ("CHN", "TWN", "MOBILIZE")]
    assert dyads(together.events) == [("IND", "JPN", "062"), ("JPN", "IND", "062")]


def test_a_korean_leader_is_named_again_by_his_family_name_which_comes_first() -> None:
    result = code("North Korean leader Kim Jong Un met Russian President Vladimir Putin on Monday. "
                  "Kim invited Putin to visit Pyongyang.")
    assert ("PRK", "RUS", "036") in dyads(result.events)


# -- 3. attacks told as nouns -------------------------------------------------------------------------


def test_an_attack_noun_takes_its_doer_from_the_demonym_and_its_target_from_on() -> None:
    result = code("Pakistan condemned an Iranian missile and drone attack on targets in its Balochistan province "
                  "on Monday.")
    assert ("IRN", "PAK", "195") in dyads(result.events)
    assert ("PAK", "IRN", "111") in dyads(result.events)
    [attack] = [e for e in result.events if e.plover_type == "ASSAULT"]
    assert attack.date == dt.date(2023, 5, 15)


def test_a_possessive_names_who_struck() -> None:
    result = code("Israel's strikes on Hezbollah positions in Lebanon killed ten people on Monday.")
    [attack] = [e for e in result.events if e.plover_type == "ASSAULT"]
    assert (attack.source.country, attack.target.country) == ("ISR", "LBN")  # type: ignore[union-attr]
    assert attack.place is not None and attack.place.name == "Lebanon"


def test_a_possessive_deed_is_coded_when_first_denounced_not_when_merely_talked_about() -> None:
    denounced = code("Iraq condemned Iran's missile attack on Erbil on Monday.")
    talked_about = code("Iran's foreign ministry said Israel's attack on its consulate was a violation of the law.")
    assert ("IRN", "IRQ", "195") in dyads(denounced.events)
    assert not [e for e in talked_about.events if e.plover_type == "ASSAULT"]


def test_a_strike_that_its_verb_tells_is_coded_once_from_the_verb() -> None:
    result = code("A U.S. drone strike killed an Iranian general in Baghdad on Monday.")
    assert [(e.source.country, e.target.country) for e in result.events] == [("USA", "IRN")]  # type: ignore[union-attr]


def test_a_strike_referred_back_to_without_a_day_is_not_coded_again() -> None:
    result = code("Iran fired missiles at Israel on Saturday in retaliation for the strike on its consulate.",
                  date=dt.date(2024, 4, 14))
    assert dyads(result.events) == [("IRN", "ISR", "195")]


def test_a_background_strike_with_a_week_but_no_day_is_not_dated_to_the_story() -> None:
    result = code("Iran fired missiles at Israel on Saturday, after the U.S. strike that killed its general last "
                  "week.", date=dt.date(2024, 4, 14))
    assert all(e.source.country == "IRN" for e in result.events)


# -- 4. where an attack landed ------------------------------------------------------------------------


def test_an_attack_is_placed_where_it_struck_not_in_the_dateline_city() -> None:
    result = code("U.S. warplanes struck militia bases in western Iraq on Sunday.", dateline_place="Washington")
    [attack] = [e for e in result.events if e.plover_type == "ASSAULT"]
    assert attack.place is not None and (attack.place.name, attack.place.country) == ("Iraq", "IRQ")


def test_a_meeting_keeps_the_dateline_city() -> None:
    result = code("Kenyan President William Ruto met Ugandan President Yoweri Museveni on Monday.",
                  dateline_place="Nairobi")
    [meeting] = result.events
    assert meeting.place is not None and meeting.place.name == "Nairobi"


# -- 5. dates of deeds told in other clauses -----------------------------------------------------------


def test_a_day_after_counts_back_from_the_main_clause() -> None:
    result = code("President Donald Trump threatened Iran on Saturday. The warning came a day after a U.S. drone "
                  "strike killed an Iranian general in Baghdad.", date=SATURDAY)
    [attack] = [e for e in result.events if e.plover_type == "ASSAULT"]
    assert attack.date == dt.date(2020, 1, 3)


def test_two_days_after_the_strike_counts_from_the_strike() -> None:
    result = code("Iran fired missiles at targets in Pakistan on Tuesday. Pakistan struck militant hideouts in Iran "
                  "two days after the strike.", date=dt.date(2024, 1, 19))
    retaliation = [e for e in result.events if e.source.country == "PAK" and e.plover_type == "ASSAULT"]
    assert [e.date for e in retaliation] == [dt.date(2024, 1, 18)]


def test_a_clause_of_when_takes_the_day_of_the_clause_it_explains() -> None:
    result = code("Mourners buried fighters who were killed on Sunday when U.S. warplanes struck militia bases in "
                  "western Iraq.\n\nThe crowd then marched on the embassy.")
    [attack] = [e for e in result.events if e.plover_type == "ASSAULT"]
    assert attack.date == dt.date(2023, 5, 14)


def test_a_date_before_a_noun_dates_that_noun_not_the_verb() -> None:
    result = code("Britain blamed Moscow on Monday for the March 4 nerve agent attack on a former spy.",
                  date=dt.date(2018, 3, 26))
    [blame] = [e for e in result.events if e.plover_type == "ACCUSE"]
    assert blame.date == dt.date(2018, 3, 26)


def test_a_background_strike_with_its_own_day_is_coded_on_that_day_where_it_struck() -> None:
    result = code("Iran said its missiles were punishment for an April 1 Israeli air strike on its embassy "
                  "compound in Damascus.", date=dt.date(2024, 4, 14))
    [strike] = [e for e in result.events if e.plover_type == "ASSAULT"]
    assert (strike.source.country, strike.date) == ("ISR", dt.date(2024, 4, 1))
    assert strike.place is not None and strike.place.name == "Damascus"


def test_a_lead_without_a_date_takes_the_day_the_story_gives_not_the_datelines() -> None:
    result = code("RIYADH, May 16 (Reuters) -- Bahrain has expelled Qatar's ambassador.\n\n"
                  "The foreign ministry announced the decision late on Sunday.")
    [expulsion] = result.events
    assert (expulsion.cameo_code, expulsion.date) == ("161", dt.date(2023, 5, 14))
