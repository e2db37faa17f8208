"""Write a validated :class:`~graphkit.data.read.Dataset` into Neo4j: idempotent, batched, atomic.

* Constraints and indexes first (one uniqueness constraint on ``id`` per label).
* Then every node and relationship in **one managed write transaction**: rows go in
  ``UNWIND $rows`` batches, one set of query texts per shape (a label, or a
  relationship type with its two end labels). Within the transaction a batch is
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
from typing import Any

from graphkit.data import schema
from graphkit.data.read import Dataset, PartialDate

Progress = Callable[[str, int, int], None]  # (what, done, total)


def node_queries(label: str) -> dict[str, str]:
    """The query texts for one label: read what exists, create the new, update the changed.

    Examples
    --------
    >>> q = node_queries("State")
    >>> print(q["create"])
    UNWIND $rows AS row CREATE (x:State {id: row.id}) SET x += row.props
    >>> print(q["update"])
    UNWIND $rows AS row MATCH (x:State {id: row.id}) SET x += row.props
    """
    label = schema.check_label(label)
    return {
        "count": f"MATCH (x:{label}) RETURN count(x) AS n",
        "existing": f"UNWIND $rows AS row MATCH (x:{label} {{id: row.id}}) RETURN row.i AS i, properties(x) AS props",
        "create": f"UNWIND $rows AS row CREATE (x:{label} {{id: row.id}}) SET x += row.props",
        "update": f"UNWIND $rows AS row MATCH (x:{label} {{id: row.id}}) SET x += row.props",
    }


def rel_queries(rel_type: str, from_label: str, to_label: str) -> dict[str, str]:
    """The query texts for one relationship shape (type, start label, end label).

    Relationships with key columns (``MEMBER_OF``: role and since) carry a
    ``key`` property so a state can hold, leave and regain a membership.

    Examples
    --------
    >>> q = rel_queries("MEMBER_OF", "State", "Organisation")
    >>> print(q["update"])
    UNWIND $rows AS row MATCH (a:State {id: row.from_id})-[x:MEMBER_OF {key: row.key}]->(b:Organisation {id: row.to_id}) SET x += row.props
    >>> print(rel_queries("SIGNED", "State", "Instrument")["create"])
    UNWIND $rows AS row MATCH (a:State {id: row.from_id}) MATCH (b:Instrument {id: row.to_id}) CREATE (a)-[x:SIGNED]->(b) SET x = row.props
    """
    spec = schema.REL_BY_TYPE[schema.check_type(rel_type)]
    a, b = schema.check_label(from_label), schema.check_label(to_label)
    key = " {key: row.key}" if spec.key else ""
    path = f"(a:{a} {{id: row.from_id}})-[x:{rel_type}{key}]->(b:{b} {{id: row.to_id}})"
    return {
        "count": f"MATCH (:{a})-[x:{rel_type}]->(:{b}) RETURN count(x) AS n",
        "existing": f"UNWIND $rows AS row MATCH {path} RETURN row.i AS i, properties(x) AS props",
        "create": (
            f"UNWIND $rows AS row MATCH (a:{a} {{id: row.from_id}}) MATCH (b:{b} {{id: row.to_id}}) "
            f"CREATE (a)-[x:{rel_type}]->(b) SET x = row.props"
        ),
        "update": f"UNWIND $rows AS row MATCH {path} SET x += row.props",
    }


def _props(values: dict[str, Any], columns: tuple[schema.Column, ...], skip: tuple[str, ...]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for col in columns:
        if col.name in skip:
            continue
        value = values.get(col.name)
        if col.type == "date":
            props[col.name] = value.value if isinstance(value, PartialDate) else None
            props[f"{col.name}_precision"] = value.precision if isinstance(value, PartialDate) else None
        else:
            props[col.name] = value
    return props


def node_batches(dataset: Dataset) -> Iterator[tuple[str, list[dict]]]:
    """(label, rows) for every label, rows as ``{id, props}``."""
    for node in schema.NODE_TYPES:
        rows = [
            {"id": node_id, "props": _props(rec.values, node.columns, ("id",))}
            for node_id, rec in dataset.nodes.get(node.label, {}).items()
        ]
        yield node.label, rows


def rel_key(spec: schema.RelType, values: dict[str, Any]) -> str:
    """The identity of a keyed relationship, e.g. ``member|2004-05-01``.

    Examples
    --------
    >>> from graphkit.data.read import parse_date
    >>> rel_key(schema.REL_BY_TYPE["MEMBER_OF"], {"role": "member", "since": parse_date("2004-05")})
    'member|2004-05'
    """
    return "|".join("" if values.get(k) is None else str(values[k]) for k in spec.key)


def rel_batches(dataset: Dataset) -> Iterator[tuple[tuple[str, str, str], list[dict]]]:
    """((type, from label, to label), rows) for every relationship shape present."""
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

    nodes: dict[str, dict[str, int]] = field(default_factory=dict)
    relationships: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    dry_run: bool = False

    def totals(self) -> dict[str, int]:
        out = {"created": 0, "updated": 0, "unchanged": 0}
        for table in (self.nodes, self.relationships):
            for counts in table.values():
                for k in out:
                    out[k] += counts.get(k, 0)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
            "nodes": self.nodes,
            "relationships": self.relationships,
            "totals": self.totals(),
        }


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def ensure_schema(store) -> None:
    """Create the constraints and indexes (idempotent; schema changes cannot share the data transaction)."""
    for statement in (*schema.constraint_statements(), *schema.index_statements()):
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
    """
    dataset.raise_if_invalid()
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    if not dry_run:
        ensure_schema(store)
    work = [("node", label, node_queries(label), rows) for label, rows in node_batches(dataset) if rows]
    work += [("rel", shape[0], rel_queries(*shape), rows) for shape, rows in rel_batches(dataset) if rows]
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
    """Counts per label and per relationship type (two set-based queries)."""
    labels = store.read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label")
    types = store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")
    return {"nodes": {r["label"]: r["n"] for r in labels}, "relationships": {r["type"]: r["n"] for r in types}}
