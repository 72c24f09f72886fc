"""Scale commands: watch a folder, and load or query a Parquet dataset written by a cluster ingest."""

from __future__ import annotations

from pathlib import Path

import click

from tacitus.cli import db_option, main
from tacitus.cli.output import emit, format_option


@main.command("load-parquet")
@click.argument("parquet_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option
def load_parquet_command(parquet_dir: Path, db: str) -> None:
    """Load a Parquet dataset (from `ingest --parquet DIR`) into the database, each article once.

    Articles the database already holds are skipped, so loading twice adds nothing twice.

    \b
    Example:
      tacitus ingest --engine dask --workers 2 --parquet out/ examples/corpus
      tacitus load-parquet out/ --db tacitus.db
    """
    from tacitus.parquet_dataset import load_parquet
    from tacitus.store import open_store

    with open_store(db) as store:
        report = load_parquet(parquet_dir, store)
    click.echo(
        f"{report.read:,} articles read, {report.new:,} new, {report.already_stored:,} already stored, "
        f"{report.events:,} new events in {db}"
    )


@main.command("query-parquet")
@click.argument("parquet_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("sql")
@format_option
def query_parquet_command(parquet_dir: Path, sql: str, output_format: str) -> None:
    """Run SQL with DuckDB over a Parquet dataset.

    The tables are views named articles, sentences, mentions and events, each with a pub_month
    column (YYYY-MM) from the folder partitioning.

    \b
    Example:
      tacitus query-parquet out/ "SELECT source_country, target_country, count(*) AS n
                                  FROM events GROUP BY 1, 2 ORDER BY n DESC LIMIT 10"
    """
    from tacitus.parquet_dataset import query_parquet

    emit(query_parquet(parquet_dir, sql), output_format)


@main.command("watch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option
@click.option("--interval", default=2.0, show_default=True, help="Seconds between two looks at the folder.")
@click.option(
    "--settle", type=float, default=None,
    help="Seconds a file's size and time must stay unchanged before it is read [default: 5 intervals].",
)  # fmt: skip
@click.option("--once", is_flag=True, help="Ingest what is ready now, then exit (for cron).")
@click.option(
    "--batch-size", default=64, show_default=True, help="Articles per extraction and store transaction."
)
def watch_command(
    folder: Path, db: str, interval: float, settle: float | None, once: bool, batch_size: int
) -> None:
    """Ingest new files as they arrive in FOLDER, each exactly once, surviving restarts.

    A file is read once its size and time have stayed unchanged for --settle seconds; writers
    that pause longer should write NAME.part and rename it when done (.part, .tmp files are never
    read). The database's own files are never read, even inside FOLDER. Stop with Ctrl-C; a
    restart picks up where the last run stopped.

    \b
    Examples:
      tacitus watch incoming/ --db tacitus.db              # runs until Ctrl-C
      tacitus watch incoming/ --db tacitus.db --once       # one pass, for cron
    """
    from tacitus.ingest import IngestOptions
    from tacitus.store import open_store
    from tacitus.watch import watch

    if interval < 0:
        raise click.BadParameter("must be zero or more seconds", param_hint="--interval")
    options = IngestOptions(batch_size=batch_size)
    if not once:
        click.echo(f"watching {folder} every {interval:g} s, storing into {db}; Ctrl-C stops", err=True)
    with open_store(db) as store:
        for outcome in watch(folder, store, interval=interval, once=once, options=options, settle=settle):
            click.echo(outcome.summary())
