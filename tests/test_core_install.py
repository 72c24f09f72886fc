"""A core-only install (no extra) reads, extracts, stores, queries and exports, and every other
feature says in one line which extra to install.

Two lanes run the same checks. The quick one runs this venv's Tacitus with the extras' packages
blocked (``tests/core_only.py``). The slow one installs the core alone (``pip install tacitus``,
from PyPI through pip's cache) into a fresh venv, which also proves that the core's dependencies
pull in no extra's package.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from core_only import EXTRA_PACKAGES

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "tests" / "fixtures" / "articles"
CORPUS = ("01_coordination.txt", "03_reported_speech.txt", "04_negation.txt")

Run = Callable[..., "subprocess.CompletedProcess[str]"]


@dataclass(frozen=True)
class Install:
    """How to run the installed ``tacitus`` command and the installed Python."""

    tacitus: list[str]
    python: list[str]

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return _run([*self.tacitus, *map(str, args)])

    def code(self, code: str) -> subprocess.CompletedProcess[str]:
        return _run([*self.python, "-c", code])


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=False, capture_output=True, text=True, timeout=900, cwd=REPO)


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _needs_extra(result: subprocess.CompletedProcess[str], feature: str, extra: str, package: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == (
        f"error: {feature} needs the {extra} extra ({package} is not installed): pip install 'tacitus[{extra}]'\n"
    )


def check_core(install: Install, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in CORPUS:
        shutil.copy(ARTICLES / name, corpus / name)
    db = tmp_path / "core.db"

    summary = _ok(install.run("ingest", corpus, "--db", db))
    assert summary.startswith("read 3 articles: 3 new") and "; 0 rejected" in summary

    meetings = json.loads(_ok(install.run("events", "--dyad", "CHN", "SAU", "--format", "json", "--db", db)))
    assert {(e["source_country"], e["target_country"], e["plover_type"]) for e in meetings} == {
        ("CHN", "SAU", "CONSULT")
    }
    api = install.code(
        "import tacitus\n"
        f"frame = tacitus.open({str(db)!r}).events(dyad=('CHN', 'IRN'), plover='CONSULT')\n"
        "print(sorted(set(frame['source_name'])))"
    )
    assert _ok(api).strip() == "['Qin Gang']"

    stored = json.loads(_ok(install.run("stats", "--format", "json", "--db", db)))["events"]
    assert stored > 0
    jsonl, csv, gdelt = tmp_path / "events.jsonl", tmp_path / "events.csv", tmp_path / "events.gdelt.tsv"
    _ok(install.run("export", "--format", "jsonl", "--out", jsonl, "--db", db))
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(records) == stored and all(r["evidence"] and r["cameo_code"] for r in records)
    _ok(install.run("export", "--format", "csv", "--out", csv, "--db", db))
    assert len(csv.read_text(encoding="utf-8").splitlines()) == stored + 1
    _ok(install.run("export", "--format", "gdelt", "--out", gdelt, "--db", db))
    assert len(gdelt.read_text(encoding="utf-8").splitlines()) == stored + 1  # a header line

    _needs_extra(install.run("serve", "--db", db), "tacitus serve", "web", "fastapi")
    plot = tmp_path / "dyad.png"
    _needs_extra(install.run("dyad", "CHN", "IRN", "--plot", plot, "--db", db), "--plot", "plot", "matplotlib")
    assert not plot.exists()
    parquet = tmp_path / "events.parquet"
    _needs_extra(install.run("export", "--format", "parquet", "--out", parquet, "--db", db),
                 "--format parquet", "parquet", "pyarrow")  # fmt: skip
    assert not parquet.exists()
    _needs_extra(install.run("ingest", corpus, "--engine", "dask", "--db", db),
                 "--engine dask", "distributed", "distributed")  # fmt: skip


def test_the_core_without_extras_ingests_queries_exports_and_names_the_missing_extras(tmp_path: Path) -> None:
    script = str(REPO / "tests" / "core_only.py")
    check_core(Install(tacitus=[sys.executable, script], python=[sys.executable, script]), tmp_path)


@pytest.mark.slow
def test_a_fresh_venv_with_only_the_core_install_does_the_same(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy, so that the build leaves nothing in the repository
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    venv = tmp_path / "venv"
    _ok(_run([sys.executable, "-m", "venv", "--without-pip", str(venv)]))
    python = venv / "bin" / "python"
    # this venv's pip installs into the new one; --no-compile: byte-compiling 500 MB costs more than it saves
    _ok(_run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-compile", str(source)]))

    missing = _ok(_run([str(python), "-c", f"import importlib.util as u; print([p for p in {EXTRA_PACKAGES!r} if u.find_spec(p)])"]))
    assert missing.strip() == "[]", "the core install pulled in packages of an extra"
    check_core(Install(tacitus=[str(venv / "bin" / "tacitus")], python=[str(python)]), tmp_path)
