#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the test suite and print the variables that point the tests at it.
#
#   eval "$(dialects/postgres/start.sh)"
#   .venv/bin/python -m pytest -n 2      # uses $TEST_POSTGRES_DSN instead of starting its own server
#   eval "$PGTEST_STOP"                  # stop it and delete its data directory
#
# Without TEST_POSTGRES_DSN the tests start a server of their own (about 1 s per xdist worker).
# Any PostgreSQL >= 15 works: TEST_POSTGRES_DSN=postgresql://user:password@host:port/db; each test
# creates and drops its own schema there.
exec "$(dirname "$0")/../../scripts/ensure_postgres.sh" "$@"
