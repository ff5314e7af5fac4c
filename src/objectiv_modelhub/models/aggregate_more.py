"""The feature, retention and funnel models of :class:`objectiv_modelhub.Aggregate`.

A mixin of the facade (``Aggregate`` derives from it), so the facade module stays small; the
models themselves are the pure functions of :mod:`~objectiv_modelhub.models.features`,
:mod:`~objectiv_modelhub.models.retention` and :mod:`~objectiv_modelhub.models.funnel_metrics`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from objectiv_bach import BachError, DataFrame, InvalidArgumentError
from objectiv_modelhub.models import features, funnel_metrics, retention

if TYPE_CHECKING:
    from objectiv_modelhub.modelhub import ModelHub


class ConversionCountRemovedError(BachError, NotImplementedError):
    """``Map.conversion_count`` was renamed (a ``NotImplementedError``, as the original's).

    Examples
    --------
    >>> issubclass(ConversionCountRemovedError, NotImplementedError)
    True
    """


class AggregateMoreMixin:
    """Feature usage, retention and funnel models (methods of ``modelhub.agg``)."""

    _mh: ModelHub

    def top_product_features(
        self,
        data: DataFrame,
        location_stack: Any = None,
        event_type: str = "InteractiveEvent",
    ) -> DataFrame:
        """The number of distinct users per product feature, most used first.

        Takes the events whose ``stack_event_types`` contain ``event_type`` and counts
        distinct ``user_id`` per (application id, feature nice name, event type), leaving out
        rows with a NULL key.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` with the ``application``
            global context (``ModelHub(global_contexts=['application'])``).
        location_stack : None, str, Series or callable, optional
            The feature: None for the whole location stack, a slice of it (e.g.
            ``df.location_stack.ls[1:]`` or a function of the frame giving one), or a column
            name; a stack becomes its nice name.
        event_type : str, default 'InteractiveEvent'
            The event type to count (a parent type takes its subtypes too).

        Returns
        -------
        DataFrame
            Indexed by ``application``, ``feature_nice_name`` and ``event_type``; one int64
            column ``user_id_nunique``, sorted descending (ties by the index).

        Examples
        --------
        >>> import duckdb
        >>> from objectiv_modelhub import ModelHub
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub(global_contexts=['application'])
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> top = mh.agg.top_product_features(df, event_type='PressEvent').to_pandas()
        >>> top.index[0][:2], int(top.user_id_nunique.iloc[0])
        (('objectiv-website', 'Link: logo located at Root Location: home => Navigation: navbar-top'), 5)
        >>> con.close()
        """
        return features.top_product_features(data, location_stack, event_type)

    def top_product_features_before_conversion(
        self,
        data: DataFrame,
        name: str,
        location_stack: Any = None,
        event_type: str = "InteractiveEvent",
    ) -> DataFrame:
        """The features used before converting: distinct users per feature, most used first.

        In the sessions that have the conversion ``name``, takes the events before the
        session's first conversion (by moment, then event_id) whose ``stack_event_types``
        contain ``event_type``; counts distinct ``user_id`` per (application id, feature
        nice name, event type).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe` (with sessions) with the
            ``application`` global context.
        name : str
            A conversion event registered with :meth:`ModelHub.add_conversion_event`.
        location_stack : None, str, Series or callable, optional
            The feature, as for :meth:`top_product_features`.
        event_type : str, default 'InteractiveEvent'
            The event type to count (a parent type takes its subtypes too).

        Returns
        -------
        DataFrame
            Indexed by ``application``, ``feature_nice_name`` and ``event_type``; one int64
            column ``unique_users``, sorted descending (ties by the index).

        Raises
        ------
        InvalidArgumentError
            For an empty or unregistered ``name`` (a ``ValueError``, as the original's).

        Examples
        --------
        >>> import duckdb
        >>> from objectiv_modelhub import ModelHub
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub(global_contexts=['application'])
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> name = mh.add_conversion_event(event_type='SuccessEvent')
        >>> before = mh.agg.top_product_features_before_conversion(df, name).to_pandas()
        >>> before.index.get_level_values('event_type').tolist()
        ['InputChangeEvent', 'PressEvent']
        >>> con.close()
        """
        if not name:
            msg = "Conversion event label is not provided: pass the name of a conversion event."
            raise InvalidArgumentError(msg)
        return features.top_product_features_before_conversion(
            data, self._mh.conversion(name), location_stack, event_type
        )

    def retention_matrix(
        self,
        data: DataFrame,
        time_period: str = "monthly",
        event_type: str | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
        percentage: bool = False,
        display: bool = True,
    ) -> DataFrame:
        """Users of each first-activity cohort that are active N periods later.

        A user's cohort is the period of their first event (of ``event_type`` if given).
        Per (cohort, distance in periods) the distinct users active then, pivoted to a row
        per cohort and a column ``_N`` per distance (see
        :func:`objectiv_modelhub.models.retention.retention_counts` for the periods:
        daily = whole 24-hour days since the first event, weekly = Monday weeks, monthly =
        calendar months, yearly = calendar years).

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe`.
        time_period : {'daily', 'weekly', 'monthly', 'yearly'}, default 'monthly'
            The cohort and distance period.
        event_type : str, optional
            Only events of exactly this type count; None for all.
        start_date : str, optional
            ``'YYYY-MM-DD'``: only users whose first event is on or after it.
        end_date : str, optional
            ``'YYYY-MM-DD'``: only events before it (exclusive).
        percentage : bool, default False
            Values as a percentage of the cohort's size (``_0``).
        display : bool, default True
            Also draw the matrix as a matplotlib heatmap.

        Returns
        -------
        DataFrame
            Indexed by ``first_cohort`` (sorted); columns ``_0``, ``_1``, ... (int64 counts or
            float64 percentages, NULL where nobody was active).

        Raises
        ------
        InvalidArgumentError
            For another ``time_period`` or a date that is not ``'YYYY-MM-DD'`` (a
            ``ValueError``).

        Examples
        --------
        >>> import duckdb
        >>> from objectiv_modelhub import ModelHub
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub()
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> matrix = mh.agg.retention_matrix(df, time_period='daily', percentage=True,
        ...                                  display=False)
        >>> print(matrix.to_pandas().to_string())  # doctest: +NORMALIZE_WHITESPACE
                         _0    _1     _2
        first_cohort
        2022-01-01    100.0  80.0  100.0
        2022-01-02    100.0   NaN    NaN
        2022-01-03    100.0   NaN    NaN
        >>> con.close()
        """
        return retention.retention_matrix(
            data, time_period, event_type, start_date, end_date, percentage, display
        )

    @staticmethod
    def drop_off_locations(
        data: DataFrame,
        location_stack: Any = None,
        groupby: Any = "user_id",
        percentage: bool = False,
    ) -> DataFrame:
        """The locations where users drop off: the last location per group, counted.

        For each ``groupby`` group (each user by default) the location of its last event (by
        moment, ties by event_id); then the number (or percentage) of groups per location.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe`.
        location_stack : None, str, Series or callable, optional
            The location: None for the whole location stack, a slice of it, or a column
            name; a stack becomes its nice name.
        groupby : str or list of str, default 'user_id'
            The column(s) whose groups each end at a location (e.g. ``'session_id'``).
        percentage : bool, default False
            Percent of the groups (float64) instead of the number.

        Returns
        -------
        DataFrame
            Indexed by ``location``; one column ``value_counts`` (int64) or ``percentage``,
            most frequent first (ties by location).

        Examples
        --------
        >>> import duckdb
        >>> from objectiv_modelhub import ModelHub
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub()
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> df['root'] = df.location_stack.ls.get_from_context_with_type_series(
        ...     'RootLocationContext', 'id')
        >>> drops = mh.agg.drop_off_locations(df, location_stack='root', groupby='session_id')
        >>> drops.to_pandas()['value_counts'].to_dict()
        {'home': 24, 'blog': 8, 'tracking': 6, 'about': 5, 'modeling': 4, 'taxonomy': 4, 'pricing': 3, 'jobs': 1}
        >>> con.close()
        """
        return funnel_metrics.drop_off_locations(data, location_stack, groupby, percentage)

    @staticmethod
    def funnel_conversion(
        data: DataFrame, location_stack: Any = None, groupby: Any = None
    ) -> DataFrame:
        """Conversion numbers of every location as a step of a funnel.

        The events of each user (per ``groupby`` group) form a sequence of steps in moment
        order; a user completes a step when an event at it is followed by another event.
        Per (group keys, location): ``n_users``, ``n_users_completed_step``,
        ``step_conversion_rate`` (completed / n_users), ``full_conversion_rate`` (completed /
        the users starting the funnel: the group's largest ``n_users``) and ``dropoff_share``
        (users not completing / the users starting the funnel), rates rounded to 3 decimals.
        Filter the frame to the funnel's events first.

        Parameters
        ----------
        data : DataFrame
            A frame from :meth:`ModelHub.get_objectiv_dataframe`.
        location_stack : None, str, Series or callable, optional
            The step: None for the whole location stack, a slice of it, or a column name; a
            stack becomes its nice name.
        groupby : str or list of str, optional
            Group keys (e.g. ``'day'``); None for one funnel over all data.

        Returns
        -------
        DataFrame
            Indexed by the group keys (no index without), columns ``location``, ``n_users``,
            ``n_users_completed_step``, ``step_conversion_rate``, ``full_conversion_rate``,
            ``dropoff_share``; sorted by group, ``n_users`` descending, location.

        Examples
        --------
        >>> import duckdb
        >>> from objectiv_modelhub import ModelHub
        >>> from objectiv_modelhub.native_table import write_events
        >>> from objectiv_modelhub.sample_data import generate_events
        >>> con = duckdb.connect()
        >>> _ = write_events(con, generate_events(300, seed=2, start='2022-01-01', days=3,
        ...                                       n_users=10))
        >>> mh = ModelHub()
        >>> df = mh.get_objectiv_dataframe(engine=con)
        >>> df['root'] = df.location_stack.ls.get_from_context_with_type_series(
        ...     'RootLocationContext', 'id')
        >>> steps = mh.agg.funnel_conversion(df, location_stack='root').to_pandas()
        >>> print(steps.head(3).to_string(index=False))
        location  n_users  n_users_completed_step  step_conversion_rate  full_conversion_rate  dropoff_share
            home        9                       9                   1.0                 1.000            0.0
         pricing        5                       5                   1.0                 0.556            0.0
           about        4                       4                   1.0                 0.444            0.0
        >>> con.close()
        """
        return funnel_metrics.funnel_conversion(data, location_stack, groupby)
