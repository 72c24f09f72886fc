"""Why the coder coded what it did: the parse, the actors and the fate of every candidate trigger.

``explain(text, date=...)`` runs the very pipeline ingest uses (:func:`tacitus.pipeline.code_articles`)
on one piece of text and keeps everything it looked at:

* the parse: every token with its dependency label and head;
* the actors: every mention, the actor it resolved to and the rule that recognised it;
* the events coded, each with its pattern and dictionary entries;
* every candidate trigger word that was *not* coded, with the reason (no source actor, negated,
  no pattern fits, refers back to an event already reported...) and the named rule of
  :mod:`tacitus.rules` that refused it ("veto:hypothetical");
* for each event, the fallback rule that supplied an implicit target, if any, and the other
  sentences consolidated into it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tacitus.article import make_article
from tacitus.pipeline import Coder, Coding, code_articles
from tacitus.records import Actor, Event


@dataclass(frozen=True)
class Explanation:
    """Everything :func:`explain` found, ready to print or to serialise."""

    coding: Coding

    @property
    def events(self) -> list[Event]:
        return self.coding.result.events

    def tokens(self) -> list[dict[str, Any]]:
        return [
            {"i": t.i, "text": t.text, "lemma": t.lemma_, "pos": t.pos_, "dep": t.dep_, "head": t.head.i,
             "head_text": t.head.text, "entity": t.ent_type_ or None}
            for t in self.coding.doc if not t.is_space
        ]

    def actors(self) -> list[dict[str, Any]]:
        rows = []
        for mention in self.coding.actors.mentions:
            doc = self.coding.doc
            actor = mention.resolved()
            group = [a.code for a in mention.group]
            rows.append({
                "sentence": mention.sentence,
                "text": doc[mention.start:mention.end].text,
                "actor": actor.name if actor else (" + ".join(a.name for a in mention.group) or
                                                   "the parties of the last event"),
                "code": actor.code if actor else "/".join(group),
                "kind": actor.kind if actor else "group",
                "title": actor.title if actor else None,
                "rule": mention.rule,
                "entries": list(mention.entries),
            })
        return rows

    def candidates(self) -> list[dict[str, Any]]:
        rows = []
        for candidate in self.coding.candidates:
            rows.append({
                "sentence": candidate.sentence,
                "trigger": candidate.trigger,
                "pattern": candidate.pattern,
                "coded": candidate.coded,
                "reason": candidate.reason if not candidate.coded else "",
                "rule": candidate.rule,  # "veto:hypothetical" when refused, "fallback:focal-country" when coded
            })
        return rows

    def event_rows(self) -> list[dict[str, Any]]:
        return [event_row(e) for e in self.events]

    def as_dict(self) -> dict[str, Any]:
        article = self.coding.result.article
        return {
            "text": article.text,
            "date": article.anchor_date.isoformat(),
            "dateline_place": article.dateline_place,
            "sentences": [s.text.strip() for s in self.coding.result.sentences],
            "tokens": self.tokens(),
            "actors": self.actors(),
            "events": self.event_rows(),
            "not_coded": [c for c in self.candidates() if not c["coded"]],
        }


def _actor_text(actor: Actor | None) -> str:
    if actor is None:
        return ""
    return f"{actor.name} ({actor.code})"


def event_row(event: Event) -> dict[str, Any]:
    return {
        "date": event.date.isoformat(),
        "source": _actor_text(event.source),
        "target": _actor_text(event.target),
        "cameo": event.cameo_code,
        "name": event.cameo_name,
        "plover": event.plover_type,
        "goldstein": event.goldstein,
        "modality": event.modality,
        "trigger": event.provenance.trigger,
        "pattern": event.rule,
        "place": event.place.name if event.place else None,
        "date_text": event.date_text,
        "confidence": event.confidence,
        "entries": list(event.dictionary_entries),
        "sentence": event.provenance.sentence_index,
        "target_rule": next((e.removeprefix("rules:") for e in event.dictionary_entries if e.startswith("rules:")),
                            None),
        # "threat", "intent-to-cooperate": the act was stated as intended or threatened (tacitus.rules)
        "intent_rule": next((e.removeprefix("intent:") for e in event.dictionary_entries if e.startswith("intent:")),
                            None),
        # "quotation:continued", "they-named-before": a speaker or target taken from another sentence
        # (tacitus.discourse.DISCOURSE_RULES)
        "discourse_rules": [e.removeprefix("discourse:") for e in event.dictionary_entries
                            if e.startswith("discourse:")],
        "support": [p.sentence_index for p in event.support],  # further sentences stating the same event
    }


def explain(
    text: str,
    *,
    date: dt.date,
    dateline_place: str | None = None,
    dictionaries: Sequence[str | Path] = (),
    patterns: Sequence[str | Path] = (),
    coder_mode: str = "rules",
) -> Explanation:
    """Code ``text`` as an article published on ``date`` and say why each event was (not) coded.

    ``dateline_place`` plays the dateline's city ("Tehran"): the default place, and the host of
    a "visiting" delegation. A dateline written into the text itself is found as in ingest.
    ``coder_mode`` is the coder's ``rules``, ``model`` or ``both`` (:mod:`tacitus.model.combine`).
    """
    article = make_article("", text, date, origin="explain")
    if dateline_place:
        article = dataclasses.replace(article, dateline_place=dateline_place, dateline_date=article.dateline_date or date)
    coder = Coder.load(dictionaries, patterns) if (dictionaries or patterns or coder_mode != "rules") else None
    if coder is not None and coder_mode != "rules":
        coder = dataclasses.replace(coder, mode=coder_mode)
    coding = next(code_articles([article], coder=coder))
    return Explanation(coding)
