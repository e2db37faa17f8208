"""Dates, the one place graphkit parses, compares and shows them.

The dataset gives dates as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (a
*partial* date). In Neo4j a date column ``X`` is stored three times over:
``X`` a ``Date`` (the first day of the period, so ``--as-of`` filters and
date arithmetic work), ``X_precision`` (``day``, ``month`` or ``year``) and
``X_text``, the date as the source gave it, which queries and views show.

An *as-of* date (``--as-of``, a query's ``date`` parameter) names one day;
``latest`` (or nothing) means what holds today.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, NamedTuple

PRECISIONS: tuple[str, ...] = ("day", "month", "year")
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_CUT = {"day": 10, "month": 7, "year": 4}


class PartialDate(NamedTuple):
    """A date known to the day, the month or the year; ``value`` is the first day of the period."""

    value: _dt.date
    precision: str  # 'day' | 'month' | 'year'

    def __str__(self) -> str:
        return self.value.isoformat()[: _CUT[self.precision]]


def parse_date(text: str) -> PartialDate:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    Parameters
    ----------
    text : str
        The date as written in a CSV cell or a parameter.

    Raises
    ------
    ValueError
        If ``text`` is not a date in one of the three forms, or not a real day.

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
    match = _PARTIAL.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    try:
        value = _dt.date(int(year), int(month or 1), int(day or 1))
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
    cut = min(_CUT[a.precision], _CUT[b.precision])
    return a.value.isoformat()[:cut] <= b.value.isoformat()[:cut]


def date_text(value: Any, precision: str | None = None) -> Any:
    """A stored date as the dataset gave it: ``2004`` for a year, ``2004-03`` for a month, else ISO.

    Values that are not dates (``None``, text) are returned unchanged.

    Examples
    --------
    >>> date_text(_dt.date(2004, 1, 1), "year"), date_text(_dt.date(2004, 3, 1), "month")
    ('2004', '2004-03')
    >>> date_text(_dt.date(2004, 3, 29), "day"), date_text(_dt.date(2004, 3, 29)), date_text(None, "year")
    ('2004-03-29', '2004-03-29', None)
    """
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        value = to_native()
    if not isinstance(value, _dt.date):
        return value
    text = value.isoformat()
    return text[: _CUT.get(precision or "day", 10)] if not isinstance(value, _dt.datetime) else text


def as_of_date(value: Any) -> _dt.date | None:
    """An as-of date from a date, a datetime or ``YYYY-MM-DD`` text; ``None`` and ``latest`` mean latest.

    Raises
    ------
    ValueError
        If ``value`` is text that is not a full date.

    Examples
    --------
    >>> as_of_date("2015-06-30"), as_of_date("latest"), as_of_date(None)
    (datetime.date(2015, 6, 30), None, None)
    >>> as_of_date(_dt.datetime(2020, 1, 2, 3, 4))
    datetime.date(2020, 1, 2)
    >>> as_of_date("2015-06")
    Traceback (most recent call last):
    ...
    ValueError: '2015-06' is not a date: write YYYY-MM-DD (e.g. 2015-06-30) or 'latest'
    """
    if value is None or (isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)):
        return value
    if isinstance(value, _dt.datetime):
        return value.date()
    text = str(value).strip()
    if text.lower() == "latest":
        return None
    try:
        if len(text) != 10:
            raise ValueError
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a date: write YYYY-MM-DD (e.g. 2015-06-30) or 'latest'") from None


def as_of_text(as_of: _dt.date | None) -> str:
    """How an as-of date is shown: ISO, or ``latest``.

    Examples
    --------
    >>> as_of_text(_dt.date(2012, 1, 1)), as_of_text(None)
    ('2012-01-01', 'latest')
    """
    return as_of.isoformat() if as_of else "latest"
