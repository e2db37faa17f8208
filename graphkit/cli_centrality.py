"""``graphkit centrality`` and ``graphkit export``: parse options, call graphkit.centrality."""

from __future__ import annotations

import click


@click.group("centrality", invoke_without_command=True)
@click.pass_context
def centrality(ctx: click.Context) -> None:
    """Cooperation centrality of states (NetworkX)."""


@click.command("export")
def export() -> None:
    """Export the cooperation graph for Gephi."""
