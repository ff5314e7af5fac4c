"""Display and interaction options: ``objectiv_bach.options``.

The conventions are pandas' and ibis': attributes you set, validated when set.

==================================  ========  ==============================================
option                              default   meaning
==================================  ========  ==============================================
``options.interactive``             True      ``repr`` of a DataFrame/Series runs one LIMIT query
                                              to show a preview; False shows only the structure
                                              (for slow or costly warehouses)
``options.display.max_rows``        10        rows in that preview
``options.display.max_columns``     20        columns in that preview (None: all)
``options.display.progress``        True      a progress bar for queries that run longer than
                                              ``progress_delay`` (only in a terminal or notebook)
``options.display.progress_delay``  2.0       seconds before a running query shows progress
==================================  ========  ==============================================

Examples
--------
>>> import objectiv_bach as bach
>>> bach.options.display.max_rows
10
>>> with bach.options.option_context('display.max_rows', 3, 'interactive', False):
...     (bach.options.display.max_rows, bach.options.interactive)
(3, False)
>>> bach.options.display.max_rows
10
>>> bach.options.display.max_rows = -1
Traceback (most recent call last):
...
objectiv_bach.errors.InvalidArgumentError: options.display.max_rows=-1 is not valid: a positive int. Set it to a value like 10.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from objectiv_bach.errors import InvalidArgumentError

__all__ = ["display", "get_option", "interactive", "option_context", "set_option"]


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _positive_int_or_none(value: Any) -> bool:
    return value is None or _positive_int(value)


def _non_negative_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _bool(value: Any) -> bool:
    return isinstance(value, bool)


#: option -> (validator, description of valid values, example)
_RULES: dict[str, tuple[Callable[[Any], bool], str, str]] = {
    "interactive": (_bool, "True or False", "False"),
    "display.max_rows": (_positive_int, "a positive int", "10"),
    "display.max_columns": (_positive_int_or_none, "a positive int or None", "20"),
    "display.progress": (_bool, "True or False", "False"),
    "display.progress_delay": (_non_negative_number, "a number of seconds >= 0", "2.0"),
}


def _check(name: str, value: Any) -> None:
    rule = _RULES.get(name)
    if rule is None:
        msg = f"Unknown option {name!r}; the options are {sorted(_RULES)}."
        raise InvalidArgumentError(msg)
    valid, what, example = rule
    if not valid(value):
        msg = f"options.{name}={value!r} is not valid: {what}. Set it to a value like {example}."
        raise InvalidArgumentError(msg)


class DisplayOptions:
    """How DataFrames and Series show themselves; ``objectiv_bach.options.display``.

    Attributes
    ----------
    max_rows : int, default 10
        Rows in the preview that ``repr`` shows (one ``LIMIT max_rows + 1`` query).
    max_columns : int or None, default 20
        Columns in that preview; None shows all.
    progress : bool, default True
        Show a progress bar for a query that runs longer than ``progress_delay`` seconds, when
        the output is a terminal or a notebook (never in CI or when piped).
    progress_delay : float, default 2.0
        Seconds a query runs before its progress shows.

    Examples
    --------
    >>> import objectiv_bach as bach
    >>> bach.options.display
    DisplayOptions(max_rows=10, max_columns=20, progress=True, progress_delay=2.0)
    """

    __slots__ = ("max_columns", "max_rows", "progress", "progress_delay")

    def __init__(self) -> None:
        self.max_rows: int = 10
        self.max_columns: int | None = 20
        self.progress: bool = True
        self.progress_delay: float = 2.0

    def __setattr__(self, name: str, value: Any) -> None:
        _check(f"display.{name}", value)
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{n}={getattr(self, n)!r}"
            for n in ("max_rows", "max_columns", "progress", "progress_delay")
        )
        return f"DisplayOptions({fields})"


#: display options (see :class:`DisplayOptions`)
display = DisplayOptions()
#: run a preview query in ``repr``; False shows the structure only
interactive: bool = True


def get_option(name: str) -> Any:
    """The value of option ``name`` (``'interactive'``, ``'display.max_rows'``, ...).

    Examples
    --------
    >>> from objectiv_bach import options
    >>> options.get_option('display.max_rows')
    10
    """
    if name not in _RULES:
        msg = f"Unknown option {name!r}; the options are {sorted(_RULES)}."
        raise InvalidArgumentError(msg)
    module = sys.modules[__name__]
    if name.startswith("display."):
        return getattr(module.display, name.split(".", 1)[1])
    return getattr(module, name)


def set_option(name: str, value: Any) -> None:
    """Set option ``name`` to ``value`` (validated).

    Examples
    --------
    >>> from objectiv_bach import options
    >>> options.set_option('display.max_rows', 25)
    >>> options.display.max_rows
    25
    >>> options.set_option('display.max_rows', 10)
    """
    _check(name, value)
    module = sys.modules[__name__]
    if name.startswith("display."):
        setattr(module.display, name.split(".", 1)[1], value)
    else:
        setattr(module, name, value)


@contextmanager
def option_context(*pairs: Any) -> Iterator[None]:
    """Set options for the duration of a ``with`` block, as :func:`pandas.option_context`.

    Parameters
    ----------
    *pairs
        ``name, value, name, value, ...``.

    Examples
    --------
    >>> from objectiv_bach import options
    >>> with options.option_context('interactive', False):
    ...     options.interactive
    False
    >>> options.interactive
    True
    """
    if len(pairs) % 2:
        msg = f"option_context takes name, value pairs; got {len(pairs)} arguments."
        raise InvalidArgumentError(msg)
    names = pairs[0::2]
    for name, value in zip(names, pairs[1::2], strict=True):
        _check(name, value)
    saved = [(name, get_option(name)) for name in names]
    try:
        for name, value in zip(names, pairs[1::2], strict=True):
            set_option(name, value)
        yield
    finally:
        for name, value in reversed(saved):
            set_option(name, value)


class _OptionsModule(types.ModuleType):
    """The options module, with ``options.interactive = ...`` validated like the display ones."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _RULES:
            _check(name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _OptionsModule
