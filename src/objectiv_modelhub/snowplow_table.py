"""Write Objectiv events in the format Snowplow writes them to BigQuery, on any backend.

The events (frames in the native format, e.g. from
:func:`objectiv_modelhub.sample_data.generate_events`) are uploaded to a staging table, turned
into Snowplow's columns by one Bach query (see :mod:`objectiv_modelhub.pipelines.snowplow` for
the columns) and written with ``database_create_table``; the staging table is dropped. The
context columns get Snowplow's types on every engine: ``ARRAY<STRUCT<...>>`` on BigQuery,
``STRUCT(...)[]`` (a LIST of STRUCT) on DuckDB, so the Snowplow pipeline is tested locally on
DuckDB with the column types it meets on BigQuery. (PostgreSQL stores the lists as ``JSONB[]``,
which Bach cannot read back: Snowplow does not write this format to PostgreSQL.)

Each context column's struct has the fields of the context's schema in the Objectiv taxonomy
(:data:`GLOBAL_CONTEXT_FIELDS`); a field an event's context lacks is NULL, and the ``_type`` and
``_types`` keys are dropped, as Snowplow does.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from objectiv_bach import (
    DataFrame,
    InvalidArgumentError,
    Series,
    SeriesList,
    SeriesString,
    get_backend,
)
from objectiv_bach.errors import TableExistsError
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.pipelines.extracted_contexts import NATIVE_DTYPES, global_context_type
from objectiv_modelhub.pipelines.snowplow import (
    LOCATION_STACK_COLUMN,
    LOCATION_STACK_DTYPE,
    SNOWPLOW_DTYPES,
    context_column,
)

#: the global contexts of the Objectiv taxonomy (snake_case name -> struct fields and dtypes),
#: the schemas of Snowplow's ``contexts_io_objectiv_context_<name>_context_1_0_0`` columns
GLOBAL_CONTEXT_FIELDS: dict[str, dict[str, str]] = {
    "application": {"id": "string"},
    "cookie_id": {"id": "string", "cookie_id": "string"},
    "http": {
        "id": "string",
        "referrer": "string",
        "user_agent": "string",
        "remote_address": "string",
    },
    "identity": {"id": "string", "value": "string"},
    "input_value": {"id": "string", "value": "string"},
    "locale": {"id": "string"},
    "marketing": {
        "id": "string",
        "source": "string",
        "medium": "string",
        "campaign": "string",
        "term": "string",
        "content": "string",
        "source_platform": "string",
        "creative_format": "string",
        "marketing_tactic": "string",
    },
    "path": {"id": "string"},
    "session": {"id": "string", "hit_number": "int64"},
}


#: the types :func:`write_snowplow_events` can write ``true_tstamp`` as: Snowplow's BigQuery
#: loader writes a TIMESTAMP, some other loaders an INT64 of milliseconds since the epoch
TRUE_TSTAMP_TYPES = ("timestamp", "int64")


def epoch_millis(moment: Series) -> Series:
    """A timestamp Series as int64 milliseconds since 1970-01-01 (rounded to the millisecond).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'t': [pd.Timestamp('2022-01-01 00:00:00.123')]}))
    >>> epoch_millis(df.t).to_pandas().tolist()
    [1640995200123]
    """
    seconds = (moment - datetime.datetime(1970, 1, 1)).dt.total_seconds
    return (seconds * 1000).round(0).astype("int64")


def snowplow_columns(true_tstamp: str = "timestamp") -> dict[str, Any]:
    """The known Snowplow schema: the columns the pipeline reads and their Bach dtypes.

    The columns :func:`write_snowplow_events` writes that the pipeline reads: the Snowplow
    columns, the location stack and one context column per :data:`GLOBAL_CONTEXT_FIELDS`
    entry. The export reads the table through it without asking a database.

    Examples
    --------
    >>> columns = snowplow_columns('int64')
    >>> columns['true_tstamp'], columns['contexts_io_objectiv_context_identity_context_1_0_0']
    ('int64', [{'id': 'string', 'value': 'string'}])
    """
    _check_true_tstamp(true_tstamp)
    columns: dict[str, Any] = {**SNOWPLOW_DTYPES, "true_tstamp": true_tstamp}
    columns[LOCATION_STACK_COLUMN] = LOCATION_STACK_DTYPE
    for name, fields in GLOBAL_CONTEXT_FIELDS.items():
        columns[context_column(name)] = [fields]
    return columns


def snowplow_frame(native: DataFrame, *, true_tstamp: str = "timestamp") -> DataFrame:
    """A frame of native events (``NATIVE_DTYPES``) in Snowplow's columns.

    ``collector_tstamp`` and ``true_tstamp`` are the event's ``moment`` (``true_tstamp`` as
    int64 epoch milliseconds with ``true_tstamp='int64'``); ``network_userid``
    the cookie id; ``domain_sessionid`` NULL; ``app_id`` the ApplicationContext's id and
    ``page_url`` the PathContext's.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(3, seed=1))
    >>> native = DataFrame.from_table(con, 'data', index=[], all_dtypes=NATIVE_DTYPES)
    >>> snowplow = snowplow_frame(native)
    >>> snowplow.dtypes['contexts_io_objectiv_context_http_context_1_0_0']
    'list'
    >>> snowplow.contexts_io_objectiv_context_session_context_1_0_0.instance_dtype
    [{'id': 'string', 'hit_number': 'int64'}]
    >>> con.close()
    """
    value = native.value
    contexts = value.json["global_contexts"]
    out = native[["event_id"]]
    out["event_id"] = native.event_id.astype("string")
    out["collector_tstamp"] = native.moment
    _check_true_tstamp(true_tstamp)
    out["true_tstamp"] = (
        native.moment if true_tstamp == "timestamp" else epoch_millis(native.moment)
    )
    out["network_userid"] = native.cookie_id.astype("string")
    out["domain_sessionid"] = SeriesString.from_value(out, None, name="domain_sessionid")
    out["se_action"] = value.json.get_value("_type", as_str=True)
    out["se_category"] = value.json["_types"].astype("string")
    first_id = {
        name: contexts.json.filter({"_type": global_context_type(name)})
        .json[0]
        .json.get_value("id", as_str=True)
        for name in ("application", "path")
    }
    out["app_id"] = first_id["application"]
    out["page_url"] = first_id["path"]
    stack = {"location_stack": value.json["location_stack"].astype("string")}
    out[LOCATION_STACK_COLUMN] = SeriesList.from_value(
        out, [stack], name=LOCATION_STACK_COLUMN, dtype=LOCATION_STACK_DTYPE
    )
    for name, fields in GLOBAL_CONTEXT_FIELDS.items():
        of_type = contexts.json.filter({"_type": global_context_type(name)})
        out[context_column(name)] = of_type.astype([fields])
    return out


def _check_true_tstamp(true_tstamp: str) -> None:
    if true_tstamp not in TRUE_TSTAMP_TYPES:
        msg = f"true_tstamp={true_tstamp!r}: choose one of {list(TRUE_TSTAMP_TYPES)}."
        raise InvalidArgumentError(msg)


def write_snowplow_events(
    engine: Any,
    events: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    table_name: str = "events",
    if_exists: str = "fail",
    progress: Callable[[int], None] | None = None,
    true_tstamp: str = "timestamp",
) -> int:
    """Write native events (one frame or chunks) to ``table_name`` in the Snowplow format.

    Parameters
    ----------
    engine : Any
        Anything Bach accepts (a DuckDB connection, a SQLAlchemy engine, a URL, ...).
    events : pandas.DataFrame or iterable of them
        Native events: ``event_id, day, moment, cookie_id, value``.
    table_name : str, default 'events'
        The table to create (Snowplow's and the original model hub's BigQuery default).
    if_exists : {'fail', 'replace'}, default 'fail'
        What to do when the table exists.
    progress : callable, optional
        Called with the running number of rows uploaded.
    true_tstamp : {'timestamp', 'int64'}, default 'timestamp'
        The type of ``true_tstamp``: Snowplow's TIMESTAMP, or INT64 milliseconds since the
        epoch (as some loaders write it; the pipeline reads both).

    Returns
    -------
    int
        The number of rows written.

    Raises
    ------
    InvalidArgumentError
        For another ``if_exists`` or ``true_tstamp``.
    TableExistsError
        When the table exists and ``if_exists='fail'``.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> write_snowplow_events(con, generate_events(200, seed=1, start='2022-01-01', days=3))
    200
    >>> con.sql("SELECT data_type FROM information_schema.columns WHERE column_name ="
    ...         " 'contexts_io_objectiv_context_identity_context_1_0_0'").fetchall()[0][0]
    'STRUCT(id VARCHAR, "value" VARCHAR)[]'
    >>> df = ModelHub().get_objectiv_dataframe(engine=con, table_name='events')
    >>> len(df.to_pandas())
    200
    >>> con.close()
    """
    if if_exists not in ("fail", "replace"):
        msg = f"if_exists={if_exists!r}: choose 'fail' or 'replace'."
        raise InvalidArgumentError(msg)
    _check_true_tstamp(true_tstamp)
    backend = get_backend(engine)
    if if_exists == "fail" and backend.table_exists(table_name):
        msg = (
            f"Table {table_name!r} already exists. Pass if_exists='replace' to drop and "
            "recreate it (options: 'fail', 'replace')."
        )
        raise TableExistsError(msg)
    staging = f"objectiv_native_staging_{uuid.uuid4().hex[:12]}"
    written = write_events(engine, events, table_name=staging, progress=progress)
    try:
        native = DataFrame.from_table(engine, staging, index=[], all_dtypes=NATIVE_DTYPES)
        snowplow_frame(native, true_tstamp=true_tstamp).database_create_table(
            table_name, if_exists=if_exists
        )
    finally:
        backend.drop_table(staging)
    return written
