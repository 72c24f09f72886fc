"""Link forecasting on small hand-made temporal graphs whose answers are known.

Entities are numbers; a fact (s, r, o, t) reads "s did r to o on day t".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tacitus.forecast.graph import History, TemporalGraph, load_tkg
from tacitus.forecast.metrics import evaluate, expected_rank_metrics, rank_answer
from tacitus.forecast.models import RecurrencyModel, RerankerModel, load_model

SHARED_ICEWS14 = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "icews14"


def graph_of(facts: list[tuple[int, int, int, int]], valid_from: int, test_from: int, entities: int = 8) -> TemporalGraph:
    array = np.array(facts, dtype=np.int64).reshape(-1, 4)
    times = array[:, 3]
    return TemporalGraph(
        [f"e{i}" for i in range(entities)],
        ["consult", "accuse"],
        array[times < valid_from],
        array[(times >= valid_from) & (times < test_from)],
        array[times >= test_from],
    )


def periodic_graph() -> TemporalGraph:
    """e0 consults e1 every day; e2 accuses e3 every third day; e0 accused e6 once, early on."""
    facts = [(0, 0, 1, t) for t in range(30)]
    facts += [(2, 1, 3, t) for t in range(0, 30, 3)]
    facts += [(0, 1, 6, 2)]
    return graph_of(facts, valid_from=20, test_from=25)


@pytest.mark.parametrize("setting", ["single", "multi"])
def test_a_perfectly_periodic_relation_is_forecast_first_every_time(setting: str) -> None:
    result = evaluate(RecurrencyModel(decay=0.9, relaxed_weight=0.1), periodic_graph(), split="test", setting=setting)
    assert result.queries == 2 * 6  # 5 consultations and 1 accusation in test, each asked both ways
    assert result.mrr == 100.0
    assert result.hits1 == 100.0


def test_a_never_seen_answer_ranks_among_the_ties_not_first() -> None:
    """e4 consults e5 on a test day, with no history: the model cannot know; no optimistic rank."""
    graph = graph_of([(0, 0, 1, t) for t in range(10)] + [(4, 0, 5, 9)], valid_from=8, test_from=9)
    result = evaluate(RecurrencyModel(), graph, split="test", setting="multi")
    assert result.queries == 4
    assert result.mrr < 100.0
    assert result.hits1 < 100.0


# -- the time-aware filter ---------------------------------------------------------------------------


def test_filter_removes_other_answers_true_at_the_same_time_only() -> None:
    scores = np.array([0.0, 0.5, 0.8, 0.9, 0.0])  # the model prefers e3, then e2, then e1
    # (s, r, e1, t) is asked; (s, r, e2, t) is also true at t; e3 was true only on an earlier day.
    reciprocal, hits = rank_answer(scores, answer=1, also_true=np.array([1, 2]))
    assert reciprocal == pytest.approx(1 / 2)  # e2 removed, e3 kept above the answer
    assert hits[1] == 0.0 and hits[3] == 1.0
    unfiltered, _ = rank_answer(scores, answer=1, also_true=np.array([1]))
    assert unfiltered == pytest.approx(1 / 3)


class FixedScores:
    """A stand-in model that scores entities in the same fixed order for every query."""

    name = "fixed"

    def __init__(self, scores: list[float]) -> None:
        self.vector = np.array(scores)

    def scores(self, history: History, queries: np.ndarray) -> Iterator[np.ndarray]:
        for _ in queries:
            yield self.vector.copy()

    def save(self, path: str | Path) -> Path:
        return Path(path)


def test_evaluation_filters_by_subject_relation_and_time() -> None:
    # On test day 5: e0 consults e1 and e2. e0 consulted e3 on day 4 (not filtered on day 5),
    # and e0 accused e4 on day 5 (another relation: not filtered either).
    facts = [(0, 0, 3, 4), (0, 0, 1, 5), (0, 0, 2, 5), (0, 1, 4, 5)]
    graph = graph_of(facts, valid_from=4, test_from=5, entities=6)
    model = FixedScores([0.0, 0.1, 0.2, 0.9, 0.8, 0.0])  # e3 > e4 > e2 > e1
    assert len(graph.test) == 3
    result = evaluate(model, graph, split="test", setting="single")
    # Forward queries: (e0, consult, ?) for e1: e3, e4 above it, e2 filtered -> rank 3;
    # for e2: e3, e4 above, e1 filtered and below anyway -> rank 3; (e0, accuse, ?) for e4: e3 above -> 2.
    # Reverse queries (e1|e2|e4, r^-1, ?) each have the one answer e0, which scores 0: e1..e4 score
    # above it and e5 ties with it, so it ranks 5th or 6th with equal chance.
    forward = [1 / 3, 1 / 3, 1 / 2]
    reverse, _ = expected_rank_metrics(greater=4, ties=1)
    expected = (sum(forward) + 3 * reverse) / 6
    assert result.mrr == pytest.approx(100 * expected, abs=0.01)
    # Unfiltered ("raw"), e2 stays above e1: 1/4 instead of 1/3 for that one query.
    assert result.raw_mrr == pytest.approx(100 * (expected - (1 / 3 - 1 / 4) / 6), abs=0.01)


def test_ties_count_at_their_expected_rank() -> None:
    reciprocal, hits = expected_rank_metrics(greater=0, ties=1)
    assert reciprocal == pytest.approx((1 + 1 / 2) / 2)
    assert hits[1] == 0.5 and hits[3] == 1.0
    reciprocal, hits = expected_rank_metrics(greater=9, ties=3)
    assert hits[10] == pytest.approx(1 / 4)


# -- the learned re-ranker ---------------------------------------------------------------------------


def random_graph(seed: int = 3) -> TemporalGraph:
    """30 actors over 60 days: each has a few habitual partners, and answers accusations in kind."""
    rng = np.random.default_rng(seed)
    facts = []
    partners = {s: rng.choice(30, 3, replace=False) for s in range(30)}
    for t in range(60):
        for s in rng.choice(30, 8, replace=False):
            o = int(rng.choice(partners[s])) if rng.random() < 0.8 else int(rng.integers(30))
            if o == s:
                continue
            r = int(rng.integers(2))
            facts.append((int(s), r, o, t))
            if r == 1 and t + 1 < 60 and rng.random() < 0.7:
                facts.append((o, 1, int(s), t + 1))
    return graph_of(sorted(set(facts), key=lambda f: f[3]), valid_from=45, test_from=52, entities=30)


@pytest.fixture(scope="module")
def trained() -> tuple[TemporalGraph, RerankerModel]:
    graph = random_graph()
    return graph, RerankerModel("logistic", seed=0).fit(graph, train_days=30, max_queries=500)


def test_a_saved_reranker_scores_exactly_as_before(trained: tuple[TemporalGraph, RerankerModel], tmp_path: Path) -> None:
    graph, model = trained
    history = History.of(np.concatenate([graph.train, graph.valid]), graph.num_entities, graph.num_relations)
    queries = np.unique(graph.test[:, [0, 1, 3]], axis=0)
    queries = queries[np.argsort(queries[:, 2], kind="stable")]
    before = np.stack(list(model.scores(history, queries)))
    loaded = load_model(model.save(tmp_path / "model.pkl"))
    after = np.stack(list(loaded.scores(history, queries)))
    assert np.array_equal(before, after)
    assert before.shape == (len(queries), graph.num_entities)


def test_training_twice_with_one_seed_gives_one_model(trained: tuple[TemporalGraph, RerankerModel]) -> None:
    graph, model = trained
    again = RerankerModel("logistic", seed=0).fit(graph, train_days=30, max_queries=500)
    a = evaluate(model, graph, split="valid", setting="single")
    b = evaluate(again, graph, split="valid", setting="single")
    assert a.mrr == b.mrr


def test_a_saved_recurrency_model_keeps_its_hyperparameters(tmp_path: Path) -> None:
    model = load_model(RecurrencyModel(decay=0.7, relaxed_weight=0.3).save(tmp_path / "recurrency.json"))
    assert isinstance(model, RecurrencyModel)
    assert (model.decay, model.relaxed_weight) == (0.7, 0.3)


# -- reading TKG folders -----------------------------------------------------------------------------


def test_a_tkg_folder_is_read_with_days_as_time_units(tmp_path: Path) -> None:
    (tmp_path / "train.txt").write_text("0\t0\t1\t0\t-1\n1\t1\t0\t24\t-1\n", encoding="utf-8")
    (tmp_path / "test.txt").write_text("0\t0\t1\t72\t-1\n", encoding="utf-8")
    (tmp_path / "entity2id.txt").write_text("Iran\t0\nChina\t1\n", encoding="utf-8")
    (tmp_path / "relation2id.txt").write_text("Consult\t0\nAccuse\t1\n", encoding="utf-8")
    graph = load_tkg(tmp_path)
    assert graph.test.tolist() == [[0, 0, 1, 3]]
    assert len(graph.valid) == 0
    assert graph.entity_id("china") == 1 and graph.relation_id("Accuse") == 1


def test_a_malformed_line_is_named(tmp_path: Path) -> None:
    from tacitus.errors import InputError

    (tmp_path / "train.txt").write_text("0\t0\t1\t0\n0\tx\t1\t24\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"train.txt:2"):
        load_tkg(tmp_path)


@pytest.mark.skipif(not SHARED_ICEWS14.is_dir(), reason="../shared/benchmarks/icews14 is absent")
def test_icews14_is_read_as_its_readme_describes() -> None:
    graph = load_tkg(SHARED_ICEWS14)
    assert (len(graph.train), len(graph.valid), len(graph.test)) == (74_845, 8_514, 7_371)
    assert (graph.num_entities, graph.num_relations) == (7_128, 230)
    assert graph.train[:, 3].max() == 303 and graph.test[:, 3].max() == 364  # days
    assert graph.valid[:, 3].min() > graph.train[:, 3].max()
