"""Regenerate the query reference of docs/cypher.md by running every library query.

Usage (against the database graphkit is configured for: the local server, or NEO4J_* variables)::

    graphkit load datasets                      # the bundled dataset
    python docs/cypher_examples.py --compute-runs   # two centrality runs if there are none, then the docs
    python docs/cypher_examples.py --check          # exit 1 if docs/cypher.md is out of date

Each query runs with the example values of its header, except the ``run``,
``run_a`` and ``run_b`` parameters: run ids are unique to each computation, so
the examples use the default (the latest run, and the one before it). The part
of docs/cypher.md between the two GENERATED markers is replaced; the rest of the
page is written by hand.

``--compute-runs`` writes two centrality runs with graphkit's own library
(``graphkit.analysis.projection``, ``graphkit.analysis.centrality``, ``graphkit.analysis.runs``) when the
database has fewer than two: one as of 2020-01-01, then one of the latest data,
the same as ``graphkit centrality --as-of 2020-01-01`` followed by ``graphkit centrality``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit import output  # noqa: E402
from graphkit.db.config import resolve_connection  # noqa: E402
from graphkit.db.store import Store  # noqa: E402
from graphkit.queries.library import load_library  # noqa: E402
from graphkit.queries.run import run as run_query  # noqa: E402

DOC = ROOT / "docs" / "cypher.md"
BEGIN = "<!-- BEGIN GENERATED: python docs/cypher_examples.py -->"
END = "<!-- END GENERATED -->"
RUN_PARAMS = ("run", "run_a", "run_b")
MAX_ROWS = 8
MAX_WIDTH = 48


def compute_runs(store) -> None:
    """Two runs with fixed ids and times, so that the page is the same every time it is made."""
    from graphkit.analysis import centrality, projection, runs

    for day, as_of in enumerate((dt.date(2020, 1, 1), None), start=1):
        graph = projection.cooperation_graph(projection.read_bipartite(store, as_of))
        run_id = runs.write_run(
            store,
            centrality.compute(graph),
            metrics=centrality.METRICS,
            as_of=as_of,
            run_id=f"docs-{as_of or 'latest'}",
            computed_at=dt.datetime(2026, 1, day, tzinfo=dt.timezone.utc),
        )
        print(f"wrote centrality run {run_id}", file=sys.stderr)


def cell(text: str | None) -> str:
    """Text for a Markdown table cell (a | splits cells even inside backticks)."""
    return (text or "").replace("|", "\\|")


def section(store) -> str:
    counts = store.read(
        "MATCH (n) WHERE NOT n:CentralityRun AND NOT n:Dataset AND NOT n:LoadLock RETURN count(n) AS n"
    )[0]["n"]
    rels = store.read("MATCH ()-[r]->() WHERE NOT r:SCORED RETURN count(r) AS n")[0]["n"]
    runs = store.read("MATCH (r:CentralityRun) RETURN r.id AS id, r.as_of AS as_of ORDER BY r.computed_at")
    run_text = ", ".join(f"`{r['id']}`" for r in runs) or "none"
    lines = [
        BEGIN,
        "",
        f"The example results below come from the bundled dataset ({counts} nodes, {rels} relationships) "
        f"and {len(runs)} centrality run(s) ({run_text}); at most {MAX_ROWS} rows are shown.",
        "",
        "| query | answers |",
        "|---|---|",
    ]
    library = load_library()
    lines += [f"| [`{name}`](#{name}) | {cell(q.description)} |" for name, q in library.items()]
    lines.append("")
    for name, q in library.items():
        params = {k: [v] for k, v in q.example_params().items() if k not in RUN_PARAMS}
        result = run_query(store, q, q.bind(params))
        command = ["graphkit query run", name] + [f"-p {k}={shlex.quote(v[0])}" for k, v in params.items()]
        lines += [f"### {name}", "", q.description + ".", ""]
        if q.params:
            lines += ["| parameter | type | example |", "|---|---|---|"]
            lines += [
                f"| `{p.name}`{' (optional)' if p.optional else ''} | `{cell(p.type)}` | `{cell(p.example)}` |"
                for p in q.params
            ]
            lines.append("")
        for note in q.notes:
            lines.append(f"> {note}  ")
        if q.notes:
            lines.append("")
        lines += ["```console", f"$ {' '.join(command)}"]
        table = output.to_table(result.columns, result.records[:MAX_ROWS], MAX_WIDTH).splitlines()
        if len(result) > MAX_ROWS:
            table[-1] = f"… ({len(result)} rows)"
        lines += [*table, "```", ""]
        lines += ["<details><summary>Cypher</summary>", "", "```cypher", q.body, "```", "", "</details>", ""]
    lines.append(END)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if docs/cypher.md would change")
    parser.add_argument(
        "--compute-runs", action="store_true", help="write two centrality runs first if the database has fewer than two"
    )
    args = parser.parse_args()
    with Store(resolve_connection()) as store:
        if store.read("MATCH (s:State) RETURN count(s) AS n")[0]["n"] == 0:
            print("the database has no State: run `graphkit load datasets` first", file=sys.stderr)
            return 2
        if args.compute_runs and store.read("MATCH (r:CentralityRun) RETURN count(r) AS n")[0]["n"] < 2:
            compute_runs(store)
        generated = section(store)
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + generated + text[end:]
    if args.check:
        if new != text:
            print("docs/cypher.md is out of date: run python docs/cypher_examples.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
