"""The event lexicon: trigger words in grammatical frames, and the word lists of the coder, read from data.

Two kinds of data file, both under ``src/tacitus/data/``:

* **pattern files**: ``verbs.yaml`` (hand-written and tuned, tried first), then the generated files
  of ``lexicon/`` named in :data:`GENERATED_FILES` (built by ``tools/build_lexicon.py`` from
  PETRARCH2's CAMEO verb dictionary, the CAMEO and PLOVER codebooks and WordNet). Each entry names
  its ``source`` (``hand``, ``petrarch:DEPLOY``, ``wordnet:bombard<-bomb``, ``codebook:190``), which
  ``tacitus explain`` shows with the pattern that made an event.
* **word lists**: ``lexicon/words.yaml``, named sets of lemmas the rules consult (speech verbs,
  modal auxiliaries, event nouns ...), read into :class:`WordLists`.

Everything is read once (cached); the package needs no WordNet at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import yaml

from tacitus.codebook import cameo
from tacitus.errors import DictionaryError
from tacitus.records import Modality

if TYPE_CHECKING:
    from spacy.tokens import Token

PATTERN_FILE = "verbs.yaml"
GENERATED_FILES = ("lexicon/petrarch.yaml", "lexicon/wordnet.yaml")
"""Generated pattern files, tried after ``verbs.yaml`` in this order (the specific frames win)."""
WORDS_FILE = "lexicon/words.yaml"
POS_VALUES = frozenset({"verb", "noun", "adj"})
_MODALITIES = frozenset(get_args(Modality))


@dataclass(frozen=True)
class Pattern:
    """One lexicon entry: a trigger word in a grammatical frame, and the CAMEO code it states."""

    id: str
    lemmas: frozenset[str]
    code: str
    pos: str = "verb"
    object: frozenset[str] = frozenset()
    not_object: frozenset[str] = frozenset()
    prep: str | None = None
    words: frozenset[str] = frozenset()
    target: tuple[str, ...] = ("dobj",)
    symmetric: bool = False
    places: bool = False  # a place of a known country fills the target ("arrived in Beijing")
    mutual: bool = False  # a symmetric frame that is one event each way ("X and Y signed a treaty")
    modality: Modality = "asserted"
    confidence: float = 0.7
    origin: str = ""  # file:id
    source: str = "hand"  # the dictionary entry it came from: hand, petrarch:DEPLOY, wordnet:bombard<-bomb

    def entry(self) -> str:
        where = self.origin if self.source == "hand" else f"{self.origin} [{self.source}]"
        return f"{where} -> {self.code}"


@dataclass(frozen=True)
class Patterns:
    by_lemma: dict[tuple[str, str], tuple[Pattern, ...]]  # (pos, lemma) -> patterns in file order

    def for_token(self, token: Token) -> tuple[Pattern, ...]:
        pos = _pattern_pos(token)
        if pos is None:
            return ()
        return self.by_lemma.get((pos, token.lemma_.lower()), ())

    def __len__(self) -> int:
        return len({p.origin for group in self.by_lemma.values() for p in group})


def _pattern_pos(token: Token) -> str | None:
    if token.pos_ in ("VERB", "AUX"):
        return "verb"
    if token.pos_ in ("NOUN", "PROPN"):
        return "noun"
    if token.pos_ == "ADJ":
        return "adj"
    return None


_FIELDS = {"id", "lemmas", "code", "pos", "object", "not_object", "prep", "words", "target", "symmetric",
           "places", "mutual", "modality", "confidence", "source"}
_LIST_FIELDS = ("lemmas", "object", "not_object", "words", "target")


def _words(value: Any) -> frozenset[str]:
    return frozenset(str(w).lower() for w in value or [])


def _pattern(row: Any, number: int, path: str | Path) -> Pattern:
    """One entry, checked; a malformed entry raises a one-line error naming the file and the entry."""
    label = f"entry {number}"
    if isinstance(row, dict) and row.get("id"):
        label += f" ({row['id']})"
    if not isinstance(row, dict) or not row.get("lemmas") or not row.get("code"):
        raise DictionaryError(str(path), f"{label} needs 'lemmas' and 'code'")
    unknown = set(row) - _FIELDS
    if unknown:
        raise DictionaryError(str(path), f"{label} has unknown fields {sorted(unknown)}")
    for name in _LIST_FIELDS:
        if name in row and row[name] is not None and not isinstance(row[name], list):
            raise DictionaryError(str(path), f"{label}: '{name}' must be a list, not {row[name]!r}")
    code = str(row["code"])
    try:
        cameo(code)
    except LookupError as exc:
        raise DictionaryError(str(path), f"{label}: {exc}") from exc
    pos = str(row.get("pos", "verb"))
    if pos not in POS_VALUES:
        raise DictionaryError(str(path), f"{label}: pos {pos!r} is not one of {sorted(POS_VALUES)}")
    modality = row.get("modality", "asserted")
    if modality not in _MODALITIES:
        raise DictionaryError(str(path), f"{label}: modality {modality!r} is not one of {sorted(_MODALITIES)}")
    try:
        confidence = float(row.get("confidence", 0.7))
    except (TypeError, ValueError):
        raise DictionaryError(str(path), f"{label}: confidence {row.get('confidence')!r} is not a number") from None
    if not 0.0 <= confidence <= 1.0:
        raise DictionaryError(str(path), f"{label}: confidence {confidence} is not between 0 and 1")
    pattern_id = str(row.get("id") or f"pattern-{number}")
    return Pattern(
        id=pattern_id,
        lemmas=_words(row["lemmas"]),
        code=code,
        pos=pos,
        object=_words(row.get("object")),
        not_object=_words(row.get("not_object")),
        prep=str(row["prep"]).lower() if row.get("prep") else None,
        words=_words(row.get("words")),
        target=tuple(str(t).lower() for t in row.get("target") or ()),
        symmetric=bool(row.get("symmetric", False)),
        places=bool(row.get("places", False)),
        mutual=bool(row.get("mutual", False)),
        modality=modality,
        confidence=confidence,
        origin=f"{Path(path).name}:{pattern_id}",
        source=str(row.get("source") or "hand"),
    )


def read_patterns(path: str | Path) -> list[Pattern]:
    """The patterns of one file: YAML (the built-in ``verbs.yaml``, a generated lexicon file or a user's),
    or a PETRARCH verb dictionary (``--- NAME [code] ---`` blocks, read by :func:`tacitus.petrarch.read_verbs`)."""
    from tacitus import petrarch  # here: petrarch builds Pattern objects from this module

    if petrarch.looks_like_verbs(path):
        return petrarch.read_verbs(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DictionaryError(str(path), f"cannot read event patterns ({exc.__class__.__name__})") from exc
    rows = data.get("patterns") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise DictionaryError(str(path), "expected a 'patterns:' list of event patterns")
    return [_pattern(row, number, path) for number, row in enumerate(rows, start=1)]


def index_patterns(patterns: Iterable[Pattern]) -> Patterns:
    by_lemma: dict[tuple[str, str], list[Pattern]] = {}
    for pattern in patterns:
        for lemma in pattern.lemmas:
            by_lemma.setdefault((pattern.pos, lemma), []).append(pattern)
    return Patterns({key: tuple(value) for key, value in by_lemma.items()})


def _data_file(name: str) -> Path:
    return Path(str(resources.files("tacitus") / "data" / name))


@lru_cache(maxsize=1)
def builtin_list() -> tuple[Pattern, ...]:
    """Every built-in pattern: ``verbs.yaml`` first, then the generated files that exist."""
    patterns = list(read_patterns(_data_file(PATTERN_FILE)))
    for name in GENERATED_FILES:
        path = _data_file(name)
        if path.exists():
            patterns.extend(read_patterns(path))
    return tuple(patterns)


@lru_cache(maxsize=1)
def builtin_patterns() -> Patterns:
    return index_patterns(builtin_list())


def load_patterns(extra: Sequence[str | Path] = ()) -> Patterns:
    """The built-in patterns, with a user's pattern files tried first."""
    if not extra:
        return builtin_patterns()
    mine = [p for file in extra for p in read_patterns(file)]
    return index_patterns([*mine, *builtin_list()])


# -- word lists ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordLists:
    """Named sets of lemmas the coder's rules consult, from ``lexicon/words.yaml``."""

    lists: dict[str, frozenset[str]]

    def __getitem__(self, name: str) -> frozenset[str]:
        try:
            return self.lists[name]
        except KeyError:
            raise KeyError(f"no word list {name!r} in {WORDS_FILE}") from None


def read_word_lists(path: str | Path) -> WordLists:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DictionaryError(str(path), f"cannot read word lists ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise DictionaryError(str(path), "expected a mapping of list names to word lists")
    lists: dict[str, frozenset[str]] = {}
    for name, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DictionaryError(str(path), f"word list {name!r} must be a list of words")
        lists[str(name)] = frozenset(words)
    return WordLists(lists)


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    return read_word_lists(_data_file(WORDS_FILE))


def words(name: str) -> frozenset[str]:
    """The built-in word list ``name`` of ``lexicon/words.yaml`` (e.g. ``"speech_verbs"``)."""
    return word_lists()[name]
