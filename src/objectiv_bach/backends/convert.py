"""Conversions between database results / pandas input and the pandas dtypes of Bach dtypes.

One place for all backends; the per-dtype conversions are named by the dtype table
(:data:`objectiv_bach.types.DTYPES`: ``to_pandas``, ``arrow_type``, ``to_arrow`` of each row):

* :func:`arrow_to_pandas` turns a result (an Arrow table, as DuckDB and BigQuery give it, or
  :func:`rows_to_arrow` of DB-API rows, as psycopg2 gives them) into a DataFrame whose columns have
  the pandas dtype of their Bach dtype (``types.pandas_dtype(dtype)``): nullable ``Int64`` and
  ``boolean``, ``float64`` (NULL -> NaN), pandas' ``str``, ``datetime64[us]`` (tz-naive UTC),
  ``timedelta64[us]`` (an interval month counts as 30 days, like psycopg2), and ``object``
  columns of ``datetime.date``/``datetime.time``/``uuid.UUID``/parsed JSON/lists/dicts.
  JSON ``null`` and SQL NULL both become ``None``.

* :func:`pandas_to_arrow` turns a DataFrame to upload into an Arrow table with one well-defined
  Arrow type per Bach dtype (JSON and UUID as text, timedelta as ``duration[us]``); NaN, None and
  NaT become NULL. Each backend loads that table its own way.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa

from objectiv_bach import types
from objectiv_bach.conversions import DAYS_PER_MONTH, is_missing
from objectiv_bach.conversions import _text as _text
from objectiv_bach.errors import DtypeError, InvalidArgumentError

__all__ = [
    "DAYS_PER_MONTH",
    "arrow_to_pandas",
    "arrow_to_result",
    "column_to_pandas",
    "dtype_of_arrow_type",
    "is_missing",
    "pandas_to_arrow",
    "rows_to_arrow",
    "series_to_arrow",
]

#: Arrow's UUID extension type (pyarrow >= 18)
_UUID_TYPE: Any = getattr(pa, "UuidType", ())


# ---------------------------------------------------------------------------------------------
# results -> pandas


def rows_to_arrow(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> pa.Table:
    """Column-wise Arrow table of DB-API rows (Python values; ``None`` is NULL).

    Columns whose values Arrow cannot type on its own (mixed Python types, parsed JSON) become
    Arrow ``null``/``string`` where possible, else stay Python objects in a pandas-friendly
    wrapper: callers pass the result to :func:`arrow_to_pandas` together with the dtypes.
    """
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    arrays = []
    for values in columns:
        try:
            arrays.append(pa.array(values))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
            arrays.append(pa.array([None if v is None else _text(v) for v in values], pa.string()))
    return pa.Table.from_arrays(arrays, names=[f"_{i}" for i in range(len(arrays))]).rename_columns(
        list(names)
    )


def arrow_to_pandas(table: pa.Table, dtypes: Sequence[str] | None) -> pd.DataFrame:
    """A DataFrame of ``table``'s columns (same order and names), converted per Bach dtype.

    ``dtypes`` has one Bach dtype per column; ``None`` infers them from the Arrow types.
    """
    if dtypes is None:
        dtypes = [dtype_of_arrow_type(f.type) for f in table.schema]
    _check_width(table, dtypes)
    with _collection_paused():
        data = {
            i: column_to_pandas(table.column(i), dtype, table.column_names[i])
            for i, dtype in enumerate(dtypes)
        }
    df = pd.DataFrame(data, index=pd.RangeIndex(table.num_rows))
    df.columns = pd.Index(table.column_names, dtype=object)
    return df


def _check_width(table: pa.Table, dtypes: Sequence[Any]) -> None:
    if len(dtypes) != table.num_columns:
        msg = (
            f"The query returned {table.num_columns} columns {table.column_names!r} but "
            f"{len(dtypes)} dtypes were given ({list(dtypes)!r}); pass one dtype per column."
        )
        raise InvalidArgumentError(msg)


def arrow_to_result(
    table: pa.Table,
    dtypes: Sequence[Any],
    names: Sequence[str],
    index_levels: int,
    dtype_backend: str = "numpy",
) -> pd.DataFrame:
    """The ``to_pandas()`` frame of a result: its first ``index_levels`` columns the index.

    Each column goes from Arrow to its ``to_pandas(dtype_backend=...)`` dtype (see
    :func:`objectiv_bach.types.result_pandas_dtype`) in one step, and the frame is made once
    with its index: the same frame as :func:`arrow_to_pandas`, each column's
    ``to_result_dtype`` and ``set_index``, without the intermediate frames.
    """
    _check_width(table, dtypes)
    with _collection_paused():
        arrays = [
            _result_array(table.column(i), dtype, table.column_names[i], dtype_backend)
            for i, dtype in enumerate(dtypes)
        ]
    if index_levels == 0:
        index: pd.Index = pd.RangeIndex(table.num_rows)
    elif index_levels == 1:
        index = pd.Index(arrays[0], name=names[0], copy=False)
    else:
        index = pd.MultiIndex.from_arrays(arrays[:index_levels], names=names[:index_levels])
    data = dict(zip(names[index_levels:], arrays[index_levels:], strict=True))
    return pd.DataFrame(data, index=index, columns=names[index_levels:], copy=False)


def _result_array(column: pa.ChunkedArray, dtype: Any, name: str, dtype_backend: str) -> Any:
    column = _one_array(column)
    with _named_errors(column, dtype, name):
        return types.result_array(column, dtype, dtype_backend)


def _one_array(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """``column`` as one Arrow array, an extension type's storage (uuids stay as they are)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return _unwrap_extension(column)


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a result becomes Python objects.

    The conversions make millions of objects (a ``uuid.UUID``, a ``datetime.date``, a parsed
    JSON value per row) that form no cycles, yet each allocation counts towards a collection
    that walks every live object: 5M uuids took 11.1 s with it and 6.1 s without. Nothing is
    lost: the collector is only resumed (if it was running), and runs at its next threshold.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def column_to_pandas(column: pa.ChunkedArray | pa.Array, dtype: Any, name: str = "") -> pd.Series:
    """One result column as a pandas Series with the pandas dtype of Bach dtype ``dtype``."""
    column = _one_array(column)
    with _named_errors(column, dtype, name):
        return types.column_to_pandas(column, dtype)


@contextlib.contextmanager
def _named_errors(column: pa.Array, dtype: Any, name: str) -> Iterator[None]:
    """A failed conversion of result column ``name`` as a DtypeError naming it and its types."""
    try:
        yield
    except (
        pa.ArrowInvalid,
        pa.ArrowNotImplementedError,
        pa.ArrowTypeError,
        ValueError,
        TypeError,
        OverflowError,
    ) as e:
        msg = (
            f"Cannot convert result column {name!r} (database type {column.type}) to Bach dtype "
            f"{dtype!r}: {e}"
        )
        raise DtypeError(msg) from e


def _unwrap_extension(column: pa.Array) -> pa.Array:
    if isinstance(column.type, pa.ExtensionType):
        if isinstance(column.type, _UUID_TYPE):
            return column
        return column.storage
    return column


def dtype_of_arrow_type(arrow_type: pa.DataType) -> Any:
    """The Bach dtype of an Arrow result type (for ``run_query(sql, dtypes=None)``)."""
    return types.dtype_of_arrow_type(arrow_type)


# ---------------------------------------------------------------------------------------------
# pandas -> upload


def pandas_to_arrow(
    df: pd.DataFrame, dtypes: Sequence[str], *, names: Sequence[str] | None = None
) -> pa.Table:
    """``df``'s columns as Arrow arrays of their dtypes' upload types (missing values -> NULL).

    Columns are taken by position (so duplicate or odd names are fine) and named ``names``
    (default: ``df``'s column names as strings).
    """
    if len(dtypes) != df.shape[1]:
        msg = f"Got {len(dtypes)} dtypes for {df.shape[1]} columns; pass one dtype per column."
        raise InvalidArgumentError(msg)
    arrays = [series_to_arrow(df.iloc[:, i], dtype) for i, dtype in enumerate(dtypes)]
    if names is None:
        names = [str(c) for c in df.columns]
    return pa.Table.from_arrays(arrays, names=list(names))


def series_to_arrow(series: pd.Series, dtype: Any) -> pa.Array:
    """One column to upload, as an Arrow array of the upload type of Bach dtype ``dtype``."""
    try:
        return types.series_to_arrow(series, dtype)
    except (
        pa.ArrowInvalid,
        pa.ArrowTypeError,
        pa.ArrowNotImplementedError,
        ValueError,
        TypeError,
    ) as e:
        if isinstance(e, DtypeError):
            raise
        msg = (
            f"Cannot upload column {series.name!r} (pandas dtype {series.dtype}) as Bach "
            f"dtype {dtype!r}: {e}"
        )
        raise DtypeError(msg) from e
