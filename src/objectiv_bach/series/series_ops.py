"""Series methods of the original API that work through the Series' frame.

``s[label]``, ``unique``, ``append``, ``apply_func``, ``unstack``, ``sort_by_series`` and
``reset_index(level=...)``: each builds on a :class:`~objectiv_bach.DataFrame` operation; the
thin methods are on :class:`~objectiv_bach.series.base.Series`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from objectiv_bach.errors import InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.partitioning import SortColumn
from objectiv_bach.validation import check_bool

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series


def get_label(series: Series, key: Any) -> Series:
    """The rows of ``series`` whose (single-level) index equals ``key``."""
    from objectiv_bach.series.base import Series

    if isinstance(key, slice):
        msg = f"{series.name}[{key!r}] (a slice of index labels)"
        raise UnsupportedOperationError(
            msg, None, "Filter with a condition on the index instead: s[s.index['i'] > 2]."
        )
    if isinstance(key, Series):
        msg = (
            f"{series.name}[<Series {key.name!r}>]: a Series selects rows of a DataFrame, not "
            "of a Series. Use series.to_frame()[condition][name], or df[condition]."
        )
        raise InvalidArgumentError(msg)
    if len(series.index) != 1:
        msg = f"{series.name}[{key!r}] on an index of {len(series.index)} levels"
        raise UnsupportedOperationError(
            msg, None, "Label lookup needs a single-level index (set_index(one column))."
        )
    (level,) = series.index.values()
    frame = series.to_frame()
    return frame[frame.index[level.name] == key][series.name]  # type: ignore[no-any-return]


def unique(series: Series, partition: Any, skipna: bool) -> Series:
    """The distinct values of ``series``, without an index."""
    check_bool(skipna, "unique(skipna=...)")
    if partition is not None or series.group_by is not None:
        msg = "unique() per group or partition"
        raise UnsupportedOperationError(
            msg,
            None,
            "Use df.drop_duplicates(subset=[group columns, value]) for the distinct values "
            "per group.",
        )
    frame = series.to_frame().reset_index(drop=True)
    if skipna:
        frame = frame[frame[series.name].notnull()]
    return frame.drop_duplicates()[series.name]  # type: ignore[no-any-return]


def append(series: Series, other: Any, ignore_index: bool) -> Series:
    """The rows of ``series`` and then those of ``other`` (Series, or a list of them)."""
    from objectiv_bach.series.base import Series

    others = other if isinstance(other, (list, tuple)) else [other]
    if not others or not all(isinstance(o, Series) for o in others):
        msg = f"append() takes a Series or a list of Series, got {other!r}."
        raise InvalidArgumentError(msg)
    frames = [o.rename(series.name).to_frame() for o in others]
    result = series.to_frame().append(frames, ignore_index=ignore_index)
    return result[series.name]  # type: ignore[no-any-return]


def apply_func(series: Series, func: Any, *args: Any, **kwargs: Any) -> Any:
    """``func`` (a name or a callable) applied to ``series``; a list of them gives a frame."""
    functions = list(func) if isinstance(func, (list, tuple)) else [func]
    if not functions:
        msg = "apply_func() needs at least one function (a name or a callable)."
        raise InvalidArgumentError(msg)
    results = [_apply_one(series, f, args, kwargs) for f in functions]
    if not isinstance(func, (list, tuple)):
        return results[0]
    named = [
        r.rename(f"{series.name}_{_function_name(f)}")
        for r, f in zip(results, functions, strict=True)
    ]
    frame = named[0].to_frame()
    for result in named[1:]:
        frame[result.name] = result
    return frame


def _function_name(func: Any) -> str:
    return func if isinstance(func, str) else getattr(func, "__name__", "func")


def _apply_one(series: Series, func: Any, args: tuple, kwargs: dict) -> Series:
    if isinstance(func, str):
        method = getattr(type(series), func, None)
        if method is None or not callable(method) or func.startswith("_"):
            msg = (
                f"apply_func({func!r}): Series {series.name!r} of dtype {series.dtype!r} has "
                "no such method; pass a method name (e.g. 'sum', 'max') or a callable."
            )
            raise InvalidArgumentError(msg)
        return getattr(series, func)(*args, **kwargs)  # type: ignore[no-any-return]
    if callable(func):
        return func(series, *args, **kwargs)  # type: ignore[no-any-return]
    msg = f"apply_func() takes function names or callables, got {func!r}."
    raise InvalidArgumentError(msg)


def unstack(series: Series, level: Any, fill_value: Any, aggregation: str) -> DataFrame:
    """Pivot an index level of ``series`` to columns named after the level's values."""
    wide = series.to_frame().unstack(level=level, fill_value=fill_value, aggregation=aggregation)
    suffix = f"__{series.name}"
    return wide.rename(
        columns={c: c[: -len(suffix)] for c in wide.data_columns if c.endswith(suffix)}
    )


def sort_by_series(series: Series, by: Any, ascending: Any) -> Series:
    """``series`` sorted by the values of ``by`` (Series of the same frame)."""
    from objectiv_bach.series.base import Series

    keys: list[Any] = list(by) if isinstance(by, (list, tuple)) else [by]
    orders = list(ascending) if isinstance(ascending, (list, tuple)) else [ascending] * len(keys)
    if not keys or len(orders) != len(keys):
        msg = (
            f"sort_by_series(ascending={ascending!r}) needs one bool per Series in by "
            f"({len(keys)})."
        )
        raise InvalidArgumentError(msg)
    columns = []
    for key, order in zip(keys, orders, strict=True):
        if not isinstance(key, Series) or key.base_node != series.base_node:
            msg = (
                f"sort_by_series(by={key!r}): sort by Series of the same frame as "
                f"{series.name!r} (df.a.sort_by_series(df.b))."
            )
            raise InvalidArgumentError(msg)
        check_bool(order, "sort_by_series(ascending=...)")
        columns.append(SortColumn(key.expression, order))
    return series.copy_override(order_by=tuple(columns))


def reset_index(series: Series, level: Any, drop: bool) -> Any:
    """Move the index (or the levels ``level``) to columns, or drop them."""
    frame = series.to_frame().reset_index(level=level, drop=drop)
    if drop:
        return frame[series.name]
    return frame
