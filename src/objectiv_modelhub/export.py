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

from objectiv_bach import DataFrame, Series, sql_identifier
from objectiv_bach.dialects import dialect_names, get_dialect
from objectiv_bach.errors import InvalidArgumentError
from objectiv_modelhub.modelhub import ModelHub
from objectiv_modelhub.models.retention import retention_counts
from objectiv_modelhub.pipelines import extract_contexts, sessionize

#: the conversion event the exported conversion models use unless another is given
DEFAULT_CONVERSION: dict[str, Any] = {
    "event_type": "PressEvent",
    "match": {"_type": "LinkContext", "id": "sign-up"},
}


def _conversion_hub(mh: ModelHub, conversion: dict[str, Any]) -> str:
    match = conversion.get("match")
    stack = (lambda d: d.location_stack.ls.slice_from(match)) if match else None
    return mh.add_conversion_event(
        location_stack=stack, event_type=conversion.get("event_type"), name="conversion"
    )


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
        "top_product_features": mh.agg.top_product_features,
        "top_product_features_before_conversion": lambda df: (
            mh.agg.top_product_features_before_conversion(df, name)
        ),
        # the matrix's columns depend on the data: the export is its long form
        "retention_matrix": lambda df: retention_counts(df, "monthly"),
        "drop_off_locations": mh.agg.drop_off_locations,
        "funnel_conversion": mh.agg.funnel_conversion,
        "navigation_paths": lambda df: mh.get_funnel_discovery().get_navigation_paths(
            df, steps=3, by="user_id"
        ),
    }


#: models that read a global context, which the export then extracts whether asked or not
NEEDED_CONTEXTS = {
    "top_product_features": ("application",),
    "top_product_features_before_conversion": ("application",),
}


MODELS = tuple(_models(ModelHub(), "conversion"))


def table_identifier(table_name: str) -> str:
    r"""``table_name`` as a table identifier, never parsed as SQL.

    It is split on dots into ``[[catalog.]db.]table``, each part the exact name (quoted when it
    is not a plain lower-case name).

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
        msg = (
            f"Table name {table_name!r} has an empty part; write [[catalog.]schema.]table, "
            "each part a non-empty name."
        )
        raise InvalidArgumentError(msg)
    if len(parts) > 3:
        msg = (
            f"Table name {table_name!r} has {len(parts)} parts; at most three "
            "(catalog.schema.table, or BigQuery's project.dataset.table)."
        )
        raise InvalidArgumentError(msg)
    table = make_table_identifier(parts)
    text = table.sql()
    # the pipeline takes a name; the quoted text reads back as exactly these parts
    if [p.name for p in exp.to_table(text).parts] != parts:  # pragma: no cover - defensive
        msg = f"Table name {table_name!r} cannot be written as an identifier."
        raise InvalidArgumentError(msg)
    return text


def make_table_identifier(parts: list[str]) -> exp.Table:
    """A table of one to three name parts (``[catalog, [db,]] name``).

    A plain lower-case name that is no keyword stays as it is; any other name is quoted, so that it
    means exactly the characters given.
    """
    ids = [sql_identifier(p) for p in parts]
    kwargs: dict[str, Any] = {"this": ids[-1]}
    if len(ids) >= 2:
        kwargs["db"] = ids[-2]
    if len(ids) == 3:
        kwargs["catalog"] = ids[0]
    return exp.Table(**kwargs)


def model_sql(
    model: str,
    dialect: str,
    *,
    table_name: str = "data",
    time_aggregation: str = "%Y-%m-%d",
    global_contexts: list[str] | None = None,
    session_gap_seconds: float = 1800,
    conversion: dict[str, Any] | None = None,
    table_format: str = "native",
) -> str:
    """The SQL of ``model`` over the events table ``table_name``, for ``dialect``.

    No database is needed: the table's schema is the known one of its format (native, or
    Snowplow's: :func:`objectiv_modelhub.snowplow_table.snowplow_columns`). The SQL is the
    one ``to_pandas()`` runs over such a table.

    Parameters
    ----------
    model : str
        One of :data:`MODELS` (``'objectiv_dataframe'`` is the pipeline itself).
    dialect : str
        A registered dialect (:func:`objectiv_bach.dialects.dialect_names`: ``'duckdb'``,
        ``'postgres'``, ``'bigquery'``) or an alias (``'postgresql'``, ``'bq'``).
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
    table_format : {'native', 'snowplow', 'snowplow_int64'}, default 'native'
        The table's format (:data:`TABLE_FORMATS`): Objectiv's native table, or the one
        Snowplow writes to BigQuery (``true_tstamp`` a TIMESTAMP, or INT64 epoch
        milliseconds with ``'snowplow_int64'``).

    Returns
    -------
    str
        The SQL text.

    Raises
    ------
    InvalidArgumentError
        For an unknown model, dialect or table format, or a table name with an empty part.

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
      STRFTIME(CAST(moment AS DATE), '%Y-%m-%d') AS time_aggregation,
      COUNT(DISTINCT user_id) AS unique_users
    FROM context_data
    GROUP BY
      CAST(moment AS DATE)
    >>> 'GROUP BY' in model_sql('unique_sessions', 'postgres', time_aggregation='%Y-%m')
    True
    >>> sql = model_sql('unique_users', 'bigquery', table_name='p.snowplow.events',
    ...                 table_format='snowplow')
    >>> 'network_userid' in sql and 'p.snowplow.events' in sql
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
    contexts = list(global_contexts or [])
    contexts += [c for c in NEEDED_CONTEXTS.get(model, ()) if c not in contexts]
    data = _offline_contexts(table, table_format, contexts)
    data = sessionize(data, session_gap_seconds)
    return models[model](data).view_sql(dialect=dialect)


#: the table formats the export reads (as :func:`objectiv_modelhub.sample_data.write_sample_data`
#: writes them), and what the header says of each
TABLE_FORMATS = {
    "native": "the native Objectiv events table",
    "snowplow": "Objectiv events in Snowplow's BigQuery format",
    "snowplow_int64": "Objectiv events in Snowplow's BigQuery format, true_tstamp as INT64 ms",
}


def _check_table_format(table_format: str) -> None:
    if table_format not in TABLE_FORMATS:
        msg = f"table_format={table_format!r}: choose one of {list(TABLE_FORMATS)}."
        raise InvalidArgumentError(msg)


def _offline_contexts(table: str, table_format: str, contexts: list[str]) -> DataFrame:
    """The pipeline's frame over ``table`` in ``table_format``, without a database."""
    _check_table_format(table_format)
    if table_format == "native":
        return extract_contexts(None, table, global_contexts=contexts, offline=True)
    from objectiv_modelhub.pipelines.snowplow import extract_snowplow_contexts
    from objectiv_modelhub.snowplow_table import snowplow_columns

    true_tstamp = "int64" if table_format == "snowplow_int64" else "timestamp"
    columns = snowplow_columns(true_tstamp)
    return extract_snowplow_contexts(None, table, columns, global_contexts=contexts, offline=True)


def export_all(
    directory: str, *, dialects: tuple[str, ...] | None = None, **options: Any
) -> list[str]:
    """Write ``<directory>/<dialect>/<model>.sql`` (with its header) per model and dialect.

    Writes every model for every registered dialect (or those of ``dialects``).

    Returns the written paths.
    """
    import pathlib

    written = []
    for dialect in dialects if dialects is not None else dialect_names():
        folder = pathlib.Path(directory) / dialect
        folder.mkdir(parents=True, exist_ok=True)
        for model in MODELS:
            path = folder / f"{model}.sql"
            path.write_text(model_sql_file(model, dialect, **options), encoding="utf-8")
            written.append(str(path))
    return written


# ------------------------------------------------------------------------- file headers
#: one line per model, for ``objectiv-modelhub models`` and the docs
MODEL_DESCRIPTIONS = {
    "objectiv_dataframe": "the events with their contexts and sessions (the pipeline itself)",
    "unique_users": "unique users per time period",
    "unique_sessions": "unique sessions per time period",
    "session_duration": "mean session duration per time period (bounces excluded)",
    "frequency": "number of users per number of sessions",
    "is_first_session": "per event: whether it is in the user's first session",
    "is_new_user": "per event: whether the user's first session is in the event's period",
    "is_conversion_event": "per event: whether it is the conversion event",
    "conversions_in_time": "per event: conversions so far in the session",
    "conversions_counter": "per event: conversions in the session",
    "pre_conversion_hit_number": "per event: hits before the session's first conversion",
    "top_product_features": "users per (application, feature, event type) of interactive events",
    "top_product_features_before_conversion": "users per feature before a session's conversion",
    "retention_matrix": "users per monthly cohort and months since (the matrix in long form)",
    "drop_off_locations": "users per location of their last event",
    "funnel_conversion": "per location: users, completions, step/full conversion, drop-off",
    "navigation_paths": "per user: paths of 3 consecutive locations (FunnelDiscovery)",
}


def sql_header(
    model: str,
    dialect: str,
    *,
    table_name: str = "data",
    time_aggregation: str = "%Y-%m-%d",
    global_contexts: list[str] | None = None,
    session_gap_seconds: float = 1800,
    conversion: dict[str, Any] | None = None,
    table_format: str = "native",
) -> str:
    """The comment that heads an exported SQL file: model, dialect, source table, parameters.

    Deterministic (no time stamp, no version), so exported files diff cleanly.

    Parameters
    ----------
    model, dialect, table_name, time_aggregation, global_contexts, session_gap_seconds, conversion
    table_format
        As for :func:`model_sql`.

    Returns
    -------
    str
        SQL ``--`` comment lines, each ending in a newline.

    Examples
    --------
    >>> from objectiv_modelhub.export import sql_header
    >>> print(sql_header('unique_users', 'bigquery', table_name='p.analytics.data'), end='')
    -- objectiv-modelhub export of model 'unique_users': unique users per time period
    -- dialect: bigquery
    -- source table: p.analytics.data (the native Objectiv events table)
    -- time_aggregation: '%Y-%m-%d'
    -- global_contexts: []
    -- session_gap_seconds: 1800
    -- conversion event: {'event_type': 'PressEvent', 'match': {'_type': 'LinkContext', 'id': 'sign-up'}}
    """
    conversion = conversion or DEFAULT_CONVERSION
    _check_table_format(table_format)
    lines = [
        f"objectiv-modelhub export of model {model!r}: {MODEL_DESCRIPTIONS.get(model, model)}",
        f"dialect: {get_dialect(dialect).BACH_NAME}",
        f"source table: {table_name} ({TABLE_FORMATS[table_format]})",
        f"time_aggregation: {time_aggregation!r}",
        f"global_contexts: {list(global_contexts or [])!r}",
        f"session_gap_seconds: {session_gap_seconds:g}",
        f"conversion event: {conversion!r}",
    ]
    return "".join(f"-- {line}\n" for line in lines)


def model_sql_file(model: str, dialect: str, **options: Any) -> str:
    """The text of an exported SQL file: :func:`sql_header` then :func:`model_sql`.

    Examples
    --------
    >>> from objectiv_modelhub.export import model_sql_file
    >>> text = model_sql_file('unique_users', 'postgres', table_name='analytics.data')
    >>> text.splitlines()[1], text.splitlines()[7]
    ('-- dialect: postgres', 'WITH context_data AS (')
    """
    return sql_header(model, dialect, **options) + model_sql(model, dialect, **options) + "\n"


def write_model_files(
    directory: str, models: tuple[str, ...] | list[str], dialect: str, **options: Any
) -> list[str]:
    """Write ``<directory>/<model>.sql`` (with its header) for each of ``models``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from objectiv_modelhub.export import write_model_files
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = write_model_files(folder, ['frequency'], 'duckdb')
    ...     [pathlib.Path(p).name for p in paths]
    ['frequency.sql']
    """
    import pathlib

    folder = pathlib.Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for model in models:
        path = folder / f"{model}.sql"
        path.write_text(model_sql_file(model, dialect, **options), encoding="utf-8")
        written.append(str(path))
    return written


# ------------------------------------------------------------------------- dbt project
#: the table name the models are rendered over before it becomes ``{{ source(...) }}``
_DBT_PLACEHOLDER = "objectiv_dbt_source_placeholder"

_DBT_PROFILES = {
    "duckdb": {
        "type": "duckdb",
        "path": "{{ env_var('OBJECTIV_DUCKDB_PATH', 'objectiv.duckdb') }}",
        "threads": 1,
    },
    "postgres": {
        "type": "postgres",
        "host": "{{ env_var('PGHOST', 'localhost') }}",
        "port": "{{ env_var('PGPORT', '5432') | as_number }}",
        "user": "{{ env_var('PGUSER', 'postgres') }}",
        "password": "{{ env_var('PGPASSWORD', '') }}",
        "dbname": "{{ env_var('PGDATABASE', 'postgres') }}",
        "schema": "{{ env_var('DBT_SCHEMA', 'public') }}",
        "threads": 4,
    },
    "bigquery": {
        "type": "bigquery",
        "method": "oauth",
        "project": "{{ env_var('DBT_BIGQUERY_PROJECT') }}",
        "dataset": "{{ env_var('DBT_BIGQUERY_DATASET', 'objectiv_models') }}",
        "threads": 4,
    },
}


def _yaml(value: Any, indent: int = 0) -> list[str]:
    """A minimal YAML writer for the dbt files (dicts, lists, str, int); strings quoted."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}:")
                lines.extend(_yaml(item, indent + 1))
            else:
                lines.append(f"{pad}{key}: {_yaml_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                inner = _yaml(item, indent + 1)
                lines.append(f"{pad}- {inner[0].strip()}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {_yaml_scalar(item)}")
    return lines


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    import json

    return json.dumps(str(value))  # a JSON string is a valid double-quoted YAML scalar


def _dbt_model_text(model: str, dialect: str, source: str, **options: Any) -> str:
    """The model's SQL as a dbt model, reading the events from ``{{ source(...) }}``.

    The SQL itself is in ``{% raw %}`` blocks, so nothing in it is read as Jinja.
    """
    sql = model_sql(model, dialect, table_name=_DBT_PLACEHOLDER, **options)
    pieces = sql.split(_DBT_PLACEHOLDER)
    if len(pieces) < 2:  # pragma: no cover - the source table always appears
        msg = f"Model {model!r}: the source table does not appear in its SQL."
        raise InvalidArgumentError(msg)
    raw = [f"{{% raw %}}{piece}{{% endraw %}}" if piece else "" for piece in pieces]
    header = f"{{% raw %}}{sql_header(model, dialect, **options)}{{% endraw %}}"
    return header + source.join(raw) + "\n"


def export_dbt(
    directory: str,
    dialect: str = "duckdb",
    *,
    table_name: str = "data",
    project_name: str = "objectiv_modelhub",
    source_name: str = "objectiv",
    models: tuple[str, ...] | list[str] | None = None,
    **options: Any,
) -> list[str]:
    """Write a ready dbt project with one model file per model.

    The project has ``dbt_project.yml``, ``profiles.yml``, a source for the events table in
    ``models/sources.yml`` and ``models/<model>.sql``.

    Each model reads the events through ``{{ source('<source_name>', 'data') }}`` and is
    materialized as a view. ``profiles.yml`` holds a ``dev`` target for ``dialect`` whose
    connection settings come from environment variables (DuckDB: ``OBJECTIV_DUCKDB_PATH``,
    PostgreSQL: ``PGHOST``, ``PGUSER``, ..., BigQuery: ``DBT_BIGQUERY_PROJECT``).

    Parameters
    ----------
    directory : str
        The project folder (created; existing files of the same names are overwritten).
    dialect : str, default 'duckdb'
        The warehouse the project runs on (any spelling :func:`get_dialect` accepts).
    table_name : str, default 'data'
        The native events table: ``table``, ``schema.table`` or ``database.schema.table``
        (BigQuery: ``project.dataset.table``).
    project_name : str, default 'objectiv_modelhub'
        The dbt project and profile name.
    source_name : str, default 'objectiv'
        The dbt source name of the events table.
    models : list of str, optional
        The models to write (default: all of :data:`MODELS`).
    **options
        ``time_aggregation``, ``global_contexts``, ``session_gap_seconds``, ``conversion``,
        ``table_format``, as for :func:`model_sql`.

    Returns
    -------
    list of str
        The written paths.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from objectiv_modelhub.export import export_dbt
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = export_dbt(folder, 'duckdb', models=['unique_users'])
    ...     model = pathlib.Path(folder, 'models', 'unique_users.sql').read_text()
    ...     sorted(str(pathlib.Path(p).relative_to(folder)) for p in paths)
    ['dbt_project.yml', 'models/sources.yml', 'models/unique_users.sql', 'profiles.yml']
    >>> "FROM {% endraw %}{{ source('objectiv', 'data') }}" in model
    True
    """
    import pathlib

    import sqlglot

    bach_dialect = get_dialect(dialect).BACH_NAME
    chosen = list(models) if models is not None else list(MODELS)
    unknown = [m for m in chosen if m not in MODELS]
    if unknown:
        msg = f"Unknown model(s) {unknown!r}; choose from {list(MODELS)}."
        raise InvalidArgumentError(msg)
    try:
        table = sqlglot.exp.to_table(table_name, dialect=get_dialect(dialect))  # type: ignore[arg-type]
    except sqlglot.errors.ParseError as e:
        msg = f"Cannot read table name {table_name!r} ({e}); give table, schema.table or db.schema.table."
        raise InvalidArgumentError(msg) from e
    source: dict[str, Any] = {"name": source_name}
    if table.catalog:
        source["database"] = table.catalog
    # an unqualified table is in the schema (BigQuery: dataset) the profile connects to
    source["schema"] = table.db or "{{ target.schema }}"
    source["tables"] = [
        {
            "name": "data",
            "identifier": table.name,
            "description": "Native Objectiv events (event_id, day, moment, cookie_id, value)",
        }
    ]
    ref = f"{{{{ source('{source_name}', 'data') }}}}"
    project = {
        "name": project_name,
        "version": "1.0.0",
        "config-version": 2,
        "profile": project_name,
        "model-paths": ["models"],
        "models": {project_name: {"+materialized": "view"}},
    }
    profiles = {
        project_name: {"target": "dev", "outputs": {"dev": _DBT_PROFILES.get(bach_dialect, {})}}
    }
    files: dict[str, str] = {
        "dbt_project.yml": "\n".join(_yaml(project)) + "\n",
        "profiles.yml": "\n".join(_yaml(profiles)) + "\n",
        "models/sources.yml": "\n".join(_yaml({"version": 2, "sources": [source]})) + "\n",
    }
    for model in chosen:
        files[f"models/{model}.sql"] = _dbt_model_text(model, bach_dialect, ref, **options)
    written = []
    for relative, text in files.items():
        path = pathlib.Path(directory) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(str(path))
    return written
