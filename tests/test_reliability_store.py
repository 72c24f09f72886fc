"""The database under attack (issue 12, items 7-9): nothing lost without a word, one line instead
of a traceback, and a foreign database left alone. docs/reliability.md lists the trials.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tacitus.errors import StoreError
from tacitus.ingest import ingest
from tacitus.store import SCHEMA_VERSION, open_store
from test_ingest import write_corpus

REPO = Path(__file__).resolve().parent.parent


def tacitus(
    *args: str, limit_file_bytes: int | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `tacitus` entry point (the one-line error handler included) in a child process."""

    def limit() -> None:
        if limit_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    command = [sys.executable, "-c", "from tacitus.cli import run; run()", *args]
    return subprocess.run(
        command, check=False, capture_output=True, text=True, timeout=300, preexec_fn=limit, cwd=cwd
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The error a failed command printed, checked to be one line and no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# -- item 7: nothing persists ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", ":memory:", "file::memory:?cache=shared"])
def test_an_in_memory_database_is_refused(path: str) -> None:
    with pytest.raises(StoreError, match="in-memory"):
        open_store(path)


def test_ingest_with_an_empty_db_says_so_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        " date 2023-03-01 Deal\n\nChile and Peru agreed to talk.\n", encoding="utf-8"
    )
    message = one_line_error(tacitus("ingest", "a.txt", "--db", "", cwd=tmp_path))
    assert "in-memory" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


# -- item 9: a foreign database -------------------------------------------------------------------


def foreign_database(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        db.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    return path


def test_a_foreign_sqlite_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = foreign_database(tmp_path / "books.db")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a Tacitus store.*--force"):
        open_store(path)
    assert path.read_bytes() == before
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 1


def test_force_adds_the_tacitus_tables_to_a_foreign_database(tmp_path: Path) -> None:
    path = foreign_database(tmp_path / "books.db")
    with open_store(path, force=True) as store:
        assert store.version == SCHEMA_VERSION
        assert store.db.execute("SELECT amount FROM invoices").fetchone()[0] == 12.5


# -- item 8: one line, not a traceback ------------------------------------------------------------


@pytest.mark.parametrize("command", ["stats", "check", "events"])
def test_commands_on_random_bytes_say_it_is_not_a_database(tmp_path: Path, command: str) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(os.urandom(8192))
    assert "not an SQLite database" in one_line_error(tacitus(command, "--db", str(path)))


@pytest.mark.parametrize("command", ["stats", "check", "events"])
def test_commands_on_a_foreign_database_say_it_is_not_a_tacitus_store(tmp_path: Path, command: str) -> None:
    path = foreign_database(tmp_path / "books.db")
    assert "not a Tacitus store" in one_line_error(tacitus(command, "--db", str(path)))


def test_a_full_disk_ends_in_one_line_and_keeps_the_committed_batches(tmp_path: Path) -> None:
    """SQLite's max_page_count stands in for a full disk: the same error, `database or disk is full`."""
    files = write_corpus(tmp_path / "in", 12)
    with open_store(tmp_path / "t.db") as store:
        ingest(files[:4], store)
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(StoreError, match="disk is full") as failure:
            ingest(files[4:], store)
        assert str(failure.value).startswith(str(tmp_path / "t.db"))
        assert "\n" not in str(failure.value)
        assert store.counts()["articles"] == 4


@pytest.mark.slow
def test_a_file_size_limit_ends_in_one_line(tmp_path: Path) -> None:
    """`ulimit -f`: without care the process dies of SIGXFSZ with no word at all."""
    write_corpus(tmp_path / "in", 150)
    result = tacitus(
        "ingest", "in", "--db", "t.db", "--batch-size", "8", limit_file_bytes=1_000_000, cwd=tmp_path
    )
    message = one_line_error(result)
    assert "t.db" in message and ("disk" in message or "size limit" in message)
    with open_store(tmp_path / "t.db", read_only=True) as store:
        kept = store.counts()["articles"]
    assert 0 < kept < 150, "the batches committed before the limit are kept"
    assert tacitus("ingest", "in", "--db", "t.db", cwd=tmp_path).returncode == 0, "and the rest goes in after"
    with open_store(tmp_path / "t.db", read_only=True) as store:
        assert store.counts()["articles"] == 150


def test_the_lock_held_too_long_ends_in_one_line(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        other = sqlite3.connect(tmp_path / "t.db")
        other.execute("BEGIN IMMEDIATE")
        store.db.execute("PRAGMA busy_timeout = 50")
        try:
            with pytest.raises(StoreError, match="write lock"), store.transaction():
                pass
        finally:
            other.rollback()
            other.close()


def test_a_read_only_database_file_ends_in_one_line(tmp_path: Path) -> None:
    """As root, file modes do not stop writes; SQLite's own read-only mode stands in for them."""
    files = write_corpus(tmp_path / "in", 2)
    with open_store(tmp_path / "t.db") as store:
        store.db.close()
        store.db = sqlite3.connect(f"file:{tmp_path / 't.db'}?mode=ro", uri=True)
        store.db.row_factory = sqlite3.Row
        with pytest.raises(StoreError, match="read-only"):
            ingest(files, store)


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads and writes any folder: an unwritable folder cannot be made"
)
def test_reading_a_database_in_a_folder_one_cannot_write(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "in", 2)
    folder = tmp_path / "locked"
    folder.mkdir()
    with open_store(folder / "t.db") as store:
        ingest(files, store)
    folder.chmod(0o555)
    try:
        result = tacitus("stats", "--db", str(folder / "t.db"))
        assert result.returncode == 0, result.stderr
    finally:
        folder.chmod(0o755)


# -- the schema change of item 2 --------------------------------------------------------------------


def test_a_version_6_store_migrates_to_the_current_schema_and_takes_new_articles(tmp_path: Path) -> None:
    from tacitus.check import check_store
    from tacitus.store import _migrations, sql_statements

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        for version, script in _migrations():
            if version <= 6:
                for statement in sql_statements(script):
                    db.execute(statement)
        db.execute("PRAGMA user_version = 6")
        db.execute(
            "INSERT INTO actors (key, name, kind, country, sector, code, title)"
            " VALUES ('person:IRN:raisi', 'Raisi', 'person', 'IRN', 'GOV', 'IRNGOV', 'President')"
        )
        db.execute("INSERT INTO actor_aliases (actor_id, alias, normalized) VALUES (1, 'Raisi', 'raisi')")
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION >= 7
        assert [tuple(r) for r in store.db.execute("SELECT actor_id, sector, seen FROM actor_sectors")] == [
            (1, "GOV", 1)
        ]
        assert store.db.execute("SELECT seen FROM actor_aliases").fetchone()[0] == 0
        report = ingest(write_corpus(tmp_path / "in", 3), store)
        assert report.new == 3 and report.rejected == 0
        assert check_store(store) == []


def test_a_database_sqlite_cannot_open_read_only_is_read_as_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What happens in a folder one cannot write (simulated: as root such a folder cannot be made):
    SQLite cannot create the ``-shm`` file and a ``mode=ro`` open fails; with no write pending the
    file is read as immutable."""
    import tacitus.store

    with open_store(tmp_path / "t.db") as store:
        ingest(write_corpus(tmp_path / "in", 2), store)
    real = sqlite3.connect

    def connect(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        if "mode=ro" in str(database):
            raise sqlite3.OperationalError("unable to open database file")
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tacitus.store.sqlite3, "connect", connect)
    with open_store(tmp_path / "t.db", read_only=True) as store:
        assert store.counts()["articles"] == 2
