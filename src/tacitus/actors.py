"""Actors: who an article talks about, mention by mention.

Input: a parsed spaCy ``Doc`` of an article body and the :class:`~tacitus.dictionaries.Dictionaries`.
Output: :class:`ArticleActors`, every actor mention with the rule that recognised it.

Rules, in the order they apply to each sentence:

1. dictionary phrases, longest match first: country names and short forms, demonyms, capitals,
   organisations, titles;
2. *title phrases*: ``[the] [demonym | country's] title [and title] [of [the] organisation] [Name]``
   ("Iranian President Ebrahim Raisi", "Chief of Staff of the Iranian Armed Forces Mohammad
   Bagheri"); with a name they make a person, without one they refer back to a person named
   earlier ("the Chinese minister", "the top general") or stand for the country's sector;
3. a person name followed by an apposition ("General Li Zuocheng, the chief of China's ...")
   takes its country from the apposition;
4. bare names and pronouns resolve to persons named earlier in the article ("Raisi", "He");
5. "the two countries" stands for the article's main dyad; "they" and "the two sides" for the
   two parties of the last event (resolved by :mod:`tacitus.events`).

spaCy's named entities are used only as a hint: the parser and tagger, with the rules above,
decide.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from tacitus.dictionaries import ActorEntry, AgentEntry, Dictionaries, Lexeme
from tacitus.identity import fold_token, normalize_name, same_person
from tacitus.records import Actor, Mention


@dataclass(frozen=True)
class References:
    """The words of ``data/references.yaml``: how articles refer to actors without naming them."""

    title_modifiers: frozenset[str]
    person_pronouns: frozenset[str]
    role_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    pair_phrases: tuple[tuple[str, ...], ...]
    dyad_phrases: tuple[tuple[str, ...], ...]
    counterpart_nouns: frozenset[str]
    collective_nouns: dict[str, str | None]
    leader_bodies: frozenset[str]
    people_markers: frozenset[str]
    organisation_words: frozenset[str]
    locative_prepositions: frozenset[str]
    place_nouns: frozenset[str] = frozenset()
    organisation_nouns: dict[str, str | None] = field(default_factory=dict)
    stateless_titles: frozenset[str] = frozenset()
    deed_nouns: frozenset[str] = frozenset()
    force_deed_nouns: frozenset[str] = frozenset()
    non_owning_participles: frozenset[str] = frozenset()
    led_groups: frozenset[str] = frozenset()
    organisation_sectors: dict[str, str | None] = field(default_factory=dict)
    earlier_sectors: dict[str, tuple[dt.date, str]] = field(default_factory=dict)
    border_nouns: frozenset[str] = frozenset()
    distinct_roles: frozenset[str] = frozenset()
    role_titles: dict[str, frozenset[str]] = field(default_factory=dict)
    leading_verbs: frozenset[str] = frozenset()
    located_collective_sectors: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def references() -> References:
    raw: dict[str, Any] = yaml.safe_load((resources.files("tacitus") / "data" / "references.yaml").read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or [])

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(str(p).lower().split()) for p in raw.get(key) or [])

    return References(
        title_modifiers=words("title_modifiers"),
        person_pronouns=words("person_pronouns"),
        role_pronouns=words("role_pronouns"),
        thing_pronouns=words("thing_pronouns"),
        pair_phrases=phrases("pair_phrases"),
        dyad_phrases=phrases("dyad_phrases"),
        counterpart_nouns=words("counterpart_nouns"),
        collective_nouns={str(k).lower(): (str(v).upper() if v else None) for k, v in (raw.get("collective_nouns") or {}).items()},
        leader_bodies=words("leader_bodies"),
        people_markers=words("people_markers"),
        organisation_words=words("organisation_words"),
        locative_prepositions=words("locative_prepositions"),
        place_nouns=words("place_nouns"),
        stateless_titles=words("stateless_titles"),
        deed_nouns=words("deed_nouns"),
        force_deed_nouns=words("force_deed_nouns"),
        non_owning_participles=words("non_owning_participles"),
        led_groups=words("led_groups"),
        organisation_sectors={str(k).lower(): (str(v).upper() if v else None)
                              for k, v in (raw.get("organisation_sectors") or {}).items()},
        organisation_nouns={str(k).lower(): (str(v).upper() if v else None)
                            for k, v in (raw.get("organisation_nouns") or {}).items()},
        border_nouns=words("border_nouns"),
        distinct_roles=words("distinct_roles"),
        leading_verbs=words("leading_verbs"),
        located_collective_sectors=frozenset(str(w).upper() for w in raw.get("located_collective_sectors") or []),
        role_titles={str(k).lower(): frozenset(str(w).lower() for w in v)
                     for k, v in (raw.get("role_titles") or {}).items()},
        earlier_sectors={str(k): (_as_date(v["until"]), str(v["sector"]).upper())
                         for k, v in (raw.get("earlier_sectors") or {}).items()},
    )


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@dataclass
class Person:
    """A person as learned so far in one article; mentions point here until the article is done."""

    name: str
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    aliases: set[str] = field(default_factory=set)
    entries: list[str] = field(default_factory=list)
    code: str | None = None  # an international organisation's code ("IGOUNO") for its officials

    def actor(self) -> Actor:
        aliases = tuple(sorted(a for a in self.aliases if a != self.name))
        return Actor(name=self.name, kind="person", country=self.country, sector=self.sector,
                     title=self.title, aliases=aliases, code_override=None if self.country else self.code)

    def matches_name(self, words: list[str]) -> bool:
        """A bare mention ("Raisi", "Baqeri") or a variant spelling of this person's name."""
        text = " ".join(words)
        if normalize_name(text) in {normalize_name(n) for n in (self.name, *self.aliases)}:
            return True
        folded = [fold_token(w) for w in normalize_name(text).split()]
        own = [fold_token(w) for w in normalize_name(self.name).split()]
        if not folded or not own:
            return False
        if len(folded) == 1:
            # a family name ("Raisi") or, for Chinese names written family-first, the first ("Wei"), as for
            # any name of a country that writes the family name first ("Kim" for Kim Jong Un)
            return folded[0] == own[-1] or (folded[0] == own[0]
                                            and (len(own) == 2 or self.country in FAMILY_NAME_FIRST))
        return same_person(text, self.name, self.country)


FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM"})
"""Countries whose names are written family name first: a bare first word names the person."""


@dataclass
class ActorMention:
    """One mention found in a document, with token offsets; :meth:`record` makes the stored Mention."""

    sentence: int
    start: int  # token offsets in the Doc, end exclusive
    end: int
    head: int  # the token that stands for the mention in the dependency tree
    rule: str
    actor: Actor | None = None
    person: Person | None = None
    entries: tuple[str, ...] = ()
    group: tuple[Actor, ...] = ()  # "the two countries": the main dyad
    pair: bool = False  # "they", "the two sides": the parties of the last event (resolved by events)
    dyad: bool = False  # "the two countries": the article's main dyad, filled into ``group``
    title_only: bool = False  # "the Chinese minister": a role, resolved to a person if one fits
    context: bool = False  # "militants", "Islamic State": no country of its own, takes the focal country

    def resolved(self) -> Actor | None:
        return self.person.actor() if self.person is not None else self.actor

    def record(self, doc: Doc) -> Mention | None:
        actor = self.resolved()
        if actor is None:
            return None
        span = doc[self.start : self.end]  # not doc.text: that rebuilds the whole text each time
        return Mention(sentence_index=self.sentence, start=span.start_char, end=span.end_char, text=span.text,
                       actor=actor, rule=self.rule)


@dataclass(frozen=True)
class Focus:
    """The article's focal country and why: ``reason`` is "headline", "dateline" or "most mentioned"."""

    actor: Actor
    reason: str
    score: float
    runner_up: float = 0.0
    """The next country's score: a focal country far ahead is a safer default than one just ahead."""


HEADLINE_WEIGHT = 3.0
"""What one mention of a country in the headline weighs against one mention in the body."""
DATELINE_WEIGHT = 2.0
"""What the dateline's country weighs against one mention in the body."""


@dataclass
class ArticleActors:
    """Every actor mention of one document, indexed by token, plus the article's main dyad."""

    mentions: list[ActorMention]
    by_token: dict[int, ActorMention]
    dyad: tuple[Actor, ...]
    persons: list[Person]
    modifiers: dict[int, ActorMention] = field(default_factory=dict)
    """Demonyms that only modify a noun ("an Indian proposal", "Iranian oil exports"), by token: the
    country stands for the noun's owner when nothing else in the phrase names an actor."""
    places: dict[int, ActorMention] = field(default_factory=dict)
    """Place phrases of a known country ("in Beijing", "the Chinese capital"), by token: not actors, but
    where a visit goes or an attack lands."""

    def at(self, token: Token) -> ActorMention | None:
        """The mention a token belongs to, if any."""
        return self.by_token.get(token.i)

    def place_at(self, token: Token) -> ActorMention | None:
        """The place phrase a token belongs to, if any."""
        return self.places.get(token.i)

    focus: Focus | None = None
    """The country the article is about (see :meth:`focal_country`)."""

    def records(self, doc: Doc) -> list[Mention]:
        found = [m.record(doc) for m in self.mentions]
        return [m for m in found if m is not None]

    def focal_country(self) -> Actor | None:
        """The article's focal country: the one its headline, dateline and mentions are most about.

        Each country scores its mentions in the body (persons and organisations count for their
        country), plus :data:`HEADLINE_WEIGHT` per mention in the headline and
        :data:`DATELINE_WEIGHT` if the dateline is there; ties go to the country named first.
        The returned actor is the bare country (no sector). ``None`` when no country is named.
        An implicit target or a non-state actor without a country of its own ("militants",
        "the military") falls back to it; :attr:`focus` says why (``Focus.reason``).
        """
        return self.focus.actor if self.focus is not None else None


@dataclass
class _Match:
    start: int
    end: int
    lexemes: list[Lexeme]

    def first(self, *kinds: str) -> Lexeme | None:
        for lexeme in self.lexemes:
            if lexeme.kind in kinds:
                return lexeme
        return None


_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "da", "de", "di", "du", "van", "von", "der", "la",
                             "le", "dos", "das"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_POSSESSIVES = frozenset({"his", "her", "their", "its"})


def _without_determiner(text: str) -> str:
    """A role's words as a title: "a spokesperson for UNHCR" -> "spokesperson for UNHCR"."""
    first, _, rest = text.partition(" ")
    return rest if rest and first.lower() in _DETERMINERS else text


@dataclass
class _TitlePhrase:
    """A title phrase as read so far ("the visiting Iranian Defence Minister of ... Name")."""

    start: int  # token offsets in the Doc
    pos: int  # the next token to read
    limit: int  # the sentence's end
    index: int  # the sentence's index
    matched: dict[int, _Match]
    country: Actor | None = None
    organisation: Actor | None = None
    titles: list[tuple[str, str]] = field(default_factory=list)  # (title text, sector)
    entries: list[str] = field(default_factory=list)
    possessor: str | None = None
    collective: str | None = None  # the noun of a body, class, counterpart or collective ("ministry", "officials")
    has_det: bool = False
    name_end: int = 0

    @property
    def sector(self) -> str | None:
        """The organisation's sector, else the last title's that has one."""
        if self.organisation is not None and self.organisation.sector:
            return self.organisation.sector
        return next((s for _, s in reversed(self.titles) if s), None)

    @property
    def country_code(self) -> str | None:
        if self.country is not None:
            return self.country.country
        return self.organisation.country if self.organisation is not None else None


class _ArticleReader:
    """Reads one document sentence by sentence, keeping the article's persons for coreference."""

    def __init__(self, doc: Doc, tables: Dictionaries, persons: list[Person] | None = None) -> None:
        self.doc = doc
        self.tables = tables
        self.refs = references()
        self.persons: list[Person] = list(persons or [])
        self.mentions: list[ActorMention] = []
        self.places: list[ActorMention] = []
        self.modifiers: list[ActorMention] = []
        self.last_person: Person | None = None
        self.last_subject_person: Person | None = None
        self.last_subject_person_at = -1  # the token of the last person named as a subject
        self.local_organisations: dict[str, Actor] = {}
        """Organisations the article names for itself ("the Kenya Teachers Union (KTU)"), by acronym."""
        self.roles: list[tuple[ActorMention, frozenset[str]]] = []
        """Title phrases that named no person ("the U.N. special envoy for Syria", "a State Department
        spokesperson"), with their title words: "the envoy" recalls them, and a name in the next sentence
        may be their holder."""

    # -- dictionary phrases ------------------------------------------------------------------

    def _matches(self, sentence: Span) -> dict[int, _Match]:
        words = [t.text for t in sentence]
        found: dict[int, _Match] = {}
        i = 0
        while i < len(words):
            length, lexemes = self.tables.longest_match(words, i)
            if length and self._non_owning(words, i + length):
                # "the Serb-controlled republic", "a Germany-based party": the place names where the thing is
                # held or based, not who it is; the country is neither an actor nor the noun's owner
                i += length
                continue
            if length:
                token = sentence[i]
                capitalised = token.text[:1].isupper()
                usable = [lx for lx in lexemes if lx.kind in ("agent", "body") or capitalised
                          or not lx.entry.phrase[:1].isupper()]
                if length == 1 and len(token.text) <= 3 and not token.text.isupper():
                    # "Kim Jong Un" is not the UN: a short acronym matches only in capitals
                    usable = [lx for lx in usable if lx.kind not in ("organisation", "igo", "group")]
                if usable:
                    found[sentence.start + i] = _Match(sentence.start + i, sentence.start + i + length, usable)
                    i += length
                    continue
            elif words[i].endswith("s") and words[i][:1].isupper() and len(words[i]) > 4:
                # "Palestinians", "Liberians": the plural of a demonym
                plural = [lx for lx in self.tables.lookup([words[i][:-1]]) if lx.kind == "demonym"]
                if plural:
                    found[sentence.start + i] = _Match(sentence.start + i, sentence.start + i + 1, plural)
            i += 1
        return found

    def _non_owning(self, words: list[str], after: int) -> bool:
        """Whether the words at ``after`` are "-controlled", "-based", "-backed": see ``references.yaml``."""
        return after + 1 < len(words) and words[after] == "-" \
            and words[after + 1].lower() in self.refs.non_owning_participles

    # -- persons -------------------------------------------------------------------------------

    def _find_person(self, words: list[str], country: str | None) -> Person | None:
        for person in reversed(self.persons):
            if country and person.country and person.country != country:
                continue
            if person.matches_name(words):
                return person
        return None

    def _person(self, name: str, country: str | None, sector: str | None, title: str | None,
                entries: Iterable[str]) -> Person:
        words = name.split()
        person = self._find_person(words, country)
        if person is None:
            person = Person(name=name)
            self.persons.append(person)
        elif len(words) > len(person.name.split()):
            person.aliases.add(person.name)
            person.name = name
        person.aliases.add(name)
        known = self.tables.person(name) if (country or person.country) is None or not (sector or person.sector) \
            else None
        if known is not None and (country or person.country) in (None, known.actor.country):
            country = known.actor.country
            sector = sector or known.actor.sector
            title = title or known.actor.title
            entries = [*entries, known.origin]
        person.country = person.country or country
        person.sector = person.sector or sector
        person.title = person.title or title
        person.entries.extend(e for e in entries if e not in person.entries)
        return person

    def _recent_person(self, country: str | None = None, sector: str | None = None, word: str | None = None,
                       exclude: Person | None = None) -> Person | None:
        candidates = [p for p in reversed(self.persons) if p is not exclude and (not country or p.country == country)]
        if word:
            for person in candidates:
                known = self.tables.person(person.name)
                titles = f"{person.title or ''} {known.actor.title or '' if known else ''}".lower().split()
                if holds(word, titles):
                    return person
        if sector:
            for person in candidates:
                if person.sector == sector:
                    return person
        if country and candidates:
            return candidates[0]
        return None

    def _name_run(self, start: int, limit: int, matched: dict[int, _Match]) -> int:
        """The end of a run of capitalised proper nouns from ``start`` that can be a person's name."""
        end = start
        joined = 0
        while end < limit and end - start - joined < 4:
            token = self.doc[end]
            if token.lower_ in _NAME_PARTICLES and end > start and end + 1 < limit \
                    and (self.doc[end + 1].text[:1].isupper() or self.doc[end + 1].text == "-"):
                end += 1  # "Musaed al-Aiban", "Ursula von der Leyen": a particle inside a name
                joined += 1
                continue
            if token.text == "-" and end > start and not self.doc[end - 1].whitespace_ and end + 1 < limit \
                    and self.doc[end + 1].text[:1].isupper() and self.doc[end + 1].text.isalpha():
                end += 2  # "Jean-Yves Le Drian": a hyphenated given name is one name
                joined += 2
                continue
            initial = len(token.text) == 2 and token.text[1] == "." and token.text[0].isupper()
            # the tagger often takes an unfamiliar given name for a common noun or verb ("Pushpa")
            loose = token.pos_ in ("NOUN", "ADJ", "VERB") and not token.is_sent_start
            if not (token.pos_ == "PROPN" or loose) or not token.text[:1].isupper() \
                    or not (token.text.isalpha() or initial) or (token.text.isupper() and not initial):
                break
            if token.lower_ in self.refs.organisation_words:
                return start  # "Joint Staff Department": an organisation, not a name
            if end in matched:
                break
            end += 1
        if end < limit and self.doc[end].lower_ in self.refs.organisation_words:
            return start  # "Joint Staff Department": an organisation, not a name
        return end

    # -- the sentence pass ---------------------------------------------------------------------

    def read(self, sentence: Span, index: int) -> None:
        matched = self._matches(sentence)
        covered: set[int] = set()
        i = sentence.start
        while i < sentence.end:
            taken = self._named_organisation(i, sentence, matched, index)
            if taken:
                covered.update(range(i, taken))
                i = taken
                continue
            taken = self._title_phrase(i, sentence, matched, index)
            if taken:
                covered.update(range(i, taken))
                i = taken
                continue
            i += 1
        self._shared_heads(index, matched, covered)
        for start, match in matched.items():
            if start in covered:
                continue
            if self._demonym_place(match, index):
                covered.update(range(match.start, match.end))
                continue
            self._plain_lexeme(match, sentence, index, covered)
        self._names_and_pronouns(sentence, index, matched, covered)
        for mention in self.mentions:
            # "General Li Zuocheng, the chief of China's Joint Staff Department": the apposition,
            # read after the name, gives the country
            if mention.sentence == index and mention.person is not None and mention.person.country is None:
                country, entries = self._apposition_country(self.doc[mention.head])
                if country:
                    mention.person.country = country
                    mention.person.entries.extend(entries)
        self._role_appositions(index)
        self._possessed_roles(index)
        self._heads_of_bodies(index)

    _NAME_CONNECTORS = frozenset({"of", "for", "and", "the"})

    def _named_organisation(self, i: int, sentence: Span, matched: dict[int, _Match], index: int) -> int:
        """An organisation no dictionary names, whose name states its country: "the Kenya Human Rights
        Commission", "the Nigerian Union of Teachers", "the Distilled Spirits Council of the United States".
        A capitalised run of at least three words, with one country or demonym, words of its own, and an
        organisation word (``references.yaml``) last or before "of"; an acronym in brackets after it names it
        again later in the article. Returns the run's end, or 0."""
        doc = self.doc
        token = doc[i]
        if token.lower_ == "the" and i + 1 < sentence.end:
            return self._named_organisation(i + 1, sentence, matched, index)  # the mention takes in "the"
        acronym = self.local_organisations.get(token.text)
        if acronym is not None and i not in matched:
            self._add(ActorMention(index, i, i + 1, i, "organisation named in the article", actor=acronym))
            return i + 1
        if not token.text[:1].isupper() or (i > sentence.start and doc[i - 1].text[:1].isupper()
                                            and doc[i - 1].is_alpha and doc[i - 1].lower_ != "the"):
            return 0
        end, words, countries, own, last_word = i, 0, set(), 0, None
        heads: list[str] = []
        while end < sentence.end:
            word = doc[end]
            following = end + 2 if end + 2 < sentence.end and doc[end + 1].lower_ == "the" else end + 1
            if word.lower_ in self._NAME_CONNECTORS and end > i and following < sentence.end \
                    and doc[following].text[:1].isupper() and doc[following].is_alpha:
                if word.lower_ in ("of", "for") and last_word is not None:
                    heads.append(last_word)
                end = following
                continue
            if not word.text[:1].isupper() or not (word.is_alpha or word.text in ("U.S.", "U.K.", "U.N.")):
                break
            match = matched.get(end)
            if match is not None:
                place = match.first("country", "demonym")
                if place is not None and isinstance(place.entry, ActorEntry) and place.entry.actor.country:
                    countries.add(place.entry.actor.country)
                elif match.first("organisation", "group", "person", "capital"):
                    return 0  # a name the dictionaries know: theirs to code
                words += match.end - match.start
                last_word = doc[match.end - 1].lower_
                end = match.end
                continue
            if word.pos_ not in ("PROPN", "NOUN", "ADJ", "VERB") or word.ent_type_ in ("PERSON", "DATE"):
                break
            own += 1
            words += 1
            last_word = word.lower_
            end += 1
        if last_word is not None:
            heads.append(last_word)
        sectors = [self.refs.organisation_sectors[h] for h in heads if h in self.refs.organisation_sectors]
        if words < 3 or own < 2 or len(countries) != 1 or not sectors:
            return 0
        country = next(iter(countries))
        start = i - 1 if i > sentence.start and doc[i - 1].lower_ == "the" else i
        actor = Actor(name=doc[i:end].text, kind="organisation", country=country, sector=sectors[0])
        self._add(ActorMention(index, start, end, end - 1, "organisation named in the article", actor=actor))
        if end + 2 < sentence.end and doc[end].text == "(" and doc[end + 2].text == ")" \
                and doc[end + 1].text[:1].isupper() and doc[end + 1].is_alpha:
            self.local_organisations[doc[end + 1].text] = actor  # "(CamboJA)"
            self._add(ActorMention(index, end + 1, end + 2, end + 1, "organisation named in the article",
                                   actor=actor))
            return end + 2
        return end

    def _role_appositions(self, index: int) -> None:
        """A role and a name in apposition are one person, whichever comes first: "The chief of staff of
        Iran's Armed Forces, Major General Mohammad Baqeri, held talks" -- the role phrase, which the
        parser makes the subject, stands for Baqeri, not for Iran's military as a whole."""
        current = [m for m in self.mentions if m.sentence == index]
        for role in current:
            if role.person is not None or role.actor is None or not (
                    (role.actor.kind == "country" and role.rule.startswith("country+"))
                    or (role.actor.kind == "organisation" and role.rule == "title of organisation")):
                continue
            named = [m for m in current if m.person is not None and m is not role and (
                (self.doc[m.head].dep_ == "appos" and (role.start <= self.doc[m.head].head.i < role.end
                                                       or self._in_role_tail(self.doc[m.head].head, role)))
                or any(c.dep_ == "appos" and role.start <= c.i < role.end for c in self.doc[m.head].children))]
            if len(named) != 1:
                continue
            person = named[0].person
            assert person is not None
            if person.country not in (None, role.actor.country) or (person.code and role.actor.country):
                continue
            if role.actor.country is None:  # "the U.N. special envoy for Syria, Jane Roe": the body's official
                if person.country is not None or not role.actor.code_override \
                        or person.code not in (None, role.actor.code_override):
                    continue
                person.code = role.actor.code_override
                person.sector = role.actor.sector
            person.country = person.country or role.actor.country
            person.sector = person.sector or role.actor.sector
            person.title = person.title or _without_determiner(self.doc[role.start:role.end].text)
            person.entries.extend(e for e in role.entries if e not in person.entries)
            role.person = person
            role.rule = "role in apposition"

    def _in_role_tail(self, token: Token, role: ActorMention) -> bool:
        """ "Pakistan's permanent representative to the United Nations, Munir Akram": the parser hangs the
        name on the last noun of a phrase after the role ("to the United Nations"), not on the role."""
        preposition = token.head
        return token.dep_ == "pobj" and preposition.dep_ == "prep" and role.start <= preposition.head.i < role.end \
            and self.at_person(token) is None

    def at_person(self, token: Token) -> ActorMention | None:
        """The mention of a person that covers ``token``, if any."""
        return next((m for m in self.mentions if m.start <= token.i < m.end and m.person is not None), None)

    def _heads_of_bodies(self, index: int) -> None:
        """ "Jonas Feld, who heads Germany's foreign intelligence service, warned Russia": a person with no
        country of his own who heads, leads or chairs a national body (``leading_verbs``) is of its country
        and sector."""
        doc = self.doc
        for mention in [m for m in self.mentions if m.sentence == index and m.person is not None]:
            person = mention.person
            assert person is not None
            if person.country is not None or person.code:
                continue
            for clause in doc[mention.head].children:
                if clause.dep_ != "relcl" or clause.lemma_.lower() not in self.refs.leading_verbs:
                    continue
                objects = [c for c in clause.children if c.dep_ == "dobj"]
                body = next((m for o in objects for m in self.mentions
                             if m.person is None and m.actor is not None and m.actor.country
                             and m.actor.sector and m.start <= o.i < m.end), None)
                if body is not None and body.actor is not None:
                    person.country = body.actor.country
                    person.sector = person.sector or body.actor.sector
                    person.entries.extend(e for e in body.entries if e not in person.entries)
                    break

    def _possessed_roles(self, index: int) -> None:
        """ "President Donald Trump's special envoy, Steve Witkoff, spoke with Putin": a title owned by a
        person and a name in apposition to it are one person, of the owner's country, with the title's
        sector; the title phrase, which the parser makes the subject, stands for him, not for the owner."""
        doc = self.doc
        for owner in [m for m in self.mentions if m.sentence == index and m.person is not None]:
            token = doc[owner.head]
            noun = token.head
            if token.dep_ != "poss" or noun.i <= token.i or noun.i < owner.end \
                    or any(m.start <= noun.i < m.end for m in self.mentions):
                continue
            title = next((lx for k in range(owner.end, noun.i + 1)
                          for lx in self.tables.lookup([t.text for t in doc[k:noun.i + 1]])
                          if lx.kind == "agent" and isinstance(lx.entry, AgentEntry)), None)
            named = [m for c in noun.children if c.dep_ == "appos"
                     for m in [self.at_person(c)] if m is not None and m.person is not owner.person]
            if title is None or len(named) != 1:
                continue
            person = named[0].person
            assert person is not None and isinstance(title.entry, AgentEntry)
            if person.country not in (None, owner.person.country if owner.person else None):
                continue
            person.country = person.country or (owner.person.country if owner.person else None)
            person.sector = person.sector or title.entry.sector
            person.title = person.title or title.entry.phrase
            person.entries.extend(e for e in (title.origin,) if e not in person.entries)
            start = owner.end + (1 if doc[owner.end].dep_ == "case" else 0)
            self._add(ActorMention(index, start, noun.i + 1, noun.i, "role in apposition", person=person,
                                   entries=(title.origin,)))

    def _add(self, mention: ActorMention) -> None:
        self.mentions.append(mention)
        if mention.person is not None:
            self.last_person = mention.person
            if self.doc[mention.head].dep_ in ("nsubj", "nsubjpass"):
                self.last_subject_person = mention.person
                self.last_subject_person_at = mention.head

    def _country_modifier(self, i: int, matched: dict[int, _Match]) -> tuple[Actor, str, int] | None:
        """A demonym ("Iranian") or possessive country ("China's") at ``i``: (country, entry, next index)."""
        if self.doc[i].lower_ == "country" and 0 < i < len(self.doc) - 1 and self.doc[i - 1].lower_ == "the" \
                and self.doc[i + 1].tag_ == "POS":
            # "the country's intelligence service": the country named last
            for mention in reversed(self.mentions):
                actor = mention.actor
                if mention.person is None and actor is not None and actor.kind == "country" and actor.country:
                    named = self.tables.country(actor.country) or actor
                    return named, "references: the country's", i + 2
            return None
        match = matched.get(i)
        if match is None:
            return None
        if i > 0 and self.doc[i - 1].lower_ in self.refs.people_markers:
            # "ethnic Albanian rebels attacked a police station in northern Macedonia": a people, of the country
            # the sentence places them in (else, as before, of the state of that name)
            placed = self._people_place(self.doc[match.end - 1].head, matched)
            if placed is not None:
                return placed[0], placed[1], match.end
        led = match.end + 2 if match.end + 1 < len(self.doc) and self.doc[match.end].text == "-" \
            and self.doc[match.end + 1].lower_ == "led" else None  # "Saudi-led coalition airstrikes": the leader's
        if led is not None and led + 1 < len(self.doc) and self.doc[led].lower_ in self.refs.led_groups \
                and self.doc[led].dep_ in ("compound", "amod", "nmod") and self.doc[led].head.i > led:
            led += 1  # "U.S.-led coalition forces": the group the leader leads modifies the noun that follows
        demonym = match.first("demonym")
        if demonym is not None and isinstance(demonym.entry, ActorEntry):
            return demonym.entry.actor, demonym.origin, led or match.end
        capital = match.first("capital")
        if capital is not None and isinstance(capital.entry, ActorEntry) and match.end < len(self.doc) \
                and self.doc[match.end].tag_ == "POS":
            return capital.entry.actor, capital.origin, match.end + 1  # "Washington's envoy"
        country = match.first("country")
        if country is not None and isinstance(country.entry, ActorEntry) and match.end < len(self.doc):
            following = self.doc[match.end]
            if following.tag_ == "POS":
                return country.entry.actor, country.origin, match.end + 1
            if led is not None:
                return country.entry.actor, country.origin, led
            if match.end in matched and matched[match.end].first("agent", "body"):
                return country.entry.actor, country.origin, match.end  # "Iran Foreign Minister"
            after = match.end
            while after < len(self.doc) and self.doc[after].lower_ in self.refs.title_modifiers:
                after += 1
            if after > match.end and after in matched and matched[after].first("agent", "body", "organisation"):
                return country.entry.actor, country.origin, match.end  # "U.S. deputy U.N. ambassador"
            if following.lower_ in self.refs.collective_nouns and following.pos_ in ("NOUN", "PROPN") \
                    and self.doc[match.end - 1].head.i == match.end:
                return country.entry.actor, country.origin, match.end  # "Myanmar nationals", "Kenya police"
        return None

    # -- title phrases: "[the] [Iranian] Defence Minister [of ...] [Name]" ----------------------------
    #
    # A title phrase is read in three steps, each a table of small named rules tried in order:
    # PREFIX_STEPS read the words before and including the title, OF_STEPS the "of ..." tail, and
    # RESOLUTIONS decide what the phrase names. The resolution's name becomes the mention's rule, so
    # `tacitus explain` shows it beside the dictionary entries that matched.

    def _title_phrase(self, i: int, sentence: Span, matched: dict[int, _Match], index: int) -> int:
        """Read a title phrase at token ``i``; add its mention and return where it ends, or 0 if none."""
        phrase = _TitlePhrase(start=i, pos=i, limit=sentence.end, index=index, matched=matched)
        while phrase.pos < phrase.limit:
            outcome = None
            for step in self.PREFIX_STEPS:
                outcome = getattr(self, step)(phrase)
                if outcome is not None:
                    break
            if outcome is None or outcome == "last":
                break
        if not phrase.titles:
            return self._force_deed(phrase)
        if phrase.country is None and phrase.possessor is None and phrase.organisation is None \
                and phrase.titles[-1][1] in self.refs.located_collective_sectors:
            located = self._located_in(phrase.pos, phrase)  # "police in Kenya", "a judge in Pakistan"
            if located is not None:
                phrase.country, origin, phrase.pos = located
                phrase.entries.append(origin)
        doc = self.doc
        if phrase.pos < phrase.limit and doc[phrase.pos].pos_ == "NOUN" and doc[phrase.pos - 1].head.i == phrase.pos:
            if phrase.country is None or phrase.collective in (None, "counterpart") \
                    or doc[phrase.pos].lower_ not in self.refs.deed_nouns:
                return 0  # "the military field": the title word only modifies another noun
            phrase.pos += 1  # "a Pakistani military operation rescued ...": the body's deed stands for the body
            return self._resolve_country_sector(phrase) or 0
        self._of_tail(phrase)
        # "his Lithuanian counterpart Gitanas Nauseda"; a body or a class of people takes no name
        phrase.name_end = self._name_run(phrase.pos, phrase.limit, matched) \
            if phrase.collective in (None, "counterpart") else phrase.pos
        if phrase.pos < phrase.name_end < phrase.limit and doc[phrase.name_end].pos_ == "NOUN" \
                and doc[phrase.name_end - 1].head.i == phrase.name_end \
                and doc[phrase.name_end - 1].dep_ in ("compound", "amod"):
            return 0  # "its official Twitter account": the capitalised word names a thing, not a person
        if phrase.collective == "counterpart" and phrase.name_end > phrase.pos:
            speaker = self.last_subject_person or self.last_person
            phrase.titles.append(("", speaker.sector or "" if speaker else ""))  # a counterpart holds the same office
        if phrase.organisation is not None and phrase.country is None and phrase.organisation.country:
            code = phrase.organisation.country
            phrase.country = self.tables.country_actor(code)
        first = phrase.start + (1 if phrase.has_det else 0)
        if phrase.organisation is not None and phrase.country is not None and phrase.organisation.country is None \
                and (phrase.organisation.code_override or "").startswith("IGO") and phrase.titles \
                and phrase.titles[-1][1] == "DIP" and first in phrase.matched \
                and phrase.matched[first].first("country", "demonym", "capital"):
            phrase.organisation = None  # "the U.S. deputy U.N. ambassador": the country's diplomat to the body
        for rule in self.RESOLUTIONS:
            end = getattr(self, rule)(phrase)
            if end is not None:
                return end
        return 0

    PREFIX_STEPS: tuple[str, ...] = (
        "_step_determiner", "_step_possessive", "_step_country", "_step_leader_name", "_step_body", "_step_title",
        "_step_organisation", "_step_title_modifier", "_step_counterpart", "_step_collective",
    )
    """The words a title phrase may start with, in the order they are tried at each token. A step
    returns "next" (it took words, read on), "last" (it took the phrase's last word) or None."""

    def _step_determiner(self, phrase: _TitlePhrase) -> str | None:
        """ "the", "a", "this": only first."""
        if phrase.pos == phrase.start and self.doc[phrase.pos].lower_ in _DETERMINERS:
            phrase.has_det = True
            phrase.pos += 1
            return "next"
        return None

    def _step_possessive(self, phrase: _TitlePhrase) -> str | None:
        """ "his counterpart", "its military": only first."""
        lower = self.doc[phrase.pos].lower_
        if phrase.pos == phrase.start and lower in _POSSESSIVES:
            phrase.possessor = lower
            phrase.pos += 1
            return "next"
        return None

    def _step_country(self, phrase: _TitlePhrase) -> str | None:
        """A demonym or possessive country before the title: "Iranian", "China's", "Iran Foreign Minister"."""
        if phrase.titles:
            return None
        modifier = self._country_modifier(phrase.pos, phrase.matched)
        if modifier is None:
            return None
        if phrase.country is None:
            phrase.country = modifier[0]
        # else "Bosnian Serb leader", "Iraqi Kurdish officials": the second word names the people, the first
        # the state they belong to
        _, origin, phrase.pos = modifier
        phrase.entries.append(origin)
        return "next"

    def _step_leader_name(self, phrase: _TitlePhrase) -> str | None:
        """ "the Biden administration", "the Netanyahu government": a leader the dictionaries know, named before
        a body their office heads (``references.yaml: leader_bodies``), gives it their country."""
        if phrase.titles or phrase.country is not None or phrase.pos in phrase.matched:
            return None
        doc = self.doc
        end = phrase.pos
        while end < phrase.limit and end - phrase.pos < 4 and doc[end].pos_ == "PROPN" and doc[end].dep_ == "compound":
            end += 1  # "the George W. Bush administration": the name's words modify the body noun
        if end == phrase.pos or end >= phrase.limit or doc[end].lower_ not in self.refs.leader_bodies \
                or doc[end - 1].head.i != end:
            return None
        entry = self.tables.person(doc[phrase.pos:end].text)
        if entry is None or not entry.actor.country or entry.actor.kind != "person":
            return None
        phrase.country = self.tables.country_actor(entry.actor.country)
        phrase.entries.append(entry.origin)
        phrase.pos = end
        return "next"

    def _step_body(self, phrase: _TitlePhrase) -> str | None:
        """ "the Iranian foreign ministry", "the Chinese military", "Pakistani militants": a body of the
        country or a class of its people, which ends the phrase."""
        match = phrase.matched.get(phrase.pos)
        agent = match.first("agent", "body") if match else None
        if match is None or agent is None or agent.kind != "body" or phrase.titles \
                or not isinstance(agent.entry, AgentEntry):
            return None
        phrase.titles.append((self.doc[phrase.pos:match.end].text, agent.entry.sector))
        phrase.entries.append(agent.origin)
        phrase.collective = self.doc[match.end - 1].lower_
        phrase.pos = match.end
        return "last"

    def _step_title(self, phrase: _TitlePhrase) -> str | None:
        """A title of ``titles.csv`` ("Defence Minister", "Major General"), also two joined by "and"."""
        match = phrase.matched.get(phrase.pos)
        agent = match.first("agent", "body") if match else None
        if match is None or agent is None or not isinstance(agent.entry, AgentEntry):
            return None
        doc = self.doc
        phrase.titles.append((doc[phrase.pos:match.end].text, agent.entry.sector))
        phrase.entries.append(agent.origin)
        inner = self._inner_organisation(phrase.pos, match.end)  # "vice chairman of the Central Military Commission"
        if inner is not None:
            phrase.organisation = phrase.organisation or inner[0]
            phrase.entries.append(inner[1])
        phrase.pos = match.end
        pos, matched = phrase.pos, phrase.matched
        # "State Councilor and Minister of National Defense", "Major General"
        if pos + 1 < phrase.limit and doc[pos].lower_ in ("and", ",") and pos + 1 in matched \
                and matched[pos + 1].first("agent") and doc[pos + 1].text[:1].isupper():
            phrase.pos += 1
        return "next"

    def _step_organisation(self, phrase: _TitlePhrase) -> str | None:
        """An organisation before a title: "Houthi leader", "IRGC commander", "UN Secretary-General"."""
        match = phrase.matched.get(phrase.pos)
        if match is None or phrase.titles:
            return None
        after = match.end
        if after < phrase.limit and self.doc[after].tag_ == "POS":
            after += 1  # "UNICEF's executive director", "NATO's secretary general"
        if after not in phrase.matched or not phrase.matched[after].first("agent", "body"):
            return None
        org = match.first("organisation", "group")
        if org is None or not isinstance(org.entry, ActorEntry):
            return None
        phrase.organisation = org.entry.actor
        phrase.entries.append(org.origin)
        phrase.pos = after
        return "next"

    def _step_title_modifier(self, phrase: _TitlePhrase) -> str | None:
        """ "visiting", "top", "former" between the determiner and the title (``references.yaml``)."""
        token = self.doc[phrase.pos]
        if phrase.titles or token.lower_ not in self.refs.title_modifiers \
                or token.pos_ not in ("ADJ", "VERB", "NOUN", "PROPN"):
            return None
        phrase.pos += 1
        return "next"

    def _step_counterpart(self, phrase: _TitlePhrase) -> str | None:
        """ "his Chinese counterpart": the other side's holder of the same office."""
        token = self.doc[phrase.pos]
        if phrase.titles or token.lower_ not in self.refs.counterpart_nouns:
            return None
        phrase.titles.append((token.text, ""))
        phrase.collective = "counterpart"
        phrase.pos += 1
        return "last"

    def _step_collective(self, phrase: _TitlePhrase) -> str | None:
        """ "Chinese officials", "their delegation": a collective noun after a country or possessive;
        "officials in Kabul": one of a located sector before "in" and a country or capital."""
        token = self.doc[phrase.pos]
        lower = token.lower_
        if phrase.titles or lower not in self.refs.collective_nouns or token.pos_ not in ("NOUN", "PROPN"):
            return None
        sector = self.refs.collective_nouns[lower] or ""
        end = phrase.pos + 1
        if not (phrase.country or phrase.possessor):
            located = self._located_in(end, phrase) if sector in self.refs.located_collective_sectors else None
            if located is None:
                return None
            phrase.country, origin, end = located
            phrase.entries.append(origin)
        phrase.titles.append((token.text, sector))
        phrase.collective = lower
        phrase.pos = end
        return "last"

    def _located_in(self, i: int, phrase: _TitlePhrase) -> tuple[Actor, str, int] | None:
        """ "in Kabul", "in Afghanistan" at ``i``, after a collective noun: (country, entry, next index)."""
        if i + 1 >= phrase.limit or self.doc[i].lower_ != "in":
            return None
        match = phrase.matched.get(i + 1)
        place = match.first("country", "capital") if match is not None else None
        if place is None or not isinstance(place.entry, ActorEntry) or place.entry.actor.kind != "country":
            return None
        return place.entry.actor, place.origin, match.end  # type: ignore[union-attr]

    def _of_tail(self, phrase: _TitlePhrase) -> None:
        """ "of [the] [Iranian] Armed Forces", "of the Central Military Commission", "for Pakistan's Ministry of
        Foreign Affairs": each "of" or "for" adds an organisation, a further title or the country."""
        doc, matched, limit = self.doc, phrase.matched, phrase.limit
        while phrase.pos + 1 < limit and doc[phrase.pos].lower_ in ("of", "for"):
            look = phrase.pos + 1
            if doc[look].lower_ == "the":
                look += 1
            modifier = self._country_modifier(look, matched)
            if modifier is not None:
                phrase.country = phrase.country or modifier[0]
                phrase.entries.append(modifier[1])
                look = modifier[2]
            match = matched.get(look)
            if match is None:
                if modifier is not None:
                    phrase.pos = look
                return
            org = match.first("organisation")
            agent = match.first("agent", "body")
            place = match.first("country", "capital")
            if org is not None and isinstance(org.entry, ActorEntry):
                phrase.organisation = org.entry.actor
                phrase.entries.append(org.origin)
                office = matched.get(match.end)
                if org.entry.actor.country is None and office is not None and office.first("country") \
                        and not office.first("organisation"):
                    match = office  # "a spokesperson for UNHCR Kenya": the body's office in Kenya, still the body
            elif agent is not None and isinstance(agent.entry, AgentEntry):
                phrase.titles.append((doc[match.start:match.end].text, agent.entry.sector))
                phrase.entries.append(agent.origin)
            elif place is not None and isinstance(place.entry, ActorEntry):
                phrase.country = phrase.country or place.entry.actor
                phrase.entries.append(place.origin)
            else:
                return
            phrase.pos = match.end

    RESOLUTIONS: tuple[str, ...] = (
        "_resolve_title_name", "_resolve_its_counterpart", "_resolve_counterpart", "_resolve_title_of_organisation",
        "_resolve_title_coreference", "_resolve_country_sector",
    )
    """What a title phrase names, tried in order; each returns the phrase's end once it has added its
    mention (its rule named after it), or None to let the next one try."""

    def _resolve_title_name(self, phrase: _TitlePhrase) -> int | None:
        """title+name: a title with a name makes a person, or adds the title to one met before."""
        if phrase.name_end <= phrase.pos:
            return None
        name = self.doc[phrase.pos:phrase.name_end].text
        country_code, entries = phrase.country_code, list(phrase.entries)
        if country_code is None:  # "General Li Zuocheng, the chief of China's Joint Staff Department"
            country_code, more = self._apposition_country(self.doc[phrase.name_end - 1])
            entries.extend(more)
        sector, code = phrase.sector, None
        unknown = self._find_person(name.split(), None) is None and self.tables.person(name) is None
        if country_code is None and phrase.organisation is None and unknown and self._stateless(self._title_text(phrase)):
            # "... said Secretary General Jane Roe" after the aid group was named: that group's official
            recent = self._recent_organisation(phrase.index)
            if recent is not None:
                code, sector = recent.actor.code_override if recent.actor else None, \
                    recent.actor.sector if recent.actor else sector
                entries.extend(recent.entries)
        if country_code is None and code is None and unknown:
            if self._title_has_body(phrase):
                country_code, more = self._recent_body_country(phrase.sector, phrase.index)
            else:  # "the spokesperson for Pakistan's foreign ministry, Ambassador X": the role just before
                country_code, more = self._recent_body_country(phrase.sector, phrase.index, adjacent=phrase.start)
            entries.extend(more)
        person = self._person(name, country_code, sector, self._title_text(phrase), entries)
        organisation = phrase.organisation
        if organisation is not None and organisation.code_override and not person.country:
            person.code = person.code or organisation.code_override  # "UN Secretary-General ..."
        if code is not None and not person.country:
            person.code = person.code or code
        self._add(ActorMention(phrase.index, phrase.start, phrase.name_end, phrase.name_end - 1, "title+name",
                               person=person, entries=tuple(entries)))
        return phrase.name_end

    def _title_has_body(self, phrase: _TitlePhrase) -> bool:
        """Whether the title names the body its holder speaks for ("foreign ministry spokesperson")."""
        words = [t.text for t in self.doc[phrase.start:phrase.pos]]
        for k in range(len(words)):
            _, lexemes = self.tables.longest_match(words, k)
            if any(lexeme.kind == "body" for lexeme in lexemes):
                return True
        return False

    def _stateless(self, title: str) -> bool:
        """Whether a title is one international bodies and NGOs give ("secretary general", "special envoy")."""
        lower = title.lower()
        return any(t in lower for t in self.refs.stateless_titles)

    def _recent_organisation(self, index: int) -> ActorMention | None:
        """The last international organisation or NGO (an organisation without a country) named in this
        sentence or the two before."""
        for mention in reversed(self.mentions):
            if mention.sentence < index - 2:
                return None
            actor = mention.actor
            if mention.person is None and actor is not None and actor.kind == "organisation" \
                    and not mention.rule.startswith("coreference") \
                    and actor.country is None and actor.code_override and actor.sector in ("IGO", "NGO"):
                return mention
        return None

    def _subject_role(self, i: int, index: int) -> ActorMention | None:
        """The title phrase that named no person ("Iran's army chief", "the Kenyan interior minister") and was
        the subject of a clause in this sentence before token ``i`` or in the two before, with no person named
        as a subject after it: whom "he" or "she" at ``i`` stands for."""
        for mention, _ in reversed(self.roles):
            head = self.doc[mention.head]
            if mention.head >= i:
                continue
            if mention.sentence < index - 2 or mention.head < self.last_subject_person_at:
                return None
            if head.dep_ == "nsubj" and head.tag_ == "NN" and mention.resolved() is not None:
                return mention
        return None

    def _role(self, mention: ActorMention, phrase: _TitlePhrase) -> None:
        """Keep a title phrase that named no person, with its title words (see ``roles``)."""
        if phrase.collective is None and phrase.titles:
            words = frozenset(w.lower() for title, _ in phrase.titles for w in title.split())
            self.roles.append((mention, words))

    def _resolve_its_counterpart(self, phrase: _TitlePhrase) -> int | None:
        """coreference:counterpart: "its Chinese counterpart" is the last organisation of that country."""
        if phrase.collective != "counterpart" or phrase.possessor != "its":
            return None
        for mention in reversed(self.mentions):
            actor = mention.resolved()
            if actor is not None and actor.kind == "organisation" and actor.country == phrase.country_code:
                self._add(ActorMention(phrase.index, phrase.start, phrase.pos, phrase.pos - 1,
                                       "coreference:counterpart", actor=actor, entries=mention.entries))
                return phrase.pos
        return None

    def _resolve_counterpart(self, phrase: _TitlePhrase) -> int | None:
        """coreference:counterpart / counterpart: "his Iranian counterpart" is the person of that country who
        holds the speaker's office, else the country with the speaker's sector."""
        if phrase.collective != "counterpart":
            return None
        speaker = self.last_subject_person or self.last_person
        country_code = phrase.country_code
        counterpart = self._recent_person(country=country_code, exclude=speaker)
        office = speaker.sector if speaker else None
        if counterpart is not None and office and counterpart.sector and counterpart.sector != office:
            # a counterpart holds the same office: a defence minister is no foreign minister's counterpart
            counterpart = self._recent_person(country=country_code, sector=office, exclude=speaker)
            counterpart = counterpart if counterpart is not None and counterpart.sector == office else None
        head = phrase.pos - 1
        if counterpart is not None:
            self._add(ActorMention(phrase.index, phrase.start, phrase.pos, head, "coreference:counterpart",
                                   person=counterpart, entries=tuple(phrase.entries)))
        elif phrase.country is not None:
            actor = Actor(name=phrase.country.name, kind="country", country=phrase.country.country,
                          sector=speaker.sector if speaker else None)
            self._add(ActorMention(phrase.index, phrase.start, phrase.pos, head, "counterpart", actor=actor,
                                   entries=tuple(phrase.entries)))
        return phrase.pos

    def _resolve_title_of_organisation(self, phrase: _TitlePhrase) -> int | None:
        """title of organisation: "the president of PLA National Defence University", "al-Shabab militants":
        the body the role belongs to."""
        organisation = phrase.organisation
        if organisation is None or not (phrase.collective or not phrase.has_det or len(phrase.titles) == 1):
            return None
        mention = ActorMention(phrase.index, phrase.start, phrase.pos, phrase.pos - 1, "title of organisation",
                               actor=organisation, entries=tuple(phrase.entries),
                               context=organisation.country is None and organisation.code_override is None)
        self._add(mention)
        self._role(mention, phrase)
        return phrase.pos

    def _resolve_title_coreference(self, phrase: _TitlePhrase) -> int | None:
        """coreference:title: "the Chinese minister", "his deputy" recall a person named earlier."""
        # "Washington's envoy", "China's foreign minister": a possessive country recalls only a person whose
        # own title has the word (below), else it stands for the country's sector
        owned = any(self.doc[k].tag_ == "POS" for k in range(phrase.start, phrase.pos)) and phrase.country is not None
        if phrase.collective is not None or not (phrase.has_det or phrase.possessor or owned):
            return None
        word = phrase.titles[-1][0].split()[-1].lower()
        country_code, sector = phrase.country_code, phrase.sector
        title, title_sector = phrase.titles[-1]
        specific = len(title.split()) > 1 and bool(title_sector)  # "defense minister", not "minister"
        role = self._recent_role(word, country_code)
        found = role.resolved() if role is not None else None
        if role is not None and specific and found is not None and found.sector not in (None, title_sector):
            role = None  # "Chile's foreign minister" is not "the Chilean defense minister" named before
        if role is not None:  # "A State Department spokesperson said ... the spokesperson added"
            self._add(ActorMention(phrase.index, phrase.start, phrase.pos, phrase.pos - 1, "coreference:role",
                                   actor=role.resolved(), person=role.person, entries=role.entries, title_only=True))
            return phrase.pos
        referent = self._recent_person(country=country_code, sector=sector, word=word)
        held = set((referent.title or "").lower().split()) if referent is not None else set()
        roles = {w for title, _ in phrase.titles for w in title.lower().split()} & self.refs.distinct_roles
        if referent is None or not roles <= held or not (holds(word, held) or (country_code and not owned and (
                referent.sector == sector or referent.sector is None or sector is None))):
            return None  # "the Pakistani envoy" is not the Pakistani general; "the spokesperson" not the president
        if specific and referent.sector and title_sector != referent.sector:
            return None  # "China's defense minister" is not Foreign Minister Wang Yi
        self._add(ActorMention(phrase.index, phrase.start, phrase.pos, phrase.pos - 1, "coreference:title",
                               person=referent, entries=tuple(phrase.entries), title_only=True))
        return phrase.pos

    def _recent_role(self, word: str, country: str | None) -> ActorMention | None:
        """The last role with this title word ("spokesperson") named after any person who holds it."""
        last_person = max((i for i, m in enumerate(self.mentions) if m.person is not None and m.person.title
                           and word in m.person.title.lower().split()), default=-1)
        for mention, words in reversed(self.roles):
            actor = mention.resolved()
            if word in words and (country is None or (actor is not None and actor.country == country)) \
                    and self.mentions.index(mention) > last_person:
                return mention
        return None

    def _shared_heads(self, index: int, matched: dict[int, _Match], covered: set[int]) -> None:
        """ "French and Egyptian warships", "U.S. and British troops": a demonym coordinated with the one that
        opens a country+sector mention shares its noun, so it is a mention of its own country and that sector."""
        doc = self.doc
        for mention in [m for m in self.mentions if m.sentence == index]:
            actor = mention.actor
            if mention.person is not None or actor is None or actor.kind != "country" or not actor.sector:
                continue
            for other in (c for k in range(mention.start, mention.end) for c in doc[k].conjuncts):
                if other.i >= mention.start or other.i in covered:
                    continue
                modifier = self._country_modifier(other.i, matched)
                if modifier is None or modifier[2] != other.i + 1:
                    continue
                country, origin, _ = modifier
                shared = Actor(name=country.name, kind="country", country=country.country, sector=actor.sector)
                self._add(ActorMention(index, other.i, other.i + 1, other.i, "shared head", actor=shared,
                                       entries=(origin,)))
                covered.add(other.i)

    def _force_deed(self, phrase: _TitlePhrase) -> int:
        """country+deed: "Israeli airstrikes killed ...", "Russian artillery shelling wounded ...": a bare
        demonym owning a noun of armed force (``force_deed_nouns``) stands for the country's military.
        Returns where the mention ends, or 0 if the words are no such phrase."""
        doc = self.doc
        if phrase.country is None or phrase.possessor is not None or phrase.pos <= phrase.start:
            return 0
        demonym = doc[phrase.pos - 1]
        if demonym.dep_ not in ("amod", "compound", "nmod"):
            return 0
        noun = phrase.pos
        while noun < phrase.limit and noun - phrase.pos < 3 and doc[noun].dep_ in ("compound", "amod", "nmod") \
                and doc[noun].head.i > noun:
            noun += 1  # "Israeli air strikes", "Russian missile and drone strikes"
        if noun >= phrase.limit or demonym.head.i != noun or doc[noun].pos_ not in ("NOUN", "VERB") \
                or doc[noun].lower_ not in self.refs.force_deed_nouns:
            return 0
        phrase.titles.append((doc[phrase.pos:noun + 1].text, "MIL"))
        phrase.pos = noun + 1
        return self._resolve_country_sector(phrase, rule="country+deed") or 0

    def _resolve_country_sector(self, phrase: _TitlePhrase, rule: str | None = None) -> int | None:
        """country+sector / country+role: "Iranian officials", "the Chinese military" stand for the country's
        sector when no person fits."""
        if phrase.country is None:
            return None
        sector = phrase.sector
        actor = Actor(name=phrase.country.name, kind="country", country=phrase.country.country, sector=sector)
        mention = ActorMention(phrase.index, phrase.start, phrase.pos, phrase.pos - 1,
                               rule or ("country+sector" if sector else "country+role"), actor=actor,
                               entries=tuple(phrase.entries))
        self._add(mention)
        self._role(mention, phrase)
        return phrase.pos

    def _title_text(self, phrase: _TitlePhrase) -> str:
        text = self.doc[phrase.start:phrase.pos].text
        for word in ("the ", "The ", "a ", "A ", "visiting ", "Visiting "):
            text = text.removeprefix(word)
        return text

    def _demonym_place(self, match: _Match, index: int) -> bool:
        """ "the Chinese capital", "Iraqi soil", "the French resort of Biarritz": a place of that country."""
        demonym = match.first("demonym")
        if demonym is None or not isinstance(demonym.entry, ActorEntry) or match.end - match.start != 1:
            return False
        token = self.doc[match.start]
        noun = token.head
        if token.dep_ != "amod" or noun.i < token.i or not ({noun.lemma_.lower(), noun.lower_} & self.refs.place_nouns):
            return False
        if on_border(token):
            return True  # "near the Cameroonian border": neither an actor nor the event's country
        start = min(t.i for t in noun.lefts) if any(True for _ in noun.lefts) else noun.i
        self.places.append(ActorMention(index, start, noun.i + 1, noun.i, "demonym place",
                                        actor=demonym.entry.actor, entries=(demonym.origin,)))
        return True

    def _people_place(self, noun: Token, matched: dict[int, _Match]) -> tuple[Actor, str] | None:
        """The country of the place a people's noun is said to be in ("ethnic Albanians in south Serbia") or its
        clause happens in ("... demonstrated in Kosovo"): (country, entry), or ``None``."""
        heads = [noun, noun.head] if noun.dep_ in ("nsubj", "nsubjpass") else [noun]
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("in", "inside"):
                    continue
                for place in prep.children:
                    if place.dep_ != "pobj":
                        continue
                    for word in place.subtree:
                        match = matched.get(word.i)
                        found = match.first("country", "capital") if match is not None else None
                        if found is not None and isinstance(found.entry, ActorEntry) \
                                and found.entry.actor.kind == "country":
                            return self.tables.country(found.entry.actor.country or "") or found.entry.actor, \
                                found.origin
        return None

    def _inner_organisation(self, start: int, end: int) -> tuple[Actor, str] | None:
        """A national organisation named inside a longer title phrase."""
        words = [t.text for t in self.doc[start:end]]
        for k in range(1, len(words)):
            _, lexemes = self.tables.longest_match(words, k)
            for lexeme in lexemes:
                if lexeme.kind == "organisation" and isinstance(lexeme.entry, ActorEntry) and lexeme.entry.actor.country:
                    return lexeme.entry.actor, lexeme.origin
        return None

    def _plain_lexeme(self, match: _Match, sentence: Span, index: int, covered: set[int]) -> None:
        doc = self.doc
        head = max(range(match.start, match.end), key=lambda k: (doc[k].head.i < match.start or
                                                                 doc[k].head.i >= match.end))
        token = doc[head]
        country = match.first("country")
        organisation = match.first("organisation")
        capital = match.first("capital")
        demonym = match.first("demonym")
        if country is None and demonym is not None and isinstance(demonym.entry, ActorEntry) \
                and token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("amod", "compound"):
            # "the Palestinians reject ...", "arrested 100 Liberians": the people of a country
            placed = self._people_place(token, self._matches(sentence)) if match.start > 0 \
                and doc[match.start - 1].lower_ in self.refs.people_markers else None
            if placed is not None:
                # "ethnic Albanians in south Serbia": civilians of the country the sentence places them in
                people = Actor(name=doc[match.start - 1:match.end].text, kind="group", country=placed[0].country,
                               sector="CVL")
                self._add(ActorMention(index, match.start - 1, match.end, head, "people: the place they are in",
                                       actor=people, entries=(demonym.origin, placed[1])))
                covered.update(range(match.start, match.end))
                return
            self._add(ActorMention(index, match.start, match.end, head, "demonym as noun",
                                   actor=demonym.entry.actor, entries=(demonym.origin,)))
            covered.update(range(match.start, match.end))
            return
        if country is None and demonym is not None and isinstance(demonym.entry, ActorEntry) and token.dep_ == "amod":
            self.modifiers.append(ActorMention(index, match.start, match.end, head, "demonym modifier",
                                               actor=demonym.entry.actor, entries=(demonym.origin,)))
            return
        group = match.first("group")
        body = match.first("body")
        if country is not None and isinstance(country.entry, ActorEntry) and on_border(doc[match.end - 1]):
            return  # "near the Cameroon border": where two countries meet, neither an actor nor the sentence's country
        if country is not None and isinstance(country.entry, ActorEntry):
            self._add(ActorMention(index, match.start, match.end, head, "country name", actor=country.entry.actor,
                                   entries=(country.origin,)))
        elif organisation is None and group is not None and isinstance(group.entry, ActorEntry):
            # "Islamic State": a group active in several countries, coded in the article's focal country
            self._add(ActorMention(index, match.start, match.end, head, "non-state group", actor=group.entry.actor,
                                   entries=(group.origin,), context=True))
        elif organisation is None and body is not None and isinstance(body.entry, AgentEntry) \
                and self._stands_alone(match, token):
            # "militants attacked", "the military said", "security forces arrested": a class of people or a
            # national body with no country in the phrase, coded in the article's focal country
            actor = Actor(name=doc[match.start:match.end].text, kind="group", sector=body.entry.sector)
            self._add(ActorMention(index, match.start, match.end, head, "class of people", actor=actor,
                                   entries=(body.origin,), context=True))
        elif organisation is not None and isinstance(organisation.entry, ActorEntry):
            actor = organisation.entry.actor
            rule = "organisation" if actor.kind != "person" else "person dictionary"
            self._add(ActorMention(index, match.start, match.end, head, rule, actor=actor,
                                   entries=(organisation.origin,)))
        elif capital is not None and isinstance(capital.entry, ActorEntry):
            if token.dep_ == "pobj" and token.head.lower_ in self.refs.locative_prepositions:
                self.places.append(ActorMention(index, match.start, match.end, head, "capital as place",
                                                actor=capital.entry.actor, entries=(capital.origin,)))
                return  # "in Beijing": a place
            if token.dep_ in ("compound", "npadvmod", "appos", "nmod") or token.ent_type_ in ("DATE",):
                return
            if token.i == sentence.start and doc[match.end:match.end + 1].text in (",", "\u2013", "-", "--"):
                return  # a dateline
            self._add(ActorMention(index, match.start, match.end, head, "capital as metonym",
                                   actor=capital.entry.actor, entries=(capital.origin,)))
        else:
            return
        covered.update(range(match.start, match.end))

    def _stands_alone(self, match: _Match, token: Token) -> bool:
        """Whether a body or class phrase ("militants", "the military") names actors by itself, rather than
        modifying a noun ("police station", "army chief") or following "of" ("the head of the army")."""
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in ("compound", "amod", "nmod"):
            return False
        first = self.doc[match.start]
        if first.text[:1].isupper() and match.start > 0 and self.doc[match.start - 1].pos_ == "PROPN" \
                and self.doc[match.start - 1].text[:1].isupper():
            return False  # "Mogadishu University", "Somali National News Agency": part of a name
        before = self.doc[match.start - 1] if match.start > 0 else None
        if before is not None and before.lower_ in ("the", "its", "their") and match.start > 1:
            before = self.doc[match.start - 2]
        return before is None or before.lower_ not in ("of", "to") or token.dep_ not in ("pobj",) \
            or before.head.pos_ in ("VERB", "AUX")

    def _names_and_pronouns(self, sentence: Span, index: int, matched: dict[int, _Match], covered: set[int]) -> None:
        doc, refs = self.doc, self.refs
        words = [t.lower_ for t in sentence]
        i = sentence.start
        while i < sentence.end:
            if i in covered:
                i += 1
                continue
            token = doc[i]
            lower = token.lower_
            phrase_end = self._phrase_at(words, i - sentence.start, refs.dyad_phrases)
            if phrase_end:
                self._add(ActorMention(index, i, i + phrase_end, i + phrase_end - 1, "the two countries", dyad=True))
                i += phrase_end
                continue
            phrase_end = self._phrase_at(words, i - sentence.start, refs.pair_phrases)
            if phrase_end:
                self._add(ActorMention(index, i, i + phrase_end, i + phrase_end - 1, "the two sides", pair=True))
                i += phrase_end
                continue
            role = self._subject_role(i, index) if lower in refs.role_pronouns and token.pos_ == "PRON" else None
            if role is not None:
                # "Germany's foreign minister spoke on Thursday. ... she said": the role named as the subject
                # just before, with no person named as a subject since (discourse rule of tacitus.actors)
                self._add(ActorMention(index, i, i + 1, i, "coreference:role pronoun", actor=role.resolved(),
                                       entries=role.entries, context=role.context))
                i += 1
                continue
            if lower in refs.person_pronouns and token.pos_ == "PRON":
                person = self.last_subject_person if lower in ("he", "she") else None
                person = person or self.last_person
                if person is not None:
                    self._add(ActorMention(index, i, i + 1, i, "coreference:pronoun", person=person))
                i += 1
                continue
            if lower in refs.organisation_nouns and token.pos_ == "NOUN" and i > sentence.start \
                    and doc[i - 1].lower_ == "the" and i - 1 not in covered:
                antecedent = self._organisation_antecedent(lower)
                if antecedent is not None:
                    self._add(ActorMention(index, i - 1, i + 1, i, "coreference:organisation",
                                           actor=antecedent.actor, entries=antecedent.entries,
                                           context=antecedent.context))
                    i += 1
                    continue
            if lower in refs.thing_pronouns and token.pos_ == "PRON":
                target = self._thing_antecedent(token)
                if target is not None:
                    self._add(ActorMention(index, i, i + 1, i, "coreference:its", actor=target.resolved(),
                                           person=target.person, entries=target.entries, context=target.context))
                i += 1
                continue
            known = token.tag_ != "NNP" and token.text[:1].isupper() and token.is_alpha and i not in matched \
                and (self._find_person([token.text], None) is not None or self.tables.person(token.text) is not None)
            if (token.tag_ == "NNP" or known) and token.text[:1].isupper() and i not in matched:
                # the tagger takes some names for common nouns, mostly at the start of a sentence ("Zelenskyy
                # thanked ..."): a name already met in the article or well known is a name all the same
                end = max(self._name_run(i, sentence.end, matched), i + 1 if known else i)
                if end > i:
                    name_words = [t.text for t in doc[i:end]]
                    person = self._find_person(name_words, None)
                    if person is not None:
                        self._add(ActorMention(index, i, end, end - 1, "coreference:name", person=person))
                    elif (any(t.ent_type_ == "PERSON" for t in doc[i:end]) and end - i >= 2) \
                            or self.tables.person(" ".join(name_words)) is not None:
                        country, entries = self._apposition_country(doc[end - 1])
                        owner = self._possessor(i, index)
                        owner_actor = owner.resolved() if owner is not None else None
                        if country is None and owner is not None and owner_actor is not None:
                            # "Zanu PF's Jane Roe", "Brazil's Joao Silva": a member of that body or country
                            country = owner_actor.country
                            entries = [*entries, *owner.entries]
                        person = self._person(doc[i:end].text, country, None, None, entries)
                        if owner_actor is not None and owner_actor.kind == "organisation" \
                                and person.country == owner_actor.country:
                            person.sector = person.sector or owner_actor.sector
                        rule = "person name"
                        if person.title is None and person.sector is None:
                            # "Jane Roe, director general of the army's media wing, said": the role gives
                            # the office (and, through the focal country, the country)
                            title = self._apposition_title(doc[end - 1])
                            if title is not None:
                                person.title, person.sector = title
                        office = self._office_before(i, index) if person.country is None and not person.code \
                            and person.title is None else None
                        if office is not None and office.actor is not None:
                            # "U.N. Secretary-General Jane Roe": an organisation's name for one of its offices,
                            # right before the name, is the person's office
                            person.code = office.actor.code_override
                            person.country = office.actor.country
                            person.sector = office.actor.sector
                            person.title = _without_determiner(self.doc[office.start:office.end].text)
                            rule = "person name: the office before it"
                        if person.country is None and not person.code and person.title is None \
                                and doc[end - 1].dep_ in ("nsubj", "nsubjpass") \
                                and not any(c.dep_ == "appos" for c in doc[end - 1].children):
                            role = self._unclaimed_role(index)
                            if role is not None and role.actor is not None:
                                # "The U.N. special envoy for Syria is calling for calm. Jane Roe spoke ..."
                                person.country = role.actor.country
                                person.code = None if role.actor.country else role.actor.code_override
                                person.sector = role.actor.sector
                                person.title = _without_determiner(self.doc[role.start:role.end].text)
                                role.person = person
                                rule = "person name: the role named before"
                        self._add(ActorMention(index, i, end, end - 1, rule, person=person,
                                               entries=tuple(entries)))
                    i = end
                    continue
            i += 1

    def _office_before(self, i: int, index: int) -> ActorMention | None:
        """The organisation mention ending right before token ``i`` whose words end in a stateless title
        ("U.N. Secretary-General", ``references.yaml: stateless_titles``): an office, not the body."""
        for mention in reversed(self.mentions):
            if mention.sentence != index or mention.end != i or mention.person is not None:
                continue
            actor = mention.resolved()
            words = " ".join(t.lower_ for t in self.doc[mention.start:mention.end]).replace(" - ", "-")
            if actor is not None and actor.kind == "organisation" \
                    and any(words.endswith(title) for title in self.refs.stateless_titles):
                return mention
            return None
        return None

    def _possessor(self, i: int, index: int) -> ActorMention | None:
        """The country or national body whose possessive stands right before token ``i`` ("Brazil's")."""
        if i < 2 or self.doc[i - 1].tag_ != "POS":
            return None
        for mention in reversed(self.mentions):
            if mention.sentence == index and mention.end == i - 1 and mention.person is None:
                actor = mention.resolved()
                if actor is not None and actor.country and actor.kind in ("country", "organisation"):
                    return mention
                return None
        return None

    def _apposition_title(self, token: Token) -> tuple[str, str] | None:
        """The title an apposition gives a name ("X, director general of the military's media wing"), with
        the sector of a body named in it ("military") or else the title's."""
        for child in token.children:
            if child.dep_ != "appos" or child.i < token.i:
                continue
            span = self.doc[child.left_edge.i:child.right_edge.i + 1]
            words = [t.text for t in span]
            title: tuple[str, str] | None = None
            body: str | None = None
            k = 0
            while k < len(words):
                length, lexemes = self.tables.longest_match(words, k)
                for lexeme in lexemes:
                    if not isinstance(lexeme.entry, AgentEntry):
                        continue
                    if lexeme.kind == "agent" and title is None and k <= 2:
                        title = (" ".join(words[k:k + length]), lexeme.entry.sector)
                    elif lexeme.kind == "body" and body is None:
                        body = lexeme.entry.sector
                k += max(length, 1)
            if title is not None:
                return title[0], body or title[1]
        return None

    def _unclaimed_role(self, index: int) -> ActorMention | None:
        """The one role phrase that was the subject of the sentence before (or of this one) and named no
        person: the holder a bare name in this sentence may be."""
        found = [m for m, _ in self.roles if m.sentence in (index - 1, index) and m.person is None
                 and any(t.dep_ in ("nsubj", "nsubjpass") and not m.start <= t.head.i < m.end
                         for t in self.doc[m.start:m.end])]
        return found[0] if len(found) == 1 else None

    @staticmethod
    def _phrase_at(words: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
        for phrase in phrases:
            if phrase[0] == words[i] and tuple(words[i:i + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def _apposition_country(self, token: Token) -> tuple[str | None, list[str]]:
        """The country an apposition gives a name: "Li Zuocheng, the chief of China's ...", or the owner of
        the role the name stands beside ("Trump's special envoy, Steve Witkoff")."""
        for child in token.children:
            if child.dep_ == "appos":
                for mention in reversed(self.mentions):
                    if child.left_edge.i <= mention.head <= child.right_edge.i:
                        actor = mention.resolved()
                        if actor is not None and actor.country:
                            return actor.country, list(mention.entries)
        if token.dep_ == "appos" and token.head.i < token.i:
            for child in token.head.children:
                if child.dep_ == "poss":
                    for mention in reversed(self.mentions):
                        actor = mention.resolved()
                        if mention.start <= child.i < mention.end and actor is not None and actor.country:
                            return actor.country, list(mention.entries)
        return None, []

    def _recent_body_country(self, sector: str | None, index: int,
                             adjacent: int | None = None) -> tuple[str | None, list[str]]:
        """ "Afghanistan's foreign ministry called the claims baseless. Foreign ministry spokesperson X said":
        an official named without a country belongs to the body of that sector named in this sentence or the
        one before; with ``adjacent``, only to one that ends right before that token ("the spokesperson for
        Pakistan's foreign ministry, Ambassador X")."""
        if not sector:
            return None, []
        for mention in reversed(self.mentions):
            if mention.sentence < index - 1:
                break
            if adjacent is not None and not (mention.sentence == index and adjacent - 2 <= mention.end <= adjacent):
                continue
            actor = mention.actor
            # right before the name, a foreign ministry (GOV) gives its country to its ambassador (DIP) too
            fits = actor is not None and (actor.sector == sector
                                          or (adjacent is not None and {actor.sector, sector} <= {"GOV", "DIP"}))
            if mention.person is None and actor is not None and actor.country and fits \
                    and actor.kind in ("country", "organisation"):
                return actor.country, list(mention.entries)
        return None, []

    def _organisation_antecedent(self, noun: str) -> ActorMention | None:
        """The organisation "the <noun>" recalls: the last one named whose name has the noun ("the council"),
        or, for a noun with a sector ("the bloc", "the group"), the last one of that sector."""
        sector = self.refs.organisation_nouns.get(noun)
        for mention in reversed(self.mentions[-40:]):
            actor = mention.actor
            if mention.person is not None or actor is None or actor.kind != "organisation":
                continue
            if sector is not None and actor.sector == sector:
                return mention
            if sector is None and noun in self.doc[mention.start:mention.end].text.lower().split() + \
                    actor.name.lower().split():
                return mention
        return None

    def _thing_antecedent(self, token: Token) -> ActorMention | None:
        """What "its" refers to: the possessor of a coordinated noun, else the last country named."""
        noun = token.head
        if noun.dep_ == "conj":
            for child in noun.head.children:
                if child.dep_ == "poss":
                    for mention in self.mentions:
                        if mention.start <= child.i < mention.end:
                            return mention
        for mention in reversed(self.mentions):
            if mention.head < token.i and mention.person is None and not mention.pair and mention.actor is not None:
                return mention
        return None


def find_actors(doc: Doc, tables: Dictionaries, *, headline: Doc | None = None,
                skip: Iterable[tuple[int, int]] = (), title: str | None = None,
                date: dt.date | None = None) -> ArticleActors:
    """Every actor mention in ``doc``; ``headline`` (parsed separately) seeds the persons it names.

    ``skip`` lists character ranges (a dateline) whose words are not actors; ``title`` is the
    article's headline as text, which weighs in the article's focal country; ``date`` (the story's
    date) gives a group whose role changed its sector of the time ("the Taliban" in 2019: REB).
    """
    persons: list[Person] = []
    if headline is not None:
        seed = _ArticleReader(headline, tables)
        for index, sentence in enumerate(headline.sents):
            seed.read(sentence, index)
        persons = seed.persons
    reader = _ArticleReader(doc, tables, persons)
    for index, sentence in enumerate(doc.sents):
        reader.read(sentence, index)
    skipped = list(skip)
    home = _dateline_country(doc, skipped, tables)
    for person in reader.persons:
        if person.country is None and person.title and home is not None and not person.code:
            # "Defense Minister Mohammad Reza Ashtiani" in a TEHRAN story: an official the story does not
            # call foreign is one of the dateline's country
            person.country = home
    mentions = [m for m in reader.mentions
                if not any(a <= doc[m.start].idx < b for a, b in skipped)]
    focus = focal_country(mentions, tables, headline=_headline_countries(title or "", tables), dateline=home)
    _from_context(doc, tables, mentions, reader.places, reader.persons, focus)
    if date is not None:
        _earlier_sectors(tables, mentions, reader.persons, date)
    dyad = main_dyad(mentions, tables)
    for mention in mentions:
        if mention.dyad:
            mention.group = dyad
    by_token: dict[int, ActorMention] = {}
    for mention in mentions:
        for k in range(mention.start, mention.end):
            by_token.setdefault(k, mention)
    places: dict[int, ActorMention] = {}
    for place in reader.places:
        for k in range(place.start, place.end):
            places.setdefault(k, place)
    modifiers = {m.head: m for m in reader.modifiers}
    return ArticleActors(mentions=mentions, by_token=by_token, dyad=dyad, persons=reader.persons, places=places,
                         modifiers=modifiers, focus=focus)


def holds(word: str, title: Iterable[str]) -> bool:
    """Whether a person whose title has these words is "the <word>": the word itself, or for a word of
    ``role_titles`` one of the offices it stands for ("the top diplomat" for a foreign minister)."""
    words = set(title)
    return word in words or bool(references().role_titles.get(word, frozenset()) & words)


def on_border(token: Token) -> bool:
    """Whether a country word only names a border ("near the Cameroon border", "the Afghan frontier"): a
    compound or adjective before a border noun (``border_nouns``) that is not itself part of a longer name."""
    noun = token.head
    return token.dep_ in ("compound", "amod") and noun.i > token.i and noun.dep_ != "compound" \
        and noun.lower_ in references().border_nouns


def _earlier_sectors(tables: Dictionaries, mentions: list[ActorMention], persons: list[Person],
                     date: dt.date) -> None:
    """Give a group whose role changed (``earlier_sectors`` of ``data/references.yaml``) its sector of the
    story's date: the Taliban are AFG GOV since August 2021 but insurgents (REB) in a 2019 story, and so are
    the persons who hold a title in the group ("Taliban spokesman Zabihullah Mujahid")."""
    for name, (until, sector) in references().earlier_sectors.items():
        if date >= until:
            continue
        origins = {lexeme.origin for lexeme in tables.lookup(name.split())}
        for mention in mentions:
            actor = mention.actor
            if mention.person is not None and origins.intersection(mention.entries):
                mention.person.sector = sector  # "the leader of the Taliban", then his name
            elif mention.person is None and actor is not None and actor.kind == "organisation" and actor.name == name:
                mention.actor = dataclasses.replace(actor, sector=sector)
                mention.rule = f"{mention.rule}: sector before {until.isoformat()}"
        for person in persons:
            if origins.intersection(person.entries) or name.lower() in (person.title or "").lower().split():
                person.sector = sector  # also "Taliban supreme leader" of persons.csv


NATIONAL_SECTORS = frozenset({"MIL", "COP", "JUD", "LEG"})
"""Sectors only a state has: a "director general" of a military body is a national official, not one of an
international organisation, so the stateless-title exception to the focal country does not apply."""

CLEAR_LEAD = 1.3
"""A focal country this many times the runner-up's score also gives its country to a state body or class of
people named without one ("the military", "protesters"); a closer lead gives it only to armed groups."""


def _from_context(doc: Doc, tables: Dictionaries, mentions: list[ActorMention], places: list[ActorMention],
                  persons: list[Person], focus: Focus | None) -> None:
    """Give a country to what has none of its own: "militants", "the military", "Islamic State", and officials
    with a title but no country ("spokesperson Ali Khan").

    A class of armed people ("militants", "the attackers") stands for the armed group the article names most,
    if it names one. Otherwise the sentence's own country, when it names just one (its country names,
    capitals and places: "militants attacked a bus in Mali"), else the article's focal country when its lead
    is clear.
    """
    named: Counter[Actor] = Counter()
    for mention in mentions:
        actor = mention.resolved()
        if actor is not None and actor.kind == "organisation" and actor.sector == "REB" and not mention.context:
            named[actor] += 1
    clear = focus is not None and focus.score >= CLEAR_LEAD * focus.runner_up
    sentence_countries: dict[int, set[str]] = {}
    sentences = list(doc.sents)
    for mention in mentions:
        actor = mention.actor
        if not mention.context or actor is None or actor.country:
            continue
        if mention.sentence not in sentence_countries:
            sentence = sentences[mention.sentence] if mention.sentence < len(sentences) else None
            sentence_countries[mention.sentence] = _sentence_countries(sentence, mention.sentence, mentions, places)
        local = sentence_countries[mention.sentence]
        if actor.kind == "group" and actor.sector == "REB" and named:
            group = max(named, key=lambda a: named[a])
            if group.country is None or not local or group.country in local:
                mention.actor = group
                mention.rule = "class of people: the article's armed group"
                continue
        armed = _armed_group_country(mention, mentions, named) if actor.kind == "group" else None
        if len(local) == 1:
            country, reason = next(iter(local)), "sentence country"
        elif focus is not None and (clear or actor.kind != "group"):
            # a named group ("Islamic State") takes the focal country in any case; a class or a body only
            # when the lead is clear: "visiting frontline troops" in a story as much about Ukraine as the USA
            country, reason = focus.actor.country or "", "focal country"
        elif armed is not None:
            # "the attackers singled out security personnel and passengers": with no clear focal country, the
            # people an armed group of one country fights or holds are of that country
            country, reason = armed, "the armed group's country"
        else:
            continue
        if actor.kind == "group":
            name = (tables.country(country) or Actor(name=country, kind="country")).name
            mention.actor = Actor(name=name, kind="country", country=country, sector=actor.sector)
        else:
            mention.actor = dataclasses.replace(actor, country=country, code_override=None)
        mention.rule = f"{mention.rule}: {reason}"
    for person in persons:
        if person.country is None and (person.title or person.sector) and not person.code and clear \
                and focus is not None \
                and (person.sector in NATIONAL_SECTORS
                     or not any(t in (person.title or "").lower() for t in references().stateless_titles)):
            person.country = focus.actor.country


def _armed_group_country(mention: ActorMention, mentions: list[ActorMention],
                         named: Counter[Actor]) -> str | None:
    """The country of the armed group a sentence names (itself, or as "militants" standing for the article's
    armed group), for a class of people or body that is not armed itself; None if none or several."""
    actor = mention.actor
    if actor is None or actor.sector == "REB":
        return None
    found: set[str] = set()
    for other in mentions:
        if other.sentence != mention.sentence or other is mention:
            continue
        resolved = other.resolved()
        if resolved is None or resolved.sector != "REB":
            continue
        if resolved.kind == "organisation" and resolved.country:
            found.add(resolved.country)
        elif resolved.kind == "group" and other.context and named:
            group = max(named, key=lambda a: named[a])
            if group.country:
                found.add(group.country)
    return next(iter(found)) if len(found) == 1 else None


_ARMED_RULES = frozenset({"country+deed", "shared head"})
"""Mention rules of a state's armed deed ("Russian shelling"): they name who struck, not where, so the people
struck do not take their country."""


def _sentence_countries(sentence: Span | None, index: int, mentions: list[ActorMention],
                        places: list[ActorMention]) -> set[str]:
    """The countries a sentence names outright: country names, capitals, demonym places and the places
    the gazetteer knows ("near Sibi, Balochistan"), not the countries of persons or organisations."""
    from tacitus.places import geocode

    found: set[str] = set()
    for mention in [*mentions, *places]:
        actor = mention.actor
        if mention.sentence == index and mention.person is None and actor is not None and actor.country \
                and actor.kind == "country" and not mention.context and not mention.rule.startswith("coreference") \
                and mention.rule not in _ARMED_RULES:
            found.add(actor.country)
    if sentence is not None:
        for ent in sentence.ents:
            if ent.label_ == "GPE" and not on_border(ent.root):
                place = geocode(ent.text)
                if place is not None and place.country:
                    found.add(place.country)
    return found


def _headline_countries(title: str, tables: Dictionaries) -> list[str]:
    """The countries a headline names: countries, demonyms, capitals and national organisations."""
    if not title.strip():
        return []
    from tacitus.parse import get_nlp

    words = [t.text for t in get_nlp().tokenizer(title) if not t.is_space]
    found: list[str] = []
    i = 0
    while i < len(words):
        length, lexemes = tables.longest_match(words, i)
        if not length and words[i].endswith("s") and words[i][:1].isupper():
            length, lexemes = 1, [lx for lx in tables.lookup([words[i][:-1]]) if lx.kind == "demonym"]
        for lexeme in lexemes:
            if lexeme.kind in ("country", "demonym", "capital", "organisation") \
                    and isinstance(lexeme.entry, ActorEntry) and lexeme.entry.actor.country:
                if lexeme.kind == "capital" and not words[i][:1].isupper():
                    continue
                found.append(lexeme.entry.actor.country)
                break
        i += max(length, 1)
    return found


def focal_country(mentions: list[ActorMention], tables: Dictionaries, *, headline: Iterable[str] = (),
                  dateline: str | None = None) -> Focus | None:
    """The country an article is most about, from its mentions, headline countries and dateline."""
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    reasons: dict[str, str] = {}
    for position, code in enumerate(headline):
        scores[code] = scores.get(code, 0.0) + HEADLINE_WEIGHT
        first.setdefault(code, -100 + position)
        reasons.setdefault(code, "headline")
    if dateline:
        scores[dateline] = scores.get(dateline, 0.0) + DATELINE_WEIGHT
        first.setdefault(dateline, -1)
        reasons.setdefault(dateline, "dateline")
    for position, mention in enumerate(mentions):
        actor = mention.resolved()
        if actor is not None and actor.country:
            scores[actor.country] = scores.get(actor.country, 0.0) + 1
            first.setdefault(actor.country, position)
    if not scores:
        return None
    ranked = sorted(scores, key=lambda c: (-scores[c], first[c]))
    best = ranked[0]
    actor = tables.country_actor(best)
    return Focus(actor=actor, reason=reasons.get(best, "most mentioned"), score=scores[best],
                 runner_up=scores[ranked[1]] if len(ranked) > 1 else 0.0)


def _dateline_country(doc: Doc, skipped: list[tuple[int, int]], tables: Dictionaries) -> str | None:
    """The country of the dateline's place ("TEHRAN, April 27", "BIARRITZ, France, Aug. 25")."""
    for start, end in skipped:
        words = [t for t in doc if start <= t.idx < end]
        texts = [t.text for t in words]
        for i in range(len(texts)):
            _, lexemes = tables.longest_match(texts, i)
            for lexeme in lexemes:
                if lexeme.kind in ("country", "capital") and isinstance(lexeme.entry, ActorEntry):
                    return lexeme.entry.actor.country
    return None


def main_dyad(mentions: list[ActorMention], tables: Dictionaries) -> tuple[Actor, ...]:
    """The two countries an article is most about, in the order they are first named."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for position, mention in enumerate(mentions):
        actor = mention.resolved()
        if actor is not None and actor.country:
            counts[actor.country] += 1
            first.setdefault(actor.country, position)
    top = sorted(counts, key=lambda c: (-counts[c], first[c]))[:2]
    if len(top) < 2:
        return ()
    top.sort(key=lambda c: first[c])
    return tuple(tables.country_actor(code) for code in top)
