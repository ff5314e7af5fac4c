"""Sessionization: split each user's events into sessions at gaps longer than the session gap.

Exactly the original semantics:

* a session starts at a user's first event, and at every event more than ``session_gap_seconds``
  after that user's previous event (events ordered by ``moment``, ties by ``event_id``);
* ``session_id`` numbers all sessions 1..N by their first event's ``moment`` (ties by
  ``event_id``), over all users;
* ``session_hit_number`` numbers the events of a session from 1, in the same order.

Events without a user (a NULL ``user_id``) belong to no session: both columns are NULL there.
"""

from __future__ import annotations

import math

import pandas as pd

from objectiv_bach import DataFrame, InvalidArgumentError, WindowFrameMode

_ORDER = ["moment", "event_id"]
#: gaps up to this many seconds compare as timedeltas (pandas' Timedelta holds ~292 years)
_LONGEST_TIMEDELTA_SECONDS = pd.Timedelta.max.total_seconds() // 2

#: The hidden column (:meth:`objectiv_bach.DataFrame.hide_columns`) of a sessionized frame that
#: numbers each user's sessions 1, 2, ...: (``user_id``, this) identifies the same sessions as
#: ``session_id``. It is valid only while ``user_id`` and ``session_id`` are unchanged.
USER_SESSION = "user_session"

#: The hidden column of a sessionized frame that is True on the first event of each session
#: (False where ``session_id`` is NULL: no user). It is valid only on all the rows the pipeline
#: made (``keep_on_filter=False``): then a user's number of sessions is its number of starts.
SESSION_START = "is_session_start"


def sessionize(data: DataFrame, session_gap_seconds: float = 1800) -> DataFrame:
    """Add ``session_id`` and ``session_hit_number`` to an extracted-contexts frame.

    The SQL sorts every event only per user (the lag, the running session count and the hit
    numbers share one window ordering); the global numbering sorts only the session starts, and
    joins the numbers back.
    """
    if (
        isinstance(session_gap_seconds, bool)
        or not isinstance(session_gap_seconds, (int, float))
        or not math.isfinite(session_gap_seconds)
        or session_gap_seconds < 0
    ):
        msg = f"session_gap_seconds must be a non-negative number, got {session_gap_seconds!r}."
        raise InvalidArgumentError(msg)
    df = data.reset_index()
    by_user = df.sort_values(_ORDER).groupby("user_id").window()
    previous = by_user.moment.window_lag()
    gap = df.moment - previous
    if session_gap_seconds < _LONGEST_TIMEDELTA_SECONDS:
        # compare the intervals themselves: no conversion of every gap to seconds
        too_long = gap > pd.Timedelta(seconds=session_gap_seconds)
    else:
        too_long = gap.dt.total_seconds > float(session_gap_seconds)
    df["is_start_of_session"] = previous.isnull() | too_long
    df["user_hit_number"] = by_user.moment.window_row_number()
    df = df.materialize(node_name="session_starts")

    # the user's session count so far identifies the session within the user. The window has
    # the same partition and order as the lag, so each engine sorts the events once.
    running = df.sort_values(_ORDER).groupby("user_id").window(mode=WindowFrameMode.ROWS)
    df["user_session"] = running.is_start_of_session.astype("int64").sum()
    df = df.materialize(node_name="user_sessions")

    # number the sessions 1..N by their first event's moment (ties: event_id), over all users;
    # each number comes with the user's hit number of the session start
    starts = df[df.is_start_of_session]
    starts["session_id"] = starts.sort_values(_ORDER).window().moment.window_row_number()
    starts["session_start_hit"] = starts.user_hit_number
    numbers = starts[["user_id", "user_session", "session_id", "session_start_hit"]].materialize(
        node_name="session_numbers"
    )
    # one number per (user, session): the join adds no rows, and is left out of the SQL of
    # models that use neither session_id nor session_hit_number. An event without a user
    # matches no session: both are NULL there.
    df = df.merge(numbers, how="left", on=["user_id", "user_session"], validate="many_to_one")
    df["session_hit_number"] = df.user_hit_number - df.session_start_hit + 1
    # the per-user session number stays along as a hidden column: with user_id it identifies
    # the same sessions as session_id (NULL where session_id is: no user), so models that only
    # count or group sessions need neither the numbering nor the join (see USER_SESSION)
    key = df.user_session.where(df.user_id.notnull())
    start = df.is_start_of_session & df.user_id.notnull()
    df = df.drop(
        columns=["is_start_of_session", "user_session", "user_hit_number", "session_start_hit"]
    )
    df[USER_SESSION] = key
    df[SESSION_START] = start
    hidden = (USER_SESSION, SESSION_START)
    columns = [c for c in df.columns if c not in ("session_id", "session_hit_number", *hidden)]
    df = df[[*columns, "session_id", "session_hit_number", *hidden]]
    df = df.hide_columns(USER_SESSION, guards=["user_id", "session_id"])
    df = df.hide_columns(SESSION_START, guards=["user_id", "session_id"], keep_on_filter=False)
    return df.set_index("event_id").materialize(node_name="objectiv_sessionized_data")
