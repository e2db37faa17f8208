"""The cooperation network year by year: one projection per year, from the earliest fact to a last date.

A :class:`Timeline` holds, for every snapshot date (31 December of each year
from the year of the earliest dated fact, then the last date itself), the
Newman cooperation weights among the actors as they stood on that date. It is
built from the whole history (:func:`graphkit.analysis.projection.read_history`)
with the same ``as_of`` rule as every other reader
(:func:`graphkit.analysis.projection.as_of_graph`): for each date it keeps the
relationships that held then and projects them, so the weights of a snapshot
equal ``cooperation_graph(as_of_graph(B, date))``'s (the tests check this).

Views use it for their time slider, the dynamic GEXF export for its spells,
and the report for its per-year statistics.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graphkit.analysis import centrality
from graphkit.analysis.projection import check_multipliers, node_interval, participations, project_matrix
from graphkit.vocabulary import DEFAULT_ACTORS

#: Metrics cheap enough to compute for every year (betweenness and closeness are not).
YEARLY_METRICS: tuple[str, ...] = ("degree", "strength", "eigenvector", "pagerank")
_NEVER = _dt.date.max.toordinal() + 1
_ALWAYS = _dt.date.min.toordinal() - 1


def first_date(B) -> _dt.date | None:
    """The earliest date from which anything in ``B`` holds (a membership's ``since``, a summit …); None if undated.

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> B = bipartite_from_rows([{"id": "FRA", "attrs": {}}], [{"id": "un", "label": "Organisation",
    ...     "attrs": {"founded": _dt.date(1945, 10, 24)}}], [{"a": "FRA", "b": "un", "rel": "MEMBER_OF", "attrs": {}}])
    >>> first_date(B)
    datetime.date(1945, 10, 24)
    """
    starts = [node_interval(d)[0] for _, d in B.nodes(data=True)]
    _, rows = participations(B, actors=B.graph.get("actors", DEFAULT_ACTORS))
    starts += [interval[0] for *_, interval in rows]
    dated = [s for s in starts if s is not None and s != _dt.date.max]
    return min(dated) if dated else None


def snapshot_dates(first: _dt.date | None, last: _dt.date) -> list[_dt.date]:
    """31 December of every year from ``first``'s to the year before ``last``'s, then ``last``.

    Examples
    --------
    >>> snapshot_dates(_dt.date(2019, 5, 1), _dt.date(2021, 6, 30))
    [datetime.date(2019, 12, 31), datetime.date(2020, 12, 31), datetime.date(2021, 6, 30)]
    >>> snapshot_dates(None, _dt.date(2021, 6, 30))
    [datetime.date(2021, 6, 30)]
    """
    start = last.year if first is None else min(first.year, last.year)
    return [_dt.date(y, 12, 31) for y in range(start, last.year)] + [last]


@dataclass
class Timeline:
    """Cooperation weights per snapshot date.

    Attributes
    ----------
    dates : list of datetime.date
        The snapshot dates, ascending (:func:`snapshot_dates`).
    actors : list
        The actors, in matrix order.
    weights : list of scipy.sparse.csr_array
        Per date, the upper-triangular actor × actor weight matrix.
    multipliers : dict
        The full multiplier table used.
    """

    dates: list[_dt.date]
    actors: list
    weights: list[sp.csr_array]
    multipliers: dict[str, float]

    def symmetric(self, i: int) -> sp.csr_array:
        """The symmetric weight matrix of snapshot ``i``."""
        W = self.weights[i]
        return (W + W.T).tocsr()

    def graph(self, i: int) -> nx.Graph:
        """The cooperation graph of snapshot ``i`` (every actor, edges with ``weight``)."""
        G = nx.Graph(date=self.dates[i])
        G.add_nodes_from(self.actors)
        coo = self.weights[i].tocoo()
        pairs = zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist())
        G.add_weighted_edges_from((self.actors[a], self.actors[b], w) for a, b, w in pairs)
        return G

    def index_at(self, day: _dt.date) -> int | None:
        """The index of the last snapshot on or before ``day`` (None before the first)."""
        found = None
        for i, d in enumerate(self.dates):
            if d <= day:
                found = i
        return found


def _ordinal(day: _dt.date | None, unbounded: int) -> int:
    return unbounded if day is None else day.toordinal()


def build_timeline(
    B,
    last: _dt.date,
    multipliers: Mapping[str, float] | None = None,
    *,
    actors: str = DEFAULT_ACTORS,
    dates: Sequence[_dt.date] | None = None,
) -> Timeline:
    """The cooperation weights of ``B`` (every date included) on each snapshot date up to ``last``.

    Parameters
    ----------
    B : networkx.Graph
        The bipartite graph with its whole history
        (:func:`graphkit.analysis.projection.read_history`).
    last : datetime.date
        The last snapshot (the view's date).
    multipliers : dict, optional
        Multipliers per kind overriding the defaults.
    actors : {"states", "all"}
        The actors projected onto.
    dates : sequence of datetime.date, optional
        The snapshot dates; :func:`snapshot_dates` from :func:`first_date` by default.

    Returns
    -------
    Timeline

    Raises
    ------
    graphkit.errors.UsageProblem
        For a bad multiplier or ``actors``.

    Examples
    --------
    Estonia joins NATO in 2004:

    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> B = bipartite_from_rows(
    ...     [{"id": s, "attrs": {}} for s in ("EST", "FRA", "USA")],
    ...     [{"id": "nato", "label": "Organisation", "attrs": {"founded": _dt.date(1949, 4, 4)}}],
    ...     [{"a": "EST", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": _dt.date(2004, 3, 29)}},
    ...      *({"a": s, "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": _dt.date(1949, 8, 24)}} for s in ("FRA", "USA"))])
    >>> tl = build_timeline(B, _dt.date(2005, 1, 1))
    >>> tl.dates[0], len(tl.dates)
    (datetime.date(1949, 12, 31), 57)
    >>> i, j = tl.index_at(_dt.date(2003, 12, 31)), tl.index_at(_dt.date(2004, 12, 31))
    >>> sorted(tl.graph(i).edges(data="weight")), sorted(tl.graph(j)["EST"])
    ([('FRA', 'USA', 1.0)], ['FRA', 'USA'])
    """
    table = check_multipliers(multipliers)
    states, rows = participations(B, table, actors=actors)
    when = list(dates) if dates is not None else snapshot_dates(first_date(B), last)
    index = {s: i for i, s in enumerate(states)}
    forums = sorted({row[1] for row in rows})
    forum_index = {f: k for k, f in enumerate(forums)}
    a = np.array([index[r[0]] for r in rows], dtype=np.int64)
    f = np.array([forum_index[r[1]] for r in rows], dtype=np.int64)
    m = np.array([r[2] for r in rows], dtype=float)
    start = np.array([_ordinal(r[3][0], _ALWAYS) for r in rows], dtype=np.int64)
    end = np.array([_ordinal(r[3][1], _NEVER) for r in rows], dtype=np.int64)
    weights = []
    for day in when:
        o = day.toordinal()
        held = (start <= o) & (o < end)
        dense = np.zeros((len(states), len(forums)))
        np.maximum.at(dense, (a[held], f[held]), m[held])
        weights.append(project_matrix(sp.csr_array(dense))[0])
    return Timeline(when, states, weights, table)


def yearly_scores(timeline: Timeline, metrics: Iterable[str] = YEARLY_METRICS) -> dict[str, np.ndarray]:
    """Per metric, a (snapshots × actors) array of the metric on each snapshot (as :func:`centrality.compute`).

    Parameters
    ----------
    timeline : Timeline
        The snapshots.
    metrics : iterable of str
        Names from :data:`YEARLY_METRICS`.

    Returns
    -------
    dict

    Raises
    ------
    ValueError
        For a metric not in :data:`YEARLY_METRICS`.

    Examples
    --------
    >>> tl = Timeline([_dt.date(2020, 1, 1)], ["A", "B", "C"], [sp.csr_array([[0, 1.0, 0], [0, 0, 0], [0, 0, 0]])], {})
    >>> yearly_scores(tl, ["degree", "strength"])["degree"].tolist()
    [[0.5, 0.5, 0.0]]
    """
    wanted = list(metrics)
    unknown = [m for m in wanted if m not in YEARLY_METRICS]
    if unknown:
        raise ValueError(f"not a yearly metric: {unknown[0]!r} (use {', '.join(YEARLY_METRICS)})")
    out = {m: np.zeros((len(timeline.dates), len(timeline.actors))) for m in wanted}
    for i in range(len(timeline.dates)):
        values = centrality.matrix_scores(timeline.symmetric(i), wanted)
        for m in wanted:
            out[m][i] = values[m]
    return out
