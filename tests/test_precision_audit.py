"""tools/precision_audit.py --compare: what a rule change fixed and what it broke, from two --events files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    sys.path.insert(0, str(TOOLS))
    try:
        import precision_audit
    finally:
        sys.path.pop(0)
    return precision_audit


def _row(hit: bool, trigger: str, dyad: str = "CHL->PER") -> str:
    return json.dumps({"set": "voa-dev", "where": "a.txt", "hit": hit, "dyad": dyad, "plover": "ASSAULT",
                       "trigger": trigger, "evidence": f"Chile {trigger} Peru."})


def test_compare_counts_each_set_and_lists_the_events_gained_and_lost(audit: ModuleType) -> None:
    before = audit.verdict_keys([_row(True, "struck"), _row(False, "attack"), _row(False, "shelled")])
    after = audit.verdict_keys([_row(True, "struck"), _row(True, "shelled")])
    lines = audit.compare(before, after)
    assert lines[0] == "voa-dev: hits 1 -> 2, false positives 2 -> 0"
    assert sorted(line.split(" | ")[0].split()[0:2] for line in lines[1:]) == [["+", "HIT"], ["-", "FP"], ["-", "FP"]]
    assert not any("'struck'" in line for line in lines[1:])
