"""What every Bach dialect shares: capability flags and small helpers for the render functions.

A dialect file (``duckdb.py``, ``postgres.py``, ``bigquery.py``) subclasses the sqlglot dialect
under its own name and ``BachDialect``, and states its differences as flags, type mappings and
short render functions for the classes of :mod:`objectiv_bach.expressions`.
"""

from __future__ import annotations

import re
from typing import ClassVar

from sqlglot import exp

from objectiv_bach.errors import UnsupportedOperationError

#: strftime codes that render the same on every dialect; anything else raises
STRFTIME_CODES = {
    "%Y": "year (4 digits)", "%y": "year (2 digits)", "%m": "month 01-12",
    "%d": "day of month 01-31", "%H": "hour 00-23", "%I": "hour 01-12", "%M": "minute 00-59",
    "%S": "second 00-59", "%f": "microseconds 000000-999999 (only as %S.%f on BigQuery)",
    "%j": "day of year 001-366", "%V": "ISO week 01-53", "%G": "ISO year",
    "%a": "weekday abbreviated (Mon)", "%A": "weekday (Monday)", "%b": "month abbreviated (Jan)",
    "%B": "month (January)", "%p": "AM/PM", "%F": "%Y-%m-%d", "%T": "%H:%M:%S", "%R": "%H:%M",
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
            raise UnsupportedOperationError(msg, dialect,
                                            "Write '%%' for a literal percent sign.")
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


class BachDialect:
    """Capability flags; each dialect overrides what it lacks."""

    #: the name users pass (``view_sql(dialect='postgres')``) and backends report
    BACH_NAME: ClassVar[str] = ""
    #: ``materialize(materialization='temp_table')`` can create a session temporary table
    SUPPORTS_TEMP_TABLES: ClassVar[bool] = True
    #: ``COUNT(DISTINCT x) OVER (...)``
    SUPPORTS_DISTINCT_WINDOW_AGGREGATE: ClassVar[bool] = True
    #: longest column name the database stores
    MAX_COLUMN_NAME_LENGTH: ClassVar[int] = 63

    @classmethod
    def unsupported(cls, operation: str, alternative: str | None = None) -> UnsupportedOperationError:
        """The UnsupportedOperationError for ``operation`` on this dialect."""
        return UnsupportedOperationError(operation, cls.BACH_NAME, alternative)


def json_path_key(e: exp.Expression, dialect: str) -> exp.Literal:
    """The JSONPath ``$."key"`` of the key literal of ``e`` (DuckDB and BigQuery paths)."""
    key = literal_value(e.args["key"], "JSON key")
    if '"' in key or "\\" in key:
        msg = f"JSON key {key!r} (a key holding '\"' or '\\')"
        raise UnsupportedOperationError(
            msg, dialect,
            "Rename the key, or read the object with PostgreSQL.")
    return exp.Literal.string(f'$."{key}"')


def match_conditions(match: exp.Expression, element: exp.Expression) -> exp.Expression:
    """A condition: ``element`` has every key/value of the JSON object literal ``match``.

    Scalar values are compared as text; the condition is neutral and each dialect renders it.
    """
    import json

    from objectiv_bach import expressions as bx

    text = literal_value(match.this if not isinstance(match, exp.Literal) else match,
                         "JSON match object")
    wanted = json.loads(text)
    if not isinstance(wanted, dict) or not wanted or any(
            isinstance(v, (dict, list)) or v is None for v in wanted.values()):
        msg = f"The match object must be a non-empty dict of scalar values, got {text!r}."
        raise TypeError(msg)
    condition: exp.Expression | None = None
    for key, value in wanted.items():
        scalar = json.dumps(value) if not isinstance(value, str) else value
        test = exp.EQ(this=bx.JsonGetKeyText(this=element.copy(), key=exp.Literal.string(key)),
                      expression=exp.Literal.string(scalar))
        condition = test if condition is None else exp.And(this=condition, expression=test)
    assert condition is not None
    return condition
