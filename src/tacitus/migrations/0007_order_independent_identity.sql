-- Tacitus store, schema version 7: a stored result that is a function of the set of articles,
-- not of the order they came in (docs/reliability.md, "order independence").
--
-- 1. actor_aliases.seen: how many mentions used the alias as their name. An actor's shown name
--    is chosen from its aliases by a fixed rule (tacitus.store: longest, then most used, then
--    alphabetical), not kept from the first article that named it.
-- 2. actor_sectors: how many mentions gave each sector; a person's sector (and code) is the most
--    frequent one, ties alphabetical.
-- 3. events.basis: the sort key of the source whose attributes (place, modality, rule, date text,
--    codes) the event shows: highest confidence, then earliest publication, then article id,
--    sentence and offset. A new source replaces the attributes only when its key sorts first.
--    Events written before version 7 have none; their next source takes over.
--
-- The ALTER TABLE ... ADD COLUMN statements are skipped for a column that exists already (a store
-- taken back to an older version by hand keeps its columns; tacitus.store.Store.migrate).
--
-- Actor keys and event ids written before version 7 are kept (they were derived from the first
-- article and stored actor ids); new rows use content-derived keys (tacitus.identity.person_identity,
-- tacitus.store.event_id). Re-ingest into a new database for a fully order-independent store.

ALTER TABLE actor_aliases ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS actor_sectors (
    actor_id INTEGER NOT NULL REFERENCES actors(id),
    sector   TEXT NOT NULL,
    seen     INTEGER NOT NULL,
    PRIMARY KEY (actor_id, sector)
) WITHOUT ROWID;

INSERT OR IGNORE INTO actor_sectors (actor_id, sector, seen) SELECT id, sector, 1 FROM actors WHERE sector IS NOT NULL;

ALTER TABLE events ADD COLUMN basis TEXT;
