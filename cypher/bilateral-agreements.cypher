// name: bilateral-agreements
// description: A state's bilateral cyber agreements: the partner and the dates of signature and adoption
// param: state: string = USA
// columns: instrument, name, partner, partner_name, signed, adopted
MATCH (s:State {id: $state})-[r:SIGNED]->(i:Instrument {kind: 'bilateral'})<-[:SIGNED]-(p)
WHERE p <> s
RETURN i.id AS instrument, i.name AS name, p.id AS partner, p.name AS partner_name,
       r.date_text AS signed,
       i.adopted_text AS adopted
ORDER BY coalesce(r.date, i.adopted), instrument
