"""The original's window idiom, ``df.sort_values(...).groupby(...).window(**frame)``, on every
backend: the windowed frame's Series aggregate over the window and its window functions use it.
Expected values come from pandas (expanding/rolling/shift/transform) on the same data."""

from __future__ import annotations

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach import WindowFrameBoundary, WindowFrameMode


@pytest.fixture
def pdf():
    # (g, t) is unique: a total order within each group; v has a NULL
    return pd.DataFrame(
        {
            "g": ["a", "a", "a", "b", "b", "c", "a", "b"],
            "t": [3, 1, 2, 2, 1, 1, 4, 3],
            "v": pd.array([10, 20, 5, 5, None, 7, 30, 8], dtype="Int64"),
            "f": [1.5, 1.5, 2.5, 2.5, 1.5, 3.5, 2.5, 1.5],
        }
    )


@pytest.fixture
def df(backend, pdf):
    return bach.from_pandas(backend, pdf)


def _by_index(series) -> dict:
    result = series.to_pandas()
    return {int(k): (None if pd.isna(v) else float(v)) for k, v in result.items()}


def _expected(series: pd.Series) -> dict:
    return {int(k): (None if pd.isna(v) else float(v)) for k, v in series.items()}


def _sorted_groups(pdf: pd.DataFrame):
    return pdf.sort_values("t").groupby("g").v


def test_aggregates_over_a_sorted_window_are_running(df, pdf):
    window = df.sort_values("t").groupby("g").window()
    groups = _sorted_groups(pdf)
    # SQL skips NULLs as pandas' expanding() does: the running value carries over a NULL row
    for name in ("min", "max", "sum", "count"):
        expected = getattr(groups.expanding(min_periods=1), name)().reset_index(level=0, drop=True)
        if name in ("count", "sum"):
            # a frame of only NULLs: count 0, and sum 0 as pandas' Series.sum() (min_count=0)
            expected = expected.fillna(0)
        assert _by_index(getattr(window["v"], name)()) == _expected(expected), name


def test_aggregates_over_an_unsorted_window_take_the_whole_partition(df, pdf):
    window = df.groupby("g").window()
    assert _by_index(window["v"].max()) == _expected(pdf.groupby("g").v.transform("max"))
    assert _by_index(window.v.sum()) == _expected(pdf.groupby("g").v.transform("sum"))


def test_rows_frame_of_two_rows(df, pdf):
    window = (
        df.sort_values("t")
        .groupby("g")
        .window(
            mode=WindowFrameMode.ROWS, start_boundary=WindowFrameBoundary.PRECEDING, start_value=1
        )
    )
    expected = _sorted_groups(pdf).rolling(2, min_periods=1).sum().reset_index(level=0, drop=True)
    expected = expected.fillna(0)  # sum of only NULLs: 0, as pandas' Series.sum()
    assert _by_index(window["v"].sum()) == _expected(expected)


def test_rows_frame_around_the_row(df, pdf):
    window = (
        df.sort_values("t")
        .groupby("g")
        .window(
            mode=WindowFrameMode.ROWS,
            start_value=1,
            end_boundary=WindowFrameBoundary.FOLLOWING,
            end_value=1,
        )
    )
    expected = (
        _sorted_groups(pdf)
        .rolling(3, center=True, min_periods=1)
        .max()
        .reset_index(level=0, drop=True)
    )
    assert _by_index(window["v"].max()) == _expected(expected)


def test_range_frame_includes_peers(df, pdf):
    """RANGE (the default) counts rows with an equal sort key together: hand-computed on f."""
    window = df.sort_values("f").window()
    got = _by_index(window["t"].count())
    # f sorted: 1.5 x4, 2.5 x3, 3.5 x1 -> running counts with peers: 4, 7, 8
    expected = {i: {1.5: 4.0, 2.5: 7.0, 3.5: 8.0}[f] for i, f in pdf.f.items()}
    assert got == expected


def test_window_functions_of_the_windowed_frame(df, pdf):
    window = df.sort_values("t").groupby("g").window()
    groups = _sorted_groups(pdf)
    assert _by_index(window.v.window_lag()) == _expected(groups.shift(1))
    assert _by_index(window["v"].window_lead(2)) == _expected(groups.shift(-2))
    numbers = pdf.sort_values("t").groupby("g").cumcount() + 1
    assert _by_index(window.t.window_row_number()) == _expected(numbers)


def test_windowed_frame_as_window_and_partition_of_the_frame(df, pdf):
    window = df.sort_values("t").groupby("g").window(mode=WindowFrameMode.ROWS)
    groups = _sorted_groups(pdf)
    df["previous"] = df.v.window_lag(window=window)
    df["running"] = df.v.sum(partition=window)
    got = df.to_pandas()
    assert _expected(got.previous) == _expected(groups.shift(1))
    running = groups.expanding(min_periods=1).sum().reset_index(level=0, drop=True).fillna(0)
    assert _expected(got.running) == _expected(running)


def test_float_partition_keys(df, pdf):
    window = df.sort_values(["t", "g"]).groupby("f").window()
    expected = pdf.sort_values(["t", "g"]).groupby("f").t.cumcount() + 1
    assert _by_index(window.t.window_row_number()) == _expected(expected)


def test_ungrouped_window(df, pdf):
    # ties on t: order the peers by index to make the running sum deterministic
    window = df.sort_values(["t", "_index_0"]).window(mode=WindowFrameMode.ROWS)
    expected = pdf.sort_values("t", kind="stable").v.expanding(min_periods=1).sum()
    assert _by_index(window["v"].sum()) == _expected(expected)


def test_the_windowed_frame_keeps_the_rows(df, pdf):
    window = df.sort_values("t").groupby("g").window()
    assert window.index_columns == ["_index_0"]
    assert window.columns == ["g", "t", "v", "f"]
    got = window.to_pandas().sort_index()
    assert got.g.tolist() == pdf.g.tolist()
    assert got.t.tolist() == pdf.t.tolist()


def test_window_functions_need_a_sorted_window(df):
    window = df.groupby("g").window()
    with pytest.raises(bach.InvalidArgumentError, match="Window must be sorted") as info:
        window.v.window_row_number()
    assert isinstance(info.value, ValueError)
    with pytest.raises(ValueError, match="Window must be sorted"):
        df.v.window_lag(window=window)


def test_unknown_frame_arguments_raise(df):
    with pytest.raises(bach.InvalidArgumentError, match="'frame'"):
        df.sort_values("t").window(frame="rows")
    with pytest.raises(bach.InvalidArgumentError, match="non-negative"):
        df.sort_values("t").window(start_value=-1)


def test_a_window_of_a_windowed_frame_keeps_partition_and_order(df, pdf):
    rows = (
        df.sort_values("t").groupby("g").window().window(mode=WindowFrameMode.ROWS, start_value=1)
    )
    expected = _sorted_groups(pdf).rolling(2, min_periods=1).max().reset_index(level=0, drop=True)
    assert _by_index(rows["v"].max()) == _expected(expected)
