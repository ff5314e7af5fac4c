"""Validation helpers of the original model hub (``modelhub.util``).

* :class:`ObjectivSupportedColumns`: the columns of the model hub's frame;
* :func:`get_supported_dtypes_per_objectiv_column`: the dtype(s) each may have;
* :func:`check_objectiv_dataframe`: checks a frame has them (and the ``event_id`` index);
* :func:`check_groupby`: groups a frame for a model, refusing a grouped frame and a groupby on
  the column the model aggregates.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from objectiv_bach import DataFrame, DtypeError, InvalidArgumentError
from objectiv_modelhub.models.aggregate import GroupbyNotAllowedError, _grouped

__all__ = [
    "GroupbyNotAllowedError",
    "MissingObjectivColumnError",
    "ObjectivSupportedColumns",
    "check_groupby",
    "check_objectiv_dataframe",
    "get_supported_dtypes_per_objectiv_column",
]


class MissingObjectivColumnError(InvalidArgumentError):
    """The frame lacks a column or the index the model hub needs (a ``ValueError``)."""


class ObjectivSupportedColumns(Enum):
    """The columns of the frame of :meth:`ModelHub.get_objectiv_dataframe`.

    Examples
    --------
    >>> ObjectivSupportedColumns.get_data_columns()[:3]
    ['day', 'moment', 'user_id']
    >>> ObjectivSupportedColumns.get_index_columns()
    ['event_id']
    """

    EVENT_ID = "event_id"
    DAY = "day"
    MOMENT = "moment"
    USER_ID = "user_id"
    LOCATION_STACK = "location_stack"
    EVENT_TYPE = "event_type"
    STACK_EVENT_TYPES = "stack_event_types"
    SESSION_ID = "session_id"
    SESSION_HIT_NUMBER = "session_hit_number"
    IDENTITY_USER_ID = "identity_user_id"

    @classmethod
    def get_index_columns(cls) -> list[str]:
        """The index: ``['event_id']``."""
        return [cls.EVENT_ID.value]

    @classmethod
    def get_data_columns(cls) -> list[str]:
        """The data columns of the frame, without ``identity_user_id`` (an internal one)."""
        skip = {cls.EVENT_ID, cls.IDENTITY_USER_ID}
        return [c.value for c in cls if c not in skip]

    @classmethod
    def get_all_columns(cls) -> list[str]:
        """Every column, index first."""
        return [c.value for c in cls]


_DTYPES: dict[str, tuple[str, ...]] = {
    "event_id": ("uuid",),
    "day": ("date",),
    "moment": ("timestamp",),
    "user_id": ("uuid",),
    "location_stack": ("json",),
    "event_type": ("string",),
    "stack_event_types": ("json",),
    "session_id": ("int64",),
    "session_hit_number": ("int64",),
    "identity_user_id": ("string",),
}
_MODELHUB_DTYPES = {"location_stack": ("objectiv_location_stack",)}
_GLOBAL_CONTEXT_DTYPES = ("json",)
_GLOBAL_CONTEXT_MODELHUB_DTYPES = ("objectiv_global_context",)


def get_supported_dtypes_per_objectiv_column(
    with_md_dtypes: bool = False,
    with_identity_resolution: bool = False,
    global_contexts: list[str] | None = None,
) -> dict[str, tuple[str, ...]]:
    """The dtypes each model hub column may have.

    Parameters
    ----------
    with_md_dtypes : bool, default False
        Also accept the model hub's own dtypes (``objectiv_location_stack``,
        ``objectiv_global_context``) next to ``json``; these are what
        :meth:`ModelHub.get_objectiv_dataframe` gives.
    with_identity_resolution : bool, default False
        ``user_id`` is a string (identity resolution makes it ``'<value>|<id>'``) as well as
        a uuid.
    global_contexts : list of str, optional
        Global context columns to include.

    Returns
    -------
    dict
        Column name -> tuple of accepted dtypes.

    Examples
    --------
    >>> dtypes = get_supported_dtypes_per_objectiv_column(with_md_dtypes=True,
    ...                                                   global_contexts=['application'])
    >>> dtypes['location_stack'], dtypes['application']
    (('json', 'objectiv_location_stack'), ('json', 'objectiv_global_context'))
    """
    result = dict(_DTYPES)
    if with_md_dtypes:
        for column, extra in _MODELHUB_DTYPES.items():
            result[column] = result[column] + extra
    if with_identity_resolution:
        result["user_id"] = ("uuid", "string")
    for context in global_contexts or []:
        dtypes: tuple[str, ...] = _GLOBAL_CONTEXT_DTYPES
        if with_md_dtypes:
            dtypes = dtypes + _GLOBAL_CONTEXT_MODELHUB_DTYPES
        result[context] = dtypes
    return result


def check_objectiv_dataframe(
    df: DataFrame,
    columns_to_check: list[str] | None = None,
    global_contexts_to_check: list[str] | None = None,
    check_index: bool = False,
    check_dtypes: bool = False,
    with_md_dtypes: bool = False,
    infer_identity_resolution: bool = False,
) -> None:
    """Check that ``df`` has the model hub's columns (and index, and dtypes).

    Parameters
    ----------
    df : DataFrame
        The frame to check.
    columns_to_check : list of str, optional
        The columns it needs (default: every data column of
        :class:`ObjectivSupportedColumns`).
    global_contexts_to_check : list of str, optional
        Global context columns it needs.
    check_index : bool, default False
        Require the index ``['event_id']``.
    check_dtypes : bool, default False
        Require each checked column to have a supported dtype.
    with_md_dtypes : bool, default False
        Accept the model hub's dtypes (see :func:`get_supported_dtypes_per_objectiv_column`).
    infer_identity_resolution : bool, default False
        Accept a string ``user_id`` (as after identity resolution).

    Raises
    ------
    MissingObjectivColumnError
        For a missing column or a wrong index (a ``ValueError``).
    DtypeError
        For a column of an unsupported dtype (a ``TypeError``).

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(20, seed=2, n_users=2))
    >>> df = ModelHub().get_objectiv_dataframe(engine=con)
    >>> check_objectiv_dataframe(df, check_index=True, check_dtypes=True, with_md_dtypes=True)
    >>> check_objectiv_dataframe(df.drop(columns=['session_id']))
    Traceback (most recent call last):
    ...
    objectiv_modelhub.util.MissingObjectivColumnError: The frame lacks the model hub column(s) ['session_id']; use the frame of ModelHub.get_objectiv_dataframe() (with_sessionized_data=True for the session columns).
    >>> con.close()
    """
    columns = (
        list(columns_to_check)
        if columns_to_check is not None
        else ObjectivSupportedColumns.get_data_columns()
    )
    contexts = list(global_contexts_to_check or [])
    if check_index and df.index_columns != ObjectivSupportedColumns.get_index_columns():
        msg = (
            f"The frame's index is {df.index_columns}, the model hub needs ['event_id']; "
            "use df.set_index('event_id')."
        )
        raise MissingObjectivColumnError(msg)
    available = df.all_series
    missing = [c for c in [*columns, *contexts] if c not in available]
    if missing:
        msg = (
            f"The frame lacks the model hub column(s) {missing}; use the frame of "
            "ModelHub.get_objectiv_dataframe() (with_sessionized_data=True for the session "
            "columns)."
        )
        raise MissingObjectivColumnError(msg)
    if not check_dtypes:
        return
    supported = get_supported_dtypes_per_objectiv_column(
        with_md_dtypes=with_md_dtypes,
        with_identity_resolution=infer_identity_resolution,
        global_contexts=contexts,
    )
    for column in [*columns, *contexts]:
        dtype = available[column].dtype
        if column in supported and dtype not in supported[column]:
            msg = (
                f"Column {column!r} has dtype {dtype!r}; the model hub supports "
                f"{list(supported[column])}. Cast it with .astype(...)."
            )
            raise DtypeError(msg)


def check_groupby(
    data: DataFrame, groupby: Any, not_allowed_in_groupby: str | None = None
) -> DataFrame:
    """``data`` grouped by ``groupby``, for a model that aggregates a column.

    Parameters
    ----------
    data : DataFrame
        An ungrouped frame.
    groupby : str, Series, list of them, or None
        The group keys; None for one group of all rows.
    not_allowed_in_groupby : str, optional
        The column the model aggregates: grouping on it is refused.

    Returns
    -------
    DataFrame
        The grouped frame.

    Raises
    ------
    GroupbyNotAllowedError
        For a groupby on ``not_allowed_in_groupby`` (a ``KeyError``).
    InvalidArgumentError
        For an already grouped frame (a ``ValueError``).

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub import ModelHub
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(20, seed=2, n_users=2))
    >>> df = ModelHub().get_objectiv_dataframe(engine=con)
    >>> int(check_groupby(df, None, 'user_id').user_id.nunique().value)
    2
    >>> check_groupby(df, ['day', 'user_id'], not_allowed_in_groupby='user_id')
    Traceback (most recent call last):
    ...
    objectiv_modelhub.models.aggregate.GroupbyNotAllowedError: 'user_id' is in groupby but is needed for aggregation: not allowed to group on that. Leave 'user_id' out of groupby=['day', 'user_id']; group by another column, a time aggregation, or None for one total.
    >>> con.close()
    """
    return _grouped(data, groupby, not_allowed_in_groupby or "")
