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
        totals = df.groupby("u").agg({"x": "sum"}).reset_index().rename(columns={"x_sum": f"t{i}"})
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


# ------------------------------------------------------------------------- expression size
def _operand_frame():
    pdf = pd.DataFrame(
        {
            "x": [7, -7, 3],
            "y": [2, -3, 0],
            "f": [1.5, -2.5, 0.0],
            "g": [0.5, 2.0, -1.0],
            "b": [True, False, True],
            "c": [False, True, True],
            "s": ["ab", "Cd", "e"],
            "t": ["x", "y", "z"],
            "ts": pd.to_datetime(["2022-01-01 10:00", "2022-02-01 00:00", "2022-03-01 00:00"]),
            "td": pd.to_timedelta([1, 2, 3], unit="h"),
            "j": ['{"a": {"a": 1}}', "[1, [2, 3]]", "null"],
        }
    )
    df = bach.from_pandas(None, pdf)
    df["j"] = df.j.astype("json")
    return df


#: one step of a chain per operator, cast and accessor: (start column, step)
CHAIN_STEPS = {
    "add": ("x", lambda s, d: s + d.y),
    "sub": ("x", lambda s, d: s - d.y),
    "mul": ("x", lambda s, d: s * d.y),
    "truediv": ("f", lambda s, d: s / d.g),
    "floordiv_int": ("x", lambda s, d: s // d.y),
    "rfloordiv_int": ("x", lambda s, d: d.y // s),
    "floordiv_float": ("f", lambda s, d: s // d.g),
    "rfloordiv_float": ("f", lambda s, d: d.g // s),
    "mod_int": ("x", lambda s, d: s % d.y),
    "mod_float": ("f", lambda s, d: s % d.g),
    "rmod_int": ("x", lambda s, d: d.y % s),
    "rmod_float": ("f", lambda s, d: d.g % s),
    "rmod_int_expression": ("x", lambda s, d: (d.y + 1) % s),
    "rsub": ("x", lambda s, d: d.y - s),
    "rtruediv": ("f", lambda s, d: d.g / s),
    "rpow_float": ("f", lambda s, d: d.g**s),
    "lshift": ("x", lambda s, d: (s << d.y) >> d.y),
    "rlshift": ("x", lambda s, d: d.y << (s & 7)),
    "rshift": ("x", lambda s, d: s >> d.y),
    "rrshift": ("x", lambda s, d: d.y >> s),
    "int_xor": ("x", lambda s, d: s ^ d.y),
    "rint_xor": ("x", lambda s, d: d.y ^ s),
    "pow_int": ("x", lambda s, d: s**d.y),
    "pow_float": ("f", lambda s, d: s**d.g),
    "neg": ("x", lambda s, d: -s),
    "abs": ("x", lambda s, d: abs(s)),
    "round": ("f", lambda s, d: s.round(1)),
    "eq": ("b", lambda s, d: s == d.c),
    "lt": ("x", lambda s, d: (s < d.y).astype("int64")),
    "and": ("b", lambda s, d: s & d.c),
    "or": ("b", lambda s, d: s | d.c),
    "xor": ("b", lambda s, d: s ^ d.c),
    "invert": ("b", lambda s, d: ~s),
    "concat": ("s", lambda s, d: s + d.t),
    "str_lower": ("s", lambda s, d: s.str.lower()),
    "str_slice": ("s", lambda s, d: s.str[0:5]),
    "str_replace": ("s", lambda s, d: s.str.replace("a", "b")),
    "str_contains": ("s", lambda s, d: s.str.contains("a").astype("string")),
    "str_len": ("s", lambda s, d: s.str.len().astype("string")),
    "cast_int_float": ("x", lambda s, d: s.astype("float64").astype("int64")),
    "cast_int_string": ("x", lambda s, d: s.astype("string").astype("int64")),
    "cast_bool_int": ("b", lambda s, d: s.astype("int64").astype("bool")),
    "cast_bool_string": ("b", lambda s, d: s.astype("string").astype("bool")),
    "cast_timestamp_string": ("ts", lambda s, d: s.astype("string").astype("timestamp")),
    "cast_timestamp_date": ("ts", lambda s, d: s.astype("date").astype("timestamp")),
    "cast_json_string": ("j", lambda s, d: s.astype("string").astype("json")),
    "fillna": ("x", lambda s, d: s.fillna(d.y)),
    "where": ("x", lambda s, d: s.where(d.b, d.y)),
    "isin": ("b", lambda s, d: s.isin([True, None])),
    "isnull": ("b", lambda s, d: s.isnull()),
    "timestamp_add": ("ts", lambda s, d: s + d.td),
    "timestamp_sub": ("ts", lambda s, d: s - d.td),
    "timestamp_diff": ("td", lambda s, d: (d.ts + s) - d.ts),
    "timedelta_add": ("td", lambda s, d: s + d.td),
    "dt_date_trunc": ("ts", lambda s, d: s.dt.date_trunc("day")),
    "dt_strftime": ("ts", lambda s, d: s.dt.strftime("%Y-%m-%d %H:%M:%S.%f").astype("timestamp")),
    "dt_total_seconds": ("x", lambda s, d: s.astype("float64").astype("int64")),
    "json_key": ("j", lambda s, d: s.json["a"]),
    "json_index": ("j", lambda s, d: s.json[1]),
    "json_index_negative": ("j", lambda s, d: s.json[-1]),
    "json_get_value": ("j", lambda s, d: s.json.get_value("a", as_str=True).astype("json")),
    "json_length": ("j", lambda s, d: s.json.get_array_length().astype("string").astype("json")),
}
del CHAIN_STEPS["dt_total_seconds"]  # (a timedelta accessor has no way back to timedelta)


def chain_sql(name: str, steps: int, dialect: str) -> str:
    """The SQL of ``steps`` chained steps of ``CHAIN_STEPS[name]``."""
    column, step = CHAIN_STEPS[name]
    df = _operand_frame()
    series = df[column]
    for _ in range(steps):
        series = step(series, df)
    df["r"] = series
    return df[["r"]].view_sql(dialect=dialect)


@pytest.mark.parametrize("name", sorted(CHAIN_STEPS))
def test_operator_chains_grow_linearly(dialect, name):
    """20 chained steps of one operator add under 30 KB to the SQL of their source, and twice
    what 10 steps add (give or take: not 3**20 copies of an operand)."""
    sizes = {n: chain_sql(name, n, dialect) for n in (0, 10, 20)}
    assert len(sizes[20]) - len(sizes[0]) < 30_000, (name, len(sizes[20]))
    # pretty-printing indents nested calls (whitespace grows with depth): compare the tokens
    tokens = {n: len(" ".join(sql.split())) for n, sql in sizes.items()}
    growth_10, growth_20 = tokens[10] - tokens[0], tokens[20] - tokens[10]
    assert growth_20 <= 1.3 * growth_10 + 50, (name, tokens)


@pytest.mark.notimpl(
    "bigquery",
    reason="bqemulator divides BIGNUMERIC in floating point; "
    "BigQuery's BIGNUMERIC keeps 38 decimals, which floors int64 quotients exactly",
    raises=AssertionError,
)
def test_large_int64_floor_division_and_modulo_are_exact(backend):
    """Floor division and modulo of int64 beyond 2**53 (where a double would round)."""
    big = 2**62 + 1
    pdf = pd.DataFrame(
        {"a": [big, -big, big, -big, 7, -(2**62)], "b": [3, 3, -3, -7, -2, 2**62 - 1]}
    )
    df = bach.from_pandas(backend, pdf).sort_index()
    df["q"], df["m"], df["rq"] = df.a // df.b, df.a % df.b, df.b // df.a
    result = df.to_pandas()
    assert result.q.tolist() == (pdf.a // pdf.b).tolist()
    assert result.m.tolist() == (pdf.a % pdf.b).tolist()
    assert result.rq.tolist() == (pdf.b // pdf.a).tolist()
