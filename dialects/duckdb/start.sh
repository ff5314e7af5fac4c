#!/usr/bin/env bash
# DuckDB runs in-process (the duckdb package): there is no service to start. Each test gets a fresh
# in-memory database. This script only checks that the duckdb package imports.
exec "$(dirname "$0")/../../.venv/bin/python" -c 'import duckdb; print("duckdb", duckdb.__version__, "(in-process, nothing to start)")'
