"""Expressions of durations: whole microseconds, pandas' components, text, scaling.

Every function builds a dialect-neutral tree from an interval expression; the timedelta Series
and its ``.dt`` accessor (:mod:`objectiv_bach.series.datetime`) use them. A duration is split
as pandas splits a ``Timedelta``: whole days rounded down (negative durations have negative
days and a positive rest), then hours, minutes, seconds and microseconds of the rest.
"""

from __future__ import annotations

from sqlglot import exp

from objectiv_bach import conversions as cv
from objectiv_bach import expressions as bx
from objectiv_bach.types import sql_type

US_PER_SECOND = 1_000_000
US_PER_DAY = 86_400 * US_PER_SECOND
#: pandas' ``Timedelta.components`` fields: microseconds per unit, and the unit's range
COMPONENTS = {
    "days": (US_PER_DAY, None),
    "hours": (3600 * US_PER_SECOND, 24),
    "minutes": (60 * US_PER_SECOND, 60),
    "seconds": (US_PER_SECOND, 60),
    "milliseconds": (1000, 1000),
    "microseconds": (1, 1000),
}


def _n(value: int) -> exp.Expression:
    return exp.Literal.number(value)


micros = cv.interval_micros


def from_micros(value: exp.Expression) -> exp.Expression:
    """An interval of ``value`` (a number) microseconds, rounded half away from zero."""
    return bx.IntervalFromMicros(
        this=exp.cast(exp.func("ROUND", exp.paren(value, copy=False)), sql_type("int64"))
    )


def scaled(interval: exp.Expression, factor: exp.Expression, divide: bool) -> exp.Expression:
    """``interval * factor`` (or ``/ factor``; NULL for 0), truncated to the microsecond.

    Truncated toward zero, as pandas (numpy) scales a ``timedelta64``.
    """
    us = micros(interval)
    if divide:
        value: exp.Expression = exp.Div(
            this=us, expression=exp.Nullif(this=factor, expression=_n(0))
        )
    else:
        value = exp.Mul(this=us, expression=exp.paren(factor, copy=False))
    return bx.IntervalFromMicros(
        this=exp.cast(exp.func("TRUNC", value), exp.DataType.build(exp.DType.BIGINT))
    )


def component(interval: exp.Expression, name: str) -> exp.Expression:
    """One of pandas' ``components`` (``days`` ... ``microseconds``), an int64."""
    unit, size = COMPONENTS[name]
    total = micros(interval)
    if size is None:
        return bx.IntFloorDiv(this=total, expression=_n(unit))
    whole = total if unit == 1 else bx.IntFloorDiv(this=total, expression=_n(unit))
    return bx.IntFloorMod(this=whole, expression=_n(size))


def seconds_of_day(interval: exp.Expression) -> exp.Expression:
    """The ``dt.seconds`` of pandas: the seconds (0-86399) after the whole days."""
    rest = bx.IntFloorMod(this=micros(interval), expression=_n(US_PER_DAY))
    return bx.IntFloorDiv(this=rest, expression=_n(US_PER_SECOND))


def micros_of_second(interval: exp.Expression) -> exp.Expression:
    """The ``dt.microseconds`` of pandas: the microseconds (0-999999) after the whole seconds."""
    return bx.IntFloorMod(this=micros(interval), expression=_n(US_PER_SECOND))


as_text = cv.cast_timedelta_to_string
