"""`tacitus serve`: the HTTP API and the analyst's page over one database."""

from __future__ import annotations

import click

from tacitus.cli import db_option, main


@main.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. The default answers this machine only; 0.0.0.0 opens it to the network.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option(
    "--timeout",
    "query_timeout",
    default=10.0,  # tacitus.serve.DEFAULT_QUERY_TIMEOUT; not imported here, to keep `tacitus` quick to start
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a request's queries may run before it gets a 503.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="An origin (https://host:port) allowed to call the API from its pages. Repeatable; none by default.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    help="Another host name this server may be reached by (a proxy's, a DNS name). Repeatable; "
    "requests naming any other host get a 400.",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    help="uvicorn's log level; at info (the default) every request is logged.",
)
def serve(
    db: str,
    host: str,
    port: int,
    query_timeout: float,
    cors_origins: tuple[str, ...],
    allowed_hosts: tuple[str, ...],
    log_level: str,
) -> None:
    """Serve the web page and the JSON API (read-only) on http://HOST:PORT.

    \b
    The database is opened read-only, one connection per request, so `tacitus ingest` can add
    articles meanwhile: new events show once their batch commits. API schema: /openapi.json.
    """
    from tacitus.extras import require

    require("web", "fastapi", "uvicorn", feature="tacitus serve")
    import uvicorn

    from tacitus.serve import create_app

    app = create_app(db, query_timeout=query_timeout, cors_origins=cors_origins, host=host, allowed_hosts=allowed_hosts)
    click.echo(f"Tacitus on http://{host}:{port}/  (database {db}, read-only; Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=True)
