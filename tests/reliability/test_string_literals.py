"""String literals mean the same under PostgreSQL's ``standard_conforming_strings`` on and off.

With the setting off, a backslash in ``'...'`` is an escape; Bach writes literals holding a
backslash as ``E'...'`` (doubled backslashes), which reads the same under both settings. Tested on
the real server with the setting off per session and per database (``ALTER DATABASE``), with an
injection payload through ``from_pandas`` (VALUES CTE), filters, string methods, JSON literals and
the exported SQL run on a plain connection; DuckDB and BigQuery run the same payloads.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

import pandas as pd
import psycopg2
import pytest
from psycopg2 import sql as pgsql

import objectiv_bach as bach
from objectiv_bach.backends import Backend
from objectiv_bach.backends.postgres import PostgresBackend

PAYLOADS = [
    "a\\b",
    "x\\'; DROP TABLE victim; --",
    "\\",
    "\\\\",
    "'\\'",
    "\\'",
    "it's",
    "C:\\new\\table\\x41",
    "tab\\tnl\\n\\0",
    "E'\\''",
    "$$\\$$",
    "line\nbreak\\",
    "plain",
]


def _victim(backend: Backend) -> None:
    backend.create_table("victim", pd.DataFrame({"x": [1]}), {"x": "int64"})


def _check_payloads(engine: Any) -> None:
    backend = bach.backends.get_backend(engine)
    _victim(backend)
    df = bach.from_pandas(engine, pd.DataFrame({"s": PAYLOADS}))
    assert df.to_pandas().s.tolist() == PAYLOADS
    for payload in PAYLOADS:
        assert df[df.s == payload].to_pandas().s.tolist() == [payload]
    starts = df[df.s.str.startswith("x\\'")].to_pandas().s.tolist()
    assert starts == [p for p in PAYLOADS if p.startswith("x\\'")]
    contains = df[df.s.str.contains("\\", regex=False)].to_pandas().s.tolist()
    assert contains == [p for p in PAYLOADS if "\\" in p]
    assert backend.table_exists("victim")
    assert bach.from_table(engine, "victim", index=[]).to_pandas().x.tolist() == [1]


def test_payloads_round_trip_on_every_backend(backend: Backend) -> None:
    """The same payloads with the server defaults, on all three engines."""
    _check_payloads(backend)


def _setting(backend: PostgresBackend) -> str:
    return backend._execute("SHOW standard_conforming_strings")[0][0]


@pytest.fixture(params=["session", "database"])
def nonstandard_pg(
    request: pytest.FixtureRequest, postgres_dsn: str, postgres_admin: Any
) -> Iterator[PostgresBackend]:
    """A PostgresBackend on which standard_conforming_strings is off: by SET in the session, or
    by ALTER DATABASE for every new connection."""
    if request.param == "session":
        from reliability_support import schema_dsn

        with schema_dsn(postgres_dsn, postgres_admin) as (_, dsn):
            backend = PostgresBackend(dsn)
            backend._execute("SET standard_conforming_strings = off")
            yield backend
            backend.close()
        return
    database = f"rel_scs_{uuid.uuid4().hex[:10]}"
    with postgres_admin.cursor() as cursor:
        cursor.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(database)))
        cursor.execute(
            pgsql.SQL("ALTER DATABASE {} SET standard_conforming_strings = off").format(
                pgsql.Identifier(database)
            )
        )
    base = postgres_dsn.rsplit("/", 1)[0]
    backend = PostgresBackend(f"{base}/{database}")
    try:
        yield backend
    finally:
        backend.close()
        with postgres_admin.cursor() as cursor:
            cursor.execute(
                pgsql.SQL("DROP DATABASE {} WITH (FORCE)").format(pgsql.Identifier(database))
            )


def test_setting_off_really_changes_plain_literals(nonstandard_pg: PostgresBackend) -> None:
    """Sanity check of the fixture: a plain '...' literal would be read differently."""
    assert _setting(nonstandard_pg) == "off"
    assert nonstandard_pg._execute("SELECT 'a\\b'")[0][0] == "a\x08"
    assert nonstandard_pg._execute("SELECT E'a\\\\b'")[0][0] == "a\\b"


def test_payloads_round_trip_with_setting_off(nonstandard_pg: PostgresBackend) -> None:
    assert _setting(nonstandard_pg) == "off"
    _check_payloads(nonstandard_pg)
    assert _setting(nonstandard_pg) == "off"


def test_backslash_literal_is_exact_with_setting_off(nonstandard_pg: PostgresBackend) -> None:
    df = bach.from_pandas(nonstandard_pg, pd.DataFrame({"s": ["a\\b"]}))
    assert df.to_pandas().s.tolist() == ["a\\b"]
    df["t"] = "a\\b"
    df["same"] = df.s == df.t
    got = df.to_pandas()
    assert got.t.tolist() == ["a\\b"] and got.same.tolist() == [True]


def test_json_literals_with_setting_off(nonstandard_pg: PostgresBackend) -> None:
    values = [{"k": "a\\b", "q": "it's \\' x"}, {"k": "\\", "q": "'"}]
    df = bach.from_pandas(nonstandard_pg, pd.DataFrame({"j": values}))
    assert df.to_pandas().j.tolist() == values
    keys = df.j.json.get_value("k").to_pandas().tolist()
    assert keys == [v["k"] for v in values]


def test_exported_sql_runs_the_same_with_either_setting(postgres_dsn: str) -> None:
    """view_sql(dialect='postgres') run on plain psycopg2 connections, setting on and off."""
    df = bach.from_pandas(None, pd.DataFrame({"s": PAYLOADS, "n": range(len(PAYLOADS))}))
    text = df[df.s != "x\\'; DROP TABLE victim; --"].sort_values("n").view_sql(dialect="postgres")
    expected = [p for p in PAYLOADS if p != "x\\'; DROP TABLE victim; --"]
    for setting in ("on", "off"):
        with contextlib.closing(
            psycopg2.connect(postgres_dsn, options=f"-c standard_conforming_strings={setting}")
        ) as conn:
            with conn.cursor() as cursor:
                cursor.execute(text)
                names = [d.name for d in cursor.description]
                rows = cursor.fetchall()
        assert [r[names.index("s")] for r in rows] == expected, setting
