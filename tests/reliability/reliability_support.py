"""Shared pieces of the reliability tests: a private PostgreSQL server that a test may restart,
with a password-protected role, and a per-test schema DSN on the session's server."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

#: a password with a space, both quotes and a backslash; no piece of it may appear in a message
PASSWORD = "Zq9 xKj'7\"Wvb\\Rtq"
PASSWORD_PIECES = ("Zq9", "xKj", "Wvb", "Rtq")
PASSWORD_USER = "bach_pw"


def _bindir() -> str:
    if os.environ.get("PG_BINDIR"):
        return os.environ["PG_BINDIR"]
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return str(found[-1])
    initdb = shutil.which("initdb")
    if initdb is None:
        msg = "No PostgreSQL server binaries: run scripts/ensure_postgres.sh or set PG_BINDIR."
        raise RuntimeError(msg)
    return str(Path(initdb).resolve().parent)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnServer:
    """A throwaway cluster (trust for ``postgres``, scram-sha-256 for :data:`PASSWORD_USER`)."""

    def __init__(self) -> None:
        self.bindir = _bindir()
        self.base = tempfile.mkdtemp(prefix="pgrel.")
        self.data = os.path.join(self.base, "data")
        self.port = free_port()
        self.run_as: list[str] = []
        if os.geteuid() == 0:  # postgres refuses to run as root
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
                pw = pwd.getpwnam("postgres")
            os.chown(self.base, pw.pw_uid, pw.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self.env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        subprocess.run(
            [
                *self.run_as,
                f"{self.bindir}/initdb",
                "-D",
                self.data,
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
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        hba = Path(self.data, "pg_hba.conf")
        hba.write_text(
            f"local all all trust\nhost all {PASSWORD_USER} 127.0.0.1/32 "
            "scram-sha-256\nhost all all 127.0.0.1/32 trust\n"
        )
        self.start()
        import psycopg2
        from psycopg2 import sql

        with contextlib.closing(psycopg2.connect(self.dsn)) as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD %s").format(
                        sql.Identifier(PASSWORD_USER)
                    ),
                    [PASSWORD],
                )

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def password_url(self, password: str = PASSWORD, database: str = "postgres") -> str:
        return (
            f"postgresql://{PASSWORD_USER}:{quote(password, safe='')}@127.0.0.1:"
            f"{self.port}/{database}"
        )

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.run_as, f"{self.bindir}/pg_ctl", "-D", self.data, "-w", "-s", *args],
            check=True,
            env=self.env,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        opts = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._ctl("-l", f"{self.base}/log", "-o", opts, "start")

    def stop(self) -> None:
        """A clean stop (``-m fast``: sessions are terminated, data is kept)."""
        self._ctl("-m", "fast", "stop")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._ctl("-m", "immediate", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


@contextlib.contextmanager
def schema_dsn(dsn: str, admin) -> Iterator[tuple[str, str]]:  # noqa: ANN001
    """A new schema on the server of ``dsn``; yields (schema, DSN whose search_path is it)."""
    from psycopg2 import sql

    schema = f"rel_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    sep = "&" if "?" in dsn else "?"
    try:
        yield schema, f"{dsn}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
