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


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
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
