"""Optional dependencies (plotly, scikit-learn), imported only when a tool needs them.

``import objectiv_modelhub`` never imports them; a tool that needs one imports it through
:func:`require`, which names the package and the extra that installs it when it is missing.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from objectiv_bach.errors import BachError

__all__ = ["MissingDependencyError", "require"]

#: import name -> (pip package name, extra of objectiv-bach that installs it)
PACKAGES = {
    "plotly": ("plotly", "demo"),
    "sklearn": ("scikit-learn", "demo"),
    "kaleido": ("kaleido", None),
}


class MissingDependencyError(BachError, ImportError):
    """An optional package a tool needs is not installed."""


def require(module: str, what: str) -> ModuleType:
    """Import ``module`` for ``what``, or raise :class:`MissingDependencyError` saying how.

    Parameters
    ----------
    module : str
        The import name, e.g. ``'plotly.graph_objects'``.
    what : str
        The tool that needs it, for the message.

    Returns
    -------
    module
        The imported module.

    Raises
    ------
    MissingDependencyError
        When the package is not installed (also an ``ImportError``).

    Examples
    --------
    >>> require('json', 'a doctest').dumps([1])
    '[1]'
    >>> require('not_a_package_xyz', 'a doctest')
    Traceback (most recent call last):
    ...
    objectiv_modelhub.optional.MissingDependencyError: a doctest needs the package 'not_a_package_xyz', which is not installed. Install it with: pip install not_a_package_xyz
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        top = module.split(".")[0]
        package, extra = PACKAGES.get(top, (top, None))
        fix = f"pip install {package}"
        if extra is not None:
            fix += f" (or the extra: pip install 'objectiv-bach[{extra}]')"
        msg = (
            f"{what} needs the package {package!r}, which is not installed. Install it with: {fix}"
        )
        raise MissingDependencyError(msg) from error
