"""The HTTP API: what an analyst's scripts and the page get from `tacitus serve`.

Served over a small hand-made store (tests/browser/sample_store.py): six invented stories about
Iran, China, Russia, the United States and Iraq, written through ``Store.write_results``.
Expected answers are worked out from those stories, not from the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from browser.sample_store import (
    CHINA,
    IRAN,
    STORIES,
    Story,
    Told,
    build_result,
    build_sample_store,
)
from browser.server import running_server
from tacitus.errors import StoreError
from tacitus.records import Actor
from tacitus.serve import MAX_LIMIT, create_app
from tacitus.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette suggests httpx2, which is not installed here
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_store(tmp_path_factory.mktemp("serve") / "sample.db")


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(sample_db)) as test_client:
        yield test_client


def told_events(predicate: Any = lambda told, story: True) -> list[tuple[Told, Story]]:
    return [(told, story) for story in STORIES for told in story.events if predicate(told, story)]


def between(x: Actor, y: Actor) -> Any:
    """Events between two countries, either way, whatever the sector or person."""

    def test(told: Told, story: Story) -> bool:
        countries = {told.source.country, told.target.country if told.target else None}
        return countries == {x.country, y.country}

    return test


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


# -- the page -------------------------------------------------------------------------------------


def test_the_page_is_served_at_the_root_with_its_own_script_and_style(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'id="actor-search"' in page.text
    for asset in re.findall(r'(?:src|href)="([^"#]+)"', page.text):
        assert asset.startswith(("/", "data:")), f"{asset} is not served by Tacitus itself"
        if asset.startswith("/"):
            assert client.get(asset).status_code == 200, asset


def test_the_page_may_only_load_from_this_server(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy
    script = client.get("/static/app.js").text
    urls = set(re.findall(r"https?://[^\s\"'`]+", script))
    assert urls <= {"http://www.w3.org/2000/svg"}, f"the page script reaches out to {urls}"


@pytest.mark.parametrize(
    "path",
    [
        "/static/../serve.py",
        "/static/%2e%2e/serve.py",
        "/static/..%2fserve.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
    ],
)
def test_static_files_cannot_reach_outside_the_web_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "def create_app" not in response.text and "[project]" not in response.text


def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    paths = set(get(client, "/openapi.json")["paths"])
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/timeline",
        "/api/dyad",
        "/api/actors",
        "/api/actors/{ref}",
        "/api/network",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/stats",
    } <= paths


def test_no_cors_headers_unless_asked_for(client: TestClient, sample_db: Path) -> None:
    headers = {"Origin": "https://elsewhere.example"}
    assert "access-control-allow-origin" not in client.get("/api/stats", headers=headers).headers
    with TestClient(create_app(sample_db, cors_origins=["https://elsewhere.example"])) as open_client:
        allowed = open_client.get("/api/stats", headers=headers).headers
    assert allowed["access-control-allow-origin"] == "https://elsewhere.example"


# -- events ---------------------------------------------------------------------------------------


def test_dyad_events_are_those_between_the_two_countries_either_way(client: TestClient) -> None:
    expected = told_events(between(IRAN, CHINA))
    page = get(client, "/api/events?a=IRN&b=CHN&limit=100")
    assert len(page["items"]) == len(expected)
    assert sorted(e["cameo_code"] for e in page["items"]) == sorted(t.code for t, _ in expected)
    assert page["next_offset"] is None


def test_a_directed_dyad_keeps_only_one_direction(client: TestClient) -> None:
    expected = [t for t, _ in told_events(between(IRAN, CHINA)) if t.source.country == "IRN"]
    items = get(client, "/api/events?a=Iran&b=China&directed=true")["items"]
    assert sorted(e["cameo_code"] for e in items) == sorted(t.code for t in expected)
    assert {e["source_country"] for e in items} == {"IRN"}


def test_events_filter_by_cameo_prefix_plover_quad_class_and_dates(client: TestClient) -> None:
    accusations = told_events(lambda t, s: t.code.startswith("11"))
    assert len(get(client, "/api/events?cameo=11")["items"]) == len(accusations)
    assert {e["plover_type"] for e in get(client, "/api/events?plover=accuse")["items"]} == {"ACCUSE"}
    material_conflict = get(client, "/api/events?quad_class=4")["items"]
    assert [e["cameo_code"] for e in material_conflict] == ["163"]
    in_march = told_events(lambda t, s: s.day.month == 3)
    march = get(client, "/api/events?start=2024-03-01&end=2024-03-31")["items"]
    assert len(march) == len(in_march)
    assert all("2024-03-01" <= e["date"] <= "2024-03-31" for e in march)
    military = told_events(lambda t, s: "MIL" in (t.source.sector, t.target.sector if t.target else None))
    assert [e["cameo_code"] for e in get(client, "/api/events?sector=MIL")["items"]] == [
        t.code for t, _ in military
    ]
    russia = told_events(lambda t, s: "RUS" in (t.source.country, t.target.country if t.target else None))
    assert len(get(client, "/api/events?country=rus")["items"]) == len(russia)
    in_beijing = told_events(lambda t, s: t.place is not None and t.place.name == "Beijing")
    assert len(get(client, "/api/events?place=Beijing")["items"]) == len(in_beijing)
    by_words = get(client, "/api/events?q=memorandum on rail")["items"]
    assert [e["cameo_code"] for e in by_words] == ["057"]


def test_events_of_one_person_found_by_name(client: TestClient) -> None:
    items = get(client, "/api/events?actor=Dariush%20Kamali")["items"]
    assert [(e["source_name"], e["cameo_code"]) for e in items] == [("Dariush Kamali", "042")]


def test_events_newest_first_and_paged_without_gaps_or_repeats(client: TestClient) -> None:
    everything = get(client, "/api/events?limit=500")["items"]
    assert [e["date"] for e in everything] == sorted((e["date"] for e in everything), reverse=True)
    seen: list[str] = []
    offset: int | None = 0
    for _ in range(10):  # bounded: 12 events, 5 a page
        if offset is None:
            break
        page = get(client, f"/api/events?limit=5&offset={offset}")
        seen += [e["event_id"] for e in page["items"]]
        offset = page["next_offset"]
    assert offset is None
    assert page["total"] == len(everything)
    assert seen == [e["event_id"] for e in everything]
    assert len(set(seen)) == sum(len(s.events) for s in STORIES)


@pytest.mark.parametrize(
    ("query", "complaint"),
    [
        (f"limit={MAX_LIMIT + 1}", "less than or equal to 500"),
        ("limit=0", "greater than or equal to 1"),
        ("offset=-1", "greater than or equal to 0"),
        ("start=2024-13-01", "is not a date"),
        ("start=April", "pattern"),
        ("start=2024-05-01&end=2024-04-01", "is after end"),
        ("a=IRN", "needs both a and b"),
        ("plover=HUG", "is not a PLOVER type"),
        ("cameo=4x", "is not a CAMEO code"),
        ("order=random", "pattern"),
        ("quad_class=5", "less than or equal to 4"),
        ("actr=Iran", "Extra inputs are not permitted"),
    ],
)
def test_bad_event_filters_get_a_422_that_says_what_is_wrong(
    client: TestClient, query: str, complaint: str
) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    assert complaint in response.json()["detail"]  # one readable line, for people and the page


def test_an_unknown_actor_is_a_404_with_a_hint(client: TestClient) -> None:
    response = client.get("/api/events?actor=Atlantis")
    assert response.status_code == 404
    assert "Atlantis" in response.json()["detail"]
    assert client.get("/api/actors/Atlantis").status_code == 404


# -- one event, one article -----------------------------------------------------------------------


def event_with_code(client: TestClient, code: str) -> dict[str, Any]:
    items = get(client, f"/api/events?cameo={code}")["items"]
    assert len(items) == 1
    return items[0]


def test_event_detail_explains_its_codes(client: TestClient) -> None:
    criticism = event_with_code(client, "111")
    detail = get(client, f"/api/events/{criticism['event_id']}")
    codes = detail["codes"]
    assert codes["cameo"]["name"] == "Criticize or denounce"
    assert codes["cameo"]["root"] == "11"
    assert codes["goldstein"]["value"] == -2.0
    assert "conflictual" in codes["goldstein"]["explain"]
    assert codes["quad_class"] == {"value": 3, "name": "Verbal conflict"}
    assert codes["plover"]["type"] == "ACCUSE"


def test_event_detail_points_at_the_exact_evidence_in_its_article(client: TestClient) -> None:
    criticism = event_with_code(client, "111")
    source = get(client, f"/api/events/{criticism['event_id']}")["sources"][0]
    assert source["evidence"] == "criticised Iran on Tuesday"  # the clause the story marks, not the sentence
    assert source["sentence_idx"] == 0
    article = get(client, f"/api/articles/{source['article_id']}")
    assert article["article"]["text"][source["start"] : source["end"]] == source["evidence"]
    assert article["article"]["title"] == "Beijing faults Tehran over delayed oil shipments"


def test_article_detail_has_sentences_and_the_evidence_spans_of_its_events(client: TestClient) -> None:
    story = STORIES[0]
    aid = build_result(story).article.id
    article = get(client, f"/api/articles/{aid}")
    text = article["article"]["text"]
    assert [s["text"] for s in article["sentences"]] == list(story.sentences)
    assert all(text[s["start"] : s["end"]] == s["text"] for s in article["sentences"])
    assert len(article["events"]) == len(story.events)
    for event in article["events"]:
        assert text[event["start"] : event["end"]] == event["evidence"]


def test_unknown_event_or_article_is_a_404(client: TestClient) -> None:
    assert "no event" in get(client, "/api/events/doesnotexist", 404)["detail"]
    assert "no article" in get(client, "/api/articles/doesnotexist", 404)["detail"]
    assert client.get("/api/articles/bad%20id!").status_code == 422


# -- actors, dyads, timelines, network ------------------------------------------------------------


def test_actor_autocomplete_finds_names_aliases_and_codes(client: TestClient) -> None:
    names = [a["name"] for a in get(client, "/api/actors?q=ir")["items"]]
    assert {"Iran", "Iraq"} <= set(names)
    assert get(client, "/api/actors?q=Iran")["items"][0]["name"] == "Iran"
    assert get(client, "/api/actors?q=islamic%20rep")["items"][0]["name"] == "Iran"
    assert get(client, "/api/actors?q=kamali")["items"][0]["title"] == "Foreign Minister"
    assert get(client, "/api/actors?q=zzzz")["items"] == []


def test_actor_profile_lists_partners_by_number_of_events(client: TestClient) -> None:
    profile = get(client, "/api/actors/Iran")
    assert (profile["name"], profile["country"]) == ("Iran", "IRN")
    partners = {p["partner_code"]: p["events"] for p in profile["partners"]}
    with_china = told_events(between(IRAN, CHINA))
    # Country-level China, not the Chinese navy (CHNMIL), which has its own row.
    assert partners["CHN"] == sum(
        t.source.code != "CHNMIL" and t.target.code != "CHNMIL" for t, _ in with_china
    )
    assert partners["CHNMIL"] == 1
    assert next(iter(partners)) == "CHN"
    assert "Islamic Republic of Iran" in profile["aliases"]
    assert profile["events"] == len(told_events(lambda t, s: "IRN" in (t.source.country, t.target.country)))


def test_dyad_series_counts_each_month_by_quad_class_without_holes(client: TestClient) -> None:
    result = get(client, "/api/dyad?a=IRN&b=CHN&freq=month")
    months: dict[str, dict[str, int]] = {}
    for row in result["series"]:  # one row per month and direction
        month = months.setdefault(row["period"][:7], {"events": 0, "verbal_conflict": 0})
        month["events"] += row["events"]
        month["verbal_conflict"] += row["verbal_conflict"]
    assert list(months) == ["2024-01", "2024-02", "2024-03"]  # February had no event: still a slot
    assert months["2024-02"]["events"] == 0
    expected = told_events(between(IRAN, CHINA))
    for month, counts in months.items():
        told = [t for t, s in expected if s.day.strftime("%Y-%m") == month]
        assert counts["events"] == len(told)
        assert counts["verbal_conflict"] == sum(t.code.startswith(("11", "12")) for t in told)
    assert result["a"]["values"] == ["IRN"] and result["b"]["values"] == ["CHN"]
    one_way = get(client, "/api/dyad?a=IRN&b=CHN&directed=true")["series"]
    assert sum(row["events"] for row in one_way) == sum(t.source.country == "IRN" for t, _ in expected)


def test_a_compact_dyad_series_is_one_list_per_column_with_both_directions_summed(client: TestClient) -> None:
    result = get(client, "/api/dyad?a=IRN&b=CHN&freq=month&compact=true")
    assert "series" not in result and result["a"]["values"] == ["IRN"]
    totals = result["totals"]
    assert totals["period"] == ["2024-01-01", "2024-02-01", "2024-03-01"]  # February: a slot with zeros
    expected = told_events(between(IRAN, CHINA))
    for i, period in enumerate(totals["period"]):
        told = [t for t, s in expected if s.day.strftime("%Y-%m") == period[:7]]
        assert totals["events"][i] == len(told)
        assert totals["verbal_conflict"][i] == sum(t.code.startswith(("11", "12")) for t in told)
    records = get(client, "/api/dyad?a=IRN&b=CHN&freq=day")["series"]
    by_day = get(client, "/api/dyad?a=IRN&b=CHN&freq=day&compact=true")["totals"]
    for column in ("events", "material_cooperation", "goldstein_sum"):
        summed: dict[str, float] = {}
        for row in records:
            summed[row["period"]] = summed.get(row["period"], 0) + row[column]
        assert by_day[column] == pytest.approx([summed[p] for p in by_day["period"]])
    one_way = get(client, "/api/dyad?a=IRN&b=CHN&directed=true&compact=true")["totals"]
    assert sum(one_way["events"]) == sum(t.source.country == "IRN" for t, _ in expected)


def test_timeline_is_one_actors_events_in_date_order(client: TestClient) -> None:
    russia = get(client, "/api/timeline?actor=Russia")["items"]
    assert sorted(e["cameo_code"] for e in russia) == sorted(
        t.code
        for t, _ in told_events(
            lambda t, s: "RUS" in (t.source.country, t.target.country if t.target else None)
        )
    )
    everything = get(client, "/api/timeline?actor=IRN&limit=500")["items"]
    assert [e["date"] for e in everything] == sorted(e["date"] for e in everything)
    assert client.get("/api/timeline").status_code == 422  # whose timeline?


def test_network_edges_count_the_events_between_countries(client: TestClient) -> None:
    graph = get(client, "/api/network?level=country")
    edges = {(e["source"], e["target"]): e["weight"] for e in graph["edges"]}
    with_china = told_events(between(IRAN, CHINA))
    assert edges[("IRN", "CHN")] == sum(t.source.country == "IRN" for t, _ in with_china)
    assert edges[("CHN", "IRN")] == sum(t.source.country == "CHN" for t, _ in with_china)
    assert {n["id"] for n in graph["nodes"]} == {"IRN", "CHN", "RUS", "USA", "IRQ"}
    around_russia = get(client, "/api/network?level=country&actor=Russia")
    assert {frozenset((e["source"], e["target"])) for e in around_russia["edges"]} == {
        frozenset(("IRN", "RUS"))
    }
    assert get(client, "/api/network?level=galaxy", 422)


def test_network_keeps_the_busiest_countries_when_asked(client: TestClient) -> None:
    everything = get(client, "/api/network?level=country")
    busiest = max(everything["nodes"], key=lambda n: (n["events"], n["id"]))
    one = get(client, "/api/network?level=country&top=1")
    assert [n["id"] for n in one["nodes"]] == [busiest["id"]]
    assert get(client, "/api/network?level=country&top=0", 422)


def test_search_finds_articles_by_their_words(client: TestClient) -> None:
    found = get(client, "/api/search?q=pipeline")
    assert [a["title"] for a in found["articles"]] == ["Moscow and Tehran plan a new energy corridor"]
    listed = get(client, "/api/articles?q=shipping")["items"]
    assert [a["title"] for a in listed] == ["Washington widens sanctions on Iranian shipping"]


def test_stats_count_what_was_stored(client: TestClient) -> None:
    stats = get(client, "/api/stats")
    assert stats["articles"] == len(STORIES)
    assert stats["events"] == sum(len(s.events) for s in STORIES)
    assert stats["first_event"] == "2024-01-10"


# -- read-only, timeouts --------------------------------------------------------------------------


def test_a_missing_database_is_refused_unless_read_only_is_off(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    with TestClient(create_app(tmp_path / "new.db", read_only=False)) as fresh:
        assert get(fresh, "/api/stats")["events"] == 0


def test_a_request_that_runs_too_long_is_interrupted_with_503(tmp_path: Path) -> None:
    day = dt.date(2023, 1, 1)
    many = Story(
        title="A long chronicle",
        day=day,
        sentences=("Iran praised China.",),
        events=(Told(IRAN, "051", CHINA, 0, trigger="praised"),),
    )
    result = build_result(many)
    result.events = [
        type(result.events[0])(**{**result.events[0].__dict__, "date": day + dt.timedelta(days=n)})
        for n in range(400)
    ]
    with Store(tmp_path / "big.db") as store:
        store.write_results([result])
    with TestClient(create_app(tmp_path / "big.db", query_timeout=1e-6)) as hurried:
        response = hurried.get("/api/events?q=nothing-matches-this")
    assert response.status_code == 503
    assert "interrupted" in response.json()["detail"]


# -- ingest while serving -------------------------------------------------------------------------

LATE_STORY = Story(
    title="Iran and China agree on a new consulate",
    day=dt.date(2024, 7, 1),
    sentences=("Iran and China agreed on Monday to open a consulate in Shiraz.",),
    events=(Told(IRAN, "057", CHINA, 0, trigger="agreed"),),
)


@pytest.mark.slow
def test_ingest_while_serving_shows_new_events_after_the_batch_commits(tmp_path: Path) -> None:
    db = build_sample_store(tmp_path / "live.db")
    with running_server(db, tmp_path / "serve.log") as base, httpx.Client(base_url=base, timeout=10) as http:
        url = "/api/events?a=IRN&b=CHN&start=2024-07-01"
        assert http.get(url).json()["items"] == []
        answers_during_write: list[int] = []

        writer = Store(db)

        def batch() -> Iterator[Any]:
            yield build_result(LATE_STORY)
            # The story is written inside the batch's open write transaction, not committed yet.
            assert writer.db.in_transaction
            response = http.get(url)
            answers_during_write.append(response.status_code)
            assert response.json()["items"] == [], "a reader saw an uncommitted batch"

        with writer:
            assert writer.write_results(batch()) == 1
        assert answers_during_write == [200]
        for _ in range(50):  # bounded: the commit is visible to the next request; allow for slow disks
            items = http.get(url).json()["items"]
            if items:
                break
        assert [e["cameo_code"] for e in items] == ["057"]
        assert http.get("/api/stats").json()["articles"] == len(STORIES) + 1


def test_a_network_shown_again_is_the_same_until_the_store_changes(tmp_path: Path) -> None:
    db = build_sample_store(tmp_path / "live.db")
    client = TestClient(create_app(db))
    url = "/api/network?level=country&actor=IRN&layout=true"

    def weight() -> int:
        edges = client.get(url).json()["edges"]
        return sum(e["weight"] for e in edges if {e["source"], e["target"]} == {"IRN", "CHN"})

    before = weight()
    assert before > 0
    assert client.get(url).json() == client.get(url).json()  # the same drawing each time
    with Store(db) as writer:
        assert writer.write_results(iter([build_result(LATE_STORY)])) == 1
    assert weight() == before + 1  # the new event is counted at once, nothing stale is served


def test_tacitus_serve_refuses_a_missing_database_before_listening(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tacitus.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db"), "--port", "1"])
    assert isinstance(result.exception, StoreError)
    assert "no such database" in str(result.exception)


# -- issue 13: defects a user hit -------------------------------------------------------------------

HUGE_ID = "99999999999999999999"  # beyond SQLite's 64-bit integers


@pytest.mark.parametrize(
    "url",
    [
        f"/api/actors/{HUGE_ID}",
        f"/api/timeline?actor={HUGE_ID}",
        f"/api/events?actor={HUGE_ID}",
        f"/api/events?a={HUGE_ID}&b=IRN",
        f"/api/dyad?a={HUGE_ID}&b=IRN",
        f"/api/network?actor={HUGE_ID}",
    ],
)
def test_an_id_too_large_for_sqlite_is_an_unknown_actor_not_a_crash(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404, response.text
    assert HUGE_ID in response.json()["detail"]
    assert client.get("/api/stats").status_code == 200  # the connection still answers


def test_the_actor_series_has_every_month_between_its_first_and_last(client: TestClient) -> None:
    series = get(client, "/api/actors/IRN")["series"]
    months = [row["period"][:7] for row in series]
    iran_months = sorted({s.day.strftime("%Y-%m") for t, s in told_events(lambda t, s: "IRN" in (t.source.country, t.target.country if t.target else None))})
    assert months == [f"2024-{m:02d}" for m in range(int(iran_months[0][5:]), int(iran_months[-1][5:]) + 1)]
    by_month = {row["period"][:7]: row["events"] for row in series}
    assert by_month["2024-02"] == 0 and by_month["2024-04"] == 0  # no Iranian event those months
    assert sum(by_month.values()) == get(client, "/api/actors/IRN")["events"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/actors/%20",
        "/api/timeline?actor=%20",
        "/api/events?actor=%20",
        "/api/events?a=%20&b=IRN",
        "/api/dyad?a=IRN&b=%20",
        "/api/network?actor=%20",
    ],
)
def test_a_blank_actor_is_refused_everywhere(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert "empty" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("/api/events?country=ZZZ", "country"),
        ("/api/events?cameo=999", "cameo"),
        ("/api/events?country=IRN&country=CHN", "more than once"),
        ("/api/dyad?a=IRN&b=CHN&b=RUS", "more than once"),
    ],
)
def test_unknown_codes_and_repeated_parameters_are_refused(client: TestClient, url: str, complaint: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert complaint in response.json()["detail"]


def test_known_codes_still_filter(client: TestClient) -> None:
    assert get(client, "/api/events?country=RUS")["total"] == 2
    assert get(client, "/api/events?cameo=112")["total"] == 2


def test_an_error_reply_does_not_grow_with_the_request(client: TestClient) -> None:
    params = "&".join(f"b{i}={'x' * 20}" for i in range(2000))
    response = client.get(f"/api/events?{params}")
    assert response.status_code == 422
    assert len(response.content) < 4_000
    assert "x" * 20 not in response.text
    assert "1995 more" in response.json()["detail"]


def test_stats_do_not_show_the_servers_folders(client: TestClient, sample_db: Path) -> None:
    stats = get(client, "/api/stats")
    assert str(sample_db.parent) not in str(stats)
    assert stats["database"] == sample_db.name


def test_large_replies_are_compressed(client: TestClient) -> None:
    response = client.get("/api/events?limit=500", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == "gzip"
    assert response.json()["total"] == len(told_events())


def test_messages_for_web_users_name_no_command_line(client: TestClient) -> None:
    response = client.get("/api/actors/Kamaly")
    assert response.status_code == 404
    body = response.json()
    assert "tacitus" not in body["detail"] and "`" not in body["detail"]
    assert "Dariush Kamali" in body["suggestions"]


def test_a_country_stored_as_several_actors_is_named_once(client: TestClient) -> None:
    result = get(client, "/api/dyad?a=Kamali&b=China")
    assert result["b"]["label"] == "China (CHN)"


def test_search_snippets_mark_the_words_found(client: TestClient) -> None:
    article = get(client, "/api/search?q=pipeline")["articles"][0]
    assert "\u0002pipeline\u0003" in article["snippet"]
    assert "[" not in article["snippet"]


@pytest.mark.parametrize(
    ("served", "host", "status"),
    [
        ("127.0.0.1", "127.0.0.1:8000", 200),
        ("127.0.0.1", "localhost:8000", 200),
        ("127.0.0.1", "attacker.example", 400),
        ("127.0.0.1", "attacker.example:8000", 400),
        ("0.0.0.0", "192.0.2.7:8000", 200),
        ("0.0.0.0", "rebound.attacker.example", 400),
    ],
)
def test_requests_for_another_host_are_refused(sample_db: Path, served: str, host: str, status: int) -> None:
    with TestClient(create_app(sample_db, host=served)) as guarded:
        assert guarded.get("/api/stats", headers={"Host": host}).status_code == status
        assert guarded.get("/", headers={"Host": host}).status_code == status


def test_a_named_extra_host_is_allowed(sample_db: Path) -> None:
    with TestClient(create_app(sample_db, host="127.0.0.1", allowed_hosts=["tacitus.example.org"])) as guarded:
        assert guarded.get("/api/stats", headers={"Host": "tacitus.example.org"}).status_code == 200


def test_events_total_and_page_come_from_one_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ingest that commits between the page and its count must not make them disagree."""
    from tacitus import query

    db = build_sample_store(tmp_path / "live.db")
    original = query.events

    def events_then_a_commit(*args: Any, **kwargs: Any) -> Any:
        page_rows = original(*args, **kwargs)
        with Store(db) as writer:  # another connection commits a new event meanwhile
            writer.write_results([build_result(LATE_STORY)])
        return page_rows

    monkeypatch.setattr(query, "events", events_then_a_commit)
    with TestClient(create_app(db)) as live:
        answer = get(live, "/api/events?a=IRN&b=CHN&limit=500")
    assert answer["total"] == len(answer["items"]) == len(told_events(between(IRAN, CHINA)))


def test_events_download_as_csv_and_jsonl_with_the_views_filters(client: TestClient) -> None:
    import csv
    import io

    url = "/api/export/events?a=IRN&b=CHN&start=2024-03-01&order=date"
    expected = get(client, url.replace("/export/events", "/events"))
    assert expected["total"] > 0
    as_csv = client.get(url + "&format=csv")
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in expected["items"]]
    assert all(r["date"] >= "2024-03-01" for r in rows)
    as_jsonl = client.get(url + "&format=jsonl")
    lines = [line for line in as_jsonl.text.splitlines() if line]
    import json

    assert [json.loads(line)["event_id"] for line in lines] == [r["event_id"] for r in rows]
    assert isinstance(json.loads(lines[0])["article_ids"], list)
    assert client.get("/api/export/events?format=xml").status_code == 422


def test_words_found_in_most_evidence_are_counted_up_to_a_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tacitus import query, serve

    db = build_sample_store(tmp_path / "common.db")
    monkeypatch.setattr(query.filters, "COMMON_TEXT_ROWS", 3)  # "a" is in more evidence sentences than that
    monkeypatch.setattr(serve, "TEXT_TOTAL_CAP", 5)
    with TestClient(create_app(db)) as capped:
        common = get(capped, "/api/events?q=a&limit=500")
        rare = get(capped, "/api/events?q=pipeline")
    every = [e for e in get_all_events(db) if "a" in e["evidence"].lower()]
    assert [e["event_id"] for e in common["items"]] == [e["event_id"] for e in every]  # same rows, newest first
    assert (common["total"], common["total_exact"]) == (5, False)
    assert (rare["total"], rare["total_exact"]) == (1, True)


def get_all_events(db: Path) -> list[dict[str, Any]]:
    with TestClient(create_app(db)) as plain:
        return list(get(plain, "/api/events?limit=500")["items"])


def test_a_countrys_network_is_the_same_from_the_tallies_as_from_its_events(client: TestClient) -> None:
    whole = get(client, "/api/network?actor=IRN")
    dated = get(client, "/api/network?actor=IRN&start=2000-01-01")  # dates: counted from the events
    def edges(graph: dict[str, Any]) -> list[tuple[str, str, int]]:
        return sorted((e["source"], e["target"], e["weight"]) for e in graph["edges"])

    assert edges(whole) == edges(dated)
    assert {n["id"] for n in whole["nodes"]} == {"IRN", "CHN", "RUS", "USA", "IRQ"}


def test_requests_beyond_the_workers_wait_their_turn(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from tacitus import query

    original = query.stats
    running = {"now": 0, "most": 0}
    lock = threading.Lock()

    def slow_stats(store: Store) -> dict[str, Any]:
        with lock:
            running["now"] += 1
            running["most"] = max(running["most"], running["now"])
        time.sleep(0.2)
        with lock:
            running["now"] -= 1
        return original(store)

    monkeypatch.setattr(query, "stats", slow_stats)
    statuses: list[int] = []
    with TestClient(create_app(sample_db, workers=2)) as queued:
        threads = [threading.Thread(target=lambda: statuses.append(queued.get("/api/stats").status_code)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 6
    assert running["most"] == 2


def test_the_busiest_actors_list_counts_each_actors_events(client: TestClient) -> None:
    listed = get(client, "/api/actors?limit=50")["items"]
    told = told_events()
    for item in listed:
        expected = sum((t.source.code == item["code"]) + (t.target is not None and t.target.code == item["code"]) for t, _ in told)
        assert item["events"] == expected, item["name"]
    assert [i["events"] for i in listed] == sorted((i["events"] for i in listed), reverse=True)
    people = get(client, "/api/actors?kind=person")["items"]
    assert [p["name"] for p in people] == ["Dariush Kamali"]


def test_words_in_most_articles_find_the_same_articles_latest_first(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tacitus import query

    with TestClient(create_app(sample_db)) as plain:
        ranked = get(plain, "/api/articles?q=the&limit=50")["items"]
    monkeypatch.setattr(query.articles, "COMMON_ARTICLE_ROWS", 2)
    with TestClient(create_app(sample_db)) as common:
        latest = get(common, "/api/articles?q=the&limit=50")["items"]
    assert len(ranked) > 2
    assert sorted(a["article_id"] for a in latest) == sorted(a["article_id"] for a in ranked)


@pytest.mark.slow
def test_tacitus_serve_refuses_requests_for_another_host(sample_db: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with running_server(sample_db, log) as base:
        assert httpx.get(f"{base}/api/stats").status_code == 200
        rebound = httpx.get(f"{base}/api/stats", headers={"Host": "rebound.attacker.example"})
        assert rebound.status_code == 400
