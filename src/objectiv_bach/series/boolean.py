"""bool Series."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from objectiv_bach.series.base import _COMPARISONS, Series, paren
from objectiv_bach.types import register_dtype


@register_dtype()
class SeriesBoolean(Series):
    """A bool Series: comparisons and filters; ``&``, ``|``, ``^``, ``~`` with Kleene logic.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5, None]}))
    >>> (df.x > 2).sort_index().to_pandas().tolist()
    [False, True, None]
    """

    dtype = "bool"

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if other.dtype != "bool":
            return NotImplemented
        a, b = paren(self._expression), paren(other._expression)
        if op in _COMPARISONS:
            return self._compare(other, op)
        if op == "&":
            return self._combine(other, exp.And(this=a, expression=b), "bool")
        if op == "|":
            return self._combine(other, exp.Or(this=a, expression=b), "bool")
        if op == "^":
            return self._combine(other, exp.NEQ(this=a, expression=b), "bool")
        return NotImplemented

    def __invert__(self) -> Series:
        return self._derived(exp.Not(this=paren(self._expression)), size=self._size + 1)

    def min(self, partition: Any = None, skipna: bool = True) -> Series:
        """True when all values are True (``LOGICAL_AND`` / ``BOOL_AND``), per group.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'], 'b': [True, False, True]}))
        >>> df.groupby('g').b.min().sort_index().to_pandas().to_dict()
        {'a': False, 'b': True}
        """
        return self._aggregate(
            exp.LogicalAnd(this=self._agg_input("min")), "bool", "min", partition, skipna
        )

    def max(self, partition: Any = None, skipna: bool = True) -> Series:
        """True when any value is True (``LOGICAL_OR`` / ``BOOL_OR``), per group.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'], 'b': [True, False, True]}))
        >>> df.groupby('g').b.max().sort_index().to_pandas().to_dict()
        {'a': True, 'b': True}
        """
        return self._aggregate(
            exp.LogicalOr(this=self._agg_input("max")), "bool", "max", partition, skipna
        )

    def sum(
        self, partition: Any = None, skipna: bool = True, min_count: int | None = None
    ) -> Series:
        """Number of True values.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'], 'b': [True, False, True]}))
        >>> df.b.sum().value
        np.int64(2)
        """
        return self.astype("int64").sum(partition=partition, skipna=skipna, min_count=min_count)
