"""Rolling and expanding windows over a sorted frame: ``df.rolling(...)``, ``df.expanding(...)``.

A :class:`Rolling` is a ROWS window frame over the frame's sort order (and its grouping, as
partition). Its aggregations give one value per row, as pandas' ``rolling``/``expanding``:

* ``rolling(window, min_periods, center)``: ``(window-1-k) PRECEDING`` to ``k FOLLOWING``, with
  ``k = (window-1)//2`` when centered, else 0;
* ``expanding(min_periods)``: ``UNBOUNDED PRECEDING`` to ``CURRENT ROW``;
* a value is NULL where the frame holds fewer than ``min_periods`` non-missing values (for
  ``count``: fewer rows, as pandas).

Result columns are named ``<column>_<func>`` (the original Bach's naming for aggregations).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach.errors import InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.partitioning import Window, WindowFrameBoundary, WindowFrameMode

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series

_FUNCS = ("sum", "count", "mean", "min", "max", "std", "var")


def _window(frame: DataFrame, what: str, start: int | None, end: int) -> Window:
    if not frame.order_by:
        msg = (
            f"Window must be sorted: {what} needs a sorted frame. Call sort_values() (or "
            "sort_index()) first, e.g. df.sort_values('moment').rolling(3)."
        )
        raise InvalidArgumentError(msg)
    group_by = frame.group_by
    if group_by is not None and not group_by.index:
        group_by = None
    partition = group_by.partition if group_by is not None else ()
    row_index = group_by.row_index if group_by is not None else None
    return Window(
        partition=partition,
        order_by=frame.order_by,
        row_index=row_index,
        node=frame.base_node,
        mode=WindowFrameMode.ROWS,
        start_boundary=None if start is None else WindowFrameBoundary.PRECEDING,
        start_value=start,
        end_boundary=(
            WindowFrameBoundary.FOLLOWING if end > 0 else WindowFrameBoundary.CURRENT_ROW
        ),
        end_value=end if end > 0 else None,
    )


def _check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        msg = f"{name}={value!r}: give an int >= {minimum}."
        raise InvalidArgumentError(msg)
    return value


def rolling(
    frame: DataFrame, window: int, min_periods: int | None, center: bool, closed: str | None
) -> Rolling:
    """``frame.rolling(...)``: see :meth:`objectiv_bach.DataFrame.rolling`."""
    size = _check_int("window", window, 1)
    periods = size if min_periods is None else _check_int("min_periods", min_periods, 0)
    if periods > size:
        msg = f"min_periods {periods!r} must be <= window {size!r}."
        raise InvalidArgumentError(msg)
    if closed not in (None, "right"):
        msg = f"rolling(closed={closed!r})"
        raise UnsupportedOperationError(
            msg,
            None,
            "Only closed='right' (the default) is supported: shift the window with window_lag().",
        )
    end = (size - 1) // 2 if center else 0
    return Rolling(frame, _window(frame, "rolling()", size - 1 - end, end), periods)


def expanding(frame: DataFrame, min_periods: int, center: bool) -> Rolling:
    """``frame.expanding(...)``: see :meth:`objectiv_bach.DataFrame.expanding`."""
    periods = _check_int("min_periods", min_periods, 0)
    if center:
        msg = "expanding(center=True)"
        raise UnsupportedOperationError(
            msg, None, "Use center=False (pandas also has no centered expanding window)."
        )
    return Rolling(frame, _window(frame, "expanding()", None, 0), periods)


class Rolling:
    """The windowed frame of ``df.rolling(...)`` / ``df.expanding(...)``.

    Aggregate it with :meth:`agg`, :meth:`sum`, :meth:`count`, :meth:`mean`, :meth:`min`,
    :meth:`max`, :meth:`std` or :meth:`var`.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3, 4], 'n': [1.0, None, 3.0, 4.0]}))
    >>> df.sort_values('day').rolling(2, min_periods=1).sum().sort_index().n_sum.to_pandas().tolist()
    [1.0, 1.0, 3.0, 7.0]
    """

    def __init__(self, frame: DataFrame, window: Window, min_periods: int) -> None:
        self._frame = frame
        self._window = window
        self._min_periods = min_periods

    @property
    def window(self) -> Window:
        """The window (a ROWS frame) the aggregations run over."""
        return self._window

    def __repr__(self) -> str:
        return (
            f"<Rolling over {self._frame.columns} min_periods={self._min_periods} "
            f"frame={self._window.over(exp.Count(this=exp.Star()), with_frame=True).sql()}>"
        )

    def __getitem__(self, key: Any) -> Any:
        """The window over one column or over a list of columns.

        Over one column it is a :class:`RollingColumn`, whose aggregations give a Series named as
        the column; over a list of columns a :class:`Rolling`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5, 1, 3]}))
        >>> running = df.sort_values('day').expanding()['n'].max()
        >>> running.name, running.sort_index().to_pandas().tolist()
        ('n', [5, 5, 5])
        """
        if isinstance(key, str):
            return RollingColumn(self, key)
        return Rolling(self._frame[list(key)], self._window, self._min_periods)

    def _one(self, series: Series, func: str | Callable[..., Series], **kwargs: Any) -> Series:
        if callable(func):
            result = func(series, partition=self._window)
            rows = series.count(partition=self._window)
        else:
            if func not in _FUNCS or not hasattr(series, func):
                msg = (
                    f"Unknown rolling aggregation {func!r} for column {series.name!r} (dtype "
                    f"{series.dtype!r}). Options: {list(_FUNCS)} (sum, mean, std and var "
                    "on numeric columns only)."
                )
                raise InvalidArgumentError(msg)
            result = getattr(series, func)(partition=self._window, **kwargs)
            if func == "count":  # pandas counts the rows in the frame for count's min_periods
                rows = series.copy_override(
                    expression=self._window.over(exp.Count(this=exp.Star()), with_frame=True),
                    dtype="int64",
                    group_by=None,
                    index=result.index,
                )
            else:
                rows = series.count(partition=self._window)
        if self._min_periods == 0:
            return result
        return result.where(rows >= self._min_periods)

    def agg(self, func: Any, **kwargs: Any) -> DataFrame:
        """Aggregate every data column over the window (one value per row).

        Parameters
        ----------
        func : str, callable, list of them, or mapping of str to them
            ``'sum'``, ``'count'``, ``'mean'``, ``'min'``, ``'max'``, ``'std'``, ``'var'``, a
            function ``(Series, partition=Window) -> Series``, a list of them, or
            ``{column: func(s)}``.
        **kwargs
            Passed to the aggregation (e.g. ``ddof=0``).

        Returns
        -------
        DataFrame
            The frame's index and sort order, with columns ``<column>_<func>``.

        Raises
        ------
        InvalidArgumentError
            For an aggregation the column's dtype does not have.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5, 1, 3]}))
        >>> stats = df.sort_values('day').expanding().agg(['max', 'count'])
        >>> print(stats.sort_index().to_pandas().to_string(index=False))
         day_max  day_count  n_max  n_count
               1          1      5        1
               2          2      5        2
               3          3      5        3
        """
        from objectiv_bach.dataframe import DataFrame

        frame = self._frame
        if isinstance(func, dict):
            plan = {
                c: ([f] if isinstance(f, str) or callable(f) else list(f)) for c, f in func.items()
            }
        else:
            funcs = [func] if isinstance(func, str) or callable(func) else list(func)
            plan = {c: funcs for c in frame.columns}
        data: dict[str, Series] = {}
        index = None
        for column, funcs in plan.items():
            series = frame[column]
            for f in funcs:
                name = f"{column}_{f if isinstance(f, str) else getattr(f, '__name__', 'func')}"
                result = self._one(series, f, **kwargs)
                index = result.index
                data[name] = result.copy_override(name=name)
        row_index = (
            index
            if index is not None
            else (frame.group_by.row_index if frame.group_by is not None else frame.index)
        )
        data = {n: s.copy_override(index=row_index) for n, s in data.items()}
        return DataFrame(
            engine=frame._engine,
            base_node=frame.base_node,
            index=row_index,
            series=data,
            order_by=frame.order_by,
            **frame._carried(),
        )

    aggregate = agg

    def sum(self) -> DataFrame:
        """Sum of the non-missing values in the window.

        With ``min_periods=0``: 0 for none, as pandas.

        Returns
        -------
        DataFrame
            Columns ``<column>_sum``, one value per row (see :meth:`agg`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1.0, 2.0, 3.0]}))
        >>> df.sort_values('n').rolling(2).sum().sort_index().n_sum.to_pandas().tolist()
        [nan, 3.0, 5.0]
        """
        return self.agg("sum")

    def count(self) -> DataFrame:
        """Number of non-missing values in the window.

        NULL where the window has fewer than ``min_periods`` rows, as pandas.

        Returns
        -------
        DataFrame
            Columns ``<column>_count``, one value per row (see :meth:`agg`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1.0, 2.0, 3.0]}))
        >>> df.sort_values('n').rolling(2).count().sort_index().n_count.to_pandas().tolist()
        [nan, 2.0, 2.0]
        """
        return self.agg("count")

    def mean(self) -> DataFrame:
        """Mean of the non-missing values in the window.

        Returns
        -------
        DataFrame
            Columns ``<column>_mean``, one value per row (see :meth:`agg`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1.0, 2.0, 3.0]}))
        >>> df.sort_values('n').rolling(2).mean().sort_index().n_mean.to_pandas().tolist()
        [nan, 1.5, 2.5]
        """
        return self.agg("mean")

    def min(self) -> DataFrame:
        """Minimum of the non-missing values in the window.

        Returns
        -------
        DataFrame
            Columns ``<column>_min``, one value per row (see :meth:`agg`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1.0, 2.0, 3.0]}))
        >>> df.sort_values('n').rolling(2).min().sort_index().n_min.to_pandas().tolist()
        [nan, 1.0, 2.0]
        """
        return self.agg("min")

    def max(self) -> DataFrame:
        """Maximum of the non-missing values in the window.

        Returns
        -------
        DataFrame
            Columns ``<column>_max``, one value per row (see :meth:`agg`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1.0, 2.0, 3.0]}))
        >>> df.sort_values('n').rolling(2).max().sort_index().n_max.to_pandas().tolist()
        [nan, 2.0, 3.0]
        """
        return self.agg("max")

    def std(self, ddof: int = 1) -> DataFrame:
        """Standard deviation (``ddof=1``: sample, ``0``: population) in the window.

        Parameters
        ----------
        ddof : int, default 1
            Delta degrees of freedom: 1 or 0.

        Returns
        -------
        DataFrame
            Columns ``<column>_std``, one value per row (see :meth:`agg`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1.0, 2.0, 3.0]}))
        >>> df.sort_values('n').rolling(2).std().sort_index().n_std.to_pandas().tolist()
        [nan, 0.7071067811865476, 0.7071067811865476]
        """
        return self.agg("std", ddof=ddof)

    def var(self, ddof: int = 1) -> DataFrame:
        """Variance (``ddof=1``: sample, ``0``: population) in the window.

        Parameters
        ----------
        ddof : int, default 1
            Delta degrees of freedom: 1 or 0.

        Returns
        -------
        DataFrame
            Columns ``<column>_var``, one value per row (see :meth:`agg`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1.0, 2.0, 3.0]}))
        >>> df.sort_values('n').rolling(2).var().sort_index().n_var.to_pandas().tolist()
        [nan, 0.5, 0.5]
        """
        return self.agg("var", ddof=ddof)


class RollingColumn:
    """The window of a :class:`Rolling` over one column: ``df.rolling(3)['x'].sum()``.

    Each aggregation gives a Series named as the column, one value per row (see
    :meth:`Rolling.agg` for the semantics).
    """

    def __init__(self, rolling: Rolling, column: str) -> None:
        self._rolling = rolling
        self._column = column
        self._series = rolling._frame[column]

    def agg(self, func: Any, **kwargs: Any) -> Series:
        """The aggregation ``func`` (a name or a function) over the window.

        Parameters
        ----------
        func : str or callable
            ``'sum'``, ``'count'``, ``'mean'``, ``'min'``, ``'max'``, ``'std'``, ``'var'``, or a
            function ``(Series, partition=Window) -> Series``.
        **kwargs
            Passed to the aggregation (e.g. ``ddof=0``).

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5, 1, 3]}))
        >>> df.sort_values('day').rolling(2)['n'].agg('min').sort_index().to_pandas().tolist()
        [nan, 1.0, 1.0]
        """
        return self._rolling._one(self._series, func, **kwargs).copy_override(name=self._column)

    aggregate = agg

    def sum(self) -> Series:
        """Sum of the non-missing values in the window.

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5.0, 1.0, 1.0]}))
        >>> df.sort_values('day').rolling(2)['n'].sum().sort_index().to_pandas().tolist()
        [nan, 6.0, 2.0]
        """
        return self.agg("sum")

    def count(self) -> Series:
        """Number of non-missing values in the window.

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5.0, 1.0, 1.0]}))
        >>> df.sort_values('day').rolling(2)['n'].count().sort_index().to_pandas().tolist()
        [nan, 2.0, 2.0]
        """
        return self.agg("count")

    def mean(self) -> Series:
        """Mean of the non-missing values in the window.

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5.0, 1.0, 1.0]}))
        >>> df.sort_values('day').rolling(2)['n'].mean().sort_index().to_pandas().tolist()
        [nan, 3.0, 1.0]
        """
        return self.agg("mean")

    def min(self) -> Series:
        """Minimum of the non-missing values in the window.

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5.0, 1.0, 1.0]}))
        >>> df.sort_values('day').rolling(2)['n'].min().sort_index().to_pandas().tolist()
        [nan, 1.0, 1.0]
        """
        return self.agg("min")

    def max(self) -> Series:
        """Maximum of the non-missing values in the window.

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5.0, 1.0, 1.0]}))
        >>> df.sort_values('day').rolling(2)['n'].max().sort_index().to_pandas().tolist()
        [nan, 5.0, 1.0]
        """
        return self.agg("max")

    def std(self, ddof: int = 1) -> Series:
        """Standard deviation in the window (``ddof``: 1 or 0).

        Parameters
        ----------
        ddof : int, default 1
            Delta degrees of freedom.

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5.0, 1.0, 1.0]}))
        >>> df.sort_values('day').rolling(2)['n'].std().sort_index().to_pandas().tolist()
        [nan, 2.8284271247461903, 0.0]
        """
        return self.agg("std", ddof=ddof)

    def var(self, ddof: int = 1) -> Series:
        """Variance in the window (``ddof``: 1 or 0).

        Parameters
        ----------
        ddof : int, default 1
            Delta degrees of freedom.

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'n': [5.0, 1.0, 1.0]}))
        >>> df.sort_values('day').rolling(2)['n'].var().sort_index().to_pandas().tolist()
        [nan, 8.0, 0.0]
        """
        return self.agg("var", ddof=ddof)
