"""Rows of a query as a text table, CSV or JSON: reusable by every command that prints rows.

Values are first made *plain* (JSON-ready Python), the same way for every format:

=====================  =======================================================================
Neo4j value            plain value
=====================  =======================================================================
Date                   ``"YYYY-MM-DD"``
DateTime, LocalDateTime, Time, LocalTime   ISO 8601 text (``2025-01-31T12:00:00+00:00``)
Duration               ISO 8601 duration (``P1Y2M3DT4S``)
Node                   ``{"labels": [...], "properties": {...}}``
Relationship           ``{"type": ..., "start": ..., "end": ..., "properties": {...}}``; ``start``
                       and ``end`` are the end nodes' ``id`` property (their element id if
                       the result does not carry that node)
Path                   ``{"nodes": [node, ...], "relationships": [relationship, ...]}``
Point                  ``{"srid": ..., "x": ..., "y": ... [, "z": ...]}``
float NaN / ±infinity  ``null`` (JSON has no such numbers)
bytes                  hexadecimal text
=====================  =======================================================================

Lists and maps are converted element by element. ``json`` prints one array of
objects (keys = the column names, in column order); ``csv`` writes a header row
then one line per row with the csv module, ``null`` as an empty field and lists
or maps JSON-encoded; ``table`` aligns the columns for a terminal.

This module imports neither click nor the Neo4j driver: it recognises the
driver's value types by their class names.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMATS = ("table", "csv", "json")
_TEMPORAL = {"Date", "DateTime", "Time"}
_FRACTION = re.compile(r"\.(\d+)(?=$|[+\-Z\[])")
_DRIVER_TYPES = {"Node", "Relationship", "Path", "Date", "DateTime", "Time", "Duration"}


def _kind(value: Any) -> str | None:
    """The Neo4j driver type of ``value`` (``Node``, ``Date`` …) or None for a plain Python value.

    The driver makes a subclass of ``Relationship`` per relationship type (in module
    ``abc``), so the class hierarchy is searched.
    """
    for cls in type(value).__mro__:
        module = cls.__module__ or ""
        if module.startswith(("neo4j.spatial", "neo4j._spatial")) and cls.__name__.endswith("Point"):
            return "Point"
        if module.startswith("neo4j") and cls.__name__ in _DRIVER_TYPES:
            return cls.__name__
    return "other" if (type(value).__module__ or "").startswith("neo4j") else None


def node_ids(value: Any, found: dict[str, Any] | None = None) -> dict[str, Any]:
    """Map element id -> ``id`` property of every node inside ``value`` (paths, lists, maps)."""
    found = {} if found is None else found
    kind = _kind(value)
    if kind == "Node":
        if "id" in value:
            found[value.element_id] = value["id"]
    elif kind == "Path":
        for node in value.nodes:
            node_ids(node, found)
    elif kind == "Relationship":
        for node in value.nodes:
            if node is not None and "id" in node:
                found[node.element_id] = node["id"]
    elif isinstance(value, Mapping):
        for item in value.values():
            node_ids(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            node_ids(item, found)
    return found


def plain(value: Any, ids: Mapping[str, Any] | None = None) -> Any:
    """Convert a value returned by Neo4j to plain, JSON-ready Python.

    ``ids`` maps node element ids to their ``id`` property, used to name the
    ends of relationships (see :func:`node_ids`).

    Examples
    --------
    >>> from datetime import date
    >>> plain({"when": date(2024, 1, 31), "scores": [0.5, float("nan")], "n": 3})
    {'when': '2024-01-31', 'scores': [0.5, None], 'n': 3}
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    kind = _kind(value)
    if kind is None:
        if hasattr(value, "isoformat"):  # datetime.date / datetime / time
            return value.isoformat()
        if isinstance(value, Mapping):
            return {str(k): plain(v, ids) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [plain(v, ids) for v in value]
        if isinstance(value, (bytes, bytearray)):
            return bytes(value).hex()
        return str(value)
    ids = ids or {}
    if kind in _TEMPORAL:
        return _trim_fraction(value.iso_format())
    if kind == "Duration":
        return value.iso_format()
    if kind == "Node":
        return {"labels": sorted(value.labels), "properties": plain(dict(value), ids)}
    if kind == "Relationship":
        start, end = value.start_node, value.end_node
        return {
            "type": value.type,
            "start": _node_name(start, ids),
            "end": _node_name(end, ids),
            "properties": plain(dict(value), ids),
        }
    if kind == "Path":
        ids = {**node_ids(value), **ids}
        return {
            "nodes": [plain(n, ids) for n in value.nodes],
            "relationships": [plain(r, ids) for r in value.relationships],
        }
    if kind == "Point":
        out: dict[str, Any] = {"srid": value.srid}
        for axis, number in zip(("x", "y", "z"), value):
            out[axis] = number
        return out
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def _trim_fraction(text: str) -> str:
    """Drop a zero fraction of a second, or trailing zero groups (Neo4j gives nanoseconds).

    Examples
    --------
    >>> _trim_fraction("2025-01-31T12:30:00.000000000+00:00"), _trim_fraction("12:00:01.120000000")
    ('2025-01-31T12:30:00+00:00', '12:00:01.120')
    """
    match = _FRACTION.search(text)
    if not match:
        return text
    digits = match.group(1)
    while digits.endswith("000"):
        digits = digits[:-3]
    return text[: match.start()] + (f".{digits}" if digits else "") + text[match.end() :]


def _node_name(node: Any, ids: Mapping[str, Any]) -> Any:
    if node is None:
        return None
    if "id" in node:
        return node["id"]
    return ids.get(node.element_id, node.element_id)


def plain_rows(columns: Sequence[str], rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Rows (driver records or dicts) as a list of dicts of plain values, keys in column order.

    Examples
    --------
    >>> plain_rows(["a", "b"], [{"b": [1, 2], "a": None}])
    [{'a': None, 'b': [1, 2]}]
    """
    out = []
    for row in rows:
        values = [row[c] for c in columns]
        ids = node_ids(values)
        out.append({c: plain(v, ids) for c, v in zip(columns, values)})
    return out


# -- formats --------------------------------------------------------------------------------
def to_json(columns: Sequence[str], rows: Iterable[Any]) -> str:
    """A JSON array with one object per row.

    Examples
    --------
    >>> print(to_json(["id", "n"], [{"id": "FRA", "n": 2}]))
    [
      {
        "id": "FRA",
        "n": 2
      }
    ]
    """
    return json.dumps(plain_rows(columns, rows), indent=2, ensure_ascii=False)


def csv_cell(value: Any) -> str:
    """One plain value as a CSV field: null empty, booleans true/false, lists and maps as JSON.

    Examples
    --------
    >>> [csv_cell(v) for v in (None, True, 0.25, "a,b", ["FRA", "DEU"])]
    ['', 'true', '0.25', 'a,b', '["FRA", "DEU"]']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv(columns: Sequence[str], rows: Iterable[Any]) -> str:
    """CSV text: a header row, then one line per row (csv module quoting).

    Examples
    --------
    >>> print(to_csv(["id", "forums"], [{"id": "FRA", "forums": ["eu", "nato"]}]), end="")
    id,forums
    FRA,"[""eu"", ""nato""]"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in plain_rows(columns, rows):
        writer.writerow([csv_cell(row[c]) for c in columns])
    return buffer.getvalue()


def table_cell(value: Any, max_width: int | None = 60) -> str:
    """One plain value as table text: null empty, lists comma-joined, nodes as ``(:Label id)``.

    Examples
    --------
    >>> table_cell(["FRA", "DEU"]), table_cell(0.123456789), table_cell(None), table_cell(False)
    ('FRA, DEU', '0.123457', '', 'false')
    >>> table_cell({"labels": ["State"], "properties": {"id": "FRA", "name": "France"}})
    '(:State FRA)'
    >>> table_cell("x" * 10, max_width=5)
    'xxxx…'
    """
    text = _table_text(value)
    text = " ".join(text.split()) if "\n" in text or "\t" in text else text
    if max_width and len(text) > max_width:
        text = text[: max_width - 1] + "…"
    return text


def _table_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, dict):
        if set(value) == {"labels", "properties"}:
            props = value["properties"]
            label = "".join(":" + x for x in value["labels"])
            return f"({label} {props['id']})" if "id" in props else f"({label} {json.dumps(props, ensure_ascii=False)})"
        if set(value) == {"type", "start", "end", "properties"}:
            return f"({value['start']})-[:{value['type']}]->({value['end']})"
        if set(value) == {"nodes", "relationships"}:
            return _path_text(value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if all(not isinstance(v, (list, dict)) for v in value):
            return ", ".join(_table_text(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _path_text(path: dict) -> str:
    nodes = path["nodes"]
    names = [n["properties"].get("id", "?") for n in nodes]
    text = f"({names[0]})" if names else ""
    for i, rel in enumerate(path["relationships"]):
        forward = rel["start"] == names[i]
        text += f"-[:{rel['type']}]->" if forward else f"<-[:{rel['type']}]-"
        text += f"({names[i + 1]})"
    return text


def to_table(columns: Sequence[str], rows: Iterable[Any], max_width: int | None = 60) -> str:
    """Aligned columns with a header, a rule and a ``(N rows)`` footer; numbers right-aligned.

    Examples
    --------
    >>> print(to_table(["id", "n"], [{"id": "FRA", "n": 12}, {"id": "DEU", "n": 3}]))
    id    n
    ---  --
    FRA  12
    DEU   3
    (2 rows)
    """
    data = plain_rows(columns, rows)
    cells = [[table_cell(row[c], max_width) for c in columns] for row in data]
    numeric = [
        bool(data)
        and all((isinstance(row[c], (int, float)) and not isinstance(row[c], bool)) or row[c] is None for row in data)
        for c in columns
    ]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return "  ".join(parts).rstrip()

    out = [line(list(columns)), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(out)


def render(columns: Sequence[str], rows: Iterable[Any], fmt: str = "table", max_width: int | None = 60) -> str:
    """The rows in ``fmt`` (``table``, ``csv`` or ``json``), ending with a newline."""
    if fmt == "json":
        return to_json(columns, rows) + "\n"
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "table":
        return to_table(columns, rows, max_width) + "\n"
    raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")


def format_for(path: str | None, fmt: str | None) -> str:
    """The format to use: ``fmt`` if given, else from the ``--out`` file's suffix, else ``table``.

    Examples
    --------
    >>> format_for("out/members.csv", None), format_for("x.json", None), format_for(None, None)
    ('csv', 'json', 'table')
    >>> format_for("x.json", "csv")
    'csv'
    """
    if fmt:
        return fmt
    if path:
        suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if suffix in ("csv", "json"):
            return suffix
    return "table"
