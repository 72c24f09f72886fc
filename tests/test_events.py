"""Events: who did what to whom, read from the parse. Each test is one phenomenon, in our own sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.explain import Explanation, explain
from tacitus.records import Event

WEDNESDAY = dt.date(2023, 5, 17)


def code(text: str, *, date: dt.date = WEDNESDAY, dateline_place: str | None = None) -> Explanation:
    return explain(text, date=date, dateline_place=dateline_place)


def dyads(events: list[Event]) -> list[tuple[str, str, str]]:
    """(source country, target country, CAMEO code) of each event."""
    return [(e.source.country or e.source.code, (e.target.country or e.target.code) if e.target else "", e.cameo_code)
            for e in events]


def reasons(explanation: Explanation) -> dict[str, str]:
    return {c["trigger"]: c["reason"] for c in explanation.candidates() if not c["coded"]}


def test_meeting_with_titles_and_names_gives_a_consult_between_two_persons() -> None:
    result = code("Brazilian President Luiz Inacio Lula da Silva met with visiting German Chancellor Olaf Scholz on Monday.")
    [event] = [e for e in result.events if e.cameo_code == "040"]
    assert (event.source.name, event.source.country, event.source.sector) == ("Luiz Inacio Lula da Silva", "BRA", "GOV")
    assert (event.target.country, event.target.kind) == ("DEU", "person")
    assert event.plover_type == "CONSULT" and event.goldstein == 1.0 and event.quad_class == 1
    assert event.date == dt.date(2023, 5, 15)  # "on Monday" before a Wednesday dateline
    assert event.provenance.trigger == "met" and event.rule == "meet"
    assert any(entry.startswith("verbs.yaml:meet") for entry in event.dictionary_entries)


def test_visiting_minister_in_a_datelined_story_visits_the_dateline_country() -> None:
    result = code("Egyptian President Abdel Fattah al-Sisi received visiting Japanese Foreign Minister Yoko Kamikawa.",
                  dateline_place="Cairo")
    visits = [e for e in result.events if e.cameo_code == "042"]
    assert [(e.source.country, e.target.country if e.target else None) for e in visits] == [("JPN", "EGY")]


def test_coordinated_objects_give_one_event_each() -> None:
    result = code("The Turkish foreign minister held separate meetings with Greek Prime Minister Kyriakos Mitsotakis "
                  "and Bulgarian President Rumen Radev on Tuesday.")
    assert sorted(dyads(result.events)) == [("TUR", "BGR", "040"), ("TUR", "GRC", "040")]


def test_symmetric_subject_gives_one_meeting_between_the_two_parties() -> None:
    result = code("Kenya and Ethiopia held talks in Nairobi on Monday.")
    assert dyads(result.events) == [("KEN", "ETH", "040")]


def test_passive_takes_the_agent_as_source() -> None:
    result = code("The Qatari emir was received by Indonesian President Joko Widodo in Jakarta on Tuesday.")
    [event] = result.events
    assert (event.source.country, event.target.country) == ("IDN", "QAT")
    assert event.plover_type == "CONSULT"


def test_reported_speech_is_reported_and_the_speaker_speaks_for_his_country() -> None:
    result = code("Norway strongly supports Ukraine, Norwegian Prime Minister Jonas Gahr Store said on Monday.")
    [event] = result.events
    assert dyads([event]) == [("NOR", "UKR", "051")]
    assert event.modality == "reported"
    assert event.source.kind == "person" and event.source.sector == "GOV"


def test_negated_event_is_not_coded_and_explain_says_why() -> None:
    result = code("Argentine President Javier Milei did not meet Chinese President Xi Jinping on Tuesday.")
    assert result.events == []
    assert reasons(result)["meet"] == "negated"


def test_willingness_to_cooperate_is_intent_to_cooperate() -> None:
    result = code("Vietnam is willing to cooperate with Australia on maritime security, "
                  "Vietnamese Foreign Minister Bui Thanh Son said.")
    [event] = result.events
    assert dyads([event]) == [("VNM", "AUS", "030")]
    assert event.plover_type == "AGREE"


def test_call_for_expanding_cooperation_is_an_appeal() -> None:
    result = code("Peruvian President Dina Boluarte called for expanding cooperation with South Korea on Friday.")
    [event] = result.events
    assert dyads([event]) == [("PER", "KOR", "022")]
    assert event.plover_type == "REQUEST"


def test_call_for_cooperation_between_the_two_countries_targets_the_other_country() -> None:
    result = code("Chilean President Gabriel Boric met Spanish Prime Minister Pedro Sanchez on Monday. "
                  "Boric called for deepening cooperation between the two countries.")
    assert ("CHL", "ESP", "022") in dyads(result.events)


def test_invitation_to_visit_names_the_invited_person_as_target() -> None:
    result = code("Polish President Andrzej Duda invited his Lithuanian counterpart Gitanas Nauseda to visit Warsaw.")
    [event] = result.events
    assert dyads([event]) == [("POL", "LTU", "036")]
    assert event.target is not None and event.target.kind == "person"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Pakistan accused India of violating the ceasefire on Sunday.", ("PAK", "IND", "112")),
        ("Sweden condemned Russia on Friday.", ("SWE", "RUS", "111")),
        ("The European Union imposed new sanctions on Belarus on Monday.", ("IGOEUREEC", "BLR", "163")),
        ("Azerbaijani forces attacked Armenia on Tuesday.", ("AZE", "ARM", "190")),
        ("Canada and Mexico signed a trade agreement on Thursday.", ("CAN", "MEX", "057")),
        ("The Japanese prime minister spoke by phone with Indian Prime Minister Narendra Modi on Monday.",
         ("JPN", "IND", "041")),
        ("North Korea threatened South Korea with military action on Sunday.", ("PRK", "KOR", "138")),
        ("North Korea fired two ballistic missiles at Japan on Sunday.", ("PRK", "JPN", "195")),
        ("Syria shot down a Turkish drone on Friday.", ("SYR", "TUR", "190")),
        ("Poland said it would stand with Lithuania on Monday.", ("POL", "LTU", "051")),
        ("Vietnamese President Vo Van Thuong arrived in Beijing on Monday.", ("VNM", "CHN", "042")),
        ("Kenyan President William Ruto arrived in the Ethiopian capital on Monday.", ("KEN", "ETH", "042")),
        ("Finland urged Hungary on Monday to lift its sanctions on Ukrainian grain.", ("FIN", "HUN", "0254")),
        ("Ghana warned that Togo would pay a heavy price on Monday.", ("GHA", "TGO", "130")),
        ("The Bolivian foreign minister will visit Paraguay next month.", ("BOL", "PRY", "036")),
        ("Algeria lodged an official protest with Morocco on Monday.", ("DZA", "MAR", "114")),
        ("Bhutan and Norway established diplomatic ties on Monday.", ("BTN", "NOR", "054")),
        ("Norway expressed condolences to Nepal on Monday.", ("NOR", "NPL", "018")),
        ("The Soviet Union threatened Finland with military action.", ("RUS", "FIN", "138")),
        ("Uruguay opened an investigation into Argentine officials on Monday.", ("URY", "ARG", "090")),
    ],
)
def test_event_families(sentence: str, expected: tuple[str, str, str]) -> None:
    assert expected in dyads(code(sentence).events)


def test_praise_and_gratitude_are_endorsements() -> None:
    result = code("Ghanaian President Nana Akufo-Addo expressed gratitude to Germany for its support.")
    assert dyads(result.events) == [("GHA", "DEU", "051")]


def test_nominal_support_takes_the_possessor_as_source() -> None:
    result = code("Finnish Defence Minister Antti Hakkanen expressed Finland's strong support to Estonia on Monday.")
    [event] = result.events
    assert (event.source.country, event.target.country, event.cameo_code) == ("FIN", "EST", "051")


def test_a_meeting_referred_back_to_is_not_a_new_event() -> None:
    result = code("Colombian President Gustavo Petro met Ecuadorian President Daniel Noboa on Monday. "
                  "During the meeting, Petro praised Ecuador.")
    assert dyads(result.events) == [("COL", "ECU", "040"), ("COL", "ECU", "051")]
    assert reasons(result)["meeting"].startswith("refers back")


def test_events_in_the_content_of_an_agreement_are_not_events_of_their_own() -> None:
    result = code("Indian Prime Minister Narendra Modi met French President Emmanuel Macron on Monday. "
                  "They reached consensus on expanding trade and conducting joint exercises.")
    codes = [e.cameo_code for e in result.events]
    assert "030" in codes and "062" not in codes


def test_historical_background_is_not_coded() -> None:
    result = code("Morocco cut ties with Iran in 2018, the Moroccan foreign minister said on Tuesday.")
    assert result.events == []
    assert reasons(result)["cut"].startswith("historical background")


def test_a_sentence_without_a_date_takes_the_day_of_the_last_event() -> None:
    result = code("Nigerian President Bola Tinubu met Senegalese President Macky Sall on Monday.\n\n"
                  "Tinubu also praised Senegal.")
    assert {e.date for e in result.events} == {dt.date(2023, 5, 15)}


def test_an_event_without_a_target_actor_is_not_coded() -> None:
    result = code("Hungarian Prime Minister Viktor Orban criticized the plan on Monday.")
    assert result.events == []
    assert "no target actor" in reasons(result)["criticized"]


def test_evidence_offsets_index_the_article_text() -> None:
    text = "Some junk line\n\nOSLO, May 17 (Reuters) -- Norway praised Iceland on Wednesday."
    result = code(text)
    [event] = result.events
    article_text = result.coding.result.article.text
    assert article_text[event.provenance.start:event.provenance.end] == event.provenance.evidence
    assert event.provenance.evidence.startswith("Norway praised Iceland")


def test_coordinated_prepositions_give_one_event_each() -> None:
    result = code("The Indian foreign minister held talks with Nepalese Prime Minister Pushpa Kamal Dahal, "
                  "and with Bhutanese Foreign Minister Tandi Dorji on Tuesday.")
    assert sorted(dyads(result.events)) == [("IND", "BTN", "040"), ("IND", "NPL", "040")]


def test_a_frame_that_finds_no_actor_gives_way_to_the_next_that_fits() -> None:
    # "strike" is first tried as a labour strike ("strike against"), then as an attack
    assert dyads(code("Ethiopian troops struck Eritrea on Monday.").events) == [("ETH", "ERI", "190")]


def test_a_nominal_event_takes_its_source_from_by() -> None:
    result = code("It was the first visit to Vietnam by a Japanese prime minister in a decade.")
    assert dyads(result.events) == [("JPN", "VNM", "042")]


def test_an_action_asked_of_someone_is_not_coded_as_done() -> None:
    assert dyads(code("Germany urged Serbia to recognize Kosovo on Tuesday.").events) == [("DEU", "SRB", "020")]
    # the request word is no trigger here, and still Seoul does not lift a ban
    result = code("Seoul repeated South Korea's plea to Japan to lift its ban on Korean seafood.")
    assert not [e for e in result.events if e.cameo_code.startswith("08")]


def test_a_date_that_ends_a_stay_is_not_the_day_of_the_visit() -> None:
    result = code("Kenyan President William Ruto arrived in Addis Ababa on Monday for a state visit "
                  "to Ethiopia that runs until Friday.")
    visits = [e for e in result.events if e.cameo_code == "042"]
    assert visits and {e.date for e in visits} == {dt.date(2023, 5, 15)}


def test_members_of_a_named_body_are_that_body() -> None:
    result = code("Washington blacklisted six senior officers of the Venezuelan army on Monday.")
    assert dyads(result.events) == [("USA", "VEN", "163")]
    assert result.events[0].target is not None and result.events[0].target.sector == "MIL"


def test_a_background_clause_does_not_move_the_story_to_its_date() -> None:
    result = code("Cairo condemned a May 2 raid on its embassy in Khartoum that killed two guards. "
                  "Egypt accused Sudan of negligence.")
    accusation = next(e for e in result.events if e.cameo_code == "112")
    assert accusation.date == WEDNESDAY


def test_willingness_with_no_partner_named_is_toward_the_other_country_of_the_story() -> None:
    result = code("Chilean President Gabriel Boric held talks with Argentine President Javier Milei on Monday. "
                  "Boric said Chile is ready to expand cooperation in all fields. "
                  "Milei said he was open to negotiations.")
    assert ("CHL", "ARG", "030") in dyads(result.events)
    assert ("ARG", "CHL", "036") in dyads(result.events)


def test_a_third_country_hosting_talks_mediates_between_the_two_parties() -> None:
    result = code("Armenia and Azerbaijan agreed on Friday to open their border after talks hosted by Kazakhstan.")
    assert sorted(d for d in dyads(result.events) if d[2] == "045") == [("KAZ", "ARM", "045"), ("KAZ", "AZE", "045")]


def test_the_two_heads_of_state_witnessing_a_signing_is_an_agreement_between_them() -> None:
    result = code("Indonesian President Joko Widodo held talks with Malaysian Prime Minister Anwar Ibrahim on Monday. "
                  "The two leaders then witnessed the signing of several trade documents.")
    assert ("IDN", "MYS", "057") in dyads(result.events)


def test_announcing_a_military_aid_package_is_military_aid() -> None:
    result = code("German Chancellor Olaf Scholz met Moldovan President Maia Sandu in Berlin on Monday "
                  "and announced a new military aid package worth 40 million euros.")
    assert ("DEU", "MDA", "072") in dyads(result.events)


def test_a_gerund_listed_after_the_trigger_is_part_of_its_content() -> None:
    result = code("Lula called for expanding trade between Brazil and Angola, and strengthening cooperation in energy.")
    assert not [e for e in result.events if e.cameo_code.startswith("03")]
    assert reasons(result).get("strengthening", "").startswith("part of an event")


def test_a_signing_by_two_parties_is_an_agreement_each_way() -> None:
    result = code("Peru and Ecuador signed a border agreement in Lima on Friday.")
    assert sorted(dyads(result.events)) == [("ECU", "PER", "057"), ("PER", "ECU", "057")]


def test_a_second_with_hung_on_the_verb_is_a_second_partner() -> None:
    result = code("Earlier in the day, the Kenyan minister held separate meetings with Ugandan President Yoweri "
                  "Museveni, head of the ruling party, and with Tanzanian Foreign Minister January Makamba.")
    assert sorted(dyads(result.events)) == [("KEN", "TZA", "040"), ("KEN", "UGA", "040")]


def test_the_two_presidents_are_the_parties_of_the_last_event() -> None:
    result = code("Colombian President Gustavo Petro spoke by phone with Ecuadorian President Daniel Noboa on "
                  "Monday. The two presidents agreed that their ministers would meet next month.")
    assert ("COL", "ECU", "030") in dyads(result.events)


def test_the_two_countries_broadening_cooperation_is_intent_between_them() -> None:
    result = code("Senegal and Gambia should broaden their cooperation in every field, Senegalese officials said.")
    assert ("SEN", "GMB", "030") in dyads(result.events)


def test_a_demonym_on_a_thing_names_its_owner() -> None:
    assert ("BGD", "IND", "120") in dyads(code("Bangladesh rejected an Indian proposal on Monday.").events)


def test_missiles_at_bases_housing_troops_target_the_troops() -> None:
    result = code("Syria fired rockets at two Jordanian bases housing French troops on Monday.")
    assert dyads(result.events) == [("SYR", "FRA", "195")]


def test_an_event_in_an_after_clause_is_background() -> None:
    result = code("Kenya recalled its envoy on Monday days after Somalia expelled Kenyan diplomats.")
    assert "background" in reasons(result)["expelled"]


def test_condemning_an_attack_targets_its_doer() -> None:
    result = code("Eritrea condemned an attack by Ethiopian soldiers on Monday.")
    assert ("ERI", "ETH", "111") in dyads(result.events)
    result = code("Armenian troops shelled Azerbaijan on Monday. Turkey condemned the attack.")
    assert ("TUR", "ARM", "111") in dyads(result.events)


def test_an_action_refused_is_not_done() -> None:
    result = code("Israel refused on Monday to lift its blockade of Gaza.")
    assert not [e for e in result.events if e.cameo_code.startswith("08")]
    assert "refused" in reasons(result)["lift"]


def test_after_a_mediation_the_two_sides_are_still_the_parties() -> None:
    result = code("Nigeria welcomed the deal. Nigerian officials praised the deal. Ghana and Togo agreed on Friday "
                  "to reopen their border after talks hosted by Nigeria. The two sides also agreed to hold talks.")
    mediations = sorted(d for d in dyads(result.events) if d[2] == "045")
    assert mediations == [("NGA", "GHA", "045"), ("NGA", "TGO", "045")]
    assert not [d for d in dyads(result.events) if d[0] == "NGA" and d[2] != "045"]


def test_attacked_sites_in_a_country_target_that_country() -> None:
    result = code("Turkish jets bombed militant camps in northern Iraq on Monday.")
    assert dyads(result.events) == [("TUR", "IRQ", "195")]


def test_the_parties_discussing_more_is_the_same_meeting() -> None:
    result = code("Peruvian President Dina Boluarte met Chilean President Gabriel Boric on Monday. "
                  "The two presidents also discussed trade and ways of expanding ties between their countries.")
    assert [d[2] for d in dyads(result.events)] == ["040"]
    assert reasons(result)["discussed"].startswith("the parties of the last event")


def test_the_two_presidents_long_after_their_last_event_are_the_two_countries_of_the_story() -> None:
    result = code("Kenyan President William Ruto spoke with Tanzanian President Samia Suluhu Hassan on Monday. "
                  "Trade has grown. Farmers are pleased. Prices fell. "
                  "The two presidents agreed that their ministers would meet next month.")
    assert ("KEN", "TZA", "030") in dyads(result.events)


def test_a_new_paragraph_after_a_recalled_incident_is_back_on_the_story_day() -> None:
    result = code("Canada expelled a Chinese diplomat on Wednesday. China seized a Canadian ship on Saturday.\n\n"
                  "Canadian Prime Minister Justin Trudeau condemned China.")
    condemnation = next(e for e in result.events if e.cameo_code == "111")
    assert condemnation.date == WEDNESDAY


def test_a_new_paragraph_about_the_same_parties_keeps_their_day() -> None:
    result = code("Kenya and Ethiopia held talks on Monday.\n\nThe two sides agreed to reopen their border.")
    agreement = next(e for e in result.events if e.cameo_code == "030")
    assert agreement.date == dt.date(2023, 5, 15)


def test_a_party_of_the_main_pair_praising_the_two_neighbours_means_the_two_just_reported() -> None:
    # Qatar is named most, so the story's main pair includes it; "the two neighbors" are the two
    # countries whose agreement was just reported
    result = code("Qatar hosted the talks. Qatar said the talks went well. Qatari officials were pleased. "
                  "Egypt and Sudan agreed on Monday to reopen their border. "
                  "Qatar praised the two neighbors for their courage.")
    praise = sorted(d for d in dyads(result.events) if d[2] == "051")
    assert praise == [("QAT", "EGY", "051"), ("QAT", "SDN", "051")]
