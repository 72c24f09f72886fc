"""From raw text to an :class:`~tacitus.records.Article`: header, dateline, outlet, id, near-duplicates.

A seed-format file opens with a header line ``" date 2022-04-28 Iranian president meets ..."``;
the body's first paragraph may start with a *dateline* naming the place and day the story was
filed and the outlet that filed it::

    TEHRAN, April 27 (Xinhua) -- Iranian President Ebrahim Raisi on Wednesday met ...
    BEIJING, Sept. 11 (Reuters) - ...
    TEHRAN – Iranian Armed Forces Chief of Staff ...

The dateline gives no year: it is the latest such day on or before the publication date, so a
"Dec. 31" dateline on a story published on 2 January is 31 December of the previous year.

Every article gets a stable content id (:func:`article_id`, so ingesting a file twice stores it
once) and a 64-bit SimHash :func:`fingerprint` that finds the same story re-published by another
outlet with small wording differences (:func:`is_near_duplicate`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import numpy as np

from tacitus.errors import InputError
from tacitus.records import Article

# -- dates --------------------------------------------------------------------------------------

EARLIEST_DATE = dt.date(1900, 1, 1)
"""Publication dates before this are taken as typing errors and rejected."""

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
MONTH_PATTERN = "(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"


def check_pub_date(date: dt.date, origin: str, *, today: dt.date | None = None) -> dt.date:
    """Return ``date`` if it is a plausible publication date, else raise :class:`InputError`.

    Plausible: from 1900-01-01 up to tomorrow (a story filed late in the evening in a time zone
    ahead of ours carries tomorrow's date).
    """
    latest = (today or dt.date.today()) + dt.timedelta(days=1)
    if date < EARLIEST_DATE:
        raise InputError(
            origin, f"date {date.isoformat()} is before 1900; fix the date or leave the record out"
        )
    if date > latest:
        raise InputError(
            origin, f"date {date.isoformat()} is in the future; fix the date or leave the record out"
        )
    return date


def parse_iso_date(value: str, origin: str) -> dt.date:
    """An ISO date (``2022-04-28``, or a timestamp starting with one) checked with :func:`check_pub_date`."""
    # the whole day, not a prefix: "2024-01-015" is no date (it used to be read as 2024-01-01)
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[\sT])", value)
    if not match:
        raise InputError(origin, f"date {value.strip()[:40]!r} is not an ISO date like 2022-04-28")
    try:
        date = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InputError(origin, f"date {value.strip()[:40]!r} is not a valid calendar day") from None
    return check_pub_date(date, origin)


def resolve_day(month: int, day: int, pub_date: dt.date) -> dt.date | None:
    """The latest ``month``/``day`` on or before ``pub_date``, at most a year earlier.

    ``None`` when there is no such day (February 30th; February 29th more than a year back).
    """
    for year in (pub_date.year, pub_date.year - 1):
        candidate = calendar_day(year, month, day)
        if candidate is None:
            continue
        if candidate <= pub_date:
            return candidate if (pub_date - candidate).days < 366 else None
    return None


def calendar_day(year: int, month: int, day: int) -> dt.date | None:
    """The day, or ``None`` when there is no such day (February 30th)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation ("Sept.", "dec", "April"), else ``None``."""
    return _MONTHS.get(name.strip().rstrip(".").casefold())


# -- header -------------------------------------------------------------------------------------

_HEADER = re.compile(r"^\ufeff?[ \t]*date[ \t]+(\S+)[ \t]*(.*)$")


@dataclass(frozen=True)
class Header:
    """The seed-format first line: publication date and headline."""

    pub_date: dt.date
    title: str


def parse_header(line: str, origin: str) -> Header:
    """Parse ``" date YYYY-MM-DD <headline>"``; raise :class:`InputError` naming ``origin`` if malformed."""
    match = _HEADER.match(line.rstrip("\r\n"))
    if not match:
        shown = line.strip()[:40]
        raise InputError(
            origin,
            f"first line {shown!r} is not a header like ' date 2022-04-28 Headline'; pass --date for plain text",
        )
    return Header(pub_date=parse_iso_date(match[1], origin), title=match[2].strip())


# -- dateline -----------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞŁŚŻŹĆŃŠŽČŘĞİŞ"  # capitals of Latin scripts: ASUNCIÓN, BOGOTÁ, ŁÓDŹ, İZMIR
_CAPS_WORD = rf"[{_UPPER}][{_UPPER}'’.\-]*[{_UPPER}.]"
_DATELINE = re.compile(
    rf"""
    ^[ \t]*
    (?P<place>{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD})*)          # TEHRAN, NEW YORK, ABU DHABI
    (?:,[ \t]*(?!(?:{MONTH_PATTERN})\b)
       (?P<region>[A-Z][a-z.]+(?:[ \t]+[A-Z][a-z.]+)*       # , Afghanistan   (AP style)
          |{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD})*))?              # , SPAIN (or an agency: , IRNA)
    (?:,?[ \t]*(?P<month>{MONTH_PATTERN})\.?[ \t]+(?P<day>\d{{1,2}})     # , April 27 / Sept. 11
       (?:,?[ \t]+(?P<year>(?:19|20)\d\d))?)?                  # , 2024
    (?:[ \t]*\((?P<outlet>[^()\n]{{2,40}})\))?               # (Xinhua)
    [ \t]*(?P<dash>--|[-–—:])[ \t]*                        # -- / – / — / :
    """,
    re.VERBOSE,
)
_TITLE_WORD = r"[A-Z][a-zà-öø-ÿ'’.\-]+"
_WEEKDAY_PATTERN = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATELINE_TITLE_CASE = re.compile(
    rf"""
    ^[ \t]*
    (?!(?:{_WEEKDAY_PATTERN}|The|An?)\b)
    (?P<place>{_TITLE_WORD}(?:[ \t]+{_TITLE_WORD}){{0,2}})      # Paris, New Delhi, Abu Dhabi
    (?:,[ \t]*(?!(?:{MONTH_PATTERN})\b)
       (?P<region>{_TITLE_WORD}(?:[ \t]+{_TITLE_WORD})*)(?=[ \t]*\())?   # , Ukraine (AP)
    (?:,?[ \t]*(?P<month>{MONTH_PATTERN})\.?[ \t]+(?P<day>\d{{1,2}})     # , April 27
       (?:,?[ \t]+(?P<year>(?:19|20)\d\d))?)?                  # , 2024
    (?:[ \t]*\((?P<outlet>[^()\n]{{2,40}})\)                # (AFP): an outlet is required after
       |,[ \t]*(?P<agency>[A-Z]{{3,8}}))                       # a place not in capitals, or , IRNA
    [ \t]*(?:--|[-–—:])[ \t]*
    """,
    re.VERBOSE,
)
"""Datelines whose place is not in capitals ("Paris (AFP) -", "Tehran, IRNA --", "Pyongyang, March 5
(KCNA) --"): only with an outlet, so that an opening sentence ("Officials - ...") is never one."""
_DATELINE_SLASHED = re.compile(
    rf"""
    ^[ \t]*
    (?P<place>{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD})*)
    ,[ \t]*(?P<month>{MONTH_PATTERN})\.?[ \t]+(?P<day>\d{{1,2}})\.?
    [ \t]*/(?P<outlet>[A-Za-z][\w .-]{{1,30}})/\.?[ \t]*       # MOSCOW, March 5. /TASS/.
    """,
    re.VERBOSE,
)
_REPORTED_BY = re.compile(r",[ \t]+(?P<outlet>[A-Z][\w&.'’-]*(?:[ \t]+[A-Z][\w&.'’-]*){0,3})[ \t]+reported\b")

DATELINE_SEARCH_PARAGRAPHS = 3
"""How many leading paragraphs may hold the dateline (junk lines sometimes precede it)."""


@dataclass(frozen=True)
class Dateline:
    """What a dateline says: place, filing day (year resolved), outlet; and where it ends in the text."""

    place: str
    date: dt.date | None
    outlet: str | None
    end: int  # offset in the text just after the dateline's dash


def place_name(caps: str) -> str:
    """``"TEHRAN"`` -> ``"Tehran"``, ``"NEW YORK"`` -> ``"New York"``, ``"BOGOTÁ"`` -> ``"Bogotá"``."""
    return re.sub(r"[^\W\d_]+", lambda m: m[0].capitalize(), caps.strip())


def match_dateline(line: str, pub_date: dt.date) -> Dateline | None:
    """The dateline at the start of ``line``, or ``None``."""
    match = _DATELINE.match(line) or _DATELINE_TITLE_CASE.match(line) or _DATELINE_SLASHED.match(line)
    if not match:
        return None
    found = match.groupdict()
    if _bare_label(found):
        return None
    date = None
    if match["month"]:
        month = month_number(match["month"])
        date = resolve_day(month, int(match["day"]), pub_date) if month else None
        if month and found.get("year"):  # "BEIJING, March 5, 2024 (AFP) -": the year it gives
            date = calendar_day(int(found["year"]), month, int(match["day"]))
    outlet = (found["outlet"] or found.get("agency") or "").strip() or None
    return Dateline(place=place_name(match["place"]), date=date, outlet=outlet, end=match.end())


def _bare_label(found: dict[str, str | None]) -> bool:
    """A capitalised opening with no day, outlet or region that names no place: a label ("FILE PHOTO:",
    "EXCLUSIVE-", "BREAKING:"), or before a colon a name the gazetteer does not know ("UN: Iran ...",
    "NATO: allies ..."), whereas "ISLAMABAD:" is a dateline."""
    if any(found.get(key) for key in ("month", "outlet", "agency", "region")):
        return False
    from tacitus.lexicon import words  # the coder's word lists (lazily: readers need no more)

    place = found["place"] or ""
    if " ".join(place.casefold().split()) in words("dateline_labels"):
        return True
    if found.get("dash") == ":":
        from tacitus.places import geocode

        return geocode(place_name(place)) is None
    return False


def find_dateline(text: str, pub_date: dt.date) -> Dateline | None:
    """The dateline of the first of the leading paragraphs that opens with one.

    Offsets in the result are offsets into ``text``.
    """
    offset = 0
    seen = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            found = match_dateline(line, pub_date)
            if found:
                return Dateline(found.place, found.date, found.outlet, offset + found.end)
            seen += 1
            if seen >= DATELINE_SEARCH_PARAGRAPHS:
                return None
        offset += len(line)
    return None


def find_outlet(text: str) -> str | None:
    """The outlet a story credits in the form ``"..., Press TV reported."``, or ``None``."""
    match = _REPORTED_BY.search(text)
    return match["outlet"] if match else None


# -- identity and near-duplicates ---------------------------------------------------------------


def normalize_text(text: str) -> str:
    """Case-folded text with runs of whitespace collapsed to one space: what ids are computed from."""
    return " ".join(text.casefold().split())


def article_id(title: str, text: str) -> str:
    """A stable content id: 16 hex characters of the SHA-256 of the normalised title and text.

    Re-reading the same story (whatever its file name, line endings or spacing) gives the same id.
    """
    digest = hashlib.sha256(f"{normalize_text(title)}\n{normalize_text(text)}".encode())
    return digest.hexdigest()[:16]


SHINGLE_WORDS = 2
NEAR_DUPLICATE_DISTANCE = 12
"""Fingerprints at most this many bits apart are the same story.

Calibrated over word-pair shingles on the example corpus (docs/reliability.md has the command):
copies of its 30 articles with 3, 5 or 8 random word edits are a median 6 bits apart, 88 of 90
within 12; of its 435 pairs of articles only the one real duplicate pair (the same Xinhua and
Press TV story) is within 12 (at 11); the next closest, the same two leaders meeting again months
later, is 16 apart; the two seed stories (same topic, different events) 21.
"""
SAME_STORY_OVERLAP = 0.5
"""Two texts whose fingerprints match are the same story only if this share of their word pairs
is common (Jaccard). SimHash alone confuses short stories cut from one template ("The foreign
minister of X met his counterpart from Y..."): among 300 such synthetic stories 4 pairs were 11-12
bits apart yet shared only 14% of their word pairs. Real copies share far more: the example
corpus's duplicate pair 79%, copies with 3-8 random word edits at least 82%; its closest distinct
pair 14%.
"""
NEAR_DUPLICATE_DAYS = 31
"""Near-copies are published at most this many days apart: a story and its copies (other outlets,
later editions, corrections) come out within days of each other. A text as close that comes out
later is a new story that repeats an old one (an anniversary piece, a re-run) and is stored as one;
its events still merge with the earlier story's where they are the same events (same day, actor
pair, CAMEO code and polarity). The window also keeps the search for copies from growing with the
store: a new article is compared with the originals of two months, not with every stored article.
"""


def shingles(text: str) -> set[str]:
    """The overlapping word pairs of ``text``, case-folded (the whole text when it has one word)."""
    words = re.findall(r"\w+", text.casefold())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)}
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def shingle_hashes(text: str | set[str]) -> np.ndarray:
    """One 64-bit hash (BLAKE2b, so the same in every process) per distinct word pair of ``text``.

    ``text`` may be given as its :func:`shingles` already computed.
    """
    pairs = text if isinstance(text, set) else shingles(text)
    digests = b"".join(hashlib.blake2b(s.encode(), digest_size=8).digest() for s in pairs)
    return np.frombuffer(digests, dtype=">u8").astype(np.uint64)


def fingerprint(text: str) -> str:
    """A 64-bit SimHash (16 hex characters) over the overlapping word pairs of ``text``.

    Bit ``b`` is set when more of the word pairs' hashes have bit ``b`` set than not.
    """
    hashes = shingle_hashes(text)
    bits = np.unpackbits(hashes.astype(">u8").view(np.uint8).reshape(-1, 8), axis=1)  # column 0 = bit 63
    majority = 2 * bits.sum(axis=0, dtype=np.int64) > len(hashes)
    return f"{sum(1 << (63 - int(column)) for column in np.flatnonzero(majority)):016x}"


def shared_shingles(text_a: str | set[str], text_b: str | set[str]) -> float:
    """Jaccard similarity of the two texts' word pairs: 1.0 identical, 0.0 nothing in common.

    Either text may be given as its :func:`shingles` already computed.
    """
    a = text_a if isinstance(text_a, set) else shingles(text_a)
    b = text_b if isinstance(text_b, set) else shingles(text_b)
    return len(a & b) / len(a | b)


def same_story(text_a: str | set[str], text_b: str | set[str]) -> bool:
    """The exact check behind a fingerprint match: at least half of the word pairs are shared."""
    return shared_shingles(text_a, text_b) >= SAME_STORY_OVERLAP


def hamming_distance(fingerprint_a: str, fingerprint_b: str) -> int:
    """How many of the 64 bits differ between two fingerprints."""
    return (int(fingerprint_a, 16) ^ int(fingerprint_b, 16)).bit_count()


def is_near_duplicate(fingerprint_a: str, fingerprint_b: str) -> bool:
    """True when two fingerprints are close enough to be the same story (confirm with :func:`same_story`)."""
    return hamming_distance(fingerprint_a, fingerprint_b) <= NEAR_DUPLICATE_DISTANCE


# -- building articles --------------------------------------------------------------------------


def make_article(
    title: str,
    text: str,
    pub_date: dt.date,
    *,
    origin: str,
    url: str | None = None,
    outlet: str | None = None,
) -> Article:
    """An :class:`Article` with its dateline, outlet and id worked out from ``text``.

    ``outlet`` given by the input (a feed's or a CSV's source field) wins over one found in the text.
    Raises :class:`InputError` when there is no text.
    """
    text, title = normalize_whitespace(check_text(text, origin)), check_text(title, origin).translate(_SPACES)
    if not text.strip():
        raise InputError(origin, "article has no body text")
    dateline = find_dateline(text, pub_date)
    return Article(
        id=article_id(title, text),
        title=title.strip(),
        text=text,
        pub_date=pub_date,
        dateline_place=dateline.place if dateline else None,
        dateline_date=dateline.date if dateline else None,
        outlet=outlet or (dateline.outlet if dateline else None) or find_outlet(text),
        url=url,
        origin=origin,
    )


MAX_ARTICLE_CHARS = 1_000_000
"""Longer texts are rejected: spaCy parses at most this many characters at once (its E088), and
no news story comes near it; split a longer text into its stories."""


def check_text(text: str, origin: str) -> str:
    """``text`` fit to store and parse, or :class:`InputError` saying why not.

    NUL characters are removed (no text means them; SQLite and ``tacitus check`` trip on them);
    an unpaired surrogate (``"\\ud800"`` in JSON) or a text longer than :data:`MAX_ARTICLE_CHARS`
    is rejected.
    """
    if "\x00" in text:
        text = text.replace("\x00", "")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            origin, f"text of {len(text):,} characters is longer than the {MAX_ARTICLE_CHARS:,} a story may have; "
            "split it into its stories",
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            origin, f"holds an unpaired surrogate ({text[exc.start]!a} at character {exc.start}); fix the record"
        ) from None
    return text


_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "))
_SENTENCE_END = tuple(".!?:;\"”’')]")
WRAP_WIDTH_MAX = 120
"""A text whose lines are all at most this long, most of them near the longest, is hard-wrapped."""


def normalize_whitespace(text: str) -> str:
    """``text`` with the same length and offsets: no-break and other Unicode spaces become plain
    spaces (text taken from web pages: "Foreign\u00a0Minister" is two words), and in a hard-wrapped
    text (an e-mail, a plain-text archive: every line at most :data:`WRAP_WIDTH_MAX` characters, most
    of them near the longest) the line breaks inside a sentence become spaces, so that a name or a
    clause broken over two lines stays one. Ids and fingerprints do not change (they ignore spacing)."""
    text = text.translate(_SPACES)
    return "".join(_unwrapped(text)) if "\n" in text else text


def _unwrapped(text: str) -> list[str]:
    lines = text.split("\n")
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    width = max(lengths, default=0)
    if len(lengths) < 3 or width > WRAP_WIDTH_MAX or sum(n >= 0.6 * width for n in lengths) < 0.6 * len(lengths):
        return [text]
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i + 1 == len(lines):
            break
        soft = (line.strip() and lines[i + 1].strip() and len(line.rstrip()) >= 0.6 * width
                and not line.rstrip().endswith(_SENTENCE_END))
        out.append(" " if soft else "\n")
    return out


def parse_seed(raw: str, origin: str) -> Article:
    """An article from seed-format text: the header line, then the body.

    When the headline itself opens with a dateline (``" date 2019-09-13 TEHRAN – Iranian ..."``),
    the source lost its real headline and the header line holds the lead paragraph: the lead is
    kept as the first paragraph of the body (its events count), and the title is the lead
    without the dateline.
    """
    first, _, body = raw.partition("\n")
    header = parse_header(first, origin)
    title = header.title
    lead = match_dateline(title, header.pub_date)
    if lead is not None:
        body = f"{title}\n\n{body.lstrip(chr(10))}"
        title = title[lead.end :].strip()
    body = body.strip("\n").rstrip()
    return make_article(title, body, header.pub_date, origin=origin)
