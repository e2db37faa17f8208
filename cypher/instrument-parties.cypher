// name: instrument-parties
// description: Every state or organisation that signed, ratified or endorsed an instrument, one row each with the dates ('undated' when the date is unknown)
// param: instrument: string = budapest-convention
// columns: id, name, region, signed, ratified, endorsed
// Parties (ratified) first in the order they joined, then signatories, then endorsers.
MATCH (p)-[r:SIGNED|RATIFIED|ENDORSED]->(:Instrument {id: $instrument})
WITH p, collect(r) AS rels
WITH p, [t IN ['SIGNED', 'RATIFIED', 'ENDORSED'] |
         [x IN rels WHERE type(x) = t |
          coalesce(x.date_text, 'undated')][0]] AS dates
RETURN p.id AS id, p.name AS name, p.region AS region,
       dates[0] AS signed, dates[1] AS ratified, dates[2] AS endorsed
ORDER BY ratified IS NULL, ratified, signed IS NULL, signed, endorsed, name
