"""A core-only install (no extra) reads, extracts, stores, queries and exports, and every other
feature says in one line which extra to install.

Two lanes run the same checks (``tests/core_only.py``). The quick one runs this venv's Tacitus with
the extras' packages blocked. The slow one installs the core alone (``pip install tacitus`` of this
checkout, from PyPI through pip's cache) into a fresh venv, which also proves that the core's
dependencies pull in no extra's package.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from core_only import EXTRA_PACKAGES
from tacitus.errors import MissingExtraError
from tacitus.extras import EXTRAS, require

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "tests" / "fixtures" / "articles"
CHECKS = REPO / "tests" / "core_only.py"


def _run(*command: str | Path) -> str:
    result = subprocess.run(
        list(map(str, command)), check=False, capture_output=True, text=True, timeout=900, cwd=REPO
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


def test_the_extras_tacitus_names_are_the_extras_pyproject_defines_and_all_holds_them() -> None:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert set(EXTRAS) == set(extras) - {"all", "test"}
    [everything] = extras["all"]
    assert set(re.fullmatch(r"tacitus\[(.+)\]", everything).group(1).split(",")) == set(EXTRAS)  # type: ignore[union-attr]


def test_a_missing_package_is_one_line_naming_the_extra_and_still_an_import_error() -> None:
    with pytest.raises(ImportError) as missing:
        require("plot", "no_such_package_here", feature="--plot")
    assert isinstance(missing.value, MissingExtraError)
    assert str(missing.value) == (
        "--plot needs the plot extra (no_such_package_here is not installed): pip install 'tacitus[plot]'"
    )
    require("plot", "json", feature="--plot")  # an installed package: nothing to say


def test_the_core_without_extras_ingests_queries_exports_and_names_the_missing_extras(tmp_path: Path) -> None:
    assert "3 articles ingested" in _run(sys.executable, CHECKS, "--block-extras", ARTICLES, tmp_path)


@pytest.mark.slow
def test_a_fresh_venv_with_only_the_core_install_does_the_same(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy, so that the build leaves nothing in the checkout
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # this venv's pip installs into the new one; --no-compile: byte-compiling 500 MB costs more than it saves
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile", source)

    pulled = _run(python, "-c", f"import importlib.util as u; print([p for p in {EXTRA_PACKAGES!r} if u.find_spec(p)])")
    assert pulled.strip() == "[]", "the core install pulled in packages of an extra"
    work = tmp_path / "work"
    work.mkdir()
    assert "3 articles ingested" in _run(python, CHECKS, ARTICLES, work)
    serve = subprocess.run([venv / "bin" / "tacitus", "serve"], check=False, capture_output=True, text=True, timeout=120,
                           cwd=tmp_path)
    assert (serve.returncode, serve.stderr) == (
        2, "error: tacitus serve needs the web extra (fastapi is not installed): pip install 'tacitus[web]'\n"
    )  # fmt: skip
