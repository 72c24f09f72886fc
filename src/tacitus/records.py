"""The typed records that flow through the pipeline.

read -> :class:`Article` -> parse -> :class:`Mention` (actors) -> :class:`Event` (with
:class:`Provenance`, :class:`Place`) -> :class:`ArticleResult` -> store.

Every stage takes and returns these plain dataclasses (or spaCy ``Doc`` objects inside the
extraction stages); no loose dicts cross a module boundary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

ActorKind = Literal["country", "person", "organisation", "group"]
DatePrecision = Literal["day", "month", "year"]
Modality = Literal["asserted", "intended", "requested", "reported", "negated", "hypothetical"]


@dataclass(frozen=True)
class Article:
    """One dated news story, as read from any input format.

    ``text`` is the body (everything after the header line); character offsets in
    :class:`Sentence` and :class:`Provenance` index into it.
    """

    id: str  # stable content hash, see tacitus.article.article_id
    title: str
    text: str
    pub_date: dt.date
    dateline_place: str | None = None
    dateline_date: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    origin: str = ""  # where it came from: "path/to/file.txt", "feed.jsonl:17"

    @property
    def anchor_date(self) -> dt.date:
        """The day relative expressions ("on Wednesday") are resolved against."""
        return self.dateline_date or self.pub_date


@dataclass(frozen=True)
class Reject:
    """An input that could not become an article, with a one-line reason."""

    origin: str  # file, and line/record where it applies: "feed.jsonl:17"
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # character offsets into Article.text
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    """A resolved actor: a country (optionally with a sector), a person, or an organisation.

    ``code`` is the CAMEO-style actor code: country + sector ("IRNGOV", "CHNMIL"), or an
    IGO/NGO code ("IGOUNO") where there is no country.
    """

    name: str
    kind: ActorKind
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # GOV, MIL, DIP, LEG, JUD, COP, REB, OPP, PTY, BUS, MED, EDU, NGO, IGO, CVL
    title: str | None = None  # "Minister of National Defense"
    aliases: tuple[str, ...] = ()
    code_override: str | None = None  # e.g. IGO codes ("IGOUNO") or user-dictionary codes

    @property
    def code(self) -> str:
        if self.code_override:
            return self.code_override
        return (self.country or "") + (self.sector or "")

    @property
    def key(self) -> str:
        """A stable identity key used to merge the same actor across articles."""
        if self.kind == "person":
            return f"person:{self.country or '-'}:{self.name.lower()}"
        if self.kind == "organisation":
            return f"organisation:{self.code}:{self.name.lower()}"
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class Mention:
    """A span of an article's text that refers to an actor."""

    sentence_index: int
    start: int  # offsets into Article.text
    end: int
    text: str
    actor: Actor
    rule: str  # how it was recognised: "title+name apposition", "demonym", "coreference:last-name"...


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    rule: str = ""  # "dateline", "in <city>", ...


@dataclass(frozen=True)
class Provenance:
    """Where an event is stated: the article, the sentence and the character span."""

    article_id: str
    sentence_index: int
    start: int  # offsets into Article.text of the evidence span
    end: int
    evidence: str  # the sentence text (or the clause) that states the event
    trigger: str  # the word(s) that triggered the event ("met", "visited")


@dataclass(frozen=True)
class Event:
    """A directed action from a source actor to a target actor on a day, at a place."""

    source: Actor
    target: Actor | None
    cameo_code: str  # keep leading zeros: "040"
    cameo_name: str
    goldstein: float
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    plover_type: str | None  # AGREE, CONSULT, ... (None for CAMEO 01x statements)
    plover_mode: str | None
    plover_context: str | None
    date: dt.date
    date_precision: DatePrecision
    provenance: Provenance
    place: Place | None = None
    modality: Modality = "asserted"
    negated: bool = False
    confidence: float = 0.5
    rule: str = ""  # the verb pattern / rule that produced the event
    dictionary_entries: tuple[str, ...] = ()  # "verbs.yaml:meet -> 040", "countries.csv:IRN"...
    date_text: str | None = None  # the words that fixed the date ("on Wednesday")
    support: tuple[Provenance, ...] = ()  # further sentences of the same article stating this event

    @property
    def cameo_root(self) -> str:
        return self.cameo_code[:2]

    def code_and_place_columns(self) -> dict[str, object]:
        """The codebook fields and the place as flat columns, as the store and the Parquet dataset keep them."""
        place = self.place
        return {
            "cameo_code": self.cameo_code,
            "cameo_root": self.cameo_root,
            "cameo_name": self.cameo_name,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "plover_context": self.plover_context,
            "place_name": place.name if place else None,
            "place_country": place.country if place else None,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
        }


@dataclass
class ArticleResult:
    """Everything extraction learned from one article; what the store writes in one go."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass
class IngestReport:
    """Counts and rejects of one ingest run, printed as its summary."""

    read: int = 0
    new: int = 0
    already_stored: int = 0
    duplicates: int = 0
    events: int = 0
    rejects: list[Reject] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejects)
