"""The rendered views in a real browser (Debian's headless Chromium through Playwright).

Every page is loaded from a file:// URL with every other request recorded and aborted.
Screenshots are kept in tests/artifacts/ (render-*.png).
"""

from __future__ import annotations

import math
import os
import shutil
import time
from pathlib import Path

import pytest

from graphkit import vocabulary
from graphkit.analysis.projection import cooperation_graph
from graphkit.views import build
from graphkit.views.html import write_view
from tests.helpers import cli
from tests.test_render import XSS_ATTR, XSS_NAME, XSS_SCRIPT, sample_bipartite

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
LOCAL = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail("CI is set but Debian's chromium is missing: `make browser` installs it")
        pytest.skip("no chromium: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), args=ARGS
        )
        try:
            yield b
        finally:
            b.close()


class Loaded:
    """A page opened from a file with its console messages, errors, dialogs and outside requests."""

    def __init__(self, browser, path: Path, wait_ready: bool = True):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: None if r.url.startswith(LOCAL) else self.outside.append(r.url))
        self.context.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        if wait_ready:
            assert self.wait_js("document.documentElement.getAttribute('data-gk-ready') === '1'", 30), "never drawn"

    def wait_js(self, expression: str, timeout: float = 5.0) -> bool:
        """Poll ``expression`` until it is truthy (page.wait_for_function evaluates with eval, which the page's CSP forbids)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.page.evaluate(expression):
                return True
            time.sleep(0.02)
        return False

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg)

    def node_point(self, node_id):
        """Page coordinates of a node's centre, or None if another node is drawn on top of it there."""
        return self.js(
            """id => {
            const n = graphkit.network, p = n.canvasToDOM(n.getPosition(id));
            if (n.getNodeAt(p) !== id) return null;
            const r = document.getElementById('gk-network').getBoundingClientRect();
            return [p.x + r.left, p.y + r.top];
        }""",
            node_id,
        )

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    folder = tmp_path_factory.mktemp("views")
    B = sample_bipartite()
    out = {}
    for name in vocabulary.VIEWS:
        view = build.build_view(B, build.ViewOptions(view=name))
        out[name] = (view, write_view(view, folder / f"{name}.html"))
    region = build.build_view(B, build.ViewOptions(color_by="region"))
    out["region"] = (region, write_view(region, folder / "region.html"))
    return out


@pytest.fixture
def opened(browser):
    pages = []

    def open_(path, **kwargs):
        loaded = Loaded(browser, path, **kwargs)
        pages.append(loaded)
        return loaded

    yield open_
    for p in pages:
        p.close()


@pytest.mark.parametrize("name", vocabulary.VIEWS)
def test_page_loads_offline_without_errors_and_draws_the_whole_graph(opened, views, artifacts, name):
    view, path = views[name]
    page = opened(path)
    assert page.errors == []
    assert [m for m in page.console if m[0] in ("error", "warning")] == []
    assert page.outside == []
    drawn = page.js("""() => ({nodes: graphkit.network.body.nodeIndices.length, edges: graphkit.network.body.edgeIndices.length,
                               dsNodes: graphkit.nodes.length, dsEdges: graphkit.edges.length,
                               firstDraw: graphkit.timings.firstDraw})""")
    assert drawn["nodes"] == drawn["dsNodes"] == len(view.nodes) == view.graph.number_of_nodes()
    assert drawn["edges"] == drawn["dsEdges"] == len(view.edges) == view.graph.number_of_edges()
    assert drawn["firstDraw"] is not None
    assert page.js("graphkit.network.physics.physicsEnabled") is False
    page.page.screenshot(path=str(artifacts / f"render-{name}.png"))


def test_the_harness_sees_requests_plain_pyvis_makes(opened, tmp_path):
    """Positive control: PyVis' own template (in_line) still asks a CDN for Bootstrap; the harness must notice."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.add_node("a")
    net.add_node("b")
    net.add_edge("a", "b")
    path = tmp_path / "plain.html"
    path.write_text(net.generate_html(), encoding="utf-8")
    page = opened(path, wait_ready=False)
    page.page.wait_for_load_state("load")
    assert any("cdn.jsdelivr.net" in url for url in page.outside)


def test_search_finds_and_focuses_a_node(opened, views):
    _view, path = views["cooperation"]
    page = opened(path)
    page.page.fill("#gk-query", "eston")
    page.page.click("#gk-search button[type=submit]")
    page.page.wait_for_timeout(800)  # the focus animation lasts 400 ms
    state = page.js("""() => ({selected: graphkit.network.getSelectedNodes(), view: graphkit.network.getViewPosition(),
                               node: graphkit.network.getPosition('EST'), status: document.getElementById('gk-search-status').textContent,
                               details: document.getElementById('gk-details').textContent})""")
    assert state["selected"] == ["EST"]
    assert math.dist((state["view"]["x"], state["view"]["y"]), (state["node"]["x"], state["node"]["y"])) < 1.0
    assert state["status"] == "Found Estonia (EST)."
    assert "Estonia" in state["details"] and "NATO" in state["details"]
    # by id, and the datalist form "Name (ID)"
    assert page.js("graphkit.find('usa')") == "USA"
    assert page.js("graphkit.find('United States (USA)')") == "USA"
    page.page.fill("#gk-query", "Atlantis")
    page.page.click("#gk-search button[type=submit]")
    assert page.js("document.getElementById('gk-search-status').textContent") == "No node matches “Atlantis”."


@pytest.mark.parametrize("name", vocabulary.VIEWS)
def test_click_highlights_exactly_the_neighbours(opened, views, artifacts, name):
    view, path = views[name]
    page = opened(path)
    target, point = None, None
    for candidate in sorted(view.graph, key=lambda v: -view.graph.degree(v)):
        point = page.node_point(candidate)
        if point:
            target = candidate
            break
    assert target is not None, "no node could be clicked"
    page.page.mouse.click(*point)
    page.page.wait_for_timeout(200)
    assert page.js("graphkit.highlighted()") == target
    colours = page.js("() => Object.fromEntries(graphkit.nodes.get().map(n => [n.id, n.color]))")
    faded = page.js("graphkit.fadedColor")
    bright = {n for n, c in colours.items() if c != faded}
    assert bright == {target} | set(view.graph[target])
    original = {n["id"]: n["color"] for n in view.nodes}
    assert all(colours[n] == original[n] for n in bright)
    page.page.screenshot(path=str(artifacts / f"render-{name}-highlight.png"))
    # a click on empty canvas restores every colour
    page.js("graphkit.network.moveTo({position: {x: 1e6, y: 1e6}, scale: 1})")
    box = page.page.locator("#gk-network").bounding_box()
    page.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.page.wait_for_timeout(200)
    assert page.js("graphkit.highlighted()") is None
    assert page.js("() => Object.fromEntries(graphkit.nodes.get().map(n => [n.id, n.color]))") == original


def test_hostile_strings_are_shown_as_text_and_never_run(opened, views, artifacts):
    _view, path = views["region"]
    page = opened(path)
    # the node named <img ...>: find it, show its details, hover it for the tooltip
    assert page.js("graphkit.find('img src')") == "XSS"
    page.js("graphkit.focusNode('XSS')")
    page.page.wait_for_timeout(600)
    details = page.js("document.getElementById('gk-details').textContent")
    assert XSS_NAME in details and "European Union " + XSS_ATTR not in details  # XSS is not in the EU
    point = page.node_point("XSS")
    assert point
    page.page.mouse.move(point[0] + 1, point[1] + 1)
    assert page.wait_js("!document.getElementById('gk-tooltip').hidden")
    tooltip = page.js("document.getElementById('gk-tooltip').textContent")
    assert XSS_NAME in tooltip and XSS_SCRIPT in tooltip  # its region, as text
    page.page.screenshot(path=str(artifacts / "render-xss-tooltip.png"))
    # the region filter and legend show the </script> region as text
    assert XSS_SCRIPT in page.js("document.getElementById('gk-filters').textContent")
    assert XSS_SCRIPT in page.js("document.getElementById('gk-legend').textContent")
    # the forums view puts the hostile forum name and sources in tooltips too
    forums = opened(views["forums"][1])
    forums.js("graphkit.focusNode('eu')")
    assert "European Union " + XSS_ATTR in forums.js("document.getElementById('gk-details').textContent")
    forums.js("graphkit.focusNode('igf-2019')")
    assert XSS_SCRIPT in forums.js("document.getElementById('gk-details').textContent")  # the city
    for p in (page, forums):
        assert p.js("typeof window.__xss") == "undefined"
        assert p.dialogs == [] and p.errors == [] and p.outside == []
        assert p.js("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
        hrefs = p.js("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
        assert all(h.startswith(("https://", "http://")) for h in hrefs)
        assert not any("javascript" in h.lower() for h in hrefs)
    forums_hrefs = forums.js("Array.from(document.querySelectorAll('#gk-details a')).map(a => a.href)")
    assert forums_hrefs and all(
        h.startswith("https://igf.example/") or h.startswith("https://example.org/") for h in forums_hrefs
    )


def test_filters_hide_nodes_and_their_edges(opened, views):
    view, path = views["cooperation"]
    page = opened(path)
    americas = {n for n, d in view.graph.nodes(data=True) if d.get("region") == "Americas"}
    page.page.locator("#gk-filters label.gk-filter-item", has_text="Americas").locator("input").uncheck()
    hidden = set(page.js("graphkit.hidden()"))
    assert hidden == americas
    hidden_edges = page.js("graphkit.edges.get({filter: e => e.hidden}).length")
    assert hidden_edges == sum(1 for u, v in view.graph.edges if u in americas or v in americas)
    # a hidden node cannot be focused, and says so
    assert page.js("graphkit.focusNode('USA')") is False
    assert "hidden by a filter" in page.js("document.getElementById('gk-search-status').textContent")
    page.page.locator("#gk-filters label.gk-filter-item", has_text="Americas").locator("input").check()
    assert page.js("graphkit.hidden()") == []
    assert page.js("graphkit.edges.get({filter: e => e.hidden}).length") == 0


def test_physics_can_be_switched_on(opened, views):
    page = opened(views["forums"][1])
    before = page.js("graphkit.network.getPositions()")
    page.page.check("#gk-physics")
    assert page.js("graphkit.network.physics.physicsEnabled") is True
    page.page.wait_for_timeout(1000)
    after = page.js("graphkit.network.getPositions()")
    assert any(math.dist((before[k]["x"], before[k]["y"]), (after[k]["x"], after[k]["y"])) > 1 for k in before)
    assert page.errors == []


def test_legend_and_title_block_explain_the_file(opened, views):
    view, path = views["forums"]
    page = opened(path)
    title = page.js("document.getElementById('gk-title').textContent")
    assert "Data: latest" in title and "Weighting: Newman collaboration weights" in title
    assert f"graphkit {view.payload['meta']['version']}" in title
    legend = page.js("document.getElementById('gk-legend').textContent")
    for word in ("State", "Organisation", "Summit", "Instrument", "MEMBER_OF", "RATIFIED"):
        assert word in legend


@pytest.fixture(scope="module")
def bundled(neo4j_server, tmp_path_factory):
    """The bundled dataset loaded once, and its two views rendered by the CLI (with the time slider)."""
    from graphkit.analysis.projection import read_bipartite, read_history
    from graphkit.db.store import Store
    from tests.conftest import wipe

    folder = tmp_path_factory.mktemp("bundled-views")
    with Store(neo4j_server.connection()) as store:
        wipe(store)
        result = cli("load", "-q")
        assert result.exit_code == 0, result.output
        B, H = read_bipartite(store), read_history(store)
    paths = {}
    for name, extra in (("cooperation", ()), ("forums", ()), ("cooperation-all", ("--ties", "all"))):
        out = folder / f"{name}.html"
        result = cli("render", "--view", name.split("-")[0], *extra, "--out", str(out))
        assert result.exit_code == 0, result.output
        paths[name] = out
    return B, H, paths


@pytest.mark.neo4j
def test_bundled_dataset_views(opened, bundled, artifacts):
    """Both views of the bundled dataset: offline, no errors, what holds today drawn; screenshots kept."""
    from graphkit.analysis.backbone import disparity_backbone

    B, H, paths = bundled
    C = cooperation_graph(B)
    forum_nodes = sum(1 for n in B if B.degree(n) > 0 or H.degree(n) == 0)
    expected = {
        "cooperation": {"nodes": len(C), "edges": disparity_backbone(C).number_of_edges()},
        "forums": {"nodes": forum_nodes, "edges": B.number_of_edges()},
    }
    for name in ("cooperation", "forums"):
        page = opened(paths[name])
        assert page.errors == [] and page.outside == []
        assert [m for m in page.console if m[0] == "error"] == []
        assert page.js("graphkit.visibleCounts()") == expected[name]
        page.page.screenshot(path=str(artifacts / f"render-bundled-{name}.png"))
        page.page.fill("#gk-query", "Estonia")
        page.page.click("#gk-search button[type=submit]")
        page.page.wait_for_timeout(800)
        assert page.js("graphkit.network.getSelectedNodes()") == ["EST"]
        page.page.screenshot(path=str(artifacts / f"render-bundled-{name}-estonia.png"))


@pytest.mark.neo4j
def test_the_time_slider_changes_what_is_drawn(opened, bundled, artifacts):
    _, _, paths = bundled
    page = opened(paths["cooperation"])
    today = page.js("graphkit.visibleCounts()")
    then = page.js("graphkit.setDate('2005-12-31')")
    assert then != today and then == page.js("graphkit.visibleCounts()")
    assert page.js("document.getElementById('gk-date').textContent") == "2005-12-31"
    page.page.wait_for_timeout(300)
    page.page.screenshot(path=str(artifacts / "render-bundled-cooperation-2005.png"))
    # the slider itself: drag to 1990 with the keyboard-free input event
    page.js("""() => { const r = document.getElementById('gk-timeline-range'); r.value = '1990';
                      r.dispatchEvent(new Event('input')); }""")
    assert page.js("graphkit.date()") == "1990-12-31"
    assert page.js("graphkit.visibleCounts()")["edges"] < then["edges"] or then["edges"] == 0
    assert page.errors == [] and page.outside == []


@pytest.mark.neo4j
def test_a_state_that_joined_nato_in_2004_is_tied_to_its_allies_only_from_2004(opened, bundled):
    _, _, paths = bundled
    forums = opened(paths["forums"])
    edge = forums.js("graphkit.edges.get().find(e => e.from === 'EST' && e.to === 'nato').id")
    forums.js("graphkit.setDate('2003-12-31')")
    assert forums.js(f"graphkit.edges.get({edge}).hidden") is True
    forums.js("graphkit.setDate('2004-12-31')")
    assert forums.js(f"graphkit.edges.get({edge}).hidden") is False
    # in the cooperation view (all ties) NATO is among Estonia's shared forums with the US from 2004 only
    coop = opened(paths["cooperation-all"])
    shared = "graphkit.relationsOf('EST').map(r => r[0]).includes('nato')"
    coop.js("graphkit.setDate('2003-12-31')")
    assert coop.js(shared) is False
    coop.js("graphkit.setDate('2004-12-31')")
    assert coop.js(shared) is True
    weight = "graphkit.weightOf(graphkit.edges.get().find(e => [e.from, e.to].sort().join() === 'EST,USA').id)"
    coop.js("graphkit.setDate('2003-12-31')")
    before = coop.js(weight)
    coop.js("graphkit.setDate('2004-12-31')")
    assert coop.js(weight) - before >= 1 / 26 - 1e-3  # NATO had 26 members at the end of 2004


@pytest.mark.neo4j
def test_labels_are_short_and_communities_have_names(opened, bundled):
    _, _, paths = bundled
    for name in ("cooperation", "forums"):
        page = opened(paths[name])
        assert page.js("Math.max(...graphkit.nodes.get().map(n => n.label.length))") <= 40
        legend = page.js("document.getElementById('gk-legend').textContent")
        filters = page.js("document.getElementById('gk-filters').textContent")
        if name == "cooperation":
            assert "USA · " in legend and "Community 0" not in legend and "Community 0" not in filters
            assert " · " in filters


@pytest.mark.neo4j
def test_export_png_downloads_a_real_png(opened, bundled, tmp_path):
    _, _, paths = bundled
    page = opened(paths["cooperation"])
    page.js("graphkit.setDate('2010-12-31')")
    with page.page.expect_download() as download:
        page.page.click("#gk-export-png")
    assert download.value.suggested_filename == "graphkit-cooperation-2010-12-31.png"
    saved = tmp_path / "view.png"
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= VIEWPORT["width"] - 300 and height > 400
    assert page.errors == [] and page.outside == []


@pytest.mark.neo4j
def test_render_png_draws_the_same_picture_headless(bundled, tmp_path):
    out, png = tmp_path / "c.html", tmp_path / "pictures" / "c-2010.png"
    result = cli("render", "--as-of", "2010-12-31", "--out", str(out), "--png", str(png))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == str(png)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) >= (1200, 500)


def test_render_png_without_a_page_from_graphkit_says_so(tmp_path):
    from graphkit.errors import InvalidData
    from graphkit.views.png import png_from_page

    page = tmp_path / "plain.html"
    page.write_text("<!DOCTYPE html><p>not a view</p>", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"plain\.html gave no picture"):
        png_from_page(page)


def test_render_png_without_chromium_fails_before_reading_anything(tmp_path):
    import sys

    from tests.helpers import graphkit_process

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    result = graphkit_process(
        "render", "--png", str(tmp_path / "x.png"), "--uri", "bolt://127.0.0.1:9", env={"PATH": str(bin_dir)}
    )
    assert result.returncode == 5
    assert result.stderr == (
        "Error: no Chromium to draw the PNG with (looked for chromium, chromium-browser, google-chrome, "
        "google-chrome-stable). Install Debian's chromium (`make browser`), or open the HTML file and use its "
        "Export PNG button.\n"
    )
    assert not (tmp_path / "x.png").exists()
