"""Build the report: the options, reading the store, putting the sections together, writing the file.

:func:`build_report` reads what it needs from Neo4j in a few set-based queries
(the whole history of the bipartite graph, the offices, the sources' latest
date) and hands it to :func:`assemble`, a function of that data alone, which
computes every section; :func:`write_report` writes the page. Everything the
report computes comes from the shared building blocks: the one as-of rule and
projection (:mod:`graphkit.analysis.projection`), the timeline, the metrics,
the community names, the backbone and the rank changes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graphkit import __version__
from graphkit.analysis import centrality
from graphkit.analysis.backbone import disparity_backbone
from graphkit.analysis.projection import actor_labels, check_multipliers, exclude_forums, read_history
from graphkit.analysis.ranking import ranks
from graphkit.analysis.runs import run_record
from graphkit.data.dates import as_of_date, date_text
from graphkit.errors import InvalidData, UsageProblem
from graphkit.report import brokers, charts, offices, yearly
from graphkit.values import native
from graphkit.vocabulary import DEFAULT_ACTORS, DEFAULT_MULTIPLIERS, DEFAULT_SEED

#: The first year of the yearly section by default.
DEFAULT_FROM = 2000
Progress = Callable[[str], None] | None


@dataclass(frozen=True)
class ReportOptions:
    """What the report covers: the as-of date, the first year, the weighting, the forums left out, the actors, the seed.

    ``as_of`` ``None`` means today. :meth:`check` returns a copy with every
    value checked and resolved (the date, the full multiplier table).
    """

    as_of: _dt.date | str | None = None
    from_year: int = DEFAULT_FROM
    multipliers: Mapping[str, float] | None = None
    exclude: tuple[str, ...] = ()
    actors: str = DEFAULT_ACTORS
    seed: int = DEFAULT_SEED

    def check(self, today: _dt.date | None = None) -> ReportOptions:
        """The options with the date resolved (``today`` for latest) and every value checked.

        Raises
        ------
        graphkit.errors.UsageProblem
            For a bad date, a first year after the as-of date's year (or not a
            year), a bad multiplier, unknown actors or a seed that is not a whole number.

        Examples
        --------
        >>> ReportOptions(as_of="2020-06-30", from_year=2015).check().as_of
        datetime.date(2020, 6, 30)
        >>> ReportOptions(as_of="2020-06-30", from_year=2021).check()
        Traceback (most recent call last):
        ...
        graphkit.errors.UsageProblem: the first year, 2021, is after the as-of date's year, 2020
        """
        try:
            day = as_of_date(self.as_of) or today or _dt.date.today()
        except ValueError as error:
            raise UsageProblem(str(error), param="as_of") from None
        if isinstance(self.from_year, bool) or not isinstance(self.from_year, int) or self.from_year < 1000:
            raise UsageProblem(f"the first year must be a year such as {DEFAULT_FROM}, not {self.from_year!r}",
                               param="from_year")  # fmt: skip
        if self.from_year > day.year:
            raise UsageProblem(
                f"the first year, {self.from_year}, is after the as-of date's year, {day.year}",
                f"give a year up to {day.year}, or a later as-of date", param="from_year",
            )  # fmt: skip
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise UsageProblem(f"the seed must be a whole number, not {self.seed!r}", param="seed")
        actor_labels(self.actors)
        exclude = tuple(dict.fromkeys(str(f).strip() for f in self.exclude if str(f).strip()))
        return replace(self, as_of=day, multipliers=check_multipliers(self.multipliers), exclude=exclude)


def reproduce_command(options: ReportOptions) -> str:
    """The one command that builds the same report again (from checked options).

    Examples
    --------
    >>> opts = ReportOptions(as_of="2026-12-02", exclude=("un",), multipliers={"signature": 0.25}).check()
    >>> reproduce_command(opts)
    'graphkit report --as-of 2026-12-02 --from 2000 --seed 42 --exclude un --weight signature=0.25'
    """
    day = as_of_date(options.as_of)
    parts = ["graphkit report", f"--as-of {day.isoformat() if day else 'latest'}", f"--from {options.from_year}",
             f"--seed {options.seed}"]  # fmt: skip
    if options.exclude:
        parts.append("--exclude " + ",".join(options.exclude))
    if options.actors != DEFAULT_ACTORS:
        parts.append(f"--actors {options.actors}")
    for kind, value in (options.multipliers or {}).items():
        if value != DEFAULT_MULTIPLIERS[kind]:
            parts.append(f"--weight {kind}={value!r}")
    return " ".join(parts)


@dataclass
class Report:
    """Everything the page shows (see :mod:`graphkit.report.page`)."""

    options: ReportOptions
    day: _dt.date
    command: str
    record: dict[str, Any]
    data_as_of: str | None
    counts: dict[str, int]
    findings: offices.Findings
    sentences: list[str]
    holders: list[dict[str, Any]]
    history: yearly.History
    risers: list[dict]
    fallers: list[dict]
    brokers: list[brokers.Broker]
    backbone_alpha: float
    charts: dict[str, str | None] = field(default_factory=dict)
    version: str = __version__


def read_offices(store) -> list[dict[str, Any]]:
    """Every state's offices (:func:`graphkit.report.offices.office_query`), dates as :class:`datetime.date`.

    Raises
    ------
    graphkit.errors.GraphkitError
        If the database cannot be read.
    """
    return [{k: native(v) for k, v in row.items()} for row in store.read(offices.office_query())]


def build_report(store, options: ReportOptions, progress: Progress = None) -> Report:
    """Read the graph and the offices from ``store`` and compute every section of the report.

    Parameters
    ----------
    store : graphkit.db.store.Store
        An open store.
    options : ReportOptions
        What the report covers.
    progress : callable, optional
        Called with a short line at each step (the CLI prints them on stderr).

    Returns
    -------
    Report

    Raises
    ------
    graphkit.errors.UsageProblem
        For bad options or a forum to exclude that does not exist.
    graphkit.errors.InvalidData
        If the database holds no state.
    graphkit.errors.GraphkitError
        If the database cannot be read.
    """
    from graphkit.views.render import sources_as_of

    opts = options.check()
    H = read_history(store, actors=opts.actors)
    rows = read_offices(store)
    if progress:
        progress(f"read {H.number_of_nodes()} nodes, {H.number_of_edges()} actor–forum links, {len(rows)} offices")
    return assemble(H, rows, opts, data_as_of=sources_as_of(store), progress=progress)


def _is_state(G, v) -> bool:
    return (G.nodes[v].get("label") or "State") == "State"


def holder_rows(G, scores: Mapping, found: offices.Findings, starts: Mapping[str, offices.OfficeStart]) -> list[dict]:
    """One row per state with an office: name, region, when it counts from, its PageRank and betweenness ranks.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_node("FRA", name="France", region="Europe"); G.add_node("MLI", name="Mali")
    >>> scores = {"FRA": {"pagerank": 0.6, "betweenness": 0.1}, "MLI": {"pagerank": 0.4, "betweenness": 0.0}}
    >>> starts = {"FRA": offices.OfficeStart("FRA", _dt.date(2017, 11, 22), True, ("amb",))}
    >>> f = offices.Findings(_dt.date(2020, 1, 1), 2, ("FRA",), None, None, (), (), (), None, (), 1)
    >>> holder_rows(G, scores, f, starts)
    [{'id': 'FRA', 'name': 'France', 'region': 'Europe', 'since': '2017-11-22', 'offices': 1, 'pagerank_rank': 1, 'betweenness_rank': 1}]
    """
    pagerank, betweenness = ranks(scores, "pagerank"), ranks(scores, "betweenness")
    rows = []
    for s in found.holders:
        start = starts[s]
        since = (start.text or date_text(start.start)) + ("" if start.dated else " (undated: its source's date)")
        rows.append({"id": s, "name": G.nodes[s].get("name"), "region": G.nodes[s].get("region"), "since": since,
                     "offices": len(start.offices), "pagerank_rank": pagerank[s], "betweenness_rank": betweenness[s]})  # fmt: skip
    return sorted(rows, key=lambda r: (r["pagerank_rank"], r["id"]))


def figures(found: offices.Findings, states: Mapping, history: yearly.History, seed: int) -> dict[str, str | None]:
    """The report's charts as inline SVG (``None`` where there is nothing to draw)."""
    group = set(found.holders)

    def split(metric: str) -> tuple[str, list[float], list[float]]:
        label = "PageRank" if metric == "pagerank" else "betweenness"
        return (label, [states[s][metric] for s in sorted(group)],
                [states[s][metric] for s in sorted(states) if s not in group])  # fmt: skip

    out: dict[str, str | None] = dict.fromkeys(("groups", "regions", "slopes"))
    if found.pagerank is not None:
        out["groups"] = charts.group_chart([split("pagerank"), split("betweenness")], seed)
        c = found.pagerank
        rows = [("All states", c.test.r, c.n_with, c.n_without, c.small)]
        rows += [(r.region, r.comparison.test.r, r.comparison.n_with, r.comparison.n_without, r.comparison.small)
                 for r in found.regions]  # fmt: skip
        out["regions"] = charts.region_chart(rows)
    if found.pairs:
        out["slopes"] = charts.slope_chart([(p.state, p.year, p.before, p.after) for p in found.pairs])
    years = history.years
    out["trends"] = charts.trend_chart(
        [y.date for y in years],
        [("density (ties / possible ties)", [y.density for y in years]),
         ("Louvain modularity", [y.modularity for y in years]),
         ("forums with ≥ 2 participants", [y.forums for y in years])],
    )  # fmt: skip
    return out


def assemble(
    H,
    office_rows: Iterable[Mapping],
    options: ReportOptions,
    *,
    data_as_of: str | None = None,
    progress: Progress = None,
) -> Report:
    """Compute every section of the report from the whole history ``H`` and the offices' rows.

    Parameters
    ----------
    H : networkx.Graph
        The bipartite graph with every date (:func:`graphkit.analysis.projection.read_history`).
    office_rows : iterable of mapping
        :func:`read_offices`' rows.
    options : ReportOptions
        What the report covers.
    data_as_of : str, optional
        The latest date the sources speak for (shown with the data).
    progress : callable, optional
        Called with a short line at each step.

    Returns
    -------
    Report

    Raises
    ------
    graphkit.errors.UsageProblem
        For bad options or a forum to exclude that is not in ``H``.
    graphkit.errors.InvalidData
        If ``H`` has no state.

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> H = bipartite_from_rows([{"id": s, "attrs": {"name": s, "region": "Europe"}} for s in ("EST", "FIN", "FRA")],
    ...     [{"id": "eu", "label": "Organisation", "attrs": {}}],
    ...     [{"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {}} for s in ("EST", "FIN", "FRA")])
    >>> rows = [{"state": "EST", "office": "amb", "established": _dt.date(2019, 1, 1), "as_of": None}]
    >>> report = assemble(H, rows, ReportOptions(as_of="2020-06-30", from_year=2018))
    >>> report.command, report.findings.holders, [y.ties for y in report.history.years]
    ('graphkit report --as-of 2020-06-30 --from 2018 --seed 42', ('EST',), [3, 3, 3])
    """
    opts = options.check()
    day = as_of_date(opts.as_of) or _dt.date.today()
    B = exclude_forums(H, opts.exclude)
    if not any(d.get("label") == "State" for _, d in B.nodes(data=True)):
        raise InvalidData("the graph has no State nodes", "load a dataset with `graphkit load` first")
    history = yearly.history(B, day, opts.from_year, opts.multipliers, actors=opts.actors, seed=opts.seed)
    if progress:
        progress(f"computed {len(history.years)} years, {history.years[0].date} to {day}")
    G, scores, names = history.last
    states = {v: scores[v] for v in G if _is_state(G, v)}
    starts = offices.office_starts(office_rows)
    regions = {v: G.nodes[v].get("region") for v in states}
    found = offices.findings(states, regions, starts, day, history.state_ranks, seed=opts.seed)
    backbone = disparity_backbone(G)
    risers, fallers = yearly.movers(history)
    pivots = centrality.betweenness_pivots(G, "auto", opts.seed)
    record = run_record(
        scores, ["betweenness", "pagerank", "community"], as_of=day, multipliers=opts.multipliers, seed=opts.seed,
        betweenness_pivots=None if pivots is None else len(pivots), excluded=opts.exclude, actors=opts.actors,
        run_id=f"report-{day.isoformat()}", labels={v: G.nodes[v].get("label") or "State" for v in scores},
    )  # fmt: skip
    report = Report(
        opts, day, reproduce_command(opts), record, data_as_of,
        {"actors": G.number_of_nodes(), "states": len(states), "ties": G.number_of_edges(), "years": len(history.years)},
        found, offices.sentences(found, seed=opts.seed), holder_rows(G, states, found, starts), history, risers,
        fallers, brokers.brokers(G, scores, names, backbone=backbone), float(backbone.graph["backbone_alpha"]),
    )  # fmt: skip
    report.charts = figures(found, states, history, opts.seed)
    if progress:
        progress(f"computed the offices, blocs and brokers sections as of {day.isoformat()}")
    return report


def write_report(report: Report, path: Path | str) -> Path:
    """Write the report's page (:func:`graphkit.report.page.report_html`) to ``path``; return the path.

    Parameters
    ----------
    report : Report
        :func:`build_report`'s result.
    path : pathlib.Path or str
        The HTML file (its folder is created).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OSError
        If the file cannot be written.
    """
    from graphkit.report.page import report_html

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report_html(report), encoding="utf-8")
    return out
