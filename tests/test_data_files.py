"""The knowledge tables in ``tacitus/data/``: well-formed, complete and unambiguous."""

from __future__ import annotations

import re
from collections import defaultdict

import pycountry
import pytest

from tacitus.datafiles import read_rows, split_list

SECTORS = {
    "GOV",
    "MIL",
    "DIP",
    "LEG",
    "JUD",
    "COP",
    "REB",
    "OPP",
    "PTY",
    "BUS",
    "MED",
    "EDU",
    "NGO",
    "IGO",
    "CVL",
}

# The 193 member states of the United Nations (ISO 3166-1 alpha-3), written out independently of the table.
UN_MEMBERS = re.findall(
    r"[A-Z]{3}",
    """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR
BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU
EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND
IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS
MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK
PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP
SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE
GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""",
)
OBSERVERS_AND_DISPUTED = {"PSE", "XKX", "TWN", "VAT", "ESH"}
NOT_IN_ISO = {"XKX"}  # Kosovo has no ISO 3166 code; XKX is the code the EU and IMF use

COUNTRY_COLUMNS = ("iso3", "name", "aliases", "demonyms", "capital", "capital_aliases")
ORGANISATION_COLUMNS = ("name", "aliases", "code", "country", "sector")


def countries() -> list[dict[str, str]]:
    return [row for _, row in read_rows("countries.csv", COUNTRY_COLUMNS)]


def organisations() -> list[dict[str, str]]:
    return [row for _, row in read_rows("organisations.csv", ORGANISATION_COLUMNS)]


def titles() -> list[dict[str, str]]:
    return [row for _, row in read_rows("titles.csv", ("title", "sector"))]


def by_iso3() -> dict[str, dict[str, str]]:
    return {row["iso3"]: row for row in countries()}


def test_every_un_member_and_the_usual_extras_are_present_once() -> None:
    assert len(UN_MEMBERS) == 193
    codes = [row["iso3"] for row in countries()]
    assert len(codes) == len(set(codes))
    assert set(UN_MEMBERS) | OBSERVERS_AND_DISPUTED <= set(codes)


def test_every_country_code_is_a_valid_iso3_code() -> None:
    for row in countries():
        if row["iso3"] in NOT_IN_ISO:
            continue
        assert pycountry.countries.get(alpha_3=row["iso3"]) is not None, row["iso3"]


def test_every_country_row_has_a_name_a_capital_and_clean_lists() -> None:
    for row in countries():
        assert re.fullmatch(r"[A-Z]{3}", row["iso3"])
        assert row["name"] and row["capital"], row["iso3"]
        for column in ("aliases", "demonyms", "capital_aliases"):
            items = split_list(row[column])
            assert all(item == item.strip() and item for item in items)
            assert len(items) == len({i.lower() for i in items}), (row["iso3"], column)


@pytest.mark.parametrize(
    ("iso3", "surface_forms"),
    [
        ("USA", ["US", "USA", "United States of America", "America", "U.S.", "American", "Washington"]),
        ("GBR", ["UK", "Britain", "Great Britain", "British", "London"]),
        ("PRK", ["DPRK", "North Korea", "North Korean", "Pyongyang"]),
        ("RUS", ["Russian Federation", "Russia", "Russian", "Moscow"]),
        ("IRN", ["Iran", "Iranian", "Tehran"]),
        ("CHN", ["China", "Chinese", "Beijing", "Peking"]),
        ("ARE", ["UAE", "Emirati", "Abu Dhabi"]),
        ("UKR", ["Ukraine", "Ukrainian", "Kyiv", "Kiev"]),
    ],
)
def test_the_names_readers_meet_in_the_news(iso3: str, surface_forms: list[str]) -> None:
    row = by_iso3()[iso3]
    known = {row["name"], row["capital"], *split_list(row["aliases"])}
    known |= set(split_list(row["demonyms"])) | set(split_list(row["capital_aliases"]))
    assert set(surface_forms) <= known


def test_no_surface_form_names_two_countries() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in countries():
        forms = [row["name"], row["capital"], *split_list(row["aliases"])]
        forms += [*split_list(row["demonyms"]), *split_list(row["capital_aliases"])]
        for form in forms:
            owners[form.lower()].add(row["iso3"])
    # a city-state's capital is named like the country; those stay within one row
    clashes = {form: codes for form, codes in owners.items() if len(codes) > 1}
    assert clashes == {}


def test_organisation_rows_are_well_formed() -> None:
    names = set()
    valid_countries = set(by_iso3())
    for row in organisations():
        assert row["name"], row
        assert row["sector"] in SECTORS, row["name"]
        assert row["country"] == "" or row["country"] in valid_countries, row["name"]
        assert row["code"] == "" or re.fullmatch(r"[A-Z]{3,12}", row["code"]), row["name"]
        if row["sector"] in ("IGO", "NGO"):
            assert row["code"].startswith(row["sector"]), row["name"]
        assert row["name"].lower() not in names
        names.add(row["name"].lower())


def test_no_organisation_surface_form_names_two_different_actors() -> None:
    owners: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in organisations():
        actor = (row["code"], row["country"], row["sector"])
        for form in [row["name"], *split_list(row["aliases"])]:
            owners[form.lower()].add(actor)
    assert {form: actors for form, actors in owners.items() if len(actors) > 1} == {}


@pytest.mark.parametrize(
    ("surface_form", "country", "sector"),
    [
        ("PLA", "CHN", "MIL"),
        ("IRGC", "IRN", "MIL"),
        ("Pentagon", "USA", "MIL"),
        ("Central Military Commission", "CHN", "MIL"),
        ("Joint Staff Department", "CHN", "MIL"),
        ("PLA National Defence University", "CHN", "MIL"),
        ("National People's Congress", "CHN", "LEG"),
        ("armed forces", "", "MIL"),
        ("foreign ministry", "", "GOV"),
        ("embassy", "", "DIP"),
        ("parliament", "", "LEG"),
        ("Majlis", "", "LEG"),
        ("police", "", "COP"),
        ("supreme court", "", "JUD"),
        ("United Nations", "", "IGO"),
        ("UN Security Council", "", "IGO"),
        ("NATO", "", "IGO"),
        ("IAEA", "", "IGO"),
    ],
)
def test_organisations_a_reader_expects(surface_form: str, country: str, sector: str) -> None:
    matches = [
        row
        for row in organisations()
        if surface_form.lower() in {f.lower() for f in [row["name"], *split_list(row["aliases"])]}
    ]
    assert [(row["country"], row["sector"]) for row in matches] == [(country, sector)]


def test_the_united_nations_has_its_cameo_code() -> None:
    united_nations = next(row for row in organisations() if row["name"] == "United Nations")
    assert united_nations["code"] == "IGOUNO"


def test_titles_are_lowercase_unique_phrases_with_a_sector() -> None:
    rows = titles()
    assert len(rows) > 100
    phrases = [row["title"] for row in rows]
    assert len(phrases) == len(set(phrases))
    for row in rows:
        assert row["title"] == row["title"].lower()
        assert row["sector"] in SECTORS, row["title"]


@pytest.mark.parametrize(
    ("title", "sector"),
    [
        ("president", "GOV"),
        ("prime minister", "GOV"),
        ("state councilor", "GOV"),
        ("foreign minister", "GOV"),
        ("minister of foreign affairs", "GOV"),
        ("minister of national defense", "MIL"),
        ("defence minister", "MIL"),
        ("major general", "MIL"),
        ("ambassador", "DIP"),
        ("lawmaker", "LEG"),
        ("judge", "JUD"),
        ("police chief", "COP"),
        ("rebel leader", "REB"),
        ("opposition leader", "OPP"),
        ("ceo", "BUS"),
        ("journalist", "MED"),
    ],
)
def test_titles_a_reader_expects(title: str, sector: str) -> None:
    assert {row["title"]: row["sector"] for row in titles()}[title] == sector


def test_no_phrase_is_both_a_country_and_an_organisation_or_a_title() -> None:
    country_forms = set()
    for row in countries():
        forms = [row["name"], row["capital"], *split_list(row["aliases"])]
        forms += [*split_list(row["demonyms"]), *split_list(row["capital_aliases"])]
        country_forms |= {form.lower() for form in forms}
    title_forms = {row["title"] for row in titles()}
    for row in organisations():
        for form in [row["name"], *split_list(row["aliases"])]:
            assert form.lower() not in country_forms, form
            assert form.lower() not in title_forms, form
