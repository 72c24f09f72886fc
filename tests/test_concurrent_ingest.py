"""Two ingests into one store at once link the same near-copies as one ingest of everything.

Each ingest plans its batch (stored copies, near-copies) and extracts it without the write lock;
under the lock, before writing, it plans again when another process committed meanwhile
(``tacitus.ingest._ingest_batch``). Before that re-check, each process looked for near-copies only
among the rows committed when its batch started, and two ingests at once linked 4-12 of 40 copies.

The children are real ``tacitus ingest`` processes. Their extraction is a stand-in (one sentence
per line of the body, one event per article whose actors depend on the article's id, and a pause
that keeps both processes extracting at the same time): which articles are near-copies does not
depend on the parser, and a copy extracted by mistake shows as an event of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from bench.synthetic import generate

from tacitus.article import fingerprint, hamming_distance, parse_seed, same_story
from tacitus.check import check_store
from tacitus.store import open_store

REPO = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(
    """
    import datetime as dt, hashlib, sys, time
    import tacitus.pipeline
    from tacitus.records import Actor, ArticleResult, Event, Provenance, Sentence

    COUNTRIES = ["KEN", "ETH", "UGA", "TZA", "SOM", "RWA", "SDN", "EGY"]
    PAUSE = float(sys.argv[1])

    def stand_in(articles, *args, **kwargs):
        time.sleep(PAUSE)  # both processes extract at the same time
        for article in articles:
            sentences, start = [], 0
            for index, line in enumerate(article.text.split("\\n")):
                if line.strip():
                    sentences.append(Sentence(len(sentences), start, start + len(line), line))
                start += len(line) + 1
            first = sentences[0]
            digest = hashlib.sha1(article.id.encode()).digest()
            source = Actor(COUNTRIES[digest[0] % 8], "country", COUNTRIES[digest[0] % 8])
            target = Actor(COUNTRIES[digest[1] % 8], "country", COUNTRIES[digest[1] % 8])
            event = Event(
                source=source, target=target, cameo_code="040", cameo_name="Consult", goldstein=1.0, quad_class=1,
                plover_type="CONSULT", plover_mode=None, plover_context=None, date=article.pub_date,
                date_precision="day", provenance=Provenance(article.id, 0, first.start, first.end, first.text, "met"),
                confidence=0.5 + digest[2] / 1000,
            )
            yield ArticleResult(article, sentences, [], [event])

    tacitus.pipeline.extract = stand_in
    from tacitus.cli import run
    sys.argv = ["tacitus", "ingest", *sys.argv[2:]]
    run()
    """
)


def _edit(text: str, rng: random.Random, edits: int = 3) -> str:
    """``text`` with ``edits`` words dropped, added or doubled (the calibration of docs/reliability.md)."""
    words = text.split(" ")
    for _ in range(edits):
        i = rng.randrange(len(words))
        words[i : i + 1] = rng.choice([[], ["also"], [f"word{rng.randrange(999)}"], [words[i], "also"]])
    return " ".join(words)


def _corpus(folder: Path) -> tuple[list[Path], list[Path]]:
    """40 stories and a near-copy of each (3 words edited, another outlet's headline, published a
    day later or, for every third, a day earlier): two folders, each with 20 stories and the
    copies of the other 20, so each process finds the originals of its copies in the other's work."""
    rng = random.Random(5)
    halves: tuple[list[Path], list[Path]] = ([], [])
    for number, story in enumerate(generate(40, seed=11)):
        day = dt.timedelta(days=-1 if number % 3 == 0 else 1)
        copy = dataclasses.replace(story, title=f"{story.title} (wire)", body=_edit(story.body, rng),
                                   pub_date=story.pub_date + day)  # fmt: skip
        original, near = parse_seed(story.text, "a"), parse_seed(copy.text, "b")
        assert same_story(original.text, near.text), number
        assert hamming_distance(fingerprint(original.text), fingerprint(near.text)) <= 12, number
        for half, item in ((number % 2, story), (1 - number % 2, copy)):
            path = folder / f"half-{half}" / f"{number:02d}-{'copy' if item is copy else 'story'}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(item.text, encoding="utf-8")
            halves[half].append(path)
    return halves


def _ingest(db: Path, folders: list[Path], pause: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-c", CHILD, str(pause), *map(str, folders), "--db", str(db), "--batch-size", "4"]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _outcome(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """What the two runs must agree on: which article copies which, the events with their source
    counts and shown attributes, and every event source."""
    with sqlite3.connect(db) as raw:
        return {
            "articles": raw.execute("SELECT id, duplicate_of FROM articles ORDER BY id").fetchall(),
            "events": raw.execute("SELECT id, num_sources, basis, confidence FROM events ORDER BY id").fetchall(),
            "sources": raw.execute(
                "SELECT event_id, article_id, sentence_idx, start, end FROM event_sources ORDER BY 1, 2, 3, 4"
            ).fetchall(),
        }


def test_two_ingests_at_once_link_the_same_near_copies_as_one(tmp_path: Path) -> None:
    first, second = _corpus(tmp_path)
    alone = _ingest(tmp_path / "one.db", [first[0].parent, second[0].parent], 0.0)
    out, err = alone.communicate(timeout=300)
    assert alone.returncode == 0 and b"  rejected" not in out, (out + err).decode()
    together = [_ingest(tmp_path / "two.db", [half[0].parent], 0.3) for half in (first, second)]
    for child in together:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0 and b"  rejected" not in out, (out + err).decode()
    one, two = _outcome(tmp_path / "one.db"), _outcome(tmp_path / "two.db")
    linked = [row for row in one["articles"] if row[1] is not None]
    assert len(linked) == 40  # every copy linked to its story, none extracted
    assert len(one["events"]) == 40
    assert two["articles"] == one["articles"]  # the same copies linked, to the same originals
    assert two == one
    with open_store(tmp_path / "two.db") as store:
        assert check_store(store) == []
