"""DuckDB: the embedded default. Differences from the neutral tree, in one place."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.generators.duckdb import DuckDBGenerator  # = DuckDB.Generator, a type for mypy

from objectiv_bach import expressions as bx
from objectiv_bach.dialects.base import (
    BachDialect,
    json_path_key,
    literal_value,
    split_strftime,
)
from objectiv_bach.dialects.templates import fill, renderer


def _json_get_index(self: DuckDBGenerator, e: bx.JsonGetIndex) -> str:
    index = int(literal_value(e.args["index"], "JSON index"))
    path = f"$[{index}]" if index >= 0 else f"$[#{index}]"
    return self.func("JSON_EXTRACT", e.this, exp.Literal.string(path))


def _strftime(self: DuckDBGenerator, e: bx.Strftime) -> str:
    fmt = literal_value(e.args["format"], "strftime format")
    pieces = split_strftime(fmt, BachDuckDB.BACH_NAME)
    text = "".join(p if is_code else p.replace("%", "%%") for is_code, p in pieces)
    return self.func("STRFTIME", e.this, exp.Literal.string(text))


_LIST = "CAST(:arr AS JSON[])"
_FILTER = "TO_JSON(COALESCE(LIST_FILTER(" + _LIST + ", LAMBDA _bach_e : :cond), []))"
_SLICE_FROM = (
    "TO_JSON(COALESCE(LIST_SLICE(" + _LIST + ", LIST_POSITION(LIST_TRANSFORM(" + _LIST
    + ", LAMBDA _bach_e : :cond), TRUE), LEN(" + _LIST + ")), []))"
)
_CONTAINS = "COALESCE(LIST_CONTAINS(CAST(:arr AS TEXT[]), :item), FALSE)"
_LABEL = (
    "REGEXP_REPLACE(REGEXP_REPLACE(JSON_EXTRACT_STRING(_bach_e, '$._type'), 'Context$', ''),"
    " '([a-z])([A-Z])', '\\1 \\2', 'g') || ': ' || JSON_EXTRACT_STRING(_bach_e, '$.id')"
)
_NICE_NAME = (
    "(SELECT _bach_l[-1] || COALESCE(' located at ' || NULLIF(ARRAY_TO_STRING("
    "LIST_SLICE(_bach_l, 1, LEN(_bach_l) - 1), ' => '), ''), '')"
    " FROM (SELECT LIST_TRANSFORM(" + _LIST + ", LAMBDA _bach_e : " + _LABEL + ") AS _bach_l))"
)
_PROJECT = "TO_JSON(LIST_TRANSFORM(" + _LIST + ", LAMBDA _bach_e : :obj))"





# statistics: exact quantile (see objectiv_bach.expressions.QuantileCont)
_QUANTILE = "QUANTILE_CONT(:x, :q)"


class BachDuckDB(DuckDB, BachDialect):
    BACH_NAME = "duckdb"
    MAX_COLUMN_NAME_LENGTH = 255

    class Generator(DuckDBGenerator):
        TRANSFORMS = {
            **DuckDBGenerator.TRANSFORMS,
            bx.DateTruncTo: lambda self, e: self.func("DATE_TRUNC", e.args["unit"], e.this),
            bx.IntervalFromMicros: lambda self, e: self.func("TO_MICROSECONDS", e.this),
            bx.IntervalTotalSeconds: lambda self, e: self.sql(
                exp.Extract(this=exp.var("EPOCH"), expression=e.this)),
            bx.JsonArrayContains: renderer(_CONTAINS, "duckdb"),
            bx.JsonArrayFilter: renderer(_FILTER, "duckdb"),
            bx.JsonArraySliceFrom: renderer(_SLICE_FROM, "duckdb"),
            bx.JsonArrayProject: renderer(_PROJECT, "duckdb"),
            bx.JsonArrayLength: lambda self, e: self.func("JSON_ARRAY_LENGTH", e.this),
            bx.JsonColumn: lambda self, e: self.sql(e, "this"),
            bx.JsonGetIndex: _json_get_index,
            bx.JsonGetKey: lambda self, e: self.func("JSON_EXTRACT", e.this, json_path_key(e, "duckdb")),
            bx.JsonGetKeyText: lambda self, e: self.func(
                "JSON_EXTRACT_STRING", e.this, json_path_key(e, "duckdb")
            ),
            bx.JsonToString: lambda self, e: self.sql(exp.cast(e.this, exp.DataType.Type.TEXT)),
            bx.StringToJson: lambda self, e: self.sql(exp.cast(e.this, exp.DataType.Type.JSON)),
            bx.ObjectivNiceName: renderer(_NICE_NAME, "duckdb"),
            bx.PartitionKey: lambda self, e: self.sql(e, "this"),
            bx.RoundTo: lambda self, e: self.func("ROUND", e.this, e.args["decimals"]),
            bx.Strftime: _strftime,
            bx.TimestampDiff: lambda self, e: self.binary(e, "-"),
            bx.QuantileCont: lambda self, e: self.sql(fill(
                _QUANTILE, "duckdb", x=e.this, q=e.args["quantile"])),
        }
