"""nonstate.csv: armed groups, movements, parties and classes of people, each row well formed and sourced."""

from __future__ import annotations

from collections import defaultdict

from tacitus.datafiles import read_rows, split_list

COLUMNS = ("group", "aliases", "kind", "country", "sector", "source")
SECTORS = {"GOV", "MIL", "DIP", "LEG", "JUD", "COP", "REB", "OPP", "PTY", "BUS", "MED", "EDU", "NGO", "IGO", "CVL"}


def rows() -> list[dict[str, str]]:
    return [row for _, row in read_rows("nonstate.csv", COLUMNS)]


def countries() -> set[str]:
    return {row["iso3"] for _, row in read_rows("countries.csv", ("iso3",))}


def test_every_row_has_a_kind_a_known_sector_a_valid_country_and_a_source() -> None:
    known = countries()
    for row in rows():
        assert row["kind"] in ("named", "class"), row["group"]
        assert row["sector"] in SECTORS, row["group"]
        assert row["country"] == "" or row["country"] in known, row["group"]
        assert row["source"], row["group"]
        if row["kind"] == "class":
            assert row["country"] == "", row["group"]  # a class takes its country from the article


def test_no_phrase_names_two_different_actors_across_organisations_and_nonstate() -> None:
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in rows():
        for form in [row["group"], *split_list(row["aliases"])]:
            owners[form.lower()].add((row["country"], row["sector"]))
    for _, row in read_rows("organisations.csv", ("name", "aliases", "code", "country", "sector")):
        for form in [row["name"], *split_list(row["aliases"])]:
            if form.lower() in owners:
                owners[form.lower()].add((row["country"] or row["code"], row["sector"]))
    assert {form: actors for form, actors in owners.items() if len(actors) > 1} == {}


def test_the_groups_the_news_names_most_are_there() -> None:
    named = {form.lower(): (row["country"], row["sector"]) for row in rows()
             for form in [row["group"], *split_list(row["aliases"])]}
    assert named["baloch liberation army"] == ("PAK", "REB")
    assert named["al-shabab"] == ("SOM", "REB")
    assert named["houthis"] == ("YEM", "REB")
    assert named["islamic state"] == ("", "REB")  # active in several countries: the article's country
    assert named["militants"] == ("", "REB")
    assert named["protesters"] == ("", "CVL")
