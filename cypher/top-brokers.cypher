// name: top-brokers
// description: The states with the highest betweenness (brokers between blocs) in the latest centrality run, or a given run
// param: limit: int = 10 (optional)
// param: run: string = 20250601 (optional)
// columns: rank, id, name, betweenness, pagerank, community, run
// rank here is by betweenness (1 = top broker).
// Left out, limit = 10 and run = the latest run by computed_at.
// run: a run id, or its beginning (ids start with the UTC time of the run, e.g. 20250601T120000Z-latest-1a2b3c); the latest matching run is used.
MATCH (run:CentralityRun)
WHERE $run IS NULL OR run.id STARTS WITH $run
WITH run ORDER BY run.computed_at DESC LIMIT 1
MATCH (s:State)-[sc:SCORED]->(run)
WITH run, s, sc ORDER BY sc.betweenness DESC, s.id
WITH run, collect({s: s, sc: sc}) AS rows
UNWIND range(1, size(rows)) AS rank
WITH run, rank, rows[rank - 1] AS row
WHERE rank <= coalesce($limit, 10)
RETURN rank, row.s.id AS id, row.s.name AS name, row.sc.betweenness AS betweenness,
       row.sc.pagerank AS pagerank, row.sc.community AS community, run.id AS run
ORDER BY rank
