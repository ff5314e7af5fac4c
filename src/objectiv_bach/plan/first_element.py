"""Element 0 of a filtered JSON array read in a later step is computed where the array is built.

A step that builds ``filter(array, match)`` (:class:`~objectiv_bach.expressions.JsonArrayFilter`)
as a column, and a later step that reads only element 0 of that column (``col.json[0]``, as in
``df.application.context.id``), render as::

    WITH built AS (SELECT ..., <filter of array> AS c FROM ...)
    SELECT c -> 0 ->> 'id' FROM built

where the dialects cannot see that only the first match is wanted (PostgreSQL renders element 0
of a filter as a first-match subquery, ``LIMIT 1``, but only where both are in one expression):
every match of every row is aggregated into an array first. :func:`push_first_element` rewrites
the plan so that the building step also outputs ``<filter of array>[0]`` as a new column (named
``c_0``, or as the reader named it) and the readers read that column instead; ``c`` itself is then
unused and pruned by the renderer.

The rewrite moves one per-row expression from a consumer to its producer, evaluated on the same
row: it changes no result. It applies to a column ``c`` of a step ``P`` only when

* ``P`` is a ``Select`` that is not the root, not DISTINCT and not grouped (so adding a column
  changes neither its rows nor another step's view of them), and no ``UNION`` reads it;
* every use of ``c`` by every step reading ``P`` (in the columns those steps keep, their
  WHERE, GROUP BY, HAVING and ORDER BY) is ``c[0]`` (``JsonGetIndex`` with the literal index 0);
  a use in a join condition or a flattened array counts as another use, which blocks it;
* ``c`` is defined in ``P`` as a ``JsonArrayFilter`` (holding no window function or aggregate),
  or as a plain column of ``P``'s input that is, following such plain columns through steps of
  the same kind, defined as one. In the second case ``P`` gets ``c_0 = c'[0]`` over its input, and
  the step below ``P`` is rewritten in turn (the steps are visited from the root down), so the
  ``[0]`` reaches the step that builds the array; each step in between passes the new column
  through under one name.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.plan.naming import col, sql_column_name, unused_name
from objectiv_bach.plan.nodes import Flatten, Join, Node, Select, Union


def _first_of(e: exp.Expression, alias: str) -> str | None:
    """The column name ``n`` when ``e`` is ``<alias>.n[0]``, else None."""
    if not isinstance(e, bx.JsonGetIndex):
        return None
    index, this = e.args.get("index"), e.this
    if not (isinstance(index, exp.Literal) and not index.is_string and index.this == "0"):
        return None
    if isinstance(this, exp.Column) and not this.args.get("catalog") and not this.args.get("db"):
        if this.table == alias:
            return this.name
    return None


def _scan(expressions: list[exp.Expression], alias: str) -> tuple[Counter[str], set[str]]:
    """Uses of ``alias``'s columns in ``expressions``: as ``n[0]`` (counted), and any other."""
    firsts: Counter[str] = Counter()
    others: set[str] = set()
    stack = list(expressions)
    while stack:
        e = stack.pop()
        name = _first_of(e, alias)
        if name is not None:
            firsts[name] += 1
            continue
        if isinstance(e, exp.Column):
            if e.table == alias:
                others.add(e.name)
            continue
        stack.extend(e.iter_expressions())
    return firsts, others


def _rewrite(e: exp.Expression, alias: str, names: dict[str, str]) -> exp.Expression:
    """``e`` with each ``<alias>.c[0]`` of a ``c`` in ``names`` read as ``<alias>.names[c]``."""

    def swap(node: exp.Expression) -> exp.Expression:
        name = _first_of(node, alias)
        if name is not None and name in names:
            return col(names[name], alias or None).copy()
        return node

    if not any(name in names for name in _scan([e], alias)[0]):
        return e
    return e.transform(swap)  # copies: the plan's expressions are never mutated


#: who reads a node: (the Select, the alias its expressions use for the node, the join between)
Readers = dict[Node, list[tuple[Select, str, Join | None]]]


def plan_readers(order: list[Node]) -> tuple[Readers, set[Node]]:
    """The readers of each node of ``order``, and the nodes that are parts of a UNION."""
    readers: Readers = defaultdict(list)
    in_union: set[Node] = set()
    for node in order:
        if isinstance(node, Select):
            parent = node.parent
            if isinstance(parent, Join):
                readers[parent.left].append((node, "l", parent))
                readers[parent.right].append((node, "r", parent))
            else:
                readers[parent].append((node, "", None))
        elif isinstance(node, Union):
            in_union.update(node.parts)
    return readers, in_union


def _has_window_or_aggregate(e: exp.Expression) -> bool:
    return e.find(exp.Window, exp.AggFunc) is not None


@dataclasses.dataclass
class Step:
    """The parts of a Select while it is rewritten."""

    columns: list[tuple[str, exp.Expression]]
    where: exp.Expression | None
    having: exp.Expression | None
    group_by: tuple[exp.Expression, ...] | None
    order_by: tuple[exp.Ordered, ...]
    changed: bool = False

    @classmethod
    def of(cls, node: Select) -> Step:
        """The parts of ``node``, to be rewritten."""
        return cls(list(node.column_exprs), node.where, node.having, node.group_by, node.order_by)

    def inputs(self, kept: set[str] | None) -> list[exp.Expression]:
        """The expressions that read the input: the kept columns (all when None) and clauses."""
        out = [e for n, e in self.columns if kept is None or n in kept]
        out += [e for e in (self.where, self.having) if e is not None]
        out += list(self.group_by or ())
        out += list(self.order_by)
        return out

    def rewrite(self, alias: str, names: dict[str, str]) -> None:
        """Read each ``<alias>.c[0]`` of a ``c`` in ``names`` as the column ``names[c]``."""
        columns = [(n, _rewrite(e, alias, names)) for n, e in self.columns]
        where = None if self.where is None else _rewrite(self.where, alias, names)
        having = None if self.having is None else _rewrite(self.having, alias, names)
        group_by = None
        if self.group_by is not None:
            group_by = tuple(_rewrite(g, alias, names) for g in self.group_by)
        order_by = tuple(_rewrite(o, alias, names) for o in self.order_by)
        before = (self.columns, self.where, self.having, self.group_by, self.order_by)
        after = (columns, where, having, group_by, order_by)
        if any(
            x is not y
            for old, new in zip(before, after, strict=True)
            for x, y in zip(_flat(old), _flat(new), strict=True)
        ):
            self.columns, self.where, self.having = columns, where, having
            self.group_by = group_by
            self.order_by = order_by  # type: ignore[assignment]
            self.changed = True


def _flat(part: Any) -> list[Any]:
    """The expressions of one part of a step, for an identity comparison."""
    if part is None:
        return []
    if isinstance(part, list):
        return [e for _, e in part]
    if isinstance(part, tuple):
        return list(part)
    return [part]


def _may_grow(node: Node) -> bool:
    """Whether a column may be added to ``node`` without changing its rows."""
    return (
        isinstance(node, Select)
        and not node.distinct
        and node.group_by is None
        and node.having is None
    )


def _source(node: Select, table: str) -> Node | None:
    """The node a column of ``node``'s input qualified by ``table`` comes from."""
    parent = node.parent
    if isinstance(parent, Join):
        side = {"l": parent.left, "r": parent.right}.get(table)
        return None if isinstance(side, Flatten) else side
    return parent if table == "" else None


def push_first_element(order: list[Node]) -> Node:
    """The plan whose nodes, parents first, are ``order`` (the root last), with ``[0]`` pushed.

    See the module docstring for the rule and why it changes no result. Returns the root itself
    when nothing applies.
    """
    root = order[-1]
    if not any(
        isinstance(node, Select)
        and any(isinstance(e, bx.JsonArrayFilter) for _, e in node.column_exprs)
        for node in order
    ):
        return root

    readers, in_union = plan_readers(order)

    leads: dict[tuple[Node, str], bool] = {}
    definitions: dict[Node, dict[str, exp.Expression]] = {}

    def builds_filter(node: Node, name: str) -> bool:
        """Whether ``name`` of ``node`` is a filtered array, possibly through plain columns."""
        key = (node, name)
        if key not in leads:
            leads[key] = False  # (a plan is acyclic; this only guards the recursion)
            result = False
            if _may_grow(node):
                assert isinstance(node, Select)
                if node not in definitions:
                    definitions[node] = dict(node.column_exprs)
                definition = definitions[node].get(name)
                if isinstance(definition, bx.JsonArrayFilter):
                    result = not _has_window_or_aggregate(definition)
                elif isinstance(definition, exp.Column):
                    source = _source(node, definition.table)
                    result = source is not None and builds_filter(source, definition.name)
            leads[key] = result
        return leads[key]

    steps: dict[Node, Step] = {n: Step.of(n) for n in order if isinstance(n, Select)}
    needed: dict[Node, set[str] | None] = {}  # None: every column

    def read_expressions(
        reader: Select, alias: str, join: Join | None
    ) -> tuple[list[exp.Expression], list[exp.Expression]]:
        """What ``reader`` reads of the node it calls ``alias``: (its own, the join's).

        A join condition or a flattened array is not rewritten: any use there blocks the rule.
        """
        fixed: list[exp.Expression] = []
        if join is not None and join.on is not None:
            fixed.append(join.on)
        if join is not None and alias == "l" and isinstance(join.right, Flatten):
            fixed.append(join.right.array)
        return steps[reader].inputs(needed[reader]), fixed

    def fill_needed(node: Node) -> None:
        """The columns of ``node`` its readers use (after their rewrite)."""
        if node is root or node in in_union or (isinstance(node, Select) and node.distinct):
            needed[node] = None  # every column
            return
        used: set[str] = set()
        for reader, alias, join in readers[node]:
            own, fixed = read_expressions(reader, alias, join)
            for firsts, others in (_scan(own, alias), _scan(fixed, alias)):
                used.update(firsts)
                used.update(others)
        needed[node] = used

    for node in reversed(order):  # the readers of a node before the node
        if node is not root and node not in in_union and _may_grow(node):
            assert isinstance(node, Select)
            pushed = _push(node, readers[node], steps, needed, builds_filter, read_expressions)
            for reader, alias, _ in readers[node] if pushed else ():
                steps[reader].rewrite(alias, pushed)
        fill_needed(node)

    return rebuild_steps(order, steps)


def _push(
    node: Select,
    node_readers: list[tuple[Select, str, Join | None]],
    steps: dict[Node, Step],
    needed: dict[Node, set[str] | None],
    builds_filter: Callable[[Node, str], bool],
    read_expressions: Callable[
        [Select, str, Join | None], tuple[list[exp.Expression], list[exp.Expression]]
    ],
) -> dict[str, str]:
    """Add ``c[0]`` to ``node`` for each column ``c`` its readers use only so; ``{c: new name}``."""
    step = steps[node]
    candidates = [n for n, _ in step.columns if builds_filter(node, n)]
    if not candidates:
        return {}
    firsts: Counter[str] = Counter()
    others: set[str] = set()
    for reader, alias, join in node_readers:
        own, fixed = read_expressions(reader, alias, join)
        f, o = _scan(own, alias)
        firsts.update(f)
        others |= o
        f, o = _scan(fixed, alias)
        others |= o | set(f)
    taken = [n for n, _ in step.columns]
    definitions = dict(step.columns)
    pushed: dict[str, str] = {}
    for name in candidates:
        if firsts[name] == 0 or name in others:
            continue
        new = _preferred_name(name, node_readers, steps, needed, taken)
        taken.append(new)
        pushed[name] = new
        first = bx.JsonGetIndex(this=definitions[name].copy(), index=exp.Literal.number(0))
        # next to the column it reads, which is then pruned: the SQL keeps its column order
        at = [n for n, _ in step.columns].index(name) + 1
        step.columns.insert(at, (new, first))
        step.changed = True
    return pushed


def _preferred_name(
    name: str,
    node_readers: list[tuple[Select, str, Join | None]],
    steps: dict[Node, Step],
    needed: dict[Node, set[str] | None],
    taken: list[str],
) -> str:
    """The name of the new column ``name[0]``: the readers' one name for it, else ``<name>_0``.

    Reusing the name a reader gives ``name[0]`` as a whole column keeps that reader a plain
    pass-through of the new column (which the renderer then leaves out).
    """
    chosen = set()
    for reader, alias, _ in node_readers:
        kept = needed[reader]
        for column, e in steps[reader].columns:
            if (kept is None or column in kept) and _first_of(e, alias) == name:
                chosen.add(column)
    if len(chosen) == 1:
        (only,) = chosen
        if only not in taken:
            return only
    return sql_column_name(unused_name(f"{name}_0", taken))


def rebuild_steps(order: list[Node], steps: dict[Node, Step]) -> Node:
    """The plan with the rewritten steps, rebuilding only what changed and what reads it."""
    done: dict[Node, Node] = {}
    for node in order:
        changes: dict[str, Any] = {}
        if isinstance(node, Select):
            step = steps[node]
            if step.changed:
                changes.update(
                    column_exprs=tuple(step.columns),
                    where=step.where,
                    having=step.having,
                    group_by=step.group_by,
                    order_by=step.order_by,
                )
            if done.get(node.parent, node.parent) is not node.parent:
                changes["parent"] = done[node.parent]
        elif isinstance(node, Join):
            for side in ("left", "right"):
                old = getattr(node, side)
                if done.get(old, old) is not old:
                    changes[side] = done[old]
        elif isinstance(node, Union):
            parts = tuple(done.get(p, p) for p in node.parts)
            if any(p is not q for p, q in zip(parts, node.parts, strict=True)):
                changes["parts"] = parts
        done[node] = dataclasses.replace(node, **changes) if changes else node  # type: ignore[type-var]
    return done[order[-1]]
