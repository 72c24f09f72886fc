"""What the coder remembers between the sentences of one article: its discourse state.

The events stage reads an article sentence by sentence. Some sentences only make sense with what
came before: "the two sides" are the parties of the last event, "condemned the attack" blames the
doer of the last attack reported, "vowed to respond" answers whoever last acted against the
speaker's country, and a sentence with no date of its own happens on the day of the last event.
:class:`DiscourseState` holds exactly that memory, and nothing else, so that every rule that uses it
names what it reads (``state.last_pair``, ``state.last_assault``, ...).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tacitus.dates import ResolvedDate
from tacitus.records import Actor, Event

if TYPE_CHECKING:
    from tacitus.actors import ActorMention

PAIR_REACH = 2
"""How many sentences after an event "they" and "the two sides" may still mean its two parties."""


@dataclass(frozen=True)
class DiscourseRule:
    """A rule that takes an event's speaker or target from an earlier sentence rather than from the
    sentence that states the event. An event it supplies records ``discourse:<name>`` among its
    dictionary entries (``tacitus explain`` prints it) and has its confidence multiplied by
    ``confidence``: the further the words are from the event, the likelier a wrong guess."""

    name: str
    confidence: float
    example: str


DISCOURSE_RULES: dict[str, DiscourseRule] = {rule.name: rule for rule in (
    DiscourseRule("quotation:after", 0.9,
                  '"We have been patient. Borduria must free the crew," the minister said. (the first sentence: '
                  'its speaker is named after the quotation closes, in the next one)'),
    DiscourseRule("quotation:before", 0.9,
                  'The minister said: "We have been patient. Borduria must free the crew." (the second sentence: '
                  'its speaker is named before the quotation opens)'),
    DiscourseRule("quotation:continued", 0.85,
                  '"We want calm," the minister said. "But if they strike, we will retaliate." (a quotation with no '
                  'attribution of its own right after an attributed one: the same speaker)'),
    DiscourseRule("quotation:introduced", 0.8,
                  'The minister spoke to reporters on Monday. "Borduria must free the crew." (a quotation attributed '
                  'nowhere, opening right after a sentence of saying or speaking: that sentence\'s subject)'),
    DiscourseRule("last-attacker", 0.85,
                  'Gunmen stormed a train on Tuesday. "The attack will be responded to with full force," the minister '
                  'said. (a vow of response about "the attack": whoever carried out the last attack reported)'),
    DiscourseRule("last-offender", 0.85,
                  'Borduria shelled a Ruritanian border post. Ruritania vowed it would respond. (a vow with no one named: '
                  'whoever last acted against the speaker\'s country)'),
    DiscourseRule("story-pair", 0.8,
                  '"... then we will retaliate," the Ruritanian minister said. (no one named or acting before: the other '
                  'country of the article\'s main pair)'),
    DiscourseRule("they-named-before", 0.8,
                  'Kenya accused Somalia of stoking tensions. "They must stop arming the militias," the minister '
                  'said. ("they" in the speaker\'s words: the last party named before that is not the speaker\'s side)'),
)}
"""The discourse rules by name (see :class:`DiscourseRule`)."""


@dataclass
class DiscourseState:
    """The memory carried from one sentence of an article to the next."""

    sentence: int = 0  # the index of the sentence being coded
    last_pair: tuple[Actor, Actor] | None = None  # the parties of the last targeted event
    last_pair_sentence: int = -10
    last_date: ResolvedDate | None = None  # the day of the last event coded: the narrative's "now"
    last_assault: Event | None = None  # for "condemned the attack"
    story_day: dt.date | None = None  # the day an undated lead is about (no dateline date)
    # the day of a first dated sentence that coded nothing ("X was killed in a gun battle with police
    # Friday"): the day of the deeds told next with no day of their own ("'The police returned fire'"),
    # until an event sets the narrative's day; it does not become that day itself
    lead_day: ResolvedDate | None = None
    # the day of a later sentence that states a day and codes nothing ("On Wednesday, Trump levied
    # tariffs on ..."), with its index: the day of a deed told in the next sentence with no day of its
    # own ("Canada imposed new tariffs ..."), rather than the day of the last event coded; like
    # lead_day, it does not become the narrative's day
    quiet_day: tuple[int, ResolvedDate] | None = None
    history: list[Event] = field(default_factory=list)  # every event coded so far
    # the day a sentence of saying or writing states ("Zelenskyy wrote Wednesday ..."), with its index,
    # for "He added that ..." right after it
    said: tuple[int, ResolvedDate] | None = None
    # who the last quotation was attributed to, with the sentence's index: the speaker of a quotation
    # that opens in the next sentence with no attribution of its own (tacitus.speech)
    quoted: tuple[int, ActorMention] | None = None

    def read_quietly(self, index: int, day: ResolvedDate | None) -> None:
        """Note a sentence that coded nothing, with the past day it states (``None``: none)."""
        self.quiet_day = (index, day) if day is not None and day.precision == "day" else None

    def deed_day(self) -> ResolvedDate | None:
        """The day of a deed with no day of its own: the day of the sentence just before, if that
        sentence stated one and coded nothing (:attr:`quiet_day`), else the dated lead's (:attr:`lead_day`)
        while no event has set the narrative's day."""
        if self.quiet_day is not None and self.quiet_day[0] == self.sentence - 1:
            return self.quiet_day[1]
        return self.lead_day if self.last_date is None else None

    def pair_in_reach(self) -> tuple[Actor, Actor] | None:
        """The parties of the last event, if it was told at most :data:`PAIR_REACH` sentences ago."""
        if self.last_pair is not None and self.sentence - self.last_pair_sentence <= PAIR_REACH:
            return self.last_pair
        return None

    def remember(self, events: list[Event], when: ResolvedDate, *, background: bool, mediated: bool) -> None:
        """Record the events just coded from one trigger.

        ``background``: told in a relative clause ("a strike that killed ..."), so its day is not the
        narrative's new "now"; ``mediated``: a mediator's event, which leaves "the two sides" meaning
        the two parties rather than the mediator and one of them.
        """
        self.history.extend(events)
        if events[-1].plover_type == "ASSAULT":
            self.last_assault = events[-1]
        borrowed = when is self.lead_day or (self.quiet_day is not None and when is self.quiet_day[1])
        if when.precision == "day" and not background and not borrowed:
            self.last_date = when
        if events[-1].target is not None and not mediated:
            self.last_pair = (events[-1].source, events[-1].target)
            self.last_pair_sentence = self.sentence
