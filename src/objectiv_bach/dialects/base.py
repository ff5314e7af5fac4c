"""What every Bach dialect shares: capability flags and small helpers for the render functions.

A dialect file (``duckdb.py``, ``postgres.py``, ``bigquery.py``) subclasses the sqlglot dialect
under its own name and ``BachDialect``, and states its differences as flags, type mappings and
short render functions for the classes of :mod:`objectiv_bach.expressions`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from sqlglot import exp

from objectiv_bach.errors import UnsupportedOperationError

#: strftime codes that render the same on every dialect; anything else raises
STRFTIME_CODES = {
    "%Y": "year (4 digits)",
    "%y": "year (2 digits)",
    "%m": "month 01-12",
    "%d": "day of month 01-31",
    "%H": "hour 00-23",
    "%I": "hour 01-12",
    "%M": "minute 00-59",
    "%S": "second 00-59",
    "%f": "microseconds 000000-999999 (only as %S.%f on BigQuery)",
    "%j": "day of year 001-366",
    "%V": "ISO week 01-53",
    "%G": "ISO year",
    "%a": "weekday abbreviated (Mon)",
    "%A": "weekday (Monday)",
    "%b": "month abbreviated (Jan)",
    "%B": "month (January)",
    "%p": "AM/PM",
    "%F": "%Y-%m-%d",
    "%T": "%H:%M:%S",
    "%R": "%H:%M",
    "%%": "a literal %",
}
_CODE_RE = re.compile(r"%.|[^%]+|%$")

DATE_TRUNC_UNITS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")


def split_strftime(fmt: str, dialect: str) -> list[tuple[bool, str]]:
    """Split a format into ``(is_code, text)`` pieces, expanding %F %T %R; unknown codes raise."""
    fmt = fmt.replace("%F", "%Y-%m-%d").replace("%T", "%H:%M:%S").replace("%R", "%H:%M")
    pieces = []
    for piece in _CODE_RE.findall(fmt):
        if piece.startswith("%") and len(piece) == 2 and piece != "%%":
            if piece not in STRFTIME_CODES:
                msg = f"strftime code {piece!r} in format {fmt!r}"
                raise UnsupportedOperationError(
                    msg,
                    dialect,
                    f"Portable codes are: {', '.join(STRFTIME_CODES)}.",
                )
            pieces.append((True, piece))
        elif piece == "%":
            msg = f"a lone '%' at the end of format {fmt!r}"
            raise UnsupportedOperationError(msg, dialect, "Write '%%' for a literal percent sign.")
        else:
            pieces.append((False, "%" if piece == "%%" else piece))
    return pieces


def literal_value(node: exp.Expression, what: str) -> str:
    """The Python value of a string/number literal argument of one of our functions."""
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal):
        return "-" + node.this.this
    if not isinstance(node, exp.Literal):
        msg = f"{what} must be a literal, got {node.sql()!r}"
        raise TypeError(msg)
    return node.this


#: words reserved in standard SQL and by PostgreSQL/BigQuery/DuckDB grammars beyond their
#: sqlglot tokenizers: a column of that name is quoted
SQL_RESERVED_WORDS = frozenset(
    {
        "all",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "between",
        "by",
        "case",
        "cast",
        "collate",
        "create",
        "cross",
        "current_date",
        "default",
        "desc",
        "distinct",
        "else",
        "end",
        "except",
        "exists",
        "false",
        "fetch",
        "for",
        "from",
        "full",
        "group",
        "having",
        "in",
        "inner",
        "intersect",
        "interval",
        "into",
        "is",
        "join",
        "left",
        "like",
        "limit",
        "natural",
        "new",
        "not",
        "null",
        "of",
        "offset",
        "on",
        "or",
        "order",
        "outer",
        "over",
        "partition",
        "range",
        "right",
        "rows",
        "select",
        "set",
        "some",
        "table",
        "then",
        "to",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "when",
        "where",
        "window",
        "with",
        "within",
        "lateral",
        "leading",
        "trailing",
        "both",
        "only",
        "analyse",
        "analyze",
        "check",
        "column",
        "constraint",
        "do",
        "foreign",
        "grant",
        "placing",
        "primary",
        "references",
        "returning",
        "symmetric",
        "variadic",
    }
)


def reserved_words(sqlglot_dialect: type) -> frozenset[str]:
    """The lower-case keywords of a sqlglot dialect, plus :data:`SQL_RESERVED_WORDS`.

    The keywords are its tokenizer's and generator's.
    """
    generator = getattr(sqlglot_dialect, "Generator", None)
    return SQL_RESERVED_WORDS | frozenset(
        k.lower()
        for k in (
            *sqlglot_dialect.Tokenizer.KEYWORDS,  # type: ignore[attr-defined]
            *getattr(generator, "RESERVED_KEYWORDS", ()),
        )
    )


class BachDialect:
    """Facts and capability flags; each dialect overrides what differs.

    Every attribute is read somewhere: the facts by :mod:`objectiv_bach.plan.naming` (one
    neutral naming rule that is valid on every registered dialect), the flags where the
    capability is used.
    """

    #: the name users pass (``view_sql(dialect='postgres')``) and backends report
    BACH_NAME: ClassVar[str] = ""
    #: ``materialize(materialization='temp_table')`` can create a session temporary table
    SUPPORTS_TEMP_TABLES: ClassVar[bool] = True
    #: ``COUNT(DISTINCT x) OVER (PARTITION BY ...)`` (read by ``dialects.render``)
    SUPPORTS_DISTINCT_WINDOW_AGGREGATE: ClassVar[bool] = True
    #: longest column name the database stores
    MAX_COLUMN_NAME_LENGTH: ClassVar[int] = 63
    #: a list of lists (``[['int64']]``); read by :func:`check_structured_type`
    SUPPORTS_NESTED_LISTS: ClassVar[bool] = True
    #: lower-case words that need quotes as identifiers
    RESERVED_WORDS: ClassVar[frozenset[str]] = SQL_RESERVED_WORDS
    #: lower-case prefixes a column name may not have
    RESERVED_COLUMN_PREFIXES: ClassVar[tuple[str, ...]] = ()
    #: column names compare case-insensitively, even quoted (so 'a' and 'A' are one column)
    CASE_INSENSITIVE_COLUMNS: ClassVar[bool] = False

    @classmethod
    def unsupported(
        cls, operation: str, alternative: str | None = None
    ) -> UnsupportedOperationError:
        """The UnsupportedOperationError for ``operation`` on this dialect."""
        return UnsupportedOperationError(operation, cls.BACH_NAME, alternative)


class ExtensionRenderings:
    """Mixin of every Bach dialect's Generator that renders Bach's function nodes.

    It renders the function nodes of :mod:`objectiv_bach.extension` with their registered rendering
    for this dialect (and raises :class:`UnsupportedOperationError` when there is none), instead of
    sqlglot's generic ``NAME(args)``.
    """

    def function_fallback_sql(self, expression: exp.Func) -> str:
        """The SQL of a function node.

        A :class:`~objectiv_bach.extension.FunctionNode` renders with its registered rendering,
        any other function as sqlglot renders it.
        """
        from objectiv_bach.extension import FunctionNode, render_function

        if isinstance(expression, FunctionNode):
            return render_function(self, expression)
        return super().function_fallback_sql(expression)  # type: ignore[misc]


def is_leaf(e: exp.Expression) -> bool:
    """Whether ``e`` is a column, a literal or a NULL (maybe negated or cast): cheap to repeat.

    A rendering may name such an operand more than once without growing a chain of its
    operation; any other operand is bound once (see the floor modulo renderings).
    """
    while isinstance(e, (exp.Neg, exp.Cast, exp.Paren)):
        e = e.this
    return isinstance(e, (exp.Column, exp.Literal, exp.Null))


def has_aggregate_or_window(e: exp.Expression) -> bool:
    """Whether ``e`` holds an aggregate or a window function (they cannot move into a subquery)."""
    return e.find(exp.AggFunc, exp.Window) is not None


def json_path_key(e: exp.Expression, dialect: str) -> exp.Literal:
    """The JSONPath ``$."key"`` of the key literal of ``e`` (DuckDB and BigQuery paths)."""
    key = literal_value(e.args["key"], "JSON key")
    if '"' in key or "\\" in key:
        msg = f"JSON key {key!r} (a key holding '\"' or '\\')"
        raise UnsupportedOperationError(
            msg, dialect, "Rename the key, or read the object with PostgreSQL."
        )
    return exp.Literal.string(f'$."{key}"')


def match_object(match: exp.Expression) -> dict[str, Any]:
    """The key/values of the JSON object literal ``match`` of a JSON array filter.

    Raises TypeError unless it is a non-empty dict of scalar values.
    """
    import json

    text = literal_value(
        match.this if not isinstance(match, exp.Literal) else match, "JSON match object"
    )
    wanted = json.loads(text)
    if (
        not isinstance(wanted, dict)
        or not wanted
        or any(isinstance(v, (dict, list)) or v is None for v in wanted.values())
    ):
        msg = f"The match object must be a non-empty dict of scalar values, got {text!r}."
        raise TypeError(msg)
    return wanted


def match_conditions(match: exp.Expression, element: exp.Expression) -> exp.Expression:
    """A condition: ``element`` has every key/value of the JSON object literal ``match``.

    Scalar values are compared as text; the condition is neutral and each dialect renders it.
    """
    import json

    from objectiv_bach import expressions as bx

    condition: exp.Expression | None = None
    for key, value in match_object(match).items():
        scalar = json.dumps(value) if not isinstance(value, str) else value
        test = exp.EQ(
            this=bx.JsonGetKeyText(this=element.copy(), key=exp.Literal.string(key)),
            expression=exp.Literal.string(scalar),
        )
        condition = test if condition is None else exp.And(this=condition, expression=test)
    assert condition is not None
    return condition


# ---------------------------------------------------------------------------------------------
# lists and dicts


def check_structured_type(generator: Any, e: exp.DataType) -> None:
    """Raise for a list-of-lists type where the dialect cannot hold one (renders nothing)."""
    dialect = type(generator.dialect)
    nested_ok = not issubclass(dialect, BachDialect) or dialect.SUPPORTS_NESTED_LISTS
    if (
        e.this == exp.DType.ARRAY
        and not nested_ok
        and any(isinstance(x, exp.DataType) and x.this == exp.DType.ARRAY for x in e.expressions)
    ):
        msg = f"A list of lists ({e.sql()})"
        raise UnsupportedOperationError(
            msg,
            getattr(dialect, "BACH_NAME", None),
            "Nest the inner lists in a dict ([{'items': [...]}]), or use json.",
        )


def list_index(e: exp.Expression) -> int:
    """The index of a ListIndex expression, as an int (it must be a literal)."""
    return int(literal_value(e.args["index"], "list index"))


def slice_bounds(e: exp.Expression, length: Callable[[], exp.Expr]) -> tuple[exp.Expr, exp.Expr]:
    """0-based ``[lo, hi)`` of a ListSlice with Python slice rules.

    ``lo >= 0``; ``hi`` may be ``<= lo`` (an empty list) or beyond the end.
    """

    def bound(arg: str, default: Callable[[], exp.Expr]) -> exp.Expr:
        node = e.args[arg]
        if isinstance(node, exp.Null):
            return default()
        value = int(literal_value(node, "list slice bound"))
        if value >= 0:
            return exp.Literal.number(value)
        return exp.func(
            "GREATEST",
            exp.Add(this=length(), expression=exp.Literal.number(value)),
            exp.Literal.number(0),
        )

    return bound("start", lambda: exp.Literal.number(0)), bound("stop", length)


def struct_fields(e: exp.Expression) -> list[tuple[str, exp.Expression]]:
    """(name, value) pairs of a StructPack."""
    names = [literal_value(k, "dict field name") for k in e.args["keys"].expressions]
    return list(zip(names, e.args["expressions"].expressions, strict=True))


# ---------------------------------------------------------------------------------------------
# strings and dates


def regex_literals(e: exp.Expression, *, postgres: bool) -> tuple[exp.Literal, exp.Literal | None]:
    """The engine's pattern literal of a RegexSearch/RegexReplace, and its replacement literal.

    The replacement (RegexReplace only) inserts its text literally on RE2 and PostgreSQL.
    """
    from objectiv_bach import regex

    replacing = "replacement" in e.args and e.args.get("replacement") is not None
    case = e.args["case"]
    pattern = regex.engine_pattern(
        literal_value(e.args["pattern"], "regex pattern"),
        postgres=postgres,
        case=not isinstance(case, exp.Boolean) or bool(case.this),
        for_replace=replacing,
    )
    replacement = (
        exp.Literal.string(
            regex.escape_replacement(literal_value(e.args["replacement"], "regex replacement"))
        )
        if replacing
        else None
    )
    return exp.Literal.string(pattern), replacement


#: DatePart parts -> the EXTRACT field most dialects share (dayofweek, week and microsecond
#: are written by each dialect)
EXTRACT_FIELDS = {
    "year": "YEAR",
    "month": "MONTH",
    "day": "DAY",
    "hour": "HOUR",
    "minute": "MINUTE",
    "second": "SECOND",
    "quarter": "QUARTER",
    "dayofyear": "DOY",
}


def date_part(e: exp.Expression) -> str:
    """The part name of a DatePart."""
    return literal_value(e.args["part"], "date part")


def extract(field: str, value: exp.Expression) -> exp.Expression:
    """``EXTRACT(field FROM value)``."""
    return exp.Extract(this=exp.var(field), expression=value)


def aggregate_in_order(tree: exp.Expr, order: exp.Expression | None) -> exp.Expr:
    """``tree`` (a filled template with one ``ORDER BY`` in an aggregate) sorted by ``order``.

    Without ``order`` the ``ORDER BY`` is removed.
    """
    node = tree.find(exp.Order)
    assert node is not None
    if order is None:
        node.replace(node.this)
    else:
        node.set("expressions", [o.copy() for o in order.expressions])
    return tree


def day_as_date(self: Any, e: exp.Expression) -> str:
    """A :class:`~objectiv_bach.expressions.TruncatedGroupKey`: a day as a DATE, else truncated.

    For engines where a DATE key (4 bytes) is cheaper to compute and group on than
    ``DATE_TRUNC('day', t)``, which keeps a timestamp (DuckDB, PostgreSQL).
    """
    if literal_value(e.args["unit"], "unit") == "day":
        return self.sql(exp.cast(e.this, exp.DataType.Type.DATE))
    return self.func("DATE_TRUNC", e.args["unit"], e.this)
