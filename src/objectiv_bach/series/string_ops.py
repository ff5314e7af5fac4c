"""Expressions of the ``.str`` methods that take more than one SQL function (pandas semantics).

Every function here builds a dialect-neutral sqlglot tree from the string expression ``x`` and
Python values; the ``.str`` accessor (:mod:`objectiv_bach.series.string`) checks the arguments.
"""

from __future__ import annotations

from sqlglot import exp

#: every character for which Python's ``str.isspace()`` is true: what ``strip()`` removes
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


def _num(value: int) -> exp.Expression:
    return exp.Literal.number(value) if value >= 0 else exp.Neg(this=exp.Literal.number(-value))


def _length(x: exp.Expression) -> exp.Expression:
    return exp.Length(this=x.copy())


def _greatest(*values: exp.Expression) -> exp.Expression:
    # the arguments are NULL only when the string is, and then so is the result: no NULL rules
    return exp.Greatest(this=values[0], expressions=list(values[1:]), ignore_nulls=True)


def _int(value: exp.Expression) -> exp.Expression:
    """A pad width as INT, the type LPAD/RPAD take on DuckDB and PostgreSQL."""
    return exp.cast(value, exp.DataType.Type.INT)


def char_at(x: exp.Expression, i: int) -> exp.Expression:
    """Character ``i`` (negative: from the end) of ``x``; NULL when out of range, as pandas."""
    if i >= 0:  # a character is never empty: '' means out of range
        char: exp.Expression = exp.Substring(
            this=x, start=exp.Literal.number(i + 1), length=exp.Literal.number(1)
        )
        return exp.Nullif(this=char, expression=exp.Literal.string(""))
    # the first character of the last -i, when there are at least -i
    last = exp.Right(this=x, expression=exp.Literal.number(-i))
    first = exp.Substring(this=last, start=exp.Literal.number(1), length=exp.Literal.number(1))
    return exp.Case(
        ifs=[exp.If(this=exp.GTE(this=_length(x), expression=exp.Literal.number(-i)), true=first)]
    )


def slice_of(x: exp.Expression, start: int | None, stop: int | None) -> exp.Expression:
    """``x[start:stop]`` with Python's slice rules (negative bounds count from the end)."""
    if (start is None or start >= 0) and (stop is None or stop >= 0):
        begin = start or 0
        args: dict[str, exp.Expression] = {"this": x, "start": exp.Literal.number(begin + 1)}
        if stop is not None:
            args["length"] = exp.Literal.number(max(stop - begin, 0))
        return exp.Substring(**args)
    if stop is None:  # start < 0: the last -start characters
        return exp.Right(this=x, expression=exp.Literal.number(-(start or 0)))
    # 0-based begin and end, clamped at 0; the length is at least 0
    if start is None or start >= 0:
        begin_expr: exp.Expression = exp.Literal.number(start or 0)
    else:
        begin_expr = _greatest(
            exp.Add(this=_length(x), expression=_num(start)), exp.Literal.number(0)
        )
    end_expr = (
        exp.Add(this=_length(x), expression=_num(stop)) if stop < 0 else exp.Literal.number(stop)
    )
    return exp.Substring(
        this=x,
        start=exp.Add(this=begin_expr.copy(), expression=exp.Literal.number(1)),
        length=_greatest(
            exp.Sub(this=end_expr, expression=exp.paren(begin_expr, copy=False)),
            exp.Literal.number(0),
        ),
    )


def padded(x: exp.Expression, width: int, side: str, fillchar: str) -> exp.Expression:
    """``x`` padded with ``fillchar`` to ``width`` characters, never cut, as pandas' ``pad``.

    ``side='both'`` follows Python's ``str.center``: an odd margin puts the extra character on
    the left when ``width`` is odd, else on the right.
    """
    fill = exp.Literal.string(fillchar)
    size = _int(_greatest(exp.Literal.number(width), _length(x)))
    if side == "left":
        return exp.Pad(this=x, expression=size, fill_pattern=fill, is_left=True)
    if side == "right":
        return exp.Pad(this=x, expression=size, fill_pattern=fill, is_left=False)
    # both: first pad the right side to width - left, then the left side to width
    margin: exp.Expression = exp.Sub(this=exp.Literal.number(width), expression=_length(x))
    if width % 2:
        margin = exp.Add(this=margin, expression=exp.Literal.number(1))
    half = exp.Floor(
        this=exp.Div(this=exp.paren(margin, copy=False), expression=exp.Literal.number(2))
    )
    right_size = _int(
        _greatest(exp.Sub(this=exp.Literal.number(width), expression=half), _length(x))
    )
    right = exp.Pad(this=x.copy(), expression=right_size, fill_pattern=fill, is_left=False)
    return exp.Pad(this=right, expression=size, fill_pattern=fill.copy(), is_left=True)


def zero_filled(x: exp.Expression, width: int) -> exp.Expression:
    """``x`` padded with zeros on the left to ``width``, after a leading '+'/'-', as pandas."""
    sign = exp.Substring(this=x.copy(), start=exp.Literal.number(1), length=exp.Literal.number(1))
    has_sign = exp.In(this=sign, expressions=[exp.Literal.string("+"), exp.Literal.string("-")])
    rest = exp.Substring(this=x.copy(), start=exp.Literal.number(2))
    signed = exp.DPipe(this=sign.copy(), expression=padded(rest, width - 1, "left", "0"), safe=True)
    return exp.Case(ifs=[exp.If(this=has_sign, true=signed)], default=padded(x, width, "left", "0"))
