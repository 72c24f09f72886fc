-- Tacitus store, schema version 9: a deleted event source's row in the evidence index is found
-- by its key, not by a search of the index.
--
-- Schema 6 found the evidence index row of a deleted (or edited) source through the index
-- itself: its evidence text as a LIKE pattern. The trigram index holds no positions
-- (detail=none), so that search reads the row lists of every trigram of the text, which grow
-- with the store: at 8,000 articles one demoted article's `DELETE FROM event_sources` took
-- 130 ms, and it grows in proportion (docs/performance.md, "Scaling"). Now evidence_rowids
-- keeps, for each source (the key of event_sources), the rowid of its row in event_evidence:
-- a delete is two lookups by key. Writing a source adds one row here (about 10 % more per
-- source written).
--
-- The index is filled again in key order, with rowids that match evidence_rowids; what it
-- answers does not change (tacitus.tallies.refresh_evidence_index fills both the same way).
-- IF NOT EXISTS: a store taken back to an older version by hand keeps this table.

DROP TRIGGER IF EXISTS event_evidence_insert;
DROP TRIGGER IF EXISTS event_evidence_delete;
DROP TRIGGER IF EXISTS event_evidence_update;

CREATE TABLE IF NOT EXISTS evidence_rowids (
    event_id      TEXT NOT NULL,
    article_id    TEXT NOT NULL,
    sentence_idx  INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    evidence_rowid INTEGER NOT NULL,          -- rowid of the source's row in event_evidence
    PRIMARY KEY (event_id, article_id, sentence_idx, start, end)
) WITHOUT ROWID;

DELETE FROM evidence_rowids;
DELETE FROM event_evidence;

INSERT INTO event_evidence (rowid, evidence, event_id)
    SELECT row_number() OVER (ORDER BY event_id, article_id, sentence_idx, start, end), evidence, event_id
    FROM event_sources;

INSERT INTO evidence_rowids (event_id, article_id, sentence_idx, start, end, evidence_rowid)
    SELECT event_id, article_id, sentence_idx, start, end,
           row_number() OVER (ORDER BY event_id, article_id, sentence_idx, start, end)
    FROM event_sources;

CREATE TRIGGER event_evidence_insert AFTER INSERT ON event_sources BEGIN
    INSERT INTO event_evidence (evidence, event_id) VALUES (new.evidence, new.event_id);
    INSERT INTO evidence_rowids (event_id, article_id, sentence_idx, start, end, evidence_rowid)
        VALUES (new.event_id, new.article_id, new.sentence_idx, new.start, new.end, last_insert_rowid());
END;

CREATE TRIGGER event_evidence_delete AFTER DELETE ON event_sources BEGIN
    DELETE FROM event_evidence WHERE rowid = (
        SELECT evidence_rowid FROM evidence_rowids
        WHERE event_id = old.event_id AND article_id = old.article_id AND sentence_idx = old.sentence_idx
          AND start = old.start AND end = old.end);
    DELETE FROM evidence_rowids
        WHERE event_id = old.event_id AND article_id = old.article_id AND sentence_idx = old.sentence_idx
          AND start = old.start AND end = old.end;
END;

CREATE TRIGGER event_evidence_update
AFTER UPDATE OF event_id, article_id, sentence_idx, start, end, evidence ON event_sources BEGIN
    DELETE FROM event_evidence WHERE rowid = (
        SELECT evidence_rowid FROM evidence_rowids
        WHERE event_id = old.event_id AND article_id = old.article_id AND sentence_idx = old.sentence_idx
          AND start = old.start AND end = old.end);
    DELETE FROM evidence_rowids
        WHERE event_id = old.event_id AND article_id = old.article_id AND sentence_idx = old.sentence_idx
          AND start = old.start AND end = old.end;
    INSERT INTO event_evidence (evidence, event_id) VALUES (new.evidence, new.event_id);
    INSERT INTO evidence_rowids (event_id, article_id, sentence_idx, start, end, evidence_rowid)
        VALUES (new.event_id, new.article_id, new.sentence_idx, new.start, new.end, last_insert_rowid());
END;
