// name: bilateral-agreements
// description: A state's bilateral cyber agreements: the partner and the dates of signature and adoption
// param: state: string = USA
// columns: instrument, name, partner, partner_name, signed, adopted
MATCH (s:State {id: $state})-[r:SIGNED]->(i:Instrument {kind: 'bilateral'})<-[:SIGNED]-(p)
WHERE p <> s
RETURN i.id AS instrument, i.name AS name, p.id AS partner, p.name AS partner_name,
       left(toString(r.date), coalesce({year: 4, month: 7}[r.date_precision], 10)) AS signed,
       left(toString(i.adopted), coalesce({year: 4, month: 7}[i.adopted_precision], 10)) AS adopted
ORDER BY coalesce(r.date, i.adopted), instrument
