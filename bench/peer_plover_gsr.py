"""Peer benchmark: PLOVER's gold-standard records (GSR), the fixed train and test halves.

Codes every GSR sentence as a one-sentence article and prints, per half, the share of sentences
with any event, with an event of the right PLOVER type, and with the right type between the right
actors (see ``tacitus.gsr``). The test half is never used for tuning; the learned event model
trains on the train half only. The GSR file is read from the shared peer folder at run time.

    .venv/bin/python -m bench peer_plover_gsr [--shared /work/shared] [--half test] [--coder rules|model|both] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

SHARED = Path(os.environ.get("TACITUS_SHARED", "/work/shared"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the folder holding peers/ (default /work/shared)")
    parser.add_argument("--half", choices=["train", "test", "both"], default="both", help="which half to score")
    parser.add_argument("--show-misses", action="store_true", help="print the sentences without the right type and dyad")
    parser.add_argument("--json", action="store_true", help="print one JSON object per half")
    parser.add_argument("--coder", choices=["rules", "model", "both"], default=None,
                        help="the coder mode (tacitus.model.combine; default: the coder's own default)")
    options = parser.parse_args(argv)

    import dataclasses

    from tacitus import gsr
    from tacitus.pipeline import Coder, extract

    coder = Coder.load() if options.coder is None else dataclasses.replace(Coder.load(), mode=options.coder)

    path = options.shared / gsr.GSR_FILE
    if not path.is_file():
        print(f"peer_plover_gsr: skipped, {path} not found (the benchmark needs the shared peer files)")
        return 0
    train, test = gsr.split(gsr.read_gsr(path))
    halves = {"train": train, "test": test}
    for name in (["train", "test"] if options.half == "both" else [options.half]):
        started = time.perf_counter()
        result = gsr.score(halves[name], lambda articles: extract(articles, coder=coder))
        seconds = time.perf_counter() - started
        if options.json:
            print(json.dumps({"half": name, "coder": coder.mode, **result.summary(), "seconds": round(seconds, 1)}))
            continue
        n = result.sentences
        print(f"PLOVER GSR, {name} half: {n} sentences coded in {seconds:.1f} s (coder {coder.mode})")
        print(f"  with any event:          {result.coded:4d}  {result.share(result.coded):6.1%}")
        print(f"  right PLOVER type:       {result.right_type:4d}  {result.share(result.right_type):6.1%}")
        print(f"  right type and dyad:     {result.right_type_and_dyad:4d}  "
              f"{result.share(result.right_type_and_dyad):6.1%}")
        if options.show_misses:
            for record, events in result.misses:
                got = ", ".join(f"{e.source.code}->{e.target.code if e.target else '-'} {e.plover_type}"
                                for e in events) or "-"
                print(f"MISS {record.id} {sorted(record.sources)}->{sorted(record.targets)} {record.plover}: "
                      f"got {got} | {record.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
