"""The state–forum bipartite graph and its Newman projection (no database needed)."""

from __future__ import annotations

import itertools
import json
import random

import networkx as nx
import pytest

from graphkit.analysis.projection import (
    DEFAULT_MULTIPLIERS,
    KINDS,
    bipartite_from_rows,
    check_multipliers,
    cooperation_graph,
    incidence,
    project_matrix,
    read_multipliers,
    relation_kind,
)
from graphkit.errors import UsageProblem


def rows(states, forums, ties):
    """Bipartite rows: forums as (id, label, kind), ties as (state, forum, rel, role)."""
    return bipartite_from_rows(
        [{"id": s, "attrs": {"name": s.title()}} for s in states],
        [{"id": f, "label": label, "attrs": {"name": f, "kind": kind}} for f, label, kind in forums],
        [{"a": s, "b": f, "rel": rel, "attrs": {"role": role}} for s, f, rel, role in ties],
    )


def member(states, org):
    return [(s, org, "MEMBER_OF", "member") for s in states]


ORG = ("org", "Organisation", "regional")


def test_forum_of_three_gives_half_to_each_pair():
    B = rows(["AAA", "BBB", "CCC"], [ORG], member(["AAA", "BBB", "CCC"], "org"))
    G = cooperation_graph(B)
    assert sorted(G.edges(data="weight")) == [("AAA", "BBB", 0.5), ("AAA", "CCC", 0.5), ("BBB", "CCC", 0.5)]
    assert all(d["forums"] == 1 for *_, d in G.edges(data=True))


def test_weights_add_up_over_forums_and_bilateral_counts_one():
    B = rows(
        ["AAA", "BBB", "CCC", "DDD"],
        [ORG, ("big", "Organisation", "forum"), ("bil", "Instrument", "bilateral")],
        [
            *member(["AAA", "BBB", "CCC"], "org"),
            *member(["AAA", "BBB", "CCC", "DDD"], "big"),
            ("AAA", "bil", "SIGNED", None),
            ("DDD", "bil", "SIGNED", None),
        ],
    )
    G = cooperation_graph(B, forum_ids=True)
    assert G["AAA"]["BBB"]["weight"] == pytest.approx(1 / 2 + 1 / 3)
    assert G["AAA"]["BBB"]["forums"] == 2
    assert G["AAA"]["DDD"]["weight"] == pytest.approx(1 / 3 + 1.0)
    assert G["AAA"]["DDD"]["forum_ids"] == ("big", "bil")
    assert G["CCC"]["DDD"]["forum_ids"] == ("big",)


def test_isolated_states_are_nodes_with_no_ties():
    B = rows(
        ["AAA", "BBB", "ZZZ"],
        [ORG, ("solo", "Organisation", "forum")],
        [*member(["AAA", "BBB"], "org"), ("ZZZ", "solo", "MEMBER_OF", "member")],
    )
    G = cooperation_graph(B)
    assert sorted(G) == ["AAA", "BBB", "ZZZ"]
    assert G.degree("ZZZ") == 0


def test_several_relationships_to_one_forum_count_once_with_the_strongest():
    treaty = ("treaty", "Instrument", "convention")
    B = rows(
        ["AAA", "BBB", "CCC"],
        [treaty],
        [
            ("AAA", "treaty", "SIGNED", None),
            ("AAA", "treaty", "RATIFIED", None),
            ("BBB", "treaty", "RATIFIED", None),
            ("CCC", "treaty", "SIGNED", None),
        ],
    )
    G = cooperation_graph(B)
    # n = 3 participants; AAA and BBB count as ratification (1.0), CCC as signature (0.5)
    assert G["AAA"]["BBB"]["weight"] == pytest.approx(1.0 / 2)
    assert G["AAA"]["CCC"]["weight"] == pytest.approx((1.0 * 0.5) ** 0.5 / 2)
    assert B.edges["AAA", "treaty"]["rel"] == "RATIFIED"
    assert {r["rel"] for r in B.edges["AAA", "treaty"]["relations"]} == {"SIGNED", "RATIFIED"}


def test_observers_are_association_and_a_zero_multiplier_removes_participation():
    B = rows(["AAA", "BBB", "OBS"], [ORG], [*member(["AAA", "BBB"], "org"), ("OBS", "org", "MEMBER_OF", "observer")])
    G = cooperation_graph(B)
    assert G["AAA"]["BBB"]["weight"] == pytest.approx(1 / 2)
    assert G["AAA"]["OBS"]["weight"] == pytest.approx(0.5**0.5 / 2)
    H = cooperation_graph(B, {"association": 0})
    assert H["AAA"]["BBB"]["weight"] == pytest.approx(1.0)  # now a forum of two
    assert H.degree("OBS") == 0 and "OBS" in H


def test_summits_count_attended_or_hosted():
    summit = ("s-2019", "Summit", None)
    B = rows(
        ["AAA", "BBB", "CCC"],
        [summit],
        [
            ("AAA", "s-2019", "ATTENDED", "participant"),
            ("AAA", "s-2019", "HOSTED", None),
            ("BBB", "s-2019", "HOSTED", None),
            ("CCC", "s-2019", "ATTENDED", "observer"),
        ],
    )
    G = cooperation_graph(B, {"attendance": 2.0})
    assert {(u, v): w for u, v, w in G.edges(data="weight")} == pytest.approx(
        {("AAA", "BBB"): 1.0, ("AAA", "CCC"): 1.0, ("BBB", "CCC"): 1.0}, rel=1e-12
    )


def test_kinds_and_multipliers():
    assert relation_kind("MEMBER_OF", "member") == "membership"
    assert relation_kind("MEMBER_OF", "partner") == "association"
    assert relation_kind("RATIFIED", None, "Instrument", "bilateral") == "bilateral"
    assert relation_kind("ENDORSED", None, "Instrument", "declaration") == "endorsement"
    assert relation_kind("CONVENED") is None
    assert set(KINDS) == set(DEFAULT_MULTIPLIERS)
    with pytest.raises(UsageProblem, match="unknown relationship kind 'alliance'"):
        check_multipliers({"alliance": 1})
    with pytest.raises(UsageProblem, match="finite number"):
        check_multipliers({"membership": -1})
    with pytest.raises(UsageProblem, match="not a number"):
        check_multipliers({"membership": "lots"})


def test_read_multipliers_json_and_toml(tmp_path):
    (tmp_path / "w.json").write_text(json.dumps({"signature": 0.25, "bilateral": 3}))
    (tmp_path / "w.toml").write_text("membership = 2\n[other]\nx = 1\n")
    (tmp_path / "bad.toml").write_text("friendship = 2\n")
    (tmp_path / "broken.json").write_text("{")
    assert read_multipliers(tmp_path / "w.json") == {"signature": 0.25, "bilateral": 3.0}
    with pytest.raises(UsageProblem, match="unknown relationship kind 'other'"):
        read_multipliers(tmp_path / "w.toml")
    with pytest.raises(UsageProblem, match="friendship"):
        read_multipliers(tmp_path / "bad.toml")
    with pytest.raises(UsageProblem, match="neither valid JSON nor TOML"):
        read_multipliers(tmp_path / "broken.json")
    with pytest.raises(UsageProblem, match="cannot read"):
        read_multipliers(tmp_path / "missing.json")


def naive_projection(B, multipliers=None):
    """The definition, pair by pair, forum by forum (NetworkX style)."""
    table = check_multipliers(multipliers)
    states = [n for n, d in B.nodes(data=True) if d["label"] == "State"]
    G = nx.Graph()
    G.add_nodes_from(states)
    for forum, d in B.nodes(data=True):
        if d["label"] == "State":
            continue
        part = {}
        for s in B[forum]:
            kinds = [
                relation_kind(r["rel"], r["role"], d["label"], d.get("kind")) for r in B.edges[s, forum]["relations"]
            ]
            m = max(table[k] for k in kinds)
            if m > 0:
                part[s] = m
        for a, b in itertools.combinations(sorted(part), 2):
            w = (part[a] * part[b]) ** 0.5 / (len(part) - 1)
            if G.has_edge(a, b):
                G[a][b]["weight"] += w
                G[a][b]["forums"] += 1
            else:
                G.add_edge(a, b, weight=w, forums=1)
    return G


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_projection_equals_the_definition(seed):
    rng = random.Random(seed)
    states = [f"S{i:02d}" for i in range(rng.randint(2, 30))]
    forums = [
        (f"f{k}", rng.choice(["Organisation", "Summit", "Instrument"]), rng.choice(["forum", "bilateral", "treaty"]))
        for k in range(rng.randint(1, 12))
    ]
    rels = {
        "Organisation": ["MEMBER_OF"],
        "Summit": ["ATTENDED", "HOSTED"],
        "Instrument": ["SIGNED", "RATIFIED", "ENDORSED"],
    }
    ties = []
    for f, label, _ in forums:
        for s in rng.sample(states, rng.randint(1, len(states))):
            for rel in rng.sample(rels[label], rng.randint(1, len(rels[label]))):
                ties.append((s, f, rel, rng.choice(["member", "observer", "partner", None])))
    B = rows(states, forums, ties)
    weights = {k: rng.choice([0.0, 0.5, 1.0, 2.0]) for k in KINDS}
    ours, ref = cooperation_graph(B, weights), naive_projection(B, weights)
    assert sorted(ours) == sorted(ref)
    assert {tuple(sorted(e)) for e in ours.edges} == {tuple(sorted(e)) for e in ref.edges}
    for a, b, d in ref.edges(data=True):
        assert ours[a][b]["weight"] == pytest.approx(d["weight"], rel=1e-12)
        assert ours[a][b]["forums"] == d["forums"]


def test_incidence_and_project_matrix_shapes():
    B = rows(
        ["AAA", "BBB"],
        [ORG, ("solo", "Organisation", "forum")],
        [*member(["AAA", "BBB"], "org"), ("AAA", "solo", "MEMBER_OF", "member")],
    )
    states, forums, M = incidence(B)
    assert states == ["AAA", "BBB"] and forums == ["org", "solo"]
    W, F = project_matrix(M)
    assert W.toarray().tolist() == [[0.0, 1.0], [0.0, 0.0]]  # 'solo' has one participant: no tie
    assert F.toarray().tolist() == [[0.0, 1.0], [0.0, 0.0]]
