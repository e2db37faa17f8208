// name: state-profile
// description: One state at a glance: region, current forums, instruments, summits, cyber offices and its latest centrality
// param: state: string = EST
// columns: id, name, region, subregion, forums, signed, ratified, endorsed, attended, hosted, offices, rank, pagerank, betweenness, community
// forums are current memberships (no end date, or one in the future); offices are those not closed; rank and scores come from the latest run that scored the state.
MATCH (s:State {id: $state})
OPTIONAL MATCH (s)-[sc:SCORED]->(run:CentralityRun)
WITH s, sc ORDER BY run.computed_at DESC LIMIT 1
RETURN s.id AS id, s.name AS name, s.region AS region, s.subregion AS subregion,
       COLLECT { MATCH (s)-[r:MEMBER_OF]->(o:Organisation) WHERE r.until IS NULL OR r.until > date()
                 RETURN DISTINCT o.id AS forum ORDER BY forum } AS forums,
       COUNT { (s)-[:SIGNED]->(:Instrument) } AS signed,
       COUNT { (s)-[:RATIFIED]->(:Instrument) } AS ratified,
       COUNT { (s)-[:ENDORSED]->(:Instrument) } AS endorsed,
       COUNT { (s)-[:ATTENDED]->(:Summit) } AS attended,
       COUNT { (s)-[:HOSTED]->(:Summit) } AS hosted,
       COLLECT { MATCH (s)-[:HAS_OFFICE]->(o:CyberOffice) WHERE o.closed IS NULL OR o.closed > date()
                 RETURN o.name AS office ORDER BY office } AS offices,
       sc.rank AS rank, sc.pagerank AS pagerank, sc.betweenness AS betweenness, sc.community AS community
