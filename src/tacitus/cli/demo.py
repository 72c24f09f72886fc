"""`tacitus demo`: the example corpus end to end, as `make demo` runs it."""

from __future__ import annotations

from pathlib import Path

import click

from tacitus.cli import db_option, main
from tacitus.demo import run_demo
from tacitus.ingest import summary
from tacitus.store import open_store


@main.command()
@db_option
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of articles to ingest instead of the bundled examples/corpus.")
@click.option("--dyad", nargs=2, default=("IRN", "CHN"), show_default=True, metavar="A B",
              help="The two actors (names or country codes) whose timeline is printed.")
def demo(db: str, corpus: Path | None, dyad: tuple[str, str]) -> None:
    """Ingest the example corpus and print the Iran-China timeline.

    Safe to run again: stored articles are skipped. Then explore with `tacitus events`,
    `tacitus actor Raisi`, or the web page: `tacitus serve --db demo.db`.

    \b
    Example:
      tacitus demo --db demo.db
    """
    with open_store(db) as store:
        result = run_demo(store, corpus, dyad)
        for line in summary(result.report):
            click.echo(line)
        frame = result.timeline
        click.echo(f"\n{dyad[0]}-{dyad[1]} timeline: {len(frame)} events\n")
        for row in frame.itertuples(index=False):
            sources = "source" if row.num_sources == 1 else "sources"
            click.echo(f"{row.date}  {row.summary}")
            click.echo(f"            CAMEO {row.cameo_code} {row.plover_type or '-'}, Goldstein {row.goldstein:+.1f},"
                       f" {row.num_sources} {sources}")
    click.echo(f"\nNext: `.venv/bin/tacitus serve --db {db}` and open http://127.0.0.1:8000 in a browser;")
    click.echo(f"      `.venv/bin/tacitus events --db {db} --help` for searching events.")
