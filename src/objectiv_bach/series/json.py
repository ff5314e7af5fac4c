"""json Series and the ``.json`` accessor."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_bach.series.base import Series, register
from objectiv_bach.validation import check_bool, check_str


@register
class SeriesJson(Series):
    dtype = "json"

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if op in ("==", "!=") and other.dtype == self.dtype:
            return self._compare(other, op)
        return NotImplemented

    def _literal_dtype(self, value: Any) -> str:
        return self.dtype

    def min(self, *args: Any, **kwargs: Any) -> Series:
        msg = "min() is not defined for json Series."
        raise DtypeError(msg)

    def max(self, *args: Any, **kwargs: Any) -> Series:
        msg = "max() is not defined for json Series."
        raise DtypeError(msg)

    @property
    def json(self) -> JsonAccessor:
        return JsonAccessor(self)

    elements = json


class JsonAccessor:
    """``.json``: ``[key]``, ``[index]``, ``get_value(key, as_str)``, ``get_array_length()``.

    A missing key or index gives a missing value. Results are json Series (``to_pandas()``
    gives parsed Python values), except ``get_value(..., as_str=True)`` (string) and
    ``get_array_length()`` (int64).

    Examples
    --------
    >>> import json, pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'v': [
    ...     json.dumps({'id': 'home', 'path': [1, 2, 3]}),
    ...     json.dumps({'id': 'about', 'path': []})]})).astype('json')
    >>> df['id'] = df.v.json.get_value('id', as_str=True)
    >>> df['first'] = df.v.json['path'].json[0]
    >>> df['last'] = df.v.json['path'].json[-1]
    >>> df['length'] = df.v.json['path'].json.get_array_length()
    >>> df.dtypes
    {'v': 'json', 'id': 'string', 'first': 'json', 'last': 'json', 'length': 'int64'}
    >>> print(df.drop(columns=['v']).sort_index().to_pandas().to_string(index=False))
       id first last  length
     home     1    3       3
    about  None None       0
    """

    def __init__(self, series: Series):
        self._series = series

    def _apply(self, expression: exp.Expression, dtype: str | None = None) -> Series:
        return self._series._derived(expression, dtype or self._series.dtype,
                                     size=self._series._size + 1)

    def __getitem__(self, key: int | str) -> Series:
        """``[key]`` of an object or ``[index]`` of an array (negative counts from the end)."""
        if isinstance(key, bool) or not isinstance(key, (int, str)):
            msg = f"json[{key!r}]: use a str key or an int index (slices: not yet)."
            raise InvalidArgumentError(msg)
        if isinstance(key, int):
            return self._apply(bx.JsonGetIndex(this=self._series.expression,
                                               index=exp.Literal.number(key)))
        return self._apply(bx.JsonGetKey(this=self._series.expression,
                                         key=exp.Literal.string(key)))

    def get_value(self, key: str, as_str: bool = False) -> Series:
        """The value at ``key``: JSON, or with ``as_str=True`` a string (scalars only)."""
        check_str(key, "json.get_value(key=...)", hint="Use .json[index] for an array element.")
        check_bool(as_str, "json.get_value(as_str=...)")
        if not as_str:
            return self[key]
        return self._apply(bx.JsonGetKeyText(this=self._series.expression,
                                             key=exp.Literal.string(key)), "string")

    def get_array_length(self) -> Series:
        return self._apply(bx.JsonArrayLength(this=self._series.expression), "int64")
