"""PostgreSQL with psycopg2, in autocommit mode, one connection per thread.

* Connections: from a DSN/URL or a SQLAlchemy Engine, each thread that uses the backend gets a
  connection of its own (opened on first use, or checked out of the engine's pool), so threads
  run their statements in parallel and never share a protocol stream. A psycopg2 connection
  passed in is the only one there is: threads then take turns on it (a lock).
* Lost connections: a statement that fails because the connection broke (server restart,
  ``pg_terminate_backend``) raises a :class:`~objectiv_bach.errors.BackendError` that says the
  statement may or may not have run; it is never retried. The next call opens a new connection
  (from an Engine: ``invalidate()`` and a new checkout). Session state (temporary tables,
  ``SET``) does not survive that. A connection passed in cannot be reopened.
* Connect timeout: :data:`DEFAULT_CONNECT_TIMEOUT` seconds (libpq ``connect_timeout``) unless the
  DSN sets ``connect_timeout`` or ``PostgresBackend(..., connect_timeout=...)`` says otherwise
  (``None``: wait forever). A SQLAlchemy Engine uses its own ``connect_args``.
* Connection failures raise ``BackendError`` naming host, port, database and user; the password
  is never shown, also not a fragment of it from a malformed connection string.
* Autocommit, so that a failed statement does not abort a transaction that later statements
  would need (``current transaction is aborted``). Multi-statement writes run in an explicit
  transaction (:meth:`PostgresBackend._write_atomically`): a new table is built under a unique
  name and swapped in with ``DROP`` + ``ALTER TABLE ... RENAME`` in the same transaction, under
  a transaction-level advisory lock on the table name, so that concurrent replace writers (also
  in other processes) queue and readers see the old or the new table, complete.
* Results: when every result column is of a dtype whose text Arrow parses (int64, float64,
  string, bool, date, timestamp), ``COPY (<the query>) TO STDOUT`` as CSV read by
  ``pyarrow.csv`` (the query text inside is exactly ``view_sql()``); otherwise a psycopg2
  cursor's rows, converted column-wise (via Arrow) by :mod:`objectiv_bach.backends.convert`. ``json``/``jsonb`` values are fetched as text (psycopg2's
  own JSON decoding is switched off on this connection) so that a JSON string and a JSON object
  are told apart the same way on every backend.
* Uploads: ``COPY ... FROM STDIN WITH (FORMAT csv)`` through ``copy_expert``, with the CSV written
  by ``pyarrow.csv`` (every value quoted, NULL unquoted and empty, so '' and NULL stay apart).
  Never ``executemany``.
* Temporary tables are session tables in ``pg_temp``; their reference is ``pg_temp.<name>``.
* A connection the backend opens (or takes from a SQLAlchemy engine) gets ``TimeZone=UTC``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
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
    check_name_parts,
    logger,
    make_table,
    name_parts,
    unique_table_name,
)
from objectiv_bach.backends.convert import rows_to_arrow, series_to_arrow
from objectiv_bach.conversions import json_text
from objectiv_bach.errors import BackendError, DtypeError, InvalidArgumentError, TableNotFoundError
from objectiv_bach.types import (
    dtype_from_sql_type,
    sql_type,
    stored_as_dict,
    upload_arrow_type,
    upload_json_text,
)

#: seconds to wait for a server to accept a new connection (libpq ``connect_timeout``)
DEFAULT_CONNECT_TIMEOUT = 10
#: what a failed connection attempt says to check
_CONNECT_ADVICE = (
    "Check the host, port, database name, user and password, and that the server "
    "is running and accepts connections from here."
)


def psycopg2_dsn(url: str) -> str:
    """A libpq DSN from a SQLAlchemy-style URL (``postgresql+psycopg2://`` -> ``postgresql://``)."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower().startswith(("postgresql+", "postgres+")):
        return "postgresql://" + rest
    return url


def hide_password(text: str, password: str | None) -> str:
    """``text`` without ``password`` nor any piece of it (split at spaces, quotes, backslashes)."""
    if password:
        pieces = {password, *re.split(r"[\s'\"\\]+", password)}
        for piece in sorted(pieces, key=len, reverse=True):
            if len(piece) >= 3:
                text = text.replace(piece, "***")
    return text


def _describe(params: dict[str, Any] | None) -> str:
    if params is None:
        return "PostgreSQL (the connection string could not be read)"
    host = params.get("host") or "the local socket"
    port = f":{params['port']}" if params.get("port") else ""
    parts = [f"PostgreSQL at {host}{port}"]
    if params.get("dbname"):
        parts.append(f"database {params['dbname']!r}")
    if params.get("user"):
        parts.append(f"user {params['user']!r}")
    return ", ".join(parts)


def _connect_error(
    description: str, error: BaseException, password: str | None, readable: bool = True
) -> BackendError:
    if not readable:  # the driver's message quotes pieces of the string, password included
        text = (
            "libpq cannot parse it. Quote a value that holds spaces or quotes in single "
            "quotes, with \\' and \\\\ escaped, or use a URL with percent-encoding"
        )
    else:
        text = hide_password(" ".join(str(error).split()) or type(error).__name__, password)
    msg = f"Cannot connect to {description}: {text}. {_CONNECT_ADVICE}"
    return BackendError(msg)


class _Held:
    """One open connection of the backend.

    It holds the psycopg2 connection, its SQLAlchemy pool entry and the thread that uses it.
    """

    __slots__ = ("connection", "fairy", "thread")

    def __init__(self, connection: Any, fairy: Any, thread: threading.Thread | None):
        self.connection = connection
        self.fairy = fairy
        self.thread = weakref.ref(thread) if thread is not None else None

    def thread_alive(self) -> bool:
        thread = self.thread() if self.thread is not None else None
        return thread is not None and thread.is_alive()


class PostgresBackend(Backend):
    """A PostgreSQL database (psycopg2), safe to use from several threads.

    Parameters
    ----------
    connection : str, sqlalchemy.engine.Engine or psycopg2 connection
        A DSN or URL (``postgresql://user@host:port/db``) or an Engine (psycopg2 driver) to open
        one connection per thread from; or one connection to use (threads take turns).
    owns_connection : bool, optional
        Close the connections in :meth:`close`. Default: True when the backend opened them.
    configure_session : bool, optional
        Set ``TimeZone='UTC'`` on each connection. Default: True unless a connection is passed.
    connect_timeout : float or None, default :data:`DEFAULT_CONNECT_TIMEOUT` (10 s)
        Seconds to wait for a new connection (a DSN's own ``connect_timeout`` wins); ``None``
        waits forever. Not used for an Engine (its ``connect_args`` apply).

    Examples
    --------
    >>> PostgresBackend("host=127.0.0.1 port=1 dbname=shop password='s3 cr3t'"
    ...                 )  # doctest: +IGNORE_EXCEPTION_DETAIL, +ELLIPSIS
    Traceback (most recent call last):
    objectiv_bach.errors.BackendError: Cannot connect to PostgreSQL at 127.0.0.1:1, database 'shop': ...
    """

    name = "postgres"
    MAX_TABLE_NAME_BYTES = 63

    def __init__(
        self,
        connection: Any,
        *,
        owns_connection: bool | None = None,
        configure_session: bool | None = None,
        connect_timeout: float | None = DEFAULT_CONNECT_TIMEOUT,
    ):
        super().__init__()
        self.connect_timeout = connect_timeout
        self._dsn: str | None = None
        self._engine: Any = None
        self._shared: Any = None
        self._params: dict[str, Any] | None = {}
        self._local = threading.local()
        self._held: list[_Held] = []
        self._held_lock = threading.Lock()
        if isinstance(connection, str):
            self._dsn = psycopg2_dsn(connection)
            try:
                self._params = psycopg2.extensions.parse_dsn(self._dsn)
            except psycopg2.Error as e:
                self._params = None
                raise _connect_error(_describe(None), e, None, readable=False) from None
            default_own = default_configure = True
        elif _is_sqlalchemy_engine(connection):
            self._engine = connection
            url = connection.url
            self._params = {
                "host": url.host,
                "port": url.port,
                "dbname": url.database,
                "user": url.username,
            }
            default_own, default_configure = False, True
        else:
            self._shared = connection
            with contextlib.suppress(Exception):
                self._params = connection.get_dsn_parameters()
            default_own, default_configure = False, False
        self.owns_connection = default_own if owns_connection is None else owns_connection
        self.configure_session = (
            default_configure if configure_session is None else configure_session
        )
        if self._shared is not None:
            self._prepare(self._shared)
        else:
            _ = self.connection  # connect now: a bad DSN fails here, not at the first query

    @classmethod
    def from_sqlalchemy(cls, engine: Any) -> PostgresBackend:
        """A backend over a SQLAlchemy Engine.

        A psycopg2 Engine lends one pooled connection per thread; another driver's URL is opened
        with psycopg2 directly.
        """
        if engine.url.get_driver_name() != "psycopg2":
            url = engine.url.set(drivername="postgresql")
            return cls(url.render_as_string(hide_password=False))
        return cls(engine)

    def describe(self) -> str:
        return _describe(self._params)

    def make_sqlalchemy_engine(self) -> Any:
        """A ``postgresql+psycopg2://`` Engine on this backend's database.

        From a DSN it opens its own connections on that DSN; from a psycopg2 connection its one
        connection is that connection (it neither rolls it back nor closes it before dispose()).
        """
        import sqlalchemy
        from sqlalchemy.pool import StaticPool

        if self._engine is not None:
            return self._engine
        if self._dsn is not None:
            dsn, timeout = self._dsn, self.connect_timeout
            kwargs = (
                {} if timeout is None or "connect_timeout" in dsn else {"connect_timeout": timeout}
            )
            return sqlalchemy.create_engine(
                "postgresql+psycopg2://", creator=lambda: psycopg2.connect(dsn, **kwargs)
            )
        shared = self._shared
        return sqlalchemy.create_engine(
            "postgresql+psycopg2://",
            creator=lambda: shared,
            poolclass=StaticPool,
            pool_reset_on_return=None,
        )

    # -- connections -----------------------------------------------------------------------

    @property
    def connection(self) -> Any:
        """The current thread's psycopg2 connection, opened (or reopened after a loss) on demand."""
        pinned = getattr(self._local, "pinned", None)
        if pinned is not None:  # inside a transaction: never switch connections
            if pinned.closed:
                raise self._lost(None, "-- (inside a transaction)")
            return pinned
        if self._shared is not None:
            if self._shared.closed:
                msg = (
                    f"The connection to {self.describe()} is closed, and a connection passed "
                    "in cannot be reopened. Pass a DSN, URL or SQLAlchemy Engine instead, so "
                    "that Bach can open a new connection."
                )
                raise BackendError(msg)
            return self._shared
        held: _Held | None = getattr(self._local, "held", None)
        if held is not None and held.connection.closed:
            logger.info("%s: the connection was lost; opening a new one", self.describe())
            self._forget(held)
            held = None
        if held is None:
            held = self._open()
            self._local.held = held
        return held.connection

    def _open(self) -> _Held:
        self._close_orphans()
        password = (self._params or {}).get("password")
        if self._engine is not None:
            try:
                fairy = self._engine.raw_connection()
            except Exception as e:  # noqa: BLE001 - sqlalchemy.exc.DBAPIError, pool timeout
                raise _connect_error(
                    self.describe(), getattr(e, "orig", None) or e, self._engine.url.password
                ) from None
            connection = fairy.driver_connection
        else:
            fairy = None
            kwargs: dict[str, Any] = {}
            if self.connect_timeout is not None and "connect_timeout" not in (self._params or {}):
                kwargs["connect_timeout"] = max(1, round(self.connect_timeout))
            try:
                connection = psycopg2.connect(self._dsn, **kwargs)
            except psycopg2.Error as e:
                raise _connect_error(self.describe(), e, password) from None
        held = _Held(connection, fairy, threading.current_thread())
        try:
            self._prepare(connection)
        except BaseException:
            self._discard(held)
            raise
        with self._held_lock:
            self._held.append(held)
        logger.info("%s: connected", self.describe())
        return held

    def _prepare(self, connection: Any) -> None:
        connection.autocommit = True
        # JSON as text: convert.py parses it (psycopg2 would turn JSON '"a"' into 'a')
        psycopg2.extras.register_default_json(connection, loads=lambda text: text)
        psycopg2.extras.register_default_jsonb(connection, loads=lambda text: text)
        if self.configure_session:
            with connection.cursor() as cursor:
                cursor.execute("SET TimeZone = 'UTC'")

    def _discard(self, held: _Held) -> None:
        """Close one connection (a broken pool connection is invalidated, not returned)."""
        with contextlib.suppress(Exception):
            if held.fairy is not None:
                if held.connection.closed:
                    held.fairy.invalidate()
                else:
                    held.fairy.close()
            elif self.owns_connection and not held.connection.closed:
                held.connection.close()

    def _forget(self, held: _Held) -> None:
        with self._held_lock:
            if held in self._held:
                self._held.remove(held)
        if getattr(self._local, "held", None) is held:
            self._local.held = None
        self._discard(held)

    def _close_orphans(self) -> None:
        """Close the connections of threads that have ended."""
        with self._held_lock:
            orphans = [h for h in self._held if not h.thread_alive()]
            self._held = [h for h in self._held if h not in orphans]
        for held in orphans:
            self._discard(held)

    def _lost(self, error: BaseException | None, sql: str) -> BackendError:
        held: _Held | None = getattr(self._local, "held", None)
        if held is not None and held.connection.closed:
            self._forget(held)
        cause = f": {' '.join(str(error).split())}" if error is not None else ""
        text = sql if len(sql) <= 500 else sql[:500] + " [...]"
        retry = (
            "The next call opens a new connection."
            if self._shared is None
            else "A connection passed in cannot be reopened: pass a DSN, URL or Engine."
        )
        msg = (
            f"The connection to {self.describe()} was lost{cause}. The statement may or may "
            f"not have run (Bach does not retry it). {retry}\nSQL:\n{text}"
        )
        return BackendError(msg)

    @contextlib.contextmanager
    def _session(self) -> Iterator[None]:
        if self._shared is not None:
            with self._lock:
                yield
        else:  # this thread's own connection
            yield

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN ... COMMIT on this thread's connection, ROLLBACK on an error."""
        with self._session():
            connection = self.connection
            self._execute("BEGIN")
            self._local.pinned = connection
            try:
                yield
            except BaseException:
                if not connection.closed:
                    with contextlib.suppress(Exception):
                        self._execute("ROLLBACK")
                raise
            finally:
                self._local.pinned = None
            self._local.pinned = connection
            try:
                self._execute("COMMIT")
            finally:
                self._local.pinned = None

    def _run(
        self,
        sql: str,
        parameters: Sequence[Any] | None = None,
        *,
        copy_from: Any = None,
        log_as: str | None = None,
        log: bool = True,
    ) -> tuple[list[str], list[tuple]]:
        """Run one statement; (column names, rows). Errors become BackendErrors; logged.

        ``log_as``: the text to log instead of ``sql`` (the query inside a ``COPY ... TO``).
        """
        started = time.perf_counter()
        names: list[str] = []
        rows: list[tuple] = []
        count: int | None = None
        with self._session():
            connection = self.connection
            try:
                with connection.cursor() as cursor:
                    if copy_from is not None:
                        cursor.copy_expert(sql, copy_from)
                    else:
                        cursor.execute(sql, parameters)
                    if cursor.description is not None:
                        names = [d.name for d in cursor.description]
                        rows = cursor.fetchall()
                        count = len(rows)
                    else:
                        count = cursor.rowcount
            except (psycopg2.Error, ValueError) as e:  # ValueError: a NUL character in the SQL
                self._log_query(log_as or sql, started, None, e)
                if connection.closed:
                    raise self._lost(e, log_as or sql) from e
                raise backend_error(log_as or sql, e, "PostgreSQL") from e
        if log:
            self._log_query(log_as or sql, started, count)
        return names, rows

    # -- running SQL -----------------------------------------------------------------------

    def run_arrow(self, sql: str, dtypes: Sequence[str] | None) -> pa.Table:
        self._observe(sql)
        types = _csv_types(dtypes)
        if types is not None:
            table = self._query_csv(sql, types)
            if table is not None:
                return table
        names, rows = self._run(sql)
        return rows_to_arrow(names, rows)

    def _query_csv(self, sql: str, types: list[pa.DataType]) -> pa.Table | None:
        """The result of ``sql`` through ``COPY (sql) TO STDOUT`` as CSV, parsed by Arrow.

        Ten times faster than fetching rows into Python objects (1M rows x 6 columns: 4.5 s
        against 45 s, ``benchmarks/bench_pandas_io.py``). Every value is quoted and NULL is
        unquoted and empty, so '' and NULL stay apart. None when Arrow cannot read a column
        as its type (an ``int64`` column holding '1.5', a date before year 1): the caller then
        fetches the rows.
        """
        if self.connection.encoding not in ("UTF8", "UNICODE"):
            return None
        copy = exp.Copy(
            this=exp.Subquery(this=exp.Var(this="\n" + sql + "\n")),
            kind=False,
            files=[exp.var("STDOUT")],
            params=[
                exp.CopyParameter(this=exp.var("FORMAT"), expression=exp.var("csv")),
                exp.CopyParameter(this=exp.var("HEADER"), expression=exp.true()),
                exp.CopyParameter(this=exp.var("FORCE_QUOTE"), expression=exp.Star()),
            ],
        )
        buffer = io.BytesIO()
        # COPY takes its snapshot before it plans the query inside (a plain SELECT takes it
        # after): a table replaced meanwhile (_write_atomically) would read as empty. EXPLAIN
        # first takes the query's table locks (held to COMMIT), so COPY's snapshot comes after
        # any replace it waited for, as a SELECT's would.
        explain = exp.Command(this="EXPLAIN", expression=exp.Var(this="\n" + sql))
        with self._transaction():
            self._run(self._sql(explain), log_as=sql, log=False)
            self._run(self._sql(copy), copy_from=buffer, log_as=sql)
        buffer.seek(0)
        text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
        header = next(csv.reader(text), [])
        text.detach()  # (closing the wrapper would close the buffer)
        buffer.seek(0)
        if len(header) != len(types) or len(set(header)) != len(header):
            return None
        try:
            return pyarrow.csv.read_csv(
                buffer,
                # a one-column row holding NULL is an empty line: a row, not a blank to skip
                parse_options=pyarrow.csv.ParseOptions(
                    newlines_in_values=True, ignore_empty_lines=False
                ),
                convert_options=pyarrow.csv.ConvertOptions(
                    column_types=dict(zip(header, types, strict=True)),
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=False,
                    true_values=["t"],
                    false_values=["f"],
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None

    def execute(self, sql: str) -> None:
        self._observe(sql)
        self._run(sql)

    def _execute(self, sql: str, parameters: Sequence[Any] | None = None) -> list[tuple]:
        """Run ``sql`` (psycopg2 ``%s`` parameters) unobserved: the backend's own lookups."""
        return self._run(sql, parameters)[1]

    # -- tables ----------------------------------------------------------------------------

    def _locate(self, table: exp.Table) -> tuple[str, str] | None:
        """(schema, name) of an existing table or view, following search_path; else None."""
        rows = self._execute(
            "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.oid = to_regclass(%s)",
            [self._sql(table)],
        )
        return (rows[0][0], rows[0][1]) if rows else None

    def table_ref(self, table_name: str | exp.Table) -> exp.Table:
        parts = name_parts(table_name, self.dialect)
        check_name_parts(
            table_name,
            parts,
            3,
            "PostgreSQL",
            "'table', 'schema.table' or 'database.schema.table' of the connected database",
        )
        if len(parts) == 3:
            (database,) = self._execute("SELECT current_database()")[0]
            if parts[0] != database:
                msg = (
                    f"Cannot address table {table_name!r}: a PostgreSQL connection reaches "
                    f"only its own database {database!r}, not {parts[0]!r}. Connect to "
                    f"{parts[0]!r} instead, or leave the database out of the name."
                )
                raise InvalidArgumentError(msg)
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
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
            list(found),
        )
        result = []
        for column, data_type, udt_name in rows:
            type_text = udt_name if data_type in ("USER-DEFINED", "ARRAY") else data_type
            if data_type == "ARRAY" and udt_name.startswith("_"):  # '_int8' is 'int8[]'
                type_text = udt_name[1:] + "[]"
            try:
                result.append((column, dtype_from_sql_type(type_text, "postgres")))
            except Exception as e:  # noqa: BLE001 - sqlglot cannot parse e.g. '_int4'
                msg = (
                    f"Column {column!r} of table {self._sql(table)} has type {type_text!r}, "
                    f"which has no Bach dtype. Cast it in a view, or pass dtypes explicitly."
                )
                raise DtypeError(msg) from e
        return result

    def _create_empty(
        self, table: exp.Table, columns: list[exp.ColumnDef], *, temporary: bool
    ) -> exp.Table:
        if temporary:
            table = make_table(table.name)  # created in pg_temp
        create = exp.Create(
            kind="TABLE",
            this=exp.Schema(this=table, expressions=columns),
            properties=_temporary() if temporary else None,
        )
        self.execute(self._sql(create))
        return make_table("pg_temp", table.name) if temporary else table

    def _insert_df(self, table: exp.Table, df: pd.DataFrame, dtypes: list[str]) -> None:
        arrow = pa.table(
            [_csv_ready(_upload_column(df.iloc[:, i], d)) for i, d in enumerate(dtypes)],
            names=[f"c{i}" for i in range(len(dtypes))],
        )
        buffer = io.BytesIO()
        pyarrow.csv.write_csv(
            arrow, buffer, pyarrow.csv.WriteOptions(include_header=False, quoting_style="all_valid")
        )
        buffer.seek(0)
        copy = exp.Copy(
            this=exp.Schema(
                this=table, expressions=[exp.to_identifier(str(c), quoted=True) for c in df.columns]
            ),
            kind=True,
            files=[exp.var("STDIN")],
            params=[exp.CopyParameter(this=exp.var("FORMAT"), expression=exp.var("csv"))],
        )
        sql = self._sql(copy)
        self._observe(sql)
        self._run(sql, copy_from=buffer)

    def _create_as(
        self, table: exp.Table, select_sql: str, *, temporary: bool, replace: bool
    ) -> exp.Table:
        if temporary:
            table = make_table(table.name)
        head = self._sql(
            exp.Create(
                kind="TABLE",
                this=table,
                expression=exp.select("1"),
                replace=replace,
                properties=_temporary() if temporary else None,
            )
        )
        if not head.endswith(" AS SELECT 1"):  # pragma: no cover - sqlglot changed
            raise AssertionError(head)
        self.execute(f"{head[: -len(' SELECT 1')]}\n{select_sql}")
        return make_table("pg_temp", table.name) if temporary else self.table_ref(table)

    def _write_atomically(
        self,
        table: exp.Table,
        build: Callable[[exp.Table], exp.Table],
        *,
        temporary: bool,
        replace: bool,
    ) -> exp.Table:
        """One transaction: build the table, then swap it into place.

        The table is built under a unique name when replacing; then, under an advisory lock on the
        name, the old table is dropped and the new one renamed into place.
        """
        with self._transaction():
            if not replace:
                return build(table)
            stage_name = unique_table_name(table.name, self.MAX_TABLE_NAME_BYTES)
            stage = make_table(stage_name) if temporary else make_table(table.db, stage_name)
            built = build(stage)
            self._execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [self._sql(table)])
            self.execute(self._sql(exp.Drop(tables=[table], kind="TABLE", exists=True)))
            self.execute(
                self._sql(
                    exp.Alter(
                        this=built,
                        kind="TABLE",
                        actions=[exp.AlterRename(this=make_table(table.name))],
                    )
                )
            )
            return make_table(built.db, table.name)

    def close(self) -> None:
        """Close the backend's connections (return them to the Engine's pool).

        A later call opens new ones.
        """
        self._release_sqlalchemy_connection()
        with self._held_lock:
            held, self._held = self._held, []
        for one in held:
            self._discard(one)
        self._local = threading.local()
        if self._shared is not None and self.owns_connection and not self._shared.closed:
            self._shared.close()


def _is_sqlalchemy_engine(value: Any) -> bool:
    try:
        from sqlalchemy.engine import Engine
    except ImportError:  # pragma: no cover
        return False
    return isinstance(value, Engine)


#: the Arrow types that Arrow's CSV reader parses from PostgreSQL's text form of the value
_CSV_ARROW_TYPES = (pa.int64(), pa.float64(), pa.bool_(), pa.date32(), pa.timestamp("us"))
#: SQL types whose CSV text is the value's text, read as an Arrow string
_CSV_TEXT_TYPES = {*exp.DataType.TEXT_TYPES, exp.DataType.Type.UUID}


def _csv_types(dtypes: Sequence[Any] | None) -> list[pa.DataType] | None:
    """The Arrow types to read a COPY CSV result as, or None when a dtype is not CSV-safe.

    A dtype qualifies when its upload Arrow type (the dtype table) is one of
    :data:`_CSV_ARROW_TYPES`, or text stored as SQL text or as ``UUID`` (whose CSV form is its
    canonical text, which the dtype's result conversion parses: one ``uuid.UUID`` per value,
    where fetching rows makes two); the others (json, interval, arrays ...) come back as rows.
    """
    if not dtypes:
        return None
    types = []
    for dtype in dtypes:
        arrow = upload_arrow_type(dtype) if isinstance(dtype, str) else None
        text = arrow == pa.string() and sql_type(dtype).this in _CSV_TEXT_TYPES
        if arrow is None or not (arrow in _CSV_ARROW_TYPES or text):
            return None
        types.append(arrow)
    return types


def _temporary() -> exp.Properties:
    return exp.Properties(expressions=[exp.TemporaryProperty()])


def _upload_column(series: pd.Series, dtype: Any) -> pa.Array:
    """One column to COPY, as Arrow: the dtype table's upload form, in PostgreSQL's storage.

    A dict is a JSONB object here (see dialects/postgres/README.md), so it uploads as its JSON
    text, as in a VALUES row; a list of dicts is a JSONB array (``JSONB[]``) of such texts.
    """
    if stored_as_dict(dtype):
        return upload_json_text(series)
    if isinstance(dtype, list) and isinstance(dtype[0], dict):
        texts = [
            None
            if v is None or not isinstance(v, (list, tuple))
            else [None if e is None else json_text(e) for e in v]
            for v in series
        ]
        return pa.array(texts, pa.list_(pa.string()))
    return series_to_arrow(series, dtype)


def _csv_ready(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """A column as Arrow's CSV writer should print it for COPY.

    Durations as interval text (the writer prints bare integers), lists as array literals
    (``{"1","2",NULL}``; the writer cannot print lists).
    """
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_duration(column.type):
        micros = pc.cast(column.cast(pa.duration("us")), pa.int64()).cast(pa.string())
        return pc.binary_join_element_wise(micros, pa.scalar(" microseconds"), "")
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        if pa.types.is_list(column.type.value_type) or pa.types.is_struct(column.type.value_type):
            msg = (
                f"A list column of Arrow type {column.type} cannot be stored in PostgreSQL: its "
                "arrays are rectangular, not nested lists (see dialects/postgres/README.md)."
            )
            raise DtypeError(msg)
        elements = _csv_ready(column.values)
        if not pa.types.is_string(elements.type):
            elements = pc.cast(elements, pa.string())
        escaped = pc.replace_substring(pc.replace_substring(elements, "\\", "\\\\"), '"', '\\"')
        quoted = pc.binary_join_element_wise('"', escaped, '"', "").fill_null("NULL")
        listed = pa.ListArray.from_arrays(column.offsets, quoted, mask=column.is_null())
        return pc.binary_join_element_wise("{", pc.binary_join(listed, ","), "}", "")
    return column
