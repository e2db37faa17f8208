"""The command line as a whole: every command shows an example, errors are one line and come fast."""

from __future__ import annotations

import time

import click
import pytest

from graphkit.cli import main
from graphkit.db.server import free_port
from tests.helpers import Listener, cli, graphkit_process


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(main))


def test_every_command_is_listed():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"neo4j start", "load", "centrality compare", "query run", "render", "export"} <= names


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_help_shows_an_example(path, command):
    text = command.help or ""
    assert "Example" in text, f"graphkit {' '.join(path)} --help has no example"
    example_lines = [line.strip() for line in text.split("Example", 1)[1].splitlines() if "graphkit" in line]
    assert any(" ".join(path) in line for line in example_lines), f"no example runs graphkit {' '.join(path)}"


def test_ping_of_a_dead_port_fails_fast_with_one_line():
    port = free_port()
    started = time.monotonic()
    result = graphkit_process("ping", "--uri", f"bolt://127.0.0.1:{port}", "--password", "x")
    seconds = time.monotonic() - started
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: cannot reach Neo4j at bolt://127.0.0.1:{port}. "
        "Check the URI or NEO4J_URI and that the server is up (--uri).\n"
    )
    assert seconds < 3, f"took {seconds:.1f} s"


def test_debug_shows_the_traceback_and_the_driver_log():
    port = free_port()
    result = graphkit_process("--debug", "ping", "--uri", f"neo4j://127.0.0.1:{port}", "--password", "x")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "ServerNotRunning" in result.stderr


def test_the_local_default_says_how_to_start_the_server(tmp_path):
    port = free_port()
    (tmp_path / "server.json").write_text(f'{{"port": {port}}}')
    result = graphkit_process("ping", env={"GRAPHKIT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 3
    assert result.stderr == (
        f"Error: the local Neo4j server is not running (data {tmp_path}). "
        "Start it with `graphkit neo4j start`, or give the URI of another server (--uri).\n"
    )


@pytest.mark.parametrize(
    "args, what",
    [(["query", "list"], "query library"), (["validate"], "dataset"), (["query", "show", "blocs"], "query library")],
)
def test_a_missing_bundled_folder_is_an_error_never_an_empty_answer(monkeypatch, tmp_path, args, what):
    from graphkit import bundled

    monkeypatch.setattr(bundled, "candidates", lambda name: (tmp_path / "a" / name, tmp_path / "b" / name))
    result = cli(*args)
    assert result.exit_code == 5, result.output
    assert result.stdout == ""
    folder = "datasets" if what == "dataset" else "cypher"
    assert result.stderr == (
        f"Error: the bundled {what} is missing: neither {tmp_path / 'a' / folder} nor {tmp_path / 'b' / folder} "
        "exists. Reinstall graphkit; the wheel ships it.\n"
    )


SILENT = (
    "Error: {uri} does not answer the Bolt handshake. The server may need TLS (bolt+s://, neo4j+s://), "
    "or the port is not Neo4j's Bolt port (--uri).\n"
)
NOT_BOLT = (
    "Error: {uri} answers HTTP, not Bolt. Use Neo4j's Bolt port (7687 by default), not its browser port (7474) "
    "(--uri).\n"
)


@pytest.mark.parametrize(
    "reply, expected", [(None, SILENT), (b"HTTP/1.1 400 Bad Request\r\n\r\n", NOT_BOLT)], ids=["silent", "not-bolt"]
)
def test_a_port_that_is_not_neo4j_fails_within_five_seconds(reply, expected):
    listener = Listener(reply)
    uri = f"bolt://127.0.0.1:{listener.port}"
    try:
        started = time.monotonic()
        result = graphkit_process("ping", "--uri", uri, "--password", "x")
        seconds = time.monotonic() - started
    finally:
        listener.close()
    assert result.returncode == 3
    assert result.stderr == expected.format(uri=uri)
    assert seconds < 5, f"took {seconds:.1f} s"
