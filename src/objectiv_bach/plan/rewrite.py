"""Rewrite an immutable plan: find nodes, and replace nodes wherever they occur.

Nodes are never changed: a replacement rebuilds only the nodes on the paths from the root to
the replaced ones (each once, however many consumers it has) and shares everything else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from objectiv_bach.plan.nodes import Node
from objectiv_bach.plan.render import topological


def find_nodes(root: Node, predicate: Callable[[Node], bool]) -> list[Node]:
    """The nodes of the plan of ``root`` (``root`` included) for which ``predicate`` is true.

    Parents come before the nodes that read them; structurally equal nodes are listed once.

    Examples
    --------
    >>> from sqlglot import exp
    >>> from objectiv_bach.plan.nodes import Select, TableSource
    >>> from objectiv_bach.plan.naming import col
    >>> table = TableSource(table=exp.to_table('t'), column_names=('a',))
    >>> top = Select(parent=table, column_exprs=(('a', col('a')),))
    >>> [type(n).__name__ for n in find_nodes(top, lambda n: True)]
    ['TableSource', 'Select']
    """
    return [node for node in topological(root) if predicate(node)]


def replace_nodes(root: Node, replacements: Mapping[Node, Node]) -> Node:
    """The plan of ``root`` with every occurrence of each key of ``replacements`` replaced.

    A replacement must have the columns of the node it replaces (the expressions of the nodes
    above refer to columns by name). The nodes below a replaced node are not visited further
    than the plan itself reaches them; the replacement's own plan is taken as it is.

    Examples
    --------
    >>> from sqlglot import exp
    >>> from objectiv_bach.plan.nodes import Select, TableSource
    >>> from objectiv_bach.plan.naming import col
    >>> old = TableSource(table=exp.to_table('sample'), column_names=('a',))
    >>> new = TableSource(table=exp.to_table('full_data'), column_names=('a',))
    >>> top = Select(parent=old, column_exprs=(('a', col('a')),))
    >>> replace_nodes(top, {old: new}).parent.table.name
    'full_data'
    """
    done: dict[Node, Node] = {}
    for node in topological(root):
        if node in replacements:
            done[node] = replacements[node]
            continue
        changes: dict[str, Any] = {}
        for field in dataclasses.fields(node):
            if not field.init:
                continue
            value = getattr(node, field.name)
            if isinstance(value, Node):
                new = done.get(value, value)
                if new is not value:
                    changes[field.name] = new
            elif isinstance(value, tuple) and value and all(isinstance(v, Node) for v in value):
                parts = tuple(done.get(v, v) for v in value)
                if any(p is not v for p, v in zip(parts, value, strict=True)):
                    changes[field.name] = parts
        done[node] = dataclasses.replace(node, **changes) if changes else node  # type: ignore[type-var]
    return done[root] if root in done else root
