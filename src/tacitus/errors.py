"""The error catalogue: every exception Tacitus raises on purpose, with actionable messages.

Each message names the file, record or option at fault and says what to do about it.
Messages are one line so that batch summaries stay readable.
"""

from __future__ import annotations


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


class QueryError(TacitusError):
    """A query asks for something that does not exist or cannot be answered."""


class UnknownActorError(QueryError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no actor matches {name!r}; try `tacitus actors --search {name.split()[0]!r}`")


class OptionError(TacitusError):
    """A command-line or API option has a value that cannot be used."""

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(f"{option}: {problem}")
