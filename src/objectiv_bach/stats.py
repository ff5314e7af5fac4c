"""Statistics over Series and DataFrames.

Exact quantiles, medians and modes, the standard error of the mean, population standard deviation,
scaling, rounding, value counts and the ``skipna``/``min_count``/``axis``/``level`` arguments of the
reductions.

Exact on every dialect:

* a quantile is the aggregate :class:`~objectiv_bach.expressions.QuantileCont` (linear
  interpolation between the two nearest ranks, as pandas' default): ``QUANTILE_CONT`` on DuckDB,
  ``PERCENTILE_CONT ... WITHIN GROUP`` on PostgreSQL, the two nearest elements of the sorted
  ``ARRAY_AGG`` on BigQuery (which has no exact aggregate for it). It is an ordinary aggregate,
  so it mixes with every other aggregate of the same group in one SELECT.
* a mode needs the number of rows per value first: a node computes
  ``COUNT(x) OVER (PARTITION BY <group keys>, x)`` per row, the next one ranks the rows of each
  group (``ROW_NUMBER() OVER (PARTITION BY <group keys> ORDER BY count DESC, x)``), and the
  aggregate takes the value of the row ranked first. On a tie the smallest value wins
  (PostgreSQL's ``mode() WITHIN GROUP`` rule, which the original used; pandas returns every
  tied value). Plain SQL on every dialect, no array aggregates: memory stays bounded.

The public methods on :class:`~objectiv_bach.DataFrame` and the Series classes are thin
wrappers of the functions here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import DtypeError, InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.partitioning import SortColumn, Window, partition_key
from objectiv_bach.plan.naming import col, unused_name
from objectiv_bach.plan.nodes import Union
from objectiv_bach.series.base import Series, paren
from objectiv_bach.types import dtypes_where, row, sql_type
from objectiv_bach.validation import check_bool

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

NUMERIC = dtypes_where(lambda r: r.numeric)
#: dtypes with a quantile / median
QUANTILE_DTYPES = dtypes_where(lambda r: r.quantiles)

_VALUE = "__bach_value_{}"
_COUNT = "__bach_count_{}"
_RANK = "__bach_rank_{}"


def _double(expression: exp.Expression) -> exp.Expression:
    return exp.Cast(this=expression, to=exp.DataType.build(exp.DType.DOUBLE))


# ---------------------------------------------------------------- argument checks
def check_quantiles(q: Any) -> list[float]:
    """``q`` (a float or a list of floats in [0, 1]) as a list."""
    values = list(q) if isinstance(q, (list, tuple)) else [q]
    if not values:
        msg = "quantile(q=[]) needs at least one quantile, e.g. q=0.5 or q=[0.25, 0.75]."
        raise InvalidArgumentError(msg)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            msg = f"quantile q={value!r} is not a number between 0 and 1; e.g. q=0.5."
            raise InvalidArgumentError(msg)
    return [float(v) for v in values]


def check_reduction(
    what: str, *, axis: Any = 1, skipna: bool = True, level: Any = None, min_count: int = 0
) -> None:
    """Raise for the reduction arguments Bach does not implement."""
    if axis not in (1, "columns", None):
        msg = f"{what}(axis={axis!r})"
        raise UnsupportedOperationError(
            msg, None, "Bach aggregates each column over the rows (the original's axis=1)."
        )
    if level is not None:
        msg = f"{what}(level={level!r})"
        raise UnsupportedOperationError(
            msg, None, "Group by the index level instead: df.groupby(level)..."
        )
    if not isinstance(skipna, bool):
        msg = f"{what}(skipna={skipna!r}): skipna takes True or False."
        raise InvalidArgumentError(msg)
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 0:
        msg = f"{what}(min_count={min_count!r}): min_count takes an int >= 0."
        raise InvalidArgumentError(msg)


def no_partition(series: Series, what: str, partition: Any) -> None:
    """Raise UnsupportedOperationError if an exact ``what`` is given a ``partition``."""
    if partition is not None:
        msg = f"{series.name}.{what}(partition=...)"
        raise UnsupportedOperationError(
            msg,
            None,
            f"An exact {what} is an aggregate, not a window function on every engine: "
            f"aggregate with groupby(...).{what}() and merge the result back on the keys.",
        )


# ---------------------------------------------------------------- reductions: skipna, min_count
def not_skipping(series: Series, function: exp.Expression) -> exp.Expression:
    """``function`` (an aggregate of ``series``), NULL when a value of the group is missing.

    As pandas' ``skipna=False``: ``CASE WHEN COUNT(x) = COUNT(*) THEN f END``.
    """
    complete = exp.EQ(this=exp.Count(this=series.expression), expression=exp.Count(this=exp.Star()))
    return exp.Case(ifs=[exp.If(this=complete, true=function)])


def sum_with_min_count(
    series: Series, total: exp.Expression, zero: exp.Expression, min_count: int | None
) -> exp.Expression:
    """Pandas' ``min_count``: the sum when at least ``min_count`` values are present, else NULL.

    With ``min_count=0`` the sum of no values is 0.
    """
    if not min_count:
        return exp.Coalesce(this=total, expressions=[zero])
    enough = exp.GTE(
        this=exp.Count(this=series.expression), expression=exp.Literal.number(min_count)
    )
    return exp.Case(ifs=[exp.If(this=enough, true=total)])


def frame_reduction(
    frame: DataFrame,
    name: str,
    *,
    axis: Any = 1,
    skipna: bool = True,
    level: Any = None,
    numeric_only: bool = False,
    min_count: int = 0,
    **kwargs: Any,
) -> DataFrame:
    """``frame.<name>()``: every (numeric) data column aggregated, columns ``<col>_<name>``."""
    check_reduction(name, axis=axis, skipna=skipna, level=level, min_count=min_count)
    if not skipna:
        kwargs["skipna"] = False
    if min_count:
        kwargs["min_count"] = min_count
    return frame.agg(name, numeric_only=numeric_only, **kwargs)


# ---------------------------------------------------------------- quantile, median
def series_quantile(series: Series, q: Any = 0.5, partition: Any = None) -> Series:
    """See :meth:`objectiv_bach.series.Series.quantile`."""
    quantiles = check_quantiles(q)
    no_partition(series, "quantile", partition)
    if series.dtype not in QUANTILE_DTYPES:
        msg = (
            f"quantile of Series {series.name!r} (dtype {series.dtype!r}): only "
            f"{list(QUANTILE_DTYPES)} have quantiles. Cast it first, e.g. .astype('float64')."
        )
        raise DtypeError(msg)
    if isinstance(q, (list, tuple)):
        frame = series.to_frame().quantile(q=quantiles)
        return frame[f"{series.name}_quantile"].rename(series.name)
    return _quantile_aggregate(series, quantiles[0])


def _quantile_aggregate(series: Series, q: float) -> Series:
    if series.dtype == "timedelta":
        seconds = _quantile_aggregate(series.dt.total_seconds, q)  # type: ignore[attr-defined]
        micros = exp.Cast(
            this=exp.func(
                "ROUND",
                exp.Mul(this=paren(seconds.expression), expression=exp.Literal.number(1000000)),
            ),
            to=sql_type("int64"),
        )
        return seconds.copy_override(
            expression=bx.IntervalFromMicros(this=micros), dtype="timedelta", name=series.name
        )
    value = _double(series._agg_input("quantile"))
    function = bx.QuantileCont(this=value, quantile=exp.Literal.number(repr(q)))
    return series._aggregate(function, "float64", "quantile")


def frame_quantile(
    frame: DataFrame, q: Any = 0.5, axis: Any = 1, numeric_only: bool = False
) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.quantile`."""
    quantiles = check_quantiles(q)
    check_reduction("quantile", axis=axis)
    grouped = frame._grouped_for_agg()
    names = [n for n, s in grouped.data.items() if s.dtype in QUANTILE_DTYPES]
    if not numeric_only:
        for name, s in grouped.data.items():
            if s.dtype not in QUANTILE_DTYPES:
                msg = (
                    f"quantile of column {name!r} (dtype {s.dtype!r}): only "
                    f"{list(QUANTILE_DTYPES)} have quantiles. Select other columns, or "
                    "pass numeric_only=True."
                )
                raise DtypeError(msg)

    def at(value: float) -> DataFrame:
        data = {
            f"{n}_quantile": _quantile_aggregate(grouped[n], value).rename(f"{n}_quantile")
            for n in names
        }
        return grouped.copy_override(series=data, order_by=())

    if not isinstance(q, (list, tuple)):
        return at(quantiles[0])
    # one aggregate SELECT per q, with the q as an extra index level, in one UNION ALL
    selects = []
    for value in quantiles:
        part = at(value)
        q_series = Series.from_value(part, value, name="q", dtype="float64")
        selects.append(part._state_select(step="quantile", extra={"q": q_series}))
        columns = {**part.index, **part.data, "q": q_series}
    union = Union(parts=tuple(selects))
    result = _frame_on_node(frame._engine, columns, union, [*grouped.index, "q"])
    return result.copy_override(**frame._carried())


def _frame_on_node(
    engine: Any, columns: Mapping[str, Series], node: Any, index_names: Sequence[str]
) -> DataFrame:
    """A frame whose columns (names and dtypes of ``columns``) are the columns of ``node``."""
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.plan.naming import sql_column_name

    plain = {
        n: s.copy_override(
            base_node=node,
            expression=col(sql_column_name(n)),
            index={},
            group_by=None,
            order_by=(),
            size=1,
            name=n,
        )
        for n, s in columns.items()
    }
    index = {n: plain[n] for n in index_names}
    data = {n: s.copy_override(index=index) for n, s in plain.items() if n not in index}
    return DataFrame(engine=engine, base_node=node, index=index, series=data)


def series_median(series: Series, partition: Any = None) -> Series:
    """See :meth:`objectiv_bach.series.Series.median`."""
    no_partition(series, "median", partition)
    return series_quantile(series, 0.5)


def frame_median(
    frame: DataFrame,
    *,
    axis: Any = 1,
    skipna: bool = True,
    level: Any = None,
    numeric_only: bool = False,
) -> DataFrame:
    """Exact median of each column (per group), columns ``<col>_median``: the 0.5 quantile.

    See :meth:`objectiv_bach.DataFrame.median`; ``skipna=False`` is not supported.
    """
    check_reduction("median", axis=axis, skipna=skipna, level=level)
    if not skipna:
        msg = "median(skipna=False)"
        raise UnsupportedOperationError(msg, None, "Drop the missing values first (dropna()).")
    result = frame_quantile(frame, 0.5, numeric_only=numeric_only)
    return result.rename(columns=lambda n: n[: -len("_quantile")] + "_median")


# ---------------------------------------------------------------- mode
def counted(
    frame: DataFrame, names: Sequence[str], carried: Sequence[str] = ()
) -> tuple[DataFrame, dict[str, tuple[str, str | None]]]:
    """``frame`` (grouped or not) on a new node with value counts per column of ``names``.

    Per column of ``names``: the value and the number of rows of its group with that value; also the
    values of the ``carried`` columns (not counted). Grouped again by the same keys.

    Returns the grouped frame and ``{name: (value column, count column or None)}``.
    """
    from objectiv_bach.dataframe import DataFrame

    grouped = frame._grouped_for_agg()
    group_by = grouped.group_by
    assert group_by is not None
    keys = group_by.index
    every = [*names, *[c for c in carried if c not in names]]
    for name in every:
        if grouped[name].is_aggregated:
            msg = (
                f"Column {name!r} is already aggregated; call .materialize() first to "
                "aggregate the aggregate."
            )
            raise UnsupportedOperationError(msg)
    row_frame = DataFrame(
        **frame._carried(),
        engine=frame._engine,
        base_node=grouped.base_node,
        index={},
        series={
            **{k: s.copy_override(index={}, group_by=None, order_by=()) for k, s in keys.items()},
            **{
                _VALUE.format(i): grouped[n].copy_override(
                    index={}, group_by=None, order_by=(), name=_VALUE.format(i)
                )
                for i, n in enumerate(every)
            },
        },
    )
    if any(s.has_window for s in row_frame.data.values()):
        row_frame = row_frame.materialize(node_name="mode_input")
    key_parts = tuple(partition_key(row_frame[k]) for k in keys)
    for i in range(len(names)):
        value = row_frame[_VALUE.format(i)]
        window = Window(partition=(*key_parts, partition_key(value)))
        row_frame[_COUNT.format(i)] = value.copy_override(
            expression=window.over(exp.Count(this=value.expression), with_frame=False),
            dtype="int64",
            name=_COUNT.format(i),
        )
    counted_frame = row_frame._on_node(row_frame._state_select(step="value_counted"))
    # rank the values of each group: most rows first, then the smallest value
    key_parts = tuple(partition_key(counted_frame[k]) for k in keys)
    for i in range(len(names)):
        value = counted_frame[_VALUE.format(i)]
        window = Window(
            partition=key_parts,
            order_by=(
                SortColumn(counted_frame[_COUNT.format(i)].expression, asc=False),
                SortColumn(value.expression),
            ),
        )
        counted_frame[_RANK.format(i)] = value.copy_override(
            expression=window.over(exp.RowNumber(), with_frame=False),
            dtype="int64",
            name=_RANK.format(i),
        )
    on_node = counted_frame._on_node(counted_frame._state_select(step="value_ranked"))
    regrouped = on_node.groupby(list(keys) if keys else None)
    return regrouped, {
        n: (_VALUE.format(i), _COUNT.format(i) if i < len(names) else None)
        for i, n in enumerate(every)
    }


def mode_of(regrouped: DataFrame, value: str, count: str, dtype: str, name: str) -> Series:
    """The mode of column ``value`` of a frame made by :func:`counted`.

    The value of the group's row ranked first (most rows, then the smallest value).
    """
    series = regrouped[value]
    if not row(series.dtype).groupable:
        msg = f"mode of {name!r} (dtype {series.dtype!r}): JSON values cannot be grouped."
        raise DtypeError(msg)
    rank = regrouped[value.replace("value", "rank")]
    first = exp.Case(
        ifs=[
            exp.If(
                this=exp.EQ(this=rank.expression, expression=exp.Literal.number(1)),
                true=series.expression,
            )
        ]
    )
    return series.copy_override(expression=first).max().rename(name)


def agg_with_mode(
    frame: DataFrame, plan: Mapping[str, list[Any]], *args: Any, **kwargs: Any
) -> DataFrame:
    """``frame.agg(plan)`` (``frame`` grouped) when a function is ``'mode'``.

    Every aggregation is computed on the node that ranks the values (see :func:`counted`).
    """
    names = [c for c, funcs in plan.items() if "mode" in funcs]
    carried = [c for c in plan if c not in names]
    regrouped, columns = counted(frame, names, carried)
    data: dict[str, Series] = {}
    for column, funcs in plan.items():
        value_column, count_column = columns[column]
        series = regrouped[value_column].rename(column)
        for f in funcs:
            fname = f if isinstance(f, str) else getattr(f, "__name__", "func")
            out = f"{column}_{fname}"
            if f == "mode":
                assert count_column is not None
                result = mode_of(regrouped, value_column, count_column, series.dtype, out)
            elif isinstance(f, str):
                if not hasattr(series, f):
                    msg = (
                        f"Unknown aggregation {f!r} for column {column!r} (dtype {series.dtype!r})."
                    )
                    raise InvalidArgumentError(msg)
                result = getattr(series, f)(*args, **kwargs)
            else:
                result = f(series)
            data[out] = result.rename(out)
    return regrouped.copy_override(series=data, order_by=())


def series_mode(series: Series, partition: Any = None) -> Series:
    """See :meth:`objectiv_bach.series.Series.mode`."""
    no_partition(series, "mode", partition)
    return frame_mode(series.to_frame(), suffix=False)[series.name]


def frame_mode(
    frame: DataFrame,
    *,
    axis: Any = 1,
    skipna: bool = True,
    level: Any = None,
    numeric_only: bool = False,
    suffix: bool = True,
) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.mode`."""
    check_reduction("mode", axis=axis, skipna=skipna, level=level)
    if not skipna:
        msg = "mode(skipna=False)"
        raise UnsupportedOperationError(msg, None, "Drop the missing values first (dropna()).")
    names = [n for n, s in frame.data.items() if not numeric_only or s.dtype in NUMERIC]
    regrouped, columns = counted(frame, names)
    data = {}
    for name in names:
        value, count = columns[name]
        assert count is not None
        out = f"{name}_mode" if suffix else name
        data[out] = mode_of(regrouped, value, count, frame[name].dtype, out)
    return regrouped.copy_override(series=data, order_by=())


# ---------------------------------------------------------------- sem, std_pop
def series_sem(series: Series, partition: Any = None, skipna: bool = True, ddof: int = 1) -> Series:
    """See :meth:`objectiv_bach.series.SeriesAbstractNumeric.sem`."""
    if ddof != 1:
        msg = f"sem(ddof={ddof!r}) is not supported; use ddof=1."
        raise InvalidArgumentError(msg)
    value = _double(series._agg_input("sem"))
    function = exp.Div(
        this=exp.StddevSamp(this=value),
        expression=exp.Sqrt(this=exp.Count(this=value.copy())),
        safe=True,
        typed=False,
    )
    return series._aggregate(function, "float64", "sem", partition, skipna)


# ---------------------------------------------------------------- scaling
def _whole(series: Series, function: exp.Expression) -> exp.Expression:
    """``function`` (an aggregate) over all rows of the frame, per row (``OVER ()``)."""
    return Window().over(function, with_frame=False)


def _check_scalable(series: Series, what: str) -> None:
    if series.dtype not in NUMERIC:
        msg = f"{what} of Series {series.name!r} (dtype {series.dtype!r}): only int64 and float64."
        raise DtypeError(msg)
    if series.group_by is not None or series.is_aggregated:
        msg = f"{what} of a grouped or aggregated Series {series.name!r}"
        raise UnsupportedOperationError(msg, None, "Scale the rows before grouping.")


def series_scale(series: Series, with_mean: bool = True, with_std: bool = True) -> Series:
    """See :meth:`objectiv_bach.series.SeriesAbstractNumeric.scale`."""
    _check_scalable(series, "scale")
    value = _double(series.expression)
    mean = _whole(series, exp.Avg(this=value.copy()))
    std = _whole(series, exp.StddevPop(this=value.copy()))
    return standardized(series, mean, std, with_mean=with_mean, with_std=with_std)


def standardized(
    series: Series,
    mean: exp.Expression,
    std: exp.Expression,
    *,
    with_mean: bool = True,
    with_std: bool = True,
) -> Series:
    """``(series - mean) / std`` as float64.

    ``mean`` and ``std`` are expressions over the Series' base node (a std of 0 or NULL divides
    by 1).
    """
    value = _double(series.expression)
    result: exp.Expression = value
    if with_mean:
        result = exp.Sub(this=paren(value), expression=mean)
    if with_std:
        one = exp.Literal.number("1.0")
        divisor = exp.Coalesce(
            this=exp.Nullif(this=std, expression=exp.Literal.number(0)), expressions=[one]
        )
        result = exp.Div(this=paren(result), expression=divisor, safe=False, typed=False)
    return series.copy_override(expression=result, dtype="float64")


def series_minmax_scale(series: Series, feature_range: tuple[float, float] = (0, 1)) -> Series:
    """See :meth:`objectiv_bach.series.SeriesAbstractNumeric.minmax_scale`."""
    _check_scalable(series, "minmax_scale")
    value = _double(series.expression)
    minimum = _whole(series, exp.Min(this=value.copy()))
    maximum = _whole(series, exp.Max(this=value.copy()))
    return minmax_scaled(series, minimum, maximum, feature_range)


def minmax_scaled(
    series: Series,
    minimum: exp.Expression,
    maximum: exp.Expression,
    feature_range: tuple[float, float] = (0, 1),
) -> Series:
    """``series`` scaled from ``[minimum, maximum]`` to ``feature_range``, as float64.

    ``minimum`` and ``maximum`` are expressions over the Series' base node (an empty spread
    divides by 1).
    """
    low, high = _check_range(feature_range)
    value = _double(series.expression)
    spread = exp.Sub(this=maximum, expression=minimum.copy())
    divisor = exp.Coalesce(
        this=exp.Nullif(this=spread, expression=exp.Literal.number(0)),
        expressions=[exp.Literal.number("1.0")],
    )
    unit = exp.Div(
        this=exp.Paren(this=exp.Sub(this=paren(value), expression=minimum)),
        expression=exp.Paren(this=divisor),
        safe=False,
        typed=False,
    )
    scaled = exp.Add(
        this=exp.Mul(
            this=exp.Paren(this=unit), expression=exp.Literal.number(repr(float(high - low)))
        ),
        expression=exp.Literal.number(repr(float(low))),
    )
    return series.copy_override(expression=scaled, dtype="float64")


def _check_range(feature_range: Any) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in feature_range)
    except (TypeError, ValueError):
        low, high = 0.0, -1.0
    if not low < high:
        msg = (
            f"feature_range={feature_range!r} is not a (min, max) pair with min < max; "
            "e.g. feature_range=(0, 1)."
        )
        raise InvalidArgumentError(msg)
    return low, high


def frame_numeric_apply(frame: DataFrame, what: str, apply: Any) -> DataFrame:
    """``apply`` to each int64/float64 data column; the others are kept as they are."""
    if frame.group_by is not None:
        msg = f"{what} of a grouped DataFrame"
        raise UnsupportedOperationError(msg, None, "Call it before groupby().")
    return frame.copy_override(
        series={n: apply(s).rename(n) if s.dtype in NUMERIC else s for n, s in frame.data.items()}
    )


def frame_round(frame: DataFrame, decimals: int | Mapping[str, int] = 0) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.round`."""
    if isinstance(decimals, Mapping):
        for name in decimals:
            if name not in frame.data:
                raise frame._missing(name)
        mapping = dict(decimals)
    elif isinstance(decimals, int) and not isinstance(decimals, bool):
        mapping = {n: decimals for n in frame.data}
    else:
        msg = f"round(decimals={decimals!r}): give an int or a {{column: int}} dict."
        raise InvalidArgumentError(msg)
    return frame.copy_override(
        series={
            n: s.round(mapping[n]).rename(n)  # type: ignore[attr-defined]
            if n in mapping and s.dtype in NUMERIC
            else s
            for n, s in frame.data.items()
        }
    )


# ---------------------------------------------------------------- value counts
def series_value_counts(
    series: Series,
    normalize: bool = False,
    sort: bool = True,
    ascending: bool = False,
    bins: Any = None,
    method: str = "pandas",
    dropna: bool = True,
) -> Series:
    """See :meth:`objectiv_bach.series.Series.value_counts`."""
    for arg, value in (
        ("normalize", normalize),
        ("sort", sort),
        ("ascending", ascending),
        ("dropna", dropna),
    ):
        check_bool(value, f"value_counts({arg}=...)")
    if method not in ("pandas", "bach"):
        msg = f"value_counts(method={method!r}): choose 'pandas' or 'bach' (the same result)."
        raise InvalidArgumentError(msg)
    if bins is not None:
        from objectiv_bach.operations.cut import value_counts_of_bins

        return value_counts_of_bins(
            series, bins, normalize=normalize, sort=sort, ascending=ascending, dropna=dropna
        )
    frame = series.to_frame().reset_index(drop=True)
    return _counts(
        frame, [series.name], normalize=normalize, sort=sort, ascending=ascending, dropna=dropna
    )


def frame_value_counts(
    frame: DataFrame,
    subset: Any = None,
    normalize: bool = False,
    sort: bool = True,
    ascending: bool = False,
    dropna: bool = True,
) -> Series:
    """See :meth:`objectiv_bach.DataFrame.value_counts`."""
    names = (
        list(frame.data)
        if subset is None
        else ([subset] if isinstance(subset, str) else list(subset))
    )
    for name in names:
        if name not in frame.data:
            raise frame._missing(name)
    if not names:
        msg = "value_counts() of a DataFrame without data columns; give subset=[...]."
        raise InvalidArgumentError(msg)
    rows = frame.reset_index(drop=True)[names]
    return _counts(rows, names, normalize=normalize, sort=sort, ascending=ascending, dropna=dropna)


def _counts(
    frame: DataFrame,
    names: list[str],
    *,
    normalize: bool,
    sort: bool,
    ascending: bool,
    dropna: bool,
) -> Series:
    if dropna:
        mask = None
        for name in names:
            present = frame[name].notnull()
            mask = present if mask is None else (mask & present)
        frame = frame[mask]
    grouped = frame.groupby(names)
    # COUNT(0): every row; the name must differ from the index names (the counted columns)
    rows = grouped._template().count().rename(unused_name("value_counts", names))
    if normalize:
        count = rows.expression
        total = Window().over(exp.Sum(this=count.copy()), with_frame=False)
        share = exp.Div(this=_double(count), expression=total, safe=False, typed=False)
        rows = rows.copy_override(expression=share, dtype="float64")
    if sort:
        rows = rows.sort_values(ascending=ascending)
    return rows
