"""Python values as typed, dialect-neutral SQL literals."""

from __future__ import annotations

import datetime
import json
import math
import uuid
from typing import Any

import numpy as np
import pandas as pd
from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import DtypeError
from objectiv_bach.types import base_dtype, sql_type


def _typed_string(text: str, dtype: str) -> exp.Expression:
    return exp.Cast(this=exp.Literal.string(text), to=sql_type(dtype))


def timedelta_micros(value: Any) -> int:
    """A timedelta-like value (timedelta, numpy, string) in whole microseconds."""
    td = pd.Timedelta(value)
    return int(td.value // 1000)


def to_expression(value: Any, dtype: str) -> exp.Expression:
    """A literal of ``dtype`` for ``value`` (None gives a typed NULL)."""
    storage = base_dtype(dtype)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return exp.Cast(this=exp.null(), to=sql_type(dtype))
    try:
        if storage == "bool":
            return exp.true() if bool(value) else exp.false()
        if storage == "int64":
            if isinstance(value, (bool, np.bool_)) or int(value) != value:
                raise ValueError(value)
            return exp.Literal.number(int(value))
        if storage == "float64":
            number = float(value)
            if math.isinf(number):
                return _typed_string("Infinity" if number > 0 else "-Infinity", "float64")
            return exp.Cast(this=exp.Literal.number(repr(number)), to=sql_type("float64"))
        if storage == "string":
            if not isinstance(value, str):
                raise TypeError(value)
            return exp.Literal.string(value)
        if storage == "date":
            return _typed_string(pd.Timestamp(value).date().isoformat(), dtype)
        if storage == "time":
            if not isinstance(value, datetime.time):
                raise TypeError(value)
            return _typed_string(value.isoformat(), dtype)
        if storage == "timestamp":
            ts = pd.Timestamp(value)
            if ts.tzinfo is not None:
                ts = ts.tz_convert("UTC").tz_localize(None)
            return _typed_string(ts.strftime("%Y-%m-%d %H:%M:%S.%f"), dtype)
        if storage == "timedelta":
            return bx.IntervalFromMicros(this=exp.Literal.number(timedelta_micros(value)))
        if storage == "uuid":
            return _typed_string(str(uuid.UUID(str(value))), dtype)
        if storage == "json":
            text = value if isinstance(value, str) and dtype != "json" else json.dumps(value)
            return bx.StringToJson(this=exp.Literal.string(text))
    except (TypeError, ValueError, OverflowError) as error:
        msg = f"Cannot make a {dtype!r} literal of {value!r} ({type(value).__name__})."
        raise DtypeError(msg) from error
    msg = f"No literal form for dtype {dtype!r}."
    raise DtypeError(msg)
