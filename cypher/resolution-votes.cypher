// name: resolution-votes
// description: How states voted on one recorded UN General Assembly vote, by vote and region (states not listed did not vote or were absent)
// param: resolution: string = unga-res-73-266
// columns: vote, region, count, states
MATCH (s:State)-[v:VOTED]->(:Instrument {id: $resolution})
WITH v.vote AS vote, coalesce(s.region, '(no region)') AS region, s.id AS id
ORDER BY id
WITH vote, region, collect(id) AS states
RETURN vote, region, size(states) AS count, states
ORDER BY CASE vote WHEN 'yes' THEN 0 WHEN 'no' THEN 1 ELSE 2 END, region
