"""The dyad outlook, its backtest, the forecast CLI and the agent/forecast HTTP endpoints.

The store cases use the hand-made world of ``tests/analysis_world.py`` (Iran, China and the
United States, 2012-2023); calibration is checked on a synthetic process whose odds are known.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from tests.analysis_world import build_world, world_db

from tacitus.cli import main
from tacitus.forecast.outlook import CATEGORIES, backtest, backtest_series, dyad_outlook, series_features
from tacitus.store import Store


def synthetic_dyads(dyads: int = 50, periods: int = 30, seed: int = 5) -> list[np.ndarray]:
    """Counts per period and category: each dyad and category has its own odds, which drift slowly."""
    rng = np.random.default_rng(seed)
    series = []
    for _ in range(dyads):
        odds = rng.beta(0.6, 2.0, size=len(CATEGORIES))
        counts = np.zeros((periods, len(CATEGORIES)), dtype=np.int64)
        for k in range(periods):
            odds = np.clip(odds + rng.normal(0, 0.03, size=odds.shape), 0.0, 1.0)
            happened = rng.random(len(CATEGORIES)) < odds
            counts[k] = happened * rng.poisson(2.0, size=len(CATEGORIES)).clip(min=1)
        series.append(counts)
    return series


def test_outlook_is_calibrated_on_a_process_with_known_odds() -> None:
    report = backtest_series(synthetic_dyads(), "month")
    assert report.forecasts > 10_000
    for row in report.reliability:
        assert 0.0 <= row.mean_probability <= 1.0
        if row.forecasts >= 500:
            assert abs(row.mean_probability - row.observed_frequency) < 0.06, row
    # The fitted combination of recent and long-run frequencies beats the long-run one alone.
    assert report.scores["logistic"].brier < report.scores["climatology"].brier
    assert report.scores["logistic"].log_loss < report.scores["climatology"].log_loss


def test_features_of_a_period_use_only_the_periods_before_it() -> None:
    counts = np.zeros((6, len(CATEGORIES)), dtype=np.int64)
    counts[:, 0] = [1, 1, 0, 0, 0, 5]
    built = series_features(counts)
    changed = counts.copy()
    changed[5, 0] = 0  # what happens in the last period cannot change its own forecast
    assert np.array_equal(series_features(changed).features[5], built.features[5])
    assert built.climatology[4, 0] == pytest.approx((2 + 0.5) / (4 + 1))
    assert built.occurred[5, 0] and not built.occurred[4, 0]


@pytest.fixture
def world(store: Store) -> Store:
    return build_world(store)


def test_dyad_outlook_probabilities_and_counts(world: Store) -> None:
    outlook = dyad_outlook(world, "IRN", "CHN", "month")
    assert outlook.next_period == "2023-03-01"  # the month after the last event of the store
    assert len(outlook.periods) == 12 and outlook.periods[-1] == "2023-02-01"
    assert [row.category for row in outlook.rows] == list(CATEGORIES)
    for row in outlook.rows:
        assert 0.0 <= row.probability <= 1.0
        assert row.expected_count >= 0.0
    by_name = {row.category: row for row in outlook.rows}
    # Feb 2023: Raisi visited China and Xi held talks with Raisi: two consultations (QuadClass 1).
    assert by_name["CONSULT"].history[-1] == 2
    assert by_name["Q1 verbal cooperation"].history[-1] == 2
    # Never seen between them: less likely than what they do most.
    assert by_name["ASSAULT"].probability < by_name["CONSULT"].probability


def test_backtest_of_a_small_store_reports_scores_against_climatology(world: Store) -> None:
    report = backtest(world, "month", top=10)
    assert report.dyads == 3  # IRN-CHN, IRN-USA, CHN-USA
    assert set(report.scores) == {"climatology", "recency", "logistic"}
    assert report.forecasts > 0 and report.origins > 0
    assert sum(b.forecasts for b in report.reliability) == report.forecasts


# -- CLI -------------------------------------------------------------------------------------------


def test_cli_dyad_prints_the_last_periods_beside_the_forecast(tmp_path: Path) -> None:
    db = world_db(tmp_path)
    result = CliRunner().invoke(main, ["forecast", "dyad", "IRN", "CHN", "--horizon", "month", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "next" not in result.output.splitlines()[0] or "2023-03-01" in result.output
    assert "CONSULT" in result.output and "P(any)" in result.output
    as_json = CliRunner().invoke(main, ["forecast", "dyad", "IRN", "CHN", "--db", str(db), "--format", "json"])
    assert json.loads(as_json.output)["next_period"] == "2023-03-01"


def test_cli_backtest_and_link_on_a_store(tmp_path: Path) -> None:
    db = world_db(tmp_path)
    report = CliRunner().invoke(main, ["forecast", "backtest", "--db", str(db), "--json"])
    assert report.exit_code == 0, report.output
    assert json.loads(report.output)["dyads"] == 3
    link = CliRunner().invoke(main, ["forecast", "link", "Ebrahim Raisi", "042", "--db", str(db), "--format", "json"])
    assert link.exit_code == 0, link.output
    assert json.loads(link.output)[0]["entity"] == "China (CHN)"  # Raisi visited China (E5)
    before = CliRunner().invoke(
        main, ["forecast", "link", "Ebrahim Raisi", "042", "--at", "2023-02-14", "--db", str(db), "--format", "json"]
    )
    assert "China (CHN)" not in before.output  # on the day of the visit, only what came before is known
    reverse = CliRunner().invoke(
        main, ["forecast", "link", "Ebrahim Raisi", "040", "--reverse", "--db", str(db), "--format", "json"]
    )
    assert json.loads(reverse.output)[0]["entity"].startswith("Xi Jinping")  # Xi held talks with Raisi (E6)


def test_cli_benchmark_on_a_tiny_tkg_folder(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    for split, days in {"train": range(30), "valid": range(30, 35), "test": range(35, 40)}.items():
        rows = [f"{s}\t{r}\t{(s + r + rng.integers(3)) % 8}\t{24 * t}\n" for t in days for s in range(8) for r in range(2)]
        (tmp_path / f"{split}.txt").write_text("".join(rows), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["forecast", "benchmark", str(tmp_path), "--learner", "logistic", "--json", "--save", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output[result.output.index("{"):])["results"]
    assert {(r["model"], r["setting"]) for r in rows} == {
        (m, s) for m in ("recurrency", "reranker-logistic") for s in ("single", "multi")
    }
    assert all(0.0 < r["mrr"] <= 100.0 and r["hits1"] <= r["hits3"] <= r["hits10"] for r in rows)
    assert (tmp_path / "m" / "recurrency.json").is_file() and (tmp_path / "m" / "reranker-logistic.pkl").is_file()


# -- HTTP ------------------------------------------------------------------------------------------


@pytest.fixture
def client(tmp_path: Path):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from tacitus.serve import create_app

    return TestClient(create_app(world_db(tmp_path)))


def test_agent_tools_answer_the_questions_an_agent_asks(client) -> None:  # type: ignore[no-untyped-def]
    tools = client.get("/api/agent/tools").json()["tools"]
    assert {t["name"] for t in tools} >= {"events_between", "relation_distribution", "code_counts", "lookup_actors"}
    events = client.get("/api/agent/events", params={"a": "IRN", "b": "CHN", "start": "2022", "end": "2022"}).json()
    assert events["total"] == 4  # E1-E4, in 2022
    relations = client.get("/api/agent/relations", params={"a": "IRN", "b": "USA", "by": "plover"}).json()
    assert {d["plover_type"] for d in relations["distribution"]} == {"ASSAULT", "COERCE"}
    counts = client.get("/api/agent/counts", params={"cameo": "04", "freq": "year"}).json()
    assert counts["total"] == 4 and counts["series"][0] == {"period": "2012-01-01", "events": 1}
    actors = client.get("/api/agent/actors", params={"q": "Raisi"}).json()
    assert actors["actors"][0]["name"] == "Ebrahim Raisi"
    first = events["events"][-1]
    articles = client.get(f"/api/agent/events/{first['event_id']}/articles").json()["articles"]
    assert {a["outlet"] for a in articles} == {"Xinhua", "PressTV"}  # E1, told by two articles
    assert client.get("/api/agent/events/unknown/articles").status_code == 404
    assert client.get("/api/agent/counts", params={"plover": "NOPE"}).status_code == 422


def test_forecast_endpoints_serve_the_outlook_and_its_calibration(client) -> None:  # type: ignore[no-untyped-def]
    outlook = client.get("/api/forecast/dyad", params={"a": "IRN", "b": "CHN", "horizon": "month"}).json()
    assert outlook["next_period"] == "2023-03-01"
    assert all(0.0 <= row["probability"] <= 1.0 for row in outlook["rows"])
    calibration = client.get("/api/forecast/calibration", params={"horizon": "month"}).json()
    assert calibration["dyads"] == 3 and calibration["reliability"]
    assert client.get("/api/forecast/dyad", params={"a": "IRN", "b": "CHN", "horizon": "year"}).status_code == 422
    nothing = client.get("/api/forecast/dyad", params={"a": "IRN", "b": "FRA"})  # no events between them
    assert nothing.status_code == 200 and nothing.json()["available"] is False
    assert "no events between" in nothing.json()["reason"]


def test_forecast_and_agent_endpoints_follow_the_apis_rules(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tacitus.serve import create_app

    client = TestClient(create_app(world_db(tmp_path)))
    repeated = client.get("/api/forecast/dyad?a=IRN&b=CHN&a=USA")  # which 'a' counts is unclear
    assert repeated.status_code == 422 and "given more than once" in repeated.text
    assert client.get("/api/agent/events?a=IRN&b=CHN&b=USA").status_code == 422
    served = TestClient(create_app(world_db(tmp_path / "served"), host="127.0.0.1"), base_url="http://evil.example")
    assert served.get("/api/forecast/dyad", params={"a": "IRN", "b": "CHN"}).status_code == 400  # DNS rebinding
    assert served.get("/api/agent/tools").status_code == 400


@pytest.mark.slow
def test_on_a_big_store_the_outlook_is_fitted_in_the_background(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from fastapi.testclient import TestClient

    from tacitus.forecast import api
    from tacitus.serve import create_app

    monkeypatch.setattr(api, "BACKGROUND_FROM_EVENTS", 0)  # every store counts as big
    monkeypatch.setattr(api, "COMPUTE_WAIT", 0.0)
    client = TestClient(create_app(world_db(tmp_path)))
    first = client.get("/api/forecast/dyad", params={"a": "IRN", "b": "CHN"}).json()
    assert first["available"] is False and first["computing"] is True and "being fitted" in first["reason"]
    assert client.get("/api/events", params={"limit": 1}).status_code == 200  # the API answers meanwhile
    for _ in range(600):  # bounded: the child process starts, fits and answers
        answer = client.get("/api/forecast/dyad", params={"a": "IRN", "b": "CHN"}).json()
        if not answer.get("computing"):
            break
        time.sleep(0.1)
    assert answer["available"] is True and answer["next_period"] == "2023-03-01"
