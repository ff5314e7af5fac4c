"""describe() of a wide DuckDB table: one query for the whole frame, and how long it takes.

A table of ``--rows`` rows (default 1,000,000) and 20 columns (16 float64/int64 columns with
NULLs, 4 string columns) is made in an in-memory DuckDB. The script counts the queries
``describe()`` runs (through the backend's query observers) and times ``describe().to_pandas()``
(median of ``--runs`` runs after one warm-up), for the default (numeric columns) and
``include='all'``, next to pandas' ``describe()`` of the same data already in memory. It also
counts the queries of ``get_dummies()`` on the string columns.

    .venv/bin/python benchmarks/bench_describe.py            # print only
    .venv/bin/python benchmarks/bench_describe.py --write    # and update RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import time
from pathlib import Path

import duckdb
import pandas as pd
import sqlglot

import objectiv_bach as bach
from objectiv_bach.backends import get_backend

RESULTS = Path(__file__).with_name("RESULTS.md")
SECTION = "describe"
N_NUMERIC = 16
N_STRING = 4


def make_table(con: duckdb.DuckDBPyConnection, rows: int) -> None:
    columns = []
    for k in range(N_NUMERIC):
        value = f"(hash(i * {N_NUMERIC + N_STRING} + {k}) % 1000003)"
        kind = "DOUBLE" if k % 2 else "BIGINT"
        divisor = " / 1000.0" if k % 2 else ""
        columns.append(
            f"CASE WHEN {value} % 17 = 0 THEN NULL ELSE CAST({value}{divisor} AS "
            f"{kind}) END AS n{k}"
        )
    for k in range(N_STRING):
        value = f"(hash(i * {N_NUMERIC + N_STRING} + {N_NUMERIC + k}) % {10 + 10 * k})"
        columns.append(
            f"CASE WHEN {value} = 0 THEN NULL ELSE 'v' || CAST({value} AS TEXT) END AS s{k}"
        )
    # a benchmark fixture of constant text (not user input): plain SQL is fine here
    con.execute(
        f"CREATE TABLE wide AS SELECT i AS id, {', '.join(columns)} FROM range({rows}) AS t(i)"
    )


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, min(times) * 1000


def run(rows: int, runs: int) -> dict:
    con = duckdb.connect()
    make_table(con, rows)
    df = bach.from_table(con, "wide", index="id")
    backend = get_backend(con)
    seen: list[str] = []
    backend.query_observers.append(seen.append)
    out: dict = {"rows": rows, "columns": len(df.columns)}
    for label, kwargs in (("describe()", {}), ("describe(include='all')", {"include": "all"})):
        seen.clear()
        result = df.describe(**kwargs).to_pandas()
        queries = len(seen)
        ms, ms_min = timed(lambda kw=kwargs: df.describe(**kw).to_pandas(), runs)
        out[label] = {
            "queries": queries,
            "ms": ms,
            "ms_min": ms_min,
            "shape": result.shape,
            "sql_bytes": len(df.describe(**kwargs).view_sql()),
        }
    seen.clear()
    dummies = df[[f"s{k}" for k in range(N_STRING)]].get_dummies()
    out["get_dummies"] = {"queries": len(seen), "columns": len(dummies.columns)}
    backend.query_observers.remove(seen.append)
    pdf = con.execute("SELECT * FROM wide").df().set_index("id")
    out["pandas describe()"] = timed(lambda: pdf.describe(), runs)
    out["pandas describe(include='all')"] = timed(lambda: pdf.describe(include="all"), runs)
    return out


def markdown(out: dict, runs: int) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"<!-- BEGIN {SECTION} (written by benchmarks/bench_describe.py --write) -->",
        "## describe() of a wide table: one query",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores "
        f"(load average at the end: {load}); Python {platform.python_version()}, "
        f"duckdb {duckdb.__version__}, sqlglot {sqlglot.__version__}, pandas {pd.__version__}.",
        "",
        "Command: `.venv/bin/python benchmarks/bench_describe.py --write`. In-memory DuckDB "
        f"table of {out['rows']:,} rows and {out['columns']} columns ({N_NUMERIC} int64/float64 "
        f"with NULLs, {N_STRING} string); `from_table` over the native connection. Queries = "
        "statements the backend ran (its query observers); time = median (min) of "
        f"{runs} runs of `describe(...).to_pandas()` after a warm-up, `time.perf_counter`.",
        "",
        "| call | queries | result shape | SQL bytes | ms median (min) |",
        "|---|---:|---|---:|---:|",
    ]
    for label in ("describe()", "describe(include='all')"):
        r = out[label]
        lines.append(
            f"| `{label}` | {r['queries']} | {r['shape'][0]} x {r['shape'][1]} | "
            f"{r['sql_bytes']:,} | {r['ms']:.0f} ({r['ms_min']:.0f}) |"
        )
    for label in ("pandas describe()", "pandas describe(include='all')"):
        ms, ms_min = out[label]
        lines.append(f"| `{label}` (data in memory) | - | - | - | {ms:.0f} ({ms_min:.0f}) |")
    g = out["get_dummies"]
    lines += [
        "",
        f"`get_dummies()` of the {N_STRING} string columns ran {g['queries']} query (the distinct "
        f"values of all of them, one UNION ALL) and gives {g['columns']} indicator columns.",
        f"<!-- END {SECTION} -->",
    ]
    return "\n".join(lines)


def write(section: str) -> None:
    text = RESULTS.read_text()
    pattern = re.compile(rf"<!-- BEGIN {SECTION}\b.*?<!-- END {SECTION} -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    out = run(args.rows, args.runs)
    section = markdown(out, args.runs)
    print(section)
    if args.write:
        write(section)


if __name__ == "__main__":
    main()
