"""The CAMEO codebook with Goldstein scores, QuadClass and the PLOVER equivalent of every code.

The table is ``data/cameo.csv``: one row per CAMEO code, roots ("04") and leaves ("040",
"0431"), codes kept as strings with their leading zeros. Goldstein values are the published
per-code weights; the PLOVER columns follow the official CAMEO -> PLOVER table (2021), with
two documented choices where that table is silent:

* 01x (public statements) have no PLOVER type: PLOVER drops them;
* 02x (appeals) are coded REQUEST, as POLECAT does, with the mode and context of the
  matching demand (022 takes 102's ``assist``/``diplomatic``).

>>> cameo("040").name, cameo("040").goldstein, cameo("040").plover_type
('Consult', 1.0, 'CONSULT')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from tacitus.datafiles import read_rows
from tacitus.errors import DictionaryError, UnknownCameoCodeError, UnknownPloverTypeError

CODEBOOK_FILE = "cameo.csv"

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code and what it means."""

    code: str  # "040", "0431", or a root "04"
    name: str  # a short label: "Consult"
    goldstein: float  # -10 (most conflictual) .. +10 (most cooperative)
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    plover_type: str | None  # None for 01x statements
    plover_mode: str | None
    plover_context: str | None

    @property
    def root(self) -> str:
        """The two-digit root code: "04" for "040" and "0431"."""
        return self.code[:2]

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2

    def event_fields(self) -> dict[str, Any]:
        """The :class:`~tacitus.records.Event` fields this code fixes: ``Event(**code.event_fields(), ...)``."""
        return {
            "cameo_code": self.code,
            "cameo_name": self.name,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "plover_context": self.plover_context,
        }


def cameo(code: str) -> CameoCode:
    """The codebook entry of ``code`` ("040"); raises :class:`UnknownCameoCodeError` if unknown."""
    wanted = str(code).strip()
    entry = _table().get(wanted)
    if entry is None:
        padded = (wanted.zfill(2), wanted.zfill(3)) if wanted.isdigit() else ()
        guesses = [g for g in padded if g != wanted and g in _table()]
        raise UnknownCameoCodeError(wanted, guesses, len(_table()))
    return entry


def is_cameo_code(code: str) -> bool:
    """Whether ``code`` is in the codebook (leading zeros count: "40" is not, "040" is)."""
    return str(code).strip() in _table()


def all_codes() -> tuple[CameoCode, ...]:
    """Every code in codebook order: 01, 010, 011, ..., 20, 200, ..., 2042."""
    return tuple(_table().values())


def root_codes() -> tuple[CameoCode, ...]:
    """The twenty root codes, 01 to 20."""
    return tuple(c for c in _table().values() if c.is_root)


def plover_types() -> tuple[str, ...]:
    """The sixteen PLOVER event types, in the order of the PLOVER manual."""
    return PLOVER_TYPES


def cameo_codes_for_plover(plover_type: str) -> tuple[CameoCode, ...]:
    """The CAMEO codes whose PLOVER type is ``plover_type`` ("CONSULT" -> 04, 040, ..., 046)."""
    wanted = plover_type.strip().upper()
    if wanted not in PLOVER_TYPES:
        raise UnknownPloverTypeError(plover_type, PLOVER_TYPES)
    return tuple(c for c in _table().values() if c.plover_type == wanted)


@cache
def _table() -> dict[str, CameoCode]:
    columns = ("code", "name", "goldstein", "quad_class", "plover_type", "plover_mode", "plover_context")
    table: dict[str, CameoCode] = {}
    for line, row in read_rows(CODEBOOK_FILE, columns):
        try:
            entry = CameoCode(
                code=row["code"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover_type=row["plover_type"] or None,
                plover_mode=row["plover_mode"] or None,
                plover_context=row["plover_context"] or None,
            )
        except ValueError as exc:
            raise DictionaryError(
                CODEBOOK_FILE, f"malformed row ({exc}); fix or restore the file", line
            ) from exc
        if entry.plover_type is not None and entry.plover_type not in PLOVER_TYPES:
            raise DictionaryError(CODEBOOK_FILE, f"unknown PLOVER type {entry.plover_type!r}", line)
        table[entry.code] = entry
    return table
