"""json Series and the ``.json`` accessor."""

from __future__ import annotations

import json
from typing import Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_bach.series.base import Series
from objectiv_bach.types import register_dtype
from objectiv_bach.validation import check_bool, check_str


@register_dtype()
class SeriesJson(Series):
    """A json Series (PostgreSQL ``jsonb``, DuckDB and BigQuery ``JSON``), with the ``.json`` accessor.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'j': ['{"a": [1, 2]}']}))
    >>> df['j'] = df.j.astype('json')
    >>> int(df.j.json['a'].json.get_array_length().value)
    2
    """

    dtype = "json"

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if op in ("==", "!=") and other.dtype == self.dtype:
            return self._compare(other, op)
        return NotImplemented

    def _literal_dtype(self, value: Any) -> str:
        return self.dtype

    def min(self, *args: Any, **kwargs: Any) -> Series:
        """Not defined for json: raises :class:`DtypeError`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'j': ['{"a": 1, "b": "x"}']}))
        >>> df['j'] = df.j.astype('json')
        >>> df.j.min()
        Traceback (most recent call last):
        ...
        objectiv_bach.errors.DtypeError: min() is not defined for json Series.
        """
        msg = "min() is not defined for json Series."
        raise DtypeError(msg)

    def max(self, *args: Any, **kwargs: Any) -> Series:
        """Not defined for json: raises :class:`DtypeError`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'j': ['{"a": 1, "b": "x"}']}))
        >>> df['j'] = df.j.astype('json')
        >>> df.j.max()
        Traceback (most recent call last):
        ...
        objectiv_bach.errors.DtypeError: max() is not defined for json Series.
        """
        msg = "max() is not defined for json Series."
        raise DtypeError(msg)

    @property
    def json(self) -> JsonAccessor:
        """The ``.json`` accessor: ``[key]``, ``[index]``, ``get_value``, ... (also ``.elements``).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'j': ['{"a": 1, "b": "x"}']}))
        >>> df['j'] = df.j.astype('json')
        >>> df.j.json['a'].to_pandas().tolist()
        [1]
        >>> df.j.elements['a'].to_pandas().tolist()
        [1]
        """
        return JsonAccessor(self)

    elements = json


class JsonAccessor:
    """``.json``: access to the keys and elements of a JSON Series.

    ``[key]``, ``[index]``, slices ``[a:b]`` and ``[{...}:]``, ``get_value(key, as_str)``,
    ``get_array_length()``, ``array_contains(item)``, ``filter(match)``.

    A missing key or index gives a missing value. Results are json Series (``to_pandas()``
    gives parsed Python values), except ``get_value(..., as_str=True)`` (string) and
    ``get_array_length()`` (int64).

    The array operations (slices, ``filter``, ``array_contains``, ``get_array_length``,
    ``flatten_array``) treat a value that is not an array (an object, a string, a number, a
    bool, JSON ``null``) exactly as a missing array, on every engine: a slice or ``filter`` gives
    ``[]``, ``array_contains`` False, ``get_array_length`` a missing value, ``flatten_array`` no
    rows. Why: these are row-wise operations, and one query over a column where some rows hold
    arrays and others objects must not fail on the objects (PostgreSQL's and DuckDB's array
    functions raise for the whole query there). Of the two non-failing choices, "missing result"
    and "like a missing array", the second keeps one rule for NULL and non-arrays; it is what
    the original Bach gave on BigQuery (on PostgreSQL its slices and length raised, its
    ``array_contains`` gave False) and what ``flatten_array`` already did. To tell an object
    apart from an empty array, test ``get_array_length()`` (missing for the object, 0 for ``[]``).

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
        return self._series._derived(
            expression, dtype or self._series.dtype, size=self._series._size + 1
        )

    def __getitem__(self, key: int | str | slice) -> Series:
        """``[key]`` of an object, ``[index]`` of an array, or a slice of an array.

        A negative ``index`` counts from the end.

        Parameters
        ----------
        key : str, int or slice
            A str key gives the value at that key of an object; an int the element at that
            position of an array; a slice ``[a:b]`` of ints (0-based, negative from the end,
            either may be left out) the elements at those positions, as Python's ``list[a:b]``;
            the dict slice ``[{...}:]`` the elements from the first one that is an object
            containing every key/value of the dict (scalar values), to the end.

        Returns
        -------
        Series
            A json Series; a missing key or index gives a missing value, a slice that selects
            nothing (or of a missing array, or of a value that is not an array) gives ``[]``.

        Raises
        ------
        InvalidArgumentError
            For another key type, a slice with a step, or a dict slice with a stop.

        Examples
        --------
        >>> import json, pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'v': [json.dumps([
        ...     {'_type': 'Root', 'id': 'home'}, {'_type': 'Link', 'id': 'a'},
        ...     {'_type': 'Link', 'id': 'b'}])]})).astype('json')
        >>> df.v.json[1:].json.get_array_length().to_pandas().tolist()
        [2]
        >>> df.v.json[-1:].to_pandas().tolist()
        [[{'_type': 'Link', 'id': 'b'}]]
        >>> df.v.json[{'_type': 'Link'}:].json[0].json.get_value('id', as_str=True).value
        'a'
        """
        if isinstance(key, slice):
            return self._slice(key)
        if isinstance(key, bool) or not isinstance(key, (int, str)):
            msg = (
                f"json[{key!r}]: use a str key, an int index, a slice of ints ([1:3]) or a "
                "dict slice ([{'id': 'home'}:])."
            )
            raise InvalidArgumentError(msg)
        if isinstance(key, int):
            return self._apply(
                bx.JsonGetIndex(this=self._series.expression, index=exp.Literal.number(key))
            )
        return self._apply(bx.JsonGetKey(this=self._series.expression, key=exp.Literal.string(key)))

    def _slice(self, key: slice) -> Series:
        if key.step is not None:
            msg = f"json[{key!r}]: slices with a step are not supported; leave the step out."
            raise InvalidArgumentError(msg)
        if isinstance(key.start, dict):
            if key.stop is not None:
                msg = (
                    f"json[{key!r}]: a dict slice goes to the end of the array; use "
                    f"json[{key.start!r}:]."
                )
                raise InvalidArgumentError(msg)
            return self._apply(
                bx.JsonArraySliceFrom(this=self._series.expression, match=_match_literal(key.start))
            )
        bounds: dict[str, exp.Expression] = {}
        for name, value in (("start", key.start), ("stop", key.stop)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                msg = (
                    f"json[{key!r}]: slice bounds are ints (or a dict as the start), got {value!r}."
                )
                raise InvalidArgumentError(msg)
            bounds[name] = exp.Literal.number(value)
        return self._apply(bx.JsonArraySlice(this=self._series.expression, **bounds))

    def filter(self, match: dict[str, Any]) -> Series:
        """The elements of the array that are objects containing every key/value of ``match``.

        Parameters
        ----------
        match : dict
            Keys and scalar values (str, int, float, bool), compared as their JSON text.

        Returns
        -------
        Series
            A json array in the original order; ``[]`` when nothing matches (or the array is
            missing, or the value is not an array).

        Raises
        ------
        InvalidArgumentError
            When ``match`` is not a non-empty dict of scalars.

        Examples
        --------
        >>> import json, pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'v': [json.dumps([
        ...     {'_type': 'Http', 'id': 'x'}, {'_type': 'Cookie', 'id': 'c1'},
        ...     {'_type': 'Cookie', 'id': 'c2'}])]})).astype('json')
        >>> df.v.json.filter({'_type': 'Cookie'}).to_pandas().tolist()
        [[{'_type': 'Cookie', 'id': 'c1'}, {'_type': 'Cookie', 'id': 'c2'}]]
        """
        return self._apply(
            bx.JsonArrayFilter(this=self._series.expression, match=_match_literal(match))
        )

    def array_contains(self, item: str | int) -> Series:
        """Whether the array has ``item`` as an element.

        Parameters
        ----------
        item : str or int
            The element to look for (a string matches a JSON string element).

        Returns
        -------
        Series
            A bool Series; False for a missing array and for a value that is not an array (an
            object, a scalar): see :class:`JsonAccessor`.

        Raises
        ------
        DtypeError
            For an item that is not a str or an int.

        Examples
        --------
        >>> import json, pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'v': [json.dumps(['Event', 'PressEvent']),
        ...                                                  json.dumps(['Event'])]}))
        >>> df.v.astype('json').json.array_contains('PressEvent').sort_index().to_pandas().tolist()
        [True, False]
        """
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            msg = f"array_contains({item!r}): the item must be a str or an int."
            raise DtypeError(msg)
        return self._apply(
            bx.JsonArrayContains(this=self._series.expression, item=exp.Literal.string(str(item))),
            "bool",
        )

    def get_value(self, key: str, as_str: bool = False) -> Series:
        """The value at ``key``: JSON, or with ``as_str=True`` a string (scalars only).

        Parameters
        ----------
        key : str
            The key.
        as_str : bool, default False
            Return a string Series (the text of a scalar) instead of JSON.

        Returns
        -------
        Series
            A json or string Series.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'j': ['{"a": 1, "b": "x"}']}))
        >>> df['j'] = df.j.astype('json')
        >>> df.j.json.get_value('b', as_str=True).dtype
        'string'
        >>> df.j.json.get_value('b', as_str=True).to_pandas().tolist()
        ['x']
        """
        check_str(key, "json.get_value(key=...)", hint="Use .json[index] for an array element.")
        check_bool(as_str, "json.get_value(as_str=...)")
        if not as_str:
            return self[key]
        return self._apply(
            bx.JsonGetKeyText(this=self._series.expression, key=exp.Literal.string(key)), "string"
        )

    def get_array_length(self) -> Series:
        """The number of elements of the array (int64).

        Missing for a missing array and for a value that is not an array (an object, a scalar,
        JSON ``null``), on every engine: see :class:`JsonAccessor`.

        Examples
        --------
        >>> import json, pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'v': [json.dumps([1, 2]), json.dumps([])]}))
        >>> df.v.astype('json').json.get_array_length().sort_index().to_pandas().tolist()
        [2, 0]
        >>> mixed = bach.from_pandas(None, pd.DataFrame({'v': ['[1, 2]', '{"a": [1]}', '"text"']}))
        >>> mixed.v.astype('json').json.get_array_length().sort_index().to_pandas().tolist()
        [2.0, nan, nan]
        """
        return self._apply(bx.JsonArrayLength(this=self._series.expression), "int64")

    def flatten_array(self) -> tuple[Series, Series]:
        """One row per array element: the element (json) and its 0-based offset (int64).

        Both Series are on a new base node and keep this Series' index, repeated per element;
        the offset Series is named ``<name>_offset``. As the original, a row whose value has no
        elements (an empty array, NULL) gives no rows; so does a value that is not an array. Combine them with
        ``item.to_frame()`` and ``df[offset.name] = offset``.

        Returns
        -------
        tuple of (SeriesJson, SeriesInt64)

        Examples
        --------
        >>> import json, pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'v': [
        ...     json.dumps(['a', {'b': 1}]), json.dumps([]), json.dumps([3])]})).astype('json')
        >>> item, offset = df.v.json.flatten_array()
        >>> flat = item.to_frame()
        >>> flat[offset.name] = offset
        >>> flat = flat.sort_values(['_index_0', 'v_offset']).to_pandas()
        >>> flat.index.tolist(), flat.v.tolist(), flat.v_offset.tolist()
        ([0, 0, 2], ['a', {'b': 1}, 3], [0, 1, 0])
        """
        from objectiv_bach.flatten import flatten_array

        return flatten_array(self._series)


def _match_literal(match: Any) -> exp.Literal:
    """``match`` (a non-empty dict of scalars) as the JSON text literal the renderers read."""
    if (
        not isinstance(match, dict)
        or not match
        or any(
            not isinstance(k, str) or v is None or isinstance(v, (dict, list, tuple))
            for k, v in match.items()
        )
    ):
        msg = (
            f"A JSON match must be a non-empty dict of str keys and scalar values (str, int, "
            f"float, bool), got {match!r}."
        )
        raise InvalidArgumentError(msg)
    return exp.Literal.string(json.dumps(match))
