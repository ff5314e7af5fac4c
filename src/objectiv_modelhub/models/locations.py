"""The feature / location a model groups by: a location stack's nice name, or a given column.

Shared by :mod:`~objectiv_modelhub.models.features` and
:mod:`~objectiv_modelhub.models.funnel_metrics`.
"""

from __future__ import annotations

from typing import Any

from objectiv_bach import DataFrame, DtypeError, InvalidArgumentError, Series

#: dtypes that are location stacks: their readable name is ``.ls.nice_name``
_STACK_DTYPES = ("objectiv_location_stack",)


def location_series(data: DataFrame, location_stack: Any = None, raw: bool = False) -> Series:
    """The location of each event of ``data`` as a string Series (on ``data``'s rows).

    Parameters
    ----------
    data : DataFrame
        A model hub frame.
    location_stack : None, str, Series or callable
        None: ``data.location_stack``; a column name of ``data``; a Series of ``data`` (e.g. a
        slice ``df.location_stack.ls[1:]``); or a function of ``data`` that returns one. A
        location stack (dtype ``objectiv_location_stack``) becomes its nice name
        (``.ls.nice_name``); a json Series is cast to a location stack first; any other Series
        is used as it is.
    raw : bool, default False
        Give the Series before it becomes a nice name (the stack itself); see
        :func:`location_name`.

    Returns
    -------
    Series
        A string Series (NULL for an empty stack).

    Raises
    ------
    InvalidArgumentError
        For a column name that is not in ``data`` or a Series built on another frame.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(20, seed=2, n_users=2))
    >>> df = ModelHub().get_objectiv_dataframe(engine=con)
    >>> location_series(df).sort_index().to_pandas().iloc[0][:25]
    'Link: job-frontend-develo'
    >>> con.close()
    """
    if location_stack is None:
        location_stack = "location_stack"
    if isinstance(location_stack, str):
        if location_stack not in data.all_series:
            msg = (
                f"location_stack={location_stack!r} is not a column of the frame; its columns "
                f"are {data.data_columns}. Pass a column name, a Series of the frame, or None "
                "for the whole location stack."
            )
            raise InvalidArgumentError(msg)
        series = data.all_series[location_stack]
    elif callable(location_stack) and not isinstance(location_stack, Series):
        series = location_stack(data)
    else:
        series = location_stack
    if not isinstance(series, Series):
        msg = (
            f"location_stack must be None, a column name, a Series or a function of the frame, "
            f"not {type(location_stack).__name__}."
        )
        raise DtypeError(msg)
    if series.base_node != data.base_node:
        msg = (
            "The location_stack Series was built on another frame; pass a column name or a "
            "function of the frame, e.g. lambda df: df.location_stack.ls[1:]."
        )
        raise InvalidArgumentError(msg)
    return series if raw else location_name(series)


def location_name(series: Series) -> Series:
    """A location Series as :func:`location_series` gives it: a stack becomes its nice name.

    ``location_series(data, ..., raw=True)`` then ``location_name`` is ``location_series``;
    between the two a model can drop rows first, so the nice name (a per-stack string build)
    is computed only for the rows it keeps.
    """
    if series.dtype == "json":
        series = series.astype("objectiv_location_stack")
    if series.dtype in _STACK_DTYPES:
        stack: Any = series
        return stack.ls.nice_name
    return series
