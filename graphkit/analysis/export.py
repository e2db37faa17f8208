"""Write the cooperation graph with its scores as GEXF or GraphML (Gephi opens both), or as a dynamic GEXF.

The writers only take strings, integers, floats and booleans, so
:func:`for_gephi` makes a clean copy: missing values are left out (never
``None``), dates become ISO strings, tuples ``;``-joined text, the
multiplier table JSON text; a node's ``label`` is the state's name (Gephi
shows it) and its Neo4j label moves to ``type``.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from graphkit.analysis.projection import (
    SCORE_PROPERTIES,
    exclude_forums,
    merge_intervals,
    participations,
    read_history,
)
from graphkit.analysis.ranking import ranks as rank_by
from graphkit.analysis.ranking import sort_key
from graphkit.analysis.timeline import build_timeline, yearly_scores
from graphkit.data.dates import as_of_text
from graphkit.errors import UsageProblem
from graphkit.values import plain
from graphkit.vocabulary import DEFAULT_ACTORS
from graphkit.vocabulary import EXPORT_FORMATS as FORMATS


def _clean(value: Any) -> Any:
    """A value the GEXF/GraphML writers accept, or None to leave the attribute out.

    Examples
    --------
    >>> import datetime as dt
    >>> _clean(dt.date(2020, 1, 2)), _clean(("eu", "nato")), _clean(None), _clean(True)
    ('2020-01-02', 'eu;nato', None, True)
    """
    value = plain(value)  # the one converter: dates as ISO text, numpy scalars as numbers, NaN as None
    if isinstance(value, list):
        return ";".join(str(x) for x in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return value


def for_gephi(G, scores: Mapping[str, Mapping[str, Any]] | None = None, ranks: Mapping[str, int] | None = None):
    """A copy of ``G`` with ``scores`` (and ``rank``) as node attributes, every value writer-safe.

    Examples
    --------
    >>> G = nx.Graph(as_of=None, multipliers={"membership": 1.0})
    >>> G.add_node("FRA", label="State", name="France", region=None)
    >>> G.add_edge("FRA", "DEU", weight=0.5, forums=1)
    >>> H = for_gephi(G, {"FRA": {"pagerank": 0.5}, "DEU": {"pagerank": 0.5}})
    >>> H.nodes["FRA"], H.nodes["DEU"]["label"], H.graph["as_of"]
    ({'label': 'France', 'type': 'State', 'name': 'France', 'pagerank': 0.5}, 'DEU', 'latest')
    """
    H = nx.Graph()
    as_of = G.graph.get("as_of")
    H.graph["as_of"] = as_of_text(as_of)
    if G.graph.get("multipliers") is not None:
        H.graph["weights"] = _clean(G.graph["multipliers"])
    for v, data in G.nodes(data=True):
        attrs: dict[str, Any] = {"label": str(data.get("name") or v)}
        for key, value in data.items():
            if key in ("label", "bipartite"):
                if key == "label" and value is not None:
                    attrs["type"] = str(value)
                continue
            value = _clean(value)
            if value is not None:
                attrs[key] = value
        for key, value in (scores or {}).get(v, {}).items():
            value = _clean(value)
            if value is not None:
                attrs[key] = value
        if ranks and v in ranks:
            attrs["rank"] = int(ranks[v])
        H.add_node(str(v), **attrs)
    for u, v, data in G.edges(data=True):
        attrs = {k: c for k, c in ((k, _clean(x)) for k, x in data.items()) if c is not None}
        H.add_edge(str(u), str(v), **attrs)
    return H


def export_format(path: Path | str, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else the file's suffix.

    Raises
    ------
    graphkit.errors.UsageProblem
        If neither names GEXF or GraphML.

    Examples
    --------
    >>> export_format("out/g.gexf"), export_format("g.xml", "graphml")
    ('gexf', 'graphml')
    >>> export_format("g.txt")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: cannot tell the format from 'g.txt'
    """
    chosen = (fmt or Path(path).suffix.lstrip(".")).lower()
    if chosen in FORMATS:
        return chosen
    if fmt:
        raise UsageProblem(f"unknown export format {fmt!r}", "use gexf or graphml", param="format")
    raise UsageProblem(f"cannot tell the format from {Path(path).name!r}", "give gexf or graphml", param="format")


def write_graph(
    G,
    path: Path | str,
    fmt: str | None = None,
    scores: Mapping[str, Mapping[str, Any]] | None = None,
    ranks: Mapping[str, int] | None = None,
) -> Path:
    """Write ``G`` (with ``scores``) to ``path`` as GEXF or GraphML; the format defaults to the file's suffix.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph.
    path : path
        The file to write (folders are created).
    fmt : {"gexf", "graphml"}, optional
        The format; from the suffix of ``path`` if not given.
    scores : dict, optional
        ``{state: {metric: value}}`` to attach as node attributes.
    ranks : dict, optional
        ``{state: rank}``; by PageRank when ``scores`` has it and no ranks are given.

    Raises
    ------
    graphkit.errors.UsageProblem
        If the format is neither GEXF nor GraphML.

    Examples
    --------
    >>> import tempfile, os
    >>> G = nx.Graph(); G.add_edge("FRA", "DEU", weight=0.5)
    >>> path = write_graph(G, os.path.join(tempfile.mkdtemp(), "g.graphml"), scores={"FRA": {"degree": 1.0}})
    >>> nx.read_graphml(path).nodes["FRA"]["degree"]
    1.0
    """
    path = Path(path)
    fmt = export_format(path, fmt)
    if ranks is None and scores and all("pagerank" in s for s in scores.values()):
        ranks = rank_by(scores, "pagerank")
    H = for_gephi(G, scores, ranks)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gexf":
        nx.write_gexf(H, path)
    else:
        nx.write_graphml(H, path, named_key_ids=True)
    return path


# -- the dynamic export: Gephi's timeline ----------------------------------------------------------------
def _last_day(end: _dt.date | None) -> str | None:
    """A spell's inclusive end as text (the rule's ``end`` is excluded); None when unbounded."""
    return None if end is None or end >= _dt.date.max else (end - _dt.timedelta(days=1)).isoformat()


def tie_spells(H, multipliers: Mapping[str, float] | None = None, *, actors: str = DEFAULT_ACTORS) -> dict:
    """When each pair of actors shared a forum: ``{(a, b): [(start, end), …]}``, merged, end excluded.

    From every relationship's interval (the ``as_of`` rule of
    :func:`graphkit.analysis.projection.as_of_graph`); ``date.min`` and
    ``date.max`` stand for unbounded.

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> D = _dt.date
    >>> H = bipartite_from_rows([{"id": s, "attrs": {}} for s in ("EST", "FRA")],
    ...     [{"id": "nato", "label": "Organisation", "attrs": {}}],
    ...     [{"a": "EST", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": D(2004, 3, 29)}},
    ...      {"a": "FRA", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": D(1949, 8, 24)}}])
    >>> tie_spells(H)
    {('EST', 'FRA'): [(datetime.date(2004, 3, 29), datetime.date(9999, 12, 31))]}
    """
    _, rows = participations(H, multipliers, actors=actors)
    low, high = _dt.date.min, _dt.date.max
    by_forum: dict[Any, list[tuple[Any, _dt.date, _dt.date]]] = {}
    for actor, forum, _, (start, end) in rows:
        s, e = start or low, end or high
        if s < e:
            by_forum.setdefault(forum, []).append((actor, s, e))
    spans: dict[tuple, list[tuple[_dt.date, _dt.date]]] = {}
    for members in by_forum.values():
        members.sort(key=lambda m: sort_key(m[0]))
        for i, (a, sa, ea) in enumerate(members):
            for b, sb, eb in members[i + 1 :]:
                s, e = max(sa, sb), min(ea, eb)
                if s < e and a != b:
                    spans.setdefault((a, b) if sort_key(a) <= sort_key(b) else (b, a), []).append((s, e))
    return {
        pair: merge_intervals(found)
        for pair, found in sorted(spans.items(), key=lambda kv: (sort_key(kv[0][0]), sort_key(kv[0][1])))
    }


def _yearly_values(values: list[float], dates: list[_dt.date]) -> list[tuple]:
    """``[(value, start, end), …]`` for a yearly series, one entry per run of equal values (zeros left out)."""
    out: list[tuple] = []
    for i, value in enumerate(values):
        start = dates[i].isoformat()
        end = dates[i + 1] - _dt.timedelta(days=1) if i + 1 < len(dates) else None
        if out and out[-1][0] == value:
            out[-1] = (value, out[-1][1], None if end is None else end.isoformat())
        elif value:
            out.append((value, start, None if end is None else end.isoformat()))
    return out


def dynamic_graph(H, last: _dt.date, multipliers: Mapping[str, float] | None = None, *, actors: str = DEFAULT_ACTORS):
    """The cooperation graph over time, for Gephi's timeline: ties with spells, weights and scores per year.

    Parameters
    ----------
    H : networkx.Graph
        The bipartite graph with its history (:func:`graphkit.analysis.projection.read_history`).
    last : datetime.date
        The last date (the yearly values run from the first fact to it).
    multipliers : dict, optional
        Multipliers per kind overriding the defaults.
    actors : {"states", "all"}
        The actors projected onto.

    Returns
    -------
    networkx.Graph
        Every actor; every pair that ever shared a forum, with ``spells``
        (when they shared one, exact to the day, inclusive ends), ``weight``
        on ``last`` (GEXF's own edge weight is static) and a dynamic
        ``yearly_weight`` (its value on each 31 December, then on ``last``); each
        actor with ``spells`` from its first tie and dynamic yearly
        ``degree``, ``strength``, ``eigenvector`` and ``pagerank``.

    Raises
    ------
    graphkit.errors.UsageProblem
        For a bad multiplier or ``actors``.

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> D = _dt.date
    >>> H = bipartite_from_rows([{"id": s, "attrs": {"name": s}} for s in ("EST", "FRA", "USA")],
    ...     [{"id": "nato", "label": "Organisation", "attrs": {"founded": D(1949, 4, 4)}}],
    ...     [{"a": "EST", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": D(2004, 3, 29)}},
    ...      *({"a": s, "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": D(1949, 8, 24)}} for s in ("FRA", "USA"))])
    >>> G = dynamic_graph(H, D(2005, 6, 30))
    >>> G.edges["EST", "FRA"]["spells"], G.edges["FRA", "USA"]["yearly_weight"][:1]
    ([('2004-03-29', None)], [(1.0, '1949-12-31', '2004-12-30')])
    """
    tl = build_timeline(H, last, multipliers, actors=actors)
    spells = tie_spells(H, multipliers, actors=actors)
    index = {a: i for i, a in enumerate(tl.actors)}
    G = nx.Graph(as_of=last, multipliers=tl.multipliers, actors=actors)
    stale = {"bipartite", *SCORE_PROPERTIES}  # the dynamic scores replace those of the last run
    G.add_nodes_from((a, {k: v for k, v in H.nodes[a].items() if k not in stale}) for a in tl.actors)
    rows = np.array([index[a] for a, _ in spells], dtype=np.int64)
    cols = np.array([index[b] for _, b in spells], dtype=np.int64)
    series = np.zeros((len(tl.dates), len(spells)))
    for i, W in enumerate(tl.weights):
        if len(rows):
            S = (W + W.T).tocsr()
            series[i] = np.asarray(S[rows, cols]).ravel()
    for k, ((a, b), found) in enumerate(spells.items()):
        weights = [float(f"{w:.6g}") for w in series[:, k].tolist()]
        G.add_edge(a, b, spells=[(s.isoformat() if s > _dt.date.min else None, _last_day(e)) for s, e in found],
                   weight=weights[-1], yearly_weight=_yearly_values(weights, tl.dates))  # fmt: skip
    for metric, values in yearly_scores(tl).items():
        for a, i in index.items():
            G.nodes[a][metric] = _yearly_values([float(f"{v:.6g}") for v in values[:, i].tolist()], tl.dates)
    for a in G:
        starts = [G.edges[a, b]["spells"][0][0] for b in G[a]]
        if starts and None not in starts:
            G.nodes[a]["spells"] = [(min(starts), None)]
    return G


def write_dynamic(G, path: Path | str) -> Path:
    """Write the graph of :func:`dynamic_graph` as a dynamic GEXF file (Gephi plays its timeline); return the path.

    Raises
    ------
    OSError
        If the file cannot be written.

    Examples
    --------
    >>> import tempfile, os
    >>> G = nx.Graph(); G.add_node("FRA", name="France", label="State")
    >>> G.add_edge("FRA", "DEU", spells=[("1958-01-01", None)], yearly_weight=[(1.0, "1958-12-31", None)])
    >>> path = write_dynamic(G, os.path.join(tempfile.mkdtemp(), "g.gexf"))
    >>> 'mode="dynamic"' in open(path).read()
    True
    """
    H = nx.Graph()
    H.graph["as_of"] = as_of_text(G.graph.get("as_of"))
    if G.graph.get("multipliers") is not None:
        H.graph["weights"] = _clean(G.graph["multipliers"])
    for v, data in G.nodes(data=True):
        attrs: dict[str, Any] = {"label": str(data.get("name") or v)}
        for key, value in data.items():
            if key == "label":
                attrs["type"] = str(value)
            elif key == "name" or isinstance(value, list):
                attrs[key] = value
            elif (clean := _clean(value)) is not None:
                attrs[key] = clean
        H.add_node(str(v), **attrs)
    for u, v, data in G.edges(data=True):
        H.add_edge(str(u), str(v), **data)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(H, path)
    return path


def export_dynamic(
    store,
    path: Path | str,
    fmt: str = "gexf",
    *,
    as_of: _dt.date | None = None,
    multipliers: Mapping[str, float] | None = None,
    exclude: Iterable[str] = (),
    actors: str = DEFAULT_ACTORS,
):
    """Read the whole history, build :func:`dynamic_graph` up to ``as_of`` (today by default) and write it as GEXF.

    Returns the graph written.

    Raises
    ------
    graphkit.errors.UsageProblem
        If ``fmt`` is not GEXF (GraphML has no timeline), or for a bad
        multiplier, forum to exclude or ``actors``.
    graphkit.errors.GraphkitError
        If the database cannot be read.
    OSError
        If the file cannot be written.
    """
    if fmt != "gexf":
        raise UsageProblem(
            "a dynamic export is GEXF only: GraphML has no timeline", "write a .gexf file", param="format"
        )
    H = exclude_forums(read_history(store, actors=actors), exclude)
    G = dynamic_graph(H, as_of or _dt.date.today(), multipliers, actors=actors)
    G.graph["excluded"] = H.graph.get("excluded", [])
    write_dynamic(G, path)
    return G
