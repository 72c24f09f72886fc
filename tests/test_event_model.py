"""The learned event model: shipped in the package, deterministic, reproducible from its training
files, and used by the coder in the ``model`` and ``both`` modes. The sentences here are our own."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from tacitus.errors import OptionError
from tacitus.gsr import in_train as gsr_in_train
from tacitus.model import EventModel, load_model, predict, read_model
from tacitus.model.training import Material, read_sentences, train
from tacitus.parse import get_nlp
from tacitus.pipeline import Coder, code_articles
from tacitus.records import Article

REPO = Path(__file__).resolve().parent.parent
HYPOTHETICAL = "Some analysts think the two neighbours could one day go to war over the river if talks fail."
ATTACK = "Rebel fighters ambushed an army convoy near the northern town on Monday, killing eleven soldiers."


def spans(*texts: str) -> list:
    return [next(iter(get_nlp()(t).sents)) for t in texts]


def test_the_shipped_model_loads_from_package_data() -> None:
    model = load_model()
    assert {"event", "plover", "root"} <= set(model.heads)
    assert len(model.heads["plover"].labels) == 16
    assert load_model() is model  # read once per process


def test_a_hypothetical_sentence_is_unlikely_an_event_and_an_ambush_is_an_assault() -> None:
    hypothetical, attack = predict(spans(HYPOTHETICAL, ATTACK))
    assert hypothetical.event < 0.5 < attack.event
    assert attack.plover_type == "ASSAULT"
    assert attack.root in ("18", "19", "20")


def test_predictions_are_deterministic() -> None:
    sentences = spans(HYPOTHETICAL, ATTACK, "Japan and India signed a pact on rare earths in Tokyo.")
    first, second = predict(sentences), load_model().predict(sentences)
    assert first == second


def test_training_twice_on_the_same_sentences_gives_the_same_weights(tmp_path: Path) -> None:
    sentences = read_sentences([REPO / "training" / "sentences" / "written-by-model-engineer.jsonl"])[::3]
    runs = [EventModel(train(Material(sentences, []), steps=40)) for _ in range(2)]
    for name in ("event", "plover", "root"):
        assert runs[0].heads[name].features == runs[1].heads[name].features
        assert np.array_equal(runs[0].heads[name].weights, runs[1].heads[name].weights)
    runs[0].save(tmp_path / "m.npz")
    again = read_model(tmp_path / "m.npz")
    assert again.heads["plover"].labels == runs[0].heads["plover"].labels
    assert np.allclose(again.heads["plover"].weights, runs[0].heads["plover"].weights, atol=1e-6)


def test_the_gsr_split_is_the_agreed_one() -> None:
    # TRAIN iff the SHA-1 of the record id is even; both halves get records
    assert [gsr_in_train(f"PLOVER-GSR01-AGREE-000{n}") for n in (1, 2, 3)] == [False, False, True]
    ids = [f"PLOVER-GSR01-AGREE-{n:04d}" for n in range(1, 41)]
    share = sum(gsr_in_train(i) for i in ids) / len(ids)
    assert 0.2 < share < 0.8


ARTICLE = Article(
    id="model-test",
    title="",
    text="Russian forces launched missile strikes on Ukrainian cities on Tuesday, killing nine people.\n\n"
    "Analysts say the fighting could spread further north in the spring.\n",
    pub_date=dt.date(2023, 3, 8),
)


def code(mode: str):
    coder = dataclasses.replace(Coder.load(), mode=mode)
    return next(code_articles([ARTICLE], coder=coder))


def test_the_model_mode_codes_an_attack_with_its_rule_and_probability() -> None:
    coding = code("model")
    events = coding.result.events
    assert [e.rule for e in events] == ["model:ASSAULT"]
    event = events[0]
    assert (event.source.country, event.target.country if event.target else None) == ("RUS", "UKR")
    assert event.date == dt.date(2023, 3, 7)
    assert any(c.pattern == "model:ASSAULT" and c.coded for c in coding.candidates)
    assert 0 < event.confidence <= 1


def test_an_unknown_coder_mode_is_refused() -> None:
    with pytest.raises(OptionError, match="--coder"):
        code("learned")


def test_a_proposal_whose_target_lies_outside_its_predicate_says_so_in_explain(monkeypatch: pytest.MonkeyPatch) -> None:
    # the predicate "shelled villages" names no target; Ukraine is named elsewhere in the sentence. The
    # thresholds are lowered so that the test is of the fallback, not of the shipped weights' confidence
    from tacitus.explain import explain
    from tacitus.model import combine

    monkeypatch.setattr(combine, "PROPOSE", 0.0)
    monkeypatch.setattr(combine, "TYPE_MIN", 0.0)
    text = "Russian troops shelled villages overnight on Monday, officials in Ukraine said."
    explanation = explain(text, date=dt.date(2024, 5, 8), coder_mode="model")
    [row] = [r for r in explanation.event_rows() if r["pattern"].startswith("model:")]
    # Ukraine, through the only Ukrainian actor of the sentence ("officials in Ukraine": UKRGOV)
    assert row["source"].startswith("Russia") and row["target"].startswith("Ukraine (UKR")
    assert row["target_rule"] == "model-target-sentence"
    prediction = float(row["entries"][0].split("p=")[1].split("/")[0]) * float(row["entries"][0].split("/")[1])
    assert row["confidence"] < prediction  # the fallback lowered it
    [candidate] = [c for c in explanation.candidates() if c["pattern"] == row["pattern"] and c["rule"]]
    assert candidate["rule"] == "fallback:model-target-sentence"


def test_explain_codes_with_the_rules_alone_unless_asked() -> None:
    from tacitus.explain import explain

    explanation = explain(ATTACK, date=dt.date(2024, 5, 8))
    assert not any(r["pattern"].startswith("model:") for r in explanation.event_rows())


def test_a_story_typed_with_its_lead_is_an_assault_and_its_types_sum_to_one() -> None:
    story = (ATTACK + "\n\nThe army said the rebels fled into the hills after the ambush. Residents said the"
             " shooting lasted two hours and the road stayed closed on Tuesday.")
    [with_lead] = load_model().document_types([story], leads=spans(ATTACK))
    assert abs(sum(with_lead.values()) - 1) < 1e-6
    assert max(with_lead, key=with_lead.__getitem__) == "ASSAULT"
