"""``graphkit render``: parse options, call graphkit.render."""

from __future__ import annotations

import click


@click.command("render")
def render() -> None:
    """Write an interactive, offline HTML network view (PyVis)."""
