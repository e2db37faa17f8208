"""``graphkit query ...``: the Cypher query library on the command line (parses and calls graphkit.queries.library)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graphkit.cli.options import connection_options

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
FORMATS = ("table", "csv", "json")


def dir_option(func):
    return click.option(
        "--dir",
        "dirs",
        multiple=True,
        type=click.Path(path_type=Path),
        metavar="DIR",
        help="Also read *.cypher queries from DIR (repeatable; a query here replaces a bundled one of the same name).",
    )(func)


def format_options(func):
    func = click.option(
        "--max-width",
        type=click.IntRange(0),
        default=60,
        show_default=True,
        help="Table only: cut longer cells with … (0: never).",
    )(func)
    func = click.option(
        "--out",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write to FILE instead of the terminal (format from its .csv/.json suffix unless --format is given).",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format [default: table, or the --out file's suffix].",
    )(func)
    return func


def _emit(columns, rows, fmt: str | None, out: Path | None, max_width: int) -> None:
    from graphkit import output
    from graphkit.errors import UsageProblem

    fmt = output.format_for(str(out) if out else None, fmt)
    text = output.render(columns, rows, fmt, max_width or None)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise UsageProblem(f"cannot write {out}: {error.strerror or error}", "check the --out path") from None
    click.echo(f"Wrote {len(rows)} row{'' if len(rows) == 1 else 's'} ({fmt}) to {out}", err=True)


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
def list_cmd(dirs: tuple[Path, ...], fmt: str | None, out: Path | None, max_width: int) -> None:
    """List the queries of the library: name, description, parameters (? = optional), columns.

    \b
    Example:
      graphkit query list --format json
    """
    from graphkit.queries.library import library_rows, load_library

    rows = library_rows(load_library(dirs))
    columns = ["name", "description", "parameters", "columns"]
    if (fmt or "table") == "table" and out is None:
        columns = ["name", "parameters", "description"]
        max_width = max_width if max_width != 60 else 0
    _emit(columns, rows, fmt, out, max_width)


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

    q = get_query(name, dirs)
    click.echo(f"{q.name}: {q.description}")
    if q.path is not None:
        click.echo(f"file:       {q.path}")
    click.echo("parameters:" + (" none" if not q.params else ""))
    for p in q.params:
        click.echo(f"  {p.describe()}")
    click.echo(f"columns:    {', '.join(q.columns)}")
    click.echo(f"example:    {q.example_command()}")
    for note in q.notes:
        click.echo(f"note:       {note}")
    click.echo("")
    click.echo(q.body)


@query.command("run", context_settings=CONTEXT)
@click.argument("name", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter (repeatable). Ad hoc queries may give a type: -p year:int=2024.",
)
@click.option(
    "--cypher", "-c", "cypher", default=None, metavar="TEXT", help="Run this Cypher instead of a library query."
)
@click.option(
    "--file",
    "-f",
    "file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Run the Cypher in FILE ('-' reads standard input); a header in it declares its parameters.",
)
@click.option("--write", is_flag=True, help="Allow the statement to write (WRITE-routed transaction).")
@dir_option
@format_options
@connection_options
def run_cmd(
    name: str | None,
    params: tuple[str, ...],
    cypher: str | None,
    file: Path | None,
    write: bool,
    dirs: tuple[Path, ...],
    fmt: str | None,
    out: Path | None,
    max_width: int,
    connection,
) -> None:
    """Run a library query by NAME, or ad hoc Cypher with --cypher/-f, and print its rows.

    Parameters are checked against the query's declared types before anything
    reaches Neo4j. Output: a table (default), --format csv or json, --out FILE.

    \b
    Examples:
      graphkit query run forum-members -p forum=cri
      graphkit query run outside-cyber-forums -p forums=foc,cri --format csv --out isolated.csv
      graphkit query run --cypher 'MATCH (s:State) RETURN s.region AS region, count(*) AS n'
    """
    from graphkit.errors import UsageProblem
    from graphkit.queries import library as queries

    given = [x for x in (name, cypher, file) if x is not None]
    if len(given) != 1:
        raise UsageProblem(
            "give exactly one of NAME, --cypher TEXT or -f FILE" if given else "no query given",
            "`graphkit query list` shows the library's queries",
        )
    if name is not None:
        q = queries.get_query(name, dirs)
    elif cypher is not None:
        q = queries.adhoc(cypher)
    elif str(file) == "-":
        q = queries.adhoc(sys.stdin.read())
    else:
        q = queries.read_query_file(file, require_header=False)  # type: ignore[arg-type]
        if not q.text.strip():
            raise UsageProblem(f"the query file {file} is empty", "give a Cypher statement")
    values, types = queries.parse_assignments(params)
    bound = q.bind(values, types)

    from graphkit.db.store import Store

    with Store(connection) as store:
        result = queries.run(store, q, bound, write=write)
    _emit(result.columns, result.records, fmt, out, max_width)
    if write and result.counters:
        click.echo("Changed: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result.counters.items()), err=True)
