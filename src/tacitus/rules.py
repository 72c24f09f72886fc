"""The coder's named rules: vetoes that refuse a trigger, and fallbacks that find an implicit target.

Every rule is data -- a name, a function and the example sentence of its docstring -- in one of
two ordered tables:

* :data:`VETOES`: tried in order on every trigger whose pattern fits; the first that returns a
  reason refuses the event ("negated", "hypothetical", "threatened-act" ...);
* :data:`TARGET_FALLBACKS`: tried in order when the trigger's own slots name no target; the first
  that finds one supplies it, lowers the event's confidence by its ``confidence`` factor and
  records its name among the event's dictionary entries (``rules:focal-country``).

``tacitus explain`` prints the name of the rule that refused a trigger or supplied its target. To
add a rule, write a function with an example in its docstring and add a row to a table; the word
lists the rules consult are in ``data/rules.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml
from spacy.tokens import Span, Token

from tacitus.codebook import cameo, is_cameo_code
from tacitus.dates import ResolvedDate, resolve_date
from tacitus.errors import DictionaryError
from tacitus.lexicon import Pattern, WordLists, read_word_lists, words
from tacitus.places import country_place
from tacitus.records import Actor

if TYPE_CHECKING:
    from tacitus.actors import ActorMention
    from tacitus.events import EventCoder, SentenceContext

RULES_FILE = "rules.yaml"
INTENT_FILE = "intent.yaml"
MEETING_CODES = frozenset({"036", "040", "042", "043", "044"})
"""Meeting codes stay (as an intent to meet, CAMEO 036) when planned, expected or conditional."""
CLAUSE_HOPS = frozenset({"xcomp", "acomp", "ccomp", "pcomp", "pobj", "prep", "advcl", "relcl", "acl"})
BODY_SENTENCE = 3
"""The first sentence index below the headline and lead: words told there in the present perfect with
no day of their own are background (veto "perfect")."""
PAST_NOUN = dt.timedelta(days=31)
"""How long before the story a noun's own date must lie for a clause describing it to be background."""
PLACE_PREPOSITIONS = frozenset({"in", "near", "inside", "across", "outside", "around", "off", "over"})
CROWD_PLACE_PREPOSITIONS = PLACE_PREPOSITIONS | {"through", "at"}  # "marched through Nairobi"

Targets = list[tuple[Actor | None, "ActorMention | None"]]
Sources = Sequence[tuple[Actor, "ActorMention | None"]]


@lru_cache(maxsize=1)
def rule_words() -> WordLists:
    """The word lists of ``data/rules.yaml``."""
    with resources.as_file(resources.files("tacitus") / "data" / RULES_FILE) as path:
        return read_word_lists(path)


@dataclass(frozen=True)
class IntentTable:
    """The words and codes of the intent rules (``data/intent.yaml``): which heads state an act as
    intended or threatened, and which intent code (CAMEO 03x, 13x) an act's CAMEO code becomes."""

    plan_heads: frozenset[str]
    attempt_heads: frozenset[str]
    threat_heads: frozenset[str]
    threat_only_heads: frozenset[str]
    future_aux: frozenset[str]
    reported_future_aux: frozenset[str]
    codes: Mapping[str, str]
    kept_roots: frozenset[str]
    pledge_only_codes: tuple[str, ...]
    plan_nouns: frozenset[str] = frozenset()
    threat_nouns: frozenset[str] = frozenset()

    def code_for(self, code: str) -> str | None:
        """The intent code of an act coded ``code`` ("163" -> "1312"), or ``None`` when the act states no
        intent to cooperate and no threat ("112": "plans to criticise" is no threat)."""
        if code[:2] in self.kept_roots:
            return code
        return next((self.codes[code[:n]] for n in range(len(code), 1, -1) if code[:n] in self.codes), None)


@lru_cache(maxsize=1)
def intent_table() -> IntentTable:
    """The intent rules' table of ``data/intent.yaml``."""
    with resources.as_file(resources.files("tacitus") / "data" / INTENT_FILE) as path:
        return read_intent_table(path)


def read_intent_table(path: object) -> IntentTable:
    """Read an intent table (see ``data/intent.yaml``); a malformed file raises :class:`DictionaryError`."""
    from pathlib import Path

    where = Path(str(path))
    try:
        data = yaml.safe_load(where.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DictionaryError(str(where), f"cannot read the intent table ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise DictionaryError(str(where), "expected a mapping of word lists and 'codes'")
    lists: dict[str, frozenset[str]] = {}
    required = ("plan_heads", "attempt_heads", "threat_heads", "threat_only_heads", "future_aux",
                "reported_future_aux", "kept_roots")
    for name in (*required, "plan_nouns", "threat_nouns"):  # (the nouns are optional: an older table has none)
        value = data.get(name) if name in required else data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise DictionaryError(str(where), f"{name!r} must be a list of words")
        lists[name] = frozenset(value)
    pledge_only = data.get("pledge_only_codes")
    if not isinstance(pledge_only, list) or not all(isinstance(c, str) for c in pledge_only):
        raise DictionaryError(str(where), "'pledge_only_codes' must be a list of quoted CAMEO codes")
    codes = data.get("codes")
    if not isinstance(codes, dict):
        raise DictionaryError(str(where), "'codes' must map CAMEO codes of acts to intent codes")
    for act, intent in codes.items():
        if not (isinstance(act, str) and isinstance(intent, str) and is_cameo_code(intent)
                and intent[:2] in lists["kept_roots"]):
            raise DictionaryError(str(where), f"codes: {act!r}: {intent!r} is no CAMEO intent code (03x or 13x, "
                                  "quoted: \"0331\")")
    return IntentTable(codes=dict(codes), pledge_only_codes=tuple(pledge_only), **lists)


@dataclass(frozen=True)
class Intent:
    """An act stated as intended or threatened, coded as the intent ("vowed to strike": threat, 138)."""

    rule: str  # "intent-to-cooperate" or "threat"
    code: str  # the intent code (CAMEO 03x or 13x)
    head: str  # the words that make it an intent ("vowed", "will")


def _intent(code: str, head: str) -> Intent:
    return Intent("threat" if code.startswith("13") else "intent-to-cooperate", code, head)


@dataclass
class Trigger:
    """One trigger word under a fitting pattern, and what the rules learned about it so far."""

    coder: EventCoder
    token: Token
    pattern: Pattern
    sentence: Span
    context: SentenceContext
    offset_date: ResolvedDate | None = None  # "a day after the strike": the day it gives
    deed: bool = False  # an attack told as a noun ("the airstrike")
    deed_date: ResolvedDate | None = None  # the day its own phrase gives ("an April 1 air strike")
    target_words: bool = False  # the trigger's target slots hold words, if no actor ("condemned Ruritania")
    claimed_by: Token | None = None  # "X claimed responsibility for the attack": the verb of the claim
    under_attack: bool = False  # "X came under attack": the victim is the subject, the doer unnamed
    speaker_source: bool = False  # the source is only who speaks, not a force reporting its deed ("..., X said")
    intent: Intent | None = None  # "plans to send aid": the act is coded as an intent (rules planned-act, threatened-act)

    @property
    def quad_class(self) -> int:
        return cameo(self.pattern.code).quad_class

    @property
    def plover_type(self) -> str | None:
        return cameo(self.pattern.code).plover_type


@dataclass(frozen=True)
class Veto:
    """A rule that refuses a trigger: ``check`` returns why, or ``None`` to let it through."""

    name: str
    check: Callable[[Trigger], str | None]
    frame: bool = False  # the refusal only says the pattern's frame does not fit: the next fitting pattern is tried

    @property
    def example(self) -> str:
        return _example(self.check)


@dataclass(frozen=True)
class Fallback:
    """A rule that finds an implicit target: ``find`` returns the targets, or an empty list."""

    name: str
    find: Callable[[Trigger, Sources], Targets]
    confidence: float = 1.0  # multiplies the event's confidence
    last_resort: bool = False  # tried only once no pattern of the trigger finds a target in the text

    @property
    def example(self) -> str:
        return _example(self.find)


def _example(function: Callable[..., object]) -> str:
    doc = function.__doc__ or ""
    return next((line.strip() for line in doc.splitlines() if line.strip()), "")


# -- helpers ------------------------------------------------------------------------------------------


def _clause_chain(token: Token, limit: int = 4) -> list[Token]:
    """The trigger and the heads of the clause it belongs to, up through infinitives, complements of
    adjectives and coordinated verbs ("might be *willing* to": willing, be)."""
    chain = [token]
    node = token
    for _ in range(limit):
        if node.dep_ not in ("xcomp", "acomp", "conj", "auxpass") or node.head.i == node.i:
            break
        if node.dep_ == "conj" and node.pos_ == "VERB" and node.head.pos_ in ("NOUN", "PROPN") \
                and node.head.head.pos_ in ("VERB", "AUX"):
            node = node.head  # "if it changes its position or tests missiles": a verb the parser hangs on a noun
        node = node.head
        chain.append(node)
    return chain


def _auxiliaries(nodes: list[Token]) -> set[str]:
    return {c.lower_ for node in nodes for c in node.children if c.dep_ in ("aux", "auxpass")}


def _governors(token: Token, limit: int = 6) -> list[Token]:
    """The words a trigger's clause hangs under, nearest first, through complement and modifier
    links ("accused it of *providing*": of, accused)."""
    found = []
    node = token
    for _ in range(limit):
        if node.dep_ not in CLAUSE_HOPS or node.head.i == node.i:
            break
        node = node.head
        found.append(node)
    return found


def _phrase_lemma(token: Token) -> str:
    """A head with its particle: "look forward" for "look" with "forward", else the lemma."""
    particle = next((c.lower_ for c in token.children if c.dep_ in ("prt", "advmod") and c.lower_ == "forward"), None)
    lemma = token.lemma_.lower()
    return f"{lemma} {particle}" if particle else lemma


# -- vetoes -------------------------------------------------------------------------------------------


def negated(trigger: Trigger) -> str | None:
    """"Russia did not attack the convoy": negated, no event."""
    return "negated" if trigger.coder._negated(trigger.token) else None


def condition(trigger: Trigger) -> str | None:
    """"If the talks fail, Ruritania will close its border": a condition, not an event.

    The trigger itself opens a condition ("if ... attack"), or governs one ("will impose ... if X
    follows through"), or hangs under "whether".
    """
    marks = rule_words()["condition_marks"]
    chain = _clause_chain(trigger.token)
    for node in chain:
        mark = next((c for c in node.children if c.dep_ == "mark" and c.lower_ in marks), None)
        if mark is not None:
            return f"a condition ('{mark.text} ... {trigger.token.text}'), not an event"
    if trigger.pattern.code in MEETING_CODES or _conditional_threat(trigger) or _threat_code(trigger):
        # "threatened to blockade Taiwan if ...": the threat was made (rule "threat"); "threatened to secede
        # unless Moscow withdrew": the threat itself is the event, its condition what it demands
        return None
    for node in chain:
        for clause in _conditions(node, marks):
            return f"conditional on '{clause.text} ...' ('{trigger.token.text}' only if it happens)"
    return None


def _conditions(node: Token, marks: Collection[str]) -> list[Token]:
    """The clauses of condition that ``node`` governs ("... if X withdrew", "... unless Y pays")."""
    return [clause for clause in node.children if clause.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in marks for c in clause.children)]


def _conditional_threat(trigger: Trigger) -> bool:
    """Whether an act that governs a condition is one a vow or threat names ("threatened to blockade Taiwan if
    ..."): the threat was made, on a condition, and CAMEO codes it (13x). An act only announced on a condition
    ("if the talks fail, Chile will close its border") stays refused."""
    return intent_table().code_for(trigger.pattern.code) is not None and _threat_head(trigger.token) is not None


def _threat_code(trigger: Trigger) -> bool:
    """Whether the trigger is coded as a threat (CAMEO 13x): its own pattern's code or its act's intent."""
    return trigger.pattern.code.startswith("13") or (trigger.intent is not None and trigger.intent.code.startswith("13"))


def background(trigger: Trigger) -> str | None:
    """"Ruritania has hosted the talks since 2016": background ('since ...'), not news."""
    if trigger.offset_date is not None:
        return None
    return trigger.coder._background(trigger.token)


def deed_noun(trigger: Trigger) -> str | None:
    """"Borduria condemned the attack": an attack told as a noun that only refers back to a deed
    already reported (or told by its own verb) is not coded again."""
    if not trigger.deed:
        return None
    token = trigger.token
    if token.dep_ == "pobj" and token.head.lower_ == "under" and token.head.head.lemma_.lower() == "come":
        trigger.under_attack = True  # "the train came under a bomb attack": a deed told from its victim
        trigger.deed_date = _own_deed_day(trigger)  # ("... came under attack Tuesday": that day)
        return None
    claim = token.head.head.head if token.dep_ == "pobj" and token.head.lower_ == "for" else None
    if claim is not None and token.head.head.lemma_.lower() in ("responsibility", "credit") \
            and claim.lemma_.lower() in ("claim", "take", "accept"):
        trigger.claimed_by = claim  # "the group claimed responsibility for the attack": its doer speaks
        trigger.deed_date = _own_deed_day(trigger)  # ("for Tuesday's attack": that day)
        return None
    trigger.deed_date, why_not = trigger.coder._deed_noun(trigger.token, trigger.sentence, trigger.context)
    return why_not or None


def _own_deed_day(trigger: Trigger) -> ResolvedDate | None:
    """The day the phrase of an attack told as a noun gives itself ("an attack Tuesday"), if any."""
    return trigger.coder._deed_noun(trigger.token, trigger.sentence, trigger.context)[0]


def ongoing(trigger: Trigger) -> str | None:
    """"The rebels have been fighting the government for years": an ongoing state of affairs, not an
    event of the day (nor is a habit: "the group frequently conducts bombings")."""
    token = trigger.token
    # (on the trigger, or on the copula of an adjective: "are always ready for ...")
    holders = (token, token.head) if token.dep_ == "acomp" else (token,)
    habit = next((c for node in holders for c in node.children
                  if c.dep_ == "advmod" and c.lower_ in rule_words()["habitual_adverbs"]), None)
    if habit is not None:
        return f"habitual ('{habit.text} {token.text}'), not an event of the day"
    for node in (token, token.head) if token.dep_ == "advcl" and token.tag_ == "VBG" else (token,):
        # (and "..., accusing it of ...", a participle hung on such a verb)
        aux = {c.lower_ for c in node.children if c.dep_ == "aux"}
        if node.tag_ == "VBG" and "been" in aux and aux & {"has", "have", "had", "'s", "'ve"}:
            return f"ongoing ('{' '.join(sorted(aux & {'has', 'have', 'had'}))} been {node.text}'), not an event of the day"
    if token.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("was", "were") for c in token.children) \
            and not _own_day(trigger) and not (token.dep_ in ("ccomp", "parataxis", "conj")
                                                and token.head.lemma_.lower() in words("speech_verbs")):
        # ("said it was recalling its envoy" is the news, told in the tense of the telling)
        # "the agency was already providing food before the war": a state of affairs in the past
        return f"ongoing in the past ('was {token.text}'), not an event of the day"
    return None


def _own_day(trigger: Trigger) -> bool:
    """Whether the trigger's own clause states when it happened ("on Tuesday", "last week")."""
    if trigger.offset_date is not None or trigger.deed_date is not None:
        return True
    from tacitus.events import _clause_text

    anchor = trigger.context.anchor or trigger.context.date
    return resolve_date(_clause_text(trigger.token), anchor).text is not None


def noun_reference(trigger: Trigger) -> str | None:
    """"Lakonia played a constructive role in talks with Borduria": an event noun inside another
    noun's phrase, or after an adjective of feeling ("angry with the offensive", "concerned about
    the strikes"), is talked about, not reported (unless its phrase gives its own day)."""
    token = trigger.token
    if trigger.pattern.pos != "noun" or trigger.deed_date is not None or token.dep_ != "pobj":
        return None
    prep = token.head
    if prep.dep_ == "prep" and prep.head.pos_ == "NOUN" and prep.lower_ in ("in", "from", "at") \
            and not trigger.coder.patterns.for_token(prep.head):
        return f"talked about ('{prep.head.text} {prep.text} ... {token.text}'), not reported"
    if prep.dep_ == "prep" and prep.lower_ == "of" and prep.head.lemma_.lower() in rule_words()["reference_heads"]:
        return f"talked about ('{prep.head.text} of ... {token.text}'), not reported"
    if prep.dep_ == "prep" and prep.head.pos_ == "ADJ" and prep.head.dep_ in ("acomp", "amod", "conj"):
        # "lawmakers are angry with a Bordurian offensive": what someone feels about, not a deed reported
        return f"what someone is '{prep.head.text} {prep.text}' ('{token.text}'), not reported"
    return None


def refused(trigger: Trigger) -> str | None:
    """"Ruritania refused to sign the accord": refused or failed, not done (nor "was unable to sign")."""
    token = trigger.token
    heads = words("refusal_heads") | rule_words()["refusal_adjectives"]
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in heads:
        return f"refused or failed ('{token.head.text} to {token.text}'), not done"
    return None


def noun_aim(trigger: Trigger) -> str | None:
    """"Borduria's efforts to improve ties with Ruritania": an act named as the aim, topic or object
    of a noun (an effort, a failure, a decision, "the urgency of boosting ...") is talked about, not
    reported as done."""
    token = trigger.token
    if token.pos_ not in ("VERB", "AUX") or trigger.pattern.code in MEETING_CODES or trigger.intent is not None:
        return None  # (an intent stated by a noun, "plans to impose": rules "intent-to-cooperate", "threat")
    while token.dep_ == "conj" and token.head.i != token.i and token.head.tag_ == token.tag_:
        token = token.head  # "a plan for arming X and supporting Y": the first of the list
    head = token.head
    if token.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") \
            and _to_infinitive(token):
        return f"the aim of a noun ('{head.text} to {trigger.token.text}'), not done"
    if token.dep_ == "pcomp" and token.tag_ == "VBG" and head.dep_ == "prep" and head.head.pos_ == "NOUN" \
            and head.lower_ in rule_words()["topic_prepositions"]:
        return f"the topic of a noun ('{head.head.text} {head.text} {trigger.token.text}'), not done"
    return None


def purpose(trigger: Trigger) -> str | None:
    """"Ruritania sent troops to the border on Monday to protect Borduria": an act named as the purpose
    of another ("to" with no subject of its own, hung on the verb) is what the doer aims at, not what
    it did; so is "will take steps to defend ...", which the parser may hang on the noun "steps" as an
    infinitival relative clause (but "the first country to recognise X" did recognise it), and a clause
    of purpose with a modal ("so that the police can detain X")."""
    token = trigger.token
    if trigger.pattern.code in MEETING_CODES or trigger.intent is not None:
        return None  # ("threatened to expel", hung as a purpose by the parser: rule "threat")
    lists = rule_words()
    for node in (token, *_governors(token)):
        # "... so the prison service can focus on detaining X": a clause of purpose with a modal
        mark = next((c for c in node.children if c.dep_ == "mark" and c.lower_ in lists["purpose_marks"]), None)
        if node.dep_ == "advcl" and mark is not None and _auxiliaries([node]) & lists["purpose_aux"]:
            return f"the purpose of '{node.head.text}' ('{mark.text} ... {node.text}'), not done"
        if node.lemma_.lower() in words("speech_verbs"):
            break
    if token.pos_ not in ("VERB", "AUX"):
        return None
    if not _to_infinitive(token) \
            or any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in token.children):
        return None
    head = token.head
    if token.dep_ == "advcl" and head.i != token.i:
        return f"the purpose of '{head.text}' ('to {token.text}'), not done"
    if token.dep_ == "relcl" and head.pos_ == "NOUN" \
            and not any(c.lower_ in rule_words()["ranking_words"] for c in head.children):
        return f"the aim of '{head.text}' ('{head.text} to {token.text}'), not done"
    return None


def dated_noun(trigger: Trigger) -> str | None:
    """"Borduria cited the February 2020 pact Ruritania negotiated with the rebels": a clause that
    describes a noun the text dates weeks or more before the story tells that noun's past, not news."""
    token = trigger.token
    head = token.head
    if token.dep_ not in ("relcl", "acl") or head.pos_ not in ("NOUN", "PROPN") or head.i == token.i:
        return None
    clause = {t.i for t in token.subtree}
    dated = [t for c in head.children if c.dep_ in ("nmod", "compound", "amod", "nummod", "poss", "npadvmod")
             and c.i not in clause for t in c.subtree if t.ent_type_ == "DATE"]
    if not dated:
        return None
    anchor = trigger.context.anchor or trigger.context.date
    when = resolve_date(" ".join(t.text for t in sorted(dated, key=lambda t: t.i)), anchor)
    if when.text is None or when.date >= anchor - PAST_NOUN:
        return None
    return f"describes the {when.text} {head.text} ('{head.text} ... {token.text}'): background"


def port_call(trigger: Trigger) -> str | None:
    """"A Bordurian navy destroyer visited Ruritania on Monday": a ship's port call, not a visit of
    the state (nor is a host "welcoming a Bordurian frigate")."""
    if trigger.pattern.code not in MEETING_CODES:
        return None
    token = trigger.token
    vessels = rule_words()["vessel_nouns"]
    parties = [*trigger.coder.subjects(token), *(c for c in token.children if c.dep_ in ("dobj", "nsubjpass"))]
    ship = next((p for p in parties if p.lemma_.lower() in vessels), None)
    if ship is None:
        return None
    return f"a ship's port call ('{ship.text} ... {token.text}'), not a visit"


def bare_adjective(trigger: Trigger) -> str | None:
    """"Ready or not, the refugees must leave": an adjective such as "ready" or "willing" states an
    intent only with what one is ready for ("ready to talk", "willing for talks")."""
    token = trigger.token
    if trigger.pattern.pos == "adj" and not any(c.dep_ in ("xcomp", "prep", "ccomp") for c in token.children):
        return f"no act named ('{token.text}' alone), no intent"
    return None


def perfect(trigger: Trigger) -> str | None:
    """"Borduria has provided training to the Ruritanian police", "officials who had negotiated with
    Lakonia": the perfect, with no day of its own, tells a state of affairs or the background, not
    the news of the day (the present perfect is news in the lead, but words told in it further down
    -- "Borduria has accused Ruritania of ..." -- are a stance held, background)."""
    token = trigger.token
    chain = _clause_chain(token)
    top = chain[-1]
    if top.tag_ != "VBN" and token.tag_ != "VBN":
        return None
    have = next((c for node in chain for c in node.children
                 if c.dep_ == "aux" and c.lemma_.lower() == "have"), None)
    if have is None or _own_day(trigger):
        return None  # "has struck the base on Tuesday": a day of its own
    stated = _stated_clause(top)  # "the announcement that Ukraine had agreed": what was announced
    relative = top.dep_ in ("relcl", "acl") and not stated
    reported = stated or (top.dep_ in ("ccomp", "parataxis") and top.head.lemma_.lower() in words("speech_verbs"))
    if not relative and have.lower_ != "had" and trigger.context.index >= BODY_SENTENCE \
            and trigger.quad_class in (1, 3) and token.lemma_.lower() not in words("speech_verbs") and not reported:
        # "The United States has accused Beijing of genocide" deep in the body: a stance held, told as
        # background (in the lead, "X has accused Y" is the news; "sources have said" reports it)
        return f"the perfect ('{have.text} {top.text}') of words, below the lead, with no day of its own: background"
    if not relative and (have.lower_ != "had" or reported):
        return None  # "Ruritania has closed its border" is the wire's news; "said it had closed" too
    return f"the perfect ('{have.text} {top.text}') with no day of its own: background"


def _own_subject(token: Token) -> bool:
    """Whether a verb has a subject of its own, other than a relative pronoun ("the deal that X signed")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP", "WP$") and c.lower_ != "that"
               for c in token.children)


def _stated_clause(token: Token) -> bool:
    """Whether a verb the parser hangs on a noun heads the noun's content clause ("the news that X had
    agreed", "that" a conjunction) rather than a relative clause ("the deal that X signed")."""
    return token.dep_ == "acl" and _own_subject(token) \
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)


def participle(trigger: Trigger) -> str | None:
    """"A report released on Thursday showed ...", "soldiers backed by foreign troops": a past
    participle that describes a noun tells what the noun is, not an event of the story (but "talks
    hosted by Lakonia" are still a meeting; and "the announcement that Ukraine had agreed to ...", a
    clause with a subject of its own that the parser hangs on the noun, states what was announced)."""
    token = trigger.token
    if token.dep_ == "acl" and token.tag_ == "VBN" and head_is_noun(token) and not _own_subject(token) \
            and not trigger.pattern.code.startswith(tuple(rule_words()["participle_codes"])) \
            and not headline_verb(token):
        return f"a participle describing '{token.head.text}' ('{token.text}'), not an event"
    return None


def headline_verb(token: Token) -> bool:
    """"Israeli airstrikes killed 14 people": the parser makes the noun the sentence's root and hangs the
    verb, object and all, on it as a participle; a participle after a root noun that takes a direct
    object of its own is the sentence's verb, and the noun its subject."""
    head = token.head
    if token.dep_ != "acl" or head.pos_ not in ("NOUN", "PROPN") or head.i > token.i \
            or not any(c.dep_ == "dobj" for c in token.children):
        return False
    if head.dep_ == "ROOT":
        return not any(c.pos_ in ("VERB", "AUX") and c.dep_ not in ("acl", "relcl") for c in head.children)
    # "Israeli airstrikes killed 14 people, officials said": the noun made the subject of the speech verb
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in words("speech_verbs") and head.head.i > token.i \
        and any(c.dep_ == "nsubj" and c.i > token.i for c in head.head.children)


def _to_infinitive(token: Token) -> bool:
    """Whether ``token`` is a verb with its infinitive marker ("to *send*")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def head_is_noun(token: Token) -> bool:
    return token.head.pos_ in ("NOUN", "PROPN", "PRON") and token.head.i != token.i


def requested(trigger: Trigger) -> str | None:
    """"Borduria urged Ruritania to lift its sanctions": asked of someone, not done."""
    token = trigger.token
    if trigger.pattern.pos == "noun" and token.dep_ == "dobj" \
            and token.head.lemma_.lower() in words("request_words") | rule_words()["request_verbs"]:
        return f"asked for ('{token.head.text} ... {token.text}'), not held"
    asker = trigger.coder._requested(token)
    if asker is not None:
        return f"asked of someone ('{asker.text} ... {trigger.token.text}'), not done"
    return None


def hypothetical(trigger: Trigger) -> str | None:
    """"Ruritania could strike the border posts": a possibility, not an event.

    For deeds (material events) "could", "may", "might", "should", "must" and "would" all leave the
    act undone -- except "would" as the future of a reported clause ("Borduria said it would resume
    aid", an intent). For words, only "could", "may" and "might" do ("should broaden their
    cooperation" states an intent), and never for an intent itself (CAMEO 03x). Meetings stay, as an
    intent to meet.
    """
    code = trigger.pattern.code
    if code in MEETING_CODES:
        return None
    lists = rule_words()
    chain = _clause_chain(trigger.token)
    aux = _auxiliaries(chain)
    material = trigger.quad_class in (2, 4)
    # "must maintain sanctions" of a third party is the speaker's demand, not the party's act
    obliged = material or trigger.quad_class == 3
    doubt = aux & (lists["doubt_aux"] if obliged else lists["doubt_aux"] - lists["obligation_aux"])
    if doubt and (obliged or not code.startswith("03") or doubt & lists["possibility_aux"]):
        return f"hypothetical ('{min(doubt)} ... {trigger.token.text}'), not an event"
    must = aux & lists["demanded_aux"]
    top = chain[-1]
    if must and top.dep_ == "ccomp" and top.head.lemma_.lower() in words("speech_verbs"):
        # "the British foreign secretary said Serbia and Kosovo must reach an agreement": what the speaker says
        # another party must do is not that party's act (nor, with a plain "said", a demand: verbs.yaml say-must)
        subjects = [c for node in chain for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and all(s.pos_ != "PRON" for s in subjects):
            return f"asked of someone ('{min(must)} ... {trigger.token.text}' in what is said), not done"
    duty = next((node for node in chain[1:] if node.lemma_.lower() in lists["obligation_heads"]
                 and node.tag_ not in ("VBD", "VBN")), None)
    if duty is not None and obliged and _to_infinitive(chain[chain.index(duty) - 1]):
        # "Russia has to pull its troops out": a duty someone states, not the deed (the speech rule
        # "obligation" codes it as the speaker's demand)
        return f"hypothetical ('{duty.text} to ... {trigger.token.text}'), not an event"
    if material and aux & lists["would_aux"]:
        top = chain[-1]
        # ("warned it would strike": the future of a threat, rule "threat")
        reported = top.dep_ == "ccomp" and top.head.lemma_.lower() in words("speech_verbs") | intent_table().threat_heads
        if not reported:
            return f"hypothetical ('would ... {trigger.token.text}'), not an event"
    return None


def belief(trigger: Trigger) -> str | None:
    """"The minister believes the two leaders will meet soon": only believed or hoped, not done."""
    heads = rule_words()["belief_heads"]
    for node in _governors(trigger.token):
        lemma = _phrase_lemma(node)
        if lemma in heads or lemma == "look forward":
            if trigger.pattern.code in MEETING_CODES and lemma in ("expect", "hope"):
                return None  # "is expected to visit": an intent to meet
            return f"only believed or hoped ('{node.text} ... {trigger.token.text}'), not an event"
        if node.lemma_.lower() in words("speech_verbs"):
            break
    return None


def accusation(trigger: Trigger) -> str | None:
    """"Borduria accused Ruritania of arming the rebels": what someone is accused of, not a reported deed."""
    lists = rule_words()
    token = trigger.token
    for node in _governors(token, limit=4):
        lemma = node.lemma_.lower()
        charge = node.pos_ == "NOUN" and (lemma in lists["charge_nouns"] or (
            lemma in lists["claim_nouns"] and node.head.lemma_.lower() in lists["denial_heads"]))
        if (lemma in lists["accusation_heads"] or charge) and token.dep_ != "dobj":
            return f"an accusation ('{node.text} ... {token.text}'), not the deed itself"
        if node.lemma_.lower() in words("speech_verbs"):
            break
    return None


def _denied(token: Token, head: Token) -> bool:
    """Whether the words from an act up to the head of its intent hold a negation ("is not willing to
    send", "does not plan to strike")."""
    nodes = _clause_chain(token)
    nodes = nodes[:nodes.index(head) + 1] if head in nodes else [token, head]
    if head.dep_ == "acomp":
        nodes.append(head.head)  # ("is not ready to": the copula)
    return any(c.dep_ == "neg" or (c.lower_ == "never" and c.dep_ == "advmod") for node in nodes for c in node.children)


def _stated_intent(trigger: Trigger, head: Token) -> Intent | None:
    """The intent an act under ``head`` ("vowed", "plans") states: its code by ``data/intent.yaml``, or
    ``None`` when its code states no intent to cooperate and no threat, or the intent is denied."""
    table = intent_table()
    code = table.code_for(trigger.pattern.code)
    lemma = head.lemma_.lower()
    if code is None or _denied(trigger.token, head) or lemma in table.attempt_heads:
        return None
    if lemma in table.plan_heads and trigger.pattern.code.startswith(table.pledge_only_codes):
        return None  # "was ready to support Kenya's government": talk, not an intent coded
    if lemma in table.threat_only_heads and not code.startswith("13"):
        return None  # "threatened to withdraw its monitors": the head's own pattern codes the threat
    if lemma in table.threat_only_heads and any(c.dep_ in ("dobj", "dative") for c in head.children) \
            and trigger.token.dep_ == "xcomp":
        return None  # "warned Iran to stop": asked of Iran, not Iran's threat
    return _intent(code, head.text)


def _noun_head(token: Token, nouns: frozenset[str]) -> Token | None:
    """The noun of plan or threat whose infinitive ``token`` is ("announced plans to *impose*", "Russia's
    threat to *strike*"), or ``None``."""
    head = token.head
    if token.dep_ == "acl" and head.pos_ == "NOUN" and head.lemma_.lower() in nouns \
            and _to_infinitive(token):
        return head
    return None


def _threat_head(token: Token) -> Token | None:
    """The vow, pledge or threat an act hangs under ("threatened to *kill*", "warned it would *strike*",
    "its threat to *close*")."""
    noun = _noun_head(token, intent_table().threat_nouns)
    if noun is not None:
        return noun
    heads = intent_table().threat_heads
    for node in _governors(token, limit=3):
        if node.lemma_.lower() in heads and node.i != token.i:
            if node.i != token.head.i and token.dep_ == "ccomp":
                return None
            return node
        if node.dep_ not in ("xcomp", "ccomp", "conj"):
            break
    return None


def _plan_head(token: Token) -> Token | None:
    """The plan, wish or readiness an act hangs under ("plans to *expel*", "is ready to *send*")."""
    table = intent_table()
    noun = _noun_head(token, table.plan_nouns)
    if noun is not None:
        return noun  # "announced plans to impose sanctions"
    heads = table.plan_heads | table.attempt_heads
    node = token
    for _ in range(2):
        infinitive = node.dep_ == "advcl" and _to_infinitive(node)
        if node.dep_ != "xcomp" and not infinitive and not (node.dep_ == "pobj" and node.head.dep_ == "prep"):
            break  # ("offered to mediate", which the parser may hang as a clause of purpose)
        node = node.head if node.dep_ in ("xcomp", "advcl") else node.head.head
        if node.lemma_.lower() in heads:
            return node
        if infinitive:
            break
    return None


def _own_doer(token: Token, head: Token) -> bool:
    """Whether an act in a clause under a vow or threat is the vower's own ("warned it would strike":
    a pronoun or no subject; "warned that Hezbollah would attack" is a warning about another)."""
    if token.dep_ == "xcomp" or head.dep_ == "xcomp":
        return True
    node = token
    while node.i != head.i:
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return all(s.pos_ == "PRON" for s in subjects)
        node = node.head
    return True


def threatened_act(trigger: Trigger) -> str | None:
    """"The rebels threatened to kill the hostages": the act is coded as the threat (CAMEO 13x) its root
    matches, and a vowed or pledged act as the intent (03x) -- "pledged to send aid" (033); an act whose
    code states no threat or intent ("vowed to criticise") is refused, not done."""
    token = trigger.token
    head = _threat_head(token)
    if head is None:
        return None
    intent = _stated_intent(trigger, head) if _own_doer(token, head) else None
    if intent is not None:
        trigger.intent = intent
        return None
    return f"threatened or vowed ('{head.text} ... {token.text}'), not done"


def planned_act(trigger: Trigger) -> str | None:
    """"Japan plans to provide economic aid to the Philippines": the act is coded as the intent to
    cooperate (CAMEO 03x: 0331) or threat (13x) its root matches; an act only tried or hoped for, or whose
    code states no intent ("plans to criticise"), is refused, not done (meetings: intent to meet)."""
    token = trigger.token
    head = _plan_head(token)
    if head is None:
        return None
    intent = _stated_intent(trigger, head)
    if intent is not None:
        trigger.intent = intent
        return None
    if trigger.pattern.code in MEETING_CODES and not _denied(token, head):
        return None
    return f"planned or wanted ('{head.text} to {token.text}'), not done"


def intent_on_act(trigger: Trigger) -> str | None:
    """"Russia vowed to strike the bridges", "Germany is prepared to send air defences to Ukraine": a
    vow, plan or readiness that names its act is coded on the act, as the threat or intent the act's
    code matches (138, 0332), not as a bare pledge (030) -- rules "threat" and "intent-to-cooperate"."""
    token = trigger.token
    table = intent_table()
    lemma = token.lemma_.lower()
    if lemma not in table.plan_heads | table.threat_heads or token.i in trigger.coder.unyielding:
        return None  # (the act was not coded after all: the head is)
    from tacitus.events import Candidate

    coder = trigger.coder
    clauses = ("xcomp", "ccomp", "advcl") if lemma in table.threat_heads else ("xcomp", "advcl")
    for act in (c for c in token.children if c.dep_ in clauses):
        if act.dep_ == "ccomp" and not _own_doer(act, token) or any(c.dep_ == "neg" for c in act.children):
            continue
        if act.dep_ == "advcl" and not _to_infinitive(act):
            continue  # ("threatened to expel", which the parser may hang as a clause of purpose; not "after ...")
        fitting = coder._fitting(act, coder.patterns.for_token(act), Candidate(trigger.context.index, act.i, act.text))
        for pattern in fitting:
            code = table.code_for(pattern.code)
            if code is None or (lemma in table.plan_heads and pattern.code.startswith(table.pledge_only_codes)):
                continue
            if code == trigger.pattern.code:
                break  # ("ready to expand cooperation": the head's own code, 030; the head codes it)
            if lemma in table.threat_only_heads and (not code.startswith("13") or any(
                    c.dep_ in ("dobj", "dative") for c in token.children)):
                continue
            return f"coded on the act it names ('{token.text} ... {act.text}'), as its threat or intent"
    return None


def question(trigger: Trigger) -> str | None:
    """"Will China invade Taiwan this decade?": a question asks, it reports no event."""
    text = trigger.sentence.text.strip().rstrip("\"'\u201d\u2019 ")
    if text.endswith("?"):
        return f"a question ('... {trigger.token.text} ... ?'), not an event"
    return None


def announced(trigger: Trigger) -> Intent | None:
    """"China will impose tariffs on Australian wine", "Borduria said it would send troops": an act
    announced for the future is coded as the intent or threat its code matches (an act under a plan or
    vow already has its intent, from the vetoes "planned-act" and "threatened-act")."""
    if trigger.intent is not None:
        return trigger.intent
    table = intent_table()
    chain = _clause_chain(trigger.token)
    aux = _auxiliaries(chain)
    top = chain[-1]
    reported = top.dep_ == "ccomp" and top.head.lemma_.lower() in words("speech_verbs")
    will = aux & table.future_aux
    future = will or (reported and aux & table.reported_future_aux)
    code = table.code_for(trigger.pattern.code)
    if not future or code is None or code == trigger.pattern.code or _denied(trigger.token, top):
        return None
    if not will and trigger.pattern.code.startswith(table.pledge_only_codes):
        return None  # "Poland said it would stand with Lithuania": support stated, not an intent
    return _intent(code, min(future))


def refers_back(trigger: Trigger) -> str | None:
    """"Talks resumed after the visit": a noun after "after", "during" ... refers back to an event
    already reported."""
    token = trigger.token
    if trigger.pattern.pos == "noun" and token.dep_ == "pobj" and token.head.lower_ in words("reference_prepositions") \
            and trigger.deed_date is None:
        # ("following talks with X, they signed ..." in a story that has told no such event, with a past deed
        # around it and its party named: the phrase tells it; not "hopes to settle it during talks", not a
        # bare "after the visit")
        root, around = trigger.pattern.code[:2], token.head.head
        past = around.tag_ == "VBD" or (around.tag_ == "VBN" and any(c.lemma_ == "have" for c in around.children))
        named = any(c.dep_ == "poss" or (c.dep_ in ("prep", "agent") and c.lower_ in ("with", "by"))
                    for c in token.children)
        if past and named and not any(event.cameo_code[:2] == root for event in trigger.coder.state.history):
            return None
        return f"refers back to an event already reported ('{token.head.text} ... {token.text}')"
    return None


def agreed_to_act(trigger: Trigger) -> str | None:
    """"The ministers agreed to freeze the assets of Ruritanian banks": the freeze is the event."""
    return trigger.coder._agreed_to_act(trigger)


def left_accord(trigger: Trigger) -> str | None:
    """"The United States withdrew from the Paris climate agreement": leaving an accord, a body or talks
    is no military retreat."""
    if trigger.plover_type not in rule_words()["withdrawal_types"]:
        return None
    from tacitus.events import _own_words

    for word in _own_words(trigger.token):
        if word.dep_ != "pobj" or word.head.lower_ not in ("from", "of"):
            continue
        if _noun_forms(word) & rule_words()["accord_nouns"]:
            return f"left '{word.text}', not a place: no retreat"
        mention = trigger.coder.actors.at(word)
        actor = mention.resolved() if mention is not None else None
        if actor is not None and actor.kind == "organisation":
            # "Mali withdrew from ECOWAS": leaving a body, not ground
            return f"left '{word.text}', an organisation: no retreat"
    return None


def no_protest_cue(trigger: Trigger) -> str | None:
    """"Students marched into the stadium for the graduation ceremony": a march or rally is a protest
    only with a word of protest in the sentence ("against", "demand", "protesters" ...)."""
    lists = rule_words()
    if trigger.plover_type != "PROTEST" or trigger.token.lemma_.lower() not in lists["cue_needing_lemmas"] \
            or trigger.pattern.code in lists["cue_free_codes"]:
        return None  # ("miners walked off the job": a strike needs no cue)
    if {t.lemma_.lower() for t in trigger.sentence} & lists["protest_cues"]:
        return None
    return f"'{trigger.token.text}' with no word of protest in the sentence: no protest"


def not_a_force(trigger: Trigger) -> str | None:
    """"The president left Tunis for Algiers": leaving a place is a military retreat only when a force
    leaves it ("the last French soldiers began leaving Mali")."""
    lists = rule_words()
    if trigger.pattern.id not in lists["force_leaving_patterns"]:
        return None
    for subject in _subject_heads(trigger):
        if _noun_forms(subject) & lists["leaving_forces"]:
            return None
        if any(actor is not None and actor.sector in lists["leaving_sectors"]
               for actor, _ in trigger.coder.actors_of(subject)):
            return None
    return f"'{trigger.token.text}' said of no force: no retreat"


def declined_what(trigger: Trigger) -> str | None:
    """"The ministry declined to say whether it would back the plan": a refusal whose verb names no act
    ("declined") rejects only an act of support, joining or giving in its infinitive ("declined to back
    the plan"), never a refusal to comment."""
    lists = rule_words()
    token = trigger.token
    if token.lemma_.lower() not in lists["act_needing_refusals"]:
        return None
    acts = [c for c in token.children if c.dep_ == "xcomp"]
    if not acts or any(c.lemma_.lower() in lists["declinable_acts"] for c in acts):
        return None  # ("declined the invitation": the object is what is refused)
    return f"'{token.text} to {acts[0].text}': no act of support refused"


def struck_object(trigger: Trigger) -> str | None:
    """"Russian missiles struck a hospital in Kyiv", "the hospital was struck by missiles": a labour strike takes
    no object, so with one (or a passive subject) "struck" is a blow, not a strike -- the next pattern (an
    attack) is tried."""
    token = trigger.token
    if trigger.plover_type != "PROTEST" or token.lemma_.lower() not in rule_words()["objectless_protest_lemmas"]:
        return None
    patient = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if patient is None:
        return None
    return f"'{token.text}' with an object ('{patient.text}'): a blow, not a strike"


VETOES: tuple[Veto, ...] = (
    Veto("negated", negated),
    Veto("condition", condition),
    Veto("question", question),
    Veto("background", background),
    Veto("deed-noun", deed_noun),
    Veto("ongoing", ongoing),
    Veto("noun-reference", noun_reference),
    Veto("refused", refused),
    Veto("requested", requested),
    Veto("hypothetical", hypothetical),
    Veto("belief", belief),
    Veto("accusation", accusation),
    Veto("threatened-act", threatened_act),
    Veto("planned-act", planned_act),
    Veto("intent-on-act", intent_on_act),
    Veto("refers-back", refers_back),
    Veto("agreed-to-act", agreed_to_act),
    Veto("noun-aim", noun_aim),
    Veto("purpose", purpose),
    Veto("dated-noun", dated_noun),
    Veto("port-call", port_call),
    Veto("left-accord", left_accord),
    Veto("no-protest-cue", no_protest_cue),
    Veto("not-a-force", not_a_force),
    Veto("declined-what", declined_what),
    Veto("struck-object", struck_object, frame=True),
    Veto("participle", participle),
    Veto("bare-adjective", bare_adjective),
    Veto("perfect", perfect),
)


FRAME_VETO_RULES = frozenset(f"veto:{veto.name}" for veto in VETOES if veto.frame)
"""The rule names (as a candidate records them) of the vetoes after which the next fitting pattern is tried."""


def first_veto(trigger: Trigger) -> tuple[Veto, str] | None:
    """The first veto of :data:`VETOES` that refuses ``trigger``, with its reason."""
    for veto in VETOES:
        reason = veto.check(trigger)
        if reason:
            return veto, reason
    return None


def vague_past(when: ResolvedDate, anchor: dt.date, sentence: Span) -> str | None:
    """"Last week, the two leaders signed a treaty", "earlier this month", "in 2016": an act dated
    only to a week, month or year before the story is background, not coded (a day, or a vague time
    that is the story's own -- "this week" -- is news)."""
    if when.precision == "day" or not when.text:
        return None
    markers = rule_words()["past_markers"]
    at = sentence.text.find(when.text)
    before = sentence.text[max(0, at - 20):at].lower().split() if at >= 0 else []
    said = {w.strip(",.").lower() for w in when.text.split()} | set(before[-2:])
    earlier_period = (when.precision == "year" and when.date.year < anchor.year) or \
        (when.precision == "month" and (when.date.year, when.date.month) < (anchor.year, anchor.month))
    if said & markers or earlier_period:
        return f"background dated only vaguely before the story ('{when.text}')"
    return None


# -- target fallbacks -----------------------------------------------------------------------------------


def condemned_deed(trigger: Trigger, sources: Sources) -> Targets:
    """"Borduria condemned the attack": the doer of the last attack reported."""
    return trigger.coder._condemned_deed(trigger)


def condition_party(trigger: Trigger, sources: Sources) -> Targets:
    """"Greece threatened to block the talks unless Turkey withdrew its ship": a threat made on a condition is
    aimed at the party the condition names, the subject of its "if" or "unless" clause (hung on the threat or
    on the act it threatens)."""
    if not _threat_code(trigger):
        return []
    marks = rule_words()["condition_marks"]
    own = {a.country for a, _ in sources}
    nodes = [trigger.token, *[c for c in trigger.token.children if c.dep_ in ("xcomp", "ccomp")]]
    for node in nodes:
        for clause in _conditions(node, marks):
            for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
                found: Targets = [(a, m) for a, m in trigger.coder.actors_of(subject) if a is not None
                                  and (a.country or a.code_override) and a.country not in own]
                if found:
                    return found
    return []


def offender(trigger: Trigger, sources: Sources) -> Targets:
    """"Ruritania vowed to respond": whoever last acted against the source's country."""
    return trigger.coder._offender(trigger, sources)


def article_dyad(trigger: Trigger, sources: Sources) -> Targets:
    """"Ruritania is ready to expand cooperation in all fields", in a story about Ruritania and
    Borduria: the other country of the article's main pair (both, for a mediator: "talks hosted by
    Lakonia")."""
    return trigger.coder._dyad_partner(trigger, sources)


def last_parties(trigger: Trigger, sources: Sources) -> Targets:
    """"... after talks hosted by Lakonia": the two parties of the event just reported."""
    return trigger.coder._last_parties(trigger, sources)


def _patients(token: Token) -> list[Token]:
    """The phrases a trigger acts on: its object, the subject of its passive, "on"/"against" ..."""
    found = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    found += [p for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "at", "to", "for")
              for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME")]
    if token.dep_ == "acl" and token.tag_ == "VBN":
        found.append(token.head)
    if token.pos_ == "NOUN":  # "the hotel attack", "the bus bombing": what was struck
        found += [c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return found


def _implicit(trigger: Trigger) -> bool:
    """Whether a trigger of this type, with a patient phrase that names no actor, may take a place's
    country as its target: not when its source is only the sentence's speaker, nor when what it
    acts on is the source's own force ("sending troops to the region")."""
    if trigger.plover_type not in rule_words()["implicit_target_types"] or trigger.speaker_source:
        return False
    if trigger.under_attack:
        return True  # "the train came under attack": a victim, unnamed as an actor
    patients = _patients(trigger.token)
    force = rule_words()["force_nouns"]
    return bool(patients) and not any(p.lemma_.lower() in force for p in patients)


def _places_in(trigger: Trigger, words: list[Token], prepositions: frozenset[str] = PLACE_PREPOSITIONS,
               *, borders: bool = False) -> Targets:
    """The country of the first place among ``words`` named after one of ``prepositions`` (a border
    "near the Bordurian border" only with ``borders``: at a border, the deed may be on either side)."""
    coder = trigger.coder
    for word in words:
        if word.dep_ == "pobj" and word.head.lower_ in prepositions:
            if not borders and word.lemma_.lower() in rule_words()["border_nouns"]:
                continue
            for actor, mention in coder.actors_of(word, conjuncts=False, places=True):
                if actor is not None and actor.country:
                    return [(_country_of(actor), None)]
    return []


def object_phrase(trigger: Trigger, sources: Sources) -> Targets:
    """"Russia supports the Bordurian peace proposal": for words (and agreement), an actor of another
    country named anywhere inside the phrase the trigger acts on (its object, "to ..."), nearest first."""
    if trigger.quad_class not in (1, 3) and trigger.plover_type not in ("AGREE", "SUPPORT"):
        return []
    if trigger.speaker_source or trigger.plover_type in rule_words()["object_phrase_excluded_types"]:
        return []
    own = {a.country for a, _ in sources} | {a.code for a, _ in sources}
    patients = [p for p in _patients(trigger.token) if not (p.dep_ == "pobj" and p.head.lower_ == "at")]
    cooperative = trigger.plover_type in ("AGREE", "SUPPORT")
    inside = {i for patient in patients for i in _owners(patient, cooperative)}
    best: tuple[int, Actor, ActorMention] | None = None
    actors = trigger.coder.actors
    heads = {p.i for p in patients}
    demonyms = [m for i, m in actors.modifiers.items() if trigger.sentence.doc[i].head.i in heads]
    for mention in [*actors.mentions, *demonyms]:  # "the Bordurian proposal": a demonym on the object itself
        if mention.pair or mention.group or mention.head not in inside:
            continue
        head = trigger.sentence.doc[mention.head]
        if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS:
            continue  # "rejected the use of nuclear weapons in Ukraine": a place, not the one addressed
        actor = mention.resolved()
        if actor is None or not (actor.country or actor.code_override) or actor.country in own or actor.code in own:
            continue
        distance = abs(mention.head - trigger.token.i)
        if best is None or distance < best[0]:
            best = (distance, actor, mention)
    return [(best[1], best[2])] if best is not None else []


def _owners(patient: Token, cooperative: bool) -> set[int]:
    """The words of an object phrase that may say whose it is: its possessor, compounds and modifiers
    ("the Bordurian proposal", "Borduria's plan"), the actor after "by", "of" or "from" ("calls by
    Borduria's rulers"), and, for support and agreement, the subject of the clause it states ("welcomed
    the news that Borduria had agreed"; but "rejected the claim that Bordurian rebels ..." rejects the
    claimant, not the rebels), and the partner after "with" of a noun of dealings ("rejected negotiations
    with Borduria"). Not what the phrase is about further in ("a plan for arming Borduria")."""
    def with_modifiers(token: Token) -> set[int]:
        return {token.i} | {t.i for c in token.children if c.dep_ in ("poss", "compound", "amod", "nmod")
                            for t in c.subtree}

    found = with_modifiers(patient)
    partners = patient.lemma_.lower() in rule_words()["interaction_nouns"]
    for child in patient.children:
        if child.dep_ in ("prep", "agent") and (child.lower_ in ("by", "of", "from") or partners and child.lower_ == "with"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found |= with_modifiers(obj) | {t.i for c in obj.children if c.dep_ == "appos" for t in c.subtree}
        elif cooperative and child.dep_ in ("acl", "ccomp", "relcl"):
            found |= {t.i for s in child.children if s.dep_ in ("nsubj", "nsubjpass") for t in s.subtree}
    return found


def clause_place(trigger: Trigger, sources: Sources) -> Targets:
    """"Gunmen stormed a hotel in the Ruritanian city of Lorm": the country where the clause says it
    happened."""
    if not _implicit(trigger):
        return []
    return _places_in(trigger, _clause_words(trigger.token))


def _clause_words(token: Token) -> list[Token]:
    """The words of the clause of ``token`` (from its verb), without the clauses nested in it."""
    from tacitus.events import _own_words

    head = token
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return _own_words(head)


def own_civilians(trigger: Trigger, sources: Sources) -> Targets:
    """"The Taliban banned women from working for aid groups", "the junta detained journalists", "troops
    arrested four suspects": a government's measure on a class of its people the text does not place hits
    civilians (CVL) of its own country."""
    lists = rule_words()
    if trigger.plover_type not in lists["own_civilian_types"] or trigger.speaker_source:
        return []
    patients = [p for p in trigger.token.children if p.dep_ in ("dobj", "nsubjpass")]
    nouns = lists["civilian_nouns"] | lists["detained_people_nouns"]
    if not any(_noun_forms(p) & nouns and trigger.coder.actors.at(p) is None for p in patients):
        return []
    found: Targets = []
    for actor, _ in sources:
        if actor.country and actor.sector in lists["state_sectors"]:
            named = _country_of(actor)
            found.append((Actor(name=f"{named.name} civilians", kind="country", country=actor.country,
                                sector="CVL"), None))
    return found[:1]


def crowd_target(trigger: Trigger, sources: Sources) -> Targets:
    """"The government bowed to the demands of the protesters", "police fired tear gas at demonstrators in
    Dhaka": a crowd the text names by what it is, acted on, is civilians (CVL) of the country of its
    phrase, the clause's place, the dateline or the focal country."""
    lists = rule_words()
    if trigger.plover_type not in lists["crowd_target_types"] or trigger.speaker_source:
        return []
    token = trigger.token
    phrases = _patients(token)
    phrases += [p for node in (token, *phrases) for c in _prep_phrases(node, {"of", "to", "with", "from"})
                for p in c.children if p.dep_ == "pobj"]
    for phrase in phrases:
        if _noun_forms(phrase) & lists["quantity_nouns"]:
            phrase = next((p for c in _prep_phrases(phrase, {"of"}) for p in c.children if p.dep_ == "pobj"), phrase)
        if not _noun_forms(phrase) & lists["crowd_nouns"] or trigger.coder.actors.at(phrase) is not None:
            continue
        country = _context_country(trigger, phrase)
        if country is None or not country.country:
            return []
        return [(Actor(name=phrase.text, kind="group", country=country.country, sector="CVL"), None)]
    return []


def focal_country(trigger: Trigger, sources: Sources) -> Targets:
    """"Soldiers killed 12 militants overnight", in a story about Ruritania: the article's focal
    country (headline, dateline, most mentioned)."""
    if not _implicit(trigger):
        return []
    lists = rule_words()
    if trigger.plover_type not in lists["focal_target_types"]:
        # "sanctions against the same officials": people the text does not place, not things
        people = [t for p in _patients(trigger.token) for t in p.subtree if t.lemma_.lower() in lists["people_nouns"]]
        if trigger.plover_type not in lists["focal_people_types"] or not people:
            return []
    focal = trigger.coder.actors.focal_country()
    return [(focal, None)] if focal is not None else []


def untargeted(trigger: Trigger, sources: Sources) -> Targets:
    """"Ruritania mobilised its army", "thousands protested": a force mobilised (or a protest) aimed at
    nobody -- no patient, or only the source's own force (sent to no other country: "dispatched soldiers to
    Plateau state")."""
    lists = rule_words()
    token = trigger.token
    # "fired two missiles into the sea": sent nowhere anyone holds
    sent_somewhere = any(not any(o.dep_ == "pobj" and o.lemma_.lower() in lists["open_water_nouns"] for o in c.children)
                         for c in _prep_phrases(token, {"to", "into", "toward", "towards"}))
    # ("dispatched 500 soldiers to Plateau state": a force sent where no rule before this one found another
    # country is moved at home, aimed at nobody)
    moved = trigger.plover_type in lists["untargeted_sent_types"]
    # (a named place: "to Plateau state", not "to the region", which may be abroad)
    sent_somewhere = sent_somewhere and not (moved and any(
        t.pos_ == "PROPN" for c in _prep_phrases(token, {"to", "into"}) for t in c.subtree))
    patients = [p for p in _patients(token) if not (moved and p.dep_ == "pobj" and p.head.lower_ == "to")]
    any_patient = trigger.plover_type in lists["untargeted_any_patient_types"]  # "protested against the tax"
    if trigger.plover_type in lists["untargeted_types"] and not trigger.speaker_source \
            and not sent_somewhere and (any_patient or all(p.lemma_.lower() in lists["force_nouns"] for p in patients)):
        return [(None, None)]
    return []


def _phrase_countries(trigger: Trigger, phrase: Token, sources: Sources, *, places: bool) -> Targets:
    """The first actor (or, with ``places``, place) of another country than the source's named inside a
    phrase, in text order, without the clauses nested in it."""
    from tacitus.events import _own_words

    own = {a.country for a, _ in sources} | {a.code for a, _ in sources}
    for word in _own_words(phrase):
        if word.pos_ not in ("PROPN", "NOUN"):
            continue
        for actor, mention in trigger.coder.actors_of(word, conjuncts=False, places=places):
            if actor is None or not (actor.country or actor.code_override) or actor.country in own \
                    or actor.code in own:
                continue
            if mention is not None and (mention.pair or mention.group):
                continue
            return [(actor if mention is not None and not places else _country_of(actor), mention)]
    return []


def _prep_phrases(token: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    """The phrases of ``token`` opened by one of ``preps`` ("from the town of ...")."""
    return [c for c in token.children if c.dep_ == "prep" and c.lower_ in preps]


def withdrawn_from(trigger: Trigger, sources: Sources) -> Targets:
    """"Israeli troops withdrew from the northern Gaza town of Beit Hanoun", "pulled its forces back
    from positions near Kherson": a retreat's target is the country of the place left."""
    if trigger.plover_type not in rule_words()["withdrawal_types"]:
        return []
    from tacitus.events import _own_words

    for phrase in [w for w in _own_words(trigger.token) if w.dep_ == "prep" and (
            w.lower_ == "from" or (w.lower_ == "of" and w.head.lower_ == "out"))]:
        found = _phrase_countries(trigger, phrase, sources, places=True)
        if found:
            return found
    return []


def destination(trigger: Trigger, sources: Sources) -> Targets:
    """"Ethiopia deployed troops to its border with Eritrea", "will send police officers to Haiti": a
    force sent to another country is aimed at (or given to) that country."""
    if trigger.plover_type not in rule_words()["destination_types"] or trigger.speaker_source:
        return []
    # a force sent "toward" a country is a show of force, not a gift: only a deployment takes that target
    toward = {"toward", "towards"} if trigger.plover_type == "MOBILIZE" else set()
    for phrase in _prep_phrases(trigger.token, {"to", "into", *toward}):
        found = _phrase_countries(trigger, phrase, sources, places=True)
        if found:
            return found
    return []


def recipient(trigger: Trigger, sources: Sources) -> Targets:
    """"Germany pledged 500 million euros in military aid to Ukraine", "condemned the arms sale to
    Taiwan", "refused to approve the aid package for Ukraine": the party a noun of giving, selling or
    sending is for, named inside the object's phrase ("... to X", "... for X")."""
    lists = rule_words()
    if trigger.plover_type not in lists["recipient_types"] or trigger.speaker_source:
        return []
    token = trigger.token
    nouns = lists["recipient_nouns"]
    heads = [token, *(c for c in token.children if c.dep_ == "xcomp" and not _own_subject(c))]
    for head in heads:
        for node in _patients(head) + [p for c in _prep_phrases(head, {"in", "of"}) for p in c.children
                                       if p.dep_ == "pobj"]:
            for word in node.subtree:
                if word.lemma_.lower() not in nouns and word.i != node.i:
                    continue
                if word.lemma_.lower() not in nouns and not (head is token and token.lemma_.lower() in nouns):
                    continue
                for phrase in _prep_phrases(word, {"to", "for"}):
                    found = _phrase_countries(trigger, phrase, sources, places=True)
                    if found:
                        return found
    return []


@lru_cache(maxsize=1)
def elliptic_names() -> dict[str, tuple[str, frozenset[str]]]:
    """The entries of ``elliptic_names`` in ``data/rules.yaml``: a name ("north") -> the country it stands
    for and the countries of which the article must name one."""
    table: dict[str, tuple[str, frozenset[str]]] = {}
    for entry in sorted(rule_words()["elliptic_names"]):
        name, _, rest = entry.partition("=")
        country, _, context = rest.partition(":")
        if not name.strip() or not country.strip() or not context.split():
            raise DictionaryError(RULES_FILE, f"elliptic_names entry {entry!r} is not WORD=COUNTRY:CONTEXT ...")
        table[name.strip().lower()] = (country.strip().upper(), frozenset(c.upper() for c in context.split()))
    return table


def _elliptic_actor(trigger: Trigger, token: Token) -> Actor | None:
    """The country a bare, capitalised "the North" stands for in a story that names one of the countries of
    its entry (``elliptic_names``), else ``None`` ("the north of the country", "the North Sea" are none)."""
    entry = elliptic_names().get(token.lower_)
    if entry is None or not token.text[:1].isupper() or token.dep_ in ("compound", "amod", "nmod") \
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) \
            or any(c.dep_ == "compound" for c in token.children) \
            or any(p.pos_ == "PROPN" for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for p in c.children if p.dep_ == "pobj"):
        return None  # ("the North of England": a region)
    country, context = entry
    coder = trigger.coder
    named = {a.country for m in [*coder.actors.mentions, *coder.actors.modifiers.values()]
             if (a := m.resolved()) is not None}
    if coder.dateline_country is not None:
        named.add(coder.dateline_country.country)
    if not named & context:
        return None
    place = country_place(country)
    return Actor(name=place.name if place else country, kind="country", country=country)


def elliptic_source(trigger: Trigger, sources: Sources) -> Targets:
    """"South Korea said the North fired a ballistic missile", in a story about Korea: "the North" is North
    Korea (rules.yaml: elliptic_names)."""
    token = trigger.token
    heads = [c for c in token.children if c.dep_ == "poss"] if trigger.pattern.pos == "noun" else []
    for head in heads + _subject_heads(trigger):
        actor = _elliptic_actor(trigger, head)
        if actor is not None:
            return [(actor, None)]
    return []


def elliptic_target(trigger: Trigger, sources: Sources) -> Targets:
    """"South Korea suspended a military pact with the North": the state a bare "the North" or "the South"
    stands for in a story about Korea, acted on (rules.yaml: elliptic_names)."""
    from tacitus.events import _own_words

    own = {a.country for a, _ in sources}
    for word in _own_words(trigger.token):
        if word.dep_ not in ("dobj", "pobj", "nsubjpass", "dative", "poss") or word.i == trigger.token.i:
            continue
        actor = _elliptic_actor(trigger, word)
        if actor is not None and actor.country not in own:
            return [(actor, None)]
    return []


def coup_makers(trigger: Trigger, sources: Sources) -> Targets:
    """"ECOWAS condemned the coup in Niger", "sanctions over the Malian coup": a seizure of power condemned,
    rejected or punished is aimed at the military (MIL) of the country it happened in -- named in its phrase
    or the clause, else the article's focal country."""
    return _deed_state(trigger, sources, "coup_nouns", "MIL", "military")


def crackdown_makers(trigger: Trigger, sources: Sources) -> Targets:
    """"The EU condemned the crackdown on protesters in Georgia": a repression condemned, rejected or punished
    is aimed at the government (GOV) of the country it happened in (as for a coup)."""
    return _deed_state(trigger, sources, "crackdown_nouns", "GOV", "government")


def _deed_state(trigger: Trigger, sources: Sources, nouns: str, sector: str, label: str) -> Targets:
    """The arm of the state (``sector``) of the country where a deed of the state named by one of the nouns of
    the list ``nouns`` happened, when the trigger condemns, rejects or punishes it."""
    lists = rule_words()
    if trigger.plover_type not in lists["coup_types"] or trigger.speaker_source:
        return []
    coder = trigger.coder
    own = {a.country for a, _ in sources}
    for patient in _patients(trigger.token):
        if not _noun_forms(patient) & lists[nouns] or coder.actors.at(patient) is not None:
            continue
        country: Actor | None = None
        for word in patient.subtree:
            if word.i == patient.i:
                continue
            modifier = coder.actors.modifiers.get(word.i)
            found = [(modifier.resolved(), modifier)] if modifier is not None else \
                coder.actors_of(word, conjuncts=False, places=True)
            actor = next((a for a, _ in found if a is not None and a.country), None)
            if actor is not None:
                country = _country_of(actor)
                break
        if country is None:
            # (the clause's place, else the focal country -- but not the source's own country guessed)
            placed = _places_in(trigger, _clause_words(trigger.token))
            country = placed[0][0] if placed else coder.actors.focal_country()
            if country is not None and country.country in own and not placed:
                return []
        if country is None or not country.country:
            return []
        return [(Actor(name=f"{country.name} {label}", kind="country", country=country.country, sector=sector),
                 None)]
    return []


def appositive(trigger: Trigger, sources: Sources) -> Targets:
    """"Turkish police detained the mayor of Istanbul, Ekrem Imamoglu": a patient named by a title and then,
    in an appositive the parser hangs elsewhere in its phrase, by name is that person."""
    from tacitus.events import _own_words

    if trigger.plover_type not in rule_words()["appositive_types"]:
        return []
    own = {a.key for a, _ in sources}
    for patient in [c for c in trigger.token.children if c.dep_ in ("dobj", "nsubjpass")]:
        for word in _own_words(patient):
            if word.dep_ != "appos":
                continue
            mention = trigger.coder.actors.at(word)
            actor = mention.resolved() if mention is not None else None
            if actor is not None and actor.kind == "person" and actor.country and actor.key not in own:
                # (a name the dictionaries do not place is no target: the coder codes countries)
                return [(actor, mention)]
    return []


TARGET_FALLBACKS: tuple[Fallback, ...] = (
    Fallback("elliptic-name", elliptic_target, 0.9),
    Fallback("appositive", appositive, 0.9),
    Fallback("condemned-deed", condemned_deed),
    Fallback("condition-party", condition_party, 0.9),
    Fallback("offender", offender),
    Fallback("article-dyad", article_dyad),
    Fallback("last-parties", last_parties),
    Fallback("coup-makers", coup_makers, 0.8, last_resort=True),
    Fallback("crackdown-makers", crackdown_makers, 0.8, last_resort=True),
    Fallback("object-phrase", object_phrase, 0.7, last_resort=True),
    Fallback("withdrawn-from", withdrawn_from, 0.9, last_resort=True),
    Fallback("recipient", recipient, 0.8, last_resort=True),
    Fallback("destination", destination, 0.8, last_resort=True),
    Fallback("clause-place", clause_place, 0.9, last_resort=True),
    Fallback("untargeted", untargeted, 0.9, last_resort=True),
    Fallback("own-civilians", own_civilians, 0.8, last_resort=True),
    Fallback("crowd-target", crowd_target, 0.8, last_resort=True),
    Fallback("focal-country", focal_country, 0.7, last_resort=True),
)


def own_force(trigger: Trigger, sources: Sources, targets: Targets) -> Targets:
    """"Ethiopia deployed troops to its border with Eritrea", "Russia pulled its forces back": the source's
    own force, moved, withdrawn or mobilised, is no target (the filter keeps every other target)."""
    lists = rule_words()
    doc = trigger.sentence.doc
    if trigger.pattern.id in lists["moved_force_patterns"] \
            and any(c.dep_ == "nsubjpass" for c in trigger.token.children):
        # "security forces had been dispatched": the force moved is no target, whoever's it is
        return [(a, m) for a, m in targets if not (m is not None and doc[m.head].lemma_.lower() in lists["force_nouns"]
                                                   and doc[m.head].dep_ == "nsubjpass")]
    if trigger.plover_type not in lists["own_force_types"] \
            or any(c.dep_ == "nsubjpass" for c in trigger.token.children):
        # (not in the passive, "its troops have been deployed": whose force it is the filter cannot tell)
        return targets
    own = {a.country for a, _ in sources if a.country}
    return [(a, m) for a, m in targets
            if not (a is not None and a.country in own and (a.sector in lists["own_force_sectors"] or (
                m is not None and doc[m.head].lemma_.lower() in lists["force_nouns"])))]


def _subject_heads(trigger: Trigger) -> list[Token]:
    token = trigger.token
    node = token
    for _ in range(3):  # "protesters tried to march": the subject of the verb the trigger hangs under
        subjects = trigger.coder.subjects(node)
        if subjects or node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return subjects
        node = node.head
    return []


def _context_country(trigger: Trigger, subject: Token) -> Actor | None:
    """The country of an unnamed group: named in its own phrase ("doctors in South Korea", "Kenyan
    protesters"), else the place of the clause ("marched through Nairobi"), the dateline's country, or
    the article's focal country."""
    coder = trigger.coder
    for word in subject.subtree:
        if word.i != subject.i:
            for actor, mention in coder.actors_of(word, conjuncts=False, places=True):
                if actor is not None and actor.country and (mention is None or not (mention.pair or mention.group)):
                    return _country_of(actor)
    placed = _places_in(trigger, _clause_words(trigger.token), CROWD_PLACE_PREPOSITIONS, borders=True)
    if placed:
        return placed[0][0]
    if coder.dateline_country is not None:
        return coder.dateline_country
    return coder.actors.focal_country()


def _noun_forms(token: Token) -> set[str]:
    """A noun's lemma and singular forms ("Nurses" at the start of a sentence is tagged a proper noun,
    and keeps its plural as lemma)."""
    lower = token.lower_
    return {token.lemma_.lower(), lower, lower.removesuffix("s"), lower.removesuffix("es")}


def _unnamed(trigger: Trigger, nouns: str, types: str, sector: str) -> Targets:
    lists = rule_words()
    if trigger.plover_type not in lists[types]:
        return []
    for subject in _subject_heads(trigger):
        counted = False
        if _noun_forms(subject) & lists["quantity_nouns"]:
            # "thousands of protesters": who they are is said after "of" ("thousands of mourners" are none);
            # "thousands took to the streets": a crowd itself
            named = next((p for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"
                          for p in c.children if p.dep_ == "pobj"), None)
            counted = named is None and nouns == "crowd_nouns"
            subject = named if named is not None else subject
        if not (counted or _noun_forms(subject) & lists[nouns]) or trigger.coder.actors.at(subject) is not None:
            continue
        country = _context_country(trigger, subject)
        if country is None or not country.country:
            return []
        words_ = " ".join(t.text for t in subject.children if t.dep_ in ("amod", "compound")) + f" {subject.text}"
        words_ = words_.strip()
        return [(Actor(name=words_, kind="group", country=country.country, sector=sector), None)]
    return []


def unnamed_crowd(trigger: Trigger, sources: Sources) -> Targets:
    """"Thousands of protesters marched through central Nairobi", "doctors in South Korea went on
    strike": a crowd the text names by what it is takes the country of its phrase, the clause's place,
    the dateline or the focal country, as civilians (CVL). A march or rally counts only with a word of
    protest in the sentence (veto "no-protest-cue")."""
    return _unnamed(trigger, "crowd_nouns", "crowd_types", "CVL")


def unnamed_attacker(trigger: Trigger, sources: Sources) -> Targets:
    """"A suicide bomber killed 14 people at a market in Mogadishu": an attacker the text does not name
    is the armed group the article names most, if any; else it takes the country where the attack
    happened, as an unidentified armed force (UAF)."""
    found = _unnamed(trigger, "attacker_nouns", "attacker_types", "UAF")
    group = trigger.coder._armed_group() if found else None
    return [(group, None)] if group is not None else found


def detaining_state(trigger: Trigger, sources: Sources) -> Targets:
    """"Two American journalists were arrested in Iran": a person arrested, detained or deported in the passive,
    with no one named as doing it, was held by the authorities (GOV) of the country the clause places it in (never
    a guessed country, nor whoever reports it: "..., the foreign ministry in Paris said")."""
    token = trigger.token
    if not trigger.pattern.code.startswith(tuple(rule_words()["detention_codes"])) \
            or not any(c.dep_ == "nsubjpass" for c in token.children) \
            or any(c.dep_ == "agent" for c in token.children):
        return []
    placed = _places_in(trigger, _clause_words(token))
    if not placed or placed[0][0] is None or not placed[0][0].country:
        return []
    country = placed[0][0]
    return [(Actor(name=f"{country.name} authorities", kind="country", country=country.country, sector="GOV"), None)]


SOURCE_FALLBACKS: tuple[Fallback, ...] = (
    Fallback("unnamed-crowd", unnamed_crowd, 0.8),
    Fallback("unnamed-attacker", unnamed_attacker, 0.8),
    Fallback("detaining-state", detaining_state, 0.8),
    Fallback("elliptic-name", elliptic_source, 0.9),
)
"""Rules that find the source of a trigger whose subject names no actor, in order."""


def first_source_fallback(trigger: Trigger) -> tuple[Fallback, Targets] | None:
    """The first rule of :data:`SOURCE_FALLBACKS` that finds a source for ``trigger``."""
    for fallback in SOURCE_FALLBACKS:
        found = fallback.find(trigger, [])
        if found:
            return fallback, found
    return None


def first_fallback(trigger: Trigger, sources: Sources, *, last_resort: bool = False) -> tuple[Fallback, Targets] | None:
    """The first fallback of :data:`TARGET_FALLBACKS` that finds a target, with what it found (the
    last-resort ones only with ``last_resort``)."""
    for fallback in TARGET_FALLBACKS:
        if fallback.last_resort and not last_resort:
            continue
        found = fallback.find(trigger, sources)
        if found:
            return fallback, found
    return None


def _country_of(actor: Actor) -> Actor:
    """The country an actor belongs to, as a country actor without a sector."""
    if actor.kind == "country" and not actor.sector:
        return actor
    named = country_place(actor.country) if actor.country else None
    return Actor(name=named.name if named else (actor.country or actor.name), kind="country", country=actor.country)
