"""Blocs: the Louvain communities of the cooperation graph, named by what they are.

A community number ("community 3") says nothing and changes with the data.
:func:`community_names` names each community by its leading members — the
three with the highest PageRank, e.g. ``USA · GBR · FRA …`` — and, when most
of its states share a UN region, by that region (``… — mostly Europe``). The
views' legend, filters and tooltips, ``graphkit centrality`` and the report
all use these names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any

from graphkit.analysis.ranking import sort_key

#: Members named in a community's name.
LEADERS = 3
#: The share of a community's states in one region above which the region is named.
REGION_SHARE = 0.6
#: The longest name of one member (a stakeholder's name is cut).
MEMBER_CHARS = 18


def _member(node: Hashable, data: Mapping[str, Any]) -> str:
    """A member as shown in a name: a state's ISO3 code, a stakeholder's (short) name."""
    if (data.get("label") or "State") == "State":
        return str(node)
    name = str(data.get("name") or node)
    return name if len(name) <= MEMBER_CHARS else name[: MEMBER_CHARS - 1] + "…"


def community_name(members: list[Hashable], nodes: Mapping[Hashable, Mapping[str, Any]], rank: Mapping) -> str:
    """The name of one community: its leading members by ``rank`` (higher first), and its dominant region.

    Parameters
    ----------
    members : list
        The community's nodes.
    nodes : mapping
        Node → attributes (``label``, ``name``, ``region``), e.g. ``G.nodes``.
    rank : mapping
        Node → value ranking the members (PageRank); missing counts as 0.

    Returns
    -------
    str

    Examples
    --------
    >>> nodes = {"FRA": {"region": "Europe"}, "DEU": {"region": "Europe"}, "EST": {"region": "Europe"},
    ...          "USA": {"region": "Americas"}, "acme": {"label": "Stakeholder", "name": "Acme Corporation International"}}
    >>> community_name(["FRA", "DEU", "EST", "USA"], nodes, {"USA": 0.4, "FRA": 0.3, "DEU": 0.2, "EST": 0.1})
    'USA · FRA · DEU … — mostly Europe'
    >>> community_name(["acme", "USA"], nodes, {"acme": 0.5})
    'Acme Corporation … · USA'
    """
    order = sorted(members, key=lambda v: (-float(rank.get(v) or 0.0), sort_key(v)))
    name = " · ".join(_member(v, nodes[v]) for v in order[:LEADERS]) + (" …" if len(order) > LEADERS else "")
    regions = Counter(
        nodes[v].get("region")
        for v in members
        if (nodes[v].get("label") or "State") == "State" and nodes[v].get("region")
    )
    states = sum(1 for v in members if (nodes[v].get("label") or "State") == "State")
    if regions and states > LEADERS:
        region, count = regions.most_common(1)[0]
        if count / states >= REGION_SHARE:
            name += f" — mostly {region}"
    return name


def community_names(G, scores: Mapping[Hashable, Mapping[str, Any]], *, rank_by: str = "pagerank") -> dict[int, str]:
    """The name of every community in ``scores`` (``{number: name}``), from the members' ``rank_by`` scores.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph (its nodes' ``label``, ``name`` and ``region`` are used).
    scores : mapping
        Node → ``{metric: value}`` with ``community`` (see
        :func:`graphkit.analysis.centrality.compute`).
    rank_by : str
        The metric that orders the members; PageRank by default, the strength when it is missing.

    Returns
    -------
    dict
        Community number → name; names are unique (a number is appended to a repeated one).

    Raises
    ------
    KeyError
        If a node of ``scores`` is not in ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("FRA", "DEU"), ("KEN", "NGA")])
    >>> scores = {"FRA": {"community": 0, "pagerank": 0.3}, "DEU": {"community": 0, "pagerank": 0.2},
    ...           "KEN": {"community": 1, "pagerank": 0.1}, "NGA": {"community": 1, "pagerank": 0.4}}
    >>> community_names(G, scores)
    {0: 'FRA · DEU', 1: 'NGA · KEN'}
    """
    groups: dict[int, list[Hashable]] = {}
    for node, values in scores.items():
        c = values.get("community")
        if c is not None:
            groups.setdefault(int(c), []).append(node)
    metric = rank_by if any(rank_by in v for v in scores.values()) else "strength"
    rank = {node: values.get(metric) for node, values in scores.items()}
    names: dict[int, str] = {}
    seen: Counter[str] = Counter()
    for c in sorted(groups):
        name = community_name(groups[c], G.nodes, rank)
        seen[name] += 1
        names[c] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return names
