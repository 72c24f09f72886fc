"""Articles: full-text search over titles and texts (FTS5), best first, or the newest."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from tacitus.query.filters import check_limit, end_date, parse_date
from tacitus.query.sql import Where
from tacitus.store import Store


def _fts_query(text: str) -> str:
    """A safe FTS5 query: each word quoted (so punctuation cannot break the syntax), all required."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"' for w in words)


COMMON_ARTICLE_ROWS = 5_000


def search_articles(
    store: Store,
    text: str | None = None,
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    limit: int | None = 20,
    offset: int = 0,
    marks: tuple[str, str] = ("[", "]"),
) -> pd.DataFrame:
    """Articles containing every word of ``text`` (full-text, best first), or newest first without text.

    Columns: article_id, title, pub_date, outlet, url, snippet (matches between ``marks``,
    [brackets] by default), events.
    """
    where = Where()
    first, last = parse_date("start", start), end_date(end)
    if first:
        where.add("a.pub_date >= ?", first)
    if last:
        where.add("a.pub_date <= ?", last)
    paging = [check_limit("limit", limit), check_limit("offset", offset)]
    count = "(SELECT count(DISTINCT event_id) FROM event_sources s WHERE s.article_id = a.id) AS events"
    query = _fts_query(text) if text else ""
    if query:
        # Words in most articles ("a", "the"): ranking them all would sort the whole store, and
        # their ranks say little; the latest stored articles with them come first instead.
        common = store.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
            (query, COMMON_ARTICLE_ROWS),
        ).fetchone()[0] >= COMMON_ARTICLE_ROWS
        order = "articles_fts.rowid DESC" if common else "rank"
        sql = (
            "SELECT a.id AS article_id, a.title, a.pub_date, a.outlet, a.url,"
            " snippet(articles_fts, -1, ?, ?, '…', 16) AS snippet, " + count +
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            f" WHERE articles_fts MATCH ? AND {where.sql()} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        params = [*marks, query, *where.params, *paging]
    elif text:
        return pd.DataFrame(columns=["article_id", "title", "pub_date", "outlet", "url", "snippet", "events"])
    else:
        sql = (
            "SELECT a.id AS article_id, a.title, a.pub_date, a.outlet, a.url, substr(a.text, 1, 160) AS snippet, "
            + count + f" FROM articles a WHERE {where.sql()} ORDER BY a.pub_date DESC, a.rowid DESC LIMIT ? OFFSET ?"
        )
        params = [*where.params, *paging]
    return pd.read_sql_query(sql, store.db, params=params)
