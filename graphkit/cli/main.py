"""The ``graphkit`` command: parses options and calls the library. Nothing else.

Heavy modules (the Neo4j driver, NetworkX, PyVis) are imported inside the
commands that use them, so ``graphkit --help`` answers fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from graphkit import __version__
from graphkit.errors import ExitCode, GraphkitError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class GraphkitGroup(click.Group):
    """A group whose ``invoke`` is graphkit's one error boundary."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GraphkitError as error:
            if _debug(ctx):
                raise
            click.echo(f"Error: {error.one_line()}", err=True)
            ctx.exit(int(error.exit_code))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("Error: interrupted.", err=True)
            ctx.exit(130)
        except Exception as error:  # a bug: still one line, with a way to see more
            if _debug(ctx):
                raise
            click.echo(
                f"Error: internal error ({type(error).__name__}: {error}). "
                "Rerun with --debug for the traceback and report it.",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool((root.obj or {}).get("debug")) or os.environ.get("GRAPHKIT_DEBUG") == "1"


@click.group(cls=GraphkitGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="graphkit")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error (or set GRAPHKIT_DEBUG=1).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """graphkit: the cyber-diplomacy graph in Neo4j.

    \b
    Quick start:
      graphkit neo4j start          # a local Neo4j 5.26 (downloaded once with Maven)
      graphkit neo4j status

    Exit codes: 0 ok, 1 invalid data, 2 usage, 3 database unreachable,
    4 authentication failed, 5 environment (java/mvn/port), 6 query failed, 70 internal.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# -- shared options (graphkit/cli_options.py) ---------------------------------------------
from graphkit.cli.options import cache_dir_option, connection_options, data_dir_option  # noqa: E402


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


# -- graphkit neo4j ...  ----------------------------------------------------------------
@main.group(cls=GraphkitGroup, context_settings=CONTEXT)
def neo4j() -> None:
    """Provision and run a local Neo4j 5.26 LTS Community server.

    \b
    Example:
      graphkit neo4j start --port 7687
      graphkit neo4j status
      graphkit neo4j stop
    """


def _server(data_dir: Path | None, cache_dir: Path | None = None):
    from graphkit.db.server import LocalServer

    return LocalServer(data_dir, cache_dir)


@neo4j.command("install", context_settings=CONTEXT)
@cache_dir_option
def neo4j_install(cache_dir: Path | None) -> None:
    """Download Neo4j and its dependencies from Maven Central (needs java 17+ and mvn).

    Idempotent: a second run does nothing.

    \b
    Example:
      graphkit neo4j install --cache-dir ~/.cache/graphkit
    """
    path = _server(None, cache_dir).install(progress=_echo_err)
    click.echo(str(path))


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
    status = _server(data_dir, cache_dir).start(
        port=port, heap=heap, pagecache=pagecache, timeout=timeout, progress=_echo_err
    )
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
    if server.stop(timeout=timeout, progress=_echo_err):
        click.echo(f"Neo4j stopped (data {server.data_dir})")
    else:
        click.echo(f"Neo4j was not running (data {server.data_dir})")


@neo4j.command("status", context_settings=CONTEXT)
@data_dir_option
def neo4j_status(data_dir: Path | None) -> None:
    """Say whether the local server runs; exit 0 if it does, 3 if not.

    \b
    Example:
      graphkit neo4j status && echo up
    """
    status = _server(data_dir).status()
    if not status.running:
        click.echo(f"Neo4j is not running (data {status.data_dir})")
        sys.exit(int(ExitCode.NOT_RUNNING))
    click.echo(
        f"Neo4j is running\n  uri:     {status.uri}\n  version: {status.version}\n  pid:     {status.pid}\n"
        f"  data:    {status.data_dir}\n  nodes:   {status.node_count if status.answering else 'not answering yet'}"
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


@main.command("ping", context_settings=CONTEXT)
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


# -- data: validate, load, stats ---------------------------------------------------------
def dataset_dirs_argument(func):
    return click.argument("dirs", nargs=-1, type=click.Path(path_type=Path), metavar="[DIR]...")(func)


def _dirs(dirs: tuple[Path, ...]) -> list[Path]:
    from graphkit.data.read import bundled_datasets_dir

    return list(dirs) or [bundled_datasets_dir()]


@main.command("validate", context_settings=CONTEXT)
@dataset_dirs_argument
@click.option("--quiet", "-q", is_flag=True, help="Print problems only, no summary.")
def validate(dirs: tuple[Path, ...], quiet: bool) -> None:
    """Check dataset folders without touching Neo4j; print every problem as file:line: column: message.

    Several folders are merged (an analyst's folder may point to the bundled states).
    With no DIR, the bundled datasets/ folder. Exit 1 if any error.

    \b
    Example:
      graphkit validate datasets my-ministry-data
    """
    from graphkit.data.read import read_datasets

    dataset = read_datasets(_dirs(dirs))
    for problem in dataset.problems:
        click.echo(str(problem))
    if not quiet:
        counts = dataset.counts()
        nodes = sum(counts.get(n.label, 0) for n in _schema().NODE_TYPES)
        rels = sum(counts.get(r.type, 0) for r in _schema().REL_TYPES)
        click.echo(
            f"{len(dataset.errors)} error(s), {len(dataset.warnings)} warning(s) in {dataset.files_read} file(s): "
            f"{nodes} nodes, {rels} relationships",
            err=True,
        )
    if dataset.errors:
        sys.exit(int(ExitCode.INVALID_DATA))


def _schema():
    from graphkit.data import schema

    return schema


def _progress_bar(enabled: bool):
    """A progress callback drawing a click progress bar on stderr, or None."""
    if not enabled:
        return None, lambda: None
    state: dict = {}

    def progress(name: str, done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label="Loading", file=sys.stderr, show_pos=True)
            state["bar"].__enter__()
            state["done"] = 0
        state["bar"].label = f"Loading {name:<14}"
        state["bar"].update(done - state["done"])
        state["done"] = done

    def finish() -> None:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)

    return progress, finish


@main.command("load", context_settings=CONTEXT)
@dataset_dirs_argument
@click.option("--dry-run", is_flag=True, help="Validate and run the load in a transaction that is rolled back.")
@click.option(
    "--batch-size", type=click.IntRange(1, 1_000_000), default=10_000, show_default=True, help="Rows per UNWIND batch."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@connection_options
def load_cmd(dirs: tuple[Path, ...], dry_run: bool, batch_size: int, as_json: bool, quiet: bool, connection) -> None:
    """Validate dataset folders, then load them into Neo4j in one transaction.

    Nothing is written if any folder is invalid; loading the same data again
    changes nothing. With no DIR, the bundled datasets/ folder.

    \b
    Example:
      graphkit load datasets my-ministry-data --json
    """
    import json

    from graphkit.data.ingest import load
    from graphkit.data.read import read_datasets
    from graphkit.db.store import Store

    dataset = read_datasets(_dirs(dirs))
    for problem in dataset.warnings:
        click.echo(str(problem), err=True)
    dataset.raise_if_invalid()
    progress, finish = _progress_bar(not quiet and not as_json and sys.stderr.isatty())
    with Store(connection) as store:
        try:
            report = load(store, dataset, batch_size=batch_size, dry_run=dry_run, progress=progress)
        finally:
            finish()
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    click.echo(_report_table(report))


def _report_table(report) -> str:
    lines = [f"{'':<16}{'created':>10}{'updated':>10}{'unchanged':>11}"]
    for title, table in (("nodes", report.nodes), ("relationships", report.relationships)):
        lines.append(title)
        for name, c in table.items():
            lines.append(f"  {name:<14}{c['created']:>10}{c['updated']:>10}{c['unchanged']:>11}")
    t = report.totals()
    lines.append(f"{'total':<16}{t['created']:>10}{t['updated']:>10}{t['unchanged']:>11}")
    verb = "Dry run (rolled back)" if report.dry_run else "Loaded"
    lines.append(f"{verb} in {report.seconds:.2f} s")
    return "\n".join(lines)


@main.command("stats", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@connection_options
def stats_cmd(as_json: bool, connection) -> None:
    """Count nodes per label and relationships per type.

    \b
    Example:
      graphkit stats --json
    """
    import json

    from graphkit.data.ingest import stats
    from graphkit.db.store import Store

    with Store(connection) as store:
        counts = stats(store)
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    for title, table in counts.items():
        click.echo(f"{title} ({sum(table.values())})")
        for name, n in table.items():
            click.echo(f"  {name:<16}{n:>8}")


@main.command("schema", context_settings=CONTEXT)
@click.option("--datapackage", is_flag=True, help="Print the Frictionless datapackage.json descriptor of the format.")
def schema_cmd(datapackage: bool) -> None:
    """Show the graph schema: labels, relationship types and their CSV files and columns.

    \b
    Example:
      graphkit schema --datapackage > my-data/datapackage.json
    """
    import json

    from graphkit.data import schema

    if datapackage:
        click.echo(json.dumps(schema.datapackage(), indent=2, ensure_ascii=False))
        return
    for node in schema.NODE_TYPES:
        click.echo(
            f"(:{node.label})  {node.file}: {', '.join(c.name + ('*' if c.required else '') for c in node.columns)}"
        )
    for rel in schema.REL_TYPES:
        ends = f"({'|'.join(rel.from_labels)})-[:{rel.type}]->({'|'.join(rel.to_labels)})"
        click.echo(f"{ends}  {rel.file}: {', '.join(c.name + ('*' if c.required else '') for c in rel.columns)}")
    click.echo("* required. Dates: YYYY-MM-DD, YYYY-MM or YYYY.")


# -- command groups kept in their own modules (each only parses and calls the library) ----
from graphkit.cli.centrality import centrality, export  # noqa: E402
from graphkit.cli.query import query  # noqa: E402
from graphkit.cli.render import render  # noqa: E402

for _command in (centrality, export, query, render):
    main.add_command(_command)
