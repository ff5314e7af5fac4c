"""Read Objectiv events in the format Snowplow writes them to BigQuery (flattened contexts).

Objectiv's Snowplow integration stores one row per event in Snowplow's ``events`` table:

=============================================  ===================================================
column                                         content
=============================================  ===================================================
``event_id``                                   the event's id (STRING)
``collector_tstamp``                           when the collector received it (TIMESTAMP)
``true_tstamp``                                the event's time (TIMESTAMP, or INT64 epoch
                                               milliseconds as some loaders write it)
``network_userid``, ``domain_sessionid``       the cookie id (the first that is not empty)
``se_action``                                  the event's ``_type``
``se_category``                                the JSON text of the event's ``_types``
``contexts_io_objectiv_location_stack_1_0_0``  ``ARRAY<STRUCT<location_stack STRING>>``: one
                                               element, the JSON text of the location stack
``contexts_io_objectiv_context_<name>_         one column per global context type, e.g.
context_1_0_0``                                ``..._http_context_1_0_0``: ``ARRAY<STRUCT<id,
                                               referrer, user_agent, remote_address>>``
=============================================  ===================================================

:func:`extract_snowplow_contexts` turns it into the frame of the native pipeline
(:func:`~objectiv_modelhub.pipelines.extract_contexts`): the same columns, dtypes and JSON
content, as the original model hub's BigQuery pipeline did:

* duplicates (Snowplow delivers at least once) are removed: of the rows of one ``event_id`` the
  first by ``collector_tstamp`` stays, before the date filter;
* ``moment`` is ``true_tstamp`` as a naive UTC timestamp, ``day`` its date; the conversion is
  chosen by the column's dtype (:data:`MOMENT_CONVERSIONS`): a ``TIMESTAMP`` is read as its UTC
  time, an ``INT64`` as milliseconds since the epoch (exactly, in integer arithmetic);
* ``user_id`` is ``network_userid``, else ``domain_sessionid`` (``''`` counts as missing);
* each requested global context becomes a JSON array of its contexts. Snowplow's struct has no
  ``_type``/``_types`` keys (the column names the type), so they are put back, as the collector
  wrote them: ``_type`` from the column name and ``_types`` the hydrated list
  (``AbstractContext``, ``AbstractGlobalContext`` and the type). A field that is NULL in the
  struct is left out of the JSON, as a key the native event does not have: the two formats
  give the same JSON for the same events. (A key that is JSON ``null`` in a native event is
  absent here; ``.context.<key>`` and ``json.get_value`` read both as missing.)

The format is recognised by its columns (:func:`is_snowplow_table`): ``get_objectiv_dataframe``
reads either format from the same call.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from objectiv_bach import (
    DataFrame,
    DtypeError,
    InvalidArgumentError,
    Series,
    SeriesJson,
    SeriesTimestamp,
)
from objectiv_bach.extension import (
    FunctionNode,
    apply_function,
    register_rendering,
    template_rendering,
)

#: the Snowplow columns the pipeline reads (besides the context columns), and their dtypes
SNOWPLOW_DTYPES = {
    "event_id": "string",
    "collector_tstamp": "timestamp",
    "true_tstamp": "timestamp",
    "network_userid": "string",
    "domain_sessionid": "string",
    "se_action": "string",
    "se_category": "string",
}

#: the location-stack column of schema ``iglu:io.objectiv/location_stack/jsonschema/1-0-0``
LOCATION_STACK_COLUMN = "contexts_io_objectiv_location_stack_1_0_0"
LOCATION_STACK_DTYPE = [{"location_stack": "string"}]

_LOCATION_STACK = re.compile(r"^contexts_io_objectiv_location_stack_(\d+)_(\d+)_(\d+)$")
_CONTEXT = re.compile(r"^contexts_io_objectiv_context_([a-z0-9_]+?)_context_(\d+)_(\d+)_(\d+)$")


def context_column(name: str, version: str = "1_0_0") -> str:
    """The Snowplow column of global context ``name`` (snake_case, as in ``global_contexts``).

    Examples
    --------
    >>> context_column('cookie_id')
    'contexts_io_objectiv_context_cookie_id_context_1_0_0'
    """
    return f"contexts_io_objectiv_context_{name}_context_{version}"


def is_snowplow_table(columns: Mapping[str, Any]) -> bool:
    """Whether a table with these columns (name -> dtype) is in the Snowplow format.

    It is when it has a location-stack column (``contexts_io_objectiv_location_stack_<v>``)
    and ``se_action``; the native format has neither.

    Examples
    --------
    >>> is_snowplow_table({'event_id': 'string', 'se_action': 'string',
    ...                    'contexts_io_objectiv_location_stack_1_0_0': 'list'})
    True
    >>> is_snowplow_table({'event_id': 'uuid', 'value': 'json'})
    False
    """
    return "se_action" in columns and _latest(columns, _LOCATION_STACK) is not None


def _latest(columns: Mapping[str, Any], pattern: re.Pattern[str], name: str | None = None) -> Any:
    """The column matching ``pattern`` (and context ``name``) with the highest version."""
    found = []
    for column in columns:
        match = pattern.match(column)
        if match is None:
            continue
        groups = match.groups()
        if name is not None and groups[0] != name:
            continue
        found.append((tuple(int(v) for v in groups[-3:]), column))
    return max(found)[1] if found else None


def _check_columns(table_name: str, columns: Mapping[str, Any]) -> None:
    missing = [c for c in SNOWPLOW_DTYPES if c not in columns]
    if missing:
        msg = (
            f"Table {table_name!r} has Objectiv's Snowplow location-stack column but lacks the "
            f"Snowplow columns {missing}; the Snowplow format needs {SNOWPLOW_DTYPES} besides "
            "the contexts_io_objectiv_* columns."
        )
        raise InvalidArgumentError(msg)
    wrong = {
        c: columns[c]
        for c, d in SNOWPLOW_DTYPES.items()
        if columns[c] != d and not (c == "true_tstamp" and columns[c] in MOMENT_CONVERSIONS)
    }
    if wrong:
        msg = (
            f"Table {table_name!r} has Snowplow columns of the wrong type {wrong}; the "
            f"Snowplow format needs {SNOWPLOW_DTYPES} (true_tstamp may also be one of "
            f"{sorted(MOMENT_CONVERSIONS)})."
        )
        raise DtypeError(msg)


# ---------------------------------------------------------------- the model hub's functions


class SnowplowContexts(FunctionNode):
    """Snowplow's ``ARRAY<STRUCT<...>>`` of one context type as the native JSON array.

    Every element becomes a JSON object with ``_type`` (``type``) and ``_types`` (``types``, a
    JSON array text) added and its NULL fields left out; a NULL list gives ``[]``.
    """

    arg_types = {"this": True, "type": True, "types": True}


class SnowplowUtcTimestamp(FunctionNode):
    """A Snowplow timestamp column as a naive UTC timestamp (Bach's ``timestamp``).

    Snowplow's BigQuery columns are ``TIMESTAMP``; Bach's timestamps are ``DATETIME`` there.
    """

    arg_types = {"this": True}


register_rendering(
    SnowplowContexts,
    "duckdb",
    template_rendering(
        "COALESCE(TO_JSON(LIST_TRANSFORM(:this, LAMBDA _bach_e : JSON_MERGE_PATCH("
        "JSON_OBJECT('_type', :type, '_types', CAST(:types AS JSON)), TO_JSON(_bach_e)))),"
        " CAST('[]' AS JSON))",
        "duckdb",
    ),
)
register_rendering(
    SnowplowContexts,
    "postgres",
    template_rendering(
        "(SELECT COALESCE(JSONB_AGG(JSONB_BUILD_OBJECT('_type', CAST(:type AS TEXT), '_types',"
        " CAST(:types AS JSONB)) || JSONB_STRIP_NULLS(_bach_e) ORDER BY _bach_o),"
        " CAST('[]' AS JSONB)) FROM UNNEST(:this) WITH ORDINALITY AS _bach_t(_bach_e, _bach_o))",
        "postgres",
    ),
)
register_rendering(
    SnowplowContexts,
    "bigquery",
    template_rendering(
        "TO_JSON(ARRAY(SELECT JSON_STRIP_NULLS(JSON_SET(JSON_SET(TO_JSON(_bach_e), '$._type',"
        " :type), '$._types', PARSE_JSON(:types))) FROM UNNEST(:this) AS _bach_e"
        " WITH OFFSET AS _bach_o ORDER BY _bach_o))",
        "bigquery",
    ),
)
# the UTC epoch of the value, as a naive timestamp: right for TIMESTAMP WITH TIME ZONE columns
# whatever the session's time zone, and the identity for naive ones
register_rendering(
    SnowplowUtcTimestamp,
    "duckdb",
    template_rendering("MAKE_TIMESTAMP(EPOCH_US(:this))", "duckdb"),
)
register_rendering(
    SnowplowUtcTimestamp,
    "postgres",
    template_rendering(
        "CAST('1970-01-01 00:00:00' AS TIMESTAMP) + EXTRACT(EPOCH FROM :this) * INTERVAL '1 second'",
        "postgres",
    ),
)
# BigQuery: a TIMESTAMP becomes its UTC DATETIME; a DATETIME stays as it is
register_rendering(
    SnowplowUtcTimestamp, "bigquery", template_rendering("CAST(:this AS DATETIME)", "bigquery")
)


def utc_timestamp(true_tstamp: Series) -> Series:
    """A Snowplow ``TIMESTAMP`` column as a naive UTC timestamp (:class:`SnowplowUtcTimestamp`).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'t': [pd.Timestamp('2022-01-01 10:00')]}))
    >>> utc_timestamp(df.t).to_pandas().tolist()
    [Timestamp('2022-01-01 10:00:00')]
    """
    return apply_function(SnowplowUtcTimestamp, true_tstamp)


def timestamp_from_millis(true_tstamp: Series) -> Series:
    """An ``INT64`` ``true_tstamp`` (milliseconds since the epoch) as a naive UTC timestamp.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'t': [1640995200123]}))
    >>> timestamp_from_millis(df.t).to_pandas().tolist()
    [Timestamp('2022-01-01 00:00:00.123000')]
    """
    return SeriesTimestamp.from_epoch(true_tstamp, unit="ms")


#: how ``moment`` is computed from ``true_tstamp``, by the column's dtype: a ``TIMESTAMP``
#: (Snowplow's BigQuery loader) or an ``INT64`` of epoch milliseconds (other loaders)
MOMENT_CONVERSIONS: dict[str, Callable[[Series], Series]] = {
    "timestamp": utc_timestamp,
    "int64": timestamp_from_millis,
}


def global_context_types(type_name: str) -> list[str]:
    """The hydrated ``_types`` of a global context: its type and its two abstract ancestors.

    Examples
    --------
    >>> global_context_types('HttpContext')
    ['AbstractContext', 'AbstractGlobalContext', 'HttpContext']
    """
    return sorted({"AbstractContext", "AbstractGlobalContext", type_name})


def contexts_as_json(contexts: Series, type_name: str) -> Series:
    """A Snowplow context column (a list of dicts) as the native JSON array of ``type_name``.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'c': ['[{"id": "a", "n": null}]']}))
    >>> df['c'] = df.c.astype('json').astype([{'id': 'string', 'n': 'string'}])
    >>> contexts_as_json(df.c, 'HttpContext').to_pandas().tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[{'_type': 'HttpContext', '_types': ['AbstractContext', 'AbstractGlobalContext',
    'HttpContext'], 'id': 'a'}]]
    """
    types = json.dumps(global_context_types(type_name))
    return apply_function(SnowplowContexts, contexts, type_name, types, dtype="json")


def extract_snowplow_contexts(
    engine: Any,
    table_name: str,
    columns: Mapping[str, Any],
    *,
    start_date: Any = None,
    end_date: Any = None,
    global_contexts: list[str] | None = None,
    offline: bool = False,
) -> DataFrame:
    """The Snowplow table as the native pipeline's frame (see the module docstring).

    Parameters
    ----------
    engine : Any
        The engine the table is in.
    table_name : str
        The Snowplow events table.
    columns : mapping of str to dtype
        The table's columns and their Bach dtypes (``DataFrame.from_table(...).dtypes``
        with the structured dtypes, as read from the database).
    start_date, end_date : str or date, optional
        Only events of these days (inclusive), after the duplicates are removed.
    global_contexts : list of str
        Global contexts by snake_case name; a context without a column in the table gives
        ``[]`` for every event, as in the native format.
    offline : bool, default False
        Ask nothing of a database: ``table_name`` is used as written and ``columns`` is
        its schema (e.g. :func:`objectiv_modelhub.snowplow_table.snowplow_columns`), for
        exporting SQL.

    Returns
    -------
    DataFrame
        Index ``event_id`` (uuid); ``day``, ``moment``, ``user_id`` (uuid),
        ``location_stack``, ``event_type``, ``stack_event_types`` and one column per global
        context: the native pipeline's columns and dtypes.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub.sample_data import write_sample_data
    >>> import objectiv_bach as bach
    >>> con = duckdb.connect()
    >>> write_sample_data(con, 100, format='snowplow', seed=4)
    100
    >>> table = bach.from_table(con, 'events', index=[])
    >>> columns = {name: s.instance_dtype for name, s in table.data.items()}
    >>> df = extract_snowplow_contexts(con, 'events', columns, global_contexts=['application'])
    >>> df.index_dtypes, df.dtypes['user_id'], df.dtypes['application']
    ({'event_id': 'uuid'}, 'uuid', 'objectiv_global_context')
    >>> sorted(set(df.application.context.id.to_pandas()))
    ['objectiv-docs', 'objectiv-website']
    >>> con.close()
    """
    from objectiv_modelhub.pipelines.extracted_contexts import _date_literal, global_context_type

    _check_columns(table_name, columns)
    stack_column = _latest(columns, _LOCATION_STACK)
    context_columns = {
        name: _latest(columns, _CONTEXT, name) for name in dict.fromkeys(global_contexts or [])
    }
    wanted = [*SNOWPLOW_DTYPES, stack_column, *(c for c in context_columns.values() if c)]
    full = DataFrame.from_table(
        engine, table_name, index=[], all_dtypes=dict(columns), offline=offline
    )
    # Snowplow delivers at least once: keep the first row of an event_id by collector_tstamp
    df = full[wanted].drop_duplicates(subset="event_id", sort_by="collector_tstamp")
    df["moment"] = MOMENT_CONVERSIONS[columns["true_tstamp"]](df.true_tstamp)
    df = df.materialize(node_name="snowplow_events")
    out = df[["event_id"]]
    out["event_id"] = df.event_id.astype("uuid")
    out["day"] = df.moment.astype("date")
    out["moment"] = df.moment
    network, session = df.network_userid, df.domain_sessionid
    out["user_id"] = network.where(network != "").fillna(session.where(session != ""))
    out["user_id"] = out.user_id.astype("uuid")
    stack_text = df[stack_column].elements[0].elements["location_stack"]
    out["location_stack"] = stack_text.astype("json").astype("objectiv_location_stack")
    out["event_type"] = df.se_action
    out["stack_event_types"] = df.se_category.astype("json")
    for name, column in context_columns.items():
        if column is None:
            contexts = SeriesJson.from_value(out, [], name=name)
        else:
            contexts = contexts_as_json(df[column], global_context_type(name))
        out[name] = contexts.astype("objectiv_global_context")
    if start_date is not None:
        out = out[out.day >= _date_literal(start_date, "start_date")]
    if end_date is not None:
        out = out[out.day <= _date_literal(end_date, "end_date")]
    return out.set_index("event_id").materialize(node_name="context_data")
