"""Optional dependencies: import them where needed, or say which extra installs them.

pandas and matplotlib come with graphkit's ``analysis`` extra
(``pip install 'graphkit[analysis]'``; ``make setup`` installs it): the
report's charts and the Python API's DataFrames need them, nothing else does.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from graphkit.errors import EnvironmentProblem

#: The extra that installs each optional module.
EXTRA_OF = {"pandas": "analysis", "matplotlib": "analysis", "country_converter": "data"}


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module`` or raise an error naming the extra that installs it.

    Parameters
    ----------
    module : str
        The module's name, e.g. ``pandas`` or ``matplotlib.pyplot``.
    purpose : str
        What it is needed for, e.g. ``DataFrames``.

    Returns
    -------
    module

    Raises
    ------
    graphkit.errors.EnvironmentProblem
        If the module is not installed.

    Examples
    --------
    >>> require("json", "reading JSON").__name__
    'json'
    >>> try:
    ...     require("pandas_not_installed_here", "DataFrames")
    ... except EnvironmentProblem as error:
    ...     print(error.message, "|", error.hint)
    pandas_not_installed_here is not installed (needed for DataFrames) | install graphkit's analysis extra: pip install 'graphkit[analysis]'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        extra = EXTRA_OF.get(module.split(".")[0], "analysis")
        raise EnvironmentProblem(
            f"{module.split('.')[0]} is not installed (needed for {purpose})",
            f"install graphkit's {extra} extra: pip install 'graphkit[{extra}]'",
        ) from None
