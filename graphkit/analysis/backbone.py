"""The backbone of the cooperation graph: the disparity filter of Serrano, Boguñá and Vespignani (PNAS 2009).

Universal bodies (the UN, the ITU) tie almost every pair of states, so the
whole cooperation graph is nearly complete and a drawing of it is a grey
disc. The disparity filter keeps, for each state, the ties that carry a
significantly large share of its strength: under the null hypothesis that a
node's strength ``s`` is spread uniformly at random over its ``k`` ties, a
tie of weight ``w`` has the p-value

    α = (1 − w / s) ** (k − 1)

and is kept when α is below the significance level for *either* of its two
states (the paper's rule). A state whose every tie is insignificant would
vanish from the drawing, so each state also keeps its strongest tie (with
``keep_strongest``). Centrality is still computed on the whole graph; the
backbone is for reading the picture.

:func:`choose_alpha` picks the level: the largest of :data:`ALPHAS` whose
backbone has at most :data:`MEAN_TIES` ties per state on average.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp

#: The significance levels tried by :func:`choose_alpha`, largest first.
ALPHAS: tuple[float, ...] = (0.05, 0.01, 0.005, 0.001, 5e-4, 1e-4, 5e-5, 1e-5, 5e-6, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10)
#: The most ties per state, on average, that the chosen level allows.
MEAN_TIES = 6.0


def edge_pvalues(A) -> sp.csr_array:
    """The disparity p-value of every tie, the smaller of its two ends' (``A`` symmetric, weights > 0).

    Parameters
    ----------
    A : scipy.sparse array
        The symmetric weight matrix.

    Returns
    -------
    scipy.sparse.csr_array
        The same pattern as ``A``, holding ``min(α_ij, α_ji)``; a tie whose
        end has only that tie has α 1 from that end.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> A = sp.csr_array([[0, 4.0, 1.0], [4.0, 0, 0], [1.0, 0, 0]])
    >>> edge_pvalues(A).toarray().round(3).tolist()
    [[0.0, 0.2, 0.8], [0.2, 0.0, 0.0], [0.8, 0.0, 0.0]]
    """
    A = sp.csr_array(A, dtype=float)
    A.eliminate_zeros()
    n = A.shape[0]
    strength = np.asarray(A.sum(axis=1)).ravel()
    ties = np.diff(A.indptr)
    rows = np.repeat(np.arange(n), ties)
    share = A.data / strength[rows]
    alpha = np.power(np.clip(1.0 - share, 0.0, 1.0), ties[rows] - 1)
    P = sp.csr_array((alpha, A.indices.copy(), A.indptr.copy()), shape=A.shape)
    P = P.minimum(P.T.tocsr()).tocsr()
    P.sort_indices()
    return P


def _strongest(A) -> sp.csr_array:
    """A 0/1 matrix marking each node's strongest tie (the first column among equals), symmetrised."""
    A = sp.csr_array(A, dtype=float)
    n = A.shape[0]
    rows, cols = [], []
    for i in range(n):
        lo, hi = A.indptr[i], A.indptr[i + 1]
        if hi > lo:
            rows.append(i)
            cols.append(int(A.indices[lo + int(np.argmax(A.data[lo:hi]))]))
    S = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    return ((S + S.T) > 0).astype(float).tocsr()


def backbone_mask(A, alpha: float, *, keep_strongest: bool = True) -> sp.csr_array:
    """The ties of ``A`` kept by the disparity filter at level ``alpha`` (a symmetric 0/1 matrix).

    Parameters
    ----------
    A : scipy.sparse array
        The symmetric weight matrix.
    alpha : float
        The significance level, in (0, 1].
    keep_strongest : bool, default True
        Also keep each node's strongest tie.

    Returns
    -------
    scipy.sparse.csr_array

    Raises
    ------
    ValueError
        If ``alpha`` is not in (0, 1].

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> A = sp.csr_array([[0, 4.0, 1.0], [4.0, 0, 0], [1.0, 0, 0]])
    >>> backbone_mask(A, 0.5, keep_strongest=False).toarray().astype(int).tolist()
    [[0, 1, 0], [1, 0, 0], [0, 0, 0]]
    >>> backbone_mask(A, 0.5).toarray().astype(int).tolist()
    [[0, 1, 1], [1, 0, 0], [1, 0, 0]]
    """
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha must be in (0, 1], not {alpha}")
    P = edge_pvalues(A)
    keep = sp.csr_array(((P.data < alpha).astype(float), P.indices, P.indptr), shape=P.shape)
    if keep_strongest and A.nnz:
        keep = ((keep + _strongest(A)) > 0).astype(float).tocsr()
    keep.eliminate_zeros()
    return keep


def mean_ties(mask) -> float:
    """The average number of ties per node that has at least one, in a symmetric 0/1 matrix.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> mean_ties(sp.csr_array([[0, 1, 1], [1, 0, 0], [1, 0, 0]]))
    1.3333333333333333
    """
    degrees = np.diff(sp.csr_array(mask).indptr)
    tied = int(np.count_nonzero(degrees))
    return float(degrees.sum()) / tied if tied else 0.0


def choose_alpha(A, *, mean: float = MEAN_TIES, levels: Sequence[float] = ALPHAS) -> float:
    """The largest level of ``levels`` whose backbone has at most ``mean`` ties per tied node (else the smallest).

    Parameters
    ----------
    A : scipy.sparse array
        The symmetric weight matrix.
    mean : float
        The most ties per node on average.
    levels : sequence of float
        Levels to try, largest first.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``levels`` is empty.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(30)
    >>> for u, v in G.edges:
    ...     G.edges[u, v]["weight"] = 1.0 + (u * v) % 7
    >>> A = nx.to_scipy_sparse_array(G, weight="weight")
    >>> alpha = choose_alpha(A)
    >>> alpha in ALPHAS, mean_ties(backbone_mask(A, alpha)) <= MEAN_TIES
    (True, True)
    """
    if not levels:
        raise ValueError("no significance level to try")
    for level in levels:
        if mean_ties(backbone_mask(A, level)) <= mean:
            return level
    return levels[-1]


def disparity_backbone(G: nx.Graph, alpha: float | None = None, *, weight: str = "weight", keep_strongest: bool = True):
    """The backbone of the weighted graph ``G``: its ties significant at ``alpha`` by the disparity filter.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph with positive ``weight`` on its edges.
    alpha : float, optional
        The significance level; by default :func:`choose_alpha`'s.
    weight : str
        The edge attribute holding the weight.
    keep_strongest : bool, default True
        Also keep each node's strongest tie, so no tied node is left alone.

    Returns
    -------
    networkx.Graph
        Every node of ``G`` with its attributes, the kept edges with theirs;
        ``graph["backbone_alpha"]`` is the level used and
        ``graph["backbone_of"]`` the number of edges of ``G``.

    Raises
    ------
    ValueError
        If ``alpha`` is not in (0, 1].

    Examples
    --------
    A hub with one strong and three weak ties, and a pair:

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("A", "B", 10.0), ("A", "C", 1.0), ("A", "D", 1.0), ("A", "E", 1.0), ("F", "G", 1.0)])
    >>> H = disparity_backbone(G, 0.05, keep_strongest=False)
    >>> sorted(H.edges), H.graph["backbone_alpha"], H.graph["backbone_of"]
    ([('A', 'B')], 0.05, 5)
    >>> sorted(disparity_backbone(G, 0.05).edges)
    [('A', 'B'), ('A', 'C'), ('A', 'D'), ('A', 'E'), ('F', 'G')]
    """
    nodes = list(G)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, format="csr")
    level = choose_alpha(A) if alpha is None else alpha
    keep = sp.triu(backbone_mask(A, level, keep_strongest=keep_strongest), k=1).tocoo()
    H = nx.Graph()
    H.graph.update(G.graph, backbone_alpha=level, backbone_of=G.number_of_edges())
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((nodes[i], nodes[j], G.edges[nodes[i], nodes[j]]) for i, j in zip(keep.row, keep.col))
    return H
