"""Load benchmark: `graphkit load` vs a naive per-row loop vs Neo4j's own LOAD CSV, in one run.

Generates a synthetic dataset in graphkit's format (default: 20k state-like actors, 2k
organisations, 20k summits, 1M relationships), starts a fresh local Neo4j for the run
(so the three ways meet the same server), and loads the same files three ways:

1. graphkit: `read_datasets` + `ingest.load` (validation included, one transaction), then a
   reload where nothing changed and a reload where a tenth of the relationships are gone;
2. naive: one auto-committed query per row through the driver, on a sample, extrapolated;
3. LOAD CSV ... CALL { ... } IN TRANSACTIONS from the same files (constraints created first).

Prints rows/s for each and the ratios (targets: graphkit >= 0.8x LOAD CSV, >= 50x the loop).

    .venv/bin/python benchmarks/load.py                 # full size (a few minutes)
    .venv/bin/python benchmarks/load.py --scale 0.1     # a tenth of every size
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphkit.data.ingest import ensure_schema, load
from graphkit.data.read import read_datasets
from graphkit.data.synthetic import write_synthetic
from graphkit.db.server import LocalServer, free_port
from graphkit.db.store import Store

LOAD_CSV = {
    "organisations.csv": """LOAD CSV WITH HEADERS FROM 'file:///organisations.csv' AS row
CALL (row) {
  MERGE (x:Organisation {id: row.id})
  SET x.name = row.name, x.kind = row.kind, x.founded = date(row.founded), x.founded_precision = 'year',
      x.source = row.source, x.as_of = date(row.as_of), x.as_of_precision = 'day', x.note = row.note
} IN TRANSACTIONS OF 10000 ROWS""",
    "summits.csv": """LOAD CSV WITH HEADERS FROM 'file:///summits.csv' AS row
CALL (row) {
  MERGE (x:Summit {id: row.id})
  SET x.name = row.name, x.series = row.series, x.start_date = date(row.start_date), x.start_date_precision = 'day',
      x.source = row.source, x.as_of = date(row.as_of), x.as_of_precision = 'day'
} IN TRANSACTIONS OF 10000 ROWS""",
    "member_of.csv": """LOAD CSV WITH HEADERS FROM 'file:///member_of.csv' AS row
CALL (row) {
  MATCH (a:Organisation {id: row.from_id})
  MATCH (b:Organisation {id: row.to_id})
  MERGE (a)-[x:MEMBER_OF {key: row.role + '|' + row.since}]->(b)
  SET x.role = row.role, x.since = date(row.since), x.since_precision = 'year',
      x.source = row.source, x.as_of = date(row.as_of), x.as_of_precision = 'day'
} IN TRANSACTIONS OF 10000 ROWS""",
    "attended.csv": """LOAD CSV WITH HEADERS FROM 'file:///attended.csv' AS row
CALL (row) {
  MATCH (a:Organisation {id: row.from_id})
  MATCH (b:Summit {id: row.to_id})
  MERGE (a)-[x:ATTENDED]->(b)
  SET x.role = row.role, x.source = row.source, x.as_of = date(row.as_of), x.as_of_precision = 'day'
} IN TRANSACTIONS OF 10000 ROWS""",
}

NAIVE_NODE = "MERGE (x:Organisation {id: $id}) SET x.name = $name, x.kind = $kind"
NAIVE_REL = (
    "MATCH (a:Organisation {id: $from_id}) MATCH (b:Summit {id: $to_id}) "
    "MERGE (a)-[x:ATTENDED]->(b) SET x.role = $role, x.source = $source"
)


def drop_every(folder: Path, out: Path, n: int) -> Path:
    """A copy of ``folder`` without every ``n``-th row of its relationship files."""
    out.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if path.name in ("member_of.csv", "attended.csv"):
            lines = [lines[0], *(line for i, line in enumerate(lines[1:], start=1) if i % n)]
        (out / path.name).write_text("".join(lines), encoding="utf-8")
    return out


def wipe(store: Store) -> None:
    with store.driver.session(database=store.config.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def run_autocommit(store: Store, query: str) -> None:
    """CALL { } IN TRANSACTIONS needs an auto-commit transaction (this baseline only)."""
    with store.driver.session(database=store.config.database) as session:
        session.run(query).consume()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--forums", type=int, default=2_000)
    parser.add_argument("--summits", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=3_000, help="rows for the per-row loop")
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument(
        "--heap", default="8g", help="heap of the benchmark's own Neo4j (a 1M-row load needs about 3 GB)"
    )
    args = parser.parse_args()
    s = args.scale
    sizes = {
        "actors": int(args.actors * s),
        "forums": int(args.forums * s),
        "summits": int(args.summits * s),
        "relationships": int(args.relationships * s),
    }

    work = Path(tempfile.mkdtemp(prefix="graphkit-bench-load-"))
    folder = work / "data"
    t = time.perf_counter()
    counts = write_synthetic(folder, **sizes)
    rows = sum(counts.values())
    print(f"synthetic dataset: {counts} = {rows:,} rows, written in {time.perf_counter() - t:.1f} s")

    server = LocalServer(work / "neo4j")
    server.start(port=free_port(), heap=args.heap, pagecache="1g", progress=lambda m: print(m))
    try:
        with Store(server.connection()) as store:
            # 1. graphkit
            t = time.perf_counter()
            dataset = read_datasets([folder])
            t_validate = time.perf_counter() - t
            report = load(store, dataset, batch_size=args.batch_size)
            t_graphkit = time.perf_counter() - t
            assert report.totals()["created"] == rows, report.totals()
            print(
                f"graphkit load : {t_graphkit:8.1f} s  {rows / t_graphkit:10,.0f} rows/s  (validation {t_validate:.1f} s)"
            )
            t = time.perf_counter()
            again = load(store, read_datasets([folder]), batch_size=args.batch_size)
            t_reload = time.perf_counter() - t
            assert again.totals()["unchanged"] == rows, again.totals()
            print(
                f"graphkit reload (all unchanged): {t_reload:.1f} s = {t_reload / t_graphkit:.2f}x the first load (target <= 0.5x)"
            )
            smaller = drop_every(folder, work / "smaller", 10)
            t = time.perf_counter()
            trimmed = load(store, read_datasets([smaller], names=dataset.names), batch_size=args.batch_size)
            t_trim = time.perf_counter() - t
            print(
                f"graphkit reload (10% of the relationships gone): {t_trim:.1f} s = {t_trim / t_graphkit:.2f}x the "
                f"first load, deleted={trimmed.totals()['deleted']:,}, unchanged={trimmed.totals()['unchanged']:,}"
            )

            # 3. LOAD CSV from the same files
            wipe(store)
            for name in LOAD_CSV:
                shutil.copy(folder / name, server.import_dir / name)
            t = time.perf_counter()
            ensure_schema(store)
            for query in LOAD_CSV.values():
                run_autocommit(store, query)
            t_csv = time.perf_counter() - t
            n = (
                store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
                + store.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
            )
            assert n == rows, (n, rows)
            print(f"LOAD CSV      : {t_csv:8.1f} s  {rows / t_csv:10,.0f} rows/s")

            # 2. naive per-row loop on a sample (nodes already exist: MERGE finds them, like a re-run)
            wipe(store)
            ensure_schema(store)
            orgs = list(dataset.nodes["Organisation"].values())[: args.sample // 2]
            summits = list(dataset.nodes["Summit"].values())
            rels = dataset.rels["ATTENDED"][: args.sample - len(orgs)]
            needed = {r.values["from_id"] for r in rels}
            t = time.perf_counter()
            for rec in orgs:
                v = rec.values
                store.write(NAIVE_NODE, {"id": v["id"], "name": v["name"], "kind": v["kind"]})
            done = len(orgs)
            t_nodes = time.perf_counter() - t
            # endpoints for the relationship sample (not timed)
            for node_id in needed - {r.values["id"] for r in orgs}:
                store.write(NAIVE_NODE, {"id": node_id, "name": node_id, "kind": "international"})
            store.write("UNWIND $ids AS id MERGE (:Summit {id: id})", {"ids": [r.values["id"] for r in summits]})
            t = time.perf_counter()
            for rec in rels:
                v = rec.values
                store.write(
                    NAIVE_REL, {"from_id": v["from_id"], "to_id": v["to_id"], "role": v["role"], "source": v["source"]}
                )
            done += len(rels)
            t_naive = t_nodes + time.perf_counter() - t
            naive_rate = done / t_naive
            print(
                f"per-row loop  : {t_naive:8.1f} s for a sample of {done:,} rows  {naive_rate:10,.0f} rows/s "
                f"(extrapolated {rows / naive_rate:,.0f} s for all)"
            )

        rate_g, rate_c = rows / t_graphkit, rows / t_csv
        print()
        print(f"ratio graphkit / LOAD CSV     = {rate_g / rate_c:5.2f}x  (target >= 0.8x)")
        print(f"ratio graphkit / per-row loop = {rate_g / naive_rate:5.1f}x  (target >= 50x)")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
