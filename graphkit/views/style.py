"""How a view looks: the shape and colour of each kind of node, the palettes, node sizes and colour legends.

Colours are colour-blind-safe Tableau 10 hues. A node's colour follows one of
three modes (:data:`graphkit.vocabulary.COLOR_BY`): its kind (which also sets
its shape), its UN region or its Louvain community; in the last two only
actors (states, and stakeholders with ``--actors all``) are coloured, forums
are grey. A stakeholder's shape follows its kind (:data:`STAKEHOLDER_SHAPES`,
with a legend entry per kind). Sizes have their area proportional to a
centrality metric (actors) or to the number of actors drawn with them (forums).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx

from graphkit.vocabulary import ACTOR_LABELS

#: Shape and colour per node label (colour-blind-safe Tableau 10 hues).
KIND_STYLE: dict[str, dict[str, str]] = {
    "State": {"shape": "dot", "color": "#4e79a7", "symbol": "●"},
    "Organisation": {"shape": "square", "color": "#f28e2b", "symbol": "■"},
    "Summit": {"shape": "triangle", "color": "#59a14f", "symbol": "▲"},
    "Instrument": {"shape": "diamond", "color": "#b07aa1", "symbol": "◆"},
    "Stakeholder": {"shape": "star", "color": "#e15759", "symbol": "★"},
}
#: Shape (and legend symbol) of a Stakeholder per kind (``schema.STAKEHOLDER_KINDS``); unknown kinds as ``other``.
STAKEHOLDER_SHAPES: dict[str, dict[str, str]] = {
    "company": {"shape": "star", "symbol": "★"},
    "civil-society": {"shape": "triangleDown", "symbol": "▼"},
    "academia": {"shape": "hexagon", "symbol": "⬢"},
    "technical-community": {"shape": "square", "symbol": "■"},
    "public-authority": {"shape": "diamond", "symbol": "◆"},
    "other": {"shape": "triangle", "symbol": "▲"},
}
#: Every label that can be an actor (scored, sized and coloured like a state).
ACTORS = ACTOR_LABELS["all"]
#: Edge colour per relationship type in the forums view.
REL_COLORS: dict[Any, str] = {
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
#: Colour of what has no colour of its own (a community beyond the palette, no region).
OTHER_COLOR = "#bab0ac"
#: Colour of the forums when only states are coloured (by region or community).
FORUM_GREY = "#c7c9cc"
#: Legend text for a state without a region.
NO_VALUE = "(none)"
#: Smallest and largest state size (vis-network's ``size``).
SIZE_RANGE = (7.0, 34.0)
#: Smallest and largest forum size.
FORUM_SIZE_RANGE = (6.0, 26.0)
#: Size of every node when sizes follow no metric.
FLAT_SIZE = 12.0

Colours = dict[Hashable, str]


def node_shape(label: str, kind: Any = None) -> str:
    """vis-network's shape of a node: by label, and for a Stakeholder by its kind.

    Examples
    --------
    >>> node_shape("State"), node_shape("Stakeholder", "academia"), node_shape("Stakeholder", "?")
    ('dot', 'hexagon', 'triangle')
    """
    if label == "Stakeholder":
        return STAKEHOLDER_SHAPES.get(kind, STAKEHOLDER_SHAPES["other"])["shape"]
    return KIND_STYLE.get(label, KIND_STYLE["State"])["shape"]


def stakeholder_legend(G: nx.Graph, labels: Mapping[Hashable, str], color: str = "#64748b") -> list[dict]:
    """One shape legend entry per stakeholder kind drawn: ``{label, symbol, color, count}``.

    Examples
    --------
    >>> G = nx.Graph(); G.add_node("acme", kind="company"); G.add_node("FRA")
    >>> stakeholder_legend(G, {"acme": "Stakeholder", "FRA": "State"})
    [{'label': 'Stakeholder: company', 'symbol': '★', 'color': '#64748b', 'count': 1}]
    """
    counts: dict[str, int] = {}
    for n in G:
        if labels[n] == "Stakeholder":
            kind = G.nodes[n].get("kind")
            kind = kind if kind in STAKEHOLDER_SHAPES else "other"
            counts[kind] = counts.get(kind, 0) + 1
    return [
        {"label": f"Stakeholder: {kind}", "symbol": STAKEHOLDER_SHAPES[kind]["symbol"], "color": color, "count": c}
        for kind, c in sorted(counts.items(), key=lambda x: list(STAKEHOLDER_SHAPES).index(x[0]))
    ]


# -- sizes -------------------------------------------------------------------------------
def _scale(values: Mapping[Any, Any], low: float = SIZE_RANGE[0], high: float = SIZE_RANGE[1]) -> dict[Any, float]:
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


def node_sizes(
    G: nx.Graph, labels: Mapping[Hashable, str], scores: Mapping[Hashable, Mapping[str, Any]], size_by: str
) -> dict[Hashable, float]:
    """The size of every node drawn: states by the metric ``size_by``, forums by their degree in ``G``.

    Parameters
    ----------
    G : networkx.Graph
        The graph being drawn.
    labels : dict
        Node → label (``State``, ``Organisation`` …) of every node of ``G``.
    scores : dict
        State → ``{metric: value}`` (see :func:`graphkit.analysis.centrality.compute`).
    size_by : str
        A metric of :data:`graphkit.vocabulary.SIZE_BY`; ``none`` gives every node the same size.

    Returns
    -------
    dict
        Node → size, states within :data:`SIZE_RANGE`, forums within :data:`FORUM_SIZE_RANGE`.

    Examples
    --------
    >>> G = nx.Graph([("FRA", "eu"), ("DEU", "eu")])
    >>> labels = {"FRA": "State", "DEU": "State", "eu": "Organisation"}
    >>> node_sizes(G, labels, {"FRA": {"degree": 2.0}, "DEU": {"degree": 1.0}}, "degree")
    {'FRA': 34.0, 'DEU': 7.0, 'eu': 16.0}
    >>> node_sizes(G, labels, {}, "none")
    {'FRA': 12.0, 'eu': 12.0, 'DEU': 12.0}
    """
    if size_by == "none":
        return dict.fromkeys(G, FLAT_SIZE)
    states = [n for n in G if labels[n] in ACTORS]
    forums = [n for n in G if labels[n] not in ACTORS]
    sizes = _scale({n: scores.get(n, {}).get(size_by) for n in states})
    if forums:
        sizes.update(_scale({n: G.degree(n) for n in forums}, *FORUM_SIZE_RANGE))
    return sizes


# -- colours -----------------------------------------------------------------------------
def _colour_legend(entries: list[tuple[str, str, int]], title: str, symbols: Mapping[str, str] | None = None) -> dict:
    """A legend of colours: ``{"title", "items": [{"label", "color", "count"[, "symbol"]}]}``."""
    items = []
    for label, colour, count in entries:
        item = {"label": label, "color": colour, "count": count}
        if symbols and label in symbols:
            item["symbol"] = symbols[label]
        items.append(item)
    return {"title": title, "items": items}


def _kind_colours(G: nx.Graph, labels: Mapping[Hashable, str]) -> tuple[Colours, dict]:
    """Every node in the colour of its kind; the legend also shows each kind's shape."""
    present = [lab for lab in KIND_STYLE if any(labels[n] == lab for n in G)]
    colours = {n: KIND_STYLE.get(labels[n], KIND_STYLE["State"])["color"] for n in G}
    legend = _colour_legend(
        [(lab, KIND_STYLE[lab]["color"], sum(labels[n] == lab for n in G)) for lab in present],
        "kind (and shape)",
        {lab: KIND_STYLE[lab]["symbol"] for lab in present},
    )
    return colours, legend


def _region_colours(G: nx.Graph, states: list[Hashable]) -> tuple[Colours, dict]:
    """States in the colour of their UN region (fixed colours, then the palette's others; no region last)."""
    region = {n: G.nodes[n].get("region") or NO_VALUE for n in states}
    counts: dict[str, int] = {}
    for r in region.values():
        counts[r] = counts.get(r, 0) + 1
    extra = iter(p for p in PALETTE if p not in REGION_COLORS.values())
    region_colour = {}
    for r in sorted(counts, key=lambda r: (r == NO_VALUE, r)):
        region_colour[r] = OTHER_COLOR if r == NO_VALUE else REGION_COLORS.get(r) or next(extra, OTHER_COLOR)
    colours = {n: region_colour[region[n]] for n in states}
    legend = _colour_legend([(r, region_colour[r], counts[r]) for r in region_colour], "Region (states)")
    return colours, legend


def _community_colours(
    states: list[Hashable], scores: Mapping[Hashable, Mapping[str, Any]], names: Mapping[int, str] | None = None
) -> tuple[Colours, dict]:
    """States in the colour of their Louvain community (named by ``names``), largest first; those beyond the palette share one."""
    community = {n: scores.get(n, {}).get("community") for n in states}
    counts: dict[int, int] = {}
    for c in community.values():
        if c is not None:
            counts[c] = counts.get(c, 0) + 1
    order = sorted(counts, key=lambda c: (-counts[c], c))
    com_colour: dict[Any, str] = {c: PALETTE[i] if i < len(PALETTE) else OTHER_COLOR for i, c in enumerate(order)}
    colours = {n: com_colour.get(c, OTHER_COLOR) for n, c in community.items()}
    names = names or {}
    items = [(names.get(c, f"Community {c}"), com_colour[c], counts[c]) for c in order[: len(PALETTE)]]
    rest = sum(counts[c] for c in order[len(PALETTE) :])
    if rest:
        items.append((f"{len(order) - len(PALETTE)} smaller communities", OTHER_COLOR, rest))
    return colours, _colour_legend(items, "Louvain community, named by its top members by PageRank")


def node_colours(
    G: nx.Graph,
    labels: Mapping[Hashable, str],
    scores: Mapping[Hashable, Mapping[str, Any]],
    colour_by: str,
    names: Mapping[int, str] | None = None,
) -> tuple[Colours, list[dict]]:
    """The colour of every node drawn and the legend of those colours.

    Parameters
    ----------
    G : networkx.Graph
        The graph being drawn.
    labels : dict
        Node → label (``State``, ``Organisation`` …) of every node of ``G``.
    scores : dict
        State → ``{metric: value}``; only ``community`` is used.
    colour_by : str
        ``kind``, ``region`` or ``community`` (:data:`graphkit.vocabulary.COLOR_BY`).
        By region or community, forums are :data:`FORUM_GREY`.
    names : dict, optional
        Community number → name (:func:`graphkit.analysis.blocs.community_names`) for the legend.

    Returns
    -------
    tuple
        Node → colour (``#rrggbb``), and the colour legends (a list of one
        ``{"title", "items"}`` dict).

    Examples
    --------
    >>> G = nx.Graph([("FRA", "eu"), ("KEN", "au")])
    >>> G.nodes["FRA"]["region"], G.nodes["KEN"]["region"] = "Europe", "Africa"
    >>> labels = {"FRA": "State", "KEN": "State", "eu": "Organisation", "au": "Organisation"}
    >>> colours, legend = node_colours(G, labels, {}, "region")
    >>> colours == {"FRA": REGION_COLORS["Europe"], "KEN": REGION_COLORS["Africa"], "eu": FORUM_GREY, "au": FORUM_GREY}
    True
    >>> [(item["label"], item["count"]) for item in legend[0]["items"]]
    [('Africa', 1), ('Europe', 1)]
    >>> node_colours(G, labels, {}, "kind")[0]["eu"] == KIND_STYLE["Organisation"]["color"]
    True
    """
    states = [n for n in G if labels[n] in ACTORS]
    if colour_by == "kind":
        colours, legend = _kind_colours(G, labels)
    elif colour_by == "region":
        colours, legend = _region_colours(G, states)
    else:  # community
        colours, legend = _community_colours(states, scores, names)
    for n in G:
        if labels[n] not in ACTORS:
            colours.setdefault(n, FORUM_GREY)
    return colours, [legend]
