"""Test fixtures: one real Neo4j server for the whole session.

The session starts graphkit's own local server (Neo4j 5.26 from Maven Central)
on a free port with a temporary data folder, points every graphkit command at
it through GRAPHKIT_DATA_DIR, and stops it at the end.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graphkit.db.server import LocalServer, free_port

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """The running test server (a :class:`graphkit.db.server.LocalServer`)."""
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        os.environ.pop(name, None)
    data_dir = tmp_path_factory.mktemp("neo4j-data")
    server = LocalServer(data_dir)
    server.start(port=free_port(), heap="1g", pagecache="256m", timeout=240)
    os.environ["GRAPHKIT_DATA_DIR"] = str(data_dir)
    try:
        yield server
    finally:
        server.stop(timeout=60)
        os.environ.pop("GRAPHKIT_DATA_DIR", None)


@pytest.fixture
def connection(neo4j_server):
    """A ConnectionConfig for the test server."""
    return neo4j_server.connection()


@pytest.fixture
def store(connection):
    from graphkit.db.store import Store

    with Store(connection) as st:
        yield st


@pytest.fixture
def empty_db(store):
    """The test database, emptied before the test (constraints kept)."""
    wipe(store)
    return store


def wipe(store) -> None:
    """Delete every node and relationship, in chunks."""
    while True:
        counters = store.write("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n")
        if counters.nodes_deleted == 0:
            break


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
