"""``graphkit query ...``: the Cypher query library on the command line (parses and calls graphkit.queries)."""

from __future__ import annotations

import click


@click.group("query")
def query() -> None:
    """Run the analysts' Cypher query library, or your own Cypher (read-only by default)."""
