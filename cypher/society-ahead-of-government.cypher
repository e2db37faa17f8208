// name: society-ahead-of-government
// description: States whose companies, civil society or academia endorse a text that the government itself has not endorsed, signed or ratified
// param: instrument: string = paris-call (optional)
// columns: instrument, state, name, stakeholders, kinds
// Left out, instrument = every instrument. stakeholders = how many based in that state back it.
MATCH (x:Stakeholder)-[:ENDORSED|SIGNED]->(i:Instrument)
WHERE $instrument IS NULL OR i.id = $instrument
MATCH (x)-[:BASED_IN]->(s:State)
WHERE NOT (s)-[:ENDORSED|SIGNED|RATIFIED]->(i)
WITH i, s, count(DISTINCT x) AS stakeholders, collect(DISTINCT x.kind) AS found
WITH i, s, stakeholders,
     [k IN ['company', 'civil-society', 'academia', 'technical-community', 'public-authority', 'other'] WHERE k IN found] AS kinds
RETURN i.id AS instrument, s.id AS state, s.name AS name, stakeholders, kinds
ORDER BY instrument, stakeholders DESC, state
