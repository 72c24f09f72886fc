"""The store: schema migrations, writing results once, near-duplicate links, reading the corpus back."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from tacitus.article import fingerprint, make_article
from tacitus.check import check_store
from tacitus.errors import QueryError, SchemaTooNewError
from tacitus.records import Actor, ArticleResult, Event, Provenance, Sentence
from tacitus.store import SCHEMA_VERSION, Store, _migrations, open_store, sql_statements

IRAN = Actor(name="Iran", kind="country", country="IRN")
CHINA_GOV = Actor(name="China", kind="country", country="CHN", sector="GOV")

TEXT = (
    "TEHRAN, May 2 (Agency) -- Iran's foreign minister met his Chinese counterpart on Monday. "
    "The two sides discussed trade."
)


def make_result(
    text: str = TEXT, *, title: str = "Talks", day: dt.date = dt.date(2023, 5, 2)
) -> ArticleResult:
    """An article with two sentences and one hand-made event stated in the first."""
    article = make_article(title, text, day + dt.timedelta(days=1), origin="test")
    first_end = text.index("Monday.") + len("Monday.")
    sentences = [
        Sentence(0, 0, first_end, text[:first_end]),
        Sentence(1, first_end + 1, len(text), text[first_end + 1 :]),
    ]
    start = text.index("Iran's")
    provenance = Provenance(article.id, 0, start, first_end, text[start:first_end], "met")
    event = Event(
        source=IRAN,
        target=CHINA_GOV,
        cameo_code="040",
        cameo_name="Consult",
        goldstein=1.0,
        quad_class=1,
        plover_type="CONSULT",
        plover_mode="meet",
        plover_context=None,
        date=day,
        date_precision="day",
        provenance=provenance,
    )
    return ArticleResult(article=article, sentences=sentences, events=[event])


def table_counts(store: Store) -> dict[str, int]:
    return store.counts()


# -- schema --------------------------------------------------------------------------------------


def test_new_store_has_the_newest_schema(store: Store) -> None:
    assert store.version == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def build_old_store(path: Path, version: int) -> None:
    """A database as a Tacitus of schema ``version`` left it, with one article and its bands."""
    db = sqlite3.connect(path)
    for number, sql in _migrations():
        if number <= version:
            for statement in sql_statements(sql):
                db.execute(statement)
    db.execute(f"PRAGMA user_version={version}")
    value = fingerprint(TEXT)
    db.execute(
        "INSERT INTO articles (id, title, text, pub_date, fingerprint, ingested_at)"
        " VALUES ('a1', 'Talks', ?, '2023-05-03', ?, '2023-05-03T00:00:00')",
        (TEXT, value),
    )
    if version == 1:  # schema 1 indexed fingerprints in four 16-bit bands
        number = int(value, 16)
        db.executemany(
            "INSERT INTO fingerprint_bands VALUES (?,?,?)",
            [(band, (number >> (16 * band)) & 0xFFFF, "a1") for band in range(4)],
        )
    elif version < 5:  # schemas 2-4 indexed them in eight 8-bit bands
        number = int(value, 16)
        db.executemany(
            "INSERT INTO fingerprint_bands VALUES (?,?,'a1')",
            [(band, (number >> (8 * band)) & 0xFF) for band in range(8)],
        )
    db.commit()
    db.close()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_migration_from_every_earlier_version_keeps_articles_and_indexes(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "old.db"
    if version > 0:
        build_old_store(path, version)
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION
        if version == 0:
            return
        assert store.article("a1").text == TEXT
        tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "fingerprint_bands" not in tables
        near = TEXT + " More."
        assert store.find_near_duplicates({"new": fingerprint(near)}, {"new": near}, {"new": dt.date(2023, 5, 4)}) == {
            "new": "a1"
        }
        found = store.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'counterpart'")
        assert len(found.fetchall()) == 1
        assert check_store(store) == []


def test_full_text_index_follows_edits(store: Store) -> None:
    store.write_results([make_result()])
    with store.transaction():
        store.db.execute("UPDATE articles SET text = 'Peru and Bolivia' WHERE title = 'Talks'")
    match = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    assert store.db.execute(match, ("Bolivia",)).fetchone()[0] == 1
    assert store.db.execute(match, ("counterpart",)).fetchone()[0] == 0


def test_store_from_a_newer_tacitus_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaTooNewError, match="newer than this Tacitus supports"):
        open_store(path)


def _open_and_count(path: str) -> int:
    with open_store(path) as store:
        return store.version


def test_processes_opening_a_fresh_store_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        versions = pool.map(_open_and_count, [path] * 8)
    assert versions == [SCHEMA_VERSION] * 8


def test_sql_statements_keep_triggers_whole() -> None:
    script = "-- note\nCREATE TABLE t (a);\nCREATE TRIGGER x AFTER INSERT ON t BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
    statements = list(sql_statements(script))
    assert len(statements) == 2 and statements[1].endswith("END;")


# -- writing -------------------------------------------------------------------------------------


def test_write_results_stores_article_sentences_and_event_with_provenance(store: Store) -> None:
    result = make_result()
    assert store.write_results([result]) == 1
    row = store.db.execute("SELECT * FROM events").fetchone()
    assert (row["source_code"], row["target_code"], row["cameo_code"], row["num_sources"]) == (
        "IRN",
        "CHNGOV",
        "040",
        1,
    )
    source = store.db.execute("SELECT * FROM event_sources").fetchone()
    assert TEXT[source["start"] : source["end"]].startswith("Iran's foreign minister met")
    assert [s.text for s in store.sentences(result.article.id)] == [s.text for s in result.sentences]
    assert check_store(store) == []


def test_writing_the_same_results_twice_stores_them_once(store: Store) -> None:
    result = make_result()
    store.write_results([result])
    before = table_counts(store)
    assert store.write_results([result]) == 0
    assert table_counts(store) == before


def test_same_event_from_two_articles_is_one_event_with_two_sources(store: Store) -> None:
    first = make_result()
    second = make_result(
        TEXT.replace("(Agency)", "(Wire)").replace("trade.", "trade and energy."), title="Other"
    )
    assert store.write_results([first]) == 1
    assert store.write_results([second]) == 0
    assert store.db.execute("SELECT num_sources FROM events").fetchone()[0] == 2


def test_near_duplicate_becomes_a_source_of_the_originals_events(store: Store) -> None:
    original = make_result()
    copy_text = "Reposted from Agency.\n\n" + TEXT
    copy = make_article("Talks (copy)", copy_text, original.article.pub_date, origin="copy")
    store.write_results([original], duplicates=[(copy, original.article.id)])
    assert store.db.execute("SELECT duplicate_of FROM articles WHERE id = ?", (copy.id,)).fetchone()[0] == (
        original.article.id
    )
    source = store.db.execute("SELECT * FROM event_sources WHERE article_id = ?", (copy.id,)).fetchone()
    assert copy_text[source["start"] : source["end"]] == source["evidence"]
    assert store.db.execute("SELECT num_sources FROM events").fetchone()[0] == 2
    assert check_store(store) == []


LONG_TEXT = (
    "Kenya and Ethiopia on Monday signed an agreement on the sale of electricity across their border, "
    "ending two years of talks over the price of power from the dam on the Omo river. Under the deal, "
    "Ethiopia will export up to four hundred megawatts a year to Kenya for twenty years, and both "
    "governments will share the cost of a new transmission line. The energy ministers of both countries "
    "said the agreement would lower prices for households and factories in Nairobi and Mombasa."
)


def test_near_duplicate_lookup_finds_the_stored_original(store: Store) -> None:
    original = make_article("Power deal", LONG_TEXT, dt.date(2023, 3, 14), origin="a")
    store.write_results([ArticleResult(original)], fingerprints={original.id: fingerprint(LONG_TEXT)})
    reworded = LONG_TEXT.replace("on Monday signed", "signed on Monday").replace("both countries", "the two")
    unrelated = (
        "Peru and Bolivia signed a treaty on water rights of Lake Titicaca after long talks in La Paz."
    )
    texts = {"reworded": reworded, "unrelated": unrelated}
    found = store.find_near_duplicates(
        {key: fingerprint(text) for key, text in texts.items()}, texts, dict.fromkeys(texts, dt.date(2023, 3, 15))
    )
    assert found == {"reworded": original.id}


def test_near_fingerprint_but_few_shared_words_is_not_a_copy(store: Store) -> None:
    """Short stories cut from one template can have close fingerprints; the word check tells them apart."""
    template = (
        "{a}, {m} (Agency) -- The foreign minister of {b} met his counterpart from {c} in the capital. {x}"
    )
    first = template.format(a="AMMAN", m="June 24", b="Jordan", c="Norway", x="Cotton market vaccine tunnel.")
    second = template.format(a="LIMA", m="Jan. 24", b="Peru", c="Brazil", x="Wheat border garrison rice.")
    original = make_article("One", first, dt.date(2023, 6, 25), origin="a")
    store.write_results([ArticleResult(original)], fingerprints={original.id: fingerprint(first)})
    forced = {"second": fingerprint(first)}  # pretend the fingerprints collide
    dates = {"second": dt.date(2023, 6, 25)}
    assert store.find_near_duplicates(forced, {"second": second}, dates) == {}
    assert store.find_near_duplicates(forced, {"second": first + " Updated."}, dates) == {"second": original.id}


def test_a_failed_batch_leaves_nothing(store: Store) -> None:
    good = make_result()
    broken = make_result(TEXT + " Extra.", title="Broken")
    broken.sentences.append(broken.sentences[0])  # same (article, idx) twice: the insert fails
    with pytest.raises(sqlite3.IntegrityError):
        store.write_results([good, broken])
    assert table_counts(store)["articles"] == 0 and table_counts(store)["events"] == 0


def test_reader_sees_committed_batches_while_a_writer_works(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    with open_store(path) as writer, open_store(path, read_only=True) as reader:
        writer.write_results([make_result()])
        with writer.transaction():
            writer._insert_articles(
                [(make_article("Half", "Not committed yet.", dt.date(2023, 1, 1), origin="x"), None, None)]
            )
            assert reader.counts()["articles"] == 1  # the reader is not blocked and sees no half batch
        assert reader.counts()["articles"] == 2


# -- reading back --------------------------------------------------------------------------------


def test_article_by_id_or_unique_prefix(store: Store) -> None:
    result = make_result()
    store.write_results([result])
    assert store.article(result.article.id[:6]) == result.article
    with pytest.raises(QueryError, match="no such article"):
        store.article("ffffffffffff")


def _flip_bits(fingerprint_hex: str, bits: list[int]) -> str:
    value = int(fingerprint_hex, 16)
    for bit in bits:
        value ^= 1 << bit
    return f"{value:016x}"


@pytest.mark.parametrize(("flipped", "linked"), [(12, True), (13, False)])
def test_near_copy_lookup_is_exact_on_the_fingerprint_distance(
    store: Store, flipped: int, linked: bool
) -> None:
    """Fingerprints up to 12 bits apart are always compared, however the differing bits fall."""
    original = make_article("Power deal", LONG_TEXT, dt.date(2023, 3, 14), origin="a")
    store.write_results([ArticleResult(original)], fingerprints={original.id: fingerprint(LONG_TEXT)})
    spread = [8 * i + 3 for i in range(8)] + [60, 45, 30, 15, 1][: flipped - 8]  # every byte touched
    copy = LONG_TEXT + " Both parliaments must still ratify it."
    found = store.find_near_duplicates(
        {"copy": _flip_bits(fingerprint(LONG_TEXT), spread)}, {"copy": copy}, {"copy": dt.date(2023, 3, 14)}
    )
    assert found == ({"copy": original.id} if linked else {})


def test_near_copy_lookup_sees_originals_another_process_stored(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with open_store(path) as reader, open_store(path) as writer:
        copy = LONG_TEXT.replace("on Monday signed", "signed on Monday")
        day = {"copy": dt.date(2023, 3, 15)}
        assert reader.find_near_duplicates({"copy": fingerprint(copy)}, {"copy": copy}, day) == {}
        original = make_article("Power deal", LONG_TEXT, dt.date(2023, 3, 14), origin="a")
        writer.write_results([ArticleResult(original)], fingerprints={original.id: fingerprint(LONG_TEXT)})
        assert reader.find_near_duplicates({"copy": fingerprint(copy)}, {"copy": copy}, day) == {
            "copy": original.id
        }


@pytest.mark.parametrize(("days_later", "linked"), [(31, True), (32, False)])
def test_a_copy_published_more_than_a_month_later_is_a_story_of_its_own(
    store: Store, days_later: int, linked: bool
) -> None:
    """The same text re-run weeks later (an anniversary piece) is not a copy of the first story."""
    published = dt.date(2023, 3, 14)
    original = make_article("Power deal", LONG_TEXT, published, origin="a")
    store.write_results([ArticleResult(original)], fingerprints={original.id: fingerprint(LONG_TEXT)})
    copy = LONG_TEXT.replace("on Monday signed", "signed on Monday")
    for day in (published + dt.timedelta(days=days_later), published - dt.timedelta(days=days_later)):
        found = store.find_near_duplicates({"copy": fingerprint(copy)}, {"copy": copy}, {"copy": day})
        assert found == ({"copy": original.id} if linked else {})


def test_a_near_copy_is_never_taken_as_an_original(store: Store) -> None:
    """A third version of a story links to the first one stored, not to the copy of it."""
    original = make_article("Power deal", LONG_TEXT, dt.date(2023, 3, 14), origin="a")
    copy_text = LONG_TEXT.replace("on Monday signed", "signed on Monday")
    copy = make_article("Power deal", copy_text, dt.date(2023, 3, 14), origin="b")
    store.write_results(
        [ArticleResult(original)],
        fingerprints={original.id: fingerprint(LONG_TEXT), copy.id: fingerprint(copy_text)},
        duplicates=[(copy, original.id)],
    )
    third = copy_text + " Prices will fall next year."
    assert store.find_near_duplicates({"third": fingerprint(third)}, {"third": third}, {"third": dt.date(2023, 3, 16)}) == {
        "third": original.id
    }
