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
    "mr mrs ms dr sir general gen maj lt col brig admiral adm president premier minister "
    "sheikh sayyed seyed ayatollah hojatoleslam".split()
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


def same_person(a: str, b: str) -> bool:
    """True when two names plausibly denote the same person (country/sector checked by callers).

    Family names (last tokens) must agree after folding; given names (first tokens) must agree
    when both names have more than one token. Middle names are ignored.
    """
    ta, tb = normalize_name(a).split(), normalize_name(b).split()
    if not ta or not tb:
        return False
    if fold_token(ta[-1]) != fold_token(tb[-1]):
        return False
    if len(ta) > 1 and len(tb) > 1:
        return fold_token(ta[0]) == fold_token(tb[0])
    return True
