"""``json.filter``, its element 0 and ``json.array_contains`` compare texts, on every engine.

PostgreSQL renders them without a subquery per row when the item or match values are plain
strings (JSON containment, jsonpath ``==``), which compare JSON values; for other values the text
comparison stays. The cases here are the ones where the two would differ: numbers, booleans and
strings that read as numbers or booleans, next to the plain strings. Expected values come from
Python on the same lists. (Values that are not arrays: ``test_json_arrays.py``.)
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

import objectiv_bach as bach

KEY = "é k-1"  # a key that jsonpath needs quoted (quotes in keys: test_json_first_match.py)

ARRAYS: list[Any] = [
    None,
    [],
    [{"id": 1}, {"id": "1"}, {"id": "x"}],
    [{"id": "1"}, {"id": 1}],
    [{"id": True}, {"id": "true"}, {"id": "x", "n": "2"}],
    [{"id": "true"}, {"id": None}, "x", 1, True, ["x"], {"other": "x"}],
    [{"id": "x", "n": 2}, {"id": "x", "n": "2"}, {"id": "y"}],
    ["x", "1", "true"],
    [1, True, "y"],
    [{"k": "x"}, {KEY: "ü \\ 'q' \"", "id": "x"}],
]


def _text(value: Any) -> str | None:
    """The text an engine compares: a string as itself, other scalars as JSON, null as none."""
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)


def _matches(element: Any, match: dict[str, Any]) -> bool:
    return isinstance(element, dict) and all(
        k in element and _text(element[k]) is not None and _text(element[k]) == _text(v)
        for k, v in match.items()
    )


def _filtered(array: Any, match: dict[str, Any]) -> list[Any]:
    return [e for e in array if _matches(e, match)] if isinstance(array, list) else []


def _contains(array: Any, item: Any) -> bool:
    if not isinstance(array, list):
        return False
    return _text(item) in [_text(e) for e in array if not isinstance(e, (dict, list))]


def _frame(engine: Any) -> bach.DataFrame:
    pdf = pd.DataFrame(
        {
            "k": range(len(ARRAYS)),
            "v": [None if a is None else json.dumps(a) for a in ARRAYS],
        }
    )
    frame = bach.from_pandas(engine, pdf).set_index("k")
    frame["v"] = frame.v.astype("json")
    return frame


MATCHES = [
    {"id": "x"},  # plain string: the jsonpath form on PostgreSQL
    {"id": "x", "n": "2"},
    {"id": "1"},  # reads as a number: the text comparison
    {"id": "true"},
    {"id": 1},
    {"id": True},
    {KEY: "ü \\ 'q' \""},  # quotes and backslashes in the key and the value
]


@pytest.mark.parametrize("match", MATCHES, ids=[json.dumps(m) for m in MATCHES])
def test_filter_and_its_first_element(backend, match):
    frame = _frame(backend)
    frame["ids"] = frame.v.json.filter(match)
    frame["first"] = frame.v.json.filter(match).json[0]
    result = frame[["ids", "first"]].sort_index().to_pandas()
    expected = [_filtered(a, match) for a in ARRAYS]
    assert result.ids.tolist() == expected
    firsts = [
        None if v is None or (not isinstance(v, dict) and pd.isna(v)) else v
        for v in result["first"].tolist()
    ]
    assert firsts == [f[0] if f else None for f in expected]


ITEMS = ["x", "1", "true", 1, "y"]


@pytest.mark.parametrize("item", ITEMS, ids=[repr(i) for i in ITEMS])
def test_array_contains(backend, item):
    frame = _frame(backend)
    result = frame.v.json.array_contains(item).sort_index().to_pandas()
    assert result.tolist() == [_contains(a, item) for a in ARRAYS]


def test_postgres_takes_the_form_without_a_subquery_for_plain_strings_only():
    frame = _frame(None)
    plain = frame.v.json.filter({"id": "x"}).json[0].to_frame()
    assert "JSONB_PATH_QUERY_FIRST" in plain.view_sql(dialect="postgres")
    as_number = frame.v.json.filter({"id": "1"}).json[0].to_frame()
    sql = as_number.view_sql(dialect="postgres")
    assert "JSONB_PATH_QUERY_FIRST" not in sql
    assert "LIMIT 1" in sql
    assert "@>" in frame.v.json.array_contains("x").to_frame().view_sql(dialect="postgres")
    sql = frame.v.json.array_contains("true").to_frame().view_sql(dialect="postgres")
    assert "@>" not in sql
    assert "EXISTS" in sql
