"""From the Neo4j graph to NetworkX: the state–forum bipartite graph and its cooperation projection.

Two steps, each a plain function of its input:

1. :func:`read_bipartite` reads States, forums (Organisations, Summits,
   Instruments) and the State→forum relationships from Neo4j in three
   set-based queries and returns an undirected :class:`networkx.Graph` ``B``,
   optionally as it stood on a date (``as_of``).
2. :func:`cooperation_graph` projects ``B`` onto the states with Newman's
   collaboration weights, vectorised with :mod:`scipy.sparse`.

Actors
------
Both steps take ``actors`` (:data:`graphkit.vocabulary.ACTORS`): ``"states"``
(the default) counts States only; ``"all"`` also reads the Stakeholders
(companies, civil society, academia …) and their forum relationships, and
makes them actors like the States (``bipartite`` 0): a forum's ``n`` then
counts every participating actor, and the projection ties every pair of
actors that share a forum or an instrument, with the same weights.

Relationship kinds
------------------
Every State→forum relationship has one *kind*, and every kind a multiplier
(:data:`DEFAULT_MULTIPLIERS`, configurable):

============== ====================================================== =======
kind           relationship                                           default
============== ====================================================== =======
membership     ``MEMBER_OF`` with role ``member`` (or no role)         1.0
association    ``MEMBER_OF`` with role ``observer`` or ``partner``     0.5
attendance     ``ATTENDED`` or ``HOSTED`` a Summit                     1.0
signature      ``SIGNED`` an Instrument                                0.5
ratification   ``RATIFIED`` an Instrument (party to it)                1.0
endorsement    ``ENDORSED`` an Instrument                              0.5
bilateral      any of the three to an Instrument of kind ``bilateral`` 1.0
============== ====================================================== =======

A state with several relationships to one forum (signed *and* ratified,
attended *and* hosted, two membership periods) takes part in that forum
**once**, with the strongest multiplier among them.

The ``as_of`` rule
------------------
With ``as_of`` = *d*, only what held on *d* is kept (without ``as_of``,
"latest", *d* is today's date):

* ``MEMBER_OF`` with ``since`` ≤ *d* and (no ``until`` or ``until`` > *d*);
* Summits with ``start_date`` ≤ *d* (and their ``ATTENDED``/``HOSTED``);
* Instruments with ``adopted`` ≤ *d* or no ``adopted``; ``SIGNED``,
  ``RATIFIED`` and ``ENDORSED`` with ``date`` ≤ *d*;
* Organisations with ``founded`` ≤ *d* or no ``founded``; a relationship
  counts only while both its ends count;
* an **undated** membership, signature, ratification or endorsement holds from
  its ``as_of``, the date its source speaks for: the dataset records undated
  facts as "true as of the source's date", so they count from then on (today's
  graph has them all) and never before, which would be a guess — a state
  recorded as an ITU member by a 2025 source is not drawn as one in 1950.

The rule is written once, in Python (:func:`node_interval`,
:func:`relation_interval`, :func:`as_of_graph`); the queries read every date.

Partial dates are stored as the first day of their period, so a membership
``since`` 2004 counts from 2004-01-01.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graphkit import schema
from graphkit.data.dates import as_of_date
from graphkit.db import cypher
from graphkit.errors import InvalidData, UsageProblem
from graphkit.values import native
from graphkit.vocabulary import ACTOR_LABELS, ACTORS, DEFAULT_ACTORS, DEFAULT_MULTIPLIERS, FORUM_LABELS, KINDS

STATE_REL_TYPES: tuple[str, ...] = ("MEMBER_OF", "ATTENDED", "HOSTED", "SIGNED", "RATIFIED", "ENDORSED")
ORG_REL_TYPES: tuple[str, ...] = ("MEMBER_OF", "ATTENDED", "CONVENED", "PRODUCED", "SIGNED", "RATIFIED", "ENDORSED")
#: Centrality properties a State may carry from the latest ``graphkit centrality --write``.
SCORE_PROPERTIES: tuple[str, ...] = (
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "community",
    "centrality_run",
)
STATE_FIELDS: tuple[str, ...] = ("name", "region", "subregion", "iso2", "un_member")
#: A Stakeholder's attributes in ``B`` (``based_in``: the id of its State, from ``BASED_IN``).
STAKEHOLDER_FIELDS: tuple[str, ...] = ("name", "kind", "based_in")
FORUM_FIELDS: tuple[str, ...] = (
    "name",
    "short_name",
    "kind",
    "series",
    "founded",
    "start_date",
    "end_date",
    "city",
    "adopted",
    "founded_precision",
    "start_date_precision",
    "end_date_precision",
    "adopted_precision",
)
REL_FIELDS: tuple[str, ...] = (
    "role",
    "since",
    "until",
    "date",
    "source",
    "as_of",
    "since_precision",
    "until_precision",
    "date_precision",
)

# When a state has several relationships to one forum, the edge's top-level
# attributes describe the first of this order (all are kept in ``relations``).
_PRECEDENCE = {
    "RATIFIED": 0,
    "SIGNED": 1,
    "ENDORSED": 2,
    "HOSTED": 0,
    "ATTENDED": 1,
    "MEMBER_OF": 0,
    "CONVENED": 0,
    "PRODUCED": 0,
}
_ROLE_PRECEDENCE = {"member": 0, None: 1, "partner": 2, "observer": 3}


def check_multipliers(multipliers: Mapping[str, float] | None) -> dict[str, float]:
    """The full multiplier table: the defaults updated with ``multipliers``.

    Raises :class:`~graphkit.errors.UsageProblem` for an unknown kind or a
    value that is negative or not finite.

    Examples
    --------
    >>> check_multipliers({"signature": 0.25})["signature"]
    0.25
    >>> check_multipliers({"friendship": 1})
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: unknown relationship kind 'friendship'
    """
    table = dict(DEFAULT_MULTIPLIERS)
    for kind, value in (multipliers or {}).items():
        if kind not in table:
            raise UsageProblem(
                f"unknown relationship kind {kind!r}", "use one of: " + ", ".join(KINDS), param="weights"
            )
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise UsageProblem(
                f"the multiplier of {kind!r} is not a number: {value!r}", "give a number ≥ 0", param="weights"
            ) from None
        if not math.isfinite(number) or number < 0:
            raise UsageProblem(
                f"the multiplier of {kind!r} must be a finite number ≥ 0, not {value!r}", "give a number ≥ 0",
                param="weights",
            )  # fmt: skip
        table[kind] = number
    return table


def relation_kind(
    rel: str | None, role: str | None = None, forum_label: str | None = None, forum_kind: str | None = None
) -> str | None:
    """The kind of one State→forum relationship (``None`` if it is not a cooperation tie).

    Examples
    --------
    >>> relation_kind("MEMBER_OF", "observer", "Organisation")
    'association'
    >>> relation_kind("SIGNED", None, "Instrument", "bilateral")
    'bilateral'
    >>> relation_kind("HOSTED", None, "Summit")
    'attendance'
    """
    if rel == "MEMBER_OF":
        return "association" if role in ("observer", "partner") else "membership"
    if rel in ("ATTENDED", "HOSTED"):
        return "attendance"
    if rel in ("SIGNED", "RATIFIED", "ENDORSED"):
        if forum_kind == "bilateral":
            return "bilateral"
        return {"SIGNED": "signature", "RATIFIED": "ratification", "ENDORSED": "endorsement"}[rel]
    return None


def actor_labels(actors: str = DEFAULT_ACTORS) -> tuple[str, ...]:
    """The node labels counted as actors for an ``actors`` value (:data:`graphkit.vocabulary.ACTORS`).

    Parameters
    ----------
    actors : {"states", "all"}
        States only, or States and Stakeholders.

    Raises
    ------
    graphkit.errors.UsageProblem
        For another value (parameter ``actors``).

    Examples
    --------
    >>> actor_labels("states"), actor_labels("all")
    (('State',), ('State', 'Stakeholder'))
    >>> actor_labels("firms")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: unknown actors 'firms'
    """
    if actors not in ACTOR_LABELS:
        raise UsageProblem(f"unknown actors {actors!r}", "use " + " or ".join(ACTORS), param="actors")
    return ACTOR_LABELS[actors]


def _as_date(as_of: _dt.date | str | None) -> _dt.date | None:
    try:
        return as_of_date(as_of)
    except ValueError as error:
        raise UsageProblem(str(error), param="as_of") from None


def state_query() -> str:
    """The query for every State with its attributes and latest scores.

    Examples
    --------
    >>> state_query().splitlines()[0]
    'MATCH (s:State)'
    """
    fields = ", ".join(f"{name}: s.{name}" for name in (*STATE_FIELDS, *SCORE_PROPERTIES))
    return f"MATCH (s:{cypher.label('State')})\nRETURN s.id AS id, {{{fields}}} AS attrs"


def stakeholder_query() -> str:
    """The query for every Stakeholder with its name, kind and the State it is based in.

    Examples
    --------
    >>> stakeholder_query().splitlines()[0]
    'MATCH (s:Stakeholder)'
    """
    based = cypher.rel_type("BASED_IN")
    return (
        f"MATCH (s:{cypher.label('Stakeholder')})\n"
        f"OPTIONAL MATCH (s)-[:{based}]->(c:{cypher.label('State')})\n"
        "WITH s, min(c.id) AS based_in\n"
        "RETURN s.id AS id, {name: s.name, kind: s.kind, based_in: based_in} AS attrs"
    )


def forum_query() -> str:
    """The query for every forum (the ``as_of`` rule is applied by :func:`as_of_graph`)."""
    fields = ", ".join(f"{name}: f.{name}" for name in FORUM_FIELDS)
    return (
        f"MATCH (f:{cypher.labels(FORUM_LABELS)})\n"
        "RETURN f.id AS id, [x IN labels(f) WHERE x IN $labels][0] AS label, "
        f"{{{fields}}} AS attrs"
    )


def edge_query(org_edges: bool = False, actors: str = DEFAULT_ACTORS) -> str:
    """The query for the actor→forum relationships (and forum→forum ones with ``org_edges``).

    Examples
    --------
    >>> edge_query(actors="all").splitlines()[0][:32]
    'MATCH (a:State|Stakeholder)-[r:M'
    """
    fields = ", ".join(f"{name}: r.{name}" for name in REL_FIELDS)
    forums = cypher.labels(FORUM_LABELS)
    if org_edges:
        head = f"MATCH (a:{forums})-[r:{cypher.types(ORG_REL_TYPES)}]->(f:{forums})"
    else:
        head = f"MATCH (a:{cypher.labels(actor_labels(actors))})-[r:{cypher.types(STATE_REL_TYPES)}]->(f:{forums})"
    return f"{head}\nRETURN a.id AS a, f.id AS b, type(r) AS rel, {{{fields}}} AS attrs"


def _edge_rank(relation: dict) -> tuple:
    since = relation.get("since") or relation.get("date")
    return (
        _PRECEDENCE.get(relation["rel"], 9),
        _ROLE_PRECEDENCE.get(relation.get("role"), 4),
        -(since.toordinal() if isinstance(since, _dt.date) else 0),
    )


def _add_stakeholders(B, stakeholders: list[dict]) -> None:
    """Add the Stakeholder rows (``{id, attrs}``) to ``B`` as actors (``bipartite`` 0).

    Raises :class:`~graphkit.errors.InvalidData` when a stakeholder's id is
    already the id of a State or a forum (``B`` is keyed by id).
    """
    for row in sorted(stakeholders, key=lambda r: r["id"]):
        if row["id"] in B:
            raise InvalidData(
                f"stakeholder id {row['id']!r} is already used by a node labelled {B.nodes[row['id']].get('label')}",
                "give the stakeholder an id of its own",
            )
        attrs = {k: native(v) for k, v in (row.get("attrs") or {}).items() if k in STAKEHOLDER_FIELDS}
        B.add_node(row["id"], label="Stakeholder", bipartite=0, **attrs)


def bipartite_from_rows(
    states: list[dict],
    forums: list[dict],
    edges: list[dict],
    as_of: _dt.date | None = None,
    stakeholders: list[dict] | None = None,
):
    """Build the bipartite graph from query rows (``{id, attrs}``, ``{id, label, attrs}``, ``{a, b, rel, attrs}``).

    Used by :func:`read_bipartite`; handy to build test graphs without Neo4j.
    ``stakeholders`` rows (``{id, attrs}`` with ``name``, ``kind``,
    ``based_in``) become ``Stakeholder`` nodes, actors like the States.

    Examples
    --------
    >>> B = bipartite_from_rows(
    ...     [{"id": "FRA", "attrs": {"name": "France"}}, {"id": "DEU", "attrs": {"name": "Germany"}}],
    ...     [{"id": "nato", "label": "Organisation", "attrs": {"name": "NATO", "kind": "alliance"}}],
    ...     [{"a": "FRA", "b": "nato", "rel": "MEMBER_OF", "attrs": {"role": "member"}},
    ...      {"a": "DEU", "b": "nato", "rel": "MEMBER_OF", "attrs": {"role": "member"}}])
    >>> sorted(B["nato"]), B.nodes["FRA"]["label"], B.edges["FRA", "nato"]["rel"]
    (['DEU', 'FRA'], 'State', 'MEMBER_OF')
    """

    B = nx.Graph(as_of=as_of)
    for row in sorted(states, key=lambda r: r["id"]):
        attrs = {k: native(v) for k, v in (row.get("attrs") or {}).items()}
        attrs = {k: v for k, v in attrs.items() if k in STATE_FIELDS or v is not None}
        B.add_node(row["id"], label="State", bipartite=0, **attrs)
    for row in sorted(forums, key=lambda r: r["id"]):
        spec = schema.NODE_BY_LABEL.get(row["label"])
        columns = (
            {c.name for c in spec.columns} | {f"{c.name}_precision" for c in spec.columns}
            if spec
            else set(FORUM_FIELDS)
        )
        attrs = {k: native(v) for k, v in (row.get("attrs") or {}).items() if k in columns}
        B.add_node(row["id"], label=row["label"], bipartite=1, **attrs)
    _add_stakeholders(B, stakeholders or [])
    grouped: dict[tuple[str, str], list[dict]] = {}
    for row in edges:
        a, b = row["a"], row["b"]
        if a not in B or b not in B:  # a forum filtered out by as_of
            continue
        relation = {"rel": row["rel"], **{k: native(row.get("attrs", {}).get(k)) for k in REL_FIELDS}}
        grouped.setdefault((a, b), []).append(relation)
    for (a, b), relations in sorted(grouped.items()):
        relations.sort(key=_edge_rank)
        if B.has_edge(a, b):  # forum→forum edges both ways (rare): keep all relations
            relations = sorted([*B.edges[a, b]["relations"], *relations], key=_edge_rank)
        B.add_edge(a, b, **relations[0], relations=tuple(relations))
    return B


def read_history(store, *, org_edges: bool = False, actors: str = DEFAULT_ACTORS):
    """Read the whole state–forum graph from Neo4j, every date included (three or four set-based queries).

    The graph holds every relationship ever recorded (ended memberships,
    future summits): :func:`as_of_graph` cuts it at a date, and
    :mod:`graphkit.analysis.timeline` at every year.

    Parameters
    ----------
    store : graphkit.db.store.Store
        An open store.
    org_edges : bool, default False
        Also read Organisation/Summit/Instrument→forum relationships.
    actors : {"states", "all"}, default "states"
        ``"all"`` also reads the Stakeholders and their relationships.

    Returns
    -------
    networkx.Graph
        As :func:`read_bipartite`, with ``graph["history"]`` True and
        ``graph["as_of"]``/``graph["date"]`` None.

    Raises
    ------
    graphkit.errors.UsageProblem
        For a bad ``actors``.
    graphkit.errors.InvalidData
        If a stakeholder shares its id with a State or a forum.
    """
    actor_labels(actors)
    params = {"labels": list(FORUM_LABELS)}

    def work(tx):
        states = [r.data() for r in tx.run(state_query(), params)]
        forums = [r.data() for r in tx.run(forum_query(), params)]
        edges = [r.data() for r in tx.run(edge_query(actors=actors), params)]
        if org_edges:
            edges += [r.data() for r in tx.run(edge_query(org_edges=True), params)]
        others = [r.data() for r in tx.run(stakeholder_query(), params)] if actors != DEFAULT_ACTORS else []
        return states, forums, edges, others

    states, forums, edges, others = store.read_transaction(work)
    B = bipartite_from_rows(states, forums, edges, stakeholders=others)
    B.graph.update(date=None, actors=actors, history=True)
    return B


def read_bipartite(
    store, as_of: _dt.date | str | None = None, *, org_edges: bool = False, actors: str = DEFAULT_ACTORS
):
    """Read the state–forum graph from Neo4j as it stood on a date (:func:`read_history` cut by :func:`as_of_graph`).

    Parameters
    ----------
    store : graphkit.db.store.Store
        An open store.
    as_of : datetime.date or str, optional
        Keep only what held on that date (see the module docstring). ``None``
        means *latest*: what holds today (memberships that ended are dropped,
        summits and instruments dated in the future are not yet counted).
    org_edges : bool, default False
        Also read Organisation/Summit/Instrument→forum relationships
        (``MEMBER_OF`` between organisations, ``CONVENED``, ``PRODUCED``,
        organisations' ``ATTENDED``/``SIGNED``…). The cooperation projection
        ignores them.
    actors : {"states", "all"}, default "states"
        ``"all"`` also reads the Stakeholders (``label`` ``Stakeholder``,
        ``bipartite`` 0, ``name``, ``kind``, ``based_in``) and their forum
        relationships (one more query).

    Returns
    -------
    networkx.Graph
        Nodes keyed by id (States are ISO3 codes, forums slugs) with
        ``label`` (``State``, ``Organisation``, ``Summit``, ``Instrument``),
        ``bipartite`` (0 for States, 1 for forums), ``name`` and the node's
        attributes (dates as :class:`datetime.date`, missing values ``None``;
        a State's centrality properties only when it has them). Each edge has
        ``rel``, ``role``, ``since``, ``until``, ``date``, ``source`` of its
        strongest relationship and ``relations``, a tuple of dicts for all of
        them. ``B.graph["as_of"]`` is ``as_of`` (``None`` = latest),
        ``B.graph["date"]`` the date the filter used (today for latest),
        ``B.graph["actors"]`` the actors read.

    Raises
    ------
    graphkit.errors.UsageProblem
        For a bad ``as_of`` or ``actors``.
    graphkit.errors.InvalidData
        If a stakeholder shares its id with a State or a forum.
    """
    when = _as_date(as_of)
    B = as_of_graph(read_history(store, org_edges=org_edges, actors=actors), when or _dt.date.today())
    B.graph["as_of"] = when
    return B


# -- the as_of rule ------------------------------------------------------------------------
Interval = tuple["_dt.date | None", "_dt.date | None"]


def node_interval(data: Mapping) -> Interval:
    """When a node counts, ``(start, end)``: start included, end excluded, None unbounded.

    Summits from their ``start_date`` (never without one), Instruments from
    ``adopted`` and Organisations from ``founded`` (always when undated),
    actors always.

    Examples
    --------
    >>> import datetime as dt
    >>> node_interval({"label": "Summit", "start_date": dt.date(2015, 11, 10)})
    (datetime.date(2015, 11, 10), None)
    >>> node_interval({"label": "Summit"}), node_interval({"label": "Organisation"})
    ((datetime.date(9999, 12, 31), datetime.date(9999, 12, 31)), (None, None))
    >>> node_interval({"label": "Organisation", "founded": dt.date(2002, 7, 9)})
    (datetime.date(2002, 7, 9), None)
    """
    label = data.get("label")
    if label == "Summit":
        start = data.get("start_date")
        return (start, None) if start is not None else (_dt.date.max, _dt.date.max)
    if label == "Instrument":
        return (data.get("adopted"), None)
    if label == "Organisation":
        return (data.get("founded"), None)
    return (None, None)


def relation_interval(relation: Mapping) -> Interval:
    """When one relationship holds: ``MEMBER_OF`` from ``since`` until ``until``; dated ones from ``date``.

    An undated ``MEMBER_OF``, ``SIGNED``, ``RATIFIED`` or ``ENDORSED`` holds
    from its ``as_of``, the date its source speaks for (never earlier: that
    would be a guess). ``ATTENDED``, ``HOSTED``, ``CONVENED`` and ``PRODUCED``
    hold when their Summit or Instrument counts (:func:`node_interval`).

    Examples
    --------
    >>> import datetime as dt
    >>> relation_interval({"rel": "MEMBER_OF", "since": dt.date(2004, 3, 29), "until": None})
    (datetime.date(2004, 3, 29), None)
    >>> relation_interval({"rel": "MEMBER_OF", "since": None, "as_of": dt.date(2025, 6, 1)})
    (datetime.date(2025, 6, 1), None)
    >>> relation_interval({"rel": "SIGNED", "date": None})
    (None, None)
    """
    rel = relation.get("rel")
    if rel in ("ATTENDED", "HOSTED", "CONVENED", "PRODUCED"):
        return (None, None)
    start = relation.get("since") if rel == "MEMBER_OF" else relation.get("date")
    end = relation.get("until") if rel == "MEMBER_OF" else None
    return (relation.get("as_of") if start is None else start, end)


def intersect(*intervals: Interval) -> Interval:
    """The intersection of intervals (possibly empty: start ≥ end).

    Examples
    --------
    >>> import datetime as dt
    >>> intersect((dt.date(2000, 1, 1), None), (None, dt.date(2010, 1, 1)))
    (datetime.date(2000, 1, 1), datetime.date(2010, 1, 1))
    """
    starts = [s for s, _ in intervals if s is not None]
    ends = [e for _, e in intervals if e is not None]
    return (max(starts) if starts else None, min(ends) if ends else None)


def holds(interval: Interval, day: _dt.date) -> bool:
    """Whether ``day`` falls in ``interval`` (start included, end excluded).

    Examples
    --------
    >>> import datetime as dt
    >>> holds((dt.date(2004, 1, 1), None), dt.date(2004, 1, 1)), holds((None, dt.date(2004, 1, 1)), dt.date(2004, 1, 1))
    (True, False)
    """
    start, end = interval
    return (start is None or start <= day) and (end is None or day < end)


def merge_intervals(spans) -> list[tuple[_dt.date, _dt.date]]:
    """Bounded intervals ``(start, end)`` (end excluded) merged where they overlap or touch, sorted.

    Examples
    --------
    >>> import datetime as dt
    >>> merge_intervals([(dt.date(2000, 1, 1), dt.date(2005, 1, 1)), (dt.date(2004, 1, 1), dt.date(2010, 1, 1))])
    [(datetime.date(2000, 1, 1), datetime.date(2010, 1, 1))]
    """
    out: list[list[_dt.date]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def edge_relation_intervals(B, u, v) -> list[tuple[dict, Interval]]:
    """Each relationship of the edge ``u``–``v`` of ``B`` with the interval in which it holds.

    A relationship holds when it holds itself and both its ends count
    (:func:`relation_interval`, :func:`node_interval`).
    """
    ends = intersect(node_interval(B.nodes[u]), node_interval(B.nodes[v]))
    data = B.edges[u, v]
    return [(r, intersect(relation_interval(r), ends)) for r in data.get("relations") or (data,)]


def as_of_graph(B, day: _dt.date):
    """``B`` as it stood on ``day``: the nodes that counted then and the relationships that held.

    One rule for every reader (see the module docstring): :func:`read_bipartite`
    cuts :func:`read_history` with it, and the timeline of a view cuts it at
    every year.

    Parameters
    ----------
    B : networkx.Graph
        A bipartite graph with every date (:func:`read_history` or
        :func:`bipartite_from_rows`).
    day : datetime.date
        The date.

    Returns
    -------
    networkx.Graph
        A new graph; ``graph["date"]`` is ``day``. Each kept edge keeps the
        relationships that held, strongest first.

    Raises
    ------
    TypeError
        If ``day`` is not a date.

    Examples
    --------
    >>> import datetime as dt
    >>> B = bipartite_from_rows(
    ...     [{"id": "EST", "attrs": {}}, {"id": "FRA", "attrs": {}}],
    ...     [{"id": "nato", "label": "Organisation", "attrs": {}}],
    ...     [{"a": "EST", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": dt.date(2004, 3, 29)}},
    ...      {"a": "FRA", "b": "nato", "rel": "MEMBER_OF", "attrs": {"since": dt.date(1949, 8, 24)}}])
    >>> sorted(as_of_graph(B, dt.date(2003, 12, 31))["nato"]), sorted(as_of_graph(B, dt.date(2004, 12, 31))["nato"])
    (['FRA'], ['EST', 'FRA'])
    """
    if not isinstance(day, _dt.date):
        raise TypeError(f"day must be a date, not {type(day).__name__}")
    H = nx.Graph()
    H.graph.update(B.graph)
    H.graph.update(date=day, history=False)
    H.add_nodes_from((n, d) for n, d in B.nodes(data=True) if holds(node_interval(d), day))
    for u, v in B.edges:
        if u not in H or v not in H:
            continue
        kept = [r for r, span in edge_relation_intervals(B, u, v) if holds(span, day)]
        if kept:
            H.add_edge(u, v, **kept[0], relations=tuple(kept))
    return H


def exclude_forums(B, forum_ids: Iterable[str]):
    """``B`` without the named forums (and their relationships); ``B`` itself is unchanged.

    For analyses that leave out a universal body: the UN or the ITU ties
    every pair of states, which flattens degree and closeness. The excluded
    ids are kept, sorted, in ``graph["excluded"]`` and reach the centrality
    run and the title of a view. With no id, ``B`` itself is returned (no copy).

    Raises :class:`~graphkit.errors.UsageProblem` (parameter ``exclude``) when an
    id is a State or no forum of ``B`` (as of its date), with close matches.

    Examples
    --------
    >>> B = bipartite_from_rows(
    ...     [{"id": s, "attrs": {}} for s in ("EST", "FIN", "FRA")],
    ...     [{"id": "un", "label": "Organisation", "attrs": {"kind": "un-body"}},
    ...      {"id": "nb8", "label": "Organisation", "attrs": {"kind": "forum"}}],
    ...     [{"a": s, "b": "un", "rel": "MEMBER_OF", "attrs": {"role": "member"}} for s in ("EST", "FIN", "FRA")]
    ...     + [{"a": s, "b": "nb8", "rel": "MEMBER_OF", "attrs": {"role": "member"}} for s in ("EST", "FIN")])
    >>> H = exclude_forums(B, ["un"])
    >>> sorted(H.nodes), H.graph["excluded"]
    (['EST', 'FIN', 'FRA', 'nb8'], ['un'])
    >>> sorted(cooperation_graph(H).edges)
    [('EST', 'FIN')]
    >>> exclude_forums(B, ["nato"])
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: no forum with id 'nato'
    """
    wanted = list(dict.fromkeys(str(f).strip() for f in forum_ids if str(f).strip()))
    if not wanted:
        return B
    forums = [n for n, d in B.nodes(data=True) if d.get("label") in FORUM_LABELS]
    for forum in wanted:
        if forum not in B:
            when = B.graph.get("as_of")
            close = difflib.get_close_matches(forum, forums, n=3, cutoff=0.6)
            hint = (
                f"did you mean {' or '.join(repr(c) for c in close)}"
                if close
                else "forums are organisation, summit or instrument ids such as un, nato, igf-2015, paris-call"
            )
            raise UsageProblem(
                f"no forum with id {forum!r}" + (f" as of {when}" if when else ""), hint, param="exclude"
            )
        if B.nodes[forum].get("label") not in FORUM_LABELS:
            raise UsageProblem(
                f"{forum!r} is a {B.nodes[forum].get('label', 'node')}, not a forum",
                "give organisation, summit or instrument ids",
                param="exclude",
            )
    H = B.subgraph(n for n in B if n not in set(wanted)).copy()
    H.graph.update(B.graph)
    H.graph["excluded"] = sorted(set(B.graph.get("excluded", ())) | set(wanted))
    return H


def participations(B, multipliers: Mapping[str, float] | None = None, *, actors: str = DEFAULT_ACTORS):
    """Every actor→forum relationship of ``B`` that counts as cooperation, with its multiplier and interval.

    Returns ``(actors, rows)``: the sorted actor ids of ``B`` and a list of
    ``(actor, forum, multiplier, interval)`` (one per relationship with a
    multiplier above 0; ``interval`` as :func:`edge_relation_intervals`).
    :func:`incidence` keeps the strongest per pair; the timeline keeps the
    strongest per pair among those that hold on each date.

    Examples
    --------
    >>> B = bipartite_from_rows(
    ...     [{"id": "FRA", "attrs": {}}],
    ...     [{"id": "bc", "label": "Instrument", "attrs": {"kind": "convention"}}],
    ...     [{"a": "FRA", "b": "bc", "rel": "SIGNED", "attrs": {}}])
    >>> participations(B)
    (['FRA'], [('FRA', 'bc', 0.5, (None, None))])
    """
    table = check_multipliers(multipliers)
    labels = actor_labels(actors)
    nodes = B.nodes
    states = sorted(n for n, d in B.nodes(data=True) if d.get("label") in labels)
    index = set(states)
    rows: list[tuple] = []
    for u, v in B.edges:
        if u in index:
            state, forum = u, v
        elif v in index:
            state, forum = v, u
        else:
            continue
        fdata = nodes[forum]
        if fdata.get("label") in ACTOR_LABELS["all"]:
            continue
        for relation, interval in edge_relation_intervals(B, u, v):
            kind = relation_kind(relation.get("rel"), relation.get("role"), fdata.get("label"), fdata.get("kind"))
            if kind is not None and table[kind] > 0:
                rows.append((state, forum, table[kind], interval))
    return states, rows


def incidence_matrix(states: list, rows: Iterable[tuple]):
    """``(forums, M)``: the actor × forum matrix of the strongest multiplier per pair among ``rows``.

    ``rows`` as :func:`participations`; ``forums`` are the sorted forums with a
    participant, ``M`` a ``scipy.sparse`` CSR array over ``states``.

    Examples
    --------
    >>> forums, M = incidence_matrix(["EST", "FRA"], [("FRA", "bc", 0.5, None), ("FRA", "bc", 1.0, None)])
    >>> forums, M.toarray().tolist()
    (['bc'], [[0.0], [1.0]])
    """
    best: dict[tuple[str, str], float] = {}
    for state, forum, multiplier, _ in rows:
        if multiplier > best.get((state, forum), 0.0):
            best[state, forum] = multiplier
    index = {s: i for i, s in enumerate(states)}
    forums = sorted({forum for _, forum in best})
    forum_index = {f: k for k, f in enumerate(forums)}
    count = len(best)
    r = np.fromiter((index[s] for s, _ in best), dtype=np.int64, count=count)
    c = np.fromiter((forum_index[f] for _, f in best), dtype=np.int64, count=count)
    vals = np.fromiter(best.values(), dtype=float, count=count)
    return forums, sp.csr_array((vals, (r, c)), shape=(len(states), len(forums)))


def incidence(B, multipliers: Mapping[str, float] | None = None, *, actors: str = DEFAULT_ACTORS):
    """The weighted actor × forum incidence matrix of ``B``.

    Returns ``(states, forums, M)`` where ``M[i, k]`` is the multiplier of
    actor ``i``'s strongest relationship to forum ``k`` (a ``scipy.sparse``
    CSR array, explicit zeros removed). ``states`` lists every actor of ``B``
    (sorted ids; the States, and with ``actors="all"`` the Stakeholders);
    ``forums`` the forums with at least one participant.

    Examples
    --------
    >>> B = bipartite_from_rows(
    ...     [{"id": "FRA", "attrs": {}}, {"id": "EST", "attrs": {}}],
    ...     [{"id": "bc", "label": "Instrument", "attrs": {"kind": "convention"}}],
    ...     [{"a": "FRA", "b": "bc", "rel": "SIGNED", "attrs": {}},
    ...      {"a": "FRA", "b": "bc", "rel": "RATIFIED", "attrs": {}},
    ...      {"a": "EST", "b": "bc", "rel": "SIGNED", "attrs": {}}])
    >>> states, forums, M = incidence(B)
    >>> states, forums, M.toarray().tolist()
    (['EST', 'FRA'], ['bc'], [[0.5], [1.0]])
    """
    states, rows = participations(B, multipliers, actors=actors)
    forums, M = incidence_matrix(states, rows)
    return states, forums, M


def project_matrix(M):
    """Newman's collaboration weights from a weighted incidence matrix.

    ``M[i, k] = m_ik`` (the multiplier of state ``i`` in forum ``k``, 0 if it
    does not take part). With ``n_k`` the number of participants of forum
    ``k``, the weight of the pair ``{i, j}`` is

    .. math:: w_{ij} = \\sum_{k:\\ n_k \\ge 2} \\frac{\\sqrt{m_{ik} m_{jk}}}{n_k - 1}

    (the geometric mean of the two multipliers; ``m / (n_k − 1)`` when both
    are of the same kind), i.e. ``W D Wᵀ`` with ``W = √M`` and
    ``D = diag(1 / (n_k − 1))``. Returns ``(weights, forums)``: two upper
    triangular CSR arrays with the same sparsity, the weight and the number of
    shared forums of each pair.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> W, F = project_matrix(sp.csr_array([[1.0, 1.0], [1.0, 0.0], [1.0, 1.0]]))
    >>> W.toarray().tolist()
    [[0.0, 0.5, 1.5], [0.0, 0.0, 0.5], [0.0, 0.0, 0.0]]
    >>> F.toarray().astype(int).tolist()
    [[0, 1, 2], [0, 0, 1], [0, 0, 0]]
    """

    M = sp.csr_array(M, dtype=float)
    M.eliminate_zeros()
    P = M.copy()
    P.data = np.ones_like(P.data)
    n_k = np.asarray(P.sum(axis=0)).ravel()
    scale = np.divide(1.0, n_k - 1, out=np.zeros_like(n_k, dtype=float), where=n_k > 1)
    keep = sp.diags_array(scale)
    W = M.copy()
    W.data = np.sqrt(W.data)
    weights = sp.triu(W @ keep @ W.T, k=1, format="csr")
    P = P @ sp.diags_array((n_k > 1).astype(float))
    shared = sp.triu(P @ P.T, k=1, format="csr")
    weights.eliminate_zeros()
    shared.eliminate_zeros()
    weights.sort_indices()
    shared.sort_indices()
    if not (np.array_equal(weights.indptr, shared.indptr) and np.array_equal(weights.indices, shared.indices)):
        shared = (shared + 0 * weights).tocsr()  # pragma: no cover - only if a weight underflows to 0
        shared.sort_indices()
    return weights, shared


def cooperation_graph(
    B, multipliers: Mapping[str, float] | None = None, *, forum_ids: bool = False, actors: str = DEFAULT_ACTORS
):
    """The weighted state–state cooperation graph (Newman's collaboration projection of ``B``).

    A forum with ``n`` state participants adds ``multiplier(kind) / (n − 1)``
    to the weight of every pair of its participants (the geometric mean of the
    two multipliers when they differ, see :func:`project_matrix`). A state
    takes part in a forum once, with its strongest relationship to it;
    relationships whose multiplier is 0 do not count as participation.

    Parameters
    ----------
    B : networkx.Graph
        The bipartite graph of :func:`read_bipartite` (or
        :func:`bipartite_from_rows`).
    multipliers : dict, optional
        Multipliers per kind overriding :data:`DEFAULT_MULTIPLIERS`.
    forum_ids : bool, default False
        Also store each pair's shared forums as a sorted tuple ``forum_ids``
        (costly on dense graphs).
    actors : {"states", "all"}, default "states"
        The actors projected onto: the States, or the States and the
        Stakeholders of ``B`` (a forum's ``n`` then counts both).

    Returns
    -------
    networkx.Graph
        Every actor of ``B`` as a node (isolated ones included) with its
        attributes; edges with ``weight`` (float) and ``forums`` (int, the
        number of shared forums with at least two participants).
        ``G.graph`` holds ``as_of``, ``multipliers`` (the full table),
        ``excluded`` (forums left out with :func:`exclude_forums`) and ``actors``.

    Raises
    ------
    graphkit.errors.UsageProblem
        For a bad multiplier or ``actors`` value.

    Examples
    --------
    A forum of three states gives 1/2 to each pair; a bilateral agreement 1:

    >>> B = bipartite_from_rows(
    ...     [{"id": s, "attrs": {}} for s in ("DEU", "EST", "FRA", "USA", "ISL")],
    ...     [{"id": "eu", "label": "Organisation", "attrs": {"kind": "regional"}},
    ...      {"id": "bil", "label": "Instrument", "attrs": {"kind": "bilateral"}}],
    ...     [*({"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {"role": "member"}} for s in ("DEU", "EST", "FRA")),
    ...      *({"a": s, "b": "bil", "rel": "SIGNED", "attrs": {}} for s in ("EST", "USA"))])
    >>> G = cooperation_graph(B)
    >>> sorted(G), G["DEU"]["FRA"]["weight"], G["EST"]["USA"]["weight"], G.degree("ISL")
    (['DEU', 'EST', 'FRA', 'ISL', 'USA'], 0.5, 1.0, 0)

    With ``actors="all"`` a company in the EU makes it a forum of four (1/3 per pair):

    >>> B.add_node("acme", label="Stakeholder", bipartite=0, kind="company")
    >>> B.add_edge("acme", "eu", rel="MEMBER_OF", role="member")
    >>> G = cooperation_graph(B, actors="all")
    >>> round(G["DEU"]["FRA"]["weight"], 4), round(G["acme"]["EST"]["weight"], 4)
    (0.3333, 0.3333)
    """

    table = check_multipliers(multipliers)
    states, forums, M = incidence(B, table, actors=actors)
    weights, shared = project_matrix(M)
    G = nx.Graph(
        as_of=B.graph.get("as_of"), multipliers=table, excluded=list(B.graph.get("excluded", ())), actors=actors
    )
    G.add_nodes_from((s, {k: v for k, v in B.nodes[s].items() if k != "bipartite"}) for s in states)
    coo = weights.tocoo()
    rows, cols = coo.row.tolist(), coo.col.tolist()
    w = coo.data.tolist()
    f = np.rint(shared.tocoo().data).astype(np.int64).tolist()
    if forum_ids:
        members = M.tocsc()
        pair_forums: dict[tuple[int, int], list[str]] = {}
        for k, forum in enumerate(forums):
            part = sorted(members.indices[members.indptr[k] : members.indptr[k + 1]].tolist())
            if len(part) < 2:
                continue
            for x in range(len(part)):
                for y in range(x + 1, len(part)):
                    pair_forums.setdefault((part[x], part[y]), []).append(forum)
        G.add_edges_from(
            (states[i], states[j], {"weight": wt, "forums": n, "forum_ids": tuple(pair_forums[i, j])})
            for i, j, wt, n in zip(rows, cols, w, f)
        )
    else:
        G.add_edges_from((states[i], states[j], {"weight": wt, "forums": n}) for i, j, wt, n in zip(rows, cols, w, f))
    return G


def read_multipliers(path) -> dict[str, float]:
    """Multipliers from a JSON or TOML file of ``kind = multiplier`` (optionally under a ``weights`` table).

    Only the kinds in the file are returned (combine with
    :func:`check_multipliers` for the full table). Raises
    :class:`~graphkit.errors.UsageProblem` for an unreadable file, bad syntax or
    an unknown kind.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "w.toml"
    >>> _ = path.write_text("[weights]\\nsignature = 0.25\\n")
    >>> read_multipliers(path)
    {'signature': 0.25}
    """

    try:
        import tomllib
    except ImportError:  # Python 3.10: JSON only
        tomllib = None  # type: ignore[assignment]

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageProblem(f"cannot read {path}: {error.strerror or error}", "check the path") from None
    if tomllib is None and path.suffix.lower() == ".toml":
        raise UsageProblem(f"{path}: reading TOML needs Python 3.11 or later", "write the multipliers as JSON")
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        elif path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            try:
                data = json.loads(text)
            except ValueError:
                if tomllib is None:
                    raise
                data = tomllib.loads(text)
    except ValueError as error:
        raise UsageProblem(f"{path} is neither valid JSON nor TOML: {error}", "write kind = multiplier lines") from None
    if isinstance(data, dict) and isinstance(data.get("weights"), dict):
        data = data["weights"]
    if not isinstance(data, dict):
        raise UsageProblem(f"{path} must hold a table of kind = multiplier", 'e.g. {"signature": 0.25}')
    check_multipliers(data)
    return {k: float(v) for k, v in data.items()}
