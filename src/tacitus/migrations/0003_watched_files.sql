-- Tacitus store, schema version 3: the files `tacitus watch` has seen.
-- The store's article ids remain the truth for content (an article is stored once whatever file
-- brings it); this table only remembers which files were already handled, so a restarted watcher
-- skips them without reading them again.

CREATE TABLE watched_files (
    path         TEXT PRIMARY KEY,     -- absolute path of the file
    size         INTEGER NOT NULL,     -- bytes, when last handled
    mtime_ns     INTEGER NOT NULL,     -- modification time in nanoseconds, when last handled
    content_hash TEXT NOT NULL,        -- sha256 of the bytes
    status       TEXT NOT NULL CHECK (status IN ('ingesting', 'done', 'failed')),
    message      TEXT,                 -- rejects or the failure, one line
    first_seen   TEXT NOT NULL,        -- ISO timestamps (UTC)
    updated_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX watched_files_status ON watched_files(status);
