"""The ``graphkit`` command line: parses options and calls the library, nothing else."""

from graphkit.cli.main import main

__all__ = ["main"]
