"""``json.flatten_array()``: one row per element of a JSON array, on a new base node.

The frame of the Series becomes the left side of a CROSS :class:`~objectiv_bach.plan.nodes.Join`
whose right side is a :class:`~objectiv_bach.plan.nodes.Flatten` of the array column: a lateral
unnest that each dialect writes (``JSONB_ARRAY_ELEMENTS ... WITH ORDINALITY`` on PostgreSQL,
``UNNEST(CAST(... AS JSON[])) WITH ORDINALITY`` on DuckDB, ``UNNEST(JSON_QUERY_ARRAY(...)) WITH
OFFSET`` on BigQuery). As the original, a row whose value has no elements (an empty array,
NULL) gives no rows; so does a value that is not an array (where PostgreSQL would raise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.plan.naming import col, sql_column_name
from objectiv_bach.plan.nodes import FLATTEN_ITEM, FLATTEN_ORDINAL, Flatten, Join, Select

if TYPE_CHECKING:
    from objectiv_bach.series.base import Series


def flatten_array(series: Series) -> tuple[Series, Series]:
    """The elements (json) and their 0-based offsets (int64) of the arrays of ``series``.

    Both Series share a new base node and keep the index of ``series``, repeated per element.
    The element Series is named as ``series``, the offset Series ``<name>_offset``.
    """
    frame = series.to_frame()
    node = frame._state_select(step="flatten_input")
    columns = dict(zip(frame.all_series, node.columns, strict=True))
    join = Join(
        left=node,
        right=Flatten(array=col(columns[series.name], "l")),
        how="cross",
        on=None,
    )
    offset_name = f"{series.name}_offset"
    items: list[tuple[str, exp.Expression]] = [(n, col(columns[n], "l")) for n in series.index]
    items += [
        (series.name, exp.column(FLATTEN_ITEM)),
        (offset_name, bx.FlattenOffset(this=exp.column(FLATTEN_ORDINAL))),
    ]
    flat = Select(
        parent=join,
        column_exprs=tuple((sql_column_name(n), e) for n, e in items),
        step="flattened",
    )

    def on_node(template: Series, name: str, dtype: str, index: dict[str, Series]) -> Series:
        return template.copy_override(
            base_node=flat,
            expression=col(sql_column_name(name)),
            name=name,
            dtype=dtype,
            index=index,
            group_by=None,
            order_by=(),
            size=1,
        )

    index = {n: on_node(s, n, s.instance_dtype, {}) for n, s in series.index.items()}
    return (
        on_node(series, series.name, series.dtype, index),
        on_node(series, offset_name, "int64", index),
    )
