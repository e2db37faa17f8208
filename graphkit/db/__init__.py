"""Neo4j: connection settings, the one store that talks to the driver, the one Cypher builder, and the local server."""
