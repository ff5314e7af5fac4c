"""Feature usage models: which product features (locations) users interact with.

Pure functions ``DataFrame -> DataFrame``; :class:`objectiv_modelhub.Aggregate` is the facade.
"""

from __future__ import annotations

from typing import Any

from objectiv_bach import DataFrame, InvalidArgumentError
from objectiv_modelhub.models.locations import location_name, location_series
from objectiv_modelhub.models.map import (
    _conversions_counter,
    _conversions_in_time,
    _require,
    _sessions,
)
from objectiv_modelhub.types import ConversionEvent

#: the index of both models, in the original's order
FEATURE_INDEX = ["application", "feature_nice_name", "event_type"]


def _check_event_type(event_type: Any) -> None:
    if not isinstance(event_type, str) or not event_type:
        msg = (
            f"event_type={event_type!r}: give an event type name such as 'InteractiveEvent' "
            "or 'PressEvent' (an event matches when it is that type or a subtype)."
        )
        raise InvalidArgumentError(msg)


def _features(data: DataFrame, location_stack: Any, raw: bool = False) -> DataFrame:
    """``data`` with the index columns ``application`` and ``feature_nice_name`` added.

    With ``raw`` the feature column holds the location itself (see ``location_series``):
    the caller makes it a nice name with ``location_name`` once it has dropped rows.
    """
    _require(data, "application", "location_stack", "user_id", "stack_event_types", "event_type")
    frame = data.copy()
    frame["__feature_nice_name"] = location_series(data, location_stack, raw=raw)
    frame["__application"] = data.application.context.id
    return frame


def _users_per_feature(frame: DataFrame, name: str) -> DataFrame:
    keys = ["__application", "__feature_nice_name", "event_type"]
    # rows with a NULL key are dropped before the grouping, not the groups after it: a filter
    # on the grouped keys makes PostgreSQL carry the whole event through the group's sort to
    # evaluate the keys' expressions again
    frame = frame[
        frame["__application"].notnull()
        & frame["__feature_nice_name"].notnull()
        & frame.event_type.notnull()
    ]
    counts = frame.groupby(keys).user_id.nunique().rename(name).to_frame().reset_index()
    counts = counts.rename(columns={"__application": "application"})
    counts = counts.rename(columns={"__feature_nice_name": "feature_nice_name"})
    counts = counts.set_index(FEATURE_INDEX)
    return counts.sort_values([name, *FEATURE_INDEX], ascending=[False, True, True, True])


def top_product_features(
    data: DataFrame, location_stack: Any = None, event_type: str = "InteractiveEvent"
) -> DataFrame:
    """The number of distinct users per used feature, most used first.

    Takes the events whose ``stack_event_types`` contain ``event_type`` (the type or a
    subtype), and counts distinct ``user_id`` per (application id, feature nice name,
    event type). Rows with a NULL key (no application context, an empty stack) are left out.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` with the ``application`` global
        context (``ModelHub(global_contexts=['application'])``).
    location_stack : None, str, Series or callable, optional
        The feature of an event: None for the whole location stack; a slice of it (a Series of
        ``data`` such as ``df.location_stack.ls[1:]``, or a function of the frame giving one);
        or a column name. Stacks become their nice name.
    event_type : str, default 'InteractiveEvent'
        The event type to count (a parent type takes its subtypes too).

    Returns
    -------
    DataFrame
        Indexed by ``application``, ``feature_nice_name`` and ``event_type``, one int64 column
        ``user_id_nunique``; sorted by it descending (ties by the index).

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
    ...                                       n_users=10))
    >>> df = ModelHub(global_contexts=['application']).get_objectiv_dataframe(engine=con)
    >>> top = top_product_features(df).to_pandas()
    >>> top.index.names
    FrozenList(['application', 'feature_nice_name', 'event_type'])
    >>> top.user_id_nunique.iloc[0], top.index[0][2]
    (np.int64(5), 'PressEvent')
    >>> con.close()
    """
    _check_event_type(event_type)
    frame = _features(data, location_stack)
    frame = frame[frame.stack_event_types.json.array_contains(event_type)]
    return _users_per_feature(frame, "user_id_nunique")


def top_product_features_before_conversion(
    data: DataFrame,
    conversion: ConversionEvent,
    location_stack: Any = None,
    event_type: str = "InteractiveEvent",
) -> DataFrame:
    """The features users used before converting: distinct users per feature, most first.

    Takes the sessions that have the conversion event, and in them the events before the
    session's first conversion (moment, then event_id order; the converting event itself is
    left out) whose ``stack_event_types`` contain ``event_type``. Counts distinct ``user_id``
    per (application id, feature nice name, event type).

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions) with the
        ``application`` global context.
    conversion : ConversionEvent
        The conversion (as :meth:`ModelHub.add_conversion_event` registers it).
    location_stack : None, str, Series or callable, optional
        The feature of an event, as for :func:`top_product_features`.
    event_type : str, default 'InteractiveEvent'
        The event type to count (a parent type takes its subtypes too).

    Returns
    -------
    DataFrame
        Indexed by ``application``, ``feature_nice_name`` and ``event_type``, one int64 column
        ``unique_users``; sorted by it descending (ties by the index). Empty when nothing
        converted.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> from objectiv_modelhub.types import ConversionEvent
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
    ...                                       n_users=10))
    >>> df = ModelHub(global_contexts=['application']).get_objectiv_dataframe(engine=con)
    >>> success = ConversionEvent(location_stack=None, event_type='SuccessEvent')
    >>> before = top_product_features_before_conversion(df, success).to_pandas()
    >>> int(before.unique_users.sum()), before.index[0][2]
    (2, 'InputChangeEvent')
    >>> con.close()
    """
    _check_event_type(event_type)
    _require(data, "session_id", "moment")
    # the feature's nice name only for the events kept: the stack goes through the windows
    # sessions by the per-user key where the frame still has it (no global numbering, and the
    # windows partition by the user first, as the sessionization's own windows)
    data, session = _sessions(data)
    frame = _features(data, location_stack, raw=True)
    frame["__conversions_in_time"] = _conversions_in_time(data, conversion, session)
    frame["__converted"] = _conversions_counter(data, conversion, session)
    frame = frame.materialize(node_name="conversions_per_event")
    before = (frame["__converted"] >= 1) & (frame["__conversions_in_time"] == 0)
    frame = frame[before & frame.stack_event_types.json.array_contains(event_type)]
    frame["__feature_nice_name"] = location_name(frame["__feature_nice_name"])
    # a step of its own: the NULL-key filter then reads the name instead of repeating it
    frame = frame.materialize(node_name="features_before_conversion")
    return _users_per_feature(frame, "unique_users")
