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
    thing_pronouns: frozenset[str]
    pair_phrases: tuple[tuple[str, ...], ...]
    dyad_phrases: tuple[tuple[str, ...], ...]
    counterpart_nouns: frozenset[str]
    collective_nouns: dict[str, str | None]
    organisation_words: frozenset[str]
    locative_prepositions: frozenset[str]
    place_nouns: frozenset[str] = frozenset()


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
        thing_pronouns=words("thing_pronouns"),
        pair_phrases=phrases("pair_phrases"),
        dyad_phrases=phrases("dyad_phrases"),
        counterpart_nouns=words("counterpart_nouns"),
        collective_nouns={str(k).lower(): (str(v).upper() if v else None) for k, v in (raw.get("collective_nouns") or {}).items()},
        organisation_words=words("organisation_words"),
        locative_prepositions=words("locative_prepositions"),
        place_nouns=words("place_nouns"),
    )


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

    # -- dictionary phrases ------------------------------------------------------------------

    def _matches(self, sentence: Span) -> dict[int, _Match]:
        words = [t.text for t in sentence]
        found: dict[int, _Match] = {}
        i = 0
        while i < len(words):
            length, lexemes = self.tables.longest_match(words, i)
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
                if word in titles:
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
            taken = self._title_phrase(i, sentence, matched, index)
            if taken:
                covered.update(range(i, taken))
                i = taken
                continue
            i += 1
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

    def _role_appositions(self, index: int) -> None:
        """A role and a name in apposition are one person, whichever comes first: "The chief of staff of
        Iran's Armed Forces, Major General Mohammad Baqeri, held talks" -- the role phrase, which the
        parser makes the subject, stands for Baqeri, not for Iran's military as a whole."""
        current = [m for m in self.mentions if m.sentence == index]
        for role in current:
            if role.person is not None or role.actor is None or role.actor.kind != "country" \
                    or not role.rule.startswith("country+"):
                continue
            named = [m for m in current if m.person is not None and m is not role and (
                (self.doc[m.head].dep_ == "appos" and role.start <= self.doc[m.head].head.i < role.end)
                or any(c.dep_ == "appos" and role.start <= c.i < role.end for c in self.doc[m.head].children))]
            if len(named) != 1:
                continue
            person = named[0].person
            assert person is not None
            if person.country not in (None, role.actor.country):
                continue
            person.country = person.country or role.actor.country
            person.sector = person.sector or role.actor.sector
            person.entries.extend(e for e in role.entries if e not in person.entries)
            role.person = person
            role.rule = "role in apposition"

    def _add(self, mention: ActorMention) -> None:
        self.mentions.append(mention)
        if mention.person is not None:
            self.last_person = mention.person
            if self.doc[mention.head].dep_ in ("nsubj", "nsubjpass"):
                self.last_subject_person = mention.person

    def _country_modifier(self, i: int, matched: dict[int, _Match]) -> tuple[Actor, str, int] | None:
        """A demonym ("Iranian") or possessive country ("China's") at ``i``: (country, entry, next index)."""
        match = matched.get(i)
        if match is None:
            return None
        demonym = match.first("demonym")
        if demonym is not None and isinstance(demonym.entry, ActorEntry):
            return demonym.entry.actor, demonym.origin, match.end
        country = match.first("country")
        if country is not None and isinstance(country.entry, ActorEntry) and match.end < len(self.doc):
            following = self.doc[match.end]
            if following.tag_ == "POS":
                return country.entry.actor, country.origin, match.end + 1
            if match.end in matched and matched[match.end].first("agent", "body"):
                return country.entry.actor, country.origin, match.end  # "Iran Foreign Minister"
        return None

    def _title_phrase(self, i: int, sentence: Span, matched: dict[int, _Match], index: int) -> int:
        doc, refs = self.doc, self.refs
        limit = sentence.end
        start = pos = i
        country: Actor | None = None
        organisation: Actor | None = None
        titles: list[tuple[str, str]] = []  # (title text, sector)
        entries: list[str] = []
        possessor: str | None = None
        collective: str | None = None
        has_det = False
        while pos < limit:
            token = doc[pos]
            lower = token.lower_
            if pos == start and lower in _DETERMINERS:
                has_det = True
                pos += 1
                continue
            if pos == start and lower in _POSSESSIVES:
                possessor = lower
                pos += 1
                continue
            modifier = self._country_modifier(pos, matched)
            if modifier is not None and not titles:
                country, origin, pos = modifier[0], modifier[1], modifier[2]
                entries.append(origin)
                continue
            match = matched.get(pos)
            agent = match.first("agent", "body") if match else None
            if match is not None and agent is not None and agent.kind == "body" and not titles:
                # "the Iranian foreign ministry", "the Chinese military": a body of the country
                titles.append((doc[pos:match.end].text, agent.entry.sector))  # type: ignore[union-attr]
                entries.append(agent.origin)
                collective = doc[match.end - 1].lower_
                pos = match.end
                break
            if match is not None and agent is not None and isinstance(agent.entry, AgentEntry):
                titles.append((doc[pos:match.end].text, agent.entry.sector))
                entries.append(agent.origin)
                inner = self._inner_organisation(pos, match.end)  # "vice chairman of the Central Military Commission"
                if inner is not None:
                    organisation = organisation or inner[0]
                    entries.append(inner[1])
                pos = match.end
                # "State Councilor and Minister of National Defense", "Major General"
                if pos + 1 < limit and doc[pos].lower_ in ("and", ",") and pos + 1 in matched \
                        and matched[pos + 1].first("agent") and doc[pos + 1].text[:1].isupper():
                    pos += 1
                continue
            if match is not None and not titles and match.first("organisation", "group") and match.end in matched \
                    and matched[match.end].first("agent", "body"):
                org = match.first("organisation", "group")
                assert org is not None and isinstance(org.entry, ActorEntry)
                organisation = org.entry.actor
                entries.append(org.origin)
                pos = match.end
                continue
            if not titles and lower in refs.title_modifiers and token.pos_ in ("ADJ", "VERB", "NOUN", "PROPN"):
                pos += 1
                continue
            if not titles and lower in refs.counterpart_nouns:
                titles.append((token.text, ""))
                collective = "counterpart"
                pos += 1
                break
            if not titles and (country or possessor) and lower in refs.collective_nouns and token.pos_ in ("NOUN", "PROPN"):
                titles.append((token.text, refs.collective_nouns[lower] or ""))
                collective = lower
                pos += 1
                break
            break
        if not titles:
            return 0
        if pos < limit and doc[pos].pos_ == "NOUN" and doc[pos - 1].head.i == pos:
            return 0  # "the military field": the title word only modifies another noun
        # "of [the] [Iranian] Armed Forces", "of the Central Military Commission", "of China's ..."
        while pos + 1 < limit and doc[pos].lower_ == "of":
            look = pos + 1
            if doc[look].lower_ == "the":
                look += 1
            modifier = self._country_modifier(look, matched)
            if modifier is not None:
                country = country or modifier[0]
                entries.append(modifier[1])
                look = modifier[2]
            match = matched.get(look)
            if match is None:
                if modifier is None:
                    break
                pos = look
                break
            org = match.first("organisation")
            agent = match.first("agent", "body")
            place = match.first("country", "capital")
            if org is not None and isinstance(org.entry, ActorEntry):
                organisation = org.entry.actor
            elif agent is not None and isinstance(agent.entry, AgentEntry):
                titles.append((doc[match.start:match.end].text, agent.entry.sector))
            elif place is not None and isinstance(place.entry, ActorEntry):
                country = country or place.entry.actor
            else:
                break
            entries.append((org or agent or place).origin)  # type: ignore[union-attr]
            pos = match.end
        # "his Lithuanian counterpart Gitanas Nauseda"; a body or a class of people takes no name
        name_end = self._name_run(pos, limit, matched) if collective in (None, "counterpart") else pos
        if collective == "counterpart" and name_end > pos:
            speaker = self.last_subject_person or self.last_person
            titles.append(("", speaker.sector or "" if speaker else ""))  # a counterpart holds the same office
        title_text = doc[start:pos].text
        for word in ("the ", "The ", "a ", "A ", "visiting ", "Visiting "):
            title_text = title_text.removeprefix(word)
        sector = next((s for _, s in reversed(titles) if s), None)
        if organisation is not None:
            country = country or (Actor(name=organisation.country, kind="country", country=organisation.country)
                                  if organisation.country else None)
            sector = organisation.sector or sector
        country_code = country.country if country else (organisation.country if organisation else None)
        if name_end > pos:
            name = doc[pos:name_end].text
            if country_code is None:  # "General Li Zuocheng, the chief of China's Joint Staff Department"
                country_code, more = self._apposition_country(doc[name_end - 1])
                entries.extend(more)
            person = self._person(name, country_code, sector, title_text, entries)
            if organisation is not None and organisation.code_override and not person.country:
                person.code = person.code or organisation.code_override  # "UN Secretary-General ..."
            self._add(ActorMention(index, start, name_end, name_end - 1, "title+name", person=person,
                                   entries=tuple(entries)))
            return name_end
        head = pos - 1
        if collective == "counterpart" and possessor == "its":
            # "its Chinese counterpart": the last organisation of that country
            for mention in reversed(self.mentions):
                actor = mention.resolved()
                if actor is not None and actor.kind == "organisation" and actor.country == country_code:
                    self._add(ActorMention(index, start, pos, head, "coreference:counterpart", actor=actor,
                                           entries=mention.entries))
                    return pos
        if collective == "counterpart":
            speaker = self.last_subject_person or self.last_person
            counterpart = self._recent_person(country=country_code, exclude=speaker)
            office = speaker.sector if speaker else None
            if counterpart is not None and office and counterpart.sector and counterpart.sector != office:
                # a counterpart holds the same office: a defence minister is no foreign minister's counterpart
                counterpart = self._recent_person(country=country_code, sector=office, exclude=speaker)
                counterpart = counterpart if counterpart is not None and counterpart.sector == office else None
            if counterpart is not None:
                self._add(ActorMention(index, start, pos, head, "coreference:counterpart", person=counterpart,
                                       entries=tuple(entries)))
            elif country is not None:
                actor = Actor(name=country.name, kind="country", country=country.country,
                              sector=speaker.sector if speaker else None)
                self._add(ActorMention(index, start, pos, head, "counterpart", actor=actor, entries=tuple(entries)))
            return pos
        if organisation is not None and (collective or not has_det or len(titles) == 1):
            # "the president of PLA National Defence University": the body the role belongs to
            self._add(ActorMention(index, start, pos, head, "title of organisation", actor=organisation,
                                   entries=tuple(entries),
                                   context=organisation.country is None and organisation.code_override is None))
            return pos
        if collective is None and (has_det or possessor):
            word = titles[-1][0].split()[-1].lower()
            referent = self._recent_person(country=country_code, sector=sector, word=word)
            if referent is not None and (country_code or word in (referent.title or "").lower().split()
                                         or referent.sector == sector):
                self._add(ActorMention(index, start, pos, head, "coreference:title", person=referent,
                                       entries=tuple(entries), title_only=True))
                return pos
        if country is not None:
            actor = Actor(name=country.name, kind="country", country=country.country, sector=sector)
            self._add(ActorMention(index, start, pos, head, "country+sector" if sector else "country+role",
                                   actor=actor, entries=tuple(entries)))
            return pos
        return 0

    def _demonym_place(self, match: _Match, index: int) -> bool:
        """ "the Chinese capital", "Iraqi soil", "the French resort of Biarritz": a place of that country."""
        demonym = match.first("demonym")
        if demonym is None or not isinstance(demonym.entry, ActorEntry) or match.end - match.start != 1:
            return False
        token = self.doc[match.start]
        noun = token.head
        if token.dep_ != "amod" or noun.i < token.i or not ({noun.lemma_.lower(), noun.lower_} & self.refs.place_nouns):
            return False
        start = min(t.i for t in noun.lefts) if any(True for _ in noun.lefts) else noun.i
        self.places.append(ActorMention(index, start, noun.i + 1, noun.i, "demonym place",
                                        actor=demonym.entry.actor, entries=(demonym.origin,)))
        return True

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
            if lower in refs.person_pronouns and token.pos_ == "PRON":
                person = self.last_subject_person if lower in ("he", "she") else None
                person = person or self.last_person
                if person is not None:
                    self._add(ActorMention(index, i, i + 1, i, "coreference:pronoun", person=person))
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
                        person = self._person(" ".join(name_words), country, None, None, entries)
                        self._add(ActorMention(index, i, end, end - 1, "person name", person=person,
                                               entries=tuple(entries)))
                    i = end
                    continue
            i += 1

    @staticmethod
    def _phrase_at(words: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
        for phrase in phrases:
            if phrase[0] == words[i] and tuple(words[i:i + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def _apposition_country(self, token: Token) -> tuple[str | None, list[str]]:
        for child in token.children:
            if child.dep_ == "appos":
                for mention in reversed(self.mentions):
                    if child.left_edge.i <= mention.head <= child.right_edge.i:
                        actor = mention.resolved()
                        if actor is not None and actor.country:
                            return actor.country, list(mention.entries)
        return None, []

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
                skip: Iterable[tuple[int, int]] = (), title: str | None = None) -> ArticleActors:
    """Every actor mention in ``doc``; ``headline`` (parsed separately) seeds the persons it names.

    ``skip`` lists character ranges (a dateline) whose words are not actors; ``title`` is the
    article's headline as text, which weighs in the article's focal country.
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
    if focus is not None:
        _from_context(mentions, reader.persons, focus)
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


CLEAR_LEAD = 1.3
"""A focal country this many times the runner-up's score also gives its country to a state body or class of
people named without one ("the military", "protesters"); a closer lead gives it only to armed groups."""


def _from_context(mentions: list[ActorMention], persons: list[Person], focus: Focus) -> None:
    """Give the focal country to what has none of its own: "militants", "the military", "Islamic State",
    and officials with a title but no country ("spokesperson Ali Khan"). A class of armed people
    ("militants", "the attackers") stands for the armed group the article names most, if it names one."""
    named: Counter[Actor] = Counter()
    for mention in mentions:
        actor = mention.resolved()
        if actor is not None and actor.kind == "organisation" and actor.sector == "REB" and not mention.context:
            named[actor] += 1
    clear = focus.score >= CLEAR_LEAD * focus.runner_up
    for mention in mentions:
        actor = mention.actor
        if not mention.context or actor is None or actor.country:
            continue
        if actor.kind == "group" and actor.sector == "REB" and named:
            group = max(named, key=lambda a: named[a])
            if group.country in (None, focus.actor.country):
                mention.actor = group
                mention.rule = "class of people: the article's armed group"
                continue
        if actor.kind == "group" and not clear:
            continue  # "visiting frontline troops" in a story as much about Ukraine as the USA: whose troops?
        if actor.kind == "group":
            mention.actor = Actor(name=focus.actor.name, kind="country", country=focus.actor.country,
                                  sector=actor.sector)
        else:
            mention.actor = dataclasses.replace(actor, country=focus.actor.country, code_override=None)
        mention.rule = f"{mention.rule}: focal country"
    for person in persons:
        if person.country is None and (person.title or person.sector) and not person.code and clear:
            person.country = focus.actor.country


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
    actor = tables.country(best) or Actor(name=best, kind="country", country=best)
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
    return tuple(tables.country(code) or Actor(name=code, kind="country", country=code) for code in top)
