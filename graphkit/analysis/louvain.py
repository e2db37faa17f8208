"""Louvain communities (Blondel et al. 2008) on NumPy arrays: NetworkX's partition, then improved.

:func:`louvain_communities` runs in three phases.

1. **NetworkX's Louvain, move for move.** The local moving and aggregation
   of ``nx.community.louvain_communities(G, weight, resolution, threshold,
   seed)``, on CSR arrays: the same visit order (one shuffle of the same
   ``random.Random(seed)`` per level), the same neighbour order, the same
   floating-point operations in the same order (the weights to each
   neighbouring community summed by :func:`numpy.bincount`, which adds in
   order like NetworkX's dictionary), the same tie-breaking (the first
   community in neighbour order among equal gains) and the same stopping
   rule. With ``refine=False`` the partition *is* NetworkX's (up to the
   rounding of the modularity that decides, against ``threshold``, whether
   one more level is worth it), about ten times faster on a dense graph.
2. **Multilevel refinement** (Rotta and Noack 2011). Louvain freezes each
   community once it is aggregated, so a node put in the wrong community at
   the first level stays there. The refinement walks back down the levels,
   from the coarsest to the nodes themselves, and moves each unit of a level
   to the neighbouring community with the largest modularity gain while one
   gains; then Louvain aggregates again from the refined partition. Rounds
   repeat while they gain more than ``threshold``.
3. **Perturbations** (an iterated local search): ``perturbations`` times,
   two communities drawn at random are dissolved into single nodes (at most
   half of the nodes), the partition is aggregated and refined again as
   above, and the result is kept if its modularity is higher.

Phases 2 and 3 only accept moves and partitions that raise the modularity,
so the result is never worse than NetworkX's partition for the same seed.
Their moves are made in rounds: the gains of all nodes are computed at once
from a dense node × community matrix of weights, then the nodes that can
gain move one by one, in an order drawn from the seeded generator, each
rechecked when its turn comes; a level is done when no node can gain (above
:data:`MOVE_TOL`, far below any real gain).

The same graph (nodes and edges in the same order) and seed give the same
partition. Isolated nodes each keep a community of their own.

References: V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre,
*Fast unfolding of communities in large networks*, J. Stat. Mech. (2008)
P10008; R. Rotta and A. Noack, *Multilevel local search algorithms for
modularity clustering*, ACM J. Exp. Algorithmics 16 (2011) 2.3.
"""

from __future__ import annotations

from itertools import compress
from operator import itemgetter
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graphkit.vocabulary import DEFAULT_SEED

#: The refinement keeps a dense node × community matrix, and the aggregation a dense
#: community × community table, up to this many entries.
DENSE_MAX = 1 << 21
#: Rounds of refinement followed by aggregation, at most.
MAX_ROUNDS = 20
#: Sweeps of one level's refinement, at most.
MAX_SWEEPS = 1000
#: Perturbations tried after the refinement, and the communities each dissolves.
PERTURBATIONS = 8
DISSOLVED = 2
#: A refinement move must gain more than this fraction of its node's largest possible gain
#: (``degree / m``): far above the rounding of the updated sums, far below any real gain.
MOVE_TOL = 1e-10


class _Level:
    """One level of the hierarchy: a weighted graph in NetworkX's adjacency order.

    ``ptr``/``col``/``w``: the neighbours of each node without its self-loop
    (NetworkX's ``nbrs``), in adjacency order; ``deg``: NetworkX's weighted
    degrees (the self-loop counted twice), as Python floats summed in the same
    order; ``su``/``sv``/``sw``: the edge stream of ``G.edges(data=True)``
    (each edge once, self-loops included).
    """

    __slots__ = ("active", "col", "deg", "n", "ptr", "rows", "su", "sv", "sw", "w")

    def __init__(self, n: int, ptr: np.ndarray, col: np.ndarray, w: np.ndarray):
        self.n = n
        rows = np.repeat(np.arange(n), np.diff(ptr))
        loop = col == rows
        values, bounds = w.tolist(), ptr.tolist()
        loops = np.bincount(rows[loop], weights=w[loop], minlength=n).tolist()
        # G.degree(weight="weight"): sum(d["weight"] for d in nbrs.values()) + the self-loop again
        self.deg: list[float] = [sum(values[bounds[i] : bounds[i + 1]]) + loops[i] for i in range(n)]
        up = col >= rows
        self.su, self.sv, self.sw = rows[up], col[up], w[up]
        if loop.any():
            keep = ~loop
            rows, col, w = rows[keep], col[keep], w[keep]
            ptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
        self.rows, self.col, self.w = rows, col, w
        self.ptr: list[int] = ptr.tolist()
        #: The nodes with neighbours; the others (isolated) are alone in their community for good.
        self.active = np.flatnonzero(np.diff(ptr))


def _from_stream(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> _Level:
    """The graph that ``add_edge(a[i], b[i], weight=w[i])`` builds, edge by edge in this order."""
    rows = np.empty(2 * len(a), dtype=np.intp)
    rows[0::2], rows[1::2] = a, b
    cols = np.empty_like(rows)
    cols[0::2], cols[1::2] = b, a
    weights = np.repeat(w, 2)
    loops = a == b
    if loops.any():  # a self-loop is one adjacency entry
        keep = np.ones(len(rows), dtype=bool)
        keep[1::2] = ~loops
        rows, cols, weights = rows[keep], cols[keep], weights[keep]
    # a stable sort by row keeps each row's partners in the order they were added
    order = np.argsort(rows.astype(np.int16) if n < 1 << 15 else rows, kind="stable")
    counts = np.bincount(rows, minlength=n)
    return _Level(n, np.concatenate(([0], np.cumsum(counts))), cols[order], weights[order])


def _first_level(G, weight: str | None) -> tuple[list, _Level]:
    """The graph NetworkX's Louvain works on: ``add_weighted_edges_from(G.edges(data=weight, default=1))``."""
    nodes = list(G)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    neighbours = [nbrs for _, nbrs in G.adjacency()]
    counts = np.fromiter(map(len, neighbours), dtype=np.intp, count=n)
    cols: list[int] = []
    for nbrs in neighbours:
        cols.extend(map(index.__getitem__, nbrs))
    col = np.asarray(cols, dtype=np.intp)
    rows = np.repeat(np.arange(n), counts)
    up = col >= rows  # G.edges(): each edge once, from its earlier end, in adjacency order
    if weight is None:
        w = np.ones(int(up.sum()))
    else:
        upper, bounds = up.tolist(), np.concatenate(([0], np.cumsum(counts))).tolist()
        getter = itemgetter(weight)
        values: list[Any] = []
        for i, nbrs in enumerate(neighbours):
            mask, start = upper[bounds[i] : bounds[i + 1]], len(values)
            try:
                values.extend(map(getter, compress(nbrs.values(), mask)))
            except KeyError:  # an edge without the attribute weighs 1
                del values[start:]
                values.extend(d.get(weight, 1) for d in compress(nbrs.values(), mask))
        w = np.asarray(values, dtype=float)
    return nodes, _from_stream(n, rows[up], col[up], w)


def _aggregate(level: _Level, labels: np.ndarray) -> tuple[_Level, np.ndarray]:
    """NetworkX's ``_gen_graph``: one node per community (in label order), weights summed in edge order."""
    _, new = np.unique(labels, return_inverse=True)
    new = new.ravel()
    k = int(new.max()) + 1 if len(new) else 0
    a, b = new[level.su], new[level.sv]
    key = np.minimum(a, b) * k + np.maximum(a, b)
    if k * k <= DENSE_MAX:
        weights = np.bincount(key, weights=level.sw, minlength=k * k)
        first = np.full(k * k, len(key))
        np.minimum.at(first, key, np.arange(len(key)))
        pairs = np.flatnonzero(first < len(key))
        pairs = pairs[np.argsort(first[pairs], kind="stable")]
        at, summed = first[pairs], weights[pairs]
    else:
        _, at, inverse = np.unique(key, return_index=True, return_inverse=True)
        summed = np.bincount(inverse.ravel(), weights=level.sw)
        order = np.argsort(at, kind="stable")
        at, summed = at[order], summed[order]
    return _from_stream(k, a[at], b[at], summed), new


def _modularity(level: _Level, labels: np.ndarray, m: float, resolution: float) -> float:
    """The modularity of ``labels`` on ``level`` (NetworkX's ``modularity``)."""
    inside = float(level.sw[labels[level.su] == labels[level.sv]].sum())
    totals = np.bincount(labels, weights=np.asarray(level.deg), minlength=level.n)
    return inside / m - resolution * float(totals @ totals) / (2 * m) ** 2


def _move_nodes(level: _Level, m: float, resolution: float, rng, labels: np.ndarray | None = None):
    """NetworkX's ``_one_level``: (labels, improved). With ``labels``, start from that partition."""
    n = level.n
    node2com = np.arange(n) if labels is None else labels.copy()
    deg = level.deg
    Stot = np.bincount(node2com, weights=np.asarray(deg), minlength=n) if labels is not None else np.array(deg)
    ptr, col, w = level.ptr, level.col, level.w
    two_m2 = 2 * m**2
    scratch = np.zeros(n)
    order = list(range(n))
    rng.shuffle(order)
    improved = False
    moves = 1
    while moves:
        moves = 0
        for u in order:
            s, e = ptr[u], ptr[u + 1]
            cu = node2com[u]
            d = deg[u]
            Stot[cu] -= d
            if s == e:  # no neighbours: the only candidate is its own community
                Stot[cu] += d
                continue
            coms = node2com[col[s:e]]
            if n <= 8 * (e - s) + 2048:
                wc = np.bincount(coms, weights=w[s:e], minlength=n)
                gain, own_w = wc[coms], wc[cu]
            else:  # a short row of a large graph: accumulate in place, then clear
                np.add.at(scratch, coms, w[s:e])
                gain, own_w = scratch[coms], scratch[cu]
                scratch[coms] = 0.0
            remove = -own_w / m + resolution * (Stot[cu] * d) / two_m2
            gain /= m
            gain += remove
            penalty = Stot[coms]
            penalty *= d
            if resolution != 1:
                penalty *= resolution
            penalty /= two_m2
            gain -= penalty
            j = int(gain.argmax())  # the first of equal gains, in neighbour order
            best = cu
            if gain[j] > 0:
                best = coms[j]
                if best != cu and own_w == 0:
                    # NetworkX also tries its own community, after the neighbours' when none of them is in it
                    own = remove + 0.0 - resolution * (Stot[cu] * d) / two_m2
                    if own > gain[j] and not (coms == cu).any():
                        best = cu
            Stot[best] += d
            if best != cu:
                node2com[u] = best
                moves += 1
                improved = True
    return node2com, improved


def _refine_dense(level: _Level, labels: np.ndarray, m: float, resolution: float, rng) -> np.ndarray:
    """Local moving from ``labels`` with a dense node × community matrix, in rounds (see the module).

    Only the nodes with neighbours take part; the isolated ones each keep a community of their own.
    """
    active = level.active
    na = len(active)
    _, lab = np.unique(labels[active], return_inverse=True)
    lab = lab.ravel()
    k = int(lab.max()) + 1 if na else 0
    position = np.zeros(level.n, dtype=np.intp)
    position[active] = np.arange(na)
    # the rows of the isolated nodes are empty: the CSR arrays of the active rows are the same arrays
    col, w = position[level.col], level.w
    ptr = np.concatenate(([0], np.cumsum(np.diff(level.ptr)[active])))
    bounds = ptr.tolist()
    deg = np.asarray(level.deg)[active]
    K = sp.csr_array((w, lab[col], ptr), shape=(na, k)).toarray()  # sums repeated entries
    Stot = np.bincount(lab, weights=deg, minlength=k)
    factor = resolution * deg / (2 * m**2)
    tol = MOVE_TOL * np.abs(deg) / m
    nodes = np.arange(na)
    for _ in range(MAX_SWEEPS if na else 0):
        stay = K[nodes, lab] / m - factor * (Stot[lab] - deg)
        join = K / m - factor[:, None] * Stot[None, :]
        join[K == 0] = -np.inf
        join[nodes, lab] = -np.inf
        movers = np.flatnonzero(join.max(axis=1) - stay > tol).tolist()
        if not movers:
            break
        rng.shuffle(movers)
        moved = 0
        for u in movers:
            cu = lab[u]
            Stot[cu] -= deg[u]
            row = K[u]
            gain = row / m - factor[u] * Stot
            here = gain[cu]
            gain[row == 0] = -np.inf
            gain[cu] = -np.inf
            j = int(gain.argmax())
            if gain[j] - here > tol[u]:
                lab[u] = j
                Stot[j] += deg[u]
                s, e = bounds[u], bounds[u + 1]
                K[col[s:e], cu] -= w[s:e]
                K[col[s:e], j] += w[s:e]
                moved += 1
            else:
                Stot[cu] += deg[u]
        if not moved:
            break
        live = np.flatnonzero(np.bincount(lab, minlength=k))
        if len(live) < k:  # drop the emptied communities: the next screening is cheaper
            k = len(live)
            relabel = np.zeros(len(Stot), dtype=np.intp)
            relabel[live] = np.arange(k)
            lab, K, Stot = relabel[lab], K[:, live], Stot[live]
    out = np.arange(level.n) + k  # the isolated nodes: labels of their own
    out[active] = lab
    return out


def _refine(level: _Level, labels: np.ndarray, m: float, resolution: float, rng) -> np.ndarray:
    """Move the nodes of ``level`` from the partition ``labels`` while one gains."""
    k = len(np.unique(labels[level.active]))
    if len(level.active) * k <= DENSE_MAX:
        return _refine_dense(level, labels, m, resolution, rng)
    return _move_nodes(level, m, resolution, rng, labels)[0]


def _coarsen(levels: list, members: list, m: float, resolution: float, threshold: float, rng, labels, mod=None):
    """NetworkX's level loop from ``levels[-1]``, whose partition ``labels`` has modularity ``mod``.

    Appends the aggregated levels and the maps from the first level's nodes
    to theirs; returns the labels of the first level's nodes and their
    modularity. With ``mod``, the nodes of each new level move as in
    NetworkX (this is NetworkX's loop); without, the first aggregation is
    always made and the nodes move by :func:`_refine` (the refinement's
    aggregations, where only the modularity matters).
    """
    exact = mod is not None
    while True:
        result = labels[members[-1]]
        level, new = _aggregate(levels[-1], labels)
        new_mod = _modularity(level, np.arange(level.n), m, resolution)  # the same partition, fewer ties
        if mod is not None and new_mod - mod <= threshold:
            return result, new_mod
        mod = new_mod
        levels.append(level)
        members.append(new[members[-1]])
        if exact:
            labels, improved = _move_nodes(level, m, resolution, rng)
        else:
            labels = _refine(level, np.arange(level.n), m, resolution, rng)
            improved = len(np.unique(labels)) < level.n
        if not improved:
            return result, new_mod


def _refine_levels(levels: list, members: list, labels, mod: float, m: float, resolution: float, threshold: float, rng):
    """Multilevel refinement of ``labels`` (modularity ``mod``), then aggregation again, in rounds.

    Returns the best labels met and their modularity.
    """
    first = levels[0]
    best, best_mod = labels, mod
    for _ in range(MAX_ROUNDS):
        labels = best
        for level, member in zip(levels[::-1], members[::-1]):  # the coarsest level first
            on_level = np.empty(level.n, dtype=np.intp)
            on_level[member] = labels
            labels = _refine(level, on_level, m, resolution, rng)[member]
        levels, members = [first], [members[0]]
        labels, mod = _coarsen(levels, members, m, resolution, threshold, rng, labels)
        gained = mod - best_mod
        if gained > 0:
            best, best_mod = labels, mod
        if gained <= threshold:
            break
    return best, best_mod


def _dissolve(labels: np.ndarray, level: _Level, rng) -> np.ndarray | None:
    """``labels`` with two communities drawn by ``rng`` split into single nodes.

    At most half of the nodes with ties (drawn from the two) are set
    apart, so that a giant community does not bring back the whole graph.
    """
    tied = np.unique(labels[level.active]).tolist()
    if not tied:
        return None
    members = np.flatnonzero(np.isin(labels, rng.sample(tied, min(DISSOLVED, len(tied)))))
    most = max(2, len(level.active) // 2)
    if len(members) > most:
        members = np.sort(rng.sample(members.tolist(), most))
    out = labels.copy()
    out[members] = labels.max() + 1 + np.arange(len(members))
    return out


def louvain_communities(
    G,
    weight: str | None = "weight",
    resolution: float = 1,
    threshold: float = 1e-7,
    seed: Any = DEFAULT_SEED,
    *,
    refine: bool = True,
    perturbations: int = PERTURBATIONS,
) -> list[set]:
    """Louvain communities of an undirected graph: NetworkX's partition, then improved (see the module).

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph (a multigraph's parallel edges are summed, as NetworkX does).
    weight : str or None, default "weight"
        The edge attribute holding the weight; an edge without it, or every
        edge with ``None``, weighs 1.
    resolution : float, default 1
        The modularity resolution γ: below 1 favours larger communities, above 1 smaller ones.
    threshold : float, default 1e-7
        A level (and a refinement round) must raise the modularity by more
        than this for the next one to run.
    seed : int, random.Random or None, default :data:`graphkit.vocabulary.DEFAULT_SEED`
        Seed of the visit orders (as NetworkX's ``seed``): the same graph and
        seed give the same partition; ``None`` draws from the global generator.
    refine : bool, default True
        Improve NetworkX's partition (phases 2 and 3 of the module); ``False``
        returns ``nx.community.louvain_communities(G, weight, resolution, threshold, seed)``.
    perturbations : int, default :data:`PERTURBATIONS`
        Perturbations tried in phase 3 (0: refinement only).

    Returns
    -------
    list of set
        The communities, a partition of the nodes of ``G``, in the order of
        their first node in ``G``.

    Raises
    ------
    networkx.NetworkXNotImplemented
        If ``G`` is directed.

    Examples
    --------
    Two triangles joined by one tie, and a node on its own:

    >>> import networkx as nx
    >>> G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("C", "D"), ("D", "E"), ("E", "F"), ("D", "F")])
    >>> G.add_node("G")
    >>> [sorted(c) for c in louvain_communities(G)]
    [['A', 'B', 'C'], ['D', 'E', 'F'], ['G']]

    Weights count: a heavy bridge holds its two ends together (unless weights are ignored).

    >>> G["C"]["D"]["weight"] = 5
    >>> [sorted(c) for c in louvain_communities(G)]
    [['A', 'B'], ['C', 'D'], ['E', 'F'], ['G']]
    >>> [sorted(c) for c in louvain_communities(G, weight=None)]
    [['A', 'B', 'C'], ['D', 'E', 'F'], ['G']]

    Without refinement this is NetworkX's partition, for any seed:

    >>> K = nx.karate_club_graph()
    >>> all(
    ...     sorted(map(sorted, louvain_communities(K, seed=s, refine=False)))
    ...     == sorted(map(sorted, nx.community.louvain_communities(K, seed=s)))
    ...     for s in range(10)
    ... )
    True
    """
    if G.is_directed():
        raise nx.NetworkXNotImplemented("louvain_communities is not implemented for directed graphs")
    rng = nx.utils.create_py_random_state(seed)
    if G.is_multigraph():
        H = nx.Graph()
        H.add_nodes_from(G)
        for u, v, wt in G.edges(data=weight, default=1):
            if H.has_edge(u, v):
                H[u][v]["weight"] += wt
            else:
                H.add_edge(u, v, weight=wt)
        G, weight = H, "weight"
    nodes, first = _first_level(G, weight)
    m = sum(first.deg) / 2
    if len(first.su) == 0 or m == 0:
        return [{v} for v in nodes]
    n = first.n
    levels, members = [first], [np.arange(n)]
    mod = _modularity(first, members[0], m, resolution)
    labels, _ = _move_nodes(first, m, resolution, rng)
    best, best_mod = _coarsen(levels, members, m, resolution, threshold, rng, labels, mod)
    if refine:
        best, best_mod = _refine_levels(levels, members, best, best_mod, m, resolution, threshold, rng)
        for _ in range(perturbations):
            trial = _dissolve(best, first, rng)
            if trial is None:
                break
            levels, members = [first], [members[0]]
            trial, trial_mod = _coarsen(levels, members, m, resolution, threshold, rng, trial)
            trial, trial_mod = _refine_levels(levels, members, trial, trial_mod, m, resolution, threshold, rng)
            if trial_mod > best_mod:
                best, best_mod = trial, trial_mod
    _, first_at, inverse = np.unique(best, return_index=True, return_inverse=True)
    rank = np.empty(len(first_at), dtype=np.intp)
    rank[np.argsort(first_at)] = np.arange(len(first_at))
    out: list[set] = [set() for _ in first_at]
    for v, c in zip(nodes, rank[inverse.ravel()].tolist()):
        out[c].add(v)
    return out
