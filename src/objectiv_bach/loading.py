"""``from_pandas``: a pandas DataFrame as inline VALUES, a registered Arrow view or a table.

``materialization='cte'`` (the default) puts a small frame in the SQL as a VALUES CTE. A frame
of more than :data:`MAX_INLINE_VALUES` values (rows times columns, index included) is never
inlined: SQL text of that size is slow to build, to render and to parse. Instead

* on an engine that reads client memory (DuckDB) its Arrow table is registered with the
  connection under a unique name (``loaded_data__bach_1f0c3a9e5b7d``): no row is copied, and the
  SQL reads that name in a ``loaded_data`` CTE that casts the columns to their dtypes. That SQL
  runs only on that connection: rendering it for another dialect raises;
* on the other engines (PostgreSQL, BigQuery) it is uploaded (``COPY``, a load job) to a
  temporary table under a unique name, which the SQL reads.

``materialization='table'`` uploads to table ``name`` through the same fast paths.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlglot import exp

from objectiv_bach.backends import get_backend
from objectiv_bach.backends.base import make_table, unique_table_name
from objectiv_bach.backends.convert import pandas_to_arrow
from objectiv_bach.errors import (
    ColumnNotFoundError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
)
from objectiv_bach.plan.naming import col, sql_column_name
from objectiv_bach.plan.nodes import RegisteredSource, Select, TableSource, ValuesSource
from objectiv_bach.types import (
    dtype_from_pandas,
    pandas_dtype,
    sql_type,
    validate_dtype,
    values_literal,
    values_null,
    values_typed,
)

#: the most values (rows times columns, index columns included) that
#: ``from_pandas(materialization='cte')`` puts into the SQL text as VALUES; a larger frame is
#: registered (DuckDB) or uploaded to a temporary table (PostgreSQL, BigQuery)
MAX_INLINE_VALUES = 10_000

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
    if len(flat) * len(flat.columns) > MAX_INLINE_VALUES:
        return _large_cte(cls, engine, flat, name, dtypes, sql_names, index_names)
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


def _large_cte(
    cls: type[DataFrame],
    engine: Any,
    flat: pd.DataFrame,
    name: str,
    dtypes: dict[Any, str],
    sql_names: list[str],
    index_names: list[str],
) -> DataFrame:
    """``materialization='cte'`` of a frame too large to inline (see the module docstring)."""
    backend = get_backend(engine)
    renames = dict(zip(sql_names, flat.columns, strict=True))
    columns = [(s, dtypes[c]) for s, c in renames.items()]
    index = [sql_column_name(n) for n in index_names]
    arrow = pandas_to_arrow(flat, [d for _, d in columns], names=sql_names)
    registered = backend.register_arrow(name, arrow)
    if registered is None:
        stored = flat.set_axis(sql_names, axis=1)
        temp = make_table(unique_table_name(name, backend.MAX_TABLE_NAME_BYTES))
        table = backend.create_table(temp, stored, dict(columns), temporary=True)
        frame = cls._from_node(
            engine, TableSource(table=table, column_names=tuple(sql_names)), columns, index
        )
    else:
        view, keepalive = registered
        source = RegisteredSource(
            table=view,
            column_names=tuple(sql_names),
            engine_name=backend.name,
            keepalive=keepalive,
        )
        # the upload types (JSON and UUID as text ...) become the dtypes, as after an upload
        typed = Select(
            parent=source,
            column_exprs=tuple((s, exp.cast(col(s), sql_type(d))) for s, d in columns),
            name=name,
            step="loaded_data",
        )
        frame = cls._from_node(engine, typed, columns, index)
    return frame.rename(columns=renames)._rename_index(renames)
