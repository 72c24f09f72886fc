"""`tacitus watch`: files dropped into a folder are ingested once each, even across restarts and kills."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from email.utils import format_datetime
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.ingest import ingest
from tacitus.store import Store, open_store
from tacitus.watch import Watcher, watch, watched_files

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # the synthetic article generator lives in bench/, beside src/
    sys.path.insert(0, str(REPO))

from bench.synthetic import SyntheticArticle, generate


def drop(folder: Path, count: int, seed: int) -> list[Path]:
    """Write ``count`` seed-format articles into ``folder``, named by seed so that seeds never collide."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for story in generate(count, seed):
        path = folder / f"s{seed}_{story.file_name}"
        path.write_text(story.text, encoding="utf-8")
        paths.append(path)
    return paths


def age(path: Path, seconds: float = 600) -> None:
    """Make a file look finished: last modified ``seconds`` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def statuses(store: Store) -> dict[str, str]:
    return {Path(row["path"]).name: row["status"] for row in watched_files(store)}


def test_once_ingests_the_folder_then_only_what_is_new(tmp_path, store):
    inbox = tmp_path / "inbox"
    first = drop(inbox, 3, seed=1)
    outcomes = list(watch(inbox, store, interval=0.05, once=True))
    assert sum(o.report.new for o in outcomes) == 3
    assert store.counts()["articles"] == 3
    assert set(statuses(store).values()) == {"done"}

    drop(inbox, 2, seed=2)
    outcomes = list(watch(inbox, store, interval=0.05, once=True))
    assert sum(o.report.read for o in outcomes) == 2, "files already handled are not read again"
    assert store.counts()["articles"] == 5

    assert list(watch(inbox, store, interval=0.05, once=True)) == []
    assert store.counts()["articles"] == 5
    assert {p.name for p in first} <= set(statuses(store))


def test_a_file_still_being_written_waits_until_its_size_stops_changing(tmp_path, store):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    story = next(generate(1, seed=3))
    growing = inbox / "growing.txt"
    half = len(story.text) // 2
    growing.write_text(story.text[:half], encoding="utf-8")
    watcher = Watcher(inbox, store, interval=60)  # first sight of a fresh file: not ready

    first = watcher.poll()
    assert (first.waiting, first.files) == (1, [])
    with growing.open("a", encoding="utf-8") as handle:
        handle.write(story.text[half:])
    second = watcher.poll()
    assert (second.waiting, second.files) == (1, []), "the size changed since the last look"
    assert watcher.poll().waiting == 1, "same size as at the last look, but written less than --settle ago"
    age(growing, 600)  # the writer has been quiet for longer than the settle time
    assert watcher.poll().waiting == 1, "its time moved since the last look"
    third = watcher.poll()
    assert [p.name for p in third.files] == ["growing.txt"]
    assert store.counts()["articles"] == 1
    assert store.db.execute("SELECT title FROM articles").fetchone()[0] == story.title


def test_touching_a_file_does_not_ingest_it_again_but_new_content_does(tmp_path, store):
    inbox = tmp_path / "inbox"
    (path,) = drop(inbox, 1, seed=4)
    age(path)
    watcher = Watcher(inbox, store, interval=0.05)
    assert len(watcher.poll().files) == 1

    age(path, 300)  # same bytes, another modification time
    assert watcher.poll().waiting == 1, "a file that changed since the last look waits one look"
    touched = watcher.poll()
    assert (touched.files, touched.unchanged) == ([], 1)

    path.write_text(next(generate(1, seed=5)).text, encoding="utf-8")
    age(path, 200)
    assert watcher.poll().waiting == 1
    rewritten = watcher.poll()
    assert [p.name for p in rewritten.files] == [path.name]
    assert rewritten.report.new == 1
    assert store.counts()["articles"] == 2, "the first version's article stays; the new one is added"


def test_hidden_and_partial_files_are_left_alone(tmp_path, store):
    inbox = tmp_path / "inbox"
    drop(inbox, 1, seed=6)
    story = next(generate(1, seed=7)).text
    (inbox / ".draft.txt").write_text(story, encoding="utf-8")
    (inbox / "upload.txt.part").write_text(story, encoding="utf-8")
    (inbox / ".cache").mkdir()
    (inbox / ".cache" / "copy.txt").write_text(story, encoding="utf-8")
    for path in inbox.rglob("*"):
        age(path)
    list(watch(inbox, store, interval=0.05, once=True))
    assert list(statuses(store)) == ["s6_synthetic_000000.txt"]
    assert store.counts()["articles"] == 1


def test_a_file_that_is_not_an_article_is_recorded_with_its_reason(tmp_path, store):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "notes.txt").write_text("no header line here, just words\n", encoding="utf-8")
    age(inbox / "notes.txt")
    (outcome,) = watch(inbox, store, interval=0.05, once=True)
    assert outcome.report.rejected == 1
    (row,) = watched_files(store)
    assert row["status"] == "done" and row["message"], "the reject's reason is kept with the file"
    assert list(watch(inbox, store, interval=0.05, once=True)) == [], "and it is not retried"


def test_the_watch_command_prints_what_it_ingested(tmp_path):
    inbox = tmp_path / "inbox"
    for path in drop(inbox, 2, seed=8):
        age(path)
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(main, ["watch", str(inbox), "--db", str(db), "--once", "--interval", "0.05"])
    assert result.exit_code == 0, result.output
    assert "2 file(s)" in result.output and "2 new" in result.output
    again = CliRunner().invoke(main, ["watch", str(inbox), "--db", str(db), "--once", "--interval", "0.05"])
    assert again.exit_code == 0 and again.output == ""


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute(sql).fetchone()[0])
    except sqlite3.Error:  # not created or not migrated yet
        return 0


@pytest.mark.slow
def test_a_killed_watcher_restarts_without_losing_or_doubling_anything(tmp_path):
    inbox = tmp_path / "inbox"
    paths = drop(inbox, 16, seed=9)
    for path in paths:
        age(path)
    db = tmp_path / "watched.db"
    command = [sys.executable, "-c", "from tacitus.cli import run; run()", "watch", str(inbox), "--db", str(db),
               "--interval", "0.2", "--batch-size", "4"]  # fmt: skip
    watcher = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while _count(db, "SELECT count(*) FROM articles") == 0:  # wait for the first batches to commit
            assert watcher.poll() is None, watcher.stderr.read().decode() if watcher.stderr else ""
            assert time.monotonic() < deadline, "the watcher stored nothing in two minutes"
            time.sleep(0.05)
    finally:
        watcher.send_signal(signal.SIGKILL)
        watcher.wait(timeout=30)
    stored_before_restart = _count(db, "SELECT count(*) FROM articles")
    assert 0 < stored_before_restart < 16, "the kill should land in the middle of the work"
    assert _count(db, "SELECT count(*) FROM watched_files WHERE status = 'ingesting'") > 0

    restarted = subprocess.run(
        command + ["--once"], check=False, capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert restarted.returncode == 0, restarted.stderr

    with open_store(tmp_path / "reference.db") as reference:  # the same files ingested in one clean run
        ingest(paths, reference)
        expected = reference.counts()
    with open_store(db) as store:
        assert store.counts() == expected
        assert set(statuses(store).values()) == {"done"}
        assert len(statuses(store)) == 16


def test_a_restarted_watch_adds_the_new_files_and_nothing_twice(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "watched.db"
    command = ["watch", str(inbox), "--db", str(db), "--once", "--interval", "0.05"]
    first = drop(inbox, 3, seed=10)
    for path in first:
        age(path)
    assert "3 file(s)" in CliRunner().invoke(main, command).output
    later = drop(inbox, 4, seed=11)
    for path in later:
        age(path)
    restarted = CliRunner().invoke(main, command)
    assert restarted.exit_code == 0, restarted.output
    assert "4 file(s)" in restarted.output and "4 new" in restarted.output

    with open_store(tmp_path / "reference.db") as reference:  # the same files in one ingest
        ingest([*first, *later], reference)
        expected = reference.counts()
    with open_store(db) as store:
        assert store.counts() == expected, "an article missing or stored twice"
        assert sorted(statuses(store)) == sorted(p.name for p in [*first, *later])


# -- feeds ---------------------------------------------------------------------------------------


def rss(stories: list[SyntheticArticle]) -> str:
    """An RSS 2.0 feed with one item per story (the body as HTML paragraphs)."""
    items = []
    for number, story in enumerate(stories):
        published = dt.datetime.combine(story.pub_date, dt.time(9, 30), tzinfo=dt.UTC)
        body = "".join(f"<p>{paragraph}</p>" for paragraph in story.body.split("\n\n"))
        items.append(
            f"<item><title>{escape(story.title)}</title><link>https://news.example/{number}</link>"
            f"<pubDate>{format_datetime(published)}</pubDate><description>{escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Northwind Wire</title>'
        f"<link>https://news.example/</link><description>World</description>{''.join(items)}</channel></rss>"
    )


def atom(stories: list[SyntheticArticle]) -> str:
    """The same stories as an Atom feed."""
    entries = "".join(
        f"<entry><title>{escape(s.title)}</title><id>urn:story:{n}</id><link href='https://news.example/{n}'/>"
        f"<updated>{s.pub_date.isoformat()}T09:30:00Z</updated><content type='text'>{escape(s.body)}</content></entry>"
        for n, s in enumerate(stories)
    )
    return f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Wire</title>{entries}</feed>"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_ingest_feed_stores_each_entry_once_as_the_feed_grows(tmp_path, kind):
    stories = list(generate(5, seed=12))
    feed, db = tmp_path / f"world.{kind}", tmp_path / "feed.db"
    write = rss if kind == "rss" else atom
    command = ["ingest", "--feed", str(feed), "--db", str(db)]
    feed.write_text(write(stories[:3]), encoding="utf-8")
    first = CliRunner().invoke(main, command)
    assert first.exit_code == 0, first.output
    assert "read 3 articles: 3 new" in first.output

    feed.write_text(write(stories[1:]), encoding="utf-8")  # the feed moved on: 2 old entries, 2 new
    second = CliRunner().invoke(main, command)
    assert "read 4 articles: 2 new" in second.output and "2 already stored" in second.output
    with open_store(db) as store:
        titles = [row[0] for row in store.db.execute("SELECT title FROM articles ORDER BY pub_date, title")]
        dates = {row[0] for row in store.db.execute("SELECT pub_date FROM articles")}
    assert sorted(titles) == sorted(s.title for s in stories)
    assert dates == {s.pub_date.isoformat() for s in stories}


def test_a_watched_feed_file_that_is_rewritten_adds_only_its_new_entries(tmp_path, store):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    stories = list(generate(4, seed=13))
    feed = inbox / "world.rss"
    feed.write_text(rss(stories[:2]), encoding="utf-8")
    age(feed, 300)
    assert sum(o.report.new for o in watch(inbox, store, interval=0.05, once=True)) == 2
    feed.write_text(rss(stories), encoding="utf-8")
    age(feed, 200)
    (outcome,) = watch(inbox, store, interval=0.05, once=True)  # a restart: a new watcher
    assert (outcome.report.read, outcome.report.new, outcome.report.already_stored) == (4, 2, 2)
    assert store.counts()["articles"] == 4


# -- issue 12, item 10 -------------------------------------------------------------------------------


def test_a_writer_pausing_longer_than_the_interval_is_waited_for(tmp_path: Path, store: Store) -> None:
    """Half a story, a pause of several looks, the rest: only the whole story is stored."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    story = next(generate(1, seed=11))
    path = inbox / "slow.txt"
    half = len(story.text) // 2
    path.write_text(story.text[:half], encoding="utf-8")
    watcher = Watcher(inbox, store, interval=0.05, settle=30)
    for _ in range(3):  # the writer pauses: looks see the same size and time, but a fresh time
        assert watcher.poll().files == []
        time.sleep(0.06)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(story.text[half:])
    age(path, 60)
    watcher.poll()
    assert [p.name for p in watcher.poll().files] == ["slow.txt"]
    assert store.counts()["articles"] == 1
    assert store.db.execute("SELECT title FROM articles").fetchone()[0] == story.title


def test_the_watchers_own_database_inside_the_folder_is_not_read(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (path,) = drop(inbox, 1, seed=12)
    age(path)
    with open_store(inbox / "tacitus.db") as own:
        first = list(watch(inbox, own, interval=0.05, once=True))
        for suffix in ("", "-wal", "-shm"):
            if (inbox / f"tacitus.db{suffix}").exists():
                age(inbox / f"tacitus.db{suffix}")
        again = list(watch(inbox, own, interval=0.05, once=True))
        files = {Path(row["path"]).name for row in watched_files(own)}
    assert [p.name for o in first for p in o.files] == [path.name]
    assert again == [] and files == {path.name}
