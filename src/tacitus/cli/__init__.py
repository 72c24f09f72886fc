"""The `tacitus` command: subcommands grouped by what they do, each a thin call into the library.

Each area registers its commands from its own module (corpus, extraction, evaluation, analysis,
web, scale)
so that one person edits one file.
"""

from __future__ import annotations

import click

from tacitus.errors import TacitusError

db_option = click.option(
    "--db",
    default="tacitus.db",
    show_default=True,
    envvar="TACITUS_DB",
    help="The Tacitus database file (created on first ingest). Env: TACITUS_DB.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="tacitus")
def main() -> None:
    """Tacitus: who did what to whom, when and where, from dated news articles.

    \b
    Typical session:
      tacitus ingest examples/corpus          # read, extract events, store them in tacitus.db
      tacitus events --dyad IRN CHN           # the events between Iran and China
      tacitus timeline Raisi                  # what one actor did, day by day
      tacitus explain "Iran criticised Israel on Monday." --date 2024-04-15
      tacitus serve                           # the web page on http://127.0.0.1:8000
    """


def run() -> None:
    """Entry point that turns Tacitus errors into one clear line and exit status 2."""
    try:
        main(standalone_mode=False)
    except click.exceptions.Abort:
        raise SystemExit(130)
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code)
    except TacitusError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2)


def _register() -> None:
    """Import the command modules; each adds its commands to ``main``."""
    import importlib

    for module in ("corpus", "extraction", "evaluation", "analysis", "web", "scale", "demo", "forecast"):
        try:
            importlib.import_module(f"tacitus.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tacitus.cli.{module}":
                raise


_register()
