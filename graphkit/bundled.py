"""Where the folders graphkit ships beside its code are: the dataset and the query library.

An installed wheel carries them inside the package, as ``graphkit/_bundled/<name>``;
a source checkout has them at the top of the repository, ``<repo>/<name>``
(a checkout is recognised by the ``pyproject.toml`` beside the package, so an
unrelated ``site-packages/<name>`` is never taken for graphkit's).
"""

from __future__ import annotations

from pathlib import Path

import graphkit
from graphkit.errors import EnvironmentProblem


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


def bundled_folder(name: str, what: str) -> Path:
    """The bundled folder ``name``: the installed one if it exists, else the source checkout's.

    Parameters
    ----------
    name : str
        The folder's name, e.g. ``datasets`` or ``cypher``.
    what : str
        What it holds, for the error, e.g. ``dataset``.

    Raises
    ------
    graphkit.errors.EnvironmentProblem
        If neither place has it (a broken installation).

    Examples
    --------
    >>> bundled_folder("cypher", "query library").is_dir()
    True
    >>> bundled_folder("no-such-folder", "thing")
    Traceback (most recent call last):
    ...
    graphkit.errors.EnvironmentProblem: the bundled thing is missing: ...
    """
    installed, checkout = candidates(name)
    if installed.is_dir():
        return installed
    if checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file():
        return checkout
    raise EnvironmentProblem(
        f"the bundled {what} is missing: neither {installed} nor {checkout} exists",
        "reinstall graphkit; the wheel ships it",
    )
