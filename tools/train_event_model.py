"""Train the event model from the repository's sentences (and ../shared's GSR and NGEC when present).

    python tools/train_event_model.py                 # what `make model` runs
    python tools/train_event_model.py --sentences-only --out /tmp/m.npz

Without ../shared the shipped weights are kept unless --sentences-only is given (see
training/MANIFEST.md). Prints what it read and the held-out figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared folder with peers/ and corpora/ (default: ../shared)")
    parser.add_argument("--out", type=Path, default=REPO / "src/tacitus/data/model/event-model.npz")
    parser.add_argument("--sentences-only", action="store_true",
                        help="train on training/sentences alone, even where ../shared exists")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--cache", type=Path, help="a JSON file of parsed features to reuse between runs")
    args = parser.parse_args(argv)

    from tacitus.gsr import GSR_FILE, read_gsr
    from tacitus.model import EventModel
    from tacitus.model.measure import document_macro_f1, gsr_type_accuracy, lead_macro_f1, mixed_macro_f1
    from tacitus.model.training import gather, train

    shared: Path | None = args.shared
    if args.sentences_only:
        shared = None
    elif shared is None or not (shared / GSR_FILE).is_file():
        print(f"{args.shared}: not found; the shipped weights ({args.out}) are kept. "
              "Give --shared DIR, or --sentences-only to train on training/sentences alone.")
        return 0
    material = gather(REPO, shared)
    for origin, count in material.describe().items():
        print(f"  {origin}: {count}")
    cache = json.loads(args.cache.read_text()) if args.cache and args.cache.is_file() else {}
    model = EventModel(train(material, steps=args.steps, cache=cache))
    if args.cache:
        args.cache.write_text(json.dumps(cache))
    model.save(args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB; features per head: "
          + ", ".join(f"{n} {len(h.features)}" for n, h in model.heads.items()) + ")")
    if shared is not None:
        accuracy, count = gsr_type_accuracy(model, read_gsr(shared / GSR_FILE))
        print(f"GSR TEST half, right PLOVER type (model alone): {accuracy:.3f} of {count}")
        if "document" in model.heads:
            f1, held = document_macro_f1(model, material.stories)
            print(f"NGEC held-out stories ({held}), document head macro-F1 over 16 types: {f1:.3f}")
            print(f"NGEC held-out stories, sentence head on the first paragraph, macro-F1: "
                  f"{lead_macro_f1(model, material.stories):.3f}")
            print(f"NGEC held-out stories, the mean of both (document_types with leads), macro-F1: "
                  f"{mixed_macro_f1(model, material.stories):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
