"""The one way the build scripts write their generated files, or check them (``--check``) without writing."""

from __future__ import annotations

import sys
from pathlib import Path

from graphkit import output


def write_or_check(wanted: dict[Path, str], check: bool, rebuilt_from: str) -> int:
    """Write each file's text, or with ``check`` report (exit code 1) the files whose text differs.

    Parameters
    ----------
    wanted : dict of Path to str
        The text each generated file must have.
    check : bool
        Compare only; write nothing.
    rebuilt_from : str
        What the files are rebuilt from, for the message (``datasets/raw/unvotes/``).
    """
    if check:
        stale = [path.name for path, text in wanted.items() if not path.is_file() or path.read_text("utf-8") != text]
        for name in stale:
            print(f"{name} differs from what {rebuilt_from} gives: run `make data`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in wanted.items():
        output.write_text(text, path)
        print(f"wrote {path.relative_to(path.parents[1])} ({text.count(chr(10)) - 1} rows)")
    return 0
