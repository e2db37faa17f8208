"""Read and validate dataset folders (the bundled ``datasets/`` and analysts' own).

A dataset folder holds CSV files named after the schema's resources
(``states.csv``, ``member_of.csv`` …; any subset) and optionally a Frictionless
``datapackage.json`` listing them. Each folder is one *dataset*, named by the
``name`` of its ``datapackage.json`` or else by the folder. Several folders are
merged: node ids must be unique across all of them (an identical repeat is
allowed: both datasets then define that node), and relationships may point to
nodes of any folder, or to nodes defined elsewhere (the database, the bundled
dataset) through a ``known`` lookup.

Validation never stops at the first problem: :func:`read_datasets` returns every
problem as ``file:line: column: message``. Nothing here touches Neo4j.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit import schema
from graphkit.bundled import bundled_folder
from graphkit.data.dates import parse_date, partial_le
from graphkit.data.descriptor import dataset_name, descriptor_files
from graphkit.data.files import Problem, display, inside, read_text
from graphkit.data.sources import host, weak_source
from graphkit.errors import InvalidData

MAX_FIELD_CHARS = 100_000
_SLUG = re.compile(schema.SLUG_PATTERN)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# C0 controls but tab, newline and carriage return; DEL. A NUL is read as _NUL (a lone surrogate, which strict
# UTF-8 decoding never yields), because the csv module of Python < 3.11 stops at a NUL instead of reading it.
_NUL = "\udc00"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\udc00]")


@dataclass
class Record:
    """One parsed CSV row: typed values (dates as :class:`~graphkit.data.dates.PartialDate`) and where it came from."""

    values: dict[str, Any]
    path: str
    line: int
    dataset: str = ""

    def where(self) -> str:
        """``file:line`` of the row, for messages that point back to it.

        Examples
        --------
        >>> Record({"id": "nato"}, "organisations.csv", 7).where()
        'organisations.csv:7'
        """
        return f"{self.path}:{self.line}"


@dataclass
class Rejected:
    """The rows and files left out for an error, so that what refers to them is reported once, not per row.

    ``rows`` maps a label (or relationship type) to the raw ``id`` (``to_id``) of each rejected row and its
    ``file:line``; ``files`` maps it to the files rejected whole (unreadable, bad header) or not read to the end.

    Examples
    --------
    >>> rejected = Rejected()
    >>> rejected.row(schema.NODE_BY_LABEL["Organisation"], "my-forum", "organisations.csv:4")
    >>> rejected.file(schema.NODE_BY_LABEL["State"], "states.csv")
    >>> rejected.cause("my-forum", ("Organisation",))
    "'my-forum', whose row organisations.csv:4 was rejected"
    >>> rejected.cause("FRA", ("State",)), rejected.cause("FRA", ("Organisation",))
    ('State ids of the rejected file states.csv', None)
    """

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    files: dict[str, list[str]] = field(default_factory=dict)

    def row(self, spec: schema.NodeType | schema.RelType, raw_id: str, where: str) -> None:
        """Note a rejected row by its raw ``id`` (``to_id``); an empty or unreadable id is not noted."""
        if raw_id and len(raw_id) <= MAX_FIELD_CHARS and not _CONTROL.search(raw_id):
            self.rows.setdefault(_name(spec), {}).setdefault(raw_id, where)

    def file(self, spec: schema.NodeType | schema.RelType, shown: str) -> None:
        """Note a file of ``spec`` that was rejected whole or not read to the end."""
        self.files.setdefault(_name(spec), []).append(shown)

    def cause(self, node_id: str, labels: Sequence[str]) -> str | None:
        """Why no node has ``node_id``, a relationship end of one of ``labels``, if a rejection explains it."""
        for node in schema.NODE_TYPES:
            where = self.rows.get(node.label, {}).get(node_id)
            if where:
                return f"{node_id!r}, whose row {where} was rejected"
        for label in labels:
            for shown in self.files.get(label, []):
                return f"{label} ids of the rejected file {shown}"
        return None


def _name(spec: schema.NodeType | schema.RelType) -> str:
    return spec.label if isinstance(spec, schema.NodeType) else spec.type


@dataclass
class Dataset:
    """Merged, validated content of one or more dataset folders.

    Examples
    --------
    >>> ds = Dataset(nodes={"State": {"FRA": Record({"id": "FRA"}, "states.csv", 2)}}, rels={"SIGNED": []})
    >>> ds.label_of("FRA"), ds.label_of("nato"), ds.counts()
    ('State', None, {'State': 1, 'SIGNED': 0})
    >>> ds.problems.append(Problem("signed.csv", 4, "to_id", "unknown id 'x': no node file defines it"))
    >>> len(ds.errors), len(ds.warnings)
    (1, 0)
    """

    folders: list[Path] = field(default_factory=list)
    nodes: dict[str, dict[str, Record]] = field(default_factory=dict)  # label -> id -> record
    rels: dict[str, list[Record]] = field(default_factory=dict)  # type -> records
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    names: list[str] = field(default_factory=list)  # the dataset name of each folder
    owners: dict[str, list[str]] = field(default_factory=dict)  # node id -> the datasets that define it
    external: dict[str, str] = field(default_factory=dict)  # id -> label of nodes referenced, defined elsewhere
    rejected: Rejected = field(default_factory=Rejected)  # what was left out, for reporting what refers to it

    def owned_by(self, node_id: str) -> list[str]:
        """The datasets whose files define ``node_id`` (the one its record came from, unless told otherwise)."""
        if node_id in self.owners:
            return self.owners[node_id]
        label = self.label_of(node_id)
        return [self.nodes[label][node_id].dataset] if label else []

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the dataset invalid."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not (an unknown column or file, which is ignored)."""
        return [p for p in self.problems if p.severity == "warning"]

    def label_of(self, node_id: str) -> str | None:
        """The label of the node ``node_id``, or None if no node has that id."""
        for label, table in self.nodes.items():
            if node_id in table:
                return label
        return None

    def counts(self) -> dict[str, int]:
        """Valid rows per label and per relationship type."""
        out = {label: len(table) for label, table in self.nodes.items()}
        out.update({t: len(rows) for t, rows in self.rels.items()})
        return out

    def summary(self) -> str:
        """One line: errors, warnings, files read, nodes and relationships (``graphkit validate`` prints it).

        Examples
        --------
        >>> Dataset(nodes={"State": {"FRA": Record({"id": "FRA"}, "states.csv", 2)}}, files_read=1).summary()
        '0 error(s), 0 warning(s) in 1 file(s): 1 nodes, 0 relationships'
        """
        counts = self.counts()
        nodes = sum(counts.get(n.label, 0) for n in schema.NODE_TYPES)
        rels = sum(counts.get(r.type, 0) for r in schema.REL_TYPES)
        return (
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s) in {self.files_read} file(s): "
            f"{nodes} nodes, {rels} relationships"
        )

    def raise_if_invalid(self) -> None:
        """Raise for the first error, counting the others; do nothing for a valid dataset.

        Raises
        ------
        graphkit.errors.InvalidData
            If the dataset has any error.

        Examples
        --------
        >>> ds = Dataset()
        >>> ds.raise_if_invalid()
        >>> ds.problems += [Problem("a.csv", 2, "id", "required value is empty")] * 3
        >>> ds.raise_if_invalid()
        Traceback (most recent call last):
        ...
        graphkit.errors.InvalidData: a.csv:2: id: required value is empty (and 2 more problems)
        """
        errors = self.errors
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
            raise InvalidData(
                f"{first}{more}",
                "run `graphkit validate` on the same folders to see every problem; nothing was written",
            )


def bundled_datasets_dir() -> Path:
    """The dataset shipped with graphkit: ``graphkit/_bundled/datasets`` in a wheel, ``<repo>/datasets`` in a checkout.

    Raises
    ------
    graphkit.errors.EnvironmentProblem
        If neither folder exists.

    Examples
    --------
    >>> (bundled_datasets_dir() / "states.csv").is_file()
    True
    """
    return bundled_folder("datasets", "dataset")


def _control_char(text: str) -> tuple[int, str] | None:
    """The position (from 1) and ``U+XXXX`` code of the first control character in ``text``, if any.

    Examples
    --------
    >>> _control_char("Euro\\x1bpa"), _control_char("tab\\tand\\nnewline")
    ((5, 'U+001B'), None)
    """
    match = _CONTROL.search(text)
    if match is None:
        return None
    return match.start() + 1, "U+0000" if match.group() == _NUL else f"U+{ord(match.group()):04X}"


def _check_header(reader: Iterator[list[str]], spec, shown: str, problems: list[Problem]) -> list[str] | None:
    """Read the header row and check it against ``spec``: the column names, or None if it has an error.

    Unknown columns are warnings (they are ignored), unless they look like a misspelt known column; a
    repeated or missing required column, or a control character in a name, is an error.
    """
    try:
        raw = next(reader)
    except StopIteration:
        problems.append(Problem(shown, 1, "-", "the file is empty; it needs at least a header row"))
        return None
    except csv.Error as error:
        problems.append(Problem(shown, 1, "-", f"malformed CSV header: {error}"))
        return None
    found = _header_problems(raw, spec, shown)
    problems.extend(found)
    return None if any(p.severity == "error" for p in found) else [name.strip() for name in raw]


def _header_problems(raw: list[str], spec, shown: str) -> list[Problem]:
    """The problems of a header row (its names as read) against ``spec``."""
    header = [name.strip() for name in raw]
    known = [c.name for c in spec.columns]
    absent = [name for name in known if name not in header]
    found: list[Problem] = []
    seen: set[str] = set()
    suggested: set[str] = set()
    for number, (name, original) in enumerate(zip(header, raw), 1):
        control = _control_char(original)
        if control:
            found.append(Problem(shown, 1, f"field {number}", f"control character {control[1]} in the column name"))
            continue
        if name in seen:
            found.append(Problem(shown, 1, name, "this column appears twice in the header"))
        seen.add(name)
        if name not in known:
            problem, suggestion = _unknown_column(name, number, known, absent, shown)
            found.append(problem)
            suggested.update(suggestion)
    for col in spec.columns:
        if col.required and col.name not in seen and col.name not in suggested:
            found.append(Problem(shown, 1, col.name, "required column is missing from the header"))
    return found


def _unknown_column(
    name: str, number: int, known: list[str], absent: list[str], shown: str
) -> tuple[Problem, list[str]]:
    """A header name not in the schema: an error if it looks like a misspelt ``absent`` column, else a warning.

    Examples
    --------
    >>> known = ["since", "until", "note"]
    >>> print(_unknown_column("untill", 5, known, ["until", "note"], "m.csv")[0])
    m.csv:1: untill: unknown column (header field 5); did you mean 'until'?
    >>> print(_unknown_column("colour", 6, known, ["until"], "m.csv")[0])
    m.csv:1: colour: warning: unknown column, ignored (known: since, until, note)
    """
    close = difflib.get_close_matches(name.lower(), absent, n=1, cutoff=0.8)
    if close:
        return Problem(shown, 1, name, f"unknown column (header field {number}); did you mean {close[0]!r}?"), close
    return Problem(shown, 1, name, f"unknown column, ignored (known: {', '.join(known)})", "warning"), []


def _rows(reader: Iterator[list[str]], shown: str, problems: list[Problem]) -> Iterator[tuple[int, list[str] | None]]:
    """``(line, fields)`` for every non-blank row after the header.

    At malformed CSV, appends why and ends with ``(line, None)``: the rest of the file is not read.
    """
    last = 1
    while True:
        start = last + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = str(error)
            if "unexpected end of data" in reason or "EOF" in reason:
                reason = "a quoted field is never closed (unterminated quote)"
            problems.append(Problem(shown, start, "-", f"malformed CSV: {reason}; the rest of the file was not read"))
            yield start, None
            return
        last = reader.line_num  # type: ignore[attr-defined]
        if row and (len(row) > 1 or row[0].strip()):
            yield start, row


def _check_value(col: schema.Column, raw: str) -> Any:
    """Convert one non-empty cell; raise ValueError with a message.

    Examples
    --------
    >>> _check_value(schema.SHORT_NAME, "Budapest Convention")
    'Budapest Convention'
    >>> _check_value(schema.SHORT_NAME, "Convention on Cybercrime of the Council of Europe")
    Traceback (most recent call last):
    ...
    ValueError: 'Convention on Cybercrime of the Council of Europe' has 49 characters; the limit is 40
    """
    if col.max_length is not None and len(raw) > col.max_length:
        raise ValueError(f"{raw!r} has {len(raw)} characters; the limit is {col.max_length}")
    if col.type == "date":
        return parse_date(raw)
    if col.type == "boolean":
        if raw not in ("true", "false"):
            raise ValueError(f"{raw!r} is not a boolean (use true or false)")
        return raw == "true"
    if col.type == "url":
        if not _URL.match(raw):
            raise ValueError(f"{raw!r} is not an http(s) URL")
        return raw
    if col.enum and raw not in col.enum:
        raise ValueError(f"{raw!r} is not one of: {', '.join(col.enum)}")
    return raw


def _parse_row(
    row: list[str], index: list[tuple[int, schema.Column]], spec
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One row's typed values (every column of ``spec``, ``None`` when empty or absent) and its ``(column, message)`` problems."""
    values: dict[str, Any] = {}
    found: list[tuple[str, str]] = []
    for i, col in index:
        cell = row[i]
        if len(cell) > MAX_FIELD_CHARS:
            found.append((col.name, f"the value has {len(cell):,} characters; the limit is {MAX_FIELD_CHARS:,}"))
            continue
        control = _control_char(cell)
        if control:
            found.append((col.name, f"control character {control[1]} at character {control[0]} of the value"))
            continue
        cell = cell.strip()
        if not cell:
            if col.required:
                found.append((col.name, "required value is empty"))
            values[col.name] = None
            continue
        try:
            values[col.name] = _check_value(col, cell)
        except ValueError as error:
            found.append((col.name, str(error)))
    for col in spec.columns:
        values.setdefault(col.name, None)
    return values, found


def _check_id(spec, values: dict[str, Any]) -> list[tuple[str, str]]:
    """A node's ``id``: ISO 3166-1 alpha-3 (and a matching ``iso2``) for a State, a slug for other labels."""
    node_id = values.get("id")
    if not node_id or not isinstance(spec, schema.NodeType):
        return []
    if spec.label != "State":
        return (
            [] if _SLUG.match(node_id) else [("id", f"{node_id!r} is not a lowercase slug (letters, digits, hyphens)")]
        )
    import pycountry

    country = pycountry.countries.get(alpha_3=node_id)
    if country is None:
        return [("id", f"{node_id!r} is not an ISO 3166-1 alpha-3 code")]
    iso2 = values.get("iso2")
    if iso2 and iso2 != country.alpha_2:
        return [("iso2", f"{iso2!r} does not match {node_id} (ISO 3166-1 alpha-2 is {country.alpha_2})")]
    return []


#: Columns whose date may not come before another's in the same row: ``(later, earlier)``.
_DATE_ORDER = (("until", "since"), ("closed", "established"))


def _check_order(values: dict[str, Any]) -> list[tuple[str, str]]:
    """An end date before the start date of the same row (``until`` before ``since``, ``closed`` before ``established``).

    Examples
    --------
    >>> _check_order({"established": parse_date("2019-05"), "closed": parse_date("2018")})
    [('closed', 'closed 2018 is before established 2019-05')]
    """
    found = []
    for later, earlier in _DATE_ORDER:
        end, start = values.get(later), values.get(earlier)
        if end and start and not partial_le(start, end):
            found.append((later, f"{later} {end} is before {earlier} {start}"))
    return found


def read_table(
    path: Path, spec: schema.NodeType | schema.RelType, problems: list[Problem], rejected: Rejected | None = None
) -> list[Record]:
    """Read one CSV file against its node or relationship spec: its valid rows, appending every problem.

    A row with any problem is left out; a file whose header has an error yields no rows.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file.
    spec : schema.NodeType or schema.RelType
        What the file holds (its columns, their types, which are required).
    problems : list of Problem
        Where the problems found are appended.
    rejected : Rejected, optional
        Where the rows and the file left out are noted (for the problems of what refers to them).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "summits.csv"
    >>> _ = path.write_text("id,name,start_date,source,as_of,colour\\n"
    ...                     "igf-2019,IGF 2019,2019-11,https://igf.org,2025,red\\n"
    ...                     "Bad Id,Bad,2019-13-01,https://x.org,2025,\\n")
    >>> problems, rejected = [], Rejected()
    >>> [(r.line, str(r.values["start_date"]), r.values["end_date"]) for r in read_table(path, schema.NODE_BY_LABEL["Summit"], problems, rejected)]
    [(2, '2019-11', None)]
    >>> for p in problems:
    ...     print(p.line, p.column, p.severity, p.message.split(" (")[0])
    1 colour warning unknown column, ignored
    3 start_date error '2019-13-01' is not a valid date
    3 id error 'Bad Id' is not a lowercase slug
    >>> [(Path(where).name, raw) for raw, where in rejected.rows["Summit"].items()]
    [('summits.csv:3', 'Bad Id')]
    """
    shown = display(path)
    rejected = Rejected() if rejected is None else rejected
    text = read_text(path, shown, problems)
    if text is None:
        rejected.file(spec, shown)
        return []
    csv.field_size_limit(max(MAX_FIELD_CHARS * 200, 1 << 27))
    reader = csv.reader(io.StringIO(text.replace("\x00", _NUL), newline=""), strict=True)
    header = _check_header(reader, spec, shown, problems)
    if header is None:
        rejected.file(spec, shown)
        return []
    return _read_rows(reader, header, spec, shown, problems, rejected)


def _read_rows(
    reader: Iterator[list[str]], header: list[str], spec, shown: str, problems: list[Problem], rejected: Rejected
) -> list[Record]:
    """The valid rows after a valid header; the rejected ones noted in ``rejected`` by their raw id."""
    columns = {c.name: c for c in spec.columns}
    index = [(i, columns[name]) for i, name in enumerate(header) if name in columns]
    key = header.index("id" if isinstance(spec, schema.NodeType) else "to_id")
    records: list[Record] = []
    for line, row in _rows(reader, shown, problems):
        if row is None:
            rejected.file(spec, shown)
            break
        if len(row) != len(header):
            problems.append(
                Problem(shown, line, "-", f"the row has {len(row)} fields but the header has {len(header)}")
            )
            rejected.row(spec, row[key].strip() if key < len(row) else "", f"{shown}:{line}")
            continue
        values, found = _parse_row(row, index, spec)
        found += _check_id(spec, values) + _check_order(values)
        problems.extend(Problem(shown, line, column, message) for column, message in found)
        if found:
            rejected.row(spec, row[key].strip(), f"{shown}:{line}")
        else:
            records.append(Record(values, shown, line))
            problems.extend(_source_warnings(values, shown, line))
    return records


def _source_warnings(values: dict[str, Any], shown: str, line: int) -> list[Problem]:
    """A warning if the row's source is a known mirror, proxy or content farm.

    Examples
    --------
    >>> print(_source_warnings({"source": "https://kiwix.casplantje.nl/x"}, "m.csv", 3)[0])
    m.csv:3: source: warning: kiwix.casplantje.nl is a Kiwix mirror of Wikipedia; cite the original page
    """
    url = values.get("source")
    reason = weak_source(url) if isinstance(url, str) else None
    if reason is None:
        return []
    return [Problem(shown, line, "source", f"{host(str(url))} is {reason}; cite the original page", "warning")]


def _folder_files(folder: Path, problems: list[Problem]) -> dict[str, Path]:
    """The schema resources present in a folder, checked against its datapackage.json if any.

    A file that is a link to outside the folder is not read, nor is a resource path that leads outside it.
    """
    present: dict[str, Path] = {}
    for path in folder.glob("*.csv"):
        if inside(folder, path):
            present[path.stem] = path
        else:
            problems.append(
                Problem(display(path), 0, "-", "the file is a link to outside the dataset folder; not read")
            )
    descriptor = folder / "datapackage.json"
    if descriptor.exists():
        present.update(descriptor_files(folder, descriptor, problems))
    for stem, path in sorted(present.items()):
        if stem not in schema.RESOURCES:
            problems.append(Problem(display(path), 0, "-", "not a graphkit resource file, ignored", "warning"))
    return {k: v for k, v in present.items() if k in schema.RESOURCES}


def bundled_known(folders: Iterable[Path | str]) -> Known | None:
    """A lookup of ids in the bundled dataset, for folders that point at its nodes (None if it is among them).

    Examples
    --------
    >>> known = bundled_known(["my-folder"])
    >>> known({"FRA", "nato", "XXX"})
    {'FRA': 'State', 'nato': 'Organisation'}
    >>> bundled_known([bundled_datasets_dir()]) is None
    True
    """
    bundled = bundled_datasets_dir().resolve()
    if any(Path(f).resolve() == bundled for f in folders):
        return None

    def known(ids: set[str]) -> dict[str, str]:
        nodes = read_datasets([bundled]).nodes
        return {i: label for label, table in nodes.items() for i in sorted(ids) if i in table}

    return known


#: Looks up ids that no folder defines: ``known(ids) -> {id: label}`` for those it finds.
Known = Callable[[set[str]], Mapping[str, str]]


def read_datasets(
    folders: Iterable[Path | str],
    names: Sequence[str | None] | None = None,
    known: Known | None = None,
    known_where: str = "",
) -> Dataset:
    """Read, merge and validate dataset folders.

    Every problem inside the files is returned in ``Dataset.problems``; the
    valid rows are in ``Dataset.nodes`` and ``Dataset.rels``, each record with
    the name of its dataset.

    Parameters
    ----------
    folders : iterable of path
        The dataset folders, merged in this order (an id defined twice is kept
        from the first folder).
    names : sequence of str, optional
        A name for each folder (``None``: :func:`dataset_name`).
    known : callable, optional
        Resolves the ids that relationships point to and no folder defines
        (nodes already in the database, or in the bundled dataset).
    known_where : str
        Where ``known`` looks, for the message of an id it cannot resolve
        (``"the database"``).

    Raises
    ------
    graphkit.errors.InvalidData
        When a folder does not exist, or two folders have the same dataset name.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> src = "https://example.org"
    >>> _ = (folder / "organisations.csv").write_text(
    ...     f"id,name,kind,founded,source,as_of\\neu,EU,regional,1958,{src},2025\\n")
    >>> _ = (folder / "member_of.csv").write_text(
    ...     f"from_id,to_id,role,since,source,as_of\\neu,eu,member,1950,{src},2025\\nFRA,eu,member,1958,{src},2025\\n")
    >>> dataset = read_datasets([folder], known=lambda ids: {"FRA": "State"} if "FRA" in ids else {})
    >>> dataset.counts()["Organisation"], dataset.counts()["MEMBER_OF"], dataset.external
    (1, 1, {'FRA': 'State'})
    >>> [(Path(p.path).name, p.line, p.column, p.message.split(" (")[0]) for p in dataset.errors]
    [('member_of.csv', 2, 'since', 'since 1950 is before eu was founded')]
    """
    dataset = Dataset()
    all_files: list[tuple[Path, dict[str, Path]]] = []
    paths = [Path(f) for f in folders]
    given = list(names or [])
    for i, folder in enumerate(paths):
        if not folder.is_dir():
            raise InvalidData(
                f"dataset folder not found: {folder}", "check the path (a folder of CSV files such as datasets/)"
            )
        name = (given[i] if i < len(given) else None) or dataset_name(folder)
        if name in dataset.names:
            raise InvalidData(
                f"two folders are both dataset {name!r}: {paths[dataset.names.index(name)]} and {folder}",
                "give each dataset its own name (the name in its datapackage.json)",
            )
        dataset.folders.append(folder)
        dataset.names.append(name)
        all_files.append((folder, _folder_files(folder, dataset.problems)))
    _read_nodes(all_files, dataset)  # first: ids must be known before relationships are checked
    _read_relationships(all_files, dataset, known, known_where)
    _check_bilaterals(dataset, dataset.problems)
    return dataset


def _read_nodes(all_files: list[tuple[Path, dict[str, Path]]], dataset: Dataset) -> None:
    """Fill ``dataset.nodes``; an id is unique across labels and folders (an identical repeat in another folder is dropped)."""
    first_seen: dict[str, Record] = {}
    for node in schema.NODE_TYPES:
        table: dict[str, Record] = {}
        for record in _records(all_files, node, dataset):
            node_id = record.values["id"]
            other = first_seen.get(node_id)
            if other is not None:
                if other.values == record.values and other.dataset != record.dataset:
                    owners = dataset.owners.setdefault(node_id, [other.dataset])
                    owners.append(record.dataset)  # the same node in two datasets: both define it
                    continue
                dataset.problems.append(
                    Problem(
                        record.path, record.line, "id", f"duplicate id {node_id!r}: already defined at {other.where()}"
                    )
                )
                continue
            first_seen[node_id] = record
            table[node_id] = record
        dataset.nodes[node.label] = table


def _read_relationships(
    all_files: list[tuple[Path, dict[str, Path]]], dataset: Dataset, known: Known | None, known_where: str
) -> None:
    """Fill ``dataset.rels`` with the relationships whose ends and dates check out, one per ends, key and dataset.

    Ends that no folder defines are looked up once, all together, with ``known``.
    """
    records = {rel.type: list(_records(all_files, rel, dataset)) for rel in schema.REL_TYPES}
    label_of = {node_id: label for label, table in dataset.nodes.items() for node_id in table}
    missing = {r.values[c] for rows in records.values() for r in rows for c in ("from_id", "to_id")} - set(label_of)
    if missing and known is not None:
        dataset.external = {k: v for k, v in known(missing).items() if k in missing}
        label_of.update(dataset.external)
    where = f" nor {known_where}" if known_where else ""
    for rel in schema.REL_TYPES:
        dataset.rels[rel.type] = _valid_relationships(rel, records[rel.type], label_of, dataset, where)


def _valid_relationships(
    rel: schema.RelType, records: list[Record], label_of: dict[str, str], dataset: Dataset, where: str
) -> list[Record]:
    """The rows of one relationship type that check out, without duplicates; appends the problems of the others.

    A row with an end that a rejected node row or file explains is not checked further: such rows are
    reported once per file and cause.
    """
    rows: list[Record] = []
    keys: dict[tuple, Record] = {}
    dependent: dict[tuple[str, str], list[tuple[Record, str]]] = {}
    at: dict[tuple[str, str], int] = {}  # where in the problems the line of each cause goes
    for record in records:
        causes = _rejected_ends(rel, record, label_of, dataset.rejected)
        for cause, column in causes.items():
            at.setdefault((record.path, cause), len(dataset.problems))
            dependent.setdefault((record.path, cause), []).append((record, column))
        if causes or not _check_relationship(rel, record, label_of, dataset, where):
            dataset.rejected.row(rel, record.values["to_id"], record.where())
            continue
        v = record.values
        key = (record.dataset, v["from_id"], v["to_id"], *(str(v[k]) for k in rel.key))
        if key in keys:
            message = f"duplicate {rel.type} relationship: same as {keys[key].where()}"
            dataset.problems.append(Problem(record.path, record.line, "to_id", message))
            continue
        keys[key] = record
        rows.append(record)
    for (path, cause), refs in reversed(dependent.items()):
        first, column = refs[0]
        refer = "1 row refers" if len(refs) == 1 else f"{len(refs):,} rows refer"
        problem = Problem(path, first.line, column, f"{refer} to {cause} (not checked further)")
        dataset.problems.insert(at[(path, cause)], problem)
    return rows


def _rejected_ends(rel: schema.RelType, record: Record, label_of: dict[str, str], rejected: Rejected) -> dict[str, str]:
    """``{cause: column}`` for the ends of a relationship that no node has because a row or file was rejected."""
    causes: dict[str, str] = {}
    for column, allowed in (("from_id", rel.from_labels), ("to_id", rel.to_labels)):
        cause = None if record.values[column] in label_of else rejected.cause(record.values[column], allowed)
        if cause:
            causes.setdefault(cause, column)
    return causes


def _records(all_files: list[tuple[Path, dict[str, Path]]], spec, dataset: Dataset) -> Iterator[Record]:
    """The valid rows of one resource across all folders, in folder order."""
    for name, (_folder, files) in zip(dataset.names, all_files):
        if spec.resource in files:
            dataset.files_read += 1
            for record in read_table(files[spec.resource], spec, dataset.problems, dataset.rejected):
                record.dataset = name
                yield record


def _check_relationship(
    rel: schema.RelType, record: Record, label_of: dict[str, str], dataset: Dataset, where: str
) -> bool:
    """Check the two ends (their labels) and the dates of one relationship, appending problems; True if it is valid."""
    problems = dataset.problems
    ok = True
    for column, allowed in (("from_id", rel.from_labels), ("to_id", rel.to_labels)):
        node_id = record.values[column]
        label = label_of.get(node_id)
        if label is None:
            problems.append(
                Problem(record.path, record.line, column, f"unknown id {node_id!r}: no node file defines it{where}")
            )
            ok = False
        elif label not in allowed:
            problems.append(
                Problem(
                    record.path,
                    record.line,
                    column,
                    f"{node_id!r} is a {label}; {rel.type} {'starts at' if column == 'from_id' else 'ends at'} {' or '.join(allowed)}",
                )
            )
            ok = False
    since = record.values.get("since")
    org = dataset.nodes["Organisation"].get(record.values["to_id"]) if ok and rel.type == "MEMBER_OF" else None
    if org is not None and since:  # an organisation defined elsewhere is not checked here
        founded = org.values.get("founded")
        if founded and not partial_le(founded, since):
            problems.append(
                Problem(
                    record.path,
                    record.line,
                    "since",
                    f"since {since} is before {org.values['id']} was founded ({founded}, {org.where()})",
                )
            )
            ok = False
    return ok


def _check_bilaterals(dataset: Dataset, problems: list[Problem]) -> None:
    """A bilateral instrument has exactly two SIGNED parties (not checked where a SIGNED row or file was rejected)."""
    if dataset.rejected.files.get("SIGNED"):
        return
    unsure = dataset.rejected.rows.get("SIGNED", {})
    signed: dict[str, int] = {}
    for record in dataset.rels.get("SIGNED", []):
        signed[record.values["to_id"]] = signed.get(record.values["to_id"], 0) + 1
    for node_id, record in dataset.nodes.get("Instrument", {}).items():
        if node_id in unsure:
            continue
        if record.values.get("kind") == "bilateral" and signed.get(node_id, 0) != 2:
            problems.append(
                Problem(
                    record.path,
                    record.line,
                    "kind",
                    f"bilateral instrument {node_id!r} has {signed.get(node_id, 0)} SIGNED parties; it needs exactly 2",
                )
            )
