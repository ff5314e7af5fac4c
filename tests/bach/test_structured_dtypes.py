"""list and dict dtypes (SeriesList, SeriesDict) on every backend, with pandas as the oracle.

pandas' ``.str`` accessor works on Python lists and dicts (``.str[i]``, ``.str[a:b]``,
``.str.len()``, ``.str.get(key)``), so the expected values come from pandas applied to the same
Python data.
"""

from __future__ import annotations

import datetime

import pandas as pd
import pytest
from helpers import normalize

import objectiv_bach as bach
from objectiv_bach.errors import DtypeError, UnsupportedOperationError
from objectiv_bach.types import (
    InstanceDtypeError,
    dtype_from_sql_type,
    validate_dtype,
    validate_dtype_value,
    validate_instance_dtype,
)

LISTS = [[1, 2, 3], [4], [], [5, 6, 7, 8]]
NULL_LIST_REASON = (
    "BigQuery cannot store or return a NULL ARRAY (it becomes []); the bqemulator returns it as []"
)


def _frame(backend):
    pdf = pd.DataFrame({"n": [10, 20, 30, 40], "l": pd.Series(LISTS, dtype=object)})
    df = bach.from_pandas(backend, pdf)
    assert df.dtypes["l"] == "json"  # convert_objects infers json from lists, as the original
    df["l"] = df.l.astype(["int64"])
    return pdf, df


def _values(series) -> list:
    result = series.sort_index().to_pandas()
    return [_plain(v) for v in result.tolist()]


def _plain(value):
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return normalize(value)


def _expected(pandas_series: pd.Series) -> list:
    return [_plain(v) for v in pandas_series.tolist()]


def test_list_from_json_column_roundtrip(backend):
    pdf, df = _frame(backend)
    assert df.l.dtype == "list"
    assert df.l.instance_dtype == ["int64"]
    assert df.dtypes["l"] == "list"
    assert _values(df.l) == _expected(pdf.l)


@pytest.mark.parametrize("key", [0, 1, -1, -2, 3, 7, -9])
def test_list_element_access(backend, key):
    pdf, df = _frame(backend)
    element = df.l.elements[key]
    assert element.dtype == "int64"
    assert _values(element) == _expected(pdf.l.str[key])


@pytest.mark.parametrize(
    "key",
    [
        slice(1, None),
        slice(None, 2),
        slice(-2, None),
        slice(None, -1),
        slice(1, 3),
        slice(3, 1),
        slice(-9, 9),
        slice(None, None),
    ],
)
def test_list_slices(backend, key):
    pdf, df = _frame(backend)
    part = df.l.elements[key]
    assert part.instance_dtype == ["int64"]
    assert _values(part) == _expected(pdf.l.str[key])


def test_list_len(backend):
    pdf, df = _frame(backend)
    assert _values(df.l.elements.len()) == _expected(pdf.l.str.len())


def test_list_from_value_with_series_items(backend):
    pdf, df = _frame(backend)
    df["made"] = bach.SeriesList.from_value(df, [df.n, 0, df.n * 2], name="made", dtype=["int64"])
    assert df.made.instance_dtype == ["int64"]
    assert _values(df.made) == [[n, 0, n * 2] for n in pdf.n]
    assert _values(df.made.elements[-1]) == [n * 2 for n in pdf.n]


def test_list_equality(backend):
    pdf, df = _frame(backend)
    df["same"] = df.l == [4]
    df["other"] = df.l != df.l.elements[:1]
    expected_same = [v == [4] for v in pdf.l]
    expected_other = [v != v[:1] for v in pdf.l]
    assert _values(df.same) == expected_same
    assert _values(df.other) == expected_other


def test_list_to_json_and_back(backend):
    pdf, df = _frame(backend)
    as_json = df.l.astype("json")
    assert as_json.dtype == "json"
    assert _values(as_json) == _expected(pdf.l)
    assert _values(as_json.json.get_array_length()) == _expected(pdf.l.str.len())
    back = as_json.astype(["int64"])
    assert _values(back) == _expected(pdf.l)


def test_list_of_strings_from_json(backend):
    pdf = pd.DataFrame({"tags": pd.Series([["a", "b"], ["c"], []], dtype=object)})
    df = bach.from_pandas(backend, pdf)
    tags = df.tags.astype(["string"])
    assert _values(tags) == _expected(pdf.tags)
    assert _values(tags.elements[0]) == _expected(pdf.tags.str[0])


RECORD = {
    "i": "int64",
    "f": "float64",
    "b": "bool",
    "s": "string",
    "d": "date",
    "t": "timestamp",
    "tags": ["string"],
}
RECORDS = [
    {
        "i": 1,
        "f": 1.5,
        "b": True,
        "s": "x",
        "d": datetime.date(2022, 1, 2),
        "t": datetime.datetime(2022, 1, 2, 3, 4, 5),
        "tags": ["p", "q"],
    },
    {"i": -7, "f": None, "b": False, "s": None, "d": None, "t": None, "tags": []},
]


def test_dict_from_value_field_access(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"k": [0, 1]}))
    for position, record in enumerate(RECORDS):
        df[f"r{position}"] = bach.SeriesDict.from_value(
            df, record, name=f"r{position}", dtype=RECORD
        )
    assert df.r0.instance_dtype == RECORD
    for position, record in enumerate(RECORDS):
        series = df[f"r{position}"]
        assert _values(series) == [_plain(record)] * 2
        for field, dtype in RECORD.items():
            value = series.elements[field]
            assert value.instance_dtype == dtype
            assert _values(value) == [_plain(record[field])] * 2, field


def test_dict_from_json_column(backend):
    pdf = pd.DataFrame(
        {"j": pd.Series([{"a": 1, "b": "x"}, {"a": None, "b": "y"}, {"a": 3}], dtype=object)}
    )
    df = bach.from_pandas(backend, pdf)
    d = df.j.astype({"a": "int64", "b": "string"})
    assert d.dtype == "dict"
    expected = [{"a": v.get("a"), "b": v.get("b")} for v in pdf.j]
    assert _values(d) == expected
    assert _values(d.elements["a"]) == _expected(pdf.j.str.get("a"))
    assert _values(d.elements["b"]) == _expected(pdf.j.str.get("b"))
    assert _values(d.astype("json")) == expected


def test_dict_with_series_fields_and_equality(backend):
    pdf = pd.DataFrame({"n": [1, 2, 3], "s": ["a", "b", "a"]})
    df = bach.from_pandas(backend, pdf)
    df["d"] = bach.SeriesDict.from_value(
        df, {"n": df.n, "s": df.s}, name="d", dtype={"n": "int64", "s": "string"}
    )
    df["is_a1"] = df.d == {"n": 1, "s": "a"}
    expected = [{"n": n, "s": s} for n, s in zip(pdf.n, pdf.s, strict=True)]
    assert _values(df.d) == expected
    assert _values(df.is_a1) == [e == {"n": 1, "s": "a"} for e in expected]


def test_list_of_dicts(backend):
    items = [[{"id": "a", "n": 1}, {"id": "b", "n": 2}], [], [{"id": "c", "n": None}]]
    pdf = pd.DataFrame({"j": pd.Series(items, dtype=object)})
    df = bach.from_pandas(backend, pdf)
    lst = df.j.astype([{"id": "string", "n": "int64"}])
    assert _values(lst) == items
    first = lst.elements[0]
    assert first.instance_dtype == {"id": "string", "n": "int64"}
    assert _values(first.elements["id"]) == _expected(pdf.j.str[0].str.get("id"))
    assert _values(lst.elements.len()) == _expected(pdf.j.str.len())


def test_materialize_keeps_instance_dtype(backend):
    pdf, df = _frame(backend)
    frame = df.materialize(node_name="lists")
    assert frame.l.instance_dtype == ["int64"]
    assert _values(frame.l.elements[-1]) == _expected(pdf.l.str[-1])


@pytest.mark.never("bigquery", raises=AssertionError, reason=NULL_LIST_REASON)
def test_null_list(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"n": [1]}))
    df["l"] = bach.SeriesList.from_value(df, None, name="l", dtype=["int64"])
    assert _values(df.l) == [None]
    assert _values(df.l.elements.len()) == [None]


@pytest.mark.never(
    "bigquery",
    raises=Exception,
    reason="BigQuery rejects an ARRAY with a NULL element in a result (the "
    "bqemulator returns it and the client crashes with TypeError)",
)
def test_list_with_null_element(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"n": [1]}))
    df["l"] = bach.SeriesList.from_value(df, [1, None], name="l", dtype=["int64"])
    assert _values(df.l) == [[1, None]]


def test_null_dict(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"n": [1]}))
    df["d"] = bach.SeriesDict.from_value(df, None, name="d", dtype={"a": "int64"})
    assert _values(df.d) == [None]
    assert _values(df.d.elements["a"]) == [None]


@pytest.mark.never(
    ["postgres", "bigquery"],
    raises=UnsupportedOperationError,
    reason="PostgreSQL arrays are multi-dimensional, not nested; BigQuery has no ARRAY<ARRAY<...>>",
)
def test_list_of_lists(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"n": [1]}))
    df["l"] = bach.SeriesList.from_value(df, [[1, 2], [3]], name="l", dtype=[["int64"]])
    assert _values(df.l.elements[0].elements[-1]) == [2]
    assert _values(df.l) == [[[1, 2], [3]]]


# ---------------------------------------------------------------------------------------------
# dtype values (no database)


def test_dtype_values():
    assert validate_dtype(["integer"]) == ["int64"]
    assert validate_dtype({"a": [{"b": "text"}]}) == {"a": [{"b": "string"}]}
    assert validate_instance_dtype("list", ["bigint"]) == ["int64"]
    assert validate_instance_dtype("int64", "integer") == "int64"
    for bad in (["int64", "string"], [], {}, {1: "int64"}, "list", "dict"):
        with pytest.raises(InstanceDtypeError):
            validate_dtype(bad)
    with pytest.raises(ValueError, match="does not fit"):
        validate_instance_dtype("list", {"a": "int64"})
    with pytest.raises(DtypeError, match="Unknown dtype 'nope'"):
        validate_dtype(["nope"])


def test_dtype_value_checks():
    validate_dtype_value("list", ["int64"], [1, None, 2])
    validate_dtype_value("dict", {"a": ["string"]}, {"a": ["x"]})
    validate_dtype_value("list", ["float64"], [1, 2.5])
    for dtype, value in (
        (["int64"], [1, "x"]),
        ({"a": "int64"}, {"b": 1}),
        ({"a": "int64"}, [1]),
        (["string"], "abc"),
    ):
        with pytest.raises(InstanceDtypeError):
            validate_dtype_value("list" if isinstance(dtype, list) else "dict", dtype, value)


def test_structured_dtype_from_database_types():
    assert dtype_from_sql_type("ARRAY<STRUCT<a INT64, b ARRAY<STRING>>>", "bigquery") == [
        {"a": "int64", "b": ["string"]}
    ]
    assert dtype_from_sql_type("BIGINT[]", "postgres") == ["int64"]
    assert dtype_from_sql_type("STRUCT(a DOUBLE, t TIMESTAMP)", "duckdb") == {
        "a": "float64",
        "t": "timestamp",
    }
    with pytest.raises(DtypeError, match="has no Bach dtype"):
        dtype_from_sql_type("STRUCT<INT64>", "bigquery")  # unnamed fields


def test_from_value_needs_a_dtype():
    df = bach.from_pandas(None, pd.DataFrame({"n": [1]}))
    with pytest.raises(DtypeError, match="needs dtype="):
        bach.SeriesList.from_value(df, [1])
    with pytest.raises(InstanceDtypeError):
        bach.SeriesList.from_value(df, [1, "x"], dtype=["int64"])
    with pytest.raises(DtypeError, match="has dtype 'int64'"):
        bach.SeriesList.from_value(df, [df.n], dtype=["string"])


def test_database_create_table_keeps_lists_and_dicts(backend):
    pdf, df = _frame(backend)
    df["d"] = bach.SeriesDict.from_value(
        df, {"n": df.n, "tags": ["a"]}, name="d", dtype={"n": "int64", "tags": ["string"]}
    )
    table = df.database_create_table("structured_" + str(abs(hash(str(backend))) % 10**6))
    assert table.l.instance_dtype == ["int64"]
    assert table.d.instance_dtype == {"n": "int64", "tags": ["string"]}
    assert _values(table.l.elements[0]) == _expected(pdf.l.str[0])
    assert _values(table.d.elements["n"]) == list(pdf.n)
    assert _values(table.d) == [{"n": n, "tags": ["a"]} for n in pdf.n]


def test_generic_from_value_and_nested_access(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"n": [1, 2]}))
    value = {"ids": [3, 4, 5], "inner": {"x": "deep"}}
    dtype = {"ids": ["int64"], "inner": {"x": "string"}}
    df["v"] = bach.Series.from_value(df, value, name="v", dtype=dtype)
    assert isinstance(df.v, bach.SeriesDict)
    assert _values(df.v.elements["ids"].elements[-2]) == [value["ids"][-2]] * 2
    assert _values(df.v.elements["inner"].elements["x"]) == ["deep"] * 2
    assert _values(df.v.elements["ids"].elements[1:]) == [value["ids"][1:]] * 2
