"""df.plot: histogram counts binned in SQL equal numpy.histogram's; bar/line draw the aggregated rows.

Expected values come from numpy/pandas on the same data. Drawing uses matplotlib's Agg backend.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import objectiv_bach as bach  # noqa: E402
from objectiv_bach.errors import (  # noqa: E402
    DtypeError,
    InvalidArgumentError,
    MissingDependencyError,
    UnsupportedOperationError,
)

RNG = np.random.default_rng(7)
FLOATS = list(np.round(RNG.normal(10, 4, 60), 3)) + [None, None]
INTS = list(RNG.integers(0, 11, 61)) + [None]  # integers 0..10 lie on the edges of 10 bins


def _pdf() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "f": pd.Series(FLOATS, dtype="float64"),
            "i": pd.array(INTS, dtype="Int64"),
            "s": ["x"] * len(FLOATS),
        }
    )


def _numpy_counts(pdf: pd.DataFrame, columns: list[str], bins: int):
    values = [pdf[c].dropna().astype("float64").to_numpy() for c in columns]
    edges = np.histogram_bin_edges(np.concatenate(values), bins=bins)
    return {
        c: np.histogram(v, bins=edges)[0].tolist() for c, v in zip(columns, values, strict=True)
    }, edges


@pytest.mark.parametrize("bins", [1, 3, 10, 17])
def test_histogram_counts_equal_numpy(backend, bins):
    pdf = _pdf()
    df = bach.from_pandas(backend, pdf)
    counts, edges = df.plot.histogram(bins=bins)
    expected, expected_edges = _numpy_counts(pdf, ["f", "i"], bins)
    assert list(counts.columns) == ["f", "i"]  # numeric columns only
    assert {c: counts[c].tolist() for c in counts.columns} == expected
    assert edges.tolist() == expected_edges.tolist()


def test_histogram_values_on_the_edges(backend):
    # 0..10 with 10 bins: every value but 10 starts a bin, 10 is in the last one
    pdf = pd.DataFrame({"x": list(range(11)) + [10, 10, 0]})
    df = bach.from_pandas(backend, pdf)
    counts, _ = df.plot.histogram(bins=10)
    assert counts.x.tolist() == np.histogram(pdf.x, bins=10)[0].tolist()
    assert counts.x.tolist() == [2, 1, 1, 1, 1, 1, 1, 1, 1, 4]


def test_histogram_of_one_distinct_value_and_of_no_values(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"x": [5.0, 5.0, None]}))
    counts, edges = df.plot.histogram(bins=4)
    numpy_counts, numpy_edges = np.histogram([5.0, 5.0], bins=4)
    assert counts.x.tolist() == numpy_counts.tolist()
    assert edges.tolist() == numpy_edges.tolist()
    empty = df[df.x > 100]
    counts, edges = empty.plot.histogram(bins=2)
    assert counts.x.tolist() == [0, 0]
    assert edges.tolist() == np.histogram([], bins=2)[1].tolist()


def test_hist_draws_the_counts(backend):
    pdf = _pdf()
    df = bach.from_pandas(backend, pdf)
    ax = df[["f"]].plot.hist(bins=6, alpha=0.5)
    expected, edges = _numpy_counts(pdf, ["f"], 6)
    assert [float(p.get_height()) for p in ax.patches] == [float(c) for c in expected["f"]]
    assert [float(p.get_x()) for p in ax.patches] == pytest.approx(list(edges[:-1]))
    plt.close("all")


def test_hist_by_raises_not_implemented(backend):
    df = bach.from_pandas(backend, _pdf())
    with pytest.raises(NotImplementedError, match="by="):
        df.plot.hist(by="s")
    with pytest.raises(UnsupportedOperationError):
        df.plot.hist(by="s")


def test_hist_argument_errors():
    df = bach.from_pandas(None, pd.DataFrame({"s": ["a"], "n": [1]}))
    with pytest.raises(DtypeError, match="No numeric data"):
        df[["s"]].plot.histogram()
    with pytest.raises(TypeError):  # DtypeError is also the builtin pandas raises
        df[["s"]].plot.histogram()
    for bad in (0, -1, 2.5, True, "10"):
        with pytest.raises(InvalidArgumentError, match="bins="):
            df.plot.histogram(bins=bad)
    with pytest.raises(InvalidArgumentError, match="grouped"):
        df.groupby("s").plot.histogram()


def test_bar_and_line_draw_the_aggregated_rows(backend):
    pdf = pd.DataFrame({"g": ["b", "a", "b", "c", "a"], "n": [1, 2, 3, 4, 5]})
    df = bach.from_pandas(backend, pdf)
    expected = pdf.groupby("g").n.sum().sort_index()
    ax = df.groupby("g").sum().sort_index().plot.bar()
    assert [float(p.get_height()) for p in ax.patches] == [float(v) for v in expected]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(expected.index)
    ax = df.groupby("g").sum().sort_index().plot.line(y="n_sum")
    assert ax.get_lines()[0].get_ydata().tolist() == expected.tolist()
    plt.close("all")


def test_bar_refuses_a_large_frame(monkeypatch):
    from objectiv_bach import plotting

    monkeypatch.setattr(plotting, "PLOT_MAX_ROWS", 3)
    df = bach.from_pandas(None, pd.DataFrame({"n": [1, 2, 3, 4]}))
    with pytest.raises(InvalidArgumentError, match="more than 3"):
        df.plot.bar()
    assert df[:3].plot.bar() is not None
    plt.close("all")


def test_missing_matplotlib_names_the_extra(monkeypatch):
    import importlib

    from objectiv_bach import plotting

    real = importlib.import_module

    def no_matplotlib(name, *args):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(plotting.importlib, "import_module", no_matplotlib)
    df = bach.from_pandas(None, pd.DataFrame({"n": [1.0, 2.0]}))
    with pytest.raises(MissingDependencyError, match=r"objectiv-bach\[demo\]"):
        df.plot.hist()
    with pytest.raises(ImportError):
        df.plot.line()
    # the counts need no matplotlib
    assert df.plot.histogram(bins=2)[0].n.tolist() == [1, 1]
