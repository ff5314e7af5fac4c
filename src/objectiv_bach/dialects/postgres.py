"""PostgreSQL (15+). Differences from the neutral tree, in one place.

JSON is stored as ``jsonb`` (a ``json`` column is cast to ``jsonb`` when read), so that equality,
``->`` on arrays with negative indexes and ``jsonb_array_length`` work.

String literals mean the same under ``standard_conforming_strings`` on and off: a string holding a
backslash is written in the escape-string form ``E'...'`` (backslashes doubled, quotes doubled),
which reads the same under both settings; any other string stays ``'...'`` (quotes doubled), which
has no backslash for the setting to act on. See :func:`_string_literal`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.generators.postgres import PostgresGenerator  # = Postgres.Generator, a type for mypy

from objectiv_bach import expressions as bx
from objectiv_bach.dialects.base import (
    EXTRACT_FIELDS,
    BachDialect,
    ExtensionRenderings,
    aggregate_in_order,
    check_structured_type,
    date_part,
    day_as_date,
    extract,
    is_leaf,
    list_index,
    literal_value,
    match_object,
    regex_literals,
    reserved_words,
    slice_bounds,
    split_strftime,
    struct_fields,
)
from objectiv_bach.dialects.templates import fill, operands_renderer, renderer, template_values

# C code -> TO_CHAR pattern
_TO_CHAR = {
    "%Y": "YYYY",
    "%y": "YY",
    "%m": "MM",
    "%d": "DD",
    "%H": "HH24",
    "%I": "HH12",
    "%M": "MI",
    "%S": "SS",
    "%f": "US",
    "%j": "DDD",
    "%V": "IW",
    "%G": "IYYY",
    "%a": "Dy",
    "%A": "FMDay",
    "%b": "Mon",
    "%B": "FMMonth",
    "%p": "AM",
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


# A value that is not a JSON array (an object, a scalar, JSON null) counts as a missing array:
# no elements, a NULL length. JSONB_ARRAY_ELEMENTS and JSONB_ARRAY_LENGTH raise for it (for the
# whole query); a strict jsonpath raises too, and its silent form (the fourth argument) turns that
# into no result. It names the operand once: a JSONB_TYPEOF test would evaluate it twice (a
# CAST of the event's JSON to jsonb, twice: measured 1.3-2.4x slower).
_ELEMENTS = (
    "JSONB_PATH_QUERY(:arr, 'strict $[*]', '{}', TRUE) WITH ORDINALITY AS _bach_t(_bach_e, _bach_o)"
)
_LENGTH = "CAST(JSONB_PATH_QUERY_FIRST(:arr, 'strict $.size()', '{}', TRUE) AS BIGINT)"
_FILTER = (
    "COALESCE((SELECT JSONB_AGG(_bach_e ORDER BY _bach_o) FROM "
    + _ELEMENTS
    + " WHERE :cond), CAST('[]' AS JSONB))"
)
_SLICE_FROM = (
    "COALESCE((SELECT JSONB_AGG(_bach_e ORDER BY _bach_o) FROM "
    + _ELEMENTS
    + " WHERE _bach_o >= (SELECT MIN(_bach_o) FROM "
    + _ELEMENTS
    + " WHERE :cond)),"
    " CAST('[]' AS JSONB))"
)
# element 0 of a filtered array: the first match in array order (NULL when none), without
# aggregating every match into an array first (the same condition as _FILTER)
_FIRST_MATCH = "(SELECT _bach_e FROM " + _ELEMENTS + " WHERE :cond ORDER BY _bach_o LIMIT 1)"
_CONTAINS = (
    "EXISTS(SELECT 1 FROM JSONB_PATH_QUERY(:arr, 'strict $[*]', '{}', TRUE) AS _bach_t(_bach_e)"
    " WHERE _bach_e #>> '{}' = :item)"  # #>> '{}': the text of a string, unquoted
)


# The forms without a subquery per row, for items and match values that are plain strings (see
# _plain_string): containment of a one-string array, and a jsonpath filter (strict: a non-array,
# and an element that is not an object, match nothing, as in the forms above)
_CONTAINS_STRING = "COALESCE(:arr @> CAST(:items AS JSONB), FALSE)"
_FILTER_PATH = (
    "COALESCE(JSONB_PATH_QUERY_ARRAY(:arr, :path, CAST(:vars AS JSONB), TRUE), CAST('[]' AS JSONB))"
)
_FIRST_MATCH_PATH = "JSONB_PATH_QUERY_FIRST(:arr, :path, CAST(:vars AS JSONB), TRUE)"


def _plain_string(value: object) -> bool:
    """Whether ``value`` is a str that no JSON value but a string has as its text.

    The subquery forms compare texts (``'1'`` matches the number 1, ``'true'`` the boolean);
    JSON containment and jsonpath ``==`` compare JSON values. The two agree exactly when the text
    does not parse as a JSON number, boolean, null, object or array.
    """
    if not isinstance(value, str):
        return False
    try:
        parsed = json.loads(value)
    except ValueError:
        return True
    return isinstance(parsed, str)


def _match_path(e: bx.JsonArrayFilter) -> dict[str, exp.Expr] | None:
    """``:arr``, ``:path`` and ``:vars`` of the jsonpath form of filter ``e``; None if unfit."""
    wanted = match_object(e.args["match"])
    if not all(_plain_string(v) for v in wanted.values()):
        return None
    tests = [f"@.{json.dumps(key)} == $v{i}" for i, key in enumerate(wanted)]
    values = {f"v{i}": value for i, value in enumerate(wanted.values())}
    return {
        "arr": e.this,
        "path": exp.Literal.string("strict $[*] ? (" + " && ".join(tests) + ")"),
        "vars": exp.Literal.string(json.dumps(values)),
    }


def _json_array_filter(self: PostgresGenerator, e: bx.JsonArrayFilter) -> str:
    """The matching elements, in order; the jsonpath form where the match values allow it."""
    values = _match_path(e)
    if values is not None:
        return self.sql(fill(_FILTER_PATH, "postgres", **values))
    return self.sql(fill(_FILTER, "postgres", **template_values(e, None)))


def _json_array_contains(self: PostgresGenerator, e: bx.JsonArrayContains) -> str:
    """Whether the JSON array has an element whose text is ``item``; FALSE for a non-array.

    ``arr @> '["item"]'`` is true exactly when ``arr`` is an array with the string element
    ``item`` (an object or a scalar contains no array). It equals the text comparison of
    ``_CONTAINS`` when no number, boolean, object or array has ``item`` as its text, that is,
    when ``item`` does not parse as a JSON value other than a string; such items (``'1'``,
    ``'true'``) keep the text comparison.
    """
    item = e.args["item"]
    if isinstance(item, exp.Literal) and item.is_string and _plain_string(item.this):
        items = exp.Literal.string(json.dumps([item.this]))
        return self.sql(fill(_CONTAINS_STRING, "postgres", arr=e.this, items=items))
    return self.sql(fill(_CONTAINS, "postgres", **template_values(e, None)))


def _json_get_index(self: PostgresGenerator, e: bx.JsonGetIndex) -> str:
    """``-> index``; element 0 of a :class:`bx.JsonArrayFilter` is its first match instead.

    ``filter(match)[0]`` equals the first element that matches, in array order, NULL when none
    (the filtered array is then '[]'), and a non-array has no elements in both forms; the
    first-match form stops at one row instead of building the array of all matches.
    """
    index = e.args["index"]
    if isinstance(e.this, bx.JsonArrayFilter) and isinstance(index, exp.Literal):
        if not index.is_string and index.this == "0":
            values = _match_path(e.this)
            if values is not None:
                return self.sql(fill(_FIRST_MATCH_PATH, "postgres", **values))
            first = fill(_FIRST_MATCH, "postgres", **template_values(e.this, None))
            return self.sql(first)
    return _arrow("->")(self, e)


# lists are arrays; dicts are JSONB objects (see dialects/postgres/README.md)

_ARRAY_FROM_JSON = (
    "CASE WHEN JSONB_TYPEOF(:j) = 'array' THEN ARRAY(SELECT :conv FROM JSONB_ARRAY_ELEMENTS(:j)"
    " WITH ORDINALITY AS _bach_t(_bach_e, _bach_o) ORDER BY _bach_o) END"
)
_OBJECT_FROM_JSON = "CASE WHEN JSONB_TYPEOF(:j) = 'object' THEN :obj END"


def _from_json(j: exp.Expr, to: exp.DataType) -> exp.Expr:
    """JSONB ``j`` as a value of ``to``.

    Arrays are converted element by element, dicts as JSONB objects with exactly their fields,
    scalars cast from the JSON scalar's text.
    """
    if to.this == exp.DType.ARRAY:
        element = exp.column("_bach_e")
        return fill(_ARRAY_FROM_JSON, "postgres", j=j, conv=_from_json(element, to.expressions[0]))
    if to.this == exp.DType.STRUCT:
        pairs: list[exp.Expr] = []
        for field in to.expressions:
            pairs += [
                exp.Literal.string(field.name),
                bx.JsonGetKey(this=j.copy(), key=exp.Literal.string(field.name)),
            ]
        return fill(_OBJECT_FROM_JSON, "postgres", j=j, obj=exp.func("JSONB_BUILD_OBJECT", *pairs))
    if to.this in (exp.DType.JSON, exp.DType.JSONB):
        return j
    text = exp.JSONBExtractScalar(this=j, expression=exp.Literal.string("{}"))
    return text if to.this == exp.DType.TEXT else exp.Cast(this=text, to=to)


def _struct_field(self: PostgresGenerator, e: bx.StructField) -> str:
    return self.sql(_from_json(bx.JsonGetKey(this=e.this, key=e.args["field"]), e.args["to"]))


def _list_get(self: PostgresGenerator, e: bx.ListGet) -> str:
    index = list_index(e)  # arrays are 1-based; a negative index counts from the end
    position: exp.Expr = exp.Literal.number(index + 1)
    if index < 0:
        position = exp.Add(this=exp.func("CARDINALITY", e.this.copy()), expression=position)
    return self.sql(
        exp.Bracket(this=exp.paren(e.this, copy=False), expressions=[position], offset=1)
    )


def _list_slice(self: PostgresGenerator, e: bx.ListSlice) -> str:
    lo, hi = slice_bounds(e, lambda: exp.func("CARDINALITY", e.this.copy()))
    bounds = exp.Slice(this=exp.Add(this=lo, expression=exp.Literal.number(1)), expression=hi)
    return self.sql(exp.Bracket(this=exp.paren(e.this, copy=False), expressions=[bounds], offset=1))


def _datatype(self: PostgresGenerator, e: exp.DataType) -> str:
    check_structured_type(self, e)
    if e.this == exp.DType.STRUCT:
        return "JSONB"
    if e.this == exp.DType.ARRAY and e.expressions and e.expressions[0].this == exp.DType.STRUCT:
        return "JSONB[]"
    return PostgresGenerator.datatype_sql(self, e)


def _string_literal(self: PostgresGenerator, e: exp.Literal) -> str:
    r"""A string literal that reads the same whatever ``standard_conforming_strings`` is.

    With the setting off (a database, role or session may turn it off), a backslash in ``'...'``
    is an escape: ``'x\'`` would end at the next quote and let the rest run as SQL. ``E'...'``
    always reads backslash escapes, so doubling each backslash makes it exact under both settings.
    Only strings holding a backslash take the ``E`` form, so the SQL of all others is unchanged.
    """
    if not e.is_string:
        return e.this or ""
    text = e.this or ""
    quoted = self._replace_line_breaks(text.replace("'", "''"))
    if "\\" not in text:
        return "'" + quoted + "'"
    return "E'" + quoted.replace("\\", "\\\\") + "'"


# Floor division and modulo, as Python (expressions.IntFloorDiv ...). NUMERIC with 20 decimals
# floors the quotient of two int64 exactly (it is at least 1/2**63 away from the next integer).
# The modulo needs its divisor three times: a column or literal divisor is named three times, any
# other divisor is bound once in a JSONB object and the arithmetic runs as a SQL/JSON path on
# exact numerics (silent: a division by zero or a NULL gives NULL), so that a chain ``s = y % s``
# grows linearly. Path arithmetic runs inside window functions and aggregates alike.
_INT_FLOOR_DIV = "CAST(FLOOR(CAST(:a AS NUMERIC(39, 20)) / NULLIF(:b, 0)) AS BIGINT)"
_INT_FLOOR_MOD = "MOD(MOD(:a, NULLIF(:b, 0)) + :b, NULLIF(:b, 0))"
_FLOAT_FLOOR_MOD = (
    "CAST(MOD(MOD(CAST(:a AS NUMERIC), CAST(NULLIF(:b, 0) AS NUMERIC))"
    " + CAST(:b AS NUMERIC), CAST(NULLIF(:b, 0) AS NUMERIC)) AS DOUBLE PRECISION)"
)
_BOUND_FLOOR_MOD = (
    "JSONB_PATH_QUERY_FIRST(JSONB_BUILD_OBJECT('a', :a, 'b', :b),"
    " '(($.a % $.b) + $.b) % $.b', CAST('{}' AS JSONB), TRUE)"
)


def _floor_mod(repeated: str, to: str) -> Callable[..., str]:
    plain = operands_renderer(repeated, "postgres")

    def render(self: PostgresGenerator, e: exp.Expression) -> str:
        if is_leaf(e.expression):
            return plain(self, e)
        bound = fill(_BOUND_FLOOR_MOD, "postgres", a=e.this, b=e.expression)
        return self.sql(exp.Cast(this=bound, to=exp.DataType.build(to, dialect="postgres")))

    return render


_ARITHMETIC: dict[type[exp.Expr], Callable[..., str]] = {
    bx.IntFloorDiv: operands_renderer(_INT_FLOOR_DIV, "postgres"),
    bx.IntFloorMod: _floor_mod(_INT_FLOOR_MOD, "BIGINT"),
    bx.Log10: lambda self, e: self.func("LOG", e.this),
    bx.FloatFloorMod: _floor_mod(_FLOAT_FLOOR_MOD, "DOUBLE PRECISION"),
    # << multiplies (an overflow raises, as on the other engines); >> keeps the sign
    bx.HashFraction: operands_renderer(
        "CAST(CAST(CAST(CONCAT('x', SUBSTRING(MD5(:a), 1, 8)) AS BIT(32)) AS BIGINT)"
        " AS DOUBLE PRECISION) / 4294967296",
        "postgres",
    ),
    bx.HashUuid: lambda self, e: self.sql(
        exp.Cast(this=exp.func("MD5", e.this), to=exp.DataType.build("uuid"))
    ),
    bx.ShiftLeft: operands_renderer("(:a) * CAST(POWER(2, :b) AS BIGINT)", "postgres"),
    bx.ShiftRight: operands_renderer("(:a) >> CAST(:b AS INT)", "postgres"),
}


# strings and dates


def _regex_search(self: PostgresGenerator, e: bx.RegexSearch) -> str:
    pattern, _ = regex_literals(e, postgres=True)
    return self.sql(exp.Paren(this=exp.RegexpLike(this=e.this, expression=pattern)))


def _regex_replace(self: PostgresGenerator, e: bx.RegexReplace) -> str:
    pattern, replacement = regex_literals(e, postgres=True)
    return self.func("REGEXP_REPLACE", e.this, pattern, replacement, exp.Literal.string("g"))


def _str_split(self: PostgresGenerator, e: bx.StrSplit) -> str:
    """REGEXP_SPLIT_TO_ARRAY with a literal ('***=') pattern: '' gives {''} as Python."""
    delimiter = literal_value(e.args["delimiter"], "split delimiter")
    return self.func("REGEXP_SPLIT_TO_ARRAY", e.this, exp.Literal.string("***=" + delimiter))


def _date_part(self: PostgresGenerator, e: bx.DatePart) -> str:
    part = date_part(e)
    value: exp.Expression
    if part == "dayofweek":  # ISODOW: Monday 1
        value = exp.Sub(this=extract("ISODOW", e.this), expression=exp.Literal.number(1))
    elif part == "week":  # ISO week
        value = extract("WEEK", e.this)
    elif part == "microsecond":  # MICROSECONDS counts the seconds too
        value = exp.Mod(
            this=extract("MICROSECONDS", e.this), expression=exp.Literal.number(1000000)
        )
    elif part == "second":  # SECOND has the fraction
        value = exp.Floor(this=extract("SECOND", e.this))
    else:
        value = extract(EXTRACT_FIELDS[part], e.this)
    return self.sql(exp.cast(value, exp.DataType.Type.BIGINT))


_EPOCH_DATE = exp.cast(exp.Literal.string("1970-01-01"), exp.DataType.Type.DATE)
# Python's repr: whole numbers below 1e16 as '<int>.0' (PostgreSQL writes '10'), and
# 'nan'/'inf' for 'NaN'/'Infinity'
_FLOAT_TO_TEXT = (
    "CASE WHEN :x = TRUNC(:x) AND ABS(:x) < 1e16 THEN CAST(CAST(:x AS BIGINT) AS TEXT) || '.0'"
    " ELSE LOWER(REPLACE(CAST(:x AS TEXT), 'inity', '')) END"
)


# flatten_array: a lateral unnest with the element's position (see plan.nodes.Flatten)
_ELEMENTS_FROM = (  # a value that is not an array has no elements (instead of an error)
    "SELECT 1 FROM t CROSS JOIN JSONB_ARRAY_ELEMENTS(CASE WHEN JSONB_TYPEOF(:arr) = 'array'"
    " THEN :arr END) WITH ORDINALITY AS _bach_flat(_bach_item, _bach_ord)"
)


def _json_array_elements(self: PostgresGenerator, e: bx.JsonArrayElements) -> str:
    """The FROM item: the joined item of the template query."""
    return self.sql(fill(_ELEMENTS_FROM, "postgres", arr=e.this).args["joins"][0].this)


# to_json_array: the non-NULL values in order (the ORDER BY is replaced by the Series' order)
_JSON_ARRAY_AGG = (
    "COALESCE(JSONB_AGG(:x ORDER BY :x) FILTER(WHERE :x IS NOT NULL), CAST('[]' AS JSONB))"
)


def _json_array_agg(self: PostgresGenerator, e: bx.JsonArrayAgg) -> str:
    tree = fill(_JSON_ARRAY_AGG, "postgres", x=e.this)
    return self.sql(aggregate_in_order(tree, e.args.get("order")))


# the value of the first kept row in an order (see objectiv_bach.expressions.FirstInOrder)
_FIRST_IN_ORDER = "(ARRAY_AGG(:x ORDER BY :x) FILTER(WHERE :keep))[1]"


def _first_in_order(self: PostgresGenerator, e: bx.FirstInOrder) -> str:
    tree = fill(_FIRST_IN_ORDER, "postgres", x=e.this, keep=e.args["keep"])
    return self.sql(aggregate_in_order(tree, e.args["order"]))


# statistics: exact quantile (see objectiv_bach.expressions.QuantileCont)
_QUANTILE = "PERCENTILE_CONT(:q) WITHIN GROUP (ORDER BY :x)"

# sampling: the first 32 bits of the MD5 of the row's text (seed first), as a bucket in
# [0, 1000000); ROW(...)::TEXT renders every column type
_SAMPLE_BUCKET = (
    "CAST(CAST('x' || SUBSTRING(MD5(CAST(:row AS TEXT)), 1, 8) AS BIT(32)) AS BIGINT) % 1000000"
)


class BachPostgres(Postgres, BachDialect):
    """Bach's PostgreSQL dialect: sqlglot's Postgres plus Bach's renderings."""

    BACH_NAME = "postgres"
    SUPPORTS_DISTINCT_WINDOW_AGGREGATE = False
    MAX_COLUMN_NAME_LENGTH = 63
    SUPPORTS_NESTED_LISTS = False
    RESERVED_WORDS = reserved_words(Postgres)

    class Generator(ExtensionRenderings, PostgresGenerator):
        """The SQL generator with Bach's PostgreSQL renderings."""

        TYPE_MAPPING = {**PostgresGenerator.TYPE_MAPPING, exp.DataType.Type.JSON: "JSONB"}

        TRANSFORMS = {
            **PostgresGenerator.TRANSFORMS,
            exp.Literal: _string_literal,
            bx.DateTruncTo: lambda self, e: self.func("DATE_TRUNC", e.args["unit"], e.this),
            bx.TruncatedGroupKey: day_as_date,
            bx.InlineValues: lambda self, e: e.this.sql(self),
            bx.IntervalFromMicros: lambda self, e: self.sql(
                exp.Mul(
                    this=exp.paren(e.this, copy=False),
                    expression=exp.Interval(this=exp.Literal.string("1 microsecond")),
                )
            ),
            bx.IntervalTotalSeconds: lambda self, e: self.sql(
                exp.cast(
                    exp.Extract(this=exp.var("EPOCH"), expression=e.this), exp.DataType.Type.DOUBLE
                )
            ),
            bx.JsonArrayContains: _json_array_contains,
            bx.JsonArrayFilter: _json_array_filter,
            bx.JsonArraySliceFrom: renderer(_SLICE_FROM, "postgres"),
            bx.JsonArraySlice: renderer(
                _FILTER,
                "postgres",
                position=exp.Sub(this=exp.column("_bach_o"), expression=exp.Literal.number(1)),
            ),
            bx.JsonArrayLength: renderer(_LENGTH, "postgres"),
            bx.JsonColumn: lambda self, e: self.sql(exp.cast(e.this, exp.DataType.Type.JSON)),
            bx.JsonGetIndex: _json_get_index,
            bx.JsonGetKey: _arrow("->"),
            bx.JsonGetKeyText: _arrow("->>"),
            bx.JsonToString: lambda self, e: self.sql(exp.cast(e.this, exp.DataType.Type.TEXT)),
            bx.StringToJson: lambda self, e: self.sql(exp.cast(e.this, exp.DataType.Type.JSON)),
            bx.PartitionKey: lambda self, e: self.sql(e, "this"),
            bx.RoundTo: lambda self, e: self.sql(
                exp.cast(
                    exp.func(
                        "ROUND", exp.cast(e.this, exp.DataType.Type.DECIMAL), e.args["decimals"]
                    ),
                    exp.DataType.Type.DOUBLE,
                )
            ),
            bx.Strftime: _strftime,
            bx.TimestampDiff: lambda self, e: self.binary(e, "-"),
            bx.JsonTo: lambda self, e: self.sql(_from_json(e.this, e.args["to"])),
            bx.ListGet: _list_get,
            bx.ListLength: lambda self, e: self.func("CARDINALITY", e.this),
            bx.ListSlice: _list_slice,
            bx.StructField: _struct_field,
            bx.StructPack: lambda self, e: self.func(
                "JSONB_BUILD_OBJECT",
                *[x for name, value in struct_fields(e) for x in (exp.Literal.string(name), value)],
            ),
            bx.ToJson: lambda self, e: self.func("TO_JSONB", e.this),
            bx.ValuesEqual: lambda self, e: self.binary(e, "="),
            exp.DataType: _datatype,
            **_ARITHMETIC,
            bx.SampleBucket: lambda self, e: self.sql(
                exp.Paren(
                    this=fill(
                        _SAMPLE_BUCKET,
                        "postgres",
                        row=exp.Tuple(
                            expressions=[e.args["seed"].copy(), *(c.copy() for c in e.expressions)]
                        ),
                    )
                )
            ),
            bx.QuantileCont: lambda self, e: self.sql(
                fill(_QUANTILE, "postgres", x=e.this, q=e.args["quantile"])
            ),
            bx.RegexSearch: _regex_search,
            bx.RegexReplace: _regex_replace,
            bx.StrSplit: _str_split,
            bx.DatePart: _date_part,
            bx.JsonArrayAgg: _json_array_agg,
            bx.FirstInOrder: _first_in_order,
            bx.JsonArrayElements: _json_array_elements,
            bx.FlattenOffset: lambda self, e: self.sql(
                exp.Sub(this=e.this, expression=exp.Literal.number(1))
            ),
            bx.TimeToTimestamp: lambda self, e: self.sql(
                exp.Add(this=_EPOCH_DATE.copy(), expression=exp.paren(e.this, copy=False))
            ),
            bx.FloatToText: lambda self, e: self.sql(fill(_FLOAT_TO_TEXT, "postgres", x=e.this)),
        }
