"""The benchmark runner: ``python -m bench [NAME ...] [OPTIONS]`` (``make bench`` runs them all).

Runs the ``main()`` of every module in ``bench/`` in name order, or only the ones named
(``python -m bench scaling extraction_overhead``). Options after the names are passed on to
each module run (``python -m bench scaling --steps 1000,5000``): ``sys.argv`` is set to
``[module name, *options]`` while its ``main()`` runs, so name one module when you give options
(some modules refuse options they do not know). A module that fails is reported and the others
still run; the exit status is 1 if any failed.

``--quick`` (the runner's own option) gives every module small sizes: a smoke run of all of
them in a few minutes, whose figures are not the ones in docs/performance.md.

Defaults of ``make bench`` (the figures in docs/performance.md), and their time on 2 cores:

    extraction_overhead   200 synthetic articles, 3 rounds          ~2 min
    forecasting           ICEWS14 benchmark (all models, both settings) ~1 h; backtests of --store files
    ingest_throughput     300 articles: bare spaCy, 1 process, dask  ~3 min
    near_copy_lookup      the near-copy lookup at 10k, 100k, 1M stored ~2 min
    parallel_ceiling      300 articles coded by 1 and by 2 processes  ~2 min
    peer_*                the shared PETRARCH/CAMEO peer files        ~1 min (fail without them)
    query_latency         1,000,000 generated events                 ~3 min
    scaling               1k and 10k full ingest, 100k store path    ~45 min
    synthetic             statistics of 200 generated articles       seconds
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"__main__", "__init__", "pages_written"}  # pages_written: a helper of scaling --pages-at
QUICK: dict[str, list[str]] = {
    "extraction_overhead": ["--articles", "40", "--repeat", "1"],
    "ingest_throughput": ["--articles", "40"],
    "parallel_ceiling": ["--articles", "20"],
    "near_copy_lookup": ["--sizes", "1000,10000", "--queries", "200", "--repeat", "1"],
    "query_latency": ["--events", "100000", "--repeat", "2"],
    "forecasting": ["--max-queries", "1000", "--learner", "logistic"],
    "scaling": ["--steps", "200,1000", "--full-up-to", "200"],
    "synthetic": ["-n", "50"],
}
"""Small sizes per module for ``--quick``."""


def available() -> list[str]:
    """Names of the bench modules that have a ``main()``, in name order."""
    names = []
    for module in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if module.name in SKIP or module.name.startswith("_"):
            continue
        names.append(module.name)
    return names


def run(name: str, options: list[str]) -> bool:
    """Run one module's ``main()``; return whether it finished without an exception."""
    module = importlib.import_module(f"bench.{name}")
    entry = getattr(module, "main", None)
    if entry is None:
        return True
    print(f"\n=== bench.{name} ===", flush=True)
    saved = sys.argv
    sys.argv = [f"bench.{name}", *options]
    started = time.perf_counter()
    try:
        entry()
    except SystemExit as exc:  # argparse --help or an explicit exit
        if exc.code not in (None, 0):
            print(f"bench.{name} exited with status {exc.code}", file=sys.stderr)
            return False
    except Exception:  # noqa: BLE001 - one failing bench must not stop the others
        traceback.print_exc()
        print(f"bench.{name} failed", file=sys.stderr)
        return False
    finally:
        sys.argv = saved
    print(f"(bench.{name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return True


def main() -> None:
    args = sys.argv[1:]
    names: list[str] = []
    while args and not args[0].startswith("-"):  # leading words are module names, the rest options
        names.append(args.pop(0))
    quick = "--quick" in args
    options = [a for a in args if a != "--quick"]
    if not names and ("-h" in options or "--help" in options):
        print(__doc__)
        print("modules:", ", ".join(available()))
        return
    unknown = [n for n in names if n not in available()]
    if unknown:
        print(
            f"no bench module named {', '.join(unknown)}; choose from: {', '.join(available())}",
            file=sys.stderr,
        )
        raise SystemExit(2)
    failed = [
        name
        for name in (names or available())
        if not run(name, [*QUICK.get(name, []), *options] if quick else options)
    ]
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
