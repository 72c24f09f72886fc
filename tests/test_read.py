"""Reading inputs: every format in, a stream of articles and one-line rejects out."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tacitus.read import FieldMap, read_paths
from tacitus.records import Article, Reject

INPUTS = Path(__file__).resolve().parent / "fixtures" / "inputs"

STORY = """ date 2023-05-10 Ministers meet on border trade

ISLAMABAD, May 9 (Agency) -- The foreign minister of Pakistan on Tuesday received his Afghan
counterpart in Islamabad to discuss trade across the Torkham crossing.
"""


def seed(title: str, day: str = "2023-05-10", body: str = "Kenya and Uganda held talks on Monday.") -> str:
    return f" date {day} {title}\n\n{body}\n"


def articles(items: list[Article | Reject]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def rejects(items: list[Article | Reject]) -> list[Reject]:
    return [i for i in items if isinstance(i, Reject)]


def test_seed_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    [article] = read_paths([tmp_path / "a.txt"])
    assert isinstance(article, Article)
    assert article.title == "Ministers meet on border trade"
    assert article.dateline_place == "Islamabad"
    assert article.origin == str(tmp_path / "a.txt")


def test_folder_is_read_recursively_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(seed("second"))
    (tmp_path / "b" / "1.txt").write_text(seed("first"))
    (tmp_path / "c.txt").write_text(seed("third"))
    (tmp_path / "a.txt").write_text(seed("zeroth"))
    (tmp_path / ".hidden").write_text("not an article")
    titles = [a.title for a in articles(list(read_paths([tmp_path])))]
    assert titles == ["zeroth", "first", "second", "third"]


def test_glob_pattern(tmp_path: Path) -> None:
    for name in ("x1.txt", "x2.txt", "y.txt"):
        (tmp_path / name).write_text(seed(name))
    items = list(read_paths([str(tmp_path / "x*.txt")]))
    assert [a.title for a in articles(items)] == ["x1.txt", "x2.txt"]


def test_missing_path_and_empty_glob_are_rejects(tmp_path: Path) -> None:
    items = list(read_paths([tmp_path / "nope.txt", str(tmp_path / "*.none")]))
    assert [r.reason for r in rejects(items)] == ["no such file or directory", "no files match this pattern"]


def test_gzip_file(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "story.txt.gz", "wt") as out:
        out.write(STORY)
    [article] = read_paths([tmp_path / "story.txt.gz"])
    assert isinstance(article, Article) and article.dateline_place == "Islamabad"


def test_jsonl_with_default_field_names(tmp_path: Path) -> None:
    records = [
        {"text": "Kenya and Uganda held talks.", "date": "2023-01-05", "title": "Talks", "url": "http://x/1"},
        {"text": "Chile recalled its envoy.", "date": "2023-01-06T10:00:00Z", "source": "Wire"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    first, second = read_paths([path])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.title, first.url, first.pub_date) == ("Talks", "http://x/1", dt.date(2023, 1, 5))
    assert (second.outlet, second.pub_date, second.origin) == ("Wire", dt.date(2023, 1, 6), f"{path}:2")
    assert second.title == "Chile recalled its envoy."  # no title: the opening words


def test_jsonl_gz_with_custom_field_names(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt") as out:
        out.write(
            json.dumps({"body": "Peru and Bolivia met.", "published": "2021-03-02", "headline": "Meet"})
        )
    fields = FieldMap(text="body", date="published", title="headline")
    [article] = read_paths([path], fields=fields)
    assert (
        isinstance(article, Article) and article.title == "Meet" and article.pub_date == dt.date(2021, 3, 2)
    )


def test_jsonl_bad_lines_are_rejected_by_line_number(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"text": "Good one.", "date": "2023-01-05"}\n'
        "{not json\n"
        "\n"
        '{"date": "2023-01-05"}\n'
        '{"text": "Bad date.", "date": "5 Jan"}\n'
        "[1, 2]\n"
    )
    items = list(read_paths([path]))
    assert len(articles(items)) == 1
    assert [r.origin for r in rejects(items)] == [f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6"]
    assert "no 'text' text" in rejects(items)[1].reason


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text(
        json.dumps([{"text": "One.", "date": "2023-01-05"}, {"text": "Two.", "date": "2023-01-06"}])
    )
    assert [a.text for a in articles(list(read_paths([path])))] == ["One.", "Two."]


def test_csv_with_custom_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["story", "day", "title", "outlet"])
        writer.writerow(["Kenya and Uganda held talks,\non trade.", "2023-01-05", "Talks", "Wire"])
        writer.writerow(["Short row"])
        writer.writerow(["Chile recalled its envoy.", "2023-01-06", "", ""])
    fields = FieldMap(text="story", date="day", source="outlet")
    items = list(read_paths([path], fields=fields))
    first, second = articles(items)
    assert first.text == "Kenya and Uganda held talks,\non trade." and first.outlet == "Wire"
    assert second.title == "Chile recalled its envoy."
    [bad] = rejects(items)
    assert bad.origin == f"{path}:4" and "1 fields" in bad.reason  # the line, after a two-line record


def test_csv_without_the_text_column_is_one_reject_naming_the_option(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text("body,date\nHello,2023-01-01\n")
    [bad] = read_paths([path])
    assert isinstance(bad, Reject) and bad.origin == str(path)
    assert "'text'" in bad.reason and "--text-field" in bad.reason


def test_plain_text_needs_a_date(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Talks in Nairobi\n\nKenya and Uganda held talks on Monday.\n")
    [bad] = read_paths([path])
    assert isinstance(bad, Reject) and "--date" in bad.reason
    [article] = read_paths([path], date=dt.date(2023, 1, 5))
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Talks in Nairobi", "Kenya and Uganda held talks on Monday.")


def test_plain_text_without_a_headline_keeps_all_its_text(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Kenya and Uganda held talks on Monday.\nThey agreed on trade.\n")
    [article] = read_paths([path], date=dt.date(2023, 1, 5))
    assert isinstance(article, Article)
    assert article.text == "Kenya and Uganda held talks on Monday.\nThey agreed on trade."


def test_header_date_wins_over_the_given_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    [article] = read_paths([tmp_path / "a.txt"], date=dt.date(2020, 1, 1))
    assert isinstance(article, Article) and article.pub_date == dt.date(2023, 5, 10)


def test_html_page_main_text_and_metadata_date() -> None:
    [article] = read_paths([INPUTS / "page.html"])
    assert isinstance(article, Article)
    assert article.title == "Pakistan and Afghanistan agree to reopen border crossing"
    assert article.pub_date == dt.date(2023, 5, 10)
    assert article.text.startswith("ISLAMABAD, May 9 (Example News) --")
    assert "Copyright" not in article.text and "Home" not in article.text
    assert article.dateline_date == dt.date(2023, 5, 9)


def test_html_page_without_an_article_is_a_reject() -> None:
    [bad] = read_paths([INPUTS / "empty_page.html"], date=dt.date(2023, 1, 1))
    assert isinstance(bad, Reject) and "no article text" in bad.reason


def test_rss_feed_file_entries_and_an_undated_entry() -> None:
    items = list(read_paths([INPUTS / "feed.rss"]))
    kenya, chile = articles(items)
    assert kenya.title == "Kenya and Ethiopia sign power deal"
    assert kenya.pub_date == dt.date(2023, 3, 14) and kenya.dateline_date == dt.date(2023, 3, 13)
    assert kenya.url == "http://example.org/kenya-ethiopia" and kenya.outlet == "Example Wire"
    assert "<p>" not in kenya.text and "The deal runs for twenty years." in kenya.text
    assert chile.dateline_place == "Santiago"
    [undated] = rejects(items)
    assert undated.origin == f"{INPUTS / 'feed.rss'}:2" and "--date" in undated.reason


def test_atom_feed() -> None:
    [article] = read_paths([INPUTS / "feed.atom"])
    assert isinstance(article, Article)
    assert (article.pub_date, article.dateline_place, article.dateline_date) == (
        dt.date(2023, 6, 2),
        "Oslo",
        dt.date(2023, 6, 1),
    )


@pytest.fixture
def local_server() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving tests/fixtures/inputs."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(INPUTS))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_feed_url_is_fetched(local_server: str) -> None:
    items = list(read_paths([f"{local_server}/feed.rss"]))
    assert [a.title for a in articles(items)] == [
        "Kenya and Ethiopia sign power deal",
        "Chile recalls ambassador",
    ]
    assert articles(items)[0].origin == f"{local_server}/feed.rss:1"


def test_unreachable_url_is_a_reject(local_server: str) -> None:
    [bad] = read_paths([f"{local_server}/missing.rss"])
    assert isinstance(bad, Reject) and bad.origin.endswith("/missing.rss") and "cannot fetch" in bad.reason


def test_reading_is_lazy(tmp_path: Path) -> None:
    """The first article comes out before later files are even looked at."""
    (tmp_path / "a.txt").write_text(seed("first"))
    stream = read_paths([tmp_path / "a.txt", tmp_path / "later.txt"])
    first = next(stream)
    assert isinstance(first, Article)
    (tmp_path / "later.txt").write_text(seed("written after reading began"))
    assert isinstance(next(stream), Article)


def test_csv_dates_as_news_databases_write_them(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    days = ["March 5, 2024", "5 March 2024", "Tuesday, March 5, 2024", "Mar. 5, 2024 10:22 AM", "2024/03/05",
            "20240305", "1709640000"]
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["text", "date"])
        for day in days:
            writer.writerow([f"Kenya and Uganda held talks ({day}).", day])
        writer.writerow(["Chile recalled its envoy.", "05/03/2024"])  # day or month first? refused
    items = list(read_paths([path]))
    assert [a.pub_date for a in articles(items)] == [dt.date(2024, 3, 5)] * len(days)
    [bad] = rejects(items)
    assert "05/03/2024" in bad.reason and "28 April 2022" in bad.reason
