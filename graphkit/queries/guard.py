"""The read-only guard: without ``write``, a statement runs only if its plan is a plain read.

Neo4j Community has no read-only roles (every user is an administrator), and a
READ transaction still lets administration and management statements through
(``TERMINATE TRANSACTIONS``, ``CALL dbms.killConnection``, ``LOAD CSV``). So
each statement is planned first (``EXPLAIN``, which runs nothing) and refused
unless its query type is a read and its plan holds no operator or procedure
that does more than read the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphkit.errors import QueryFailed

#: Operators that may appear in a read plan but do more than read the graph.
REFUSED_OPERATORS = {
    "LoadCSV": "reads a file or URL through the server (LOAD CSV)",
    "TerminateTransactions": "terminates transactions",
    "ShowTransactions": "lists the server's running transactions",
    "AdministrationCommand": "is an administration command (users, roles, databases)",
}
#: Procedures of mode DBMS that only tell what the server is.
READ_PROCEDURES = {"dbms.components", "dbms.info"}
#: What a query type other than a plain read ('r') does.
QUERY_TYPES = {
    "rw": "writes to the database",
    "w": "writes to the database",
    "s": "changes the schema or the server (an index, a constraint, a setting)",
}


def operators(plan: Any) -> Iterator[tuple[str, str]]:
    """The (operator, details) pairs of a plan, depth first; ``@database`` suffixes dropped.

    Parameters
    ----------
    plan : dict
        The plan of a result summary (``operatorType``, ``args``, ``children``).

    Examples
    --------
    >>> plan = {"operatorType": "ProduceResults@neo4j", "args": {"Details": "n"},
    ...         "children": [{"operatorType": "AllNodesScan@neo4j", "args": {"Details": "n"}}]}
    >>> list(operators(plan))
    [('ProduceResults', 'n'), ('AllNodesScan', 'n')]
    """
    if not plan:
        return
    name = str(plan.get("operatorType", "")).split("@", 1)[0]
    yield name, str((plan.get("args") or {}).get("Details") or "")
    for child in plan.get("children") or []:
        yield from operators(child)


def refusal(query_type: str, plan: Any, procedure_mode: Callable[[str], str]) -> str | None:
    """Why read-only mode refuses a planned statement, or ``None`` if it is a plain read.

    Parameters
    ----------
    query_type : str
        The summary's query type: ``r``, ``rw``, ``w`` or ``s``.
    plan : dict
        The summary's plan.
    procedure_mode : callable
        The mode (``READ``, ``WRITE``, ``SCHEMA``, ``DBMS``) of a procedure, by name.

    Examples
    --------
    >>> scan = {"operatorType": "AllNodesScan@neo4j", "args": {"Details": "n"}}
    >>> refusal("r", scan, lambda name: "READ") is None
    True
    >>> refusal("r", {"operatorType": "TerminateTransactions@neo4j"}, lambda name: "READ")
    'terminates transactions'
    >>> call = {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "dbms.killConnection($x) :: ()"}}
    >>> refusal("r", call, lambda name: "DBMS")
    'calls dbms.killConnection, a DBMS procedure'
    >>> refusal("rw", scan, lambda name: "READ")
    'writes to the database'
    """
    for name, details in operators(plan):
        if name in REFUSED_OPERATORS:
            return REFUSED_OPERATORS[name]
        if name == "ProcedureCall":
            procedure = details.split("(", 1)[0].strip()
            mode = procedure_mode(procedure)
            if mode != "READ" and procedure not in READ_PROCEDURES:
                return f"calls {procedure}, a {mode} procedure"
    return QUERY_TYPES.get(query_type) if query_type != "r" else None


def check_read_only(store: Any, text: str, params: dict[str, Any]) -> None:
    """Plan ``text`` and raise unless it is a plain read.

    Raises
    ------
    QueryFailed
        If the statement would write, change the schema, administer the server,
        manage transactions or connections, or load a file or URL.
    """
    summary = store.explain(text, params)
    modes: dict[str, str] = {}

    def procedure_mode(name: str) -> str:
        if not modes:
            rows = store.read("SHOW PROCEDURES YIELD name, mode RETURN name, mode")
            modes.update({row["name"]: row["mode"] for row in rows})
        return modes.get(name, "unknown")

    why = refusal(summary.query_type or "", summary.plan, procedure_mode)
    if why:
        raise QueryFailed(f"read-only mode refuses this statement: it {why}", "allow writes", fix="write")
