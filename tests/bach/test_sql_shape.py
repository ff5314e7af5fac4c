"""The shape of the generated SQL: linear size for DAGs, pruning, stable text, view_sql == run."""

from __future__ import annotations

import contextlib
import re

import pandas as pd
import pytest
import sqlglot
from helpers import assert_frame_matches
from sqlglot import exp

import objectiv_bach as bach
from objectiv_bach.backends import get_backend
from objectiv_bach.dialects import get_dialect


@contextlib.contextmanager
def executed_sql(backend):
    """Record the statements the backend runs (its ``query_observers``)."""
    observers = get_backend(backend).query_observers
    seen: list[str] = []
    observers.append(seen.append)
    try:
        yield seen
    finally:
        observers.remove(seen.append)


def _pdf():
    return pd.DataFrame({"u": ["a", "b", "a", "c"], "x": [1, 2, 3, 4], "unused": [9, 9, 9, 9]})


def _join_back_chain(df, steps: int):
    for i in range(steps):
        totals = df.groupby("u").agg({"x": "sum"}).reset_index().rename(
            columns={"x_sum": f"t{i}"})
        df = df.merge(totals, on="u")
        df["x"] = df.x + df[f"t{i}"]
    return df


def _ctes(sql: str, dialect: str) -> list[str]:
    tree = sqlglot.parse_one(sql, dialect=get_dialect(dialect))
    return [c.alias for c in tree.find_all(exp.CTE)]


def test_view_sql_equals_executed_sql(backend):
    df = bach.from_pandas(backend, _pdf())
    df = df[df.x > 1].groupby("u").agg({"x": "sum"})
    name = get_backend(backend).name
    expected_sql = df.view_sql(dialect=name)
    with executed_sql(backend) as seen:
        df.to_pandas()
    assert seen == [expected_sql]
    assert df.view_sql() == expected_sql


def test_view_sql_stable_on_repeated_calls(dialect):
    df = bach.from_pandas(None, _pdf())
    df = _join_back_chain(df, 3)
    first = df.view_sql(dialect=dialect)
    assert all(df.view_sql(dialect=dialect) == first for _ in range(3))
    # a structurally equal plan built again gives the same text
    again = _join_back_chain(bach.from_pandas(None, _pdf()), 3)
    assert again.view_sql(dialect=dialect) == first


def test_join_back_chain_renders_each_node_once(dialect):
    sizes = []
    for steps in (1, 2, 3, 4, 5):
        df = _join_back_chain(bach.from_pandas(None, _pdf()), steps)
        sql = df.view_sql(dialect=dialect)
        ctes = _ctes(sql, dialect)
        assert len(ctes) == len(set(ctes)), "CTE names are unique"
        # the source appears once, however often it is consumed
        assert ctes.count("loaded_data") == 1
        assert sql.count("VALUES") + sql.count("UNNEST([") == 1
        sizes.append(len(sql))
    growth = [b - a for a, b in zip(sizes, sizes[1:], strict=False)]
    # linear: every step adds about the same amount of SQL (exponential would double)
    assert max(growth) <= 1.5 * min(growth), sizes


def test_join_back_chain_result(backend):
    df = _join_back_chain(bach.from_pandas(backend, _pdf()), 5)
    p = _pdf()
    for i in range(5):
        totals = p.groupby("u").x.sum().rename(f"t{i}").reset_index()
        p = p.merge(totals, on="u")
        p["x"] = p.x + p[f"t{i}"]
    assert_frame_matches(df, p, check_dtypes=False)


def test_unused_columns_pruned(dialect):
    df = bach.from_pandas(None, _pdf())
    df["y"] = df.unused * 100
    result = df[df.x > 1][["u", "x"]]
    sql = result.view_sql(dialect=dialect)
    assert "* 100" not in sql
    tree = sqlglot.parse_one(sql, dialect=get_dialect(dialect))
    final_cols = [s.alias_or_name for s in tree.selects]
    assert final_cols == ["_index_0", "u", "x"]


def test_materialize_node_name_is_a_cte(dialect):
    df = bach.from_pandas(None, _pdf())
    df["y"] = df.x * 2
    m = df.materialize(node_name="my_named_step")
    m = m[m.y > 2]
    sql = m.view_sql(dialect=dialect)
    assert "my_named_step" in _ctes(sql, dialect)


@pytest.mark.parametrize("steps", [20])
def test_long_chain_sql_size_linear(dialect, steps):
    df = bach.from_pandas(None, _pdf())
    lengths = []
    for i in range(steps):
        df[f"c{i}"] = df.x * i
        df = df[df[f"c{i}"] >= 0].materialize(node_name=f"s{i}")
        lengths.append(len(df.view_sql(dialect=dialect)))
    growth = [b - a for a, b in zip(lengths, lengths[1:], strict=False)]
    assert max(growth) < 4 * max(1, min(growth)), lengths
    assert len(re.findall(r"\bs\d+\b AS \(", df.view_sql(dialect=dialect))) == steps
