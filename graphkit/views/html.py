"""The HTML page of a view: escaping, the inlined resources, the Content-Security-Policy, PyVis' template.

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

Escaping rules
--------------
* Data reaches the page only as JSON inside ``<script type="application/json">``
  blocks, serialised by :func:`script_json`: ``<``, ``>``, ``&``, U+2028 and
  U+2029 are written as ``\\u`` escapes, so no string can close the block.
* The page's script builds every tooltip, legend and panel with
  ``createElement``/``textContent``; it never assigns data to ``innerHTML``.
  Node labels are drawn on the canvas as text.
* Links are made only for ``http``/``https`` URLs (:func:`safe_url` here and
  again in the browser); anything else is shown as text or dropped.
* The title block is rendered by Jinja with autoescaping on.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from graphkit.errors import InvalidData

if TYPE_CHECKING:
    from graphkit.views.build import View

#: graphkit's template, script and style for the page.
RESOURCES = Path(__file__).resolve().parent / "resources"

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


# -- escaping --------------------------------------------------------------------------
def escape_json_text(text: str) -> str:
    """Make JSON text safe inside an HTML ``<script>`` block (``<``, ``>``, ``&``, U+2028/9 as ``\\u`` escapes).

    These characters can only occur inside JSON strings, where the escape means
    the same character, so the JSON value is unchanged.

    Parameters
    ----------
    text : str
        JSON text.

    Returns
    -------
    str
        The same JSON value, with no character that could end a ``<script>`` block.

    Examples
    --------
    >>> escape_json_text('["</script><b>&"]')
    '["\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"]'
    """
    return _SCRIPT_ESCAPE_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text)


def script_json(value: Any) -> str:
    """Compact JSON of ``value`` that can be embedded in a ``<script>`` block.

    NaN and infinities are refused (they are not JSON); non-ASCII text is kept
    as UTF-8.

    Parameters
    ----------
    value : Any
        A JSON-ready value (dicts, lists, text, finite numbers, booleans, None).

    Returns
    -------
    str
        The JSON text, escaped by :func:`escape_json_text`.

    Raises
    ------
    ValueError
        If ``value`` holds NaN or an infinity.
    TypeError
        If ``value`` holds something JSON cannot represent.

    Examples
    --------
    >>> script_json({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    >>> json.loads(script_json({"a": "<&>"}))
    {'a': '<&>'}
    """
    return escape_json_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


def safe_url(value: Any) -> str | None:
    """``value`` if it is an absolute ``http``/``https`` URL without spaces or control characters, else None.

    Parameters
    ----------
    value : Any
        A source URL as the dataset gave it (or anything else).

    Returns
    -------
    str or None
        ``value`` unchanged, or None if it must not become a link.

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)") is None, safe_url(" JAVASCRIPT:alert(1)") is None
    (True, True)
    >>> safe_url("https://x.org/\\u0000") is None, safe_url("//evil.example") is None
    (True, True)
    """
    if not isinstance(value, str):
        return None
    if re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value, flags=re.IGNORECASE) is None:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    return value


# -- the page ----------------------------------------------------------------------------
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
