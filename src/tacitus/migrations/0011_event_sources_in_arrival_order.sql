-- Tacitus store, schema version 11: event sources and sentences are kept in the order they
-- arrive, and the evidence index reads its text instead of keeping a copy.
--
-- Schemas 1-10 kept event_sources WITHOUT ROWID, ordered by (event_id, article_id, ...). Event
-- ids are hashes, so each new source (with its evidence sentence) went to a random place of the
-- table: once the table was larger than a batch, a batch changed one page of it per source, and
-- once it was larger than the caches it read one too (docs/performance.md, "Scaling"). The
-- evidence index event_evidence kept a second copy of every evidence sentence, and from schema 9
-- evidence_rowids, a third B-tree keyed by the same hash, led each source to its index row.
--
-- Now the table has a rowid: a batch appends its sources, and only the key's UNIQUE index (no
-- evidence text in it) takes them at random places. The evidence index is an FTS5 table with
-- external content: its rowid is the source's rowid and its text is read from event_sources, so
-- a deleted or edited source is taken out of it by its rowid, and evidence_rowids is not needed.
-- Sentences, keyed by (hashed article id, index) WITHOUT ROWID, went each article's to a random
-- place of the table with their text; they get a rowid the same way, and their key a UNIQUE index.
-- What the tables hold and answer does not change.

DROP TRIGGER IF EXISTS event_evidence_insert;
DROP TRIGGER IF EXISTS event_evidence_delete;
DROP TRIGGER IF EXISTS event_evidence_update;
DROP TABLE IF EXISTS evidence_rowids;
DROP TABLE IF EXISTS event_evidence;

CREATE TABLE event_sources_by_arrival (
    event_id     TEXT NOT NULL REFERENCES events(id),
    article_id   TEXT NOT NULL REFERENCES articles(id),
    sentence_idx INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    evidence     TEXT NOT NULL,
    trigger      TEXT NOT NULL,
    UNIQUE (event_id, article_id, sentence_idx, start, end)
);

INSERT INTO event_sources_by_arrival (event_id, article_id, sentence_idx, start, end, evidence, trigger)
    SELECT event_id, article_id, sentence_idx, start, end, evidence, trigger FROM event_sources
    ORDER BY event_id, article_id, sentence_idx, start, end;

DROP TABLE event_sources;
ALTER TABLE event_sources_by_arrival RENAME TO event_sources;
CREATE INDEX event_sources_article ON event_sources(article_id);

CREATE VIRTUAL TABLE event_evidence USING fts5(
    evidence, event_id UNINDEXED, content = 'event_sources', content_rowid = 'rowid',
    tokenize = 'trigram', detail = 'none', columnsize = 0);

INSERT INTO event_evidence (event_evidence) VALUES ('rebuild');

CREATE TRIGGER event_evidence_insert AFTER INSERT ON event_sources BEGIN
    INSERT INTO event_evidence (rowid, evidence, event_id) VALUES (new.rowid, new.evidence, new.event_id);
END;

CREATE TRIGGER event_evidence_delete AFTER DELETE ON event_sources BEGIN
    INSERT INTO event_evidence (event_evidence, rowid, evidence, event_id)
        VALUES ('delete', old.rowid, old.evidence, old.event_id);
END;

CREATE TRIGGER event_evidence_update AFTER UPDATE OF evidence, event_id ON event_sources BEGIN
    INSERT INTO event_evidence (event_evidence, rowid, evidence, event_id)
        VALUES ('delete', old.rowid, old.evidence, old.event_id);
    INSERT INTO event_evidence (rowid, evidence, event_id) VALUES (new.rowid, new.evidence, new.event_id);
END;

CREATE TABLE sentences_by_arrival (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    UNIQUE (article_id, idx)
);

INSERT INTO sentences_by_arrival (article_id, idx, start, end, text)
    SELECT article_id, idx, start, end, text FROM sentences ORDER BY article_id, idx;

DROP TABLE sentences;
ALTER TABLE sentences_by_arrival RENAME TO sentences;
