// name: signatories-by-region
// description: For each instrument (or one), how many states of each UN region signed, ratified or endorsed it, and their share of the region
// param: instrument: string = un-cybercrime-convention (optional)
// columns: instrument, region, states, region_states, percent, signed, ratified, endorsed
// states = the region's states with any of the three relations; bilateral agreements are left out.
// Left out, instrument = every instrument.
MATCH (x:State)
WHERE x.region IS NOT NULL
WITH x.region AS region, count(*) AS region_states
MATCH (i:Instrument)
WHERE ($instrument IS NULL OR i.id = $instrument) AND i.kind <> 'bilateral'
MATCH (s:State {region: region})-[r:SIGNED|RATIFIED|ENDORSED]->(i)
WITH i, region, region_states, count(DISTINCT s) AS states,
     count(CASE type(r) WHEN 'SIGNED' THEN 1 END) AS signed,
     count(CASE type(r) WHEN 'RATIFIED' THEN 1 END) AS ratified,
     count(CASE type(r) WHEN 'ENDORSED' THEN 1 END) AS endorsed
RETURN i.id AS instrument, region, states, region_states, round(100.0 * states / region_states, 1) AS percent,
       signed, ratified, endorsed
ORDER BY instrument, states DESC, region
