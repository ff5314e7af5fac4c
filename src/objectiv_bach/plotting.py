"""``DataFrame.plot``: histograms binned in SQL, bar and line charts of an aggregated frame.

Only small results travel to Python: a histogram runs one query for the value range of the
numeric columns and one for the count per (column, bin); ``bar`` and ``line`` run the frame's
own query, meant for an aggregated frame (``df.groupby('g').sum()``), and refuse one of more than
:data:`PLOT_MAX_ROWS` rows. The drawing is pandas' (``pandas.DataFrame.plot``), so every pandas
keyword works. matplotlib is imported only when a plot is drawn: it comes with the ``demo``
extra (``pip install 'objectiv-bach[demo]'``).

The bins are numpy's: ``bins + 1`` equally spaced edges from the smallest to the largest value
of all numeric columns together (pandas' ``DataFrame.plot.hist`` shares one set of bins across
the columns); a bin holds ``edge[i] <= x < edge[i + 1]``, the last one also its right edge.
A value's bin is computed in SQL by comparing it with the edges, so the counts equal
``numpy.histogram``'s on the same data.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlglot import exp

from objectiv_bach.errors import (
    DtypeError,
    InvalidArgumentError,
    MissingDependencyError,
    UnsupportedOperationError,
)
from objectiv_bach.types import is_numeric, literal

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

#: the most rows ``plot.bar`` / ``plot.line`` bring to Python
PLOT_MAX_ROWS = 10_000
_BIN = "__bin"


def _pyplot() -> Any:
    """The pyplot module of matplotlib, or a clear error naming the extra that installs it."""
    try:
        return importlib.import_module("matplotlib.pyplot")
    except ImportError as e:
        msg = (
            "Plotting needs matplotlib, which objectiv-bach installs with its 'demo' extra: "
            "pip install 'objectiv-bach[demo]' (or pip install matplotlib)."
        )
        raise MissingDependencyError(msg) from e


class PlotHandler:
    """``df.plot``: ``hist`` (binned in SQL), ``bar`` and ``line`` (of an aggregated frame).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use('Agg')
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 2.0, 2.5, 4.0]}))
    >>> counts, edges = df.plot.histogram(bins=3)
    >>> counts.x.tolist(), edges.tolist()
    ([1, 2, 1], [1.0, 2.0, 3.0, 4.0])
    """

    def __init__(self, frame: DataFrame) -> None:
        self._frame = frame

    def __repr__(self) -> str:
        return "PlotHandler(hist, histogram, bar, line)"

    # ---------------------------------------------------------------------- histograms
    def histogram(self, bins: int = 10) -> tuple[pd.DataFrame, np.ndarray]:
        """The histogram counts of the numeric columns, computed in SQL (two queries).

        Parameters
        ----------
        bins : int, default 10
            The number of equal-width bins over the range of all numeric columns together.

        Returns
        -------
        counts : pandas.DataFrame
            One row per bin (0 .. ``bins - 1``), one int64 column of counts per numeric column.
        edges : numpy.ndarray
            The ``bins + 1`` bin edges (``numpy.histogram_bin_edges``).

        Raises
        ------
        InvalidArgumentError
            For ``bins`` that is not a positive int, or a grouped frame.
        DtypeError
            When the frame has no int64 or float64 data column.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2, 2, 9], 'b': [3, None, 3, 3]}))
        >>> counts, edges = df.plot.histogram(bins=4)
        >>> print(counts.to_string())
           a  b
        0  3  0
        1  0  3
        2  0  0
        3  1  0
        >>> edges.tolist()
        [1.0, 3.0, 5.0, 7.0, 9.0]
        """
        if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
            msg = f"bins={bins!r}: give the number of bins, a positive int (default 10)."
            raise InvalidArgumentError(msg)
        frame = self._frame
        if frame.group_by is not None:
            msg = (
                "plot on a grouped frame: aggregate it first (e.g. df.groupby('g').sum()), or "
                "plot the rows of the frame before groupby()."
            )
            raise InvalidArgumentError(msg)
        numeric = [name for name, s in frame.data.items() if is_numeric(s.dtype)]
        if not numeric:
            msg = (
                f"No numeric data to plot: the data columns {frame.dtypes!r} have no int64 or "
                "float64 column. Cast one first, e.g. df['x'].astype('float64')."
            )
            raise DtypeError(msg)
        data = frame[numeric].reset_index(drop=True)
        bounds = data.agg(["min", "max"]).to_pandas()
        lows = [bounds[f"{n}_min"].iloc[0] for n in numeric]
        highs = [bounds[f"{n}_max"].iloc[0] for n in numeric]
        present = [v for v in (*lows, *highs) if not pd.isna(v)]
        low, high = (float(min(present)), float(max(present))) if present else (0.0, 1.0)
        edges = np.histogram_bin_edges(np.array([low, high]), bins=int(bins))
        counts = pd.DataFrame(
            0, index=pd.RangeIndex(int(bins)), columns=pd.Index(numeric, dtype=object)
        )
        if not present:
            return counts.astype("int64"), edges
        stacked = data.astype("float64") if len({s.dtype for s in data.data.values()}) > 1 else data
        values = stacked.stack(dropna=True)
        from objectiv_bach.reshape import STACKED_INDEX

        ranked = values.to_frame()
        ranked[_BIN] = values._derived(_bin_expression(values.expression, edges), "int64")
        found = ranked.reset_index().groupby([STACKED_INDEX, _BIN])[values.name].count()
        for (column, bin_number), count in found.to_pandas().items():
            counts.loc[int(bin_number), column] = int(count)
        return counts.astype("int64"), edges

    def hist(self, by: Any = None, bins: int = 10, **kwargs: Any) -> Any:
        """A histogram of the numeric columns: counted in SQL, drawn by pandas (matplotlib).

        As the original Bach (and ``pandas.DataFrame.plot.hist``): one set of ``bins``
        equal-width bins over all numeric columns; only the counts leave the database (see
        :meth:`histogram`), and pandas draws them as weights.

        Parameters
        ----------
        by : None
            Not supported (as the original): raises.
        bins : int, default 10
            The number of bins.
        **kwargs
            Passed to ``pandas.DataFrame.plot.hist`` (``alpha``, ``ax``, ``title`` ...).

        Returns
        -------
        matplotlib.axes.Axes

        Raises
        ------
        UnsupportedOperationError
            For ``by`` (a ``NotImplementedError``, as the original).
        MissingDependencyError
            Without matplotlib (an ``ImportError``): install the ``demo`` extra.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use('Agg')
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 2.0, 2.5, 4.0]}))
        >>> ax = df.plot.hist(bins=3)
        >>> [float(p.get_height()) for p in ax.patches]
        [1.0, 2.0, 1.0]
        """
        if by is not None:
            what = "DataFrame.plot.hist(by=...)"
            raise UnsupportedOperationError(
                what,
                None,
                "Filter the frame per group (df[df.g == value].plot.hist()) instead.",
            )
        _pyplot()
        counts, edges = self.histogram(bins=bins)
        middles = (edges[:-1] + edges[1:]) / 2
        points = pd.DataFrame({c: middles for c in counts.columns})
        kwargs.setdefault("weights", counts.to_numpy(dtype="float64"))
        return points.plot.hist(bins=edges, **kwargs)

    # ---------------------------------------------------------------------- aggregated frames
    def _small_result(self, kind: str) -> pd.DataFrame:
        result = self._frame.to_pandas(limit=PLOT_MAX_ROWS + 1)
        if len(result) > PLOT_MAX_ROWS:
            msg = (
                f"plot.{kind}() draws the frame's rows, and it has more than {PLOT_MAX_ROWS}: "
                "aggregate it first (e.g. df.groupby('g').sum()), or take df[:n]."
            )
            raise InvalidArgumentError(msg)
        return result

    def bar(self, x: Any = None, y: Any = None, **kwargs: Any) -> Any:
        """A bar chart of the frame's rows (one query), drawn by ``pandas.DataFrame.plot.bar``.

        Meant for an aggregated frame: the index labels the bars.

        Parameters
        ----------
        x, y : str, optional
            Columns for the x-axis and the bars, as in pandas (default: the index, every
            column).
        **kwargs
            Passed to pandas.

        Returns
        -------
        matplotlib.axes.Axes

        Raises
        ------
        InvalidArgumentError
            When the frame has more than :data:`PLOT_MAX_ROWS` rows.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use('Agg')
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'a'], 'n': [1, 2, 3]}))
        >>> ax = df.groupby('g').sum().sort_index().plot.bar()
        >>> [float(p.get_height()) for p in ax.patches]
        [4.0, 2.0]
        """
        _pyplot()
        return self._small_result("bar").plot.bar(x=x, y=y, **kwargs)

    def line(self, x: Any = None, y: Any = None, **kwargs: Any) -> Any:
        """A line chart of the frame's rows (one query), drawn by ``pandas.DataFrame.plot.line``.

        Sort the frame first (``sort_index()``, ``sort_values``): the rows are drawn in the
        frame's order.

        Parameters
        ----------
        x, y : str, optional
            Columns for the x-axis and the lines, as in pandas (default: the index, every
            column).
        **kwargs
            Passed to pandas.

        Returns
        -------
        matplotlib.axes.Axes

        Raises
        ------
        InvalidArgumentError
            When the frame has more than :data:`PLOT_MAX_ROWS` rows.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use('Agg')
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [2, 1, 2], 'n': [1, 2, 3]}))
        >>> ax = df.groupby('day').sum().sort_index().plot.line()
        >>> ax.get_lines()[0].get_ydata().tolist()
        [2, 4]
        """
        _pyplot()
        return self._small_result("line").plot.line(x=x, y=y, **kwargs)


def _bin_expression(value: exp.Expression, edges: np.ndarray) -> exp.Expression:
    """The bin number (0 .. len(edges) - 2) of ``value``, numpy's rule, by comparing the edges."""
    ifs = [
        exp.If(
            this=exp.GTE(this=value.copy(), expression=literal(float(edge), "float64")),
            true=exp.Literal.number(i),
        )
        for i, edge in reversed(list(enumerate(edges[1:-1], start=1)))
    ]
    if not ifs:  # one bin: a constant (the renderer groups it without GROUP BY 0)
        return exp.Literal.number(0)
    return exp.Case(ifs=ifs, default=exp.Literal.number(0))
