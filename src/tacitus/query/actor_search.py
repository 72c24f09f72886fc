"""Actors by name, alias or code (the autocomplete of the web page), busiest first."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from tacitus.errors import OptionError
from tacitus.identity import normalize_name
from tacitus.query.filters import check_limit
from tacitus.query.sql import Where, has_table, like_literal
from tacitus.query.tally_counts import tally_counts
from tacitus.store import Store


def actors(
    store: Store,
    search: str | None = None,
    *,
    kind: str | None = None,
    limit: int | None = 20,
    offset: int = 0,
) -> pd.DataFrame:
    """Actors whose name, alias or code matches ``search`` (prefix of a word), busiest first.

    Columns: actor_id, name, kind, code, country, sector, title, events, aliases (a list).
    """
    where = Where()
    if kind:
        if kind not in ("country", "person", "organisation", "group"):
            raise OptionError("kind", f"{kind!r} is not an actor kind; use country, person, organisation or group")
        where.add("a.kind = ?", kind)
    if search and search.strip():
        key = normalize_name(search)
        like = "%" + like_literal(search.strip()) + "%"
        clauses = ["a.name LIKE ? ESCAPE '\\'", "a.code = ?"]
        params: list[Any] = [like, search.strip().upper()]
        if key:
            clauses.append(
                "EXISTS (SELECT 1 FROM actor_aliases x WHERE x.actor_id = a.id AND"
                " (x.normalized LIKE ? ESCAPE '\\' OR x.normalized LIKE ? ESCAPE '\\'))"
            )
            params += [like_literal(key) + "%", "% " + like_literal(key) + "%"]
        where.add("(" + " OR ".join(clauses) + ")", *params)
    if not (search and search.strip()) and has_table(store, "event_tallies"):
        return _busiest_actors(store, where, limit, offset)
    # The per-actor counts name their index: with sampled statistics SQLite may otherwise
    # skip-scan a pair index once per actor, thousands of times slower.
    sql = f"""
        SELECT a.id AS actor_id, a.name, a.kind, a.code, a.country, a.sector, a.title,
               (SELECT count(*) FROM events INDEXED BY events_source_actor WHERE source_actor_id = a.id)
             + (SELECT count(*) FROM events INDEXED BY events_target_actor WHERE target_actor_id = a.id) AS events,
               (SELECT json_group_array(alias) FROM (SELECT alias FROM actor_aliases
                 WHERE actor_id = a.id ORDER BY alias)) AS aliases
        FROM actors a WHERE {where.sql()}
        ORDER BY events DESC, a.name LIMIT ? OFFSET ?"""
    frame = pd.read_sql_query(sql, store.db, params=[*where.params, check_limit("limit", limit), check_limit("offset", offset)])
    frame["aliases"] = [json.loads(v) if v else [] for v in frame["aliases"]]
    return frame


def _busiest_actors(store: Store, where: Where, limit: int | None, offset: int) -> pd.DataFrame:
    """The actors under ``where``, busiest first, their events (as source plus as target) read
    from the tallies rather than counted: 3,000 actors of a million events in 0.05 s, not 0.5 s."""
    counts: dict[int, int] = {}
    for tally in tally_counts(store, dimensions=("source_actor", "target_actor")).values():
        for key, n in tally.items():
            counts[int(key)] = counts.get(int(key), 0) + n
    rows = store.db.execute(f"SELECT a.id, a.name FROM actors a WHERE {where.sql()}", where.params).fetchall()
    ranked = sorted(rows, key=lambda row: (-counts.get(int(row[0]), 0), row[1]))
    end = None if limit is None else offset + check_limit("limit", limit)
    chosen = [int(row[0]) for row in ranked[check_limit("offset", offset) : end]]
    columns = ["actor_id", "name", "kind", "code", "country", "sector", "title", "events", "aliases"]
    if not chosen:
        return pd.DataFrame(columns=columns)
    marks = ",".join("?" * len(chosen))
    details = {
        int(row[0]): row
        for row in store.db.execute(
            "SELECT a.id, a.name, a.kind, a.code, a.country, a.sector, a.title,"
            " (SELECT json_group_array(alias) FROM (SELECT alias FROM actor_aliases WHERE actor_id = a.id ORDER BY alias))"
            f" FROM actors a WHERE a.id IN ({marks})",
            chosen,
        )
    }
    records_ = [(*tuple(details[i])[:7], counts.get(i, 0), json.loads(details[i][7]) if details[i][7] else []) for i in chosen]
    return pd.DataFrame.from_records(records_, columns=columns, nrows=len(records_))
