"""The functions that the dtype table (:mod:`objectiv_bach.types`) refers to.

Each function here does one conversion for one dtype, and knows nothing about other dtypes: which
function applies to which dtype is stated only in the table's rows. Four families:

* ``literal_*(value, to)``: a Python value as a typed, dialect-neutral SQL expression (``to`` is
  the dtype's sqlglot DataType);
* ``raw_*(value)`` and ``typed_*(column, to)``: the plain literal a VALUES row stores, and the
  expression that types such a column (``from_pandas(materialization='cte')``);
* ``cast_*(expression, to)``: the expression that casts to another dtype, where a plain
  ``CAST`` is not right;
* ``to_pandas_*(arrow_array)`` / ``py_*(value)`` / ``to_arrow_*(series, arrow_type)``: result
  columns to pandas, single (nested) values to Python, and pandas columns to Arrow for upload.

This module imports nothing of Bach but :mod:`objectiv_bach.expressions` and the errors, so that
the table can import it (the table is imported by everything else).
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import uuid
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import DtypeError

#: text form of dates and timestamps, the same on every dialect
DATE_FORMAT = "%Y-%m-%d"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
_US_PER_DAY = 86_400_000_000
#: an interval month as a fixed duration, as psycopg2 converts ``interval '1 mon'``
DAYS_PER_MONTH = 30
#: pandas' default string dtype (NaN for missing), the pandas form of Bach strings
STR = "str"


# ---------------------------------------------------------------------------------------------
# missing values


def is_missing(value: Any) -> bool:
    """None, NaN, NaT and pd.NA."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(value))
    return False


def json_missing(value: Any) -> bool:
    """Missing, for a json value (a list or dict is never missing)."""
    return not isinstance(value, (dict, list, str)) and is_missing(value)


def null(to: exp.DataType) -> exp.Expression:
    """A NULL cast to ``to``."""
    return exp.Cast(this=exp.null(), to=to)


# ---------------------------------------------------------------------------------------------
# Python value -> typed SQL literal


def _typed_string(text: str, to: exp.DataType) -> exp.Expression:
    return exp.Cast(this=exp.Literal.string(text), to=to)


def timedelta_micros(value: Any) -> int:
    """A duration (anything ``pd.Timedelta`` accepts) as a whole number of microseconds."""
    return int(pd.Timedelta(value).value // 1000)


def timestamp_text(value: Any) -> str:
    """A timestamp as text (``TIMESTAMP_FORMAT``); a tz-aware one is first made naive UTC."""
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.strftime("%Y-%m-%d %H:%M:%S.%f")


def literal_bool(value: Any, to: exp.DataType) -> exp.Expression:
    """``TRUE`` or ``FALSE``, by the truth of ``value``."""
    return exp.true() if bool(value) else exp.false()


def literal_int(value: Any, to: exp.DataType) -> exp.Expression:
    """An integer literal; raises ValueError for a bool or a value that is not a whole number."""
    if isinstance(value, (bool, np.bool_)) or int(value) != value:
        raise ValueError(value)
    return exp.Literal.number(int(value))


def literal_float(value: Any, to: exp.DataType) -> exp.Expression:
    """A float literal cast to ``to``.

    Infinities become the typed strings ``'Infinity'`` and ``'-Infinity'``.
    """
    number = float(value)
    if math.isinf(number):
        return _typed_string("Infinity" if number > 0 else "-Infinity", to)
    return exp.Cast(this=exp.Literal.number(repr(number)), to=to)


def literal_string(value: Any, to: exp.DataType) -> exp.Expression:
    """A string literal; raises TypeError if ``value`` is not a str."""
    if not isinstance(value, str):
        raise TypeError(value)
    return exp.Literal.string(value)


def literal_date(value: Any, to: exp.DataType) -> exp.Expression:
    """A date (anything ``pd.Timestamp`` accepts) as an ISO string cast to ``to``."""
    return _typed_string(pd.Timestamp(value).date().isoformat(), to)


def literal_time(value: Any, to: exp.DataType) -> exp.Expression:
    """A ``datetime.time`` as an ISO string cast to ``to``; raises TypeError otherwise."""
    if not isinstance(value, datetime.time):
        raise TypeError(value)
    return _typed_string(value.isoformat(), to)


def literal_timestamp(value: Any, to: exp.DataType) -> exp.Expression:
    """A timestamp as text (see :func:`timestamp_text`) cast to ``to``."""
    return _typed_string(timestamp_text(value), to)


def literal_timedelta(value: Any, to: exp.DataType) -> exp.Expression:
    """A duration as an interval built from its number of microseconds."""
    return bx.IntervalFromMicros(this=exp.Literal.number(timedelta_micros(value)))


def literal_uuid(value: Any, to: exp.DataType) -> exp.Expression:
    """A UUID (or its text) as its canonical string cast to ``to``."""
    return _typed_string(str(uuid.UUID(str(value))), to)


def literal_json(value: Any, to: exp.DataType) -> exp.Expression:
    """A str is a JSON string (not JSON text)."""
    return bx.StringToJson(
        this=exp.Literal.string(json.dumps(plain_py(value), default=_json_default))
    )


# ---------------------------------------------------------------------------------------------
# VALUES rows: the raw literal stored, and the expression that types the column


def raw_bool(value: Any) -> exp.Expression:
    """``TRUE`` or ``FALSE``, by the truth of ``value``."""
    return exp.true() if bool(value) else exp.false()


def raw_int(value: Any) -> exp.Expression:
    """``value`` as an integer literal."""
    return exp.Literal.number(int(value))


def raw_float(value: Any) -> exp.Expression:
    """``value`` as a string literal of its float repr (typed by :func:`typed_cast`)."""
    return exp.Literal.string(repr(float(value)))


def raw_string(value: Any) -> exp.Expression:
    """``str(value)`` as a string literal."""
    return exp.Literal.string(str(value))


def raw_date(value: Any) -> exp.Expression:
    """A date (anything ``pd.Timestamp`` accepts) as an ISO string literal."""
    return exp.Literal.string(pd.Timestamp(value).date().isoformat())


def raw_time(value: Any) -> exp.Expression:
    """A ``datetime.time`` as an ISO string literal."""
    return exp.Literal.string(value.isoformat())


def raw_timestamp(value: Any) -> exp.Expression:
    """A timestamp as a string literal (see :func:`timestamp_text`)."""
    return exp.Literal.string(timestamp_text(value))


def raw_timedelta(value: Any) -> exp.Expression:
    """A duration as an integer literal of its microseconds (typed by :func:`typed_timedelta`)."""
    return exp.Literal.number(timedelta_micros(value))


def raw_uuid(value: Any) -> exp.Expression:
    """A UUID (or its text) as a string literal of its canonical form."""
    return exp.Literal.string(str(uuid.UUID(str(value))))


def raw_json(value: Any) -> exp.Expression:
    """JSON text: a str is taken to be JSON text already."""
    return exp.Literal.string(json_text(value))


def typed_cast(column: exp.Expression, to: exp.DataType) -> exp.Expression:
    """``CAST(column AS to)``."""
    return exp.Cast(this=column, to=to)


def typed_json(column: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A JSON-text column as JSON."""
    return bx.StringToJson(this=column)


def typed_timedelta(column: exp.Expression, to: exp.DataType) -> exp.Expression:
    """An integer column of microseconds as an interval."""
    return bx.IntervalFromMicros(this=column)


def typed_from_json_text(column: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A list/dict column stored in VALUES as JSON text."""
    return bx.JsonTo(this=bx.StringToJson(this=column), to=to)


# ---------------------------------------------------------------------------------------------
# casts that are not a plain CAST


def cast_float_to_int(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A float to an integer, truncated toward zero as pandas does (SQL's CAST would round)."""
    # pandas truncates toward zero; SQL's CAST would round
    return exp.Cast(this=exp.func("TRUNC", e), to=to)


def cast_bool_to_int(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A boolean to 1 or 0 (NULL stays NULL); PostgreSQL casts booleans to int4 only."""
    # PostgreSQL casts booleans to int4 only
    return _bool_case(e, exp.Literal.number(1), exp.Literal.number(0))


def cast_int_to_bool(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """An integer to a boolean: ``e <> 0``."""
    return exp.NEQ(this=e, expression=exp.Literal.number(0))


def cast_bool_to_string(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A boolean to ``'True'`` or ``'False'``, as pandas prints it (NULL stays NULL)."""
    return _bool_case(e, exp.Literal.string("True"), exp.Literal.string("False"))


def _bool_case(
    e: exp.Expression, if_true: exp.Expression, if_false: exp.Expression
) -> exp.Expression:
    """``CASE e WHEN TRUE THEN if_true WHEN FALSE THEN if_false END`` (NULL stays NULL).

    The simple CASE names ``e`` once, so chained casts grow linearly.
    """
    return exp.Case(
        this=e, ifs=[exp.If(this=exp.true(), true=if_true), exp.If(this=exp.false(), true=if_false)]
    )


def cast_date_to_string(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A date to text in ``DATE_FORMAT``."""
    return bx.Strftime(
        this=exp.Cast(this=e, to=exp.DataType.build(exp.DType.TIMESTAMP)),
        format=exp.Literal.string(DATE_FORMAT),
    )


def cast_timestamp_to_string(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A timestamp as Python's ``str()`` of a datetime (pandas' ``str(Timestamp)``).

    ``'2022-01-02 10:30:00'``, with ``.ffffff`` only when there are microseconds.
    """
    return _without_zero_micros(bx.Strftime(this=e, format=exp.Literal.string(TIMESTAMP_FORMAT)))


def interval_micros(e: exp.Expression) -> exp.Expression:
    """An interval in whole microseconds (a BIGINT)."""
    seconds = bx.IntervalTotalSeconds(this=e)
    return exp.cast(
        exp.func("ROUND", exp.Mul(this=seconds, expression=exp.Literal.number(1_000_000))),
        exp.DType.BIGINT,
    )


def cast_timedelta_to_string(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """The original's text of a duration: ``'<d> days, HH:MM:SS.ffffff'``.

    ``<d>`` are the whole days rounded down, as pandas' components (``'-1 days,
    23:59:59.000000'`` for minus one second); the rest is written as a time of day.
    """
    total = interval_micros(e)
    day = exp.Literal.number(_US_PER_DAY)
    rest = bx.IntFloorMod(this=total.copy(), expression=day.copy())
    epoch = exp.cast(exp.Literal.string("1970-01-01 00:00:00"), exp.DType.TIMESTAMP)
    clock = bx.Strftime(
        this=exp.Add(this=epoch, expression=bx.IntervalFromMicros(this=rest)),
        format=exp.Literal.string("%H:%M:%S.%f"),
    )
    days = exp.cast(bx.IntFloorDiv(this=total, expression=day), exp.DType.TEXT)
    return exp.DPipe(
        this=exp.DPipe(this=days, expression=exp.Literal.string(" days, ")), expression=clock
    )


def cast_float_to_string(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A float as Python's ``repr`` (and pandas' ``astype(str)``): ``'10.0'``, ``'1e+20'``."""
    return bx.FloatToText(this=e)


def _without_zero_micros(text: exp.Expression) -> exp.Expression:
    """``text`` without a final ``.000000``: as Python's ``str()`` of a datetime or time."""
    return bx.RegexReplace(
        this=text,
        pattern=exp.Literal.string(r"\.000000$"),
        replacement=exp.Literal.string(""),
        case=exp.true(),
    )


def cast_time_to_string(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A time as Python's ``str()``: ``'10:30:00'``, ``'10:30:00.250000'``."""
    return _without_zero_micros(
        bx.Strftime(this=bx.TimeToTimestamp(this=e), format=exp.Literal.string("%H:%M:%S.%f"))
    )


def cast_timedelta_to_float(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """An interval to its total number of seconds."""
    return bx.IntervalTotalSeconds(this=e)


def cast_json_to_string(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A JSON value to its JSON text."""
    return bx.JsonToString(this=e)


def cast_string_to_json(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """JSON text to a JSON value."""
    return bx.StringToJson(this=e)


def cast_json_to_structured(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A JSON value to a list or struct type ``to``."""
    return bx.JsonTo(this=e, to=to)


def cast_structured_to_json(e: exp.Expression, to: exp.DataType) -> exp.Expression:
    """A list or struct value to JSON."""
    return bx.ToJson(this=e)


# ---------------------------------------------------------------------------------------------
# single values -> Python (also the elements and fields of lists and dicts)


def _text(value: Any) -> str:
    if isinstance(value, bytes) and len(value) == 16:
        return str(uuid.UUID(bytes=value))
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def py_int(v: Any) -> int | None:
    """``v`` as an int (None stays None)."""
    return None if v is None else int(v)


def py_float(v: Any) -> float | None:
    """``v`` as a float (None stays None)."""
    return None if v is None else float(v)


def py_bool(v: Any) -> bool | None:
    """``v`` as a bool (None stays None)."""
    return None if v is None else bool(v)


def py_string(v: Any) -> str | None:
    """``v`` as text (None stays None); 16 bytes are read as a UUID, a list or dict as JSON."""
    return None if v is None else _text(v)


def py_date(v: Any) -> datetime.date | None:
    """``v`` (a date, datetime or ISO string) as a ``datetime.date``; None stays None.

    Raises TypeError for anything else.
    """
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


def py_time(v: Any) -> datetime.time | None:
    """``v`` (a time, ISO string or duration since midnight) as a ``datetime.time``.

    None stays None; raises TypeError for anything else.
    """
    if v is None or isinstance(v, datetime.time):
        return v
    if isinstance(v, str):
        return datetime.time.fromisoformat(v)
    if isinstance(v, datetime.timedelta):  # some drivers give a time of day as a duration
        return (datetime.datetime.min + v).time()
    msg = f"not a time: {v!r}"
    raise TypeError(msg)


def py_timestamp(v: Any) -> datetime.datetime | None:
    """A naive UTC datetime."""
    if v is None:
        return None
    if isinstance(v, str):
        v = datetime.datetime.fromisoformat(v)
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, datetime.datetime) and v.tzinfo is not None:
        v = v.astimezone(datetime.UTC).replace(tzinfo=None)
    return v


def micros(v: Any) -> int | None:
    """An interval as a whole number of microseconds (None stays None).

    Accepts a timedelta, an Arrow month-day-nano value (a month counts ``DAYS_PER_MONTH`` days), an
    integer, a ``pd.Timedelta`` or an interval as text; raises TypeError for anything else.
    """
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
    if isinstance(v, str):  # an interval as JSON text (PostgreSQL to_jsonb)
        return micros(pd.Timedelta(v))
    msg = f"not an interval: {v!r}"
    raise TypeError(msg)


def py_timedelta(v: Any) -> datetime.timedelta | None:
    """An interval as a ``datetime.timedelta`` (see :func:`micros`); None stays None."""
    us = micros(v)
    return None if us is None else datetime.timedelta(microseconds=us)


def py_json(v: Any) -> Any:
    """A JSON value as Python: JSON text (str or bytes) is parsed, a parsed value is kept."""
    if v is None:
        return None
    if isinstance(v, (bytes, bytearray)):
        v = v.decode()
    if isinstance(v, str):
        return json.loads(v)
    return v  # already parsed (a driver that decodes JSON itself)


def py_uuid(v: Any) -> uuid.UUID | None:
    """``v`` (a UUID, its 16 bytes or its text) as a ``uuid.UUID``; None stays None."""
    if v is None or isinstance(v, uuid.UUID):
        return v
    if isinstance(v, (bytes, bytearray)) and len(v) == 16:
        return uuid.UUID(bytes=bytes(v))
    return uuid.UUID(str(v))


def plain_py(v: Any) -> Any:
    """``v`` as a plain Python value.

    A pd.Timestamp becomes a datetime, a NumPy scalar its Python value, a Decimal a float; anything
    else is unchanged.
    """
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


# ---------------------------------------------------------------------------------------------
# result columns (Arrow) -> pandas


def objects(values: list[Any]) -> pd.Series:
    """A pandas Series of dtype object holding ``values`` as they are (lists are not unpacked)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return pd.Series(array, dtype=object)


def to_pandas_int(col: pa.Array) -> pd.Series:
    """An Arrow column as a pandas ``Int64`` Series (decimals and floats are cast safely)."""
    if pa.types.is_null(col.type):
        return pd.Series(pd.array([None] * len(col), dtype="Int64"))
    if pa.types.is_decimal(col.type) or pa.types.is_floating(col.type):
        col = pc.cast(col, pa.int64(), safe=True)
    elif not pa.types.is_int64(col.type):
        col = pc.cast(col, pa.int64())
    return pd.Series(col.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get))


def to_pandas_float(col: pa.Array) -> pd.Series:
    """An Arrow column as a pandas float64 Series."""
    if not pa.types.is_float64(col.type):
        col = pc.cast(col, pa.float64())
    return pd.Series(col.to_numpy(zero_copy_only=False), dtype=np.float64)


def to_pandas_bool(col: pa.Array) -> pd.Series:
    """An Arrow column as a pandas ``boolean`` Series."""
    if not pa.types.is_boolean(col.type):
        col = pc.cast(col, pa.bool_())
    return pd.Series(col.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get))


def to_pandas_string(col: pa.Array) -> pd.Series:
    """An Arrow column as a pandas Series of dtype ``STR``; non-text values via their text."""
    if (
        pa.types.is_string(col.type)
        or pa.types.is_large_string(col.type)
        or pa.types.is_string_view(col.type)
    ):
        values: Any = col
    else:
        values = [None if v is None else _text(v) for v in col.to_pylist()]
    return pd.Series(pd.array(values, dtype=STR))


def to_pandas_timestamp(col: pa.Array) -> pd.Series:
    """An Arrow column as a naive UTC ``datetime64[us]`` Series.

    The column may hold timestamps, dates, nulls or Python values.
    """
    if pa.types.is_timestamp(col.type):
        # a tz-aware timestamp holds UTC instants: dropping the zone keeps them as naive UTC
        col = col.cast(pa.timestamp(col.type.unit)).cast(pa.timestamp("us"))
    elif pa.types.is_date(col.type):
        col = col.cast(pa.timestamp("us"))
    elif pa.types.is_null(col.type):
        col = pa.nulls(len(col), pa.timestamp("us"))
    else:  # python objects (e.g. tz-aware datetimes from a driver) or strings
        col = pa.array([py_timestamp(v) for v in col.to_pylist()], pa.timestamp("us"))
    return pd.Series(
        col.to_pandas(coerce_temporal_nanoseconds=False), dtype=np.dtype("datetime64[us]")
    )


def to_pandas_timedelta(col: pa.Array) -> pd.Series:
    """An Arrow column (durations or intervals) as a ``timedelta64[us]`` Series."""
    if not pa.types.is_duration(col.type):
        col = pa.array([micros(v) for v in col.to_pylist()], pa.int64()).cast(pa.duration("us"))
    col = col.cast(pa.duration("us"))
    return pd.Series(
        col.to_pandas(coerce_temporal_nanoseconds=False), dtype=np.dtype("timedelta64[us]")
    )


# ---------------------------------------------------------------------------------------------
# pandas -> Arrow, for upload


def to_arrow_plain(series: pd.Series, target: pa.DataType) -> pa.Array:
    """Numbers and booleans."""
    if series.dtype == object:
        values = [None if is_missing(v) else plain_py(v) for v in series]
        return pa.array(values, from_pandas=True).cast(target)
    return pa.array(series, from_pandas=True).cast(target)


def to_arrow_string(series: pd.Series, target: pa.DataType) -> pa.Array:
    """A pandas column as an Arrow string array; missing values become null."""
    if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        # only str values (and None/NaN/NA): Arrow converts them in one pass
        return pa.array(series, type=target, from_pandas=True)
    return pa.array([None if is_missing(v) else str(v) for v in series], target)


def to_arrow_uuid(series: pd.Series, target: pa.DataType) -> pa.Array:
    """A pandas column of UUIDs as an Arrow array of their canonical text."""
    return pa.array([None if is_missing(v) else str(py_uuid(v)) for v in series], target)


def to_arrow_json(series: pd.Series, target: pa.DataType) -> pa.Array:
    """A pandas column as an Arrow array of JSON text (see :func:`json_text`)."""
    return pa.array([None if json_missing(v) else json_text(v) for v in series], target)


def to_arrow_timestamp(series: pd.Series, target: pa.DataType) -> pa.Array:
    """A pandas column as an Arrow timestamp array of naive UTC values."""
    values = series
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    elif values.dtype == object:
        values = pd.Series(
            [None if is_missing(v) else py_timestamp(pd.Timestamp(v)) for v in values], dtype=object
        )
    return pa.array(values, from_pandas=True).cast(target)


def to_arrow_timedelta(series: pd.Series, target: pa.DataType) -> pa.Array:
    """A pandas column of durations as an Arrow duration array."""
    if series.dtype == object:
        return pa.array(
            [None if is_missing(v) else pd.Timedelta(v).to_pytimedelta() for v in series], target
        )
    return pa.array(series, from_pandas=True).cast(target)


def to_arrow_date(series: pd.Series, target: pa.DataType) -> pa.Array:
    """A pandas column of dates as an Arrow date array."""
    return pa.array([None if is_missing(v) else py_date(plain_py(v)) for v in series], target)


def to_arrow_time(series: pd.Series, target: pa.DataType) -> pa.Array:
    """A pandas column of times of day as an Arrow time array."""
    return pa.array([None if is_missing(v) else py_time(plain_py(v)) for v in series], target)


def json_text(v: Any) -> str:
    """JSON text of a value: a str is taken to be JSON text already."""
    if isinstance(v, str):
        return v
    return json.dumps(plain_py(v), default=_json_default, allow_nan=False)


def _json_default(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return str(pd.Timedelta(v).isoformat())
    if isinstance(v, uuid.UUID):
        return str(v)
    msg = f"{v!r} (type {type(v).__name__}) is not JSON serializable"
    raise TypeError(msg)


def not_uploadable(what: str) -> DtypeError:
    """The DtypeError for a column of dtype ``what`` that cannot be uploaded as a table yet."""
    return DtypeError(
        f"A {what} column cannot be uploaded as a table yet. Use from_pandas(..., "
        "materialization='cte'), or upload it as json and cast it with astype()."
    )


# ---------------------------------------------------------------------------------------------
# numeric intervals: pandas.Interval <-> the levels lower, upper, bounds

#: pandas' ``closed`` -> the bounds text of the original (PostgreSQL range notation)
INTERVAL_BOUNDS = {"right": "(]", "left": "[)", "both": "[]", "neither": "()"}


def interval_fields(value: Any) -> dict[str, Any]:
    """A ``pandas.Interval`` as its levels ``{'lower', 'upper', 'bounds'}``.

    >>> interval_fields(pd.Interval(0, 1.5))
    {'lower': 0.0, 'upper': 1.5, 'bounds': '(]'}
    """
    if not isinstance(value, pd.Interval):
        raise TypeError(value)
    return {
        "lower": float(value.left),
        "upper": float(value.right),
        "bounds": INTERVAL_BOUNDS[value.closed],
    }


def py_interval(fields: dict[str, Any] | None) -> Any:
    """The levels of an interval as a ``pandas.Interval``; a missing interval is NaN (as pandas).

    >>> py_interval({'lower': 0.0, 'upper': 1.5, 'bounds': '[]'})
    Interval(0.0, 1.5, closed='both')
    """
    if fields is None or fields["lower"] is None or fields["upper"] is None:
        return np.nan
    closed = {b: c for c, b in INTERVAL_BOUNDS.items()}.get(fields["bounds"] or "(]", "right")
    return pd.Interval(float(fields["lower"]), float(fields["upper"]), closed=closed)  # type: ignore[arg-type]
