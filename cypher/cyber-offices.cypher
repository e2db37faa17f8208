// name: cyber-offices
// description: States' cyber-diplomacy offices and ambassador posts, optionally of one region, by establishment date
// param: region: string = Europe (optional)
// columns: state, state_name, office, name, kind, established, closed
// closed = the day the office was closed or merged (null: open as of its source).
// Left out, region = every region.
MATCH (s:State)-[:HAS_OFFICE]->(o:CyberOffice)
WHERE $region IS NULL OR s.region = $region
RETURN s.id AS state, s.name AS state_name, o.id AS office, o.name AS name, o.kind AS kind,
       o.established_text AS established, o.closed_text AS closed
ORDER BY o.established, state
