// name: cooperation-path
// description: The shortest chains of shared forum memberships linking two states (all of them, up to 50), as of a date (default today)
// param: a: string = EST
// param: b: string = SGP
// param: exclude: list[string] = un,commonwealth (optional)
// param: as_of: date = 2020-01-01 (optional)
// columns: hops, route, names
// `exclude` lists forums a path may not go through; default: un (universal membership links everyone in one hop).
// hops = the number of state-to-state steps: 1 means the two states share a forum.
MATCH (a:State {id: $a}), (b:State {id: $b})
WHERE a <> b
WITH a, b, coalesce($exclude, ['un']) AS excluded, coalesce($as_of, date()) AS day
MATCH p = allShortestPaths((a)-[:MEMBER_OF*..12]-(b))
WHERE none(n IN nodes(p) WHERE n.id IN excluded)
  AND all(r IN relationships(p) WHERE (r.since IS NULL OR r.since <= day) AND (r.until IS NULL OR r.until > day))
WITH p, [n IN nodes(p) | n.id] AS route
RETURN size([n IN nodes(p) WHERE n:State]) - 1 AS hops, route, [n IN nodes(p) | n.name] AS names
ORDER BY route
LIMIT 50
