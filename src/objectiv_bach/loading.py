"""``from_pandas``: a pandas DataFrame as inline VALUES or as an uploaded table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlglot import exp

from objectiv_bach.backends import get_backend
from objectiv_bach.errors import (
    ColumnNotFoundError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
)
from objectiv_bach.plan.naming import col, sql_column_name
from objectiv_bach.plan.nodes import TableSource, ValuesSource
from objectiv_bach.types import (
    dtype_from_pandas,
    pandas_dtype,
    validate_dtype,
    values_literal,
    values_null,
    values_typed,
)

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame


def _with_index_columns(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    names = [
        f"_index_{n}" if n is not None else f"_index_{i}" for i, n in enumerate(df.index.names)
    ]
    for name in names:
        if name in df.columns:
            msg = f"Index column name {name!r} is also a data column; rename one of them."
            raise InvalidArgumentError(msg)
    flat = df.copy()
    flat.index = flat.index.set_names(names)
    flat = flat.reset_index()
    return flat, names


def _chosen_dtypes(df: pd.DataFrame, dtypes: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``dtypes=`` argument of from_pandas, checked and canonical."""
    if dtypes is None:
        return {}
    if not isinstance(dtypes, Mapping):
        msg = f"dtypes={dtypes!r}: give a mapping of column name to dtype, e.g. {{'l': ['int64']}}."
        raise InvalidArgumentTypeError(msg)
    for name in dtypes:
        if name not in df.columns:
            msg = (
                f"dtypes names column {name!r}, which the pandas DataFrame does not have; its "
                f"columns are {list(df.columns)!r}."
            )
            raise ColumnNotFoundError(msg)
    return {name: validate_dtype(dtype) for name, dtype in dtypes.items()}


def from_pandas(
    cls: type[DataFrame],
    engine: Any,
    df: pd.DataFrame,
    *,
    convert_objects: bool,
    name: str,
    materialization: str,
    if_exists: str,
    dtypes: Mapping[str, Any] | None = None,
) -> DataFrame:
    """Implement :meth:`DataFrame.from_pandas` (see there for the parameters)."""
    if not isinstance(df, pd.DataFrame):
        msg = f"from_pandas takes a pandas DataFrame, got {type(df).__name__!r}."
        raise InvalidArgumentError(msg)
    if materialization not in ("cte", "table"):
        msg = f"materialization={materialization!r}: choose 'cte' or 'table'."
        raise InvalidArgumentError(msg)
    if if_exists not in ("fail", "replace", "append"):
        msg = f"if_exists={if_exists!r}: choose 'fail', 'replace' or 'append'."
        raise InvalidArgumentError(msg)
    for column in df.columns:
        if not isinstance(column, str):
            msg = f"Column names must be strings; got {column!r}. Rename the columns first."
            raise InvalidArgumentError(msg)
    if df.columns.has_duplicates:
        msg = f"Duplicate column names: {sorted(df.columns[df.columns.duplicated()])}."
        raise InvalidArgumentError(msg)
    flat, index_names = _with_index_columns(df)
    chosen = _chosen_dtypes(df, dtypes)
    dtypes = {
        c: chosen[c] if c in chosen else dtype_from_pandas(flat[c], convert_objects)
        for c in flat.columns
    }
    sql_names = [sql_column_name(c) for c in flat.columns]
    if len(set(sql_names)) != len(sql_names):
        msg = f"Column names {list(flat.columns)} map to clashing SQL names; rename them."
        raise InvalidArgumentError(msg)
    renames = dict(zip(sql_names, flat.columns, strict=True))
    if materialization == "table":
        # the table stores SQL column names ('userId' and 'UserId' cannot both be columns on
        # DuckDB or BigQuery); the frame maps them back, as for the VALUES CTE below
        backend = get_backend(engine)
        stored = flat.set_axis(sql_names, axis=1)
        table = backend.create_table(
            name, stored, {s: dtypes[c] for s, c in renames.items()}, if_exists=if_exists
        )
        node = TableSource(table=table, column_names=tuple(sql_names))
        frame = cls._from_node(
            engine,
            node,
            [(s, dtypes[c]) for s, c in renames.items()],
            [sql_column_name(n) for n in index_names],
        )
        return frame.rename(columns=renames)._rename_index(renames)
    # numpy datetime64/timedelta64 columns keep pandas scalars (tolist() would give ints)
    columns = [
        list(flat[c])
        if pandas_dtype(dtypes[c]).startswith(("datetime", "timedelta"))
        else flat[c].tolist()
        for c in flat.columns
    ]
    rows = tuple(
        tuple(
            values_literal(values[i], dtypes[c])
            for c, values in zip(flat.columns, columns, strict=True)
        )
        for i in range(len(flat))
    )
    if not rows:  # no rows: one row of NULLs, filtered out below (VALUES needs a row)
        rows = (tuple(values_null(dtypes[c]) for c in flat.columns),)
    values_node = ValuesSource(
        name=name,
        column_names=tuple(sql_names),
        rows=rows,
        casts=tuple(
            values_typed(col(s), dtypes[c]) for s, c in zip(sql_names, flat.columns, strict=True)
        ),
    )
    frame = cls._from_node(
        engine,
        values_node,
        [(s, dtypes[c]) for s, c in zip(sql_names, flat.columns, strict=True)],
        [sql_column_name(n) for n in index_names],
    )
    if len(flat) == 0:
        frame = frame[frame._template().copy_override(expression=exp.false(), dtype="bool")]
    frame = frame.rename(columns=renames)
    return frame._rename_index(renames)
