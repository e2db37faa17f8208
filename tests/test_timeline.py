"""The history of the graph: one as-of rule, yearly snapshots, the backbone, community names, the slider's data."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.analysis import centrality
from graphkit.analysis.backbone import backbone_mask, choose_alpha, disparity_backbone, edge_pvalues, mean_ties
from graphkit.analysis.blocs import community_names
from graphkit.analysis.projection import as_of_graph, bipartite_from_rows, cooperation_graph
from graphkit.analysis.timeline import build_timeline, first_date, snapshot_dates, yearly_scores
from graphkit.views import build
from graphkit.views.timeline import changes, edge_spells

D = dt.date


def nato_history():
    """France and the US in NATO since 1949, Estonia since 2004; Russia in the G8 1997–2014; an undated ITU row."""
    states = [{"id": s, "attrs": {"name": s, "region": "Europe"}} for s in ("EST", "FRA", "USA", "RUS")]
    forums = [
        {"id": "nato", "label": "Organisation", "attrs": {"name": "NATO", "founded": D(1949, 4, 4)}},
        {"id": "g8", "label": "Organisation", "attrs": {"name": "G8"}},
        {"id": "itu", "label": "Organisation", "attrs": {"name": "ITU", "founded": D(1865, 5, 17)}},
        {"id": "igf-2015", "label": "Summit", "attrs": {"name": "IGF 2015", "start_date": D(2015, 11, 10)}},
    ]
    member = "MEMBER_OF"
    edges = [
        {"a": "EST", "b": "nato", "rel": member, "attrs": {"role": "member", "since": D(2004, 3, 29)}},
        {"a": "FRA", "b": "nato", "rel": member, "attrs": {"role": "member", "since": D(1949, 8, 24)}},
        {"a": "USA", "b": "nato", "rel": member, "attrs": {"role": "member", "since": D(1949, 8, 24)}},
        {"a": "RUS", "b": "g8", "rel": member, "attrs": {"since": D(1997, 6, 20), "until": D(2014, 3, 24)}},
        {"a": "USA", "b": "g8", "rel": member, "attrs": {"since": D(1997, 6, 20)}},
        {"a": "RUS", "b": "itu", "rel": member, "attrs": {"as_of": D(2025, 6, 1)}},
        {"a": "USA", "b": "itu", "rel": member, "attrs": {"as_of": D(2025, 6, 1)}},
        *({"a": s, "b": "igf-2015", "rel": "ATTENDED", "attrs": {}} for s in ("EST", "RUS")),
    ]
    return bipartite_from_rows(states, forums, edges)


# -- the as_of rule ---------------------------------------------------------------------------
def test_membership_counts_from_since_until_until():
    H = nato_history()
    assert sorted(as_of_graph(H, D(2003, 12, 31))["nato"]) == ["FRA", "USA"]
    assert sorted(as_of_graph(H, D(2004, 3, 29))["nato"]) == ["EST", "FRA", "USA"]
    assert "RUS" in as_of_graph(H, D(2014, 3, 23))["g8"] and "RUS" not in as_of_graph(H, D(2014, 3, 24))["g8"]


def test_an_undated_membership_counts_from_its_source_date_and_never_before():
    H = nato_history()
    assert not as_of_graph(H, D(2025, 5, 31)).has_edge("USA", "itu")
    assert as_of_graph(H, D(2025, 6, 1)).has_edge("USA", "itu")


def test_summits_count_from_their_start_and_organisations_from_their_founding():
    H = nato_history()
    assert "igf-2015" not in as_of_graph(H, D(2015, 11, 9)) and "igf-2015" in as_of_graph(H, D(2015, 11, 10))
    assert "nato" not in as_of_graph(H, D(1949, 4, 3)) and "g8" in as_of_graph(H, D(1900, 1, 1))


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=D(1850, 1, 1), max_value=D(2030, 12, 31)))
def test_the_timeline_projects_exactly_what_as_of_graph_keeps(day):
    H = nato_history()
    tl = build_timeline(H, day, dates=[day])
    expected = cooperation_graph(as_of_graph(H, day))
    got = tl.graph(0)
    assert {frozenset(e) for e in got.edges} == {frozenset(e) for e in expected.edges}
    for u, v, w in expected.edges(data="weight"):
        assert got.edges[u, v]["weight"] == pytest.approx(w)


def test_snapshots_are_year_ends_then_the_last_date():
    H = nato_history()
    assert first_date(H) == D(1865, 5, 17)
    dates = snapshot_dates(D(2003, 3, 1), D(2005, 6, 30))
    assert dates == [D(2003, 12, 31), D(2004, 12, 31), D(2005, 6, 30)]


def test_yearly_scores_equal_the_metrics_of_each_snapshot():
    H = nato_history()
    tl = build_timeline(H, D(2026, 1, 1))
    scores = yearly_scores(tl)
    i = tl.index_at(D(2016, 12, 31))
    expected = centrality.compute(tl.graph(i), ["degree", "strength", "eigenvector", "pagerank"])
    for metric in ("degree", "strength", "eigenvector", "pagerank"):
        for a, actor in enumerate(tl.actors):
            assert scores[metric][i, a] == pytest.approx(expected[actor][metric], abs=1e-9)


# -- the backbone -----------------------------------------------------------------------------------
def test_disparity_pvalues_by_hand():
    # a hub of strength 6 with ties 4, 1, 1: alpha = (1 - w/6)^(3-1)
    G = nx.Graph()
    G.add_weighted_edges_from([("H", "A", 4.0), ("H", "B", 1.0), ("H", "C", 1.0)])
    A = nx.to_scipy_sparse_array(G, nodelist=["H", "A", "B", "C"])
    P = edge_pvalues(A).toarray()
    assert P[0, 1] == pytest.approx((1 - 4 / 6) ** 2)
    assert P[0, 2] == pytest.approx((1 - 1 / 6) ** 2)
    kept = backbone_mask(A, 0.2, keep_strongest=False).toarray()
    assert kept[0, 1] == 1 and kept[0, 2] == 0


def test_the_backbone_keeps_every_tied_node_and_at_most_about_six_ties_each():
    rng = np.random.default_rng(3)
    G = nx.complete_graph(120)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = float(rng.pareto(1.5) + 0.01)
    H = disparity_backbone(G)
    assert set(H) == set(G) and all(H.degree(n) > 0 for n in H)
    assert mean_ties(nx.to_scipy_sparse_array(H)) <= 6
    assert H.graph["backbone_alpha"] == choose_alpha(nx.to_scipy_sparse_array(G))
    assert H.graph["backbone_of"] == G.number_of_edges()


def test_the_cooperation_view_draws_the_backbone_by_default_and_says_so():
    H = nato_history()
    B = as_of_graph(H, D(2026, 1, 1))
    view = build.build_view(B, build.ViewOptions())
    assert view.options.tie_mode == "backbone"
    assert "disparity filter" in view.payload["meta"]["ties_text"]
    assert "α = " in view.payload["meta"]["ties_text"]


# -- names ------------------------------------------------------------------------------------------
def test_communities_are_named_by_their_leading_members_and_region():
    G = nx.Graph()
    for s, region in (("FRA", "Europe"), ("DEU", "Europe"), ("ITA", "Europe"), ("ESP", "Europe"), ("USA", "Americas")):
        G.add_node(s, region=region)
    scores = {s: {"community": 0, "pagerank": p} for s, p in zip(("FRA", "DEU", "ITA", "ESP"), (0.4, 0.3, 0.2, 0.1))}
    scores["USA"] = {"community": 1, "pagerank": 0.5}
    assert community_names(G, scores) == {0: "FRA · DEU · ITA … — mostly Europe", 1: "USA"}


def test_forum_labels_are_short_and_the_full_name_stays_in_the_details():
    long = "Convention on Cybercrime of the Council of Europe, opened for signature in Budapest"
    B = bipartite_from_rows(
        [{"id": s, "attrs": {"name": s}} for s in ("EST", "FRA")],
        [
            {"id": "bc", "label": "Instrument", "attrs": {"name": long, "short_name": "Budapest Convention"}},
            {"id": "x", "label": "Organisation", "attrs": {"name": "y" * 90}},
        ],
        [{"a": s, "b": f, "rel": "MEMBER_OF", "attrs": {}} for s in ("EST", "FRA") for f in ("bc", "x")],
    )
    view = build.build_view(B, build.ViewOptions(view="forums"))
    labels = {n["id"]: n["label"] for n in view.nodes}
    assert labels["bc"] == "Budapest Convention" and len(labels["x"]) == 40
    assert view.payload["info"]["bc"]["name"] == long


# -- the slider's data --------------------------------------------------------------------------------
def test_change_lists_and_spells():
    assert changes([1, 1, 1]) == [[0, 1]]
    H = nato_history()
    assert edge_spells(H, "RUS", "g8") == [["1997-06-20", "2014-03-24"]]
    assert edge_spells(H, "USA", "itu") == [["2025-06-01", None]]


def test_a_view_with_history_hides_what_its_date_does_not_show_and_embeds_every_year():
    H = nato_history()
    B = as_of_graph(H, D(2010, 6, 30))
    B.graph["as_of"] = D(2010, 6, 30)
    view = build.build_view(B, build.ViewOptions(view="forums", as_of=D(2010, 6, 30)), history=H)
    tl = view.payload["timeline"]
    assert tl["dates"][tl["start"]] == "2010-06-30" and tl["first"] == 1865
    hidden = {frozenset((e["from"], e["to"])) for e in view.edges if e["hidden"]}
    assert frozenset(("USA", "itu")) in hidden and frozenset(("EST", "nato")) not in hidden
    assert view.payload["meta"]["counts"]["edges"] == sum(not e["hidden"] for e in view.edges)


def test_the_cooperation_timeline_weights_are_those_of_each_year():
    H = nato_history()
    B = as_of_graph(H, D(2026, 1, 1))
    view = build.build_view(B, build.ViewOptions(ties="all"), history=H)
    tl = view.payload["timeline"]
    edge = next(e for e in view.edges if {e["from"], e["to"]} == {"EST", "FRA"})
    series = dict(map(tuple, tl["edges"][str(edge["id"])]))
    first = min(series)
    assert tl["dates"][first] == "2004-12-31" or series[first] == 0
    before = max(i for i, d in enumerate(tl["dates"]) if d <= "2003-12-31")
    value = 0
    for i in sorted(series):
        if i <= before:
            value = series[i]
    assert value == 0


# -- the dynamic GEXF ---------------------------------------------------------------------------------
def test_the_dynamic_gexf_has_the_spells_and_yearly_weights_gephi_plays(tmp_path):
    from graphkit.analysis.export import dynamic_graph, tie_spells, write_dynamic

    H = nato_history()
    spells = tie_spells(H)
    assert spells[("RUS", "USA")] == [(D(1997, 6, 20), D(2014, 3, 24)), (D(2025, 6, 1), D.max)]
    G = dynamic_graph(H, D(2026, 1, 1))
    path = write_dynamic(G, tmp_path / "timeline.gexf")
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    assert '<spell start="2025-06-01" />' in text  # open-ended: no end attribute
    back = nx.read_gexf(path)

    def spells(u, v):  # networkx's reader reads a missing end as the text 'None'
        return [(s, None if e == "None" else e) for s, e in back.edges[u, v]["spells"]]

    assert spells("RUS", "USA") == [("1997-06-20", "2014-03-23"), ("2025-06-01", None)]
    assert spells("EST", "FRA") == [("2004-03-29", None)]
    weights = back.edges["FRA", "USA"]["yearly_weight"]  # NATO of two, then of three from 2004
    assert weights[0][0] == 1.0 and any(w == 0.5 for w, *_ in weights)


def test_a_dynamic_export_is_gexf_only():
    from graphkit.analysis.export import export_dynamic
    from graphkit.errors import UsageProblem

    with pytest.raises(UsageProblem, match="GEXF only") as info:
        export_dynamic(None, "x.graphml", "graphml")
    assert info.value.param == "format"
