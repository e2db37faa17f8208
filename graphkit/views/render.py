"""Render a view from the database: read the graph, build the view, write the HTML file.

The views family: :mod:`graphkit.views.build` makes the view (what to draw),
:mod:`graphkit.views.style` how it looks, :mod:`graphkit.views.layout` where
the nodes go, :mod:`graphkit.views.html` the page; this module ties them to
the store.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from graphkit import schema, values
from graphkit.analysis.projection import as_of_graph, read_history
from graphkit.db import cypher
from graphkit.views.build import View, ViewOptions, build_view
from graphkit.views.html import write_view


def default_out(view: str) -> Path:
    """``out/<view>.html``.

    Parameters
    ----------
    view : str
        The view's name (``cooperation`` or ``forums``).

    Returns
    -------
    pathlib.Path
        A path relative to the working folder.

    Examples
    --------
    >>> str(default_out("forums"))
    'out/forums.html'
    """
    return Path("out") / f"{view}.html"


@dataclass
class RenderResult:
    """What :func:`render` wrote: the file, its numbers of nodes and edges, and its size in bytes."""

    path: Path
    nodes: int
    edges: int
    bytes: int


def sources_as_of(store) -> str | None:
    """The latest ``as_of`` date of the loaded nodes (how fresh the sources are), as text; None if there is none.

    Only the schema's labels count (a ``CentralityRun``'s ``as_of`` is the date it was computed for).

    Parameters
    ----------
    store : graphkit.db.store.Store
        An open store.

    Returns
    -------
    str or None
        ``YYYY-MM-DD``.

    Raises
    ------
    graphkit.errors.GraphkitError
        If the database cannot be read (see :meth:`graphkit.db.store.Store.read`).

    Examples
    --------
    >>> import datetime as dt
    >>> class Store:  # stands in for graphkit.db.store.Store
    ...     def read(self, cypher):
    ...         return [{"d": dt.date(2025, 1, 31)}]
    >>> sources_as_of(Store())
    '2025-01-31'
    """
    labels = " OR ".join(f"n:{cypher.label(label)}" for label in schema.LABELS)
    rows = store.read(f"MATCH (n) WHERE ({labels}) AND n.as_of IS NOT NULL RETURN max(n.as_of) AS d")
    return values.plain(rows[0]["d"]) if rows and rows[0]["d"] is not None else None


def read_view(store, options: ViewOptions) -> View:
    """Read the graph's history from ``store`` and build the view of ``options`` (with its slider unless turned off).

    Parameters
    ----------
    store : graphkit.db.store.Store
        An open store.
    options : ViewOptions
        What to draw; ``options.as_of`` is the date shown first.

    Returns
    -------
    graphkit.views.build.View

    Raises
    ------
    graphkit.errors.UsageProblem
        For options that make no sense or an ``ego`` that is not drawn.
    graphkit.errors.InvalidData
        If the database holds no state.
    graphkit.errors.GraphkitError
        If the database cannot be read.
    """
    options.check()
    H = read_history(store, actors=options.actors)
    B = as_of_graph(H, options.as_of or _dt.date.today())
    B.graph["as_of"] = options.as_of
    return build_view(B, options, history=H if options.timeline else None, data_as_of=sources_as_of(store))


def render(store, options: ViewOptions, out: Path | str | None = None) -> RenderResult:
    """Read the graph from ``store``, build the view and write it; return where and how big.

    Parameters
    ----------
    store : graphkit.db.store.Store
        An open store.
    options : ViewOptions
        What to draw; ``options.as_of`` is the date shown first (the whole
        history is read for the time slider unless ``options.timeline`` is off).
    out : pathlib.Path or str, optional
        The HTML file; ``out/<view>.html`` by default (:func:`default_out`).

    Returns
    -------
    RenderResult

    Raises
    ------
    graphkit.errors.UsageProblem
        For options that make no sense or an ``ego`` that is not drawn
        (nothing is written then).
    graphkit.errors.InvalidData
        If the database holds no state.
    graphkit.errors.GraphkitError
        If the database cannot be read.
    OSError
        If the file cannot be written.

    Examples
    --------
    A stand-in for the store that answers :func:`~graphkit.analysis.projection.read_bipartite`'s
    three queries with two states in one organisation:

    >>> import tempfile
    >>> from graphkit.analysis import projection
    >>> rows = {
    ...     projection.state_query(): [{"id": s, "attrs": {"name": s}} for s in ("EST", "FRA")],
    ...     projection.forum_query(): [{"id": "eu", "label": "Organisation", "attrs": {"name": "EU"}}],
    ...     projection.edge_query(): [{"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {}} for s in ("EST", "FRA")],
    ... }
    >>> class Record(dict):
    ...     def data(self):
    ...         return dict(self)
    >>> class Tx:
    ...     def run(self, query, params):
    ...         return [Record(row) for row in rows[query]]
    >>> class Store:
    ...     def read_transaction(self, work):
    ...         return work(Tx())
    ...     def read(self, query):
    ...         return []
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = render(Store(), ViewOptions(view="forums"), Path(folder) / "forums.html")
    >>> result.path.name, result.nodes, result.edges
    ('forums.html', 3, 2)
    """
    view = read_view(store, options)
    path = write_view(view, out or default_out(options.view))
    counts = view.payload["meta"]["counts"]  # what the view's date shows (the slider's other dates may show more)
    return RenderResult(path, counts["nodes"], counts["edges"], path.stat().st_size)
