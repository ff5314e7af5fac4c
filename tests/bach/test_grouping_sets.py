"""cube / rollup / groupby with grouping sets on every backend, against pandas.

The expectation is pandas' groupby of every grouping set (``dropna=False``: SQL groups NULL
keys), with the keys not in a set as missing values, concatenated.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.errors import (
    ColumnNotFoundError,
    InvalidArgumentError,
    UnsupportedOperationError,
)

HOSTILE = 'it\'s "q" -- ; DROP TABLE x; \\ ü'


@pytest.fixture
def pdf():
    return pd.DataFrame(
        {
            "g": ["a", "b", "a", None, HOSTILE, "a", "b"],
            "h": pd.array([1, 1, 2, 2, 1, None, 2], dtype="Int64"),
            "x": pd.array([1, 2, None, 4, 5, 6, 7], dtype="Int64"),
            "y": [1.5, -2.5, 3.25, None, 0.0, 10.0, 2.0],
        }
    )


def _expected(
    pdf: pd.DataFrame, keys: list[str], sets: list[list[str]], spec: dict[str, list[str]]
) -> pd.DataFrame:
    parts = []
    for keys_of_set in sets:
        if keys_of_set:
            grouped = pdf.groupby(keys_of_set, dropna=False)
            part = pd.DataFrame(
                {f"{c}_{f}": getattr(grouped[c], f)() for c, fs in spec.items() for f in fs}
            ).reset_index()
        else:
            part = pd.DataFrame(
                {f"{c}_{f}": [getattr(pdf[c], f)()] for c, fs in spec.items() for f in fs}
            )
        for key in keys:
            if key not in part:
                part[key] = None
        parts.append(part[keys + [f"{c}_{f}" for c, fs in spec.items() for f in fs]])
    return pd.concat(parts, ignore_index=True).set_index(keys)


def _rollup_sets(keys):
    return [keys[:i] for i in range(len(keys), -1, -1)]


def _cube_sets(keys):
    return [
        [k for k, keep in zip(keys, mask, strict=True) if keep]
        for mask in itertools.product((True, False), repeat=len(keys))
    ]


SPEC = {"x": ["sum", "count", "max"], "y": ["mean"]}


@pytest.mark.parametrize("kind", ["cube", "rollup"])
def test_cube_rollup(backend, pdf, kind):
    df = bach.from_pandas(backend, pdf).reset_index(drop=True)
    got = getattr(df, kind)(["g", "h"]).agg(SPEC)
    sets = _cube_sets(["g", "h"]) if kind == "cube" else _rollup_sets(["g", "h"])
    assert got.index_columns == ["g", "h"]
    assert_frame_matches(got, _expected(pdf, ["g", "h"], sets, SPEC), check_dtypes=False)


def test_grouping_sets_tuple(backend, pdf):
    df = bach.from_pandas(backend, pdf).reset_index(drop=True)
    got = df.groupby((["g"], "h", [])).agg(SPEC)
    assert_frame_matches(
        got, _expected(pdf, ["g", "h"], [["g"], ["h"], []], SPEC), check_dtypes=False
    )


def test_grouping_list_cross_product(backend, pdf):
    df = bach.from_pandas(backend, pdf).reset_index(drop=True)
    # 'g' times (('h'), ()): sets (g, h) and (g)
    got = df.groupby(["g", ("h", [])]).x.sum()
    expected = _expected(pdf, ["g", "h"], [["g", "h"], ["g"]], {"x": ["sum"]})
    assert_frame_matches(
        got.to_frame().rename(columns={"x": "x_sum"}), expected, check_dtypes=False
    )


def test_series_key_and_having(backend, pdf):
    df = bach.from_pandas(backend, pdf).reset_index(drop=True)
    first = df.g.str[:1]
    got = df.rollup([first, "h"]).agg({"x": ["sum"]})
    got = got[got.x_sum > 3]
    p = pdf.assign(g=pdf.g.str[:1])
    expected = _expected(p, ["g", "h"], _rollup_sets(["g", "h"]), {"x": ["sum"]})
    expected = expected[expected.x_sum > 3]
    assert_frame_matches(got, expected, check_dtypes=False)


def test_one_row_and_empty(backend, pdf):
    one = pdf.iloc[:1]
    df = bach.from_pandas(backend, one).reset_index(drop=True)
    got = df.cube(["g", "h"]).agg({"x": ["sum"]})
    assert_frame_matches(
        got, _expected(one, ["g", "h"], _cube_sets(["g", "h"]), {"x": ["sum"]}), check_dtypes=False
    )
    # no rows: only the grand total row (SQL's GROUP BY () over nothing, as pandas' sum)
    empty = df[df.x > 100].cube(["g", "h"]).agg({"x": ["count"]})
    assert_frame_matches(
        empty,
        _expected(pdf.iloc[:0], ["g", "h"], _cube_sets(["g", "h"]), {"x": ["count"]}),
        check_dtypes=False,
    )


def test_reset_index_and_materialize_keep_null_levels(backend, pdf):
    df = bach.from_pandas(backend, pdf).reset_index(drop=True)
    flat = df.rollup("g").x.sum().reset_index()
    expected = (
        _expected(pdf, ["g"], [["g"], []], {"x": ["sum"]})
        .reset_index()
        .rename(columns={"x_sum": "x"})
    )
    assert_frame_matches(flat, expected, check_dtypes=False)


def test_sql_shapes(pdf):
    df = bach.from_pandas(None, pdf).reset_index(drop=True)
    for dialect in ("duckdb", "postgres", "bigquery"):
        assert "CUBE (" in df.cube(["g", "h"]).x.sum().view_sql(dialect=dialect)
        assert "ROLLUP (" in df.rollup(["g", "h"]).x.sum().view_sql(dialect=dialect)
        assert "GROUPING SETS (" in df.groupby((["g"], [])).x.sum().view_sql(dialect=dialect)


def test_errors(pdf):
    df = bach.from_pandas(None, pdf)
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        df.cube(["g", "nope"])
    with pytest.raises(InvalidArgumentError, match="at least one key"):
        df.rollup([])
    with pytest.raises(InvalidArgumentError, match="nested"):
        df.cube(["g", ["h"]])
    with pytest.raises(InvalidArgumentError, match="nests another"):
        df.groupby((["g", ["h"]],))
    with pytest.raises(UnsupportedOperationError, match="window over a cube"):
        df.sort_values("h").cube("g").x.window_row_number()
