"""Never lose a table: temporary materializations get unique names, replace is atomic, a failed
write leaves nothing behind, and names the engine cannot address are refused."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.backends import Backend
from objectiv_bach.errors import BackendError, InvalidArgumentError, UnsupportedOperationError

NO_TEMP = pytest.mark.never(
    "bigquery", reason="no session temporary tables", raises=UnsupportedOperationError
)


def _ids(engine: Any, table: str) -> list[int]:
    return sorted(bach.from_table(engine, table, index=[]).to_pandas().id.tolist())


def _bach_tables(backend: Backend) -> list[str]:
    """Tables whose name holds Bach's unique-name marker '__bach_' (staging, temporary)."""
    if backend.name == "bigquery":
        tables = backend.client.list_tables(f"{backend.project}.{backend.dataset}")  # type: ignore[attr-defined]
        return [t.table_id for t in tables if "__bach_" in t.table_id]
    if backend.name == "postgres":
        rows = backend._execute(  # type: ignore[attr-defined]
            "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
            "OR relnamespace = pg_my_temp_schema()"
        )
    else:
        rows = backend._execute("SELECT table_name FROM information_schema.tables")  # type: ignore[attr-defined]
    return [r[0] for r in rows if "__bach_" in r[0]]


def _users(backend: Backend, ids: list[int], name: str = "users") -> None:
    backend.create_table(name, pd.DataFrame({"id": ids}), {"id": "int64"})


@NO_TEMP
def test_temp_table_never_drops_or_shadows_a_user_table(backend: Backend) -> None:
    _users(backend, [1, 2])
    other = bach.from_pandas(backend, pd.DataFrame({"id": [7, 8, 9]}))
    temp = other.materialize(node_name="users", materialization="temp_table")
    assert "users__bach_" in temp.view_sql()  # the user's name stays readable
    assert sorted(temp.to_pandas().id.tolist()) == [7, 8, 9]
    assert _ids(backend, "users") == [1, 2]
    assert backend.table_exists("users")


@NO_TEMP
def test_two_temp_materializations_keep_their_own_rows(backend: Backend) -> None:
    first = bach.from_pandas(backend, pd.DataFrame({"id": [1, 2]})).materialize(
        materialization="temp_table"
    )
    second = bach.from_pandas(backend, pd.DataFrame({"id": [3, 4, 5]})).materialize(
        materialization="temp_table"
    )
    assert sorted(first.to_pandas().id.tolist()) == [1, 2]
    assert sorted(second.to_pandas().id.tolist()) == [3, 4, 5]
    assert first.view_sql() != second.view_sql()


@NO_TEMP
def test_temp_table_with_a_long_non_ascii_node_name(backend: Backend) -> None:
    name = "ümlaut_" * 20  # 160 bytes: more than PostgreSQL's 63-byte identifiers
    frame = bach.from_pandas(backend, pd.DataFrame({"id": [4, 2]})).materialize(
        node_name=name, materialization="temp_table"
    )
    assert sorted(frame.to_pandas().id.tolist()) == [2, 4]
    again = bach.from_pandas(backend, pd.DataFrame({"id": [5]})).materialize(
        node_name=name, materialization="temp_table"
    )
    assert again.to_pandas().id.tolist() == [5]
    assert sorted(frame.to_pandas().id.tolist()) == [2, 4]


class FailOn:
    """A query observer that makes statements starting with ``prefixes`` fail (not sent)."""

    def __init__(self, *prefixes: str):
        self.prefixes = tuple(p.upper() for p in prefixes)
        self.failed = 0

    def __call__(self, sql: str) -> None:
        if sql.lstrip().upper().startswith(self.prefixes):
            self.failed += 1
            msg = f"injected failure of: {sql[:60]}"
            raise BackendError(msg)


def _write(backend: Backend, how: str, name: str, ids: list[int], if_exists: str) -> None:
    if how == "upload":
        bach.from_pandas(
            backend,
            pd.DataFrame({"id": ids}),
            name=name,
            materialization="table",
            if_exists=if_exists,
        )
    else:
        bach.from_pandas(backend, pd.DataFrame({"id": ids})).database_create_table(
            name, if_exists=if_exists
        )


def _inject(
    backend: Backend, monkeypatch: pytest.MonkeyPatch, step: str, how: str
) -> Callable[[], int]:
    """Make the load (rows into the new table) or the swap (new table into place) fail; returns
    a counter of injected failures. SQL statements fail through a query observer; BigQuery's
    parquet load and copy jobs are API calls, patched."""
    if backend.name == "bigquery" and (step == "swap" or how == "upload"):
        calls = []

        def fail(*args: Any, **kwargs: Any) -> None:
            calls.append(args)
            msg = "injected failure of an API call"
            raise BackendError(msg)

        target = "copy_table" if step == "swap" else "_load_parquet"
        owner = backend.client if step == "swap" else backend  # type: ignore[attr-defined]
        monkeypatch.setattr(owner, target, fail)
        return lambda: len(calls)
    prefixes = {
        ("load", "upload"): ("COPY", "INSERT"),
        ("load", "create_as"): ("CREATE", "INSERT"),
        ("swap", "upload"): ("ALTER",),
        ("swap", "create_as"): ("ALTER",),
    }[step, how]
    failing = FailOn(*prefixes)
    backend.query_observers.append(failing)
    return lambda: failing.failed


@pytest.mark.parametrize("how", ["upload", "create_as"])
@pytest.mark.parametrize("step", ["load", "swap"])
def test_failed_replace_leaves_the_old_table(
    backend: Backend, how: str, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same columns as the replacement (bqemulator cannot swap in other columns atomically)
    _write(backend, how, "users", [1, 2, 3], "fail")
    with monkeypatch.context() as patch:
        observers = list(backend.query_observers)
        failures = _inject(backend, patch, step, how)
        with pytest.raises(BackendError, match="injected failure"):
            _write(backend, how, "users", [7, 8], "replace")
        assert failures() == 1
        backend.query_observers[:] = observers
    assert _ids(backend, "users") == [1, 2, 3]
    assert _bach_tables(backend) == []
    _write(backend, how, "users", [7, 8], "replace")  # and the retry works
    assert _ids(backend, "users") == [7, 8]
    assert _bach_tables(backend) == []


def _failed_new_name(
    backend: Backend, how: str, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        observers = list(backend.query_observers)
        failures = _inject(backend, patch, step, how)
        with pytest.raises(BackendError, match="injected failure"):
            _write(backend, how, "fresh", [1], "fail")
        assert failures() == 1
        backend.query_observers[:] = observers
    assert not backend.table_exists("fresh")
    assert _bach_tables(backend) == []
    _write(backend, how, "fresh", [1], "fail")  # the retry is not blocked by a leftover
    assert _ids(backend, "fresh") == [1]


@pytest.mark.parametrize("how", ["upload", "create_as"])
def test_failed_write_to_a_new_name_leaves_nothing(
    backend: Backend, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failed_new_name(backend, how, "load", monkeypatch)


@pytest.mark.parametrize("backend", ["bigquery"], indirect=True)
@pytest.mark.parametrize("how", ["upload", "create_as"])
def test_failed_copy_job_to_a_new_name_leaves_nothing(
    backend: Backend, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BigQuery builds a new table under a staging name too, then copies it into place."""
    _failed_new_name(backend, how, "swap", monkeypatch)


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_real_upload_failure_keeps_the_old_table(backend: Backend) -> None:
    """A NUL character, which PostgreSQL text cannot hold, fails the COPY half-way."""
    backend.create_table("words", pd.DataFrame({"w": ["old"]}), {"w": "string"})
    with pytest.raises(BackendError, match="0x00"):
        bach.from_pandas(
            backend,
            pd.DataFrame({"w": ["new", "bad\x00byte"]}),
            name="words",
            materialization="table",
            if_exists="replace",
        )
    assert bach.from_table(backend, "words", index=[]).to_pandas().w.tolist() == ["old"]
    with pytest.raises(BackendError, match="0x00"):
        bach.from_pandas(
            backend, pd.DataFrame({"w": ["bad\x00byte"]}), name="words2", materialization="table"
        )
    assert not backend.table_exists("words2")
    assert _bach_tables(backend) == []


def test_names_with_too_many_parts_are_refused(backend: Backend) -> None:
    _users(backend, [1])
    for name in ("a.b.c.d", "x.other_db.public.users"):
        with pytest.raises(InvalidArgumentError, match="name parts"):
            bach.from_pandas(
                backend,
                pd.DataFrame({"id": [9]}),
                name=name,
                materialization="table",
                if_exists="replace",
            )
        with pytest.raises(InvalidArgumentError, match="name parts"):
            bach.from_table(backend, name, index=[])
    assert _ids(backend, "users") == [1]


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_postgres_refuses_another_database(backend: Backend) -> None:
    _users(backend, [1])
    schema = backend.test_schema  # type: ignore[attr-defined]
    with pytest.raises(InvalidArgumentError, match="'other_db'"):
        bach.from_pandas(
            backend,
            pd.DataFrame({"id": [9]}),
            name=f"other_db.{schema}.users",
            materialization="table",
            if_exists="replace",
        )
    assert _ids(backend, "users") == [1]
    (database,) = backend._execute("SELECT current_database()")[0]  # type: ignore[attr-defined]
    assert _ids(backend, f"{database}.{schema}.users") == [1]  # its own database is fine


def test_nul_character_in_a_table_name(backend: Backend) -> None:
    with pytest.raises(BackendError, match="NUL"):
        bach.from_pandas(
            backend, pd.DataFrame({"id": [1]}), name="bad\x00name", materialization="table"
        )
    with pytest.raises(BackendError, match="NUL"):
        bach.from_table(backend, "bad\x00name", index=[])


_WRITER = textwrap.dedent("""
    import sys
    import pandas as pd
    import objectiv_bach as bach
    url, writer, rounds, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    for _ in range(rounds):
        bach.from_pandas(url, pd.DataFrame({"w": [writer] * rows, "i": range(rows)}),
                         name="shared", materialization="table", if_exists="replace")
""")


@pytest.mark.timeout(300)
def test_concurrent_replace_writers_in_processes(postgres_dsn: str, postgres_admin: Any) -> None:
    """Writers in separate processes replace one table; a reader always sees exactly one
    writer's complete table, and every writer succeeds."""
    from reliability_support import schema_dsn

    rows, rounds, writers = 1000, 4, 3
    with schema_dsn(postgres_dsn, postgres_admin) as (_, dsn):
        bach.from_pandas(
            dsn,
            pd.DataFrame({"w": [-1] * rows, "i": range(rows)}),
            name="shared",
            materialization="table",
        )
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _WRITER, dsn, str(w), str(rounds), str(rows)],
                env=env,
                stderr=subprocess.PIPE,
            )
            for w in range(writers)
        ]
        frame = bach.from_table(dsn, "shared", index=[])
        counts = frame.groupby("w").agg({"i": ["count", "nunique"]})
        seen: set[int] = set()
        reads = 0
        try:
            while any(p.poll() is None for p in procs) or reads == 0:
                got = counts.to_pandas()
                assert len(got) == 1, got  # one writer's table, never two or none
                assert got.iloc[0].tolist() == [rows, rows], got  # complete
                seen.add(int(got.index[0]))
                reads += 1
                time.sleep(0.01)
        finally:
            for p in procs:
                try:
                    p.wait(timeout=240)
                except subprocess.TimeoutExpired:
                    p.kill()
        for p in procs:
            assert p.returncode == 0, p.stderr.read().decode() if p.stderr else ""
        final = counts.to_pandas()
        assert len(final) == 1 and final.iloc[0].tolist() == [rows, rows]
        assert int(final.index[0]) in range(writers)
        assert reads >= 1


_BQ_NAME = pytest.mark.never(
    "bigquery", raises=Exception, reason="not a BigQuery table name (letters, digits, '_', '-')"
)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("data--x", marks=_BQ_NAME),
        "x/*y*/",
        pytest.param("sales; select 1", marks=_BQ_NAME),
    ],
)
def test_a_table_name_is_never_parsed_as_sql(backend: Backend, name: str) -> None:
    # 'data--x' would read as the table data and a comment: the name is taken as written
    _users(backend, [1, 2], name="data")
    _users(backend, [5, 6], name=name)
    assert _ids(backend, name) == [5, 6]
    assert _ids(backend, "data") == [1, 2]
    assert backend.table_exists(name)
