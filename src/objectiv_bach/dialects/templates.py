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


def _values(e: exp.Expression, object_function: str) -> dict[str, exp.Expr]:
    """The placeholders a JSON-array template of ``e`` uses.

    ``:arr`` always, and ``:cond`` (filter, slice), ``:item`` (contains) or ``:obj`` (project).
    """
    from objectiv_bach import expressions as bx
    from objectiv_bach.dialects.base import match_conditions

    values: dict[str, exp.Expr] = {"arr": e.this}
    if isinstance(e, bx.JsonArrayFilter):
        values["cond"] = exp.EQ(this=bx.JsonGetKeyText(this=ELEMENT.copy(), key=e.args["key"]),
                                expression=e.args["value"])
    elif isinstance(e, bx.JsonArraySliceFrom):
        values["cond"] = match_conditions(e.args["match"], ELEMENT)
    elif isinstance(e, bx.JsonArrayContains):
        values["item"] = e.args["item"]
    elif isinstance(e, bx.JsonArrayProject):
        pairs: list[exp.Expression] = []
        for key in e.args["keys"].expressions:
            pairs += [key.copy(), bx.JsonGetKey(this=ELEMENT.copy(), key=key.copy())]
        values["obj"] = exp.func(object_function, *pairs)
    return values


def renderer(sql: str, dialect: str, *, object_function: str = "JSON_OBJECT"
             ) -> Callable[[Any, exp.Expression], str]:
    """A TRANSFORMS entry that renders one of our JSON-array functions with template ``sql``."""

    def render(self: Any, e: exp.Expression) -> str:
        return self.sql(fill(sql, dialect, **_values(e, object_function)))

    return render
