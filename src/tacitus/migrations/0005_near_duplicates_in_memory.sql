-- Tacitus store, schema version 5.
-- Near-duplicate lookup no longer uses the banded fingerprint index: each process keeps the
-- originals' fingerprints in memory and compares a new article with all of them at once
-- (tacitus/near_duplicates.py), which is exact where the bands missed 14% of pairs 12 bits
-- apart, and does not grow a candidate list with the store. articles.fingerprint stays.

DROP TABLE IF EXISTS fingerprint_bands;
