"""The evaluation gate: accuracy on every gold set may not fall below its pinned floor.

Like trafilatura's ``tests/eval_gate.py``: ``tests/eval_baseline.json`` pins, for every gold set,
the precision and recall (events) or shares (PLOVER GSR) that the coder reached when the floor was
last raised, less a small tolerance. A change that loses accuracy fails here like a bug; a change
that gains it should raise the floors in the same commit (``python tools/eval_baseline.py``
prints the current figures as a new baseline).

The seed articles, the VOA stories and the PLOVER GSR live in ``../shared`` beside the repository;
their gates are skipped, saying so, where it is absent. The example corpus and the held-out sets
are in the repository and always gated.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tacitus import gsr
from tacitus.evaluate import evaluate

pytestmark = pytest.mark.slow  # the coder over every gold set: in `make test` and CI, not in `make test-fast`

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASELINE = json.loads((ROOT / "tests" / "eval_baseline.json").read_text(encoding="utf-8"))
EVENT_SETS = {name: spec for name, spec in BASELINE["events"].items()}


def _path(text: str) -> Path:
    return (ROOT / text).resolve() if not text.startswith("../shared/") else SHARED / text[len("../shared/"):]


@pytest.mark.parametrize("name", sorted(EVENT_SETS))
def test_event_gold_set_stays_above_its_floor(name: str) -> None:
    spec = EVENT_SETS[name]
    gold, articles = _path(spec["gold"]), _path(spec["articles"])
    if not gold.is_file() or not articles.is_dir():
        pytest.skip(f"{gold if not gold.is_file() else articles} is not here (../shared is absent)")
    result = evaluate(gold, articles)
    floor = spec["floor"]
    figures = f"{name}: P {result.precision:.3f} R {result.recall:.3f} F1 {result.f1:.3f}"
    assert result.precision >= floor["precision"], f"precision fell below {floor['precision']}: {figures}"
    assert result.recall >= floor["recall"], f"recall fell below {floor['recall']}: {figures}"


def test_plover_gsr_test_half_stays_above_its_floor() -> None:
    path = SHARED / gsr.GSR_FILE
    if not path.is_file():
        pytest.skip(f"{path} is not here (../shared is absent)")
    _, test = gsr.split(gsr.read_gsr(path))
    result = gsr.score(test)
    floor = BASELINE["plover_gsr_test"]["floor"]
    figures = result.summary()
    assert result.share(result.right_type) >= floor["right_type"], figures
    assert result.share(result.right_type_and_dyad) >= floor["right_type_and_dyad"], figures
