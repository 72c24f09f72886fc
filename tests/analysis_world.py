"""A small hand-made world of events for the query, export and analysis-CLI tests.

Nine events between Iran, China and the United States, written through ``Store.write_results``
as an extraction would write them (no extraction involved). The sentences are made up for
these tests. Goldstein values are given here, not looked up, so the expected sums in the tests
follow from this file alone.

=====  ==========  ===========================  =====  ==================  =========  ========
event  date        source -> target             CAMEO  Goldstein / Quad    place      articles
=====  ==========  ===========================  =====  ==================  =========  ========
E1     2022-04-27  Ebrahim Raisi -> Wei Fenghe  040    1.0 / 1             Tehran     A, B
E2     2022-04-28  Wei Fenghe -> Ebrahim Raisi  051    3.4 / 1             Tehran     A
E3     2022-05-10  Iran -> China                057    8.0 / 1                        C
E4     2022-06-03  China -> Iran                111    -2.0 / 3                       D
E5     2023-02-14  Ebrahim Raisi -> China       042    1.9 / 1             Beijing    E
E6     2023-02-16  Xi Jinping -> Ebrahim Raisi  040    1.0 / 1             Beijing    E
E7     2020-01-08  Iran -> United States        190    -10.0 / 4                      F
E8     2012-02-14  Xi Jinping -> United States  042    1.9 / 1             Washington G
E9     2019-06-24  United States -> Iran        163    -8.0 / 4                       H
=====  ==========  ===========================  =====  ==================  =========  ========

Xi Jinping is "Vice President" in E8 and "President" in E6 (titles over time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from tacitus.records import Actor, Article, ArticleResult, Event, Place, Provenance
from tacitus.store import Store

RAISI = Actor("Ebrahim Raisi", "person", "IRN", "GOV", "President", aliases=("Raisi",))
WEI = Actor("Wei Fenghe", "person", "CHN", "MIL", "Minister of National Defense", aliases=("Wei",))
XI_2012 = Actor("Xi Jinping", "person", "CHN", "GOV", "Vice President", aliases=("Xi",))
XI_2023 = Actor("Xi Jinping", "person", "CHN", "GOV", "President", aliases=("Xi",))
IRAN = Actor("Iran", "country", "IRN")
CHINA = Actor("China", "country", "CHN")
USA = Actor("United States", "country", "USA", aliases=("US",))

TEHRAN = Place("Tehran", "IRN", 35.69, 51.42, "dateline")
BEIJING = Place("Beijing", "CHN", 39.91, 116.40, "dateline")
WASHINGTON = Place("Washington", "USA", 38.90, -77.04, "in <city>")

# (code, name, goldstein, quad class, plover type, plover mode, plover context)
CODES = {
    "040": ("040", "Consult", 1.0, 1, "CONSULT", None, None),
    "042": ("042", "Make a visit", 1.9, 1, "CONSULT", "visit", None),
    "051": ("051", "Praise or endorse", 3.4, 1, "SUPPORT", None, "diplomatic"),
    "057": ("057", "Sign formal agreement", 8.0, 1, "SUPPORT", None, "diplomatic"),
    "111": ("111", "Criticize or denounce", -2.0, 3, "ACCUSE", "disapprove", None),
    "163": ("163", "Impose embargo, boycott, or sanctions", -8.0, 4, "COERCE", "restrict", "diplomatic;economic"),
    "190": ("190", "Use conventional military force", -10.0, 4, "ASSAULT", None, "military"),
    "010": ("010", "Make statement", 0.0, 1, None, None, None),
}


def article(key: str, day: str, title: str, outlet: str, text: str) -> Article:
    return Article(
        id=f"article-{key}",
        title=title,
        text=text,
        pub_date=dt.date.fromisoformat(day),
        outlet=outlet,
        url=f"https://news.example/{key}",
        origin=f"tests/{key}.txt",
    )


def event(
    source: Actor,
    target: Actor | None,
    code: str,
    day: str,
    on: Article,
    sentence: str,
    trigger: str,
    place: Place | None = None,
    sentence_index: int = 0,
    confidence: float = 0.8,
) -> Event:
    cameo_code, name, goldstein, quad, plover, mode, context = CODES[code]
    start = on.text.index(sentence)
    return Event(
        source=source,
        target=target,
        cameo_code=cameo_code,
        cameo_name=name,
        goldstein=goldstein,
        quad_class=quad,
        plover_type=plover,
        plover_mode=mode,
        plover_context=context,
        date=dt.date.fromisoformat(day),
        date_precision="day",
        provenance=Provenance(on.id, sentence_index, start, start + len(sentence), sentence, trigger),
        place=place,
        confidence=confidence,
        rule=f"test:{trigger}",
        dictionary_entries=(f"verbs.yaml:{trigger} -> {cameo_code}",),
        date_text="on Wednesday" if code == "040" else None,
    )


def world_results() -> list[ArticleResult]:
    """The nine events above, grouped by the articles that report them."""
    s1 = "Iranian President Ebrahim Raisi met Chinese Defense Minister Wei Fenghe in Tehran on Wednesday."
    s2 = "Wei praised Raisi for the warm welcome the next day."
    a = article("A", "2022-04-28", "Raisi receives Wei Fenghe", "Xinhua", f"{s1} {s2}")
    s1b = "Raisi and Wei Fenghe met in Tehran to discuss defence ties."
    b = article("B", "2022-04-28", "Chinese defence chief in Tehran", "PressTV", s1b)
    s3 = "Iran and China signed a cooperation pact in Beijing, officials said."
    c = article("C", "2022-05-11", "Iran, China sign pact", "IRNA", s3)
    s4 = "China criticised Iran over its nuclear programme."
    d = article("D", "2022-06-03", "China criticises Iran", "Reuters", s4)
    s5 = "Raisi visited China for a three-day state visit."
    s6 = "Xi Jinping held talks with Raisi in Beijing."
    e = article("E", "2023-02-16", "Raisi's state visit to Beijing <3 days>", "Xinhua", f"{s5} {s6}")
    s7 = "Iran fired missiles at bases hosting United States troops."
    f = article("F", "2020-01-08", "Iran strikes bases", "Reuters", s7)
    s8 = "Vice President Xi Jinping visited the United States."
    g = article("G", "2012-02-15", "Xi visits Washington", "AP", s8)
    s9 = "The United States imposed sanctions on Iran's supreme leader."
    h = article("H", "2019-06-24", "US sanctions Iran", "AP", s9)
    return [
        ArticleResult(a, events=[
            event(RAISI, WEI, "040", "2022-04-27", a, s1, "met", TEHRAN),
            event(WEI, RAISI, "051", "2022-04-28", a, s2, "praised", TEHRAN, sentence_index=1),
        ]),
        ArticleResult(b, events=[event(RAISI, WEI, "040", "2022-04-27", b, s1b, "met", TEHRAN, confidence=0.9)]),
        ArticleResult(c, events=[event(IRAN, CHINA, "057", "2022-05-10", c, s3, "signed")]),
        ArticleResult(d, events=[event(CHINA, IRAN, "111", "2022-06-03", d, s4, "criticised")]),
        ArticleResult(e, events=[
            event(RAISI, CHINA, "042", "2023-02-14", e, s5, "visited", BEIJING),
            event(XI_2023, RAISI, "040", "2023-02-16", e, s6, "held talks", BEIJING, sentence_index=1),
        ]),
        ArticleResult(f, events=[event(IRAN, USA, "190", "2020-01-08", f, s7, "fired")]),
        ArticleResult(g, events=[event(XI_2012, USA, "042", "2012-02-14", g, s8, "visited", WASHINGTON)]),
        ArticleResult(h, events=[event(USA, IRAN, "163", "2019-06-24", h, s9, "imposed")]),
    ]  # fmt: skip


def build_world(store: Store) -> Store:
    """Write the world into ``store`` (in the order above) and return it."""
    store.write_results(world_results())
    return store


def world_db(folder: Path) -> Path:
    """A database file holding the world, for CLI tests."""
    from tacitus.store import open_store

    path = folder / "world.db"
    with open_store(path) as store:
        build_world(store)
    return path


# -- the example corpus, ingested once per test session -------------------------------------------

EXAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
_CORPUS_DB: dict[str, Path] = {}


def corpus_db(folder_factory: object) -> Path:
    """A database of ``examples/corpus`` ingested by the real pipeline, built once per session.

    ``folder_factory`` is pytest's ``tmp_path_factory``; later callers get the same file (open
    it read-only, or copy it, to keep it intact for the others).
    """
    if "path" not in _CORPUS_DB:
        from tacitus.ingest import ingest
        from tacitus.store import open_store

        path = folder_factory.mktemp("corpus") / "corpus.db"  # type: ignore[attr-defined]
        with open_store(path) as store:
            ingest([EXAMPLE_CORPUS], store)
        _CORPUS_DB["path"] = path
    return _CORPUS_DB["path"]


def open_corpus(folder_factory: object) -> Iterator[Store]:
    """The example-corpus database, read-only, for a module-scoped fixture (skips without the corpus)."""
    import pytest

    if not EXAMPLE_CORPUS.is_dir():
        pytest.skip("examples/corpus is absent")
    with Store(corpus_db(folder_factory), read_only=True) as store:
        yield store
