"""Structural equality of two Series (``Series.equals``).

The identity check that ``__eq__``, which builds a SQL comparison, cannot be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from objectiv_bach.series.base import Series


def series_equals(series: Series, other: Any, recursion: str | None = None) -> bool:
    """See :meth:`objectiv_bach.Series.equals`."""
    from objectiv_bach.series.base import Series

    if not isinstance(other, Series) or type(other) is not type(series):
        return False
    if series is other:
        return True
    if recursion == "GroupBy":  # the caller compares the grouping itself
        same_grouping = True
    else:
        same_grouping = series.group_by == other.group_by
    return (
        series.engine is other.engine
        and series.base_node == other.base_node
        and series.name == other.name
        and series.instance_dtype == other.instance_dtype
        and series.expression == other.expression
        and series.order_by == other.order_by
        and same_grouping
        and _same_index(series.index, other.index)
    )


def _same_index(index: dict[str, Series], other: dict[str, Series]) -> bool:
    return list(index) == list(other) and all(
        series_equals(s, other[n], recursion="index") for n, s in index.items()
    )
