"""Where graphkit's files live and how it connects to Neo4j.

Connection settings come, in this order, from explicit arguments (the CLI's
``--uri/--user/--password/--database`` flags), the ``NEO4J_URI``,
``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` environment
variables, and finally graphkit's own local server (``graphkit neo4j start``),
whose port and generated password are read from its data folder — and used
only while that server verifiably runs (see :mod:`graphkit.db.state`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from graphkit.db import state
from graphkit.errors import ServerNotRunning

DEFAULT_PORT = 7687
DEFAULT_USER = "neo4j"


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


@dataclass(frozen=True)
class ConnectionConfig:
    """How to reach Neo4j. The password never appears in ``repr``.

    ``data_dir`` is set when the connection goes to graphkit's local server
    of that folder: :func:`verified` then checks, right before connecting,
    that the server runs there, and reads its password only then.

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
    data_dir: Path | None = None

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None


def _port(uri: str) -> int:
    return urlsplit(uri).port or DEFAULT_PORT


def _is_local_uri(uri: str, port: int) -> bool:
    return urlsplit(uri).hostname in {"127.0.0.1", "localhost", "::1"} and _port(uri) == port


def verified(config: ConnectionConfig) -> ConnectionConfig:
    """``config`` ready to connect: for the local server, checked to run on its port now, with its password.

    Raises
    ------
    ServerNotRunning
        If the local server of ``config.data_dir`` is not running on that port (nothing is contacted).
    EnvironmentProblem
        If its password file is missing or damaged.

    Examples
    --------
    >>> remote = ConnectionConfig("neo4j+s://x.databases.neo4j.io", "neo4j", "pw")
    >>> verified(remote) is remote
    True
    >>> verified(ConnectionConfig("bolt://127.0.0.1:7687", "neo4j", None, local=True, data_dir=Path("/nonexistent")))
    Traceback (most recent call last):
    ...
    graphkit.errors.ServerNotRunning: the local Neo4j server is not running (data /nonexistent)
    """
    if config.data_dir is None:
        return config
    serving = state.serving(config.data_dir)
    if serving is None or serving.port != _port(config.uri):
        raise ServerNotRunning(
            f"the local Neo4j server is not running (data {config.data_dir})",
            "start it with `graphkit neo4j start`, or give the URI of another server",
            fix="uri",
        )
    if config.password is not None or config.user != DEFAULT_USER:
        return config
    return dataclasses.replace(config, password=state.read_password(config.data_dir))


def resolve_connection(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    data_dir: Path | str | None = None,
    env: Mapping[str, str] | None = None,
) -> ConnectionConfig:
    """Combine flags, environment and the local server into one :class:`ConnectionConfig`.

    Without a URI the connection goes to graphkit's local server of
    ``data_dir``; it is checked to run when the connection opens (see
    :func:`verified`), and its password is sent only there.

    Examples
    --------
    >>> c = resolve_connection(env={"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io",
    ...                             "NEO4J_PASSWORD": "pw"}, data_dir="/nonexistent")
    >>> c.uri, c.user, c.local
    ('neo4j+s://abc.databases.neo4j.io', 'neo4j', False)
    >>> c = resolve_connection(data_dir="/nonexistent", env={})
    >>> c.uri, c.local, c.password
    ('bolt://127.0.0.1:7687', True, None)
    """
    env = os.environ if env is None else env
    data_dir = Path(data_dir).absolute() if data_dir is not None else default_data_dir(env)
    uri = uri or env.get("NEO4J_URI")
    user = user or env.get("NEO4J_USERNAME") or DEFAULT_USER
    password = password if password is not None else env.get("NEO4J_PASSWORD")
    database = database or env.get("NEO4J_DATABASE") or None
    if uri is None:
        port = state.read_state(data_dir).get("port") or state.configured_port(data_dir) or DEFAULT_PORT
        return ConnectionConfig(f"bolt://127.0.0.1:{port}", user, password, database, True, data_dir)
    serving = state.serving(data_dir)
    if serving is not None and _is_local_uri(uri, serving.port):
        return ConnectionConfig(uri, user, password, database, True, data_dir)
    return ConnectionConfig(uri, user, password, database)
