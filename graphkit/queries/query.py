"""One query of the library: its ``.cypher`` text, the typed header, and binding parameters to it.

Each file holds one read-only Cypher statement under a header of ``//`` comment
lines (the format is documented in ``docs/cypher.md``)::

    // name: forum-members
    // description: Members of a forum, optionally as of a date
    // param: forum: string = nato
    // param: as_of: date = 2024-01-01 (optional)
    // columns: id, name, role, since, until
    MATCH ...

``param`` lines give a name, a type (see :mod:`graphkit.queries.params`) and an
example value; ``(optional)`` marks a parameter that may be left out (it is
then ``null`` in Cypher). A missing, unknown or badly typed parameter is
reported by name without touching the database.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from graphkit.errors import InvalidData, UsageProblem
from graphkit.queries.params import Param, check_type, convert, type_hint

HEADER_KEYS = ("name", "description", "param", "columns")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+(?:\[[^\]]*\])?)"
    r"(?:\s*=\s*(?P<example>.*?))?\s*(?P<optional>\(optional\))?\s*$"
)
_HEADER_LINE = re.compile(r"^//\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*?)\s*$")
_FIX_HEADER = "fix the query's header (see docs/cypher.md)"

Fail = Callable[[str], InvalidData]


@dataclass(frozen=True)
class Query:
    """One query of the library (or an ad hoc statement, then ``name`` is ``None``).

    Parameters
    ----------
    text : str
        The whole Cypher text, header included (it goes to Neo4j as written).
    name : str, optional
        The header's ``name``; ``None`` for an ad hoc statement.
    description : str, optional
        The header's ``description``.
    params : tuple of Param, optional
        The declared parameters, in header order.
    columns : tuple of str, optional
        The columns the header promises.
    path : Path, optional
        The file the text was read from.
    notes : tuple of str, optional
        The header's other ``//`` comment lines.
    declared : bool, optional
        True when the text has a header declaring its parameters.
    """

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
        """The declared parameters by name.

        Examples
        --------
        >>> list(Query("RETURN $a", params=(Param("a", "int"),)).param_by_name)
        ['a']
        """
        return {p.name: p for p in self.params}

    @property
    def body(self) -> str:
        """The Cypher text without the header comment lines.

        Examples
        --------
        >>> Query("// name: x\\n\\nRETURN 1 AS one\\n").body
        'RETURN 1 AS one'
        """
        lines = self.text.splitlines()
        i = 0
        while i < len(lines) and (lines[i].lstrip().startswith("//") or not lines[i].strip()):
            i += 1
        return "\n".join(lines[i:]).strip()

    def example_params(self, include_optional: bool = True) -> dict[str, str]:
        """The header's example values as ``{name: text}``.

        Parameters
        ----------
        include_optional : bool, optional
            False leaves out the optional parameters.

        Examples
        --------
        >>> q = Query("RETURN $a, $b", params=(Param("a", "int", "1"), Param("b", "int", "2", True)))
        >>> q.example_params(), q.example_params(include_optional=False)
        ({'a': '1', 'b': '2'}, {'a': '1'})
        """
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

    def describe(self) -> list[str]:
        """The lines of ``graphkit query show``: description, file, parameters, columns, example, notes, Cypher.

        Examples
        --------
        >>> q = parse_query("// name: x\\n// description: d\\n// param: forum: string = nato\\n"
        ...                 "// columns: id\\nMATCH (o {id: $forum}) RETURN o.id AS id")
        >>> print("\\n".join(q.describe()))
        x: d
        parameters:
          forum: string, e.g. nato
        columns:    id
        example:    graphkit query run x -p forum=nato
        <BLANKLINE>
        MATCH (o {id: $forum}) RETURN o.id AS id
        """
        lines = [f"{self.name}: {self.description}"]
        if self.path is not None:
            lines.append(f"file:       {self.path}")
        lines.append("parameters:" + (" none" if not self.params else ""))
        lines += [f"  {p.describe()}" for p in self.params]
        lines += [f"columns:    {', '.join(self.columns)}", f"example:    {self.example_command()}"]
        lines += [f"note:       {note}" for note in self.notes]
        return [*lines, "", self.body]

    def bind(self, given: Mapping[str, Sequence[str]], types: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Convert text parameters to Cypher values, checking names and types first.

        Parameters
        ----------
        given : mapping of str to sequence of str
            The texts given for each name (``-p`` may repeat a ``list``
            parameter: the values are joined).
        types : mapping of str to str, optional
            Explicit types (``-p year:int=2024``) for parameters the query does
            not declare.

        Returns
        -------
        dict
            Every parameter's value; optional parameters left out are ``None``.

        Raises
        ------
        UsageProblem
            Naming the first unknown, badly typed, repeated or missing parameter.

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
        self._check_unknown_names(given)
        values = {name: self._convert_given(name, list(texts), types) for name, texts in given.items()}
        self._fill_defaults(values)
        return values

    def _check_unknown_names(self, given: Mapping[str, Sequence[str]]) -> None:
        """Refuse a name the header does not declare (or, without a header, the text does not use)."""
        declared = self.param_by_name
        used = cypher_parameters(self.text)
        allowed = set(declared) if self.declared else set(used)
        for name in given:
            if name in allowed:
                continue
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

    def _convert_given(self, name: str, texts: list[str], types: Mapping[str, str]) -> Any:
        """The value of one given parameter, by its declared (or explicit, or string) type."""
        param = self.param_by_name.get(name)
        if param is not None and name in types and check_type(types[name]) != param.type:
            raise UsageProblem(
                f"parameter '{name}' of {self.label} is declared {param.type}, not {types[name]}",
                f"give it as {name}=VALUE",
                fix="params",
            )
        if param is None:
            param = Param(name, check_type(types.get(name, "string")))
        if len(texts) > 1 and not param.type.startswith("list["):
            raise UsageProblem(
                f"parameter '{name}' of {self.label} was given {len(texts)} times",
                "give a single value (only list parameters may repeat)",
            )
        return param.convert(",".join(texts), self.label)

    def _fill_defaults(self, values: dict[str, Any]) -> None:
        """Set the optional parameters left out to ``None``; refuse a missing required one."""
        for param in self.params:
            if param.name in values:
                continue
            if not param.optional:
                example = param.example if param.example is not None else type_hint(param.type)
                raise UsageProblem(
                    f"missing parameter '{param.name}' ({param.type}) of {self.label}",
                    f"add {param.name}={example}",
                    fix="params",
                )
            values[param.name] = None


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def parse_query(text: str, path: Path | str | None = None, *, require_header: bool = True) -> Query:
    """Parse a ``.cypher`` text with its header into a :class:`Query`.

    Parameters
    ----------
    text : str
        The whole text: header lines, then the Cypher statement.
    path : path, optional
        The file it was read from: errors name it, and a library file must be
        called after its query (``NAME.cypher``).
    require_header : bool, optional
        False (ad hoc queries): a text without any header takes whatever
        ``$names`` it uses, and a header may be just ``// param:`` lines.

    Raises
    ------
    InvalidData
        (``file:line: message``) for a malformed header, a type it does not
        know, an example value that does not convert, or ``$parameters`` used
        in the body but not declared (and the reverse).

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
    >>> parse_query("RETURN $x AS x", require_header=False).declared
    False
    """
    path = Path(path) if path is not None else None
    where = str(path) if path is not None else "<query>"
    fields = _read_header(text.splitlines(), where)
    if not fields["seen_header"]:
        if require_header:
            raise InvalidData(
                f"{where}: no header",
                "start the file with '// name:', '// description:', "
                "'// param:' and '// columns:' lines (see docs/cypher.md)",
            )
        return Query(text=text, path=path, notes=tuple(fields["notes"]))
    _check_header_fields(fields, where, path, require_header)
    query = Query(
        text=text,
        name=fields.get("name"),
        description=fields.get("description", ""),
        params=tuple(fields["params"]),
        columns=fields.get("columns", ()),
        path=path,
        notes=tuple(fields["notes"]),
        declared=True,
    )
    _check_declared_vs_used(query, where)
    return query


def _read_header(lines: Sequence[str], where: str) -> dict[str, Any]:
    """The header's fields: ``params``, ``notes``, ``seen_header`` and whichever of the other keys it gives.

    Reading stops at the first line that is neither blank nor a ``//`` comment;
    a comment that is not a header line is a note.
    """
    fields: dict[str, Any] = {"params": [], "notes": [], "seen_header": False}
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        match = _HEADER_LINE.match(stripped)
        if match is None or match["key"] not in HEADER_KEYS:
            fields["notes"].append(stripped[2:].strip())
            continue
        fields["seen_header"] = True
        _add_header_field(fields, match["key"], match["value"], stripped, partial(_header_error, where, number))
    return fields


def _header_error(where: str, number: int, message: str) -> InvalidData:
    return InvalidData(f"{where}:{number}: {message}", _FIX_HEADER)


def _add_header_field(fields: dict[str, Any], key: str, value: str, line: str, fail: Fail) -> None:
    """Record one header line (``key: value``) in ``fields``; ``fail`` makes its error."""
    if key == "param":
        param = _param_line(value, line, fail)
        if any(p.name == param.name for p in fields["params"]):
            raise fail(f"parameter '{param.name}' is declared twice")
        fields["params"].append(param)
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


def _param_line(value: str, line: str, fail: Fail) -> Param:
    """The :class:`Param` of a ``// param: NAME: TYPE = EXAMPLE [(optional)]`` line (``value`` after the key)."""
    m = _PARAM_LINE.match(value)
    if not m:
        raise fail(f"cannot read {line!r}: expected '// param: NAME: TYPE = EXAMPLE [(optional)]'")
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
    return Param(m["name"], type_, example, bool(m["optional"]))


def _check_header_fields(fields: dict[str, Any], where: str, path: Path | None, require_header: bool) -> None:
    """Refuse a header without its required lines, a badly formed name, or a file named otherwise."""
    name = fields.get("name")
    missing = [k for k in ("name", "description", "columns") if k not in fields]
    if missing and require_header:
        raise InvalidData(f"{where}: the header has no {', '.join(repr(k) for k in missing)} line", _FIX_HEADER)
    if name is not None and not NAME_PATTERN.match(name):
        raise InvalidData(
            f"{where}: query name {name!r} is not a lowercase-hyphenated name", "name queries like forum-members"
        )
    if require_header and path is not None and path.suffix == ".cypher" and path.stem != name:
        raise InvalidData(
            f"{where}: the header names the query {name!r} but the file is {path.name}",
            f"rename the file to {name}.cypher or fix the name",
        )


def _check_declared_vs_used(query: Query, where: str) -> None:
    """Refuse ``$parameters`` the header does not declare, and declared ones the text does not use."""
    used = cypher_parameters(query.text)
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


def cypher_parameters(text: str) -> set[str]:
    """The ``$parameter`` names a Cypher text uses, outside strings and comments.

    Parameters
    ----------
    text : str
        A Cypher text. A ``$`` inside quotes, comments or a backquoted name
        does not count; a backquoted parameter name does.

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
