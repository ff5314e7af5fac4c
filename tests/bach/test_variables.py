"""Variables (create_variable, set_variable, variables, get_all_variable_usage) on every backend.

Expected values come from pandas with the variable's value written in.
"""

from __future__ import annotations

import datetime

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_bach.variables import DefinedVariable, DtypeNamePair

HOSTILE = 'it\'s "q" -- ; DROP TABLE x; \\ ü'


@pytest.fixture
def pdf():
    return pd.DataFrame(
        {
            "g": ["a", "b", "a", None, HOSTILE],
            "x": pd.array([1, 5, 9, None, 3], dtype="Int64"),
            "f": [0.5, 1.5, None, 2.5, 4.0],
            "d": pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01", None, "2022-04-01"]),
        }
    )


def test_value_bound_at_render_and_plan_unchanged(backend, pdf):
    df = bach.from_pandas(backend, pdf)
    df, low = df.create_variable("low", 2)
    df, factor = df.create_variable("factor", 1.5)
    df["y"] = df.f * factor
    big = df[df.x > low]
    expected = pdf.assign(y=pdf.f * 1.5)[(pdf.x > 2).fillna(False)].rename_axis("_index_0")
    assert_frame_matches(big, expected, with_index=True, check_dtypes=False)

    changed = big.set_variable("low", 4).set_variable("factor", -2.0)
    assert changed.base_node is big.base_node
    assert changed.data["y"].expression is big.data["y"].expression
    expected = pdf.assign(y=pdf.f * -2.0)[(pdf.x > 4).fillna(False)].rename_axis("_index_0")
    assert_frame_matches(changed, expected, with_index=True, check_dtypes=False)
    sql = changed.view_sql()
    assert "> 4" in sql and "-2.0" in sql
    assert "> 2" in big.view_sql()  # the first frame keeps its values


def test_string_date_and_bool_variables(backend, pdf):
    df = bach.from_pandas(backend, pdf)
    df, name = df.create_variable("name", HOSTILE)
    df, since = df.create_variable("since", datetime.datetime(2022, 2, 1))
    df, flag = df.create_variable("flag", True)
    df["is_name"] = (df.g == name) & flag
    got = df[df.d >= since][["g", "is_name"]]
    expected = pdf[pdf.d >= pd.Timestamp("2022-02-01")][["g"]]
    expected = expected.assign(is_name=expected.g == HOSTILE).rename_axis("_index_0")
    assert_frame_matches(got, expected, with_index=True, check_dtypes=False)
    flipped = got.set_variable("flag", False)
    assert not flipped.to_pandas().is_name.any()


def test_variables_survive_grouping_merge_and_materialize(backend, pdf):
    df = bach.from_pandas(backend, pdf)
    df, offset = df.create_variable("offset", 10)
    df["x2"] = df.x + offset
    totals = df.groupby("g").agg({"x2": "sum"}).materialize(node_name="totals")
    merged = df.reset_index(drop=True)[["g", "x"]].merge(totals.reset_index(), on="g")
    expected = pdf.assign(x2=pdf.x + 10).groupby("g").agg(x2_sum=("x2", "sum")).reset_index()
    expected = pdf[["g", "x"]].merge(expected, on="g")
    assert_frame_matches(merged, expected, check_dtypes=False)
    again = merged.set_variable("offset", 0)
    assert again.to_pandas().x2_sum.tolist() != merged.to_pandas().x2_sum.tolist()
    expected0 = pdf.groupby("g").agg(x2_sum=("x", "sum")).reset_index()
    assert_frame_matches(again, pdf[["g", "x"]].merge(expected0, on="g"), check_dtypes=False)
    appended = df[["x2"]].append(df[["x2"]])
    assert appended.set_variable("offset", 1).x2.sum().to_frame().set_variable(
        "offset", 1
    ).to_pandas().x2.iloc[0] == 2 * (pdf.x.sum() + 4)


def test_variables_and_usage():
    df = bach.from_pandas(None, pd.DataFrame({"x": [1, 2, 3]}))
    assert df.variables == {}
    df, a = df.create_variable("a", 2)
    df, b = df.create_variable("b", "text")
    df = df.set_variable("c", 1.5)
    assert df.variables == {
        DtypeNamePair("int64", "a"): 2,
        DtypeNamePair("string", "b"): "text",
        DtypeNamePair("float64", "c"): 1.5,
    }
    filtered = df[df.x > a]
    assert filtered.get_all_variable_usage() == [DefinedVariable("a", "int64", 2, None, None)]
    # a name with another dtype is another variable
    other = filtered.set_variable("a", 2.5)
    assert len(other.variables) == 4
    assert other.to_pandas().x.tolist() == [3]
    assert df.get_all_variable_usage() == []


def test_missing_value_and_bad_values():
    df = bach.from_pandas(None, pd.DataFrame({"x": [1, 2, 3]}))
    df, a = df.create_variable("a", 2)
    lonely = (df.x + a).to_frame()
    with pytest.raises(InvalidArgumentError, match=r"Variable 'a' of dtype 'int64' has no value"):
        lonely.view_sql()
    assert lonely.set_variable("a", 10).to_pandas().x.tolist() == [11, 12, 13]
    usage = lonely.get_all_variable_usage()
    assert usage == [DefinedVariable("a", "int64", None, None, None)]
    with pytest.raises(DtypeError):
        df.set_variable("a", "two", dtype="int64")
    with pytest.raises(InvalidArgumentError):
        df.create_variable("", 1)
    with pytest.raises(DtypeError):
        df.create_variable("l", [1, 2], dtype=["int64"])


def test_variable_sql_per_dialect(dialect):
    df = bach.from_pandas(None, pd.DataFrame({"s": ["a", HOSTILE]}))
    df, name = df.create_variable("name", HOSTILE)
    sql = df[df.s == name].view_sql(dialect=dialect)
    assert "DROP TABLE x" in sql  # inside a quoted literal: the value, escaped
    assert sql.count("DROP TABLE x") == 2
