"""The original API's class attributes of every Series class, read from the dtype table.

``dtype_aliases``, ``supported_db_dtype``, ``supported_value_types`` and
``supported_source_dtypes`` are not stored on the classes: each is a descriptor that reads the
class's row of :data:`objectiv_bach.types.DTYPES` when it is accessed, so a dtype added with
``register_dtype`` has them too. A class may still set one of them explicitly (``register_dtype``
reads a class's own ``dtype_aliases`` when it makes a new row).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from objectiv_bach import types

T = TypeVar("T")


class TableFact(Generic[T]):
    """A read-only class attribute computed from the dtype table row of the owner class."""

    def __init__(self, compute: Callable[[types.DtypeRow], T], empty: T) -> None:
        self._compute = compute
        self._empty = empty
        self.__doc__ = compute.__doc__

    def __get__(self, instance: Any, owner: type) -> T:
        row = types.DTYPES.get(getattr(owner, "dtype", "") or "")
        if row is None:
            return self._empty
        return self._compute(row)


def _aliases(row: types.DtypeRow) -> tuple[str, ...]:
    """The other names of the dtype (``'bigint'``, ``'integer'`` ... for int64).

    Examples
    --------
    >>> import objectiv_bach as bach
    >>> 'bigint' in bach.SeriesInt64.dtype_aliases, bach.Series.dtype_aliases
    (True, ())
    """
    return row.aliases


def _value_types(row: types.DtypeRow) -> tuple[type, ...]:
    """The Python/numpy types whose values are literals of the dtype.

    Examples
    --------
    >>> import objectiv_bach as bach
    >>> bach.SeriesInt64.supported_value_types
    (<class 'int'>, <class 'numpy.integer'>)
    """
    return row.value_types


def _source_dtypes(row: types.DtypeRow) -> tuple[str, ...]:
    """The dtypes ``astype`` converts to this dtype (besides itself).

    Examples
    --------
    >>> import objectiv_bach as bach
    >>> bach.SeriesInt64.supported_source_dtypes
    ('bool', 'float64', 'string')
    """
    target = row.name
    return tuple(
        name
        for name, other in types.DTYPES.items()
        if name != target and not other.base and types.can_cast(name, target)
    )


def db_dtype(dtype: str, dialect: Any) -> str | None:
    """The storage type of scalar dtype ``dtype`` on ``dialect``; None for list/dict dtypes.

    ``dialect`` is a registered name or alias, a Bach dialect class, or an object with a
    ``name`` (a SQLAlchemy engine or dialect).
    """
    from objectiv_bach.dialects import get_dialect

    row = types.DTYPES[dtype]
    if row.sql_type is None:
        return None
    if not isinstance(dialect, (str, type)):
        dialect = getattr(getattr(dialect, "dialect", dialect), "name", dialect)
    target = get_dialect(dialect)
    return types.sql_type(row.base or row.name).sql(dialect=target)  # type: ignore[arg-type]


def _db_dtypes(row: types.DtypeRow) -> dict[str, str | None]:
    """The storage type of the dtype on each registered dialect (None: it follows the instance).

    Examples
    --------
    >>> import objectiv_bach as bach
    >>> facts = bach.SeriesInt64.supported_db_dtype
    >>> facts['duckdb'], facts['postgres'], facts['bigquery']
    ('BIGINT', 'BIGINT', 'INT64')
    """
    from objectiv_bach.dialects import dialect_names

    return {name: db_dtype(row.name, name) for name in dialect_names()}


dtype_aliases: TableFact[tuple[str, ...]] = TableFact(_aliases, ())
supported_value_types: TableFact[tuple[type, ...]] = TableFact(_value_types, ())
supported_source_dtypes: TableFact[tuple[str, ...]] = TableFact(_source_dtypes, ())
supported_db_dtype: TableFact[dict[str, str | None]] = TableFact(_db_dtypes, {})
