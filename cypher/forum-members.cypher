// name: forum-members
// description: Members (states and organisations) of a forum with their role, as of a date (default today)
// param: forum: string = nato
// param: as_of: date = 2004-01-01 (optional)
// columns: id, name, role, since, until
// Partial dates count from the first day of their period: a membership "since 2004" is active on 2004-01-01.
WITH coalesce($as_of, date()) AS day
MATCH (m)-[r:MEMBER_OF]->(:Organisation {id: $forum})
WHERE (r.since IS NULL OR r.since <= day) AND (r.until IS NULL OR r.until > day)
RETURN m.id AS id, m.name AS name, r.role AS role,
       r.since_text AS since,
       r.until_text AS until
ORDER BY role, name
