"""Every Map and Aggregate model on every backend, against the pandas reference (generated
events) and against values worked out by hand (``fixtures.CONVERSION_EVENTS``)."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import pandas as pd
import pytest

from objectiv_bach.errors import BachError
from objectiv_modelhub import ModelHub
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.sample_data import CONVERSION_EVENT, generate_events

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bach"))

import fixtures as fx  # noqa: E402
import reference as ref  # noqa: E402
from helpers import normalize  # noqa: E402

SIGN_UP = {"_type": "LinkContext", "id": "sign-up"}
FMT = "%Y-%m-%d"

#: (seed, identity_resolution): plain cookies, and e-mail identities with anonymous users
#: (user_id NULL: one partition / one group in SQL)
CONFIGS = {"cookies": (5, None), "email": (6, "email")}


@functools.cache
def events(seed: int) -> pd.DataFrame:
    return generate_events(2500, seed=seed)


@pytest.fixture(scope="module")
def generated(module_backend):
    """The events of every config written once per backend (``data_<config>``); read only."""
    for config, (seed, _) in CONFIGS.items():
        write_events(module_backend, events(seed), table_name=f"data_{config}")
    return module_backend


def setup(backend, config: str, conversions: bool = True):
    seed, identity = CONFIGS[config]
    data = events(seed)
    mh = ModelHub(time_aggregation=FMT, global_contexts=["application"])
    df = mh.get_objectiv_dataframe(
        engine=backend, table_name=f"data_{config}", identity_resolution=identity
    )
    expected = ref.objectiv_dataframe(data, ["application"], identity_resolution=identity)
    if conversions:
        mh.add_conversion_event(
            location_stack=lambda d: d.location_stack.ls.slice_from(SIGN_UP),
            event_type="PressEvent",
            name="sign_up",
        )
        mh.add_conversion_event(event_type="SuccessEvent", name="success")
        mh.add_conversion_event(
            location_stack=lambda d: d.location_stack.ls.slice_from({"id": "sign-up"}),
            name="sign_up_stack",
        )
    return mh, df, expected


REF_CONVERSIONS = {
    "sign_up": ("PressEvent", SIGN_UP),
    "success": ("SuccessEvent", None),
    "sign_up_stack": (None, {"id": "sign-up"}),
}


def by_index(series) -> dict:
    # exact values: an int Series with NULLs is float64 in the default to_pandas()
    result = (
        series.to_pandas(dtype_backend="numpy_nullable") if hasattr(series, "to_pandas") else series
    )
    return {
        normalize(k) if not isinstance(k, tuple) else tuple(map(normalize, k)): normalize(v)
        for k, v in result.items()
    }


def assert_series(actual, expected: pd.Series, name: str, dtype: str | None = None) -> None:
    assert actual.name == name
    if dtype is not None:
        assert actual.dtype == dtype
    got, want = by_index(actual), by_index(expected)
    assert set(got) == set(want), f"index differs: {sorted(set(got) ^ set(want), key=str)[:5]}"
    bad = [(k, got[k], want[k]) for k in want if not _same(got[k], want[k])]
    assert not bad, f"{len(bad)} of {len(want)} differ, e.g. {bad[:5]}"


def _same(a, b) -> bool:
    if isinstance(a, dt.timedelta) and isinstance(b, dt.timedelta):
        return abs((a - b).total_seconds()) < 1e-5
    return a == b and type(a) is type(b)


# ---------------------------------------------------------------------------------------------
# map, against the reference


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_is_first_session(generated, config):
    mh, df, expected = setup(generated, config, conversions=False)
    assert_series(
        mh.map.is_first_session(df), ref.is_first_session(expected), "is_first_session", "bool"
    )


@pytest.mark.parametrize(
    ("config", "fmt"), [("cookies", None), ("email", None), ("cookies", "%G-%V")]
)
def test_is_new_user(generated, config, fmt):
    mh, df, expected = setup(generated, config, conversions=False)
    actual = mh.map.is_new_user(df) if fmt is None else mh.map.is_new_user(df, fmt)
    assert_series(actual, ref.is_new_user(expected, fmt or FMT), "is_new_user", "bool")


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_is_conversion_event(generated, config):
    mh, df, expected = setup(generated, config)
    for name, (event_type, match) in REF_CONVERSIONS.items():
        want = ref.is_conversion_event(expected, event_type, match)
        assert want.any(), name
        assert_series(mh.map.is_conversion_event(df, name), want, "is_conversion_event", "bool")


@pytest.mark.parametrize(
    ("config", "partition"),
    [("cookies", "session_id"), ("email", "session_id"), ("email", "user_id")],
)
def test_conversions_in_time_and_counter(generated, config, partition):
    mh, df, expected = setup(generated, config)
    flag = ref.is_conversion_event(expected, "PressEvent", SIGN_UP)
    assert_series(
        mh.map.conversions_in_time(df, "sign_up", partition=partition),
        ref.conversions_in_time(expected, flag, partition),
        "conversions_in_time",
        "int64",
    )
    assert_series(
        mh.map.conversions_counter(df, "sign_up", partition=partition),
        ref.conversions_counter(expected, flag, partition),
        "converted",
        "int64",
    )


@pytest.mark.parametrize(
    ("config", "name"), [("cookies", "sign_up"), ("email", "sign_up"), ("cookies", "success")]
)
def test_pre_conversion_hit_number(generated, config, name):
    mh, df, expected = setup(generated, config)
    flag = ref.is_conversion_event(expected, *REF_CONVERSIONS[name])
    want = ref.pre_conversion_hit_number(expected, flag)
    assert want.notnull().any()
    assert_series(
        mh.map.pre_conversion_hit_number(df, name), want, "pre_conversion_hit_number", "int64"
    )


def test_conversion_event_matches_generator(generated):
    """The generator's documented conversion is found: one per converting user."""
    mh, df, expected = setup(generated, "cookies")
    flags = mh.map.is_conversion_event(df, "sign_up").to_pandas()
    users = expected.user_id[flags[flags].index]
    assert users.is_unique and len(users) > 0
    assert all(
        ref.stack_matches(s, CONVERSION_EVENT["location_stack"][0])
        for s in expected.location_stack[flags[flags].index]
    )


# ---------------------------------------------------------------------------------------------
# aggregate, against the reference

GROUPBYS = {
    "default": "time_agg",  # mh.time_agg(df): the '%Y-%m-%d' day of moment
    "none": None,
    "event_type": "event_type",
    "list": ["event_type", "day"],
}


def _call(model, df, groupby_key, **kwargs):
    groupby = GROUPBYS[groupby_key]
    if groupby == "time_agg":
        return model(df, **kwargs)
    return model(df, groupby=groupby, **kwargs)


def _expected_agg(result, expected: pd.Series):
    """A one-number result (groupby=None) compares by value, not by index."""
    if expected.index.equals(pd.RangeIndex(1)):
        values = result.to_pandas()
        assert len(values) == 1
        return pd.Series([values.iloc[0]], name=result.name), expected
    return result, expected


@pytest.mark.parametrize("config", sorted(CONFIGS))
@pytest.mark.parametrize("groupby", sorted(GROUPBYS))
def test_unique_users_and_sessions(generated, config, groupby):
    mh, df, expected = setup(generated, config, conversions=False)
    users = _call(mh.agg.unique_users, df, groupby)
    sessions = _call(mh.agg.unique_sessions, df, groupby)
    assert users.name == "unique_users" and sessions.name == "unique_sessions"
    assert users.dtype == "int64" and sessions.dtype == "int64"
    for result, want in [
        (users, ref.unique_users(expected, GROUPBYS[groupby], FMT)),
        (sessions, ref.unique_sessions(expected, GROUPBYS[groupby], FMT)),
    ]:
        actual, want = _expected_agg(result, want)
        assert_series(actual, want, want.name)


@pytest.mark.parametrize(
    ("config", "groupby", "exclude_bounces", "method"),
    [
        ("cookies", "default", True, "mean"),
        ("cookies", "none", False, "sum"),
        ("cookies", "event_type", True, "sum"),
        ("email", "default", False, "mean"),
        ("email", "none", True, "mean"),
    ],
)
def test_session_duration(generated, config, groupby, exclude_bounces, method):
    mh, df, expected = setup(generated, config, conversions=False)
    result = _call(
        mh.agg.session_duration, df, groupby, exclude_bounces=exclude_bounces, method=method
    )
    assert result.name == "session_duration" and result.dtype == "timedelta"
    want = ref.session_duration(expected, GROUPBYS[groupby], FMT, exclude_bounces, method)
    actual, want = _expected_agg(result, want)
    assert_series(actual, want, "session_duration")


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_frequency(generated, config):
    mh, df, expected = setup(generated, config, conversions=False)
    result = mh.agg.frequency(df)
    assert list(result.index) == ["session_id_nunique"]
    assert_series(result, ref.frequency(expected), "user_id_nunique", "int64")


# ---------------------------------------------------------------------------------------------
# by hand


def _hand(backend):
    write_events(backend, fx.frame(fx.CONVERSION_EVENTS))
    mh = ModelHub(time_aggregation=FMT)
    mh.add_conversion_event(
        location_stack=lambda d: d.location_stack.ls.slice_from(SIGN_UP),
        event_type="PressEvent",
        name="sign_up",
    )
    return mh, mh.get_objectiv_dataframe(engine=backend)


def test_conversion_models_by_hand(backend):
    mh, df = _hand(backend)
    models = [
        mh.map.is_conversion_event(df, "sign_up"),
        mh.map.conversions_in_time(df, "sign_up"),
        mh.map.conversions_counter(df, "sign_up"),
        mh.map.pre_conversion_hit_number(df, "sign_up"),
    ]
    got = [by_index(m) for m in models]
    actual = {k: tuple(g[k] for g in got) for k in got[0]}
    assert actual == {fx.eid(n): v for n, v in fx.CONVERSION_EXPECTED.items()}


def test_session_models_by_hand(backend):
    mh, df = _hand(backend)
    first = by_index(mh.map.is_first_session(df))
    assert first == {fx.eid(n): n != 12 for n in fx.CONVERSION_EXPECTED}
    assert all(by_index(mh.map.is_new_user(df)).values())  # one day: all sessions are new
    hourly = by_index(mh.map.is_new_user(df, "%Y-%m-%d %H"))
    assert hourly == {fx.eid(n): n != 12 for n in fx.CONVERSION_EXPECTED}
    assert by_index(mh.agg.unique_users(df)) == {"2022-03-01": 3}
    assert by_index(mh.agg.unique_sessions(df)) == {"2022-03-01": 4}
    total = mh.agg.unique_sessions(df, groupby=None).to_pandas()
    assert list(total) == [4]
    assert by_index(mh.agg.frequency(df)) == {1: 2, 2: 1}


@pytest.mark.parametrize(
    ("exclude_bounces", "method", "seconds"),
    [(True, "mean", 80 / 3), (True, "sum", 80.0), (False, "mean", 20.0), (False, "sum", 80.0)],
)
def test_session_duration_by_hand(backend, exclude_bounces, method, seconds):
    mh, df = _hand(backend)
    result = mh.agg.session_duration(
        df, groupby=None, exclude_bounces=exclude_bounces, method=method
    ).to_pandas()
    assert len(result) == 1
    assert abs(pd.Timedelta(result.iloc[0]).total_seconds() - seconds) < 1e-5


# ---------------------------------------------------------------------------------------------
# bad input (no database work: these raise before any query)


def _frame():
    from objectiv_bach.backends.duckdb import DuckDBBackend

    backend = DuckDBBackend()
    write_events(backend, fx.frame(fx.TIE_EVENTS))
    return ModelHub(), ModelHub().get_objectiv_dataframe(engine=backend)


@pytest.mark.parametrize(
    "model",
    [
        "is_conversion_event",
        "conversions_in_time",
        "conversions_counter",
        "pre_conversion_hit_number",
    ],
)
def test_unknown_conversion_name(model):
    mh, df = _frame()
    mh.add_conversion_event(event_type="PressEvent", name="press")
    with pytest.raises(BachError, match=r"'nope'.*\['press'\]"):
        getattr(mh.map, model)(df, "nope")


def test_conversion_event_needs_something():
    with pytest.raises(BachError, match="location_stack"):
        ModelHub().add_conversion_event(name="empty")


def test_default_conversion_names():
    mh = ModelHub()
    assert mh.add_conversion_event(event_type="PressEvent") == "conversion_1"
    assert mh.add_conversion_event(event_type="SuccessEvent") == "conversion_2"
    assert mh.conversion_events["conversion_2"] == (None, "SuccessEvent")


def test_groupby_on_the_aggregated_column():
    mh, df = _frame()
    with pytest.raises(BachError, match="user_id"):
        mh.agg.unique_users(df, groupby="user_id")
    with pytest.raises(BachError, match="session_id"):
        mh.agg.unique_sessions(df, groupby=["event_type", "session_id"])


def test_session_duration_bad_method():
    mh, df = _frame()
    with pytest.raises(BachError, match="'median'"):
        mh.agg.session_duration(df, method="median")


def test_model_needs_columns():
    mh, df = _frame()
    with pytest.raises(BachError, match="session_id"):
        mh.map.is_first_session(df.drop(columns=["session_id"]))
