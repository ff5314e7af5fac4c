"""int64 and float64 Series."""

from __future__ import annotations

from typing import Any

from sqlglot import exp
from sqlglot.expressions import Expression

from objectiv_bach import expressions as bx
from objectiv_bach.errors import InvalidArgumentError
from objectiv_bach.series.base import _COMPARISONS, Series, paren
from objectiv_bach.types import register_dtype


def _floor_div(a: exp.Expression, b: exp.Expression, integer: bool) -> exp.Expression:
    """Pandas floor division; division by zero gives NULL. Each operand appears once."""
    if integer:
        return bx.IntFloorDiv(this=paren(a), expression=paren(b))
    return exp.Floor(
        this=exp.Div(this=paren(a), expression=exp.Nullif(this=b, expression=exp.Literal.number(0)))
    )


def _floor_mod(a: exp.Expression, b: exp.Expression, integer: bool) -> exp.Expression:
    """Pandas modulo: the result has the sign of the divisor; modulo zero gives NULL."""
    cls = bx.IntFloorMod if integer else bx.FloatFloorMod
    return cls(this=paren(a), expression=paren(b))


#: int64 operators: ``& | ^`` bit by bit, shifts as Python's (``>>`` floors: it keeps the sign)
_BITWISE: dict[str, Any] = {
    "&": lambda a, b: exp.BitwiseAnd(this=a, expression=b),
    "|": lambda a, b: exp.BitwiseOr(this=a, expression=b),
    "^": lambda a, b: exp.BitwiseXor(this=a, expression=b),
    "<<": lambda a, b: bx.ShiftLeft(this=a, expression=b),
    ">>": lambda a, b: bx.ShiftRight(this=a, expression=b),
}


class SeriesAbstractNumeric(Series):
    """Shared numeric behaviour."""

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if op == "*" and other.dtype == "timedelta":  # number * duration is duration * number
            return other._binary_operation(self, op, what)
        if not isinstance(other, SeriesAbstractNumeric):
            return NotImplemented
        a, b = self._expression, other._expression
        both_int = self.dtype == "int64" and other.dtype == "int64"
        result_dtype = "int64" if both_int else "float64"
        if op in _COMPARISONS:
            return self._compare(other, op)
        if op == "+":
            return self._combine(other, exp.Add(this=paren(a), expression=paren(b)), result_dtype)
        if op == "-":
            return self._combine(other, exp.Sub(this=paren(a), expression=paren(b)), result_dtype)
        if op == "*":
            return self._combine(other, exp.Mul(this=paren(a), expression=paren(b)), result_dtype)
        if op == "/":
            return self._combine(
                other,
                exp.Div(this=paren(a), expression=paren(b), safe=True, typed=False),
                "float64",
            )
        if op == "//":
            return self._combine(other, _floor_div(a, b, both_int), result_dtype)
        if op == "%":
            return self._combine(other, _floor_mod(a, b, both_int), result_dtype)
        if op in _BITWISE:
            if not both_int:
                return NotImplemented
            return self._combine(other, _BITWISE[op](paren(a), paren(b)), "int64")
        if op == "**":
            power = exp.Pow(this=a, expression=b)
            if both_int:
                return self._combine(
                    other, exp.Cast(this=power, to=exp.DataType.build(exp.DType.BIGINT)), "int64"
                )
            return self._combine(
                other, exp.Cast(this=power, to=exp.DataType.build(exp.DType.DOUBLE)), "float64"
            )
        return NotImplemented

    def __neg__(self) -> Series:
        return self._derived(exp.Neg(this=paren(self._expression)), size=self._size + 1)

    def __abs__(self) -> Series:
        return self._derived(exp.Abs(this=self._expression), size=self._size + 1)

    def abs(self) -> Series:
        """The absolute values, as ``abs(series)``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [-1.5, 2.25, -3]}))
        >>> df.x.abs().sort_index().to_pandas().tolist()
        [1.5, 2.25, 3.0]
        """
        return abs(self)

    def cut(self, bins: Any, right: bool = True) -> Series:
        """Bin the values into intervals, as ``pandas.cut(series, bins, right=right)``.

        Computed in SQL (see :mod:`objectiv_bach.operations.cut`): with an int, ``bins``
        equal-width bins over [min, max], the open side widened by 0.1 % of the range; the
        labels are the edges rounded as pandas rounds them (``precision=3``).

        Parameters
        ----------
        bins : int or list of numbers
            The number of equal-width bins, or the increasing bin edges.
        right : bool, default True
            Bins are ``(a, b]``; False: ``[a, b)``.

        Returns
        -------
        SeriesNumericInterval
            One interval per row (missing for a missing value or one outside the edges).

        Raises
        ------
        InvalidArgumentError
            For bins that are not a positive int or increasing edges.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5, 10, None]}))
        >>> df['bin'] = df.x.cut(bins=3)
        >>> print(df.sort_index().to_pandas().to_string(index=False))
           x          bin
         1.0 (0.991, 4.0]
         5.0   (4.0, 7.0]
        10.0  (7.0, 10.0]
         NaN          NaN
        """
        from objectiv_bach.operations.cut import CutOperation

        return CutOperation(self, bins, right=right)()

    def qcut(self, q: Any) -> Series:
        """Bin the values into quantile intervals, as ``pandas.qcut(series, q)``.

        The quantiles are computed in SQL; the lowest bin includes its left edge (its label is
        lowered by ``10 ** -precision``, as pandas). Equal edges raise, as in pandas: that
        check runs one small query.

        Parameters
        ----------
        q : int or list of float
            The number of quantile bins, or the quantiles that are the edges.

        Returns
        -------
        SeriesNumericInterval

        Raises
        ------
        DuplicateBinEdgesError
            (a ValueError) when two edges are equal.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2, 3, 4]}))
        >>> [str(v) for v in df.x.qcut(q=[0, 0.5, 1]).sort_index().to_pandas()]
        ['(0.999, 2.5]', '(0.999, 2.5]', '(2.5, 4.0]', '(2.5, 4.0]']
        """
        from objectiv_bach.operations.cut import QCutOperation

        return QCutOperation(self, q)()

    def round(self, decimals: int = 0) -> Series:
        """Round half away from zero (SQL's rule; numpy rounds half to even).

        Parameters
        ----------
        decimals : int, default 0
            The number of decimals to keep (negative: round to tens, hundreds ...).

        Returns
        -------
        Series
            The rounded values.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [-1.5, 2.25, -3]}))
        >>> df.x.round().sort_index().to_pandas().tolist()
        [-2.0, 2.0, -3.0]
        >>> df.x.round(1).sort_index().to_pandas().tolist()
        [-1.5, 2.3, -3.0]
        """
        if not isinstance(decimals, int):
            msg = f"round(decimals=...) takes an int, got {decimals!r}."
            raise InvalidArgumentError(msg)
        if self.dtype == "int64" and decimals >= 0:
            return self
        return self._derived(
            bx.RoundTo(this=self._expression, decimals=exp.Literal.number(decimals)),
            size=self._size + 1,
        )

    def exp(self) -> Series:
        """E raised to the power of each value (float64).

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [0, 1]}))
        >>> df.x.exp().sort_index().to_pandas().round(6).tolist()
        [1.0, 2.718282]
        """
        return self._derived(exp.Exp(this=self._expression), "float64", size=self._size + 1)

    def _as_double(self) -> Expression:  # not exp.Expression: the method exp() shadows it here
        return exp.Cast(this=self._agg_input("aggregate"), to=exp.DataType.build(exp.DType.DOUBLE))

    def sum(
        self, partition: Any = None, skipna: bool = True, min_count: int | None = None
    ) -> Series:
        """Sum of the non-missing values; 0 when there are none (as pandas).

        NULL when fewer than ``min_count`` values are present; with ``skipna=False`` NULL when one
        is missing.

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [None, 1, 2]}))
        >>> df.groupby('g').x.sum(min_count=1).sort_index().to_pandas().to_dict()
        {'a': nan, 'b': 3.0}
        """
        zero = self._operand(0 if self.dtype == "int64" else 0.0, "sum")._expression

        def finish(total: exp.Expression) -> exp.Expression:
            if self.dtype == "int64":  # PostgreSQL sums bigints into numeric
                total = exp.Cast(this=total, to=exp.DataType.build(exp.DType.BIGINT))
            from objectiv_bach.stats import sum_with_min_count

            return sum_with_min_count(self, total, zero, min_count)

        return self._aggregate(
            exp.Sum(this=self._agg_input("sum")), self.dtype, "sum", partition, skipna, post=finish
        )

    def mean(self, partition: Any = None, skipna: bool = True) -> Series:
        """The mean of the values, per group when grouped (a float64 Series; NULLs skipped).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2, None]}))
        >>> float(df.x.mean().value)
        1.5
        """
        return self._aggregate(
            exp.Avg(this=self._as_double()), "float64", "mean", partition, skipna
        )

    def std(self, partition: Any = None, skipna: bool = True, ddof: int = 1) -> Series:
        """Sample standard deviation (ddof=1) or population (ddof=0).

        Parameters
        ----------
        partition : grouped DataFrame, GroupBy or Window, optional
            Per partition, for every row.
        skipna : bool, default True
            Only True (SQL skips NULLs).
        ddof : {1, 0}, default 1
            Sample (1) or population (0).

        Returns
        -------
        Series
            A float64 Series.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [-1.5, 2.25, -3]}))
        >>> df.x.std().value, df.x.std(ddof=0).value
        (np.float64(2.704163456597992), np.float64(2.207940216581962))
        """
        classes: dict[int, type[exp.Expression]] = {1: exp.StddevSamp, 0: exp.StddevPop}
        cls = classes.get(ddof)
        if cls is None:
            msg = f"std(ddof={ddof!r}) is not supported; use ddof=1 or ddof=0."
            raise InvalidArgumentError(msg)
        return self._aggregate(cls(this=self._as_double()), "float64", "std", partition, skipna)

    def var(self, partition: Any = None, skipna: bool = True, ddof: int = 1) -> Series:
        """Sample variance (ddof=1) or population (ddof=0).

        Parameters
        ----------
        partition : grouped DataFrame, GroupBy or Window, optional
            Per partition, for every row.
        skipna : bool, default True
            Only True (SQL skips NULLs).
        ddof : {1, 0}, default 1
            Sample (1) or population (0).

        Returns
        -------
        Series
            A float64 Series.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [-1.5, 2.25, -3]}))
        >>> df.x.var().value, df.x.var(ddof=0).value
        (np.float64(7.3125), np.float64(4.875))
        """
        cls = {
            1: exp.VarianceSamp if hasattr(exp, "VarianceSamp") else exp.Variance,
            0: exp.VariancePop,
        }.get(ddof)
        if cls is None:
            msg = f"var(ddof={ddof!r}) is not supported; use ddof=1 or ddof=0."
            raise InvalidArgumentError(msg)
        return self._aggregate(cls(this=self._as_double()), "float64", "var", partition, skipna)

    # ------------------------------------------------------------------ statistics (stats.py)
    def sem(self, partition: Any = None, skipna: bool = True, ddof: int = 1) -> Series:
        """Standard error of the mean: the sample standard deviation / sqrt(count).

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 2.0, 4.0, 7.0]}))
        >>> print(round(df.x.sem().value, 6))
        1.322876
        """
        from objectiv_bach.stats import series_sem

        return series_sem(self, partition=partition, skipna=skipna, ddof=ddof)

    def std_pop(self, partition: Any = None, skipna: bool = True) -> Series:
        """Population standard deviation (``std(ddof=0)``).

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 3.0]}))
        >>> print(df.x.std_pop().value)
        1.0
        """
        return self.std(partition=partition, skipna=skipna, ddof=0)

    def scale(self, with_mean: bool = True, with_std: bool = True) -> Series:
        """Standardized values: ``(x - mean) / std``.

        Uses the population standard deviation of all rows (as the original and scikit-learn's
        ``StandardScaler``; a constant column gives 0, not a division by zero).

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 3, 5]}))
        >>> df.x.scale().sort_index().to_pandas().round(4).tolist()
        [-1.2247, 0.0, 1.2247]
        """
        from objectiv_bach.stats import series_scale

        return series_scale(self, with_mean=with_mean, with_std=with_std)

    def minmax_scale(self, feature_range: tuple[float, float] = (0, 1)) -> Series:
        """Values scaled linearly from ``[min, max]`` of all rows to ``feature_range``.

        As scikit-learn's ``MinMaxScaler``; a constant column gives the range's minimum.

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 3, 5]}))
        >>> df.x.minmax_scale(feature_range=(-1, 1)).sort_index().to_pandas().tolist()
        [-1.0, 0.0, 1.0]
        """
        from objectiv_bach.stats import series_minmax_scale

        return series_minmax_scale(self, feature_range=feature_range)


@register_dtype()
class SeriesInt64(SeriesAbstractNumeric):
    """A 64-bit integer Series (nullable, as pandas' ``Int64``).

    Besides arithmetic, the bit operators ``& | ^`` and the shifts ``<< >>`` work on two int64
    operands, as Python's: ``a >> n`` floors (``-7 >> 1 == -4`` on every engine; BigQuery's own
    ``>>`` would not keep the sign) and ``a << n`` is ``a * 2 ** n``. Shift counts are 0 to 62
    (other counts give engine-specific results); a ``<<`` beyond int64 makes the query fail
    on every engine (pandas wraps around).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [7, -7]}))
    >>> (df.x // 2).sort_index().to_pandas().tolist()
    [3, -4]
    >>> df['shifted'], df['low_bits'], df['flipped'] = df.x >> 1, df.x & 3, df.x ^ 5
    >>> df['doubled'] = df.x << 1
    >>> print(df.sort_index().to_pandas().to_string(index=False))
     x  shifted  low_bits  flipped  doubled
     7        3         3        2       14
    -7       -4         1       -4      -14
    """

    dtype = "int64"


@register_dtype()
class SeriesFloat64(SeriesAbstractNumeric):
    """A double precision float Series."""

    dtype = "float64"

    @classmethod
    def random(cls, base: Any, seed: int | None = None, name: str = "random") -> Series:
        """A random float in [0, 1) per row of ``base`` (a DataFrame or Series).

        Without ``seed`` the engine's ``RANDOM()`` (new values on every run). With an int
        ``seed`` a hash of the seed and the row's index values: reproducible over the seed and
        the index, the same on every engine (see :mod:`objectiv_bach.series.random`).

        Examples
        --------
        >>> import hashlib, pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [10, 20]}))
        >>> df['r'] = bach.SeriesFloat64.random(df, seed=42)
        >>> df.r.sort_index().to_pandas().round(6).tolist()
        [0.719995, 0.650007]
        >>> round(int(hashlib.md5(b'42|0').hexdigest()[:8], 16) / 2**32, 6)
        0.719995
        >>> sample = df[bach.SeriesFloat64.random(df) < 2.0]  # every row
        >>> len(sample.to_pandas())
        2
        """
        from objectiv_bach.series.random import random_series

        return random_series(cls, base, seed, name)
