// name: state-instruments
// description: The instruments a state (or organisation) has signed, ratified (is party to) or endorsed, with dates
// param: state: string = FRA
// columns: instrument, name, kind, relation, date
MATCH (s {id: $state})-[r:SIGNED|RATIFIED|ENDORSED]->(i:Instrument)
WHERE s:State OR s:Organisation
RETURN i.id AS instrument, i.name AS name, i.kind AS kind, toLower(type(r)) AS relation,
       r.date_text AS date
ORDER BY r.date, instrument, relation
