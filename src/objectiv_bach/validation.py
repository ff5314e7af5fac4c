"""Argument checks shared by the DataFrame and Series methods.

Bad input gets a :class:`~objectiv_bach.errors.BachError` at the call that received it, never a
raw Python exception from deep inside, and never a silent guess (``str.contains(None)`` searching
for the text ``'None'``). Each check names the argument and the offending value with ``!r`` and
says what is accepted.
"""

from __future__ import annotations

import decimal
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

from objectiv_bach.errors import InvalidArgumentError, InvalidArgumentTypeError

#: method names that ``agg()`` may call (a string naming anything else is refused, so that
#: ``agg('__class__')`` or ``agg('to_pandas')`` never calls an arbitrary method)
AGGREGATIONS = frozenset(
    {
        "sum",
        "count",
        "mean",
        "min",
        "max",
        "nunique",
        "std",
        "var",
        "median",
        "mode",
        "quantile",
        "sem",
        "std_pop",
        "prod",
        "any",
        "all",
        "first",
        "last",
    }
)


def _type_name(value: Any) -> str:
    cls = type(value)
    module = cls.__module__.split(".")[0]
    return cls.__name__ if module == "builtins" else f"{module}.{cls.__name__}"


def is_int(value: Any) -> bool:
    """True for a Python/numpy integer (not a bool)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_int(
    value: Any, what: str, *, minimum: int | None = None, allow_none: bool = False
) -> int | None:
    """``value`` as an int; ``what`` names the argument (``"head(n=...)"``)."""
    if value is None and allow_none:
        return None
    if not is_int(value):
        msg = (
            f"{what} takes an int{' or None' if allow_none else ''}, got {value!r} "
            f"({_type_name(value)})."
        )
        raise InvalidArgumentTypeError(msg)
    if minimum is not None and value < minimum:
        msg = f"{what} must be at least {minimum}, got {value!r}."
        raise InvalidArgumentError(msg)
    return int(value)


def check_bool(value: Any, what: str) -> bool:
    """``value`` as a bool; raises InvalidArgumentTypeError if it is not True or False."""
    if not isinstance(value, (bool, np.bool_)):
        msg = f"{what} takes True or False, got {value!r} ({_type_name(value)})."
        raise InvalidArgumentTypeError(msg)
    return bool(value)


def check_str(value: Any, what: str, *, hint: str = "", allow_empty: bool = True) -> str:
    """``value``, checked to be a str (InvalidArgumentTypeError, with ``hint``).

    With ``allow_empty=False`` an empty string raises InvalidArgumentError.
    """
    if not isinstance(value, str):
        msg = (
            f"{what} takes a str, got {value!r} ({_type_name(value)}).{' ' + hint if hint else ''}"
        )
        raise InvalidArgumentTypeError(msg)
    if not allow_empty and not value:
        msg = f"{what} must not be empty."
        raise InvalidArgumentError(msg)
    return value


def check_names(value: Any, what: str, *, allow_none: bool = False) -> list[str]:
    """Column name(s): a str or a list/tuple of str, as a list."""
    if value is None and allow_none:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        for item in value:
            if not isinstance(item, str):
                msg = (
                    f"{what} takes column names (str), got {item!r} ({_type_name(item)}) in "
                    f"{value!r}."
                )
                raise InvalidArgumentTypeError(msg)
        return list(value)
    msg = (
        f"{what} takes a column name (str) or a list of them, got {value!r} ({_type_name(value)})."
    )
    raise InvalidArgumentTypeError(msg)


def check_bools(value: Any, what: str, count: int) -> list[bool]:
    """One bool, or a list of ``count`` bools (``sort_values(ascending=...)``)."""
    values = [value] * count if isinstance(value, (bool, np.bool_)) else value
    if not isinstance(values, (list, tuple)):
        msg = f"{what} takes True/False or a list of them, got {value!r} ({_type_name(value)})."
        raise InvalidArgumentTypeError(msg)
    for item in values:
        check_bool(item, what)
    if len(values) != count:
        msg = f"{what} has {len(values)} values for {count} sort columns."
        raise InvalidArgumentError(msg)
    return [bool(v) for v in values]


def check_choice(value: Any, what: str, choices: Iterable[Any]) -> Any:
    """``value``, checked to be one of ``choices`` (same type and equal, or identical).

    Raises InvalidArgumentError otherwise.
    """
    options = list(choices)
    if not any(value is c or (type(value) is type(c) and value == c) for c in options):
        msg = f"{what}={value!r}: choose one of {options}."
        raise InvalidArgumentError(msg)
    return value


def check_row_slice(key: slice, what: str = "df[...]") -> None:
    """A slice of rows: int (or None) bounds, no step other than 1."""
    for bound in (key.start, key.stop):
        if bound is not None and not is_int(bound):
            msg = (
                f"{what}: row slice bounds must be ints or None, got {bound!r} in {key!r}. "
                "Rows are sliced by position in the frame's sort order (df[2:5]); select "
                "columns with a list of names (df[['a', 'b']])."
            )
            raise InvalidArgumentTypeError(msg)
    if key.step is not None and not is_int(key.step):
        msg = f"{what}: the slice step must be an int or None, got {key.step!r} in {key!r}."
        raise InvalidArgumentTypeError(msg)


def check_list_like(value: Any, what: str) -> list[Any]:
    """The values of a list-like argument (``isin([...])``); a str is not list-like."""
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
        msg = (
            f"{what} takes a list of values, got {value!r} ({_type_name(value)}); "
            f"write [{value!r}] for a single value."
        )
        raise InvalidArgumentTypeError(msg)
    return list(value)


def check_exact_decimal(value: decimal.Decimal) -> None:
    """Refuse a Decimal that float64 (Bach's only non-integer number) cannot hold exactly.

    A Decimal is accepted when its float64 value reads back as the same number (``0.1``,
    ``12.50``): the result shows the value that was written. Anything else (more digits than a
    float64 keeps, ``NaN``) would silently change, so it raises.
    """
    from objectiv_bach.errors import DtypeError

    if value.is_finite():
        as_float = float(value)
        if decimal.Decimal(repr(as_float)) == value:
            return
    msg = (
        f"Decimal {value!r} cannot be stored exactly: Bach keeps non-integer numbers as "
        "float64, which would change it. Convert explicitly: float(value) to accept the "
        "rounding, or str(value) to keep the exact text."
    )
    raise DtypeError(msg)


def check_number(value: Any, what: str) -> None:
    """Raise InvalidArgumentTypeError if ``value`` is not a number (a bool is not one)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Number):
        msg = f"{what} takes a number, got {value!r} ({_type_name(value)})."
        raise InvalidArgumentTypeError(msg)
