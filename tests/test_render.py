"""graphkit.views (build, style, html, layout) and `graphkit render`: building views, escaping, the HTML file, the CLI.

No browser here (see test_render_browser.py). Tests that need Neo4j are marked one by one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from graphkit import __version__, vocabulary
from graphkit.analysis.projection import bipartite_from_rows, cooperation_graph
from graphkit.errors import InvalidData, UsageProblem
from graphkit.views import build, style
from graphkit.views.escape import safe_url, script_json
from graphkit.views.html import view_html, write_view
from graphkit.views.layout import grid_fruchterman_reingold, positions
from tests.helpers import cli, make_folder

SRC = "https://example.org/source"
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>window.__xss=1</script>"
XSS_ATTR = '"><svg onload=window.__xss=2>'


def sample_bipartite():
    """A small state–forum graph with every kind of node and hostile strings in names, regions and sources."""
    states = [
        ("FRA", "France", "Europe"),
        ("DEU", "Germany", "Europe"),
        ("EST", "Estonia", "Europe"),
        ("USA", "United States", "Americas"),
        ("BRA", "Brazil", "Americas"),
        ("JPN", "Japan", "Asia"),
        ("KEN", "Kenya", "Africa"),
        ("XSS", XSS_NAME, XSS_SCRIPT),
        ("ISL", "Iceland", "Europe"),
    ]
    forums = [
        ("nato", "Organisation", {"name": "NATO", "kind": "alliance"}),
        ("eu", "Organisation", {"name": f"European Union {XSS_ATTR}", "kind": "regional"}),
        ("au", "Organisation", {"name": "African Union", "kind": "regional"}),
        ("igf-2019", "Summit", {"name": "IGF 2019", "series": "igf", "city": XSS_SCRIPT}),
        ("budapest-convention", "Instrument", {"name": "Convention on Cybercrime", "kind": "convention"}),
        ("bilateral-est-usa", "Instrument", {"name": "Estonia–US cyber MoU", "kind": "bilateral"}),
        ("lonely-summit", "Summit", {"name": "A summit nobody attended"}),
    ]
    ties = [
        *(("nato", s, "MEMBER_OF", "member", SRC) for s in ("FRA", "DEU", "EST", "USA", "ISL", "XSS")),
        *(("eu", s, "MEMBER_OF", "member", "javascript:window.__xss=3") for s in ("FRA", "DEU", "EST")),
        ("au", "KEN", "MEMBER_OF", "member", SRC),
        *(
            ("igf-2019", s, "ATTENDED", "participant", f"https://igf.example/{XSS_ATTR}")
            for s in ("DEU", "BRA", "JPN", "KEN", "XSS")
        ),
        ("igf-2019", "DEU", "HOSTED", None, SRC),
        *(("budapest-convention", s, "RATIFIED", None, SRC) for s in ("FRA", "EST", "USA", "JPN")),
        ("budapest-convention", "BRA", "SIGNED", None, SRC),
        *(("bilateral-est-usa", s, "SIGNED", None, SRC) for s in ("EST", "USA")),
    ]
    return bipartite_from_rows(
        [{"id": s, "attrs": {"name": n, "region": r, "subregion": r + " (sub)"}} for s, n, r in states],
        [{"id": f, "label": label, "attrs": attrs} for f, label, attrs in forums],
        [{"a": s, "b": f, "rel": rel, "attrs": {"role": role, "source": src}} for f, s, rel, role, src in ties],
    )


def scripts_of(html: str) -> list[tuple[dict, str]]:
    """(attributes, text) of every <script> element."""

    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.out, self.current = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "script":
                self.current = (dict(attrs), [])

        def handle_data(self, data):
            if self.current is not None:
                self.current[1].append(data)

        def handle_endtag(self, tag):
            if tag == "script" and self.current is not None:
                self.out.append((self.current[0], "".join(self.current[1])))
                self.current = None

    p = P()
    p.feed(html)
    return p.out


def tags_of(html: str) -> list[tuple[str, dict]]:
    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.out = []

        def handle_starttag(self, tag, attrs):
            self.out.append((tag, dict(attrs)))

    p = P()
    p.feed(html)
    return p.out


def json_block(html: str, block_id: str):
    for attrs, text in scripts_of(html):
        if attrs.get("id") == block_id:
            assert attrs.get("type") == "application/json"
            return json.loads(text)
    raise AssertionError(f"no script block {block_id}")


# -- escaping --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value", [XSS_NAME, XSS_SCRIPT, XSS_ATTR, "a\u2028b\u2029c", "&amp; <!-- -->", "Côte d’Ivoire"]
)
def test_script_json_round_trips_and_cannot_close_the_script_block(value):
    text = script_json({"name": value, "list": [value]})
    assert json.loads(text) == {"name": value, "list": [value]}
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text


def test_script_json_refuses_nan():
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})


@pytest.mark.parametrize(
    "url,ok",
    [
        ("https://example.org/a?b=1#c", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/x", True),
        ("javascript:alert(1)", False),
        (" https://example.org", False),
        ("https://exa mple.org", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/x", False),
        ("https://", False),
        ("https://example.org/\n", False),
        ("ftp://example.org/x", False),
        (None, False),
        (42, False),
    ],
)
def test_safe_url_allows_only_http_and_https(url, ok):
    result = safe_url(url)
    assert (result is not None and result == url) is ok


# -- options -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,param,message",
    [
        ({"view": "map"}, "view", "unknown view 'map'"),
        ({"include": ("state", "foo")}, "include", "unknown kind 'foo'"),
        ({"include": ()}, "include", "no kind of node is included"),
        ({"view": "forums", "include": ("organisation",)}, "include", "the forums view needs states"),
        ({"include": ("state",)}, "include", "the cooperation view needs at least one kind of forum"),
        ({"color_by": "taste"}, "color_by", "unknown value 'taste'"),
        ({"size_by": "fame"}, "size_by", "unknown metric 'fame'"),
        ({"depth": -1}, "depth", "must be 0 or more"),
        ({"view": "forums", "min_weight": 0.5}, "min_weight", "applies to the cooperation view only"),
        ({"min_weight": float("nan")}, "min_weight", "must be a finite number"),
    ],
)
def test_bad_options_are_usage_problems_naming_the_parameter(kwargs, param, message):
    with pytest.raises(UsageProblem, match=re.escape(message)) as info:
        build.ViewOptions(**kwargs).check()
    assert info.value.param == param
    assert "--" not in info.value.message and "--" not in (info.value.hint or "")


# -- building views ----------------------------------------------------------------------------
def test_cooperation_view_draws_every_state_and_every_tie():
    B = sample_bipartite()
    C = cooperation_graph(B)
    view = build.build_view(B, build.ViewOptions(ties="all"))
    assert {n["id"] for n in view.nodes} == set(C)
    assert {frozenset((e["from"], e["to"])) for e in view.edges} == {frozenset(e) for e in C.edges}
    assert len({e["id"] for e in view.edges}) == len(view.edges)
    assert all(n["shape"] == "dot" for n in view.nodes)
    # width grows with the weight
    by_pair = {frozenset((e["from"], e["to"])): e["width"] for e in view.edges}
    strongest = max(C.edges(data="weight"), key=lambda e: e[2])
    weakest = min(C.edges(data="weight"), key=lambda e: e[2])
    assert by_pair[frozenset(strongest[:2])] > by_pair[frozenset(weakest[:2])]
    # isolated Iceland? no: Iceland is in NATO. Every node has finite x, y.
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in view.nodes)


def test_exclude_drops_a_forum_from_both_views_and_says_so():
    from graphkit.analysis.projection import exclude_forums

    B = sample_bipartite()
    view = build.build_view(B, build.ViewOptions(exclude=("nato",), ties="all"))
    expected = cooperation_graph(exclude_forums(B, ["nato"]))
    assert {frozenset((e["from"], e["to"])) for e in view.edges} == {frozenset(e) for e in expected.edges}
    assert frozenset(("FRA", "ISL")) not in {frozenset((e["from"], e["to"])) for e in view.edges}
    assert view.payload["meta"]["excluded"] == ["nato"] and "excluding nato" in view.payload["meta"]["weighting"]
    forums = build.build_view(B, build.ViewOptions(view="forums", exclude=("nato", "eu")))
    assert not {"nato", "eu"} & {n["id"] for n in forums.nodes}
    with pytest.raises(UsageProblem, match="no forum with id 'natoo'"):
        build.build_view(B, build.ViewOptions(exclude=("natoo",)))


def test_partial_dates_keep_their_precision_in_the_page_data():
    import datetime as dt

    B = bipartite_from_rows(
        [{"id": s, "attrs": {"name": s}} for s in ("EST", "FRA")],
        [
            {
                "id": "eu",
                "label": "Organisation",
                "attrs": {"name": "EU", "founded": dt.date(1958, 1, 1), "founded_precision": "year"},
            }
        ],
        [
            {
                "a": "FRA",
                "b": "eu",
                "rel": "MEMBER_OF",
                "attrs": {"role": "member", "since": dt.date(1958, 1, 1), "since_precision": "year"},
            },
            {
                "a": "EST",
                "b": "eu",
                "rel": "MEMBER_OF",
                "attrs": {"role": "member", "since": dt.date(2004, 5, 1), "since_precision": "day"},
            },
        ],
    )
    view = build.build_view(B, build.ViewOptions(view="forums"))
    text = json.dumps(view.payload)
    assert '"1958"' in text and "1958-01-01" not in text
    assert "2004-05-01" in text


def test_min_weight_drops_weak_ties_but_keeps_every_state():
    B = sample_bipartite()
    C = cooperation_graph(B)
    cut = sorted(w for *_, w in C.edges(data="weight"))[len(C.edges) // 2]
    view = build.build_view(B, build.ViewOptions(min_weight=cut, ties="all"))
    assert len(view.nodes) == len(C)
    assert len(view.edges) == sum(1 for *_, w in C.edges(data="weight") if w >= cut) < len(C.edges)
    assert view.payload["meta"]["min_weight"] == cut


def test_forums_view_draws_the_bipartite_graph_with_shapes_and_relationship_colours():
    B = sample_bipartite()
    view = build.build_view(B, build.ViewOptions(view="forums"))
    assert {n["id"] for n in view.nodes} == set(B)
    assert len(view.edges) == B.number_of_edges()
    shape = {n["id"]: n["shape"] for n in view.nodes}
    assert (shape["FRA"], shape["nato"], shape["igf-2019"], shape["budapest-convention"]) == (
        "dot",
        "square",
        "triangle",
        "diamond",
    )
    colour = {frozenset((e["from"], e["to"])): e["color"]["color"] for e in view.edges}
    assert colour[frozenset(("DEU", "igf-2019"))] == style.REL_COLORS["HOSTED"]  # HOSTED outranks ATTENDED
    assert colour[frozenset(("BRA", "budapest-convention"))] == style.REL_COLORS["SIGNED"]
    # all relations are kept for the tooltip, with interned sources
    i = next(e["id"] for e in view.edges if {e["from"], e["to"]} == {"DEU", "igf-2019"})
    assert sorted(r[0] for r in view.payload["edges"][i]) == ["ATTENDED", "HOSTED"]


def test_include_restricts_both_views():
    B = sample_bipartite()
    forums = build.build_view(B, build.ViewOptions(view="forums", include=("state", "instrument")))
    assert {style.KIND_STYLE[lab]["shape"] for lab in ("State", "Instrument")} == {n["shape"] for n in forums.nodes}
    coop = build.build_view(B, build.ViewOptions(include=("state", "instrument"), ties="all"))
    expected = cooperation_graph(build.restrict(B, ["state", "instrument"]))
    assert {frozenset((e["from"], e["to"])) for e in coop.edges} == {frozenset(e) for e in expected.edges}
    assert len(coop.edges) < len(cooperation_graph(B).edges)


def test_ego_view_is_the_neighbourhood():
    B = sample_bipartite()
    one = build.build_view(B, build.ViewOptions(view="forums", ego="EST", depth=1))
    assert {n["id"] for n in one.nodes} == {"EST", "nato", "eu", "budapest-convention", "bilateral-est-usa"}
    two = build.build_view(B, build.ViewOptions(view="forums", ego="EST", depth=2))
    assert {"USA", "FRA", "DEU", "XSS", "ISL", "JPN"} <= {n["id"] for n in two.nodes}
    assert "KEN" not in {n["id"] for n in two.nodes}
    coop = build.build_view(B, build.ViewOptions(ego="KEN", depth=1, ties="all"))
    assert {n["id"] for n in coop.nodes} == {"KEN"} | set(cooperation_graph(B)["KEN"])
    assert "Kenya and neighbours within 1" in coop.title
    zero = build.build_view(B, build.ViewOptions(view="forums", ego="nato", depth=0))
    assert [n["id"] for n in zero.nodes] == ["nato"] and zero.edges == []


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"ego": "ESTX"}, "no state or forum with id 'ESTX'"),
        ({"ego": "est"}, "(did you mean 'EST')"),
        ({"ego": "nato"}, "nato is an Organisation, and the cooperation view shows states only"),
        (
            {"view": "forums", "ego": "igf-2019", "include": ("state", "organisation")},
            "igf-2019 is a Summit, which the included kinds (state,organisation) leave out",
        ),
    ],
)
def test_unknown_or_unsuitable_ego_names_the_parameter(kwargs, message):
    with pytest.raises(UsageProblem) as info:
        build.build_view(sample_bipartite(), build.ViewOptions(**kwargs))
    assert info.value.param == "ego"
    assert message in f"{info.value.message}. {info.value.hint}"
    assert "--" not in info.value.message and "--" not in (info.value.hint or "")


def test_sizes_follow_the_chosen_metric_and_forums_their_degree():
    B = sample_bipartite()
    view = build.build_view(B, build.ViewOptions(view="forums", size_by="degree"))
    info = view.payload["info"]
    size = {n["id"]: n["size"] for n in view.nodes}
    states = [n for n in size if info[n]["label"] == "State"]
    top = max(states, key=lambda s: info[s]["scores"]["degree"])
    low = min(states, key=lambda s: info[s]["scores"]["degree"])
    assert size[top] == style.SIZE_RANGE[1] and size[low] == style.SIZE_RANGE[0]
    assert size["nato"] > size["au"]  # six states against one
    flat = build.build_view(B, build.ViewOptions(size_by="none"))
    assert len({n["size"] for n in flat.nodes}) == 1


def test_colour_by_region_and_community():
    B = sample_bipartite()
    by_region = build.build_view(B, build.ViewOptions(color_by="region"))
    colour = {n["id"]: n["color"] for n in by_region.nodes}
    assert colour["FRA"] == colour["DEU"] == style.REGION_COLORS["Europe"]
    assert colour["USA"] == style.REGION_COLORS["Americas"]
    legend = by_region.payload["legend"]["colours"][0]
    assert {i["label"] for i in legend["items"]} >= {"Europe", "Americas", "Asia", "Africa", XSS_SCRIPT}
    by_community = build.build_view(B, build.ViewOptions(color_by="community"))
    info = by_community.payload["info"]
    colour = {n["id"]: n["color"] for n in by_community.nodes}
    for a in colour:
        for b in colour:
            same = info[a]["scores"]["community"] == info[b]["scores"]["community"]
            assert (colour[a] == colour[b]) == same


def test_scores_are_those_of_graphkit_centrality():
    from graphkit.analysis import centrality

    B = sample_bipartite()
    view = build.build_view(B, build.ViewOptions())
    expected = centrality.compute(cooperation_graph(B), seed=42)
    for state, scores in expected.items():
        got = view.payload["info"][state]["scores"]
        assert got["pagerank"] == pytest.approx(scores["pagerank"], rel=1e-3)
        assert got["community"] == scores["community"]


def test_payload_explains_itself():
    B = sample_bipartite()
    view = build.build_view(B, build.ViewOptions(multipliers={"signature": 0.25}), data_as_of="2025-01-01")
    meta = view.payload["meta"]
    assert meta["version"] == __version__
    assert meta["as_of"].startswith("latest") and "2025-01-01" in meta["as_of"]
    assert "signature 0.25 (custom)" in meta["weighting"]
    import datetime as dt

    dated = build.build_view(B, build.ViewOptions(as_of=dt.date(2015, 6, 30)))
    assert dated.payload["meta"]["as_of"] == "as of 2015-06-30"


def test_sources_are_interned_and_only_http():
    view = build.build_view(sample_bipartite(), build.ViewOptions())
    urls = view.payload["sources"]
    assert len(urls) == len(set(urls))
    assert all(u.startswith(("http://", "https://")) for u in urls)
    assert not any("javascript" in u for u in urls)
    links = view.payload["info"]["FRA"]["links"]
    eu = [row for row in links if row[0] == "eu"]
    assert eu and eu[0][6] is None  # the javascript: source is dropped


def test_no_states_is_invalid_data():
    B = nx.Graph()
    B.add_node("nato", label="Organisation", name="NATO")
    with pytest.raises(InvalidData, match="no State nodes"):
        build.build_view(B, build.ViewOptions(view="forums"))


# -- the HTML file ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pages():
    B = sample_bipartite()
    return {v: (build.build_view(B, build.ViewOptions(view=v)), None) for v in vocabulary.VIEWS}


@pytest.mark.parametrize("view_name", vocabulary.VIEWS)
def test_html_loads_nothing_from_other_hosts(pages, view_name):
    view, _ = pages[view_name]
    html = view_html(view)
    for tag, attrs in tags_of(html):
        assert tag not in ("link", "img", "iframe", "object", "embed", "base"), tag
        if tag == "script":
            assert "src" not in attrs
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "bootstrap" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html, flags=re.IGNORECASE)


@pytest.mark.parametrize("view_name", vocabulary.VIEWS)
def test_csp_forbids_requests_and_allows_exactly_the_two_inline_scripts(pages, view_name):
    view, _ = pages[view_name]
    html = view_html(view)
    meta = [a for t, a in tags_of(html) if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(meta) == 1
    policy = dict(part.strip().split(" ", 1) for part in meta[0]["content"].split(";"))
    assert policy["default-src"] == "'none'"
    executable = [text for attrs, text in scripts_of(html) if attrs.get("type") != "application/json"]
    assert len(executable) == 2
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'" for t in executable}
    assert set(policy["script-src"].split()) == hashes
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]


def test_html_data_blocks_hold_the_view_and_hostile_strings_stay_inert(pages):
    view, _ = pages["forums"]
    html = view_html(view)
    assert json_block(html, "gk-nodes") == view.nodes
    assert json_block(html, "gk-edges") == view.edges
    assert json_block(html, "gk-payload") == json.loads(json.dumps(view.payload))
    assert json_block(html, "gk-options")["physics"]["enabled"] is False
    for raw in (XSS_NAME, XSS_SCRIPT, XSS_ATTR, "<svg", "<img"):
        assert raw not in html
    assert html.lower().count("</script>") == len(scripts_of(html))


def test_title_block_is_escaped_and_states_date_weighting_version():
    B = sample_bipartite()
    view = build.build_view(B, build.ViewOptions(ego="XSS", depth=1), data_as_of="2025-01-01")
    html = view_html(view)
    assert XSS_NAME not in html
    assert "&lt;img src=x onerror=alert(1)&gt; and neighbours" in html
    assert f"graphkit {__version__}" in html
    assert "Newman collaboration weights" in html and "sources dated up to 2025-01-01" in html


def test_write_view_creates_folders_and_stays_small(tmp_path):
    view = build.build_view(sample_bipartite(), build.ViewOptions())
    path = write_view(view, tmp_path / "deep" / "er" / "v.html")
    assert path.exists() and path.stat().st_size < 1_500_000
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# -- layout ------------------------------------------------------------------------------------
def test_positions_are_deterministic_and_isolates_sit_below():
    G = nx.karate_club_graph()
    G.add_node("alone")
    a, b = positions(G, seed=3), positions(G, seed=3)
    assert a == b and set(a) == set(G)
    assert a["alone"][1] > max(y for n, (x, y) in a.items() if n != "alone")


def test_large_layout_separates_nodes_and_keeps_communities_together():
    import numpy as np

    G = nx.planted_partition_graph(4, 200, 0.05, 0.0005, seed=1)
    pos = positions(G, seed=0)  # 800 nodes: the grid variant
    xy = np.array([pos[v] for v in G])
    from scipy.spatial import cKDTree

    overlapping = cKDTree(xy).query_pairs(0.2 * 90)  # closer than a fifth of the spacing
    assert len(overlapping) < 0.01 * len(G)
    within = np.mean([np.hypot(*np.subtract(pos[u], pos[v])) for u, v in G.edges if u // 200 == v // 200])
    between = np.mean(
        [
            np.hypot(*np.subtract(pos[u], pos[v]))
            for u in range(0, 800, 7)
            for v in range(3, 800, 11)
            if u // 200 != v // 200
        ]
    )
    assert within < 0.5 * between


def test_grid_fr_handles_empty_and_edgeless_graphs():
    assert grid_fruchterman_reingold(0, []).shape == (0, 2)
    assert grid_fruchterman_reingold(5, []).shape == (5, 2)


# -- CLI ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args,message",
    [
        (["--depth", "2"], "Error: --depth needs --ego. Add --ego ID, e.g. --ego FRA --depth 2.\n"),
        (
            ["--view", "forums", "--min-weight", "1"],
            "Error: --min-weight: applies to the cooperation view only. Drop it or use the cooperation view.\n",
        ),
        (
            ["--view", "forums", "--include", "organisation"],
            "Error: --include: the forums view needs states, and 'state' is not included. Add state, e.g. state,organisation.\n",
        ),
    ],
)
def test_cli_usage_errors_before_touching_the_database(args, message):
    result = cli("render", *args, "--uri", "bolt://127.0.0.1:1", "--password", "x")
    assert result.exit_code == 2
    assert result.stderr == message


def test_cli_rejects_unknown_include_kind():
    result = cli("render", "--include", "state,foo", "--uri", "bolt://127.0.0.1:1")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --include: unknown kind 'foo'. Use one or more of state,")


def test_cli_module_imports_no_heavy_modules():
    import subprocess
    import sys

    code = (
        "import sys, graphkit.cli.render; "
        "print(sorted(m for m in ('networkx', 'pyvis', 'neo4j', 'scipy', 'numpy', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- against Neo4j -----------------------------------------------------------------------------
@pytest.mark.neo4j
def test_render_command_writes_the_default_file_and_prints_its_path(empty_db, tmp_path, monkeypatch):
    folder = make_folder(tmp_path)
    assert cli("load", str(folder), "-q").exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = cli("render")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(Path("out") / "cooperation.html")
    html = (tmp_path / "out" / "cooperation.html").read_text(encoding="utf-8")
    assert len(json_block(html, "gk-nodes")) == 4  # the four states of make_folder
    result = cli("render", "--view", "forums", "--ego", "EST", "--depth", "1", "--out", "est.html")
    assert result.exit_code == 0, result.output
    ids = {n["id"] for n in json_block((tmp_path / "est.html").read_text(encoding="utf-8"), "gk-nodes")}
    assert ids == {"EST", "nato", "eu", "budapest-convention", "bilateral-est-usa-2020"}


@pytest.mark.neo4j
def test_render_command_unknown_ego_is_a_clear_error(empty_db, tmp_path):
    folder = make_folder(tmp_path)
    assert cli("load", str(folder), "-q").exit_code == 0
    result = cli("render", "--ego", "XYZ", "--out", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --ego: no state or forum with id 'XYZ'.")
    assert not (tmp_path / "x.html").exists()


@pytest.mark.neo4j
def test_render_as_of_drops_later_memberships(empty_db, tmp_path):
    folder = make_folder(tmp_path)
    assert cli("load", str(folder), "-q").exit_code == 0
    out = tmp_path / "1990.html"
    result = cli("render", "--as-of", "1990-01-01", "--ties", "all", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    edges = json_block(html, "gk-edges")
    pairs = {frozenset((e["from"], e["to"])) for e in edges if not e.get("hidden")}
    assert pairs == {
        frozenset(("FRA", "USA")),
        frozenset(("FRA", "DEU")),
        frozenset(("DEU", "USA")),
    }  # NATO and the EU of 1990
    later = {frozenset((e["from"], e["to"])) for e in edges if e.get("hidden")}
    assert frozenset(("EST", "FRA")) in later  # drawn by the time slider from 2004 on
    assert json_block(html, "gk-payload")["meta"]["as_of"].startswith("as of 1990-01-01")
