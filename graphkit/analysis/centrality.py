"""Cooperation centrality of states: NetworkX's definitions, computed on sparse matrices.

Every function takes the cooperation graph ``G`` of
:func:`graphkit.analysis.projection.cooperation_graph` (any undirected NetworkX graph
with positive ``weight`` edge attributes works) and returns
``{node: value}`` for **every** node: isolated states are present, with 0
(PageRank gives them its teleportation floor, so that PageRank still sums to
1; Louvain puts each of them in a community of its own).

=========== =========================================================================
metric      definition (the same as NetworkX's function of the same name)
=========== =========================================================================
degree      ``nx.degree_centrality``: number of partners / (n − 1)
strength    weighted degree: the sum of the weights of a state's ties
betweenness ``nx.betweenness_centrality(G, weight=1/weight, normalized=True)`` (Brandes);
            exact up to :data:`EXACT_BETWEENNESS_MAX` states, else sampled with ``k``
            seeded pivots, exactly as ``nx.betweenness_centrality(..., k=k, seed=seed)``
closeness   ``nx.closeness_centrality(G, distance=1/weight)`` (Wasserman–Faust scaling)
eigenvector principal eigenvector of the weighted adjacency matrix, L2 norm 1
            (``nx.eigenvector_centrality_numpy``; also defined on disconnected graphs, see
            :func:`eigenvector`)
pagerank    ``nx.pagerank(G, alpha=0.85, weight="weight")``
community   Louvain: :func:`graphkit.analysis.louvain.louvain_communities` (NetworkX's
            ``louvain_communities(G, weight="weight", seed=seed)`` move for move, then
            refined: never a lower modularity), numbered 0, 1, … by decreasing size,
            then by smallest member id
=========== =========================================================================

Distances for betweenness and closeness are ``1 / weight`` (Opsahl, Agneessens
and Skvoretz 2010): a strong tie is a short one. Shortest paths are found with
:func:`scipy.sparse.csgraph.dijkstra`, path counts and dependencies with
vectorised Brandes accumulation; ties between shortest paths are detected with
the same exact floating-point test NetworkX uses, so the results equal
NetworkX's up to rounding (the tests check this).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.linalg import eigh
from scipy.sparse.csgraph import dijkstra
from scipy.sparse.linalg import eigsh

from graphkit.analysis.louvain import louvain_communities
from graphkit.analysis.ranking import sort_key
from graphkit.errors import InvalidData, UsageProblem
from graphkit.vocabulary import DEFAULT_SEED, METRICS

#: Exact betweenness up to this many nodes; sampled above (see :func:`betweenness`).
EXACT_BETWEENNESS_MAX = 1000
#: Pivots used above :data:`EXACT_BETWEENNESS_MAX`.
DEFAULT_PIVOTS = 256
PAGERANK_ALPHA = 0.85


def check_metrics(metrics: Iterable[str] | None) -> tuple[str, ...]:
    """The requested metrics in canonical order (all of them for ``None``).

    Examples
    --------
    >>> check_metrics(["pagerank", "degree"])
    ('degree', 'pagerank')
    >>> check_metrics(["fame"])
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: unknown metric 'fame'
    """

    if metrics is None:
        return METRICS
    wanted = set()
    for name in metrics:
        if name not in METRICS:
            raise UsageProblem(f"unknown metric {name!r}", "use one of: " + ", ".join(METRICS))
        wanted.add(name)
    return tuple(m for m in METRICS if m in wanted)


# -- matrices --------------------------------------------------------------------------
def _matrices(G, weight: str = "weight"):
    """(nodes, weights, distances): the symmetric CSR weight matrix and its 1/weight distances."""

    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    getter = itemgetter(weight)
    if G.is_directed() or G.is_multigraph():
        raise UsageProblem("centrality needs an undirected simple graph", "use cooperation_graph()")
    adjacency = G.adj
    cols: list[int] = []
    vals: list[float] = []
    counts = np.zeros(len(nodes) + 1, dtype=np.int64)
    for i, v in enumerate(nodes):  # the adjacency dicts already hold both directions
        neighbours = adjacency[v]
        cols.extend(map(index.__getitem__, neighbours))
        try:
            vals.extend(map(getter, neighbours.values()))
        except KeyError:
            del vals[len(cols) - len(neighbours) :]
            vals.extend(d.get(weight, 1.0) for d in neighbours.values())
        counts[i + 1] = len(neighbours)
    n = len(nodes)
    indptr = np.cumsum(counts)
    indices = np.asarray(cols, dtype=np.int64)
    data = np.asarray(vals, dtype=float)
    if data.size and (not np.all(np.isfinite(data)) or np.any(data <= 0)):
        raise InvalidData("edge weights must be positive finite numbers", "rebuild the graph with cooperation_graph()")
    A = sp.csr_array((data, indices, indptr), shape=(n, n))
    rows = np.repeat(np.arange(n), np.diff(indptr))
    if np.any(rows == indices):  # a self-loop adds nothing to any of the metrics here
        keep = rows != indices
        A = sp.csr_array((data[keep], (rows[keep], indices[keep])), shape=(n, n))
    A.sort_indices()
    D = A.copy()
    D.data = 1.0 / D.data
    return nodes, A, D


class _Paths:
    """All shortest paths from chosen sources, shared by closeness and betweenness."""

    def __init__(self, D):

        self.D = D
        self.n = D.shape[0]
        self.rows = np.repeat(np.arange(self.n), np.diff(D.indptr))

    def run(self, sources: Sequence[int], closeness: bool, brandes: Sequence[int] | None, batch: int = 64):
        """Dijkstra from ``sources``; closeness for each; Brandes accumulation for those in ``brandes``."""

        close = np.zeros(self.n)
        bc = np.zeros(self.n)
        want = set(brandes or ())
        for start in range(0, len(sources), batch):
            chunk = list(sources[start : start + batch])
            dist = dijkstra(self.D, directed=True, indices=chunk)
            if dist.ndim == 1:
                dist = dist[None, :]
            if closeness:
                finite = np.isfinite(dist)
                reach = finite.sum(axis=1)
                total = np.where(finite, dist, 0.0).sum(axis=1)
                ok = (total > 0) & (self.n > 1)
                value = np.zeros(len(chunk))
                value[ok] = (reach[ok] - 1.0) / total[ok] * ((reach[ok] - 1.0) / (self.n - 1))
                close[chunk] = value
            picked = [i for i, s in enumerate(chunk) if s in want]
            if picked:
                self._accumulate([chunk[i] for i in picked], dist[picked], bc)
        return close, bc

    def _accumulate(self, sources: list[int], dist, bc) -> None:
        """Brandes' dependency accumulation from several sources at once, given their distance rows."""

        D, n = self.D, self.n
        b = len(sources)
        dist = np.where(np.isfinite(dist), dist, np.nan)  # NaN + w never equals anything
        found = []
        for i in range(b):  # one source at a time: its distance row stays in cache
            d = dist[i]
            du = d[self.rows]
            du += D.data
            # the exact test NetworkX applies: dist(s, u) + w(u, v) == dist(s, v)
            found.append(np.flatnonzero(du == d[D.indices]))
        edge = np.concatenate(found)
        if not len(edge):
            return
        which = np.repeat(np.arange(b), [len(f) for f in found])
        offset = which * n  # node v of source i is cell i * n + v
        u = self.rows[edge] + offset
        v = D.indices[edge] + offset
        size = b * n
        start = np.arange(b) * n + np.asarray(sources)
        sigma = np.zeros(size)
        sigma[start] = 1.0
        x = sigma.copy()
        while True:  # sigma = sum over k of (A^T)^k e_s on the shortest-path DAG
            x = np.bincount(v, weights=x[u], minlength=size)
            if not x.any():
                break
            sigma += x
        reached = sigma > 0
        inv = np.zeros(size)
        inv[reached] = 1.0 / sigma[reached]
        y = inv.copy()
        z = inv
        while True:  # y = (1 + delta) / sigma = sum over k of A^k (1 / sigma)
            z = np.bincount(u, weights=z[v], minlength=size)
            if not z.any():
                break
            y += z
        delta = np.where(reached, sigma * y - 1.0, 0.0)
        delta[start] = 0.0
        bc += delta.reshape(b, n).sum(axis=0)


def _rescale_betweenness(bc, n: int, sampled: Sequence[int] | None):
    """NetworkX's normalisation (endpoints excluded), including its correction for sampled sources."""

    N = n - 1
    if N < 2:
        return bc
    if sampled is None:
        return bc / (N * (N - 1))
    k = len(sampled)
    out = bc / (k * (N - 1))
    if k > 1:
        idx = np.asarray(sorted(set(sampled)), dtype=np.int64)
        out[idx] = bc[idx] / ((k - 1) * (N - 1))
    else:
        out[np.asarray(sampled, dtype=np.int64)] = math.nan
    return out


def betweenness_pivots(G, k: int | str | None = "auto", seed: int = DEFAULT_SEED) -> list | None:
    """The source nodes betweenness uses: ``None`` for all (exact), else ``k`` seeded pivots.

    ``k="auto"`` is exact up to :data:`EXACT_BETWEENNESS_MAX` nodes and
    :data:`DEFAULT_PIVOTS` pivots above. The pivots are
    ``random.Random(seed).sample(list(G), k)``, the same NetworkX draws.

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness_pivots(nx.path_graph(5)) is None
    True
    >>> betweenness_pivots(nx.path_graph(5), k=2, seed=1)
    [1, 0]
    """
    n = len(G)
    if k == "auto":
        k = None if n <= EXACT_BETWEENNESS_MAX else DEFAULT_PIVOTS
    if isinstance(k, str):
        raise UsageProblem(f"betweenness pivots must be a number, 'auto' or None, not {k!r}", "use k=256")
    if k is None or k >= n:
        return None
    if k < 1:
        raise UsageProblem(f"betweenness needs at least one pivot, not {k}", "use k ≥ 1 or k=None for exact")
    return random.Random(seed).sample(list(G), int(k))


def betweenness_error_bound(n: int, k: int, confidence: float = 0.95) -> float:
    """Hoeffding bound on the absolute error of one state's sampled normalised betweenness.

    With ``k`` pivots drawn uniformly, a state's estimate is the mean over the
    pivots ``s`` (other than itself) of ``δ_s(v)/(n − 2)``, each a number in
    [0, 1] (a source's dependency on ``v`` is at most ``n − 2``), and its
    expectation is the exact value. By Hoeffding's inequality, with probability
    ``confidence`` the estimate of a given state is within
    ``ε = n/(n − 1) · sqrt(ln(2 / (1 − confidence)) / (2k))`` of the exact
    value (``n/(n − 1)`` is a small conservative allowance for a state that is
    itself a pivot). A worst-case bound: the benchmark reports the much
    smaller error observed.

    Examples
    --------
    >>> round(betweenness_error_bound(2000, 256), 3)
    0.085
    """
    return n / (n - 1) * math.sqrt(math.log(2 / (1 - confidence)) / (2 * k))


def _paths_metrics(nodes, D, closeness: bool, pivots_idx: Sequence[int] | None, want_bc: bool):

    n = len(nodes)
    paths = _Paths(D)
    brandes_sources = (list(range(n)) if pivots_idx is None else list(pivots_idx)) if want_bc else []
    sources = list(range(n)) if closeness else brandes_sources
    close, bc = paths.run(sources, closeness, brandes_sources)
    bc = _rescale_betweenness(bc, n, None if pivots_idx is None else pivots_idx) if want_bc else np.zeros(n)
    return close, bc


# -- the metrics -----------------------------------------------------------------------
def degree(G) -> dict:
    """Degree centrality: the fraction of the other states a state has a tie with.

    Examples
    --------
    >>> import networkx as nx
    >>> degree(nx.Graph([("A", "B"), ("B", "C")]))
    {'A': 0.5, 'B': 1.0, 'C': 0.5}
    """
    n = len(G)
    s = 1.0 / (n - 1) if n > 1 else 0.0
    return {v: d * s for v, d in G.degree()}


def strength(G, weight: str = "weight") -> dict:
    """Strength: the sum of the weights of a state's ties (weighted degree).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_edge("A", "B", weight=0.5); G.add_edge("B", "C", weight=2.0)
    >>> strength(G)
    {'A': 0.5, 'B': 2.5, 'C': 2.0}
    """
    return {v: float(d) for v, d in G.degree(weight=weight)}


def betweenness(G, k: int | str | None = "auto", seed: int = DEFAULT_SEED) -> dict:
    """Normalised betweenness with distance ``1 / weight`` (Brandes 2001).

    Equal to ``nx.betweenness_centrality(G, k=k, seed=seed, weight=lambda u, v, d: 1 / d["weight"])``
    up to rounding. ``k="auto"``: exact up to :data:`EXACT_BETWEENNESS_MAX`
    nodes, :data:`DEFAULT_PIVOTS` seeded pivots above (error bound:
    :func:`betweenness_error_bound`); ``k=None``: exact.

    Examples
    --------
    A triangle A–B–C plus a pendant D on C: C is on every shortest path to D.

    >>> import networkx as nx
    >>> G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("C", "D")])
    >>> {v: round(x, 4) for v, x in betweenness(G).items()}
    {'A': 0.0, 'B': 0.0, 'C': 0.6667, 'D': 0.0}
    """
    nodes, _, D = _matrices(G)
    pivots = betweenness_pivots(G, k, seed)
    index = {v: i for i, v in enumerate(nodes)}
    _, bc = _paths_metrics(nodes, D, False, None if pivots is None else [index[p] for p in pivots], True)
    return dict(zip(nodes, bc.tolist()))


def closeness(G) -> dict:
    """Closeness with distance ``1 / weight``, Wasserman–Faust scaled (``nx.closeness_centrality``).

    ``(r − 1) / Σ d(v, u)`` over the ``r`` states reachable from ``v``
    (itself included), times ``(r − 1) / (n − 1)``; 0 for an isolated state.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_edge("A", "B", weight=2.0); G.add_node("C")
    >>> closeness(G)
    {'A': 1.0, 'B': 1.0, 'C': 0.0}
    """
    nodes, _, D = _matrices(G)
    close, _ = _paths_metrics(nodes, D, True, None, False)
    return dict(zip(nodes, close.tolist()))


def _eigenvector(A):

    n = A.shape[0]
    if n == 0 or A.nnz == 0:
        return np.zeros(n)
    if n <= 64:
        _, vectors = eigh(A.toarray(), subset_by_index=[n - 1, n - 1])
        x = vectors[:, -1]
    else:
        _, vectors = eigsh(A, k=1, which="LA", v0=np.ones(n), tol=0)
        x = vectors[:, 0]
    x = x * (1.0 if x.sum() >= 0 else -1.0)
    x[np.abs(x) < 1e-12] = 0.0
    x = np.clip(x, 0.0, None)
    norm = np.linalg.norm(x)
    return x / norm if norm > 0 else x


def eigenvector(G) -> dict:
    """Weighted eigenvector centrality: the principal eigenvector of the weight matrix, L2 norm 1.

    On a connected graph this is ``nx.eigenvector_centrality_numpy(G, weight="weight")``.
    NetworkX refuses disconnected graphs; graphkit keeps the principal
    eigenvector of the whole matrix, which lives on the component with the
    largest leading eigenvalue: states outside it (isolated ones included)
    get 0. The computation is deterministic (dense ``eigh`` up to 64 states,
    ARPACK started from the all-ones vector above).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_edge("A", "B", weight=1.0); G.add_node("C")
    >>> {v: round(x, 4) for v, x in eigenvector(G).items()}
    {'A': 0.7071, 'B': 0.7071, 'C': 0.0}
    """
    nodes, A, _ = _matrices(G)
    return dict(zip(nodes, _eigenvector(A).tolist()))


def _pagerank(A, alpha: float = PAGERANK_ALPHA, max_iter: int = 100, tol: float = 1e-6):
    """NetworkX's ``_pagerank_scipy`` (uniform teleportation and dangling distribution)."""

    N = A.shape[0]
    if N == 0:
        return np.zeros(0)
    S = np.asarray(A.sum(axis=1)).ravel()
    inv = np.zeros_like(S)
    inv[S != 0] = 1.0 / S[S != 0]
    M = sp.diags_array(inv) @ A
    x = np.repeat(1.0 / N, N)
    p = np.repeat(1.0 / N, N)
    dangling = np.where(S == 0)[0]
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ M + sum(x[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < N * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def pagerank(G, alpha: float = PAGERANK_ALPHA) -> dict:
    """Weighted PageRank (``nx.pagerank(G, alpha, weight="weight")``); the values sum to 1.

    Examples
    --------
    >>> import networkx as nx
    >>> pr = pagerank(nx.star_graph(3))
    >>> round(sum(pr.values()), 6), max(pr, key=pr.get)
    (1.0, 0)
    """
    nodes, A, _ = _matrices(G)
    return dict(zip(nodes, _pagerank(A, alpha).tolist()))


def communities(G, seed: int = DEFAULT_SEED) -> list[list]:
    """Louvain communities (Blondel et al. 2008) as sorted lists, largest first, then by smallest member.

    :func:`graphkit.analysis.louvain.louvain_communities` with
    ``weight="weight"``: NetworkX's ``nx.community.louvain_communities(G,
    weight="weight", seed=seed)`` computed move for move on arrays, then
    refined level by level and by perturbations, keeping the best partition
    met, so its modularity is never below NetworkX's; the same graph and seed
    give the same communities.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("D", "E")]); G.add_node("F")
    >>> communities(G)
    [['A', 'B', 'C'], ['D', 'E'], ['F']]
    """

    if len(G) == 0:
        return []
    found = louvain_communities(G, weight="weight", seed=seed)
    groups = [sorted(c, key=sort_key) for c in found]
    groups.sort(key=lambda c: (-len(c), sort_key(c[0])))
    return groups


def community(G, seed: int = DEFAULT_SEED) -> dict:
    """The community number of every node (0 = the largest community).

    Examples
    --------
    >>> import networkx as nx
    >>> community(nx.Graph([("A", "B"), ("C", "D"), ("D", "E")]))
    {'A': 1, 'B': 1, 'C': 0, 'D': 0, 'E': 0}
    """
    out = {}
    for i, group in enumerate(communities(G, seed)):
        for v in group:
            out[v] = i
    return {v: out[v] for v in G}


def compute(
    G, metrics: Iterable[str] | None = None, *, seed: int = DEFAULT_SEED, betweenness_k: int | str | None = "auto"
) -> dict[Any, dict[str, float | int]]:
    """Compute several metrics at once, sharing the matrices and the shortest-path runs.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph (positive ``weight`` on every edge).
    metrics : iterable of str, optional
        Names from :data:`METRICS`; all of them by default.
    seed : int
        Seed of Louvain and of the betweenness pivots: the same graph and seed
        give the same result.
    betweenness_k : int, "auto" or None
        Pivots for betweenness (see :func:`betweenness`).

    Returns
    -------
    dict
        ``{state: {metric: value}}`` for every node of ``G``, metrics in
        :data:`METRICS` order; ``community`` is an int, the rest floats.

    Examples
    --------
    A triangle FRA–DEU–EST (a forum of three: 1/2 per pair) plus a pendant
    USA tied to EST (a bilateral agreement: 1), and ISL with no ties:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("FRA", "DEU", 0.5), ("DEU", "EST", 0.5), ("FRA", "EST", 0.5), ("EST", "USA", 1.0)])
    >>> G.add_node("ISL")
    >>> scores = compute(G, seed=1)
    >>> scores["EST"]["strength"], scores["EST"]["degree"], round(scores["EST"]["betweenness"], 4)
    (2.0, 0.75, 0.3333)
    >>> {metric: round(value, 4) for metric, value in scores["ISL"].items()}
    {'degree': 0.0, 'strength': 0.0, 'betweenness': 0.0, 'closeness': 0.0, 'eigenvector': 0.0, 'pagerank': 0.0361, 'community': 2}
    >>> round(sum(s["pagerank"] for s in scores.values()), 9)
    1.0
    """
    wanted = check_metrics(metrics)
    nodes = list(G)
    out: dict[Any, dict[str, float | int]] = {v: {} for v in nodes}
    if not nodes:
        return out
    columns: dict[str, list] = {}
    need_matrix = any(m in wanted for m in ("betweenness", "closeness", "eigenvector", "pagerank"))
    if need_matrix:
        nodes_m, A, D = _matrices(G)
    if "degree" in wanted:
        d = degree(G)
        columns["degree"] = [d[v] for v in nodes]
    if "strength" in wanted:
        s = strength(G)
        columns["strength"] = [s[v] for v in nodes]
    if "betweenness" in wanted or "closeness" in wanted:
        index = {v: i for i, v in enumerate(nodes_m)}
        pivots = betweenness_pivots(G, betweenness_k, seed) if "betweenness" in wanted else None
        close, bc = _paths_metrics(
            nodes_m,
            D,
            "closeness" in wanted,
            None if pivots is None else [index[p] for p in pivots],
            "betweenness" in wanted,
        )
        if "betweenness" in wanted:
            columns["betweenness"] = bc.tolist()
        if "closeness" in wanted:
            columns["closeness"] = close.tolist()
    if "eigenvector" in wanted:
        columns["eigenvector"] = _eigenvector(A).tolist()
    if "pagerank" in wanted:
        columns["pagerank"] = _pagerank(A).tolist()
    if "community" in wanted:
        c = community(G, seed)
        columns["community"] = [c[v] for v in nodes]
    for metric in wanted:
        for v, value in zip(nodes, columns[metric]):
            out[v][metric] = int(value) if metric == "community" else float(value)
    return out


#: The metrics :func:`matrix_scores` computes from a weight matrix alone.
MATRIX_METRICS: tuple[str, ...] = ("degree", "strength", "eigenvector", "pagerank")


def matrix_scores(A, metrics: Iterable[str] = MATRIX_METRICS) -> dict[str, np.ndarray]:
    """Degree, strength, eigenvector and PageRank from a symmetric weight matrix (as :func:`compute` on its graph).

    For many graphs over the same nodes (the years of a timeline), without
    building a NetworkX graph for each.

    Parameters
    ----------
    A : scipy.sparse array
        The symmetric weight matrix (positive weights, no self-loops).
    metrics : iterable of str
        Names from :data:`MATRIX_METRICS`.

    Returns
    -------
    dict
        ``{metric: array of one value per row}``.

    Raises
    ------
    graphkit.errors.UsageProblem
        For a metric not in :data:`MATRIX_METRICS`.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> out = matrix_scores(sp.csr_array([[0, 2.0, 0], [2.0, 0, 0], [0, 0, 0]]))
    >>> out["degree"].tolist(), out["strength"].tolist(), out["pagerank"].round(4).tolist()
    ([0.5, 0.5, 0.0], [2.0, 2.0, 0.0], [0.4651, 0.4651, 0.0698])
    """
    wanted = list(metrics)
    for metric in wanted:
        if metric not in MATRIX_METRICS:
            raise UsageProblem(f"not a matrix metric: {metric!r}", "use " + ", ".join(MATRIX_METRICS), param="metric")
    A = sp.csr_array(A, dtype=float)
    n = A.shape[0]
    out: dict[str, np.ndarray] = {}
    if "degree" in wanted:
        out["degree"] = np.diff(A.indptr) / (n - 1) if n > 1 else np.zeros(n)
    if "strength" in wanted:
        out["strength"] = np.asarray(A.sum(axis=1)).ravel()
    if "eigenvector" in wanted:
        out["eigenvector"] = _eigenvector(A)
    if "pagerank" in wanted:
        out["pagerank"] = _pagerank(A)
    return out
