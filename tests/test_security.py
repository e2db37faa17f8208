"""Secrets, private files, the local server's lifecycle and the read-only guard (issue 13).

The lifecycle tests share one fresh local server (its own data folder and
port) and run in order: each leaves it stopped or running as the next expects.
Every command runs as a real process, so ``/proc`` and stderr are what a user has.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

from graphkit.db.process import pid_alive, processes_with
from graphkit.db.server import LocalServer, free_port
from graphkit.db.state import ENTRY_POINT, home_arg
from tests.helpers import Listener, cli, graphkit_process

pytestmark = pytest.mark.neo4j

RECOVER = "Restore the file, or set a new password with `graphkit neo4j reset-password`."


@pytest.fixture(scope="module")
def life(tmp_path_factory, neo4j_server):
    """A data folder of its own (not started yet), with the test server's Neo4j cache."""
    data = tmp_path_factory.mktemp("life") / "neo4j"
    env = {"GRAPHKIT_DATA_DIR": str(data), "GRAPHKIT_CACHE_DIR": str(neo4j_server.cache_dir)}
    yield data, env
    LocalServer(data, neo4j_server.cache_dir).stop(timeout=30)


def _start(env: dict, port: int | None = None, *extra: str) -> subprocess.CompletedProcess:
    args = ["neo4j", "start", "--port", str(port or free_port()), "--heap", "512m", "--pagecache", "64m", *extra]
    return graphkit_process(*args, env=env, timeout=300)


def _jvms(data: Path) -> list[int]:
    return processes_with(ENTRY_POINT, home_arg(data))


class _CommandLines:
    """Every command line that names the data folder or a Neo4j class, sampled every few milliseconds from /proc."""

    def __init__(self, folder: str) -> None:
        self.needles, self.seen, self.running = (folder.encode(), b"org.neo4j"), set(), True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while self.running:
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    try:
                        cmdline = Path(entry.path, "cmdline").read_bytes()
                    except OSError:
                        continue
                    if any(needle in cmdline for needle in self.needles):
                        self.seen.add(cmdline.replace(b"\0", b" ").decode(errors="replace"))
            time.sleep(0.005)

    def stop(self) -> set[str]:
        self.running = False
        self.thread.join(timeout=2)
        return self.seen


def _loose_files(data: Path) -> list[str]:
    """Paths in ``data`` that another user could read or enter."""
    loose = [str(data)] if data.stat().st_mode & 0o077 else []
    for folder, dirs, files in os.walk(data):
        for name in dirs + files:
            path = Path(folder, name)
            if not path.is_symlink() and path.stat().st_mode & 0o077:
                loose.append(str(path))
    return loose


# -- the lifecycle, in order ---------------------------------------------------------
def test_first_start_keeps_the_password_off_every_command_line(life):
    data, env = life
    watcher = _CommandLines(str(data))
    result = _start(env)
    seen = watcher.stop()
    assert result.returncode == 0, result.stderr
    password = (data / "password").read_text().strip()
    assert any(".admin-arguments" in line for line in seen), seen  # the admin tool ran, and was seen
    assert not [line for line in seen if password in line]
    assert not (data / ".admin-arguments").exists()


def test_the_data_folder_and_every_file_in_it_are_private(life):
    data, _ = life
    assert _loose_files(data) == []


def test_status_and_stop_find_the_server_without_its_state_file(life):
    data, env = life
    pids = _jvms(data)
    assert len(pids) == 1
    (data / "server.json").unlink()
    status = graphkit_process("neo4j", "status", env=env)
    assert status.returncode == 0 and f"pid:     {pids[0]}" in status.stdout, status.stdout
    assert graphkit_process("ping", env=env).returncode == 0
    stopped = graphkit_process("neo4j", "stop", env=env, timeout=120)
    assert stopped.stdout == f"Neo4j stopped (data {data})\n"
    assert not pid_alive(pids[0]) and _jvms(data) == []


def test_two_starts_at_once_one_wins_and_the_server_survives(life):
    data, env = life
    full_env = {**os.environ, **env}
    starts = [
        subprocess.Popen(
            [sys.executable, "-m", "graphkit", "neo4j", "start", "--port", str(free_port()), "--heap", "512m"],
            env=full_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = sorted((proc.wait(timeout=300), *proc.communicate()) for proc in starts)
    (won, won_out, _), (lost, _, lost_err) = outcomes
    assert (won, lost) == (0, 5), outcomes
    assert lost_err.splitlines()[-1] in (
        f"Error: another graphkit command is starting, stopping or resetting the server of {data}. "
        "Wait for it to finish before you start it.",
        *[line for line in lost_err.splitlines() if line.startswith("Error: a Neo4j server is already running")],
    )
    port = won_out.split("bolt://127.0.0.1:")[1].split(" ")[0]
    assert graphkit_process("ping", env=env).stdout.endswith(f"at bolt://127.0.0.1:{port}\n")
    assert len(_jvms(data)) == 1
    assert graphkit_process("neo4j", "stop", env=env, timeout=120).returncode == 0


def test_a_lost_password_file_is_an_error_never_a_new_password(life):
    data, env = life
    (data / "password").rename(data / "password.saved")
    result = _start(env)
    assert result.returncode == 5
    assert result.stderr.splitlines()[-1] == (
        f"Error: the password file {data / 'password'} is missing, and the database was created with it. {RECOVER}"
    )
    assert not (data / "password").exists()
    assert _jvms(data) == []


def test_reset_password_sets_a_new_one_with_the_server_s_own_tooling(life):
    data, env = life
    old = (data / "password.saved").read_text()
    watcher = _CommandLines(str(data))
    result = graphkit_process("neo4j", "reset-password", env=env, timeout=300)
    seen = watcher.stop()
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"New password set for user neo4j (in {data / 'password'}); start the server with `graphkit neo4j start`\n"
    )
    new = (data / "password").read_text()
    assert new != old and not [line for line in seen if new.strip() in line]
    assert _jvms(data) == []
    assert "dbms.security.auth_enabled=true" in (data / "conf" / "neo4j.conf").read_text()
    assert _start(env).returncode == 0
    assert graphkit_process("ping", env=env).returncode == 0
    assert graphkit_process("neo4j", "stop", env=env, timeout=120).returncode == 0


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        (b"", "does not hold one password (one line of 8 to 256 characters, no spaces)"),
        (b"first-line\nsecond-line\n", "does not hold one password (one line of 8 to 256 characters, no spaces)"),
        (b"two words here", "does not hold one password (one line of 8 to 256 characters, no spaces)"),
    ],
    ids=["not-utf8", "empty", "two-lines", "spaces"],
)
def test_a_bad_password_file_is_one_line_and_starts_nothing(life, content, problem):
    data, env = life
    saved = (data / "password").read_bytes()
    (data / "password").write_bytes(content)
    try:
        result = _start(env)
    finally:
        (data / "password").write_bytes(saved)
    assert result.returncode == 5
    assert result.stderr == f"Error: the password file {data / 'password'} {problem}. {RECOVER}\n"
    assert _jvms(data) == []


def test_a_wrong_password_file_stops_the_server_it_started(life):
    data, env = life
    saved = (data / "password").read_bytes()
    (data / "password").write_text("WrongWrongWrong1\n")
    try:
        result = _start(env)
    finally:
        (data / "password").write_bytes(saved)
    assert result.returncode == 5
    assert result.stderr.splitlines()[-1] == f"Error: Neo4j refused the password in {data / 'password'}. {RECOVER}"
    assert _jvms(data) == [] and not (data / "server.json").exists()


def test_a_start_that_times_out_leaves_no_jvm(life):
    data, env = life
    result = _start(env, None, "--timeout", "1")
    assert result.returncode == 5
    assert "did not answer on bolt://127.0.0.1:" in result.stderr.splitlines()[-1]
    assert _jvms(data) == []


# -- the password goes to graphkit's own server only ----------------------------------
def test_the_local_password_is_never_sent_to_another_listener(tmp_path):
    listener = Listener(None)  # this process listens on the recorded port and is alive, but is not Neo4j
    (tmp_path / "server.json").write_text(f'{{"pid": {os.getpid()}, "port": {listener.port}}}')
    (tmp_path / "password").write_text("SecretSecret123\n")
    try:
        started = time.monotonic()
        result = graphkit_process("ping", "--data-dir", str(tmp_path))
        seconds = time.monotonic() - started
    finally:
        listener.close()
    assert result.returncode == 3
    assert result.stderr == (
        f"Error: the local Neo4j server is not running (data {tmp_path}). "
        "Start it with `graphkit neo4j start`, or give the URI of another server (--uri).\n"
    )
    assert listener.accepted == 0
    assert seconds < 5


# -- the read-only guard ----------------------------------------------------------------
REFUSED = {
    "write": ("CREATE (n:Scratch) RETURN n", "writes to the database"),
    "merge": ("MERGE (n:Scratch {id: 'x'})", "writes to the database"),
    "profile-write": ("PROFILE CREATE (n:Scratch)", "writes to the database"),
    "call-in-transactions": (
        "MATCH (n:Scratch) CALL (n) { SET n.x = 1 } IN TRANSACTIONS RETURN 1",
        "writes to the database",
    ),
    "schema": ("CREATE INDEX scratch IF NOT EXISTS FOR (n:Scratch) ON (n.id)", "changes the schema or the server"),
    "drop-constraint": ("DROP CONSTRAINT no_such IF EXISTS", "changes the schema or the server"),
    "admin-user": ("CREATE USER mallory SET PASSWORD 'abcdefghij'", "is an administration command"),
    "admin-show": ("SHOW USERS", "is an administration command"),
    "terminate": ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "terminates transactions"),
    "show-transactions": ("SHOW TRANSACTIONS", "lists the server's running transactions"),
    "kill-connection": ("CALL dbms.killConnection('bolt-1')", "calls dbms.killConnection, a DBMS procedure"),
    "write-procedure": ("CALL db.createLabel('Scratch')", "calls db.createLabel, a WRITE procedure"),
    "tx-metadata": ("CALL tx.setMetaData({a: 1})", "calls tx.setMetaData, a DBMS procedure"),
    "load-csv-url": ("LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row", "reads a file or URL"),
    "load-csv-param": ("LOAD CSV FROM $url AS row RETURN row", "reads a file or URL"),
}


@pytest.mark.parametrize("statement, why", REFUSED.values(), ids=REFUSED.keys())
def test_read_only_mode_refuses_every_statement_that_is_not_a_plain_read(store, statement, why):
    before = store.read("MATCH (n) RETURN count(n) AS n")
    params = ["-p", "url=http://127.0.0.1:9/x.csv"] if "$url" in statement else []
    result = cli("query", "run", "--cypher", statement, *params)
    assert result.exit_code == 6, result.output
    assert result.stderr.startswith(f"Error: read-only mode refuses this statement: it {why}")
    assert result.stderr.endswith(". Allow writes (--write).\n")
    assert store.read("MATCH (n) RETURN count(n) AS n") == before
    assert store.read("SHOW INDEXES YIELD name WHERE name = 'scratch' RETURN name") == []


@pytest.mark.parametrize(
    "statement",
    ["MATCH (n) RETURN count(n) AS n", "CALL db.labels() YIELD label RETURN count(label) AS n", "SHOW INDEXES"],
)
def test_plain_reads_still_run(store, statement):
    result = cli("query", "run", "--cypher", statement, "--format", "json")
    assert result.exit_code == 0, result.output


def test_a_syntax_error_points_at_the_statement_not_at_the_check(store):
    result = cli("query", "run", "--cypher", "MATCH (n) RETRN n")
    assert result.exit_code == 6
    assert "(line 1, column 11 (offset: 10))" in result.stderr


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"a,b\n")

    def log_message(self, *args) -> None:
        pass


def test_load_csv_cannot_reach_other_hosts_even_with_write(store):
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/x.csv"
    try:
        result = cli("query", "run", "--write", "--cypher", "LOAD CSV FROM $url AS row RETURN row", "-p", f"url={url}")
    finally:
        server.shutdown()
    assert result.exit_code == 6
    assert "is blocked via the configuration property internal.dbms.cypher_ip_blocklist" in result.stderr
    assert _CountingHandler.requests == []


# -- connection failures: one line, the right exit code, within 5 s ------------------------
def _timed(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = graphkit_process(*args)
    return result, time.monotonic() - started


def test_tls_to_a_server_without_tls_fails_fast(neo4j_server):
    uri = f"bolt+s://127.0.0.1:{neo4j_server.status().port}"
    result, seconds = _timed("ping", "--uri", uri, "--password", "x")
    assert result.returncode == 3
    assert result.stderr == (
        f"Error: cannot open a TLS connection to Neo4j at {uri}. The server does not use TLS on this port: "
        "use bolt:// or neo4j://, or check its certificate (--uri).\n"
    )
    assert seconds < 5


@pytest.fixture
def tls_listener(tmp_path):
    """A local port that speaks TLS (a self-signed certificate) and nothing else."""
    import socket
    import ssl

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            key,
            "-out",
            cert,
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.2)
    running = [True]

    def serve() -> None:
        while running[0]:
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            try:
                context.wrap_socket(conn, server_side=True).recv(16)
            except (OSError, ssl.SSLError):
                pass
            finally:
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1]
    running[0] = False
    thread.join(timeout=2)
    sock.close()


def test_plain_bolt_to_a_tls_port_fails_fast(tls_listener):
    uri = f"bolt://127.0.0.1:{tls_listener}"
    result, seconds = _timed("ping", "--uri", uri, "--password", "x")
    assert result.returncode == 3
    assert result.stderr == (
        f"Error: {uri} does not answer the Bolt handshake. The server may need TLS (bolt+s://, neo4j+s://), "
        "or the port is not Neo4j's Bolt port (--uri).\n"
    )
    assert seconds < 5


def test_the_auth_rate_limit_is_an_auth_error_not_a_query_error(neo4j_server):
    from graphkit.db.store import Store

    with Store(neo4j_server.connection()) as admin:
        admin.driver.execute_query(
            "CREATE OR REPLACE USER ratelimited SET PASSWORD 'RightRightRight1' CHANGE NOT REQUIRED",
            database_="system",
        )
    uri = f"bolt://127.0.0.1:{neo4j_server.status().port}"
    try:
        for _ in range(3):
            assert _timed("ping", "--uri", uri, "--user", "ratelimited", "--password", "wrong")[0].returncode == 4
        result, seconds = _timed("ping", "--uri", uri, "--user", "ratelimited", "--password", "wrong")
    finally:
        with Store(neo4j_server.connection()) as admin:
            admin.driver.execute_query("DROP USER ratelimited IF EXISTS", database_="system")
    assert result.returncode == 4
    assert result.stderr == (
        f"Error: Neo4j at {uri} refused user 'ratelimited' for now: too many wrong passwords in a row. "
        "Wait a few seconds, then check the password or NEO4J_PASSWORD (--password).\n"
    )
    assert seconds < 5
