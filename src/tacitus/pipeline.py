"""The one path from articles to extraction results, shared by every ingest engine.

``extract(articles)`` runs spaCy over the article bodies in batches (``nlp.pipe``) and, per
document, the extraction stages: actors -> events -> time -> place. Single-process ingest,
the Dask engine and ``tacitus explain`` all call it, so they code identical events.

Before parsing, paragraph breaks and the end of the dateline are marked as sentence starts, so
that "TEHRAN, April 27 (Xinhua) --" and junk lines above it never share a sentence with the lead.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from tacitus.actors import ArticleActors, find_actors
from tacitus.article import find_dateline
from tacitus.consolidate import consolidate
from tacitus.dates import resolve_date
from tacitus.dictionaries import ActorEntry, Dictionaries, load_dictionaries
from tacitus.events import (
    Candidate,
    EventCoder,
    Patterns,
    SentenceContext,
    load_patterns,
    quoted_speakers,
)
from tacitus.parse import get_nlp
from tacitus.places import dateline_place, own_place, recalled_remarks, resolve_place
from tacitus.records import Actor, Article, ArticleResult, Place, Sentence
from tacitus.speech import code_speech

_NEWLINE = re.compile("\n")
LEAD_DATE_WINDOW = dt.timedelta(days=7)
"""A lead with no date of its own takes the first date the story gives, if it is this close before the anchor."""


@dataclass
class Coding:
    """Everything the coder learned about one article, for ``tacitus explain`` and tests."""

    result: ArticleResult
    doc: Doc
    actors: ArticleActors
    candidates: list[Candidate] = field(default_factory=list)
    contexts: list[SentenceContext] = field(default_factory=list)


@dataclass(frozen=True)
class Coder:
    """The dictionaries and patterns one extraction run uses (the built-ins plus any user files)."""

    dictionaries: Dictionaries
    patterns: Patterns
    mode: str = "rules"  # event model hook: "rules", "model" or "both" (tacitus.model.combine)

    @classmethod
    def load(cls, dictionaries: Sequence[str | Path] = (), patterns: Sequence[str | Path] = ()) -> Coder:
        return cls(load_dictionaries(dictionaries), load_patterns(patterns))


def extract(articles: Iterable[Article], *, batch_size: int = 32, coder: Coder | None = None) -> Iterator[ArticleResult]:
    """Yield one :class:`ArticleResult` per article, in input order."""
    for coding in code_articles(articles, batch_size=batch_size, coder=coder):
        yield coding.result


def code_articles(articles: Iterable[Article], *, batch_size: int = 32, coder: Coder | None = None) -> Iterator[Coding]:
    """Like :func:`extract`, with the parse, the actor mentions and every candidate trigger kept."""
    nlp = get_nlp()
    coder = coder or Coder.load()
    pending = articles if isinstance(articles, list) else list(articles)
    docs = nlp.pipe((_prepared(nlp, article) for article in pending), batch_size=batch_size)
    for article, doc in zip(pending, docs):
        yield code_document(article, doc, coder)


def _dateline_end(article: Article) -> int | None:
    if not article.dateline_place:
        return None
    return _dateline_end_in(article.text, article.pub_date)


@lru_cache(maxsize=1024)  # asked before the parse and again when coding: well within one batch apart
def _dateline_end_in(text: str, pub_date: dt.date) -> int | None:
    found = find_dateline(text, pub_date)
    return found.end if found else None


def _prepared(nlp: Language, article: Article) -> Doc:
    """The tokenised text with sentence starts fixed at paragraph breaks and after the dateline."""
    doc = nlp.make_doc(article.text)
    if len(doc) < 2:
        return doc
    starts = doc.to_array(IDX).tolist()  # character offset of every token
    breaks = [m.start() for m in _NEWLINE.finditer(article.text)]
    dateline_end = _dateline_end(article)
    if dateline_end is not None:
        breaks.append(dateline_end - 1)
    for offset in breaks:
        i = bisect_right(starts, offset)  # the first token after a line break (or the dateline's end)
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    if dateline_end is not None:
        # "SEOUL - North Korea fired ...": the parser took "North" for a sentence of its own after the dateline's
        # dash; the word after the first one of the story never starts a sentence
        i = bisect_right(starts, dateline_end - 1)
        if 0 < i < len(doc) - 1 and doc[i].is_alpha and doc[i + 1].is_alpha:
            doc[i + 1].is_sent_start = False
    return doc


def dateline_country(article: Article, tables: Dictionaries) -> Actor | None:
    """The country of the dateline city ("Tehran" -> Iran), the host of a visiting delegation."""
    if not article.dateline_place:
        return None
    for lexeme in tables.lookup(article.dateline_place.split()):
        if lexeme.kind in ("capital", "country") and isinstance(lexeme.entry, ActorEntry):
            return lexeme.entry.actor
    return None


def sentence_contexts(article: Article, doc: Doc, speakers: dict[int, Any]) -> list[SentenceContext]:
    """The date expression and place of every sentence (the coder carries dates between sentences)."""
    sentences = list(doc.sents)
    anchor = article.anchor_date
    resolved = [resolve_date(sentence, anchor) for sentence in sentences]
    dateline_end = _dateline_end(article) or 0
    # the dateline's own day ("RIYADH, Aug. 6 --") is the anchor, not a day the story tells of
    first_day = next((r for s, r in zip(sentences, resolved) if r.text is not None and r.precision == "day"
                      and s.end_char > dateline_end), None)
    lead: dt.date | None = None
    if first_day is not None and anchor - LEAD_DATE_WINDOW <= first_day.date < anchor:
        lead = first_day.date  # a lead with no date of its own summarises the dated event below it
    place = dateline_place(article)
    lead_index = _lead_index(article, sentences)
    contexts = []
    seen_date = False
    for index, (sentence, found) in enumerate(zip(sentences, resolved)):
        place = resolve_place(sentence, article, place) or place
        if index == lead_index:
            place = _lead_place(sentences, index) or place
        seen_date = seen_date or (found.text is not None and sentence.end_char > dateline_end)
        contexts.append(SentenceContext(index=index, date=found.date, precision=found.precision,
                                        date_text=found.text, place=place,
                                        speaker=speakers[index].speaker if index in speakers else None,
                                        speaker_rule=speakers[index].rule_for(index) if index in speakers else "",
                                        anchor=anchor, lead_date=None if seen_date else lead))
    return contexts


def _lead_index(article: Article, sentences: list[Span]) -> int | None:
    """The index of the first sentence after the dateline."""
    dateline_end = _dateline_end(article) or 0
    return next((i for i, s in enumerate(sentences) if s.end_char > dateline_end), None)


def _lead_place(sentences: list[Span], lead: int) -> Place | None:
    """A lead that gives no place ("X says Iran values its ties with China") is placed where the next
    sentence says the remarks were made ("made the remarks in a meeting ... in Beijing")."""
    if own_place(sentences[lead]) is not None or lead + 1 >= len(sentences):
        return None
    following = sentences[lead + 1]
    return own_place(following) if recalled_remarks(following) else None


def code_document(article: Article, doc: Doc, coder: Coder) -> Coding:
    """Actors, then events with their dates and places, for one parsed article."""
    sentences: list[Span] = list(doc.sents)
    records = [Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text) for i, s in enumerate(sentences)]
    dateline_end = _dateline_end(article)
    skip = [(0, dateline_end)] if dateline_end else []
    actors = find_actors(doc, coder.dictionaries, skip=skip, title=article.title,
                         date=article.dateline_date or article.pub_date)
    speakers = quoted_speakers(doc, actors)
    contexts = sentence_contexts(article, doc, speakers)
    events_coder = EventCoder(doc, actors, coder.patterns, article.id, dateline_country(article, coder.dictionaries))
    events = []
    for sentence, context in zip(sentences, contexts):
        if dateline_end is not None and sentence.end_char <= dateline_end:
            continue
        # the verb patterns' events, then the speech acts of tacitus.speech (which may read a trigger otherwise)
        events.extend(code_speech(events_coder, sentence, context, events_coder.code_sentence(sentence, context)))
    if coder.mode != "rules":  # -- event model hook (model engineer; docs/event-model.md) --
        from tacitus.model.combine import combine

        first = next((i for i, s in enumerate(sentences) if dateline_end is None or s.end_char > dateline_end), 0)
        events = combine(events_coder, sentences, contexts, events, coder.mode, first)
    result = ArticleResult(article=article, sentences=records, mentions=actors.records(doc), events=consolidate(events))
    return Coding(result=result, doc=doc, actors=actors, candidates=events_coder.candidates, contexts=contexts)
