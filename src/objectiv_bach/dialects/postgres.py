"""PostgreSQL (15+). Differences from the neutral tree, in one place.

JSON is stored as ``jsonb`` (a ``json`` column is cast to ``jsonb`` when read), so that equality,
``->`` on arrays with negative indexes and ``jsonb_array_length`` work.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.generators.postgres import PostgresGenerator  # = Postgres.Generator, a type for mypy

from objectiv_bach import expressions as bx
from objectiv_bach.dialects.base import (
    BachDialect,
    literal_value,
    split_strftime,
)
from objectiv_bach.dialects.templates import fill, renderer

# C code -> TO_CHAR pattern
_TO_CHAR = {
    "%Y": "YYYY", "%y": "YY", "%m": "MM", "%d": "DD", "%H": "HH24", "%I": "HH12", "%M": "MI",
    "%S": "SS", "%f": "US", "%j": "DDD", "%V": "IW", "%G": "IYYY", "%a": "Dy", "%A": "FMDay",
    "%b": "Mon", "%B": "FMMonth", "%p": "AM",
}


def _strftime(self: PostgresGenerator, e: bx.Strftime) -> str:
    fmt = literal_value(e.args["format"], "strftime format")
    out = []
    for is_code, piece in split_strftime(fmt, BachPostgres.BACH_NAME):
        if is_code:
            out.append(_TO_CHAR[piece])
        elif any(c.isalnum() or c in '"\\' for c in piece):
            # quoted literal text, so TO_CHAR does not read letters as patterns
            out.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
        else:
            out.append(piece)
    return self.func("TO_CHAR", e.this, exp.Literal.string("".join(out)))


def _arrow(op: str):
    def render(self: PostgresGenerator, e: exp.Expression) -> str:
        right = e.args.get("key") or e.args.get("index")
        sql = f"{self.sql(e, 'this')} {op} {self.sql(right)}"
        # `||` has the same precedence as `->`/`->>` (left-associative): `a || b ->> 'k'` would
        # read as `(a || b) ->> 'k'`, so an arrow inside a concatenation gets parentheses.
        return f"({sql})" if isinstance(e.parent, exp.DPipe) else sql

    return render


_ELEMENTS = "JSONB_ARRAY_ELEMENTS(:arr) WITH ORDINALITY AS _bach_t(_bach_e, _bach_o)"
_FILTER = (
    "COALESCE((SELECT JSONB_AGG(_bach_e ORDER BY _bach_o) FROM " + _ELEMENTS
    + " WHERE :cond), CAST('[]' AS JSONB))"
)
_SLICE_FROM = (
    "COALESCE((SELECT JSONB_AGG(_bach_e ORDER BY _bach_o) FROM " + _ELEMENTS
    + " WHERE _bach_o >= (SELECT MIN(_bach_o) FROM " + _ELEMENTS + " WHERE :cond)),"
    " CAST('[]' AS JSONB))"
)
_CONTAINS = (
    "EXISTS(SELECT 1 FROM JSONB_ARRAY_ELEMENTS_TEXT(:arr) AS _bach_t(_bach_e)"
    " WHERE _bach_e = :item)"
)
_LABEL = (
    "REGEXP_REPLACE(REGEXP_REPLACE(_bach_e ->> '_type', 'Context$', ''),"
    " '([a-z])([A-Z])', '\\1 \\2', 'g') || ': ' || (_bach_e ->> 'id')"
)
_NICE_NAME = (
    "(SELECT MAX(CASE WHEN _bach_o = _bach_n THEN _bach_label END)"
    " || COALESCE(' located at ' || STRING_AGG(CASE WHEN _bach_o < _bach_n THEN _bach_label END,"
    " ' => ' ORDER BY _bach_o), '')"
    " FROM (SELECT _bach_o, JSONB_ARRAY_LENGTH(:arr) AS _bach_n, " + _LABEL + " AS _bach_label"
    " FROM " + _ELEMENTS + ") AS _bach_labels)"
)
_PROJECT = (
    "COALESCE((SELECT JSONB_AGG(:obj ORDER BY _bach_o) FROM " + _ELEMENTS + "),"
    " CAST('[]' AS JSONB))"
)





# statistics: exact quantile (see objectiv_bach.expressions.QuantileCont)
_QUANTILE = "PERCENTILE_CONT(:q) WITHIN GROUP (ORDER BY :x)"


class BachPostgres(Postgres, BachDialect):
    BACH_NAME = "postgres"
    SUPPORTS_DISTINCT_WINDOW_AGGREGATE = False
    MAX_COLUMN_NAME_LENGTH = 63

    class Generator(PostgresGenerator):
        TYPE_MAPPING = {**PostgresGenerator.TYPE_MAPPING, exp.DataType.Type.JSON: "JSONB"}

        TRANSFORMS = {
            **PostgresGenerator.TRANSFORMS,
            bx.DateTruncTo: lambda self, e: self.func("DATE_TRUNC", e.args["unit"], e.this),
            bx.IntervalFromMicros: lambda self, e: self.sql(
                exp.Mul(this=exp.paren(e.this, copy=False),
                        expression=exp.Interval(this=exp.Literal.string("1 microsecond")))
            ),
            bx.IntervalTotalSeconds: lambda self, e: self.sql(
                exp.cast(exp.Extract(this=exp.var("EPOCH"), expression=e.this),
                         exp.DataType.Type.DOUBLE)
            ),
            bx.JsonArrayContains: renderer(_CONTAINS, "postgres"),
            bx.JsonArrayFilter: renderer(_FILTER, "postgres"),
            bx.JsonArraySliceFrom: renderer(_SLICE_FROM, "postgres"),
            bx.JsonArrayProject: renderer(_PROJECT, "postgres", object_function="JSONB_BUILD_OBJECT"),
            bx.JsonArrayLength: lambda self, e: self.func("JSONB_ARRAY_LENGTH", e.this),
            bx.JsonColumn: lambda self, e: self.sql(exp.cast(e.this, exp.DataType.Type.JSON)),
            bx.JsonGetIndex: _arrow("->"),
            bx.JsonGetKey: _arrow("->"),
            bx.JsonGetKeyText: _arrow("->>"),
            bx.JsonToString: lambda self, e: self.sql(exp.cast(e.this, exp.DataType.Type.TEXT)),
            bx.StringToJson: lambda self, e: self.sql(exp.cast(e.this, exp.DataType.Type.JSON)),
            bx.ObjectivNiceName: renderer(_NICE_NAME, "postgres"),
            bx.PartitionKey: lambda self, e: self.sql(e, "this"),
            bx.RoundTo: lambda self, e: self.sql(exp.cast(
                exp.func("ROUND", exp.cast(e.this, exp.DataType.Type.DECIMAL), e.args["decimals"]),
                exp.DataType.Type.DOUBLE)),
            bx.Strftime: _strftime,
            bx.TimestampDiff: lambda self, e: self.binary(e, "-"),
            bx.QuantileCont: lambda self, e: self.sql(fill(
                _QUANTILE, "postgres", x=e.this, q=e.args["quantile"])),
        }
