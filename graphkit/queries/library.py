"""The analysts' Cypher query library: ``cypher/*.cypher`` files with a typed header.

Each file holds one read-only Cypher statement under a header of ``//`` comment
lines (the format is documented in ``docs/cypher.md``)::

    // name: forum-members
    // description: Members of a forum, optionally as of a date
    // param: forum: string = nato
    // param: as_of: date = 2024-01-01 (optional)
    // columns: id, name, role, since, until
    MATCH ...

``param`` lines give a name, a type and an example value; ``(optional)`` marks a
parameter that may be left out (it is then ``null`` in Cypher). Parameters
arrive as text (``-p forum=nato`` on the command line) and are converted by
their declared type before anything reaches Neo4j, so a missing, unknown or
badly typed parameter is reported by name without touching the database.

Types: ``string``, ``int``, ``float``, ``bool``, ``date`` (``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``: the first day of the period, as dates are stored),
``choice[a|b|c]`` (a string that must be one of the listed words) and
``list[T]`` for any of those ``T`` (comma-separated; ``list`` alone is
``list[string]``; an empty value is the empty list).

This module never imports click; :mod:`graphkit.cli.query` parses options and
calls it. It talks to Neo4j only through :class:`graphkit.db.store.Store`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import InvalidData, UsageProblem

HEADER_KEYS = ("name", "description", "param", "columns")
SCALAR_TYPES = ("string", "int", "float", "bool", "date")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARAM_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+(?:\[[^\]]*\])?)"
    r"(?:\s*=\s*(?P<example>.*?))?\s*(?P<optional>\(optional\))?\s*$"
)
_HEADER_LINE = re.compile(r"^//\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*?)\s*$")
COUNTERS = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
    "labels_added",
    "labels_removed",
    "indexes_added",
    "indexes_removed",
    "constraints_added",
    "constraints_removed",
)
_TRUE = ("true", "yes", "y", "1", "on")
_FALSE = ("false", "no", "n", "0", "off")


def library_dir() -> Path:
    """The bundled ``cypher/`` folder beside the package (a source checkout)."""
    return Path(__file__).resolve().parents[2] / "cypher"


# -- types ---------------------------------------------------------------------------------
def check_type(type_: str) -> str:
    """Return the normalised type name, or raise ValueError for an unknown one.

    Examples
    --------
    >>> check_type("list")
    'list[string]'
    >>> check_type("choice[pagerank|betweenness]")
    'choice[pagerank|betweenness]'
    >>> check_type("integer")
    Traceback (most recent call last):
    ...
    ValueError: unknown type 'integer' (use string, int, float, bool, date, choice[a|b], list[T])
    """
    t = type_.strip()
    if t == "list":
        return "list[string]"
    if t.startswith("list[") and t.endswith("]"):
        return f"list[{check_type(t[5:-1])}]" if not t[5:-1].startswith("list") else _bad_type(type_)
    if t.startswith("choice[") and t.endswith("]"):
        words = [w.strip() for w in t[7:-1].split("|")]
        if not all(words):
            raise ValueError(f"choice type {type_!r} needs words separated by |")
        return f"choice[{'|'.join(words)}]"
    if t in SCALAR_TYPES:
        return t
    return _bad_type(type_)


def _bad_type(type_: str) -> str:
    raise ValueError(f"unknown type {type_!r} (use string, int, float, bool, date, choice[a|b], list[T])")


def convert(type_: str, text: str) -> Any:
    """Convert the text of a parameter to a value of ``type_`` (ValueError if it is not one).

    Examples
    --------
    >>> convert("int", "2024")
    2024
    >>> convert("date", "2015-09")
    datetime.date(2015, 9, 1)
    >>> convert("list[string]", "FRA, DEU")
    ['FRA', 'DEU']
    >>> convert("list[int]", "")
    []
    >>> convert("bool", "yes")
    True
    >>> convert("int", "12x")
    Traceback (most recent call last):
    ...
    ValueError: expected a whole number such as 2024, got '12x'
    """
    type_ = check_type(type_)
    if type_.startswith("list["):
        inner = type_[5:-1]
        text = text.strip()
        return [convert(inner, item) for item in text.split(",")] if text else []
    if type_.startswith("choice["):
        words = type_[7:-1].split("|")
        if text.strip() not in words:
            raise ValueError(f"expected one of {', '.join(words)}, got {text!r}")
        return text.strip()
    if type_ == "string":
        return text.strip()
    if type_ == "int":
        try:
            return int(text.strip().replace("_", ""))
        except ValueError:
            raise ValueError(f"expected a whole number such as 2024, got {text!r}") from None
    if type_ == "float":
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected a number such as 0.5, got {text!r}") from None
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {text!r}")
        return value
    if type_ == "bool":
        word = text.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise ValueError(f"expected true or false, got {text!r}")
    # date
    from graphkit.data.read import parse_date

    return parse_date(text.strip()).value  # its ValueError names the problem


def type_hint(type_: str) -> str:
    """A short example of a valid value of ``type_``, for error hints.

    Examples
    --------
    >>> type_hint("list[date]")
    '2024-01-01,2025'
    """
    type_ = check_type(type_)
    if type_.startswith("list["):
        inner = type_[5:-1]
        return {"string": "a,b", "int": "1,2", "float": "0.5,1", "bool": "true,false", "date": "2024-01-01,2025"}.get(
            inner, type_hint(inner) + "," + type_hint(inner)
        )
    if type_.startswith("choice["):
        return type_[7:-1].split("|")[0]
    return {"string": "text", "int": "2024", "float": "0.5", "bool": "true", "date": "2024-01-01"}[type_]


# -- the header ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Param:
    """A declared parameter: name, type, example value (text) and whether it may be left out."""

    name: str
    type: str
    example: str | None = None
    optional: bool = False

    def convert(self, text: str, query: str = "the query") -> Any:
        """The value of ``text`` as this parameter's type, or a UsageProblem naming the parameter."""
        try:
            return convert(self.type, text)
        except ValueError as error:
            example = self.example if self.example is not None else type_hint(self.type)
            raise UsageProblem(
                f"parameter '{self.name}' of {query}: {error}", f"give it as -p {self.name}={example}"
            ) from None

    def describe(self) -> str:
        """One line for ``graphkit query show``.

        Examples
        --------
        >>> Param("as_of", "date", "2024-01-01", True).describe()
        'as_of: date (optional), e.g. 2024-01-01'
        """
        flag = " (optional)" if self.optional else ""
        example = f", e.g. {self.example}" if self.example is not None else ""
        return f"{self.name}: {self.type}{flag}{example}"


@dataclass(frozen=True)
class Query:
    """One query of the library (or an ad hoc statement, then ``name`` is ``None``)."""

    text: str
    name: str | None = None
    description: str = ""
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    path: Path | None = None
    notes: tuple[str, ...] = ()
    declared: bool = False  # True when the text has a header declaring its parameters

    @property
    def label(self) -> str:
        """How errors name the query.

        Examples
        --------
        >>> Query("RETURN 1", name="x").label
        "query 'x'"
        >>> Query("RETURN 1").label
        'the query'
        """
        if self.name:
            return f"query '{self.name}'"
        return f"the query in {self.path}" if self.path else "the query"

    @property
    def param_by_name(self) -> dict[str, Param]:
        return {p.name: p for p in self.params}

    @property
    def body(self) -> str:
        """The Cypher text without the header comment lines."""
        lines = self.text.splitlines()
        i = 0
        while i < len(lines) and (lines[i].lstrip().startswith("//") or not lines[i].strip()):
            i += 1
        return "\n".join(lines[i:]).strip()

    def example_params(self, include_optional: bool = True) -> dict[str, str]:
        """The header's example values as ``{name: text}``."""
        return {
            p.name: p.example for p in self.params if p.example is not None and (include_optional or not p.optional)
        }

    def example_command(self) -> str:
        """``graphkit query run NAME -p ...`` with the example values.

        Examples
        --------
        >>> q = parse_query("// name: x\\n// description: d\\n// param: forum: string = nato\\n"
        ...                 "// columns: id\\nMATCH (o {id: $forum}) RETURN o.id AS id")
        >>> q.example_command()
        'graphkit query run x -p forum=nato'
        """
        parts = ["graphkit", "query", "run", self.name or "--cypher '…'"]
        for key, value in self.example_params().items():
            parts += ["-p", f"{key}={_shell_quote(value)}"]
        return " ".join(parts)

    def bind(self, given: Mapping[str, Sequence[str]], types: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Convert text parameters to Cypher values, checking names and types first.

        ``given`` maps each name to the texts given for it (``-p`` may repeat a
        ``list`` parameter: the values are joined). ``types`` gives explicit types
        (``-p year:int=2024``) for parameters the query does not declare.
        Optional parameters left out are ``None``. Raises
        :class:`~graphkit.errors.UsageProblem` naming the first bad parameter.

        Examples
        --------
        >>> q = parse_query("// name: x\\n// description: d\\n// param: year: int = 2024\\n"
        ...                 "// param: tags: list[string] = a,b (optional)\\n// columns: y\\n"
        ...                 "RETURN $year AS y, $tags AS t")
        >>> q.bind({"year": ["2020"]})
        {'year': 2020, 'tags': None}
        >>> q.bind({"year": ["2020"], "tags": ["a", "b,c"]})
        {'year': 2020, 'tags': ['a', 'b', 'c']}
        >>> q.bind({})
        Traceback (most recent call last):
        ...
        graphkit.errors.UsageProblem: missing parameter 'year' (int) of query 'x'
        """
        types = dict(types or {})
        declared = self.param_by_name
        used = cypher_parameters(self.text)
        allowed = set(declared) if self.declared else set(used)
        for name in given:
            if name not in allowed:
                if self.declared:
                    names = ", ".join(declared) if declared else None
                    hint = f"its parameters are {names}" if names else f"{self.label} takes no parameters"
                else:
                    names = ", ".join(sorted(used))
                    hint = f"the query uses {names}" if names else "the query uses no $parameters"
                close = difflib.get_close_matches(name, sorted(allowed), n=1)
                if close:
                    hint = f"did you mean {close[0]}? " + hint[:1].upper() + hint[1:]
                raise UsageProblem(f"unknown parameter '{name}' for {self.label}", hint)
        values: dict[str, Any] = {}
        for name, texts in given.items():
            texts = list(texts)
            param = declared.get(name)
            if param is not None and name in types and check_type(types[name]) != param.type:
                raise UsageProblem(
                    f"parameter '{name}' of {self.label} is declared {param.type}, not {types[name]}",
                    f"give it as -p {name}=VALUE",
                )
            if param is None:
                param = Param(name, check_type(types.get(name, "string")))
            if len(texts) > 1 and not param.type.startswith("list["):
                raise UsageProblem(
                    f"parameter '{name}' of {self.label} was given {len(texts)} times",
                    "give a single value (only list parameters may repeat)",
                )
            values[name] = param.convert(",".join(texts), self.label)
        for param in self.params:
            if param.name in values:
                continue
            if not param.optional:
                example = param.example if param.example is not None else type_hint(param.type)
                raise UsageProblem(
                    f"missing parameter '{param.name}' ({param.type}) of {self.label}", f"add -p {param.name}={example}"
                )
            values[param.name] = None
        return values


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def parse_query(text: str, path: Path | str | None = None, *, require_header: bool = True) -> Query:
    """Parse a ``.cypher`` text with its header into a :class:`Query`.

    Raises :class:`~graphkit.errors.InvalidData` (``file:line: message``) for a
    malformed header, a type it does not know, an example value that does not
    convert, or ``$parameters`` used in the body but not declared (and the
    reverse). With ``require_header=False`` (ad hoc queries) a text without any
    header takes whatever ``$names`` it uses, and a header may be just
    ``// param:`` lines.

    Examples
    --------
    >>> q = parse_query('''// name: forum-members
    ... // description: Members of a forum, optionally as of a date
    ... // param: forum: string = nato
    ... // param: as_of: date = 2024-01-01 (optional)
    ... // columns: id, name
    ... MATCH (m)-[r:MEMBER_OF]->(o:Organisation {id: $forum})
    ... WHERE $as_of IS NULL OR r.since <= $as_of
    ... RETURN m.id AS id, m.name AS name''')
    >>> q.name, [p.name for p in q.params], q.columns
    ('forum-members', ['forum', 'as_of'], ('id', 'name'))
    >>> q.params[1]
    Param(name='as_of', type='date', example='2024-01-01', optional=True)
    """
    path = Path(path) if path is not None else None
    where = str(path) if path is not None else "<query>"
    fields: dict[str, Any] = {"params": [], "notes": []}
    seen_header = False
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        match = _HEADER_LINE.match(stripped)
        key = match["key"] if match else None
        if key not in HEADER_KEYS:
            fields["notes"].append(stripped[2:].strip())
            continue
        seen_header = True
        value = match["value"]

        def fail(message: str, number: int = number) -> InvalidData:
            return InvalidData(f"{where}:{number}: {message}", "fix the query's header (see docs/cypher.md)")

        if key == "param":
            m = _PARAM_LINE.match(value)
            if not m:
                raise fail(f"cannot read {stripped!r}: expected '// param: NAME: TYPE = EXAMPLE [(optional)]'")
            try:
                type_ = check_type(m["type"])
            except ValueError as error:
                raise fail(f"parameter '{m['name']}': {error}") from None
            example = m["example"] if m["example"] not in (None, "") else None
            if example is not None:
                try:
                    convert(type_, example)
                except ValueError as error:
                    raise fail(f"parameter '{m['name']}': example {example!r} is not {type_}: {error}") from None
            if any(p.name == m["name"] for p in fields["params"]):
                raise fail(f"parameter '{m['name']}' is declared twice")
            fields["params"].append(Param(m["name"], type_, example, bool(m["optional"])))
        elif key == "columns":
            columns = tuple(c.strip() for c in value.split(",") if c.strip())
            if not columns:
                raise fail("'columns' lists no column")
            if len(set(columns)) != len(columns):
                raise fail("'columns' repeats a column")
            fields["columns"] = columns
        else:
            if key in fields:
                raise fail(f"'{key}' is given twice")
            fields[key] = value
    if not seen_header:
        if require_header:
            raise InvalidData(
                f"{where}: no header",
                "start the file with '// name:', '// description:', "
                "'// param:' and '// columns:' lines (see docs/cypher.md)",
            )
        return Query(text=text, path=path, notes=tuple(fields["notes"]))
    name = fields.get("name")
    missing = [k for k in ("name", "description", "columns") if k not in fields]
    if missing and require_header:
        raise InvalidData(
            f"{where}: the header has no {', '.join(repr(k) for k in missing)} line",
            "fix the query's header (see docs/cypher.md)",
        )
    if name is not None and not NAME_PATTERN.match(name):
        raise InvalidData(
            f"{where}: query name {name!r} is not a lowercase-hyphenated name", "name queries like forum-members"
        )
    if require_header and path is not None and path.suffix == ".cypher" and path.stem != name:
        raise InvalidData(
            f"{where}: the header names the query {name!r} but the file is {path.name}",
            f"rename the file to {name}.cypher or fix the name",
        )
    query = Query(
        text=text,
        name=name,
        description=fields.get("description", ""),
        params=tuple(fields["params"]),
        columns=fields.get("columns", ()),
        path=path,
        notes=tuple(fields["notes"]),
        declared=True,
    )
    used = cypher_parameters(text)
    declared = set(query.param_by_name)
    if used - declared:
        raise InvalidData(
            f"{where}: the query uses {', '.join('$' + n for n in sorted(used - declared))} "
            "but the header does not declare it",
            "add a '// param:' line for it",
        )
    if declared - used:
        raise InvalidData(
            f"{where}: the header declares {', '.join(sorted(declared - used))} but the query does not use it",
            "remove the '// param:' line or use the parameter",
        )
    return query


def cypher_parameters(text: str) -> set[str]:
    """The ``$parameter`` names a Cypher text uses, outside strings and comments.

    Examples
    --------
    >>> sorted(cypher_parameters("MATCH (s {id: $state}) // $not_this\\n"
    ...                          "WHERE s.note <> '$nor_this' RETURN $`odd name`, $x"))
    ['odd name', 'state', 'x']
    """
    names: set[str] = set()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            i += 1
            while i < n and text[i] != c:
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c == "`":
            end = text.find("`", i + 1)
            i = n if end < 0 else end + 1
        elif c == "$":
            if text.startswith("`", i + 1):
                end = text.find("`", i + 2)
                if end > 0:
                    names.add(text[i + 2 : end])
                    i = end + 1
                    continue
            m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", text[i + 1 :])
            if m:
                names.add(m.group(0))
                i += 1 + m.end()
            else:
                i += 1
        else:
            i += 1
    return names


# -- the library ---------------------------------------------------------------------------
def read_query_file(path: Path | str, *, require_header: bool = True) -> Query:
    """Read and parse one ``.cypher`` file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageProblem(f"no such query file: {path}", "check the path given to -f") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageProblem(f"cannot read query file {path}: {error}", "give a UTF-8 text file") from None
    return parse_query(text, path, require_header=require_header)


def load_library(dirs: Iterable[Path | str] | None = None) -> dict[str, Query]:
    """Every query of the bundled ``cypher/`` folder plus ``dirs``, by name (sorted).

    A query in a later folder replaces a bundled one of the same name, so an
    analyst can keep an edited copy in their own folder.
    """
    queries: dict[str, Query] = {}
    folders = [library_dir(), *(Path(d) for d in dirs or ())]
    for folder in folders:
        if not folder.is_dir():
            if folder == library_dir():
                continue
            raise UsageProblem(f"no such query folder: {folder}", "check the path given to --dir")
        for path in sorted(folder.glob("*.cypher")):
            query = read_query_file(path)
            queries[query.name] = query  # type: ignore[index]
    return dict(sorted(queries.items()))


def get_query(name: str, dirs: Iterable[Path | str] | None = None) -> Query:
    """The library query called ``name``, or a UsageProblem with the closest names."""
    library = load_library(dirs)
    if name in library:
        return library[name]
    close = difflib.get_close_matches(name, list(library), n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}? " if close else ""
    raise UsageProblem(f"no query named '{name}'", hint + "`graphkit query list` shows them all")


def parse_assignments(items: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Split ``NAME=VALUE`` (or ``NAME:TYPE=VALUE``) texts into values and explicit types.

    Examples
    --------
    >>> parse_assignments(["forum=nato", "year:int=2024", "tags=a", "tags=b", "url=https://x.org/?a=1"])
    ({'forum': ['nato'], 'year': ['2024'], 'tags': ['a', 'b'], 'url': ['https://x.org/?a=1']}, {'year': 'int'})
    >>> parse_assignments(["forum"])
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: bad parameter 'forum': expected NAME=VALUE
    """
    values: dict[str, list[str]] = {}
    types: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageProblem(f"bad parameter '{item}': expected NAME=VALUE", "write it as -p forum=nato")
        key, colon, type_ = key.strip().partition(":")
        if not PARAM_PATTERN.match(key):
            raise UsageProblem(
                f"bad parameter name '{key}' in '{item}'", "names are letters, digits and _ (write -p forum=nato)"
            )
        if colon:
            try:
                types[key] = check_type(type_)
            except ValueError as error:
                raise UsageProblem(f"parameter '{key}': {error}", "write e.g. -p year:int=2024") from None
        values.setdefault(key, []).append(value)
    return values, types


def adhoc(text: str, path: Path | str | None = None) -> Query:
    """An ad hoc statement (``--cypher`` or ``-f FILE``); a header, if it has one, is honoured."""
    if not text.strip():
        raise UsageProblem("the query is empty", "give a Cypher statement")
    return parse_query(text, path, require_header=False)


# -- running -------------------------------------------------------------------------------
@dataclass
class Result:
    """What a query returned: column names, the driver's records, and the summary's counters."""

    columns: list[str]
    records: list[Any]
    counters: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.records)


def run(store: Any, query: Query, params: Mapping[str, Any] | None = None, *, write: bool = False) -> Result:
    """Run ``query`` with already-converted ``params``; read-only unless ``write``.

    The statement goes to Neo4j as written (header comments included, so the
    line numbers of a syntax error are the file's). With ``write=False`` the
    transaction is READ-routed and a statement that writes fails with
    :class:`~graphkit.errors.QueryFailed` ("add --write").
    """
    records, keys, summary = store.raw_records(query.text, dict(params or {}), write=write)
    counters: dict[str, int] = {}
    if write and summary is not None:
        for name in COUNTERS:
            value = getattr(summary.counters, name, 0)
            if value:
                counters[name] = value
    return Result(list(keys), list(records), counters)


def library_rows(queries: Mapping[str, Query]) -> list[dict[str, Any]]:
    """One row per query (name, description, parameters, columns) for ``graphkit query list``."""
    return [
        {
            "name": q.name,
            "description": q.description,
            "parameters": ", ".join(p.name + ("?" if p.optional else "") for p in q.params),
            "columns": ", ".join(q.columns),
        }
        for q in queries.values()
    ]
