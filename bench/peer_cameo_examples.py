"""Peer benchmark: code every example sentence of the CAMEO codebook and count the right codes.

The ICEWS/andybega CAMEO table (``cameo-codes.csv``) gives one example sentence for most leaf
codes. Each sentence is coded as a one-sentence article (``tacitus.pipeline.extract``); we count
the examples for which some extracted event has the example's root code, and its exact code.
The sentences are read from the shared peer folder at run time only, never copied.

    .venv/bin/python bench/peer_cameo_examples.py [--shared /work/shared] [--coder rules|model|both] [--show-misses]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import os
import re
import time
from pathlib import Path

SHARED = Path(os.environ.get("TACITUS_SHARED", "/work/shared"))
TABLE = Path("peers/andybega+icews/cameo-codes.csv")
MOJIBAKE = {"\u201a\u00c4\u00f4": "\u2019", "\u201a\u00c4\u00fa": "\u201c", "\u201a\u00c4\u00f9": "\u201d"}
PUBLISHED = dt.date(2000, 1, 5)  # a Wednesday; the examples carry no dates of their own
SAME_SENTENCE = 0.4
"""Word-set overlap (Jaccard) from which an example counts as a GSR record: the GSR rewrites some
CAMEO examples with other countries ("Yugoslavia" -> "Serbia"), which still overlap 0.44 or more,
while unrelated sentences stay below 0.27."""


def examples(table: Path) -> list[tuple[str, str]]:
    """(code, example sentence) for every code with an example."""
    with table.open(encoding="latin-1", newline="") as handle:  # every byte survives; fixed per field below
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        text = " ".join(_mixed_encoding(row.get("example") or "").split())
        text = text.split(" Note:")[0]  # some examples end with a coder's note, not news text
        for garbled, right in MOJIBAKE.items():
            text = text.replace(garbled, right)
        if text and text != "NA":
            found.append((row["code"], text))
    return found


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def seen_in_gsr_train(texts: list[str], shared: Path) -> list[bool]:
    """Whether each example is (a rewrite of) a record of the PLOVER GSR's TRAIN half, which the event
    model trains on: the GSR records come from the CAMEO manual, so the model has seen those."""
    from tacitus import gsr

    path = shared / gsr.GSR_FILE
    if not path.is_file():
        return [False] * len(texts)
    train = [_words(r.text) for r in gsr.read_gsr(path) if r.half == "train"]
    seen = []
    for text in texts:
        words = _words(text)
        seen.append(any(len(words & other) / max(1, len(words | other)) >= SAME_SENTENCE for other in train))
    return seen


def _mixed_encoding(field: str) -> str:
    """The table mixes UTF-8 and Windows-1252 text: decode each field as whichever it is."""
    raw = field.encode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=SHARED, help="the folder holding peers/ (default /work/shared)"
    )
    parser.add_argument(
        "--show-misses", action="store_true", help="print the examples whose root code was missed"
    )
    parser.add_argument("--coder", choices=["rules", "model", "both"], default=None,
                        help="the coder mode (tacitus.model.combine; default: the coder's own default)")
    options = parser.parse_args()
    table = options.shared / TABLE
    if not table.is_file():
        print(f"peer_cameo_examples: skipped, {table} not found (the benchmark needs the shared peer files)")
        return 0

    from tacitus.article import make_article
    from tacitus.pipeline import Coder, extract

    coder = Coder.load() if options.coder is None else dataclasses.replace(Coder.load(), mode=options.coder)
    cases = examples(table)
    articles = [make_article("", text, PUBLISHED, origin=f"cameo-example:{code}") for code, text in cases]
    started = time.perf_counter()
    results = list(extract(articles, coder=coder))
    seconds = time.perf_counter() - started
    seen = seen_in_gsr_train([text for _, text in cases], options.shared)
    any_event = root = exact = unseen = unseen_root = unseen_exact = 0
    for (code, text), result, known in zip(cases, results, seen):
        codes = {event.cameo_code for event in result.events}
        any_event += bool(codes)
        root += any(c[:2] == code[:2] for c in codes)
        exact += code in codes
        if not known:
            unseen += 1
            unseen_root += any(c[:2] == code[:2] for c in codes)
            unseen_exact += code in codes
        if options.show_misses and not any(c[:2] == code[:2] for c in codes):
            print(f"MISS {code} got {sorted(codes) or '-'}: {text}")
    n = len(cases)
    print(f"CAMEO codebook examples: {n} sentences coded in {seconds:.1f} s (coder {coder.mode})")
    print(f"  with any event:       {any_event:4d}  {any_event / n:6.1%}")
    print(f"  right root code:      {root:4d}  {root / n:6.1%}")
    print(f"  exact code:           {exact:4d}  {exact / n:6.1%}")
    if coder.mode != "rules" and unseen:  # the model trained on the GSR train half: count the rest apart
        print(f"  not in the GSR train half (the model never saw them): {unseen} of {n}")
        print(f"    right root code:    {unseen_root:4d}  {unseen_root / unseen:6.1%}")
        print(f"    exact code:         {unseen_exact:4d}  {unseen_exact / unseen:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
