"""FunnelDiscovery.get_navigation_paths: Bach's SQL vs hand-written SQL, on DuckDB.

Generates ``--events`` Objectiv events (``objectiv_modelhub.sample_data``) into an in-memory
DuckDB table ``data``, then times (best of ``--runs``) the query of
``get_navigation_paths(df, steps=3, by='user_id', location_stack=<leaf id>)`` against a
hand-written ``ROW_NUMBER`` + ``LEAD`` query over the same table, checks that both give the same
rows in the same order, and prints the ratio. With the default nice names (``location_stack``
omitted) it also times Bach's query alone (no hand-written equivalent: the nice name is a
correlated subquery per event). No timing is asserted anywhere.

Run::

    .venv/bin/python benchmarks/bench_funnel.py --events 200000
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import duckdb

from objectiv_modelhub import ModelHub
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.sample_data import iter_event_chunks

HAND_SQL = """
WITH ev AS (
  SELECT event_id, moment, cookie_id AS user_id,
         json_extract_string(value, '$.location_stack[#-1].id') AS loc
  FROM data
), o AS (
  SELECT user_id, loc,
         row_number() OVER (PARTITION BY user_id ORDER BY moment, loc, event_id) - 1 AS off,
         lead(loc, 1) OVER (PARTITION BY user_id ORDER BY moment, loc, event_id) AS s2,
         lead(loc, 2) OVER (PARTITION BY user_id ORDER BY moment, loc, event_id) AS s3
  FROM ev
)
SELECT user_id, loc AS s1, s2, s3 FROM o
WHERE NOT (s2 IS NULL AND off <> 0)
ORDER BY user_id, off
"""


def best_of(con: Any, sql: str, runs: int) -> tuple[float, list]:
    best, rows = float("inf"), []
    for _ in range(runs):
        started = time.perf_counter()
        rows = con.execute(sql).fetchall()
        best = min(best, time.perf_counter() - started)
    return best, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    con = duckdb.connect()
    write_events(con, iter_event_chunks(args.events, seed=0, days=30, chunk_size=100_000))
    mh = ModelHub()
    df = mh.get_objectiv_dataframe(engine=con)
    funnel = mh.get_funnel_discovery()
    leaf = df.location_stack.json[-1].json.get_value("id", as_str=True)
    bach_sql = funnel.get_navigation_paths(df, steps=3, by="user_id", location_stack=leaf)
    bach_time, bach_rows = best_of(con, bach_sql.view_sql(), args.runs)
    hand_time, hand_rows = best_of(con, HAND_SQL, args.runs)
    same = [tuple(map(str, r)) for r in bach_rows] == [tuple(map(str, r)) for r in hand_rows]
    if not same:
        msg = "Bach and the hand-written SQL give different paths"
        raise SystemExit(msg)
    print(f"{args.events:,} events, {len(bach_rows):,} paths (same rows and order: {same})")
    print(
        f"leaf-id locations: Bach {bach_time:.3f} s, hand-written {hand_time:.3f} s, "
        f"ratio {bach_time / hand_time:.2f}"
    )
    started = time.perf_counter()
    nice = funnel.get_navigation_paths(df, steps=3, by="user_id").view_sql()
    built = time.perf_counter() - started
    nice_time, _ = best_of(con, nice, args.runs)
    print(f"nice-name locations: Bach {nice_time:.3f} s (build and render {built:.3f} s)")


if __name__ == "__main__":
    main()
