"""Map models: per-event Series aligned with the model hub frame (index ``event_id``).

Pure functions ``DataFrame -> Series``; :class:`objectiv_modelhub.Map` is the familiar facade.
"""

from __future__ import annotations

from typing import Any

from objectiv_bach import (
    DataFrame,
    DtypeError,
    InvalidArgumentError,
    Series,
    SeriesJson,
    WindowFrameMode,
)
from objectiv_modelhub.pipelines.sessionized_data import USER_SESSION
from objectiv_modelhub.time_formats import to_strftime
from objectiv_modelhub.types import ConversionEvent


def _require(data: DataFrame, *columns: str) -> None:
    missing = [c for c in columns if c not in data.all_series]
    if missing:
        msg = (
            f"This model needs the columns {list(columns)}; the frame lacks {missing}. Use "
            "the frame from ModelHub.get_objectiv_dataframe()."
        )
        raise InvalidArgumentError(msg)


# the columns that identify a session on the per-user key path (see _sessions)
_SESSION_USER = "__session_user"
_SESSION_NUMBER = "__session_number"


def _sessions(data: DataFrame) -> tuple[DataFrame, list[str]]:
    """``data`` with the columns that identify its sessions, and their names.

    On a frame of :meth:`ModelHub.get_objectiv_dataframe` whose hidden per-user session number
    (``USER_SESSION``) is still valid, that is (``user_id``, the number): the same sessions as
    ``session_id``, NULL where it is NULL, without the global numbering of the sessions and its
    join. Otherwise (``session_id`` or ``user_id`` replaced, a merged frame ...) ``session_id``.
    """
    if USER_SESSION not in data.hidden_columns or "user_id" not in data.data_columns:
        return data, ["session_id"]
    frame = data.copy()
    frame[_SESSION_USER] = data.user_id
    frame[_SESSION_NUMBER] = data.get_hidden(USER_SESSION)
    return frame, [_SESSION_USER, _SESSION_NUMBER]


def _window(
    data: DataFrame,
    *by: Any,
    order: tuple[str, ...] = (),
    mode: WindowFrameMode = WindowFrameMode.RANGE,
) -> DataFrame:
    """``data.sort_values(order).groupby(by).window(mode=mode)`` on only the columns it needs.

    Taking only those columns keeps other (e.g. window) columns of ``data`` from making the
    grouping a new query step.
    """
    names = {b for b in (*by, *order) if isinstance(b, str)} | {
        b.name for b in by if isinstance(b, Series)
    }
    frame = data[[c for c in data.data_columns if c in names]]
    if order:
        frame = frame.sort_values(list(order))
    return frame.groupby(list(by)).window(mode=mode)


def is_first_session(data: DataFrame) -> Series:
    """True for events in the user's first session.

    The first session is the lowest ``session_id`` of the ``user_id`` (a window per user).

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).

    Returns
    -------
    Series
        A bool Series named ``is_first_session``, indexed by ``event_id``.

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
    >>> counts = is_first_session(df).value_counts().sort_index().to_pandas()
    >>> counts.index.tolist(), counts.tolist()
    ([False, True], [231, 69])
    >>> con.close()
    """
    _require(data, "user_id", "session_id")
    first = data.session_id.min(partition=_window(data, "user_id"))
    return (first == data.session_id).rename("is_first_session")


def is_new_user(data: DataFrame, time_aggregation: str) -> Series:
    """True for events of users whose first session is in the event's time-aggregation period.

    Compares the lowest ``session_id`` per (``user_id``, period) with the lowest per
    ``user_id``; the period is ``moment`` formatted with ``time_aggregation``.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
    time_aggregation : str
        A strftime format (a PostgreSQL pattern such as ``'YYYY-MM-DD'`` is translated).

    Returns
    -------
    Series
        A bool Series named ``is_new_user``, indexed by ``event_id``.

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
    >>> counts = is_new_user(df, '%Y-%m-%d').value_counts().sort_index().to_pandas()
    >>> counts.index.tolist(), counts.tolist()
    ([False, True], [152, 148])
    >>> con.close()
    """
    _require(data, "user_id", "session_id", "moment")
    period = data.moment.dt.strftime(to_strftime(time_aggregation)).rename("__period")
    first_in_period = data.session_id.min(partition=_window(data, "user_id", period))
    first_ever = data.session_id.min(partition=_window(data, "user_id"))
    return (first_in_period == first_ever).rename("is_new_user")


def is_conversion_event(data: DataFrame, conversion: ConversionEvent) -> Series:
    """True for events that are the conversion event.

    The event type equals the conversion's ``event_type`` and/or the conversion's location
    stack condition is a non-empty array for the event (both when both are set).

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe`.
    conversion : ConversionEvent
        The conversion (as :meth:`ModelHub.add_conversion_event` registers it).

    Returns
    -------
    Series
        A bool Series named ``is_conversion_event``, indexed by ``event_id``.

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
    >>> from objectiv_modelhub.types import ConversionEvent
    >>> success = ConversionEvent(location_stack=None, event_type='SuccessEvent')
    >>> counts = is_conversion_event(df, success).value_counts().sort_index().to_pandas()
    >>> counts.index.tolist(), counts.tolist()
    ([False, True], [296, 4])
    >>> con.close()
    """
    _require(data, "event_type", "location_stack")
    location_stack, event_type = conversion.location_stack, conversion.event_type
    condition: Series | None = None
    if event_type is not None:
        condition = data.event_type == event_type
    if location_stack is not None:
        stack = location_stack(data) if callable(location_stack) else location_stack
        if stack.base_node != data.base_node:
            msg = (
                "The conversion event's location_stack Series was built on another frame; "
                "pass a function of the frame, e.g. lambda df: "
                "df.location_stack.ls.slice_from({'id': 'sign-up'})."
            )
            raise InvalidArgumentError(msg)
        if not isinstance(stack, SeriesJson):
            msg = (
                f"The conversion event's location_stack must be a json Series (as "
                f"df.location_stack), not dtype {stack.dtype!r}."
            )
            raise DtypeError(msg)
        has_stack = stack.json.get_array_length() > 0
        condition = has_stack if condition is None else condition & has_stack
    if condition is None:
        msg = "A conversion event needs a location_stack, an event_type or both."
        raise InvalidArgumentError(msg)
    return condition.fillna(False).rename("is_conversion_event")


def conversions_in_time(
    data: DataFrame, conversion: ConversionEvent, partition: str = "session_id"
) -> Series:
    """Running number of conversions in ``partition`` up to and including each event.

    Ordered by ``moment`` then ``event_id`` within each ``partition`` value.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
    conversion : ConversionEvent
        The conversion (as :meth:`ModelHub.add_conversion_event` registers it).
    partition : str, default 'session_id'
        The column whose values count separately (e.g. ``'user_id'``).

    Returns
    -------
    Series
        An int64 Series named ``conversions_in_time``, indexed by ``event_id``.

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
    >>> from objectiv_modelhub.types import ConversionEvent
    >>> success = ConversionEvent(location_stack=None, event_type='SuccessEvent')
    >>> counts = conversions_in_time(df, success, 'user_id').value_counts().sort_index().to_pandas()
    >>> counts.index.tolist(), counts.tolist()
    ([0, 1], [167, 133])
    >>> con.close()
    """
    _require(data, partition, "moment")
    return _conversions_in_time(data, conversion, [partition])


def _conversions_in_time(data: DataFrame, conversion: ConversionEvent, by: list[str]) -> Series:
    flag = is_conversion_event(data, conversion).astype("int64")
    window = _window(data, *by, order=("moment", "event_id"), mode=WindowFrameMode.ROWS)
    return flag.sum(partition=window).rename("conversions_in_time")


def conversions_counter(
    data: DataFrame, conversion: ConversionEvent, partition: str = "session_id"
) -> Series:
    """Number of conversions in the event's ``partition`` (named ``converted``).

    The same total for every event of a ``partition`` value.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
    conversion : ConversionEvent
        The conversion (as :meth:`ModelHub.add_conversion_event` registers it).
    partition : str, default 'session_id'
        The column whose values count separately (e.g. ``'user_id'``).

    Returns
    -------
    Series
        An int64 Series named ``converted``, indexed by ``event_id``.

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
    >>> from objectiv_modelhub.types import ConversionEvent
    >>> success = ConversionEvent(location_stack=None, event_type='SuccessEvent')
    >>> counts = conversions_counter(df, success, 'user_id').value_counts().sort_index().to_pandas()
    >>> counts.index.tolist(), counts.tolist()
    ([0, 1], [59, 241])
    >>> con.close()
    """
    _require(data, partition)
    return _conversions_counter(data, conversion, [partition])


def _conversions_counter(data: DataFrame, conversion: ConversionEvent, by: list[str]) -> Series:
    flag = is_conversion_event(data, conversion).astype("int64")
    return flag.sum(partition=_window(data, *by)).rename("converted")


def pre_conversion_hit_number(
    data: DataFrame, conversion: ConversionEvent, partition: str = "session_id"
) -> Series:
    """The number of hits before the first conversion of the event's ``partition``.

    1 is the hit right before it; NULL for events after it and in partitions without one.

    Parameters
    ----------
    data : DataFrame
        A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
    conversion : ConversionEvent
        The conversion (as :meth:`ModelHub.add_conversion_event` registers it).
    partition : str, default 'session_id'
        The column whose values count separately (e.g. ``'user_id'``).

    Returns
    -------
    Series
        An int64 Series named ``pre_conversion_hit_number``, indexed by ``event_id``.

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
    >>> from objectiv_modelhub.types import ConversionEvent
    >>> success = ConversionEvent(location_stack=None, event_type='SuccessEvent')
    >>> counts = pre_conversion_hit_number(df, success).value_counts().sort_index().to_pandas()
    >>> counts.index.tolist(), counts.tolist()
    ([1, 2, 3, 4, 5], [4, 2, 2, 1, 1])
    >>> con.close()
    """
    _require(data, partition, "moment")
    frame = data.copy()
    frame["__in_time"] = conversions_in_time(data, conversion, partition)
    frame["__converted"] = conversions_counter(data, conversion, partition)
    frame = frame.materialize(node_name="pre_conversion")
    before = (frame["__in_time"] == 0) & (frame["__converted"] >= 1)
    frame["__before"] = before
    backwards = (
        frame[[partition, "__before", "moment"]]
        .sort_values(["moment", "event_id"], ascending=False)
        .groupby([partition, "__before"])
        .window()
    )
    number = backwards.moment.window_row_number()
    return number.where(before).rename("pre_conversion_hit_number")
