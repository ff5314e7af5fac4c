"""Grouping and window specifications (original names: ``GroupBy``, ``Window``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach.errors import InvalidArgumentError

if TYPE_CHECKING:
    from objectiv_bach.series.base import Series


class WindowFrameMode(Enum):
    """The unit of a window frame: ``ROWS`` or ``RANGE`` (peers of equal sort value)."""

    ROWS = "ROWS"
    RANGE = "RANGE"


class WindowFrameBoundary(Enum):
    """Where a window frame starts or ends, relative to the current row."""

    PRECEDING = "PRECEDING"
    CURRENT_ROW = "CURRENT ROW"
    FOLLOWING = "FOLLOWING"


@dataclass(frozen=True)
class SortColumn:
    """One sort key: an expression over the base node, ascending or not (NULLs always last)."""

    expression: exp.Expression
    asc: bool = True

    def __repr__(self) -> str:
        return f"SortColumn({self.expression.sql()!r}, {'ascending' if self.asc else 'descending'})"

    def ordered(self) -> exp.Ordered:
        """The sort key as a sqlglot ``ORDER BY`` term (NULLs last)."""
        return exp.Ordered(this=self.expression, desc=not self.asc, nulls_first=False)


def partition_key(series: Series) -> exp.Expression:
    """``series`` as a window partition key (floats are wrapped: see ``PartitionKey``)."""
    from objectiv_bach import expressions as bx

    if series.dtype == "float64":
        return bx.PartitionKey(this=series.expression)
    return series.expression


@dataclass(frozen=True)
class GroupBy:
    """Group by ``index`` (name -> Series over the base node).

    ``row_index`` is the index the rows had before grouping: window functions on a grouped
    Series give a row-level Series with that index back.
    """

    index: dict[str, Series]
    row_index: dict[str, Series]
    #: rows stay rows (a windowed frame: aggregations run over a window, see WindowGroupBy)
    is_window = False

    @property
    def expressions(self) -> tuple[exp.Expression, ...]:
        """The group key expressions, in order."""
        return tuple(s.expression for s in self.index.values())

    @property
    def partition(self) -> tuple[exp.Expression, ...]:
        """The keys as window partition expressions."""
        return tuple(partition_key(s) for s in self.index.values())

    def __repr__(self) -> str:  # names only: a Series' own repr runs a preview query
        return f"GroupBy(by={list(self.index)!r})"

    def __hash__(self) -> int:
        return hash(tuple((k, s.expression) for k, s in self.index.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GroupBy) and [
            (k, s.expression) for k, s in self.index.items()
        ] == [(k, s.expression) for k, s in other.index.items()]


@dataclass(frozen=True)
class Window:
    """``OVER (PARTITION BY ... ORDER BY ... [frame])``.

    Parameters
    ----------
    partition : tuple of expressions
    order_by : tuple of SortColumn
    mode, start_boundary, start_value, end_boundary, end_value :
        The frame, as in the original API. The default is SQL's default frame:
        ``RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW``.
    """

    partition: tuple[exp.Expression, ...] = ()
    order_by: tuple[SortColumn, ...] = ()
    mode: WindowFrameMode = WindowFrameMode.RANGE
    start_boundary: WindowFrameBoundary | None = WindowFrameBoundary.PRECEDING
    start_value: int | None = None
    end_boundary: WindowFrameBoundary | None = WindowFrameBoundary.CURRENT_ROW
    end_value: int | None = None
    row_index: Any = None
    #: the base node whose columns the partition and order expressions use (None: unchecked)
    node: Any = None

    def __repr__(self) -> str:  # SQL text only: the row index Series would run queries
        frame = self.over(exp.Var(this="f"), with_frame=True).sql()
        return f"Window({frame.removeprefix('f OVER (').removesuffix(')')})"

    def check_node(self, node: Any, what: str) -> None:
        """Raise when this window was built on another base node than ``node``."""
        if self.node is not None and self.node != node:
            msg = (
                f"{what}: the window was built on another frame state than the Series (the "
                "frame was materialized in between, e.g. by groupby() after a window function). "
                "Build the window from the same frame, e.g. df.sort_values(...).groupby(...)"
                ".window(), after df.materialize()."
            )
            raise InvalidArgumentError(msg)

    def __post_init__(self) -> None:
        for value in (self.start_value, self.end_value):
            if value is not None and (not isinstance(value, int) or value < 0):
                msg = f"Window frame offsets must be non-negative ints, got {value!r}."
                raise InvalidArgumentError(msg)

    def _bound(self, boundary: WindowFrameBoundary | None, value: int | None, side: str):
        if boundary is None:
            return ("UNBOUNDED", "PRECEDING" if side == "start" else "FOLLOWING")
        if boundary == WindowFrameBoundary.CURRENT_ROW:
            return ("CURRENT ROW", None)
        amount = "UNBOUNDED" if value is None else exp.Literal.number(value)
        return (amount, boundary.value)

    def over(self, function: exp.Expression, *, with_frame: bool) -> exp.Window:
        """Wrap ``function`` in this window. Ranking/offset functions take no frame."""
        spec = None
        if with_frame and self.order_by:
            start, start_side = self._bound(self.start_boundary, self.start_value, "start")
            end, end_side = self._bound(self.end_boundary, self.end_value, "end")
            spec = exp.WindowSpec(
                kind=self.mode.value, start=start, start_side=start_side, end=end, end_side=end_side
            )
        elif with_frame and not self.order_by:
            spec = None  # whole partition: SQL's default frame without ORDER BY
        order = (
            exp.Order(expressions=[s.ordered() for s in self.order_by]) if self.order_by else None
        )
        return exp.Window(
            this=function, partition_by=list(self.partition) or None, order=order, spec=spec
        )


@dataclass(frozen=True, eq=False)
class WindowGroupBy(GroupBy):
    """The grouping of a windowed frame, ``df.sort_values(...).groupby(...).window()``.

    The rows stay rows (no GROUP BY): the frame's Series aggregate over ``window``
    (``window_frame['x'].min()`` is the running minimum per partition) and its window functions
    (``window_lag()`` ...) use it. Equal only to itself.
    """

    window: Window = Window()
    is_window = True

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return other is self


class WindowFunction(Enum):
    """The window functions of the original API (``Series.window_<name>``)."""

    ROW_NUMBER = "row_number"
    RANK = "rank"
    DENSE_RANK = "dense_rank"
    PERCENT_RANK = "percent_rank"
    CUME_DIST = "cume_dist"
    NTILE = "ntile"
    LAG = "lag"
    LEAD = "lead"
    FIRST_VALUE = "first_value"
    LAST_VALUE = "last_value"
    NTH_VALUE = "nth_value"


#: the grouping-set classes live in objectiv_bach.grouping_sets (which imports this module)
_GROUPING_SET_NAMES = ("Cube", "Rollup", "GroupingList", "GroupingSet")


def __getattr__(name: str) -> Any:
    """``Cube``, ``Rollup``, ``GroupingList``, ``GroupingSet`` (the original's module names)."""
    if name in _GROUPING_SET_NAMES:
        from objectiv_bach import grouping_sets

        return getattr(grouping_sets, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
