"""Hostile inputs of issue 12 (items 3-6, 11, 12): each is rejected with a line naming the file
(and line), or read correctly, and never stops, hangs or floods the rest of the batch.

docs/reliability.md lists them with the trials and outcomes.
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import socketserver
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import tacitus.read
from tacitus.check import check_store
from tacitus.cli import main
from tacitus.errors import OptionError
from tacitus.ingest import ingest
from tacitus.read import read_paths
from tacitus.records import Article, Reject
from tacitus.store import Store

GOOD = " date 2023-03-01 Chile and Peru agree\n\nLIMA, Feb 28 -- Chile and Peru agreed to open a new border crossing.\n"


def split(items: list[Article | Reject]) -> tuple[list[Article], list[Reject]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Reject)]


def read_within(paths: list[Path | str], seconds: float = 60, **options: object) -> list[Article | Reject]:
    """read_paths in a thread, failing (not hanging) when it takes longer than ``seconds``."""
    found: list[Article | Reject] = []
    worker = threading.Thread(target=lambda: found.extend(read_paths(paths, **options)), daemon=True)  # type: ignore[arg-type]
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"reading {paths} did not finish in {seconds} s"
    return found


# -- item 3: crashes ------------------------------------------------------------------------------


def test_a_text_longer_than_the_parser_takes_is_rejected_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    long_body = "Chile and Peru agreed to talk. " * 40_000  # 1.2 million characters
    (tmp_path / "b.txt").write_text(f" date 2023-03-02 Long\n\n{long_body}\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(GOOD.replace("new border", "second border"), encoding="utf-8")
    articles, rejects = split(read_within([tmp_path]))
    assert len(articles) == 2
    [reject] = rejects
    assert reject.origin.endswith("b.txt") and "1,000,000" in reject.reason and "\n" not in reject.reason


def test_an_article_the_extractor_fails_on_costs_only_that_article(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tacitus.pipeline

    real = tacitus.pipeline.extract

    def failing(articles, *args, **kwargs):  # type: ignore[no-untyped-def]
        articles = list(articles)
        if any("poison" in a.text for a in articles):
            raise ValueError("[E088] Text of length 1200000 exceeds maximum of 1000000")
        return real(articles, *args, **kwargs)

    monkeypatch.setattr(tacitus.pipeline, "extract", failing)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "b.txt").write_text(
        " date 2023-03-02 Poison\n\nNAIROBI, March 1 -- Kenya (poison) recalled its envoy from Uganda.\n",
        encoding="utf-8",
    )
    report = ingest([inbox], store)
    assert store.counts()["articles"] == 1 and report.new == 1, report.rejects
    [reject] = report.rejects
    assert reject.origin.endswith("b.txt") and "E088" in reject.reason


def test_a_file_name_that_is_not_utf8_is_read_and_stored(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number, name in enumerate([b"plain.txt", b"caf\xe9.txt", b"\xff\xfe.txt"]):
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
        path.write_text(GOOD.replace("new", f"new number {number}"), encoding="utf-8")
    report = ingest([folder], store)
    assert (report.new, report.rejected) == (3, 0)
    origins = [row[0] for row in store.db.execute("SELECT origin FROM articles ORDER BY origin")]
    assert any("caf\ufffd.txt" in origin for origin in origins)


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_max_article_mb_that_is_no_size_is_an_option_error(tmp_path: Path, value: str) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "t.db"), "--max-article-mb", value]
    )
    assert isinstance(result.exception, OptionError), result.output
    assert "--max-article-mb" in str(result.exception)


# -- item 4: one bad record, the rest read --------------------------------------------------------


def test_an_unpaired_surrogate_rejects_its_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": f"Chile and Peru agreed on point {n}.", "date": "2023-03-01"}) for n in range(100)
    ]
    lines[50] = '{"text": "bad \\ud800 text", "date": "2023-03-01"}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, rejects = split(read_within([path]))
    assert len(articles) == 99
    [reject] = rejects
    assert reject.origin == f"{path}:51" and "surrogate" in reject.reason


def test_an_unclosed_csv_quote_is_named_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "text,date\n"
        '"Chile and Peru agreed to open a crossing.",2023-03-01\n'
        '"Kenya and Uganda held talks on trade.,2023-03-02\n'
        '"Peru recalled its envoy.",2023-03-03\n',
        encoding="utf-8",
    )
    articles, rejects = split(read_within([path]))
    assert [a.text for a in articles] == ["Chile and Peru agreed to open a crossing."]
    [reject] = rejects
    assert reject.origin == f"{path}:3" and "quote" in reject.reason
    assert not any("Peru recalled" in a.text for a in articles), "no record silently merged into another"


# -- item 5: hangs --------------------------------------------------------------------------------


def test_a_named_pipe_is_skipped_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "p.txt")
    articles, rejects = split(read_within([tmp_path], seconds=30))
    assert len(articles) == 1
    [reject] = rejects
    assert reject.origin.endswith("p.txt") and "not a regular file" in reject.reason


def test_symbolic_links_to_the_folder_itself_are_followed_once(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(".", folder / "loop1")
    os.symlink(".", folder / "loop2")
    os.symlink("..", folder / "up")
    articles, rejects = split(read_within([folder], seconds=30))
    assert len(articles) == 1 and not rejects


ITEM = "<item><title>Story {n}</title><pubDate>Wed, 01 Mar 2023 10:00:00 GMT</pubDate><description>Chile and Peru agreed on crossing number {n}.</description></item>"
FEED_HEAD = '<?xml version="1.0"?><rss version="2.0"><channel><title>Trickle</title>'


@pytest.fixture
def hostile_server() -> Iterator[str]:
    """A feed server on 127.0.0.1: /slow sends two entries, then a byte every 0.2 s forever;
    /endless sends two entries, then padding without end."""
    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            head = FEED_HEAD + ITEM.format(n=1) + ITEM.format(n=2)
            try:
                self.wfile.write(head.encode())
                self.wfile.flush()
                while not stop.is_set():
                    if self.path == "/slow":
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.2)
                    else:
                        self.wfile.write(b"<!-- padding -->" * 4096)
            except OSError:
                return

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    stop.set()
    server.shutdown()
    server.server_close()


def test_a_trickling_feed_is_cut_at_the_deadline_keeping_what_came(
    hostile_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tacitus.read, "FETCH_DEADLINE_SECONDS", 1.5)
    articles, rejects = split(read_within([f"{hostile_server}/slow"], seconds=60))
    assert sorted(a.title for a in articles) == ["Story 1", "Story 2"]
    [reject] = rejects
    assert "longer than 1.5 s" in reject.reason


def test_an_endless_feed_is_cut_at_the_size_cap_keeping_what_came(hostile_server: str) -> None:
    articles, rejects = split(
        read_within([f"{hostile_server}/endless"], seconds=60, max_article_bytes=20_000)
    )
    assert sorted(a.title for a in articles) == ["Story 1", "Story 2"]
    [reject] = rejects
    assert "larger than 0.2 MB" in reject.reason


# -- item 6: memory -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".csv.gz"])
def test_a_gzip_bomb_of_one_endless_line_stays_small(tmp_path: Path, suffix: str) -> None:
    """64 MB of zeros on one line (65 KB compressed) with a 1 MB cap: read in pieces, never whole."""
    path = tmp_path / f"bomb{suffix}"
    with gzip.open(path, "wb", compresslevel=9) as out:
        if suffix == ".csv.gz":
            out.write(b"text,date\n")
        out.write(b'{"text": "' if suffix == ".jsonl.gz" else b'"')
        block = b"0" * (1 << 20)
        for _ in range(64):
            out.write(block)
        out.write(b'", "date": "2023-03-01"}\n' if suffix == ".jsonl.gz" else b'",2023-03-01\n')
        if suffix == ".jsonl.gz":
            out.write(json.dumps({"text": "Chile and Peru agreed.", "date": "2023-03-01"}).encode() + b"\n")
    tracemalloc.start()
    try:
        items = read_within([path], max_article_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    articles, rejects = split(items)
    assert peak < 16 * (1 << 20), f"peak {peak / (1 << 20):.0f} MB while reading a 64 MB line with a 1 MB cap"
    assert rejects and rejects[0].origin.startswith(f"{path}:") and "size limit" in rejects[0].reason
    if suffix == ".jsonl.gz":
        assert [a.text for a in articles] == ["Chile and Peru agreed."], "the line after the bomb is read"


# -- item 11: dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["2024-01-015", "2024-01-1x", "2024-1-0150"])
def test_a_date_with_extra_characters_is_rejected_not_read_by_its_prefix(tmp_path: Path, date: str) -> None:
    (tmp_path / "a.txt").write_text(GOOD.replace("2023-03-01", date), encoding="utf-8")
    articles, rejects = split(read_within([tmp_path]))
    assert not articles and "not an ISO date" in rejects[0].reason


def test_reingesting_a_story_with_a_changed_date_says_so(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    ingest([path], store)
    path.write_text(GOOD.replace("2023-03-01", "2023-03-02"), encoding="utf-8")
    report = ingest([path], store)
    assert report.already_stored == 1
    [notice] = report.rejects
    assert "dated 2023-03-01" in notice.reason and "2023-03-02" in notice.reason
    assert store.db.execute("SELECT pub_date FROM articles").fetchone()[0] == "2023-03-01"


# -- item 12: NUL and Shift-JIS -------------------------------------------------------------------


def test_nul_characters_are_removed_and_check_passes(tmp_path: Path, store: Store) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps(
            {
                "text": "Chile and\x00 Peru agreed to open a crossing.",
                "title": "Deal\x00",
                "date": "2023-03-01",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    report = ingest([tmp_path / "a.jsonl"], store)
    assert report.new == 1
    text, title = store.db.execute("SELECT text, title FROM articles").fetchone()
    assert "\x00" not in text + title
    assert check_store(store) == []


def test_shift_jis_text_is_decoded_not_turned_into_mojibake(tmp_path: Path) -> None:
    japanese = "日本と中国の外相は東京で会談し、協力を強めることで合意した。"
    (tmp_path / "a.txt").write_bytes(f" date 2023-03-01 外相会談\n\n{japanese}\n".encode("shift_jis"))
    articles, rejects = split(read_within([tmp_path]))
    assert not rejects
    assert articles[0].text == japanese and articles[0].title == "外相会談"


def test_windows_1252_text_is_still_windows_1252(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(GOOD.replace("Peru", "Perú café").encode("cp1252"))
    [article] = read_within([tmp_path])
    assert isinstance(article, Article) and "Perú café" in article.text


def test_ingesting_the_folder_that_holds_the_database_skips_the_database(
    tmp_path: Path, store: Store
) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    report = ingest([tmp_path], store)
    assert (report.new, report.rejects) == (1, [])
