"""Neo4j: connection settings, the one store that talks to the driver, and graphkit's own local server."""
