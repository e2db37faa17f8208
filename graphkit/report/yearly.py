"""The cooperation network year by year: density, forums, modularity, leaders, blocs, risers and fallers.

The years are 31 December of each year from ``from_year`` to the year before
the as-of date's, then the as-of date itself
(:func:`graphkit.analysis.timeline.snapshot_dates`), each projected with the
one as-of rule by :func:`graphkit.analysis.timeline.build_timeline`. PageRank
comes from :func:`graphkit.analysis.timeline.yearly_scores` (fast, from the
weight matrices); betweenness and the Louvain communities from
:func:`graphkit.analysis.centrality.compute`, once per year. Communities are
named by :func:`graphkit.analysis.blocs.community_names`, as in the views.

=========== ==================================================================================
column      definition
=========== ==================================================================================
density     ties / (n (n − 1) / 2) over every actor (isolated ones included)
forums      forums with at least two participating actors on that date
modularity  ``nx.community.modularity(G, communities, weight="weight")`` of that year's Louvain
            communities
=========== ==================================================================================
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphkit.analysis import centrality
from graphkit.analysis.blocs import community_names
from graphkit.analysis.projection import participations
from graphkit.analysis.ranking import rank_changes, ranks, sort_key
from graphkit.analysis.timeline import Timeline, build_timeline, snapshot_dates, yearly_scores
from graphkit.vocabulary import DEFAULT_ACTORS, DEFAULT_SEED

#: Leaders listed per year.
TOP = 10
#: Risers and fallers listed.
MOVERS = 5
_NEVER = _dt.date.max.toordinal() + 1
_ALWAYS = _dt.date.min.toordinal() - 1


def year_dates(from_year: int, day: _dt.date) -> list[_dt.date]:
    """31 December of each year from ``from_year`` to the year before ``day``'s, then ``day``.

    Examples
    --------
    >>> year_dates(2024, _dt.date(2026, 12, 2))
    [datetime.date(2024, 12, 31), datetime.date(2025, 12, 31), datetime.date(2026, 12, 2)]
    """
    return snapshot_dates(_dt.date(from_year, 1, 1), day)


def forum_counts(B, dates: Sequence[_dt.date], multipliers=None, *, actors: str = DEFAULT_ACTORS) -> list[int]:
    """The number of forums with at least two participating actors on each date (the relationships that count).

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> B = bipartite_from_rows([{"id": s, "attrs": {}} for s in ("EST", "FRA")],
    ...     [{"id": "nato", "label": "Organisation", "attrs": {}}],
    ...     [{"a": "FRA", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": _dt.date(1949, 8, 24)}},
    ...      {"a": "EST", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": _dt.date(2004, 3, 29)}}])
    >>> forum_counts(B, [_dt.date(2003, 12, 31), _dt.date(2004, 12, 31)])
    [0, 1]
    """
    states, rows = participations(B, multipliers, actors=actors)
    index = {s: i for i, s in enumerate(states)}
    forum_ids = {f: k for k, f in enumerate(sorted({r[1] for r in rows}))}
    pair = np.array([index[r[0]] * len(forum_ids) + forum_ids[r[1]] for r in rows], dtype=np.int64)
    start = np.array([_ALWAYS if r[3][0] is None else r[3][0].toordinal() for r in rows], dtype=np.int64)
    end = np.array([_NEVER if r[3][1] is None else r[3][1].toordinal() for r in rows], dtype=np.int64)
    out = []
    for day in dates:
        o = day.toordinal()
        held = np.unique(pair[(start <= o) & (o < end)])
        out.append(int(np.count_nonzero(np.bincount(held % max(len(forum_ids), 1)) >= 2)) if held.size else 0)
    return out


def year_graph(timeline: Timeline, i: int, nodes: Mapping[Hashable, Mapping[str, Any]]) -> nx.Graph:
    """Snapshot ``i`` of ``timeline`` as a cooperation graph whose actors carry their attributes from ``nodes``.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> tl = Timeline([_dt.date(2020, 1, 1)], ["EST", "FRA"], [sp.csr_array([[0, 1.0], [0, 0]])], {})
    >>> G = year_graph(tl, 0, {"EST": {"name": "Estonia", "bipartite": 0}, "FRA": {"name": "France"}})
    >>> G.nodes["EST"], G["EST"]["FRA"]["weight"]
    ({'name': 'Estonia'}, 1.0)
    """
    G = timeline.graph(i)
    for v in G:
        G.nodes[v].update({k: x for k, x in nodes[v].items() if k != "bipartite"})
    return G


@dataclass(frozen=True)
class Bloc:
    """One named Louvain community: its number, name, members (by PageRank) and their regions (largest first)."""

    number: int
    name: str
    members: tuple[str, ...]
    regions: tuple[tuple[str, int], ...]


def blocs_of(G: nx.Graph, scores: Mapping[Hashable, Mapping[str, Any]], names: Mapping[int, str]) -> tuple[Bloc, ...]:
    """The named communities of ``scores`` (``community`` and ``pagerank`` per actor), largest first.

    Examples
    --------
    >>> G = nx.Graph([("FRA", "DEU"), ("KEN", "NGA")])
    >>> nx.set_node_attributes(G, {"FRA": "Europe", "DEU": "Europe", "KEN": "Africa", "NGA": "Africa"}, "region")
    >>> scores = {"FRA": {"community": 0, "pagerank": 0.3}, "DEU": {"community": 0, "pagerank": 0.2},
    ...           "KEN": {"community": 1, "pagerank": 0.1}, "NGA": {"community": 1, "pagerank": 0.4}}
    >>> blocs_of(G, scores, community_names(G, scores))[1]
    Bloc(number=1, name='NGA · KEN', members=('NGA', 'KEN'), regions=(('Africa', 2),))
    """
    groups: dict[int, list] = {}
    for v, s in scores.items():
        groups.setdefault(int(s["community"]), []).append(v)
    out = []
    for number in sorted(groups):
        members = sorted(groups[number], key=lambda v: (-float(scores[v].get("pagerank") or 0.0), sort_key(v)))
        regions = Counter(G.nodes[v].get("region") or "no region" for v in members)
        ordered = tuple(sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(Bloc(number, names[number], tuple(str(v) for v in members), ordered))
    return tuple(out)


def top(scores: Mapping[Hashable, Mapping[str, Any]], metric: str, n: int = TOP) -> tuple[str, ...]:
    """The ``n`` actors ranked highest by ``metric`` (ties by id).

    Examples
    --------
    >>> top({"A": {"pagerank": 0.2}, "B": {"pagerank": 0.5}, "C": {"pagerank": 0.3}}, "pagerank", 2)
    ('B', 'C')
    """
    rank = ranks(scores, metric)
    return tuple(str(v) for v in sorted(scores, key=lambda v: (rank[v], sort_key(v)))[:n])


@dataclass(frozen=True)
class Year:
    """One year's numbers (at its snapshot date)."""

    date: _dt.date
    actors: int
    ties: int
    density: float
    forums: int
    modularity: float
    blocs: tuple[Bloc, ...]
    top_pagerank: tuple[str, ...]
    top_betweenness: tuple[str, ...]


def score_year(G: nx.Graph, pagerank: Mapping[Hashable, float], seed: int = DEFAULT_SEED) -> dict:
    """Betweenness and the Louvain community of every actor of ``G`` (one :func:`centrality.compute`), with ``pagerank``.

    Examples
    --------
    >>> G = nx.Graph([("A", "B", {"weight": 1.0}), ("B", "C", {"weight": 1.0})])
    >>> score_year(G, {"A": 0.25, "B": 0.5, "C": 0.25})["B"]
    {'betweenness': 1.0, 'community': 0, 'pagerank': 0.5}
    """
    scores = centrality.compute(G, ["betweenness", "community"], seed=seed)
    for v, values in scores.items():
        values["pagerank"] = float(pagerank[v])
    return scores


def year_of(G: nx.Graph, scores: Mapping, names: Mapping[int, str], forums: int) -> Year:
    """The :class:`Year` of one scored snapshot.

    Examples
    --------
    >>> G = nx.Graph([("A", "B", {"weight": 1.0}), ("C", "D", {"weight": 1.0})], date=_dt.date(2020, 12, 31))
    >>> scores = score_year(G, dict.fromkeys("ABCD", 0.25))
    >>> y = year_of(G, scores, community_names(G, scores), 2)
    >>> y.density, round(y.modularity, 3), [b.name for b in y.blocs], y.top_pagerank[:2]
    (0.3333333333333333, 0.5, ['A · B', 'C · D'], ('A', 'B'))
    """
    groups: dict[int, set] = {}
    for v, s in scores.items():
        groups.setdefault(int(s["community"]), set()).add(v)
    modularity = nx.community.modularity(G, groups.values(), weight="weight") if G.number_of_edges() else 0.0
    return Year(
        G.graph["date"], G.number_of_nodes(), G.number_of_edges(), nx.density(G), forums, float(modularity),
        blocs_of(G, scores, names), top(scores, "pagerank"), top(scores, "betweenness"),
    )  # fmt: skip


@dataclass
class History:
    """The years, the first and last snapshots ``(G, scores, names)`` and the states' PageRank ranks per year."""

    years: list[Year]
    first: tuple[nx.Graph, dict, dict[int, str]]
    last: tuple[nx.Graph, dict, dict[int, str]]
    state_ranks: dict[int, dict[str, int]]
    multipliers: dict[str, float]


def state_ranks(timeline: Timeline, pagerank: np.ndarray, states: set) -> dict[int, dict[str, int]]:
    """Year → state → its PageRank rank among the states of that snapshot (1 = highest).

    Examples
    --------
    >>> tl = Timeline([_dt.date(2020, 12, 31)], ["A", "B", "x"], [], {})
    >>> state_ranks(tl, np.array([[0.2, 0.3, 0.5]]), {"A", "B"})
    {2020: {'A': 2, 'B': 1}}
    """
    out = {}
    for i, day in enumerate(timeline.dates):
        values = {v: {"pagerank": float(x)} for v, x in zip(timeline.actors, pagerank[i]) if v in states}
        out[day.year] = ranks(values, "pagerank")
    return out


def history(
    B,
    day: _dt.date,
    from_year: int,
    multipliers=None,
    *,
    actors: str = DEFAULT_ACTORS,
    seed: int = DEFAULT_SEED,
) -> History:
    """The network year by year, from ``from_year`` to ``day`` (``B``: the bipartite graph with every date).

    Parameters
    ----------
    B : networkx.Graph
        :func:`graphkit.analysis.projection.read_history` (forums already excluded).
    day : datetime.date
        The as-of date: the last snapshot.
    from_year : int
        The first year.
    multipliers : dict, optional
        Multipliers per kind.
    actors : {"states", "all"}
        The actors projected onto.
    seed : int
        Seed of Louvain (and of the betweenness pivots above 1000 actors).

    Returns
    -------
    History

    Raises
    ------
    graphkit.errors.UsageProblem
        For a bad multiplier or ``actors``.

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> B = bipartite_from_rows([{"id": s, "attrs": {"region": "Europe"}} for s in ("EST", "FIN", "FRA")],
    ...     [{"id": "nato", "label": "Organisation", "attrs": {}}, {"id": "nb8", "label": "Organisation", "attrs": {}}],
    ...     [{"a": "FRA", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": _dt.date(1949, 8, 24)}},
    ...      {"a": "EST", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": _dt.date(2004, 3, 29)}},
    ...      *({"a": s, "b": "nb8", "rel": "MEMBER_OF", "attrs": {}} for s in ("EST", "FIN"))])
    >>> h = history(B, _dt.date(2005, 6, 30), 2003)
    >>> [(y.date.year, y.ties, y.forums) for y in h.years], h.state_ranks[2003]["FRA"]
    ([(2003, 1, 1), (2004, 2, 2), (2005, 2, 2)], 3)
    """
    dates = year_dates(from_year, day)
    timeline = build_timeline(B, day, multipliers, actors=actors, dates=dates)
    pagerank = yearly_scores(timeline, ["pagerank"])["pagerank"]
    forums = forum_counts(B, dates, multipliers, actors=actors)
    years, snapshots = [], []
    for i in range(len(dates)):
        G = year_graph(timeline, i, B.nodes)
        scores = score_year(G, dict(zip(timeline.actors, pagerank[i].tolist())), seed)
        names = community_names(G, scores)
        years.append(year_of(G, scores, names, forums[i]))
        if i in (0, len(dates) - 1):
            snapshots.append((G, scores, names))
    states = {v for v in timeline.actors if (B.nodes[v].get("label") or "State") == "State"}
    return History(years, snapshots[0], snapshots[-1], state_ranks(timeline, pagerank, states), timeline.multipliers)


def movers(h: History, n: int = MOVERS) -> tuple[list[dict], list[dict]]:
    """The ``n`` biggest risers and fallers in PageRank rank between the first and the last year.

    Rows as :func:`graphkit.analysis.ranking.rank_changes` (``change`` > 0: moved up).

    Examples
    --------
    >>> G = nx.Graph(); G.add_nodes_from(["A", "B", "C"])
    >>> first = (G, {"A": {"pagerank": 0.5}, "B": {"pagerank": 0.3}, "C": {"pagerank": 0.2}}, {})
    >>> last = (G, {"A": {"pagerank": 0.2}, "B": {"pagerank": 0.3}, "C": {"pagerank": 0.5}}, {})
    >>> up, down = movers(History([], first, last, {}, {}), 1)
    >>> (up[0]["id"], up[0]["change"]), (down[0]["id"], down[0]["change"])
    (('C', 2), ('A', -2))
    """
    rows = [r for r in rank_changes(h.first[:2], h.last[:2], "pagerank") if r["change"] is not None]
    risers = sorted((r for r in rows if r["change"] > 0), key=lambda r: (-r["change"], r["rank_to"]))
    fallers = sorted((r for r in rows if r["change"] < 0), key=lambda r: (r["change"], r["rank_to"]))
    return risers[:n], fallers[:n]


def trend_sentences(h: History) -> list[str]:
    """Plain-language sentences on how the network changed between the first and the last year.

    Examples
    --------
    >>> y = lambda day, ties, d, m: Year(day, 3, ties, d, 2, m, (), (), ())
    >>> h = History([y(_dt.date(2000, 12, 31), 1, 0.33, 0.4), y(_dt.date(2001, 6, 1), 3, 1.0, 0.1)], None, None, {}, {})
    >>> trend_sentences(h)[1]
    'Louvain modularity went from 0.400 to 0.100: the blocs are less separate than they were; there are 0 blocs, as in the first year.'
    """
    first, last = h.years[0], h.years[-1]
    span = f"From {first.date.isoformat()} to {last.date.isoformat()}"
    out = [
        f"{span} the cooperation ties went from {first.ties:,} to {last.ties:,} (density {first.density:.3f} → "
        f"{last.density:.3f}) and the forums with at least two participants from {first.forums:,} to {last.forums:,}."
    ]
    trend = "more separate" if last.modularity > first.modularity else "less separate"
    blocs = (
        f"there are {len(last.blocs)} blocs, as in the first year"
        if len(last.blocs) == len(first.blocs)
        else f"{len(first.blocs)} blocs became {len(last.blocs)}"
    )
    out.append(
        f"Louvain modularity went from {first.modularity:.3f} to {last.modularity:.3f}: the blocs are {trend} "
        f"than they were; {blocs}."
    )
    if last.density > 0.9:
        out.append(
            "Universal bodies (the UN, the ITU) tie almost every pair of states, so the density is close to 1 and "
            "says little; a report without them (graphkit report --exclude un,itu) shows the rest of the structure."
        )
    return out
