"""``graphkit neo4j …`` and ``graphkit ping``: the local server and the connection."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graphkit.cli.boundary import CONTEXT, GraphkitGroup
from graphkit.cli.options import cache_dir_option, connection_options, data_dir_option
from graphkit.errors import ExitCode


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


def _server(data_dir: Path | None, cache_dir: Path | None = None):
    from graphkit.db.server import LocalServer

    return LocalServer(data_dir, cache_dir)


@click.group("neo4j", cls=GraphkitGroup, context_settings=CONTEXT)
def neo4j() -> None:
    """Provision and run a local Neo4j 5.26 LTS Community server.

    \b
    Example:
      graphkit neo4j start --port 7687
      graphkit neo4j status
      graphkit neo4j stop
    """


@neo4j.command("install", context_settings=CONTEXT)
@cache_dir_option
def neo4j_install(cache_dir: Path | None) -> None:
    """Download Neo4j and its dependencies from Maven Central (needs java 17+ and mvn).

    Idempotent: a second run does nothing.

    \b
    Example:
      graphkit neo4j install --cache-dir ~/.cache/graphkit
    """
    click.echo(str(_server(None, cache_dir).install(progress=_echo_err)))


@neo4j.command("start", context_settings=CONTEXT)
@click.option("--port", type=click.IntRange(1, 65535), default=7687, show_default=True, help="Bolt port on 127.0.0.1.")
@click.option("--heap", default="1g", show_default=True, help="JVM heap size (initial = max).")
@click.option("--pagecache", default="512m", show_default=True, help="Neo4j page cache size.")
@click.option("--timeout", type=click.FloatRange(1), default=180, show_default=True, help="Seconds to wait for Bolt.")
@data_dir_option
@cache_dir_option
def neo4j_start(
    port: int, heap: str, pagecache: str, timeout: float, data_dir: Path | None, cache_dir: Path | None
) -> None:
    """Start the local server (installing it first if needed) and wait until it answers.

    Bolt listens on 127.0.0.1 only; HTTP is off; auth is on with a generated
    password kept in DATA_DIR/password (mode 0600), which other graphkit
    commands read by themselves.

    \b
    Example:
      graphkit neo4j start --port 7688 --data-dir /tmp/gk
    """
    server = _server(data_dir, cache_dir)
    status = server.start(port=port, heap=heap, pagecache=pagecache, timeout=timeout, progress=_echo_err)
    click.echo(f"Neo4j {status.version} is running on {status.uri} (PID {status.pid}, data {status.data_dir})")


@neo4j.command("stop", context_settings=CONTEXT)
@click.option("--timeout", type=click.FloatRange(1), default=60, show_default=True, help="Seconds before SIGKILL.")
@data_dir_option
def neo4j_stop(timeout: float, data_dir: Path | None) -> None:
    """Stop the local server (SIGTERM, then SIGKILL after --timeout).

    \b
    Example:
      graphkit neo4j stop
    """
    server = _server(data_dir)
    stopped = server.stop(timeout=timeout, progress=_echo_err)
    click.echo(f"Neo4j {'stopped' if stopped else 'was not running'} (data {server.data_dir})")


@neo4j.command("status", context_settings=CONTEXT)
@data_dir_option
def neo4j_status(data_dir: Path | None) -> None:
    """Say whether the local server runs; exit 0 if it does, 3 if not.

    \b
    Example:
      graphkit neo4j status && echo up
    """
    status = _server(data_dir).status()
    click.echo(status.describe())
    if not status.running:
        sys.exit(int(ExitCode.NOT_RUNNING))


@neo4j.command("reset-password", context_settings=CONTEXT)
@click.option("--timeout", type=click.FloatRange(1), default=180, show_default=True, help="Seconds to wait for Bolt.")
@data_dir_option
@cache_dir_option
def neo4j_reset_password(timeout: float, data_dir: Path | None, cache_dir: Path | None) -> None:
    """Set a new generated password for user neo4j (when the password file is lost or damaged).

    The server must be stopped. It is started once with authentication off,
    on a free port of 127.0.0.1, to run ALTER USER; then stopped. The new
    password goes to DATA_DIR/password (mode 0600), never to the terminal.

    \b
    Example:
      graphkit neo4j stop && graphkit neo4j reset-password && graphkit neo4j start
    """
    server = _server(data_dir, cache_dir)
    server.reset_password(timeout=timeout, progress=_echo_err)
    click.echo(
        f"New password set for user neo4j (in {server.password_file}); start the server with `graphkit neo4j start`"
    )


@neo4j.command("logs", context_settings=CONTEXT)
@click.option("--tail", "-n", type=click.IntRange(1), default=None, help="Only the last N lines.")
@data_dir_option
def neo4j_logs(tail: int | None, data_dir: Path | None) -> None:
    """Print the local server's log.

    \b
    Example:
      graphkit neo4j logs -n 50
    """
    for line in _server(data_dir).log_lines(tail):
        click.echo(line)


@click.command("ping", context_settings=CONTEXT)
@connection_options
def ping(connection) -> None:
    """Check that Neo4j answers with these credentials (runs RETURN 1).

    \b
    Example:
      NEO4J_URI=neo4j+s://xxxx.databases.neo4j.io NEO4J_PASSWORD=... graphkit ping
    """
    from graphkit.db.store import Store

    with Store(connection) as store:
        store.ping()
        version = store.server_version()
    click.echo(f"OK: Neo4j {version} at {connection.uri}")
