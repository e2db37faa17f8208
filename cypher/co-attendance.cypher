// name: co-attendance
// description: How many summits two states both attended (optionally of one series), the first and last, and which
// param: a: string = FRA
// param: b: string = DEU
// param: series: string = cri (optional)
// columns: a, b, summits, first, last, summit_ids
// Left out, series = every series.
MATCH (a:State {id: $a}), (b:State {id: $b})
OPTIONAL MATCH (a)-[:ATTENDED]->(s:Summit)<-[:ATTENDED]-(b)
WHERE $series IS NULL OR s.series = $series
WITH a, b, s ORDER BY s.start_date, s.id
WITH a, b, collect(s) AS summits
RETURN a.id AS a, b.id AS b, size(summits) AS summits,
       summits[0].start_date_text AS first,
       summits[-1].start_date_text AS last,
       [x IN summits | x.id] AS summit_ids
