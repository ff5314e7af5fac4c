"""``.dt`` date parts, time formatting, duration arithmetic and ``astype('string')`` texts.

Expected values come from pandas (``.dt`` properties, ``Timedelta`` arithmetic, ``astype(str)``)
or Python's ``str()`` on the same data; every case runs on duckdb, postgres and bigquery.
"""

from __future__ import annotations

import datetime
import uuid

import numpy as np
import pandas as pd
import pytest
from helpers import values

import objectiv_bach as bach
from objectiv_bach.errors import DtypeError, InvalidArgumentError

MOMENTS = pd.Series(
    pd.to_datetime(
        [
            "2021-01-03 23:59:58.250000",  # a Sunday in ISO week 53 of 2020
            "2019-12-30 00:00:00",  # a Monday in ISO week 1 of 2020
            "2020-02-29 12:30:45.000001",  # leap day
            "2022-12-31 06:07:08",
            None,
            "1999-07-04 18:00:00.999999",
        ],
        format="ISO8601",
    )
)
PARTS = [
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "microsecond",
    "quarter",
    "dayofweek",
    "dayofyear",
]


@pytest.fixture
def frame(backend):
    dates = [None if pd.isna(t) else t.date() for t in MOMENTS]
    times = [None if pd.isna(t) else t.time() for t in MOMENTS]
    return bach.from_pandas(
        backend, pd.DataFrame({"t": MOMENTS, "d": dates, "c": times})
    ).sort_index()


def _pandas_week(moments: pd.Series) -> list:
    return values(moments.dt.isocalendar().week.astype("Int64"))


def test_timestamp_parts(frame):
    for part in PARTS:
        assert values(getattr(frame.t.dt, part)) == values(getattr(MOMENTS.dt, part)), part
        assert getattr(frame.t.dt, part).dtype == "int64"
    assert values(frame.t.dt.week) == _pandas_week(MOMENTS)
    assert values(frame.t.dt.weekday) == values(MOMENTS.dt.weekday)
    assert values(frame.t.dt.date) == [None if pd.isna(t) else t.date() for t in MOMENTS]


def test_date_parts(frame):
    days = MOMENTS.dt.floor("D")
    for part in ("year", "month", "day", "quarter", "dayofweek", "dayofyear"):
        assert values(getattr(frame.d.dt, part)) == values(getattr(days.dt, part)), part
    assert values(frame.d.dt.week) == _pandas_week(days)
    with pytest.raises(DtypeError, match="hour"):
        _ = frame.d.dt.hour


def test_time_parts_and_strftime(frame):
    for part in ("hour", "minute", "second", "microsecond"):
        assert values(getattr(frame.c.dt, part)) == values(getattr(MOMENTS.dt, part)), part
    fmt = "%H:%M:%S.%f %I%p %T %R %%"
    assert values(frame.c.dt.strftime(fmt)) == [
        None if pd.isna(t) else t.time().strftime(fmt) for t in MOMENTS
    ]
    with pytest.raises(DtypeError, match="year"):
        _ = frame.c.dt.year
    with pytest.raises(InvalidArgumentError, match="date codes"):
        frame.c.dt.strftime("%Y %H")


# valid GoogleSQL; bqemulator 1.4 (DuckDB underneath) loses the sign of negative intervals
_EMULATOR_NEGATIVE = (
    "bqemulator returns a negative INTERVAL as positive, and floors tiny BIGNUMERIC quotients "
    "to 0 (real BigQuery keeps both)"
)


@pytest.mark.parametrize(
    "seconds",
    [
        [0.0, 1651234567.5, None, 1e9 + 0.000001],
        pytest.param(
            [-86400.25, -0.5],
            marks=pytest.mark.notimpl("bigquery", reason=_EMULATOR_NEGATIVE, raises=AssertionError),
            id="negative",
        ),
    ],
)
def test_from_total_seconds(backend, seconds):
    seconds = pd.Series(seconds, dtype="float64")
    df = bach.from_pandas(backend, pd.DataFrame({"s": seconds})).sort_index()
    moments = bach.SeriesTimestamp.from_total_seconds(df.s)
    assert moments.dtype == "timestamp"
    expected = pd.to_datetime(seconds, unit="s").dt.round("us")
    assert values(moments) == values(expected)
    durations = bach.SeriesTimedelta.from_total_seconds(df.s)
    assert values(durations) == values(pd.to_timedelta(seconds, unit="s").dt.round("us"))
    with pytest.raises(DtypeError, match="seconds"):
        bach.SeriesTimestamp.from_total_seconds(df.s.astype("string"))


DURATIONS = pd.Series(
    pd.to_timedelta(
        ["1 days 02:03:04.005006", "1us", "0s", None, "3 days 00:00:01.5", "12:00:00", "30s"]
    )
)
NEGATIVE = pd.Series(pd.to_timedelta(["-1us", "-3 days 00:00:01.5", "-0.5s", "-12:00:00", None]))


@pytest.fixture(
    params=[
        "positive",
        pytest.param(
            "negative",
            marks=pytest.mark.notimpl("bigquery", reason=_EMULATOR_NEGATIVE, raises=AssertionError),
        ),
    ]
)
def durations(request, backend):
    d = DURATIONS if request.param == "positive" else NEGATIVE
    # positive results only in the positive case (see _EMULATOR_NEGATIVE)
    factors = [2, 3, 0, 1, None, 5, 4] if request.param == "positive" else [2, -3, 0, 1, None]
    n = pd.array(factors, dtype="Int64")
    frame = bach.from_pandas(backend, pd.DataFrame({"d": d, "n": n})).sort_index()
    return frame, d, n


def test_timedelta_scaling(durations):
    df, d, factors = durations
    assert values(df.d * 3) == values(d * 3)
    assert values(2 * df.d) == values(d * 2)
    assert values(df.d * 0.5) == values(d * 0.5)
    assert values(df.d / 4) == values(d / 4)
    assert values(df.d * df.n) == values(
        pd.Series(
            [
                None if pd.isna(a) or pd.isna(b) else a * int(b)
                for a, b in zip(d, factors, strict=True)
            ],
            dtype=object,
        )
    )
    # division by zero is NULL in Bach (pandas gives NaT)
    assert values(df.d / df.n) == values(
        pd.Series(
            [
                None if pd.isna(a) or pd.isna(b) or b == 0 else a / int(b)
                for a, b in zip(d, factors, strict=True)
            ],
            dtype=object,
        )
    )
    ratio = df.d / pd.Timedelta(hours=1)
    assert ratio.dtype == "float64"
    assert values(ratio) == pytest.approx(values(d / pd.Timedelta(hours=1)), nan_ok=True)
    assert values(df.d / df.d) == [None if pd.isna(v) or v == pd.Timedelta(0) else 1.0 for v in d]


def test_timedelta_parts(durations):
    df, d, _ = durations
    assert values(df.d.dt.days) == values(d.dt.days)
    assert values(df.d.dt.seconds) == values(d.dt.seconds)
    assert values(df.d.dt.microseconds) == values(d.dt.microseconds)
    assert values(df.d.dt.total_seconds) == pytest.approx(values(d.dt.total_seconds()), nan_ok=True)
    components = df.d.dt.components.to_pandas()
    expected = d.dt.components
    assert list(components.columns) == list(expected.columns)
    for column in expected.columns:
        assert values(components[column]) == values(expected[column]), column


def test_timedelta_mode_and_quantile(backend):
    d = pd.Series(pd.to_timedelta(["1h", "2h", "2h", "4h", None, "10h"]))
    df = bach.from_pandas(backend, pd.DataFrame({"d": d, "g": [1, 1, 1, 2, 2, 2]}))
    assert df.d.mode().value == d.mode()[0]
    assert df.d.quantile(q=0.25).value == d.quantile(0.25)
    per_group = df.groupby("g").d.quantile().to_pandas().to_dict()
    assert per_group == d.groupby(df.g.to_pandas().sort_index()).quantile().to_dict()


def _text(value) -> str | None:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    return str(value)


def test_astype_string_is_pandas_text(backend):
    floats = [10.0, 1.5, -0.25, 1e20, 1e-05, 1 / 3, 123456789.125, 1e15, 1e16, -7.0, None]
    stamps = pd.Series(
        pd.to_datetime(
            ["2022-01-02 00:00:00", "2022-01-02 10:00:00.5", None, "1999-12-31 23:59:59.000001"]
            * 3,
            format="ISO8601",
        )[: len(floats)]
    )
    times = [
        datetime.time(0),
        datetime.time(10, 0, 0, 500000),
        None,
        datetime.time(23, 59, 59, 1),
    ] * 3
    u = uuid.UUID("12345678-1234-5678-1234-567812345678")
    data = pd.DataFrame(
        {
            "f": floats,
            "i": pd.array([1, -2, None, 0, 5, 6, 7, 8, 9, 10, 11], dtype="Int64"),
            "b": pd.array([True, False, None] * 3 + [True, True], dtype="boolean"),
            "t": stamps,
            "c": times[: len(floats)],
            "dt": [None if pd.isna(t) else t.date() for t in stamps],
            "u": [u, None] * 5 + [u],
        }
    )
    df = bach.from_pandas(backend, data).sort_index()
    for column in ("f", "i", "b", "dt", "u"):
        expected = [_text(v) for v in data[column].astype(object).tolist()]
        assert values(df[column].astype("string")) == expected, column
    # timestamps and times: Python's str() of each value (pandas formats whole arrays alike)
    assert values(df.t.astype("string")) == [
        _text(None if pd.isna(t) else t.to_pydatetime()) for t in stamps
    ]
    assert values(df.c.astype("string")) == [_text(t) for t in times[: len(floats)]]


def test_timedelta_astype_string(durations):
    def original(td):  # '<d> days, HH:MM:SS.ffffff', days rounded down as pandas' components
        if pd.isna(td):
            return None
        c = td.components
        return (
            f"{c.days} days, {c.hours:02d}:{c.minutes:02d}:{c.seconds:02d}."
            f"{c.milliseconds * 1000 + c.microseconds:06d}"
        )

    df, d, _ = durations
    assert values(df.d.astype("string")) == [original(v) for v in d]
