"""Cross-article identity: when two spellings of a name are one person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tacitus.identity import normalize_name, same_person
from tacitus.records import Actor
from tacitus.store import Store, open_store


@pytest.mark.parametrize(
    ("a", "b", "country"),
    [
        ("Mohammad Bagheri", "Mohammad Hossein Baqeri", None),  # gh/q, a middle name
        ("Qassem Soleimani", "Ghasem Soleimani", None),  # q/gh, doubled letters
        ("Sergei Lavrov", "Sergey Lavrov", None),  # i/y
        ("Mohammed bin Salman", "Mohammad bin Salman", None),
        ("Mohammad Javad Zarif", "Javad Zarif", None),  # known by the middle name
        ("Hossein Amir-Abdollahian", "Hossein Amirabdollahian", None),  # hyphen or not
        ("Xi Jinping", "Xi", "CHN"),  # family name first
        ("Seyed Ali Khamenei", "Ali Khamenei", None),  # an honorific
    ],
)
def test_variant_spellings_are_the_same_person(a: str, b: str, country: str | None) -> None:
    assert same_person(a, b, country)
    assert same_person(b, a, country)


@pytest.mark.parametrize(
    ("a", "b", "country"),
    [
        ("Mohammad Bagheri", "Mohammad Reza Ashtiani", None),
        ("Ali Shamkhani", "Ali Khamenei", None),
        ("Reza Bagheri", "Mohammad Bagheri", None),  # same family, another given name
        ("Wang Yi", "Wang Wenbin", "CHN"),
        ("Kim Jong Un", "Kim Yo Jong", "PRK"),
        ("Xi Jinping", "Xi", None),  # without the country, a lone "Xi" is a family name only
    ],
)
def test_different_people_stay_apart(a: str, b: str, country: str | None) -> None:
    assert not same_person(a, b, country)


def test_normalize_name_drops_titles_and_accents() -> None:
    assert normalize_name("Gen. Mohammad-Hossein Bāqerī") == "mohammad hossein baqeri"


def test_the_store_merges_variant_spellings_of_one_person(store: Store) -> None:
    first = Actor(name="Mohammad Bagheri", kind="person", country="IRN", sector="MIL")
    second = Actor(name="Mohammad Hossein Baqeri", kind="person", country="IRN", sector="MIL")
    other = Actor(name="Mohammad Reza Ashtiani", kind="person", country="IRN", sector="MIL")
    with store.transaction():
        ids = [store.actor_id(first), store.actor_id(second), store.actor_id(other)]
    assert ids[0] == ids[1] != ids[2]


def test_same_name_in_another_country_is_another_person(store: Store) -> None:
    with store.transaction():
        iranian = store.actor_id(Actor(name="Ali Hassan", kind="person", country="IRN"))
        iraqi = store.actor_id(Actor(name="Ali Hassan", kind="person", country="IRQ"))
    assert iranian != iraqi


# -- issue 12, item 1: a person is merged only on evidence -----------------------------------------


@pytest.mark.parametrize(("a", "b"), [("Biden", "Trump"), ("Raisi", "Khamenei"), ("Putin", "Lavrov")])
def test_two_different_one_word_names_are_different_people(a: str, b: str) -> None:
    assert not same_person(a, b)
    assert not same_person(a, b, "USA")


def test_a_one_word_name_is_the_same_as_its_own_spelling_variant() -> None:
    assert same_person("Bagheri", "Baqeri")


def test_two_unknown_persons_of_one_country_are_not_merged_on_the_country_alone(store: Store) -> None:
    with store.transaction():
        first = store.actor_id(Actor(name="Okafor", kind="person", country="NGA", sector="GOV"))
        second = store.actor_id(Actor(name="Adeyemi", kind="person", country="NGA", sector="GOV"))
    assert first != second


def test_a_surname_alone_is_not_merged_with_a_full_name_whatever_came_first(tmp_path: Path) -> None:
    """Without a known alias, "Okafor" and "Chidi Okafor" may be two people: kept apart in any order."""
    full = Actor(name="Chidi Okafor", kind="person", country="NGA", sector="GOV")
    short = Actor(name="Okafor", kind="person", country="NGA", sector="GOV")
    for order in ([full, short], [short, full]):
        with open_store(tmp_path / f"{order[0].name}.db") as db, db.transaction():
            ids = [db.actor_id(actor) for actor in order]
        assert ids[0] != ids[1]


def test_a_known_alias_merges_in_either_order(tmp_path: Path) -> None:
    """persons.csv lists "Zarif" as Mohammad Javad Zarif: evidence enough, and the full name is shown."""
    full = Actor(name="Mohammad Javad Zarif", kind="person", country="IRN", sector="DIP")
    short = Actor(name="Zarif", kind="person", country="IRN", sector="DIP")
    for order in ([short, full], [full, short]):
        with open_store(tmp_path / f"{order[0].name}.db") as db:
            with db.transaction():
                ids = [db.actor_id(actor) for actor in order]
            assert ids[0] == ids[1]
            assert db.db.execute("SELECT name FROM actors WHERE id = ?", (ids[0],)).fetchone()[0] == (
                "Mohammad Javad Zarif"
            )


RAISI = "Raisi criticised the United States on Sunday.\n"
KHAMENEI = "Khamenei accused Israel of the attack on Wednesday.\n"


@pytest.mark.parametrize("order", [("raisi", "khamenei"), ("khamenei", "raisi")])
def test_raisi_and_khamenei_stay_two_people_in_either_order(tmp_path: Path, order: tuple[str, str]) -> None:
    """The case of issue 12: two Iranian leaders named by surname alone in two articles."""
    from tacitus import query
    from tacitus.ingest import IngestOptions, ingest

    texts = {"raisi": ("Raisi speaks", RAISI), "khamenei": ("Khamenei speaks", KHAMENEI)}
    with open_store(tmp_path / "t.db") as db:
        for name in order:
            path = tmp_path / f"{name}.txt"
            title, body = texts[name]
            path.write_text(f"{title}\n{body}", encoding="utf-8")
            ingest([path], db, IngestOptions(date=dt.date(2023, 5, 10)))
        events = query.events(db, limit=None)
        sources = dict(zip(events["cameo_code"].str[:2], events["source_name"], strict=False))
    assert len(events) == 2
    assert {"Ebrahim Raisi", "Ali Khamenei"} == set(events["source_name"]), sources
