"""graphkit's own exceptions and the exit codes the CLI maps them to.

Library code raises :class:`GraphkitError` subclasses; only the CLI's error
boundary turns them into a one-line ``Error: ...`` message and an exit code.
"""

from __future__ import annotations

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

    Parameters
    ----------
    message : str
        What went wrong, one line.
    hint : str, optional
        What to do next, one short sentence.
    """

    exit_code: ExitCode = ExitCode.INVALID_DATA

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """The message and hint as one line, without the ``Error:`` prefix.

        Examples
        --------
        >>> GraphkitError("no such file: x.csv", "check the path").one_line()
        'no such file: x.csv. Check the path.'
        """
        text = self.message.rstrip(".")
        if self.hint:
            hint = self.hint.rstrip(".")
            text = f"{text}. {hint[:1].upper()}{hint[1:]}."
        return " ".join(text.split())


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
