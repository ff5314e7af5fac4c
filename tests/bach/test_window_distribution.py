"""percent_rank, cume_dist, ntile, nth_value and last_value windows on every backend.

Expected values: pandas' rank() per group for percent_rank and cume_dist, and hand-worked rules
(SQL NTILE, NTH_VALUE over the frame) for the rest.
"""

from __future__ import annotations

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import InvalidArgumentError
from objectiv_bach.partitioning import WindowFrameBoundary, WindowFrameMode


@pytest.fixture
def pdf():
    # v has ties within group a; t is unique within each group
    return pd.DataFrame(
        {
            "g": ["a", "a", "a", "b", "b", "c", "a", "b", "a"],
            "t": [3, 1, 2, 2, 1, 1, 4, 3, 5],
            "v": [10, 20, 20, 5, 6, 7, 30, 5, 40],
        }
    )


@pytest.fixture
def df(backend, pdf):
    return bach.from_pandas(backend, pdf)


def _by_index(series) -> dict:
    return {int(k): (None if pd.isna(v) else v) for k, v in series.to_pandas().items()}


def test_percent_rank_and_cume_dist_with_ties(df, pdf):
    window = df.sort_values("v").groupby("g").window()
    got_p = _by_index(df.v.window_percent_rank(window=window))
    got_c = _by_index(df.v.window_cume_dist(window=window))
    grouped = pdf.groupby("g").v
    size = grouped.transform("size")
    expected_p = ((grouped.rank(method="min") - 1) / (size - 1)).fillna(0.0)
    expected_c = grouped.rank(method="max") / size
    assert got_p == pytest.approx({int(k): float(v) for k, v in expected_p.items()})
    assert got_c == pytest.approx({int(k): float(v) for k, v in expected_c.items()})


def _ntile(n: int, buckets: int) -> list[int]:
    """SQL NTILE by hand: the first n % buckets buckets hold one row more."""
    small, extra = divmod(n, buckets)
    out: list[int] = []
    for bucket in range(1, buckets + 1):
        out += [bucket] * (small + (1 if bucket <= extra else 0))
    return out


@pytest.mark.parametrize("buckets", [1, 2, 3, 7])
def test_ntile(df, pdf, buckets):
    window = df.sort_values("t").groupby("g").window()
    got = _by_index(df.v.window_ntile(buckets, window=window))
    expected = {}
    for _, group in pdf.sort_values("t").groupby("g"):
        expected.update(dict(zip(group.index, _ntile(len(group), buckets), strict=True)))
    assert got == expected


def test_nth_value_default_frame_and_whole_partition(df, pdf):
    ordered = df.sort_values("t").groupby("g")
    running = _by_index(df.v.window_nth_value(2, window=ordered.window()))
    whole = _by_index(
        df.v.window_nth_value(
            2, window=ordered.window(end_boundary=None, mode=WindowFrameMode.ROWS)
        )
    )
    expected_running, expected_whole = {}, {}
    for _, group in pdf.sort_values("t").groupby("g"):
        values = group.v.tolist()
        second = values[1] if len(values) > 1 else None
        for position, index in enumerate(group.index):
            expected_running[index] = values[1] if position >= 1 else None
            expected_whole[index] = second
    assert running == expected_running
    assert whole == expected_whole


def test_last_value_frames(df, pdf):
    ordered = df.sort_values("t").groupby("g")
    sliding = ordered.window(
        mode=WindowFrameMode.ROWS,
        start_boundary=WindowFrameBoundary.PRECEDING,
        start_value=1,
        end_boundary=WindowFrameBoundary.FOLLOWING,
        end_value=1,
    )
    got_default = _by_index(df.v.window_last_value(window=ordered.window()))
    got_sliding = _by_index(df.v.window_last_value(window=sliding))
    got_whole = _by_index(df.v.window_last_value(window=ordered.window(end_boundary=None)))
    shifted = pdf.sort_values("t").groupby("g").v.shift(-1)
    assert got_default == {int(k): v for k, v in pdf.v.items()}  # t is unique: no peers
    assert got_sliding == {
        int(k): int(pdf.v[k] if pd.isna(shifted[k]) else shifted[k]) for k in pdf.index
    }
    last = pdf.sort_values("t").groupby("g").v.transform("last")
    assert got_whole == {int(k): int(v) for k, v in last.items()}


def test_nth_value_float_and_string(df, pdf):
    window = df.sort_values(["t", "g"]).window(end_boundary=None, mode=WindowFrameMode.ROWS)
    first_by_t = pdf.sort_values(["t", "g"])
    got = df.g.window_nth_value(3, window=window)
    assert got.dtype == "string"
    assert set(_by_index(got).values()) == {first_by_t.g.iloc[2]}
    got_f = (df.v * 0.5).window_nth_value(1, window=window)
    assert set(_by_index(got_f).values()) == {first_by_t.v.iloc[0] * 0.5}


def test_window_functions_need_a_sorted_frame_and_valid_arguments(df):
    with pytest.raises(InvalidArgumentError, match="sorted"):
        df.v.window_percent_rank()
    window = df.sort_values("t").window()
    with pytest.raises(ValueError, match="num_buckets"):
        df.v.window_ntile(0, window=window)
    with pytest.raises(ValueError, match="n="):
        df.v.window_nth_value(0, window=window)
