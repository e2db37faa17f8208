"""Rows as a text table, CSV or JSON: the one module through which every command prints rows.

Values are made plain first (:mod:`graphkit.values`), the same way for every
format. ``json`` prints one array of objects (keys = the column names, in
column order); ``csv`` writes a header row then one line per row with the csv
module, ``null`` as an empty field and lists or maps JSON-encoded; ``table``
aligns the columns for a terminal (tabulate's ``simple`` layout), numbers to
the right.

One rule picks the format everywhere (:func:`format_for`): the one asked for;
else the suffix of the file written to (``.csv``, ``.json``); else a table on
a terminal and CSV in a pipe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graphkit.values import plain_rows

FORMATS = ("table", "csv", "json")


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
