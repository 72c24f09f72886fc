-- Tacitus store, schema version 8: the tallies of schemas 4 and 6 are counted once per batch,
-- not once per event.
--
-- Schemas 4 and 6 kept event_tallies, profile_tallies and partner_tallies with triggers that
-- upserted up to 16 tally rows for every event written, updated or deleted: about a third of
-- the store's time per event (docs/performance.md, `python -m bench store_writes`). Now each
-- change of an event appends one row to event_tally_queue (+1 with the new values, -1 with the
-- old ones), and the store folds the queue into the three tables once per batch, inside the
-- batch's transaction (tacitus.store.Store._fold_tallies): the views below sum the queue by
-- tally row, and each sum is added to its row in one statement per table. A crash leaves both
-- or neither, as before. Rows that fall to 0 events are deleted (schema 6 kept the profile and
-- partner rows at 0), so every tally table equals a count over the events.
--
-- A program that writes the events table itself (not through tacitus.store) leaves rows in the
-- queue: they are counted at the next batch the store writes.
--
-- IF NOT EXISTS: a store taken back to an older version by hand keeps these objects (as 0007).

DROP TRIGGER IF EXISTS events_tally_insert;
DROP TRIGGER IF EXISTS events_tally_delete;
DROP TRIGGER IF EXISTS events_tally_update;
DROP TRIGGER IF EXISTS events_profile_tally_insert;
DROP TRIGGER IF EXISTS events_profile_tally_delete;
DROP TRIGGER IF EXISTS events_profile_tally_update;

DELETE FROM profile_tallies WHERE events = 0;
DELETE FROM partner_tallies WHERE events = 0;

CREATE TABLE IF NOT EXISTS event_tally_queue (
    sign            INTEGER NOT NULL,     -- +1: these values were added; -1: they were taken away
    date            TEXT NOT NULL,
    cameo_root      TEXT NOT NULL,
    plover_type     TEXT,
    quad_class      INTEGER NOT NULL,
    goldstein       REAL NOT NULL,
    source_country  TEXT,
    target_country  TEXT,
    source_code     TEXT NOT NULL,
    target_code     TEXT,
    source_actor_id INTEGER NOT NULL,
    target_actor_id INTEGER
);

CREATE TRIGGER IF NOT EXISTS events_tally_queue_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_tally_queue VALUES (1, new.date, new.cameo_root, new.plover_type, new.quad_class, new.goldstein,
        new.source_country, new.target_country, new.source_code, new.target_code, new.source_actor_id,
        new.target_actor_id);
END;

CREATE TRIGGER IF NOT EXISTS events_tally_queue_delete AFTER DELETE ON events BEGIN
    INSERT INTO event_tally_queue VALUES (-1, old.date, old.cameo_root, old.plover_type, old.quad_class, old.goldstein,
        old.source_country, old.target_country, old.source_code, old.target_code, old.source_actor_id,
        old.target_actor_id);
END;

CREATE TRIGGER IF NOT EXISTS events_tally_queue_update
AFTER UPDATE OF date, cameo_root, plover_type, quad_class, goldstein, source_country, target_country, source_code,
                target_code, source_actor_id, target_actor_id
ON events
WHEN old.date IS NOT new.date OR old.cameo_root IS NOT new.cameo_root OR old.plover_type IS NOT new.plover_type
  OR old.quad_class IS NOT new.quad_class OR old.goldstein IS NOT new.goldstein
  OR old.source_country IS NOT new.source_country OR old.target_country IS NOT new.target_country
  OR old.source_code IS NOT new.source_code OR old.target_code IS NOT new.target_code
  OR old.source_actor_id IS NOT new.source_actor_id OR old.target_actor_id IS NOT new.target_actor_id
BEGIN
    INSERT INTO event_tally_queue VALUES (-1, old.date, old.cameo_root, old.plover_type, old.quad_class, old.goldstein,
        old.source_country, old.target_country, old.source_code, old.target_code, old.source_actor_id,
        old.target_actor_id);
    INSERT INTO event_tally_queue VALUES (1, new.date, new.cameo_root, new.plover_type, new.quad_class, new.goldstein,
        new.source_country, new.target_country, new.source_code, new.target_code, new.source_actor_id,
        new.target_actor_id);
END;

-- What the queue adds to each row of event_tallies (as the triggers of schema 4 counted).
CREATE VIEW IF NOT EXISTS event_tally_changes AS
SELECT dimension, value, sum(events) AS events, sum(goldstein) AS goldstein
FROM (SELECT 'quad_class' AS dimension, CAST(quad_class AS TEXT) AS value, sign AS events, sign * goldstein AS goldstein
      FROM event_tally_queue
      UNION ALL SELECT 'cameo_root', cameo_root, sign, sign * goldstein FROM event_tally_queue
      UNION ALL SELECT 'source_country', source_country, sign, sign * goldstein FROM event_tally_queue
                WHERE source_country IS NOT NULL
      UNION ALL SELECT 'target_country', target_country, sign, sign * goldstein FROM event_tally_queue
                WHERE target_country IS NOT NULL
      UNION ALL SELECT 'within_country', source_country, sign, sign * goldstein FROM event_tally_queue
                WHERE source_country = target_country
      UNION ALL SELECT 'source_actor', CAST(source_actor_id AS TEXT), sign, sign * goldstein FROM event_tally_queue
                WHERE target_actor_id IS NOT NULL
      UNION ALL SELECT 'target_actor', CAST(target_actor_id AS TEXT), sign, sign * goldstein FROM event_tally_queue
                WHERE target_actor_id IS NOT NULL
      UNION ALL SELECT 'country_pair', source_country || '>' || target_country || '>' || quad_class, sign,
                       sign * goldstein FROM event_tally_queue
                WHERE source_country IS NOT NULL AND target_country IS NOT NULL)
GROUP BY dimension, value
HAVING sum(events) <> 0 OR sum(goldstein) <> 0;

-- What the queue adds to each row of profile_tallies (as the triggers of schema 6 counted).
CREATE VIEW IF NOT EXISTS profile_tally_changes AS
SELECT kind, value, month, cameo_root, plover_type, quad_class, as_source, sum(events) AS events,
       sum(goldstein) AS goldstein
FROM (SELECT 'country' AS kind, source_country AS value, substr(date, 1, 7) || '-01' AS month, cameo_root,
             ifnull(plover_type, '') AS plover_type, quad_class, 1 AS as_source, sign AS events,
             sign * goldstein AS goldstein
      FROM event_tally_queue WHERE source_country IS NOT NULL
      UNION ALL SELECT 'country', target_country, substr(date, 1, 7) || '-01', cameo_root, ifnull(plover_type, ''),
                       quad_class, 0, sign, sign * goldstein
                FROM event_tally_queue WHERE target_country IS NOT NULL AND source_country IS NOT target_country
      UNION ALL SELECT 'code', source_code, substr(date, 1, 7) || '-01', cameo_root, ifnull(plover_type, ''),
                       quad_class, 1, sign, sign * goldstein
                FROM event_tally_queue
      UNION ALL SELECT 'code', target_code, substr(date, 1, 7) || '-01', cameo_root, ifnull(plover_type, ''),
                       quad_class, 0, sign, sign * goldstein
                FROM event_tally_queue WHERE target_code IS NOT NULL AND source_code IS NOT target_code)
GROUP BY kind, value, month, cameo_root, plover_type, quad_class, as_source
HAVING sum(events) <> 0 OR sum(goldstein) <> 0;

-- What the queue adds to each row of partner_tallies (as the triggers of schema 6 counted).
CREATE VIEW IF NOT EXISTS partner_tally_changes AS
SELECT kind, value, partner_id, as_source, sum(events) AS events, sum(goldstein) AS goldstein
FROM (SELECT 'country' AS kind, source_country AS value, target_actor_id AS partner_id, 1 AS as_source,
             sign AS events, sign * goldstein AS goldstein
      FROM event_tally_queue WHERE source_country IS NOT NULL AND target_actor_id IS NOT NULL
      UNION ALL SELECT 'country', target_country, source_actor_id, 0, sign, sign * goldstein
                FROM event_tally_queue WHERE target_country IS NOT NULL
      UNION ALL SELECT 'code', source_code, target_actor_id, 1, sign, sign * goldstein
                FROM event_tally_queue WHERE target_actor_id IS NOT NULL
      UNION ALL SELECT 'code', target_code, source_actor_id, 0, sign, sign * goldstein
                FROM event_tally_queue WHERE target_code IS NOT NULL)
GROUP BY kind, value, partner_id, as_source
HAVING sum(events) <> 0 OR sum(goldstein) <> 0;
