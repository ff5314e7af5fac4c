"""DataFrames over a SQL query (``from_model``) and column-name mappings of sources.

``from_model`` takes a query as text (parsed with sqlglot in the engine's dialect) or as a
sqlglot expression, and makes it one CTE of the plan (:class:`~objectiv_bach.plan.nodes.QuerySource`).
Without ``all_dtypes`` the query's columns and types come from the database: an empty table of
the query's result (``LIMIT 0``) is created, read and dropped.

``name_to_column_mapping`` (``from_table`` and ``from_model``) names Series differently from
the columns they read: ``{'User Id': 'user_id'}`` gives a Series ``'User Id'`` over column
``user_id``. ``index`` and the keys of ``all_dtypes`` are Series names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlglot
from sqlglot import exp

from objectiv_bach.errors import (
    BachError,
    ColumnNotFoundError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
)
from objectiv_bach.plan.nodes import Node, QuerySource, TableSource
from objectiv_bach.types import validate_dtype

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame


def check_mapping(mapping: Any) -> dict[str, str]:
    """``name_to_column_mapping`` as a dict of str to str; else raise."""
    if mapping is None:
        return {}
    if not isinstance(mapping, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        msg = (
            "name_to_column_mapping must map Series names (str) to column names (str), got "
            f"{mapping!r}."
        )
        raise InvalidArgumentTypeError(msg)
    columns = list(mapping.values())
    if len(set(columns)) != len(columns):
        msg = f"name_to_column_mapping maps two Series names to one column: {dict(mapping)!r}."
        raise InvalidArgumentError(msg)
    return dict(mapping)


def column_dtypes(
    all_dtypes: Mapping[str, Any], mapping: Mapping[str, str]
) -> list[tuple[str, Any]]:
    """``(column, dtype)`` of ``all_dtypes`` (keyed by Series name, or by column name)."""
    return [(mapping.get(name, name), validate_dtype(d)) for name, d in all_dtypes.items()]


def frame_on_source(
    engine: Any,
    node: Node,
    columns: list[tuple[str, Any]],
    index: Any,
    mapping: Mapping[str, str],
    casts: Mapping[str, exp.DataType] | None = None,
) -> DataFrame:
    """A frame over the columns of ``node``, its Series named by ``mapping`` (series -> column).

    A column in ``casts`` is read through a cast to its type (see ``Backend.table_source``).
    """
    from objectiv_bach.dataframe import DataFrame

    names = {column: name for name, column in mapping.items()}
    known = [c for c, _ in columns]
    for name, column in mapping.items():
        if column not in known:
            msg = (
                f"name_to_column_mapping maps {name!r} to column {column!r}, which is not one "
                f"of the columns {known}."
            )
            raise ColumnNotFoundError(msg)
    index_names = [index] if isinstance(index, str) else list(index or [])
    index_columns = [mapping.get(n, n) for n in index_names]
    frame = DataFrame._from_node(engine, node, columns, index_columns, casts)
    if not names:
        return frame
    renamed = frame.rename(columns={c: names[c] for c in frame.columns if c in names})
    return renamed._rename_index({c: names[c] for c in frame.index_columns if c in names})


def parse_model(model: Any, dialect: str) -> exp.Query:
    """The query of ``model``: SQL text (in ``dialect``) or a sqlglot query expression."""
    from objectiv_bach.dialects import get_dialect

    if isinstance(model, str):
        try:
            parsed = sqlglot.parse(model, read=get_dialect(dialect))  # type: ignore[arg-type]
        except sqlglot.errors.SqlglotError as error:
            msg = f"from_model(): cannot parse the model as {dialect} SQL: {error}"
            raise InvalidArgumentError(msg) from error
        statements = [p for p in parsed if p is not None]
        if len(statements) != 1 or not isinstance(statements[0], exp.Query):
            msg = (
                f"from_model() takes exactly one query, got {model!r}. Pass one query, "
                "with no other statements."
            )
            raise InvalidArgumentError(msg)
        return statements[0]
    if isinstance(model, exp.Query):
        return model.copy()
    msg = (
        f"from_model(model=...) takes a SQL query (str) or a sqlglot query expression, got "
        f"{type(model).__name__}."
    )
    raise InvalidArgumentTypeError(msg)


def query_columns(
    backend: Any, query: exp.Query
) -> tuple[list[tuple[str, str]], dict[str, exp.DataType]]:
    """``(column, dtype)`` of the result of ``query``, asked of the database, and casts.

    The casts are those its columns are read through (``Backend.table_source``).
    """
    from objectiv_bach.dialects import render

    empty = exp.select("*").from_(query.copy().subquery("_bach_model")).limit(0)
    table = backend.create_temp_table_as("bach_model_schema", render(empty, backend.name))
    try:
        columns, casts = backend.table_source(table)
        return list(columns), casts
    finally:
        try:
            backend.drop_table(table)
        except BachError:  # pragma: no cover - a temporary table goes with the session anyway
            pass


def from_model(
    cls: type[DataFrame],
    engine: Any,
    model: Any,
    index: Any,
    all_dtypes: Mapping[str, Any] | None = None,
    name_to_column_mapping: Mapping[str, str] | None = None,
) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.from_model`."""
    from objectiv_bach.backends import get_backend

    mapping = check_mapping(name_to_column_mapping)
    backend = get_backend(engine)
    query = parse_model(model, backend.name)
    casts: dict[str, exp.DataType] = {}
    if all_dtypes is None:
        columns: list[tuple[str, Any]]
        columns, casts = query_columns(backend, query)
    else:
        columns = column_dtypes(all_dtypes, mapping)
    node = QuerySource(name="sql_model", query=query, column_names=tuple(c for c, _ in columns))
    return frame_on_source(engine, node, columns, index, mapping, casts)


def from_table(
    engine: Any,
    table_name: str,
    index: Any,
    all_dtypes: Mapping[str, Any] | None = None,
    name_to_column_mapping: Mapping[str, str] | None = None,
    *,
    offline: bool = False,
) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.from_table`."""
    from objectiv_bach.backends import get_backend

    mapping = check_mapping(name_to_column_mapping)
    if offline:
        if all_dtypes is None:
            msg = (
                "from_table(offline=True) needs all_dtypes={column: dtype}: no database "
                "is asked for the table's columns."
            )
            raise InvalidArgumentError(msg)
        columns = column_dtypes(all_dtypes, mapping)
        node = TableSource(
            table=exp.to_table(table_name), column_names=tuple(c for c, _ in columns)
        )
        return frame_on_source(engine, node, columns, index, mapping)
    backend = get_backend(engine)
    table = backend.table_ref(table_name)  # resolved once: the lookups below take it as is
    casts: dict[str, exp.DataType] = {}
    if all_dtypes is None:
        columns, casts = backend.table_source(table)
    else:
        columns = column_dtypes(all_dtypes, mapping)
    node = TableSource(table=table, column_names=tuple(c for c, _ in columns))
    return frame_on_source(engine, node, columns, index, mapping, casts)
