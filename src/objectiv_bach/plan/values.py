"""Inline VALUES rendered once: the rows of a ``from_pandas`` frame are text made one time.

A small pandas frame (up to ``loading.MAX_INLINE_VALUES`` values) is inlined in the SQL as a
VALUES list. Every query on the frame contains that list; generating it again for each query
(copying thousands of literal expressions, walking them, printing them) cost 0.2-0.4 s per query
just below the limit. The renderer therefore puts a :class:`objectiv_bach.expressions.InlineValues`
in the FROM clause, holding a :class:`ValuesText`: one per :class:`ValuesSource` (cached by its
fingerprint), which owns the ``exp.Values`` and keeps its generated text per generator
configuration (dialect, pretty). The text is the one the generator would print in place.
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from objectiv_bach.plan.cache import NodeCache
from objectiv_bach.plan.naming import ident, unused_name
from objectiv_bach.plan.nodes import ValuesSource


class ValuesText:
    """The VALUES list of one :class:`ValuesSource` and its text per generator configuration.

    ``renders`` counts the generations (one per dialect and pretty setting).
    """

    __slots__ = ("_texts", "renders", "values")

    def __init__(self, values: exp.Values):
        exp.From(this=values)  # printed as a derived table: its parent is a FROM
        self.values = values
        self._texts: dict[tuple[Any, ...], str] = {}
        self.renders = 0

    def sql(self, generator: Any) -> str:
        """The text ``generator`` prints for the VALUES list (generated on first use)."""
        key = (type(generator), generator.pretty, generator.identify, generator.normalize)
        text = self._texts.get(key)
        if text is None:
            text = generator.sql(self.values)
            self._texts[key] = text
            self.renders += 1
        return text


_HOLDERS: NodeCache[ValuesText] = NodeCache(64)


def values_text(node: ValuesSource) -> ValuesText:
    """The (cached) :class:`ValuesText` of ``node``'s rows."""
    holder = _HOLDERS.get(node)
    if holder is None:
        values = exp.Values(
            expressions=[exp.Tuple(expressions=[v.copy() for v in row]) for row in node.rows],
            # the alias must differ from every column name: BigQuery resolves a name that is
            # both to the row (a STRUCT), not to the column
            alias=exp.TableAlias(
                this=ident(unused_name("_bach_values", node.columns)),
                columns=[ident(c) for c in node.columns],
            ),
        )
        holder = ValuesText(values)
        _HOLDERS.put(node, (), holder)
    return holder
