"""Scoring link forecasts: MRR and Hits@1/3/10 under the time-aware filtered setting.

For a test fact (s, r, o, t) the query (s, r, ?, t) ranks every entity; the other objects o'
with (s, r, o', t) also true *at the same time t* are removed before ranking o (time-aware
filter); objects true for (s, r) at other times stay. The reverse query (o, r^-1, ?, t) is scored
the same way. Ties are counted honestly: if o ties with k others, its reciprocal rank and Hits@n
are their expected values when the ties are broken at random (not the best place among them).

The same pass also ranks without any filter (*raw*, as RE-GCN's paper reports): ``raw_mrr`` and
``raw_hits10``.

Settings: *single-step* reveals every fact before t (including earlier test days); *multi-step*
knows only the splits before the evaluated one (train + valid for test).
"""

from __future__ import annotations

import time as clock
from dataclasses import asdict, dataclass

import numpy as np

from tacitus.errors import OptionError
from tacitus.forecast.graph import SPLITS, History, TemporalGraph, with_reverses
from tacitus.forecast.models import LinkModel

HITS = (1, 3, 10)
SETTINGS = ("single", "multi")


@dataclass
class RankingResult:
    model: str
    split: str
    setting: str
    queries: int
    mrr: float
    hits1: float
    hits3: float
    hits10: float
    seconds: float
    raw_mrr: float = 0.0  # the same ranks without filtering (the "raw" setting of older papers)
    raw_hits10: float = 0.0

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def expected_rank_metrics(greater: int, ties: int) -> tuple[float, dict[int, float]]:
    """E[1/rank] and P(rank <= n) when ``greater`` entities score higher and ``ties`` others equal."""
    positions = np.arange(greater + 1, greater + ties + 2, dtype=np.float64)
    reciprocal = float(np.mean(1.0 / positions))
    hits = {n: float(min(max(n - greater, 0), ties + 1) / (ties + 1)) for n in HITS}
    return reciprocal, hits


def rank_answer(scores: np.ndarray, answer: int, also_true: np.ndarray) -> tuple[float, dict[int, float]]:
    """Reciprocal rank and Hits@n of ``answer`` with the objects ``also_true`` (at the same time) filtered."""
    target = scores[answer]
    higher = scores > target
    equal = scores == target
    if len(also_true):
        others = also_true[also_true != answer]
        higher[others] = False
        equal[others] = False
    equal[answer] = False
    return expected_rank_metrics(int(higher.sum()), int(equal.sum()))


def evaluate(
    model: LinkModel,
    graph: TemporalGraph,
    *,
    split: str = "test",
    setting: str = "single",
    max_queries: int | None = None,
    seed: int = 0,
) -> RankingResult:
    """Rank every fact of ``split`` (both directions) with ``model``; ``max_queries`` samples (s, r, t) groups."""
    if setting not in SETTINGS:
        raise OptionError("--setting", f"{setting!r} is not a setting; use single or multi")
    position = SPLITS.index(split)
    if split == "train":
        raise OptionError("--split", "evaluate on valid or test; train is what the models learn from")
    known_splits = SPLITS[: position + 1] if setting == "single" else SPLITS[:position]
    known = np.concatenate([graph.split(name) for name in known_splits])
    history = History.of(known, graph.num_entities, graph.num_relations)
    facts = with_reverses(graph.split(split), graph.num_relations)
    if len(facts) == 0:
        raise OptionError("--split", f"the {split} split is empty; nothing to evaluate")
    groups, inverse = np.unique(facts[:, [0, 1, 3]], axis=0, return_inverse=True)
    inverse = inverse.ravel()
    members = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[members], np.arange(len(groups) + 1))
    chosen = np.arange(len(groups))
    if max_queries is not None and len(groups) > max_queries:
        chosen = np.sort(np.random.default_rng(seed).choice(len(groups), max_queries, replace=False))
    order = chosen[np.argsort(groups[chosen, 2], kind="stable")]
    started = clock.perf_counter()
    reciprocal_sum = raw_reciprocal_sum = raw_hits10_sum = 0.0
    hits_sum = dict.fromkeys(HITS, 0.0)
    count = 0
    nothing = np.zeros(0, dtype=np.int64)
    for group, scores in zip(order, model.scores(history, groups[order]), strict=True):
        answers = facts[members[bounds[group] : bounds[group + 1]], 2]
        for answer in answers:
            reciprocal, hits = rank_answer(scores, int(answer), answers)
            reciprocal_sum += reciprocal
            for n in HITS:
                hits_sum[n] += hits[n]
            raw_reciprocal, raw_hits = rank_answer(scores, int(answer), nothing) if len(answers) > 1 else (reciprocal, hits)
            raw_reciprocal_sum += raw_reciprocal
            raw_hits10_sum += raw_hits[10]
            count += 1
    seconds = clock.perf_counter() - started
    return RankingResult(
        model.name,
        split,
        setting,
        count,
        round(100 * reciprocal_sum / count, 2),
        round(100 * hits_sum[1] / count, 2),
        round(100 * hits_sum[3] / count, 2),
        round(100 * hits_sum[10] / count, 2),
        round(seconds, 1),
        round(100 * raw_reciprocal_sum / count, 2),
        round(100 * raw_hits10_sum / count, 2),
    )
