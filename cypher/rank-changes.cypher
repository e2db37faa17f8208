// name: rank-changes
// description: How states' ranks changed between two centrality runs (default: the latest run and the one before it)
// param: run_a: string = 20240601 (optional)
// param: run_b: string = 20250601 (optional)
// param: limit: int = 20 (optional)
// columns: id, name, rank_a, rank_b, change, pagerank_a, pagerank_b, run_a, run_b
// change = rank_a - rank_b: positive means the state rose. States absent from run_a have no change and come last.
// run_a, run_b: run ids or their beginnings (ids start with the UTC time of the run); the latest matching run is used.
// Without run_b, the latest run; without run_a, the last run computed before run_b.
// Left out, limit = 20.
MATCH (run:CentralityRun)
WITH run ORDER BY run.computed_at DESC
WITH collect(run) AS runs
WITH runs, CASE WHEN $run_b IS NULL THEN runs[0] ELSE [x IN runs WHERE x.id STARTS WITH $run_b][0] END AS rb
WITH rb, CASE WHEN $run_a IS NULL THEN [x IN runs WHERE x.computed_at < rb.computed_at][0]
              ELSE [x IN runs WHERE x.id STARTS WITH $run_a][0] END AS ra
WHERE ra IS NOT NULL AND rb IS NOT NULL
MATCH (s:State)-[sb:SCORED]->(rb)
OPTIONAL MATCH (s)-[sa:SCORED]->(ra)
RETURN s.id AS id, s.name AS name, sa.rank AS rank_a, sb.rank AS rank_b, sa.rank - sb.rank AS change,
       sa.pagerank AS pagerank_a, sb.pagerank AS pagerank_b, ra.id AS run_a, rb.id AS run_b
ORDER BY coalesce(abs(change), -1) DESC, rank_b, id
LIMIT coalesce($limit, 20)
