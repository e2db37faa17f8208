"""Node positions for the network views, computed once in Python so the browser draws without physics.

:func:`positions` returns pixel coordinates for vis-network (``x``, ``y``):

* up to :data:`EXACT_MAX` nodes, NetworkX's seeded ``spring_layout``
  (Fruchterman–Reingold with every pair of nodes repelling);
* above, :func:`grid_fruchterman_reingold`: after Fruchterman and Reingold's
  "grid variant" (1991), a node is repelled exactly only by the nodes near it
  (found with a :class:`scipy.spatial.cKDTree` each iteration), plus a few
  sampled far nodes standing for the rest, so an iteration costs about
  ``O(n log n + m)`` instead of ``O(n²)``. About 1 s for 2,000 nodes and
  10 s for 10,000, where ``spring_layout`` needs ~10 s for 2,000 (its sparse
  code path); on a 2,000-state synthetic cooperation graph both keep Louvain
  communities equally close together (mean same-community distance / mean
  distance 0.74).

Both are deterministic for a given ``seed``. Edge weights pull harder when
larger; they are divided by the largest weight first, so a graph whose weights
run to 30 does not collapse into a point.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

#: ``spring_layout`` up to this many nodes (its dense, exact code path), the grid variant above.
EXACT_MAX = 500
#: Pixels between two tied nodes at rest (the ``k`` of Fruchterman–Reingold).
SPACING = 90.0


def _normalised_weights(G, weight: str | None) -> list[tuple[Hashable, Hashable, float]]:
    edges = []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = d.get(weight, 1.0) if weight else 1.0
        try:
            w = float(w)
        except (TypeError, ValueError):
            w = 1.0
        edges.append((u, v, w if math.isfinite(w) and w > 0 else 0.0))
    top = max((w for *_, w in edges), default=0.0)
    return [(u, v, (w / top) if top > 0 else 1.0) for u, v, w in edges]


def _accumulate(n: int, index, values):
    """Sum the rows of ``values`` (shape (m, 2)) into an (n, 2) array by ``index`` (faster than np.add.at)."""
    return np.stack(
        [np.bincount(index, weights=values[:, 0], minlength=n), np.bincount(index, weights=values[:, 1], minlength=n)],
        axis=1,
    )


def grid_fruchterman_reingold(
    n: int,
    edges,
    weights=None,
    *,
    iterations: int = 120,
    seed: int = 0,
    samples: int = 12,
    gravity: float = 0.5,
    far: float = 0.3,
):
    """Fruchterman–Reingold with exact near repulsion and sampled far repulsion; an ``(n, 2)`` array (``k = 1``).

    Each iteration, every node is repelled exactly (``k²/d``) by the nodes
    within ``2k`` (found with a k-d tree, as in Fruchterman and Reingold's grid
    variant) and, for the long-range spread, by ``samples`` random nodes whose
    push is scaled by ``n / samples`` (an unbiased estimate of the sum over all
    nodes); tied nodes attract (``w d²/k``).

    Parameters
    ----------
    n : int
        Number of nodes.
    edges : array-like of shape (m, 2)
        Node index pairs.
    weights : array-like of shape (m,), optional
        Attraction multipliers in (0, 1]; 1 for every edge by default.
    iterations : int
        Cooling steps; the temperature falls linearly to zero.
    seed : int
        Seed of the initial placement and of the samples.
    samples : int
        Far nodes sampled per node and iteration.
    gravity : float
        A weak pull towards the centre that keeps isolated nodes and small
        components near the rest.

    Examples
    --------
    >>> pos = grid_fruchterman_reingold(3, [(0, 1), (1, 2)], iterations=50)
    >>> pos.shape
    (3, 2)
    >>> bool(abs(pos[0] - pos[1]).sum() > 0.1)
    True
    """
    rng = np.random.default_rng(seed)
    if n == 0:
        return np.zeros((0, 2))
    side = math.sqrt(n)
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    w = np.ones(len(e)) if weights is None else np.asarray(weights, dtype=float)
    radius = 1.5
    temperature = side / 4
    samples = max(1, min(samples, n - 1))
    far_scale = far * (n - 1) / samples
    rows = np.repeat(np.arange(n), samples)
    for step in range(iterations):
        disp = np.zeros_like(pos)
        pairs = cKDTree(pos).query_pairs(radius, output_type="ndarray")
        if len(pairs):
            i, j = pairs[:, 0], pairs[:, 1]
            delta = pos[i] - pos[j]
            dist2 = np.maximum(np.einsum("ij,ij->i", delta, delta), 1e-4)
            force = delta / dist2[:, None]  # |f| = k²/d along the unit vector
            disp += _accumulate(n, i, force) - _accumulate(n, j, force)
        # far field: random partners beyond the radius, scaled to stand for all nodes
        j = rng.integers(0, n, size=n * samples)
        delta = pos[rows] - pos[j]
        dist2 = np.einsum("ij,ij->i", delta, delta)
        beyond = dist2 > radius * radius
        force = np.where(beyond[:, None], delta / np.maximum(dist2, 1e-4)[:, None], 0.0) * far_scale
        disp += _accumulate(n, rows, force)
        if len(e):
            delta = pos[e[:, 0]] - pos[e[:, 1]]
            dist = np.sqrt(np.einsum("ij,ij->i", delta, delta))
            force = delta * (dist * w)[:, None]  # |f| = w d²/k along the unit vector
            disp += _accumulate(n, e[:, 1], force) - _accumulate(n, e[:, 0], force)
        disp -= gravity * pos
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp))
        t = temperature * (1 - step / iterations) ** 1.5 + 0.02
        pos += disp * (np.minimum(length, t) / np.maximum(length, 1e-9))[:, None]
    return separate(pos, minimum=0.5, rounds=20, seed=seed)


def separate(pos, *, minimum: float = 0.5, rounds: int = 20, seed: int = 0):
    """Push apart every pair of points closer than ``minimum`` (each moves half the gap); a new array.

    Examples
    --------
    >>> import numpy as np
    >>> out = separate(np.array([[0.0, 0.0], [0.1, 0.0]]), minimum=1.0)
    >>> round(float(out[1, 0] - out[0, 0]), 3)
    1.0
    """
    pos = np.array(pos, dtype=float)
    n = len(pos)
    rng = np.random.default_rng(seed)
    for _ in range(rounds):
        pairs = cKDTree(pos).query_pairs(minimum, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = pos[i] - pos[j]
        dist = np.sqrt(np.einsum("ij,ij->i", delta, delta))
        same = dist < 1e-9
        if same.any():  # coincident points: a random direction
            angle = rng.uniform(0, 2 * math.pi, int(same.sum()))
            delta[same] = np.stack([np.cos(angle), np.sin(angle)], axis=1)
            dist[same] = 1.0
            push = np.where(same, minimum, minimum - dist)
        else:
            push = minimum - dist
        move = delta / dist[:, None] * (push / 2)[:, None]
        pos += _accumulate(n, i, move) - _accumulate(n, j, move)
    return pos


def positions(
    G, *, seed: int = 0, weight: str | None = "weight", spacing: float = SPACING
) -> dict[Any, tuple[float, float]]:
    """Pixel positions ``{node: (x, y)}`` for every node of ``G``, centred on (0, 0).

    The layout is scaled so that the typical distance between tied nodes is
    about ``spacing`` pixels, whatever the algorithm; the same graph and seed
    give the same positions. Nodes without ties are set out on a grid below
    the drawing (a force layout would fling them to the edges and shrink the
    rest when the view is fitted to the screen).

    Examples
    --------
    >>> import networkx as nx
    >>> pos = positions(nx.path_graph(4))
    >>> sorted(pos) == [0, 1, 2, 3] and all(len(p) == 2 for p in pos.values())
    True
    >>> positions(nx.path_graph(4)) == pos
    True
    >>> G = nx.path_graph(3); G.add_node("alone")
    >>> positions(G)["alone"][1] > max(y for _, y in positions(nx.path_graph(3)).values())
    True
    """
    nodes = [v for v in G if any(u != v for u in G[v])]
    isolated = [v for v in G if not any(u != v for u in G[v])]
    n = len(nodes)
    out: dict[Any, tuple[float, float]] = {}
    if n == 1:
        out[nodes[0]] = (0.0, 0.0)
    elif n > 1:
        edges = _normalised_weights(G, weight)
        if n <= EXACT_MAX:
            H = nx.Graph()
            H.add_nodes_from(nodes)
            H.add_weighted_edges_from(edges, weight="w")
            raw = nx.spring_layout(H, seed=seed, weight="w", k=1.0 / math.sqrt(n), scale=None)
            xy = np.array([raw[v] for v in nodes], dtype=float)
            unit = 1.0 / math.sqrt(n)  # spring_layout's k for a unit box
        else:
            index = {v: i for i, v in enumerate(nodes)}
            pairs = [(index[u], index[v]) for u, v, _ in edges]
            xy = grid_fruchterman_reingold(n, pairs, [w for *_, w in edges], seed=seed)
            unit = 1.0
        xy -= xy.mean(axis=0)
        xy *= spacing / unit
        # dense graphs pack nodes closer than `spacing`: spread the drawing so that the typical
        # nearest neighbour is at least `spacing / 2` away (zooming out is free, overlaps are not)
        nearest = float(np.median(cKDTree(xy).query(xy, k=2)[0][:, 1]))
        if 0 < nearest < spacing / 2:
            xy *= (spacing / 2) / nearest
        out.update((v, (round(float(x), 1), round(float(y), 1))) for v, (x, y) in zip(nodes, xy))
    if isolated:
        # nodes without ties: a compact grid below the drawing (a force layout flings them far away)
        xs = [p[0] for p in out.values()] or [0.0]
        ys = [p[1] for p in out.values()] or [-spacing]
        width = max(max(xs) - min(xs), spacing * 8)
        columns = max(1, int(width // spacing) + 1)
        top = max(ys) + spacing * 1.5
        for i, v in enumerate(isolated):
            row, col = divmod(i, columns)
            out[v] = (round(min(xs) + col * spacing, 1), round(top + row * spacing, 1))
    return {v: out[v] for v in G}


#: Pixels along a ring between two neighbours of an ego view (room for a short label).
RING_GAP = 135.0
#: Pixels between two rings of an ego view.
RING_STEP = 230.0


def ego_positions(G, centre: Hashable, *, seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Rings around ``centre``: its neighbours on the first, theirs on the second …, each ring wide enough for labels.

    Used for ego views, where a force layout packs the neighbours into a
    tight star whose labels overlap. Ring ``k`` has radius
    ``max(k × RING_STEP, n_k × RING_GAP / 2π)`` for its ``n_k`` nodes, ordered
    by label then id, and turned by ``seed`` so rings do not line up; nodes
    not reachable from ``centre`` go on an outer ring.

    Parameters
    ----------
    G : networkx.Graph
        The ego graph.
    centre : hashable
        The ego.
    seed : int
        Turns the rings.

    Returns
    -------
    dict
        ``{node: (x, y)}`` for every node of ``G``.

    Raises
    ------
    KeyError
        If ``centre`` is not in ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> pos = ego_positions(nx.star_graph(4), 0)
    >>> pos[0], sorted(round(math.hypot(*pos[v])) for v in range(1, 5))
    ((0.0, 0.0), [230, 230, 230, 230])
    """
    if centre not in G:
        raise KeyError(centre)
    hops = nx.single_source_shortest_path_length(G, centre)
    outer = max(hops.values(), default=0) + 1
    rings: dict[int, list] = {}
    for v in G:
        rings.setdefault(hops.get(v, outer), []).append(v)
    rng = np.random.default_rng(seed)
    out: dict[Any, tuple[float, float]] = {}
    for k, members in sorted(rings.items()):
        if k == 0:
            out[centre] = (0.0, 0.0)
            continue
        members.sort(key=lambda v: (str(G.nodes[v].get("label", "")), str(v)))
        radius = max(k * RING_STEP, len(members) * RING_GAP / (2 * math.pi))
        turn = float(rng.uniform(0, 2 * math.pi))
        for i, v in enumerate(members):
            angle = turn + 2 * math.pi * i / len(members)
            out[v] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
    return {v: out[v] for v in G}
