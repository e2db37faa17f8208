"""Interactive network views: one self-contained, offline HTML file per view (PyVis + vis-network).

Two views of the graph read by :func:`graphkit.analysis.projection.read_bipartite`:

``cooperation``
    The states, tied by their cooperation weight
    (:func:`graphkit.analysis.projection.cooperation_graph`): edge width by weight, node
    size by a centrality metric, colour by Louvain community or UN region.
``forums``
    The bipartite graph itself: states and the organisations, summits and
    instruments they belong to, attended or signed; colour and shape by kind,
    edge colour by relationship.

How the file is made
--------------------
* The view is built as plain node and edge dicts (:func:`build_view`, no
  browser, no database: unit-testable). Positions come from
  :func:`graphkit.views.layout.positions` and are passed as ``x``/``y``; physics is
  off, so vis-network draws once and the page is interactive at once (a
  checkbox switches physics on).
* PyVis renders the page through its template mechanism with graphkit's own
  template (``graphkit/resources/view.html``): vis-network 9.1.2 (shipped with
  PyVis) is inlined, graphkit's script and style too, and nothing is linked
  from a CDN (PyVis' own template links Bootstrap from jsDelivr even with
  ``cdn_resources="in_line"``). A Content-Security-Policy ``<meta>`` forbids
  every network request and allows only the page's own two scripts (by hash).
  The nodes and edges are added to PyVis' ``Network`` directly rather than with
  ``add_node``/``add_edge``, which check for duplicates in lists and are
  quadratic (minutes for 10,000 nodes).

Escaping rules
--------------
* Data reaches the page only as JSON inside ``<script type="application/json">``
  blocks, serialised by :func:`script_json`: ``<``, ``>``, ``&``, U+2028 and
  U+2029 are written as ``\\u`` escapes, so no string can close the block.
* The page's script builds every tooltip, legend and panel with
  ``createElement``/``textContent``; it never assigns data to ``innerHTML``.
  Node labels are drawn on the canvas as text.
* Links are made only for ``http``/``https`` URLs (:func:`safe_url` here and
  again in the browser); anything else is shown as text or dropped.
* The title block is rendered by Jinja with autoescaping on.
"""

from __future__ import annotations

import base64
import datetime as _dt
import difflib
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit import __version__
from graphkit.errors import InvalidData, UsageProblem

RESOURCES = Path(__file__).resolve().parent / "resources"
VIEWS: tuple[str, ...] = ("cooperation", "forums")
#: ``--include`` values and the labels they stand for.
INCLUDE: dict[str, str] = {
    "state": "State",
    "organisation": "Organisation",
    "summit": "Summit",
    "instrument": "Instrument",
}
COLOR_BY: tuple[str, ...] = ("kind", "region", "community")
SIZE_BY: tuple[str, ...] = ("pagerank", "degree", "strength", "betweenness", "closeness", "eigenvector", "none")
DEFAULT_COLOR_BY = {"cooperation": "community", "forums": "kind"}
FORUM_LABELS: tuple[str, ...] = ("Organisation", "Summit", "Instrument")

#: Shape and colour per node label (colour-blind-safe Tableau 10 hues).
KIND_STYLE: dict[str, dict[str, str]] = {
    "State": {"shape": "dot", "color": "#4e79a7", "symbol": "●"},
    "Organisation": {"shape": "square", "color": "#f28e2b", "symbol": "■"},
    "Summit": {"shape": "triangle", "color": "#59a14f", "symbol": "▲"},
    "Instrument": {"shape": "diamond", "color": "#b07aa1", "symbol": "◆"},
}
#: Edge colour per relationship type in the forums view.
REL_COLORS: dict[str, str] = {
    "MEMBER_OF": "#8c96a3",
    "ATTENDED": "#59a14f",
    "HOSTED": "#2e7d32",
    "SIGNED": "#c490b8",
    "RATIFIED": "#7b3f8c",
    "ENDORSED": "#e3b23c",
}
#: Categorical palette for communities (index = community number; 0 is the largest).
PALETTE: tuple[str, ...] = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#17becf",
    "#8cd17d",
    "#d37295",
    "#499894",
    "#f1ce63",
    "#86bcb6",
    "#a0cbe8",
)
#: Fixed colours for the UN M49 regions, so a region keeps its colour across views.
REGION_COLORS: dict[str, str] = {
    "Africa": "#e15759",
    "Americas": "#4e79a7",
    "Asia": "#f28e2b",
    "Europe": "#59a14f",
    "Oceania": "#b07aa1",
}
OTHER_COLOR = "#bab0ac"
NO_VALUE = "(none)"
SIZE_RANGE = (7.0, 34.0)
#: Above this many nodes or edges the page hides edges while dragging or zooming.
LARGE_NODES, LARGE_EDGES = 1000, 6000

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


# -- escaping --------------------------------------------------------------------------
def escape_json_text(text: str) -> str:
    """Make JSON text safe inside an HTML ``<script>`` block (``<``, ``>``, ``&``, U+2028/9 as ``\\u`` escapes).

    These characters can only occur inside JSON strings, where the escape means
    the same character, so the JSON value is unchanged.

    Examples
    --------
    >>> escape_json_text('["</script><b>&"]')
    '["\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"]'
    """
    return _SCRIPT_ESCAPE_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text)


def script_json(value: Any) -> str:
    """Compact JSON of ``value`` that can be embedded in a ``<script>`` block.

    NaN and infinities are refused (they are not JSON); non-ASCII text is kept
    as UTF-8.

    Examples
    --------
    >>> script_json({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    >>> json.loads(script_json({"a": "<&>"}))
    {'a': '<&>'}
    """
    return escape_json_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


def safe_url(value: Any) -> str | None:
    """``value`` if it is an absolute ``http``/``https`` URL without spaces or control characters, else None.

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)") is None, safe_url(" JAVASCRIPT:alert(1)") is None
    (True, True)
    >>> safe_url("https://x.org/\\u0000") is None, safe_url("//evil.example") is None
    (True, True)
    """
    if not isinstance(value, str):
        return None
    if re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value, flags=re.IGNORECASE) is None:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    return value


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, floats finite and rounded, everything else as is or text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return float(f"{value:.4g}") if math.isfinite(value) else None
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        value = to_native()
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return _plain(value.item())
    except ImportError:  # pragma: no cover
        pass
    return str(value)


# -- options ---------------------------------------------------------------------------
@dataclass
class ViewOptions:
    """What to draw (the CLI's options, checked by :meth:`check`)."""

    view: str = "cooperation"
    as_of: _dt.date | None = None
    multipliers: Mapping[str, float] | None = None
    ego: str | None = None
    depth: int = 1
    include: tuple[str, ...] = tuple(INCLUDE)
    color_by: str | None = None
    size_by: str = "pagerank"
    min_weight: float | None = None
    seed: int = 42
    physics: bool = False
    exclude: tuple[str, ...] = ()

    def check(self) -> ViewOptions:
        """Raise :class:`~graphkit.errors.UsageProblem` for an option that makes no sense; return self.

        Examples
        --------
        >>> ViewOptions(view="forums", min_weight=1).check()
        Traceback (most recent call last):
        ...
        graphkit.errors.UsageProblem: --min-weight applies to the cooperation view only
        """
        if self.view not in VIEWS:
            raise UsageProblem(f"unknown view {self.view!r}", "use --view " + " or ".join(VIEWS))
        unknown = [k for k in self.include if k not in INCLUDE]
        if unknown:
            raise UsageProblem(
                f"--include: unknown kind {unknown[0]!r}", "use a comma-separated list of " + ",".join(INCLUDE)
            )
        if not self.include:
            raise UsageProblem("--include is empty", "name at least one of " + ",".join(INCLUDE))
        if self.view == "forums" and "state" not in self.include:
            raise UsageProblem(
                "the forums view needs states: --include must contain 'state'",
                "add state, e.g. --include state,organisation",
            )
        if self.view == "cooperation" and not any(k in self.include for k in ("organisation", "summit", "instrument")):
            raise UsageProblem(
                "the cooperation view needs at least one kind of forum in --include",
                "add organisation, summit or instrument",
            )
        if self.color_by is not None and self.color_by not in COLOR_BY:
            raise UsageProblem(f"--color-by: unknown value {self.color_by!r}", "use " + ", ".join(COLOR_BY))
        if self.size_by not in SIZE_BY:
            raise UsageProblem(f"--size-by: unknown metric {self.size_by!r}", "use one of " + ", ".join(SIZE_BY))
        if self.depth < 0:
            raise UsageProblem(f"--depth must be 0 or more, not {self.depth}", "use --depth 1 or 2")
        if self.min_weight is not None:
            if self.view != "cooperation":
                raise UsageProblem(
                    "--min-weight applies to the cooperation view only", "drop --min-weight or use --view cooperation"
                )
            if not math.isfinite(self.min_weight) or self.min_weight < 0:
                raise UsageProblem(
                    f"--min-weight must be a finite number ≥ 0, not {self.min_weight}", "e.g. --min-weight 0.5"
                )
        return self

    @property
    def colour(self) -> str:
        return self.color_by or DEFAULT_COLOR_BY[self.view]


@dataclass
class View:
    """A built view: the drawn graph, vis-network's node and edge dicts, and graphkit's payload for the page."""

    options: ViewOptions
    graph: Any  # networkx.Graph actually drawn
    nodes: list[dict]
    edges: list[dict]
    payload: dict
    vis_options: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.payload["meta"]["title"]


# -- building --------------------------------------------------------------------------
def restrict(B, include: Iterable[str]):
    """The subgraph of ``B`` with the node labels named in ``include`` (``--include`` values).

    Examples
    --------
    >>> import networkx as nx
    >>> B = nx.Graph(); B.add_node("FRA", label="State"); B.add_node("igf", label="Summit")
    >>> sorted(restrict(B, ["state"]))
    ['FRA']
    """
    labels = {INCLUDE[k] for k in include}
    keep = [n for n, d in B.nodes(data=True) if d.get("label") in labels]
    H = B.subgraph(keep).copy()
    H.graph.update(B.graph)
    return H


def _suggest(node_id: str, candidates: Iterable[str]) -> str:
    pool = list(candidates)
    exact = [c for c in pool if c.lower() == node_id.lower()]
    close = exact or difflib.get_close_matches(node_id, pool, n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)})" if close else ""


def ego_subgraph(G, B, node_id: str, depth: int, view: str, include: Iterable[str]):
    """The neighbourhood of ``node_id`` within ``depth`` hops in ``G`` (the graph being drawn).

    ``B`` is the full bipartite graph, used to explain why an id is missing.
    Raises :class:`~graphkit.errors.UsageProblem` naming ``--ego``.
    """
    import networkx as nx

    if node_id in G:
        return nx.ego_graph(G, node_id, radius=depth)
    hint = "states are ISO3 codes such as FRA, forums are slugs such as nato"
    if node_id in B:
        label = B.nodes[node_id].get("label", "node")
        if view == "cooperation":
            raise UsageProblem(
                f"--ego {node_id} is an {label}, and the cooperation view shows states only",
                f"use --view forums --ego {node_id} for a forum's neighbourhood",
            )
        raise UsageProblem(
            f"--ego {node_id} is a {label}, which --include {','.join(include)} leaves out",
            f"add {label.lower()} to --include",
        )
    raise UsageProblem(f"--ego: no state or forum with id {node_id!r}", hint + _suggest(node_id, map(str, B)))


def weighting_text(multipliers: Mapping[str, float] | None) -> str:
    """One line describing the cooperation weighting (for the title block).

    Examples
    --------
    >>> weighting_text(None)[:60]
    'Newman collaboration weights over shared forums; multipliers'
    >>> "signature 0.25 (custom)" in weighting_text({"signature": 0.25})
    True
    """
    from graphkit.analysis.projection import DEFAULT_MULTIPLIERS, check_multipliers

    table = check_multipliers(multipliers)
    parts = []
    for kind, value in table.items():
        mark = " (custom)" if value != DEFAULT_MULTIPLIERS[kind] else ""
        parts.append(f"{kind} {value:g}{mark}")
    return "Newman collaboration weights over shared forums; multipliers " + ", ".join(parts)


def _scale(values: Mapping[Any, float], low: float = SIZE_RANGE[0], high: float = SIZE_RANGE[1]) -> dict[Any, float]:
    """Sizes with area proportional to value (square-root scaling), ``low`` for the minimum.

    Examples
    --------
    >>> _scale({"a": 0.0, "b": 1.0, "c": 0.25})
    {'a': 7.0, 'b': 34.0, 'c': 20.5}
    """
    finite = [v for v in values.values() if isinstance(v, (int, float)) and math.isfinite(v)]
    if not finite:
        return dict.fromkeys(values, low)
    lo, hi = min(finite), max(finite)
    out = {}
    for k, v in values.items():
        if not isinstance(v, (int, float)) or not math.isfinite(v) or hi <= lo:
            out[k] = low if hi > lo else (low + high) / 2
        else:
            out[k] = round(low + (high - low) * math.sqrt((v - lo) / (hi - lo)), 1)
    return out


def _scores(C, size_by: str, seed: int) -> dict[Any, dict[str, Any]]:
    """Centrality of every state in the cooperation graph ``C`` (all metrics up to 1,000 states, cheap ones above)."""
    from graphkit.analysis import centrality

    if len(C) <= centrality.EXACT_BETWEENNESS_MAX:
        metrics = list(centrality.METRICS)
    else:
        metrics = ["degree", "strength", "pagerank", "community"]
        if size_by not in metrics and size_by != "none":
            metrics.append(size_by)
    return centrality.compute(C, metrics, seed=seed)


def _relations(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(data.get("relations") or (data,))


class _Sources:
    """Interned source URLs (a view repeats the same few URLs thousands of times)."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, url: Any) -> int | None:
        url = safe_url(url)
        if url is None:
            return None
        if url not in self._index:
            self._index[url] = len(self.urls)
            self.urls.append(url)
        return self._index[url]


def date_text(value: Any, precision: str | None = None) -> Any:
    """A date as the dataset gave it: ``2004`` for a year, ``2004-03`` for a month, else ISO.

    Partial dates are stored as the first day of their period with an
    ``X_precision`` property; without it a tooltip would claim 1 January.

    Examples
    --------
    >>> import datetime as dt
    >>> date_text(dt.date(2004, 1, 1), "year"), date_text(dt.date(2004, 3, 1), "month")
    ('2004', '2004-03')
    >>> date_text(dt.date(2004, 3, 29), "day"), date_text(dt.date(2004, 3, 29)), date_text(None, "year")
    ('2004-03-29', '2004-03-29', None)
    """
    value = _plain(value)
    if not isinstance(value, str) or len(value) < 10:
        return value
    if precision == "year":
        return value[:4]
    if precision == "month":
        return value[:7]
    return value


def _relation_row(forum: str, rel: Mapping[str, Any], sources: _Sources) -> list:
    return [
        forum,
        _plain(rel.get("rel")),
        _plain(rel.get("role")),
        *(date_text(rel.get(k), rel.get(f"{k}_precision")) for k in ("since", "until", "date")),
        sources(rel.get("source")),
    ]


def _node_info(node_id, data: Mapping[str, Any], scores: Mapping[str, Any] | None) -> dict:
    label = data.get("label") or "State"
    info: dict[str, Any] = {"name": _plain(data.get("name")) or str(node_id), "label": label}
    for key in ("kind", "series", "region", "subregion", "iso2", "city"):
        if data.get(key) not in (None, ""):
            info[key] = _plain(data[key])
    dates = {
        k: date_text(data[k], data.get(f"{k}_precision"))
        for k in ("founded", "start_date", "end_date", "adopted")
        if data.get(k) is not None
    }
    if dates:
        info["dates"] = dates
    if scores:
        info["scores"] = {k: _plain(v) for k, v in scores.items()}
    return info


def _colour_legend(entries: list[tuple[str, str, int]], title: str, symbols: Mapping[str, str] | None = None) -> dict:
    items = []
    for label, colour, count in entries:
        item = {"label": label, "color": colour, "count": count}
        if symbols and label in symbols:
            item["symbol"] = symbols[label]
        items.append(item)
    return {"title": title, "items": items}


def build_view(
    B,
    options: ViewOptions | None = None,
    *,
    cooperation=None,
    title: str | None = None,
    data_as_of: str | None = None,
    generated: _dt.datetime | None = None,
) -> View:
    """Build a view of the bipartite graph ``B`` (see :func:`graphkit.analysis.projection.read_bipartite`).

    Parameters
    ----------
    B : networkx.Graph
        States and forums with the attributes of ``read_bipartite``.
    options : ViewOptions
        What to draw.
    cooperation : networkx.Graph, optional
        The cooperation graph of ``B`` if already computed (else projected here
        with ``options.multipliers``).
    title, data_as_of, generated
        Override the title, say how fresh the sources are, and the timestamp
        (for reproducible files).

    Returns
    -------
    View

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> B = bipartite_from_rows(
    ...     [{"id": s, "attrs": {"name": s, "region": "Europe"}} for s in ("DEU", "EST", "FRA")],
    ...     [{"id": "eu", "label": "Organisation", "attrs": {"name": "EU", "kind": "regional"}}],
    ...     [{"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {"role": "member"}} for s in ("DEU", "EST", "FRA")])
    >>> v = build_view(B, ViewOptions(view="cooperation"))
    >>> len(v.nodes), len(v.edges)
    (3, 3)
    >>> v = build_view(B, ViewOptions(view="forums"))
    >>> len(v.nodes), len(v.edges), sorted({n["shape"] for n in v.nodes})
    (4, 3, ['dot', 'square'])
    """
    import networkx as nx

    from graphkit.analysis.projection import check_multipliers, cooperation_graph, exclude_forums

    options = (options or ViewOptions()).check()
    multipliers = check_multipliers(options.multipliers)
    B = exclude_forums(B, options.exclude)
    states_all = [n for n, d in B.nodes(data=True) if d.get("label") == "State"]
    if not states_all:
        raise InvalidData("the graph has no State nodes", "load a dataset with `graphkit load` first")
    coop_include = [k for k in options.include if k != "state"] + ["state"]
    Bc = restrict(B, coop_include)
    C = cooperation if cooperation is not None else cooperation_graph(Bc, multipliers)
    scores = _scores(C, options.size_by, options.seed)

    # -- the graph to draw --------------------------------------------------------
    if options.view == "cooperation":
        D = nx.Graph()
        D.add_nodes_from(C.nodes(data=True))
        low = options.min_weight
        D.add_edges_from((u, v, d) for u, v, d in C.edges(data=True) if low is None or d.get("weight", 0) >= low)
        G_view = D
    else:
        G_view = restrict(B, options.include)
    if options.ego is not None:
        G_view = ego_subgraph(G_view, B, options.ego, options.depth, options.view, options.include)

    # -- positions, sizes, colours ------------------------------------------------
    from graphkit.views.layout import positions

    pos = positions(G_view, seed=options.seed, weight="weight" if options.view == "cooperation" else None)
    labels = {n: G_view.nodes[n].get("label") or "State" for n in G_view}
    states = [n for n in G_view if labels[n] == "State"]
    forums = [n for n in G_view if labels[n] != "State"]
    size: dict[Any, float] = {}
    if options.size_by == "none":
        size = dict.fromkeys(G_view, 12.0)
    else:
        size.update(_scale({n: scores.get(n, {}).get(options.size_by) for n in states}))
        if forums:
            size.update(_scale({n: G_view.degree(n) for n in forums}, 6.0, 26.0))

    colour: dict[Any, str] = {}
    legend: list[dict] = []
    colour_by = options.colour
    if colour_by == "kind":
        present = [lab for lab in KIND_STYLE if any(labels[n] == lab for n in G_view)]
        for n in G_view:
            colour[n] = KIND_STYLE.get(labels[n], KIND_STYLE["State"])["color"]
        legend.append(
            _colour_legend(
                [(lab, KIND_STYLE[lab]["color"], sum(labels[n] == lab for n in G_view)) for lab in present],
                "kind (and shape)",
                {lab: KIND_STYLE[lab]["symbol"] for lab in present},
            )
        )
    elif colour_by == "region":
        regions: dict[str, int] = {}
        for n in states:
            regions[G_view.nodes[n].get("region") or NO_VALUE] = (
                regions.get(G_view.nodes[n].get("region") or NO_VALUE, 0) + 1
            )
        extra = iter(p for p in PALETTE if p not in REGION_COLORS.values())
        region_colour = {}
        for r in sorted(regions, key=lambda r: (r == NO_VALUE, r)):
            region_colour[r] = OTHER_COLOR if r == NO_VALUE else REGION_COLORS.get(r) or next(extra, OTHER_COLOR)
        for n in states:
            colour[n] = region_colour[G_view.nodes[n].get("region") or NO_VALUE]
        legend.append(_colour_legend([(r, region_colour[r], regions[r]) for r in region_colour], "Region (states)"))
    else:  # community
        counts: dict[int, int] = {}
        for n in states:
            c = scores.get(n, {}).get("community")
            if c is not None:
                counts[c] = counts.get(c, 0) + 1
        order = sorted(counts, key=lambda c: (-counts[c], c))
        com_colour = {c: PALETTE[i] if i < len(PALETTE) else OTHER_COLOR for i, c in enumerate(order)}
        for n in states:
            c = scores.get(n, {}).get("community")
            colour[n] = com_colour.get(c, OTHER_COLOR)
        items = [(f"Community {c}", com_colour[c], counts[c]) for c in order[: len(PALETTE)]]
        rest = sum(counts[c] for c in order[len(PALETTE) :])
        if rest:
            items.append((f"{len(order) - len(PALETTE)} smaller communities", OTHER_COLOR, rest))
        legend.append(_colour_legend(items, "Louvain community (states)"))
    for n in forums:
        colour.setdefault(n, KIND_STYLE[labels[n]]["color"] if colour_by == "kind" else "#c7c9cc")

    # -- vis-network items and graphkit's payload ---------------------------------
    sources = _Sources()
    info: dict[str, dict] = {}
    vis_nodes: list[dict] = []
    for n in G_view:
        data = G_view.nodes[n]
        lab = labels[n]
        node_info = _node_info(n, data, scores.get(n) if lab == "State" else None)
        if lab == "State" and options.view == "cooperation":
            links = []
            for forum in Bc[n] if n in Bc else ():  # noqa: SIM401 (a networkx Graph has no .get)
                for rel in _relations(Bc.edges[n, forum]):
                    links.append(_relation_row(str(forum), rel, sources))
            node_info["links"] = sorted(links, key=lambda r: (r[0], r[1] or ""))
        info[str(n)] = node_info
        x, y = pos[n]
        vis_nodes.append(
            {
                "id": str(n),
                "label": node_info["name"],
                "x": x,
                "y": y,
                "size": size.get(n, 10.0),
                "color": colour.get(n, OTHER_COLOR),
                "shape": KIND_STYLE.get(lab, KIND_STYLE["State"])["shape"],
            }
        )

    vis_edges: list[dict] = []
    edge_info: list[Any] = []
    if options.view == "cooperation":
        top = max((d.get("weight", 0.0) for *_, d in G_view.edges(data=True)), default=0.0) or 1.0
        for i, (u, v, d) in enumerate(G_view.edges(data=True)):
            w = float(d.get("weight", 0.0))
            vis_edges.append(
                {"id": i, "from": str(u), "to": str(v), "width": round(0.4 + 5.6 * math.sqrt(max(w, 0) / top), 2)}
            )
            edge_info.append([_plain(w), _plain(d.get("forums"))])
    else:
        for i, (u, v, d) in enumerate(G_view.edges(data=True)):
            a, b = (u, v) if labels[u] == "State" else (v, u)
            rels = _relations(d)
            vis_edges.append(
                {
                    "id": i,
                    "from": str(a),
                    "to": str(b),
                    "width": 1,
                    "color": {"color": REL_COLORS.get(rels[0].get("rel"), OTHER_COLOR)},
                }
            )
            edge_info.append([_relation_row(str(b), r, sources)[1:] for r in rels])

    forum_names = {}
    if options.view == "cooperation":
        for n, d in Bc.nodes(data=True):
            if d.get("label") != "State":
                forum_names[str(n)] = [_plain(d.get("name")) or str(n), d.get("label"), _plain(d.get("kind"))]

    as_of = options.as_of
    date_used = B.graph.get("date")
    if as_of:
        as_of_text = f"as of {as_of.isoformat()}"
    else:
        as_of_text = "latest" + (f" (what holds on {_plain(date_used)})" if date_used else "")
    if data_as_of:
        as_of_text += f"; sources dated up to {data_as_of}"
    if title is None:
        what = "Cooperation network of states" if options.view == "cooperation" else "States and their forums"
        title = what + (
            f": {info.get(str(options.ego), {}).get('name', options.ego)} and neighbours within {options.depth}"
            if options.ego is not None
            else ""
        )
    generated = generated or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    size_text = (
        "the same for every node"
        if options.size_by == "none"
        else f"states by {options.size_by}"
        + (" (in the whole cooperation graph)" if options.view == "forums" or options.ego else "")
        + ("; forums by their number of states here" if forums else "")
    )
    meta = {
        "title": title,
        "view": options.view,
        "as_of": as_of_text,
        "weighting": weighting_text(multipliers)
        + (f"; excluding {', '.join(B.graph['excluded'])}" if B.graph.get("excluded") else ""),
        "excluded": list(B.graph.get("excluded", ())),
        "version": __version__,
        "generated": generated.isoformat(),
        "color_by": colour_by,
        "size_by": options.size_by,
        "size_text": size_text,
        "ego": options.ego,
        "depth": options.depth if options.ego is not None else None,
        "min_weight": options.min_weight,
        "include": list(options.include),
        "counts": {"nodes": len(vis_nodes), "edges": len(vis_edges), "states": len(states), "forums": len(forums)},
    }
    kinds_present = {lab: sum(1 for n in G_view if labels[n] == lab) for lab in KIND_STYLE}
    shapes = [
        {"label": lab, "symbol": KIND_STYLE[lab]["symbol"], "color": "#64748b", "count": c}
        for lab, c in kinds_present.items()
        if c and colour_by != "kind"
    ]
    rels_present: dict[str, int] = {}
    if options.view == "forums":
        for d in G_view.edges.values():
            r = _relations(d)[0].get("rel")
            rels_present[r] = rels_present.get(r, 0) + 1
    payload = {
        "meta": meta,
        "legend": {
            "colours": legend,
            "shapes": shapes,
            "edges": [
                {"label": r, "color": REL_COLORS.get(r, OTHER_COLOR), "count": c}
                for r, c in sorted(rels_present.items(), key=lambda x: str(x[0]))
            ],
        },
        "info": info,
        "edges": edge_info,
        "forums": forum_names,
        "sources": sources.urls,
        "metrics": ["pagerank", "degree", "strength", "betweenness", "closeness", "eigenvector", "community"],
    }
    large = len(vis_nodes) > LARGE_NODES or len(vis_edges) > LARGE_EDGES
    vis_options = {
        "autoResize": True,
        "physics": {
            "enabled": bool(options.physics),
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 80, "avoidOverlap": 0.2},
            "stabilization": {"enabled": False},
            "minVelocity": 1.0,
        },
        "layout": {"improvedLayout": False, "randomSeed": options.seed},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {
                "size": 14,
                "color": "#1f2937",
                "face": "system-ui, sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
            "color": {"color": "#8c96a3", "highlight": "#1f2937", "hover": "#1f2937", "opacity": 0.55},
        },
    }
    return View(options, G_view, vis_nodes, vis_edges, payload, vis_options)


# -- HTML --------------------------------------------------------------------------------
def _pyvis_lib() -> Path:
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _checked_script(text: str, name: str) -> str:
    if re.search(r"</script", text, flags=re.IGNORECASE):
        raise InvalidData(f"{name} contains '</script' and cannot be inlined", "report this as a graphkit bug")
    return text


def _checked_style(text: str, name: str) -> str:
    if re.search(r"</style", text, flags=re.IGNORECASE):
        raise InvalidData(f"{name} contains '</style' and cannot be inlined", "report this as a graphkit bug")
    return text


def _environment(globals_: dict):
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(RESOURCES)),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # these return JSON text for <script type="application/json"> blocks; the template marks them |safe
    env.filters["script_json"] = script_json
    env.filters["script_json_text"] = escape_json_text
    env.globals.update(globals_)
    return env


def view_html(view: View) -> str:
    """The complete HTML page of ``view`` (rendered by PyVis with graphkit's template)."""
    from pyvis.network import Network

    lib = _pyvis_lib()
    vis_js = _checked_script(_read(lib / "vis-network.min.js"), "vis-network.min.js")
    vis_css = _checked_style(_read(lib / "vis-network.css"), "vis-network.css")
    gk_js = _checked_script(_read(RESOURCES / "view.js"), "view.js")
    gk_css = _checked_style(_read(RESOURCES / "view.css"), "view.css")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_hash(vis_js)} {_hash(gk_js)}",
            f"style-src {_hash(vis_css)} {_hash(gk_css)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    net = Network(height="100%", width="100%", heading=view.title, cdn_resources="in_line")
    net.nodes = view.nodes
    net.edges = view.edges
    net.node_ids = [n["id"] for n in view.nodes]
    net.node_map = {n["id"]: n for n in view.nodes}
    net.options = view.vis_options
    net.set_template_dir(str(RESOURCES) + "/", "view.html")
    net.templateEnv = _environment(
        {
            "gk": view.payload,
            "gk_meta": view.payload["meta"],
            "csp": csp,
            "vis_js": vis_js,
            "vis_css": vis_css,
            "gk_js": gk_js,
            "gk_css": gk_css,
        }
    )
    return net.generate_html(name="view.html")


def write_view(view: View, path: Path | str) -> Path:
    """Write ``view`` as one HTML file (parent folders created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(view_html(view), encoding="utf-8")
    return path


def default_out(view: str) -> Path:
    """``out/<view>.html``.

    Examples
    --------
    >>> str(default_out("forums"))
    'out/forums.html'
    """
    return Path("out") / f"{view}.html"


@dataclass
class RenderResult:
    path: Path
    nodes: int
    edges: int
    bytes: int


def sources_as_of(store) -> str | None:
    """The latest ``as_of`` date of the loaded nodes (how fresh the sources are), as text; None if there is none.

    Only the schema's labels count (a ``CentralityRun``'s ``as_of`` is the date it was computed for).
    """
    from graphkit.data import schema

    labels = " OR ".join(f"n:{schema.check_label(label)}" for label in schema.LABELS)
    rows = store.read(f"MATCH (n) WHERE ({labels}) AND n.as_of IS NOT NULL RETURN max(n.as_of) AS d")
    return _plain(rows[0]["d"]) if rows and rows[0]["d"] is not None else None


def render(store, options: ViewOptions, out: Path | str | None = None) -> RenderResult:
    """Read the graph from ``store``, build the view and write it; return where and how big.

    ``out`` defaults to ``out/<view>.html``.
    """
    from graphkit.analysis.projection import read_bipartite

    options.check()
    B = read_bipartite(store, options.as_of)
    view = build_view(B, options, data_as_of=sources_as_of(store))
    path = write_view(view, out or default_out(options.view))
    return RenderResult(path, len(view.nodes), len(view.edges), path.stat().st_size)
