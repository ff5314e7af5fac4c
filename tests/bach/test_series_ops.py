"""Series operators and functions on every backend, compared with pandas' nullable dtypes.

SQL's NULL rules equal pandas' rules for ``Int64``/``Float64``/``boolean`` with ``pd.NA``
(NULL in, NULL out; Kleene ``&``/``|``), so expectations come from pandas on nullable data.
Division by zero (/, //, %) is NULL in Bach; // and % follow pandas' floor semantics.
"""

from __future__ import annotations

import datetime
import math
import uuid

import numpy as np
import pandas as pd
import pytest
from helpers import values

import objectiv_bach as bach


@pytest.fixture
def nums():
    return pd.DataFrame(
        {
            "a": pd.array([7, -7, 7, -7, 0, None, 5, 3], dtype="Int64"),
            "b": pd.array([2, 2, -2, -2, 3, 4, 0, None], dtype="Int64"),
            "f": [1.5, -2.25, None, 4.0, 0.5, -0.5, 2.5, -3.5],
        }
    )


@pytest.fixture
def df(backend, nums):
    return bach.from_pandas(backend, nums).sort_index()


def _nullable(series: pd.Series) -> list:
    return values(series)


def _floor_div(a, b):
    if a is pd.NA or b is pd.NA or b == 0:
        return None
    return a // b


def _floor_mod(a, b):
    if a is pd.NA or b is pd.NA or b == 0:
        return None
    return a % b


def test_arithmetic_int_with_nulls(df, nums):
    for op in ("+", "-", "*"):
        got = eval(f"df.a {op} df.b")
        assert got.dtype == "int64"
        assert values(got) == _nullable(eval(f"nums.a {op} nums.b")), op


def test_true_division_and_division_by_zero(df, nums):
    got = df.a / df.b
    assert got.dtype == "float64"
    expected = [
        None if (a is pd.NA or b is pd.NA or b == 0) else a / b
        for a, b in zip(nums.a, nums.b, strict=True)
    ]
    assert values(got) == pytest.approx(expected)


def test_int_floor_division_and_modulo_pandas_semantics(df, nums):
    exp_div = [_floor_div(a, b) for a, b in zip(nums.a, nums.b, strict=True)]
    exp_mod = [_floor_mod(a, b) for a, b in zip(nums.a, nums.b, strict=True)]
    assert (df.a // df.b).dtype == "int64"
    assert values(df.a // df.b) == exp_div
    assert values(df.a % df.b) == exp_mod


def test_float_floor_division_and_modulo(df, nums):
    exp_div = [None if pd.isna(f) else math.floor(f / 2) for f in nums.f]
    exp_mod = [None if pd.isna(f) else f % -2 for f in nums.f]
    assert values(df.f // 2) == pytest.approx(exp_div)
    assert values(df.f % -2) == pytest.approx(exp_mod)
    assert values(df.f // 0) == [None] * len(nums)


def test_power(df, nums):
    got = df.a**2
    assert got.dtype == "int64"
    assert values(got) == _nullable(nums.a**2)
    assert values(df.f**2) == pytest.approx(_nullable(nums.f**2))
    # a negative base ** 0.5 differs per engine (NaN, NULL or an error): non-negative only
    sq = df[df.b >= 0].b ** 0.5
    pos = nums.b[nums.b >= 0].astype(float)
    assert values(sq) == pytest.approx(list(pos**0.5))


def test_reflected_and_unary(df, nums):
    assert values(1 + df.a) == _nullable(1 + nums.a)
    assert values(10 - df.a) == _nullable(10 - nums.a)
    assert values(3 * df.a) == _nullable(3 * nums.a)
    assert values(1 / df.f) == pytest.approx(_nullable(1 / nums.f))
    assert values(-df.a) == _nullable(-nums.a)
    assert values(abs(df.a)) == _nullable(abs(nums.a))
    assert values(-df.f) == pytest.approx(_nullable(-nums.f))
    assert values(2.5 * df.a) == pytest.approx(_nullable(2.5 * nums.a.astype("Float64")))


def test_mixed_int_float(df, nums):
    got = df.a + df.f
    assert got.dtype == "float64"
    assert values(got) == pytest.approx(_nullable(nums.a.astype("Float64") + nums.f))


def test_comparisons_with_nulls(df, nums):
    for op in ("==", "!=", "<", "<=", ">", ">="):
        got = eval(f"df.a {op} df.b")
        assert got.dtype == "bool"
        assert values(got) == _nullable(eval(f"nums.a {op} nums.b")), op
    assert values(df.a > 0) == _nullable(nums.a > 0)


def test_kleene_logic(backend):
    p = pd.Series([True, True, True, False, False, False, None, None, None], dtype="boolean")
    q = pd.Series([True, False, None, True, False, None, True, False, None], dtype="boolean")
    df = bach.from_pandas(backend, pd.DataFrame({"p": p, "q": q})).sort_index()
    assert values(df.p & df.q) == values(p & q)
    assert values(df.p | df.q) == values(p | q)
    assert values(~df.p) == values(~p)
    assert values(df.p ^ df.q) == values(p ^ q)
    # filter keeps only True rows
    kept = df[df.p | df.q].to_pandas()
    assert len(kept) == int((p | q).fillna(False).sum())


def test_isnull_notnull_fillna(df, nums):
    assert values(df.a.isnull()) == list(nums.a.isna())
    assert values(df.f.notnull()) == list(nums.f.notna())
    assert values(df.a.fillna(-1)) == _nullable(nums.a.fillna(-1))
    assert values(df.f.fillna(0.25)) == pytest.approx(_nullable(nums.f.fillna(0.25)))
    assert values(df.a.fillna(df.b)) == _nullable(nums.a.fillna(nums.b))


def test_round_half_away_from_zero(backend):
    data = [0.5, 1.5, 2.5, -0.5, -2.5, 1.25, -1.35, 1234.5678, None]
    df = bach.from_pandas(backend, pd.DataFrame({"f": data})).sort_index()

    def away(x, d):
        if x is None:
            return None
        m = 10**d
        return math.copysign(math.floor(abs(x) * m + 0.5) / m, x)

    assert values(df.f.round()) == pytest.approx([away(x, 0) for x in data])
    assert values(df.f.round(2)) == pytest.approx([away(x, 2) for x in data])
    assert values(df.f.round(-2)) == pytest.approx([away(x, -2) for x in data])


def test_isin(df, nums):
    # as pandas (also for its nullable dtypes): a missing value is not in a list (False, not
    # missing), unless the list holds None
    assert values(df.a.isin([7, 0])) == nums.a.isin([7, 0]).tolist()
    assert values(df.a.isin([7, None])) == [v is pd.NA or v == 7 for v in nums.a]
    assert values(~df.a.isin([7, 0])) == (~nums.a.isin([7, 0])).tolist()
    assert values(df.a.isin([])) == [False] * len(nums)


def test_literals_of_every_dtype(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"i": [1, 2]})).sort_index()
    u = uuid.UUID("0a6f1c7e-2f7c-4a6e-9d0b-7f3e3c2a1b00")
    literals = {
        "int": 42,
        "float": 2.75,
        "bool": True,
        "str": 'it\'s "q"',
        "date": datetime.date(2021, 3, 4),
        "ts": datetime.datetime(2021, 3, 4, 5, 6, 7, 890000),
        "td": datetime.timedelta(days=1, seconds=5),
        "uuid": u,
        "dict": {"a": [1, 2], "b": None},
        "list": [1, "x", {"y": 2.5}],
    }
    for name, value in literals.items():
        # a list is a JSON constant only when asked for: df[name] = [...] raises (pandas would
        # assign it element-wise)
        df[name] = (
            bach.Series.from_value(df, value, name=name, dtype="json")
            if isinstance(value, list)
            else value
        )
    dtypes = df.dtypes
    assert dtypes == {
        "i": "int64",
        "int": "int64",
        "float": "float64",
        "bool": "bool",
        "str": "string",
        "date": "date",
        "ts": "timestamp",
        "td": "timedelta",
        "uuid": "uuid",
        "dict": "json",
        "list": "json",
    }
    res = df.to_pandas()
    for name, value in literals.items():
        got = [
            v.to_pytimedelta()
            if isinstance(v, pd.Timedelta)
            else v.to_pydatetime()
            if isinstance(v, pd.Timestamp)
            else v
            for v in res[name]
        ]
        assert got == [value, value], name


def test_arithmetic_with_literal_null(df, nums):
    assert values(df.a + None) == [None] * len(nums)


def test_string_accessor(backend):
    data = ["Hello", "wORLD", "", None, "añb", "a'b"]
    s = pd.Series(data, dtype="object")
    df = bach.from_pandas(backend, pd.DataFrame({"s": data})).sort_index()
    ps = s.astype("string")
    assert values(df.s.str.len()) == values(ps.str.len())
    assert values(df.s.str.lower()) == values(ps.str.lower())
    assert values(df.s.str.upper()) == values(ps.str.upper())
    assert values(df.s.str.slice(1, 3)) == values(ps.str.slice(1, 3))
    assert values(df.s.str[0:2]) == values(ps.str[0:2])
    assert values(df.s.str.replace("l", "L")) == values(ps.str.replace("l", "L", regex=False))
    assert values(df.s.str.contains("o")) == values(ps.str.contains("o", regex=False))
    assert values(df.s + "!") == values(ps + "!")


def test_timestamp_ops_and_dt_accessor(backend):
    ts = pd.Series(
        pd.to_datetime(["2022-03-15 13:45:30.25", "2021-12-31 23:59:59", None], format="ISO8601")
    )
    df = bach.from_pandas(backend, pd.DataFrame({"t": ts})).sort_index()
    assert values(df.t.dt.strftime("%Y/%m/%d %H:%M")) == [
        None if pd.isna(v) else v.strftime("%Y/%m/%d %H:%M") for v in ts
    ]
    assert values(df.t.dt.date_trunc("month")) == values(ts.dt.to_period("M").dt.start_time)
    assert values(df.t.dt.date_trunc("day")) == values(ts.dt.floor("D"))
    start = datetime.datetime(2021, 1, 1)
    delta = df.t - start
    assert delta.dtype == "timedelta"
    assert values(delta) == values(ts - start)
    assert values(delta.dt.total_seconds) == pytest.approx(values((ts - start).dt.total_seconds()))
    moved = df.t + datetime.timedelta(hours=1, microseconds=5)
    assert values(moved) == values(ts + pd.Timedelta(hours=1, microseconds=5))
    assert values(df.t > "2022-01-01") == values(
        (ts > pd.Timestamp("2022-01-01")).astype("boolean").where(ts.notna(), pd.NA)
    )


def test_date_ops(backend):
    ds = [datetime.date(2022, 2, 28), datetime.date(2020, 2, 29), None]
    df = bach.from_pandas(backend, pd.DataFrame({"d": ds})).sort_index()
    assert values(df.d + datetime.timedelta(days=1)) == [
        None if d is None else d + datetime.timedelta(days=1) for d in ds
    ]
    assert values(df.d.dt.strftime("%d-%m-%Y")) == [
        None if d is None else d.strftime("%d-%m-%Y") for d in ds
    ]
    assert values(df.d.astype("string")) == [None if d is None else d.isoformat() for d in ds]


def test_json_accessor(backend):
    import json

    docs = [{"a": 1, "b": "x", "arr": [1, 2, 3]}, {"a": None, "arr": []}, {"b": "y", "arr": [9]}]
    df = bach.from_pandas(backend, pd.DataFrame({"j": docs})).sort_index()
    assert df.j.dtype == "json"
    assert values(df.j.json["b"]) == [d.get("b") for d in docs]
    assert values(df.j.json["arr"].json[0]) == [d["arr"][0] if d["arr"] else None for d in docs]
    assert values(df.j.json["arr"].json[-1]) == [d["arr"][-1] if d["arr"] else None for d in docs]
    assert values(df.j.json.get_value("b", as_str=True)) == [d.get("b") for d in docs]
    assert values(df.j.json["arr"].json.get_array_length()) == [len(d["arr"]) for d in docs]
    assert values(df.j.astype("string").astype("json")) == docs
    _ = json  # parsed values are compared directly


def test_uuid_compare(backend):
    u1, u2 = uuid.uuid4(), uuid.uuid4()
    df = bach.from_pandas(backend, pd.DataFrame({"u": [u1, u2, None]})).sort_index()
    assert values(df.u == u1) == [True, False, None]
    assert values(df.u.astype("string")) == [str(u1), str(u2), None]


def test_bool_aggregates_and_int_cast(backend):
    p = pd.Series([True, False, None, True], dtype="boolean")
    df = bach.from_pandas(backend, pd.DataFrame({"p": p}))
    assert df.p.sum().value == int(p.sum())
    assert bool(df.p.min().value) is bool(p.min())
    assert bool(df.p.max().value) is bool(p.max())
    assert values(df.sort_index().p.astype("int64")) == [1, 0, None, 1]
    _ = np
