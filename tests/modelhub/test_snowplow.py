"""Objectiv data in Snowplow's BigQuery format: the same frame and models as the native format.

The same generated events are written in both formats (``write_events`` and
``write_snowplow_events``); ``get_objectiv_dataframe`` must give equal frames (columns, dtypes,
values, JSON content) and the models equal results. The oracle is the native pipeline on the
same events, itself checked against the pandas reference in ``test_pipelines.py``; the
deduplication and the user-id fallback are checked against expectations worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
import uuid
from pathlib import Path

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import DtypeError, TableExistsError
from objectiv_bach.extension import apply_function
from objectiv_modelhub import ModelHub
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.pipelines.snowplow import (
    LOCATION_STACK_COLUMN,
    MOMENT_CONVERSIONS,
    SnowplowUtcTimestamp,
    contexts_as_json,
    is_snowplow_table,
    timestamp_from_millis,
)
from objectiv_modelhub.sample_data import generate_events, write_sample_data
from objectiv_modelhub.snowplow_table import GLOBAL_CONTEXT_FIELDS, write_snowplow_events

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bach"))
from helpers import normalize  # noqa: E402

CONTEXTS = ["application", "marketing", "identity", "http", "cookie_id", "path", "session"]
PG_REASON = (
    "Snowplow does not write this format to PostgreSQL, and a PostgreSQL table cannot hold its "
    "ARRAY<STRUCT> columns: Bach stores a list of dicts as JSONB[], which reads back as a list "
    "of json, not of structs (the writer refuses it or the frame differs)"
)
never_postgres = pytest.mark.never(
    "postgres", reason=PG_REASON, raises=(DtypeError, AssertionError)
)


@functools.cache
def events(n: int, seed: int) -> pd.DataFrame:
    return generate_events(n, seed=seed, start="2022-02-01", days=4)


def both_formats(backend, frame: pd.DataFrame) -> None:
    write_events(backend, frame, table_name="data")
    write_snowplow_events(backend, frame, table_name="events")


def shared_events() -> pd.DataFrame:
    """Two generated data sets (different users, sessions and contexts) in one table."""
    return pd.concat([events(200, 3), events(150, 11)], ignore_index=True)


@pytest.fixture(scope="module")
def shared(module_backend):
    """The module's backend with ``shared_events()`` written once, read by the tests.

    ``data`` (native), ``events`` (Snowplow, TIMESTAMP ``true_tstamp``) and ``events_ms``
    (Snowplow, INT64 epoch-millisecond ``true_tstamp``). A test that derives a table from
    them writes it under a name of its own.
    """
    frame = shared_events()
    both_formats(module_backend, frame)
    write_snowplow_events(module_backend, frame, table_name="events_ms", true_tstamp="int64")
    return module_backend


def plain(value):
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return normalize(value)


def rows(df) -> dict:
    """``{str(event_id): {column: plain value}}`` of a model hub frame."""
    result = df.to_pandas()
    return {
        str(i): {c: plain(result.at[i, c]) for c in result.columns} for i in result.index.tolist()
    }


def assert_same_frames(native, snowplow) -> None:
    assert snowplow.index_dtypes == native.index_dtypes == {"event_id": "uuid"}
    assert snowplow.dtypes == native.dtypes
    expected, got = rows(native), rows(snowplow)
    assert sorted(got) == sorted(expected)
    differ = [(k, c) for k in expected for c in expected[k] if expected[k][c] != got[k][c]]
    assert not differ, [(k, c, expected[k][c], got[k][c]) for k, c in differ[:5]]


@never_postgres
def test_same_frame_as_native(shared):
    """Both Snowplow forms (TIMESTAMP and INT64 ``true_tstamp``) give the native frame."""
    mh = ModelHub(global_contexts=CONTEXTS)
    native = mh.get_objectiv_dataframe(engine=shared, table_name="data")
    for table in ("events", "events_ms"):
        snowplow = mh.get_objectiv_dataframe(engine=shared, table_name=table)
        assert snowplow.columns == native.columns
        assert_same_frames(native, snowplow)


@never_postgres
def test_same_frame_with_identity_resolution_and_dates(shared):
    mh = ModelHub(global_contexts=["application"])
    kwargs = {"identity_resolution": "email", "start_date": "2022-02-02", "end_date": "2022-02-03"}
    native = mh.get_objectiv_dataframe(engine=shared, table_name="data", **kwargs)
    snowplow = mh.get_objectiv_dataframe(engine=shared, table_name="events", **kwargs)
    assert_same_frames(native, snowplow)
    days = {r["day"] for r in rows(snowplow).values()}
    assert days == {dt.date(2022, 2, 2), dt.date(2022, 2, 3)}


def test_same_model_results(shared):
    mh = ModelHub(time_aggregation="%Y-%m-%d", global_contexts=["application"])
    native = mh.get_objectiv_dataframe(engine=shared, table_name="data")
    snowplow = mh.get_objectiv_dataframe(engine=shared, table_name="events")
    for model in ("unique_users", "unique_sessions", "session_duration"):
        expected = getattr(mh.agg, model)(native).sort_index().to_pandas()
        got = getattr(mh.agg, model)(snowplow).sort_index().to_pandas()
        pd.testing.assert_series_equal(got, expected)
    expected = mh.agg.frequency(native).sort_index().to_pandas()
    pd.testing.assert_series_equal(mh.agg.frequency(snowplow).sort_index().to_pandas(), expected)


def _rewrite(backend, source: str, target: str, change) -> None:
    """``target`` := ``change(frame over source)``, written by Bach."""
    df = bach.DataFrame.from_table(backend, source, index=[])
    change(df).database_create_table(target)


@never_postgres
def test_duplicates_removed_keeping_the_first_by_collector_tstamp(shared):
    backend = shared
    frame = shared_events()
    ids = [str(i) for i in frame.event_id]
    later, earlier = ids[:5], ids[5:8]
    hour = dt.timedelta(hours=1)

    def copies(df, chosen, shift, label):
        dup = df[df.event_id.isin(chosen)]
        dup["collector_tstamp"] = dup.collector_tstamp + shift
        dup["se_action"] = bach.SeriesString.from_value(dup, label, name="se_action")
        return dup

    def with_duplicates(df):
        # two later copies of five events (dropped), one earlier copy of three (kept: they win)
        return (
            df.append(copies(df, later, hour, "LaterCopy"))
            .append(copies(df, later, 2 * hour, "LaterCopy"))
            .append(copies(df, earlier, -hour, "EarlierCopy"))
        )

    _rewrite(backend, "events", "events_dup", with_duplicates)
    counts = bach.DataFrame.from_table(backend, "events_dup", index=[]).event_id.value_counts()
    assert sorted(counts.to_pandas().tolist()) == [1] * (len(frame) - 8) + [2] * 3 + [3] * 5

    mh = ModelHub()
    native = rows(mh.get_objectiv_dataframe(engine=backend, table_name="data"))
    got = rows(mh.get_objectiv_dataframe(engine=backend, table_name="events_dup"))
    assert sorted(got) == sorted(native)  # one row per event
    for event_id, row in got.items():
        expected = dict(native[event_id])
        if event_id in earlier:
            expected["event_type"] = "EarlierCopy"
        assert row == expected, event_id


@never_postgres
def test_user_id_falls_back_to_domain_sessionid(shared):
    backend = shared
    frame = shared_events()
    # the first 30 events lose their network_userid ('' or NULL), their domain_sessionid holds
    # the cookie id; the next 10 keep it and get another domain_sessionid (not used)
    ids = [str(i) for i in frame.event_id]
    blank, null, other = ids[:15], ids[15:30], ids[30:40]

    def change(df):
        cookie = df.network_userid
        df["domain_sessionid"] = cookie.where(df.event_id.isin(blank + null)).fillna(
            bach.SeriesString.from_value(df, str(uuid.UUID(int=7)), name="x").where(
                df.event_id.isin(other)
            )
        )
        empty = bach.SeriesString.from_value(df, "", name="network_userid")
        df["network_userid"] = cookie.where(~df.event_id.isin(blank), empty).where(
            ~df.event_id.isin(null)
        )
        return df

    _rewrite(backend, "events", "events_sessions", change)
    mh = ModelHub()
    native = mh.get_objectiv_dataframe(engine=backend, table_name="data")
    snowplow = mh.get_objectiv_dataframe(engine=backend, table_name="events_sessions")
    assert_same_frames(native, snowplow)


@never_postgres
def test_requested_context_without_column_is_empty(shared):
    mh = ModelHub(global_contexts=["application", "nonexistent"])
    native = mh.get_objectiv_dataframe(engine=shared, table_name="data")
    snowplow = mh.get_objectiv_dataframe(engine=shared, table_name="events")
    assert_same_frames(native, snowplow)
    assert {str(r["nonexistent"]) for r in rows(snowplow).values()} == {"[]"}


@never_postgres
def test_snowplow_column_types(shared):
    backend = shared
    assert dict(backend.table_columns("events_ms"))["true_tstamp"] == "int64"
    columns = dict(backend.table_columns("events"))
    assert is_snowplow_table(columns)
    assert columns[LOCATION_STACK_COLUMN] == [{"location_stack": "string"}]
    for name, fields in GLOBAL_CONTEXT_FIELDS.items():
        assert columns[f"contexts_io_objectiv_context_{name}_context_1_0_0"] == [fields]
    for column in ("event_id", "network_userid", "se_action", "se_category"):
        assert columns[column] == "string"
    assert columns["true_tstamp"] == columns["collector_tstamp"] == "timestamp"
    # Snowplow drops the underscore keys of the contexts: the struct has the schema's fields
    df = bach.DataFrame.from_table(backend, "events", index=[])
    first = df.contexts_io_objectiv_context_http_context_1_0_0.elements[0]
    assert first.instance_dtype == GLOBAL_CONTEXT_FIELDS["http"]


def test_contexts_as_json(backend):
    """The function node on every backend, over a list of dicts built in the query."""
    texts = [
        json.dumps(
            [{"id": "a", "referrer": None, "n": 1}, {"id": "b", "referrer": "r", "n": None}]
        ),
        json.dumps([]),
    ]
    df = bach.from_pandas(backend, pd.DataFrame({"c": texts}))
    df["c"] = df.c.astype("json").astype([{"id": "string", "referrer": "string", "n": "int64"}])
    types = ["AbstractContext", "AbstractGlobalContext", "HttpContext"]
    head = {"_type": "HttpContext", "_types": types}
    got = [plain(v) for v in contexts_as_json(df.c, "HttpContext").sort_index().to_pandas()]
    assert got == [[{**head, "id": "a", "n": 1}, {**head, "id": "b", "referrer": "r"}], []]


def test_timestamp_from_millis(backend):
    """The INT64 conversion on every backend, against pandas' ``to_datetime(unit='ms')``."""
    millis = [0, 1, -1, 1640995200123, 1651234567891, -86_400_001, 4102444799999]
    df = bach.from_pandas(backend, pd.DataFrame({"ms": millis}))
    got = timestamp_from_millis(df.ms)
    assert got.dtype == "timestamp"
    expected = pd.to_datetime(pd.Series(millis), unit="ms").tolist()
    assert [normalize(v) for v in got.sort_index().to_pandas()] == [normalize(v) for v in expected]
    assert MOMENT_CONVERSIONS["int64"] is timestamp_from_millis


def test_other_true_tstamp_types_are_refused():
    import duckdb

    con = duckdb.connect()
    write_snowplow_events(con, events(10, 1), table_name="events")
    con.execute(
        "CREATE TABLE events_text AS SELECT * REPLACE (CAST(true_tstamp AS VARCHAR) AS true_tstamp) FROM events"
    )
    with pytest.raises(DtypeError, match="true_tstamp") as info:
        ModelHub().get_objectiv_dataframe(engine=con, table_name="events_text")
    assert "'int64'" in str(info.value)
    with pytest.raises(ValueError, match="true_tstamp='float64'"):
        write_snowplow_events(con, events(10, 1), table_name="x", true_tstamp="float64")
    con.close()


def test_write_sample_data_in_both_formats():
    import duckdb

    con = duckdb.connect()
    assert write_sample_data(con, 120, seed=2, days=2) == 120
    assert write_sample_data(con, 120, seed=2, days=2, format="snowplow") == 120
    written = write_sample_data(
        con, 120, seed=2, days=2, format="snowplow_int64", table_name="events_ms"
    )
    assert written == 120
    tables = sorted(r[0] for r in con.sql("SELECT table_name FROM duckdb_tables()").fetchall())
    assert tables == ["data", "events", "events_ms"]
    types = con.sql(
        "SELECT table_name, data_type FROM duckdb_columns() WHERE column_name = 'true_tstamp'"
    ).fetchall()
    assert dict(types) == {"events": "TIMESTAMP", "events_ms": "BIGINT"}
    with pytest.raises(TableExistsError):
        write_sample_data(con, 10, format="snowplow")
    with pytest.raises(ValueError, match="format"):
        write_sample_data(con, 10, format="parquet")
    mh = ModelHub(global_contexts=CONTEXTS)
    native = mh.get_objectiv_dataframe(engine=con, table_name="data")
    assert_same_frames(native, mh.get_objectiv_dataframe(engine=con, table_name="events"))
    assert_same_frames(native, mh.get_objectiv_dataframe(engine=con, table_name="events_ms"))
    con.close()


def test_utc_timestamp_keeps_naive_timestamps(backend):
    moments = [dt.datetime(2022, 3, 1, 9, 0, 0, 123456), dt.datetime(1999, 12, 31, 23, 59, 59)]
    df = bach.from_pandas(backend, pd.DataFrame({"t": moments}))
    df["utc"] = apply_function(SnowplowUtcTimestamp, df.t)
    assert df.utc.dtype == "timestamp"
    assert [normalize(v) for v in df.utc.sort_index().to_pandas()] == moments


def test_timestamptz_columns_read_as_utc_on_duckdb():
    import duckdb

    con = duckdb.connect()
    write_snowplow_events(con, events(60, 9), table_name="events")
    con.execute("SET TimeZone = 'America/New_York'")
    # Snowplow's timestamps are TIMESTAMP WITH TIME ZONE: the same instants
    con.execute(
        "CREATE TABLE events_tz AS SELECT * REPLACE ("
        "CAST(true_tstamp || '+00' AS TIMESTAMPTZ) AS true_tstamp, "
        "CAST(collector_tstamp || '+00' AS TIMESTAMPTZ) AS collector_tstamp) FROM events"
    )
    write_events(con, events(60, 9), table_name="data")
    mh = ModelHub(global_contexts=["session"])
    assert_same_frames(
        mh.get_objectiv_dataframe(engine=con, table_name="data"),
        mh.get_objectiv_dataframe(engine=con, table_name="events_tz"),
    )
    con.close()


@pytest.mark.never(["duckdb", "postgres"], reason="a BigQuery TIMESTAMP column", raises=Exception)
def test_bigquery_timestamp_columns_read_as_utc(shared):
    backend = shared
    columns = [c for c, _ in backend.table_columns("events")]
    select = ", ".join(
        f"TIMESTAMP({c}) AS {c}" if c in ("true_tstamp", "collector_tstamp") else c for c in columns
    )
    table = backend.table_ref("events")
    backend.execute(f"CREATE TABLE {table.db}.events_ts AS SELECT {select} FROM {table.db}.events")
    assert dict(backend.table_columns("events_ts"))["true_tstamp"] == "timestamp"
    mh = ModelHub(global_contexts=["http"])
    assert_same_frames(
        mh.get_objectiv_dataframe(engine=backend, table_name="data"),
        mh.get_objectiv_dataframe(engine=backend, table_name="events_ts"),
    )
