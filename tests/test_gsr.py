"""The PLOVER GSR reader, its fixed split and its scorer, on records written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tacitus import gsr
from tacitus.errors import InputError

SHARED_GSR = Path(__file__).resolve().parents[1].parent / "shared" / gsr.GSR_FILE


def _write(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


RECORDS = [
    {"id": "X-DOC", "event": "DOCUMENT", "text": "About this file."},
    {"id": "X-1", "event": "FIGHT", "text": "Iraqi troops shelled Syrian positions on Monday.",
     "source": [{"actorText": "Iraqi", "code": "IRQ"}], "target": [{"actorText": "Syrian", "code": "SYR"}]},
    {"id": "X-2", "event": "AGREE", "text": "Hungarian and Romanian officials agreed to cooperate.",
     "source": [{"code": "HUN"}, {"code": "ROU"}], "target": "",
     "textInfo": {"markup": "(SRC/TAR: Hungarian) and (SRC/TAR: Romanian) officials (EVT: agreed)"}},
    {"id": "X-3", "event": "DEMAND", "text": "Japan urged Italy to act.",
     "source": [{"code": "JAP"}], "target": [{"code": "ITL"}]},
]


def test_old_draft_names_and_codes_become_todays(tmp_path: Path) -> None:
    records = {r.id: r for r in gsr.read_gsr(_write(tmp_path, RECORDS))}
    assert set(records) == {"X-1", "X-2", "X-3"}  # the DOCUMENT record is no event
    assert records["X-1"].plover == "ASSAULT"
    assert records["X-3"].plover == "REQUEST"
    assert records["X-3"].sources == {"JPN"} and records["X-3"].targets == {"ITA"}
    assert records["X-2"].targets == {"HUN", "ROU"}  # SRC/TAR: each acts on the other


def test_the_split_depends_on_the_id_alone(tmp_path: Path) -> None:
    records = gsr.read_gsr(_write(tmp_path, RECORDS))
    train, test = gsr.split(records)
    again_train, again_test = gsr.split(reversed(records))
    assert {r.id for r in train} == {r.id for r in again_train}
    assert {r.id for r in test} == {r.id for r in again_test}
    assert len(train) + len(test) == len(records)


def test_a_file_that_is_not_a_list_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        gsr.read_gsr(path)


@pytest.mark.skipif(not SHARED_GSR.is_file(), reason="the shared PLOVER GSR file is not here")
def test_the_shared_gsr_splits_into_two_real_halves() -> None:
    train, test = gsr.split(gsr.read_gsr(SHARED_GSR))
    assert len(train) + len(test) == 322
    assert min(len(train), len(test)) > 100
