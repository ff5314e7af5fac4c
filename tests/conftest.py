"""Backend fixtures and the strict backend markers for the whole suite.

Fixtures
--------
``backend``
    A :class:`objectiv_bach.backends.Backend`, parametrized over the registered dialects
    (``objectiv_bach.dialects.REGISTRY``: ``duckdb``, ``postgres``, ``bigquery``; test ids are
    exactly those names). A registered engine without a fixture below runs on the service at
    ``$TEST_<NAME>_URL``. Each test gets an isolated place:

    * duckdb: a fresh in-memory connection.
    * postgres: a fresh connection to one server per test session (``$TEST_POSTGRES_DSN``, else a
      throwaway cluster started here: ~1 s, one per pytest-xdist worker), with its own schema
      (``CREATE SCHEMA`` + ``search_path``; dropped with CASCADE afterwards).
    * bigquery: the bqemulator (``$TEST_BIGQUERY_ENDPOINT``, else started here from
      ``$BQEMU_HOME/venv``, installed by ``scripts/ensure_bqemulator.sh`` when missing), one
      dataset per test (deleted afterwards). Every statement is first analyzed by the real
      GoogleSQL analyzer (``zetasql_check.GoogleSQLChecker``, a query observer), which raises
      ``GoogleSQLRejectedError`` (a ``BackendError``) for SQL that BigQuery would reject.
``dialect``
    The registered dialect names, for SQL-only tests (no server).
``googlesql``
    The zetasql checker of the current BigQuery test (``None`` on other backends).

Markers (declared in pyproject.toml)
------------------------------------
``@pytest.mark.notimpl('bigquery', reason='...')`` (Bach could, but does not yet) and
``@pytest.mark.never(['postgres', 'duckdb'], reason='...', raises=SomeError)`` (the database
cannot) turn into ``xfail(strict=True)`` for the named backends of a test that uses the
``backend`` or ``dialect`` fixture, so a fixed case fails until its marker is removed. A marker
without ``reason=`` or with an unknown backend name is a usage error.

Never a silent skip: a backend that cannot be started makes its tests error. To run without a
backend, restrict the set explicitly, e.g. ``BACH_BACKENDS=duckdb,postgres``; the other backends'
tests are then deselected and the terminal summary says so.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from objectiv_bach.dialects import dialect_names

#: every registered engine (objectiv_bach.dialects.REGISTRY): a new one is picked up here
BACKENDS = dialect_names()
TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
if str(TESTS) not in sys.path:  # tests/zetasql_check.py, also under --import-mode=importlib
    sys.path.insert(0, str(TESTS))
BQ_PROJECT = os.environ.get("TEST_BIGQUERY_PROJECT", "test-project")
_counter = itertools.count()


def selected_backends() -> tuple[str, ...]:
    """The backends to run: all, or those listed in ``$BACH_BACKENDS`` (comma-separated)."""
    raw = os.environ.get("BACH_BACKENDS", "").strip()
    if not raw:
        return BACKENDS
    chosen = tuple(b.strip() for b in raw.split(",") if b.strip())
    unknown = [b for b in chosen if b not in BACKENDS]
    if unknown:
        msg = f"BACH_BACKENDS names unknown backends {unknown}; choose from {list(BACKENDS)}."
        raise pytest.UsageError(msg)
    return chosen


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "gw")


def _unique_name(prefix: str) -> str:
    """A schema/dataset name unique across xdist workers and runs: letters, digits, '_'."""
    return f"{prefix}_{_worker()}_{next(_counter)}_{uuid.uuid4().hex[:8]}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# markers


def _marker_backends(mark: pytest.Mark, nodeid: str) -> list[str]:
    names: list[str] = []
    for arg in mark.args:
        names.extend([arg] if isinstance(arg, str) else list(arg))
    backend_kw = mark.kwargs.get("backend")
    if backend_kw is not None:
        names.extend([backend_kw] if isinstance(backend_kw, str) else list(backend_kw))
    unknown = [n for n in names if n not in BACKENDS]
    if not names or unknown:
        msg = (
            f"{nodeid}: @pytest.mark.{mark.name} needs backend names from {list(BACKENDS)}, "
            f"got {names!r}."
        )
        raise pytest.UsageError(msg)
    if not mark.kwargs.get("reason"):
        msg = f"{nodeid}: @pytest.mark.{mark.name}({names!r}) needs reason='...'."
        raise pytest.UsageError(msg)
    return names


def _item_backend(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return None
    for fixture in ("backend", "module_backend", "dialect"):
        if fixture in callspec.params:
            return str(callspec.params[fixture])
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = selected_backends()
    keep, deselected = [], []
    for item in items:
        backend = _item_backend(item)
        uses_backend = getattr(item, "callspec", None) is not None and (
            "backend" in item.callspec.params or "module_backend" in item.callspec.params
        )  # type: ignore[attr-defined]
        for mark in [*item.iter_markers("notimpl"), *item.iter_markers("never")]:
            names = _marker_backends(mark, item.nodeid)
            if backend is None:
                msg = (
                    f"{item.nodeid}: @pytest.mark.{mark.name} only applies to tests using "
                    "the 'backend' or 'dialect' fixture."
                )
                raise pytest.UsageError(msg)
            if backend in names:
                kwargs = {
                    "strict": True,
                    "reason": f"{mark.name} on {backend}: {mark.kwargs['reason']}",
                }
                if mark.kwargs.get("raises") is not None:
                    kwargs["raises"] = mark.kwargs["raises"]
                item.add_marker(pytest.mark.xfail(**kwargs))
        if uses_backend and backend not in chosen:
            deselected.append(item)
        else:
            keep.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = keep


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    chosen = selected_backends()
    if chosen != BACKENDS:
        skipped = [b for b in BACKENDS if b not in chosen]
        terminalreporter.write_sep(
            "=",
            f"BACH_BACKENDS={','.join(chosen)}: tests on {', '.join(skipped)} were "
            "DESELECTED (not run)",
            yellow=True,
            bold=True,
        )


# ---------------------------------------------------------------------------------------------
# services (one per test session and xdist worker)


def _pg_bindir() -> str:
    if os.environ.get("PG_BINDIR"):
        return os.environ["PG_BINDIR"]
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found and (found[-1] / "initdb").exists():
        return str(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return str(Path(initdb).resolve().parent)
    msg = (
        "No PostgreSQL server binaries (initdb, pg_ctl) found: install postgresql "
        "(scripts/ensure_postgres.sh does), set PG_BINDIR or TEST_POSTGRES_DSN, or run "
        "without it: BACH_BACKENDS=duckdb,bigquery"
    )
    raise RuntimeError(msg)


@contextlib.contextmanager
def temp_postgres(user: str = "postgres") -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free port; yields its DSN (about 1 s to start)."""
    bindir = _pg_bindir()
    base = tempfile.mkdtemp(prefix="pgtest.")
    run_as: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        try:
            pw = pwd.getpwnam(user)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", user], check=True)
            pw = pwd.getpwnam(user)
        os.chown(base, pw.pw_uid, pw.pw_gid)
        run_as = ["runuser", "-u", user, "--"]
    data, port = os.path.join(base, "data"), _free_port()
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    try:
        subprocess.run(
            [
                *run_as,
                f"{bindir}/initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        opts = (
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            [
                *run_as,
                f"{bindir}/pg_ctl",
                "-D",
                data,
                "-l",
                f"{base}/log",
                "-w",
                "-s",
                "-o",
                opts,
                "start",
            ],
            check=True,
            env=env,
        )
    except subprocess.CalledProcessError as e:
        log = Path(base, "log").read_text() if Path(base, "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        msg = f"PostgreSQL did not start: {e}\n{e.stderr or ''}\n{log}"
        raise RuntimeError(msg) from e
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*run_as, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "-s", "stop"],
            env=env,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_dsn() -> Iterator[str]:
    """DSN of the session's PostgreSQL server ($TEST_POSTGRES_DSN or a throwaway one)."""
    if os.environ.get("TEST_POSTGRES_DSN"):
        yield os.environ["TEST_POSTGRES_DSN"]
        return
    try:
        server = temp_postgres()
        dsn = server.__enter__()
    except Exception as e:  # noqa: BLE001
        pytest.fail(
            f"Cannot start PostgreSQL for the 'postgres' backend: {e}\n"
            "Set TEST_POSTGRES_DSN, or run without it: BACH_BACKENDS=duckdb,bigquery",
            pytrace=False,
        )
    try:
        yield dsn
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def postgres_admin(postgres_dsn: str):  # noqa: ANN201
    """A session connection that creates and drops the per-test schemas."""
    import psycopg2

    connection = psycopg2.connect(postgres_dsn)
    connection.autocommit = True
    yield connection
    connection.close()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=1) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def temp_bqemulator() -> Iterator[str]:
    """A bqemulator process on free ports; yields its REST endpoint (about 2 s to start)."""
    home = Path(os.environ.get("BQEMU_HOME", "/tmp/bqemu"))
    exe = home / "venv" / "bin" / "bqemulator"
    if not (exe.exists() and (home / "venv" / ".complete").exists()):
        subprocess.run(
            ["bash", str(REPO / "scripts" / "ensure_bqemulator.sh"), "--install-only"],
            check=True,
            env=dict(os.environ, BQEMU_HOME=str(home)),
        )
    (home / "home").mkdir(parents=True, exist_ok=True)
    port, grpc_port = _free_port(), _free_port()
    url = f"http://127.0.0.1:{port}"
    log = home / f"server.{port}.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [
                str(exe),
                "start",
                "--rest-host",
                "127.0.0.1",
                "--rest-port",
                str(port),
                "--grpc-host",
                "127.0.0.1",
                "--grpc-port",
                str(grpc_port),
                "--ephemeral",
                "--project",
                BQ_PROJECT,
                "--log-level",
                "warning",
            ],
            env=dict(os.environ, HOME=str(home / "home")),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                msg = f"bqemulator did not start (exit {process.poll()}):\n{log.read_text()}"
                raise RuntimeError(msg)
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def bigquery_client():  # noqa: ANN201
    """A google-cloud-bigquery client of the emulator ($TEST_BIGQUERY_ENDPOINT or started here)."""
    from objectiv_bach.backends.bigquery import bigquery_emulator_client

    with contextlib.ExitStack() as stack:
        endpoint = os.environ.get("TEST_BIGQUERY_ENDPOINT")
        if not endpoint:
            try:
                endpoint = stack.enter_context(temp_bqemulator())
            except Exception as e:  # noqa: BLE001
                pytest.fail(
                    f"Cannot start the BigQuery emulator for the 'bigquery' backend: {e}"
                    "\nSet TEST_BIGQUERY_ENDPOINT, or run without it: "
                    "BACH_BACKENDS=duckdb,postgres",
                    pytrace=False,
                )
        yield bigquery_emulator_client(endpoint, BQ_PROJECT)


# ---------------------------------------------------------------------------------------------
# per-test backends


def _duckdb_backend():  # noqa: ANN202
    from objectiv_bach.backends.duckdb import DuckDBBackend

    backend = DuckDBBackend()
    yield backend
    backend.close()


def _postgres_backend(request: pytest.FixtureRequest):  # noqa: ANN202
    from psycopg2 import sql as pgsql

    from objectiv_bach.backends.postgres import PostgresBackend

    dsn = request.getfixturevalue("postgres_dsn")
    admin = request.getfixturevalue("postgres_admin")
    schema = _unique_name("t")
    with admin.cursor() as cursor:
        cursor.execute(pgsql.SQL("CREATE SCHEMA {}").format(pgsql.Identifier(schema)))
    backend = PostgresBackend(dsn)
    with backend.connection.cursor() as cursor:
        cursor.execute(pgsql.SQL("SET search_path TO {}").format(pgsql.Identifier(schema)))
    backend.test_schema = schema  # type: ignore[attr-defined]
    try:
        yield backend
    finally:
        backend.close()
        with admin.cursor() as cursor:
            cursor.execute(pgsql.SQL("DROP SCHEMA {} CASCADE").format(pgsql.Identifier(schema)))


def _bigquery_backend(request: pytest.FixtureRequest):  # noqa: ANN202
    from objectiv_bach.backends.bigquery import BigQueryBackend

    client = request.getfixturevalue("bigquery_client")
    from zetasql_check import GoogleSQLChecker

    dataset = _unique_name("t")
    client.create_dataset(f"{BQ_PROJECT}.{dataset}")
    backend = BigQueryBackend(client, dataset, project=BQ_PROJECT)
    checker = GoogleSQLChecker(client, BQ_PROJECT)
    backend.query_observers.append(checker)
    backend.googlesql = checker  # type: ignore[attr-defined]
    try:
        yield backend
    finally:
        backend.close()
        client.delete_dataset(
            f"{BQ_PROJECT}.{dataset}", delete_contents=True, not_found_ok=True, retry=backend.retry
        )


@pytest.fixture(params=BACKENDS, ids=list(BACKENDS))
def backend(request: pytest.FixtureRequest):  # noqa: ANN201
    """A Backend on an isolated, empty place of each database (see the module docstring)."""
    yield from _make_backend(request)


@pytest.fixture(scope="module", params=BACKENDS, ids=list(BACKENDS))
def module_backend(request: pytest.FixtureRequest):  # noqa: ANN201
    """As ``backend``, one per test module: for data uploaded once and only read by the tests.

    The tests of a module share its place (dataset, schema): a table a test writes needs a name
    of its own. Markers and ``BACH_BACKENDS`` apply as to ``backend``.
    """
    yield from _make_backend(request)


def _make_backend(request: pytest.FixtureRequest):  # noqa: ANN202
    make = {
        "duckdb": lambda: _duckdb_backend(),
        "postgres": lambda: _postgres_backend(request),
        "bigquery": lambda: _bigquery_backend(request),
    }.get(request.param, lambda: _registered_backend(request.param))
    yield from make()


def _registered_backend(name: str):  # noqa: ANN202
    """A registered engine without a fixture of its own: the service at ``$TEST_<NAME>_URL``
    (``dialects/<name>/start.sh`` prints it), through ``get_backend(url)``."""
    from objectiv_bach.backends import get_backend

    variable = f"TEST_{name.upper()}_URL"
    if not os.environ.get(variable):
        pytest.fail(
            f"No test service for the registered dialect {name!r}: set {variable} "
            f"(dialects/{name}/start.sh), or run without it: BACH_BACKENDS=...",
            pytrace=False,
        )
    backend = get_backend(os.environ[variable])
    yield backend


@pytest.fixture
def googlesql(backend):  # noqa: ANN001, ANN201
    """The GoogleSQL checker of a BigQuery backend (``None`` on the others)."""
    return getattr(backend, "googlesql", None)


@pytest.fixture(params=BACKENDS, ids=list(BACKENDS))
def dialect(request: pytest.FixtureRequest) -> str:
    """A Bach dialect name, for tests that only render SQL."""
    return request.param
