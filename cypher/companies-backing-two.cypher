// name: companies-backing-two
// description: The companies that back instrument a, and whether each also backs instrument b (both = true: they back the two)
// param: a: string = paris-call
// param: b: string = christchurch-call
// param: both_only: bool = false (optional)
// columns: company, name, based_in, both
// A company backs an instrument when it ENDORSED or SIGNED it. With both_only = true, only the companies that back both.
// The bundled data has company supporters of the Paris Call only so far, so the example finds no company backing both.
MATCH (c:Stakeholder {kind: 'company'})-[:ENDORSED|SIGNED]->(:Instrument {id: $a})
OPTIONAL MATCH (c)-[:BASED_IN]->(s:State)
WITH DISTINCT c, s, EXISTS { (c)-[:ENDORSED|SIGNED]->(:Instrument {id: $b}) } AS both
WHERE NOT coalesce($both_only, false) OR both
RETURN c.id AS company, c.name AS name, s.id AS based_in, both
ORDER BY both DESC, name
