"""``ModelHub``: the familiar facade of the original model hub over the pure models."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from objectiv_bach import DataFrame, Series
from objectiv_bach.errors import InvalidArgumentError
from objectiv_modelhub.models import aggregate as agg_models
from objectiv_modelhub.models import map as map_models
from objectiv_modelhub.pipelines import (
    anonymize_user_ids_without_identity,
    extract_contexts,
    resolve_identities,
    sessionize,
)

#: strftime format of ``time_agg`` by default (the original's)
DEFAULT_TIME_AGGREGATION = "%Y-%m-%d %H:%M:%S.%f"


class _NotSet:
    def __repr__(self) -> str:
        return "not_set"


not_set: Any = _NotSet()


@dataclass(frozen=True)
class ConversionEvent:
    """A conversion: an event type, a location-stack condition, or both."""

    location_stack: Series | Callable[[DataFrame], Series] | None
    event_type: str | None


class ModelHub:
    """Entry point of the open model hub.

    Parameters
    ----------
    time_aggregation : str
        strftime format that groups moments into periods for ``time_agg`` and the aggregation
        models' default ``groupby`` (e.g. ``'%Y-%m-%d'`` for days).
    global_contexts : list of str
        Global contexts to extract as columns, by snake_case name: ``'application'``,
        ``'http'``, ``'marketing'``, ``'identity'``, ``'cookie_id'``, ...

    Examples
    --------
    Write a small, seeded sample of events to a fresh DuckDB database and count the users per
    day:

    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> events = generate_events(200, seed=1, start='2022-01-01', days=3, n_users=10)
    >>> write_events(con, events)
    200
    >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
    >>> df = mh.get_objectiv_dataframe(engine=con)
    >>> len(df.to_pandas())
    200
    >>> per_day = mh.agg.unique_users(df).sort_index().to_pandas()
    >>> per_day.index.tolist()
    ['2022-01-01', '2022-01-02', '2022-01-03']
    >>> int(per_day.sum())
    18
    >>> int(mh.agg.unique_users(df, groupby=None).value)
    10
    >>> con.close()
    """

    def __init__(self, time_aggregation: str = DEFAULT_TIME_AGGREGATION,
                 global_contexts: list[str] | None = None):
        self._time_aggregation = time_aggregation
        self._global_contexts = list(global_contexts or [])
        self._conversion_events: dict[str, ConversionEvent] = {}

    def __repr__(self) -> str:
        return (f"ModelHub(time_aggregation={self._time_aggregation!r}, "
                f"global_contexts={self._global_contexts!r}, "
                f"conversion_events={list(self._conversion_events)!r})")

    @property
    def time_aggregation(self) -> str:
        return self._time_aggregation

    @property
    def global_contexts(self) -> list[str]:
        return list(self._global_contexts)

    @property
    def conversion_events(self) -> dict[str, tuple[Any, str | None]]:
        return {n: (c.location_stack, c.event_type) for n, c in self._conversion_events.items()}

    def get_objectiv_dataframe(
        self,
        *,
        engine: Any = None,
        db_url: str | None = None,
        table_name: str = "data",
        start_date: Any = None,
        end_date: Any = None,
        with_sessionized_data: bool = True,
        session_gap_seconds: float = 1800,
        identity_resolution: str | None = None,
        anonymize_unidentified_users: bool = True,
    ) -> DataFrame:
        """The events of the native Objectiv table as a DataFrame indexed by ``event_id``.

        ``engine`` is anything Bach accepts (a SQLAlchemy engine, a URL, a DuckDB connection,
        or None for the default in-memory DuckDB); ``db_url`` is the original's name for a URL
        (default: env ``DSN``). With ``identity_resolution`` (an IdentityContext id such as
        ``'email'``, or ``''`` for any), user ids become the last identity of each cookie;
        ``anonymize_unidentified_users`` then sets the user id of cookies without identity to
        NULL.
        """
        if engine is None:
            engine = db_url or os.environ.get("DSN")
        contexts = list(self._global_contexts)
        if identity_resolution is not None and "identity" not in contexts:
            contexts.append("identity")
        data = extract_contexts(engine, table_name, start_date=start_date, end_date=end_date,
                                global_contexts=contexts)
        if identity_resolution is not None:
            data = resolve_identities(data, identity_resolution or None)
        if with_sessionized_data:
            data = sessionize(data, session_gap_seconds)
        if identity_resolution is not None:
            if anonymize_unidentified_users:
                data = anonymize_user_ids_without_identity(data)
            data = data.drop(columns=["identity_user_id"])
            if "identity" not in self._global_contexts:
                data = data.drop(columns=["identity"])
        # the original's column order: the event columns, the session columns, the contexts
        contexts = [c for c in self._global_contexts if c in data.columns]
        return data[[*(c for c in data.columns if c not in contexts), *contexts]]

    def add_conversion_event(self, location_stack: Any = None, event_type: str | None = None,
                             name: str | None = None) -> str:
        """Register a conversion event; returns its name (default ``conversion_<n>``)."""
        if location_stack is None and event_type is None:
            msg = "add_conversion_event needs a location_stack, an event_type or both."
            raise InvalidArgumentError(msg)
        name = name or f"conversion_{len(self._conversion_events)}"
        self._conversion_events[name] = ConversionEvent(location_stack, event_type)
        return name

    def conversion(self, name: str) -> ConversionEvent:
        try:
            return self._conversion_events[name]
        except KeyError:
            msg = (f"No conversion event named {name!r}; known: {sorted(self._conversion_events)}."
                   " Add one with add_conversion_event().")
            raise InvalidArgumentError(msg) from None

    def time_agg(self, data: DataFrame, time_aggregation: str | None = None) -> Series:
        """``moment`` formatted with ``time_aggregation`` (a string Series, ``time_aggregation``)."""
        fmt = time_aggregation or self._time_aggregation
        return data.moment.dt.strftime(fmt).rename("time_aggregation")

    @property
    def map(self) -> Map:
        return Map(self)

    @property
    def agg(self) -> Aggregate:
        return Aggregate(self)

    aggregate = agg


class Map:
    """Per-event models (``modelhub.map``)."""

    def __init__(self, mh: ModelHub):
        self._mh = mh

    def __repr__(self) -> str:
        models = [m for m in dir(self) if not m.startswith("_")]
        return f"<{type(self).__name__} models of {self._mh!r}: {', '.join(models)}>"

    def is_first_session(self, data: DataFrame) -> Series:
        return map_models.is_first_session(data)

    def is_new_user(self, data: DataFrame, time_aggregation: str | None = None) -> Series:
        return map_models.is_new_user(data, time_aggregation or self._mh.time_aggregation)

    def is_conversion_event(self, data: DataFrame, name: str) -> Series:
        return map_models.is_conversion_event(data, self._mh.conversion(name))

    def conversions_in_time(self, data: DataFrame, name: str, partition: str = "session_id"
                            ) -> Series:
        return map_models.conversions_in_time(data, self._mh.conversion(name), partition)

    def conversions_counter(self, data: DataFrame, name: str, partition: str = "session_id"
                            ) -> Series:
        return map_models.conversions_counter(data, self._mh.conversion(name), partition)

    def pre_conversion_hit_number(self, data: DataFrame, name: str,
                                  partition: str = "session_id") -> Series:
        return map_models.pre_conversion_hit_number(data, self._mh.conversion(name), partition)


class Aggregate:
    """Aggregation models (``modelhub.agg``); ``groupby`` defaults to the time aggregation."""

    def __init__(self, mh: ModelHub):
        self._mh = mh

    def __repr__(self) -> str:
        models = [m for m in dir(self) if not m.startswith("_")]
        return f"<{type(self).__name__} models of {self._mh!r}: {', '.join(models)}>"

    def _groupby(self, data: DataFrame, groupby: Any) -> Any:
        return self._mh.time_agg(data) if groupby is not_set else groupby

    def unique_users(self, data: DataFrame, groupby: Any = not_set) -> Series:
        return agg_models.unique_users(data, self._groupby(data, groupby))

    def unique_sessions(self, data: DataFrame, groupby: Any = not_set) -> Series:
        return agg_models.unique_sessions(data, self._groupby(data, groupby))

    def session_duration(self, data: DataFrame, groupby: Any = not_set,
                         exclude_bounces: bool = True, method: str = "mean") -> Series:
        return agg_models.session_duration(data, self._groupby(data, groupby),
                                           exclude_bounces, method)

    def frequency(self, data: DataFrame) -> Series:
        return agg_models.frequency(data)
