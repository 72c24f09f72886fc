"""Streaming ingest: watch a folder and ingest each new or changed file once, across restarts.

The watcher looks at the folder every ``interval`` seconds. A file is *ready* when it is
*stable*: its size and modification time have stayed the same for ``settle`` seconds (by
default five looks: 10 s at the default 2 s interval): it was last modified at least ``settle``
seconds ago (every write moves the modification time) and has not changed since the last look. A writer that pauses for less than that never has a half-written file ingested. No waiting
can be sure for a writer that pauses longer; such writers should use the rename-into-place
convention: write ``story.txt.part`` (or ``.tmp``, ``.partial``), then rename it to
``story.txt``. Those names are never read. Ready files go through the normal
:func:`tacitus.ingest.ingest`, in groups.

The watcher's own database, and its ``-wal``, ``-shm`` and ``-journal`` files, are never read,
even when the database lies inside the watched folder.

Exactly once, across crashes and restarts, rests on two facts:

- the store's article ids are the truth for content: ``ingest`` skips articles already stored,
  so handing it a file twice never stores anything twice;
- the ``watched_files`` table (migration 0003) remembers each file's size, modification time,
  content hash and status, so a restarted watcher does not read handled files again. A group is
  marked ``ingesting`` before its ingest and ``done`` after; a watcher killed in between finds
  ``ingesting`` rows at restart and ingests those files again, harmlessly.

A file whose size or time changes but whose content hash does not (``touch``) is not ingested
again; one whose content changed is, and only its new articles are added.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tacitus.errors import OptionError, TacitusError
from tacitus.ingest import IngestOptions, ingest
from tacitus.records import IngestReport
from tacitus.store import Store

GROUP_SIZE = 64  # files per ingest call: one spaCy batch stream, one status update
IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")
"""Names a writer uses while a file is incomplete; such files are never ingested."""
SETTLE_LOOKS = 5
"""By default a file's size and modification time must stay unchanged this many intervals."""
STORE_SUFFIXES = ("", "-wal", "-shm", "-journal")

Stat = tuple[int, int]  # (size in bytes, modification time in ns)


@dataclass
class WatchOutcome:
    """What one look at the folder did: the files ingested and the ingest's counts."""

    files: list[Path] = field(default_factory=list)
    report: IngestReport = field(default_factory=IngestReport)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    unchanged: int = 0  # files whose time changed but whose content did not
    waiting: int = 0  # files still being written

    def summary(self) -> str:
        """What ``tacitus watch`` prints for this look: time, files, then the ingest's own summary."""
        from tacitus.ingest import summary

        stamp = dt.datetime.now().strftime("%H:%M:%S")
        lines = summary(self.report)
        lines[0] = f"{stamp} {len(self.files)} file(s): {lines[0]}"
        lines += [f"  failed {path}: {reason}" for path, reason in self.failed]
        return "\n".join(lines)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_watched(path: Path) -> bool:
    """Hidden files and files a writer has not finished (``.part``, ``.tmp``...) are not watched."""
    return not path.name.startswith(".") and not path.name.endswith(IGNORED_SUFFIXES)


def scan(folder: Path, ignore: frozenset[Path] = frozenset()) -> dict[Path, Stat]:
    """The watched files under ``folder`` (recursively) with their size and modification time;
    ``ignore`` holds resolved paths never to report (the watcher's own database files)."""
    found: dict[Path, Stat] = {}
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or not is_watched(path):
            continue
        if path.resolve() in ignore:
            continue
        try:
            stat = path.stat()
        except OSError:  # removed between listing and stat
            continue
        if path.is_file():
            found[path.resolve()] = (stat.st_size, stat.st_mtime_ns)
    return found


class Watcher:
    """Looks at one folder and ingests what is ready; :meth:`poll` does one look."""

    def __init__(
        self,
        folder: str | Path,
        store: Store,
        *,
        interval: float = 2.0,
        settle: float | None = None,
        options: IngestOptions | None = None,
    ) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise OptionError(str(folder), "not a folder; give the folder to watch")
        if settle is not None and not settle >= 0:
            raise OptionError("--settle", f"must be zero or more seconds, not {settle}")
        self.store = store
        self.interval = interval
        self.settle = SETTLE_LOOKS * interval if settle is None else settle
        self.options = options or IngestOptions()
        self._previous: dict[Path, Stat] | None = None
        own = Path(store.path).resolve()
        self._own = frozenset(Path(f"{own}{suffix}") for suffix in STORE_SUFFIXES)

    # -- state --------------------------------------------------------------------------------

    def _rows(self) -> dict[str, sqlite3.Row]:
        return {row["path"]: row for row in self.store.db.execute("SELECT * FROM watched_files")}

    def _record(self, path: Path, stat: Stat, digest: str, status: str, message: str | None = None) -> None:
        now = _now()
        self.store.db.execute(
            "INSERT INTO watched_files (path, size, mtime_ns, content_hash, status, message, first_seen, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
            " mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash, status = excluded.status,"
            " message = excluded.message, updated_at = excluded.updated_at",
            (str(path), stat[0], stat[1], digest, status, message, now, now),
        )

    # -- one look -----------------------------------------------------------------------------

    def _stable(self, path: Path, stat: Stat, now_ns: int) -> bool:
        """Unchanged since the last look, and last modified at least ``settle`` seconds ago.

        Every write moves the modification time, so a file whose time is ``settle`` seconds old
        has had the same size and time for that long: a writer pausing for less is waited for.
        """
        if self._previous is not None and path in self._previous and self._previous[path] != stat:
            return False
        return now_ns - stat[1] >= self.settle * 1e9

    def ready(self) -> tuple[list[tuple[Path, Stat, str]], int, int]:
        """Files to ingest now (path, stat, hash), how many wait, and how many only had their time changed."""
        current = scan(self.folder, self._own)
        now_ns = time.time_ns()
        rows = self._rows()
        todo: list[tuple[Path, Stat, str]] = []
        waiting = unchanged = 0
        for path, stat in current.items():
            row = rows.get(str(path))
            handled = row if row is not None and row["status"] in ("done", "failed") else None
            if handled and (handled["size"], handled["mtime_ns"]) == stat:
                continue
            if not self._stable(path, stat, now_ns):
                waiting += 1
                continue
            try:
                digest = content_hash(path)
            except OSError:
                continue  # removed or unreadable right now; look again next time
            if handled and handled["content_hash"] == digest:
                with self.store.transaction():
                    self._record(path, stat, digest, handled["status"], handled["message"])
                unchanged += 1
                continue
            todo.append((path, stat, digest))
        self._previous = current
        return todo, waiting, unchanged

    def poll(self) -> WatchOutcome:
        """Look once: ingest every ready file not handled yet; return what was done."""
        todo, waiting, unchanged = self.ready()
        outcome = WatchOutcome(unchanged=unchanged, waiting=waiting)
        for start in range(0, len(todo), GROUP_SIZE):
            self._ingest_group(todo[start : start + GROUP_SIZE], outcome)
        return outcome

    def _ingest_group(self, group: list[tuple[Path, Stat, str]], outcome: WatchOutcome) -> None:
        with self.store.transaction():
            for path, stat, digest in group:
                self._record(path, stat, digest, "ingesting")
        try:
            report = ingest([path for path, _, _ in group], self.store, self.options)
        except TacitusError as exc:
            if len(group) == 1:
                path, stat, digest = group[0]
                reason = str(exc).splitlines()[0]
                with self.store.transaction():
                    self._record(path, stat, digest, "failed", reason)
                outcome.failed.append((path, reason))
                return
            for one in group:  # find the file at fault: ingest the group's files one by one
                self._ingest_group([one], outcome)
            return
        _add(outcome.report, report)
        with self.store.transaction():
            for path, stat, digest in group:
                rejects = [
                    r for r in report.rejects if r.origin == str(path) or r.origin.startswith(f"{path}:")
                ]
                message = "; ".join(r.reason for r in rejects[:3]) or None
                self._record(path, stat, digest, "done", message)
                outcome.files.append(path)


def _add(total: IngestReport, part: IngestReport) -> None:
    total.read += part.read
    total.new += part.new
    total.already_stored += part.already_stored
    total.duplicates += part.duplicates
    total.events += part.events
    total.rejects.extend(part.rejects)


def watch(
    folder: str | Path,
    store: Store,
    *,
    interval: float = 2.0,
    once: bool = False,
    options: IngestOptions | None = None,
    settle: float | None = None,
) -> Iterator[WatchOutcome]:
    """Watch ``folder``, yielding an outcome for every look that ingested or failed something.

    With ``once``, ingest what is ready and return; files that are still being written (not
    yet stable for ``settle`` seconds) get one more look once they could be. Otherwise runs until interrupted (Ctrl-C). ``options``
    are the ingest's (engine, batch size...).
    """
    watcher = Watcher(folder, store, interval=interval, settle=settle, options=options)
    outcome = watcher.poll()
    if outcome.files or outcome.failed:
        yield outcome
    if once and outcome.waiting:
        time.sleep(watcher.settle)
        outcome = watcher.poll()
        if outcome.files or outcome.failed:
            yield outcome
    while not once:
        time.sleep(interval)
        outcome = watcher.poll()
        if outcome.files or outcome.failed:
            yield outcome


def watched_files(store: Store) -> list[dict[str, Any]]:
    """The watcher's record of every file it has handled, newest first."""
    rows = store.db.execute(
        "SELECT path, size, status, message, first_seen, updated_at FROM watched_files ORDER BY updated_at DESC"
    )
    return [dict(row) for row in rows]
