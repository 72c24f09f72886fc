"""Answering one link-forecasting query by name: (subject, relation, ?, t) or its reverse."""

from __future__ import annotations

from typing import Any

import numpy as np

from tacitus.forecast.graph import History, TemporalGraph
from tacitus.forecast.models import TIE_BREAK, LinkModel

HISTORY_SCORE = 2 * TIE_BREAK  # below this, an entity scores only by the popularity tie-breaker


def rank_objects(
    model: LinkModel,
    graph: TemporalGraph,
    subject: str,
    relation: str,
    *,
    at_time: int | None = None,
    reverse: bool = False,
    top: int = 10,
) -> list[dict[str, Any]]:
    """The ``top`` entities for (subject, relation, ?, t), best first, with their scores.

    With ``reverse`` the query is (?, relation, subject, t): who is likely to do ``relation`` to
    ``subject``. ``at_time`` defaults to the time step after the last known fact; every fact
    before it is history.
    """
    facts = graph.all_facts()
    entity = graph.entity_id(subject)
    relation_id = graph.relation_id(relation)
    if reverse:
        relation_id += graph.num_relations
    time = int(facts[:, 3].max()) + 1 if at_time is None and len(facts) else int(at_time or 0)
    history = History.of(facts[facts[:, 3] < time], graph.num_entities, graph.num_relations)
    scores = next(iter(model.scores(history, np.array([[entity, relation_id, time]], dtype=np.int64))))
    order = np.argsort(-scores, kind="stable")[:top]
    return [
        {
            "rank": rank,
            "entity": graph.entities[int(o)],
            "score": float(f"{scores[o]:.6g}"),
            "basis": "model" if scores[o] >= HISTORY_SCORE else "popularity only",
        }
        for rank, o in enumerate(order, 1)
        if scores[o] > 0
    ]
