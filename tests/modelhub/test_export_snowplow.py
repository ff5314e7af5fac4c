"""``export-sql`` of the Snowplow table formats, without a database.

For every model and both Snowplow forms (``true_tstamp`` TIMESTAMP or INT64 milliseconds):

* the exported SQL equals the SQL the connected path renders on DuckDB for a table of that
  format (whose column types come from the database, not from the known schema);
* the exported SQL, run on DuckDB against a table of that format, gives the rows that the
  native export gives against the native table of the same events (an independent oracle:
  another pipeline over another table).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import duckdb
import pytest

from objectiv_modelhub import ModelHub
from objectiv_modelhub.cli import main
from objectiv_modelhub.export import (
    DEFAULT_CONVERSION,
    MODELS,
    NEEDED_CONTEXTS,
    TABLE_FORMATS,
    _conversion_hub,
    _models,
    model_sql,
)
from objectiv_modelhub.pipelines import extract_contexts, sessionize
from objectiv_modelhub.sample_data import write_sample_data

SNOWPLOW_FORMATS = ("snowplow", "snowplow_int64")
CONTEXTS = ["marketing", "http"]
OPTIONS = {"time_aggregation": "%Y-%m", "global_contexts": CONTEXTS, "session_gap_seconds": 900}


@pytest.fixture(scope="module")
def con():
    """The same generated events as ``data`` (native), ``events`` and ``events_ms``."""
    connection = duckdb.connect()
    common = {"seed": 12, "days": 40, "start": "2022-03-01"}
    write_sample_data(connection, 600, **common)
    write_sample_data(connection, 600, format="snowplow", **common)
    write_sample_data(connection, 600, format="snowplow_int64", table_name="events_ms", **common)
    yield connection
    connection.close()


TABLES = {"snowplow": "events", "snowplow_int64": "events_ms"}


def connected_sql(con, model: str, table: str) -> str:
    """The SQL the connected path renders (the table's columns read from DuckDB)."""
    mh = ModelHub(time_aggregation=OPTIONS["time_aggregation"], global_contexts=CONTEXTS)
    name = _conversion_hub(mh, DEFAULT_CONVERSION)
    contexts = CONTEXTS + [c for c in NEEDED_CONTEXTS.get(model, ()) if c not in CONTEXTS]
    data = extract_contexts(con, table, global_contexts=contexts)
    data = sessionize(data, OPTIONS["session_gap_seconds"])
    sql = _models(mh, name)[model](data).view_sql(dialect="duckdb")
    # the connected path names the table as DuckDB resolved it; the export as written
    return sql.replace(f'"memory"."main"."{table}"', table)


def plain(value):
    """A comparable cell: JSON text parsed, numbers as float, uuids as text."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return plain(json.loads(value))
        except ValueError:
            return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return round(float(value), 9)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.timedelta)):
        return value
    return value


def result_rows(con, sql: str) -> list:
    relation = con.sql(sql)
    rows = [[plain(v) for v in row] for row in relation.fetchall()]
    return [relation.columns, sorted(rows, key=repr)]


@pytest.mark.parametrize("table_format", SNOWPLOW_FORMATS)
def test_export_equals_the_connected_sql_and_gives_the_native_results(con, table_format):
    table = TABLES[table_format]
    native_results = {}
    for model in MODELS:
        exported = model_sql(
            model, "duckdb", table_name=table, table_format=table_format, **OPTIONS
        )
        assert exported == connected_sql(con, model, table), model
        if model not in native_results:
            native_results[model] = result_rows(
                con, model_sql(model, "duckdb", table_name="data", **OPTIONS)
            )
        got = result_rows(con, exported)
        assert got[0] == native_results[model][0], model
        assert len(got[1]) > 0, model
        assert got[1] == native_results[model][1], model


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "bigquery"])
@pytest.mark.parametrize("table_format", SNOWPLOW_FORMATS)
def test_cli_exports_every_model_for_the_snowplow_formats(tmp_path, capsys, dialect, table_format):
    argv = ["export-sql", "all", "--dialect", dialect, "--table-format", table_format]
    assert main([*argv, "--table", "p.d.events", "--out", str(tmp_path)]) == 0
    for model in MODELS:
        text = (tmp_path / f"{model}.sql").read_text(encoding="utf-8")
        assert f"-- source table: p.d.events ({TABLE_FORMATS[table_format]})" in text
        expected = model_sql(model, dialect, table_name="p.d.events", table_format=table_format)
        assert text.endswith(expected + "\n"), model
        # read as Snowplow's table: deduplicated by event_id, first by collector_tstamp
        assert "collector_tstamp" in expected and "event_id" in expected, model


def test_unknown_table_format_is_refused(capsys):
    with pytest.raises(ValueError, match="table_format='parquet'"):
        model_sql("unique_users", "duckdb", table_format="parquet")
    with pytest.raises(SystemExit) as info:
        main(["export-sql", "unique_users", "--dialect", "duckdb", "--table-format", "parquet"])
    assert info.value.code == 2
    assert "snowplow_int64" in capsys.readouterr().err
