"""Execution: connect, run a query into pandas, upload a DataFrame, read a table's schema.

:func:`get_backend` turns whatever a user passes as ``engine`` into a :class:`Backend`:

========================================  ===================================================
``engine``                                backend
========================================  ===================================================
``None``                                  the process-wide in-memory DuckDB (same each call)
a :class:`Backend`                        itself
``duckdb.DuckDBPyConnection``             DuckDB on that connection
SQLAlchemy ``Engine``                     by its URL: ``duckdb:///...``, ``postgresql://``,
                                          ``postgresql+psycopg2://...``, ``bigquery://p/ds``
a URL string of those forms               an Engine is created (once per string)
========================================  ===================================================

Backends are cached per engine object (weakly), so repeated calls reuse one connection.
For ``bigquery://project/dataset`` the BigQuery client comes from the engine (with
``?user_supplied_client=True`` and ``connect_args={'client': client}``, or sqlalchemy-bigquery's
own default credentials); a URL *string* uses ``$BIGQUERY_EMULATOR_HOST`` when that is set.
"""

from __future__ import annotations

import os
import threading
import weakref
from typing import Any

from objectiv_bach.backends.base import Backend
from objectiv_bach.dialects import REGISTRY, registration_for_scheme
from objectiv_bach.errors import EngineNotSupportedError, TableNotFoundError

__all__ = [
    "Backend",
    "BigQueryBackend",
    "DuckDBBackend",
    "PostgresBackend",
    "TableNotFoundError",
    "bigquery_emulator_client",
    "get_backend",
    "sqlalchemy_engine",
]

ACCEPTED_ENGINES = (
    "None (the default in-memory DuckDB), a Backend, a duckdb.DuckDBPyConnection, a SQLAlchemy "
    "Engine or a URL string: 'duckdb:///path.db' ('duckdb:///:memory:'), "
    "'postgresql://user@host:port/db' ('postgresql+psycopg2://...'), 'bigquery://project/dataset'"
)

_lock = threading.RLock()
_default: Backend | None = None
#: engine object -> Backend; entries go when the engine/connection is garbage collected
_by_object: weakref.WeakKeyDictionary[Any, Backend] = weakref.WeakKeyDictionary()
#: objects that cannot be weakly referenced: id -> (object, Backend)
_by_id: dict[int, tuple[Any, Backend]] = {}
#: URL string -> Engine created for it
_engines_by_url: dict[str, Any] = {}


def __getattr__(name: str) -> Any:  # lazy: importing BigQuery/psycopg2 is slow
    if name == "DuckDBBackend":
        from objectiv_bach.backends.duckdb import DuckDBBackend

        return DuckDBBackend
    if name == "PostgresBackend":
        from objectiv_bach.backends.postgres import PostgresBackend

        return PostgresBackend
    if name in ("BigQueryBackend", "bigquery_emulator_client"):
        from objectiv_bach.backends import bigquery

        return getattr(bigquery, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def default_backend() -> Backend:
    """The process-wide in-memory DuckDB backend."""
    global _default
    with _lock:
        if _default is None:
            from objectiv_bach.backends.duckdb import DuckDBBackend

            _default = DuckDBBackend()
        return _default


def get_backend(engine: Any = None) -> Backend:
    """The :class:`Backend` for ``engine`` (see the module docstring for accepted values).

    >>> get_backend().name
    'duckdb'
    >>> get_backend() is get_backend(None)
    True
    """
    if engine is None:
        return default_backend()
    if isinstance(engine, Backend):
        return engine
    with _lock:
        if isinstance(engine, str):
            engine = _engine_for_url(engine)
        cached = _cached(engine)
        if cached is not None:
            return cached
        backend = _make_backend(engine)
        try:
            _by_object[engine] = backend
        except TypeError:
            _by_id[id(engine)] = (engine, backend)
        return backend


def sqlalchemy_engine(engine: Any = None) -> Any:
    """The SQLAlchemy ``Engine`` of ``engine``: what ``DataFrame.engine`` gives.

    A SQLAlchemy Engine is itself; a URL string gives the Engine made for it (one per string);
    ``None``, a native DuckDB connection or a :class:`Backend` give an Engine on the same
    database, made once per backend: for DuckDB a ``duckdb:///`` Engine (duckdb_engine) whose one
    connection *is* the backend's connection (same tables, temporary ones too; it never closes
    it). ``get_backend()`` of the returned Engine is the same backend.

    >>> import duckdb, sqlalchemy, pandas as pd
    >>> connection = duckdb.connect()
    >>> _ = connection.execute("CREATE TABLE t AS SELECT 42 AS x")
    >>> engine = sqlalchemy_engine(connection)
    >>> isinstance(engine, sqlalchemy.Engine), get_backend(engine) is get_backend(connection)
    (True, True)
    >>> pd.read_sql("SELECT x FROM t", engine).x.tolist()
    [42]
    """
    from sqlalchemy.engine import Engine

    if isinstance(engine, Engine):
        return engine
    if isinstance(engine, str):
        with _lock:
            return _engine_for_url(engine)
    backend = get_backend(engine)
    with _lock:
        if backend.sqlalchemy_engine is None:
            made = backend.make_sqlalchemy_engine()
            backend.sqlalchemy_engine = made
            try:
                _by_object[made] = backend
            except TypeError:  # pragma: no cover - Engines are weakly referenceable
                _by_id[id(made)] = (made, backend)
        return backend.sqlalchemy_engine


def _cached(engine: Any) -> Backend | None:
    try:
        found = _by_object.get(engine)
    except TypeError:
        found = None
    if found is None and id(engine) in _by_id and _by_id[id(engine)][0] is engine:
        found = _by_id[id(engine)][1]
    return found


def _not_supported(engine: Any, why: str = "") -> EngineNotSupportedError:
    shown = repr(engine)
    if len(shown) > 200:
        shown = shown[:200] + "..."
    msg = (
        f"Cannot use engine {shown} (type {type(engine).__module__}.{type(engine).__qualname__})"
        f"{': ' + why if why else ''}. Accepted: {ACCEPTED_ENGINES}."
    )
    return EngineNotSupportedError(msg)


def _engine_for_url(url: str) -> Any:
    if url not in _engines_by_url:
        _engines_by_url[url] = _create_engine(url)
    return _engines_by_url[url]


def _create_engine(url: str) -> Any:
    import sqlalchemy

    scheme = url.split(":", 1)[0].lower()
    kwargs: dict[str, Any] = {}
    if scheme == "bigquery" and os.environ.get("BIGQUERY_EMULATOR_HOST"):
        from objectiv_bach.backends.bigquery import bigquery_emulator_client

        project = sqlalchemy.engine.make_url(url).host or "test-project"
        client = bigquery_emulator_client(os.environ["BIGQUERY_EMULATOR_HOST"], project)
        sep = "&" if "?" in url else "?"
        url_with_client = f"{url}{sep}user_supplied_client=True"
        kwargs["connect_args"] = {"client": client}
        try:
            engine = sqlalchemy.create_engine(url_with_client, **kwargs)
        except Exception as e:  # noqa: BLE001
            raise _not_supported(url, str(e)) from e
    elif registration_for_scheme(scheme) is None:
        raise _not_supported(url, f"unknown URL scheme {scheme!r}")
    else:
        target = url
        if scheme in ("postgres", "postgresql"):
            # SQLAlchemy 2.1 defaults 'postgresql://' to psycopg 3; Bach uses psycopg2
            target = "postgresql+psycopg2" + url[len(scheme) :]
            if "connect_timeout" not in url:  # the documented default (see backends.postgres)
                from objectiv_bach.backends.postgres import DEFAULT_CONNECT_TIMEOUT

                kwargs["connect_args"] = {"connect_timeout": DEFAULT_CONNECT_TIMEOUT}
        try:
            engine = sqlalchemy.create_engine(target, **kwargs)
        except Exception as e:  # noqa: BLE001 - a missing driver, a malformed URL, ...
            raise _not_supported(url, str(e)) from e
    return engine


def _make_backend(engine: Any) -> Backend:
    module = (type(engine).__module__ or "").split(".", 1)[0]
    for entry in REGISTRY.values():  # a native connection of a registered engine
        if module in entry.native_modules and hasattr(engine, "execute"):
            connect = _FROM_NATIVE.get(entry.name) or entry.backend_class().from_native  # type: ignore[attr-defined]
            return connect(engine)  # type: ignore[no-any-return]
    try:
        from sqlalchemy.engine import Engine
    except ImportError:  # pragma: no cover
        Engine = ()  # type: ignore[assignment,misc]  # noqa: N806
    if isinstance(engine, Engine):
        backend = _backend_from_sqlalchemy(engine)
        backend.sqlalchemy_engine = engine
        return backend
    raise _not_supported(engine)


def _backend_from_sqlalchemy(engine: Any) -> Backend:
    """The backend of a SQLAlchemy Engine, found in the registry by the URL's database name."""
    backend_name = engine.url.get_backend_name()
    entry = registration_for_scheme(backend_name)
    if entry is None:
        raise _not_supported(engine, f"database {backend_name!r}")
    connect = _FROM_SQLALCHEMY.get(entry.name) or entry.backend_class().from_sqlalchemy  # type: ignore[attr-defined]
    return connect(engine)  # type: ignore[no-any-return]


def _duckdb_from_sqlalchemy(engine: Any) -> Backend:
    from objectiv_bach.backends.duckdb import DuckDBBackend

    try:
        fairy = engine.raw_connection()  # kept checked out for the backend's lifetime
    except Exception as e:  # noqa: BLE001 - a missing directory, a locked file
        from objectiv_bach.backends.duckdb import open_error

        raise open_error(engine.url.database or ":memory:", getattr(e, "orig", e)) from None
    wrapper = fairy.driver_connection
    native = getattr(wrapper, "_ConnectionWrapper__c", wrapper)  # duckdb_engine's wrapper
    duck = DuckDBBackend(native, owns_connection=False)
    duck._sqlalchemy_connection = fairy
    return duck


def _bigquery_from_sqlalchemy(engine: Any) -> Backend:
    from objectiv_bach.backends.bigquery import BigQueryBackend

    dataset = engine.url.database
    if not dataset:
        raise _not_supported(engine, "a BigQuery URL needs a dataset: 'bigquery://project/dataset'")
    fairy = engine.raw_connection()
    client = getattr(fairy.driver_connection, "_client", None)
    if client is None:
        raise _not_supported(engine, "no BigQuery client on its DB-API connection")
    bq = BigQueryBackend(client, dataset, project=engine.url.host or client.project)
    bq._sqlalchemy_connection = fairy
    return bq


def _duckdb_from_native(connection: Any) -> Backend:
    from objectiv_bach.backends.duckdb import DuckDBBackend

    return DuckDBBackend(connection, owns_connection=False)


#: how a native connection becomes a backend, per registered name (else
#: ``BackendClass.from_native(connection)``)
_FROM_NATIVE = {"duckdb": _duckdb_from_native}
#: how a SQLAlchemy Engine becomes a backend, per registered name; an engine registered
#: without an entry here is asked ``BackendClass.from_sqlalchemy(engine)``
_FROM_SQLALCHEMY = {"duckdb": _duckdb_from_sqlalchemy, "bigquery": _bigquery_from_sqlalchemy}
