"""`tacitus explain`: the parse, the actors and why each candidate was or was not coded."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from tacitus.cli import main
from tacitus.explain import explain


def test_explain_lists_coded_events_with_pattern_and_dictionary_entries() -> None:
    result = explain("Nepalese Prime Minister Pushpa Kamal Dahal visited India on Wednesday.", date=dt.date(2023, 5, 31))
    [row] = result.event_rows()
    assert row["cameo"] == "042" and row["pattern"] == "visit" and row["trigger"] == "visited"
    assert row["source"].endswith("(NPLGOV)") and row["target"] == "India (IND)"
    assert any(entry.startswith("titles.csv:") for entry in row["entries"])


def test_explain_says_why_a_candidate_was_not_coded() -> None:
    result = explain("Officials will discuss trade. Mongolia did not sign the accord with Laos.", date=dt.date(2023, 5, 31))
    not_coded = {row["trigger"]: row["reason"] for row in result.candidates() if not row["coded"]}
    assert not_coded["sign"] == "negated"
    assert "no source actor" in not_coded["discuss"]


def test_cli_json_has_parse_actors_events_and_not_coded() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["explain", "Iran criticised Israel on Monday.", "--date", "2024-04-15",
                               "--format", "json"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert {t["text"] for t in payload["tokens"]} >= {"Iran", "criticised", "Israel"}
    assert [(a["text"], a["code"]) for a in payload["actors"]] == [("Iran", "IRN"), ("Israel", "ISR")]
    [event] = payload["events"]
    assert (event["cameo"], event["date"], event["plover"]) == ("111", "2024-04-15", "ACCUSE")
    assert payload["not_coded"] == []


def test_cli_table_output_with_a_dateline_place() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["explain", "The visiting Omani foreign minister met Iranian President Ebrahim Raisi.",
                               "--date", "2023-05-31", "--dateline-place", "Tehran", "--no-parse"])
    assert out.exit_code == 0, out.output
    assert "042 Make a visit" in out.output and "Oman (OMN" in out.output.replace("\n", " ") or "OMNGOV" in out.output
    assert "Actors" in out.output and "Events coded" in out.output
