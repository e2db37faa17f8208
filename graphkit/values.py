"""Values from Neo4j made plain: the one converter every output, view and export uses.

:func:`native` turns the driver's temporal values into :mod:`datetime` ones
(for computing); :func:`plain` turns any value into JSON-ready Python (for
showing):

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
numpy scalar           the Python number
bytes                  hexadecimal text
=====================  =======================================================================

Lists and maps are converted element by element. This module imports
neither click nor the Neo4j driver: it recognises the driver's value types by
their class names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

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
        return _plain_python(value, ids)
    return _plain_driver(kind, value, ids or {})


def _plain_python(value: Any, ids: Mapping[str, Any] | None) -> Any:
    """A value that is not one of the driver's types: dates, containers, bytes, numpy scalars."""
    if hasattr(value, "isoformat"):  # datetime.date / datetime / time
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v, ids) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v, ids) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return plain(value.item(), ids)
    return str(value)


def _plain_driver(kind: str, value: Any, ids: Mapping[str, Any]) -> Any:
    """One of the driver's values (``kind`` as :func:`_kind` names it)."""
    if kind in _TEMPORAL:
        return _trim_fraction(value.iso_format())
    if kind == "Node":
        return {"labels": sorted(value.labels), "properties": plain(dict(value), ids)}
    if kind == "Relationship":
        return {
            "type": value.type,
            "start": _node_name(value.start_node, ids),
            "end": _node_name(value.end_node, ids),
            "properties": plain(dict(value), ids),
        }
    if kind == "Path":
        ids = {**node_ids(value), **ids}
        return {
            "nodes": [plain(n, ids) for n in value.nodes],
            "relationships": [plain(r, ids) for r in value.relationships],
        }
    if kind == "Point":
        return {"srid": value.srid, **dict(zip(("x", "y", "z"), value))}
    if hasattr(value, "iso_format"):  # Duration and any other temporal value
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


def native(value: Any) -> Any:
    """The driver's temporal values as :mod:`datetime` values; everything else unchanged.

    Examples
    --------
    >>> from datetime import date
    >>> native(date(2024, 1, 31)), native("x")
    (datetime.date(2024, 1, 31), 'x')
    """
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value
