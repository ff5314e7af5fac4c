"""Parse a dialect's SQL template once, fill its ``:name`` placeholders with expressions.

Render functions of the dialects use this for constructs that are long as builder calls
(correlated subqueries over JSON arrays). Templates are constants written in the dialect's own
SQL and parsed by sqlglot; values are inserted as expressions, never as text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import sqlglot
from sqlglot import exp


@functools.cache
def _parsed(sql: str, dialect: str) -> exp.Expr:
    return sqlglot.parse_one(sql, read=dialect)


def fill(sql: str, dialect: str, **values: exp.Expr) -> exp.Expr:
    """The parsed template with every ``:name`` replaced by a copy of ``values[name]``."""

    def replace(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder) and node.name in values:
            return values[node.name].copy()
        return node

    return _parsed(sql, dialect).transform(replace)  # transform copies the template


#: the element variable of the JSON-array templates
ELEMENT = exp.column("_bach_e")


def _bound(e: exp.Expression, name: str, default: exp.Expr | None) -> exp.Expr | None:
    """Bound ``name`` of a JsonArraySlice as a 0-based position.

    A negative literal becomes ``length + bound``.
    """
    from objectiv_bach import expressions as bx
    from objectiv_bach.dialects.base import literal_value

    node = e.args.get(name)
    if node is None:
        return default
    value = int(literal_value(node, f"JSON slice {name}"))
    if value >= 0:
        return exp.Literal.number(value)
    return exp.Add(
        this=bx.JsonArrayLength(this=e.this.copy()),
        expression=exp.Neg(this=exp.Literal.number(-value)),
    )


def template_values(e: exp.Expression, position: exp.Expr | None) -> dict[str, exp.Expr]:
    """The placeholders a JSON-array template of ``e`` uses.

    ``:arr`` always, and ``:cond`` (filter, slice from, slice by position), ``:item`` (contains),
    ``:lo``/``:hi`` (slice by position).
    """
    from objectiv_bach import expressions as bx
    from objectiv_bach.dialects.base import match_conditions

    values: dict[str, exp.Expr] = {"arr": e.this}
    if isinstance(e, (bx.JsonArrayFilter, bx.JsonArraySliceFrom)):
        values["cond"] = match_conditions(e.args["match"], ELEMENT)
    elif isinstance(e, bx.JsonArrayContains):
        values["item"] = e.args["item"]
    elif isinstance(e, bx.JsonArraySlice):
        length = bx.JsonArrayLength(this=e.this.copy())
        lo, hi = _bound(e, "start", None), _bound(e, "stop", None)
        values["lo"] = lo if lo is not None else exp.Literal.number(0)
        values["hi"] = hi if hi is not None else length
        if position is not None:
            tests: list[exp.Expression] = (
                [exp.GTE(this=position.copy(), expression=lo)] if lo is not None else []
            )
            if hi is not None:
                tests.append(exp.LT(this=position.copy(), expression=hi))
            values["cond"] = exp.and_(*tests) if tests else exp.true()
    return values


def renderer(
    sql: str, dialect: str, *, position: exp.Expr | None = None
) -> Callable[[Any, exp.Expression], str]:
    """A TRANSFORMS entry that renders one of our JSON-array functions with template ``sql``.

    ``position`` is the 0-based position of element ``_bach_e`` in the template (slices).
    """

    def render(self: Any, e: exp.Expression) -> str:
        return self.sql(fill(sql, dialect, **template_values(e, position)))

    return render


def operands_renderer(sql: str, dialect: str) -> Callable[[Any, exp.Expression], str]:
    """A TRANSFORMS entry rendering a two-operand function with template ``sql``.

    The operands are ``this`` and ``expression``; the template's placeholders are ``:a`` and ``:b``.
    """

    def render(self: Any, e: exp.Expression) -> str:
        return self.sql(fill(sql, dialect, a=e.this, b=e.expression))

    return render
