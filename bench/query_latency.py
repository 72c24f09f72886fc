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
import datetime as dt
import json
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


def build(path: Path, n_events: int, seed: int = 7, batch: int = 200_000) -> dict[str, Any]:
    """Write ``n_events`` synthetic events (with actors, articles and provenance) into ``path``."""
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    store = open_store(path)
    db = store.db
    # Actors: one country actor, eleven sector actors and ~40 persons per country.
    # (id, key, name, kind, country, sector, code, title)
    actors: list[tuple[int, str, str, str, str, str | None, str, str | None]] = []
    for country in COUNTRIES:
        actors.append((len(actors) + 1, f"country:{country}", country, "country", country, None, country, None))
        for sector in SECTORS:
            actors.append((len(actors) + 1, f"group:{country}{sector}", f"{country} {sector}", "group", country,
                           sector, country + sector, None))
        for i in range(40):
            sector = SECTORS[i % 4]
            name = f"Person {country} {i}"
            actors.append((len(actors) + 1, f"person:{country}:{name.lower()}", name, "person", country, sector,
                           country + sector, "Minister"))
    actor_country = {a[0]: a[4] for a in actors}
    with store.transaction():
        db.executemany(
            "INSERT INTO actors (id, key, name, kind, country, sector, code, title) VALUES (?,?,?,?,?,?,?,?)", actors
        )
        db.executemany(
            "INSERT INTO actor_aliases (actor_id, alias, normalized) VALUES (?,?,?)",
            [(a[0], a[2], a[2].lower()) for a in actors],
        )
    # Popularity: countries Zipf-distributed, actors within a country Zipf too.
    country_weight = zipf_weights(len(COUNTRIES), 1.0)
    per_country = len(actors) // len(COUNTRIES)
    actor_weight = np.concatenate([country_weight[c] * zipf_weights(per_country, 0.9) for c in range(len(COUNTRIES))])
    actor_weight /= actor_weight.sum()
    codes = [c for c in codebook.all_codes() if len(c.code) == 3]
    code_weight = np.array([ROOT_WEIGHTS[c.root] / sum(1 for d in codes if d.root == c.root) for c in codes])
    code_weight /= code_weight.sum()
    first_day = dt.date(2010, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - first_day
    n_articles = max(1, n_events // 8)
    with store.transaction():
        for start in range(0, n_articles, batch):
            count = min(batch, n_articles - start)
            days = first_day + (span * np.sqrt(rng.random(count))).astype(int)
            db.executemany(
                "INSERT INTO articles (id, title, text, pub_date, outlet, origin, ingested_at) VALUES (?,?,?,?,?,?,?)",
                (
                    (f"a{start + i}", f"Synthetic story {start + i}", "A short synthetic story body.",
                     dt.date.fromordinal(int(days[i])).isoformat(), "Bench Wire", "bench", "2026-01-01T00:00:00")
                    for i in range(count)
                ),
            )
    with store.transaction():
        for start in range(0, n_events, batch):
            count = min(batch, n_events - start)
            sources = rng.choice(len(actors), size=count, p=actor_weight) + 1
            targets = rng.choice(len(actors), size=count, p=actor_weight) + 1
            same = actor_country_array(actor_country, sources) == actor_country_array(actor_country, targets)
            targets[same] = rng.choice(len(actors), size=int(same.sum()), p=actor_weight) + 1
            picked = rng.choice(len(codes), size=count, p=code_weight)
            days = first_day + (span * np.sqrt(rng.random(count))).astype(int)
            places = rng.integers(0, len(PLACES) * 3, size=count)
            confidence = rng.uniform(0.3, 1.0, size=count).round(2)
            rows = []
            provenance = []
            for i in range(count):
                number = start + i
                source, target = int(sources[i]), int(targets[i])
                code = codes[int(picked[i])]
                day = dt.date.fromordinal(int(days[i])).isoformat()
                src, tgt = actors[source - 1], actors[target - 1]
                place = PLACES[int(places[i])] if places[i] < len(PLACES) else None
                event_id = f"{number:020x}"
                rows.append((
                    event_id, day, "day", source, target, src[6], src[4], src[5], tgt[6],
                    tgt[4], tgt[5], code.code, code.root, code.name, code.goldstein, code.quad_class,
                    code.plover_type, code.plover_mode, code.plover_context, place, actor_country[source] if place else None,
                    None, None, "asserted", 0, float(confidence[i]), 1, "bench", "[]", None,
                ))  # fmt: skip
                provenance.append((event_id, f"a{number % n_articles}", 0, 0, 40,
                                   f"{src[2]} and {tgt[2]}: {code.name.lower()}.", "said"))
            db.executemany(
                "INSERT INTO events (id, date, date_precision, source_actor_id, target_actor_id, source_code,"
                " source_country, source_sector, target_code, target_country, target_sector, cameo_code, cameo_root,"
                " cameo_name, goldstein, quad_class, plover_type, plover_mode, plover_context, place_name,"
                " place_country, latitude, longitude, modality, negated, confidence, num_sources, rule,"
                " dictionary_entries, date_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            db.executemany(
                "INSERT INTO event_sources (event_id, article_id, sentence_idx, start, end, evidence, trigger)"
                " VALUES (?,?,?,?,?,?,?)",
                provenance,
            )
    db.execute("ANALYZE")
    db.commit()
    store.close()
    return {"events": n_events, "actors": len(actors), "articles": n_articles, "seconds": time.perf_counter() - started}


def actor_country_array(actor_country: dict[int, str], ids: np.ndarray) -> np.ndarray:
    lookup = np.array([""] + [actor_country[i] for i in range(1, len(actor_country) + 1)], dtype=object)
    return lookup[ids]


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

RAW_NETWORK = """
SELECT source_country, target_country, count(*), avg(goldstein) FROM events
WHERE date BETWEEN ? AND ? AND source_country IS NOT NULL AND target_country IS NOT NULL
GROUP BY 1, 2"""


def measure(path: Path, repeat: int) -> list[dict[str, Any]]:
    store = Store(path, read_only=True)
    person = store.db.execute("SELECT id, name FROM actors WHERE kind = 'person' ORDER BY id LIMIT 1").fetchone()
    cases: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
        (
            "dyad_series(IRN, CHN, month)",
            lambda: query.dyad_series(store, "IRN", "CHN", freq="month", fill=False),
            raw(store, RAW_DYAD_MONTH, ("IRN", "CHN", "CHN", "IRN")),
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
            "network(2022, level=country)",
            lambda: query.network(store, "2022-01-01", "2022-12-31", "country"),
            raw(store, RAW_NETWORK, ("2022-01-01", "2022-12-31")),
        ),
    ]
    results = []
    for label, api, sql in cases:
        api_seconds, api_result, sql_seconds, sql_result = best_of(api, sql, repeat)
        results.append({
            "question": label,
            "api_s": round(api_seconds, 4),
            "sql_s": round(sql_seconds, 4),
            "ratio": round(api_seconds / sql_seconds, 2) if sql_seconds else None,
            "api_rows": api_result.number_of_edges() if hasattr(api_result, "number_of_edges") else len(api_result),
            "sql_rows": len(sql_result),
        })  # fmt: skip
    store.close()
    return results


def print_table(rows: list[dict[str, Any]]) -> None:
    print(f"{'question':45} {'API s':>9} {'SQL s':>9} {'ratio':>7} {'rows':>11}")
    for r in rows:
        print(f"{r['question']:45} {r['api_s']:9.4f} {r['sql_s']:9.4f} {r['ratio']:7.2f} {r['api_rows']:>5}/{r['sql_rows']:<5}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events to generate")
    parser.add_argument("--db", type=Path, help="store file (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="reuse --db if it exists, and keep it")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per question (best is kept)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    folder = None
    if args.db is None:
        folder = tempfile.TemporaryDirectory(prefix="tacitus-bench-")
        args.db = Path(folder.name) / "bench.db"
    if not (args.keep and args.db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        built = build(args.db, args.events)
        print(f"built {built['events']:,} events, {built['actors']:,} actors, {built['articles']:,} articles"
              f" in {built['seconds']:.1f} s -> {args.db}")
    rows = measure(args.db, args.repeat)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
    if folder is not None and not args.keep:
        folder.cleanup()


if __name__ == "__main__":
    main()
