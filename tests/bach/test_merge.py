"""merge on every backend, compared with pandas.merge (row order is not defined: compared as sets)."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach


@pytest.fixture
def left_pdf():
    return pd.DataFrame(
        {"k": [1, 2, 2, 3, None], "a": ["x", "y", "z", "w", "n"], "v": [1.0, 2.0, 3.0, 4.0, 5.0]}
    )


@pytest.fixture
def right_pdf():
    return pd.DataFrame(
        {"k": [2, 3, 3, 4], "b": ["p", "q", "r", "s"], "v": [10.0, 20.0, 30.0, 40.0]}
    )


def _frames(backend, left_pdf, right_pdf):
    left = bach.from_pandas(backend, left_pdf, name="left_data").reset_index(drop=True)
    right = bach.from_pandas(backend, right_pdf, name="right_data").reset_index(drop=True)
    return left, right


@pytest.mark.parametrize("how", ["inner", "left", "right", "outer"])
def test_merge_on(backend, left_pdf, right_pdf, how):
    left, right = _frames(backend, left_pdf, right_pdf)
    got = left.merge(right, on="k", how=how)
    # a NULL key matches nothing in SQL (pandas matches NaN with NaN: the right side has none)
    expected = left_pdf.merge(right_pdf, on="k", how=how)
    assert list(got.columns) == list(expected.columns)
    assert_frame_matches(got, expected, check_dtypes=False)


def test_merge_cross(backend, left_pdf, right_pdf):
    left, right = _frames(backend, left_pdf, right_pdf)
    got = left[["a"]].merge(right[["b"]], how="cross")
    expected = left_pdf[["a"]].merge(right_pdf[["b"]], how="cross")
    assert_frame_matches(got, expected)


def test_merge_left_on_right_on_and_suffixes(backend, left_pdf, right_pdf):
    left, right = _frames(backend, left_pdf, right_pdf)
    right = right.rename(columns={"k": "rk"})
    rp = right_pdf.rename(columns={"k": "rk"})
    got = left.merge(right, left_on="k", right_on="rk", suffixes=("_left", "_right"))
    expected = left_pdf.merge(rp, left_on="k", right_on="rk", suffixes=("_left", "_right"))
    assert list(got.columns) == list(expected.columns)
    assert_frame_matches(got, expected, check_dtypes=False)


def test_merge_left_index_right_index(backend):
    lp = pd.DataFrame({"a": [1, 2, 3]}, index=pd.Index([10, 20, 30], name="id"))
    rp = pd.DataFrame({"b": ["x", "y"]}, index=pd.Index([20, 30], name="id"))
    left = bach.from_pandas(backend, lp, name="l_data")
    right = bach.from_pandas(backend, rp, name="r_data")
    got = left.merge(right, left_index=True, right_index=True)
    expected = lp.merge(rp, left_index=True, right_index=True).rename_axis("_index_id")
    assert_frame_matches(got, expected)


def test_merge_multiple_keys(backend):
    lp = pd.DataFrame({"k1": [1, 1, 2], "k2": ["a", "b", "a"], "x": [1, 2, 3]})
    rp = pd.DataFrame({"k1": [1, 2, 2], "k2": ["b", "a", "c"], "y": [7, 8, 9]})
    left, right = _frames(backend, lp, rp)
    got = left.merge(right, on=["k1", "k2"], how="left")
    assert_frame_matches(got, lp.merge(rp, on=["k1", "k2"], how="left"), check_dtypes=False)


def test_merge_with_aggregate_of_same_frame(backend, left_pdf):
    left = bach.from_pandas(backend, left_pdf).reset_index(drop=True)
    totals = left.groupby("a").v.sum().reset_index()
    got = left.merge(totals, on="a", suffixes=("", "_total"))
    expected = left_pdf.merge(
        left_pdf.groupby("a").v.sum().reset_index(), on="a", suffixes=("", "_total")
    )
    assert_frame_matches(got, expected, check_dtypes=False)


def test_merge_series(backend, left_pdf):
    left = bach.from_pandas(backend, left_pdf).reset_index(drop=True)
    counts = left.groupby("a").v.count()
    got = left.merge(counts, left_on="a", right_index=True)
    pc = left_pdf.groupby("a").v.count()
    expected = left_pdf.merge(pc, left_on="a", right_index=True)
    assert_frame_matches(got, expected, check_dtypes=False)
