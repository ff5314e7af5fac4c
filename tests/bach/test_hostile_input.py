"""Hostile strings and column names round-trip exactly on every backend."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches, values

import objectiv_bach as bach
from objectiv_bach.errors import BackendError

HOSTILE_STRINGS = [
    "it's",
    'say "hi"',
    "back\\slash",
    "trailing\\",
    "new\nline",
    "tab\there",
    "cr\r\n",
    "emoji 🎉👩‍💻",
    "CJK 漢字かな",
    "",
    " ",
    "'; DROP TABLE x; --",
    "$$dollar$$",
    "%_like",
    "`backtick`",
    '"""triple"""',
    "'''",
    "\\'",
    "null",
    "NULL",
]

HOSTILE_NAMES = [
    "with space",
    "quo'te",
    'dq"uote',
    "dot.ted",
    "userId",
    "UserId",
    "select",
    "from",
    "order",
    "name",
    "date",
    "ünïcode",
    "1starts_with_digit",
    "_table_x",
    "a" * 80,
]


@pytest.mark.parametrize("materialization", ["cte", "table"])
def test_hostile_strings_roundtrip(backend, materialization):
    pdf = pd.DataFrame({"s": HOSTILE_STRINGS})
    kwargs = {"name": "hostile_strings"} if materialization == "table" else {}
    df = (
        bach.from_pandas(
            backend, pdf, materialization=materialization, if_exists="replace", **kwargs
        )
        if materialization == "table"
        else bach.from_pandas(backend, pdf)
    )
    assert values(df.sort_index().s) == HOSTILE_STRINGS
    # as literals and in comparisons
    for text in HOSTILE_STRINGS:
        df2 = df.copy()
        df2["lit"] = text
        matched = df2[df2.s == text]
        res = matched.to_pandas()
        assert list(res.lit) == [text] and list(res.s) == [text], repr(text)


def test_hostile_strings_in_str_functions(backend):
    pdf = pd.DataFrame({"s": HOSTILE_STRINGS})
    df = bach.from_pandas(backend, pdf).sort_index()
    assert values(df.s.str.len()) == [len(s) for s in HOSTILE_STRINGS]
    assert values(df.s + "'\"\\") == [s + "'\"\\" for s in HOSTILE_STRINGS]
    assert values(df.s.str.contains("'")) == ["'" in s for s in HOSTILE_STRINGS]
    assert values(df.s.str.replace("\\", "/")) == [s.replace("\\", "/") for s in HOSTILE_STRINGS]


@pytest.mark.parametrize("materialization", ["cte", "table"])
def test_hostile_column_names_roundtrip(backend, materialization):
    pdf = pd.DataFrame({name: [i, i + 1] for i, name in enumerate(HOSTILE_NAMES)})
    kwargs = {"name": "hostile_names", "if_exists": "replace"} if materialization == "table" else {}
    df = bach.from_pandas(backend, pdf, materialization=materialization, **kwargs)
    assert df.columns == HOSTILE_NAMES
    assert_frame_matches(df, pdf)
    # operations on them: assign, filter, groupby, sort, merge
    df["sum of userId/UserId"] = df["userId"] + df["UserId"]
    got = df[df["select"] > 7].sort_values(["order", "from"])
    expected = pdf.assign(**{"sum of userId/UserId": pdf["userId"] + pdf["UserId"]})
    expected = expected[expected["select"] > 7].sort_values(["order", "from"])
    assert_frame_matches(got, expected, ordered=True)
    grouped = df.groupby("name").agg({"date": "sum"})
    assert_frame_matches(grouped, pdf.groupby("name")["date"].sum().rename("date_sum").to_frame())


def test_hostile_names_through_merge_and_window(backend):
    pdf = pd.DataFrame({"User Id": [1, 2, 2], "select": [5, 6, 7]})
    df = bach.from_pandas(backend, pdf).reset_index(drop=True)
    other = df.groupby("User Id").agg({"select": "max"}).reset_index()
    got = df.merge(other, on="User Id")
    expected = pdf.merge(
        pdf.groupby("User Id")["select"].max().rename("select_max").reset_index(), on="User Id"
    )
    assert_frame_matches(got, expected, check_dtypes=False)
    df["rn"] = df.sort_values("select").groupby("User Id")["select"].window_row_number()
    expected = pdf.assign(rn=pdf.groupby("User Id")["select"].rank(method="first").astype("Int64"))
    assert_frame_matches(df, expected)


@pytest.mark.notimpl(
    "bigquery",
    raises=BackendError,
    reason="bqemulator turns the JSON path '$.\"it\\'s\"' into broken DuckDB SQL; "
    "zetasql (GoogleSQL) accepts the query",
)
def test_hostile_json_keys_and_values(backend):
    docs = [{"it's": 'a"b', "x y": "c\\d", "ключ": "значение"}]
    df = bach.from_pandas(backend, pd.DataFrame({"j": docs}))
    assert values(df.j) == docs
    assert values(df.j.json["it's"]) == ['a"b']
    assert values(df.j.json["x y"]) == ["c\\d"]
    assert values(df.j.json.get_value("ключ", as_str=True)) == ["значение"]
