"""Faults: lost connections are replaced on the next call (never retrying the statement),
connecting times out, and every connection failure is a BackendError that names the engine,
host and database but never the password. Server restarts use a private server."""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg2
import pytest
import sqlalchemy
from reliability_support import (
    PASSWORD,
    PASSWORD_PIECES,
    PASSWORD_USER,
    OwnServer,
    free_port,
    schema_dsn,
)

import objectiv_bach as bach
from objectiv_bach.backends import get_backend
from objectiv_bach.backends.duckdb import connect as duckdb_connect
from objectiv_bach.backends.postgres import DEFAULT_CONNECT_TIMEOUT, PostgresBackend
from objectiv_bach.errors import BackendError

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def own_server() -> Iterator[OwnServer]:
    server = OwnServer()
    try:
        yield server
    finally:
        server.close()


def _ids(engine: Any, table: str = "t") -> list[int]:
    return sorted(bach.from_table(engine, table, index=[]).to_pandas().id.tolist())


def _assert_no_password(text: str) -> None:
    for piece in PASSWORD_PIECES:
        assert piece not in text, (piece, text)


def _full_text(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


# -- lost connections -------------------------------------------------------------------------


def _engines(dsn: str) -> dict[str, Any]:
    return {
        "dsn": PostgresBackend(dsn),
        "url": dsn.replace("postgresql://", "postgresql+psycopg2://"),
        "engine_pre_ping": sqlalchemy.create_engine(
            dsn.replace("postgresql://", "postgresql+psycopg2://"), pool_pre_ping=True
        ),
    }


@pytest.mark.parametrize("kind", ["dsn", "url", "engine_pre_ping"])
def test_terminated_connection_is_replaced(
    kind: str, postgres_dsn: str, postgres_admin: Any
) -> None:
    with schema_dsn(postgres_dsn, postgres_admin) as (_, dsn):
        engine = _engines(dsn)[kind]
        backend = get_backend(engine)
        backend.create_table("t", pd.DataFrame({"id": [1]}), {"id": "int64"})
        (pid,) = backend._execute("SELECT pg_backend_pid()")[0]  # type: ignore[attr-defined]
        with postgres_admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        with pytest.raises(BackendError, match="was lost.*may or may not have run") as info:
            backend.execute('INSERT INTO "t" ("id") VALUES (2)')
        assert "INSERT" in str(info.value)
        # the next call works on a new connection, and the INSERT was not retried
        assert _ids(engine) == [1]
        (new_pid,) = backend._execute("SELECT pg_backend_pid()")[0]  # type: ignore[attr-defined]
        assert new_pid != pid
        backend.close()


@pytest.mark.parametrize("kind", ["dsn", "engine_pre_ping"])
def test_server_restart(kind: str, own_server: OwnServer) -> None:
    engine = _engines(own_server.dsn)[kind]
    backend = get_backend(engine)
    table = f"t_{kind}"
    backend.create_table(table, pd.DataFrame({"id": [1, 2]}), {"id": "int64"}, if_exists="replace")
    frame = bach.from_table(engine, table, index=[])
    own_server.stop()
    try:
        with pytest.raises(BackendError) as lost:
            frame.to_pandas()
        assert "was lost" in str(lost.value) or "Cannot connect" in str(lost.value)
        with pytest.raises(BackendError, match="Cannot connect to PostgreSQL at 127.0.0.1"):
            frame.to_pandas()  # still down: a clear error, no hang
    finally:
        own_server.start()
    assert sorted(frame.to_pandas().id.tolist()) == [1, 2]
    backend.close()


# -- timeouts ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _silent_server() -> Iterator[int]:
    """A port that accepts TCP connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def test_connect_timeout_is_configurable() -> None:
    with _silent_server() as port:
        with pytest.raises(BackendError, match="Cannot connect.*timeout") as info:
            PostgresBackend(f"postgresql://postgres@127.0.0.1:{port}/shop", connect_timeout=1)
    assert f"127.0.0.1:{port}" in str(info.value) and "'shop'" in str(info.value)


def test_connect_timeout_default_applies_to_url_strings() -> None:
    assert DEFAULT_CONNECT_TIMEOUT == 10  # documented in docs/reliability.md
    with _silent_server() as port:
        with pytest.raises(BackendError, match="Cannot connect.*timeout"):
            get_backend(f"postgresql://postgres@127.0.0.1:{port}/shop")


# -- connection failures ----------------------------------------------------------------------


def _failure_cases(server: OwnServer) -> dict[str, tuple[str, str, str]]:
    """name -> (DSN or URL, host text the message names, database the message names)."""
    quoted = PASSWORD.replace("\\", "\\\\").replace("'", "\\'")
    closed = free_port()
    return {
        "refused": (
            f"host=127.0.0.1 port={closed} dbname=shop user={PASSWORD_USER} password='{quoted}'",
            f"127.0.0.1:{closed}",
            "shop",
        ),
        "wrong_password": (
            server.password_url(PASSWORD + "x"),
            f"127.0.0.1:{server.port}",
            "postgres",
        ),
        "wrong_password_kv": (
            f"host=127.0.0.1 port={server.port} dbname=postgres "
            f"user={PASSWORD_USER} password='{quoted}x'",
            f"127.0.0.1:{server.port}",
            "postgres",
        ),
        "unknown_database": (
            server.password_url(database="no_such_db"),
            f"127.0.0.1:{server.port}",
            "no_such_db",
        ),
        "unknown_host": (
            f"postgresql://{PASSWORD_USER}:Zq9%20xKj%27Wvb%22Rtq@no-such-host.invalid:5432/shop",
            "no-such-host.invalid",
            "shop",
        ),
    }


@pytest.mark.parametrize(
    "case", ["refused", "wrong_password", "wrong_password_kv", "unknown_database", "unknown_host"]
)
@pytest.mark.parametrize("how", ["backend", "get_backend"])
def test_connection_failures_name_the_target_never_the_password(
    case: str, how: str, own_server: OwnServer, caplog: pytest.LogCaptureFixture
) -> None:
    dsn, host, database = _failure_cases(own_server)[case]
    if how == "get_backend" and "://" not in dsn:
        dsn_for_engine = None
    else:
        dsn_for_engine = dsn
    caplog.set_level(logging.DEBUG, logger="objectiv_bach")
    with pytest.raises(BackendError) as info:
        if how == "backend" or dsn_for_engine is None:
            PostgresBackend(dsn)
        else:
            get_backend(
                sqlalchemy.create_engine(
                    dsn_for_engine.replace("postgresql://", "postgresql+psycopg2://")
                )
            )
    message = str(info.value)
    assert message.startswith("Cannot connect to PostgreSQL at " + host), message
    assert f"database {database!r}" in message
    assert "Check the host, port, database name, user and password" in message
    _assert_no_password(_full_text(info.value))
    _assert_no_password(caplog.text)


def test_malformed_connection_string_shows_no_fragment() -> None:
    unquoted = f"host=127.0.0.1 dbname=shop password={PASSWORD}"
    with pytest.raises(BackendError, match="could not be read") as info:
        PostgresBackend(unquoted)
    _assert_no_password(_full_text(info.value))


def test_password_connection_works_and_logs_no_password(
    own_server: OwnServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="objectiv_bach")
    for engine in (own_server.password_url(), PostgresBackend(own_server.password_url())):
        frame = bach.from_pandas(engine, pd.DataFrame({"id": [3, 1]}))
        assert sorted(frame.to_pandas().id.tolist()) == [1, 3]
        _assert_no_password(get_backend(engine).describe())
    assert "rows in" in caplog.text or "row in" in caplog.text
    _assert_no_password(caplog.text)


def test_a_passed_in_connection_that_broke_says_so(postgres_dsn: str, postgres_admin: Any) -> None:
    connection = psycopg2.connect(postgres_dsn)
    backend = PostgresBackend(connection)
    (pid,) = backend._execute("SELECT pg_backend_pid()")[0]
    with postgres_admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    with pytest.raises(BackendError, match="was lost.*cannot be reopened"):
        backend.run_query("SELECT 1 AS one", None)
    with pytest.raises(BackendError, match="cannot be reopened"):
        backend.run_query("SELECT 1 AS one", None)


# -- DuckDB files -----------------------------------------------------------------------------


def test_duckdb_missing_directory(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "dir" / "shop.duckdb"
    with pytest.raises(BackendError, match="Cannot open DuckDB database") as info:
        get_backend(f"duckdb:///{path}")
    assert str(path) in str(info.value)
    with pytest.raises(BackendError, match="Check that the directory exists"):
        duckdb_connect(str(path))


def test_duckdb_file_locked_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "c.execute('CREATE TABLE t (x INTEGER)'); print('ready', flush=True); time.sleep(120)",
            str(path),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ready"
        with pytest.raises(BackendError, match="Cannot open DuckDB database") as info:
            get_backend(f"duckdb:///{path}")
        assert str(path) in str(info.value) and "one writing process" in str(info.value)
        with pytest.raises(BackendError, match="lock"):
            duckdb_connect(str(path))
    finally:
        holder.kill()
        holder.wait(30)
    duck = duckdb_connect(str(path))  # free again
    assert duck.execute("SELECT count(*) FROM t").fetchall() == [(0,)]
    duck.close()
