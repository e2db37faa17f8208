"""The one place graphkit builds Cypher text out of the schema's names.

Cypher cannot take labels or relationship types as ``$parameters``, so they are
written into the text. Every name written that way passes through :func:`label`
or :func:`rel_type` first, which accept only the fixed lists of
:mod:`graphkit.schema` (the loaded labels and types and the derived ones
``graphkit centrality`` writes). Values always travel as parameters.

Here are the gates, the ``A|B`` alternations built from them, the query texts
the importer runs per label and per relationship shape, and the constraint and
index statements.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphkit import schema

# (index name, label, property): the properties analysts filter on
_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("state_region", "State", "region"),
    ("organisation_kind", "Organisation", "kind"),
    ("instrument_kind", "Instrument", "kind"),
    ("summit_series", "Summit", "series"),
    ("summit_start", "Summit", "start_date"),
)


# -- the gates -------------------------------------------------------------------------
def label(name: str) -> str:
    """Return ``name`` if it is one of the schema's labels (loaded or derived).

    Parameters
    ----------
    name : str
        A node label, e.g. ``State``.

    Raises
    ------
    ValueError
        If ``name`` is not in ``schema.LABELS`` or ``schema.DERIVED_LABELS``.

    Examples
    --------
    >>> label("State"), label("CentralityRun")
    ('State', 'CentralityRun')
    >>> label("State) DETACH DELETE (n")
    Traceback (most recent call last):
    ...
    ValueError: not a graphkit label: 'State) DETACH DELETE (n'
    """
    if name not in schema.LABELS and name not in schema.DERIVED_LABELS:
        raise ValueError(f"not a graphkit label: {name!r}")
    return name


def rel_type(name: str) -> str:
    """Return ``name`` if it is one of the schema's relationship types (loaded or derived).

    Parameters
    ----------
    name : str
        A relationship type, e.g. ``MEMBER_OF``.

    Raises
    ------
    ValueError
        If ``name`` is not in ``schema.TYPES`` or ``schema.DERIVED_REL_TYPES``.

    Examples
    --------
    >>> rel_type("MEMBER_OF"), rel_type("SCORED")
    ('MEMBER_OF', 'SCORED')
    >>> rel_type("member_of")
    Traceback (most recent call last):
    ...
    ValueError: not a graphkit relationship type: 'member_of'
    """
    if name not in schema.TYPES and name not in schema.DERIVED_REL_TYPES:
        raise ValueError(f"not a graphkit relationship type: {name!r}")
    return name


def labels(names: Iterable[str]) -> str:
    """Labels joined as a Cypher alternation, ``A|B``, each through :func:`label`.

    Parameters
    ----------
    names : iterable of str
        The labels, in the order to write them.

    Raises
    ------
    ValueError
        If any name is not a graphkit label.

    Examples
    --------
    >>> labels(["Organisation", "Summit", "Instrument"])
    'Organisation|Summit|Instrument'
    """
    return "|".join(label(name) for name in names)


def types(names: Iterable[str]) -> str:
    """Relationship types joined as a Cypher alternation, ``A|B``, each through :func:`rel_type`.

    Parameters
    ----------
    names : iterable of str
        The relationship types, in the order to write them.

    Raises
    ------
    ValueError
        If any name is not a graphkit relationship type.

    Examples
    --------
    >>> types(["SIGNED", "RATIFIED"])
    'SIGNED|RATIFIED'
    """
    return "|".join(rel_type(name) for name in names)


# -- the importer's queries ------------------------------------------------------------
def node_queries(node_label: str) -> dict[str, str]:
    """The query texts for one label: count what exists, read it, create the new, update the changed.

    Parameters
    ----------
    node_label : str
        The label of the nodes, e.g. ``State``.

    Raises
    ------
    ValueError
        If ``node_label`` is not a graphkit label.

    Examples
    --------
    >>> q = node_queries("State")
    >>> sorted(q)
    ['count', 'create', 'existing', 'update']
    >>> print(q["create"])
    UNWIND $rows AS row CREATE (x:State {id: row.id}) SET x += row.props
    >>> print(q["update"])
    UNWIND $rows AS row MATCH (x:State {id: row.id}) SET x += row.props
    """
    name = label(node_label)
    return {
        "count": f"MATCH (x:{name}) RETURN count(x) AS n",
        "existing": f"UNWIND $rows AS row MATCH (x:{name} {{id: row.id}}) RETURN row.i AS i, properties(x) AS props",
        "create": f"UNWIND $rows AS row CREATE (x:{name} {{id: row.id}}) SET x += row.props",
        "update": f"UNWIND $rows AS row MATCH (x:{name} {{id: row.id}}) SET x += row.props",
    }


def rel_queries(type_name: str, from_label: str, to_label: str) -> dict[str, str]:
    """The query texts for one relationship shape (type, start label, end label).

    Relationships with key columns (``MEMBER_OF``: role and since) carry a
    ``key`` property so a state can hold, leave and regain a membership.

    Parameters
    ----------
    type_name : str
        The relationship type, e.g. ``MEMBER_OF``; one loaded from CSV.
    from_label, to_label : str
        The labels of the start and end nodes.

    Raises
    ------
    ValueError
        If a name is not a graphkit label or relationship type.
    KeyError
        If ``type_name`` is a derived type (not loaded from CSV).

    Examples
    --------
    >>> q = rel_queries("MEMBER_OF", "State", "Organisation")
    >>> print(q["update"])
    UNWIND $rows AS row MATCH (a:State {id: row.from_id})-[x:MEMBER_OF {key: row.key}]->(b:Organisation {id: row.to_id}) SET x += row.props
    >>> print(rel_queries("SIGNED", "State", "Instrument")["create"])
    UNWIND $rows AS row MATCH (a:State {id: row.from_id}) MATCH (b:Instrument {id: row.to_id}) CREATE (a)-[x:SIGNED]->(b) SET x = row.props
    """
    spec = schema.REL_BY_TYPE[rel_type(type_name)]
    t, a, b = spec.type, label(from_label), label(to_label)
    key = " {key: row.key}" if spec.key else ""
    path = f"(a:{a} {{id: row.from_id}})-[x:{t}{key}]->(b:{b} {{id: row.to_id}})"
    return {
        "count": f"MATCH (:{a})-[x:{t}]->(:{b}) RETURN count(x) AS n",
        "existing": f"UNWIND $rows AS row MATCH {path} RETURN row.i AS i, properties(x) AS props",
        "create": (
            f"UNWIND $rows AS row MATCH (a:{a} {{id: row.from_id}}) MATCH (b:{b} {{id: row.to_id}}) "
            f"CREATE (a)-[x:{t}]->(b) SET x = row.props"
        ),
        "update": f"UNWIND $rows AS row MATCH {path} SET x += row.props",
    }


# -- constraints and indexes -----------------------------------------------------------
def constraint_statement(node_label: str) -> str:
    """The ``CREATE CONSTRAINT`` statement making ``id`` unique for one label (idempotent).

    Parameters
    ----------
    node_label : str
        The label, e.g. ``CyberOffice`` (the constraint is then ``cyber_office_id``).

    Raises
    ------
    ValueError
        If ``node_label`` is not a graphkit label.

    Examples
    --------
    >>> constraint_statement("CyberOffice")
    'CREATE CONSTRAINT cyber_office_id IF NOT EXISTS FOR (n:CyberOffice) REQUIRE n.id IS UNIQUE'
    """
    name = "".join("_" + c.lower() if c.isupper() else c for c in label(node_label)).lstrip("_")
    return f"CREATE CONSTRAINT {name}_id IF NOT EXISTS FOR (n:{node_label}) REQUIRE n.id IS UNIQUE"


def constraint_statements() -> list[str]:
    """One uniqueness constraint on ``id`` per label, loaded and derived.

    Examples
    --------
    >>> constraint_statements()[0]
    'CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE'
    >>> len(constraint_statements()) == len(schema.LABELS) + len(schema.DERIVED_LABELS)
    True
    """
    return [constraint_statement(name) for name in (*schema.LABELS, *schema.DERIVED_LABELS)]


def index_statements() -> list[str]:
    """``CREATE INDEX`` statements for the properties analysts filter on (idempotent).

    Examples
    --------
    >>> index_statements()[0]
    'CREATE INDEX state_region IF NOT EXISTS FOR (n:State) ON (n.region)'
    """
    return [f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label(on)}) ON (n.{prop})" for name, on, prop in _INDEXES]
