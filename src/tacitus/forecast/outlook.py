"""Dyad outlook: the probability that a pair of actors has at least one event of each QuadClass and
PLOVER type next week or month, with the expected count; and its rolling-origin backtest.

What is modelled. For a dyad (two actors or countries, both directions unless ``directed``) and a
category (a QuadClass or a PLOVER type), the counts per period x_1 .. x_n. Three forecasters of
"at least one event next period":

- ``climatology``: the share of the dyad's past periods that had one (smoothed: (k + 0.5) / (n + 1)).
- ``recency``: the same share with each past period weighted by ``0.5 ** (age / HALF_LIFE)``.
- ``logistic``: a logistic regression over both, the last period's count, the recency-weighted
  count, the dyad's activity and its age, fitted (numpy, Newton steps) on every (dyad, category,
  period) of the store seen before the forecast origin.

The expected count is the recency-weighted mean count. The backtest (:func:`backtest`) walks the
origin forward period by period: at each origin the model is refitted on the earlier periods
only, forecasts the next, and is scored with the Brier score and log loss beside climatology.
"""

from __future__ import annotations

import datetime as dt
import math
import time as clock
import tracemalloc
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from tacitus import codebook
from tacitus.errors import OptionError, QueryError
from tacitus.query import QUAD_CLASS_COLUMNS, dyad_condition, resolve_actor
from tacitus.store import Store

Horizon = Literal["week", "month"]
HORIZONS: tuple[str, ...] = ("week", "month")
HALF_LIFE = 3.0  # periods
SHOWN_PERIODS = 12
MIN_HISTORY = 3  # periods a dyad must have been observed before it is forecast in a backtest
RIDGE = 1.0  # L2 penalty: keeps the weights finite when a category is (nearly) separable
CATEGORIES: tuple[str, ...] = (*(f"Q{q} {name.replace('_', ' ')}" for q, name in QUAD_CLASS_COLUMNS.items()),
                               *codebook.PLOVER_TYPES)  # fmt: skip
FEATURES = ("recency_logit", "climatology_logit", "last_count", "recency_count", "dyad_activity", "age")
_PERIOD_SQL = {
    "week": "date(e.date, 'weekday 0', '-6 days')",
    "month": "substr(e.date, 1, 7) || '-01'",
}


def _horizon(value: str) -> Horizon:
    if value not in HORIZONS:
        raise OptionError("--horizon", f"{value!r} is not a horizon; use week or month")
    return value  # type: ignore[return-value]


def period_starts(first: dt.date, last: dt.date, horizon: str) -> list[dt.date]:
    """The first day of every period from the one holding ``first`` to the one holding ``last``."""
    start = _period_of(first, horizon)
    periods = []
    while start <= last:
        periods.append(start)
        start = _next_period(start, horizon)
    return periods


def _period_of(day: dt.date, horizon: str) -> dt.date:
    if horizon == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_period(start: dt.date, horizon: str) -> dt.date:
    if horizon == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# -- counts per period -----------------------------------------------------------------------------


@dataclass
class DyadCounts:
    """Events per period (rows) and category (columns, :data:`CATEGORIES`) of one dyad."""

    label: str
    periods: list[dt.date]
    counts: np.ndarray  # (len(periods), len(CATEGORIES)), int


def _category_columns(quad_class: np.ndarray, plover: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    quad = quad_class.astype(np.int64) - 1
    index = {name: 4 + i for i, name in enumerate(codebook.PLOVER_TYPES)}
    types = np.array([index.get(p or "", -1) for p in plover], dtype=np.int64)
    return quad, types


def _fill(
    rows: list[Any], periods: list[dt.date], horizon: str
) -> np.ndarray:
    """(period, quad_class, plover_type, n) rows -> a (periods, categories) count matrix."""
    counts = np.zeros((len(periods), len(CATEGORIES)), dtype=np.int64)
    if not rows:
        return counts
    position = {p.isoformat(): i for i, p in enumerate(periods)}
    where = np.array([position[r[0]] for r in rows], dtype=np.int64)
    number = np.array([r[3] for r in rows], dtype=np.int64)
    quad, types = _category_columns(np.array([r[1] for r in rows]), [r[2] for r in rows])
    np.add.at(counts, (where, quad), number)
    known = types >= 0
    np.add.at(counts, (where[known], types[known]), number[known])
    return counts


def _store_days(store: Store) -> tuple[dt.date, dt.date]:
    first, last = store.db.execute("SELECT min(date), max(date) FROM events").fetchone()
    if first is None:
        raise QueryError(f"{store.path}: the store holds no events; ingest some first")
    return dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])


def dyad_counts(store: Store, a: str | int, b: str | int, horizon: str = "month", *, directed: bool = False) -> DyadCounts:
    """One dyad's counts per period and category, from the store's first period to its last."""
    period = _PERIOD_SQL[_horizon(horizon)]
    ref_a, ref_b = resolve_actor(store, a), resolve_actor(store, b)
    clause, params = dyad_condition(ref_a, ref_b, directed)
    rows = store.db.execute(
        f"SELECT {period}, e.quad_class, e.plover_type, count(*) FROM events e WHERE {clause} GROUP BY 1, 2, 3",
        params,
    ).fetchall()
    periods = period_starts(*_store_days(store), horizon)
    arrow = "->" if directed else "<->"
    return DyadCounts(f"{ref_a.label} {arrow} {ref_b.label}", periods, _fill(rows, periods, horizon))


def busiest_dyads(store: Store, horizon: str = "month", *, top: int = 100) -> list[DyadCounts]:
    """The ``top`` country pairs (either direction) with the most events, as count series (one scan)."""
    period = _PERIOD_SQL[_horizon(horizon)]
    pairs = store.db.execute(
        "SELECT min(source_country, target_country), max(source_country, target_country), count(*) AS n"
        " FROM events WHERE source_country IS NOT NULL AND target_country IS NOT NULL"
        " AND source_country <> target_country GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?",
        (top,),
    ).fetchall()
    periods = period_starts(*_store_days(store), horizon)
    wanted = {(p[0], p[1]): i for i, p in enumerate(pairs)}
    rows = store.db.execute(
        f"SELECT min(e.source_country, e.target_country), max(e.source_country, e.target_country), {period},"
        " e.quad_class, e.plover_type, count(*) FROM events e"
        " WHERE e.source_country IS NOT NULL AND e.target_country IS NOT NULL AND e.source_country <> e.target_country"
        " GROUP BY 1, 2, 3, 4, 5"
    ).fetchall()
    grouped: list[list[Any]] = [[] for _ in pairs]
    for row in rows:
        index = wanted.get((row[0], row[1]))
        if index is not None:
            grouped[index].append(row[2:])
    return [DyadCounts(f"{p[0]} <-> {p[1]}", periods, _fill(grouped[i], periods, horizon)) for i, p in enumerate(pairs)]


# -- features and the logistic model ---------------------------------------------------------------


@dataclass
class SeriesFeatures:
    """For every period k of one dyad and every category: what is known before k, and what happened at k."""

    features: np.ndarray  # (periods, categories, len(FEATURES))
    climatology: np.ndarray  # (periods, categories)
    recency: np.ndarray
    expected_count: np.ndarray
    mean_count: np.ndarray  # the plain mean count of the periods before (climatology of counts)
    occurred: np.ndarray  # (periods, categories) bool
    observed: np.ndarray  # (periods,) bool: the dyad had been seen for MIN_HISTORY periods before k


def _logit(p: np.ndarray) -> np.ndarray:
    clipped = np.clip(p, 1e-4, 1 - 1e-4)
    return np.asarray(np.log(clipped / (1 - clipped)))


def series_features(counts: np.ndarray, half_life: float = HALF_LIFE) -> SeriesFeatures:
    """Features of each period from the periods before it (row k uses rows < k); one pass."""
    periods, categories = counts.shape
    occurred = counts > 0
    weight = 0.5 ** (1.0 / half_life)
    features = np.zeros((periods, categories, len(FEATURES)))
    climatology = np.zeros((periods, categories))
    recency = np.zeros((periods, categories))
    expected = np.zeros((periods, categories))
    mean_count = np.zeros((periods, categories))
    observed = np.zeros(periods, dtype=bool)
    active = np.flatnonzero(counts.sum(axis=1) > 0)
    first = int(active[0]) if len(active) else periods
    seen = np.zeros(categories)
    total_count = np.zeros(categories)
    decayed_seen = np.zeros(categories)
    decayed_count = np.zeros(categories)
    decayed_total = 0.0
    for k in range(periods):
        age = k - first
        if age > 0:
            climatology[k] = (seen + 0.5) / (age + 1)
            recency[k] = (decayed_seen + 0.5 * weight**age) / (decayed_total + weight**age)
            expected[k] = decayed_count / decayed_total
            mean_count[k] = total_count / age
            features[k, :, 0] = _logit(recency[k])
            features[k, :, 1] = _logit(climatology[k])
            features[k, :, 2] = np.log1p(counts[k - 1])
            features[k, :, 3] = np.log1p(expected[k])
            features[k, :, 4] = math.log1p(float(counts[k - 1, :4].sum()))
            features[k, :, 5] = math.log1p(age)
            observed[k] = age >= MIN_HISTORY
        if k >= first:
            seen += occurred[k]
            total_count += counts[k]
            decayed_seen = decayed_seen * weight + occurred[k]
            decayed_count = decayed_count * weight + counts[k]
            decayed_total = decayed_total * weight + 1.0
    return SeriesFeatures(features, climatology, recency, expected, mean_count, occurred, observed)


def fit_logistic(
    features: np.ndarray, labels: np.ndarray, ridge: float = RIDGE, steps: int = 25, start: np.ndarray | None = None
) -> np.ndarray:
    """Weights (intercept first) of an L2-regularised logistic regression, by Newton's method
    (from ``start``, e.g. the previous origin's weights, when given)."""
    design = np.hstack([np.ones((len(features), 1)), features])
    weights = np.zeros(design.shape[1]) if start is None or len(start) != design.shape[1] else start.copy()
    penalty = ridge * np.eye(design.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(steps):
        probability = _sigmoid(design @ weights)
        gradient = design.T @ (probability - labels) + penalty @ weights
        curvature = (design * (probability * (1 - probability))[:, None]).T @ design + penalty
        step = np.linalg.solve(curvature + 1e-9 * np.eye(len(weights)), gradient)
        weights -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return weights


def predict_logistic(weights: np.ndarray, features: np.ndarray) -> np.ndarray:
    return _sigmoid(weights[0] + features @ weights[1:])


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0))))


# -- backtest --------------------------------------------------------------------------------------


@dataclass
class ReliabilityBin:
    low: float
    high: float
    forecasts: int
    mean_probability: float
    observed_frequency: float


@dataclass
class Scores:
    brier: float
    log_loss: float


@dataclass
class BacktestReport:
    horizon: str
    dyads: int
    origins: int
    forecasts: int
    base_rate: float
    scores: dict[str, Scores]  # forecaster -> scores
    skill: dict[str, float]  # Brier skill score against climatology
    reliability: list[ReliabilityBin]  # of the logistic forecaster
    count_mae: dict[str, float]  # expected count: recency mean vs climatology mean
    fit_seconds: float
    peak_memory_mb: float
    weights: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def brier(probability: np.ndarray, outcome: np.ndarray) -> float:
    return float(np.mean((probability - outcome) ** 2))


def log_loss(probability: np.ndarray, outcome: np.ndarray) -> float:
    p = np.clip(probability, 1e-6, 1 - 1e-6)
    return float(-np.mean(outcome * np.log(p) + (1 - outcome) * np.log(1 - p)))


def reliability_table(probability: np.ndarray, outcome: np.ndarray, bins: int = 10) -> list[ReliabilityBin]:
    """Forecasts grouped by probability (tenths): how often what was forecast with p happened."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probability, edges[1:-1]), 0, bins - 1)
    table = []
    for index in range(bins):
        mask = which == index
        if mask.any():
            table.append(
                ReliabilityBin(
                    round(float(edges[index]), 2),
                    round(float(edges[index + 1]), 2),
                    int(mask.sum()),
                    round(float(probability[mask].mean()), 4),
                    round(float(outcome[mask].mean()), 4),
                )
            )
    return table


def backtest_series(series: list[np.ndarray], horizon: str = "month") -> BacktestReport:
    """Rolling-origin backtest over count matrices (periods x categories) sharing one period axis.

    At each origin period k: fit the logistic model on every (dyad, category) of periods before k,
    forecast period k for every dyad observed long enough, score. The last period is never a
    target (it may be incomplete).
    """
    tracemalloc.start()
    started = clock.perf_counter()
    built = [series_features(counts) for counts in series]
    periods = series[0].shape[0] if series else 0
    probability: dict[str, list[np.ndarray]] = {"climatology": [], "recency": [], "logistic": []}
    outcomes: list[np.ndarray] = []
    counts_seen: list[np.ndarray] = []
    expected: dict[str, list[np.ndarray]] = {"recency": [], "climatology": []}
    origins = 0
    weights = np.zeros(len(FEATURES) + 1)
    for k in range(1, periods - 1):
        train_x = [b.features[:k][b.observed[:k]] for b in built]
        train_y = [b.occurred[:k][b.observed[:k]] for b in built]
        targets = [i for i, b in enumerate(built) if b.observed[k]]
        if not targets:
            continue
        x = np.concatenate(train_x).reshape(-1, len(FEATURES))
        y = np.concatenate(train_y).reshape(-1).astype(np.float64)
        if len(y) < 50 or y.min() == y.max():
            continue
        weights = fit_logistic(x, y, start=weights if origins else None)
        origins += 1
        for i in targets:
            b = built[i]
            probability["logistic"].append(predict_logistic(weights, b.features[k]))
            probability["climatology"].append(b.climatology[k])
            probability["recency"].append(b.recency[k])
            outcomes.append(b.occurred[k].astype(np.float64))
            counts_seen.append(series[i][k].astype(np.float64))
            expected["recency"].append(b.expected_count[k])
            expected["climatology"].append(b.mean_count[k])
    seconds = clock.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if not outcomes:
        raise QueryError("too little history to backtest: need dyads observed for several periods; try --horizon week")
    outcome = np.concatenate(outcomes)
    joined = {name: np.concatenate(values) for name, values in probability.items()}
    scores = {name: Scores(round(brier(p, outcome), 5), round(log_loss(p, outcome), 5)) for name, p in joined.items()}
    reference = scores["climatology"].brier
    skill = {name: round(1 - s.brier / reference, 4) if reference else 0.0 for name, s in scores.items()}
    observed_counts = np.concatenate(counts_seen)
    mae = {name: round(float(np.mean(np.abs(np.concatenate(v) - observed_counts))), 4) for name, v in expected.items()}
    return BacktestReport(
        horizon,
        len(series),
        origins,
        len(outcome),
        round(float(outcome.mean()), 4),
        scores,
        skill,
        reliability_table(joined["logistic"], outcome),
        mae,
        round(seconds, 2),
        round(peak / 2**20, 1),
        [round(float(w), 4) for w in weights],
    )


def backtest(store: Store, horizon: str = "month", *, top: int = 100) -> BacktestReport:
    """The rolling-origin backtest over the store's ``top`` busiest country dyads."""
    started = clock.perf_counter()
    dyads = busiest_dyads(store, horizon, top=top)
    if not dyads:
        raise QueryError(f"{store.path}: no events between two countries; nothing to backtest")
    read_seconds = clock.perf_counter() - started
    report = backtest_series([d.counts for d in dyads], horizon)
    report.fit_seconds = round(report.fit_seconds + read_seconds, 2)
    return report


# -- the outlook -----------------------------------------------------------------------------------


@dataclass
class OutlookRow:
    category: str
    history: list[int]  # counts of the last periods shown, oldest first
    probability: float  # of at least one event next period
    expected_count: float
    climatology: float


@dataclass
class DyadOutlook:
    dyad: str
    horizon: str
    periods: list[str]  # the periods shown, oldest first
    next_period: str
    rows: list[OutlookRow]
    model: str
    trained_on: int  # (dyad, category, period) examples the logistic model was fitted on

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def fit_outlook_weights(store: Store, horizon: str = "month", *, top: int = 100) -> tuple[np.ndarray, int]:
    """The logistic model fitted on every observed (dyad, category, period) of the busiest dyads."""
    built = [series_features(d.counts) for d in busiest_dyads(store, horizon, top=top)]
    x = np.concatenate([b.features[b.observed] for b in built]).reshape(-1, len(FEATURES)) if built else np.zeros((0, 6))
    y = np.concatenate([b.occurred[b.observed] for b in built]).reshape(-1) if built else np.zeros(0)
    if len(y) < 50 or y.min() == y.max():
        return np.zeros(0), 0
    return fit_logistic(x, y.astype(np.float64)), len(y)


def dyad_outlook(
    store: Store,
    a: str | int,
    b: str | int,
    horizon: str = "month",
    *,
    directed: bool = False,
    weights: np.ndarray | None = None,
) -> DyadOutlook:
    """Next period's probability and expected count per category for the dyad, beside its last periods.

    ``weights`` are those of :func:`fit_outlook_weights` (fitted here when not given); with too
    little history in the store to fit them, the recency-weighted frequency is the forecast.
    """
    data = dyad_counts(store, a, b, horizon, directed=directed)
    if not data.counts.any():
        raise QueryError(f"no events between {a} and {b} in {store.path}; nothing to forecast from")
    trained = 0
    if weights is None:
        weights, trained = fit_outlook_weights(store, horizon)
    extended = np.vstack([data.counts, np.zeros((1, len(CATEGORIES)), dtype=np.int64)])
    built = series_features(extended)
    last = len(extended) - 1
    if len(weights):
        probability = predict_logistic(weights, built.features[last])
        model = "logistic"
    else:
        probability = built.recency[last]
        model = "recency"
    shown = data.counts[-SHOWN_PERIODS:]
    rows = [
        OutlookRow(
            category,
            [int(v) for v in shown[:, c]],
            round(float(probability[c]), 4),
            round(float(built.expected_count[last, c]), 3),
            round(float(built.climatology[last, c]), 4),
        )
        for c, category in enumerate(CATEGORIES)
    ]
    next_period = _next_period(data.periods[-1], horizon)
    return DyadOutlook(
        data.label,
        horizon,
        [p.isoformat() for p in data.periods[-SHOWN_PERIODS:]],
        next_period.isoformat(),
        rows,
        model,
        trained,
    )
