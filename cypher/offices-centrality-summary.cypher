// name: offices-centrality-summary
// description: States with and without a cyber-diplomacy office compared: how many, their median and mean rank and mean centrality, in the latest run or a given run
// param: run: string = 20250601 (optional)
// columns: has_office, states, median_rank, mean_rank, mean_pagerank, mean_betweenness
// has_office: the state has an office that is not closed.
// Left out, run = the latest run by computed_at.
// run: a run id, or its beginning (ids start with the UTC time of the run, e.g. 20250601T120000Z-latest-1a2b3c); the latest matching run is used.
MATCH (run:CentralityRun)
WHERE $run IS NULL OR run.id STARTS WITH $run
WITH run ORDER BY run.computed_at DESC LIMIT 1
MATCH (s:State)-[sc:SCORED]->(run)
WITH s, sc, EXISTS { (s)-[:HAS_OFFICE]->(o:CyberOffice) WHERE o.closed IS NULL OR o.closed > date() } AS has_office
RETURN has_office, count(s) AS states, percentileDisc(sc.rank, 0.5) AS median_rank,
       round(avg(sc.rank), 1) AS mean_rank, avg(sc.pagerank) AS mean_pagerank,
       avg(sc.betweenness) AS mean_betweenness
ORDER BY has_office DESC
