"""The forecast panel of the dyad view in a real browser (Debian's headless Chromium, Playwright).

Served over the hand-made sample store of the web tests; skipped, saying why, without chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from browser.sample_store import build_sample_store
from browser.server import CHROMIUM_ARGS, chromium_path, running_server
from tacitus.forecast.outlook import CATEGORIES

pytestmark = pytest.mark.browser

WAIT_MS = 20_000


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("forecast-web")
    with running_server(build_sample_store(folder / "sample.db"), folder / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium binary on PATH (chromium / chromium-browser); `make browser` installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1400})
        tab.set_default_timeout(WAIT_MS)
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        yield tab
        browser.close()
        assert errors == [], f"the page logged errors: {errors}"


def test_the_dyad_view_shows_the_outlook_and_its_calibration(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/#/dyad/IRN/CHN")
    outlook = httpx.get(f"{base_url}/api/forecast/dyad", params={"a": "IRN", "b": "CHN", "horizon": "month"}).json()
    calibration = httpx.get(f"{base_url}/api/forecast/calibration", params={"horizon": "month"}).json()
    if not outlook["available"]:
        assert page.get_by_test_id("forecast-unavailable").inner_text() == outlook["reason"]
        return
    rows = page.locator("[data-testid=forecast-table] tbody tr")
    rows.first.wait_for()
    assert rows.count() == len(CATEGORIES)
    first = rows.first.locator("td")
    assert first.nth(0).inner_text() == outlook["rows"][0]["category"]
    assert first.nth(3).inner_text() == f"{outlook['rows'][0]['expected_count']:.2f}"
    chart = page.get_by_test_id("calibration-chart")
    assert chart.count() == (1 if calibration["available"] else 0)
    if calibration["available"]:
        assert chart.locator("circle").count() == len(calibration["reliability"])
    path = Path(__file__).resolve().parent.parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    page.screenshot(path=str(path / "forecast-panel.png"), full_page=True)
