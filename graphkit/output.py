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
from pathlib import Path
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


def to_table(
    columns: Sequence[str],
    rows: Iterable[Any],
    max_width: int | None = 60,
    *,
    headers: Mapping[str, str] | None = None,
    floatfmt: str | Mapping[str, str] = ".6g",
    note: str | None = None,
) -> str:
    """Aligned columns with a header, a rule and a ``(N rows)`` footer; numbers right-aligned.

    Parameters
    ----------
    columns : sequence of str
        The columns to show, in order.
    rows : iterable
        Driver records or dicts.
    max_width : int, optional
        Cut longer cells with ``…`` (``None`` or 0: never).
    headers : dict, optional
        Header text for some columns (the column name otherwise).
    floatfmt : str or dict
        Format of floats, for every column or per column (``".6g"`` otherwise).
    note : str, optional
        A line printed under the footer (what the rows were computed on).

    Examples
    --------
    >>> print(to_table(["id", "n"], [{"id": "FRA", "n": 12}, {"id": "DEU", "n": 3}]))
    id      n
    ----  ---
    FRA    12
    DEU     3
    (2 rows)
    >>> print(to_table(["id", "x"], [{"id": "FRA", "x": 0.123456}], headers={"x": "share"}, floatfmt=".2f"))
    id      share
    ----  -------
    FRA      0.12
    (1 row)
    """
    from tabulate import tabulate

    data = plain_rows(columns, rows)
    formats = floatfmt if isinstance(floatfmt, Mapping) else {}
    default = floatfmt if isinstance(floatfmt, str) else ".6g"
    cells = [[_cell(row[c], max_width, formats.get(c, default)) for c in columns] for row in data]
    numeric = [_is_numeric(row[c] for row in data) for c in columns]
    text = tabulate(
        cells,
        headers=[(headers or {}).get(c, c) for c in columns],
        tablefmt="simple",
        disable_numparse=True,
        colalign=["right" if num else "left" for num in numeric],
    )
    lines = [line.rstrip() for line in text.splitlines()] if cells else _empty_table(columns, headers)
    lines.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    if note:
        lines.append(note)
    return "\n".join(lines)


def _cell(value: Any, max_width: int | None, floatfmt: str) -> str:
    if isinstance(value, float):
        return format(value, floatfmt)
    return table_cell(value, max_width)


def _is_numeric(values: Iterable[Any]) -> bool:
    seen = False
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        seen = True
    return seen


def _empty_table(columns: Sequence[str], headers: Mapping[str, str] | None) -> list[str]:
    names = [(headers or {}).get(c, c) for c in columns]
    return ["  ".join(names).rstrip(), "  ".join("-" * len(n) for n in names)]


def render(
    columns: Sequence[str],
    rows: Iterable[Any],
    fmt: str = "table",
    max_width: int | None = 60,
    **table: Any,
) -> str:
    """The rows in ``fmt`` (``table``, ``csv`` or ``json``), ending with a newline.

    ``table`` takes the keyword arguments of :func:`to_table` (headers, float
    formats, a note); CSV and JSON always carry every value in full.

    Raises
    ------
    ValueError
        For an unknown format.

    Examples
    --------
    >>> render(["id"], [{"id": "FRA"}], "csv")
    'id\\nFRA\\n'
    """
    if fmt == "json":
        return to_json(columns, rows) + "\n"
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "table":
        return to_table(columns, rows, max_width, **table) + "\n"
    raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")


def format_for(path: str | Path | None, fmt: str | None, terminal: bool = True) -> str:
    """The one rule for the output format: ``fmt`` if given; else the suffix of the file written to; else table or CSV.

    Without a format or a ``.csv``/``.json`` file, a table goes to a
    ``terminal`` and CSV anywhere else (a pipe, a file), so scripts get rows
    they can parse.

    Examples
    --------
    >>> format_for("out/members.csv", None), format_for("x.json", None), format_for(None, None)
    ('csv', 'json', 'table')
    >>> format_for("x.json", "csv"), format_for(None, None, terminal=False), format_for("x.txt", None)
    ('csv', 'csv', 'table')
    """
    if fmt:
        return fmt
    if path:
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix in ("csv", "json"):
            return suffix
        return "table"
    return "table" if terminal else "csv"


def write_text(text: str, path: Path | str) -> Path:
    """Write ``text`` to ``path`` (folders created, a final newline ensured); return the path.

    Raises
    ------
    graphkit.errors.UsageProblem
        If the file cannot be written (naming the ``out`` parameter).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = write_text("a,b", pathlib.Path(tempfile.mkdtemp()) / "sub" / "x.csv")
    >>> path.read_text()
    'a,b\\n'
    """
    from graphkit.errors import UsageProblem

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="")
    except OSError as error:
        raise UsageProblem(f"cannot write {path}: {error.strerror or error}", "check the path", param="out") from None
    return path
