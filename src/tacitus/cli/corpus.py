"""Corpus commands: ingest, articles, stats, check. Each parses options, calls the library, prints."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import sys
from pathlib import Path

import click

from tacitus.check import check_store
from tacitus.cli import db_option, main
from tacitus.cli.output import emit, emit_json, format_option
from tacitus.errors import OptionError
from tacitus.ingest import DEFAULT_BATCH_SIZE, ENGINES, IngestOptions, ingest, summary
from tacitus.read import DEFAULT_MAX_ARTICLE_BYTES, FieldMap
from tacitus.records import IngestReport
from tacitus.store import Store, open_store


def parse_field_map(spec: str | None, **overrides: str | None) -> FieldMap:
    """A :class:`FieldMap` from ``"text=body,date=published"`` and single-field options (which win)."""
    names: dict[str, str] = {}
    known = {f.name for f in dataclasses.fields(FieldMap)}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key not in known or not value:
            raise OptionError(
                "--format-fields",
                f"{part.strip()!r} is not PART=NAME with PART one of {', '.join(sorted(known))}",
            )
        names[key] = value
    names.update({key: value for key, value in overrides.items() if value})
    return FieldMap(**names)


@main.command("ingest")
@click.argument("paths", nargs=-1, type=str)
@db_option
@click.option(
    "--feed", "feeds", multiple=True, metavar="URL-OR-FILE", help="An RSS/Atom feed to read (repeatable)."
)
@click.option(
    "--date", "date", type=click.DateTime(["%Y-%m-%d"]), help="Publication date of inputs that have none."
)
@click.option(
    "--format-fields",
    metavar="PART=NAME,...",
    help="Record field names for JSONL/CSV, e.g. 'text=body,date=published'. PARTs: text, date, title, url, source.",
)
@click.option("--text-field", metavar="NAME", help="Field holding the article text [default: text].")
@click.option(
    "--date-field",
    metavar="NAME",
    help="Field holding the publication date [default: date]: 2022-04-28, 28 April 2022, April 28, 2022,"
    " an RFC 2822 date or a Unix timestamp.",
)
@click.option("--title-field", metavar="NAME", help="Field holding the headline [default: title].")
@click.option("--url-field", metavar="NAME", help="Field holding the URL [default: url].")
@click.option("--source-field", metavar="NAME", help="Field holding the outlet name [default: source].")
@click.option(
    "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, show_default=True, help="Articles per batch."
)
@click.option(
    "--engine", type=click.Choice(ENGINES), default="local", show_default=True, help="Where to extract."
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: the address of a running Dask scheduler (tcp://host:8786), started with"
    " `dask scheduler`, whose workers (`dask worker tcp://host:8786`) have Tacitus installed;"
    " default: a local cluster of --workers processes.",
)
@click.option(
    "--workers",
    type=int,
    default=2,
    show_default=True,
    help="Dask worker processes of the local cluster (with --scheduler, the cluster's own workers are used).",
)
@click.option(
    "--parquet", "parquet_dir", type=click.Path(file_okay=False, path_type=Path), help="Also write Parquet."
)
@click.option(
    "--max-article-mb",
    type=float,
    default=DEFAULT_MAX_ARTICLE_BYTES / 1_000_000,
    show_default=True,
    help="Reject single articles larger than this many megabytes.",
)
@click.option("--strict", is_flag=True, help="Stop with an error at the first rejected input.")
@click.option("--force", is_flag=True, help="Add the Tacitus tables to an SQLite database of another program.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def ingest_command(
    paths: tuple[str, ...],
    db: str,
    feeds: tuple[str, ...],
    date: dt.datetime | None,
    format_fields: str | None,
    text_field: str | None,
    date_field: str | None,
    title_field: str | None,
    url_field: str | None,
    source_field: str | None,
    batch_size: int,
    engine: str,
    scheduler: str | None,
    workers: int,
    parquet_dir: Path | None,
    max_article_mb: float,
    strict: bool,
    force: bool,
    quiet: bool,
) -> None:
    """Read articles, extract their events and store them in the database.

    PATHS may be files, folders (read recursively), glob patterns ('news/**/*.jsonl') or http(s)
    feed URLs. Formats: seed text (first line ' date YYYY-MM-DD Headline'), plain .txt with
    --date, .jsonl/.json/.csv/.tsv records, .html pages, RSS/Atom feeds; any of them gzipped.

    Ingesting is repeatable: articles already stored are skipped, near-copies of stored stories
    (published within 31 days of them) are linked to them without extracting again, and each
    batch is one transaction, so an
    interrupted ingest can simply be run again. Bad inputs are listed at the end and skipped;
    the exit status is 1 only when nothing at all could be read.

    \b
    Examples:
      tacitus ingest examples/corpus
      tacitus ingest dump.jsonl.gz --text-field body --date-field published
      tacitus ingest notes/*.txt --date 2024-04-15
      tacitus ingest --feed https://example.org/world.rss
      tacitus ingest big/ --engine dask --workers 4 --parquet events-dataset/
      tacitus ingest big/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    if not paths and not feeds:
        raise click.UsageError("give at least one PATH or --feed; e.g. `tacitus ingest examples/corpus`")
    fields = parse_field_map(
        format_fields, text=text_field, date=date_field, title=title_field, url=url_field, source=source_field
    )
    options = IngestOptions(
        engine="dask" if engine == "dask" else "local",
        scheduler=scheduler,
        workers=workers,
        parquet_dir=parquet_dir,
        strict=strict,
        batch_size=batch_size,
        fields=fields,
        date=date.date() if date else None,
        max_article_bytes=article_bytes(max_article_mb),
    )
    with open_store(db, force=force) as store:
        report = _ingest_with_progress(
            [*paths, *feeds], store, options, show=not quiet and sys.stderr.isatty()
        )
    if not quiet:
        click.echo("\n".join(summary(report)))
    if report.read == 0 and report.rejected > 0:
        raise SystemExit(1)


def article_bytes(megabytes: float) -> int:
    """``--max-article-mb`` in bytes; :class:`OptionError` for nan, infinity, zero or less."""
    if not math.isfinite(megabytes) or megabytes <= 0:
        raise OptionError("--max-article-mb", f"must be a positive number of megabytes, not {megabytes}")
    return max(1, int(megabytes * 1_000_000))


def _ingest_with_progress(
    paths: list[str], store: Store, options: IngestOptions, *, show: bool
) -> IngestReport:
    """Run the ingest, with a live rich progress line on stderr when ``show``."""
    if not show:
        return ingest(paths, store, options)
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=Console(stderr=True)
    ) as bar:
        task = bar.add_task("reading", total=None)

        def update(report: IngestReport) -> None:
            bar.update(
                task,
                description=f"read {report.read}  new {report.new}  duplicates {report.duplicates}"
                f"  events {report.events}  rejected {report.rejected}",
            )

        return ingest(paths, store, options, progress=update)


@main.group("articles", invoke_without_command=True)
@db_option
@click.option(
    "--search", "-s", metavar="WORDS", help="Only articles containing all these words (full-text index)."
)
@click.option("--limit", "-n", type=int, default=20, show_default=True, help="At most this many articles.")
@format_option
@click.pass_context
def articles_command(ctx: click.Context, db: str, search: str | None, limit: int, output_format: str) -> None:
    """List stored articles, newest first, or those matching --search, best match first.

    The EVENTS column counts the events each article is a source of; SNIPPET shows the matching
    words in [brackets].

    \b
    Examples:
      tacitus articles
      tacitus articles --search "Raisi Beijing" --limit 5
      tacitus articles --format json > articles.json
      tacitus articles show 8c5ac84f      # one article, its sentences numbered
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    from tacitus.query import search_articles

    with open_store(db, read_only=True) as store:
        frame = search_articles(store, search, limit=limit)
    emit(frame, output_format, title=f"{len(frame)} articles")


@articles_command.command("show")
@click.argument("article_id")
@db_option
@format_option
@click.pass_context
def articles_show_command(ctx: click.Context, article_id: str, db: str, output_format: str) -> None:
    """Print one article (by id, or the start of its id) with its sentences numbered.

    Sentence numbers and character offsets are the ones event provenance refers to.

    \b
    Example:
      tacitus articles show 8c5ac84f
    """
    if ctx.get_parameter_source("db") is click.core.ParameterSource.DEFAULT and ctx.obj:
        db = ctx.obj  # `tacitus articles --db X show ID`
    with open_store(db, read_only=True) as store:
        article = store.article(article_id)
        sentences = store.sentences(article.id)
    if output_format == "json":
        emit_json({**dataclasses.asdict(article), "sentences": [dataclasses.asdict(s) for s in sentences]})
        return
    if output_format == "csv":
        emit([dataclasses.asdict(s) for s in sentences], "csv")
        return
    click.echo(f"{article.title}\n")
    click.echo(f"id {article.id}   published {article.pub_date}   outlet {article.outlet or '-'}")
    dateline = f"{article.dateline_place or '-'} {article.dateline_date or ''}".rstrip()
    click.echo(f"dateline {dateline}   from {article.origin}\n")
    if not sentences:
        click.echo(article.text)
    for sentence in sentences:
        click.echo(f"[{sentence.index}] {sentence.start}-{sentence.end}  {sentence.text.strip()}")


@main.command("stats")
@db_option
@format_option
def stats_command(db: str, output_format: str) -> None:
    """Summarise the database: counts, date ranges, the most frequent countries and CAMEO roots.

    \b
    Example:
      tacitus stats --db demo.db
    """
    from tacitus.query import stats

    with open_store(db, read_only=True) as store:
        summary = stats(store)
    sections = {key: summary.pop(key) for key in ("top_countries", "top_cameo_roots", "events_by_quad_class")}
    if output_format == "json":
        emit_json(summary | sections)
        return
    if output_format == "csv":
        emit([summary], "csv")
        return
    emit([{"what": key.replace("_", " "), "value": value} for key, value in summary.items()], "table")
    emit(sections["top_countries"], "table", title="Top countries")
    emit(sections["top_cameo_roots"], "table", title="Top CAMEO roots")
    emit([sections["events_by_quad_class"]], "table", title="Events by QuadClass")


@main.command("check")
@db_option
def check_command(db: str) -> None:
    """Check the database's integrity; exit 1 and list the problems if there are any.

    Looks for orphan events, sources, mentions and sentences, provenance offsets outside their
    sentence or article, near-duplicate links to articles that are not stored, and source counts
    that disagree with the sources stored.

    \b
    Example:
      tacitus check --db tacitus.db && echo sound
    """
    with open_store(db, read_only=True) as store:
        problems = check_store(store)
        counts = store.counts()
    if problems:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"{len(problems)} problems found in {db}", err=True)
        raise SystemExit(1)
    click.echo(f"{db}: no problems ({counts['articles']} articles, {counts['events']} events checked)")
