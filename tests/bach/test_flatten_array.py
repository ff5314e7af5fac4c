"""``json.flatten_array()`` on every backend, against the same flattening done in Python.

Also: a PostgreSQL ``json`` (not ``jsonb``) column read with ``from_table`` works with every
json operation, because Bach reads it as ``jsonb`` (so no ``SeriesJsonPostgres`` is needed).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import BackendError

DOCS = [
    ["a", {"b": 1, "c": [1, 2]}, None, 2.5],
    [],
    None,
    ["it's", 'q"uo\\te', "ŁÓDŹ 🦆"],
    [[1, 2], {"_type": "LinkContext", "id": "cta"}],
    [True],
]


def _expected(docs: list) -> list[tuple]:
    """(index, element, offset) per element, as the original: no rows for [] or NULL."""
    return [
        (i, element, offset)
        for i, doc in enumerate(docs)
        if doc
        for offset, element in enumerate(doc)
    ]


def _frame(backend, docs):
    texts = [None if d is None else json.dumps(d) for d in docs]
    df = bach.from_pandas(backend, pd.DataFrame({"v": texts, "k": range(len(docs))}))
    df["v"] = df.v.astype("json")
    return df


def _rows(item, offset) -> list[tuple]:
    flat = item.to_frame()
    flat[offset.name] = offset
    result = flat.to_pandas().reset_index()
    rows = [
        (int(i), v, int(o))
        for i, v, o in zip(result["_index_0"], result["v"], result["v_offset"], strict=True)
    ]
    return sorted(rows, key=lambda r: (r[0], r[2]))


def test_flatten_array(backend):
    df = _frame(backend, DOCS)
    item, offset = df.v.json.flatten_array()
    assert (item.dtype, offset.dtype) == ("json", "int64")
    assert item.name == "v" and offset.name == "v_offset"
    assert item.base_node is offset.base_node and item.base_node is not df.base_node
    assert list(item.index) == ["_index_0"]
    assert _rows(item, offset) == _expected(DOCS)


def test_flattened_items_take_json_operations(backend):
    df = _frame(backend, DOCS)
    item, offset = df.v.json.flatten_array()
    frame = item.to_frame()
    frame["id"] = item.json.get_value("id", as_str=True)
    frame["pos"] = offset
    got = frame[frame.id.notnull()].to_pandas().reset_index()
    assert list(zip(got["_index_0"], got["id"], got["pos"], strict=True)) == [(4, "cta", 1)]
    counts = frame.groupby("_index_0").pos.count().sort_index().to_pandas().to_dict()
    assert counts == {i: len(d) for i, d in enumerate(DOCS) if d}


def test_flatten_after_a_filter_and_a_slice(backend):
    df = _frame(backend, DOCS)
    df = df[df.k >= 3]
    item, offset = df.v.json[1:].json.flatten_array()
    expected = [(i, e, o) for i, e, o in _expected([d[1:] if d else d for d in DOCS]) if i >= 3]
    assert _rows(item, offset) == expected


@pytest.mark.notimpl(
    "bigquery",
    reason="bqemulator raises on JSON_QUERY_ARRAY of a non-array (BigQuery gives NULL)",
    raises=BackendError,
)
def test_values_that_are_not_arrays_give_no_rows(backend):
    docs = [5, {"a": [1]}, "text", [7, 8], None]
    item, offset = _frame(backend, docs).v.json.flatten_array()
    assert _rows(item, offset) == [(3, 7, 0), (3, 8, 1)]


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_postgres_json_column_works_without_a_json_postgres_series(backend):
    from psycopg2 import sql as pgsql

    table = "plain_json"
    with backend.connection.cursor() as cursor:
        cursor.execute(
            pgsql.SQL("CREATE TABLE {} (id bigint, v json)").format(pgsql.Identifier(table))
        )
        for i, doc in enumerate(DOCS):
            cursor.execute(
                pgsql.SQL("INSERT INTO {} VALUES (%s, %s::json)").format(pgsql.Identifier(table)),
                [i, None if doc is None else json.dumps(doc)],
            )
    backend.connection.commit()
    df = bach.from_table(backend, table, index=["id"])
    assert df.v.dtype == "json"
    # equality, slices, length and flattening all need jsonb: the column is read as jsonb
    assert "CAST(v AS JSONB)" in df.view_sql()
    lengths = df.v.json.get_array_length().sort_index().to_pandas().tolist()
    assert [None if pd.isna(n) else n for n in lengths] == [
        None if d is None else len(d) for d in DOCS
    ]
    item, offset = df.v.json.flatten_array()
    flat = item.to_frame()
    flat["o"] = offset
    result = flat.to_pandas().reset_index()
    rows = sorted(
        ((int(i), v, int(o)) for i, v, o in zip(result.id, result.v, result.o, strict=True)),
        key=lambda r: (r[0], r[2]),
    )
    assert rows == sorted(_expected(DOCS), key=lambda r: (r[0], r[2]))
