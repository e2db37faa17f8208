"""Read and validate dataset folders (the bundled ``datasets/`` and analysts' own).

A dataset folder holds CSV files named after the schema's resources
(``states.csv``, ``member_of.csv`` …; any subset) and optionally a Frictionless
``datapackage.json`` listing them. Several folders are merged: node ids must be
unique across all of them (an identical repeat is allowed), and relationships
may point to nodes of any folder.

Validation never stops at the first problem: :func:`read_datasets` returns every
problem as ``file:line: column: message``. Nothing here touches Neo4j.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from graphkit.data import schema
from graphkit.errors import InvalidData

MAX_FIELD_CHARS = 100_000
_SLUG = re.compile(schema.SLUG_PATTERN)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class PartialDate(NamedTuple):
    """A date known to the day, the month or the year; ``value`` is the first day of the period."""

    value: date
    precision: str  # 'day' | 'month' | 'year'

    def __str__(self) -> str:
        text = self.value.isoformat()
        return {"day": text, "month": text[:7], "year": text[:4]}[self.precision]


def parse_date(text: str) -> PartialDate:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    Examples
    --------
    >>> parse_date("2001-11-23")
    PartialDate(value=datetime.date(2001, 11, 23), precision='day')
    >>> str(parse_date("2015-09"))
    '2015-09'
    >>> parse_date("2015")
    PartialDate(value=datetime.date(2015, 1, 1), precision='year')
    >>> parse_date("2015-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2015-02-30' is not a valid date (day is out of range for month)
    """
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    try:
        value = date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise ValueError(f"{text!r} is not a valid date ({error})") from None
    if int(year) < 1000:
        raise ValueError(f"{text!r} is not a plausible year")
    precision = "day" if day else "month" if month else "year"
    return PartialDate(value, precision)


def partial_le(a: PartialDate, b: PartialDate) -> bool:
    """``a`` may be on or before ``b``, compared at the coarser of the two precisions.

    Examples
    --------
    >>> partial_le(parse_date("1945"), parse_date("1945-10-24"))
    True
    >>> partial_le(parse_date("1946-01-01"), parse_date("1945"))
    False
    """
    coarse = max(("day", "month", "year").index(a.precision), ("day", "month", "year").index(b.precision))
    cut = (10, 7, 4)[coarse]
    return a.value.isoformat()[:cut] <= b.value.isoformat()[:cut]


@dataclass(frozen=True)
class Problem:
    """One validation finding, printed as ``file:line: column: message``."""

    path: str
    line: int
    column: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {self.column}: {prefix}{self.message}"


@dataclass
class Record:
    """One parsed CSV row: typed values (dates as :class:`PartialDate`) and where it came from."""

    values: dict[str, Any]
    path: str
    line: int

    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Dataset:
    """Merged, validated content of one or more dataset folders."""

    folders: list[Path] = field(default_factory=list)
    nodes: dict[str, dict[str, Record]] = field(default_factory=dict)  # label -> id -> record
    rels: dict[str, list[Record]] = field(default_factory=dict)  # type -> records
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def label_of(self, node_id: str) -> str | None:
        for label, table in self.nodes.items():
            if node_id in table:
                return label
        return None

    def counts(self) -> dict[str, int]:
        out = {label: len(table) for label, table in self.nodes.items()}
        out.update({t: len(rows) for t, rows in self.rels.items()})
        return out

    def raise_if_invalid(self) -> None:
        errors = self.errors
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
            raise InvalidData(
                f"{first}{more}",
                "run `graphkit validate` on the same folders to see every problem; nothing was written",
            )


def bundled_datasets_dir() -> Path:
    """The ``datasets/`` folder shipped beside the package (a source checkout)."""
    return Path(__file__).resolve().parents[2] / "datasets"


# -- reading -----------------------------------------------------------------------------
def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _decode(raw: bytes, shown: str, problems: list[Problem]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            Problem(
                shown, line, f"byte {col}", f"the file is not UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8"
            )
        )
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _check_value(col: schema.Column, raw: str) -> Any:
    """Convert one non-empty cell; raise ValueError with a message."""
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


def _iso_checker():
    import pycountry

    def check(record_values: dict) -> list[tuple[str, str]]:
        found = []
        code = record_values.get("id")
        country = pycountry.countries.get(alpha_3=code) if code else None
        if code and country is None:
            found.append(("id", f"{code!r} is not an ISO 3166-1 alpha-3 code"))
        iso2 = record_values.get("iso2")
        if country is not None and iso2 and iso2 != country.alpha_2:
            found.append(("iso2", f"{iso2!r} does not match {code} (ISO 3166-1 alpha-2 is {country.alpha_2})"))
        return found

    return check


def read_table(path: Path, spec, problems: list[Problem]) -> list[Record]:
    """Read one CSV file against its node or relationship spec, appending problems."""
    shown = _display(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, 0, "-", f"cannot read the file: {error.strerror}"))
        return []
    text = _decode(raw, shown, problems)
    if text is None:
        return []
    csv.field_size_limit(max(MAX_FIELD_CHARS * 200, 1 << 27))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns = {c.name: c for c in spec.columns}
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(shown, 1, "-", "the file is empty; it needs at least a header row"))
        return []
    except csv.Error as error:
        problems.append(Problem(shown, 1, "-", f"malformed CSV header: {error}"))
        return []
    header = [h.strip() for h in header]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(shown, 1, name, "this column appears twice in the header"))
        seen.add(name)
        if name not in columns:
            problems.append(
                Problem(shown, 1, name, f"unknown column, ignored (known: {', '.join(columns)})", "warning")
            )
    for col in spec.columns:
        if col.required and col.name not in seen:
            problems.append(Problem(shown, 1, col.name, "required column is missing from the header"))
    if any(p.path == shown and p.line == 1 and p.severity == "error" for p in problems):
        return []
    index = [(i, columns[name]) for i, name in enumerate(header) if name in columns]
    is_state = getattr(spec, "label", None) == "State"
    iso = _iso_checker() if is_state else None
    slug_ids = isinstance(spec, schema.NodeType) and not is_state
    records: list[Record] = []
    last = 1
    width = len(header)
    while True:
        start = last + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            reason = str(error)
            if "unexpected end of data" in reason or "EOF" in reason:
                reason = "a quoted field is never closed (unterminated quote)"
            problems.append(Problem(shown, start, "-", f"malformed CSV: {reason}; the rest of the file was not read"))
            break
        last = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line
        if len(row) != width:
            problems.append(Problem(shown, start, "-", f"the row has {len(row)} fields but the header has {width}"))
            continue
        values: dict[str, Any] = {}
        ok = True
        for i, col in index:
            cell = row[i]
            if len(cell) > MAX_FIELD_CHARS:
                problems.append(
                    Problem(
                        shown,
                        start,
                        col.name,
                        f"the value has {len(cell):,} characters; the limit is {MAX_FIELD_CHARS:,}",
                    )
                )
                ok = False
                continue
            cell = cell.strip()
            if not cell:
                if col.required:
                    problems.append(Problem(shown, start, col.name, "required value is empty"))
                    ok = False
                values[col.name] = None
                continue
            try:
                values[col.name] = _check_value(col, cell)
            except ValueError as error:
                problems.append(Problem(shown, start, col.name, str(error)))
                ok = False
        for name in columns:
            values.setdefault(name, None)
        node_id = values.get("id")
        if iso and node_id:
            for column, message in iso(values):
                problems.append(Problem(shown, start, column, message))
                ok = False
        elif slug_ids and node_id and not _SLUG.match(node_id):
            problems.append(
                Problem(shown, start, "id", f"{node_id!r} is not a lowercase slug (letters, digits, hyphens)")
            )
            ok = False
        if ok:
            records.append(Record(values, shown, start))
    return records


def _folder_files(folder: Path, problems: list[Problem]) -> dict[str, Path]:
    """The schema resources present in a folder, checked against its datapackage.json if any."""
    present = {p.stem: p for p in folder.glob("*.csv")}
    descriptor = folder / "datapackage.json"
    if descriptor.exists():
        shown = _display(descriptor)
        text = descriptor.read_text(encoding="utf-8", errors="replace")
        try:
            package = json.loads(text)
        except ValueError as error:
            problems.append(Problem(shown, getattr(error, "lineno", 0), "-", f"invalid JSON: {error}"))
            package = {}
        for resource in package.get("resources", []):
            rel_path = resource.get("path", "")
            name = resource.get("name", "")
            line = next((i + 1 for i, ln in enumerate(text.splitlines()) if f'"{rel_path}"' in ln), 0)
            if name not in schema.RESOURCES:
                problems.append(
                    Problem(
                        shown, line, "resources", f"resource {name!r} is not part of the graphkit schema", "warning"
                    )
                )
                continue
            if not (folder / rel_path).is_file():
                problems.append(Problem(shown, line, "resources", f"resource {name!r}: file {rel_path!r} not found"))
            else:
                present[name] = folder / rel_path
    for stem, path in sorted(present.items()):
        if stem not in schema.RESOURCES:
            problems.append(Problem(_display(path), 0, "-", "not a graphkit resource file, ignored", "warning"))
    return {k: v for k, v in present.items() if k in schema.RESOURCES}


def read_datasets(folders: Iterable[Path | str]) -> Dataset:
    """Read, merge and validate dataset folders.

    Raises :class:`~graphkit.errors.InvalidData` only when a folder does not
    exist; every problem inside the files is returned in ``Dataset.problems``.
    """
    dataset = Dataset()
    all_files: list[tuple[Path, dict[str, Path]]] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise InvalidData(
                f"dataset folder not found: {folder}", "check the path (a folder of CSV files such as datasets/)"
            )
        dataset.folders.append(folder)
        all_files.append((folder, _folder_files(folder, dataset.problems)))
    problems = dataset.problems
    # nodes first: ids must be known before relationships are checked
    first_seen: dict[str, Record] = {}
    for node in schema.NODE_TYPES:
        table: dict[str, Record] = {}
        for record in _records(all_files, node, dataset):
            node_id = record.values["id"]
            other = first_seen.get(node_id)
            if other is not None:
                if other.values == record.values and other.path != record.path:
                    continue  # the same node in two folders
                problems.append(
                    Problem(
                        record.path, record.line, "id", f"duplicate id {node_id!r}: already defined at {other.where()}"
                    )
                )
                continue
            first_seen[node_id] = record
            table[node_id] = record
        dataset.nodes[node.label] = table
    label_of = {node_id: label for label, table in dataset.nodes.items() for node_id in table}
    for rel in schema.REL_TYPES:
        rows: list[Record] = []
        keys: dict[tuple, Record] = {}
        for record in _records(all_files, rel, dataset):
            if _check_relationship(rel, record, label_of, dataset, problems):
                key = (record.values["from_id"], record.values["to_id"], *(str(record.values[k]) for k in rel.key))
                if key in keys:
                    problems.append(
                        Problem(
                            record.path,
                            record.line,
                            "to_id",
                            f"duplicate {rel.type} relationship: same as {keys[key].where()}",
                        )
                    )
                    continue
                keys[key] = record
                rows.append(record)
        dataset.rels[rel.type] = rows
    _check_bilaterals(dataset, problems)
    return dataset


def _records(all_files: list[tuple[Path, dict[str, Path]]], spec, dataset: Dataset) -> Iterator[Record]:
    """The valid rows of one resource across all folders, in folder order."""
    for _folder, files in all_files:
        if spec.resource in files:
            dataset.files_read += 1
            yield from read_table(files[spec.resource], spec, dataset.problems)


def _check_relationship(
    rel: schema.RelType, record: Record, label_of: dict[str, str], dataset: Dataset, problems: list[Problem]
) -> bool:
    ok = True
    for column, allowed in (("from_id", rel.from_labels), ("to_id", rel.to_labels)):
        node_id = record.values[column]
        label = label_of.get(node_id)
        if label is None:
            problems.append(
                Problem(record.path, record.line, column, f"unknown id {node_id!r}: no node file defines it")
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
    since, until = record.values.get("since"), record.values.get("until")
    if since and until and not partial_le(since, until):
        problems.append(Problem(record.path, record.line, "until", f"until {until} is before since {since}"))
        ok = False
    if ok and rel.type == "MEMBER_OF" and since:
        org = dataset.nodes["Organisation"][record.values["to_id"]]
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
    signed: dict[str, int] = {}
    for record in dataset.rels.get("SIGNED", []):
        signed[record.values["to_id"]] = signed.get(record.values["to_id"], 0) + 1
    for node_id, record in dataset.nodes.get("Instrument", {}).items():
        if record.values.get("kind") == "bilateral" and signed.get(node_id, 0) != 2:
            problems.append(
                Problem(
                    record.path,
                    record.line,
                    "kind",
                    f"bilateral instrument {node_id!r} has {signed.get(node_id, 0)} SIGNED parties; it needs exactly 2",
                )
            )
