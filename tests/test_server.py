"""The local Neo4j server and the connection errors, against real servers."""

from __future__ import annotations

import os
import socket
import stat
import sys
from pathlib import Path

import pytest

from graphkit.db.server import LocalServer, free_port
from graphkit.errors import ExitCode
from tests.helpers import cli

pytestmark = pytest.mark.neo4j


def run(*args, env=None):
    return cli(*args, env=env, catch_exceptions=False)


def test_status_of_running_server(neo4j_server):
    result = run("neo4j", "status")
    assert result.exit_code == 0, result.output
    assert "Neo4j is running" in result.output
    assert f"bolt://127.0.0.1:{neo4j_server.status().port}" in result.output
    assert "5.26" in result.output
    assert str(neo4j_server.data_dir) in result.output


def test_password_file_is_private(neo4j_server):
    mode = stat.S_IMODE(os.stat(neo4j_server.password_file).st_mode)
    assert mode == 0o600


def test_return_1_with_generated_password(store):
    assert store.read("RETURN 1 AS one") == [{"one": 1}]


def test_second_start_on_same_data_dir_is_refused(neo4j_server):
    status = neo4j_server.status()
    result = run("neo4j", "start", "--port", str(free_port()))
    assert result.exit_code == ExitCode.ENVIRONMENT
    assert result.output == (
        f"Error: a Neo4j server is already running on data folder {neo4j_server.data_dir} "
        f"(PID {status.pid}, port {status.port}). Stop it first with `graphkit neo4j stop`.\n"
    )


def test_port_in_use(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run("neo4j", "start", "--port", str(port), "--data-dir", str(tmp_path / "d"))
    assert result.exit_code == ExitCode.ENVIRONMENT
    assert result.output == (
        f"Error: port {port} on 127.0.0.1 is already in use. Choose another port or stop what uses it (--port).\n"
    )


def test_java_missing(tmp_path):
    result = run(
        "neo4j", "start", "--port", str(free_port()), "--data-dir", str(tmp_path / "d"), env={"PATH": str(tmp_path)}
    )
    assert result.exit_code == ExitCode.ENVIRONMENT
    assert result.output == (
        "Error: java was not found on PATH. Install Java 17 or newer (e.g. apt-get install openjdk-17-jre-headless).\n"
    )


def _fake_java(folder: Path, version_line: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    java = folder / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    java.chmod(0o755)


def test_java_too_old(tmp_path):
    _fake_java(tmp_path / "bin", 'java version "1.8.0_392"')
    result = run(
        "neo4j", "install", "--cache-dir", str(tmp_path / "cache"), env={"PATH": f"{tmp_path / 'bin'}:{_mvn_dir()}"}
    )
    assert result.exit_code == ExitCode.ENVIRONMENT
    assert result.output == (
        "Error: java on PATH is version 8; Neo4j 5.26.30 needs 17 or newer. "
        "Install Java 17+ and put it first on PATH.\n"
    )


def _mvn_dir() -> str:
    import shutil

    mvn = shutil.which("mvn")
    assert mvn, "the test machine has mvn"
    return str(Path(mvn).parent)


def test_mvn_missing(tmp_path):
    _fake_java(tmp_path / "bin", 'openjdk version "17.0.15" 2025-04-15')
    result = run("neo4j", "install", "--cache-dir", str(tmp_path / "cache"), env={"PATH": str(tmp_path / "bin")})
    assert result.exit_code == ExitCode.ENVIRONMENT
    assert result.output == (
        "Error: mvn (Maven) was not found on PATH; it is needed to download Neo4j. "
        "Install Maven (e.g. apt-get install maven).\n"
    )


def test_install_is_idempotent(neo4j_server):
    result = run("neo4j", "install", "--cache-dir", str(neo4j_server.cache_dir))
    assert result.exit_code == 0
    assert result.stdout.strip() == str(neo4j_server.install_dir)
    assert "already installed" in result.stderr


def test_wrong_password(neo4j_server):
    result = run("ping", env={"NEO4J_PASSWORD": "wrong"})
    assert result.exit_code == ExitCode.AUTH_FAILED
    port = neo4j_server.status().port
    assert result.output == (
        f"Error: Neo4j at bolt://127.0.0.1:{port} refused user 'neo4j': authentication failed. "
        "Check the password or NEO4J_PASSWORD (--password).\n"
    )
    assert "wrong" not in result.output


def test_server_down_remote_uri():
    port = free_port()
    result = run("ping", "--uri", f"neo4j://127.0.0.1:{port}", "--password", "x")
    assert result.exit_code == ExitCode.NOT_RUNNING
    assert result.output == (
        f"Error: cannot reach Neo4j at neo4j://127.0.0.1:{port}. Check the URI or NEO4J_URI and that the server is up (--uri).\n"
    )


def test_routing_uri_works_against_single_server(neo4j_server):
    port = neo4j_server.status().port
    result = run("ping", "--uri", f"neo4j://127.0.0.1:{port}")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: Neo4j 5.26")


def test_status_not_running(tmp_path):
    result = run("neo4j", "status", "--data-dir", str(tmp_path))
    assert result.exit_code == ExitCode.NOT_RUNNING
    assert result.output == f"Neo4j is not running (data {tmp_path})\n"


def test_debug_shows_traceback(tmp_path):
    result = cli("--debug", "neo4j", "logs", "--data-dir", str(tmp_path))
    assert result.exception is not None and type(result.exception).__name__ == "ServerNotRunning"


def test_start_stop_cycle(tmp_path, neo4j_server):
    data = tmp_path / "cycle"
    port = free_port()
    result = run(
        "neo4j",
        "start",
        "--port",
        str(port),
        "--data-dir",
        str(data),
        "--heap",
        "512m",
        "--pagecache",
        "64m",
        "--cache-dir",
        str(neo4j_server.cache_dir),
    )
    assert result.exit_code == 0, result.output
    assert f"running on bolt://127.0.0.1:{port}" in result.output
    try:
        assert run("neo4j", "status", "--data-dir", str(data)).exit_code == 0
        logs = run("neo4j", "logs", "--data-dir", str(data))
        assert "Started." in logs.output
    finally:
        stopped = run("neo4j", "stop", "--data-dir", str(data))
    assert stopped.stdout == f"Neo4j stopped (data {data})\n"
    assert run("neo4j", "status", "--data-dir", str(data)).exit_code == ExitCode.NOT_RUNNING
    assert LocalServer(data).running_pid() is None


def test_python_m_graphkit():
    import subprocess

    out = subprocess.run([sys.executable, "-m", "graphkit", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("graphkit, version ")
