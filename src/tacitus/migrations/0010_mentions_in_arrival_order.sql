-- Tacitus store, schema version 10: mentions are kept in the order they arrive.
--
-- Schemas 1-9 kept mentions WITHOUT ROWID, ordered by (article_id, start, end, actor_id), with
-- mentions_actor as (actor_id, article_id, start, end). Article ids are hashes, so within each
-- actor a new mention went to a random place of that index: a batch of 2,048 articles (about
-- 47,000 mentions) changed a page of it for nearly every mention once the store held some
-- 200,000 articles, and the pages written per batch kept growing with the store
-- (docs/performance.md, "Scaling"). Now the table has a rowid: its rows are appended, and
-- mentions_actor (actor_id, rowid) takes each new mention at the end of its actor's range. The
-- key stays unique (the UNIQUE constraint); a batch touches it at one place per article. What
-- the table holds and answers does not change.

CREATE TABLE mentions_by_arrival (
    article_id   TEXT NOT NULL REFERENCES articles(id),
    sentence_idx INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES actors(id),
    rule         TEXT NOT NULL,
    UNIQUE (article_id, start, end, actor_id)
);

INSERT INTO mentions_by_arrival (article_id, sentence_idx, start, end, text, actor_id, rule)
    SELECT article_id, sentence_idx, start, end, text, actor_id, rule FROM mentions
    ORDER BY article_id, start, end, actor_id;

DROP TABLE mentions;
ALTER TABLE mentions_by_arrival RENAME TO mentions;
CREATE INDEX mentions_actor ON mentions(actor_id);
