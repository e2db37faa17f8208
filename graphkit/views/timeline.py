"""The time slider's data: what a view shows on every date, computed in Python and embedded compactly.

The page's slider (``#gk-timeline``) moves through the years from the
earliest dated fact to the view's last date. For each snapshot date
(31 December of each year, and the view's own date) this module gives:

* **cooperation view** — each drawn tie's weight on that date (the ties of
  that year's backbone, or all ties, with the threshold chosen for the view's
  date), from :class:`graphkit.analysis.timeline.Timeline`;
* **forums view** — each drawn relationship's spells (the intervals in which
  it holds, by :func:`graphkit.analysis.projection.edge_relation_intervals`),
  so the page decides for any date;
* both views — each actor's yearly scores
  (:data:`graphkit.analysis.timeline.YEARLY_METRICS`) and each node's size.

Series are stored as change lists, ``[[snapshot index, value], …]`` with one
entry where the value changes, so a tie that stays the same for forty years
costs one pair. A node is drawn on a date when one of its edges is (or, if it
has no edge at all, when it exists then).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graphkit.analysis.backbone import backbone_mask
from graphkit.analysis.projection import edge_relation_intervals, merge_intervals, node_interval
from graphkit.analysis.timeline import YEARLY_METRICS, Timeline, build_timeline, first_date, yearly_scores
from graphkit.views.style import ACTORS, node_sizes


def _round(value: float) -> float:
    """4 significant digits (what the page shows)."""
    return float(f"{value:.4g}")


def changes(values: Iterable[Any]) -> list[list]:
    """A series as ``[[index, value], …]``, one entry where the value changes (the first always).

    Examples
    --------
    >>> changes([0, 0, 1.5, 1.5, 0])
    [[0, 0], [2, 1.5], [4, 0]]
    """
    out: list[list] = []
    last: Any = object()
    for i, value in enumerate(values):
        if value != last:
            out.append([i, value])
            last = value
    return out


def _iso(day: _dt.date | None) -> str | None:
    return None if day is None or day in (_dt.date.max, _dt.date.min) else day.isoformat()


def snapshot_list(B: nx.Graph, day: _dt.date) -> list[_dt.date]:
    """The snapshot dates of a view of ``B`` on ``day``: year ends from the first fact to today, and ``day``.

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> B = bipartite_from_rows([{"id": "FRA", "attrs": {}}], [{"id": "un", "label": "Organisation",
    ...     "attrs": {"founded": _dt.date(2023, 10, 24)}}], [{"a": "FRA", "b": "un", "rel": "MEMBER_OF", "attrs": {}}])
    >>> [d.isoformat() for d in snapshot_list(B, _dt.date(2024, 6, 1)) if d.year <= 2024]
    ['2023-12-31', '2024-06-01', '2024-12-31']
    """
    today = _dt.date.today()
    last = max(today, day)
    first = first_date(B)
    years = range(min(first.year if first else day.year, day.year), last.year)
    return sorted({*(_dt.date(y, 12, 31) for y in years), day, last})


# -- the cooperation view -------------------------------------------------------------------
def _drawn_pairs(tl: Timeline, alpha: float | None, min_weight: float | None, keep: set[Hashable]) -> list:
    """Per snapshot, the upper-triangular 0/1 matrix of the ties drawn (backbone or all, ≥ min_weight)."""
    index = np.array([a in keep for a in tl.actors], dtype=float)
    K = sp.diags_array(index)
    out = []
    for i in range(len(tl.dates)):
        A = tl.symmetric(i)
        mask = backbone_mask(A, alpha) if alpha is not None and A.nnz else (A > 0).astype(float)
        if min_weight is not None:
            mask = mask.multiply(min_weight <= A)
        out.append(sp.triu(K @ sp.csr_array(mask) @ K, k=1).tocsr())
    return out


def cooperation_timeline(
    H: nx.Graph, G: nx.Graph, day: _dt.date, *, multipliers, actors: str, min_weight: float | None
) -> tuple[dict, list[tuple[Hashable, Hashable]]]:
    """The slider's data for the cooperation view drawn as ``G`` on ``day``, from the history ``H``.

    Returns the payload part (``dates``, ``edges`` keyed by the position of
    each edge — those of ``G`` first, in ``G.edges`` order, then the extra
    ones) and the extra ties: drawn on some other date but not on ``day``.
    """
    dates = snapshot_list(H, day)
    tl = build_timeline(H, dates[-1], multipliers, actors=actors, dates=dates)
    drawn = _drawn_pairs(tl, G.graph.get("backbone_alpha"), min_weight, set(G))
    union = drawn[0].copy()
    for M in drawn[1:]:
        union = union + M
    index = {a: i for i, a in enumerate(tl.actors)}
    pairs = [(u, v) for u, v in G.edges]
    seen = {frozenset(p) for p in pairs}
    coo = sp.triu(union, k=1).tocoo()
    extra = [(tl.actors[a], tl.actors[b]) for a, b in zip(coo.row.tolist(), coo.col.tolist())]
    extra = [p for p in extra if frozenset(p) not in seen]
    rows = np.array([min(index[u], index[v]) for u, v in [*pairs, *extra]], dtype=np.int64)
    cols = np.array([max(index[u], index[v]) for u, v in [*pairs, *extra]], dtype=np.int64)
    series = np.zeros((len(dates), len(rows)))
    for i, (W, M) in enumerate(zip(tl.weights, drawn)):
        if len(rows):
            series[i] = np.asarray(W[rows, cols]).ravel() * np.asarray(M[rows, cols]).ravel()
    edges = {str(k): changes(_round(w) for w in series[:, k].tolist()) for k in range(len(rows))}
    return {"dates": [d.isoformat() for d in dates], "edges": edges, **_actor_series(tl, G, dates)}, extra


def _actor_series(tl: Timeline, G: nx.Graph, dates: Sequence[_dt.date]) -> dict:
    """Each drawn actor's yearly scores as change lists."""
    scores = yearly_scores(tl, YEARLY_METRICS)
    position = {a: i for i, a in enumerate(tl.actors)}
    drawn = [n for n in G if n in position]
    out: dict[str, dict[str, list]] = {m: {} for m in YEARLY_METRICS}
    for m in YEARLY_METRICS:
        for n in drawn:
            out[m][str(n)] = changes(_round(v) for v in scores[m][:, position[n]].tolist())
    return {"scores": out, "metrics": list(YEARLY_METRICS), "_scores": (scores, position)}


# -- the forums view ---------------------------------------------------------------------------
def edge_spells(H: nx.Graph, u: Hashable, v: Hashable) -> list[list]:
    """The intervals in which the edge ``u``–``v`` of the history ``H`` holds, merged, as ``[[from, to], …]``.

    ``None`` stands for unbounded; ``to`` is excluded.

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> B = bipartite_from_rows([{"id": "RUS", "attrs": {}}], [{"id": "g8", "label": "Organisation", "attrs": {}}],
    ...     [{"a": "RUS", "b": "g8", "rel": "MEMBER_OF", "attrs": {"since": _dt.date(1997, 6, 20), "until": _dt.date(2014, 3, 24)}}])
    >>> edge_spells(B, "RUS", "g8")
    [['1997-06-20', '2014-03-24']]
    """
    low, high = _dt.date.min, _dt.date.max
    spans = sorted((s or low, e or high) for _, (s, e) in edge_relation_intervals(H, u, v) if (s or low) < (e or high))
    return [[_iso(s), _iso(e)] for s, e in merge_intervals(spans)]


def _held(spells: list[list], day: str) -> bool:
    return any((s is None or s <= day) and (e is None or day < e) for s, e in spells)


def forums_timeline(H: nx.Graph, G: nx.Graph, day: _dt.date, *, multipliers, actors: str) -> dict:
    """The slider's data for the forums view drawn as ``G`` (a part of the history ``H``) on ``day``."""
    dates = snapshot_list(H, day)
    spells = [edge_spells(H, u, v) for u, v in G.edges]
    nodes = {str(n): [_iso(node_interval(d)[0]), None] for n, d in G.nodes(data=True) if d.get("label") not in ACTORS}
    tl = build_timeline(H, dates[-1], multipliers, actors=actors, dates=dates)
    series = _actor_series(tl, G, dates)
    return {"dates": [d.isoformat() for d in dates], "spells": spells, "nodes": nodes, **series}


# -- sizes ---------------------------------------------------------------------------------------
def sizes_over_time(
    part: dict, G: nx.Graph, labels: Mapping[Hashable, str], size_by: str, visible_edges: Sequence[Sequence[bool]]
) -> dict[str, list]:
    """Each node's size per snapshot as change lists (``size_by`` of that year, forums by their edges then).

    ``visible_edges[i][k]`` says whether edge ``k`` (in ``G.edges`` order, extra ones after) is drawn on snapshot ``i``.
    """
    scores, position = part.pop("_scores")
    if size_by not in YEARLY_METRICS and size_by != "none":
        return {}
    edges = list(G.edges)
    out: dict[str, list] = {str(n): [] for n in G}
    for i in range(len(part["dates"])):
        F = nx.Graph()
        F.add_nodes_from(G)
        F.add_edges_from(e for e, shown in zip(edges, visible_edges[i]) if shown)
        values = {n: {size_by: float(scores[size_by][i, position[n]])} for n in G if n in position}
        for n, size in node_sizes(F, labels, values, size_by).items():
            out[str(n)].append(size)
    return {n: changes(v) for n, v in out.items()}


def visible_matrix(part: dict, count: int) -> list[list[bool]]:
    """Per snapshot, whether each edge is drawn (from the cooperation weights or the forums' spells)."""
    if "edges" in part:
        series = [dict(map(tuple, part["edges"][str(k)])) for k in range(count)]
        out = []
        for i in range(len(part["dates"])):
            row = []
            for s in series:
                last = max((j for j in s if j <= i), default=None)
                row.append(last is not None and s[last] > 0)
            out.append(row)
        return out
    return [[_held(sp_, d) for sp_ in part["spells"]] for d in part["dates"]]


# -- the view --------------------------------------------------------------------------------------
def _node_visible(G: nx.Graph, edge_shown: Mapping[frozenset, bool], node: Hashable, day: str, spells: Mapping) -> bool:
    """A node is drawn when one of its edges is; a node with no edge at all when it exists on ``day``."""
    if G.degree(node) == 0:
        start = spells.get(str(node), [None, None])[0]
        return start is None or start <= day
    return any(edge_shown.get(frozenset((node, other)), False) for other in G[node])


def add_timeline(
    drawing: Any,
    nodes: list[dict],
    edges: list[dict],
    edge_info: list,
    H: nx.Graph,
    day: _dt.date,
    options: Any,
    multipliers: Mapping[str, float],
) -> tuple[dict, tuple[int, int]]:
    """Give a view its slider: the payload part, extra (hidden) ties, and ``hidden`` on what ``day`` does not show.

    Parameters
    ----------
    drawing : graphkit.views.build._Drawing
        The drawn graph with its labels.
    nodes, edges, edge_info : list
        vis-network's items and the edge details, changed in place.
    H : networkx.Graph
        The history of the included part of the graph.
    day : datetime.date
        The view's date.
    options : graphkit.views.build.ViewOptions
        The view's options.
    multipliers : dict
        The full multiplier table.

    Returns
    -------
    tuple
        The ``timeline`` payload and the numbers of nodes and edges drawn on ``day``.
    """
    G = drawing.graph
    if options.view == "cooperation":
        part, extra = cooperation_timeline(
            H, G, day, multipliers=multipliers, actors=options.actors, min_weight=options.min_weight
        )
        for u, v in extra:
            edges.append({"id": len(edges), "from": str(u), "to": str(v), "width": 0.4})
            edge_info.append([None, None])
    else:
        part = forums_timeline(H, G, day, multipliers=multipliers, actors=options.actors)
        extra = []
    visible = visible_matrix(part, len(edges))
    F = nx.Graph()
    F.add_nodes_from(G)
    F.add_edges_from([*G.edges, *extra])
    part["sizes"] = sizes_over_time(part, F, drawing.labels, options.size_by, visible)
    now = part["dates"].index(day.isoformat())
    shown = {frozenset((e["from"], e["to"])): visible[now][k] for k, e in enumerate(edges)}
    for k, e in enumerate(edges):
        e["hidden"] = not visible[now][k]
    spells = part.get("nodes", {})
    for n in nodes:
        n["hidden"] = not _node_visible(F, shown, n["id"], day.isoformat(), spells)
    part.update(start=now, first=int(part["dates"][0][:4]), width=[0.4, 5.6])
    counts = (sum(not n["hidden"] for n in nodes), sum(not e["hidden"] for e in edges))
    return part, counts
