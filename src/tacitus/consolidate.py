"""Article-level consolidation: one event per source, target, type and day, with all its sentences.

A story tells its main event several times: in the lead, again in the body, in a quotation. The
coder codes each sentence on its own, so :func:`consolidate` merges what one article says about
the same deed:

* events with the same source, target, event type (CAMEO code: a visit and the talks held during
  it are two events of PLOVER's CONSULT), day and polarity are one event: the first stated is kept, and every later sentence that states
  it is kept as its provenance (:attr:`~tacitus.records.Event.support`), so the store records each
  supporting sentence;
* an event whose target only a last-resort rule guessed (``rules:focal-country`` ...) adds nothing
  when the article states the same source's deed of that type on that day with a named target in
  the same country, or in the same sentence: it joins that event as support.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from tacitus.records import Event

GUESSED_TARGET_RULES = frozenset({"rules:object-phrase", "rules:clause-place", "rules:focal-country"})
"""The dictionary entries of the fallbacks whose target is a guess (see :mod:`tacitus.rules`)."""

Key = tuple[str, str, str, dt.date, bool]


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
    merged = [kept[key] for key in order]
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
