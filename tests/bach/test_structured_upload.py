"""from_pandas(..., dtypes={...}) of list/dict columns: a VALUES CTE and an uploaded table.

With ``materialization='table'`` the columns are native: DuckDB LIST/STRUCT, BigQuery
ARRAY/STRUCT, PostgreSQL arrays and JSONB objects (dialects/postgres/README.md). The expected
values are the Python input itself; the table's column types are read back from the database.
"""

from __future__ import annotations

import datetime
import uuid

import pandas as pd
import pytest
from helpers import normalize

import objectiv_bach as bach
from objectiv_bach.backends import get_backend
from objectiv_bach.errors import ColumnNotFoundError, DtypeError

HOSTILE = ['a"b', "back\\slash", "x,y", "{braces}", "NULL", " spaced ", "", "it's", "ü"]
TS = datetime.datetime(2022, 3, 4, 5, 6, 7, 890)

#: column -> (values, dtype); no NULL list and no NULL list element (BigQuery has neither)
COLUMNS = {
    "ints": ([[1, 2, 3], [], [-(2**40)], [7]], ["int64"]),
    "texts": ([HOSTILE, ["plain"], [], HOSTILE[::-1]], ["string"]),
    "flags": ([[True, False], [False], [], [True]], ["bool"]),
    "days": (
        [[datetime.date(2022, 1, 1)], [], [datetime.date(1999, 12, 31)] * 2, []],
        ["date"],
    ),
    "point": (
        [
            {"x": 1.5, "tags": ["a"]},
            {"x": -2.0, "tags": []},
            {"x": None, "tags": HOSTILE},
            {"x": 0.0, "tags": ["b", "c"]},
        ],
        {"x": "float64", "tags": ["string"]},
    ),
    "events": (
        [[{"moment": TS, "n": 1}], [], [{"moment": TS, "n": 2}, {"moment": None, "n": 3}], []],
        [{"moment": "timestamp", "n": "int64"}],
    ),
}


def _pdf() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(v, dtype=object) for name, (v, _) in COLUMNS.items()})


def _plain(value):
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return normalize(value)


def _table_name() -> str:
    return "structured_" + uuid.uuid4().hex[:8]


@pytest.mark.parametrize("materialization", ["cte", "table"])
def test_roundtrip_lists_and_dicts(backend, materialization):
    pdf = _pdf()
    dtypes = {name: dtype for name, (_, dtype) in COLUMNS.items()}
    df = bach.from_pandas(
        backend, pdf, materialization=materialization, name=_table_name(), dtypes=dtypes
    )
    assert {n: s.instance_dtype for n, s in df.data.items()} == dtypes
    result = df.sort_index().to_pandas()
    for name in COLUMNS:
        assert [_plain(v) for v in result[name]] == _plain(pdf[name].tolist()), name
    # element and field access work on the uploaded columns
    assert [normalize(v) for v in df.sort_index().ints.elements.len().to_pandas()] == [3, 0, 1, 1]
    assert [normalize(v) for v in df.sort_index().point.elements["x"].to_pandas()] == [
        1.5,
        -2.0,
        None,
        0.0,
    ]


def test_uploaded_columns_are_native(backend):
    name = _table_name()
    dtypes = {"ints": ["int64"], "texts": ["string"], "point": COLUMNS["point"][1]}
    pdf = _pdf()[list(dtypes)]
    bach.from_pandas(backend, pdf, materialization="table", name=name, dtypes=dtypes)
    found = dict(get_backend(backend).table_columns(name))
    assert found["ints"] == ["int64"]
    assert found["texts"] == ["string"]
    # a dict is a STRUCT on DuckDB and BigQuery; PostgreSQL stores it as a JSONB object
    assert found["point"] in (COLUMNS["point"][1], "json")
    table = bach.from_table(backend, name, index=[], all_dtypes=dict(dtypes))
    assert sorted(
        [_plain(v) for v in table.texts.to_pandas()], key=lambda v: (len(v), repr(v))
    ) == sorted(_plain(pdf.texts.tolist()), key=lambda v: (len(v), repr(v)))


@pytest.mark.never(
    "bigquery",
    raises=Exception,
    reason="BigQuery cannot store a NULL ARRAY (it becomes []) nor return a NULL element in an "
    "array (the bqemulator returns it and the client crashes with TypeError)",
)
def test_null_lists_and_elements(backend):
    pdf = pd.DataFrame({"l": pd.Series([[1, None], None, []], dtype=object)})
    df = bach.from_pandas(
        backend, pdf, materialization="table", name=_table_name(), dtypes={"l": ["int64"]}
    )
    assert [_plain(v) for v in df.sort_index().l.to_pandas()] == [[1, None], None, []]


def test_null_dict(backend):
    pdf = pd.DataFrame({"d": pd.Series([{"a": 1}, None], dtype=object)})
    df = bach.from_pandas(
        backend, pdf, materialization="table", name=_table_name(), dtypes={"d": {"a": "int64"}}
    )
    assert [_plain(v) for v in df.sort_index().d.to_pandas()] == [{"a": 1}, None]


def test_dtypes_argument_errors():
    pdf = _pdf()
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        bach.from_pandas(None, pdf, dtypes={"nope": ["int64"]})
    with pytest.raises(DtypeError, match="not a list"):
        bach.from_pandas(
            None, pdf, materialization="table", name=_table_name(), dtypes={"point": ["int64"]}
        )
    with pytest.raises(TypeError):
        bach.from_pandas(None, pdf, dtypes=["int64"])
    # without dtypes= lists and dicts are json, as the original
    assert bach.from_pandas(None, pdf).dtypes["ints"] == "json"
