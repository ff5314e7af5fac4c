"""``DataFrame.loc``: select (and set) rows by index label and columns by name.

As the original Bach's ``LocIndexer``.

Row keys (labels compare with the first index level):

* a label: the matching rows, stacked into a Series (the column names become the index
  level ``__stacked_index``), as the original; missing values are kept, as pandas;
* a list of labels: the rows with one of them;
* a bool Series of the frame: the rows where it is True;
* a slice ``start:stop`` on a sorted frame: the rows from the first row labelled ``start`` to
  the last row labelled ``stop`` in the sort order, both included (an omitted bound is open; a
  label that is not there selects nothing).

Column keys: a name, a list of names, or a slice of names (both ends included).
``df.loc[rows, columns] = value`` sets the value (a literal or a Series of the frame) in those
cells: ``CASE WHEN <row key> THEN value ELSE column END``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from objectiv_bach.errors import ColumnNotFoundError, DtypeError, InvalidArgumentError
from objectiv_bach.partitioning import Window, WindowFrameMode
from objectiv_bach.series.base import Series
from objectiv_bach.types import common_dtype

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

_POSITION = "_bach_loc_position"


def _split(key: Any) -> tuple[Any, Any]:
    if isinstance(key, tuple):
        if len(key) != 2:
            msg = f"loc[{key!r}]: give loc[rows] or loc[rows, columns]."
            raise InvalidArgumentError(msg)
        return key[0], key[1]
    return key, None


def _columns(frame: DataFrame, key: Any) -> list[str]:
    names = frame.columns
    if key is None:
        return names
    if isinstance(key, slice):
        if key.step not in (None, 1):
            msg = f"Column slices with a step are not supported: {key!r}."
            raise InvalidArgumentError(msg)
        start = 0 if key.start is None else _position(frame, key.start)
        stop = len(names) if key.stop is None else _position(frame, key.stop) + 1
        return names[start:stop]
    keys = list(key) if isinstance(key, list) else [key]
    for name in keys:
        _position(frame, name)
    return keys


def _position(frame: DataFrame, name: Any) -> int:
    if name not in frame.columns:
        msg = f"loc: {name!r} is not a data column; data columns: {frame.columns}."
        raise ColumnNotFoundError(msg)
    return frame.columns.index(name)


def _level0(frame: DataFrame) -> Series:
    if not frame.index:
        msg = (
            "Cannot select rows by label: the DataFrame has no index. Use set_index() "
            "first, or a bool Series."
        )
        raise InvalidArgumentError(msg)
    return frame[frame.index_columns[0]]


def _mask(frame: DataFrame, rows: Any) -> Series:
    if isinstance(rows, Series):
        return rows
    level = _level0(frame)
    if isinstance(rows, (list, tuple)):
        return level.isin(list(rows))
    return level == rows


def _numbered(frame: DataFrame, rows: slice) -> tuple[DataFrame, Series]:
    """``frame`` on a node with the row positions, and the mask of the slice ``rows``."""
    if rows.step not in (None, 1):
        msg = f"Row label slices with a step are not supported: {rows!r}."
        raise InvalidArgumentError(msg)
    if not frame.order_by:
        msg = (
            "Can only apply index slicing if DataFrame/Series is sorted: call sort_values() "
            "or sort_index() first."
        )
        raise InvalidArgumentError(msg)
    _level0(frame)  # raises for a frame without index
    window = Window(order_by=frame.order_by, mode=WindowFrameMode.ROWS, node=frame.base_node)
    numbered = frame.copy()
    numbered[_POSITION] = frame._template().window_row_number(window=window)
    numbered = numbered.materialize(node_name="loc_numbered")
    position = numbered[_POSITION]
    level = _level0(numbered)
    whole = Window(partition=(), node=numbered.base_node)
    conditions = []
    if rows.start is not None:
        first = position.where(level == rows.start).min(partition=whole)
        conditions.append(position >= first)
    if rows.stop is not None:
        last = position.where(level == rows.stop).max(partition=whole)
        conditions.append(position <= last)
    mask = conditions[0]
    for condition in conditions[1:]:
        mask = mask & condition
    return numbered, mask


def loc_get(frame: DataFrame, key: Any) -> Any:
    """``frame.loc[key]``."""
    rows, columns = _split(key)
    names = _columns(frame, columns)
    if isinstance(rows, slice):
        if rows.start is None and rows.stop is None:
            result = frame
        else:
            numbered, mask = _numbered(frame, rows)
            result = numbered[mask]
    else:
        result = frame[_mask(frame, rows)]
    result = result[names]
    if not isinstance(rows, (slice, list, tuple, Series)):
        return result.reset_index(drop=True).stack(dropna=False)
    return result


def loc_set(frame: DataFrame, key: Any, value: Any) -> DataFrame:
    """``frame`` after ``frame.loc[key] = value``."""
    if frame.group_by is not None:
        msg = "loc[...] = value on a grouped frame: aggregate (and materialize()) first."
        raise InvalidArgumentError(msg)
    rows, columns = _split(key)
    names = _columns(frame, columns)
    if isinstance(rows, slice) and rows.start is None and rows.stop is None:
        target, mask = frame, None
    elif isinstance(rows, slice):
        target, mask = _numbered(frame, rows)
    else:
        target, mask = frame, _mask(frame, rows)
    target = target.copy()
    if isinstance(value, Series) and value.base_node != target.base_node:
        msg = (
            "loc[...] = Series: the Series must come from the same frame state (for a "
            "slice key, set a literal, or assign the Series to a column first)."
        )
        raise InvalidArgumentError(msg)
    for name in names:
        column = target[name]
        new = (
            value
            if isinstance(value, Series)
            else Series.from_value(
                target, value, name="value", dtype=column.dtype if value is None else None
            )
        )
        dtype = common_dtype([column.dtype, new.dtype])
        if dtype is None:
            msg = (
                f"loc: cannot set a value of dtype {new.dtype!r} in column {name!r} of dtype "
                f"{column.dtype!r}. Cast the value or the column first."
            )
            raise DtypeError(msg)
        column = column.astype(dtype) if column.dtype != dtype else column
        cell = new.astype(dtype) if new.dtype != dtype else new
        target[name] = cell if mask is None else cell.where(mask, column)
    return target[frame.columns]


class LocIndexer:
    """``df.loc``: ``df.loc[rows]``, ``df.loc[rows, columns]`` and ``df.loc[...] = value``.

    See :attr:`objectiv_bach.DataFrame.loc`.
    """

    def __init__(self, frame: DataFrame) -> None:
        self._frame = frame

    def __getitem__(self, key: Any) -> Any:
        return loc_get(self._frame, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        result = loc_set(self._frame, key, value)
        self._frame.__dict__.update(result.__dict__)
