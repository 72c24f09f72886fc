"""Code one-sentence probes and show what each gives: a quick look at kinds of event, not a score.

Each non-blank line of FILE not starting with ``#`` is coded as an article of its own, published on
``--date`` (default 2024-03-06, a Wednesday). Lines marked ``--`` gave no event; the last line counts
them. The probe files in ``examples/probes/`` are our own sentences in the shapes of wire stories
(``broad-tuned.txt``: the sentences the broad-event rules were written from; ``broad-heldout.txt``:
written before those rules were read). Whether an event found is right is for the reader to judge --
unless the file gives, on a ``# expect: SRC->TGT CODE`` line (or ``# expect: none``) before a probe, the
event it should give: ``--score`` then counts the probes coded with that CAMEO code between actors whose
codes start with SRC and TGT, and those with its PLOVER type between them (``none``: no event at all).

    .venv/bin/python tools/probe_sentences.py examples/probes/broad-heldout.txt
    .venv/bin/python tools/probe_sentences.py --score examples/probes/intent-heldout.txt
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tacitus.article import make_article
from tacitus.codebook import cameo
from tacitus.pipeline import extract
from tacitus.records import Event


def _expected(lines: list[str]) -> list[str | None]:
    """The ``# expect:`` line before each probe line (``None`` where there is none)."""
    found: list[str | None] = []
    expect = None
    for line in lines:
        if line.startswith("# expect:"):
            expect = line.split(":", 1)[1].strip()
        elif line.strip() and not line.startswith("#"):
            found.append(expect)
            expect = None
    return found


def _hit(expect: str, events: list[Event]) -> tuple[bool, bool]:
    """(right code and dyad, right PLOVER type and dyad) of one probe's events against its expectation."""
    if expect == "none":
        return not events, not events
    dyad, code = expect.split()
    source, target = dyad.split("->")
    between = [e for e in events if e.source.code.startswith(source) and e.target is not None
               and e.target.code.startswith(target)]
    return any(e.cameo_code == code for e in between), any(e.plover_type == cameo(code).plover_type for e in between)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="one sentence (or short story) a line")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2024, 3, 6),
                        help="publication date of every line (default 2024-03-06)")
    parser.add_argument("--score", action="store_true",
                        help="count the probes that give the event of their '# expect:' line")
    options = parser.parse_args()
    text = options.file.read_text(encoding="utf-8").splitlines()
    lines = [line.strip() for line in text if line.strip() and not line.startswith("#")]
    expected = _expected(text)
    exact = typed = scored = 0
    articles = [make_article("", line, options.date, origin=f"{options.file}:{n}") for n, line in enumerate(lines, 1)]
    empty = 0
    for line, expect, result in zip(lines, expected, extract(articles), strict=True):
        coded = [f"{e.source.code}->{e.target.code if e.target else '-'} {e.plover_type} {e.cameo_code} {e.date}"
                 for e in result.events]
        empty += not coded
        mark = "   " if coded else "-- "
        if options.score and expect is not None:
            right_code, right_type = _hit(expect, result.events)
            exact, typed, scored = exact + right_code, typed + right_type, scored + 1
            mark = "ok " if right_code else ("~  " if right_type else "XX ")
        print(mark + line[:95].ljust(97) + "; ".join(coded))
    print(f"no event: {empty} of {len(lines)}")
    if options.score:
        print(f"expected event: right code and dyad {exact} of {scored}, right PLOVER type and dyad {typed} of {scored}")


if __name__ == "__main__":
    main()
