"""Exports: events out of a store in the formats other tools read, and back in again.

=========  ======================================================================================
format     what is written
=========  ======================================================================================
csv        one row per event, every field plus provenance (``sources`` as JSON); re-importable
parquet    the same columns as csv, in one Parquet file; re-importable
jsonl      one JSON object per line, ``sources`` and ``dictionary_entries`` as nested lists
gdelt      a GDELT 2.0-like event table (tab-separated, with a header line)
icews      an ICEWS-like event table (tab-separated, with a header line)
plover     POLECAT-like PLOVER records, one JSON object per line (CAMEO 01x events have no type)
tkg        a folder of temporal-knowledge-graph quadruples: train.txt (integer ids), entity2id.txt,
           relation2id.txt, quadruples.tsv (names), stat.txt (ICEWS14-style)
graphml    the actor network (:func:`tacitus.query.network`) as GraphML
=========  ======================================================================================

Every format takes the filters of :func:`tacitus.query.events` (an :class:`~tacitus.query.EventFilter`). ``docs/queries.md`` documents
which GDELT and ICEWS columns are filled and how. :func:`load_events` re-imports csv, parquet
and jsonl exports into a store.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Unpack

import pandas as pd

from tacitus.errors import InputError, OptionError
from tacitus.query import EventFilter, FilterKeywords, country_names, network, write_graph
from tacitus.query.filters import event_filter
from tacitus.records import Actor, Article, ArticleResult, Event, Place, Provenance
from tacitus.store import Store

FORMATS: tuple[str, ...] = ("csv", "parquet", "jsonl", "gdelt", "icews", "plover", "tkg", "graphml")
CHUNK = 50_000  # events per export chunk
IMPORT_BATCH = 1_000  # articles per import transaction

# The columns of the csv / parquet / jsonl event table, in order.
EXPORT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "date",
    "date_precision",
    "date_text",
    "source_name",
    "source_kind",
    "source_code",
    "source_country",
    "source_sector",
    "source_title",
    "source_aliases",
    "target_name",
    "target_kind",
    "target_code",
    "target_country",
    "target_sector",
    "target_title",
    "target_aliases",
    "cameo_code",
    "cameo_name",
    "cameo_root",
    "goldstein",
    "quad_class",
    "plover_type",
    "plover_mode",
    "plover_context",
    "place",
    "place_country",
    "latitude",
    "longitude",
    "modality",
    "negated",
    "confidence",
    "num_sources",
    "rule",
    "dictionary_entries",
    "evidence",
    "article_ids",
    "sources",
)

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number",
    "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
)  # fmt: skip

# Sector codes as ICEWS names them ("Source Sectors").
SECTOR_NAMES: dict[str, str] = {
    "GOV": "Government",
    "MIL": "Military",
    "DIP": "Diplomatic",
    "LEG": "Legislative / Parliamentary",
    "JUD": "Judicial",
    "COP": "Police",
    "REB": "Rebel",
    "OPP": "Opposition",
    "PTY": "Political Party",
    "BUS": "Business",
    "MED": "Media",
    "EDU": "Education",
    "NGO": "Non-Governmental Organization",
    "IGO": "International Government Organization",
    "CVL": "Civilian",
}

_SELECT = """
SELECT e.rowid AS rowid, e.id AS event_id, e.date, e.date_precision, e.date_text,
       sa.name AS source_name, sa.kind AS source_kind, e.source_code, e.source_country, e.source_sector,
       sa.title AS source_title, e.source_actor_id,
       ta.name AS target_name, ta.kind AS target_kind, e.target_code, e.target_country, e.target_sector,
       ta.title AS target_title, e.target_actor_id,
       e.cameo_code, e.cameo_name, e.cameo_root, e.goldstein, e.quad_class,
       e.plover_type, e.plover_mode, e.plover_context,
       e.place_name AS place, e.place_country, e.latitude, e.longitude,
       e.modality, e.negated, e.confidence, e.num_sources, e.rule, e.dictionary_entries,
       (SELECT json_group_array(json_object(
            'article_id', article_id, 'title', title, 'pub_date', pub_date, 'outlet', outlet, 'url', url,
            'ingested_at', ingested_at, 'sentence_idx', sentence_idx, 'start', start, 'end', "end",
            'evidence', evidence, 'trigger', trigger))
        FROM (SELECT s.article_id, a.title, a.pub_date, a.outlet, a.url, a.ingested_at, s.sentence_idx,
                     s.start, s."end", s.evidence, s.trigger
              FROM event_sources s JOIN articles a ON a.id = s.article_id
              WHERE s.event_id = e.id ORDER BY a.pub_date, s.article_id, s.sentence_idx, s.start)) AS sources
FROM events e
JOIN actors sa ON sa.id = e.source_actor_id
LEFT JOIN actors ta ON ta.id = e.target_actor_id
"""


def event_chunks(
    store: Store,
    filters: EventFilter | None = None,
    /,
    *,
    chunk_size: int = CHUNK,
    **criteria: Unpack[FilterKeywords],
) -> Iterator[pd.DataFrame]:
    """The events matching ``filters`` (an :class:`~tacitus.query.EventFilter` or its fields as
    keywords), oldest first, in chunks.

    Each chunk has the columns of :data:`EXPORT_COLUMNS` (plus ``rowid``), with
    ``dictionary_entries``, ``article_ids`` and ``sources`` as Python lists.
    """
    where = event_filter(filters, criteria).where(store)
    aliases = _aliases(store)
    last: tuple[str, str] = ("", "")
    while True:
        sql = f"{_SELECT} WHERE {where.sql()} AND (e.date, e.id) > (?, ?) ORDER BY e.date, e.id LIMIT ?"
        frame = pd.read_sql_query(sql, store.db, params=[*where.params, *last, chunk_size])
        if frame.empty:
            return
        frame["sources"] = [json.loads(v) for v in frame["sources"]]
        frame["dictionary_entries"] = [json.loads(v) if v else [] for v in frame["dictionary_entries"]]
        frame["article_ids"] = [list(dict.fromkeys(s["article_id"] for s in sources)) for sources in frame["sources"]]
        frame["evidence"] = [sources[0]["evidence"] if sources else None for sources in frame["sources"]]
        frame["negated"] = frame["negated"].astype(bool)
        for role in ("source", "target"):
            frame[f"{role}_aliases"] = [aliases.get(i) for i in frame[f"{role}_actor_id"]]
        yield frame
        last = (str(frame["date"].iloc[-1]), str(frame["event_id"].iloc[-1]))
        if len(frame) < chunk_size:
            return


def _aliases(store: Store) -> dict[int, str]:
    """Every actor's aliases, ``|``-joined, by actor id (one query instead of two per event)."""
    rows = store.db.execute(
        "SELECT actor_id, group_concat(alias, '|') FROM"
        " (SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, alias) GROUP BY actor_id"
    )
    return {int(actor_id): joined for actor_id, joined in rows}


def export_events(
    store: Store,
    path: str | Path,
    fmt: str | None = None,
    filters: EventFilter | None = None,
    *,
    level: str | None = None,
    top: int | None = None,
    **criteria: Unpack[FilterKeywords],
) -> int:
    """Write the events matching ``filters`` (an :class:`~tacitus.query.EventFilter` or its fields
    as keywords) to ``path`` in ``fmt`` (default: from the suffix). ``level`` (actor or country)
    and ``top`` (the busiest nodes kept) shape a graphml export's network.

    Returns the number of records written (edges for graphml, quadruples for tkg).
    """
    target = Path(path)
    kind = (fmt or _format_from_suffix(target)).lower()
    if kind not in FORMATS:
        raise OptionError("format", f"{kind!r} is not an export format; use one of {', '.join(FORMATS)}")
    chosen = event_filter(filters, criteria)
    if kind == "graphml":
        others = chosen.given() - {"start", "end", "actor"}
        if others:
            raise OptionError("filters", f"graphml exports take only start, end, actor, level and top, not {sorted(others)}")
        # An export keeps every actor unless ``top`` asks for the busiest only.
        graph = network(store, chosen.start, chosen.end, level or "actor", actor=chosen.actor, top=top)
        write_graph(graph, target, "graphml")
        return int(graph.number_of_edges())
    if level is not None or top is not None:
        raise OptionError("level", f"only graphml exports take level and top, not {kind}")
    if kind == "tkg":
        return _write_tkg(store, target, chosen)
    target.parent.mkdir(parents=True, exist_ok=True)
    writers = {
        "csv": _write_csv,
        "parquet": _write_parquet,
        "jsonl": _write_jsonl,
        "gdelt": _write_gdelt,
        "icews": _write_icews,
        "plover": _write_plover,
    }
    return writers[kind](event_chunks(store, chosen), target)


def _format_from_suffix(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("csv", "parquet", "jsonl", "graphml"):
        return suffix
    if suffix == "json":
        return "jsonl"
    raise OptionError("format", f"{path}: cannot tell the format from the file name; pass --format")


# -- the event table (csv, parquet, jsonl) ---------------------------------------------------------


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """The export table with list columns as text: JSON for sources/entries, ``|`` for article ids."""
    out = frame[list(EXPORT_COLUMNS)].copy()
    out["dictionary_entries"] = [json.dumps(v, ensure_ascii=False) for v in out["dictionary_entries"]]
    out["article_ids"] = ["|".join(v) for v in out["article_ids"]]
    out["sources"] = [json.dumps(v, ensure_ascii=False) for v in out["sources"]]
    return out


def _write_csv(chunks: Iterator[pd.DataFrame], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for chunk in chunks:
            _flat(chunk).to_csv(handle, index=False, header=count == 0)
            count += len(chunk)
        if count == 0:
            handle.write(",".join(EXPORT_COLUMNS) + "\n")
    return count


def _parquet_schema() -> Any:
    import pyarrow as pa

    text = {c: pa.string() for c in EXPORT_COLUMNS}
    text.update(
        goldstein=pa.float64(),
        quad_class=pa.int64(),
        latitude=pa.float64(),
        longitude=pa.float64(),
        negated=pa.bool_(),
        confidence=pa.float64(),
        num_sources=pa.int64(),
    )
    return pa.schema([(c, text[c]) for c in EXPORT_COLUMNS])


def _write_parquet(chunks: Iterator[pd.DataFrame], path: Path) -> int:
    from tacitus.extras import require

    require("parquet", "pyarrow", feature="--format parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in chunks:
            writer.write_table(pa.Table.from_pandas(_flat(chunk), schema=schema, preserve_index=False))
            count += len(chunk)
    return count


def _write_jsonl(chunks: Iterator[pd.DataFrame], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for chunk in chunks:
            for record in chunk[list(EXPORT_COLUMNS)].to_dict(orient="records"):
                handle.write(json.dumps(_jsonable(record), ensure_ascii=False) + "\n")
                count += 1
    return count


def _jsonable(record: dict[str, Any]) -> dict[str, Any]:
    return {key: _value(value) for key, value in record.items()}


def _value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        return value.item()
    return value


# -- GDELT 2.0-like --------------------------------------------------------------------------------


def _gdelt_actor(chunk: pd.DataFrame, role: str, number: int) -> dict[str, Any]:
    code = chunk[f"{role}_code"].fillna("")
    country = chunk[f"{role}_country"].fillna("")
    is_group = (country == "") & code.str.match(r"^(IGO|NGO|MNC|IMG)")
    sector = chunk[f"{role}_sector"].fillna("")
    prefix = f"Actor{number}"
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": chunk[f"{role}_name"].fillna("").str.upper(),
        f"{prefix}CountryCode": country,
        f"{prefix}KnownGroupCode": code.str.slice(3, 6).where(is_group, ""),
        f"{prefix}Type1Code": code.str.slice(0, 3).where(is_group, sector),
    }


def _numeric_ids(chunk: pd.DataFrame) -> list[int]:
    """Integer event ids for the GDELT and ICEWS tables, from the content-derived event id (its first
    60 bits), so the same articles give the same ids in any order; a row number only for an id that is
    not hexadecimal (none are written since schema 7)."""
    ids = []
    for event_id, rowid in zip(chunk["event_id"], chunk["rowid"]):
        try:
            ids.append(int(str(event_id)[:15], 16))
        except ValueError:
            ids.append(int(rowid))
    return ids


def _gdelt_frame(chunk: pd.DataFrame) -> pd.DataFrame:
    days = pd.to_datetime(chunk["date"])
    first_source = [s[0] if s else {} for s in chunk["sources"]]
    columns: dict[str, Any] = {
        "GLOBALEVENTID": _numeric_ids(chunk),
        "SQLDATE": days.dt.strftime("%Y%m%d"),
        "MonthYear": days.dt.strftime("%Y%m"),
        "Year": days.dt.year,
        "FractionDate": (days.dt.year + (days.dt.day_of_year - 1) / 365.0).round(4),
        **_gdelt_actor(chunk, "source", 1),
        **_gdelt_actor(chunk, "target", 2),
        "IsRootEvent": [int(s.get("sentence_idx", 1) == 0) for s in first_source],
        "EventCode": chunk["cameo_code"],
        "EventBaseCode": chunk["cameo_code"].str.slice(0, 3),
        "EventRootCode": chunk["cameo_root"],
        "QuadClass": chunk["quad_class"],
        "GoldsteinScale": chunk["goldstein"],
        "NumMentions": [len(s) for s in chunk["sources"]],
        "NumSources": [len({x.get("outlet") or x["article_id"] for x in s}) for s in chunk["sources"]],
        "NumArticles": chunk["num_sources"],
        "ActionGeo_Type": [_geo_type(p, c, lat) for p, c, lat in zip(chunk["place"], chunk["place_country"], chunk["latitude"])],
        "ActionGeo_FullName": chunk["place"],
        "ActionGeo_CountryCode": chunk["place_country"],
        "ActionGeo_Lat": chunk["latitude"],
        "ActionGeo_Long": chunk["longitude"],
        "DATEADDED": [_date_added(s) for s in chunk["sources"]],
        "SOURCEURL": [s.get("url") or s.get("article_id", "") for s in first_source],
    }
    frame = pd.DataFrame(columns, index=chunk.index)
    return frame.reindex(columns=list(GDELT_COLUMNS))


def _geo_type(place: Any, country: Any, latitude: Any) -> int:
    """GDELT's geo type: 1 country, 4 world city, 0 none."""
    if not isinstance(place, str) or not place:
        return 0
    if isinstance(country, str) and country_names().get(country, "").lower() == place.lower():
        return 1
    return 4 if latitude is not None and not pd.isna(latitude) else 1


def _date_added(sources: list[dict[str, Any]]) -> str:
    stamps = [s.get("ingested_at") or "" for s in sources if s.get("ingested_at")]
    if not stamps:
        return ""
    moment = dt.datetime.fromisoformat(min(stamps))
    return moment.strftime("%Y%m%d%H%M%S")


def _write_gdelt(chunks: Iterator[pd.DataFrame], path: Path) -> int:
    return _write_table(chunks, path, _gdelt_frame, GDELT_COLUMNS)


def _write_table(chunks: Iterator[pd.DataFrame], path: Path, shape: Any, columns: tuple[str, ...]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for chunk in chunks:
            shape(chunk).to_csv(handle, sep="\t", index=False, header=count == 0)
            count += len(chunk)
        if count == 0:
            handle.write("\t".join(columns) + "\n")
    return count


# -- ICEWS-like ------------------------------------------------------------------------------------


def _icews_frame(chunk: pd.DataFrame) -> pd.DataFrame:
    countries = country_names()
    first_source = [s[0] if s else {} for s in chunk["sources"]]
    columns: dict[str, Any] = {
        "Event ID": _numeric_ids(chunk),
        "Event Date": chunk["date"],
        "Source Name": chunk["source_name"],
        "Source Sectors": chunk["source_sector"].map(SECTOR_NAMES),
        "Source Country": chunk["source_country"].map(countries),
        "Event Text": chunk["cameo_name"],
        "CAMEO Code": chunk["cameo_code"],
        "Intensity": chunk["goldstein"],
        "Target Name": chunk["target_name"],
        "Target Sectors": chunk["target_sector"].map(SECTOR_NAMES),
        "Target Country": chunk["target_country"].map(countries),
        "Story ID": [s.get("article_id") for s in first_source],
        "Sentence Number": [s["sentence_idx"] + 1 if "sentence_idx" in s else None for s in first_source],
        "Publisher": [s.get("outlet") for s in first_source],
        "City": chunk["place"].where(chunk["latitude"].notna()),
        "Country": chunk["place_country"].map(countries),
        "Latitude": chunk["latitude"],
        "Longitude": chunk["longitude"],
    }
    return pd.DataFrame(columns, index=chunk.index).reindex(columns=list(ICEWS_COLUMNS))


def _write_icews(chunks: Iterator[pd.DataFrame], path: Path) -> int:
    return _write_table(chunks, path, _icews_frame, ICEWS_COLUMNS)


# -- PLOVER (POLECAT-like) -------------------------------------------------------------------------


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One export row as a POLECAT-like PLOVER record."""

    def actor(role: str) -> dict[str, Any] | None:
        if not row.get(f"{role}_name"):
            return None
        return {
            "name": row[f"{role}_name"],
            "kind": row[f"{role}_kind"],
            "code": row[f"{role}_code"],
            "country": _value(row[f"{role}_country"]),
            "sector": _value(row[f"{role}_sector"]),
        }

    context = row.get("plover_context")
    place = _value(row.get("place"))
    return {
        "event_id": row["event_id"],
        "event_date": row["date"],
        "date_precision": row["date_precision"],
        "event_type": row["plover_type"],
        "mode": _value(row.get("plover_mode")),
        "context": context.split(";") if isinstance(context, str) and context else [],
        "event_intensity": _value(row["goldstein"]),
        "actor": actor("source"),
        "recipient": actor("target"),
        "location": None if place is None else {
            "name": place,
            "country": _value(row.get("place_country")),
            "lat": _value(row.get("latitude")),
            "lon": _value(row.get("longitude")),
        },
        "cameo_code": row["cameo_code"],
        "negated": bool(row["negated"]),
        "modality": row["modality"],
        "num_sources": _value(row["num_sources"]),
        "sources": [
            {k: s.get(k) for k in ("article_id", "title", "pub_date", "outlet", "url", "sentence_idx", "evidence")}
            for s in row["sources"]
        ],
    }


def _write_plover(chunks: Iterator[pd.DataFrame], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for chunk in chunks:
            typed = chunk[chunk["plover_type"].notna()]
            for row in typed.to_dict(orient="records"):
                handle.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
                count += 1
    return count


# -- temporal knowledge graph ----------------------------------------------------------------------


def _write_tkg(store: Store, folder: Path, filters: EventFilter) -> int:
    """ICEWS14-style quadruples: entities are actors, relations CAMEO names, time a day index."""
    folder.mkdir(parents=True, exist_ok=True)
    entities: dict[str, int] = {}
    relations: dict[str, int] = {}
    quadruples: list[tuple[str, str, str, str]] = []
    names_by_id: dict[str, str] = {}
    for chunk in event_chunks(store, filters):
        chunk = chunk[chunk["target_name"].notna()]
        for row in chunk.itertuples(index=False):
            subject = _entity_name(row.source_name, row.source_code, names_by_id)
            obj = _entity_name(row.target_name, row.target_code, names_by_id)
            relation = str(row.cameo_name)
            quadruples.append((subject, relation, obj, str(row.date)))
    if not quadruples:
        first = dt.date.today()
    else:
        first = dt.date.fromisoformat(min(q[3] for q in quadruples))
    for subject, relation, obj, _ in quadruples:
        entities.setdefault(subject, len(entities))
        entities.setdefault(obj, len(entities))
        relations.setdefault(relation, len(relations))
    # Forecasting libraries learn on the past and are scored on the future: split by time, the
    # first 80 % of the distinct days for training, the next 10 % for validation, the last 10 % for test.
    days = sorted({q[3] for q in quadruples})
    cut_valid, cut_test = _split_days(days)
    parts: dict[str, list[str]] = {"train.txt": [], "valid.txt": [], "test.txt": []}
    for subject, relation, obj, day in quadruples:
        offset = (dt.date.fromisoformat(day) - first).days
        part = "train.txt" if day < cut_valid else "valid.txt" if day < cut_test else "test.txt"
        parts[part].append(f"{entities[subject]}\t{relations[relation]}\t{entities[obj]}\t{offset}\n")
    for name, lines in parts.items():
        (folder / name).write_text("".join(lines), encoding="utf-8")
    with (folder / "quadruples.tsv").open("w", encoding="utf-8") as handle:
        handle.write("subject\trelation\tobject\ttimestamp\n")
        for quadruple in quadruples:
            handle.write("\t".join(quadruple) + "\n")
    (folder / "entity2id.txt").write_text("".join(f"{name}\t{i}\n" for name, i in entities.items()), encoding="utf-8")
    (folder / "relation2id.txt").write_text("".join(f"{name}\t{i}\n" for name, i in relations.items()), encoding="utf-8")
    (folder / "stat.txt").write_text(f"{len(entities)}\t{len(relations)}\n", encoding="utf-8")
    (folder / "README.txt").write_text(
        "Tacitus temporal knowledge graph export (ICEWS14 layout).\n"
        "train.txt, valid.txt, test.txt: subject_id<TAB>relation_id<TAB>object_id<TAB>time, time = days since "
        f"{first.isoformat()} (day 0); split by time: the first 80 % of the days, the next 10 %, the last 10 %.\n"
        "entity2id.txt / relation2id.txt: name<TAB>id; quadruples.tsv: the same facts with names and ISO dates.\n",
        encoding="utf-8",
    )
    return len(quadruples)


def _split_days(days: list[str]) -> tuple[str, str]:
    """The first day of the validation part and of the test part (80/10/10 of the distinct days).

    With fewer than three days everything is training; the test part gets at least one day
    before the validation part does.
    """
    if len(days) < 3:
        return "9999-12-31", "9999-12-31"
    test = max(1, round(len(days) * 0.1))
    valid = max(1, round(len(days) * 0.1))
    return days[len(days) - test - valid], days[len(days) - test]


def _entity_name(name: str, code: str | None, seen: dict[str, str]) -> str:
    """A unique entity label: the actor's name, with its code when two actors share a name."""
    label = str(name)
    key = f"{name}|{code}"
    if key in seen:
        return seen[key]
    if label in seen.values():
        label = f"{name} ({code})"
    seen[key] = label
    return label


# -- import ----------------------------------------------------------------------------------------


def _read_table(path: str | Path) -> pd.DataFrame:
    """The export as stored: list columns still JSON text in csv and parquet."""
    source = Path(path)
    suffix = source.suffix.lower()
    if not source.exists():
        raise InputError(str(source), "no such file; give a csv, parquet or jsonl file written by `tacitus export`")
    try:
        if suffix == ".csv":
            frame = pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""])
        elif suffix == ".parquet":
            from tacitus.extras import require

            require("parquet", "pyarrow", feature="importing a .parquet export")
            frame = pd.read_parquet(source)
        elif suffix in (".jsonl", ".json"):
            frame = pd.read_json(source, lines=True, dtype=False)
        else:
            raise InputError(str(source), "unknown file type; import a .csv, .parquet or .jsonl event export")
    except (ValueError, OSError) as exc:
        raise InputError(str(source), f"cannot be read ({exc})") from exc
    missing = [c for c in ("date", "source_name", "source_kind", "cameo_code", "sources") if c not in frame.columns]
    if missing:
        raise InputError(str(source), f"missing column(s) {', '.join(missing)}; is it a `tacitus export` csv/parquet/jsonl?")
    return frame


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return list(json.loads(value))
    return list(value) if isinstance(value, (list, tuple)) else []


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    text = str(value)
    return text if text != "" else None


def _number(value: Any) -> float | None:
    text = _text(value)
    return None if text is None else float(text)


def _actor(row: dict[str, Any], role: str, known: dict[tuple[Any, ...], Actor]) -> Actor | None:
    """The actor of one role of an export row; equal actors are one shared object (``known``)."""
    name = _text(row.get(f"{role}_name"))
    if name is None:
        return None
    fields = tuple(_text(row.get(f"{role}_{k}")) for k in ("kind", "country", "sector", "code", "title", "aliases"))
    key = (name, *fields)
    if key not in known:
        kind, country, sector, code, title, aliases = fields
        known[key] = Actor(
            name=name,
            kind=(kind or "group"),  # type: ignore[arg-type]
            country=country,
            sector=sector,
            title=title,
            aliases=tuple(a for a in (aliases or "").split("|") if a),
            code_override=code if code and code != (country or "") + (sector or "") else None,
        )
    return known[key]


def _rows(frame: pd.DataFrame) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, row dict)`` of an export, converted a chunk at a time to bound memory."""
    for start in range(0, len(frame), CHUNK):
        for offset, row in enumerate(frame.iloc[start : start + CHUNK].to_dict(orient="records")):
            yield start + offset + 2, row


def load_events(store: Store, path: str | Path) -> int:
    """Re-import a csv, parquet or jsonl export into ``store``; return the number of new events.

    Articles are recreated from the provenance (id, title, date, outlet, url) without their
    text; events sharing a date, actors and code merge again, so ``num_sources`` comes back.
    Articles already in the store are skipped whole (import into an empty store). Each
    article's events are written together, :data:`IMPORT_BATCH` articles per transaction.
    """
    frame = _read_table(path)
    results: dict[str, ArticleResult] = {}
    actors: dict[tuple[Any, ...], Actor] = {}
    origin = str(path)
    for line, row in _rows(frame):
        source = _actor(row, "source", actors)
        if source is None:
            raise InputError(f"{origin}:{line}", "event without a source actor")
        target = _actor(row, "target", actors)
        place_name = _text(row.get("place"))
        place = (
            Place(place_name, _text(row.get("place_country")), _number(row.get("latitude")), _number(row.get("longitude")))
            if place_name
            else None
        )
        negated = str(row.get("negated")).lower() in ("true", "1")
        entries = tuple(str(e) for e in _as_list(row.get("dictionary_entries")))
        for item in _as_list(row["sources"]):
            article_id = str(item["article_id"])
            if article_id not in results:
                results[article_id] = ArticleResult(
                    Article(
                        id=article_id,
                        title=str(item.get("title") or ""),
                        text="",
                        pub_date=dt.date.fromisoformat(str(item.get("pub_date") or row["date"])),
                        outlet=item.get("outlet"),
                        url=item.get("url"),
                        origin=f"{origin}:{line}",
                    )
                )
            results[article_id].events.append(
                Event(
                    source=source,
                    target=target,
                    cameo_code=str(row["cameo_code"]),
                    cameo_name=str(row["cameo_name"]),
                    goldstein=float(row["goldstein"]),
                    quad_class=int(row["quad_class"]),
                    plover_type=_text(row.get("plover_type")),
                    plover_mode=_text(row.get("plover_mode")),
                    plover_context=_text(row.get("plover_context")),
                    date=dt.date.fromisoformat(str(row["date"])),
                    date_precision=str(row["date_precision"]),  # type: ignore[arg-type]
                    provenance=Provenance(
                        article_id,
                        int(item["sentence_idx"]),
                        int(item["start"]),
                        int(item["end"]),
                        str(item["evidence"]),
                        str(item.get("trigger") or ""),
                    ),
                    place=place,
                    modality=str(row.get("modality") or "asserted"),  # type: ignore[arg-type]
                    negated=negated,
                    confidence=float(row.get("confidence") or 0.5),
                    rule=str(_text(row.get("rule")) or ""),
                    dictionary_entries=entries,
                    date_text=_text(row.get("date_text")),
                )
            )
    del frame
    batch = list(results.values())
    return sum(store.write_results(batch[i : i + IMPORT_BATCH]) for i in range(0, len(batch), IMPORT_BATCH))
