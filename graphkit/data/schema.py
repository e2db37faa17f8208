"""The graph schema: the contract analysts write Cypher against. One module, one source of truth.

Labels, relationship types, their CSV files and columns are defined here and
nowhere else. The validator, the importer, the Frictionless descriptor
(``datasets/datapackage.json``) and ``docs/schema.md`` all derive from it.
Labels and relationship types reach Cypher only from these fixed lists.

Dates in the CSV files are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``. In Neo4j a
date column ``X`` becomes a ``Date`` property ``X`` (the first day of the
period for a month or a year) plus ``X_precision`` = ``day``, ``month`` or
``year``, so ``--as-of`` filters and date arithmetic work and the precision is
not lost.
"""

from __future__ import annotations

from dataclasses import dataclass

SLUG_PATTERN = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"
ISO3_PATTERN = r"^[A-Z]{3}$"
DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"


@dataclass(frozen=True)
class Column:
    """One CSV column.

    ``type`` is one of ``string``, ``date`` (possibly partial), ``boolean``,
    ``url`` (http or https only).
    """

    name: str
    type: str = "string"
    required: bool = False
    enum: tuple[str, ...] | None = None
    description: str = ""


@dataclass(frozen=True)
class NodeType:
    label: str
    resource: str  # CSV file name without .csv
    columns: tuple[Column, ...]
    id_description: str
    description: str

    @property
    def file(self) -> str:
        return f"{self.resource}.csv"


@dataclass(frozen=True)
class RelType:
    type: str
    resource: str
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that, with the two ends, identify one relationship
    description: str = ""

    @property
    def file(self) -> str:
        return f"{self.resource}.csv"


PROVENANCE = (
    Column("source", "url", True, description="URL of the page the fact was read from"),
    Column("as_of", "date", True, description="the date the source speaks for"),
    Column("note", description="free text: caveats, disagreements between sources"),
)

ORG_KINDS = ("un-body", "un-process", "regional", "alliance", "forum", "coalition", "multistakeholder", "international")
INSTRUMENT_KINDS = (
    "treaty",
    "convention",
    "protocol",
    "agreement",
    "declaration",
    "initiative",
    "norm-set",
    "bilateral",
    "resolution",
)
OFFICE_KINDS = ("ambassador", "envoy", "bureau", "department", "division", "unit", "office")
MEMBER_ROLES = ("member", "observer", "partner")
ATTEND_ROLES = ("participant", "observer", "chair", "co-chair")
VOTES = ("yes", "no", "abstain")


def _node(label, resource, id_description, description, *columns):
    cols = (
        Column("id", required=True, description=id_description),
        Column("name", required=True),
        *columns,
        *PROVENANCE,
    )
    return NodeType(label, resource, cols, id_description, description)


NODE_TYPES: tuple[NodeType, ...] = (
    _node(
        "State",
        "states",
        "ISO 3166-1 alpha-3 code, e.g. FRA",
        "a state (UN member or observer state)",
        Column("iso2", required=True, description="ISO 3166-1 alpha-2 code"),
        Column("region", description="UN M49 region"),
        Column("subregion", description="UN M49 sub-region"),
        Column("un_member", "boolean", True, description="true for the 193 UN member states"),
    ),
    _node(
        "Organisation",
        "organisations",
        "lowercase slug, e.g. nato",
        "an international organisation, forum or coalition",
        Column("kind", required=True, enum=ORG_KINDS),
        Column("founded", "date"),
    ),
    _node(
        "Summit",
        "summits",
        "lowercase slug, e.g. igf-2019",
        "a dated meeting",
        Column("series", description="slug of the series, e.g. igf"),
        Column("start_date", "date", True),
        Column("end_date", "date"),
        Column("city", description="host city; empty for an online meeting"),
    ),
    _node(
        "Instrument",
        "instruments",
        "lowercase slug, e.g. budapest-convention",
        "a treaty, convention, protocol, declaration, initiative, norm set or bilateral agreement",
        Column("kind", required=True, enum=INSTRUMENT_KINDS),
        Column("adopted", "date"),
    ),
    _node(
        "CyberOffice",
        "cyber_offices",
        "lowercase slug, e.g. office-fra-digital-ambassador",
        "a dedicated cyber-diplomacy unit or ambassador post in a foreign ministry",
        Column("kind", required=True, enum=OFFICE_KINDS),
        Column("established", "date"),
    ),
)


def _rel(type_, resource, from_labels, to_labels, description, *columns, key=()):
    cols = (Column("from_id", required=True), Column("to_id", required=True), *columns, *PROVENANCE)
    return RelType(type_, resource, tuple(from_labels), tuple(to_labels), cols, tuple(key), description)


STATE_OR_ORG = ("State", "Organisation")
REL_TYPES: tuple[RelType, ...] = (
    _rel(
        "MEMBER_OF",
        "member_of",
        STATE_OR_ORG,
        ("Organisation",),
        "membership, observer status or partnership",
        Column("role", required=True, enum=MEMBER_ROLES),
        Column("since", "date"),
        Column("until", "date"),
        key=("role", "since"),
    ),
    _rel("ATTENDED", "attended", STATE_OR_ORG, ("Summit",), "took part in a summit", Column("role", enum=ATTEND_ROLES)),
    _rel("HOSTED", "hosted", ("State",), ("Summit",), "hosted a summit"),
    _rel("CONVENED", "convened", ("Organisation",), ("Summit",), "convened a summit"),
    _rel("PRODUCED", "produced", ("Summit",), ("Instrument",), "a summit produced (adopted, launched) an instrument"),
    _rel("SIGNED", "signed", STATE_OR_ORG, ("Instrument",), "signed an instrument", Column("date", "date")),
    _rel(
        "RATIFIED",
        "ratified",
        STATE_OR_ORG,
        ("Instrument",),
        "is a party: ratification, acceptance, approval or accession (deposit date)",
        Column("date", "date"),
    ),
    _rel(
        "ENDORSED",
        "endorsed",
        STATE_OR_ORG,
        ("Instrument",),
        "endorsed or supports a non-binding text",
        Column("date", "date"),
    ),
    _rel("HAS_OFFICE", "has_office", ("State",), ("CyberOffice",), "a state's cyber-diplomacy office"),
    _rel(
        "VOTED",
        "voted",
        ("State",),
        ("Instrument",),
        "a recorded vote on a resolution (UN General Assembly)",
        Column("vote", required=True, enum=VOTES),
        Column("date", "date"),
    ),
)

# Written by `graphkit centrality`, not loaded from CSV (documented in docs/schema.md).
DERIVED_LABELS = ("CentralityRun",)
DERIVED_REL_TYPES = ("SCORED",)

LABELS: tuple[str, ...] = tuple(n.label for n in NODE_TYPES)
TYPES: tuple[str, ...] = tuple(r.type for r in REL_TYPES)
NODE_BY_LABEL = {n.label: n for n in NODE_TYPES}
REL_BY_TYPE = {r.type: r for r in REL_TYPES}
RESOURCES = {t.resource: t for t in (*NODE_TYPES, *REL_TYPES)}


def check_label(label: str) -> str:
    """Return ``label`` if it is one of the schema's labels, else raise ValueError.

    Cypher cannot take labels as parameters; this is the gate they pass through.

    Examples
    --------
    >>> check_label("State")
    'State'
    >>> check_label("State) DETACH DELETE (n")
    Traceback (most recent call last):
    ...
    ValueError: not a graphkit label: 'State) DETACH DELETE (n'
    """
    if label not in LABELS and label not in DERIVED_LABELS:
        raise ValueError(f"not a graphkit label: {label!r}")
    return label


def check_type(rel_type: str) -> str:
    """Return ``rel_type`` if it is one of the schema's relationship types, else raise ValueError.

    Examples
    --------
    >>> check_type("MEMBER_OF")
    'MEMBER_OF'
    """
    if rel_type not in TYPES and rel_type not in DERIVED_REL_TYPES:
        raise ValueError(f"not a graphkit relationship type: {rel_type!r}")
    return rel_type


def constraint_statements() -> list[str]:
    """``CREATE CONSTRAINT`` statements: one uniqueness constraint on ``id`` per label.

    Examples
    --------
    >>> constraint_statements()[0]
    'CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE'
    """
    out = []
    for label in (*LABELS, *DERIVED_LABELS):
        name = "".join("_" + c.lower() if c.isupper() else c for c in label).lstrip("_")
        out.append(f"CREATE CONSTRAINT {name}_id IF NOT EXISTS FOR (n:{check_label(label)}) REQUIRE n.id IS UNIQUE")
    return out


def index_statements() -> list[str]:
    """Indexes for the properties analysts filter on."""
    return [
        "CREATE INDEX state_region IF NOT EXISTS FOR (n:State) ON (n.region)",
        "CREATE INDEX organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind)",
        "CREATE INDEX instrument_kind IF NOT EXISTS FOR (n:Instrument) ON (n.kind)",
        "CREATE INDEX summit_series IF NOT EXISTS FOR (n:Summit) ON (n.series)",
        "CREATE INDEX summit_start IF NOT EXISTS FOR (n:Summit) ON (n.start_date)",
    ]


# -- Frictionless data package ---------------------------------------------------------
_FRICTIONLESS_TYPE = {"string": "string", "date": "string", "boolean": "boolean", "url": "string"}


def _field(col: Column) -> dict:
    spec: dict = {"name": col.name, "type": _FRICTIONLESS_TYPE[col.type]}
    if col.description:
        spec["description"] = col.description
    constraints: dict = {}
    if col.required:
        constraints["required"] = True
    if col.enum:
        constraints["enum"] = list(col.enum)
    if col.type == "date":
        constraints["pattern"] = DATE_PATTERN
        spec["description"] = (spec.get("description", "") + " (YYYY-MM-DD, YYYY-MM or YYYY)").strip()
    if col.type == "url":
        constraints["pattern"] = r"^https?://\S+$"
        spec["format"] = "uri"
    if col.type == "boolean":
        spec["trueValues"] = ["true"]
        spec["falseValues"] = ["false"]
    if constraints:
        spec["constraints"] = constraints
    return spec


def datapackage(name: str = "graphkit-cyber-diplomacy", title: str = "graphkit: the cyber-diplomacy graph") -> dict:
    """The Frictionless Data Package descriptor of the dataset format.

    Partial dates are typed ``string`` with a pattern, because Table Schema's
    ``date`` needs a full date. Foreign keys are declared where a column points
    to one resource; ``from_id`` columns that may name a State or an
    Organisation are checked by graphkit's validator.

    Examples
    --------
    >>> pkg = datapackage()
    >>> [r["name"] for r in pkg["resources"]][:3]
    ['states', 'organisations', 'summits']
    """
    resources = []
    for node in NODE_TYPES:
        resources.append(
            {
                "name": node.resource,
                "path": node.file,
                "profile": "tabular-data-resource",
                "description": f":{node.label}, {node.description}; id: {node.id_description}",
                "encoding": "utf-8",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": {"fields": [_field(c) for c in node.columns], "primaryKey": ["id"]},
            }
        )
    for rel in REL_TYPES:
        fks = []
        for column, labels in (("from_id", rel.from_labels), ("to_id", rel.to_labels)):
            if len(labels) == 1:
                fks.append(
                    {"fields": [column], "reference": {"resource": NODE_BY_LABEL[labels[0]].resource, "fields": ["id"]}}
                )
        resources.append(
            {
                "name": rel.resource,
                "path": rel.file,
                "profile": "tabular-data-resource",
                "description": f"({'|'.join(':' + x for x in rel.from_labels)})-[:{rel.type}]->({'|'.join(':' + x for x in rel.to_labels)}): {rel.description}",
                "encoding": "utf-8",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": {"fields": [_field(c) for c in rel.columns], "foreignKeys": fks},
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }
