"""Centrality metrics: worked examples, NetworkX equality, invariants; CLI option errors (no database)."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graphkit.analysis import centrality as C
from graphkit.analysis import ranking
from graphkit.analysis.louvain import louvain_communities
from graphkit.analysis.projection import bipartite_from_rows, cooperation_graph
from graphkit.errors import UsageProblem
from tests.helpers import cli


def inverse(u, v, d):
    return 1.0 / d["weight"]


@pytest.fixture
def triangle_pendant():
    """A forum of three (1/2 per pair) A, B, C plus a bilateral C–D (1), plus an isolated E."""
    B = bipartite_from_rows(
        [{"id": s, "attrs": {"name": s}} for s in "ABCDE"],
        [
            {"id": "forum", "label": "Organisation", "attrs": {"kind": "forum"}},
            {"id": "bil", "label": "Instrument", "attrs": {"kind": "bilateral"}},
        ],
        [
            *({"a": s, "b": "forum", "rel": "MEMBER_OF", "attrs": {"role": "member"}} for s in "ABC"),
            *({"a": s, "b": "bil", "rel": "SIGNED", "attrs": {}} for s in "CD"),
        ],
    )
    return cooperation_graph(B)


def test_worked_example(triangle_pendant):
    G = triangle_pendant
    assert G["A"]["B"]["weight"] == 0.5 and G["C"]["D"]["weight"] == 1.0
    s = C.compute(G, seed=3)
    n = 5
    # degree: partners / (n - 1)
    assert [s[v]["degree"] for v in "ABCDE"] == [2 / 4, 2 / 4, 3 / 4, 1 / 4, 0.0]
    # strength: sum of weights
    assert [s[v]["strength"] for v in "ABCDE"] == [1.0, 1.0, 2.0, 1.0, 0.0]
    # betweenness: C lies on the only shortest paths A–D and B–D (distances 2 + 1);
    # 2 unordered pairs, counted from both ends, over (n-1)(n-2) ordered pairs
    assert s["C"]["betweenness"] == pytest.approx(2 * 2 / ((n - 1) * (n - 2)))
    assert all(s[v]["betweenness"] == 0 for v in "ABDE")
    # closeness, distances 1/weight: A reaches B (2), C (2), D (3): r = 4 of n = 5
    assert s["A"]["closeness"] == pytest.approx(3 / 7 * 3 / 4)
    assert s["C"]["closeness"] == pytest.approx(3 / 5 * 3 / 4)
    assert s["D"]["closeness"] == pytest.approx(3 / 7 * 3 / 4)
    # isolated: zeros, not missing (PageRank: the teleportation floor)
    assert {k: v for k, v in s["E"].items() if k not in ("pagerank", "community")} == {
        "degree": 0.0,
        "strength": 0.0,
        "betweenness": 0.0,
        "closeness": 0.0,
        "eigenvector": 0.0,
    }
    assert s["E"]["pagerank"] == pytest.approx(min(x["pagerank"] for x in s.values()))
    assert math.isclose(sum(x["pagerank"] for x in s.values()), 1.0, rel_tol=1e-9)
    assert C.communities(G, seed=3)[-1] == ["E"]


def random_graph(seed: int, ties: bool) -> nx.Graph:
    rng = random.Random(seed)
    n = rng.randint(3, 40)
    G = nx.gnp_random_graph(n, rng.choice([0.08, 0.2, 0.5, 0.9]), seed=seed)
    G = nx.relabel_nodes(G, {i: f"S{i:03d}" for i in G})
    for u, v in G.edges:  # with ties: few distinct weights, so many equal-length shortest paths
        G[u][v]["weight"] = rng.choice([0.25, 1 / 3, 0.5, 1.0, 2.0]) if ties else rng.random() + 0.01
    return G


@pytest.mark.parametrize("seed", range(12))
def test_equals_networkx(seed):
    G = random_graph(seed, ties=seed % 2 == 0)
    ours = C.compute(G, seed=seed)
    reference = {
        "degree": nx.degree_centrality(G),
        "strength": dict(G.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(G, weight=inverse),
        "closeness": nx.closeness_centrality(G, distance=inverse),
        "pagerank": nx.pagerank(G, weight="weight"),
    }
    if G.number_of_edges() and nx.is_connected(G):
        reference["eigenvector"] = nx.eigenvector_centrality_numpy(G, weight="weight")
    for metric, values in reference.items():
        for v in G:
            assert ours[v][metric] == pytest.approx(values[v], abs=1e-9), (metric, v)
    # Louvain: NetworkX's partition move for move, then refined: the same partition or a strictly higher modularity
    louvain = nx.community.louvain_communities(G, weight="weight", seed=seed)
    assert sorted(map(sorted, louvain)) == sorted(map(sorted, louvain_communities(G, seed=seed, refine=False)))
    groups = C.communities(G, seed=seed)
    if sorted(map(sorted, louvain)) != sorted(groups):
        assert nx.community.modularity(G, groups) > nx.community.modularity(G, louvain)


@pytest.mark.parametrize("seed", range(4))
def test_sampled_betweenness_equals_networkx_with_the_same_pivots(seed):
    G = random_graph(seed + 100, ties=True)
    k = max(2, len(G) // 3)
    ours = C.betweenness(G, k=k, seed=seed)
    ref = nx.betweenness_centrality(G, k=k, seed=seed, weight=inverse)
    for v in G:
        assert ours[v] == pytest.approx(ref[v], abs=1e-9)


def test_betweenness_is_exact_below_the_threshold_and_sampled_above():
    small = nx.path_graph(C.EXACT_BETWEENNESS_MAX)
    big = nx.path_graph(C.EXACT_BETWEENNESS_MAX + 1)
    assert C.betweenness_pivots(small) is None
    assert len(C.betweenness_pivots(big)) == C.DEFAULT_PIVOTS
    assert C.betweenness_pivots(big, k=None) is None
    assert C.betweenness_pivots(big, seed=1) == C.betweenness_pivots(big, seed=1)
    assert 0 < C.betweenness_error_bound(2000, 256) < C.betweenness_error_bound(2000, 64)
    with pytest.raises(UsageProblem):
        C.betweenness_pivots(big, k=0)


def test_eigenvector_on_a_disconnected_graph_lives_on_the_strongest_component():
    G = nx.Graph()
    G.add_weighted_edges_from([("A", "B", 1.0), ("B", "C", 1.0), ("A", "C", 1.0), ("D", "E", 0.5)])
    G.add_node("F")
    e = C.eigenvector(G)
    assert e["A"] == pytest.approx(3**-0.5) and e["D"] == e["E"] == e["F"] == 0.0


@pytest.mark.parametrize("seed", range(5))
def test_invariants(seed):
    G = random_graph(seed, ties=False)
    G.add_node("ZZZ-isolated")
    s = C.compute(G, seed=seed)
    assert set(s) == set(G) and all(set(v) == set(C.METRICS) for v in s.values())
    assert sum(v["pagerank"] for v in s.values()) == pytest.approx(1.0, abs=1e-9)
    for v in s.values():
        assert 0 <= v["degree"] <= 1 and 0 <= v["betweenness"] <= 1 and 0 <= v["eigenvector"] <= 1
        assert v["closeness"] >= 0 and v["strength"] >= 0 and 0 < v["pagerank"] < 1
    if any(v["eigenvector"] for v in s.values()):
        assert sum(v["eigenvector"] ** 2 for v in s.values()) == pytest.approx(1.0)
    # communities cover every state exactly once, numbered by decreasing size
    groups = C.communities(G, seed=seed)
    members = [v for g in groups for v in g]
    assert sorted(members) == sorted(G) and len(members) == len(set(members))
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)
    assert all(s[v]["community"] == i for i, g in enumerate(groups) for v in g)
    # same input, same output
    assert C.compute(G, seed=seed) == s


def test_same_rows_in_another_order_give_the_same_scores():
    rng = random.Random(5)
    states = [f"S{i:02d}" for i in range(25)]
    ties = [
        {"a": s, "b": f"f{k}", "rel": "MEMBER_OF", "attrs": {"role": "member"}}
        for k in range(8)
        for s in rng.sample(states, rng.randint(2, 12))
    ]
    forums = [{"id": f"f{k}", "label": "Organisation", "attrs": {"kind": "forum"}} for k in range(8)]
    first = C.compute(cooperation_graph(bipartite_from_rows([{"id": s} for s in states], forums, ties)), seed=9)
    rng.shuffle(ties), rng.shuffle(states), rng.shuffle(forums)
    second = C.compute(cooperation_graph(bipartite_from_rows([{"id": s} for s in states], forums, ties)), seed=9)
    assert first == second


def test_subsets_empty_graph_and_bad_metric():
    G = nx.Graph([("A", "B")])
    assert C.compute(G, ["pagerank"]) == {"A": {"pagerank": 0.5}, "B": {"pagerank": 0.5}}
    assert C.compute(nx.Graph()) == {}
    one = nx.Graph()
    one.add_node("A")
    assert C.compute(one, ["degree", "closeness", "betweenness", "eigenvector"])["A"] == {
        "degree": 0.0,
        "betweenness": 0.0,
        "closeness": 0.0,
        "eigenvector": 0.0,
    }
    with pytest.raises(UsageProblem, match="unknown metric 'fame'"):
        C.compute(G, ["fame"])


def test_ranks_share_equal_values():
    scores = {"A": {"pagerank": 0.2}, "B": {"pagerank": 0.4}, "C": {"pagerank": 0.2 + 1e-17}, "D": {"pagerank": 0.1}}
    assert ranking.ranks(scores) == {"A": 2, "B": 1, "C": 2, "D": 4}


# -- CLI option errors: caught before any connection is made ----------------------------
@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["centrality", "--weight", "friendship=1"],
            "Error: Invalid value for '--weight': unknown relationship kind 'friendship'. Use one of: membership,",
        ),
        (["centrality", "--weight", "signature"], "Error: Invalid value for '--weight': 'signature' is not KIND=VALUE"),
        (
            ["centrality", "--weight", "signature=-1"],
            "Error: Invalid value for '--weight': the multiplier of 'signature' must",
        ),
        (["centrality", "--weight", "signature=lots"], "Error: Invalid value for '--weight': 'lots' is not a number"),
        (
            ["centrality", "--as-of", "2020-13-01"],
            "Error: Invalid value for '--as-of': '2020-13-01' is not a date: write YYYY-MM-DD",
        ),
        (["centrality", "--as-of", "2020"], "Error: Invalid value for '--as-of': '2020' is not a date"),
        (["centrality", "--metric", "fame"], "Error: Invalid value for '--metric': 'fame' is not one of"),
        (["centrality", "--top", "0"], "Error: Invalid value for '--top'"),
        (["centrality", "--betweenness-k", "0"], "Error: Invalid value for '--betweenness-k': needs at least 1 pivot"),
        (["centrality", "--weights", "/nonexistent/w.toml"], "Error: Invalid value for '--weights': cannot read"),
        (
            ["centrality", "compare", "--as-of", "2020-01-01"],
            "Error: Invalid value for '--as-of': give exactly two dates, not 1",
        ),
        (["export", "--out", "x.txt"], "Error: --format: cannot tell the format from 'x.txt'. Give gexf or graphml."),
        (["export", "--format", "pdf", "--out", "x.pdf"], "Error: Invalid value for '--format': 'pdf' is not one of"),
    ],
)
def test_bad_options_name_the_option(args, message):
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_bad_weights_file_content(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text("friendship = 2\n")
    result = cli("centrality", "--weights", str(path))
    assert result.exit_code == 2
    assert "Error: Invalid value for '--weights': unknown relationship kind 'friendship'. Use one of:" in result.stderr


def test_eigenvector_sparse_solver_equals_networkx_on_a_larger_graph():
    G = nx.connected_watts_strogatz_graph(300, 12, 0.3, seed=4)
    rng = random.Random(4)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.random() + 0.05
    ours, ref = C.eigenvector(G), nx.eigenvector_centrality_numpy(G, weight="weight")
    assert max(abs(ours[v] - ref[v]) for v in G) < 1e-9
    assert C.eigenvector(G) == ours  # deterministic start vector
