-- Tacitus store, schema version 4: indexes and running tallies for questions over millions of events.
--
-- 1. Covering indexes. A dyad series, a country's profile and the country network read only
--    the index, never the table: the dyad index (and its mirror for the target side) carries
--    date, QuadClass, Goldstein, CAMEO root, PLOVER type and the other side's actor. So "a
--    country as source OR target" is two index ranges instead of a table scan, whether or not
--    ANALYZE has run. The actor-pair indexes do the same for persons and organisations and make
--    the actor network one ordered scan.
-- 2. Actor codes (IRNGOV) as source or target, and QuadClass.
-- 3. event_tallies: events per QuadClass, CAMEO root, country (as source, as target, and
--    within one country), actor (as source of an event with a target, as target) and country
--    pair with QuadClass, each with its Goldstein sum, kept by triggers, so `tacitus stats`,
--    the busiest actors of a network and the whole country network read a few thousand rows
--    instead of counting millions. Values are text (actor ids too).

DROP INDEX IF EXISTS events_dyad_date;
CREATE INDEX events_dyad ON events(
    source_country, target_country, date, quad_class, goldstein, cameo_root, plover_type, target_actor_id);
CREATE INDEX events_target_dyad ON events(
    target_country, source_country, date, quad_class, goldstein, cameo_root, plover_type, source_actor_id);
CREATE INDEX events_pair ON events(
    source_actor_id, target_actor_id, date, quad_class, goldstein, cameo_root, plover_type);
CREATE INDEX events_target_pair ON events(
    target_actor_id, source_actor_id, date, quad_class, goldstein, cameo_root, plover_type);
CREATE INDEX events_source_code ON events(source_code, date);
CREATE INDEX events_target_code ON events(target_code, date);
CREATE INDEX events_quad ON events(quad_class, date);

CREATE TABLE event_tallies (
    dimension TEXT NOT NULL CHECK (dimension IN ('quad_class', 'cameo_root', 'source_country', 'target_country',
                                                 'within_country', 'source_actor', 'target_actor', 'country_pair')),
    value     TEXT NOT NULL,              -- country_pair: 'IRN>CHN>1' (source, target, QuadClass)
    events    INTEGER NOT NULL,
    goldstein REAL NOT NULL DEFAULT 0,    -- sum of the events' Goldstein scores
    PRIMARY KEY (dimension, value)
) WITHOUT ROWID;

INSERT INTO event_tallies (dimension, value, events, goldstein)
SELECT 'quad_class', quad_class, count(*), sum(goldstein) FROM events GROUP BY quad_class
UNION ALL SELECT 'cameo_root', cameo_root, count(*), sum(goldstein) FROM events GROUP BY cameo_root
UNION ALL SELECT 'source_country', source_country, count(*), sum(goldstein) FROM events
          WHERE source_country IS NOT NULL GROUP BY source_country
UNION ALL SELECT 'target_country', target_country, count(*), sum(goldstein) FROM events
          WHERE target_country IS NOT NULL GROUP BY target_country
UNION ALL SELECT 'within_country', source_country, count(*), sum(goldstein) FROM events
          WHERE source_country = target_country GROUP BY source_country
UNION ALL SELECT 'source_actor', source_actor_id, count(*), sum(goldstein) FROM events
          WHERE target_actor_id IS NOT NULL GROUP BY source_actor_id
UNION ALL SELECT 'target_actor', target_actor_id, count(*), sum(goldstein) FROM events
          WHERE target_actor_id IS NOT NULL GROUP BY target_actor_id
UNION ALL SELECT 'country_pair', source_country || '>' || target_country || '>' || quad_class, count(*), sum(goldstein)
          FROM events WHERE source_country IS NOT NULL AND target_country IS NOT NULL
          GROUP BY source_country, target_country, quad_class;

CREATE TRIGGER events_tally_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_tallies (dimension, value, events, goldstein)
    SELECT 'quad_class', new.quad_class, 1, new.goldstein
    UNION ALL SELECT 'cameo_root', new.cameo_root, 1, new.goldstein
    UNION ALL SELECT 'source_country', new.source_country, 1, new.goldstein WHERE new.source_country IS NOT NULL
    UNION ALL SELECT 'target_country', new.target_country, 1, new.goldstein WHERE new.target_country IS NOT NULL
    UNION ALL SELECT 'within_country', new.source_country, 1, new.goldstein WHERE new.source_country = new.target_country
    UNION ALL SELECT 'source_actor', new.source_actor_id, 1, new.goldstein WHERE new.target_actor_id IS NOT NULL
    UNION ALL SELECT 'target_actor', new.target_actor_id, 1, new.goldstein WHERE new.target_actor_id IS NOT NULL
    UNION ALL SELECT 'country_pair', new.source_country || '>' || new.target_country || '>' || new.quad_class,
                     1, new.goldstein WHERE new.source_country IS NOT NULL AND new.target_country IS NOT NULL
    ON CONFLICT (dimension, value) DO UPDATE SET events = events + 1, goldstein = goldstein + excluded.goldstein;
END;

CREATE TRIGGER events_tally_delete AFTER DELETE ON events BEGIN
    UPDATE event_tallies SET events = events - 1, goldstein = goldstein - old.goldstein
    WHERE (dimension = 'quad_class' AND value = CAST(old.quad_class AS TEXT))
       OR (dimension = 'cameo_root' AND value = old.cameo_root)
       OR (dimension = 'source_country' AND value = old.source_country)
       OR (dimension = 'target_country' AND value = old.target_country)
       OR (dimension = 'within_country' AND value = old.source_country AND old.source_country = old.target_country)
       OR (dimension = 'source_actor' AND value = CAST(old.source_actor_id AS TEXT) AND old.target_actor_id IS NOT NULL)
       OR (dimension = 'target_actor' AND value = CAST(old.target_actor_id AS TEXT))
       OR (dimension = 'country_pair' AND value = old.source_country || '>' || old.target_country || '>' || old.quad_class);
    DELETE FROM event_tallies WHERE events <= 0;
END;

CREATE TRIGGER events_tally_update
AFTER UPDATE OF quad_class, cameo_root, source_country, target_country, source_actor_id, target_actor_id, goldstein
ON events
BEGIN
    UPDATE event_tallies SET events = events - 1, goldstein = goldstein - old.goldstein
    WHERE (dimension = 'quad_class' AND value = CAST(old.quad_class AS TEXT))
       OR (dimension = 'cameo_root' AND value = old.cameo_root)
       OR (dimension = 'source_country' AND value = old.source_country)
       OR (dimension = 'target_country' AND value = old.target_country)
       OR (dimension = 'within_country' AND value = old.source_country AND old.source_country = old.target_country)
       OR (dimension = 'source_actor' AND value = CAST(old.source_actor_id AS TEXT) AND old.target_actor_id IS NOT NULL)
       OR (dimension = 'target_actor' AND value = CAST(old.target_actor_id AS TEXT))
       OR (dimension = 'country_pair' AND value = old.source_country || '>' || old.target_country || '>' || old.quad_class);
    DELETE FROM event_tallies WHERE events <= 0;
    INSERT INTO event_tallies (dimension, value, events, goldstein)
    SELECT 'quad_class', new.quad_class, 1, new.goldstein
    UNION ALL SELECT 'cameo_root', new.cameo_root, 1, new.goldstein
    UNION ALL SELECT 'source_country', new.source_country, 1, new.goldstein WHERE new.source_country IS NOT NULL
    UNION ALL SELECT 'target_country', new.target_country, 1, new.goldstein WHERE new.target_country IS NOT NULL
    UNION ALL SELECT 'within_country', new.source_country, 1, new.goldstein WHERE new.source_country = new.target_country
    UNION ALL SELECT 'source_actor', new.source_actor_id, 1, new.goldstein WHERE new.target_actor_id IS NOT NULL
    UNION ALL SELECT 'target_actor', new.target_actor_id, 1, new.goldstein WHERE new.target_actor_id IS NOT NULL
    UNION ALL SELECT 'country_pair', new.source_country || '>' || new.target_country || '>' || new.quad_class,
                     1, new.goldstein WHERE new.source_country IS NOT NULL AND new.target_country IS NOT NULL
    ON CONFLICT (dimension, value) DO UPDATE SET events = events + 1, goldstein = goldstein + excluded.goldstein;
END;
