"""Per-row expressions that steps only pass along are computed after the filter that follows.

A plan often extracts columns early and filters late::

    context AS (SELECT user_id, moment, <parse value> AS stack, <parse value> AS app ... )
    -- window steps (sessions, running counts) that pass stack and app along unchanged
    kept    AS (SELECT ... WHERE <a condition on a window result>)
    named   AS (SELECT <nice name of stack> ...)

An engine cannot move a projection below a window, nor a filter on a window's result above it,
so ``context`` parses every row, and the window steps sort the parsed values along, only for
most rows to be dropped by ``kept``. Without a window the same happens where the engine
materializes ``context`` (DuckDB does when a later step holds a correlated subquery: it computes
the whole projection, then filters; ``top_product_features`` at 10M events took 52.4 s with the
rule, 53.8 s without it, the hand-written SQL 49.1 s); a plan with neither a window nor a
subquery or extension function is left alone. :func:`defer_row_local` rewrites the plan so that
the expression is computed by the first step that uses it for something else than passing it on
(``named``, or a WHERE that reads it), or by the step before it, and the steps in between carry
its input columns instead. This is what a person writing the SQL by hand does; it changes no
result.

The rule, for a column ``c`` that a step ``A`` computes as ``e``:

* ``e`` is per row: not a plain column, no window function or aggregate, nothing volatile
  (``RANDOM()``, ``UUID()``, a function of the extension API, which may be either), and reads
  only ``A``'s input, which is no join. ``A`` is neither grouped nor DISTINCT nor a guard step
  of the expression-size limit (``plan.measure``).
* From ``A`` on, exactly one step reads the column (other readers of a step may read its other
  columns), directly or as the left side of a LEFT join declared many-to-one, never in a
  UNION; each step up to the first use passes it on, as a plain column (perhaps renamed) or as
  one per-row expression that reads it once and no other column (then that expression of ``e``
  is carried on instead). These steps are neither grouped nor DISTINCT: they keep or drop rows,
  never merge or repeat them. The columns a step must output are the renderer's (pruning): a
  column passed on that nobody needs is no use.
* The first step that uses ``c`` otherwise (``B``) gets ``e`` in place of ``c`` when it uses it
  only in its columns and WHERE, once (or twice when no step before it drops rows), and not
  inside a subquery or an extension function (a dialect may render those with the argument
  in a correlated subquery, which DuckDB evaluates once per distinct value it reads: it must
  keep reading the parsed column). Otherwise the last step before ``B`` computes it, once per
  row it keeps.
* It pays: a WHERE or LIMIT drops rows before ``e`` is computed (a WHERE of ``B`` counts when
  it has a condition that does not read ``c``: PostgreSQL orders a WHERE's conditions by their
  cost, DuckDB by their measured speed); and, over all the columns of ``A`` deferred together,
  the steps in between carry fewer columns than before: the new input columns to carry are
  fewer than the deferred columns. (Carrying one wide JSON column instead of a short text
  extracted from it costs more in a window's sort than parsing it once per row: one column for
  one is not deferred.)

The input columns travel under their own names where no step uses the name for something else,
else under a free name.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

from sqlglot import exp

from objectiv_bach.plan.first_element import Readers, Step, plan_readers, rebuild_steps
from objectiv_bach.plan.naming import col, unused_name
from objectiv_bach.plan.nodes import GUARD_STEPS, Join, Node, Select

#: expressions whose value may differ between two evaluations on the same row
_VOLATILE: tuple[type[exp.Expression], ...] = (exp.Rand, exp.Randn, exp.Uuid)


@functools.cache
def _opaque_types() -> tuple[type[exp.Expression], ...]:
    """Subqueries and extension functions: what reads its arguments out of the plan's sight.

    A dialect may render an extension function with its argument in a subquery or more than
    once, and may render it as anything (so it may be volatile too); a correlated subquery is
    evaluated once per distinct value of the columns it reads (DuckDB), so it must keep reading
    a parsed column, not the whole input it was parsed from. (Imported on first use: the
    extension module imports the Series, which import the plan.)
    """
    from objectiv_bach.extension import FunctionNode

    return (exp.Query, FunctionNode)  # type: ignore[return-value]


def _is_volatile(e: exp.Expression) -> bool:
    volatile = (*_VOLATILE, _opaque_types()[1])
    return any(isinstance(part, volatile) for part in e.walk())


def _opaque(e: exp.Expression) -> list[exp.Expression]:
    """The subqueries and extension functions in ``e``: their arguments stay columns."""
    kinds = _opaque_types()
    return [part for part in e.walk() if isinstance(part, kinds)]


def _names(e: exp.Expression, alias: str = "") -> set[str]:
    """Names of the columns of the input called ``alias`` that ``e`` reads."""
    return {c.name for c in e.find_all(exp.Column) if c.table == alias}


def _per_row(e: exp.Expression, alias: str = "") -> bool:
    """Whether ``e`` is a per-row expression worth moving: not a plain column, nothing volatile.

    It reads only the input called ``alias``. An expression holding a subquery or a lambda is
    not moved: their columns are not all the step's input.
    """
    if isinstance(e, exp.Column):
        return False
    if e.find(exp.Window, exp.AggFunc, exp.Star, exp.Query, exp.Lambda) is not None:
        return False
    if any(c.table != alias for c in e.find_all(exp.Column)):
        return False
    return not _is_volatile(e)


def _plain(e: exp.Expression, name: str, alias: str) -> bool:
    return isinstance(e, exp.Column) and e.table == alias and e.name == name


def _count(e: exp.Expression | None, name: str, alias: str) -> int:
    if e is None:
        return 0
    return sum(1 for c in e.find_all(exp.Column) if c.table == alias and c.name == name)


def _substitute(
    e: exp.Expression, names: dict[str, exp.Expression], alias: str = ""
) -> exp.Expression:
    """``e`` (copied) with each column ``alias.n`` of ``names`` replaced by its expression."""

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.table == alias and node.name in names:
            new = names[node.name].copy()
            delimited = node.parent is None or isinstance(node.parent, _DELIMITED)
            return new if delimited else _grouped(new)
        return node

    return e.transform(swap)


#: where an expression needs no parentheses of its own: ``CAST(<e> AS t)``, ``(<e>)``, ``<e> AS n``
_DELIMITED: tuple[type[exp.Expression], ...] = (exp.Cast, exp.Paren, exp.Alias)


def _grouped(e: exp.Expression) -> exp.Expression:
    """``e`` in parentheses unless it is one term (a column, a literal).

    The plan's trees hold the parentheses their SQL needs: ``x * 10`` with ``x`` replaced by
    ``a * 2 + 1`` must read ``(a * 2 + 1) * 10``. A function may render as an operator in some
    dialect (``x -> 'k'``), so it is grouped too.
    """
    if isinstance(e, (exp.Column, exp.Literal, exp.Paren, exp.Null, exp.Boolean)):
        return e
    return exp.Paren(this=e)


def _conjuncts(e: exp.Expression) -> list[exp.Expression]:
    while isinstance(e, exp.Paren):
        e = e.this
    if isinstance(e, exp.And):
        return _conjuncts(e.this) + _conjuncts(e.expression)
    return [e]


def _keeps_rows(node: Select) -> bool:
    """A Select that keeps or drops its input rows one by one: no merging, no repeating."""
    if node.distinct or node.group_by is not None or node.having is not None:
        return False
    join = node.parent
    return not isinstance(join, Join) or (join.how == "left" and join.right_unique)


@dataclasses.dataclass
class _Trace:
    """Where a column of ``A``, computed as ``expr``, is computed instead."""

    expr: exp.Expression  # over A's input columns (unqualified)
    path: list[tuple[Select, str]]  # the steps after A that pass it on, and how each reads
    target: Select  # B (the use is substituted) or N_k (its column is replaced)
    alias: str  # how the target reads its input
    name: str  # the column name the target reads (B) or defines (N_k)
    in_use_step: bool  # True: the target is B


def defer_row_local(
    order: list[Node], needed: Callable[[list[Node]], dict[Node, list[str]]]
) -> Node:
    """The plan whose nodes, parents first, are ``order``, with per-row columns computed late.

    ``needed(order)`` gives the columns each step must output (the renderer's pruning): a
    column a reader passes on but nobody needs is no use of it. See the module docstring for
    the rule. Returns the root itself when nothing applies.
    """
    root = order[-1]
    # without a window step, only a step that DuckDB materializes (one read by a correlated
    # subquery, which an extension function may render as) computes its columns before a
    # later filter; other plans are left as they are, without the cost of tracing them
    kinds: tuple[type[exp.Expression], ...] = (exp.Window, *_opaque_types())
    if not any(
        isinstance(n, Select) and any(e.find(*kinds) for _, e in n.column_exprs) for n in order
    ):
        return root
    readers, in_union = plan_readers(order)
    blocked = in_union | {root}  # read as a whole
    steps: dict[Node, Step] = {n: Step.of(n) for n in order if isinstance(n, Select)}
    uses = _Uses(steps, {node: set(columns) for node, columns in needed(order).items()})
    for node in order:
        if (
            node in blocked
            or not isinstance(node, Select)
            or isinstance(node.parent, Join)
            or not _keeps_rows(node)
            or node.step in GUARD_STEPS
        ):
            continue
        _defer_from(node, steps, readers, blocked, uses)
    return rebuild_steps(order, steps)


@dataclasses.dataclass
class _Uses:
    steps: dict[Node, Step]
    kept: dict[Node, set[str]]  # the columns each step must output

    def __call__(
        self, node: Select, name: str, alias: str
    ) -> tuple[list[tuple[str, exp.Expression]], int]:
        """The needed columns of ``node`` reading ``alias.name``, and the number of other uses."""
        step = self.steps[node]
        join = node.parent if isinstance(node.parent, Join) else None
        needed = self.kept.get(node, set())
        return _uses(step, [(n, e) for n, e in step.columns if n in needed], join, name, alias)


def _uses(
    step: Step,
    columns: list[tuple[str, exp.Expression]],
    join: Join | None,
    name: str,
    alias: str,
) -> tuple[list[tuple[str, exp.Expression]], int]:
    projections = [(n, e) for n, e in columns if _count(e, name, alias)]
    others = (
        _count(step.where, name, alias)
        + _count(step.having, name, alias)
        + sum(_count(g, name, alias) for g in step.group_by or ())
        + sum(_count(o, name, alias) for o in step.order_by)
        + (_count(join.on, name, alias) if join is not None else 0)
    )
    return projections, others


def _trace(
    a: Select,
    name: str,
    expr: exp.Expression,
    steps: dict[Node, Step],
    readers: Readers,
    blocked: set[Node],
    uses_of: _Uses,
) -> _Trace | None:
    cur: Node = a
    path: list[tuple[Select, str]] = []
    while True:
        using = []
        for reader, alias, _ in readers.get(cur, []):
            projections, others = uses_of(reader, name, alias)
            if projections or others:
                using.append((reader, alias, projections, others))
        if len(using) != 1:
            return None  # unused (pruned anyway), or used by several steps
        nxt, alias, projections, others = using[0]
        if alias == "r" or (alias == "l" and not _keeps_rows(nxt)):
            return None
        if _keeps_rows(nxt) and nxt not in blocked and not others and len(projections) == 1:
            new_name, e = projections[0]
            if _plain(e, name, alias):
                path.append((nxt, alias))
                cur, name = nxt, new_name
                continue
            if _per_row(e, alias) and _names(e, alias) == {name} and _count(e, name, alias) == 1:
                expr = _substitute(e, {name: expr}, alias)
                path.append((nxt, alias))
                cur, name = nxt, new_name
                continue
        break
    step = steps[nxt]
    clauses = others - _count(step.where, name, alias)
    parts = [e for _, e in step.columns] + ([step.where] if step.where is not None else [])
    uses = sum(_count(e, name, alias) for e in parts)
    in_query = any(_count(q, name, alias) for e in parts for q in _opaque(e))
    passed = [n for n, _ in path]
    # rows dropped before the last step of the path computes its columns
    dropped = any(steps[n].where is not None or n.limit is not None for n in passed)
    if not clauses and not in_query and alias == "" and (uses == 1 or (uses == 2 and not dropped)):
        dropped = dropped or (
            step.where is not None
            and any(_count(c, name, alias) == 0 for c in _conjuncts(step.where))
        )
        target, target_alias, in_use = nxt, alias, True
    elif path:
        (target, target_alias), in_use = path[-1], False
    else:
        return None
    if not dropped:
        return None
    return _Trace(expr, path, target, target_alias, name, in_use)


def _defer_from(
    a: Select, steps: dict[Node, Step], readers: Readers, blocked: set[Node], uses_of: _Uses
) -> None:
    step_a = steps[a]
    inputs = set(a.parent.columns)
    traces: list[_Trace] = []
    for name, e in step_a.columns:
        if not _per_row(e) or not _names(e) <= inputs:
            continue
        found = _trace(a, name, e, steps, readers, blocked, uses_of)
        if found is not None:
            traces.append(found)
    if not traces:
        return
    needed = set().union(*(_names(t.expr) for t in traces))
    passed = {e.name: n for n, e in step_a.columns if isinstance(e, exp.Column) and not e.table}
    new_inputs = needed - set(passed)
    if len(new_inputs) >= len(traces):
        return
    # carry each input from A on to the step that each target reads
    depth = dict.fromkeys(needed, 0)  # how many steps after A must carry each input
    for t in traces:
        reach = len(t.path) if t.in_use_step else len(t.path) - 1
        for x in _names(t.expr):
            depth[x] = max(depth[x], reach)
    carried: dict[Node, dict[str, str]] = {}  # node -> {input: its name in node's output}
    names_at = {x: passed[x] for x in needed if x in passed}
    for x in sorted(new_inputs):
        names_at[x] = _add_column(step_a, x, col(x))
    carried[a] = names_at
    chain = max((t.path for t in traces), key=len)
    previous = names_at
    for i, (node, alias) in enumerate(chain):
        step = steps[node]
        here: dict[str, str] = {}
        for x, old in previous.items():
            if depth[x] <= i:
                continue
            existing = [n for n, e in step.columns if _plain(e, old, alias)]
            here[x] = existing[0] if existing else _add_column(step, old, col(old, alias or None))
        carried[node] = here
        previous = here
    for t in traces:
        # the step the target reads: B reads N_k (or A); N_k reads N_(k-1) (or A)
        reads = t.path if t.in_use_step else t.path[:-1]
        source: Node = reads[-1][0] if reads else a
        rename: dict[str, exp.Expression] = {
            x: col(carried[source][x], t.alias or None) for x in _names(t.expr)
        }
        computed = _substitute(t.expr, rename)
        step = steps[t.target]
        if t.in_use_step:
            swap = {t.name: computed}
            step.columns = [(n, _substitute(e, swap)) for n, e in step.columns]
            if step.where is not None:
                step.where = _substitute(step.where, swap)
        else:
            step.columns = [(n, computed if n == t.name else e) for n, e in step.columns]
        step.changed = True


def _add_column(step: Step, name: str, expression: exp.Expression) -> str:
    """Add ``expression`` to ``step``'s columns under ``name`` (or a free name); the name."""
    taken = [n for n, _ in step.columns]
    new = name if name not in taken else unused_name(name, taken)
    step.columns.append((new, expression))
    step.changed = True
    return new
