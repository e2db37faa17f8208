"""Centrality runs in Neo4j: write one run back, list runs, read a run's scores.

A run is written in **one managed write transaction**:

* ``(:CentralityRun {id, as_of, weights, computed_at, graphkit_version, metrics, seed, betweenness_pivots, states})``
  — ``as_of`` a Date, or absent for "latest" (what held on the day of ``computed_at``), ``weights``
  the JSON text of the full multiplier table, ``computed_at`` a DateTime (UTC),
  ``metrics`` the list of metric names, ``seed`` the Louvain/pivot seed,
  ``betweenness_pivots`` the number of pivots (absent = exact);
* ``(:State)-[:SCORED {<metric>: value, ..., rank}]->(:CentralityRun)`` for
  every state of the cooperation graph, in ``UNWIND $rows`` batches;
  ``rank`` is the state's rank by PageRank (1 = top; equal values share a rank);
* the run's scores copied onto every ``:State`` as properties ``degree``,
  ``strength``, ``betweenness``, ``closeness``, ``eigenvector``, ``pagerank``,
  ``community`` and ``centrality_run`` (the run id). These always describe the
  **most recently written run** (whatever its ``as_of``); a metric the run did
  not compute is removed from the State, so the properties never mix runs.
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from graphkit.analysis.centrality import METRICS
from graphkit.data import schema
from graphkit.errors import InvalidData

BATCH = 5_000
RUN = schema.check_label("CentralityRun")
SCORED = schema.check_type("SCORED")
STATE = schema.check_label("State")


def new_run_id(as_of: _dt.date | None, computed_at: _dt.datetime) -> str:
    """A readable, unique run id: ``<computed_at>-<as_of or latest>-<6 hex>``.

    Examples
    --------
    >>> new_run_id(_dt.date(2015, 1, 1), _dt.datetime(2025, 3, 1, 12, 0, 5))[:34]
    '20250301T120005Z-as-of-2015-01-01-'
    """
    when = f"as-of-{as_of.isoformat()}" if as_of else "latest"
    return f"{computed_at:%Y%m%dT%H%M%SZ}-{when}-{uuid.uuid4().hex[:6]}"


def score_rows(
    scores: Mapping[str, Mapping[str, float]], metrics: Iterable[str], rank_by: str | None = "pagerank"
) -> list[dict]:
    """``[{id, scores: {metric: value, ..., rank}}]`` sorted by id (``rank`` only when ``rank_by`` was computed).

    Examples
    --------
    >>> score_rows({"FRA": {"pagerank": 0.6}, "DEU": {"pagerank": 0.4}}, ["pagerank"])
    [{'id': 'DEU', 'scores': {'pagerank': 0.4, 'rank': 2}}, {'id': 'FRA', 'scores': {'pagerank': 0.6, 'rank': 1}}]
    """
    from graphkit.analysis.centrality import ranks

    metrics = [m for m in METRICS if m in set(metrics)]
    rank = ranks(scores, rank_by) if rank_by in metrics and scores else {}
    rows = []
    for state in sorted(scores):
        values = {m: scores[state][m] for m in metrics}
        if rank:
            values["rank"] = rank[state]
        rows.append({"id": state, "scores": values})
    return rows


def write_run(
    store,
    scores: Mapping[str, Mapping[str, float]],
    *,
    metrics: Iterable[str],
    as_of: _dt.date | None = None,
    multipliers: Mapping[str, float] | None = None,
    seed: int | None = None,
    betweenness_pivots: int | None = None,
    excluded: Iterable[str] = (),
    computed_at: _dt.datetime | None = None,
    run_id: str | None = None,
    batch_size: int = BATCH,
) -> str:
    """Write one run (run node, SCORED relationships, State properties) in one transaction; return its id.

    ``scores`` is :func:`graphkit.analysis.centrality.compute`'s result; every state in it
    must exist in the database.
    """
    from graphkit import __version__
    from graphkit.analysis.projection import check_multipliers

    metrics = [m for m in METRICS if m in set(metrics)]
    if not metrics:
        raise InvalidData("a centrality run needs at least one metric", "pass --metric")
    computed_at = computed_at or _dt.datetime.now(_dt.timezone.utc)
    run_id = run_id or new_run_id(as_of, computed_at)
    run = {
        "id": run_id,
        "as_of": as_of,
        "weights": json.dumps(check_multipliers(multipliers), sort_keys=True),
        "computed_at": computed_at,
        "graphkit_version": __version__,
        "metrics": metrics,
        "seed": seed,
        "betweenness_pivots": betweenness_pivots,
        "excluded": sorted(excluded) or None,
        "states": len(scores),
    }
    rows = score_rows(scores, metrics)
    stale = [m for m in METRICS if m not in metrics]
    create = f"CREATE (r:{RUN}) SET r = $run"
    scored = (
        f"UNWIND $rows AS row\nMATCH (r:{RUN} {{id: $run}})\nMATCH (s:{STATE} {{id: row.id}})\n"
        f"CREATE (s)-[x:{SCORED}]->(r) SET x = row.scores\nRETURN count(x) AS n"
    )
    remove = "".join(f", s.{m} = null" for m in stale)
    props = (
        f"UNWIND $rows AS row\nMATCH (s:{STATE} {{id: row.id}})\n"
        f"SET s += row.scores, s.centrality_run = $run{remove}\nREMOVE s.rank"
    )

    def work(tx):
        tx.run(create, run={k: v for k, v in run.items() if v is not None}).consume()
        written = 0
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            written += tx.run(scored, rows=chunk, run=run_id).single()["n"]
            tx.run(props, rows=chunk, run=run_id).consume()
        if written != len(rows):
            raise InvalidData(
                f"{len(rows) - written} scored state(s) are not in the database",
                "compute the scores from the same database you write them to",
            )
        return run_id

    ensure_constraint(store)
    return store.write_transaction(work)


def ensure_constraint(store) -> None:
    """The uniqueness constraint on ``CentralityRun.id`` (idempotent)."""
    for statement in schema.constraint_statements():
        if f"(n:{RUN})" in statement:
            store.write(statement)


def _plain(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def list_runs(store) -> list[dict]:
    """Every run, newest first: ``{id, as_of, computed_at, metrics, weights (dict), states, ...}``."""
    rows = store.read(f"MATCH (r:{RUN}) RETURN properties(r) AS run ORDER BY r.computed_at DESC, r.id")
    out = []
    for row in rows:
        run = {k: _plain(v) for k, v in row["run"].items()}
        if isinstance(run.get("weights"), str):
            run["weights"] = json.loads(run["weights"])
        run.setdefault("as_of", None)
        out.append(run)
    return out


def read_run(store, run_id: str | None = None) -> tuple[dict, dict[str, dict[str, Any]]]:
    """A run (the newest when ``run_id`` is None) and its scores ``{state: {metric: value, rank}}``."""
    runs = list_runs(store)
    chosen = next((r for r in runs if r["id"] == run_id), None) if run_id else (runs[0] if runs else None)
    if chosen is None:
        raise InvalidData(
            f"no centrality run {run_id!r}" if run_id else "no centrality run in the database",
            "run `graphkit centrality --write` first",
        )
    rows = store.read(
        f"MATCH (s:{STATE})-[x:{SCORED}]->(:{RUN} {{id: $id}}) RETURN s.id AS id, properties(x) AS scores",
        {"id": chosen["id"]},
    )
    return chosen, {row["id"]: row["scores"] for row in sorted(rows, key=lambda r: r["id"])}


def score(
    store,
    as_of: _dt.date | None = None,
    multipliers: Mapping[str, float] | None = None,
    metrics: Iterable[str] | None = None,
    seed: int | None = None,
    betweenness_k: int | str | None = "auto",
    exclude: Iterable[str] = (),
):
    """Read the graph (as of a date), project it and compute the metrics: ``(G, scores)``.

    ``exclude`` names forums to leave out (see
    :func:`graphkit.analysis.projection.exclude_forums`).

    ``G`` is the cooperation graph; ``G.graph`` also records ``metrics``,
    ``seed`` and ``betweenness_pivots`` (``None`` = exact).
    """
    from graphkit.analysis import centrality
    from graphkit.analysis.projection import cooperation_graph, exclude_forums, read_bipartite

    seed = centrality.DEFAULT_SEED if seed is None else seed
    wanted = centrality.check_metrics(metrics)
    G = cooperation_graph(exclude_forums(read_bipartite(store, as_of), exclude), multipliers)
    pivots = centrality.betweenness_pivots(G, betweenness_k, seed) if "betweenness" in wanted else None
    scores = centrality.compute(G, wanted, seed=seed, betweenness_k=betweenness_k)
    G.graph.update(metrics=list(wanted), seed=seed, betweenness_pivots=None if pivots is None else len(pivots))
    return G, scores


def compare(
    store,
    as_of_from: _dt.date | None,
    as_of_to: _dt.date | None,
    metric: str = "pagerank",
    multipliers: Mapping[str, float] | None = None,
    seed: int | None = None,
    betweenness_k: int | str | None = "auto",
    exclude: Iterable[str] = (),
) -> list[dict]:
    """Rank changes of ``metric`` between two dates, sorted by the rank at ``as_of_to``.

    Each row: ``{id, name, rank_from, rank_to, change, value_from, value_to}``;
    ``change`` = ``rank_from − rank_to`` (positive = moved up).
    """
    from graphkit.analysis.centrality import _sort_key, ranks

    G1, s1 = score(store, as_of_from, multipliers, [metric], seed, betweenness_k, exclude)
    G2, s2 = score(store, as_of_to, multipliers, [metric], seed, betweenness_k, exclude)
    r1, r2 = ranks(s1, metric), ranks(s2, metric)
    rows = []
    for state in sorted(set(s1) | set(s2), key=lambda v: (r2.get(v, 10**9), _sort_key(v))):
        name = (G2.nodes[state] if state in G2 else G1.nodes[state]).get("name")
        rows.append(
            {
                "id": state,
                "name": name,
                "rank_from": r1.get(state),
                "rank_to": r2.get(state),
                "change": (r1[state] - r2[state]) if state in r1 and state in r2 else None,
                "value_from": s1.get(state, {}).get(metric),
                "value_to": s2.get(state, {}).get(metric),
            }
        )
    return rows
