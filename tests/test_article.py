"""Article parsing: the seed header, the dateline (place, day, outlet), content ids and near-duplicates."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SHARED
from tacitus.article import (
    article_id,
    find_dateline,
    fingerprint,
    hamming_distance,
    is_near_duplicate,
    make_article,
    match_dateline,
    normalize_whitespace,
    parse_header,
    parse_seed,
    resolve_day,
    same_story,
    shared_shingles,
)
from tacitus.errors import InputError

SEEDS = SHARED / "seeds"

# Our own wording, in the shape of a wire story: a junk line before the dateline paragraph.
WIRE_STORY = """ date 2023-05-10 Ministers meet on border trade

Agency) 09:15, May 10, 2023

ISLAMABAD, May 9 (Agency) -- The foreign minister of Pakistan on Tuesday received his Afghan
counterpart in Islamabad to discuss trade across the Torkham crossing.

Both sides agreed to keep the crossing open during the harvest season, officials said.
"""


def test_seed_header_gives_publication_date_and_headline() -> None:
    header = parse_header(" date 2022-04-28 Iranian president meets with Chinese defense minister", "a.txt")
    assert header.pub_date == dt.date(2022, 4, 28)
    assert header.title == "Iranian president meets with Chinese defense minister"


@pytest.mark.parametrize(
    "line, problem",
    [
        ("Iranian president meets", "not a header"),
        (" date 2022-13-01 Bad month", "not a valid calendar day"),
        (" date yesterday Headline", "not an ISO date"),
        (" date 1850-01-01 Too early", "before 1900"),
        (" date 2999-01-01 Too late", "in the future"),
    ],
)
def test_bad_headers_are_rejected_with_the_file_named(line: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_header(line, "corpus/a.txt")
    assert str(caught.value).startswith("corpus/a.txt: ")
    assert problem in str(caught.value)


def test_dateline_after_a_junk_line_gives_place_day_and_outlet() -> None:
    article = parse_seed(WIRE_STORY, "wire.txt")
    assert article.pub_date == dt.date(2023, 5, 10)
    assert article.dateline_place == "Islamabad"
    assert article.dateline_date == dt.date(2023, 5, 9)
    assert article.anchor_date == dt.date(2023, 5, 9)
    assert article.outlet == "Agency"
    assert article.title == "Ministers meet on border trade"
    assert article.text.startswith("Agency) 09:15")


@pytest.mark.parametrize(
    "line, place, day, outlet",
    [
        ("TEHRAN, April 27 (Xinhua) -- Iran said", "Tehran", dt.date(2022, 4, 27), "Xinhua"),
        ("BEIJING, Sept. 11 (Reuters) - China said", "Beijing", dt.date(2021, 9, 11), "Reuters"),
        ("NEW YORK, Sept 11 -- The council", "New York", dt.date(2021, 9, 11), None),
        ("KABUL, Afghanistan (AP) — The Taliban", "Kabul", None, "AP"),
        ("TEHRAN – Iran's army chief", "Tehran", None, None),
        ("UNITED NATIONS, Jan. 2 (Xinhua) -- The UN", "United Nations", dt.date(2022, 1, 2), "Xinhua"),
        # other outlets' forms: a place not in capitals (with an outlet), a bare agency, a country in capitals
        ("Paris (AFP) - France said", "Paris", None, "AFP"),
        ("Pyongyang, April 3 (KCNA) -- The DPRK", "Pyongyang", dt.date(2022, 4, 3), "KCNA"),
        ("New Delhi, April 3 (IANS) - India", "New Delhi", dt.date(2022, 4, 3), "IANS"),
        ("Tehran, IRNA -- Iran's foreign minister", "Tehran", None, "IRNA"),
        ("MOSCOW, April 3. /TASS/. Russia's envoy", "Moscow", dt.date(2022, 4, 3), "TASS"),
        ("TOLEDO, SPAIN — The river", "Toledo", None, None),
        ("PARIS, Dec. 30, 2021 (AFP) - France", "Paris", dt.date(2021, 12, 30), "AFP"),
    ],
)
def test_dateline_forms(line: str, place: str, day: dt.date | None, outlet: str | None) -> None:
    found = match_dateline(line, dt.date(2022, 4, 28))
    assert found is not None
    assert (found.place, found.date, found.outlet) == (place, day, outlet)
    assert line[found.end :].strip()[0].isalpha()  # the dateline ends where the story starts


@pytest.mark.parametrize(
    "line",
    [
        "UN chief calls for calm",
        "Iran said on Monday - reports",
        "The IAEA said",
        # a place not in capitals is a dateline only with an outlet; a weekday or "The" never opens one
        "Officials - the army said",
        "Beijing — China said",
        "Friday, April 1 (AFP) - x",
        "The Pentagon (AFP) - x",
        "Washington, DC - The",
        # capitalised labels and names before a colon or dash: no place
        "FILE PHOTO: Iran's flag flies in Vienna.",
        "BREAKING: Iran fires missiles",
        "EXCLUSIVE-Iran plans to",
        "UN: Iran said on Monday it would talk",
    ],
)
def test_ordinary_opening_sentences_are_not_datelines(line: str) -> None:
    assert match_dateline(line, dt.date(2022, 4, 28)) is None


def test_december_dateline_in_a_january_story_is_the_previous_year() -> None:
    found = match_dateline("BEIJING, Dec. 31 (Xinhua) -- China", dt.date(2022, 1, 2))
    assert found is not None and found.date == dt.date(2021, 12, 31)


def test_dateline_day_after_publication_means_previous_year() -> None:
    assert resolve_day(5, 3, dt.date(2022, 5, 2)) == dt.date(2021, 5, 3)
    assert resolve_day(5, 2, dt.date(2022, 5, 2)) == dt.date(2022, 5, 2)


def test_impossible_dateline_day_gives_no_date() -> None:
    assert resolve_day(2, 30, dt.date(2022, 5, 2)) is None
    assert resolve_day(2, 29, dt.date(2021, 5, 2)) is None  # 2020-02-29 is more than a year back
    assert resolve_day(2, 29, dt.date(2021, 1, 2)) == dt.date(2020, 2, 29)


def test_dateline_is_looked_for_only_in_the_leading_paragraphs() -> None:
    text = "First.\n\nSecond.\n\nThird.\n\nTEHRAN, April 27 (Xinhua) -- Late."
    assert find_dateline(text, dt.date(2022, 4, 28)) is None


def test_press_tv_reported_names_the_outlet() -> None:
    story = " date 2019-09-13 Army chiefs meet\n\nThe two commanders met in Beijing, Press TV reported.\n"
    assert parse_seed(story, "s.txt").outlet == "Press TV"


def test_headline_that_opens_with_a_dateline_is_the_lead_paragraph() -> None:
    story = (
        " date 2019-09-13 TEHRAN – Iran's army chief says ties with China matter.\n\nHe spoke in Beijing.\n"
    )
    article = parse_seed(story, "s.txt")
    assert article.dateline_place == "Tehran"
    assert article.dateline_date is None
    assert article.anchor_date == dt.date(2019, 9, 13)
    assert article.title == "Iran's army chief says ties with China matter."
    assert article.text.startswith("TEHRAN – Iran's army chief says")  # its events are extracted too
    assert article.text.endswith("He spoke in Beijing.")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed articles not present")
def test_seed_articles() -> None:
    first = parse_seed((SEEDS / "000_392df05fe0097dfe.txt").read_text(), "000.txt")
    assert (first.dateline_place, first.dateline_date, first.outlet) == (
        "Tehran",
        dt.date(2022, 4, 27),
        "Xinhua",
    )
    second = parse_seed((SEEDS / "004_ca39e523ff7368f4.txt").read_text(), "004.txt")
    assert (second.dateline_place, second.dateline_date, second.outlet) == ("Tehran", None, "Press TV")
    assert second.anchor_date == dt.date(2019, 9, 13)


def test_article_id_ignores_case_and_spacing_but_not_words() -> None:
    assert article_id("Talks", "Iran and  China\nmet.") == article_id("TALKS", "iran and china met.")
    assert article_id("Talks", "Iran and China met.") != article_id("Talks", "Iran and Chile met.")
    assert len(article_id("t", "x")) == 16
    assert article_id("t", "x") == article_id("t", "x")


def test_same_article_read_twice_has_the_same_id() -> None:
    assert parse_seed(WIRE_STORY, "a.txt").id == parse_seed(WIRE_STORY.replace("\n", "\r\n"), "b.txt").id


# Near-duplicates. The same story as two outlets might carry it, and a different story on the same topic.
STORY = (
    "The foreign minister of Pakistan on Tuesday received his Afghan counterpart in Islamabad for talks on "
    "trade across the Torkham crossing, which was closed for nine days last month after clashes between "
    "border guards. Both sides agreed to keep the crossing open during the harvest season and to set up a "
    "joint committee that will meet every month to settle disputes over customs fees. The Afghan minister "
    "said his government wanted good relations with all its neighbours and would not allow its soil to be "
    "used against any country. Pakistan's minister said trade between the two countries could double within "
    "three years if the crossings stayed open, and invited Afghan traders to a fair in Peshawar in June."
)
REWORDED = (
    STORY.replace("The foreign minister of Pakistan", "Pakistan's foreign minister")
    .replace("nine days", "nine straight days")
    .replace("said his government", "stressed that his government")
)
OTHER_STORY_SAME_TOPIC = (
    "Pakistan closed the Torkham crossing with Afghanistan on Sunday after an exchange of fire between "
    "border guards that wounded three people, officials said. Hundreds of trucks carrying fruit were stranded "
    "on both sides. The foreign ministry in Islamabad summoned the Afghan charge d'affaires to protest, and "
    "the Taliban government in Kabul accused Pakistani troops of building a post inside Afghan territory. "
    "Traders in Peshawar said they were losing money every day the border stayed shut."
)


def test_same_story_reworded_is_a_near_duplicate() -> None:
    assert is_near_duplicate(fingerprint(STORY), fingerprint(REWORDED))
    with_dateline = "ISLAMABAD, May 9 (Reuters) - " + STORY
    assert is_near_duplicate(fingerprint(STORY), fingerprint(with_dateline))


def test_different_story_on_the_same_topic_is_not_a_near_duplicate() -> None:
    assert not is_near_duplicate(fingerprint(STORY), fingerprint(OTHER_STORY_SAME_TOPIC))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed articles not present")
def test_the_two_seed_stories_are_not_near_duplicates() -> None:
    texts = [parse_seed(p.read_text(), p.name).text for p in sorted(SEEDS.glob("*.txt"))]
    assert not is_near_duplicate(fingerprint(texts[0]), fingerprint(texts[1]))


def test_fingerprint_is_64_bits_and_deterministic() -> None:
    value = fingerprint(STORY)
    assert len(value) == 16 and int(value, 16) >= 0
    assert value == fingerprint(STORY)
    assert hamming_distance(value, value) == 0
    assert fingerprint("") == fingerprint("")  # no text still gives a fingerprint


def test_word_overlap_confirms_a_fingerprint_match() -> None:
    assert same_story(STORY, REWORDED)
    assert not same_story(STORY, OTHER_STORY_SAME_TOPIC)
    assert shared_shingles(STORY, STORY) == 1.0


def _reference_simhash(text: str) -> str:
    """SimHash written out bit by bit: +1 for each word-pair hash with the bit set, -1 without."""
    import hashlib

    from tacitus.article import shingles

    weights = [0] * 64
    for shingle in shingles(text):
        value = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if (value >> bit) & 1 else -1
    return f"{sum(1 << bit for bit in range(64) if weights[bit] > 0):016x}"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Talks",
        "Kenya and Ethiopia signed a power deal on Monday.",
        "The foreign minister of Jordan met his counterpart from Norway in the capital. " * 20,
    ],
)
def test_fingerprint_is_the_simhash_stored_by_earlier_versions(text: str) -> None:
    """Stores written before the vectorised fingerprint still find their near-copies."""
    from tacitus.article import fingerprint

    assert fingerprint(text) == _reference_simhash(text)


# Our own wording, wrapped at 60 characters as a plain-text archive or an e-mail would be.
_PARAGRAPHS = [
    ("Kenyan President William Ruto received Ethiopian Prime Minister Abiy Ahmed in Nairobi on Monday "
    "and the two leaders signed an agreement on border trade."),
    "Officials said the accord lowers fees at the Moyale crossing.",
]


def _wrapped(width: int) -> str:
    import textwrap

    return "\n\n".join(textwrap.fill(p, width) for p in _PARAGRAPHS)


def test_a_hard_wrapped_text_keeps_its_paragraphs_and_loses_its_line_breaks() -> None:
    wrapped = _wrapped(60)
    assert wrapped.count("\n") > 4  # the first paragraph spans three lines
    unwrapped = normalize_whitespace(wrapped)
    assert len(unwrapped) == len(wrapped)  # offsets into the stored text do not move
    assert unwrapped.split("\n\n") == _PARAGRAPHS


def test_no_break_spaces_become_spaces_and_ids_do_not_change() -> None:
    text = "Kenyan\u00a0President William\u202fRuto met Abiy Ahmed.\n\nThey signed an accord."
    article = make_article("Ruto\u00a0meets Abiy", text, dt.date(2024, 3, 5), origin="t")
    assert article.text == "Kenyan President William Ruto met Abiy Ahmed.\n\nThey signed an accord."
    assert article.title == "Ruto meets Abiy"
    assert article.id == article_id("Ruto\u00a0meets Abiy", text)


@pytest.mark.parametrize(
    "text",
    [
        "\n\n".join(_PARAGRAPHS),  # paragraphs on long lines: nothing to unwrap
        "\n".join(_PARAGRAPHS),  # one paragraph a line
        "Ruto meets Abiy\nKenya and Ethiopia sign a deal\nOfficials hail it\n",  # short lines, no wrapping
        "A headline without a stop\n\n" + "\n\n".join(_PARAGRAPHS),
    ],
)
def test_texts_that_are_not_hard_wrapped_keep_every_line_break(text: str) -> None:
    assert normalize_whitespace(text) == text


def test_a_label_paragraph_before_the_dateline_is_passed_over() -> None:
    text = "FILE PHOTO: A flag outside the agency's offices.\n\nDUBAI, March 5 (Reuters) - Iran said on Tuesday."
    found = find_dateline(text, dt.date(2024, 3, 6))
    assert found is not None and (found.place, found.date, found.outlet) == ("Dubai", dt.date(2024, 3, 5), "Reuters")
    assert match_dateline("ISLAMABAD: Pakistan said", dt.date(2024, 3, 6)) is not None  # a known city before a colon
