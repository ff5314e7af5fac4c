"""Names of the original API added late: ``Series.equals`` and the scalers of
``objectiv_bach.preprocessing.scalers``, on every backend against pandas (and scikit-learn's
definitions written out: population std, min-max to a range)."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.errors import (
    ColumnNotFoundError,
    DtypeError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
)
from objectiv_bach.preprocessing import MinMaxScaler, StandardScaler


@pytest.fixture
def train_pdf():
    return pd.DataFrame(
        {
            "x": pd.array([1, 2, None, 4, 9], dtype="Int64"),
            "y": [1.5, -2.5, 3.25, None, 0.0],
            "s": ["p", "q", None, "r", "s"],
        }
    )


@pytest.fixture
def test_pdf():
    return pd.DataFrame(
        {
            "s": ["a", "b", "c"],
            "x": pd.array([0, None, 20], dtype="Int64"),
            "y": [7.0, 1.0, None],
        },
        index=pd.Index([10, 20, 30], name="k"),
    )


@pytest.fixture
def train(backend, train_pdf):
    return bach.from_pandas(backend, train_pdf).reset_index(drop=True)


@pytest.fixture
def test(backend, test_pdf):
    return bach.from_pandas(backend, test_pdf)


# ---------------------------------------------------------------- Series.equals
def test_series_equals_is_structural(train):
    x = train.x
    assert x.equals(x) and x.equals(x.copy()) and x.equals(train.copy().x)
    assert isinstance(x.equals(x), bool)
    assert not x.equals(x + 1)  # another expression
    assert not x.equals(x.rename("z"))  # another name
    assert not x.equals(x.astype("float64"))  # another dtype (class)
    assert not x.equals(train.y)
    assert not x.equals(x.sort_values())  # another order
    assert not x.equals(x.materialize())  # another base node
    assert not x.equals(train.set_index("s").x)  # another index
    assert not x.equals(train.groupby("s").x.sum())
    assert not x.equals(1) and not x.equals(None)
    grouped = train.groupby("s").x.sum()
    assert grouped.equals(train.groupby("s").x.sum())
    assert not grouped.equals(train.groupby("y").x.sum())
    assert grouped.equals(train.groupby("s").x.sum(), recursion="GroupBy")
    same_index = train.set_index("s")
    assert same_index.x.equals(train.set_index("s").x)


def test_series_equals_other_engine(train_pdf, train):
    other = bach.from_pandas(None, train_pdf).reset_index(drop=True)  # DuckDB in memory
    assert not train.x.equals(other.x)


# ---------------------------------------------------------------- scalers
def _loaded(frame: pd.DataFrame) -> pd.DataFrame:
    """The index named as from_pandas names it."""
    return frame.rename_axis("_index_k")


def _standard(frame: pd.DataFrame, fit: pd.DataFrame, with_mean=True, with_std=True):
    num = fit[["x", "y"]].astype(float)
    out = frame[["x", "y"]].astype(float)
    if with_mean:
        out = out - num.mean()
    if with_std:
        out = out / num.std(ddof=0)
    return frame.assign(**out)


def _minmax(frame: pd.DataFrame, fit: pd.DataFrame, low: float, high: float):
    num = fit[["x", "y"]].astype(float)
    out = (frame[["x", "y"]].astype(float) - num.min()) / (num.max() - num.min())
    return frame.assign(**(out * (high - low) + low))


def test_standard_scaler_on_training_frame(train, train_pdf):
    scaler = StandardScaler(train)
    assert scaler.feature_names == ["x", "y"] and scaler.n_features == 2
    assert_frame_matches(scaler.transform(), _standard(train_pdf, train_pdf))
    got = StandardScaler(train, with_mean=False).transform()
    assert_frame_matches(got, _standard(train_pdf, train_pdf, with_mean=False))


@pytest.mark.parametrize(("with_mean", "with_std"), [(True, True), (False, True), (True, False)])
def test_standard_scaler_on_another_frame(train, test, train_pdf, test_pdf, with_mean, with_std):
    got = StandardScaler(train, with_mean=with_mean, with_std=with_std).transform(test)
    assert got.index_columns == test.index_columns and got.data_columns == ["s", "x", "y"]
    assert got.dtypes == {"s": "string", "x": "float64", "y": "float64"}
    assert_frame_matches(got, _loaded(_standard(test_pdf, train_pdf, with_mean, with_std)))


@pytest.mark.parametrize("feature_range", [(0, 1), (-1, 2)])
def test_minmax_scaler(train, test, train_pdf, test_pdf, feature_range):
    scaler = MinMaxScaler(train, feature_range=feature_range)
    assert scaler.feature_names == ["x", "y"] and scaler.n_features == 2
    assert_frame_matches(scaler.transform(), _minmax(train_pdf, train_pdf, *feature_range))
    expected = _loaded(_minmax(test_pdf, train_pdf, *feature_range))
    assert_frame_matches(scaler.transform(test), expected)


def test_scaler_column_name_clash(train, train_pdf):
    # a testing frame with columns named as the statistics keeps them and scales with the
    # training statistics, not with its own columns
    other = train.copy()
    other["x_mean"] = train.x * 0 + 100
    other["__scaler_0_mean"] = train.x * 0 + 100
    got = StandardScaler(train[["x", "y"]]).transform(other)
    expected = _standard(train_pdf, train_pdf).assign(
        x_mean=train_pdf.x * 0 + 100, __scaler_0_mean=train_pdf.x * 0 + 100
    )
    assert_frame_matches(got, expected)


def test_scaler_bad_input(train, test):
    with pytest.raises(InvalidArgumentTypeError, match="training_df"):
        StandardScaler(pd.DataFrame({"x": [1]}))
    with pytest.raises(InvalidArgumentError, match="feature_range"):
        MinMaxScaler(train, feature_range=(1, 1))
    with pytest.raises(ColumnNotFoundError, match="'y'"):
        StandardScaler(train).transform(test[["s", "x"]])
    bad = test.copy()
    bad["y"] = bad.s
    with pytest.raises(DtypeError, match="'y'"):
        MinMaxScaler(train).transform(bad)
    with pytest.raises(InvalidArgumentTypeError, match="testing_df"):
        MinMaxScaler(train).transform(pd.DataFrame({"x": [1]}))


def test_scaler_edge_frames(train, train_pdf):
    # no numeric column: no features, the frame comes back as it is
    text = train[["s"]]
    scaler = StandardScaler(text)
    assert scaler.n_features == 0
    assert_frame_matches(scaler.transform(text), train_pdf[["s"]])
    # an aggregated testing frame is scaled with the training rows' range
    sums = train.groupby("s").sum().rename(columns={"x_sum": "x", "y_sum": "y"})
    expected = train_pdf.groupby("s", dropna=False)[["x", "y"]].sum()
    assert_frame_matches(MinMaxScaler(train).transform(sums), _minmax(expected, train_pdf, 0, 1))
