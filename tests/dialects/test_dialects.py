"""Dialect quirks, one place each: what every dialect must render, and how.

SQL-only (no database); the behaviour suites in tests/bach and tests/modelhub execute them.
The BigQuery forms are also analyzed by the GoogleSQL analyzer (zetasql) here.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.dialects import DIALECTS, get_dialect, render
from objectiv_bach.errors import InvalidArgumentError, UnsupportedOperationError
from zetasql_check import check_sql

SRC = Path(__file__).resolve().parents[2] / "src"
OUR_FUNCTIONS = [
    c
    for _, c in inspect.getmembers(bx, inspect.isclass)
    if issubclass(c, bx.BachFunc) and c is not bx.BachFunc
]


@pytest.mark.parametrize("function", OUR_FUNCTIONS, ids=lambda c: c.__name__)
def test_every_dialect_renders_every_function(dialect, function):
    """sqlglot's generic fallback NAME(args) would be a silent wrong transpile."""
    assert function in get_dialect(dialect).Generator.TRANSFORMS


def test_render_refuses_a_function_a_dialect_lacks(dialect):
    class Unknown(bx.BachFunc):
        arg_types = {"this": True}

    with pytest.raises(UnsupportedOperationError, match="Unknown") as info:
        render(exp.select(Unknown(this=exp.column("a"))).from_("ds.t"), dialect)
    assert dialect in str(info.value)


def test_unknown_dialect_names_the_options():
    with pytest.raises(InvalidArgumentError, match=r"'mysql'.*bigquery.*duckdb.*postgres"):
        get_dialect("mysql")


def _sql(expression: exp.Expression, dialect: str) -> str:
    return render(exp.select(expression.as_("x")).from_("ds.t"), dialect, pretty=False)


def test_offset_without_limit_gets_a_limit_on_bigquery_only():
    query = exp.select("a").from_("ds.t").offset(3)
    assert render(query, "bigquery", pretty=False).endswith("LIMIT 9223372036854775807 OFFSET 3")
    assert "LIMIT" not in render(query, "postgres", pretty=False)
    check_sql(render(query, "bigquery", pretty=False), {"ds.t": [("a", "INT64")]})


def test_window_nulls_last_is_emulated_on_bigquery():
    window = exp.Window(
        this=exp.RowNumber(),
        order=exp.Order(
            expressions=[exp.Ordered(this=exp.column("a"), desc=False, nulls_first=False)]
        ),
    )
    sql = _sql(window, "bigquery")
    assert "ORDER BY a IS NULL, a" in sql and "NULLS" not in sql
    check_sql(sql, {"ds.t": [("a", "INT64")]})
    assert "NULLS" not in _sql(window, "duckdb")  # DuckDB's default is NULLS LAST


def test_json_is_jsonb_on_postgres():
    cast = exp.Cast(this=exp.column("v"), to=exp.DataType.build("json"))
    assert _sql(cast, "postgres") == "SELECT CAST(v AS JSONB) AS x FROM ds.t"
    assert (
        _sql(bx.JsonColumn(this=exp.column("v")), "postgres")
        == "SELECT CAST(v AS JSONB) AS x FROM ds.t"
    )
    assert _sql(bx.JsonColumn(this=exp.column("v")), "duckdb") == "SELECT v AS x FROM ds.t"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "%Y-%m-%d %H:%M:%S.%f",
            {
                "duckdb": "'%Y-%m-%d %H:%M:%S.%f'",
                "postgres": "'YYYY-MM-DD HH24:MI:SS.US'",
                "bigquery": "'%Y-%m-%d %H:%M:%E6S'",
            },
        ),
        (
            "week %V of %G, 100%%",
            {
                "duckdb": "'week %V of %G, 100%%'",
                "postgres": '\'"week "IW" of "IYYY", 100"%\'',
                "bigquery": "'week %V of %G, 100%%'",
            },
        ),
    ],
)
def test_strftime_codes(fmt, expected):
    for dialect, literal in expected.items():
        sql = _sql(bx.Strftime(this=exp.column("ts"), format=exp.Literal.string(fmt)), dialect)
        assert literal in sql, (dialect, sql)
    check_sql(
        _sql(bx.Strftime(this=exp.column("ts"), format=exp.Literal.string(fmt)), "bigquery"),
        {"ds.t": [("ts", "DATETIME")]},
    )


def test_strftime_refuses_codes_that_differ(dialect):
    with pytest.raises(UnsupportedOperationError, match="%Z"):
        _sql(bx.Strftime(this=exp.column("ts"), format=exp.Literal.string("%Z")), dialect)


def test_bare_microseconds_have_no_bigquery_form():
    with pytest.raises(UnsupportedOperationError, match=r"%S\.%f"):
        _sql(bx.Strftime(this=exp.column("ts"), format=exp.Literal.string("%f")), "bigquery")


def test_weeks_start_on_monday_everywhere():
    trunc = bx.DateTruncTo(this=exp.column("ts"), unit=exp.Literal.string("week"))
    assert "WEEK(MONDAY)" in _sql(trunc, "bigquery")
    assert "DATE_TRUNC('week', ts)" in _sql(trunc, "postgres")  # ISO weeks: Monday
    check_sql(_sql(trunc, "bigquery"), {"ds.t": [("ts", "DATETIME")]})


def test_timestamp_difference_seconds_on_bigquery_are_exact():
    seconds = bx.IntervalTotalSeconds(
        this=bx.TimestampDiff(this=exp.column("a"), expression=exp.column("b"))
    )
    sql = _sql(seconds, "bigquery")
    assert "DATETIME_DIFF(a, b, MICROSECOND) / 1000000.0" in sql
    check_sql(sql, {"ds.t": [("a", "DATETIME"), ("b", "DATETIME")]})


def test_json_keys_with_quotes_are_refused_where_paths_cannot_hold_them():
    key = bx.JsonGetKey(this=exp.column("j"), key=exp.Literal.string('a"b'))
    for dialect in ("duckdb", "bigquery"):
        with pytest.raises(UnsupportedOperationError, match='a"b'):
            _sql(key, dialect)
    assert "j -> 'a\"b'" in _sql(key, "postgres")


def test_bigquery_json_array_functions_are_valid_googlesql():
    stack = exp.column("j")
    for function in (
        bx.JsonArrayFilter(this=stack, match=exp.Literal.string('{"_type": "LinkContext"}')),
        bx.JsonArraySliceFrom(this=stack, match=exp.Literal.string('{"id": "a", "n": 1}')),
        bx.JsonArrayContains(this=stack, item=exp.Literal.string("PressEvent")),
        bx.JsonArraySlice(this=stack, start=exp.Literal.number(1)),
        bx.JsonArraySlice(this=stack, start=exp.Literal.number(-3), stop=exp.Literal.number(-1)),
        bx.JsonArraySlice(this=stack, stop=exp.Literal.number(2)),
        bx.JsonGetIndex(this=stack, index=exp.Literal.number(-1)),
    ):
        check_sql(_sql(function, "bigquery"), {"ds.t": [("j", "JSON")]})


def test_no_dialect_branching_and_no_fstring_sql_outside_dialects():
    """DESIGN.md: differences live in src/objectiv_bach/dialects (and backends)."""
    branching = re.compile(
        r"""(==|!=)\s*['"](postgres|postgresql|bigquery|duckdb)['"]|"""
        r"""is_(postgres|bigquery|duckdb)\(|dialect\.name"""
    )
    fstring_sql = re.compile(r"""f['"][^'"]*\b(SELECT|FROM|WHERE|CREATE|INSERT)\b[^'"]*\{""")
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith(("objectiv_bach/dialects/", "objectiv_bach/backends/")):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if branching.search(line) or fstring_sql.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert offenders == []


def test_dialect_registry_names():
    assert {"bigquery", "duckdb", "postgres"} <= set(DIALECTS)
    assert get_dialect("postgresql") is get_dialect("postgres")
