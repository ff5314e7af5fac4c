"""string Series and the ``.str`` accessor."""

from __future__ import annotations

import builtins
import re
from typing import Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach import regex as portable_regex
from objectiv_bach.errors import InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.series import string_ops
from objectiv_bach.series.base import _COMPARISONS, Series, paren
from objectiv_bach.types import register_dtype
from objectiv_bach.validation import (
    check_bool,
    check_choice,
    check_int,
    check_row_slice,
    check_str,
    is_int,
)


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

    def to_json_array(self, partition: Any = None) -> Series:
        """The non-missing values as one JSON array (per group when grouped), in sort order.

        An aggregate, as the original: the elements follow this Series' sort order
        (``sort_values`` first), else their order is undefined. A group with no values gives
        ``[]``.

        Parameters
        ----------
        partition : None
            Only None: group with ``groupby()`` (a window over the frame is not supported).

        Returns
        -------
        SeriesJson

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': [1, 1, 2, 1], 's': ['b', 'a', 'c', None]}))
        >>> df = df.sort_values('s')
        >>> df.s.to_json_array().value
        ['a', 'b', 'c']
        >>> df.groupby('g').s.to_json_array().sort_index().to_pandas().tolist()
        [['a', 'b'], ['c']]
        """
        if partition is not None:
            msg = "to_json_array(partition=...)"
            raise UnsupportedOperationError(
                msg, None, "Group first: df.groupby(...).column.to_json_array()."
            )
        order = (
            exp.Order(expressions=[column.ordered() for column in self.order_by])
            if self.order_by
            else None
        )
        return self._aggregate(
            bx.JsonArrayAgg(this=self._agg_input("to_json_array"), order=order),
            "json",
            "to_json_array",
        )

    @property
    def str(self) -> StringAccessor:
        """The ``.str`` accessor: ``len``, ``lower``, ``upper``, ``strip``, slices, ...

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'s': ['Ab', 'c']}))
        >>> df.s.str.upper().sort_index().to_pandas().tolist()
        ['AB', 'C']
        """
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


def _examples(values: list[Any]) -> Any:
    """A one-column frame ``s`` on in-memory DuckDB (for the examples)."""
    import pandas as pd

    import objectiv_bach as bach

    return bach.from_pandas(None, pd.DataFrame({"s": values})).s.sort_index()


class StringAccessor:
    """``.str``: pandas' string methods, with one meaning on every engine.

    Positions count characters (not bytes) and may be negative, as in Python. ``contains`` and
    ``replace`` take regular expressions in the portable syntax of :mod:`objectiv_bach.regex`
    (a pattern outside it raises, naming what to change).

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

    def _apply(self, expression: exp.Expression, dtype: Any = "string") -> Series:
        return self._series._derived(expression, dtype, size=self._series._size + 2)

    @property
    def _x(self) -> exp.Expression:
        return self._series.expression

    # ------------------------------------------------------------------ case and length
    def len(self) -> Series:
        """The number of characters of each value (an int64 Series).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'s': ['Snits', 'Ljouwert']}))
        >>> df.s.str.len().sort_index().to_pandas().tolist()
        [5, 8]
        """
        return self._apply(exp.Length(this=self._x), "int64")

    def lower(self) -> Series:
        """The values in lower case.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> _examples(['Snits', 'ÉÉN']).str.lower().to_pandas().tolist()
        ['snits', 'één']
        """
        return self._apply(exp.Lower(this=self._x))

    def upper(self) -> Series:
        """The values in upper case.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> _examples(['Snits', 'één']).str.upper().to_pandas().tolist()
        ['SNITS', 'ÉÉN']
        """
        return self._apply(exp.Upper(this=self._x))

    # ------------------------------------------------------------------ stripping
    def _trim(self, to_strip: str | None, position: str | None, what: str) -> Series:
        chars = string_ops.WHITESPACE if to_strip is None else check_str(to_strip, what)
        if chars == "":
            return self._series
        args: dict[str, Any] = {"this": self._x, "expression": exp.Literal.string(chars)}
        if position:
            args["position"] = position
        return self._apply(exp.Trim(**args))

    def strip(self, to_strip: str | None = None) -> Series:
        r"""Remove leading and trailing characters, as pandas' ``str.strip``.

        Parameters
        ----------
        to_strip : str, optional
            The set of characters to remove; by default every whitespace character (Python's
            ``str.isspace``: spaces, tabs, newlines, Unicode spaces).

        Returns
        -------
        Series
            A string Series.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> _examples([' Snits\t', '\nDrylts ']).str.strip().to_pandas().tolist()
        ['Snits', 'Drylts']
        >>> _examples(['--Snits-']).str.strip('-').to_pandas().tolist()
        ['Snits']
        """
        return self._trim(to_strip, None, "str.strip(to_strip=...)")

    def lstrip(self, to_strip: str | None = None) -> Series:
        """Remove leading characters (whitespace by default), as pandas' ``str.lstrip``.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> _examples(['  Snits  ']).str.lstrip().to_pandas().tolist()
        ['Snits  ']
        """
        return self._trim(to_strip, "LEADING", "str.lstrip(to_strip=...)")

    def rstrip(self, to_strip: str | None = None) -> Series:
        """Remove trailing characters (whitespace by default), as pandas' ``str.rstrip``.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> _examples(['  Snits  ', 'x..']).str.rstrip(' .').to_pandas().tolist()
        ['  Snits', 'x']
        """
        return self._trim(to_strip, "TRAILING", "str.rstrip(to_strip=...)")

    # ------------------------------------------------------------------ tests
    def startswith(self, pat: str | tuple[str, ...]) -> Series:
        """Whether each value starts with ``pat`` (a str, or a tuple of them: any of them).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'s': ['Snits', 'Ljouwert']}))
        >>> df.s.str.startswith('Lj').sort_index().to_pandas().tolist()
        [False, True]
        """
        return self._any_of(
            pat,
            "str.startswith(pat=...)",
            lambda p: exp.StartsWith(this=self._x, expression=exp.Literal.string(p)),
        )

    def endswith(self, pat: str | tuple[str, ...]) -> Series:
        """Whether each value ends with ``pat`` (a str, or a tuple of them: any of them).

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> _examples(['Snits', 'Ljouwert', None]).str.endswith(('ts', 'rt')).to_pandas().tolist()
        [True, True, None]
        """

        def test(p: str) -> exp.Expression:
            # the last len(p) characters are p (RIGHT(x, 0) is '')
            last = exp.Right(this=self._x, expression=exp.Literal.number(len(p)))
            return exp.EQ(this=last, expression=exp.Literal.string(p))

        return self._any_of(pat, "str.endswith(pat=...)", test)

    def _any_of(self, pat: Any, what: str, test: Any) -> Series:
        if isinstance(pat, tuple) and pat:
            patterns = [check_str(p, what) for p in pat]
        else:
            patterns = [check_str(pat, what, hint="Pass a tuple for several, as in pandas.")]
        condition: exp.Expression = test(patterns[0])
        for p in patterns[1:]:
            condition = exp.Or(this=paren(condition), expression=paren(test(p)))
        return self._apply(condition, "bool")

    def contains(
        self, pat: str, case: bool = True, flags: int = 0, na: Any = None, regex: bool = True
    ) -> Series:
        r"""True where the value contains ``pat``, as pandas' ``str.contains``.

        Parameters
        ----------
        pat : str
            A regular expression (portable syntax, see :mod:`objectiv_bach.regex`), or a plain
            substring with ``regex=False``.
        case : bool, default True
            False ignores case (Unicode case folding on every engine).
        flags : int, default 0
            0, or ``re.IGNORECASE`` (the same as ``case=False``).
        na : None
            Missing values stay missing (the only supported value).
        regex : bool, default True
            Whether ``pat`` is a regular expression, as pandas.

        Returns
        -------
        Series
            A bool Series; NULL where the value is NULL.

        Raises
        ------
        InvalidArgumentError
            For a pattern outside the portable syntax (``\d``, look-arounds, ...), naming it.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> s = _examples(['Snits', 'Drylts', 'Ljouwert', None])
        >>> s.str.contains('ts$').to_pandas().tolist()
        [True, True, False, None]
        >>> s.str.contains('l[jt]', case=False).to_pandas().tolist()
        [False, True, True, None]
        >>> s.str.contains('.', regex=False).to_pandas().tolist()
        [False, False, False, None]
        """
        check_str(pat, "str.contains(pat=...)")
        case = check_bool(case, "str.contains(case=...)") and self._case_flags(flags, "contains")
        if na is not None:
            msg = (
                f"str.contains(na={na!r}): only na=None is supported; use .fillna() on the result."
            )
            raise InvalidArgumentError(msg)
        if check_bool(regex, "str.contains(regex=...)"):
            portable_regex.parse(pat, for_replace=False)  # refuse early, with the pattern
            return self._apply(
                bx.RegexSearch(
                    this=self._x, pattern=exp.Literal.string(pat), case=exp.Boolean(this=case)
                ),
                "bool",
            )
        if not case:
            return self._apply(
                bx.RegexSearch(
                    this=self._x,
                    pattern=exp.Literal.string(re.escape(pat)),
                    case=exp.Boolean(this=False),
                ),
                "bool",
            )
        position = exp.StrPosition(this=self._x, substr=exp.Literal.string(pat))
        return self._apply(exp.GT(this=position, expression=exp.Literal.number(0)), "bool")

    @staticmethod
    def _case_flags(flags: Any, what: str) -> bool:
        """False when ``flags`` asks for IGNORECASE; raises for other flags."""
        check_int(flags, f"str.{what}(flags=...)")
        if flags not in (0, re.IGNORECASE):
            msg = f"str.{what}(flags={flags!r}): only 0 and re.IGNORECASE are supported."
            raise InvalidArgumentError(msg)
        return flags == 0

    def replace(
        self,
        pat: str,
        repl: str,
        n: int = -1,
        case: bool | None = None,
        flags: int = 0,
        regex: bool = False,
    ) -> Series:
        r"""Replace every occurrence of ``pat`` with ``repl``, as pandas' ``str.replace``.

        Parameters
        ----------
        pat : str
            A plain string, or with ``regex=True`` a regular expression in the portable syntax
            (see :mod:`objectiv_bach.regex`), without groups or alternation, that cannot match
            the empty string.
        repl : str
            The replacement text (with ``regex=True``, Python escapes such as ``\n`` are read;
            group references are refused).
        n : int, default -1
            Only -1 (replace all), as the original.
        case : bool, optional
            False ignores case (True when None).
        flags : int, default 0
            0, or ``re.IGNORECASE``.
        regex : bool, default False
            Whether ``pat`` is a regular expression.

        Returns
        -------
        Series
            A string Series.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> s = _examples(['Snits', 'Drylts  ', 'a.b.c'])
        >>> s.str.replace('.', '-').to_pandas().tolist()
        ['Snits', 'Drylts  ', 'a-b-c']
        >>> s.str.replace('[aeiouy]+', '_', regex=True).to_pandas().tolist()
        ['Sn_ts', 'Dr_lts  ', '_.b.c']
        >>> s.str.replace('S', 's', case=False).to_pandas().tolist()
        ['snits', 'Drylts  ', 'a.b.c']
        """
        check_str(pat, "str.replace(pat=...)")
        check_str(repl, "str.replace(repl=...)")
        check_int(n, "str.replace(n=...)")
        if n != -1:
            msg = f"str.replace(n={n!r}): only n=-1 (replace every occurrence) is supported."
            raise InvalidArgumentError(msg)
        ignore_case = (case is not None and not check_bool(case, "str.replace(case=...)")) or (
            not self._case_flags(flags, "replace")
        )
        if not check_bool(regex, "str.replace(regex=...)") and not ignore_case:
            return self._apply(
                exp.Replace(
                    this=self._x,
                    expression=exp.Literal.string(pat),
                    replacement=exp.Literal.string(repl),
                )
            )
        if regex:
            text = portable_regex.replacement_text(repl)
        else:
            if pat == "":
                msg = "str.replace(pat='', case=False): the empty pattern is not supported."
                raise InvalidArgumentError(msg)
            pat, text = re.escape(pat), repl
        portable_regex.parse(pat, for_replace=True)
        return self._apply(
            bx.RegexReplace(
                this=self._x,
                pattern=exp.Literal.string(pat),
                replacement=exp.Literal.string(text),
                case=exp.Boolean(this=not ignore_case),
            )
        )

    # ------------------------------------------------------------------ positions
    def slice(
        self, start: int | None = None, stop: int | None = None, step: int | None = None
    ) -> Series:
        """Characters ``start:stop`` of each value, as Python slicing (negative from the end).

        Parameters
        ----------
        start, stop : int, optional
            0-based bounds; negative counts from the end; None is open.
        step : None or 1
            Other steps are not supported.

        Returns
        -------
        Series
            A string Series ('' where the slice is empty).

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> s = _examples(['Ljouwert', 'Snits', 'ab'])
        >>> s.str.slice(1, 3).to_pandas().tolist()
        ['jo', 'ni', 'b']
        >>> s.str.slice(-3).to_pandas().tolist()
        ['ert', 'its', 'ab']
        >>> s.str.slice(1, -1).to_pandas().tolist()
        ['jouwer', 'nit', '']
        """
        check_int(start, "str.slice(start=...)", allow_none=True)
        check_int(stop, "str.slice(stop=...)", allow_none=True)
        if step not in (None, 1):
            msg = f"str.slice(step={step!r}): only step None or 1 is supported."
            raise InvalidArgumentError(msg)
        return self._apply(
            string_ops.slice_of(
                self._x, None if start is None else int(start), None if stop is None else int(stop)
            )
        )

    def get(self, i: int) -> Series:
        """Character ``i`` of each value (negative from the end); missing when out of range.

        As pandas' ``str.get`` on strings.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> _examples(['Snits', 'ab', '']).str.get(-3).to_pandas().tolist()
        ['i', nan, nan]
        """
        index = check_int(i, "str.get(i=...)")
        assert index is not None
        return self._apply(string_ops.char_at(self._x, int(index)))

    def __getitem__(self, key: int | builtins.slice) -> Series:
        """``str[i]`` is :meth:`get`, ``str[a:b]`` is :meth:`slice`.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> s = _examples(['Snits', 'Ljouwert'])
        >>> s.str[-1].to_pandas().tolist(), s.str[-3:].to_pandas().tolist()
        (['s', 't'], ['its', 'ert'])
        """
        if isinstance(key, slice):
            check_row_slice(key, "str[...]")
            if key.step not in (None, 1):
                msg = f"str[{key!r}]: slices with a step are not supported."
                raise InvalidArgumentError(msg)
            return self.slice(key.start, key.stop)
        if is_int(key):
            return self.get(key)
        msg = f"str[{key!r}]: use an int (negative counts from the end) or a slice."
        raise InvalidArgumentError(msg)

    # ------------------------------------------------------------------ padding and splitting
    def pad(self, width: int, side: str = "left", fillchar: str = " ") -> Series:
        """Pad each value to ``width`` characters with ``fillchar``, as pandas' ``str.pad``.

        Longer values are kept whole. ``side='both'`` centers as Python's ``str.center``.

        Parameters
        ----------
        width : int
            The minimum length.
        side : {'left', 'right', 'both'}, default 'left'
            Where the fill characters go.
        fillchar : str, default ' '
            One character.

        Returns
        -------
        Series
            A string Series.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> s = _examples(['ab', 'Snits'])
        >>> s.str.pad(4, fillchar='*').to_pandas().tolist()
        ['**ab', 'Snits']
        >>> s.str.pad(5, side='both', fillchar='*').to_pandas().tolist()
        ['**ab*', 'Snits']
        """
        size = check_int(width, "str.pad(width=...)", minimum=0)
        check_choice(side, "str.pad(side=...)", ("left", "right", "both"))
        check_str(fillchar, "str.pad(fillchar=...)")
        if len(fillchar) != 1:
            msg = f"str.pad(fillchar={fillchar!r}): pass exactly one character."
            raise InvalidArgumentError(msg)
        assert size is not None
        return self._apply(string_ops.padded(self._x, int(size), side, fillchar))

    def zfill(self, width: int) -> Series:
        """Pad with '0' on the left to ``width``, after a leading sign, as pandas' ``str.zfill``.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> _examples(['7', '-7', '12345']).str.zfill(3).to_pandas().tolist()
        ['007', '-07', '12345']
        """
        size = check_int(width, "str.zfill(width=...)", minimum=0)
        assert size is not None
        return self._apply(string_ops.zero_filled(self._x, int(size)))

    def split(self, pat: str | None = None, n: int = -1, expand: bool = False) -> Series:
        """Split each value on the plain string ``pat``: a list Series, as pandas' ``str.split``.

        Parameters
        ----------
        pat : str
            The separator (a plain string, not empty). ``None`` (split on whitespace) is not
            supported.
        n : int, default -1
            Only -1 (or 0): split on every occurrence.
        expand : False
            Only False (a list Series; ``.str.get(i)`` takes an element).

        Returns
        -------
        SeriesList
            A Series of dtype ``['string']``; '' gives ``['']``, as Python.

        Examples
        --------
        >>> from objectiv_bach.series.string import _examples
        >>> parts = _examples(['a,b,,c', '', None]).str.split(',')
        >>> parts.to_pandas().tolist()
        [['a', 'b', '', 'c'], [''], None]
        >>> parts.str.get(-1).to_pandas().tolist()
        ['c', '', nan]
        """
        if pat is None:
            msg = (
                "str.split(pat=None) (split on runs of whitespace) is not supported; pass the "
                "separator, e.g. str.split(' ')."
            )
            raise InvalidArgumentError(msg)
        check_str(pat, "str.split(pat=...)", allow_empty=False)
        check_int(n, "str.split(n=...)", allow_none=True)
        if n not in (-1, 0, None) or expand:
            msg = (
                f"str.split(n={n!r}, expand={expand!r}): only n=-1 and expand=False are supported."
            )
            raise InvalidArgumentError(msg)
        return self._apply(bx.StrSplit(this=self._x, delimiter=exp.Literal.string(pat)), ["string"])
