"""The one dtype table: Bach dtype <-> sqlglot DataType <-> pandas dtype.

Every Bach dtype has exactly one neutral SQL type here. The per-dialect *storage* type is the
dialect's rendering of that neutral type (``JSON`` is ``JSONB`` on PostgreSQL, ``UUID`` is
``STRING`` on BigQuery, ``TIMESTAMP`` is ``DATETIME`` on BigQuery): see ``dialects/``.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlglot import exp

from objectiv_bach.errors import DtypeError

T = exp.DType  # the enum sqlglot exposes as exp.DataType.Type (a ClassVar, not a type)


@dataclass(frozen=True)
class DtypeInfo:
    """Facts about one Bach dtype."""

    name: str
    sql_type: T
    #: dtype of the column ``to_pandas()`` returns (a string pandas understands, or ``object``)
    pandas_dtype: str
    aliases: tuple[str, ...] = ()
    python_types: tuple[type, ...] = ()
    numeric: bool = False


DTYPES: dict[str, DtypeInfo] = {
    info.name: info
    for info in (
        DtypeInfo("bool", T.BOOLEAN, "boolean", ("boolean", "?"), (bool, np.bool_)),
        DtypeInfo(
            "int64", T.BIGINT, "Int64",
            ("integer", "bigint", "i8", "int32", "int", "Int64", "int8", "int16", "Int32"),
            (int, np.integer), numeric=True,
        ),
        DtypeInfo(
            "float64", T.DOUBLE, "float64",
            ("float", "double", "f8", "double precision", "Float64", "float32"),
            (float, np.floating, decimal.Decimal), numeric=True,
        ),
        DtypeInfo("string", T.TEXT, "str", ("text", "str", "object"), (str,)),
        DtypeInfo("date", T.DATE, "object", (), (datetime.date,)),
        DtypeInfo("time", T.TIME, "object", (), (datetime.time,)),
        DtypeInfo(
            "timestamp", T.TIMESTAMP, "datetime64[us]",
            ("datetime64", "datetime64[ns]", "datetime64[us]", "datetime"),
            (datetime.datetime, np.datetime64, pd.Timestamp),
        ),
        DtypeInfo(
            "timedelta", T.INTERVAL, "timedelta64[us]",
            ("interval", "timedelta64[ns]", "timedelta64[us]"),
            (datetime.timedelta, np.timedelta64, pd.Timedelta),
        ),
        DtypeInfo("json", T.JSON, "object", ("jsonb",), (dict, list)),
        DtypeInfo("uuid", T.UUID, "object", (), (uuid.UUID,)),
    )
}

_ALIASES: dict[str, str] = {}
for _info in DTYPES.values():
    _ALIASES[_info.name] = _info.name
    for _alias in _info.aliases:
        _ALIASES[_alias] = _info.name

#: extra dtypes registered by other packages (the model hub's location stack, ...):
#: name -> the base dtype whose SQL type and pandas conversion they share
EXTENSION_DTYPES: dict[str, str] = {}


def register_extension_dtype(name: str, base: str) -> None:
    """Register a dtype that stores like ``base`` but has its own Series class."""
    EXTENSION_DTYPES[name] = validate_dtype(base)


def validate_dtype(dtype: Any) -> str:
    """Resolve ``dtype`` (a name, an alias, a Python or numpy type) to a Bach dtype name.

    >>> validate_dtype('bigint')
    'int64'
    >>> validate_dtype(float)
    'float64'
    """
    if isinstance(dtype, str):
        if dtype in _ALIASES:
            return _ALIASES[dtype]
        if dtype in EXTENSION_DTYPES:
            return dtype
    elif isinstance(dtype, type):
        for info in DTYPES.values():
            if dtype in info.python_types or (
                dtype is not bool and issubclass(dtype, info.python_types) and dtype is not object
            ):
                return info.name
    else:
        try:
            return validate_dtype(str(pd.api.types.pandas_dtype(dtype)))
        except (TypeError, DtypeError):
            pass
    options = ", ".join(repr(name) for name in [*DTYPES, *EXTENSION_DTYPES])
    msg = f"Unknown dtype {dtype!r}. Valid dtypes are {options} (and their aliases)."
    raise DtypeError(msg)


def base_dtype(dtype: str) -> str:
    """The storage dtype of ``dtype``: itself, or the base of an extension dtype."""
    return EXTENSION_DTYPES.get(dtype, dtype)


def dtype_info(dtype: str) -> DtypeInfo:
    return DTYPES[base_dtype(validate_dtype(dtype))]


def sql_type(dtype: str) -> exp.DataType:
    """The neutral sqlglot DataType of a dtype (a fresh object, safe to embed)."""
    return exp.DataType.build(dtype_info(dtype).sql_type)


def is_numeric(dtype: str) -> bool:
    return dtype_info(dtype).numeric


# ---------------------------------------------------------------------------------------------
# from database types

_FROM_SQL: dict[T, str] = {
    T.BOOLEAN: "bool",
    T.TINYINT: "int64", T.SMALLINT: "int64", T.INT: "int64", T.BIGINT: "int64",
    T.UTINYINT: "int64", T.USMALLINT: "int64", T.UINT: "int64", T.INT128: "int64",
    T.FLOAT: "float64", T.DOUBLE: "float64", T.DECIMAL: "float64", T.BIGDECIMAL: "float64",
    T.TEXT: "string", T.VARCHAR: "string", T.CHAR: "string", T.NVARCHAR: "string",
    T.NCHAR: "string", T.NAME: "string",
    T.DATE: "date",
    T.TIME: "time",
    T.TIMESTAMP: "timestamp", T.DATETIME: "timestamp", T.TIMESTAMPNTZ: "timestamp",
    T.TIMESTAMPTZ: "timestamp", T.TIMESTAMP_S: "timestamp", T.TIMESTAMP_MS: "timestamp",
    T.TIMESTAMP_NS: "timestamp",
    T.INTERVAL: "timedelta",
    T.JSON: "json", T.JSONB: "json",
    T.UUID: "uuid",
}


def dtype_from_sql_type(data_type: exp.DataType | str, dialect: Any = None) -> str:
    """Map a database column type to a Bach dtype.

    ``data_type`` is a sqlglot DataType, or a type string parsed with ``dialect``.

    >>> dtype_from_sql_type('double precision', 'postgres')
    'float64'
    """
    if isinstance(data_type, str):
        text = data_type
        data_type = exp.DataType.build(data_type, dialect=dialect)
    else:
        text = data_type.sql()
    try:
        return _FROM_SQL[data_type.this]
    except KeyError:
        msg = (
            f"Database type {text!r} has no Bach dtype. Supported database types map to "
            f"{', '.join(repr(d) for d in DTYPES)}; cast the column in the database, or pass "
            "all_dtypes= to choose a dtype."
        )
        raise DtypeError(msg) from None


# ---------------------------------------------------------------------------------------------
# from Python values and pandas


def dtype_of_value(value: Any) -> str:
    """The dtype of a Python literal.

    >>> dtype_of_value(1), dtype_of_value(1.5), dtype_of_value('a'), dtype_of_value(None)
    ('int64', 'float64', 'string', 'string')
    """
    if value is None:
        return "string"
    if isinstance(value, decimal.Decimal):  # float64 only when that keeps it exact
        from objectiv_bach.validation import check_exact_decimal
        check_exact_decimal(value)
    # order matters: bool before int, datetime before date
    for cls, dtype in (
        ((bool, np.bool_), "bool"),
        ((int, np.integer), "int64"),
        ((float, np.floating, decimal.Decimal), "float64"),
        ((str,), "string"),
        ((datetime.datetime, np.datetime64, pd.Timestamp), "timestamp"),
        ((datetime.date,), "date"),
        ((datetime.time,), "time"),
        ((datetime.timedelta, np.timedelta64, pd.Timedelta), "timedelta"),
        ((uuid.UUID,), "uuid"),
        ((dict, list), "json"),
    ):
        if isinstance(value, cls):
            return dtype
    msg = (
        f"Cannot make a Bach literal of {value!r} (type {type(value).__name__!r}). Supported "
        "Python types: bool, int, float, str, datetime, date, time, timedelta, UUID, dict, list."
    )
    raise DtypeError(msg)


def dtype_from_pandas(series: pd.Series, convert_objects: bool = True) -> str:
    """The Bach dtype to store a pandas Series as (``from_pandas``)."""
    pd_dtype = series.dtype
    kind = getattr(pd_dtype, "kind", "O")
    if pd.api.types.is_bool_dtype(pd_dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(pd_dtype):
        return "int64"
    if pd.api.types.is_float_dtype(pd_dtype):
        return "float64"
    if pd.api.types.is_string_dtype(pd_dtype) and not pd.api.types.is_object_dtype(pd_dtype):
        return "string"
    if isinstance(pd_dtype, pd.DatetimeTZDtype) or kind == "M":
        return "timestamp"
    if kind == "m":
        return "timedelta"
    if pd.api.types.is_object_dtype(pd_dtype):
        non_null = series.dropna()
        if len(non_null) == 0:
            msg = (
                f"Column {series.name!r} has dtype object and holds only missing values, so its "
                "type cannot be inferred. Cast it first, e.g. df[col] = df[col].astype('string')."
            )
            raise DtypeError(msg)
        if not convert_objects:
            msg = (
                f"Column {series.name!r} has dtype object. Pass convert_objects=True to infer "
                "its type from the values, or cast it to a supported pandas dtype first."
            )
            raise DtypeError(msg)
        dtypes = {dtype_of_value(v) for v in non_null}
        if dtypes == {"int64", "float64"}:
            return "float64"
        if len(dtypes) != 1:
            msg = (
                f"Column {series.name!r} mixes values of dtypes {sorted(dtypes)}; a column "
                "must have one dtype. Cast it first, e.g. with astype(str)."
            )
            raise DtypeError(msg)
        return dtypes.pop()
    msg = (
        f"Column {series.name!r} has pandas dtype {str(pd_dtype)!r}, which Bach cannot store. "
        "Supported: bool, integers, floats, strings, datetime64, timedelta64, and object "
        "columns of str/date/time/UUID/dict/list values."
    )
    raise DtypeError(msg)
