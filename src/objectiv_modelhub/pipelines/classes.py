"""The original's pipeline classes over the pipeline functions of this package.

``get_objectiv_dataframe`` runs them in this order (see the original's ``get_objectiv_data``):
:func:`get_extracted_context_pipeline` -> :class:`IdentityResolutionPipeline` ->
:class:`SessionizedDataPipeline` ->
:meth:`IdentityResolutionPipeline.anonymize_user_ids_without_identity`.
"""

from __future__ import annotations

from typing import Any

from objectiv_bach import DataFrame
from objectiv_modelhub.pipelines.extracted_contexts import (
    NATIVE_DTYPES,
    _check_table,
    _table_columns,
    extract_contexts,
)
from objectiv_modelhub.pipelines.identity_resolution import (
    anonymize_user_ids_without_identity,
    resolve_identities,
)
from objectiv_modelhub.pipelines.sessionized_data import sessionize

#: a column of Snowplow's flattened Objectiv table (the original's BigQuery format)
SNOWPLOW_LOCATION_STACK_COLUMN = "contexts_io_objectiv_location_stack_1_0_0"


class BaseExtractedContextsPipeline:
    """Reads the events table into the extracted-contexts frame (one row per event).

    Parameters
    ----------
    engine : optional
        Anything Bach accepts as an engine.
    table_name : str
        The events table.
    global_contexts : list of str, optional
        Global contexts to extract as columns (snake_case names).

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(20, seed=2, start='2022-01-01', days=2))
    >>> pipeline = get_extracted_context_pipeline(con, 'data', ['application'])
    >>> type(pipeline).__name__
    'NativeObjectivExtractedContextsPipeline'
    >>> df = pipeline(start_date='2022-01-02')
    >>> df.data_columns
    ['day', 'moment', 'user_id', 'location_stack', 'event_type', 'stack_event_types', 'application']
    >>> sorted({str(d) for d in df.day.to_pandas()})
    ['2022-01-02']
    >>> con.close()
    """

    def __init__(self, engine: Any, table_name: str, global_contexts: list[str] | None = None):
        self._engine = engine
        self._table_name = table_name
        self._global_contexts = list(global_contexts or [])

    @property
    def global_contexts(self) -> list[str]:
        """The global contexts the pipeline extracts."""
        return list(self._global_contexts)

    def __call__(self, start_date: Any = None, end_date: Any = None) -> DataFrame:
        """The extracted-contexts frame of the events from ``start_date`` to ``end_date``.

        Parameters
        ----------
        start_date, end_date : str or date, optional
            Inclusive ``'YYYY-MM-DD'`` day bounds.

        Returns
        -------
        DataFrame
            Index ``event_id``; ``day``, ``moment``, ``user_id``, ``location_stack``,
            ``event_type``, ``stack_event_types`` and one column per global context.
        """
        return extract_contexts(
            self._engine,
            self._table_name,
            start_date=start_date,
            end_date=end_date,
            global_contexts=self._global_contexts,
        )


class NativeObjectivExtractedContextsPipeline(BaseExtractedContextsPipeline):
    """The pipeline over the native Objectiv table (the collector's ``data`` table).

    The table needs the columns ``event_id, day, moment, cookie_id, value`` (see
    :data:`objectiv_modelhub.pipelines.extracted_contexts.NATIVE_DTYPES`); the constructor
    checks them.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(20, seed=2))
    >>> len(NativeObjectivExtractedContextsPipeline(con, 'data')().to_pandas())
    20
    >>> con.close()
    """

    def __init__(self, engine: Any, table_name: str, global_contexts: list[str] | None = None):
        super().__init__(engine, table_name, global_contexts)
        _check_table(table_name, _table_columns(engine, table_name))


class BigQueryExtractedContextsPipeline(BaseExtractedContextsPipeline):
    """The pipeline over Snowplow's flattened Objectiv table (the original's BigQuery format).

    Chosen by :func:`get_extracted_context_pipeline` for a table with Snowplow's
    ``contexts_io_objectiv_*`` columns; it reads through the same extraction as the native
    pipeline, which selects the format by the table's columns.
    """


def get_extracted_context_pipeline(
    engine: Any, table_name: str, global_contexts: list[str] | None = None
) -> BaseExtractedContextsPipeline:
    """The extracted-contexts pipeline for the table's format (read from its columns).

    Parameters
    ----------
    engine : optional
        Anything Bach accepts as an engine.
    table_name : str
        The events table.
    global_contexts : list of str, optional
        Global contexts to extract as columns.

    Returns
    -------
    BaseExtractedContextsPipeline
        :class:`BigQueryExtractedContextsPipeline` for a Snowplow table, else
        :class:`NativeObjectivExtractedContextsPipeline`; call it with ``start_date`` and
        ``end_date``.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(20, seed=2))
    >>> pipeline = get_extracted_context_pipeline(con, 'data')
    >>> pipeline.global_contexts, len(pipeline().to_pandas())
    ([], 20)
    >>> con.close()
    """
    columns = DataFrame.from_table(engine, table_name, index=[]).dtypes
    if SNOWPLOW_LOCATION_STACK_COLUMN in columns and not set(NATIVE_DTYPES) <= set(columns):
        return BigQueryExtractedContextsPipeline(engine, table_name, global_contexts)
    return NativeObjectivExtractedContextsPipeline(engine, table_name, global_contexts)


class SessionizedDataPipeline:
    """Adds ``session_id`` and ``session_hit_number`` (see :func:`sessionize`).

    A session starts at a user's first event and after every gap of more than
    ``session_gap_seconds``; sessions are numbered 1..N by start moment over all users.

    Parameters
    ----------
    session_gap_seconds : float, default 1800
        The inactivity that starts a new session.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(50, seed=2, n_users=3))
    >>> events = get_extracted_context_pipeline(con, 'data')()
    >>> sessions = SessionizedDataPipeline(session_gap_seconds=1800)(extracted_contexts_df=events)
    >>> int(sessions.session_id.min().value), sessions.data_columns[-2:]
    (1, ['session_id', 'session_hit_number'])
    >>> con.close()
    """

    def __init__(self, session_gap_seconds: float = 1800):
        self.session_gap_seconds = session_gap_seconds

    def __call__(self, extracted_contexts_df: DataFrame) -> DataFrame:
        """The frame with the session columns added (indexed by ``event_id``)."""
        return sessionize(extracted_contexts_df, self.session_gap_seconds)


class IdentityResolutionPipeline:
    """Replaces cookie user ids by the identity users gave (IdentityContext).

    An event's identity is its first IdentityContext (with ``id == identity_id`` when given)
    as ``'<value>|<id>'``; each user id takes the identity of its last identified event.
    Needs the ``identity`` global context column.

    Parameters
    ----------
    identity_id : str, optional
        The IdentityContext id to use (e.g. ``'email'``); None for any.

    Examples
    --------
    >>> import duckdb
    >>> from objectiv_modelhub.native_table import write_events
    >>> from objectiv_modelhub.sample_data import generate_events
    >>> con = duckdb.connect()
    >>> _ = write_events(con, generate_events(300, seed=2, n_users=10))
    >>> events = get_extracted_context_pipeline(con, 'data', ['identity'])()
    >>> resolved = IdentityResolutionPipeline('email')(extracted_contexts_df=events)
    >>> users = resolved.user_id.to_pandas()
    >>> sorted({u.split('|')[1] for u in users if '|' in u})
    ['email']
    >>> anonymous = IdentityResolutionPipeline.anonymize_user_ids_without_identity(resolved)
    >>> int(anonymous.user_id.isnull().sum().value) == sum('|' not in u for u in users)
    True
    >>> con.close()
    """

    def __init__(self, identity_id: str | None = None):
        self.identity_id = identity_id

    def __call__(self, extracted_contexts_df: DataFrame) -> DataFrame:
        """The frame with resolved ``user_id`` and ``identity_user_id`` (NULL if none)."""
        return resolve_identities(extracted_contexts_df, self.identity_id)

    @staticmethod
    def anonymize_user_ids_without_identity(df: DataFrame) -> DataFrame:
        """``user_id`` := NULL where the user has no identity (``identity_user_id`` NULL)."""
        return anonymize_user_ids_without_identity(df)
