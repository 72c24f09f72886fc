"""One event filter: the fields of ``EventFilter`` are the filters of the query functions, the
``tacitus events``/``export`` options and the ``/api/events`` parameters, and nothing else.

The store holds the hand-made world of ``analysis_world.py`` (nine events, Iran/China/US).
"""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analysis_world import build_world
from tacitus import query
from tacitus.cli import main
from tacitus.errors import OptionError
from tacitus.query import EventFilter, FilterKeywords, filter_specs
from tacitus.query.filters import option_name
from tacitus.store import Store


@pytest.fixture
def world(store: Store) -> Store:
    return build_world(store)


def test_the_keyword_arguments_are_the_fields_of_the_filter() -> None:
    # Typed keywords (query.events(store, dyad=...)) and the dataclass cannot drift apart.
    assert typing.get_type_hints(FilterKeywords) == typing.get_type_hints(EventFilter)
    assert list(FilterKeywords.__annotations__) == [f.name for f in dataclasses.fields(EventFilter)]


@pytest.mark.parametrize(
    ("values", "option"),
    [
        ({"country": "Iran"}, "country"),
        ({"sector": "army"}, "sector"),
        ({"cameo": "4"}, "cameo"),
        ({"plover": "HUG"}, "plover"),
        ({"quad_class": 5}, "quad_class"),
        ({"start": "2023-02-30"}, "start"),
        ({"start": "2023", "end": "2022"}, "start"),
        ({"dyad": ("IRN",)}, "dyad"),
    ],
)
def test_a_filter_refuses_a_bad_value_when_it_is_made(values: dict[str, object], option: str) -> None:
    with pytest.raises(OptionError, match=f"^{option}: "):
        EventFilter(**values)  # type: ignore[arg-type]


def test_a_filter_object_and_its_keywords_find_the_same_events(world: Store) -> None:
    chosen = EventFilter(dyad=("IRN", "CHN"), directed=True, start="2022-05")
    by_object = query.events(world, chosen)
    pd.testing.assert_frame_equal(by_object, query.events(world, dyad=("IRN", "CHN"), directed=True, start="2022-05"))
    assert by_object["date"].tolist() == ["2022-05-10", "2023-02-14"]
    assert query.count_events(world, chosen) == 2
    with query.open_database(world.path) as db:
        assert db.count_events(chosen) == db.count_events(dyad=("IRN", "CHN"), directed=True, start="2022-05") == 2
    with pytest.raises(OptionError, match="not both"):
        query.events(world, chosen, country="IRN")


def test_command_line_and_web_values_make_the_same_filter() -> None:
    from_cli = EventFilter.from_options(
        {"dyad": ["IRN", "CHN"], "directed": True, "text": "talks", "quad_class": 1, "country": None, "place": None}
    )
    from_web = EventFilter.from_web(
        {"a": "IRN", "b": "CHN", "directed": True, "q": "talks", "quad_class": 1, "country": None, "limit": 10}
    )
    assert from_cli == from_web == EventFilter(dyad=("IRN", "CHN"), directed=True, text="talks", quad_class=1)
    # --directed means nothing without --dyad; a dyad needs both of its ends on the web.
    assert EventFilter.from_options({"directed": True}) == EventFilter()
    assert EventFilter.from_web({"a": "IRN"}) == EventFilter()


def test_every_field_is_an_option_of_events_and_export() -> None:
    for command in ("events", "export"):
        shown = CliRunner().invoke(main, [command, "--help"], terminal_width=200).output
        for name, spec in filter_specs().items():
            assert option_name(name) in shown, (command, name)
            assert spec.help.split(":")[0] in shown, (command, name)


def test_every_field_is_a_parameter_of_the_events_api(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from tacitus.serve import create_app

    with TestClient(create_app(tmp_path / "empty.db", read_only=False)) as client:
        schema = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/export/events"):
        names = [p["name"] for p in schema["paths"][path]["get"]["parameters"]]
        wanted = [parameter.name for spec in filter_specs().values() for parameter in spec.web]
        assert names[: len(wanted)] == wanted  # a, b and q as the page calls them
        assert {"order", "limit", "offset"} <= set(names)
