"""Reading inputs: files, folders, globs, feeds and URLs in, a stream of articles and rejects out.

:func:`read_paths` accepts any mix of

- seed-format files (first line ``" date 2022-04-28 Headline"``, then the body);
- plain ``.txt`` files without a header, when a publication ``date`` is given;
- JSON Lines (``.jsonl``, ``.ndjson``), JSON arrays (``.json``) and CSV (``.csv``, ``.tsv``) with
  one article per record, field names set by :class:`FieldMap`;
- HTML pages (``.html``, ``.htm``): the main text found by trafilatura, the date from the page's
  metadata or the given ``date``;
- RSS/Atom feeds (``.xml``, ``.rss``, ``.atom``, or an ``http(s)://`` URL fetched with httpx);
- any of these compressed with gzip (``.gz``), folders (read recursively in name order) and
  glob patterns (``corpus/**/*.txt``).

It streams: one file is open at a time and records are yielded as they are read. Every input
that cannot become an article becomes a :class:`~tacitus.records.Reject` naming the file (and
line or record: ``feed.jsonl:17``) with a one-line reason; nothing a file contains stops the batch.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import glob
import gzip
import html
import io
import json
import logging
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tacitus.article import (
    MONTH_PATTERN,
    calendar_day,
    check_pub_date,
    check_text,
    make_article,
    month_number,
    parse_iso_date,
    parse_seed,
)
from tacitus.errors import InputError
from tacitus.records import Article, Reject

DEFAULT_MAX_ARTICLE_BYTES = 10_000_000
"""Inputs holding a single article larger than this (10 MB) are rejected; override with ``max_article_bytes``."""

RECORD_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv"}
PAGE_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
FETCH_TIMEOUT_SECONDS = 30.0
"""Longest wait for any one read from a feed server."""
FETCH_DEADLINE_SECONDS = 120.0
"""Longest time one feed may take in all: a server that trickles a byte every few seconds is cut
off here, and the entries read until then are kept."""
READ_CHUNK_BYTES = 1 << 16
MIN_PAGE_WORDS = 12
"""An HTML page whose main text has fewer words than this (a menu, a cookie notice) has no article."""


@dataclass(frozen=True)
class FieldMap:
    """Which record fields (JSON keys, CSV columns) hold each part of an article."""

    text: str = "text"
    date: str = "date"
    title: str = "title"
    url: str = "url"
    source: str = "source"


Item = Article | Reject


def read_paths(
    paths: Iterable[str | Path],
    *,
    fields: FieldMap = FieldMap(),
    date: dt.date | None = None,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    skip: frozenset[str] = frozenset(),
) -> Iterator[Item]:
    """Yield an :class:`Article` or a :class:`Reject` for every story found in ``paths``.

    ``date`` is the publication date of inputs that carry none (plain text, pages and records
    without a date). Files whose real path is in ``skip`` (the database being written, and its
    ``-wal``/``-shm`` files) are passed over in silence. Never raises for bad input: every
    problem is a ``Reject``.

    >>> for item in read_paths(["corpus/"]):          # doctest: +SKIP
    ...     print(item)
    """
    reader = _Reader(fields=fields, date=date, max_bytes=max_article_bytes, skip=skip)
    for spec in paths:
        yield from reader.read_spec(str(spec))


def read_text(raw: str, origin: str, *, date: dt.date | None = None) -> Article:
    """One article from text: seed format when it opens with a header, else plain text dated ``date``.

    Raises :class:`InputError` when it cannot (no header and no ``date``, bad header, no body).
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise InputError(origin, "empty file")
    text = text.lstrip("\n")
    if re.match(r"^[ \t]*date[ \t]", text):
        return parse_seed(text, origin)
    if date is None:
        raise InputError(
            origin, "no ' date YYYY-MM-DD headline' first line; add one, or pass --date for plain text files"
        )
    title, body = split_title(text)
    return make_article(title, body, check_pub_date(date, origin), origin=origin)


def split_title(text: str) -> tuple[str, str]:
    """(title, body) of plain text: a short first line without final punctuation is a headline.

    Otherwise the whole text is the body and the title is its opening words.
    """
    stripped = text.strip("\n")
    first, _, rest = stripped.partition("\n")
    if rest.strip() and len(first) <= 200 and not re.search(r"[.!?\"”’:;,]\s*$", first):
        return first.strip(), rest.strip("\n")
    return opening_words(stripped), stripped


def opening_words(text: str, limit: int = 80) -> str:
    """The first ``limit`` characters of ``text`` on one line, cut at a word, for a missing title."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "…"


# -- decoding -----------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def sniff_encoding(sample: bytes) -> str:
    """The codec for bytes starting with ``sample``: a byte-order mark's, else UTF-8, else Windows-1252/Latin-1."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if looks_japanese(sample):
        return "shift_jis"
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


_KANA = re.compile(r"[\u3040-\u30ff]")


def looks_japanese(sample: bytes) -> bool:
    """True for Shift-JIS text: it decodes as such and at least a fifth of what is not ASCII is
    kana (Windows-1252 text read as Shift-JIS gives kanji, almost never kana)."""
    try:
        text = sample.decode("shift_jis")
    except UnicodeDecodeError:
        try:  # a sample may end inside a two-byte character
            text = sample[:-1].decode("shift_jis")
        except UnicodeDecodeError:
            return False
    wide = [c for c in text if ord(c) > 127]
    return bool(wide) and len(_KANA.findall(text)) * 5 >= len(wide)


def decode(data: bytes, origin: str) -> str:
    """Text from bytes in UTF-8, UTF-16/32 with a byte-order mark, or Latin-1/Windows-1252.

    Raises :class:`InputError` for binary data (control characters that no text has).
    """
    codec = sniff_encoding(data[:65536])
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(origin, f"cannot decode as {codec} ({exc.reason} at byte {exc.start})") from None
    text = text.lstrip("\ufeff")
    if looks_binary(text):
        raise InputError(origin, "binary file, not text (or UTF-16 without a byte-order mark); leave it out")
    return text


def looks_binary(text: str) -> bool:
    """True when more than 1 in 200 of the first 8,000 characters are control characters."""
    sample = text[:8000]
    return bool(sample) and len(_CONTROL.findall(sample)) * 200 > len(sample)


# -- dates of records ---------------------------------------------------------------------------


def parse_record_date(value: Any, origin: str) -> dt.date:
    """A publication date from a record field: ISO (``2022-04-28``, ``2022-04-28T10:20:00Z``,
    ``2022/04/28``, ``20220428``), written out (``28 April 2022``, ``Thursday, April 28, 2022``),
    RFC 2822 (``Thu, 28 Apr 2022 10:20:00 GMT``) or a Unix timestamp (a number, or its digits).
    ``04/05/2022`` is refused: the day and the month cannot be told apart."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{9,11}(?:\.\d+)?\s*", value):  # a timestamp in a CSV field
        value = float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            stamp = dt.datetime.fromtimestamp(float(value), tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            raise InputError(origin, f"date {value!r} is not a usable timestamp") from None
        return check_pub_date(stamp, origin)
    text = str(value).strip()
    if re.match(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return parse_iso_date(text, origin)
    if re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}|\d{8}", text):  # 2022/04/28, 20220428
        digits = text.split("/") if "/" in text else [text[:4], text[4:6], text[6:]]
        return parse_iso_date("-".join(digits), origin)
    written = _written_date(text)
    if written is not None:
        day = calendar_day(*written)
        if day is None:
            raise InputError(origin, f"date {text[:40]!r} is not a valid calendar day")
        return check_pub_date(day, origin)
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise InputError(
            origin, f"date {text[:40]!r} is not a date like 2022-04-28, 28 April 2022 or April 28, 2022"
        ) from None
    return check_pub_date(parsed.date(), origin)


_WRITTEN_DATE = re.compile(
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTH_PATTERN})\.?,?\s+(?P<y1>\d{{4}})"  # 28 April 2022
    rf"|(?P<m2>{MONTH_PATTERN})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))"  # April 28, 2022
    r"(?:\b.*)?"  # a time after it
)


def _written_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date written out ("28 April 2022", "Apr. 28, 2022, 10:20"), else None."""
    match = _WRITTEN_DATE.fullmatch(re.sub(r"^[A-Za-z]+day,?\s+", "", text))  # "Thursday, April 28, 2022"
    if not match:
        return None
    month = month_number(match["m1"] or match["m2"])
    return (int(match["y1"] or match["y2"]), month, int(match["d1"] or match["d2"])) if month else None


# -- the reader ---------------------------------------------------------------------------------


class _Reader:
    def __init__(
        self, *, fields: FieldMap, date: dt.date | None, max_bytes: int, skip: frozenset[str] = frozenset()
    ) -> None:
        self.skip = skip
        self.fields = fields
        self.date = date
        self.max_bytes = max_bytes

    # which inputs a path names ------------------------------------------------------------------

    def read_spec(self, spec: str) -> Iterator[Item]:
        if re.match(r"^https?://", spec, re.IGNORECASE):
            yield from self.guarded(spec, self.read_url(spec))
            return
        path = Path(spec)
        if path.is_dir():
            for file in walk_files(path):
                yield from self.read_file(file)
        elif path.exists() or path.is_symlink():
            yield from self.read_file(path)
        elif glob.has_magic(spec):
            matched = False
            for name in sorted(glob.iglob(spec, recursive=True)):
                matched = True
                yield from self.read_spec(name)
            if not matched:
                yield Reject(spec, "no files match this pattern")
        else:
            yield Reject(spec, "no such file or directory")

    def read_file(self, path: Path) -> Iterator[Item]:
        if self.skip and os.path.realpath(path) in self.skip:
            return
        yield from self.guarded(shown_path(path), self.read_file_unguarded(path))

    @staticmethod
    def guarded(origin: str, items: Iterator[Item]) -> Iterator[Item]:
        """Turn any exception a reader raises into a reject, after the items it yielded."""
        try:
            yield from items
        except InputError as exc:
            yield Reject(exc.origin, exc.problem)
        except Exception as exc:  # noqa: BLE001 - the reader promises no input stops the batch
            yield Reject(origin, f"unreadable ({type(exc).__name__}: {one_line(str(exc))})")

    # one file -------------------------------------------------------------------------------------

    def read_file_unguarded(self, path: Path) -> Iterator[Item]:
        origin = shown_path(path)
        try:
            mode = path.stat().st_mode
        except OSError as exc:  # a dangling link, a symlink loop, no permission
            raise InputError(origin, f"cannot read ({exc.strerror or exc})") from None
        if not stat.S_ISREG(mode):
            raise InputError(origin, "not a regular file (a named pipe, socket or device): skipped")
        suffixes = [s.lower() for s in path.suffixes]
        compressed = bool(suffixes) and suffixes[-1] == ".gz"
        if compressed:
            suffixes.pop()
        kind_suffix = suffixes[-1] if suffixes else ""
        if kind_suffix in RECORD_SUFFIXES:
            kind = RECORD_SUFFIXES[kind_suffix]
            with open_binary(path, compressed) as stream:
                if kind == "jsonl":
                    yield from self.read_jsonl(stream, origin)
                elif kind == "json":
                    yield from self.read_json(self.read_limited(stream, origin, self.max_bytes * 10), origin)
                else:
                    yield from self.read_csv(stream, origin, delimiter="\t" if kind == "tsv" else ",")
            return
        if not compressed and path.stat().st_size > self.max_bytes:
            raise self.too_large(origin)
        with open_binary(path, compressed) as stream:
            data = self.read_limited(stream, origin, self.max_bytes)
        if not data.strip():
            raise InputError(origin, "empty file")
        kind = PAGE_SUFFIXES.get(kind_suffix) or sniff_kind(data)
        if kind == "html":
            yield self.read_html(decode(data, origin), origin)
        elif kind == "feed":
            yield from self.read_feed(data, origin)
        else:
            yield read_text(decode(data, origin), origin, date=self.date)

    def read_limited(self, stream: IO[bytes], origin: str, limit: int) -> bytes:
        """All of ``stream``, in chunks (no buffer of ``limit`` bytes up front), or a size reject."""
        chunks: list[bytes] = []
        size = 0
        while chunk := stream.read(READ_CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise self.too_large(origin, limit)
            chunks.append(chunk)
        return b"".join(chunks)

    def too_large(self, origin: str, limit: int | None = None) -> InputError:
        size = (limit or self.max_bytes) / 1_000_000
        return InputError(
            origin,
            f"larger than the {size:g} MB article size limit; raise it with --max-article-mb if it is real",
        )

    # records ----------------------------------------------------------------------------------

    def read_jsonl(self, stream: IO[bytes], origin: str) -> Iterator[Item]:
        head = stream.peek(65536)[:65536] if hasattr(stream, "peek") else b""
        codec = sniff_encoding(head)
        if codec.startswith(("utf-16", "utf-32")):  # lines cannot be split on b"\n": decode whole
            lines: Iterable[bytes | None] = io.BytesIO(
                decode(self.read_limited(stream, origin, self.max_bytes * 10), origin).encode()
            )
            codec = "utf-8"
        else:
            lines = bounded_lines(stream, self.max_bytes)
        records = 0
        for number, raw_line in enumerate(lines, start=1):
            where = f"{origin}:{number}"
            if raw_line is not None and not raw_line.strip():
                continue
            records += 1
            if raw_line is None or len(raw_line) > self.max_bytes:
                yield Reject(where, self.too_large(where).problem)
                continue
            try:
                line = raw_line.decode(codec).lstrip("\ufeff")
                record = json.loads(line)
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
                yield Reject(where, f"not a JSON object ({one_line(str(exc))})")
                continue
            yield self.record_article(record, where)
        if not records:
            raise InputError(origin, "empty file")

    def read_json(self, data: bytes, origin: str) -> Iterator[Item]:
        if not data.strip():
            raise InputError(origin, "empty file")
        try:
            document = json.loads(decode(data, origin))
        except json.JSONDecodeError as exc:
            raise InputError(
                origin, f"not valid JSON ({one_line(str(exc))}); one object per line needs .jsonl"
            )
        records = document if isinstance(document, list) else [document]
        if not records:
            raise InputError(origin, "no records (an empty JSON array)")
        for number, record in enumerate(records, start=1):
            yield self.record_article(record, f"{origin}:{number}" if isinstance(document, list) else origin)

    def read_csv(self, stream: IO[bytes], origin: str, *, delimiter: str) -> Iterator[Item]:
        head = stream.peek(65536)[:65536] if hasattr(stream, "peek") else b""
        codec = sniff_encoding(head)
        lines = text_lines(stream, codec, self.max_bytes, origin)
        csv.field_size_limit(max(self.max_bytes + 1, 131072))
        rows = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = next(rows, None)
        except csv.Error as exc:
            raise InputError(f"{origin}:1", f"the header line is not CSV ({exc})") from None
        if header is None:
            raise InputError(origin, "empty file")
        header = [h.strip().lstrip("\ufeff") for h in header]
        if looks_binary("".join(header)):
            raise InputError(origin, "binary file, not CSV text; leave it out")
        missing = [f for f in (self.fields.text,) if f not in header]
        if self.date is None and self.fields.date not in header:
            missing.append(self.fields.date)
        if missing:
            flags = {self.fields.text: "--text-field", self.fields.date: "--date-field or --date"}
            raise InputError(
                origin,
                f"no column {', '.join(repr(m) for m in missing)} (columns: {', '.join(header)[:120]}); "
                f"name it with {' / '.join(flags[m] for m in missing)}",
            )
        records = 0
        while True:
            start = rows.line_num + 1
            where = f"{origin}:{start}"
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as exc:
                records += 1
                yield Reject(where, f"not a CSV record ({exc}): a quote opened on this line is not closed where a "
                             "field ends; fix the line")
                continue
            if not any(cell.strip() for cell in row):
                continue
            records += 1
            if len(row) != len(header):
                yield Reject(where, f"has {len(row)} fields, the header has {len(header)}")
                continue
            yield self.record_article(dict(zip(header, row)), where)
        if not records:
            raise InputError(origin, "no records after the header line")

    def record_article(self, record: Any, origin: str) -> Item:
        try:
            return self.record_article_unguarded(record, origin)
        except InputError as exc:
            return Reject(exc.origin, exc.problem)

    def record_article_unguarded(self, record: Any, origin: str) -> Article:
        if not isinstance(record, dict):
            raise InputError(
                origin, f"record is a JSON {type(record).__name__}, not an object with a text field"
            )
        names = self.fields
        text = record.get(names.text)
        if not isinstance(text, str) or not text.strip():
            raise InputError(origin, f"record has no {names.text!r} text; name the field with --text-field")
        if len(text) > self.max_bytes:
            raise self.too_large(origin)
        raw_date = record.get(names.date)
        if raw_date in (None, ""):
            if self.date is None:
                raise InputError(
                    origin, f"record has no {names.date!r} date; name it with --date-field or pass --date"
                )
            pub_date = check_pub_date(self.date, origin)
        else:
            pub_date = parse_record_date(raw_date, origin)
        text = text.replace("\r\n", "\n").strip()
        title = record.get(names.title)
        title = str(title).strip() if title not in (None, "") else opening_words(text)
        url = record.get(names.url)
        source = record.get(names.source)
        for value in (url, source):
            if isinstance(value, str):
                check_text(value, origin)
        return make_article(
            title,
            text,
            pub_date,
            origin=origin,
            url=str(url) if url not in (None, "") else None,
            outlet=str(source).strip() if source not in (None, "") else None,
        )

    # pages and feeds --------------------------------------------------------------------------

    def read_html(self, page: str, origin: str, *, url: str | None = None) -> Article:
        import trafilatura

        logging.getLogger("trafilatura").setLevel(
            logging.CRITICAL
        )  # its complaints become our one-line reject
        document = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
        text = (getattr(document, "text", None) or "").strip() if document is not None else ""
        title = (getattr(document, "title", None) or "").strip()
        if title and text.startswith(title + "\n"):
            text = text[len(title) :].strip()
        if len(text.split()) < MIN_PAGE_WORDS:
            raise InputError(origin, "HTML page has no article text that could be found")
        if len(text) > self.max_bytes:
            raise self.too_large(origin)
        page_date = getattr(document, "date", None)
        if page_date:
            pub_date = parse_iso_date(str(page_date), origin)
        elif self.date is not None:
            pub_date = check_pub_date(self.date, origin)
        else:
            raise InputError(origin, "HTML page has no publication date in its metadata; pass --date")
        title = title or opening_words(text)
        outlet = getattr(document, "sitename", None)
        return make_article(title, text, pub_date, origin=origin, url=url or getattr(document, "url", None),
                            outlet=outlet)  # fmt: skip

    def read_feed(self, data: bytes, origin: str) -> Iterator[Item]:
        import feedparser

        feed = feedparser.parse(data)
        if not feed.entries:
            if sniff_kind(data) == "html":
                yield self.read_html(decode(data, origin), origin, url=origin if "://" in origin else None)
                return
            raise InputError(origin, "not an RSS or Atom feed with entries")
        outlet = feed.feed.get("title") or None
        for number, entry in enumerate(feed.entries, start=1):
            yield self.entry_article(entry, f"{origin}:{number}", outlet)

    def entry_article(self, entry: Any, origin: str, outlet: str | None) -> Item:
        try:
            contents = entry.get("content") or []
            markup = contents[0].get("value", "") if contents else entry.get("summary", "")
            text = html_to_text(markup or "")
            if not text:
                raise InputError(origin, "feed entry has no text (no content or summary)")
            parsed = entry.get("published_parsed") or entry.get("updated_parsed")
            if parsed:
                pub_date = check_pub_date(dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday), origin)
            elif self.date is not None:
                pub_date = check_pub_date(self.date, origin)
            else:
                raise InputError(origin, "feed entry has no published or updated date; pass --date")
            title = html_to_text(entry.get("title", "")) or opening_words(text)
            return make_article(title, text, pub_date, origin=origin, url=entry.get("link"), outlet=outlet)
        except InputError as exc:
            return Reject(exc.origin, exc.problem)

    def read_url(self, url: str) -> Iterator[Item]:
        data, fault = self.fetch(url)
        if data.strip():
            yield from self.read_feed(data, url)
        if fault:
            yield Reject(url, fault)

    def fetch(self, url: str) -> tuple[bytes, str | None]:
        """The body of ``url`` and, when the fetch was cut short, why (entries read until then are kept).

        Bounded three ways: :data:`FETCH_TIMEOUT_SECONDS` for any one read,
        :data:`FETCH_DEADLINE_SECONDS` for the whole body, and ten times the article size limit
        for its size (a body that never ends stops there).
        """
        import httpx

        limit = self.max_bytes * 10
        deadline = time.monotonic() + FETCH_DEADLINE_SECONDS
        chunks: list[bytes] = []
        size = 0
        try:
            with httpx.stream("GET", url, timeout=FETCH_TIMEOUT_SECONDS, follow_redirects=True) as response:
                response.raise_for_status()
                for chunk in response.iter_raw():  # as it arrives: a trickle is seen byte by byte
                    size += len(chunk)
                    if size > limit:
                        return b"".join(chunks), (
                            f"body larger than {limit / 1_000_000:g} MB: cut there, the entries before it kept; "
                            "raise --max-article-mb if it is real"
                        )
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        return b"".join(chunks), (
                            f"took longer than {FETCH_DEADLINE_SECONDS:g} s: cut there, the entries before it kept"
                        )
        except httpx.HTTPError as exc:
            if not chunks:
                raise InputError(url, f"cannot fetch ({one_line(str(exc)) or type(exc).__name__})") from None
            return b"".join(chunks), f"fetch failed after {size} bytes ({one_line(str(exc)) or type(exc).__name__})"
        return b"".join(chunks), None


# -- helpers ------------------------------------------------------------------------------------


def walk_files(folder: Path, _seen: set[str] | None = None) -> Iterator[Path]:
    """Files under ``folder``, depth first, in name order, skipping hidden ones; lazily, folder by folder.

    A folder reached twice (a symbolic link to itself or to a parent) is read once: the walk
    keeps the real paths of the folders it entered. Entries that are not folders are yielded
    whatever they are; the reader skips named pipes, sockets and devices with a reject.
    """
    seen = set() if _seen is None else _seen
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e.name, _is_dir(e)) for e in scan if not e.name.startswith("."))
    except OSError:
        return
    for name, is_dir in entries:
        if is_dir:
            yield from walk_files(folder / name, seen)
        else:
            yield folder / name


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def shown_path(path: Path) -> str:
    """``path`` as text that can be printed and stored: bytes of a file name that are not UTF-8
    become U+FFFD (the file itself is still opened by its real name)."""
    return os.fsencode(path).decode("utf-8", "replace")


def bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of ``stream``, never holding more than ``limit`` bytes of one: a longer line is
    read past in pieces and comes out as ``None``."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(READ_CHUNK_BYTES)
        yield None


def text_lines(stream: IO[bytes], codec: str, limit: int, origin: str) -> Iterator[str]:
    """Decoded lines of ``stream`` (for the CSV reader), raising :class:`InputError` at a line
    longer than ``limit`` bytes instead of holding it whole."""
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    for number, line in enumerate(bounded_lines(stream, limit), start=1):
        if line is None:
            raise InputError(f"{origin}:{number}", f"line longer than the {limit / 1_000_000:g} MB article size "
                             "limit: the rest of the file is skipped; raise --max-article-mb if it is real")
        yield decoder.decode(line)


def open_binary(path: Path, compressed: bool) -> IO[bytes]:
    """``path`` opened for binary reading, through gzip when ``compressed``."""
    if compressed:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def sniff_kind(data: bytes) -> str:
    """ "feed", "html" or "text", from the first bytes of a file with no telling suffix."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<") and b"<html" in head):
        return "html"
    return "text"


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry): paragraphs kept, tags dropped, entities decoded."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", "\n\n", text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = html.unescape(text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def one_line(message: str) -> str:
    """``message`` on a single line, at most 160 characters."""
    flat = " ".join(message.split())
    return flat if len(flat) <= 160 else flat[:157] + "..."
