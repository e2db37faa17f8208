"""Write the cooperation graph with its scores as GEXF or GraphML (Gephi opens both).

The writers only take strings, integers, floats and booleans, so
:func:`for_gephi` makes a clean copy: missing values are left out (never
``None``), dates become ISO strings, tuples ``;``-joined text, the
multiplier table JSON text; a node's ``label`` is the state's name (Gephi
shows it) and its Neo4j label moves to ``type``.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FORMATS: tuple[str, ...] = ("gexf", "graphml")


def _clean(value: Any) -> Any:
    """A value the GEXF/GraphML writers accept, or None to leave the attribute out.

    Examples
    --------
    >>> _clean(_dt.date(2020, 1, 2)), _clean(("eu", "nato")), _clean(None), _clean(True)
    ('2020-01-02', 'eu;nato', None, True)
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if value == value else None  # drop NaN
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(x) for x in value)
    if isinstance(value, Mapping):
        return json.dumps(value, sort_keys=True, default=str)
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return str(value)


def for_gephi(G, scores: Mapping[str, Mapping[str, Any]] | None = None, ranks: Mapping[str, int] | None = None):
    """A copy of ``G`` with ``scores`` (and ``rank``) as node attributes, every value writer-safe.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(as_of=None, multipliers={"membership": 1.0})
    >>> G.add_node("FRA", label="State", name="France", region=None)
    >>> G.add_edge("FRA", "DEU", weight=0.5, forums=1)
    >>> H = for_gephi(G, {"FRA": {"pagerank": 0.5}, "DEU": {"pagerank": 0.5}})
    >>> H.nodes["FRA"], H.nodes["DEU"]["label"], H.graph["as_of"]
    ({'label': 'France', 'type': 'State', 'name': 'France', 'pagerank': 0.5}, 'DEU', 'latest')
    """
    import networkx as nx

    H = nx.Graph()
    as_of = G.graph.get("as_of")
    H.graph["as_of"] = as_of.isoformat() if as_of else "latest"
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


def write_graph(
    G,
    path: Path | str,
    fmt: str | None = None,
    scores: Mapping[str, Mapping[str, Any]] | None = None,
    ranks: Mapping[str, int] | None = None,
) -> Path:
    """Write ``G`` (with ``scores``) to ``path`` as GEXF or GraphML; the format defaults to the file's suffix.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.Graph(); G.add_edge("FRA", "DEU", weight=0.5)
    >>> path = write_graph(G, os.path.join(tempfile.mkdtemp(), "g.graphml"), scores={"FRA": {"degree": 1.0}})
    >>> nx.read_graphml(path).nodes["FRA"]["degree"]
    1.0
    """
    import networkx as nx

    from graphkit.errors import UsageProblem

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise UsageProblem(f"unknown export format {fmt!r}", "use gexf or graphml")
    H = for_gephi(G, scores, ranks)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gexf":
        nx.write_gexf(H, path)
    else:
        nx.write_graphml(H, path, named_key_ids=True)
    return path
