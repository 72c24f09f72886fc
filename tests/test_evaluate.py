"""Evaluation: gold files, the scoring convention, and `tacitus eval`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.codebook import cameo
from tacitus.errors import InputError
from tacitus.evaluate import GoldArticle, evaluate, read_gold, score, score_article
from tacitus.records import Actor, Article, ArticleResult, Event, Provenance

WEDNESDAY = dt.date(2022, 4, 27)

RAISI = {"name": "Ebrahim Raisi", "country": "IRN", "sector": "GOV"}
WEI = {"name": "Wei Fenghe", "country": "CHN", "sector": "MIL"}
IRAN = {"name": "Iran", "country": "IRN", "sector": None}
UNITED_NATIONS = {"name": "United Nations", "country": None, "sector": "IGO"}


def gold_event(
    source: dict[str, Any], target: dict[str, Any] | None, plover: str, code: str, **extra: Any
) -> dict[str, Any]:
    return {
        "date": WEDNESDAY.isoformat(),
        "source": source,
        "target": target,
        "plover": plover,
        "cameo": code,
    } | extra


def gold_record(events: list[dict[str, Any]], file: str = "visit.txt") -> dict[str, Any]:
    persons = [{"name": "Ebrahim Raisi", "aliases": ["Raisi"], "country": "IRN", "sector": "GOV"}]
    return {"id": "t1", "file": file, "events": events, "persons": persons}


def gold_article(tmp_path: Path, events: list[dict[str, Any]]) -> GoldArticle:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold_record(events)) + "\n", encoding="utf-8")
    return read_gold(path)[0]


def actor(name: str, country: str | None, sector: str | None = None, code: str | None = None) -> Actor:
    kind = "country" if name in ("Iran", "China") else "organisation" if code else "person"
    return Actor(name=name, kind=kind, country=country, sector=sector, code_override=code)


def event(source: Actor, target: Actor | None, code: str, date: dt.date = WEDNESDAY) -> Event:
    return Event(
        **cameo(code).event_fields(),
        source=source,
        target=target,
        date=date,
        date_precision="day",
        provenance=Provenance("t1", 0, 0, 10, "evidence sentence", "met"),
    )


RAISI_ACTOR = actor("Raisi", "IRN", "GOV")
WEI_ACTOR = actor("Wei Fenghe", "CHN", "MIL")


def test_a_matching_event_is_a_hit_and_names_go_by_their_aliases(tmp_path: Path) -> None:
    gold = gold_article(tmp_path, [gold_event(RAISI, WEI, "CONSULT", "040")])
    scored = score_article(gold, [event(RAISI_ACTOR, WEI_ACTOR, "040")])
    assert (len(scored.hits), scored.misses, scored.false_positives) == (1, [], [])
    evaluation = score([gold], {"visit.txt": ArticleResult(article=_article(), events=[])})
    assert evaluation.misses == 1


def test_the_date_must_agree_but_is_also_scored_on_its_own(tmp_path: Path) -> None:
    gold = gold_article(tmp_path, [gold_event(RAISI, WEI, "CONSULT", "040")])
    scored = score_article(gold, [event(RAISI_ACTOR, WEI_ACTOR, "040", WEDNESDAY - dt.timedelta(days=7))])
    assert (len(scored.hits), len(scored.misses), len(scored.false_positives)) == (0, 1, 1)
    assert len(scored.date_pairs) == 1


def test_plover_alternatives_are_accepted(tmp_path: Path) -> None:
    gold = gold_article(tmp_path, [gold_event(WEI, IRAN, "AGREE", "030", plover_alt=["COOPERATE"])])
    cooperation = event(WEI_ACTOR, actor("Iran", "IRN"), "061")  # COOPERATE
    assert len(score_article(gold, [cooperation]).hits) == 1
    rejection = event(WEI_ACTOR, actor("Iran", "IRN"), "120")  # REJECT
    assert len(score_article(gold, [rejection]).hits) == 0


def test_a_meeting_matches_either_way_and_its_reverse_copy_is_neutral(tmp_path: Path) -> None:
    gold = gold_article(tmp_path, [gold_event(RAISI, WEI, "CONSULT", "040")])
    both_ways = [event(WEI_ACTOR, RAISI_ACTOR, "040"), event(RAISI_ACTOR, WEI_ACTOR, "040")]
    scored = score_article(gold, both_ways)
    assert (len(scored.hits), len(scored.reverse_copies), len(scored.false_positives)) == (1, 1, 0)
    assert len(score_article(gold, both_ways[:1]).hits) == 1


def test_only_meetings_match_in_reverse(tmp_path: Path) -> None:
    gold = gold_article(tmp_path, [gold_event(RAISI, WEI, "SUPPORT", "051")])
    scored = score_article(gold, [event(WEI_ACTOR, RAISI_ACTOR, "051")])
    assert (len(scored.hits), len(scored.false_positives)) == (0, 1)


def test_gold_events_are_a_multiset(tmp_path: Path) -> None:
    two_meetings = [gold_event(RAISI, WEI, "CONSULT", "040"), gold_event(RAISI, WEI, "CONSULT", "040")]
    gold = gold_article(tmp_path, two_meetings)
    scored = score_article(gold, [event(RAISI_ACTOR, WEI_ACTOR, "040")])
    assert (len(scored.hits), len(scored.misses)) == (1, 1)
    three = [
        event(RAISI_ACTOR, WEI_ACTOR, "040"),
        event(RAISI_ACTOR, WEI_ACTOR, "040"),
        event(RAISI_ACTOR, WEI_ACTOR, "040"),
    ]
    scored = score_article(gold, three)
    assert (len(scored.hits), len(scored.false_positives)) == (2, 1)


def test_an_igo_target_matches_on_its_name(tmp_path: Path) -> None:
    gold = gold_article(tmp_path, [gold_event(IRAN, UNITED_NATIONS, "REQUEST", "022")])
    un = actor("United Nations", None, "IGO", code="IGOUNO")
    nato = actor("NATO", None, "IGO", code="IGOWSTNAT")
    assert len(score_article(gold, [event(actor("Iran", "IRN"), un, "022")]).hits) == 1
    assert len(score_article(gold, [event(actor("Iran", "IRN"), nato, "022")]).hits) == 0


def test_an_igo_official_stands_for_the_igo_the_dictionaries_give_its_gold_name(tmp_path: Path) -> None:
    unicef = {"name": "UNICEF", "country": None, "sector": "IGO"}
    gold = gold_article(tmp_path, [gold_event(unicef, IRAN, "REQUEST", "022")])
    head_of_unicef = actor("Catherine Russell", None, "IGO", code="IGOUNOKID")
    head_of_wfp = actor("Cindy McCain", None, "IGO", code="IGOUNOWFP")
    assert len(score_article(gold, [event(head_of_unicef, actor("Iran", "IRN"), "022")]).hits) == 1
    assert len(score_article(gold, [event(head_of_wfp, actor("Iran", "IRN"), "022")]).hits) == 0


def test_an_untargeted_gold_event_matches_only_an_untargeted_event(tmp_path: Path) -> None:
    gold = gold_article(tmp_path, [gold_event(IRAN, None, "MOBILIZE", "150")])
    aimed = score_article(gold, [event(actor("Iran", "IRN"), actor("China", "CHN"), "150")])
    unaimed = score_article(gold, [event(actor("Iran", "IRN"), None, "150")])
    assert (len(aimed.hits), len(aimed.false_positives)) == (0, 1)
    assert (len(unaimed.hits), len(unaimed.false_positives)) == (1, 0)


def test_pairing_prefers_the_event_with_the_right_people_and_code(tmp_path: Path) -> None:
    bagheri = {"name": "Mohammad Bagheri", "country": "IRN", "sector": "MIL"}
    gold = gold_article(
        tmp_path, [gold_event(WEI, bagheri, "CONSULT", "040"), gold_event(WEI, IRAN, "CONSULT", "042")]
    )
    extracted = [
        event(WEI_ACTOR, actor("Iran", "IRN"), "042"),
        event(WEI_ACTOR, actor("Mohammad Bagheri", "IRN", "MIL"), "040"),
    ]
    scored = score_article(gold, extracted)
    assert [(p.gold.cameo, p.extracted.cameo_code) for p in scored.hits] == [("040", "040"), ("042", "042")]


def test_summary_figures(tmp_path: Path) -> None:
    gold = gold_article(
        tmp_path, [gold_event(RAISI, WEI, "CONSULT", "040"), gold_event(RAISI, IRAN, "SUPPORT", "051")]
    )
    extracted = [event(RAISI_ACTOR, WEI_ACTOR, "042"), event(WEI_ACTOR, RAISI_ACTOR, "111")]
    evaluation = score([gold], {"visit.txt": ArticleResult(article=_article(), events=extracted)})
    summary = evaluation.summary()
    assert (summary["hits"], summary["false_positives"], summary["misses"]) == (1, 1, 1)
    per_type = {
        row["plover"]: (row["gold"], row["hits"], row["false_positives"])
        for row in evaluation.by_plover_type()
    }
    assert per_type == {"CONSULT": (1, 1, 0), "SUPPORT": (1, 0, 0), "ACCUSE": (0, 0, 1)}
    assert (summary["precision"], summary["recall"], summary["f1"]) == (0.5, 0.5, 0.5)
    assert summary["cameo_exact_agreement"] == 0.0 and summary["cameo_root_agreement"] == 1.0
    assert summary["actor_name_accuracy"] == 1.0


def test_a_malformed_gold_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold_record([])) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:2"):
        read_gold(path)
    path.write_text(json.dumps({"events": []}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing field 'file'"):
        read_gold(path)


def test_evaluate_reads_articles_by_file_name_and_reports_missing_ones(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "visit.txt").write_text(
        " date 2022-04-28 A visit\n\nTEHRAN, April 27 -- The president met the visiting minister.\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    records = [gold_record([gold_event(RAISI, WEI, "CONSULT", "040")]), gold_record([], file="absent.txt")]
    gold.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    seen: list[Article] = []

    def fake_extract(articles: list[Article]) -> list[ArticleResult]:
        seen.extend(articles)
        return [ArticleResult(article=a, events=[event(RAISI_ACTOR, WEI_ACTOR, "040")]) for a in articles]

    evaluation = evaluate(gold, tmp_path / "articles", extract=fake_extract)
    assert [a.dateline_date for a in seen] == [WEDNESDAY]
    assert (evaluation.hits, evaluation.gold) == (1, 1)
    assert "does not exist" in (evaluation.articles[1].problem or "")


def test_the_eval_command_ends_with_precision_recall_and_f1(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "visit.txt").write_text(
        " date 2022-04-28 Iranian president meets Chinese minister\n\n"
        "TEHRAN, April 27 -- Iranian President Ebrahim Raisi met Chinese Defense Minister Wei Fenghe "
        "in Tehran on Wednesday.\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(gold_record([gold_event(RAISI, WEI, "CONSULT", "040")])) + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["eval", str(gold), str(tmp_path / "articles"), "--show-errors"])
    assert result.exit_code == 0, result.output
    last_four = result.output.strip().splitlines()[-4:]
    assert [line.split(":")[0] for line in last_four] == ["actors", "dates", "CAMEO", "events"]
    assert last_four[-1].startswith("events: P ") and "1 gold" in last_four[-1]
    as_json = CliRunner().invoke(main, ["eval", str(gold), str(tmp_path / "articles"), "--format", "json"])
    payload = json.loads(as_json.output)
    assert payload["gold_events"] == 1 and payload["per_article"][0]["file"] == "visit.txt"


def _article() -> Article:
    return Article(id="t1", title="A visit", text="", pub_date=WEDNESDAY)


def test_place_accuracy_reads_the_gold_location_through_the_gazetteer(tmp_path: Path) -> None:
    import dataclasses

    from tacitus.records import Place

    gold = gold_article(tmp_path, [gold_event(RAISI, WEI, "CONSULT", "040", location="Teheran")])
    in_tehran = dataclasses.replace(
        event(RAISI_ACTOR, WEI_ACTOR, "040"), place=Place("Tehran", "IRN", 35.7, 51.4)
    )
    in_paris = dataclasses.replace(in_tehran, place=Place("Paris", "FRA", 48.9, 2.3))
    for extracted, accuracy in [(in_tehran, 1.0), (in_paris, 0.0)]:
        summary = score(
            [gold], {"visit.txt": ArticleResult(article=_article(), events=[extracted])}
        ).summary()
        assert summary["place_accuracy"] == accuracy


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize(
    ("gold_file", "folder"),
    [("corpus-gold.jsonl", "corpus"), ("heldout-gold.jsonl", "heldout"), ("heldout2-gold.jsonl", "heldout2")],
)
def test_the_bundled_gold_files_point_at_their_articles_with_valid_codes(gold_file: str, folder: str) -> None:
    from tacitus.article import parse_seed
    from tacitus.codebook import plover_types

    articles = read_gold(EXAMPLES / "gold" / gold_file)
    assert articles
    for gold in articles:
        path = EXAMPLES / folder / gold.file
        published = parse_seed(path.read_text(encoding="utf-8"), path.name).pub_date
        for event in gold.events:
            assert cameo(event.cameo).code == event.cameo, gold.origin
            assert event.plover_types <= set(plover_types()), gold.origin
            assert event.date <= published, f"{gold.origin}: an event after its article was published"
