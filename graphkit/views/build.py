"""Building a view: the graph to draw, vis-network's node and edge dicts, and graphkit's payload for the page.

Two views of the graph read by :func:`graphkit.analysis.projection.read_bipartite`:

``cooperation``
    The states, tied by their cooperation weight
    (:func:`graphkit.analysis.projection.cooperation_graph`): edge width by weight, node
    size by a centrality metric, colour by Louvain community or UN region.
``forums``
    The bipartite graph itself: states and the organisations, summits and
    instruments they belong to, attended or signed; colour and shape by kind,
    edge colour by relationship.

With ``actors="all"`` both views also draw the Stakeholders as actors (scored,
sized and coloured like the states), each in the shape of its kind
(:data:`graphkit.views.style.STAKEHOLDER_SHAPES`, one legend entry per kind).

:func:`build_view` makes plain dicts, without a browser or a database (so it
is unit-testable); :func:`graphkit.views.html.view_html` turns them into the
page. Positions come from :func:`graphkit.views.layout.positions` and are
passed as ``x``/``y``; physics is off, so vis-network draws once and the page
is interactive at once (a checkbox switches physics on).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphkit import __version__, values
from graphkit.analysis import centrality
from graphkit.analysis.backbone import disparity_backbone
from graphkit.analysis.blocs import community_names
from graphkit.analysis.projection import check_multipliers, cooperation_graph, edge_relation_intervals, exclude_forums
from graphkit.data.dates import date_text
from graphkit.errors import InvalidData, UsageProblem
from graphkit.views.escape import safe_url
from graphkit.views.layout import ego_positions, positions
from graphkit.views.style import (
    ACTORS,
    KIND_STYLE,
    OTHER_COLOR,
    REL_COLORS,
    node_colours,
    node_shape,
    node_sizes,
    stakeholder_legend,
)
from graphkit.views.timeline import add_timeline
from graphkit.vocabulary import (
    ACTOR_LABELS,
    COLOR_BY,
    DEFAULT_ACTORS,
    DEFAULT_MULTIPLIERS,
    DEFAULT_SEED,
    DEFAULT_TIES,
    FORUM_LABELS,
    INCLUDE,
    METRICS,
    SIZE_BY,
    TIES,
    VIEWS,
)

#: The colour mode of each view when ``color_by`` is not given.
DEFAULT_COLOR_BY = {"cooperation": "community", "forums": "kind"}
#: Above this many nodes or edges the page hides edges while dragging or zooming.
LARGE_NODES, LARGE_EDGES = 1000, 6000
#: The longest label drawn on the canvas (the full name stays in the tooltip).
LABEL_CHARS = 40
#: The order of the scores in a state's details: PageRank (the default size) first, then as in METRICS.
SHOWN_METRICS: tuple[str, ...] = ("pagerank", *(m for m in METRICS if m != "pagerank"))


def _shown(value: Any) -> Any:
    """A value for the page: :func:`graphkit.values.plain`, floats rounded to 4 significant digits.

    Examples
    --------
    >>> import datetime as dt
    >>> _shown(0.123456), _shown(float("nan")), _shown(dt.date(2004, 5, 1)), _shown(3)
    (0.1235, None, '2004-05-01', 3)
    """
    value = values.plain(value)
    return float(f"{value:.4g}") if isinstance(value, float) else value


# -- options ---------------------------------------------------------------------------
@dataclass
class ViewOptions:
    """What to draw (the parameters of :func:`build_view`, checked by :meth:`check`).

    Attributes
    ----------
    view : str
        ``cooperation`` or ``forums`` (:data:`graphkit.vocabulary.VIEWS`).
    as_of : datetime.date, optional
        The date the graph was read for (None: latest); shown in the title block.
    multipliers : dict, optional
        Cooperation multipliers per kind of relationship, overriding the defaults.
    ego, depth
        Draw only the nodes within ``depth`` hops of the node with id ``ego``.
    include : tuple of str
        The kinds of node drawn (:data:`graphkit.vocabulary.INCLUDE`); in the
        cooperation view, the kinds of forum that count as cooperation.
    color_by : str, optional
        ``kind``, ``region`` or ``community``; by default community in the
        cooperation view, kind in the forums view.
    size_by : str
        The metric that sets the size of states, or ``none``.
    min_weight : float, optional
        Cooperation view: draw only ties with at least this weight.
    seed : int
        Seed of the layout and of Louvain.
    physics : bool
        Start the page with physics on.
    exclude : tuple of str
        Forums left out of both views.
    actors : str
        ``states`` (the default) or ``all``: also draw and score the Stakeholders.
    ties : str, optional
        Cooperation view: ``backbone`` (the default: the ties kept by the
        disparity filter, see :mod:`graphkit.analysis.backbone`) or ``all``.
    alpha : float, optional
        Cooperation view: the backbone's significance level (by default the
        largest that keeps about 6 ties per state on average).
    timeline : bool
        Give the page its time slider (needs the graph's history, see :func:`build_view`).
    """

    view: str = "cooperation"
    as_of: _dt.date | None = None
    multipliers: Mapping[str, float] | None = None
    ego: str | None = None
    depth: int = 1
    include: tuple[str, ...] = tuple(INCLUDE)
    color_by: str | None = None
    size_by: str = "pagerank"
    min_weight: float | None = None
    seed: int = DEFAULT_SEED
    physics: bool = False
    exclude: tuple[str, ...] = ()
    actors: str = DEFAULT_ACTORS
    ties: str | None = None
    alpha: float | None = None
    timeline: bool = True

    def check(self) -> ViewOptions:
        """Check that the options make sense together; return self.

        Returns
        -------
        ViewOptions
            ``self``.

        Raises
        ------
        graphkit.errors.UsageProblem
            For an unknown or unsuitable value; its ``param`` names the option.

        Examples
        --------
        >>> ViewOptions(view="forums", ego="EST").check().colour
        'kind'
        >>> try:
        ...     ViewOptions(view="forums", min_weight=1).check()
        ... except UsageProblem as error:
        ...     print(f"{error.param}: {error.message}")
        min_weight: applies to the cooperation view only
        """
        self._check_view_and_include()
        if self.actors not in ACTOR_LABELS:
            raise UsageProblem(f"unknown actors {self.actors!r}", "use " + " or ".join(ACTOR_LABELS), param="actors")
        if self.color_by is not None and self.color_by not in COLOR_BY:
            raise UsageProblem(f"unknown value {self.color_by!r}", "use " + ", ".join(COLOR_BY), param="color_by")
        if self.size_by not in SIZE_BY:
            raise UsageProblem(f"unknown metric {self.size_by!r}", "use one of " + ", ".join(SIZE_BY), param="size_by")
        if self.depth < 0:
            raise UsageProblem(f"must be 0 or more, not {self.depth}", "use 1 or 2", param="depth")
        self._check_ties()
        if self.min_weight is not None:
            if self.view != "cooperation":
                raise UsageProblem(
                    "applies to the cooperation view only", "drop it or use the cooperation view", param="min_weight"
                )
            if not math.isfinite(self.min_weight) or self.min_weight < 0:
                raise UsageProblem(
                    f"must be a finite number ≥ 0, not {self.min_weight}", "e.g. 0.5", param="min_weight"
                )
        return self

    def _check_ties(self) -> None:
        if self.ties is not None and self.ties not in TIES:
            raise UsageProblem(f"unknown ties {self.ties!r}", "use " + " or ".join(TIES), param="ties")
        for name in ("ties", "alpha"):
            if getattr(self, name) is not None and self.view != "cooperation":
                raise UsageProblem(
                    "applies to the cooperation view only", "drop it or use the cooperation view", param=name
                )
        if self.alpha is not None:
            if self.tie_mode != "backbone":
                raise UsageProblem("applies to the backbone only", "drop it or draw the backbone", param="alpha")
            if not (math.isfinite(self.alpha) and 0 < self.alpha <= 1):
                raise UsageProblem(f"must be in (0, 1], not {self.alpha}", "e.g. 0.01", param="alpha")

    @property
    def tie_mode(self) -> str | None:
        """The ties drawn: ``backbone`` or ``all`` in the cooperation view, None in the forums view."""
        return (self.ties or DEFAULT_TIES) if self.view == "cooperation" else None

    def _check_view_and_include(self) -> None:
        if self.view not in VIEWS:
            raise UsageProblem(f"unknown view {self.view!r}", "use " + " or ".join(VIEWS), param="view")
        unknown = [k for k in self.include if k not in INCLUDE]
        if unknown:
            raise UsageProblem(
                f"unknown kind {unknown[0]!r}", "use one or more of " + ",".join(INCLUDE), param="include"
            )
        if not self.include:
            raise UsageProblem(
                "no kind of node is included", "name at least one of " + ",".join(INCLUDE), param="include"
            )
        if self.view == "forums" and "state" not in self.include:
            raise UsageProblem(
                "the forums view needs states, and 'state' is not included",
                "add state, e.g. state,organisation",
                param="include",
            )
        forums = [k for k, label in INCLUDE.items() if label in FORUM_LABELS]
        if self.view == "cooperation" and not any(k in self.include for k in forums):
            raise UsageProblem(
                "the cooperation view needs at least one kind of forum",
                "add organisation, summit or instrument",
                param="include",
            )

    @property
    def colour(self) -> str:
        """The colour mode used: ``color_by``, or the view's default (:data:`DEFAULT_COLOR_BY`)."""
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
        """The page's title (``payload["meta"]["title"]``)."""
        return self.payload["meta"]["title"]


# -- selecting what to draw ------------------------------------------------------------------
def restrict(B: nx.Graph, include: Iterable[str], extra: Iterable[str] = ()) -> nx.Graph:
    """The subgraph of ``B`` with the node labels named in ``include`` (``include`` values of :class:`ViewOptions`).

    Parameters
    ----------
    B : networkx.Graph
        The bipartite graph.
    include : iterable of str
        Keys of :data:`graphkit.vocabulary.INCLUDE` (``state``, ``organisation`` …).
    extra : iterable of str
        Node labels kept as well (``Stakeholder`` when stakeholders are actors).

    Returns
    -------
    networkx.Graph
        A copy, with ``B.graph``'s attributes.

    Raises
    ------
    KeyError
        For a kind not in :data:`graphkit.vocabulary.INCLUDE` (:meth:`ViewOptions.check` refuses those).

    Examples
    --------
    >>> B = nx.Graph(); B.add_node("FRA", label="State"); B.add_node("igf", label="Summit")
    >>> sorted(restrict(B, ["state"]))
    ['FRA']
    """
    labels = {INCLUDE[k] for k in include} | set(extra)
    keep = [n for n, d in B.nodes(data=True) if d.get("label") in labels]
    H = B.subgraph(keep).copy()
    H.graph.update(B.graph)
    return H


def _suggest(node_id: str, candidates: Iterable[str]) -> str:
    pool = list(candidates)
    exact = [c for c in pool if c.lower() == node_id.lower()]
    close = exact or difflib.get_close_matches(node_id, pool, n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)})" if close else ""


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def ego_subgraph(G: nx.Graph, B: nx.Graph, node_id: str, depth: int, view: str, include: Iterable[str]) -> nx.Graph:
    """The neighbourhood of ``node_id`` within ``depth`` hops in ``G`` (the graph being drawn).

    Parameters
    ----------
    G : networkx.Graph
        The graph being drawn.
    B : networkx.Graph
        The full bipartite graph, used to explain why an id is missing from ``G``.
    node_id : str
        The centre (the ``ego`` option).
    depth : int
        Hops around it.
    view, include
        The view and the kinds of node drawn (for the error messages).

    Returns
    -------
    networkx.Graph

    Raises
    ------
    graphkit.errors.UsageProblem
        If ``node_id`` is not in ``G``, with ``param="ego"``: the message says
        whether it is unknown (suggesting close ids) or left out by the view or
        by ``include``.

    Examples
    --------
    >>> G = nx.path_graph(["FRA", "DEU", "EST"])
    >>> sorted(ego_subgraph(G, G, "FRA", 1, "cooperation", ["state", "organisation"]))
    ['DEU', 'FRA']
    >>> try:
    ...     ego_subgraph(G, G, "fra", 1, "cooperation", ["state", "organisation"])
    ... except UsageProblem as error:
    ...     print(f"{error.param}: {error.message} | {error.hint}")
    ego: no state or forum with id 'fra' | states are ISO3 codes such as FRA, forums are slugs such as nato (did you mean 'FRA')
    """
    if node_id in G:
        return nx.ego_graph(G, node_id, radius=depth)
    hint = "states are ISO3 codes such as FRA, forums are slugs such as nato"
    if node_id in B:
        label = B.nodes[node_id].get("label", "node")
        if view == "cooperation":
            raise UsageProblem(
                f"{node_id} is {_a(label)}, and the cooperation view shows states only",
                "use the forums view for a forum's neighbourhood",
                param="ego",
            )
        raise UsageProblem(
            f"{node_id} is {_a(label)}, which the included kinds ({','.join(include)}) leave out",
            f"add {label.lower()} to the included kinds",
            param="ego",
        )
    raise UsageProblem(f"no state or forum with id {node_id!r}", hint + _suggest(node_id, map(str, B)), param="ego")


def _graph_to_draw(B: nx.Graph, C: nx.Graph, options: ViewOptions) -> nx.Graph:
    """The cooperation graph (its backbone, ties below ``min_weight`` dropped) or the included part of ``B``; then the ego."""
    if options.view == "cooperation":
        drawn = disparity_backbone(C, options.alpha) if options.tie_mode == "backbone" else C
        G = nx.Graph()
        G.graph.update(drawn.graph)
        G.add_nodes_from(C.nodes(data=True))
        low = options.min_weight
        G.add_edges_from((u, v, d) for u, v, d in drawn.edges(data=True) if low is None or d.get("weight", 0) >= low)
    else:
        G = restrict(B, options.include, _extra(options))
    if options.ego is not None:
        G = ego_subgraph(G, B, options.ego, options.depth, options.view, options.include)
    return G


# -- texts -------------------------------------------------------------------------------------
def weighting_text(multipliers: Mapping[str, float] | None) -> str:
    """One line describing the cooperation weighting (for the title block).

    Parameters
    ----------
    multipliers : dict, optional
        Multipliers per kind overriding the defaults; marked ``(custom)``.

    Returns
    -------
    str

    Raises
    ------
    graphkit.errors.UsageProblem
        For an unknown kind or a bad multiplier (see
        :func:`graphkit.analysis.projection.check_multipliers`).

    Examples
    --------
    >>> weighting_text(None)[:60]
    'Newman collaboration weights over shared forums; multipliers'
    >>> "signature 0.25 (custom)" in weighting_text({"signature": 0.25})
    True
    """
    table = check_multipliers(multipliers)
    parts = []
    for kind, value in table.items():
        mark = " (custom)" if value != DEFAULT_MULTIPLIERS[kind] else ""
        parts.append(f"{kind} {value:g}{mark}")
    return "Newman collaboration weights over shared forums; multipliers " + ", ".join(parts)


def _extra(options: ViewOptions) -> tuple[str, ...]:
    """The actor labels drawn besides the included kinds (``Stakeholder`` with ``actors="all"``)."""
    return tuple(lab for lab in ACTOR_LABELS[options.actors] if lab != "State")


def _title(options: ViewOptions, info: Mapping[str, dict]) -> str:
    who = "states" if options.actors == DEFAULT_ACTORS else "states and stakeholders"
    what = f"Cooperation network of {who}" if options.view == "cooperation" else f"{who.capitalize()} and their forums"
    if options.ego is None:
        return what
    return what + f": {info.get(str(options.ego), {}).get('name', options.ego)} and neighbours within {options.depth}"


def _as_of_text(as_of: _dt.date | None, date_used: Any, data_as_of: str | None) -> str:
    if as_of:
        text = f"as of {as_of.isoformat()}"
    else:
        text = "latest" + (f" (what holds on {_shown(date_used)})" if date_used else "")
    if data_as_of:
        text += f"; sources dated up to {data_as_of}"
    return text


def ties_text(G: nx.Graph, total: int) -> str:
    """One line saying which ties are drawn (for the title block).

    Examples
    --------
    >>> G = nx.Graph(backbone_alpha=0.01); G.add_edge("FRA", "DEU")
    >>> ties_text(G, 18986)
    "backbone: disparity filter (Serrano et al. 2009) at α = 0.01, plus each state's strongest tie; 1 of 18,986 ties drawn, scores on all ties"
    >>> ties_text(nx.Graph([("FRA", "DEU")]), 1)
    'all ties drawn (1)'
    """
    alpha = G.graph.get("backbone_alpha")
    if alpha is None:
        return f"all ties drawn ({total:,})"
    return (
        f"backbone: disparity filter (Serrano et al. 2009) at α = {alpha:g}, plus each state's strongest tie; "
        f"{G.number_of_edges():,} of {total:,} ties drawn, scores on all ties"
    )


def short_label(data: Mapping[str, Any], node_id: Hashable) -> str:
    """The label drawn for a node: its ``short_name`` or ``name``, cut to :data:`LABEL_CHARS` characters.

    Examples
    --------
    >>> short_label({"name": "Convention on Cybercrime", "short_name": "Budapest Convention"}, "bc")
    'Budapest Convention'
    >>> len(short_label({"name": "x" * 90}, "long")), short_label({}, "FRA")
    (40, 'FRA')
    """
    text = str(_shown(data.get("short_name")) or _shown(data.get("name")) or node_id)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _size_text(options: ViewOptions, forums: bool) -> str:
    if options.size_by == "none":
        return "the same for every node"
    return (
        f"states by {options.size_by}"
        + (" (in the whole cooperation graph)" if options.view == "forums" or options.ego else "")
        + ("; forums by their number of states here" if forums else "")
    )


# -- scores, relations, details ------------------------------------------------------------------
def _scores(C: nx.Graph, size_by: str, seed: int) -> dict[Any, dict[str, Any]]:
    """Centrality of every state in the cooperation graph ``C`` (all metrics up to 1,000 states, cheap ones above)."""
    if len(C) <= centrality.EXACT_BETWEENNESS_MAX:
        metrics = list(centrality.METRICS)
    else:
        metrics = ["degree", "strength", "pagerank", "community"]
        if size_by not in metrics and size_by != "none":
            metrics.append(size_by)
    return centrality.compute(C, metrics, seed=seed)


def _relations(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Every relationship of a state–forum edge, strongest first (an edge may hold several)."""
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


def _relation_row(forum: str, rel: Mapping[str, Any], sources: _Sources, span: Any = None) -> list:
    """``[forum, rel, role, since, until, date, source index]`` (dates as the dataset gave them).

    With ``span`` (the interval in which the relationship holds, in a view with
    a time slider) also ``from`` and ``to`` as ISO dates (None: unbounded).
    """
    row = [
        forum,
        _shown(rel.get("rel")),
        _shown(rel.get("role")),
        *(_shown(date_text(rel.get(k), rel.get(f"{k}_precision"))) for k in ("since", "until", "date")),
        sources(rel.get("source")),
    ]
    if span is not None:
        row += [None if d in (None, _dt.date.min, _dt.date.max) else d.isoformat() for d in span]
    return row


def _edge_rows(G: nx.Graph, u: Hashable, v: Hashable, forum: str, sources: _Sources) -> list[list]:
    """The relation rows of the edge ``u``–``v``; with their spans when ``G`` holds the whole history."""
    if G.graph.get("history"):
        return [_relation_row(forum, r, sources, span) for r, span in edge_relation_intervals(G, u, v)]
    return [_relation_row(forum, r, sources) for r in _relations(G.edges[u, v])]


def _node_info(node_id: Hashable, data: Mapping[str, Any], scores: Mapping[str, Any] | None) -> dict:
    """The details of a node shown by the page: name, label, attributes, dates, scores."""
    label = data.get("label") or "State"
    info: dict[str, Any] = {"name": _shown(data.get("name")) or str(node_id), "label": label}
    short = short_label(data, node_id)
    if short != info["name"]:
        info["short"] = short
    for key in ("kind", "series", "region", "subregion", "iso2", "city", "based_in"):
        if data.get(key) not in (None, ""):
            info[key] = _shown(data[key])
    dates = {
        k: _shown(date_text(data[k], data.get(f"{k}_precision")))
        for k in ("founded", "start_date", "end_date", "adopted")
        if data.get(k) is not None
    }
    if dates:
        info["dates"] = dates
    if scores:
        info["scores"] = {k: _shown(v) for k, v in scores.items()}
    return info


def _links(Bc: nx.Graph, state: Hashable, sources: _Sources) -> list[list]:
    """The relation rows of a state to its forums in ``Bc``, by forum and relationship."""
    rows = []
    for forum in Bc[state] if state in Bc else ():  # noqa: SIM401 (a networkx Graph has no .get)
        if Bc.nodes[forum].get("label") not in ACTORS:
            rows.extend(_edge_rows(Bc, state, forum, str(forum), sources))
    return sorted(rows, key=lambda r: (r[0], r[1] or ""))


def _forum_names(Bc: nx.Graph) -> dict[str, list]:
    """``{forum id: [name, label, kind]}`` of every forum in ``Bc`` (the cooperation view's link texts)."""
    return {
        str(n): [_shown(d.get("name")) or str(n), d.get("label"), _shown(d.get("kind"))]
        for n, d in Bc.nodes(data=True)
        if d.get("label") not in ACTORS
    }


# -- vis-network items ----------------------------------------------------------------------------
@dataclass
class _Drawing:
    """The graph being drawn with each node's label, position, size and colour, and the colour legend."""

    graph: nx.Graph
    labels: dict[Hashable, str]
    pos: dict[Hashable, tuple[float, float]]
    sizes: dict[Hashable, float]
    colours: dict[Hashable, str]
    colour_legend: list[dict]

    @property
    def states(self) -> list[Hashable]:
        return [n for n in self.graph if self.labels[n] == "State"]

    @property
    def stakeholders(self) -> list[Hashable]:
        return [n for n in self.graph if self.labels[n] == "Stakeholder"]

    @property
    def forums(self) -> list[Hashable]:
        return [n for n in self.graph if self.labels[n] not in ACTORS]


def _drawing(
    G: nx.Graph, scores: Mapping[Hashable, Mapping[str, Any]], options: ViewOptions, names: Mapping[int, str]
) -> _Drawing:
    """Lay out, size and colour the nodes of ``G`` (communities named by ``names``)."""
    if options.ego is not None and options.ego in G and len(G) > 2:
        pos = ego_positions(G, options.ego, seed=options.seed)
    else:
        pos = positions(G, seed=options.seed, weight="weight" if options.view == "cooperation" else None)
    labels = {n: G.nodes[n].get("label") or "State" for n in G}
    sizes = node_sizes(G, labels, scores, options.size_by)
    colours, legend = node_colours(G, labels, scores, options.colour, names)
    return _Drawing(G, labels, pos, sizes, colours, legend)


def _vis_nodes(
    drawing: _Drawing, scores: Mapping[Hashable, Mapping[str, Any]], Bc: nx.Graph | None, sources: _Sources
) -> tuple[list[dict], dict[str, dict]]:
    """vis-network's node dicts, and the details of each node by id (with its links if ``Bc`` is given)."""
    nodes: list[dict] = []
    info: dict[str, dict] = {}
    for n in drawing.graph:
        label = drawing.labels[n]
        actor = label in ACTORS
        node_info = _node_info(n, drawing.graph.nodes[n], scores.get(n) if actor else None)
        if actor and Bc is not None:
            node_info["links"] = _links(Bc, n, sources)
        info[str(n)] = node_info
        x, y = drawing.pos[n]
        nodes.append(
            {
                "id": str(n),
                "label": node_info.get("short", node_info["name"]),
                "x": x,
                "y": y,
                "size": drawing.sizes.get(n, 10.0),
                "color": drawing.colours.get(n, OTHER_COLOR),
                "shape": node_shape(label, drawing.graph.nodes[n].get("kind")),
            }
        )
    return nodes, info


#: Edge width in the cooperation view: ``WIDTH[0] + WIDTH[1] * sqrt(weight / top weight)`` (the page uses it too).
WIDTH = (0.4, 5.6)


def edge_width(weight: float, top: float) -> float:
    """The width of a cooperation tie: it grows with the square root of its weight.

    Examples
    --------
    >>> edge_width(1.0, 4.0), edge_width(0.0, 4.0)
    (3.2, 0.4)
    """
    return round(WIDTH[0] + WIDTH[1] * math.sqrt(max(weight, 0.0) / top), 2)


def _cooperation_edges(G: nx.Graph) -> tuple[list[dict], list[list]]:
    """Edges whose width grows with the square root of their weight; details ``[weight, shared forums]``."""
    top = max((d.get("weight", 0.0) for *_, d in G.edges(data=True)), default=0.0) or 1.0
    edges, details = [], []
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        w = float(d.get("weight", 0.0))
        edges.append({"id": i, "from": str(u), "to": str(v), "width": edge_width(w, top)})
        details.append([_shown(w), _shown(d.get("forums"))])
    return edges, details


def _forum_edges(G: nx.Graph, labels: Mapping[Hashable, str], sources: _Sources) -> tuple[list[dict], list[list]]:
    """State → forum edges coloured by their strongest relationship; details: every relation row."""
    edges, details = [], []
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        a, b = (u, v) if labels[u] in ACTORS else (v, u)
        rels = _relations(d)
        edges.append(
            {
                "id": i,
                "from": str(a),
                "to": str(b),
                "width": 1,
                "color": {"color": REL_COLORS.get(rels[0].get("rel"), OTHER_COLOR)},
            }
        )
        details.append([row[1:] for row in _edge_rows(G, a, b, str(b), sources)])
    return edges, details


def _vis_edges(drawing: _Drawing, view: str, sources: _Sources) -> tuple[list[dict], list[list]]:
    """vis-network's edge dicts and the details of each edge (by position, which is also its id)."""
    if view == "cooperation":
        return _cooperation_edges(drawing.graph)
    return _forum_edges(drawing.graph, drawing.labels, sources)


# -- the payload and vis-network's options ---------------------------------------------------------
def _meta(
    options: ViewOptions,
    B: nx.Graph,
    drawing: _Drawing,
    info: Mapping[str, dict],
    multipliers: Mapping[str, float],
    *,
    title: str | None,
    data_as_of: str | None,
    generated: _dt.datetime | None,
    total_ties: int,
    visible: tuple[int, int] | None = None,
) -> dict:
    """The title block's facts: title, date, weighting, ties, version, options and counts (at the view's date)."""
    G, excluded = drawing.graph, B.graph.get("excluded")
    nodes, edges = visible or (len(G), G.number_of_edges())
    generated = generated or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    return {
        "title": _title(options, info) if title is None else title,
        "view": options.view,
        "as_of": _as_of_text(options.as_of, B.graph.get("date"), data_as_of),
        "weighting": weighting_text(multipliers) + (f"; excluding {', '.join(excluded)}" if excluded else ""),
        "excluded": list(excluded or ()),
        "version": __version__,
        "generated": generated.isoformat(),
        "color_by": options.colour,
        "size_by": options.size_by,
        "size_text": _size_text(options, bool(drawing.forums)),
        "ego": options.ego,
        "depth": options.depth if options.ego is not None else None,
        "min_weight": options.min_weight,
        "include": list(options.include),
        "ties": options.tie_mode,
        "ties_text": ties_text(G, total_ties) if options.view == "cooperation" else None,
        "top_weight": max((float(d.get("weight", 0.0)) for *_, d in G.edges(data=True)), default=0.0) or 1.0,
        "counts": {
            "nodes": nodes,
            "edges": edges,
            "states": len(drawing.states),
            **({"stakeholders": len(drawing.stakeholders)} if options.actors != DEFAULT_ACTORS else {}),
            "forums": len(drawing.forums),
        },
    }


def _legend(drawing: _Drawing, options: ViewOptions) -> dict:
    """The legend: the colours, the shapes (unless colour is by kind) and, in the forums view, the edge colours."""
    G, labels = drawing.graph, drawing.labels
    kinds_present = {lab: sum(1 for n in G if labels[n] == lab) for lab in KIND_STYLE}
    shapes = [
        {"label": lab, "symbol": KIND_STYLE[lab]["symbol"], "color": "#64748b", "count": c}
        for lab, c in kinds_present.items()
        if c and options.colour != "kind" and lab != "Stakeholder"
    ] + stakeholder_legend(G, labels)
    rels_present: dict[Any, int] = {}
    if options.view == "forums":
        for d in G.edges.values():
            r = _relations(d)[0].get("rel")
            rels_present[r] = rels_present.get(r, 0) + 1
    edges = [
        {"label": r, "color": REL_COLORS.get(r, OTHER_COLOR), "count": c}
        for r, c in sorted(rels_present.items(), key=lambda x: str(x[0]))
    ]
    return {"colours": drawing.colour_legend, "shapes": shapes, "edges": edges}


def _vis_options(options: ViewOptions, nodes: int, edges: int) -> dict:
    """vis-network's options: physics off unless asked for, straight edges, edges hidden while moving if large."""
    large = nodes > LARGE_NODES or edges > LARGE_EDGES
    return {
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


# -- the view ------------------------------------------------------------------------------------
def build_view(
    B: nx.Graph,
    options: ViewOptions | None = None,
    *,
    cooperation: nx.Graph | None = None,
    history: nx.Graph | None = None,
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
    history : networkx.Graph, optional
        The whole history of ``B`` (:func:`graphkit.analysis.projection.read_history`):
        with it (and ``options.timeline``) the page gets its time slider
        (:mod:`graphkit.views.timeline`), and the forums view draws every
        relationship ever recorded, showing those of the chosen date.
    title, data_as_of, generated
        Override the title, say how fresh the sources are, and the timestamp
        (for reproducible files).

    Returns
    -------
    View

    Raises
    ------
    graphkit.errors.UsageProblem
        For options that make no sense (:meth:`ViewOptions.check`), an ``ego``
        that is not drawn (:func:`ego_subgraph`) or an unknown forum in ``exclude``.
    graphkit.errors.InvalidData
        If ``B`` has no State node.

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> B = bipartite_from_rows(
    ...     [{"id": s, "attrs": {"name": s, "region": "Europe"}} for s in ("DEU", "EST", "FRA")],
    ...     [{"id": "eu", "label": "Organisation", "attrs": {"name": "EU", "kind": "regional"}}],
    ...     [{"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {"role": "member"}} for s in ("DEU", "EST", "FRA")])
    >>> v = build_view(B, ViewOptions(view="cooperation", ties="all"))
    >>> len(v.nodes), len(v.edges)
    (3, 3)
    >>> v = build_view(B, ViewOptions(view="cooperation"))  # the backbone: each state's strongest tie here
    >>> len(v.edges), v.payload["meta"]["ties_text"][:40]
    (2, 'backbone: disparity filter (Serrano et a')
    >>> v = build_view(B, ViewOptions(view="forums"))
    >>> len(v.nodes), len(v.edges), sorted({n["shape"] for n in v.nodes})
    (4, 3, ['dot', 'square'])
    """
    options = (options or ViewOptions()).check()
    multipliers = check_multipliers(options.multipliers)
    B = exclude_forums(B, options.exclude)
    if not any(d.get("label") == "State" for _, d in B.nodes(data=True)):
        raise InvalidData("the graph has no State nodes", "load a dataset with `graphkit load` first")
    kinds = [k for k in options.include if k != "state"] + ["state"]
    Bc = restrict(B, kinds, _extra(options))
    C = cooperation if cooperation is not None else cooperation_graph(Bc, multipliers, actors=options.actors)
    scores = _scores(C, options.size_by, options.seed)
    names = community_names(C, scores) if any("community" in v for v in scores.values()) else {}
    H = exclude_forums(history, options.exclude) if history is not None and options.timeline else None
    drawn = _graph_to_draw(H if H is not None and options.view == "forums" else B, C, options)
    drawing = _drawing(drawn, scores, options, names)
    cooperating = options.view == "cooperation"
    sources = _Sources()
    Hc = restrict(H, kinds, _extra(options)) if H is not None else None
    nodes, info = _vis_nodes(drawing, scores, (Hc if Hc is not None else Bc) if cooperating else None, sources)
    edges, edge_info = _vis_edges(drawing, options.view, sources)
    payload = {
        "info": info,
        "edges": edge_info,
        "forums": _forum_names(Hc if Hc is not None else Bc) if cooperating else {},
        "sources": sources.urls,
        "metrics": list(SHOWN_METRICS),
        "communities": {str(c): name for c, name in names.items()},
    }
    visible = None
    if Hc is not None:
        day = B.graph.get("date") or options.as_of or _dt.date.today()
        payload["timeline"], visible = add_timeline(drawing, nodes, edges, edge_info, Hc, day, options, multipliers)
    payload["meta"] = _meta(
        options, B, drawing, info, multipliers, title=title, data_as_of=data_as_of, generated=generated,
        total_ties=C.number_of_edges(), visible=visible,
    )  # fmt: skip
    payload["legend"] = _legend(drawing, options)
    return View(options, drawing.graph, nodes, edges, payload, _vis_options(options, len(nodes), len(edges)))
