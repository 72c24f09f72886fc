"""Shared fixtures: a fresh store, the example corpus, and paths to optional shared material."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tacitus.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_CORPUS = REPO / "examples" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"  # present on the developers' machines and in CI, never required


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty Tacitus database in a temporary folder."""
    with open_store(tmp_path / "test.db") as fresh:
        yield fresh
