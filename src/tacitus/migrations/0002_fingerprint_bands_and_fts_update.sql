-- Tacitus store, schema version 2.
-- 1. Near-duplicate index: eight 8-bit bands per 64-bit fingerprint instead of four 16-bit ones,
--    so fingerprints up to 7 bits apart always share a band (tacitus.article.fingerprint_bands).
--    Band b holds bits 8b..8b+7, i.e. the two hex digits at positions 15-2b and 16-2b (1-based)
--    of the 16-digit fingerprint.
-- 2. Full-text index follows edits of an article's title or text.

DELETE FROM fingerprint_bands;
WITH RECURSIVE bands(band) AS (SELECT 0 UNION ALL SELECT band + 1 FROM bands WHERE band < 7)
INSERT OR IGNORE INTO fingerprint_bands (band, value, article_id)
SELECT bands.band,
       (instr('0123456789abcdef', lower(substr(a.fingerprint, 15 - 2 * bands.band, 1))) - 1) * 16
     + (instr('0123456789abcdef', lower(substr(a.fingerprint, 16 - 2 * bands.band, 1))) - 1),
       a.id
FROM articles a, bands
WHERE a.fingerprint IS NOT NULL AND length(a.fingerprint) = 16;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
