"""Ports and processes on this machine, as the local server needs them."""

from __future__ import annotations

import os
import socket


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True if a server could listen on ``host:port`` right now.

    Parameters
    ----------
    port : int
        The TCP port.
    host : str, optional
        The address to bind (the local server only listens on 127.0.0.1).

    Examples
    --------
    >>> with socket.socket() as sock:
    ...     sock.bind(("127.0.0.1", 0))
    ...     sock.listen()
    ...     port_is_free(sock.getsockname()[1])
    False
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    Examples
    --------
    >>> port_is_free(free_port())
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_answers(port: int) -> bool:
    """True if something accepts a TCP connection on 127.0.0.1:``port`` (within a second).

    Parameters
    ----------
    port : int
        The TCP port.

    Examples
    --------
    >>> with socket.socket() as sock:
    ...     sock.bind(("127.0.0.1", 0))
    ...     sock.listen()
    ...     port_answers(sock.getsockname()[1])
    True
    """
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def pid_alive(pid: int) -> bool:
    """True if ``pid`` runs (a zombie counts as dead; our own dead children are reaped).

    Parameters
    ----------
    pid : int
        The process id.

    Examples
    --------
    >>> pid_alive(os.getpid())
    True
    """
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


def _socket_inodes(pid: int) -> set[str]:
    """The inodes of the sockets ``pid`` holds open (empty if /proc cannot tell)."""
    inodes = set()
    try:
        for fd in os.scandir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(fd.path)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        pass
    return inodes


def listening_ports(pid: int) -> set[int]:
    """The TCP ports ``pid`` listens on, from ``/proc/net/tcp`` and ``tcp6`` (Linux).

    Parameters
    ----------
    pid : int
        The process id.

    Examples
    --------
    >>> with socket.socket() as sock:
    ...     sock.bind(("127.0.0.1", 0))
    ...     sock.listen()
    ...     sock.getsockname()[1] in listening_ports(os.getpid())
    True
    """
    inodes = _socket_inodes(pid)
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as fh:
                rows = [line.split() for line in fh.readlines()[1:]]
        except OSError:
            continue
        for row in rows:
            if len(row) > 9 and row[3] == "0A" and row[9] in inodes:  # 0A: LISTEN
                ports.add(int(row[1].rsplit(":", 1)[1], 16))
    return ports


def processes_with(*needles: str) -> list[int]:
    """The PIDs whose command line has an argument equal to each of ``needles`` (Linux ``/proc``).

    Parameters
    ----------
    *needles : str
        Arguments that must all appear, each as one whole argument.

    Examples
    --------
    >>> processes_with("--no-process-has-this-argument")
    []
    """
    found = []
    wanted = [needle.encode() for needle in needles]
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                args = fh.read().split(b"\0")
        except OSError:
            continue
        if all(needle in args for needle in wanted) and pid_alive(int(entry.name)):
            found.append(int(entry.name))
    return found
