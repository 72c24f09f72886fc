"""Actor and agent dictionaries: the phrases that name countries, organisations and roles.

Two kinds of record come out of every dictionary file, built-in or given with ``--dict``:

* :class:`ActorEntry` -- a phrase that names an actor outright ("Iran", "United Nations",
  "People's Liberation Army" -> CHN MIL);
* :class:`AgentEntry` -- a phrase that names a role or body without a country, which takes its
  country from the words around it ("President" -> GOV, "foreign ministry" -> DIP).

The built-in tables are ``data/countries.csv``, ``data/organisations.csv``, ``data/titles.csv``,
``data/persons.csv`` and ``data/nonstate.csv`` (armed groups, parties, classes of people such as
"militants"); users add their own in the same CSV formats, in YAML, or in the PETRARCH text format.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, TextIO

import yaml

from tacitus.errors import DictionaryError
from tacitus.records import Actor


@dataclass(frozen=True)
class ActorEntry:
    """A phrase that names one actor: ``origin`` says which file and record it came from."""

    phrase: str
    actor: Actor
    origin: str  # "countries.csv:IRN", "mydict.yaml:12", "Phoenix.Countries.actors.txt:3301"


@dataclass(frozen=True)
class AgentEntry:
    """A phrase that names a role or body ("Defense Minister" -> MIL) whose country comes from context."""

    phrase: str
    sector: str
    origin: str


LexemeKind = Literal["country", "demonym", "capital", "organisation", "agent", "body", "person", "group"]
"""agent: a person's title ("minister"); body: an institution every country has ("foreign ministry") or a
class of people ("militants", "protesters"), whose country comes from a demonym before it or else from the
article's focal country; person: a well-known person, looked up by name when an article does not say whose
official they are; group: a named non-state group active in several countries ("Islamic State"), which
takes the article's focal country."""


@dataclass(frozen=True)
class Lexeme:
    """One dictionary phrase as matched in text: what kind of phrase it is and the entry behind it."""

    kind: LexemeKind
    entry: ActorEntry | AgentEntry

    @property
    def origin(self) -> str:
        return self.entry.origin


def phrase_key(words: Iterable[str]) -> tuple[str, ...]:
    """The lookup key of a run of tokens: lower-cased, typographic apostrophes made straight."""
    return tuple(w.lower().replace("\u2019", "'") for w in words)


@dataclass
class Dictionaries:
    """Every phrase Tacitus recognises, keyed by its lower-cased tokens, ready for longest-match lookup."""

    phrases: dict[tuple[str, ...], list[Lexeme]] = field(default_factory=dict)
    countries: dict[str, Actor] = field(default_factory=dict)  # ISO3 -> the country actor
    persons: dict[str, ActorEntry] = field(default_factory=dict)  # folded name -> a well-known person
    longest: int = 1
    sources: list[str] = field(default_factory=list)
    first_words: set[str] = field(default_factory=set)  # every phrase's first key word: a quick "no match"

    def add(self, phrase: str, lexeme: Lexeme) -> None:
        key = phrase_key(_tokenize(phrase))
        if not key:
            return
        bucket = self.phrases.setdefault(key, [])
        if any(existing.kind == lexeme.kind and (existing.entry == lexeme.entry or existing.origin == lexeme.origin)
               for existing in bucket):
            return  # the same row again under another spelling ("al-Shabab", "Al-Shabab"): the first one stays
        # a user's entry for a phrase shadows the built-in one of the same kind
        bucket[:] = [existing for existing in bucket if existing.kind != lexeme.kind]
        bucket.append(lexeme)
        self.longest = max(self.longest, len(key))
        self.first_words.add(key[0])

    def add_actor(self, entry: ActorEntry, kind: LexemeKind = "organisation") -> None:
        if entry.actor.kind == "country" and kind == "organisation":
            kind = "country"
        self.add(entry.phrase, Lexeme(kind, entry))

    def add_agent(self, entry: AgentEntry, kind: LexemeKind = "agent") -> None:
        self.add(entry.phrase, Lexeme(kind, entry))

    def lookup(self, words: Sequence[str]) -> list[Lexeme]:
        return self.phrases.get(phrase_key(words), [])

    def longest_match(self, words: Sequence[str], start: int) -> tuple[int, list[Lexeme]]:
        """The longest phrase starting at ``words[start]``: (its length, its lexemes), or (0, [])."""
        if phrase_key(words[start : start + 1])[0] not in self.first_words:
            return 0, []
        limit = min(self.longest, len(words) - start)
        for length in range(limit, 0, -1):
            found = self.phrases.get(phrase_key(words[start : start + length]))
            if found:
                return length, found
        return 0, []

    def country(self, iso3: str) -> Actor | None:
        return self.countries.get(iso3)

    def country_actor(self, iso3: str) -> Actor:
        """The country ``iso3`` as an actor: its table entry, or a bare country named by its code."""
        return self.countries.get(iso3) or Actor(name=iso3, kind="country", country=iso3)

    def person(self, name: str) -> ActorEntry | None:
        """A well-known person of ``persons.csv`` (or a user's table) by full name or listed alias, so
        that "President Joe Biden" gets a country the article never states."""
        return self.persons.get(_person_key(name))

    def extend(self, path: str | Path) -> None:
        """Add a user dictionary (CSV in a built-in format, YAML, or PETRARCH text)."""
        for kind, entry in read_dictionary(path):
            if kind == "person" and isinstance(entry, ActorEntry):
                self.persons[_person_key(entry.phrase)] = entry
            elif isinstance(entry, AgentEntry):
                self.add_agent(entry, kind)
            else:
                if entry.actor.kind == "country" and entry.actor.country and kind == "country":
                    self.countries.setdefault(entry.actor.country, entry.actor)
                self.add_actor(entry, kind)
        self.sources.append(str(path))


def _person_key(name: str) -> str:
    from tacitus.identity import normalize_name

    return normalize_name(name)


def _tokenize(phrase: str) -> list[str]:
    from tacitus.parse import get_nlp

    return [t.text for t in get_nlp().tokenizer(phrase.strip()) if not t.is_space]


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _rows(path: Path, handle: TextIO) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(handle)
    for line, row in enumerate(reader, start=2):
        yield line, {key.strip(): (value or "").strip() for key, value in row.items() if key}


def _country_entries(name: str, rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[tuple[LexemeKind, Entry]]:
    for line, row in rows:
        iso3 = row.get("iso3", "").upper()
        if len(iso3) != 3 or not row.get("name"):
            raise DictionaryError(name, "a country needs a three-letter iso3 code and a name", line)
        actor = Actor(name=row["name"], kind="country", country=iso3)
        origin = f"{name}:{iso3}"
        for phrase in [row["name"], *_split(row.get("aliases"))]:
            yield "country", ActorEntry(phrase, actor, origin)
        for phrase in _split(row.get("demonyms")):
            yield "demonym", ActorEntry(phrase, actor, f"{origin} demonym")
        for phrase in [*_split(row.get("capital")), *_split(row.get("capital_aliases"))]:
            yield "capital", ActorEntry(phrase, actor, f"{origin} capital")


def organisation_actor(name: str, code: str, country: str, sector: str) -> Actor:
    """The actor an organisation row denotes: a national body (CHN + MIL) or an IGO with its own code."""
    code = code.replace(" ", "").upper()
    country = country.upper() or ""
    sector = sector.upper()
    if not country and len(code) >= 3 and code[:3].isalpha() and code[:3] not in ("IGO", "NGO", "MNC"):
        country = code[:3] if len(code) in (3, 6) and not sector else ""
    override = code if code and code != country + sector else None
    return Actor(name=name, kind="organisation", country=country or None, sector=sector or None,
                 code_override=override)


def _organisation_entries(name: str, rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[tuple[LexemeKind, Entry]]:
    for line, row in rows:
        if not row.get("name"):
            raise DictionaryError(name, "an organisation needs a name", line)
        code, country, sector = row.get("code", ""), row.get("country", ""), row.get("sector", "")
        origin = f"{name}:{line}"
        phrases = [row["name"], *_split(row.get("aliases"))]
        if not code and not country:
            if not sector:
                raise DictionaryError(name, "an organisation needs a code, a country or a sector", line)
            # a body that every country has ("foreign ministry"): its country comes from the context
            for phrase in phrases:
                yield "body", AgentEntry(phrase, sector.upper(), origin)
            continue
        actor = organisation_actor(row["name"], code, country, sector)
        for phrase in phrases:
            yield "organisation", ActorEntry(phrase, actor, origin)


def _title_entries(name: str, rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[tuple[LexemeKind, Entry]]:
    for line, row in rows:
        if not row.get("title") or not row.get("sector"):
            raise DictionaryError(name, "a title needs a title and a sector", line)
        yield "agent", AgentEntry(row["title"], row["sector"].upper(), f"{name}:{line}")


def _person_entries(name: str, rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[tuple[LexemeKind, Entry]]:
    """Persons by name; the country column holds an ISO3 code, or an international organisation's code
    ("IGOUNO", "IGOWSTNAT") for its officials, who are coded like the organisation (no country, sector IGO)."""
    for line, row in rows:
        country = row.get("country", "").replace(" ", "").upper()
        if not row.get("person") or not (len(country) == 3 or _is_igo_code(country)):
            raise DictionaryError(name, "a person needs a name (person) and a three-letter country "
                                  "or an IGO code such as IGOUNO", line)
        sector = row.get("sector", "").upper() or None
        if len(country) == 3:
            actor = Actor(name=row["person"], kind="person", country=country, sector=sector,
                          title=row.get("title") or None)
        else:
            actor = Actor(name=row["person"], kind="person", sector="IGO", title=row.get("title") or None,
                          code_override=organisation_actor(row["person"], country, "", "IGO").code_override)
        for phrase in [row["person"], *_split(row.get("aliases"))]:
            yield "person", ActorEntry(phrase, actor, f"{name}:{line}")
            if actor.code_override:
                # matched in the text like the organisation itself, so the official keeps its code
                yield "organisation", ActorEntry(phrase, actor, f"{name}:{line}")


def _group_entries(name: str, rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[tuple[LexemeKind, Entry]]:
    """Non-state actors (``nonstate.csv``): a *named* group with its country ("Baloch Liberation Army" ->
    PAK REB) or without one ("Islamic State": the article's focal country), and *classes* of people
    ("militants" -> REB, "protesters" -> CVL) that take their country from the words around them."""
    for line, row in rows:
        kind = row.get("kind", "").lower()
        sector = row.get("sector", "").upper()
        country = row.get("country", "").upper()
        if not row.get("group") or kind not in ("named", "class") or not sector:
            raise DictionaryError(name, "a non-state row needs a group name, a kind (named or class) and a sector",
                                  line)
        if country and len(country) != 3:
            raise DictionaryError(name, f"country {country!r} is not a three-letter ISO code", line)
        origin = f"{name}:{line}"
        phrases = [row["group"], *_split(row.get("aliases"))]
        if kind == "class":
            for phrase in phrases:
                yield "body", AgentEntry(phrase, sector, origin)
            continue
        actor = Actor(name=row["group"], kind="organisation", country=country or None, sector=sector)
        for phrase in phrases:
            yield ("organisation" if country else "group"), ActorEntry(phrase, actor, origin)


def _is_igo_code(code: str) -> bool:
    """An intergovernmental organisation's code as ``organisations.csv`` writes it ("IGOUNO", "IGOEUREEC")."""
    return code.startswith("IGO") and len(code) > 3 and code.isalpha()


Entry = ActorEntry | AgentEntry
_CSV_READERS = {
    "group": _group_entries,
    "person": _person_entries,
    "iso3": _country_entries,
    "code": _organisation_entries,
    "title": _title_entries,
}


def read_dictionary(path: str | Path) -> Iterator[tuple[LexemeKind, Entry]]:
    """The entries of one dictionary file, in any supported format, tagged with their kind.

    * CSV with the header of ``countries.csv``, ``organisations.csv``, ``titles.csv``, ``persons.csv``
      or ``nonstate.csv``;
    * YAML: a list of mappings ``{phrase, country, sector, code, aliases}`` (a phrase with a
      country or code names an actor; one with only a sector names a role);
    * PETRARCH actor/agent text files (``.txt``), read by :mod:`tacitus.petrarch` when present.
    """
    file = Path(path)
    if not file.is_file():
        raise DictionaryError(str(path), "no such dictionary file; check the --dict path")
    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml"):
        yield from _yaml_entries(file)
        return
    if suffix == ".csv":
        with file.open(encoding="utf-8", newline="") as handle:
            header = handle.readline()
            handle.seek(0)
            columns = {c.strip().lower() for c in header.split(",")}
            for column, reader in _CSV_READERS.items():
                if column in columns:
                    yield from reader(file.name, _rows(file, handle))
                    return
        raise DictionaryError(str(path), "unknown CSV header; use the columns of countries.csv, "
                              "organisations.csv, titles.csv, persons.csv or nonstate.csv")
    yield from _petrarch_entries(file)


def _yaml_entries(file: Path) -> Iterator[tuple[LexemeKind, Entry]]:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DictionaryError(str(file), f"not valid YAML ({exc.__class__.__name__})") from exc
    if isinstance(data, dict):
        data = [*(data.get("actors") or []), *(data.get("agents") or [])]
    if not isinstance(data, list):
        raise DictionaryError(str(file), "expected a list of entries (phrase, country, sector, code)")
    for number, item in enumerate(data, start=1):
        origin = f"{file.name}:{number}"
        if not isinstance(item, dict) or not (item.get("phrase") or item.get("name")):
            raise DictionaryError(str(file), f"entry {number} needs a phrase")
        phrase = str(item.get("phrase") or item.get("name"))
        phrases = [phrase, *[str(a) for a in item.get("aliases") or []]]
        country = str(item.get("country") or "").upper()
        sector = str(item.get("sector") or "").upper()
        code = str(item.get("code") or "")
        kind = str(item.get("kind") or "")
        if kind == "person":
            actor = Actor(name=phrase, kind="person", country=country or None, sector=sector or None,
                          title=item.get("title"))
            for p in phrases:
                yield "organisation", ActorEntry(p, actor, origin)
        elif country or code:
            actor = organisation_actor(phrase, code, country, sector)
            if kind == "country" or (country and not sector and not code):
                actor = Actor(name=phrase, kind="country", country=country)
                for p in phrases:
                    yield "country", ActorEntry(p, actor, origin)
                continue
            for p in phrases:
                yield "organisation", ActorEntry(p, actor, origin)
        elif sector:
            for p in phrases:
                yield "agent", AgentEntry(p, sector, origin)
        else:
            raise DictionaryError(str(file), f"entry {number} ({phrase!r}) needs a country, a code or a sector")


def _petrarch_entries(file: Path) -> Iterator[tuple[LexemeKind, Entry]]:
    try:
        petrarch = importlib.import_module("tacitus.petrarch")  # the PETRARCH-format reader
    except ImportError as exc:
        raise DictionaryError(str(file), "unknown dictionary format; use .csv, .yaml or a PETRARCH .txt file") from exc
    for entry in petrarch.read_petrarch(file):
        if isinstance(entry, AgentEntry):
            yield "agent", entry
        else:
            yield ("country" if entry.actor.kind == "country" else "organisation"), entry


BUILTIN_FILES = ("countries.csv", "organisations.csv", "titles.csv", "persons.csv", "nonstate.csv")


@lru_cache(maxsize=1)
def builtin_dictionaries() -> Dictionaries:
    """The dictionaries shipped in ``tacitus/data`` (loaded once per process)."""
    tables = Dictionaries()
    folder = resources.files("tacitus") / "data"
    for name in BUILTIN_FILES:
        source = folder / name
        if not source.is_file():
            continue  # a partial install still codes with what it has
        with resources.as_file(source) as path:
            tables.extend(path)
    return tables


def load_dictionaries(extra: Sequence[str | Path] = ()) -> Dictionaries:
    """The built-in dictionaries plus the user's files (``--dict FILE``), later files winning."""
    if not extra:
        return builtin_dictionaries()
    base = builtin_dictionaries()
    tables = Dictionaries(
        phrases={key: list(value) for key, value in base.phrases.items()},
        countries=dict(base.countries),
        persons=dict(base.persons),
        longest=base.longest,
        sources=list(base.sources),
        first_words=set(base.first_words),
    )
    for path in extra:
        tables.extend(path)
    return tables
