// name: top-co-attendees
// description: The states that attended the most summits together with a given state (optionally of one series)
// param: state: string = FRA
// param: series: string = cri (optional)
// param: limit: int = 10 (optional)
// columns: partner, name, summits, summit_ids
// Left out, series = every series and limit = 10.
MATCH (:State {id: $state})-[:ATTENDED]->(s:Summit)<-[:ATTENDED]-(p:State)
WHERE $series IS NULL OR s.series = $series
WITH p, s ORDER BY s.start_date, s.id
RETURN p.id AS partner, p.name AS name, count(s) AS summits, collect(s.id) AS summit_ids
ORDER BY summits DESC, partner
LIMIT coalesce($limit, 10)
