"""The ``graphkit`` group: its options, and every command family registered on it.

Heavy modules (the Neo4j driver, NetworkX, PyVis) are imported inside the
commands that use them, so ``graphkit --help`` answers fast.
"""

from __future__ import annotations

import click

from graphkit import __version__
from graphkit.cli.boundary import CONTEXT, GraphkitGroup, configure_logging, is_debug
from graphkit.cli.centrality import centrality, export
from graphkit.cli.data import load_cmd, schema_cmd, stats_cmd, unload_cmd, validate
from graphkit.cli.imports import import_group
from graphkit.cli.neo4j import neo4j, ping
from graphkit.cli.query import query
from graphkit.cli.render import render
from graphkit.cli.report import report


@click.group(cls=GraphkitGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="graphkit")
@click.option(
    "--debug", is_flag=True, help="Show the full traceback of an error and the driver's log (or set GRAPHKIT_DEBUG=1)."
)
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """graphkit: the cyber-diplomacy graph in Neo4j.

    \b
    Quick start:
      graphkit neo4j start          # a local Neo4j 5.26 (downloaded once with Maven)
      graphkit load                 # the bundled dataset
      graphkit centrality --top 10
      graphkit render --open

    Exit codes: 0 ok, 1 invalid data, 2 usage, 3 database unreachable,
    4 authentication failed, 5 environment (java/mvn/port), 6 query failed, 70 internal.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    configure_logging(is_debug(ctx))


for _command in (
    neo4j,
    ping,
    validate,
    load_cmd,
    unload_cmd,
    stats_cmd,
    schema_cmd,
    centrality,
    export,
    query,
    render,
    report,
):
    main.add_command(_command)
main.add_command(import_group)
