// name: shared-forums
// description: The forums (organisations) two states both belong to, as of a date (default today)
// param: a: string = FRA
// param: b: string = DEU
// param: as_of: date = 2000-01-01 (optional)
// columns: forum, name, kind, role_a, role_b
WITH coalesce($as_of, date()) AS day
MATCH (:State {id: $a})-[ra:MEMBER_OF]->(o:Organisation)<-[rb:MEMBER_OF]-(:State {id: $b})
WHERE all(r IN [ra, rb] WHERE (r.since IS NULL OR r.since <= day) AND (r.until IS NULL OR r.until > day))
RETURN o.id AS forum, o.name AS name, o.kind AS kind, ra.role AS role_a, rb.role AS role_b
ORDER BY forum
