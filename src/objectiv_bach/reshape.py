"""Reshaping: ``DataFrame.stack`` and ``DataFrame.unstack``, with the original Bach's names.

``stack`` turns columns to rows, ``unstack`` an index level to columns.

* ``stack`` is a ``UNION ALL`` of one part per data column: the index, the column's name as
  the new index level ``__stacked_index`` and its value as the Series ``__stacked``.
* ``unstack`` runs one query for the distinct values of the level, then makes one column
  ``<value>__<column>`` per value and data column (``column`` where the level is ``value``),
  aggregated (``aggregation``) per the other index levels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_bach.series.base import Series
from objectiv_bach.types import common_dtype

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

STACKED_INDEX = "__stacked_index"
STACKED = "__stacked"


def _stack_dtype(dtypes: dict[str, str]) -> str:
    common = common_dtype(list(dtypes.values()))
    if common is not None:
        return common  # type: ignore[no-any-return]
    msg = (
        f"stack() needs data columns of one dtype (int64 and float64 mix), got {dtypes}. "
        "Cast them first, e.g. df.astype('string').stack()."
    )
    raise DtypeError(msg)


def stack(frame: DataFrame, dropna: bool = True) -> Series:
    """``frame.stack(dropna)``: see :meth:`objectiv_bach.DataFrame.stack`."""
    if not frame.columns:
        msg = "stack() needs at least one data column."
        raise InvalidArgumentError(msg)
    if STACKED_INDEX in frame.index_columns:
        msg = (
            f"The frame already has an index level {STACKED_INDEX!r}; rename or reset it "
            "before stacking again."
        )
        raise InvalidArgumentError(msg)
    if frame.group_by is not None:
        frame = frame.materialize(node_name="before_stack")
    dtype = _stack_dtype(frame.dtypes)
    parts = []
    for name in frame.columns:
        value = frame[name]
        part = frame[[name]].rename(columns={name: STACKED})
        part[STACKED] = value if value.dtype == dtype else value.astype(dtype)
        part[STACKED_INDEX] = name
        part = part.set_index(STACKED_INDEX, append=True)
        if dropna:
            part = part[part[STACKED].notnull()]
        parts.append(part)
    stacked = parts[0].append(parts[1:]) if len(parts) > 1 else parts[0]
    return stacked[STACKED]


def unstack(
    frame: DataFrame, level: Any = -1, fill_value: Any = None, aggregation: str = "max"
) -> DataFrame:
    """``frame.unstack(...)``: see :meth:`objectiv_bach.DataFrame.unstack`."""
    names = frame.index_columns
    if len(names) < 2:
        msg = (
            f"unstack() needs an index of at least two levels, this frame's index is "
            f"{names}. Add a level with set_index(..., append=True)."
        )
        raise InvalidArgumentError(msg)
    if isinstance(level, int) and not isinstance(level, bool):
        if not -len(names) <= level < len(names):
            msg = f"unstack(level={level!r}): the index has {len(names)} levels {names}."
            raise InvalidArgumentError(msg)
        level = names[level]
    if level not in names:
        msg = f"unstack(level={level!r}): not an index level; levels: {names}."
        raise InvalidArgumentError(msg)
    if frame.group_by is not None:
        frame = frame.materialize(node_name="before_unstack")
    if not frame.columns:
        msg = "unstack() needs at least one data column."
        raise InvalidArgumentError(msg)
    flat = frame.reset_index(level=level)
    found = flat[[level]].reset_index(drop=True).drop_duplicates()._result()[level]
    if found.isna().any():
        msg = (
            f"Index level {level!r} has missing values; they cannot be unstacked into "
            "columns. Fill them first, e.g. with reset_index(), fillna() and set_index()."
        )
        raise InvalidArgumentError(msg)
    level_values = sorted(found.tolist())
    key = flat[level]
    wide = flat.copy_override(series={})
    for column in frame.columns:
        for value in level_values:
            wide[f"{value}__{column}"] = flat[column].where(key == value)
    grouped = wide.groupby([n for n in names if n != level]).agg(aggregation)
    result = grouped.rename(columns={f"{c}_{aggregation}": c for c in wide.columns})
    if fill_value is not None:
        result = result.fillna(value=fill_value)
    return result
