"""Options shared by several command modules (kept apart from cli.py to avoid circular imports)."""

from __future__ import annotations

import functools
from pathlib import Path

import click


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
        help="Password [env NEO4J_PASSWORD; default the local server's generated one]. Never printed.",
    )
    @click.option("--database", default=None, help="Database name [env NEO4J_DATABASE; default the server's].")
    @data_dir_option
    @functools.wraps(func)
    def wrapper(*args, uri, user, password, database, data_dir, **kwargs):
        from graphkit.db.config import resolve_connection

        kwargs["connection"] = resolve_connection(uri, user, password, database, data_dir)
        return func(*args, **kwargs)

    return wrapper
