"""Statistics on every backend against pandas: quantile, median, mode, sem, std_pop, scale,
minmax_scale, round, describe, get_dummies, value_counts and the reduction arguments."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest
from helpers import assert_frame_matches, assert_rows_equal, normalize

import objectiv_bach as bach
from objectiv_bach.backends import get_backend
from objectiv_bach.errors import DtypeError, InvalidArgumentError, UnsupportedOperationError


@pytest.fixture
def pdf():
    return pd.DataFrame(
        {
            "g": ["a", "b", "a", "c", "b", "a", "c", "d"],
            "x": pd.array([1, 2, None, 4, 5, 6, 7, None], dtype="Int64"),
            "y": [1.5, -2.5, 3.25, None, 0.0, 10.0, 2.0, None],
            "s": ["p", "q", "p", None, "q'; --", "p", "q'; --", None],
        }
    )


@pytest.fixture
def df(backend, pdf):
    return bach.from_pandas(backend, pdf).reset_index(drop=True)


def _queries(backend):
    seen: list[str] = []
    get_backend(backend).query_observers.append(seen.append)
    return seen


# ---------------------------------------------------------------- quantile, median
@pytest.mark.parametrize("q", [0.0, 0.25, 0.5, 0.9, 1.0])
def test_series_quantile(df, pdf, q):
    assert df.x.quantile(q=q).value == pytest.approx(pdf.x.astype(float).quantile(q))
    assert df.y.quantile(q=q).value == pytest.approx(pdf.y.quantile(q))


def test_grouped_quantile_and_median(df, pdf):
    got = df[["g", "x", "y"]].groupby("g").quantile(q=0.3)
    expected = pdf[["g", "x", "y"]].astype({"x": float}).groupby("g").quantile(0.3)
    assert_frame_matches(got, expected.add_suffix("_quantile"))
    got = df[["g", "x", "y"]].groupby("g").median()
    expected = pdf[["g", "x", "y"]].astype({"x": float}).groupby("g").median()
    assert_frame_matches(got, expected.add_suffix("_median"))
    got = df.groupby("g").y.median()
    assert_frame_matches(got, pdf.groupby("g").y.median())


def test_quantile_list_gives_q_level(df, pdf):
    got = df[["x", "y"]].quantile(q=[0.1, 0.5, 0.75])
    expected = pdf[["x", "y"]].astype(float).quantile([0.1, 0.5, 0.75])
    expected.index.name = "q"
    assert got.index_columns == ["q"]
    assert_frame_matches(got, expected.add_suffix("_quantile"))
    got = df[["g", "y"]].groupby("g").quantile(q=[0.2, 0.8])
    expected = pdf[["g", "y"]].groupby("g").quantile([0.2, 0.8])
    expected.index.names = ["g", "q"]
    assert_frame_matches(got, expected.add_suffix("_quantile"))
    series = df.y.quantile(q=[0.25, 0.5])
    assert_frame_matches(series, pdf.y.quantile([0.25, 0.5]).rename_axis("q"))


def test_quantile_mixes_with_other_aggregates(df, pdf):
    got = df[["g", "y"]].groupby("g").agg(["sum", "median", "count"])
    grouped = pdf.groupby("g").y
    expected = pd.DataFrame(
        {"y_sum": grouped.sum(), "y_median": grouped.median(), "y_count": grouped.count()}
    )
    assert_frame_matches(got, expected, check_dtypes=False)
    assert "WITH" not in got.view_sql() or got.view_sql().count("GROUP BY") == 1


def test_quantile_empty_and_one_row(df, pdf):
    empty = df[df.y > 1000]
    assert pd.isna(empty.y.quantile(q=0.5).value)
    assert pd.isna(empty.y.median().value)
    one = df[df.y == 10.0]
    assert one.y.quantile(q=0.3).value == 10.0
    assert one.x.median().value == 6.0


def test_quantile_errors(df):
    with pytest.raises(InvalidArgumentError, match="between 0 and 1"):
        df.y.quantile(q=1.5)
    with pytest.raises(DtypeError, match="quantile"):
        df.s.quantile()
    with pytest.raises(DtypeError, match="'g'"):
        df.quantile()
    assert df.quantile(numeric_only=True).columns == ["x_quantile", "y_quantile"]
    with pytest.raises(UnsupportedOperationError, match="partition"):
        df.y.quantile(partition=df.groupby("g").group_by)


def test_timedelta_quantile_median_mode(backend):
    pdf = pd.DataFrame({"d": pd.to_timedelta([1, 3, 3, 10, None], unit="s")})
    df = bach.from_pandas(backend, pdf)
    assert df.d.quantile(q=0.25).value == pdf.d.quantile(0.25)
    assert df.d.median().value == pdf.d.median()
    assert df.d.mode().value == pdf.d.mode()[0]


# ---------------------------------------------------------------- mode
def test_mode_ties_smallest(df, pdf):
    # y has no repeated value: every value ties, the smallest wins
    assert df.y.mode().value == pdf.y.mode().min()
    assert df.x.mode().value == pdf.x.mode().min()
    # 'p' 3 times, "q'; --" twice
    assert df.s.mode().value == pdf.s.mode()[0] == "p"


def test_grouped_mode(df, pdf):
    got = df[["g", "s", "x"]].groupby("g").mode()
    expected = pdf.groupby("g").agg(
        s_mode=("s", lambda v: v.mode().min() if v.notna().any() else None),
        x_mode=("x", lambda v: v.mode().min() if v.notna().any() else None),
    )
    assert_frame_matches(got, expected, check_dtypes=False)
    got = df.groupby("g").s.mode()
    assert_frame_matches(got, expected.s_mode.rename("s"), check_dtypes=False)


def test_mode_empty(df):
    assert pd.isna(df[df.y > 1000].s.mode().value)


# ---------------------------------------------------------------- sem, std_pop, scaling, round
def test_sem_std_pop(df, pdf):
    assert df.y.sem().value == pytest.approx(pdf.y.sem())
    assert df.y.std_pop().value == pytest.approx(pdf.y.std(ddof=0))
    got = df[["g", "x", "y"]].groupby("g").sem()
    expected = pdf[["g", "x", "y"]].astype({"x": float}).groupby("g").sem()
    assert_frame_matches(got, expected.add_suffix("_sem"))
    got = df[["x", "y"]].std_pop()
    expected = pd.DataFrame(
        {"x_std_pop": [pdf.x.astype(float).std(ddof=0)], "y_std_pop": [pdf.y.std(ddof=0)]}
    )
    assert_frame_matches(got, expected)


def test_scale_and_minmax_scale(df, pdf):
    got = df[["g", "x", "y"]].scale()
    num = pdf[["x", "y"]].astype(float)
    expected = pdf[["g"]].assign(**((num - num.mean()) / num.std(ddof=0)))
    assert_frame_matches(got, expected)
    got = df[["x", "y"]].scale(with_mean=False)
    assert_frame_matches(got, num / num.std(ddof=0))
    got = df[["x", "y"]].minmax_scale(feature_range=(-1, 2))
    expected = (num - num.min()) / (num.max() - num.min()) * 3 - 1
    assert_frame_matches(got, expected)
    # a constant column: 0 (scale) and the range's minimum (minmax_scale), as scikit-learn
    one = df[df.g == "d"]
    assert one.y.fillna(4.0).scale().to_pandas().tolist() == [0.0]
    assert one.y.fillna(4.0).minmax_scale().to_pandas().tolist() == [0.0]
    with pytest.raises(InvalidArgumentError, match="feature_range"):
        df.y.minmax_scale(feature_range=(1, 0))


def test_frame_round(df, pdf):
    frame = df[["x", "y", "s"]].copy()
    frame["y"] = frame.y / 3
    got = frame.round(2)
    expected = pdf[["x", "y", "s"]].assign(y=(pdf.y / 3).round(2))
    assert_frame_matches(got, expected)
    got = frame.round({"y": 1})
    assert_frame_matches(got, pdf[["x", "y", "s"]].assign(y=(pdf.y / 3).round(1)))


def test_exp(df, pdf):
    assert_frame_matches(df.y.exp(), np.exp(pdf.y))


# ---------------------------------------------------------------- reductions: skipna, min_count
def test_sum_min_count_and_skipna(df, pdf):
    frame = df[["g", "x", "y"]]
    got = frame.groupby("g").sum(min_count=1)
    expected = pdf[["g", "x", "y"]].groupby("g").sum(min_count=1).add_suffix("_sum")
    assert_frame_matches(got, expected, check_dtypes=False)
    got = frame.groupby("g").sum(min_count=2)
    expected = pdf[["g", "x", "y"]].groupby("g").sum(min_count=2).add_suffix("_sum")
    assert_frame_matches(got, expected, check_dtypes=False)
    got = frame.groupby("g").sum(skipna=False)
    expected = (
        pdf[["g", "x", "y"]].groupby("g").agg(lambda v: v.sum(skipna=False)).add_suffix("_sum")
    )
    assert_frame_matches(got, expected, check_dtypes=False)
    got = frame[["x", "y"]].sum(skipna=False)
    assert got.to_pandas().iloc[0].isna().all()
    got = frame.groupby("g").mean(skipna=False)
    expected = (
        pdf[["g", "x", "y"]]
        .groupby("g")
        .agg(lambda v: v.astype(float).mean(skipna=False))
        .add_suffix("_mean")
    )
    assert_frame_matches(got, expected, check_dtypes=False)
    got = frame.groupby("g").max(skipna=False)
    expected = (
        pdf[["g", "x", "y"]].groupby("g").agg(lambda v: v.max(skipna=False)).add_suffix("_max")
    )
    assert_frame_matches(got, expected, check_dtypes=False)


def test_reduction_arguments_raise(df):
    with pytest.raises(UnsupportedOperationError, match="axis=0") as info:
        df.sum(axis=0)
    assert isinstance(info.value, NotImplementedError)
    with pytest.raises(UnsupportedOperationError, match="level"):
        df.mean(level="g")
    with pytest.raises(InvalidArgumentError, match="min_count"):
        df.sum(min_count=-1)


# ---------------------------------------------------------------- value_counts
def test_series_value_counts(df, pdf):
    got = df.s.value_counts()
    expected = pdf.s.value_counts().rename("value_counts")
    assert_frame_matches(got, expected, check_dtypes=False)
    assert got.to_pandas().tolist() == expected.tolist()  # sorted by count, descending
    got = df.s.value_counts(dropna=False)
    expected = pdf.s.value_counts(dropna=False).rename("value_counts")
    assert_rows_equal(
        [(normalize(i), normalize(v)) for i, v in got.to_pandas().items()],
        [(normalize(i), normalize(v)) for i, v in expected.items()],
        ordered=False,
    )
    got = df.s.value_counts(normalize=True, ascending=True)
    expected = pdf.s.value_counts(normalize=True, ascending=True).rename("value_counts")
    assert_frame_matches(got, expected, check_dtypes=False)
    assert got.to_pandas().tolist() == pytest.approx(expected.tolist())
    got = df.x.value_counts(normalize=True, dropna=False, sort=False)
    expected = pdf.x.value_counts(normalize=True, dropna=False)
    assert sorted(got.to_pandas().tolist()) == pytest.approx(sorted(expected.tolist()))
    got = df.x.value_counts(bins=3).to_pandas()  # more in test_value_counts_bins.py
    expected = pdf.x.value_counts(bins=3)
    assert [str(k) for k in got.index] == [str(k) for k in expected.index]
    assert got.tolist() == expected.tolist()
    assert df[df.y > 1000].s.value_counts().to_pandas().empty


def test_frame_value_counts(df, pdf):
    got = df.value_counts(subset=["g", "s"])
    expected = pdf.value_counts(subset=["g", "s"]).rename("value_counts")
    assert_frame_matches(got, expected, check_dtypes=False)
    got = df[["g", "s"]].value_counts(normalize=True, dropna=False)
    expected = pdf[["g", "s"]].value_counts(normalize=True, dropna=False).rename("value_counts")
    assert_frame_matches(got, expected, check_dtypes=False)


# ---------------------------------------------------------------- describe
def _describe_rows(result: pd.DataFrame) -> list[tuple]:
    return [
        (i, *[normalize(v) for v in row])
        for i, row in zip(result.index, result.itertuples(index=False, name=None), strict=True)
    ]


def test_describe_numeric_one_query(backend, df, pdf):
    seen = _queries(backend)
    got = df.describe(percentiles=[0.1, 0.6]).to_pandas()
    assert len(seen) == 1
    expected = pdf[["x", "y"]].astype(float).describe(percentiles=[0.1, 0.6])
    assert list(got.columns) == ["x", "y"]
    assert_rows_equal(_describe_rows(got), _describe_rows(expected), ordered=True)


def test_describe_strings_and_all(df, pdf):
    pdf = pdf.assign(s=pdf.s.replace({"q'; --": "p", "p": "q'; --"}))  # no tie for top
    df["s"] = df.s.str.replace("p", "@").str.replace("q'; --", "p").str.replace("@", "q'; --")
    got = df[["g", "s"]].describe().to_pandas()
    expected = pdf[["g", "s"]].describe().astype(str).replace({"nan": None})
    expected.loc["top", "g"] = got.loc["top", "g"]  # pandas' top of a tie is arbitrary
    assert_rows_equal(_describe_rows(got), _describe_rows(expected), ordered=True)
    got = df[["s", "y"]].describe(include="all").to_pandas()
    expected = pdf[["s", "y"]].describe(include="all")
    assert list(got.index) == list(expected.index)
    assert got.loc["top", "s"] == expected.loc["top", "s"]
    assert got.loc["freq", "s"] == str(expected.loc["freq", "s"])
    assert got.loc["mean", "y"] == pytest.approx(expected.loc["mean", "y"])
    assert pd.isna(got.loc["mean", "s"]) and pd.isna(got.loc["top", "y"])


def test_describe_empty_and_one_row(df, pdf):
    got = df[df.y > 1000][["y"]].describe().to_pandas()
    expected = pdf[pdf.y > 1000][["y"]].describe()
    assert_rows_equal(_describe_rows(got), _describe_rows(expected), ordered=True)
    got = df[df.y == 10.0][["x", "y"]].describe().to_pandas()
    expected = pdf[pdf.y == 10.0][["x", "y"]].astype(float).describe()
    assert_rows_equal(_describe_rows(got), _describe_rows(expected), ordered=True)


def test_series_describe(df, pdf):
    got = df.y.describe().to_pandas()
    expected = pdf.y.describe()
    assert list(got.index) == list(expected.index)
    assert got.tolist() == pytest.approx(expected.tolist())


def test_describe_errors(df):
    with pytest.raises(UnsupportedOperationError, match="grouped"):
        df.groupby("g").describe()
    with pytest.raises(DtypeError, match="no columns"):
        df.describe(include="bool")
    with pytest.raises(InvalidArgumentError, match="dtype selector"):
        df.describe(include=["nonsense"])


# ---------------------------------------------------------------- get_dummies
def test_get_dummies(backend, df, pdf):
    seen = _queries(backend)
    got = df[["g", "x", "s"]].get_dummies()
    assert len(seen) == 1  # the distinct values
    expected = pd.get_dummies(pdf[["g", "x", "s"]], dtype="int64")
    expected = expected.astype({c: "Int64" for c in expected.columns if c != "x"})
    assert got.columns == list(expected.columns)
    assert_frame_matches(got, expected)
    got = df[["g", "s"]].get_dummies(
        prefix=["S"], prefix_sep=":", dummy_na=True, columns=["s"], dtype="bool"
    )
    expected = pd.get_dummies(
        pdf[["g", "s"]], prefix=["S"], prefix_sep=":", dummy_na=True, columns=["s"], dtype="bool"
    )
    assert got.columns == list(expected.columns)
    assert_frame_matches(got, expected.astype({c: "boolean" for c in expected.columns[1:]}))


def test_series_get_dummies(df, pdf):
    got = df.s.get_dummies()
    expected = pd.get_dummies(pdf.s, dtype="int64")
    assert got.columns == list(expected.columns)
    assert_frame_matches(got, expected, check_dtypes=False)
    got = df.x.astype("string").get_dummies(prefix="n", dummy_na=True)
    expected = pd.get_dummies(pdf.x.astype("string"), prefix="n", dummy_na=True, dtype="int64")
    expected = expected.rename(columns={"n_<NA>": "n_nan"})  # pandas' label for object NaN
    assert got.columns == list(expected.columns)
    assert_frame_matches(got, expected, check_dtypes=False)


def test_get_dummies_int_column_and_errors(df, pdf):
    got = df[["x"]].get_dummies(columns=["x"])
    expected = pd.get_dummies(pdf[["x"]].astype(float), columns=["x"], dtype="int64")
    expected.columns = [c.replace(".0", "") for c in expected.columns]
    assert_frame_matches(got, expected, check_dtypes=False)
    with pytest.raises(DtypeError, match="can be encoded"):
        df.get_dummies(columns=["y"])
    with pytest.raises(DtypeError, match="dtype"):
        df.get_dummies(dtype="string")


def test_golden_values_compare_date(backend):
    """quantile of a date column is refused with a clear error (pandas has no exact one)."""
    df = bach.from_pandas(backend, pd.DataFrame({"d": [datetime.date(2022, 1, 1)]}))
    with pytest.raises(DtypeError, match="quantile"):
        df.d.quantile()


def test_agg_with_mode_and_median(df, pdf):
    got = df[["g", "x", "y"]].groupby("g").agg({"x": ["sum", "mode"], "y": ["median", "max"]})
    grouped = pdf.groupby("g")
    expected = pd.DataFrame(
        {
            "x_sum": grouped.x.sum(),
            "x_mode": grouped.x.agg(lambda v: v.mode().min() if v.notna().any() else None),
            "y_median": grouped.y.median(),
            "y_max": grouped.y.max(),
        }
    )
    assert got.columns == list(expected.columns)
    assert_frame_matches(got, expected, check_dtypes=False)


def test_empty_frame_get_dummies_and_value_counts(df, pdf):
    empty = df[df.y > 1000]
    got = empty[["g", "y"]].get_dummies(columns=["g"])
    assert got.columns == ["y"]  # no values, no indicator columns (as pandas)
    assert got.to_pandas().empty
    assert empty.value_counts(subset="g").to_pandas().empty
    assert empty[["y"]].sem().to_pandas()["y_sem"].isna().all()
