"""Counting what the graph holds: per label, per relationship type, per loaded dataset."""

from __future__ import annotations

from typing import Any

from graphkit.db import cypher

#: Labels of graphkit's own records (the loaded datasets, the load lock): not counted as data.
BOOKKEEPING = ("Dataset", "LoadLock")


def stats(store) -> dict[str, Any]:
    """Counts per label, per relationship type, and per loaded dataset.

    ``datasets`` maps each dataset's name to its node and relationship counts
    and when it was last loaded.

    Parameters
    ----------
    store : graphkit.db.store.Store
        The database; only its ``read`` is used.
    """
    labels = store.read(
        "MATCH (n) UNWIND labels(n) AS label WITH label WHERE NOT label IN $bookkeeping "
        "RETURN label, count(*) AS n ORDER BY label",
        {"bookkeeping": list(BOOKKEEPING)},
    )
    types = store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")
    node_owners = store.read("MATCH (n) WHERE n.datasets IS NOT NULL UNWIND n.datasets AS d RETURN d, count(*) AS n")
    rel_owners = store.read("MATCH ()-[r]->() WHERE r.dataset IS NOT NULL RETURN r.dataset AS d, count(*) AS n")
    datasets: dict[str, dict[str, Any]] = {}
    for row in store.read(cypher.dataset_queries()["list"]):
        loaded = row["info"].get("loaded_at")
        datasets[row["name"]] = {"nodes": 0, "relationships": 0,
                                 "loaded_at": loaded.iso_format() if hasattr(loaded, "iso_format") else loaded}  # fmt: skip
    for rows, key in ((node_owners, "nodes"), (rel_owners, "relationships")):
        for row in rows:
            datasets.setdefault(row["d"], {"nodes": 0, "relationships": 0, "loaded_at": None})[key] = row["n"]
    return {
        "nodes": {r["label"]: r["n"] for r in labels},
        "relationships": {r["type"]: r["n"] for r in types},
        "datasets": dict(sorted(datasets.items())),
    }


def stats_rows(counts: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """:func:`stats` as table rows (``kind``, ``name``, ``count``) and a note with the totals and the datasets.

    Parameters
    ----------
    counts : dict
        What :func:`stats` returned.

    Examples
    --------
    >>> rows, note = stats_rows({"nodes": {"State": 193, "Summit": 40}, "relationships": {"MEMBER_OF": 900},
    ...                          "datasets": {"graphkit-cyber-diplomacy": {"nodes": 233, "relationships": 900}}})
    >>> rows[0], rows[-1]
    ({'kind': 'node', 'name': 'State', 'count': 193}, {'kind': 'dataset', 'name': 'graphkit-cyber-diplomacy', 'count': 1133})
    >>> note
    'nodes (233), relationships (900), datasets (1)'
    """
    rows = [{"kind": "node", "name": k, "count": n} for k, n in counts["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": n} for k, n in counts["relationships"].items()]
    datasets = counts.get("datasets", {})
    rows += [{"kind": "dataset", "name": k, "count": d["nodes"] + d["relationships"]} for k, d in datasets.items()]
    nodes, rels = sum(counts["nodes"].values()), sum(counts["relationships"].values())
    return rows, f"nodes ({nodes}), relationships ({rels}), datasets ({len(datasets)})"
