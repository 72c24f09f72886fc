"""Which lexicon sources, fallback rules and confidence levels earn their keep: hits against false
positives of every coded event, per rule, on development gold sets (never a blind set).

    .venv/bin/python tools/precision_audit.py [--shared ../shared] [--sets voa-dev,voa-dev2,gsr-train]
        [--events events.jsonl] [--compare before.jsonl]

A set is one of ``voa-dev`` (``eval/voa-gold.jsonl``), ``voa-dev2``
(``examples/gold/voa-blind1-gold.jsonl``, read for errors since December 2026), ``corpus``,
``heldout``, ``heldout2`` and ``gsr-train`` (the PLOVER GSR train half: an event of the record's
type and dyad is a hit, any other event of the sentence a false positive). Prints, per set and
overall, one row per lexicon source (``hand``, ``petrarch``, ``wordnet``, ``codebook``), per
target fallback (``rules:focal-country`` ...), per confidence band, and the precision and recall
each confidence threshold would give. ``--events`` writes every coded event with its verdict;
``--compare`` reads such a file written before a change and prints, per set, hits and false positives
before and after, and every event gained or lost (what a rule change fixed and what it broke).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from tacitus.records import Event

ROOT = Path(__file__).resolve().parent.parent
GOLD_SETS = {
    "voa-dev": ("{shared}/eval/voa-gold.jsonl", "{shared}/corpora/voa/articles"),
    "voa-dev2": (f"{ROOT}/examples/gold/voa-blind1-gold.jsonl", "{shared}/corpora/voa/articles"),
    "corpus": (f"{ROOT}/examples/gold/corpus-gold.jsonl", f"{ROOT}/examples/corpus"),
    "heldout": (f"{ROOT}/examples/gold/heldout-gold.jsonl", f"{ROOT}/examples/heldout"),
    "heldout2": (f"{ROOT}/examples/gold/heldout2-gold.jsonl", f"{ROOT}/examples/heldout2"),
}


def lexicon_source(event: Event) -> str:
    """The kind of lexicon entry that made the event: hand, petrarch, wordnet or codebook."""
    rule = event.rule or ""
    for kind in ("petrarch", "wordnet", "codebook"):
        if rule.startswith(kind) or any(f"[{kind}:" in e for e in event.dictionary_entries[:1]):
            return kind
    return "hand"


def fallback(event: Event) -> str:
    return next((e for e in event.dictionary_entries if e.startswith("rules:")), "named target")


def band(event: Event) -> str:
    return f"{int(event.confidence * 10) / 10:.1f}"


def verdicts(name: str, shared: Path) -> Iterator[tuple[str, Event, bool]]:
    """(article or record id, event, hit?) for every event coded on one set."""
    if name == "gsr-train":
        from tacitus import gsr
        from tacitus.pipeline import extract

        train, _ = gsr.split(gsr.read_gsr(shared / gsr.GSR_FILE))
        for record, result in zip(train, extract(gsr.articles(train))):
            hit_found = False
            for event in result.events:
                hit = not hit_found and event.plover_type == record.plover and gsr._same_dyad(record, event)
                hit_found = hit_found or hit
                yield record.id, event, hit
        return
    from tacitus.evaluate import evaluate

    gold, folder = (part.format(shared=shared) for part in GOLD_SETS[name])
    for article in evaluate(gold, folder).articles:
        for pair in article.hits:
            yield article.file, pair.extracted, True
        for event in article.false_positives:
            yield article.file, event, False


def table(title: str, rows: Counter[tuple[str, bool]]) -> None:
    print(f"  {title:<34} {'hits':>5} {'FP':>5} {'prec':>6}")
    for key in sorted({k for k, _ in rows}, key=lambda k: -(rows[(k, True)] + rows[(k, False)])):
        hits, fps = rows[(key, True)], rows[(key, False)]
        print(f"  {key[:34]:<34} {hits:5d} {fps:5d} {hits / (hits + fps):6.2f}")


VerdictKey = tuple[str, str, bool, str, str, str, str]


def verdict_keys(lines: list[str]) -> Counter[VerdictKey]:
    """The coded events of an ``--events`` file, counted by set, story, verdict, dyad, type, trigger, evidence."""
    found: Counter[VerdictKey] = Counter()
    for line in lines:
        row = json.loads(line)
        found[(row["set"], row["where"], row["hit"], row["dyad"], row["plover"] or "", row["trigger"],
               row["evidence"][:90])] += 1
    return found


def compare(before: Counter[VerdictKey], after: Counter[VerdictKey]) -> list[str]:
    """Hits and false positives per set before and after, then each event gained (+) or lost (-)."""
    lines = []
    for name in sorted({k[0] for k in before} | {k[0] for k in after}):
        counts = [(sum(n for k, n in side.items() if k[0] == name and k[2]),
                   sum(n for k, n in side.items() if k[0] == name and not k[2])) for side in (before, after)]
        lines.append(f"{name}: hits {counts[0][0]} -> {counts[1][0]}, false positives {counts[0][1]} -> {counts[1][1]}")
    for key in sorted(set(before) | set(after)):
        if before[key] != after[key]:
            sign = "+" if after[key] > before[key] else "-"
            lines.append(f"  {sign} {'HIT' if key[2] else 'FP '} {key[0]} {key[1]} {key[3]} {key[4]} "
                         f"{key[5]!r} | {key[6]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sets", default="voa-dev,voa-dev2,gsr-train")
    parser.add_argument("--events", type=Path, help="write every coded event and its verdict (JSON Lines)")
    parser.add_argument("--compare", type=Path, help="an --events file of an earlier run: print what changed")
    options = parser.parse_args(argv)
    if not options.shared.is_dir():
        options.shared = Path("/work/shared")
    if options.compare is not None and not options.events:
        parser.error("--compare needs --events (the file this run writes)")
    out = options.events.open("w", encoding="utf-8") if options.events else None
    for name in options.sets.split(","):
        by_source: Counter[tuple[str, bool]] = Counter()
        by_fallback: Counter[tuple[str, bool]] = Counter()
        by_band: Counter[tuple[str, bool]] = Counter()
        for where, event, hit in verdicts(name, options.shared):
            by_source[(lexicon_source(event), hit)] += 1
            by_fallback[(fallback(event), hit)] += 1
            by_band[(band(event), hit)] += 1
            if out is not None:
                out.write(json.dumps({"set": name, "where": where, "hit": hit, "rule": event.rule,
                                      "source": lexicon_source(event), "fallback": fallback(event),
                                      "confidence": event.confidence, "plover": event.plover_type,
                                      "dyad": f"{event.source.code}->{event.target.code if event.target else '-'}",
                                      "trigger": event.provenance.trigger,
                                      "evidence": event.provenance.evidence[:160]}) + "\n")
        print(f"{name}:")
        table("lexicon source", by_source)
        table("target", by_fallback)
        table("confidence band", by_band)
    if out is not None:
        out.close()
    if options.compare is not None and options.events is not None:
        before = verdict_keys(options.compare.read_text(encoding="utf-8").splitlines())
        after = verdict_keys(options.events.read_text(encoding="utf-8").splitlines())
        print("\n".join(compare(before, after)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
