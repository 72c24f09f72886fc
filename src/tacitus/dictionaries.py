"""Actor and agent dictionaries: the phrases that name countries, organisations and roles.

Two kinds of record come out of every dictionary file, built-in or given with ``--dict``:

* :class:`ActorEntry` -- a phrase that names an actor outright ("Iran", "United Nations",
  "People's Liberation Army" -> CHN MIL);
* :class:`AgentEntry` -- a phrase that names a role or body without a country, which takes its
  country from the words around it ("President" -> GOV, "foreign ministry" -> DIP).

The built-in tables are ``data/countries.csv``, ``data/organisations.csv`` and
``data/titles.csv``; users add their own in the same CSV formats, in YAML, or in the
PETRARCH text format.
"""

from __future__ import annotations

from dataclasses import dataclass

from tacitus.records import Actor


@dataclass(frozen=True)
class ActorEntry:
    """A phrase that names one actor: ``origin`` says which file and record it came from."""

    phrase: str
    actor: Actor
    origin: str  # "countries.csv:IRN", "mydict.yaml:12", "Phoenix.Countries.actors.txt:3301"


@dataclass(frozen=True)
class AgentEntry:
    """A phrase that names a role or body ("Defense Minister" -> MIL) whose country comes from context."""

    phrase: str
    sector: str
    origin: str
