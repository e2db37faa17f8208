"""The Paris Call's supporters, from the source repository of its website → a dataset folder.

The official site (pariscall.international) is built from the repository
``ambanum/pariscall.international``; its folder ``_supporters/`` holds one
Markdown file per supporter whose front matter names it::

    ---
    name: "Zoho"
    category: private-sector
    nature: "Entreprise"
    nationality: USA
    date_signed: 2021-03-16
    ---

``category`` is ``state``, ``private-sector``, ``civil-society``,
``public-authority`` or empty; ``nature`` a French free text (``Entreprise``,
``Université``, ``ONG`` …); ``nationality`` an ISO 3166-1 code (alpha-3, or
alpha-2), the site's own code for a few states (``ROM``, ``MTG``, ``SCG``) or
nothing; ``date_signed`` is given for the later supporters only. Other keys
(``website``, ``twitter`` …) and the text after the front matter are ignored.

A state supporter becomes an ``ENDORSED`` row of its state; a supporter whose
name is that of an organisation of graphkit (``European Union``, ``INTERPOL``)
an ``ENDORSED`` row of that organisation; every other one a ``:Stakeholder``
(:func:`kind` says which kind) with its ``ENDORSED`` row and, when its
nationality is a state of graphkit, a ``BASED_IN`` row. Nothing is guessed: a
code that is neither ISO 3166-1 nor mapped by the caller is reported
(:class:`Unplaced`), and a state supporter without a state is not written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphkit import schema
from graphkit.data.dates import parse_date
from graphkit.errors import InvalidData
from graphkit.importers import folder

REPOSITORY = "https://github.com/ambanum/pariscall.international"
#: The instrument the supporters endorse (its id in ``datasets/instruments.csv``).
INSTRUMENT = "paris-call"
#: The tier of these rows: the initiative's own register of its supporters.
SOURCE_KIND = "depositary"
CATEGORIES = ("state", "private-sector", "civil-society", "public-authority", "international", "")

_LINE = re.compile(r'^([a-z_]+):(?:[ \t]+(?:"([^"]*)"|([^"\s][^"]*?))?)?[ \t]*$')
_URL = re.compile(r"^https?://[^\s/$.?#]\S*$", re.IGNORECASE)
_ACADEMIC = re.compile(
    r"universit|uniwersytet|centre de recherche|research cent|institut de recherche|research institute|"
    r"acad[ée]mi|[ée]cole|laboratoire",
    re.IGNORECASE,
)
#: Names that say university in the languages of the list (civil-society supporters with no nature).
_UNIVERSITY_NAME = re.compile(r"universi|uniwersytet|hochschule", re.IGNORECASE)
_TECHNICAL = re.compile(
    r"\b(?:[A-Z][a-z]+)?(?:CERT|CSIRT)s?\b|\b(?:FIRST|ICANN|IETF|W3C|ISOC|APNIC|LACNIC|AFRINIC|ARIN|RIPE NCC)\b|"
    r"(?i:number resource organi[sz]ation|network information cent(?:er|re)|internet society\b|"
    r"communaut[ée] technique|technical community|standards? (?:body|organi[sz]ation)|organisme de normalisation)"
)
_MAX_SLUG = 60


@dataclass(frozen=True)
class Supporter:
    """The front matter of one supporter file (values cleaned: runs of white space as one space)."""

    file: str
    name: str
    category: str
    nature: str
    nationality: str
    date_signed: str


@dataclass(frozen=True)
class Unplaced:
    """A supporter whose nationality gives no state of graphkit: no ``BASED_IN`` row (or, for a state, no row)."""

    file: str
    name: str
    nationality: str
    reason: str


@dataclass
class Imported:
    """What an import produced: the rows of ``stakeholders.csv``, ``endorsed.csv``, ``based_in.csv``, and what was not placed."""

    stakeholders: list[dict[str, str]] = field(default_factory=list)
    endorsed: list[dict[str, str]] = field(default_factory=list)
    based_in: list[dict[str, str]] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    merged: list[tuple[str, str]] = field(default_factory=list)

    def unplaced_rows(self) -> list[dict[str, str]]:
        """The unplaced supporters as rows (file, name, nationality, reason).

        Examples
        --------
        >>> Imported(unplaced=[Unplaced("x.md", "X", "SCG", "SCG is not an ISO 3166-1 code")]).unplaced_rows()
        [{'file': 'x.md', 'name': 'X', 'nationality': 'SCG', 'reason': 'SCG is not an ISO 3166-1 code'}]
        """
        return [
            {"file": u.file, "name": u.name, "nationality": u.nationality, "reason": u.reason} for u in self.unplaced
        ]


# -- reading ------------------------------------------------------------------------------
def parse_front_matter(text: str, path: Path | str) -> dict[str, str]:
    """The ``key: value`` pairs of a supporter file's front matter (a value bare or in double quotes).

    Raises
    ------
    graphkit.errors.InvalidData
        If the file does not open with a ``---`` block of such lines, or repeats a key; the error names file and line.

    Examples
    --------
    >>> parse_front_matter('---\\nname: "Zoho"\\ncategory: private-sector\\nnature:\\n---\\nWhy not?!\\n', "z.md")
    {'name': 'Zoho', 'category': 'private-sector', 'nature': ''}
    >>> parse_front_matter('---\\nname: Zo"ho\\n---\\n', "z.md")
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidData: z.md:2: not a `key: "value"` line of front matter: 'name: Zo"ho'
    """
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise InvalidData(f"{path}:1: not a supporter file: it must open with a --- front matter line", _HINT)
    values: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return values
        match = _LINE.match(line)
        if not match:
            raise InvalidData(f'{path}:{number}: not a `key: "value"` line of front matter: {line[:80]!r}', _HINT)
        key = match.group(1)
        if key in values:
            raise InvalidData(f"{path}:{number}: {key} is given twice", _HINT)
        values[key] = match.group(2) if match.group(2) is not None else (match.group(3) or "")
    raise InvalidData(f"{path}:{len(lines)}: the front matter is not closed by a --- line", _HINT)


_HINT = "give the _supporters/ files of ambanum/pariscall.international unchanged"


def read_supporter(path: Path) -> Supporter:
    """One supporter file.

    Raises
    ------
    graphkit.errors.InvalidData
        If the file cannot be read, is not front matter, lacks a name, or has an unknown category or a bad date.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidData(f"{path}: not a UTF-8 text file", _HINT) from None
    except OSError as error:
        raise InvalidData(f"cannot read {path}: {error.strerror or error}", "check the path") from None
    values = {key: clean_text(value) for key, value in parse_front_matter(text, path).items()}
    if not values.get("name"):
        raise InvalidData(f"{path}: the front matter gives no name", _HINT)
    category = values.get("category", "")
    if category not in CATEGORIES:
        known = ", ".join(c for c in CATEGORIES if c)
        raise InvalidData(f"{path}: category {category!r} is not one of {known} (or empty)", _HINT)
    signed = values.get("date_signed", "")
    if signed:
        try:
            parse_date(signed)
        except ValueError as error:
            raise InvalidData(f"{path}: date_signed: {error}", _HINT) from None
    return Supporter(
        path.name, values["name"], category, values.get("nature", ""), values.get("nationality", "").upper(), signed
    )


def read_supporters(folder: Path | str) -> list[Supporter]:
    """Every ``*.md`` supporter file of ``folder`` (the ``_supporters/`` folder), by file name.

    Raises
    ------
    graphkit.errors.InvalidData
        If ``folder`` is not a folder, holds no ``.md`` file, or one file is not a supporter file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidData(f"no such folder: {folder}", "give the _supporters/ folder of the repository")
    files = sorted(folder.glob("*.md"))
    if not files:
        raise InvalidData(f"{folder}: no .md supporter file", "give the _supporters/ folder of the repository")
    return [read_supporter(path) for path in files]


def clean_text(text: str) -> str:
    """Text with runs of white space as one space, trimmed.

    Examples
    --------
    >>> clean_text(" Global Forum on  Cyber Expertise ")
    'Global Forum on Cyber Expertise'
    """
    return " ".join(text.split())


# -- mapping ------------------------------------------------------------------------------
def kind(category: str, nature: str, name: str = "") -> str:
    """The stakeholder kind of a non-state supporter.

    ``private-sector`` is a company, ``public-authority`` a public authority;
    ``civil-society`` is academia when the nature (or, with no nature, the
    name) says university, research centre, academy or school, the technical
    community when nature or name is a CERT / CSIRT network, an internet
    registry or society or a standards body, else civil society. Anything
    else (no category) is ``other``.

    Examples
    --------
    >>> kind("private-sector", "Association professionnelle"), kind("public-authority", "Collectivité locale")
    ('company', 'public-authority')
    >>> kind("civil-society", "Université"), kind("civil-society", "Centre de recherche "), kind("civil-society", "ONG")
    ('academia', 'academia', 'civil-society')
    >>> kind("civil-society", "", "Number Resource Organization (NRO)"), kind("civil-society", "", "AfricaCERT")
    ('technical-community', 'technical-community')
    >>> kind("civil-society", "", "Universidad de Chile"), kind("", "", "CAPS")
    ('academia', 'other')
    """
    if category == "private-sector":
        return "company"
    if category == "public-authority":
        return "public-authority"
    if category != "civil-society":
        return "other"
    if _ACADEMIC.search(nature) or (not nature and _UNIVERSITY_NAME.search(name)):
        return "academia"
    if _TECHNICAL.search(nature) or _TECHNICAL.search(name):
        return "technical-community"
    return "civil-society"


def slug(name: str) -> str:
    """A lowercase slug of a name: accents dropped, other runs of characters as one hyphen, at most 60 characters.

    Examples
    --------
    >>> slug("PERÚ CIBERSEGURO"), slug("Internet & the just Society"), slug("株式会社")
    ('peru-ciberseguro', 'internet-the-just-society', '')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    if len(text) > _MAX_SLUG:
        text = text[:_MAX_SLUG].rsplit("-", 1)[0]
    return text


def _unique_id(base: str, nationality: str, taken: set[str]) -> str:
    """``base``, else ``base-<nationality>``, else ``base-2``, ``base-3`` … (the first not in ``taken``).

    Examples
    --------
    >>> _unique_id("gfce", "NLD", {"gfce"}), _unique_id("x", "", {"x"}), _unique_id("", "", set())
    ('gfce-nld', 'x-2', 'supporter')
    """
    base = base or "supporter"
    candidates = [base] + ([f"{base}-{nationality.lower()}"] if re.fullmatch(r"[A-Z]{2,3}", nationality) else [])
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def state_id(code: str, states: Collection[str], codes: Mapping[str, str] = {}) -> tuple[str | None, str]:
    """The state id of a nationality (ISO 3166-1 alpha-3 or alpha-2, or a code the caller maps), or None and why.

    Examples
    --------
    >>> state_id("FRA", {"FRA"}), state_id("fr", {"FRA"}), state_id("MTG", {"MNE"}, {"MTG": "MNE"})
    (('FRA', ''), ('FRA', ''), ('MNE', ''))
    >>> state_id("", {"FRA"})
    (None, 'no nationality in the file')
    >>> state_id("SCG", {"SRB"})
    (None, 'SCG is not a current ISO 3166-1 code; not mapped')
    >>> state_id("ATA", {"FRA"})
    (None, 'ATA is not a state of graphkit')
    """
    import pycountry

    code = code.upper()
    if not code:
        return None, "no nationality in the file"
    if code in codes:
        return codes[code], ""
    country = None
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None, f"{code} is not a current ISO 3166-1 code; not mapped"
    if country.alpha_3 not in states:
        return None, f"{country.alpha_3} is not a state of graphkit"
    return country.alpha_3, ""


def bundled_organisations() -> dict[str, str]:
    """``{name, case-folded: id}`` of the bundled organisations (a supporter of that name is that organisation).

    Examples
    --------
    >>> bundled_organisations()["interpol"]
    'interpol'
    """
    return {clean_text(row["name"]).casefold(): row["id"] for row in folder.bundled_rows("organisations.csv")}


def bundled_ids() -> set[str]:
    """Every node id of the bundled dataset except the stakeholders' own (a new stakeholder id must avoid them).

    Examples
    --------
    >>> {"nato", "paris-call", "FRA"} <= bundled_ids()
    True
    """
    ids: set[str] = set()
    for node in schema.NODE_TYPES:
        if node.label != "Stakeholder":
            ids |= {row["id"] for row in folder.bundled_rows(node.file)}
    return ids


# -- converting ---------------------------------------------------------------------------
def source_base(commit: str) -> str:
    """The URL of the ``_supporters/`` folder at one commit of the repository.

    Examples
    --------
    >>> source_base("916433b20a70ce587db86de70b108ce21a25c551")
    'https://github.com/ambanum/pariscall.international/blob/916433b20a70ce587db86de70b108ce21a25c551/_supporters'
    >>> source_base("main")
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidData: 'main' is not a commit id (40 hexadecimal digits)
    """
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise InvalidData(
            f"{commit!r} is not a commit id (40 hexadecimal digits)", "give the commit the files were read at",
            param="commit",
        )  # fmt: skip
    return f"{REPOSITORY}/blob/{commit}/_supporters"


def convert(
    supporters_dir: Path | str,
    *,
    source_base: str,
    as_of: str,
    states: Collection[str] | None = None,
    organisations: Mapping[str, str] | None = None,
    taken: Collection[str] | None = None,
    codes: Mapping[str, str] | None = None,
    instrument: str = INSTRUMENT,
) -> Imported:
    """Convert the supporter files into the rows of ``stakeholders.csv``, ``endorsed.csv`` and ``based_in.csv``.

    Parameters
    ----------
    supporters_dir : path
        The ``_supporters/`` folder of the repository.
    source_base : str
        The URL of that folder at the commit read (:func:`source_base`); each row's ``source`` is it plus the file name.
    as_of : str
        The date of the repository snapshot: the ``as_of`` of every row.
    states : collection of str, optional
        The state ids [default: the bundled dataset's].
    organisations : mapping of str to str, optional
        ``{name, case-folded: organisation id}``: a supporter of that name endorses as that organisation
        [default: the bundled organisations].
    taken : collection of str, optional
        Node ids a stakeholder id must not take [default: the bundled dataset's].
    codes : mapping of str to str, optional
        Nationality codes the caller maps to a state id (``{"ROM": "ROU"}``); each such row's note says so.
    instrument : str
        The id of the Paris Call in the graph.

    Raises
    ------
    graphkit.errors.InvalidData
        If a file is not a supporter file, or the URL, date or a mapped state is wrong.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "zoho-private-sector-USA.md").write_text(
    ...     '---\\nname: "Zoho"\\ncategory: private-sector\\nnature: "Entreprise"\\nnationality: USA\\n---\\n')
    >>> _ = (folder / "france-state-FRA.md").write_text('---\\nname: "France"\\ncategory: state\\nnationality: FRA\\n---\\n')
    >>> result = convert(folder, source_base="https://example.org/s", as_of="2025-12-25", states={"FRA", "USA"},
    ...                  organisations={}, taken=set())
    >>> [(r["id"], r["kind"], r["note"]) for r in result.stakeholders]
    [('zoho', 'company', 'Paris Call supporter listed as private-sector, nature: Entreprise')]
    >>> [(r["from_id"], r["to_id"]) for r in result.endorsed], [(r["from_id"], r["to_id"]) for r in result.based_in]
    ([('FRA', 'paris-call'), ('zoho', 'paris-call')], [('zoho', 'USA')])
    >>> result.endorsed[0]["source"], result.endorsed[0]["source_kind"]
    ('https://example.org/s/france-state-FRA.md', 'depositary')
    """
    _check_provenance(source_base, as_of)
    known = set(states) if states is not None else set(folder.bundled_states())
    orgs = organisations if organisations is not None else bundled_organisations()
    used = set(taken) if taken is not None else bundled_ids()
    mapped = folder.mapped_codes(codes or {}, known)
    result = Imported()
    by_name: dict[str, str] = {}
    endorsers: set[str] = set()
    for supporter in read_supporters(supporters_dir):
        row = {"source": f"{source_base.rstrip('/')}/{supporter.file}", "source_kind": SOURCE_KIND, "as_of": as_of}
        placed = _endorser(supporter, row, known, orgs, used, mapped, by_name, result)
        if placed is None or placed[0] in endorsers:
            continue
        endorsers.add(placed[0])
        result.endorsed.append(
            {"from_id": placed[0], "to_id": instrument, "date": supporter.date_signed, **row, "note": placed[1]}
        )
    result.stakeholders.sort(key=lambda r: r["id"])
    result.endorsed.sort(key=lambda r: (not r["from_id"].isupper(), r["from_id"]))
    result.based_in.sort(key=lambda r: r["from_id"])
    return result


def _endorser(
    supporter: Supporter,
    row: dict[str, str],
    states: Collection[str],
    organisations: Mapping[str, str],
    taken: set[str],
    codes: Mapping[str, str],
    by_name: dict[str, str],
    result: Imported,
) -> tuple[str, str] | None:
    """The node that endorses for one supporter and the note of its row, adding its stakeholder and ``BASED_IN`` rows.

    None for a state supporter whose code gives no state (it is reported).
    """
    code = supporter.nationality
    state, reason = state_id(code, states, codes)
    given = f"; nationality given as {code}" if code in codes else ""
    if supporter.category == "state":
        if state is None:
            result.unplaced.append(
                Unplaced(supporter.file, supporter.name, code, reason + " (a state: no row written)")
            )
            return None
        return state, f"Paris Call supporter listed as {supporter.name!r}{given}"
    key = supporter.name.casefold()
    if key in organisations:
        return organisations[key], f"Paris Call supporter listed as {supporter.name!r} ({supporter.category})"
    if key in by_name:  # the same organisation listed twice: one node
        result.merged.append((supporter.file, by_name[key]))
        return by_name[key], ""
    node_id = _unique_id(slug(supporter.name), code, taken)
    taken.add(node_id)
    by_name[key] = node_id
    listed = f"listed as {supporter.category or 'no category'}, nature: {supporter.nature or 'none given'}"
    result.stakeholders.append(
        {"id": node_id, "name": supporter.name, "kind": kind(supporter.category, supporter.nature, supporter.name),
         **row, "note": f"Paris Call supporter {listed}"}
    )  # fmt: skip
    if state is None:
        result.unplaced.append(Unplaced(supporter.file, supporter.name, code, reason))
    else:
        result.based_in.append({"from_id": node_id, "to_id": state, **row, "note": given.removeprefix("; ")})
    return node_id, ""


def _check_provenance(source_base: str, as_of: str) -> None:
    """Refuse a source that is not an http(s) URL, or an as-of that is not a date.

    Examples
    --------
    >>> _check_provenance("https://example.org/s", "Christmas")
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidData: 'Christmas' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY
    """
    if not _URL.match(source_base):
        raise InvalidData(
            f"{source_base!r} is not an http(s) URL", "give the URL of the _supporters/ folder at the commit read",
            param="source_base",
        )  # fmt: skip
    try:
        parse_date(as_of)
    except ValueError as error:
        raise InvalidData(str(error), "write a date as YYYY-MM-DD, YYYY-MM or YYYY", param="as_of") from None


# -- writing ------------------------------------------------------------------------------
def write_folder(result: Imported, out: Path | str, name: str | None = None) -> list[Path]:
    """Write ``stakeholders.csv``, ``endorsed.csv``, ``based_in.csv`` and ``datapackage.json`` into ``out``.

    ``out`` may exist, but hold no other CSV file (it would become part of the
    dataset). The dataset is named ``name``, else after the folder.

    Raises
    ------
    graphkit.errors.InvalidData
        If ``out`` is a file or holds other CSV files.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "paris-call"
    >>> [p.name for p in write_folder(Imported(), out)]
    ['stakeholders.csv', 'endorsed.csv', 'based_in.csv', 'datapackage.json']
    >>> (out / "based_in.csv").read_text()
    'from_id,to_id,source,source_kind,as_of,note\\n'
    """
    tables: list[folder.Table] = [
        (schema.NODE_BY_LABEL["Stakeholder"], result.stakeholders),
        (schema.REL_BY_TYPE["ENDORSED"], result.endorsed),
        (schema.REL_BY_TYPE["BASED_IN"], result.based_in),
    ]
    title = "Paris Call supporters (pariscall.international repository)"
    return folder.write_folder(out, name or Path(out).name, title, tables)
