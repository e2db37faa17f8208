"""Write a validated :class:`~graphkit.data.read.Dataset` into Neo4j: idempotent, batched, atomic.

* Constraints and indexes first (one uniqueness constraint on ``id`` per label).
* Then every node and relationship in **one managed write transaction**: rows go in
  ``UNWIND $rows`` batches, one set of query texts per shape (a label, or a
  relationship type with its two end labels; :mod:`graphkit.db.cypher` builds them). Within the transaction a batch is
  first matched against what is stored (by ``id``; relationships by their two ends
  plus their key), then new rows are ``CREATE``d and changed rows ``SET +=``; rows
  equal to what is stored are not written. For a shape with nothing stored yet the
  read is skipped. This is MERGE semantics at CREATE speed.
* Atomicity: the transaction commits as a whole or not at all. If graphkit, the
  connection or the server dies mid-load, Neo4j rolls the open transaction back
  and the database is as it was; running the load again gives the same end state
  as a clean load. The price is memory: the open transaction lives in the
  server's heap (about 1 GB of heap per million relationships, see README).
* A row whose values already equal what is stored is not written again and is
  counted ``unchanged``; loading the same data twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from graphkit import schema
from graphkit.data.dates import PartialDate
from graphkit.data.read import Dataset
from graphkit.db import cypher

Progress = Callable[[str, int, int], None]  # (what, done, total)


def _props(values: dict[str, Any], columns: tuple[schema.Column, ...], skip: tuple[str, ...]) -> dict[str, Any]:
    """The properties of one row: a date column ``X`` becomes ``X``, ``X_precision`` and ``X_text``.

    Examples
    --------
    >>> from graphkit.data.dates import parse_date
    >>> cols = (schema.Column("id"), schema.Column("since", "date"), schema.Column("until", "date"))
    >>> _props({"id": "a", "since": parse_date("2004-03"), "until": None}, cols, ("id",))
    {'since': datetime.date(2004, 3, 1), 'since_precision': 'month', 'since_text': '2004-03', 'until': None, 'until_precision': None, 'until_text': None}
    """
    props: dict[str, Any] = {}
    for col in columns:
        if col.name in skip:
            continue
        value = values.get(col.name)
        if col.type != "date":
            props[col.name] = value
            continue
        date = value if isinstance(value, PartialDate) else None
        props[col.name] = date.value if date else None
        props[f"{col.name}_precision"] = date.precision if date else None
        props[f"{col.name}_text"] = str(date) if date else None
    return props


def node_batches(dataset: Dataset) -> Iterator[tuple[str, list[dict]]]:
    """``(label, rows)`` for every label of the schema, rows as ``{id, props}``.

    Parameters
    ----------
    dataset : Dataset
        A read (and validated) dataset.

    Examples
    --------
    >>> from graphkit.data.read import Dataset, Record
    >>> from graphkit.data.dates import parse_date
    >>> ds = Dataset(nodes={"Organisation": {"eu": Record({"id": "eu", "name": "EU", "founded": parse_date("1958")}, "o.csv", 2)}})
    >>> batches = dict(node_batches(ds))
    >>> batches["State"]
    []
    >>> row = batches["Organisation"][0]
    >>> row["id"], row["props"]["name"], row["props"]["founded_text"], row["props"]["founded_precision"]
    ('eu', 'EU', '1958', 'year')
    """
    for node in schema.NODE_TYPES:
        rows = [
            {"id": node_id, "props": _props(rec.values, node.columns, ("id",))}
            for node_id, rec in dataset.nodes.get(node.label, {}).items()
        ]
        yield node.label, rows


def rel_key(spec: schema.RelType, values: dict[str, Any]) -> str:
    """The identity of a keyed relationship: its key columns joined by ``|``, e.g. ``member|2004-05``.

    Parameters
    ----------
    spec : schema.RelType
        The relationship type; ``spec.key`` names the key columns.
    values : dict
        The row's parsed values (dates as :class:`~graphkit.data.dates.PartialDate`).

    Examples
    --------
    >>> from graphkit.data.dates import parse_date
    >>> rel_key(schema.REL_BY_TYPE["MEMBER_OF"], {"role": "member", "since": parse_date("2004-05")})
    'member|2004-05'
    >>> rel_key(schema.REL_BY_TYPE["MEMBER_OF"], {"role": "observer", "since": None})
    'observer|'
    """
    return "|".join("" if values.get(k) is None else str(values[k]) for k in spec.key)


def rel_batches(dataset: Dataset) -> Iterator[tuple[tuple[str, str, str], list[dict]]]:
    """``((type, from label, to label), rows)`` for every relationship shape present, sorted.

    Rows are ``{from_id, to_id, props}``, plus ``key`` (also in ``props``) for
    keyed types such as ``MEMBER_OF``.

    Parameters
    ----------
    dataset : Dataset
        A read (and validated) dataset: every end of a relationship is one of its nodes.

    Examples
    --------
    >>> from graphkit.data.read import Dataset, Record
    >>> from graphkit.data.dates import parse_date
    >>> ds = Dataset(
    ...     nodes={"State": {"FRA": Record({"id": "FRA"}, "s.csv", 2)}, "Organisation": {"eu": Record({"id": "eu"}, "o.csv", 2)}},
    ...     rels={"MEMBER_OF": [Record({"from_id": "FRA", "to_id": "eu", "role": "member", "since": parse_date("1958")}, "m.csv", 2)]},
    ... )
    >>> [(shape, row["key"], row["props"]["since_text"]) for shape, rows in rel_batches(ds) for row in rows]
    [(('MEMBER_OF', 'State', 'Organisation'), 'member|1958', '1958')]
    """
    label_of = {node_id: label for label, table in dataset.nodes.items() for node_id in table}
    for spec in schema.REL_TYPES:
        shapes: dict[tuple[str, str, str], list[dict]] = {}
        for rec in dataset.rels.get(spec.type, []):
            v = rec.values
            shape = (spec.type, label_of[v["from_id"]], label_of[v["to_id"]])
            row = {"from_id": v["from_id"], "to_id": v["to_id"], "props": _props(v, spec.columns, ("from_id", "to_id"))}
            if spec.key:
                row["key"] = rel_key(spec, v)
                row["props"]["key"] = row["key"]
            shapes.setdefault(shape, []).append(row)
        yield from sorted(shapes.items())


@dataclass
class LoadReport:
    """What a load did, per label and relationship type."""

    #: The columns of :meth:`rows`, for a table.
    COLUMNS: ClassVar[tuple[str, ...]] = ("kind", "name", "created", "updated", "unchanged")

    nodes: dict[str, dict[str, int]] = field(default_factory=dict)
    relationships: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    dry_run: bool = False

    def totals(self) -> dict[str, int]:
        """Created, updated and unchanged rows summed over every label and type.

        Examples
        --------
        >>> LoadReport(nodes={"State": {"created": 4}}, relationships={"SIGNED": {"created": 2, "unchanged": 1}}).totals()
        {'created': 6, 'updated': 0, 'unchanged': 1}
        """
        out = {"created": 0, "updated": 0, "unchanged": 0}
        for table in (self.nodes, self.relationships):
            for counts in table.values():
                for k in out:
                    out[k] += counts.get(k, 0)
        return out

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data, for ``graphkit load --json``.

        Examples
        --------
        >>> LoadReport(seconds=1.23456).as_dict()
        {'dry_run': False, 'seconds': 1.235, 'nodes': {}, 'relationships': {}, 'totals': {'created': 0, 'updated': 0, 'unchanged': 0}}
        """
        return {
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
            "nodes": self.nodes,
            "relationships": self.relationships,
            "totals": self.totals(),
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per label, then per relationship type, then the total, with :data:`COLUMNS`.

        Examples
        --------
        >>> LoadReport(nodes={"State": {"created": 4, "updated": 0, "unchanged": 1}}).rows()
        [{'kind': 'node', 'name': 'State', 'created': 4, 'updated': 0, 'unchanged': 1}, {'kind': 'total', 'name': '', 'created': 4, 'updated': 0, 'unchanged': 1}]
        """
        out: list[dict[str, Any]] = []
        for kind, table in (("node", self.nodes), ("relationship", self.relationships)):
            for name, counts in table.items():
                out.append({"kind": kind, "name": name, **{k: counts.get(k, 0) for k in self.COLUMNS[2:]}})
        out.append({"kind": "total", "name": "", **self.totals()})
        return out

    def note(self) -> str:
        """The line under the table: loaded (or rolled back) and how long it took.

        Examples
        --------
        >>> LoadReport(seconds=1.5).note(), LoadReport(seconds=0.25, dry_run=True).note()
        ('Loaded in 1.50 s', 'Dry run (rolled back) in 0.25 s')
        """
        verb = "Dry run (rolled back)" if self.dry_run else "Loaded"
        return f"{verb} in {self.seconds:.2f} s"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def ensure_schema(store) -> None:
    """Create the constraints and indexes (idempotent; schema changes cannot share the data transaction).

    Parameters
    ----------
    store : graphkit.db.store.Store
        The database; only its ``write`` is used.

    Examples
    --------
    >>> class Store:
    ...     written = []
    ...     def write(self, statement, params=None):
    ...         self.written.append(statement)
    >>> store = Store()
    >>> ensure_schema(store)
    >>> len(store.written), store.written[0][:36], store.written[-1]
    (12, 'CREATE CONSTRAINT state_id IF NOT EX', 'CALL db.awaitIndexes(300)')
    """
    for statement in (*cypher.constraint_statements(), *cypher.index_statements()):
        store.write(statement)
    store.write("CALL db.awaitIndexes(300)")


def _same(stored: dict[str, Any], props: dict[str, Any]) -> bool:
    return all(stored.get(k) == v for k, v in props.items())


def _write_group(
    tx, queries: dict[str, str], rows: list[dict], batch_size: int, counts: dict[str, int], tick: Callable[[int], None]
) -> None:
    """Classify rows as created/updated/unchanged (a read in the same transaction), then write."""
    fresh = tx.run(queries["count"]).single()["n"] == 0  # nothing of this shape yet: skip the read
    for start in range(0, len(rows), batch_size):
        chunk = rows[start : start + batch_size]
        stored: dict[int, dict] = {}
        if not fresh:
            indexed = [dict(row, i=i) for i, row in enumerate(chunk)]
            stored = {r["i"]: r["props"] for r in tx.run(queries["existing"], rows=indexed)}
        create = [row for i, row in enumerate(chunk) if i not in stored]
        update = [row for i, row in enumerate(chunk) if i in stored and not _same(stored[i], row["props"])]
        if create:
            tx.run(queries["create"], rows=create).consume()
        if update:
            tx.run(queries["update"], rows=update).consume()
        counts["created"] += len(create)
        counts["updated"] += len(update)
        counts["unchanged"] += len(chunk) - len(create) - len(update)
        tick(len(chunk))


def load(
    store, dataset: Dataset, batch_size: int = 10_000, dry_run: bool = False, progress: Progress | None = None
) -> LoadReport:
    """Write ``dataset`` into the database behind ``store`` in one transaction.

    The dataset must be valid (call ``dataset.raise_if_invalid()`` first).
    With ``dry_run`` the transaction is rolled back and the report says what
    a real load would have done.

    Parameters
    ----------
    store : graphkit.db.store.Store
        The database; ``write`` (constraints and indexes) and ``write_transaction`` are used.
    dataset : Dataset
        What :func:`graphkit.data.read.read_datasets` returned.
    batch_size : int
        Rows per ``UNWIND $rows`` batch.
    dry_run : bool
        Roll the transaction back (and create no constraints or indexes).
    progress : callable, optional
        Called as ``progress(what, done, total)`` after every batch.

    Raises
    ------
    graphkit.errors.InvalidData
        If the dataset has errors; nothing is written.
    ValueError
        If ``batch_size`` is less than 1.

    Examples
    --------
    A dry run against a stand-in for the database that stores nothing:

    >>> from graphkit.data.read import Record
    >>> class Tx:
    ...     def run(self, query, **params):
    ...         return self
    ...     def single(self):
    ...         return {"n": 0}
    ...     def consume(self):
    ...         pass
    >>> class Store:
    ...     def write_transaction(self, work):
    ...         return work(Tx())
    >>> ds = Dataset(nodes={"State": {"FRA": Record({"id": "FRA", "name": "France"}, "states.csv", 2)}})
    >>> load(Store(), ds, dry_run=True).as_dict()["nodes"]
    {'State': {'created': 1, 'updated': 0, 'unchanged': 0}}
    >>> load(Store(), ds, batch_size=0)
    Traceback (most recent call last):
    ...
    ValueError: batch_size must be at least 1
    """
    dataset.raise_if_invalid()
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    if not dry_run:
        ensure_schema(store)
    work = [("node", label, cypher.node_queries(label), rows) for label, rows in node_batches(dataset) if rows]
    work += [("rel", shape[0], cypher.rel_queries(*shape), rows) for shape, rows in rel_batches(dataset) if rows]
    total = sum(len(rows) for *_, rows in work)

    def transaction(tx) -> LoadReport:
        report = LoadReport(dry_run=dry_run)
        done = 0
        for kind, name, queries, rows in work:
            table = report.nodes if kind == "node" else report.relationships
            counts = table.setdefault(name, {"created": 0, "updated": 0, "unchanged": 0})

            def tick(n: int, name: str = name) -> None:
                nonlocal done
                done += n
                if progress:
                    progress(name, done, total)

            _write_group(tx, queries, rows, batch_size, counts, tick)
        if dry_run:
            raise _DryRun(report)
        return report

    try:
        report = store.write_transaction(transaction)
    except _DryRun as rolled_back:
        report = rolled_back.args[0]
    report.seconds = time.perf_counter() - started
    return report


def stats(store) -> dict[str, dict[str, int]]:
    """Counts per label and per relationship type (two set-based queries).

    Parameters
    ----------
    store : graphkit.db.store.Store
        The database; only its ``read`` is used.

    Examples
    --------
    >>> class Store:
    ...     def read(self, query):
    ...         return [{"label": "State", "n": 193}] if "labels(n)" in query else [{"type": "MEMBER_OF", "n": 900}]
    >>> stats(Store())
    {'nodes': {'State': 193}, 'relationships': {'MEMBER_OF': 900}}
    """
    labels = store.read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label")
    types = store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")
    return {"nodes": {r["label"]: r["n"] for r in labels}, "relationships": {r["type"]: r["n"] for r in types}}


def stats_rows(counts: dict[str, dict[str, int]]) -> tuple[list[dict[str, Any]], str]:
    """:func:`stats` as table rows (``kind``, ``name``, ``count``) and a note with the two totals.

    Parameters
    ----------
    counts : dict
        What :func:`stats` returned.

    Examples
    --------
    >>> rows, note = stats_rows({"nodes": {"State": 193, "Summit": 40}, "relationships": {"MEMBER_OF": 900}})
    >>> rows[0], note
    ({'kind': 'node', 'name': 'State', 'count': 193}, 'nodes (233), relationships (900)')
    """
    kinds = {"nodes": "node", "relationships": "relationship"}
    rows = [
        {"kind": kinds.get(title, title), "name": name, "count": n}
        for title, table in counts.items()
        for name, n in table.items()
    ]
    note = ", ".join(f"{title} ({sum(table.values())})" for title, table in counts.items())
    return rows, note
