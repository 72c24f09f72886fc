"""The demo: ingest the bundled example corpus and show what Tacitus makes of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tacitus.errors import OptionError
from tacitus.ingest import IngestOptions, ingest
from tacitus.query import timeline
from tacitus.records import IngestReport
from tacitus.store import Store


def example_corpus() -> Path:
    """The example corpus: ``examples/corpus`` under the working directory or the source checkout."""
    candidates = [Path.cwd() / "examples" / "corpus", Path(__file__).resolve().parents[2] / "examples" / "corpus"]
    for folder in candidates:
        if folder.is_dir():
            return folder
    raise OptionError("--corpus", "no examples/corpus folder found here or in the source checkout; pass --corpus DIR")


@dataclass
class DemoResult:
    report: IngestReport
    timeline: pd.DataFrame


def run_demo(store: Store, corpus: Path | None = None, actors: tuple[str, str] = ("IRN", "CHN")) -> DemoResult:
    """Ingest ``corpus`` (default: the example corpus) and return the report and the dyad's timeline."""
    report = ingest([corpus or example_corpus()], store, IngestOptions())
    return DemoResult(report=report, timeline=timeline(store, actors[0], actors[1], limit=None))
