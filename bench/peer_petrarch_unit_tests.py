"""Peer benchmark: the PETRARCH unit-test sentences, coded with the PETRARCH validation dictionaries.

PETRARCH's unit tests (``PETR.UnitTest.records.xml``) give stylised sentences, many about
fictional actors (Arnor, Gondor), with the (source, target, event code) triples PETRARCH must
produce. We load its validation actor and agent dictionaries with :mod:`tacitus.petrarch`
(as ``--dict`` files, on top of the built-ins) and, as PETRARCH runs these tests, its validation
verb dictionary (as a ``--patterns`` file, tried before the built-in lexicon: the expected codes
come from it, e.g. "restore ties" -> 064, "welcome" -> 041; ``--no-verbs`` leaves it out), code
each sentence as a one-sentence article dated as the record says (an actor's dated code is the one
in force that day, as in PETRARCH), and count the sentences whose
set of triples is exactly right. The files are read from the shared peer folder at run time
only, never copied.

    .venv/bin/python bench/peer_petrarch_unit_tests.py [--shared /work/shared] [--show-misses] [--no-verbs]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

SHARED = Path(os.environ.get("TACITUS_SHARED", "/work/shared"))
FOLDER = Path("peers/openeventdata+petrarch2")

Triple = tuple[str, str, str]


def records(path: Path) -> list[tuple[str, dt.date, str, set[Triple]]]:
    """(id, date, text, expected triples) for every unit-test sentence that expects a coding."""
    found = []
    for sentence in ET.parse(path).getroot().iter("Sentence"):
        codings = sentence.findall("EventCoding")
        if any("error" in coding.attrib for coding in codings):
            continue  # records that test PETRARCH's own error handling
        expected = {
            (
                c.attrib["sourcecode"].strip('"'),
                c.attrib["targetcode"].strip('"'),
                c.attrib["eventcode"].strip('"'),
            )
            for c in codings
            if "eventcode" in c.attrib
        }
        text_node = sentence.find("Text")
        text = " ".join((text_node.text or "").split()) if text_node is not None else ""
        if not text:
            continue
        day = dt.datetime.strptime(sentence.attrib["date"], "%Y%m%d").date()
        found.append((sentence.attrib.get("id", "?"), day, text, expected))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=SHARED, help="the folder holding peers/ (default /work/shared)"
    )
    parser.add_argument("--show-misses", action="store_true", help="print the sentences not coded exactly")
    parser.add_argument(
        "--no-verbs", action="store_true",
        help="code with the built-in lexicon only, without PETRARCH's validation verb dictionary",
    )
    options = parser.parse_args()
    folder = options.shared / FOLDER
    needed = [
        folder / name
        for name in ("PETR.UnitTest.records.xml", "PETR.Validate.actors.txt", "PETR.Validate.agents.txt",
                     "PETR.Validate.verbs.txt")
    ]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        print(
            f"peer_petrarch_unit_tests: skipped, {', '.join(missing)} not found "
            "(the benchmark needs the shared peer files)"
        )
        return 0

    from tacitus.article import make_article
    from tacitus.dictionaries import load_dictionaries
    from tacitus.lexicon import load_patterns, read_patterns
    from tacitus.petrarch import read_actors, read_agents
    from tacitus.pipeline import Coder, extract
    from tacitus.records import ArticleResult

    actors = sum(1 for _ in read_actors(needed[1]))
    agents = sum(1 for _ in read_agents(needed[2]))
    verbs = [] if options.no_verbs else [needed[3]]
    patterns = load_patterns(verbs)
    cases = records(needed[0])
    # PETRARCH picks an actor's dated code ("[HOBGOV 19950601 - 19990815]") by the sentence's date: one
    # coder per set of codes in force, with the actor file read for that day
    by_codes: dict[tuple[str, ...], list[int]] = {}
    for number, (_, day, _, _) in enumerate(cases):
        key = tuple(entry.actor.code for entry in read_actors(needed[1], on=day))
        by_codes.setdefault(key, []).append(number)
    results: list[ArticleResult | None] = [None] * len(cases)
    started = time.perf_counter()
    for numbers in by_codes.values():
        day = cases[numbers[0]][1]
        tables = load_dictionaries([needed[2]])
        for entry in read_actors(needed[1], on=day):  # as Dictionaries.extend does, with the day's codes
            if entry.actor.kind == "country" and entry.actor.country:
                tables.countries.setdefault(entry.actor.country, entry.actor)
            tables.add_actor(entry, "country" if entry.actor.kind == "country" else "organisation")
        articles = [
            make_article("", cases[n][2], cases[n][1], origin=f"petrarch-unit-test:{cases[n][0]}") for n in numbers
        ]
        for n, result in zip(numbers, extract(articles, coder=Coder(tables, patterns))):
            results[n] = result
    seconds = time.perf_counter() - started
    exact = triples_found = triples_expected = triples_coded = no_event_right = no_event_cases = 0
    dyads_right = roots_right = 0
    for (ident, _, text, expected), result in zip(cases, results):
        assert result is not None
        coded = {
            (event.source.code, event.target.code if event.target else "", event.cameo_code)
            for event in result.events
        }
        exact += coded == expected
        # the same (source, target) pairs whatever the codes: the actor dictionaries and the grammar,
        # apart from the validation verb dictionary's made-up codes ("restore ties" -> 064)
        dyads_right += bool(expected) and {(s, t) for s, t, _ in coded} == {(s, t) for s, t, _ in expected}
        roots_right += bool(expected) and {(s, t, c[:2]) for s, t, c in coded} == {(s, t, c[:2]) for s, t, c in expected}
        triples_expected += len(expected)
        triples_coded += len(coded)
        triples_found += len(coded & expected)
        if not expected:
            no_event_cases += 1
            no_event_right += not coded
        if options.show_misses and coded != expected:
            print(f"{ident}: expected {sorted(expected)} coded {sorted(coded)}: {text}")
    n = len(cases)
    print(
        f"PETRARCH unit tests: {n} sentences ({no_event_cases} expecting no event) coded in {seconds:.1f} s, "
        f"with {actors} actor and {agents} agent phrases read by tacitus.petrarch"
        + ("" if options.no_verbs else f" and {len(read_patterns(needed[3]))} patterns from its verb dictionary")
    )
    print(f"  coded exactly (source, target, event code): {exact:4d}  {exact / n:6.1%}")
    with_events = max(n - no_event_cases, 1)
    print(f"  right (source, target, root code) pairs:     {roots_right:4d}  {roots_right / with_events:6.1%} "
          "of the sentences expecting events")
    print(f"  right (source, target) pairs, any code:      {dyads_right:4d}  {dyads_right / with_events:6.1%} "
          "of the sentences expecting events")
    print(
        f"  expected triples found:                     {triples_found:4d}  "
        f"{triples_found / max(triples_expected, 1):6.1%} of {triples_expected}"
    )
    print(
        f"  coded triples that are expected:            {triples_found:4d}  "
        f"{triples_found / max(triples_coded, 1):6.1%} of {triples_coded}"
    )
    print(
        f"  no-event sentences left without events:     {no_event_right:4d}  "
        f"{no_event_right / max(no_event_cases, 1):6.1%}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
