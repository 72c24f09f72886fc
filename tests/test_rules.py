"""The coder's named rules (tacitus.rules): each veto and each target fallback on a sentence of our
own, the discourse state, and article-level consolidation (tacitus.consolidate)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tacitus.consolidate import consolidate
from tacitus.explain import Explanation, explain
from tacitus.records import Actor, Event, Provenance
from tacitus.rules import TARGET_FALLBACKS, VETOES

TUESDAY = dt.date(2024, 5, 7)


def code(text: str) -> Explanation:
    return explain(text, date=TUESDAY)


def rule_of(result: Explanation, trigger: str) -> str:
    """The named rule recorded for the (last) candidate with this trigger word."""
    return [c for c in result.candidates() if c["trigger"] == trigger][-1]["rule"]


def dyads(result: Explanation) -> list[tuple[str, str, str]]:
    return [(e.source.country or e.source.code, (e.target.country or e.target.code) if e.target else "-",
             e.cameo_code) for e in result.events]


def test_every_rule_has_a_name_and_an_example_sentence() -> None:
    names = [rule.name for rule in (*VETOES, *TARGET_FALLBACKS)]
    assert len(names) == len(set(names))
    for rule in (*VETOES, *TARGET_FALLBACKS):
        assert rule.example.startswith('"'), f"{rule.name} has no example sentence in its docstring"


@pytest.mark.parametrize(
    ("text", "trigger", "veto"),
    [
        ("Chile did not attack Peru on Monday.", "attack", "negated"),
        ("If the talks fail, Chile will close its border with Peru.", "close", "condition"),
        ("Chile has hosted Peruvian delegations since 2016.", "hosted", "background"),
        ("Peru sent troops to the border on Monday. Chile condemned the attack.", "attack", "deed-noun"),
        ("Chile refused to sign the accord with Peru on Monday.", "sign", "refused"),
        ("Peru pressed Chile to expel the Bolivian envoy on Monday.", "expel", "requested"),
        ("Chile could strike Peruvian border posts, a Chilean general said on Monday.", "strike", "hypothetical"),
        ("The Chilean minister believes Peru will expel the Bolivian envoy soon.", "expel", "belief"),
        ("Chile alleged on Monday that Peru had expelled Bolivian diplomats.", "expelled", "accusation"),
        ("Chile swore on Monday to condemn Peru at the summit.", "condemn", "threatened-act"),
        ("Chile plans to criticise Peru at the summit.", "criticise", "planned-act"),
        ("Chile tried to attack Peru, officials said on Monday.", "attack", "planned-act"),
        ("Talks between Chile and Peru resumed on Monday after the visit.", "visit", "refers-back"),
        ("Chile and Argentina agreed on Monday to freeze the assets of Peruvian banks.", "agreed", "agreed-to-act"),
        ("Chile seized Peruvian fishing boats in 1998.", "seized", "historical"),
        ("Chile's president met Peru's president in Lima on April 2.", "met", "old-news"),
        ("The rebels have been fighting the Peruvian army, officials said on Monday.", "fighting", "ongoing"),
        ("The group frequently conducts bombings in Peru.", "conducts", "ongoing"),
        ("Chile played a key role in talks with Peru.", "talks", "noun-reference"),
        ("Chile is pleased with the talks with Peru, the minister said on Monday.", "talks", "noun-reference"),
        ("Chile's efforts to improve ties with Peru have stalled, officials said on Monday.", "improve", "noun-aim"),
        ("The Chilean minister stressed the urgency of boosting aid to Peru on Monday.", "boosting", "noun-aim"),
        ("Peruvian soldiers backed by Chilean troops cleared the border town on Monday.", "backed", "participle"),
        ("Ready or not, Chile says Peruvian traders must leave.", "Ready", "bare-adjective"),
        ("A Chilean envoy who had negotiated with Peru spoke to reporters on Monday.", "negotiated", "perfect"),
        ("Earlier this month, Chile expelled a Peruvian diplomat.", "expelled", "vague-past"),
        ("Chilean aid groups were already delivering food to Peru before the floods.", "delivering", "ongoing"),
        ("The Chilean minister said she was unable to provide aid to Peru.", "provide", "refused"),
        ("Peru requested consultations with Chile on Monday.", "consultations", "requested"),
        ("A Chilean court must maintain sanctions on Peru, a Chilean senator said on Monday.", "maintain",
         "hypothetical"),
        ("Peru might be willing to cooperate with Chile, analysts said.", "willing", "hypothetical"),
        ("Chile sent troops to the border on Monday to attack Peruvian rebels.", "attack", "purpose"),
        ("Chile will have to take steps to defend Peru, the Chilean minister said on Monday.", "defend", "purpose"),
        (("The Chilean minister stressed the need to end pretrial detention so the Chilean police can focus on "
          "detaining Peruvian smugglers."), "detaining", "purpose"),
        ("Chile cited the February 2020 pact the United States negotiated with Peru.", "negotiated", "dated-noun"),
        ("A Chilean navy frigate visited Peru on Monday.", "visited", "port-call"),
    ],
)
def test_each_veto_refuses_its_trigger_and_says_so(text: str, trigger: str, veto: str) -> None:
    result = code(text)
    assert rule_of(result, trigger) == f"veto:{veto}"
    assert not [e for e in result.events if e.provenance.trigger == trigger]


def test_a_conditional_threat_codes_no_attack_but_the_agreed_freeze_is_coded() -> None:
    assert dyads(code("Chile said on Monday it would attack Peru if the talks failed.")) == []
    assert ("CHL", "PER", "163") in dyads(code("Chile and Argentina agreed on Monday to freeze the assets of Peruvian banks."))


def test_would_in_a_reported_clause_is_an_intent_and_is_coded() -> None:
    assert ("CHL", "PER", "033") in dyads(code("Chile said on Monday it would send aid to Peru."))


def test_a_participle_of_threat_is_not_what_the_main_verb_asks_for() -> None:
    result = code("Threatening to kill Peruvian hostages, Chilean rebels demanded money on Monday.")
    assert rule_of(result, "kill") != "veto:requested"
    assert [e.plover_type for e in result.events if e.plover_type in ("THREATEN", "ASSAULT")] == ["THREATEN"]


@pytest.mark.parametrize(
    ("text", "trigger", "fallback", "expected"),
    [
        ("Peruvian jets bombed Chilean border posts on Monday. Bolivia condemned the attack on Tuesday.",
         "condemned", "condemned-deed", ("BOL", "PER", "111")),
        ("Peru expelled two Chilean diplomats on Monday. Chile vowed to respond on Tuesday.",
         "vowed", "offender", ("CHL", "PER", "130")),
        ("Chile's president visited Peru on Monday. Chile is ready to expand cooperation in all fields, he said.",
         "ready", "article-dyad", ("CHL", "PER", "030")),
        ("Chilean soldiers attacked a bus in the Peruvian town of Tacna on Monday.",
         "attacked", "", ("CHL", "PER", "190")),
        (("Chilean soldiers killed 12 rebels near the border on Monday. On Tuesday the soldiers attacked a rebel "
         "convoy, the ministry said."), "attacked", "focal-country", ("CHL", "CHL", "190")),
        ("Russia supports the Chilean peace proposal, the Russian president said on Monday.",
         "supports", "object-phrase", ("RUS", "CHL", "052")),
        ("Peru mobilised its army on Monday.", "mobilised", "untargeted", ("PER", "-", "150")),
        ("Thousands of Chileans protested on Monday.", "protested", "untargeted", ("CHL", "-", "141")),
    ],
)
def test_each_fallback_finds_an_implicit_target_and_is_recorded(
    text: str, trigger: str, fallback: str, expected: tuple[str, str, str]
) -> None:
    result = code(text)
    assert expected in dyads(result)
    if fallback:
        assert rule_of(result, trigger) == f"fallback:{fallback}"


@pytest.mark.parametrize(
    "text",
    [
        "Peruvian police arrested 40 smugglers on Monday, officials in Lima said.",
        "Peruvian police arrested 40 smugglers on Monday. On Tuesday the police arrested 40 more, the ministry said.",
        "Aid groups handed out food where they could, the Peruvian government said on Monday.",
    ],
)
def test_no_country_is_guessed_as_the_target_of_an_arrest_or_of_aid(text: str) -> None:
    # the sentence's place and the story's main country were wrong far more often than right for
    # anything but an attack: the coder stays silent instead
    result = code(text)
    assert [e for e in result.events if e.plover_type in ("COERCE", "AID")] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reported past perfect and a reported past progressive are the news of the day
        ("Chile said on Monday it had halted aid to Peru.", ("CHL", "PER", "162")),
        ("The Peruvian government said on Monday it was recalling its ambassador from Santiago.",
         ("PER", "CHL", "161")),
        # an attack "for" a reason is criticism
        ("The Chilean president attacked a Peruvian newspaper on Monday for its reporting.", ("CHL", "PER", "111")),
    ],
)
def test_news_told_in_other_tenses_or_words_is_still_coded(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in dyads(code(text))


def test_several_parties_offering_something_is_no_agreement_among_them() -> None:
    result = code("Chile, Argentina and Brazil offered on Monday to take in Peruvian refugees.")
    assert not [e for e in result.events if e.target is not None and e.target.country in ("CHL", "ARG", "BRA")]


def test_what_ministers_discussed_is_a_topic_not_a_party_to_the_talks() -> None:
    result = code("Chilean and Peruvian ministers discussed Bolivia's role on Monday.")
    assert not [e for e in result.events if e.target is not None and e.target.country == "BOL"]


def test_an_attack_told_as_force_is_still_an_assault() -> None:
    assert ("CHL", "PER", "190") in dyads(code("Chilean jets attacked Peruvian border posts on Monday."))


def test_a_place_in_the_clause_names_the_target_country_with_lower_confidence() -> None:
    result = code("Chilean soldiers stormed a hotel in the Peruvian city of Tacna on Monday.")
    events = [e for e in result.events if e.plover_type == "ASSAULT"]
    assert [(e.source.country, e.target.country if e.target else None) for e in events] == [("CHL", "PER")]
    [event] = events
    assert "rules:clause-place" in event.dictionary_entries
    assert event.confidence < 0.7
    assert result.event_rows()[0]["target_rule"] == "clause-place"


def test_an_untargeted_event_has_no_target_and_is_not_guessed_from_the_place() -> None:
    result = code("Thousands of Chileans protested in Santiago on Monday.")
    [event] = [e for e in result.events if e.plover_type == "PROTEST"]
    assert event.target is None and "rules:untargeted" in event.dictionary_entries


def test_a_target_guess_gives_way_to_the_next_pattern_that_names_one() -> None:
    # the first frame of "shot down" names no target; the last-resort fallbacks wait for the others
    result = code("Syria shot down a Turkish drone on Friday.")
    assert all("rules:focal-country" not in e.dictionary_entries for e in result.events)
    assert ("SYR", "TUR", "190") in dyads(result)


def test_own_troops_sent_somewhere_are_no_target() -> None:
    result = code("The Peruvian defence ministry said it was sending more troops to the region on Monday.")
    assert not [e for e in result.events if e.target is not None and e.target.country == "PER"
                and e.source.country == "PER"]


def test_the_same_deed_told_twice_is_one_event_with_both_sentences() -> None:
    result = code("Chile's army killed 12 Peruvian smugglers on Monday. "
                  "On Monday Chile's army killed 12 Peruvian smugglers near the border, the ministry said.")
    [event] = [e for e in result.events if e.plover_type == "ASSAULT"]
    assert event.provenance.sentence_index == 0
    assert [p.sentence_index for p in event.support] == [1]
    assert result.event_rows()[0]["support"] == [1]


def test_the_same_deed_on_two_days_is_two_events() -> None:
    result = code("Chilean police detained 30 protesters on Monday. On Tuesday police detained 30 protesters again.")
    assert [e.date for e in result.events if e.cameo_code == "173"] == [dt.date(2024, 5, 6), TUESDAY]


def _event(source: str, target: str | None, code: str, sentence: int, entries: tuple[str, ...] = ()) -> Event:
    return Event(
        source=Actor(name=source, kind="country", country=source),
        target=Actor(name=target, kind="country", country=target) if target else None,
        cameo_code=code, cameo_name="", goldstein=0.0, quad_class=4, plover_type="ASSAULT", plover_mode=None,
        plover_context=None, date=TUESDAY, date_precision="day",
        provenance=Provenance("a", sentence, sentence * 10, sentence * 10 + 9, f"sentence {sentence}", "struck"),
        dictionary_entries=entries,
    )


def test_consolidation_keeps_the_first_and_adds_later_sentences_as_support() -> None:
    merged = consolidate([_event("CHL", "PER", "190", 0), _event("CHL", "PER", "190", 3), _event("CHL", "PER", "190", 3)])
    assert len(merged) == 1
    assert [p.sentence_index for p in merged[0].support] == [3]


def test_a_guessed_target_joins_the_named_deed_of_the_same_source_type_and_day() -> None:
    named = _event("CHL", "PER", "190", 0)
    guessed = _event("CHL", "PER", "193", 2, ("rules:focal-country",))
    elsewhere = _event("CHL", "BOL", "190", 4, ("rules:focal-country",))
    merged = consolidate([named, guessed, elsewhere])
    assert [(e.target.country if e.target else None, e.provenance.sentence_index) for e in merged] == \
        [("PER", 0), ("BOL", 4)]
    assert [p.sentence_index for p in merged[0].support] == [2]


def _told_by(source: Actor, target: Actor, sentence: int) -> Event:
    return dataclasses.replace(_event("CHL", "PER", "020", sentence), source=source, target=target)


CHILE = Actor(name="Chile", kind="country", country="CHL")
PERU = Actor(name="Peru", kind="country", country="PER")
MINISTER = Actor(name="Ana Ruiz", kind="person", country="CHL", sector="GOV")
ENVOY = Actor(name="Luis Soto", kind="person", country="CHL", sector="DIP")


def test_a_headline_deed_told_again_by_an_official_is_one_event_of_the_official() -> None:
    merged = consolidate([_told_by(CHILE, PERU, 0), _told_by(MINISTER, PERU, 2)])
    assert [(e.source.name, e.provenance.sentence_index) for e in merged] == [("Ana Ruiz", 2)]
    assert [p.sentence_index for p in merged[0].support] == [0]


def test_two_officials_of_one_country_in_the_body_stay_two_events() -> None:
    merged = consolidate([_told_by(MINISTER, PERU, 2), _told_by(ENVOY, PERU, 3), _told_by(CHILE, PERU, 4)])
    assert len(merged) == 3


def test_a_statement_of_a_country_told_again_by_its_official_in_the_body_is_one_event() -> None:
    # "Chile rejected Peru's charge on Tuesday." ... "'We reject it,' the Chilean minister said."
    rejected = [dataclasses.replace(_told_by(actor, PERU, sentence), plover_type="REJECT", cameo_code="120")
                for actor, sentence in ((CHILE, 2), (MINISTER, 5), (ENVOY, 7))]
    merged = consolidate(rejected)
    assert [(e.source.name, [p.sentence_index for p in e.support]) for e in merged] == \
        [("Ana Ruiz", [2]), ("Luis Soto", [])]


def test_one_request_told_in_two_sentences_with_two_codes_is_one_event() -> None:
    # "Chile urged Peru on Tuesday to ..." / "'I appeal to Peru ...,' the Chilean envoy said": one request
    urged = dataclasses.replace(_told_by(ENVOY, PERU, 2), plover_type="REQUEST")
    appeal = dataclasses.replace(_told_by(ENVOY, PERU, 5), cameo_code="0254", plover_type="REQUEST")
    merged = consolidate([urged, appeal])
    assert [(e.cameo_code, [p.sentence_index for p in e.support]) for e in merged] == [("020", [5])]


def test_a_visit_and_the_talks_held_during_it_stay_two_events() -> None:
    visit = dataclasses.replace(_told_by(MINISTER, PERU, 1), cameo_code="042", plover_type="CONSULT")
    talks = dataclasses.replace(_told_by(MINISTER, PERU, 3), cameo_code="040", plover_type="CONSULT")
    assert len(consolidate([visit, talks])) == 2


def test_an_untargeted_event_and_a_targeted_one_stay_apart() -> None:
    merged = consolidate([_event("CHL", None, "150", 0), _event("CHL", "PER", "150", 1)])
    assert len(merged) == 2


def test_a_claim_of_responsibility_codes_the_attack_by_the_claimant() -> None:
    result = code("Al-Shabab claimed responsibility for the hotel attack in Mogadishu on Monday.")
    assert [(e.source.code, e.target.country if e.target else None, e.plover_type, e.date) for e in result.events] \
        == [("SOMREB", "SOM", "ASSAULT", dt.date(2024, 5, 6))]


def test_coming_under_attack_is_an_attack_on_the_subject_by_the_article_s_armed_group() -> None:
    result = code("Baloch Liberation Army fighters attacked a police post on Sunday. "
                  "A Pakistani train came under a rocket attack on Monday.")
    attacks = [(e.source.code, e.date) for e in result.events if e.provenance.trigger == "attack"]
    assert attacks == [("PAKREB", dt.date(2024, 5, 6))]


def test_a_government_deed_on_its_own_country_as_a_whole_is_not_coded_but_rebels_in_it_are() -> None:
    result = code("On Monday the Chilean president levied new tariffs on steel exports to Chile from 30 countries.")
    assert not [e for e in result.events if e.target is not None and e.target.country == "CHL"
                and e.source.country == "CHL" and e.quad_class == 4]
    result = code("Al-Shabab claimed responsibility for the hotel attack in Mogadishu on Monday.")
    assert [(e.source.code, e.target.code if e.target else None) for e in result.events] == [("SOMREB", "SOM")]


def test_he_added_takes_the_day_of_the_telling_just_before() -> None:
    result = code("Chilean President Gabriel Boric wrote on Sunday that the talks had stalled. "
                  "He added that Chile praised Peru for its patience.")
    assert [(e.source.country, e.target.country if e.target else None, e.cameo_code, e.date)
            for e in result.events] == [("CHL", "PER", "051", dt.date(2024, 5, 5))]


def test_an_attack_a_train_came_under_on_a_weekday_is_dated_that_day_and_so_is_what_followed() -> None:
    result = code("Rebels of the Baloch Liberation Army attacked a police post on Saturday. "
                  "A Pakistani train came under a bomb attack Tuesday. "
                  "The group quickly claimed responsibility for the brazen attack. "
                  "Holding the passengers hostage, the Baloch Liberation Army demanded the release of prisoners.")
    days = {(e.provenance.trigger, e.date) for e in result.events}
    monday_of_story = TUESDAY  # the story is filed on Tuesday, 7 May: "Tuesday" is that day
    assert ("attack", monday_of_story) in days
    assert ("demanded", monday_of_story) in days


def test_words_said_with_no_day_of_their_own_are_dated_to_the_story_not_to_the_deed_before() -> None:
    result = explain("Chilean jets struck Peruvian border posts on Saturday. "
                     "The Peruvian foreign minister said on Monday that Peru had recalled its envoy. "
                     "Bolivia's president said the strikes were unacceptable, condemning Chile.",
                     date=dt.date(2024, 5, 8))
    condemned = [e for e in result.events if e.provenance.trigger == "condemning"]
    assert [e.date for e in condemned] == [dt.date(2024, 5, 8)]


def test_a_meeting_still_to_come_does_not_move_the_day_of_what_is_told_next() -> None:
    result = explain("On Tuesday, Chile's foreign minister will meet Peru's president in Lima. "
                     "Chile's foreign minister also visited Bolivia.", date=dt.date(2024, 5, 6))
    days = {(e.provenance.trigger, e.date) for e in result.events}
    assert ("meet", dt.date(2024, 5, 7)) in days
    assert ("visited", dt.date(2024, 5, 6)) in days


@pytest.mark.parametrize(
    "text",
    [
        # a claim rejected is the claimant's, not about whom it is made
        "Chile rejected the claim that Peruvian rebels had crossed the border, the Chilean minister said on Monday.",
        # what a plan is for is not done
        "The European Union has proposed a plan for arming Chile and supporting Peru.",
        # a habit, and a readiness, are no event of the day
        "Chileans are always ready for what Peru proposes, the Chilean minister said on Monday.",
        "The Chilean agency said it was ready to support Peru's government.",
    ],
)
def test_talk_about_acts_is_not_coded_as_the_acts(text: str) -> None:
    assert code(text).events == []


def test_an_idiom_is_no_support_of_whoever_the_clause_after_it_names() -> None:
    result = code("It stands to reason that Chile would seek another meeting with Peru, an analyst said.")
    assert not [e for e in result.events if e.plover_type == "SUPPORT"]


def test_welcoming_news_of_what_a_country_did_supports_that_country() -> None:
    assert ("CHL", "PER", "051") in dyads(code("Chile welcomed on Monday the news that Peru had agreed to a ceasefire."))


def test_words_in_the_present_perfect_are_news_in_the_lead_and_background_further_down() -> None:
    story = ("Peruvian troops fired shells at a Chilean border post on Monday. The Chilean army returned fire. "
             "Chile's defence minister visited the post on Tuesday. Chile has accused Peru of arming smugglers.")
    later = explain(story, date=dt.date(2024, 5, 8))
    assert rule_of(later, "accused") == "veto:perfect"
    lead = explain("Chile has accused Peru of arming smugglers.", date=dt.date(2024, 5, 8))
    assert [(e.source.country, e.target.country if e.target else None) for e in lead.events
            if e.provenance.trigger == "accused"] == [("CHL", "PER")]


def test_a_deed_near_a_country_s_border_is_not_placed_inside_that_country() -> None:
    near = code("Peruvian rebels attacked ten villages near the Chilean border on Monday.")
    assert not [e for e in near.events if e.target is not None and e.target.country == "CHL"]
    inside = code("Peruvian rebels attacked ten villages in Chile on Monday.")
    assert [(e.source.country, e.target.country if e.target else None) for e in inside.events] == [("PER", "CHL")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Chilean president on Monday ruled out talks with Peru until the border dispute is settled.",
         ("CHL", "PER")),
        ("Chile's foreign minister welcomed closer cooperation with Lima on Monday.", ("CHL", "PER")),
    ],
)
def test_the_partner_after_with_of_talks_or_ties_is_the_target(text: str, expected: tuple[str, str]) -> None:
    # "talks with Peru": a noun of dealings names its partner after "with" (object-phrase)
    assert expected in [d[:2] for d in dyads(code(text))]


def test_with_after_another_noun_names_no_target() -> None:
    # "a plan with Bolivian backing": not a partner of the plan's rejection
    result = code("Chile rejected a plan drawn up with Bolivian lawyers on Monday.")
    assert not [e for e in result.events if e.target is not None and e.target.country == "BOL"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chilean officials on Monday welcomed the announcement that Peru had released two Chilean fishermen.",
         ("PER", "CHL", "0841")),
        ("Chilean officials on Monday welcomed the report that Peru had expelled two Bolivian diplomats.",
         ("PER", "BOL", "161")),
    ],
)
def test_what_an_announcement_states_is_coded_though_the_parser_hangs_it_on_the_noun(
    text: str, expected: tuple[str, str, str]
) -> None:
    # a clause with a subject of its own after "the announcement that" is neither a participle
    # describing the noun nor a relative clause told as background (veto:participle, veto:perfect)
    assert expected in dyads(code(text))
