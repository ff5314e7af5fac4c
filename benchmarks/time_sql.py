"""Time SQL files against one DuckDB database file, interleaved, and print the medians.

Usage::

    python benchmarks/time_sql.py DATABASE RUNS a.sql b.sql ...

Each round runs every file once (``con.sql(text).fetchall()``), in the given order on even
rounds and reversed on odd ones, so that a cold cache or a change in the machine's load does
not fall on one file only. The SQL of a Bach frame is ``frame.view_sql()``; the hand-written
SQL of the model hub benchmarks is ``HAND_SQL`` in ``bench_modelhub_agg.py``.
"""

from __future__ import annotations

import statistics
import sys
import time

import duckdb


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        raise SystemExit(__doc__)
    database, runs, files = argv[0], int(argv[1]), argv[2:]
    con = duckdb.connect(database, read_only=True)
    texts = {f: open(f, encoding="utf-8").read() for f in files}
    times: dict[str, list[float]] = {f: [] for f in files}
    rows: dict[str, int] = {}
    for run in range(runs):
        for f in files if run % 2 == 0 else list(reversed(files)):
            started = time.perf_counter()
            rows[f] = len(con.sql(texts[f]).fetchall())
            times[f].append(time.perf_counter() - started)
            print(f"run {run + 1}: {f} {times[f][-1]:.3f} s", flush=True)
    for f in files:
        print(
            f"median {statistics.median(times[f]):.3f} s  min {min(times[f]):.3f} s  {f}"
            f"  ({rows[f]} rows)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
