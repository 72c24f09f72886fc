"""The learned event model: does a sentence state an event, of which PLOVER type and CAMEO root?

Four linear heads over features of the spaCy parse (:mod:`tacitus.model.features`), trained by
``make model`` (:mod:`tacitus.model.training`) and shipped as ``data/model/event-model.npz`` (plain
arrays: weights, feature names, labels). The model is loaded once per process::

    from tacitus.model import predict
    [p] = predict([doc[0:12]])          # spaCy spans
    p.event, p.plover_type, p.cameo_root

How the coder uses it (``--coder rules|model|both``) is in :mod:`tacitus.model.combine` and
``docs/event-model.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Span

from tacitus.errors import ModelError
from tacitus.model.features import document_features, sentence_features
from tacitus.model.linear import LinearHead, head_from_arrays

MODEL_FILE = "event-model.npz"
HEADS = ("event", "plover", "root", "document")


@dataclass(frozen=True)
class Prediction:
    """What the model says of one sentence."""

    event: float  # the probability that the sentence states an event
    plover: dict[str, float]  # PLOVER type -> probability, given that it is an event
    cameo_root: dict[str, float]  # "19" -> probability, given that it is an event

    @property
    def plover_type(self) -> str:
        return max(self.plover, key=self.plover.__getitem__)

    @property
    def root(self) -> str:
        return max(self.cameo_root, key=self.cameo_root.__getitem__)


@dataclass(frozen=True)
class EventModel:
    heads: dict[str, LinearHead]

    def predict(self, sentences: Sequence[Span]) -> list[Prediction]:
        rows = [sentence_features(s) for s in sentences]
        event = self.heads["event"].scores(rows)[:, self.heads["event"].labels.index("event")]
        plover = self.heads["plover"].scores(rows)
        root = self.heads["root"].scores(rows)
        return [Prediction(float(event[i]), _named(self.heads["plover"].labels, plover[i]),
                           _named(self.heads["root"].labels, root[i])) for i in range(len(rows))]

    def document_types(self, texts: Sequence[str], leads: Sequence[Span] | None = None) -> list[dict[str, float]]:
        """The PLOVER type distribution of whole stories (the document head); given each story's lead
        sentence, the even mean of that and the sentence type head's distribution for the lead."""
        return self.document_scores(texts, None if leads is None else [sentence_features(s) for s in leads])

    def document_scores(self, texts: Sequence[str], lead_rows: Sequence[Sequence[str]] | None = None,
                        ) -> list[dict[str, float]]:
        """:meth:`document_types` from the leads' feature rows (:func:`~tacitus.model.features.sentence_features`)."""
        head = self.heads["document"]
        scores = head.scores([document_features(t) for t in texts])
        if lead_rows is not None:
            sentence = self.heads["plover"]
            by_label = sentence.scores(lead_rows)[:, [sentence.labels.index(label) for label in head.labels]]
            scores = (scores + by_label) / 2
        return [_named(head.labels, row) for row in scores]

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {}
        for head in self.heads.values():
            arrays.update(head.arrays())
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            np.savez_compressed(out, **arrays)


def read_model(path: str | Path) -> EventModel:
    """A model saved by :meth:`EventModel.save` (arrays only: no pickles are loaded)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        heads = {name: head_from_arrays(name, arrays) for name in HEADS if f"{name}.weights" in arrays}
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(str(path), f"cannot read the event model ({exc})") from exc
    missing = [h for h in ("event", "plover", "root") if h not in heads]
    if missing:
        raise ModelError(str(path), f"the event model lacks the {', '.join(missing)} head")
    return EventModel(heads)


@lru_cache(maxsize=1)
def load_model() -> EventModel:
    """The shipped model, read once per process."""
    with resources.as_file(resources.files("tacitus") / "data" / "model" / MODEL_FILE) as path:
        return read_model(path)


def predict(sentences: Sequence[Span]) -> list[Prediction]:
    """The shipped model's :class:`Prediction` for each sentence (spaCy spans from the pipeline's parse)."""
    return load_model().predict(sentences)


def _named(labels: Sequence[str], values: np.ndarray) -> dict[str, float]:
    return {label: float(v) for label, v in zip(labels, values)}
