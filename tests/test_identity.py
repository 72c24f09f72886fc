"""Cross-article identity: when two spellings of a name are one person."""

from __future__ import annotations

import pytest

from tacitus.identity import normalize_name, same_person
from tacitus.records import Actor
from tacitus.store import Store


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
