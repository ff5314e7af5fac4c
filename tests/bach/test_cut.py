"""Series.cut / Series.qcut (operations.cut) on every backend, against pandas on the same data.

Expected values are ``pandas.cut`` / ``pandas.qcut`` of the same numbers (as object values:
``pandas.Interval`` or NaN). Edges are compared exactly where pandas rounds them (the labels),
and to 1e-9 relative otherwise.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import BachError, InvalidArgumentError
from objectiv_bach.operations.cut import CutOperation, DuplicateBinEdgesError, QCutOperation

MIXED = [1.0, 5.0, 10.0, None, -3.5, 2.2, 7.25, 0.0]
SMALL = [0.0012, 0.0015, 0.0031, 0.00099, None]
NEGATIVE = [-100.0, -42.5, -7.0, -0.5]
WIDE = [1e6, 2.5e6, 1234567.0, 3e6]


def _frame(backend, values):
    return bach.from_pandas(backend, pd.DataFrame({"x": pd.Series(values, dtype="float64")}))


def _expected(values, fn, *args, **kwargs):
    result = fn(pd.Series(values, dtype="float64"), *args, **kwargs)
    return result.astype(object).tolist()


def _same(got, expected) -> None:
    assert len(got) == len(expected), (got, expected)
    for a, b in zip(got, expected, strict=True):
        if not isinstance(b, pd.Interval):
            assert isinstance(a, float) and math.isnan(a), (got, expected)
            continue
        assert isinstance(a, pd.Interval), (got, expected)
        assert a.closed == b.closed, (got, expected)
        assert a.left == pytest.approx(b.left, rel=1e-9, abs=1e-12), (got, expected)
        assert a.right == pytest.approx(b.right, rel=1e-9, abs=1e-12), (got, expected)


def _got(series) -> list:
    return series.sort_index().to_pandas().tolist()


@pytest.mark.parametrize(
    ("values", "bins", "right"),
    [
        (MIXED, 3, True),
        (MIXED, 5, False),
        (MIXED, 1, True),
        (SMALL, 4, True),
        (NEGATIVE, 3, True),
        (NEGATIVE, 2, False),
        (WIDE, 4, True),
        ([-1.0, 1.0, 0.5], 2, True),  # an edge of exactly 0
        ([1.0001, 1.0002, 1.0004], 3, True),  # labels need 4 decimals to stay distinct
        ([1e-7, 3e-7, 2.5e-7], 2, True),  # significant digits below 1
    ],
)
def test_cut_int_bins_as_pandas(backend, values, bins, right):
    df = _frame(backend, values)
    got = _got(df.x.cut(bins, right=right))
    expected = _expected(values, pd.cut, bins, right=right)
    _same(got, expected)
    # the labels are pandas' rounded edges: exactly equal
    assert [str(v) for v in got] == [str(v) for v in expected]


@pytest.mark.parametrize(("values"), [[4.0, 4.0, None], [0.0, 0.0], [-2.5]])
def test_cut_constant_or_single_value_widens_both_sides(backend, values):
    df = _frame(backend, values)
    got = _got(df.x.cut(2))
    expected = _expected(values, pd.cut, 2)
    assert [str(v) for v in got] == [str(v) for v in expected]


def test_cut_int_bins_of_int64_column(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"n": [3, 8, 1, 12]}))
    got = _got(df.n.cut(4))
    expected = pd.cut(pd.Series([3, 8, 1, 12]), 4).astype(object).tolist()
    assert [str(v) for v in got] == [str(v) for v in expected]


@pytest.mark.parametrize(("bins", "right"), [([0, 2.5, 5, 10], True), ([-5, 0, 5, 7.25], False)])
def test_cut_given_edges_outside_values_are_missing(backend, bins, right):
    df = _frame(backend, MIXED)
    got = _got(df.x.cut(bins, right=right))
    expected = _expected(MIXED, pd.cut, bins, right=right)
    assert [str(v) for v in got] == [str(v) for v in expected]


def test_cut_all_missing_gives_missing(backend):
    """pandas raises on an empty array; an all-missing column gives all-missing intervals."""
    df = _frame(backend, [None, None])
    got = _got(df.x.cut(3))
    assert len(got) == 2 and all(isinstance(v, float) and math.isnan(v) for v in got)


def test_cut_empty_input_is_empty(backend):
    """pandas raises 'Cannot cut empty array'; Bach cannot know before the query: no rows."""
    df = _frame(backend, [1.0, 2.0])
    assert _got(df[df.x > 5].x.cut(3)) == []


@pytest.mark.parametrize(
    ("values", "q"),
    [
        (MIXED, 4),
        (MIXED, [0, 0.1, 0.5, 0.9, 1]),
        (SMALL, 2),
        (NEGATIVE, 3),
        (list(np.arange(1.0, 21.0)), 10),
    ],
)
def test_qcut_as_pandas(backend, values, q):
    df = _frame(backend, values)
    got = _got(df.x.qcut(q))
    expected = _expected(values, pd.qcut, q)
    _same(got, expected)
    assert [str(v) for v in got] == [str(v) for v in expected]


def test_qcut_duplicate_edges_raise_as_pandas(backend):
    values = [1.0, 1.0, 1.0, 1.0, 2.0]
    with pytest.raises(ValueError, match="Bin edges must be unique"):
        pd.qcut(pd.Series(values), 4)
    df = _frame(backend, values)
    with pytest.raises(DuplicateBinEdgesError, match=r"Bin edges must be unique: \[1\.0, 1\.0"):
        df.x.qcut(4)


def test_result_assigns_to_the_frame_and_keeps_the_index(backend):
    df = _frame(backend, MIXED)
    df["bin"] = df.x.cut(3)
    df["lower"] = df.bin.levels["lower"]
    got = df.sort_index().to_pandas()
    expected = pd.cut(pd.Series(MIXED), 3)
    assert [str(v) for v in got["bin"]] == [str(v) for v in expected.astype(object)]
    expected_lower = [v.left if isinstance(v, pd.Interval) else None for v in expected]
    assert [None if pd.isna(v) else v for v in got["lower"]] == expected_lower


def test_operation_classes_are_the_methods(backend):
    df = _frame(backend, MIXED)
    assert _got(CutOperation(df.x, bins=3, right=False)()) == _got(df.x.cut(3, right=False))
    assert _got(QCutOperation(df.x, q=2)()) == _got(df.x.qcut(2))


def test_bad_arguments(dialect):
    df = bach.from_pandas(None, pd.DataFrame({"x": [1.0, 2.0], "s": ["a", "b"]}))
    with pytest.raises(InvalidArgumentError, match="at least 1"):
        df.x.cut(0)
    with pytest.raises(InvalidArgumentError, match="increase monotonically"):
        df.x.cut([3, 1, 2])
    with pytest.raises(DuplicateBinEdgesError, match="must be unique") as info:
        df.x.cut([1, 1, 2])
    assert isinstance(info.value, ValueError) and isinstance(info.value, BachError)
    with pytest.raises(InvalidArgumentError, match="between 0 and 1"):
        df.x.qcut([0, 2])
    with pytest.raises(InvalidArgumentError, match="numeric Series"):
        CutOperation(df.s, 3)()
    with pytest.raises(InvalidArgumentError, match="include_empty_bins='yes'"):
        CutOperation(df.x, 3, include_empty_bins="yes")()
    with pytest.raises(InvalidArgumentError, match="rename the Series"):
        CutOperation(df.x.rename("range"), 3, include_empty_bins=True)()


def test_qcut_of_a_constant_column_with_two_edges(backend):
    """pandas accepts two equal edges (q=1): one bin whose label is lowered by 10**-3."""
    values = [0.0, 0.0, None, 0.0]
    df = _frame(backend, values)
    got = _got(df.x.qcut(1))
    expected = _expected(values, pd.qcut, 1)
    assert [str(v) for v in got] == [str(v) for v in expected]


def test_value_counts_of_intervals(backend):
    """Counts per non-empty bin (pandas also lists the empty bins of its categorical, count 0)."""
    df = _frame(backend, MIXED)
    got = df.x.cut(3).value_counts().to_pandas()
    expected = pd.cut(pd.Series(MIXED), 3).value_counts()
    expected = expected[expected > 0]
    assert {str(k): int(v) for k, v in got.items()} == {str(k): int(v) for k, v in expected.items()}


# a gap between 2 and 9: with 5 equal-width bins over [1, 10] the middle bins hold no value
GAPPED = [1.0, 1.5, 2.0, None, 9.0, 10.0, 9.5]


def _key(interval: pd.Interval) -> str:
    """``'(0.0, 1.0]'``: float edges, also for pandas' intervals of given int edges."""
    return str(pd.Interval(float(interval.left), float(interval.right), closed=interval.closed))


def _counts_per_bin(binned) -> dict[str, int]:
    """Non-missing values per bin (the levels, so that it groups on every engine)."""
    flat = binned.flatten().reset_index()
    counts = flat.groupby(["range__lower", "range__upper", "range__bounds"]).x.count()
    got = {}
    for (lower, upper, bounds), n in counts.to_pandas().items():
        got[str(pd.Interval(lower, upper, closed="right" if bounds == "(]" else "left"))] = int(n)
    return got


@pytest.mark.parametrize(
    ("values", "bins", "right"),
    [
        (GAPPED, 5, True),
        (GAPPED, 5, False),
        (GAPPED, [0, 1, 2, 5, 9, 20], True),  # a value on an edge, one outside (none here)
        (GAPPED, [-5, 0, 1.5, 3, 8, 9.5], False),  # 10.0 lies outside: in no bin
        ([4.0, None], 3, True),  # a constant column: two of the three bins are empty
    ],
)
def test_cut_include_empty_bins_counts_as_pandas(backend, values, bins, right):
    df = _frame(backend, values)
    binned = CutOperation(df.x, bins=bins, right=right, include_empty_bins=True)()
    expected = pd.cut(pd.Series(values, dtype="float64"), bins, right=right)
    expected_counts = {_key(k): int(v) for k, v in expected.value_counts(sort=False).items()}
    assert 0 in expected_counts.values()  # the data set has empty bins
    assert _counts_per_bin(binned) == expected_counts
    # grouping on the interval itself, as the user guide shows
    by_range = binned.reset_index().groupby("range").x.count().to_pandas()
    assert {_key(k): int(v) for k, v in by_range.items()} == expected_counts
    # the rows: each value that is in a bin, then one row (value NULL) per empty bin
    rows = binned.to_pandas()
    assert rows.name == "range" and rows.index.name == "x"
    in_a_bin = [v for v, b in zip(values, expected, strict=True) if isinstance(b, pd.Interval)]
    assert sorted(v for v in rows.index if not pd.isna(v)) == sorted(in_a_bin)
    empty = sorted(_key(b) for b in rows[rows.index.isna()])
    assert empty == sorted(k for k, v in expected_counts.items() if v == 0)
    bins_of_values = {v: _key(b) for v, b in rows.items() if not pd.isna(v)}
    assert bins_of_values == {
        v: _key(b) for v, b in zip(values, expected, strict=True) if v in in_a_bin
    }


def test_cut_include_empty_bins_without_empty_bins_is_the_values(backend):
    """No empty bin: the rows are the values in a bin, indexed by the value."""
    values = [1.0, 5.0, 10.0, None]
    df = _frame(backend, values)
    got = CutOperation(df.x, bins=3, include_empty_bins=True)().sort_index().to_pandas()
    expected = pd.cut(pd.Series(values), 3)
    assert got.index.tolist() == [1.0, 5.0, 10.0]
    assert [str(v) for v in got] == [str(v) for v in expected[:3]]
