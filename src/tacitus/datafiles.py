"""The knowledge tables shipped in ``tacitus/data/``: where they are and how a CSV of them is read.

Every table is a UTF-8 CSV with a header line; list-valued columns separate items with ``|``.
Readers report the file and line of a malformed row (:class:`~tacitus.errors.DictionaryError`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from tacitus.errors import DictionaryError


def data_path(name: str) -> Path:
    """The path of the built-in data file ``name`` ("countries.csv")."""
    return Path(str(resources.files("tacitus").joinpath("data", name)))


def read_rows(
    name: str, columns: tuple[str, ...], path: Path | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` for each row of a data CSV, every value stripped.

    ``path`` reads a user's file in the same format instead of the built-in ``name``.
    Raises :class:`DictionaryError` if a column is missing.
    """
    source = path or data_path(name)
    label = str(path) if path else name
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise DictionaryError(label, f"cannot be read ({exc.strerror}); check the path") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise DictionaryError(
            label, f"missing column(s) {', '.join(missing)}; the header must name {','.join(columns)}", 1
        )
    for line, row in enumerate(reader, start=2):
        yield line, {key: (value or "").strip() for key, value in row.items() if key is not None}


def split_list(value: str) -> tuple[str, ...]:
    """``"US|USA|America"`` -> ``("US", "USA", "America")``; empty items are dropped."""
    return tuple(item.strip() for item in value.split("|") if item.strip())
