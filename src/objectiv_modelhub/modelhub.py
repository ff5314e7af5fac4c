"""``ModelHub``: the familiar facade of the original model hub over the pure models."""

from __future__ import annotations

import os
from typing import Any

from objectiv_bach import DataFrame, InvalidArgumentError, Series
from objectiv_modelhub.connect import DEFAULT_BIGQUERY_TABLE, DEFAULT_TABLE, bigquery_engine
from objectiv_modelhub.models import aggregate as agg_models
from objectiv_modelhub.models import map as map_models
from objectiv_modelhub.models.aggregate import GroupbyNotAllowedError
from objectiv_modelhub.models.aggregate_more import (
    AggregateMoreMixin,
    ConversionCountRemovedError,
)
from objectiv_modelhub.models.funnel_discovery import FunnelDiscovery
from objectiv_modelhub.models.logistic_regression import LogisticRegression
from objectiv_modelhub.pipelines import (
    anonymize_user_ids_without_identity,
    extract_contexts,
    resolve_identities,
    sessionize,
)
from objectiv_modelhub.time_formats import to_strftime
from objectiv_modelhub.types import ConversionEvent

#: strftime format of ``time_agg`` by default (the original's)
DEFAULT_TIME_AGGREGATION = "%Y-%m-%d %H:%M:%S.%f"


class _NotSet:
    def __repr__(self) -> str:
        return "not_set"


not_set: Any = _NotSet()

__all__ = ["Aggregate", "GroupbyNotAllowedError", "Map", "ModelHub", "not_set"]


class ModelHub:
    """Entry point of the open model hub.

    Parameters
    ----------
    time_aggregation : str
        strftime format that groups moments into periods for ``time_agg`` and the aggregation
        models' default ``groupby`` (e.g. ``'%Y-%m-%d'`` for days). A PostgreSQL pattern of
        old notebooks (``'YYYY-MM-DD'``) is translated (see
        :mod:`objectiv_modelhub.time_formats`).
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

    def __init__(
        self,
        time_aggregation: str = DEFAULT_TIME_AGGREGATION,
        global_contexts: list[str] | None = None,
    ):
        self._time_aggregation = to_strftime(time_aggregation)
        self._global_contexts = list(global_contexts or [])
        self._conversion_events: dict[str, ConversionEvent] = {}

    def __repr__(self) -> str:
        return (
            f"ModelHub(time_aggregation={self._time_aggregation!r}, "
            f"global_contexts={self._global_contexts!r}, "
            f"conversion_events={list(self._conversion_events)!r})"
        )

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
        table_name: str | None = None,
        start_date: Any = None,
        end_date: Any = None,
        bq_credentials_path: str | None = None,
        bq_credentials: str | None = None,
        with_sessionized_data: bool = True,
        session_gap_seconds: float = 1800,
        identity_resolution: str | None = None,
        anonymize_unidentified_users: bool = True,
    ) -> DataFrame:
        """The events of the native Objectiv table as a DataFrame indexed by ``event_id``.

        Reads the table, extracts the event fields and the global contexts given to the
        constructor, optionally resolves identities and sessionizes; one row per event.

        Parameters
        ----------
        engine : optional
            Anything Bach accepts: a SQLAlchemy engine, a URL, a DuckDB connection, or None.
        db_url : str, optional
            The original's name for a URL; used when ``engine`` is None (default: env ``DSN``,
            else Bach's default in-memory DuckDB).
        table_name : str, optional
            The events table. Default ``'events'`` when the engine is built from BigQuery
            credentials (the original's BigQuery default), else ``'data'``.
        start_date, end_date : str or date, optional
            Only events of these days (inclusive).
        bq_credentials_path : str, optional
            Path of a BigQuery service-account key file; with ``db_url``
            ``'bigquery://project/dataset'`` the engine is a sqlalchemy-bigquery engine created
            with ``credentials_path`` (see :mod:`objectiv_modelhub.connect`).
        bq_credentials : str, optional
            The key file's JSON text (or that text base64-encoded, as the original passed it);
            the engine gets it as ``credentials_info``. Wins over ``bq_credentials_path``.
        with_sessionized_data : bool, default True
            Add ``session_id`` and ``session_hit_number`` (a new session after
            ``session_gap_seconds`` of inactivity).
        session_gap_seconds : float, default 1800
            The inactivity that starts a new session.
        identity_resolution : str, optional
            An IdentityContext id such as ``'email'``, or ``''`` for any: user ids become the
            last identity of each cookie.
        anonymize_unidentified_users : bool, default True
            With ``identity_resolution``: set the user id of cookies without identity to NULL.

        Returns
        -------
        DataFrame
            Index ``event_id``; columns ``day``, ``moment``, ``user_id``, ``location_stack``,
            ``event_type``, ``stack_event_types``, (``session_id``, ``session_hit_number``) and
            one column per global context.

        Examples
        --------
        >>> import duckdb
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> write_events(con, generate_events(200, seed=1, start='2022-01-01', days=3))
        200
        >>> df = ModelHub().get_objectiv_dataframe(engine=con, table_name='data')
        >>> df.index_columns, df.data_columns[:4]
        (['event_id'], ['day', 'moment', 'user_id', 'location_stack'])
        >>> con.close()
        """
        credentials = bq_credentials_path is not None or bq_credentials is not None
        if credentials:
            if engine is not None:
                msg = (
                    "Pass either engine= or BigQuery credentials with db_url="
                    "'bigquery://project/dataset', not both."
                )
                raise InvalidArgumentError(msg)
            engine = bigquery_engine(
                db_url or os.environ.get("DSN"),
                bq_credentials_path=bq_credentials_path,
                bq_credentials=bq_credentials,
            )
        elif engine is None:
            engine = db_url or os.environ.get("DSN")
        if table_name is None:
            table_name = DEFAULT_BIGQUERY_TABLE if credentials else DEFAULT_TABLE
        contexts = list(self._global_contexts)
        if identity_resolution is not None and "identity" not in contexts:
            contexts.append("identity")
        data = extract_contexts(
            engine, table_name, start_date=start_date, end_date=end_date, global_contexts=contexts
        )
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

    def add_conversion_event(
        self, location_stack: Any = None, event_type: str | None = None, name: str | None = None
    ) -> str:
        """Register a conversion event for the conversion models of :class:`Map`.

        Parameters
        ----------
        location_stack : Series or callable, optional
            A json Series of the frame (e.g. ``df.location_stack.ls.slice_from({...})``) or a
            function of the frame that returns one; an event matches when it is not empty.
        event_type : str, optional
            The event type that converts (e.g. ``'PressEvent'``).
        name : str, optional
            Default ``conversion_<n>``, ``n`` counting from 1 (as in the original).

        Returns
        -------
        str
            The name the conversion event is registered under.

        Examples
        --------
        >>> mh = ModelHub()
        >>> mh.add_conversion_event(event_type='SuccessEvent')
        'conversion_1'
        >>> mh.add_conversion_event(event_type='PressEvent', name='press')
        'press'
        >>> mh.add_conversion_event(event_type='InputChangeEvent')
        'conversion_3'
        """
        if location_stack is None and event_type is None:
            msg = "add_conversion_event needs a location_stack, an event_type or both."
            raise InvalidArgumentError(msg)
        name = name or f"conversion_{len(self._conversion_events) + 1}"
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
            msg = (
                f"No conversion event named {name!r}; known: {sorted(self._conversion_events)}."
                " Add one with add_conversion_event()."
            )
            raise InvalidArgumentError(msg) from None

    def time_agg(self, data: DataFrame, time_aggregation: str | None = None) -> Series:
        """The period of each event: ``moment`` formatted with a strftime format.

        Parameters
        ----------
        data : DataFrame
            A frame with a ``moment`` column.
        time_aggregation : str, optional
            A strftime format (default: the ModelHub's); a PostgreSQL pattern of old notebooks
            (``'YYYY-MM-DD'``, ``'YYYY-"W"IW'``, ...) is translated, anything else without a
            ``%``-directive is refused (see :func:`objectiv_modelhub.time_formats.to_strftime`).

        Returns
        -------
        Series
            A string Series named ``time_aggregation``, indexed like ``data``.

        Examples
        --------
        >>> import duckdb
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub()
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> sorted(set(mh.time_agg(df, 'YYYY-MM-DD').to_pandas()))
        ['2022-01-01', '2022-01-02', '2022-01-03']
        >>> con.close()
        """
        fmt = to_strftime(time_aggregation) if time_aggregation else self._time_aggregation
        return data.moment.dt.strftime(fmt).rename("time_aggregation")

    def to_metabase(
        self, data: DataFrame | Series, model_type: str | None = None, config: dict | None = None
    ) -> dict[str, Any]:
        """Push a model's SQL to Metabase as a native-query card on a dashboard.

        The card's query is ``data.view_sql()`` in the dialect of the Metabase database's
        engine; a card with the same name and description is updated, else created, and put
        on the dashboard. Settings come from the original's environment variables
        (``METABASE_URL``, ``METABASE_USERNAME``, ``METABASE_PASSWORD``,
        ``METABASE_DATABASE_ID``, ``METABASE_DASHBOARD_ID``, ``METABASE_COLLECTION_ID``,
        ``METABASE_WEB_URL``); see :mod:`objectiv_modelhub.metabase`.

        Parameters
        ----------
        data : DataFrame or Series
            A model's result, e.g. ``mh.agg.unique_users(df)``; its SQL is sent, not run.
        model_type : str, optional
            The preset: ``'unique_users'`` (a line chart), ``'unique_sessions'`` (a bar
            chart); anything else is ``'default'`` (a bar chart).
        config : dict, optional
            Overrides of the card: ``name``, ``description``, ``display``, ``dimensions``
            (default: the index columns), ``metrics`` (default: the data columns),
            ``visualization_settings``, ``result_metadata``.

        Returns
        -------
        dict
            ``card_id``, and the web links ``card`` and ``dashboard``.

        Raises
        ------
        MetabaseError
            When Metabase cannot be reached or refuses a request (the message has its answer).

        Examples
        --------
        Needs a Metabase server, so the call is not run here:

        >>> import duckdb
        >>> from objectiv_modelhub.sample_data import write_sample_data
        >>> con = duckdb.connect()
        >>> write_sample_data(con, 100, seed=1)
        100
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> users = mh.agg.unique_users(mh.get_objectiv_dataframe(engine=con))
        >>> mh.to_metabase(users, model_type='unique_users')  # doctest: +SKIP
        {'card_id': 7, 'card': 'http://localhost:3000/card/7', 'dashboard': 'http://localhost:3000/dashboard/1-model-hub'}
        >>> con.close()
        """
        from objectiv_modelhub.metabase import MetaBase

        return MetaBase().to_metabase(data, model_type=model_type, config=config)

    @property
    def map(self) -> Map:
        """The per-event models (:class:`Map`), e.g. ``mh.map.is_first_session(df)``."""
        return Map(self)

    @property
    def agg(self) -> Aggregate:
        """The aggregation models (:class:`Aggregate`), e.g. ``mh.agg.unique_users(df)``."""
        return Aggregate(self)

    aggregate = agg

    def get_logistic_regression(self, *args: Any, **kwargs: Any) -> LogisticRegression:
        """A :class:`~objectiv_modelhub.LogisticRegression`; the arguments go to sklearn's.

        Examples
        --------
        >>> ModelHub().get_logistic_regression(C=0.5).C
        0.5
        """
        return LogisticRegression(*args, **kwargs)

    def get_funnel_discovery(self) -> FunnelDiscovery:
        """A :class:`~objectiv_modelhub.FunnelDiscovery`: navigation paths and sankey diagrams.

        Examples
        --------
        >>> ModelHub().get_funnel_discovery()
        FunnelDiscovery()
        """
        return FunnelDiscovery()

    def visualize_location_stack(
        self,
        data: DataFrame,
        root_location: str | None = None,
        location_stack: Any = None,
        n_top_examples: int = 40,
        return_df: bool = False,
        show: bool = True,
    ) -> DataFrame | None:
        """A sankey diagram of the location stacks under one root location.

        Every element of a stack is a node (``'<Type>: <id>'``); a link ``parent -> child``
        is as wide as the number of events whose stack has ``child`` right under
        ``parent``. Only events whose stack starts with the RootLocationContext
        ``root_location`` count. Drawing needs plotly (see
        :meth:`FunnelDiscovery.plot_sankey_diagram`).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`get_objectiv_dataframe`.
        root_location : str, optional
            The id of the RootLocationContext; default the most common one (ties: the first
            id in alphabetical order).
        location_stack : str or Series, optional
            The location stack column (name or Series of ``data``), default ``location_stack``.
        n_top_examples : int, default 40
            Draw the ``n_top_examples`` most frequent links.
        return_df : bool, default False
            Return the links (all of them).
        show : bool, default True
            Show the diagram.

        Returns
        -------
        DataFrame or None
            With ``return_df``: columns ``source``, ``target``, ``value``, most frequent first.

        Examples
        --------
        >>> import duckdb
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub()
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> links = mh.visualize_location_stack(df, return_df=True, show=False).to_pandas()
        >>> top = links.iloc[0]
        >>> top.source, top.target, int(top.value)
        ('Root Location: home', 'Navigation: navbar-top', 29)
        >>> con.close()
        """
        from objectiv_modelhub.models.funnel_discovery import location_stack_paths

        paths = location_stack_paths(data, root_location, location_stack)
        links = FunnelDiscovery().plot_sankey_diagram(
            paths, n_top_examples=n_top_examples, show=show, title="Location Stack"
        )
        return links if return_df else None


class Map:
    """Per-event models (``modelhub.map``).

    Each returns a Series aligned with the frame's ``event_id`` index, one value per event, to
    add as a column (``df['x'] = mh.map.x(df)``).
    """

    def __init__(self, mh: ModelHub):
        self._mh = mh

    def __repr__(self) -> str:
        models = [m for m in dir(self) if not m.startswith("_")]
        return f"<{type(self).__name__} models of {self._mh!r}: {', '.join(models)}>"

    def is_first_session(self, data: DataFrame) -> Series:
        """Per event: whether it is in the user's first session.

        A user's first session is the one with the lowest ``session_id`` among the user's
        events (computed per ``user_id``, over all the frame's events).

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
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> first = mh.map.is_first_session(df)
        >>> counts = first.value_counts().sort_index().to_pandas()
        >>> counts.index.tolist(), counts.tolist()
        ([False, True], [231, 69])
        >>> con.close()
        """
        return map_models.is_first_session(data)

    def is_new_user(self, data: DataFrame, time_aggregation: str | None = None) -> Series:
        """Per event: whether the user is new in the event's time period.

        True when the user's first session (lowest ``session_id``) falls in the same period
        (``moment`` formatted with ``time_aggregation``) as the event; computed per
        ``user_id`` and per (``user_id``, period).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        time_aggregation : str, optional
            The strftime format of the periods (default: the ModelHub's); a PostgreSQL
            pattern such as ``'YYYY-MM-DD'`` is translated (see
            :mod:`objectiv_modelhub.time_formats`).

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
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> counts = mh.map.is_new_user(df).value_counts().sort_index().to_pandas()
        >>> counts.index.tolist(), counts.tolist()
        ([False, True], [152, 148])
        >>> con.close()
        """
        return map_models.is_new_user(data, time_aggregation or self._mh.time_aggregation)

    def is_conversion_event(self, data: DataFrame, name: str) -> Series:
        """Per event: whether it is the conversion event ``name``.

        An event converts when its ``event_type`` is the conversion's event type and/or its
        ``location_stack`` matches the conversion's location stack (both when both are set).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe`.
        name : str
            A conversion event registered with :meth:`ModelHub.add_conversion_event`.

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
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> mh.add_conversion_event(event_type='SuccessEvent')
        'conversion_1'
        >>> flag = mh.map.is_conversion_event(df, 'conversion_1')
        >>> counts = flag.value_counts().sort_index().to_pandas()
        >>> counts.index.tolist(), counts.tolist()
        ([False, True], [296, 4])
        >>> con.close()
        """
        return map_models.is_conversion_event(data, self._mh.conversion(name))

    def conversions_in_time(
        self, data: DataFrame, name: str, partition: str = "session_id"
    ) -> Series:
        """Per event: the number of conversions ``name`` so far in its ``partition``.

        A running count per ``partition`` value, in order of ``moment`` (then ``event_id``),
        including the event itself.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        name : str
            A registered conversion event.
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
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> name = mh.add_conversion_event(event_type='SuccessEvent')
        >>> so_far = mh.map.conversions_in_time(df, name)
        >>> counts = so_far.value_counts().sort_index().to_pandas()
        >>> counts.index.tolist(), counts.tolist()
        ([0, 1], [279, 21])
        >>> con.close()
        """
        return map_models.conversions_in_time(data, self._mh.conversion(name), partition)

    def conversions_counter(
        self, data: DataFrame, name: str, partition: str = "session_id"
    ) -> Series:
        """Per event: the total number of conversions ``name`` in its ``partition``.

        The same number for every event of a ``partition`` value (e.g. of a session).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        name : str
            A registered conversion event.
        partition : str, default 'session_id'
            The column whose values count separately.

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
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> name = mh.add_conversion_event(event_type='SuccessEvent')
        >>> total = mh.map.conversions_counter(df, name)
        >>> counts = total.value_counts().sort_index().to_pandas()
        >>> counts.index.tolist(), counts.tolist()
        ([0, 1], [269, 31])
        >>> con.close()
        """
        return map_models.conversions_counter(data, self._mh.conversion(name), partition)

    def pre_conversion_hit_number(
        self, data: DataFrame, name: str, partition: str = "session_id"
    ) -> Series:
        """Per event: its hit number counted back from the first conversion of its partition.

        1 is the event right before the first conversion of its ``partition`` value, 2 the
        one before that, and so on (in order of ``moment``, then ``event_id``). Events from
        the first conversion on, and in partitions without a conversion, get NULL.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        name : str
            A registered conversion event.
        partition : str, default 'session_id'
            The column whose values count separately.

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
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> name = mh.add_conversion_event(event_type='SuccessEvent')
        >>> hits = mh.map.pre_conversion_hit_number(df, name)
        >>> counts = hits.value_counts().sort_index().to_pandas()
        >>> counts.index.tolist(), counts.tolist()
        ([1, 2, 3, 4, 5], [4, 2, 2, 1, 1])
        >>> con.close()
        """
        return map_models.pre_conversion_hit_number(data, self._mh.conversion(name), partition)

    def conversion_count(self, *args: Any, **kwargs: Any) -> Series:
        """Removed in the original model hub: use :meth:`conversions_in_time`.

        Raises
        ------
        ConversionCountRemovedError
            Always (a ``NotImplementedError``, as the original's).

        Examples
        --------
        >>> from objectiv_modelhub import ModelHub
        >>> ModelHub().map.conversion_count(None, 'conversion_1')
        Traceback (most recent call last):
        ...
        objectiv_modelhub.models.aggregate_more.ConversionCountRemovedError: conversion_count is renamed: use conversions_in_time(data, name, partition='session_id') (the running number of conversions), or conversions_counter for the total per partition.
        """
        msg = (
            "conversion_count is renamed: use conversions_in_time(data, name, "
            "partition='session_id') (the running number of conversions), or "
            "conversions_counter for the total per partition."
        )
        raise ConversionCountRemovedError(msg)


class Aggregate(AggregateMoreMixin):
    """Aggregation models (``modelhub.agg``).

    ``groupby`` defaults to the model hub's time aggregation (``ModelHub.time_agg``); pass a
    column name, a Series, a list of them, or None for one number over all data. A groupby on
    the column a model aggregates raises :class:`GroupbyNotAllowedError` (a ``KeyError``).
    """

    def __init__(self, mh: ModelHub):
        self._mh = mh

    def __repr__(self) -> str:
        models = [m for m in dir(self) if not m.startswith("_")]
        return f"<{type(self).__name__} models of {self._mh!r}: {', '.join(models)}>"

    def _groupby(self, data: DataFrame, groupby: Any) -> Any:
        return self._mh.time_agg(data) if groupby is not_set else groupby

    def unique_users(self, data: DataFrame, groupby: Any = not_set) -> Series:
        """The number of distinct users (``user_id``) per time period (or per ``groupby``).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe`.
        groupby : optional
            Group key(s); default the time aggregation; None for one total. Not ``user_id``.

        Returns
        -------
        Series
            An int64 Series named ``unique_users``, indexed by the group keys (by
            ``time_aggregation`` by default).

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
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> counts = mh.agg.unique_users(df).sort_index().to_pandas()
        >>> counts.index.tolist(), counts.tolist()
        (['2022-01-01', '2022-01-02', '2022-01-03'], [5, 6, 9])
        >>> int(mh.agg.unique_users(df, groupby=None).value)
        10
        >>> con.close()
        """
        return agg_models.unique_users(data, self._groupby(data, groupby))

    def unique_sessions(self, data: DataFrame, groupby: Any = not_set) -> Series:
        """The number of distinct sessions (``session_id``) per time period (or ``groupby``).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        groupby : optional
            Group key(s); default the time aggregation; None for one total. Not
            ``session_id``.

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
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> counts = mh.agg.unique_sessions(df).sort_index().to_pandas()
        >>> counts.index.tolist(), counts.tolist()
        (['2022-01-01', '2022-01-02', '2022-01-03'], [15, 16, 24])
        >>> con.close()
        """
        return agg_models.unique_sessions(data, self._groupby(data, groupby))

    def session_duration(
        self,
        data: DataFrame,
        groupby: Any = not_set,
        exclude_bounces: bool = True,
        method: str = "mean",
    ) -> Series:
        """The mean (or total) session duration per time period (or per ``groupby``).

        A session's duration per group is its last ``moment`` minus its first, computed per
        (group keys, ``session_id``); then averaged or added up per group.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).
        groupby : optional
            Group key(s); default the time aggregation; None for one total. Not
            ``session_id``.
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
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> durations = mh.agg.session_duration(df).sort_index().to_pandas()
        >>> [str(d.floor('s')) for d in durations]
        ['0 days 00:03:53', '0 days 00:02:55', '0 days 00:02:28']
        >>> con.close()
        """
        return agg_models.session_duration(
            data, self._groupby(data, groupby), exclude_bounces, method
        )

    def frequency(self, data: DataFrame) -> Series:
        """The number of users per number of sessions they had.

        Counts the distinct sessions of each ``user_id``, then the distinct users per count
        (over all data; no ``groupby``).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions).

        Returns
        -------
        Series
            An int64 Series named ``user_id_nunique``, indexed by the number of sessions
            (``session_id_nunique``).

        Examples
        --------
        >>> import duckdb
        >>> from objectiv_modelhub import ModelHub
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub(time_aggregation='%Y-%m-%d')
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> counts = mh.agg.frequency(df).sort_index().to_pandas()
        >>> counts.index.tolist(), counts.tolist()
        ([1, 2, 7, 8, 12], [2, 3, 1, 2, 2])
        >>> con.close()
        """
        return agg_models.frequency(data)
