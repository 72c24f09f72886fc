"""Reading actor and agent dictionaries written in the PETRARCH (and TABARI) text format.

Actor files hold blocks: a primary phrase, optional ``+`` synonyms, and one or more codes::

    UNITED_STATES [USA]
    +U.S.               # a synonym of the block above
    GOLLUM              # codes may follow on their own lines, restricted in time:
        [HOB < 950601]              before 1 June 1995
        [HOBGOV 19950601 - 19990815]
        [HOBREB > 990816]           after 16 August 1999

Agent files name roles whose country comes from context, with an optional plural in braces
(``{}`` for none; otherwise an "s" is added) and ``!NAME! = A, B`` substitution sets::

    !PERSON! = MAN, MEN, WOMAN, WOMEN
    FOREIGN_MINISTER [~GOVFRM]
    CONGRESS!PERSON! [~LEG]

Everywhere, ``_`` and spaces join words, ``#`` starts a comment and ``<!-- -->`` encloses one.
:func:`read_petrarch` yields :class:`~tacitus.dictionaries.ActorEntry` and
:class:`~tacitus.dictionaries.AgentEntry` records, so PETRARCH files work with ``--dict``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tacitus.codebook import cameo
from tacitus.dictionaries import ActorEntry, AgentEntry
from tacitus.errors import DictionaryError
from tacitus.lexicon import Pattern
from tacitus.records import Actor

NON_COUNTRY_PREFIXES = {"IGO", "NGO", "IMG", "MNC", "NGM"}
"""Code prefixes that are not countries: intergovernmental, non-governmental, militant, business."""

_CODE = re.compile(r"\[([^\]]*)\]")
_DATE = r"\d{6}(?:\d\d)?"
_RESTRICTION = re.compile(
    rf"^(?P<code>[^\s<>]*)\s*(?:(?P<op>[<>])\s*(?P<date>{_DATE})|(?P<start>{_DATE})\s*-\s*(?P<end>{_DATE}))?\s*$"
)
_SUBSTITUTION = re.compile(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$")


@dataclass(frozen=True)
class DatedCode:
    """An actor code, valid from ``start`` to ``end`` (inclusive; None = unbounded)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class _Block:
    line: int
    phrases: list[str] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)


def read_petrarch(path: str | Path, *, on: dt.date | None = None) -> Iterator[ActorEntry | AgentEntry]:
    """The entries of a PETRARCH actor or agent file (agent files have ``[~CODE]`` codes).

    ``on`` picks, for actors whose code changed over time, the code valid that day; without
    it the undated code is used, else the last one listed (usually the current one). An actor
    with dated codes is taken for a person (a role held for a time).
    """
    file = Path(path)
    lines = _clean_lines(file)
    if any("[~" in text or "~]" in text for _, text in lines):
        yield from _agents(file, lines)
    else:
        yield from _actors(file, lines, on)


def read_actors(path: str | Path, *, on: dt.date | None = None) -> Iterator[ActorEntry]:
    """The actor entries of a PETRARCH actor file."""
    for entry in read_petrarch(path, on=on):
        if isinstance(entry, ActorEntry):
            yield entry


def read_agents(path: str | Path) -> Iterator[AgentEntry]:
    """The agent entries of a PETRARCH agent file."""
    for entry in read_petrarch(path):
        if isinstance(entry, AgentEntry):
            yield entry


def parse_code(text: str, where: str = "") -> DatedCode | None:
    """``"HOBGOV 19950601 - 19990815"`` -> a :class:`DatedCode`; None for a null code (``---``)."""
    match = _RESTRICTION.match(text.strip())
    if match is None:
        raise DictionaryError(where or "PETRARCH dictionary", f"cannot read the code [{text}]")
    code = match["code"].upper()
    if not code or not re.search(r"[A-Z0-9]", code):
        return None  # "---", "+++", "###": no code, a discard
    code = code.split("/")[0]  # "ELR/GAL": alternatives, the first one wins
    if match["op"] == "<":
        return DatedCode(code, None, _date(match["date"], where) - dt.timedelta(days=1))
    if match["op"] == ">":
        return DatedCode(code, _date(match["date"], where), None)
    if match["start"]:
        return DatedCode(code, _date(match["start"], where), _date(match["end"], where))
    return DatedCode(code)


def phrase_words(phrase: str) -> str:
    """``"UNITED_STATES_"`` -> ``"UNITED STATES"``: underscores and spaces both join words."""
    return " ".join(phrase.replace("_", " ").split())


def code_actor(name: str, code: str) -> Actor:
    """The actor a PETRARCH code denotes: ``ISR`` a country, ``ISRMIL`` with a sector, ``IGOUNO`` an IGO."""
    prefix = code[:3]
    if prefix in NON_COUNTRY_PREFIXES:
        sector = prefix if prefix in ("IGO", "NGO") else None
        return Actor(name=name, kind="organisation", sector=sector, code_override=code)
    if len(code) == 3:
        return Actor(name=name, kind="country", country=code)
    sector = code[3:6] or None
    override = code if len(code) > 6 else None
    return Actor(name=name, kind="organisation", country=prefix, sector=sector, code_override=override)


def _clean_lines(file: Path) -> list[tuple[int, str]]:
    """(line number, text) with comments removed and blank lines dropped."""
    try:
        raw = file.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(str(file), f"cannot be read ({exc.strerror}); check the --dict path") from exc
    cleaned: list[tuple[int, str]] = []
    in_comment = False
    for number, line in enumerate(raw.splitlines(), start=1):
        text = ""
        rest = line
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                else:
                    in_comment, rest = False, rest[end + 3 :]
            else:
                start = rest.find("<!--")
                if start < 0:
                    text, rest = text + rest, ""
                else:
                    text, rest, in_comment = text + rest[:start], rest[start + 4 :], True
        text = text.split("#", 1)[0].rstrip()
        if text.strip():
            cleaned.append((number, text))
    return cleaned


def _actors(file: Path, lines: list[tuple[int, str]], on: dt.date | None) -> Iterator[ActorEntry]:
    block: _Block | None = None
    for number, text in lines:
        stripped = text.strip()
        where = f"{file}:{number}"
        if stripped.startswith("+"):
            if block is None:
                raise DictionaryError(str(file), "a '+' synonym comes before any actor", number)
            block.phrases.append(phrase_words(_CODE.sub("", stripped[1:])))
            block.codes += _codes(stripped, where)
        elif stripped.startswith("["):
            if block is None:
                raise DictionaryError(str(file), "a code comes before any actor", number)
            block.codes += _codes(stripped, where)
        else:
            if block is not None:
                yield from _block_entries(file, block, on)
            block = _Block(number, [phrase_words(_CODE.sub("", stripped))], _codes(stripped, where))
    if block is not None:
        yield from _block_entries(file, block, on)


def _block_entries(file: Path, block: _Block, on: dt.date | None) -> Iterator[ActorEntry]:
    chosen = _choose(block.codes, on)
    if chosen is None or not block.phrases[0]:
        return
    actor = code_actor(block.phrases[0].title(), chosen.code)
    if any(code.dated for code in block.codes) and actor.country:
        # roles that change over time belong to people ("MOHAMMAD_ZAHIR_SHAH_ [AFGGOV 331108-730717]")
        actor = dataclasses.replace(actor, kind="person")
    origin = f"{file.name}:{block.line}"
    for phrase in dict.fromkeys(p for p in block.phrases if p):
        yield ActorEntry(phrase, actor, origin)


def _choose(codes: list[DatedCode], on: dt.date | None) -> DatedCode | None:
    if not codes:
        return None
    if on is not None:
        for code in codes:
            if code.dated and code.covers(on):
                return code
    undated = [code for code in codes if not code.dated]
    return undated[0] if undated else codes[-1]


def _codes(text: str, where: str) -> list[DatedCode]:
    """The codes on a line; a code with an unreadable date is skipped (the Phoenix files have a few)."""
    codes = []
    for inner in _CODE.findall(text):
        try:
            code = parse_code(inner, where)
        except DictionaryError:
            continue
        if code is not None:
            codes.append(code)
    return codes


def _agents(file: Path, lines: list[tuple[int, str]]) -> Iterator[AgentEntry]:
    substitutions: dict[str, list[str]] = {}
    for number, text in lines:
        stripped = text.strip()
        definition = _SUBSTITUTION.match(stripped)
        if definition:
            substitutions[definition[1]] = [phrase_words(w) for w in definition[2].split(",") if w.strip()]
            continue
        codes = _CODE.findall(stripped)
        if not codes:
            continue  # a phrase without a code adds nothing
        sector = codes[0].strip().strip("~").upper()
        if not sector or not re.fullmatch(r"[A-Z0-9]+", sector):
            raise DictionaryError(str(file), f"cannot read the agent code [{codes[0]}]", number)
        phrase_part = _CODE.sub("", stripped).lstrip("+")
        plural_match = re.search(r"\{([^}]*)\}", phrase_part)
        phrase = phrase_words(re.sub(r"\{[^}]*\}", "", phrase_part))
        forms = [phrase]
        if plural_match is None:
            forms.append(_plural(phrase))
        elif plural_match[1].strip():
            forms.append(phrase_words(plural_match[1]))
        origin = f"{file.name}:{number}"
        for form in dict.fromkeys(forms):
            for expanded in _expand(form, substitutions):
                yield AgentEntry(expanded, sector, origin)


def _expand(phrase: str, substitutions: dict[str, list[str]]) -> Iterator[str]:
    marker = re.search(r"![A-Za-z0-9_]+!", phrase)
    if marker is None:
        yield phrase
        return
    for replacement in substitutions.get(marker[0], []):
        yield from _expand(phrase[: marker.start()] + replacement + phrase[marker.end() :], substitutions)


def _plural(phrase: str) -> str:
    """The regular English plural of a phrase's last word (PETRARCH's default)."""
    if re.search(r"![A-Za-z0-9_]+!", phrase):
        return phrase  # "CONGRESS!PERSON!": the substitution set holds the plurals
    upper = phrase.isupper()
    if re.search(r"[^aeiouAEIOU][yY]$", phrase):
        plural = phrase[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", phrase, re.IGNORECASE):
        plural = phrase + "es"
    else:
        plural = phrase + "s"
    return plural.upper() if upper else plural


def _date(text: str, where: str) -> dt.date:
    try:
        if len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        year = int(text[:2])
        return dt.date(2000 + year if year <= 30 else 1900 + year, int(text[2:4]), int(text[4:]))
    except ValueError as exc:
        raise DictionaryError(where, f"{text!r} is not a YYMMDD or YYYYMMDD date") from exc


# -- verb dictionaries ----------------------------------------------------------------------------

_VERB_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_FRAME = re.compile(r"^-\s*(.*?)\s*\[([^\]]*)\]\s*$")
_PREPOSITIONS = frozenset({"to", "with", "against", "on", "for", "from", "at", "into", "of", "over", "in",
                           "between", "toward", "towards", "upon", "about", "by", "behind", "near", "off"})
_FUNCTION_WORDS = frozenset({"the", "a", "an", "its", "their", "his", "her", "and", "or", "now", "so"})
VERB_TARGETS = ("with", "dobj", "to", "against", "on", "upon", "at", "toward", "towards", "for", "from",
                "into", "about", "over", "of", "in")
"""Where a PETRARCH frame's target is looked for, in this order ("with" first: "restored ties with X" even
when an adverbial clause further on has a direct object of its own)."""


def looks_like_verbs(path: str | Path) -> bool:
    """Whether a file is a PETRARCH/TABARI verb dictionary (``--- NAME [code] ---`` blocks)."""
    try:
        with Path(path).open(encoding="utf-8", errors="replace") as handle:
            return any(_VERB_BLOCK.match(line.strip()) for _, line in zip(range(400), handle))
    except OSError:
        return False


def read_verbs(path: str | Path) -> list[Pattern]:
    """The event patterns of a PETRARCH verb dictionary, in the form ``--patterns`` files take.

    Each verb keeps its block's code as a verb-alone frame, tried last. A frame ``- * WORDS [code]``
    becomes a pattern: a leading preposition is its ``prep``; with one word left, that word must be in
    the verb's phrase (``words``); with more, the last is the direct object and the others are
    ``words``. ``&SYNSET`` references are expanded. Frames with words before the verb (a subject or
    auxiliary constraint: ``- NOT * [112]``) and codes that are not CAMEO codes (``[---]``, PETRARCH's
    test codes such as ``[901]``) are left out; of ``[032:033]`` the first code is kept.
    """
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(str(file), f"cannot be read ({exc.strerror}); check the --patterns path") from exc
    text = re.sub(r"<!--.*?-->", "", raw, flags=re.DOTALL)
    lines = [line.split("#", 1)[0].rstrip() for line in text.splitlines()]
    synsets = _verb_synsets(lines)

    def known(code: str) -> str | None:
        code = code.split(":")[0].strip()
        try:
            cameo(code)
        except LookupError:
            return None
        return code

    patterns: list[Pattern] = []
    block: tuple[str, str | None] | None = None
    verbs: list[str] = []
    frames: list[tuple[str | None, frozenset[str], frozenset[str], str]] = []

    def flush() -> None:
        if block is None or not verbs:
            return
        name, code = block
        single = sorted({v for v in verbs if " " not in v})
        origin_stem = f"petrarch-verbs:{name}"
        ordered = sorted(frames, key=lambda f: -(bool(f[0]) + bool(f[1]) + bool(f[2])))
        for number, (prep, obj, words, frame_code) in enumerate(ordered, start=1):
            if single:
                patterns.append(Pattern(
                    id=f"{name}:{number}", lemmas=frozenset(single), code=frame_code, object=obj, prep=prep,
                    words=words, target=VERB_TARGETS, confidence=0.6, origin=f"{file.name}:{name}:{number}",
                    source=origin_stem))
        for verb in sorted({v for v in verbs if " " in v}):  # "break down": the particle must be there
            head, *rest = verb.split()
            if code:
                patterns.append(Pattern(
                    id=f"{name}:{verb}", lemmas=frozenset({head}), code=code, words=frozenset(rest),
                    target=VERB_TARGETS, confidence=0.6, origin=f"{file.name}:{name}:{verb}", source=origin_stem))
        if code and single:
            patterns.append(Pattern(
                id=f"{name}:verb", lemmas=frozenset(single), code=code, target=VERB_TARGETS, confidence=0.6,
                origin=f"{file.name}:{name}", source=origin_stem))

    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(("&", "+&")) or (stripped.startswith("+") and block is None):
            continue
        header = _VERB_BLOCK.match(stripped)
        if header:
            flush()
            block, verbs, frames = (header[1], known(header[2])), [], []
            continue
        if block is None:
            continue
        if stripped.startswith("-"):
            frame = _FRAME.match(stripped)
            if frame is None or "*" not in frame[1]:
                continue
            before, after = frame[1].split("*", 1)
            code = known(frame[2])
            if before.strip(" _") or code is None:
                continue  # a subject or auxiliary constraint, or no CAMEO code
            converted = _frame_words(after, synsets)
            if converted is not None:
                frames.append((*converted, code))
            continue
        if stripped.startswith("+") or (line[:1].strip() and not stripped.startswith("[")):
            words = re.sub(r"\{.*?\}|\[.*?\]", "", stripped).lstrip("+")
            verb = " ".join(words.replace("_", " ").replace("+", " ").lower().split())
            if verb and re.fullmatch(r"[a-z' -]+", verb):
                verbs.append(verb)
    flush()
    return patterns


def _verb_synsets(lines: list[str]) -> dict[str, list[str]]:
    """``&NAME`` -> its members (lower case, words joined by spaces), nested synsets expanded."""
    raw: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("&"):
            current = stripped.split()[0].rstrip("_").upper()
            raw[current] = []
        elif stripped.startswith("+") and current is not None:
            raw[current].append(stripped[1:].strip())
        else:
            current = None

    def expand(name: str, seen: frozenset[str]) -> list[str]:
        found = []
        for member in raw.get(name, []):
            if member.startswith("&"):
                inner = member.rstrip("_").upper()
                if inner not in seen:
                    found += expand(inner, seen | {inner})
            else:
                found.append(" ".join(member.replace("_", " ").lower().split()))
        return found

    return {name: expand(name, frozenset({name})) for name in raw}


def _frame_words(
    after: str, synsets: dict[str, list[str]]
) -> tuple[str | None, frozenset[str], frozenset[str]] | None:
    """(preposition, object words, phrase words) of the part of a frame after ``*``; None if empty."""
    slots: list[set[str]] = []
    for token in re.split(r"[\s_]+", after):
        token = token.strip()
        if not token or token in ("$", "+", "%", "^"):
            continue
        name = re.match(r"^&[A-Za-z0-9]+", token)
        if name:
            members = synsets.get(name[0].upper(), [])
            if members:
                slots.append({m.split()[-1] for m in members})
            continue
        word = token.strip("$+%^").lower()
        if word and re.fullmatch(r"[a-z'-]+", word) and word not in _FUNCTION_WORDS:
            slots.append({word})
    prep = None
    if slots and len(slots[0]) == 1 and next(iter(slots[0])) in _PREPOSITIONS:
        prep = next(iter(slots.pop(0)))
    slots = [s for s in slots if not s <= _PREPOSITIONS]
    if not slots and prep is None:
        return None
    if len(slots) <= 1 or prep is not None:
        return prep, frozenset(), frozenset(w for s in slots[-1:] for w in s)
    obj = set(slots[-1]) | {form for w in slots[-1] for form in _singulars(w)}
    return None, frozenset(obj), frozenset(w for s in slots[:-1] for w in s)


def _singulars(word: str) -> set[str]:
    """The forms a plural may have as a lemma ("ties" -> tie, "parties" -> party); a direct object matches
    by lemma, so a wrong guess costs nothing."""
    if not word.endswith("s") or word.endswith("ss"):
        return set()
    return {word[:-1]} | ({word[:-3] + "y"} if word.endswith("ies") and len(word) > 4 else set())
