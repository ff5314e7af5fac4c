"""The original's concat classes (``bach.operations.concat``) on every backend, vs pandas.concat.

They are thin over DataFrame.append / Series.append: the same plan, the same rows.
"""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.errors import InvalidArgumentError, InvalidArgumentTypeError
from objectiv_bach.operations.concat import DataFrameConcatOperation, SeriesConcatOperation

PA = pd.DataFrame(
    {"s": ["a", None, "it's"], "n": pd.array([1, None, 3], dtype="Int64"), "f": [0.5, None, 2.0]}
)
PB = pd.DataFrame({"f": [7.5, None], "n": [1.5, 2.5], "extra": [True, None]}, index=[10, 11])
PC = pd.DataFrame({"s": ["z"], "f": [-1.0]}, index=[20])


@pytest.fixture
def frames(backend):
    return [bach.from_pandas(backend, p) for p in (PA, PB, PC)]


@pytest.mark.parametrize("sort", [False, True])
@pytest.mark.parametrize("ignore_index", [False, True])
def test_dataframe_concat_equals_pandas(frames, sort, ignore_index):
    got = DataFrameConcatOperation(frames, ignore_index=ignore_index, sort=sort)()
    expected = pd.concat([PA, PB, PC], ignore_index=ignore_index, sort=sort)
    assert got.columns == list(expected.columns)
    assert got.index_columns == ([] if ignore_index else ["_index_0"])
    if not ignore_index:
        expected = expected.rename_axis("_index_0")
    assert_frame_matches(got, expected, with_index=not ignore_index, check_dtypes=False)
    # the same plan as DataFrame.append
    same = frames[0].append(frames[1:], ignore_index=ignore_index, sort=sort)
    assert got.view_sql() == same.view_sql()


def test_dataframe_concat_of_one_and_errors(frames):
    one = DataFrameConcatOperation([frames[0]], ignore_index=True)()
    assert_frame_matches(one, PA.reset_index(drop=True), with_index=False, check_dtypes=False)
    assert one.index_columns == []
    with pytest.raises(InvalidArgumentError, match="no objects"):
        DataFrameConcatOperation([])()
    with pytest.raises(ValueError):
        DataFrameConcatOperation([])()
    with pytest.raises(
        InvalidArgumentTypeError, match="DataFrames only, got a SeriesFloat64 .f. at position 1"
    ):
        DataFrameConcatOperation([frames[0], frames[0].f])()


@pytest.mark.parametrize("ignore_index", [False, True])
def test_series_concat_equals_pandas(frames, ignore_index):
    a, b, c = frames
    got = SeriesConcatOperation([a.f, b.n, c.f], ignore_index=ignore_index)()
    expected = pd.concat([PA.f, PB.n.rename("f"), PC.f], ignore_index=ignore_index)
    assert got.name == "f"
    assert got.dtype == "float64"
    if not ignore_index:
        expected = expected.rename_axis("_index_0")
    assert_frame_matches(got, expected, with_index=not ignore_index, check_dtypes=False)
    with pytest.raises(
        InvalidArgumentTypeError, match="Series only, got a DataFrame at position 1"
    ):
        SeriesConcatOperation([a.f, b])()
