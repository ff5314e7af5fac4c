"""Series.value_counts(bins=...) on every backend, against pandas' value_counts on the same data.

pandas cuts with ``include_lowest=True``, lists every bin (0 for an empty one), sorts stably by
the count (``sort=False``: by bin), and ``normalize`` divides by the number of all rows (missing
values and values outside the bins included). Expected values are pandas' own results.
"""

from __future__ import annotations

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import BachError, DtypeError

MIXED = [1.0, 5.0, 10.0, None, -3.5, 2.2, 7.25, 0.0]
# a gap between 2 and 9: the middle ones of 5 equal-width bins are empty, two bins tie at 3
GAPPED = [1.0, 1.5, 2.0, None, 9.0, 10.0, 9.5]
EDGES = [0, 2.5, 5, 6, 8]  # -3.5 and 10 lie outside; 0.0 is in the first bin (include_lowest)

CASES = [(MIXED, 3), (MIXED, EDGES), (GAPPED, 5)]
ORDERS = [
    {"normalize": False},
    {"normalize": True},
    {"sort": False},
    {"ascending": True, "normalize": True},
]


def _frame(backend, values):
    return bach.from_pandas(backend, pd.DataFrame({"x": pd.Series(values, dtype="float64")}))


def _rows(result: pd.Series) -> list[tuple[pd.Interval, float]]:
    return [(k, float(v)) for k, v in result.items()]


def _same(got: pd.Series, expected: pd.Series) -> None:
    g, e = _rows(got), _rows(expected)
    assert len(g) == len(e), (got, expected)
    for (gk, gv), (ek, ev) in zip(g, e, strict=True):
        assert isinstance(gk, pd.Interval), (got, expected)
        assert gk.closed == ek.closed, (got, expected)
        assert gk.left == pytest.approx(float(ek.left), rel=1e-9, abs=1e-12), (got, expected)
        assert gk.right == pytest.approx(float(ek.right), rel=1e-9, abs=1e-12), (got, expected)
        assert gv == pytest.approx(ev, rel=1e-12), (got, expected)


@pytest.mark.parametrize("kwargs", ORDERS, ids=lambda k: ",".join(f"{a}={b}" for a, b in k.items()))
@pytest.mark.parametrize(("values", "bins"), CASES, ids=["int3", "edges", "gapped5"])
def test_value_counts_bins_as_pandas(backend, values, bins, kwargs):
    df = _frame(backend, values)
    got = df.x.value_counts(bins=bins, **kwargs).to_pandas()
    expected = pd.Series(values, dtype="float64").value_counts(bins=bins, **kwargs)
    _same(got, expected)  # the order too: pandas' stable sort, by bin for sort=False
    assert got.dtype == ("float64" if kwargs.get("normalize") else "int64")
    assert got.name == "value_counts" and got.index.name == "x"


def test_value_counts_bins_of_an_int64_column(backend):
    values = [3, 8, 1, 12]
    df = bach.from_pandas(backend, pd.DataFrame({"n": values}))
    got = df.n.value_counts(bins=4, normalize=True).to_pandas()
    expected = pd.Series(values).value_counts(bins=4, normalize=True)
    assert 0.0 in expected.tolist()  # an empty bin
    _same(got, expected)


@pytest.mark.parametrize("dropna", [True, False])
def test_value_counts_bins_with_no_value_in_a_bin(backend, dropna):
    """pandas: no rows with dropna=True, every bin with 0 with dropna=False."""
    values = [5.0, None, -1.0]
    df = _frame(backend, values)
    got = df.x.value_counts(bins=[0, 1, 2], dropna=dropna).to_pandas()
    expected = pd.Series(values).value_counts(bins=[0, 1, 2], dropna=dropna)
    assert len(expected) == (0 if dropna else 2)
    _same(got, expected)


def test_value_counts_bins_keeps_the_interval_dtype(backend):
    df = _frame(backend, MIXED)
    counts = df.x.value_counts(bins=EDGES, sort=False)
    assert counts.index["x"].dtype == "numeric_interval"
    lowers = counts.reset_index().x.levels["lower"].to_pandas().tolist()
    assert lowers == pytest.approx([-0.001, 2.5, 5.0, 6.0])


def test_value_counts_bins_of_a_non_numeric_series(dialect):
    df = bach.from_pandas(None, pd.DataFrame({"s": ["a", "b"]}))
    with pytest.raises(DtypeError, match=r"dtype 'string'") as info:
        df.s.value_counts(bins=3)
    assert isinstance(info.value, TypeError) and isinstance(info.value, BachError)
    with pytest.raises(TypeError, match="numeric"):  # pandas raises a TypeError too
        pd.Series(["a", "b"]).value_counts(bins=3)
