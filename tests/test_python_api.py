"""The Python API (graphkit.connect): the walkthrough of docs/python.md runs, and its pieces on their own."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import graphkit
from graphkit import api
from graphkit.db import state
from graphkit.db.config import ConnectionConfig, resolve_connection
from graphkit.db.store import Store
from graphkit.errors import EnvironmentProblem, UsageProblem
from graphkit.queries.library import adhoc, get_query
from tests.helpers import cli

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "python.md"
CHROMIUM = "/usr/bin/chromium"


def doc_blocks(text: str, language: str = "python") -> list[str]:
    """The fenced blocks of ``text`` marked ``language``, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.S | re.M)


# -- the walkthrough, against the real server -------------------------------------------------
@pytest.mark.neo4j
def test_the_walkthrough_in_docs_python_runs_and_says_what_it_prints(empty_db, tmp_path, monkeypatch):
    assert cli("load", "-q").exit_code == 0
    monkeypatch.chdir(tmp_path)
    text = DOC.read_text(encoding="utf-8")
    blocks = doc_blocks(text)
    assert len(blocks) >= 10
    ns: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile("\n".join(blocks), str(DOC), "exec"), ns)  # the documentation's own code

    g = ns["g"]
    password = state.read_password(g.config.data_dir)
    assert "(local server)" in repr(g) and password not in repr(g)
    for line in printed.getvalue().splitlines():  # the error messages the page shows
        assert line in text, line
    nato = ns["nato"]
    assert len(nato) == 28 and nato[0] == {
        "id": "ALB",
        "name": "Albania",
        "role": "member",
        "since": "2009-04-01",
        "until": None,
    }
    assert list(ns["shared"].columns) == ["forum", "name", "kind", "role_a", "role_b"]

    scores = ns["scores"]
    assert scores.shape == (196, 11) and scores.index.name == "id"
    assert list(scores.columns) == [
        "name", "region", "degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank",
        "community", "community_name", "rank",
    ]  # fmt: skip
    assert scores["rank"].is_monotonic_increasing and scores["rank"].iloc[0] == 1
    assert scores.attrs["note"].startswith("196 states")
    assert ns["blocs"]["states"].sum() == 196
    assert set(ns["africa"].index) <= set(scores.index[scores["region"] == "Africa"])
    assert ns["brokers"]["betweenness"].is_monotonic_decreasing
    before = ns["before"]
    assert list(before.columns) == ["name", "region", "pagerank", "rank"]
    assert before.index[0] == "RUS"  # "Russia ranks first", as the page says

    view = ns["view"]
    assert (tmp_path / "out" / "estonia.html").read_text(encoding="utf-8") == view.html
    assert view.nodes > 1 and view._repr_html_().startswith('<iframe srcdoc="')
    assert 'height="500"' in ns["coop"]._repr_html_()
    assert g.store._driver is None  # closed by the last cell


@pytest.mark.neo4j
def test_connect_finds_the_test_server_and_runs_a_write_only_when_asked(empty_db):
    assert cli("load", "-q").exit_code == 0
    with graphkit.connect() as g:
        assert g.config.local and g.config.data_dir is not None
        rows = g.query("MATCH (s:State) WHERE s.id IN $ids RETURN s.id AS id ORDER BY id", ids=("DEU", "FRA"))
        assert rows == [{"id": "DEU"}, {"id": "FRA"}]
        changed = g.query(
            "MATCH (s:State {id: 'FRA'}) SET s.api_note = $note RETURN s.api_note AS n", note="x", write=True
        )
        assert changed == [{"n": "x"}]
        frame = g.centrality(metrics=["pagerank"], write=True)
        assert (
            frame.attrs["run_id"]
            and g.query("most-central", metric="pagerank", limit=1)[0]["run"] == frame.attrs["run_id"]
        )


# -- name or Cypher ---------------------------------------------------------------------------
class Recorder:
    """Stands in for a Store: plans every statement as a read, and records what it runs."""

    config = ConnectionConfig("bolt://example.org:7687", "neo4j", "pw")

    def __init__(self) -> None:
        self.ran: list[tuple[str, dict]] = []

    def explain(self, text, params):
        return type("Summary", (), {"query_type": "r", "plan": {}})()

    def raw_records(self, text, params, *, write=False):
        self.ran.append((text, params))
        return [{"n": 1}], ["n"], None


@pytest.mark.parametrize(
    ("text", "is_name"),
    [
        ("forum-members", True),
        ("  top-brokers\n", True),
        ("blocs", True),
        ("MATCH (s:State) RETURN s", False),
        ("RETURN 1", False),
        ("return 1", False),
        ("Forum-Members", False),
        ("CALL db.labels()", False),
        ("// name: x\nRETURN 1", False),
    ],
)
def test_a_slug_is_a_query_name_anything_else_is_cypher(text, is_name):
    assert api.is_query_name(text) is is_name


def test_query_runs_the_library_text_for_a_name_and_the_given_text_for_cypher():
    store = Recorder()
    g = api.Connection(store)
    assert g.query("forum-members", forum="nato") == [{"n": 1}]
    assert g.query("MATCH (s:State) RETURN count(s) AS n") == [{"n": 1}]
    (library_text, library_params), (cypher_text, cypher_params) = store.ran
    assert library_text == get_query("forum-members").text
    assert library_params == {"forum": "nato", "as_of": None}
    assert cypher_text == "MATCH (s:State) RETURN count(s) AS n" and cypher_params == {}
    with pytest.raises(UsageProblem, match="no query named 'forum-member'"):
        g.query("forum-member")


def test_parameters_take_the_declared_type_or_their_python_type():
    declared = get_query("forum-members")
    assert api.bind(declared, {"forum": "nato", "as_of": dt.date(2010, 1, 1), "role": None}) == {
        "forum": "nato",
        "as_of": dt.date(2010, 1, 1),
        "role": None,
    }
    free = adhoc("RETURN $n AS n, $x AS x, $ok AS ok, $day AS day, $ids AS ids, $none AS none")
    bound = api.bind(free, {"n": 3, "x": 0.5, "ok": False, "day": dt.date(2015, 1, 1), "ids": ["A", "B"], "none": None})
    assert bound == {"n": 3, "x": 0.5, "ok": False, "day": dt.date(2015, 1, 1), "ids": ["A", "B"], "none": None}
    with pytest.raises(UsageProblem, match="parameter 'forum' cannot be a dict"):
        api.bind(declared, {"forum": {"id": "nato"}})
    with pytest.raises(UsageProblem, match="missing parameter 'forum'"):
        api.bind(declared, {})
    with pytest.raises(UsageProblem, match="unknown parameter 'fourm'"):
        api.bind(declared, {"forum": "nato", "fourm": "x"})


def test_view_options_are_checked_by_name():
    assert api.view_options(as_of="2015-01-01").as_of == dt.date(2015, 1, 1)
    with pytest.raises(UsageProblem, match="unknown view option 'colour_by'") as raised:
        api.view_options(colour_by="region")
    assert "Did you mean color_by? The options are view, as_of" in raised.value.one_line()
    with pytest.raises(UsageProblem) as raised:
        api.view_options(as_of="2015")
    assert raised.value.param == "as_of"


# -- the iframe -------------------------------------------------------------------------------
class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_page_stays_inside_the_srcdoc_attribute():
    page = (
        "<!DOCTYPE html><html><head><script>var s = \"</script><b>out</b>\"; var t = 'x';</script></head>"
        "<body onload=\"alert('&amp;')\">&lt; a & b &quot;</body></html>"
    )
    shown = api.ViewResult(page, api.ViewOptions(), 1, 0)._repr_html_()
    parser = Tags()
    parser.feed(shown)
    parser.close()
    assert [tag for tag, _ in parser.tags] == ["iframe"]  # nothing of the page leaks out as a tag
    attrs = parser.tags[0][1]
    assert attrs["srcdoc"] == page
    assert attrs["sandbox"] == "allow-scripts allow-downloads" and "allow-same-origin" not in shown
    assert attrs["width"] == "100%" and attrs["height"] == "700"
    assert api.ViewResult(page, api.ViewOptions(), 1, 0, height=420)._repr_html_().count('height="420"') == 1
    with pytest.raises(UsageProblem):
        api.iframe(page, height=0)


def test_save_writes_the_page_as_it_is(tmp_path):
    view = api.ViewResult("<p>é</p>", api.ViewOptions(view="forums"), 1, 0)
    assert view.save(tmp_path / "a" / "v.html").read_text(encoding="utf-8") == "<p>é</p>"
    assert repr(view) == "<graphkit.ViewResult forums: 1 nodes, 0 edges>"


# -- the connection's repr ----------------------------------------------------------------------
def test_the_repr_never_shows_the_password():
    remote = resolve_connection(uri="neo4j+s://x.databases.neo4j.io", password="hunter2-s3cret", env={})
    g = api.Connection(Store(remote))
    assert "hunter2-s3cret" not in repr(g) and "hunter2-s3cret" not in str(g)
    assert repr(g) == "<graphkit.Connection neo4j+s://x.databases.neo4j.io user=neo4j database=default>"
    from_env = resolve_connection(env={"NEO4J_URI": "bolt://db.example.org", "NEO4J_PASSWORD": "pw-from-env"})
    assert "pw-from-env" not in repr(api.Connection(Store(from_env)))
    in_the_uri = resolve_connection(uri="bolt://neo4j:pw-in-uri@db.example.org:7687", env={})
    assert "pw-in-uri" not in repr(api.Connection(Store(in_the_uri)))


def test_connect_fails_at_once_without_a_server(tmp_path, monkeypatch):
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(graphkit.errors.ServerNotRunning, match="local Neo4j server is not running"):
        graphkit.connect(data_dir=tmp_path)


# -- pandas is optional ---------------------------------------------------------------------------
def test_without_pandas_the_dataframes_say_which_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    g = api.Connection(Recorder())
    with pytest.raises(EnvironmentProblem) as raised:
        g.query_df("RETURN 1 AS n")
    error = raised.value
    assert error.message == "pandas is not installed (needed for DataFrames)"
    assert "pip install 'graphkit[analysis]'" in error.hint
    assert error.one_line() in DOC.read_text(encoding="utf-8")  # the page shows this very message
    with pytest.raises(EnvironmentProblem, match="pandas is not installed"):
        api.Connection(object()).centrality()  # before anything touches the store
    assert g.query("RETURN 1 AS n") == [{"n": 1}]  # dicts need no pandas


def test_import_graphkit_stays_light_and_connect_comes_on_demand():
    code = (
        "import sys, graphkit\n"
        "heavy = [m for m in ('neo4j', 'networkx', 'pandas', 'graphkit.api') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "from graphkit import connect\n"
        "assert connect is sys.modules['graphkit.api'].connect\n"
        "assert 'connect' in dir(graphkit)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with pytest.raises(AttributeError, match="no attribute 'conect'"):
        graphkit.conect  # noqa: B018


# -- in a real browser ------------------------------------------------------------------------------
def small_view() -> api.ViewResult:
    from graphkit.analysis.projection import bipartite_from_rows
    from graphkit.views.build import ViewOptions, build_view
    from graphkit.views.html import view_html

    B = bipartite_from_rows(
        [{"id": s, "attrs": {"name": s}} for s in ("EST", "FRA", "DEU")],
        [{"id": "eu", "label": "Organisation", "attrs": {"name": 'EU "</script>'}}],
        [{"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {}} for s in ("EST", "FRA", "DEU")],
    )
    options = ViewOptions(view="forums")
    return api.ViewResult(view_html(build_view(B, options)), options, 4, 3, height=500)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        try:
            yield b
        finally:
            b.close()


@pytest.mark.browser
def test_the_inline_view_draws_inside_its_sandboxed_frame(browser, tmp_path):
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body><h1>cell</h1>{small_view()._repr_html_()}</body></html>")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(host.as_uri())
    frame = page.frames[1]
    for _ in range(300):
        if frame.evaluate("document.documentElement.getAttribute('data-gk-ready')") == "1":
            break
        page.wait_for_timeout(50)
    assert frame.evaluate("document.querySelectorAll('canvas').length") == 1
    assert page.evaluate("document.querySelectorAll('h1').length") == 1  # the page did not take over the notebook
    assert errors == []
    page.close()


@pytest.mark.browser
def test_png_draws_the_view(browser, tmp_path):
    out = small_view().png(tmp_path / "v.png")
    assert out.read_bytes().startswith(b"\x89PNG")
