"""Where the folders graphkit ships beside its code are: the dataset and the query library.

An installed wheel carries them inside the package, as ``graphkit/_bundled/<name>``;
a source checkout has them at the top of the repository, ``<repo>/<name>``
(a checkout is recognised by the ``pyproject.toml`` beside the package, so an
unrelated ``site-packages/<name>`` is never taken for graphkit's).
"""

from __future__ import annotations

from pathlib import Path

import graphkit


def candidates(name: str) -> tuple[Path, Path]:
    """The two places a bundled folder may be: inside the installed package, then in the source checkout.

    Parameters
    ----------
    name : str
        The folder's name, e.g. ``datasets`` or ``cypher``.

    Examples
    --------
    >>> installed, checkout = candidates("cypher")
    >>> installed.parts[-3:], checkout.name
    (('graphkit', '_bundled', 'cypher'), 'cypher')
    """
    package = Path(graphkit.__file__).resolve().parent
    return package / "_bundled" / name, package.parent / name


def bundled_path(name: str) -> Path | None:
    """The bundled folder ``name``: the installed one if it exists, else the source checkout's, else ``None``.

    Callers turn ``None`` into their own error, naming both :func:`candidates`.

    Parameters
    ----------
    name : str
        The folder's name, e.g. ``datasets`` or ``cypher``.

    Examples
    --------
    >>> bundled_path("cypher").is_dir()
    True
    >>> bundled_path("no-such-folder") is None
    True
    """
    installed, checkout = candidates(name)
    if installed.is_dir():
        return installed
    if checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file():
        return checkout
    return None
