"""Synthetic news articles for benchmarks and scale tests, generated from our own templates.

Each article is in the seed format: a header line `` date YYYY-MM-DD <headline>``, a blank line,
then a body whose first paragraph opens with a dateline (``CAIRO, March 3 (Northwind Wire) --``).
Actors, titles, verbs, topics, dates, weekdays and datelines vary; sentences run 12-35 words and
articles 150-450 words, about the size of real wire stories. The same ``seed`` always gives the
same articles, so figures measured on them can be reproduced.

    python -m bench synthetic                      # corpus statistics of 200 articles
    python -m bench.synthetic --write DIR -n 1000  # write 1,000 article files into DIR
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from tacitus.article import parse_seed
from tacitus.records import Article


@dataclass(frozen=True)
class Country:
    name: str
    demonym: str
    capital: str
    leader_title: str  # the head of government's usual title


COUNTRIES = (
    Country("Iran", "Iranian", "Tehran", "President"),
    Country("China", "Chinese", "Beijing", "Premier"),
    Country("Russia", "Russian", "Moscow", "President"),
    Country("Turkey", "Turkish", "Ankara", "President"),
    Country("Egypt", "Egyptian", "Cairo", "President"),
    Country("India", "Indian", "New Delhi", "Prime Minister"),
    Country("Pakistan", "Pakistani", "Islamabad", "Prime Minister"),
    Country("Japan", "Japanese", "Tokyo", "Prime Minister"),
    Country("Germany", "German", "Berlin", "Chancellor"),
    Country("France", "French", "Paris", "President"),
    Country("Brazil", "Brazilian", "Brasilia", "President"),
    Country("Nigeria", "Nigerian", "Abuja", "President"),
    Country("Kenya", "Kenyan", "Nairobi", "President"),
    Country("Israel", "Israeli", "Jerusalem", "Prime Minister"),
    Country("Syria", "Syrian", "Damascus", "President"),
    Country("Iraq", "Iraqi", "Baghdad", "Prime Minister"),
    Country("Afghanistan", "Afghan", "Kabul", "President"),
    Country("Ukraine", "Ukrainian", "Kyiv", "President"),
    Country("Poland", "Polish", "Warsaw", "Prime Minister"),
    Country("Mexico", "Mexican", "Mexico City", "President"),
    Country("Indonesia", "Indonesian", "Jakarta", "President"),
    Country("Vietnam", "Vietnamese", "Hanoi", "Prime Minister"),
    Country("South Africa", "South African", "Pretoria", "President"),
    Country("Saudi Arabia", "Saudi", "Riyadh", "Crown Prince"),
)

MINISTER_TITLES = (
    "Foreign Minister",
    "Defense Minister",
    "Trade Minister",
    "Interior Minister",
    "Finance Minister",
    "Energy Minister",
)

# Invented names: given names and family names combined at random.
GIVEN_NAMES = (
    "Amir",
    "Lena",
    "Tomas",
    "Farid",
    "Mei",
    "Oleg",
    "Aylin",
    "Karim",
    "Sofia",
    "Rahul",
    "Hana",
    "Yusuf",
    "Ines",
    "Pavel",
    "Nadia",
    "Chen",
    "Dario",
    "Leila",
    "Kofi",
    "Marta",
    "Idris",
    "Noor",
)
FAMILY_NAMES = (
    "Haddad",
    "Morrow",
    "Castellan",
    "Okafor",
    "Lindqvist",
    "Tavares",
    "Rahimi",
    "Zhou",
    "Petrenko",
    "Aziz",
    "Brandt",
    "Mwangi",
    "Kowalczyk",
    "Nakamura",
    "Serrano",
    "Demir",
    "Varga",
    "Osei",
)

OUTLETS = ("Northwind Wire", "Meridian News Agency", "Capital Daily", "Harbor Press Service")

TOPICS = (
    "energy security",
    "agriculture",
    "counter-terrorism",
    "infrastructure investment",
    "public health",
    "maritime trade",
    "climate adaptation",
    "technology transfer",
    "border management",
    "higher education",
)

GRIEVANCES = (
    "its treatment of detained journalists",
    "repeated violations of the ceasefire",
    "its support for armed groups in the region",
    "the seizure of a commercial vessel",
    "restrictions on humanitarian access",
    "a series of cyber attacks on state agencies",
)

DEMANDS = (
    "release the detained aid workers",
    "withdraw its troops from the disputed area",
    "resume talks without preconditions",
    "open its airspace to civilian flights",
    "halt the construction of new military posts",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    country: Country

    @property
    def styled(self) -> str:
        """First reference: "Iranian Foreign Minister Amir Haddad"."""
        return f"{self.country.demonym} {self.title} {self.name}"

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated story: what the seed-format file holds, and what the generator knows about it."""

    file_name: str
    title: str
    body: str
    pub_date: dt.date
    dateline_place: str
    dateline_date: dt.date
    outlet: str

    @property
    def text(self) -> str:
        """The whole file in seed format."""
        return f" date {self.pub_date.isoformat()} {self.title}\n\n{self.body}\n"

    @property
    def words(self) -> int:
        return len(self.body.split())

    def to_article(self) -> Article:
        """The article Tacitus reads from this story's file (same id, dateline and outlet)."""
        return parse_seed(self.text, f"synthetic/{self.file_name}")


class _Writer:
    """Builds one article from a random source; every choice goes through ``self.random``."""

    def __init__(self, rng: random.Random) -> None:
        self.random = rng

    def person(self, country: Country, title: str | None = None) -> Person:
        name = f"{self.random.choice(GIVEN_NAMES)} {self.random.choice(FAMILY_NAMES)}"
        return Person(name, title or self.random.choice((country.leader_title, *MINISTER_TITLES)), country)

    def day_phrase(self, anchor: dt.date) -> tuple[dt.date, str]:
        """A day within the week before the dateline, and the words that name it."""
        back = self.random.choice((0, 0, 1, 1, 2, 3))
        day = anchor - dt.timedelta(days=back)
        if back == 0 and self.random.random() < 0.3:
            return day, "earlier in the day"
        return day, f"on {WEEKDAYS[day.weekday()]}"

    def main_event(self, a: Person, b: Person, when: str) -> tuple[str, str]:
        """The lead sentence and the headline for the article's main event."""
        topic = self.random.choice(TOPICS)
        src, tgt = a.country, b.country
        choices = [
            (
                f"{a.styled} {when} met with visiting {b.styled} to discuss closer cooperation in {topic}.",
                f"{src.demonym} {a.title.lower()} meets {tgt.demonym} {b.title.lower()}",
            ),
            (
                (
                    f"{src.name} and {tgt.name} {when} signed an agreement on {topic}, according to a joint "
                    f"statement released after talks between {a.styled} and {b.styled}."
                ),
                f"{src.name}, {tgt.name} sign {topic} agreement",
            ),
            (
                (
                    f"{a.styled} {when} sharply criticized {tgt.name} over {self.random.choice(GRIEVANCES)}, "
                    "calling the conduct unacceptable."
                ),
                f"{src.name} criticizes {tgt.name}",
            ),
            (
                (
                    f"The {src.demonym} government {when} imposed sanctions on several {tgt.demonym} officials "
                    f"over {self.random.choice(GRIEVANCES)}, the {a.title.lower()}'s office said."
                ),
                f"{src.name} sanctions {tgt.demonym} officials",
            ),
            (
                (
                    f"{a.styled} {when} urged {tgt.name} to {self.random.choice(DEMANDS)}, warning that patience "
                    "in the region was running out."
                ),
                f"{src.name} urges {tgt.name} to act",
            ),
            (
                f"{a.styled} {when} praised {tgt.name} for its constructive role in regional talks on {topic}.",
                f"{src.name} praises {tgt.name}",
            ),
            (
                (
                    f"{src.demonym} troops {when} clashed with {tgt.demonym} forces near the border, "
                    "a military spokesman said, adding that several soldiers were wounded."
                ),
                f"{src.demonym}, {tgt.demonym} forces clash at border",
            ),
            (
                (
                    f"{a.styled} arrived in {tgt.capital} {when} for a three-day official visit at the invitation "
                    f"of {b.styled}."
                ),
                f"{src.demonym} {a.title.lower()} visits {tgt.name}",
            ),
            (
                (
                    f"{src.name} {when} accused {tgt.name} of {self.random.choice(GRIEVANCES).replace('its ', '')}, "
                    "and summoned its ambassador to deliver a formal protest."
                ),
                f"{src.name} accuses {tgt.name}, summons envoy",
            ),
            (
                (
                    f"{src.name} {when} sent a shipment of humanitarian aid to {tgt.name}, including food, "
                    "medicine and tents for families displaced by flooding."
                ),
                f"{src.name} sends aid to {tgt.name}",
            ),
        ]
        return self.random.choice(choices)

    def follow_ups(self, a: Person, b: Person) -> list[str]:
        """The story's other sentences (quotes, reactions, background), shuffled, each used once."""
        topic = self.random.choice(TOPICS)
        src, tgt = a.country, b.country
        choices = [
            (
                f"During the meeting, {a.surname} called for expanding cooperation between the two countries "
                f"in {topic} and in trade."
            ),
            (
                f"For his part, {b.surname} said that relations between {tgt.name} and {src.name} had made "
                "steady progress over the past year."
            ),
            (
                f"The two sides exchanged views on regional and international issues of common concern, "
                f"the {src.demonym} foreign ministry said in a statement."
            ),
            (
                f"{b.surname} said {tgt.name} was ready to work with {src.name} to deal with risks and "
                "challenges and to safeguard common interests."
            ),
            (
                f"Trade between the two countries reached {self.random.randint(2, 90)} billion dollars last "
                "year, according to official figures."
            ),
            (
                f"Analysts in {src.capital} said the move reflected growing frustration with {tgt.name} after "
                "months of stalled negotiations."
            ),
            (
                f"The {tgt.demonym} foreign ministry rejected the accusations as baseless and said it reserved "
                "the right to respond."
            ),
            (
                f"{a.surname} is expected to travel to {tgt.capital} later this year, officials said, "
                "although no date has been set."
            ),
            f"Officials from both governments are due to meet again next month to review progress on {topic}.",
            (
                f"{a.surname} told reporters that {src.name} remained committed to dialogue but would not "
                "accept pressure from any side."
            ),
            f"The {tgt.demonym} embassy in {src.capital} did not immediately respond to a request for comment.",
            (
                f"Earlier this year, {src.name} and {tgt.name} agreed to set up a joint committee on {topic}, "
                "which has met three times since."
            ),
            (
                f"{src.demonym} officials said the talks also covered the situation in the region "
                "and the security of shipping lanes."
            ),
            (
                f"{src.name}, which opposes unilateral measures and outside interference, supports {tgt.name} in "
                f"defending its sovereignty, {a.surname} said."
            ),
            (
                f"Speaking at a news conference in {src.capital}, {a.surname} said the government would announce "
                f"further steps on {topic} in the coming weeks."
            ),
            (
                f"Diplomats in {tgt.capital} described the atmosphere of the talks as frank and businesslike, "
                "but said deep differences remained."
            ),
            (
                f"Under a plan agreed in principle last spring, the two countries intend to double the number "
                f"of joint projects in {topic} by the end of the decade."
            ),
            (
                f"Opposition lawmakers in {tgt.capital} criticized the government for moving too slowly and "
                "demanded a full debate in parliament."
            ),
            (
                f"{b.surname} thanked {src.name} for its long-term support and said the partnership served the "
                "interests of both peoples."
            ),
            (
                f"Several thousand people gathered outside the parliament in {src.capital} on the same day, "
                "calling for an end to the dispute."
            ),
        ]
        self.random.shuffle(choices)
        return choices

    def article(self, index: int) -> SyntheticArticle:
        rng = self.random
        src, tgt = rng.sample(COUNTRIES, 2)
        a = self.person(src)
        b = self.person(tgt)
        pub_date = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
        dateline_date = pub_date - dt.timedelta(days=rng.choice((0, 0, 1)))
        dateline_place = rng.choice((src.capital, tgt.capital))
        outlet = rng.choice(OUTLETS)
        _, when = self.day_phrase(dateline_date)
        lead, headline = self.main_event(a, b, when)
        dateline = (
            f"{dateline_place.upper()}, {MONTHS[dateline_date.month - 1]} {dateline_date.day} ({outlet}) --"
        )
        paragraphs = [f"{dateline} {lead}"]
        deck = self.follow_ups(a, b)
        for _ in range(rng.randint(3, 8)):
            sentences = [deck.pop() for _ in range(rng.randint(1, 3)) if deck]
            if rng.random() < 0.25:  # a second event in the same story, with its own actors
                third = self.person(rng.choice([c for c in COUNTRIES if c not in (src, tgt)]))
                _, later = self.day_phrase(dateline_date)
                sentences.append(self.main_event(third, a, later)[0])
            paragraphs.append(" ".join(sentences))
        body = "\n\n".join(paragraphs)
        return SyntheticArticle(
            file_name=f"synthetic_{index:06d}.txt",
            title=headline[0].upper() + headline[1:],
            body=body,
            pub_date=pub_date,
            dateline_place=dateline_place.title(),
            dateline_date=dateline_date,
            outlet=outlet,
        )


def generate(count: int, seed: int = 0) -> Iterator[SyntheticArticle]:
    """``count`` synthetic stories, the same ones for the same ``seed``."""
    writer = _Writer(random.Random(seed))
    for index in range(count):
        yield writer.article(index)


VARIED_VOCABULARY = 50_000
VARIED_START = dt.date(2018, 1, 1)  # the seven years of publication dates (as generate's)
VARIED_SPAN_DAYS = 7 * 365
_ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou")


def _vocabulary(size: int, rng: random.Random) -> list[str]:
    """``size`` distinct invented words of 2-4 syllables, most frequent first."""
    words: dict[str, None] = {}
    while len(words) < size:
        words.setdefault("".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4))))
    return list(words)


def varied(
    count: int, seed: int = 0, copy_share: float = 0.05, in_order: bool = False
) -> Iterator[SyntheticArticle]:
    """``count`` stories for the store path at scale: as varied as real news, with near-copies.

    Each is a :func:`generate` story (headline, dateline, lead sentence) whose other paragraphs,
    the same number of words, are drawn from an invented vocabulary of 50,000 words with Zipf
    frequencies, so that two unrelated stories share few word pairs (templated stories share
    30-50 %, which real news does not). A share ``copy_share`` of them are near-copies of one of
    the 1,000 stories before (three words replaced), published the same day or up to two days
    later, one in ten a day earlier (which makes the stored one its copy). Not for parsing: the
    words are not English.

    Stories come in random order of publication over seven years unless ``in_order``: then they
    come as a news stream or a day-by-day collection gives them, the ``i``-th published on day
    ``i * 7 * 365 // count`` of those seven years (a near-copy still up to a day before or two
    after its original).
    """
    rng = random.Random(seed)
    draw = np.random.default_rng(seed)
    vocabulary = _vocabulary(VARIED_VOCABULARY, rng)
    cumulative = np.cumsum(1.0 / (np.arange(VARIED_VOCABULARY) + 2.7))
    cumulative /= cumulative[-1]
    recent: list[SyntheticArticle] = []
    for index, story in enumerate(generate(count, seed)):
        if recent and rng.random() < copy_share:
            original = rng.choice(recent)
            words = original.body.split(" ")
            for at in rng.sample(range(len(words)), min(3, len(words))):
                words[at] = vocabulary[rng.randrange(VARIED_VOCABULARY)] + ("\n\n" if "\n\n" in words[at] else "")
            shift = rng.choice((-1, 0, 0, 0, 1, 1, 2, 2, 2, 2))
            story = replace(original, file_name=f"varied_{index:07d}.txt", body=" ".join(words),
                            pub_date=original.pub_date + dt.timedelta(days=shift))  # fmt: skip
        else:
            if in_order:
                published = VARIED_START + dt.timedelta(days=index * VARIED_SPAN_DAYS // max(count, 1))
                story = replace(
                    story, pub_date=published, dateline_date=published - (story.pub_date - story.dateline_date)
                )
            lead, *rest = story.body.split("\n\n")
            need = sum(len(p.split()) for p in rest)
            drawn = np.searchsorted(cumulative, draw.random(need)).tolist()
            paragraphs, at = [lead], 0
            for left in range(len(rest), 0, -1):
                size = (need - at) // left
                sentences, end = [], at + size
                while at < end:
                    length = min(end - at, rng.randint(12, 30))
                    sentence = " ".join(vocabulary[w] for w in drawn[at : at + length])
                    sentences.append(sentence[0].upper() + sentence[1:] + ".")
                    at += length
                paragraphs.append(" ".join(sentences))
            story = replace(story, file_name=f"varied_{index:07d}.txt", body="\n\n".join(p for p in paragraphs if p))
        recent.append(story)
        if len(recent) > 1_000:
            recent.pop(0)
        yield story


def articles(count: int, seed: int = 0) -> list[Article]:
    """``count`` synthetic stories as :class:`tacitus.records.Article` records (no file reading)."""
    return [story.to_article() for story in generate(count, seed)]


def write_corpus(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` seed-format files into ``folder`` (created if needed); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for story in generate(count, seed):
        path = folder / story.file_name
        path.write_text(story.text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=200, help="how many articles (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", type=Path, metavar="DIR", help="write the articles as files into DIR")
    args, _ = parser.parse_known_args()
    stories = list(generate(args.count, args.seed))
    words = [s.words for s in stories]
    sentences = sum(s.body.count(". ") + s.body.count(".\n") + 1 for s in stories)
    print(f"synthetic corpus (seed {args.seed})")
    print(f"  {'articles':<24}{len(stories):>10,}")
    print(f"  {'words':<24}{sum(words):>10,}")
    print(
        f"  {'words per article':<24}{sum(words) / len(stories):>10.0f}  (min {min(words)}, max {max(words)})"
    )
    print(f"  {'sentences (approx.)':<24}{sentences:>10,}")
    if args.write:
        paths = write_corpus(args.write, args.count, args.seed)
        print(f"  wrote {len(paths):,} files into {args.write}")


if __name__ == "__main__":
    main()
