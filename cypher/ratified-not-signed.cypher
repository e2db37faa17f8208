// name: ratified-not-signed
// description: States party to one instrument that have neither signed nor joined another (e.g. Budapest Convention parties outside the UN cybercrime convention)
// param: party_to: string = budapest-convention
// param: not_signed: string = un-cybercrime-convention
// columns: id, name, region, ratified
MATCH (s:State)-[r:RATIFIED]->(:Instrument {id: $party_to})
WHERE NOT EXISTS { (s)-[:SIGNED|RATIFIED]->(:Instrument {id: $not_signed}) }
RETURN s.id AS id, s.name AS name, s.region AS region,
       r.date_text AS ratified
ORDER BY region, name
