"""What the database holds: row counts, date ranges, events per QuadClass, busiest countries
and CAMEO roots, from the running tallies."""

from __future__ import annotations

from typing import Any

from tacitus.query.filters import QUAD_CLASS_COLUMNS
from tacitus.query.profiles import cameo_name
from tacitus.query.tally_counts import tally_counts
from tacitus.store import Store

STATS_TALLIES = ("quad_class", "cameo_root", "source_country", "target_country", "within_country")


def stats(store: Store) -> dict[str, Any]:
    """What the database holds: row counts, date ranges, events per QuadClass, busiest countries and codes.

    The per-QuadClass, per-root and per-country figures come from the store's running tallies
    (``event_tallies``, kept by triggers), so this answers at once on millions of events; a
    store older than schema 4, or whose tallies disagree with its event count, is counted
    from the indexes instead.
    """
    db = store.db
    out: dict[str, Any] = {"database": store.path, **store.counts()}
    # min() and max() in separate statements: each is then one step down an index.
    out["first_event"] = db.execute("SELECT min(date) FROM events").fetchone()[0]
    out["last_event"] = db.execute("SELECT max(date) FROM events").fetchone()[0]
    out["first_article"] = db.execute("SELECT min(pub_date) FROM articles").fetchone()[0]
    out["last_article"] = db.execute("SELECT max(pub_date) FROM articles").fetchone()[0]
    out["duplicate_articles"] = int(db.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0])
    tallies = tally_counts(store, out["events"], STATS_TALLIES)
    out["events_by_quad_class"] = {
        QUAD_CLASS_COLUMNS[int(q)]: n for q, n in sorted(tallies["quad_class"].items(), key=lambda item: int(item[0]))
    }
    # A country's events as source plus as target; an event within one country counts once.
    totals = dict(tallies["source_country"])
    for country, n in tallies["target_country"].items():
        totals[country] = totals.get(country, 0) + n - tallies["within_country"].get(country, 0)
    busiest = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:10]
    out["top_countries"] = [{"country": c, "events": n} for c, n in busiest]
    roots = sorted(tallies["cameo_root"].items(), key=lambda item: (-item[1], item[0]))[:10]
    out["top_cameo_roots"] = [{"cameo_root": r, "name": cameo_name(r), "events": n} for r, n in roots]
    return out
