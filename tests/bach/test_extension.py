"""The public extension API (objectiv_bach.extension): a function node of one's own, rendered for
every dialect, used through Series, under the same RAISE-on-missing rule as Bach's own nodes."""

from __future__ import annotations

import doctest
from pathlib import Path

import pandas as pd
import pytest
from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB

import objectiv_bach as bach
from objectiv_bach.dialects import get_dialect
from objectiv_bach.extension import (
    FunctionNode,
    apply_function,
    has_rendering,
    missing_renderings,
    register_rendering,
    template_rendering,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"


class Between(FunctionNode):
    """``low <= this <= high``, NULL when ``this`` is NULL."""

    arg_types = {"this": True, "low": True, "high": True}


class OnlyOnDuckDB(FunctionNode):
    arg_types = {"this": True}


register_rendering(Between, "duckdb", template_rendering(":this BETWEEN :low AND :high", "duckdb"))
register_rendering(
    Between, "postgres", template_rendering(":this >= :low AND :this <= :high", "postgres")
)
register_rendering(
    Between,
    "bigquery",
    lambda gen, node: gen.sql(
        exp.Between(this=node.this, low=node.args["low"], high=node.args["high"])
    ),
)
register_rendering(OnlyOnDuckDB, "duckdb", lambda gen, node: gen.func("ABS", node.this))


def test_a_function_runs_on_every_backend(backend):
    pdf = pd.DataFrame({"x": pd.array([1, 5, 9, None], dtype="Int64")})
    df = bach.from_pandas(backend, pdf)
    df["inside"] = apply_function(Between, df.x, 2, high=df.x * 0 + 8, dtype="bool")
    got = df.sort_index().inside.to_pandas().tolist()
    expected = [None if pd.isna(x) else bool(2 <= x <= 8) for x in pdf.x]
    assert [None if pd.isna(v) else bool(v) for v in got] == expected


@pytest.mark.parametrize("dialect_name", ["postgres", "bigquery"])
def test_a_dialect_without_rendering_raises_naming_function_and_dialect(dialect_name):
    df = bach.from_pandas(None, pd.DataFrame({"x": [-1]}))
    series = apply_function(OnlyOnDuckDB, df.x)
    assert series.view_sql(dialect="duckdb").count("ABS(x)") == 1
    with pytest.raises(bach.UnsupportedOperationError) as info:
        series.view_sql(dialect=dialect_name)
    message = str(info.value)
    assert "OnlyOnDuckDB" in message and repr(dialect_name) in message
    assert "register_rendering" in message
    assert isinstance(info.value, NotImplementedError)


def test_missing_renderings_lists_what_is_missing():
    missing = [(f.rsplit(".", 1)[-1], d) for f, d in missing_renderings() if f.startswith(__name__)]
    assert sorted(missing) == [("OnlyOnDuckDB", "bigquery"), ("OnlyOnDuckDB", "postgres")]
    assert has_rendering(Between, "bigquery") and not has_rendering(OnlyOnDuckDB, "postgres")


def test_registration_changes_no_dialect_class():
    before_sqlglot = dict(DuckDB.Generator.TRANSFORMS)
    before_bach = dict(get_dialect("duckdb").Generator.TRANSFORMS)

    class Fresh(FunctionNode):
        arg_types = {"this": True}

    register_rendering(Fresh, "duckdb", lambda gen, node: "1")
    assert dict(DuckDB.Generator.TRANSFORMS) == before_sqlglot
    assert dict(get_dialect("duckdb").Generator.TRANSFORMS) == before_bach
    assert Fresh not in get_dialect("duckdb").Generator.TRANSFORMS


def test_registering_twice_needs_replace():
    class Twice(FunctionNode):
        arg_types = {"this": True}

    register_rendering(Twice, "postgres", lambda gen, node: "1")
    with pytest.raises(bach.InvalidArgumentError, match="replace=True"):
        register_rendering(Twice, "postgres", lambda gen, node: "2")
    register_rendering(Twice, "postgres", lambda gen, node: "2", replace=True)
    df = bach.from_pandas(None, pd.DataFrame({"x": [1]}))
    assert "2 AS x" in apply_function(Twice, df.x).view_sql(dialect="postgres")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda df: register_rendering(int, "duckdb", str),
            bach.InvalidArgumentError,
            "FunctionNode",
        ),
        (lambda df: register_rendering(Between, "mysql", str), bach.InvalidArgumentError, "mysql"),
        (lambda df: apply_function(Between, df.x, 1), bach.InvalidArgumentError, "high"),
        (
            lambda df: apply_function(Between, df.x, 1, 2, 3),
            bach.InvalidArgumentError,
            "positional",
        ),
        (lambda df: apply_function(Between, df.x, 1, 2, low=3), bach.InvalidArgumentError, "'low'"),
        (lambda df: apply_function(Between, 1, df.x, 2), bach.DtypeError, "must be a Series"),
        (lambda df: apply_function(Between, df.x, [1], 2), bach.DtypeError, r"\[1\]"),
        (
            lambda df: apply_function(
                Between, df.x, 1, bach.from_pandas(None, pd.DataFrame({"y": [1]})).y
            ),
            bach.InvalidArgumentError,
            "another frame",
        ),
    ],
)
def test_bad_calls_raise(call, error, message):
    df = bach.from_pandas(None, pd.DataFrame({"x": [1]}))
    with pytest.raises(error, match=message):
        call(df)


def test_a_template_placeholder_the_node_lacks_raises():
    class Lacking(FunctionNode):
        arg_types = {"this": True}

    register_rendering(Lacking, "duckdb", template_rendering("COALESCE(:this, :other)", "duckdb"))
    df = bach.from_pandas(None, pd.DataFrame({"x": [1]}))
    with pytest.raises(bach.InvalidArgumentError, match=":other"):
        apply_function(Lacking, df.x).view_sql(dialect="duckdb")


def test_the_extending_guide_runs():
    """docs/extending.md is a doctest: its examples run on in-memory DuckDB."""
    result = doctest.testfile(
        str(DOCS / "extending.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 10
    assert result.failed == 0
