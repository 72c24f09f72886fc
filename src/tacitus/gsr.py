"""PLOVER's gold-standard records (GSR): reading, the fixed train/test split, and scoring.

The GSR (``PLOVER_GSR_CAMEO.txt`` in openeventdata/PLOVER, CC BY-SA 4.0) is a JSON list of
322 one-sentence examples from the CAMEO manual, recoded to an early PLOVER draft, each with its
source and target actors (ISO3-like codes) and event type. Tacitus reads the file at run time
from wherever it lies (``../shared/peers/openeventdata+PLOVER/`` here) and never copies it.

The split is fixed by the record id alone, so every engineer, the learned model and the tests
agree on it: a record is in the *train* half iff ``int(sha1(id).hexdigest(), 16) % 2 == 0``.
Nothing may be tuned on the test half.

Scoring codes every sentence as a one-sentence article and asks, per sentence:

* **coded**: did the coder find any event?
* **type**: is one of its events of the gold PLOVER type?
* **type and dyad**: is one of those events between the gold actors (source among the gold
  sources, target among the gold targets; with no gold target, any target or none; actors
  marked ``SRC/TAR`` in the markup act on each other)?
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tacitus.errors import InputError
from tacitus.records import Actor, Article, ArticleResult, Event

GSR_FILE = Path("peers/openeventdata+PLOVER/PLOVER_GSR_CAMEO.txt")
PUBLISHED = dt.date(2000, 1, 5)  # a Wednesday; the records carry no dates of their own

# The GSR was coded to an early PLOVER draft; these are today's names for its old types.
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
# A few actor codes are CAMEO's, not ISO 3166's.
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


@dataclass(frozen=True)
class GsrRecord:
    id: str
    text: str
    plover: str  # today's PLOVER name
    sources: frozenset[str]  # ISO3 codes, or IGO / NGO
    targets: frozenset[str]  # empty: the record names no target

    @property
    def half(self) -> str:
        return "train" if in_train(self.id) else "test"


def in_train(record_id: str) -> bool:
    """The split every part of Tacitus uses: a record is in the TRAIN half iff the SHA-1 of its id is even."""
    return int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 2 == 0


@dataclass
class GsrScore:
    sentences: int = 0
    coded: int = 0
    right_type: int = 0
    right_type_and_dyad: int = 0
    misses: list[tuple[GsrRecord, list[Event]]] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.sentences if self.sentences else 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "sentences": self.sentences,
            "coded": round(self.share(self.coded), 3),
            "right_type": round(self.share(self.right_type), 3),
            "right_type_and_dyad": round(self.share(self.right_type_and_dyad), 3),
        }


def read_gsr(path: str | Path) -> list[GsrRecord]:
    """Every event record of the GSR file (the one DOCUMENT record is not an event)."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read the PLOVER GSR file ({exc}); give the path of PLOVER_GSR_CAMEO.txt")
    if not isinstance(raw, list):
        raise InputError(str(path), "not a PLOVER GSR file (expected a JSON list of records)")
    records = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or item.get("event") in (None, "DOCUMENT") or not item.get("text"):
            continue
        try:
            records.append(_record(item))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}: record {index}", f"{item.get('id')} is malformed: {exc}")
    return records


def split(records: Iterable[GsrRecord]) -> tuple[list[GsrRecord], list[GsrRecord]]:
    """(train, test): the fixed halves, by record id."""
    train: list[GsrRecord] = []
    test: list[GsrRecord] = []
    for record in records:
        (train if record.half == "train" else test).append(record)
    return train, test


def articles(records: Sequence[GsrRecord]) -> list[Article]:
    """Each record's sentence as a one-sentence article published on a Wednesday of 2000."""
    from tacitus.article import make_article

    return [make_article("", r.text, PUBLISHED, origin=f"gsr:{r.id}") for r in records]


def score(
    records: Sequence[GsrRecord],
    extract: Callable[[list[Article]], Iterable[ArticleResult]] | None = None,
) -> GsrScore:
    """Code every record's sentence and count coded / right type / right type and dyad."""
    if extract is None:
        from tacitus.pipeline import extract as pipeline_extract

        extract = pipeline_extract
    results = list(extract(articles(records)))
    result = GsrScore()
    for record, article_result in zip(records, results):
        events = list(article_result.events)
        result.sentences += 1
        result.coded += bool(events)
        typed = [e for e in events if e.plover_type == record.plover]
        result.right_type += bool(typed)
        if any(_same_dyad(record, e) for e in typed):
            result.right_type_and_dyad += 1
        else:
            result.misses.append((record, events))
    return result


def _same_dyad(record: GsrRecord, event: Event) -> bool:
    source = _code(event.source)
    if source not in record.sources:
        return False
    if not record.targets:
        return True  # the record names no target: any target, or none
    if event.target is None:
        return False
    target = _code(event.target)
    if target not in record.targets:
        return False
    mutual = record.sources == record.targets and len(record.targets) > 1
    return not mutual or target != source  # "Hungarian and Romanian officials agreed": each acts on the other


def _code(actor: Actor) -> str:
    if actor.country:
        return actor.country
    return actor.code[:3]  # IGOUNO -> IGO, NGO...


def _actors(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    codes = []
    for actor in value:
        if isinstance(actor, dict) and actor.get("code"):
            code = str(actor["code"]).upper()
            codes.append(OLD_CODES.get(code, code))
    return codes


def _record(item: dict[str, object]) -> GsrRecord:
    info = item.get("textInfo")
    markup = str(info.get("markup", "")) if isinstance(info, dict) else ""
    sources = _actors(item.get("source"))
    targets = _actors(item.get("target"))
    if not targets and "SRC/TAR" in markup and len(sources) > 1:
        targets = list(sources)  # "Hungarian and Romanian officials agreed": each acts on the other
    event = str(item["event"]).upper()
    return GsrRecord(
        id=str(item["id"]),
        text=" ".join(str(item["text"]).split()),
        plover=OLD_TYPES.get(event, event),
        sources=frozenset(sources),
        targets=frozenset(targets),
    )
