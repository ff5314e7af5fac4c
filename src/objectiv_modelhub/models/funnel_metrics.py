"""Funnel metrics over locations: where users drop off, and how each step converts.

Pure functions ``DataFrame -> DataFrame``; :class:`objectiv_modelhub.Aggregate` is the facade.
Events are ordered by ``moment``, ties by ``event_id``, in every sequence below.
"""

from __future__ import annotations

from typing import Any

from objectiv_bach import DataFrame, InvalidArgumentError
from objectiv_modelhub.models.locations import location_name, location_series
from objectiv_modelhub.models.map import _require

_ORDER = ["moment", "event_id"]
#: the columns of :func:`funnel_conversion` after the group keys
FUNNEL_COLUMNS = [
    "location",
    "n_users",
    "n_users_completed_step",
    "step_conversion_rate",
    "full_conversion_rate",
    "dropoff_share",
]


def _keys(groupby: Any, what: str) -> list[str]:
    keys = [] if groupby is None else (groupby if isinstance(groupby, list) else [groupby])
    if not all(isinstance(k, str) for k in keys):
        msg = f"{what}(groupby={groupby!r}): give a column name, a list of names, or None."
        raise InvalidArgumentError(msg)
    for forbidden in ("location", "moment"):
        if forbidden in keys:
            msg = (
                f"{what}: {forbidden!r} is in groupby={groupby!r}, but the model orders by "
                f"moment and groups by location itself; leave {forbidden!r} out of groupby."
            )
            raise InvalidArgumentError(msg)
    return keys


def _with_location(
    data: DataFrame, location_stack: Any, keys: list[str], raw: bool = False
) -> DataFrame:
    _require(data, "moment", *keys)
    frame = data[list(dict.fromkeys([*keys, "user_id", "moment"]))]
    frame["location"] = location_series(data, location_stack, raw=raw)
    frame = frame.reset_index()
    if "event_id" not in frame.data_columns:
        msg = "The frame needs its event_id index (as ModelHub.get_objectiv_dataframe gives)."
        raise InvalidArgumentError(msg)
    return frame


def drop_off_locations(
    data: DataFrame, location_stack: Any = None, groupby: Any = "user_id", percentage: bool = False
) -> DataFrame:
    """The locations where users drop off: the last location of each group, counted.

    For each ``groupby`` group (by default each user) the location of its last event (by
    ``moment``, ties by ``event_id``), then the number of groups per such location.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe`.
    location_stack : None, str, Series or callable, optional
        The location of an event: None for the whole location stack's nice name; a slice of
        the stack (a Series of ``data``, or a function of the frame giving one); or a column
        name (e.g. a ``feature_nice_name`` column). Stacks become their nice name.
    groupby : str or list of str, default 'user_id'
        The column(s) whose groups each end somewhere (e.g. ``'session_id'``).
    percentage : bool, default False
        Give the share of the groups in percent (float64) instead of the number.

    Returns
    -------
    DataFrame
        Indexed by ``location``, one column: ``value_counts`` (int64, the number of groups
        ending there) or ``percentage``; most frequent first (ties by location).

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
    >>> drops = drop_off_locations(df, groupby='session_id').to_pandas()
    >>> int(drops['value_counts'].sum()), drops.columns.tolist()
    (55, ['value_counts'])
    >>> shares = drop_off_locations(df, percentage=True).to_pandas()
    >>> round(float(shares.percentage.sum()), 6)
    100.0
    >>> con.close()
    """
    if not isinstance(percentage, bool):
        msg = f"percentage must be True or False, got {percentage!r}."
        raise InvalidArgumentError(msg)
    keys = _keys(groupby, "drop_off_locations")
    if not keys:
        msg = "drop_off_locations needs groupby: the column(s) whose last location counts."
        raise InvalidArgumentError(msg)
    # the nice name only of the groups' last events: the stack itself goes through the window
    frame = _with_location(data, location_stack, keys, raw=True)
    latest_first = frame.sort_values(_ORDER, ascending=False).groupby(keys).window()
    frame["__rank"] = latest_first.moment.window_row_number()
    frame = frame.materialize(node_name="last_location")
    last = frame[frame["__rank"] == 1]
    last = last[["location"]]
    last["location"] = location_name(last.location)
    counts = last.location.value_counts(normalize=percentage, sort=False)
    name = "percentage" if percentage else "value_counts"
    if percentage:
        counts = counts * 100
    result = counts.rename(name).to_frame()
    return result.sort_values([name, "location"], ascending=[False, True])


def funnel_conversion(
    data: DataFrame, location_stack: Any = None, groupby: Any = None
) -> DataFrame:
    """Conversion numbers of every location as a step of a funnel.

    The events of each user (per ``groupby`` group: user and group keys) form a sequence of
    steps, one per event, in ``moment`` order (ties by ``event_id``); events without a
    location are left out. A user *completes* a step when one of their events at that
    location is followed by another event of the sequence. Per (group keys, location):

    * ``n_users``: distinct users with the location as a step;
    * ``n_users_completed_step``: distinct users that completed it;
    * ``step_conversion_rate``: ``n_users_completed_step / n_users``;
    * ``full_conversion_rate``: ``n_users_completed_step`` divided by the users that start the
      funnel, taken as the largest ``n_users`` of the group (the funnel's widest step);
    * ``dropoff_share``: ``(n_users - n_users_completed_step)`` divided by that same number.

    The rates are rounded to 3 decimals. Filter the frame to the funnel's events first.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe`.
    location_stack : None, str, Series or callable, optional
        The step of an event: None for the whole location stack's nice name; a slice of the
        stack (a Series of ``data``, or a function of the frame giving one); or a column name.
    groupby : str or list of str, optional
        Group keys (e.g. ``'day'``); None for one funnel over all data.

    Returns
    -------
    DataFrame
        Indexed by the group keys (no index for None), with the columns ``location``,
        ``n_users``, ``n_users_completed_step`` (int64) and ``step_conversion_rate``,
        ``full_conversion_rate``, ``dropoff_share`` (float64); sorted by the group keys, then
        ``n_users`` descending, then location.

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
    >>> df['feature'] = df.location_stack.ls.nice_name.str[:12]
    >>> steps = funnel_conversion(df, location_stack='feature').to_pandas()
    >>> print(steps.head(3).to_string(index=False))
        location  n_users  n_users_completed_step  step_conversion_rate  full_conversion_rate  dropoff_share
    Root Locatio       10                      10                   1.0                   1.0            0.0
    Link: logo l        8                       8                   1.0                   0.8            0.0
    Expandable:         6                       6                   1.0                   0.6            0.0
    >>> con.close()
    """
    keys = _keys(groupby, "funnel_conversion")
    frame = _with_location(data, location_stack, keys).materialize(node_name="funnel_locations")
    frame = frame[frame.location.notnull()]
    partition = list(dict.fromkeys([*keys, "user_id"]))
    sequence = frame.sort_values(_ORDER).groupby(partition).window()
    frame["__next"] = sequence.location.window_lead()
    frame = frame.materialize(node_name="funnel_steps")
    frame["__completed_user"] = frame.user_id.where(frame["__next"].notnull())
    grouped = frame.groupby([*keys, "location"])
    steps = grouped[["user_id", "__completed_user"]].nunique()
    steps = steps.rename(
        columns={"user_id_nunique": "n_users", "__completed_user_nunique": "n_users_completed_step"}
    )
    steps = steps.reset_index().materialize(node_name="funnel_step_users")
    top = steps.n_users.max(partition=steps.groupby(keys or None).window()) if keys else None
    start = top if top is not None else steps.n_users.max(partition=steps.window())
    completed = steps.n_users_completed_step
    steps["step_conversion_rate"] = (completed / steps.n_users).round(3)
    steps["full_conversion_rate"] = (completed / start).round(3)
    steps["dropoff_share"] = ((steps.n_users - completed) / start).round(3)
    steps = steps[[*keys, *FUNNEL_COLUMNS]]
    steps = steps.sort_values(
        [*keys, "n_users", "location"], ascending=[*(True for _ in keys), False, True]
    )
    return steps.set_index(keys) if keys else steps
