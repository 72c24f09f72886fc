"""Peer benchmark: code every example sentence of the CAMEO codebook and count the right codes.

The ICEWS/andybega CAMEO table (``cameo-codes.csv``) gives one example sentence for most leaf
codes. Each sentence is coded as a one-sentence article (``tacitus.pipeline.extract``); we count
the examples for which some extracted event has the example's root code, and its exact code.
The sentences are read from the shared peer folder at run time only, never copied.

    .venv/bin/python bench/peer_cameo_examples.py [--shared /work/shared] [--show-misses]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import time
from pathlib import Path

SHARED = Path(os.environ.get("TACITUS_SHARED", "/work/shared"))
TABLE = Path("peers/andybega+icews/cameo-codes.csv")
MOJIBAKE = {"\u201a\u00c4\u00f4": "\u2019", "\u201a\u00c4\u00fa": "\u201c", "\u201a\u00c4\u00f9": "\u201d"}
PUBLISHED = dt.date(2000, 1, 5)  # a Wednesday; the examples carry no dates of their own


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
    options = parser.parse_args()
    table = options.shared / TABLE
    if not table.is_file():
        print(f"peer_cameo_examples: skipped, {table} not found (the benchmark needs the shared peer files)")
        return 0

    from tacitus.article import make_article
    from tacitus.pipeline import extract

    cases = examples(table)
    articles = [make_article("", text, PUBLISHED, origin=f"cameo-example:{code}") for code, text in cases]
    started = time.perf_counter()
    results = list(extract(articles))
    seconds = time.perf_counter() - started
    any_event = root = exact = 0
    for (code, text), result in zip(cases, results):
        codes = {event.cameo_code for event in result.events}
        any_event += bool(codes)
        root += any(c[:2] == code[:2] for c in codes)
        exact += code in codes
        if options.show_misses and not any(c[:2] == code[:2] for c in codes):
            print(f"MISS {code} got {sorted(codes) or '-'}: {text}")
    n = len(cases)
    print(f"CAMEO codebook examples: {n} sentences coded in {seconds:.1f} s")
    print(f"  with any event:       {any_event:4d}  {any_event / n:6.1%}")
    print(f"  right root code:      {root:4d}  {root / n:6.1%}")
    print(f"  exact code:           {exact:4d}  {exact / n:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
