"""One engine shared by threads: 8 threads x 8 cycles of upload (replace), temporary-table
materialization and reads each get exactly their own data, on DuckDB (engine=None and a passed
connection) and PostgreSQL (a URL string, a SQLAlchemy Engine, a PostgresBackend, a single
passed-in psycopg2 connection). Bounded: every thread is joined with a timeout, and the test has a
hard pytest-timeout, so a hang fails the test instead of CI."""

from __future__ import annotations

import concurrent.futures
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import duckdb
import pandas as pd
import psycopg2
import pytest
import sqlalchemy

import objectiv_bach as bach
from objectiv_bach.backends import get_backend
from objectiv_bach.backends.postgres import PostgresBackend

THREADS = 8
CYCLES = 8
JOIN_TIMEOUT = 240


def _cycle(engine: Any, token: str, thread: int, cycle: int) -> None:
    rows = 40 + thread * 7 + cycle
    data = pd.DataFrame({"k": [thread] * rows, "c": [cycle] * rows, "v": range(rows)})
    name = f"thr_{token}_{thread}"
    uploaded = bach.from_pandas(
        engine, data, name=name, materialization="table", if_exists="replace"
    )
    even = uploaded[uploaded.v % 2 == 0].materialize(
        node_name=f"even_{thread}", materialization="temp_table"
    )
    got = even.to_pandas()
    assert sorted(got.v.tolist()) == list(range(0, rows, 2)), (thread, cycle)
    assert set(got.k) == {thread} and set(got.c) == {cycle}, (thread, cycle)
    back = bach.from_table(engine, name, index=[]).to_pandas()
    assert len(back) == rows and set(back.c) == {cycle}, (thread, cycle)
    inline = bach.from_pandas(engine, data.head(3))
    assert inline.v.sum().value == 3


def _run_threads(engine: Any) -> None:
    token = uuid.uuid4().hex[:8]

    def work(thread: int) -> int:
        for cycle in range(CYCLES):
            _cycle(engine, token, thread, cycle)
        return thread

    pool = concurrent.futures.ThreadPoolExecutor(THREADS)
    try:
        futures = [pool.submit(work, t) for t in range(THREADS)]
        done = [f.result(timeout=JOIN_TIMEOUT) for f in futures]  # re-raises a thread's failure
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    assert done == list(range(THREADS))


@pytest.fixture
def pg_schema(postgres_dsn: str, postgres_admin: Any) -> Iterator[str]:
    from reliability_support import schema_dsn

    with schema_dsn(postgres_dsn, postgres_admin) as (_, dsn):
        yield dsn


PG_ENGINES: dict[str, Callable[[str], Any]] = {
    "url": lambda dsn: dsn,
    "sqlalchemy_engine": lambda dsn: sqlalchemy.create_engine(
        dsn.replace("postgresql://", "postgresql+psycopg2://"), pool_size=THREADS
    ),
    "backend": PostgresBackend,
    "one_connection": lambda dsn: PostgresBackend(psycopg2.connect(dsn)),
}


@pytest.mark.timeout(400)
@pytest.mark.parametrize("kind", list(PG_ENGINES))
def test_postgres_threads_get_their_own_data(kind: str, pg_schema: str) -> None:
    engine = PG_ENGINES[kind](pg_schema)
    try:
        _run_threads(engine)
    finally:
        get_backend(engine).close()
        if isinstance(engine, sqlalchemy.engine.Engine):
            engine.dispose()


@pytest.mark.timeout(400)
@pytest.mark.parametrize("kind", ["default", "connection"])
def test_duckdb_threads_get_their_own_data(kind: str) -> None:
    engine = None if kind == "default" else duckdb.connect()
    _run_threads(engine)


@pytest.mark.timeout(120)
def test_duckdb_temp_table_from_another_thread() -> None:
    """DuckDB threads share the connection, so a temporary table made in one thread is read in
    another (PostgreSQL temporary tables belong to the thread's own session; see the docs)."""
    frame = bach.from_pandas(None, pd.DataFrame({"id": [5, 6]})).materialize(
        materialization="temp_table"
    )
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        got = pool.submit(lambda: sorted(frame.to_pandas().id.tolist())).result(timeout=60)
    assert got == [5, 6]
