"""graphkit: a sourced, dated graph of cyber diplomacy in Neo4j.

The library is usable without the CLI; :mod:`graphkit.cli` only parses
options and calls these modules.
"""

__version__ = "0.1.0"
