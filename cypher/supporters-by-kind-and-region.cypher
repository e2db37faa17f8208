// name: supporters-by-kind-and-region
// description: For each instrument (or one), its supporters per kind of actor and per UN region of the state they are (based) in
// param: instrument: string = paris-call (optional)
// columns: instrument, kind, region, supporters
// kind is 'state' for states, 'organisation' for organisations, else the stakeholder's kind; a stakeholder's
// region is the region of the state it is BASED_IN (none when it has no BASED_IN). Left out, instrument = every
// instrument with a supporter.
MATCH (a)-[:ENDORSED|SIGNED|RATIFIED]->(i:Instrument)
WHERE ($instrument IS NULL OR i.id = $instrument) AND i.kind <> 'bilateral' AND (a:State OR a:Organisation OR a:Stakeholder)
OPTIONAL MATCH (a)-[:BASED_IN]->(home:State)
WITH i, a, CASE WHEN a:State THEN 'state' WHEN a:Organisation THEN 'organisation' ELSE a.kind END AS kind,
     CASE WHEN a:State THEN a.region ELSE home.region END AS region
RETURN i.id AS instrument, kind, region, count(DISTINCT a) AS supporters
ORDER BY instrument, kind, supporters DESC, region
