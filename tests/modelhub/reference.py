"""An independent pandas implementation of the model hub pipelines and models.

Written from the reference semantics (shared/reference/objectiv_api.md C.2-C.5, D), not from the
Bach code: plain Python over the parsed event JSON. SQL semantics are kept where they matter:
``NULL`` group-by / partition keys form one group (``dropna=False``), ``nunique`` ignores NULLs.
Orders are total: ``moment`` then ``event_id`` (uuids order like their hex text).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

GLOBAL_CONTEXT_TYPE = {
    "application": "ApplicationContext",
    "marketing": "MarketingContext",
    "identity": "IdentityContext",
    "http": "HttpContext",
    "cookie_id": "CookieIdContext",
    "path": "PathContext",
    "session": "SessionContext",
    "locale": "LocaleContext",
}


def context_type(name: str) -> str:
    return GLOBAL_CONTEXT_TYPE[name]


# ---------------------------------------------------------------------------------------------
# pipelines


def extract(
    events: pd.DataFrame,
    global_contexts: Sequence[str] = (),
    start_date: Any = None,
    end_date: Any = None,
) -> pd.DataFrame:
    """The extracted-contexts frame, indexed by event_id (uuid.UUID values)."""
    rows = []
    for r in events.itertuples(index=False):
        v = json.loads(r.value)
        row = {
            "event_id": r.event_id,
            "day": r.day,
            "moment": pd.Timestamp(r.moment),
            "user_id": r.cookie_id,
            "location_stack": v["location_stack"],
            "event_type": v["_type"],
            "stack_event_types": v["_types"],
        }
        for gc in global_contexts:
            row[gc] = [c for c in v["global_contexts"] if c["_type"] == context_type(gc)]
        rows.append(row)
    df = pd.DataFrame(
        rows,
        columns=[
            "event_id",
            "day",
            "moment",
            "user_id",
            "location_stack",
            "event_type",
            "stack_event_types",
            *global_contexts,
        ],
    )
    if start_date is not None:
        df = df[df.day >= pd.Timestamp(start_date).date()]
    if end_date is not None:
        df = df[df.day <= pd.Timestamp(end_date).date()]
    return df.set_index("event_id")


def _ordered(df: pd.DataFrame, *first: str) -> pd.DataFrame:
    key = df.reset_index()
    key["_eid"] = key.event_id.astype(str)
    key = key.sort_values([*first, "moment", "_eid"], kind="stable")
    return key.drop(columns="_eid").set_index("event_id")


def resolve_identities(df: pd.DataFrame, identity_id: str | None) -> pd.DataFrame:
    """user_id := the identity ('value|id') of the cookie's last identified event."""
    out = df.copy()

    def event_identity(contexts: list[dict[str, Any]]) -> str | None:
        chosen = [c for c in contexts if identity_id is None or c.get("id") == identity_id]
        if not chosen or chosen[0].get("value") is None or chosen[0].get("id") is None:
            return None
        return f"{chosen[0]['value']}|{chosen[0]['id']}"

    out["event_identity"] = pd.Series(
        [event_identity(c) for c in out.identity], index=out.index, dtype=object
    )
    last: dict[Any, str] = {}
    ordered = _ordered(out)
    for user, found in zip(ordered.user_id, ordered.event_identity, strict=True):
        if isinstance(found, str):  # later events overwrite earlier ones
            last[user] = found
    identities = [last.get(u) for u in out.user_id]
    out["user_id"] = [
        str(u) if i is None else i for u, i in zip(out.user_id, identities, strict=True)
    ]
    out["identity_user_id"] = pd.Series(identities, index=out.index, dtype=object)
    return out.drop(columns="event_identity")


def sessionize(df: pd.DataFrame, gap: float = 1800) -> pd.DataFrame:
    """session_id (1..N by session start moment, event_id) and session_hit_number."""
    if df.empty:
        return df.assign(
            session_id=pd.Series(dtype="int64"), session_hit_number=pd.Series(dtype="int64")
        )
    ordered = _ordered(df, "user_id")
    starts, previous_user, previous_moment = [], object(), None
    for row in ordered.itertuples():
        new_user = row.user_id != previous_user
        starts.append(new_user or (row.moment - previous_moment).total_seconds() > gap)
        previous_user, previous_moment = row.user_id, row.moment
    ordered["_start"] = starts
    ordered["_session"] = ordered._start.cumsum()  # a per-(user, session) counter
    first = _ordered(ordered[ordered._start])
    number = {s: i + 1 for i, s in enumerate(first._session)}
    ordered["session_id"] = ordered._session.map(number).astype("int64")
    ordered["session_hit_number"] = ordered.groupby("_session").cumcount().astype("int64") + 1
    out = df.copy()
    out["session_id"] = ordered.session_id
    out["session_hit_number"] = ordered.session_hit_number
    return out


def objectiv_dataframe(
    events: pd.DataFrame,
    global_contexts: Sequence[str] = (),
    *,
    start_date: Any = None,
    end_date: Any = None,
    with_sessionized_data: bool = True,
    session_gap_seconds: float = 1800,
    identity_resolution: str | None = None,
    anonymize_unidentified_users: bool = True,
) -> pd.DataFrame:
    """The frame of ``ModelHub.get_objectiv_dataframe`` (columns in the model hub's order)."""
    contexts = list(global_contexts)
    if identity_resolution is not None and "identity" not in contexts:
        contexts.append("identity")
    df = extract(events, contexts, start_date, end_date)
    if identity_resolution is not None:
        df = resolve_identities(df, identity_resolution or None)
    if with_sessionized_data:
        df = sessionize(df, session_gap_seconds)
    if identity_resolution is not None:
        if anonymize_unidentified_users:
            df["user_id"] = df.user_id.where(df.identity_user_id.notnull(), None)
        df = df.drop(columns="identity_user_id")
        if "identity" not in global_contexts:
            df = df.drop(columns="identity")
    return df


# ---------------------------------------------------------------------------------------------
# map


def stack_matches(stack: list[dict[str, Any]], match: dict[str, Any]) -> bool:
    return any(all(el.get(k) == v for k, v in match.items()) for el in stack)


def is_conversion_event(
    df: pd.DataFrame, event_type: str | None, match: dict[str, Any] | None
) -> pd.Series:
    result = pd.Series(True, index=df.index)
    if event_type is not None:
        result &= df.event_type == event_type
    if match is not None:
        result &= df.location_stack.map(lambda s: stack_matches(s, match))
    return result.rename("is_conversion_event")


def is_first_session(df: pd.DataFrame) -> pd.Series:
    first = df.groupby("user_id", dropna=False).session_id.transform("min")
    return (first == df.session_id).rename("is_first_session")


def is_new_user(df: pd.DataFrame, time_aggregation: str) -> pd.Series:
    period = df.moment.dt.strftime(time_aggregation)
    users = df.user_id.astype(object)
    in_period = df.session_id.groupby([users, period], dropna=False).transform("min")
    ever = df.session_id.groupby(users, dropna=False).transform("min")
    return (in_period == ever).rename("is_new_user")


def conversions_in_time(
    df: pd.DataFrame, flag: pd.Series, partition: str = "session_id"
) -> pd.Series:
    frame = df.assign(_flag=flag.astype(int))
    ordered = _ordered(frame.assign(_p=frame[partition].astype(object)), "_p")
    running = ordered.groupby("_p", dropna=False)._flag.cumsum()
    return running.reindex(df.index).astype("int64").rename("conversions_in_time")


def conversions_counter(
    df: pd.DataFrame, flag: pd.Series, partition: str = "session_id"
) -> pd.Series:
    total = flag.astype(int).groupby(df[partition].astype(object), dropna=False).transform("sum")
    return total.astype("int64").rename("converted")


def pre_conversion_hit_number(
    df: pd.DataFrame, flag: pd.Series, partition: str = "session_id"
) -> pd.Series:
    """Events before the first conversion of a converting partition: 1 for the hit right
    before the conversion, 2 before that, ...; None elsewhere (no conversion, or after it)."""
    in_time = conversions_in_time(df, flag, partition)
    total = conversions_counter(df, flag, partition)
    before = (in_time == 0) & (total >= 1)
    frame = df.assign(_before=before, _p=df[partition].astype(object))
    ordered = _ordered(frame[frame._before], "_p")
    size = ordered.groupby("_p", dropna=False)._before.transform("size")
    position = ordered.groupby("_p", dropna=False).cumcount()
    number = (size - position).reindex(df.index)
    return pd.Series(
        [None if pd.isna(v) else int(v) for v in number],
        index=df.index,
        name="pre_conversion_hit_number",
        dtype=object,
    )


# ---------------------------------------------------------------------------------------------
# aggregate


def _keys(df: pd.DataFrame, groupby: Any, time_aggregation: str | None) -> list[pd.Series]:
    if groupby == "time_agg":
        return [df.moment.dt.strftime(time_aggregation).rename("time_aggregation")]
    if groupby is None:
        return []
    names = groupby if isinstance(groupby, list) else [groupby]
    return [df[n].astype(object) for n in names]


def _agg(grouped_values: pd.Series, keys: list[pd.Series], how: str) -> pd.Series:
    if not keys:
        return pd.Series([getattr(grouped_values, how)()])
    return getattr(grouped_values.groupby(keys, dropna=False), how)()


def unique_users(
    df: pd.DataFrame, groupby: Any = None, time_aggregation: str | None = None
) -> pd.Series:
    return _agg(df.user_id.astype(object), _keys(df, groupby, time_aggregation), "nunique").rename(
        "unique_users"
    )


def unique_sessions(
    df: pd.DataFrame, groupby: Any = None, time_aggregation: str | None = None
) -> pd.Series:
    return _agg(df.session_id, _keys(df, groupby, time_aggregation), "nunique").rename(
        "unique_sessions"
    )


def session_duration(
    df: pd.DataFrame,
    groupby: Any = None,
    time_aggregation: str | None = None,
    exclude_bounces: bool = True,
    method: str = "mean",
) -> pd.Series:
    keys = _keys(df, groupby, time_aggregation)
    per_session = df.moment.groupby([*keys, df.session_id], dropna=False)
    duration = (per_session.max() - per_session.min()).rename("session_duration")
    if exclude_bounces:
        duration = duration[duration > pd.Timedelta(0)]
    if not keys:
        return pd.Series([getattr(duration, method)()], name="session_duration")
    levels = list(range(len(keys)))
    return getattr(duration.groupby(level=levels, dropna=False), method)()


def frequency(df: pd.DataFrame) -> pd.Series:
    users = df.user_id.astype(object)
    per_user = df.session_id.groupby(users, dropna=False).nunique().rename("session_id_nunique")
    frame = per_user.reset_index()
    frame.columns = ["user_id", "session_id_nunique"]
    return frame.groupby("session_id_nunique").user_id.nunique().rename("user_id_nunique")


# ---------------------------------------------------------------------------------------------
# location stack


def _label(element: dict[str, Any]) -> str:
    import re

    words = re.sub(r"([a-z])([A-Z])", r"\1 \2", element["_type"])
    return f"{words.replace(' Context', '')}: {element['id']}"


def nice_name(stack: list[dict[str, Any]]) -> str | None:
    if not stack:
        return None
    name = _label(stack[-1])
    if len(stack) > 1:
        name += " located at " + " => ".join(_label(e) for e in stack[:-1])
    return name


def feature_stack(stack: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"_type": e.get("_type"), "id": e.get("id")} for e in stack]


def slice_from(stack: list[dict[str, Any]], match: dict[str, Any]) -> list[dict[str, Any]]:
    for i, e in enumerate(stack):
        if all(e.get(k) == v for k, v in match.items()):
            return stack[i:]
    return []


def navigation_features(stack: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return slice_from(stack, {"_type": "NavigationContext"})


def from_context_with_type(stack: list[dict[str, Any]], type_name: str, key: str) -> Any:
    for e in stack:
        if e.get("_type") == type_name:
            return e.get(key)
    return None


# ---------------------------------------------------------------------------------------------
# feature, retention and funnel models


def application_id(contexts: list[dict[str, Any]]) -> str | None:
    return contexts[0].get("id") if contexts else None


def _feature_counts(frame: pd.DataFrame, name: str, location: pd.Series | None = None) -> pd.Series:
    features = frame.location_stack.map(nice_name) if location is None else location[frame.index]
    keys = pd.DataFrame(
        {
            "application": frame.application.map(application_id),
            "feature_nice_name": features,
            "event_type": frame.event_type,
        }
    )
    users = frame.user_id.astype(object)
    counts = users.groupby([keys[c] for c in keys.columns], dropna=False).nunique()
    counts = counts[[all(pd.notna(k) for k in key) for key in counts.index]]
    counts.index.names = list(keys.columns)
    return counts.rename(name)


def _has_type(types: list[str], event_type: str) -> bool:
    return event_type in types


def top_product_features(
    df: pd.DataFrame, event_type: str = "InteractiveEvent", location: pd.Series | None = None
) -> pd.Series:
    """Distinct users per (application id, nice name (or ``location``), event type) of
    ``event_type`` events."""
    chosen = df[df.stack_event_types.map(lambda t: _has_type(t, event_type))]
    return _feature_counts(chosen, "user_id_nunique", location)


def top_product_features_before_conversion(
    df: pd.DataFrame,
    flag: pd.Series,
    event_type: str = "InteractiveEvent",
    location: pd.Series | None = None,
) -> pd.Series:
    """As top_product_features, over the events before the first conversion of converting
    sessions."""
    in_time = conversions_in_time(df, flag, "session_id")
    total = conversions_counter(df, flag, "session_id")
    chosen = df[(in_time == 0) & (total >= 1)]
    chosen = chosen[chosen.stack_event_types.map(lambda t: _has_type(t, event_type))]
    return _feature_counts(chosen, "unique_users", location)


def retention_counts(
    df: pd.DataFrame,
    time_period: str = "monthly",
    event_type: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
) -> dict[tuple[str, int], int]:
    """{(cohort, distance): distinct users} as the reference (C.5) defines the periods."""
    import datetime as dt

    if event_type is not None:
        df = df[df.event_type == event_type]
    users = df.user_id.astype(object)
    first: dict[Any, pd.Timestamp] = {}
    for user, moment in zip(users, df.moment, strict=True):
        key = ("<null>",) if user is None or (isinstance(user, float) and pd.isna(user)) else user
        if key not in first or moment < first[key]:
            first[key] = moment
    found: dict[tuple[str, int], set[Any]] = {}
    for user, moment in zip(users, df.moment, strict=True):
        null = user is None or (isinstance(user, float) and pd.isna(user))
        start = first[("<null>",) if null else user]
        if start_date is not None and start < pd.Timestamp(start_date):
            continue
        if end_date is not None and moment >= pd.Timestamp(end_date):
            continue
        if time_period == "daily":
            distance = (moment - start).days
            cohort = start.strftime("%Y-%m-%d")
        elif time_period == "weekly":
            week = (moment - dt.timedelta(days=moment.weekday())).normalize()
            first_week = (start - dt.timedelta(days=start.weekday())).normalize()
            distance = (week - first_week).days // 7
            cohort = first_week.strftime("%Y-%m-%d")
        elif time_period == "monthly":
            distance = (moment.year - start.year) * 12 + moment.month - start.month
            cohort = start.strftime("%Y-%m")
        else:
            distance = moment.year - start.year
            cohort = start.strftime("%Y")
        users_there = found.setdefault((cohort, distance), set())
        if not null:
            users_there.add(user)
    return {k: len(v) for k, v in found.items()}


def drop_off_locations(
    df: pd.DataFrame, location: pd.Series, groupby: Sequence[str], percentage: bool = False
) -> pd.Series:
    """Per location: the groups whose last event (moment, event_id) is there."""
    ordered = _ordered(df.assign(_location=location)).reset_index()
    keys = [ordered[k].astype(object) for k in groupby]
    rows = ordered.groupby(keys, dropna=False).tail(1)
    counts = rows._location.dropna().value_counts()
    counts.index.name = "location"
    if percentage:
        counts = counts / counts.sum() * 100
    return counts


def funnel_conversion(
    df: pd.DataFrame, location: pd.Series, groupby: Sequence[str] = ()
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """{(*group keys, location): (n_users, completed, step rate, full rate, dropoff share)}."""

    def is_null(v: Any) -> bool:
        return v is None or (isinstance(v, float) and pd.isna(v))

    frame = df.assign(step_location=location)
    frame = frame[frame.step_location.notna()]
    ordered = _ordered(frame)
    partition = list(dict.fromkeys([*groupby, "user_id"]))
    sequences: dict[tuple[Any, ...], list[Any]] = {}
    for row in ordered.reset_index().itertuples(index=False):
        key = tuple("<null>" if is_null(getattr(row, c)) else getattr(row, c) for c in partition)
        sequences.setdefault(key, []).append(row)
    users: dict[tuple[Any, ...], set[Any]] = {}
    completed: dict[tuple[Any, ...], set[Any]] = {}
    for rows in sequences.values():
        for i, row in enumerate(rows):
            step = (*(getattr(row, g) for g in groupby), row.step_location)
            users.setdefault(step, set())
            completed.setdefault(step, set())
            if not is_null(row.user_id):
                users[step].add(row.user_id)
                if i + 1 < len(rows):
                    completed[step].add(row.user_id)
    top: dict[tuple[Any, ...], int] = {}
    for step, who in users.items():
        top[step[:-1]] = max(top.get(step[:-1], 0), len(who))
    result = {}
    for step, who in users.items():
        n, done, start = len(who), len(completed[step]), top[step[:-1]]
        result[step] = (
            n,
            done,
            round(done / n, 3) if n else None,
            round(done / start, 3) if start else None,
            round((n - done) / start, 3) if start else None,
        )
    return result
