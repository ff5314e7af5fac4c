"""string Series and the ``.str`` accessor."""

from __future__ import annotations

import builtins
from typing import Any

from sqlglot import exp

from objectiv_bach.errors import InvalidArgumentError
from objectiv_bach.series.base import _COMPARISONS, Series, paren
from objectiv_bach.types import register_dtype
from objectiv_bach.validation import check_int, check_row_slice, check_str, is_int


@register_dtype()
class SeriesString(Series):
    """A string Series, with the ``.str`` accessor.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'s': [' Snits ', 'Drylts']}))
    >>> df.s.str.strip().str.upper().sort_index().to_pandas().tolist()
    ['SNITS', 'DRYLTS']
    """

    dtype = "string"

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if other.dtype != "string":
            return NotImplemented
        if op in _COMPARISONS:
            return self._compare(other, op)
        if op == "+":
            return self._combine(
                other,
                exp.DPipe(this=paren(self._expression), expression=paren(other._expression)),
                "string",
            )
        return NotImplemented

    @property
    def str(self) -> StringAccessor:
        """The ``.str`` accessor: ``len``, ``lower``, ``upper``, ``strip``, slices, ..."""
        return StringAccessor(self)

    def get_dummies(
        self,
        prefix: builtins.str | None = None,
        prefix_sep: builtins.str = "_",
        dummy_na: bool = False,
        dtype: builtins.str = "int64",
    ) -> Any:
        """One indicator column per distinct value, as ``pandas.get_dummies`` of a Series.

        One query finds the values. Columns are named by the value, or
        ``<prefix><prefix_sep><value>``; a missing value gives 0 everywhere (or 1 in the ``nan``
        column with ``dummy_na``).

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', None, 'Drylts']}))
        >>> print(df.city.get_dummies().sort_index().to_pandas().to_string(index=False))
         Drylts  Snits
              0      1
              0      0
              1      0
        """
        from objectiv_bach.dummies import get_dummies

        return get_dummies(
            self.to_frame()[[self.name]],
            prefix=prefix,
            prefix_sep=prefix_sep,
            dummy_na=dummy_na,
            columns=[self.name],
            dtype=dtype,
            bare=prefix is None,
        )


class StringAccessor:
    """``.str``: string functions (``len``, ``lower``, ``upper``, slicing, ``replace``...).

    Slices (``.str[1:3]``) take non-negative bounds; ``contains`` and ``replace`` take plain
    strings (no regular expressions).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'city': [' Snits', 'Drylts ', None]}))
    >>> df['clean'] = df.city.str.strip()
    >>> df['upper'] = df.clean.str.upper()
    >>> df['length'] = df.clean.str.len()
    >>> df['start'] = df.clean.str[:3]
    >>> df['has_s'] = df.clean.str.contains('s')
    >>> df['other'] = df.clean.str.replace('ts', 'tz')
    >>> print(df.drop(columns=['city']).sort_index().to_pandas().to_string(index=False))
     clean  upper  length start has_s  other
     Snits  SNITS     5.0   Sni  True  Snitz
    Drylts DRYLTS     6.0   Dry  True Dryltz
       NaN    NaN     NaN   NaN  None    NaN
    """

    def __init__(self, series: SeriesString):
        self._series = series

    def _apply(self, expression: exp.Expression, dtype: str = "string") -> Series:
        return self._series._derived(expression, dtype, size=self._series._size + 2)

    def len(self) -> Series:
        """The number of characters of each value (an int64 Series).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'s': ['Snits', 'Ljouwert']}))
        >>> df.s.str.len().sort_index().to_pandas().tolist()
        [5, 8]
        """
        return self._apply(exp.Length(this=self._series.expression), "int64")

    def lower(self) -> Series:
        """The values in lower case."""
        return self._apply(exp.Lower(this=self._series.expression))

    def upper(self) -> Series:
        """The values in upper case."""
        return self._apply(exp.Upper(this=self._series.expression))

    def strip(self) -> Series:
        """The values without leading and trailing spaces."""
        return self._apply(exp.Trim(this=self._series.expression))

    def startswith(self, prefix: str | tuple[str, ...]) -> Series:
        """Whether each value starts with ``prefix`` (a str, or a tuple of them: any of them).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'s': ['Snits', 'Ljouwert']}))
        >>> df.s.str.startswith('Lj').sort_index().to_pandas().tolist()
        [False, True]
        """
        if isinstance(prefix, tuple) and prefix:
            prefixes = [check_str(p, "str.startswith(pat=...)") for p in prefix]
        else:
            prefixes = [
                check_str(
                    prefix,
                    "str.startswith(pat=...)",
                    hint="Pass a tuple for several prefixes, as in pandas.",
                )
            ]
        tests = [
            exp.StartsWith(this=self._series.expression, expression=exp.Literal.string(p))
            for p in prefixes
        ]
        condition: exp.Expression = tests[0]
        for test in tests[1:]:
            condition = exp.Or(this=paren(condition), expression=test)
        return self._apply(condition, "bool")

    def contains(self, pat: str, regex: bool = False) -> Series:
        """True where the value contains ``pat`` (a plain substring; regex=False only)."""
        if regex:
            msg = "str.contains(regex=True) is not supported yet; pass regex=False."
            raise InvalidArgumentError(msg)
        check_str(pat, "str.contains(pat=...)")
        position = exp.StrPosition(this=self._series.expression, substr=exp.Literal.string(pat))
        return self._apply(exp.GT(this=position, expression=exp.Literal.number(0)), "bool")

    def replace(
        self,
        pat: str,
        repl: str,
        n: int = -1,
        case: Any = None,
        flags: int = 0,
        regex: bool = False,
    ) -> Series:
        """Replace every occurrence of the plain string ``pat`` with ``repl``."""
        if regex or n != -1 or case is not None or flags:
            msg = "str.replace supports plain strings and n=-1 only (no regex, case or flags)."
            raise InvalidArgumentError(msg)
        check_str(pat, "str.replace(pat=...)")
        check_str(repl, "str.replace(repl=...)")
        return self._apply(
            exp.Replace(
                this=self._series.expression,
                expression=exp.Literal.string(pat),
                replacement=exp.Literal.string(repl),
            )
        )

    def slice(self, start: int | None = None, stop: int | None = None) -> Series:
        """Characters ``start:stop`` (0-based, non-negative bounds, as Python slicing)."""
        check_int(start, "str.slice(start=...)", allow_none=True)
        check_int(stop, "str.slice(stop=...)", allow_none=True)
        if (start is not None and start < 0) or (stop is not None and stop < 0):
            msg = f"str.slice with negative bounds ({start!r}, {stop!r}) is not supported."
            raise InvalidArgumentError(msg)
        begin = start or 0
        args = {"this": self._series.expression, "start": exp.Literal.number(begin + 1)}
        if stop is not None:
            args["length"] = exp.Literal.number(max(stop - begin, 0))
        return self._apply(exp.Substring(**args))

    def __getitem__(self, key: int | builtins.slice) -> Series:
        if isinstance(key, slice):
            check_row_slice(key, "str[...]")
            if key.step not in (None, 1):
                msg = f"str[{key!r}]: slices with a step are not supported."
                raise InvalidArgumentError(msg)
            return self.slice(key.start, key.stop)
        if is_int(key) and key >= 0:
            return self.slice(key, key + 1)
        msg = f"str[{key!r}]: use a non-negative int or a slice."
        raise InvalidArgumentError(msg)
