"""The session models on the per-user session key (the sessionized frame's hidden
``user_session``) against the pandas reference and against the ``session_id`` path.

The key path is taken while ``user_id`` and ``session_id`` are unchanged, also on filtered
frames (where a session's first event may be gone); any change of either falls back to
``session_id``. Both must give the pandas reference's numbers.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pandas as pd
import pytest

from objectiv_modelhub import ModelHub
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.pipelines.sessionized_data import SESSION_START, USER_SESSION
from objectiv_modelhub.sample_data import generate_events

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference as ref  # noqa: E402
from test_models import _expected_agg, assert_series  # noqa: E402

FMT = "%Y-%m-%d"

#: filters applied to the Bach frame and to the pandas reference frame alike
FILTERS = {
    "none": None,  # the frame as the pipeline made it: frequency counts session starts
    "all": lambda d: d.moment.notnull(),
    # most sessions lose their first event: counting session starts would be wrong here
    "press_events": lambda d: d.event_type == "PressEvent",
    "later_half": lambda d: d.moment >= pd.Timestamp("2022-01-05"),
}
GROUPBYS = {"none": None, "time_agg": "time_agg", "event_type": "event_type", "user": "user_id"}


@functools.cache
def events(null_users: bool) -> pd.DataFrame:
    data = generate_events(1500, seed=11, start="2022-01-01", days=8, n_users=25)
    if null_users:
        # events without a user: no session_id (the per-user key must be NULL there too)
        data = data.copy()
        data.loc[data.index % 7 == 3, "cookie_id"] = None
    return data


@pytest.fixture(scope="module")
def loaded(module_backend):
    write_events(module_backend, events(False), table_name="data_users")
    return module_backend


def _frames(backend, filter_name):
    mh = ModelHub(time_aggregation=FMT)
    df = mh.get_objectiv_dataframe(engine=backend, table_name="data_users")
    expected = ref.objectiv_dataframe(events(False))
    keep = FILTERS[filter_name]
    if keep is not None:
        df = df[keep(df)]
        expected = expected[keep(expected)]
    fallback = df.copy()
    fallback["session_id"] = fallback.session_id + 0  # same values, no longer the pipeline's
    return mh, df, fallback, expected


def _comparable(series: pd.Series) -> pd.Series:
    """Durations as float seconds: an average of intervals may differ by a microsecond's
    rounding between two SQL forms of the same groups."""
    if pd.api.types.is_timedelta64_dtype(series.dtype):
        return series.dt.total_seconds()
    return series


def _groupby(mh, df, name):
    groupby = GROUPBYS[name]
    return mh.time_agg(df) if groupby == "time_agg" else groupby


@pytest.mark.parametrize("filter_name", sorted(FILTERS))
@pytest.mark.parametrize("groupby", sorted(GROUPBYS))
def test_unique_sessions_and_duration(loaded, filter_name, groupby):
    mh, df, fallback, expected = _frames(loaded, filter_name)
    unfiltered = [SESSION_START] if filter_name == "none" else []
    assert df.hidden_columns == [USER_SESSION, *unfiltered] and fallback.hidden_columns == []
    ref_groupby = "time_agg" if GROUPBYS[groupby] == "time_agg" else GROUPBYS[groupby]
    want_sessions = ref.unique_sessions(expected, ref_groupby, FMT)
    want_duration = ref.session_duration(expected, ref_groupby, FMT, True, "mean")
    for frame in (df, fallback):
        sessions = mh.agg.unique_sessions(frame, groupby=_groupby(mh, frame, groupby))
        duration = mh.agg.session_duration(frame, groupby=_groupby(mh, frame, groupby))
        # the key path needs neither the global numbering nor its join
        assert ("JOIN" in sessions.view_sql()) is (frame is fallback)
        assert ("JOIN" in duration.view_sql()) is (frame is fallback)
        assert sessions.dtype == "int64"
        assert_series(*_expected_agg(sessions, want_sessions), "unique_sessions")
        assert_series(*_expected_agg(duration, want_duration), "session_duration")


@pytest.mark.parametrize("filter_name", sorted(FILTERS))
def test_frequency(loaded, filter_name):
    mh, df, fallback, expected = _frames(loaded, filter_name)
    want = ref.frequency(expected)
    # unfiltered: the number of session starts per user; filtered (a session's first event
    # may be gone): distinct per-user session numbers; else distinct session_id
    assert (SESSION_START in df.hidden_columns) is (filter_name == "none")
    for frame in (df, fallback):
        result = mh.agg.frequency(frame)
        sql = result.view_sql()
        assert ("JOIN" in sql) is (frame is fallback)
        # the second step is always COUNT(DISTINCT user_id); the start count needs no other
        starts = frame is df and filter_name == "none"
        assert sql.count("COUNT(DISTINCT") == (1 if starts else 2)
        assert_series(result, want, "user_id_nunique", "int64")


def test_events_without_user(module_backend):
    # NULL user_id: SQL groups those events in one partition; the join gives them no
    # session_id, and the key is NULL for them too
    write_events(module_backend, events(True), table_name="data_null_users")
    mh = ModelHub(time_aggregation=FMT)
    df = mh.get_objectiv_dataframe(engine=module_backend, table_name="data_null_users")
    assert df.hidden_columns == [USER_SESSION, SESSION_START]
    assert int(df.session_id.isnull().sum().value) == int(df.user_id.isnull().sum().value) > 0
    fallback = df.copy()
    fallback["session_id"] = fallback.session_id + 0
    filtered = df[df.moment.notnull()]
    assert filtered.hidden_columns == [USER_SESSION]
    for model, kwargs in [
        (mh.agg.unique_sessions, {"groupby": None}),
        (mh.agg.unique_sessions, {"groupby": "event_type"}),
        (mh.agg.session_duration, {"groupby": "event_type", "exclude_bounces": False}),
        (mh.agg.frequency, {}),
    ]:
        session_id_path = model(fallback, **kwargs).to_pandas().sort_index()
        for frame in (df, filtered):
            key_path = _comparable(model(frame, **kwargs).to_pandas().sort_index())
            pd.testing.assert_series_equal(
                key_path, _comparable(session_id_path), check_exact=False, atol=1e-5
            )


@pytest.mark.parametrize(
    "change",
    ["user_id", "session_id", "merge", "identity_resolution"],
)
def test_key_dropped_when_its_columns_change(loaded, change):
    mh = ModelHub(time_aggregation=FMT)
    df = mh.get_objectiv_dataframe(engine=loaded, table_name="data_users")
    if change == "user_id":
        df["user_id"] = df.user_id.astype("string")
    elif change == "session_id":
        df = df.rename(columns={"session_id": "sid", "session_hit_number": "session_id"})
    elif change == "merge":
        df = df.merge(df[["event_type"]].drop_duplicates(), on="event_type")
    elif change == "identity_resolution":
        # the pipeline replaces user_id after sessionization (anonymous users get NULL)
        df = mh.get_objectiv_dataframe(
            engine=loaded, table_name="data_users", identity_resolution="email"
        )
    assert df.hidden_columns == []


def test_user_id_in_the_index(loaded):
    # user_id as an index level: the models fall back to session_id, and say the same
    mh = ModelHub(time_aggregation=FMT)
    df = mh.get_objectiv_dataframe(engine=loaded, table_name="data_users")
    moved = df.reset_index().set_index("user_id")
    assert moved.hidden_columns == [USER_SESSION, SESSION_START]
    for model in (mh.agg.unique_sessions, mh.agg.session_duration, mh.agg.frequency):
        got = _comparable(model(moved).to_pandas().sort_index())
        want = _comparable(model(df).to_pandas().sort_index())
        pd.testing.assert_series_equal(got, want, check_exact=False, atol=1e-5)
