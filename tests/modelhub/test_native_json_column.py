"""The collector's PostgreSQL table stores ``value`` as ``json`` (not ``jsonb``): the model hub
reads it all the same (Bach casts a json column to jsonb when it reads it).

Only PostgreSQL has two JSON types, so this runs on the postgres backend alone (the other
backends read their one JSON type in every model hub test).
"""

from __future__ import annotations

import pytest

from objectiv_modelhub import ModelHub
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.sample_data import generate_events


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_json_and_jsonb_value_columns_give_the_same_frame(backend):
    write_events(backend, generate_events(400, seed=7), table_name="data_jsonb")
    backend.execute(
        "CREATE TABLE data_json AS SELECT event_id, day, moment, cookie_id, "
        "CAST(value AS json) AS value FROM data_jsonb"
    )
    assert dict(backend.table_columns("data_json"))["value"] == "json"
    mh = ModelHub(time_aggregation="%Y-%m-%d", global_contexts=["application", "http"])
    frames = [
        mh.get_objectiv_dataframe(engine=backend, table_name=name).sort_index().to_pandas()
        for name in ("data_json", "data_jsonb")
    ]
    assert (
        "CAST(value AS JSONB)"
        in mh.get_objectiv_dataframe(engine=backend, table_name="data_json").view_sql()
    )
    assert len(frames[0]) == 400
    assert frames[0].astype(str).equals(frames[1].astype(str))
    users = [
        mh.agg.unique_users(mh.get_objectiv_dataframe(engine=backend, table_name=name))
        .to_pandas()
        .sort_index()
        for name in ("data_json", "data_jsonb")
    ]
    assert users[0].equals(users[1]) and users[0].sum() > 0
