"""Window functions on every backend, against pandas groupby().shift()/cumcount()/rank()."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.partitioning import WindowFrameBoundary, WindowFrameMode


@pytest.fixture
def pdf():
    # (g, t) is unique: a total order within each group
    return pd.DataFrame(
        {
            "g": ["a", "a", "a", "b", "b", "c", "a", "b"],
            "t": [3, 1, 2, 2, 1, 1, 4, 3],
            "v": pd.array([10, 20, 20, 5, None, 7, 30, 5], dtype="Int64"),
        }
    )


@pytest.fixture
def df(backend, pdf):
    return bach.from_pandas(backend, pdf)


def _by_index(series) -> dict:
    result = series.to_pandas()
    return {int(k): (None if pd.isna(v) else v) for k, v in result.items()}


def _expected(series: pd.Series) -> dict:
    return {int(k): (None if pd.isna(v) else v) for k, v in series.items()}


def test_row_number_grouped(df, pdf):
    grouped = df.sort_values("t").groupby("g")
    got = grouped.t.window_row_number()
    expected = pdf.sort_values("t").groupby("g").cumcount() + 1
    assert _by_index(got) == _expected(expected)


def test_rank_and_dense_rank(df, pdf):
    ordered = df.sort_values("v").groupby("g")
    rank = ordered.v.window_rank()
    dense = ordered.v.window_dense_rank()
    # SQL ranks NULLs too (last); pandas leaves them NaN: compare non-null rows
    pr = pdf.groupby("g").v.rank(method="min")
    pdr = pdf.groupby("g").v.rank(method="dense")
    got_rank, got_dense = _by_index(rank), _by_index(dense)
    for i in pdf.index[pdf.v.notna()]:
        assert got_rank[i] == pr[i]
        assert got_dense[i] == pdr[i]


def test_lag_lead_with_default(df, pdf):
    grouped = df.sort_values("t").groupby("g")
    ps = pdf.sort_values("t").groupby("g").v
    assert _by_index(grouped.v.window_lag()) == _expected(ps.shift(1))
    assert _by_index(grouped.v.window_lead(2)) == _expected(ps.shift(-2))
    assert _by_index(grouped.v.window_lag(1, default=-1)) == _expected(ps.shift(1, fill_value=-1))


def test_first_last_value(df, pdf):
    grouped = df.sort_values("t").groupby("g")
    window = grouped.window(
        mode=WindowFrameMode.ROWS,
        start_boundary=WindowFrameBoundary.PRECEDING,
        end_boundary=WindowFrameBoundary.FOLLOWING,
    )
    ps = pdf.sort_values("t").groupby("g").v
    # FIRST_VALUE is the first row's value, NULL or not (pandas' "first" skips NA)
    first = ps.transform(lambda s: s.iloc[0])
    assert _by_index(grouped.v.window_first_value()) == _expected(first)
    # with a whole-partition frame the last value is the partition's last row
    last = grouped.v.window_last_value(window=window)
    exp_last = pdf.sort_values("t").groupby("g").v.transform(lambda s: s.iloc[-1])
    assert _by_index(last) == _expected(exp_last)


def test_ungrouped_sorted_window(df, pdf):
    ordered = df.sort_values(["g", "t"])
    got = ordered.v.window_lag()
    expected = pdf.sort_values(["g", "t"]).v.shift(1)
    assert _by_index(got) == _expected(expected)


def test_aggregate_over_partition(df, pdf):
    grouped = df.groupby("g")
    got = df.v.sum(partition=grouped)
    expected = pdf.groupby("g").v.transform("sum")
    assert _by_index(got) == _expected(expected)
    got_max = df.v.max(partition=grouped)
    assert _by_index(got_max) == _expected(pdf.groupby("g").v.transform("max"))


def test_cumulative_sum_over_sorted_window(df, pdf):
    window = df.sort_values("t").groupby("g").window(mode=WindowFrameMode.ROWS)
    got = df.v.sum(partition=window)
    ps = pdf.sort_values("t")
    expected = ps.groupby("g").v.cumsum()
    # pandas' cumsum leaves NaN where the value is NaN; SQL's running sum carries on
    carried = ps.v.fillna(0).groupby(ps.g).cumsum().astype("Int64")
    assert _by_index(got) == _expected(carried)
    assert expected.notna().sum() <= len(expected)


def test_window_result_assigned_and_filtered(df, pdf):
    df["prev"] = df.sort_values("t").groupby("g").v.window_lag()
    got = df[df.prev.notnull()][["g", "t", "prev"]]
    p = pdf.sort_values("t").assign(prev=lambda d: d.groupby("g").v.shift(1)).sort_index()
    expected = p[p.prev.notna()][["g", "t", "prev"]]
    assert_frame_matches(got, expected)


def test_window_without_sort_raises(df):
    with pytest.raises(bach.InvalidArgumentError, match="sort"):
        df.v.window_row_number()
