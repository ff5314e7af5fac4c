"""``DataFrameConcatOperation`` and ``SeriesConcatOperation``: the original's concat classes.

The original model hub called them directly (``FunnelDiscovery``); here they are thin callables
over :meth:`DataFrame.append <objectiv_bach.DataFrame.append>` and
:meth:`Series.append <objectiv_bach.Series.append>` (``src/objectiv_bach/append.py``: one
``UNION ALL`` node), so both spellings give the same plan and the same rows.

Examples
--------
>>> import pandas as pd, objectiv_bach as bach
>>> from objectiv_bach.operations.concat import DataFrameConcatOperation
>>> a = bach.from_pandas(None, pd.DataFrame({'x': [1, 2]}))
>>> b = bach.from_pandas(None, pd.DataFrame({'x': [3], 'y': ['c']}))
>>> both = DataFrameConcatOperation([a, b], ignore_index=True)()
>>> both.sort_values('x').to_pandas()
   x    y
0  1  NaN
1  2  NaN
2  3    c
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from objectiv_bach.errors import InvalidArgumentError, InvalidArgumentTypeError

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series

__all__ = ["DataFrameConcatOperation", "SeriesConcatOperation"]


def _checked(objects: Any, kind: type, kinds: str, what: str) -> list[Any]:
    if not isinstance(objects, Sequence) or isinstance(objects, str):
        msg = f"{what} takes a list of {kinds}, got {type(objects).__name__} {objects!r}."
        raise InvalidArgumentTypeError(msg)
    items = list(objects)
    if not items:
        msg = f"{what}: no objects to concatenate (got {objects!r}); pass at least one."
        raise InvalidArgumentError(msg)
    for position, item in enumerate(items):
        if not isinstance(item, kind):
            # a frame's repr would run a query: name its type (and its name, for a Series)
            label = type(item).__name__
            if hasattr(item, "name"):
                label += f" {item.name!r}"
            msg = (
                f"{what} concatenates {kinds} only, got a {label} at position {position}. "
                "Convert it first: Series.to_frame(), or df['column'] for a Series."
            )
            raise InvalidArgumentTypeError(msg)
    return items


class DataFrameConcatOperation:
    """The rows of several DataFrames, one after the other (``pandas.concat(objects)``).

    As the original ``bach.operations.concat.DataFrameConcatOperation``: construct, then call.
    Columns are aligned by name (a column a frame lacks is NULL in its rows; int64 and float64
    give float64); the frames must have the same index names unless ``ignore_index``.

    Parameters
    ----------
    objects : list of DataFrame
        The frames, in order.
    ignore_index : bool, default False
        Drop the indexes (the result has none), as ``pandas.concat(ignore_index=True)`` gives a
        new range index.
    sort : bool, default False
        Sort the result's data columns by name (else: in order of first appearance).

    Raises
    ------
    InvalidArgumentError
        For no objects (a ``ValueError``, as the original).
    InvalidArgumentTypeError
        For something that is not a DataFrame in ``objects`` (also a ``TypeError``).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.operations.concat import DataFrameConcatOperation
    >>> a = bach.from_pandas(None, pd.DataFrame({'b': [1], 'a': [1.5]}))
    >>> c = bach.from_pandas(None, pd.DataFrame({'a': [2.5]}))
    >>> DataFrameConcatOperation([a, c], ignore_index=True, sort=True)().columns
    ['a', 'b']
    """

    def __init__(
        self, objects: Sequence[DataFrame], ignore_index: bool = False, sort: bool = False
    ) -> None:
        self.objects = objects
        self.ignore_index = ignore_index
        self.sort = sort

    def __call__(self) -> DataFrame:
        """The concatenated frame (one ``UNION ALL`` node)."""
        from objectiv_bach.dataframe import DataFrame

        frames = _checked(self.objects, DataFrame, "DataFrames", "DataFrameConcatOperation")
        first, rest = frames[0], frames[1:]
        if not rest:  # the original: a copy (without its index under ignore_index)
            return first.reset_index(drop=True) if self.ignore_index else first.copy()
        return first.append(rest, ignore_index=self.ignore_index, sort=self.sort)


class SeriesConcatOperation:
    """The values of several Series, one after the other, under the first one's name.

    As the original ``bach.operations.concat.SeriesConcatOperation`` (behind
    :meth:`Series.append <objectiv_bach.Series.append>`): construct, then call. int64 and
    float64 give float64; the indexes must have the same names unless ``ignore_index``.

    Parameters
    ----------
    objects : list of Series
        The Series, in order.
    ignore_index : bool, default False
        Drop the indexes.

    Raises
    ------
    InvalidArgumentError
        For no objects (a ``ValueError``).
    InvalidArgumentTypeError
        For something that is not a Series in ``objects`` (also a ``TypeError``).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.operations.concat import SeriesConcatOperation
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2], 'y': [0.5, 7.0]}))
    >>> both = SeriesConcatOperation([df.x, df.y], ignore_index=True)()
    >>> both.name, both.dtype, sorted(both.to_pandas().tolist())
    ('x', 'float64', [0.5, 1.0, 2.0, 7.0])
    """

    def __init__(self, objects: Sequence[Series], ignore_index: bool = False) -> None:
        self.objects = objects
        self.ignore_index = ignore_index

    def __call__(self) -> Series:
        """The concatenated Series (one ``UNION ALL`` node)."""
        from objectiv_bach.series.base import Series

        items = _checked(self.objects, Series, "Series", "SeriesConcatOperation")
        first, rest = items[0], items[1:]
        if not rest:
            if self.ignore_index:
                return first.reset_index(drop=True)  # type: ignore[no-any-return]
            return first.copy_override()
        return first.append(rest, ignore_index=self.ignore_index)
