"""`tacitus forecast ...`: link forecasts, dyad outlooks, the ICEWS14 benchmark and the backtest."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tacitus.cli import db_option, main
from tacitus.cli.output import emit, emit_json, format_option

if TYPE_CHECKING:
    from tacitus.forecast.outlook import DyadOutlook


@main.group()
def forecast() -> None:
    """Forecast what is likely next: objects of a (subject, relation, ?) query, or a dyad's next period.

    \b
    Examples:
      tacitus forecast dyad IRN CHN --horizon month --db demo.db
      tacitus forecast backtest --db demo.db --horizon month
      tacitus forecast benchmark ../shared/benchmarks/icews14
      tacitus forecast link China Consult --tkg ../shared/benchmarks/icews14
    """


@forecast.command("dyad")
@click.argument("actor_a")
@click.argument("actor_b")
@click.option("--horizon", type=click.Choice(["week", "month"]), default="month", show_default=True)
@click.option("--directed", is_flag=True, help="Only events from A to B.")
@db_option
@format_option
def dyad_command(actor_a: str, actor_b: str, horizon: str, directed: bool, db: str, output_format: str) -> None:
    """Next period's probability of each QuadClass and PLOVER type between two actors, and the expected count,
    beside the counts of the last 12 periods.

    \b
    Example:
      tacitus forecast dyad IRN CHN --horizon month --db demo.db
    """
    from tacitus.forecast.outlook import dyad_outlook
    from tacitus.store import open_store

    with open_store(db, read_only=True) as store:
        outlook = dyad_outlook(store, actor_a, actor_b, horizon, directed=directed)
    if output_format == "json":
        emit_json(outlook.as_dict())
        return
    if output_format == "csv":
        emit([{"category": r.category, **dict(zip(outlook.periods, r.history, strict=True)),
               "probability": r.probability, "expected_count": r.expected_count, "climatology": r.climatology}
              for r in outlook.rows], "csv")  # fmt: skip
        return
    for line in render_outlook(outlook):
        click.echo(line)


def render_outlook(outlook: DyadOutlook) -> list[str]:
    """The outlook as a fixed-width text table: counts of the last periods, then the forecast."""
    labels = [p[2:7] if outlook.horizon == "month" else p[5:] for p in outlook.periods]
    width = max(len(r.category) for r in outlook.rows)
    lines = [
        (
            f"{outlook.dyad}: events per {outlook.horizon}, and the forecast for the {outlook.horizon}"
            f" from {outlook.next_period} ({outlook.model} model)"
        ),
        "",
        f"{'':{width}}  " + " ".join(f"{label:>5}" for label in labels) + "  | P(any)  expected  climatology",
    ]
    for row in outlook.rows:
        counts = " ".join(f"{count:>5}" for count in row.history)
        lines.append(
            f"{row.category:{width}}  {counts}  |  {row.probability:5.2f}  {row.expected_count:8.2f}  {row.climatology:11.2f}"
        )
    lines += ["", "P(any): probability of at least one such event; climatology: the share of past periods that had one."]
    return lines


@forecast.command("backtest")
@click.option("--horizon", type=click.Choice(["week", "month"]), default="month", show_default=True)
@click.option("--top", type=click.IntRange(1, 10_000), default=100, show_default=True,
              help="How many of the busiest country dyads to backtest.")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
def backtest_command(horizon: str, top: int, db: str, as_json: bool) -> None:
    """Rolling-origin backtest of the dyad outlook: Brier score and log loss against climatology,
    and a reliability table.

    \b
    Example:
      tacitus forecast backtest --db demo.db --horizon month
    """
    from tacitus.forecast.outlook import backtest
    from tacitus.store import open_store

    with open_store(db, read_only=True) as store:
        report = backtest(store, horizon, top=top)
    if as_json:
        emit_json(report.as_dict())
        return
    click.echo(
        f"{report.dyads} dyads, {report.origins} origins, {report.forecasts:,} forecasts of 'at least one event"
        f" next {horizon}' (base rate {report.base_rate:.3f}); fitting and scoring {report.fit_seconds} s,"
        f" peak memory {report.peak_memory_mb} MB"
    )
    emit(
        [
            {"forecaster": name, "Brier": s.brier, "log loss": s.log_loss, "Brier skill vs climatology": report.skill[name],
             "count MAE": report.count_mae.get(name, "")}
            for name, s in report.scores.items()
        ],
        "table",
    )  # fmt: skip
    emit(
        [
            {"forecast p": f"{b.low:.1f}-{b.high:.1f}", "forecasts": b.forecasts, "mean p": b.mean_probability,
             "observed": b.observed_frequency}
            for b in report.reliability
        ],
        "table",
        title="Reliability of the logistic forecaster",
    )  # fmt: skip


@forecast.command("benchmark")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--learner", "learners", multiple=True, type=click.Choice(["boosted", "logistic"]),
              default=("boosted", "logistic"), show_default=True, help="Learned models to train (repeat).")
@click.option("--setting", "settings", multiple=True, type=click.Choice(["single", "multi"]),
              default=("single", "multi"), show_default=True)
@click.option("--max-queries", type=int, default=None, help="Rank a seeded sample of this many test queries.")
@click.option("--save", "save_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to save the tuned and trained models in.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def benchmark_command(
    folder: Path, learners: tuple[str, ...], settings: tuple[str, ...], max_queries: int | None,
    save_dir: Path | None, as_json: bool,
) -> None:  # fmt: skip
    """MRR and Hits@1/3/10 (time-aware filtered) of every model on a TKG folder such as ICEWS14.

    The recurrency baseline is tuned on valid, the re-rankers trained on train; both are scored on
    test, single-step and multi-step.

    \b
    Example:
      tacitus forecast benchmark ../shared/benchmarks/icews14 --save models/
    """
    from tacitus.forecast.benchmark import run_benchmark
    from tacitus.forecast.graph import load_tkg

    started = time.perf_counter()
    graph = load_tkg(folder)
    report = run_benchmark(
        graph, folder.name, learners=learners, settings=settings, max_queries=max_queries, save_dir=save_dir,
        progress=lambda message: click.echo(f"... {message}", err=True),
    )  # fmt: skip
    rows = [r.as_dict() for r in report.results]
    for row in rows:
        row["fit_seconds"] = report.fit_seconds[str(row["model"])]
    if as_json:
        emit_json({"dataset": report.dataset, "results": rows, "tuning": {"decay": report.tuning.decay,
                   "relaxed_weight": report.tuning.relaxed_weight, "valid_mrr": report.tuning.valid_mrr,
                   "learned": report.tuning.learned}})  # fmt: skip
        return
    click.echo(
        f"{report.dataset}: recurrency tuned on valid: decay {report.tuning.decay}, relaxed weight"
        f" {report.tuning.relaxed_weight} (valid MRR {report.tuning.valid_mrr}); total {time.perf_counter() - started:.0f} s"
    )
    for name, tried in report.tuning.learned.items():
        click.echo(f"{name}: capacity / valid MRR tried: {', '.join(f'{c:g} / {m}' for c, m in tried)}")
    emit(rows, "table", title="Time-aware filtered MRR and Hits@k (%) on test")


@forecast.command("link")
@click.argument("subject")
@click.argument("relation")
@click.option("--tkg", "tkg_folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Forecast on this TKG folder instead of the --db store.")
@click.option("--reverse", is_flag=True, help="Rank the subjects of (?, relation, SUBJECT): who will do it to them.")
@click.option("--at", "at_time", default=None,
              help="Day of the query: YYYY-MM-DD on a store, a day index on a TKG folder; default: the day after the last fact.")
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A saved model (.json recurrency, .pkl re-ranker); default: the recurrency baseline.")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True)
@db_option
@format_option
def link_command(
    subject: str, relation: str, tkg_folder: Path | None, reverse: bool, at_time: str | None,
    model_path: Path | None, top: int, db: str, output_format: str,
) -> None:  # fmt: skip
    """Rank the likely objects of (SUBJECT, RELATION, ?) at the next time step (or --at).

    On a store, entities are stored actors (name, or "name (CODE)") and relations CAMEO codes
    ("042") or their names; on a TKG folder, the names of entity2id.txt / relation2id.txt.

    \b
    Examples:
      tacitus forecast link China Consult --tkg ../shared/benchmarks/icews14
      tacitus forecast link Iran 036 --db demo.db --reverse
    """
    from tacitus.forecast.graph import graph_from_store, load_tkg
    from tacitus.forecast.models import RecurrencyModel, load_model
    from tacitus.forecast.predict import rank_objects
    from tacitus.store import open_store

    if tkg_folder is not None:
        graph = load_tkg(tkg_folder)
    else:
        with open_store(db, read_only=True) as store:
            graph = graph_from_store(store)
    model = load_model(model_path) if model_path else RecurrencyModel()
    ranked = rank_objects(model, graph, subject, relation, at_time=graph.time_index(at_time), reverse=reverse, top=top)
    emit(ranked, output_format, title=f"({subject}, {relation}{' reversed' if reverse else ''}, ?) with {model.name}")


@forecast.command("train")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--learner", type=click.Choice(["boosted", "logistic"]), default="boosted", show_default=True)
def train_command(folder: Path, output: Path, learner: str) -> None:
    """Train a re-ranker on the train split of a TKG folder and save it (.pkl).

    \b
    Example:
      tacitus forecast train ../shared/benchmarks/icews14 icews14-boosted.pkl
    """
    from tacitus.forecast.graph import load_tkg
    from tacitus.forecast.models import RerankerModel

    model = RerankerModel(learner).fit(load_tkg(folder))
    model.save(output)
    click.echo(f"saved {output}: {json.dumps(model.info)}")
