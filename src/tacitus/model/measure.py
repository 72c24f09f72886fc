"""Figures of the event model on held-out material: the GSR TEST half and NGEC's held-out stories."""

from __future__ import annotations

from collections.abc import Sequence

from tacitus.codebook import plover_types
from tacitus.gsr import GsrRecord
from tacitus.model import EventModel
from tacitus.model.training import Story, lead, sentence_rows


def gsr_type_accuracy(model: EventModel, records: Sequence[GsrRecord]) -> tuple[float, int]:
    """The share of GSR TEST sentences whose most probable PLOVER type is the gold one (model alone)."""
    types = set(plover_types())
    test = [r for r in records if r.half == "test" and r.plover in types]
    head = model.heads["plover"]
    scores = head.scores(sentence_rows([r.text for r in test]))
    right = sum(head.labels[int(row.argmax())] == r.plover for row, r in zip(scores, test))
    return right / len(test), len(test)


def macro_f1(gold: Sequence[str], guessed: Sequence[str], labels: Sequence[str]) -> float:
    """The mean over ``labels`` of each label's F1 (0 for a label neither side uses)."""
    total = 0.0
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, guessed))
        fp = sum(g != label and p == label for g, p in zip(gold, guessed))
        fn = sum(g == label and p != label for g, p in zip(gold, guessed))
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / len(labels)


def document_macro_f1(model: EventModel, stories: Sequence[Story]) -> tuple[float, int]:
    """Macro-F1 over the 16 types of the document head on NGEC's held-out stories."""
    held = [s for s in stories if s.held_out]
    guessed = [max(d, key=d.__getitem__) for d in model.document_types([s.text for s in held])]
    return macro_f1([s.plover for s in held], guessed, plover_types()), len(held)


def mixed_macro_f1(model: EventModel, stories: Sequence[Story]) -> float:
    """The same, from the even mean of the document head and the sentence type head on the lead."""
    held = [s for s in stories if s.held_out]
    types = model.document_scores([s.text for s in held], sentence_rows([lead(s.text) for s in held]))
    return macro_f1([s.plover for s in held], [max(d, key=d.__getitem__) for d in types], plover_types())


def lead_macro_f1(model: EventModel, stories: Sequence[Story]) -> float:
    """The same, from the sentence type head on each held-out story's first paragraph."""
    held = [s for s in stories if s.held_out]
    head = model.heads["plover"]
    scores = head.scores(sentence_rows([lead(s.text) for s in held]))
    return macro_f1([s.plover for s in held], [head.labels[int(r.argmax())] for r in scores], plover_types())
