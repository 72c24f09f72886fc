"""The well-known persons table (``data/persons.csv``): every row codes, and no name can be misread.

A person in the table gets a country and a sector even when the article names them bare
("Tinubu met Carney"), so every row must carry a country the country table knows, a sector the
coder knows, and names that point to one person only and never to an ordinary word or a country.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from tacitus.datafiles import read_rows, split_list
from tacitus.dictionaries import ActorEntry, read_dictionary
from tacitus.errors import DictionaryError
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


def organisation_codes() -> set[str]:
    columns = ("name", "aliases", "code", "country", "sector")
    return {row["code"] for _, row in read_rows("organisations.csv", columns) if row["code"].startswith("IGO")}


def test_every_person_has_a_country_of_the_country_table_or_an_organisation_code() -> None:
    """An official of an international organisation carries that organisation's code instead of a country."""
    known = {row["iso3"] for row in country_rows()} | organisation_codes()
    unknown = [(row["person"], row["country"]) for row in persons() if row["country"] not in known]
    assert unknown == []


def test_officials_of_international_organisations_are_in_sector_igo() -> None:
    igo = organisation_codes()
    wrong = [row["person"] for row in persons() if (row["country"] in igo) != (row["sector"] == "IGO")]
    assert wrong == []


def test_every_person_has_a_sector_the_coder_knows_and_a_title() -> None:
    wrong = [(row["person"], row["sector"]) for row in persons() if row["sector"] not in SECTOR_NAMES]
    assert wrong == []
    assert [row["person"] for row in persons() if not row["title"]] == []


def test_ministers_sectors_follow_their_office() -> None:
    """Defence ministers are military; foreign ministers (as in PETRARCH's agents and the VOA gold), heads of state and
    government GOV."""
    expected = {"foreign minister": "GOV", "defense minister": "MIL", "defence minister": "MIL",
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


def coded_events(text: str, date: dt.date) -> list[tuple[str, str, str | None, str | None, str]]:
    return [(e.source.name, e.source.kind, e.source.country, e.source.sector, e.source.code)
            for e in explain(text, date=date).events]


def test_the_un_secretary_general_named_bare_is_coded_like_the_united_nations() -> None:
    """"Guterres urged ..." codes as the UN does (no country, sector IGO, the UN's code), with his name kept."""
    day = dt.date(2024, 5, 6)
    by_name = coded_events("Guterres urged Israel and Hamas to agree to a ceasefire on Monday.", day)
    by_body = coded_events("The United Nations urged Israel and Hamas to agree to a ceasefire on Monday.", day)
    un_code = {code for _, kind, _, _, code in by_body if kind == "organisation"}
    assert len(un_code) == 1 and next(iter(un_code)).startswith("IGO")
    assert by_name
    assert {(name, kind, country, sector, code) for name, kind, country, sector, code in by_name} == {
        ("Antonio Guterres", "person", None, "IGO", next(iter(un_code)))}


def test_an_igo_head_keeps_the_code_of_the_organisation_the_table_gives_him() -> None:
    rows = {row["person"]: row["country"] for row in persons()}
    day = dt.date(2023, 3, 1)
    events = coded_events("Stoltenberg criticised Russia for its attacks on Ukrainian cities on Wednesday.", day)
    assert [(name, code) for name, _, _, _, code in events] == [("Jens Stoltenberg", rows["Jens Stoltenberg"])]


def test_a_first_name_shared_with_an_igo_head_does_not_make_a_national_leader_an_official() -> None:
    """"Michel" is Charles Michel's surname and Michel Barnier's first name: each keeps his own code."""
    explanation = explain("Michel Barnier met Charles Michel in Brussels on Monday.", date=dt.date(2019, 3, 4))
    pairs = {(e.source.name, e.source.code, e.target.name, e.target.code)
             for e in explanation.events if e.target is not None}
    rows = {row["person"]: row for row in persons()}
    barnier = rows["Michel Barnier"]["country"] + rows["Michel Barnier"]["sector"]
    assert ("Michel Barnier", barnier, "Charles Michel", rows["Charles Michel"]["country"]) in pairs


def test_a_person_row_with_an_unknown_kind_of_country_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "people.csv"
    table.write_text("person,aliases,country,sector,title\nJane Roe,,UNITEDNATIONS,IGO,Envoy\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="people.csv"):
        list(read_dictionary(table))


def test_a_users_person_row_with_an_igo_code_is_read_as_an_official_of_that_organisation(tmp_path: Path) -> None:
    table = tmp_path / "people.csv"
    table.write_text("person,aliases,country,sector,title\nJane Roe,Roe,IGOWTO,IGO,Envoy\n", encoding="utf-8")
    actors = {entry.actor for _, entry in read_dictionary(table) if isinstance(entry, ActorEntry)}
    assert {(a.name, a.kind, a.country, a.sector, a.code) for a in actors} == {
        ("Jane Roe", "person", None, "IGO", "IGOWTO")}
