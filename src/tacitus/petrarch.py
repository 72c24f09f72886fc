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

from tacitus.dictionaries import ActorEntry, AgentEntry
from tacitus.errors import DictionaryError
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
