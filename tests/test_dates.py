"""Time: the day an event happened, from the words of its sentence and the story's anchor date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Span

from tacitus.dates import WEEKDAYS, ResolvedDate, resolve_date

WEDNESDAY = dt.date(2022, 4, 27)  # a Wednesday: the dateline date of a story filed in Tehran
FRIDAY = dt.date(2019, 9, 13)


@pytest.fixture(scope="session")
def sentence() -> Callable[[str], Span]:
    """Parse one sentence with the project's spaCy pipeline (loaded once per test session)."""
    from tacitus.parse import get_nlp

    nlp = get_nlp()

    def parse(text: str) -> Span:
        return next(iter(nlp(text).sents))

    return parse


def test_the_weekday_of_the_dateline_is_the_dateline_day(sentence: Callable[[str], Span]) -> None:
    resolved = resolve_date(sentence("The president on Wednesday met the visiting minister."), WEDNESDAY)
    assert resolved == ResolvedDate(WEDNESDAY, "day", "on Wednesday")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The commander visited the capital on Wednesday for a three-day visit.", dt.date(2019, 9, 11)),
        ("On Thursday, the commander met the head of the defence university.", dt.date(2019, 9, 12)),
        ("The two ministers spoke by phone on Friday.", FRIDAY),
        ("The envoy arrived on Saturday.", dt.date(2019, 9, 7)),
    ],
)
def test_past_weekdays_count_back_from_the_anchor(
    sentence: Callable[[str], Span], text: str, expected: dt.date
) -> None:
    assert resolve_date(sentence(text), FRIDAY).date == expected


def test_a_weekday_in_the_future_counts_forward(sentence: Callable[[str], Span]) -> None:
    assert resolve_date(sentence("The minister will travel to Moscow on Monday."), FRIDAY).date == dt.date(
        2019, 9, 16
    )
    assert resolve_date("Talks resume next Tuesday.", FRIDAY).date == dt.date(2019, 9, 17)


def test_a_future_weekday_named_on_that_very_day_is_that_day(sentence: Callable[[str], Span]) -> None:
    sunday = dt.date(2024, 4, 14)
    text = "The council was due to meet later on Sunday at the request of the envoy."
    assert resolve_date(sentence(text), sunday).date == sunday
    assert resolve_date("The council meets next Sunday.", sunday).date == dt.date(2024, 4, 21)


def test_reported_plans_point_forward(sentence: Callable[[str], Span]) -> None:
    tuesday = dt.date(2022, 8, 2)
    text = "The army said it would hold live-fire drills from Thursday."
    assert resolve_date(sentence(text), tuesday).date == dt.date(2022, 8, 4)


def test_said_on_monday_is_not_the_future_even_if_the_sentence_mentions_it(
    sentence: Callable[[str], Span],
) -> None:
    text = "The spokesman said on Monday that the delegation will arrive soon."
    assert resolve_date(sentence(text), FRIDAY).date == dt.date(2019, 9, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials met today.", ResolvedDate(WEDNESDAY, "day", "today")),
        ("The two sides met yesterday.", ResolvedDate(dt.date(2022, 4, 26), "day", "yesterday")),
        ("Protesters gathered three days ago.", ResolvedDate(dt.date(2022, 4, 24), "day", "three days ago")),
        ("The deal was signed on April 20.", ResolvedDate(dt.date(2022, 4, 20), "day", "on April 20")),
        ("The deal was signed on Sept. 18.", ResolvedDate(dt.date(2021, 9, 18), "day", "on Sept. 18")),
        (
            "The deal was signed on 27 March 2021.",
            ResolvedDate(dt.date(2021, 3, 27), "day", "on 27 March 2021"),
        ),
        ("The deal was signed on 2020-01-05.", ResolvedDate(dt.date(2020, 1, 5), "day", "on 2020-01-05")),
        ("In March, the envoy visited Ankara.", ResolvedDate(dt.date(2022, 3, 1), "month", "In March")),
        ("The talks began in June 2019.", ResolvedDate(dt.date(2019, 6, 1), "month", "in June 2019")),
        ("Last month the ministers met in Doha.", ResolvedDate(dt.date(2022, 3, 1), "month", "Last month")),
        ("Last year the two navies held drills.", ResolvedDate(dt.date(2021, 1, 1), "year", "Last year")),
        ("The accord was reached in 2015.", ResolvedDate(dt.date(2015, 1, 1), "year", "in 2015")),
        ("Rebels shelled the town last night.", ResolvedDate(dt.date(2022, 4, 26), "day", "last night")),
        ("This morning the envoy arrived.", ResolvedDate(WEDNESDAY, "day", "This morning")),
        ("Talks resume next week.", ResolvedDate(dt.date(2022, 5, 1), "month", "next week")),
        ("A ceasefire began a day ago.", ResolvedDate(dt.date(2022, 4, 26), "day", "a day ago")),
    ],
)
def test_relative_and_explicit_dates(text: str, expected: ResolvedDate) -> None:
    assert resolve_date(text, WEDNESDAY) == expected


def test_a_month_after_the_anchors_month_is_last_year() -> None:
    january = dt.date(2023, 1, 4)
    assert resolve_date("Troops crossed the border on December 28.", january).date == dt.date(2022, 12, 28)
    assert resolve_date("Troops crossed the border on January 2.", january).date == dt.date(2023, 1, 2)


def test_may_the_modal_verb_is_not_a_month() -> None:
    assert resolve_date("The ministry may respond.", WEDNESDAY) == ResolvedDate(WEDNESDAY, "day", None)
    assert resolve_date("He visited in May.", WEDNESDAY).precision == "month"


def test_same_day_expressions_follow_the_previous_event() -> None:
    monday = ResolvedDate(dt.date(2022, 4, 25), "day", "on Monday")
    assert resolve_date("Later that day, he met the speaker.", WEDNESDAY, monday).date == monday.date
    assert resolve_date("Earlier in the day, he met the speaker.", WEDNESDAY).date == WEDNESDAY
    assert resolve_date("The day before, he met the speaker.", WEDNESDAY, monday).date == dt.date(2022, 4, 24)


def test_without_any_date_words_the_event_is_dated_to_the_anchor(sentence: Callable[[str], Span]) -> None:
    assert resolve_date(sentence("The two sides discussed trade."), WEDNESDAY) == ResolvedDate(
        WEDNESDAY, "day", None
    )


def test_a_day_beats_a_year_in_the_same_sentence() -> None:
    resolved = resolve_date("On Tuesday the minister recalled the 2015 accord signed in 2015.", WEDNESDAY)
    assert (resolved.date, resolved.precision) == (dt.date(2022, 4, 26), "day")


def test_the_trigger_picks_the_nearest_date(sentence: Callable[[str], Span]) -> None:
    span = sentence("The president, who arrived on Monday, met the prime minister on Tuesday.")
    met = next(token for token in span if token.text == "met")
    assert resolve_date(span, WEDNESDAY, trigger=met).date == dt.date(2022, 4, 26)
    assert resolve_date(span, WEDNESDAY).date == dt.date(2022, 4, 25)


@given(
    anchor=st.dates(min_value=dt.date(1950, 1, 8), max_value=dt.date(2090, 12, 31)),
    weekday=st.sampled_from(WEEKDAYS),
    preposition=st.sampled_from(["on", "On", "late on", "early on"]),
)
def test_a_past_weekday_is_the_right_day_within_the_week_before_the_anchor(
    anchor: dt.date, weekday: str, preposition: str
) -> None:
    resolved = resolve_date(f"The two ministers met {preposition} {weekday.capitalize()}.", anchor)
    assert resolved.precision == "day"
    assert resolved.date <= anchor
    assert (anchor - resolved.date).days <= 6
    assert resolved.date.weekday() == WEEKDAYS.index(weekday)


@given(
    anchor=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=1, max_value=28),
)
def test_an_explicit_date_without_year_is_never_months_after_the_anchor(
    anchor: dt.date, month: int, day: int
) -> None:
    name = dt.date(2000, month, day).strftime("%B")
    resolved = resolve_date(f"Officials met on {name} {day}.", anchor)
    assert (resolved.date.month, resolved.date.day) == (month, day)
    assert resolved.date.year in (anchor.year, anchor.year - 1)
    assert (resolved.date.year, resolved.date.month) <= (anchor.year, anchor.month)


def test_a_possessive_weekday_dates_its_noun_not_the_verb(sentence: Callable[[str], Span]) -> None:
    # the praise came on the day of the story; only the vote was on Monday
    span = sentence("Opposition leaders praised Monday's vote to extend the truce.")
    praised = next(token for token in span if token.text == "praised")
    assert resolve_date(span, WEDNESDAY, trigger=praised).text is None
    assert resolve_date("Opposition leaders praised Monday 's vote", WEDNESDAY).text is None
    assert resolve_date("Opposition leaders praised Monday\u2019s vote.", WEDNESDAY).text is None
    assert resolve_date("Opposition leaders praised Monday night's vote.", WEDNESDAY).text is None
    # a day of its own in the same sentence still dates the verb
    span = sentence("On Tuesday, opposition leaders praised Monday's vote.")
    praised = next(token for token in span if token.text == "praised")
    assert resolve_date(span, WEDNESDAY, trigger=praised).date == dt.date(2022, 4, 26)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Monday's bombing killed nine soldiers at the checkpoint.", "killed", dt.date(2022, 4, 25)),
        ("Monday's bombing killed nine soldiers at the checkpoint.", "bombing", dt.date(2022, 4, 25)),
        ("Monday night's bombing killed nine soldiers at the checkpoint.", "killed", dt.date(2022, 4, 25)),
        ("Speaking ahead of Tuesday's summit, the envoy urged restraint.", "urged", dt.date(2022, 4, 26)),
    ],
)
def test_a_possessive_weekday_dates_its_own_deed_its_subject_and_a_time_preposition(
    sentence: Callable[[str], Span], text: str, trigger: str, expected: dt.date
) -> None:
    span = sentence(text)
    token = next(t for t in span if t.text == trigger)
    assert resolve_date(span, WEDNESDAY, trigger=token).date == expected
    assert resolve_date(text, WEDNESDAY).date == expected  # bare strings: at the start, or after "ahead of"


def test_a_possessive_weekday_in_the_object_of_blame_is_not_the_blaming_day(
    sentence: Callable[[str], Span],
) -> None:
    span = sentence("The government blamed a rival faction for Sunday's ambush on the convoy.")
    blamed = next(token for token in span if token.text == "blamed")
    assert resolve_date(span, WEDNESDAY, trigger=blamed).text is None
    assert resolve_date(span, WEDNESDAY).date == dt.date(2022, 4, 24)  # the sentence does state a day


def test_a_bare_weekday_after_the_verb_dates_it(sentence: Callable[[str], Span]) -> None:
    span = sentence("The convoy came under rocket fire Monday near the border crossing.")
    came = next(token for token in span if token.text == "came")
    assert resolve_date(span, WEDNESDAY, trigger=came) == ResolvedDate(dt.date(2022, 4, 25), "day", "Monday")
