"""Parse a dialect's SQL template once, fill its ``:name`` placeholders with expressions.

Render functions of the dialects use this for constructs that are long as builder calls
(correlated subqueries over JSON arrays). Templates are constants written in the dialect's own
SQL and parsed by sqlglot; values are inserted as expressions, never as text.
"""

from __future__ import annotations

import functools

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
