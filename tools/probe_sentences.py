"""Code one-sentence probes and show what each gives: a quick look at kinds of event, not a score.

Each non-blank line of FILE not starting with ``#`` is coded as an article of its own, published on
``--date`` (default 2024-03-06, a Wednesday). Lines marked ``--`` gave no event; the last line counts
them. The probe files in ``examples/probes/`` are our own sentences in the shapes of wire stories
(``broad-tuned.txt``: the sentences the broad-event rules were written from; ``broad-heldout.txt``:
written before those rules were read). Whether an event found is right is for the reader to judge.

    .venv/bin/python tools/probe_sentences.py examples/probes/broad-heldout.txt
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tacitus.article import make_article
from tacitus.pipeline import extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="one sentence (or short story) a line")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2024, 3, 6),
                        help="publication date of every line (default 2024-03-06)")
    options = parser.parse_args()
    lines = [line.strip() for line in options.file.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    articles = [make_article("", line, options.date, origin=f"{options.file}:{n}") for n, line in enumerate(lines, 1)]
    empty = 0
    for line, result in zip(lines, extract(articles), strict=True):
        coded = [f"{e.source.code}->{e.target.code if e.target else '-'} {e.plover_type} {e.cameo_code} {e.date}"
                 for e in result.events]
        empty += not coded
        print(("   " if coded else "-- ") + line[:95].ljust(97) + "; ".join(coded))
    print(f"no event: {empty} of {len(lines)}")


if __name__ == "__main__":
    main()
