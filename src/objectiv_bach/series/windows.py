"""Distribution and position window functions of a Series (thin methods in ``series/base.py``).

``window_percent_rank``, ``window_cume_dist`` and ``window_ntile`` are ranking functions: they
take the window's partition and sort order and no frame (BigQuery forbids one). ``window_nth_value``
reads the window's frame, as ``window_first_value`` and ``window_last_value`` do: with the default
frame (``RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW``) a row sees the rows up to its last
peer, so the n-th value is missing on the rows before the n-th. The sort puts NULLs last, on every
engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach.validation import check_int

if TYPE_CHECKING:
    from objectiv_bach.series.base import Series


def percent_rank(series: Series, window: Any) -> Series:
    """``PERCENT_RANK()``: ``(rank - 1) / (rows in the partition - 1)``, 0 for a single row."""
    return series._windowed(exp.PercentRank(), "float64", window, "window_percent_rank", False)


def cume_dist(series: Series, window: Any) -> Series:
    """``CUME_DIST()``: (rows up to the last peer of this row) / (rows in the partition)."""
    return series._windowed(exp.CumeDist(), "float64", window, "window_cume_dist", False)


def ntile(series: Series, num_buckets: int, window: Any) -> Series:
    """``NTILE(num_buckets)``: bucket 1 to ``num_buckets``, the first buckets one row larger."""
    check_int(num_buckets, "window_ntile(num_buckets=...)", minimum=1)
    function = exp.Ntile(this=exp.Literal.number(num_buckets))
    return series._windowed(function, "int64", window, "window_ntile", False)


def nth_value(series: Series, n: int, window: Any) -> Series:
    """``NTH_VALUE(x, n)`` over the window frame (n counts from 1)."""
    check_int(n, "window_nth_value(n=...)", minimum=1)
    function = exp.NthValue(this=series.expression, offset=exp.Literal.number(n))
    return series._windowed(function, series.instance_dtype, window, "window_nth_value", True)
