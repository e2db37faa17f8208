"""graphkit's own local Neo4j server: provision it from Maven Central, start, stop, inspect.

Neo4j 5.26 LTS Community is resolved with Maven (``mvn dependency:copy-dependencies``
on a small pom shipped in the package) into a cache folder, then run in its own JVM
with the server's entry point ``org.neo4j.server.CommunityEntryPoint`` — what
``neo4j console`` runs — with no Java code of graphkit's own.

Layout of a data folder (default ``./.graphkit/neo4j``)::

    conf/neo4j.conf   written at every start (port, memory)
    data/ logs/ run/ import/
    password          the generated password of user neo4j (mode 0600)
    server.json       pid, port, version of the running server
    console.log       the server's standard output (``graphkit neo4j logs``)
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graphkit.db.config import (
    DEFAULT_PORT,
    PASSWORD_FILE,
    STATE_FILE,
    ConnectionConfig,
    default_cache_dir,
    default_data_dir,
    read_local_password,
    read_local_state,
)
from graphkit.errors import EnvironmentProblem, GraphkitError, ServerNotRunning

NEO4J_VERSION = "5.26.30"
MIN_JAVA = 17
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
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

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass
class ServerStatus:
    """What ``graphkit neo4j status`` reports."""

    running: bool
    data_dir: Path
    pid: int | None = None
    port: int | None = None
    version: str | None = None
    node_count: int | None = None
    answering: bool = False

    @property
    def uri(self) -> str | None:
        return f"bolt://127.0.0.1:{self.port}" if self.port else None


def java_major_version(java: str) -> int:
    """The major version of a ``java`` executable (17 for ``17.0.15``)."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except OSError as error:
        raise EnvironmentProblem(f"cannot run {java}: {error}", "install Java 17 or newer") from error
    return parse_java_version(out.stderr + out.stdout)


def parse_java_version(text: str) -> int:
    """Parse the major version from ``java -version`` output.

    Examples
    --------
    >>> parse_java_version('openjdk version "17.0.15" 2025-04-15')
    17
    >>> parse_java_version('java version "1.8.0_392"')
    8
    """
    match = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not match:
        raise EnvironmentProblem("cannot tell the version of java", "install Java 17 or newer and put it on PATH")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_java() -> str:
    java = shutil.which("java")
    if not java:
        raise EnvironmentProblem(
            "java was not found on PATH",
            f"install Java {MIN_JAVA} or newer (e.g. apt-get install openjdk-17-jre-headless)",
        )
    major = java_major_version(java)
    if major < MIN_JAVA:
        raise EnvironmentProblem(
            f"java on PATH is version {major}; Neo4j {NEO4J_VERSION} needs {MIN_JAVA} or newer",
            f"install Java {MIN_JAVA}+ and put it first on PATH",
        )
    return java


def find_mvn() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise EnvironmentProblem(
            "mvn (Maven) was not found on PATH; it is needed to download Neo4j",
            "install Maven (e.g. apt-get install maven)",
        )
    return mvn


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _pid_alive(pid: int) -> bool:
    """True if ``pid`` runs (a zombie counts as dead; our own dead children are reaped)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
        return state not in {"Z", "X"}
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


class LocalServer:
    """The local Neo4j server of one data folder.

    Parameters
    ----------
    data_dir : path, optional
        Where the database, its configuration, logs and password live.
    cache_dir : path, optional
        Where Neo4j's jars are downloaded (shared by all data folders).
    """

    def __init__(self, data_dir: Path | str | None = None, cache_dir: Path | str | None = None) -> None:
        self.data_dir = Path(data_dir).absolute() if data_dir else default_data_dir()
        self.cache_dir = Path(cache_dir).absolute() if cache_dir else default_cache_dir()

    # -- paths ---------------------------------------------------------------------
    @property
    def install_dir(self) -> Path:
        return self.cache_dir / f"neo4j-{NEO4J_VERSION}"

    @property
    def lib_dir(self) -> Path:
        return self.install_dir / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.data_dir / "conf"

    @property
    def import_dir(self) -> Path:
        return self.data_dir / "import"

    @property
    def console_log(self) -> Path:
        return self.data_dir / "console.log"

    @property
    def password_file(self) -> Path:
        return self.data_dir / PASSWORD_FILE

    @property
    def state_file(self) -> Path:
        return self.data_dir / STATE_FILE

    def connection(self, port: int | None = None) -> ConnectionConfig:
        port = port or int(read_local_state(self.data_dir).get("port", DEFAULT_PORT))
        return ConnectionConfig(
            f"bolt://127.0.0.1:{port}", "neo4j", read_local_password(self.data_dir), None, local=True
        )

    # -- install -------------------------------------------------------------------
    def is_installed(self) -> bool:
        return (self.install_dir / "installed.json").exists() and any(self.lib_dir.glob("neo4j-kernel-*.jar"))

    def install(self, progress: Progress = _quiet) -> Path:
        """Resolve Neo4j and its runtime dependencies into the cache; idempotent."""
        if self.is_installed():
            progress(f"Neo4j {NEO4J_VERSION} is already installed in {self.install_dir}")
            return self.install_dir
        mvn = find_mvn()
        find_java()
        self.install_dir.mkdir(parents=True, exist_ok=True)
        pom = self.install_dir / "pom.xml"
        pom.write_text(resources.files("graphkit.db").joinpath("neo4j-pom.xml").read_text())
        staging = self.install_dir / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        progress(
            f"Downloading Neo4j {NEO4J_VERSION} Community and its dependencies with Maven into {self.install_dir} ..."
        )
        cmd = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}",
            "-DincludeScope=runtime",
        ]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            tail = " | ".join((result.stdout + result.stderr).strip().splitlines()[-3:])
            raise EnvironmentProblem(
                f"Maven could not resolve Neo4j {NEO4J_VERSION}: {tail}",
                "check that Maven Central is reachable and run `graphkit neo4j install` again",
            )
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        staging.rename(self.lib_dir)
        jars = sorted(p.name for p in self.lib_dir.glob("*.jar"))
        (self.install_dir / "installed.json").write_text(json.dumps({"version": NEO4J_VERSION, "jars": len(jars)}))
        progress(f"Installed Neo4j {NEO4J_VERSION} ({len(jars)} jars)")
        return self.install_dir

    # -- start / stop --------------------------------------------------------------
    def running_pid(self) -> int | None:
        """The PID of this data folder's server if it is running."""
        pid = read_local_state(self.data_dir).get("pid")
        if pid and _pid_alive(int(pid)) and self._is_our_process(int(pid)):
            return int(pid)
        return None

    def _is_our_process(self, pid: int) -> bool:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return True  # no /proc: trust the pid file
        return any(ENTRY_POINT.encode() in part for part in cmdline) and any(
            str(self.data_dir).encode() in part for part in cmdline
        )

    def _write_config(self, port: int, heap: str, pagecache: str) -> None:
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        for sub in ("data", "logs", "run", "import"):
            (self.data_dir / sub).mkdir(parents=True, exist_ok=True)
        settings = {
            "server.default_listen_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{port}",
            "server.bolt.advertised_address": f"127.0.0.1:{port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "server.memory.heap.initial_size": heap,
            "server.memory.heap.max_size": heap,
            "server.memory.pagecache.size": pagecache,
            "dbms.security.auth_enabled": "true",
            "dbms.usage_report.enabled": "false",
            "server.directories.data": str(self.data_dir / "data"),
            "server.directories.logs": str(self.data_dir / "logs"),
            "server.directories.run": str(self.data_dir / "run"),
            "server.directories.import": str(self.import_dir),
            "db.tx_log.rotation.retention_policy": "2 files",
        }
        text = "# Written by graphkit at every start; edit the flags, not this file.\n"
        text += "".join(f"{key}={value}\n" for key, value in settings.items())
        (self.conf_dir / "neo4j.conf").write_text(text)

    def _ensure_password(self, java: str) -> None:
        """Generate the neo4j user's password before the very first start (file mode 0600)."""
        if self.password_file.exists() and (self.data_dir / "data" / "dbms").exists():
            return
        # letters and digits only: a leading '-' would read as an option of the admin tool
        password = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(password + "\n")
        os.chmod(self.password_file, 0o600)
        env = dict(os.environ, NEO4J_HOME=str(self.data_dir), NEO4J_CONF=str(self.conf_dir))
        result = subprocess.run(
            [java, "-cp", f"{self.lib_dir}/*", ADMIN_TOOL, "dbms", "set-initial-password", password],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        if result.returncode != 0:
            self.password_file.unlink(missing_ok=True)
            tail = (result.stdout + result.stderr).strip().splitlines()[-1:]
            raise EnvironmentProblem(
                f"could not set the initial Neo4j password: {' '.join(tail)}", f"see {self.data_dir}"
            )

    def start(
        self,
        port: int = DEFAULT_PORT,
        heap: str = "1g",
        pagecache: str = "512m",
        timeout: float = 180.0,
        progress: Progress = _quiet,
    ) -> ServerStatus:
        """Start the server in its own JVM and wait until Bolt answers."""
        pid = self.running_pid()
        if pid:
            state = read_local_state(self.data_dir)
            raise EnvironmentProblem(
                f"a Neo4j server is already running on data folder {self.data_dir} (PID {pid}, port {state.get('port')})",
                "stop it first with `graphkit neo4j stop`",
            )
        if not port_is_free(port):
            raise EnvironmentProblem(
                f"port {port} on 127.0.0.1 is already in use", "choose another port with --port or stop what uses it"
            )
        java = find_java()
        if not self.is_installed():
            self.install(progress)
        self._write_config(port, heap, pagecache)
        self._ensure_password(java)
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
        with open(self.console_log, "ab") as log:
            proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=self.data_dir,
            )
        self.state_file.write_text(
            json.dumps(
                {
                    "pid": proc.pid,
                    "port": port,
                    "version": NEO4J_VERSION,
                    "started_at": time.time(),
                    "heap": heap,
                    "pagecache": pagecache,
                }
            )
        )
        self._wait_until_answering(proc, port, timeout, progress)
        return self.status()

    def _wait_until_answering(self, proc: subprocess.Popen, port: int, timeout: float, progress: Progress) -> None:
        from graphkit.db.store import Store

        start = time.monotonic()
        progress(f"Starting Neo4j {NEO4J_VERSION} on bolt://127.0.0.1:{port} (data in {self.data_dir}) ...")
        last_report = start
        while True:
            if proc.poll() is not None:
                self.state_file.unlink(missing_ok=True)
                raise EnvironmentProblem(
                    f"Neo4j exited during start-up (code {proc.returncode}): {self._last_log_line()}",
                    "see `graphkit neo4j logs`",
                )
            if _port_answers(port):
                try:
                    with Store(self.connection(port)) as store:
                        store.ping()
                    progress(f"Neo4j is up after {time.monotonic() - start:.1f} s")
                    return
                except ServerNotRunning:
                    pass
            now = time.monotonic()
            if now - start > timeout:
                self.stop()
                raise EnvironmentProblem(
                    f"Neo4j did not answer on port {port} within {timeout:.0f} s", "see `graphkit neo4j logs`"
                )
            if now - last_report >= 5:
                progress(f"  still waiting for Bolt ({now - start:.0f} s)")
                last_report = now
            time.sleep(0.25)

    def _last_log_line(self) -> str:
        try:
            lines = [ln for ln in self.console_log.read_text(errors="replace").splitlines() if ln.strip()]
        except OSError:
            return "no log"
        errors = [ln for ln in lines if "ERROR" in ln or "Exception" in ln]
        return (errors or lines or ["no log"])[-1][:300]

    def stop(self, timeout: float = 60.0, progress: Progress = _quiet) -> bool:
        """Stop the server: SIGTERM, wait for a clean shutdown, SIGKILL after ``timeout``.

        Returns True if a server was running.
        """
        pid = self.running_pid()
        if not pid:
            self.state_file.unlink(missing_ok=True)
            return False
        progress(f"Stopping Neo4j (PID {pid}) ...")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _pid_alive(pid):
            progress(f"Neo4j did not stop within {timeout:.0f} s; killing it")
            os.kill(pid, signal.SIGKILL)
            while _pid_alive(pid):
                time.sleep(0.1)
        self.state_file.unlink(missing_ok=True)
        return True

    def status(self) -> ServerStatus:
        """Running or not, with port, version, PID and node count when it answers."""
        pid = self.running_pid()
        state = read_local_state(self.data_dir)
        if not pid:
            return ServerStatus(running=False, data_dir=self.data_dir)
        status = ServerStatus(
            running=True, data_dir=self.data_dir, pid=pid, port=state.get("port"), version=state.get("version")
        )
        from graphkit.db.store import Store

        try:
            with Store(self.connection(status.port)) as store:
                status.version = store.server_version()
                status.node_count = store.node_count()
                status.answering = True
        except GraphkitError:
            status.answering = False
        return status

    def log_lines(self, tail: int | None = None) -> list[str]:
        if not self.console_log.exists():
            raise ServerNotRunning(f"no server log in {self.data_dir}", "start the server with `graphkit neo4j start`")
        lines = self.console_log.read_text(errors="replace").splitlines()
        return lines[-tail:] if tail else lines
