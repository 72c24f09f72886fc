"""Evaluation: code articles with annotated gold events and score the coder against them.

The gold file is JSON Lines, one object per article (the schema of ``seeds-gold.jsonl``): ``file``
(the article's file name in the articles folder), ``events`` (each with ``date``, ``source`` and
``target`` as ``{name, country, sector}``, ``plover``, optional ``plover_alt``, ``cameo``,
``location``, ``evidence``) and ``persons`` (canonical ``name`` and ``aliases``).

Scoring convention (the shared README's):

* an extracted event *hits* a gold event of the same article when the source country, the
  target country, the PLOVER type (or one of ``plover_alt``) and the date agree; gold events
  are a multiset, and the pairing is a maximum matching, so one extracted event hits at most
  one gold event;
* a meeting (gold CAMEO 040, CONSULT) matches in either direction, and the reverse-direction
  copy of a matched meeting is neither a hit nor a false positive;
* a gold actor with no country and an IGO sector matches on its name;
* actor names and sectors, dates and CAMEO codes are scored separately: names, sectors and
  CAMEO codes over the hits; dates over the pairs that agree on everything but the date.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tacitus.errors import InputError
from tacitus.records import Actor, Article, ArticleResult, Event


@dataclass(frozen=True)
class GoldActor:
    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class GoldEvent:
    date: dt.date
    source: GoldActor
    target: GoldActor | None  # None: an event aimed at nobody (a force mobilised, a protest)
    plover: str
    cameo: str
    plover_alt: tuple[str, ...] = ()
    location: str | None = None
    evidence: str = ""

    @property
    def plover_types(self) -> frozenset[str]:
        return frozenset((self.plover, *self.plover_alt))

    @property
    def is_meeting(self) -> bool:
        return self.cameo == "040" and self.plover == "CONSULT"


@dataclass(frozen=True)
class GoldArticle:
    id: str
    file: str
    events: tuple[GoldEvent, ...]
    aliases: dict[str, frozenset[str]]  # canonical person name (folded) -> every folded name it goes by
    origin: str  # "gold.jsonl:3"


@dataclass(frozen=True)
class Pair:
    """A gold event and the extracted event paired with it."""

    gold: GoldEvent
    extracted: Event


@dataclass
class ArticleScore:
    file: str
    gold: int = 0
    extracted: int = 0
    hits: list[Pair] = field(default_factory=list)
    reverse_copies: list[Event] = field(default_factory=list)
    misses: list[GoldEvent] = field(default_factory=list)
    false_positives: list[Event] = field(default_factory=list)
    date_pairs: list[Pair] = field(default_factory=list)  # paired on everything but the date
    aliases: dict[str, frozenset[str]] = field(default_factory=dict)
    problem: str | None = None  # the article could not be read


@dataclass
class Evaluation:
    """The scores of one evaluation run, overall and per article."""

    articles: list[ArticleScore]

    @property
    def gold(self) -> int:
        return sum(a.gold for a in self.articles)

    @property
    def extracted(self) -> int:
        return sum(a.extracted for a in self.articles)

    @property
    def hits(self) -> int:
        return sum(len(a.hits) for a in self.articles)

    @property
    def reverse_copies(self) -> int:
        return sum(len(a.reverse_copies) for a in self.articles)

    @property
    def false_positives(self) -> int:
        return sum(len(a.false_positives) for a in self.articles)

    @property
    def misses(self) -> int:
        return sum(len(a.misses) for a in self.articles)

    @property
    def precision(self) -> float:
        scored = self.hits + self.false_positives
        return self.hits / scored if scored else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def actor_accuracy(self) -> tuple[float | None, float | None]:
        """(name accuracy, sector accuracy) over the source and target slots of the hits."""
        names = sectors = named = sectored = 0
        for article in self.articles:
            for pair in article.hits:
                for gold, actor in _slots(pair):
                    named += 1
                    names += _same_name(gold, actor, article.aliases)
                    if gold.sector:
                        sectored += 1
                        sectors += _same_sector(gold, actor)
        return _share(names, named), _share(sectors, sectored)

    def date_accuracy(self) -> float | None:
        pairs = [p for a in self.articles for p in a.date_pairs]
        return _share(sum(p.extracted.date == p.gold.date for p in pairs), len(pairs))

    def place_accuracy(self) -> float | None:
        """Over the hits whose gold event gives a location, the share placed there."""
        pairs = [p for a in self.articles for p in a.hits if p.gold.location]
        return _share(sum(_same_place(p.gold.location or "", p.extracted) for p in pairs), len(pairs))

    def cameo_agreement(self) -> tuple[float | None, float | None]:
        """(exact code, root code) agreement over the hits."""
        pairs = [p for a in self.articles for p in a.hits]
        exact = sum(p.extracted.cameo_code == p.gold.cameo for p in pairs)
        root = sum(p.extracted.cameo_code[:2] == p.gold.cameo[:2] for p in pairs)
        return _share(exact, len(pairs)), _share(root, len(pairs))

    def by_plover_type(self) -> list[dict[str, Any]]:
        """Gold events, hits, misses and false positives per PLOVER type (the gold's main type)."""
        rows: dict[str, dict[str, Any]] = {}

        def row(plover_type: str | None) -> dict[str, Any]:
            key = plover_type or "-"
            return rows.setdefault(
                key, {"plover": key, "gold": 0, "hits": 0, "misses": 0, "false_positives": 0}
            )

        for article in self.articles:
            for pair in article.hits:
                row(pair.gold.plover)["gold"] += 1
                row(pair.gold.plover)["hits"] += 1
            for missed in article.misses:
                row(missed.plover)["gold"] += 1
                row(missed.plover)["misses"] += 1
            for event in article.false_positives:
                row(event.plover_type)["false_positives"] += 1
        for values in rows.values():
            values["recall"] = round(values["hits"] / values["gold"], 3) if values["gold"] else None
        return sorted(rows.values(), key=lambda r: (-r["gold"], r["plover"]))

    def summary(self) -> dict[str, Any]:
        names, sectors = self.actor_accuracy()
        exact, root = self.cameo_agreement()
        return {
            "articles": len(self.articles),
            "gold_events": self.gold,
            "extracted_events": self.extracted,
            "hits": self.hits,
            "reverse_meeting_copies": self.reverse_copies,
            "false_positives": self.false_positives,
            "misses": self.misses,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "actor_name_accuracy": _round(names),
            "actor_sector_accuracy": _round(sectors),
            "date_accuracy": _round(self.date_accuracy()),
            "place_accuracy": _round(self.place_accuracy()),
            "cameo_exact_agreement": _round(exact),
            "cameo_root_agreement": _round(root),
        }


def read_gold(path: str | Path) -> list[GoldArticle]:
    """The gold articles of a JSON Lines file; raises :class:`InputError` naming the bad line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the gold file ({exc.strerror}); check the path") from exc
    articles = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            record = json.loads(line)
            articles.append(_gold_article(record, origin))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                origin, f"not a gold article record ({_describe(exc)}); see docs/evaluation.md"
            ) from exc
    return articles


def score(gold: Sequence[GoldArticle], results: dict[str, ArticleResult | str]) -> Evaluation:
    """Score extraction results (by gold file name; a string is why the article could not be read)."""
    scores = []
    for article in gold:
        result = results.get(article.file, "not found in the articles folder")
        if isinstance(result, str):
            missing = ArticleScore(
                article.file, gold=len(article.events), misses=list(article.events), problem=result
            )
            scores.append(missing)
            continue
        scores.append(score_article(article, result.events))
    return Evaluation(scores)


def score_article(gold: GoldArticle, events: Sequence[Event]) -> ArticleScore:
    """Pair one article's extracted events with its gold events and sort out hits, misses and extras."""
    result = ArticleScore(gold.file, gold=len(gold.events), extracted=len(events), aliases=gold.aliases)
    prefer = _agreement(gold.aliases)
    pairing = _maximum_matching(
        gold.events, events, lambda g, e: _matches(g, e, gold.aliases, with_date=True), prefer
    )
    for gold_index, event_index in sorted(pairing.items()):
        result.hits.append(Pair(gold.events[gold_index], events[event_index]))
    result.misses = [g for i, g in enumerate(gold.events) if i not in pairing]
    used = set(pairing.values())
    meetings = [pair for pair in result.hits if pair.gold.is_meeting]
    for index, event in enumerate(events):
        if index in used:
            continue
        copy_of = next((m for m in meetings if _is_reverse_copy(m, event)), None)
        if copy_of is not None:
            meetings.remove(copy_of)
            result.reverse_copies.append(event)
        else:
            result.false_positives.append(event)
    # dates: the hits, plus the leftovers that agree on everything but the date
    leftover_events = result.false_positives
    relaxed = _maximum_matching(
        result.misses, leftover_events, lambda g, e: _matches(g, e, gold.aliases, with_date=False), prefer
    )
    result.date_pairs = result.hits + [
        Pair(result.misses[g], leftover_events[e]) for g, e in sorted(relaxed.items())
    ]
    return result


def evaluate(
    gold_path: str | Path,
    articles_dir: str | Path,
    *,
    extract: Callable[[list[Article]], Iterable[ArticleResult]] | None = None,
) -> Evaluation:
    """Read the gold file, code its articles from ``articles_dir`` and score the result.

    ``extract`` defaults to :func:`tacitus.pipeline.extract` with the built-in dictionaries.
    """
    gold = read_gold(gold_path)
    folder = Path(articles_dir)
    if not folder.is_dir():
        raise InputError(str(folder), "is not a folder; give the folder that holds the gold file's articles")
    articles, results = _read_articles(folder, [g.file for g in gold])
    if extract is None:
        from tacitus.pipeline import extract as pipeline_extract

        extract = pipeline_extract
    for name, result in zip(list(articles), extract(list(articles.values()))):
        results[name] = result
    return score(gold, results)


def _read_articles(
    folder: Path, files: Iterable[str]
) -> tuple[dict[str, Article], dict[str, ArticleResult | str]]:
    from tacitus.read import read_paths

    articles: dict[str, Article] = {}
    problems: dict[str, ArticleResult | str] = {}
    for name in dict.fromkeys(files):
        path = folder / name
        if not path.is_file():
            problems[name] = f"{path} does not exist"
            continue
        items = list(read_paths([path]))
        found = [item for item in items if isinstance(item, Article)]
        if found:
            articles[name] = found[0]
        else:
            problems[name] = "; ".join(str(item) for item in items) or f"{path} holds no article"
    return articles, problems


def error_lines(evaluation: Evaluation) -> Iterator[str]:
    """Human-readable misses and false positives, with their evidence, article by article."""
    for article in evaluation.articles:
        if article.problem:
            yield f"{article.file}: not scored: {article.problem}"
        for missed in article.misses:
            yield f"{article.file}: MISS {describe_gold(missed)} | {missed.evidence}"
        for event in article.false_positives:
            yield f"{article.file}: FALSE POSITIVE {describe_event(event)} | {event.provenance.evidence}"
        for pair in article.hits:
            for gold, actor in _slots(pair):
                name_ok = _same_name(gold, actor, article.aliases)
                sector_ok = not gold.sector or _same_sector(gold, actor)
                if not (name_ok and sector_ok):
                    yield (
                        f"{article.file}: ACTOR gold {gold.name} ({gold.country or '-'} {gold.sector or '-'}) "
                        f"vs extracted {actor.name} ({actor.code or '-'}) | {pair.gold.evidence}"
                    )
            if pair.gold.location and not _same_place(pair.gold.location, pair.extracted):
                place = pair.extracted.place
                yield (
                    f"{article.file}: PLACE gold {pair.gold.location} vs extracted "
                    f"{place.name if place else '-'} ({place.rule if place else 'no place'}) | {pair.gold.evidence}"
                )
            if pair.extracted.cameo_code != pair.gold.cameo:
                yield (
                    f"{article.file}: CAMEO gold {pair.gold.cameo} vs extracted {pair.extracted.cameo_code} "
                    f"(trigger {pair.extracted.provenance.trigger!r}) | {pair.gold.evidence}"
                )
        for pair in article.date_pairs:
            if pair.extracted.date != pair.gold.date:
                yield (
                    f"{article.file}: DATE gold {pair.gold.date.isoformat()} vs extracted "
                    f"{pair.extracted.date.isoformat()} ({pair.extracted.date_text or 'anchor'}) | {pair.gold.evidence}"
                )


def describe_gold(event: GoldEvent) -> str:
    plover = "/".join([event.plover, *event.plover_alt])
    target = event.target
    return (
        f"{event.source.country or event.source.name} -> {(target.country or target.name) if target else '-'} "
        f"{plover} {event.cameo} {event.date.isoformat()} ({event.source.name} -> {target.name if target else '-'})"
    )


def describe_event(event: Event) -> str:
    target = event.target
    return (
        f"{event.source.country or event.source.code} -> {(target.country or target.code) if target else '-'} "
        f"{event.plover_type or '-'} {event.cameo_code} {event.date.isoformat()} "
        f"({event.source.name} -> {target.name if target else '-'}; trigger {event.provenance.trigger!r})"
    )


# -- matching ---------------------------------------------------------------------------------


def _matches(gold: GoldEvent, event: Event, aliases: dict[str, frozenset[str]], *, with_date: bool) -> bool:
    if event.plover_type not in gold.plover_types:
        return False
    if with_date and event.date != gold.date:
        return False
    if gold.target is None or event.target is None:  # an untargeted event matches only an untargeted one
        return gold.target is None and event.target is None and _same_actor(gold.source, event.source, aliases)
    forward = _same_actor(gold.source, event.source, aliases) and _same_actor(
        gold.target, event.target, aliases
    )
    if forward:
        return True
    return gold.is_meeting and (
        _same_actor(gold.source, event.target, aliases) and _same_actor(gold.target, event.source, aliases)
    )


def _same_actor(gold: GoldActor, actor: Actor, aliases: dict[str, frozenset[str]]) -> bool:
    if gold.country:
        return actor.country == gold.country
    # an IGO (or any actor without a country): by name, or by the organisation code the dictionaries
    # give the gold name (UNICEF's head, coded IGOUNOKID like her agency, is UNICEF acting)
    if _same_name(gold, actor, aliases):
        return True
    code = _organisation_code(gold.name)
    return code is not None and actor.country is None and actor.code == code


@functools.lru_cache(maxsize=4096)
def _organisation_code(name: str) -> str | None:
    """The actor code of the one organisation the built-in dictionaries know by this name, if any."""
    from tacitus.dictionaries import builtin_dictionaries, phrase_key
    from tacitus.parse import get_nlp

    words = [t.text for t in get_nlp().tokenizer(name.strip()) if not t.is_space]
    codes = {lexeme.entry.actor.code for lexeme in builtin_dictionaries().lookup(phrase_key(words))
             if hasattr(lexeme.entry, "actor") and lexeme.entry.actor.country is None}
    return codes.pop() if len(codes) == 1 else None


def _is_reverse_copy(meeting: Pair, event: Event) -> bool:
    hit = meeting.extracted
    return (
        event.target is not None
        and hit.target is not None
        and event.plover_type == "CONSULT"
        and event.date == hit.date
        and event.source.key == hit.target.key
        and event.target.key == hit.source.key
    )


def _maximum_matching(
    gold: Sequence[GoldEvent],
    events: Sequence[Event],
    compatible: Callable[[GoldEvent, Event], bool],
    preference: Callable[[GoldEvent, Event], float] = lambda g, e: 0.0,
) -> dict[int, int]:
    """A maximum matching gold index -> event index; among those, the pairs that agree most.

    The preference (names, sectors, CAMEO code) only chooses between equally many hits, so
    that two meetings on the same day pair each gold event with its own extracted event.
    """
    import networkx as nx

    graph = nx.Graph()
    for i, g in enumerate(gold):
        for j, event in enumerate(events):
            if compatible(g, event):
                graph.add_edge(("gold", i), ("event", j), weight=1.0 + preference(g, event))
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    pairs: dict[int, int] = {}
    for a, b in matching:
        gold_node, event_node = (a, b) if a[0] == "gold" else (b, a)
        pairs[gold_node[1]] = event_node[1]
    return pairs


def _agreement(aliases: dict[str, frozenset[str]]) -> Callable[[GoldEvent, Event], float]:
    """How much an extracted event agrees with a gold event beyond the matching key (0 to 0.9)."""

    def agreement(gold: GoldEvent, event: Event) -> float:
        pair = Pair(gold, event)
        value = 0.1 * (event.cameo_code == gold.cameo)
        for gold_actor, actor in _slots(pair):
            value += 0.3 * _same_name(gold_actor, actor, aliases) + 0.1 * _same_sector(gold_actor, actor)
        return value

    return agreement


def _same_name(gold: GoldActor, actor: Actor, aliases: dict[str, frozenset[str]]) -> bool:
    wanted = aliases.get(_fold(gold.name), frozenset({_fold(gold.name)}))
    names = {_fold(actor.name), *(_fold(a) for a in actor.aliases)}
    if names & wanted:
        return True
    # "the UN" for "United Nations", "PLA National Defence University" for its full name
    return any(n and w and (n in w or w in n) for n in names for w in wanted)


def _same_place(location: str, event: Event) -> bool:
    """Whether an event's place is the gold location: the same name, or what the gazetteer makes of it."""
    if event.place is None:
        return False
    if _fold(location) == _fold(event.place.name):
        return True
    from tacitus.places import geocode

    found = geocode(location)
    return found is not None and (found.name, found.country) == (event.place.name, event.place.country)


def _same_sector(gold: GoldActor, actor: Actor) -> bool:
    return bool(gold.sector) and (
        (actor.sector or "") == gold.sector or actor.code.endswith(gold.sector or "-")
    )


def _slots(pair: Pair) -> Iterator[tuple[GoldActor, Actor]]:
    event = pair.extracted
    if event.target is None or pair.gold.target is None:
        yield pair.gold.source, event.source
        return
    forward = event.source.country == pair.gold.source.country or pair.gold.source.country is None
    if forward or not pair.gold.is_meeting:
        yield pair.gold.source, event.source
        yield pair.gold.target, event.target
    else:
        yield pair.gold.source, event.target
        yield pair.gold.target, event.source


# -- reading ----------------------------------------------------------------------------------


def _gold_article(record: dict[str, Any], origin: str) -> GoldArticle:
    aliases: dict[str, frozenset[str]] = {}
    for person in record.get("persons") or []:
        names = frozenset(_fold(n) for n in [person["name"], *(person.get("aliases") or [])])
        for name in names:
            aliases[name] = aliases.get(name, frozenset()) | names
    events = tuple(_gold_event(e) for e in record.get("events") or [])
    file = record.get("file") or ""
    if not file:
        raise KeyError("file")
    return GoldArticle(
        id=str(record.get("id") or file), file=file, events=events, aliases=aliases, origin=origin
    )


def _gold_event(record: dict[str, Any]) -> GoldEvent:
    return GoldEvent(
        date=dt.date.fromisoformat(record["date"]),
        source=_gold_actor(record["source"]),
        target=_gold_actor(record["target"]) if record.get("target") is not None else None,
        plover=str(record["plover"]).upper(),
        cameo=str(record.get("cameo") or ""),
        plover_alt=tuple(str(p).upper() for p in record.get("plover_alt") or ()),
        location=record.get("location"),
        evidence=str(record.get("evidence") or ""),
    )


def _gold_actor(record: dict[str, Any]) -> GoldActor:
    return GoldActor(
        name=str(record["name"]), country=record.get("country") or None, sector=record.get("sector") or None
    )


def _fold(name: str) -> str:
    words = name.lower().replace("\u2019", "'").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc).splitlines()[0]
