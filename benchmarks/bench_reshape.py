"""Reshaping and windowed-frame benchmark on in-memory DuckDB.

For ``unstack`` (1M rows, a level with 12 values, 3 data columns) it counts the queries that
building the frame runs (the one query for the level's distinct values) and that ``to_pandas``
runs (one), and times both; it also times ``rolling(7).mean()`` per group, ``ffill`` per group,
``cube`` over two keys and ``stack`` of the same table. Timings are one run each after one
warm-up; they depend on the machine's load.

This script measures and prints; it asserts nothing. ``--write`` replaces the "Reshaping"
section of ``benchmarks/RESULTS.md`` (between its markers) and leaves the rest alone.

Run::

    .venv/bin/python benchmarks/bench_reshape.py            # print only
    .venv/bin/python benchmarks/bench_reshape.py --write    # and update benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

import objectiv_bach as bach
from objectiv_bach.backends import get_backend

RESULTS = Path(__file__).parent / "RESULTS.md"
BEGIN, END = "<!-- BEGIN reshape -->", "<!-- END reshape -->"


def _table(con: duckdb.DuckDBPyConnection, rows: int) -> None:
    rng = np.random.default_rng(7)
    pdf = pd.DataFrame(
        {
            "user_id": rng.integers(0, rows // 50, rows),
            "month": rng.integers(1, 13, rows),
            "t": np.arange(rows),
            "a": rng.normal(size=rows),
            "b": np.where(rng.random(rows) < 0.2, np.nan, rng.normal(size=rows)),
            "c": rng.integers(0, 100, rows).astype("float64"),
        }
    )
    con.register("bench_src", pdf)
    con.execute("CREATE TABLE bench_reshape AS SELECT * FROM bench_src")


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run(rows: int) -> list[tuple[str, int, int, float, float]]:
    con = duckdb.connect()
    _table(con, rows)
    backend = get_backend(con)
    df = bach.from_table(con, "bench_reshape", index=["user_id", "month"])
    seen: list[str] = []
    backend.query_observers.append(seen.append)
    out = []
    cases = {
        "unstack (month -> 36 columns)": lambda: df[["a", "b", "c"]].unstack(),
        "rolling(7).mean() per user": lambda: (
            df.reset_index().sort_values("t").groupby("user_id")[["a"]].rolling(7).mean()
        ),
        "ffill per user": lambda: (
            df.reset_index().sort_values("t").groupby("user_id")[["b"]].ffill()
        ),
        "cube(user_id % 10, month).sum()": lambda: _cube(df),
        "stack (3 columns)": lambda: df[["a", "b", "c"]].stack().to_frame(),
    }
    for name, make in cases.items():
        make().to_pandas()  # warm-up
        seen.clear()
        frame, build = _timed(make)
        build_queries = len(seen)
        result, run_time = _timed(frame.to_pandas)
        out.append((name, build_queries, len(seen) - build_queries, build, run_time))
        del result
    return out


def _cube(df):
    flat = df.reset_index()
    flat["bucket"] = flat.user_id % 10
    return flat.cube(["bucket", "month"]).agg({"a": "sum"})


def section(rows: int, results) -> str:
    load = os.getloadavg()[0]
    lines = [
        BEGIN,
        "## Reshaping and windowed frames (`bench_reshape.py`)",
        "",
        f"{dt.date.today()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pandas {pd.__version__}, DuckDB {duckdb.__version__}, load average {load:.1f}.",
        f"Command: `.venv/bin/python benchmarks/bench_reshape.py --write` ({rows:,} rows, "
        "in-memory DuckDB, one run after a warm-up).",
        "",
        "| case | queries to build | queries to run | build (s) | to_pandas (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, build_q, run_q, build, run_time in results:
        lines.append(f"| {name} | {build_q} | {run_q} | {build:.3f} | {run_time:.2f} |")
    lines += [
        "",
        "`unstack` runs exactly one query while it is built (the level's distinct "
        "values); every other case runs none until `to_pandas`.",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    text = section(args.rows, run(args.rows))
    print(text)
    if args.write:
        current = RESULTS.read_text()
        if BEGIN in current:
            head, rest = current.split(BEGIN, 1)
            current = head + text + rest.split(END, 1)[1]
        else:
            current = current.rstrip("\n") + "\n\n" + text + "\n"
        RESULTS.write_text(current)


if __name__ == "__main__":
    main()
