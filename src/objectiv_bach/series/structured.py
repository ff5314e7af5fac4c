"""list and dict Series (structured dtypes), with their ``.elements`` accessors.

A list Series has a list dtype such as ``['int64']`` (its :attr:`~Series.instance_dtype`; its
``dtype`` is ``'list'``), a dict Series a dict dtype such as ``{'a': 'int64', 'b': ['string']}``
(``dtype`` ``'dict'``). They nest freely. Storage: DuckDB LIST/STRUCT, BigQuery ARRAY/STRUCT,
PostgreSQL arrays and JSONB objects (see the dialects' READMEs for what each engine cannot hold).
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_bach.series.base import Series
from objectiv_bach.types import (
    bx_struct,
    literal,
    register_dtype,
    sql_type,
    validate_dtype_value,
    validate_instance_dtype,
)


class _SeriesStructured(Series):
    """Shared: equality with the same dtype, literals of the instance dtype, constructors."""

    def _literal_dtype(self, value: Any) -> Any:
        return self._instance_dtype

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if op in ("==", "!=") and other.instance_dtype == self._instance_dtype:
            equal: exp.Expression = bx.ValuesEqual(
                this=self._expression, expression=other.expression
            )
            if op == "!=":
                equal = exp.Not(this=equal)
            return self._combine(other, equal, "bool")
        return NotImplemented

    def min(self, *args: Any, **kwargs: Any) -> Series:
        """Not defined for lists and dicts: raises :class:`DtypeError`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'l': [['a', 'b'], []]}),
        ...                       dtypes={'l': ['string']})
        >>> df.l.min()
        Traceback (most recent call last):
        ...
        objectiv_bach.errors.DtypeError: min() is not defined for list Series (dtype ['string']).
        """
        msg = f"min() is not defined for {self.dtype} Series (dtype {self._instance_dtype!r})."
        raise DtypeError(msg)

    def max(self, *args: Any, **kwargs: Any) -> Series:
        """Not defined for lists and dicts: raises :class:`DtypeError`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'l': [['a', 'b'], []]}),
        ...                       dtypes={'l': ['string']})
        >>> df.l.max()
        Traceback (most recent call last):
        ...
        objectiv_bach.errors.DtypeError: max() is not defined for list Series (dtype ['string']).
        """
        msg = f"max() is not defined for {self.dtype} Series (dtype {self._instance_dtype!r})."
        raise DtypeError(msg)

    @classmethod
    def _constant(
        cls, base: Any, expression: exp.Expression, name: str, dtype: Any, items: list[Any]
    ) -> Series:
        template = base if isinstance(base, Series) else base._template()
        for item in items:
            if isinstance(item, Series) and item.base_node != template.base_node:
                msg = (
                    f"Series {item.name!r} in a {cls.dtype} value comes from another "
                    "DataFrame; merge the frames first."
                )
                raise InvalidArgumentError(msg)
        return template.copy_override(
            expression=expression,
            dtype=dtype,
            name=name,
            group_by=template.group_by if isinstance(base, Series) else base.group_by,
        )


def _item(value: Any, dtype: Any) -> exp.Expression:
    """An element or field: a Series of ``dtype`` (its expression), or a literal."""
    if isinstance(value, Series):
        if value.instance_dtype != dtype:
            msg = (
                f"Series {value.name!r} has dtype {value.instance_dtype!r}; this position "
                f"holds {dtype!r}. Cast it with astype({dtype!r})."
            )
            raise DtypeError(msg)
        return value.expression
    if isinstance(value, list) and isinstance(dtype, list):
        return exp.Cast(
            this=exp.Array(expressions=[_item(v, dtype[0]) for v in value]), to=sql_type(dtype)
        )
    if isinstance(value, dict) and isinstance(dtype, dict):
        return exp.Cast(
            this=bx_struct(list(dtype), [_item(value[k], d) for k, d in dtype.items()]),
            to=sql_type(dtype),
        )
    return literal(value, dtype)


def _series_items(value: Any) -> list[Series]:
    if isinstance(value, Series):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _series_items(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _series_items(v)]
    return []


@register_dtype()
class SeriesList(_SeriesStructured):
    """A list per row: dtype ``[<element dtype>]``, e.g. ``['int64']`` or ``[{'a': 'string'}]``.

    ``.elements[i]`` is element ``i`` (0-based; negative counts from the end; missing when out
    of range), ``.elements[a:b]`` a list of the elements ``a`` up to ``b`` (Python slice rules),
    ``.elements.len()`` the number of elements. ``==``/``!=`` compare whole lists;
    ``astype('json')`` and ``json_series.astype(['int64'])`` convert to and from json.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1, 2]}))
    >>> df['l'] = bach.SeriesList.from_value(df, [10, 20, 30], name='l', dtype=['int64'])
    >>> df['l2'] = bach.SeriesList.from_value(df, [df.n, 5], name='l2', dtype=['int64'])
    >>> df['last'] = df.l.elements[-1]
    >>> df['head'] = df.l.elements[:2]
    >>> df['size'] = df.l2.elements.len()
    >>> df.l2.instance_dtype
    ['int64']
    >>> print(df.sort_index().to_pandas().to_string(index=False))
     n            l     l2  last     head  size
     1 [10, 20, 30] [1, 5]    30 [10, 20]     2
     2 [10, 20, 30] [2, 5]    30 [10, 20]     2
    """

    dtype = "list"

    @classmethod
    def from_value(
        cls, base: Any, value: Any, name: str = "new_series", dtype: Any = None
    ) -> Series:
        """A constant list Series; ``dtype`` (``['int64']``, ...) is required.

        Elements may be Series of the element dtype on ``base``'s frame.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'l': [['a', 'b'], []]}),
        ...                       dtypes={'l': ['string']})
        >>> pair = bach.SeriesList.from_value(df, ['x', 'y'], name='pair', dtype=['string'])
        >>> pair.instance_dtype, pair.sort_index().to_pandas().tolist()
        (['string'], [['x', 'y'], ['x', 'y']])
        """
        if dtype is None:
            msg = f"SeriesList.from_value needs dtype=, e.g. ['int64'], for {value!r}."
            raise DtypeError(msg)
        instance = validate_instance_dtype(cls.dtype, dtype)
        validate_dtype_value(cls.dtype, instance, value)
        return cls._constant(base, _item(value, instance), name, instance, _series_items(value))

    @property
    def elements(self) -> ListAccessor:
        """Access to the elements: ``[i]``, ``[a:b]`` and ``len()`` (a :class:`ListAccessor`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'l': [['a', 'b'], []]}),
        ...                       dtypes={'l': ['string']})
        >>> df.l.elements[0].sort_index().to_pandas().tolist()
        ['a', nan]
        """
        return ListAccessor(self)

    @property
    def str(self) -> ListAccessor:
        """The pandas spelling of :attr:`elements` for lists: ``.str.get(i)``, ``.str[a:b]``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'s': ['a/b/c', 'd']}))
        >>> df.s.str.split('/').str.get(1).sort_index().to_pandas().tolist()
        ['b', nan]
        """
        return ListAccessor(self)


class ListAccessor:
    """``.elements`` of a list Series: ``[i]``, ``[a:b]``, ``len()``."""

    def __init__(self, series: Series):
        self._series = series

    def __getitem__(self, key: int | slice) -> Series:
        """Element ``key`` (an int; negative counts from the end), or a slice as a list."""
        series = self._series
        if isinstance(key, slice):
            if key.step not in (None, 1):
                msg = f"elements[{key!r}]: slices with a step are not supported; use step 1."
                raise InvalidArgumentError(msg)
            bounds = [
                exp.null() if b is None else exp.Literal.number(_int(b, "slice bound"))
                for b in (key.start, key.stop)
            ]
            return series._derived(
                bx.ListSlice(this=series.expression, start=bounds[0], stop=bounds[1]),
                size=series._size + 1,
            )
        index = _int(key, "index")
        return series._derived(
            bx.ListGet(this=series.expression, index=exp.Literal.number(index)),
            series.instance_dtype[0],
            size=series._size + 1,
        )

    def len(self) -> Series:
        """Number of elements (missing for a missing list). ``get_array_length`` is the same.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'l': [['a', 'b'], []]}),
        ...                       dtypes={'l': ['string']})
        >>> df.l.elements.len().sort_index().to_pandas().tolist()
        [2, 0]
        >>> df.l.elements.get_array_length().sort_index().to_pandas().tolist()
        [2, 0]
        """
        series = self._series
        return series._derived(
            bx.ListLength(this=series.expression), "int64", size=series._size + 1
        )

    get_array_length = len

    def get(self, i: int) -> Series:
        """Element ``i`` (negative counts from the end; missing when out of range).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'s': ['a,b', 'c']}))
        >>> df.s.str.split(',').str.get(-1).sort_index().to_pandas().tolist()
        ['b', 'c']
        """
        return self[i]


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"A list {what} must be an int, got {value!r}."
        raise InvalidArgumentError(msg)
    return value


@register_dtype()
class SeriesDict(_SeriesStructured):
    """A dict (struct) per row: dtype ``{field: dtype, ...}``, e.g. ``{'a': 'int64'}``.

    ``.elements['a']`` is field ``a`` (a Series of the field's dtype). ``==``/``!=`` compare
    whole dicts; ``astype('json')`` and ``json_series.astype({...})`` convert to and from json.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts']}))
    >>> df['d'] = bach.SeriesDict.from_value(df, {'name': df.city, 'tags': ['x']}, name='d',
    ...                                      dtype={'name': 'string', 'tags': ['string']})
    >>> df['name'] = df.d.elements['name']
    >>> print(df.sort_index().to_pandas().to_string(index=False))
      city                                 d   name
     Snits  {'name': 'Snits', 'tags': ['x']}  Snits
    Drylts {'name': 'Drylts', 'tags': ['x']} Drylts
    """

    dtype = "dict"

    @classmethod
    def from_value(
        cls, base: Any, value: Any, name: str = "new_series", dtype: Any = None
    ) -> Series:
        """A constant dict Series; ``dtype`` (``{'a': 'int64'}``, ...) is required.

        Field values may be Series of the field's dtype on ``base``'s frame.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'p': [{'name': 'Snits', 'n': 1}]}),
        ...                       dtypes={'p': {'name': 'string', 'n': 'int64'}})
        >>> const = bach.SeriesDict.from_value(df, {'a': 1}, name='c', dtype={'a': 'int64'})
        >>> const.instance_dtype, const.to_pandas().tolist()
        ({'a': 'int64'}, [{'a': 1}])
        """
        if dtype is None:
            msg = f"SeriesDict.from_value needs dtype=, e.g. {{'a': 'int64'}}, for {value!r}."
            raise DtypeError(msg)
        instance = validate_instance_dtype(cls.dtype, dtype)
        validate_dtype_value(cls.dtype, instance, value)
        return cls._constant(base, _item(value, instance), name, instance, _series_items(value))

    @property
    def elements(self) -> DictAccessor:
        """Access to the fields: ``['field']`` (a :class:`DictAccessor`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'p': [{'name': 'Snits', 'n': 1}]}),
        ...                       dtypes={'p': {'name': 'string', 'n': 'int64'}})
        >>> df.p.elements['name'].to_pandas().tolist()
        ['Snits']
        """
        return DictAccessor(self)


class DictAccessor:
    """``.elements`` of a dict Series: ``['field']``."""

    def __init__(self, series: Series):
        self._series = series

    def __getitem__(self, key: str) -> Series:
        series = self._series
        fields = series.instance_dtype
        if key not in fields:
            msg = f"Field {key!r} is not in dict dtype {fields!r}; fields: {list(fields)}."
            raise InvalidArgumentError(msg)
        sub = fields[key]
        return series._derived(
            bx.StructField(this=series.expression, field=exp.Literal.string(key), to=sql_type(sub)),
            sub,
            size=series._size + 1,
        )
