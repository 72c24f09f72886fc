"""Forecasting figures: the ICEWS14 link-forecasting benchmark and the dyad-outlook backtest.

    python -m bench forecasting                                  # ICEWS14 (../shared), every model
    python -m bench forecasting --store /tmp/demo.db --store /tmp/q1m.db --no-tkg   # backtests only
    python -m bench forecasting --max-queries 2000 --learner logistic              # a quick look

Each step prints its wall-clock and CPU seconds, the peak resident memory of this process so
far, and the load average before it started (the machine may be shared: CPU seconds are the
steadier figure). The figures in docs/forecasting.md come from these commands.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ICEWS14 = REPO.parent / "shared" / "benchmarks" / "icews14"


def measured(label: str, work: Callable[[], Any]) -> Any:
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label}: {time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU,"
        f" peak RSS {peak_mb:.0f} MB, load average before {load:.1f}",
        flush=True,
    )
    return result


def tkg_benchmark(folder: Path, learners: list[str], max_queries: int | None) -> None:
    from tacitus.forecast.benchmark import run_benchmark
    from tacitus.forecast.graph import load_tkg

    graph = measured(f"read {folder}", lambda: load_tkg(folder))
    report = measured(
        "tune, train, rank test",
        lambda: run_benchmark(
            graph, folder.name, learners=learners, max_queries=max_queries,
            progress=lambda m: print(f"  ... {m}", flush=True),
        ),
    )
    print(f"recurrency tuned on valid: decay {report.tuning.decay}, relaxed weight {report.tuning.relaxed_weight}")
    print(
        f"{'model':20} {'setting':8} {'MRR':>6} {'H@1':>6} {'H@3':>6} {'H@10':>6} {'raw MRR':>8} {'raw H@10':>9}"
        f" {'rank s':>7} {'fit s':>6}"
    )
    for r in report.results:
        print(f"{r.model:20} {r.setting:8} {r.mrr:6.2f} {r.hits1:6.2f} {r.hits3:6.2f} {r.hits10:6.2f} {r.raw_mrr:8.2f}"
              f" {r.raw_hits10:9.2f} {r.seconds:7.1f} {report.fit_seconds[r.model]:6.1f}")  # fmt: skip


def store_backtest(path: Path, horizon: str) -> None:
    from tacitus.forecast.outlook import backtest
    from tacitus.store import Store

    with Store(path, read_only=True) as store:
        report = measured(f"backtest {path} ({horizon})", lambda: backtest(store, horizon))
    summary = {name: {"brier": s.brier, "log_loss": s.log_loss} for name, s in report.scores.items()}
    print(json.dumps({"dyads": report.dyads, "origins": report.origins, "forecasts": report.forecasts,
                      "base_rate": report.base_rate, "scores": summary, "skill": report.skill,
                      "numpy_peak_mb": report.peak_memory_mb}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tkg", type=Path, default=ICEWS14, help="TKG folder (default: ../shared ICEWS14)")
    parser.add_argument("--no-tkg", action="store_true", help="skip the link-forecasting benchmark")
    parser.add_argument("--learner", action="append", choices=["boosted", "logistic"], help="learned models (repeat)")
    parser.add_argument("--max-queries", type=int, help="rank a seeded sample of this many test queries")
    parser.add_argument("--store", type=Path, action="append", default=[], help="a store to backtest (repeat)")
    parser.add_argument("--horizon", choices=["week", "month"], default="month")
    args = parser.parse_args()
    if not args.no_tkg:
        if args.tkg.is_dir():
            tkg_benchmark(args.tkg, args.learner or ["boosted", "logistic"], args.max_queries)
        else:
            print(f"skipped the TKG benchmark: {args.tkg} is absent")
    for path in args.store:
        store_backtest(path, args.horizon)


if __name__ == "__main__":
    main()
