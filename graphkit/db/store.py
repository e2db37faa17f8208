"""The only module that talks to the Neo4j driver.

The driver connects once per store and checks the connection without
retrying, so an unreachable server fails within :data:`CONNECTION_TIMEOUT`
and a port that accepts but never answers within :data:`ACQUISITION_TIMEOUT`;
after that, managed transactions retry real transient errors. Sessions follow
the driver's ``execute_query_bookmark_manager``, so a read after a write sees
it on a cluster too.

Every query goes through a managed transaction: reads through
``execute_query(routing_=READ)``, writes through ``execute_query(routing_=WRITE)``
or ``session.execute_write`` when several statements must commit together.
That keeps ``neo4j://`` and ``neo4j+s://`` (cluster, Aura) URIs working
unchanged. Driver exceptions are translated into graphkit's own errors here.
"""

from __future__ import annotations

import contextlib
import re
import ssl
from collections.abc import Callable, Iterator
from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as nex

from graphkit.db import state
from graphkit.db.config import ConnectionConfig, verified
from graphkit.errors import AuthFailed, EnvironmentProblem, QueryFailed, ServerNotRunning

_ACCESS_MODE = "Neo.ClientError.Statement.AccessMode"
_OUT_OF_MEMORY = "MemoryPoolOutOfMemoryError"
_RATE_LIMIT = "Neo.ClientError.Security.AuthenticationRateLimit"
#: Seconds to open a connection: a dead or unreachable address fails within this.
CONNECTION_TIMEOUT = 2.5
#: Seconds a managed transaction is retried on transient errors once connected.
RETRY_TIME = 15
#: Seconds to get a working connection, handshake included: a port that accepts and never answers fails within this
#: (with the interpreter's start, `graphkit ping` then fails within 5 s even on a loaded machine).
ACQUISITION_TIMEOUT = 3.5


def _position(error: nex.Neo4jError) -> str:
    """Neo4j's '(line 1, column 8 (offset: 7))' part of a syntax error message, if any."""
    message = error.message or ""
    start = message.find("(line ")
    if start < 0:
        return ""
    end = message.find(")", message.find("(offset", start))
    return message[start : end + 2 if end > 0 else len(message)].strip()


def _auth_failed(config: ConnectionConfig) -> AuthFailed:
    if config.data_dir is not None and config.password is None:  # the password came from the data folder
        return AuthFailed(
            f"the local Neo4j server refused the password in {config.data_dir / state.PASSWORD_FILE}",
            state.RECOVER,
        )
    return AuthFailed(
        f"Neo4j at {config.uri} refused user '{config.user}': authentication failed",
        "check the password or NEO4J_PASSWORD",
        fix="password",
    )


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = error
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def _unreachable(config: ConnectionConfig, error: BaseException) -> ServerNotRunning:
    """Why ``config.uri`` cannot be used: TLS on one side only, not Bolt, or nothing there."""
    if any(isinstance(cause, ssl.SSLError) for cause in _causes(error)):
        return ServerNotRunning(
            f"cannot open a TLS connection to Neo4j at {config.uri}",
            "the server does not use TLS on this port: use bolt:// or neo4j://, or check its certificate",
            fix="uri",
        )
    if any("looks like http" in str(cause).lower() for cause in _causes(error)):
        return ServerNotRunning(
            f"{config.uri} answers HTTP, not Bolt",
            "use Neo4j's Bolt port (7687 by default), not its browser port (7474)",
            fix="uri",
        )
    if any("handshake" in str(cause).lower() for cause in _causes(error)):
        return ServerNotRunning(
            f"{config.uri} does not answer the Bolt handshake",
            "the server may need TLS (bolt+s://, neo4j+s://), or the port is not Neo4j's Bolt port",
            fix="uri",
        )
    if config.local:
        return ServerNotRunning(
            f"cannot reach Neo4j at {config.uri}", "start the local server with `graphkit neo4j start`"
        )
    return ServerNotRunning(
        f"cannot reach Neo4j at {config.uri}", "check the URI or NEO4J_URI and that the server is up", fix="uri"
    )


def _rate_limited(config: ConnectionConfig) -> AuthFailed:
    return AuthFailed(
        f"Neo4j at {config.uri} refused user '{config.user}' for now: too many wrong passwords in a row",
        "wait a few seconds, then check the password or NEO4J_PASSWORD",
        fix="password",
    )


def _syntax_error(error: nex.Neo4jError, shift: int = 0) -> QueryFailed:
    first = (error.message or str(error)).strip().splitlines()[0]
    where = _position(error)
    if where and where not in first:  # Neo4j 5 already ends the first line with the position
        first = f"{first} {where}"
    if shift:
        first = _unshifted(first, shift)
    return QueryFailed(f"Cypher syntax error: {first}", "fix the query and run it again")


def _unshifted(message: str, shift: int) -> str:
    """A position as it is in the statement without the ``shift`` characters graphkit put before line 1.

    Examples
    --------
    >>> _unshifted("Invalid input 'x' (line 1, column 17 (offset: 16))", 8)
    "Invalid input 'x' (line 1, column 9 (offset: 8))"
    >>> _unshifted("Invalid input 'x' (line 2, column 3 (offset: 20))", 8)
    "Invalid input 'x' (line 2, column 3 (offset: 12))"
    """

    def fix(match: re.Match) -> str:
        line, column, offset = (int(group) for group in match.groups())
        column = column - shift if line == 1 else column
        return f"(line {line}, column {max(column, 1)} (offset: {max(offset - shift, 0)}))"

    return re.sub(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)", fix, message)


def _refused(error: nex.Neo4jError) -> QueryFailed:
    if error.code == _ACCESS_MODE or "in read access mode" in (error.message or ""):
        return QueryFailed("the query writes to the database but ran read-only", "allow writes", fix="write")
    first = (error.message or str(error)).strip().splitlines()[0]
    return QueryFailed(f"Neo4j refused the query ({error.code}): {first}", "fix the query or its parameters")


@contextlib.contextmanager
def translate_errors(config: ConnectionConfig) -> Iterator[None]:
    """Turn driver exceptions into graphkit errors with a next step.

    Raises
    ------
    graphkit.errors.AuthFailed, graphkit.errors.ServerNotRunning, graphkit.errors.QueryFailed
        In place of the driver's authentication, connection and Cypher errors.
    """
    try:
        yield
    except nex.AuthError as error:
        raise _auth_failed(config) from error
    except (nex.ServiceUnavailable, nex.SessionExpired, OSError) as error:
        raise _unreachable(config, error) from error
    except nex.CypherSyntaxError as error:
        raise _syntax_error(error) from error
    except nex.ClientError as error:
        if error.code == _RATE_LIMIT:
            raise _rate_limited(config) from error
        raise _refused(error) from error
    except nex.DriverError as error:  # configuration problems such as a bad URI scheme
        raise ServerNotRunning(
            f"cannot use Neo4j at {config.uri}: {error}", "check the URI or NEO4J_URI", fix="uri"
        ) from error
    except ValueError as error:
        if "scheme" in str(error).lower() or "uri" in str(error).lower():
            raise ServerNotRunning(
                f"invalid Neo4j URI {config.uri!r}: {error}", "use bolt://, neo4j:// or neo4j+s://"
            ) from error
        raise


def _explained(query: str) -> tuple[str, int]:
    """``query`` as an EXPLAIN statement, and how many characters line 1 moved right.

    Examples
    --------
    >>> _explained("MATCH (n) RETURN n")
    ('EXPLAIN MATCH (n) RETURN n', 8)
    >>> _explained("  profile MATCH (n) RETURN n")
    ('  EXPLAIN MATCH (n) RETURN n', 0)
    >>> _explained("EXPLAIN RETURN 1")
    ('EXPLAIN RETURN 1', 0)
    """
    lead = re.match(r"\s*(EXPLAIN|PROFILE)\b", query, re.IGNORECASE)
    if lead:
        return query[: lead.start(1)] + "EXPLAIN" + query[lead.end(1) :], 0
    return "EXPLAIN " + query, len("EXPLAIN ")


class _TooBig(Exception):
    """The server ran out of transaction memory (raised out of the work function, so it is not retried)."""


def _not_retried_when_too_big(
    work: Callable[[neo4j.ManagedTransaction], Any],
) -> Callable[[neo4j.ManagedTransaction], Any]:
    def guarded(tx: neo4j.ManagedTransaction) -> Any:
        try:
            return work(tx)
        except nex.TransientError as error:
            if _OUT_OF_MEMORY in (error.code or "") or _OUT_OF_MEMORY in (error.message or ""):
                raise _TooBig() from error
            raise

    return guarded


class Store:
    """A connection to one Neo4j database.

    Use as a context manager so the driver is closed::

        with Store(resolve_connection()) as store:
            store.read("RETURN 1 AS one")
    """

    def __init__(self, config: ConnectionConfig) -> None:
        self.config = config
        self._driver: neo4j.Driver | None = None

    # -- lifecycle -----------------------------------------------------------------
    @property
    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            with translate_errors(self.config):
                config = verified(self.config)  # the local server's password only once it is seen to run
                driver = GraphDatabase.driver(
                    config.uri,
                    auth=config.auth,
                    connection_timeout=CONNECTION_TIMEOUT,
                    connection_acquisition_timeout=ACQUISITION_TIMEOUT,
                    max_transaction_retry_time=RETRY_TIME,
                    notifications_min_severity="OFF",
                )
            try:
                with translate_errors(self.config):
                    driver.verify_connectivity()  # once, without retries: a dead address fails at once
            except BaseException:
                driver.close()
                raise
            self._driver = driver
        return self._driver

    def _session(self):
        """A session that follows this store's earlier writes (causal consistency on clusters and Aura)."""
        driver = self.driver
        return driver.session(database=self.config.database, bookmark_manager=driver.execute_query_bookmark_manager)

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries -------------------------------------------------------------------
    def ping(self) -> None:
        """Check that the server answers and accepts our credentials."""
        self.read("RETURN 1 AS ok")

    def read(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read-only query (routed to a reader) and return its rows as dicts."""
        return self.query(query, parameters, write=False)[0]

    def query(
        self, query: str, parameters: dict[str, Any] | None = None, *, write: bool = False
    ) -> tuple[list[dict[str, Any]], list[str], Any]:
        """Run one statement in a managed transaction; return (rows, column names, summary).

        With ``write=False`` the transaction is READ, so a statement that writes fails.
        """
        records, keys, summary = self.raw_records(query, parameters, write=write)
        return [record.data() for record in records], keys, summary

    def raw_records(self, query: str, parameters: dict[str, Any] | None = None, *, write: bool = False):
        """Like :meth:`query` but keeps the driver's records (nodes, paths) for conversion."""
        with translate_errors(self.config):
            records, summary, keys = self.driver.execute_query(
                query,
                parameters or {},
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
                database_=self.config.database,
            )
        return records, list(keys), summary

    def explain(self, query: str, parameters: dict[str, Any] | None = None) -> Any:
        """The summary of ``EXPLAIN query``: its type and plan, without running it.

        A leading ``PROFILE`` becomes ``EXPLAIN``; a syntax error names the
        position in ``query`` itself.

        Raises
        ------
        graphkit.errors.QueryFailed
            If Neo4j cannot plan the statement.
        """
        text, shift = _explained(query)
        try:
            with translate_errors(self.config):
                return self.driver.execute_query(
                    text, parameters or {}, routing_=RoutingControl.READ, database_=self.config.database
                ).summary
        except QueryFailed as failed:
            if isinstance(failed.__cause__, nex.CypherSyntaxError):
                raise _syntax_error(failed.__cause__, shift) from failed.__cause__
            raise

    def write(self, query: str, parameters: dict[str, Any] | None = None) -> Any:
        """Run one writing statement; return the summary's counters."""
        return self.query(query, parameters, write=True)[2].counters

    def write_transaction(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        """Run ``work(tx)`` in one managed write transaction: all of it commits or none.

        Transient errors are retried by the driver, except running out of the
        memory the server gives transactions: retrying the same work cannot help.

        Raises
        ------
        graphkit.errors.EnvironmentProblem
            If the transaction does not fit in the server's transaction memory; nothing is written.
        """
        with translate_errors(self.config), self._session() as session:
            try:
                return session.execute_write(_not_retried_when_too_big(work))
            except _TooBig as too_big:
                raise EnvironmentProblem(
                    "the transaction does not fit in the memory Neo4j gives transactions; nothing was written",
                    "give the server more heap (for the local server: `graphkit neo4j stop`, then "
                    "`graphkit neo4j start --heap 4g`)",
                ) from too_big.__cause__

    def read_transaction(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        """Run ``work(tx)`` in one managed read transaction (a consistent snapshot)."""
        with translate_errors(self.config), self._session() as session:
            return session.execute_read(work)

    def server_version(self) -> str:
        rows = self.read("CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition")
        return f"{rows[0]['version']} {rows[0]['edition']}" if rows else "unknown"

    def node_count(self) -> int:
        return self.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
