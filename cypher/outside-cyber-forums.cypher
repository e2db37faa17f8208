// name: outside-cyber-forums
// description: States in no cyber forum at all: no membership of a cyber forum and no signature, ratification or endorsement of a cyber instrument, as of a date (default today)
// param: forums: list[string] = foc,cri,gfce,un-gge-2019-2021,un-oewg-2021-2025 (optional)
// param: instruments: list[string] = budapest-convention,un-cybercrime-convention,paris-call (optional)
// param: as_of: date = 2020-01-01 (optional)
// columns: id, name, region, subregion
// Cyber forums by default: foc, cri, gfce, un-gge-2019-2021, un-oewg-2021-2025.
// Cyber instruments by default: the Budapest Convention and its protocols, the UN cybercrime convention, the Malabo,
// Arab IT-offences and SCO Yekaterinburg agreements, the Paris Call, the Christchurch Call, the DFI and the Pall Mall code.
// Bilateral agreements and membership through an organisation (e.g. the EU) do not count.
WITH coalesce($forums, ['foc', 'cri', 'gfce', 'un-gge-2019-2021', 'un-oewg-2021-2025']) AS forums,
     coalesce($instruments, ['budapest-convention', 'budapest-protocol-1', 'budapest-protocol-2',
                             'un-cybercrime-convention', 'malabo-convention', 'arab-it-offences-convention',
                             'sco-yekaterinburg-2009', 'paris-call', 'christchurch-call', 'dfi',
                             'pall-mall-code-of-practice']) AS instruments,
     coalesce($as_of, date()) AS day
MATCH (s:State)
WHERE NOT EXISTS {
        MATCH (s)-[r:MEMBER_OF]->(o:Organisation)
        WHERE o.id IN forums AND (r.since IS NULL OR r.since <= day) AND (r.until IS NULL OR r.until > day) }
  AND NOT EXISTS {
        MATCH (s)-[r:SIGNED|RATIFIED|ENDORSED]->(i:Instrument)
        WHERE i.id IN instruments AND (r.date IS NULL OR r.date <= day) }
RETURN s.id AS id, s.name AS name, s.region AS region, s.subregion AS subregion
ORDER BY region, subregion, name
