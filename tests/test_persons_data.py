"""The well-known persons table (``data/persons.csv``): every row codes, and no name can be misread.

A person in the table gets a country and a sector even when the article names them bare
("Tinubu met Carney"), so every row must carry a country the country table knows, a sector the
coder knows, and names that point to one person only and never to an ordinary word or a country.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from tacitus.datafiles import read_rows, split_list
from tacitus.explain import explain
from tacitus.export import SECTOR_NAMES
from tacitus.identity import normalize_name
from tacitus.parse import get_nlp

PERSON_COLUMNS = ("person", "aliases", "country", "sector", "title")

# Surnames that are also English words (or that WordNet lists only because of this very person),
# kept as aliases on purpose: in the news the capitalised name is the person, not the word.
NAMES_THAT_ARE_ALSO_WORDS = {
    "trump", "putin", "bennett", "macron", "reagan", "clinton", "gorbachev", "mubarak", "arafat", "saddam",
    "gaddafi", "khomeini", "chavez", "kohl", "blair", "thatcher", "suharto", "mandela", "mcmaster", "kirchner",
}  # fmt: skip


def persons() -> list[dict[str, str]]:
    return [row for _, row in read_rows("persons.csv", PERSON_COLUMNS)]


def names_of(row: dict[str, str]) -> list[str]:
    return [row["person"], *split_list(row["aliases"])]


def country_rows() -> list[dict[str, str]]:
    columns = ("iso3", "name", "aliases", "demonyms", "capital", "capital_aliases")
    return [row for _, row in read_rows("countries.csv", columns)]


@pytest.fixture(scope="module")
def english_words() -> set[str]:
    """Every word of the English lexicon the parser's lemmatizer knows (nouns, verbs, adjectives, adverbs)."""
    index = get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    return {word for pos in index for word in index[pos]}


def test_every_person_has_a_country_of_the_country_table() -> None:
    known = {row["iso3"] for row in country_rows()}
    unknown = [(row["person"], row["country"]) for row in persons() if row["country"] not in known]
    assert unknown == []


def test_every_person_has_a_sector_the_coder_knows_and_a_title() -> None:
    wrong = [(row["person"], row["sector"]) for row in persons() if row["sector"] not in SECTOR_NAMES]
    assert wrong == []
    assert [row["person"] for row in persons() if not row["title"]] == []


def test_ministers_sectors_follow_their_office() -> None:
    """Foreign ministers are diplomats, defence ministers military, heads of state and government GOV."""
    expected = {"foreign minister": "DIP", "defense minister": "MIL", "defence minister": "MIL",
                "prime minister": "GOV", "president": "GOV", "chancellor": "GOV"}
    wrong = [(row["person"], row["title"], row["sector"]) for row in persons()
             if expected.get(row["title"].lower(), row["sector"]) != row["sector"]]
    assert wrong == []


def test_no_name_or_alias_belongs_to_two_persons() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in persons():
        for name in names_of(row):
            owners[normalize_name(name)].add(row["person"])
    shared = {name: sorted(people) for name, people in owners.items() if len(people) > 1}
    assert shared == {}


def test_no_alias_is_an_ordinary_english_word(english_words: set[str]) -> None:
    words = [name for row in persons() for name in split_list(row["aliases"])
             if name.lower() in english_words and name.lower() not in NAMES_THAT_ARE_ALSO_WORDS]
    assert words == []


def test_the_english_word_check_would_catch_a_surname_like_may(english_words: set[str]) -> None:
    assert {"may", "brown", "tusk", "truss"} <= english_words


def test_no_name_is_a_country_a_capital_or_a_demonym() -> None:
    places = {
        normalize_name(phrase)
        for row in country_rows()
        for column in ("name", "aliases", "demonyms", "capital", "capital_aliases")
        for phrase in split_list(row[column])
    }
    clashes = [name for row in persons() for name in names_of(row) if normalize_name(name) in places]
    assert clashes == []


def test_two_leaders_named_bare_are_coded_with_country_and_sector() -> None:
    """No title, no demonym: only the table can say whose officials these are."""
    text = "Bola Tinubu met Mark Carney in Ottawa on Monday to discuss trade."
    explanation = explain(text, date=dt.date(2025, 6, 2))
    coded = {p.name: (p.country, p.sector) for p in explanation.coding.actors.persons}
    assert coded["Bola Tinubu"] == ("NGA", "GOV")
    assert coded["Mark Carney"] == ("CAN", "GOV")
    dyads = {(e.source.code, e.target.code) for e in explanation.events if e.source and e.target}
    assert ("NGAGOV", "CANGOV") in dyads


def test_a_bare_surname_alias_resolves_to_its_person() -> None:
    text = "Sheinbaum spoke with Lula by telephone on Tuesday."
    coded = {p.name: (p.country, p.sector) for p in explain(text, date=dt.date(2025, 3, 4)).coding.actors.persons}
    assert ("MEX", "GOV") in coded.values()
    assert ("BRA", "GOV") in coded.values()
