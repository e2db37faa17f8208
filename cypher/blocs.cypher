// name: blocs
// description: The blocs (communities) of the latest centrality run, or a given run: size, leading state by pagerank, members
// param: run: string = 20250601 (optional)
// columns: community, size, leading, members
// Left out, run = the latest run by computed_at.
// run: a run id, or its beginning (ids start with the UTC time of the run, e.g. 20250601T120000Z-latest-1a2b3c); the latest matching run is used.
MATCH (run:CentralityRun)
WHERE $run IS NULL OR run.id STARTS WITH $run
WITH run ORDER BY run.computed_at DESC LIMIT 1
MATCH (s:State)-[sc:SCORED]->(run)
WITH sc.community AS community, s ORDER BY sc.pagerank DESC, s.id
WITH community, collect(s) AS states
RETURN community, size(states) AS size, states[0].id AS leading, [x IN states | x.id] AS members
ORDER BY size DESC, community
