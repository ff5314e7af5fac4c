"""``astype``: the neutral expression that converts one dtype to another."""

from __future__ import annotations

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import DtypeError
from objectiv_bach.types import base_dtype, sql_type

#: text form of dates and timestamps, the same on every dialect
DATE_FORMAT = "%Y-%m-%d"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

_ALLOWED = {
    "bool": {"int64", "string"},
    "int64": {"float64", "string", "bool"},
    "float64": {"int64", "string"},
    "string": {"int64", "float64", "bool", "date", "timestamp", "time", "json", "uuid"},
    "date": {"timestamp", "string"},
    "timestamp": {"date", "string", "time"},
    "time": {"string"},
    "timedelta": {"float64"},
    "json": {"string"},
    "uuid": {"string"},
}


def cast(expression: exp.Expression, source: str, target: str) -> exp.Expression:
    """Convert ``expression`` of dtype ``source`` to dtype ``target``."""
    src, dst = base_dtype(source), base_dtype(target)
    if src == dst:
        return expression
    if dst not in _ALLOWED.get(src, set()):
        options = sorted(_ALLOWED.get(src, set()))
        msg = f"Cannot cast dtype {source!r} to {target!r}. From {source!r} Bach casts to {options}."
        raise DtypeError(msg)
    if src == "json":
        return bx.JsonToString(this=expression)
    if dst == "json":
        return bx.StringToJson(this=expression)
    if src == "float64" and dst == "int64":
        # pandas truncates toward zero; SQL's CAST would round
        return exp.Cast(this=exp.func("TRUNC", expression), to=sql_type("int64"))
    if src == "bool" and dst == "int64":  # PostgreSQL casts booleans to int4 only
        return _bool_case(expression, exp.Literal.number(1), exp.Literal.number(0))
    if src == "int64" and dst == "bool":
        return exp.NEQ(this=expression, expression=exp.Literal.number(0))
    if src == "bool" and dst == "string":
        return _bool_case(expression, exp.Literal.string("True"), exp.Literal.string("False"))
    if src == "date" and dst == "string":
        return bx.Strftime(this=exp.Cast(this=expression, to=sql_type("timestamp")),
                           format=exp.Literal.string(DATE_FORMAT))
    if src == "timestamp" and dst == "string":
        return bx.Strftime(this=expression, format=exp.Literal.string(TIMESTAMP_FORMAT))
    if src == "timedelta" and dst == "float64":
        return bx.IntervalTotalSeconds(this=expression)
    return exp.Cast(this=expression, to=sql_type(target))


def _bool_case(expression: exp.Expression, if_true: exp.Expression, if_false: exp.Expression
               ) -> exp.Expression:
    """``CASE expression WHEN TRUE THEN if_true WHEN FALSE THEN if_false END`` (NULL stays
    NULL): the simple CASE names ``expression`` once, so chained casts grow linearly."""
    return exp.Case(this=expression, ifs=[exp.If(this=exp.true(), true=if_true),
                                          exp.If(this=exp.false(), true=if_false)])
