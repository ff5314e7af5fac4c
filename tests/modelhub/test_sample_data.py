"""Tests of the deterministic Objectiv event generator (``objectiv_modelhub.sample_data``).

The expectations come from the Objectiv taxonomy (base_schema 0.0.4), restated here independently
of the module, and from the invariants the generator promises; no generated value is hard-coded.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import pandas as pd
import pytest

from objectiv_modelhub.sample_data import (
    COLUMNS,
    CONVERSION_EVENT,
    EVENT_TYPES,
    generate_events,
    iter_event_chunks,
)

# Direct parents per type, from the taxonomy reference (section D.3).
PARENTS = {
    "InteractiveEvent": "AbstractEvent",
    "NonInteractiveEvent": "AbstractEvent",
    "PressEvent": "InteractiveEvent",
    "InputChangeEvent": "InteractiveEvent",
    "ApplicationLoadedEvent": "NonInteractiveEvent",
    "SuccessEvent": "NonInteractiveEvent",
    "FailureEvent": "NonInteractiveEvent",
    "VisibleEvent": "NonInteractiveEvent",
    "HiddenEvent": "NonInteractiveEvent",
    "MediaEvent": "NonInteractiveEvent",
    "MediaLoadEvent": "MediaEvent",
    "MediaStartEvent": "MediaEvent",
    "MediaPauseEvent": "MediaEvent",
    "MediaStopEvent": "MediaEvent",
    "AbstractLocationContext": "AbstractContext",
    "AbstractGlobalContext": "AbstractContext",
    **dict.fromkeys(
        [
            "RootLocationContext",
            "NavigationContext",
            "ContentContext",
            "OverlayContext",
            "ExpandableContext",
            "MediaPlayerContext",
            "InputContext",
            "PressableContext",
        ],
        "AbstractLocationContext",
    ),
    "LinkContext": "PressableContext",
    **dict.fromkeys(
        [
            "ApplicationContext",
            "CookieIdContext",
            "HttpContext",
            "PathContext",
            "SessionContext",
            "MarketingContext",
            "IdentityContext",
        ],
        "AbstractGlobalContext",
    ),
}
ALL_EVENTS = {
    "ApplicationLoadedEvent",
    "PressEvent",
    "InputChangeEvent",
    "VisibleEvent",
    "HiddenEvent",
    "SuccessEvent",
    "FailureEvent",
    "MediaLoadEvent",
    "MediaStartEvent",
    "MediaPauseEvent",
    "MediaStopEvent",
}
LOCATION_TYPES = {
    t for t, p in PARENTS.items() if p in ("AbstractLocationContext", "PressableContext")
}
# The context type a stack must end in, per event type (events that need a specific one).
STACK_END = {
    "PressEvent": {"PressableContext", "LinkContext"},
    "InputChangeEvent": {"InputContext"},
    "ApplicationLoadedEvent": {"RootLocationContext"},
    **dict.fromkeys(
        ["MediaLoadEvent", "MediaStartEvent", "MediaPauseEvent", "MediaStopEvent"],
        {"MediaPlayerContext"},
    ),
}
SESSION_GAP = 1800.0
N = 20_000
SEED = 7


def expected_types(type_name: str) -> list[str]:
    chain = [type_name]
    while chain[-1] in PARENTS:
        chain.append(PARENTS[chain[-1]])
    return sorted(chain)


def globals_of(event: dict, type_name: str) -> list[dict]:
    return [c for c in event["global_contexts"] if c["_type"] == type_name]


def epoch_ms(moments: pd.Series) -> np.ndarray:
    return moments.to_numpy().astype("datetime64[ms]").astype(np.int64)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return generate_events(N, seed=SEED)


@pytest.fixture(scope="module")
def events(frame: pd.DataFrame) -> list[dict]:
    return [json.loads(v) for v in frame["value"]]


@pytest.fixture(scope="module")
def cookie_gaps(frame: pd.DataFrame) -> pd.Series:
    """Seconds between consecutive events of a cookie, in the sessionization order."""
    ordered = frame.assign(cookie=frame.cookie_id.astype(str), eid=frame.event_id.astype(str))
    ordered = ordered.sort_values(["cookie", "moment", "eid"])
    return ordered.groupby("cookie").moment.diff().dt.total_seconds().dropna()


# -- shape ----------------------------------------------------------------------------------


def test_columns_and_dtypes(frame: pd.DataFrame) -> None:
    assert tuple(frame.columns) == COLUMNS == ("event_id", "day", "moment", "cookie_id", "value")
    assert len(frame) == N
    assert frame["moment"].dtype == np.dtype("datetime64[us]")
    assert frame["value"].dtype == "str"
    for column in ("event_id", "day", "cookie_id"):
        assert frame[column].dtype == object
    assert all(type(v) is uuid.UUID for v in frame["event_id"])
    assert all(type(v) is uuid.UUID for v in frame["cookie_id"])
    assert all(type(v) is dt.date for v in frame["day"])
    assert frame.index.equals(pd.RangeIndex(N))


@pytest.mark.parametrize(
    ("n_events", "n_users"), [(0, None), (1, None), (2, 2), (37, None), (1_000, 1), (999, 999)]
)
def test_exact_row_count_and_users(n_events: int, n_users: int | None) -> None:
    frame = generate_events(n_events, seed=3, n_users=n_users)
    assert len(frame) == n_events
    assert tuple(frame.columns) == COLUMNS
    if n_users is not None:
        assert frame.cookie_id.nunique() == n_users


def test_default_user_count(frame: pd.DataFrame) -> None:
    assert frame.cookie_id.nunique() == N // 20


def test_sorted_by_moment_then_event_id(frame: pd.DataFrame) -> None:
    keys = list(zip(frame["moment"], frame["event_id"], strict=True))
    assert all(a < b for a, b in zip(keys, keys[1:], strict=False))


def test_event_ids_are_unique_uuid4(frame: pd.DataFrame) -> None:
    assert frame.event_id.nunique() == len(frame)
    assert {u.version for u in frame.event_id} == {4}
    assert {u.variant for u in frame.event_id} == {uuid.RFC_4122}
    assert {u.version for u in frame.cookie_id} == {4}


# -- determinism and chunks -------------------------------------------------------------------


def test_same_seed_gives_identical_output(frame: pd.DataFrame) -> None:
    again = generate_events(N, seed=SEED)
    pd.testing.assert_frame_equal(again, frame)
    assert again["value"].tolist() == frame["value"].tolist()
    assert again["event_id"].tolist() == frame["event_id"].tolist()


DIGEST_SCRIPT = """
import hashlib
from objectiv_modelhub.sample_data import generate_events
frame = generate_events(2_000, seed=9)
rows = zip(frame.event_id, frame.day, frame.moment, frame.cookie_id, frame.value, strict=True)
print(hashlib.sha256(repr(list(rows)).encode()).hexdigest())
"""


def test_identical_across_processes() -> None:
    """No dependence on hash randomization or other process state."""
    digests = set()
    for hash_seed in ("1", "12345"):
        done = subprocess.run(
            [sys.executable, "-c", DIGEST_SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1
    assert len(digests.pop()) == 64


def test_other_seed_differs(frame: pd.DataFrame) -> None:
    other = generate_events(N, seed=SEED + 1)
    assert not set(other.event_id) & set(frame.event_id)
    assert not set(other.cookie_id) & set(frame.cookie_id)
    assert not other["moment"].equals(frame["moment"])


def test_other_parameters_differ(frame: pd.DataFrame) -> None:
    shifted = generate_events(N, seed=SEED, start="2023-06-01")
    assert shifted.day.min() >= dt.date(2023, 6, 1)
    assert not shifted.equals(frame)


@pytest.mark.parametrize("chunk_size", [1_000, 4_096, 7_919, N, 3 * N])
def test_chunks_concatenate_to_the_full_frame(frame: pd.DataFrame, chunk_size: int) -> None:
    chunks = list(iter_event_chunks(N, seed=SEED, chunk_size=chunk_size))
    sizes = [len(c) for c in chunks]
    assert all(s == chunk_size for s in sizes[:-1])
    assert 0 < sizes[-1] <= chunk_size
    pd.testing.assert_frame_equal(pd.concat(chunks), frame)


def test_chunks_of_other_parameters() -> None:
    kwargs: dict[str, Any] = {"seed": 11, "start": dt.date(2021, 12, 30), "days": 5, "n_users": 150}
    chunks = list(iter_event_chunks(3_333, chunk_size=500, **kwargs))
    pd.testing.assert_frame_equal(pd.concat(chunks), generate_events(3_333, **kwargs))


def test_tiny_chunks_of_dense_data() -> None:
    """Many users active at once and chunks of a few rows: a chunk may only be emitted once no
    visit that is yet to be simulated can come before its rows."""
    kwargs: dict[str, Any] = {"seed": 5, "days": 1, "n_users": 60}
    chunks = list(iter_event_chunks(3_000, chunk_size=7, **kwargs))
    assert {len(c) for c in chunks[:-1]} == {7}
    pd.testing.assert_frame_equal(pd.concat(chunks), generate_events(3_000, **kwargs))


def test_start_accepts_date_and_string() -> None:
    a = generate_events(300, seed=2, start="2022-03-04", days=3)
    b = generate_events(300, seed=2, start=dt.date(2022, 3, 4), days=3)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_events": -1},
        {"n_events": 10, "n_users": 11},
        {"n_events": 10, "n_users": 0},
        {"n_events": 10, "days": 0},
        {"n_events": 10, "seed": -1},
        {"n_events": 10, "chunk_size": 0},
        {"n_events": 0, "n_users": 1},
    ],
)
def test_invalid_arguments_raise(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        iter_event_chunks(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [{"n_events": 1.5}, {"n_events": 10, "start": 20220101}, {"n_events": 10, "n_users": 2.0}],
)
def test_wrong_argument_types_raise(kwargs: dict) -> None:
    with pytest.raises(TypeError):
        generate_events(**kwargs)


# -- the JSON agrees with the columns ---------------------------------------------------------


def test_json_is_compact_and_parses(frame: pd.DataFrame, events: list[dict]) -> None:
    for text, event in zip(frame["value"], events, strict=True):
        assert json.dumps(event, separators=(",", ":")) == text


def test_json_matches_columns(frame: pd.DataFrame, events: list[dict]) -> None:
    assert [e["id"] for e in events] == [str(u) for u in frame.event_id]
    assert [e["time"] for e in events] == epoch_ms(frame.moment).tolist()
    cookies = [globals_of(e, "CookieIdContext") for e in events]
    assert all(len(c) == 1 for c in cookies)
    assert [c[0]["cookie_id"] for c in cookies] == [str(u) for u in frame.cookie_id]
    assert all(c[0]["id"] == c[0]["cookie_id"] for c in cookies)
    assert frame.day.tolist() == [m.date() for m in frame.moment]


def test_dates_inside_the_range() -> None:
    frame = generate_events(5_000, seed=4, start="2022-02-10", days=10)
    assert frame.day.min() >= dt.date(2022, 2, 10)
    assert frame.day.max() < dt.date(2022, 2, 20)


# -- taxonomy ---------------------------------------------------------------------------------


def test_all_event_types_occur(events: list[dict]) -> None:
    assert {e["_type"] for e in events} == ALL_EVENTS == set(EVENT_TYPES)


def test_event_and_context_types_are_hydrated(events: list[dict]) -> None:
    seen = set()
    for event in events:
        assert event["_types"] == expected_types(event["_type"])
        for context in event["location_stack"] + event["global_contexts"]:
            assert context["_types"] == expected_types(context["_type"])
            assert isinstance(context["id"], str)
            assert context["id"]
            seen.add(context["_type"])
    assert seen == {
        t
        for t, p in PARENTS.items()
        if p in ("AbstractLocationContext", "PressableContext", "AbstractGlobalContext")
    }


def test_location_stacks(events: list[dict]) -> None:
    for event in events:
        stack_types = [c["_type"] for c in event["location_stack"]]
        assert stack_types[0] == "RootLocationContext"
        assert "RootLocationContext" not in stack_types[1:]
        assert set(stack_types) <= LOCATION_TYPES
        if event["_type"] in STACK_END:
            assert stack_types[-1] in STACK_END[event["_type"]], event
        links = [c for c in event["location_stack"] if c["_type"] == "LinkContext"]
        assert all(c["href"] for c in links)


def test_messages_on_success_and_failure(events: list[dict]) -> None:
    for event in events:
        has_message = event["_type"] in ("SuccessEvent", "FailureEvent")
        assert ("message" in event) == has_message
        if has_message:
            assert event["message"]


def test_global_contexts(events: list[dict]) -> None:
    for event in events:
        for single in (
            "ApplicationContext",
            "PathContext",
            "HttpContext",
            "CookieIdContext",
            "SessionContext",
        ):
            assert len(globals_of(event, single)) == 1, (single, event)
        assert len(globals_of(event, "MarketingContext")) <= 1
        http = globals_of(event, "HttpContext")[0]
        assert http["id"] == "http_context"
        assert {"referrer", "user_agent", "remote_address"} <= set(http)
        assert globals_of(event, "PathContext")[0]["id"].startswith("https://")
        session = globals_of(event, "SessionContext")[0]
        assert isinstance(session["hit_number"], int)
        assert session["hit_number"] >= 1
    assert len({globals_of(e, "ApplicationContext")[0]["id"] for e in events}) >= 2


# -- behaviour --------------------------------------------------------------------------------


def test_session_boundary_gaps_and_ties_exist(cookie_gaps: pd.Series) -> None:
    assert (cookie_gaps == 0).sum() > 0
    assert (cookie_gaps == SESSION_GAP).sum() > 0
    assert ((cookie_gaps >= SESSION_GAP - 10) & (cookie_gaps < SESSION_GAP)).sum() > 0
    assert ((cookie_gaps > SESSION_GAP) & (cookie_gaps <= SESSION_GAP + 10)).sum() > 0
    # most gaps are short
    assert (cookie_gaps < 120).mean() > 0.5


def test_hit_numbers_count_the_tracker_session(frame: pd.DataFrame, events: list[dict]) -> None:
    hits = defaultdict(list)
    for cookie, event in zip(frame.cookie_id, events, strict=True):
        session = globals_of(event, "SessionContext")[0]
        hits[cookie, session["id"]].append(session["hit_number"])
    assert all(sorted(h) == list(range(1, len(h) + 1)) for h in hits.values())
    first_loaded = [
        e["_type"] == "ApplicationLoadedEvent"
        for e in events
        if globals_of(e, "SessionContext")[0]["hit_number"] == 1
    ]
    assert all(first_loaded)


def test_tracker_sessions_of_a_user_do_not_overlap(frame: pd.DataFrame, events: list[dict]) -> None:
    spans: dict[tuple, list] = {}
    for cookie, moment, event in zip(frame.cookie_id, frame.moment, events, strict=True):
        key = (cookie, int(globals_of(event, "SessionContext")[0]["id"]))
        span = spans.setdefault(key, [moment, moment])
        span[0], span[1] = min(span[0], moment), max(span[1], moment)
    for (cookie, number), (begin, _) in spans.items():
        if number > 1:
            assert begin - spans[cookie, number - 1][1] > pd.Timedelta(seconds=SESSION_GAP)


def test_heavy_tailed_activity_and_arrivals(frame: pd.DataFrame) -> None:
    per_user = frame.groupby(frame.cookie_id.astype(str)).size()
    assert per_user.max() > 10 * per_user.median()
    assert (per_user == 1).any()
    first_day = frame.groupby(frame.cookie_id.astype(str)).day.min()
    assert first_day.nunique() >= 20  # users arrive over the 30 days


def test_conversions(frame: pd.DataFrame, events: list[dict]) -> None:
    match = CONVERSION_EVENT["location_stack"]
    full = CONVERSION_EVENT["location_stack_full"]
    converters: Counter = Counter()
    for cookie, event in zip(frame.cookie_id, events, strict=True):
        stack = event["location_stack"]
        if [{"_type": c["_type"], "id": c["id"]} for c in stack[-len(match) :]] == match:
            assert event["_type"] == CONVERSION_EVENT["event_type"]
            assert [
                {k: v for k, v in c.items() if k != "_types"} for c in stack[-len(full) :]
            ] == full
            converters[cookie] += 1
    assert set(converters.values()) == {1}  # converting users convert once
    assert 0.03 < len(converters) / frame.cookie_id.nunique() < 0.4


def test_identities(frame: pd.DataFrame, events: list[dict]) -> None:
    emails = defaultdict(set)
    identified_cookies = set()
    two = 0
    for cookie, event in zip(frame.cookie_id, events, strict=True):
        identities = globals_of(event, "IdentityContext")
        if identities:
            identified_cookies.add(cookie)
            assert identities[0]["id"] == "email"
            assert "@" in identities[0]["value"]
            emails[identities[0]["value"]].add(cookie)
        if len(identities) == 2:
            two += 1
            assert identities[0]["id"] != identities[1]["id"]
        assert len(identities) <= 2
    assert 0 < len(identified_cookies) < frame.cookie_id.nunique()
    assert two > 0
    assert any(len(cookies) > 1 for cookies in emails.values())  # one person, two devices


def test_identity_stays_once_set(frame: pd.DataFrame, events: list[dict]) -> None:
    by_session = defaultdict(set)
    for cookie, event in zip(frame.cookie_id, events, strict=True):
        number = int(globals_of(event, "SessionContext")[0]["id"])
        by_session[cookie].add((number, bool(globals_of(event, "IdentityContext"))))
    for flags in by_session.values():
        ordered = [flag for _, flag in sorted(flags)]
        assert len(ordered) == len({n for n, _ in flags})  # constant within a tracker session
        assert ordered == sorted(ordered)  # once identified, always identified


def test_marketing_on_some_first_visits(frame: pd.DataFrame, events: list[dict]) -> None:
    with_marketing = set()
    for cookie, event in zip(frame.cookie_id, events, strict=True):
        marketing = globals_of(event, "MarketingContext")
        if marketing:
            assert globals_of(event, "SessionContext")[0]["id"] == "1"
            assert {"source", "medium", "campaign"} <= set(marketing[0])
            with_marketing.add(cookie)
    assert 0 < len(with_marketing) < frame.cookie_id.nunique()
