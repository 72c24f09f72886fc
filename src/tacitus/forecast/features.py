"""What a forecasting model knows about one candidate object of a query (s, r, ?, t).

Everything comes from facts earlier than t: how often and how lately s did r to the candidate
(recurrency), did anything at all to it, had it done r back (reciprocity), did relations that
usually come with r (relation co-occurrence), and how popular the candidate is as an object of r
and overall. :func:`query_features` returns one row per candidate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tacitus.forecast.graph import History, Popularity

DECAYS = (0.5, 0.9, 0.99)
POPULARITY_DECAY = 0.9
POPULAR_CANDIDATES = 30  # objects of relation r added as candidates besides the subject's partners
NEVER = 10_000.0  # "days since last seen" for a pair never seen

FEATURE_NAMES: tuple[str, ...] = (
    *(f"same_relation_decay_{d}" for d in DECAYS),
    *(f"any_relation_decay_{d}" for d in DECAYS),
    "same_relation_count",
    "any_relation_count",
    "days_since_same_relation",
    "days_since_any_relation",
    "reciprocal_decay_0.9",
    "co_occurring_relations",
    "share_of_subject_relation",
    "object_popularity_for_relation",
    "object_popularity",
    "subject_history_size",
    "subject_relation_history_size",
)


def inverse_relation(relation: int, num_relations: int) -> int:
    """The reverse of ``relation`` among 2 R relations (r <-> r + R)."""
    half = num_relations // 2
    return relation + half if relation < half else relation - half


def co_occurrence(facts: np.ndarray, num_entities: int, num_relations: int) -> np.ndarray:
    """C[a, b]: of the (subject, object) pairs linked by relation a, the share also linked by b.

    ``facts`` already hold their reverses; ``num_relations`` counts them (2 R).
    """
    from tacitus.extras import require

    require("forecast", "scipy", feature="the learned forecasting models")
    from scipy import sparse  # comes with scikit-learn

    if len(facts) == 0:
        return np.zeros((num_relations, num_relations))
    pairs, pair_index = np.unique(facts[:, 0] * num_entities + facts[:, 2], return_inverse=True)
    incidence = sparse.csr_matrix(
        (np.ones(len(facts)), (pair_index.ravel(), facts[:, 1])), shape=(len(pairs), num_relations)
    )
    incidence.data[:] = 1.0  # duplicates summed: back to 0/1
    incidence.sum_duplicates()
    incidence.data[:] = 1.0
    together = np.asarray((incidence.T @ incidence).todense(), dtype=np.float64)
    totals = np.diag(together).copy()
    return together / np.maximum(totals[:, None], 1.0)


@dataclass
class QueryFeatures:
    candidates: np.ndarray  # entity ids
    matrix: np.ndarray  # (len(candidates), len(FEATURE_NAMES))
    popularity: np.ndarray  # decayed popularity of every entity as an object of r (tie-breaker)


def query_features(
    history: History,
    popularity: Popularity,
    cooccurrence: np.ndarray,
    subject: int,
    relation: int,
    time: int,
) -> QueryFeatures:
    """The candidate objects of (subject, relation, ?, time) and their features (popularity advanced to time)."""
    entities = history.num_entities
    relations, objects, times = history.of_subject(subject, before=time)
    days = (time - times).astype(np.float64)
    same = relations == relation
    reciprocal = relations == inverse_relation(relation, history.num_relations)
    by_relation = popularity.by_relation[relation]
    columns: list[np.ndarray] = []
    weights = {d: d**days for d in DECAYS}
    for d in DECAYS:
        columns.append(np.bincount(objects[same], weights[d][same], minlength=entities).astype(np.float64))
    for d in DECAYS:
        columns.append(np.bincount(objects, weights[d], minlength=entities).astype(np.float64))
    same_count = np.bincount(objects[same], minlength=entities).astype(np.float64)
    columns.append(same_count)
    columns.append(np.bincount(objects, minlength=entities).astype(np.float64))
    last_same = np.full(entities, NEVER)
    np.minimum.at(last_same, objects[same], days[same])
    last_any = np.full(entities, NEVER)
    np.minimum.at(last_any, objects, days)
    columns.append(last_same)
    columns.append(last_any)
    columns.append(np.bincount(objects[reciprocal], weights[0.9][reciprocal], minlength=entities).astype(np.float64))
    columns.append(
        np.bincount(objects, cooccurrence[relations, relation] * weights[0.99], minlength=entities).astype(np.float64)
    )
    columns.append(same_count / max(1, int(same.sum())))
    columns.append(by_relation)
    columns.append(popularity.by_object)
    partners = np.unique(objects)
    popular = np.argpartition(-by_relation, min(POPULAR_CANDIDATES, entities - 1))[:POPULAR_CANDIDATES]
    popular = popular[by_relation[popular] > 0]
    candidates = np.union1d(partners, popular).astype(np.int64)
    matrix = np.empty((len(candidates), len(FEATURE_NAMES)))
    for index, column in enumerate(columns):
        matrix[:, index] = column[candidates]
    matrix[:, len(columns)] = len(objects)
    matrix[:, len(columns) + 1] = int(same.sum())
    counts = [i for i, name in enumerate(FEATURE_NAMES) if not name.startswith(("days_since", "share"))]
    matrix[:, counts] = np.log1p(matrix[:, counts])
    days_columns = [i for i, name in enumerate(FEATURE_NAMES) if name.startswith("days_since")]
    matrix[:, days_columns] = np.log1p(matrix[:, days_columns])
    return QueryFeatures(candidates, matrix, by_relation)
