"""``actors``: Stakeholders as actors like the States (projection, scores, runs, export, views, CLI)."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graphkit.analysis import centrality as C
from graphkit.analysis.export import for_gephi
from graphkit.analysis.projection import bipartite_from_rows, cooperation_graph, incidence
from graphkit.analysis.ranking import graph_note, score_records
from graphkit.analysis.runs import _rows_by_label, run_record, score_rows
from graphkit.errors import InvalidData, UsageProblem
from graphkit.views import build
from graphkit.views.html import view_html
from graphkit.views.style import STAKEHOLDER_SHAPES
from tests.helpers import BASE, SRC, cli, make_folder

XSS = '<img src=x onerror="alert(1)">'


def member(a: str, forum: str) -> dict:
    return {"a": a, "b": forum, "rel": "MEMBER_OF", "attrs": {"role": "member"}}


@pytest.fixture
def mixed():
    """A forum of two states and a company; a declaration the company and a charity endorse with one state."""
    return bipartite_from_rows(
        [{"id": s, "attrs": {"name": s}} for s in ("FRA", "EST", "ISL")],
        [
            {"id": "forum", "label": "Organisation", "attrs": {"name": "Forum", "kind": "multistakeholder"}},
            {"id": "call", "label": "Instrument", "attrs": {"name": "Call", "kind": "declaration"}},
        ],
        [
            member("FRA", "forum"),
            member("EST", "forum"),
            member("acme", "forum"),
            *({"a": a, "b": "call", "rel": "ENDORSED", "attrs": {}} for a in ("FRA", "acme", "ngo")),
        ],
        stakeholders=[
            {"id": "acme", "attrs": {"name": "Acme", "kind": "company", "based_in": "FRA"}},
            {"id": "ngo", "attrs": {"name": XSS, "kind": "civil-society", "based_in": None}},
        ],
    )


# -- the projection ------------------------------------------------------------------------------
def test_stakeholders_are_actors_in_the_bipartite_graph(mixed):
    assert mixed.nodes["acme"] == {
        "label": "Stakeholder", "bipartite": 0, "name": "Acme", "kind": "company", "based_in": "FRA"
    }  # fmt: skip
    assert mixed.edges["acme", "forum"]["rel"] == "MEMBER_OF"


def test_a_company_in_a_forum_of_two_states_changes_their_weight_to_one_half(mixed):
    states = cooperation_graph(mixed)
    assert states["FRA"]["EST"]["weight"] == pytest.approx(1.0)  # n = 2 states: 1/(2-1)
    assert set(states) == {"FRA", "EST", "ISL"} and states.graph["actors"] == "states"
    everyone = cooperation_graph(mixed, actors="all")
    assert everyone["FRA"]["EST"]["weight"] == pytest.approx(1 / (3 - 1))  # n = 3 actors
    assert everyone["FRA"]["acme"]["weight"] == pytest.approx(1 / 2 + 0.5 / 2)  # forum + call (n = 3, m = 0.5)
    assert everyone["acme"]["ngo"]["weight"] == pytest.approx(0.5 / 2) and everyone["acme"]["ngo"]["forums"] == 1
    assert "EST" not in everyone["ngo"] and everyone.degree("ISL") == 0
    assert everyone.nodes["acme"]["label"] == "Stakeholder" and "bipartite" not in everyone.nodes["acme"]


def test_states_only_ignores_stakeholders_as_if_they_were_not_there(mixed):
    without = mixed.subgraph(n for n in mixed if mixed.nodes[n]["label"] != "Stakeholder").copy()
    a, b = cooperation_graph(mixed), cooperation_graph(without)
    assert sorted(a.edges(data=True)) == sorted(b.edges(data=True))
    assert incidence(mixed)[0] == ["EST", "FRA", "ISL"]
    assert incidence(mixed, actors="all")[0] == ["EST", "FRA", "ISL", "acme", "ngo"]


def test_unknown_actors_and_id_clashes_are_refused(mixed):
    with pytest.raises(UsageProblem, match="unknown actors") as error:
        cooperation_graph(mixed, actors="firms")
    assert error.value.param == "actors"
    with pytest.raises(InvalidData, match="already used by a node labelled Organisation"):
        bipartite_from_rows([], [{"id": "icann", "label": "Organisation", "attrs": {}}], [],
                            stakeholders=[{"id": "icann", "attrs": {"kind": "technical-community"}}])  # fmt: skip


# -- scores, rows, runs ----------------------------------------------------------------------------
def test_stakeholders_are_scored_and_rows_carry_label_and_kind(mixed):
    G = cooperation_graph(mixed, actors="all")
    scores = C.compute(G, seed=1)
    assert set(scores) == set(G) and scores["acme"]["strength"] > scores["EST"]["strength"]
    rows = {r["id"]: r for r in score_records(G, scores, C.METRICS, details=True)}
    assert rows["acme"]["label"] == "Stakeholder" and rows["acme"]["kind"] == "company"
    assert rows["FRA"]["label"] == "State" and rows["FRA"]["kind"] is None
    assert "label" not in score_records(G, scores, C.METRICS)[0]
    assert graph_note(G).startswith("5 actors (3 states, 2 stakeholders), ")


def test_a_run_records_its_actors_and_groups_rows_by_label(mixed):
    G = cooperation_graph(mixed, actors="all")
    scores = C.compute(G, ["degree", "pagerank"])
    labels = {v: G.nodes[v]["label"] for v in G}
    run = run_record(scores, ["degree", "pagerank"], actors="all", labels=labels, run_id="r")
    assert (run["actors"], run["states"], run["stakeholders"]) == ("all", 3, 2)
    grouped = _rows_by_label(score_rows(scores, run["metrics"]), "all", labels)
    assert {k: [r["id"] for r in v] for k, v in grouped.items()} == {
        "State": ["EST", "FRA", "ISL"], "Stakeholder": ["acme", "ngo"]
    }  # fmt: skip
    assert "stakeholders" not in run_record({"FRA": {"degree": 1.0}}, ["degree"])
    with pytest.raises(InvalidData, match="not one of the actors"):
        _rows_by_label(score_rows(scores, run["metrics"]), "states", labels)


def test_export_keeps_label_as_type_and_kind(mixed):
    G = cooperation_graph(mixed, actors="all")
    H = for_gephi(G, C.compute(G, ["pagerank"]))
    assert H.nodes["acme"]["type"] == "Stakeholder" and H.nodes["acme"]["kind"] == "company"
    assert H.nodes["acme"]["label"] == "Acme"


# -- views -----------------------------------------------------------------------------------------
def test_cooperation_view_draws_stakeholders_by_kind_with_a_legend(mixed):
    plain = build.build_view(mixed, build.ViewOptions())
    assert {n["id"] for n in plain.nodes} == {"FRA", "EST", "ISL"} and "stakeholders" not in plain.payload["meta"][
        "counts"
    ]
    view = build.build_view(mixed, build.ViewOptions(actors="all"))
    nodes = {n["id"]: n for n in view.nodes}
    assert nodes["acme"]["shape"] == STAKEHOLDER_SHAPES["company"]["shape"]
    assert nodes["ngo"]["shape"] == STAKEHOLDER_SHAPES["civil-society"]["shape"] and nodes["FRA"]["shape"] == "dot"
    shapes = {s["label"]: s["count"] for s in view.payload["legend"]["shapes"]}
    assert shapes["Stakeholder: company"] == 1 and shapes["Stakeholder: civil-society"] == 1
    info = view.payload["info"]["acme"]
    assert info["label"] == "Stakeholder" and info["kind"] == "company" and info["based_in"] == "FRA"
    assert "pagerank" in info["scores"] and info["links"]
    assert view.payload["meta"]["counts"]["stakeholders"] == 2
    assert "stakeholders" in view.title
    html = view_html(view)
    assert XSS not in html and "<img" not in html


def test_forums_view_draws_stakeholders_and_their_ties(mixed):
    view = build.build_view(mixed, build.ViewOptions(view="forums", actors="all"))
    ids = {n["id"] for n in view.nodes}
    assert {"acme", "ngo", "forum", "call"} <= ids
    assert {(e["from"], e["to"]) for e in view.edges} >= {("acme", "forum"), ("ngo", "call")}


def test_view_options_refuse_unknown_actors():
    with pytest.raises(UsageProblem) as error:
        build.ViewOptions(actors="firms").check()
    assert error.value.param == "actors"


@pytest.mark.parametrize("command", [["centrality"], ["centrality", "compare"], ["export"], ["render"]])
def test_cli_offers_actors_and_refuses_other_values(command):
    assert "--actors [states|all]" in cli(*command, "--help").stdout
    result = cli(*command, "--actors", "firms")
    assert result.exit_code == 2 and "firms" in result.output


# -- against Neo4j -----------------------------------------------------------------------------------
STAKEHOLDERS = (
    "id,name,kind,source,as_of,note\n"
    f"acme,Acme Corp,company,{SRC},2025-01-01,\n"
    f"digital-rights,Digital Rights Watch,civil-society,{SRC},2025-01-01,\n"
)
BASED_IN = f"from_id,to_id,source,as_of,note\nacme,USA,{SRC},2025-01-01,\n"
ENDORSED = (
    "from_id,to_id,date,source,as_of,note\n"
    f"acme,budapest-convention,2019-01-01,{SRC},2025-01-01,\n"
    f"digital-rights,budapest-convention,,{SRC},2025-01-01,\n"
)
MEMBER_OF = BASE["member_of.csv"] + f"acme,eu,partner,2010,,{SRC},2025-01-01,\n"


@pytest.fixture
def stakeholder_db(empty_db, tmp_path):
    folder = make_folder(
        tmp_path, stakeholders_csv=STAKEHOLDERS, based_in_csv=BASED_IN, endorsed_csv=ENDORSED, member_of_csv=MEMBER_OF
    )
    result = cli("load", folder, "--quiet")
    assert result.exit_code == 0, result.output
    return empty_db


@pytest.mark.neo4j
def test_centrality_all_scores_stakeholders_and_states_is_the_default(stakeholder_db):
    result = cli("centrality", "--actors", "all", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {"FRA", "DEU", "EST", "USA", "acme", "digital-rights"}
    assert rows["acme"]["label"] == "Stakeholder" and rows["acme"]["kind"] == "company"
    assert rows["digital-rights"]["kind"] == "civil-society" and rows["FRA"]["label"] == "State"
    assert rows["acme"]["pagerank"] > 0
    scored = stakeholder_db.read(
        "MATCH (s:Stakeholder)-[x:SCORED]->(r:CentralityRun) RETURN s.id AS id, r.actors AS actors, "
        "r.stakeholders AS n, s.centrality_run = r.id AS copied ORDER BY id"
    )
    assert scored == [
        {"id": "acme", "actors": "all", "n": 2, "copied": True},
        {"id": "digital-rights", "actors": "all", "n": 2, "copied": True},
    ]
    default = cli("centrality", "--no-write", "--format", "json")
    states = cli("centrality", "--no-write", "--actors", "states", "--format", "json")
    assert default.exit_code == 0 and states.stdout == default.stdout
    assert {r["id"] for r in json.loads(default.stdout)} == {"FRA", "DEU", "EST", "USA"}
    runs = json.loads(cli("centrality", "runs", "--format", "json").stdout)
    assert [r["actors"] for r in runs] == ["all"]


@pytest.mark.neo4j
def test_compare_export_and_render_take_actors(stakeholder_db, tmp_path):
    result = cli(
        "centrality", "compare", "--as-of", "2015-01-01", "--as-of", "latest", "--actors", "all", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["acme"]["label"] == "Stakeholder" and rows["acme"]["rank_to"] is not None
    out = tmp_path / "all.graphml"
    assert cli("export", "--actors", "all", "--out", out).exit_code == 0
    assert nx.read_graphml(out).nodes["acme"]["type"] == "Stakeholder"
    page = tmp_path / "all.html"
    result = cli("render", "--actors", "all", "--out", page)
    assert result.exit_code == 0, result.output
    assert '"Stakeholder: company"' in page.read_text(encoding="utf-8")
