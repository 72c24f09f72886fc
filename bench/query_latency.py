"""Query latency: the query API against the equivalent hand-written SQL on one synthetic store.

Generates N synthetic events (default 1,000,000) straight into a fresh store file with
``executemany`` — skewed like real event data: a few countries and persons account for most
events, consultations and statements outnumber fighting, dates spread over 2010-2024 with
more events in later years — then times each question both ways on the same file and prints
seconds and the ratio (API / raw SQL). Times are the best of ``--repeat`` runs after one warm-up, API and SQL
alternating.

    python -m bench.query_latency                    # 1M events in a temporary folder
    python -m bench.query_latency --events 10000000  # 10M (several minutes to build, ~10 GB)
    python -m bench.query_latency --db /tmp/b.db --keep   # reuse a built file on the next run
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import inspect
import json
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from tacitus import codebook, query
from tacitus.store import Store, open_store

COUNTRIES = ["USA", "CHN", "RUS", "IRN", "ISR", "GBR", "FRA", "DEU", "TUR", "IND", "PAK", "SAU", "UKR", "SYR", "IRQ", "AFG", "EGY", "JPN", "KOR", "PRK", "BRA", "MEX", "NGA", "ZAF", "ETH", "KEN", "QAT", "ARE", "JOR", "LBN", "YEM", "LBY", "SDN", "VEN", "COL", "CAN", "AUS", "IDN", "PHL", "VNM", "THA", "MMR", "BGD", "LKA", "NPL", "KAZ", "UZB", "AZE", "ARM", "GEO", "BLR", "POL", "ITA", "ESP", "GRC", "SRB", "HUN", "CUB", "ARG", "CHL"]
SECTORS = ("GOV", "MIL", "DIP", "LEG", "JUD", "COP", "REB", "OPP", "BUS", "MED", "CVL")
PLACES = ("Capital", "Border town", "Port city", "Northern province", "Summit venue")
# Rough share of events per CAMEO root, in the spirit of GDELT/ICEWS mixes.
ROOT_WEIGHTS = {
    "01": 14, "02": 4, "03": 8, "04": 24, "05": 8, "06": 3, "07": 3, "08": 2, "09": 1, "10": 2,
    "11": 8, "12": 3, "13": 3, "14": 2, "15": 1, "16": 2, "17": 5, "18": 3, "19": 4, "20": 0.2,
}  # fmt: skip


def zipf_weights(n: int, exponent: float = 1.1) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def build(path: Path, n_events: int, seed: int = 7, chunk: int = 1_000_000) -> dict[str, Any]:
    """Write ``n_events`` synthetic events (with actors, articles and provenance) into ``path``.

    Random draws come from numpy (``seed`` makes them reproducible) and go into a scratch table
    with ``executemany`` a million at a time; the event, provenance and article rows are then
    made by ``INSERT ... SELECT`` inside SQLite. Secondary indexes are dropped while loading and
    rebuilt once at the end (a sorted bulk build instead of ten million random B-tree inserts),
    with the journal off: a crash leaves a useless file, which the next run deletes anyway.
    """
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    open_store(path).close()  # create the file with the current schema (migrations applied)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")  # 1 GB of page cache
    db.execute("PRAGMA temp_store=MEMORY")
    # Secondary indexes and the triggers (tallies, evidence index) go while loading; the
    # indexes come back at the end, the tallies and the evidence index are recounted.
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('events', 'event_sources', 'articles')"
    ).fetchall()
    for name, _ in indexes:
        db.execute(f"DROP INDEX {name}")
    triggers = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('events', 'event_sources')"
    ).fetchall()
    for name, _ in triggers:
        db.execute(f"DROP TRIGGER {name}")
    actors = make_actors()
    db.execute("BEGIN")
    db.executemany("INSERT INTO actors (id, key, name, kind, country, sector, code, title) VALUES (?,?,?,?,?,?,?,?)", actors)
    db.executemany(
        "INSERT INTO actor_aliases (actor_id, alias, normalized) VALUES (?,?,?)",
        [(a[0], a[2], a[2].lower()) for a in actors],
    )
    codes = [c for c in codebook.all_codes() if len(c.code) == 3]
    db.execute(
        "CREATE TEMP TABLE codes (i INTEGER PRIMARY KEY, code, root, name, goldstein, quad_class,"
        " plover_type, plover_mode, plover_context)"
    )
    db.executemany(
        "INSERT INTO codes VALUES (?,?,?,?,?,?,?,?,?)",
        [(i, c.code, c.root, c.name, c.goldstein, c.quad_class, c.plover_type, c.plover_mode, c.plover_context)
         for i, c in enumerate(codes)],
    )  # fmt: skip
    db.execute("CREATE TEMP TABLE places (i INTEGER PRIMARY KEY, name)")
    db.executemany("INSERT INTO places VALUES (?,?)", list(enumerate(PLACES)))
    db.execute("COMMIT")
    # Popularity: countries Zipf-distributed, actors within a country Zipf too.
    country_weight = zipf_weights(len(COUNTRIES), 1.0)
    per_country = len(actors) // len(COUNTRIES)
    actor_weight = np.concatenate([country_weight[c] * zipf_weights(per_country, 0.9) for c in range(len(COUNTRIES))])
    actor_weight /= actor_weight.sum()
    actor_country = np.array([COUNTRIES.index(a[4]) for a in actors])
    code_weight = np.array([ROOT_WEIGHTS[c.root] / sum(1 for d in codes if d.root == c.root) for c in codes])
    code_weight /= code_weight.sum()
    first_day = dt.date(2010, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - first_day
    julian_offset = 1721424.5  # proleptic Gregorian ordinal -> Julian day number
    n_articles = max(1, n_events // 8)
    db.execute("BEGIN")
    for start in range(0, n_articles, chunk):
        count = min(chunk, n_articles - start)
        days = first_day + (span * np.sqrt(rng.random(count))).astype(np.int64)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS draw_articles (i INTEGER PRIMARY KEY, day INTEGER)")
        db.executemany("INSERT INTO draw_articles VALUES (?, ?)", zip(range(start, start + count), days.tolist()))
        db.execute(
            "INSERT INTO articles (id, title, text, pub_date, outlet, origin, ingested_at)"
            " SELECT printf('a%09d', i), 'Synthetic story ' || i, 'A short synthetic story body.',"
            f" date(day + {julian_offset}), 'Bench Wire', 'bench', '2026-01-01T00:00:00' FROM draw_articles"
        )
        db.execute("DELETE FROM draw_articles")
    db.execute(
        "CREATE TEMP TABLE draw (i INTEGER PRIMARY KEY, source INTEGER, target INTEGER, code INTEGER,"
        " day INTEGER, place INTEGER, confidence REAL)"
    )
    for start in range(0, n_events, chunk):
        count = min(chunk, n_events - start)
        sources = rng.choice(len(actors), size=count, p=actor_weight)
        targets = rng.choice(len(actors), size=count, p=actor_weight)
        same = actor_country[sources] == actor_country[targets]
        targets[same] = rng.choice(len(actors), size=int(same.sum()), p=actor_weight)
        picked = rng.choice(len(codes), size=count, p=code_weight)
        days = first_day + (span * np.sqrt(rng.random(count))).astype(np.int64)
        places = rng.integers(0, len(PLACES) * 3, size=count)
        confidence = rng.uniform(0.3, 1.0, size=count).round(2)
        db.executemany(
            "INSERT INTO draw VALUES (?,?,?,?,?,?,?)",
            zip(range(start, start + count), (sources + 1).tolist(), (targets + 1).tolist(), picked.tolist(),
                days.tolist(), places.tolist(), confidence.tolist()),
        )  # fmt: skip
        db.execute(
            "INSERT INTO events (id, date, date_precision, source_actor_id, target_actor_id, source_code,"
            " source_country, source_sector, target_code, target_country, target_sector, cameo_code, cameo_root,"
            " cameo_name, goldstein, quad_class, plover_type, plover_mode, plover_context, place_name,"
            " place_country, latitude, longitude, modality, negated, confidence, num_sources, rule,"
            " dictionary_entries, date_text)"
            f" SELECT printf('%020x', d.i), date(d.day + {julian_offset}), 'day', d.source, d.target, sa.code,"
            " sa.country, sa.sector, ta.code, ta.country, ta.sector, c.code, c.root, c.name, c.goldstein,"
            " c.quad_class, c.plover_type, c.plover_mode, c.plover_context, p.name,"
            " CASE WHEN p.name IS NOT NULL THEN sa.country END, NULL, NULL, 'asserted', 0, d.confidence, 1,"
            " 'bench', '[]', NULL"
            " FROM draw d JOIN actors sa ON sa.id = d.source JOIN actors ta ON ta.id = d.target"
            " JOIN codes c ON c.i = d.code LEFT JOIN places p ON p.i = d.place ORDER BY d.i"
        )
        db.execute(
            "INSERT INTO event_sources (event_id, article_id, sentence_idx, start, end, evidence, trigger)"
            f" SELECT printf('%020x', d.i), printf('a%09d', d.i % {n_articles}), 0, 0, 40,"
            " sa.name || ' and ' || ta.name || ': ' || lower(c.name) || '.', 'said'"
            " FROM draw d JOIN actors sa ON sa.id = d.source JOIN actors ta ON ta.id = d.target"
            " JOIN codes c ON c.i = d.code ORDER BY d.i"
        )
        db.execute("DELETE FROM draw")
    db.execute("COMMIT")
    loaded = time.perf_counter() - started
    for _, sql in indexes:
        db.execute(sql)
    if triggers:
        query.refresh_tallies(db)
        query.refresh_evidence_index(db)
    for _, sql in triggers:
        db.execute(sql)
    db.execute("PRAGMA analysis_limit=2000")
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    return {
        "events": n_events,
        "actors": len(actors),
        "articles": n_articles,
        "seconds": time.perf_counter() - started,
        "load_seconds": loaded,
    }


def make_actors() -> list[tuple[int, str, str, str, str, str | None, str, str | None]]:
    """One country actor, eleven sector actors and 40 persons per country:
    (id, key, name, kind, country, sector, code, title)."""
    actors: list[tuple[int, str, str, str, str, str | None, str, str | None]] = []
    for country in COUNTRIES:
        actors.append((len(actors) + 1, f"country:{country}", country, "country", country, None, country, None))
        for sector in SECTORS:
            actors.append((len(actors) + 1, f"group:{country}{sector}", f"{country} {sector}", "group", country,
                           sector, country + sector, None))  # fmt: skip
        for i in range(40):
            sector = SECTORS[i % 4]
            name = f"Person {country} {i}"
            actors.append((len(actors) + 1, f"person:{country}:{name.lower()}", name, "person", country, sector,
                           country + sector, "Minister"))  # fmt: skip
    return actors


def best_of(api: Callable[[], Any], sql: Callable[[], Any], repeat: int) -> tuple[float, Any, float, Any]:
    """Best times of ``api`` and ``sql``, run alternately so that load on the machine hits both alike."""
    api_result, sql_result = api(), sql()  # warm the page cache and the statement cache
    api_times, sql_times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        api_result = api()
        api_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        sql_result = sql()
        sql_times.append(time.perf_counter() - started)
    return min(api_times), api_result, min(sql_times), sql_result


def raw(store: Store, sql: str, params: tuple[Any, ...]) -> Callable[[], list[Any]]:
    return lambda: store.db.execute(sql, params).fetchall()


RAW_DYAD_MONTH = """
SELECT substr(date, 1, 7) AS month, source_country, count(*),
       sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4),
       sum(goldstein), avg(goldstein)
FROM events
WHERE (source_country = ? AND target_country = ?) OR (source_country = ? AND target_country = ?)
GROUP BY 1, 2 ORDER BY 1, 2"""

RAW_EVENTS_PAGE = """
SELECT e.*, sa.name, ta.name,
       (SELECT group_concat(s.article_id, '|') FROM event_sources s WHERE s.event_id = e.id),
       (SELECT s.evidence FROM event_sources s WHERE s.event_id = e.id LIMIT 1)
FROM events e JOIN actors sa ON sa.id = e.source_actor_id LEFT JOIN actors ta ON ta.id = e.target_actor_id
WHERE (e.source_country = ? AND e.target_country = ?) OR (e.source_country = ? AND e.target_country = ?)
ORDER BY e.date, e.rowid LIMIT 100"""

RAW_TIMELINE = """
SELECT e.*, sa.name, ta.name,
       (SELECT group_concat(s.article_id, '|') FROM event_sources s WHERE s.event_id = e.id),
       (SELECT s.evidence FROM event_sources s WHERE s.event_id = e.id LIMIT 1)
FROM events e JOIN actors sa ON sa.id = e.source_actor_id LEFT JOIN actors ta ON ta.id = e.target_actor_id
WHERE e.source_actor_id = ? OR e.target_actor_id = ?
ORDER BY e.date, e.rowid LIMIT 200"""

RAW_COUNTRY_EVENTS = """
SELECT e.*, sa.name, ta.name
FROM events e JOIN actors sa ON sa.id = e.source_actor_id LEFT JOIN actors ta ON ta.id = e.target_actor_id
WHERE e.source_country = ? OR e.target_country = ?
ORDER BY e.date DESC, e.rowid DESC LIMIT 100"""

RAW_TEXT_PAGE = """
SELECT e.*, sa.name, ta.name
FROM events e JOIN actors sa ON sa.id = e.source_actor_id LEFT JOIN actors ta ON ta.id = e.target_actor_id
WHERE EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id AND s.evidence LIKE ?)
ORDER BY e.date, e.rowid LIMIT 100"""

RAW_TEXT_COUNT = "SELECT count(*) FROM event_sources WHERE evidence LIKE ?"

RAW_NETWORK = """
SELECT source_country, target_country, count(*), avg(goldstein) FROM events
WHERE date BETWEEN ? AND ? AND source_country IS NOT NULL AND target_country IS NOT NULL
GROUP BY 1, 2"""

RAW_COUNTRY_NETWORK = """
SELECT source_country, target_country, count(*), avg(goldstein),
       sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)
FROM events WHERE source_country IS NOT NULL AND target_country IS NOT NULL GROUP BY 1, 2"""

RAW_ACTOR_NETWORK = """
SELECT source_actor_id, target_actor_id, count(*), avg(goldstein),
       sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)
FROM events WHERE target_actor_id IS NOT NULL GROUP BY 1, 2"""

RAW_TOP_ACTOR_NETWORK = """
WITH busy AS (SELECT actor FROM (SELECT source_actor_id AS actor FROM events
                                 UNION ALL SELECT target_actor_id FROM events)
              GROUP BY actor ORDER BY count(*) DESC LIMIT ?)
SELECT source_actor_id, target_actor_id, count(*), avg(goldstein),
       sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)
FROM events WHERE source_actor_id IN busy AND target_actor_id IN busy GROUP BY 1, 2"""

# What a user would type to summarise the file: sizes, dates, QuadClass mix, busiest countries and codes.
RAW_STATS = [
    "SELECT count(*) FROM articles",
    "SELECT count(*) FROM actors",
    "SELECT count(*) FROM events",
    "SELECT count(*) FROM event_sources",
    "SELECT min(date), max(date) FROM events",
    "SELECT min(pub_date), max(pub_date) FROM articles",
    "SELECT quad_class, count(*) FROM events GROUP BY 1",
    ("SELECT country, count(*) AS n FROM (SELECT source_country AS country FROM events"
    " UNION ALL SELECT target_country FROM events) WHERE country IS NOT NULL GROUP BY 1 ORDER BY n DESC LIMIT 10"),
    "SELECT cameo_root, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC LIMIT 10",
]

# A country's profile by hand: totals, partners, event mix by root and PLOVER type, monthly series.
RAW_PROFILE = [
    "SELECT count(*), min(date), max(date) FROM events WHERE source_country = ?1 OR target_country = ?1",
    ("SELECT partner, count(*) AS n, avg(goldstein) FROM (SELECT target_actor_id AS partner, goldstein FROM events"
    " WHERE source_country = ?1 UNION ALL SELECT source_actor_id, goldstein FROM events WHERE target_country = ?1)"
    " GROUP BY 1 ORDER BY n DESC LIMIT 10"),
    ("SELECT cameo_root, count(*), avg(goldstein) FROM events WHERE source_country = ?1 OR target_country = ?1"
    " GROUP BY 1"),
    "SELECT plover_type, count(*) FROM events WHERE source_country = ?1 OR target_country = ?1 GROUP BY 1",
    ("SELECT substr(date, 1, 7), count(*), sum(goldstein), avg(goldstein), sum(quad_class = 1), sum(quad_class = 2),"
    " sum(quad_class = 3), sum(quad_class = 4) FROM events WHERE source_country = ?1 OR target_country = ?1"
    " GROUP BY 1"),
]


def raw_many(store: Store, statements: list[str], params: tuple[Any, ...] = ()) -> Callable[[], list[Any]]:
    """Run several hand-written statements one after the other; the rows of all of them."""

    def run() -> list[Any]:
        rows: list[Any] = []
        for sql in statements:
            rows.extend(store.db.execute(sql, params if "?" in sql else ()).fetchall())
        return rows

    return run


def size(result: Any) -> int:
    """Rows (or edges, or partners) in an answer, to show that API and SQL answer alike."""
    if hasattr(result, "number_of_edges"):
        return int(result.number_of_edges())
    if hasattr(result, "partners"):
        return len(result.series)
    if isinstance(result, dict):
        return len(result)
    if isinstance(result, int):  # a count: the count itself
        return result
    if len(result) == 1 and len(result[0]) == 1 and isinstance(result[0][0], int):  # one count from SQL
        return int(result[0][0])
    return len(result)


def measure(path: Path, repeat: int, only: str | None = None) -> list[dict[str, Any]]:
    store = Store(path, read_only=True)
    person = store.db.execute(
        "SELECT a.id, a.name FROM actors a WHERE kind = 'person' ORDER BY"
        " (SELECT count(*) FROM events WHERE source_actor_id = a.id) DESC LIMIT 1"
    ).fetchone()
    has_top = "top" in inspect.signature(query.network).parameters
    cases: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
        (
            "dyad_series(IRN, CHN, month)",
            lambda: query.dyad_series(store, "IRN", "CHN", freq="month", fill=False),
            raw(store, RAW_DYAD_MONTH, ("IRN", "CHN", "CHN", "IRN")),
        ),
        (
            "dyad_series(USA, CHN, month)",
            lambda: query.dyad_series(store, "USA", "CHN", freq="month", fill=False),
            raw(store, RAW_DYAD_MONTH, ("USA", "CHN", "CHN", "USA")),
        ),
        (
            "events(dyad=(IRN, CHN), limit=100)",
            lambda: query.events(store, dyad=("IRN", "CHN"), limit=100),
            raw(store, RAW_EVENTS_PAGE, ("IRN", "CHN", "CHN", "IRN")),
        ),
        (
            f"timeline({person['name']!r}, limit=200)",
            lambda: query.timeline(store, person["name"], limit=200),
            raw(store, RAW_TIMELINE, (person["id"], person["id"])),
        ),
        (
            "events(actor=IRN, order=-date, limit=100)",
            lambda: query.events(store, actor="IRN", order="-date", limit=100),
            raw(store, RAW_COUNTRY_EVENTS, ("IRN", "IRN")),
        ),
        (
            "events(text='ethnic cleansing', limit=100)",
            lambda: query.events(store, text="ethnic cleansing", limit=100),
            raw(store, RAW_TEXT_PAGE, ("%ethnic cleansing%",)),
        ),
        (
            "events(text='Person IRN 7', limit=100)",
            lambda: query.events(store, text="Person IRN 7", limit=100),
            raw(store, RAW_TEXT_PAGE, ("%Person IRN 7%",)),
        ),
        (
            "count_events(text='consult')",
            lambda: query.count_events(store, text="consult"),
            raw(store, RAW_TEXT_COUNT, ("%consult%",)),
        ),
        ("stats()", lambda: query.stats(store), raw_many(store, RAW_STATS)),
        (
            "actor_profile(IRN)",
            lambda: query.actor_profile(store, "IRN"),
            raw_many(store, RAW_PROFILE, ("IRN",)),
        ),
        (
            "actor_profile(USA)",
            lambda: query.actor_profile(store, "USA"),
            raw_many(store, RAW_PROFILE, ("USA",)),
        ),
        (
            "network(level=country) (whole store)",
            lambda: query.network(store, level="country"),
            raw(store, RAW_COUNTRY_NETWORK, ()),
        ),
        (
            "network(2022, level=country)",
            lambda: query.network(store, "2022-01-01", "2022-12-31", "country"),
            raw(store, RAW_NETWORK, ("2022-01-01", "2022-12-31")),
        ),
    ]
    if has_top:
        cases.append(
            ("network() (actors, top 100)", lambda: query.network(store), raw(store, RAW_TOP_ACTOR_NETWORK, (100,)))
        )
        # Every actor pair as a networkx graph: half a million edges at 1M events, several
        # million (and gigabytes) beyond; timed only up to 2M events.
        if store.db.execute("SELECT max(rowid) FROM events").fetchone()[0] <= 2_000_000:
            cases.append(
                ("network(top=None) (all actors)", lambda: query.network(store, top=None), raw(store, RAW_ACTOR_NETWORK, ()))
            )
    else:
        cases.append(("network() (all actors)", lambda: query.network(store), raw(store, RAW_ACTOR_NETWORK, ())))
    results = []
    for label, api, sql in cases:
        if only and only not in label:
            continue
        api_seconds, api_result, sql_seconds, sql_result = best_of(api, sql, repeat)
        results.append({
            "question": label,
            "api_s": round(api_seconds, 4),
            "sql_s": round(sql_seconds, 4),
            "ratio": round(api_seconds / sql_seconds, 2) if sql_seconds else None,
            "api_rows": size(api_result),
            "sql_rows": size(sql_result),
        })  # fmt: skip
        print_row(results[-1], flush=True)
    store.close()
    return results


WEB_URLS = (
    "/api/stats",
    "/api/network",
    "/api/network?level=actor",
    "/api/network?level=actor&start=2022&end=2022",
    "/api/actors/IRN",
    "/api/actors/USA",
    "/api/actors",
    "/api/actors?q=pers",
    "/api/events?country=IRN",
    "/api/events?a=IRN&b=CHN",
    "/api/dyad?a=IRN&b=CHN&freq=month",
    "/api/timeline?actor=USA",
    "/api/search?q=person",
)


def measure_web(path: Path, repeat: int) -> list[dict[str, Any]]:
    """Seconds per request of the web API's main views (best of ``repeat``), through FastAPI's test client."""
    from fastapi.testclient import TestClient

    from tacitus.serve import create_app

    client = TestClient(create_app(path))
    results = []
    for url in WEB_URLS:
        best, status = float("inf"), 0
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            status = client.get(url).status_code
            best = min(best, time.perf_counter() - started)
        results.append({"url": url, "status": status, "seconds": round(best, 4)})
        print(f"{status} {best:8.3f} s  {url}", flush=True)
    return results


def measure_writes(n_events: int, seed: int = 11, batch: int = 100) -> dict[str, Any]:
    """Microseconds per event that ``Store.write_results`` spends on ``n_events`` synthetic events
    (eight per article, ``batch`` articles per transaction, one in ten a second report of an
    earlier event): the store's share of an ingest, triggers and indexes included."""
    from tacitus.records import Actor, Article, ArticleResult, Event, Provenance

    rng = np.random.default_rng(seed)
    codes = [c for c in codebook.all_codes() if len(c.code) == 3]
    people = [Actor(f"Person {c} {i}", "person", c, SECTORS[i % 4], "Minister") for c in COUNTRIES for i in range(10)]
    groups = [Actor(c, "country", c) for c in COUNTRIES] + [Actor(f"{c} {s}", "group", c, s) for c in COUNTRIES for s in SECTORS]
    actors = people + groups
    results: list[ArticleResult] = []
    events: list[Event] = []
    for a in range(max(1, n_events // 8)):
        day = dt.date(2010, 1, 1) + dt.timedelta(days=int(rng.integers(0, 5000)))
        text = " ".join(f"Sentence {k} of synthetic story {a} tells of a meeting." for k in range(8))
        article = Article(id=f"w{a:09d}", title=f"Story {a}", text=text, pub_date=day, outlet="Bench Wire")
        found = []
        for k in range(8):
            start = text.index(f"Sentence {k} ")
            evidence = text[start : start + len(f"Sentence {k} of synthetic story {a} tells of a meeting.")]
            if events and rng.random() < 0.1:  # a second report of an earlier event
                earlier = events[int(rng.integers(0, len(events)))]
                found.append(dataclasses.replace(earlier, provenance=Provenance(article.id, k, start, start + len(evidence), evidence, "met")))
                continue
            code = codes[int(rng.integers(0, len(codes)))]
            source, target = actors[int(rng.integers(0, len(actors)))], actors[int(rng.integers(0, len(actors)))]
            event = Event(
                source=source, target=target, cameo_code=code.code, cameo_name=code.name, goldstein=code.goldstein,
                quad_class=code.quad_class, plover_type=code.plover_type, plover_mode=code.plover_mode,
                plover_context=code.plover_context, date=day, date_precision="day",
                provenance=Provenance(article.id, k, start, start + len(evidence), evidence, "met"), confidence=0.8,
            )  # fmt: skip
            events.append(event)
            found.append(event)
        results.append(ArticleResult(article, events=found))
    with tempfile.TemporaryDirectory(prefix="tacitus-writes-") as folder:
        store = open_store(Path(folder) / "writes.db")
        started = time.perf_counter()
        for i in range(0, len(results), batch):
            store.write_results(results[i : i + batch])
        seconds = time.perf_counter() - started
        stored = store.counts()["events"]
        store.close()
    written = sum(len(r.events) for r in results)
    return {"events_written": written, "events_stored": stored, "seconds": seconds, "us_per_event": 1e6 * seconds / written}


HEADER = f"{'question':45} {'API s':>9} {'SQL s':>9} {'API/SQL':>7} {'rows API/SQL':>13}"


def print_row(r: dict[str, Any], flush: bool = False) -> None:
    print(
        f"{r['question']:45} {r['api_s']:9.4f} {r['sql_s']:9.4f} {r['ratio']:7.2f} {r['api_rows']:>6}/{r['sql_rows']:<6}",
        flush=flush,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events to generate (10000000 works)")
    parser.add_argument("--db", type=Path, help="store file (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="reuse --db if it exists, and keep it")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per question (best is kept)")
    parser.add_argument("--only", help="time only the questions whose label contains this text")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    parser.add_argument("--web", action="store_true", help="also time the web API's main requests")
    parser.add_argument(
        "--writes", type=int, metavar="N", help="only time Store.write_results on N synthetic events (the write cost of the schema)"
    )
    args = parser.parse_args(argv)
    if args.writes:
        runs = [measure_writes(args.writes) for _ in range(max(1, args.repeat))]
        best = min(runs, key=lambda r: r["seconds"])
        print(f"wrote {best['events_written']:,} events ({best['events_stored']:,} stored) in {best['seconds']:.2f} s:"
              f" {best['us_per_event']:.0f} us per event (best of {len(runs)})")  # fmt: skip
        return
    folder = None
    if args.db is None:
        folder = tempfile.TemporaryDirectory(prefix="tacitus-bench-")
        args.db = Path(folder.name) / "bench.db"
    if args.keep and args.db.exists():
        with open_store(args.db) as store:  # an older file gets this version's indexes, and statistics
            store.db.execute("PRAGMA analysis_limit=2000")
            store.db.execute("ANALYZE")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        built = build(args.db, args.events)
        print(f"built {built['events']:,} events, {built['actors']:,} actors, {built['articles']:,} articles"
              f" in {built['seconds']:.1f} s ({built['load_seconds']:.1f} s loading, the rest indexing) -> {args.db}",
              flush=True)  # fmt: skip
    print(HEADER, flush=True)
    rows = measure(args.db, args.repeat, args.only)
    if args.web:
        print("\nweb API (status, best seconds, request):", flush=True)
        measure_web(args.db, args.repeat)
    if args.json:
        print(json.dumps(rows, indent=2))
    if folder is not None and not args.keep:
        folder.cleanup()


if __name__ == "__main__":
    main()
