"""How CLI commands print results: a readable table by default, or JSON / CSV."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "json", "csv")

format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output as a readable table, JSON (one array) or CSV.",
)


def emit(rows: pd.DataFrame | Sequence[dict[str, Any]], output_format: str = "table", title: str | None = None) -> None:
    """Print ``rows`` (a DataFrame or a list of dicts) in the chosen format."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if output_format == "json":
        click.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=2))
    elif output_format == "csv":
        frame.to_csv(sys.stdout, index=False)
    else:
        table = Table(title=title, show_lines=False)
        for column in frame.columns:
            table.add_column(str(column), overflow="fold")
        for record in frame.itertuples(index=False):
            table.add_row(*["" if _missing(v) else str(v) for v in record])
        Console().print(table)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, default=str, ensure_ascii=False))


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
