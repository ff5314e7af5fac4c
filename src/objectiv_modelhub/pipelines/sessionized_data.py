"""Sessionization: split each user's events into sessions at gaps longer than the session gap.

Exactly the original semantics:

* a session starts at a user's first event, and at every event more than ``session_gap_seconds``
  after that user's previous event (events ordered by ``moment``, ties by ``event_id``);
* ``session_id`` numbers all sessions 1..N by their first event's ``moment`` (ties by
  ``event_id``), over all users;
* ``session_hit_number`` numbers the events of a session from 1, in the same order.
"""

from __future__ import annotations

from objectiv_bach import DataFrame
from objectiv_bach.errors import InvalidArgumentError
from objectiv_bach.partitioning import SortColumn, Window, WindowFrameMode

_ORDER = ("moment", "event_id")


def _order(df: DataFrame, names: tuple[str, ...]) -> tuple[SortColumn, ...]:
    return tuple(SortColumn(df[n].expression) for n in names)


def sessionize(data: DataFrame, session_gap_seconds: float = 1800) -> DataFrame:
    """Add ``session_id`` and ``session_hit_number`` to an extracted-contexts frame."""
    if (isinstance(session_gap_seconds, bool) or not isinstance(session_gap_seconds, (int, float))
            or not session_gap_seconds >= 0):  # also rejects NaN
        msg = f"session_gap_seconds must be a non-negative number, got {session_gap_seconds!r}."
        raise InvalidArgumentError(msg)
    df = data.reset_index()
    node = df.base_node
    by_user = Window(partition=(df.user_id.expression,), order_by=_order(df, _ORDER), node=node)
    previous = df.moment.window_lag(window=by_user)
    gap = (df.moment - previous).dt.total_seconds
    df["is_start_of_session"] = previous.isnull() | (gap > float(session_gap_seconds))
    df = df.materialize(node_name="session_starts")

    node = df.base_node
    starts_in_time = Window(partition=(df.is_start_of_session.expression,),
                            order_by=_order(df, _ORDER), node=node)
    number = df.is_start_of_session.window_row_number(window=starts_in_time)
    df["session_start_id"] = number.where(df.is_start_of_session)
    running = Window(order_by=_order(df, ("user_id", *_ORDER)), mode=WindowFrameMode.ROWS,
                     start_boundary=None, node=node)
    df["is_one_session"] = df.is_start_of_session.astype("int64").sum(partition=running)
    df = df.materialize(node_name="session_id_and_count")

    node = df.base_node
    in_session = Window(partition=(df.is_one_session.expression,), order_by=_order(df, _ORDER),
                        node=node)
    df["session_id"] = df.session_start_id.window_first_value(window=in_session)
    df["session_hit_number"] = df.session_start_id.window_row_number(window=in_session)
    df = df.drop(columns=["is_start_of_session", "session_start_id", "is_one_session"])
    return df.set_index("event_id").materialize(node_name="objectiv_sessionized_data")
