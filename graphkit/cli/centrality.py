"""``graphkit centrality`` and ``graphkit export``: parse options, call graphkit.analysis.runs / graphkit.analysis.export.

Only light modules are imported here (graphkit.analysis.centrality and graphkit.analysis.projection
import NumPy, SciPy and NetworkX inside their functions), so ``graphkit --help``
stays fast.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

import click

from graphkit.analysis.centrality import DEFAULT_SEED, METRICS
from graphkit.analysis.projection import KINDS
from graphkit.cli.options import connection_options
from graphkit.errors import UsageProblem

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
FORMATS = ("table", "csv", "json")


class AsOf(click.ParamType):
    """A date YYYY-MM-DD, or ``latest`` (= what holds today, the default)."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, _dt.date):
            return value
        text = str(value).strip()
        if text.lower() == "latest":
            return None
        try:
            return _dt.date.fromisoformat(text) if len(text) == 10 else _bad_date()
        except ValueError:
            self.fail(f"{value!r} is not a date: write YYYY-MM-DD (e.g. 2015-06-30) or 'latest'", param, ctx)


def _bad_date():
    raise ValueError


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
    out = {}
    for item in values:
        kind, sep, number = item.partition("=")
        kind = kind.strip()
        if not sep:
            raise click.BadParameter(f"{item!r} is not KIND=VALUE (e.g. signature=0.25)", ctx, param)
        if kind not in KINDS:
            raise click.BadParameter(f"unknown relationship kind {kind!r}; use one of: {', '.join(KINDS)}", ctx, param)
        try:
            value = float(number)
        except ValueError:
            raise click.BadParameter(f"{number.strip()!r} is not a number (in {item!r})", ctx, param) from None
        if not value >= 0 or value == float("inf"):
            raise click.BadParameter(
                f"the multiplier of {kind!r} must be a finite number ≥ 0, not {number.strip()}", ctx, param
            )
        out[kind] = value
    return out


def _parse_weights_file(ctx, param, value):
    if value is None:
        return {}
    from graphkit.analysis.projection import read_multipliers

    try:
        return read_multipliers(value)
    except UsageProblem as error:
        raise click.BadParameter(error.one_line().rstrip("."), ctx, param) from None


def weight_options(func):
    func = click.option(
        "--weight",
        "weight",
        multiple=True,
        metavar="KIND=VALUE",
        callback=_parse_weight,
        help=f"Multiplier of one relationship kind (repeatable; overrides --weights). Kinds: {', '.join(KINDS)}.",
    )(func)
    func = click.option(
        "--weights",
        "weights_file",
        type=click.Path(dir_okay=False, path_type=Path),
        callback=_parse_weights_file,
        metavar="FILE",
        help="JSON or TOML file of kind = multiplier.",
    )(func)
    return func


def _parse_exclude(ctx, param, values):
    out = []
    for item in values:
        out += [part.strip() for part in item.split(",") if part.strip()]
    return tuple(dict.fromkeys(out))


def exclude_option(func):
    return click.option(
        "--exclude",
        "exclude",
        multiple=True,
        metavar="FORUM",
        callback=_parse_exclude,
        help="Leave this forum out (organisation, summit or instrument id; repeatable or "
        "comma-separated), e.g. --exclude un,itu.",
    )(func)


def _multipliers(weights_file: dict, weight: dict) -> dict:
    return {**weights_file, **weight}


def seed_options(func):
    func = click.option(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        show_default=True,
        help="Seed of Louvain and of the betweenness pivots (same seed, same result).",
    )(func)
    func = click.option(
        "--betweenness-k",
        "betweenness_k",
        type=PivotCount(),
        default="auto",
        show_default=True,
        help="Betweenness pivots: auto = exact up to 1000 states, 256 seeded pivots above.",
    )(func)
    return func


def _format(fmt: str | None, out: Path | None) -> str:
    if fmt:
        return fmt
    if out is not None:
        return {".json": "json", ".csv": "csv"}.get(out.suffix.lower(), "table")
    return "table" if sys.stdout.isatty() else "csv"


def _data_text(fmt: str, columns: list[str], records: list[dict]) -> str:
    """JSON or CSV text through graphkit.output, shared with `graphkit query`."""
    from graphkit import output

    return output.to_json(columns, records) if fmt == "json" else output.to_csv(columns, records)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    click.echo(f"Wrote {out}", err=True)


@click.group("centrality", invoke_without_command=True, context_settings=CONTEXT)
@click.option(
    "--as-of",
    "as_of",
    type=AsOf(),
    default=None,
    help="Keep only what held on DATE (YYYY-MM-DD) [default: latest = today].",
)
@weight_options
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    type=click.Choice(METRICS),
    help="A metric to compute (repeatable) [default: all].",
)
@exclude_option
@click.option("--top", type=click.IntRange(1), default=None, help="Only the top N states.")
@click.option(
    "--write/--no-write",
    default=True,
    show_default=True,
    help="Write the run back to Neo4j (:CentralityRun, :SCORED, State properties).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: table on a terminal, else csv; with --out, from its suffix].",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the output to FILE.")
@seed_options
@connection_options
@click.pass_context
def centrality(
    ctx: click.Context,
    as_of,
    weights_file,
    weight,
    metrics,
    exclude,
    top,
    write,
    fmt,
    out,
    seed,
    betweenness_k,
    connection,
) -> None:
    """Cooperation centrality of states: degree, strength, betweenness, closeness, eigenvector, PageRank, Louvain.

    States are tied by the forums they share (organisations, summits,
    instruments), weighted after Newman: a forum of n states adds
    multiplier/(n-1) to each pair. Sorted by PageRank (1 = top).

    \b
    Examples:
      graphkit centrality --top 20
      graphkit centrality --as-of 2015-01-01 --metric pagerank --metric betweenness --format json
      graphkit centrality --weight signature=0.25 --weights my-weights.toml --write
      graphkit centrality --exclude un,itu --top 20         # without the universal bodies
      graphkit centrality compare --as-of 2012-01-01 --as-of 2024-01-01 --top 15
      graphkit centrality runs
    """
    if ctx.invoked_subcommand is not None:
        return
    from graphkit.analysis import centrality as lib
    from graphkit.analysis.runs import score, write_run
    from graphkit.db.store import Store

    wanted = lib.check_metrics(metrics or None)
    with Store(connection) as store:
        G, scores = score(store, as_of, _multipliers(weights_file, weight), wanted, seed, betweenness_k, exclude)
        if write:
            run_id = write_run(
                store,
                scores,
                metrics=wanted,
                as_of=as_of,
                multipliers=G.graph["multipliers"],
                seed=seed,
                betweenness_pivots=G.graph["betweenness_pivots"],
                excluded=G.graph["excluded"],
            )
            click.echo(f"Wrote centrality run {run_id} ({len(scores)} states)", err=True)
    _emit(render_scores(G, scores, wanted, _format(fmt, out), top), out)


def _order(scores: dict, wanted) -> list:
    from graphkit.analysis.centrality import _sort_key, ranks

    key = "pagerank" if "pagerank" in wanted else next((m for m in wanted if m != "community"), wanted[0])
    if key == "community":
        return sorted(scores, key=lambda v: (scores[v][key], _sort_key(v))), None
    rank = ranks(scores, key)
    return sorted(scores, key=lambda v: (rank[v], _sort_key(v))), rank


def render_scores(G, scores: dict, wanted, fmt: str, top: int | None) -> str:
    """The scores as a table, CSV or JSON text (the states sorted by rank)."""
    order, rank = _order(scores, wanted)
    if top:
        order = order[:top]
    records = [{"id": v, "name": G.nodes[v].get("name"), **{m: scores[v][m] for m in wanted}} for v in order]
    if fmt in ("json", "csv"):
        return _data_text(fmt, ["id", "name", *wanted], records)
    head = ["#", "id", "name", *wanted]
    rows = [
        [str(rank[r["id"]]) if rank else str(i), r["id"], str(r["name"] or "")[:28], *(_cell(m, r[m]) for m in wanted)]
        for i, r in enumerate(records, start=1)
    ]
    return _table(head, rows, G)


def _cell(metric: str, value) -> str:
    if metric == "community":
        return str(value)
    if metric == "strength":
        return f"{value:.3f}"
    return f"{value:.4f}"


def _table(head: list[str], rows: list[list[str]], G=None) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    left = {1, 2}
    lines = ["  ".join(h.ljust(w) if i in left else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths)))]
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    if G is not None:
        as_of = G.graph.get("as_of")
        pivots = G.graph.get("betweenness_pivots")
        note = f"{G.number_of_nodes()} states, {G.number_of_edges()} ties, as of {as_of or 'latest'}"
        if pivots and "betweenness" in head:
            note += f"; betweenness sampled with {pivots} pivots"
        if G.graph.get("excluded"):
            note += f"; excluding {', '.join(G.graph['excluded'])}"
        lines.append(note)
    return "\n".join(lines)


@centrality.command("compare", context_settings=CONTEXT)
@click.option(
    "--as-of",
    "as_of",
    type=AsOf(),
    multiple=True,
    required=True,
    help="The two dates to compare (give it twice; 'latest' = today).",
)
@click.option(
    "--metric",
    type=click.Choice([m for m in METRICS if m != "community"]),
    default="pagerank",
    show_default=True,
    help="The metric whose ranks are compared.",
)
@click.option("--top", type=click.IntRange(1), default=None, help="Only states in the top N at either date.")
@exclude_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: table on a terminal, else csv].",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the output to FILE.")
@weight_options
@seed_options
@connection_options
def compare(as_of, metric, top, exclude, fmt, out, weights_file, weight, seed, betweenness_k, connection) -> None:
    """Rank changes between two dates (change = rank before - rank after; positive = moved up).

    \b
    Example:
      graphkit centrality compare --as-of 2012-01-01 --as-of 2024-01-01 --metric pagerank --top 10
    """
    if len(as_of) != 2:
        raise click.BadParameter(f"give exactly two dates, not {len(as_of)}", param_hint="'--as-of'")
    from graphkit.analysis.runs import compare as lib_compare
    from graphkit.db.store import Store

    with Store(connection) as store:
        rows = lib_compare(
            store, as_of[0], as_of[1], metric, _multipliers(weights_file, weight), seed, betweenness_k, exclude
        )
    if top:
        rows = [r for r in rows if (r["rank_from"] or 10**9) <= top or (r["rank_to"] or 10**9) <= top]
    fmt = _format(fmt, out)
    if fmt in ("json", "csv"):
        text = _data_text(fmt, list(rows[0]) if rows else ["id"], rows)
    else:
        a, b = (d.isoformat() if d else "latest" for d in as_of)
        head = ["id", "name", f"rank {a}", f"rank {b}", "change", f"{metric} {a}", f"{metric} {b}"]
        table = [
            [
                r["id"],
                str(r["name"] or "")[:28],
                str(r["rank_from"]),
                str(r["rank_to"]),
                f"{r['change']:+d}" if r["change"] else "0",
                f"{r['value_from']:.4f}",
                f"{r['value_to']:.4f}",
            ]
            for r in rows
        ]
        text = _table_plain(head, table)
    _emit(text, out)


def _table_plain(head, rows, left: tuple[int, ...] = (0, 1)) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]

    def fmt(cells):
        return "  ".join(c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join([fmt(head), *(fmt(r) for r in rows)])


@centrality.command("runs", context_settings=CONTEXT)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: table on a terminal, else csv].",
)
@connection_options
def runs_cmd(fmt, connection) -> None:
    """List the centrality runs written to Neo4j, newest first.

    \b
    Example:
      graphkit centrality runs --format json
    """
    from graphkit.analysis.runs import list_runs
    from graphkit.db.store import Store

    with Store(connection) as store:
        runs = list_runs(store)
    records = [
        {
            "id": r["id"],
            "as_of": r["as_of"].isoformat() if r.get("as_of") else None,
            "computed_at": r["computed_at"].isoformat() if r.get("computed_at") else None,
            "states": r.get("states"),
            "metrics": r.get("metrics"),
            "weights": r.get("weights"),
            "seed": r.get("seed"),
            "betweenness_pivots": r.get("betweenness_pivots"),
            "excluded": r.get("excluded") or [],
            "graphkit_version": r.get("graphkit_version"),
        }
        for r in runs
    ]
    fmt = _format(fmt, None)
    if fmt == "json":
        click.echo(_data_text(fmt, list(records[0]) if records else ["id"], records))
    elif fmt == "csv":
        rows = [dict(r, metrics=" ".join(r["metrics"] or [])) for r in records]
        click.echo(_data_text(fmt, ["id", "as_of", "computed_at", "states", "metrics"], rows), nl=False)
    else:
        click.echo(
            _table_plain(
                ["id", "as of", "computed at", "states", "metrics"],
                [
                    [
                        r["id"],
                        r["as_of"] or "latest",
                        (r["computed_at"] or "")[:19],
                        str(r["states"]),
                        " ".join(r["metrics"] or []),
                    ]
                    for r in records
                ],
                left=(0, 1, 2, 4),
            )
        )


@click.command("export", context_settings=CONTEXT)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gexf", "graphml"]),
    default=None,
    help="File format [default: from the suffix of --out].",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write.")
@click.option("--as-of", "as_of", type=AsOf(), default=None, help="Keep only what held on DATE (YYYY-MM-DD).")
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    type=click.Choice(METRICS),
    help="A metric to attach (repeatable) [default: all].",
)
@exclude_option
@weight_options
@seed_options
@connection_options
def export(fmt, out, as_of, metrics, exclude, weights_file, weight, seed, betweenness_k, connection) -> None:
    """Export the cooperation graph with the scores as node attributes, for Gephi (GEXF or GraphML).

    \b
    Example:
      graphkit export --format gexf --out out/cooperation.gexf --as-of 2020-01-01
    """
    suffix = out.suffix.lower().lstrip(".")
    if fmt is None and suffix not in ("gexf", "graphml"):
        raise click.BadParameter(
            f"cannot tell the format from {out.name!r}; add --format gexf or --format graphml", param_hint="'--format'"
        )
    from graphkit.analysis import centrality as lib
    from graphkit.analysis.export import write_graph
    from graphkit.analysis.runs import score
    from graphkit.db.store import Store

    wanted = lib.check_metrics(metrics or None)
    with Store(connection) as store:
        G, scores = score(store, as_of, _multipliers(weights_file, weight), wanted, seed, betweenness_k, exclude)
    rank = lib.ranks(scores, "pagerank") if "pagerank" in wanted else None
    path = write_graph(G, out, fmt or suffix, scores, rank)
    click.echo(f"Wrote {path} ({G.number_of_nodes()} states, {G.number_of_edges()} ties)", err=True)
