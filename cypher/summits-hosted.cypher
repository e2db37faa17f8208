// name: summits-hosted
// description: How many summits each state hosted (optionally of one series), with the summits in date order
// param: series: string = igf (optional)
// columns: id, name, hosted, summits
// Left out, series = every series.
MATCH (s:State)-[:HOSTED]->(m:Summit)
WHERE $series IS NULL OR m.series = $series
WITH s, m ORDER BY m.start_date, m.id
RETURN s.id AS id, s.name AS name, count(m) AS hosted, collect(m.id) AS summits
ORDER BY hosted DESC, name
