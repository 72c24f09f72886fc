-- Tacitus store, schema version 1.
-- Articles and their sentences; actors with aliases; mentions; events merged across sources,
-- each with its provenance rows (article, sentence, character offsets).

CREATE TABLE articles (
    rowid          INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,          -- content hash (tacitus.article.article_id)
    title          TEXT NOT NULL,
    text           TEXT NOT NULL,
    pub_date       TEXT NOT NULL,                 -- ISO date
    dateline_place TEXT,
    dateline_date  TEXT,
    outlet         TEXT,
    url            TEXT,
    origin         TEXT,                          -- file and record it was read from
    fingerprint    TEXT,                          -- near-duplicate signature (hex)
    duplicate_of   TEXT REFERENCES articles(id),  -- set when this is a near-copy of another story
    ingested_at    TEXT NOT NULL
);
CREATE INDEX articles_pub_date ON articles(pub_date);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;

-- Banded near-duplicate index: four 16-bit bands of each 64-bit fingerprint.
CREATE TABLE fingerprint_bands (
    band       INTEGER NOT NULL,
    value      INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (band, value, article_id)
) WITHOUT ROWID;

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE actors (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,   -- records.Actor.key of the first mention that created it
    name    TEXT NOT NULL,          -- canonical name
    kind    TEXT NOT NULL CHECK (kind IN ('country', 'person', 'organisation', 'group')),
    country TEXT,
    sector  TEXT,
    code    TEXT NOT NULL,
    title   TEXT
);
CREATE INDEX actors_country ON actors(country, sector);

CREATE TABLE actor_aliases (
    actor_id   INTEGER NOT NULL REFERENCES actors(id),
    alias      TEXT NOT NULL,
    normalized TEXT NOT NULL,       -- tacitus.identity.normalize_name(alias)
    PRIMARY KEY (actor_id, normalized)
) WITHOUT ROWID;
CREATE INDEX actor_aliases_normalized ON actor_aliases(normalized);

CREATE TABLE actor_titles (
    actor_id   INTEGER NOT NULL REFERENCES actors(id),
    title      TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    PRIMARY KEY (actor_id, title)
) WITHOUT ROWID;

CREATE TABLE mentions (
    article_id   TEXT NOT NULL REFERENCES articles(id),
    sentence_idx INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES actors(id),
    rule         TEXT NOT NULL,
    PRIMARY KEY (article_id, start, end, actor_id)
) WITHOUT ROWID;
CREATE INDEX mentions_actor ON mentions(actor_id);

CREATE TABLE events (
    rowid              INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,   -- merge key: same day, actors, code => same event
    date               TEXT NOT NULL,
    date_precision     TEXT NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    source_actor_id    INTEGER NOT NULL REFERENCES actors(id),
    target_actor_id    INTEGER REFERENCES actors(id),
    source_code        TEXT NOT NULL,
    source_country     TEXT,
    source_sector      TEXT,
    target_code        TEXT,
    target_country     TEXT,
    target_sector      TEXT,
    cameo_code         TEXT NOT NULL,
    cameo_root         TEXT NOT NULL,
    cameo_name         TEXT NOT NULL,
    goldstein          REAL NOT NULL,
    quad_class         INTEGER NOT NULL CHECK (quad_class BETWEEN 1 AND 4),
    plover_type        TEXT,
    plover_mode        TEXT,
    plover_context     TEXT,
    place_name         TEXT,
    place_country      TEXT,
    latitude           REAL,
    longitude          REAL,
    modality           TEXT NOT NULL,
    negated            INTEGER NOT NULL DEFAULT 0,
    confidence         REAL NOT NULL,
    num_sources        INTEGER NOT NULL DEFAULT 1,   -- distinct articles that report it
    rule               TEXT NOT NULL,
    dictionary_entries TEXT NOT NULL,                -- JSON list
    date_text          TEXT
);
CREATE INDEX events_dyad_date ON events(source_country, target_country, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_source_actor ON events(source_actor_id, date);
CREATE INDEX events_target_actor ON events(target_actor_id, date);
CREATE INDEX events_cameo ON events(cameo_root, cameo_code);
CREATE INDEX events_plover ON events(plover_type);

CREATE TABLE event_sources (
    event_id     TEXT NOT NULL REFERENCES events(id),
    article_id   TEXT NOT NULL REFERENCES articles(id),
    sentence_idx INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    evidence     TEXT NOT NULL,
    trigger      TEXT NOT NULL,
    PRIMARY KEY (event_id, article_id, sentence_idx, start, end)
) WITHOUT ROWID;
CREATE INDEX event_sources_article ON event_sources(article_id);
