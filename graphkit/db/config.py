"""Where graphkit's files live and how it connects to Neo4j.

Connection settings come, in this order, from explicit arguments (the CLI's
``--uri/--user/--password/--database`` flags), the ``NEO4J_URI``,
``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` environment
variables, and finally graphkit's own local server (``graphkit neo4j start``),
whose port and generated password are read from its data folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_PORT = 7687
DEFAULT_USER = "neo4j"
STATE_FILE = "server.json"
PASSWORD_FILE = "password"


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The local server's data folder: ``$GRAPHKIT_DATA_DIR`` or ``./.graphkit/neo4j``.

    Examples
    --------
    >>> default_data_dir({"GRAPHKIT_DATA_DIR": "/tmp/x"}).as_posix()
    '/tmp/x'
    """
    env = os.environ if env is None else env
    value = env.get("GRAPHKIT_DATA_DIR")
    return Path(value).expanduser().absolute() if value else Path.cwd() / ".graphkit" / "neo4j"


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where Neo4j's jars are kept: ``$GRAPHKIT_CACHE_DIR`` or the user's cache folder.

    Examples
    --------
    >>> default_cache_dir({"GRAPHKIT_CACHE_DIR": "/tmp/c"}).as_posix()
    '/tmp/c'
    """
    env = os.environ if env is None else env
    value = env.get("GRAPHKIT_CACHE_DIR")
    if value:
        return Path(value).expanduser().absolute()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("graphkit"))


def read_local_state(data_dir: Path) -> dict:
    """The local server's recorded state (``pid``, ``port``, ...), or ``{}``."""
    try:
        return json.loads((data_dir / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}


def read_local_password(data_dir: Path) -> str | None:
    """The generated password of the local server in ``data_dir``, if there is one."""
    try:
        return (data_dir / PASSWORD_FILE).read_text().strip() or None
    except OSError:
        return None


@dataclass(frozen=True)
class ConnectionConfig:
    """How to reach Neo4j. The password never appears in ``repr``.

    Examples
    --------
    >>> c = ConnectionConfig("bolt://127.0.0.1:7687", "neo4j", "s3cret", None)
    >>> "s3cret" in repr(c)
    False
    """

    uri: str
    user: str
    password: str | None = field(repr=False)
    database: str | None = None
    local: bool = False

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None


def _is_local_uri(uri: str, port: int) -> bool:
    parts = urlsplit(uri)
    return parts.hostname in {"127.0.0.1", "localhost", "::1"} and (parts.port or DEFAULT_PORT) == port


def resolve_connection(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    data_dir: Path | str | None = None,
    env: Mapping[str, str] | None = None,
) -> ConnectionConfig:
    """Combine flags, environment and the local server into one :class:`ConnectionConfig`.

    Examples
    --------
    >>> c = resolve_connection(env={"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io",
    ...                             "NEO4J_PASSWORD": "pw"}, data_dir="/nonexistent")
    >>> c.uri, c.user, c.local
    ('neo4j+s://abc.databases.neo4j.io', 'neo4j', False)
    >>> resolve_connection(data_dir="/nonexistent", env={}).uri
    'bolt://127.0.0.1:7687'
    """
    env = os.environ if env is None else env
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir(env)
    state = read_local_state(data_dir)
    local_port = int(state.get("port", DEFAULT_PORT))
    uri = uri or env.get("NEO4J_URI") or f"bolt://127.0.0.1:{local_port}"
    local = _is_local_uri(uri, local_port)
    user = user or env.get("NEO4J_USERNAME") or DEFAULT_USER
    if password is None:
        password = env.get("NEO4J_PASSWORD")
    if password is None and local:
        password = read_local_password(data_dir)
    database = database or env.get("NEO4J_DATABASE") or None
    return ConnectionConfig(uri=uri, user=user, password=password, database=database, local=local)
