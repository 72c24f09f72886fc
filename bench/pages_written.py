"""Which B-trees a store's write transaction changed, page by page (for ``bench scaling --pages-at``).

SQLite writes every page a transaction changes to the write-ahead log before it copies it into
the database; the log's frame headers name the page. With the log emptied before one ingest
batch and not copied back until after it (``wal_autocheckpoint=0``), the log's distinct pages
are the pages that batch changed; SQLite's ``dbstat`` table says which table or index owns each
page. A B-tree that takes a batch's rows at random places changes about a page per row once it
is larger than the batch; one that takes them at its end changes a few pages.

Not a benchmark of its own: ``bench.__main__`` skips it (``SKIP``).
"""

from __future__ import annotations

import collections
import sqlite3
import struct
from pathlib import Path

WAL_HEADER = 32
FRAME_HEADER = 24


def wal_pages(db_path: str | Path) -> list[int]:
    """The page number of every frame in the write-ahead log of ``db_path``, in log order."""
    pages: list[int] = []
    wal = Path(f"{db_path}-wal")
    if not wal.exists():
        return pages
    with wal.open("rb") as log:
        header = log.read(WAL_HEADER)
        if len(header) < WAL_HEADER:
            return pages
        page_size = struct.unpack(">I", header[8:12])[0]
        while len(frame := log.read(FRAME_HEADER)) == FRAME_HEADER:
            pages.append(struct.unpack(">I", frame[:4])[0])
            log.seek(page_size, 1)
    return pages


def owners(db: sqlite3.Connection) -> dict[int, str]:
    """page number -> name of the table or index whose B-tree holds it (reads every page)."""
    return dict(db.execute("SELECT pageno, name FROM dbstat"))


def by_btree(db: sqlite3.Connection, pages: list[int]) -> list[tuple[str, int, int]]:
    """(B-tree, its pages among ``pages``, its pages in all), most changed first; pages no B-tree
    holds yet (new at the end of the file, or freed) count as ``(new or free)``."""
    owner = owners(db)
    changed = collections.Counter(owner.get(page, "(new or free)") for page in set(pages))
    size = collections.Counter(owner.values())
    return [(name, count, size.get(name, 0)) for name, count in changed.most_common()]
