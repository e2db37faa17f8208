"""The graph schema: the contract analysts write Cypher against. One module, one source of truth.

Labels, relationship types, their CSV files and columns are defined here and
nowhere else. The validator, the importer, the Frictionless descriptor
(``datasets/datapackage.json``) and ``docs/schema.md`` all derive from it.
Labels and relationship types reach Cypher only from these fixed lists.

Dates in the CSV files are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``. In Neo4j a
date column ``X`` becomes a ``Date`` property ``X`` (the first day of the
period for a month or a year), ``X_precision`` = ``day``, ``month`` or
``year``, and ``X_text``, the date as the CSV gave it (``2004``, ``2004-03``,
``2004-03-29``), so ``--as-of`` filters and date arithmetic work, the precision
is not lost and queries show the date as written (see
:mod:`graphkit.data.dates`).
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
    ``url`` (http or https only). ``max_length`` caps a value's length in
    characters (Table Schema's ``maxLength`` constraint).
    """

    name: str
    type: str = "string"
    required: bool = False
    enum: tuple[str, ...] | None = None
    description: str = ""
    max_length: int | None = None


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


#: The tier of a row's source, best first (see datasets/README.md).
SOURCE_KINDS = ("depositary", "official", "press", "reference", "secondary")

PROVENANCE = (
    Column("source", "url", True, description="URL of the page the fact was read from"),
    Column(
        "source_kind",
        enum=SOURCE_KINDS,
        description="the source's tier: depositary (a depositary or the body's own register), official (an "
        "organisation's or government's own page), press, reference (an encyclopaedia at a permanent revision, a "
        "maintained dataset), secondary (anything else)",
    ),
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
    "report",
)
OFFICE_KINDS = ("ambassador", "envoy", "bureau", "department", "division", "unit", "office")
MEMBER_ROLES = ("member", "observer", "partner")
ATTEND_ROLES = ("participant", "observer", "chair", "co-chair")
VOTES = ("yes", "no", "abstain")
STAKEHOLDER_KINDS = ("company", "civil-society", "academia", "technical-community", "public-authority", "other")

#: The longest ``short_name`` of a forum (Organisation, Summit, Instrument): the label views draw.
SHORT_NAME_MAX = 40
SHORT_NAME = Column(
    "short_name",
    description=f"label used in views, ≤ {SHORT_NAME_MAX} characters; the full name stays in `name`",
    max_length=SHORT_NAME_MAX,
)


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
        SHORT_NAME,
        Column("kind", required=True, enum=ORG_KINDS),
        Column("founded", "date"),
    ),
    _node(
        "Summit",
        "summits",
        "lowercase slug, e.g. igf-2019",
        "a dated meeting",
        SHORT_NAME,
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
        SHORT_NAME,
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
        Column("closed", "date", description="the day the office was closed or merged into another unit"),
    ),
    _node(
        "Stakeholder",
        "stakeholders",
        "lowercase slug, e.g. microsoft",
        "a non-state actor: a company, civil-society group, academic body, technical-community body or a public "
        "authority below the state",
        Column("kind", required=True, enum=STAKEHOLDER_KINDS),
    ),
)


def _rel(type_, resource, from_labels, to_labels, description, *columns, key=()):
    cols = (Column("from_id", required=True), Column("to_id", required=True), *columns, *PROVENANCE)
    return RelType(type_, resource, tuple(from_labels), tuple(to_labels), cols, tuple(key), description)


STATE_OR_ORG = ("State", "Organisation")
ACTORS = ("State", "Organisation", "Stakeholder")
REL_TYPES: tuple[RelType, ...] = (
    _rel(
        "MEMBER_OF",
        "member_of",
        ACTORS,
        ("Organisation",),
        "membership, observer status or partnership",
        Column("role", required=True, enum=MEMBER_ROLES),
        Column("since", "date"),
        Column("until", "date"),
        key=("role", "since"),
    ),
    _rel("ATTENDED", "attended", ACTORS, ("Summit",), "took part in a summit", Column("role", enum=ATTEND_ROLES)),
    _rel("HOSTED", "hosted", ("State",), ("Summit",), "hosted a summit"),
    _rel("CONVENED", "convened", ("Organisation",), ("Summit",), "convened a summit"),
    _rel("PRODUCED", "produced", ("Summit",), ("Instrument",), "a summit produced (adopted, launched) an instrument"),
    _rel("SIGNED", "signed", ACTORS, ("Instrument",), "signed an instrument", Column("date", "date")),
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
        ACTORS,
        ("Instrument",),
        "endorsed or supports a non-binding text",
        Column("date", "date"),
    ),
    _rel("HAS_OFFICE", "has_office", ("State",), ("CyberOffice",), "a state's cyber-diplomacy office"),
    _rel(
        "BASED_IN",
        "based_in",
        ("Stakeholder",),
        ("State",),
        "a stakeholder's country of origin or headquarters",
    ),
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

# Not loaded from CSV (documented in docs/schema.md): centrality runs, the record of each loaded
# dataset, and the node every load locks first.
DERIVED_LABELS = ("CentralityRun", "Dataset", "LoadLock")
DERIVED_REL_TYPES = ("SCORED",)

LABELS: tuple[str, ...] = tuple(n.label for n in NODE_TYPES)
TYPES: tuple[str, ...] = tuple(r.type for r in REL_TYPES)
NODE_BY_LABEL = {n.label: n for n in NODE_TYPES}
REL_BY_TYPE = {r.type: r for r in REL_TYPES}
RESOURCES: dict[str, NodeType | RelType] = {**{n.resource: n for n in NODE_TYPES}, **{r.resource: r for r in REL_TYPES}}


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
    if col.max_length is not None:
        constraints["maxLength"] = col.max_length
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


def describe() -> list[str]:
    """The schema in one line per label and relationship type, as ``graphkit schema`` prints it.

    Examples
    --------
    >>> lines = describe()
    >>> lines[0].startswith("(:State)  states.csv: id*, name*, iso2*"), lines[-1]
    (True, '* required. Dates: YYYY-MM-DD, YYYY-MM or YYYY.')
    """

    def columns(cols: tuple[Column, ...]) -> str:
        return ", ".join(c.name + ("*" if c.required else "") for c in cols)

    lines = [f"(:{node.label})  {node.file}: {columns(node.columns)}" for node in NODE_TYPES]
    for rel in REL_TYPES:
        ends = f"({'|'.join(rel.from_labels)})-[:{rel.type}]->({'|'.join(rel.to_labels)})"
        lines.append(f"{ends}  {rel.file}: {columns(rel.columns)}")
    return [*lines, "* required. Dates: YYYY-MM-DD, YYYY-MM or YYYY."]
