"""Forward and backward fill over a sorted frame: ``ffill``, ``bfill``, ``fillna(method=...)``.

PostgreSQL has no ``IGNORE NULLS``, so every engine gets the same portable two-step SQL:

1. a running ``COUNT(x)`` numbers the stretches of rows that share the last (ffill) or the
   next (bfill) non-missing value of ``x``:
   ``COUNT(x) OVER (PARTITION BY <groups> ORDER BY <sort> ROWS BETWEEN UNBOUNDED PRECEDING AND
   CURRENT ROW)`` (bfill: ``CURRENT ROW AND UNBOUNDED FOLLOWING``);
2. within a stretch, that value is the first (ffill) or the last (bfill) row's:
   ``FIRST_VALUE(x) OVER (PARTITION BY <groups>, stretch ORDER BY <sort>)``
   (bfill: ``LAST_VALUE`` over the whole stretch).

Step 2 uses window results of step 1, so step 1 is its own node (a CTE).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach.errors import InvalidArgumentError
from objectiv_bach.partitioning import SortColumn, Window, WindowFrameBoundary, WindowFrameMode
from objectiv_bach.plan.naming import col, sql_column_name
from objectiv_bach.plan.nodes import Select

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series

METHODS = {"ffill": "ffill", "pad": "ffill", "bfill": "bfill", "backfill": "bfill"}


def fill(
    frame: DataFrame, method: str, sort_by: Any = None, ascending: Any = True, window: Any = None
) -> DataFrame:
    """``frame`` with missing values filled from the previous or the next non-missing value.

    The previous (``'ffill'``) or the next (``'bfill'``) non-missing value of each data column, in
    the sort order, per group.
    """
    from objectiv_bach.dataframe import DataFrame

    if method not in METHODS:
        msg = f"method={method!r}: choose one of {sorted(METHODS)}."
        raise InvalidArgumentError(msg)
    forward = METHODS[method] == "ffill"
    if sort_by is not None:
        frame = frame.sort_values(sort_by, ascending)
    group_by = frame.group_by
    if window is not None:
        from objectiv_bach.series.base import _as_window

        window = _as_window(window, frame)  # a Window, or a windowed frame (df....window())
        window.check_node(frame.base_node, f"{METHODS[method]}(window=...)")
        partition, order = window.partition, window.order_by
        row_index = (
            window.row_index
            if window.row_index is not None
            else (group_by.row_index if group_by is not None else frame.index)
        )
    else:
        partition = group_by.partition if group_by is not None else ()
        order = frame.order_by
        row_index = group_by.row_index if group_by is not None else frame.index
    if not order:
        msg = (
            f"{METHODS[method]} needs a sorted frame: pass sort_by=, call sort_values() "
            "first, or pass a sorted window=."
        )
        raise InvalidArgumentError(msg)
    data = frame.data
    if group_by is not None:
        data = {n: s for n, s in data.items() if n not in group_by.index}
    for name, series in data.items():
        if series.is_aggregated:
            msg = (
                f"Cannot fill column {name!r}: it is aggregated. Call materialize() after "
                "the aggregation, then fill."
            )
            raise InvalidArgumentError(msg)

    # step 1: every column plain, with the partition and sort keys and the stretch numbers
    names: dict[str, str] = {}
    columns: list[tuple[str, exp.Expression]] = []
    for name, series in {**row_index, **data}.items():
        names[name] = sql_column_name(name)
        columns.append((names[name], series.expression))
    keys = [(f"_bach_fill_key_{i}", e) for i, e in enumerate(partition)]
    sorts = [(f"_bach_fill_sort_{i}", s.expression) for i, s in enumerate(order)]
    base = frame.base_node
    if any(s.has_window or s.is_aggregated for s in {**row_index, **data}.values()):
        node0 = Select(parent=base, column_exprs=tuple(columns + keys + sorts), step="before_fill")
        base = node0
        columns = [(n, col(n)) for n, _ in columns]
        keys = [(n, col(n)) for n, _ in keys]
        sorts = [(n, col(n)) for n, _ in sorts]
    running = Window(
        partition=tuple(e for _, e in keys),
        order_by=tuple(SortColumn(e, s.asc) for (_, e), s in zip(sorts, order, strict=True)),
        mode=WindowFrameMode.ROWS,
        start_boundary=None if forward else WindowFrameBoundary.CURRENT_ROW,
        end_boundary=WindowFrameBoundary.CURRENT_ROW if forward else None,
    )
    values = dict(columns)
    stretches = [
        (
            f"_bach_fill_grp_{i}",
            running.over(exp.Count(this=values[names[n]].copy()), with_frame=True),
        )
        for i, n in enumerate(data)
    ]
    node = Select(
        parent=base, column_exprs=tuple([*columns, *keys, *sorts, *stretches]), step="fill_groups"
    )

    # step 2: the value of each stretch
    new_order = tuple(SortColumn(col(n), s.asc) for (n, _), s in zip(sorts, order, strict=True))
    index = {
        n: s.copy_override(
            base_node=node, expression=col(names[n]), index={}, group_by=None, order_by=(), size=1
        )
        for n, s in row_index.items()
    }
    filled: dict[str, Series] = {}
    for i, (name, series) in enumerate(data.items()):
        stretch = Window(
            partition=(*(col(n) for n, _ in keys), col(f"_bach_fill_grp_{i}")),
            order_by=new_order,
            mode=WindowFrameMode.ROWS,
            start_boundary=None,
            end_boundary=None,
        )
        function = (exp.FirstValue if forward else exp.LastValue)(this=col(names[name]))
        filled[name] = series.copy_override(
            base_node=node,
            expression=stretch.over(function, with_frame=True),
            index=index,
            group_by=None,
            order_by=new_order,
            size=2,
        )
    return DataFrame(
        engine=frame._engine,
        base_node=node,
        index=index,
        series=filled,
        order_by=new_order,
        **frame._carried(),
    )
