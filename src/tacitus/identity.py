"""Cross-document identity: when two person names denote the same person.

"Mohammad Bagheri" and "Mohammad Hossein Baqeri" are one person when their country (and,
where both are known, their sector) agree and their names agree after folding the usual
transliteration variants (gh/q, kh/k, ou/u, doubled letters) and ignoring middle names.
"""

from __future__ import annotations

import re

from unidecode import unidecode

# Transliteration variants folded before comparing names, applied in order.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("gh", "q"),
    ("kh", "k"),
    ("ph", "f"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("y", "i"),
    ("w", "v"),
    ("j", "dj"),
    ("dj", "j"),
    ("e", "a"),
    ("o", "u"),
)
_HONORIFICS = frozenset(
    ["mr", "mrs", "ms", "dr", "sir", "general", "gen", "maj", "lt", "col", "brig", "admiral", "adm", "president", "premier", "minister", "sheikh", "sayyed", "seyed", "ayatollah", "hojatoleslam"]
)


def normalize_name(name: str) -> str:
    """Lower-case ASCII with punctuation removed and honorifics dropped: the alias index key."""
    text = unidecode(name).lower()
    text = re.sub(r"[^a-z0-9\s-]", " ", text).replace("-", " ")
    tokens = [t for t in text.split() if t not in _HONORIFICS]
    return " ".join(tokens)


def fold_token(token: str) -> str:
    """A transliteration-insensitive form of one name token."""
    folded = token
    for old, new in _FOLDS:
        folded = folded.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", folded)


FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM"})
"""Countries whose names are written family name first: "Xi Jinping" is "Xi", not "Jinping"."""


def _family_forms(tokens: list[str]) -> set[str]:
    """The family name, folded, alone and joined with the word before it ("Amir-Abdollahian")."""
    forms = {fold_token(tokens[-1])}
    if len(tokens) > 2:
        forms.add(fold_token(tokens[-2] + tokens[-1]))
    return forms


def same_person(a: str, b: str, country: str | None = None) -> bool:
    """True when two names plausibly denote the same person (country/sector checked by callers).

    * family names (last tokens) must agree after folding transliteration variants ("Bagheri",
      "Baqeri"); a family name written with or without a hyphen counts once ("Amir-Abdollahian",
      "Amirabdollahian");
    * when both names have a given name, the shorter name's given name must be the longer name's
      given name or one of its middle names ("Javad Zarif" is "Mohammad Javad Zarif");
    * for ``country`` in :data:`FAMILY_NAME_FIRST`, a single name matches the first token
      ("Xi" is "Xi Jinping").
    """
    ta, tb = normalize_name(a).split(), normalize_name(b).split()
    if not ta or not tb:
        return False
    if len(ta) > len(tb):
        ta, tb = tb, ta
    if country in FAMILY_NAME_FIRST and len(ta) == 1 and len(tb) == 2 and fold_token(ta[0]) == fold_token(tb[0]):
        return True
    if not _family_forms(ta) & _family_forms(tb) and fold_token("".join(ta[1:])) != fold_token("".join(tb[1:])):
        return False
    if len(ta) > 1 and len(tb) > 1:
        given = fold_token(ta[0])
        return given in {fold_token(t) for t in tb[:-1]}
    return True
