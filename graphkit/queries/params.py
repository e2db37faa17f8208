"""Parameter types of the query library and the conversion of parameter texts to values.

Parameters arrive as text (``-p forum=nato`` on the command line) and are
converted by their declared type before anything reaches Neo4j.

Types: ``string``, ``int``, ``float``, ``bool``, ``date`` (``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``: the first day of the period, as dates are stored),
``choice[a|b|c]`` (a string that must be one of the listed words) and
``list[T]`` for any of those ``T`` (comma-separated; ``list`` alone is
``list[string]``; an empty value is the empty list).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graphkit.errors import UsageProblem

SCALAR_TYPES = ("string", "int", "float", "bool", "date")
PARAM_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TRUE = ("true", "yes", "y", "1", "on")
_FALSE = ("false", "no", "n", "0", "off")


def check_type(type_: str) -> str:
    """Return the normalised type name, or raise ValueError for an unknown one.

    Parameters
    ----------
    type_ : str
        A type as written in a header or after ``NAME:``: ``int``, ``list``,
        ``list[date]``, ``choice[a|b]`` ...

    Returns
    -------
    str
        The type with ``list`` spelled ``list[string]`` and the words of a
        ``choice`` stripped.

    Raises
    ------
    ValueError
        For a type it does not know (a list of lists included) or a ``choice``
        with an empty word.

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

    Parameters
    ----------
    type_ : str
        The parameter's type (see :func:`check_type`).
    text : str
        The value as given; surrounding spaces are ignored.

    Returns
    -------
    Any
        A ``str``, ``int``, ``float``, ``bool``, :class:`datetime.date` or a
        list of those.

    Raises
    ------
    ValueError
        If ``type_`` is unknown or ``text`` is not a value of it; the message
        says what was expected.

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
    from graphkit.data.dates import parse_date

    return parse_date(text.strip()).value  # its ValueError names the problem


def type_hint(type_: str) -> str:
    """A short example of a valid value of ``type_``, for error hints.

    Parameters
    ----------
    type_ : str
        The parameter's type (see :func:`check_type`).

    Raises
    ------
    ValueError
        If ``type_`` is unknown.

    Examples
    --------
    >>> type_hint("list[date]")
    '2024-01-01,2025'
    >>> type_hint("choice[pagerank|betweenness]")
    'pagerank'
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


@dataclass(frozen=True)
class Param:
    """A declared parameter: name, type, example value (text) and whether it may be left out.

    Parameters
    ----------
    name : str
        The ``$name`` the Cypher text uses.
    type : str
        Its normalised type (see :func:`check_type`).
    example : str, optional
        An example value, as text.
    optional : bool, optional
        True if the parameter may be left out (it is then ``null`` in Cypher).
    """

    name: str
    type: str
    example: str | None = None
    optional: bool = False

    def convert(self, text: str, query: str = "the query") -> Any:
        """The value of ``text`` as this parameter's type, or a UsageProblem naming the parameter.

        Parameters
        ----------
        text : str
            The value as given.
        query : str, optional
            How the error names the query (``"query 'forum-members'"``).

        Raises
        ------
        UsageProblem
            If ``text`` is not a value of the parameter's type.

        Examples
        --------
        >>> Param("year", "int", "2024").convert("2020")
        2020
        >>> Param("year", "int", "2024").convert("soon", "query 'x'")
        Traceback (most recent call last):
        ...
        graphkit.errors.UsageProblem: parameter 'year' of query 'x': expected a whole number such as 2024, got 'soon'
        """
        try:
            return convert(self.type, text)
        except ValueError as error:
            example = self.example if self.example is not None else type_hint(self.type)
            raise UsageProblem(
                f"parameter '{self.name}' of {query}: {error}", f"give it as {self.name}={example}", fix="params"
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


def parse_assignments(items: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Split ``NAME=VALUE`` (or ``NAME:TYPE=VALUE``) texts into values and explicit types.

    Parameters
    ----------
    items : iterable of str
        The assignments, in order; a name may repeat (its texts are kept in order).

    Returns
    -------
    values : dict of str to list of str
        The texts given for each name.
    types : dict of str to str
        The normalised explicit type of each name given as ``NAME:TYPE``.

    Raises
    ------
    UsageProblem
        For an item without ``=``, a name that is not letters, digits and
        ``_``, or an unknown type.

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
            raise UsageProblem(f"bad parameter '{item}': expected NAME=VALUE", "write it as forum=nato", fix="params")
        key, colon, type_ = key.strip().partition(":")
        if not PARAM_PATTERN.match(key):
            raise UsageProblem(
                f"bad parameter name '{key}' in '{item}'",
                "names are letters, digits and _, as in forum=nato",
                fix="params",
            )
        if colon:
            try:
                types[key] = check_type(type_)
            except ValueError as error:
                raise UsageProblem(f"parameter '{key}': {error}", "write e.g. year:int=2024", fix="params") from None
        values.setdefault(key, []).append(value)
    return values, types
