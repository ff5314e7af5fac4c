"""Hidden columns (``DataFrame.hide_columns``): carried through operations that keep the rows,
dropped by everything else and when a guard column changes, never shown.

Expected values come from pandas on the same data (the hidden column is a plain column there).
"""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.errors import ColumnNotFoundError, InvalidArgumentError

PDF = pd.DataFrame(
    {
        "user": ["a", "a", "b", "b", "b", "c"],
        "n": [1, 2, 1, 2, 3, 1],
        "x": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
    }
)


def _frame(backend):
    df = bach.from_pandas(backend, PDF).reset_index(drop=True)
    df["key"] = df.n * 100 + df.x.astype("int64")
    return df.hide_columns("key", guards=["user", "n"])


def _expected() -> pd.DataFrame:
    return PDF.assign(key=PDF.n * 100 + PDF.x.astype("int64"))


def _with_key(df) -> bach.DataFrame:
    out = df.copy()
    out["key_out"] = df.get_hidden("key")
    return out


def test_hidden_is_in_no_output(backend):
    df = _frame(backend)
    assert df.columns == ["user", "n", "x"]
    assert df.hidden_columns == ["key"]
    assert list(df.to_pandas().columns) == ["user", "n", "x"]
    # the hidden column's expression is not in the SQL of a query that does not read it
    assert "100" not in df.view_sql()
    assert "100" in _with_key(df).view_sql()


def test_hidden_through_row_preserving_operations(backend):
    df = _frame(backend)
    df = df[df.x > 15]  # a filter (WHERE on the current node)
    df["w"] = df.x.window_lag(window=df.sort_values("x").window())
    df = df[df.w.notnull()]  # a filter after a window: two new nodes
    df = df.materialize(node_name="kept")
    df = df.sort_values("x", ascending=False).set_index("user").reset_index()
    df = df[["user", "n", "x"]]
    assert df.hidden_columns == ["key"]
    got = _with_key(df)
    p = _expected()
    p = p[p.x > 15].sort_values("x")
    p = p.assign(w=p.x.shift()).dropna(subset=["w"])
    expected = p[["user", "n", "x", "key"]].rename(columns={"key": "key_out"})
    assert_frame_matches(got, expected.reset_index(drop=True), check_dtypes=False)


def test_hidden_after_deep_expression_chain(backend):
    # a long chain of assignments continues on a new node (plan/measure.py): the hidden
    # column comes along
    df = _frame(backend)
    for _ in range(60):
        df["x"] = df.x + 1
    assert df.hidden_columns == ["key"]
    got = _with_key(df)[["user", "x", "key_out"]]
    p = _expected()
    expected = pd.DataFrame({"user": p.user, "x": p.x + 60, "key_out": p.key})
    assert_frame_matches(got, expected, check_dtypes=False)


def test_hidden_usable_as_groupby_key(backend):
    df = _frame(backend)
    df["k"] = df.get_hidden("key") // 100
    got = df.groupby("k").x.sum()
    expected = _expected().assign(k=lambda p: p.key // 100).groupby("k").x.sum()
    assert_frame_matches(got.to_frame(), expected.to_frame(), check_dtypes=False)


@pytest.mark.parametrize(
    "change",
    [
        "replace_guard",
        "rename_guard",
        "drop_guard",
        "swap_names",
        "groupby",
        "aggregate",
        "merge",
        "distinct",
        "drop_duplicates",
    ],
)
def test_hidden_dropped(backend, change):
    df = _frame(backend)
    if change == "replace_guard":
        df["n"] = df.n + 0
    elif change == "rename_guard":
        df = df.rename(columns={"n": "m"})
    elif change == "drop_guard":
        df = df.drop(columns=["user"])
    elif change == "swap_names":
        # another column under the guard's name: same name, other expression
        df = df.rename(columns={"n": "m", "x": "n"})
    elif change == "groupby":
        df = df.groupby("user")
    elif change == "aggregate":
        df = df.groupby("user").agg("max").reset_index()
    elif change == "merge":
        df = df.merge(_frame(backend)[["user", "x"]], on=["user", "x"])
    elif change == "distinct":
        df = df.materialize(distinct=True)
    elif change == "drop_duplicates":
        df = df.drop_duplicates()
    assert df.hidden_columns == []
    with pytest.raises(ColumnNotFoundError, match="'key'.*hidden_columns"):
        df.get_hidden("key")


def test_hidden_with_same_expression_kept(backend):
    # a guard given its own values back (directly, or through a renamed copy) has the same
    # expression: the key still describes the rows
    df = _frame(backend)
    df["n"] = df.n
    assert df.hidden_columns == ["key"]
    df = df.rename(columns={"n": "old_n"})
    assert df.hidden_columns == []
    df["n"] = df.old_n
    assert df.hidden_columns == ["key"]
    assert sorted(df.get_hidden("key").to_numpy()) == sorted(_expected().key)


def test_hide_columns_bad_input(backend):
    df = bach.from_pandas(backend, PDF).reset_index(drop=True)
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        df.hide_columns("nope")
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        df.hide_columns("x", guards=["nope"])
    with pytest.raises(InvalidArgumentError, match="'n' is both hidden and a guard"):
        df.hide_columns(["x", "n"], guards=["n"])
    with pytest.raises(InvalidArgumentError, match="grouped or aggregated"):
        df.groupby("user").hide_columns("x")
    with pytest.raises(ColumnNotFoundError, match="valid hidden columns: \\[\\]"):
        df.get_hidden("x")


def test_two_hidden_columns_with_their_own_guards(backend):
    df = bach.from_pandas(backend, PDF).reset_index(drop=True)
    df["k1"] = df.n + 1
    df["k2"] = df.x * 2
    df = df.hide_columns("k1", guards=["n"]).hide_columns("k2", guards=["x"])
    assert df.hidden_columns == ["k1", "k2"]
    df = df[df.user != "c"]
    df["x"] = df.x - 1  # invalidates k2 only
    assert df.hidden_columns == ["k1"]
    got = df.copy()
    got["k1"] = df.get_hidden("k1")
    p = PDF[PDF.user != "c"].assign(x=lambda p: p.x - 1, k1=lambda p: p.n + 1)
    assert_frame_matches(got, p.reset_index(drop=True), check_dtypes=False)


def test_keep_on_filter_false(backend):
    # a column that describes the whole set of rows ("first row of its user") is dropped by
    # anything that keeps only some rows, and kept by everything that keeps them all
    df = bach.from_pandas(backend, PDF).reset_index(drop=True)
    df["first"] = df.n == 1
    df = df.hide_columns("first", guards=["user", "n"], keep_on_filter=False)
    df = df.hide_columns("x", guards=["user"])
    assert df.hidden_columns == ["first", "x"]
    kept = df.sort_values("n").materialize(node_name="all_rows")[["user", "n"]]
    assert kept.hidden_columns == ["first", "x"]
    got = kept.copy()
    got["first"] = kept.get_hidden("first")
    expected = PDF[["user", "n"]].assign(first=PDF.n == 1)
    assert_frame_matches(got, expected, check_dtypes=False)
    assert df[df.n > 1].hidden_columns == ["x"]
    assert df.sort_values("n").materialize(limit=3).hidden_columns == ["x"]
    with pytest.raises(InvalidArgumentError, match="keep_on_filter"):
        df.hide_columns("n", keep_on_filter="no")
