"""``json.filter(match).json[0]``: the first element that matches, in array order.

PostgreSQL renders element 0 of a filtered array as a first-match subquery (``LIMIT 1``)
instead of building the array of every match; the result must be the same everywhere. Expected
values come from Python on the same lists, and from the filtered array itself (fetched whole,
element 0 taken in Python) on the same backend.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import BackendError

HOSTILE = 'a" || true || "'
INJECTION = "x'); DROP TABLE t; --"

ARRAYS: list[Any] = [
    None,
    [],
    [{"_type": "Nav", "id": "menu"}],  # no match
    [
        {"_type": "Root", "id": "home"},
        {"_type": "Link", "id": "first", "n": 1, "ok": True},
        {"_type": "Link", "id": "second", "n": 2, "ok": False},
        {"_type": "Link", "id": "third", "n": 1},
    ],
    # non-object elements (a nested array holding a match must not count) before the match
    ["Link", 3, None, [{"_type": "Link", "id": "nested"}], {"_type": "Link", "id": "after"}],
    [{"_type": HOSTILE, "id": "hostile"}, {"_type": "Link", "id": "plain"}],
    [{"_type": INJECTION, "id": "injection"}, {"it's": "q'uote", "id": "quoted-key"}],
    [{"id": "no-type"}, {"_type": None, "id": "null-type"}, {"_type": "Link", "id": "last"}],
]

MATCHES: list[dict[str, Any]] = [
    {"_type": "Link"},
    {"_type": "Link", "n": 1},
    {"n": 2},
    {"ok": True},
    {"ok": False},
    {"_type": "Missing"},
    {"_type": HOSTILE},
    {"_type": INJECTION},
]
IDS = ["type", "type-and-number", "number", "true", "false", "none", "hostile", "injection"]
QUOTED_KEY = pytest.param(
    {"it's": "q'uote"},
    id="key",
    marks=pytest.mark.notimpl(
        "bigquery",
        reason="bqemulator answers 500 to JSON_VALUE(x, '$.\"it\\'s\"') (a key with a quote)",
        raises=BackendError,
    ),
)


@pytest.fixture
def df(backend):
    pdf = pd.DataFrame({"v": [None if a is None else json.dumps(a) for a in ARRAYS]})
    frame = bach.from_pandas(backend, pdf)
    frame["v"] = frame.v.astype("json")
    return frame


def _values(series) -> list[Any]:
    result = series.sort_index().to_pandas()
    return [None if not isinstance(v, (list, dict)) and pd.isna(v) else v for v in result.tolist()]


def _first(array: list[Any] | None, match: dict[str, Any]) -> Any:
    """Python reference: the first object holding every key/value of ``match``, else None."""
    for element in array or []:
        if isinstance(element, dict) and all(
            k in element and json.dumps(element[k]) == json.dumps(v) for k, v in match.items()
        ):
            return element
    return None


@pytest.mark.parametrize(
    "match", [*(pytest.param(m, id=i) for m, i in zip(MATCHES, IDS, strict=True)), QUOTED_KEY]
)
def test_first_match_is_element_zero_of_the_filter(df, match):
    first = df.v.json.filter(match).json[0]
    expected = [_first(a, match) for a in ARRAYS]
    assert _values(first) == expected
    # the same as the whole filtered array, element 0 taken in Python
    arrays = _values(df.v.json.filter(match))
    assert [a[0] if a else None for a in arrays] == expected
    # and read further, as the model hub does
    ids = _values(first.json.get_value("id", as_str=True))
    assert ids == [None if e is None else e["id"] for e in expected]


def test_first_match_renders_without_the_array_of_all_matches_on_postgres():
    frame = bach.from_pandas(None, pd.DataFrame({"v": [json.dumps(ARRAYS[3])]}))
    first = frame.v.astype("json").json.filter({"_type": HOSTILE}).json[0]
    sql = first.to_frame().view_sql(dialect="postgres")
    # a plain-string match value: the jsonpath form, the value in the variables' JSON literal
    assert "JSONB_PATH_QUERY_FIRST" in sql
    assert "JSONB_PATH_QUERY_ARRAY" not in sql
    assert r"""CAST(E'{"v0": "a\\" || true || \\""}' AS JSONB)""" in sql
    # a number: the first-match subquery, which compares texts
    by_number = frame.v.astype("json").json.filter({"n": 1}).json[0]
    sql = by_number.to_frame().view_sql(dialect="postgres")
    assert "LIMIT 1" in sql
    assert "JSONB_AGG" not in sql
    # element 1 of a filtered array keeps the array form
    second = frame.v.astype("json").json.filter({"_type": "Link"}).json[1]
    assert "JSONB_PATH_QUERY_ARRAY" in second.to_frame().view_sql(dialect="postgres")
    second = frame.v.astype("json").json.filter({"n": 1}).json[1]
    assert "JSONB_AGG" in second.to_frame().view_sql(dialect="postgres")
