"""``graphkit query …``: the Cypher query library on the command line (parses and calls graphkit.queries)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graphkit.cli.boundary import CONTEXT
from graphkit.cli.options import connection_options, emit_rows, format_options, output_format


def dir_option(func):
    return click.option(
        "--dir", "dirs", multiple=True, type=click.Path(path_type=Path), metavar="DIR",
        help="Also read *.cypher queries from DIR (repeatable; a query here replaces a bundled one of the same name).",
    )(func)  # fmt: skip


def max_width_option(func):
    return click.option(
        "--max-width", type=click.IntRange(0), default=None,
        help="Table only: cut longer cells with … (0: never) [default: 60].",
    )(func)  # fmt: skip


@click.group("query", context_settings=CONTEXT)
def query() -> None:
    """Run the analysts' Cypher query library, or your own Cypher (read-only by default).

    \b
    Examples:
      graphkit query list
      graphkit query show forum-members
      graphkit query run forum-members -p forum=nato -p as_of=2010-01-01
      graphkit query run shared-forums -p a=FRA -p b=CHN --format json
      graphkit query run --cypher 'MATCH (s:State {region: $r}) RETURN s.id AS id' -p r=Africa
      graphkit query run -f my-query.cypher --out result.csv

    Parameters are typed by the query's header (see `graphkit query show NAME`
    and docs/cypher.md); list values are comma-separated. Queries run in a
    read transaction: a statement that writes fails unless --write is given.
    """


@query.command("list", context_settings=CONTEXT)
@dir_option
@format_options
@max_width_option
def list_cmd(dirs: tuple[Path, ...], fmt: str | None, out: Path | None, max_width: int | None) -> None:
    """List the queries of the library: name, description, parameters (? = optional), columns.

    \b
    Example:
      graphkit query list --format json
    """
    from graphkit.queries.library import LIST_COLUMNS, TABLE_LIST_COLUMNS, library_rows, load_library

    rows = library_rows(load_library(dirs))
    table = output_format(fmt, out) == "table"
    emit_rows(TABLE_LIST_COLUMNS if table else LIST_COLUMNS, rows, fmt, out, max_width or None)


@query.command("show", context_settings=CONTEXT)
@click.argument("name")
@dir_option
def show_cmd(name: str, dirs: tuple[Path, ...]) -> None:
    """Show a query: its description, parameters with types and examples, columns, file and Cypher.

    \b
    Example:
      graphkit query show cooperation-path
    """
    from graphkit.queries.library import get_query

    click.echo("\n".join(get_query(name, dirs).describe()))


@query.command("run", context_settings=CONTEXT)
@click.argument("name", required=False)
@click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
    help="A parameter (repeatable). Ad hoc queries may give a type: -p year:int=2024.",
)  # fmt: skip
@click.option(
    "--cypher", "-c", "cypher", default=None, metavar="TEXT", help="Run this Cypher instead of a library query."
)
@click.option(
    "--file", "-f", "file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
    help="Run the Cypher in FILE ('-' reads standard input); a header in it declares its parameters.",
)  # fmt: skip
@click.option("--write", is_flag=True, help="Allow the statement to write (WRITE-routed transaction).")
@dir_option
@format_options
@max_width_option
@connection_options
def run_cmd(name, params, cypher, file, write, dirs, fmt, out, max_width, connection) -> None:
    """Run a library query by NAME, or ad hoc Cypher with --cypher/-f, and print its rows.

    Parameters are checked against the query's declared types before anything
    reaches Neo4j. Output: a table on a terminal, CSV in a pipe, --format csv or json, --out FILE.

    \b
    Examples:
      graphkit query run forum-members -p forum=cri
      graphkit query run outside-cyber-forums -p forums=foc,cri --format csv --out isolated.csv
      graphkit query run --cypher 'MATCH (s:State) RETURN s.region AS region, count(*) AS n'
    """
    from graphkit.db.store import Store
    from graphkit.errors import UsageProblem
    from graphkit.queries.library import adhoc, get_query, read_query_file
    from graphkit.queries.params import parse_assignments
    from graphkit.queries.run import run

    given = [x for x in (name, cypher, file) if x is not None]
    if len(given) != 1:
        raise UsageProblem(
            "give exactly one of NAME, --cypher TEXT or -f FILE" if given else "no query given",
            "`graphkit query list` shows the library's queries",
        )
    if name is not None:
        q = get_query(name, dirs)
    elif cypher is not None or str(file) == "-":
        q = adhoc(cypher if cypher is not None else sys.stdin.read())
    else:
        q = read_query_file(file, require_header=False)
    bound = q.bind(*parse_assignments(params))
    with Store(connection) as store:
        result = run(store, q, bound, write=write)
    emit_rows(result.columns, result.records, fmt, out, 60 if max_width is None else max_width or None)
    if write and result.changes():
        click.echo(result.changes(), err=True)
