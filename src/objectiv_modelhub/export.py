"""Export any model's SQL for a dialect, without a database connection.

>>> from objectiv_modelhub.export import model_sql
>>> sql = model_sql('unique_users', 'bigquery', table_name='my-project.analytics.data')
>>> 'FORMAT_DATETIME' in sql and '`my-project`.analytics.data' in sql
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from objectiv_bach import DataFrame, Series
from objectiv_bach.dialects import dialect_names, get_dialect
from objectiv_bach.errors import InvalidArgumentError
from objectiv_modelhub.modelhub import ModelHub
from objectiv_modelhub.pipelines import extract_contexts, sessionize

#: the conversion event the exported conversion models use unless another is given
DEFAULT_CONVERSION = {"event_type": "PressEvent",
                      "match": {"_type": "LinkContext", "id": "sign-up"}}


def _conversion_hub(mh: ModelHub, conversion: dict[str, Any]) -> str:
    match = conversion.get("match")
    stack = (lambda d: d.location_stack.ls.slice_from(match)) if match else None
    return mh.add_conversion_event(location_stack=stack, event_type=conversion.get("event_type"),
                                   name="conversion")


def _models(mh: ModelHub, name: str) -> dict[str, Callable[[DataFrame], Series | DataFrame]]:
    return {
        "objectiv_dataframe": lambda df: df,
        "unique_users": mh.agg.unique_users,
        "unique_sessions": mh.agg.unique_sessions,
        "session_duration": mh.agg.session_duration,
        "frequency": mh.agg.frequency,
        "is_first_session": mh.map.is_first_session,
        "is_new_user": mh.map.is_new_user,
        "is_conversion_event": lambda df: mh.map.is_conversion_event(df, name),
        "conversions_in_time": lambda df: mh.map.conversions_in_time(df, name),
        "conversions_counter": lambda df: mh.map.conversions_counter(df, name),
        "pre_conversion_hit_number": lambda df: mh.map.pre_conversion_hit_number(df, name),
    }


MODELS = tuple(_models(ModelHub(), "conversion"))


def model_sql(model: str, dialect: str, *, table_name: str = "data",
              time_aggregation: str = "%Y-%m-%d", global_contexts: list[str] | None = None,
              session_gap_seconds: float = 1800,
              conversion: dict[str, Any] | None = None) -> str:
    """The SQL of ``model`` over the native table ``table_name``, for ``dialect``.

    No database is needed: the table's schema is the native one.

    Parameters
    ----------
    model : str
        One of :data:`MODELS` (``'objectiv_dataframe'`` is the pipeline itself).
    dialect : str
        A registered dialect (:func:`objectiv_bach.dialects.dialect_names`: ``'duckdb'``,
        ``'postgres'``, ``'bigquery'``) or an alias (``'postgresql'``, ``'bq'``).
    table_name : str, default 'data'
        The native events table, optionally qualified.
    time_aggregation : str, default '%Y-%m-%d'
        The strftime format that groups the aggregation models.
    global_contexts : list of str, optional
        Global contexts to extract as columns (see :class:`ModelHub`).
    session_gap_seconds : float, default 1800
        The inactivity that starts a new session.
    conversion : dict, optional
        The conversion event of the conversion models: ``{'event_type': ..., 'match':
        {location context fields}}`` (default :data:`DEFAULT_CONVERSION`).

    Returns
    -------
    str
        The SQL text.

    Raises
    ------
    InvalidArgumentError
        For an unknown model or dialect.

    Examples
    --------
    >>> from objectiv_modelhub.export import model_sql
    >>> print(model_sql('unique_users', 'duckdb'))
    WITH context_data AS (
      SELECT
        moment,
        cookie_id AS user_id
      FROM data
    )
    SELECT
      STRFTIME(moment, '%Y-%m-%d') AS time_aggregation,
      COUNT(DISTINCT user_id) AS unique_users
    FROM context_data
    GROUP BY
      STRFTIME(moment, '%Y-%m-%d')
    >>> 'GROUP BY' in model_sql('unique_sessions', 'postgres', time_aggregation='%Y-%m')
    True
    """
    get_dialect(dialect)  # validates the name
    mh = ModelHub(time_aggregation=time_aggregation, global_contexts=global_contexts)
    name = _conversion_hub(mh, conversion or DEFAULT_CONVERSION)
    models = _models(mh, name)
    if model not in models:
        msg = f"Unknown model {model!r}; choose one of {sorted(models)}."
        raise InvalidArgumentError(msg)
    data = extract_contexts(None, table_name, global_contexts=global_contexts, offline=True)
    data = sessionize(data, session_gap_seconds)
    return models[model](data).view_sql(dialect=dialect)


def export_all(directory: str, *, dialects: tuple[str, ...] | None = None,
               **options: Any) -> list[str]:
    """Write ``<directory>/<dialect>/<model>.sql`` for every model and every registered dialect
    (or those of ``dialects``); returns the paths."""
    import pathlib

    written = []
    for dialect in dialects if dialects is not None else dialect_names():
        folder = pathlib.Path(directory) / dialect
        folder.mkdir(parents=True, exist_ok=True)
        for model in MODELS:
            path = folder / f"{model}.sql"
            path.write_text(model_sql(model, dialect, **options) + "\n", encoding="utf-8")
            written.append(str(path))
    return written
