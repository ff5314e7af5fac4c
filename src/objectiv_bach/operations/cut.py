"""``cut`` and ``qcut``: bin numeric values into intervals, as ``pandas.cut`` / ``pandas.qcut``.

Every number is computed in the database:

* ``cut(bins=<int>)``: one aggregate row holds the minimum and the maximum; the ``bins + 1``
  edges are numpy's ``linspace`` over them (``i * step + min``, the last edge the maximum),
  and the open side is widened by 0.1 % of the range (``right=True``: the first edge; a
  constant column is widened by 0.1 % of its value on both sides, as pandas);
* ``qcut(q)``: one aggregate row holds the exact quantiles (``Series.quantile``: linear
  interpolation, as pandas); the lowest bin includes its left edge;
* ``cut(bins=<list>)``: the edges are the given numbers.

A value's bin is found by comparing it with the unrounded edges (pandas' ``searchsorted``
rule). The interval it gets is labelled with the edges rounded as pandas rounds them
(``precision=3``: three decimals, or three significant digits below 1, more while two rounded
edges coincide): the precision is chosen in SQL from a VALUES list of candidate precisions, the
rounding is numpy's (round half to even) written with ``FLOOR``. The result is a
:class:`~objectiv_bach.series.multilevel.SeriesNumericInterval` on the input's index.

Differences with pandas, all documented in the methods: an empty or all-missing input gives
missing intervals where pandas raises (``Cannot cut empty array``), since that is only known
after the query; ``qcut`` runs one small query (the number of distinct edges) to raise on
duplicate edges as pandas does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.conversions import INTERVAL_BOUNDS
from objectiv_bach.errors import BachError, InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.series.base import Series, paren
from objectiv_bach.types import bx_struct, literal, sql_type

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

#: pandas' default ``precision`` of the labels, and the last one it tries
_PRECISION = 3
_MAX_PRECISION = 19
_EDGE = "__bach_edge_{}"
_LABEL = "__bach_label_{}"
_PRECISION_COLUMN = "__bach_precision"


class DuplicateBinEdgesError(BachError, ValueError):
    """Bin edges that are not unique (``qcut`` of data with many equal values)."""


def _float(value: float) -> exp.Expression:
    return literal(float(value), "float64")


def _double(expression: exp.Expression) -> exp.Expression:
    return exp.Cast(this=expression, to=sql_type("float64"))


def _op(cls: type[exp.Binary], a: exp.Expression, b: exp.Expression) -> exp.Expression:
    """``a <op> b`` with composite operands parenthesized."""
    return cast("exp.Expression", cls(this=paren(a.copy()), expression=paren(b.copy())))


def _case(condition: exp.Expression, true: exp.Expression, default: exp.Expression) -> exp.Case:
    return exp.Case(ifs=[exp.If(this=condition, true=true)], default=default)


_SCALE = "__bach_scale_{}"
_SCALED = "__bach_scaled_{}"
_FLOOR = "__bach_floor_{}"


def _rounded(frame: DataFrame, precision: str, n_edges: int, target: str) -> DataFrame:
    """``frame`` with ``target.format(i)``: edge ``i`` rounded as pandas' ``_round_frac``.

    ``_round_frac(x, p)`` keeps ``p`` decimals, or ``p`` significant digits when |x| < 1, and
    is ``numpy.around(x, d) = rint(x * 10**d) / 10**d`` (0 stays 0). numpy's ``rint`` rounds a
    tie to the even integer; with ``f = FLOOR(y)``, ``y - f`` is exact in doubles and so is the
    parity test ``f - 2 * FLOOR(f / 2)``. Three steps, so that each expression names columns.
    """
    p = frame[precision].expression
    for i in range(n_edges):
        edge = frame[_EDGE.format(i)]
        absolute = exp.Abs(this=edge.expression.copy())
        significant = _op(
            exp.Add,
            _op(
                exp.Sub,
                # NULLIF: no logarithm of 0 (an edge of 0 keeps its value, below)
                exp.Neg(
                    this=exp.Floor(
                        this=bx.Log10(this=exp.Nullif(this=absolute.copy(), expression=_float(0)))
                    )
                ),
                exp.Literal.number(1),
            ),
            p,
        )
        digits = _case(exp.LT(this=absolute, expression=_float(1)), significant, p.copy())
        scale = exp.Pow(this=_float(10), expression=_double(digits))
        frame[_SCALE.format(i)] = edge._derived(scale, "float64")
    frame = frame.materialize(node_name="bin_round_scale")
    for i in range(n_edges):
        edge, scale = frame[_EDGE.format(i)], frame[_SCALE.format(i)]
        scaled = _op(exp.Mul, edge.expression, scale.expression)
        frame[_SCALED.format(i)] = edge._derived(scaled, "float64")
        frame[_FLOOR.format(i)] = edge._derived(exp.Floor(this=scaled.copy()), "float64")
    frame = frame.materialize(node_name="bin_round_floor")
    half = _float(0.5)
    for i in range(n_edges):
        x = frame[_EDGE.format(i)].expression
        y, f = frame[_SCALED.format(i)].expression, frame[_FLOOR.format(i)].expression
        fraction = _op(exp.Sub, y, f)
        parity = _op(
            exp.Sub, f, _op(exp.Mul, _float(2), exp.Floor(this=_op(exp.Div, f, _float(2))))
        )
        rint = exp.Case(
            ifs=[
                exp.If(
                    this=exp.GT(this=fraction, expression=half), true=_op(exp.Add, f, _float(1))
                ),
                exp.If(this=exp.LT(this=fraction.copy(), expression=half.copy()), true=f.copy()),
            ],
            default=_op(exp.Add, f, parity),
        )
        rounded = _op(exp.Div, rint, frame[_SCALE.format(i)].expression)
        label = _case(exp.EQ(this=x.copy(), expression=_float(0)), x.copy(), rounded)
        frame[target.format(i)] = frame[_EDGE.format(i)]._derived(label, "float64")
    helpers = [n.format(i) for n in (_SCALE, _SCALED, _FLOOR) for i in range(n_edges)]
    return frame.drop(columns=helpers)


def _check_series(series: Any, what: str) -> Series:
    from objectiv_bach.series.numeric import SeriesAbstractNumeric

    if not isinstance(series, SeriesAbstractNumeric):
        msg = (
            f"{what} bins numeric Series; got {type(series).__name__} "
            f"(dtype {getattr(series, 'dtype', None)!r}). Cast it with astype('float64')."
        )
        raise InvalidArgumentError(msg)
    if series.group_by is not None or series.is_aggregated:
        what_of = f"{what} of an aggregated or grouped Series {series.name!r}"
        raise UnsupportedOperationError(
            what_of,
            None,
            "bin the rows before grouping, then group on the result's levels (flatten()).",
        )
    return series.astype("float64")


def _stats_frame(aggregates: list[Series]) -> DataFrame:
    """One row: the aggregates (of one Series, no grouping), named ``__bach_edge_<i>``."""
    frame = aggregates[0].rename(_EDGE.format(0)).to_frame()
    for i, aggregate in enumerate(aggregates[1:], start=1):
        frame[_EDGE.format(i)] = aggregate
    return frame.materialize(node_name="bin_edges")


def _labelled(edges: DataFrame, n_edges: int, lowest_adjust: bool) -> DataFrame:
    """``edges`` with the rounded labels ``__bach_label_<i>`` (pandas' ``_format_labels``).

    The precision is pandas' ``_infer_precision``: the first of 3 .. 19 at which the rounded
    edges are distinct (rounding is monotone, so neighbours suffice), else 3.
    """
    from objectiv_bach.dataframe import DataFrame

    candidates = DataFrame.from_pandas(
        edges.engine,
        pd.DataFrame({_PRECISION_COLUMN: range(_PRECISION, _MAX_PRECISION + 1)}),
        materialization="cte",
        name="bin_precisions",
    ).reset_index(drop=True)
    tried = _rounded(candidates.merge(edges, how="cross"), _PRECISION_COLUMN, n_edges, _LABEL)
    tried = tried.materialize(node_name="bin_round_tried")
    refs = [tried[_LABEL.format(i)].expression for i in range(n_edges)]
    distinct: exp.Expression = exp.true()
    for a, b in zip(refs, refs[1:], strict=False):
        distinct = exp.And(this=distinct, expression=exp.NEQ(this=a.copy(), expression=b.copy()))
    unique = tried[tried[_PRECISION_COLUMN]._derived(exp.Paren(this=distinct), "bool")]
    chosen = unique[_PRECISION_COLUMN].min().fillna(_PRECISION)
    labelled = edges.merge(
        chosen.rename(_PRECISION_COLUMN).to_frame().materialize(node_name="bin_precision"),
        how="cross",
    )
    labelled = _rounded(labelled, _PRECISION_COLUMN, n_edges, _LABEL)
    if lowest_adjust:  # include_lowest: the first label minus 10 ** -precision
        first = labelled[_LABEL.format(0)]
        power = exp.Pow(
            this=_float(10),
            expression=_double(exp.Neg(this=labelled[_PRECISION_COLUMN].expression.copy())),
        )
        labelled[_LABEL.format(0)] = first._derived(_op(exp.Sub, first.expression, power))
    return labelled.materialize(node_name="bin_labels")


def _interval(lower: exp.Expression, upper: exp.Expression, right: bool) -> exp.Expression:
    """The ``numeric_interval`` value ``(lower, upper]`` (``right``) or ``[lower, upper)``."""
    bounds = exp.Literal.string(INTERVAL_BOUNDS["right" if right else "left"])
    interval = bx_struct(list(_LEVEL_NAMES), [lower.copy(), upper.copy(), bounds])
    return exp.Cast(this=interval, to=sql_type("numeric_interval"))


def _no_interval() -> exp.Expression:
    return exp.Cast(this=exp.null(), to=sql_type("numeric_interval"))


def _binned(
    value: exp.Expression,
    edges: list[exp.Expression],
    right: bool,
    include_lowest: bool,
    result: Any,
    default: exp.Expression,
) -> exp.Case:
    """The rule of pandas' ``searchsorted`` on the unrounded ``edges``: ``result(k)`` in bin k.

    Bins are numbered 1 ..; below the first edge (at it too, for right-closed bins unless
    ``include_lowest``) NULL, above the last one ``default``.
    """
    inside = exp.LTE if right else exp.LT
    below = exp.LTE if right and not include_lowest else exp.LT
    ifs = [exp.If(this=below(this=value.copy(), expression=edges[0].copy()), true=exp.null())]
    for k in range(1, len(edges)):
        ifs.append(
            exp.If(this=inside(this=value.copy(), expression=edges[k].copy()), true=result(k))
        )
    return exp.Case(ifs=ifs, default=default)


def _assign(
    value: exp.Expression,
    edges: list[exp.Expression],
    labels: list[exp.Expression],
    right: bool,
    include_lowest: bool,
) -> exp.Expression:
    """The interval of ``value``, labelled with the rounded ``labels``."""
    return _binned(
        value,
        edges,
        right,
        include_lowest,
        lambda k: _interval(labels[k - 1], labels[k], right),
        _no_interval(),
    )


_LEVEL_NAMES = ("lower", "upper", "bounds")
_BIN = "__bach_bin"
_VALUE = "__bach_value"
#: the name of the result of ``CutOperation(include_empty_bins=True)``, as the original's
RANGE_SERIES_NAME = "range"


def _bin_number(
    value: exp.Expression, edges: list[exp.Expression], right: bool, include_lowest: bool = False
) -> exp.Expression:
    """The number (1 ..) of the bin of ``value`` (the rule of :func:`_assign`), else NULL."""
    case = _binned(value, edges, right, include_lowest, exp.Literal.number, exp.null())
    return exp.Cast(this=case, to=sql_type("int64"))


def _interval_of_bin(
    number: exp.Expression, labels: list[exp.Expression], right: bool
) -> exp.Expression:
    """The interval of bin ``number`` (1 ..), labelled with ``labels`` (the rounded edges)."""
    ifs = [
        exp.If(
            this=exp.EQ(this=number.copy(), expression=exp.Literal.number(k)),
            true=_interval(labels[k - 1], labels[k], right),
        )
        for k in range(1, len(labels))
    ]
    return exp.Case(ifs=ifs, default=_no_interval())


def _with_empty_bins(
    series: Series,
    n_edges: int,
    labelled: DataFrame | None,
    edges: list[float],
    labels: list[float],
    right: bool,
    include_lowest: bool = False,
) -> Series:
    """The original's ``include_empty_bins=True`` result, all in SQL.

    The bin numbers ``1 .. n`` are a VALUES list; each gets its interval from the edges
    (``labelled``: the one-row frame of computed edges and labels, else the given ``edges``
    and ``labels``); that list is LEFT JOINed with the values on their bin number. A bin with
    no value gives one row whose value (the index) is NULL.
    """
    from objectiv_bach.dataframe import DataFrame

    data = series.rename(_VALUE).to_frame().reset_index(drop=True)
    if labelled is not None:
        data = data.merge(labelled, how="cross")
        edge_refs = [data[_EDGE.format(i)].expression for i in range(n_edges)]
    else:
        edge_refs = [_float(e) for e in edges]
    value = data[_VALUE]
    data[_BIN] = value._derived(
        _bin_number(value.expression, edge_refs, right, include_lowest), "int64"
    )
    data = data[[_VALUE, _BIN]].materialize(node_name="bin_numbers_of_values")
    numbers = DataFrame.from_pandas(
        series.engine,
        pd.DataFrame({_BIN: pd.Series(range(1, n_edges), dtype="int64")}),
        materialization="cte",
        name="bin_numbers",
    ).reset_index(drop=True)
    if labelled is not None:
        numbers = numbers.merge(labelled, how="cross")
        label_refs = [numbers[_LABEL.format(i)].expression for i in range(n_edges)]
    else:
        label_refs = [_float(v) for v in labels]
    number = numbers[_BIN]
    interval = _interval_of_bin(number.expression, label_refs, right)
    numbers[RANGE_SERIES_NAME] = number._derived(interval, "numeric_interval")
    numbers = numbers[[_BIN, RANGE_SERIES_NAME]].materialize(node_name="bin_ranges")
    joined = numbers.merge(data, how="left", on=_BIN)
    joined = joined.rename(columns={_VALUE: series.name}).set_index(series.name)
    return joined[RANGE_SERIES_NAME]


def _joined_result(
    series: Series, labelled: DataFrame, n_edges: int, right: bool, include_lowest: bool
) -> Series:
    data = series.rename(_VALUE).to_frame()
    joined = data.merge(labelled, how="cross")
    value = joined[_VALUE]
    edges = [joined[_EDGE.format(i)].expression for i in range(n_edges)]
    labels = [joined[_LABEL.format(i)].expression for i in range(n_edges)]
    expression = _assign(value.expression, edges, labels, right, include_lowest)
    return value._derived(expression, "numeric_interval", name=series.name)


class CutOperation:
    """``Series.cut``: bin the values into intervals, as ``pandas.cut(series, bins, right)``.

    Parameters
    ----------
    series : SeriesAbstractNumeric
        The values (not grouped).
    bins : int or list of numbers
        The number of equal-width bins over the range of the values, or the bin edges
        (increasing).
    right : bool, default True
        Bins include their right edge (``(a, b]``); False: their left edge (``[a, b)``).
    include_empty_bins : bool, default False
        False: the result is on the input's index, every row gets the bin of its value
        (missing when it is in no bin). True: the original's histogram form. The result is
        named ``'range'`` and indexed by the values (an index named as the input; the
        input's own index is dropped), with one row per value that is in a bin, plus one
        row per bin that holds no value, whose index (the value) is NULL. Values that are
        missing or in no bin give no row. Counting the index per bin thus gives 0 for an
        empty bin, as ``pandas.cut(...).value_counts(sort=False)``. All in SQL: the bin
        numbers are a VALUES list joined with the edges, LEFT JOINed with the values on
        their bin number.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.operations.cut import CutOperation
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5, 10]}))
    >>> CutOperation(df.x, bins=3)().sort_index().to_pandas().tolist()
    [Interval(0.991, 4.0, closed='right'), Interval(4.0, 7.0, closed='right'), Interval(7.0, 10.0, closed='right')]

    With ``include_empty_bins=True`` the empty bin ``(4.0, 7.0]`` gets a row with a NULL value:

    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 2.0, 10.0]}))
    >>> binned = CutOperation(df.x, bins=3, include_empty_bins=True)()
    >>> print(binned.sort_index().to_pandas().to_string())
    x
    1.0     (0.991, 4.0]
    2.0     (0.991, 4.0]
    10.0     (7.0, 10.0]
    NaN       (4.0, 7.0]
    """

    #: pandas' ``include_lowest``: the first bin includes its left edge (its label is lowered
    #: by ``10 ** -precision``); ``Series.value_counts(bins=...)`` bins so, as pandas
    _include_lowest = False

    def __init__(
        self, series: Any, bins: Any, right: bool = True, include_empty_bins: bool = False
    ) -> None:
        self.series = series
        self.bins = bins
        self.right = right
        self.include_empty_bins = include_empty_bins

    def __call__(self) -> Series:
        """The binned Series (a SeriesNumericInterval on the input's index)."""
        series = _check_series(self.series, "cut")
        if not isinstance(self.right, bool):
            msg = f"cut(right={self.right!r}): give True or False."
            raise InvalidArgumentError(msg)
        if not isinstance(self.include_empty_bins, bool):
            msg = f"cut(include_empty_bins={self.include_empty_bins!r}): give True or False."
            raise InvalidArgumentError(msg)
        if self.include_empty_bins and series.name == RANGE_SERIES_NAME:
            msg = (
                f"cut(include_empty_bins=True) of a Series named {series.name!r}: the result "
                f"is named {RANGE_SERIES_NAME!r} and indexed by the values; rename the Series."
            )
            raise InvalidArgumentError(msg)
        bins = self.bins
        if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
            if bins < 1:
                msg = f"cut(bins={bins!r}): the number of bins must be at least 1."
                raise InvalidArgumentError(msg)
            return self._equal_width(series, int(bins))
        return self._given_edges(series, bins)

    def _equal_width(self, series: Series, n: int) -> Series:
        stats = _stats_frame([series.min(), series.max()])
        mn, mx = stats[_EDGE.format(0)], stats[_EDGE.format(1)]
        constant = (mn == mx).expression
        a, b = mn.expression, mx.expression

        def widened(value: exp.Expression, sign: type[exp.Binary]) -> exp.Expression:
            delta = exp.Case(
                ifs=[
                    exp.If(
                        this=exp.NEQ(this=value.copy(), expression=_float(0)),
                        true=_op(exp.Mul, _float(0.001), exp.Abs(this=value.copy())),
                    )
                ],
                default=_float(0.001),
            )
            return exp.Case(
                ifs=[exp.If(this=constant.copy(), true=_op(sign, value, delta))],
                default=value.copy(),
            )

        lo, hi = widened(a, exp.Sub), widened(b, exp.Add)
        edges = stats.copy()
        edges["__bach_lo"] = mn._derived(lo, "float64")
        edges["__bach_hi"] = mx._derived(hi, "float64")
        edges = edges.materialize(node_name="bin_range")
        low, high = edges["__bach_lo"].expression, edges["__bach_hi"].expression
        a, b = edges[_EDGE.format(0)].expression, edges[_EDGE.format(1)].expression
        constant = exp.EQ(this=a.copy(), expression=b.copy())
        step = _op(exp.Div, _op(exp.Sub, high, low), _float(n))
        adjust = _op(exp.Mul, _op(exp.Sub, b, a), _float(0.001))
        values: list[exp.Expression] = []
        for i in range(n + 1):
            edge: exp.Expression = (
                high.copy() if i == n else _op(exp.Add, _op(exp.Mul, _float(i), step), low)
            )
            if (i == 0 and self.right) or (i == n and not self.right):
                moved = _op(exp.Sub if self.right else exp.Add, edge, adjust)
                edge = exp.Case(ifs=[exp.If(this=constant.copy(), true=edge)], default=moved)
            values.append(edge)
        out = edges[[_EDGE.format(0)]]
        for i, edge in enumerate(values):
            out[_EDGE.format(i)] = edges[_EDGE.format(0)]._derived(edge, "float64")
        out = out.materialize(node_name="bin_edges")
        lowest = self._include_lowest and self.right
        labelled = _labelled(out, n + 1, lowest_adjust=lowest)
        if self.include_empty_bins:
            return _with_empty_bins(
                series, n + 1, labelled, [], [], self.right, self._include_lowest
            )
        return _joined_result(
            series, labelled, n + 1, self.right, include_lowest=self._include_lowest
        )

    def _given_edges(self, series: Series, bins: Any) -> Series:
        try:
            edges = [float(b) for b in bins]
        except (TypeError, ValueError):
            msg = f"cut(bins={bins!r}): give the number of bins (an int) or a list of edges."
            raise InvalidArgumentError(msg) from None
        if len(edges) < 2:
            msg = f"cut(bins={bins!r}): give at least two edges, e.g. [0, 10]."
            raise InvalidArgumentError(msg)
        pairs = list(zip(edges, edges[1:], strict=False))
        if any(b > c for b, c in pairs):
            msg = f"cut(bins={bins!r}): bins must increase monotonically; sort them."
            raise InvalidArgumentError(msg)
        if len(edges) != 2 and any(b == c for b, c in pairs):  # pandas allows 2 equal edges
            msg = (
                f"Bin edges must be unique: {bins!r}; give distinct edges "
                "(pandas: duplicates='drop' drops them)."
            )
            raise DuplicateBinEdgesError(msg)
        # the labels depend only on the given edges: pandas rounds them (no data involved)
        labels = pd.cut(
            np.array([], dtype="float64"),
            edges,
            right=self.right,
            include_lowest=self._include_lowest,
        ).categories
        lows = [float(v) for v in labels.left] + [float(labels.right[-1])]
        if self.include_empty_bins:
            return _with_empty_bins(
                series, len(edges), None, edges, lows, self.right, self._include_lowest
            )
        expression = _assign(
            series.expression,
            [_float(e) for e in edges],
            [_float(v) for v in lows],
            self.right,
            include_lowest=self._include_lowest,
        )
        return series._derived(expression, "numeric_interval", size=series._size + 4 * len(edges))


class QCutOperation:
    """``Series.qcut``: bin the values into quantile intervals, as ``pandas.qcut(series, q)``.

    Parameters
    ----------
    series : SeriesAbstractNumeric
        The values (not grouped).
    q : int or list of float
        The number of quantile bins (``4``: quartiles), or the quantiles that are the edges
        (``[0, 0.5, 1]``).

    Raises
    ------
    DuplicateBinEdgesError
        When two edges are equal (a ValueError, as pandas): that takes one query.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.operations.cut import QCutOperation
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2, 3, 4]}))
    >>> QCutOperation(df.x, q=2)().sort_index().to_pandas().tolist()
    [Interval(0.999, 2.5, closed='right'), Interval(0.999, 2.5, closed='right'), Interval(2.5, 4.0, closed='right'), Interval(2.5, 4.0, closed='right')]
    """

    def __init__(self, series: Any, q: Any) -> None:
        self.series = series
        self.q = q

    def __call__(self) -> Series:
        """The binned Series (a SeriesNumericInterval on the input's index)."""
        series = _check_series(self.series, "qcut")
        q = self.q
        if isinstance(q, (int, np.integer)) and not isinstance(q, bool):
            if q < 1:
                msg = f"qcut(q={q!r}): the number of quantiles must be at least 1."
                raise InvalidArgumentError(msg)
            quantiles = [float(v) for v in np.linspace(0, 1, int(q) + 1)]
        elif isinstance(q, (list, tuple, np.ndarray)) and len(q) >= 2:
            quantiles = [float(v) for v in q]
            if any(not 0 <= v <= 1 for v in quantiles):
                msg = f"qcut(q={q!r}): quantiles must lie between 0 and 1, e.g. [0, 0.5, 1]."
                raise InvalidArgumentError(msg)
        else:
            msg = f"qcut(q={q!r}): give the number of quantiles (an int) or a list of them."
            raise InvalidArgumentError(msg)
        stats = _stats_frame([series.quantile(q=v) for v in quantiles])
        self._check_unique(stats, len(quantiles))
        labelled = _labelled(stats, len(quantiles), lowest_adjust=True)
        return _joined_result(series, labelled, len(quantiles), right=True, include_lowest=True)

    def _check_unique(self, stats: DataFrame, n_edges: int) -> None:
        row = stats.to_pandas().iloc[0]
        values = [float(row[_EDGE.format(i)]) for i in range(n_edges)]
        if any(pd.isna(v) for v in values):
            return  # no values: every interval is missing
        if len(set(values)) < len(values) and len(values) != 2:  # pandas: 2 equal edges are fine
            msg = (
                f"Bin edges must be unique: {values!r} (qcut(q={self.q!r}) of Series "
                f"{self.series.name!r}); use fewer quantiles, or pandas.qcut's duplicates='drop' "
                "on the data in pandas."
            )
            raise DuplicateBinEdgesError(msg)


class _ValueCountBins(CutOperation):
    """The bins of ``Series.value_counts(bins=...)``: pandas cuts with ``include_lowest=True``."""

    _include_lowest = True


_COUNTED = "__bach_counted"
_LOWER = "__bach_lower"
_TOTAL = "__bach_total"


def value_counts_of_bins(
    series: Series, bins: Any, *, normalize: bool, sort: bool, ascending: bool, dropna: bool
) -> Series:
    """``Series.value_counts(bins=...)`` as pandas, all in SQL.

    pandas cuts the values (``include_lowest=True``), counts each bin (0 for an empty one;
    missing values and values in no bin are not counted), orders by bin, then (``sort``) sorts
    stably by the count. ``normalize`` divides by the number of all rows (pandas: "regardless
    of dropna", missing values and values outside the bins included). ``dropna`` only matters
    when no value is in a bin: True gives no rows, False every bin with 0.
    """
    from objectiv_bach.errors import DtypeError
    from objectiv_bach.partitioning import Window
    from objectiv_bach.plan.naming import unused_name
    from objectiv_bach.series.numeric import SeriesAbstractNumeric

    if not isinstance(series, SeriesAbstractNumeric):
        msg = (
            f"value_counts(bins={bins!r}) bins numeric values; Series {series.name!r} has dtype "
            f"{series.dtype!r}. Cast it (astype('float64')) or leave out bins."
        )
        raise DtypeError(msg)
    name = unused_name("value_counts", [series.name])
    binned = _ValueCountBins(series.rename(_COUNTED), bins, include_empty_bins=True)()
    counts = binned.reset_index().groupby(RANGE_SERIES_NAME)[_COUNTED].count()
    frame = counts.rename(name).to_frame().reset_index()
    frame[_LOWER] = frame[RANGE_SERIES_NAME].levels["lower"]
    if normalize:
        everything = series.isnull().count().rename(_TOTAL).to_frame()
        frame = frame.merge(everything.materialize(node_name="value_counts_rows"), how="cross")
    if dropna:  # no value in any bin: no rows (as pandas)
        window = Window().over(exp.Sum(this=frame[name].expression.copy()), with_frame=False)
        frame["__bach_in_bins"] = frame[name]._derived(window, "int64")
        frame = frame.materialize(node_name="value_counts_in_bins")
        frame = frame[frame["__bach_in_bins"] > 0]
    if normalize:
        total = exp.Nullif(this=frame[_TOTAL].expression.copy(), expression=exp.Literal.number(0))
        share = exp.Div(
            this=_double(frame[name].expression), expression=total, safe=False, typed=False
        )
        frame[name] = frame[name]._derived(share, "float64")
    if sort:
        frame = frame.sort_values([name, _LOWER], ascending=[ascending, True])
    else:
        frame = frame.sort_values(_LOWER)
    frame = frame.rename(columns={RANGE_SERIES_NAME: series.name})
    return frame.set_index(series.name)[name]
