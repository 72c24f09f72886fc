"""The link-forecasting benchmark: tune on VALID, train on TRAIN, report on TEST, for every model.

:func:`run_benchmark` is what ``tacitus forecast benchmark DIR`` calls: it tunes the recurrency
baseline's decay and relaxed weight on VALID (single-step MRR), trains the learned re-rankers on
TRAIN, and ranks TEST in the single-step and multi-step settings (:mod:`tacitus.forecast.metrics`).
"""

from __future__ import annotations

import itertools
import time as clock
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tacitus.forecast.graph import TemporalGraph
from tacitus.forecast.metrics import SETTINGS, RankingResult, evaluate
from tacitus.forecast.models import (
    CAPACITY_GRID,
    LinkModel,
    RecurrencyModel,
    RerankerModel,
    TrainingExamples,
    training_examples,
)

DECAY_GRID = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
RELAXED_GRID = (0.0, 0.03, 0.1, 0.3)
LEARNERS = ("boosted", "logistic")


@dataclass
class TuningResult:
    decay: float
    relaxed_weight: float
    valid_mrr: float
    tried: list[tuple[float, float, float]] = field(default_factory=list)
    seconds: float = 0.0
    learned: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # model -> (capacity, valid MRR)


def tune_reranker(
    graph: TemporalGraph,
    learner: str,
    examples: TrainingExamples,
    *,
    capacities: Sequence[float] | None = None,
    max_queries: int | None = 3_000,
    seed: int = 0,
) -> tuple[RerankerModel, list[tuple[float, float]]]:
    """The re-ranker (trained on TRAIN) whose capacity gives the best single-step MRR on VALID."""
    best: RerankerModel | None = None
    best_mrr = -1.0
    tried: list[tuple[float, float]] = []
    for capacity in capacities or CAPACITY_GRID[learner]:
        model = RerankerModel(learner, seed=seed, capacity=capacity).fit(graph, examples=examples)
        mrr = evaluate(model, graph, split="valid", setting="single", max_queries=max_queries, seed=seed).mrr
        tried.append((capacity, mrr))
        if mrr > best_mrr:
            best, best_mrr = model, mrr
    assert best is not None
    return best, tried


def tune_recurrency(
    graph: TemporalGraph,
    *,
    decays: Sequence[float] = DECAY_GRID,
    relaxed_weights: Sequence[float] = RELAXED_GRID,
    max_queries: int | None = 3_000,
    seed: int = 0,
) -> TuningResult:
    """The (decay, relaxed weight) with the best single-step MRR on VALID (a seeded sample of its queries)."""
    started = clock.perf_counter()
    tried: list[tuple[float, float, float]] = []
    for decay, weight in itertools.product(decays, relaxed_weights):
        result = evaluate(
            RecurrencyModel(decay, weight), graph, split="valid", setting="single", max_queries=max_queries, seed=seed
        )
        tried.append((decay, weight, result.mrr))
    decay, weight, mrr = max(tried, key=lambda row: (row[2], -row[1], row[0]))
    return TuningResult(decay, weight, mrr, tried, round(clock.perf_counter() - started, 1))


@dataclass
class BenchmarkReport:
    dataset: str
    results: list[RankingResult]
    tuning: TuningResult
    fit_seconds: dict[str, float]
    models: dict[str, LinkModel]


def run_benchmark(
    graph: TemporalGraph,
    dataset: str,
    *,
    learners: Sequence[str] = LEARNERS,
    settings: Sequence[str] = SETTINGS,
    max_queries: int | None = None,
    tune_queries: int | None = 3_000,
    save_dir: str | Path | None = None,
    progress: Callable[[str], None] = lambda message: None,
    seed: int = 0,
) -> BenchmarkReport:
    """Tune, train and evaluate every model on ``graph``; models are saved to ``save_dir`` if given."""
    progress("tuning the recurrency baseline on valid")
    tuning = tune_recurrency(graph, max_queries=tune_queries, seed=seed)
    models: dict[str, LinkModel] = {"recurrency": RecurrencyModel(tuning.decay, tuning.relaxed_weight)}
    fit_seconds = {"recurrency": tuning.seconds}
    examples = None
    for learner in learners:
        progress(f"training the {learner} re-ranker on train, choosing its capacity on valid")
        started = clock.perf_counter()
        if examples is None:
            examples = training_examples(graph, seed=seed)
        reranker, tried = tune_reranker(graph, learner, examples, max_queries=tune_queries, seed=seed)
        tuning.learned[reranker.name] = tried
        models[reranker.name] = reranker
        fit_seconds[reranker.name] = round(clock.perf_counter() - started, 1)
    if save_dir is not None:
        folder = Path(save_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for name, model in models.items():
            model.save(folder / (f"{name}.json" if name == "recurrency" else f"{name}.pkl"))
    results = []
    for name, model in models.items():
        for setting in settings:
            progress(f"ranking test with {name}, {setting}-step")
            results.append(evaluate(model, graph, split="test", setting=setting, max_queries=max_queries, seed=seed))
    return BenchmarkReport(dataset, results, tuning, fit_seconds, models)
