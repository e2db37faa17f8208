"""Benchmark: cooperation centrality on the real dataset and on a large synthetic graph.

    .venv/bin/python benchmarks/centrality.py [--quick] [--uri URI --user U --password P]
                                             [--skip-real] [--skip-synthetic] [--exact-betweenness]

(a) Real dataset: reads the graph from Neo4j (the local server by default, or
    --uri). If the database holds no State, the bundled datasets/ folder is
    loaded into it first. If no server answers, this part is skipped with a
    message. Times the whole suite (read, project, every metric); target < 2 s.

(b) Synthetic, in memory (no Neo4j): 2,000 states, 600 forums, ≈20,000
    memberships with heavy-tailed (Zipf-like) forum sizes, so the projection
    is dense (≈800–900k state pairs). Times
      * the projection: NetworkX's plain ``collaboration_weighted_projected_graph``
        (Newman's weights, all multipliers 1) against graphkit's sparse W·D·Wᵀ;
      * every metric with graphkit, and the same metrics with python-igraph as
        the reference, in the same run; prints graphkit_total / igraph_total
        (target ≤ 3×). igraph's betweenness is exact; graphkit's is exact up to
        1,000 states and sampled with 256 seeded pivots above, so this part
        also prints the sampling error measured against igraph's exact values;
      * Louvain alone: graphkit's (graphkit.analysis.louvain) against igraph's
        ``community_multilevel`` (seconds, ratio, target ≤ 1.5×, and both
        modularities), and NetworkX's ``louvain_communities``, the old
        implementation, as the baseline. Both Louvains are seeded (python-igraph
        draws from Python's ``random``) and timed best of --louvain-repeat;
        --louvain-seeds N also compares their modularities over seeds 0…N−1.

--quick shrinks the synthetic graph (500 states, 150 forums, 5,000 memberships).
Performance is reported here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from graphkit.analysis import centrality as C  # noqa: E402
from graphkit.analysis.projection import bipartite_from_rows, cooperation_graph  # noqa: E402


def timed(fn, *args, repeat: int = 1, **kwargs):
    """(result, best seconds) over ``repeat`` runs."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return result, best


# -- (a) the real dataset ------------------------------------------------------------------
def real_dataset(args) -> None:
    print("== (a) real dataset (Neo4j) ==")
    from graphkit.analysis.projection import read_bipartite
    from graphkit.db.config import resolve_connection
    from graphkit.db.store import Store
    from graphkit.errors import GraphkitError

    connection = resolve_connection(args.uri, args.user, args.password, args.database)
    try:
        with Store(connection) as store:
            states = store.read("MATCH (s:State) RETURN count(s) AS n")[0]["n"]
            if states == 0:
                from graphkit.data.ingest import load
                from graphkit.data.read import bundled_datasets_dir, read_datasets

                dataset = read_datasets([bundled_datasets_dir()])
                dataset.raise_if_invalid()
                report = load(store, dataset)
                print(f"loaded datasets/ into {connection.uri} in {report.seconds:.2f} s")
            runs = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                B = read_bipartite(store)
                t1 = time.perf_counter()
                G = cooperation_graph(B)
                t2 = time.perf_counter()
                C.compute(G)
                t3 = time.perf_counter()
                runs.append((t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    except GraphkitError as error:
        print(f"skipped: {error.one_line()}")
        return
    read, project, metrics, total = (statistics.median(x) for x in zip(*runs))
    print(
        f"{G.number_of_nodes()} states, {B.number_of_nodes() - G.number_of_nodes()} forums, "
        f"{B.number_of_edges()} state-forum ties, {G.number_of_edges()} state pairs"
    )
    print(
        f"read {read:.3f} s  project {project:.3f} s  all 7 metrics {metrics:.3f} s  "
        f"total {total:.3f} s (median of {args.repeat}; target < 2 s)"
    )
    for metric in C.METRICS:
        _, seconds = timed(C.compute, G, [metric], repeat=args.repeat)
        print(f"  {metric:<12}{seconds:8.3f} s")


# -- (b) synthetic -------------------------------------------------------------------------
def synthetic_bipartite(
    states: int = 2000, forums: int = 600, memberships: int = 20_000, alpha: float = 0.69, seed: int = 0
):
    """An in-memory bipartite graph with heavy-tailed forum sizes and state activity."""
    rng = np.random.default_rng(seed)
    raw = np.arange(1, forums + 1, dtype=float) ** -alpha
    sizes = np.minimum(np.maximum(2, np.round(raw / raw.sum() * memberships)).astype(int), states)
    activity = rng.pareto(1.5, states) + 1
    p = activity / activity.sum()
    state_ids = [f"S{i:04d}" for i in range(states)]
    ties = []
    for k, n in enumerate(sizes):
        for i in rng.choice(states, size=int(n), replace=False, p=p):
            ties.append({"a": state_ids[i], "b": f"f{k:04d}", "rel": "MEMBER_OF", "attrs": {"role": "member"}})
    return bipartite_from_rows(
        [{"id": s, "attrs": {"name": s}} for s in state_ids],
        [{"id": f"f{k:04d}", "label": "Organisation", "attrs": {"kind": "forum"}} for k in range(forums)],
        ties,
    )


def synthetic(args) -> None:
    import networkx as nx

    size = {"states": 500, "forums": 150, "memberships": 5_000} if args.quick else {}
    print("\n== (b) synthetic graph (in memory) ==")
    B = synthetic_bipartite(**size)
    states = [n for n, d in B.nodes(data=True) if d["label"] == "State"]
    print(f"{len(states)} states, {B.number_of_nodes() - len(states)} forums, {B.number_of_edges()} memberships")

    base, t_base = timed(nx.bipartite.collaboration_weighted_projected_graph, B, states)
    G, t_ours = timed(cooperation_graph, B)
    n, m = G.number_of_nodes(), G.number_of_edges()
    diff = max(abs(G[u][v]["weight"] - w) for u, v, w in base.edges(data="weight"))
    assert base.number_of_edges() == m and diff < 1e-9, "projection differs from NetworkX's"
    print(
        f"projection: {m} state pairs; NetworkX {t_base:.2f} s, graphkit {t_ours:.2f} s "
        f"(×{t_base / t_ours:.1f} faster; max weight difference {diff:.1e})"
    )
    del base

    # graphkit: the shared conversion, then each metric on the shared matrices
    (nodes, A, D), t_mat = timed(C._matrices, G)
    pivots = C.betweenness_pivots(G, "auto", C.DEFAULT_SEED)
    idx = None if pivots is None else [nodes.index(p) for p in pivots]
    ours = {}
    times = {"to sparse matrix": t_mat}
    ours["pagerank"], times["pagerank"] = timed(C._pagerank, A)
    ours["eigenvector"], times["eigenvector"] = timed(C._eigenvector, A)
    (_, ours["betweenness"]), times["betweenness"] = timed(C._paths_metrics, nodes, D, False, idx, True)
    (ours["closeness"], _), times["closeness"] = timed(C._paths_metrics, nodes, D, True, None, False)
    groups, times["louvain"] = timed(C.communities, G, C.DEFAULT_SEED, repeat=args.louvain_repeat)
    _, t_all = timed(C.compute, G)
    mode = "exact" if pivots is None else f"{len(pivots)} pivots, seed {C.DEFAULT_SEED}"

    try:
        import igraph as ig
    except ImportError:
        print("python-igraph is not installed: no reference (pip install igraph)")
        return
    coo = __import__("scipy.sparse", fromlist=["triu"]).triu(A, k=1).tocoo()
    g, t_igbuild = timed(
        lambda: ig.Graph(
            n=n, edges=np.column_stack([coo.row, coo.col]), edge_attrs={"weight": coo.data, "distance": 1.0 / coo.data}
        )
    )
    ref, ref_times = {}, {}
    ref["pagerank"], ref_times["pagerank"] = timed(g.pagerank, weights="weight")
    ref["eigenvector"], ref_times["eigenvector"] = timed(g.eigenvector_centrality, weights="weight", scale=False)
    ref["betweenness"], ref_times["betweenness"] = timed(g.betweenness, weights="distance")
    ref["closeness"], ref_times["closeness"] = timed(g.closeness, weights="distance")

    def ig_louvain(seed=C.DEFAULT_SEED):
        random.seed(seed)  # python-igraph's random generator is Python's
        return g.community_multilevel(weights="weight")

    ig_groups, ref_times["louvain"] = timed(ig_louvain, repeat=args.louvain_repeat)

    print(f"\n{'metric':<18}{'graphkit':>10}{'igraph':>10}   note")
    notes = {
        "pagerank": f"max |Δ| {np.max(np.abs(ours['pagerank'] - np.array(ref['pagerank']))):.1e}",
        "eigenvector": "",
        "betweenness": f"graphkit {mode}, igraph exact",
        "closeness": "",
        "louvain": (
            f"modularity {g.modularity(_membership(nodes, groups), weights='weight'):.4f} vs "
            f"{ig_groups.modularity:.4f}; {len(groups)} vs {len(ig_groups)} communities"
        ),
    }
    ev = np.abs(np.array(ref["eigenvector"]))
    notes["eigenvector"] = f"max |Δ| {np.max(np.abs(ours['eigenvector'] - ev / np.linalg.norm(ev))):.1e}"
    exact_bc = np.array(ref["betweenness"]) * 2 / ((n - 1) * (n - 2))
    close_ref = np.nan_to_num(np.array(ref["closeness"], dtype=float))
    reach = np.array([len(c) for c in g.connected_components() for _ in c])  # not needed when connected
    if g.is_connected():
        notes["closeness"] = f"max |Δ| {np.max(np.abs(ours['closeness'] - close_ref)):.1e}"
    del reach
    print(f"{'to sparse matrix':<18}{t_mat:>10.3f}{t_igbuild:>10.3f}   (igraph: building its graph, not counted)")
    for metric in ("pagerank", "eigenvector", "betweenness", "closeness", "louvain"):
        print(f"{metric:<18}{times[metric]:>10.3f}{ref_times[metric]:>10.3f}   {notes[metric]}")
    ours_total = sum(times.values())
    ref_total = sum(ref_times.values())
    print(
        f"{'total':<18}{ours_total:>10.3f}{ref_total:>10.3f}   ratio graphkit/igraph = {ours_total / ref_total:.2f} "
        "(target ≤ 3)"
    )
    print(f"compute(G) with all 7 metrics in one call (closeness and betweenness share Dijkstra): {t_all:.3f} s")
    louvain_alone(args, G, g, nodes, groups, ig_groups, times["louvain"], ref_times["louvain"], ig_louvain)

    if pivots is not None:
        from scipy.stats import spearmanr

        err = np.abs(ours["betweenness"] - exact_bc)
        top = np.argsort(-exact_bc)[:20]
        print(
            f"\nsampled betweenness vs exact (igraph): max |error| {err.max():.2e} (mean {err.mean():.2e}; "
            f"largest exact value {exact_bc.max():.2e}); Spearman ρ {spearmanr(ours['betweenness'], exact_bc)[0]:.4f}; "
            f"top 20 overlap {len(set(top) & set(np.argsort(-ours['betweenness'])[:20]))}/20; "
            f"Hoeffding 95% bound per state {C.betweenness_error_bound(n, len(pivots)):.3f}"
        )
        if args.exact_betweenness:
            (_, exact), t_exact = timed(C._paths_metrics, nodes, D, False, None, True)
            print(
                f"graphkit exact betweenness: {t_exact:.2f} s (igraph {ref_times['betweenness']:.2f} s), "
                f"max |Δ| vs igraph {np.max(np.abs(exact - exact_bc)):.1e}"
            )


def louvain_alone(args, G, g, nodes, groups, ig_groups, t_ours, t_ig, ig_louvain) -> None:
    """Louvain alone: graphkit against igraph (time, ratio, modularities), NetworkX as the old baseline."""
    import networkx as nx

    def q(found):  # one modularity function for all three: igraph's, on the same weights
        return g.modularity(_membership(nodes, found), weights="weight")

    print(f"\nLouvain alone (seed {C.DEFAULT_SEED}, best of {args.louvain_repeat}):")
    print(f"  graphkit  {t_ours:7.3f} s   modularity {q(groups):.5f}   {len(groups)} communities")
    print(f"  igraph    {t_ig:7.3f} s   modularity {ig_groups.modularity:.5f}   {len(ig_groups)} communities")
    print(
        f"  ratio graphkit/igraph = {t_ours / t_ig:.2f} (target ≤ 1.5); "
        f"modularity graphkit − igraph = {q(groups) - ig_groups.modularity:+.5f}"
    )
    if args.skip_networkx_louvain:
        return
    found, t_nx = timed(nx.community.louvain_communities, G, weight="weight", seed=C.DEFAULT_SEED)
    print(
        f"  networkx  {t_nx:7.3f} s   modularity {q(found):.5f}   {len(found)} communities "
        f"(the old implementation, ×{t_nx / t_ours:.1f} the time of graphkit's)"
    )
    if args.louvain_seeds:
        ours = [q(C.communities(G, seed)) for seed in range(args.louvain_seeds)]
        theirs = [ig_louvain(seed).modularity for seed in range(args.louvain_seeds)]
        for name, values in (("graphkit", ours), ("igraph", theirs)):
            print(
                f"  {name:<9} over seeds 0…{args.louvain_seeds - 1}: modularity min {min(values):.5f}  "
                f"median {statistics.median(values):.5f}  max {max(values):.5f}"
            )
        print(f"  graphkit ≥ igraph for {sum(a >= b for a, b in zip(ours, theirs))} of {args.louvain_seeds} seeds")


def _membership(nodes, groups):
    index = {v: i for i, v in enumerate(nodes)}
    out = [0] * len(nodes)
    for c, group in enumerate(groups):
        for v in group:
            out[index[v]] = c
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller synthetic graph")
    parser.add_argument("--repeat", type=int, default=3, help="repeats of the real-dataset timing (median)")
    parser.add_argument("--uri")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--database")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument(
        "--exact-betweenness", action="store_true", help="also time graphkit's exact betweenness on the synthetic graph"
    )
    parser.add_argument("--louvain-repeat", type=int, default=3, help="repeats of the Louvain timings (best of)")
    parser.add_argument(
        "--louvain-seeds", type=int, default=0, help="also compare Louvain modularities over seeds 0…N−1"
    )
    parser.add_argument(
        "--skip-networkx-louvain", action="store_true", help="do not time NetworkX's Louvain (the old baseline)"
    )
    args = parser.parse_args()
    if not args.skip_real:
        real_dataset(args)
    if not args.skip_synthetic:
        synthetic(args)


if __name__ == "__main__":
    main()
