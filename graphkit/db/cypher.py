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
#: The id of the one node every load and unload locks first, so that they run one at a time.
LOCK_ID = "load"


def lock_query() -> str:
    """The statement a load runs first: it write-locks one node, so concurrent loads wait for each other.

    Examples
    --------
    >>> print(lock_query())
    MERGE (l:LoadLock {id: $id}) SET l.locked_at = datetime()
    """
    return f"MERGE (l:{label('LoadLock')} {{id: $id}}) SET l.locked_at = datetime()"


def legacy_query(node_label: str) -> str:
    """Whether any node of ``node_label`` was written before datasets were recorded (it has no ``datasets``).

    Examples
    --------
    >>> print(legacy_query("Summit"))
    MATCH (x:Summit) WHERE x.datasets IS NULL RETURN count(x) > 0 AS found LIMIT 1
    """
    return f"MATCH (x:{label(node_label)}) WHERE x.datasets IS NULL RETURN count(x) > 0 AS found LIMIT 1"


def node_queries(node_label: str) -> dict[str, str]:
    """The query texts for one label: read what a dataset owns or a load names, write, release.

    A node carries ``datasets``, the names of the datasets whose files define
    it, and ``hash``, a digest of its properties (equal rows are not written).

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
    ['create', 'lookup', 'owned', 'release', 'sweep', 'write']
    >>> print(q["create"])
    UNWIND $rows AS row CREATE (x:State {id: row.id}) SET x += row.props, x.datasets = [$dataset]
    """
    name = label(node_label)
    keep = types(schema.TYPES)  # a node still tied by another dataset's fact is not deleted
    read = "RETURN x.id AS id, x.hash AS hash, x.datasets AS datasets"
    return {
        "owned": f"MATCH (x:{name}) WHERE $dataset IN x.datasets {read}",
        "lookup": f"UNWIND $ids AS id MATCH (x:{name} {{id: id}}) {read}",
        "create": f"UNWIND $rows AS row CREATE (x:{name} {{id: row.id}}) SET x += row.props, x.datasets = [$dataset]",
        "write": (f"UNWIND $rows AS row MATCH (x:{name} {{id: row.id}}) SET x += row.props, x.datasets = row.datasets"),
        "release": (
            f"UNWIND $ids AS id MATCH (x:{name} {{id: id}}) SET x.datasets = [d IN x.datasets WHERE d <> $dataset] "
            f"WITH x WHERE size(x.datasets) = 0 AND NOT EXISTS {{ (x)-[:{keep}]-() }} "
            "DETACH DELETE x RETURN count(*) AS deleted"
        ),
        # a node no dataset defines any more, kept while another dataset's facts used it
        "sweep": (
            f"UNWIND $ids AS id MATCH (x:{name} {{id: id}}) WHERE x.datasets = [] AND NOT EXISTS {{ (x)-[:{keep}]-() }} "
            "DETACH DELETE x RETURN count(*) AS deleted"
        ),
    }


def rel_queries(type_name: str, from_label: str, to_label: str) -> dict[str, str]:
    """The query texts for one relationship shape (type, start label, end label).

    A relationship belongs to one dataset (property ``dataset``) and is
    identified by its two ends, its ``key`` (``MEMBER_OF``: role and since, so a
    state can hold, leave and regain a membership; ``""`` for other types) and
    its dataset. ``owner`` in a row is the dataset that owns the stored one now
    (``""`` for a fact written before datasets were recorded).

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

    Examples
    --------
    >>> q = rel_queries("SIGNED", "State", "Instrument")
    >>> sorted(q)
    ['create', 'delete', 'write']
    >>> print(q["create"])
    UNWIND $rows AS row MATCH (a:State {id: row.from_id}) MATCH (b:Instrument {id: row.to_id}) CREATE (a)-[x:SIGNED]->(b) SET x = row.props
    """
    t, a, b = rel_type(type_name), label(from_label), label(to_label)
    path = f"(a:{a} {{id: row.from_id}})-[x:{t}]->(b:{b} {{id: row.to_id}})"
    same = "coalesce(x.key, '') = row.key AND coalesce(x.dataset, '') = row.owner"
    return {
        "create": (
            f"UNWIND $rows AS row MATCH (a:{a} {{id: row.from_id}}) MATCH (b:{b} {{id: row.to_id}}) "
            f"CREATE (a)-[x:{t}]->(b) SET x = row.props"
        ),
        "write": f"UNWIND $rows AS row MATCH {path} WHERE {same} SET x = row.props",
        "delete": f"UNWIND $rows AS row MATCH {path} WHERE {same} DELETE x",
    }


def owned_rels_query(type_name: str, from_label: str, to_label: str, legacy: bool = False) -> str:
    """Every relationship of one shape that a dataset owns (or, with ``legacy``, that no dataset owns yet).

    One row: ``rows``, a list of ``[from id, to id, key, hash]`` (one list
    streams far faster than a record per relationship).

    Examples
    --------
    >>> print(owned_rels_query("HOSTED", "State", "Summit"))
    MATCH (a:State)-[x:HOSTED]->(b:Summit) WHERE x.dataset = $dataset RETURN collect([a.id, b.id, coalesce(x.key, ''), x.hash]) AS rows
    """
    where = "x.dataset IS NULL" if legacy else "x.dataset = $dataset"
    return (
        f"MATCH (a:{label(from_label)})-[x:{rel_type(type_name)}]->(b:{label(to_label)}) WHERE {where} "
        "RETURN collect([a.id, b.id, coalesce(x.key, ''), x.hash]) AS rows"
    )


def dataset_queries() -> dict[str, str]:
    """The query texts for the ``:Dataset`` nodes that record each loaded dataset.

    Examples
    --------
    >>> print(dataset_queries()["record"])
    MERGE (d:Dataset {id: $name}) SET d += $info
    """
    name = label("Dataset")
    return {
        "record": f"MERGE (d:{name} {{id: $name}}) SET d += $info",
        "forget": f"MATCH (d:{name} {{id: $name}}) DELETE d",
        "list": f"MATCH (d:{name}) RETURN d.id AS name, properties(d) AS info ORDER BY name",
    }


def known_ids_query(node_label: str) -> str:
    """Which of ``$ids`` are nodes of ``node_label`` that a dataset other than ``$loading`` defines, or that no dataset does.

    Examples
    --------
    >>> print(known_ids_query("State"))
    UNWIND $ids AS id MATCH (x:State {id: id}) WHERE x.datasets IS NULL OR x.datasets = [] OR any(d IN x.datasets WHERE NOT d IN $loading) RETURN x.id AS id
    """
    return (
        f"UNWIND $ids AS id MATCH (x:{label(node_label)} {{id: id}}) "
        "WHERE x.datasets IS NULL OR x.datasets = [] OR any(d IN x.datasets WHERE NOT d IN $loading) RETURN x.id AS id"
    )


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
