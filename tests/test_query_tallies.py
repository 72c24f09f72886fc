"""An actor's profile read from the running tallies, and the evidence text filter read from its
index (schema 6), answer exactly what counting the events answers.

The tallies (``profile_tallies``, ``partner_tallies``) and the trigram index ``event_evidence``
are kept by triggers; these tests compare against the events themselves after writes, merges,
deletes and updates, on the hand-made world of ``analysis_world.py`` and on the example corpus,
and check that a store of schema 5 gets them filled from its existing rows when it is opened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from analysis_world import CHINA, IRAN, RAISI, USA, article, build_world, event, open_corpus
from tacitus import query
from tacitus.records import ArticleResult
from tacitus.store import Store, open_store
from tacitus.tallies import tally_queries

WORLD_REFERENCES = ["IRN", "USA", "CHN", "Iran", "Raisi", "Xi", "Wei", "IRNGOV", "CHNMIL", "CHNGOV"]


@pytest.fixture
def world(store: Store) -> Store:
    return build_world(store)


def counted_profile(store: Store, reference: str | int, monkeypatch: pytest.MonkeyPatch, **options: object) -> query.ActorProfile:
    """The profile as counted from the events (the tallies left unread)."""
    with monkeypatch.context() as patch:
        patch.setattr(query.profiles, "_profile_tally_key", lambda *args: None)
        return query.actor_profile(store, reference, **options)  # type: ignore[arg-type]


def assert_same_profile(tallied: query.ActorProfile, counted: query.ActorProfile) -> None:
    for key, value in counted.__dict__.items():
        other = tallied.__dict__[key]
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(other, value, obj=f"{counted.reference}.{key}")
        else:
            assert other == value, f"{counted.reference}.{key}"


def test_the_profile_comes_from_the_tallies(world: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # A country's monthly profile asks for its tally key (and test_a_bulk_load_... shows the tallies are what it reads).
    real = query.profiles._profile_tally_key
    reads: list[object] = []
    monkeypatch.setattr(query.profiles, "_profile_tally_key", lambda *args: reads.append(args[1].reference) or real(*args))
    profile = query.actor_profile(world, "IRN")
    assert reads == ["IRN"]
    assert (profile.events, profile.as_source, profile.as_target) == (8, 4, 4)
    assert (profile.first_seen, profile.last_seen) == ("2019-06-24", "2023-02-16")
    assert profile.partners.set_index("partner").loc["United States", ["events", "as_source", "as_target"]].tolist() == [2, 1, 1]
    # A weekly series is not tallied: it is counted from the events, and agrees.
    assert query.profiles._profile_tally_key(world, query.resolve_actor(world, "IRN"), "week") is None


@pytest.mark.parametrize("freq", ["month", "year"])
def test_tallied_profiles_equal_counted_profiles(world: Store, freq: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for reference in WORLD_REFERENCES:
        assert_same_profile(
            query.actor_profile(world, reference, freq=freq), counted_profile(world, reference, monkeypatch, freq=freq)
        )


@pytest.mark.slow
def test_tallies_follow_writes_merges_deletes_and_updates(world: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def check() -> None:
        for reference in WORLD_REFERENCES:
            assert_same_profile(query.actor_profile(world, reference), counted_profile(world, reference, monkeypatch))

    # Raisi -> Iran (the actor on both sides of its country's profile), a second report of E3.
    z = article("Z", "2023-03-01", "Raisi addresses the nation", "IRNA", "Raisi praised Iran in a speech.")
    again = article("Y", "2022-05-12", "The pact, again", "Tasnim", "Iran and China signed a pact, Tasnim said.")
    world.write_results([
        ArticleResult(z, events=[event(RAISI, IRAN, "051", "2023-03-01", z, z.text, "praised")]),
        ArticleResult(again, events=[event(IRAN, CHINA, "057", "2022-05-10", again, again.text, "signed")]),
    ])  # fmt: skip
    assert query.actor_profile(world, "IRN").events == 9
    check()
    with world.transaction() as db:
        event_id = db.execute("SELECT id FROM events WHERE cameo_code = '190'").fetchone()[0]
        db.execute("DELETE FROM event_sources WHERE event_id = ?", (event_id,))
        db.execute("DELETE FROM events WHERE id = ?", (event_id,))
    check()
    assert query.actor_profile(world, "USA").events == 2
    with world.transaction() as db:  # a recoded event, a moved date, a changed target
        db.execute("UPDATE events SET cameo_root = '05', cameo_code = '051', quad_class = 1, goldstein = 3.4"
                   " WHERE cameo_code = '111'")  # fmt: skip
        db.execute("UPDATE events SET date = '2021-12-31' WHERE cameo_code = '163'")
        usa = db.execute("SELECT id FROM actors WHERE name = 'United States'").fetchone()[0]
        db.execute("UPDATE events SET target_actor_id = ?, target_code = 'USA', target_country = 'USA'"
                   " WHERE cameo_code = '057'", (usa,))  # fmt: skip
    check()
    assert query.actor_profile(world, "USA").first_seen == "2012-02-14"


def test_a_bulk_load_without_triggers_is_recounted(world: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    world.db.execute("DELETE FROM profile_tallies")
    world.db.execute("DELETE FROM partner_tallies")
    world.db.commit()
    assert query.actor_profile(world, "IRN").events == 0  # the tallies are what the profile reads
    query.refresh_tallies(world.db)
    for reference in WORLD_REFERENCES:
        assert_same_profile(query.actor_profile(world, reference), counted_profile(world, reference, monkeypatch))


def test_each_tally_counted_from_the_events_is_the_tally_the_triggers_kept(world: Store) -> None:
    # The per-dimension queries are split from migration 0004's fill statement, the one definition.
    queries = tally_queries()
    assert set(queries) == {"quad_class", "cameo_root", "source_country", "target_country", "within_country",
                            "source_actor", "target_actor", "country_pair"}  # fmt: skip
    kept = {(d, str(v), int(n)) for d, v, n in world.db.execute("SELECT dimension, value, events FROM event_tallies")}
    counted = {
        (dimension, str(value), int(n))
        for dimension, (_, sql) in queries.items()
        for value, n, _ in world.db.execute(sql.format(hint=""))
    }
    assert counted == kept
    assert ("country_pair", "IRN>CHN>1", 3) in counted


# -- the evidence text filter ---------------------------------------------------------------------


def matching_by_scan(store: Store, text: str) -> list[str]:
    """Event ids whose evidence holds ``text``, as the filter was before schema 6: LIKE over every source."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = store.db.execute(
        "SELECT e.id FROM events e WHERE EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id"
        " AND s.evidence LIKE ? ESCAPE '\\') ORDER BY e.date, e.id",  # the events order: day, then id
        ("%" + escaped + "%",),
    )
    return [r[0] for r in rows]


TEXTS = ["nuclear programme", "uclear prog", "NUCLEAR", "Raisi", "ra", "e", "discuss defence ties", "met",
         "100%", "Iran's", "a_b", "Wednesday. Raisi", "  sanctions  "]  # fmt: skip


def test_the_text_filter_finds_what_a_like_over_the_evidence_finds(world: Store) -> None:
    for text in TEXTS:
        found = query.events(world, text=text, limit=None)["event_id"].tolist()
        assert found == matching_by_scan(world, text.strip()), text
        assert query.count_events(world, text=text) == len(found)
    # E1 is told by two articles: a word of either sentence finds it, a phrase across both does not.
    assert query.events(world, text="discuss defence ties")["cameo_code"].tolist() == ["040"]
    assert query.events(world, text="on Wednesday")["cameo_code"].tolist() == ["040"]
    assert query.events(world, text="Wednesday. Raisi").empty
    plan = " ".join(r[-1] for r in world.db.execute("EXPLAIN QUERY PLAN SELECT rowid FROM event_evidence"
                                                    " WHERE evidence LIKE '%nuclear%'"))  # fmt: skip
    assert "VIRTUAL TABLE INDEX" in plan


def test_the_evidence_index_follows_new_sources_deletes_and_edits(world: Store) -> None:
    later = article("L", "2022-06-05", "China repeats criticism", "CGTN", "China again criticised Iran's enrichment.")
    world.write_results([ArticleResult(later, events=[event(CHINA, IRAN, "111", "2022-06-03", later, later.text, "criticised")])])
    assert query.events(world, text="enrichment")["cameo_code"].tolist() == ["111"]  # a second source of E4
    assert query.events(world, text="nuclear programme")["cameo_code"].tolist() == ["111"]  # the first still found
    with world.transaction() as db:
        db.execute("DELETE FROM event_sources WHERE article_id = 'article-L'")
        db.execute("UPDATE event_sources SET evidence = 'The United States imposed an oil embargo.'"
                   " WHERE article_id = 'article-H'")  # fmt: skip
        event_id = db.execute("SELECT id FROM events WHERE cameo_code = '190'").fetchone()[0]
        db.execute("DELETE FROM event_sources WHERE event_id = ?", (event_id,))
        db.execute("DELETE FROM events WHERE id = ?", (event_id,))
    assert query.events(world, text="enrichment").empty
    assert query.events(world, text="nuclear programme")["cameo_code"].tolist() == ["111"]
    assert query.events(world, text="oil embargo")["cameo_code"].tolist() == ["163"]
    assert query.events(world, text="supreme leader").empty
    assert query.events(world, text="missiles").empty
    for text in TEXTS:
        assert query.events(world, text=text, limit=None)["event_id"].tolist() == matching_by_scan(world, text.strip())


# -- a store of schema 5 ------------------------------------------------------------------------


def as_schema_5(path: Path) -> None:
    """Turn a store back into what schema 5 left: without the tables and triggers 0006 adds."""
    db = sqlite3.connect(path)
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%profile_tallies%'"
        " OR sql LIKE '%event_evidence%' AND type = 'trigger'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {name}")
    for table in ("profile_tallies", "partner_tallies", "event_evidence"):
        db.execute(f"DROP TABLE {table}")
    db.execute("PRAGMA user_version = 5")
    db.commit()
    db.close()


def test_a_schema_5_store_gets_its_tallies_and_index_from_existing_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    with open_store(path) as store:
        build_world(store)
        extra = article("Z", "2023-03-01", "Raisi addresses the nation", "IRNA", "Raisi praised Iran in a speech.")
        store.write_results([ArticleResult(extra, events=[event(RAISI, IRAN, "051", "2023-03-01", extra, extra.text, "praised")])])
        expected = {reference: counted_profile(store, reference, monkeypatch) for reference in WORLD_REFERENCES}
    as_schema_5(path)
    with Store(path, read_only=True) as old:
        assert old.version == 5
        assert query.events(old, text="nuclear")["cameo_code"].tolist() == ["111"]  # the scan, before migrating
    with open_store(path) as store:
        assert store.version >= 6
        for reference, profile in expected.items():
            assert_same_profile(query.actor_profile(store, reference), profile)
        for text in TEXTS:
            assert query.events(store, text=text, limit=None)["event_id"].tolist() == matching_by_scan(store, text.strip())
        talks = article("W", "2024-01-02", "US talks", "AP", "The United States and Iran held talks.")
        store.write_results([ArticleResult(talks, events=[event(USA, IRAN, "040", "2024-01-02", talks, talks.text, "held talks")])])
        assert query.actor_profile(store, "USA").last_seen == "2024-01-02"
        assert query.events(store, text="States and Iran held")["date"].tolist() == ["2024-01-02"]


# -- the example corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    yield from open_corpus(tmp_path_factory)


@pytest.mark.slow
def test_corpus_profiles_and_text_filter_agree_with_the_events(corpus: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    db = corpus.db
    countries = [r[0] for r in db.execute("SELECT DISTINCT source_country FROM events WHERE source_country IS NOT NULL")]
    codes = [r[0] for r in db.execute("SELECT source_code FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 5")]
    actors = [str(r[0]) for r in db.execute("SELECT source_actor_id FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 8")]
    assert len(countries) > 2 and codes and actors
    for reference in [*countries, *codes, *actors, "Raisi"]:
        for freq in ("month", "year"):
            assert_same_profile(
                query.actor_profile(corpus, reference, freq=freq), counted_profile(corpus, reference, monkeypatch, freq=freq)
            )
    for text in ("naval", "said", "Iran", "drill", "in", "Gulf of Oman", "xyzzy"):
        assert query.events(corpus, text=text, limit=None)["event_id"].tolist() == matching_by_scan(corpus, text), text
