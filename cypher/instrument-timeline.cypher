// name: instrument-timeline
// description: Signatures, ratifications and endorsements of an instrument per year, with the running total of parties (ratifications)
// param: instrument: string = budapest-convention
// columns: year, signed, ratified, endorsed, parties
// Rows without a date are counted in a last row with an empty year.
MATCH (:Instrument {id: $instrument})<-[r:SIGNED|RATIFIED|ENDORSED]-()
WITH r.date.year AS year,
     count(CASE type(r) WHEN 'SIGNED' THEN 1 END) AS signed,
     count(CASE type(r) WHEN 'RATIFIED' THEN 1 END) AS ratified,
     count(CASE type(r) WHEN 'ENDORSED' THEN 1 END) AS endorsed
ORDER BY year
WITH collect({year: year, signed: signed, ratified: ratified, endorsed: endorsed}) AS years
UNWIND range(0, size(years) - 1) AS i
RETURN years[i].year AS year, years[i].signed AS signed, years[i].ratified AS ratified,
       years[i].endorsed AS endorsed, reduce(total = 0, y IN years[0..i + 1] | total + y.ratified) AS parties
ORDER BY i
