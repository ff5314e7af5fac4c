"""PostgreSQL with psycopg2: one connection per backend, in autocommit mode.

* Autocommit, so that a failed statement does not abort a transaction that later statements
  would need (``current transaction is aborted``); the few multi-statement operations
  (``create_table_as(if_exists='replace')``) run in an explicit transaction.
* Results: a psycopg2 cursor's rows, converted column-wise (via Arrow) by
  :mod:`objectiv_bach.backends.convert`. ``json``/``jsonb`` values are fetched as text (psycopg2's
  own JSON decoding is switched off on this connection) so that a JSON string and a JSON object
  are told apart the same way on every backend.
* Uploads: ``COPY ... FROM STDIN WITH (FORMAT csv)`` through ``copy_expert``, with the CSV written
  by ``pyarrow.csv`` (every value quoted, NULL unquoted and empty, so '' and NULL stay apart).
  Never ``executemany``.
* Temporary tables are session tables in ``pg_temp``; their reference is ``pg_temp.<name>``.
* A connection the backend opens (or takes from a SQLAlchemy engine) gets ``TimeZone=UTC``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import psycopg2
import psycopg2.extensions
import psycopg2.extras
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv
from sqlglot import exp

from objectiv_bach.backends.base import (
    Backend,
    backend_error,
    make_table,
    name_parts,
)
from objectiv_bach.backends.convert import arrow_to_pandas, pandas_to_arrow, rows_to_arrow
from objectiv_bach.errors import DtypeError, TableNotFoundError
from objectiv_bach.types import dtype_from_sql_type


def psycopg2_dsn(url: str) -> str:
    """A libpq DSN from a SQLAlchemy-style URL (``postgresql+psycopg2://`` -> ``postgresql://``)."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower().startswith(("postgresql+", "postgres+")):
        return "postgresql://" + rest
    return url


def hide_password(dsn: str) -> str:
    """``dsn`` with any password replaced by ``***`` (for error messages)."""
    dsn = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", dsn)
    return re.sub(r"(password\s*=\s*)\S+", r"\1***", dsn)


class PostgresBackend(Backend):
    """A PostgreSQL connection (psycopg2).

    Parameters
    ----------
    connection : psycopg2 connection or str
        A connection, or a DSN / URL (``postgresql://user@host:port/db``) to connect to.
    owns_connection : bool, optional
        Close the connection in :meth:`close`. Default: True when the backend opened it.
    configure_session : bool, optional
        Set ``TimeZone='UTC'`` on the connection. Default: True when the backend opened it.
    """

    name = "postgres"

    def __init__(self, connection: Any, *, owns_connection: bool | None = None,
                 configure_session: bool | None = None):
        super().__init__()
        opened = isinstance(connection, str)
        if opened:
            try:
                connection = psycopg2.connect(psycopg2_dsn(connection))
            except psycopg2.Error as e:
                what = f"-- connect to {hide_password(connection)}"
                raise backend_error(what, e, "PostgreSQL") from e
        self.connection = connection
        self.owns_connection = opened if owns_connection is None else owns_connection
        self.connection.autocommit = True
        # JSON as text: convert.py parses it (psycopg2 would turn JSON '"a"' into 'a')
        psycopg2.extras.register_default_json(self.connection, loads=lambda text: text)
        psycopg2.extras.register_default_jsonb(self.connection, loads=lambda text: text)
        if opened if configure_session is None else configure_session:
            self._execute("SET TimeZone = 'UTC'")

    # -- running SQL -----------------------------------------------------------------------

    def run_query(self, sql: str, dtypes: Sequence[str] | None) -> pd.DataFrame:
        self._observe(sql)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(sql)
                if cursor.description is None:
                    names: list[str] = []
                    rows: list[tuple] = []
                else:
                    names = [d.name for d in cursor.description]
                    rows = cursor.fetchall()
        except psycopg2.Error as e:
            raise backend_error(sql, e, "PostgreSQL") from e
        return arrow_to_pandas(rows_to_arrow(names, rows), dtypes)

    def execute(self, sql: str) -> None:
        self._observe(sql)
        self._execute(sql)

    def _execute(self, sql: str, parameters: Sequence[Any] | None = None) -> list[tuple]:
        """Run ``sql`` (psycopg2 ``%s`` parameters) unobserved: the backend's own lookups."""
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, parameters)
                return cursor.fetchall() if cursor.description is not None else []
        except psycopg2.Error as e:
            raise backend_error(sql, e, "PostgreSQL") from e

    # -- tables ----------------------------------------------------------------------------

    def _locate(self, table: exp.Table) -> tuple[str, str] | None:
        """(schema, name) of an existing table or view, following search_path; else None."""
        rows = self._execute(
            "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.oid = to_regclass(%s)", [self._sql(table)])
        return (rows[0][0], rows[0][1]) if rows else None

    def table_ref(self, table_name: str | exp.Table) -> exp.Table:
        parts = name_parts(table_name, self.dialect)
        if len(parts) >= 2:
            return make_table(*parts[-2:])
        (name,) = parts
        found = self._locate(make_table(name))
        if found is not None:
            schema = "pg_temp" if found[0].startswith("pg_temp_") else found[0]
            return make_table(schema, name)
        (schema,) = self._execute("SELECT current_schema()")[0]
        if schema is None:
            msg = f"Cannot place table {name!r}: the search_path has no existing schema."
            raise TableNotFoundError(msg)
        return make_table(schema, name)

    def table_exists(self, table_name: str | exp.Table) -> bool:
        return self._locate(self.table_ref(table_name)) is not None

    def table_columns(self, table_name: str | exp.Table) -> list[tuple[str, str]]:
        table = self.table_ref(table_name)
        found = self._locate(table)
        if found is None:
            msg = f"Table {self._sql(table)} does not exist (PostgreSQL)."
            raise TableNotFoundError(msg)
        rows = self._execute(
            "SELECT column_name, data_type, udt_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position", list(found))
        result = []
        for column, data_type, udt_name in rows:
            type_text = udt_name if data_type in ("USER-DEFINED", "ARRAY") else data_type
            try:
                result.append((column, dtype_from_sql_type(type_text, "postgres")))
            except Exception as e:  # noqa: BLE001 - sqlglot cannot parse e.g. '_int4'
                msg = f"Column {column!r} of table {self._sql(table)} has type {type_text!r}, " \
                      f"which has no Bach dtype. Cast it in a view, or pass dtypes explicitly."
                raise DtypeError(msg) from e
        return result

    def _create_empty(self, table: exp.Table, columns: list[exp.ColumnDef], *,
                      temporary: bool) -> exp.Table:
        if temporary:
            table = make_table(table.name)  # created in pg_temp
        create = exp.Create(kind="TABLE", this=exp.Schema(this=table, expressions=columns),
                            properties=_temporary() if temporary else None)
        self.execute(self._sql(create))
        return make_table("pg_temp", table.name) if temporary else table

    def _insert_df(self, table: exp.Table, df: pd.DataFrame, dtypes: list[str]) -> None:
        arrow = pandas_to_arrow(df, dtypes, names=[f"c{i}" for i in range(len(dtypes))])
        arrow = pa.table([_csv_ready(arrow.column(i)) for i in range(arrow.num_columns)],
                         names=arrow.column_names)
        buffer = io.BytesIO()
        pyarrow.csv.write_csv(arrow, buffer, pyarrow.csv.WriteOptions(
            include_header=False, quoting_style="all_valid"))
        buffer.seek(0)
        copy = exp.Copy(
            this=exp.Schema(this=table, expressions=[
                exp.to_identifier(str(c), quoted=True) for c in df.columns]),
            kind=True, files=[exp.var("STDIN")],
            params=[exp.CopyParameter(this=exp.var("FORMAT"), expression=exp.var("csv"))],
        )
        sql = self._sql(copy)
        self._observe(sql)
        try:
            with self.connection.cursor() as cursor:
                cursor.copy_expert(sql, buffer)
        except psycopg2.Error as e:
            raise backend_error(sql, e, "PostgreSQL") from e

    def _create_as(self, table: exp.Table, select_sql: str, *, temporary: bool,
                   replace: bool) -> exp.Table:
        if temporary:
            table = make_table(table.name)
        head = self._sql(exp.Create(kind="TABLE", this=table, expression=exp.select("1"),
                                    properties=_temporary() if temporary else None))
        if not head.endswith(" AS SELECT 1"):  # pragma: no cover - sqlglot changed
            raise AssertionError(head)
        create = f"{head[: -len(' SELECT 1')]}\n{select_sql}"
        if replace:
            self._execute("BEGIN")
            try:
                self.drop_table(table)
                self.execute(create)
            except BaseException:
                self._execute("ROLLBACK")
                raise
            self._execute("COMMIT")
        else:
            self.execute(create)
        return make_table("pg_temp", table.name) if temporary else self.table_ref(table)

    def close(self) -> None:
        if self._release_sqlalchemy_connection():
            return
        if self.owns_connection and not self.connection.closed:
            self.connection.close()


def _temporary() -> exp.Properties:
    return exp.Properties(expressions=[exp.TemporaryProperty()])


def _csv_ready(column: pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Arrow's CSV writer prints durations as bare integers: write PostgreSQL interval text."""
    if pa.types.is_duration(column.type):
        micros = pc.cast(column.cast(pa.duration("us")), pa.int64()).cast(pa.string())
        return pc.binary_join_element_wise(micros, pa.scalar(" microseconds"), "")
    return column
