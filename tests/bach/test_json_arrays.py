"""JSON array operations of the ``.json`` accessor on every backend: position slices
``json[a:b]``, the dict slice ``json[{...}:]``, ``filter(match)``, ``get_array_length()`` and
``array_contains(item)``. Expected values come from Python on the same lists."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import BackendError

ARRAYS: list[Any] = [
    [
        {"_type": "Root", "id": "home"},
        {"_type": "Nav", "id": "menu"},
        {"_type": "Link", "id": "docs", "n": 1},
        {"_type": "Link", "id": "blog", "n": 2},
    ],
    [{"_type": "Link", "id": "solo"}],
    [],
    ["a", "b", "c", "d", "e"],
    [{"id": 'it\'s "quoted"', "_type": "Ünïcode ☃"}, 1, "x"],
    None,
]


@pytest.fixture
def df(backend):
    pdf = pd.DataFrame({"v": [None if a is None else json.dumps(a) for a in ARRAYS]})
    frame = bach.from_pandas(backend, pdf)
    frame["v"] = frame.v.astype("json")
    return frame


def _values(series) -> list[Any]:
    result = series.sort_index().to_pandas()
    return [None if not isinstance(v, (list, dict)) and pd.isna(v) else v for v in result.tolist()]


SLICES = [
    (1, None),
    (None, 2),
    (1, 3),
    (-2, None),
    (None, -1),
    (-3, -1),
    (0, 100),
    (3, 1),
    (-100, 2),
    (5, None),
]


@pytest.mark.parametrize(("start", "stop"), SLICES, ids=[f"{a}:{b}" for a, b in SLICES])
def test_position_slice_is_python_list_slicing(df, start, stop):
    got = _values(df.v.json[start:stop])
    expected = [[] if a is None else a[start:stop] for a in ARRAYS]
    assert got == expected


def _slice_from(array: list[Any] | None, match: dict[str, Any]) -> list[Any]:
    for i, element in enumerate(array or []):
        if isinstance(element, dict) and all(
            k in element and json.dumps(element[k]) == json.dumps(v) for k, v in match.items()
        ):
            return array[i:]  # type: ignore[index]
    return []


@pytest.mark.parametrize(
    "match",
    [
        {"_type": "Link"},
        {"_type": "Link", "id": "blog"},
        {"n": 2},
        {"_type": "Missing"},
        {"_type": "Ünïcode ☃"},
        {"id": 'it\'s "quoted"'},
    ],
    ids=["type", "type-and-id", "number", "none", "unicode", "quotes"],
)
def test_dict_slice_from_the_first_matching_object(df, match):
    assert _values(df.v.json[match:]) == [_slice_from(a, match) for a in ARRAYS]


@pytest.mark.parametrize(
    "match",
    [{"_type": "Link"}, {"id": "solo"}, {"n": 1}, {"_type": "Missing"}],
    ids=["type", "id", "number", "none"],
)
def test_filter_keeps_matching_objects_in_order(df, match):
    def expected(array: list[Any] | None) -> list[Any]:
        return [
            e
            for e in array or []
            if isinstance(e, dict)
            and all(k in e and json.dumps(e[k]) == json.dumps(v) for k, v in match.items())
        ]

    assert _values(df.v.json.filter(match)) == [expected(a) for a in ARRAYS]


def test_get_array_length(df):
    assert _values(df.v.json.get_array_length()) == [None if a is None else len(a) for a in ARRAYS]


@pytest.mark.parametrize("item", ["b", "x", "zz", 1], ids=["b", "x", "absent", "int"])
def test_array_contains(df, item):
    # a missing array contains nothing (False, not missing)
    expected = [
        a is not None and any(e == item and type(e) is type(item) for e in a) for a in ARRAYS
    ]
    assert _values(df.v.json.array_contains(item)) == expected


def test_slices_chain_with_index_access(df):
    first_link = df.v.json[{"_type": "Link"} :].json[0].json.get_value("id", as_str=True)
    assert _values(first_link) == ["docs", "solo", None, None, None, None]
    last_two_ids = df.v.json[-2:].json[0].json.get_value("id", as_str=True)
    assert _values(last_two_ids) == ["docs", "solo", None, None, None, None]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (slice(0, 4, 2), "step"),
        (slice({"a": 1}, 3), "dict slice goes to the end"),
        (slice("a", None), "bounds are ints"),
        (slice({}, None), "non-empty dict"),
        (slice({"a": [1]}, None), "scalar values"),
        (1.5, "use a str key"),
    ],
)
def test_bad_keys_raise(key, message):
    frame = bach.from_pandas(None, pd.DataFrame({"v": ["[]"]})).astype("json")
    with pytest.raises(bach.InvalidArgumentError, match=message):
        frame.v.json[key]


def test_bad_filter_and_contains_arguments_raise():
    frame = bach.from_pandas(None, pd.DataFrame({"v": ["[]"]})).astype("json")
    with pytest.raises(bach.InvalidArgumentError, match="non-empty dict"):
        frame.v.json.filter({"a": None})
    with pytest.raises(bach.DtypeError, match="str or an int"):
        frame.v.json.array_contains(1.5)


# ---------------------------------------------------------------------------------------------
# values that are not arrays: one rule on every engine, in one query with arrays

_SQL_NULL = object()
MIXED: list[Any] = [
    ["a", {"_type": "Link", "id": "x"}, 2, "b"],
    {"_type": "Link", "id": "object"},
    {"a": ["a", "b"]},
    7,
    "a",
    True,
    None,  # JSON null
    [],
    _SQL_NULL,
]


def _as_array(value: Any) -> list[Any] | None:
    """The array a value stands for: a value that is not an array is a missing one."""
    return value if isinstance(value, list) else None


@pytest.mark.notimpl(
    "bigquery",
    reason="bqemulator raises on JSON_QUERY_ARRAY of a non-array (BigQuery gives NULL)",
    raises=BackendError,
)
def test_values_that_are_not_arrays_count_as_missing_arrays(backend):
    pdf = pd.DataFrame({"v": [None if v is _SQL_NULL else json.dumps(v) for v in MIXED]})
    frame = bach.from_pandas(backend, pdf).astype("json")
    s = frame.v
    out = frame.drop(columns=["v"])
    out["head"] = s.json[0:2]
    out["tail"] = s.json[-1:]
    out["from_link"] = s.json[{"_type": "Link"} :]
    out["links"] = s.json.filter({"_type": "Link"})
    out["first_link"] = s.json.filter({"_type": "Link"}).json[0]
    out["length"] = s.json.get_array_length()
    out["has_a"] = s.json.array_contains("a")
    out["has_2"] = s.json.array_contains(2)
    got = out.sort_index().to_pandas()  # every column in one query

    arrays = [_as_array(v) for v in MIXED]
    expected = {
        "head": [(a or [])[0:2] for a in arrays],
        "tail": [(a or [])[-1:] for a in arrays],
        "from_link": [_slice_from(a, {"_type": "Link"}) for a in arrays],
        "links": [
            [e for e in a or [] if isinstance(e, dict) and e.get("_type") == "Link"] for a in arrays
        ],
        "first_link": [{"_type": "Link", "id": "x"}] + [None] * (len(MIXED) - 1),
        "length": [None if a is None else len(a) for a in arrays],
        "has_a": [a is not None and "a" in a for a in arrays],
        "has_2": [a is not None and any(e == 2 and type(e) is int for e in a) for a in arrays],
    }
    for column, values in expected.items():
        cells = [None if not isinstance(v, (list, dict)) and pd.isna(v) else v for v in got[column]]
        assert cells == values, column
