"""Article-level consolidation: one event per source, target, type and day, with all its sentences.

A story tells its main event several times: in the lead, again in the body, in a quotation. The
coder codes each sentence on its own, so :func:`consolidate` merges what one article says about
the same deed:

* events with the same source, target, event type (CAMEO code: a visit and the talks held during
  it are two events of PLOVER's CONSULT), day and polarity are one event: the first stated is kept, and every later sentence that states
  it is kept as its provenance (:attr:`~tacitus.records.Event.support`), so the store records each
  supporting sentence;
* the same deed told once of a country and once of one of its officials (a headline's "U.S. urges
  China ..." and the body's "Washington's envoy urged Beijing ...") is one event: events of the same
  PLOVER type and day, stated in one sentence or in the headline and again below it -- or, for a
  statement (an accusation, a rejection, a request, a threat), anywhere in the article -- whose
  sources and targets are the same country where one side is the bare country, are merged into the
  more specific one (two officials of one country stay two events);
* a statement of the same two actors on one day under two CAMEO codes ("urged Beijing to ..." and
  a quoted "I appeal to my Chinese colleague ...") is one event;
* an event whose target only a last-resort rule guessed (``rules:focal-country`` ...) adds nothing
  when the article states the same source's deed of that type on that day with a named target in
  the same country, or in the same sentence: it joins that event as support.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import lru_cache

from tacitus.records import Actor, Event

GUESSED_TARGET_RULES = frozenset({"rules:object-phrase", "rules:clause-place", "rules:focal-country",
                                  "rules:model-target-focal-country"})
"""The dictionary entries of the fallbacks whose target is a guess (see :mod:`tacitus.rules`)."""


Key = tuple[str, str, str, dt.date, bool]


@lru_cache(maxsize=1)
def told_once_types() -> frozenset[str]:
    """The PLOVER types of statements, told once however often an article repeats them
    (``told_once_types`` in ``data/rules.yaml``)."""
    from tacitus.rules import rule_words

    return frozenset(rule_words()["told_once_types"])


def _key(event: Event) -> Key:
    target = event.target.key if event.target is not None else ""
    return (event.source.key, target, event.cameo_code, event.date, event.negated)


def guessed_target(event: Event) -> bool:
    """Whether the event's target was guessed by a last-resort fallback, not named in the text."""
    return any(entry in GUESSED_TARGET_RULES for entry in event.dictionary_entries)


def consolidate(events: list[Event]) -> list[Event]:
    """One event per (source, target, type, day, polarity) in an article, in the order first stated,
    with the sentences of the merged ones as support."""
    kept: dict[Key, Event] = {}
    order: list[Key] = []
    for event in events:
        key = _key(event)
        if key in kept:
            kept[key] = _supported(kept[key], event)
            continue
        kept[key] = event
        order.append(key)
    merged = _merge_told_twice([kept[key] for key in order])
    named = [e for e in merged if not guessed_target(e)]
    result: list[Event] = []
    absorbed: dict[int, Event] = {}
    for event in merged:
        if guessed_target(event):
            host = next((e for e in named if _same_deed(e, event)), None)
            if host is not None:
                absorbed[id(host)] = _supported(absorbed.get(id(host), host), event)
                continue
        result.append(event)
    return [absorbed.get(id(e), e) for e in result]


def _same_deed(named: Event, guessed: Event) -> bool:
    if (named.source.key, named.plover_type or named.cameo_code, named.date) != \
            (guessed.source.key, guessed.plover_type or guessed.cameo_code, guessed.date):
        return False
    if named.provenance.sentence_index == guessed.provenance.sentence_index:
        return True
    return named.target is not None and guessed.target is not None and named.target.country == guessed.target.country


def _supported(event: Event, other: Event) -> Event:
    """``event`` with ``other``'s sentences added to its provenance (each sentence once)."""
    have = {(p.sentence_index, p.start, p.end) for p in (event.provenance, *event.support)}
    extra = tuple(p for p in (other.provenance, *other.support) if (p.sentence_index, p.start, p.end) not in have)
    if not extra:
        return event
    return dataclasses.replace(event, support=event.support + extra,
                               confidence=max(event.confidence, other.confidence))


def _merge_told_twice(events: list[Event]) -> list[Event]:
    """Merge events of one type and day whose actors are the same or one is the other's bare country."""
    result: list[Event] = []
    for event in events:
        index = next((i for i, e in enumerate(result) if _same_telling(e, event)), None)
        if index is None:
            result.append(event)
            continue
        kept = result[index]
        if _specificity(event) > _specificity(kept):
            result[index] = _supported(event, kept)
        else:
            result[index] = _supported(kept, event)
    return result


def _same_telling(one: Event, other: Event) -> bool:
    if (one.plover_type or one.cameo_code, one.date, one.negated) != \
            (other.plover_type or other.cameo_code, other.date, other.negated):
        return False
    if (one.target is None) != (other.target is None):
        return False
    sides = [(one.source, other.source)] + ([(one.target, other.target)] if one.target and other.target else [])
    if not all(_covers(a, b) for a, b in sides):
        return False
    where = {one.provenance.sentence_index, other.provenance.sentence_index}
    one_telling = len(where) == 1 or min(where) == 0  # one sentence, or the headline and again below it
    statement = (one.plover_type or "") in told_once_types()
    if (one.source.key, one.target.key if one.target else "") != (other.source.key, other.target.key if other.target else ""):
        # "New Delhi rejected the charge" / "'We reject ...,' the Indian spokesman said": a statement is
        # one telling wherever the article repeats it (a visit or a deal by two officials is two events)
        return one_telling or statement
    # the same two actors, one statement, one day, two codes ("Washington's envoy urged Beijing to ..."
    # / "'I appeal to my Chinese colleague ...'")
    return statement and one.cameo_code != other.cameo_code


def _covers(one: Actor, other: Actor) -> bool:
    """The same actor, or the same country where one of them is the bare country."""
    if one.key == other.key:
        return True
    return bool(one.country) and one.country == other.country and (_bare(one) or _bare(other))


def _bare(actor: Actor) -> bool:
    return actor.kind == "country" and not actor.sector


def _specificity(event: Event) -> int:
    return sum(0 if _bare(a) else 1 for a in (event.source, event.target) if a is not None)
