"""``get_dummies()``: one indicator column per distinct value (one-hot encoding).

The distinct values of all encoded columns are found with ONE query (a UNION ALL of one
``SELECT DISTINCT`` per column); the indicator columns are then plain expressions
(``CASE WHEN x = 'value' ...``) on the frame, so no further query runs until the result is used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach.errors import DtypeError, InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.plan.naming import col, sql_column_name
from objectiv_bach.plan.nodes import Select, Union
from objectiv_bach.series import casts
from objectiv_bach.series.base import Series, series_class
from objectiv_bach.types import dtypes_where, is_numeric, validate_dtype

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

#: dtypes that can be encoded: their text is the same on every engine
ENCODABLE = dtypes_where(lambda r: r.stable_text)
_COLUMN = "__bach_column"
_VALUE = "__bach_value"


def _prefixes(columns: list[str], prefix: Any) -> dict[str, str | None]:
    if prefix is None:
        return {c: c for c in columns}
    if isinstance(prefix, str):
        return {c: prefix for c in columns}
    if isinstance(prefix, Mapping):
        missing = [c for c in columns if c not in prefix]
        if missing:
            msg = f"get_dummies prefix dict has no prefix for columns {missing}."
            raise InvalidArgumentError(msg)
        return {c: prefix[c] for c in columns}
    prefix = list(prefix)
    if len(prefix) != len(columns):
        msg = (
            f"get_dummies prefix has {len(prefix)} entries for {len(columns)} columns "
            f"{columns}; give one per column, a str or a dict."
        )
        raise InvalidArgumentError(msg)
    return dict(zip(columns, prefix, strict=True))


def distinct_values(frame: DataFrame, columns: Sequence[str]) -> dict[str, list[str]]:
    """The sorted distinct non-NULL values (as text) of each column: one query."""
    from objectiv_bach.dataframe import DataFrame

    state = frame._state_select(step="dummies_source")
    parts = []
    for name in columns:
        series = frame[name]
        value = col(sql_column_name(name))
        text = casts.cast(value, series.dtype, "string") if series.dtype != "string" else value
        parts.append(
            Select(
                parent=state,
                column_exprs=((_COLUMN, exp.Literal.string(name)), (_VALUE, text)),
                where=exp.Not(this=exp.Is(this=value.copy(), expression=exp.null())),
                distinct=True,
                step="distinct_values",
            )
        )
    union = Union(parts=tuple(parts))
    plain = {
        n: series_class("string")(
            engine=frame._engine, base_node=union, index={}, expression=col(n), name=n
        )
        for n in (_COLUMN, _VALUE)
    }
    rows = DataFrame(
        engine=frame._engine, base_node=union, index={}, series=plain, **frame._carried()
    )._result()
    found: dict[str, list[str]] = {c: [] for c in columns}
    for column, value in zip(rows[_COLUMN], rows[_VALUE], strict=True):
        found[column].append(value)
    return {c: sorted(v, key=_natural) for c, v in found.items()}


def _natural(text: str) -> tuple[int, float, str]:
    """Sort key of a value's text.

    Numbers sort by value ('2' before '10'), then the rest as text ('False' before 'True').
    """
    try:
        return (0, float(text), text)
    except ValueError:
        return (1, 0.0, text)


def get_dummies(
    frame: DataFrame,
    prefix: Any = None,
    prefix_sep: str = "_",
    dummy_na: bool = False,
    columns: Any = None,
    dtype: str = "int64",
    *,
    bare: bool = False,
) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.get_dummies`.

    ``bare``: columns named by the value alone (``Series.get_dummies`` without a prefix, as pandas).
    """
    if frame.group_by is not None:
        msg = "get_dummies() of a grouped DataFrame"
        raise UnsupportedOperationError(msg, None, "Aggregate first, or call it before groupby().")
    target = validate_dtype(dtype)
    if not (is_numeric(target) or target == "bool"):
        msg = f"get_dummies(dtype={dtype!r}): choose 'int64', 'float64' or 'bool'."
        raise DtypeError(msg)
    if columns is None:
        names = [n for n, s in frame.data.items() if s.dtype == "string"]
    else:
        names = [columns] if isinstance(columns, str) else list(columns)
        for name in names:
            if name not in frame.data:
                raise frame._missing(name)
            if frame[name].dtype not in ENCODABLE:
                msg = (
                    f"get_dummies of column {name!r} (dtype {frame[name].dtype!r}): only "
                    f"{list(ENCODABLE)} columns can be encoded. Cast it first."
                )
                raise DtypeError(msg)
    if not names:
        return frame.copy()
    prefixes = _prefixes(names, prefix)
    values = distinct_values(frame, names)
    data: dict[str, Series] = {n: s for n, s in frame.data.items() if n not in names}
    for name in names:
        series = frame[name]
        text = series.astype("string") if series.dtype != "string" else series
        for value in values[name]:
            label = value if bare else f"{prefixes[name]}{prefix_sep}{value}"
            data[_unique(label, data)] = _indicator((text == value).fillna(False), target, label)
        if dummy_na:
            label = "nan" if bare else f"{prefixes[name]}{prefix_sep}nan"
            data[_unique(label, data)] = _indicator(series.isnull(), target, label)
    return frame.copy_override(series=data)


def _unique(label: str, taken: Mapping[str, Any]) -> str:
    if label in taken:
        msg = (
            f"get_dummies gives column {label!r}, which the frame already has; pass another "
            "prefix or prefix_sep."
        )
        raise InvalidArgumentError(msg)
    return label


def _indicator(mask: Series, dtype: str, name: str) -> Series:
    return (mask if dtype == "bool" else mask.astype(dtype)).rename(name)
