"""Write the cooperation graph with its scores as GEXF or GraphML (Gephi opens both).

The writers only take strings, integers, floats and booleans, so
:func:`for_gephi` makes a clean copy: missing values are left out (never
``None``), dates become ISO strings, tuples ``;``-joined text, the
multiplier table JSON text; a node's ``label`` is the state's name (Gephi
shows it) and its Neo4j label moves to ``type``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.analysis.ranking import ranks as rank_by
from graphkit.data.dates import as_of_text
from graphkit.errors import UsageProblem
from graphkit.values import plain
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
