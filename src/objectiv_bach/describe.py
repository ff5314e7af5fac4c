"""``describe()``: descriptive statistics of every column in ONE query.

The plan has a fixed shape, whatever the number of columns:

1. one aggregate SELECT with every statistic of every numeric column (count, mean, std, min,
   the exact percentiles, max), straight over the frame;
2. (only when non-numeric columns are described) two window nodes over just those columns: the
   number of rows with the same value (``COUNT(x) OVER (PARTITION BY x)``) and a rank (most
   rows, then the smallest value), then one aggregate SELECT of count, unique, top and freq;
   both single-row aggregates are cross-joined;
3. a UNION ALL of one SELECT per statistic over that single row, giving pandas' shape: one row
   per statistic (index ``__stat``), one column per described column.

Numeric columns (int64, float64) give float64 columns, the others string columns (their count,
unique and freq as text), as pandas gives an object column for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach import stats
from objectiv_bach.errors import DtypeError, InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.partitioning import SortColumn
from objectiv_bach.plan.naming import col, sql_column_name
from objectiv_bach.plan.nodes import Select, Union
from objectiv_bach.series import literals
from objectiv_bach.series.base import Series
from objectiv_bach.types import dtypes_where, validate_dtype

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

NUMERIC = dtypes_where(lambda r: r.numeric)
#: dtypes that cannot be grouped or ordered everywhere: never described
NOT_DESCRIBED = dtypes_where(lambda r: not r.groupable)
STAT_INDEX = "__stat"
_POSITION = "__stat_position"

#: include/exclude names of pandas that are not Bach dtype names or aliases
_SELECTORS = {"number": NUMERIC, "numeric": NUMERIC, "o": ("object",), "category": ("object",)}


def percentile_label(q: float) -> str:
    """Pandas' row label of a percentile: 0.25 -> '25%', 0.333 -> '33.3%'."""
    return f"{round(q * 100, 6):g}%"


def _dtypes_of(selector: Any) -> set[str]:
    items = [selector] if isinstance(selector, (str, type)) else list(selector)
    out: set[str] = set()
    for item in items:
        key = item.__name__ if isinstance(item, type) else str(item)
        key = {"floating": "float", "integer": "int", "bool_": "boolean"}.get(key, key).lower()
        try:
            out.update(validate_dtype(k) for k in _SELECTORS.get(key, (key,)))
        except DtypeError:
            msg = (
                f"describe include/exclude {item!r} is not a known dtype selector; use "
                f"'all', a dtype name or alias, or some of {sorted(_SELECTORS)}."
            )
            raise InvalidArgumentError(msg) from None
    return out


def _selected(frame: DataFrame, include: Any, exclude: Any) -> list[str]:
    dtypes = {n: s.dtype for n, s in frame.data.items() if s.dtype not in NOT_DESCRIBED}
    if include is None and exclude is None:
        numeric = [n for n, d in dtypes.items() if d in NUMERIC]
        return numeric or list(dtypes)
    if isinstance(include, str) and include == "all":
        if exclude is not None:
            msg = "describe(include='all') cannot be combined with exclude=."
            raise InvalidArgumentError(msg)
        return list(dtypes)
    names = list(dtypes)
    if include is not None:
        wanted = _dtypes_of(include)
        names = [n for n in names if dtypes[n] in wanted]
    if exclude is not None:
        unwanted = _dtypes_of(exclude)
        names = [n for n in names if dtypes[n] not in unwanted]
    return names


def describe(
    frame: DataFrame,
    percentiles: Sequence[float] | None = None,
    include: Any = None,
    exclude: Any = None,
    datetime_is_numeric: bool = False,
) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.describe`."""
    if frame.group_by is not None:
        msg = "describe() of a grouped DataFrame"
        raise UnsupportedOperationError(
            msg, None, "Describe each group's rows with a filter, or aggregate with agg()."
        )
    if datetime_is_numeric:
        msg = "describe(datetime_is_numeric=True)"
        raise UnsupportedOperationError(
            msg,
            None,
            "Describe timestamps as values (count/unique/top/freq), or describe "
            "their epoch seconds as numbers.",
        )
    quantiles = sorted(
        set(stats.check_quantiles([0.25, 0.5, 0.75] if percentiles is None else list(percentiles)))
    )
    names = _selected(frame, include, exclude)
    if not names:
        msg = (
            f"describe() has no columns to describe (dtypes {frame.dtypes}, include="
            f"{include!r}, exclude={exclude!r})."
        )
        raise DtypeError(msg)
    numeric = [n for n in names if frame[n].dtype in NUMERIC]
    other = [n for n in names if n not in numeric]
    labels = [] if not other else ["count", "unique", "top", "freq"]
    if numeric:
        labels = (["count"] if not other else labels) + [
            "mean",
            "std",
            "min",
            *[percentile_label(q) for q in quantiles],
            "max",
        ]
    labels = list(dict.fromkeys(labels))

    plain = frame.reset_index(drop=True)[names]
    cells: dict[tuple[str, str], Series] = {}
    if numeric:
        numbers = plain[numeric].groupby(None)
        for name in numeric:
            value = numbers[name]
            cells[("count", name)] = value.count().astype("float64")
            cells[("mean", name)] = value.mean()
            cells[("std", name)] = value.std()
            cells[("min", name)] = value.min().astype("float64")
            cells[("max", name)] = value.max().astype("float64")
            for q in quantiles:
                cells[(percentile_label(q), name)] = stats._quantile_aggregate(value, q)
    if other:
        # the values are counted and ranked (window functions) only for these columns
        grouped, columns = stats.counted(plain[other], other)
        for name in other:
            value_column, count_column = columns[name]
            assert count_column is not None
            value = grouped[value_column]
            count = grouped[count_column]
            cells[("count", name)] = value.count().astype("string")
            cells[("unique", name)] = value.nunique().astype("string")
            top = stats.mode_of(grouped, value_column, count_column, frame[name].dtype, "top")
            cells[("top", name)] = top.astype("string")
            freq = count.max()
            freq = freq.copy_override(
                expression=exp.Nullif(this=freq.expression, expression=exp.Literal.number(0))
            )
            cells[("freq", name)] = freq.astype("string")

    cell_names = {key: f"__bach_stat_{i}" for i, key in enumerate(cells)}
    # one single-row aggregate per kind of column; both kinds: cross-joined (one row each)
    aggregates = []
    for kind in (numeric, other):
        if kind:
            part = {
                cell_names[k]: s.rename(cell_names[k]) for k, s in cells.items() if k[1] in kind
            }
            first = next(iter(part.values()))
            aggregates.append(first.to_frame().copy_override(series=part, order_by=()))
    aggregated = aggregates[0]
    if len(aggregates) == 2:
        aggregated = aggregated.merge(aggregates[1], how="cross")
    stats_node = aggregated._state_select(step="describe_stats")

    out_dtype = {n: "float64" if n in numeric else "string" for n in names}
    parts = []
    for position, label in enumerate(labels):
        row: list[tuple[str, exp.Expression]] = [
            (STAT_INDEX, exp.Literal.string(label)),
            (_POSITION, exp.Literal.number(position)),
        ]
        for name in names:
            key = (label, name)
            value_expr = (
                col(sql_column_name(cell_names[key]))
                if key in cell_names
                else literals.to_expression(None, out_dtype[name])
            )
            row.append((sql_column_name(name), value_expr))
        parts.append(Select(parent=stats_node, column_exprs=tuple(row), step="describe_row"))
    union = Union(parts=tuple(parts))
    return _result_frame(frame, union, names, out_dtype)


def _result_frame(
    frame: DataFrame, union: Union, names: list[str], out_dtype: dict[str, str]
) -> DataFrame:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import series_class

    def plain(name: str, dtype: str) -> Series:
        return series_class(dtype)(
            engine=frame._engine,
            base_node=union,
            index={},
            expression=col(sql_column_name(name)),
            name=name,
        )

    index = {STAT_INDEX: plain(STAT_INDEX, "string")}
    data = {n: plain(n, out_dtype[n]).copy_override(index=index) for n in names}
    order = (SortColumn(col(_POSITION)),)
    return DataFrame(
        engine=frame._engine,
        base_node=union,
        index=index,
        series=data,
        order_by=order,
        **frame._carried(),
    ).copy_override(order_by=order)


def describe_series(
    series: Series, percentiles: Sequence[float] | None = None, datetime_is_numeric: bool = False
) -> Series:
    """See :meth:`objectiv_bach.series.Series.describe`."""
    frame = series.to_frame()
    if series.dtype in NOT_DESCRIBED:
        msg = f"describe() of Series {series.name!r} (dtype {series.dtype!r})"
        raise UnsupportedOperationError(msg, None, "Describe a value extracted from it.")
    return describe(
        frame, percentiles=percentiles, include="all", datetime_is_numeric=datetime_is_numeric
    )[series.name]
