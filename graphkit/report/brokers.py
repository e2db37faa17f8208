"""Brokers: the actors with the highest betweenness, and the blocs each of them connects.

Betweenness (distance 1/weight, :func:`graphkit.analysis.centrality.compute`)
says who lies on many shortest cooperation paths. Which blocs a broker joins is
read from its ties: the share of its strength (the sum of its tie weights) that
goes to each Louvain community, named as everywhere by
:func:`graphkit.analysis.blocs.community_names`. Because universal bodies tie
almost every pair of states, every state has some weight everywhere; the
significant ties of the disparity backbone (:mod:`graphkit.analysis.backbone`)
that cross into other blocs show the bridges that stand out.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphkit.analysis.ranking import actor_details, ranks, sort_key

#: Brokers listed.
TOP = 10
#: Other blocs named per broker.
BRIDGES = 2
#: Backbone partners in other blocs named per broker.
PARTNERS = 5


def bloc_weights(G: nx.Graph, v: Hashable, community: Mapping[Hashable, int]) -> dict[int, float]:
    """The weight of ``v``'s ties going to each community (its own included).

    Examples
    --------
    >>> G = nx.Graph([("A", "B", {"weight": 2.0}), ("A", "C", {"weight": 1.0}), ("A", "D", {"weight": 1.0})])
    >>> bloc_weights(G, "A", {"A": 0, "B": 0, "C": 1, "D": 2})
    {0: 2.0, 1: 1.0, 2: 1.0}
    """
    out: dict[int, float] = {}
    for u, data in G[v].items():
        c = int(community[u])
        out[c] = out.get(c, 0.0) + float(data.get("weight", 1.0))
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class Broker:
    """One broker: its betweenness and rank, its own bloc, the other blocs its ties reach most, its bridges."""

    id: str
    name: str | None
    label: str
    kind: str | None
    rank: int
    betweenness: float
    bloc: str
    own_share: float
    bridges: tuple[tuple[str, float], ...]
    partners: tuple[str, ...]


def backbone_partners(backbone: nx.Graph | None, v: Hashable, community: Mapping[Hashable, int]) -> tuple[str, ...]:
    """``v``'s backbone ties to actors of other communities, strongest first (at most :data:`PARTNERS`).

    Examples
    --------
    >>> H = nx.Graph([("A", "B", {"weight": 1.0}), ("A", "C", {"weight": 3.0}), ("A", "D", {"weight": 2.0})])
    >>> backbone_partners(H, "A", {"A": 0, "B": 0, "C": 1, "D": 2})
    ('C', 'D')
    """
    if backbone is None or v not in backbone:
        return ()
    others = [(u, float(d.get("weight", 1.0))) for u, d in backbone[v].items() if community[u] != community[v]]
    others.sort(key=lambda t: (-t[1], sort_key(t[0])))
    return tuple(str(u) for u, _ in others[:PARTNERS])


def _broker(
    G: nx.Graph, v: Hashable, scores: Mapping, names: Mapping[int, str], rank: int, backbone: nx.Graph | None
) -> Broker:
    """The :class:`Broker` of actor ``v`` (``scores`` with ``betweenness`` and ``community``)."""
    community = {u: int(s["community"]) for u, s in scores.items()}
    weights = bloc_weights(G, v, community)
    total = sum(weights.values()) or 1.0
    own = community[v]
    others = sorted(((c, w) for c, w in weights.items() if c != own), key=lambda t: (-t[1], t[0]))
    details = actor_details(G, v)
    return Broker(
        str(v), G.nodes[v].get("name"), details["label"], details["kind"], rank, float(scores[v]["betweenness"]),
        names[own], weights.get(own, 0.0) / total, tuple((names[c], w / total) for c, w in others[:BRIDGES]),
        backbone_partners(backbone, v, community),
    )  # fmt: skip


def brokers(
    G: nx.Graph,
    scores: Mapping[Hashable, Mapping[str, Any]],
    names: Mapping[int, str],
    *,
    top: int = TOP,
    backbone: nx.Graph | None = None,
) -> list[Broker]:
    """The ``top`` actors by betweenness, each with the blocs it connects.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph (weights on the edges; ``name``, ``label``, ``kind`` on the nodes).
    scores : mapping
        Actor → ``{betweenness, community}``.
    names : mapping
        Community number → name (:func:`graphkit.analysis.blocs.community_names`).
    top : int
        Brokers listed.
    backbone : networkx.Graph, optional
        The disparity backbone of ``G`` (:func:`graphkit.analysis.backbone.disparity_backbone`).

    Returns
    -------
    list of Broker

    Examples
    --------
    Two triangles joined through C–D: C and D broker between them.

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("A", "B", 1.0), ("B", "C", 1.0), ("A", "C", 1.0), ("C", "D", 1.0),
    ...                            ("D", "E", 1.0), ("E", "F", 1.0), ("D", "F", 1.0)])
    >>> scores = {v: {"betweenness": b, "community": 0 if v in "ABC" else 1}
    ...           for v, b in nx.betweenness_centrality(G).items()}
    >>> rows = brokers(G, scores, {0: "A · B · C", 1: "D · E · F"}, top=1)
    >>> rows[0].id, rows[0].bloc, rows[0].bridges, round(rows[0].own_share, 3)
    ('C', 'A · B · C', (('D · E · F', 0.3333333333333333),), 0.667)
    """
    rank = ranks(scores, "betweenness")
    order = sorted(scores, key=lambda v: (rank[v], sort_key(v)))[:top]
    return [_broker(G, v, scores, names, rank[v], backbone) for v in order]


def broker_sentence(rows: list[Broker], day: str) -> str:
    """One sentence naming the strongest brokers and the blocs the first one connects.

    Examples
    --------
    >>> b = Broker("EST", "Estonia", "State", None, 1, 0.2, "FRA · DEU …", 0.6, (("USA · CAN", 0.3),), ())
    >>> broker_sentence([b], "2020-01-01")
    'On 2020-01-01 the strongest broker is EST (Estonia, betweenness 0.200): 60% of its tie weight stays in its own bloc (FRA · DEU …), 30% goes to USA · CAN.'
    """
    if not rows:
        return f"On {day} no actor lies on a shortest path between two others."
    head = rows[0]
    reach = "".join(f", {share:.0%} goes to {bloc}" for bloc, share in head.bridges)
    text = (
        f"On {day} the strongest broker is {head.id} ({head.name or head.id}, betweenness {head.betweenness:.3f}): "
        f"{head.own_share:.0%} of its tie weight stays in its own bloc ({head.bloc}){reach}."
    )
    return text + (f" Next come {', '.join(b.id for b in rows[1:4])}." if len(rows) > 1 else "")
