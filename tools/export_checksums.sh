#!/bin/bash
# Usage: tools/export_checksums.sh OUTDIR [TREE]
# Ingest examples/corpus into a fresh store with the Tacitus of TREE (default: this tree), export
# every format (and filtered exports and queries that exercise EventFilter), checksum every file.
# Two trees whose SHA256SUMS are equal export the same bytes (a refactoring check: issue 14).
set -e
TREE=${2:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$TREE"
OUT=$(realpath -m "$1"); rm -rf "$OUT"; mkdir -p "$OUT"
export SOURCE_DATE_EPOCH=1700000000
T=.venv/bin/tacitus
nice -n 5 $T ingest examples/corpus --db "$OUT/store.db" > "$OUT/ingest.log" 2>&1
for f in csv parquet jsonl gdelt icews plover graphml; do
  $T export --db "$OUT/store.db" --format $f --out "$OUT/all.$f" 2>>"$OUT/export.log"
done
$T export --db "$OUT/store.db" --format tkg --out "$OUT/tkg" 2>>"$OUT/export.log"
# filtered exports and queries exercise EventFilter
$T export --db "$OUT/store.db" --format csv --out "$OUT/dyad.csv" --dyad IRN CHN --start 2019 2>>"$OUT/export.log"
$T export --db "$OUT/store.db" --format jsonl --out "$OUT/cameo.jsonl" --cameo 04 --country IRN 2>>"$OUT/export.log"
$T export --db "$OUT/store.db" --format csv --out "$OUT/text.csv" --text "talks" --quad-class 1 2>>"$OUT/export.log"
$T export --db "$OUT/store.db" --format csv --out "$OUT/dir.csv" --dyad USA IRN --directed --end 2023-06 2>>"$OUT/export.log"
$T events --db "$OUT/store.db" --format json --limit 1000 > "$OUT/events.json"
$T events --db "$OUT/store.db" --format csv --actor Raisi --order -goldstein > "$OUT/events-raisi.csv"
$T events --db "$OUT/store.db" --format csv --sector MIL --plover CONSULT > "$OUT/events-mil.csv" || true
$T timeline IRN CHN --db "$OUT/store.db" --markdown > "$OUT/timeline.md"
$T timeline IRN --db "$OUT/store.db" --html > "$OUT/timeline.html"
$T dyad IRN CHN --db "$OUT/store.db" --format csv > "$OUT/dyad-series.csv"
$T actor Iran --db "$OUT/store.db" --format json > "$OUT/actor.json"
$T actors --db "$OUT/store.db" --format csv --limit 100 > "$OUT/actors.csv"
$T network --db "$OUT/store.db" --level country --format csv > "$OUT/network.csv" 2>/dev/null
$T search "talks" --db "$OUT/store.db" --format csv > "$OUT/search.csv"
$T stats --db "$OUT/store.db" --format json 2>/dev/null | grep -v '"database"' > "$OUT/stats.json" || true
$T events --db "$OUT/store.db" --cameo 9x > "$OUT/err1.txt" 2>&1 || true
$T events --db "$OUT/store.db" --actor Nobodyxyz > "$OUT/err2.txt" 2>&1 || true
$T events --db "$OUT/store.db" --start 2023-02-30 > "$OUT/err3.txt" 2>&1 || true
cd "$OUT" && find . -type f ! -name 'store.db*' ! -name '*.log' ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS
wc -l SHA256SUMS
