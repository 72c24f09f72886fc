"""The benchmark runner: ``python -m bench [NAME ...] [OPTIONS]`` (``make bench`` runs them all).

Runs the ``main()`` of every module in ``bench/`` in name order, or only the ones named
(``python -m bench scaling extraction_overhead``). Options after the names are passed on to
each module run (``python -m bench scaling --full``): ``sys.argv`` is set to
``[module name, *options]`` while its ``main()`` runs. A module that fails is reported and the
others still run; the exit status is 1 if any failed.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"__main__", "__init__"}


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
    options = args
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
    failed = [name for name in (names or available()) if not run(name, options)]
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
