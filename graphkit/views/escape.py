"""How strings from the data reach a page without ever running: the escaping rules of every view.

Escaping rules
--------------
* Data reaches the page only as JSON inside ``<script type="application/json">``
  blocks, serialised by :func:`script_json`: ``<``, ``>``, ``&``, U+2028 and
  U+2029 are written as ``\\u`` escapes, so no string can close the block.
* The page's script builds every tooltip, legend and panel with
  ``createElement``/``textContent``; it never assigns data to ``innerHTML``.
  Node labels are drawn on the canvas as text.
* Links are made only for ``http``/``https`` URLs (this module's :func:`safe_url` and
  again in the browser); anything else is shown as text or dropped.
* The title block is rendered by Jinja with autoescaping on.
"""

from __future__ import annotations

import json
import re
from typing import Any

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


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
