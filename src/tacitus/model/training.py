"""The training material of the event model, and the training run behind ``make model``.

Three sources (see ``training/MANIFEST.md``):

- the labelled sentences in ``training/sentences/*.jsonl``, written by the team in its own words;
- the TRAIN half of PLOVER's gold-standard records (``PLOVER_GSR_CAMEO.txt``, CC BY-SA 4.0), read
  from ``../shared`` when it is there: a record is in the TRAIN half iff the SHA-1 of its id is even;
- the NGEC synthetic stories (MIT), read from ``../shared`` when there: the first paragraph of each
  story, labelled with the story's type, trains the sentence type head; the whole story trains the
  document head. Stories whose title template's SHA-1 is 0 mod 5 are held out (and never trained on).

Nothing from ``../shared`` is copied into the repository; without it, ``make model`` says so and keeps
the shipped weights (``--sentences-only`` trains on the repository's sentences alone).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tacitus.codebook import plover_types
from tacitus.errors import InputError
from tacitus.gsr import GSR_FILE, read_gsr  # the GSR's reader, split and old-type map are tacitus.gsr's
from tacitus.model.features import document_features, sentence_features
from tacitus.model.linear import LinearHead, train_head

NGEC_FILE = Path("corpora/ngec-synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip")
NGEC_WEIGHT = 0.5
"""A synthetic story's lead weighs half a hand-labelled sentence in the type head."""
DOCUMENT_MIN_COUNT = 8
"""The document head keeps the words and word pairs of at least this many training stories."""


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    event: bool
    plover: str | None = None
    cameo: str | None = None
    origin: str = ""
    weight: float = 1.0


@dataclass(frozen=True)
class Story:
    title: str
    text: str
    plover: str

    @property
    def held_out(self) -> bool:
        return int(hashlib.sha1(self.title.encode()).hexdigest(), 16) % 5 == 0


def read_sentences(paths: Iterable[Path]) -> list[LabelledSentence]:
    """The labelled sentences of JSON Lines files ({"text", "event", "plover", "cameo", ...})."""
    types = set(plover_types())
    found: list[LabelledSentence] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = str(record["text"]).strip()
                event = bool(record["event"])
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}", f"not a labelled sentence ({exc})") from exc
            plover = (record.get("plover") or "").strip().upper() or None
            if event and plover not in types:
                raise InputError(f"{path}:{number}", f"an event needs one of the 16 PLOVER types, not {plover!r}")
            cameo = str(record.get("cameo") or "").strip() or None
            found.append(LabelledSentence(text, event, plover if event else None, cameo if event else None,
                                          origin=path.name))
    return found


def read_ngec(path: Path) -> list[Story]:
    """The synthetic stories with their document-level PLOVER type."""
    with zipfile.ZipFile(path) as archive:
        name = archive.namelist()[0]
        with archive.open(name) as raw:
            rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    return [Story(r["title"], r["text"], r["label"].strip().upper()) for r in rows
            if r["label"].strip().upper() in plover_types() and r["text"].strip()]


def lead(text: str) -> str:
    """The first paragraph of a story, where its event is told."""
    return next((p.strip() for p in text.split("\n") if p.strip()), "")


@dataclass
class Material:
    """Everything one training run reads."""

    sentences: list[LabelledSentence]
    stories: list[Story]

    def describe(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in self.sentences:
            counts[s.origin] = counts.get(s.origin, 0) + 1
        counts["ngec stories (train)"] = sum(not s.held_out for s in self.stories)
        counts["ngec stories (held out)"] = sum(s.held_out for s in self.stories)
        return counts


def gather(repo: Path, shared: Path | None) -> Material:
    """The repository's sentences, plus the GSR TRAIN half and NGEC's training stories from ``shared``."""
    sentences = read_sentences(sorted((repo / "training" / "sentences").glob("*.jsonl")))
    stories: list[Story] = []
    if shared is not None:
        types = set(plover_types())
        for record in read_gsr(shared / GSR_FILE):
            if record.half == "train" and record.plover in types:
                sentences.append(LabelledSentence(record.text, True, record.plover, origin="plover-gsr-train"))
        stories = read_ngec(shared / NGEC_FILE)
        for story in stories:
            if not story.held_out:
                sentences.append(LabelledSentence(lead(story.text), True, story.plover, origin="ngec-lead",
                                                  weight=NGEC_WEIGHT))
    return Material(sentences, stories)


def sentence_rows(texts: Sequence[str], batch_size: int = 64,
                  cache: dict[str, list[str]] | None = None) -> list[list[str]]:
    """The features of each text's first sentence, through the pipeline's own spaCy model (``cache``,
    text -> features, spares parsing a text twice across runs)."""
    from tacitus.parse import get_nlp

    cache = {} if cache is None else cache
    missing = list(dict.fromkeys(t for t in texts if t not in cache))
    for text, doc in zip(missing, get_nlp().pipe(missing, batch_size=batch_size)):
        first = next(iter(doc.sents), None)
        cache[text] = sentence_features(first) if first is not None else ["bias"]
    return [cache[t] for t in texts]


def train(material: Material, *, steps: int = 300,
          cache: dict[str, list[str]] | None = None) -> dict[str, LinearHead]:
    """The heads: event (is an event stated?), plover (its type), root (its CAMEO root), document."""
    rows = sentence_rows([s.text for s in material.sentences], cache=cache)
    heads = {"event": _fit("event", rows, material.sentences, lambda s: "event" if s.event else "none",
                           lambda s: s.origin != "ngec-lead", steps)}
    heads["plover"] = _fit("plover", rows, material.sentences, lambda s: s.plover or "", lambda s: s.event, steps)
    heads["root"] = _fit("root", rows, material.sentences, lambda s: (s.cameo or "")[:2],
                         lambda s: s.event and bool(s.cameo), steps)
    training_stories = [s for s in material.stories if not s.held_out]
    if training_stories:
        heads["document"] = train_head("document", [document_features(s.text) for s in training_stories],
                                       [s.plover for s in training_stories], min_count=DOCUMENT_MIN_COUNT,
                                       steps=steps)
    return heads


def _fit(name: str, rows: list[list[str]], sentences: list[LabelledSentence],
         label: Callable[[LabelledSentence], str], keep: Callable[[LabelledSentence], bool],
         steps: int) -> LinearHead:
    chosen = [i for i, s in enumerate(sentences) if keep(s)]
    return train_head(name, [rows[i] for i in chosen], [label(sentences[i]) for i in chosen],
                      sample_weights=[sentences[i].weight for i in chosen], steps=steps)
