// name: forum-joins-by-year
// description: Who joined a forum each year (by the start date of their membership; year empty when unknown)
// param: forum: string = cri
// param: role: choice[member|observer|partner] = member (optional)
// columns: year, joined, members
// Left out, role = every role (member, observer, partner).
MATCH (m)-[r:MEMBER_OF]->(:Organisation {id: $forum})
WHERE $role IS NULL OR r.role = $role
WITH r.since.year AS year, m ORDER BY m.id
RETURN year, count(m) AS joined, collect(m.id) AS members
ORDER BY year
