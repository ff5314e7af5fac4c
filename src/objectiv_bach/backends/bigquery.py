"""BigQuery with ``google-cloud-bigquery``: a client plus the dataset Bach creates tables in.

* Tables are always fully qualified (``project.dataset.table``): BigQuery needs a dataset, and
  the bqemulator silently returns no rows for an unqualified name.
* Results: ``job.result().to_arrow(create_bqstorage_client=False)``. A result with an INTERVAL
  column is read row by row instead: the client cannot build Arrow for INTERVAL
  ("Unable to determine Arrow type"; pages then disagree on the schema). An interval month counts
  as 30 days, as on the other backends.
* ``create_table(df)``: the table is created through the tables API with the BigQuery types of the
  Bach dtypes (``types.sql_type(dtype)`` rendered with the Bach BigQuery dialect: INT64, FLOAT64,
  BOOL, STRING, DATE, TIME, DATETIME, INTERVAL, JSON; uuid is STRING), then the rows are loaded
  with a **parquet load job** (``load_table_from_file``, WRITE_APPEND) into that existing table,
  columns in table order. JSON and INTERVAL columns cannot be loaded from parquet as such, so a
  frame with such columns is loaded into a staging table (JSON as STRING, INTERVAL as INT64
  microseconds), copied with ``INSERT ... SELECT PARSE_JSON(c), INTERVAL c MICROSECOND`` and the
  staging table dropped. Why not the others: ``load_table_from_dataframe``/``_json`` use multipart
  uploads that bqemulator rejects ("unsupported Content-Type"), parquet into a *new* table fails
  there, and DDL ``CREATE TABLE`` makes bqemulator report JSON/INTERVAL columns as STRING.
* ``create_table_as``: for the same reason not ``CREATE TABLE ... AS``: a dry run of the SELECT
  gives its schema, the table is created through the API with it, then
  ``INSERT INTO t (columns) <select>``.
* Atomic writes (:meth:`BigQueryBackend._write_atomically`): a new or replaced table is built
  under a unique staging name, then copied into place by one copy job (``WRITE_TRUNCATE`` to
  replace, which BigQuery applies atomically, or ``WRITE_EMPTY``), and the staging table deleted.
* ``temporary=True``: BigQuery has session temp tables only inside scripts/sessions, so this is a
  regular table in the dataset that **expires after one day** (``Table.expires``; bqemulator
  ignores expirations, so there it stays until the dataset is deleted).
* Column names must be valid BigQuery (flexible) column names: letters, digits, ``_``, ``-``,
  spaces and ``& % = + : ' < > # |``, at most 300 characters; others raise
  InvalidArgumentError before anything is sent (BigQuery would reject them).
* Retries: against a real endpoint the client's default retries apply; against an emulator
  (any endpoint not on googleapis.com) a short deadline, because bqemulator answers some
  unsupported requests with HTTP 500, which the client would otherwise retry for 10 minutes.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import re
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from google.api_core import exceptions as gexc
from google.cloud import bigquery
from google.cloud.bigquery.retry import DEFAULT_JOB_RETRY
from sqlglot import exp

from objectiv_bach.backends.base import (
    Backend,
    backend_error,
    check_name_parts,
    insert_rendered,
    make_table,
    name_parts,
    unique_table_name,
)
from objectiv_bach.backends.convert import (
    DAYS_PER_MONTH,
    pandas_to_arrow,
    rows_to_arrow,
)
from objectiv_bach.errors import DtypeError, InvalidArgumentError, TableNotFoundError
from objectiv_bach.types import (
    dtype_from_sql_type,
    sql_type,
    upload_json_text,
    validate_dtype,
    values_typed,
)

#: BigQuery's flexible column names (https://cloud.google.com/bigquery/docs/schemas#column_names)
_COLUMN_NAME = re.compile(r"^[\w\- &%=+:'<>#|]{1,300}$")
_RESERVED_PREFIXES = (
    "_TABLE_",
    "_FILE_",
    "_PARTITION",
    "_ROW_TIMESTAMP",
    "__ROOT__",
    "_COLIDENTIFIER",
)
TEMPORARY_TABLE_LIFETIME = datetime.timedelta(days=1)
EMULATOR_RETRY_DEADLINE = 15.0


def bigquery_emulator_client(endpoint: str, project: str = "test-project") -> bigquery.Client:
    """A BigQuery client for an emulator at ``endpoint`` (``http://127.0.0.1:9050``).

    It has anonymous credentials and the endpoint as API endpoint.
    """
    from google.api_core.client_options import ClientOptions
    from google.auth.credentials import AnonymousCredentials

    if "://" not in endpoint:
        endpoint = "http://" + endpoint
    return bigquery.Client(
        project=project,
        credentials=AnonymousCredentials(),
        client_options=ClientOptions(api_endpoint=endpoint),
    )


def _is_emulator(client: bigquery.Client) -> bool:
    base = getattr(getattr(client, "_connection", None), "API_BASE_URL", "") or ""
    return bool(base) and "googleapis.com" not in base


def check_column_name(name: str) -> str:
    """Return ``name`` if BigQuery accepts it as a column name; else raise InvalidArgumentError."""
    if not _COLUMN_NAME.match(name) or name.upper().startswith(_RESERVED_PREFIXES):
        msg = (
            f"{name!r} is not a valid BigQuery column name: use at most 300 letters, digits, "
            "underscores, dashes, spaces and & % = + : ' < > # | (no dots, double quotes, "
            "brackets or slashes), not starting with a reserved prefix "
            f"{', '.join(_RESERVED_PREFIXES)}. Rename the column first."
        )
        raise InvalidArgumentError(msg)
    return name


class BigQueryBackend(Backend):
    """BigQuery: a client and the dataset that Bach reads unqualified table names from.

    Parameters
    ----------
    client : google.cloud.bigquery.Client
    dataset : str
        Dataset for tables given without one (``'tbl'``); ``'project.dataset'`` is accepted too.
    project : str, optional
        Default: the dataset's project if given, else ``client.project``.
    retry : google.api_core.retry.Retry, optional
        For API calls. Default: the client's default, or a 15 s deadline against an emulator.
    """

    name = "bigquery"

    def __init__(
        self,
        client: bigquery.Client,
        dataset: str,
        project: str | None = None,
        *,
        retry: Any = None,
    ):
        super().__init__()
        if "." in dataset:
            project, dataset = dataset.split(".", 1)
        self.client = client
        self.dataset = dataset
        self.project = project or client.project
        emulator = _is_emulator(client)
        if retry is None:
            retry = (
                bigquery.DEFAULT_RETRY.with_deadline(EMULATOR_RETRY_DEADLINE)
                if emulator
                else bigquery.DEFAULT_RETRY
            )
        self.retry = retry
        self.job_retry = None if emulator else DEFAULT_JOB_RETRY
        self._emulator = emulator
        #: ids of staging tables being built (they get an expiry, like temporary tables)
        self._staging: set[str] = set()
        #: the last query job started (its state shows in the progress bar)
        self._last_job: bigquery.QueryJob | None = None

    # -- running SQL -----------------------------------------------------------------------

    def describe(self) -> str:
        return f"BigQuery {self.project}.{self.dataset}"

    def make_sqlalchemy_engine(self) -> Any:
        """A ``bigquery://project/dataset`` Engine (sqlalchemy-bigquery) on this backend's client."""
        import sqlalchemy

        url = sqlalchemy.engine.URL.create(
            "bigquery",
            host=self.project,
            database=self.dataset,
            query={"user_supplied_client": "True"},
        )
        return sqlalchemy.create_engine(url, connect_args={"client": self.client})

    def query_state(self) -> str | None:
        """The state of the last query job this backend started (PENDING, RUNNING, DONE).

        Read by :mod:`objectiv_bach.progress` to show the job state next to the elapsed time.
        """
        job = self._last_job
        return None if job is None else str(job.state)

    def _job(self, sql: str, **config: Any) -> bigquery.QueryJob:
        started = time.perf_counter()
        try:
            job = self.client.query(
                sql,
                job_config=bigquery.QueryJobConfig(use_legacy_sql=False, **config),
                retry=self.retry,
                job_retry=self.job_retry,
            )
            self._last_job = job
            if not config.get("dry_run"):
                result = job.result(retry=self.retry)
                rows = (
                    getattr(result, "total_rows", None)
                    if job.statement_type == "SELECT"
                    else job.num_dml_affected_rows
                )
                self._log_query(sql, started, rows)
            return job
        except (gexc.GoogleAPIError, ValueError) as e:
            self._log_query(sql, started, None, e)
            raise backend_error(sql, e, "BigQuery") from e

    def run_arrow(self, sql: str, dtypes: Sequence[str] | None) -> pa.Table:
        self._observe(sql)
        job = self._job(sql)
        try:
            rows = job.result(retry=self.retry)
            schema = rows.schema or []
            if any(f.field_type == "INTERVAL" for f in schema):
                names = [f.name for f in schema]
                fix = [
                    _interval
                    if f.field_type == "INTERVAL"
                    else _json_text
                    if f.field_type == "JSON"
                    else None
                    for f in schema
                ]
                values = [
                    tuple(v if f is None else f(v) for f, v in zip(fix, row.values(), strict=True))
                    for row in rows
                ]
                table = rows_to_arrow(names, values)
            else:
                table = rows.to_arrow(create_bqstorage_client=False)
        except (gexc.GoogleAPIError, ValueError) as e:
            raise backend_error(sql, e, "BigQuery") from e
        return table

    def execute(self, sql: str) -> None:
        self._observe(sql)
        self._job(sql)

    # -- tables ----------------------------------------------------------------------------

    def table_ref(self, table_name: str | exp.Table) -> exp.Table:
        parts = name_parts(table_name, self.dialect)
        check_name_parts(
            table_name, parts, 3, "BigQuery", "'table', 'dataset.table' or 'project.dataset.table'"
        )
        if len(parts) == 1:
            return make_table(self.project, self.dataset, parts[0])
        if len(parts) == 2:
            return make_table(self.project, *parts)
        if len(parts) == 3:
            return make_table(*parts)
        msg = (
            f"Cannot read BigQuery table name {table_name!r}: use 'table', "
            "'dataset.table' or 'project.dataset.table'."
        )
        raise InvalidArgumentError(msg)

    @staticmethod
    def _id(table: exp.Table) -> str:
        return f"{table.catalog}.{table.db}.{table.name}"

    def _get_table(self, table: exp.Table) -> bigquery.Table | None:
        try:
            return self.client.get_table(self._id(table), retry=self.retry)
        except gexc.NotFound:
            return None
        except gexc.GoogleAPIError as e:
            what = f"-- tables.get {self._id(table)}"
            raise backend_error(what, e, "BigQuery") from e

    def table_exists(self, table_name: str | exp.Table) -> bool:
        return self._get_table(self.table_ref(table_name)) is not None

    def table_columns(self, table_name: str | exp.Table) -> list[tuple[str, str]]:
        """Read the columns from the table's schema (tables.get), without a query job.

        That is what INFORMATION_SCHEMA.COLUMNS shows (and bqemulator's INFORMATION_SCHEMA drops
        quotes from names).
        """
        return self.table_source(table_name)[0]

    def table_source(
        self, table_name: str | exp.Table
    ) -> tuple[list[tuple[str, str]], dict[str, exp.DataType]]:
        """The columns (one tables.get), and ``TIMESTAMP`` columns read as ``DATETIME``.

        Bach's ``timestamp`` is ``DATETIME`` on BigQuery: its SQL (``DATETIME_DIFF``,
        ``FORMAT_DATETIME``, ``DATETIME`` literals) rejects a ``TIMESTAMP`` operand. A
        ``TIMESTAMP`` column is cast to ``DATETIME``, its UTC time, where the frame reads it.
        """
        table = self.table_ref(table_name)
        found = self._get_table(table)
        if found is None:
            msg = f"Table {self._sql(table)} does not exist (BigQuery)."
            raise TableNotFoundError(msg)
        columns = []
        casts = {}
        for field in found.schema:
            type_text = _type_text(field)
            try:
                columns.append((field.name, dtype_from_sql_type(type_text, "bigquery")))
            except Exception as e:  # noqa: BLE001 - ARRAY<...>, STRUCT<...>, GEOGRAPHY
                msg = (
                    f"Column {field.name!r} of table {self._sql(table)} has type "
                    f"{type_text!r}, which has no Bach dtype."
                )
                raise DtypeError(msg) from e
            if type_text in _SOURCE_CASTS:
                casts[field.name] = exp.DataType.build(_SOURCE_CASTS[type_text], dialect="bigquery")
        return columns, casts

    def _field_type(self, dtype: str) -> str:
        return sql_type(validate_dtype(dtype)).sql(dialect=self.dialect)

    def _create_with_schema(
        self, table: exp.Table, schema: list[bigquery.SchemaField], *, temporary: bool
    ) -> exp.Table:
        bq_table = bigquery.Table(self._id(table), schema=schema)
        if temporary or self._id(table) in self._staging:
            bq_table.expires = datetime.datetime.now(datetime.UTC) + TEMPORARY_TABLE_LIFETIME
        try:
            self.client.create_table(bq_table, retry=self.retry)
        except gexc.GoogleAPIError as e:
            what = " ".join(("-- tables.insert", self._id(table), str(schema)))
            raise backend_error(what, e, "BigQuery") from e
        return table

    def _create_empty(
        self, table: exp.Table, columns: list[exp.ColumnDef], *, temporary: bool
    ) -> exp.Table:
        schema = [self._schema_field(check_column_name(c.name), c.args["kind"]) for c in columns]
        return self._create_with_schema(table, schema, temporary=temporary)

    def _schema_field(self, name: str, data_type: exp.DataType) -> bigquery.SchemaField:
        """The API's field of a column type: an ARRAY is a REPEATED field, a STRUCT a RECORD."""
        T = exp.DataType.Type  # noqa: N806
        if data_type.this == T.ARRAY:
            inner = self._schema_field(name, data_type.expressions[0])
            return bigquery.SchemaField(
                name, inner.field_type, mode="REPEATED", fields=inner.fields
            )
        if data_type.this == T.STRUCT:
            fields = [self._schema_field(f.name, f.args["kind"]) for f in data_type.expressions]
            return bigquery.SchemaField(name, "RECORD", fields=fields)
        return bigquery.SchemaField(name, data_type.sql(dialect=self.dialect))

    def column_defs(self, df: pd.DataFrame, dtypes: Any) -> list[exp.ColumnDef]:
        for name in df.columns:
            check_column_name(str(name))
        return super().column_defs(df, dtypes)

    def _load_parquet(self, table: exp.Table, arrow: pa.Table) -> None:
        buffer = io.BytesIO()
        pq.write_table(arrow, buffer)
        buffer.seek(0)
        config = bigquery.LoadJobConfig(
            source_format=bigquery.SourceFormat.PARQUET,
            write_disposition=bigquery.WriteDisposition.WRITE_APPEND,
        )
        try:
            job = self.client.load_table_from_file(
                buffer, self._id(table), job_config=config, rewind=True
            )
            job.result(retry=self.retry)
        except (gexc.GoogleAPIError, ValueError) as e:
            what = f"-- parquet load job into {self._id(table)}"
            raise backend_error(what, e, "BigQuery") from e

    def _insert_df(self, table: exp.Table, df: pd.DataFrame, dtypes: list[str]) -> None:
        names = [str(c) for c in df.columns]
        arrow = pandas_to_arrow(df, dtypes, names=names)
        bases = [sql_type(validate_dtype(d)).this for d in dtypes]
        T = exp.DataType.Type  # noqa: N806
        if not any(b in (T.JSON, T.INTERVAL, T.ARRAY, T.STRUCT) for b in bases):
            self._load_parquet(table, arrow)
            return
        # stage JSON as STRING, INTERVAL as INT64 microseconds, lists and dicts (ARRAY, STRUCT)
        # as JSON text, then convert in SQL (lists/dicts as their VALUES rows are typed)
        staged: list[pa.ChunkedArray] = []
        select: list[Any] = []  # sqlglot expressions
        fields: list[bigquery.SchemaField] = []
        for i, base in enumerate(bases):
            col = arrow.column(i)
            stage_name = f"c{i}"
            ref = exp.column(stage_name, quoted=True)
            if base == T.INTERVAL:
                col = col.cast(pa.duration("us")).cast(pa.int64())
                fields.append(bigquery.SchemaField(stage_name, "INT64"))
                select.append(exp.Interval(this=ref, unit=exp.var("MICROSECOND")))
            elif base == T.JSON:
                fields.append(bigquery.SchemaField(stage_name, "STRING"))
                select.append(exp.func("PARSE_JSON", ref))
            elif base in (T.ARRAY, T.STRUCT):
                col = upload_json_text(df.iloc[:, i])
                fields.append(bigquery.SchemaField(stage_name, "STRING"))
                select.append(values_typed(ref, dtypes[i]))
            else:
                fields.append(bigquery.SchemaField(stage_name, self._field_type(dtypes[i])))
                select.append(ref)
            staged.append(col)
        stage = make_table(table.catalog, table.db, f"_bach_stage_{uuid.uuid4().hex}")
        self._create_with_schema(stage, fields, temporary=True)
        try:
            self._load_parquet(stage, pa.table(staged, names=[f.name for f in fields]))
            insert = exp.insert(
                exp.select(*(e.as_(f"c{i}", quoted=True) for i, e in enumerate(select))).from_(
                    stage
                ),
                table,
                columns=[exp.to_identifier(n, quoted=True) for n in names],
            )
            self.execute(self._sql(insert))
        finally:
            self.client.delete_table(self._id(stage), not_found_ok=True, retry=self.retry)

    def _create_as(
        self, table: exp.Table, select_sql: str, *, temporary: bool, replace: bool
    ) -> exp.Table:
        self._observe(select_sql)
        schema = list(self._job(select_sql, dry_run=True).schema or [])
        for field in schema:
            check_column_name(field.name)
        if replace:  # not reached from create_table_as: see Backend._write_atomically
            self.drop_table(table)
        self._create_with_schema(table, schema, temporary=temporary)
        self.execute(self._sql(insert_rendered(table, select_sql, [f.name for f in schema])))
        return table

    def _write_atomically(
        self,
        table: exp.Table,
        build: Callable[[exp.Table], exp.Table],
        *,
        temporary: bool,
        replace: bool,
    ) -> exp.Table:
        """Build the table under a unique staging name, then one copy job into place.

        The staging table expires in a day, should this process die. The copy job uses
        WRITE_TRUNCATE, which replaces the table's rows and schema atomically, or WRITE_EMPTY for a
        new name; the staging table is deleted either way. A failure thus leaves the old table as it
        was, and a failed new table leaves nothing. bqemulator's WRITE_TRUNCATE keeps the old
        schema, so there a replace with other columns drops the old table first (not atomic on the
        emulator only).
        """
        if temporary:
            return super()._write_atomically(table, build, temporary=temporary, replace=replace)
        stage = make_table(
            table.catalog, table.db, unique_table_name(table.name, self.MAX_TABLE_NAME_BYTES)
        )
        self._staging.add(self._id(stage))
        try:
            build(stage)
            if replace and self._emulator:
                old, new = self._get_table(table), self._get_table(stage)
                if old is not None and new is not None and old.schema != new.schema:
                    self.drop_table(table)
            disposition = (
                bigquery.WriteDisposition.WRITE_TRUNCATE
                if replace
                else bigquery.WriteDisposition.WRITE_EMPTY
            )
            what = f"-- copy job {self._id(stage)} -> {self._id(table)} ({disposition})"
            started = time.perf_counter()
            try:
                job = self.client.copy_table(
                    self._id(stage),
                    self._id(table),
                    retry=self.retry,
                    job_config=bigquery.CopyJobConfig(write_disposition=disposition),
                )
                job.result(retry=self.retry)
            except (gexc.GoogleAPIError, ValueError) as e:
                self._log_query(what, started, None, e)
                raise backend_error(what, e, "BigQuery") from e
            self._log_query(what, started, None)
        finally:
            self._staging.discard(self._id(stage))
            with contextlib.suppress(gexc.GoogleAPIError):
                self.client.delete_table(self._id(stage), not_found_ok=True, retry=self.retry)
        return table

    def close(self) -> None:
        self._release_sqlalchemy_connection()


_LEGACY_TYPES = {"INTEGER": "INT64", "FLOAT": "FLOAT64", "BOOLEAN": "BOOL", "RECORD": "STRUCT"}


#: stored column types read through a cast to the type Bach's SQL for their dtype expects
_SOURCE_CASTS = {"TIMESTAMP": "DATETIME"}


def _type_text(field: bigquery.SchemaField) -> str:
    """GoogleSQL type text of a schema field: ``INT64``, ``ARRAY<STRUCT<a INT64>>``, ..."""
    base = _LEGACY_TYPES.get(field.field_type.upper(), field.field_type.upper())
    if base == "STRUCT":
        base = "STRUCT<" + ", ".join(f"`{f.name}` {_type_text(f)}" for f in field.fields) + ">"
    if (field.mode or "").upper() == "REPEATED":
        base = f"ARRAY<{base}>"
    return base


def _json_text(value: Any) -> str | None:
    """The client parses JSON values of a row; convert.py wants the JSON text back."""
    return None if value is None else json.dumps(value)


def _interval(value: Any) -> Any:
    """The client's INTERVAL value (a dateutil relativedelta) as a timedelta; months = 30 days."""
    if value is None or isinstance(value, datetime.timedelta):
        return value
    months = getattr(value, "years", 0) * 12 + getattr(value, "months", 0)
    return datetime.timedelta(
        days=months * DAYS_PER_MONTH + getattr(value, "days", 0),
        hours=getattr(value, "hours", 0),
        minutes=getattr(value, "minutes", 0),
        seconds=getattr(value, "seconds", 0),
        microseconds=getattr(value, "microseconds", 0),
    )
