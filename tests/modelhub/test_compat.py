"""Compatibility with the original model hub (issue 10, section 2): the BigQuery credentials
and table default of ``get_objectiv_dataframe``, default conversion names from
``conversion_1``, the KeyError of a groupby on the aggregated column, and PostgreSQL
``time_aggregation`` patterns of old notebooks.

Values come from the pandas reference (``reference.py``) on generated events, or are worked
out by hand in the test.
"""

from __future__ import annotations

import base64
import functools
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from objectiv_bach.errors import BachError, InvalidArgumentError
from objectiv_modelhub import ModelHub
from objectiv_modelhub import modelhub as modelhub_module
from objectiv_modelhub.connect import bigquery_engine, parse_bq_credentials
from objectiv_modelhub.models.aggregate import GroupbyNotAllowedError
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.sample_data import generate_events
from objectiv_modelhub.time_formats import POSTGRES_PATTERNS, to_strftime

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference as ref  # noqa: E402
from test_models import assert_series  # noqa: E402

# ---------------------------------------------------------------------------------------------
# BigQuery credentials (offline: the engine is created, nothing connects)


@functools.cache
def service_account_key() -> dict:
    """A fake service-account key with a real (throwaway) RSA private key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return {
        "type": "service_account",
        "project_id": "key-project",
        "private_key_id": "0123456789abcdef",
        "private_key": pem,
        "client_email": "bach-test@key-project.iam.gserviceaccount.com",
        "client_id": "1234567890",
        "token_uri": "https://oauth2.googleapis.com/token",
    }


class _Captured(Exception):
    pass


@pytest.fixture
def captured(monkeypatch):
    """get_objectiv_dataframe's call of the pipeline: (engine, table_name), then it stops."""
    calls: list = []

    def fake_extract(engine, table_name, **kwargs):
        calls.append((engine, table_name))
        raise _Captured

    monkeypatch.setattr(modelhub_module, "extract_contexts", fake_extract)
    return calls


def test_bq_credentials_json_string_builds_the_engine(captured):
    info = service_account_key()
    with pytest.raises(_Captured):
        ModelHub().get_objectiv_dataframe(
            db_url="bigquery://my-project/my_dataset", bq_credentials=json.dumps(info)
        )
    ((engine, table_name),) = captured
    assert table_name == "events"
    assert (engine.url.drivername, engine.url.host, engine.url.database) == (
        "bigquery",
        "my-project",
        "my_dataset",
    )
    assert engine.dialect.credentials_info == info
    assert engine.dialect.credentials_path is None


def test_bq_credentials_base64_as_the_original_passed_it(captured):
    info = service_account_key()
    encoded = base64.b64encode(json.dumps(info).encode()).decode()
    assert parse_bq_credentials(encoded) == info
    with pytest.raises(_Captured):
        ModelHub().get_objectiv_dataframe(
            db_url="bigquery://p/ds", bq_credentials=encoded, table_name="my_events"
        )
    ((engine, table_name),) = captured
    assert table_name == "my_events"
    assert engine.dialect.credentials_info == info


@pytest.mark.filterwarnings("ignore:Cannot create BigQuery Storage client")
def test_bq_credentials_path_builds_the_engine(captured, tmp_path):
    path = tmp_path / "key.json"
    path.write_text(json.dumps(service_account_key()))
    with pytest.raises(_Captured):
        ModelHub().get_objectiv_dataframe(db_url="bigquery://p/ds", bq_credentials_path=str(path))
    ((engine, table_name),) = captured
    assert table_name == "events"
    assert engine.dialect.credentials_path == str(path)
    assert engine.dialect.credentials_info is None
    # the dialect's client carries the key's service account
    client = engine.raw_connection().driver_connection._client
    assert client.project == "p"
    assert client._credentials.service_account_email == service_account_key()["client_email"]


def test_bq_credentials_from_env_dsn(captured, monkeypatch):
    monkeypatch.setenv("DSN", "bigquery://env-project/env_dataset")
    with pytest.raises(_Captured):
        ModelHub().get_objectiv_dataframe(bq_credentials=json.dumps(service_account_key()))
    ((engine, _),) = captured
    assert (engine.url.host, engine.url.database) == ("env-project", "env_dataset")


def test_table_default_without_credentials(captured):
    with pytest.raises(_Captured):
        ModelHub().get_objectiv_dataframe(engine="duckdb:///:memory:")
    assert captured == [("duckdb:///:memory:", "data")]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"db_url": "postgresql://localhost/db", "bq_credentials_path": "key.json"},
            r"db_url='postgresql://localhost/db'.*bigquery://project/dataset",
        ),
        (
            {"db_url": "bigquery://only-project", "bq_credentials_path": "key.json"},
            r"db_url='bigquery://only-project'.*project and dataset",
        ),
        (
            {"db_url": "bigquery://p/ds", "bq_credentials": "not json"},
            r"bq_credentials='not json' is not the JSON text",
        ),
        (
            {"db_url": "bigquery://p/ds", "bq_credentials": '{"type": "service_account"}'},
            r"refused the credentials of bq_credentials.*client_email",
        ),
        (
            {"db_url": "bigquery://p/ds", "bq_credentials_path": "/nonexistent/key.json"},
            r"bq_credentials_path='/nonexistent/key.json'",
        ),
        (
            {"engine": "duckdb:///:memory:", "bq_credentials_path": "key.json"},
            r"either engine= or BigQuery credentials",
        ),
    ],
)
def test_bq_credentials_errors(captured, kwargs, match):
    with pytest.raises(InvalidArgumentError, match=match):
        ModelHub().get_objectiv_dataframe(**kwargs)
    assert captured == []


def test_bq_credentials_without_the_dialect_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlalchemy_bigquery", None)  # import fails
    with pytest.raises(InvalidArgumentError, match="'sqlalchemy-bigquery'.*pip install"):
        bigquery_engine("bigquery://p/ds", bq_credentials_path="key.json")


def test_table_default_reads_data(backend):
    """Without credentials the default table is the collector's ``data``."""
    events = generate_events(120, seed=3, start="2022-01-01", days=2, n_users=6)
    write_events(backend, events)
    df = ModelHub().get_objectiv_dataframe(engine=backend, with_sessionized_data=False)
    got = df.to_pandas()
    assert sorted(map(str, got.index)) == sorted(map(str, events.event_id))


# ---------------------------------------------------------------------------------------------
# default conversion names


def test_default_conversion_names_start_at_1():
    mh = ModelHub()
    assert mh.add_conversion_event(event_type="PressEvent") == "conversion_1"
    assert mh.add_conversion_event(event_type="SuccessEvent", name="success") == "success"
    assert mh.add_conversion_event(event_type="VisibleEvent") == "conversion_3"
    assert list(mh.conversion_events) == ["conversion_1", "success", "conversion_3"]
    assert mh.conversion_events["conversion_3"] == (None, "VisibleEvent")


# ---------------------------------------------------------------------------------------------
# groupby on the aggregated column: a KeyError (and a BachError), before any query


@functools.cache
def events(seed: int) -> pd.DataFrame:
    return generate_events(600, seed=seed, start="2022-01-01", days=10, n_users=15)


def _frame(backend, fmt: str = "%Y-%m-%d", seed: int = 7):
    data = events(seed)
    write_events(backend, data)
    mh = ModelHub(time_aggregation=fmt)
    return mh, mh.get_objectiv_dataframe(engine=backend), ref.objectiv_dataframe(data)


@pytest.mark.parametrize(
    ("model", "groupby", "column"),
    [
        ("unique_users", "user_id", "user_id"),
        ("unique_users", ["event_type", "user_id"], "user_id"),
        ("unique_sessions", "session_id", "session_id"),
        ("session_duration", ["session_id"], "session_id"),
    ],
)
def test_groupby_on_the_aggregated_column_is_a_key_error(backend, model, groupby, column):
    mh, df, _ = _frame(backend)
    with pytest.raises(KeyError) as info:
        getattr(mh.agg, model)(df, groupby=groupby)
    assert isinstance(info.value, BachError) and isinstance(info.value, GroupbyNotAllowedError)
    assert str(info.value).startswith(
        f"{column!r} is in groupby but is needed for aggregation: not allowed to group on that"
    )


def test_groupby_series_of_the_aggregated_column(backend):
    mh, df, _ = _frame(backend)
    with pytest.raises(GroupbyNotAllowedError, match="'user_id' is in groupby"):
        mh.agg.unique_users(df, groupby=df.user_id)


# ---------------------------------------------------------------------------------------------
# time_aggregation: PostgreSQL patterns are translated, anything else without % refused


@pytest.mark.parametrize(
    ("pattern", "strftime"),
    [
        ("YYYY-MM-DD", "%Y-%m-%d"),
        ("YYYY-MM", "%Y-%m"),
        ("YYYY", "%Y"),
        ('YYYY-"W"IW', "%Y-W%V"),
        ('IYYY-"W"IW', "%G-W%V"),
        ("YYYY-MM-DD HH24", "%Y-%m-%d %H"),
        ("YYYY-MM-DD HH24:MI:SS", "%Y-%m-%d %H:%M:%S"),
        ("YYYY-MM-DD HH24:MI:SS.US", "%Y-%m-%d %H:%M:%S.%f"),
        ("DD/MM/YY HH12", "%d/%m/%y %I"),
        ("YYYY-DDD", "%Y-%j"),
        ("%Y-%m-%d", "%Y-%m-%d"),  # strftime already: unchanged
        ("%Y-W%V", "%Y-W%V"),
    ],
)
def test_to_strftime(pattern, strftime):
    assert to_strftime(pattern) == strftime


def test_to_strftime_table_is_the_documented_one():
    import objectiv_modelhub.time_formats as tf

    for pattern, directive in POSTGRES_PATTERNS.items():
        assert f"``{pattern}``" in tf.__doc__ and f"``{directive}``" in tf.__doc__


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("YYYY-Q", r"time_aggregation='YYYY-Q'.*'Q' is not understood.*'%Y-%m-%d'.*YYYY=%Y"),
        ("day", r"time_aggregation='day'.*'day' is not understood"),
        ("yyyy-mm-dd", r"'yyyy-mm-dd' is not understood"),
        ('"constant"', r"time_aggregation='\"constant\"' has no date or time part"),
        ("", r"time_aggregation='' has no date or time part"),
    ],
)
def test_to_strftime_rejects(value, match):
    with pytest.raises(InvalidArgumentError, match=match):
        to_strftime(value)
    with pytest.raises(InvalidArgumentError, match=match):
        ModelHub(time_aggregation=value)


@pytest.mark.parametrize(
    ("pattern", "strftime"),
    [
        ("YYYY-MM-DD", "%Y-%m-%d"),
        ('YYYY-"W"IW', "%Y-W%V"),
        ("YYYY-MM-DD HH24", "%Y-%m-%d %H"),
    ],
)
def test_postgres_pattern_in_the_constructor(backend, pattern, strftime):
    mh, df, expected = _frame(backend, fmt=pattern)
    assert mh.time_aggregation == strftime
    want = ref.unique_users(expected, "time_agg", strftime)
    assert len(want) > 1  # not one constant bucket
    assert_series(mh.agg.unique_users(df), want, "unique_users", "int64")


def test_postgres_pattern_per_call(backend):
    mh, df, expected = _frame(backend)
    periods = mh.time_agg(df, "YYYY-MM").to_pandas()
    assert periods.to_dict() == expected.moment.dt.strftime("%Y-%m").to_dict()
    assert_series(
        mh.map.is_new_user(df, 'YYYY-"W"IW'),
        ref.is_new_user(expected, "%Y-W%V"),
        "is_new_user",
        "bool",
    )
    with pytest.raises(InvalidArgumentError, match="'YYYY-Q'"):
        mh.time_agg(df, "YYYY-Q")
