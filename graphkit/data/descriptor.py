"""A dataset folder's ``datapackage.json``: its name and the resource files it lists.

Every resource path must name a file inside the dataset's folder (links
resolved): absolute paths, URLs and paths that lead outside are refused, and a
descriptor of the wrong shape is a ``datapackage.json:line`` problem.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from graphkit import schema
from graphkit.data.files import Problem, display, inside, read_text

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def descriptor_files(folder: Path, descriptor: Path, problems: list[Problem]) -> dict[str, Path]:
    """The schema resources that ``datapackage.json`` names, each a file inside ``folder``; appends the problems."""
    shown = display(descriptor)
    if not inside(folder, descriptor):
        problems.append(Problem(shown, 0, "-", "the file is a link to outside the dataset folder; not read"))
        return {}
    text = read_text(descriptor, shown, problems)
    package = None if text is None else _parse_json(text, shown, problems)
    files: dict[str, Path] = {}
    for line, name, rel_path in _resources(package, text or "", shown, problems):
        if name not in schema.RESOURCES:
            message = f"resource {name!r} is not part of the graphkit schema"
            problems.append(Problem(shown, line, "resources", message, "warning"))
            continue
        file = _resource_file(folder, rel_path)
        if isinstance(file, str):
            problems.append(Problem(shown, line, "resources", f"resource {name!r}: {file}"))
        else:
            files[name] = file
    return files


def _parse_json(text: str, shown: str, problems: list[Problem]) -> Any:
    """The JSON value of ``text``, or None after appending where it is invalid.

    Examples
    --------
    >>> problems = []
    >>> _parse_json('{"name": "x",\\n "resources" []}', "datapackage.json", problems)
    >>> print(problems[0])
    datapackage.json:2: column 14: invalid JSON: Expecting ':' delimiter
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(Problem(shown, error.lineno, f"column {error.colno}", f"invalid JSON: {error.msg}"))
    except (ValueError, RecursionError) as error:  # a number too long, arrays nested too deep
        reason = str(error) if isinstance(error, ValueError) else "nested too deeply"
        problems.append(Problem(shown, 1, "-", f"invalid JSON: {reason}"))
    return None


def _json_type(value: Any) -> str:
    """What a JSON value is, for messages: ``an object``, ``a list``, ``a string`` …"""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _resources(package: Any, text: str, shown: str, problems: list[Problem]) -> list[tuple[int, str, str]]:
    """``(line, name, path)`` of each well-formed resource of a descriptor; appends the shape errors.

    Examples
    --------
    >>> problems = []
    >>> text = '{"resources": [\\n  {"name": "states", "path": "states.csv"},\\n  {"name": "signed"},\\n  7\\n]}'
    >>> _resources(json.loads(text), text, "datapackage.json", problems)
    [(2, 'states', 'states.csv')]
    >>> for p in problems:
    ...     print(p)
    datapackage.json:3: resources: resource 'signed' has no "path"
    datapackage.json:4: resources: resource 3 is a number, not an object
    """
    if package is None:
        return []
    if not isinstance(package, dict):
        problems.append(Problem(shown, 1, "-", f"the descriptor is {_json_type(package)}; it must be an object"))
        return []
    resources = package.get("resources", [])
    key, spans = _resource_spans(text)
    if not isinstance(resources, list):
        message = f'"resources" is {_json_type(resources)}; it must be a list of objects'
        problems.append(Problem(shown, _line(text, key), "resources", message))
        return []
    found = []
    for number, resource in enumerate(resources, 1):
        start, end = spans[number - 1] if number <= len(spans) else (key, key)
        entry = _resource_entry(resource, number)
        if isinstance(entry, str):
            problems.append(Problem(shown, _line(text, start), "resources", entry))
        else:
            at = text.find('"path"', start, end)
            found.append((_line(text, start if at < 0 else at), *entry))
    return found


def _resource_entry(resource: Any, number: int) -> tuple[str, str] | str:
    """The ``(name, path)`` of the ``number``-th resource of a descriptor, or what is wrong with it."""
    if not isinstance(resource, dict):
        return f"resource {number} is {_json_type(resource)}, not an object"
    name = resource.get("name", "")
    if not isinstance(name, str):
        return f'resource {number}: "name" is {_json_type(name)}; it must be a string'
    label = repr(name) if name else str(number)
    if "path" not in resource:
        return f'resource {label} has no "path"'
    if not isinstance(resource["path"], str):
        return f'resource {label}: "path" is {_json_type(resource["path"])}; it must be one file name (a string)'
    return name, resource["path"]


def _resource_file(folder: Path, rel_path: str) -> Path | str:
    """The file a resource ``path`` names inside ``folder``, or why it is refused.

    Examples
    --------
    >>> for path in ("/etc/passwd", "../x.csv", "https://example.org/x.csv", "nothing.csv"):
    ...     print(_resource_file(Path("."), path))
    path '/etc/passwd' is absolute; give it relative to the dataset folder
    path '../x.csv' leads outside the dataset folder; it was not read
    path 'https://example.org/x.csv' is a URL; only files inside the dataset folder are read
    file 'nothing.csv' not found
    """
    if _SCHEME.match(rel_path):
        return f"path {rel_path!r} is a URL; only files inside the dataset folder are read"
    if Path(rel_path).is_absolute():
        return f"path {rel_path!r} is absolute; give it relative to the dataset folder"
    path = folder / rel_path
    if not inside(folder, path):
        return f"path {rel_path!r} leads outside the dataset folder; it was not read"
    return path if path.is_file() else f"file {rel_path!r} not found"


_RESOURCES_KEY = re.compile(r'"resources"\s*:\s*')
_BETWEEN = re.compile(r"[\s,]*")


def _resource_spans(text: str) -> tuple[int, list[tuple[int, int]]]:
    """Where a descriptor's ``resources`` are: the offset of the key and each element's ``(start, end)``.

    Best effort, for line numbers: ``(0, [])`` when the key is not found.

    Examples
    --------
    >>> _resource_spans('{"resources": [{"a": 1}, 5 ]}')
    (1, [(15, 23), (25, 26)])
    """
    match = _RESOURCES_KEY.search(text)
    if match is None:
        return 0, []
    spans: list[tuple[int, int]] = []
    if text[match.end() : match.end() + 1] != "[":
        return match.start(), spans
    pos = match.end() + 1
    decoder = json.JSONDecoder()
    while True:
        pos = _BETWEEN.match(text, pos).end()  # type: ignore[union-attr]
        try:
            _, end = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):  # the closing "]", or the JSON error reported already
            break
        spans.append((pos, end))
        pos = end
    return match.start(), spans


def _line(text: str, offset: int) -> int:
    """The line (from 1) of a character offset."""
    return text.count("\n", 0, offset) + 1


def dataset_name(folder: Path | str) -> str:
    """The name of the dataset in ``folder``: the ``name`` of its ``datapackage.json``, else the folder's name.

    Examples
    --------
    >>> import tempfile, json
    >>> folder = Path(tempfile.mkdtemp()) / "ministry-data"
    >>> folder.mkdir()
    >>> dataset_name(folder)
    'ministry-data'
    >>> _ = (folder / "datapackage.json").write_text(json.dumps({"name": "mfa-cyber"}))
    >>> dataset_name(folder)
    'mfa-cyber'
    """
    folder = Path(folder)
    descriptor = folder / "datapackage.json"
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8-sig")) if inside(folder, descriptor) else None
    except (OSError, ValueError, RecursionError):
        package = None
    name = package.get("name") if isinstance(package, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else folder.resolve().name
