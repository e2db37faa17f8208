"""Render benchmark: graphkit's view vs plain PyVis defaults, in headless Chromium, in one run.

For synthetic state–forum graphs of 200, 2,000 and 10,000 nodes (80 % states, 20 % forums,
each state in three forums, mostly within its own cluster), it writes

1. graphkit: ``build_view`` + ``write_view`` (the forums view by default; positions from
   graphkit.views.layout, physics off, everything inlined);
2. plain PyVis: ``Network(cdn_resources="in_line")`` with the same nodes and edges and PyVis'
   defaults (physics on, stabilisation on, PyVis' own template). ``from_nx`` is timed up to
   2,000 nodes and 10,000 edges; its ``add_edge`` scans every edge added before (quadratic),
   so above that the same node and edge dicts are handed to PyVis directly;

then opens each file in headless Chromium (every request to another host aborted) and
measures, from navigation start (``performance.now()``):

* first draw: vis-network's first ``afterDrawing`` event;
* interactive: graphkit: the first draw (physics is off, nothing moves afterwards);
  PyVis: ``stabilized`` (the physics simulation has settled), capped at ``--cap`` seconds.

Prints file sizes, Python build times, the browser times (median of ``--repeat`` runs) and the
ratio PyVis / graphkit. Targets: a 2,000-node graphkit view interactive in < 3 s, file < 5 MB.

The time slider: a third file, the graphkit view with its slider (the synthetic memberships,
summits and ratifications are dated), is measured too: its size against the view without the
slider (ratio in the same run), and the redraw after a move — ``graphkit.setDate(year-end)``
followed by vis-network's synchronous ``redraw()``, median over ten years (target < 200 ms).

    .venv/bin/python benchmarks/render.py                      # about 10 minutes
    .venv/bin/python benchmarks/render.py --sizes 200,2000 --view cooperation
    .venv/bin/python benchmarks/render.py --sizes 1500 --stakeholders 0.5   # multistakeholder (--actors all)

With ``--view cooperation`` the synthetic graph has ``n`` states (and n/4 forums) and the
cooperation view of those states is drawn (denser: tens of thousands of ties).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
SOURCES = [f"https://example.org/source/{i}" for i in range(50)]
FORUM_LABELS = (
    ("Organisation", "MEMBER_OF", "member"),
    ("Summit", "ATTENDED", "participant"),
    ("Instrument", "RATIFIED", None),
)

# Hooks for the plain PyVis page, inserted right after `network = new vis.Network(...)` (drawing is asynchronous,
# so they are in place before the first frame).
PYVIS_HOOK = """
                  window.__bench = {firstDraw: null, stabilized: null, iterationsDone: null};
                  network.once("afterDrawing", function () { window.__bench.firstDraw = performance.now(); });
                  network.once("stabilizationIterationsDone", function () { window.__bench.iterationsDone = performance.now(); });
                  network.once("stabilized", function () { window.__bench.stabilized = performance.now(); });
"""


STAKEHOLDER_KINDS = ("company", "civil-society", "academia", "technical-community", "public-authority", "other")


def synthetic_bipartite(n: int, seed: int = 0, states_share: float = 0.8, stakeholders: float = 0.0):
    """A state–forum graph with ``n`` nodes in the shape of graphkit.analysis.projection.read_bipartite's.

    With ``stakeholders`` > 0 that share of the actors (the non-forum nodes) are Stakeholders
    (kinds in turn, each based in a state), which take part in forums as states do.
    """
    import datetime as dt

    from graphkit.analysis.projection import bipartite_from_rows

    rng = random.Random(seed)
    n_states = max(2, int(n * states_share))
    n_forums = max(1, n - n_states)
    clusters = max(1, n_states // 100)
    regions = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    states = [
        {"id": f"S{i:05d}", "attrs": {"name": f"State {i}", "region": regions[i % 5], "subregion": f"Sub {i % 17}"}}
        for i in range(n_states)
    ]
    forums = []
    for k in range(n_forums):
        label, _, _ = FORUM_LABELS[k % 3]
        attrs = {"name": f"{label} {k}", "kind": "forum" if label == "Organisation" else "convention"}
        if label == "Summit":
            attrs = {"name": f"Summit {k}", "series": f"s{k % 20}", "start_date": dt.date(2000 + k % 25, 1 + k % 12, 1)}
        forums.append({"id": f"f{k:05d}", "label": label, "attrs": attrs})
    by_cluster: dict[int, list[int]] = {}
    for k in range(n_forums):
        by_cluster.setdefault(k % clusters, []).append(k)
    n_stakeholders = int(n_states * stakeholders)
    actor = ["K" if i < n_stakeholders else "S" for i in range(n_states)]
    edges, seen = [], set()
    for i in range(n_states):
        own = by_cluster.get(i % clusters) or list(range(n_forums))
        picks = {rng.choice(own), rng.choice(own), rng.randrange(n_forums)}
        for k in picks:
            if (i, k) in seen:
                continue
            seen.add((i, k))
            _, rel, role = FORUM_LABELS[k % 3]
            edges.append(
                {
                    "a": f"{actor[i]}{i:05d}",
                    "b": f"f{k:05d}",
                    "rel": rel,
                    "attrs": {
                        "role": role,
                        "since": dt.date(1990 + (i + k) % 30, 1, 1) if rel == "MEMBER_OF" else None,
                        "date": dt.date(2001 + k % 20, 6, 1) if rel == "RATIFIED" else None,
                        "source": rng.choice(SOURCES),
                    },
                }
            )
    kept = [row for i, row in enumerate(states) if actor[i] == "S"]
    others = [
        {"id": f"K{i:05d}", "attrs": {"name": f"Stakeholder {i}", "kind": STAKEHOLDER_KINDS[i % 6],
                                     "based_in": kept[i % len(kept)]["id"] if kept else None}}
        for i in range(n_stakeholders)
    ]  # fmt: skip
    return bipartite_from_rows(kept, forums, edges, stakeholders=others)


def plain_pyvis_html(G, use_from_nx: bool) -> tuple[str, float]:
    """PyVis' defaults for ``G``; returns (html, seconds to build the Network)."""
    import networkx as nx
    from pyvis.network import Network

    H = nx.Graph()
    H.add_nodes_from((n, {"label": str(d.get("name") or n)}) for n, d in G.nodes(data=True))
    H.add_edges_from(G.edges())
    started = time.perf_counter()
    net = Network(cdn_resources="in_line")
    if use_from_nx:
        net.from_nx(H)
    else:  # exactly what from_nx produces, without its quadratic duplicate checks
        net.nodes = [
            {"label": d["label"], "size": 10, "id": n, "shape": "dot", "color": "#97c2fc"}
            for n, d in H.nodes(data=True)
        ]
        net.node_ids = [n["id"] for n in net.nodes]
        net.node_map = {n["id"]: n for n in net.nodes}
        net.edges = [{"width": 1, "from": u, "to": v} for u, v in H.edges()]
    html = net.generate_html()
    seconds = time.perf_counter() - started
    marker = "network = new vis.Network(container, data, options);"
    assert marker in html, "PyVis template changed: cannot hook the benchmark"
    return html.replace(marker, marker + PYVIS_HOOK, 1), seconds


def poll(page, expression: str, timeout: float, every: float = 0.02):
    """Evaluate ``expression`` until it is not null; its value, or None after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = page.evaluate(expression)
        except Exception as error:  # the document is still being replaced right after navigation
            if "context" not in str(error).lower() and "navigat" not in str(error).lower():
                raise
            value = None
        if value is not None:
            return value
        time.sleep(every)
    return None


def measure(browser, path: Path, kind: str, cap: float) -> dict:
    """Open ``path`` and return first draw / interactive times in seconds (None = not within cap)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    out = {"outside": len(outside), "errors": errors}
    try:
        # "commit", not "load": PyVis' page can block its main thread (and the load event) for minutes
        page.goto(path.resolve().as_uri(), timeout=cap * 1000, wait_until="commit")
        if kind == "graphkit":
            # polled from Python: wait_for_function evaluates its predicate with eval in the page, which
            # graphkit's Content-Security-Policy forbids (page.evaluate goes through DevTools and is allowed)
            first = poll(page, "window.graphkit ? window.graphkit.timings.firstDraw : null", cap)
            out.update(
                first_draw=None if first is None else first / 1000, interactive=None if first is None else first / 1000
            )
        else:
            page.wait_for_function("window.__bench && window.__bench.firstDraw !== null", timeout=cap * 1000)
            out["first_draw"] = page.evaluate("__bench.firstDraw") / 1000
            remaining = max(0.1, cap - out["first_draw"])
            page.wait_for_function("window.__bench.stabilized !== null", timeout=remaining * 1000)
            out["interactive"] = page.evaluate("__bench.stabilized") / 1000
    except Exception as error:  # a playwright TimeoutError: report "> cap"
        if "Timeout" not in type(error).__name__ and "Timeout" not in str(error):
            raise
        out.setdefault("first_draw", None)
        out.setdefault("interactive", None)
    out["outside"] = len(outside)
    context.close()
    return out


SLIDER_YEARS = (1992, 1995, 1998, 2001, 2004, 2007, 2010, 2013, 2016, 2019)
REDRAW = """d => { const t0 = performance.now(); graphkit.setDate(d); graphkit.network.redraw();
                  return performance.now() - t0; }"""


def measure_slider(browser, path: Path, cap: float) -> float | None:
    """The median time (s) of a slider move and the redraw, over :data:`SLIDER_YEARS`; None if the page never drew."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.goto(path.resolve().as_uri(), timeout=cap * 1000, wait_until="commit")
    if poll(page, "window.graphkit ? window.graphkit.timings.firstDraw : null", cap) is None:
        context.close()
        return None
    times = [page.evaluate(REDRAW, f"{year}-12-31") / 1000 for year in SLIDER_YEARS]
    context.close()
    return statistics.median(times)


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _fmt(seconds, cap):
    return f"> {cap:.0f} s" if seconds is None else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,2000,10000", help="comma-separated node counts")
    parser.add_argument("--view", choices=("forums", "cooperation"), default="forums")
    parser.add_argument("--repeat", type=int, default=3, help="browser runs per file (median reported)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds to wait for a page")
    parser.add_argument("--keep", type=Path, default=None, help="keep the HTML files in this folder")
    parser.add_argument(
        "--stakeholders", type=float, default=0.0, help="share of the actors that are stakeholders (--actors all)"
    )
    args = parser.parse_args()

    import datetime as dt

    from playwright.sync_api import sync_playwright

    from graphkit.analysis.projection import as_of_graph
    from graphkit.views.build import ViewOptions, build_view
    from graphkit.views.html import write_view

    folder = args.keep or Path(tempfile.mkdtemp(prefix="graphkit-render-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        print(f"Chromium {browser.version}, view {args.view}, median of {args.repeat} runs, cap {args.cap:.0f} s")
        for n in (int(x) for x in args.sizes.split(",")):
            H = synthetic_bipartite(n if args.view == "forums" else int(n / 0.8), stakeholders=args.stakeholders)
            B = as_of_graph(H, dt.date.today())
            started = time.perf_counter()
            actors = "all" if args.stakeholders else "states"
            view = build_view(B, ViewOptions(view=args.view, actors=actors))
            gk_path = write_view(view, folder / f"graphkit-{args.view}-{n}.html")
            gk_build = time.perf_counter() - started
            started = time.perf_counter()
            slider_view = build_view(B, ViewOptions(view=args.view, actors=actors), history=H)
            sl_path = write_view(slider_view, folder / f"graphkit-slider-{args.view}-{n}.html")
            sl_build = time.perf_counter() - started
            nodes, edges = len(view.nodes), len(view.edges)
            from_nx = nodes <= 2000 and edges <= 10_000
            html, py_build = plain_pyvis_html(view.graph, use_from_nx=from_nx)
            py_path = folder / f"pyvis-{args.view}-{n}.html"
            py_path.write_text(html, encoding="utf-8")
            gk = [measure(browser, gk_path, "graphkit", args.cap) for _ in range(args.repeat)]
            sl = [measure(browser, sl_path, "graphkit", args.cap) for _ in range(args.repeat)]
            redraw = _median(measure_slider(browser, sl_path, args.cap) for _ in range(args.repeat))
            py = [measure(browser, py_path, "pyvis", args.cap) for _ in range(args.repeat if n <= 2000 else 1)]
            row = {
                "n": n,
                "nodes": nodes,
                "edges": edges,
                "gk_size": gk_path.stat().st_size,
                "py_size": py_path.stat().st_size,
                "gk_build": gk_build,
                "py_build": py_build,
                "py_from_nx": from_nx,
                "gk_first": _median(r["first_draw"] for r in gk),
                "gk_ready": _median(r["interactive"] for r in gk),
                "py_first": _median(r["first_draw"] for r in py),
                "py_ready": _median(r["interactive"] for r in py),
                "gk_outside": max(r["outside"] for r in gk),
                "py_outside": max(r["outside"] for r in py),
                "gk_errors": sum(len(r["errors"]) for r in gk) + sum(len(r["errors"]) for r in sl),
                "sl_size": sl_path.stat().st_size,
                "sl_build": sl_build,
                "sl_ready": _median(r["interactive"] for r in sl),
                "sl_redraw": redraw,
                "sl_years": len(slider_view.payload["timeline"]["dates"]),
            }
            rows.append(row)
            print(
                f"  {n:>6} nodes done: graphkit interactive {_fmt(row['gk_ready'], args.cap)}, "
                f"PyVis {_fmt(row['py_ready'], args.cap)}",
                flush=True,
            )
        browser.close()

    cap = args.cap
    print()
    print(
        f"{'nodes':>6} {'edges':>7} | {'file MB':>15} | {'Python build s':>16} | {'first draw':>19} | "
        f"{'interactive':>19} | {'PyVis/graphkit':>14}"
    )
    print(
        f"{'':>6} {'':>7} | {'graphkit':>7} {'PyVis':>7} | {'graphkit':>8} {'PyVis':>7} | {'graphkit':>9} {'PyVis':>9} | "
        f"{'graphkit':>9} {'PyVis':>9} | {'interactive':>14}"
    )
    for r in rows:
        ratio = (
            (f">{cap / r['gk_ready']:.0f}x" if r["py_ready"] is None else f"{r['py_ready'] / r['gk_ready']:.1f}x")
            if r["gk_ready"]
            else "n/a"
        )
        py_build = f"{r['py_build']:.2f}" + ("" if r["py_from_nx"] else "*")
        print(
            f"{r['nodes']:>6} {r['edges']:>7} | {r['gk_size'] / 1e6:>7.2f} {r['py_size'] / 1e6:>7.2f} | "
            f"{r['gk_build']:>8.2f} {py_build:>7} | {_fmt(r['gk_first'], cap):>9} {_fmt(r['py_first'], cap):>9} | "
            f"{_fmt(r['gk_ready'], cap):>9} {_fmt(r['py_ready'], cap):>9} | {ratio:>14}"
        )
    print()
    print(
        "graphkit build = layout + centrality + HTML; PyVis build = Network + from_nx + HTML "
        "(* = node/edge dicts handed over directly, from_nx is quadratic)."
    )
    print(
        f"Requests to other hosts (aborted): graphkit {max(r['gk_outside'] for r in rows)}, "
        f"PyVis {max(r['py_outside'] for r in rows)} per page; graphkit page errors: {sum(r['gk_errors'] for r in rows)}."
    )
    print()
    print("With the time slider (the same view, its history embedded):")
    print(
        f"{'nodes':>6} | {'snapshots':>9} | {'file MB':>7} {'× no slider':>11} | {'build s':>7} | {'interactive':>11} | {'redraw':>8}"
    )
    for r in rows:
        redraw = "n/a" if r["sl_redraw"] is None else f"{r['sl_redraw'] * 1000:.0f} ms"
        print(
            f"{r['nodes']:>6} | {r['sl_years']:>9} | {r['sl_size'] / 1e6:>7.2f} {r['sl_size'] / r['gk_size']:>10.2f}x | "
            f"{r['sl_build']:>7.2f} | {_fmt(r['sl_ready'], cap):>11} | {redraw:>8}"
        )
    print(
        "redraw = graphkit.setDate(31 December of a year) + network.redraw(), median over ten years (target < 200 ms)."
    )
    target = next((r for r in rows if r["n"] == 1500), None) if args.stakeholders else None
    if target:
        ok = target["gk_ready"] is not None and target["gk_ready"] < 1.5
        print(
            f"Target (1,500-node multistakeholder view interactive < 1.5 s): {'met' if ok else 'NOT met'} "
            f"({_fmt(target['gk_ready'], cap)})."
        )
    target = next((r for r in rows if r["n"] == 2000), None)
    if target:
        ok = target["gk_ready"] is not None and target["gk_ready"] < 3 and target["gk_size"] < 5e6
        print(
            f"Target (2,000 nodes: interactive < 3 s, file < 5 MB): {'met' if ok else 'NOT met'} "
            f"({_fmt(target['gk_ready'], cap)}, {target['gk_size'] / 1e6:.2f} MB)."
        )
    if args.keep:
        print(f"Files in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
