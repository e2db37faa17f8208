"""The Python API for notebooks and scripts: connect, run queries, score, draw.

A thin layer over the library, for researchers who work in Jupyter or VS Code::

    import graphkit

    with graphkit.connect() as g:                 # the local server, NEO4J_* or uri=...
        g.query("forum-members", forum="nato")    # a library query by name: list of dicts
        g.query_df("MATCH (s:State) RETURN s.id AS id, s.region AS region")
        scores = g.centrality(as_of="2015-01-01") # a DataFrame, one row per state
        g.view(view="forums", ego="EST")          # shown inline; .save(), .png(), .html

Every method calls the functions the command line calls: the connection is
resolved by :func:`graphkit.db.config.resolve_connection`, queries run through
:func:`graphkit.queries.run.run` (read-only unless ``write=True``), scores come
from :func:`graphkit.analysis.runs.score`, and views from
:func:`graphkit.views.render.read_view`. DataFrames need pandas, from graphkit's
``analysis`` extra (``pip install 'graphkit[analysis]'``); nothing else does.
See ``docs/python.md``.
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import numbers
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from graphkit.analysis.blocs import community_names
from graphkit.analysis.ranking import graph_note, score_records
from graphkit.analysis.runs import score, write_scored
from graphkit.data.dates import as_of_date
from graphkit.db.config import ConnectionConfig, resolve_connection
from graphkit.db.store import Store
from graphkit.errors import UsageProblem
from graphkit.extras import require
from graphkit.queries.library import adhoc, get_query
from graphkit.queries.query import NAME_PATTERN, Query
from graphkit.queries.run import run
from graphkit.values import plain_rows
from graphkit.views.build import ViewOptions
from graphkit.views.html import view_html
from graphkit.views.png import write_png
from graphkit.views.render import read_view
from graphkit.vocabulary import DEFAULT_ACTORS

if TYPE_CHECKING:
    import pandas as pd

#: The height of a view shown in a notebook, in pixels.
VIEW_HEIGHT = 700
#: What the notebook's iframe lets the page do: run its own scripts and save its PNG (no same origin).
SANDBOX = "allow-scripts allow-downloads"
_TYPES_HINT = "give a str, int, float, bool, datetime.date, or a list of them"


# -- connecting -------------------------------------------------------------------------
def connect(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    data_dir: Path | str | None = None,
) -> Connection:
    """Connect to Neo4j the way every graphkit command does, and check that it answers.

    Parameters
    ----------
    uri : str, optional
        ``bolt://``, ``neo4j://`` or ``neo4j+s://`` URI; by default ``$NEO4J_URI``,
        else graphkit's local server (``graphkit neo4j start``).
    user, password, database : str, optional
        By default ``$NEO4J_USERNAME`` (else ``neo4j``), ``$NEO4J_PASSWORD`` (else
        the local server's generated password) and ``$NEO4J_DATABASE`` (else the
        server's default database).
    data_dir : path, optional
        The local server's data folder: ``$GRAPHKIT_DATA_DIR``, else ``./.graphkit/neo4j``.

    Returns
    -------
    Connection
        Open; close it with :meth:`Connection.close`, or use it in a ``with`` block.

    Raises
    ------
    graphkit.errors.ServerNotRunning
        If the server cannot be reached (the local one: if it is not running).
    graphkit.errors.AuthFailed
        If it refuses the user name or password.
    graphkit.errors.EnvironmentProblem
        If the local server's password file is missing or damaged.

    Examples
    --------
    Connecting needs a server (see ``docs/python.md``); a closed port fails at once:

    >>> connect(uri="bolt://127.0.0.1:1")
    Traceback (most recent call last):
    ...
    graphkit.errors.ServerNotRunning: cannot reach Neo4j at bolt://127.0.0.1:1
    """
    connection = Connection(Store(resolve_connection(uri, user, password, database, data_dir)))
    try:
        connection.store.ping()
    except BaseException:
        connection.close()
        raise
    return connection


class Connection:
    """An open connection to one Neo4j database, made by :func:`connect`.

    Parameters
    ----------
    store : graphkit.db.store.Store
        The store it works on (or a stand-in with the same methods).

    Examples
    --------
    >>> from graphkit.db.config import ConnectionConfig
    >>> g = Connection(Store(ConnectionConfig("neo4j+s://x.databases.neo4j.io", "neo4j", "s3cret")))
    >>> g
    <graphkit.Connection neo4j+s://x.databases.neo4j.io user=neo4j database=default>
    >>> with g:
    ...     pass
    """

    def __init__(self, store: Any) -> None:
        self.store = store

    @property
    def config(self) -> ConnectionConfig:
        """How this connection reaches Neo4j (the password never shows in its ``repr``)."""
        return self.store.config

    def close(self) -> None:
        """Close the driver's connections (a closed connection opens again when used)."""
        self.store.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        config = self.config
        where = " (local server)" if config.local else ""
        uri, database = shown_uri(config.uri), config.database or "default"
        return f"<graphkit.Connection {uri} user={config.user} database={database}{where}>"

    # -- queries ------------------------------------------------------------------------
    def query(self, name_or_cypher: str, /, *, write: bool = False, **params: Any) -> list[dict[str, Any]]:
        """Run a library query by name, or Cypher text; return its rows as dicts of plain Python values.

        Parameters
        ----------
        name_or_cypher : str
            A query of the library (``graphkit query list``), e.g. ``forum-members``,
            or a Cypher statement (see :func:`is_query_name`).
        write : bool, default False
            Allow the statement to write; without it a statement that is not a
            plain read is refused before anything runs.
        **params
            The query's parameters, typed by its header (see :func:`bind`).

        Returns
        -------
        list of dict
            One dict per row, keys in column order; values as :func:`graphkit.values.plain`
            makes them (dates as ``YYYY-MM-DD`` text, nodes as dicts).

        Raises
        ------
        graphkit.errors.UsageProblem
            For an unknown query name or a missing, unknown or badly typed parameter.
        graphkit.errors.QueryFailed
            If the statement is not a plain read (and ``write`` is False) or Neo4j rejects it.

        Examples
        --------
        >>> import datetime
        >>> class Summary:
        ...     query_type, plan = "r", {}
        >>> class Store:  # stands in for graphkit.db.store.Store
        ...     def explain(self, text, params):
        ...         return Summary()
        ...     def raw_records(self, text, params, *, write=False):
        ...         return [{"id": params["forum"].upper(), "since": datetime.date(2004, 3, 29)}], ["id", "since"], None
        >>> Connection(Store()).query("forum-members", forum="nato", as_of=datetime.date(2010, 1, 1))
        [{'id': 'NATO', 'since': '2004-03-29'}]
        """
        return self._rows(name_or_cypher, params, write)[1]

    def query_df(self, name_or_cypher: str, /, *, write: bool = False, **params: Any) -> pd.DataFrame:
        """As :meth:`query`, as a pandas DataFrame (its columns in the query's order, even without rows).

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        graphkit.errors.EnvironmentProblem
            If pandas is not installed (it comes with ``pip install 'graphkit[analysis]'``).
        graphkit.errors.UsageProblem, graphkit.errors.QueryFailed
            As :meth:`query`.

        Examples
        --------
        >>> class Summary:
        ...     query_type, plan = "r", {}
        >>> class Store:  # stands in for graphkit.db.store.Store
        ...     def explain(self, text, params):
        ...         return Summary()
        ...     def raw_records(self, text, params, *, write=False):
        ...         return [], ["id", "region"], None
        >>> Connection(Store()).query_df("MATCH (s:State {region: $r}) RETURN s.id AS id, s.region AS region", r="x")
        Empty DataFrame
        Columns: [id, region]
        Index: []
        """
        pandas = require("pandas", "DataFrames")
        columns, rows = self._rows(name_or_cypher, params, write)
        return pandas.DataFrame(rows, columns=columns)

    def _rows(self, name_or_cypher: str, params: Mapping[str, Any], write: bool) -> tuple[list[str], list[dict]]:
        """The columns and plain rows of one query (by name or text)."""
        query = get_query(name_or_cypher.strip()) if is_query_name(name_or_cypher) else adhoc(name_or_cypher)
        result = run(self.store, query, bind(query, params), write=write)
        return result.columns, plain_rows(result.columns, result.records)

    # -- centrality ---------------------------------------------------------------------
    def centrality(
        self,
        as_of: date | str | None = None,
        metrics: Iterable[str] | None = None,
        actors: str = DEFAULT_ACTORS,
        exclude: Iterable[str] = (),
        multipliers: Mapping[str, float] | None = None,
        seed: int | None = None,
        write: bool = False,
        *,
        betweenness_k: int | str | None = "auto",
    ) -> pd.DataFrame:
        """Cooperation centrality as a DataFrame: one row per actor, sorted by rank (``graphkit centrality``).

        Parameters
        ----------
        as_of : datetime.date or str, optional
            Keep only what held on that date (``YYYY-MM-DD``); latest (today) by default.
        metrics : iterable of str, optional
            The metrics to compute (:data:`graphkit.vocabulary.METRICS`); all by default.
        actors : str, default "states"
            ``states``, or ``all`` to count and score the stakeholders too.
        exclude : iterable of str, optional
            Forums to leave out (organisation, summit or instrument ids), e.g. ``["un", "itu"]``.
        multipliers : mapping of str to float, optional
            Multipliers per relationship kind, overriding the defaults.
        seed : int, optional
            Seed of Louvain and of the betweenness pivots (graphkit's default when None).
        write : bool, default False
            Also write the run back to Neo4j (as ``graphkit centrality --write``); its id is in
            ``frame.attrs["run_id"]``.
        betweenness_k : int, "auto" or None, default "auto"
            Betweenness pivots: ``auto`` is exact up to 1000 actors; None is exact.

        Returns
        -------
        pandas.DataFrame
            Index ``id``; columns ``name`` (with ``actors="all"`` also ``label`` and ``kind``),
            ``region``, every metric computed (``community`` followed by ``community_name``)
            and ``rank`` (1 = top, by PageRank, or by the first metric computed without it).
            ``frame.attrs["note"]`` says what was computed.

        Raises
        ------
        graphkit.errors.EnvironmentProblem
            If pandas is not installed.
        graphkit.errors.UsageProblem
            For a bad date, an unknown metric, multiplier kind, forum or ``actors`` value.
        graphkit.errors.InvalidData
            With ``write``, if a scored actor is not in the database.

        Examples
        --------
        A stand-in for the store that answers the three queries of
        :func:`graphkit.analysis.projection.read_bipartite` with three states in one organisation:

        >>> from graphkit.analysis import projection
        >>> rows = {
        ...     projection.state_query(): [{"id": s, "attrs": {"name": s, "region": "Europe"}} for s in ("EST", "FRA", "DEU")],
        ...     projection.forum_query(): [{"id": "eu", "label": "Organisation", "attrs": {"name": "EU"}}],
        ...     projection.edge_query(): [{"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {}} for s in ("EST", "FRA", "DEU")],
        ... }
        >>> class Record(dict):
        ...     def data(self):
        ...         return dict(self)
        >>> class Tx:
        ...     def run(self, query, params):
        ...         return [Record(row) for row in rows[query]]
        >>> class Store:  # stands in for graphkit.db.store.Store
        ...     def read_transaction(self, work):
        ...         return work(Tx())
        >>> frame = Connection(Store()).centrality(metrics=["pagerank", "community"])
        >>> list(frame.columns), list(frame.index), frame["rank"].tolist()
        (['name', 'region', 'pagerank', 'community', 'community_name', 'rank'], ['DEU', 'EST', 'FRA'], [1, 1, 1])
        """
        pandas = require("pandas", "DataFrames")
        leave_out = _words(exclude, "exclude") or ()
        G, scores = score(
            self.store, _date(as_of), multipliers, _words(metrics, "metrics"), seed, betweenness_k, leave_out, actors
        )
        run_id = write_scored(self.store, G, scores) if write else None
        columns, rows = centrality_rows(G, scores, details=actors != DEFAULT_ACTORS)
        frame = pandas.DataFrame(rows, columns=columns).set_index("id")
        frame.attrs.update(note=graph_note(G), run_id=run_id)
        return frame

    # -- views --------------------------------------------------------------------------
    def view(self, *, height: int = VIEW_HEIGHT, **options: Any) -> ViewResult:
        """Build a network view (as ``graphkit render``) to show inline, save or draw as PNG.

        Parameters
        ----------
        height : int, default 700
            The height of the view in a notebook, in pixels.
        **options
            The fields of :class:`graphkit.views.build.ViewOptions`: ``view``, ``as_of``,
            ``ego``, ``depth``, ``include``, ``color_by``, ``size_by``, ``min_weight``,
            ``ties``, ``alpha``, ``timeline``, ``exclude``, ``actors``, ``multipliers``,
            ``seed``, ``physics`` (see :func:`view_options`).

        Returns
        -------
        ViewResult

        Raises
        ------
        graphkit.errors.UsageProblem
            For an unknown option, options that make no sense together, or an ``ego`` that is not drawn.
        graphkit.errors.InvalidData
            If the database holds no state.

        Examples
        --------
        A stand-in for the store, as in :meth:`centrality` (two states in one organisation):

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
        >>> v = Connection(Store()).view(view="forums", timeline=False)
        >>> v
        <graphkit.ViewResult forums: 3 nodes, 2 edges>
        >>> v._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
        True
        """
        chosen = view_options(**options)
        view = read_view(self.store, chosen)
        counts = view.payload["meta"]["counts"]
        return ViewResult(view_html(view), chosen, counts["nodes"], counts["edges"], height)


def shown_uri(uri: str) -> str:
    """``uri`` with a password written into it (``bolt://user:pw@host``) masked, for showing.

    Examples
    --------
    >>> shown_uri("neo4j+s://neo4j:s3cret@x.databases.neo4j.io"), shown_uri("bolt://127.0.0.1:7687")
    ('neo4j+s://neo4j:***@x.databases.neo4j.io', 'bolt://127.0.0.1:7687')
    """
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


# -- what a view is in a notebook -------------------------------------------------------
@dataclasses.dataclass
class ViewResult:
    """A built view page: shown inline by Jupyter and VS Code, saved as HTML, drawn as PNG.

    Attributes
    ----------
    html : str
        The complete, self-contained page (what ``graphkit render`` writes).
    options : graphkit.views.build.ViewOptions
        What it draws.
    nodes, edges : int
        What the view's date shows.
    height : int
        Its height in a notebook, in pixels.

    Examples
    --------
    >>> v = ViewResult("<p>hi</p>", ViewOptions(), 1, 0, height=300)
    >>> v._repr_html_()
    '<iframe srcdoc="&lt;p&gt;hi&lt;/p&gt;" width="100%" height="300" sandbox="allow-scripts allow-downloads" style="border: 0" title="graphkit cooperation view"></iframe>'
    """

    html: str
    options: ViewOptions
    nodes: int
    edges: int
    height: int = VIEW_HEIGHT

    def __repr__(self) -> str:
        return f"<graphkit.ViewResult {self.options.view}: {self.nodes} nodes, {self.edges} edges>"

    def _repr_html_(self) -> str:
        """The page in a sandboxed ``<iframe srcdoc>``, so that its CSP, scripts and CSS stay its own."""
        return iframe(self.html, self.height, title=f"graphkit {self.options.view} view")

    def save(self, path: Path | str) -> Path:
        """Write the page as one HTML file (folders created); return its path.

        Raises
        ------
        OSError
            If the file cannot be written.

        Examples
        --------
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = ViewResult("<p>hi</p>", ViewOptions(), 1, 0).save(Path(folder) / "out" / "v.html")
        ...     path.name, path.read_text()
        ('v.html', '<p>hi</p>')
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path

    def png(self, path: Path | str, **kwargs: Any) -> Path:
        """Draw the view as PNG with headless Chromium (:func:`graphkit.views.png.write_png`); return its path.

        Parameters
        ----------
        path : path
            The PNG file to write.
        **kwargs
            As :func:`graphkit.views.png.png_from_page` (``window``, ``browser``).

        Raises
        ------
        graphkit.errors.EnvironmentProblem
            If no Chromium is installed, or it fails.
        """
        with tempfile.TemporaryDirectory(prefix="graphkit-view-") as folder:
            page = self.save(Path(folder) / f"{self.options.view}.html")
            return write_png(page, path, **kwargs)


def iframe(page: str, height: int = VIEW_HEIGHT, title: str = "graphkit view") -> str:
    """``page`` in an ``<iframe srcdoc>``, escaped, sandboxed to run its own scripts only.

    Parameters
    ----------
    page : str
        A whole HTML page.
    height : int, default 700
        In pixels.
    title : str
        The frame's accessible name.

    Returns
    -------
    str

    Raises
    ------
    graphkit.errors.UsageProblem
        If ``height`` is not a whole number ≥ 1.

    Examples
    --------
    >>> iframe('<script>alert("x")</script>', 200)
    '<iframe srcdoc="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" width="100%" height="200" sandbox="allow-scripts allow-downloads" style="border: 0" title="graphkit view"></iframe>'
    """
    if isinstance(height, bool) or not isinstance(height, int) or height < 1:
        raise UsageProblem(f"must be a whole number of pixels ≥ 1, not {height!r}", "e.g. 700", param="height")
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" width="100%" height="{height}" '
        f'sandbox="{SANDBOX}" style="border: 0" title="{html.escape(title, quote=True)}"></iframe>'
    )


# -- the pieces, each on its own --------------------------------------------------------
def is_query_name(text: str) -> bool:
    """True when ``text`` names a library query (a lowercase-hyphenated slug), False for Cypher.

    Examples
    --------
    >>> is_query_name("forum-members"), is_query_name(" top-brokers\\n")
    (True, True)
    >>> is_query_name("MATCH (s:State) RETURN s.id AS id"), is_query_name("RETURN 1"), is_query_name("CALL db.labels()")
    (False, False, False)
    """
    return bool(NAME_PATTERN.match(text.strip()))


def bind(query: Query, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check and convert Python parameter values for ``query`` by its header, as the CLI's ``-p``.

    Values go through :meth:`graphkit.queries.query.Query.bind`: a declared
    parameter takes its declared type (``"2015"`` or ``2015`` for an ``int``,
    ``date(2015, 1, 1)`` or ``"2015-01-01"`` for a ``date``, a list or a
    comma-separated text for a ``list``); a parameter of ad hoc Cypher without
    a header takes the type of its Python value. ``None`` leaves a parameter out
    (an optional one is then null).

    Parameters
    ----------
    query : graphkit.queries.query.Query
        The query.
    params : mapping of str to value
        str, int, float, bool, datetime.date, a list of those, or None.

    Returns
    -------
    dict
        The values to send to Neo4j.

    Raises
    ------
    graphkit.errors.UsageProblem
        For a missing, unknown or badly typed parameter, or a value of another type.

    Examples
    --------
    >>> q = get_query("forum-members")
    >>> bind(q, {"forum": "nato", "as_of": "2010-01-01"})
    {'forum': 'nato', 'as_of': datetime.date(2010, 1, 1)}
    >>> bind(adhoc("MATCH (s:State) WHERE s.id IN $ids RETURN s.id AS id LIMIT $n"), {"ids": ["FRA", "DEU"], "n": 5})
    {'ids': ['FRA', 'DEU'], 'n': 5}
    >>> bind(q, {"forum": "nato", "as_of": "soon"})
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: parameter 'as_of' of query 'forum-members': 'soon' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY
    """
    texts: dict[str, list[str]] = {}
    types: dict[str, str] = {}
    for name, value in params.items():
        if value is None:
            continue
        texts[name] = [_text(name, v) for v in value] if _is_list(value) else [_text(name, value)]
        if name not in query.param_by_name:
            types[name] = _type_of(name, value)
    bound = query.bind(texts, types)
    return {**bound, **{name: None for name, value in params.items() if value is None and name not in bound}}


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset))


def _text(name: str, value: Any) -> str:
    """One value as the text the query library converts (``-p name=TEXT``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, numbers.Real)) or (isinstance(value, date) and not isinstance(value, datetime)):
        return value.isoformat() if isinstance(value, date) else str(value)
    raise UsageProblem(f"parameter '{name}' cannot be a {type(value).__name__}", _TYPES_HINT, fix="params")


def _type_of(name: str, value: Any) -> str:
    """The query library's type of a Python value (for a parameter no header declares)."""
    if _is_list(value):
        items = list(value)
        return f"list[{_type_of(name, items[0])}]" if items else "list[string]"
    _text(name, value)  # refuses a value of another type
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, date):
        return "date"
    if isinstance(value, numbers.Integral):
        return "int"
    return "float" if isinstance(value, numbers.Real) else "string"


def view_options(**options: Any) -> ViewOptions:
    """:class:`graphkit.views.build.ViewOptions` from keyword arguments, dates and lists as given in Python.

    ``as_of`` may be a date or ``YYYY-MM-DD`` text; ``include`` and ``exclude``
    a list or a single id. The options are checked when the view is built.

    Raises
    ------
    graphkit.errors.UsageProblem
        For an option :class:`~graphkit.views.build.ViewOptions` does not have, or a bad date.

    Examples
    --------
    >>> view_options(view="forums", as_of="2015-01-01", exclude=["un", "itu"]).exclude
    ('un', 'itu')
    >>> view_options(colour_by="region")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageProblem: unknown view option 'colour_by'
    """
    known = [f.name for f in dataclasses.fields(ViewOptions)]
    for name in options:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise UsageProblem(f"unknown view option '{name}'", hint + "The options are " + ", ".join(known))
    if "as_of" in options:
        options["as_of"] = _date(options["as_of"])
    for name in ("include", "exclude"):
        if name in options:
            options[name] = _words(options[name], name) or ()
    return ViewOptions(**options)


def centrality_rows(G: Any, scores: Mapping[Any, Mapping[str, Any]], *, details: bool = False) -> tuple[list, list]:
    """The columns and rows of :meth:`Connection.centrality`, from :func:`graphkit.analysis.runs.score`'s result.

    Rows are :func:`graphkit.analysis.ranking.score_records`' with communities
    named (:func:`graphkit.analysis.blocs.community_names`) and each actor's region.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph; ``G.graph["metrics"]`` names the metrics computed.
    scores : mapping
        ``{actor: {metric: value}}``.
    details : bool, default False
        Also the actors' ``label`` and ``kind`` (with ``actors="all"``).

    Returns
    -------
    columns : list of str
    rows : list of dict

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(metrics=["pagerank"]); G.add_node("FRA", name="France", region="Europe")
    >>> centrality_rows(G, {"FRA": {"pagerank": 1.0}})
    (['id', 'name', 'region', 'pagerank', 'rank'], [{'rank': 1, 'id': 'FRA', 'name': 'France', 'pagerank': 1.0, 'region': 'Europe'}])
    """
    wanted = list(G.graph["metrics"])
    names = community_names(G, scores) if "community" in wanted else None
    rows = score_records(G, scores, wanted, details=details, names=names)
    shown = [c for m in wanted for c in ((m, "community_name") if m == "community" else (m,))]
    columns = ["id", "name", *(["label", "kind"] if details else []), "region", *shown, "rank"]
    return columns, [{**row, "region": G.nodes[row["id"]].get("region")} for row in rows]


def _date(value: Any) -> date | None:
    """An as-of date from a date or ``YYYY-MM-DD`` text (None or ``latest``: latest), or a UsageProblem."""
    try:
        return as_of_date(value)
    except ValueError as error:
        raise UsageProblem(str(error), "e.g. as_of='2015-01-01'", param="as_of") from None


def _words(value: str | Iterable[str] | None, name: str) -> tuple[str, ...] | None:
    """A list of ids or names given as one text or any iterable of texts (None stays None)."""
    if value is None:
        return None
    items = (value,) if isinstance(value, str) else tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise UsageProblem(f"expected names, got {item!r}", "give a list of texts", param=name)
    return items
