"""Read the native Objectiv table and extract the event fields and the requested global contexts.

The native format (the collector's table) is
``data(event_id uuid, day date, moment timestamp, cookie_id uuid, value json)``; ``value`` is
the event's JSON. The same code reads it on DuckDB, PostgreSQL (``json`` or ``jsonb``) and
BigQuery (``JSON``): everything below is Bach operations, rendered per dialect.
"""

from __future__ import annotations

import datetime
from typing import Any

from objectiv_bach import DataFrame, DtypeError, InvalidArgumentError, Series, get_backend
from objectiv_modelhub.pipelines.snowplow import extract_snowplow_contexts, is_snowplow_table

#: the native table's columns and the dtypes the model hub needs
NATIVE_DTYPES = {
    "event_id": "uuid",
    "day": "date",
    "moment": "timestamp",
    "cookie_id": "uuid",
    "value": "json",
}


def global_context_type(name: str) -> str:
    """``'cookie_id'`` -> ``'CookieIdContext'`` (the original naming rule)."""
    return "".join(part.capitalize() for part in name.split("_")) + "Context"


#: dtypes a native column may also read back as (BigQuery stores uuids as STRING)
_ALSO_ACCEPTED = {"uuid": ("string",)}


def _table_columns(engine: Any, table_name: Any) -> dict[str, Any]:
    """The table's columns and their dtypes (structured dtypes as ``['...']``/``{...}``)."""
    table = DataFrame.from_table(engine, table_name, index=[])
    return {name: series.instance_dtype for name, series in table.data.items()}


def _check_table(table_name: str, columns: dict[str, Any]) -> None:
    missing = [c for c in NATIVE_DTYPES if c not in columns]
    if missing:
        msg = (
            f"Table {table_name!r} lacks the native Objectiv columns {missing}; it needs "
            f"{NATIVE_DTYPES}."
        )
        raise InvalidArgumentError(msg)
    wrong = {
        c: columns[c]
        for c, d in NATIVE_DTYPES.items()
        if columns[c] != d and columns[c] not in _ALSO_ACCEPTED.get(d, ())
    }
    if wrong:
        msg = (
            f"Table {table_name!r} has columns of the wrong type {wrong}; the native format "
            f"needs {NATIVE_DTYPES}."
        )
        raise DtypeError(msg)


def _date_literal(value: Any, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError as error:
        msg = f"{what}={value!r} is not a date; use 'YYYY-MM-DD'."
        raise InvalidArgumentError(msg) from error


def extract_contexts(
    engine: Any,
    table_name: str = "data",
    *,
    start_date: Any = None,
    end_date: Any = None,
    global_contexts: list[str] | None = None,
    check_table: bool = True,
    offline: bool = False,
) -> DataFrame:
    """The native table as a frame of event fields, one column per requested global context.

    Columns: ``event_id`` (index), ``day``, ``moment``, ``user_id`` (the cookie id),
    ``location_stack``, ``event_type``, ``stack_event_types`` and ``<gc>`` for each name in
    ``global_contexts`` (a JSON array of that context type's contexts).

    A table in the format Snowplow writes to BigQuery (``contexts_io_objectiv_*`` columns) is
    read by :func:`~objectiv_modelhub.pipelines.snowplow.extract_snowplow_contexts` instead,
    giving the same columns, dtypes and JSON content.

    With ``offline=True`` (or ``check_table=False``) nothing is asked of a database:
    ``table_name`` is used as written (e.g. ``'project.dataset.data'``) and read in the native
    format, for exporting SQL.
    """
    source: Any = table_name
    if check_table and not offline:
        # resolved once: the column lookup and the frame below read the same table, and a
        # resolved name asks the database nothing more
        source = get_backend(engine).table_ref(table_name)
        columns = _table_columns(engine, source)
        if is_snowplow_table(columns):
            return extract_snowplow_contexts(
                engine,
                table_name,
                columns,
                start_date=start_date,
                end_date=end_date,
                global_contexts=global_contexts,
            )
        _check_table(table_name, columns)
    df = DataFrame.from_table(
        engine, source, index=["event_id"], all_dtypes=NATIVE_DTYPES, offline=offline
    )
    if start_date is not None:
        df = df[df.day >= _date_literal(start_date, "start_date")]
    if end_date is not None:
        df = df[df.day <= _date_literal(end_date, "end_date")]
    value = df.value
    out = df[["day", "moment"]]
    out["user_id"] = df.cookie_id
    out["location_stack"] = value.json["location_stack"].astype("objectiv_location_stack")
    out["event_type"] = value.json.get_value("_type", as_str=True)
    out["stack_event_types"] = value.json["_types"]
    contexts = value.json["global_contexts"]
    for name in global_contexts or []:
        out[name] = _contexts_of_type(contexts, global_context_type(name))
    return out.materialize(node_name="context_data")


def _contexts_of_type(contexts: Any, type_name: str) -> Series:
    return contexts.json.filter({"_type": type_name}).astype("objectiv_global_context")
