"""A small, hand-written corpus stored through ``Store.write_results``: what the web tests serve.

The stories are invented for the tests (no real article text). Each one is a list of sentences;
each event names the sentence that states it and, optionally, the clause inside that sentence
that is its evidence, so the offsets are computed here rather than typed by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from tacitus.codebook import cameo
from tacitus.records import Actor, Article, ArticleResult, Event, Mention, Place, Provenance, Sentence
from tacitus.store import Store

IRAN = Actor(name="Iran", kind="country", country="IRN", aliases=("Islamic Republic of Iran",))
CHINA = Actor(name="China", kind="country", country="CHN", aliases=("People's Republic of China",))
RUSSIA = Actor(name="Russia", kind="country", country="RUS")
USA = Actor(name="United States", kind="country", country="USA", aliases=("US", "Washington"))
IRAQ = Actor(name="Iraq", kind="country", country="IRQ")
IRAN_FOREIGN_MINISTER = Actor(
    name="Dariush Kamali", kind="person", country="IRN", sector="GOV", title="Foreign Minister"
)
CHINA_DEFENCE = Actor(name="China", kind="country", country="CHN", sector="MIL")


@dataclass(frozen=True)
class Told:
    """One event as a story tells it: who, what (CAMEO code), to whom, in which sentence."""

    source: Actor
    code: str
    target: Actor | None
    sentence: int
    clause: str | None = None  # the evidence inside the sentence; the whole sentence if None
    trigger: str = ""
    place: Place | None = None


@dataclass(frozen=True)
class Story:
    title: str
    day: dt.date
    sentences: tuple[str, ...]
    events: tuple[Told, ...]
    outlet: str = "Test Wire"
    dateline_place: str | None = None


BEIJING = Place(name="Beijing", country="CHN", latitude=39.9, longitude=116.4, rule="dateline")
TEHRAN = Place(name="Tehran", country="IRN", latitude=35.7, longitude=51.4, rule="dateline")

STORIES: tuple[Story, ...] = (
    Story(
        title="Iran and China open talks on a trade pact",
        day=dt.date(2024, 1, 10),
        dateline_place="Beijing",
        sentences=(
            "Iranian Foreign Minister Dariush Kamali travelled to Beijing on Wednesday for two days of talks.",
            "Kamali met his Chinese counterpart and the two sides signed a memorandum on rail freight.",
            "China praised what it called Iran's constructive approach to the negotiations.",
        ),
        events=(
            Told(IRAN_FOREIGN_MINISTER, "042", CHINA, 0, trigger="travelled", place=BEIJING),
            Told(
                IRAN,
                "057",
                CHINA,
                1,
                clause="the two sides signed a memorandum on rail freight",
                trigger="signed",
                place=BEIJING,
            ),
            Told(CHINA, "051", IRAN, 2, trigger="praised", place=BEIJING),
        ),
    ),
    Story(
        title="Beijing faults Tehran over delayed oil shipments",
        day=dt.date(2024, 3, 5),
        sentences=(
            "China's commerce ministry criticised Iran on Tuesday over repeated delays in crude deliveries.",
            "Tehran rejected the complaint and blamed the weather in the Gulf.",
        ),
        events=(
            Told(CHINA, "111", IRAN, 0, clause="criticised Iran on Tuesday", trigger="criticised"),
            Told(IRAN, "112", CHINA, 1, trigger="blamed"),
        ),
    ),
    Story(
        title="Iran and China hold joint naval drill",
        day=dt.date(2024, 3, 21),
        dateline_place="Tehran",
        sentences=(
            "Chinese and Iranian warships began a joint exercise in the northern Indian Ocean on Thursday.",
            "The Chinese navy said the drill would deepen military cooperation with Iran.",
        ),
        events=(Told(CHINA_DEFENCE, "062", IRAN, 0, trigger="exercise", place=TEHRAN),),
    ),
    Story(
        title="Moscow and Tehran plan a new energy corridor",
        day=dt.date(2024, 5, 20),
        sentences=(
            "Russia agreed on Monday to fund a gas pipeline across northern Iran.",
            "Iran said it hoped to meet Russian officials again before the summer.",
        ),
        events=(
            Told(RUSSIA, "061", IRAN, 0, trigger="agreed"),
            Told(IRAN, "036", RUSSIA, 1, trigger="hoped"),
        ),
    ),
    Story(
        title="Washington widens sanctions on Iranian shipping",
        day=dt.date(2024, 6, 2),
        sentences=(
            "The United States imposed an embargo on three Iranian shipping firms on Sunday.",
            "Washington also accused China of helping Iran evade earlier sanctions.",
            "China threatened unspecified countermeasures.",
        ),
        events=(
            Told(USA, "163", IRAN, 0, trigger="imposed"),
            Told(USA, "112", CHINA, 1, trigger="accused"),
            Told(CHINA, "130", USA, 2, trigger="threatened"),
        ),
    ),
    Story(
        title="Iraqi and Iranian leaders discuss border trade by phone",
        day=dt.date(2024, 6, 15),
        sentences=("The Iraqi prime minister spoke by telephone with the Iranian president on Saturday.",),
        events=(Told(IRAQ, "041", IRAN, 0, trigger="spoke"),),
    ),
)


def article_id(story: Story) -> str:
    return hashlib.sha1(f"{story.day}|{story.title}".encode()).hexdigest()[:16]


def build_result(story: Story) -> ArticleResult:
    """The :class:`ArticleResult` a perfect coder would produce for ``story``."""
    text = " ".join(story.sentences)
    aid = article_id(story)
    article = Article(
        id=aid,
        title=story.title,
        text=text,
        pub_date=story.day,
        dateline_place=story.dateline_place,
        outlet=story.outlet,
        origin=f"tests/browser/sample_store.py:{story.title}",
    )
    sentences: list[Sentence] = []
    offset = 0
    for index, sentence in enumerate(story.sentences):
        sentences.append(Sentence(index=index, start=offset, end=offset + len(sentence), text=sentence))
        offset += len(sentence) + 1
    events: list[Event] = []
    mentions: list[Mention] = []
    for told in story.events:
        sentence = sentences[told.sentence]
        evidence = told.clause or sentence.text
        start = sentence.start + sentence.text.index(evidence)
        code = cameo(told.code)
        events.append(
            Event(
                source=told.source,
                target=told.target,
                **code.event_fields(),
                date=story.day,
                date_precision="day",
                provenance=Provenance(
                    article_id=aid,
                    sentence_index=sentence.index,
                    start=start,
                    end=start + len(evidence),
                    evidence=evidence,
                    trigger=told.trigger,
                ),
                place=told.place,
                confidence=0.8,
                rule="hand-made test record",
            )
        )
        for actor in (told.source, told.target):
            if actor is not None and actor.name in sentence.text:
                at = sentence.start + sentence.text.index(actor.name)
                mentions.append(Mention(sentence.index, at, at + len(actor.name), actor.name, actor, "test"))
    return ArticleResult(article=article, sentences=sentences, mentions=mentions, events=events)


def sample_results() -> list[ArticleResult]:
    return [build_result(story) for story in STORIES]


def build_sample_store(path: Path) -> Path:
    """Write the sample corpus to a new database at ``path`` and return the path."""
    with Store(path) as store:
        store.write_results(sample_results())
    return path
