"""graphkit: a sourced, dated graph of cyber diplomacy in Neo4j.

The library is usable without the CLI; :mod:`graphkit.cli` only parses
options and calls these modules. For notebooks and scripts,
``graphkit.connect()`` opens the Python API (:mod:`graphkit.api`), imported
only when it is first used, so ``import graphkit`` stays light.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy reads it so), without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from graphkit.api import Connection, ViewResult, connect

__version__ = "0.1.0"
__all__ = ["Connection", "ViewResult", "__version__", "connect"]

#: The names of :mod:`graphkit.api` offered here, imported on first use.
_API = ("Connection", "ViewResult", "connect")


def __getattr__(name: str) -> Any:
    """``graphkit.connect`` and the API's classes, imported from :mod:`graphkit.api` on first use."""
    if name in _API:
        from graphkit import api

        return getattr(api, name)
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
