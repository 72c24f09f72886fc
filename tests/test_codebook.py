"""The CAMEO codebook: codes, names, Goldstein scores, QuadClass and PLOVER types."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tacitus.codebook import (
    UnknownCameoCodeError,
    all_codes,
    cameo,
    cameo_codes_for_plover,
    is_cameo_code,
    plover_types,
    root_codes,
)
from tacitus.errors import TacitusError

SHARED = Path(__file__).resolve().parents[2] / "shared"  # the team's peer files, never required


def test_consult_is_what_every_user_knows() -> None:
    consult = cameo("040")
    assert consult.name == "Consult"
    assert consult.goldstein == 1.0
    assert consult.quad_class == 1
    assert consult.plover_type == "CONSULT"
    assert consult.root == "04"


def test_conventional_military_force_is_the_most_conflictual() -> None:
    force = cameo("190")
    assert (force.goldstein, force.quad_class, force.plover_type) == (-10.0, 4, "ASSAULT")


@pytest.mark.parametrize(
    ("code", "plover_type", "plover_mode"),
    [
        ("036", "AGREE", None),
        ("042", "CONSULT", "visit"),
        ("043", "CONSULT", "visit"),
        ("041", "CONSULT", "phone"),
        ("057", "SUPPORT", None),
        ("163", "COERCE", "restrict"),  # the official table moves sanctions out of SANCTION
        ("111", "ACCUSE", "disapprove"),
        ("084", "RETREAT", None),
        ("081", "CONCEDE", None),
    ],
)
def test_plover_follows_the_official_table(code: str, plover_type: str, plover_mode: str | None) -> None:
    assert cameo(code).plover_type == plover_type
    assert cameo(code).plover_mode == plover_mode


def test_statements_have_no_plover_type_and_appeals_are_requests() -> None:
    # (016, denying responsibility, is REJECT: our departure from the official table, docs/knowledge.md)
    assert all(c.plover_type is None for c in all_codes() if c.root == "01" and c.code != "016")
    assert cameo("016").plover_type == "REJECT"
    assert {c.plover_type for c in all_codes() if c.root == "02"} == {"REQUEST"}


def test_codes_keep_their_leading_zeros() -> None:
    assert cameo("010").root == "01"
    assert not is_cameo_code("40")
    with pytest.raises(UnknownCameoCodeError, match="'040'"):
        cameo("40")


def test_unknown_code_is_a_catalogued_error() -> None:
    with pytest.raises(TacitusError, match="unknown CAMEO code '999'"):
        cameo("999")


def test_twenty_roots_and_about_three_hundred_leaves() -> None:
    assert [c.code for c in root_codes()] == [f"{n:02d}" for n in range(1, 21)]
    assert 300 <= len(all_codes()) <= 320
    assert all(re.fullmatch(r"\d{2,4}", c.code) for c in all_codes())


def test_quad_class_follows_the_root() -> None:
    expected = {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 9), 2)}
    expected |= {**dict.fromkeys(range(9, 14), 3), **dict.fromkeys(range(14, 21), 4)}
    for code in all_codes():
        assert code.quad_class == expected[int(code.root)], code


def test_every_code_has_a_goldstein_score_in_range_and_its_root_exists() -> None:
    roots = {c.code for c in root_codes()}
    for code in all_codes():
        assert -10.0 <= code.goldstein <= 10.0
        assert code.root in roots
        assert code.plover_type is None or code.plover_type in plover_types()


def test_sixteen_plover_types_each_reached_by_some_code() -> None:
    assert len(plover_types()) == 16
    for plover_type in plover_types():
        assert cameo_codes_for_plover(plover_type), plover_type
    assert "040" in {c.code for c in cameo_codes_for_plover("consult")}


REFERENCE = SHARED / "peers" / "andybega+icews" / "cameo-codes.csv"


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared peer files are not on this machine")
def test_goldstein_scores_agree_with_the_published_table() -> None:
    with REFERENCE.open(encoding="latin-1", newline="") as handle:
        reference = {row["code"]: float(row["goldstein"]) for row in csv.DictReader(handle)}
    ours = {c.code: c.goldstein for c in all_codes()}
    assert set(reference) <= set(ours)
    assert {code: ours[code] for code in reference} == reference


PLOVER_TABLE = SHARED / "peers" / "openeventdata+PLOVER" / "CAMEO2PLOVER-2021.txt"


@pytest.mark.skipif(not PLOVER_TABLE.exists(), reason="the shared peer files are not on this machine")
def test_plover_types_agree_with_the_official_conversion_table() -> None:
    official: dict[str, str] = {}
    for line in PLOVER_TABLE.read_text().splitlines():
        match = re.match(r"^(\d{3,4}):\s*([A-Z]+)", line)
        if match:
            official[match.group(1)] = match.group(2)
    assert len(official) > 250
    for code, plover_type in official.items():
        assert cameo(code).plover_type == plover_type, code


def test_a_code_fills_the_event_fields_it_fixes() -> None:
    fields = cameo("163").event_fields()
    assert fields["cameo_code"] == "163" and fields["goldstein"] == -8.0
    assert (fields["quad_class"], fields["plover_type"], fields["plover_mode"]) == (4, "COERCE", "restrict")
