"""``graphkit render``: parse options, call graphkit.views.render."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.boundary import CONTEXT
from graphkit.cli.options import actors_option, as_of_option, connection_options, exclude_option, weight_options
from graphkit.vocabulary import COLOR_BY, DEFAULT_SEED, INCLUDE, SIZE_BY, TIES, VIEWS


def _split_kinds(ctx, param, value):
    """``state,organisation`` → ``("state", "organisation")``; the library checks the kinds."""
    if value is None:
        return tuple(INCLUDE)
    return tuple(dict.fromkeys(k.strip().lower() for k in value.split(",") if k.strip()))


@click.command("render", context_settings=CONTEXT)
@click.option(
    "--view", type=click.Choice(VIEWS), default="cooperation", show_default=True,
    help="cooperation: states tied by cooperation weight; forums: states and their organisations, summits and instruments.",
)  # fmt: skip
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The HTML file to write [default: out/<view>.html].",
)  # fmt: skip
@as_of_option("Draw the graph as it stood on DATE (YYYY-MM-DD) [default: latest = today].")
@click.option(
    "--ego", default=None, metavar="ID",
    help="Only the neighbourhood of this state (ISO3, e.g. FRA) or forum (slug, e.g. nato).",
)  # fmt: skip
@click.option(
    "--depth", type=click.IntRange(0, 10), default=None,
    help="Hops around --ego [default: 1; in the forums view 2 reaches the co-members].",
)  # fmt: skip
@click.option(
    "--include", callback=_split_kinds, default=None, metavar="KINDS",
    help=f"Comma-separated node kinds: {','.join(INCLUDE)} [default: all]. "
    "In the cooperation view: the forums that count as cooperation.",
)  # fmt: skip
@click.option(
    "--color-by", "color_by", type=click.Choice(COLOR_BY), default=None,
    help="Node colour [default: community in the cooperation view, kind in the forums view].",
)  # fmt: skip
@click.option(
    "--size-by", "size_by", type=click.Choice(SIZE_BY), default="pagerank", show_default=True,
    help="Centrality metric that sets the size of states.",
)  # fmt: skip
@click.option(
    "--min-weight", "min_weight", type=click.FloatRange(min=0), default=None,
    help="Cooperation view: draw only ties with at least this weight.",
)  # fmt: skip
@click.option(
    "--ties", type=click.Choice(TIES), default=None,
    help="Cooperation view: the backbone (significant ties, disparity filter) or all ties [default: backbone].",
)  # fmt: skip
@click.option(
    "--alpha", type=float, default=None,
    help="Cooperation view: the backbone's significance level [default: the largest keeping ≤ 6 ties per state].",
)  # fmt: skip
@click.option(
    "--timeline/--no-timeline", default=True, show_default=True,
    help="Give the page a time slider (reads the whole history; larger file).",
)  # fmt: skip
@click.option(
    "--png", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Also save the view as a PNG picture, with its title block and legend (needs Chromium).",
)  # fmt: skip
@exclude_option
@actors_option
@weight_options
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed of the layout and of Louvain.")
@click.option("--physics", is_flag=True, help="Start with physics on (it can be switched on in the page too).")
@click.option("--open", "open_", is_flag=True, help="Open the file in the default browser.")
@connection_options
def render(view, out, as_of, ego, depth, include, color_by, size_by, min_weight, ties, alpha, timeline, png, exclude,
           actors, multipliers, seed, physics, open_, connection) -> None:  # fmt: skip
    """Write an interactive network view as one self-contained HTML file that works offline.

    The page has a time slider (the network on any date since the first
    fact), a legend, a search box, filters by kind, region and community,
    tooltips with scores, dates and sources, neighbour highlighting on
    click and an Export PNG button. The cooperation view draws the backbone
    of significant ties by default. Prints the path of the file.

    \b
    Examples:
      graphkit render                                   # out/cooperation.html
      graphkit render --view forums --ego EST --depth 2 --open
      graphkit render --as-of 2015-01-01 --color-by region --min-weight 0.5
      graphkit render --view forums --include state,instrument --out instruments.html
      graphkit render --exclude un,itu --min-weight 0.2     # without the universal bodies
      graphkit render --actors all                      # with the stakeholders, shaped by kind
      graphkit render --ties all --no-timeline          # every tie, no slider
      graphkit render --as-of 2010-12-31 --png out/cooperation-2010.png
    """
    from graphkit.db.store import Store
    from graphkit.errors import UsageProblem
    from graphkit.views.build import ViewOptions
    from graphkit.views.render import render as render_view

    if depth is not None and ego is None:
        raise UsageProblem("--depth needs --ego", "add --ego ID, e.g. --ego FRA --depth 2")
    options = ViewOptions(
        view=view, as_of=as_of, multipliers=multipliers, ego=ego, depth=1 if depth is None else depth,
        include=include, color_by=color_by, size_by=size_by, min_weight=min_weight, seed=seed,
        physics=physics, exclude=exclude, actors=actors, ties=ties, alpha=alpha, timeline=timeline,
    ).check()  # fmt: skip
    if png is not None:
        from graphkit.views.png import find_chromium

        find_chromium()  # before reading anything
    with Store(connection) as store:
        result = render_view(store, options, out)
    click.echo(f"{result.nodes} nodes, {result.edges} edges, {result.bytes / 1e6:.1f} MB", err=True)
    click.echo(str(result.path))
    if png is not None:
        from graphkit.views.png import write_png

        click.echo(str(write_png(result.path, png)))
    if open_:
        click.launch(str(result.path.resolve()))
