"""rolling / expanding on every backend, against pandas' rolling/expanding on the same data."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_rows_equal, normalize

import objectiv_bach as bach
from objectiv_bach.errors import InvalidArgumentError, UnsupportedOperationError


@pytest.fixture
def pdf():
    # (g, t) is unique: a total order within each group, and t alone is unique too
    return pd.DataFrame(
        {
            "g": ["a", "a", "a", "b", "b", 'it\'s "b"', "a", "b", "a"],
            "t": [3, 1, 2, 5, 4, 6, 7, 8, 9],
            "x": pd.array([10, 20, None, 5, None, 7, 30, 5, 1], dtype="Int64"),
            "y": [1.5, None, 3.0, -1.0, 2.0, 0.5, None, 4.0, 8.0],
        }
    )


def _rows(result, columns):
    frame = result.to_pandas()
    return [(int(i), *(normalize(frame.loc[i, c]) for c in columns)) for i in frame.index]


def _expected(pdf, by, make, funcs, columns=("x", "y")):
    ordered = pdf.sort_values("t")
    out = {}
    for column in columns:
        values = ordered[column].astype("float64")
        for func in funcs:
            if by is None:
                out[f"{column}_{func}"] = getattr(make(values), func)()
            else:
                out[f"{column}_{func}"] = values.groupby(ordered[by]).transform(
                    lambda s, f=func: getattr(make(s), f)()
                )
    frame = pd.DataFrame(out)
    names = [f"{c}_{f}" for c in columns for f in funcs]
    return [(int(i), *(normalize(frame.loc[i, n]) for n in names)) for i in frame.index], names


FUNCS = ["sum", "count", "mean", "min", "max", "std", "var"]


@pytest.mark.parametrize(
    ("window", "min_periods", "center"),
    [(2, None, False), (3, 1, False), (3, 2, True), (4, 0, True), (1, None, False)],
)
@pytest.mark.parametrize("by", [None, "g"])
def test_rolling(backend, pdf, window, min_periods, center, by):
    df = bach.from_pandas(backend, pdf[["g", "t", "x", "y"]])
    frame = df.sort_values("t")
    if by is not None:
        frame = frame.groupby(by)
    got = frame[["x", "y"]].rolling(window, min_periods=min_periods, center=center).agg(FUNCS)
    expected, names = _expected(
        pdf, by, lambda s: s.rolling(window, min_periods=min_periods, center=center), FUNCS
    )
    assert got.columns == names
    assert_rows_equal(_rows(got, names), expected, ordered=False, rel=1e-7)


@pytest.mark.parametrize("min_periods", [1, 2, 0])
@pytest.mark.parametrize("by", [None, "g"])
def test_expanding(backend, pdf, min_periods, by):
    df = bach.from_pandas(backend, pdf[["g", "t", "x", "y"]])
    frame = df.sort_values("t") if by is None else df.sort_values("t").groupby(by)
    got = frame[["x", "y"]].expanding(min_periods=min_periods).agg(FUNCS)
    expected, names = _expected(pdf, by, lambda s: s.expanding(min_periods=min_periods), FUNCS)
    assert_rows_equal(_rows(got, names), expected, ordered=False, rel=1e-7)


def test_one_row_and_empty(backend, pdf):
    one = pdf.iloc[:1]
    df = bach.from_pandas(backend, one[["t", "x"]])
    got = df.sort_values("t").rolling(2, min_periods=1).agg(["sum", "count"])
    assert _rows(got, ["x_sum", "x_count"]) == [(0, 10, 1)]
    empty = df[df.t > 100].sort_values("t").expanding().sum()
    assert len(empty.to_pandas()) == 0


def test_methods_and_descending_sort(backend, pdf):
    df = bach.from_pandas(backend, pdf[["t", "y"]])
    got = df.sort_values("t", ascending=False).rolling(2).max()
    ordered = pdf.sort_values("t", ascending=False)
    expected = ordered.y.rolling(2).max()
    assert_rows_equal(
        _rows(got, ["y_max"]), [(int(i), normalize(v)) for i, v in expected.items()], ordered=False
    )


def test_errors(pdf):
    df = bach.from_pandas(None, pdf)
    with pytest.raises(InvalidArgumentError, match="Window must be sorted"):
        df.rolling(2)
    with pytest.raises(ValueError, match="Window must be sorted"):
        df.expanding()
    ordered = df.sort_values("t")
    with pytest.raises(InvalidArgumentError, match="min_periods 3 must be <= window 2"):
        ordered.rolling(2, min_periods=3)
    with pytest.raises(InvalidArgumentError, match="window=0"):
        ordered.rolling(0)
    with pytest.raises(UnsupportedOperationError, match="closed='left'"):
        ordered.rolling(2, closed="left")
    with pytest.raises(UnsupportedOperationError, match="center=True"):
        ordered.expanding(center=True)
    with pytest.raises(InvalidArgumentError, match="'median'"):
        ordered[["x"]].rolling(2).agg("median")
    with pytest.raises(InvalidArgumentError, match="'sum' for column 'g'"):
        ordered.rolling(2).sum()


def test_sql_frame(pdf):
    df = bach.from_pandas(None, pdf[["t", "x"]]).sort_values("t")
    sql = df.rolling(3, center=True).sum().view_sql(dialect="postgres")
    assert "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING" in sql
    sql = df.expanding().sum().view_sql(dialect="bigquery")
    assert "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW" in sql


def test_column_access(backend, pdf):
    df = bach.from_pandas(backend, pdf[["g", "t", "x", "y"]])
    got = df.sort_values("t").groupby("g").rolling(3, min_periods=2)["y"].mean()
    assert got.name == "y"
    ordered = pdf.sort_values("t")
    expected = ordered.groupby("g").y.transform(lambda s: s.rolling(3, min_periods=2).mean())
    result = got.to_pandas()
    assert_rows_equal(
        [(int(i), normalize(v)) for i, v in result.items()],
        [(int(i), normalize(v)) for i, v in expected.items()],
        ordered=False,
    )
    sub = df.sort_values("t").rolling(2)[["x"]].max()
    assert sub.columns == ["x_max"]
    assert_rows_equal(
        _rows(sub, ["x_max"]),
        [(int(i), normalize(v)) for i, v in ordered.x.astype("float64").rolling(2).max().items()],
        ordered=False,
    )
