"""Batched writes store exactly what writing one article at a time stores.

``Store.write_results`` writes a batch with one statement per table (articles, sentences, actors
and their names, mentions, events, sources) and folds the tallies once per batch (schema 8).
Written one article per call, every statement holds one article's rows, as the row-by-row
writer did. The corpus below is built so that batching has something to get wrong: the same
event told by several articles with different confidences (the shown attributes move to the
source that sorts first), persons named in full, by surname and with several titles and
sectors, support sentences, places, events without a target.

(The row-by-row writer this replaced stored the same rows, rowids included, for 5,000 events
of the synthetic corpus: ``python -m bench store_writes --dump``, docs/performance.md.)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tacitus import codebook
from tacitus.check import check_store
from tacitus.records import Actor, Article, ArticleResult, Event, Mention, Place, Provenance, Sentence
from tacitus.store import open_store

PEOPLE = [
    Actor("Amina Diallo", "person", "SEN", "GOV", "Foreign Minister", aliases=("Diallo",)),
    Actor("Amina Diallo", "person", "SEN", "DIP", "Envoy to the African Union"),
    Actor("Diallo", "person", "SEN", "GOV"),
    Actor("Tomas Lindqvist", "person", "SWE", "MIL", "Defence Minister", aliases=("Lindqvist",)),
    Actor("Tomas Lindqvist", "person", "SWE", "GOV", "Prime Minister"),
    Actor("Mei Takahashi", "person", "JPN", "GOV", "Trade Minister"),
]
GROUPS = [
    Actor("Senegal", "country", "SEN"),
    Actor("Sweden", "country", "SWE", aliases=("Kingdom of Sweden",)),
    Actor("Japan", "country", "JPN"),
    Actor("Swedish army", "group", "SWE", "MIL"),
]
PLACES = [None, Place("Dakar", "SEN", 14.69, -17.44, "dateline"), Place("Stockholm", "SWE", 59.33, 18.07, "in <city>")]
CODES = [c for c in codebook.all_codes() if c.code in ("040", "051", "111")]


def corpus(articles: int = 48, seed: int = 4) -> list[ArticleResult]:
    """``articles`` results whose events fall on few days, actor pairs and codes, so that most of
    them are told by several articles."""
    rng = random.Random(seed)
    sources, targets = [PEOPLE[0], PEOPLE[2], PEOPLE[3], GROUPS[1]], [PEOPLE[1], GROUPS[0], None]
    results = []
    for number in range(articles):
        lines = [f"Line {k} of story {number} is about talks held over {rng.randrange(99)} days." for k in range(6)]
        text = " ".join(lines)
        day = dt.date(2024, 3, 1) + dt.timedelta(days=rng.randrange(3))
        article = Article(f"art{number:04d}", f"Story {number}", text, day, outlet=rng.choice(["Wire", "Daily"]))
        sentences, mentions, events = [], [], []
        for k, line in enumerate(lines):
            start = text.index(line)
            sentences.append(Sentence(k, start, start + len(line), line))
        for k in rng.sample(range(6), 4):
            sentence = sentences[k]
            source, target = rng.choice(sources), rng.choice(targets)
            code = rng.choice(CODES)
            here = Provenance(article.id, k, sentence.start, sentence.end, sentence.text, "held")
            other = sentences[(k + 1) % 6]
            support = (Provenance(article.id, other.index, other.start, other.end, other.text, "said"),)
            mentions.append(Mention(k, sentence.start, sentence.start + 4, "Line", source, "test"))
            mentions.append(Mention(k, sentence.start + 7, sentence.start + 8, "x", rng.choice(PEOPLE + GROUPS), "test"))
            if target is not None:
                mentions.append(Mention(k, sentence.start + 5, sentence.start + 6, str(k), target, "test"))
            events.append(Event(
                source=source, target=target, cameo_code=code.code, cameo_name=code.name, goldstein=code.goldstein,
                quad_class=code.quad_class, plover_type=code.plover_type, plover_mode=code.plover_mode,
                plover_context=code.plover_context, date=day,
                date_precision="day", provenance=here, place=rng.choice(PLACES), confidence=rng.choice([0.4, 0.6, 0.8]),
                rule=f"rule {k}", support=support if rng.random() < 0.3 else (),
            ))  # fmt: skip
        results.append(ArticleResult(article, sentences, mentions, events))
    return results


@pytest.fixture(autouse=True)
def fixed_time() -> Iterator[None]:
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    yield
    del os.environ["SOURCE_DATE_EPOCH"]


def write(path: Path, results: list[ArticleResult], size: int) -> dict[str, list[tuple[object, ...]]]:
    """Write ``results`` in batches of ``size``; every row of every table, rowids included."""
    with open_store(path) as store:
        for i in range(0, len(results), size):
            store.write_results(results[i : i + size])
        assert check_store(store) == []
    with sqlite3.connect(path) as raw:
        tables = [r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%'"
            " AND name NOT LIKE 'event_evidence_%' ORDER BY name")]  # fmt: skip
        dump = {}
        for table in tables:
            rows = raw.execute(f"SELECT {'rowid, ' if table in ('articles', 'events') else ''}* FROM {table}")
            dump[table] = sorted((tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows), key=repr)
        dump["event_evidence"] = raw.execute("SELECT rowid, * FROM event_evidence ORDER BY rowid").fetchall()
    return dump


def test_batches_store_what_one_article_at_a_time_stores(tmp_path: Path) -> None:
    results = corpus()
    one_by_one = write(tmp_path / "one.db", results, 1)
    assert len(one_by_one["events"]) < sum(len(r.events) for r in results) * 0.7  # events were merged
    assert one_by_one["event_tally_queue"] == []  # folded at every commit
    for size in (7, len(results)):
        assert write(tmp_path / f"batches-{size}.db", results, size) == one_by_one, size


def test_tallies_are_the_counts_of_the_stored_events(tmp_path: Path) -> None:
    path = tmp_path / "tallies.db"
    write(path, corpus(), 7)
    with sqlite3.connect(path) as raw:
        for dimension in ("cameo_root", "source_country", "target_actor"):
            column = {"target_actor": "target_actor_id"}.get(dimension, dimension)
            counted = raw.execute(
                f"SELECT CAST({column} AS TEXT), count(*), round(sum(goldstein), 6) FROM events"
                f" WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 1"
            ).fetchall()
            tallied = raw.execute(
                "SELECT value, events, round(goldstein, 6) FROM event_tallies WHERE dimension = ? ORDER BY 1",
                (dimension,),
            ).fetchall()
            assert tallied == counted, dimension
        by_code = raw.execute(
            "SELECT source_code, count(*) FROM events GROUP BY 1 ORDER BY 1"
        ).fetchall()
        tallied_codes = raw.execute(
            "SELECT value, sum(events) FROM profile_tallies WHERE kind = 'code' AND as_source = 1 GROUP BY 1 ORDER BY 1"
        ).fetchall()
        assert tallied_codes == by_code
        assert raw.execute("SELECT count(*) FROM profile_tallies WHERE events <= 0").fetchone()[0] == 0
