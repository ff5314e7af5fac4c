"""The one dtype table: everything Bach knows about a dtype, one row per dtype.

A row (:class:`DtypeRow`) states, for one dtype: its name and aliases, the Python/numpy value
types that are literals of it and how such a literal becomes a SQL expression, how a VALUES row
stores it, which casts to other dtypes exist (and the expression of each that is not a plain
``CAST``), its neutral sqlglot DataType (each dialect maps that to storage through its
TYPE_MAPPING: ``JSON`` is ``JSONB`` on PostgreSQL, ``UUID`` is ``STRING`` on BigQuery), how a
result column becomes pandas, the Arrow type it is uploaded as, and the database and Arrow types
that map back to it. Its Series class is bound by :func:`register_dtype` (the Series modules
decorate their classes with it). Every other module derives what it needs from here; the
per-dtype functions the rows name live in :mod:`objectiv_bach.conversions`.

Dtypes are values. A scalar dtype is its name (``'int64'``; an alias or a Python/numpy type is
accepted wherever a dtype is). Structured dtypes are written as in the original API: a list dtype
is a list of one dtype (``['int64']``), a dict (struct) dtype a dict of field name -> dtype
(``{'a': 'int64', 'b': ['string']}``); they nest freely. Their static dtypes (the Series class
key) are ``'list'`` and ``'dict'``.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import functools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlglot import exp

from objectiv_bach import conversions as cv
from objectiv_bach.errors import DtypeError

T = exp.DType  # the enum sqlglot exposes as exp.DataType.Type (a ClassVar, not a type)

#: a dtype value: a name, a list of one dtype, or a dict of field name -> dtype
Dtype = Any
Caster = Callable[[exp.Expression, exp.DataType], exp.Expression]


class InstanceDtypeError(DtypeError, ValueError):
    """A structured dtype (or a value for it) that is not well formed."""


@dataclass(frozen=True)
class DtypeRow:
    """Everything Bach knows about one dtype."""

    name: str
    #: neutral SQL type; ``None`` for list/dict (it follows the instance dtype)
    sql_type: T | None
    #: dtype of the column a backend's ``run_query`` returns (exact: nullable ``Int64`` ...)
    pandas_dtype: str
    aliases: tuple[str, ...] = ()
    #: Python/numpy types whose values are literals of this dtype (``dtype_of_value``); rows
    #: are tried in table order, so bool comes before int64 and timestamp before date
    value_types: tuple[type, ...] = ()
    #: value, DataType -> typed literal expression
    literal: Callable[[Any, exp.DataType], exp.Expression] | None = None
    #: VALUES rows: the dtype whose SQL type holds the raw form, the raw literal, the typing
    raw_dtype: str = "string"
    raw: Callable[[Any], exp.Expression] = cv.raw_string
    typed: Callable[[exp.Expression, exp.DataType], exp.Expression] = cv.typed_cast
    #: target dtype name -> cast expression builder (``None``: a plain CAST)
    casts: Mapping[str, Caster | None] = field(default_factory=dict)
    #: result column (Arrow) -> pandas Series; single value -> Python
    to_pandas: Callable[[pa.Array, Dtype], pd.Series] | None = None
    to_python: Callable[[Any, Dtype, bool], Any] | None = None
    #: Arrow type of an upload, and the function making the Arrow array: ``(series, type)``;
    #: for list/dict rows (their Arrow type follows the instance dtype, see
    #: :func:`upload_arrow_type`) ``(series, type, instance dtype)``
    arrow_type: pa.DataType | None = None
    to_arrow: Callable[..., pa.Array] | None = None
    #: database types (sqlglot) that read back as this dtype
    db_types: tuple[T, ...] = ()
    #: Arrow result types that read back as this dtype (``run_query(dtypes=None)``)
    arrow_checks: tuple[Callable[[pa.DataType], bool], ...] = ()
    numeric: bool = False
    #: the dtype that holds this dtype's values and another's when the two meet in one column
    #: (``append``, ``stack``, ``loc`` setting): int64 widens to float64
    widens_to: str = ""
    #: values can be grouped and ordered on every engine (``describe``, ``mode``, ...)
    groupable: bool = True
    #: values have exact quantiles and medians
    quantiles: bool = False
    #: the text form of a value is the same on every engine (``get_dummies`` column names)
    stable_text: bool = False
    #: an extension dtype (``register_dtype`` of a new Series subclass): the row it stores as
    base: str = ""
    #: the dtypes ``to_pandas()`` gives (see :func:`result_pandas_dtype`); '' / None: as
    #: ``pandas_dtype``. ``dtype_backend='numpy'`` (the default, as pandas' ``read_sql``): a
    #: column without NULLs / with NULLs; ``'numpy_nullable'``; ``'pyarrow'`` (an Arrow type)
    numpy_dtype: str = ""
    numpy_dtype_nulls: str = ""
    nullable_dtype: str = ""
    pyarrow_type: pa.DataType | None = None
    #: a dtype stored as a dict (struct) of these fields: its levels (``numeric_interval``)
    struct: Mapping[str, str] | None = None


def _objects(py: Callable[[Any], Any]) -> Callable[[pa.Array, Dtype], pd.Series]:
    return lambda col, dtype: cv.objects([py(v) for v in col.to_pylist()])


def _column(convert: Callable[[pa.Array], pd.Series]) -> Callable[[pa.Array, Dtype], pd.Series]:
    return lambda col, dtype: convert(col)


def _value(py: Callable[[Any], Any]) -> Callable[[Any, Dtype, bool], Any]:
    return lambda v, dtype, parsed: py(v)


def _json_value(v: Any, dtype: Dtype, parsed: bool) -> Any:
    return v if parsed else cv.py_json(v)


_ROWS: tuple[DtypeRow, ...] = (
    DtypeRow(
        "bool",
        T.BOOLEAN,
        "boolean",
        ("boolean", "?"),
        (bool, np.bool_),
        literal=cv.literal_bool,
        raw_dtype="bool",
        raw=cv.raw_bool,
        casts={"int64": cv.cast_bool_to_int, "string": cv.cast_bool_to_string},
        to_pandas=_column(cv.to_pandas_bool),
        to_python=_value(cv.py_bool),
        arrow_type=pa.bool_(),
        to_arrow=cv.to_arrow_plain,
        db_types=(T.BOOLEAN,),
        arrow_checks=(pa.types.is_boolean,),
        stable_text=True,
        numpy_dtype="bool",
        numpy_dtype_nulls="object",
        pyarrow_type=pa.bool_(),
    ),
    DtypeRow(
        "int64",
        T.BIGINT,
        "Int64",
        ("integer", "bigint", "i8", "int32", "int", "Int64", "int8", "int16", "Int32"),
        (int, np.integer),
        literal=cv.literal_int,
        raw_dtype="int64",
        raw=cv.raw_int,
        casts={"float64": None, "string": None, "bool": cv.cast_int_to_bool},
        to_pandas=_column(cv.to_pandas_int),
        to_python=_value(cv.py_int),
        arrow_type=pa.int64(),
        to_arrow=cv.to_arrow_plain,
        db_types=(
            T.TINYINT,
            T.SMALLINT,
            T.INT,
            T.BIGINT,
            T.UTINYINT,
            T.USMALLINT,
            T.UINT,
            T.INT128,
        ),
        arrow_checks=(pa.types.is_integer,),
        numeric=True,
        widens_to="float64",
        quantiles=True,
        stable_text=True,
        numpy_dtype="int64",
        numpy_dtype_nulls="float64",
        pyarrow_type=pa.int64(),
    ),
    DtypeRow(
        "float64",
        T.DOUBLE,
        "float64",
        ("float", "double", "f8", "double precision", "Float64", "float32"),
        (float, np.floating, decimal.Decimal),
        literal=cv.literal_float,
        raw=cv.raw_float,
        casts={"int64": cv.cast_float_to_int, "string": cv.cast_float_to_string},
        to_pandas=_column(cv.to_pandas_float),
        to_python=_value(cv.py_float),
        arrow_type=pa.float64(),
        to_arrow=cv.to_arrow_plain,
        db_types=(T.FLOAT, T.DOUBLE, T.DECIMAL, T.BIGDECIMAL),
        arrow_checks=(pa.types.is_floating, pa.types.is_decimal),
        numeric=True,
        quantiles=True,
        nullable_dtype="Float64",
        pyarrow_type=pa.float64(),
    ),
    DtypeRow(
        "string",
        T.TEXT,
        cv.STR,
        ("text", "str", "object"),
        (str,),
        literal=cv.literal_string,
        casts={
            "int64": None,
            "float64": None,
            "bool": None,
            "date": None,
            "timestamp": None,
            "time": None,
            "uuid": None,
            "json": cv.cast_string_to_json,
        },
        to_pandas=_column(cv.to_pandas_string),
        to_python=_value(cv.py_string),
        arrow_type=pa.string(),
        to_arrow=cv.to_arrow_string,
        db_types=(T.TEXT, T.VARCHAR, T.CHAR, T.NVARCHAR, T.NCHAR, T.NAME),
        arrow_checks=(
            pa.types.is_string,
            pa.types.is_large_string,
            pa.types.is_string_view,
            pa.types.is_null,
        ),
        stable_text=True,
        nullable_dtype="string",
        pyarrow_type=pa.string(),
    ),
    DtypeRow(
        "timestamp",
        T.TIMESTAMP,
        "datetime64[us]",
        ("datetime64", "datetime64[ns]", "datetime64[us]", "datetime"),
        (datetime.datetime, np.datetime64, pd.Timestamp),
        literal=cv.literal_timestamp,
        raw=cv.raw_timestamp,
        casts={"date": None, "string": cv.cast_timestamp_to_string, "time": None},
        to_pandas=_column(cv.to_pandas_timestamp),
        to_python=_value(cv.py_timestamp),
        arrow_type=pa.timestamp("us"),
        to_arrow=cv.to_arrow_timestamp,
        db_types=(
            T.TIMESTAMP,
            T.DATETIME,
            T.TIMESTAMPNTZ,
            T.TIMESTAMPTZ,
            T.TIMESTAMP_S,
            T.TIMESTAMP_MS,
            T.TIMESTAMP_NS,
        ),
        arrow_checks=(pa.types.is_timestamp,),
        pyarrow_type=pa.timestamp("us"),
    ),
    DtypeRow(
        "date",
        T.DATE,
        "object",
        (),
        (datetime.date,),
        literal=cv.literal_date,
        raw=cv.raw_date,
        casts={"timestamp": None, "string": cv.cast_date_to_string},
        to_pandas=_objects(cv.py_date),
        to_python=_value(cv.py_date),
        arrow_type=pa.date32(),
        to_arrow=cv.to_arrow_date,
        db_types=(T.DATE,),
        arrow_checks=(pa.types.is_date,),
        pyarrow_type=pa.date32(),
    ),
    DtypeRow(
        "time",
        T.TIME,
        "object",
        (),
        (datetime.time,),
        literal=cv.literal_time,
        raw=cv.raw_time,
        casts={"string": cv.cast_time_to_string},
        to_pandas=_objects(cv.py_time),
        to_python=_value(cv.py_time),
        arrow_type=pa.time64("us"),
        to_arrow=cv.to_arrow_time,
        db_types=(T.TIME,),
        arrow_checks=(pa.types.is_time,),
        pyarrow_type=pa.time64("us"),
    ),
    DtypeRow(
        "timedelta",
        T.INTERVAL,
        "timedelta64[us]",
        ("interval", "timedelta64[ns]", "timedelta64[us]"),
        (datetime.timedelta, np.timedelta64, pd.Timedelta),
        literal=cv.literal_timedelta,
        raw_dtype="int64",
        raw=cv.raw_timedelta,
        typed=cv.typed_timedelta,
        casts={"float64": cv.cast_timedelta_to_float, "string": cv.cast_timedelta_to_string},
        to_pandas=_column(cv.to_pandas_timedelta),
        to_python=_value(cv.py_timedelta),
        arrow_type=pa.duration("us"),
        to_arrow=cv.to_arrow_timedelta,
        db_types=(T.INTERVAL,),
        arrow_checks=(pa.types.is_duration, pa.types.is_interval),
        quantiles=True,
        pyarrow_type=pa.duration("us"),
    ),
    DtypeRow(
        "json",
        T.JSON,
        "object",
        ("jsonb",),
        (dict, list),
        literal=cv.literal_json,
        raw=cv.raw_json,
        typed=cv.typed_json,
        casts={
            "string": cv.cast_json_to_string,
            "list": cv.cast_json_to_structured,
            "dict": cv.cast_json_to_structured,
        },
        to_pandas=_objects(cv.py_json),
        to_python=_json_value,
        arrow_type=pa.string(),
        to_arrow=cv.to_arrow_json,
        db_types=(T.JSON, T.JSONB),
        groupable=False,
    ),
    DtypeRow(
        "uuid",
        T.UUID,
        "object",
        (),
        (uuid.UUID,),
        literal=cv.literal_uuid,
        raw=cv.raw_uuid,
        casts={"string": None},
        to_pandas=_objects(cv.py_uuid),
        to_python=_value(cv.py_uuid),
        arrow_type=pa.string(),
        to_arrow=cv.to_arrow_uuid,
        db_types=(T.UUID,),
    ),
)


# ---------------------------------------------------------------------------------------------
# lists and dicts: rows whose functions follow the instance dtype


def _literal_list(value: Any, to: exp.DataType) -> exp.Expression:
    if not isinstance(value, (list, tuple)):
        raise TypeError(value)
    (element,) = to.expressions
    return exp.Cast(this=exp.Array(expressions=[_nested_literal(v, element) for v in value]), to=to)


def _literal_dict(value: Any, to: exp.DataType) -> exp.Expression:
    if not isinstance(value, dict):
        raise TypeError(value)
    names = [f.name for f in to.expressions]
    if sorted(value) != sorted(names):
        msg = f"dict value {value!r} must have exactly the fields {names!r}"
        raise ValueError(msg)
    return exp.Cast(
        this=bx_struct(
            names, [_nested_literal(value[f.name], f.args["kind"]) for f in to.expressions]
        ),
        to=to,
    )


def bx_struct(names: list[str], values: list[exp.Expression]) -> exp.Expression:
    """A dict value of ``values`` named ``names``."""
    from objectiv_bach import expressions as bx

    return bx.StructPack(
        keys=exp.Tuple(expressions=[exp.Literal.string(n) for n in names]),
        expressions=exp.Tuple(expressions=values),
    )


def _nested_literal(value: Any, to: exp.DataType) -> exp.Expression:
    if cv.json_missing(value) if to.this == T.JSON else cv.is_missing(value):
        return cv.null(to)
    return row_of_sql_type(to).literal(value, to)  # type: ignore[misc]


def _python_list(v: Any, dtype: Dtype, parsed: bool) -> Any:
    if v is None:
        return None
    if isinstance(v, (str, bytes)):
        v, parsed = cv.py_json(v), True
    return [python_value(x, dtype[0], parsed) for x in v]


def _python_dict(v: Any, dtype: Dtype, parsed: bool) -> Any:
    if v is None:
        return None
    if isinstance(v, (str, bytes)):
        v, parsed = cv.py_json(v), True
    if isinstance(v, list):  # Arrow gives a struct of one key/value pair list on some drivers
        v = dict(v)
    return {k: python_value(v.get(k), sub, parsed) for k, sub in dtype.items()}


def _structured_to_pandas(col: pa.Array, dtype: Dtype) -> pd.Series:
    return cv.objects([python_value(v, dtype, False) for v in col.to_pylist()])


def _missing_structure(value: Any) -> bool:
    return value is None or (not isinstance(value, (list, tuple, dict)) and cv.is_missing(value))


def _structured_to_arrow(series: pd.Series, target: pa.DataType, dtype: Dtype) -> pa.Array:
    """Python lists/dicts of instance dtype ``dtype`` as a nested Arrow array of type ``target``.

    The elements (fields) are converted by their own dtype's row, so a list of timestamps
    uploads as a list of Arrow timestamps, a dict field of dtype json as JSON text.
    """
    values = list(series)
    mask = [_missing_structure(v) for v in values]
    for value, missing in zip(values, mask, strict=True):
        if not missing:
            validate_dtype_value(static_dtype(dtype), dtype, value)
    if isinstance(dtype, list):
        lengths = [0 if missing else len(v) for v, missing in zip(values, mask, strict=True)]
        flat = [x for v, missing in zip(values, mask, strict=True) if not missing for x in v]
        inner = series_to_arrow(pd.Series(flat, dtype=object), dtype[0])
        offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]), pa.int32())
        return pa.ListArray.from_arrays(offsets, inner, type=target, mask=pa.array(mask))
    children = [
        series_to_arrow(
            pd.Series(
                [None if missing else v[key] for v, missing in zip(values, mask, strict=True)],
                dtype=object,
            ),
            sub,
        )
        for key, sub in dtype.items()
    ]
    return pa.StructArray.from_arrays(children, fields=list(target), mask=pa.array(mask))


_STRUCTURED_ROWS = (
    DtypeRow(
        "list",
        None,
        "object",
        (),
        (),
        literal=_literal_list,
        raw=cv.raw_json,
        typed=cv.typed_from_json_text,
        casts={"json": cv.cast_structured_to_json},
        to_pandas=_structured_to_pandas,
        to_python=_python_list,
        to_arrow=_structured_to_arrow,
        db_types=(T.ARRAY, T.LIST),
        arrow_checks=(pa.types.is_list, pa.types.is_large_list),
        groupable=False,
    ),
    DtypeRow(
        "dict",
        None,
        "object",
        ("struct",),
        (),
        literal=_literal_dict,
        raw=cv.raw_json,
        typed=cv.typed_from_json_text,
        casts={"json": cv.cast_structured_to_json},
        to_pandas=_structured_to_pandas,
        to_python=_python_dict,
        to_arrow=_structured_to_arrow,
        db_types=(T.STRUCT,),
        arrow_checks=(pa.types.is_struct,),
        groupable=False,
    ),
)

# ---------------------------------------------------------------------------------------------
# numeric_interval: a pandas.Interval per row, stored as a struct of its three levels

#: the levels of a numeric interval (the original's: lower, upper and the bounds text)
_INTERVAL_LEVELS = {"lower": "float64", "upper": "float64", "bounds": "string"}


def _literal_interval(value: Any, to: exp.DataType) -> exp.Expression:
    fields = cv.interval_fields(value)
    return exp.Cast(
        this=bx_struct(
            list(_INTERVAL_LEVELS),
            [literal(fields[k], sub) for k, sub in _INTERVAL_LEVELS.items()],
        ),
        to=to,
    )


def _python_interval(v: Any, dtype: Dtype, parsed: bool) -> Any:
    fields = _python_dict(v, dict(_INTERVAL_LEVELS), parsed)
    return cv.py_interval(fields)


def _interval_to_pandas(col: pa.Array, dtype: Dtype) -> pd.Series:
    return cv.objects([_python_interval(v, dtype, False) for v in col.to_pylist()])


def _interval_to_arrow(series: pd.Series, target: pa.DataType) -> pa.Array:
    fields = pd.Series(
        [None if _missing_structure(v) else cv.interval_fields(v) for v in series], dtype=object
    )
    return _structured_to_arrow(fields, target, dict(_INTERVAL_LEVELS))


_INTERVAL_ROW = DtypeRow(
    "numeric_interval",
    None,
    "object",
    ("numrange",),
    (pd.Interval,),
    literal=_literal_interval,
    raw=lambda v: cv.raw_json(cv.interval_fields(v)),
    typed=cv.typed_from_json_text,
    casts={"json": cv.cast_structured_to_json},
    to_pandas=_interval_to_pandas,
    to_python=_python_interval,
    arrow_type=pa.struct(
        [
            pa.field("lower", pa.float64()),
            pa.field("upper", pa.float64()),
            pa.field("bounds", pa.string()),
        ]
    ),
    to_arrow=_interval_to_arrow,
    db_types=(T.STRUCT,),
    groupable=False,
    struct=_INTERVAL_LEVELS,
)

_STRUCTURED = {"list": list, "dict": dict}

#: name -> row, in lookup order (extension rows are added by ``register_dtype``)
DTYPES: dict[str, DtypeRow] = {row.name: row for row in (*_ROWS, *_STRUCTURED_ROWS, _INTERVAL_ROW)}
#: name -> Series class (bound by ``register_dtype``)
_SERIES: dict[str, type] = {}
_ALIASES: dict[str, str] = {}


def _index_aliases() -> None:
    _ALIASES.clear()
    for row in DTYPES.values():
        _ALIASES[row.name] = row.name
        for alias in row.aliases:
            _ALIASES.setdefault(alias, row.name)


_index_aliases()


# ---------------------------------------------------------------------------------------------
# register_dtype: binds Series classes, adds extension rows


def register_dtype(
    value_types: list[type] | tuple[type, ...] | None = None,
    override_registered_types: bool = False,
) -> Callable[[type], type]:
    """Class decorator: register a Series class as the class of its ``dtype``.

    Bach's own Series classes are registered this way, and so are those of other packages (the
    model hub's location stack) and users. A class whose ``dtype`` is not in the table yet adds
    a row to it: an extension dtype that stores, casts and converts like the dtype of the
    nearest registered base class (a subclass of ``SeriesJson`` is stored as json).

    Parameters
    ----------
    value_types : list of type, optional
        Python types whose values become literals of this dtype (``Series.from_value``,
        operands). ``None`` keeps the row's types (none for a new dtype).
    override_registered_types : bool, default False
        Take ``value_types`` over from a dtype that already has them (else that is an error).

    Returns
    -------
    callable
        The decorator; it returns the class unchanged.

    Raises
    ------
    DtypeError
        When a value type belongs to another dtype and ``override_registered_types`` is False,
        or when the class has no ``dtype`` and no registered base.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> @bach.register_dtype(value_types=[])
    ... class SeriesTag(bach.SeriesString):
    ...     dtype = 'example_tag'
    ...     @property
    ...     def shout(self):
    ...         return self.str.upper()
    >>> df = bach.from_pandas(None, pd.DataFrame({'t': ['a', 'b']}))
    >>> df['tag'] = df.t.astype('example_tag')
    >>> df.tag.shout.sort_index().to_pandas().tolist()
    ['A', 'B']
    """

    def decorate(cls: type) -> type:
        name = getattr(cls, "dtype", "")
        if not isinstance(name, str) or not name:
            msg = f"register_dtype: {cls.__name__} needs a class attribute dtype = '<name>'."
            raise DtypeError(msg)
        row = DTYPES.get(name)
        if row is None:
            parent = next(
                (
                    DTYPES[b.dtype]  # type: ignore[attr-defined]
                    for b in cls.__mro__[1:]
                    if getattr(b, "dtype", None) in DTYPES
                ),
                None,
            )
            if parent is None:
                msg = (
                    f"register_dtype: {cls.__name__} (dtype {name!r}) has no registered "
                    f"base class; derive it from one of the Series classes of "
                    f"{sorted(_SERIES)}."
                )
                raise DtypeError(msg)
            row = dataclasses.replace(
                parent,
                name=name,
                aliases=tuple(getattr(cls, "dtype_aliases", ())),
                value_types=(),
                db_types=(),
                arrow_checks=(),
                base=parent.base or parent.name,
            )
        if value_types is not None:
            wanted = tuple(value_types)
            for other in list(DTYPES.values()):
                taken = [t for t in wanted if t in other.value_types and other.name != name]
                if taken and not override_registered_types:
                    msg = (
                        f"register_dtype: value types {taken!r} already make literals of "
                        f"dtype {other.name!r}; pass override_registered_types=True."
                    )
                    raise DtypeError(msg)
                if taken:
                    DTYPES[other.name] = dataclasses.replace(
                        other, value_types=tuple(t for t in other.value_types if t not in taken)
                    )
            row = dataclasses.replace(row, value_types=wanted)
        DTYPES[name] = row
        _SERIES[name] = cls
        _index_aliases()
        return cls

    return decorate


# ---------------------------------------------------------------------------------------------
# dtype values


def _dtype_options() -> str:
    return ", ".join(repr(n) for n in DTYPES if n not in _STRUCTURED)


def _resolve_name(dtype: Any) -> str | None:
    if isinstance(dtype, str):
        return _ALIASES.get(dtype)
    if isinstance(dtype, type):
        for row in DTYPES.values():
            if dtype in row.value_types:
                return row.name
        for row in DTYPES.values():
            if (
                dtype is not bool
                and dtype is not object
                and row.value_types
                and issubclass(dtype, row.value_types)
            ):
                return row.name
        return None
    try:
        return _resolve_name(str(pd.api.types.pandas_dtype(dtype)))
    except TypeError:
        return None


def validate_dtype(dtype: Any) -> Dtype:
    """The canonical form of dtype value ``dtype``.

    A dtype name (from a name, an alias, a Python or numpy type), or a structured dtype with every
    part canonical.

    >>> validate_dtype('bigint'), validate_dtype(float)
    ('int64', 'float64')
    >>> validate_dtype({'a': ['integer'], 'b': str})
    {'a': ['int64'], 'b': 'string'}
    """
    if isinstance(dtype, list):
        if len(dtype) != 1:
            msg = (
                f"A list dtype holds exactly one element dtype, got {dtype!r}; write e.g. "
                "['int64']."
            )
            raise InstanceDtypeError(msg)
        return [validate_dtype(dtype[0])]
    if isinstance(dtype, dict):
        if not dtype or not all(isinstance(k, str) for k in dtype):
            msg = (
                f"A dict dtype maps str field names to dtypes (at least one), got {dtype!r}; "
                "write e.g. {'a': 'int64'}."
            )
            raise InstanceDtypeError(msg)
        return {k: validate_dtype(v) for k, v in dtype.items()}
    name = _resolve_name(dtype)
    if name in _STRUCTURED:
        msg = (
            f"dtype {dtype!r} needs its element dtypes: write a list dtype as ['int64'] and "
            "a dict dtype as {'a': 'int64', 'b': 'string'}."
        )
        raise InstanceDtypeError(msg)
    if name is None:
        msg = (
            f"Unknown dtype {dtype!r}. Valid dtypes are {_dtype_options()} (and their "
            "aliases), a list dtype like ['int64'] and a dict dtype like {'a': 'int64'}."
        )
        raise DtypeError(msg)
    return name


def static_dtype(dtype: Dtype) -> str:
    """The Series-class key of a dtype value: its name, ``'list'`` or ``'dict'``."""
    if isinstance(dtype, list):
        return "list"
    if isinstance(dtype, dict):
        return "dict"
    if isinstance(dtype, str) and _ALIASES.get(dtype) in _STRUCTURED:
        return _ALIASES[dtype]
    return validate_dtype(dtype)  # type: ignore[no-any-return]


def validate_instance_dtype(static_dtype: str, instance_dtype: Dtype) -> Dtype:
    """Check that ``instance_dtype`` is a dtype of Series class key ``static_dtype``.

    As the original: a list dtype for ``'list'``, a dict dtype for ``'dict'``, else the same name.
    Returns the canonical instance dtype; raises :class:`InstanceDtypeError` (a ValueError).

    >>> validate_instance_dtype('list', ['int'])
    ['int64']
    """
    canonical = validate_dtype(instance_dtype)
    expected = _STRUCTURED.get(static_dtype)
    ok = isinstance(canonical, expected) if expected else canonical == static_dtype
    if not ok:
        msg = f"Instance dtype {instance_dtype!r} does not fit dtype {static_dtype!r}: " + (
            "give a list of one dtype, e.g. ['int64']."
            if static_dtype == "list"
            else "give a dict of field dtypes, e.g. {'a': 'int64'}."
            if static_dtype == "dict"
            else f"give {static_dtype!r}."
        )
        raise InstanceDtypeError(msg)
    return canonical


def validate_dtype_value(static_dtype: str, instance_dtype: Dtype, value: Any) -> None:
    """Check that ``value`` is a value of ``instance_dtype``.

    Checked recursively: every element of a list, exactly the fields of a dict; missing values fit
    every dtype.

    >>> validate_dtype_value('dict', {'a': ['int64']}, {'a': [1, None]})
    """
    instance = validate_instance_dtype(static_dtype, instance_dtype)
    if value is None or (not isinstance(value, (list, dict, tuple)) and cv.is_missing(value)):
        return
    if isinstance(instance, list):
        if not isinstance(value, (list, tuple)):
            msg = f"{value!r} is not a list, as dtype {instance!r} needs."
            raise InstanceDtypeError(msg)
        for item in value:
            validate_dtype_value(static_dtype_of(instance[0]), instance[0], item)
        return
    if isinstance(instance, dict):
        if not isinstance(value, dict) or sorted(value) != sorted(instance):
            msg = f"{value!r} is not a dict with exactly the fields of dtype {instance!r}."
            raise InstanceDtypeError(msg)
        for key, sub in instance.items():
            validate_dtype_value(static_dtype_of(sub), sub, value[key])
        return
    if hasattr(value, "expression"):  # a Series as an element: checked where it is used
        return
    if (
        instance == "json"
        or dtype_of_value(value) == instance
        or (instance == "float64" and dtype_of_value(value) == "int64")
    ):
        return
    msg = f"{value!r} is not a value of dtype {instance!r}."
    raise InstanceDtypeError(msg)


def static_dtype_of(dtype: Dtype) -> str:
    """The Series-class key of a dtype value (see :func:`static_dtype`)."""
    return static_dtype(dtype)


def row(dtype: Dtype) -> DtypeRow:
    """The table row of a dtype value."""
    return DTYPES[static_dtype(dtype)]


def base_dtype(dtype: Dtype) -> Dtype:
    """The storage dtype of ``dtype``: itself, or the base of an extension dtype."""
    if isinstance(dtype, (list, dict)):
        return dtype
    return DTYPES[static_dtype(dtype)].base or static_dtype(dtype)


def is_numeric(dtype: Dtype) -> bool:
    """Whether ``dtype`` is numeric (its table row says so)."""
    return row(dtype).numeric


def dtypes_where(predicate: Callable[[DtypeRow], bool]) -> tuple[str, ...]:
    """The names of the dtypes whose row satisfies ``predicate``, in table order.

    >>> dtypes_where(lambda r: r.numeric)
    ('int64', 'float64')
    """
    return tuple(name for name, r in DTYPES.items() if not r.base and predicate(r))


def common_dtype(dtypes: list[Dtype]) -> Dtype | None:
    """The one dtype that holds values of every dtype in ``dtypes`` (``None`` if there is none).

    >>> common_dtype(['int64', 'int64']), common_dtype(['int64', 'float64']), common_dtype(['int64', 'string'])
    ('int64', 'float64', None)
    """
    unique: list[Dtype] = []
    for dtype in dtypes:
        if dtype not in unique:
            unique.append(dtype)
    if len(unique) == 1:
        return unique[0]
    for target in unique:
        if all(d == target or (isinstance(d, str) and row(d).widens_to == target) for d in unique):
            return target
    return None


def series_classes() -> list[Any]:
    """Every registered Series class (Bach's own, the model hub's, a user's)."""
    return list(_SERIES.values())


def series_type(dtype: Dtype) -> type:
    """The Series class of a dtype value."""
    if type(dtype) is str:  # the usual case, a canonical name (a class key): no resolving
        cls = _SERIES.get(dtype)
        if cls is not None:
            return cls
    key = static_dtype(dtype)
    try:
        return _SERIES[key]
    except KeyError:
        msg = f"No Series class for dtype {dtype!r}; known: {sorted(_SERIES)}."
        raise DtypeError(msg) from None


# ---------------------------------------------------------------------------------------------
# SQL types both ways


def sql_type(dtype: Dtype) -> exp.DataType:
    """The neutral sqlglot DataType of a dtype (a fresh object, safe to embed)."""
    dtype = validate_dtype(dtype)
    if isinstance(dtype, list):
        return exp.DataType(this=T.ARRAY, expressions=[sql_type(dtype[0])], nested=True)
    if isinstance(dtype, dict):
        return exp.DataType(
            this=T.STRUCT,
            nested=True,
            expressions=[
                exp.ColumnDef(this=exp.to_identifier(k, quoted=True), kind=sql_type(v))
                for k, v in dtype.items()
            ],
        )
    if row(dtype).struct:  # stored as a dict of its levels
        return sql_type(dict(row(dtype).struct))  # type: ignore[arg-type]
    sql = row(dtype).sql_type
    assert sql is not None
    return _parsed_type(sql, None).copy()


@functools.lru_cache(maxsize=1024)
def _parsed_type(text: str, dialect: str | None) -> exp.DataType:
    """A type string parsed once (shared: read it, or embed a ``.copy()``)."""
    return exp.DataType.build(text, dialect=dialect)


def _row_of_db_type(data_type: T) -> DtypeRow | None:
    return next((r for r in DTYPES.values() if data_type in r.db_types), None)


def row_of_sql_type(data_type: exp.DataType) -> DtypeRow:
    """The table row of a sqlglot DataType; raises DtypeError if no dtype has that type."""
    found = _row_of_db_type(data_type.this)
    if found is None:
        msg = f"No dtype for SQL type {data_type.sql()!r}."
        raise DtypeError(msg)
    return found


def dtype_from_sql_type(data_type: exp.DataType | str, dialect: Any = None) -> Dtype:
    """Map a database column type to a Bach dtype.

    ``data_type`` is a sqlglot DataType, or a type string parsed with ``dialect``.

    >>> dtype_from_sql_type('double precision', 'postgres')
    'float64'
    >>> dtype_from_sql_type('ARRAY<STRUCT<a INT64, b STRING>>', 'bigquery')
    [{'a': 'int64', 'b': 'string'}]
    """
    if isinstance(data_type, str):
        text = data_type
        if dialect is None or isinstance(dialect, str):  # read only: the shared parse will do
            data_type = _parsed_type(data_type, dialect)
        else:
            data_type = exp.DataType.build(data_type, dialect=dialect)
    else:
        text = data_type.sql()
    found = _row_of_db_type(data_type.this)
    if found is not None and found.name == "list" and len(data_type.expressions) == 1:
        return [dtype_from_sql_type(data_type.expressions[0])]
    if found is not None and found.name == "dict":
        fields = data_type.expressions
        if fields and all(isinstance(f, exp.ColumnDef) and f.name for f in fields):
            return {f.name: dtype_from_sql_type(f.args["kind"]) for f in fields}
        found = None  # unnamed struct fields have no dict dtype
    if found is None or found.name in _STRUCTURED:
        msg = (
            f"Database type {text!r} has no Bach dtype. Supported database types map to "
            f"{_dtype_options()}, lists and dicts (named fields); cast the column in the "
            "database, or pass all_dtypes= to choose a dtype."
        )
        raise DtypeError(msg)
    return found.name


def dtype_of_arrow_type(arrow_type: pa.DataType) -> Dtype:
    """The Bach dtype of an Arrow result type (for ``run_query(sql, dtypes=None)``)."""
    t = arrow_type
    if isinstance(t, pa.ExtensionType):
        if "uuid" in getattr(t, "extension_name", ""):
            return _name_of_sql(T.UUID)
        if "json" in getattr(t, "extension_name", ""):
            return _name_of_sql(T.JSON)
        t = t.storage_type
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return [dtype_of_arrow_type(t.value_type)]
    if pa.types.is_struct(t):
        return {t.field(i).name: dtype_of_arrow_type(t.field(i).type) for i in range(t.num_fields)}
    for candidate in DTYPES.values():
        if any(check(t) for check in candidate.arrow_checks):
            return candidate.name
    msg = f"Result type {arrow_type} has no Bach dtype; pass dtypes= to run_query."
    raise DtypeError(msg)


def _name_of_sql(data_type: T) -> str:
    found = _row_of_db_type(data_type)
    assert found is not None
    return found.name


# ---------------------------------------------------------------------------------------------
# literals, VALUES rows, casts


def literal(value: Any, dtype: Dtype) -> exp.Expression:
    """A typed literal of ``dtype`` for Python value ``value`` (None, NaN, NaT: a typed NULL)."""
    to = sql_type(dtype)
    the_row = row(dtype)
    missing = (
        cv.json_missing(value)
        if the_row.literal is cv.literal_json or isinstance(dtype, (list, dict))
        else cv.is_missing(value)
    )
    if missing:
        return cv.null(to)
    try:
        assert the_row.literal is not None
        return the_row.literal(value, to)
    except (TypeError, ValueError, OverflowError) as error:
        msg = f"Cannot make a {dtype!r} literal of {value!r} ({type(value).__name__})."
        raise DtypeError(msg) from error


def values_null(dtype: Dtype) -> exp.Expression:
    """A NULL of the raw VALUES type of ``dtype``.

    An untyped NULL would be INT64 on BigQuery (a column of only NULLs then fails
    ``CAST(... AS DATE)``) and text on PostgreSQL.
    """
    return cv.null(sql_type(row(dtype).raw_dtype))


def values_literal(value: Any, dtype: Dtype) -> exp.Expression:
    """The plain literal a VALUES row stores for ``value`` (casts come after)."""
    the_row = row(dtype)
    if cv.is_missing(value) if not isinstance(value, (list, dict)) else False:
        return values_null(dtype)
    if isinstance(dtype, (list, dict)):
        validate_dtype_value(static_dtype(dtype), dtype, value)
    return the_row.raw(value)


def values_typed(column: exp.Expression, dtype: Dtype) -> exp.Expression:
    """The expression that types a VALUES column of ``dtype``."""
    return row(dtype).typed(column, sql_type(dtype))


def can_cast(source: Dtype, target: Dtype) -> bool:
    """Whether :func:`cast` can convert dtype ``source`` to dtype ``target``."""
    src, dst = base_dtype(source), base_dtype(target)
    return src == dst or static_dtype(dst) in row(src).casts


def cast(expression: exp.Expression, source: Dtype, target: Dtype) -> exp.Expression:
    """Convert ``expression`` of dtype ``source`` to dtype ``target``."""
    src, dst = base_dtype(source), base_dtype(target)
    if src == dst:
        return expression
    casts = row(src).casts
    key = static_dtype(dst)
    if key not in casts:
        options = sorted(casts)
        msg = (
            f"Cannot cast dtype {source!r} to {target!r}. From {source!r} Bach casts to {options}."
        )
        raise DtypeError(msg)
    builder = casts[key]
    to = sql_type(dst)
    return exp.Cast(this=expression, to=to) if builder is None else builder(expression, to)


def cast_targets(dtype: Dtype) -> list[str]:
    """The dtypes that ``dtype`` can be cast to, sorted."""
    return sorted(row(base_dtype(dtype)).casts)


# ---------------------------------------------------------------------------------------------
# Python values and pandas


def dtype_of_value(value: Any) -> str:
    """The dtype of a Python literal (None: string).

    >>> dtype_of_value(1), dtype_of_value(1.5), dtype_of_value('a'), dtype_of_value(None)
    ('int64', 'float64', 'string', 'string')
    """
    if value is None:
        return _name_of_sql(T.TEXT)
    if isinstance(value, decimal.Decimal):  # float64 only when that keeps it exact
        from objectiv_bach.validation import check_exact_decimal

        check_exact_decimal(value)
    for candidate in DTYPES.values():
        if candidate.value_types and isinstance(value, candidate.value_types):
            return candidate.name
    types = sorted({t.__name__ for r in DTYPES.values() for t in r.value_types})
    msg = (
        f"Cannot make a Bach literal of {value!r} (type {type(value).__name__!r}). Supported "
        f"Python types: {', '.join(types)}."
    )
    raise DtypeError(msg)


def python_value(value: Any, dtype: Dtype, parsed: bool = False) -> Any:
    """A result value (or element, or field) of ``dtype`` as the Python value ``to_pandas`` gives.

    ``parsed``: the value comes from parsed JSON text.
    """
    convert = row(base_dtype(dtype)).to_python
    assert convert is not None
    return convert(value, dtype, parsed)


def column_to_pandas(column: pa.Array, dtype: Dtype) -> pd.Series:
    """A result column (Arrow) of ``dtype`` as pandas."""
    convert = row(base_dtype(dtype)).to_pandas
    assert convert is not None
    return convert(column, dtype)


#: the ``dtype_backend`` values of ``to_pandas()``, as pandas' ``read_sql``
DTYPE_BACKENDS = ("numpy", "numpy_nullable", "pyarrow")


def result_pandas_dtype(dtype: Dtype, has_nulls: bool, dtype_backend: str = "numpy") -> Any:
    """The pandas dtype ``to_pandas(dtype_backend=...)`` gives a column of Bach dtype ``dtype``.

    ``'numpy'`` (the default) follows pandas' ``read_sql`` and the original Bach: ``int64`` and
    ``bool`` for a column without NULLs, ``float64`` (NaN) and ``object`` (None) for one with
    NULLs. ``'numpy_nullable'`` gives ``Int64``, ``boolean``, ``Float64``, ``string``;
    ``'pyarrow'`` gives ``pandas.ArrowDtype`` columns. Dtypes without such a form (json, uuid,
    lists, dicts: ``object``) are the same for every backend.

    >>> result_pandas_dtype('int64', False), result_pandas_dtype('int64', True)
    ('int64', 'float64')
    >>> result_pandas_dtype('bool', True, 'numpy_nullable'), result_pandas_dtype('int64', True, 'pyarrow')
    ('boolean', int64[pyarrow])
    """
    the_row = row(base_dtype(dtype))
    if dtype_backend == "numpy":
        wanted = the_row.numpy_dtype_nulls if has_nulls else the_row.numpy_dtype
        return wanted or the_row.pandas_dtype
    if dtype_backend == "numpy_nullable":
        return the_row.nullable_dtype or the_row.pandas_dtype
    check_dtype_backend(dtype_backend)
    if the_row.pyarrow_type is not None:
        return pd.ArrowDtype(the_row.pyarrow_type)
    return the_row.pandas_dtype


def check_dtype_backend(dtype_backend: Any) -> None:
    """Raise InvalidArgumentError unless ``dtype_backend`` is one of :data:`DTYPE_BACKENDS`."""
    if dtype_backend not in DTYPE_BACKENDS:
        from objectiv_bach.errors import InvalidArgumentError

        msg = (
            f"dtype_backend={dtype_backend!r}: choose one of {list(DTYPE_BACKENDS)} "
            "(the default 'numpy' gives the dtypes of pandas' read_sql)."
        )
        raise InvalidArgumentError(msg)


def to_result_dtype(series: pd.Series, dtype: Dtype, dtype_backend: str = "numpy") -> pd.Series:
    """A ``run_query`` result column (exact, ``pandas_dtype``) in its ``to_pandas()`` dtype.

    See :func:`result_pandas_dtype`. A NULL of an ``object`` column is ``None``.
    """
    has_nulls = bool(series.isna().any())
    wanted = result_pandas_dtype(dtype, has_nulls, dtype_backend)
    if str(series.dtype) == str(wanted):
        return series
    if str(wanted) == "object":
        return series.astype(object).where(series.notna(), None)
    if str(wanted) == "float64":
        return pd.Series(series.to_numpy(dtype="float64", na_value=np.nan), index=series.index)
    return series.astype(wanted)


#: numpy result dtypes an Arrow column of the same type becomes directly (see
#: :func:`result_array`); float64 NULLs become NaN there as in ``to_pandas_float``
_DIRECT_NUMPY = {"int64": pa.int64(), "bool": pa.bool_(), "float64": pa.float64()}


def result_array(column: pa.Array, dtype: Dtype, dtype_backend: str = "numpy") -> Any:
    """A result column (one Arrow chunk) in its ``to_pandas()`` dtype, as an array.

    The same values and dtype as ``to_result_dtype(column_to_pandas(column, dtype),
    dtype, dtype_backend)``; a column whose Arrow type already is its numpy result type
    (``int64`` and ``bool`` without NULLs, ``double``) becomes numpy directly, without the
    nullable pandas column in between (on a small result that detour cost more than the query's
    own fetch).
    """
    if dtype_backend == "numpy":
        wanted = str(result_pandas_dtype(dtype, column.null_count > 0))
        if column.type == _DIRECT_NUMPY.get(wanted):
            return column.to_numpy(zero_copy_only=False)
    series = to_result_dtype(column_to_pandas(column, dtype), dtype, dtype_backend)
    return series.array


def series_to_arrow(series: pd.Series, dtype: Dtype) -> pa.Array:
    """A pandas column to upload as ``dtype``, as Arrow (of :func:`upload_arrow_type`)."""
    the_row = row(base_dtype(dtype))
    assert the_row.to_arrow is not None
    target = upload_arrow_type(dtype) or pa.string()
    if isinstance(dtype, (list, dict)):  # the row's function needs the instance dtype
        return the_row.to_arrow(series, target, dtype)  # type: ignore[no-any-return]
    return the_row.to_arrow(series, target)  # type: ignore[no-any-return]


def upload_arrow_type(dtype: Dtype) -> pa.DataType | None:
    """The Arrow type a column of ``dtype`` is uploaded as (None: none in its table row).

    A list dtype uploads as an Arrow list, a dict dtype as an Arrow struct, of the upload types
    of their element / field dtypes.

    >>> upload_arrow_type(['int64']), upload_arrow_type({'a': 'string', 'b': ['json']})
    (ListType(list<item: int64>), StructType(struct<a: string, b: list<item: string>>))
    """
    if isinstance(dtype, list):
        return pa.list_(upload_arrow_type(dtype[0]) or pa.string())
    if isinstance(dtype, dict):
        return pa.struct(
            [pa.field(k, upload_arrow_type(sub) or pa.string()) for k, sub in dtype.items()]
        )
    return row(base_dtype(dtype)).arrow_type


def upload_json_text(series: pd.Series) -> pa.Array:
    """A column of lists/dicts (or JSON values) as Arrow JSON text, as VALUES rows store them.

    For engines that stage such a column as text and convert it in SQL (:func:`values_typed`).
    """
    return pa.array(
        [None if _missing_structure(v) else cv.json_text(_as_structure(v)) for v in series],
        pa.string(),
    )


def _as_structure(value: Any) -> Any:
    """A value of a dtype stored as a dict (a ``pandas.Interval``) as that dict."""
    return cv.interval_fields(value) if isinstance(value, pd.Interval) else value


def stored_as_dict(dtype: Dtype) -> bool:
    """Whether values of ``dtype`` are stored as a dict: a dict dtype, or a row with levels."""
    return isinstance(dtype, dict) or (not isinstance(dtype, list) and bool(row(dtype).struct))


def pandas_dtype(dtype: Dtype) -> str:
    """The pandas dtype of the column ``to_pandas()`` returns for ``dtype``."""
    return row(dtype).pandas_dtype


def dtype_from_pandas(series: pd.Series, convert_objects: bool = True) -> str:
    """The Bach dtype to store a pandas Series as (``from_pandas``)."""
    pd_dtype = series.dtype
    kind = getattr(pd_dtype, "kind", "O")
    if pd.api.types.is_bool_dtype(pd_dtype):
        return _name_of_sql(T.BOOLEAN)
    if pd.api.types.is_integer_dtype(pd_dtype):
        return _name_of_sql(T.BIGINT)
    if pd.api.types.is_float_dtype(pd_dtype):
        return _name_of_sql(T.DOUBLE)
    if pd.api.types.is_string_dtype(pd_dtype) and not pd.api.types.is_object_dtype(pd_dtype):
        return _name_of_sql(T.TEXT)
    if isinstance(pd_dtype, pd.DatetimeTZDtype) or kind == "M":
        return _name_of_sql(T.TIMESTAMP)
    if kind == "m":
        return _name_of_sql(T.INTERVAL)
    if pd.api.types.is_object_dtype(pd_dtype):
        non_null = series.dropna()
        if len(non_null) == 0:
            msg = (
                f"Column {series.name!r} has dtype object and holds only missing values, so its "
                "type cannot be inferred. Cast it first, e.g. df[col] = df[col].astype('string')."
            )
            raise DtypeError(msg)
        if not convert_objects:
            msg = (
                f"Column {series.name!r} has dtype object. Pass convert_objects=True to infer "
                "its type from the values, or cast it to a supported pandas dtype first."
            )
            raise DtypeError(msg)
        dtypes = {dtype_of_value(v) for v in non_null}
        if len(dtypes) == 2 and all(is_numeric(d) for d in dtypes):
            return _name_of_sql(T.DOUBLE)
        if len(dtypes) != 1:
            msg = (
                f"Column {series.name!r} mixes values of dtypes {sorted(dtypes)}; a column "
                "must have one dtype. Cast it first, e.g. with astype(str)."
            )
            raise DtypeError(msg)
        return dtypes.pop()
    msg = (
        f"Column {series.name!r} has pandas dtype {str(pd_dtype)!r}, which Bach cannot store. "
        "Supported: bool, integers, floats, strings, datetime64, timedelta64, and object "
        "columns of str/date/time/UUID/dict/list values."
    )
    raise DtypeError(msg)
