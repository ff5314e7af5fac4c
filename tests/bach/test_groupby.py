"""groupby / agg / reductions on every backend, against pandas."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach


@pytest.fixture
def pdf():
    return pd.DataFrame(
        {
            "g": ["a", "b", "a", "c", "b", "a", "c"],
            "h": [1, 1, 2, 2, 1, 1, 2],
            "x": pd.array([1, 2, None, 4, 5, 6, 7], dtype="Int64"),
            "y": [1.5, -2.5, 3.25, None, 0.0, 10.0, 2.0],
        }
    )


@pytest.fixture
def df(backend, pdf):
    return bach.from_pandas(backend, pdf).reset_index(drop=True)


def _expected(pdf, by, spec):
    """pandas' named aggregation with Bach's ``<col>_<func>`` naming."""
    grouped = pdf.groupby(by) if by else None
    out = {}
    for column, funcs in spec.items():
        for func in funcs:
            series = grouped[column] if grouped is not None else pdf[column]
            out[f"{column}_{func}"] = getattr(series, func)()
    if grouped is None:
        return pd.DataFrame({k: [v] for k, v in out.items()})
    return pd.DataFrame(out)


@pytest.mark.parametrize("func", ["sum", "count", "mean", "min", "max", "nunique", "std", "var"])
def test_groupby_single_function(df, pdf, func):
    got = df[["g", "x", "y"]].groupby("g").agg(func)
    expected = _expected(pdf, "g", {"x": [func], "y": [func]})
    assert list(got.columns) == [f"x_{func}", f"y_{func}"]
    assert_frame_matches(got, expected, rel=1e-7, check_dtypes=func not in ("sum",))


def test_groupby_method_reductions(df, pdf):
    got = df[["g", "x"]].groupby("g").sum()
    assert_frame_matches(got, _expected(pdf, "g", {"x": ["sum"]}))
    got = df[["g", "y"]].groupby("g").mean()
    assert_frame_matches(got, _expected(pdf, "g", {"y": ["mean"]}))


def test_agg_list_and_dict(df, pdf):
    got = df.groupby("g").agg({"x": ["min", "max"], "y": "count"})
    assert list(got.columns) == ["x_min", "x_max", "y_count"]
    assert_frame_matches(got, _expected(pdf, "g", {"x": ["min", "max"], "y": ["count"]}))
    got = df[["g", "x"]].groupby("g").agg(["sum", "count"])
    assert_frame_matches(got, _expected(pdf, "g", {"x": ["sum", "count"]}))


def test_groupby_multiple_keys(df, pdf):
    got = df.groupby(["g", "h"]).agg({"x": "sum", "y": "max"})
    expected = _expected(pdf, ["g", "h"], {"x": ["sum"], "y": ["max"]})
    assert_frame_matches(got, expected)


def test_aggregate_without_groupby(df, pdf):
    got = df[["x", "y"]].agg(["sum", "mean"])
    expected = _expected(pdf, None, {"x": ["sum", "mean"], "y": ["sum", "mean"]})
    assert_frame_matches(got, expected)
    assert df.x.sum().value == pdf.x.sum()
    assert df.y.mean().value == pytest.approx(pdf.y.mean())
    assert df.y.std().value == pytest.approx(pdf.y.std())
    assert df.y.var(ddof=0).value == pytest.approx(pdf.y.var(ddof=0))
    assert df.g.nunique().value == pdf.g.nunique()
    assert df.x.count().value == pdf.x.count()


def test_series_groupby_agg(df, pdf):
    grouped = df.groupby("g")
    got = grouped.x.max()
    assert_frame_matches(got, pdf.groupby("g").x.max())
    got = grouped.y.agg("mean")
    assert_frame_matches(got, pdf.groupby("g").y.mean())


def test_sum_of_all_null_group_is_zero(backend):
    pdf = pd.DataFrame({"g": ["a", "a", "b"], "x": pd.array([None, None, 1], dtype="Int64")})
    df = bach.from_pandas(backend, pdf).reset_index(drop=True)
    got = df.groupby("g").x.sum()
    assert_frame_matches(got, pdf.groupby("g").x.sum())


def test_groupby_then_filter_and_sort(df, pdf):
    agg = df.groupby("g").agg({"y": "sum", "x": "count"})
    got = agg[agg.x_count >= 2].sort_values("y_sum")
    exp = _expected(pdf, "g", {"y": ["sum"], "x": ["count"]})
    exp = exp[exp.x_count >= 2].sort_values("y_sum")
    assert_frame_matches(got, exp, ordered=True)


def test_aggregate_of_aggregate_after_materialize(df, pdf):
    per_group = df.groupby("g").agg({"x": "sum"}).materialize(node_name="per_group")
    total = per_group.x_sum.max().value
    assert total == pdf.groupby("g").x.sum().max()


def test_value_counts(df, pdf):
    got = df.g.value_counts()
    expected = pdf.g.value_counts().rename("value_counts")
    result = got.to_pandas()
    assert dict(result.items()) == dict(expected.items())
