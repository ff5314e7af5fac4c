"""Render a plan once into linear SQL: ``WITH <cte>, ... SELECT ...``.

* Every node is visited once. Each Select, Values and Union node below the root becomes exactly
  one named CTE, however many consumers it has, so the SQL grows linearly with the plan, whatever
  its shape (a frame aggregated and joined back to itself N times gives N CTEs, not 2**N copies).
* Tables are referenced directly; a Join is rendered in the FROM clause of its one Select.
* Columns nobody downstream uses are pruned (except under DISTINCT and in UNION parts, where
  they change the result).
* CTE names are the user's ``materialize(node_name=...)`` names, else the step kind, numbered in
  order from the sources: stable for the same plan.
* Element 0 of a filtered JSON array that later steps read only so is computed where the array
  is built (:mod:`objectiv_bach.plan.first_element`).
* A per-row column that window steps (or, in a plan with a subquery, plain steps) only pass
  along is computed after the filter that follows them (:mod:`objectiv_bach.plan.defer`).
"""

from __future__ import annotations

import typing
from collections import defaultdict
from typing import TypeGuard

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import UnsupportedOperationError
from objectiv_bach.plan.cache import node_cached
from objectiv_bach.plan.defer import defer_row_local
from objectiv_bach.plan.first_element import push_first_element
from objectiv_bach.plan.naming import cte_stem, ident
from objectiv_bach.plan.nodes import (
    GUARD_STEPS,
    Flatten,
    Join,
    Node,
    QuerySource,
    RegisteredSource,
    Select,
    TableSource,
    Union,
    ValuesSource,
)
from objectiv_bach.plan.values import values_text


def topological(root: Node) -> list[Node]:
    """All nodes reachable from ``root``, parents before children (iterative: no recursion limit)."""
    order: list[Node] = []
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for parent in reversed(node.parents):
            if id(parent) not in seen:
                stack.append((parent, False))
    # structurally equal but distinct objects are one node
    unique: dict[Node, None] = {}
    for node in order:
        unique.setdefault(node)
    return list(unique)


def _referenced(expressions: list[exp.Expression]) -> list[tuple[str | None, str]]:
    refs = []
    for expression in expressions:
        for column in expression.find_all(exp.Column):
            refs.append((column.table or None, column.name))
    return refs


def _select_inputs(node: Select, kept: list[tuple[str, exp.Expression]]) -> list[exp.Expression]:
    exprs = [e for _, e in kept]
    for extra in (node.where, node.having):
        if extra is not None:
            exprs.append(extra)
    exprs.extend(node.group_by or ())
    exprs.extend(node.order_by)
    return exprs


def dropped_join(node: Select, kept: list[tuple[str, exp.Expression]]) -> bool:
    """Whether ``node``'s LEFT join can be left out of the SQL.

    True when ``node`` reads a LEFT join to a unique right side but uses none of its columns:
    the join cannot change the rows.
    """
    join = node.parent
    if not isinstance(join, Join) or join.how != "left" or not join.right_unique:
        return False
    return all(table != "r" for table, _ in _referenced(_select_inputs(node, kept)))


def _prune(order: list[Node]) -> tuple[dict[Node, list[str]], set[Node]]:
    """Which columns each node must output, and which nodes the result needs at all."""
    required: dict[Node, set[str]] = defaultdict(set)
    root = order[-1]
    required[root] = set(root.columns)
    live: set[Node] = {root}
    kept_columns: dict[Node, list[str]] = {}
    for node in reversed(order):
        if node not in live:
            continue
        need = required[node]
        if isinstance(node, Select):
            if node.distinct or node is root:
                kept = list(node.column_exprs)
            else:
                kept = [(n, e) for n, e in node.column_exprs if n in need] or [node.column_exprs[0]]
            kept_columns[node] = [n for n, _ in kept]
            refs = _referenced(_select_inputs(node, kept))
            if isinstance(node.parent, Join) and dropped_join(node, kept):
                join = node.parent
                live.update((join, join.left))
                required[join.left].update(name for _, name in refs)
            elif isinstance(node.parent, Join):
                join = node.parent
                live.update((join, join.left, join.right))
                if join.on is not None:
                    refs += _referenced([join.on])
                if isinstance(join.right, Flatten):
                    refs += _referenced([join.right.array])
                for table, name in refs:
                    required[join.left if table == "l" else join.right].add(name)
            else:
                live.add(node.parent)
                required[node.parent].update(name for _, name in refs)
        elif isinstance(node, Union):
            kept_columns[node] = list(node.columns)
            live.update(node.parts)
            for part in node.parts:
                required[part].update(part.columns)
        elif isinstance(node, ValuesSource):
            kept_columns[node] = [c for c in node.columns if c in need] or [node.columns[0]]
        elif isinstance(node, QuerySource):
            kept_columns[node] = list(node.columns)
    return kept_columns, live


class _Renderer:
    def __init__(
        self,
        order: list[Node],
        pruned: tuple[dict[Node, list[str]], set[Node]] | None = None,
    ):
        """Render the plan whose nodes, parents first, are ``order`` (``pruned``: its _prune)."""
        self.root = order[-1]
        self.kept, live = pruned if pruned is not None else _prune(order)
        self.order = [node for node in order if node in live]
        # Steps that only pass their parent's columns through (after pruning) are not emitted:
        # their consumers read the parent directly. A user-named pass-through step over an
        # unnamed step used only by it gives that step its name instead.
        consumers: dict[Node, int] = defaultdict(int)
        for node in self.order:
            for parent in node.parents:
                consumers[parent] += 1
        self.elided: dict[Node, Node] = {}
        self.renamed: dict[Node, str] = {}
        for node in self.order:
            if node is self.root or not self._passes_through(node):
                continue
            parent = self._read_parent(node)
            if (
                node.name is not None
                and isinstance(parent, Select)
                and parent.name is None
                and parent not in self.elided
                and consumers[parent] == 1
            ):
                self.renamed[parent] = node.name
            self.elided[node] = self.elided.get(parent, parent)
        self.names: dict[Node, str] = {}
        used: dict[str, int] = {}
        # a CTE must not take a name that the SQL already uses for something else: a table
        # referenced without qualification (it would be shadowed), or another CTE ('filtered_2'
        # named by the user and the second 'filtered' step)
        taken = {
            node.table.name.lower()
            for node in self.order
            if isinstance(node, TableSource) and not node.table.args.get("db")
        }
        for node in self.order:
            if (
                node is self.root
                or isinstance(node, (TableSource, Join, Flatten))
                or node in self.elided
            ):
                continue
            if isinstance(node, Select):
                stem = cte_stem(self.renamed.get(node) or node.name or node.step)
            elif isinstance(node, (ValuesSource, QuerySource)):
                stem = cte_stem(node.name)
            else:
                stem = "union_all"
            used[stem] = used.get(stem, 0) + 1
            first_user_named = used[stem] == 1 and (
                node_has_user_name(node)
                or isinstance(node, (ValuesSource, QuerySource))
                or node in self.renamed
            )
            name = stem if first_user_named else f"{stem}_{used[stem]}"
            while name in taken:
                used[stem] += 1
                name = f"{stem}_{used[stem]}"
            taken.add(name)
            self.names[node] = name

    def _passes_through(self, node: Node) -> TypeGuard[Select]:
        if not isinstance(node, Select):
            return False
        if (
            node.where is not None
            or node.group_by is not None
            or node.having is not None
            or node.order_by
            or node.limit is not None
            or node.offset
            or node.distinct
        ):
            return False
        kept = [(n, e) for n, e in node.column_exprs if n in set(self.kept[node])]
        table = ""
        if isinstance(node.parent, Join):
            if not dropped_join(node, kept):
                return False
            table = "l"
        return all(
            isinstance(e, exp.Column) and e.table == table and e.name == name for name, e in kept
        )

    def _read_parent(self, node: Select) -> Node:
        """The node a pass-through step reads (the left side of a dropped join)."""
        return node.parent.left if isinstance(node.parent, Join) else node.parent

    def source(self, node: Node) -> exp.Expression:
        node = self.elided.get(node, node)
        if isinstance(node, TableSource):
            return node.table.copy()
        return exp.Table(this=ident(self.names[node]))

    def from_(self, node: Select) -> tuple[exp.Expr, list[exp.Join]]:
        parent = node.parent
        if not isinstance(parent, Join):
            return self.source(parent), []
        if dropped_join(node, [(n, e) for n, e in node.column_exprs if n in self.kept[node]]):
            return exp.alias_(self.source(parent.left), "l", table=True), []
        left = exp.alias_(self.source(parent.left), "l", table=True)
        if isinstance(parent.right, Flatten):  # a lateral unnest, written out by each dialect
            flat = exp.Join(this=bx.JsonArrayElements(this=parent.right.array.copy()))
            flat.set("kind", "CROSS")
            return left, [flat]
        right = exp.alias_(self.source(parent.right), "r", table=True)
        kind = {
            "inner": ("", "JOIN"),
            "left": ("LEFT", "JOIN"),
            "right": ("RIGHT", "JOIN"),
            "outer": ("FULL", "JOIN"),
            "cross": ("CROSS", "JOIN"),
        }[parent.how]
        join = exp.Join(this=right, on=parent.on.copy() if parent.on is not None else None)
        if kind[0] == "CROSS":
            join.set("kind", "CROSS")
        elif kind[0]:
            join.set("side", kind[0])
            if kind[0] == "FULL":
                join.set("kind", "OUTER")
        return left, [join]

    def select(self, node: Node) -> exp.Query:
        if isinstance(node, Select):
            return self._select(node)
        if isinstance(node, ValuesSource):
            return self._values(node)
        if isinstance(node, QuerySource):
            return node.query.copy()
        if isinstance(node, Union):
            # the columns by name: a part may be elided into a parent with more columns
            parts = [
                exp.select(*(ident(c) for c in p.columns)).from_(self.source(p)) for p in node.parts
            ]
            query: exp.Query = parts[0]
            for part in parts[1:]:
                query = exp.union(query, part, distinct=node.distinct)
            return query
        raise TypeError(node)

    def _select(self, node: Select) -> exp.Select:
        keep = set(self.kept[node])
        projections: list[exp.Expression] = []
        for name, expression in node.column_exprs:
            if name not in keep:
                continue
            if isinstance(expression, exp.Column) and expression.name == name:
                projections.append(expression.copy())
            else:
                projections.append(exp.Alias(this=expression.copy(), alias=ident(name)))
        group_by = [g.copy() for g in node.group_by] if node.group_by else []
        having = node.having.copy() if node.having is not None else None
        if group_by:
            group_by, having = without_constant_keys(group_by, having)
        order_by = [o.copy() for o in node.order_by]
        cheap = cheap_group_keys(group_by)
        if cheap:
            swap = {k: v for k, (_, v) in cheap.items()}
            # a key that only contains a formatted key (e.g. a difference of two formatted
            # years) formats the truncated value too, as the projections will
            group_by = [cheap[g][0] if g in cheap else _replace(g, swap) for g in group_by]
            projections = [_replace(p, swap) for p in projections]
            having = _replace(having, swap) if having is not None else None
            order_by = [typing.cast(exp.Ordered, _replace(o, swap)) for o in order_by]
        from_, joins = self.from_(node)
        if order_by and not joins and node.parents:
            order_by = _order_by_input_columns(
                order_by, projections, from_, _input_names(node.parents[0])
            )
        query = exp.Select(expressions=projections).from_(from_, copy=False)
        for join in joins:
            query.append("joins", join)
        if node.distinct:
            query.set("distinct", exp.Distinct())
        if node.where is not None:
            query = query.where(node.where.copy(), copy=False)
        if group_by:
            query = query.group_by(*group_by, copy=False)
        if having is not None:
            query = query.having(having, copy=False)
        if order_by:
            query = query.order_by(*order_by, copy=False)
        if node.limit is not None:
            query = query.limit(node.limit, copy=False)
        if node.offset:
            query = query.offset(node.offset, copy=False)
        return query

    def _values(self, node: ValuesSource) -> exp.Select:
        keep = set(self.kept[node])
        projections = [
            exp.Alias(this=cast.copy(), alias=ident(name))
            for name, cast in zip(node.columns, node.casts, strict=True)
            if name in keep
        ]
        if not node.rows:
            return exp.Select(expressions=projections).where(exp.false(), copy=False)
        # the rows are generated once per dialect and reused by every query (plan.values)
        rows = bx.InlineValues(this=values_text(node))
        return exp.Select(expressions=projections).from_(rows, copy=False)

    def render(self) -> exp.Query:
        query = self.select(self.root)
        for node in self.order:
            if node in self.names:
                fence = isinstance(node, Select) and node.step in GUARD_STEPS
                query = query.with_(
                    self.names[node],
                    as_=self.select(node),
                    copy=False,
                    materialized=True if fence else None,
                )
        return query


#: the parts of a constant group key: a literal, NULL, a cast or sign of them
_CONSTANT_PARTS: tuple[type[exp.Expression], ...] = (
    exp.Literal,
    exp.Null,
    exp.Boolean,
    exp.Cast,
    exp.DataType,
    exp.DataTypeParam,
    exp.Paren,
    exp.Neg,
)


def is_constant(expression: exp.Expression) -> bool:
    """Whether ``expression`` has the same value on every row: literals, NULL, their casts.

    A variable's placeholder counts too: it is bound to a literal before rendering.
    """
    from objectiv_bach.variables import VariablePlaceholder

    return all(
        isinstance(part, _CONSTANT_PARTS)
        or isinstance(part, VariablePlaceholder)
        or isinstance(part.parent, VariablePlaceholder)
        for part in expression.walk()
    )


def without_constant_keys(
    group_by: list[exp.Expression], having: exp.Expression | None
) -> tuple[list[exp.Expression], exp.Expression | None]:
    """Group keys without the constants, and the HAVING that keeps the groups the same.

    A bare integer literal in ``GROUP BY`` is a column position in DuckDB, PostgreSQL and
    BigQuery (``GROUP BY 0`` is an error, ``GROUP BY 2`` groups by the second column);
    PostgreSQL refuses other constant literals there and GoogleSQL any literal. A constant key
    does not split any group, so it is left out; when every key is constant the query
    aggregates all rows (no GROUP BY) with ``HAVING COUNT(*) > 0``, which, as grouping, gives
    one row for rows and none for an empty input. Keys under CUBE, ROLLUP or GROUPING SETS
    are kept as they are.
    """
    kept = [g for g in group_by if not is_constant(g)]
    if len(kept) == len(group_by):
        return group_by, having
    if kept:
        return kept, having
    some_rows = exp.GT(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(0))
    if having is None:
        return [], some_rows
    return [], typing.cast(exp.Expression, exp.and_(having, some_rows, copy=False))


#: strftime codes -> the unit a timestamp can be truncated to before formatting with them,
#: finest first: the format must hold all the ``required`` codes (so that it tells the
#: truncated values apart) and no code outside ``required`` and ``derived`` (so that formatting
#: the truncated value gives the same text)
_FORMAT_UNITS: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    ("second", frozenset("YmdHMS"), frozenset("yabABjwup")),
    ("minute", frozenset("YmdHM"), frozenset("yabABjwup")),
    ("hour", frozenset("YmdH"), frozenset("yabABjwup")),
    ("day", frozenset("Ymd"), frozenset("yabABjwu")),
    ("month", frozenset("Ym"), frozenset("ybB")),
    ("year", frozenset("Y"), frozenset("y")),
)


def truncation_unit(fmt: str) -> str | None:
    """The unit to truncate timestamps to before grouping on their ``fmt`` text, or None.

    ``'%Y-%m-%d'`` is 'day': two timestamps have the same text exactly when they have the same
    day, so grouping on the day and formatting each group gives the same groups. ``'%d'``
    (days of different months share it) and ``'%Y-%V'`` (ISO weeks) give None.
    """
    codes: set[str] = set()
    i = 0
    while i < len(fmt):
        if fmt[i] == "%":
            if i + 1 >= len(fmt):
                return None
            if fmt[i + 1] != "%":
                codes.add(fmt[i + 1])
            i += 2
        else:
            i += 1
    for unit, required, derived in _FORMAT_UNITS:
        if required <= codes and codes <= required | derived:
            return unit
    return None


def cheap_group_keys(
    group_by: list[exp.Expression],
) -> dict[exp.Expression, tuple[exp.Expression, exp.Expression]]:
    """Group keys that format a timestamp, mapped to (a cheaper key, the text from that key).

    ``GROUP BY STRFTIME(moment, '%Y-%m-%d')`` formats every row before it hashes a string;
    grouping on the day of ``moment`` gives the same groups (see
    :func:`truncation_unit`), and the SELECT formats only the groups. Not under grouping
    sets, cube or rollup.
    """
    if any(isinstance(g, (exp.Cube, exp.Rollup, exp.GroupingSets)) for g in group_by):
        return {}
    out: dict[exp.Expression, tuple[exp.Expression, exp.Expression]] = {}
    for key in group_by:
        if not isinstance(key, bx.Strftime):
            continue
        fmt = key.args["format"]
        unit = truncation_unit(fmt.this) if isinstance(fmt, exp.Literal) and fmt.is_string else None
        if unit is None:
            continue
        truncated = bx.TruncatedGroupKey(this=key.this.copy(), unit=exp.Literal.string(unit))
        out[key] = (truncated, bx.Strftime(this=truncated.copy(), format=fmt.copy()))
    return out


def group_on_formatted_keys(select: exp.Select) -> exp.Select:
    """Undo :func:`cheap_group_keys` in a rendered SELECT (a copy), for engines that need it.

    GoogleSQL refuses ``SELECT FORMAT(TRUNC(t)) ... GROUP BY TRUNC(t)`` (an expression of a
    group key); grouping on the formatted text is the same grouping (see
    :func:`truncation_unit`).
    """
    group = select.args.get("group")
    if group is None:
        return select
    keys = list(group.expressions)
    formatted: dict[exp.Expression, exp.Expression] = {}  # truncated key -> formatted key
    for projection in select.expressions:
        for found in projection.find_all(bx.Strftime):
            key = found.this
            fmt = found.args["format"]
            if (
                isinstance(key, bx.DateTruncTo)
                and key in keys
                and isinstance(fmt, exp.Literal)
                and truncation_unit(fmt.this) == key.args["unit"].this
            ):
                formatted[key] = bx.Strftime(this=key.this.copy(), format=fmt.copy())
    if not formatted:
        return select
    select = select.copy()
    swap: dict[exp.Expression, exp.Expression] = {
        bx.Strftime(this=k.copy(), format=v.args["format"].copy()): v for k, v in formatted.items()
    }
    select.set(
        "group",
        exp.Group(
            expressions=[
                formatted[k].copy() if k in formatted else _replace(k.copy(), swap) for k in keys
            ]
        ),
    )
    select.set("expressions", [_replace(p, swap) for p in select.expressions])
    for arg in ("having", "order"):
        if select.args.get(arg) is not None:
            select.set(arg, _replace(select.args[arg], swap))
    return select


def _replace(
    expression: exp.Expression, swap: dict[exp.Expression, exp.Expression]
) -> exp.Expression:
    return expression.transform(lambda e: swap[e].copy() if e in swap else e, copy=False)


def node_has_user_name(node: Node) -> bool:
    """Whether ``node`` was named by the user (``materialize(node_name=...)``)."""
    return isinstance(node, Select) and node.name is not None


def _input_names(node: Node) -> set[str]:
    if isinstance(node, Join):
        return set(node.left.columns) | set(node.right.columns)
    return set(node.columns)


def fold_root(root: Node) -> Node:
    """Merge a final pass-through projection into its parent step.

    ``WITH ..., last AS (SELECT ... WHERE ...) SELECT a, b FROM last ORDER BY a`` becomes
    ``WITH ... SELECT ... WHERE ... ORDER BY a`` when that is the same query: the root only
    selects some of the parent's columns under their own names and adds ORDER BY/LIMIT, the
    parent is used only by the root, was not named by the user, and has no ORDER BY, LIMIT or
    DISTINCT of its own. Sort keys must name columns unambiguously (an output name that is
    also an input column name is kept only if it is that same column passed through).
    """
    if not isinstance(root, Select) or not isinstance(root.parent, Select):
        return root
    parent = root.parent
    if (
        root.where is not None
        or root.group_by is not None
        or root.having is not None
        or root.distinct
        or root.offset
        or parent.name is not None
        or parent.limit is not None
        or parent.offset
        or parent.distinct
        or parent.order_by
    ):
        return root
    exprs = dict(parent.column_exprs)
    for name, expression in root.column_exprs:
        if not (
            isinstance(expression, exp.Column)
            and not expression.table
            and expression.name == name
            and name in exprs
        ):
            return root
    inputs = _input_names(parent.parent)
    for ordered in root.order_by:
        key = ordered.this
        if not isinstance(key, exp.Column) or key.table or key.name not in exprs:
            return root
        source = exprs[key.name]
        passthrough = (
            isinstance(source, exp.Column)
            and source.name == key.name
            and not (isinstance(parent.parent, Join))
        )
        if key.name in inputs and not passthrough:
            return root
    order = topological(root)
    if sum(parent in n.parents for n in order) != 1:
        return root
    return Select(
        parent=parent.parent,
        column_exprs=tuple((name, exprs[name]) for name, _ in root.column_exprs),
        where=parent.where,
        group_by=parent.group_by,
        having=parent.having,
        order_by=root.order_by,
        limit=root.limit,
        step=parent.step,
    )


@node_cached(maxsize=512)
def render_plan(root: Node) -> exp.Query:
    """The dialect-neutral sqlglot tree of ``root`` (cached by node: the same plan renders once).

    The cache does not keep a plan on a registered pandas frame alive (``plan.cache``).

    Callers must not mutate the result: copy it first.
    """
    folded = fold_root(root)
    order = topological(folded)
    # each rewrite returns its input root when it changes nothing: the walk and the pruning
    # are then reused, not redone
    pushed = push_first_element(order)
    if pushed is not folded:
        order = topological(pushed)
    pruned: list[tuple[dict[Node, list[str]], set[Node]]] = []

    def needed(nodes: list[Node]) -> dict[Node, list[str]]:
        pruned.append(_prune(nodes))
        return pruned[-1][0]

    deferred = defer_row_local(order, needed)
    if deferred is not order[-1]:
        return _Renderer(topological(deferred)).render()
    return _Renderer(order, pruned[-1] if pruned else None).render()


def plan_size(root: Node) -> int:
    """Number of distinct nodes in the plan of ``root``."""
    return len(topological(root))


def check_portable(root: Node, dialect: str) -> None:
    """Refuse to render ``root`` for ``dialect`` when it reads data only another engine has.

    A pandas frame registered with a DuckDB connection (:class:`RegisteredSource`) is a name only
    that connection knows: SQL for another dialect would read a table that does not exist there.
    """
    for node in topological(root):
        if isinstance(node, RegisteredSource) and node.engine_name != dialect:
            msg = (
                f"SQL for {dialect!r} of a frame built on a pandas DataFrame registered with "
                f"the {node.engine_name!r} connection as {node.table.name!r} is not supported: "
                "that name exists only on that connection."
            )
            alternative = (
                "Upload the data to the target database with from_pandas(engine, df, "
                "materialization='table'), or inline it with a frame small enough to be inlined "
                "(see DataFrame.from_pandas)."
            )
            raise UnsupportedOperationError(msg, dialect, alternative)


def _order_by_input_columns(
    order_by: list[exp.Ordered],
    projections: list[exp.Expression],
    source: exp.Expr,
    inputs: set[str],
) -> list[exp.Ordered]:
    """ORDER BY keys whose columns are the source's, also where an output column has its name.

    A plan orders by expressions over the step's input. SQL resolves a bare name in ORDER BY
    to the SELECT list's alias first (all three engines), and BigQuery does so inside
    expressions too: ``SELECT x * -1 AS x ... ORDER BY x * -1`` would sort by ``x``. So a
    column named like an output alias of another expression is qualified with the source
    (``loaded_data.x``). Columns inside subqueries and lambdas are the subquery's own; a name
    that is no input column is an output name (``fold_root`` orders by those) and stays.
    """
    shadowing = {
        p.alias
        for p in projections
        if isinstance(p, exp.Alias)
        and p.alias in inputs
        and not (isinstance(p.this, exp.Column) and p.this.name == p.alias and not p.this.table)
    }
    if not shadowing:
        return order_by
    qualifier = source.alias_or_name
    if not qualifier:
        return order_by
    fixed = []
    for ordered in order_by:
        columns = [
            c
            for c in ordered.find_all(exp.Column)
            if not c.table
            and c.name in shadowing
            and c.find_ancestor(exp.Select, exp.Lambda) is None
        ]
        for column in columns:
            column.set("table", ident(qualifier))
        fixed.append(ordered)
    return fixed
