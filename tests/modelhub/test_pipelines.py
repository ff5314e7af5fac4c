"""The pipelines of ``ModelHub.get_objectiv_dataframe`` on every backend.

Expected values come from ``tests/modelhub/reference.py`` (an independent pandas implementation
of the reference semantics) over generated events, or were worked out by hand
(``tests/modelhub/fixtures.py``). Never from Bach's own output.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import sys
from pathlib import Path

import pandas as pd
import pytest

from objectiv_bach.errors import BachError
from objectiv_modelhub import ModelHub
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.sample_data import generate_events

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bach"))

import fixtures as fx  # noqa: E402
import reference as ref  # noqa: E402
from helpers import assert_frame_matches, normalize  # noqa: E402

CONTEXTS = ["application", "marketing", "identity", "http", "cookie_id", "path", "session"]


@functools.cache
def events(n: int, seed: int) -> pd.DataFrame:
    return generate_events(n, seed=seed)


def load(backend, frame: pd.DataFrame, table_name: str = "data") -> None:
    write_events(backend, frame, table_name=table_name)


def expected_dtypes(global_contexts, *, identity=False, sessions=True) -> dict[str, str]:
    dtypes = {
        "day": "date",
        "moment": "timestamp",
        "user_id": "string" if identity else "uuid",
        "location_stack": "objectiv_location_stack",
        "event_type": "string",
        "stack_event_types": "json",
    }
    dtypes.update({gc: "objectiv_global_context" for gc in global_contexts})
    if sessions:
        dtypes.update({"session_id": "int64", "session_hit_number": "int64"})
    return dtypes


def assert_matches_reference(df, expected: pd.DataFrame) -> pd.DataFrame:
    """Same columns, same dtypes, same rows (by event_id); a short report of differences."""
    assert list(df.index) == ["event_id"]
    assert df.index["event_id"].dtype == "uuid"
    assert sorted(df.data_columns) == sorted(expected.columns)
    result = df.to_pandas()
    assert_same_by_index(result, expected[df.data_columns])
    return assert_frame_matches(result, expected[df.data_columns], with_index=True)


def assert_same_by_index(result: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Compare cell by cell, aligned on the index, and list at most 5 differences a column."""
    assert sorted(map(str, result.index)) == sorted(map(str, expected.index)), "row sets differ"
    problems = []
    for column in expected.columns:
        bad = [
            (i, normalize(result.at[i, column]), normalize(expected.at[i, column]))
            for i in expected.index
            if normalize(result.at[i, column]) != normalize(expected.at[i, column])
        ]
        if bad:
            problems.append(
                f"{column}: {len(bad)} of {len(expected)} differ, e.g. "
                + "; ".join(f"{i}: {a!r} != expected {e!r}" for i, a, e in bad[:5])
            )
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# extraction, filters


@pytest.mark.parametrize("seed", [1, 2])
def test_extracted_columns_and_dtypes(backend, seed):
    data = events(1500, seed)
    load(backend, data)
    mh = ModelHub(global_contexts=CONTEXTS)
    df = mh.get_objectiv_dataframe(engine=backend, with_sessionized_data=False)
    assert df.dtypes == expected_dtypes(CONTEXTS, sessions=False)
    assert list(df.data_columns) == [
        "day",
        "moment",
        "user_id",
        "location_stack",
        "event_type",
        "stack_event_types",
        *CONTEXTS,
    ]
    result = assert_matches_reference(df, ref.extract(data, CONTEXTS))
    assert len(result) == 1500


def test_context_type_absent_is_empty_array(backend):
    data = events(300, 3)
    load(backend, data)
    df = ModelHub(global_contexts=["locale"]).get_objectiv_dataframe(engine=backend)
    assert df.dtypes["locale"] == "objectiv_global_context"
    assert all(v == [] for v in df.locale.to_pandas())


@pytest.mark.parametrize(
    ("start_date", "end_date"),
    [
        ("2022-01-10", None),
        (None, "2022-01-10"),
        ("2022-01-12", "2022-01-12"),  # inclusive on both ends: exactly one day
        (dt.date(2022, 1, 5), dt.date(2022, 1, 20)),
        ("2022-01-20", "2022-01-05"),  # empty
    ],
)
def test_date_filters(backend, start_date, end_date):
    data = events(1500, 1)
    load(backend, data)
    df = ModelHub(global_contexts=["application"]).get_objectiv_dataframe(
        engine=backend, start_date=start_date, end_date=end_date
    )
    expected = ref.objectiv_dataframe(
        data, ["application"], start_date=start_date, end_date=end_date
    )
    if start_date == "2022-01-12":
        assert len(expected) > 0 and set(expected.day) == {dt.date(2022, 1, 12)}
    assert_matches_reference(df, expected)


# ---------------------------------------------------------------------------------------------
# sessionization


@pytest.mark.parametrize(
    ("seed", "gap"), [(1, 1800), (2, 1800), (3, 600), (4, 0), (1, 1799.5), (2, 1e12)]
)
def test_sessionization_vs_reference(backend, seed, gap):
    data = events(2500, seed)
    load(backend, data)
    df = ModelHub(global_contexts=[]).get_objectiv_dataframe(
        engine=backend, session_gap_seconds=gap
    )
    assert df.dtypes == expected_dtypes([])
    expected = ref.objectiv_dataframe(data, session_gap_seconds=gap)
    result = assert_matches_reference(df, expected)
    assert sorted(set(result.session_id)) == list(range(1, result.session_id.nunique() + 1))


@pytest.mark.parametrize(
    ("gap", "expected"), [(1800, fx.GAP_EXPECTED), (1801, fx.GAP_1801_EXPECTED)]
)
def test_session_gap_boundary_by_hand(backend, gap, expected):
    load(backend, fx.frame(fx.GAP_EVENTS))
    df = ModelHub().get_objectiv_dataframe(engine=backend, session_gap_seconds=gap)
    got = df[["session_id", "session_hit_number"]].to_pandas()
    actual = {eid: (int(r.session_id), int(r.session_hit_number)) for eid, r in got.iterrows()}
    assert actual == {fx.eid(n): v for n, v in expected.items()}


def test_ties_on_moment_broken_by_event_id(backend):
    load(backend, fx.frame(fx.TIE_EVENTS))
    df = ModelHub().get_objectiv_dataframe(engine=backend)
    got = df[["session_id", "session_hit_number"]].to_pandas()
    actual = {eid: (int(r.session_id), int(r.session_hit_number)) for eid, r in got.iterrows()}
    assert actual == {fx.eid(n): v for n, v in fx.TIE_EXPECTED.items()}


def test_without_sessionized_data(backend):
    load(backend, fx.frame(fx.TIE_EVENTS))
    df = ModelHub().get_objectiv_dataframe(engine=backend, with_sessionized_data=False)
    assert "session_id" not in df.data_columns and "session_hit_number" not in df.data_columns


# ---------------------------------------------------------------------------------------------
# identity resolution


@pytest.mark.parametrize(
    ("seed", "mode", "anonymize", "contexts"),
    [
        (1, "email", True, ["application"]),
        (2, "email", False, ["application", "identity"]),
        (3, "", True, []),
    ],
)
def test_identity_resolution_vs_reference(backend, seed, mode, anonymize, contexts):
    data = events(2000, seed)
    load(backend, data)
    df = ModelHub(global_contexts=contexts).get_objectiv_dataframe(
        engine=backend, identity_resolution=mode, anonymize_unidentified_users=anonymize
    )
    assert df.dtypes == expected_dtypes(contexts, identity=True)
    expected = ref.objectiv_dataframe(
        data, contexts, identity_resolution=mode, anonymize_unidentified_users=anonymize
    )
    # the generator does produce identified, anonymous and shared (two-cookie) identities
    identified = expected.user_id.dropna()
    assert identified.str.endswith("|email").any()
    assert (
        expected.user_id.isnull().any()
        if anonymize
        else (~expected.user_id.str.contains("|", regex=False)).any()
    )
    assert_matches_reference(df, expected)


@pytest.mark.parametrize(
    ("mode", "expected"), [("email", fx.IDENTITY_EMAIL_EXPECTED), ("", fx.IDENTITY_ANY_EXPECTED)]
)
def test_identity_resolution_by_hand(backend, mode, expected):
    load(backend, fx.frame(fx.IDENTITY_EVENTS))
    df = ModelHub().get_objectiv_dataframe(engine=backend, identity_resolution=mode)
    assert "identity" not in df.data_columns
    got = df.user_id.to_pandas()
    actual = {eid: (None if not isinstance(v, str) else v) for eid, v in got.items()}
    assert actual == {fx.eid(n): v for n, v in expected.items()}


def test_identity_resolution_keeps_cookie_when_not_anonymized(backend):
    load(backend, fx.frame(fx.IDENTITY_EVENTS))
    df = ModelHub().get_objectiv_dataframe(
        engine=backend, identity_resolution="email", anonymize_unidentified_users=False
    )
    got = df.user_id.to_pandas()
    assert got[fx.eid(31)] == str(fx.cid(11)) and got[fx.eid(81)] == str(fx.cid(16))
    assert got[fx.eid(53)] == "robert@example.com|email"


def test_identity_merges_devices_into_one_session(backend):
    """Cookies 12 and 15 are one person (jane): her four events are one session, ordered by
    moment across both devices; unidentified users are sessionized before anonymizing, so two
    anonymous cookies do not merge into one session."""
    load(backend, fx.frame(fx.IDENTITY_EVENTS))
    df = ModelHub().get_objectiv_dataframe(engine=backend, identity_resolution="email")
    got = df[["user_id", "session_id", "session_hit_number"]].to_pandas()
    jane = got[got.user_id == "jane@example.com|email"].sort_values("session_hit_number")
    assert jane.session_id.nunique() == 1
    assert list(jane.index) == [fx.eid(41), fx.eid(42), fx.eid(71), fx.eid(43)]
    assert list(jane.session_hit_number) == [1, 2, 3, 4]
    anonymous = got[got.user_id.isnull()]
    assert anonymous.session_id.nunique() == 2  # cookie 11 and cookie 16


# ---------------------------------------------------------------------------------------------
# bad input


def test_table_without_native_columns(backend):
    from objectiv_bach.backends import get_backend

    frame = fx.frame(fx.TIE_EVENTS).rename(columns={"cookie_id": "user"}).drop(columns="day")
    get_backend(backend).create_table(
        "events_x",
        frame,
        {"event_id": "uuid", "moment": "timestamp", "user": "uuid", "value": "json"},
    )
    with pytest.raises(BachError) as info:
        ModelHub().get_objectiv_dataframe(engine=backend, table_name="events_x")
    message = str(info.value)
    assert "events_x" in message and "day" in message and "cookie_id" in message


def test_table_with_wrong_types(backend):
    from objectiv_bach.backends import get_backend

    frame = fx.frame(fx.TIE_EVENTS)
    frame["day"] = frame.day.astype(str)
    get_backend(backend).create_table(
        "events_y",
        frame,
        {
            "event_id": "uuid",
            "day": "string",
            "moment": "timestamp",
            "cookie_id": "uuid",
            "value": "string",
        },
    )
    with pytest.raises(BachError) as info:
        ModelHub().get_objectiv_dataframe(engine=backend, table_name="events_y")
    message = str(info.value)
    assert "events_y" in message and "'day'" in message and "'value'" in message
    assert "'moment'" not in message.split("needs")[0]


def test_missing_table(backend):
    with pytest.raises(BachError, match="no_such_table"):
        ModelHub().get_objectiv_dataframe(engine=backend, table_name="no_such_table")


@pytest.mark.parametrize("gap", [-1, "1800", None, math.nan, True])
def test_bad_session_gap_seconds(gap):
    from objectiv_bach.backends.duckdb import DuckDBBackend

    backend = DuckDBBackend()
    load(backend, fx.frame(fx.TIE_EVENTS))
    with pytest.raises(BachError, match="session_gap_seconds"):
        ModelHub().get_objectiv_dataframe(engine=backend, session_gap_seconds=gap)


@pytest.mark.parametrize("kwargs", [{"start_date": "yesterday"}, {"end_date": "2022-13-01"}])
def test_bad_dates(kwargs):
    from objectiv_bach.backends.duckdb import DuckDBBackend

    backend = DuckDBBackend()
    load(backend, fx.frame(fx.TIE_EVENTS))
    name = next(iter(kwargs))
    with pytest.raises(BachError, match=name):
        ModelHub().get_objectiv_dataframe(engine=backend, **kwargs)
