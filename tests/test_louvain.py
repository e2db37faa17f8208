"""graphkit's Louvain: NetworkX's partition move for move, then improved; seeded; a partition (no database)."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.analysis.louvain import louvain_communities
from graphkit.analysis.projection import bipartite_from_rows, cooperation_graph


def random_graph(seed: int, ties: bool) -> nx.Graph:
    """A G(n, p) graph with random weights; with ties, few distinct weights (so that equal gains happen)."""
    rng = random.Random(seed)
    G = nx.gnp_random_graph(rng.randint(10, 40), rng.choice([0.1, 0.3, 0.6]), seed=seed)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.choice([0.25, 0.5, 1.0, 2.0]) if ties else rng.random() + 0.01
    return G


def canonical(partition) -> list[list]:
    return sorted(sorted(c, key=str) for c in partition)


def modularity(G, partition, **kwargs) -> float:
    return nx.community.modularity(G, partition, **kwargs)


def planted() -> nx.Graph:
    """Four planted groups of 16, dense inside (p = 0.6), sparse across (p = 0.03), random weights."""
    G = nx.planted_partition_graph(4, 16, 0.6, 0.03, seed=7)
    rng = random.Random(7)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.uniform(0.5, 2.0)
    return G


def cooperation(states: int = 120, forums: int = 40, seed: int = 3) -> nx.Graph:
    """A dense cooperation graph like the real one: forums of heavy-tailed sizes (as benchmarks/centrality.py)."""
    rng = random.Random(seed)
    ids = [f"S{i:03d}" for i in range(states)]
    ties = [
        {"a": s, "b": f"f{k}", "rel": "MEMBER_OF", "attrs": {"role": "member"}}
        for k in range(forums)
        for s in rng.sample(ids, max(2, min(states, round(states / (k + 1) ** 0.7))))
    ]
    return cooperation_graph(
        bipartite_from_rows(
            [{"id": s} for s in ids],
            [{"id": f"f{k}", "label": "Organisation", "attrs": {"kind": "forum"}} for k in range(forums)],
            ties,
        )
    )


GRAPHS = {
    "karate": nx.karate_club_graph,
    "les-miserables": nx.les_miserables_graph,
    "planted": planted,
    "random-ties": lambda: random_graph(8, ties=True),
    "random": lambda: random_graph(9, ties=False),
    "cooperation": cooperation,
}


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("seed", [0, 1, 42])
def test_without_refinement_it_is_networkx(name, seed):
    G = GRAPHS[name]()
    ours = louvain_communities(G, seed=seed, refine=False)
    assert canonical(ours) == canonical(nx.community.louvain_communities(G, seed=seed))


@pytest.mark.parametrize("kwargs", [{"resolution": 0.5}, {"resolution": 2.0}, {"weight": None}, {"threshold": 1e-3}])
def test_without_refinement_it_is_networkx_with_any_parameters(kwargs):
    for G in (nx.karate_club_graph(), planted()):
        ours = louvain_communities(G, seed=5, refine=False, **kwargs)
        assert canonical(ours) == canonical(nx.community.louvain_communities(G, seed=5, **kwargs))


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("seed", [0, 1, 42])
def test_modularity_at_least_networkx(name, seed):
    G = GRAPHS[name]()
    reference = modularity(G, nx.community.louvain_communities(G, seed=seed))
    assert modularity(G, louvain_communities(G, seed=seed)) >= reference - 1e-12
    assert modularity(G, louvain_communities(G, seed=seed, perturbations=0)) >= reference - 1e-12


def test_the_refinement_gains_on_the_dense_cooperation_graph():
    G = cooperation()
    best_networkx = max(modularity(G, nx.community.louvain_communities(G, seed=s)) for s in range(5))
    assert modularity(G, louvain_communities(G)) > best_networkx


def test_karate_club_gains_on_average():
    K = nx.karate_club_graph()
    ours = [modularity(K, louvain_communities(K, seed=s)) for s in range(20)]
    theirs = [modularity(K, nx.community.louvain_communities(K, seed=s)) for s in range(20)]
    assert all(a >= b - 1e-12 for a, b in zip(ours, theirs))
    assert sum(ours) > sum(theirs)
    assert max(ours) == pytest.approx(0.444904, abs=1e-6)  # the optimum (weighted), found by integer programming


def test_the_planted_partition_is_found():
    G = planted()
    assert canonical(louvain_communities(G, seed=3)) == canonical(G.graph["partition"])


def test_same_seed_same_partition():
    G = GRAPHS["cooperation"]()
    first = louvain_communities(G, seed=11)
    assert louvain_communities(G, seed=11) == first  # the same list of sets, in the same order
    assert louvain_communities(G.copy(), seed=random.Random(11)) == first
    H = nx.Graph()  # the same graph built again, node by node and edge by edge
    H.add_nodes_from(G)
    H.add_edges_from(G.edges(data=True))
    assert louvain_communities(H, seed=11) == first


def test_isolated_nodes_each_have_their_own_community():
    G = nx.karate_club_graph()
    G.add_nodes_from(["lonely", "alone"])
    found = louvain_communities(G)
    assert {"lonely"} in found and {"alone"} in found
    assert louvain_communities(nx.empty_graph(["a", "b", "c"])) == [{"a"}, {"b"}, {"c"}]


def test_empty_graph():
    assert louvain_communities(nx.Graph()) == []


def test_weights_are_respected():
    G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("C", "D"), ("D", "E"), ("E", "F"), ("D", "F")])
    assert canonical(louvain_communities(G)) == [["A", "B", "C"], ["D", "E", "F"]]
    G["C"]["D"]["weight"] = 5
    assert canonical(louvain_communities(G)) == [["A", "B"], ["C", "D"], ["E", "F"]]
    assert canonical(louvain_communities(G, weight=None)) == [["A", "B", "C"], ["D", "E", "F"]]
    # an attribute other than "weight", and a missing attribute weighs 1
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d["strength"] = d.pop("weight", 1)
    del H["A"]["B"]["strength"]
    assert canonical(louvain_communities(H, weight="strength")) == canonical(louvain_communities(G))


def test_scaling_every_weight_changes_nothing():
    G = planted()
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d["weight"] *= 4.0  # a power of two: every sum and gain scales exactly
    assert louvain_communities(H, seed=2) == louvain_communities(G, seed=2)


def test_multigraph_edges_are_summed():
    M = nx.MultiGraph()
    M.add_edges_from([("A", "B"), ("A", "B"), ("B", "C"), ("C", "D"), ("C", "D"), ("A", "C")])
    G = nx.Graph()
    G.add_weighted_edges_from([("A", "B", 2), ("B", "C", 1), ("C", "D", 2), ("A", "C", 1)])
    assert louvain_communities(M) == louvain_communities(G)
    assert canonical(louvain_communities(M, refine=False)) == canonical(nx.community.louvain_communities(M, seed=42))


def test_self_loops_count_as_in_networkx():
    G = nx.les_miserables_graph()
    G.add_edge("Valjean", "Valjean", weight=30)
    G.add_edge("Myriel", "Myriel", weight=3)
    assert canonical(louvain_communities(G, seed=4, refine=False)) == canonical(
        nx.community.louvain_communities(G, seed=4)
    )


def test_directed_graphs_are_refused():
    with pytest.raises(nx.NetworkXNotImplemented):
        louvain_communities(nx.DiGraph([(1, 2)]))


@st.composite
def graphs(draw):
    n = draw(st.integers(0, 25))
    G = nx.Graph()
    G.add_nodes_from(f"v{i}" for i in range(n))
    if n > 1:
        pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
        weights = st.sampled_from([0.25, 0.5, 1.0, 2.0]) | st.floats(0.01, 10.0)
        for u, v in pairs:
            if u != v:
                G.add_edge(f"v{u}", f"v{v}", weight=draw(weights))
    return G


@settings(max_examples=60, deadline=None)
@given(graphs(), st.integers(0, 2**32 - 1))
def test_the_result_is_a_partition_at_least_as_good_as_networkx(G, seed):
    found = louvain_communities(G, seed=seed)
    members = [v for c in found for v in c]
    assert sorted(members) == sorted(G) and len(members) == len(set(members))
    assert all(c for c in found)
    for v in nx.isolates(G):
        assert {v} in found
    assert louvain_communities(G, seed=seed) == found
    if G.number_of_edges():
        reference = nx.community.louvain_communities(G, seed=seed)
        assert canonical(louvain_communities(G, seed=seed, refine=False)) == canonical(reference)
        assert modularity(G, found) >= modularity(G, reference) - 1e-12
