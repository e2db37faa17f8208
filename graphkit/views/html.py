"""The HTML page of a view: the inlined resources, the Content-Security-Policy, PyVis' template.

How the file is made
--------------------
* PyVis renders the page through its template mechanism with graphkit's own
  template (``graphkit/views/resources/view.html``): vis-network 9.1.2
  (shipped with PyVis) is inlined, graphkit's script and style too, and
  nothing is linked from a CDN (PyVis' own template links Bootstrap from
  jsDelivr even with ``cdn_resources="in_line"``). A Content-Security-Policy
  ``<meta>`` forbids every network request and allows only the page's own two
  scripts (by hash).
* The nodes and edges are added to PyVis' ``Network`` directly rather than with
  ``add_node``/``add_edge``, which check for duplicates in lists and are
  quadratic (minutes for 10,000 nodes).

The escaping rules are :mod:`graphkit.views.escape`'s.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from graphkit.errors import InvalidData
from graphkit.views.escape import escape_json_text, script_json

if TYPE_CHECKING:
    from graphkit.views.build import View

#: graphkit's template, script and style for the page.
RESOURCES = Path(__file__).resolve().parent / "resources"


def _pyvis_lib() -> Path:
    """The folder of the vis-network build shipped with PyVis."""
    return Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _hash(text: str) -> str:
    """The CSP source expression allowing an inline script or style with exactly this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _checked_script(text: str, name: str) -> str:
    if re.search(r"</script", text, flags=re.IGNORECASE):
        raise InvalidData(f"{name} contains '</script' and cannot be inlined", "report this as a graphkit bug")
    return text


def _checked_style(text: str, name: str) -> str:
    if re.search(r"</style", text, flags=re.IGNORECASE):
        raise InvalidData(f"{name} contains '</style' and cannot be inlined", "report this as a graphkit bug")
    return text


def _environment(globals_: dict) -> Environment:
    """The Jinja environment of graphkit's template (autoescaping on, the JSON filters, ``globals_``)."""
    env = Environment(
        loader=FileSystemLoader(str(RESOURCES)),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # these return JSON text for <script type="application/json"> blocks; the template marks them |safe
    env.filters["script_json"] = script_json
    env.filters["script_json_text"] = escape_json_text
    env.globals.update(globals_)
    return env


def view_html(view: View) -> str:
    """The complete HTML page of ``view`` (rendered by PyVis with graphkit's template).

    Parameters
    ----------
    view : graphkit.views.build.View
        A view made by :func:`graphkit.views.build.build_view`.

    Returns
    -------
    str
        One self-contained page: every script and style inlined, no request to any host.

    Raises
    ------
    graphkit.errors.InvalidData
        If a script or style to inline contains its own end tag (a graphkit bug).

    Examples
    --------
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> from graphkit.views.build import ViewOptions, build_view
    >>> B = bipartite_from_rows(
    ...     [{"id": s, "attrs": {"name": s}} for s in ("EST", "FRA")],
    ...     [{"id": "eu", "label": "Organisation", "attrs": {"name": "EU"}}],
    ...     [{"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {}} for s in ("EST", "FRA")])
    >>> html = view_html(build_view(B, ViewOptions()))
    >>> html.startswith("<!DOCTYPE html>"), "Content-Security-Policy" in html
    (True, True)
    """
    lib = _pyvis_lib()
    vis_js = _checked_script(_read(lib / "vis-network.min.js"), "vis-network.min.js")
    vis_css = _checked_style(_read(lib / "vis-network.css"), "vis-network.css")
    gk_js = _checked_script(_read(RESOURCES / "view.js"), "view.js")
    gk_css = _checked_style(_read(RESOURCES / "view.css"), "view.css")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_hash(vis_js)} {_hash(gk_js)}",
            f"style-src {_hash(vis_css)} {_hash(gk_css)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    net = Network(height="100%", width="100%", heading=view.title, cdn_resources="in_line")
    net.nodes = view.nodes
    net.edges = view.edges
    net.node_ids = [n["id"] for n in view.nodes]
    net.node_map = {n["id"]: n for n in view.nodes}
    net.options = view.vis_options
    net.set_template_dir(str(RESOURCES) + "/", "view.html")
    net.templateEnv = _environment(
        {
            "gk": view.payload,
            "gk_meta": view.payload["meta"],
            "csp": csp,
            "vis_js": vis_js,
            "vis_css": vis_css,
            "gk_js": gk_js,
            "gk_css": gk_css,
        }
    )
    return net.generate_html(name="view.html")


def write_view(view: View, path: Path | str) -> Path:
    """Write ``view`` as one HTML file (parent folders created); return the path.

    Parameters
    ----------
    view : graphkit.views.build.View
        The view to write.
    path : pathlib.Path or str
        The HTML file; an existing file is overwritten.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    OSError
        If the folder cannot be made or the file cannot be written.
    graphkit.errors.InvalidData
        As :func:`view_html`.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.analysis.projection import bipartite_from_rows
    >>> from graphkit.views.build import ViewOptions, build_view
    >>> B = bipartite_from_rows(
    ...     [{"id": s, "attrs": {"name": s}} for s in ("EST", "FRA")],
    ...     [{"id": "eu", "label": "Organisation", "attrs": {"name": "EU"}}],
    ...     [{"a": s, "b": "eu", "rel": "MEMBER_OF", "attrs": {}} for s in ("EST", "FRA")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_view(build_view(B, ViewOptions(view="forums")), Path(folder) / "a" / "forums.html")
    ...     path.name, path.stat().st_size > 100_000
    ('forums.html', True)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(view_html(view), encoding="utf-8")
    return path
