"""The analysts' Cypher query library: the bundled ``cypher/*.cypher`` files and the analyst's own folders.

Each file holds one query with a typed header (see :mod:`graphkit.queries.query`
and ``docs/cypher.md``); :mod:`graphkit.queries.params` converts its parameters
and :mod:`graphkit.queries.run` runs it. This package never imports click:
:mod:`graphkit.cli.query` parses options and calls it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graphkit.bundled import bundled_folder
from graphkit.errors import UsageProblem
from graphkit.queries.query import Query, parse_query


def library_dir() -> Path:
    """The bundled query library: ``graphkit/_bundled/cypher`` in a wheel, ``<repo>/cypher`` in a checkout.

    Raises
    ------
    graphkit.errors.EnvironmentProblem
        If neither folder exists.

    Examples
    --------
    >>> (library_dir() / "forum-members.cypher").is_file()
    True
    """
    return bundled_folder("cypher", "query library")


def read_query_file(path: Path | str, *, require_header: bool = True) -> Query:
    """Read and parse one ``.cypher`` file.

    Parameters
    ----------
    path : path
        The file.
    require_header : bool, optional
        False for an ad hoc file, which may have no header (see :func:`parse_query`).

    Raises
    ------
    UsageProblem
        If the file does not exist or is not UTF-8 text.
    InvalidData
        If its header is malformed.

    Examples
    --------
    >>> read_query_file(library_dir() / "forum-members.cypher").name
    'forum-members'
    >>> read_query_file("no/such.cypher")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: no such query file: no/such.cypher
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageProblem(f"no such query file: {path}", "check the path", param="file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageProblem(f"cannot read query file {path}: {error}", "give a UTF-8 text file", param="file") from None
    if not require_header:
        return adhoc(text, path)
    return parse_query(text, path)


def load_library(dirs: Iterable[Path | str] | None = None) -> dict[str, Query]:
    """Every query of the bundled ``cypher/`` folder plus ``dirs``, by name (sorted).

    A query in a later folder replaces a bundled one of the same name, so an
    analyst can keep an edited copy in their own folder.

    Parameters
    ----------
    dirs : iterable of path, optional
        The analyst's query folders, read after the bundled one.

    Raises
    ------
    graphkit.errors.UsageProblem
        If the bundled folder is missing or a folder of ``dirs`` does not exist.
    graphkit.errors.InvalidData
        If a query file's header is malformed.

    Examples
    --------
    >>> library = load_library()
    >>> library["forum-members"].columns
    ('id', 'name', 'role', 'since', 'until')
    >>> load_library(["no/such/folder"])
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: no such query folder: no/such/folder
    """
    queries: dict[str, Query] = {}
    folders = [library_dir(), *(Path(d) for d in dirs or ())]
    for folder in folders:
        if not folder.is_dir():
            raise UsageProblem(f"no such query folder: {folder}", "check the path", param="dir")
        for path in sorted(folder.glob("*.cypher")):
            query = read_query_file(path)
            queries[query.name] = query  # type: ignore[index]
    return dict(sorted(queries.items()))


def get_query(name: str, dirs: Iterable[Path | str] | None = None) -> Query:
    """The library query called ``name``, or a UsageProblem with the closest names.

    Parameters
    ----------
    name : str
        The query's name.
    dirs : iterable of path, optional
        The analyst's query folders (see :func:`load_library`).

    Raises
    ------
    UsageProblem
        If no query has that name (the hint suggests the closest one), or as
        :func:`load_library`.

    Examples
    --------
    >>> get_query("forum-members").name
    'forum-members'
    >>> get_query("forum-member")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: no query named 'forum-member'
    """
    library = load_library(dirs)
    if name in library:
        return library[name]
    close = difflib.get_close_matches(name, list(library), n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}? " if close else ""
    raise UsageProblem(f"no query named '{name}'", hint + "`graphkit query list` shows them all")


def adhoc(text: str, path: Path | str | None = None) -> Query:
    """An ad hoc statement (``--cypher`` or ``-f FILE``); a header, if it has one, is honoured.

    Parameters
    ----------
    text : str
        The Cypher text.
    path : path, optional
        The file it was read from, for error messages.

    Raises
    ------
    UsageProblem
        If the text is empty.
    InvalidData
        If it has a malformed header.

    Examples
    --------
    >>> sorted(adhoc("MATCH (s:State {id: $state}) RETURN s.name AS name").bind({"state": ["FRA"]}).items())
    [('state', 'FRA')]
    >>> adhoc("  ")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: the query is empty
    """
    if not text.strip():
        raise UsageProblem(
            f"the query file {path} is empty" if path else "the query is empty", "give a Cypher statement"
        )
    return parse_query(text, path, require_header=False)


#: The columns of ``graphkit query list``: all of them in CSV and JSON, the readable ones in a table.
LIST_COLUMNS = ("name", "description", "parameters", "columns")
TABLE_LIST_COLUMNS = ("name", "parameters", "description")


def library_rows(queries: Mapping[str, Query]) -> list[dict[str, Any]]:
    """One row per query (name, description, parameters, columns) for ``graphkit query list``.

    Parameters
    ----------
    queries : mapping of str to Query
        The queries by name, as :func:`load_library` returns them.

    Examples
    --------
    >>> library_rows({"x": parse_query("// name: x\\n// description: d\\n// param: a: int = 1 (optional)\\n"
    ...                                "// columns: n\\nRETURN $a AS n")})
    [{'name': 'x', 'description': 'd', 'parameters': 'a?', 'columns': 'n'}]
    """
    return [
        {
            "name": q.name,
            "description": q.description,
            "parameters": ", ".join(p.name + ("?" if p.optional else "") for p in q.params),
            "columns": ", ".join(q.columns),
        }
        for q in queries.values()
    ]
