"""The golden events of the fixture articles: ``tests/fixtures/articles/expected.jsonl``.

    .venv/bin/python tools/golden_fixtures.py           # show how today's coder differs; exit 1 if it does
    .venv/bin/python tools/golden_fixtures.py --write   # pin today's coder: rewrite expected.jsonl

Each line is one event the coder extracts from one fixture article, as a user sees it: the file,
the date, the source and target actor codes, the CAMEO code and PLOVER type, the modality, whether
it is negated, the place, and the actors' names. Lines are sorted (file, date, source, target,
code), so that a coder change reads as a line diff: review it against what the fixtures' README
says a careful coder extracts, and note there where the coder is still wrong.
``tests/test_pipeline.py`` compares the extraction with this file in full.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
EXPECTED = FIXTURES / "expected.jsonl"


def fixture_files(folder: Path = FIXTURES) -> list[Path]:
    """The fixture articles: every ``.txt`` file of the folder, by name."""
    return sorted(folder.glob("*.txt"))


def golden_lines(files: list[Path]) -> list[str]:
    """One sorted JSON line per event the coder extracts from ``files`` (one article per file)."""
    from tacitus.article import parse_seed
    from tacitus.pipeline import extract

    articles = [parse_seed(path.read_text(encoding="utf-8"), path.name) for path in files]
    lines = []
    for result in extract(articles):
        for event in result.events:
            record: dict[str, Any] = {
                "file": result.article.origin,
                "date": event.date.isoformat(),
                "source": event.source.code,
                "target": event.target.code if event.target else None,
                "cameo": event.cameo_code,
                "plover": event.plover_type,
                "modality": event.modality,
                "negated": event.negated,
                "place": event.place.name if event.place else None,
                "source_name": event.source.name,
                "target_name": event.target.name if event.target else None,
            }
            lines.append(json.dumps(record, ensure_ascii=False))
    return sorted(lines)


def read_expected(path: Path = EXPECTED) -> list[str]:
    """The pinned lines, as written by ``--write``."""
    return path.read_text(encoding="utf-8").splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite {EXPECTED.relative_to(ROOT)}")
    options = parser.parse_args(argv)
    current = golden_lines(fixture_files())
    if options.write:
        EXPECTED.write_text("".join(line + "\n" for line in current), encoding="utf-8")
        print(f"{len(current)} events of {len(fixture_files())} articles written to {EXPECTED.relative_to(ROOT)}")
        return 0
    pinned = read_expected() if EXPECTED.exists() else []
    diff = list(difflib.unified_diff(pinned, current, "expected.jsonl", "today's coder", lineterm=""))
    print("\n".join(diff) if diff else f"today's coder extracts the {len(current)} pinned events")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
