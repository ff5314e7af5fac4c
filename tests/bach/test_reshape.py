"""stack / unstack on every backend, against pandas."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.backends import get_backend
from objectiv_bach.errors import DtypeError, InvalidArgumentError

HOSTILE = 'it\'s "q" -- ; DROP TABLE x; \\ ü'


@pytest.fixture
def pdf():
    return pd.DataFrame(
        {
            "k": ["a", "b", "a", HOSTILE, "b"],
            "m": [1, 1, 2, 2, 3],
            "x": [1.0, None, 3.0, -1.5, 2.0],
            "y": pd.array([4, 5, None, 7, 8], dtype="Int64"),
        }
    )


def _stacked(pdf: pd.DataFrame, dropna: bool) -> pd.DataFrame:
    frame = pdf.set_index(["k", "m"]).astype("float64").stack(future_stack=True)
    if dropna:
        frame = frame.dropna()
    return frame.rename_axis(["k", "m", "__stacked_index"]).rename("__stacked").to_frame()


@pytest.mark.parametrize("dropna", [True, False])
def test_stack(backend, pdf, dropna):
    df = bach.from_pandas(backend, pdf).set_index(["k", "m"])
    got = df.stack(dropna=dropna)
    assert got.name == "__stacked"
    assert got.dtype == "float64"
    assert list(got.index) == ["k", "m", "__stacked_index"]
    assert_frame_matches(got, _stacked(pdf, dropna))


def test_stack_strings_and_grouped(backend, pdf):
    df = bach.from_pandas(backend, pdf).reset_index(drop=True)
    strings = df.set_index("m")[["k"]].astype("string")
    strings["k2"] = strings.k.str[:1]
    got = strings.stack()
    p = pdf.set_index("m")[["k"]].assign(k2=pdf.set_index("m").k.str[:1])
    expected = (
        p.stack(future_stack=True)
        .rename_axis(["m", "__stacked_index"])
        .rename("__stacked")
        .to_frame()
    )
    assert_frame_matches(got, expected)
    # a grouped (aggregated) frame is aggregated first
    got = df.groupby("k").agg({"x": "max", "y": "sum"}).stack()
    p = pdf.groupby("k").agg(x_max=("x", "max"), y_sum=("y", "sum")).astype("float64")
    expected = (
        p.stack(future_stack=True)
        .dropna()
        .rename_axis(["k", "__stacked_index"])
        .rename("__stacked")
        .to_frame()
    )
    assert_frame_matches(got, expected)


def _unstacked(pdf: pd.DataFrame, level: str, fill_value=None) -> pd.DataFrame:
    wide = pdf.set_index(["k", "m"]).unstack(level)
    wide.columns = [f"{v}__{c}" for c, v in wide.columns]
    return wide.fillna(fill_value) if fill_value is not None else wide


@pytest.mark.parametrize(("level", "name"), [(-1, "m"), ("k", "k"), (1, "m"), (0, "k")])
def test_unstack(backend, pdf, level, name):
    df = bach.from_pandas(backend, pdf).set_index(["k", "m"])
    seen: list[str] = []
    get_backend(backend).query_observers.append(seen.append)
    try:
        got = df.unstack(level)
    finally:
        get_backend(backend).query_observers.remove(seen.append)
    assert len(seen) == 1  # one query to find the values, none for building
    expected = _unstacked(pdf, name)
    assert got.columns == list(expected.columns)
    assert_frame_matches(got, expected, check_dtypes=False)


def test_unstack_fill_value_and_aggregation(backend, pdf):
    df = bach.from_pandas(backend, pdf).set_index(["k", "m"])
    got = df[["x"]].unstack(fill_value=0.0)
    assert_frame_matches(got, _unstacked(pdf[["k", "m", "x"]], "m", 0.0))
    # duplicate (k, m) rows are combined with the aggregation
    dup = pd.concat([pdf, pdf.assign(x=pdf.x * 10)], ignore_index=True)
    df = bach.from_pandas(backend, dup).set_index(["k", "m"])[["x"]]
    got = df.unstack(aggregation="min")
    wide = dup.groupby(["k", "m"]).x.min().unstack("m")
    wide.columns = [f"{v}__x" for v in wide.columns]
    assert_frame_matches(got, wide)


def test_one_row_and_empty(backend, pdf):
    one = pdf.iloc[:1]
    df = bach.from_pandas(backend, one).set_index(["k", "m"])
    assert_frame_matches(df.unstack(), _unstacked(one, "m"), check_dtypes=False)
    assert_frame_matches(df.stack(), _stacked(one, True))
    empty = df[df.x > 100]
    assert empty.unstack().columns == []
    assert len(empty.stack().to_pandas()) == 0


def test_errors(pdf):
    df = bach.from_pandas(None, pdf)
    with pytest.raises(InvalidArgumentError, match="at least two levels"):
        df.set_index("k").unstack()
    with pytest.raises(InvalidArgumentError, match="level='nope'"):
        df.set_index(["k", "m"]).unstack("nope")
    with pytest.raises(InvalidArgumentError, match="level=5"):
        df.set_index(["k", "m"]).unstack(5)
    nulls = bach.from_pandas(None, pdf.assign(m=[1, None, 2, 2, 3])).set_index(["k", "m"])
    with pytest.raises(InvalidArgumentError, match="missing values"):
        nulls.unstack()
    with pytest.raises(DtypeError, match="one dtype"):
        df.set_index("m").stack()
    with pytest.raises(InvalidArgumentError, match="__stacked_index"):
        df.set_index("m")[["x"]].stack().to_frame().stack()
