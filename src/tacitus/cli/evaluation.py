"""`tacitus eval`: score the coder against gold events (see docs/evaluation.md)."""

from __future__ import annotations

import functools

import click

from tacitus.cli import main
from tacitus.cli.output import emit, emit_json


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("articles_dir", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A per-article table and four summary lines, or one JSON object.",
)
@click.option(
    "--show-errors", is_flag=True, help="List every missed gold event and false positive with its evidence."
)
@click.option(
    "--dict",
    "dictionaries",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="An extra actor/agent dictionary to code with (as for ingest). Repeatable.",
)
@click.option(
    "--coder",
    "coder_mode",
    type=click.Choice(["rules", "model", "both"]),
    default="rules",
    show_default=True,
    help="The rule coder alone, the event model alone, or both (see docs/event-model.md).",
)
def evaluate_command(
    gold: str, articles_dir: str, output_format: str, show_errors: bool, dictionaries: tuple[str, ...],
    coder_mode: str,
) -> None:
    """Code the articles of GOLD (a JSON Lines gold file) found in ARTICLES_DIR and score them.

    \b
    An event hits a gold event when source country, target country, PLOVER type (or an accepted
    alternative) and date agree; meetings (CAMEO 040) match in either direction. The last line
    holds precision, recall and F1:
      tacitus eval examples/gold/corpus-gold.jsonl examples/corpus | tail -n 4
    """
    from tacitus.evaluate import error_lines, evaluate

    extract = None
    if dictionaries or coder_mode != "rules":
        import dataclasses

        from tacitus.pipeline import Coder
        from tacitus.pipeline import extract as pipeline_extract

        coder = dataclasses.replace(Coder.load(dictionaries), mode=coder_mode)
        extract = functools.partial(pipeline_extract, coder=coder)
    evaluation = evaluate(gold, articles_dir, extract=extract)
    summary = evaluation.summary()
    if output_format == "json":
        payload = dict(summary)
        payload["per_article"] = [_article_row(a) for a in evaluation.articles]
        payload["per_plover_type"] = evaluation.by_plover_type()
        if show_errors:
            payload["errors"] = list(error_lines(evaluation))
        emit_json(payload)
        return
    emit([_article_row(a) for a in evaluation.articles], "table", title="Events per article")
    emit(evaluation.by_plover_type(), "table", title="Events per PLOVER type")
    if show_errors:
        for line in error_lines(evaluation):
            click.echo(line)
    click.echo(
        f"places: accuracy {_figure(summary['place_accuracy'])} (hits whose gold event names a location)"
    )
    click.echo(
        f"actors: name accuracy {_figure(summary['actor_name_accuracy'])}, "
        f"sector accuracy {_figure(summary['actor_sector_accuracy'])} (over {summary['hits']} hits)"
    )
    click.echo(
        f"dates: accuracy {_figure(summary['date_accuracy'])} "
        "(events that agree on dyad and PLOVER type, with the gold date)"
    )
    click.echo(
        f"CAMEO: exact code {_figure(summary['cameo_exact_agreement'])}, "
        f"root {_figure(summary['cameo_root_agreement'])} (over {summary['hits']} hits)"
    )
    click.echo(
        f"events: P {summary['precision']:.3f}  R {summary['recall']:.3f}  F1 {summary['f1']:.3f}  "
        f"({summary['hits']} hits, {summary['false_positives']} false positives, {summary['misses']} misses, "
        f"{summary['reverse_meeting_copies']} reverse meeting copies; "
        f"{summary['gold_events']} gold, {summary['extracted_events']} extracted)"
    )


def _article_row(article: object) -> dict[str, object]:
    from tacitus.evaluate import ArticleScore

    assert isinstance(article, ArticleScore)
    return {
        "file": article.file,
        "gold": article.gold,
        "extracted": article.extracted,
        "hits": len(article.hits),
        "false_positives": len(article.false_positives),
        "misses": len(article.misses),
        "note": article.problem or "",
    }


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
