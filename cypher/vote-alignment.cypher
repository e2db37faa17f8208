// name: vote-alignment
// description: How often each other state voted like this one in recorded UN General Assembly votes (share of the votes both cast)
// param: state: string = USA
// param: min_votes: int = 2 (optional)
// columns: state, name, votes, same, agreement
MATCH (:State {id: $state})-[a:VOTED]->(r:Instrument)<-[b:VOTED]-(o:State)
WITH o, count(r) AS votes, sum(CASE WHEN a.vote = b.vote THEN 1 ELSE 0 END) AS same
WHERE votes >= coalesce($min_votes, 1)
RETURN o.id AS state, o.name AS name, votes, same, round(toFloat(same) / votes, 3) AS agreement
ORDER BY agreement DESC, votes DESC, state
