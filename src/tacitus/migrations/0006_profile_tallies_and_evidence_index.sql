-- Tacitus store, schema version 6: a country's profile and the evidence text filter without a pass over the events.
--
-- 1. profile_tallies: events per country ('country', 'IRN') or actor code ('code', 'IRNGOV'),
--    month, CAMEO root, PLOVER type, QuadClass and role, with their Goldstein sum, kept by
--    triggers like the tallies of schema 4. Role 1 counts the events the country did; role 0
--    the events done to it that it did not also do (Raisi -> Iran counts once in Iran's
--    profile). A profile's totals, event mix and monthly or yearly series are sums of these
--    rows: tens of thousands of rows for the busiest country instead of 40 % of all events.
--    plover_type is '' for none. Rows whose events fall to 0 stay; readers skip them. Single
--    persons and organisations are not tallied: their rows would be about as many as their
--    events, and their profile reads the covering actor-pair indexes of schema 4 quickly.
-- 2. partner_tallies: events per country or code, partner (the stored actor on the other
--    side) and role, with their Goldstein sum: the profile's partners.
-- 3. event_evidence: an FTS5 index with trigram tokens over the evidence sentence of each
--    event source (with its event_id). It answers LIKE '%text%' for any text of three
--    characters or more; the text filter of tacitus.query.events asks it for candidates and
--    checks the exact, escaped LIKE on them.
--    detail=none and columnsize=0 keep it small (no positions, no sizes for ranking); the
--    LIKE is checked on the stored text.

CREATE TABLE profile_tallies (
    kind        TEXT NOT NULL CHECK (kind IN ('country', 'code')),
    value       TEXT NOT NULL,
    month       TEXT NOT NULL,                -- first day of the month: '2022-04-01'
    cameo_root  TEXT NOT NULL,
    plover_type TEXT NOT NULL,                -- '' when the event has none
    quad_class  INTEGER NOT NULL,
    as_source   INTEGER NOT NULL,             -- 1 the actor did it; 0 it was done to the actor (only)
    events      INTEGER NOT NULL,
    goldstein   REAL NOT NULL,                -- sum of the events' Goldstein scores
    PRIMARY KEY (kind, value, month, cameo_root, plover_type, quad_class, as_source)
) WITHOUT ROWID;

CREATE TABLE partner_tallies (
    kind       TEXT NOT NULL CHECK (kind IN ('country', 'code')),
    value      TEXT NOT NULL,
    partner_id INTEGER NOT NULL,              -- the stored actor on the other side
    as_source  INTEGER NOT NULL,              -- 1 the actor did it to the partner; 0 the partner did it
    events     INTEGER NOT NULL,
    goldstein  REAL NOT NULL,
    PRIMARY KEY (kind, value, partner_id, as_source)
) WITHOUT ROWID;

INSERT INTO profile_tallies (kind, value, month, cameo_root, plover_type, quad_class, as_source, events, goldstein)
SELECT kind, value, month, cameo_root, plover_type, quad_class, as_source, count(*), sum(goldstein)
FROM (SELECT 'country' AS kind, source_country AS value, substr(date, 1, 7) || '-01' AS month, cameo_root,
             ifnull(plover_type, '') AS plover_type, quad_class, 1 AS as_source, goldstein
      FROM events WHERE source_country IS NOT NULL
      UNION ALL
      SELECT 'country', target_country, substr(date, 1, 7) || '-01', cameo_root, ifnull(plover_type, ''), quad_class, 0, goldstein
      FROM events WHERE target_country IS NOT NULL AND source_country IS NOT target_country
      UNION ALL
      SELECT 'code', source_code, substr(date, 1, 7) || '-01', cameo_root, ifnull(plover_type, ''), quad_class, 1, goldstein
      FROM events
      UNION ALL
      SELECT 'code', target_code, substr(date, 1, 7) || '-01', cameo_root, ifnull(plover_type, ''), quad_class, 0, goldstein
      FROM events WHERE target_code IS NOT NULL AND source_code IS NOT target_code)
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO partner_tallies (kind, value, partner_id, as_source, events, goldstein)
SELECT kind, value, partner_id, as_source, count(*), sum(goldstein)
FROM (SELECT 'country' AS kind, source_country AS value, target_actor_id AS partner_id, 1 AS as_source, goldstein
      FROM events WHERE source_country IS NOT NULL AND target_actor_id IS NOT NULL
      UNION ALL
      SELECT 'country', target_country, source_actor_id, 0, goldstein FROM events WHERE target_country IS NOT NULL
      UNION ALL
      SELECT 'code', source_code, target_actor_id, 1, goldstein FROM events WHERE target_actor_id IS NOT NULL
      UNION ALL
      SELECT 'code', target_code, source_actor_id, 0, goldstein FROM events WHERE target_code IS NOT NULL)
GROUP BY 1, 2, 3, 4;

-- An event counts +1 (inserted) or -1 (deleted, or the old side of an update) in each of its rows.
CREATE TRIGGER events_profile_tally_insert AFTER INSERT ON events BEGIN
    INSERT INTO profile_tallies (kind, value, month, cameo_root, plover_type, quad_class, as_source, events, goldstein)
    SELECT 'country', new.source_country, substr(new.date, 1, 7) || '-01', new.cameo_root, ifnull(new.plover_type, ''),
           new.quad_class, 1, 1, new.goldstein WHERE new.source_country IS NOT NULL
    UNION ALL SELECT 'country', new.target_country, substr(new.date, 1, 7) || '-01', new.cameo_root,
           ifnull(new.plover_type, ''), new.quad_class, 0, 1, new.goldstein
           WHERE new.target_country IS NOT NULL AND new.source_country IS NOT new.target_country
    UNION ALL SELECT 'code', new.source_code, substr(new.date, 1, 7) || '-01', new.cameo_root, ifnull(new.plover_type, ''),
           new.quad_class, 1, 1, new.goldstein
    UNION ALL SELECT 'code', new.target_code, substr(new.date, 1, 7) || '-01', new.cameo_root, ifnull(new.plover_type, ''),
           new.quad_class, 0, 1, new.goldstein WHERE new.target_code IS NOT NULL AND new.source_code IS NOT new.target_code
    ON CONFLICT DO UPDATE SET events = events + excluded.events, goldstein = goldstein + excluded.goldstein;
    INSERT INTO partner_tallies (kind, value, partner_id, as_source, events, goldstein)
    SELECT 'country', new.source_country, new.target_actor_id, 1, 1, new.goldstein
           WHERE new.source_country IS NOT NULL AND new.target_actor_id IS NOT NULL
    UNION ALL SELECT 'country', new.target_country, new.source_actor_id, 0, 1, new.goldstein WHERE new.target_country IS NOT NULL
    UNION ALL SELECT 'code', new.source_code, new.target_actor_id, 1, 1, new.goldstein WHERE new.target_actor_id IS NOT NULL
    UNION ALL SELECT 'code', new.target_code, new.source_actor_id, 0, 1, new.goldstein WHERE new.target_code IS NOT NULL
    ON CONFLICT DO UPDATE SET events = events + excluded.events, goldstein = goldstein + excluded.goldstein;
END;

CREATE TRIGGER events_profile_tally_delete AFTER DELETE ON events BEGIN
    INSERT INTO profile_tallies (kind, value, month, cameo_root, plover_type, quad_class, as_source, events, goldstein)
    SELECT 'country', old.source_country, substr(old.date, 1, 7) || '-01', old.cameo_root, ifnull(old.plover_type, ''),
           old.quad_class, 1, -1, -old.goldstein WHERE old.source_country IS NOT NULL
    UNION ALL SELECT 'country', old.target_country, substr(old.date, 1, 7) || '-01', old.cameo_root,
           ifnull(old.plover_type, ''), old.quad_class, 0, -1, -old.goldstein
           WHERE old.target_country IS NOT NULL AND old.source_country IS NOT old.target_country
    UNION ALL SELECT 'code', old.source_code, substr(old.date, 1, 7) || '-01', old.cameo_root, ifnull(old.plover_type, ''),
           old.quad_class, 1, -1, -old.goldstein
    UNION ALL SELECT 'code', old.target_code, substr(old.date, 1, 7) || '-01', old.cameo_root, ifnull(old.plover_type, ''),
           old.quad_class, 0, -1, -old.goldstein WHERE old.target_code IS NOT NULL AND old.source_code IS NOT old.target_code
    ON CONFLICT DO UPDATE SET events = events + excluded.events, goldstein = goldstein + excluded.goldstein;
    INSERT INTO partner_tallies (kind, value, partner_id, as_source, events, goldstein)
    SELECT 'country', old.source_country, old.target_actor_id, 1, -1, -old.goldstein
           WHERE old.source_country IS NOT NULL AND old.target_actor_id IS NOT NULL
    UNION ALL SELECT 'country', old.target_country, old.source_actor_id, 0, -1, -old.goldstein WHERE old.target_country IS NOT NULL
    UNION ALL SELECT 'code', old.source_code, old.target_actor_id, 1, -1, -old.goldstein WHERE old.target_actor_id IS NOT NULL
    UNION ALL SELECT 'code', old.target_code, old.source_actor_id, 0, -1, -old.goldstein WHERE old.target_code IS NOT NULL
    ON CONFLICT DO UPDATE SET events = events + excluded.events, goldstein = goldstein + excluded.goldstein;
END;

CREATE TRIGGER events_profile_tally_update
AFTER UPDATE OF date, cameo_root, plover_type, quad_class, goldstein, source_country, target_country, source_code,
                target_code, source_actor_id, target_actor_id
ON events
BEGIN
    INSERT INTO profile_tallies (kind, value, month, cameo_root, plover_type, quad_class, as_source, events, goldstein)
    SELECT 'country', old.source_country, substr(old.date, 1, 7) || '-01', old.cameo_root, ifnull(old.plover_type, ''),
           old.quad_class, 1, -1, -old.goldstein WHERE old.source_country IS NOT NULL
    UNION ALL SELECT 'country', old.target_country, substr(old.date, 1, 7) || '-01', old.cameo_root,
           ifnull(old.plover_type, ''), old.quad_class, 0, -1, -old.goldstein
           WHERE old.target_country IS NOT NULL AND old.source_country IS NOT old.target_country
    UNION ALL SELECT 'code', old.source_code, substr(old.date, 1, 7) || '-01', old.cameo_root, ifnull(old.plover_type, ''),
           old.quad_class, 1, -1, -old.goldstein
    UNION ALL SELECT 'code', old.target_code, substr(old.date, 1, 7) || '-01', old.cameo_root, ifnull(old.plover_type, ''),
           old.quad_class, 0, -1, -old.goldstein WHERE old.target_code IS NOT NULL AND old.source_code IS NOT old.target_code
    UNION ALL SELECT 'country', new.source_country, substr(new.date, 1, 7) || '-01', new.cameo_root, ifnull(new.plover_type, ''),
           new.quad_class, 1, 1, new.goldstein WHERE new.source_country IS NOT NULL
    UNION ALL SELECT 'country', new.target_country, substr(new.date, 1, 7) || '-01', new.cameo_root,
           ifnull(new.plover_type, ''), new.quad_class, 0, 1, new.goldstein
           WHERE new.target_country IS NOT NULL AND new.source_country IS NOT new.target_country
    UNION ALL SELECT 'code', new.source_code, substr(new.date, 1, 7) || '-01', new.cameo_root, ifnull(new.plover_type, ''),
           new.quad_class, 1, 1, new.goldstein
    UNION ALL SELECT 'code', new.target_code, substr(new.date, 1, 7) || '-01', new.cameo_root, ifnull(new.plover_type, ''),
           new.quad_class, 0, 1, new.goldstein WHERE new.target_code IS NOT NULL AND new.source_code IS NOT new.target_code
    ON CONFLICT DO UPDATE SET events = events + excluded.events, goldstein = goldstein + excluded.goldstein;
    INSERT INTO partner_tallies (kind, value, partner_id, as_source, events, goldstein)
    SELECT 'country', old.source_country, old.target_actor_id, 1, -1, -old.goldstein
           WHERE old.source_country IS NOT NULL AND old.target_actor_id IS NOT NULL
    UNION ALL SELECT 'country', old.target_country, old.source_actor_id, 0, -1, -old.goldstein WHERE old.target_country IS NOT NULL
    UNION ALL SELECT 'code', old.source_code, old.target_actor_id, 1, -1, -old.goldstein WHERE old.target_actor_id IS NOT NULL
    UNION ALL SELECT 'code', old.target_code, old.source_actor_id, 0, -1, -old.goldstein WHERE old.target_code IS NOT NULL
    UNION ALL SELECT 'country', new.source_country, new.target_actor_id, 1, 1, new.goldstein
           WHERE new.source_country IS NOT NULL AND new.target_actor_id IS NOT NULL
    UNION ALL SELECT 'country', new.target_country, new.source_actor_id, 0, 1, new.goldstein WHERE new.target_country IS NOT NULL
    UNION ALL SELECT 'code', new.source_code, new.target_actor_id, 1, 1, new.goldstein WHERE new.target_actor_id IS NOT NULL
    UNION ALL SELECT 'code', new.target_code, new.source_actor_id, 0, 1, new.goldstein WHERE new.target_code IS NOT NULL
    ON CONFLICT DO UPDATE SET events = events + excluded.events, goldstein = goldstein + excluded.goldstein;
END;

-- The evidence index: one row per source. A new source appends a row (rowids only grow, so
-- FTS5 keeps its pending terms in memory until the commit); a deleted one is found through the
-- index itself (its text as a LIKE pattern gives the candidates) and removed.
CREATE VIRTUAL TABLE event_evidence USING fts5(
    evidence, event_id UNINDEXED, tokenize = 'trigram', detail = 'none', columnsize = 0);

INSERT INTO event_evidence (evidence, event_id) SELECT evidence, event_id FROM event_sources;

CREATE TRIGGER event_evidence_insert AFTER INSERT ON event_sources BEGIN
    INSERT INTO event_evidence (evidence, event_id) VALUES (new.evidence, new.event_id);
END;

CREATE TRIGGER event_evidence_delete AFTER DELETE ON event_sources BEGIN
    DELETE FROM event_evidence WHERE rowid = (
        SELECT rowid FROM event_evidence
        WHERE evidence LIKE old.evidence AND evidence = old.evidence AND event_id = old.event_id LIMIT 1);
END;

CREATE TRIGGER event_evidence_update AFTER UPDATE OF event_id, evidence ON event_sources BEGIN
    DELETE FROM event_evidence WHERE rowid = (
        SELECT rowid FROM event_evidence
        WHERE evidence LIKE old.evidence AND evidence = old.evidence AND event_id = old.event_id LIMIT 1);
    INSERT INTO event_evidence (evidence, event_id) VALUES (new.evidence, new.event_id);
END;
