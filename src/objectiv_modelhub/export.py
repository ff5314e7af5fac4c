"""Export any model's SQL for a dialect, without a database connection.

>>> from objectiv_modelhub.export import model_sql
>>> sql = model_sql('unique_users', 'bigquery', table_name='my-project.analytics.data')
>>> 'FORMAT_DATETIME' in sql and '`my-project`.analytics.data' in sql
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlglot import exp

from objectiv_bach import DataFrame, Series
from objectiv_bach.dialects import get_dialect
from objectiv_bach.errors import InvalidArgumentError
from objectiv_bach.plan.naming import ident
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


def table_identifier(table_name: str) -> str:
    """``table_name`` as a table identifier: split on dots into ``[[catalog.]db.]table``, each
    part the exact name (quoted when it is not a plain lower-case name), never parsed as SQL.

    Returns the quoted, dialect-neutral form (e.g. ``'"x\'y"'``).

    Raises
    ------
    InvalidArgumentError
        For a name that is not a str, has an empty part (``'a..b'``, ``'a.'``) or more than
        three parts.

    Examples
    --------
    >>> table_identifier('analytics.data')
    'analytics.data'
    >>> table_identifier('data--x')
    '"data--x"'
    """
    if not isinstance(table_name, str):
        msg = f"table_name must be a str, got {table_name!r} ({type(table_name).__name__})."
        raise InvalidArgumentError(msg)
    parts = table_name.split(".")
    if any(not part.strip() for part in parts):
        msg = (f"Table name {table_name!r} has an empty part; write [[catalog.]schema.]table, "
               "each part a non-empty name.")
        raise InvalidArgumentError(msg)
    if len(parts) > 3:
        msg = (f"Table name {table_name!r} has {len(parts)} parts; at most three "
               "(catalog.schema.table, or BigQuery's project.dataset.table).")
        raise InvalidArgumentError(msg)
    table = make_table_identifier(parts)
    text = table.sql()
    # the pipeline takes a name; the quoted text reads back as exactly these parts
    if [p.name for p in exp.to_table(text).parts] != parts:  # pragma: no cover - defensive
        msg = f"Table name {table_name!r} cannot be written as an identifier."
        raise InvalidArgumentError(msg)
    return text


def make_table_identifier(parts: list[str]) -> exp.Table:
    # a plain lower-case name that is no keyword as it is; any other name quoted, so that it
    # means exactly the characters given
    ids = [ident(p) for p in parts]
    kwargs: dict[str, Any] = {"this": ids[-1]}
    if len(ids) >= 2:
        kwargs["db"] = ids[-2]
    if len(ids) == 3:
        kwargs["catalog"] = ids[0]
    return exp.Table(**kwargs)


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
        ``'duckdb'``, ``'postgres'`` or ``'bigquery'``.
    table_name : str, default 'data'
        The native events table, optionally qualified: ``[[catalog.]schema.]table``, split on
        dots, each part the exact name (see :func:`table_identifier`).
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
        For an unknown model or dialect, or a table name with an empty part.

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
    table = table_identifier(table_name)
    data = extract_contexts(None, table, global_contexts=global_contexts, offline=True)
    data = sessionize(data, session_gap_seconds)
    return models[model](data).view_sql(dialect=dialect)


def export_all(directory: str, *, dialects: tuple[str, ...] = ("duckdb", "postgres", "bigquery"),
               **options: Any) -> list[str]:
    """Write ``<directory>/<dialect>/<model>.sql`` for every model; returns the paths."""
    import pathlib

    written = []
    for dialect in dialects:
        folder = pathlib.Path(directory) / dialect
        folder.mkdir(parents=True, exist_ok=True)
        for model in MODELS:
            path = folder / f"{model}.sql"
            path.write_text(model_sql(model, dialect, **options) + "\n", encoding="utf-8")
            written.append(str(path))
    return written
