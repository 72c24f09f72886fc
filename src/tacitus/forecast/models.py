"""Link-forecasting models: for a query (s, r, ?, t) a score for every entity as the object.

- :class:`RecurrencyModel`: training-free. An object scores by how often and how lately s did r
  to it (each earlier fact weighs ``decay ** days_ago``), plus ``relaxed_weight`` times the same
  over every relation s had with it; a vanishing share of the object's recent popularity for r
  breaks the ties among the rest. In the spirit of the recurrency baselines of Gastinger et al.
  (IJCAI 2024); its two hyperparameters are tuned on VALID (:func:`tune_recurrency`).
- :class:`RerankerModel`: learned. Candidates are the subject's past partners plus the objects
  most popular for r lately; a gradient-boosted (or logistic) classifier trained on the last
  weeks of TRAIN scores each from the features of :mod:`tacitus.forecast.features`.

Both are deterministic (fixed seeds) and are saved with :meth:`save` and read with :func:`load_model`.
"""

from __future__ import annotations

import json
import pickle
import time as clock
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from tacitus.errors import InputError, OptionError
from tacitus.extras import require
from tacitus.forecast.features import (
    FEATURE_NAMES,
    POPULARITY_DECAY,
    co_occurrence,
    query_features,
)
from tacitus.forecast.graph import History, Popularity, TemporalGraph, with_reverses

TIE_BREAK = 1e-9  # weight of popularity in the recurrency score: only ever breaks ties
FORMAT_VERSION = 1


class LinkModel(Protocol):
    @property
    def name(self) -> str: ...

    def scores(self, history: History, queries: np.ndarray) -> Iterator[np.ndarray]:
        """One score per entity for each query row (s, r, t); rows sorted by t."""
        ...

    def save(self, path: str | Path) -> Path: ...


def _check_sorted(queries: np.ndarray) -> None:
    if len(queries) > 1 and np.any(np.diff(queries[:, 2]) < 0):
        raise OptionError("queries", "queries must be sorted by time (third column)")


# -- training-free baseline ------------------------------------------------------------------------


@dataclass
class RecurrencyModel:
    # Defaults: the values tuned on ICEWS14's VALID split (docs/forecasting.md).
    decay: float = 0.95
    relaxed_weight: float = 0.03
    name: str = "recurrency"

    def scores(self, history: History, queries: np.ndarray) -> Iterator[np.ndarray]:
        _check_sorted(queries)
        popularity = Popularity(history, POPULARITY_DECAY)
        entities = history.num_entities
        for subject, relation, time in queries:
            popularity.advance(int(time))
            relations, objects, times = history.of_subject(int(subject), before=int(time))
            weights = self.decay ** (time - times).astype(np.float64)
            same = relations == relation
            score = np.bincount(objects[same], weights[same], minlength=entities).astype(np.float64)
            if self.relaxed_weight:
                score += self.relaxed_weight * np.bincount(objects, weights, minlength=entities)
            by_relation = popularity.by_relation[relation]
            top = by_relation.max()
            if top > 0:
                score += TIE_BREAK * by_relation / top
            yield score

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        payload = {"format": FORMAT_VERSION, "kind": "recurrency", "decay": self.decay,
                   "relaxed_weight": self.relaxed_weight}  # fmt: skip
        target.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        return target


# -- learned re-ranker -----------------------------------------------------------------------------


@dataclass
class RerankerModel:
    kind: str = "boosted"  # or "logistic"
    estimator: Any = None
    cooccurrence: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    seed: int = 0
    info: dict[str, Any] = field(default_factory=dict)
    capacity: float | None = None  # boosted: leaves per tree (31); logistic: inverse L2 strength C (1.0)

    @property
    def name(self) -> str:
        return f"reranker-{self.kind}"

    def scores(self, history: History, queries: np.ndarray) -> Iterator[np.ndarray]:
        if self.estimator is None:
            raise OptionError("model", "the re-ranker is not trained; call fit() or load a saved one")
        _check_sorted(queries)
        popularity = Popularity(history, POPULARITY_DECAY)
        batch: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        rows = 0
        for subject, relation, time in queries:
            popularity.advance(int(time))
            found = query_features(history, popularity, self.cooccurrence, int(subject), int(relation), int(time))
            batch.append((found.candidates, found.matrix, found.popularity))
            rows += len(found.candidates)
            if rows >= 200_000:
                yield from self._score_batch(batch, history.num_entities)
                batch, rows = [], 0
        yield from self._score_batch(batch, history.num_entities)

    def _score_batch(self, batch: list[tuple[np.ndarray, np.ndarray, np.ndarray]], entities: int) -> Iterator[np.ndarray]:
        if not batch:
            return
        matrix = np.concatenate([item[1] for item in batch])
        probabilities = self.estimator.predict_proba(matrix)[:, 1] if len(matrix) else np.zeros(0)
        start = 0
        for candidates, part, by_relation in batch:
            score = np.zeros(entities)
            top = by_relation.max()
            if top > 0:
                score += TIE_BREAK * by_relation / top
            score[candidates] = 1.0 + probabilities[start : start + len(part)]
            start += len(part)
            yield score

    def fit(
        self,
        graph: TemporalGraph,
        *,
        train_days: int = 60,
        max_queries: int = 20_000,
        negatives: int = 32,
        examples: TrainingExamples | None = None,
    ) -> RerankerModel:
        """Train on the last ``train_days`` of TRAIN, each query seeing only the facts before it.

        ``examples`` (from :func:`training_examples` with the same graph and seed) saves building
        them again when several learners are trained.
        """
        started = clock.perf_counter()
        if examples is None:
            examples = training_examples(graph, train_days=train_days, max_queries=max_queries,
                                         negatives=negatives, seed=self.seed)  # fmt: skip
        self.cooccurrence = examples.cooccurrence
        self.estimator = _estimator(self.kind, self.seed, self.capacity)
        self.estimator.fit(examples.features, examples.labels)
        self.info = {**examples.info, "capacity": self.capacity, "fit_seconds": round(clock.perf_counter() - started, 1)}
        return self

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        payload = {
            "format": FORMAT_VERSION,
            "kind": "reranker",
            "estimator_kind": self.kind,
            "estimator": self.estimator,
            "cooccurrence": self.cooccurrence,
            "seed": self.seed,
            "info": self.info,
            "features": FEATURE_NAMES,
        }
        with target.open("wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return target


@dataclass
class TrainingExamples:
    features: np.ndarray
    labels: np.ndarray
    cooccurrence: np.ndarray
    info: dict[str, Any]


def training_examples(
    graph: TemporalGraph, *, train_days: int = 60, max_queries: int = 20_000, negatives: int = 32, seed: int = 0
) -> TrainingExamples:
    """Candidate rows with features and 0/1 labels from queries of the last ``train_days`` of TRAIN.

    Up to ``max_queries`` distinct (s, r, t) queries (a seeded sample), each with its true
    candidates and up to ``negatives`` wrong ones (a seeded sample); history is TRAIN before t.
    """
    if len(graph.train) == 0:
        raise InputError("train", "no training facts; the re-ranker needs a train split")
    rng = np.random.default_rng(seed)
    relations = 2 * graph.num_relations
    history = History.of(graph.train, graph.num_entities, graph.num_relations)
    cooccurrence = co_occurrence(with_reverses(graph.train, graph.num_relations), graph.num_entities, relations)
    last = int(graph.train[:, 3].max())
    recent = with_reverses(graph.train[graph.train[:, 3] > last - train_days], graph.num_relations)
    groups, inverse = np.unique(recent[:, [0, 1, 3]], axis=0, return_inverse=True)
    inverse = inverse.ravel()
    chosen = np.arange(len(groups))
    if len(groups) > max_queries:
        chosen = np.sort(rng.choice(len(groups), max_queries, replace=False))
    answers: dict[int, set[int]] = {}
    for row, group in enumerate(inverse):
        answers.setdefault(int(group), set()).add(int(recent[row, 2]))
    order = chosen[np.argsort(groups[chosen, 2], kind="stable")]
    popularity = Popularity(history, POPULARITY_DECAY)
    parts: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    for group in order:
        subject, relation, time = (int(v) for v in groups[group])
        popularity.advance(time)
        found = query_features(history, popularity, cooccurrence, subject, relation, time)
        truth = np.isin(found.candidates, list(answers[int(group)]))
        if not truth.any():
            continue  # the answer is no candidate: nothing to learn about ranking it
        keep = np.flatnonzero(truth)
        wrong = np.flatnonzero(~truth)
        if len(wrong) > negatives:
            wrong = rng.choice(wrong, negatives, replace=False)
        rows = np.concatenate([keep, wrong])
        parts.append(found.matrix[rows])
        labels.append(truth[rows])
    target = np.concatenate(labels).astype(np.int64) if labels else np.zeros(0, dtype=np.int64)
    if len(set(target.tolist())) < 2:
        raise InputError("train", "too few training queries with both right and wrong candidates; "
                         "the re-ranker needs a larger train split (or a longer --train-days)")  # fmt: skip
    info = {"train_days": train_days, "queries": len(parts), "rows": len(target), "positives": int(target.sum())}
    return TrainingExamples(np.concatenate(parts), target, cooccurrence, info)


CAPACITY_GRID: dict[str, tuple[float, ...]] = {"boosted": (15, 31, 63), "logistic": (0.01, 1.0, 100.0)}


def _estimator(kind: str, seed: int, capacity: float | None = None) -> Any:
    require("forecast", "sklearn", feature="--learner (the learned forecasting models)")
    if kind == "boosted":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.1, max_leaf_nodes=int(capacity or 31), early_stopping=False,
            random_state=seed,
        )
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        return make_pipeline(
            StandardScaler(), LogisticRegression(max_iter=1000, C=float(capacity or 1.0), random_state=seed)
        )
    raise OptionError("--learner", f"{kind!r} is not a learner; use boosted or logistic")


def load_model(path: str | Path) -> RecurrencyModel | RerankerModel:
    """A model written by ``save``. Re-rankers are pickles: load only files you made yourself."""
    source = Path(path)
    if not source.is_file():
        raise InputError(str(source), "no such model file; train one with `tacitus forecast train`")
    if source.suffix == ".json":
        payload = json.loads(source.read_text(encoding="utf-8"))
        if payload.get("kind") != "recurrency":
            raise InputError(str(source), "not a recurrency model file")
        return RecurrencyModel(float(payload["decay"]), float(payload["relaxed_weight"]))
    with source.open("rb") as handle:
        payload = pickle.load(handle)
    if not isinstance(payload, dict) or payload.get("kind") != "reranker":
        raise InputError(str(source), "not a Tacitus forecasting model file")
    if tuple(payload.get("features", ())) != FEATURE_NAMES:
        raise InputError(str(source), "made by another Tacitus version (features differ); train it again")
    return RerankerModel(
        payload["estimator_kind"], payload["estimator"], payload["cooccurrence"], payload["seed"], payload["info"],
        payload["info"].get("capacity"),
    )  # fmt: skip
