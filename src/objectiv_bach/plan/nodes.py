"""Immutable relation nodes: the plan that DataFrames build and the renderer turns into SQL.

A node refers to its parents *by node*; column expressions (small sqlglot trees) refer only to
columns of the node's parent(s), by SQL column name. Nodes are frozen, hashable and compare
structurally. The hash is computed once, at construction, from the node's own fields and its
parents' (already computed) hashes, so building a step costs O(size of that step), however long
the chain before it.

Expressions held by nodes are never mutated: the renderer copies what it emits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

#: steps the expression-size guard starts (``plan.measure``): they render as ``MATERIALIZED``
#: CTEs, so that an engine that inlines single-use CTEs (PostgreSQL) does not paste the split
#: expression back into its consumer, which would grow exponentially again
GUARD_STEPS = frozenset({"deep_expression", "large_expression"})


class Fingerprint:
    """The structure of a node without the node objects: what caches key on.

    Equal for structurally equal nodes (the node's own fields, with each parent replaced by the
    parent's fingerprint), built once per node in O(its own fields). It holds no node, so a
    cache keyed by it does not keep a plan alive, nor the registered pandas frame a
    :class:`RegisteredSource` holds (its ``keepalive`` is no part of the key).
    """

    __slots__ = ("_hash", "key")

    def __init__(self, key: tuple[Any, ...], hash_: int):
        self.key = key
        self._hash = hash_

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Fingerprint) or other._hash != self._hash:
            return False
        return self.key == other.key


def _without_nodes(value: Any) -> Any:
    if isinstance(value, Node):
        return value._fingerprint
    if type(value) is tuple and any(isinstance(v, Node) for v in value):
        return tuple(_without_nodes(v) for v in value)
    return value


@dataclass(frozen=True, eq=False, slots=True)
class Node:
    """An immutable plan node: a relation with named columns.

    Nodes are frozen dataclasses with structural equality and a cached hash; a node refers to its
    parents by node. The subclasses are the sources, ``Select``, ``Join`` and ``Union``.
    """

    _hash: int = field(init=False, repr=False, compare=False)
    _fingerprint: Fingerprint = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = self._key()
        object.__setattr__(self, "_hash", hash((type(self).__name__, key)))
        pin_free = (type(self).__name__, tuple(_without_nodes(k) for k in key))
        object.__setattr__(self, "_fingerprint", Fingerprint(pin_free, self._hash))

    @property
    def fingerprint(self) -> Fingerprint:
        """A cache key equal for equal nodes that refers to no node (see :class:`Fingerprint`)."""
        return self._fingerprint

    def _key(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self) or hash(other) != self._hash:
            return False
        return self._key() == other._key()  # type: ignore[attr-defined]

    @property
    def parents(self) -> tuple[Node, ...]:
        """The nodes this node reads from (none for a source)."""
        return ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Names of the output columns (SQL names)."""
        raise NotImplementedError


@dataclass(frozen=True, eq=False, slots=True)
class TableSource(Node):
    """An existing table (or temp table). ``table`` is the fully qualified sqlglot Table."""

    table: exp.Table
    column_names: tuple[str, ...]

    def _key(self) -> tuple[Any, ...]:
        return (self.table, self.column_names)

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's column names."""
        return self.column_names


@dataclass(frozen=True, eq=False, slots=True)
class RegisteredSource(TableSource):
    """Data that exists only on one connection: a pandas frame registered as an Arrow view.

    ``from_pandas`` on DuckDB registers the frame's Arrow table under a unique name
    (``loaded_data__bach_1f0c3a9e5b7d``): the SQL reads it like a table, but the name means
    something only to that connection (``engine_name`` is its dialect). Rendering the plan for
    another dialect raises (:func:`objectiv_bach.plan.render.check_portable`). ``keepalive``
    holds the registration: when the last node referring to it is gone, the view is dropped.
    """

    engine_name: str = ""
    keepalive: Any = field(default=None, compare=False, repr=False)

    def _key(self) -> tuple[Any, ...]:
        return (self.table, self.column_names, self.engine_name)


@dataclass(frozen=True, eq=False, slots=True)
class ValuesSource(Node):
    """Inline rows (``from_pandas(materialization='cte')``).

    ``rows`` hold literal expressions (strings, numbers, booleans, NULL), one tuple per row;
    ``casts`` turns each raw column into its dtype (an expression over a column of the same name).
    """

    name: str
    column_names: tuple[str, ...]
    rows: tuple[tuple[exp.Expression, ...], ...]
    casts: tuple[exp.Expression, ...]

    def _key(self) -> tuple[Any, ...]:
        return (self.name, self.column_names, self.rows, self.casts)

    @property
    def columns(self) -> tuple[str, ...]:
        """The names of the inline columns."""
        return self.column_names


@dataclass(frozen=True, eq=False, slots=True)
class Select(Node):
    """``SELECT [DISTINCT] columns FROM parent [WHERE] [GROUP BY] [HAVING] [ORDER BY] [LIMIT]``.

    ``parent`` may be a :class:`Join`, whose sides the expressions address as ``l`` and ``r``.
    """

    parent: Node
    column_exprs: tuple[tuple[str, exp.Expression], ...]
    where: exp.Expression | None = None
    group_by: tuple[exp.Expression, ...] | None = None
    having: exp.Expression | None = None
    order_by: tuple[exp.Ordered, ...] = ()
    limit: int | None = None
    offset: int | None = None
    distinct: bool = False
    name: str | None = None
    step: str = "step"

    def _key(self) -> tuple[Any, ...]:
        return (
            self.parent,
            self.column_exprs,
            self.where,
            self.group_by,
            self.having,
            self.order_by,
            self.limit,
            self.offset,
            self.distinct,
            self.name,
            self.step,
        )

    @property
    def parents(self) -> tuple[Node, ...]:
        """The one node this SELECT reads from."""
        return (self.parent,)

    @property
    def columns(self) -> tuple[str, ...]:
        """The names of the selected columns, in order."""
        return tuple(name for name, _ in self.column_exprs)


@dataclass(frozen=True, eq=False, slots=True)
class Join(Node):
    """``left AS l <how> JOIN right AS r ON on``; only ever the parent of a :class:`Select`.

    ``right_unique`` promises that no left row matches more than one right row (the merge was
    declared many-to-one): a LEFT join whose right columns nobody uses is then left out.
    """

    left: Node
    right: Node
    how: str
    on: exp.Expression | None
    right_unique: bool = False

    def _key(self) -> tuple[Any, ...]:
        return (self.left, self.right, self.how, self.on, self.right_unique)

    @property
    def parents(self) -> tuple[Node, ...]:
        """The left and the right node."""
        return (self.left, self.right)

    @property
    def columns(self) -> tuple[str, ...]:
        """No columns of its own: a Select on top names the columns it takes."""
        return ()


@dataclass(frozen=True, eq=False, slots=True)
class Flatten(Node):
    """The elements of a JSON array, as the right side of a CROSS :class:`Join` (a lateral unnest).

    ``array`` refers to a column of the join's left side (``l.<name>``); each left row gives one
    row per element, with the columns :data:`FLATTEN_ITEM` (the element, JSON) and
    :data:`FLATTEN_ORDINAL` (read through ``expressions.FlattenOffset``). Rendered inline in the
    FROM clause (``expressions.JsonArrayElements``), never as a CTE.
    """

    array: exp.Expression

    def _key(self) -> tuple[Any, ...]:
        return (self.array,)

    @property
    def columns(self) -> tuple[str, ...]:
        """The element and its ordinal (referenced unqualified)."""
        return (FLATTEN_ITEM, FLATTEN_ORDINAL)


#: the column names a :class:`Flatten` gives its elements and their ordinals
FLATTEN_ITEM = "_bach_item"
FLATTEN_ORDINAL = "_bach_ord"


@dataclass(frozen=True, eq=False, slots=True)
class Union(Node):
    """``part UNION ALL part ...``; parts have the same columns in the same order."""

    parts: tuple[Node, ...]
    distinct: bool = False

    def _key(self) -> tuple[Any, ...]:
        return (self.parts, self.distinct)

    @property
    def parents(self) -> tuple[Node, ...]:
        """The nodes whose rows are combined."""
        return self.parts

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names of the first part (all parts have the same)."""
        return self.parts[0].columns


@dataclass(frozen=True, eq=False, slots=True)
class SampledTable(TableSource):
    """A table written by ``DataFrame.get_sample``; renders as the table.

    ``previous`` is the node the sample was taken from. It is not a parent (the SQL reads only
    the table); ``get_unsampled`` puts it back in place of this node
    (:func:`objectiv_bach.plan.rewrite.replace_nodes`).
    """

    previous: Node

    def _key(self) -> tuple[Any, ...]:
        return (self.table, self.column_names, self.previous)


@dataclass(frozen=True, eq=False, slots=True)
class QuerySource(Node):
    """A SQL query given by the user (``DataFrame.from_model``), as one CTE named ``name``.

    ``query`` is a sqlglot query (parsed in the engine's dialect); ``column_names`` are its
    output columns, in order.
    """

    name: str
    query: exp.Query
    column_names: tuple[str, ...]

    def _key(self) -> tuple[Any, ...]:
        return (self.name, self.query, self.column_names)

    @property
    def columns(self) -> tuple[str, ...]:
        """The query's output columns."""
        return self.column_names
