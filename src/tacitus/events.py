"""Events: who did what to whom, read from the dependency parse with the patterns of ``data/verbs.yaml``.

Input: a parsed ``Doc``, its :class:`~tacitus.actors.ArticleActors`, and per-sentence dates and
places. Output: :class:`~tacitus.records.Event` records, and for ``tacitus explain`` a
:class:`Candidate` for every trigger word considered, coded or not, with the reason.

For each trigger word (a verb, noun or adjective named by a pattern) the coder finds:

* the **source**: the subject (``nsubj``), the agent of a passive ("was received *by* X"), the
  subject of the clause a participle, infinitive or conjunct depends on, the noun a participle
  modifies ("*visiting* minister Wei"), or the possessor of a noun ("*China's* support");
* the **target**: the slots the pattern names (direct object, "with", "to", ...), searched on the
  trigger, its object and the infinitive it governs; coordinated targets give one event each
  ("separate meetings with A and B");
* **symmetric** frames ("Iran and China met") take the second party as target;
* **reported speech** ("X supports Y, Raisi said"): the event is ``reported``, and a source that
  is the speaker's own country or institution is the speaker;
* **negation** ("did not meet") and background ("since 2016") are not coded; modal verbs make the
  event ``intended`` or ``hypothetical``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from tacitus.actors import ActorMention, ArticleActors, references
from tacitus.codebook import cameo
from tacitus.dates import NUMBER_WORDS, ResolvedDate, resolve_date, told_in_the_present
from tacitus.discourse import DISCOURSE_RULES, DiscourseState
from tacitus.lexicon import (  # noqa: F401  (re-exported: the loader moved to tacitus.lexicon)
    PATTERN_FILE,
    Pattern,
    Patterns,
    builtin_patterns,
    index_patterns,
    load_patterns,
    read_patterns,
    words,
)
from tacitus.places import country_place, geocode, struck_place
from tacitus.records import Actor, Event, Modality, Place, Provenance
from tacitus.rules import (
    FRAME_VETO_RULES,
    TARGET_FALLBACKS,
    Fallback,
    Intent,
    Sources,
    Targets,
    Trigger,
    announced,
    first_fallback,
    first_source_fallback,
    first_veto,
    own_force,
    rule_words,
    vague_past,
)

SPEECH_VERBS = words("speech_verbs")
INTRODUCING_VERBS = words("introducing_verbs")
"""Verbs of a sentence that introduces the quotation opening the next one ("X spoke to reporters. “...”")."""
INTENT_HEADS = words("intent_heads")
INTENT_ON_ACT = "veto:intent-on-act"
HYPOTHETICAL_AUX = words("hypothetical_aux")
FUTURE_AUX = words("future_aux")
BACKGROUND_WORDS = words("background_words")
REFERENCE_PREPOSITIONS = words("reference_prepositions")
OLD_NEWS = dt.timedelta(days=14)
QUOTE_OPENERS = frozenset({'"', "\u201c"})
"""The marks that open a quotation (a sentence opening with one may go on with the telling before it)."""
LEAD_DAYS = dt.timedelta(days=7)  # how far before the story a first dated sentence may set DiscourseState.lead_day
"""Events dated to a day this long before the article are background ("held talks in Riyadh on Feb. 18")."""
HISTORY = dt.timedelta(days=31)
"""Events dated only to a month or year this long before the article are background, not news."""
PAIR_REACH = 2
"""How many sentences after an event "they" and "the two sides" may still mean its two parties."""
RECIPROCAL = words("reciprocal")
RELATIVE_PRONOUNS = words("relative_pronouns")
YEAR = re.compile(r"(?:19|20)\d\d")
FUTURE_PERIOD = re.compile(r"\b(?:later|next|coming)\b", re.IGNORECASE)
AGREEMENT_VERBS = words("agreement_verbs")
MEMBER_NOUNS = words("member_nouns")
"""Heads that name the members of a body, not the body: "14 European Union members", "member states"."""
REFUSAL_HEADS = words("refusal_heads")
REQUEST_WORDS = words("request_words")
CONTINUATION_WORDS = words("continuation_words")
SAME_MEETING = "the parties of the last event: the same meeting, told further"
MEETING_CODES = frozenset({"040", "042", "043", "044"})
JOINT_ACTS = frozenset({"057", "062"})
"""Acts no party does alone: a signing or a drill "with" a partner is the partner's act too."""
MET_CODES = frozenset({"040", "041", "043", "044", "046"})
"""Codes of two parties meeting or talking (a visit to a country is not yet a meeting with its leader)."""
INTENT_TO_MEET = "036"
EVENT_NOUNS = words("deed_nouns")
STATEMENT_NOUNS = words("statement_nouns")
CAUSE_NOUNS = words("cause_nouns")
TRADED_GOODS = words("traded_goods")
REPRESSION_ROOTS = tuple(sorted(words("repression_roots")))
NO_TARGET = "none"
AIMED_PREPOSITIONS = frozenset({"around", "near", "off", "against", "toward", "towards"})
"""Prepositions of a place a show of force is aimed at ("drills around the island"); "at" names a venue."""
FOCAL_FALLBACK = "focal-country"  # the guess a pattern with NO_TARGET does without
UNTARGETED_FALLBACK = "untargeted"  # the fallback its events with no target are recorded under
ARMED_GROUP_SECTORS = frozenset({"REB", "INS", "SEP", "UAF"})
"""Sectors of groups whose "members" are the group itself ("Islamic State members"), unlike a bloc's."""
"""The target slot of a pattern whose event may have no target (verbs.yaml ``target: [..., none]``)."""
"""Nouns for a violent deed: "condemned the attack" blames whoever carried out the last one reported."""
SECURITY_SECTORS = frozenset({"MIL", "COP", "SPY"})
STATE_SECTORS = frozenset({None, "GOV", "DIP", "LEG", "JUD"})
"""Sectors of the state's civil side: its deeds on its own country as a whole are misread slots."""
"""Sectors whose spokesmen report their own deeds: such a speaker is the doer of an agentless deed."""
FORCE_ROOTS = frozenset({"18", "19", "20"})
"""CAMEO roots of force: such an event is placed where it struck."""
PARTIES_SLOT = "parties"
OFFENDER_SLOT = "offender"
"""A target slot: whoever the article last reported acting against the source's country (a vow to retaliate)."""
"""A target slot: both countries of the main dyad, when the source is neither (a mediator, a host of talks)."""
DYAD_SLOT = "dyad"
"""A target slot of ``verbs.yaml``: no target named, the other country of the article's main dyad
("Iran is ready to expand cooperation in all fields" in a story about Iran and China)."""


@dataclass
class Candidate:
    """A trigger word the coder looked at, and what became of it (shown by ``tacitus explain``)."""

    sentence: int
    token: int
    trigger: str
    pattern: str | None = None
    coded: bool = False
    reason: str = ""
    rule: str = ""  # the named rule that refused it ("veto:hypothetical") or found its target ("fallback:...")
    events: list[Event] = field(default_factory=list)


@dataclass
class SentenceContext:
    """What the events stage needs to know about one sentence besides its words."""

    index: int
    date: dt.date
    precision: str = "day"
    date_text: str | None = None
    place: Place | None = None
    speaker: ActorMention | None = None  # who is quoted, for sentences inside quotation marks
    # the discourse rule that found that speaker outside this sentence ("quotation:continued"), "" if the
    # sentence names its speaker itself (tacitus.discourse.DISCOURSE_RULES)
    speaker_rule: str = ""
    anchor: dt.date | None = None  # the article's anchor date
    lead_date: dt.date | None = None  # for a lead with no date: the first day the story gives


class EventCoder:
    """Codes the events of one document; keeps "the last event" to resolve "they" and "the two sides"."""

    def __init__(self, doc: Doc, actors: ArticleActors, patterns: Patterns, article_id: str = "",
                 dateline_country: Actor | None = None) -> None:
        self.doc = doc
        self.actors = actors
        self.patterns = patterns
        self.article_id = article_id
        self.dateline_country = dateline_country
        self.state = DiscourseState()  # what the article told so far: the last pair, attack, day ...
        self.candidates: list[Candidate] = []
        self.unyielding: set[int] = set()  # heads whose act was not coded: veto "intent-on-act" lets them through

    # -- actors of a token ----------------------------------------------------------------------

    def actors_of(self, token: Token, *, conjuncts: bool = True,
                  places: bool = False) -> list[tuple[Actor, ActorMention | None]]:
        """The actors a noun phrase headed by ``token`` denotes (several for "A and B", "the two sides");
        with ``places``, the country of a place phrase too ("in Beijing", "the Chinese capital")."""
        found: list[tuple[Actor, ActorMention | None]] = []
        heads = [token, *token.conjuncts] if conjuncts else [token]
        for head in heads:
            mention = self._mention_in(head)
            if mention is None and places:
                # "two Iraqi bases housing American troops": those housed, then the place, then where it
                # is ("the group's bases in western Iraq")
                housed = [o for c in head.children if c.dep_ == "acl" and c.tag_ == "VBG"
                          for o in c.children if o.dep_ == "dobj"]
                located = [p for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "inside")
                           for p in c.children if p.dep_ == "pobj"]
                mention = next((m for m in map(self._mention_in, housed) if m is not None), None) \
                    or self.actors.place_at(head) \
                    or next((m for m in map(self._mention_in, located) if m is not None and not m.pair), None)
                if mention is None and head.pos_ == "PROPN":
                    # "arrived in Samarkand", "struck targets in Kirkuk": a city of the gazetteer, by its country
                    country = _gazetteer_country(head)
                    if country is not None and all(country != other for other, _ in found):
                        found.append((country, None))
                    continue
            if mention is None:
                continue
            if conjuncts:  # "with Chief of Staff ... Bagheri and Defense Minister Ashtiani"
                heads.extend(c for k in range(mention.start, mention.end) for c in self.doc[k].conjuncts
                             if c not in heads and not mention.start <= c.i < mention.end)
            if mention.group:
                found.extend((actor, mention) for actor in mention.group)
            elif mention.pair:
                last_pair = self.state.pair_in_reach()
                if last_pair is not None:
                    found.extend((actor, mention) for actor in last_pair)
                elif mention.end - mention.start > 1 and len(self.actors.dyad) == 2:
                    # "the two presidents" long after their last event: the two countries of the story
                    found.extend((actor, mention) for actor in self.actors.dyad)
            else:
                actor = mention.resolved()
                if actor is not None and all(actor != other for other, _ in found):
                    found.append((actor, mention))
        return found

    def _mention_in(self, head: Token) -> ActorMention | None:
        mention = self.actors.at(head)
        if mention is not None:
            return mention
        if head.lemma_.lower() == "member" or head.lower_ == "members" or (head.lemma_.lower() in MEMBER_NOUNS
                                                 and any(c.lower_ == "member" for c in head.children)):
            # "14 European Union members, which also expelled ...": not the Union itself; but "seven Islamic
            # State members" are the armed group's own
            group = next((m for c in head.children if c.dep_ in ("compound", "nmod", "poss")
                          for m in (self.actors.at(c),) if m is not None and not m.pair
                          and (actor := m.resolved()) is not None and actor.kind != "country"
                          and actor.sector in ARMED_GROUP_SECTORS), None)
            if group is None and head.lower_ in ("member", "members"):
                # "members of the Kenyan parliament", "members of Pakistan's ruling party": a national body's
                # members act for it (but "members of the EU" or "of NATO" are states, not the body)
                group = next((m for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                              for p in c.children if p.dep_ == "pobj"
                              for m in (self.actors.at(p),) if m is not None and not m.pair and not m.group
                              and (actor := m.resolved()) is not None and actor.country and actor.sector), None)
            return group
        # "officials of Iran", "commanders of the Revolutionary Guard", "a U.S. Global Hawk drone":
        # a mention hanging off the phrase head
        for child in head.children:
            if child.dep_ in ("compound", "poss", "amod", "nmod"):
                mention = self.actors.at(child)
                if mention is None and child.dep_ == "compound":
                    mention = next((self.actors.at(c) for c in child.children if c.dep_ in ("compound", "nmod")
                                    and self.actors.at(c) is not None), None)
                if mention is not None:
                    return mention
        if head.pos_ in ("NOUN", "PROPN") and not self.actors.place_at(head):
            # "rejected an Indian proposal", "sanctions on Iranian oil exports"
            for child in head.children:
                if child.dep_ == "amod" and child.i in self.actors.modifiers:
                    return self.actors.modifiers[child.i]
        if head.pos_ == "NOUN" and head.lemma_.lower() in EVENT_NOUNS:
            # "condemned an attack by Serbian soldiers": the doer of the deed
            for child in head.children:
                if child.dep_ in ("prep", "agent") and child.lower_ == "by":
                    for obj in child.children:
                        mention = self._mention_in(obj) if obj.dep_ == "pobj" else None
                        if mention is not None:
                            return mention
        if head.pos_ == "NOUN":
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                    # "officials of Iran", "warships from Iran, China and Russia"
                    for obj in child.children:
                        mention = self.actors.at(obj) if obj.dep_ == "pobj" else None
                        if mention is not None and not mention.pair:
                            return mention
        return None

    # -- grammar ------------------------------------------------------------------------------------

    @staticmethod
    def subjects(verb: Token) -> list[Token]:
        """The subject tokens of a verb, through conjuncts, control and participles."""
        seen = 0
        while seen < 6:
            seen += 1
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
            if subjects and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") \
                    and all(s.lower_ in RELATIVE_PRONOUNS for s in subjects):
                return [verb.head]  # "Kenya's president, who thanked Japan": the president
            if subjects:
                return subjects
            agents = [c for c in verb.children if c.dep_ == "agent"]
            if agents:
                return [p for a in agents for p in a.children if p.dep_ == "pobj"]
            if verb.dep_ == "acl" and verb.head.lemma_.lower() in STATEMENT_NOUNS and verb.head.pos_ == "NOUN":
                # "issued a statement condemning X", "said in a note urging Y": the words of whoever issued it
                node = verb.head
                while node.dep_ in ("dobj", "pobj", "prep") and node.head.i != node.i:
                    node = node.head
                if node.pos_ in ("VERB", "AUX") and node.i != verb.head.i:
                    verb = node
                    continue
            if verb.dep_ in ("acl", "amod", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return [verb.head]
            if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp", "ccomp", "acomp", "prep", "pobj", "dobj") \
                    and verb.head.i != verb.i:
                verb = verb.head
                continue
            break
        # "Russian shelling wounded six civilians": the parser takes the deed noun for an adverb of the verb
        deeds = references().force_deed_nouns
        return [c for c in verb.lefts if c.dep_ in ("advmod", "npadvmod", "dep") and c.lower_ in deeds
                and any(m.dep_ in ("amod", "compound") for m in c.children)][:1]

    def _passive(self, verb: Token) -> tuple[list[Token], list[Token]] | None:
        """(sources, targets) of a passive clause: "X was received by Y"."""
        patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not patients:
            return None
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        return agents, patients

    @staticmethod
    def _direct_object(token: Token) -> Token | None:
        for child in token.children:
            if child.dep_ in ("dobj", "attr") or (child.dep_ == "nsubjpass"):
                return child
        if token.dep_ == "acl" and token.tag_ == "VBN":
            return token.head  # "talks hosted by China": what is hosted is the noun the participle modifies
        return None

    def _slot(self, token: Token, slot: str, depth: int = 5, places: bool = False) -> list[Token]:
        """The tokens filling one target slot with an actor, searched on ``token`` and the phrases it governs
        ("imposed sanctions on Monday on Belarus": Belarus, not Monday)."""
        found: list[Token] = []
        for child in token.children:
            if slot in ("dobj",) and child.dep_ == "dobj":
                found.append(child)
            elif slot == "that" and child.dep_ == "ccomp":
                # "warned that Iran would pay a price": the subject of the clause warned about
                found.extend(c for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
            elif slot == "dative" and child.dep_ == "dative":
                found.extend([p for p in child.children if p.dep_ == "pobj"] or [child])
            elif (child.dep_ in ("prep", "dative", "agent") or (child.dep_ == "conj" and child.pos_ == "ADP")) \
                    and child.lower_ == slot:
                # "with A, and with B": a coordinated preposition fills the same slot
                for prep in (child, *(c for c in child.conjuncts if c.lower_ == slot)):
                    objects = [p for p in prep.children if p.dep_ in ("pobj", "pcomp")]
                    if not objects and prep is child:
                        # "called on Energy Minister Murungi to resign": the parser leaves "on" bare and makes
                        # the person the verb's direct object
                        objects = [c for c in token.children if c.dep_ == "dobj" and c.i > child.i]
                    found.extend(objects)
                    # "tariffs on $20 billion worth of U.S. exports", "a ban on imports from Ruritania": whose
                    # goods they are
                    found.extend(owner for p in objects if not self.actors_of(p) for owner in self._goods_owners(p))
        found = [t for t in found if self.actors_of(t, places=places)
                 or " ".join(w.lower_ for w in t.subtree) in RECIPROCAL]
        if found and depth > 0:
            # "held talks with A, and with B": the parser hangs the second "with" on the verb, the first
            # on its object
            for child in token.children:
                if child.dep_ == "dobj":
                    found.extend(t for t in self._slot(child, slot, 0, places) if t not in found)
        if found or depth == 0:
            return found
        for child in token.children:
            if child.dep_ in ("xcomp", "dobj", "pcomp", "acl", "advcl", "prep", "pobj", "acomp") \
                    or (child.dep_ == "ccomp" and child.pos_ not in ("VERB", "AUX")):
                if child.dep_ == "prep" and child.lower_ in ("during", "in", "at", "on", "since"):
                    continue
                if child.dep_ in ("acl", "advcl") and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                    continue  # "dismissed claims it got arms from X": a clause with its own subject is not a slot

                found.extend(self._slot(child, slot, depth - 1, places))
                if found:
                    return found
        return found

    def _goods_owners(self, phrase: Token) -> list[Token]:
        """The country whose goods a phrase names ("$20 billion worth of U.S. exports", "imports from
        Ruritania", "Ruritanian steel"): a modifier or a "from"/"of" phrase of a noun of
        :data:`TRADED_GOODS` within it; "exports to X" names the buyer, not the owner."""
        owners: list[Token] = []
        for node in phrase.subtree:
            if node.pos_ not in ("NOUN", "PROPN") or node.lemma_.lower() not in TRADED_GOODS:
                continue
            if self.actors_of(node, conjuncts=False):
                return [node]  # "Brazilian exports", "U.S. goods", "imports from Ruritania"
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ in ("from", "of"):
                    # "imports from 35 countries, including China": the one named
                    owners.extend(q for p in child.children if p.dep_ == "pobj"
                                  for inc in p.children if inc.dep_ == "prep" and inc.lower_ == "including"
                                  for q in inc.children if q.dep_ == "pobj" and self.actors_of(q))
            if owners:
                break
        return owners

    def _negated(self, token: Token) -> bool:
        for node in (token, token.head if token.dep_ in ("xcomp", "acomp") else token):
            if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("neg", "det", "advmod")
                   for c in node.children):
                return True
        return False

    def _background(self, token: Token) -> str | None:
        for child in token.children:
            if child.dep_ == "advmod" and (child.lower_ in ("previously", "formerly")
                                           or (child.lower_ == "earlier" and token.dep_ == "relcl"
                                               and not any(c.dep_ == "prep" for c in child.children))):
                return f"background ('{child.text}' in a clause about what came before)"
            if child.dep_ == "mark" and child.lower_ in ("after", "before", "since") and token.dep_ == "advcl":
                return f"background ('{child.text} ...' tells what came before or after the news)"
            if child.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ == "when" for m in child.children) \
                    and any(t.like_num and YEAR.fullmatch(t.text) for t in child.subtree):
                # "upgraded their relations when Xi visited Tehran in January 2016": dated by its year, then
                return f"background ('when ...' dated to {next(t.text for t in child.subtree if YEAR.fullmatch(t.text))})"
            if child.dep_ == "prep" and child.lower_ == "since" and not any(c.dep_ == "pcomp" for c in child.children):
                # (but "his second visit since taking office" is news)
                return f"background ('since {' '.join(t.text for t in child.subtree if t is not child)}')"
            if child.dep_ == "prep" and child.lower_ in ("over", "in", "for", "during"):
                if any(c.dep_ == "pobj" and c.lemma_.lower() in CAUSE_NOUNS for c in child.children):
                    continue  # "in response to recent attacks", "in retaliation for": why it is done, not when
                words = {t.lower_ for t in child.subtree}
                if words & BACKGROUND_WORDS and words & rule_words()["background_modifiers"]:
                    return f"background ('{' '.join(t.text for t in child.subtree)}')"
        return None

    @staticmethod
    def _requested(token: Token) -> Token | None:
        """The request word an action hangs under: "urged Washington to *lift* sanctions", "China's call
        on the United States to *lift* its sanctions", "invited Li to *visit* Tehran" -- the action is asked
        for, not done (and its doer is the one asked, not the one asking)."""
        node = token
        for _ in range(3):
            if node.dep_ not in ("xcomp", "acl", "ccomp", "advcl", "relcl", "pcomp", "pobj", "prep") \
                    or node.head == node:
                return None
            if node.dep_ == "advcl" and node.tag_ == "VBG":
                return None  # "Threatening to kill the hostages, the rebels demanded ...": not what is asked
            node = node.head
            if node.lemma_.lower() in REQUEST_WORDS:
                return node
        return None

    def _modality(self, token: Token, pattern: Pattern) -> Modality:
        aux = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        if aux & HYPOTHETICAL_AUX or any(c.dep_ == "mark" and c.lower_ == "if" for c in token.children):
            return "hypothetical"
        if aux & FUTURE_AUX or (token.dep_ == "xcomp" and token.head.lemma_ in INTENT_HEADS):
            return "intended"
        return pattern.modality

    def _speaker(self, token: Token, context: SentenceContext) -> ActorMention | None:
        """Who says the clause holding ``token``: "X supports Y, Raisi said" / "Raisi said X supports Y"."""
        node = token
        for _ in range(8):
            for child in node.children:
                if child.dep_ in ("parataxis", "ccomp") and child.lemma_ in SPEECH_VERBS and child.i != token.i:
                    found = self._speaker_of(child)
                    if found is not None:
                        return found
            if node.lemma_ in SPEECH_VERBS and node.i != token.i:
                found = self._speaker_of(node)
                if found is not None:
                    return found
            if node.head.i == node.i:
                break
            node = node.head
        return context.speaker

    def _speaker_of(self, verb: Token) -> ActorMention | None:
        for subject in self.subjects(verb):
            mention = self._mention_in(subject)
            if mention is not None and not mention.pair and not mention.group:
                return mention
        return None

    # -- the coder ------------------------------------------------------------------------------------

    def code_sentence(self, sentence: Span, context: SentenceContext) -> list[Event]:
        state = self.state
        state.sentence = context.index
        if context.lead_date is not None and state.story_day is None:
            state.story_day = context.lead_date
        story_day = state.story_day or context.anchor or context.date
        if _opens_paragraph(sentence) and state.last_date is not None and state.last_date.date < story_day \
                and not self._continues(sentence):
            # a new paragraph after events of earlier days is back on the story's own day -- the
            # dateline's, or the day an undated lead is about: "Iran destroyed a U.S. drone on
            # Thursday." / "Trump said he was open to negotiations." is said on the day of the story
            state.last_date = None
        events: list[Event] = []
        consumed: set[int] = set()
        triggers: set[int] = set()
        yielded: list[tuple[Token, Candidate]] = []  # heads left to the act they name (veto "intent-on-act")
        for token in sentence:
            patterns = self.patterns.for_token(token)
            if not patterns:
                continue
            candidate = Candidate(sentence=context.index, token=token.i, trigger=token.text)
            self.candidates.append(candidate)
            if token.dep_ == "conj" and token.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass")
                                                                         for c in token.children) \
                    and (token.head.i in consumed or (token.head.i in triggers and token.head.tag_ != "VBG")):
                # "called for expanding X, and strengthening Y": a gerund hung on the trigger or on its
                # content is one more item of that content
                consumed.update(_content(token) | {token.i})
            if token.i in consumed and self.actors.at(token) is None:
                candidate.reason = "part of an event already coded in this sentence"
                continue
            coded = []
            first_reason = first_rule = ""
            target_missing = False  # some fitting pattern found its source but no target
            fitting = self._fitting(token, patterns, candidate)
            for last_resort in (False, True):
                # the implicit targets of the last-resort fallbacks only once no frame names one
                for pattern in fitting:
                    # "struck the group's bases": a frame that finds no actor gives way to the next one
                    # that fits ("strike against" a labour strike, then "strike X" an attack)
                    candidate.pattern = pattern.id
                    coded = self._code(token, pattern, sentence, context, candidate, last_resort=last_resort)
                    first_reason, first_rule = (first_reason, first_rule) if first_reason else \
                        (candidate.reason, candidate.rule)
                    target_missing = target_missing or candidate.reason.startswith("no target actor")
                    if coded or not (candidate.reason.startswith(("no target actor", "no source actor"))
                                     or candidate.rule in FRAME_VETO_RULES):
                        break
                if coded or not target_missing:
                    break
            if not coded and first_reason:
                candidate.reason, candidate.rule = first_reason, first_rule
            if candidate.rule == INTENT_ON_ACT:
                yielded.append((token, candidate))
            if candidate.reason == SAME_MEETING:
                consumed.update(_content(token))  # "discussed ways of expanding ties": still the meeting's topic
            if coded:
                candidate.coded = True
                candidate.reason = ""
                triggers.add(token.i)
                events.extend(coded)
                content = _content(token)
                if all(e.quad_class != 4 for e in coded):
                    # "Pakistan condemned an Iranian missile attack on ...": the attack is an event of its own
                    content = {i for i in content if self.doc[i].lemma_.lower() not in EVENT_NOUNS
                               or self.doc[i].pos_ != "NOUN"}
                consumed.update(content)
        events.extend(self._unyielded(yielded, triggers, sentence, context))
        anchor = context.anchor or context.date
        if not self.state.history and self.state.lead_day is None and context.date_text is not None \
                and context.precision == "day" and anchor - LEAD_DAYS <= context.date < anchor:
            # (tacitus.discourse.DiscourseState.lead_day)
            self.state.lead_day = ResolvedDate(context.date, "day", None)
        if not events:  # (tacitus.discourse.DiscourseState.quiet_day)
            self.state.read_quietly(context.index, ResolvedDate(context.date, "day", None) if context.date_text
                                    and anchor - LEAD_DAYS <= context.date < anchor else None)
        self._remember_telling_day(sentence, context)
        return events

    def _unyielded(self, yielded: list[tuple[Token, Candidate]], triggers: set[int], sentence: Span,
                   context: SentenceContext) -> list[Event]:
        """The heads that left their event to the act they name ("threatened to withhold aid"), coded
        after all when the act itself was not (its frame found no target): the bare threat or pledge."""
        events: list[Event] = []
        for head, candidate in yielded:
            if any(c.i in triggers for c in head.children):
                continue
            self.unyielding.add(head.i)
            candidate.rule = ""  # (its act was not coded: the head is tried on its own)
            for pattern in self._fitting(head, self.patterns.for_token(head), candidate):
                candidate.pattern = pattern.id
                coded = self._code(head, pattern, sentence, context, candidate)
                if coded:
                    candidate.coded, candidate.reason = True, ""
                    triggers.add(head.i)
                    events.extend(coded)
                    break
        return events

    def _remember_telling_day(self, sentence: Span, context: SentenceContext) -> None:
        """Keep the day a sentence of saying states, for the "He added that ..." sentence after it."""
        root = sentence.root
        if root.lemma_.lower() not in SPEECH_VERBS and root.lemma_.lower() != "write":
            return
        stated = resolve_date(sentence, context.anchor or context.date, self.state.last_date, trigger=root)
        said = self.state.said
        if stated.text is None and said is not None and said[0] == context.index - 1 and self._adds(sentence):
            # '"...," said the spokesperson.' right after the spokesperson's dated telling: the same telling
            self.state.said = (context.index, said[1])
            return
        self.state.said = (context.index, stated) if stated.text is not None and stated.precision == "day" else None

    def _telling(self, sentence: Span, context: SentenceContext) -> bool:
        """Whether a sentence is a telling with no day of its own ("X said, condemning ...", a quotation),
        other than "He added that ..." right after a dated telling."""
        said = self.state.said
        if said is not None and said[0] == context.index - 1 and self._adds(sentence):
            return False
        return sentence.root.lemma_.lower() in SPEECH_VERBS or context.speaker is not None

    def _adds(self, sentence: Span) -> bool:
        """"He added that ...", "She continued ...": a pronoun going on with the telling just before; also
        '"...," said the spokesperson.' (a speaker recalled by a pronoun or "the" + noun, no new name) and a
        quotation with no verb of saying right after a telling."""
        root = sentence.root
        subjects = [c for c in root.children if c.dep_ == "nsubj"]
        if root.lemma_.lower() in ("add", "continue") and any(c.pos_ == "PRON" for c in subjects):
            return True
        quoted = sentence.text.lstrip()[:1] in QUOTE_OPENERS
        if quoted and root.lemma_.lower() in SPEECH_VERBS:
            return bool(subjects) and all(c.pos_ == "PRON" or (
                c.pos_ == "NOUN" and any(d.lower_ == "the" for d in c.children)
                and not any(d.pos_ == "PROPN" for d in c.subtree)) for c in subjects)
        return quoted and root.lemma_.lower() not in SPEECH_VERBS \
            and not any(t.lemma_.lower() in SPEECH_VERBS and t.dep_ in ("ROOT", "parataxis", "ccomp") for t in sentence)

    def _continues(self, sentence: Span) -> bool:
        """Whether a sentence goes on about the last event: "also" ("Japan also praised India"), "the
        two sides", "they", or one of its persons by name ("Tinubu praised Senegal")."""
        persons = {a.key for a in self.state.last_pair or () if a.kind == "person"}
        for t in sentence:
            if t.lower_ in CONTINUATION_WORDS and t.dep_ == "advmod":
                return True
            mention = self.actors.at(t)
            if mention is not None and (mention.pair or (mention.person is not None
                                                         and mention.person.actor().key in persons)):
                return True
        return False

    def _fitting(self, token: Token, patterns: Sequence[Pattern], candidate: Candidate) -> list[Pattern]:
        """The patterns whose frame fits ``token``, in file order (the reasons for the others go to
        ``candidate`` when none fits)."""
        reasons = []
        fitting = []
        obj = self._direct_object(token)
        obj_lemma = obj.lemma_.lower() if obj is not None else None
        phrase_words: set[str] | None = None
        for pattern in patterns:
            if pattern.object and (obj_lemma not in pattern.object and
                                   (obj is None or obj.lower_ not in pattern.object)):
                reasons.append(f"{pattern.id}: object is not one of {sorted(pattern.object)[:4]}")
                continue
            if obj_lemma and obj_lemma in pattern.not_object:
                reasons.append(f"{pattern.id}: object '{obj_lemma}' excluded")
                continue
            if pattern.prep and not any(c.dep_ == "prep" and c.lower_ == pattern.prep for c in token.children):
                reasons.append(f"{pattern.id}: no '{pattern.prep}'")
                continue
            if pattern.words:
                if phrase_words is None:
                    phrase_words = {t.lemma_.lower() for t in token.subtree} | {t.lower_ for t in token.subtree}
                if not phrase_words & pattern.words:
                    reasons.append(f"{pattern.id}: none of {sorted(pattern.words)[:4]} in the phrase")
                    continue
            fitting.append(pattern)
        if not fitting:
            candidate.reason = "no pattern fits (" + "; ".join(reasons) + ")"
        return fitting

    def _sources_for(self, token: Token, pattern: Pattern) -> list[Token]:
        if pattern.pos in ("noun",):
            poss = [c for c in token.children if c.dep_ == "poss"]
            if poss:
                return poss
            # "the first state visit to China by an Iranian president"
            agents = [p for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                      for p in c.children if p.dep_ == "pobj"]
            if agents:
                return agents
            node = token
            for _ in range(6):
                if node.head.i == node.i:
                    break
                node = node.head
                if node.pos_ in ("VERB", "AUX"):
                    return self.subjects(node)
            return []
        if pattern.pos == "adj":
            return self.subjects(token.head if token.dep_ in ("acomp", "amod") else token) or self.subjects(token)
        return self.subjects(token)

    def _met_before(self, parties: list[tuple[Actor, ActorMention | None]]) -> bool:
        """Whether the article already told of a meeting (or call, or hosting) between these parties."""
        countries = {a.country for a, _ in parties}
        return any(e.cameo_code in MET_CODES and e.target is not None
                   and {e.source.country, e.target.country} <= countries for e in self.state.history) \
            or not self.state.history

    def _deed_noun(self, token: Token, sentence: Span,
                   context: SentenceContext) -> tuple[ResolvedDate | None, str]:
        """For an attack told as a noun ("an Iranian missile attack on ...", "Israel's strikes on ..."):
        its own date if its phrase gives one ("an April 1 air strike"), and why it is not coded, if it
        is not: a deed the article refers back to ("in retaliation for the strike", "condemned the
        attack") without a day of its own, or one its verb tells ("a drone strike killed X")."""
        phrase = token.head if token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN") else token
        words = [t for t in phrase.subtree if t.i <= token.i or t.head == token and t.dep_ != "prep"]
        own = resolve_date(" ".join(t.text for t in words), context.anchor or context.date, self.state.last_date)
        if own.text is not None and own.precision == "day":
            return own, ""
        if phrase.dep_ in ("nsubj", "nsubjpass") and self.patterns.for_token(phrase.head):
            obj = self._direct_object(phrase.head)
            if obj is not None and self.actors_of(obj):
                return None, f"told by its verb ('{token.text} ... {phrase.head.text}')"
        if phrase.dep_ == "pobj" or any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                                        for c in phrase.children):
            return None, f"refers back to an earlier deed ('{phrase.head.text} ... {token.text}')"
        denounced = phrase.dep_ == "dobj" and self.state.last_assault is None \
            and any(cameo(p.code).quad_class == 3 for p in self.patterns.for_token(phrase.head))
        if any(c.dep_ == "poss" for c in phrase.children) and not denounced \
                and not (phrase.dep_ in ("nsubj", "nsubjpass") and self.patterns.for_token(phrase.head)):
            # "Israel's attack on its consulate was a violation": a deed talked about, not reported (but
            # "Pakistan condemned Iran's missile attack on its territory" is the first report of it)
            return None, f"refers back to an earlier deed ('{token.text}' with a possessive, no verb of its own)"
        return None, ""

    def _deed_doers(self, token: Token) -> list[tuple[Actor, ActorMention | None]]:
        """Who carried out an attack told as a noun: the actor or demonym before it in its phrase
        ("Israel's strikes", "a U.S. drone strike", "an Iranian missile and drone attack"), or after "by"."""
        heads = [token]
        if token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN"):
            heads.append(token.head)
        for head in heads:
            for word in head.doc[head.left_edge.i:head.i]:
                if self.actors.place_at(word) is not None:
                    continue
                mention = self.actors.at(word) or self.actors.modifiers.get(word.i)
                actor = mention.resolved() if mention is not None and not mention.pair else None
                if actor is not None:
                    return [(actor, mention)]
        agents = [p for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                  for p in c.children if p.dep_ == "pobj"]
        return [pair for agent in agents for pair in self.actors_of(agent)]

    def _armed_group(self) -> Actor | None:
        """The armed group (sector REB) the article names most often, if any."""
        counts: dict[Actor, int] = {}
        for mention in self.actors.mentions:
            actor = mention.resolved()
            if actor is not None and actor.sector == "REB" and actor.kind != "group":
                counts[actor] = counts.get(actor, 0) + 1
        return max(counts, key=lambda a: counts[a]) if counts else None

    def _offset_date(self, token: Token, sentence: Span, context: SentenceContext) -> ResolvedDate | None:
        """The day of an event told as so many days before or after another: "the warning came a day
        after a drone strike killed X" (the strike: the warning's day minus one), "Iran struck back two
        days after the strike" (the strike reported: its day plus two)."""
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in ("after", "before") and token.dep_ == "advcl":
                days = _days_of(child)
                if days is not None:
                    main = self.event_date(token.head, sentence, context)
                    shift = -days if child.lower_ == "after" else days
                    return ResolvedDate(main.date + dt.timedelta(days=shift), "day", f"{days} days {child.text}")
            if child.dep_ == "prep" and child.lower_ in ("after", "before"):
                days = _days_of(child)
                deeds = [p for p in child.children if p.dep_ == "pobj" and p.lemma_.lower() in EVENT_NOUNS]
                if days is not None and deeds and self.state.last_assault is not None:
                    shift = days if child.lower_ == "after" else -days
                    return ResolvedDate(self.state.last_assault.date + dt.timedelta(days=shift), "day",
                                        f"{days} days {child.text} the {deeds[0].text}")
        return None

    def _code(self, token: Token, pattern: Pattern, sentence: Span, context: SentenceContext,
              candidate: Candidate, *, last_resort: bool = False) -> list[Event]:
        """The events one trigger states under one pattern: the vetoes of :data:`tacitus.rules.VETOES`
        first, then source and target from the parse, then the fallbacks of
        :data:`tacitus.rules.TARGET_FALLBACKS` for a target the clause does not name."""
        trigger = Trigger(self, token, pattern, sentence, context)
        trigger.offset_date = self._offset_date(token, sentence, context)
        trigger.deed = pattern.pos == "noun" and token.lemma_.lower() in EVENT_NOUNS
        refused = first_veto(trigger)
        if refused is not None:
            candidate.rule, candidate.reason = f"veto:{refused[0].name}", refused[1]
            return []
        intent = announced(trigger)  # "plans to send aid", "will impose tariffs": coded as the intent (rules.py)
        told = cameo(intent.code if intent is not None else pattern.code)  # the event's code, for its day
        deed = trigger.deed
        passive = self._passive(token) if pattern.pos == "verb" else None
        target_slot = ""
        if passive is not None:
            source_tokens, target_tokens = passive
        else:
            source_tokens = self._sources_for(token, pattern)
            target_tokens = []
            # "undertook a mediation mission between Syria and Arafat": a noun that only modifies another
            # noun has its phrase on that noun
            phrases = [token, token.head] if pattern.pos == "noun" and token.dep_ == "compound" \
                and token.head.pos_ == "NOUN" else [token]
            for target_slot in pattern.target:
                target_tokens = next((filled for node in phrases
                                      if (filled := self._slot(node, target_slot, places=pattern.places))), [])
                if target_tokens:
                    break
        sources = [pair for t in source_tokens for pair in self.actors_of(t)]
        if not target_tokens and pattern.places and pattern.code[:2] in FORCE_ROOTS:
            # "warplanes struck militia bases in western Iraq": the country where the blow fell
            target_tokens = [p for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "inside")
                             for p in c.children if p.dep_ == "pobj" and self.actors_of(p, places=True)]
        if deed:
            sources = self._deed_doers(token)  # "Israel's strikes", "a U.S. drone strike", never the reporter
        if trigger.claimed_by is not None:
            sources = [pair for t in self.subjects(trigger.claimed_by) for pair in self.actors_of(t)]
        if trigger.under_attack:
            # "the train came under a bomb attack": the victim is who came under it; the doer, if the
            # phrase does not name one, the armed group the article names most
            target_tokens = self.subjects(token.head.head)
            if not sources:
                group = self._armed_group()
                sources = [(group, None)] if group is not None else []
        targets: Targets = [pair for t in target_tokens for pair in self.actors_of(t, places=pattern.places)]
        if target_tokens and target_tokens[0].dep_ in ("nsubj", "nsubjpass") and target_tokens[0].head != token:
            # "warned that X would pay": a threat is made to another country, not about one's own
            # (but "opposition groups demanded that President Mugabe abandon ...": two sectors of one country)
            own = {a.country for a, _ in sources}
            own_sectors = {a.sector for a, _ in sources}
            targets = [(a, m) for a, m in targets if a is not None and (
                a.country not in own or (a.sector is not None and None not in own_sectors
                                         and a.sector not in own_sectors))]
        reciprocal = any(" ".join(w.lower_ for w in t.subtree) in RECIPROCAL for t in target_tokens)
        speaker = self._speaker(token, context)
        speaker_actor = speaker.resolved() if speaker is not None else None
        if token.lemma_ == "visit" and token.tag_ == "VBG" and self.dateline_country is not None:
            # "visiting Chinese minister Wei" in a Tehran-datelined story: Wei visits Iran
            visitor = self.actors.at(token)
            if visitor is not None and visitor.resolved() is not None:
                sources = [(visitor.resolved(), visitor)]  # type: ignore[list-item]
                targets = [(self.dateline_country, None)]
            elif token.dep_ == "amod":
                sources = self.actors_of(token.head, conjuncts=False)
                targets = [(self.dateline_country, None)]
        source_rule: Fallback | None = None
        if not sources:
            # "protesters marched through Nairobi", "a suicide bomber killed 14 people": an unnamed group
            # takes its country from the context (tacitus.rules.SOURCE_FALLBACKS), before any speaker
            found_source = first_source_fallback(trigger)
            if found_source is not None:
                source_rule, found_sources = found_source
                sources = [(a, m) for a, m in found_sources if a is not None]
        if not sources and speaker_actor is not None and speaker is not None and token.dep_ != "relcl":
            # (not for "a strike ... that killed seven": the deed's doer is the strike's, not the speaker)
            sources = [(speaker_actor, speaker)]
            # a force's own spokesman reports its deeds ("al-Rufay'i was killed in a strike, CENTCOM said"),
            # not those of a subject it does not name ("the missiles struck the base, the Pentagon said")
            trigger.speaker_source = speaker_actor.sector not in SECURITY_SECTORS \
                or passive is None or bool(source_tokens)
        if not sources:
            candidate.reason = "no source actor"
            return []
        if pattern.code.startswith("04") and sources and all(m is not None and m.pair for _, m in sources) \
                and self._met_before(sources):
            # "The two presidents also discussed climate change": more about the meeting just reported (but
            # "signed a treaty ... the two men held talks later" is a meeting of its own)
            candidate.reason = SAME_MEETING
            return []
        mutual: list[tuple[tuple[Actor, ActorMention | None], tuple[Actor, ActorMention | None]]] = []
        if (pattern.symmetric or reciprocal) and (not targets or reciprocal) and len(sources) >= 2:
            if pattern.mutual:
                # "the two sides agreed", "A, B and C held a joint drill": each party toward every other one
                mutual = [(a, b) for a in sources for b in sources
                          if a[0] != b[0] and not (a is sources[0] and b is sources[1])]
            targets = [sources[1]]
            sources = [sources[0]]
        last_pair = self.state.pair_in_reach()
        if sources and targets and any(m is not None and m.dyad for _, m in targets) and last_pair is not None:
            # a Chinese mediator praising "the two neighbours" after Saudi Arabia and Iran agreed: the
            # two just reported, when the source belongs to the article's main pair itself
            own = {a.country for a, _ in sources}
            if own & {a.country for a, _ in targets if a is not None} and not own & {a.country for a in last_pair}:
                targets = [(a, None) for a in last_pair]
        if sources and targets and any(m is not None and m.group for _, m in targets):
            # "cooperation between the two countries": the other one of the pair
            own = {a.country for a, _ in sources}
            targets = [(a, m) for a, m in targets if a is not None and a.country not in own] or targets
        sources = [(a, m) for a, m in sources if a.country or a.code_override]
        targets = [(a, m) for a, m in targets if a is not None and (a.country or a.code_override)]
        targets = own_force(trigger, sources, targets)  # "deployed troops": its own force is no target
        quad_class = cameo(pattern.code).quad_class
        if targets and sources and all(_acts_on_itself(s, t, quad_class) for s, _ in sources for t, _ in targets):
            # "threatened to launch an offensive in its war with Iraq unless Baghdad ...", "declared a ceasefire
            # in south Lebanon": a slot that names only the source itself is no target; the fallbacks may find one
            targets = []
        fallback: Fallback | None = None
        if not targets and sources:
            trigger.target_words = bool(target_tokens)
            found = first_fallback(trigger, sources, last_resort=last_resort)
            if last_resort and NO_TARGET in pattern.target and _untargeted(token, trigger.plover_type):
                found = self._fallback_or_none(trigger, sources)
                if found is None:
                    # "North Korea said it conducted a missile test", "troops were deployed to the villages": a
                    # show or a move of force aimed at no one the story points to is coded with no target rather
                    # than with the focal-country guess (but not a joint drill "with" partners it does not
                    # resolve, nor a tally: "two tests this month"), recorded as the untargeted fallback
                    targets = [(None, None)]
                    fallback = next((f for f in TARGET_FALLBACKS if f.name == UNTARGETED_FALLBACK), None)
            if found is not None:
                fallback, targets = found
        if not sources:
            candidate.reason = "no source actor with a known country or code"
            return []
        if not targets:
            candidate.reason = "no target actor" if target_tokens or not pattern.target else \
                f"no target actor (looked for {', '.join(pattern.target)})"
            return []
        when = trigger.offset_date or trigger.deed_date or self.event_date(token, sentence, context)
        anchor = context.anchor or context.date
        if when.precision != "day" and when.text and FUTURE_PERIOD.search(when.text):
            # "invited Putin to visit China later this year": the visit's time, not the invitation's
            when = self._carried_date(context)
        if when.date < anchor and when.text and _future_clause(token) and when.text in _clause_text(token):
            # "said it would hold drills from Thursday": a day still to come, not last Thursday; the
            # event is the announcement, on the day it is told
            when = self._carried_date(context)
        if intent is not None and when.text and pattern.code not in MEETING_CODES:
            # (a meeting to come keeps its own day: "will meet Peru's president on Tuesday")
            when = self._intent_date(token, when, sentence, context)
        if when.text is None and told_in_the_present(token):
            when = ResolvedDate(anchor, "day", None)  # "X are pleading with ...": the story's own day (dates.py)
        if when.text is None and told.quad_class in (1, 3) and self._telling(sentence, context):
            # "X said, condemning the attack": words with no day of their own are said on the story's day,
            # not on the day of the deed told before them
            when = ResolvedDate(context.lead_date or self.state.story_day or anchor, "day", None)
        if when.text is None and told.quad_class in (2, 4) and self.state.deed_day() is not None:
            when = self.state.deed_day() or when  # a deed told after a dated sentence that coded nothing: that day
        last_assault = self.state.last_assault
        if when.text is None and pattern.code[:2] in FORCE_ROOTS and last_assault is not None \
                and (last_assault.source.key in {a.key for a, _ in sources} or trigger.claimed_by is not None):
            # (a claim for "the attack" claims the attack last reported)
            # "the attackers singled out soldiers, shooting many": the same group's attack, told further,
            # on the day of its attack rather than the day of the telling
            when = ResolvedDate(last_assault.date, last_assault.date_precision, None)
        if when.precision == "day" and when.text and when.date < anchor - OLD_NEWS:
            candidate.rule, candidate.reason = "veto:old-news", f"weeks before the story ('{when.text}'): background"
            return []
        if when.precision != "day" and when.date < anchor - HISTORY:
            candidate.rule, candidate.reason = "veto:historical", f"historical background ('{when.text}')"
            return []
        if when.precision != "day" and when.date < anchor \
                and any(node.dep_ == "relcl" for node in (token, *list(token.ancestors)[:3])):
            # "the strike that killed Soleimani last week": a background deed with no day of its own
            candidate.rule, candidate.reason = "veto:historical", f"background in a relative clause ('{when.text}')"
            return []
        vague = vague_past(when, anchor, sentence) if trigger.offset_date is None and trigger.deed_date is None else None
        if vague is not None:
            candidate.rule, candidate.reason = "veto:vague-past", vague
            return []
        modality = self._modality(token, pattern) if intent is None else "intended"
        if speaker_actor is not None and modality == "asserted":
            modality = "reported"
        events = []
        entry = pattern.entry()
        for source, source_mention in sources:
            if speaker_actor is not None and speaker_actor.kind == "person" and source.kind != "person" \
                    and source.country and source.country == speaker_actor.country:
                source, source_mention = speaker_actor, speaker  # the speaker speaks for their country
            for target, target_mention in targets:
                if target is not None and (target == source or (target.kind == source.kind == "country"
                                                                and target.code == source.code)):
                    continue
                if target is not None and quad_class in (2, 4) and target.kind == "country" \
                        and not target.sector and target.country == source.country and source.sector in STATE_SECTORS \
                        and not (source.sector and pattern.code.startswith(REPRESSION_ROOTS)):
                    # "Trump levied tariffs on exports to the U.S.": a government's deed on its own country as
                    # a whole is a misread slot or a wrong guess (rebels striking in their country, or
                    # soldiers killing militants there, stay)
                    continue
                if target is not None and _same_side(source, target, quad_class):
                    # "the State Department urged American citizens to leave": a request of itself; "Wei ...
                    # his visit to China" from a Chinese minister: no event with his own country
                    continue
                events.append(self._event(token, pattern, sentence, context, source, target, modality,
                                          [source_mention, target_mention], entry, when, fallback, source_rule,
                                          intent))
        if pattern.mutual and not mutual and target_tokens and passive is None and target_slot == "with" \
                and pattern.code in JOINT_ACTS:
            # "Erdogan signed a memorandum with the Finnish president": she signed it with him as well (but
            # "Kuwait is about to restore ties with Libya" is Kuwait's step, as PETRARCH codes it)
            mutual = [((ta, tm), s) for s in sources for ta, tm in targets if ta is not None and ta != s[0]]
        if events:
            # "Iran and China signed an agreement": China signed it with Iran as well
            events.extend(self._event(token, pattern, sentence, context, one, other, modality,
                                      [one_mention, other_mention], entry, when, intent=intent)
                          for (one, one_mention), (other, other_mention) in mutual
                          if not _same_side(one, other, quad_class))
        if not events:
            candidate.reason = "source and target are the same actor"
            return []
        candidate.rule = ", ".join([*(f"fallback:{f.name}" for f in (source_rule, fallback) if f is not None),
                                    *([f"intent:{intent.rule}"] if intent is not None else [])])
        if fallback is None or not fallback.last_resort:
            # (an event whose target is only guessed moves neither the story's day nor its pair)
            # (a day still to come -- "will join talks on Tuesday" -- is not the narrative's new "now")
            self.state.remember(events, when, background=token.dep_ in ("relcl", "acl") or when.date > anchor,
                                mediated=PARTIES_SLOT in pattern.target)
        else:
            self.state.history.extend(events)
            if when.precision == "day" and when.text is not None and token.dep_ not in ("relcl", "acl"):
                # a guessed target does not move the story's pair, but a stated day still moves its "now"
                # ("On Wednesday, Trump levied tariffs ..." / "... Canada imposed new tariffs")
                self.state.last_date = when
                if events[-1].plover_type == "ASSAULT":
                    # and an attack whose doer is named is "the attack" a later claim or telling refers to
                    self.state.last_assault = events[-1]
        return events

    # -- target fallbacks (the functions of tacitus.rules.TARGET_FALLBACKS call these) -------------------

    @staticmethod
    def _fallback_or_none(trigger: Trigger, sources: Sources) -> tuple[Fallback, Targets] | None:
        """For a pattern whose event may have no target: the fallbacks up to the focal-country guess,
        skipping what only finds the source's own country ("a test at its launching ground"); ``None``
        when the event is to have no target."""
        own = {a.country for a, _ in sources}
        for fallback in TARGET_FALLBACKS:
            if fallback.name == FOCAL_FALLBACK:
                return None
            found = fallback.find(trigger, sources)
            if found and not all(a is not None and a.country in own for a, _ in found):
                return fallback, found  # (the untargeted fallback's own "no one" included)
        return None

    def _agreed_to_act(self, trigger: Trigger) -> str | None:
        token, pattern, context = trigger.token, trigger.pattern, trigger.context
        if pattern.code == "030" and token.lemma_.lower() in AGREEMENT_VERBS:
            action = next((c for c in token.children if c.dep_ == "xcomp" and any(
                cameo(p.code).quad_class >= 3 for p in self._fitting(c, self.patterns.for_token(c),
                                                                     Candidate(context.index, c.i, c.text))[:1])),
                          None)
            if action is not None:
                return f"agreed to do '{action.text}', coded as that"
        return None

    def _condemned_deed(self, trigger: Trigger) -> Targets:
        token = trigger.token
        last = self.state.last_assault
        if trigger.target_words or last is None or trigger.quad_class != 3:
            return []
        obj = self._direct_object(token)
        deeds = [obj] if obj is not None else []
        deeds += [p for head in (token, *deeds) for c in head.children if c.dep_ == "prep" and c.lower_ == "for"
                  for p in c.children if p.dep_ == "pobj"]
        if any(deed.lemma_.lower() in EVENT_NOUNS
               and any(c.lower_ in ("the", "this", "that", "these", "those") for c in deed.children)
               for deed in deeds):
            return [(last.source, None)]
        return []

    def _offender(self, trigger: Trigger, sources: Sources) -> Targets:
        if OFFENDER_SLOT not in trigger.pattern.target:
            return []
        own = {a.country for a, _ in sources if a is not None}
        against = [e for e in reversed(self.state.history) if e.target is not None and e.target.country in own
                   and e.source.country not in own]
        # a deed (expulsions, strikes) before words (an accusation)
        offender = next((e.source for e in against if e.quad_class == 4), None) \
            or next((e.source for e in against), None)
        return [(offender, None)] if offender is not None else []

    def _dyad_partner(self, trigger: Trigger, sources: Sources) -> Targets:
        if len(self.actors.dyad) != 2:
            return []
        own = {a.country for a, _ in sources if a is not None}
        partner: Targets = [(a, None) for a in self.actors.dyad if a.country not in own]
        if DYAD_SLOT in trigger.pattern.target and own & {a.country for a in self.actors.dyad}:
            return partner[:1]
        if PARTIES_SLOT in trigger.pattern.target and len(partner) == 2:
            return partner
        return []

    def _last_parties(self, trigger: Trigger, sources: Sources) -> Targets:
        last_pair = self.state.pair_in_reach()
        if PARTIES_SLOT not in trigger.pattern.target or last_pair is None:
            return []
        own = {a.country for a, _ in sources if a is not None}
        if own & {a.country for a in last_pair}:
            return []
        return [(a, None) for a in last_pair]

    def event_date(self, token: Token, sentence: Span, context: SentenceContext) -> ResolvedDate:
        """The day of the event ``token`` states: its own date expression (the nearest one, unless that
        belongs to a clause nested inside the event's phrase), else the day of the last event coded,
        else the lead's date or the anchor."""
        anchor = context.anchor or context.date
        if context.date_text is not None:
            own = resolve_date(_clause_text(token), anchor, self.state.last_date)
            if own.text is not None and not _end_date(own.text, sentence) \
                    and not _dates_a_noun(own.text, token, sentence):
                return own
            found = resolve_date(sentence, anchor, self.state.last_date, trigger=token)
            if found.text is not None and not self._nested(found.text, token, sentence) \
                    and not _end_date(found.text, sentence) and not _dates_a_noun(found.text, token, sentence):
                return found
        if context.lead_date is not None and self.state.last_date is None and _present_tense(token):
            # "Cameroon's farmers are calling on ..." in a lead with no day: now, on the story's day, not
            # on the day of the deed told below it
            return ResolvedDate(anchor, "day", None)
        return self._carried_date(context)

    def _intent_date(self, token: Token, when: ResolvedDate, sentence: Span, context: SentenceContext) -> ResolvedDate:
        """The day an intent is stated: "India intends to deliver aid this week, officials said on Monday" is
        Monday's intent, not this week's delivery -- a date in the act's own phrase is the act's, so the
        intent takes the sentence's other date, else the day carried from the story."""
        act = {t.i for t in token.subtree}
        if when.text is None or when.text not in " ".join(sentence.doc[i].text for i in sorted(act)):
            return when
        rest = " ".join(t.text for t in sentence if t.i not in act)
        stated = resolve_date(rest, context.anchor or context.date, self.state.last_date)
        if stated.text is not None and not _end_date(stated.text, sentence):
            return stated
        return self._carried_date(context)

    def _carried_date(self, context: SentenceContext) -> ResolvedDate:
        """The day of an event whose words give none: the last event's, the lead's, the story's."""
        anchor = context.anchor or context.date
        said = self.state.said
        if said is not None and said[0] == context.index - 1 and self._adds(list(self.doc.sents)[context.index]):
            # "Zelenskyy wrote Wednesday ..." / "He added that ...": the same telling, the same day
            return ResolvedDate(said[1].date, said[1].precision, None)
        if self.state.last_date is not None:
            return ResolvedDate(self.state.last_date.date, self.state.last_date.precision, None)
        if context.lead_date is not None:
            return ResolvedDate(context.lead_date, "day", None)
        if self.state.story_day is not None:
            return ResolvedDate(self.state.story_day, "day", None)
        return ResolvedDate(anchor, "day", None)

    @staticmethod
    def _nested(date_text: str, token: Token, sentence: Span) -> bool:
        """Whether the date words belong to a clause of their own that the trigger is not part of ("an
        agreement signed in 2001"). Tokens are compared as tokens of one ``Doc``, never by index alone."""
        at = sentence.text.find(date_text)
        if at < 0:
            return False
        word = sentence.char_span(at, at + len(date_text), alignment_mode="expand")  # offsets within the span
        if word is None or len(word) == 0:
            return False
        if word.doc is not token.doc:
            return False
        node = word.root
        for _ in range(len(sentence)):  # a head chain is never longer than the sentence
            if node == token or node.head == node:
                break
            if node.pos_ == "VERB" and node.dep_ in _NESTED_CLAUSES:
                # "an agreement signed in 2001", "a visit that runs until Thursday, the first visit ...":
                # a clause of its own that the trigger is not part of
                return not any(t == token for t in node.subtree)
            node = node.head
        return False

    def _place(self, token: Token, code: str, context: SentenceContext, target: Actor | None) -> Place | None:
        """Where the event happened: for force (CAMEO 18-20), where it struck ("strikes on bases in
        western Iraq", "fired missiles at Israel"), else the target's country rather than a dateline city
        elsewhere; for everything else the sentence's place (meetings: "in Geneva", the dateline)."""
        if code[:2] in FORCE_ROOTS:
            struck = struck_place(_own_words(token))
            if struck is not None:
                return struck
            if target is not None and target.country and (context.place is None or context.place.rule == "dateline"
                                   or context.place.country != target.country):
                return country_place(target.country, rule="target country") or context.place
        return context.place

    def _event(self, token: Token, pattern: Pattern, sentence: Span, context: SentenceContext, source: Actor,
               target: Actor | None, modality: Modality, mentions: list[ActorMention | None], entry: str,
               when: ResolvedDate, fallback: Fallback | None = None, source_rule: Fallback | None = None,
               intent: Intent | None = None, discourse: Sequence[str] = ()) -> Event:
        code = cameo(pattern.code if intent is None else intent.code)
        if intent is None and modality in ("intended", "hypothetical") and pattern.code in MEETING_CODES:
            # "will visit Albania in June", "agreed that Blinken would visit China": intent to meet
            code = cameo(INTENT_TO_MEET)
        entries = [entry]
        confidence = pattern.confidence
        for mention in mentions:
            if mention is None:
                continue
            entries.extend(e for e in mention.entries if e not in entries)
            if mention.rule.startswith("coreference") or mention.pair:
                confidence *= 0.9
        if modality == "hypothetical":
            confidence *= 0.6
        if fallback is not None:
            # "killed 12 militants" in a story about Ruritania: the target is the rule's guess
            confidence *= fallback.confidence
            entries.append(f"rules:{fallback.name}")
        if source_rule is not None:
            # "protesters marched through Nairobi": the source's country is the context's guess
            confidence *= source_rule.confidence
            entries.append(f"rules:{source_rule.name}")
        if intent is not None:
            # "vowed to strike the bridges": the act stated as a threat ("intent:threat", shown by explain)
            entries.append(f"intent:{intent.rule}")
        rules = list(discourse)
        if context.speaker_rule and context.speaker is not None and any(m is context.speaker for m in mentions):
            # '"...," the minister said. "... we will retaliate."': the speaker is named in another sentence
            rules.insert(0, context.speaker_rule)
        for name in dict.fromkeys(rules):
            confidence *= DISCOURSE_RULES[name].confidence
            entries.append(f"discourse:{name}")
        start = sentence.start_char
        evidence = sentence.text.strip()
        return Event(
            source=source,
            target=target,
            cameo_code=code.code,
            cameo_name=code.name,
            goldstein=code.goldstein,
            quad_class=code.quad_class,
            plover_type=code.plover_type,
            plover_mode=code.plover_mode,
            plover_context=code.plover_context,
            date=when.date,
            date_precision=when.precision,
            provenance=Provenance(article_id=self.article_id, sentence_index=context.index, start=start,
                                  end=start + len(sentence.text.rstrip()), evidence=evidence, trigger=token.text),
            place=self._place(token, code.code, context, target),
            modality=modality,
            negated=False,
            confidence=round(confidence, 3),
            rule=pattern.id,
            dictionary_entries=tuple(entries),
            date_text=when.text,
        )


_NESTED_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "conj"})


def _untargeted(token: Token, plover_type: str | None = None) -> bool:
    """Whether a trigger may be coded with no target: its phrase names no partner ("with", "joint"), no
    place it is aimed at ("around", "near", "off" ...), and counts no several deeds ("conducted two tests
    within a week" sums up events told one by one)."""
    if any(t.lower_ in ("with", "joint") for t in token.subtree):
        return False
    purpose = {t.i for c in token.children if c.dep_ == "xcomp" for t in c.subtree}  # "to deter threats against"
    protest = plover_type in rule_words()["untargeted_any_patient_types"]  # "rallied against the tax": a cause
    if not protest and any(t.dep_ == "prep" and t.lower_ in AIMED_PREPOSITIONS and t.i not in purpose
                           for t in _own_words(token)):
        return False  # "exercises around the island": aimed at a place the coder cannot name
    counted = [n for c in token.children if c.dep_ in ("dobj", "nsubjpass")
               for n in c.children if n.dep_ == "nummod" and n.lower_ not in ("one", "1")]
    return not counted


def _future_clause(token: Token) -> bool:
    """Whether the trigger's clause is in the future ("will hold", "would hold")."""
    node = token
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX | {"would"} for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _acts_on_itself(source: Actor, target: Actor | None, quad_class: int) -> bool:
    """Whether a target found in the text is only the source itself (the same actor, its country as a
    whole, or the same side: :func:`_same_side`)."""
    if target is None:
        return False
    return target == source or (target.kind == source.kind == "country" and target.code == source.code) \
        or _same_side(source, target, quad_class)


def _same_side(source: Actor, target: Actor, quad_class: int = 1) -> bool:
    """Whether an event would be a country acting on itself: the same country and the same sector, or,
    for words (QuadClass 1 and 3), no sector on one side to tell them apart ("the State Department
    urged American citizens": USA -> USA). Two sectors ("protesters stormed the parliament", CVL ->
    GOV), a deed on a group of one's own people ("police seized weapons from Palestinian armed
    groups") or two named persons are a domestic event."""
    if source.country is None or source.country != target.country:
        return False
    if source.kind == target.kind == "person":
        return False
    if source.sector == target.sector:
        return True
    return quad_class in (1, 3) and (not source.sector or not target.sector)


def _own_words(token: Token) -> list[Token]:
    """The words of the phrase a trigger heads, without the clauses nested in it, in text order."""
    skip: set[int] = set()
    for node in token.subtree:
        if node != token and node.i not in skip and node.dep_ in _NESTED_CLAUSES and node.head.i not in skip:
            skip.update(t.i for t in node.subtree)
    return [t for t in token.subtree if t.i not in skip]


def _gazetteer_country(token: Token) -> Actor | None:
    """The country of a place name the gazetteer knows ("Samarkand" -> Uzbekistan), as a country actor."""
    parts = sorted((t for t in token.subtree if t.dep_ == "compound" or t == token), key=lambda t: t.i)
    place = geocode(" ".join(t.text for t in parts))
    if place is None or not place.country:
        return None
    named = country_place(place.country)
    return Actor(name=named.name if named else place.country, kind="country", country=place.country)


def _dates_a_noun(date_text: str, token: Token, sentence: Span) -> bool:
    """Whether the date words stand before a noun other than the trigger and date it, not the event:
    "blamed Moscow for the March 4 nerve agent attack" (the attack's day, not the blaming's)."""
    at = sentence.text.find(date_text)
    span = sentence.char_span(at, at + len(date_text), alignment_mode="expand") if at >= 0 else None
    if span is None or len(span) == 0:
        return False
    root = span.root
    return root.dep_ in ("compound", "nmod", "amod", "nummod") and root.head.pos_ == "NOUN" \
        and root.head.i > root.i and root.head != token


def _days_of(preposition: Token) -> int | None:
    """How many days "a day after", "two days before", "a week after" count, if the words say."""
    for child in preposition.children:
        if child.dep_ == "npadvmod" and child.lemma_.lower() in ("day", "week"):
            unit = 7 if child.lemma_.lower() == "week" else 1
            for word in child.children:
                if word.dep_ in ("det", "nummod") and word.lower_ in NUMBER_WORDS:
                    return NUMBER_WORDS[word.lower_] * unit
                if word.dep_ == "nummod" and word.text.isdigit():
                    return int(word.text) * unit
    return None


def _present_tense(token: Token) -> bool:
    """Whether the clause of ``token`` is told in the simple or progressive present ("say", "are calling"),
    not the present perfect ("have upgraded"), which tells a deed done."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ == "have" or a.tag_ in ("VBD", "MD") for a in auxes):
        return False
    if verb.tag_ in ("VBP", "VBZ"):
        return True
    return verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBP", "VBZ") for a in auxes)


def _opens_paragraph(sentence: Span) -> bool:
    """Whether a line break comes between this sentence and the one before."""
    return sentence.start > 0 and "\n" in sentence.doc[sentence.start - 1].text_with_ws


def _clause_text(token: Token) -> str:
    """The words of the clause that states the event, without the clauses nested in it.

    "Morocco cut ties with Iran in 2018, the minister said on Tuesday" -> "Morocco cut ties with Iran in 2018".
    """
    head = token
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    skip: set[int] = set()
    for node in head.subtree:
        if node == head or node.i in skip:
            continue
        nested = node.dep_ in _NESTED_CLAUSES or (node.dep_ == "prep" and node.lower_ in _END_PREPOSITIONS)
        if nested and node != token and not any(t == token for t in node.subtree):
            # "a state visit that runs until Thursday": the end of a stay, or another clause's date
            skip.update(t.i for t in node.subtree)
    return " ".join(t.text for t in head.subtree if t.i not in skip)


_END_PREPOSITIONS = frozenset({"until", "till", "through"})


def _end_date(date_text: str, sentence: Span) -> bool:
    """Whether the date words say when something ends ("a visit that runs until Thursday"), not when
    the event happens."""
    at = sentence.text.find(date_text)
    before = sentence.text[:at].split() if at > 0 else []
    return bool(before) and before[-1].lower() in _END_PREPOSITIONS


def _content(token: Token) -> set[int]:
    """The words that state what an event is about ("consensus on *conducting joint exercises*").

    Triggers among them are not events of their own; coordinated verbs, participles modifying a
    noun and clauses of their own ("..., said X") are.
    """
    found: set[int] = set()
    stack = [c for c in token.children if c.dep_ not in _OWN_CLAUSES]
    if any(t.tag_ == "VBG" and t.dep_ == "pcomp" for c in stack for t in c.subtree):
        # "consensus on expanding X, deepening Y and conducting Z": the parser often hangs the
        # rest of the list on the trigger as bare gerund clauses
        stack.extend(c for c in token.children if c.dep_ == "advcl" and c.tag_ == "VBG"
                     and not any(g.dep_ in ("mark", "nsubj") for g in c.children))
    while stack:
        node = stack.pop()
        if node.dep_ in _INNER_CLAUSES or (node.dep_ in ("amod", "acl") and node.tag_ in ("VBG", "VBN")):
            continue
        found.add(node.i)
        stack.extend(node.children)
    return found


_OWN_CLAUSES = frozenset({"conj", "ccomp", "parataxis", "advcl", "relcl", "cc"})
_INNER_CLAUSES = frozenset({"ccomp", "parataxis", "relcl"})


@dataclass
class Quotation:
    """One stretch of words inside quotation marks: the sentences it covers and who it is attributed to.

    ``rule`` names how the speaker was found (shown by ``tacitus explain`` on the quoted sentences):
    ``quotation:after`` ('"...," the minister said'), ``quotation:before`` ('The minister said: "..."',
    'saying, "..."') or ``quotation:continued`` (a quotation with no attribution of its own that opens
    right after an attributed one: '"...," the minister said. "... we will retaliate."').
    """

    first: int  # index of the sentence holding the opening mark
    last: int  # index of the sentence holding the closing mark
    opening: int  # token index of the opening mark
    closing: int  # token index of the closing mark
    speaker: ActorMention | None = None
    rule: str = ""

    def rule_for(self, index: int) -> str:
        """The discourse rule that gives sentence ``index`` of the quotation its speaker: "" for the
        sentence that names the speaker itself."""
        if (self.rule == "quotation:after" and index == self.last) or (self.rule == "quotation:before"
                                                                       and index == self.first):
            return ""
        return self.rule


def _speech_verb_speaker(coder: EventCoder, words: Span | Sequence[Token], *, last: bool = False) -> ActorMention | None:
    """The speaker of the first (or last) verb of saying among ``words`` that names one."""
    verbs = [w for w in words if w.lemma_ in SPEECH_VERBS and w.pos_ in ("VERB", "AUX")]
    for verb in reversed(verbs) if last else verbs:
        found = coder._speaker_of(verb)
        if found is not None:
            return found
    return None


def quotations(doc: Doc, actors: ArticleActors) -> list[Quotation]:
    """The quotations of a document with their speakers, in order (see :class:`Quotation`)."""
    coder = EventCoder(doc, actors, builtin_patterns())
    sentences = list(doc.sents)
    sentence_of = {t.i: index for index, sentence in enumerate(sentences) for t in sentence}
    found: list[Quotation] = []
    opened: int | None = None
    for token in doc:
        if token.text == "\u201c" or (token.text == '"' and opened is None and token.whitespace_ == ""):
            opened = token.i if opened is None else opened
        elif token.text == "\u201d" or (token.text == '"' and opened is not None):
            start = opened if opened is not None else sentences[sentence_of[token.i]].start
            opened = None
            found.append(Quotation(sentence_of[start], sentence_of[token.i], start, token.i))
    for number, quotation in enumerate(found):
        closing_sentence = sentences[quotation.last]
        after = doc[quotation.closing + 1: closing_sentence.end]
        # ('"...," said X, adding: "..."': the words after the mark up to the next quotation only)
        following = next((q.opening for q in found[number + 1:] if q.opening < closing_sentence.end), None)
        if following is not None:
            after = doc[quotation.closing + 1: following]
        speaker = _speech_verb_speaker(coder, after)
        if speaker is not None:
            quotation.speaker, quotation.rule = speaker, "quotation:after"
            continue
        opening_sentence = sentences[quotation.first]
        before_start = max([opening_sentence.start] + [q.closing + 1 for q in found[:number]
                                                       if q.closing >= opening_sentence.start])
        before = doc[before_start: quotation.opening]
        verbs = [i for i, w in enumerate(before) if w.pos_ in ("VERB", "AUX")]
        # (only a verb of saying that introduces the quotation: "said: ...", "saying, ...", "told reporters, ...",
        # not "said the deal was '...'")
        speaker = _speech_verb_speaker(coder, before[verbs[-1]:], last=True) if verbs else None
        if speaker is not None and quotation.last > quotation.first:  # (not the scare quotes of one sentence)
            quotation.speaker, quotation.rule = speaker, "quotation:before"
            continue
        previous = found[number - 1] if number else None
        if previous is not None and previous.speaker is not None and quotation.first - previous.last <= 1:
            # '"...," the minister said. "..."': the same speaker goes on, unless someone else is the subject
            # of a clause between the two
            speaker_key = previous.speaker.resolved()
            others = [m for t in doc[previous.closing + 1: quotation.opening] if t.dep_ in ("nsubj", "nsubjpass")
                      and (m := coder._mention_in(t)) is not None and m.resolved() != speaker_key]
            if not others:
                quotation.speaker, quotation.rule = previous.speaker, "quotation:continued"
                continue
        if quotation.first and quotation.opening == opening_sentence.start and (
                previous is None or previous.last < quotation.first - 1):
            # 'The minister spoke to reporters on Monday. "Borduria must free the crew."': a quotation that
            # opens a sentence with no attribution anywhere, right after a sentence of saying or speaking
            before_sentence = sentences[quotation.first - 1]
            root = before_sentence.root
            if root.lemma_.lower() in SPEECH_VERBS | INTRODUCING_VERBS:
                speaker = coder._speaker_of(root)
                if speaker is not None:
                    quotation.speaker, quotation.rule = speaker, "quotation:introduced"
    return found


def quoted_speakers(doc: Doc, actors: ArticleActors) -> dict[int, Quotation]:
    """Sentences inside quotation marks, mapped to who is quoted: the speaker named after the closing
    mark ('"...," Baqeri said'), before the opening one ('Baqeri said: "..."') or, for a quotation with no
    attribution that opens right after an attributed one, that one's speaker -- for every sentence the
    quotation covers (:func:`quotations`)."""
    speakers: dict[int, Quotation] = {}
    for quotation in quotations(doc, actors):
        if quotation.speaker is not None:
            # (the sentence that opens a quotation after "said:" has its speaker in its own parse)
            first = quotation.first + (quotation.rule == "quotation:before")
            for index in range(first, quotation.last + 1):
                speakers.setdefault(index, quotation)
    return speakers


def dedupe(events: list[Event]) -> list[Event]:
    """One event per (source, target, code, date, polarity) within an article: the first stated."""
    seen: set[tuple[str, str, str, dt.date, bool]] = set()
    kept = []
    for event in events:
        key = (event.source.key, event.target.key if event.target else "", event.cameo_code, event.date,
               event.negated)
        if key in seen:
            continue
        seen.add(key)
        kept.append(event)
    return kept
