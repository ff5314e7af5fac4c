"""Aggregation models: pure functions ``DataFrame -> Series | DataFrame``.

``groupby`` follows the original: a column name, a Series, a list of them, or ``None`` for one
number over all data. The :class:`objectiv_modelhub.Aggregate` facade defaults it to the model
hub's time aggregation.
"""

from __future__ import annotations

from typing import Any

from objectiv_bach import BachError, DataFrame, InvalidArgumentError, Series
from objectiv_modelhub.models.map import _SESSION_NUMBER, _require, _sessions
from objectiv_modelhub.pipelines.sessionized_data import SESSION_START

_SESSION_VALUE = "__session_value"


class GroupbyNotAllowedError(BachError, KeyError):
    """A ``groupby`` on the column that the model aggregates (a ``KeyError``, as the original's).

    Examples
    --------
    >>> issubclass(GroupbyNotAllowedError, KeyError)
    True
    """

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


def _keys(groupby: Any) -> list[Any]:
    return [] if groupby is None else (groupby if isinstance(groupby, list) else [groupby])


def _names(keys: list[Any]) -> list[str]:
    return [k if isinstance(k, str) else k.name for k in keys]


def _grouped(data: DataFrame, groupby: Any, aggregated: str) -> DataFrame:
    keys = _keys(groupby)
    for key in keys:
        name = key if isinstance(key, str) else key.name
        if name == aggregated:
            msg = (
                f"{aggregated!r} is in groupby but is needed for aggregation: not allowed to "
                f"group on that. Leave {name!r} out of groupby={groupby!r}; group by another "
                "column, a time aggregation, or None for one total."
            )
            raise GroupbyNotAllowedError(msg)
    if data.group_by is not None:
        msg = "Pass an ungrouped frame; the model groups it by groupby=."
        raise InvalidArgumentError(msg)
    return data.groupby(keys or None)


def unique_users(data: DataFrame, groupby: Any = None) -> Series:
    """Number of distinct users (``user_id``) per ``groupby`` group.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe`.
    groupby : str, Series, list or None
        Group key(s); None for one number over all data.

    Returns
    -------
    Series
        An int64 Series named ``unique_users``, indexed by the group keys.

    Raises
    ------
    GroupbyNotAllowedError
        For a groupby on ``user_id`` (a ``KeyError``).

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
    ...                                       n_users=10))
    >>> df = ModelHub().get_objectiv_dataframe(engine=con)
    >>> users = unique_users(df, 'event_type').to_pandas()
    >>> int(users['PressEvent']), int(users['SuccessEvent'])
    (10, 4)
    >>> con.close()
    """
    _require(data, "user_id")
    return _grouped(data, groupby, "user_id").user_id.nunique().rename("unique_users")


def unique_sessions(data: DataFrame, groupby: Any = None) -> Series:
    """Number of distinct sessions (``session_id``) per ``groupby`` group.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
    groupby : str, Series, list or None
        Group key(s); None for one number over all data.

    Returns
    -------
    Series
        An int64 Series named ``unique_sessions``, indexed by the group keys.

    Raises
    ------
    GroupbyNotAllowedError
        For a groupby on ``session_id`` (a ``KeyError``).

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
    ...                                       n_users=10))
    >>> df = ModelHub().get_objectiv_dataframe(engine=con)
    >>> int(unique_sessions(df, None).value)
    55
    >>> con.close()
    """
    _require(data, "session_id")
    grouped = _grouped(data, groupby, "session_id")
    frame, session = _sessions(data)
    if session == ["session_id"]:
        return grouped.session_id.nunique().rename("unique_sessions")
    # one row per (group, session), then the sessions per group: a NULL session counts as none
    keys = _keys(groupby)
    frame[_SESSION_VALUE] = frame[_SESSION_NUMBER]
    per_session = frame.groupby([*keys, *session])[_SESSION_VALUE].count().reset_index()
    names = _names(keys)
    counted = per_session.groupby(names or None)[_SESSION_NUMBER].count()
    return counted.rename("unique_sessions")


def session_duration(
    data: DataFrame, groupby: Any = None, exclude_bounces: bool = True, method: str = "mean"
) -> Series:
    """Mean (or total) session duration per ``groupby`` group, as a timedelta.

    A session's duration is its last event's moment minus its first, per (group keys,
    ``session_id``). With ``exclude_bounces`` sessions of zero duration (single-event
    sessions, among others) are left out.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
    groupby : str, Series, list or None
        Group key(s); None for one number over all data.
    exclude_bounces : bool, default True
        Leave out sessions of zero duration.
    method : {'mean', 'sum'}, default 'mean'
        Average or add up the sessions' durations.

    Returns
    -------
    Series
        A timedelta Series named ``session_duration``, indexed by the group keys.

    Raises
    ------
    GroupbyNotAllowedError
        For a groupby on ``session_id`` (a ``KeyError``).

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
    ...                                       n_users=10))
    >>> df = ModelHub().get_objectiv_dataframe(engine=con)
    >>> str(session_duration(df, None, method='sum').value.floor('s'))
    '0 days 02:25:50'
    >>> con.close()
    """
    _require(data, "session_id", "moment")
    if method not in ("mean", "sum"):
        msg = f"method={method!r}: choose 'mean' or 'sum'."
        raise InvalidArgumentError(msg)
    keys = _keys(groupby)
    _grouped(data, keys, "session_id")  # refuses a groupby on session_id
    frame, session = _sessions(data)
    per_session = _grouped(frame, [*keys, *session], "moment")
    sessions = per_session[["moment"]].agg(["min", "max"])
    sessions["session_duration"] = sessions.moment_max - sessions.moment_min
    sessions = sessions.reset_index()
    if exclude_bounces:
        sessions = sessions[sessions.session_duration.dt.total_seconds > 0]
    names = _names(keys)
    grouped = sessions.groupby(names or None)
    return getattr(grouped.session_duration, method)().rename("session_duration")


def frequency(data: DataFrame) -> Series:
    """Number of users per number of sessions they had.

    Distinct sessions per ``user_id``, then distinct users per count (over all data).

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).

    Returns
    -------
    Series
        An int64 Series named ``user_id_nunique``, indexed by ``session_id_nunique``.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
    ...                                       n_users=10))
    >>> df = ModelHub().get_objectiv_dataframe(engine=con)
    >>> counts = frequency(df).sort_index().to_pandas()
    >>> counts.index.tolist(), counts.tolist()
    ([1, 2, 7, 8, 12], [2, 3, 1, 2, 2])
    >>> con.close()
    """
    _require(data, "user_id", "session_id")
    if SESSION_START in data.hidden_columns:
        # all the rows of the sessionized frame: a user's sessions are its session starts
        frame = data.copy()
        frame[_SESSION_VALUE] = data.get_hidden(SESSION_START).astype("int64")
        per_user = frame.groupby("user_id")[_SESSION_VALUE].sum()
    else:
        frame, session = _sessions(data)
        per_user = frame.groupby("user_id")[session[-1]].nunique()
    sessions_per_user = per_user.rename("session_id_nunique").to_frame().reset_index()
    return (
        sessions_per_user.groupby("session_id_nunique").user_id.nunique().rename("user_id_nunique")
    )
