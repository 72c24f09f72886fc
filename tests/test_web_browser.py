"""The analyst's page in a real browser: Debian's headless Chromium driven by Playwright.

One `tacitus serve` per module (a subprocess on a free 127.0.0.1 port) over the hand-made
sample store. Screenshots go to test-artifacts/ (git-ignored) for a person to look at.
Skipped, saying why, where no chromium binary is installed (`make browser` installs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from browser.sample_store import build_sample_store
from browser.server import CHROMIUM_ARGS, chromium_path, running_server

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
WAIT_MS = 15_000


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web")
    with running_server(build_sample_store(folder / "sample.db"), folder / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium binary on PATH (chromium / chromium-browser); `make browser` installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto(f"{base_url}/")
    yield tab
    context.close()
    assert errors == [], f"the page logged errors: {errors}"


def wait_for_view(page: Any, route: str) -> None:
    """Wait until the page has finished loading the view at ``route`` (it marks <body data-ready>)."""
    page.locator(f"body[data-ready='{route}']").wait_for(state="attached")


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def test_search_iran_open_the_iran_china_dyad_and_see_the_evidence(page: Any, base_url: str) -> None:
    page.get_by_test_id("actor-search").fill("Iran")
    suggestion = page.locator("[data-testid=actor-suggestion][data-actor-code=IRN]")
    suggestion.click()
    wait_for_view(page, "#/actor/IRN")
    assert page.get_by_test_id("actor-name").inner_text() == "Iran"

    page.locator("[data-testid=partner-link][data-actor-code=CHN]").click()
    wait_for_view(page, "#/dyad/IRN/CHN")
    assert page.get_by_test_id("dyad-title").inner_text() == "Iran (IRN) – China (CHN)"
    rows = page.locator("#dyad-events [data-testid=event-row]")
    expected = httpx.get(f"{base_url}/api/events", params={"a": "IRN", "b": "CHN"}).json()
    assert rows.count() == expected["total"] > 0

    # The chart's bars add up to the events listed under it.
    bars = page.locator("#dyad-chart [data-testid=chart-bar]")
    assert sum(int(bar.get_attribute("data-count")) for bar in bars.all()) == expected["total"]

    # The criticism: its evidence is a clause inside a longer sentence.
    row = page.locator("#dyad-events [data-testid=event-row]", has_text="criticize")
    event_id = row.get_attribute("data-event-id")
    row.click()
    mark = page.locator("#article-text mark[data-testid=evidence]")
    mark.wait_for()
    source = httpx.get(f"{base_url}/api/events/{event_id}").json()["sources"][0]
    assert mark.inner_text() == source["evidence"] == "criticised Iran on Tuesday"
    assert page.locator("#article-text mark").count() == 1
    assert "Criticize or denounce" in page.get_by_test_id("code-cameo").inner_text()
    assert page.get_by_test_id("code-quad-class").inner_text().startswith("3 Verbal conflict")
    assert page.get_by_test_id("code-plover").inner_text().startswith("ACCUSE")
    assert page.get_by_test_id("code-goldstein").inner_text().startswith("-2.0")
    screenshot(page, "dyad-iran-china-evidence.png")


def test_network_draws_the_countries_and_opens_a_dyad_from_a_line(page: Any) -> None:
    page.get_by_test_id("tab-network").click()
    page.locator("[data-testid=network-node]").first.wait_for()
    nodes = {node.get_attribute("data-node-id") for node in page.locator("[data-testid=network-node]").all()}
    assert nodes == {"IRN", "CHN", "RUS", "USA", "IRQ"}
    screenshot(page, "network.png")
    page.locator("[data-testid=network-edge][data-source=IRN][data-target=RUS]").click(force=True)
    wait_for_view(page, "#/dyad/IRN/RUS")
    assert page.locator("#dyad-events [data-testid=event-row]").count() == 2


def test_enter_in_the_search_box_finds_articles_by_their_words(page: Any) -> None:
    search = page.get_by_test_id("actor-search")
    search.fill("pipeline")
    search.press("Enter")
    wait_for_view(page, "#/search/pipeline")
    found = page.locator("[data-testid=search-article]")
    assert found.count() == 1
    found.get_by_role("button").click()
    page.get_by_test_id("article-text").get_by_text("gas pipeline", exact=False).wait_for()
    assert page.get_by_test_id("article-title").inner_text() == "Moscow and Tehran plan a new energy corridor"


# -- issue 13: the page as an analyst's daily tool --------------------------------------------------

NARROW = {"width": 390, "height": 844}


@pytest.fixture
def new_tab(browser: Any, base_url: str) -> Iterator[Any]:
    """Open tabs with their own viewport (and scripts run before the page's); console errors fail the test."""
    contexts: list[Any] = []
    errors: list[str] = []

    def open_tab(route: str = "#/", viewport: dict[str, int] | None = None, init_script: str | None = None) -> Any:
        context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000}, accept_downloads=True)
        contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        tab = context.new_page()
        tab.set_default_timeout(WAIT_MS)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.goto(f"{base_url}/{route}")
        wait_for_view(tab, route if route != "" else "#/")
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    assert errors == [], f"the page logged errors: {errors}"


def api_json(base_url: str, path: str, **params: Any) -> Any:
    response = httpx.get(f"{base_url}{path}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def listed_ids(page: Any, list_id: str) -> list[str]:
    return [row.get_attribute("data-event-id") for row in page.locator(f"#{list_id} [data-testid=event-row]").all()]


# Responses for the USA and Iran arrive 1.5 s late (the fetch waits before it is sent, as a slow
# network would); China's come at once. An aborted request is never sent, as in a real browser.
SLOW_USA_AND_IRAN = """
(() => {
  const original = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const url = String(input);
    const slow = /actor=(USA|IRN)\\b|\\/api\\/actors\\/(USA|IRN)\\b/.test(url);
    if (!slow) return original(input, init);
    return new Promise((resolve, reject) => {
      setTimeout(() => original(input, init).then(resolve, reject), 1500);
    });
  };
})();
"""


def test_a_view_left_quickly_never_mixes_its_late_answers_into_the_next(new_tab: Any, base_url: str) -> None:
    page = new_tab("#/", init_script=SLOW_USA_AND_IRAN)
    for ref in ("USA", "IRN", "CHN"):
        page.evaluate(f"window.location.hash = '#/actor/{ref}'")
        page.wait_for_timeout(150)
    wait_for_view(page, "#/actor/CHN")
    page.wait_for_timeout(2500)  # the slow answers for the USA and Iran have all arrived by now
    china = {e["event_id"] for e in api_json(base_url, "/api/events", actor="CHN", limit=500)["items"]}
    shown = listed_ids(page, "actor-events")
    assert sorted(shown) == sorted(china)  # all of China's events, nobody else's, no duplicates
    assert page.get_by_test_id("actor-name").inner_text() == "China"
    bars = page.locator("#actor-chart [data-testid=chart-bar]")
    assert sum(int(bar.get_attribute("data-count")) for bar in bars.all()) == len(china)
    screenshot(page, "race-china-after-usa-and-iran.png")


def test_back_and_forward_walk_through_views_settings_and_the_open_event(new_tab: Any) -> None:
    page = new_tab("#/actor/IRN")
    page.locator("[data-testid=partner-link][data-actor-code=CHN]").click()
    wait_for_view(page, "#/dyad/IRN/CHN")
    page.get_by_test_id("dyad-directed").check()
    wait_for_view(page, "#/dyad/IRN/CHN?directed=1")
    row = page.locator("#dyad-events [data-testid=event-row]").first
    event_id = row.get_attribute("data-event-id")
    row.click()
    wait_for_view(page, f"#/dyad/IRN/CHN?directed=1&event={event_id}")
    assert page.get_by_test_id("event-detail").is_visible()

    page.go_back()
    wait_for_view(page, "#/dyad/IRN/CHN?directed=1")
    assert page.get_by_test_id("event-detail").is_hidden()
    page.go_back()
    wait_for_view(page, "#/dyad/IRN/CHN")
    assert not page.get_by_test_id("dyad-directed").is_checked()
    assert page.locator("#dyad-arrow").inner_text() == "⇄"
    page.go_back()
    wait_for_view(page, "#/actor/IRN")
    assert page.get_by_test_id("actor-view").is_visible()
    page.go_forward()
    wait_for_view(page, "#/dyad/IRN/CHN")
    page.go_forward()
    wait_for_view(page, "#/dyad/IRN/CHN?directed=1")
    assert page.get_by_test_id("dyad-directed").is_checked()
    assert page.get_by_test_id("dyad-title").inner_text() == "Iran (IRN) → China (CHN)"


def test_a_link_reproduces_the_whole_view(new_tab: Any, base_url: str) -> None:
    events = api_json(base_url, "/api/events", a="IRN", b="CHN", start="2024-03-01", order="date")["items"]
    chosen = events[0]["event_id"]
    route = f"#/dyad/IRN/CHN?freq=year&chart=goldstein&start=2024-03-01&order=asc&event={chosen}"
    page = new_tab(route)
    assert page.get_by_test_id("dyad-freq").input_value() == "year"
    assert page.get_by_test_id("dyad-mode").input_value() == "goldstein"
    assert page.get_by_test_id("dyad-start").input_value() == "2024-03-01"
    assert page.get_by_test_id("dyad-order").input_value() == "asc"
    assert page.locator("#dyad-chart [data-testid=series-chart]").get_attribute("data-mode") == "goldstein"
    assert listed_ids(page, "dyad-events") == [e["event_id"] for e in events]  # oldest first, from March
    assert page.get_by_test_id("event-detail").get_attribute("data-event-id") == chosen
    assert page.locator(f"#dyad-events [data-event-id='{chosen}']").get_attribute("class") == "selected"


def test_switching_tabs_keeps_the_dyad(new_tab: Any) -> None:
    page = new_tab("#/dyad/IRN/RUS?freq=week")
    page.get_by_test_id("tab-network").click()
    wait_for_view(page, "#/network")
    page.get_by_test_id("tab-dyad").click()
    wait_for_view(page, "#/dyad/IRN/RUS?freq=week")
    assert page.get_by_test_id("dyad-title").inner_text() == "Iran (IRN) – Russia (RUS)"
    assert page.get_by_test_id("dyad-freq").input_value() == "week"


def test_date_range_and_newest_first_on_the_actor_view(new_tab: Any, base_url: str) -> None:
    page = new_tab("#/actor/IRN")
    newest = api_json(base_url, "/api/events", actor="IRN", order="-date", limit=500)["items"]
    assert listed_ids(page, "actor-events") == [e["event_id"] for e in newest]  # newest first by default
    page.get_by_test_id("actor-start").fill("2024-03-01")
    page.get_by_test_id("actor-end").fill("2024-05-31")
    page.get_by_test_id("actor-apply").click()
    wait_for_view(page, "#/actor/IRN?start=2024-03-01&end=2024-05-31")
    expected = [e for e in newest if "2024-03-01" <= e["date"] <= "2024-05-31"]
    assert listed_ids(page, "actor-events") == [e["event_id"] for e in expected]
    assert page.get_by_test_id("actor-count").inner_text() == f"({len(expected)})"
    periods = [p.get_attribute("data-period") for p in page.locator("#actor-chart [data-testid=chart-period]").all()]
    assert periods == ["2024-03", "2024-04", "2024-05"]  # the chart shows the same months, April included
    page.get_by_test_id("actor-order").select_option("asc")
    wait_for_view(page, "#/actor/IRN?start=2024-03-01&end=2024-05-31&order=asc")
    dates = [row.inner_text() for row in page.locator("#actor-events [data-testid=event-row] .date").all()]
    assert dates == sorted(dates) and len(dates) == len(expected)
    screenshot(page, "actor-iran-march-to-may.png")


def test_downloads_carry_the_views_filters(new_tab: Any, base_url: str, tmp_path: Path) -> None:
    import csv
    import json

    page = new_tab("#/dyad/IRN/CHN?start=2024-03-01")
    expected = api_json(base_url, "/api/events", a="IRN", b="CHN", start="2024-03-01", limit=500)["items"]
    with page.expect_download() as got:
        page.get_by_test_id("dyad-csv").click()
    path = tmp_path / "events.csv"
    got.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in expected]
    with page.expect_download() as got:
        page.get_by_test_id("dyad-jsonl").click()
    got.value.save_as(tmp_path / "events.jsonl")
    lines = (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == [e["event_id"] for e in expected]
    with page.expect_download() as got:
        page.get_by_test_id("dyad-svg").click()
    assert got.value.suggested_filename.endswith(".svg")
    got.value.save_as(tmp_path / "chart.svg")
    drawing = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert drawing.startswith("<svg") and "hatch-q1" in drawing
    assert drawing.count('data-testid="chart-bar"') == page.locator("#dyad-chart [data-testid=chart-bar]").count()
    with page.expect_download() as got:
        page.get_by_test_id("dyad-png").click()
    got.value.save_as(tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_keyboard_alone_reaches_periods_events_and_network_nodes(new_tab: Any) -> None:
    page = new_tab("#/dyad/IRN/CHN")
    first = page.locator("#dyad-chart [data-testid=chart-period]").first
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.period") == "2024-03"
    page.keyboard.press("Enter")
    wait_for_view(page, "#/dyad/IRN/CHN?start=2024-03-01&end=2024-03-31")
    dates = [row.inner_text() for row in page.locator("#dyad-events [data-testid=event-row] .date").all()]
    assert dates and all(d.startswith("2024-03") for d in dates)

    row = page.locator("#dyad-events [data-testid=event-row]").first
    row.focus()
    page.keyboard.press("Enter")
    page.locator("#event-detail[data-event-id]").wait_for()
    assert page.evaluate("document.activeElement.id") == "event-close"
    page.keyboard.press("Escape")
    wait_for_view(page, "#/dyad/IRN/CHN?start=2024-03-01&end=2024-03-31")
    assert page.get_by_test_id("event-detail").is_hidden()
    assert page.evaluate("document.activeElement.dataset.eventId") == row.get_attribute("data-event-id")

    page.get_by_test_id("tab-network").click()
    wait_for_view(page, "#/network")
    page.locator("[data-testid=network-node][data-node-id=RUS]").focus()
    page.keyboard.press("Enter")
    wait_for_view(page, "#/actor/RUS")


def test_tab_right_after_typing_leaves_no_suggestions_open(new_tab: Any) -> None:
    page = new_tab("#/")
    search = page.get_by_test_id("actor-search")
    search.focus()
    page.keyboard.type("Ira")
    page.keyboard.press("Tab")  # well within the 120 ms before the lookup starts
    page.wait_for_timeout(800)
    assert page.get_by_test_id("actor-suggestions").is_hidden()


def test_draw_asks_for_the_network_once(new_tab: Any) -> None:
    page = new_tab("#/network")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/api/network" in request.url else None)
    page.get_by_test_id("network-level").select_option("actor")
    page.get_by_test_id("network-submit").click()
    wait_for_view(page, "#/network?level=actor")
    page.wait_for_timeout(300)
    assert len(asked) == 1


def test_the_event_detail_keeps_its_title_and_close_button_in_view(new_tab: Any) -> None:
    page = new_tab("#/dyad/IRN/CHN", viewport={"width": 1400, "height": 420})
    page.locator("#dyad-events [data-testid=event-row]").first.click()
    page.locator("#event-detail[data-event-id]").wait_for()
    page.get_by_test_id("event-body").evaluate("body => { body.scrollTop = body.scrollHeight; }")
    page.wait_for_timeout(100)
    for part in ("event-close", "event-title"):
        box = page.get_by_test_id(part).bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 420, part
    assert page.get_by_test_id("code-rule").inner_text().startswith("hand-made test record")
    assert page.get_by_test_id("code-dictionary").is_visible()
    page.get_by_test_id("event-close").click()
    wait_for_view(page, "#/dyad/IRN/CHN")
    assert page.get_by_test_id("event-detail").is_hidden()


def test_a_person_and_a_country_make_a_dyad_named_once_each(new_tab: Any) -> None:
    page = new_tab("#/dyad/Kamali/China")
    assert page.get_by_test_id("dyad-title").inner_text() == "Dariush Kamali – China (CHN)"


def test_search_snippets_highlight_the_words_found(new_tab: Any) -> None:
    page = new_tab("#/search/gas%20pipeline")
    snippet = page.locator("[data-testid=search-snippet]").first
    assert [m.inner_text() for m in snippet.locator("mark").all()] == ["gas", "pipeline"]
    assert "[" not in snippet.inner_text()


def test_the_overview_lists_the_busiest_pairs(new_tab: Any, base_url: str) -> None:
    page = new_tab("#/")
    first = page.locator("[data-testid=overview-pair]").first
    assert {first.get_attribute("data-source"), first.get_attribute("data-target")} == {"CHN", "IRN"}
    expected = api_json(base_url, "/api/events", a="IRN", b="CHN")["total"]
    assert first.locator(".n").inner_text() == str(expected)
    first.click()
    wait_for_view(page, f"#/dyad/{first.get_attribute('data-source')}/{first.get_attribute('data-target')}")
    screenshot(page, "overview-pair-dyad.png")


def contrast(rgb_a: tuple[float, ...], rgb_b: tuple[float, ...]) -> float:
    def luminance(rgb: tuple[float, ...]) -> float:
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_charts_have_axis_titles_a_legend_and_quad_colours_that_differ_beyond_hue(new_tab: Any) -> None:
    page = new_tab("#/dyad/IRN/CHN")
    chart = page.get_by_test_id("dyad-chart")
    assert chart.get_by_test_id("y-axis-title").text_content() == "Events"
    assert chart.get_by_test_id("x-axis-title").text_content() == "Month"
    legend = page.locator("#dyad-view [data-testid=legend-item]")
    assert [item.inner_text().split(" (")[0] for item in legend.all()] == [
        "1 Verbal cooperation", "2 Material cooperation", "3 Verbal conflict", "4 Material conflict",
    ]  # fmt: skip
    fills = page.evaluate(
        """() => [1, 2, 3, 4].map((n) => {
          const probe = document.createElementNS("http://www.w3.org/2000/svg", "rect");
          probe.setAttribute("class", `bar q${n}`);
          document.querySelector("#dyad-chart svg").append(probe);
          const fill = getComputedStyle(probe).fill;
          probe.remove();
          const pattern = fill.match(/#([\\w-]+)/);
          const base = pattern ? document.querySelector(`#${pattern[1]} rect`).getAttribute("fill") : fill;
          return { patterned: Boolean(pattern), base };
        })"""
    )
    def rgb(text: str) -> tuple[float, ...]:
        if text.startswith("#"):
            return tuple(int(text[i : i + 2], 16) for i in (1, 3, 5))
        return tuple(float(v) for v in text[text.index("(") + 1 : text.index(")")].split(",")[:3])

    for fill in fills:
        assert contrast(rgb(fill["base"]), (255, 255, 255)) >= 3.0, fill
    assert [fill["patterned"] for fill in fills] == [True, False, True, False]  # verbal hatched, material solid
    page.get_by_test_id("dyad-mode").select_option("goldstein")
    wait_for_view(page, "#/dyad/IRN/CHN?chart=goldstein")
    assert page.get_by_test_id("legend-dots").is_visible()
    assert chart.get_by_test_id("y-axis-title").text_content() == "Mean Goldstein score"
    assert page.evaluate("num(1234567)") == "1,234,567"
    screenshot(page, "dyad-goldstein-legend.png")


def test_the_actor_network_is_readable(new_tab: Any, base_url: str) -> None:
    page = new_tab("#/network?level=actor")
    nodes = page.locator("[data-testid=network-node]")
    graph = api_json(base_url, "/api/network", level="actor", top=50, limit=500)
    assert nodes.count() == len(graph["nodes"])
    names = [node.get_attribute("aria-label").rsplit(":", 1)[0] for node in nodes.all()]
    assert len(names) == len(set(names)), names  # "China" and "China (CHNMIL)", not two "China"
    radii = {n.get_attribute("data-node-id"): float(n.locator("circle").get_attribute("r")) for n in nodes.all()}
    events = {n.get_attribute("data-node-id"): int(n.get_attribute("data-events")) for n in nodes.all()}
    ranked = sorted(radii, key=lambda key: events[key])
    assert [radii[key] for key in ranked] == sorted(radii.values())  # bigger node, more events
    boxes = [label.bounding_box() for label in page.locator("[data-testid=network-label]").all()]
    assert len(boxes) >= 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            assert apart, (a, b)
    screenshot(page, "network-actors.png")


@pytest.mark.parametrize("route", ["#/", "#/actor/IRN", "#/dyad/IRN/CHN", "#/network", "#/search/pipeline"])
def test_a_390_px_phone_gets_no_sideways_scroll_and_readable_charts(new_tab: Any, route: str) -> None:
    page = new_tab(route, viewport=NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    ticks = page.locator("main:visible .chart svg text.tick")
    for tick in ticks.all()[:6]:
        box = tick.bounding_box()
        assert box is not None and box["height"] >= 10, box  # not shrunk below a readable size
    name = route.strip("#/").replace("/", "-") or "overview"
    screenshot(page, f"phone-{name}.png")


def test_on_a_phone_the_event_opens_where_it_was_tapped(new_tab: Any) -> None:
    page = new_tab("#/dyad/IRN/CHN", viewport=NARROW)
    row = page.locator("#dyad-events [data-testid=event-row]").last
    row.scroll_into_view_if_needed()
    row.click()
    page.locator("#event-detail[data-event-id]").wait_for()
    close = page.get_by_test_id("event-close").bounding_box()
    title = page.get_by_test_id("event-title").bounding_box()
    assert close is not None and title is not None
    assert 0 <= close["y"] < NARROW["height"] and 0 <= title["y"] < NARROW["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    screenshot(page, "phone-event-detail.png", full_page=False)
    page.keyboard.press("Escape")
    # Escape drops the event from the URL; the route change then closes the panel (not synchronously)
    page.get_by_test_id("event-detail").wait_for(state="hidden", timeout=5000)
    assert "event=" not in page.url


def test_a_series_of_many_days_is_drawn_compactly_and_walked_with_the_keyboard(new_tab: Any) -> None:
    page = new_tab("#/dyad")
    page.evaluate("COMPACT_PERIODS = 20")  # the sample's 72 days between January and March count as many
    page.evaluate("window.location.hash = '#/dyad/IRN/CHN?freq=day'")
    wait_for_view(page, "#/dyad/IRN/CHN?freq=day")
    assert page.locator("#dyad-chart [data-testid=chart-period]").count() == 0
    assert page.locator("#dyad-chart [data-testid=chart-bars]").count() == 3  # QuadClasses 1, 2 and 3
    cursor = page.locator("#dyad-chart [data-testid=chart-cursor]")
    cursor.focus()
    page.keyboard.press("Home")
    assert cursor.get_attribute("aria-valuetext") == "2024-01-10: 3 events"
    page.keyboard.press("End")
    assert cursor.get_attribute("aria-valuetext") == "2024-03-21: 1 event"
    page.keyboard.press("Enter")
    wait_for_view(page, "#/dyad/IRN/CHN?freq=day&start=2024-03-21&end=2024-03-21")
    assert [r.inner_text() for r in page.locator("#dyad-events [data-testid=event-row] .date").all()] == ["2024-03-21"]
    screenshot(page, "dyad-days-compact.png")


def test_another_module_can_add_a_panel_to_the_dyad_view(new_tab: Any) -> None:
    page = new_tab("#/dyad")
    page.evaluate(
        "dyadPanels.push((dyad, box) => { box.textContent = `${dyad.a}-${dyad.b} by ${dyad.freq}: ${dyad.series.length} periods`; })"
    )
    page.evaluate("window.location.hash = '#/dyad/IRN/CHN'")
    wait_for_view(page, "#/dyad/IRN/CHN")
    added = page.locator("#dyad-panels .dyad-panel", has_text="IRN-CHN")
    added.wait_for()
    assert added.inner_text() == "IRN-CHN by month: 3 periods"  # its own box, beside the forecast's


def test_a_big_store_does_not_silently_narrow_the_networks_dates(browser: Any, base_url: str) -> None:
    import json

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    real = httpx.get(f"{base_url}/api/stats").json()
    big = {**real, "events": 2_000_000}  # what a large store reports
    page.route("**/api/stats", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(big)))
    page.goto(f"{base_url}/#/network")
    wait_for_view(page, "#/network")
    page.get_by_test_id("stats").get_by_text("2,000,000 events", exact=False).wait_for()
    assert page.get_by_test_id("network-start").input_value() == ""
    context.close()
