"""Size and depth of column expressions, and the limits that keep them renderable.

sqlglot's SQL generator recurses once (several Python frames) per tree level, so a column built
by a long chain of operations (``df['x'] = df.x + 1`` 500 times) would hit Python's recursion
limit when rendered; a tree that reuses a subtree twice per step (``s = s * s``) doubles its
rendered size every step. Bach measures the tree it actually built and, past the limits below,
makes the current state a new plan node (a CTE) so that later steps start from a plain column.

Measuring is incremental: each expression node remembers its ``(size, depth)`` in its sqlglot
``meta`` dict, so measuring a new expression visits only the nodes that are new (the operands
were measured when their Series were made). The walk is iterative (no recursion limit).
Expression trees are never mutated once a Series holds them, so the remembered figures stay
true; a copy carries them along unchanged.
"""

from __future__ import annotations

from sqlglot import exp

_KEY = "bach_measure"

#: The depth limits stay below what every engine and tool in the chain accepts: sqlglot's
#: generator (Python's recursion limit: ~300 levels), and the GoogleSQL analyzer the test suite
#: runs for BigQuery, whose response decoder refuses more than 100 nesting levels (reached at an
#: expression depth of about 50).
#: a DataFrame makes its state a new node when an assigned column's tree is deeper than this
FRAME_MAX_DEPTH = 24
#: ... or has more nodes than this (counting a shared subtree once per use, as rendered)
FRAME_MAX_SIZE = 1000
#: a stand-alone Series that grows past these is materialized on its own (with its index). They
#: are far above the frame limits: a materialized Series no longer combines with the other
#: Series of its frame (``s = s + df.y`` in a loop), so this only stops what could not render
#: at all (sqlglot's recursion limit)
SERIES_MAX_DEPTH = 120
SERIES_MAX_SIZE = 4000


def measure(expression: exp.Expression) -> tuple[int, int]:
    """``(number of nodes, depth)`` of ``expression`` as it is rendered.

    A subtree used twice counts twice (it is rendered twice). Depth counts nodes on the longest
    path from the root (a column reference has depth 2: Column and Identifier).

    >>> from sqlglot import exp
    >>> measure(exp.Add(this=exp.column('x'), expression=exp.Literal.number(1)))
    (4, 3)
    """
    known = expression.meta_get(_KEY)
    if known is not None:
        return known
    stack: list[tuple[exp.Expression, bool]] = [(expression, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            size, depth = 1, 0
            for child in node.iter_expressions():
                child_size, child_depth = child.meta[_KEY]
                size += child_size
                depth = max(depth, child_depth)
            node.meta[_KEY] = (size, depth + 1)
            continue
        if node.meta_get(_KEY) is not None:
            continue
        stack.append((node, True))
        stack.extend(
            (child, False) for child in node.iter_expressions() if child.meta_get(_KEY) is None
        )
    return expression.meta[_KEY]


def too_big_for_frame(expression: exp.Expression) -> bool:
    """Whether ``expression`` is past ``FRAME_MAX_DEPTH`` or ``FRAME_MAX_SIZE``."""
    size, depth = measure(expression)
    return depth > FRAME_MAX_DEPTH or size > FRAME_MAX_SIZE


def too_big_for_series(expression: exp.Expression) -> bool:
    """Whether ``expression`` is past ``SERIES_MAX_DEPTH`` or ``SERIES_MAX_SIZE``."""
    size, depth = measure(expression)
    return depth > SERIES_MAX_DEPTH or size > SERIES_MAX_SIZE
