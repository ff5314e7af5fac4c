"""Python values as typed, dialect-neutral SQL literals.

How a value of each dtype becomes an expression is stated in the dtype table
(:data:`objectiv_bach.types.DTYPES`, the ``literal`` of each row).
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from objectiv_bach.conversions import timedelta_micros
from objectiv_bach.types import literal

__all__ = ["timedelta_micros", "to_expression"]


def to_expression(value: Any, dtype: Any) -> exp.Expression:
    """A literal of ``dtype`` for ``value`` (None gives a typed NULL)."""
    return literal(value, dtype)
