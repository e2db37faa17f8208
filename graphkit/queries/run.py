"""Running a query of the library: its rows, and what a writing statement changed.

It talks to Neo4j only through :class:`graphkit.db.store.Store`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphkit.queries.guard import check_read_only
from graphkit.queries.query import Query

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


@dataclass
class Result:
    """What a query returned: column names, the driver's records, and the summary's counters.

    Parameters
    ----------
    columns : list of str
        The column names, in order.
    records : list
        The driver's records (nodes and paths kept for conversion).
    counters : dict of str to int, optional
        The non-zero counters of :data:`COUNTERS` of a writing run.

    Examples
    --------
    >>> len(Result(["n"], [{"n": 1}, {"n": 2}]))
    2
    """

    columns: list[str]
    records: list[Any]
    counters: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.records)

    def changes(self) -> str | None:
        """What a writing run changed, as one line (``None`` if nothing).

        Examples
        --------
        >>> Result(["n"], [], {"nodes_created": 2, "properties_set": 4}).changes()
        'Changed: nodes created 2, properties set 4'
        """
        if not self.counters:
            return None
        return "Changed: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in self.counters.items())


def run(store: Any, query: Query, params: Mapping[str, Any] | None = None, *, write: bool = False) -> Result:
    """Run ``query`` with already-converted ``params``; read-only unless ``write``.

    The statement goes to Neo4j as written (header comments included, so the
    line numbers of a syntax error are the file's).

    Parameters
    ----------
    store : Store
        The :class:`graphkit.db.store.Store` to run it on (anything with its
        ``raw_records``).
    query : Query
        The query.
    params : mapping, optional
        Its parameters, already converted (see :meth:`Query.bind`).
    write : bool, optional
        Allow the statement to write: a WRITE-routed transaction, and the
        result carries the summary's non-zero counters.

    Raises
    ------
    QueryFailed
        With ``write=False``, before anything runs, if the statement is not a
        plain read (see :mod:`graphkit.queries.guard`); then it runs in a READ
        transaction. A statement Neo4j rejects fails too.
    ServerNotRunning, AuthFailed
        If the database cannot be reached or refuses the credentials.

    Examples
    --------
    >>> class OneRow:  # stands in for a Store
    ...     def raw_records(self, text, params, *, write=False):
    ...         return [{"one": 1}], ["one"], None
    >>> result = run(OneRow(), Query("RETURN 1 AS one"), write=True)
    >>> result.columns, result.records, result.counters
    (['one'], [{'one': 1}], {})
    """
    if not write:
        check_read_only(store, query.text, dict(params or {}))
    records, keys, summary = store.raw_records(query.text, dict(params or {}), write=write)
    counters: dict[str, int] = {}
    if write and summary is not None:
        for name in COUNTERS:
            value = getattr(summary.counters, name, 0)
            if value:
                counters[name] = value
    return Result(list(keys), list(records), counters)
