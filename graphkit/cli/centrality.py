"""``graphkit centrality`` (with ``compare`` and ``runs``) and ``graphkit export``: parse options, call the library."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.boundary import CONTEXT
from graphkit.cli.options import (
    AsOf,
    actors_option,
    as_of_option,
    connection_options,
    emit_rows,
    exclude_option,
    format_options,
    output_format,
    seed_options,
    weight_options,
)
from graphkit.vocabulary import DEFAULT_ACTORS, EXPORT_FORMATS, METRICS, RANKED_METRICS

#: How the score table shows each metric (CSV and JSON carry every digit).
TABLE_FLOATS = {m: ".3f" if m == "strength" else ".4f" for m in METRICS}


def _counted(actors: str) -> str:
    """What the actors are called in a message: ``states``, or ``actors`` when stakeholders count too."""
    return "states" if actors == DEFAULT_ACTORS else "actors"


@click.group("centrality", invoke_without_command=True, context_settings=CONTEXT)
@as_of_option()
@weight_options
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    type=click.Choice(METRICS),
    help="A metric to compute (repeatable) [default: all].",
)
@exclude_option
@actors_option
@click.option("--top", type=click.IntRange(1), default=None, help="Only the top N states (actors).")
@click.option(
    "--write/--no-write", default=True, show_default=True,
    help="Write the run back to Neo4j (:CentralityRun, :SCORED, State properties).",
)  # fmt: skip
@format_options
@seed_options
@connection_options
@click.pass_context
def centrality(
    ctx, as_of, multipliers, metrics, exclude, actors, top, write, fmt, out, seed, betweenness_k, connection
) -> None:
    """Cooperation centrality of states: degree, strength, betweenness, closeness, eigenvector, PageRank, Louvain.

    States are tied by the forums they share (organisations, summits,
    instruments), weighted after Newman: a forum of n states adds
    multiplier/(n-1) to each pair. Sorted by PageRank (1 = top). With
    --actors all, stakeholders are actors too (rows carry label and kind).

    \b
    Examples:
      graphkit centrality --top 20
      graphkit centrality --as-of 2015-01-01 --metric pagerank --metric betweenness --format json
      graphkit centrality --weight signature=0.25 --weights my-weights.toml --write
      graphkit centrality --exclude un,itu --top 20         # without the universal bodies
      graphkit centrality --actors all --format json        # states and stakeholders
      graphkit centrality compare --as-of 2012-01-01 --as-of 2024-01-01 --top 15
      graphkit centrality runs
    """
    if ctx.invoked_subcommand is not None:
        return
    from graphkit.analysis.blocs import community_names
    from graphkit.analysis.ranking import graph_note, score_records
    from graphkit.analysis.runs import score, write_scored
    from graphkit.db.store import Store

    with Store(connection) as store:
        G, scores = score(store, as_of, multipliers, metrics or None, seed, betweenness_k, exclude, actors)
        if write:
            run_id = write_scored(store, G, scores)
            click.echo(f"Wrote centrality run {run_id} ({len(scores)} {_counted(actors)})", err=True)
    wanted = G.graph["metrics"]
    details = actors != DEFAULT_ACTORS
    names = community_names(G, scores) if "community" in wanted else None
    rows = score_records(G, scores, wanted, top, details=details, names=names)
    shown = [c for m in wanted for c in ((m, "community_name") if m == "community" else (m,))]
    columns = ["id", "name", *(["label", "kind"] if details else []), *shown]
    if output_format(fmt, out) == "table":
        columns.insert(0, "rank")
    emit_rows(columns, rows, fmt, out, 28, headers={"rank": "#"}, floatfmt=TABLE_FLOATS, note=graph_note(G))


@centrality.command("compare", context_settings=CONTEXT)
@click.option(
    "--as-of", "as_of", type=AsOf(), multiple=True, required=True,
    help="The two dates to compare (give it twice; 'latest' = today).",
)  # fmt: skip
@click.option(
    "--metric", type=click.Choice(RANKED_METRICS), default="pagerank", show_default=True,
    help="The metric whose ranks are compared.",
)  # fmt: skip
@click.option("--top", type=click.IntRange(1), default=None, help="Only states in the top N at either date.")
@exclude_option
@actors_option
@format_options
@weight_options
@seed_options
@connection_options
def compare(as_of, metric, top, exclude, actors, fmt, out, multipliers, seed, betweenness_k, connection) -> None:
    """Rank changes between two dates (change = rank before - rank after; positive = moved up).

    \b
    Example:
      graphkit centrality compare --as-of 2012-01-01 --as-of 2024-01-01 --metric pagerank --top 10
    """
    if len(as_of) != 2:
        raise click.BadParameter(f"give exactly two dates, not {len(as_of)}", param_hint="'--as-of'")
    from graphkit.analysis.runs import compare as rank_changes
    from graphkit.data.dates import as_of_text
    from graphkit.db.store import Store

    with Store(connection) as store:
        rows = rank_changes(
            store, as_of[0], as_of[1], metric, multipliers, seed, betweenness_k, exclude, top=top, actors=actors
        )
    a, b = (as_of_text(d) for d in as_of)
    headers = {
        "rank_from": f"rank {a}",
        "rank_to": f"rank {b}",
        "value_from": f"{metric} {a}",
        "value_to": f"{metric} {b}",
    }
    details = ["label", "kind"] if actors != DEFAULT_ACTORS else []
    columns = ["id", "name", *details, "rank_from", "rank_to", "change", "value_from", "value_to"]
    emit_rows(columns, rows, fmt, out, 28, headers=headers, floatfmt=".4f")


@centrality.command("runs", context_settings=CONTEXT)
@format_options
@connection_options
def runs_cmd(fmt, out, connection) -> None:
    """List the centrality runs written to Neo4j, newest first.

    \b
    Example:
      graphkit centrality runs --format json
    """
    from graphkit.analysis.runs import RUN_COLUMNS, TABLE_RUN_COLUMNS, list_runs
    from graphkit.db.store import Store

    with Store(connection) as store:
        runs = list_runs(store)
    columns = RUN_COLUMNS if output_format(fmt, out) != "table" else TABLE_RUN_COLUMNS
    emit_rows(columns, runs, fmt, out, 60)


@click.command("export", context_settings=CONTEXT)
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
    help="File format [default: from the suffix of --out].",
)  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write.")
@as_of_option()
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    type=click.Choice(METRICS),
    help="A metric to attach (repeatable) [default: all].",
)
@click.option(
    "--dynamic", is_flag=True,
    help="GEXF for Gephi's timeline: every tie ever, with its spells and its weight and scores per year.",
)  # fmt: skip
@exclude_option
@actors_option
@weight_options
@seed_options
@connection_options
def export(fmt, out, as_of, metrics, dynamic, exclude, actors, multipliers, seed, betweenness_k, connection) -> None:
    """Export the cooperation graph with the scores as node attributes, for Gephi (GEXF or GraphML).

    \b
    Example:
      graphkit export --format gexf --out out/cooperation.gexf --as-of 2020-01-01
      graphkit export --actors all --out out/multistakeholder.graphml
      graphkit export --dynamic --out out/cooperation-timeline.gexf
    """
    from graphkit.analysis.export import export_format, write_graph
    from graphkit.analysis.runs import score
    from graphkit.db.store import Store

    chosen = export_format(out, fmt)
    if dynamic:
        from graphkit.analysis.export import export_dynamic

        with Store(connection) as store:
            G = export_dynamic(store, out, chosen, as_of=as_of, multipliers=multipliers, exclude=exclude, actors=actors)
        click.echo(
            f"Wrote {out} ({G.number_of_nodes()} {_counted(actors)}, {G.number_of_edges()} ties over time)", err=True
        )
        return
    with Store(connection) as store:
        G, scores = score(store, as_of, multipliers, metrics or None, seed, betweenness_k, exclude, actors)
    path = write_graph(G, out, chosen, scores)
    click.echo(f"Wrote {path} ({G.number_of_nodes()} {_counted(actors)}, {G.number_of_edges()} ties)", err=True)
