"""The query API answers the questions a user asks of the store (events, timelines, dyads, actors).

The store holds the hand-made world of ``analysis_world.py`` (nine events, Iran/China/US).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from analysis_world import build_world, open_corpus
from tacitus import query
from tacitus.errors import OptionError, UnknownActorError
from tacitus.records import ArticleResult
from tacitus.store import Store


@pytest.fixture
def world(store: Store) -> Store:
    return build_world(store)


# -- events ---------------------------------------------------------------------------------------


def test_undirected_dyad_has_the_events_of_both_directions(world: Store) -> None:
    frame = query.events(world, dyad=("IRN", "CHN"))
    assert len(frame) == 6
    pairs = set(zip(frame["source_country"], frame["target_country"]))
    assert pairs == {("IRN", "CHN"), ("CHN", "IRN")}


def test_directed_dyad_keeps_one_direction(world: Store) -> None:
    frame = query.events(world, dyad=("IRN", "CHN"), directed=True)
    assert frame["date"].tolist() == ["2022-04-27", "2022-05-10", "2023-02-14"]
    assert set(frame["source_country"]) == {"IRN"}
    assert set(frame["target_country"]) == {"CHN"}


def test_dyad_of_a_person_and_a_country(world: Store) -> None:
    frame = query.events(world, dyad=("Raisi", "China"))
    # "China" names the country, so every Chinese actor counts: Wei Fenghe and Xi Jinping too.
    assert sorted(frame["cameo_code"]) == ["040", "040", "042", "051"]


def test_an_alias_finds_a_person_as_source_or_target(world: Store) -> None:
    frame = query.events(world, actor="Raisi")
    assert frame["date"].tolist() == ["2022-04-27", "2022-04-28", "2023-02-14", "2023-02-16"]
    assert all("Ebrahim Raisi" in (s, t) for s, t in zip(frame["source_name"], frame["target_name"]))


def test_a_country_name_or_code_means_every_actor_of_that_country(world: Store) -> None:
    by_name = query.events(world, actor="Iran")
    by_code = query.events(world, actor="IRN")
    assert len(by_name) == len(by_code) == 8  # all but Xi's 2012 visit to the US
    assert by_name["event_id"].tolist() == by_code["event_id"].tolist()


def test_an_actor_code_matches_the_persons_coded_so(world: Store) -> None:
    frame = query.events(world, actor="IRNGOV")
    assert len(frame) == 4
    assert set(frame["source_code"]) | set(frame["target_code"]) >= {"IRNGOV"}


def test_country_and_sector_filters(world: Store) -> None:
    assert len(query.events(world, country="usa")) == 3
    military = query.events(world, sector="MIL")
    assert military["cameo_code"].tolist() == ["040", "051"]


def test_country_with_sector_means_one_actor_of_both(world: Store) -> None:
    # China's government is Xi Jinping here; Raisi (Iran's government) meeting Wei (China's
    # military) is not an event of China's government.
    chinese_government = query.events(world, country="CHN", sector="GOV")
    assert chinese_government["date"].tolist() == ["2012-02-14", "2023-02-16"]
    assert set(chinese_government["source_name"]) == {"Xi Jinping"}
    assert query.count_events(world, country="CHN", sector="GOV") == 2


def test_cameo_root_and_code_prefix(world: Store) -> None:
    assert len(query.events(world, cameo="04")) == 4
    visits = query.events(world, cameo="042")
    assert visits["date"].tolist() == ["2012-02-14", "2023-02-14"]


def test_plover_and_quad_class(world: Store) -> None:
    assert len(query.events(world, plover="consult")) == 4
    material_conflict = query.events(world, quad_class=4)
    assert material_conflict["cameo_code"].tolist() == ["163", "190"]


def test_date_range_is_inclusive_and_accepts_years_and_months(world: Store) -> None:
    assert len(query.events(world, start="2022", end="2022")) == 4
    may = query.events(world, start="2022-05", end="2022-05")
    assert may["date"].tolist() == ["2022-05-10"]
    assert len(query.events(world, start=dt.date(2022, 4, 27), end=dt.date(2022, 4, 27))) == 1


def test_place_and_evidence_text(world: Store) -> None:
    assert len(query.events(world, place="beijing")) == 2
    found = query.events(world, text="nuclear programme")
    assert found["cameo_code"].tolist() == ["111"]
    assert query.events(world, text="100%").empty  # LIKE wildcards are taken literally


def test_each_event_carries_names_codes_and_provenance(world: Store) -> None:
    row = query.events(world, dyad=("Raisi", "Wei"), directed=True).iloc[0]
    assert (row["source_name"], row["source_code"]) == ("Ebrahim Raisi", "IRNGOV")
    assert (row["target_name"], row["target_code"]) == ("Wei Fenghe", "CHNMIL")
    assert (row["cameo_code"], row["cameo_name"], row["goldstein"], row["quad_class"]) == ("040", "Consult", 1.0, 1)
    assert row["place"] == "Tehran"
    assert row["num_sources"] == 2  # reported by articles A and B, merged into one event
    assert row["article_ids"] == ["article-A", "article-B"]
    assert row["article_titles"] == ["Raisi receives Wei Fenghe", "Chinese defence chief in Tehran"]
    assert row["confidence"] == pytest.approx(0.9)
    assert "met Chinese Defense Minister Wei Fenghe" in row["evidence"]


def test_pages_do_not_overlap_and_follow_the_order(world: Store) -> None:
    first = query.events(world, limit=4, offset=0)
    second = query.events(world, limit=4, offset=4)
    everything = query.events(world, limit=None)
    assert len(everything) == 9
    assert first["event_id"].tolist() + second["event_id"].tolist() == everything["event_id"].tolist()[:8]
    assert everything["date"].is_monotonic_increasing
    newest = query.events(world, order="-date", limit=1)
    assert newest["date"].iloc[0] == "2023-02-16"
    most_cooperative = query.events(world, order="-goldstein", limit=1)
    assert most_cooperative["cameo_code"].iloc[0] == "057"


@pytest.mark.parametrize("order", ["date", "-date"])
def test_a_busy_countrys_page_is_the_same_whichever_index_reads_it(
    world: Store, order: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked = query.events(world, actor="IRN", order=order, limit=3, offset=1)  # Iran: 8 of 9 events
    monkeypatch.setattr(query.event_rows, "COMMON_COUNTRY_SHARE", 2.0)  # never busy enough: index ranges
    ranged = query.events(world, actor="IRN", order=order, limit=3, offset=1)
    pd.testing.assert_frame_equal(walked, ranged)
    assert walked["date"].tolist() == sorted(walked["date"], reverse=order == "-date")


def test_count_events_agrees_with_events(world: Store) -> None:
    assert query.count_events(world, dyad=("IRN", "CHN")) == 6


@pytest.mark.parametrize(
    ("filters", "option"),
    [
        ({"start": "2022-13-01"}, "start"),
        ({"end": "yesterday"}, "end"),
        ({"start": "2023-01-01", "end": "2022-01-01"}, "start"),
        ({"cameo": "4"}, "cameo"),
        ({"plover": "HUG"}, "plover"),
        ({"quad_class": 5}, "quad_class"),
        ({"country": "Iran"}, "country"),
        ({"order": "size"}, "order"),
        ({"limit": -1}, "limit"),
    ],
)
def test_bad_filters_raise_option_errors_naming_the_option(world: Store, filters: dict, option: str) -> None:
    with pytest.raises(OptionError, match=f"^{option}: "):
        query.events(world, **filters)


def test_a_word_of_a_persons_name_finds_the_person(world: Store) -> None:
    # "Fenghe" is stored as no alias; it is a whole word of "Wei Fenghe".
    assert query.resolve_actor(world, "Fenghe").label == "Wei Fenghe"
    with pytest.raises(UnknownActorError):
        query.resolve_actor(world, "Feng")  # part of a word is not enough


def test_an_unknown_actor_suggests_close_names(world: Store) -> None:
    with pytest.raises(UnknownActorError, match="Ebrahim Raisi") as caught:
        query.events(world, actor="Ebrahim Raissi")
    assert "Raissi" in str(caught.value)


# -- timeline -------------------------------------------------------------------------------------


def test_timeline_is_chronological_with_one_line_summaries(world: Store) -> None:
    frame = query.timeline(world, "Raisi")
    assert frame["date"].tolist() == sorted(frame["date"])
    assert frame["summary"].tolist() == [
        "Ebrahim Raisi (IRN GOV) met Wei Fenghe (CHN MIL) in Tehran",
        "Wei Fenghe (CHN MIL) praised Ebrahim Raisi (IRN GOV) in Tehran",
        "Ebrahim Raisi (IRN GOV) visited China (CHN) in Beijing",
        "Xi Jinping (CHN GOV) met Ebrahim Raisi (IRN GOV) in Beijing",
    ]


def test_timeline_of_two_actors_keeps_their_dyad(world: Store) -> None:
    frame = query.timeline(world, "USA", "IRN")
    assert frame["summary"].tolist() == [
        "United States (USA) imposed sanctions on Iran (IRN)",
        "Iran (IRN) used military force against United States (USA)",
    ]


def test_rendered_timeline_shows_dates_sources_and_evidence(world: Store) -> None:
    frame = query.timeline(world, "Xi Jinping")
    markdown = query.render_timeline(frame, "markdown", title="Xi Jinping")
    assert markdown.startswith("# Xi Jinping\n")
    assert "**2012-02-14** Xi Jinping (CHN GOV) visited United States (USA) in Washington" in markdown
    assert "AP: Xi visits Washington" in markdown
    assert "> Vice President Xi Jinping visited the United States." in markdown
    page = query.render_timeline(frame, "html")
    assert "&lt;3 days&gt;" in page and "<3 days>" not in page  # titles are escaped
    assert page.count("<li ") == 2
    with pytest.raises(OptionError):
        query.render_timeline(frame, "pdf")  # type: ignore[arg-type]


# -- dyad series ----------------------------------------------------------------------------------


def test_monthly_dyad_series_counts_and_sums_per_direction(world: Store) -> None:
    frame = query.dyad_series(world, "IRN", "CHN", freq="month")
    april = frame[frame["period"] == pd.Timestamp("2022-04-01")].set_index("direction")
    assert april.loc["IRN->CHN", "events"] == 1
    assert april.loc["CHN->IRN", "goldstein_sum"] == pytest.approx(3.4)
    june = frame[frame["period"] == pd.Timestamp("2022-06-01")].set_index("direction")
    assert june.loc["CHN->IRN", "verbal_conflict"] == 1
    assert june.loc["IRN->CHN", "events"] == 0  # a filled gap
    # April 2022 to February 2023 is 11 months, in two directions.
    assert len(frame) == 22
    totals = frame.groupby("direction")[["events", "goldstein_sum"]].sum()
    assert totals.loc["IRN->CHN", "events"] == 3
    assert totals.loc["IRN->CHN", "goldstein_sum"] == pytest.approx(1.0 + 8.0 + 1.9)
    assert totals.loc["CHN->IRN", "goldstein_sum"] == pytest.approx(3.4 - 2.0 + 1.0)


def test_directed_weekly_series_starts_weeks_on_monday(world: Store) -> None:
    frame = query.dyad_series(world, "Raisi", "CHN", freq="week", directed=True, fill=False)
    assert set(frame["direction"]) == {"Raisi->CHN"}
    # 2022-04-27 was a Wednesday, 2023-02-14 a Tuesday.
    assert frame["period"].dt.strftime("%Y-%m-%d").tolist() == ["2022-04-25", "2023-02-13"]
    assert (frame["period"].dt.day_of_week == 0).all()
    assert frame["goldstein_mean"].tolist() == pytest.approx([1.0, 1.9])


def test_yearly_series_can_be_limited_to_dates(world: Store) -> None:
    frame = query.dyad_series(world, "USA", "IRN", freq="year", start="2020-01-01")
    assert frame["events"].sum() == 1
    assert frame["material_conflict"].sum() == 1


def test_bad_frequency_is_an_option_error(world: Store) -> None:
    with pytest.raises(OptionError, match="^freq: 'fortnight'"):
        query.dyad_series(world, "IRN", "CHN", freq="fortnight")


def test_plot_dyad_writes_an_image(world: Store, tmp_path: Path) -> None:
    frame = query.dyad_series(world, "IRN", "CHN", freq="month")
    path = query.plot_dyad(frame, tmp_path / "dyad.png", title="Iran and China")
    assert path.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(OptionError):
        query.plot_dyad(frame, tmp_path / "dyad.pdf")


# -- actors ---------------------------------------------------------------------------------------


def test_actor_profile_of_a_person(world: Store) -> None:
    profile = query.actor_profile(world, "Xi")
    assert (profile.name, profile.kind, profile.code) == ("Xi Jinping", "person", "CHNGOV")
    assert set(profile.aliases) == {"Xi", "Xi Jinping"}
    assert profile.titles["title"].tolist() == ["Vice President", "President"]
    assert profile.titles["first_seen"].tolist() == ["2012-02-14", "2023-02-16"]
    assert (profile.first_seen, profile.last_seen) == ("2012-02-14", "2023-02-16")
    assert (profile.events, profile.as_source, profile.as_target) == (2, 2, 0)
    assert set(profile.partners["partner"]) == {"United States", "Ebrahim Raisi"}
    assert profile.plover_mix.set_index("plover_type").loc["CONSULT", "events"] == 2


def test_actor_profile_of_a_country_covers_its_persons(world: Store) -> None:
    profile = query.actor_profile(world, "IRN")
    assert profile.name == "Iran"
    assert profile.events == 8
    partners = profile.partners.set_index("partner")
    assert partners.loc["United States", "events"] == 2
    mix = profile.cameo_mix.set_index("cameo_root")
    assert mix.loc["04", "events"] == 3
    assert mix.loc["04", "cameo_name"] == "Consult"
    as_dict = profile.to_dict()
    assert as_dict["partners"][0]["events"] >= as_dict["partners"][-1]["events"]


def test_actor_profile_series_counts_each_quad_class(world: Store) -> None:
    series = query.actor_profile(world, "Iran", freq="year").series.set_index("period")
    assert [p.year for p in series.index] == [2019, 2020, 2021, 2022, 2023]  # 2021 kept, with no events
    assert series.loc["2021-01-01", "events"] == 0
    assert series.loc["2019-01-01", "material_conflict"] == 1  # US sanctions
    assert series.loc["2020-01-01", "goldstein_sum"] == -10.0  # the missile strike
    in_2022 = series.loc["2022-01-01"]
    assert (in_2022["events"], in_2022["verbal_cooperation"], in_2022["verbal_conflict"]) == (4, 3, 1)
    assert in_2022["goldstein_sum"] == pytest.approx(1.0 + 3.4 + 8.0 - 2.0)
    assert in_2022["goldstein_mean"] == pytest.approx((1.0 + 3.4 + 8.0 - 2.0) / 4, abs=1e-3)
    quads = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
    assert (series[quads].sum(axis=1) == series["events"]).all()


def test_actor_profile_counts_an_event_within_one_country_once(world: Store) -> None:
    # Raisi -> Iran is unusual but possible: the profile of Iran must not count it twice.
    from analysis_world import IRAN, RAISI, article, event

    home = article("Z", "2023-03-01", "Raisi addresses the nation", "IRNA", "Raisi praised Iran in a speech.")
    world.write_results([ArticleResult(home, events=[event(RAISI, IRAN, "051", "2023-03-01", home, home.text, "praised")])])
    profile = query.actor_profile(world, "IRN")
    assert (profile.events, profile.as_source, profile.as_target) == (9, 5, 4)
    assert profile.series["events"].sum() == 9


def test_actor_profile_of_an_unknown_name(world: Store) -> None:
    with pytest.raises(UnknownActorError, match="did you mean"):
        query.actor_profile(world, "Wei Fenge")


def test_actors_autocomplete_by_alias_prefix(world: Store) -> None:
    frame = query.actors(world, "rai")
    assert frame["name"].iloc[0] == "Ebrahim Raisi"
    assert frame["events"].iloc[0] == 4
    assert "Raisi" in frame["aliases"].iloc[0]
    assert query.actors(world, "us", kind="country")["name"].tolist() == ["United States"]
    assert len(query.actors(world, limit=3)) == 3


def test_resolve_actor_explains_what_a_reference_means(world: Store) -> None:
    assert query.resolve_actor(world, "IRN").kind == "country"
    assert query.resolve_actor(world, "Iran").values == ("IRN",)
    assert query.resolve_actor(world, "IRNGOV").kind == "code"
    raisi = query.resolve_actor(world, "Ebrahim Raisi")
    assert raisi.kind == "actors"
    assert query.resolve_actor(world, int(raisi.values[0])).label == "Ebrahim Raisi"
    assert query.describe_actor(world, "Wei")["label"] == "Wei Fenghe"


# -- network, articles, stats ---------------------------------------------------------------------


def test_country_network_weights_edges_by_event_count(world: Store) -> None:
    graph = query.network(world, level="country")
    edge = graph.edges["IRN", "CHN"]
    assert edge["weight"] == 3
    assert edge["goldstein_mean"] == pytest.approx((1.0 + 8.0 + 1.9) / 3, abs=1e-3)
    assert edge["color"] == "#2b8a3e"  # cooperative
    assert graph.edges["IRN", "USA"]["color"] == "#c92a2a"  # conflictual
    assert graph.nodes["IRN"]["label"] == "Iran"
    table = query.centrality(graph)
    assert table["node"].iloc[0] == "IRN"  # eight events, the busiest


def test_actor_network_within_dates_and_its_files(world: Store, tmp_path: Path) -> None:
    graph = query.network(world, start="2022-01-01", end="2022-12-31")
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert labels == {"Ebrahim Raisi", "Wei Fenghe", "Iran", "China"}
    assert sum(w for _, _, w in graph.edges(data="weight")) == 4
    graphml = query.write_graph(graph, tmp_path / "net.graphml")
    gexf = query.write_graph(graph, tmp_path / "net.gexf")
    back = nx.read_graphml(graphml)
    assert back.number_of_edges() == graph.number_of_edges()
    assert nx.read_gexf(gexf).number_of_nodes() == graph.number_of_nodes()
    records = query.graph_records(graph)
    assert len(records["edges"]) == graph.number_of_edges()


def test_network_keeps_the_busiest_actors_unless_asked_for_all(world: Store) -> None:
    # Events with a target, as source or target: Raisi 4, Iran 4, China 3, United States 3,
    # Xi Jinping 2, Wei Fenghe 2.
    everyone = query.network(world, top=None)
    assert everyone.number_of_nodes() == 6
    top_two = query.network(world, top=2)
    assert {data["label"] for _, data in top_two.nodes(data=True)} == {"Ebrahim Raisi", "Iran"}
    assert top_two.graph["nodes_total"] == 6
    assert top_two.number_of_edges() == 0  # Raisi and Iran never act on each other here
    top_four = query.network(world, top=4)
    labels = {data["label"] for _, data in top_four.nodes(data=True)}
    assert labels == {"Ebrahim Raisi", "Iran", "China", "United States"}
    # Only edges among the four: Iran -> China, China -> Iran, Raisi -> China, Iran <-> US.
    assert sum(w for _, _, w in top_four.edges(data="weight")) == 5
    # Within dates the busiest are counted in those dates: from April 2022 on, Raisi has 4
    # events and China 3, Iran only 2.
    recent = query.network(world, "2022-04", "2023", top=2)
    assert {data["label"] for _, data in recent.nodes(data=True)} == {"Ebrahim Raisi", "China"}
    assert [w for _, _, w in recent.edges(data="weight")] == [1]  # Raisi visited China
    assert query.network(world, level="country", top=2).number_of_nodes() == 2
    with pytest.raises(OptionError, match="top"):
        query.network(world, top=0)


def test_search_articles_full_text(world: Store) -> None:
    found = query.search_articles(world, "sanctions")
    assert found["title"].tolist() == ["US sanctions Iran"]
    assert found["events"].tolist() == [1]
    assert "[sanctions]" in found["snippet"].iloc[0]
    assert query.search_articles(world, 'Raisi\'s "visit (') is not None  # punctuation cannot break FTS
    newest = query.search_articles(world, None, limit=2)
    assert newest["pub_date"].tolist() == ["2023-02-16", "2022-06-03"]


def test_stats_summarise_the_store(world: Store) -> None:
    summary = query.stats(world)
    assert summary["events"] == 9
    assert summary["articles"] == 8
    assert (summary["first_event"], summary["last_event"]) == ("2012-02-14", "2023-02-16")
    assert summary["events_by_quad_class"] == {"verbal_cooperation": 6, "verbal_conflict": 1, "material_conflict": 2}
    # Every event with an Iranian side (E1-E7 and E9), each counted once.
    assert summary["top_countries"][0] == {"country": "IRN", "events": 8}
    assert {r["cameo_root"]: r["events"] for r in summary["top_cameo_roots"]}["04"] == 4


def test_stats_tallies_follow_writes_merges_and_deletes(world: Store) -> None:
    def counted() -> dict:
        db = world.db
        quads = dict(db.execute("SELECT quad_class, count(*) FROM events GROUP BY 1").fetchall())
        roots = dict(db.execute("SELECT cameo_root, count(*) FROM events GROUP BY 1").fetchall())
        return {"quads": {query.QUAD_CLASS_COLUMNS[q]: n for q, n in quads.items()}, "roots": roots}

    def told() -> dict:
        summary = query.stats(world)
        roots = {r["cameo_root"]: r["events"] for r in summary["top_cameo_roots"]}
        return {"quads": summary["events_by_quad_class"], "roots": roots}

    assert told() == counted()  # E1 has two sources and is still one event
    with world.transaction() as db:
        event_id = db.execute("SELECT id FROM events WHERE cameo_code = '190'").fetchone()[0]
        db.execute("DELETE FROM event_sources WHERE event_id = ?", (event_id,))
        db.execute("DELETE FROM events WHERE id = ?", (event_id,))
    assert told() == counted()
    assert "material_conflict" in told()["quads"] and told()["quads"]["material_conflict"] == 1
    with world.transaction() as db:
        db.execute("UPDATE events SET cameo_root = '05', cameo_code = '051' WHERE cameo_code = '111'")
    assert told() == counted()
    # The whole country network comes from the tallies; with dates it is counted from the
    # events: both agree, Goldstein sums and QuadClass counts included.
    tallied = query.network(world, level="country")
    scanned = query.network(world, "1900", "2100", level="country")
    assert sorted(tallied.edges(data=True)) == sorted(scanned.edges(data=True))
    assert tallied.edges["IRN", "CHN"]["weight"] == 3
    # A bulk load that bypassed the triggers is recounted by refresh_tallies.
    world.db.execute("DELETE FROM event_tallies")
    world.db.commit()
    assert query.refresh_tallies(world.db) > 0
    assert told() == counted()
    assert sorted(query.network(world, level="country").edges(data=True)) == sorted(scanned.edges(data=True))


def test_database_object_offers_the_same_answers(world: Store) -> None:
    database = query.open_database(world.path)
    try:
        assert database.events(dyad=("IRN", "CHN"))["event_id"].tolist() == query.events(
            world, dyad=("IRN", "CHN")
        )["event_id"].tolist()
        assert database.stats()["events"] == 9
        assert database.actor_profile("Raisi").events == 4
    finally:
        database.close()


# -- the example corpus, end to end ---------------------------------------------------------------
# The same questions on the store the real pipeline builds from examples/corpus (30 articles on
# Iran and China). What the coder finds may improve, so these tests check what must hold of any
# answer (filters keep only what they name, series add up to the events, renderings show them)
# and a few facts the corpus states plainly (Xi Jinping and Ebrahim Raisi met in Beijing on
# 14 February 2023; a naval drill in the Gulf of Oman).


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    yield from open_corpus(tmp_path_factory)


@pytest.mark.slow
def test_corpus_event_filters_keep_only_what_they_name(corpus: Store) -> None:
    everything = query.events(corpus, limit=None)
    assert len(everything) == query.stats(corpus)["events"] > 20
    raisi = query.events(corpus, actor="Raisi", limit=None)
    assert len(raisi) > 0
    assert ((raisi["source_name"] == "Ebrahim Raisi") | (raisi["target_name"] == "Ebrahim Raisi")).all()
    both = query.events(corpus, dyad=("IRN", "CHN"), limit=None)
    there = query.events(corpus, dyad=("IRN", "CHN"), directed=True, limit=None)
    back = query.events(corpus, dyad=("CHN", "IRN"), directed=True, limit=None)
    assert len(both) == len(there) + len(back) > 0
    assert set(zip(there["source_country"], there["target_country"])) == {("IRN", "CHN")}
    consult = query.events(corpus, cameo="04", limit=None)
    assert set(consult["cameo_root"]) == {"04"} and set(consult["plover_type"]) == {"CONSULT"}
    assert set(query.events(corpus, cameo="040", limit=None)["cameo_code"]) == {"040"}
    assert set(query.events(corpus, plover="SUPPORT", limit=None)["plover_type"]) == {"SUPPORT"}
    cooperation = query.events(corpus, quad_class=1, limit=None)
    assert set(cooperation["quad_class"]) == {1} and cooperation["cameo_root"].between("01", "05").all()
    in_2023 = query.events(corpus, start="2023", end="2023", limit=None)
    assert in_2023["date"].between("2023-01-01", "2023-12-31").all() and len(in_2023) > 0
    in_beijing = query.events(corpus, place="beijing", start="2023-02-14", end="2023-02-14", limit=None)
    assert set(in_beijing["place"]) == {"Beijing"}
    met = in_beijing[(in_beijing["source_name"] == "Xi Jinping") & (in_beijing["target_name"] == "Ebrahim Raisi")]
    assert met["cameo_root"].tolist() == ["04"]
    naval = query.events(corpus, text="naval", limit=None)
    assert len(naval) > 0 and naval["evidence"].str.contains("naval", case=False).all()
    iranian_military = query.events(corpus, country="IRN", sector="MIL", limit=None)
    assert (
        ((iranian_military["source_country"] == "IRN") & (iranian_military["source_sector"] == "MIL"))
        | ((iranian_military["target_country"] == "IRN") & (iranian_military["target_sector"] == "MIL"))
    ).all()
    newest = query.events(corpus, order="-date", limit=5)
    assert newest["date"].tolist() == sorted(everything["date"], reverse=True)[:5]


@pytest.mark.slow
def test_corpus_timeline_series_profile_network_and_search(corpus: Store, tmp_path: Path) -> None:
    timeline = query.timeline(corpus, "Raisi", "China")
    assert timeline["date"].tolist() == sorted(timeline["date"])
    assert timeline["summary"].str.contains("Ebrahim Raisi (IRN GOV)", regex=False).all()
    markdown = query.render_timeline(timeline, "markdown")
    html_text = query.render_timeline(timeline, "html")
    for row in timeline.itertuples():
        assert f"**{row.date}** {row.summary}" in markdown
        assert f'<time datetime="{row.date}">' in html_text
    series = query.dyad_series(corpus, "Iran", "China", freq="month")
    dyad = query.events(corpus, dyad=("IRN", "CHN"), limit=None)
    assert series["events"].sum() == len(dyad)
    assert series["goldstein_sum"].sum() == pytest.approx(dyad["goldstein"].sum())
    assert set(series["direction"]) == {"Iran->China", "China->Iran"}
    assert query.plot_dyad(series, tmp_path / "iran-china.svg").read_text().startswith("<?xml")
    profile = query.actor_profile(corpus, "Raisi")
    assert (profile.name, profile.kind, profile.country, profile.code) == ("Ebrahim Raisi", "person", "IRN", "IRNGOV")
    assert "Xi Jinping" in profile.partners["partner"].tolist()
    assert profile.series["events"].sum() == profile.events == profile.plover_mix["events"].sum()
    graph = query.network(corpus, level="country")
    assert graph.edges["IRN", "CHN"]["weight"] == len(dyad[dyad["source_country"] == "IRN"])
    assert query.centrality(graph)["node"].iloc[0] == "IRN"  # the corpus is about Iran
    found = query.search_articles(corpus, "naval drill")
    assert found["title"].str.contains("naval drill").any()
    assert query.stats(corpus)["top_countries"][0]["country"] == "IRN"
