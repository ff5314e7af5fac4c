"""SeriesAbstractMultiLevel / SeriesNumericInterval on every backend.

Expected values are built by hand from pandas.Interval values (their left, right and closed).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import BackendError, DtypeError

VALUES = [1.0, 4.0, None, 9.0]
BINS = [0, 2, 5, 10]


@pytest.fixture
def df(backend):
    return bach.from_pandas(backend, pd.DataFrame({"x": VALUES}))


def _expected():
    return pd.cut(pd.Series(VALUES), BINS).astype(object).tolist()


def _plain(values) -> list:
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values]


def test_dtype_and_classes(df):
    bins = df.x.cut(BINS)
    assert isinstance(bins, bach.SeriesNumericInterval)
    assert isinstance(bins, bach.SeriesAbstractMultiLevel)
    assert bins.dtype == "numeric_interval"
    assert bach.get_series_type_from_dtype("numrange") is bach.SeriesNumericInterval
    assert bach.SeriesNumericInterval.get_supported_level_dtypes() == {
        "lower": ("float64",),
        "upper": ("float64",),
        "bounds": ("string",),
    }


def test_to_pandas_gives_intervals_and_nan(df):
    got = df.x.cut(BINS).sort_index().to_pandas().tolist()
    assert _plain(got) == _plain(_expected())
    assert isinstance(got[2], float) and math.isnan(got[2])


def test_levels_and_flatten(df):
    bins = df.x.cut(BINS, right=False)
    flat = bins.flatten().sort_index().to_pandas()
    expected = pd.cut(pd.Series(VALUES), BINS, right=False).astype(object)
    assert list(flat.columns) == ["x__lower", "x__upper", "x__bounds"]
    lows = [v.left if isinstance(v, pd.Interval) else None for v in expected]
    highs = [v.right if isinstance(v, pd.Interval) else None for v in expected]
    assert _plain(flat["x__lower"].tolist()) == lows
    assert _plain(flat["x__upper"].tolist()) == highs
    assert _plain(flat["x__bounds"].tolist()) == ["[)", "[)", None, "[)"]
    assert _plain(bins.levels["upper"].sort_index().to_pandas().tolist()) == highs


def test_isnull_notnull(df):
    bins = df.x.cut(BINS)
    expected = pd.Series(_expected()).isna().tolist()
    assert bins.isnull().sort_index().to_pandas().tolist() == expected
    assert bins.notnull().sort_index().to_pandas().tolist() == [not v for v in expected]


def test_fillna_with_an_interval_literal(df):
    filler = pd.Interval(-1.0, 0.0, closed="both")
    got = df.x.cut(BINS).fillna(filler).sort_index().to_pandas().tolist()
    expected = [filler if not isinstance(v, pd.Interval) else v for v in _expected()]
    assert got == expected
    with pytest.raises(DtypeError, match="'numeric_interval' literal of 'x'"):
        df.x.cut(BINS).fillna("x")


def test_append(df):
    low = df.x.cut(BINS)
    wide = df.x.cut([0, 10])
    got = low.append(wide, ignore_index=True).to_pandas().tolist()
    expected = _expected() + pd.cut(pd.Series(VALUES), [0, 10]).astype(object).tolist()

    def key(v):
        return (v.left, v.right) if isinstance(v, pd.Interval) else (math.inf, math.inf)

    assert sorted(_plain(got), key=key) == sorted(_plain(expected), key=key)
    with pytest.raises(DtypeError, match="appends only"):
        low.append(df.x)


def test_interval_literal_constant(df):
    const = bach.SeriesNumericInterval.from_value(df, pd.Interval(1.5, 2.0, closed="left"), "c")
    assert const.to_pandas().tolist() == [pd.Interval(1.5, 2.0, closed="left")] * len(VALUES)


@pytest.mark.parametrize("materialization", ["cte", "table"])
def test_from_pandas_of_intervals_round_trips(backend, materialization):
    values = [pd.Interval(0, 1), None, pd.Interval(-1.5, 2, closed="both")]
    pdf = pd.DataFrame({"i": values})
    df = bach.from_pandas(backend, pdf, materialization=materialization)
    assert df.i.dtype == "numeric_interval"
    got = df.i.sort_index().to_pandas().tolist()
    assert _plain(got) == [pd.Interval(0.0, 1.0), None, pd.Interval(-1.5, 2.0, closed="both")]


# ---------------------------------------------------------------------------------------------
# min / max: pandas' order of intervals (left, then right)

_NO_LIMIT_IN_AGGREGATE = pytest.mark.notimpl(
    "bigquery",
    reason="bqemulator passes ARRAY_AGG(... ORDER BY ... LIMIT 1) to DuckDB, which has no "
    "LIMIT in an aggregate (the GoogleSQL analyzer accepts the statement)",
    raises=BackendError,
)
GROUPS = [1, 1, 1, 2, 2, 3, 3]
XS = [4.0, 1.0, None, 9.0, 3.0, None, None]


def _intervals_of(values, bins):
    return pd.cut(pd.Series(values, dtype="float64"), bins).astype(object).tolist()


@_NO_LIMIT_IN_AGGREGATE
def test_min_max_order_by_left_then_right_as_pandas(df):
    # (0, 2] and (0, 5] share their left end: the right end decides
    both = df.x.cut([0, 2, 5, 10]).append(df.x.cut([0, 5, 10]), ignore_index=True)
    values = [
        v
        for v in _intervals_of(VALUES, [0, 2, 5, 10]) + _intervals_of(VALUES, [0, 5, 10])
        if isinstance(v, pd.Interval)
    ]
    array = pd.arrays.IntervalArray(values)
    assert both.min().value == array.min() == pd.Interval(0.0, 2.0)
    assert both.max().value == array.max() == pd.Interval(5.0, 10.0)
    ties = df.x.cut([0, 2, 10]).append(df.x.cut([0, 5, 10]), ignore_index=True)
    tie_values = [
        v
        for v in _intervals_of(VALUES, [0, 2, 10]) + _intervals_of(VALUES, [0, 5, 10])
        if isinstance(v, pd.Interval)
    ]
    assert ties.max().value == pd.arrays.IntervalArray(tie_values).max() == pd.Interval(5.0, 10.0)
    assert ties.min().value == pd.arrays.IntervalArray(tie_values).min() == pd.Interval(0.0, 2.0)


@_NO_LIMIT_IN_AGGREGATE
def test_grouped_min_max_and_skipna(backend):
    frame = bach.from_pandas(backend, pd.DataFrame({"g": GROUPS, "x": XS}))
    frame["bin"] = frame.x.cut(BINS)
    grouped = frame.groupby("g").bin
    bins = _intervals_of(XS, BINS)

    def per_group(pick, skipna=True):
        result = []
        for g in sorted(set(GROUPS)):
            values = [b for b, k in zip(bins, GROUPS, strict=True) if k == g]
            present = [v for v in values if isinstance(v, pd.Interval)]
            if not present or (not skipna and len(present) < len(values)):
                result.append(None)
            else:
                result.append(pick(present, key=lambda v: (v.left, v.right)))
        return result

    assert _plain(grouped.min().sort_index().to_pandas().tolist()) == per_group(min)
    assert _plain(grouped.max().sort_index().to_pandas().tolist()) == per_group(max)
    assert _plain(grouped.min(skipna=False).sort_index().to_pandas().tolist()) == per_group(
        min, skipna=False
    )
    aggregated = frame.groupby("g").agg({"bin": ["min", "max"]}).sort_index().to_pandas()
    assert _plain(aggregated["bin_min"].tolist()) == per_group(min)
    assert _plain(aggregated["bin_max"].tolist()) == per_group(max)


def test_min_over_a_window_is_a_clear_error(df):
    bins = df.x.cut(BINS)
    with pytest.raises(bach.UnsupportedOperationError, match=r"groupby\(\.\.\.\)\.x\.min\(\)"):
        bins.min(partition=df.groupby(df.x > 2))


def test_min_max_sql_is_valid_googlesql():
    """What the emulator cannot run is still checked: the real GoogleSQL analyzer accepts it."""
    from zetasql_check import check_sql

    frame = bach.from_pandas(None, pd.DataFrame({"g": GROUPS, "x": XS}))
    frame["bin"] = frame.x.cut(BINS)
    for series in (frame.groupby("g").bin.max(), frame.bin.min(), frame.bin.min(skipna=False)):
        check_sql(series.to_frame().view_sql(dialect="bigquery"))


@pytest.mark.notimpl(
    "bigquery",
    reason="BigQuery cannot ORDER BY a STRUCT; sorting by the levels needs a sort key per level "
    "(sort by bins.levels['lower'] and ['upper'] instead)",
    raises=BackendError,
)
def test_sort_values_orders_by_left_then_right(df):
    both = df.x.cut([0, 2, 5, 10]).append(df.x.cut([0, 5, 10]), ignore_index=True)
    got = _plain(both.sort_values().to_pandas().tolist())
    values = _intervals_of(VALUES, [0, 2, 5, 10]) + _intervals_of(VALUES, [0, 5, 10])
    present = sorted(
        (v for v in values if isinstance(v, pd.Interval)), key=lambda v: (v.left, v.right)
    )
    assert got == present + [None] * (len(values) - len(present))  # missing values last
