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
from objectiv_modelhub.time_formats import to_strftime
from objectiv_modelhub.types import ConversionEvent


def _require(data: DataFrame, *columns: str) -> None:
    missing = [c for c in columns if c not in data.all_series]
    if missing:
        msg = (f"This model needs the columns {list(columns)}; the frame lacks {missing}. Use "
               "the frame from ModelHub.get_objectiv_dataframe().")
        raise InvalidArgumentError(msg)


def _window(data: DataFrame, *by: Any, order: tuple[str, ...] = (),
            mode: WindowFrameMode = WindowFrameMode.RANGE) -> DataFrame:
    """``data.sort_values(order).groupby(by).window(mode=mode)`` on only the columns it needs,
    so that other (e.g. window) columns of ``data`` do not make the grouping a new query step.
    """
    names = {b for b in (*by, *order) if isinstance(b, str)} | {
        b.name for b in by if isinstance(b, Series)}
    frame = data[[c for c in data.data_columns if c in names]]
    if order:
        frame = frame.sort_values(list(order))
    return frame.groupby(list(by)).window(mode=mode)


def is_first_session(data: DataFrame) -> Series:
    """True for events in the user's first session."""
    _require(data, "user_id", "session_id")
    first = data.session_id.min(partition=_window(data, "user_id"))
    return (first == data.session_id).rename("is_first_session")


def is_new_user(data: DataFrame, time_aggregation: str) -> Series:
    """True for events of users whose first session is in the event's time-aggregation period."""
    _require(data, "user_id", "session_id", "moment")
    period = data.moment.dt.strftime(to_strftime(time_aggregation)).rename("__period")
    first_in_period = data.session_id.min(partition=_window(data, "user_id", period))
    first_ever = data.session_id.min(partition=_window(data, "user_id"))
    return (first_in_period == first_ever).rename("is_new_user")


def is_conversion_event(data: DataFrame, conversion: ConversionEvent) -> Series:
    """True for events that are the conversion event."""
    _require(data, "event_type", "location_stack")
    location_stack, event_type = conversion.location_stack, conversion.event_type
    condition: Series | None = None
    if event_type is not None:
        condition = data.event_type == event_type
    if location_stack is not None:
        stack = location_stack(data) if callable(location_stack) else location_stack
        if stack.base_node != data.base_node:
            msg = ("The conversion event's location_stack Series was built on another frame; "
                   "pass a function of the frame, e.g. lambda df: "
                   "df.location_stack.ls.slice_from({'id': 'sign-up'}).")
            raise InvalidArgumentError(msg)
        if not isinstance(stack, SeriesJson):
            msg = (f"The conversion event's location_stack must be a json Series (as "
                   f"df.location_stack), not dtype {stack.dtype!r}.")
            raise DtypeError(msg)
        has_stack = stack.json.get_array_length() > 0
        condition = has_stack if condition is None else condition & has_stack
    if condition is None:
        msg = "A conversion event needs a location_stack, an event_type or both."
        raise InvalidArgumentError(msg)
    return condition.fillna(False).rename("is_conversion_event")


def conversions_in_time(data: DataFrame, conversion: ConversionEvent,
                        partition: str = "session_id") -> Series:
    """Running number of conversions in ``partition`` up to and including each event."""
    _require(data, partition, "moment")
    flag = is_conversion_event(data, conversion).astype("int64")
    window = _window(data, partition, order=("moment", "event_id"), mode=WindowFrameMode.ROWS)
    return flag.sum(partition=window).rename("conversions_in_time")


def conversions_counter(data: DataFrame, conversion: ConversionEvent,
                        partition: str = "session_id") -> Series:
    """Number of conversions in the event's ``partition`` (named ``converted``)."""
    _require(data, partition)
    flag = is_conversion_event(data, conversion).astype("int64")
    return flag.sum(partition=_window(data, partition)).rename("converted")


def pre_conversion_hit_number(data: DataFrame, conversion: ConversionEvent,
                              partition: str = "session_id") -> Series:
    """The number of hits before the first conversion of the event's ``partition``.

    1 is the hit right before it; NULL for events after it and in partitions without one.
    """
    _require(data, partition, "moment")
    frame = data.copy()
    frame["__in_time"] = conversions_in_time(data, conversion, partition)
    frame["__converted"] = conversions_counter(data, conversion, partition)
    frame = frame.materialize(node_name="pre_conversion")
    before = (frame["__in_time"] == 0) & (frame["__converted"] >= 1)
    frame["__before"] = before
    backwards = frame[[partition, "__before", "moment"]].sort_values(
        ["moment", "event_id"], ascending=False).groupby([partition, "__before"]).window()
    number = backwards.moment.window_row_number()
    return number.where(before).rename("pre_conversion_hit_number")

