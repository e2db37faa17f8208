"""graphkit's own local Neo4j server: provision it from Maven Central, start, stop, inspect.

Neo4j 5.26 LTS Community is resolved with Maven (see :mod:`graphkit.db.maven`)
into a cache folder, then run in its own JVM with the server's entry point
``org.neo4j.server.CommunityEntryPoint`` — what ``neo4j console`` runs — with
no Java code of graphkit's own.

Layout of a data folder (default ``./.graphkit/neo4j``)::

    conf/neo4j.conf   written at every start (port, memory)
    data/ logs/ run/ import/
    password          the generated password of user neo4j
    server.json       pid, port, version of the running server
    server.lock       held while a graphkit command starts, stops or resets the server
    console.log       the server's standard output (``graphkit neo4j logs``)

The folder is private to the user (0700, files 0600) and the JVM runs with
umask 077, so the store's own files are private too. The password reaches
Neo4j's admin tool through a private argument file, never a command line.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import signal
import string
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graphkit.db import maven, state
from graphkit.db.config import DEFAULT_PORT, ConnectionConfig, default_cache_dir, default_data_dir
from graphkit.db.maven import NEO4J_VERSION, Progress, find_java
from graphkit.db.process import free_port as free_port  # re-exported: the tests and benchmarks import it from here
from graphkit.db.process import listening_ports, pid_alive, port_is_free
from graphkit.db.state import ENTRY_POINT, PASSWORD_FILE, RECOVER, STATE_FILE
from graphkit.errors import AuthFailed, EnvironmentProblem, GraphkitError, ServerNotRunning

ADMIN_TOOL = "org.neo4j.cli.AdminTool"

# The flags Neo4j's own launcher passes (server.jvm.additional in its default neo4j.conf)
# that matter on Java 17+: netty and the page cache reflect into java.nio.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]


def _quiet(_: str) -> None:
    pass


@dataclass
class ServerStatus:
    """What ``graphkit neo4j status`` reports.

    Parameters
    ----------
    running : bool
        True if the data folder's server process runs.
    data_dir : Path
        The data folder.
    pid, port : int, optional
        The server's process id and Bolt port, when it runs.
    version : str, optional
        Neo4j's version (and edition, once it answered).
    node_count : int, optional
        The number of nodes, once it answered.
    answering : bool, optional
        True if it answered a query with our credentials.

    Examples
    --------
    >>> ServerStatus(True, Path("d"), pid=1, port=7687).uri
    'bolt://127.0.0.1:7687'
    """

    running: bool
    data_dir: Path
    pid: int | None = None
    port: int | None = None
    version: str | None = None
    node_count: int | None = None
    answering: bool = False

    @property
    def uri(self) -> str | None:
        """The Bolt URI of the server, if it has a port."""
        return f"bolt://127.0.0.1:{self.port}" if self.port else None

    def describe(self) -> str:
        """What ``graphkit neo4j status`` prints: one line if it is not running, a short block if it is.

        Examples
        --------
        >>> print(ServerStatus(False, Path("/srv/graph")).describe())
        Neo4j is not running (data /srv/graph)
        >>> print(ServerStatus(True, Path("/srv/graph"), pid=42, port=7687, version="5.26.30").describe())
        Neo4j is running
          uri:     bolt://127.0.0.1:7687
          version: 5.26.30
          pid:     42
          data:    /srv/graph
          nodes:   not answering yet
        """
        if not self.running:
            return f"Neo4j is not running (data {self.data_dir})"
        return (
            f"Neo4j is running\n  uri:     {self.uri}\n  version: {self.version}\n  pid:     {self.pid}\n"
            f"  data:    {self.data_dir}\n  nodes:   {self.node_count if self.answering else 'not answering yet'}"
        )


def new_password() -> str:
    """32 random letters and digits (no leading '-' that a tool could read as an option).

    Examples
    --------
    >>> len(new_password()), new_password().isalnum()
    (32, True)
    """
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def transaction_memory(heap: str) -> str:
    """The memory all open transactions may use together: 70 % of the heap (Neo4j's size syntax).

    Examples
    --------
    >>> transaction_memory("1g"), transaction_memory("512m"), transaction_memory("4G")
    ('716m', '358m', '2867m')
    """
    units = {"k": 1 / 1024, "m": 1, "g": 1024, "t": 1024 * 1024}
    text = heap.strip().lower()
    mib = float(text[:-1]) * units[text[-1]] if text[-1:] in units else float(text) / 2**20
    return f"{max(32, int(mib * 0.7))}m"


class LocalServer:
    """The local Neo4j server of one data folder.

    Parameters
    ----------
    data_dir : path, optional
        Where the database, its configuration, logs and password live.
    cache_dir : path, optional
        Where Neo4j's jars are downloaded (shared by all data folders).

    Examples
    --------
    >>> server = LocalServer("/srv/graph", cache_dir="/var/cache/graphkit")
    >>> server.conf_dir, server.install_dir.name
    (PosixPath('/srv/graph/conf'), 'neo4j-5.26.30')
    """

    def __init__(self, data_dir: Path | str | None = None, cache_dir: Path | str | None = None) -> None:
        self.data_dir = Path(data_dir).absolute() if data_dir else default_data_dir()
        self.cache_dir = Path(cache_dir).absolute() if cache_dir else default_cache_dir()

    # -- paths ---------------------------------------------------------------------
    @property
    def install_dir(self) -> Path:
        """The install folder of this Neo4j version in the cache."""
        return self.cache_dir / f"neo4j-{NEO4J_VERSION}"

    @property
    def lib_dir(self) -> Path:
        """Neo4j's jars."""
        return self.install_dir / "lib"

    @property
    def conf_dir(self) -> Path:
        """The folder of ``neo4j.conf``."""
        return self.data_dir / "conf"

    @property
    def import_dir(self) -> Path:
        """Neo4j's import folder (``LOAD CSV`` reads here)."""
        return self.data_dir / "import"

    @property
    def console_log(self) -> Path:
        """The server's standard output and error."""
        return self.data_dir / "console.log"

    @property
    def password_file(self) -> Path:
        """The generated password of user neo4j."""
        return self.data_dir / PASSWORD_FILE

    @property
    def state_file(self) -> Path:
        """The running server's pid, port and version."""
        return self.data_dir / STATE_FILE

    def connection(self, port: int | None = None) -> ConnectionConfig:
        """The connection settings of this server: Bolt on 127.0.0.1, user neo4j, the generated password.

        Parameters
        ----------
        port : int, optional
            The Bolt port; by default the recorded one (else the default port).

        Raises
        ------
        EnvironmentProblem
            If the password file is missing or unreadable.
        """
        port = port or int(state.read_state(self.data_dir).get("port", DEFAULT_PORT))
        return ConnectionConfig(
            f"bolt://127.0.0.1:{port}", "neo4j", state.read_password(self.data_dir), None, local=True
        )

    # -- install -------------------------------------------------------------------
    def is_installed(self) -> bool:
        """True if Neo4j is installed in the cache (see :func:`graphkit.db.maven.is_installed`)."""
        return maven.is_installed(self.install_dir)

    def install(self, progress: Progress = _quiet) -> Path:
        """Resolve Neo4j into the cache; idempotent (see :func:`graphkit.db.maven.install`)."""
        return maven.install(self.install_dir, progress)

    # -- start / stop --------------------------------------------------------------
    def running_pid(self) -> int | None:
        """The PID of this data folder's server if it is running (found even without ``server.json``).

        Examples
        --------
        >>> LocalServer("/no/such/folder").running_pid() is None
        True
        """
        return state.server_pid(self.data_dir)

    def start(
        self,
        port: int = DEFAULT_PORT,
        heap: str = "1g",
        pagecache: str = "512m",
        timeout: float = 180.0,
        progress: Progress = _quiet,
    ) -> ServerStatus:
        """Start the server in its own JVM (installing Neo4j first if needed) and wait until Bolt answers.

        Parameters
        ----------
        port : int, optional
            The Bolt port on 127.0.0.1.
        heap, pagecache : str, optional
            Neo4j's heap (initial and maximum) and page cache sizes, e.g. ``1g``, ``512m``.
        timeout : float, optional
            Seconds to wait for Bolt to answer; the server is stopped after that.
        progress : callable, optional
            Called with one line of text at each step.

        Returns
        -------
        ServerStatus
            The status of the running server.

        Raises
        ------
        EnvironmentProblem
            If a server already runs on this data folder or another graphkit
            command is starting it, the port is in use, java or mvn is missing
            or too old, the password file is missing or bad, or Neo4j exits or
            does not answer in time. A failed start leaves no JVM behind.
        """
        with state.exclusive(self.data_dir, "start it"):
            self._refuse_if_running()
            self._refuse_if_port_taken(port)
            java = find_java()
            if not self.is_installed():
                self.install(progress)
            self._write_config(port, heap, pagecache)
            self._ensure_password(java)
            config = self.connection(port)  # a bad password file fails here, before any JVM runs
            proc = self._launch(java, heap)
            try:
                self._record_state(proc.pid, port, heap, pagecache)
                self._wait_until_answering(proc, config, timeout, progress)
            except BaseException:
                self._terminate(proc.pid, 30.0, progress)
                self.state_file.unlink(missing_ok=True)
                raise
        return self.status()

    def _refuse_if_running(self) -> None:
        pid = self.running_pid()
        if pid:
            port = state.read_state(self.data_dir).get("port") or state.configured_port(self.data_dir)
            raise EnvironmentProblem(
                f"a Neo4j server is already running on data folder {self.data_dir} (PID {pid}, port {port})",
                "stop it first with `graphkit neo4j stop`",
            )

    def _refuse_if_port_taken(self, port: int) -> None:
        if not port_is_free(port):
            raise EnvironmentProblem(
                f"port {port} on 127.0.0.1 is already in use", "choose another port or stop what uses it", fix="port"
            )

    def _write_config(self, port: int, heap: str, pagecache: str, auth: bool = True) -> None:
        """Create the data folder's sub-folders (private) and write ``conf/neo4j.conf`` afresh."""
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.data_dir / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        state.make_private(self.data_dir)
        text = "# Written by graphkit at every start; edit the flags, not this file.\n"
        settings = self._settings(port, heap, pagecache, auth)
        text += "".join(f"{key}={value}\n" for key, value in settings.items())
        state.write_private(self.conf_dir / "neo4j.conf", text)

    def _settings(self, port: int, heap: str, pagecache: str, auth: bool = True) -> dict[str, str]:
        """The settings of ``neo4j.conf``: Bolt only, on 127.0.0.1, folders inside the data folder."""
        return {
            "server.default_listen_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{port}",
            "server.bolt.advertised_address": f"127.0.0.1:{port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "server.memory.heap.initial_size": heap,
            "server.memory.heap.max_size": heap,
            "server.memory.pagecache.size": pagecache,
            # a transaction too big for the heap fails cleanly (and changes nothing) instead of exhausting it
            "dbms.memory.transaction.total.max": transaction_memory(heap),
            "dbms.security.auth_enabled": "true" if auth else "false",
            # LOAD CSV reads the import folder only: no URL of any host (0.0.0.0/0 and ::/0 blocked)
            "internal.dbms.cypher_ip_blocklist": "0.0.0.0/0,::/0",
            "dbms.usage_report.enabled": "false",
            "server.directories.data": str(self.data_dir / "data"),
            "server.directories.logs": str(self.data_dir / "logs"),
            "server.directories.run": str(self.data_dir / "run"),
            "server.directories.import": str(self.import_dir),
            "db.tx_log.rotation.retention_policy": "2 files",
        }

    def _ensure_password(self, java: str) -> None:
        """Generate and set the neo4j user's password before the very first start; never overwrite it later.

        Raises
        ------
        EnvironmentProblem
            If the database exists but its password file is gone (a new one would lock the user out).
        """
        if state.store_exists(self.data_dir):
            if not self.password_file.exists():
                raise EnvironmentProblem(
                    f"the password file {self.password_file} is missing, and the database was created with it",
                    RECOVER,
                )
            return
        password = self._write_password_file()
        self._set_initial_password(java, password)

    def _write_password_file(self) -> str:
        """A new random password, written to the password file (mode 0600)."""
        password = new_password()
        state.write_private(self.password_file, password + "\n")
        return password

    def _set_initial_password(self, java: str, password: str) -> None:
        """Set the password with Neo4j's admin tool; remove the password file if that fails.

        The password goes in a private argument file that the java launcher
        expands (``java @file``), so no command line ever shows it.
        """
        env = dict(os.environ, NEO4J_HOME=str(self.data_dir), NEO4J_CONF=str(self.conf_dir))
        arguments = self.data_dir / ".admin-arguments"
        state.write_private(arguments, f"{ADMIN_TOOL} dbms set-initial-password {password}\n")
        try:
            result = subprocess.run(
                [java, "-cp", f"{self.lib_dir}/*", f"@{arguments}"],
                capture_output=True,
                text=True,
                env=env,
                timeout=300,
                umask=0o077,
            )
        finally:
            arguments.unlink(missing_ok=True)
        if result.returncode != 0:
            self.password_file.unlink(missing_ok=True)
            tail = (result.stdout + result.stderr).strip().splitlines()[-1:]
            raise EnvironmentProblem(
                f"could not set the initial Neo4j password: {' '.join(tail)}", f"see {self.data_dir}"
            )

    def _launch(self, java: str, heap: str) -> subprocess.Popen:
        """Start Neo4j's JVM in a session of its own, its output appended to the console log."""
        cmd = [
            java,
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            "-cp",
            f"{self.lib_dir}/*",
            ENTRY_POINT,
            f"--home-dir={self.data_dir}",
            f"--config-dir={self.conf_dir}",
            "--console-mode",
        ]
        fd = os.open(self.console_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "ab") as log:
            return subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=self.data_dir,
                umask=0o077,  # the store's files are the user's only
            )

    def _record_state(self, pid: int, port: int, heap: str, pagecache: str) -> None:
        """Write the state file that :meth:`running_pid` and :meth:`connection` read."""
        record = {
            "pid": pid,
            "port": port,
            "version": NEO4J_VERSION,
            "started_at": time.time(),
            "heap": heap,
            "pagecache": pagecache,
        }
        state.write_private(self.state_file, json.dumps(record))

    def _wait_until_answering(
        self, proc: subprocess.Popen, config: ConnectionConfig, timeout: float, progress: Progress
    ) -> None:
        """Poll until Bolt answers; fail if the JVM exits or ``timeout`` passes first (the caller stops it)."""
        start = time.monotonic()
        progress(f"Starting Neo4j {NEO4J_VERSION} on {config.uri} (data in {self.data_dir}) ...")
        last_report = start
        while True:
            self._refuse_if_exited(proc)
            if self._answers(proc, config):
                progress(f"Neo4j is up after {time.monotonic() - start:.1f} s")
                return
            now = time.monotonic()
            if now - start > timeout:
                raise EnvironmentProblem(
                    f"Neo4j did not answer on {config.uri} within {timeout:.0f} s", "see `graphkit neo4j logs`"
                )
            if now - last_report >= 5:
                progress(f"  still waiting for Bolt ({now - start:.0f} s)")
                last_report = now
            time.sleep(0.25)

    def _refuse_if_exited(self, proc: subprocess.Popen) -> None:
        if proc.poll() is not None:
            self.state_file.unlink(missing_ok=True)
            raise EnvironmentProblem(
                f"Neo4j exited during start-up (code {proc.returncode}): {self._last_log_line()}",
                "see `graphkit neo4j logs`",
            )

    def _answers(self, proc: subprocess.Popen, config: ConnectionConfig) -> bool:
        """True once our JVM listens on the port and answers a ping there with our credentials.

        Raises
        ------
        EnvironmentProblem
            If the server refuses the password of the password file.
        """
        port = int(config.uri.rsplit(":", 1)[1])
        if port not in listening_ports(proc.pid):
            return False  # the credentials go to our JVM only
        from graphkit.db.store import Store

        try:
            with Store(config) as store:
                store.ping()
        except ServerNotRunning:
            return False
        except AuthFailed:
            raise EnvironmentProblem(f"Neo4j refused the password in {self.password_file}", RECOVER) from None
        return True

    def _last_log_line(self) -> str:
        try:
            lines = [ln for ln in self.console_log.read_text(errors="replace").splitlines() if ln.strip()]
        except OSError:
            return "no log"
        errors = [ln for ln in lines if "ERROR" in ln or "Exception" in ln]
        return (errors or lines or ["no log"])[-1][:300]

    def stop(self, timeout: float = 60.0, progress: Progress = _quiet) -> bool:
        """Stop the server: SIGTERM, wait for a clean shutdown, SIGKILL after ``timeout``.

        The server is found by its data folder even if ``server.json`` is gone.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait for a clean shutdown.
        progress : callable, optional
            Called with one line of text at each step.

        Returns
        -------
        bool
            True if a server was running.

        Raises
        ------
        EnvironmentProblem
            If another graphkit command is starting or resetting the server.

        Examples
        --------
        >>> LocalServer("/no/such/folder").stop()
        False
        """
        if not self.data_dir.exists():
            return False
        with state.exclusive(self.data_dir, "stop it"):
            pid = self.running_pid()
            if pid:
                self._terminate(pid, timeout, progress)
            self.state_file.unlink(missing_ok=True)
        return pid is not None

    def _terminate(self, pid: int, timeout: float, progress: Progress) -> None:
        """SIGTERM ``pid``, wait up to ``timeout`` seconds, then SIGKILL; return once it is gone."""
        if not pid_alive(pid):
            return
        progress(f"Stopping Neo4j (PID {pid}) ...")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if pid_alive(pid):
            progress(f"Neo4j did not stop within {timeout:.0f} s; killing it")
            os.kill(pid, signal.SIGKILL)
            while pid_alive(pid):
                time.sleep(0.1)

    def reset_password(self, timeout: float = 180.0, progress: Progress = _quiet) -> None:
        """Give user neo4j a new generated password, with Neo4j's own recovery procedure.

        The stopped server is started once with authentication off, on a free
        port of 127.0.0.1, for as long as ``ALTER USER neo4j SET PASSWORD``
        takes; then it is stopped and the new password written to the password
        file. Start the server again afterwards.

        Raises
        ------
        EnvironmentProblem
            If the server runs, another graphkit command holds the data folder,
            there is no database yet, or the recovery start fails (no JVM is left behind).
        """
        with state.exclusive(self.data_dir, "reset the password"):
            self._refuse_if_running()
            if not state.store_exists(self.data_dir):
                raise EnvironmentProblem(
                    f"there is no database in {self.data_dir} yet", "`graphkit neo4j start` creates one with a password"
                )
            port, java = free_port(), find_java()
            self._write_config(port, "512m", "64m", auth=False)
            proc = self._launch(java, "512m")
            try:
                self._set_password_unauthenticated(proc, port, timeout, progress)
            finally:
                self._terminate(proc.pid, 60.0, progress)
                self._write_config(port, "512m", "64m")  # never leave a configuration without auth

    def _set_password_unauthenticated(self, proc: subprocess.Popen, port: int, timeout: float, progress: Progress):
        from graphkit.db.store import Store

        config = ConnectionConfig(f"bolt://127.0.0.1:{port}", "neo4j", None, local=True)
        self._wait_until_answering(proc, config, timeout, progress)
        password = new_password()
        with Store(dataclasses.replace(config, database="system")) as store:
            store.write("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", {"password": password})
        state.write_private(self.password_file, password + "\n")
        progress(f"New password written to {self.password_file}")

    def status(self) -> ServerStatus:
        """Running or not, with port, version, PID and node count when it answers.

        Examples
        --------
        >>> LocalServer("/no/such/folder").status().running
        False
        """
        pid = self.running_pid()
        if not pid:
            return ServerStatus(running=False, data_dir=self.data_dir)
        recorded = state.read_state(self.data_dir)
        serving = state.serving(self.data_dir)
        port = serving.port if serving else recorded.get("port") or state.configured_port(self.data_dir)
        status = ServerStatus(running=True, data_dir=self.data_dir, pid=pid, port=port, version=NEO4J_VERSION)
        if serving is None:
            return status  # not listening (yet): nothing is sent
        from graphkit.db.store import Store

        try:
            with Store(self.connection(serving.port)) as store:
                status.version = store.server_version()
                status.node_count = store.node_count()
                status.answering = True
        except GraphkitError:
            status.answering = False
        return status

    def log_lines(self, tail: int | None = None) -> list[str]:
        """The lines of the server's console log.

        Parameters
        ----------
        tail : int, optional
            Only the last ``tail`` lines.

        Raises
        ------
        ServerNotRunning
            If the data folder has no log (the server never started there).

        Examples
        --------
        >>> LocalServer("/no/such/folder").log_lines()
        Traceback (most recent call last):
        ...
        graphkit.errors.ServerNotRunning: no server log in /no/such/folder
        """
        if not self.console_log.exists():
            raise ServerNotRunning(f"no server log in {self.data_dir}", "start the server with `graphkit neo4j start`")
        lines = self.console_log.read_text(errors="replace").splitlines()
        return lines[-tail:] if tail else lines
