"""Context the coder needs beyond one clause (precision pass): where sentences end. Sentences are our
own."""

from __future__ import annotations

import datetime as dt

from tacitus.explain import explain

WEDNESDAY = dt.date(2024, 5, 8)
MONDAY = dt.date(2024, 5, 6)


def test_a_post_on_x_ends_its_sentence_and_the_next_one_is_coded_on_its_own() -> None:
    result = explain('"We reject the charge," the Chilean defence minister wrote on X. '
                     "Peruvian troops attacked a Chilean border post on Monday.", date=WEDNESDAY)
    attacks = [e for e in result.events if e.provenance.trigger == "attacked"]
    assert [(e.source.country, e.target.country if e.target else None, e.date) for e in attacks] == \
        [("PER", "CHL", MONDAY)]
    assert attacks[0].provenance.evidence.startswith("Peruvian troops attacked")



def test_deeds_quoted_after_a_dated_lead_that_codes_nothing_happen_on_the_lead_s_day() -> None:
    result = explain("Peruvian gang leader Juan Soto was killed in a gun battle with police on Monday, Peruvian "
                     'officials said. "He fired on a police patrol. The police returned fire and killed him," the '
                     "Peruvian interior minister told reporters. Chile's foreign minister criticised Peru's police.",
                     date=WEDNESDAY)
    assert not [e for e in result.events if e.provenance.sentence_index == 0]
    deeds = [e for e in result.events if e.quad_class == 4]
    assert deeds and {e.date for e in deeds} == {MONDAY}
    # words told later with no day of their own stay on the story's day
    assert [e.date for e in result.events if e.provenance.trigger == "criticised"] == [WEDNESDAY]


def test_a_judgment_said_with_no_day_of_its_own_is_dated_to_the_story_not_to_the_deed_judged() -> None:
    result = explain("Peruvian troops fired shells at a Chilean border post on Monday. "
                     "Chile's foreign minister said Peru's attack was a provocation.", date=WEDNESDAY)
    assert [(e.source.country, e.target.country if e.target else None, e.date) for e in result.events
            if e.provenance.sentence_index == 1] == [("CHL", "PER", WEDNESDAY)]
    assert [e.date for e in result.events if e.provenance.trigger == "fired"] == [MONDAY]


def test_a_deed_told_right_after_a_dated_sentence_that_codes_nothing_happens_on_that_day() -> None:
    # the narrative's day is Wednesday (the first deed), Monday's sentence codes nothing of its own
    result = explain("Chile expelled two Peruvian diplomats on Wednesday. On Monday, Chile raised fees on "
                     "imports from Argentina. Peru imposed sanctions on Chilean officials in reply. "
                     "Bolivia criticised Chile.", date=WEDNESDAY)
    assert [e.date for e in result.events if e.provenance.trigger == "imposed"] == [MONDAY]
    # words further on with no day of their own stay on the narrative's day, not that borrowed one
    assert [e.date for e in result.events if e.provenance.trigger == "criticised"] == [WEDNESDAY]


def test_a_lead_told_in_the_present_is_the_story_s_news_not_the_day_of_the_deed_below_it() -> None:
    result = explain("Peruvian fishermen are urging Chile to reopen its ports to their boats. Hundreds of "
                     "fishermen blocked a road in Lima on Monday.", date=WEDNESDAY)
    assert [e.date for e in result.events if e.provenance.trigger == "urging"] == [WEDNESDAY]


def test_a_lead_told_in_the_past_with_no_day_is_still_the_day_of_the_deed_below_it() -> None:
    result = explain("Peruvian fishermen urged Chile to reopen its ports to their boats. Hundreds of "
                     "fishermen blocked a road in Lima on Monday.", date=WEDNESDAY)
    assert [e.date for e in result.events if e.provenance.trigger == "urged"] == [MONDAY]
