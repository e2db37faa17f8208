"""graphkit's own exceptions and the exit codes the CLI maps them to.

Library code raises :class:`GraphkitError` subclasses; only the CLI's error
boundary turns them into a one-line ``Error: ...`` message and an exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``graphkit`` command (documented in the README)."""

    OK = 0
    INVALID_DATA = 1  # validation problems; also the generic failure code
    USAGE = 2  # bad option or argument (click's own code)
    NOT_RUNNING = 3  # the database cannot be reached / the local server is not running
    AUTH_FAILED = 4  # wrong user or password
    ENVIRONMENT = 5  # java/mvn missing, port in use, server already running ...
    QUERY_FAILED = 6  # a Cypher statement failed (syntax, write in read mode ...)
    INTERNAL = 70  # a bug in graphkit


class GraphkitError(Exception):
    """Base of every error graphkit reports to the user.

    Library errors name the library's parameters, never a command-line flag:
    the CLI's error boundary maps a parameter to its flag when it prints the
    error (``Error: --exclude: no forum with id 'nato'``).

    Parameters
    ----------
    message : str
        What went wrong, one line.
    hint : str, optional
        What to do next, one short sentence.
    param : str, optional
        The parameter whose value is wrong (e.g. ``"exclude"``): shown before the message.
    fix : str, optional
        The parameter that would put it right (e.g. ``"write"``): shown after the hint.
    """

    exit_code: ExitCode = ExitCode.INVALID_DATA

    def __init__(
        self, message: str, hint: str | None = None, *, param: str | None = None, fix: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.param = param
        self.fix = fix

    def one_line(self, name: Callable[[str], str] = str) -> str:
        """The message and hint as one line, without the ``Error:`` prefix.

        Parameters
        ----------
        name : callable, optional
            How a parameter is named: the parameter itself by default; the CLI
            passes its flag (``exclude`` → ``--exclude``).

        Examples
        --------
        >>> GraphkitError("no such file: x.csv", "check the path").one_line()
        'no such file: x.csv. Check the path.'
        >>> GraphkitError("no forum with id 'x'", "check the id", param="exclude").one_line(lambda p: "--" + p)
        "--exclude: no forum with id 'x'. Check the id."
        >>> GraphkitError("the query writes but ran read-only", "allow writes", fix="write").one_line()
        'the query writes but ran read-only. Allow writes (write).'
        """
        text = self.message.rstrip(".")
        if self.param:
            text = f"{name(self.param)}: {text}"
        hint = (self.hint or "").rstrip(".")
        if self.fix:
            hint = f"{hint} ({name(self.fix)})" if hint else f"set {name(self.fix)}"
        if hint:
            text = f"{text}. {hint[:1].upper()}{hint[1:]}."
        return " ".join(text.split())

    def reason(self) -> str:
        """The message and hint without the parameter: for a caller that names the parameter itself.

        Examples
        --------
        >>> GraphkitError("unknown kind 'x'", "use one of: a, b", param="weights").reason()
        "unknown kind 'x'. Use one of: a, b"
        """
        return GraphkitError(self.message, self.hint).one_line().rstrip(".")


class EnvironmentProblem(GraphkitError):
    """Something on this machine is missing or in the way (java, mvn, a port)."""

    exit_code = ExitCode.ENVIRONMENT


class ServerNotRunning(GraphkitError):
    """The database cannot be reached."""

    exit_code = ExitCode.NOT_RUNNING


class AuthFailed(GraphkitError):
    """Neo4j refused the user name or password."""

    exit_code = ExitCode.AUTH_FAILED


class QueryFailed(GraphkitError):
    """A Cypher statement failed on the server."""

    exit_code = ExitCode.QUERY_FAILED


class InvalidData(GraphkitError):
    """Input data or an option value is invalid."""

    exit_code = ExitCode.INVALID_DATA


class UsageProblem(GraphkitError):
    """An option or parameter is wrong in a way click cannot see."""

    exit_code = ExitCode.USAGE
