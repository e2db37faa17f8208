"""Centrality runs in Neo4j: write one run back, list runs, read a run's scores.

A run is written in **one managed write transaction**:

* ``(:CentralityRun {id, as_of, weights, computed_at, graphkit_version, metrics, seed, betweenness_pivots, states,
  actors})``
  — ``as_of`` a Date, or absent for "latest" (what held on the day of ``computed_at``), ``weights``
  the JSON text of the full multiplier table, ``computed_at`` a DateTime (UTC),
  ``metrics`` the list of metric names, ``seed`` the Louvain/pivot seed,
  ``betweenness_pivots`` the number of pivots (absent = exact), ``actors``
  the actors counted (``states`` or ``all``; a run written before it was
  recorded counted states), ``states`` the number of States scored and, with
  ``all``, ``stakeholders`` the number of Stakeholders;
* ``(:State)-[:SCORED {<metric>: value, ..., rank}]->(:CentralityRun)`` for
  every state of the cooperation graph (and ``(:Stakeholder)-[:SCORED]->`` for
  every stakeholder with ``actors`` ``all``), in ``UNWIND $rows`` batches, one
  query per label; ``rank`` is the actor's rank by PageRank (1 = top; equal
  values share a rank);
* the run's scores copied onto every ``:State`` as properties ``degree``,
  ``strength``, ``betweenness``, ``closeness``, ``eigenvector``, ``pagerank``,
  ``community`` and ``centrality_run`` (the run id). These always describe the
  **most recently written run** (whatever its ``as_of``); a metric the run did
  not compute is removed from the State, so the properties never mix runs.
  A Stakeholder carries the same properties from the latest run that scored
  it (its ``centrality_run`` says which).
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from graphkit import __version__
from graphkit.analysis import centrality
from graphkit.analysis.projection import (
    actor_labels,
    check_multipliers,
    cooperation_graph,
    exclude_forums,
    read_bipartite,
)
from graphkit.analysis.ranking import rank_changes, ranks
from graphkit.db import cypher
from graphkit.errors import InvalidData
from graphkit.values import native
from graphkit.vocabulary import DEFAULT_ACTORS, DEFAULT_SEED, METRICS

BATCH = 5_000
RUN = cypher.label("CentralityRun")
SCORED = cypher.rel_type("SCORED")
#: The columns of ``graphkit centrality runs``: all of them in CSV and JSON, the short ones in a table.
RUN_COLUMNS = ("id", "as_of", "computed_at", "actors", "states", "stakeholders", "metrics", "weights", "seed",
               "betweenness_pivots", "excluded", "graphkit_version")  # fmt: skip
TABLE_RUN_COLUMNS = ("id", "as_of", "computed_at", "actors", "states", "metrics")


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
    metrics = [m for m in METRICS if m in set(metrics)]
    rank = ranks(scores, rank_by) if rank_by in metrics and scores else {}
    rows = []
    for state in sorted(scores):
        values = {m: scores[state][m] for m in metrics}
        if rank:
            values["rank"] = rank[state]
        rows.append({"id": state, "scores": values})
    return rows


def run_record(
    scores: Mapping[str, Mapping[str, float]],
    metrics: Iterable[str],
    *,
    as_of: _dt.date | None = None,
    multipliers: Mapping[str, float] | None = None,
    seed: int | None = None,
    betweenness_pivots: int | None = None,
    excluded: Iterable[str] = (),
    computed_at: _dt.datetime | None = None,
    run_id: str | None = None,
    actors: str = DEFAULT_ACTORS,
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The properties of one ``:CentralityRun`` node (``None`` values left out).

    ``labels`` maps each scored id to its label (every id is a State when it
    is not given); ``states`` counts the States, ``stakeholders`` (with
    ``actors="all"``) the Stakeholders.

    Raises
    ------
    graphkit.errors.InvalidData
        If no metric was computed.
    graphkit.errors.UsageProblem
        For an unknown ``actors`` value.

    Examples
    --------
    >>> run = run_record({"FRA": {"degree": 1.0}}, ["degree"], run_id="r1")
    >>> run["id"], run["metrics"], run["states"], run["actors"], "as_of" in run
    ('r1', ['degree'], 1, 'states', False)
    >>> run = run_record({"FRA": {"degree": 1.0}, "acme": {"degree": 1.0}}, ["degree"], actors="all",
    ...                  labels={"FRA": "State", "acme": "Stakeholder"})
    >>> run["actors"], run["states"], run["stakeholders"]
    ('all', 1, 1)
    """
    counts = _label_counts(scores, actors, labels)
    metrics = [m for m in METRICS if m in set(metrics)]
    if not metrics:
        raise InvalidData("a centrality run needs at least one metric", "name one", fix="metrics")
    computed_at = computed_at or _dt.datetime.now(_dt.timezone.utc)
    run = {
        "id": run_id or new_run_id(as_of, computed_at),
        "as_of": as_of,
        "weights": json.dumps(check_multipliers(multipliers), sort_keys=True),
        "computed_at": computed_at,
        "graphkit_version": __version__,
        "metrics": metrics,
        "seed": seed,
        "betweenness_pivots": betweenness_pivots,
        "excluded": sorted(excluded) or None,
        "actors": actors,
        **counts,
    }
    return {k: v for k, v in run.items() if v is not None}


def _label_counts(scores: Mapping[str, Any], actors: str, labels: Mapping[str, str] | None) -> dict[str, int]:
    """``{states: n}`` and, with ``actors="all"``, ``{stakeholders: n}``: how many of each were scored."""
    wanted = actor_labels(actors)
    found = [(labels or {}).get(v, "State") for v in scores]
    counts = {"states": found.count("State")}
    if "Stakeholder" in wanted:
        counts["stakeholders"] = found.count("Stakeholder")
    return counts


def _run_queries(stale: Iterable[str], label: str = "State") -> tuple[str, str, str]:
    """The three query texts of a run: create the run node, the SCORED ties, the actors' properties.

    ``label`` (through :func:`graphkit.db.cypher.label`) is the label of the scored actors.

    Examples
    --------
    >>> _run_queries([], "Stakeholder")[1].splitlines()[2]
    'MATCH (s:Stakeholder {id: row.id})'
    """
    node = cypher.label(label)
    create = f"CREATE (r:{RUN}) SET r = $run"
    scored = (
        f"UNWIND $rows AS row\nMATCH (r:{RUN} {{id: $run}})\nMATCH (s:{node} {{id: row.id}})\n"
        f"CREATE (s)-[x:{SCORED}]->(r) SET x = row.scores\nRETURN count(x) AS n"
    )
    remove = "".join(f", s.{m} = null" for m in stale)
    props = (
        f"UNWIND $rows AS row\nMATCH (s:{node} {{id: row.id}})\n"
        f"SET s += row.scores, s.centrality_run = $run{remove}\nREMOVE s.rank"
    )
    return create, scored, props


def _rows_by_label(rows: list[dict], actors: str, labels: Mapping[str, str] | None) -> dict[str, list[dict]]:
    """The score rows of each actor label (in :func:`actor_labels` order; empty labels left out)."""
    grouped: dict[str, list[dict]] = {label: [] for label in actor_labels(actors)}
    for row in rows:
        label = (labels or {}).get(row["id"], "State")
        if label not in grouped:
            raise InvalidData(f"{row['id']!r} is a {label}, not one of the actors counted", "score actors only")
        grouped[label].append(row)
    return {label: chunk for label, chunk in grouped.items() if chunk}


def write_run(store, scores: Mapping[str, Mapping[str, float]], *, metrics: Iterable[str], batch_size: int = BATCH,
              **record: Any) -> str:  # fmt: skip
    """Write one run (run node, SCORED relationships, actor properties) in one transaction; return its id.

    ``scores`` is :func:`graphkit.analysis.centrality.compute`'s result; every actor in it
    must exist in the database. ``record`` takes the keyword arguments of
    :func:`run_record` (as_of, multipliers, seed, betweenness_pivots, excluded,
    computed_at, run_id, actors, labels); ``labels`` (id → ``State`` or
    ``Stakeholder``) picks the label each actor is matched by.

    Raises
    ------
    graphkit.errors.InvalidData
        If no metric was computed, or a scored actor is not in the database (nothing is written).
    """
    run = run_record(scores, metrics, **record)
    rows = score_rows(scores, run["metrics"])
    grouped = _rows_by_label(rows, run["actors"], record.get("labels"))
    stale = [m for m in METRICS if m not in run["metrics"]]

    def work(tx):
        tx.run(_run_queries(stale)[0], run=run).consume()
        written = 0
        for label, label_rows in grouped.items():
            _, scored, props = _run_queries(stale, label)
            for start in range(0, len(label_rows), batch_size):
                chunk = label_rows[start : start + batch_size]
                written += tx.run(scored, rows=chunk, run=run["id"]).single()["n"]
                tx.run(props, rows=chunk, run=run["id"]).consume()
        if written != len(rows):
            raise InvalidData(
                f"{len(rows) - written} scored actor(s) are not in the database",
                "compute the scores from the same database you write them to",
            )
        return run["id"]

    ensure_constraint(store)
    return store.write_transaction(work)


def write_scored(store, G, scores: Mapping[str, Mapping[str, float]]) -> str:
    """Write the run of ``(G, scores)`` as :func:`score` computed them, recording how (``G.graph``).

    Raises
    ------
    graphkit.errors.InvalidData
        As :func:`write_run`.
    """
    info = G.graph
    return write_run(
        store, scores, metrics=info["metrics"], as_of=info.get("as_of"), multipliers=info.get("multipliers"),
        seed=info.get("seed"), betweenness_pivots=info.get("betweenness_pivots"), excluded=info.get("excluded", ()),
        actors=info.get("actors", DEFAULT_ACTORS), labels={v: G.nodes[v].get("label", "State") for v in scores},
    )  # fmt: skip


def ensure_constraint(store) -> None:
    """The uniqueness constraint on ``CentralityRun.id`` (idempotent)."""
    store.write(cypher.constraint_statement(RUN))


def list_runs(store) -> list[dict]:
    """Every run, newest first: ``{id, as_of, computed_at, metrics, weights (dict), states, ...}``."""
    rows = store.read(f"MATCH (r:{RUN}) RETURN properties(r) AS run ORDER BY r.computed_at DESC, r.id")
    out = []
    for row in rows:
        run = {k: native(v) for k, v in row["run"].items()}
        if isinstance(run.get("weights"), str):
            run["weights"] = json.loads(run["weights"])
        run.setdefault("actors", DEFAULT_ACTORS)  # runs written before actors were recorded counted states
        out.append({**dict.fromkeys(RUN_COLUMNS), **run})
    return out


def read_run(store, run_id: str | None = None) -> tuple[dict, dict[str, dict[str, Any]]]:
    """A run (the newest when ``run_id`` is None) and its scores ``{actor: {metric: value, rank}}``.

    Raises
    ------
    graphkit.errors.InvalidData
        If there is no such run.
    """
    runs = list_runs(store)
    chosen = next((r for r in runs if r["id"] == run_id), None) if run_id else (runs[0] if runs else None)
    if chosen is None:
        raise InvalidData(
            f"no centrality run {run_id!r}" if run_id else "no centrality run in the database",
            "run `graphkit centrality` first: it writes its run",
        )
    actors = cypher.labels(actor_labels(chosen.get("actors") or DEFAULT_ACTORS))
    rows = store.read(
        f"MATCH (s:{actors})-[x:{SCORED}]->(:{RUN} {{id: $id}}) RETURN s.id AS id, properties(x) AS scores",
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
    actors: str = DEFAULT_ACTORS,
):
    """Read the graph (as of a date), project it and compute the metrics: ``(G, scores)``.

    ``exclude`` names forums to leave out (see
    :func:`graphkit.analysis.projection.exclude_forums`); ``actors``
    (``states`` or ``all``) the actors counted and scored (see
    :func:`graphkit.analysis.projection.cooperation_graph`).

    ``G`` is the cooperation graph; ``G.graph`` also records ``metrics``,
    ``seed`` and ``betweenness_pivots`` (``None`` = exact).

    Raises
    ------
    graphkit.errors.UsageProblem
        For an unknown metric, a bad multiplier, a forum to exclude that does not exist or unknown actors.
    """
    seed = DEFAULT_SEED if seed is None else seed
    wanted = centrality.check_metrics(metrics)
    B = exclude_forums(read_bipartite(store, as_of, actors=actors), exclude)
    G = cooperation_graph(B, multipliers, actors=actors)
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
    *,
    top: int | None = None,
    actors: str = DEFAULT_ACTORS,
) -> list[dict]:
    """Rank changes of ``metric`` between two dates, sorted by the rank at ``as_of_to``.

    Each row: ``{id, name, rank_from, rank_to, change, value_from, value_to}``;
    ``change`` = ``rank_from − rank_to`` (positive = moved up). With ``top``,
    only the states in the top N at either date (see
    :func:`graphkit.analysis.ranking.rank_changes`). With ``actors="all"``
    the stakeholders are ranked too and each row also has ``label`` and ``kind``.
    """
    before = score(store, as_of_from, multipliers, [metric], seed, betweenness_k, exclude, actors)
    after = score(store, as_of_to, multipliers, [metric], seed, betweenness_k, exclude, actors)
    return rank_changes(before, after, metric, top, details=actors != DEFAULT_ACTORS)
