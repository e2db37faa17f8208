"""Ranks and the rows that show them: scores sorted by rank, the top N, rank changes, runs.

Functions of the scores computed by :mod:`graphkit.analysis.centrality`; they
shape the rows that :mod:`graphkit.output` prints, so every command shows
ranks the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphkit.data.dates import as_of_text
from graphkit.vocabulary import METRICS

#: Rank given to a state that has none (absent at one date), for sorting only.
UNRANKED = 10**9


def sort_key(v: Any) -> tuple:
    """A key that sorts node ids of mixed types (strings first, alphabetically).

    Examples
    --------
    >>> sorted(["b", 2, "a", 1], key=sort_key)
    ['a', 'b', 1, 2]
    """
    return ("", v) if isinstance(v, str) else (type(v).__name__, v)


def ranks(scores: Mapping[Any, Mapping[str, float]], metric: str = "pagerank", digits: int = 12) -> dict[Any, int]:
    """Competition ranks (1 = highest) of ``metric``; values equal to ``digits`` significant digits tie.

    Parameters
    ----------
    scores : dict
        ``{state: {metric: value}}`` as computed by :func:`graphkit.analysis.centrality.compute`.
    metric : str
        The metric to rank by.
    digits : int
        Significant digits at which two values count as equal.

    Raises
    ------
    KeyError
        If a state has no value for ``metric``.

    Examples
    --------
    >>> ranks({"A": {"pagerank": 0.5}, "B": {"pagerank": 0.25}, "C": {"pagerank": 0.25}})
    {'A': 1, 'B': 2, 'C': 2}
    """

    def key(v):
        return float(f"{scores[v][metric]:.{digits}g}")

    order = sorted(scores, key=lambda v: (-key(v), sort_key(v)))
    out: dict[Any, int] = {}
    previous, rank = None, 0
    for position, v in enumerate(order, start=1):
        if key(v) != previous:
            rank, previous = position, key(v)
        out[v] = rank
    return {v: out[v] for v in scores}


def rank_metric(metrics: Iterable[str]) -> str:
    """The metric that orders a table of ``metrics``: PageRank if there, else the first ranked one.

    Examples
    --------
    >>> rank_metric(["degree", "pagerank"]), rank_metric(["community", "strength"]), rank_metric(["community"])
    ('pagerank', 'strength', 'community')
    """
    metrics = list(metrics)
    if "pagerank" in metrics:
        return "pagerank"
    return next((m for m in metrics if m != "community"), metrics[0])


def actor_details(G, v: Any) -> dict[str, Any]:
    """``{label, kind}`` of node ``v`` of ``G`` (a State has no kind: ``None``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_node("acme", label="Stakeholder", kind="company"); G.add_node("FRA")
    >>> actor_details(G, "acme"), actor_details(G, "FRA")
    ({'label': 'Stakeholder', 'kind': 'company'}, {'label': 'State', 'kind': None})
    """
    data = G.nodes[v]
    label = data.get("label") or "State"
    return {"label": label, "kind": data.get("kind") if label != "State" else None}


def score_records(
    G,
    scores: Mapping[Any, Mapping[str, Any]],
    metrics: Iterable[str],
    top: int | None = None,
    *,
    details: bool = False,
    names: Mapping[int, str] | None = None,
) -> list[dict]:
    """One row per actor, sorted by rank: ``{rank, id, name, <metric>: value, ...}``; only the ``top`` N if given.

    Ranked by :func:`rank_metric`; with only ``community``, sorted by community
    number and numbered 1, 2, ….

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph the scores belong to (for the states' names).
    scores : dict
        ``{state: {metric: value}}``.
    metrics : iterable of str
        The metrics to show, in :data:`graphkit.vocabulary.METRICS` order.
    top : int, optional
        Keep only the first ``top`` rows.
    details : bool, default False
        Also give each row the actor's ``label`` and ``kind`` (:func:`actor_details`).
    names : dict, optional
        Community number → name (:func:`graphkit.analysis.blocs.community_names`):
        rows with ``community`` also get ``community_name`` after it.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_node("FRA", name="France"); G.add_node("DEU", name="Germany")
    >>> score_records(G, {"FRA": {"community": 0}}, ["community"], names={0: "FRA · DEU"})
    [{'rank': 1, 'id': 'FRA', 'name': 'France', 'community': 0, 'community_name': 'FRA · DEU'}]
    >>> score_records(G, {"FRA": {"pagerank": 0.4}, "DEU": {"pagerank": 0.6}}, ["pagerank"], top=1)
    [{'rank': 1, 'id': 'DEU', 'name': 'Germany', 'pagerank': 0.6}]
    >>> score_records(G, {"FRA": {"pagerank": 1.0}}, ["pagerank"], details=True)
    [{'rank': 1, 'id': 'FRA', 'name': 'France', 'label': 'State', 'kind': None, 'pagerank': 1.0}]
    """
    wanted = [m for m in METRICS if m in set(metrics)]
    key = rank_metric(wanted)
    if key == "community":
        order = sorted(scores, key=lambda v: (scores[v][key], sort_key(v)))
        rank = {v: i for i, v in enumerate(order, start=1)}
    else:
        rank = ranks(scores, key)
        order = sorted(scores, key=lambda v: (rank[v], sort_key(v)))
    rows = [
        {
            "rank": rank[v],
            "id": v,
            "name": G.nodes[v].get("name"),
            **(actor_details(G, v) if details else {}),
            **_metric_values(scores[v], wanted, names),
        }
        for v in order
    ]
    return rows[:top] if top else rows


def _metric_values(values: Mapping[str, Any], wanted: list[str], names: Mapping[int, str] | None) -> dict:
    """The row's metrics in order, with ``community_name`` after ``community`` when names are given."""
    out: dict[str, Any] = {}
    for m in wanted:
        out[m] = values[m]
        if m == "community" and names is not None:
            out["community_name"] = names.get(values[m])
    return out


def graph_note(G) -> str:
    """One line saying what a table of scores was computed on.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("FRA", "DEU")], as_of=None, excluded=["un"], betweenness_pivots=None)
    >>> graph_note(G)
    '2 states, 1 ties, as of latest; excluding un'
    >>> G.add_node("acme", label="Stakeholder"); G.graph["actors"] = "all"
    >>> graph_note(G)
    '3 actors (2 states, 1 stakeholders), 1 ties, as of latest; excluding un'
    """
    note = f"{_actor_count(G)}, {G.number_of_edges()} ties, as of {as_of_text(G.graph.get('as_of'))}"
    pivots = G.graph.get("betweenness_pivots")
    if pivots and "betweenness" in G.graph.get("metrics", ()):
        note += f"; betweenness sampled with {pivots} pivots"
    if G.graph.get("excluded"):
        note += f"; excluding {', '.join(G.graph['excluded'])}"
    return note


def _actor_count(G) -> str:
    """``N states``, or with ``actors="all"`` ``N actors (S states, K stakeholders)``."""
    n = G.number_of_nodes()
    if G.graph.get("actors", "states") == "states":
        return f"{n} states"
    states = sum(1 for _, d in G.nodes(data=True) if (d.get("label") or "State") == "State")
    return f"{n} actors ({states} states, {n - states} stakeholders)"


def rank_changes(
    before: tuple[Any, Mapping[Any, Mapping[str, float]]],
    after: tuple[Any, Mapping[Any, Mapping[str, float]]],
    metric: str = "pagerank",
    top: int | None = None,
    *,
    details: bool = False,
) -> list[dict]:
    """Rank changes of ``metric`` between two scored graphs, sorted by the later rank.

    Each row: ``{id, name, rank_from, rank_to, change, value_from, value_to}``;
    ``change`` = ``rank_from − rank_to`` (positive = moved up; ``None`` when the
    state is absent at one date). With ``top``, only states in the top N at
    either date.

    Parameters
    ----------
    before, after : tuple
        ``(G, scores)`` at the earlier and the later date.
    metric : str
        The metric whose ranks are compared.
    top : int, optional
        Keep states ranked ``top`` or better at either date.
    details : bool, default False
        Also give each row the actor's ``label`` and ``kind`` (:func:`actor_details`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_nodes_from(["A", "B"])
    >>> rows = rank_changes((G, {"A": {"pagerank": 0.6}, "B": {"pagerank": 0.4}}),
    ...                     (G, {"A": {"pagerank": 0.3}, "B": {"pagerank": 0.7}}))
    >>> [(r["id"], r["rank_from"], r["rank_to"], r["change"]) for r in rows]
    [('B', 2, 1, 1), ('A', 1, 2, -1)]
    """
    (G1, s1), (G2, s2) = before, after
    r1, r2 = ranks(s1, metric), ranks(s2, metric)
    rows = []
    for state in sorted(set(s1) | set(s2), key=lambda v: (r2.get(v, UNRANKED), sort_key(v))):
        G = G2 if state in G2 else G1
        change = (r1[state] - r2[state]) if state in r1 and state in r2 else None
        rows.append(
            {
                "id": state,
                "name": G.nodes[state].get("name"),
                **(actor_details(G, state) if details else {}),
                "rank_from": r1.get(state),
                "rank_to": r2.get(state),
                "change": change,
                "value_from": s1.get(state, {}).get(metric),
                "value_to": s2.get(state, {}).get(metric),
            }
        )
    if top:
        rows = [r for r in rows if min(r["rank_from"] or UNRANKED, r["rank_to"] or UNRANKED) <= top]
    return rows
