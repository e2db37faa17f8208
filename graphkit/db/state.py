"""The local server's state: which JVM serves a data folder, on which port, with which password.

The state is checked, never trusted: a recorded PID counts only while it is
alive and is Neo4j's JVM for *this* data folder, and a port only while that
JVM listens on it. Without ``server.json`` the JVM is found by its command
line. Everything graphkit writes in a data folder is private to the user
(folders 0700, files 0600).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graphkit.db.process import listening_ports, pid_alive, processes_with
from graphkit.errors import EnvironmentProblem

STATE_FILE = "server.json"
PASSWORD_FILE = "password"
LOCK_FILE = "server.lock"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
RECOVER = "restore the file, or set a new password with `graphkit neo4j reset-password`"


@dataclass(frozen=True)
class Serving:
    """A verified local server: its JVM's PID and the Bolt port that JVM listens on."""

    pid: int
    port: int


def read_state(data_dir: Path) -> dict:
    """The recorded state of the data folder's server (``pid``, ``port``, ...), or ``{}``.

    Examples
    --------
    >>> read_state(Path("/no/such/folder"))
    {}
    """
    try:
        state = json.loads((data_dir / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def home_arg(data_dir: Path) -> str:
    """The JVM argument that names the data folder (how its process is recognised)."""
    return f"--home-dir={data_dir}"


def _is_server_of(pid: int, data_dir: Path) -> bool:
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return ENTRY_POINT.encode() in args and home_arg(data_dir).encode() in args


def server_pid(data_dir: Path) -> int | None:
    """The PID of the JVM serving ``data_dir``: the recorded one if it is that JVM, else found by its command line.

    Examples
    --------
    >>> server_pid(Path("/no/such/folder")) is None
    True
    """
    recorded = read_state(data_dir).get("pid")
    if isinstance(recorded, int) and pid_alive(recorded) and _is_server_of(recorded, data_dir):
        return recorded
    found = processes_with(ENTRY_POINT, home_arg(data_dir))
    return found[0] if found else None


def serving(data_dir: Path) -> Serving | None:
    """The data folder's server if its JVM runs and listens on its Bolt port, else ``None``.

    The port is the recorded one, or the one in ``conf/neo4j.conf`` when the
    state file is gone; either counts only if that JVM listens on it.

    Examples
    --------
    >>> serving(Path("/no/such/folder")) is None
    True
    """
    pid = server_pid(data_dir)
    if pid is None:
        return None
    port = read_state(data_dir).get("port") or configured_port(data_dir)
    if isinstance(port, int) and port in listening_ports(pid):
        return Serving(pid, port)
    return None


def configured_port(data_dir: Path) -> int | None:
    """The Bolt port written in the data folder's ``conf/neo4j.conf``, if any."""
    try:
        lines = (data_dir / "conf" / "neo4j.conf").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() == "server.bolt.listen_address" and value.rsplit(":", 1)[-1].isdigit():
            return int(value.rsplit(":", 1)[-1])
    return None


def store_exists(data_dir: Path) -> bool:
    """True once the server has created its databases in ``data_dir`` (its password is then set)."""
    return (data_dir / "data" / "databases" / "system").exists()


def read_password(data_dir: Path) -> str:
    """The password of user neo4j kept in the data folder.

    Raises
    ------
    EnvironmentProblem
        If the file is missing, unreadable, not UTF-8, or does not hold one password.

    Examples
    --------
    >>> read_password(Path("/no/such/folder"))
    Traceback (most recent call last):
    ...
    graphkit.errors.EnvironmentProblem: the password file /no/such/folder/password is missing
    """
    path = data_dir / PASSWORD_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise EnvironmentProblem(f"the password file {path} is missing", RECOVER) from None
    except OSError as error:
        raise EnvironmentProblem(f"cannot read the password file {path}: {error.strerror}", RECOVER) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EnvironmentProblem(f"the password file {path} is not UTF-8 text", RECOVER) from None
    return _one_password(text, path)


def _one_password(text: str, path: Path) -> str:
    lines = text.splitlines()
    password = lines[0] if len(lines) == 1 else ""
    if not 8 <= len(password) <= 256 or not password.isprintable() or " " in password:
        raise EnvironmentProblem(
            f"the password file {path} does not hold one password (one line of 8 to 256 characters, no spaces)",
            RECOVER,
        )
    return password


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by the user only (0600), replacing it atomically."""
    temporary = path.with_name(f".{path.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def make_private(data_dir: Path) -> None:
    """Create ``data_dir`` if needed and make it and everything in it private (folders 0700, files 0600)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    for folder, dirs, files in os.walk(data_dir):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o700)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o600)


@contextlib.contextmanager
def exclusive(data_dir: Path, doing: str) -> Iterator[None]:
    """Hold the data folder's lock while starting, stopping or resetting its server.

    Raises
    ------
    EnvironmentProblem
        At once, if another graphkit process holds it.
    """
    make_private(data_dir)
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise EnvironmentProblem(
                f"another graphkit command is starting, stopping or resetting the server of {data_dir}",
                f"wait for it to finish before you {doing}",
            ) from None
        yield
    finally:
        os.close(fd)
