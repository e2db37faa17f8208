"""Keep the graph equal to its dataset folders: load (synchronise), unload, count.

Every node and relationship a load writes records where it came from: a node
carries ``datasets`` (the datasets whose files define it), a relationship
``dataset`` (the one dataset whose row it is); both carry ``hash``, a digest
of their properties. A load of a dataset *synchronises* it: afterwards the
facts it owns are exactly the rows of its files.

* Rows not yet in the graph are created, changed rows rewritten, equal rows
  (same ``hash``) left alone, and facts of the dataset that are gone from its
  files, or whose identity changed (a corrected ``since`` of a membership), are
  deleted. A relationship is identified by its two ends, its key (see
  :func:`rel_key`) and its dataset; a node by its label and ``id``.
* Facts of other datasets are never touched. A node that another dataset also
  defines, or that a relationship of another dataset still uses, is released
  by the dataset (taken out of its ``datasets``) but not deleted.
* A node that another dataset defines differently is an error: the graph
  could not equal both files.
* Everything happens in **one managed write transaction**, after constraints
  and indexes are in place. The transaction first locks one node
  (``:LoadLock``), so two loads run one after the other, each against what the
  other committed. If graphkit, the connection or the server dies mid-load,
  Neo4j rolls the transaction back and the database is as it was. The open
  transaction lives in the server's heap (about 3 GB per million rows); a load
  too big for it fails with a one-line error and changes nothing.
* Facts written before datasets were recorded (no ``dataset``/``datasets``)
  are adopted by the first load whose rows they match, so an old database is
  not duplicated; the rest is left as it is.
* Centrality runs (``:CentralityRun``, ``SCORED``) belong to no dataset and
  are never deleted by a load (a deleted state takes its scores with it).
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from graphkit import schema
from graphkit.data.facts import Identity, Shape, node_rows, rel_rows
from graphkit.data.read import Dataset, Known
from graphkit.db import cypher
from graphkit.errors import InvalidData, UsageProblem

Progress = Callable[[str, int, int], None]  # (what, done, total)
COUNTS = ("created", "updated", "unchanged", "deleted")


# -- the report ----------------------------------------------------------------------------
@dataclass
class LoadReport:
    """What a load (or an unload) did, per label and relationship type."""

    #: The columns of :meth:`rows`, for a table.
    COLUMNS: ClassVar[tuple[str, ...]] = ("kind", "name", *COUNTS)

    nodes: dict[str, dict[str, int]] = field(default_factory=dict)
    relationships: dict[str, dict[str, int]] = field(default_factory=dict)
    datasets: list[str] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    verb: str = "Loaded"

    def count(self, kind: str, name: str, what: str, n: int = 1) -> None:
        """Add ``n`` to one count (``kind`` is ``node`` or ``relationship``)."""
        table = self.nodes if kind == "node" else self.relationships
        if n or name in table:
            table.setdefault(name, dict.fromkeys(COUNTS, 0))[what] += n

    def totals(self) -> dict[str, int]:
        """Created, updated, unchanged and deleted facts summed over every label and type.

        Examples
        --------
        >>> report = LoadReport()
        >>> report.count("node", "State", "created", 4); report.count("relationship", "SIGNED", "deleted", 2)
        >>> report.totals()
        {'created': 4, 'updated': 0, 'unchanged': 0, 'deleted': 2}
        """
        out = dict.fromkeys(COUNTS, 0)
        for table in (self.nodes, self.relationships):
            for counts in table.values():
                for k in out:
                    out[k] += counts.get(k, 0)
        return out

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data, for ``graphkit load --json``.

        Examples
        --------
        >>> LoadReport(seconds=1.23456, datasets=["mine"]).as_dict()["totals"]
        {'created': 0, 'updated': 0, 'unchanged': 0, 'deleted': 0}
        """
        return {
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
            "datasets": self.datasets,
            "nodes": self.nodes,
            "relationships": self.relationships,
            "totals": self.totals(),
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per label, then per relationship type, then the total, with :data:`COLUMNS`.

        Examples
        --------
        >>> report = LoadReport(); report.count("node", "State", "created", 4)
        >>> report.rows()[0]
        {'kind': 'node', 'name': 'State', 'created': 4, 'updated': 0, 'unchanged': 0, 'deleted': 0}
        """
        out: list[dict[str, Any]] = []
        for kind, table in (("node", self.nodes), ("relationship", self.relationships)):
            for name, counts in table.items():
                out.append({"kind": kind, "name": name, **{k: counts.get(k, 0) for k in COUNTS}})
        out.append({"kind": "total", "name": "", **self.totals()})
        return out

    def note(self) -> str:
        """The line under the table: what was done (or rolled back), to which datasets, how long it took.

        Examples
        --------
        >>> LoadReport(seconds=1.5, datasets=["a"]).note(), LoadReport(seconds=0.25, dry_run=True).note()
        ('Loaded a in 1.50 s', 'Dry run (rolled back) in 0.25 s')
        """
        verb = "Dry run (rolled back)" if self.dry_run else self.verb
        names = f" {', '.join(self.datasets)}" if self.datasets and not self.dry_run else ""
        return f"{verb}{names} in {self.seconds:.2f} s"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


class _Refused(Exception):
    """A graphkit error raised inside the transaction: not retried by the driver, re-raised outside."""


# -- loading -------------------------------------------------------------------------------
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
    >>> store.written[0][:36], store.written[-1]
    ('CREATE CONSTRAINT state_id IF NOT EX', 'CALL db.awaitIndexes(300)')
    """
    for statement in (*cypher.constraint_statements(), *cypher.index_statements()):
        store.write(statement)
    store.write("CALL db.awaitIndexes(300)")


def known_in(store, loading: Iterable[str]) -> Known:
    """A lookup for :func:`graphkit.data.read.read_datasets`: the ids the database holds, by label.

    Nodes that only the datasets being loaded define do not count: they are the
    ones a load may delete.

    Parameters
    ----------
    store : graphkit.db.store.Store
        The database.
    loading : iterable of str
        The names of the datasets about to be loaded.
    """
    names = list(loading)

    def known(ids: set[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        wanted = sorted(ids)
        for label in schema.LABELS:
            for row in store.read(cypher.known_ids_query(label), {"ids": wanted, "loading": names}):
                found[row["id"]] = label
        return found

    return known


class _Sync:
    """One load's transaction: the steps that make a dataset's facts equal its rows."""

    def __init__(self, tx, report: LoadReport, batch_size: int, tick: Callable[[str, int], None]) -> None:
        self.tx, self.report, self.batch_size, self.tick = tx, report, batch_size, tick

    def run(self, query: str, **params: Any) -> list[dict]:
        """The rows of one statement."""
        return [r.data() for r in self.tx.run(query, **params)]

    def write(self, query: str, rows: list, **params: Any) -> int:
        """Run a writing ``query`` over ``rows`` in batches; return the relationships it created."""
        created = 0
        for start in range(0, len(rows), self.batch_size):
            summary = self.tx.run(query, rows=rows[start : start + self.batch_size], **params).consume()
            created += summary.counters.relationships_created
        return created

    def lock(self) -> bool:
        """Lock out other loads; return whether the graph holds facts from before datasets were recorded."""
        self.run(cypher.lock_query(), id=cypher.LOCK_ID)
        return any(self.run(cypher.legacy_query(label))[0]["found"] for label in schema.LABELS)

    def dataset(
        self, name: str, nodes: dict[str, dict[str, dict]], rels: dict[Shape, dict[Identity, dict]], legacy: bool
    ) -> None:
        """Synchronise one dataset: stale relationships out, nodes in (or released), relationships in."""
        stored = self.stored_rels(name, legacy)
        keep = {i for table in nodes.values() for i in table} | {
            i for rows in rels.values() for f, t, _ in rows for i in (f, t)
        }
        for shape in sorted(set(stored) | set(rels)):
            self.delete_rels(name, shape, stored.get(shape, {}), rels.get(shape, {}), keep)
        for label, rows in nodes.items():
            self.sync_nodes(name, label, rows)
        for shape in sorted(set(stored) | set(rels)):
            self.write_rels(shape, stored.get(shape, {}), rels.get(shape, {}))

    def stored_rels(self, name: str, legacy: bool) -> dict[Shape, dict[Identity, tuple[str, str | None]]]:
        """What the dataset owns now (and, in an old database, what no dataset owns): identity → (owner, hash)."""
        out: dict[Shape, dict[Identity, tuple[str, str | None]]] = {}
        shapes = [(r.type, a, b) for r in schema.REL_TYPES for a in r.from_labels for b in r.to_labels]
        for shape in shapes:
            owners = [name, ""] if legacy else [name]
            for owner in owners:
                query = cypher.owned_rels_query(*shape, legacy=owner == "")
                for f, t, k, h in self.run(query, dataset=name)[0]["rows"]:
                    out.setdefault(shape, {}).setdefault((f, t, k), (owner, h))
        return out

    def delete_rels(
        self, name: str, shape: Shape, stored: Mapping[Identity, tuple], rows: Mapping[Identity, dict], keep: set[str]
    ) -> None:
        """Delete the dataset's facts of ``shape`` its rows no longer have, then nodes left with no owner and no tie."""
        gone = [{"from_id": f, "to_id": t, "key": k, "owner": name} for (f, t, k), (owner, _) in stored.items()
                if owner == name and (f, t, k) not in rows]  # fmt: skip
        self.write(cypher.rel_queries(*shape)["delete"], gone)
        self.report.count("relationship", shape[0], "deleted", len(gone))
        for label, ends in ((shape[1], {g["from_id"] for g in gone}), (shape[2], {g["to_id"] for g in gone})):
            orphans = sorted(ends - keep)
            if orphans:
                swept = self.run(cypher.node_queries(label)["sweep"], ids=orphans)[0]["deleted"]
                self.report.count("node", label, "deleted", swept)

    def write_rels(self, shape: Shape, stored: Mapping[Identity, tuple], rows: Mapping[Identity, dict]) -> None:
        queries = cypher.rel_queries(*shape)
        create, write = [], []
        for (f, t, k), props in rows.items():
            row = {"from_id": f, "to_id": t, "key": k, "props": props}
            if (f, t, k) not in stored:
                create.append(row)
            elif stored[f, t, k] != (props["dataset"], props["hash"]):
                write.append({**row, "owner": stored[f, t, k][0]})
        if self.write(queries["create"], create) != len(create):
            raise _Refused(_vanished(shape[0]))
        self.write(queries["write"], write)
        for what, n in (
            ("created", len(create)),
            ("updated", len(write)),
            ("unchanged", len(rows) - len(create) - len(write)),
        ):
            self.report.count("relationship", shape[0], what, n)
        self.tick(shape[0], len(rows))

    def sync_nodes(self, name: str, label: str, rows: dict[str, dict]) -> None:
        queries = cypher.node_queries(label)
        owned = {r["id"]: r for r in self.run(queries["owned"], dataset=name)}
        others = [i for i in rows if i not in owned]
        found = {r["id"]: r for r in self.run(queries["lookup"], ids=others)} if others else {}
        create, write, unchanged = [], [], 0
        for node_id, props in rows.items():
            stored = owned.get(node_id) or found.get(node_id)
            if stored is None:
                create.append({"id": node_id, "props": props})
                continue
            owners = [d for d in stored["datasets"] or [] if d != name]
            if stored["hash"] != props["hash"] and owners:
                raise _Refused(_conflict(label, node_id, name, owners))
            if stored["hash"] != props["hash"] or node_id not in owned:
                write.append({"id": node_id, "props": props, "datasets": sorted({*owners, name})})
            unchanged += stored["hash"] == props["hash"]
        self.write(queries["create"], create, dataset=name)
        self.write(queries["write"], write, dataset=name)
        gone = [i for i in owned if i not in rows]
        deleted = sum(r["deleted"] for start in range(0, len(gone), self.batch_size)
                      for r in self.run(queries["release"], ids=gone[start : start + self.batch_size], dataset=name))  # fmt: skip
        for what, n in (("created", len(create)), ("updated", len(rows) - len(create) - unchanged),
                        ("unchanged", unchanged), ("deleted", deleted)):  # fmt: skip
            self.report.count("node", label, what, n)
        self.tick(label, len(rows))

    def record(self, name: str, folder: str) -> None:
        info = {"folder": folder, "loaded_at": _dt.datetime.now(_dt.timezone.utc)}
        self.run(cypher.dataset_queries()["record"], name=name, info=info)


def _conflict(label: str, node_id: str, name: str, owners: list[str]) -> InvalidData:
    others = ", ".join(owners)
    return InvalidData(
        f"{label} {node_id!r} of dataset {name!r} differs from the one dataset {others} defines; nothing was written",
        f"make the two files agree, or unload {owners[0]} first",
    )


def _vanished(rel_type: str) -> InvalidData:
    return InvalidData(
        f"some {rel_type} relationships point at nodes that are no longer in the database "
        "(another load removed them meanwhile); nothing was written",
        "run the load again",
    )


def load(
    store, dataset: Dataset, batch_size: int = 10_000, dry_run: bool = False, progress: Progress | None = None
) -> LoadReport:
    """Synchronise every dataset of ``dataset`` with the database, in one transaction.

    The dataset must be valid (call ``dataset.raise_if_invalid()`` first).
    With ``dry_run`` the transaction is rolled back and the report says what
    a real load would have done.

    Parameters
    ----------
    store : graphkit.db.store.Store
        The database; ``write`` (constraints and indexes) and ``write_transaction`` are used.
    dataset : Dataset
        What :func:`graphkit.data.read.read_datasets` returned: one dataset per folder.
    batch_size : int
        Rows per ``UNWIND $rows`` batch.
    dry_run : bool
        Roll the transaction back (and create no constraints or indexes).
    progress : callable, optional
        Called as ``progress(what, done, total)`` after every label and relationship shape.

    Raises
    ------
    graphkit.errors.InvalidData
        If the dataset has errors, or defines a node differently from another dataset; nothing is written.
    graphkit.errors.EnvironmentProblem
        If the load does not fit in the server's transaction memory (see
        :meth:`graphkit.db.store.Store.write_transaction`); nothing is written.
    ValueError
        If ``batch_size`` is less than 1.
    """
    dataset.raise_if_invalid()
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    if not dry_run:
        ensure_schema(store)
    facts = [(name, folder, node_rows(dataset, name), rel_rows(dataset, name))
             for name, folder in zip(dataset.names, dataset.folders)]  # fmt: skip
    total = sum(sum(map(len, nodes.values())) + sum(map(len, rels.values())) for _, _, nodes, rels in facts)

    def transaction(tx) -> LoadReport:
        report = LoadReport(datasets=list(dataset.names), dry_run=dry_run)
        done = 0

        def tick(what: str, n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(what, done, total)

        sync = _Sync(tx, report, batch_size, tick)
        legacy = sync.lock()
        for name, folder, nodes, rels in facts:
            sync.dataset(name, nodes, rels, legacy)
            sync.record(name, str(folder))
        return report

    return _run(store, transaction, dry_run, started)


def _run(store, transaction: Callable[[Any], LoadReport], dry_run: bool, started: float) -> LoadReport:
    """Run the work in one write transaction (rolled back for a dry run); time it from ``started``."""

    def work(tx) -> LoadReport:
        report = transaction(tx)
        if dry_run:
            raise _DryRun(report)  # the report comes back through the rollback
        return report

    try:
        report = store.write_transaction(work)
    except _DryRun as rolled_back:
        report = rolled_back.args[0]
    except _Refused as refused:
        raise refused.args[0] from refused.__cause__
    report.seconds = time.perf_counter() - started
    return report


# -- unloading -----------------------------------------------------------------------------
def dataset_names(store) -> list[str]:
    """The names of the datasets in the database (recorded by a load, or owning any fact)."""
    rows = store.read(cypher.dataset_queries()["list"])
    return sorted({r["name"] for r in rows})


def unload(store, name: str, dry_run: bool = False, batch_size: int = 10_000) -> LoadReport:
    """Remove the facts of dataset ``name`` in one transaction: its relationships, and its nodes no other dataset uses.

    Parameters
    ----------
    store : graphkit.db.store.Store
        The database.
    name : str
        The dataset's name (``graphkit stats`` lists them).
    dry_run : bool
        Roll back, and report what would go.
    batch_size : int
        Rows per batch.

    Raises
    ------
    graphkit.errors.UsageProblem
        If no dataset of that name is loaded (the known names are in the hint).
    """
    known = dataset_names(store)
    if name not in known:
        hint = f"loaded: {', '.join(known)}" if known else "no dataset is loaded"
        raise UsageProblem(f"no dataset named {name!r} is loaded", hint)
    started = time.perf_counter()

    def transaction(tx) -> LoadReport:
        report = LoadReport(datasets=[name], dry_run=dry_run, verb="Unloaded")
        sync = _Sync(tx, report, batch_size, lambda what, n: None)
        sync.lock()
        sync.dataset(name, {label: {} for label in schema.LABELS}, {}, legacy=False)
        sync.run(cypher.dataset_queries()["forget"], name=name)
        return report

    return _run(store, transaction, dry_run, started)
