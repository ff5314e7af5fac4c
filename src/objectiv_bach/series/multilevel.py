"""Multi-level Series: a value made of named levels (``SeriesNumericInterval``).

The original stored every level as its own SQL column. Here a multi-level value is one column,
a struct of its levels (the dtype table row of the dtype names them: ``DtypeRow.struct``), stored
as every dict dtype is (DuckDB ``STRUCT``, BigQuery ``STRUCT``, PostgreSQL a JSONB object). So a
multi-level Series is an ordinary Series for the plan: it is selected, joined, appended and
materialized as one column, and each level is a field access (:attr:`levels`).
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import DtypeError, UnsupportedOperationError
from objectiv_bach.series.base import Series, paren
from objectiv_bach.types import register_dtype, row, sql_type
from objectiv_bach.validation import check_bool

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame


class SeriesAbstractMultiLevel(Series):
    """A Series whose values are made of named levels, each of its own dtype.

    Subclasses name their levels in their dtype table row (``struct``); see
    :class:`SeriesNumericInterval`.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 4.0]}))
    >>> bins = df.x.cut(bins=[0, 2, 5])
    >>> isinstance(bins, bach.SeriesAbstractMultiLevel), list(bins.levels)
    (True, ['lower', 'upper', 'bounds'])
    """

    @classmethod
    def get_supported_level_dtypes(cls) -> dict[str, tuple[str, ...]]:
        """The dtype of each level, by level name (as the original: a tuple of dtypes).

        Examples
        --------
        >>> import objectiv_bach as bach
        >>> bach.SeriesNumericInterval.get_supported_level_dtypes()
        {'lower': ('float64',), 'upper': ('float64',), 'bounds': ('string',)}
        """
        return {name: (dtype,) for name, dtype in _level_dtypes(cls.dtype).items()}

    @property
    def levels(self) -> dict[str, Series]:
        """The levels, by name: one Series each (on this Series' frame and index).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 4.0]}))
        >>> bins = df.x.cut(bins=[0, 2, 5])
        >>> bins.levels['upper'].sort_index().to_pandas().tolist()
        [2.0, 5.0]
        """
        return {
            name: self._derived(
                bx.StructField(
                    this=self._expression, field=exp.Literal.string(name), to=sql_type(dtype)
                ),
                dtype,
                size=self._size + 1,
                name=f"{self._name}__{name}",
            )
            for name, dtype in _level_dtypes(self.dtype).items()
        }

    def flatten(self) -> DataFrame:
        """A DataFrame with one column per level, named ``<name>__<level>``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 4.0]}))
        >>> flat = df.x.cut(bins=[0, 2, 5]).flatten()
        >>> print(flat.sort_index().to_pandas().to_string(index=False))
         x__lower  x__upper x__bounds
              0.0       2.0        (]
              2.0       5.0        (]
        """
        from objectiv_bach.dataframe import DataFrame

        levels = list(self.levels.values())
        frame = DataFrame._from_series(levels[0])
        for level in levels[1:]:
            frame[level.name] = level
        return frame

    def isnull(self) -> Series:
        """True where every level is missing (a missing value has no level). ``isna`` too.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, None]}))
        >>> df.x.cut(bins=[0, 2]).isnull().sort_index().to_pandas().tolist()
        [False, True]
        """
        tests: list[exp.Expression] = [
            exp.Is(this=paren(level.expression), expression=exp.null())
            for level in self.levels.values()
        ]
        both = reduce(lambda a, b: exp.And(this=a, expression=b), tests)
        return self._derived(exp.Paren(this=both), "bool", size=self._size + len(tests))

    isna = isnull

    def notnull(self) -> Series:
        """True where some level is present: the negation of :meth:`isnull`. ``notna`` too.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, None]}))
        >>> df.x.cut(bins=[0, 2]).notnull().sort_index().to_pandas().tolist()
        [True, False]
        """
        missing = self.isnull()
        return missing._derived(exp.Not(this=missing.expression), "bool")

    notna = notnull

    def fillna(self, other: Any) -> Series:
        """Replace missing values (every level missing) with ``other``.

        Parameters
        ----------
        other : scalar or Series
            A value of this dtype (a ``pandas.Interval`` for a numeric interval) or a Series of
            this dtype on the same frame.

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, None]}))
        >>> bins = df.x.cut(bins=[0, 2])
        >>> bins.fillna(pd.Interval(-1, 0)).sort_index().to_pandas().tolist()
        [Interval(0.0, 2.0, closed='right'), Interval(-1.0, 0.0, closed='right')]
        """
        right = self._operand(other, "fill with")
        if right.dtype != self.dtype:
            msg = (
                f"fillna value {other!r} has dtype {right.dtype!r}; Series {self._name!r} has "
                f"dtype {self.dtype!r}. Give a value of that dtype."
            )
            raise DtypeError(msg)
        missing = self.isnull()
        return self._combine(
            right,
            exp.Case(
                ifs=[exp.If(this=missing.expression, true=right.expression)],
                default=self._expression,
            ),
            self.dtype,
        )

    def append(self, other: Any, ignore_index: bool = False) -> Series:
        """The rows of this Series, then those of ``other`` (Series of the same dtype).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 4.0]}))
        >>> low, high = df.x.cut(bins=[0, 2, 5]), df.x.cut(bins=[0, 5])
        >>> [str(v) for v in low.append(high, ignore_index=True).to_pandas()]
        ['(0.0, 2.0]', '(2.0, 5.0]', '(0.0, 5.0]', '(0.0, 5.0]']
        """
        others = other if isinstance(other, (list, tuple)) else [other]
        for item in others:
            if isinstance(item, Series) and item.dtype != self.dtype:
                msg = (
                    f"append: Series {item.name!r} has dtype {item.dtype!r}; a "
                    f"{self.dtype!r} Series appends only Series of dtype {self.dtype!r}."
                )
                raise DtypeError(msg)
        return super().append(other, ignore_index=ignore_index)


def _level_dtypes(dtype: str) -> dict[str, str]:
    levels = row(dtype).struct
    if not levels:
        msg = f"dtype {dtype!r} has no levels; multi-level dtypes name them in their table row."
        raise DtypeError(msg)
    return dict(levels)


@register_dtype()
class SeriesNumericInterval(SeriesAbstractMultiLevel):
    """Numeric intervals (dtype ``numeric_interval``): levels ``lower``, ``upper``, ``bounds``.

    ``lower`` and ``upper`` are float64, ``bounds`` the closed sides as text: ``'(]'`` (pandas'
    ``closed='right'``), ``'[)'`` (left), ``'[]'`` (both), ``'()'`` (neither). ``to_pandas()``
    gives ``pandas.Interval`` values, and NaN for a missing value, as ``pandas.cut``.
    :meth:`~objectiv_bach.series.numeric.SeriesAbstractNumeric.cut` and ``qcut`` make them; a
    ``pandas.Interval`` is a literal of this dtype.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 4.0, None]}))
    >>> df['bin'] = df.x.cut(bins=[0, 2, 5])
    >>> df['bounds'] = df.bin.levels['bounds']
    >>> print(df.sort_index().to_pandas().to_string(index=False))
      x        bin bounds
    1.0 (0.0, 2.0]     (]
    4.0 (2.0, 5.0]     (]
    NaN        NaN    NaN
    """

    dtype = "numeric_interval"

    def _literal_dtype(self, value: Any) -> Any:
        return self.dtype

    def min(self, partition: Any = None, skipna: bool = True) -> Series:
        """The smallest interval, per group when grouped, as pandas' ``IntervalArray.min()``.

        Intervals are ordered by ``lower``, then ``upper`` (pandas' order), then ``bounds`` as
        text (pandas' intervals of one array share their closed side; here the order is only
        made total). Missing values are skipped.

        Parameters
        ----------
        partition : None
            Only None: group with ``groupby()``. A window min of intervals is not supported
            (no engine takes an ordered aggregate as a window function).
        skipna : bool, default True
            With False, the result is missing when a value of the group is.

        Returns
        -------
        SeriesNumericInterval
            An aggregated Series: one interval, or one per group.

        Raises
        ------
        UnsupportedOperationError
            For ``partition=...`` or a Series of a frame grouped by a window.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': [1, 1, 2], 'x': [4.0, 1.0, 9.0]}))
        >>> df['bin'] = df.x.cut(bins=[0, 2, 5, 10])
        >>> df.bin.min().value
        Interval(0.0, 2.0, closed='right')
        >>> df.groupby('g').bin.min().sort_index().to_pandas().tolist()
        [Interval(0.0, 2.0, closed='right'), Interval(5.0, 10.0, closed='right')]
        """
        return self._first_in_order("min", partition, skipna, descending=False)

    def max(self, partition: Any = None, skipna: bool = True) -> Series:
        """The largest interval, per group when grouped, as pandas' ``IntervalArray.max()``.

        The order of :meth:`min`: ``lower``, then ``upper``, then ``bounds``.

        Parameters
        ----------
        partition : None
            Only None: group with ``groupby()``.
        skipna : bool, default True
            With False, the result is missing when a value of the group is.

        Returns
        -------
        SeriesNumericInterval
            An aggregated Series: one interval, or one per group.

        Raises
        ------
        UnsupportedOperationError
            For ``partition=...`` or a Series of a frame grouped by a window.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [4.0, 1.0, 9.0, None]}))
        >>> df.x.cut(bins=[0, 2, 5, 10]).max().value
        Interval(5.0, 10.0, closed='right')
        """
        return self._first_in_order("max", partition, skipna, descending=True)

    def _first_in_order(self, name: str, partition: Any, skipna: bool, descending: bool) -> Series:
        group_by = self._group_by
        if partition is not None or (group_by is not None and group_by.is_window):
            msg = f"{self.dtype} {name}(partition=...) of {self._name!r}"
            raise UnsupportedOperationError(
                msg,
                None,
                f"Group instead: df.groupby(...).{self._name}.{name}(), and merge the result "
                "back on the group keys if every row needs it.",
            )
        check_bool(skipna, f"{name}(skipna=...)")
        value = self._agg_input(name)
        levels = self.levels
        # the kept rows have their levels: NULLs come where every engine puts them by default
        # (first ascending, last descending), so that none needs a NULLS clause in an aggregate
        order = exp.Order(
            expressions=[
                exp.Ordered(
                    this=levels[level].expression, desc=descending, nulls_first=not descending
                )
                for level in ("lower", "upper", "bounds")
            ]
        )
        present = self.notnull().expression
        function = bx.FirstInOrder(this=value, order=order, keep=present)
        post = None
        if not skipna:  # as pandas: missing when a value of the group is missing
            lower = levels["lower"].expression

            def post(e: exp.Expression) -> exp.Expression:
                complete = exp.EQ(
                    this=exp.Count(this=lower.copy()), expression=exp.Count(this=exp.Star())
                )
                return exp.Case(ifs=[exp.If(this=complete, true=e)])

        return self._aggregate(function, self.dtype, name, post=post)
