"""Options shared by several commands, their value types, and the one way a command prints rows."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from graphkit.vocabulary import ACTORS, DEFAULT_ACTORS, DEFAULT_SEED, FORMATS, KINDS


# -- the local server and the connection -------------------------------------------------
def _folder_option(name: str, help_text: str):
    return click.option(name, type=click.Path(file_okay=False, path_type=Path), default=None, help=help_text)


data_dir_option = _folder_option(
    "--data-dir", "The local server's data folder [env GRAPHKIT_DATA_DIR; default ./.graphkit/neo4j]."
)
cache_dir_option = _folder_option(
    "--cache-dir", "Where Neo4j's jars are kept [env GRAPHKIT_CACHE_DIR; default the user's cache folder]."
)


def connection_options(func):
    """--uri/--user/--password/--database (and --data-dir for the local server's defaults)."""

    @click.option(
        "--uri",
        default=None,
        metavar="URI",
        help="bolt://, neo4j:// or neo4j+s:// URI [env NEO4J_URI; default the local server].",
    )
    @click.option("--user", default=None, help="User name [env NEO4J_USERNAME; default neo4j].")
    @click.option(
        "--password",
        default=None,
        help="Password [env NEO4J_PASSWORD; default the local server's generated one]. Never printed; "
        "other users can see command lines, so prefer NEO4J_PASSWORD.",
    )
    @click.option("--database", default=None, help="Database name [env NEO4J_DATABASE; default the server's].")
    @data_dir_option
    @functools.wraps(func)
    def wrapper(*args, uri, user, password, database, data_dir, **kwargs):
        from graphkit.db.config import resolve_connection

        kwargs["connection"] = resolve_connection(uri, user, password, database, data_dir)
        return func(*args, **kwargs)

    return wrapper


def dataset_dirs_argument(func):
    """``[DIR]...``: dataset folders (the bundled dataset when none is given)."""
    return click.argument("dirs", nargs=-1, type=click.Path(path_type=Path), metavar="[DIR]...")(func)


# -- dates, weights, forums, seeds -------------------------------------------------------
class AsOf(click.ParamType):
    """A date YYYY-MM-DD, or ``latest`` (= what holds today, the default)."""

    name = "DATE"

    def convert(self, value, param, ctx):
        from graphkit.data.dates import as_of_date

        try:
            return as_of_date(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def as_of_option(help_text: str = "Keep only what held on DATE (YYYY-MM-DD) [default: latest = today]."):
    return click.option("--as-of", "as_of", type=AsOf(), default=None, help=help_text)


class PivotCount(click.ParamType):
    """``auto``, ``exact`` or a number of pivots ≥ 1."""

    name = "auto|exact|K"

    def convert(self, value, param, ctx):
        if value in (None, "auto") or isinstance(value, int):
            return value
        if str(value).lower() == "exact":
            return None
        try:
            k = int(value)
        except ValueError:
            self.fail(f"{value!r} is not 'auto', 'exact' or a whole number", param, ctx)
        if k < 1:
            self.fail(f"needs at least 1 pivot, not {k}", param, ctx)
        return k


def _parse_weight(ctx, param, values):
    from graphkit.analysis.projection import check_multipliers
    from graphkit.errors import GraphkitError

    out = {}
    for item in values:
        kind, sep, number = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KIND=VALUE (e.g. signature=0.25)", ctx, param)
        try:
            out[kind.strip()] = float(number)
        except ValueError:
            raise click.BadParameter(f"{number.strip()!r} is not a number (in {item!r})", ctx, param) from None
    try:
        check_multipliers(out)
    except GraphkitError as error:
        raise click.BadParameter(error.reason(), ctx, param) from None
    return out


def _parse_weights_file(ctx, param, value):
    if value is None:
        return {}
    from graphkit.analysis.projection import read_multipliers
    from graphkit.errors import GraphkitError

    try:
        return read_multipliers(value)
    except GraphkitError as error:
        raise click.BadParameter(error.reason(), ctx, param) from None


def weight_options(func):
    """--weight KIND=VALUE (repeatable) and --weights FILE, merged into one ``multipliers`` argument."""

    @click.option(
        "--weights", "weights_file", type=click.Path(dir_okay=False, path_type=Path), callback=_parse_weights_file,
        metavar="FILE", help="JSON or TOML file of kind = multiplier.",
    )  # fmt: skip
    @click.option(
        "--weight", "weight", multiple=True, metavar="KIND=VALUE", callback=_parse_weight,
        help=f"Multiplier of one relationship kind (repeatable; overrides --weights). Kinds: {', '.join(KINDS)}.",
    )  # fmt: skip
    @functools.wraps(func)
    def wrapper(*args, weights_file, weight, **kwargs):
        kwargs["multipliers"] = {**weights_file, **weight}
        return func(*args, **kwargs)

    return wrapper


def _parse_exclude(ctx, param, values):
    out = []
    for item in values:
        out += [part.strip() for part in item.split(",") if part.strip()]
    return tuple(dict.fromkeys(out))


def exclude_option(func):
    return click.option(
        "--exclude", "exclude", multiple=True, metavar="FORUM", callback=_parse_exclude,
        help="Leave this forum out (organisation, summit or instrument id; repeatable or comma-separated), e.g. --exclude un,itu.",
    )(func)  # fmt: skip


def actors_option(func):
    """--actors states|all: the actors counted and scored (States only, or States and Stakeholders)."""
    return click.option(
        "--actors", "actors", type=click.Choice(ACTORS), default=DEFAULT_ACTORS, show_default=True,
        help="Who is counted: states, or all = states and stakeholders (companies, civil society, academia, "
        "technical community, public authorities); a forum's n counts every participating actor.",
    )(func)  # fmt: skip


def seed_options(func):
    func = click.option(
        "--seed", type=int, default=DEFAULT_SEED, show_default=True,
        help="Seed of Louvain and of the betweenness pivots (same seed, same result).",
    )(func)  # fmt: skip
    func = click.option(
        "--betweenness-k", "betweenness_k", type=PivotCount(), default="auto", show_default=True,
        help="Betweenness pivots: auto = exact up to 1000 states, 256 seeded pivots above.",
    )(func)  # fmt: skip
    return func


# -- printing rows -----------------------------------------------------------------------
def format_options(func):
    """--format and --out: the one rule of graphkit.output.format_for picks the default."""
    func = click.option(
        "--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Write to FILE instead of the terminal (format from its .csv/.json suffix unless --format is given).",
    )(func)  # fmt: skip
    func = click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default=None,
        help="Output format [default: from the --out file's suffix; else table on a terminal, CSV in a pipe].",
    )(func)  # fmt: skip
    return func


def output_format(fmt: str | None, out: Path | None) -> str:
    """The format graphkit.output's one rule picks for this command's stdout or --out file."""
    from graphkit.output import format_for

    return format_for(out, fmt, terminal=sys.stdout.isatty())


def emit_rows(columns, rows, fmt: str | None, out: Path | None, max_width: int | None = None, **table) -> None:
    """Print ``rows`` (or write them to ``out``) in the format the one rule picks."""
    from graphkit import output

    chosen = output_format(fmt, out)
    text = output.render(columns, rows, chosen, max_width, **table)
    if out is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, out)
    n = len(rows)
    click.echo(f"Wrote {n} row{'' if n == 1 else 's'} ({chosen}) to {out}", err=True)
