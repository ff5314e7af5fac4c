#!/usr/bin/env bash
# scripts/ensure_bqemulator.sh - install (once) and start the bqemulator BigQuery emulator.
#
#   eval "$(scripts/ensure_bqemulator.sh)"        # install if needed, start; prints "export ..." lines
#   scripts/ensure_bqemulator.sh --install-only   # only make sure $BQEMU_HOME/venv exists
#
# bqemulator 1.4.0 (GoogleSQL -> DuckDB via SQLGlot) lives in its own venv because it pins
# sqlglot<30.12 (the project needs 30.30). It needs DuckDB's `spatial` extension, which cannot be
# downloaded offline, so duckdb is pinned to 1.5.5, the last version with PyPI extension wheels.
# Env: BQEMU_HOME (default /tmp/bqemu), BQEMU_PORT (9050), BQEMU_GRPC_PORT (9060),
#      BQEMU_PROJECT (test-project). Stop it with: kill "$BQEMU_PID".
# Measured: install with uv 2-5 s (once per machine), start -> /healthz 1.5-1.9 s.
set -euo pipefail
BQ_HOME="${BQEMU_HOME:-/tmp/bqemu}"
BQ_PORT="${BQEMU_PORT:-9050}"
BQ_GRPC_PORT="${BQEMU_GRPC_PORT:-9060}"
BQ_PROJECT="${BQEMU_PROJECT:-test-project}"
PY="${PYTHON:-python3.11}"

install() {
  mkdir -p "$BQ_HOME"
  # one installer at a time (pytest-xdist workers may call this concurrently)
  exec 9>"$BQ_HOME/install.lock"
  flock 9
  if [ -x "$BQ_HOME/venv/bin/bqemulator" ] && [ -f "$BQ_HOME/venv/.complete" ]; then
    flock -u 9; return 0
  fi
  rm -rf "$BQ_HOME/venv"
  "$PY" -m uv --version >/dev/null 2>&1 || "$PY" -m pip install -q uv >&2
  "$PY" -m uv venv -q -p "$PY" "$BQ_HOME/venv" >&2
  "$PY" -m uv pip install -q --python "$BQ_HOME/venv/bin/python" "bqemulator==1.4.0" \
      "duckdb==1.5.5" "duckdb-extensions==1.5.5" "duckdb-extension-spatial==1.5.5" numpy >&2
  mkdir -p "$BQ_HOME/home"     # DuckDB installs extensions under $HOME/.duckdb
  HOME="$BQ_HOME/home" "$BQ_HOME/venv/bin/python" -c \
      "import duckdb_extensions; duckdb_extensions.import_extension('spatial')" >&2
  touch "$BQ_HOME/venv/.complete"
  flock -u 9
}

install
if [ "${1:-}" = "--install-only" ]; then
  exit 0
fi

LOG="$BQ_HOME/server.$BQ_PORT.log"
HOME="$BQ_HOME/home" nohup "$BQ_HOME/venv/bin/bqemulator" start --rest-host 127.0.0.1 \
  --rest-port "$BQ_PORT" --grpc-host 127.0.0.1 --grpc-port "$BQ_GRPC_PORT" --ephemeral \
  --project "$BQ_PROJECT" --log-level warning >"$LOG" 2>&1 </dev/null &
PID=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$BQ_PORT/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "bqemulator exited during start-up; log $LOG:" >&2; cat "$LOG" >&2; exit 1
  fi
  sleep 0.1
done
if ! curl -sf "http://127.0.0.1:$BQ_PORT/healthz" >/dev/null 2>&1; then
  echo "bqemulator did not become healthy in 60 s; log $LOG:" >&2; cat "$LOG" >&2
  kill "$PID" 2>/dev/null || true; exit 1
fi
echo "export TEST_BIGQUERY_ENDPOINT=http://127.0.0.1:$BQ_PORT"
echo "export TEST_BIGQUERY_PROJECT=$BQ_PROJECT"
echo "export BQEMU_PID=$PID"
