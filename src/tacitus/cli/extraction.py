"""Extraction commands: `tacitus explain`. Parses options, calls tacitus.explain, prints."""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console
from rich.table import Table

from tacitus.cli import main
from tacitus.cli.output import emit_json


@main.command("explain")
@click.argument("text")
@click.option("--date", "date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The publication (dateline) date that weekdays are resolved against [default: today].")
@click.option("--dateline-place", metavar="CITY", help="The dateline city, e.g. Tehran: default place and host of visits.")
@click.option("--dict", "dictionaries", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="An extra actor/agent dictionary (CSV, YAML or PETRARCH). Repeatable.")
@click.option("--patterns", "patterns", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="An extra event-pattern file in the format of data/verbs.yaml, tried first. Repeatable.")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Readable tables, or one JSON object.")
@click.option("--no-parse", is_flag=True, help="Leave the token-by-token parse out of the table output.")
@click.option("--coder", "coder_mode", type=click.Choice(["rules", "model", "both"]), default="rules",
              show_default=True, help="The rule coder alone, the event model alone, or both (docs/event-model.md).")
def explain_command(text: str, date: dt.datetime | None, dateline_place: str | None, dictionaries: tuple[str, ...],
                    patterns: tuple[str, ...], output_format: str, no_parse: bool, coder_mode: str) -> None:
    """Code TEXT and show why: the parse, the actors found, each event and each verb not coded.

    \b
      tacitus explain "Iran criticised Israel on Monday." --date 2024-04-15
      tacitus explain "The visiting minister met Raisi." --date 2022-04-27 --dateline-place Tehran
    """
    from tacitus.explain import explain

    day = date.date() if date else dt.date.today()
    explanation = explain(text, date=day, dateline_place=dateline_place, dictionaries=dictionaries,
                          patterns=patterns, coder_mode=coder_mode)
    if output_format == "json":
        emit_json(explanation.as_dict())
        return
    console = Console()
    if not no_parse:
        parse = Table(title="Parse", show_lines=False)
        for column in ("i", "token", "lemma", "pos", "dep", "head"):
            parse.add_column(column)
        for row in explanation.tokens():
            parse.add_row(str(row["i"]), row["text"], row["lemma"], row["pos"], row["dep"],
                          f"{row['head']} {row['head_text']}")
        console.print(parse)
    console.print("[bold]Actors[/bold]")
    for row in explanation.actors():
        console.print(f"  [{row['sentence']}] {row['text']!r} -> {row['actor']} ({row['code'] or '-'}, {row['kind']})"
                      f"  rule: {row['rule']}", highlight=False)
        if row["entries"]:
            console.print(f"        entries: {', '.join(row['entries'])}", highlight=False)
    console.print("[bold]Events coded[/bold]")
    for row in explanation.event_rows():
        console.print(f"  [{row['sentence']}] {row['date']}  {row['source']} -> {row['target']}  "
                      f"{row['cameo']} {row['name']} [{row['plover'] or '-'}] {row['modality']}", highlight=False)
        console.print(f"        trigger {row['trigger']!r}, pattern {row['pattern']}, place {row['place'] or '-'}, "
                      f"date from {row['date_text'] or 'the anchor date'}", highlight=False)
        console.print(f"        entries: {', '.join(row['entries'])}", highlight=False)
        if row["target_rule"]:
            console.print(f"        target from rule {row['target_rule']} (not named in the clause)", highlight=False)
        if row["intent_rule"]:
            console.print(f"        coded as intended by rule {row['intent_rule']} (the act is not done)", highlight=False)
        for name in row["discourse_rules"]:
            console.print(f"        speaker or target from another sentence: rule {name} (lower confidence)",
                          highlight=False)
        if row["support"]:
            console.print(f"        also stated in sentences {', '.join(map(str, row['support']))}", highlight=False)
    if not explanation.events:
        console.print("  (none)")
    skipped = [c for c in explanation.candidates() if not c["coded"]]
    if skipped:
        console.print("[bold]Not coded[/bold]")
        for row in skipped:
            pattern = f" ({row['pattern']})" if row["pattern"] else ""
            rule = f" [{row['rule']}]" if row["rule"] else ""
            console.print(f"  [{row['sentence']}] {row['trigger']!r}{pattern}{rule}: {row['reason']}", highlight=False,
                          markup=False)
