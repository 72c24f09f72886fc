"""Speech acts told in reported speech: who said what about whom.

News reports most accusations, demands, denials and threats as speech: "X said the attackers were
based in Ruritania", "X called the Bordurian tariffs unfair", "a charge the ministry rejected",
"the group gave the authorities 48 hours to comply". The verb patterns of ``data/verbs.yaml`` code
the speech verb only when it names its target itself ("X accused Y"); the rules here read what is
said -- the reporting clause, its complement and the judgment it passes -- and code the act from the
speaker to the actor the words are about.

Each rule is a function with an example in its docstring, listed in :data:`SPEECH_RULES`; the words
they consult are in ``data/speech.yaml``. An event a rule codes has the pattern ``speech:<rule>``,
which ``tacitus explain`` shows. The rules run after the verb patterns on each sentence
(:func:`code_speech`) and add only events those did not code (same PLOVER type, source and target
countries).

Speakers: the subject of the speech verb, or, for "they", "we", "the group", "the bloc" with no
event pair in reach, the body that spoke in the sentences just before ("The G7 statement said ... /
They called on Ruritania to ...": the G7), or, in a quotation, its attributed speaker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tacitus.dates import ResolvedDate
from tacitus.lexicon import Pattern, WordLists, read_word_lists
from tacitus.records import Actor, Event

if TYPE_CHECKING:
    from tacitus.actors import ActorMention
    from tacitus.events import EventCoder, SentenceContext

SPEECH_FILE = "speech.yaml"
OLD_NEWS = dt.timedelta(days=14)
"""A speech act dated this long before the story is background, as for the verb patterns."""
ACCUSER_REACH = 8
"""How many sentences back a denial may find the accusation it answers."""
LEAD = 1
"""The index of a story's lead sentence (0 is the headline): its accusation is answered however late."""
HISTORY = dt.timedelta(days=31)
"""A speech act dated only to a month or a year this long before the story is background."""
SPEAKER_REACH = 2
"""How many sentences back "they" or "the group" may find the body that spoke."""
PLACE_PREPOSITIONS = frozenset({"in", "near", "inside", "across", "outside", "around", "at", "within"})
"""A country named after these is where something happens, not whom a judgment is about."""
DOUBT_AUX = frozenset({"could", "may", "might", "would", "should"})

ActorPair = tuple[Actor, "ActorMention | None"]


@lru_cache(maxsize=1)
def speech_words() -> WordLists:
    """The word lists of ``data/speech.yaml``."""
    with resources.as_file(resources.files("tacitus") / "data" / SPEECH_FILE) as path:
        return read_word_lists(path)


def _organised_nonstate() -> frozenset[str]:
    """Sectors of a country's organised non-state parties (armed groups, opposition, unions ...): the
    non-state sectors less the public at large, which a speaker's words may set against its own state."""
    lists = speech_words()
    return frozenset(lists["nonstate_sectors"] - lists["public_sectors"])


@dataclass(frozen=True)
class Finding:
    """A speech act one rule read from a sentence: its trigger, CAMEO code, speakers and targets."""

    rule: str
    trigger: Token
    code: str
    sources: list[ActorPair]
    targets: list[ActorPair]
    discourse: str = ""  # the rule of tacitus.discourse that found a target named in an earlier sentence


@dataclass(frozen=True)
class SpeechRule:
    """A rule that reads one kind of speech act at a trigger word, or returns ``None``."""

    name: str
    find: Callable[[EventCoder, Token, SentenceContext], Finding | None]
    overrides: frozenset[str] = frozenset()  # vetoes of tacitus.rules this rule reads past

    @property
    def example(self) -> str:
        doc = self.find.__doc__ or ""
        return next((line.strip() for line in doc.splitlines() if line.strip()), "")


# -- helpers ------------------------------------------------------------------------------------------


def _usable(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.country or actor.code_override)


def _unique(pairs: Sequence[ActorPair]) -> list[ActorPair]:
    seen: set[str] = set()
    kept = []
    for actor, mention in pairs:
        if actor.key not in seen and _usable(actor):
            seen.add(actor.key)
            kept.append((actor, mention))
    return kept


def _asserted(coder: EventCoder, verb: Token) -> bool:
    """Whether a speech verb is said to have happened: not negated, not under "could"/"if", and not
    only planned or wished ("plans to urge", "is interested in encouraging")."""
    if coder._negated(verb) or verb.dep_ in ("xcomp", "pcomp", "csubj"):
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & DOUBT_AUX:
        return False
    return not any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children)


def speakers(coder: EventCoder, verb: Token, context: SentenceContext) -> list[ActorPair]:
    """Who performs a speech act: the verb's subject; for "they", "we", "the group" with no pair of
    the last event in reach, the body that spoke just before; in a quotation, its speaker."""
    subjects = coder.subjects(verb)
    found: list[ActorPair] = []
    collective = False
    for subject in subjects:
        mention = coder.actors.at(subject)
        if subject.lower_ in speech_words()["first_person"] and context.speaker is not None:
            actor = context.speaker.resolved()  # "we reject ...," the spokesman said
            if actor is not None:
                found.append((actor, context.speaker))
                continue
        if subject.lemma_.lower() in speech_words()["collective_subjects"] and (
                mention is None or mention.pair) and coder.state.pair_in_reach() is None:
            collective = True
            continue
        found.extend((a, m) for a, m in coder.actors_of(subject) if m is None or not m.pair)
    if not found and collective:
        found = _antecedent(coder, verb.sent)
    if not found and not subjects:
        speaker = coder._speaker(verb, context)
        actor = speaker.resolved() if speaker is not None else None
        if actor is not None:
            found = [(actor, speaker)]
    return _unique(found)


def _antecedent(coder: EventCoder, sentence: Span) -> list[ActorPair]:
    """The body that spoke or acted in the sentences just before: the non-person subject of their main
    verb or of a speech verb they report ("The G7 statement said ..."), nearest first."""
    doc = sentence.doc
    start = sentence.start
    for _ in range(SPEAKER_REACH):
        if start == 0:
            break
        before = doc[start - 1].sent
        start = before.start
        verbs = [before.root, *(c for c in before.root.children if c.dep_ in ("ccomp", "conj"))]
        for verb in verbs:
            for subject in coder.subjects(verb):
                mention = coder._mention_in(subject)
                actor = mention.resolved() if mention is not None and not mention.pair else None
                if actor is not None and actor.kind != "person" and _usable(actor):
                    return [(actor, mention)]
    return []


def named_in(coder: EventCoder, tokens: Sequence[Token]) -> list[ActorPair]:
    """The actors a stretch of words names as a party, not as a place: "the Bordurian decision", "the
    EU move", "cooperation between A and B" (but not "violence in Ruritania"), in text order."""
    found: list[ActorPair] = []
    for token in sorted(tokens, key=lambda t: t.i):
        mention = coder.actors.at(token) or coder.actors.modifiers.get(token.i)
        if mention is None or mention.pair or mention.group or token.i != mention.head:
            continue
        head = token
        if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS:
            continue
        actor = mention.resolved()
        if actor is not None:
            found.append((actor, mention))
    return _unique(found)


def _doers_in(coder: EventCoder, tokens: Sequence[Token]) -> list[ActorPair]:
    """The actors judged words name as the doers of what is judged: "the visit to Taiwan by [X]", "[X]'s
    strike on Y" -- never the place or party the deed went to ("the strike on [Y]": no one)."""
    lists = speech_words()
    skip = {t.i for p in tokens if p.dep_ == "prep" and p.lower_ in lists["deed_destinations"]
            and p.head.pos_ in ("NOUN", "PROPN") for t in p.subtree}
    return named_in(coder, [t for t in tokens if t.i not in skip])


def _words_of(node: Token, without: Sequence[Token] = ()) -> list[Token]:
    skip = {t.i for w in without for t in w.subtree}
    return [t for t in node.subtree if t.i not in skip]


def _judges(tokens: Sequence[Token]) -> Token | None:
    """The word of a negative judgment among ``tokens``: "reckless", or a negated approval ("not legal")."""
    lists = speech_words()
    for token in tokens:
        lemma = token.lemma_.lower()
        if lemma in lists["negative_verdict"] or token.lower_ in lists["negative_verdict"]:
            return token
        if lemma in lists["negated_approval"] and (
                any(c.dep_ == "neg" for c in token.children)
                or any(c.dep_ == "neg" for c in token.head.children if token.dep_ in ("acomp", "attr", "conj"))):
            return token
    return None


def _complements(verb: Token) -> Iterator[Token]:
    """The clauses a speech verb reports: "said (that) X ...", "the claim that X ..."."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            yield child
        elif child.dep_ == "dobj" and child.lemma_.lower() in speech_words()["charge_nouns"]:
            yield from (c for c in child.children if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX"))


def _other_country(targets: list[ActorPair], sources: list[ActorPair]) -> list[ActorPair]:
    # (a speaker whose country is only the sentence's guess is re-attributed later: _speakers_not_from_target)
    own = {a.country for a, m in sources if m is None or not m.rule.endswith("sentence country")}
    return [(a, m) for a, m in targets if a.country not in own or a.country is None]


# -- rules --------------------------------------------------------------------------------------------


def _judged(coder: EventCoder, clause: Token) -> list[ActorPair]:
    """The actors a said clause judges: "[the Bordurian plan] is reckless", "[X] has become a threat"."""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if not subjects or clause.lemma_.lower() not in ("be", "become", "remain", "constitute", "represent"):
        return []
    if _judges(_words_of(clause, subjects)) is None:
        return []
    if any(s.lower_ in speech_words()["empty_subjects"] for s in subjects):
        return []  # "it was hard to imagine that ...": no one is judged
    return _doers_in(coder, [t for s in subjects for t in s.subtree])


def _wronged(coder: EventCoder, clause: Token, sources: list[ActorPair]) -> list[ActorPair]:
    """The actors a said clause lays a wrong at: "[Borduria] has violated the truce", "tried to sabotage"."""
    lists = speech_words()
    if not _states_a_wrong(coder, clause):
        return []
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "csubj")]
    targets = _other_country(named_in(coder, [t for s in subjects for t in s.subtree]), sources)
    return [(a, m) for a, m in targets if a.sector not in lists["public_sectors"]]


def _wronged_by_them(coder: EventCoder, clause: Token, sources: list[ActorPair]) -> list[ActorPair]:
    """"“They have violated the truce again,” the minister said": the wrong is laid at the party "they"
    stands for, named before (rule they-named-before), when the clause is a wrong in every other respect."""
    lists = speech_words()
    subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.lower_ in lists["plural_pronouns"]]
    if not subjects or not sources or not _states_a_wrong(coder, clause):
        return []
    return named_before(coder, subjects[0], sources)


def _states_a_wrong(coder: EventCoder, clause: Token) -> bool:
    """Whether a said clause lays a wrong (or an attempt at one) at its subject, asserted: not negated,
    doubted or conditional."""
    lists = speech_words()
    deed = clause
    if deed.lemma_.lower() in lists["attempt_verbs"]:
        deed = next((c for c in clause.children if c.dep_ == "xcomp"), clause)
    if deed.lemma_.lower() not in lists["wrongdoing_verbs"] or coder._negated(deed) or coder._negated(clause):
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ in ("aux", "mark")}
    return not marks & (DOUBT_AUX | {"if", "unless", "whether"})


def verdict(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"Ruritania's minister called the Bordurian tariffs unfair": a negative judgment on an actor's
    deed or stance, said of it (also "said the Bordurian plan is reckless", "denounced the move as
    illegal") -- criticism (CAMEO 111) of the actor the judged words name."""
    lists = speech_words()
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB",) or not _asserted(coder, token):
        return None
    targets: list[ActorPair] = []
    if lemma in lists["reporting_verbs"]:
        for clause in _complements(token):
            targets = _judged(coder, clause)
            if targets:
                break
    if not targets and lemma in lists["judging_verbs"]:
        # (the parser sometimes takes the judged noun for the predicate: "called [the move]oprd to tax
        # spirits [disappointing]oprd")
        objects = [c for c in token.children if c.dep_ == "dobj" or (c.dep_ == "oprd" and c.pos_ in ("NOUN", "PROPN"))]
        verdicts = [c for c in token.children if c.dep_ in ("oprd", "ccomp") and c.i > token.i and c not in objects]
        verdicts += [d for c in token.children if c.dep_ in ("advcl", "xcomp") for d in c.children if d.dep_ == "oprd"]
        verdicts += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "as"
                     for p in c.children if p.dep_ == "pobj"]
        verdicts += [p for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ == "as"
                     for p in c.children if p.dep_ == "pobj"]
        if lemma in lists["dismissing_verbs"]:
            # "dismissed the Bordurian offer as a stunt": whatever it is dismissed as, the words disparage it
            verdicts = [p for c in (*token.children, *(c for o in objects for c in o.children))
                        if c.dep_ == "prep" and c.lower_ == "as"
                        for p in c.children if p.dep_ in ("pobj", "pcomp")]
            judging = bool(verdicts)
        else:
            judging = any(_judges(list(v.subtree)) is not None for v in verdicts)
        if objects and verdicts and judging:
            judged = {t.i for v in verdicts for t in v.subtree}
            targets = _doers_in(coder, [t for o in objects for t in o.subtree if t.i not in judged])
    if not targets:
        return None
    sources = speakers(coder, token, context)
    return Finding("verdict", token, "111", sources, targets)


def wrongdoing(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"Ruritania's envoy said Borduria had violated the ceasefire": a wrong laid at an actor's door in
    reported speech ("has failed to", "tried to sabotage") -- an accusation (CAMEO 112) of that actor."""
    lists = speech_words()
    if token.lemma_.lower() not in lists["reporting_verbs"] or not _asserted(coder, token):
        return None
    sources: list[ActorPair] | None = None
    for clause in _complements(token):
        sources = speakers(coder, token, context) if sources is None else sources
        targets = _wronged(coder, clause, sources) if sources else []
        if targets:
            return Finding("wrongdoing", token, "112", sources, targets)
        targets = _wronged_by_them(coder, clause, sources or [])
        if targets:
            return Finding("wrongdoing", token, "112", sources or [], targets, "they-named-before")
    return None


def concern(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"Lakonia is deeply concerned about Bordurian naval drills" (also "expressed concern over ...",
    "said it remains alarmed by ..."): concern voiced about what an actor does -- criticism (CAMEO 111)
    of the actor the concern is about."""
    lists = speech_words()
    lemma = token.lemma_.lower()
    felt = lemma in lists["concern_words"] and token.dep_ == "acomp"  # "is concerned about"
    voiced = lemma == "concern" and token.dep_ == "dobj" and token.head.lemma_.lower() in lists["voicing_verbs"]
    if not (felt or voiced):
        return None
    clause = token.head
    if not _asserted(coder, clause):
        return None
    about = [p for c in token.children if c.dep_ == "prep" and c.lower_ in lists["concern_prepositions"]
             for p in c.children if p.dep_ in ("pobj", "pcomp")]
    if not about:
        return None
    sources = speakers(coder, clause, context)
    if (not sources or all(m is not None and m.rule.startswith("coreference") for _, m in sources)) \
            and clause.dep_ == "ccomp" and clause.head.lemma_.lower() in lists["reporting_verbs"]:
        # "the G7 said it remains concerned": the body that says so
        sources = speakers(coder, clause.head, context) or sources
    targets = _other_country(named_in(coder, [t for p in about for t in p.subtree]), sources)
    targets = [(a, m) for a, m in targets if a.sector not in lists["public_sectors"]]
    if not sources or not targets:
        return None
    return Finding("concern", token, "111", sources, targets)


def quotation(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"“Borduria has violated the truce again.”" -- a sentence of a quotation whose speaker the story
    names (before or after it): what it says is said by them, read as the clause of a speech verb
    (a wrong laid at an actor's door, CAMEO 112, or a judgment on one, 111)."""
    if token.dep_ != "ROOT" or context.speaker is None or token.lemma_.lower() in speech_words()["reporting_verbs"]:
        return None
    if any(c.lemma_.lower() in speech_words()["reporting_verbs"] for c in token.children
           if c.dep_ in ("parataxis", "ccomp", "advcl")):
        return None  # attributed in the sentence itself: the speech-verb rules read it
    actor = context.speaker.resolved()
    if actor is None or not _usable(actor):
        return None
    sources: list[ActorPair] = [(actor, context.speaker)]
    targets = _wronged(coder, token, sources)
    if targets:
        return Finding("quotation", token, "112", sources, targets)
    targets = _wronged_by_them(coder, token, sources)
    if targets:
        return Finding("quotation", token, "112", sources, targets, "they-named-before")
    targets = _other_country(_judged(coder, token), sources)
    if targets:
        return Finding("quotation", token, "111", sources, targets)
    return None


def _perpetrators(clause: Token) -> bool:
    """Whether a reported clause is about those behind an attack: "the attackers were ...", "those
    involved in the attack are ...", "the attack was planned by militants ..."."""
    lists = speech_words()
    for node in clause.subtree:
        lemma = node.lemma_.lower()
        if node.pos_ in ("NOUN", "PROPN") and lemma in lists["perpetrator_nouns"]:
            return True
        if lemma in lists["perpetrator_pronouns"] and any(c.lemma_.lower() in lists["perpetrator_participles"]
                                                        for c in node.children):
            return True
    return False


def blame_abroad(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"Police said the attackers were trained in Borduria": those behind an attack placed in (or
    backed from) another country -- an accusation (CAMEO 112) against that country."""
    lists = speech_words()
    if token.lemma_.lower() not in lists["reporting_verbs"] or not _asserted(coder, token):
        return None
    for clause in _complements(token):
        if clause.lemma_.lower() not in lists["blame_predicates"] or not _perpetrators(clause):
            continue
        if coder._negated(clause):
            continue
        places = [p for node in clause.subtree if node.dep_ == "prep" and node.lower_ in lists["place_prepositions"]
                  for p in node.children if p.dep_ == "pobj"]
        found = [pair for p in places for pair in coder.actors_of(p, conjuncts=False, places=True)
                 if pair[0].kind == "country"]
        if not found:
            continue
        sources = speakers(coder, token, context)
        targets = _other_country(_unique(found), sources)
        if targets:
            return Finding("blame-abroad", token, "112", sources, targets[:1])
    return None


def denial(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"The ministry rejected the allegations": a charge denied, answering whoever made it -- the actor
    its phrase names ("allegations made by Borduria"), else the last one the article reported accusing
    the speaker's country: CAMEO 120, or 016 (deny responsibility) when the verb is "deny", which also
    denies a part in a deed ("denied involvement")."""
    lists = speech_words()
    if token.lemma_.lower() not in lists["denial_verbs"] or token.pos_ != "VERB" or not _asserted(coder, token):
        return None
    denies = token.lemma_.lower() in lists["responsibility_denial_verbs"]
    nouns = set(lists["charge_nouns"]) | (set(lists["responsibility_nouns"]) if denies else set())
    charges = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns]
    relative = token.dep_ in ("relcl", "acl") and token.head.lemma_.lower() in lists["charge_nouns"]
    if relative:
        charges.append(token.head)  # "a charge the spokesman rejected on Thursday"
    if not charges:
        return None
    sources = speakers(coder, token, context)
    if relative and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        sources = _relative_speaker(coder, token)
    if not sources:
        return None
    # ("accusations it is getting weapons from Borduria": a "from" inside the charge's own clause names no
    # accuser)
    accusers = [pair for charge in charges for c in _charge_phrase(charge)
                if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "from") and c.head.i != token.i
                for p in c.children if p.dep_ == "pobj" for pair in coder.actors_of(p)]
    # "Pakistan's allegations", "responding to the statement by the Taliban chief", "X repeated the charge,
    # which Y rejected": whoever made the charge, if the sentence names them
    accusers += [pair for charge in charges for c in charge.children if c.dep_ == "poss" for pair in coder.actors_of(c)]
    accusers += [pair for node in token.subtree if node.lemma_.lower() in lists["statement_nouns"]
                 for c in node.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                 for p in c.children if p.dep_ == "pobj" for pair in coder.actors_of(p)]
    accusers += [pair for charge in charges if charge.dep_ == "dobj" and charge.head.i != token.i
                 for subject in coder.subjects(charge.head) for pair in coder.actors_of(subject)]
    targets = _other_country(_unique(accusers), sources)
    if not targets and not accusers:  # (an accuser the sentence names, of the speaker's own side, stays)
        accuser = _last_accuser(coder, sources, context.index)
        targets = [(accuser, None)] if accuser is not None else []
    if not targets:
        return None
    return Finding("denial", token, "016" if denies else "120", sources, targets)


def _charge_phrase(charge: Token) -> list[Token]:
    """The words of a charge's phrase that may name who made it ("allegations by X", "the charges made
    by X"), not those of a clause with its own subject ("accusations that it buys arms from X")."""
    words: list[Token] = []
    for node in charge.subtree:
        path = [node, *node.ancestors]
        inner = path[:path.index(charge)] if charge in path else []
        if any(n.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in n.children)
               for n in inner):
            continue
        words.append(node)
    return words


def _relative_speaker(coder: EventCoder, verb: Token) -> list[ActorPair]:
    """The speaker of "a charge [the Bordurian spokesman] rejected": the nearest actor named between
    the charge and the verb, when the parser gave the verb no subject."""
    for i in range(verb.i - 1, max(verb.head.i, verb.i - 10), -1):
        mention = coder.actors.at(verb.doc[i])
        actor = mention.resolved() if mention is not None and not mention.pair else None
        if actor is not None and _usable(actor):
            return [(actor, mention)]
    return []


def _last_accuser(coder: EventCoder, sources: list[ActorPair], index: int) -> Actor | None:
    """Who last accused the speaker, at most :data:`ACCUSER_REACH` sentences ago or in the story's lead: an
    accusation aimed at the speaker itself, or at the speaker's country as a whole or the same sector of it."""
    for event in reversed(coder.state.history):
        # (the story's lead sentence, which tells the accusation a later denial answers, stays in reach)
        if index - event.provenance.sentence_index > ACCUSER_REACH and event.provenance.sentence_index > LEAD:
            continue
        target = event.target
        if event.plover_type != "ACCUSE" or target is None:
            continue
        for speaker, _ in sources:
            if event.source.key == speaker.key or (event.source.country == speaker.country
                                                   and event.source.sector == speaker.sector):
                continue
            if target.key == speaker.key or (target.country == speaker.country
                                             and (not target.sector or target.sector == speaker.sector)):
                return event.source
    return None


def ultimatum(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"The rebels gave the government 72 hours to free their comrades": a deadline set for someone --
    an ultimatum (CAMEO 139) to whom it is given."""
    lists = speech_words()
    if token.lemma_.lower() not in lists["ultimatum_verbs"] or not _asserted(coder, token):
        return None
    deadline = [c for c in token.children if c.dep_ in ("dobj", "npadvmod") and c.lemma_.lower() in lists["deadline_units"]
                and any(n.dep_ in ("nummod", "det") for n in c.children)]
    # "to comply" hangs on the verb or on the deadline ("48 hours to comply")
    action = [c for head in (token, *deadline) for c in head.children if c.dep_ in ("xcomp", "advcl", "relcl", "acl")
              and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    given = [c for c in token.children if c.dep_ in ("dative", "iobj")]
    if not deadline or not action or not given:
        return None
    targets = _unique([pair for g in given for pair in coder.actors_of(g)])
    if not targets:
        return None
    return Finding("ultimatum", token, "139", speakers(coder, token, context), targets)


def request(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"Lakonia called on Borduria to free the crew": someone asked to act ("urged X to", "told X to",
    "pleaded with X to", "demanded that X ...", "expects X to honour ..."), a request (CAMEO 020, or a
    demand, 100) to whom is asked."""
    lists = speech_words()
    lemma = token.lemma_.lower()
    if lemma not in lists["request_verbs"] or token.pos_ != "VERB" or not _asserted(coder, token):
        return None
    asked: list[Token] = []
    acts = [c for c in token.children if c.dep_ in ("xcomp", "ccomp", "advcl")
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    if lemma == "expect":
        duties = lists["expected_duties"]
        clauses = [c for c in token.children if c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() in duties]
        asked = [s for c in clauses for s in c.children if s.dep_ == "nsubj"]
        asked += [c for c in token.children if c.dep_ == "dobj" and clauses]
    elif lemma == "demand":
        asked = [s for c in token.children if c.dep_ == "ccomp" for s in c.children if s.dep_ == "nsubj"]
    elif lemma in ("call", "plead", "appeal"):
        asked = [p for c in token.children if c.dep_ == "prep" and c.lower_ in lists["request_prepositions"]
                 for p in c.children if p.dep_ == "pobj"]
        acts += [x for p in asked for x in p.children if x.dep_ in ("xcomp", "acl", "relcl")]
        asked = asked if acts else []
    else:
        asked = [c for c in token.children if c.dep_ in ("dobj", "dative")] if acts else []
    # (members of the public asked to do something are not a party: "asked passengers to come forward")
    targets = _unique([(actor, mention) for a in asked for actor, mention in coder.actors_of(a)
                       if actor.sector not in speech_words()["public_sectors"]])
    if not targets:
        return None
    code = "100" if lemma in ("demand", "expect", "tell") else "020"
    return Finding("request", token, code, speakers(coder, token, context), targets)


def appeal(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"Ruritanian rebels demanded the release of their comrades": an appeal addressed to no one by name
    -- to the party its words name ("the release of sailors held by Borduria"), else, from a group of
    the country's own people (rebels, opposition, unions), to its government; from an international
    body (U.N., NGO), to the country the story is about (CAMEO 020, or a demand, 100). An appeal to no
    one from a state is not coded: whom it means is a guess."""
    lists = speech_words()
    lemma = token.lemma_.lower()
    if lemma not in lists["appeal_verbs"] or token.pos_ != "VERB" or not _asserted(coder, token):
        return None
    if any(c.dep_ in ("dative", "iobj") or (c.dep_ == "prep" and c.lower_ in ("on", "upon", "with") and any(
            p.dep_ == "pobj" and coder.actors_of(p) for p in c.children)) for c in token.children):
        return None  # addressed to someone: the request rule's
    wanted = [c for c in token.children if c.dep_ == "dobj" and lemma != "call"]
    wanted += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "for"
               for p in c.children if p.dep_ == "pobj"]
    wanted = [w for w in wanted if w.lemma_.lower() in lists["appeal_nouns"]]
    if not wanted:
        return None
    sources = speakers(coder, token, context)
    if not sources:
        return None
    public = lists["public_sectors"]
    named = [(a, m) for a, m in named_in(coder, [t for w in wanted for t in w.subtree]) if a.sector not in public]
    targets = _other_country(named, sources)
    source = sources[0][0]
    if not targets and source.country and source.sector in lists["nonstate_sectors"]:
        targets = [(_government(source.country), None)]
    if not targets and not source.country and source.code[:3] in lists["international_prefixes"]:
        # "the U.N. envoy for Ruritania called for an end to the violence": an international body's appeal
        # goes to the country its speaker is posted to, else, in a sentence that names no country, to the
        # one the story is about
        targets = _posted_to(coder, token)
        focus = coder.actors.focal_country()
        if not targets and focus is not None and not any(
                (m := coder.actors.at(t)) is not None and (a := m.resolved()) is not None and a.country
                for t in token.sent):
            targets = [(focus, None)]
    if not targets:
        return None
    return Finding("appeal", token, "100" if lemma == "demand" else "020", sources, targets)


def _posted_to(coder: EventCoder, verb: Token) -> list[ActorPair]:
    """The country a speaker's own phrase names as their post ("the U.N. envoy for Ruritania", "UNICEF's
    representative in Borduria")."""
    from tacitus.events import _gazetteer_country

    posts = [p for subject in coder.subjects(verb) for c in subject.children
             if c.dep_ == "prep" and c.lower_ in ("for", "to", "in") for p in c.children if p.dep_ == "pobj"]
    # (the speaker's mention may span "the U.N. envoy for Ruritania": then the gazetteer names the country)
    found = [pair for p in posts for pair in coder.actors_of(p, places=True) if pair[0].country]
    found += [(country, None) for p in posts if p.pos_ == "PROPN" and (country := _gazetteer_country(p)) is not None]
    return _unique(found)


def _government(country: str) -> Actor:
    from tacitus.places import country_place

    named = country_place(country)
    return Actor(name=named.name if named else country, kind="country", country=country, sector="GOV")


def warning(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"Ruritania warned that Borduria would pay a heavy price", "“... then we will retaliate,” the
    minister said": a reported vow of retaliation or punishment -- a threat (CAMEO 130) to the party the
    clause names, else to whoever last acted against the speaker's country, else to the other country
    of the article's main pair; from an armed group or the opposition, to its own government."""
    lists = speech_words()
    lemma = token.lemma_.lower()
    if lemma in lists["retaliation_verbs"] and token.dep_ == "ROOT" and context.speaker is not None \
            and any(s.lower_ in lists["first_person"] for s in coder.subjects(token)):
        clauses = [token]  # the vow is quoted: "we will retaliate"
        sources = speakers(coder, token, context)
    elif lemma in lists["warning_verbs"] and _asserted(coder, token):
        clauses = [c for c in token.children if c.dep_ == "ccomp"]
        # '"The attack is an attack on the state and will be responded to with full force," X said': a vow
        # coordinated with the first clause said
        clauses += [c for clause in clauses for c in clause.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        sources = []
    else:
        return None
    for clause in clauses:
        aux = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
        if not aux & {"will", "would", "'ll", "shall", "could"}:
            continue
        lemma = clause.lemma_.lower()
        spared = lemma in lists["sparing_verbs"] and coder._negated(clause)
        if (lemma not in lists["retaliation_verbs"] or coder._negated(clause)) and not spared:
            continue
        if any(c.dep_ == "advmod" and c.lemma_.lower() in lists["benign_manners"] for c in clause.children):
            continue  # "we will react positively"
        sources = sources or speakers(coder, token, context)
        if not sources:
            return None
        discourse = ""  # the rule of tacitus.discourse that found a target outside the clause, if any
        named = [(a, m) for a, m in named_in(coder, list(clause.subtree)) if a.sector not in lists["public_sectors"]]
        source = sources[0][0]
        nonstate = _organised_nonstate()
        targets = [(a, m) for a, m in _other_country(named, sources)]
        if not targets and source.sector not in nonstate:
            # "the army warned that the militants will not be spared": an armed group of its own country
            targets = [(a, m) for a, m in named if a.sector in nonstate and a.country == source.country]
        if not targets and coder.state.last_assault is not None:
            # "the attack on the train ... will be responded to with full force": whoever carried out the last
            # attack reported, when the vow is about an attack and that attacker is not the speaker's side
            vowed = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")] or coder.subjects(clause)
            doer = coder.state.last_assault.source
            if any(v.lemma_.lower() in lists["attack_nouns"] for v in vowed) and doer.key != source.key \
                    and (doer.country != source.country or doer.sector in nonstate):
                targets, discourse = [(doer, None)], "last-attacker"
        own = {a.country for a, _ in sources}
        if not targets and source.country and source.sector in nonstate:
            targets = [(_government(source.country), None)]  # "the rebels warned they would execute hostages"
        if not targets:
            offender = next((e.source for e in reversed(coder.state.history) if e.target is not None
                             and e.target.country in own and e.source.country not in own), None)
            targets = [(offender, None)] if offender is not None else []
            discourse = "last-offender" if offender is not None else ""
        vower = coder.subjects(clause)
        if not targets and own & {a.country for a in coder.actors.dyad} \
                and any(s.lower_ in lists["first_person"] or {a.country for a, _ in coder.actors_of(s)} & own
                        for s in vower):
            # a quoted "then we will retaliate", "Seoul would respond": the speaker's own side vows it, against
            # the other country of the story's pair
            partner: list[ActorPair] = [(a, None) for a in coder.actors.dyad if a.country not in own]
            targets, discourse = partner[:1], "story-pair"
        if targets:
            return Finding("warning", token, "130", sources, targets[:1], discourse)
    return None


def _duty(token: Token) -> tuple[list[Token], str] | None:
    """The bearers of a duty laid by ``token``'s clause and the code of the demand, or ``None``: "Russia
    *must* return ..." (100), "Serbia *needs to* withdraw" (100), "China *should* / *ought to* release" (020),
    "It is up to Iran to come back ...", "It is now for Pakistan to shut ..." (100)."""
    lists = speech_words()
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() in lists["thought_duties"] | lists["empty_duties"]:
        return None
    modals = {c.lower_ for c in token.children if c.dep_ == "aux"}
    if modals & set(lists["demand_modals"]) or modals & set(lists["appeal_modals"]):
        code = "100" if modals & set(lists["demand_modals"]) else "020"
        return [c for c in token.children if c.dep_ == "nsubj"], code
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return None
    head = token.head
    if token.dep_ == "xcomp" and head.lemma_.lower() in lists["duty_heads"] and head.tag_ not in ("VBD", "VBN") \
            and not any(c.dep_ == "neg" for c in head.children):
        code = "020" if head.lemma_.lower() in lists["appeal_duty_heads"] else "100"
        return [c for c in head.children if c.dep_ == "nsubj"], code
    if token.dep_ in ("xcomp", "advcl") and head.lemma_ == "be" and head.tag_ != "VBD" \
            and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in head.children):
        # "it is up to X to ...", "it is (now) for X to ..."
        up_to = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "up" for t in c.children
                 if t.dep_ == "prep" and t.lower_ == "to" for p in t.children if p.dep_ == "pobj"]
        for_x = [c for c in token.children if c.dep_ == "nsubj"] \
            if any(c.dep_ == "mark" and c.lower_ == "for" for c in token.children) else []
        for_x += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children
                  if p.dep_ == "pobj"]
        if up_to or for_x:
            return up_to + for_x, "100"
    return None


def named_before(coder: EventCoder, pronoun: Token, sources: Sequence[ActorPair]) -> list[ActorPair]:
    """"Kenya accused Somalia of stoking tensions. “They must stop arming the militias,” the minister said":
    "they" in someone's words is the last party named before it, in this sentence or the two before, that is
    not a person and not the speaker's side (an armed group or opposition of the speaker's own country may be).
    Rule ``they-named-before`` (tacitus.discourse.DISCOURSE_RULES)."""
    lists = speech_words()
    own = {a.country for a, _ in sources}
    others = _organised_nonstate()
    sentence = pronoun.sent
    start = sentence.start
    for _ in range(SPEAKER_REACH):
        if start == 0:
            break
        start = pronoun.doc[start - 1].sent.start
    for token in reversed(pronoun.doc[start: pronoun.i]):
        mention = coder.actors.at(token)
        if mention is None or mention.pair or mention.group or token.i != mention.head:
            continue
        actor = mention.resolved()
        if actor is None or not _usable(actor) or actor.kind == "person" or actor.sector in lists["public_sectors"]:
            continue
        if actor.country in own and actor.sector not in others:
            continue
        joined = [c for c in (token.head, *token.children) if c.dep_ == "conj" or token.dep_ == "conj"]
        if any((m := coder.actors.at(c)) is not None and (a := m.resolved()) is not None and a.country in own
               for c in joined):
            return []  # "leaders from the U.S. and China ... they should communicate": both sides, the speaker's too
        return [(actor, mention)]
    return []


def _saying_verb(token: Token) -> Token | None:
    """The verb of saying whose words hold ``token``: "X said [that] ... token", "“... token,” X said"."""
    from tacitus.events import SPEECH_VERBS

    lists = speech_words()
    saying = SPEECH_VERBS | lists["reporting_verbs"] | lists["warning_verbs"]
    node = token
    for _ in range(8):
        for child in node.children:
            if child.dep_ in ("parataxis", "ccomp") and child.lemma_ in saying and child.i != token.i:
                return child
        if node.lemma_ in saying and node.i != token.i:
            return node
        if node.head.i == node.i:
            break
        node = node.head
    return None


def obligation(coder: EventCoder, token: Token, context: SentenceContext) -> Finding | None:
    """"“Russia must return the detained fishermen,” the minister said", "the ministry said Serbia needs to
    withdraw its forces", "“It is up to Iran to come back into compliance,” an official said": a duty laid on
    another party in someone's words -- a demand (CAMEO 100; with "should" or "ought to" an appeal, 020) from
    the speaker to that party. The duty's bearer "they" is the party named before (rule they-named-before).
    Not coded: the speaker's own side ("we must defend our borders"), members of the public, duties of
    thought ("must understand that ..."), passives, conditions and questions, and words no one is said to
    speak."""
    lists = speech_words()
    found = _duty(token)
    if found is None:
        return None
    bearers, code = found
    if not bearers or any(c.dep_ == "auxpass" for c in token.children) or token.sent.text.rstrip().endswith("?"):
        return None
    node = token
    for _ in range(6):  # no "if"/"unless" on the clause or on those it hangs under, up to the verb of saying
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in node.children):
            return None
        if node.lemma_.lower() in lists["reporting_verbs"] or node.head.i == node.i:
            break
        node = node.head
    verb = _saying_verb(token)
    sources = speakers(coder, verb, context) if verb is not None else []
    if not sources and context.speaker is not None and (quoted := context.speaker.resolved()) is not None:
        sources = _unique([(quoted, context.speaker)])  # a quotation's sentence with no verb of saying of its own
    if len(sources) != 1:
        return None
    actor = sources[0][0]
    targets: list[ActorPair] = []
    discourse = ""
    for bearer in bearers:
        word = bearer.lower_
        if word in lists["first_person"] or word in lists["empty_subjects"]:
            continue
        if word in lists["plural_pronouns"]:
            resolved = named_before(coder, bearer, sources)
            if resolved:
                targets += resolved
                discourse = "they-named-before"
            continue
        targets += [(a, m) for a, m in coder.actors_of(bearer) if (m is None or not (m.pair or m.group))
                    and a.sector not in lists["public_sectors"]]
    targets = _unique(targets)
    others = _organised_nonstate()
    if any(a.country == actor.country and a.sector not in others for a, _ in targets):
        # "Senegal and Gambia should broaden their cooperation, Senegalese officials said": a duty the speaker's
        # side shares is its intent, not a demand; "a Chilean court must ..." is a matter of its own country
        return None
    if not targets:
        return None
    return Finding("obligation", token, code, sources, targets, discourse)


SPEECH_RULES: tuple[SpeechRule, ...] = (
    SpeechRule("blame-abroad", blame_abroad),
    SpeechRule("verdict", verdict),
    SpeechRule("wrongdoing", wrongdoing),
    SpeechRule("concern", concern),
    SpeechRule("quotation", quotation),
    # ("a charge the ministry rejected": the veto "accusation" keeps the rejection from being the deed
    # charged; the denial rule codes it as what it is)
    SpeechRule("denial", denial, frozenset({"accusation"})),
    SpeechRule("ultimatum", ultimatum),
    SpeechRule("request", request),
    SpeechRule("appeal", appeal),
    SpeechRule("warning", warning),
    # ("Russia has to pull its troops out": the veto "hypothetical" refuses the deed; the rule codes the demand)
    SpeechRule("obligation", obligation, frozenset({"hypothetical"})),
)


# -- coding -------------------------------------------------------------------------------------------


def findings(coder: EventCoder, sentence: Span, context: SentenceContext) -> list[Finding]:
    """Every speech act the rules read in one sentence (at most one per trigger word)."""
    found = []
    for token in sentence:
        for rule in SPEECH_RULES:
            finding = rule.find(coder, token, context)
            if finding is not None:
                found.append(finding)
                break
    return found


OPENING_QUOTES = frozenset({"\u201c", '"'})


def _carried_speaker(coder: EventCoder, sentence: Span, context: SentenceContext) -> SentenceContext:
    """The sentence's context with its quotation's speaker: its own, or, for a sentence that opens a
    quotation with no attribution right after an attributed one ("“...,” the envoy said. / “Borduria
    has ...”"), the speaker of that one. Remembers the speaker for the next sentence."""
    state = coder.state
    speaker = context.speaker
    if speaker is None and state.quoted is not None and state.quoted[0] == context.index - 1 \
            and sentence[0].text in OPENING_QUOTES:
        speaker = state.quoted[1]
        context = replace(context, speaker=speaker, speaker_rule="quotation:continued")
    state.quoted = (context.index, speaker) if speaker is not None and _quoted(sentence) else None
    return context


def _quoted(sentence: Span) -> bool:
    return any(t.text in ("\u201c", "\u201d", '"') for t in sentence)


def _speakers_not_from_target(coder: EventCoder, finding: Finding) -> Finding:
    """"Security sources said the attackers were based in Borduria": a class of people that took its
    country only from the sentence (here from Borduria itself) speaks for the country the story is
    about, not for the one it blames."""
    targets = {a.country for a, _ in finding.targets}
    focus = coder.actors.focal_country()
    sources: list[ActorPair] = []
    for actor, mention in finding.sources:
        if mention is not None and mention.rule.endswith("sentence country") and actor.country in targets:
            if focus is None or focus.country in targets:
                continue
            actor = replace(actor, name=focus.name, country=focus.country)
        sources.append((actor, mention))
    return replace(finding, sources=sources)


SUPERSEDING = frozenset({"verdict", "obligation"})
"""Rules whose reading of a trigger replaces the verb pattern's: "called the tariffs unbearable" is a
judgment, not a call for something; "dismissed the offer as a provocation" criticises the offer."""


def code_speech(coder: EventCoder, sentence: Span, context: SentenceContext, coded: Sequence[Event]) -> list[Event]:
    """The events of one sentence: those the verb patterns coded (``coded``), less those a superseding
    speech rule reads otherwise, plus the speech acts they did not code."""
    from tacitus.codebook import cameo
    from tacitus.events import Candidate, _same_side

    context = _carried_speaker(coder, sentence, context)
    # a trigger a veto of tacitus.rules refused ("negated", "hypothetical", "historical" ...) stays refused
    vetoed = {c.token: c.rule.removeprefix("veto:") for c in coder.candidates
              if c.sentence == context.index and c.rule.startswith("veto:")}
    overrides = {rule.name: rule.overrides for rule in SPEECH_RULES}
    found = [f for f in findings(coder, sentence, context)
             if f.trigger.i not in vetoed or vetoed[f.trigger.i] in overrides[f.rule]]
    replaced = {f.trigger.text for f in found if f.rule in SUPERSEDING and f.sources}
    kept = [e for e in coded if e.provenance.trigger not in replaced]
    for candidate in coder.candidates:
        if candidate.sentence == context.index and candidate.coded and candidate.trigger in replaced:
            candidate.coded, candidate.rule = False, "speech:verdict"
            candidate.reason = "a judgment passed in words, coded by the speech rule instead"
    have = {(e.plover_type, e.source.country, e.target.country if e.target else None) for e in kept}
    anchor = context.anchor or context.date
    events: list[Event] = list(kept)
    for finding in found:
        token = finding.trigger
        pattern = Pattern(id=f"speech:{finding.rule}", lemmas=frozenset({token.lemma_.lower()}), code=finding.code,
                          origin=f"{SPEECH_FILE}:{finding.rule}", confidence=0.6)
        candidate = Candidate(sentence=context.index, token=token.i, trigger=token.text, pattern=pattern.id,
                              rule=f"speech:{finding.rule}")
        coder.candidates.append(candidate)
        finding = _speakers_not_from_target(coder, finding)
        if not finding.sources:
            candidate.reason = "no speaker with a known country or code"
            continue
        when = coder.event_date(token, sentence, context)
        if when.text is None and coder._telling(sentence, context):
            # words with no day of their own are said on the story's day, not on the deed's before them
            # (as for the verb patterns: tacitus.events, "X said, condemning the attack")
            when = ResolvedDate(context.lead_date or coder.state.story_day or anchor, "day", None)
        if when.precision == "day" and when.text and when.date < anchor - OLD_NEWS:
            candidate.reason = f"weeks before the story ('{when.text}'): background"
            continue
        if when.precision != "day" and when.date < anchor - HISTORY:
            candidate.reason = f"historical background ('{when.text}')"
            continue
        plover = cameo(finding.code).plover_type
        made = []
        for source, source_mention in finding.sources:
            for target, target_mention in finding.targets:
                if target.key == source.key or target.code == source.code or _same_side(source, target, 3):
                    continue
                key = (plover, source.country, target.country)
                if key in have:
                    continue
                have.add(key)
                made.append(coder._event(token, pattern, sentence, context, source, target, "asserted",
                                         [source_mention, target_mention], pattern.entry(), when,
                                         discourse=(finding.discourse,) if finding.discourse else ()))
        if not made:
            candidate.reason = "already coded, or the speaker's own side"
            continue
        candidate.coded = True
        candidate.events = made
        coder.state.history.extend(made)
        events.extend(made)
    return events
