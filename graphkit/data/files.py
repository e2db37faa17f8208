"""One text file of a dataset: how its path is shown, its text, and the problems found in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One validation finding, printed as ``file:line: column: message``.

    Examples
    --------
    >>> print(Problem("states.csv", 3, "iso2", "required value is empty"))
    states.csv:3: iso2: required value is empty
    >>> print(Problem("states.csv", 1, "colour", "unknown column, ignored", "warning"))
    states.csv:1: colour: warning: unknown column, ignored
    """

    path: str
    line: int
    column: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {self.column}: {prefix}{self.message}"


def display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The file's text without a byte-order mark, or None after appending why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, 0, "-", f"cannot read the file: {error.strerror}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            Problem(
                shown, line, f"byte {col}", f"the file is not UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8"
            )
        )
        return None
    return text[1:] if text.startswith("\ufeff") else text


def inside(folder: Path, path: Path) -> bool:
    """True if ``path``, links resolved, is in ``folder`` (False if it cannot be resolved)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):  # a NUL in the name, a loop of links
        return False
