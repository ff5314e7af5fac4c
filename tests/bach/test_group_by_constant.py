"""Grouping by a constant: one group (no group on an empty frame), never a column position.

``GROUP BY 0`` means "the 0th output column" to DuckDB, PostgreSQL and BigQuery, and
PostgreSQL refuses any other constant literal as a group key: the renderer never writes a bare
literal there (see ``plan/render.py``). Expected values come from pandas.
"""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach

PDF = pd.DataFrame(
    {
        "g": ["a", "b", "a", "c"],
        "x": pd.array([1, 2, None, 4], dtype="Int64"),
        "y": [1.5, -2.5, 3.25, None],
    }
)

#: constants of several dtypes (an int is a column position in GROUP BY)
CONSTANTS = [0, 1, 7, -3, "k", 2.5, True]


@pytest.fixture
def df(backend):
    return bach.from_pandas(backend, PDF).reset_index(drop=True)


@pytest.mark.parametrize("value", CONSTANTS, ids=[repr(v) for v in CONSTANTS])
def test_groupby_constant_column(df, value):
    df = df.copy()
    df["k"] = value
    got = df[["k", "x", "y"]].groupby("k").agg(["sum", "count"])
    p = PDF.assign(k=value)
    expected = p.groupby("k").agg(x_sum=("x", "sum"), x_count=("x", "count"))
    expected["y_sum"] = p.groupby("k")["y"].sum()
    expected["y_count"] = p.groupby("k")["y"].count()
    expected = expected[["x_sum", "x_count", "y_sum", "y_count"]]
    assert_frame_matches(got, expected, check_dtypes=False)


@pytest.mark.parametrize("value", [0, 5, "k"])
def test_groupby_constant_series(df, value):
    key = bach.Series.from_value(df, value, name="k") if not isinstance(value, str) else None
    if key is None:
        key = bach.SeriesString.from_value(df, value, name="k")
    got = df.groupby(key).y.max()
    expected = PDF.groupby(pd.Series(value, index=PDF.index, name="k")).y.max()
    assert_frame_matches(got, expected, check_dtypes=False)


def test_groupby_constant_and_column(df):
    df = df.copy()
    df["k"] = 0
    got = df.groupby(["k", "g"]).x.sum()
    expected = PDF.assign(k=0).groupby(["k", "g"]).x.sum()
    assert_frame_matches(got, expected, check_dtypes=False)


def test_groupby_constant_on_empty_frame_has_no_group(df):
    df = df[df.y > 100].copy()
    df["k"] = 0
    got = df.groupby("k").y.sum()
    expected = PDF[PDF.y > 100].assign(k=0).groupby("k").y.sum()
    assert len(expected) == 0
    assert_frame_matches(got, expected, check_dtypes=False)


@pytest.mark.parametrize("threshold", [0, 100])
def test_groupby_constant_then_filter_on_the_aggregate(df, threshold):
    # the filter is a HAVING of the same step, next to the one that keeps empty input empty
    df = df.copy()
    df["k"] = 3
    totals = df.groupby("k").agg({"x": "sum"})
    got = totals[totals.x_sum > threshold]
    p = PDF.assign(k=3).groupby("k").agg(x_sum=("x", "sum"))
    expected = p[p.x_sum > threshold]
    assert "HAVING" in got.view_sql()
    assert_frame_matches(got, expected, check_dtypes=False)
