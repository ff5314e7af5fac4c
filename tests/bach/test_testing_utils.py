"""objectiv_bach.testing.utils.assert_equals_data (the original's helper) accepts and rejects."""

from __future__ import annotations

import uuid

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import InvalidArgumentError
from objectiv_bach.testing.utils import assert_equals_data

U = uuid.UUID(int=5)


def test_assert_equals_data(backend):
    pdf = pd.DataFrame({"k": ["b", "a", "c"], "x": [1.23456, None, 3.0], "u": [U, U, U]})
    df = bach.from_pandas(backend, pdf).set_index("k")
    assert_equals_data(
        df,
        ["k", "x", "u"],
        [["a", None, U], ["b", 1.23456, U], ["c", 3.0, U]],
    )
    assert_equals_data(df.x, ["k", "x"], [["b", 1.23456], ["c", 3.0], ["a", None]], order_by="x")
    assert_equals_data(
        df.sort_values("x", ascending=False)[["u"]],
        ["k", "u"],
        [["c", str(U)], ["b", str(U)], ["a", str(U)]],
        convert_uuid=True,
    )
    assert_equals_data(
        df[["x"]], ["k", "x"], [["a", None], ["b", 1.2346], ["c", 3.0]], round_decimals=True
    )
    with pytest.raises(AssertionError, match="row 1 is not equal"):
        assert_equals_data(df[["x"]], ["k", "x"], [["a", None], ["b", 1.2], ["c", 3.0]])
    with pytest.raises(AssertionError, match="columns"):
        assert_equals_data(df[["x"]], ["x"], [[None], [1.23456], [3.0]])
    with pytest.raises(InvalidArgumentError):
        assert_equals_data(df, ["k", "x", "u"], [])
