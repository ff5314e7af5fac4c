"""Conversions between database results / pandas input and the pandas dtypes of Bach dtypes.

One place for all backends:

* :func:`arrow_to_pandas` turns a result (an Arrow table, as DuckDB and BigQuery give it, or
  :func:`rows_to_arrow` of DB-API rows, as psycopg2 gives them) into a DataFrame whose columns have
  the pandas dtype of their Bach dtype (``types.DTYPES[...].pandas_dtype``):

  ============  =========================================================================
  Bach dtype    pandas column
  ============  =========================================================================
  int64         ``Int64`` (nullable)
  float64       ``float64`` (NULL -> NaN)
  bool          ``boolean`` (nullable)
  string        ``str`` (pandas' default string dtype; NULL -> NaN)
  date          ``object`` of ``datetime.date`` (NULL -> None)
  time          ``object`` of ``datetime.time`` (NULL -> None)
  timestamp     ``datetime64[us]``, tz-naive (tz-aware values are converted to UTC first)
  timedelta     ``timedelta64[us]``; an interval's months count as 30 days (like psycopg2)
  json          ``object`` of parsed values: dict / list / str / int / float / bool / None
  uuid          ``object`` of ``uuid.UUID`` (NULL -> None)
  ============  =========================================================================

  JSON ``null`` and SQL NULL both become ``None``.

* :func:`pandas_to_arrow` turns a DataFrame to upload into an Arrow table with one well-defined
  Arrow type per Bach dtype (JSON and UUID as text, timedelta as ``duration[us]``); NaN, None and
  NaT become NULL. Each backend loads that table its own way.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import uuid
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_bach.types import DTYPES, base_dtype, validate_dtype

_US_PER_DAY = 86_400_000_000
#: Arrow's UUID extension type (pyarrow >= 18)
_UUID_TYPE: Any = getattr(pa, "UuidType", ())
#: an interval month as a fixed duration, as psycopg2 converts ``interval '1 mon'``
DAYS_PER_MONTH = 30


def storage_dtype(dtype: str) -> str:
    """The base Bach dtype whose conversion ``dtype`` uses (extension dtypes share their base's)."""
    base = base_dtype(dtype)
    if base not in DTYPES:
        base = base_dtype(validate_dtype(dtype))
    return base


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
        list(names))


def arrow_to_pandas(table: pa.Table, dtypes: Sequence[str] | None) -> pd.DataFrame:
    """A DataFrame of ``table``'s columns (same order and names), converted per Bach dtype.

    ``dtypes`` has one Bach dtype per column; ``None`` infers them from the Arrow types.
    """
    if dtypes is None:
        dtypes = [dtype_of_arrow_type(f.type) for f in table.schema]
    if len(dtypes) != table.num_columns:
        msg = (
            f"The query returned {table.num_columns} columns {table.column_names!r} but "
            f"{len(dtypes)} dtypes were given ({list(dtypes)!r}); pass one dtype per column."
        )
        raise InvalidArgumentError(msg)
    data = {
        i: column_to_pandas(table.column(i), dtype, table.column_names[i])
        for i, dtype in enumerate(dtypes)
    }
    df = pd.DataFrame(data, index=pd.RangeIndex(table.num_rows))
    df.columns = pd.Index(table.column_names, dtype=object)
    return df


def column_to_pandas(column: pa.ChunkedArray | pa.Array, dtype: str, name: str = "") -> pd.Series:
    """One result column as a pandas Series with the pandas dtype of Bach dtype ``dtype``."""
    base = storage_dtype(dtype)
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    column = _unwrap_extension(column)
    try:
        return _CONVERTERS[base](column)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, ValueError,
            TypeError, OverflowError) as e:
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


def _to_int64(col: pa.Array) -> pd.Series:
    if pa.types.is_null(col.type):
        return pd.Series(pd.array([None] * len(col), dtype="Int64"))
    if pa.types.is_decimal(col.type) or pa.types.is_floating(col.type):
        col = pc.cast(col, pa.int64(), safe=True)
    elif not pa.types.is_int64(col.type):
        col = pc.cast(col, pa.int64())
    return pd.Series(col.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get))


def _to_float64(col: pa.Array) -> pd.Series:
    if not pa.types.is_float64(col.type):
        col = pc.cast(col, pa.float64())
    return pd.Series(col.to_numpy(zero_copy_only=False), dtype="float64")


def _to_bool(col: pa.Array) -> pd.Series:
    if not pa.types.is_boolean(col.type):
        col = pc.cast(col, pa.bool_())
    return pd.Series(col.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get))


def _to_string(col: pa.Array) -> pd.Series:
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type) or \
            pa.types.is_string_view(col.type):
        values: Any = col
    else:
        values = [None if v is None else _text(v) for v in col.to_pylist()]
    return pd.Series(pd.array(values, dtype="str"))


def _text(value: Any) -> str:
    if isinstance(value, bytes) and len(value) == 16:
        return str(uuid.UUID(bytes=value))
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _objects(values: list[Any]) -> pd.Series:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return pd.Series(array, dtype=object)


def _to_date(col: pa.Array) -> pd.Series:
    return _objects([_date(v) for v in col.to_pylist()])


def _date(v: Any) -> datetime.date | None:
    if v is None:
        return None
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    if isinstance(v, str):
        return datetime.date.fromisoformat(v)
    msg = f"not a date: {v!r}"
    raise TypeError(msg)


def _to_time(col: pa.Array) -> pd.Series:
    return _objects([_time(v) for v in col.to_pylist()])


def _time(v: Any) -> datetime.time | None:
    if v is None or isinstance(v, datetime.time):
        return v
    if isinstance(v, str):
        return datetime.time.fromisoformat(v)
    if isinstance(v, datetime.timedelta):  # some drivers give a time of day as a duration
        return (datetime.datetime.min + v).time()
    msg = f"not a time: {v!r}"
    raise TypeError(msg)


def _to_timestamp(col: pa.Array) -> pd.Series:
    if pa.types.is_timestamp(col.type):
        # a tz-aware timestamp holds UTC instants: dropping the zone keeps them as naive UTC
        col = col.cast(pa.timestamp(col.type.unit)).cast(pa.timestamp("us"))
    elif pa.types.is_date(col.type):
        col = col.cast(pa.timestamp("us"))
    elif pa.types.is_null(col.type):
        col = pa.nulls(len(col), pa.timestamp("us"))
    else:  # python objects (e.g. tz-aware datetimes from a driver) or strings
        col = pa.array([_naive_utc(v) for v in col.to_pylist()], pa.timestamp("us"))
    return pd.Series(col.to_pandas(coerce_temporal_nanoseconds=False), dtype="datetime64[us]")


def _naive_utc(v: Any) -> datetime.datetime | None:
    if v is None:
        return None
    if isinstance(v, str):
        v = datetime.datetime.fromisoformat(v)
    if isinstance(v, datetime.datetime) and v.tzinfo is not None:
        v = v.astimezone(datetime.UTC).replace(tzinfo=None)
    return v


def _to_timedelta(col: pa.Array) -> pd.Series:
    if pa.types.is_duration(col.type):
        col = col.cast(pa.duration("us"))
        return pd.Series(col.to_pandas(coerce_temporal_nanoseconds=False),
                         dtype="timedelta64[us]")
    micros = [_micros(v) for v in col.to_pylist()]
    arr = pa.array(micros, pa.int64()).cast(pa.duration("us"))
    return pd.Series(arr.to_pandas(coerce_temporal_nanoseconds=False), dtype="timedelta64[us]")


def _micros(v: Any) -> int | None:
    if v is None:
        return None
    if isinstance(v, datetime.timedelta):
        return (v.days * 86_400 + v.seconds) * 1_000_000 + v.microseconds
    if isinstance(v, pa.MonthDayNano) or (isinstance(v, tuple) and len(v) == 3):
        months, days, nanos = v
        return (months * DAYS_PER_MONTH + days) * _US_PER_DAY + nanos // 1000
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, pd.Timedelta):
        return v.value // 1000 if v.unit == "ns" else int(v / pd.Timedelta(microseconds=1))
    msg = f"not an interval: {v!r}"
    raise TypeError(msg)


def _to_json(col: pa.Array) -> pd.Series:
    return _objects([_json(v) for v in col.to_pylist()])


def _json(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (bytes, bytearray)):
        v = v.decode()
    if isinstance(v, str):
        return json.loads(v)
    return v  # already parsed (a driver that decodes JSON itself)


def _to_uuid(col: pa.Array) -> pd.Series:
    return _objects([_uuid(v) for v in col.to_pylist()])


def _uuid(v: Any) -> uuid.UUID | None:
    if v is None or isinstance(v, uuid.UUID):
        return v
    if isinstance(v, (bytes, bytearray)) and len(v) == 16:
        return uuid.UUID(bytes=bytes(v))
    return uuid.UUID(str(v))


_CONVERTERS = {
    "int64": _to_int64, "float64": _to_float64, "bool": _to_bool, "string": _to_string,
    "date": _to_date, "time": _to_time, "timestamp": _to_timestamp,
    "timedelta": _to_timedelta, "json": _to_json, "uuid": _to_uuid,
}
assert set(_CONVERTERS) == set(DTYPES), "convert.py must handle every Bach dtype"


def dtype_of_arrow_type(arrow_type: pa.DataType) -> str:
    """The Bach dtype of an Arrow result type (for ``run_query(sql, dtypes=None)``)."""
    t = arrow_type
    if isinstance(t, pa.ExtensionType):
        if isinstance(t, _UUID_TYPE):
            return "uuid"
        if "json" in getattr(t, "extension_name", ""):
            return "json"
        t = t.storage_type
    checks = (
        (pa.types.is_boolean, "bool"), (pa.types.is_integer, "int64"),
        (pa.types.is_floating, "float64"), (pa.types.is_decimal, "float64"),
        (pa.types.is_string, "string"), (pa.types.is_large_string, "string"),
        (pa.types.is_string_view, "string"), (pa.types.is_null, "string"),
        (pa.types.is_timestamp, "timestamp"), (pa.types.is_date, "date"),
        (pa.types.is_time, "time"), (pa.types.is_duration, "timedelta"),
        (pa.types.is_interval, "timedelta"),
    )
    for check, dtype in checks:
        if check(t):
            return dtype
    msg = f"Result type {arrow_type} has no Bach dtype; pass dtypes= to run_query."
    raise DtypeError(msg)


# ---------------------------------------------------------------------------------------------
# pandas -> upload


#: the Arrow type each Bach dtype is uploaded as
UPLOAD_ARROW_TYPES: dict[str, pa.DataType] = {
    "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(), "string": pa.string(),
    "date": pa.date32(), "time": pa.time64("us"), "timestamp": pa.timestamp("us"),
    "timedelta": pa.duration("us"), "json": pa.string(), "uuid": pa.string(),
}


def is_missing(value: Any) -> bool:
    """None, NaN, NaT and pd.NA."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(value))
    return False


def pandas_to_arrow(df: pd.DataFrame, dtypes: Sequence[str], *,
                    names: Sequence[str] | None = None) -> pa.Table:
    """``df``'s columns as Arrow arrays of :data:`UPLOAD_ARROW_TYPES` (missing values -> NULL).

    Columns are taken by position (so duplicate or odd names are fine) and named ``names``
    (default: ``df``'s column names as strings).
    """
    if len(dtypes) != df.shape[1]:
        msg = f"Got {len(dtypes)} dtypes for {df.shape[1]} columns; pass one dtype per column."
        raise InvalidArgumentError(msg)
    arrays = [
        series_to_arrow(df.iloc[:, i], dtype) for i, dtype in enumerate(dtypes)
    ]
    if names is None:
        names = [str(c) for c in df.columns]
    return pa.Table.from_arrays(arrays, names=list(names))


def series_to_arrow(series: pd.Series, dtype: str) -> pa.Array:
    """One column to upload, as an Arrow array of the upload type of Bach dtype ``dtype``."""
    base = storage_dtype(dtype)
    target = UPLOAD_ARROW_TYPES[base]
    try:
        if base == "json":
            return pa.array([None if _json_missing(v) else _json_text(v) for v in series],
                            pa.string())
        if base == "uuid":
            return pa.array([None if is_missing(v) else str(_uuid(v)) for v in series],
                            pa.string())
        if base == "string":
            return pa.array([None if is_missing(v) else str(v) for v in series], pa.string())
        if base == "timestamp":
            values = series
            if isinstance(values.dtype, pd.DatetimeTZDtype):
                values = values.dt.tz_convert("UTC").dt.tz_localize(None)
            elif values.dtype == object:
                values = pd.Series([None if is_missing(v) else _naive_utc(pd.Timestamp(v)
                                    .to_pydatetime()) for v in values], dtype=object)
            return pa.array(values, from_pandas=True).cast(target)
        if base == "timedelta":
            if series.dtype == object:
                return pa.array([None if is_missing(v) else pd.Timedelta(v).to_pytimedelta()
                                 for v in series], target)
            return pa.array(series, from_pandas=True).cast(target)
        if base in ("date", "time"):
            convert = _date if base == "date" else _time
            return pa.array([None if is_missing(v) else convert(_py(v)) for v in series], target)
        if base in ("int64", "float64", "bool"):
            if series.dtype == object:
                values = [None if is_missing(v) else _py(v) for v in series]
                return pa.array(values, from_pandas=True).cast(target)
            return pa.array(series, from_pandas=True).cast(target)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError,
            TypeError) as e:
        msg = f"Cannot upload column {series.name!r} (pandas dtype {series.dtype}) as Bach " \
              f"dtype {dtype!r}: {e}"
        raise DtypeError(msg) from e
    raise AssertionError(base)  # pragma: no cover


def _py(v: Any) -> Any:
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def _json_missing(v: Any) -> bool:
    return not isinstance(v, (dict, list, str)) and is_missing(v)


def _json_text(v: Any) -> str:
    """JSON text of an uploaded value: a str is taken to be JSON text already."""
    if isinstance(v, str):
        return v
    return json.dumps(_py(v), default=_json_default, allow_nan=False)


def _json_default(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, uuid.UUID):
        return str(v)
    msg = f"{v!r} (type {type(v).__name__}) is not JSON serializable"
    raise TypeError(msg)
