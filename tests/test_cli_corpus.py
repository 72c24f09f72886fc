"""The corpus commands as a user runs them: ingest, articles, articles show, stats, check."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.cli.corpus import parse_field_map
from tacitus.errors import InputError, OptionError
from tacitus.read import FieldMap
from test_ingest import write_corpus, write_duplicate_pair


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding 5 small articles and a near-duplicate pair (tests must not change it)."""
    tmp_path = tmp_path_factory.mktemp("corpus")
    write_corpus(tmp_path / "corpus", 5)
    write_duplicate_pair(tmp_path / "corpus")
    db = tmp_path / "t.db"
    code, output = run("ingest", str(tmp_path / "corpus"), "--db", str(db))
    assert code == 0, output
    return db


def test_ingest_prints_a_summary(corpus_db: Path) -> None:
    code, output = run("ingest", str(corpus_db.parent / "corpus"), "--db", str(corpus_db))
    assert code == 0
    assert output.startswith(
        "read 7 articles: 0 new (0 near-duplicates linked, not extracted), 7 already stored"
    )


def test_first_ingest_counts_the_near_duplicate(tmp_path: Path) -> None:
    write_duplicate_pair(tmp_path / "pair")
    code, output = run("ingest", str(tmp_path / "pair"), "--db", str(tmp_path / "x.db"))
    assert code == 0 and "read 2 articles: 2 new (1 near-duplicates linked" in output


def test_ingest_lists_rejects_and_goes_on(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 2)
    (tmp_path / "corpus" / "empty.txt").write_text("")
    code, output = run("ingest", str(tmp_path / "corpus"), "--db", str(tmp_path / "x.db"))
    assert code == 0
    assert "2 new" in output and "1 rejected" in output
    assert f"rejected {tmp_path / 'corpus' / 'empty.txt'}: empty file" in output


def test_ingest_fails_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("no header\n")
    code, output = run("ingest", str(tmp_path / "bad.txt"), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "0 new" in output and "bad.txt" in output


def test_ingest_strict_stops_at_a_reject(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 1)
    (tmp_path / "corpus" / "empty.txt").write_text("")
    with pytest.raises(InputError, match="empty.txt: empty file"):
        run("ingest", str(tmp_path / "corpus"), "--db", str(tmp_path / "x.db"), "--strict")


def test_ingest_without_inputs_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "give at least one PATH or --feed" in result.output


def test_ingest_jsonl_with_field_options_and_date(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(
        json.dumps({"body": "Chile and Peru agreed to open a border crossing.", "head": "Deal"}) + "\n"
    )
    db = str(tmp_path / "x.db")
    code, output = run(
        "ingest", str(path), "--db", db, "--format-fields", "text=body,title=head", "--date", "2023-02-01"
    )
    assert code == 0 and "1 new" in output
    assert sqlite3.connect(db).execute("SELECT title, pub_date FROM articles").fetchone() == (
        "Deal",
        "2023-02-01",
    )


def test_ingest_quiet_prints_nothing(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 1)
    code, output = run("ingest", str(tmp_path / "corpus"), "--db", str(tmp_path / "x.db"), "--quiet")
    assert (code, output) == (0, "")


def test_ingest_feed_option_reads_a_feed_file(tmp_path: Path) -> None:
    feed = Path(__file__).parent / "fixtures" / "inputs" / "feed.rss"
    code, output = run("ingest", "--feed", str(feed), "--db", str(tmp_path / "x.db"))
    assert code == 0 and "2 new" in output and "1 rejected" in output


def test_max_article_size_option(tmp_path: Path) -> None:
    [path] = write_corpus(tmp_path / "corpus", 1)
    code, output = run("ingest", str(path), "--db", str(tmp_path / "x.db"), "--max-article-mb", "0.0001")
    assert code == 1 and "larger than the 0.0001 MB article size limit" in output


def test_field_map_spec() -> None:
    assert parse_field_map("text=body, date=day", title="head") == FieldMap(
        text="body", date="day", title="head"
    )
    assert parse_field_map(None, text="story") == FieldMap(text="story")
    with pytest.raises(OptionError, match="--format-fields"):
        parse_field_map("body")
    with pytest.raises(OptionError, match="--format-fields"):
        parse_field_map("colour=red")


def test_articles_lists_and_searches(corpus_db: Path) -> None:
    code, output = run("articles", "--db", str(corpus_db), "--format", "json")
    assert code == 0 and len(json.loads(output)) == 7
    code, output = run("articles", "--db", str(corpus_db), "--search", "Omo megawatts", "--format", "json")
    found = json.loads(output)
    assert {row["title"] for row in found} == {
        "Kenya and Ethiopia sign power deal",
        "Kenya, Ethiopia agree on electricity sales",
    }
    code, output = run(
        "articles", "--db", str(corpus_db), "--search", '"unbalanced (quote', "--format", "json"
    )
    assert code == 0 and json.loads(output) == []


def test_articles_show_prints_numbered_sentences(corpus_db: Path) -> None:
    article_id = (
        sqlite3.connect(corpus_db)
        .execute("SELECT id FROM articles WHERE origin LIKE '%dup-a.txt'")
        .fetchone()[0]
    )
    code, output = run("articles", "show", article_id[:8], "--db", str(corpus_db))
    assert code == 0
    assert output.startswith("Kenya and Ethiopia sign power deal\n")
    assert "[0] 0-" in output and "Omo river" in output
    code, output = run("articles", "--db", str(corpus_db), "show", article_id, "--format", "json")
    shown = json.loads(output)
    assert shown["id"] == article_id and shown["sentences"][0]["index"] == 0


def test_stats(corpus_db: Path) -> None:
    code, output = run("stats", "--db", str(corpus_db), "--format", "json")
    stats = json.loads(output)
    assert code == 0 and stats["articles"] == 7 and stats["duplicate_articles"] == 1
    assert stats["first_article"] == "2023-01-01"
    code, output = run("stats", "--db", str(corpus_db))
    assert code == 0 and "duplicate articles" in output


def test_check_passes_on_a_sound_store_and_fails_on_a_broken_one(corpus_db: Path, tmp_path: Path) -> None:
    code, output = run("check", "--db", str(corpus_db))
    assert code == 0 and "no problems (7 articles" in output
    broken = tmp_path / "broken.db"
    with sqlite3.connect(corpus_db) as source, sqlite3.connect(broken) as target:
        source.backup(target)
    corpus_db = broken
    db = sqlite3.connect(corpus_db)
    db.execute("UPDATE articles SET duplicate_of = 'ffffffffffffffff' WHERE duplicate_of IS NOT NULL")
    db.execute("UPDATE sentences SET end = end + 5000 WHERE idx = 0")
    db.commit()
    db.close()
    code, output = run("check", "--db", str(corpus_db))
    assert code == 1
    assert "duplicate link: article " in output and "duplicate_of ffffffffffffffff is not stored" in output
    assert "sentence offsets: sentence " in output


def test_commands_on_a_missing_database_say_so(tmp_path: Path) -> None:
    from tacitus.errors import StoreError

    with pytest.raises(StoreError, match="no such database"):
        run("stats", "--db", str(tmp_path / "none.db"))


@pytest.mark.parametrize("command", [["ingest"], ["articles"], ["articles", "show"], ["stats"], ["check"]])
def test_help_teaches_with_an_example(command: list[str]) -> None:
    code, output = run(*command, "--help")
    assert code == 0 and "Example" in output and "tacitus " in output
