"""Hidden columns: Series a frame carries along without showing them.

A library that builds a frame (the model hub's sessionization, for example) sometimes has a
column its own later code can use but its users should not see: a cheaper key with the same
groups as a public column, say. :meth:`DataFrame.hide_columns` moves such columns out of sight.
They never appear in ``columns``, ``to_pandas()``, ``view_sql()`` or an export; the renderer drops
them from the SQL of every query that does not read them.

A hidden column is kept only while it provably still describes the frame's rows:

* through operations that keep the rows and their values: column selection, new columns,
  ``sort_values``, ``set_index`` / ``reset_index``, ``copy``, row filters with a bool Series,
  and ``materialize()`` (without ``distinct``); a column hidden with ``keep_on_filter=False``
  (one that describes the whole set of rows) is dropped by row filters and limits too;
* while every one of its *guards* (public columns named at ``hide_columns``) is unchanged: still
  present under its name, with the same expression over the same node. Replacing, renaming or
  dropping a guard drops the hidden column;
* never on a grouped frame, and never through operations that make other rows (aggregation,
  merge, append, ``drop_duplicates``, ``materialize(distinct=True)``, a temporary table ...).

Code that reads a hidden column must therefore treat it as optional: check
``name in df.hidden_columns`` and fall back to the public columns otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlglot import exp

from objectiv_bach.plan.naming import col, unused_name

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.plan.nodes import Node
    from objectiv_bach.series.base import Series


@dataclass(frozen=True)
class HiddenColumn:
    """One hidden column: its Series (over some node) and the guard columns it is tied to.

    ``guards`` pairs each guard column's name with its expression when the hidden column was
    made (or last moved to a new node); the column is valid only on a frame whose base node is
    the Series' node and whose guards still have those expressions.
    """

    series: Series
    guards: tuple[tuple[str, exp.Expression], ...]
    keep_on_filter: bool = True


def valid(frame: DataFrame) -> dict[str, HiddenColumn]:
    """The hidden columns of ``frame`` that still describe its rows (see the module doc)."""
    hidden: Mapping[str, HiddenColumn] = frame._hidden
    columns = frame.all_series
    if not hidden or frame._group_by is not None or any(s.is_aggregated for s in columns.values()):
        return {}
    result: dict[str, HiddenColumn] = {}
    for name, column in hidden.items():
        if column.series.base_node != frame._base_node:
            continue
        if all(
            g in columns
            and columns[g].base_node == frame._base_node
            and columns[g].expression == expression
            for g, expression in column.guards
        ):
            result[name] = column
    return result


def _kept(frame: DataFrame, other_rows: bool) -> dict[str, HiddenColumn]:
    return {n: c for n, c in valid(frame).items() if c.keep_on_filter or not other_rows}


def select_columns(frame: DataFrame, used: list[str], other_rows: bool) -> dict[str, Series]:
    """The hidden columns to keep as extra columns of a state select, under unused names.

    ``other_rows``: the select keeps only some of the rows (a filter, a limit).
    """
    extra: dict[str, Series] = {}
    for column in _kept(frame, other_rows).values():
        name = unused_name("__bach_hidden", [*used, *extra])
        extra[name] = column.series
    return extra


def rebase(
    before: DataFrame,
    after: DataFrame,
    node: Node,
    extra_columns: Mapping[str, str],
    other_rows: bool,
) -> dict[str, HiddenColumn]:
    """``before``'s valid hidden columns as plain columns of ``node``, ``after``'s base node.

    ``extra_columns`` maps each extra name of :func:`select_columns` to its SQL column in
    ``node``, in the order :func:`select_columns` gave them (same ``other_rows``).
    """
    moved: dict[str, HiddenColumn] = {}
    columns = after.all_series
    for (name, column), sql_name in zip(
        _kept(before, other_rows).items(), extra_columns.values(), strict=True
    ):
        if not all(g in columns for g, _ in column.guards):
            continue
        moved[name] = HiddenColumn(
            series=column.series.copy_override(
                base_node=node,
                expression=col(sql_name),
                index={},
                group_by=None,
                order_by=(),
                size=1,
            ),
            guards=tuple((g, columns[g].expression) for g, _ in column.guards),
            keep_on_filter=column.keep_on_filter,
        )
    return moved
