"""The original API's subquery helpers: ``isin(<Series>)``, ``all_values()`` and friends.

``isin(<Series>)``, ``all_values()``, ``any_value()``, ``exists()``.

The original rendered them as SQL subqueries (``x IN (SELECT ...)``, ``x > ALL (SELECT ...)``).
Bach's column expressions only refer to their own base node, so here each is a join instead,
with SQL's meaning kept:

* ``x.isin(s)``: a LEFT join of ``x``'s frame to the distinct values of ``s``; as pandas, a
  missing ``x`` is in ``s`` exactly when ``s`` has a missing value, and the result is never
  missing.
* ``x <op> s.all_values()`` / ``x <op> s.any_value()``: SQL's ``<op> ALL`` / ``<op> ANY``.
  ``ALL`` is the three-valued AND of ``x <op> v`` over the values ``v`` of ``s`` (True for
  none), ``ANY`` the OR (False for none). ``< <= > >=`` and ``!= ANY``/``== ALL`` compare with
  ``s``'s minimum and maximum (one cross join of a one-row aggregate); ``== ANY`` and ``!= ALL``
  are membership tests (the join of ``isin``).
* ``s.exists()``: whether ``s`` has rows (per group when grouped), an aggregate.

The results of the joins are Series of a new frame with the index of ``x``: assign them to
``x``'s frame (``df['m'] = df.x.isin(s)``, aligned on the index) before filtering on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from objectiv_bach.errors import InvalidArgumentError

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series

_VALUE, _MEMBER = "_bach_value", "_bach_member"
_ROWS, _NON_NULL, _MIN, _MAX = "_bach_rows", "_bach_non_null", "_bach_min", "_bach_max"
_FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


class SubqueryValues:
    """The values of a Series as the right side of a comparison (``x > s.all_values()``).

    Made by :meth:`Series.all_values` and :meth:`Series.any_value`; compare it with a Series
    of the same dtype family to get a bool Series (see the module documentation).
    """

    def __init__(self, series: Series, quantifier: str) -> None:
        self.series = series
        self.quantifier = quantifier

    def __repr__(self) -> str:
        return f"SubqueryValues({self.series.name!r}, {self.quantifier!r})"

    def compare(self, left: Series, op: str) -> Series:
        """``left <op> ALL/ANY (the values)``, a bool Series on a new frame with ``left``'s index."""
        return quantified(left, op, self.series, self.quantifier)

    def _reflected(self, other: Any, op: str) -> Series:
        from objectiv_bach.series.base import Series

        if not isinstance(other, Series):
            msg = f"Compare {self!r} with a Series (x {op} s.{self.quantifier}...), got {other!r}."
            raise InvalidArgumentError(msg)
        return self.compare(other, _FLIPPED[op])

    def __eq__(self, other: Any) -> Series:  # type: ignore[override]
        return self._reflected(other, "==")

    def __ne__(self, other: Any) -> Series:  # type: ignore[override]
        return self._reflected(other, "!=")

    def __lt__(self, other: Any) -> Series:
        return self._reflected(other, "<")

    def __le__(self, other: Any) -> Series:
        return self._reflected(other, "<=")

    def __gt__(self, other: Any) -> Series:
        return self._reflected(other, ">")

    def __ge__(self, other: Any) -> Series:
        return self._reflected(other, ">=")

    __hash__ = None  # type: ignore[assignment]

    def __bool__(self) -> bool:
        msg = f"{self!r} has no truth value; compare a Series with it (x > s.all_values())."
        raise InvalidArgumentError(msg)


def _values_frame(values: Series) -> DataFrame:
    """The values of ``values`` as the one column ``_bach_value`` of a frame without index."""
    frame = values.rename(_VALUE).to_frame().reset_index(drop=True)
    return frame


def _with_stats(left: Series, values: Series) -> DataFrame:
    """``left``'s frame with the row count, non-null count, min and max of ``values``."""
    column = _values_frame(values)[_VALUE]
    stats = column.isnull().count().rename(_ROWS).to_frame()
    stats[_NON_NULL] = column.count().rename(_NON_NULL)
    stats[_MIN] = column.min().rename(_MIN)
    stats[_MAX] = column.max().rename(_MAX)
    return left.to_frame().merge(stats, how="cross")


def _with_membership(left: Series, values: Series) -> DataFrame:
    """``left``'s frame with ``_bach_member`` and the statistics of :func:`_with_stats`.

    ``_bach_member`` is True where the value of ``left`` is a non-null value of ``values``.
    """
    from objectiv_bach.series.base import Series

    distinct = _values_frame(values)
    distinct = distinct[distinct[_VALUE].notnull()].drop_duplicates()
    distinct[_MEMBER] = Series.from_value(distinct, True, name=_MEMBER)
    framed = _with_stats(left, values)
    joined = framed.merge(distinct, how="left", left_on=left.name, right_on=_VALUE)
    return joined


def isin(left: Series, values: Series) -> Series:
    """``left.isin(values)`` for a Series ``values`` (pandas' rule for missing values)."""
    joined = _with_membership(left, values)
    x = joined[left.name]
    result = joined[_MEMBER].notnull() | (x.isnull() & (joined[_ROWS] > joined[_NON_NULL]))
    return result.rename(left.name)


def _false(frame: DataFrame) -> Series:
    from objectiv_bach.series.base import Series

    return Series.from_value(frame, False, name="_bach_false")


def quantified(left: Series, op: str, values: Series, quantifier: str) -> Series:
    """``left <op> ALL (values)`` (``quantifier='all'``) or ``<op> ANY (values)``."""
    membership = (op == "==" and quantifier == "any") or (op == "!=" and quantifier == "all")
    joined = _with_membership(left, values) if membership else _with_stats(left, values)
    x, rows = joined[left.name], joined[_ROWS]
    has_null = rows > joined[_NON_NULL]
    false = _false(joined)
    # NULL where the values hold a NULL (its comparison is unknown), else the neutral element
    if membership:
        unknown = false.where(~((rows > 0) & (x.isnull() | has_null)))
        any_equal = joined[_MEMBER].notnull() | unknown
        result = any_equal if op == "==" else ~any_equal
        return result.rename(left.name)
    lowest, highest = joined[_MIN], joined[_MAX]
    if op in ("==", "!="):  # == ALL: equal to min and max; != ANY: differs from one of them
        decided = (x == lowest) & (x == highest) if op == "==" else (x != lowest) | (x != highest)
    else:
        bound = highest if (op in (">", ">=")) == (quantifier == "all") else lowest
        decided = {"<": x < bound, "<=": x <= bound, ">": x > bound, ">=": x >= bound}[op]
    if quantifier == "all":
        unknown_or_true = (~false).where(~has_null)
        result = (rows == 0) | (decided & unknown_or_true)
    else:
        unknown_or_false = false.where(~has_null)
        result = (rows > 0) & (decided | unknown_or_false)
    return result.rename(left.name)


def exists(series: Series) -> Series:
    """Whether ``series`` has rows (per group when grouped): a bool aggregate."""
    return (series.isnull().count() > 0).rename(series.name)
