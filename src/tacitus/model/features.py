"""Features of a sentence from the spaCy parse the pipeline already has, and of a whole document from
its words alone.

A sentence is described by its lemmas and lemma bigrams, its predicate (the root verb, or the verb a
reporting verb reports: "officials said troops *shelled* the town"), the dependents of that predicate
with their dependency labels, the entity types it names, and its negation, modal and conditional
markers ("could", "if", "whether"). Every feature is a short string; the linear heads of
:mod:`tacitus.model.linear` weigh the ones they know and ignore the rest.
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Span, Token

REPORTING_LEMMAS = frozenset({"say", "tell", "add", "report", "state", "announce", "claim", "confirm",
                              "write", "note", "insist", "believe", "think", "according"})
"""Verbs whose clausal complement, not the verb itself, states what happened."""

_WORD = re.compile(r"[a-z][a-z'-]*")


def predicate(span: Span) -> Token:
    """The verb that states what the sentence is about: the root, or the clause a reporting root
    reports ("X said Y attacked Z" -> "attacked")."""
    root = span.root
    if root.lemma_.lower() in REPORTING_LEMMAS:
        for child in root.children:
            if child.dep_ in ("ccomp", "parataxis") and child.pos_ in ("VERB", "AUX"):
                return child
    return root


def _lemma(token: Token) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


def sentence_features(span: Span) -> list[str]:
    """The feature strings of one sentence (repeats removed, order kept)."""
    found: list[str] = ["bias"]
    lemmas = [_lemma(t) for t in span if not t.is_punct and not t.is_space]
    found.extend(f"l:{lemma}" for lemma in lemmas)
    found.extend(f"b:{a}_{b}" for a, b in pairwise(lemmas))
    verb = predicate(span)
    head = _lemma(verb)
    found.append(f"p:{head}")
    found.append(f"pt:{verb.tag_}")
    if verb is not span.root:
        found.append("reported")
    for child in verb.children:
        if child.is_punct:
            continue
        found.append(f"pd:{child.dep_}:{_lemma(child)}")
        found.append(f"pdl:{child.dep_}")
        if child.dep_ == "prep":
            found.extend(f"pp:{_lemma(child)}:{_lemma(g)}" for g in child.children if g.dep_ == "pobj")
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.ent_type_:
            found.append(f"pe:{child.dep_}:{child.ent_type_}")
    for token in span:
        if token.dep_ == "neg":
            found.append("neg" + (":pred" if token.head is verb else ""))
        elif token.tag_ == "MD":
            found.append(f"md:{_lemma(token)}" + (":pred" if token.head is verb else ""))
        elif token.dep_ == "mark":
            found.append(f"mark:{_lemma(token)}")
        if token.pos_ == "VERB" and token is not verb:
            found.append(f"v:{token.dep_}:{_lemma(token)}")
    labels = [e.label_ for e in span.ents]
    found.extend(f"e:{label}" for label in labels)
    found.append(f"ne:{min(len(labels), 3)}")
    if span.text.rstrip()[-1:] not in ".!?\"'”’":
        found.append("unpunctuated")  # a headline
    return list(dict.fromkeys(found))


def document_features(text: str) -> list[str]:
    """The words and word pairs of a whole story (no parse: a document head must be cheap)."""
    words = _WORD.findall(text.lower())
    found = ["bias", *(f"w:{w}" for w in words), *(f"w2:{a}_{b}" for a, b in pairwise(words))]
    return list(dict.fromkeys(found))
