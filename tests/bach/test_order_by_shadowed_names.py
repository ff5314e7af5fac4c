"""Sorting by a column whose name an output column of another expression reuses.

SQL resolves a bare ORDER BY name to the SELECT list's alias (every engine), and BigQuery also
the names inside ORDER BY expressions; the plan's sort keys are over the step's input, so the
renderer qualifies them (``plan/render.py``). Expected values come from pandas.
"""

from __future__ import annotations

import pandas as pd
from helpers import assert_frame_matches

import objectiv_bach as bach

PDF = pd.DataFrame({"x": [1, 2, 3, 4], "y": [3, 1, 4, 2], "g": ["a", "b", "a", "b"]})


def test_sort_then_overwrite_the_sort_column(backend):
    df = bach.from_pandas(backend, PDF).reset_index(drop=True).sort_values("x")
    df["x"] = df.y
    expected = PDF.sort_values("x").assign(x=lambda p: p.y).reset_index(drop=True)
    assert_frame_matches(df, expected, ordered=True)


def test_overwrite_then_sort_by_an_expression_of_the_old_column(backend):
    df = bach.from_pandas(backend, PDF).reset_index(drop=True)
    df["x"] = df.x * -1
    df = df.sort_values("x")
    expected = PDF.assign(x=-PDF.x).sort_values("x").reset_index(drop=True)
    assert_frame_matches(df, expected, ordered=True)


def test_swapped_names_sorted(backend):
    df = bach.from_pandas(backend, PDF).reset_index(drop=True).sort_values(["y"])
    df = df.rename(columns={"x": "y", "y": "x"})
    expected = PDF.sort_values("y").rename(columns={"x": "y", "y": "x"}).reset_index(drop=True)
    assert_frame_matches(df, expected, ordered=True)


def test_aggregate_named_like_its_input_sorted(backend):
    df = bach.from_pandas(backend, PDF).reset_index(drop=True)
    got = df.groupby("g").x.sum().sort_values(ascending=False)
    expected = PDF.groupby("g").x.sum().sort_values(ascending=False)
    assert_frame_matches(got, expected, ordered=True)
