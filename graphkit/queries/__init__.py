"""The analysts' Cypher query library: parsed headers, typed parameters, running a query."""
