"""Retention: the users of each first-activity cohort that are active N periods later.

Pure functions ``DataFrame -> DataFrame``; :class:`objectiv_modelhub.Aggregate` is the facade.
"""

from __future__ import annotations

import datetime
from typing import Any

from objectiv_bach import DataFrame, InvalidArgumentError
from objectiv_modelhub.models.map import _require

#: the periods of a retention matrix, with the axis label of the heatmap
TIME_PERIODS = {"daily": "Days", "weekly": "Weeks", "monthly": "Months", "yearly": "Years"}


def _date(value: Any, what: str) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        return datetime.datetime.strptime(str(value), "%Y-%m-%d")
    except ValueError:
        msg = f"{what}={value!r} is not a date formatted as 'YYYY-MM-DD' (e.g. '2022-04-01')."
        raise InvalidArgumentError(msg) from None


def retention_counts(
    data: DataFrame,
    time_period: str = "monthly",
    event_type: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
) -> DataFrame:
    """The retention matrix in long form: active users per (cohort, periods since the cohort).

    A user's cohort is the period of their first event (of ``event_type`` when given); an
    event's distance is the number of periods between the user's first event and it:

    * ``'daily'``: whole days of ``moment - first moment`` (24-hour periods, rounded down);
      the cohort is the first event's day ``'YYYY-MM-DD'``;
    * ``'weekly'``: weeks between the Monday-starting weeks of the two moments; the cohort
      is the first event's week start ``'YYYY-MM-DD'``;
    * ``'monthly'``: ``12 * year difference + month difference``; the cohort ``'YYYY-MM'``;
    * ``'yearly'``: the year difference; the cohort ``'YYYY'``.

    ``start_date`` keeps the users whose first event is on or after it; ``end_date`` keeps the
    events before it (exclusive). The first event is taken over all the data, so a user's
    activity is counted from the first moment the user is seen.

    Parameters
    ----------
    data : DataFrame
        A frame with ``user_id``, ``moment`` and ``event_type``.
    time_period : {'daily', 'weekly', 'monthly', 'yearly'}, default 'monthly'
        The cohort and distance period.
    event_type : str, optional
        Only events of exactly this ``event_type``; None for all events.
    start_date, end_date : str, optional
        ``'YYYY-MM-DD'`` bounds, as above.

    Returns
    -------
    DataFrame
        Indexed by ``first_cohort`` (string) and ``cohort_distance`` (int64), with the int64
        column ``user_id_nunique``: distinct users of the cohort active at that distance.

    Raises
    ------
    InvalidArgumentError
        For another ``time_period`` or a date that is not ``'YYYY-MM-DD'``.

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
    >>> counts = retention_counts(df, 'daily').sort_index().to_pandas()
    >>> counts.user_id_nunique.to_dict()
    {('2022-01-01', 0): 5, ('2022-01-01', 1): 4, ('2022-01-01', 2): 5, ('2022-01-02', 0): 2, ('2022-01-03', 0): 3}
    >>> con.close()
    """
    if time_period not in TIME_PERIODS:
        msg = f"time_period={time_period!r} is not available; choose one of {list(TIME_PERIODS)}."
        raise InvalidArgumentError(msg)
    start, end = _date(start_date, "start_date"), _date(end_date, "end_date")
    _require(data, "user_id", "moment", "event_type")
    if event_type is not None:
        data = data[data.event_type == event_type]
    events = data[["user_id", "moment"]].reset_index(drop=True)
    events["first_moment"] = events.moment.min(partition=events.groupby("user_id").window())
    events = events.materialize(node_name="first_moments")
    moment, first = events.moment, events.first_moment
    if time_period == "daily":
        distance = (moment - first).dt.days
        cohort = first.dt.strftime("%Y-%m-%d")
    elif time_period == "weekly":
        week, first_week = moment.dt.date_trunc("week"), first.dt.date_trunc("week")
        distance = (week - first_week).dt.days // 7
        cohort = first_week.dt.strftime("%Y-%m-%d")
    elif time_period == "monthly":
        # date parts, not formatted strings cast back: no per-event string formatting
        years = moment.dt.year - first.dt.year
        months = moment.dt.month - first.dt.month
        distance = years * 12 + months
        cohort = first.dt.strftime("%Y-%m")
    else:
        distance = moment.dt.year - first.dt.year
        cohort = first.dt.strftime("%Y")
    events["first_cohort"] = cohort
    events["cohort_distance"] = distance.astype("int64")
    if start is not None:
        events = events[events.first_moment >= start]
    if end is not None:
        events = events[events.moment < end]
    grouped = events.groupby(["first_cohort", "cohort_distance"])
    return grouped.user_id.nunique().rename("user_id_nunique").to_frame()


def retention_matrix(
    data: DataFrame,
    time_period: str = "monthly",
    event_type: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    percentage: bool = False,
    display: bool = True,
) -> DataFrame:
    """The retention matrix: a row per cohort, a column ``_N`` per distance of N periods.

    The values of :func:`retention_counts` pivoted: ``_0`` holds the users of the cohort,
    ``_N`` those of them active N periods after their first event (NULL: none). The pivot
    runs one query (to find the distances).

    Parameters
    ----------
    data : DataFrame
        A frame with ``user_id``, ``moment`` and ``event_type``.
    time_period, event_type, start_date, end_date
        As for :func:`retention_counts`.
    percentage : bool, default False
        Give each value as a percentage of the cohort's ``_0`` (float64).
    display : bool, default True
        Also draw the matrix as a heatmap with matplotlib (:func:`plot_retention_matrix`).

    Returns
    -------
    DataFrame
        Indexed by ``first_cohort`` (sorted), columns ``_0``, ``_1``, ... in numeric order;
        int64 counts, or float64 percentages. No columns when no event is in range.

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
    >>> matrix = retention_matrix(df, 'daily', display=False)
    >>> matrix.columns
    ['_0', '_1', '_2']
    >>> print(matrix.to_pandas().to_string())  # doctest: +NORMALIZE_WHITESPACE
                  _0   _1   _2
    first_cohort
    2022-01-01     5  4.0  5.0
    2022-01-02     2  NaN  NaN
    2022-01-03     3  NaN  NaN
    >>> con.close()
    """
    if not isinstance(percentage, bool) or not isinstance(display, bool):
        msg = f"percentage and display must be True or False, got {percentage!r}, {display!r}."
        raise InvalidArgumentError(msg)
    counts = retention_counts(data, time_period, event_type, start_date, end_date)
    distances = sorted(
        int(d)
        for d in counts.reset_index()[["cohort_distance"]]
        .drop_duplicates()
        .to_pandas()
        .cohort_distance
    )
    if not distances:
        matrix = counts.reset_index()[["first_cohort"]].set_index("first_cohort")
        return matrix.sort_index()
    key = counts.reset_index()
    wide = key[["first_cohort"]]
    for distance in distances:
        wide[f"_{distance}"] = key.user_id_nunique.where(key.cohort_distance == distance)
    columns = [f"_{d}" for d in distances]
    matrix = wide.groupby("first_cohort").agg("max")
    matrix = matrix.rename(columns={f"{c}_max": c for c in columns})[columns]
    if percentage:
        first_column = matrix[columns[0]]
        for column in columns:
            matrix[column] = matrix[column] / first_column * 100
    matrix = matrix.sort_index()
    if display:
        plot_retention_matrix(matrix.to_pandas(), time_period, percentage)
    return matrix


def plot_retention_matrix(
    matrix: Any,
    time_period: str = "monthly",
    percentage: bool = False,
    path: str | None = None,
    show: bool | None = None,
) -> Any:
    """Draw a retention matrix (a pandas frame) as an annotated heatmap with matplotlib.

    Parameters
    ----------
    matrix : pandas.DataFrame
        ``retention_matrix(...).to_pandas()``.
    time_period : str, default 'monthly'
        The period, for the axis label.
    percentage : bool, default False
        Annotate the cells as percentages.
    path : str, optional
        Save the figure there (PNG by the name's suffix).
    show : bool, optional
        Draw it with pyplot and ``plt.show()`` (default: when no ``path`` is given). With a
        ``path`` or ``show=False`` the figure is made without pyplot, so the session's
        matplotlib backend is left alone.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> matrix = pd.DataFrame({'_0': [5, 4], '_1': [2.0, None]},
    ...                       index=pd.Index(['2022-01-01', '2022-01-02'], name='first_cohort'))
    >>> fig = plot_retention_matrix(matrix, 'daily', show=False)
    >>> fig.axes[0].get_xlabel(), len(fig.axes[0].texts)
    ('Days After First Event', 3)
    """
    import numpy as np

    values = matrix.to_numpy(dtype="float64", na_value=np.nan)
    size = (max(6, 1.1 * matrix.shape[1] + 3), max(3, 0.5 * len(matrix) + 2))
    interactive = path is None and show is not False
    if interactive:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=size)
    else:  # no pyplot: the user's matplotlib backend (e.g. a notebook's) stays as it is
        from matplotlib.figure import Figure

        fig = Figure(figsize=size)
        ax = fig.subplots()
    image = ax.imshow(np.ma.masked_invalid(values), cmap="viridis", aspect="auto")
    fig.colorbar(image, ax=ax)
    low, high = np.nanmin(values, initial=0.0), np.nanmax(values, initial=1.0)
    for (row, column), value in np.ndenumerate(values):
        if not np.isnan(value):
            text = f"{value:.1f}%" if percentage else f"{value:g}"
            bright = (value - low) > 0.6 * (high - low)  # viridis is light at the top
            color = "black" if bright else "white"
            ax.text(column, row, text, ha="center", va="center", color=color, fontsize=8)
    ax.set_xticks(range(matrix.shape[1]), list(matrix.columns))
    ax.set_yticks(range(len(matrix)), [str(i) for i in matrix.index])
    ax.set_title("Cohort Analysis")
    ax.set_xlabel(f"{TIME_PERIODS.get(time_period, 'Periods')} After First Event")
    ax.set_ylabel("First Event Cohort")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=110)
    if interactive:
        plt.show()
    return fig
