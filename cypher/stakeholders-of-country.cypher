// name: stakeholders-of-country
// description: The stakeholders (companies, civil society, academia …) based in one state, by kind, with the instruments they back
// param: state: string = FRA
// param: kind: choice[company|civil-society|academia|technical-community|public-authority|other] = company (optional)
// columns: kind, stakeholder, name, instruments
// Left out, kind = every kind.
MATCH (x:Stakeholder)-[:BASED_IN]->(:State {id: $state})
WHERE $kind IS NULL OR x.kind = $kind
OPTIONAL MATCH (x)-[:ENDORSED|SIGNED]->(i:Instrument)
WITH x, i ORDER BY i.id
WITH x, collect(DISTINCT i.id) AS backed
RETURN x.kind AS kind, x.id AS stakeholder, x.name AS name, backed AS instruments
ORDER BY kind, name
