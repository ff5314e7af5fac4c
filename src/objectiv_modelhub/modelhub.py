"""``ModelHub``: the familiar facade of the original model hub over the pure models."""

from __future__ import annotations

import os
from typing import Any

from objectiv_bach import DataFrame, InvalidArgumentError, Series
from objectiv_modelhub.models import aggregate as agg_models
from objectiv_modelhub.models import map as map_models
from objectiv_modelhub.pipelines import (
    anonymize_user_ids_without_identity,
    extract_contexts,
    resolve_identities,
    sessionize,
)
from objectiv_modelhub.types import ConversionEvent

#: strftime format of ``time_agg`` by default (the original's)
DEFAULT_TIME_AGGREGATION = "%Y-%m-%d %H:%M:%S.%f"


class _NotSet:
    def __repr__(self) -> str:
        return "not_set"


not_set: Any = _NotSet()


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
        """The strftime format that groups moments into periods (``time_agg``)."""
        return self._time_aggregation

    @property
    def global_contexts(self) -> list[str]:
        """The global contexts extracted as columns by ``get_objectiv_dataframe``."""
        return list(self._global_contexts)

    @property
    def conversion_events(self) -> dict[str, tuple[Any, str | None]]:
        """The registered conversion events: name -> (location stack condition, event type)."""
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
        """The conversion event registered as ``name`` (see :meth:`add_conversion_event`).

        Raises
        ------
        InvalidArgumentError
            For a name that was not registered; the message lists the known names.
        """
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
        """The per-event models (:class:`Map`), e.g. ``mh.map.is_first_session(df)``."""
        return Map(self)

    @property
    def agg(self) -> Aggregate:
        """The aggregation models (:class:`Aggregate`), e.g. ``mh.agg.unique_users(df)``."""
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
        """Per event: whether it is in the user's first session (a bool Series).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        """
        return map_models.is_first_session(data)

    def is_new_user(self, data: DataFrame, time_aggregation: str | None = None) -> Series:
        """Per event: whether the user's first session falls in the event's time period.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        time_aggregation : str, optional
            The strftime format of the periods (default: the ModelHub's).
        """
        return map_models.is_new_user(data, time_aggregation or self._mh.time_aggregation)

    def is_conversion_event(self, data: DataFrame, name: str) -> Series:
        """Per event: whether it is the conversion event ``name`` (a bool Series).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe`.
        name : str
            A conversion event registered with :meth:`ModelHub.add_conversion_event`.
        """
        return map_models.is_conversion_event(data, self._mh.conversion(name))

    def conversions_in_time(self, data: DataFrame, name: str, partition: str = "session_id"
                            ) -> Series:
        """Per event: the number of conversions ``name`` so far in its ``partition``.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        name : str
            A registered conversion event.
        partition : str, default 'session_id'
            The column whose values count separately.
        """
        return map_models.conversions_in_time(data, self._mh.conversion(name), partition)

    def conversions_counter(self, data: DataFrame, name: str, partition: str = "session_id"
                            ) -> Series:
        """Per event: the total number of conversions ``name`` in its ``partition``.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        name : str
            A registered conversion event.
        partition : str, default 'session_id'
            The column whose values count separately.
        """
        return map_models.conversions_counter(data, self._mh.conversion(name), partition)

    def pre_conversion_hit_number(self, data: DataFrame, name: str,
                                  partition: str = "session_id") -> Series:
        """Per event: its hit number counted back from the first conversion of its partition.

        Events after the first conversion, and in partitions without one, get NULL.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        name : str
            A registered conversion event.
        partition : str, default 'session_id'
            The column whose values count separately.
        """
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
        """The number of unique users per time period (or per ``groupby``).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe`.
        groupby : optional
            Group key(s); default the time aggregation; None for one total.

        Returns
        -------
        Series
            An int64 Series named ``unique_users``.
        """
        return agg_models.unique_users(data, self._groupby(data, groupby))

    def unique_sessions(self, data: DataFrame, groupby: Any = not_set) -> Series:
        """The number of unique sessions per time period (or per ``groupby``).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        groupby : optional
            Group key(s); default the time aggregation; None for one total.

        Returns
        -------
        Series
            An int64 Series named ``unique_sessions``.
        """
        return agg_models.unique_sessions(data, self._groupby(data, groupby))

    def session_duration(self, data: DataFrame, groupby: Any = not_set,
                         exclude_bounces: bool = True, method: str = "mean") -> Series:
        """The mean (or total) session duration per time period (or per ``groupby``).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        groupby : optional
            Group key(s); default the time aggregation; None for one total.
        exclude_bounces : bool, default True
            Leave out sessions of zero duration.
        method : {'mean', 'sum'}, default 'mean'
            Average or add up the sessions' durations.

        Returns
        -------
        Series
            A timedelta Series named ``session_duration``.
        """
        return agg_models.session_duration(data, self._groupby(data, groupby),
                                           exclude_bounces, method)

    def frequency(self, data: DataFrame) -> Series:
        """The number of users per number of sessions they had.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).

        Returns
        -------
        Series
            Indexed by the number of sessions (``session_id_nunique``), the number of users.
        """
        return agg_models.frequency(data)
