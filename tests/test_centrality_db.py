"""Centrality against the real Neo4j: reading the graph as of a date, write-back, the CLI, export."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import networkx as nx
import pytest

from graphkit.analysis import centrality as C
from graphkit.analysis.projection import cooperation_graph, read_bipartite
from graphkit.analysis.runs import list_runs, read_run
from graphkit.data.read import bundled_datasets_dir
from tests.helpers import BASE, SRC, cli, make_folder

pytestmark = pytest.mark.neo4j

MEMBER_OF = BASE["member_of.csv"] + (
    f"USA,eu,observer,2000,2010-06,{SRC},2025-01-01,\n"  # ended in June 2010
)
SIGNED = BASE["signed.csv"] + f"DEU,budapest-convention,,{SRC},2025-01-01,undated\n"


@pytest.fixture
def small_graph_db(empty_db, tmp_path):
    folder = make_folder(tmp_path, member_of_csv=MEMBER_OF, signed_csv=SIGNED)
    result = cli("load", folder, "--quiet")
    assert result.exit_code == 0, result.output
    return empty_db


def edges(B):
    return {tuple(sorted((u, v))) for u, v in B.edges}


def test_read_bipartite_reads_everything(small_graph_db):
    B = read_bipartite(small_graph_db)
    assert {n for n, d in B.nodes(data=True) if d["label"] == "State"} == {"FRA", "DEU", "EST", "USA"}
    assert B.nodes["FRA"]["name"] == "France" and B.nodes["FRA"]["region"] == "Europe"
    assert B.nodes["igf-2019"]["label"] == "Summit" and B.nodes["igf-2019"]["start_date"] == dt.date(2019, 11, 25)
    assert B.nodes["bilateral-est-usa-2020"]["kind"] == "bilateral"
    assert B.edges["FRA", "budapest-convention"]["rel"] == "RATIFIED"
    assert {r["rel"] for r in B.edges["FRA", "budapest-convention"]["relations"]} == {"RATIFIED", "SIGNED"}
    assert B.edges["EST", "nato"]["since"] == dt.date(2004, 3, 29)
    assert B.edges["EST", "nato"]["since_precision"] == "day"
    assert B.edges["FRA", "eu"]["since"] == dt.date(1958, 1, 1) and B.edges["FRA", "eu"]["since_precision"] == "year"
    assert B.nodes["bilateral-est-usa-2020"]["adopted_precision"] == "month"
    assert B.edges["DEU", "igf-2019"]["rel"] == "HOSTED"
    # latest = as of today: the observer status that ended in 2010 is not there
    assert B.graph["as_of"] is None and B.graph["date"] == dt.date.today()
    assert ("USA", "eu") not in edges(B)
    B2005 = read_bipartite(small_graph_db, dt.date(2005, 1, 1))
    assert B2005.edges["USA", "eu"]["role"] == "observer" and B2005.edges["USA", "eu"]["until"] == dt.date(2010, 6, 1)


def test_read_bipartite_uses_a_few_set_based_queries(small_graph_db):
    calls = []

    class Counting:
        def read_transaction(self, work):
            def wrapped(tx):
                class Tx:
                    def run(self, query, *args, **kwargs):
                        calls.append(query)
                        return tx.run(query, *args, **kwargs)

                return work(Tx())

            return small_graph_db.read_transaction(wrapped)

    read_bipartite(Counting())
    assert len(calls) == 3


def test_as_of_keeps_only_what_held_on_that_date(small_graph_db):
    in_2005 = read_bipartite(small_graph_db, dt.date(2005, 1, 1))
    in_2015 = read_bipartite(small_graph_db, "2015-01-01")
    assert ("USA", "eu") in edges(in_2005)  # observer 2000 .. 2010-06
    assert ("USA", "eu") not in edges(in_2015)  # the membership ended before the date
    assert ("EST", "nato") not in edges(read_bipartite(small_graph_db, dt.date(2004, 3, 28)))
    assert ("EST", "nato") in edges(read_bipartite(small_graph_db, dt.date(2004, 3, 29)))
    # summits: start_date <= date
    assert "igf-2019" not in read_bipartite(small_graph_db, dt.date(2019, 11, 24))
    assert ("DEU", "igf-2019") in edges(read_bipartite(small_graph_db, dt.date(2019, 11, 25)))
    # instruments: adopted <= date; a dated ratification only from its date; an undated signature
    # counts from the date its source speaks for (as_of 2025-01-01), never before
    in_2002 = read_bipartite(small_graph_db, dt.date(2002, 1, 1))
    assert {r["rel"] for r in in_2002.edges["FRA", "budapest-convention"]["relations"]} == {"SIGNED"}
    assert ("DEU", "budapest-convention") not in edges(in_2002)
    assert ("DEU", "budapest-convention") in edges(read_bipartite(small_graph_db, dt.date(2025, 1, 1)))
    assert "budapest-convention" not in read_bipartite(small_graph_db, dt.date(2001, 1, 1))
    # every state is always there, isolated or not
    G = cooperation_graph(read_bipartite(small_graph_db, dt.date(1950, 1, 1)))
    assert sorted(G) == ["DEU", "EST", "FRA", "USA"]
    assert list(G.edges) == [("FRA", "USA")]  # NATO's two founding members here
    assert G["FRA"]["USA"]["weight"] == 1.0


def test_write_back_creates_one_run_with_scores_for_every_state(small_graph_db):
    result = cli("centrality", "--write", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Wrote centrality run" in result.stderr
    printed = {row["id"]: row for row in json.loads(result.stdout)}
    runs = list_runs(small_graph_db)
    assert len(runs) == 1
    run = runs[0]
    assert run["metrics"] == list(C.METRICS) and run["as_of"] is None and run["seed"] == C.DEFAULT_SEED
    assert run["weights"]["membership"] == 1.0 and run["states"] == 4
    assert isinstance(run["computed_at"], dt.datetime)
    _, scored = read_run(small_graph_db, run["id"])
    assert set(scored) == {"FRA", "DEU", "EST", "USA"}
    for state, values in scored.items():
        for metric in C.METRICS:
            assert values[metric] == pytest.approx(printed[state][metric])
    top = max(printed, key=lambda s: printed[s]["pagerank"])
    assert scored[top]["rank"] == 1
    props = small_graph_db.read(
        "MATCH (s:State) RETURN s.id AS id, s.pagerank AS pagerank, s.community AS community, s.centrality_run AS run"
    )
    assert {p["id"]: p["pagerank"] for p in props} == pytest.approx({s: v["pagerank"] for s, v in printed.items()})
    assert {p["run"] for p in props} == {run["id"]}
    counts = small_graph_db.read(
        "MATCH (:State)-[x:SCORED]->(r:CentralityRun) RETURN count(x) AS n, count(DISTINCT r) AS runs"
    )
    assert counts == [{"n": 4, "runs": 1}]

    # a second run with fewer metrics: a second run node, State properties of that run only
    again = cli("centrality", "--write", "--metric", "degree", "--as-of", "2010-01-01", "--format", "csv")
    assert again.exit_code == 0, again.output
    runs = list_runs(small_graph_db)
    assert len(runs) == 2 and runs[0]["as_of"] == dt.date(2010, 1, 1) and runs[0]["metrics"] == ["degree"]
    props = small_graph_db.read(
        "MATCH (s:State {id: 'EST'}) RETURN s.pagerank AS pagerank, s.degree AS degree, s.centrality_run AS run"
    )
    assert props == [{"pagerank": None, "degree": 1.0, "run": runs[0]["id"]}]  # NATO since 2004
    listing = cli("centrality", "runs", "--format", "json")
    assert [r["id"] for r in json.loads(listing.stdout)] == [r["id"] for r in runs]


def test_json_output_shape(small_graph_db):
    result = cli("centrality", "--no-write", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and len(rows) == 4
    assert all(set(row) == {"id", "name", *C.METRICS, "community_name"} for row in rows)
    assert [r["pagerank"] for r in rows] == sorted((r["pagerank"] for r in rows), reverse=True)
    assert small_graph_db.read("MATCH (r:CentralityRun) RETURN count(r) AS n") == [
        {"n": 0}
    ]  # --no-write writes nothing
    two = json.loads(
        cli("centrality", "--format", "json", "--metric", "pagerank", "--metric", "degree", "--top", "2").stdout
    )
    assert len(two) == 2 and set(two[0]) == {"id", "name", "pagerank", "degree"}
    csv_text = cli("centrality", "--metric", "strength").stdout  # not a terminal: CSV
    assert csv_text.splitlines()[0] == "id,name,strength"
    table = cli("centrality", "--format", "table", "--top", "1").stdout
    assert table.splitlines()[0].split()[:3] == ["#", "id", "name"] and "4 states" in table


def test_out_file_and_weights(small_graph_db, tmp_path):
    weights = tmp_path / "w.json"
    weights.write_text(json.dumps({"membership": 2.0}))
    out = tmp_path / "scores.json"
    result = cli("centrality", "--weights", weights, "--weight", "bilateral=4", "--metric", "strength", "--out", out)
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(out.read_text())}
    # USA: NATO (4 members, 2.0/3 to each of 3 partners) + bilateral with EST (4.0); EU observer period ended
    assert rows["USA"]["strength"] == pytest.approx(3 * 2.0 / 3 + 4.0)


def test_compare_two_dates(small_graph_db):
    result = cli("centrality", "compare", "--as-of", "2003-01-01", "--as-of", "2024-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {"FRA", "DEU", "EST", "USA"}
    assert set(rows["EST"]) == {"id", "name", "rank_from", "rank_to", "change", "value_from", "value_to"}
    # Estonia had no ties in 2003 (NATO and EU in 2004): it can only move up
    assert rows["EST"]["rank_from"] == 4 and rows["EST"]["change"] > 0
    assert all(r["change"] == r["rank_from"] - r["rank_to"] for r in rows.values())
    table = cli(
        "centrality", "compare", "--as-of", "2003-01-01", "--as-of", "latest", "--format", "table", "--top", "1"
    )
    assert "rank 2003-01-01" in table.stdout and "rank latest" in table.stdout


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_export_parses_back(small_graph_db, tmp_path, fmt):
    out = tmp_path / f"coop.{fmt}"
    result = cli("export", "--format", fmt, "--out", out, "--as-of", "2024-01-01")
    assert result.exit_code == 0, result.output
    H = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    assert sorted(H) == ["DEU", "EST", "FRA", "USA"]
    fra = H.nodes["FRA"]
    assert fra["label"] == "France" and fra["region"] == "Europe"
    assert 0 < float(fra["pagerank"]) < 1 and int(fra["rank"]) >= 1 and int(fra["community"]) >= 0
    assert sum(float(d["pagerank"]) for _, d in H.nodes(data=True)) == pytest.approx(1.0)
    assert float(H["EST"]["USA"]["weight"]) == pytest.approx(1 / 3 + 1.0)


# -- the bundled dataset -----------------------------------------------------------------
@pytest.fixture
def bundled_db(empty_db):
    result = cli("load", bundled_datasets_dir(), "--quiet")
    assert result.exit_code == 0, result.output
    return empty_db


def test_bundled_dataset_strength_grows_with_shared_forums(bundled_db):
    B = read_bipartite(bundled_db)
    states = [n for n, d in B.nodes(data=True) if d["label"] == "State"]
    assert len(states) >= 190
    G = cooperation_graph(B)
    assert G.number_of_edges() > 1000, "the bundled dataset has few ties: has it landed yet?"
    # 1. With every multiplier 1, strength = the number of forums with >= 2 participants,
    #    so a state whose forums strictly contain another's is strictly stronger.
    ones = cooperation_graph(B, dict.fromkeys(G.graph["multipliers"], 1.0))
    forums = {
        s: frozenset(f for f in B[s] if sum(1 for x in B[f] if B.nodes[x]["label"] == "State") >= 2) for s in states
    }
    strength = C.strength(ones)
    for s in states:
        assert strength[s] == pytest.approx(len(forums[s]))
    checked = 0
    for a, b in itertools.combinations(states, 2):
        if forums[b] < forums[a]:
            assert strength[a] > strength[b], (a, b)
            checked += 1
        elif forums[a] < forums[b]:
            assert strength[b] > strength[a], (a, b)
            checked += 1
    assert checked > 0
    # 2. A derived copy: the best-connected state joins one more forum with the same partners
    #    (a copy of one of its forums): its strength rises, its partners' ties get heavier.
    base = C.strength(G)
    star = max(states, key=base.get)
    forum = max(B[star], key=lambda f: B.degree(f))
    D = B.copy()
    D.add_node("copy-of-" + forum, **B.nodes[forum])
    for s in B[forum]:
        D.add_edge(s, "copy-of-" + forum, **B.edges[s, forum])
    derived = C.strength(cooperation_graph(D))
    assert derived[star] > base[star]
    assert all(derived[s] >= base[s] for s in states)


def test_bundled_dataset_full_suite(bundled_db):
    G, scores = __import__("graphkit.analysis.runs", fromlist=["score"]).score(bundled_db)
    assert set(scores) == set(G) and len(scores) >= 190
    assert sum(s["pagerank"] for s in scores.values()) == pytest.approx(1.0)
    result = cli("centrality", "--write", "--format", "json", "--top", "10")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 10


def test_exclude_leaves_a_forum_out_and_is_recorded(small_graph_db):
    result = cli("centrality", "--exclude", "nato", "--metric", "strength", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    # without NATO the USA keeps only its bilateral with Estonia (the EU observer period ended in 2010)
    assert rows["USA"]["strength"] == pytest.approx(1.0)
    full = {
        r["id"]: r
        for r in json.loads(cli("centrality", "--no-write", "--metric", "strength", "--format", "json").stdout)
    }
    assert full["FRA"]["strength"] - rows["FRA"]["strength"] == pytest.approx(1.0)  # NATO of 4: 3 x 1/3
    run = list_runs(small_graph_db)[0]
    assert run["excluded"] == ["nato"]
    listing = json.loads(cli("centrality", "runs", "--format", "json").stdout)
    assert listing[0]["excluded"] == ["nato"]
    table = cli("centrality", "--no-write", "--exclude", "nato,eu", "--format", "table").stdout
    assert "excluding eu, nato" in table
    same = cli(
        "centrality", "compare", "--as-of", "2003-01-01", "--as-of", "latest", "--exclude", "eu", "--format", "json"
    )
    assert same.exit_code == 0, same.output


@pytest.mark.parametrize(
    "value, message",
    [
        ("natoo", "Error: --exclude: no forum with id 'natoo'. Did you mean 'nato'."),
        ("FRA", "Error: --exclude: 'FRA' is a State, not a forum. Give organisation, summit or instrument ids."),
    ],
)
def test_exclude_errors_name_the_option(small_graph_db, value, message):
    result = cli("centrality", "--no-write", "--exclude", value)
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert small_graph_db.read("MATCH (r:CentralityRun) RETURN count(r) AS n") == [{"n": 0}]
