"""Print the current figures of every gold set as a new ``tests/eval_baseline.json``.

    .venv/bin/python tools/eval_baseline.py [--tolerance 0.02] > tests/eval_baseline.json
    .venv/bin/python tools/eval_baseline.py --skip-blind --keep tests/eval_baseline.json > /tmp/new.json

Floors are the current figures less the tolerance (rounded down to 3 decimals). Raise the floors
in the commit that gains accuracy; never lower them to make a change pass without saying why.

``--keep FILE`` starts from an existing baseline: sets not scored now keep their entries, and no
floor goes below the one in FILE. ``--skip-blind`` does not score the blind VOA sets (score them
once per rule pass, summary only: engineers tuning rules must not run them).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": ("../shared/eval/seeds-gold.jsonl", "../shared/seeds"),
    "example-corpus": ("examples/gold/corpus-gold.jsonl", "examples/corpus"),
    "heldout-1": ("examples/gold/heldout-gold.jsonl", "examples/heldout"),
    "heldout-2": ("examples/gold/heldout2-gold.jsonl", "examples/heldout2"),
    "voa-dev": ("../shared/eval/voa-gold.jsonl", "../shared/corpora/voa/articles"),
    "voa-dev-2": ("examples/gold/voa-blind1-gold.jsonl", "../shared/corpora/voa/articles"),
    "voa-blind-2": ("examples/gold/voa-blind2-gold.jsonl", "../shared/corpora/voa/articles"),
    "voa-blind-3": ("examples/gold/voa-blind3-gold.jsonl", "../shared/corpora/voa/articles"),
}


def _path(text: str) -> Path:
    return SHARED / text[len("../shared/"):] if text.startswith("../shared/") else ROOT / text


def _floor(value: float, tolerance: float) -> float:
    return max(0.0, math.floor((value - tolerance) * 1000) / 1000)


def _no_lower(floor: dict[str, float], old: dict[str, float]) -> None:
    """Raise each of ``floor``'s figures to the old floor where that was higher."""
    for key, value in old.items():
        floor[key] = max(floor.get(key, 0.0), value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=0.02)
    parser.add_argument("--skip-blind", action="store_true", help="leave the blind VOA sets out (their entries kept with --keep)")
    parser.add_argument("--keep", type=Path, help="an existing baseline: unscored sets kept, no floor lowered")
    options = parser.parse_args()
    kept = json.loads(options.keep.read_text(encoding="utf-8")) if options.keep else {"events": {}}
    from tacitus import gsr
    from tacitus.evaluate import evaluate

    events = {}
    for name, (gold, articles) in SETS.items():
        if options.skip_blind and name.startswith("voa-blind"):
            if name in kept["events"]:
                events[name] = kept["events"][name]
            continue
        if not _path(gold).is_file() or not _path(articles).is_dir():
            print(f"skipped {name}: {gold} or {articles} not here", file=sys.stderr)
            continue
        result = evaluate(_path(gold), _path(articles))
        print(f"{name}: P {result.precision:.3f} R {result.recall:.3f} F1 {result.f1:.3f}", file=sys.stderr)
        events[name] = {
            "gold": gold,
            "articles": articles,
            "measured": {"precision": round(result.precision, 3), "recall": round(result.recall, 3),
                         "f1": round(result.f1, 3)},
            "floor": {"precision": _floor(result.precision, options.tolerance),
                      "recall": _floor(result.recall, options.tolerance)},
        }
    _, test = gsr.split(gsr.read_gsr(SHARED / gsr.GSR_FILE))
    score = gsr.score(test)
    summary = score.summary()
    print(f"plover-gsr test half: {summary}", file=sys.stderr)
    baseline = {
        "events": events,
        "plover_gsr_test": {
            "measured": summary,
            "floor": {"right_type": _floor(score.share(score.right_type), options.tolerance),
                      "right_type_and_dyad": _floor(score.share(score.right_type_and_dyad), options.tolerance)},
        },
    }
    for name, entry in kept["events"].items():
        events.setdefault(name, entry)
        _no_lower(events[name]["floor"], entry["floor"])
    if "plover_gsr_test" in kept:
        _no_lower(baseline["plover_gsr_test"]["floor"], kept["plover_gsr_test"]["floor"])
    print(json.dumps(baseline, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
