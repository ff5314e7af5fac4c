"""BigQuery (GoogleSQL). Differences from the neutral tree, in one place.

* ``timestamp`` is stored as ``DATETIME`` (naive, like the other dialects' ``TIMESTAMP``);
  ``uuid`` as ``STRING``; ``json`` as ``JSON``.
* Timestamp differences are computed with ``DATETIME_DIFF(..., MICROSECOND)``; an interval's
  total seconds through ``UNIX_MICROS``.
* ``OFFSET`` needs a ``LIMIT``: an offset alone gets ``LIMIT 9223372036854775807``.
* Weeks in ``date_trunc`` start on Monday (``WEEK(MONDAY)``), as on the other dialects.
* The JSON text of a key (``get_value(as_str=True)``) is ``JSON_VALUE``: NULL for objects and arrays.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.generators.bigquery import BigQueryGenerator  # = BigQuery.Generator, a type for mypy

from objectiv_bach import expressions as bx
from objectiv_bach.dialects.base import (
    BachDialect,
    json_path_key,
    literal_value,
    split_strftime,
)
from objectiv_bach.dialects.templates import fill, renderer

_MAX_INT64 = "9223372036854775807"




def _json_get_index(self: BigQueryGenerator, e: bx.JsonGetIndex) -> str:
    index = int(literal_value(e.args["index"], "JSON index"))
    if index >= 0:
        return self.func("JSON_QUERY", e.this, exp.Literal.string(f"$[{index}]"))
    elements = exp.func("JSON_QUERY_ARRAY", e.this.copy())
    position = exp.Add(this=exp.func("ARRAY_LENGTH", elements.copy()),
                       expression=exp.Literal.number(index))
    return self.sql(exp.Bracket(this=elements, expressions=[exp.func("SAFE_OFFSET", position)]))


def _micros_between(end: exp.Expr, start: exp.Expr) -> exp.Expr:
    return exp.func("DATETIME_DIFF", end, start, exp.var("MICROSECOND"))


def _interval_total_seconds(self: BigQueryGenerator, e: bx.IntervalTotalSeconds) -> str:
    if isinstance(e.this, bx.TimestampDiff):
        micros = _micros_between(e.this.this, e.this.expression)
    else:
        epoch = exp.cast(exp.Literal.string("1970-01-01 00:00:00"), exp.DataType.Type.DATETIME)
        micros = _micros_between(exp.Add(this=epoch, expression=e.this), epoch.copy())
    return self.sql(exp.Div(this=micros, expression=exp.Literal.number("1000000.0")))


def _strftime(self: BigQueryGenerator, e: bx.Strftime) -> str:
    fmt = literal_value(e.args["format"], "strftime format")
    pieces = split_strftime(fmt, BachBigQuery.BACH_NAME)
    out: list[str] = []
    for _i, (is_code, piece) in enumerate(pieces):
        if is_code and piece == "%f":
            if out[-2:] != ["%S", "."]:
                msg = f"strftime code '%f' outside '%S.%f' (format {fmt!r})"
                raise BachBigQuery.unsupported(
                    msg,
                    "Use '%S.%f' (seconds with 6 decimals).",
                )
            out[-2:] = ["%E6S"]
            continue
        out.append(piece if is_code else piece.replace("%", "%%"))
    return self.func("FORMAT_DATETIME", exp.Literal.string("".join(out)), e.this)


def _date_trunc(self: BigQueryGenerator, e: bx.DateTruncTo) -> str:
    unit = literal_value(e.args["unit"], "date_trunc unit").upper()
    part = exp.func("WEEK", exp.var("MONDAY")) if unit == "WEEK" else exp.var(unit)
    return self.func("DATETIME_TRUNC", e.this, part)


def _window(self: BigQueryGenerator, e: exp.Window) -> str:
    """BigQuery has no NULLS FIRST/LAST in a window's ORDER BY: ``x ASC NULLS LAST`` becomes
    ``x IS NULL, x ASC`` (DESC already puts NULLs last)."""
    order = e.args.get("order")
    if order is None or not any(not o.args.get("desc") and o.args.get("nulls_first") is False
                                for o in order.expressions):
        return self.window_sql(e)
    e = e.copy()
    keys: list[exp.Expression] = []
    for o in e.args["order"].expressions:
        if not o.args.get("desc") and o.args.get("nulls_first") is False:
            keys.append(exp.Ordered(this=exp.Is(this=o.this.copy(), expression=exp.null()),
                                        nulls_first=True))
            keys.append(exp.Ordered(this=o.this, nulls_first=True))
        else:
            keys.append(o)
    e.set("order", exp.Order(expressions=keys))
    return self.window_sql(e)


_base_select = BigQueryGenerator.TRANSFORMS.get(exp.Select)


def _select(self: BigQueryGenerator, e: exp.Select) -> str:
    if e.args.get("offset") and not e.args.get("limit"):
        e = e.copy()
        e.set("limit", exp.Limit(expression=exp.Literal.number(_MAX_INT64)))
    if _base_select is not None:
        return _base_select(self, e)
    return self.select_sql(e)


_ELEMENTS = "UNNEST(JSON_QUERY_ARRAY(:arr)) AS _bach_e WITH OFFSET AS _bach_o"
_FILTER = "TO_JSON(ARRAY(SELECT _bach_e FROM " + _ELEMENTS + " WHERE :cond ORDER BY _bach_o))"
_SLICE_FROM = (
    "TO_JSON(ARRAY(SELECT _bach_e FROM " + _ELEMENTS + " WHERE _bach_o >= (SELECT MIN(_bach_o)"
    " FROM " + _ELEMENTS + " WHERE :cond) ORDER BY _bach_o))"
)
_CONTAINS = "COALESCE(:item IN UNNEST(JSON_VALUE_ARRAY(:arr)), FALSE)"
_LABEL = (
    "REGEXP_REPLACE(REGEXP_REPLACE(JSON_VALUE(_bach_e, '$._type'), 'Context$', ''),"
    " '([a-z])([A-Z])', '\\\\1 \\\\2') || ': ' || JSON_VALUE(_bach_e, '$.id')"
)
_NICE_NAME = (
    "(SELECT MAX(IF(_bach_o = _bach_n - 1, _bach_label, NULL))"
    " || COALESCE(' located at ' || STRING_AGG(IF(_bach_o < _bach_n - 1, _bach_label, NULL),"
    " ' => ' ORDER BY _bach_o), '')"
    " FROM (SELECT _bach_o, ARRAY_LENGTH(JSON_QUERY_ARRAY(:arr)) AS _bach_n, " + _LABEL
    + " AS _bach_label FROM " + _ELEMENTS + "))"
)
_PROJECT = "TO_JSON(ARRAY(SELECT :obj FROM " + _ELEMENTS + " ORDER BY _bach_o))"





# statistics: exact quantile (see objectiv_bach.expressions.QuantileCont).
# No exact aggregate PERCENTILE_CONT: the two nearest values come from the sorted ARRAY_AGG and
# are interpolated linearly (position (n - 1) * q, as pandas).
_POSITION = "((COUNT(:x) - 1) * :q)"
_QUANTILE = (
    "ARRAY_AGG(:x IGNORE NULLS ORDER BY :x)[SAFE_OFFSET(CAST(FLOOR(" + _POSITION + ") AS INT64))]"
    " * (1 - (" + _POSITION + " - FLOOR(" + _POSITION + ")))"
    " + ARRAY_AGG(:x IGNORE NULLS ORDER BY :x)[SAFE_OFFSET(CAST(CEIL(" + _POSITION + ") AS INT64))]"
    " * (" + _POSITION + " - FLOOR(" + _POSITION + "))"
)


class BachBigQuery(BigQuery, BachDialect):
    BACH_NAME = "bigquery"
    SUPPORTS_TEMP_TABLES = False
    MAX_COLUMN_NAME_LENGTH = 300

    class Generator(BigQueryGenerator):
        TRANSFORMS = {
            **BigQueryGenerator.TRANSFORMS,
            exp.Select: _select,
            exp.Window: _window,
            bx.DateTruncTo: _date_trunc,
            bx.IntervalFromMicros: lambda self, e: self.sql(
                exp.Interval(this=e.this, unit=exp.var("MICROSECOND"))
            ),
            bx.IntervalTotalSeconds: _interval_total_seconds,
            bx.JsonArrayContains: renderer(_CONTAINS, "bigquery"),
            bx.JsonArrayFilter: renderer(_FILTER, "bigquery"),
            bx.JsonArraySliceFrom: renderer(_SLICE_FROM, "bigquery"),
            bx.JsonArrayProject: renderer(_PROJECT, "bigquery"),
            bx.JsonArrayLength: lambda self, e: self.func(
                "ARRAY_LENGTH", exp.func("JSON_QUERY_ARRAY", e.this)
            ),
            bx.JsonColumn: lambda self, e: self.sql(e, "this"),
            bx.JsonGetIndex: _json_get_index,
            bx.JsonGetKey: lambda self, e: self.func("JSON_QUERY", e.this, json_path_key(e, "bigquery")),
            bx.JsonGetKeyText: lambda self, e: self.func("JSON_VALUE", e.this, json_path_key(e, "bigquery")),
            bx.JsonToString: lambda self, e: self.func("TO_JSON_STRING", e.this),
            bx.StringToJson: lambda self, e: self.func("PARSE_JSON", e.this),
            bx.ObjectivNiceName: renderer(_NICE_NAME, "bigquery"),
            bx.PartitionKey: lambda self, e: self.sql(exp.cast(e.this, exp.DataType.Type.TEXT)),
            bx.RoundTo: lambda self, e: self.func("ROUND", e.this, e.args["decimals"]),
            bx.Strftime: _strftime,
            bx.TimestampDiff: lambda self, e: self.sql(
                exp.Interval(this=_micros_between(e.this, e.expression),
                             unit=exp.var("MICROSECOND"))
            ),
            bx.QuantileCont: lambda self, e: self.sql(exp.Paren(this=fill(
                _QUANTILE, "bigquery", x=e.this, q=e.args["quantile"]))),
        }
