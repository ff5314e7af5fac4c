"""``DataFrame.merge``: a join of two frames, with pandas' key and suffix rules.

Both sides become nodes (their current state); the result is one Select over a Join node whose
expressions address the sides as ``l`` and ``r``. The result's index is the left frame's index;
the right frame's index columns become data columns unless they are join keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach.backends.engines import check_same_engine
from objectiv_bach.errors import ColumnNotFoundError, DtypeError, InvalidArgumentError
from objectiv_bach.plan.naming import col, sql_column_name
from objectiv_bach.plan.nodes import Join, Node, Select
from objectiv_bach.types import is_numeric

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

_HOWS = ("inner", "left", "right", "outer", "cross")


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _keys(
    left: DataFrame,
    right: DataFrame,
    on: Any,
    left_on: Any,
    right_on: Any,
    left_index: bool,
    right_index: bool,
) -> tuple[list[str], list[str]]:
    if on is not None:
        if left_on is not None or right_on is not None or left_index or right_index:
            msg = "Pass either on=, or left_on=/right_on=/left_index=/right_index=, not both."
            raise InvalidArgumentError(msg)
        names = _names(on)
        return names, names
    lkeys = list(left.index) if left_index else _names(left_on)
    rkeys = list(right.index) if right_index else _names(right_on)
    if not lkeys and not rkeys:
        common = [c for c in left.all_series if c in right.all_series]
        if not common:
            msg = (
                "No common columns to merge on; pass on=, left_on=/right_on= or "
                "left_index=/right_index=."
            )
            raise InvalidArgumentError(msg)
        return common, common
    if len(lkeys) != len(rkeys):
        msg = f"left keys {lkeys} and right keys {rkeys} differ in number."
        raise InvalidArgumentError(msg)
    return lkeys, rkeys


def _side(frame: DataFrame, step: str) -> tuple[Node, dict[str, str]]:
    """The node a merge side reads, and its Series names -> that node's column names.

    A frame whose Series are all plain columns of its base node is read directly (no
    pass-through CTE); any other state becomes a Select of its own.
    """
    series = frame.all_series
    if frame.is_materialized and not frame.order_by and not isinstance(frame.base_node, Join):
        return frame.base_node, {n: s.expression.name for n, s in series.items()}
    node = frame._state_select(step=step)
    return node, dict(zip(series, node.columns, strict=True))


_VALIDATE = (
    None,
    "one_to_one",
    "1:1",
    "one_to_many",
    "1:m",
    "many_to_one",
    "m:1",
    "many_to_many",
    "m:m",
)


def merge(
    left: DataFrame,
    right: DataFrame,
    *,
    how: str,
    on: Any,
    left_on: Any,
    right_on: Any,
    left_index: bool,
    right_index: bool,
    suffixes: tuple[str, str],
    validate: str | None = None,
) -> DataFrame:
    """Implement :meth:`DataFrame.merge` (see there for the parameters)."""
    from objectiv_bach.dataframe import DataFrame

    check_same_engine(left._engine, right._engine, "merge frames of two engines")
    if how not in _HOWS:
        msg = f"how={how!r}: choose one of {_HOWS}."
        raise InvalidArgumentError(msg)
    if validate not in _VALIDATE:
        msg = f"validate={validate!r}: choose one of {[v for v in _VALIDATE if v]}."
        raise InvalidArgumentError(msg)
    if how == "cross":
        lkeys: list[str] = []
        rkeys: list[str] = []
        if on is not None or left_on is not None or right_on is not None:
            msg = "A cross merge takes no keys."
            raise InvalidArgumentError(msg)
    else:
        lkeys, rkeys = _keys(left, right, on, left_on, right_on, left_index, right_index)
    for frame, keys, side in ((left, lkeys, "left"), (right, rkeys, "right")):
        for key in keys:
            if key not in frame.all_series:
                msg = f"Merge key {key!r} is not a column of the {side} frame {list(frame.all_series)}."
                raise ColumnNotFoundError(msg)
    lnode, lcols = _side(left, "merge_left")
    rnode, rcols = _side(right, "merge_right")
    conditions = []
    for lk, rk in zip(lkeys, rkeys, strict=True):
        ldtype, rdtype = left.all_series[lk].instance_dtype, right.all_series[rk].instance_dtype
        if ldtype != rdtype and not (is_numeric(ldtype) and is_numeric(rdtype)):
            msg = f"Cannot merge {lk!r} ({ldtype}) with {rk!r} ({rdtype}); cast one with astype()."
            raise DtypeError(msg)
        conditions.append(exp.EQ(this=col(lcols[lk], "l"), expression=col(rcols[rk], "r")))
    condition: exp.Expression | None = None
    for c in conditions:
        condition = c if condition is None else exp.And(this=condition, expression=c)
    right_unique = validate in ("one_to_one", "1:1", "many_to_one", "m:1")
    join = Join(left=lnode, right=rnode, how=how, on=condition, right_unique=right_unique)

    shared_keys = {lk for lk, rk in zip(lkeys, rkeys, strict=True) if lk == rk}
    out: list[tuple[str, exp.Expression, Any, bool]] = []  # name, expr, template series, is_index
    for name, series in left.all_series.items():
        expression: exp.Expression = col(lcols[name], "l")
        if name in shared_keys:
            rexpr = col(rcols[name], "r")
            if how == "right":
                expression = rexpr
            elif how == "outer":
                expression = exp.Coalesce(this=expression, expressions=[rexpr])
        out.append((name, expression, series, name in left.index))
    left_names = set(left.all_series)
    for name, series in right.all_series.items():
        if name in shared_keys or (right_index and name in right.index and left_index):
            continue
        out.append((name, col(rcols[name], "r"), series, False))
    # suffixes for names on both sides
    counts: dict[str, int] = {}
    for name, *_ in out:
        counts[name] = counts.get(name, 0) + 1
    renamed = []
    seen_left: set[str] = set()
    for name, expression, series, is_index in out:
        if counts[name] > 1:
            from_left = name in left_names and name not in seen_left
            seen_left.add(name)
            name = name + (suffixes[0] if from_left else suffixes[1])
        renamed.append((name, expression, series, is_index))
    node = Select(
        parent=join,
        column_exprs=tuple((sql_column_name(n), e) for n, e, _, _ in renamed),
        step="merged",
    )
    index = {
        n: s.copy_override(
            base_node=node,
            expression=col(sql_column_name(n)),
            name=n,
            index={},
            group_by=None,
            order_by=(),
            size=1,
        )
        for n, _, s, is_index in renamed
        if is_index
    }
    data = {
        n: s.copy_override(
            base_node=node,
            expression=col(sql_column_name(n)),
            name=n,
            index=index,
            group_by=None,
            order_by=(),
            size=1,
        )
        for n, _, s, is_index in renamed
        if not is_index
    }
    return DataFrame(
        engine=left._engine, base_node=node, index=index, series=data, **left._carried(right)
    )
