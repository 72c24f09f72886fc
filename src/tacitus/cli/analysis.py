"""Analysis commands: events, timeline, dyad, actor, actors, network, search, export, import-events.

Each parses its options, calls one function of :mod:`tacitus.query` or :mod:`tacitus.export`,
and prints the result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pandas as pd

from tacitus import export as exporting
from tacitus import query
from tacitus.cli import db_option, main
from tacitus.cli.output import emit, emit_json, format_option
from tacitus.query import EventFilter, filter_specs
from tacitus.query.filters import option_name
from tacitus.store import Store

# The columns shown by the readable table of `tacitus events` (json/csv show them all).
EVENT_TABLE_COLUMNS = ["date", "source", "action", "target", "goldstein", "place", "num_sources", "event_id"]


def _open(db: str) -> Store:
    return Store(db, read_only=True)


def event_filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The fields of :class:`tacitus.query.EventFilter` as options shared by `events` and `export`."""
    for name, spec in reversed(filter_specs().items()):
        settings: dict[str, Any] = {"help": spec.help}
        if spec.kind == "flag":
            settings["is_flag"] = True
        elif spec.kind == "pair":
            settings.update(nargs=2, metavar=spec.metavar)
        elif spec.kind == "number" and spec.bounds:
            settings["type"] = click.IntRange(*spec.bounds)
        command = click.option(option_name(name), **settings)(command)
    return command


def _emit_events(frame: pd.DataFrame, output_format: str, title: str | None = None) -> None:
    if output_format == "table":
        shown = frame.assign(
            source=[f"{n} ({c})" for n, c in zip(frame["source_name"], frame["source_code"])],
            action=[f"{c} {n}" for c, n in zip(frame["cameo_code"], frame["cameo_name"])],
            target=[f"{n} ({c})" if n else "" for n, c in zip(frame["target_name"], frame["target_code"])],
        )
        emit(shown[EVENT_TABLE_COLUMNS], "table", title)
        return
    frame = frame.copy()
    if output_format == "csv":
        for column in ("article_ids", "article_titles", "outlets"):
            if column in frame.columns:
                frame[column] = ["|".join(map(str, v)) for v in frame[column]]
    emit(frame, output_format, title)


@main.command("events")
@db_option
@event_filter_options
@click.option("--order", type=click.Choice(query.ORDERS), default="date", show_default=True, help="Sort order; '-' is newest/largest first.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Rows to show.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Rows to skip (the next page).")
@format_option
def events_command(db: str, order: str, limit: int, offset: int, output_format: str, **values: Any) -> None:
    """Events matching filters, with names, codes and provenance.

    \b
    Example:
      tacitus events --dyad IRN CHN --start 2022-01-01 --cameo 04
    """
    with _open(db) as store:
        frame = query.events(store, EventFilter.from_options(values), order=order, limit=limit, offset=offset)
    _emit_events(frame, output_format, f"{len(frame)} events")


@main.command("timeline")
@click.argument("actor")
@click.argument("actor2", required=False)
@db_option
@click.option("--directed", is_flag=True, help="With ACTOR2: only what ACTOR did to ACTOR2.")
@click.option("--start", help="First day, YYYY-MM-DD.")
@click.option("--end", help="Last day (inclusive), YYYY-MM-DD.")
@click.option("--limit", type=click.IntRange(min=0), default=200, show_default=True, help="Most events shown.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print a Markdown timeline with sources and evidence.")
@click.option("--html", "as_html", is_flag=True, help="Print an HTML fragment with sources and evidence.")
@format_option
def timeline_command(
    actor: str,
    actor2: str | None,
    db: str,
    directed: bool,
    start: str | None,
    end: str | None,
    limit: int,
    as_markdown: bool,
    as_html: bool,
    output_format: str,
) -> None:
    """What ACTOR did and had done to it (with ACTOR2: between the two), day by day.

    \b
    Examples:
      tacitus timeline Raisi
      tacitus timeline IRN CHN --markdown > iran-china.md
    """
    with _open(db) as store:
        frame = query.timeline(store, actor, actor2, directed=directed, start=start, end=end, limit=limit)
    title = f"Timeline: {actor}" + (f" and {actor2}" if actor2 else "")
    if as_markdown or as_html:
        click.echo(query.render_timeline(frame, "html" if as_html else "markdown", title), nl=False)
    elif output_format == "table":
        emit(frame[["date", "summary", "cameo_code", "goldstein", "num_sources"]], "table", title)
    else:
        _emit_events(frame, output_format, title)


@main.command("dyad")
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--freq", type=click.Choice(query.FREQUENCIES), default="month", show_default=True, help="Period length.")
@click.option("--directed", is_flag=True, help="Only events from A to B.")
@click.option("--start", help="First day, YYYY-MM-DD.")
@click.option("--end", help="Last day (inclusive), YYYY-MM-DD.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw the series to a .png or .svg file.")
@format_option
def dyad_command(
    a: str, b: str, db: str, freq: str, directed: bool, start: str | None, end: str | None, plot: str | None,
    output_format: str,
) -> None:
    """Cooperation and conflict between A and B per period: counts per QuadClass and Goldstein.

    \b
    Example:
      tacitus dyad IRN CHN --freq month --plot iran-china.png
    """
    with _open(db) as store:
        frame = query.dyad_series(store, a, b, freq=freq, directed=directed, start=start, end=end)
    if plot:
        query.plot_dyad(frame, plot, title=f"{a} and {b}")
        click.echo(f"plot written to {plot}", err=True)
    shown = frame.copy()
    shown["period"] = shown["period"].dt.strftime("%Y-%m-%d")
    emit(shown, output_format, f"{a} - {b} by {freq}")


@main.command("actor")
@click.argument("name")
@db_option
@format_option
def actor_command(name: str, db: str, output_format: str) -> None:
    """Who an actor is and what it did: aliases, titles, partners, event mix.

    \b
    Example:
      tacitus actor "Ebrahim Raisi"
    """
    with _open(db) as store:
        profile = query.actor_profile(store, name)
    if output_format == "json":
        emit_json(profile.to_dict())
        return
    if output_format == "csv":
        emit(profile.partners, "csv")
        return
    click.echo(f"{profile.name}  [{profile.kind}, code {profile.code or '-'}, id {profile.actor_id}]")
    click.echo(f"  aliases: {', '.join(profile.aliases) or '-'}")
    click.echo(f"  events: {profile.events} ({profile.as_source} as source, {profile.as_target} as target),"
               f" first {profile.first_seen or '-'}, last {profile.last_seen or '-'}")
    if not profile.titles.empty:
        emit(profile.titles, "table", "Titles over time")
    emit(profile.partners, "table", "Top partners")
    emit(profile.cameo_mix, "table", "Event mix by CAMEO root")
    emit(profile.plover_mix, "table", "Event mix by PLOVER type")


@main.command("actors")
@db_option
@click.option("--search", help="Part of a name, alias or code.")
@click.option("--kind", type=click.Choice(["country", "person", "organisation", "group"]), help="Only this kind.")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True)
@format_option
def actors_command(db: str, search: str | None, kind: str | None, limit: int, output_format: str) -> None:
    """Actors by name, alias or code, busiest first.

    \b
    Example:
      tacitus actors --search rai
    """
    with _open(db) as store:
        frame = query.actors(store, search, kind=kind, limit=limit)
    frame["aliases"] = ["|".join(v) for v in frame["aliases"]] if output_format != "json" else frame["aliases"]
    emit(frame, output_format, "Actors")


@main.command("network")
@db_option
@click.option("--start", help="First day, YYYY-MM-DD.")
@click.option("--end", help="Last day (inclusive), YYYY-MM-DD.")
@click.option("--level", type=click.Choice(["actor", "country"]), default="actor", show_default=True)
@click.option("--actor", help="Only this actor's edges.")
@click.option("--min-events", type=click.IntRange(min=1), default=1, show_default=True, help="Drop lighter edges.")
@click.option("--graphml", type=click.Path(dir_okay=False), help="Write the graph as GraphML.")
@click.option("--gexf", type=click.Path(dir_okay=False), help="Write the graph as GEXF (Gephi).")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True, help="Rows of the centrality table.")
@click.option(
    "--top", type=click.IntRange(min=1), default=query.DEFAULT_NETWORK_TOP, show_default=True,
    help="Keep the N busiest actors (or countries) and the edges among them.",
)
@click.option("--all", "every_node", is_flag=True, help="Keep every actor (slow and unreadable on big stores).")
@format_option
def network_command(
    db: str, start: str | None, end: str | None, level: str, actor: str | None, min_events: int,
    graphml: str | None, gexf: str | None, limit: int, top: int, every_node: bool, output_format: str,
) -> None:
    """Who acts on whom: the actor (or country) network and its most central nodes.

    \b
    Example:
      tacitus network --level country --graphml net.graphml --gexf net.gexf
      tacitus network --start 2022 --end 2022 --top 50 --gexf top50.gexf
    """
    with _open(db) as store:
        graph = query.network(
            store, start, end, level, actor=actor, min_events=min_events, top=None if every_node else top
        )
    for path, fmt in ((graphml, "graphml"), (gexf, "gexf")):
        if path:
            query.write_graph(graph, path, fmt)  # type: ignore[arg-type]
            click.echo(f"{fmt} written to {path}", err=True)
    total = graph.graph.get("nodes_total", graph.number_of_nodes())
    kept = f" (the {graph.number_of_nodes()} busiest of {total}; --all keeps every one)" if total > graph.number_of_nodes() else ""
    click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges{kept}", err=True)
    emit(query.centrality(graph).head(limit), output_format, "Most central")


@main.command("search")
@click.argument("text")
@db_option
@click.option("--start", help="First publication day, YYYY-MM-DD.")
@click.option("--end", help="Last publication day, YYYY-MM-DD.")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True)
@format_option
def search_command(text: str, db: str, start: str | None, end: str | None, limit: int, output_format: str) -> None:
    """Articles containing every word of TEXT (full text), best first.

    \b
    Example:
      tacitus search "naval drill"
    """
    with _open(db) as store:
        frame = query.search_articles(store, text, start=start, end=end, limit=limit)
    emit(frame, output_format, f"Articles matching {text!r}")


@main.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(exporting.FORMATS), help="Export format [default: from --out].")
@click.option("--out", "out", required=True, type=click.Path(), help="File to write (a folder for tkg).")
@event_filter_options
def export_command(db: str, fmt: str | None, out: str, **values: Any) -> None:
    """Write events (with provenance) as csv, parquet, jsonl, GDELT, ICEWS, PLOVER, TKG or GraphML.

    \b
    Examples:
      tacitus export --format parquet --out events.parquet --dyad IRN CHN
      tacitus export --format tkg --out tkg/      # train/valid/test.txt, entity2id.txt, relation2id.txt
    Column mappings: docs/queries.md.
    """
    with _open(db) as store:
        count = exporting.export_events(store, out, fmt, EventFilter.from_options(values))
    click.echo(f"{count} records written to {out}", err=True)


@main.command("import-events")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@db_option
def import_events_command(path: str, db: str) -> None:
    """Load a csv, parquet or jsonl file written by `tacitus export` into a database.

    \b
    Example:
      tacitus import-events events.parquet --db copy.db
    """
    with Store(db) as store:
        count = exporting.load_events(store, Path(path))
    click.echo(f"{count} events imported into {db}")
