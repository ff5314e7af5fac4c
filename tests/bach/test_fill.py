"""ffill / bfill / fillna(method=...) on every backend, against pandas."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.errors import InvalidArgumentError

HOSTILE = 'it\'s "q" -- ; \\ ü'


@pytest.fixture
def pdf():
    return pd.DataFrame(
        {
            "g": ["a", "b", "a", "b", "a", "a", HOSTILE, "b"],
            "t": [5, 1, 2, 3, 4, 7, 9, 6],  # unique: one order
            "x": pd.array([None, 2, None, None, 5, None, None, 8], dtype="Int64"),
            "y": [1.5, None, None, 2.5, None, None, 3.0, None],
            "s": [None, "p", HOSTILE, None, None, "r", None, None],
        }
    )


def _bach(backend, pdf):
    return bach.from_pandas(backend, pdf)


def _index(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename_axis("_index_0")


@pytest.mark.parametrize("method", ["ffill", "bfill"])
@pytest.mark.parametrize("ascending", [True, False])
def test_fill_sorted(backend, pdf, method, ascending):
    df = _bach(backend, pdf)
    got = getattr(df, method)(sort_by="t", ascending=ascending)
    expected = getattr(pdf.sort_values("t", ascending=ascending), method)()
    assert_frame_matches(got, _index(expected), with_index=True)


@pytest.mark.parametrize("method", ["ffill", "bfill"])
def test_fill_grouped(backend, pdf, method):
    df = _bach(backend, pdf)
    got = getattr(df.sort_values("t").groupby("g"), method)()
    assert got.columns == ["t", "x", "y", "s"]
    expected = getattr(pdf.sort_values("t").groupby("g"), method)()
    assert_frame_matches(got, _index(expected), with_index=True)


@pytest.mark.parametrize(
    ("method", "pandas_method"),
    [("pad", "ffill"), ("ffill", "ffill"), ("backfill", "bfill"), ("bfill", "bfill")],
)
def test_fillna_method(backend, pdf, method, pandas_method):
    df = _bach(backend, pdf)
    got = df.sort_values("t").fillna(method=method)
    expected = getattr(pdf.sort_values("t"), pandas_method)()
    assert_frame_matches(got, _index(expected), with_index=True)


def test_fill_with_window_and_after_window_column(backend, pdf):
    df = _bach(backend, pdf)
    # a column that is itself a window function: the fill reads it from a node of its own
    df["prev"] = df.sort_values("t").x.window_lag()
    p = pdf.sort_values("t")
    p = p.assign(prev=p.x.shift(1))
    got = df.sort_values("t")[["t", "prev"]].bfill()
    assert_frame_matches(got, _index(p[["t", "prev"]].bfill()), with_index=True, check_dtypes=False)
    # window=: the partition and order of a sorted grouped frame of the same state
    m = df.materialize()
    window = m.sort_values("t").groupby("g").window()
    got = m[["t", "prev"]].ffill(window=window)
    expected = p.groupby("g")[["t", "prev"]].ffill()
    assert_frame_matches(got, _index(expected), with_index=True, check_dtypes=False)


def test_one_row_and_empty(backend, pdf):
    one = pdf.iloc[:1]
    df = _bach(backend, one)
    assert_frame_matches(df.ffill(sort_by="t"), _index(one.ffill()), with_index=True)
    empty = df[df.t > 100].bfill(sort_by="t")
    assert len(empty.to_pandas()) == 0


def test_errors(pdf):
    df = bach.from_pandas(None, pdf)
    with pytest.raises(InvalidArgumentError, match="needs a sorted frame"):
        df.ffill()
    with pytest.raises(ValueError, match="method='nearest'"):
        df.fillna(method="nearest", sort_by="t")
    with pytest.raises(InvalidArgumentError, match="not both"):
        df.fillna(value=1, method="ffill", sort_by="t")


def test_sql_has_no_ignore_nulls(dialect, pdf):
    sql = bach.from_pandas(None, pdf).ffill(sort_by="t").view_sql(dialect=dialect)
    assert "IGNORE NULLS" not in sql
    assert "FIRST_VALUE(" in sql
