"""The :class:`Backend` contract: run SQL on one database connection and move data in and out.

A backend owns its connection to one database (a DuckDB connection, psycopg2 connections, one
per thread, or a BigQuery client plus dataset). Everything else in Bach talks to the database only through these methods, with SQL
rendered by the Bach dialect named :attr:`Backend.name`.

Rules every backend follows:

* ``run_query`` executes exactly the text it is given and converts the result with
  :mod:`objectiv_bach.backends.convert` (one conversion table for all backends).
* Every SQL text is passed to each callable in :attr:`Backend.query_observers` before it runs
  (the test suite checks BigQuery SQL with the real GoogleSQL analyzer this way). An observer's
  exception propagates unchanged and the statement is not sent.
* Driver errors become :class:`~objectiv_bach.errors.BackendError` naming the SQL, with the
  driver's error chained.
* A user's table is dropped or overwritten only with ``if_exists='replace'``, and then
  atomically where the engine allows it (:meth:`Backend._write_atomically`): the new table is
  built under a unique name and swapped in, so a failure leaves the old table as it was and a
  failed write to a new name leaves nothing behind.
* Temporary tables get a unique name per materialization (:func:`unique_table_name`): they never
  drop, overwrite or shadow a user's table, nor each other.
* Table and column names are taken exactly (case-sensitive, any characters) and always quoted.
  A name with more parts than the engine can address is refused.
* Every statement is logged on ``logging.getLogger('objectiv_bach')`` at DEBUG level with the
  engine, duration and row count (:meth:`Backend._log_query`); connection details in logs and
  errors never include a password.
* One backend may be used from several threads (see each backend for how).
"""

from __future__ import annotations

import abc
import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

import pandas as pd
import pyarrow as pa
from sqlglot import exp

from objectiv_bach.errors import (
    BackendError,
    InvalidArgumentError,
    TableExistsError,
)
from objectiv_bach.types import sql_type, validate_dtype

#: the logger of every executed statement (DEBUG) and of connection events (INFO)
logger = logging.getLogger("objectiv_bach")

IF_EXISTS_OPTIONS = ("fail", "replace", "append")
#: how much SQL an error message repeats
SQL_IN_ERRORS = 2000


def backend_error(sql: str, error: BaseException, backend: str) -> BackendError:
    """A BackendError for ``error`` raised by the driver while running ``sql``."""
    text = sql if len(sql) <= SQL_IN_ERRORS else sql[:SQL_IN_ERRORS] + " [...]"
    first_line = str(error).strip() or type(error).__name__
    msg = f"{backend} rejected the statement: {first_line}\nSQL:\n{text}"
    return BackendError(msg)


def check_if_exists(if_exists: str) -> str:
    """Return ``if_exists`` if it is one of 'fail', 'replace', 'append'; else raise."""
    if if_exists not in IF_EXISTS_OPTIONS:
        msg = (
            f"if_exists={if_exists!r} is not an option; choose one of "
            f"{', '.join(repr(o) for o in IF_EXISTS_OPTIONS)}."
        )
        raise InvalidArgumentError(msg)
    return if_exists


def table_exists_error(table: exp.Table, dialect: Any) -> TableExistsError:
    """The TableExistsError for ``table``, naming the ``if_exists`` options."""
    msg = (
        f"Table {table.sql(dialect=dialect)} already exists. Pass if_exists='replace' to drop "
        "and recreate it, or if_exists='append' to add the rows to it (options: "
        f"{', '.join(repr(o) for o in IF_EXISTS_OPTIONS)})."
    )
    return TableExistsError(msg)


def name_parts(table_name: str | exp.Table, dialect: Any) -> list[str]:
    """The parts of a table name: ``'tbl'``, ``'schema.tbl'``, ``'"odd.name"'``, an exp.Table."""
    if isinstance(table_name, exp.Table):
        parts = [p.name for p in table_name.parts]
    elif isinstance(table_name, str) and table_name.strip():
        try:
            parsed = exp.to_table(table_name, dialect=dialect)
            # a name is never SQL: what the parser would read as a comment ('data--x') or
            # anything else besides the name parts means the text is the name itself
            if any(node.comments for node in parsed.walk()):
                raise ValueError(table_name)
            parts = [p.name for p in parsed.parts]
        except Exception:  # noqa: BLE001 - not SQL-parsable (e.g. a quote inside): split on dots
            parts = table_name.split(".")
    else:
        msg = f"table_name must be a non-empty string, got {table_name!r}."
        raise InvalidArgumentError(msg)
    if not parts or any(not p for p in parts):
        msg = f"Cannot read table name {table_name!r}: an empty name part."
        raise InvalidArgumentError(msg)
    return parts


def unique_table_name(name: str, max_bytes: int) -> str:
    """The name of a table Bach creates for itself (temporary tables, staging tables).

    It is ``name`` plus a unique suffix (``users__bach_1f0c3a9e5b7d``), cut to ``max_bytes`` UTF-8
    bytes.
    """
    suffix = "__bach_" + uuid.uuid4().hex[:12]
    head = name.encode("utf-8")[: max(max_bytes - len(suffix), 0)].decode("utf-8", "ignore")
    return head + suffix


def check_name_parts(table_name: Any, parts: list[str], most: int, engine: str, forms: str) -> None:
    """Refuse a name with more than ``most`` parts, or a NUL character, before anything runs."""
    if len(parts) > most:
        msg = (
            f"Cannot address table {table_name!r} on {engine}: it has {len(parts)} name "
            f"parts, and {engine} names have at most {most} ({forms}). Connect to the other "
            "database instead, or quote a name that holds dots: '\"a.b\"'."
        )
        raise InvalidArgumentError(msg)
    if any("\x00" in p for p in parts):
        msg = (
            f"Table name {table_name!r} holds a NUL character (0x00), which {engine} cannot "
            "store in a name. Remove it from the name."
        )
        raise BackendError(msg)


def make_table(*parts: str) -> exp.Table:
    """An exp.Table of quoted identifiers: ``make_table('db', 'schema', 'tbl')``."""
    ids = [exp.to_identifier(p, quoted=True) for p in parts]
    kwargs: dict[str, Any] = {"this": ids[-1]}
    if len(ids) >= 2:
        kwargs["db"] = ids[-2]
    if len(ids) >= 3:
        kwargs["catalog"] = ids[-3]
    return exp.Table(**kwargs)


def insert_rendered(table: exp.Table, select_sql: str, columns: Sequence[str] = ()) -> exp.Insert:
    """``INSERT INTO table [(columns)] <select_sql>``, with the SELECT as rendered text.

    The SELECT is already rendered SQL and goes in verbatim (not re-parsed), so it runs exactly as ``view_sql`` showed it.
    """
    target: exp.Expression = table.copy()
    if columns:
        target = exp.Schema(
            this=target, expressions=[exp.to_identifier(c, quoted=True) for c in columns]
        )
    return exp.Insert(this=target, expression=exp.Var(this="\n" + select_sql))


class Backend(abc.ABC):
    """One database connection, as Bach uses it.

    Attributes
    ----------
    name : str
        The Bach dialect of this database: ``'duckdb'``, ``'postgres'`` or ``'bigquery'``.
    query_observers : list of callables
        Each is called with every SQL text before it runs (``run_query``, ``execute``,
        ``create_table``'s DDL, ``create_table_as``).
    """

    name: ClassVar[str]
    #: longest table name the engine stores, in UTF-8 bytes (for generated names)
    MAX_TABLE_NAME_BYTES: ClassVar[int] = 255

    def __init__(self) -> None:
        self.query_observers: list[Callable[[str], None]] = []
        #: the SQLAlchemy pool connection this backend holds (get_backend(engine)); see close()
        self._sqlalchemy_connection: Any = None
        #: the SQLAlchemy Engine ``DataFrame.engine`` gives (see :meth:`make_sqlalchemy_engine`)
        self.sqlalchemy_engine: Any = None
        #: held by multi-statement operations (and, on a shared connection, by every statement)
        self._lock = threading.RLock()

    def describe(self) -> str:
        """Engine and location for logs and messages, never with a password (``'duckdb'``)."""
        return self.name

    @contextlib.contextmanager
    def _session(self) -> Iterator[None]:
        """Hold the connection for a sequence of statements that belong together."""
        with self._lock:
            yield

    def _log_query(
        self, sql: str, started: float, rows: int | None, error: BaseException | None = None
    ) -> None:
        """Log one executed statement (DEBUG) with engine, duration and row count."""
        if not logger.isEnabledFor(logging.DEBUG):
            return
        seconds = time.perf_counter() - started
        outcome = (
            f"failed ({type(error).__name__})"
            if error is not None
            else ("done" if rows is None or rows < 0 else f"{rows} row{'s' if rows != 1 else ''}")
        )
        text = sql if len(sql) <= SQL_IN_ERRORS else sql[:SQL_IN_ERRORS] + " [...]"
        logger.debug(
            "%s: %s in %.3f s\n%s",
            self.describe(),
            outcome,
            seconds,
            text,
            extra={
                "bach_engine": self.name,
                "bach_target": self.describe(),
                "bach_duration": seconds,
                "bach_rows": rows,
            },
        )

    def _release_sqlalchemy_connection(self) -> bool:
        """Return a connection taken from a SQLAlchemy engine to its pool; True if there was one."""
        if self._sqlalchemy_connection is None:
            return False
        self._sqlalchemy_connection.close()
        self._sqlalchemy_connection = None
        return True

    def make_sqlalchemy_engine(self) -> Any:
        """A SQLAlchemy Engine on this backend's database, for a backend not made from one.

        ``DataFrame.engine`` gives it (made once per backend, see
        :func:`objectiv_bach.backends.sqlalchemy_engine`). Each engine states what its Engine
        connects to; this default raises.
        """
        from objectiv_bach.errors import UnsupportedOperationError

        what = "A SQLAlchemy Engine for this backend"
        raise UnsupportedOperationError(
            what,
            self.name,
            "Pass a SQLAlchemy Engine (or a URL) as engine= to get one back from df.engine.",
        )

    # -- helpers for subclasses ------------------------------------------------------------

    @property
    def dialect(self) -> Any:
        """The Bach sqlglot dialect class (render with ``expr.sql(dialect=backend.dialect)``)."""
        from objectiv_bach.dialects import get_dialect

        return get_dialect(self.name)

    def _observe(self, sql: str) -> None:
        for observer in list(self.query_observers):
            observer(sql)

    def _sql(self, expression: exp.Expression) -> str:
        return expression.sql(dialect=self.dialect)

    def column_defs(self, df: pd.DataFrame, dtypes: Mapping[str, str]) -> list[exp.ColumnDef]:
        """CREATE TABLE column definitions: one per ``df`` column, typed by its Bach dtype."""
        return [
            exp.ColumnDef(
                this=exp.to_identifier(str(name), quoted=True), kind=sql_type(validate_dtype(dtype))
            )
            for name, dtype in self._column_dtypes(df, dtypes)
        ]

    @staticmethod
    def _column_dtypes(df: pd.DataFrame, dtypes: Mapping[str, str]) -> list[tuple[str, str]]:
        names = [str(c) for c in df.columns]
        if len(set(names)) != len(names):
            dupes = sorted({n for n in names if names.count(n) > 1})
            msg = f"Cannot create a table with duplicate column names {dupes!r}; rename them."
            raise InvalidArgumentError(msg)
        missing = [n for n in names if n not in dtypes]
        extra = [n for n in dtypes if n not in names]
        if missing or extra:
            msg = (
                f"dtypes must name exactly the DataFrame's columns {names!r}: "
                f"missing {missing!r}, unknown {extra!r}."
            )
            raise InvalidArgumentError(msg)
        return [(n, dtypes[n]) for n in names]

    # -- the contract ----------------------------------------------------------------------

    @abc.abstractmethod
    def run_arrow(self, sql: str, dtypes: Sequence[str] | None) -> pa.Table:
        """Run one SELECT; its result as an Arrow table, one column per result column.

        ``dtypes`` (one Bach dtype per result column, or ``None``) may choose how the result is
        fetched (PostgreSQL: as CSV when every dtype has a CSV form); the columns are converted
        to pandas by the caller (:func:`~objectiv_bach.backends.convert.arrow_to_pandas`,
        :func:`~objectiv_bach.backends.convert.arrow_to_result`).
        """

    def run_query(self, sql: str, dtypes: Sequence[str] | None) -> pd.DataFrame:
        """Run one SELECT; a DataFrame with one column per result column, converted per dtype.

        ``dtypes`` has one Bach dtype per result column (``None``: inferred from the result).
        The columns have the exact pandas dtypes of their Bach dtypes (``Int64``, ``boolean``);
        ``DataFrame.to_pandas()`` gives the ``read_sql`` dtypes instead.
        """
        from objectiv_bach.backends.convert import arrow_to_pandas

        return arrow_to_pandas(self.run_arrow(sql, dtypes), dtypes)

    @abc.abstractmethod
    def execute(self, sql: str) -> None:
        """Run one statement that returns no rows (DDL/DML)."""

    @abc.abstractmethod
    def table_ref(self, table_name: str | exp.Table) -> exp.Table:
        """The fully qualified table ``table_name`` refers to, to use in FROM."""

    @abc.abstractmethod
    def table_exists(self, table_name: str | exp.Table) -> bool:
        """Whether ``table_name`` exists (temporary tables included)."""

    @abc.abstractmethod
    def table_columns(self, table_name: str | exp.Table) -> list[tuple[str, str]]:
        """``(column name, Bach dtype)`` of each column, in table order.

        Raises :class:`TableNotFoundError` for an unknown table, and
        :class:`~objectiv_bach.errors.DtypeError` for a column type Bach has no dtype for.
        """

    def table_source(
        self, table_name: str | exp.Table
    ) -> tuple[list[tuple[str, str]], dict[str, exp.DataType]]:
        """:meth:`table_columns`, and ``{column: type}`` of the columns read through a cast.

        A column whose stored type maps to a Bach dtype whose SQL is written for another type
        (BigQuery's ``TIMESTAMP``, read as Bach's ``timestamp``, which is ``DATETIME`` there)
        is cast to that type in the frame's source projection, so every operation sees the
        type its SQL is written for. The default: no casts.
        """
        return self.table_columns(table_name), {}

    @abc.abstractmethod
    def _create_empty(
        self, table: exp.Table, columns: list[exp.ColumnDef], *, temporary: bool
    ) -> exp.Table:
        """CREATE [TEMP] TABLE; returns the ref of the created table."""

    @abc.abstractmethod
    def _insert_df(self, table: exp.Table, df: pd.DataFrame, dtypes: list[str]) -> None:
        """Append ``df``'s rows (columns in table order) to the existing ``table``."""

    @abc.abstractmethod
    def _create_as(
        self, table: exp.Table, select_sql: str, *, temporary: bool, replace: bool
    ) -> exp.Table:
        """CREATE [OR REPLACE] [TEMP] TABLE ... AS select; returns the ref of the table."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection (if this backend opened it)."""

    def register_arrow(self, stem: str, table: pa.Table) -> tuple[exp.Table, Any] | None:
        """Make an Arrow table readable by this connection's SQL without copying it; or None.

        Engines that can read client memory (DuckDB) register ``table`` as a view under a unique
        name derived from ``stem`` and return its ref plus a keep-alive handle: the view is
        dropped after the handle is garbage collected. The default (None) means the engine
        cannot: the caller uploads the data instead.
        """
        return None

    def drop_table(self, table_name: str | exp.Table, *, if_exists: bool = True) -> None:
        """DROP TABLE (only ever called when the user asked for it)."""
        table = self.table_ref(table_name)
        self.execute(self._sql(exp.Drop(tables=[table], kind="TABLE", exists=if_exists)))

    def _write_atomically(
        self,
        table: exp.Table,
        build: Callable[[exp.Table], exp.Table],
        *,
        temporary: bool,
        replace: bool,
    ) -> exp.Table:
        """Run ``build(target)`` (create and fill ``target``) safely; returns the new table's ref.

        A failure leaves nothing behind and, with ``replace``, the old ``table`` as it was.

        This default drops the old table first (not atomic): engines with transactional DDL
        override it.
        """
        if replace:
            self.drop_table(table)
        return build(table)

    def create_table(
        self,
        table_name: str | exp.Table,
        df: pd.DataFrame,
        dtypes: Mapping[str, str],
        *,
        if_exists: str = "fail",
        temporary: bool = False,
    ) -> exp.Table:
        """Create ``table_name`` with ``df``'s columns (typed by ``dtypes``) and load its rows.

        Parameters
        ----------
        if_exists : {'fail', 'replace', 'append'}
            If the table exists: raise :class:`~objectiv_bach.errors.TableExistsError`, replace
            it (atomically where the engine allows: see :meth:`_write_atomically`), or insert the
            rows into it (it is created when missing).
        temporary : bool
            A session temporary table (BigQuery: see that backend).

        Returns
        -------
        sqlglot.exp.Table
            The fully qualified table, for use in FROM.
        """
        check_if_exists(if_exists)
        columns = self._column_dtypes(df, dtypes)
        with self._session():
            exists = self.table_exists(table_name)
            table = self.table_ref(table_name)
            if exists and if_exists == "fail":
                raise table_exists_error(table, self.dialect)
            if not exists or if_exists == "replace":
                defs = self.column_defs(df, dtypes)

                def build(target: exp.Table) -> exp.Table:
                    created = self._create_empty(target, defs, temporary=temporary)
                    if len(df):
                        self._insert_df(created, df, [d for _, d in columns])
                    return created

                # replace even when it did not exist a moment ago: another writer may create it
                return self._write_atomically(
                    table, build, temporary=temporary, replace=if_exists == "replace"
                )
            existing = [c for c, _ in self.table_columns(table)]
            names = [c for c, _ in columns]
            if sorted(existing) != sorted(names):
                msg = (
                    f"Cannot append to {table.sql(dialect=self.dialect)}: it has columns "
                    f"{existing!r}, the DataFrame has {names!r}."
                )
                raise InvalidArgumentError(msg)
            order = [names.index(c) for c in existing]
            if len(df):
                self._insert_df(table, df.iloc[:, order], [columns[i][1] for i in order])
            return table

    def create_table_as(
        self,
        table_name: str | exp.Table,
        select_sql: str,
        *,
        if_exists: str = "fail",
        temporary: bool = False,
    ) -> exp.Table:
        """CREATE [TEMP] TABLE table_name AS select_sql, with the ``if_exists`` rules above.

        With ``'append'`` and an existing table, the rows are inserted by column position.
        ``select_sql`` is used verbatim (not re-parsed, so that it runs exactly as rendered):
        statements are its text behind a prefix that sqlglot renders.
        """
        check_if_exists(if_exists)
        with self._session():
            exists = self.table_exists(table_name)
            table = self.table_ref(table_name)
            if exists and if_exists == "fail":
                raise table_exists_error(table, self.dialect)
            if exists and if_exists == "append":
                self.execute(self._sql(insert_rendered(table, select_sql)))
                return table
            return self._write_atomically(
                table,
                lambda target: self._create_as(
                    target, select_sql, temporary=temporary, replace=False
                ),
                temporary=temporary,
                replace=if_exists == "replace",
            )

    def create_temp_table_as(self, node_name: str, select_sql: str) -> exp.Table:
        """A new temporary table of ``select_sql`` under a unique name derived from ``node_name``.

        The name is ``node_name__bach_<12 hex digits>``: it never replaces or shadows a user's table
        or another materialization. Returns its ref.
        """
        if not isinstance(node_name, str) or not node_name:
            msg = f"node_name must be a non-empty string, got {node_name!r}."
            raise InvalidArgumentError(msg)
        name = unique_table_name(node_name, self.MAX_TABLE_NAME_BYTES)
        return self.create_table_as(make_table(name), select_sql, if_exists="fail", temporary=True)

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
