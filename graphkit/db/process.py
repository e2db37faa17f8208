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
