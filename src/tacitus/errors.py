"""The error catalogue: every exception Tacitus raises on purpose, with actionable messages.

Each message names the file, record or option at fault and says what to do about it.
Messages are one line so that batch summaries stay readable. The modules that raise an error
may re-export it under their own name (``tacitus.codebook.UnknownCameoCodeError``,
``tacitus.query.UnknownActorSuggestionError``, ``tacitus.serve.QueryTimeoutError`` ...), but
it is defined here, once.

=============================  =================================================================
error                          raised when
=============================  =================================================================
InputError                     an input file or record cannot become an article
StoreError                     the database cannot be opened, migrated or written
SchemaTooNewError              the database was written by a newer Tacitus
DictionaryError                a dictionary data file is malformed
ModelError                     the shipped event model is missing or unreadable
QueryError                     a question names nothing or cannot be answered
UnknownActorError              no stored actor matches a reference
UnknownActorSuggestionError    ... with the closest known names
QueryTimeoutError              a web request's database work ran past the server's timeout
UnknownCameoCodeError          a CAMEO code is not in the codebook
UnknownPloverTypeError         a PLOVER type is not one of the sixteen
OptionError                    a command-line or API option has a value that cannot be used
ParquetDatasetError            a Parquet dataset's files do not hold what Tacitus wrote
ClusterError                   the Dask scheduler cannot be reached or a worker failed
MissingExtraError              a feature needs an optional extra that is not installed
StillComputing                 (not an error) a forecast is being computed in the background
=============================  =================================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class TacitusError(Exception):
    """Base class: catch this to handle any error Tacitus raises on purpose."""


class MissingExtraError(TacitusError, ImportError):
    """A feature needs a package of an optional extra that is not installed (see ``tacitus.extras``).

    Also an ``ImportError``, so code that falls back when an import fails keeps doing so.
    """

    def __init__(self, feature: str, extra: str, package: str) -> None:
        self.feature = feature
        self.extra = extra
        super().__init__(
            f"{feature} needs the {extra} extra ({package} is not installed): pip install 'tacitus[{extra}]'",
            name=package,
        )


class InputError(TacitusError):
    """An input file or record cannot become an article. The batch goes on without it."""

    def __init__(self, origin: str, problem: str) -> None:
        self.origin = origin
        self.problem = problem
        super().__init__(f"{origin}: {problem}")


class StoreError(TacitusError):
    """The database cannot be opened, migrated or written."""


class SchemaTooNewError(StoreError):
    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            f"{path}: database schema version {found} is newer than this Tacitus supports ({supported}); "
            "upgrade Tacitus or use another --db"
        )


class DictionaryError(TacitusError):
    """A dictionary data file (built-in or given with --dict) is malformed."""

    def __init__(self, path: str, problem: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")


class ModelError(TacitusError):
    """The shipped event model is missing or unreadable."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}; run `make model` to rebuild it")


class QueryError(TacitusError):
    """A query asks for something that does not exist or cannot be answered."""


class UnknownActorError(QueryError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no actor matches {name!r}; try `tacitus actors --search {name.split()[0]!r}`")


class UnknownActorSuggestionError(UnknownActorError):
    """No stored actor matches a reference; the message suggests the closest known names."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = tuple(suggestions)
        if self.suggestions:
            hint = ", ".join(repr(s) for s in self.suggestions)
            message = f"no actor matches {name!r}; did you mean {hint}? (`tacitus actors --search ...` lists actors)"
            self.args = (message,)


class QueryTimeoutError(QueryError):
    """A request's database work ran longer than the server's query timeout."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query interrupted after {seconds:g} s; narrow the filters (dates, actors)")


class UnknownCameoCodeError(TacitusError, LookupError):
    """A CAMEO code that is not in the codebook (``guesses``: the known codes it may mean,
    with its leading zeros back; ``known``: how many codes the codebook has)."""

    def __init__(self, code: str, guesses: Sequence[str] = (), known: int = 0) -> None:
        hint = ""
        if guesses:
            hint = f" (did you mean {' or '.join(repr(g) for g in guesses)}? codes keep their leading zeros)"
        super().__init__(f"unknown CAMEO code {code!r}{hint}; `tacitus.codebook.all_codes()` lists the {known} codes")
        self.code = code


class UnknownPloverTypeError(TacitusError, LookupError):
    """A PLOVER type that is not one of the sixteen (``known``)."""

    def __init__(self, plover_type: str, known: Sequence[str]) -> None:
        super().__init__(f"unknown PLOVER type {plover_type!r}; use one of {', '.join(known)}")


class OptionError(TacitusError):
    """A command-line or API option has a value that cannot be used."""

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(f"{option}: {problem}")


class ParquetDatasetError(TacitusError):
    """A Parquet dataset's files do not hold what Tacitus wrote into them."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}; rewrite the dataset with `tacitus ingest --parquet`")


class ClusterError(TacitusError):
    """The Dask scheduler cannot be reached or a worker failed."""


class StillComputing(Exception):  # a signal caught inside tacitus.forecast.api, not an error
    """The answer is being computed in the background (never reaches a caller)."""
