"""How the coder uses the event model: ``rules`` (the rule coder alone), ``model`` (the model alone)
or ``both``.

- ``model`` and ``both`` *propose*: a sentence the rules coded nothing from (``both``), or any
  sentence (``model``), whose event probability is at least :data:`PROPOSE` and whose most probable
  PLOVER type has at least :data:`TYPE_MIN` gets one event: the subject of its predicate is the source
  (else, in a quotation, its speaker), the object or prepositional object the target (else another
  actor of the sentence from another country, else for a deed the article's focal country; PROTEST and
  MOBILIZE may have none). Its rule is ``model:<TYPE>``, its confidence the model's probability times
  the fallbacks' factors (:data:`FALLBACKS`); the fallback is recorded (``rules:<name>`` among its
  entries, ``fallback:<name>`` on its candidate) so ``tacitus explain --coder`` shows it.
- ``both`` can also *veto*: a rule event whose sentence the model gives an event probability below
  :data:`VETO` is dropped (recorded as a refused candidate). :data:`VETO` is 0 (off).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from spacy.tokens import Span, Token

from tacitus.actors import ActorMention
from tacitus.codebook import CameoCode, cameo, cameo_codes_for_plover
from tacitus.errors import OptionError
from tacitus.events import Candidate, EventCoder, SentenceContext
from tacitus.model import Prediction, predict
from tacitus.model.features import predicate
from tacitus.records import Actor, Event, Provenance

CoderMode = Literal["rules", "model", "both"]
CODER_MODES: tuple[CoderMode, ...] = ("rules", "model", "both")
PROPOSE = 0.8
"""The event probability above which the model adds an event to a sentence the rules left empty."""
TYPE_MIN = 0.8
"""The probability of the PLOVER type it must also give."""
VETO = 0.0
"""The event probability below which ``both`` drops a rule event: 0, off. On VOA dev and dev 2 a veto
at 0.05-0.1 dropped two true rule events for one false one (docs/event-model.md)."""
BACKGROUND_DAYS = 14
"""A proposed event dated this long before the article's anchor is background ("cut ties in 2016",
"held talks ... on Feb. 18" in a story of mid-March). 60 until the second model pass; 14, 7 and 3
gave the same figures on VOA dev and dev 2 (one false positive fewer on each than 60)."""
UNTARGETED = frozenset({"PROTEST", "MOBILIZE"})
SPEAKER_SOURCE = True
"""A quoted sentence whose predicate has no actor for subject takes its speaker as the source."""
FOCAL_SOURCE = False
"""A subject that is a common noun naming no known actor is taken to be of the article's focal country."""
SENTENCE_TARGET = True
"""A proposal with no target in its predicate's phrase takes another actor of the sentence."""
FOCAL_TARGET = True
"""... and, as the last resort, the article's focal country (for :data:`FOCAL_TYPES` only)."""
FOCAL_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})
"""Deeds whose unnamed target is most often the country the story is about (not statements: "accused
him" names its own target, and the focal country is seldom it)."""
FALLBACKS: dict[str, tuple[float, str]] = {
    "model-source-speaker": (0.8, "source: the speaker of the quotation"),
    "model-source-focal-country": (0.5, "source: the article's focal country (a subject the dictionaries cannot place)"),
    "model-target-sentence": (0.8, "target: another actor of the sentence, outside the predicate"),
    "model-target-focal-country": (0.5, "target: the article's focal country"),
}
"""Each fallback's name: how much it lowers a proposed event's confidence, and the reason explain gives."""
TARGET_PREPOSITIONS = frozenset({"against", "on", "with", "to", "from", "into", "toward", "towards", "at", "in",
                                 "over", "for", "by"})


def combine(coder: EventCoder, sentences: Sequence[Span], contexts: Sequence[SentenceContext],
            rule_events: list[Event], mode: str, first: int = 0) -> list[Event]:
    """The events of one document under ``mode``, from the rule coder's ``rule_events`` (sentences
    before index ``first``, the dateline, are never looked at)."""
    if mode not in CODER_MODES:
        raise OptionError("--coder", f"unknown coder mode {mode!r}; use one of {', '.join(CODER_MODES)}")
    if mode == "rules":
        return rule_events
    by_sentence: dict[int, list[Event]] = {}
    for event in rule_events:
        by_sentence.setdefault(event.provenance.sentence_index, []).append(event)
    wanted = [i for i in range(first, len(sentences))
              if by_sentence.get(i) or _has_actor(coder, sentences[i])]
    predictions = dict(zip(wanted, predict([sentences[i] for i in wanted]))) if wanted else {}
    kept: list[Event] = []
    for index in range(len(sentences)):
        rules_here = by_sentence.get(index, []) if mode == "both" else []
        prediction = predictions.get(index)
        if rules_here and prediction is not None and prediction.event < VETO:
            for event in rules_here:
                coder.candidates.append(Candidate(sentence=index, token=sentences[index].root.i,
                                                  trigger=event.provenance.trigger, pattern=event.rule,
                                                  reason=f"vetoed by the event model (event probability "
                                                         f"{prediction.event:.2f} < {VETO})"))
            rules_here = []
        kept.extend(rules_here)
        if rules_here or prediction is None:
            continue
        proposed = propose(coder, sentences[index], contexts[index], prediction)
        if proposed is not None:
            kept.append(proposed)
    return kept


def propose(coder: EventCoder, sentence: Span, context: SentenceContext, prediction: Prediction) -> Event | None:
    """The model's event for one sentence, or None (not sure enough, or no source actor)."""
    kind = prediction.plover_type
    if prediction.event < PROPOSE or prediction.plover[kind] < TYPE_MIN:
        return None
    verb = predicate(sentence)
    candidate = Candidate(sentence=context.index, token=verb.i, trigger=verb.text, pattern=f"model:{kind}")
    coder.candidates.append(candidate)
    unsure = _unasserted(verb)
    if unsure:
        candidate.reason = f"event model: {kind} (p={prediction.event:.2f}) but {unsure}"
        return None
    subjects = EventCoder.subjects(verb)
    source, source_rule = _source(coder, verb, subjects, context)
    if source is None:
        candidate.reason = f"event model: {kind} (p={prediction.event:.2f}) but no source actor in the subject"
        return None
    in_subject = {t.i for s in subjects for c in (s, *s.conjuncts) for t in c.subtree}
    target, target_rule = _target(coder, verb, sentence, source[0], in_subject, kind)
    if target is None and kind not in UNTARGETED:
        candidate.reason = f"event model: {kind} (p={prediction.event:.2f}) but no target actor"
        return None
    candidate.rule = ", ".join(f"fallback:{r}" for r in (source_rule, target_rule) if r)
    code = best_code(prediction)
    when = coder.event_date(verb, sentence, context)
    anchor = context.anchor or context.date
    if when.precision == "year" or (anchor - when.date).days > BACKGROUND_DAYS:
        candidate.reason = f"event model: {kind} (p={prediction.event:.2f}) but dated {when.date}, long " \
                           f"before the story: background"
        return None
    mentions = [m for m in (source[1], target[1] if target else None) if m is not None]
    entries = [f"event-model:{kind} p={prediction.event:.2f}/{prediction.plover[kind]:.2f}"]
    # the target's fallback as the rules name theirs ("rules:<name>": explain's target rule; consolidation
    # treats the focal-country guess as the rules' own), the source's apart
    entries.extend(e for e in (f"rules:{target_rule}" if target_rule else "",
                               f"source-rule:{source_rule}" if source_rule else "") if e)
    entries.extend(e for m in mentions for e in m.entries if e not in entries)
    fallbacks = [FALLBACKS[r] for r in (source_rule, target_rule) if r]
    confidence = prediction.event * prediction.plover[kind]
    for factor, _ in fallbacks:
        confidence *= factor
    start = sentence.start_char
    event = Event(source=source[0], target=target[0] if target else None, **code.event_fields(),
                  date=when.date, date_precision=when.precision,
                  provenance=Provenance(article_id=coder.article_id, sentence_index=context.index, start=start,
                                        end=start + len(sentence.text.rstrip()), evidence=sentence.text.strip(),
                                        trigger=verb.text),
                  place=context.place, modality="asserted", negated=False,
                  confidence=round(confidence, 3), rule=f"model:{kind}",
                  dictionary_entries=tuple(entries), date_text=when.text)
    candidate.coded = True
    candidate.reason = f"coded by the event model ({kind}, p={prediction.event:.2f})" + \
        "".join(f"; {reason}" for _, reason in fallbacks)
    candidate.events.append(event)
    return event


def _source(coder: EventCoder, verb: Token, subjects: Sequence[Token],
            context: SentenceContext) -> tuple[tuple[Actor, ActorMention | None] | None, str]:
    """The proposed event's source and the fallback that found it ("" for the predicate's subject):
    the subject; else, for a sentence inside quotation marks, its speaker; else, for a subject that is a
    common noun naming no actor, the article's focal country."""
    found = _first_actor(coder, subjects)
    if found is not None and (found[0].code or found[0].country):
        return found, ""
    if SPEAKER_SOURCE and context.speaker is not None and (actor := context.speaker.resolved()) is not None:
        return (actor, context.speaker), "model-source-speaker"
    if FOCAL_SOURCE and subjects and all(s.pos_ == "NOUN" for s in subjects):
        # "the government demanded ...", "scores of chicken sellers held a sit-in": a body or group the
        # dictionaries cannot place, taken to be of the article's focal country
        focal = coder.actors.focal_country()
        if focal is not None:
            return (focal, None), "model-source-focal-country"
    return None, ""


def _target(coder: EventCoder, verb: Token, sentence: Span, source: Actor, in_subject: set[int],
            kind: str) -> tuple[tuple[Actor, ActorMention | None] | None, str]:
    """The proposed event's target and the fallback that found it ("" for the predicate's own object or
    phrase): its object, dative or prepositional object; another actor of its phrase outside the
    subject; then (each with a lower confidence) another actor of the sentence outside the subject, and
    the article's focal country."""
    found = _first_actor(coder, _object_heads(verb), besides=source, places=True) \
        or _first_actor(coder, [t for t in _own_phrase(verb) if t.i not in in_subject], besides=source,
                        conjuncts=False)
    if found is not None:
        return found, ""
    if kind in UNTARGETED:
        return None, ""
    if SENTENCE_TARGET:
        found = _first_actor(coder, [t for t in sentence if t.i not in in_subject], besides=source, conjuncts=False)
        if found is not None and found[0].country != source.country:  # not the source's own side
            return found, "model-target-sentence"
    focal = coder.actors.focal_country() if FOCAL_TARGET and kind in FOCAL_TYPES else None
    if focal is not None and focal.code != source.code and focal.country != source.country:
        return (focal, None), "model-target-focal-country"
    return None, ""


def _unasserted(verb: Token) -> str:
    """Why the predicate does not assert a deed ("could strike", "if it attacks", "did not meet"), or ""."""
    for child in verb.children:
        if child.dep_ == "neg":
            return "the predicate is negated"
        if child.tag_ == "MD" and child.lower_ not in ("will", "'ll"):
            return f"the predicate is hypothetical ('{child.text}')"
        if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
            return f"the predicate is conditional ('{child.text}')"
    return ""


def best_code(prediction: Prediction) -> CameoCode:
    """The CAMEO code of the predicted PLOVER type whose root the root head finds most probable (the
    root's own code, "190", when it has that type; else the root's first code of that type)."""
    kind = prediction.plover_type
    codes = [c for c in cameo_codes_for_plover(kind) if not c.is_root]
    by_root: dict[str, CameoCode] = {}
    for code in codes:
        if code.root not in by_root or code.code == code.root + "0":
            by_root[code.root] = code
    root = max(by_root, key=lambda r: prediction.cameo_root.get(r, 0.0))
    return cameo(by_root[root].code)


def _object_heads(verb: Token) -> list[Token]:
    """The heads of the phrases a predicate acts on: its object, dative and prepositional objects,
    and those of a verb it governs ("agreed to *send* troops *to* Mali")."""
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd", "nsubjpass"):
            found.append(child)
            found.extend(p for g in child.children if g.dep_ == "prep" and g.lower_ in TARGET_PREPOSITIONS
                         for p in g.children if p.dep_ == "pobj")
        elif child.dep_ in ("prep", "agent") and child.lower_ in TARGET_PREPOSITIONS:
            found.extend(p for p in child.children if p.dep_ in ("pobj", "pcomp"))
        elif child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB":
            found.extend(_object_heads(child))
    return found


NESTED = frozenset({"advcl", "ccomp", "relcl", "acl", "parataxis", "pcomp", "csubj", "conj", "xcomp"})


def _own_phrase(verb: Token) -> list[Token]:
    """The predicate's words outside the clauses nested in it ("fired at targets, in what U.S.
    officials described as ...": not the officials)."""
    skip: set[int] = set()
    for token in verb.subtree:
        if token is not verb and token.dep_ in NESTED:
            skip.update(t.i for t in token.subtree)
    return [t for t in verb.subtree if t.i not in skip]


def _first_actor(coder: EventCoder, heads: Sequence[Token], besides: Actor | None = None, *,
                 places: bool = False, conjuncts: bool = True) -> tuple[Actor, ActorMention | None] | None:
    """The first actor the phrases headed by ``heads`` denote, other than ``besides``."""
    for head in heads:
        for actor, mention in coder.actors_of(head, places=places, conjuncts=conjuncts):
            if besides is not None and (actor.key == besides.key or actor.code == besides.code):
                continue
            return actor, mention
    return None


def _has_actor(coder: EventCoder, sentence: Span) -> bool:
    return any(coder.actors.at(t) is not None for t in sentence)
