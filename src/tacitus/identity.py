"""Cross-document identity: when two person names denote the same person.

Two checks live here:

* :func:`same_person`: can two spellings name one person? "Mohammad Bagheri" and "Mohammad
  Hossein Baqeri" can (transliteration variants folded, a middle name ignored); "Biden" and
  "Trump" cannot (two one-word names must be the same family name).
* :func:`person_identity`: the key under which the store files a person, computed from the
  mention alone (never from what the store happened to hold first), so the stored persons are
  the same whatever order the articles come in. A person is merged across articles only on
  evidence: the same full name (after folding transliteration variants) in the same country, a
  known alias (``persons.csv`` lists both names for one person), or, for a surname alone, the
  same surname, country and sector. A surname alone is never merged with a full name that
  ``persons.csv`` does not know: "Okafor" may or may not be "Chidi Okafor".
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
    rest_a, rest_b = fold_token("".join(ta[1:])), fold_token("".join(tb[1:]))
    if not _family_forms(ta) & _family_forms(tb) and (not rest_a or rest_a != rest_b):
        return False  # different family names ("Biden", "Trump"), unless all but the first word agree
    if len(ta) > 1 and len(tb) > 1:
        given = fold_token(ta[0])
        return given in {fold_token(t) for t in tb[:-1]}
    return True


def person_identity(
    name: str,
    aliases: tuple[str, ...] = (),
    *,
    country: str | None = None,
    sector: str | None = None,
    code: str | None = None,
) -> str:
    """The store's identity key of a person, from the mention alone (see the module docstring).

    * a name or alias that ``persons.csv`` knows, for the same country or organisation code:
      ``person:IRN:ebrahim raisi`` for "Raisi" and for "Ebrahim Raisi";
    * otherwise a name of two words or more: the folded full name, ``person:IRN:kasam sulaimani``
      for both "Qassem Soleimani" and "Ghasem Soleimani";
    * otherwise (a surname alone): the folded surname with the sector, ``person:NGA:ukafur:GOV``.
    """
    place = country or code or "-"
    known = known_person(name, aliases, country=country, code=code)
    if known is not None:
        return f"person:{place}:{normalize_name(known)}"
    tokens = normalize_name(name).split() or [name.lower()]
    folded = " ".join(fold_token(token) for token in tokens)
    if len(tokens) > 1:
        return f"person:{place}:{folded}"
    return f"person:{place}:{folded}:{sector or '-'}"


def known_person(
    name: str, aliases: tuple[str, ...] = (), *, country: str | None = None, code: str | None = None
) -> str | None:
    """The ``persons.csv`` name of the well-known person one of these names denotes, if the
    country (or, for officials of international organisations, the code) agrees."""
    from tacitus.dictionaries import builtin_dictionaries

    tables = builtin_dictionaries()
    for candidate in sorted((name, *aliases), key=lambda n: (-len(n.split()), n)):
        entry = tables.person(candidate)
        if entry is None:
            continue
        actor = entry.actor
        if (country and actor.country == country) or (not country and code and actor.code == code):
            return actor.name
    return None
