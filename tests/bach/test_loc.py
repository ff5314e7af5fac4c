"""DataFrame.loc (get and set) on every backend, against pandas' loc on the same data."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches, normalize

import objectiv_bach as bach
from objectiv_bach.errors import ColumnNotFoundError, DtypeError, InvalidArgumentError

HOSTILE = 'it\'s "q" -- ; DROP TABLE x; \\ ü'


@pytest.fixture
def pdf():
    # unique labels (pandas slices a non-monotonic index only by unique labels)
    return pd.DataFrame(
        {
            "k": ["a", "b", HOSTILE, "d", "e", "f"],
            "r": [3, 1, 5, 2, 6, 4],
            "x": [1.5, None, 3.0, -2.0, 0.0, 8.0],
            "y": [10.0, 20.0, None, 40.0, 50.0, 60.0],
        }
    ).set_index("k")


@pytest.fixture
def df(backend, pdf):
    return bach.from_pandas(backend, pdf.reset_index()).set_index("k")


def _stacked_dict(series) -> dict:
    result = series.to_pandas()
    return {str(k): normalize(v) for k, v in result.items()}


def test_single_label_is_a_stacked_series(df, pdf):
    got = df.loc["b"]
    assert list(got.index) == ["__stacked_index"]
    assert _stacked_dict(got) == {k: normalize(v) for k, v in pdf.loc["b"].items()}
    got = df.loc[HOSTILE, "x":"y"]
    assert _stacked_dict(got) == {k: normalize(v) for k, v in pdf.loc[HOSTILE, "x":"y"].items()}


@pytest.mark.parametrize("rows", [["a", HOSTILE], ["f"], []])
@pytest.mark.parametrize("columns", [None, "x", ["y", "r"], slice("r", "x"), slice("x", None)])
def test_labels_and_columns(df, pdf, rows, columns):
    got = df.loc[rows] if columns is None else df.loc[rows, columns]
    expected = pdf.loc[rows] if columns is None else pdf.loc[rows, columns]
    if isinstance(expected, pd.Series):
        expected = expected.to_frame()
    assert got.columns == list(expected.columns)
    assert_frame_matches(got, expected, check_dtypes=False)


def test_bool_series(df, pdf):
    assert_frame_matches(df.loc[df.x > 0], pdf.loc[pdf.x > 0])
    assert_frame_matches(df.loc[df.y.isnull(), ["x"]], pdf.loc[pdf.y.isnull(), ["x"]])


@pytest.mark.parametrize(
    "rows",
    [slice("d", HOSTILE), slice(None, "a"), slice("f", None), slice("e", "b"), slice(None, None)],
)
def test_label_slice_on_sorted_frame(df, pdf, rows):
    got = df.sort_values("r").loc[rows, "x":"y"]
    expected = pdf.sort_values("r").loc[rows, "x":"y"]
    assert got.columns == ["x", "y"]
    assert_frame_matches(got, expected)
    # descending order: other rows
    got = df.sort_values("r", ascending=False).loc[rows]
    assert_frame_matches(got, pdf.sort_values("r", ascending=False).loc[rows])


@pytest.mark.parametrize(
    ("rows", "columns", "value"),
    [
        ("b", None, 7.0),
        (["a", HOSTILE], "x", -1.0),
        (["d"], ["x", "y"], 5),  # an int into float columns
        (None, "y", 0.5),  # None: a bool Series key, made below
        (slice("d", "a"), slice("x", "y"), 2.5),
        (slice(None, "d"), "r", 99),
        ("e", "x", None),
    ],
)
def test_set(df, pdf, rows, columns, value):
    if rows is None:
        bach_rows, pandas_rows = df.x > 0, pdf.x > 0
    else:
        bach_rows = pandas_rows = rows
    target = df.sort_values("r")
    expected = pdf.sort_values("r").copy()
    if columns is None:
        target.loc[bach_rows] = value
        expected.loc[pandas_rows] = value
    else:
        target.loc[bach_rows, columns] = value
        expected.loc[pandas_rows, columns] = value
    assert target.columns == ["r", "x", "y"]
    assert_frame_matches(target, expected, check_dtypes=False)


def test_set_series_value(df, pdf):
    df.loc[df.x.isnull(), "x"] = df.y * 2
    expected = pdf.copy()
    expected.loc[expected.x.isnull(), "x"] = expected.y * 2
    assert_frame_matches(df, expected)


def test_one_row_and_empty(backend, pdf):
    one = bach.from_pandas(backend, pdf.iloc[:1].reset_index()).set_index("k")
    assert_frame_matches(one.sort_values("r").loc["a":"a"], pdf.iloc[:1])
    empty = one[one.r > 100]
    assert len(empty.loc[["a"]].to_pandas()) == 0
    empty.loc["a", "x"] = 1.0
    assert len(empty.to_pandas()) == 0


def test_errors(pdf):
    df = bach.from_pandas(None, pdf.reset_index()).set_index("k")
    with pytest.raises(InvalidArgumentError, match="sorted"):
        df.loc["a":"b"]
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        df.loc[["a"], "nope"]
    with pytest.raises(InvalidArgumentError, match="no index"):
        df.reset_index(drop=True).loc["a"]
    with pytest.raises(DtypeError, match="dtype 'string'"):
        df.loc["a", "x"] = "text"
    with pytest.raises(InvalidArgumentError, match="grouped"):
        df.groupby("r").loc["a"] = 1
