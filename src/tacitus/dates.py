"""Time: the day an event happened, resolved from the words of its sentence against an anchor date.

News says "on Wednesday", "yesterday", "Sept. 18" or "last month"; the *anchor* is the day the
story was filed (the dateline date, else the publication date). :func:`resolve_date` reads the
sentence and returns a :class:`ResolvedDate` with a precision:

* a weekday ("on Wednesday") is the most recent such day on or before the anchor; when the
  clause is about the future ("will visit on Monday", "was due to meet later on Sunday") it is
  the first such day on or after the anchor, and "next Monday" is strictly after it;
* "today", "tonight", "this morning" are the anchor; "yesterday" the day before; "tomorrow" the
  day after; "N days ago" counts back;
* "earlier in the day", "later that day", "the same day" are the previous event's day (else
  the anchor); "the day before" / "a day earlier" is the day before that;
* an explicit date ("April 27", "Sept. 18", "27 March 2021", "2022-04-27") is that day; without
  a year it takes the anchor's year, or the year before when its month is after the anchor's
  month (a story filed in January about "December 28");
* a month ("in March", "March 2021") has month precision; a year ("in 2015") year precision;
  "last week" / "last month" month precision, "last year" year precision (the previous year);
* a possessive date ("Tuesday's announcement") dates its noun: it is the date of the event only when
  that noun states the event or its subject ("Tuesday's attack killed ..."), or when a preposition
  of time puts the event beside it ("ahead of Wednesday's hearing"), not of "welcomed Tuesday's
  announcement" (a string, without a parse, keeps it only at its start or after such a preposition);
* otherwise the event is dated to the anchor, day precision, with no text.

Month- and year-precision dates are the first day of their month or year. Hand-written
rules, not ``dateparser``: they are right about weekdays and cost microseconds per sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from tacitus.records import DatePrecision

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("January", "Jan"),
        ("February", "Feb"),
        ("March", "Mar"),
        ("April", "Apr"),
        ("May",),
        ("June", "Jun"),
        ("July", "Jul"),
        ("August", "Aug"),
        ("September", "Sept", "Sep"),
        ("October", "Oct"),
        ("November", "Nov"),
        ("December", "Dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name.lower()] = _number

NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Each rule: (kind, pattern). Patterns are case-sensitive for month names ("May" is not "may").
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?")),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<modifier>next|last|this|this\s+coming|coming|past|this\s+past)\s+)?"
            r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "same_day",
        re.compile(
            r"\b(?:earlier|later)\s+(?:in|on)\s+(?:the|that)\s+day\b|\b(?:later|earlier)\s+that\s+day\b"
            r"|\b(?:the\s+same|that\s+same)\s+day\b",
            re.IGNORECASE,
        ),
    ),
    (
        "day_before",
        re.compile(
            r"\b(?:the\s+(?:previous|preceding)\s+day|the\s+day\s+before|a\s+day\s+(?:earlier|before))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "days_ago",
        re.compile(
            r"\b(?P<count>\d+|a|one|two|three|four|five|six|seven|ten)\s+days?\s+ago\b", re.IGNORECASE
        ),
    ),
    ("today", re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.IGNORECASE)),
    ("yesterday", re.compile(r"\b(?:yesterday|last\s+night)\b", re.IGNORECASE)),
    ("tomorrow", re.compile(r"\btomorrow\b", re.IGNORECASE)),
    ("month_year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b")),
    (
        "month",
        re.compile(
            rf"\b(?i:in|since|until|by|during|early|late|mid|mid-|end\s+of|beginning\s+of)\s+(?:-\s*)?{_MONTH}(?!\w)"
        ),
    ),
    (
        "relative_period",
        re.compile(
            r"\b(?P<modifier>last|this|next|past|earlier\s+this|later\s+this)\s+"
            r"(?P<period>week|month|year)\b",
            re.IGNORECASE,
        ),
    ),
    ("year", re.compile(rf"\b(?i:in|since|until|by|during|of|early|late|mid-?)\s+{_YEAR}\b")),
)

# What the lower-cased text must contain for a rule to have a chance: most sentences carry no
# date words, and skipping the patterns that cannot match makes the search twice as fast.
_GATES: dict[str, re.Pattern[str]] = {
    "month": re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"),
    "day": re.compile(r"day"),
    "iso": re.compile(r"\d-"),
    "ago": re.compile(r"ago"),
    "today": re.compile(r"today|tonight|this"),
    "yesterday": re.compile(r"yesterday|night"),
    "tomorrow": re.compile(r"tomorrow"),
    "period": re.compile(r"week|month|year"),
    "year": re.compile(r"19\d\d|20\d\d"),
}
_GATE_OF = {
    "iso": "iso", "month_day": "month", "day_month": "month", "weekday": "day", "same_day": "day",
    "day_before": "day", "days_ago": "ago", "today": "today", "yesterday": "yesterday", "tomorrow": "tomorrow",
    "month_year": "year", "month": "month", "relative_period": "period", "year": "year",
}  # fmt: skip

# How strongly an expression dates the event: a day beats a month beats a year.
_STRENGTH = {
    "iso": 3,
    "month_day": 3,
    "day_month": 3,
    "weekday": 3,
    "same_day": 3,
    "day_before": 3,
    "days_ago": 3,
    "today": 3,
    "yesterday": 3,
    "tomorrow": 3,
    "month_year": 2,
    "month": 2,
    "relative_period": 1,
    "year": 1,
}

_FUTURE_MARKERS = {
    "will",
    "would",
    "shall",
    "'ll",
    "scheduled",
    "due",
    "expected",
    "plans",
    "plan",
    "planned",
    "set",
}


@dataclass(frozen=True)
class ResolvedDate:
    """The day an event happened, how precisely it is known, and the words that fixed it."""

    date: dt.date
    precision: DatePrecision  # "day", "month" (date is the 1st) or "year" (date is 1 January)
    text: str | None = None  # "on Wednesday", "Sept. 18"; None when the anchor was used by default


DATES_FILE = "lexicon/dates.yaml"


@lru_cache(maxsize=1)
def _date_words() -> dict[str, frozenset[str]]:
    from tacitus.lexicon import read_word_lists

    return read_word_lists(Path(str(resources.files("tacitus") / "data" / DATES_FILE))).lists


_POSSESSIVE = re.compile(r"(?:\s+(?:morning|afternoon|evening|night))?\s?['\u2019]s\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Match:
    kind: str
    start: int
    end: int
    groups: dict[str, str | None]
    text: str
    possessive: bool = False  # "Tuesday's": the date of the noun that follows


def resolve_date(
    sentence: Span | str,
    anchor: dt.date,
    previous: ResolvedDate | None = None,
    *,
    trigger: Token | None = None,
) -> ResolvedDate:
    """The date of the event stated in ``sentence``, resolved against ``anchor``.

    ``previous`` is the date of the previous event in the same article ("later that day").
    ``trigger`` (the event's verb) picks, among several day-level expressions, the one nearest
    to it; otherwise the first one in the sentence wins.
    """
    text = sentence if isinstance(sentence, str) else sentence.text
    matches = _find(text)
    if isinstance(sentence, str):
        matches = [m for m in matches if not m.possessive or _possessive_governs(text, m)]
    elif trigger is not None:
        matches = [m for m in matches if not m.possessive or _possessive_dates_trigger(sentence, m, trigger)]
    if not matches:
        return ResolvedDate(anchor, "day", None)
    best_strength = max(_STRENGTH[m.kind] for m in matches)
    candidates = [m for m in matches if _STRENGTH[m.kind] == best_strength]
    if trigger is not None and not isinstance(sentence, str) and len(candidates) > 1:
        candidates.sort(key=lambda m: _distance_to_trigger(sentence, m, trigger))
    for match in candidates:
        resolved = _resolve(match, text, sentence, anchor, previous)
        if resolved is not None:
            return resolved
    return ResolvedDate(anchor, "day", None)


def told_in_the_present(token: Token) -> bool:
    """Whether a main-clause verb is told in the present ("chicken sellers are pleading with ...",
    "Borduria accuses Ruritania of ..."): with no day of its own it is the news of the story's day,
    not of the day of the deed told before it."""
    if token.dep_ not in ("ROOT", "conj") or (token.dep_ == "conj" and token.head.dep_ != "ROOT"):
        return False
    if token.tag_ in ("VBZ", "VBP"):
        return True
    return token.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in token.children)


def weekday_on_or_before(anchor: dt.date, weekday: int) -> dt.date:
    """The most recent day with ``weekday`` (0 = Monday) on or before ``anchor``."""
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def weekday_on_or_after(anchor: dt.date, weekday: int) -> dt.date:
    """The first day with ``weekday`` (0 = Monday) on or after ``anchor``."""
    return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)


def weekday_after(anchor: dt.date, weekday: int) -> dt.date:
    """The first day with ``weekday`` (0 = Monday) strictly after ``anchor``."""
    return anchor + dt.timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)


def _find(text: str) -> list[_Match]:
    found: list[_Match] = []
    taken: list[tuple[int, int]] = []
    lower = text.lower()
    open_gates: dict[str, bool] = {}
    for kind, pattern in _RULES:
        gate = _GATE_OF[kind]
        if gate not in open_gates:
            open_gates[gate] = _GATES[gate].search(lower) is not None
        if not open_gates[gate]:
            continue
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue  # inside a longer, earlier-ranked expression ("April 27, 2022" vs "in April")
            possessive = _POSSESSIVE.match(text, m.end()) is not None
            found.append(_Match(kind, m.start(), m.end(), m.groupdict(), m.group(0), possessive))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda m: m.start)
    return found


def _resolve(
    match: _Match, text: str, sentence: Span | str, anchor: dt.date, previous: ResolvedDate | None
) -> ResolvedDate | None:
    kind, groups, words = match.kind, match.groups, _with_preposition(text, match)
    if kind in ("iso", "month_day", "day_month"):
        month = _month_number(groups["month"])
        day = int(groups["day"] or 0)
        if month is None:
            return None
        year = _year(groups.get("year"), anchor, month, sentence, match)
        try:
            return ResolvedDate(dt.date(year, month, day), "day", words)
        except ValueError:
            return None  # "February 30": not a date
    if kind == "weekday":
        weekday = WEEKDAYS.index((groups["weekday"] or "").lower())
        modifier = " ".join((groups.get("modifier") or "").lower().split())
        forward = modifier in ("next", "this coming", "coming") or (
            modifier not in ("last", "past", "this past") and _is_future(sentence, match)
        )
        if modifier == "last" and anchor.weekday() == weekday:
            that_day = anchor - dt.timedelta(days=7)
        elif modifier == "next":
            that_day = weekday_after(anchor, weekday)
        elif forward:  # "was due to meet later on Sunday", filed on a Sunday: that same day
            that_day = weekday_on_or_after(anchor, weekday)
        else:
            that_day = weekday_on_or_before(anchor, weekday)
        return ResolvedDate(that_day, "day", words)
    if kind == "same_day":
        return ResolvedDate(
            previous.date if previous else anchor, previous.precision if previous else "day", words
        )
    if kind == "day_before":
        base = previous.date if previous and previous.precision == "day" else anchor
        return ResolvedDate(base - dt.timedelta(days=1), "day", words)
    if kind == "days_ago":
        count = groups["count"] or "1"
        days = int(count) if count.isdigit() else NUMBER_WORDS[count.lower()]
        return ResolvedDate(anchor - dt.timedelta(days=days), "day", words)
    if kind == "today":
        return ResolvedDate(anchor, "day", words)
    if kind == "yesterday":
        return ResolvedDate(anchor - dt.timedelta(days=1), "day", words)
    if kind == "tomorrow":
        return ResolvedDate(anchor + dt.timedelta(days=1), "day", words)
    if kind in ("month_year", "month"):
        month = _month_number(groups["month"])
        if month is None:
            return None
        year = _year(groups.get("year"), anchor, month, sentence, match)
        return ResolvedDate(dt.date(year, month, 1), "month", words)
    if kind == "relative_period":
        return _relative_period(
            anchor, (groups["modifier"] or "").lower(), (groups["period"] or "").lower(), words
        )
    if kind == "year":
        return ResolvedDate(dt.date(int(groups["year"] or anchor.year), 1, 1), "year", words)
    return None


def _relative_period(anchor: dt.date, modifier: str, period: str, words: str) -> ResolvedDate:
    step = {"last": -1, "past": -1, "next": 1}.get(modifier.split()[0] if modifier else "", 0)
    if period == "year":
        return ResolvedDate(dt.date(anchor.year + step, 1, 1), "year", words)
    if period == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + step
        return ResolvedDate(dt.date(month_index // 12, month_index % 12 + 1, 1), "month", words)
    day = anchor + dt.timedelta(days=7 * step)  # a week: known to its month
    return ResolvedDate(day.replace(day=1), "month", words)


def _year(written: str | None, anchor: dt.date, month: int, sentence: Span | str, match: _Match) -> int:
    """The year as written, else inferred from the anchor and the tense of the clause."""
    if written:
        return int(written)
    return _infer_year(anchor, month, _is_future(sentence, match))


def _infer_year(anchor: dt.date, month: int, future: bool) -> int:
    """A month after the anchor's month is last year's, unless the sentence speaks of the future."""
    if month > anchor.month and not future:
        return anchor.year - 1
    if month < anchor.month and future and anchor.month - month > 6:
        return anchor.year + 1  # filed in December about "January 5" to come
    return anchor.year


def _month_number(name: str | None) -> int | None:
    if name is None:
        return None
    if name.isdigit():
        return int(name) if 1 <= int(name) <= 12 else None
    return MONTHS.get(name.rstrip(".").lower())


def _with_preposition(text: str, match: _Match) -> str:
    """The matched words with a preceding "on"/"in" ("on Wednesday"), as they read in the text."""
    before = text[: match.start]
    prefix = re.search(r"\b(on|in|On|In)\s+$", before)
    return (prefix.group(0) if prefix else "") + match.text


def _possessive_governs(text: str, match: _Match) -> bool:
    """Whether a possessive date in a bare string dates the string's event: it opens the string
    ("Tuesday's attack killed ...", a deed's own phrase) or follows a preposition of time."""
    before = " ".join(re.findall(r"[\w']+", text[: match.start].lower()))
    if not before:
        return True
    return any(before == p or before.endswith(" " + p) for p in _date_words()["possessive_time_prepositions"])


def _possessive_dates_trigger(sentence: Span, match: _Match, trigger: Token) -> bool:
    """Whether "Tuesday's X" dates the trigger: X is the trigger, its subject, or the object of a
    preposition of time ("met ahead of Monday's vote")."""
    span = sentence.char_span(match.start, match.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    word = span.root
    if word.head.lower_ in ("morning", "afternoon", "evening", "night") and word.head.i == word.i + 1:
        word = word.head  # "Monday night's vote"
    noun = word.head if word.dep_ == "poss" else word
    if noun == trigger:
        return True
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head == trigger:
        return True
    if noun.dep_ == "pobj":  # "ahead of Wednesday's hearing", not "blamed India for Tuesday's attack"
        return _possessive_governs(sentence.text, match)
    return False


def _governing_verb(sentence: Span, match: _Match) -> Token | None:
    """The verb a date expression modifies ("met" in "met ... on Tuesday")."""
    span = sentence.char_span(match.start, match.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    head = span.root
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        head = head.head
    return head


def _distance_to_trigger(sentence: Span, match: _Match, trigger: Token) -> tuple[int, int]:
    """Sort key: expressions attached to the trigger first, then the nearest in characters."""
    attached = 0 if _governing_verb(sentence, match) == trigger else 1
    at = trigger.idx - sentence.start_char
    return attached, min(abs(match.start - at), abs(match.end - at))


def _is_future(sentence: Span | str, match: _Match) -> bool:
    """Whether the clause holding the date expression speaks of the future ("will meet on Monday")."""
    if isinstance(sentence, str):
        # "... will meet on Monday", or a fronted date: "On Tuesday, the minister will meet ..."
        return _future_in_text(sentence[: match.start]) or _future_after(sentence[match.end:])
    head = _governing_verb(sentence, match)
    if head is None:
        return _future_in_text(sentence.text[: match.start])
    words = {child.lower_ for child in head.children if child.dep_ in ("aux", "auxpass", "xcomp", "advmod")}
    words.add(head.lower_)
    if head.dep_ == "xcomp":  # "is scheduled to visit on Monday"
        words.add(head.head.lower_)
        words |= {child.lower_ for child in head.head.children if child.dep_ in ("aux", "auxpass")}
    return bool(words & _FUTURE_MARKERS)


def _future_after(after: str) -> bool:
    """Whether the words after a fronted date put its clause in the future before any verb in the
    past does ("On Tuesday, the minister will meet ..." but not "On Tuesday, the minister said he will")."""
    for word in after.lower().replace(",", " ").split()[:8]:
        if word in _FUTURE_MARKERS:
            return True
        if word.endswith("ed") or word in ("said", "says", "told", "was", "were", "is", "are", "has", "had"):
            return False
    return False


def _future_in_text(before: str) -> bool:
    last_words = before.lower().split()[-4:]
    return bool(set(last_words) & _FUTURE_MARKERS)
