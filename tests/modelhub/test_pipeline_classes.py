"""The original's pipeline classes and validation helpers, on every backend, against the pandas
reference (``reference.objectiv_dataframe``) on generated events."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pandas as pd
import pytest

from objectiv_bach.errors import BachError
from objectiv_modelhub import (
    IdentityResolutionPipeline,
    ModelHub,
    NativeObjectivExtractedContextsPipeline,
    SessionizedDataPipeline,
    get_extracted_context_pipeline,
)
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.sample_data import generate_events
from objectiv_modelhub.util import (
    ObjectivSupportedColumns,
    check_groupby,
    check_objectiv_dataframe,
    get_supported_dtypes_per_objectiv_column,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bach"))

import reference as ref  # noqa: E402
from test_pipelines import assert_same_by_index  # noqa: E402


@functools.cache
def events() -> pd.DataFrame:
    return generate_events(1200, seed=8, start="2022-01-01", days=20)


def test_pipeline_classes_chain_as_get_objectiv_dataframe(backend):
    """Extract (one week), resolve e-mail identities, sessionize with a 10-minute gap, then
    anonymize: the original's get_objectiv_data order, compared with the reference."""
    data = events()
    write_events(backend, data)
    pipeline = get_extracted_context_pipeline(backend, "data", ["application", "identity"])
    assert isinstance(pipeline, NativeObjectivExtractedContextsPipeline)
    df = pipeline(start_date="2022-01-05", end_date="2022-01-11")
    df = IdentityResolutionPipeline(identity_id="email")(extracted_contexts_df=df)
    df = SessionizedDataPipeline(session_gap_seconds=600)(extracted_contexts_df=df)
    df = IdentityResolutionPipeline.anonymize_user_ids_without_identity(df)
    df = df.drop(columns=["identity_user_id", "identity"])
    check_objectiv_dataframe(
        df,
        global_contexts_to_check=["application"],
        check_index=True,
        check_dtypes=True,
        with_md_dtypes=True,
        infer_identity_resolution=True,
    )
    expected = ref.objectiv_dataframe(
        data,
        ["application"],
        start_date="2022-01-05",
        end_date="2022-01-11",
        session_gap_seconds=600,
        identity_resolution="email",
    )
    assert sorted(df.data_columns) == sorted(expected.columns)
    result = df.to_pandas()
    assert 0 < len(result) < len(data)
    assert_same_by_index(result, expected[df.data_columns])


def test_native_pipeline_checks_the_table(backend):
    write_events(backend, events().iloc[:10], table_name="events_copy")
    with pytest.raises(BachError, match="nope"):
        NativeObjectivExtractedContextsPipeline(backend, "nope")


def test_check_objectiv_dataframe_and_groupby():
    import duckdb

    con = duckdb.connect()
    write_events(con, events().iloc[:50])
    df = ModelHub().get_objectiv_dataframe(engine=con)
    with pytest.raises(ValueError, match=r"\['session_hit_number'\]"):
        check_objectiv_dataframe(df.drop(columns=["session_hit_number"]))
    with pytest.raises(ValueError, match="index"):
        check_objectiv_dataframe(df.reset_index(), check_index=True)
    casted = df.copy()
    casted["session_id"] = casted.session_id.astype("string")
    with pytest.raises(TypeError, match="'session_id'.*'string'"):
        check_objectiv_dataframe(casted, check_dtypes=True, with_md_dtypes=True)
    with pytest.raises(TypeError, match="'location_stack'"):
        check_objectiv_dataframe(df, check_dtypes=True)  # without the model hub's dtypes
    with pytest.raises(KeyError, match="'user_id' is in groupby"):
        check_groupby(df, ["day", "user_id"], not_allowed_in_groupby="user_id")
    with pytest.raises(ValueError, match="ungrouped"):
        check_groupby(df.groupby("day"), "event_type")
    grouped = check_groupby(df, "day", not_allowed_in_groupby="user_id")
    counts = grouped.user_id.nunique().to_pandas()
    assert int(counts.sum()) == int(
        events().iloc[:50].groupby(events().iloc[:50].day).cookie_id.nunique().sum()
    )
    assert ObjectivSupportedColumns.get_all_columns() == [
        "event_id",
        "day",
        "moment",
        "user_id",
        "location_stack",
        "event_type",
        "stack_event_types",
        "session_id",
        "session_hit_number",
        "identity_user_id",
    ]
    dtypes = get_supported_dtypes_per_objectiv_column(with_identity_resolution=True)
    assert dtypes["user_id"] == ("uuid", "string") and dtypes["location_stack"] == ("json",)
    con.close()
