#!/usr/bin/env bash
# scripts/ensure_postgres.sh - start a throwaway PostgreSQL on 127.0.0.1; prints "export ..." lines.
#
#   eval "$(scripts/ensure_postgres.sh)"    # then: eval "$PGTEST_STOP" to stop it and remove it
#
# Uses the newest /usr/lib/postgresql/*/bin (or $PG_BINDIR); installs Debian's postgresql package
# if there is none. As root, runs initdb/pg_ctl as the `postgres` OS user (runuser; created if
# missing), since PostgreSQL refuses to run as root. Durability is off (fsync, synchronous_commit,
# full_page_writes): it is a test server. Env: PGPORT (default 55432), PGTEST_DIR (default a new
# /tmp/pgtest.XXXXXX). Measured: 0.6-1.0 s (1.0-1.7 s on a loaded machine).
set -euo pipefail
PGPORT="${PGPORT:-55432}"
PGTEST_DIR="${PGTEST_DIR:-$(mktemp -d /tmp/pgtest.XXXXXX)}"
mkdir -p "$PGTEST_DIR"
find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -1 || true
}
BINDIR="$(find_bindir)"
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends postgresql >&2
  BINDIR="$(find_bindir)"
fi
RUN=()
if [ "$(id -u)" = 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres: "$PGTEST_DIR"
  chmod 700 "$PGTEST_DIR"
  RUN=(runuser -u postgres --)
fi
export LC_ALL=C.UTF-8 LANG=C.UTF-8
"${RUN[@]}" "$BINDIR/initdb" -D "$PGTEST_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync --no-instructions >"$PGTEST_DIR/initdb.log"
if ! "${RUN[@]}" "$BINDIR/pg_ctl" -D "$PGTEST_DIR/data" -l "$PGTEST_DIR/server.log" -w -s -o \
  "-p $PGPORT -k $PGTEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start; then
  echo "PostgreSQL did not start; log $PGTEST_DIR/server.log:" >&2
  cat "$PGTEST_DIR/server.log" >&2
  exit 1
fi
echo "export PGHOST=127.0.0.1 PGPORT=$PGPORT PGUSER=postgres PGDATABASE=postgres"
echo "export TEST_POSTGRES_DSN=postgresql://postgres@127.0.0.1:$PGPORT/postgres"
echo "export PGTEST_STOP='${RUN[*]} $BINDIR/pg_ctl -D $PGTEST_DIR/data -m immediate -w -s stop; rm -rf $PGTEST_DIR'"
