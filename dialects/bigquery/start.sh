#!/usr/bin/env bash
# Start the BigQuery emulator (bqemulator, in its own venv under $BQEMU_HOME, default /tmp/bqemu)
# and print the variables that point the tests at it.
#
#   eval "$(dialects/bigquery/start.sh)"
#   .venv/bin/python -m pytest -n 2      # uses $TEST_BIGQUERY_ENDPOINT instead of its own emulator
#   kill "$BQEMU_PID"
#
# Without TEST_BIGQUERY_ENDPOINT the tests start an emulator of their own (about 2 s per xdist
# worker). Every BigQuery statement the tests run is also analyzed by the real GoogleSQL analyzer
# (the zetasql package, tests/zetasql_check.py); warm its compiled-module cache once with
#   .venv/bin/python tests/zetasql_check.py --warm      (15-47 s the first time, then 0.1 s)
exec "$(dirname "$0")/../../scripts/ensure_bqemulator.sh" "$@"
