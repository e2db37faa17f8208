// name: offices-vs-centrality
// description: Each state's cyber-diplomacy offices beside its centrality (rank, pagerank, betweenness) in the latest run, or a given run
// param: run: string = 20250601 (optional)
// param: with_office_only: bool = true (optional)
// columns: rank, id, name, has_office, offices, established, pagerank, betweenness
// has_office, offices, established: the state's open offices (closed ones are left out); established = the earliest establishment date among them.
// Left out, with_office_only = false (every scored state); run = the latest run by computed_at.
// run: a run id, or its beginning (ids start with the UTC time of the run, e.g. 20250601T120000Z-latest-1a2b3c); the latest matching run is used.
MATCH (run:CentralityRun)
WHERE $run IS NULL OR run.id STARTS WITH $run
WITH run ORDER BY run.computed_at DESC LIMIT 1
MATCH (s:State)-[sc:SCORED]->(run)
OPTIONAL MATCH (s)-[:HAS_OFFICE]->(o:CyberOffice WHERE o.closed IS NULL OR o.closed > date())
WITH s, sc, o ORDER BY o.established
WITH s, sc, collect(o) AS offices
WHERE NOT coalesce($with_office_only, false) OR size(offices) > 0
WITH s, sc, offices, [o IN offices WHERE o.established IS NOT NULL][0] AS first
RETURN sc.rank AS rank, s.id AS id, s.name AS name, size(offices) > 0 AS has_office,
       [o IN offices | o.name] AS offices,
       first.established_text AS established,
       sc.pagerank AS pagerank, sc.betweenness AS betweenness
ORDER BY rank, id
