"""``graphkit render``: parse options, call graphkit.views.render."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.centrality import AsOf, exclude_option, weight_options
from graphkit.cli.options import connection_options

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# Kept here (not imported from graphkit.views.render) so `graphkit --help` stays light; a test checks they agree.
VIEWS = ("cooperation", "forums")
INCLUDE = ("state", "organisation", "summit", "instrument")
COLOR_BY = ("kind", "region", "community")
SIZE_BY = ("pagerank", "degree", "strength", "betweenness", "closeness", "eigenvector", "none")


def _parse_include(ctx, param, value):
    if value is None:
        return tuple(INCLUDE)
    kinds = tuple(dict.fromkeys(k.strip().lower() for k in value.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in INCLUDE]
    if unknown:
        raise click.BadParameter(
            f"unknown kind {unknown[0]!r}; use a comma-separated list of {','.join(INCLUDE)}", ctx, param
        )
    if not kinds:
        raise click.BadParameter(f"name at least one of {','.join(INCLUDE)}", ctx, param)
    return kinds


@click.command("render", context_settings=CONTEXT)
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="cooperation",
    show_default=True,
    help="cooperation: states tied by cooperation weight; forums: states and their organisations, "
    "summits and instruments.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The HTML file to write [default: out/<view>.html].",
)
@click.option(
    "--as-of",
    "as_of",
    type=AsOf(),
    default=None,
    help="Draw the graph as it stood on DATE (YYYY-MM-DD) [default: latest = today].",
)
@click.option(
    "--ego",
    default=None,
    metavar="ID",
    help="Only the neighbourhood of this state (ISO3, e.g. FRA) or forum (slug, e.g. nato).",
)
@click.option(
    "--depth",
    type=click.IntRange(0, 10),
    default=None,
    help="Hops around --ego [default: 1; in the forums view 2 reaches the co-members].",
)
@click.option(
    "--include",
    callback=_parse_include,
    default=None,
    metavar="KINDS",
    help="Comma-separated node kinds: state,organisation,summit,instrument [default: all]. "
    "In the cooperation view: the forums that count as cooperation.",
)
@click.option(
    "--color-by",
    "color_by",
    type=click.Choice(COLOR_BY),
    default=None,
    help="Node colour [default: community in the cooperation view, kind in the forums view].",
)
@click.option(
    "--size-by",
    "size_by",
    type=click.Choice(SIZE_BY),
    default="pagerank",
    show_default=True,
    help="Centrality metric that sets the size of states.",
)
@click.option(
    "--min-weight",
    "min_weight",
    type=click.FloatRange(min=0),
    default=None,
    help="Cooperation view: draw only ties with at least this weight.",
)
@exclude_option
@weight_options
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the layout and of Louvain.")
@click.option("--physics", is_flag=True, help="Start with physics on (it can be switched on in the page too).")
@click.option("--open", "open_", is_flag=True, help="Open the file in the default browser.")
@connection_options
def render(
    view,
    out,
    as_of,
    ego,
    depth,
    include,
    color_by,
    size_by,
    min_weight,
    exclude,
    weights_file,
    weight,
    seed,
    physics,
    open_,
    connection,
) -> None:
    """Write an interactive network view as one self-contained HTML file that works offline.

    The page has a legend, a search box, filters by kind, region and
    community, tooltips with scores, dates and sources, and neighbour
    highlighting on click. Prints the path of the file.

    \b
    Examples:
      graphkit render                                   # out/cooperation.html
      graphkit render --view forums --ego EST --depth 2 --open
      graphkit render --as-of 2015-01-01 --color-by region --min-weight 0.5
      graphkit render --view forums --include state,instrument --out instruments.html
      graphkit render --exclude un,itu --min-weight 0.2     # without the universal bodies
    """
    from graphkit.db.store import Store
    from graphkit.errors import UsageProblem
    from graphkit.views.render import ViewOptions
    from graphkit.views.render import render as render_view

    if depth is not None and ego is None:
        raise UsageProblem("--depth needs --ego", "add --ego ID, e.g. --ego FRA --depth 2")
    options = ViewOptions(
        view=view,
        as_of=as_of,
        multipliers={**weights_file, **weight},
        ego=ego,
        depth=1 if depth is None else depth,
        include=include,
        color_by=color_by,
        size_by=size_by,
        min_weight=min_weight,
        seed=seed,
        physics=physics,
        exclude=exclude,
    ).check()
    with Store(connection) as store:
        result = render_view(store, options, out)
    click.echo(f"{result.nodes} nodes, {result.edges} edges, {result.bytes / 1e6:.1f} MB", err=True)
    click.echo(str(result.path))
    if open_:
        click.launch(str(result.path.resolve()))
