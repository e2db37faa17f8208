// name: most-central
// description: The states ranked highest by one centrality metric (default pagerank) in the latest centrality run, or a given run
// param: metric: choice[pagerank|betweenness|eigenvector|closeness|degree|strength] = eigenvector (optional)
// param: limit: int = 10 (optional)
// param: run: string = 20250601 (optional)
// columns: position, id, name, value, rank, community, run
// position is by the chosen metric; rank is the run's overall rank (by pagerank).
// Left out, metric = pagerank and limit = 10; run = the latest run by computed_at.
// run: a run id, or its beginning (ids start with the UTC time of the run, e.g. 20250601T120000Z-latest-1a2b3c); the latest matching run is used.
MATCH (run:CentralityRun)
WHERE $run IS NULL OR run.id STARTS WITH $run
WITH run ORDER BY run.computed_at DESC LIMIT 1
WITH run, coalesce($metric, 'pagerank') AS metric
MATCH (s:State)-[sc:SCORED]->(run)
WITH run, s, sc, sc[metric] AS value ORDER BY value DESC, sc.rank, s.id
WITH run, collect({s: s, sc: sc, value: value}) AS rows
UNWIND range(1, size(rows)) AS position
WITH run, position, rows[position - 1] AS row
WHERE position <= coalesce($limit, 10)
RETURN position, row.s.id AS id, row.s.name AS name, row.value AS value, row.sc.rank AS rank,
       row.sc.community AS community, run.id AS run
ORDER BY position
