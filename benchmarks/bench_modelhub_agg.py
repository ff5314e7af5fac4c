"""Benchmark of the feature, retention and funnel models: Bach's SQL vs hand-written SQL, DuckDB.

The part of ``bench_modelhub.py`` for the models ``top_product_features``,
``top_product_features_before_conversion`` (conversion: ``SuccessEvent``), ``retention_matrix``
(monthly; timed in its long form ``retention_counts``, the query the matrix pivots),
``drop_off_locations`` (per user) and ``funnel_conversion`` (over all data), each on the
location stack's nice name. For each model:

* **Bach**: ``ModelHub.get_objectiv_dataframe`` + the model, then ``to_pandas()``;
  build = the Python that builds the plan, query = ``to_pandas()`` (render, run, fetch).
* **Hand**: the SQL in ``HAND_SQL`` below, written directly against the native table ``data``
  (no CTE per pipeline step, the nice name computed only where it is needed), run through
  the same DuckDB connection and fetched with ``.df()``.

Both results are compared (the script raises when they differ). Each timing is the median of
``--runs`` runs after one warm-up; nothing is asserted on time. ``--write`` replaces the
section between the markers in ``benchmarks/RESULTS.md``.

Run::

    .venv/bin/python benchmarks/bench_modelhub_agg.py --events 100000 --runs 3 --write
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

RESULTS = Path(__file__).with_name("RESULTS.md")
BEGIN = "<!-- BEGIN modelhub-agg -->"
END = "<!-- END modelhub-agg -->"

# ------------------------------------------------------------------------ hand-written SQL
# The nice name of a location stack: labels '<Type minus Context, words split>: <id>', the last
# one, then ' located at ' and the others joined by ' => '.
_LABELS = """list_transform(CAST(value -> '$.location_stack' AS JSON[]), lambda x:
    regexp_replace(regexp_replace(x ->> '$._type', 'Context$', ''), '([a-z])([A-Z])', '\\1 \\2', 'g')
    || ': ' || (x ->> '$.id'))"""
_NICE = """CASE WHEN len(labels) > 0 THEN labels[-1] || CASE WHEN len(labels) > 1
    THEN ' located at ' || array_to_string(labels[1:len(labels) - 1], ' => ') ELSE '' END END"""
_APPLICATION = """list_filter(CAST(value -> '$.global_contexts' AS JSON[]),
    lambda g: g ->> '$._type' = 'ApplicationContext')[1] ->> '$.id'"""
_INTERACTIVE = "list_contains(CAST(value -> '$._types' AS VARCHAR[]), 'InteractiveEvent')"

HAND_SQL = {
    "top_product_features": f"""
WITH e AS (
    SELECT cookie_id, value ->> '$._type' AS event_type, {_APPLICATION} AS application,
           {_LABELS} AS labels
    FROM data WHERE {_INTERACTIVE}
)
SELECT application, {_NICE} AS feature_nice_name, event_type,
       count(DISTINCT cookie_id) AS user_id_nunique
FROM e GROUP BY ALL
HAVING application IS NOT NULL AND feature_nice_name IS NOT NULL
ORDER BY user_id_nunique DESC, application, feature_nice_name, event_type
""",
    "top_product_features_before_conversion": f"""
WITH gaps AS (
    SELECT *, moment - lag(moment) OVER (PARTITION BY cookie_id ORDER BY moment, event_id) AS gap
    FROM data
), sessions AS (
    SELECT *, sum(CASE WHEN gap IS NULL OR gap > INTERVAL 30 MINUTE THEN 1 ELSE 0 END) OVER (
        PARTITION BY cookie_id ORDER BY moment, event_id ROWS UNBOUNDED PRECEDING) AS session_no
    FROM gaps
), conversions AS (
    SELECT *,
        sum(CASE WHEN value ->> '$._type' = 'SuccessEvent' THEN 1 ELSE 0 END) OVER (
            PARTITION BY cookie_id, session_no ORDER BY moment, event_id
            ROWS UNBOUNDED PRECEDING) AS in_time,
        sum(CASE WHEN value ->> '$._type' = 'SuccessEvent' THEN 1 ELSE 0 END) OVER (
            PARTITION BY cookie_id, session_no) AS total
    FROM sessions
), e AS (
    SELECT cookie_id, value ->> '$._type' AS event_type, {_APPLICATION} AS application,
           {_LABELS} AS labels
    FROM conversions WHERE total >= 1 AND in_time = 0 AND {_INTERACTIVE}
)
SELECT application, {_NICE} AS feature_nice_name, event_type,
       count(DISTINCT cookie_id) AS unique_users
FROM e GROUP BY ALL
HAVING application IS NOT NULL AND feature_nice_name IS NOT NULL
ORDER BY unique_users DESC, application, feature_nice_name, event_type
""",
    "retention_matrix": """
WITH f AS (
    SELECT cookie_id, moment, min(moment) OVER (PARTITION BY cookie_id) AS first_moment
    FROM data
)
SELECT strftime(first_moment, '%Y-%m') AS first_cohort,
       (year(moment) - year(first_moment)) * 12 + month(moment) - month(first_moment)
           AS cohort_distance,
       count(DISTINCT cookie_id) AS user_id_nunique
FROM f GROUP BY ALL
""",
    "drop_off_locations": f"""
WITH last AS (
    SELECT value FROM data
    QUALIFY row_number() OVER (PARTITION BY cookie_id ORDER BY moment DESC, event_id DESC) = 1
), named AS (SELECT {_LABELS} AS labels FROM last)
SELECT {_NICE} AS location, count(*) AS value_counts
FROM named WHERE len(labels) > 0 GROUP BY ALL ORDER BY value_counts DESC, location
""",
    "funnel_conversion": f"""
WITH named AS (
    SELECT cookie_id, moment, event_id, {_LABELS} AS labels FROM data
), steps_next AS (
    SELECT cookie_id, location,
           lead(location) OVER (PARTITION BY cookie_id ORDER BY moment, event_id) AS next_step
    FROM (SELECT cookie_id, moment, event_id, {_NICE} AS location
          FROM named WHERE len(labels) > 0)
), users AS (
    SELECT location, count(DISTINCT cookie_id) AS n_users,
           count(DISTINCT CASE WHEN next_step IS NOT NULL THEN cookie_id END)
               AS n_users_completed_step
    FROM steps_next GROUP BY location
)
SELECT location, n_users, n_users_completed_step,
       round(n_users_completed_step / n_users, 3) AS step_conversion_rate,
       round(n_users_completed_step / max(n_users) OVER (), 3) AS full_conversion_rate,
       round((n_users - n_users_completed_step) / max(n_users) OVER (), 3) AS dropoff_share
FROM users ORDER BY n_users DESC, location
""",
}
MODELS = tuple(HAND_SQL)


def bach_model(mh: Any, df: Any, model: str) -> Any:
    from objectiv_modelhub.models.retention import retention_counts

    if model == "top_product_features":
        return mh.agg.top_product_features(df)
    if model == "top_product_features_before_conversion":
        return mh.agg.top_product_features_before_conversion(df, "success")
    if model == "retention_matrix":
        return retention_counts(df, "monthly")
    if model == "drop_off_locations":
        return mh.agg.drop_off_locations(df)
    return mh.agg.funnel_conversion(df)


def canonical(frame: pd.DataFrame) -> list[tuple]:
    """Rows as sorted tuples of text (the index as columns), for comparing results."""
    frame = frame.reset_index() if any(frame.index.names) else frame.reset_index(drop=True)
    rows = [
        tuple(
            "" if pd.isna(v) else f"{float(v):.6g}" if isinstance(v, float) else str(v) for v in r
        )
        for r in frame.itertuples(index=False)
    ]
    return sorted(rows)


def median(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    shown = sys.argv[1:] if argv is None else argv

    from objectiv_modelhub import ModelHub
    from objectiv_modelhub.native_table import write_events
    from objectiv_modelhub.sample_data import iter_event_chunks

    con = duckdb.connect()
    started = time.perf_counter()
    write_events(con, iter_event_chunks(args.events, seed=args.seed, chunk_size=100_000))
    load = time.perf_counter() - started
    mh = ModelHub(time_aggregation="%Y-%m-%d", global_contexts=["application"])
    mh.add_conversion_event(event_type="SuccessEvent", name="success")

    rows = []
    for model in MODELS:
        build_times = []

        def build(model: str = model, build_times: list = build_times) -> Any:
            started = time.perf_counter()
            frame = bach_model(mh, mh.get_objectiv_dataframe(engine=con), model)
            build_times.append(time.perf_counter() - started)
            return frame

        frame = build()
        bach_query, bach = median(frame.to_pandas, args.runs)
        hand_query, hand = median(lambda m=model: con.sql(HAND_SQL[m]).df(), args.runs)
        same = canonical(bach) == canonical(hand)
        if not same:
            msg = f"{model}: Bach and the hand-written SQL differ"
            raise SystemExit(msg)
        rows.append(
            (
                model,
                statistics.median(build_times),
                bach_query,
                hand_query,
                len(bach),
                len(frame.view_sql(dialect="duckdb")),
                len(HAND_SQL[model].strip()),
            )
        )
        print(f"{model}: Bach {bach_query:.3f} s, hand {hand_query:.3f} s, {len(bach)} rows")

    lines = [
        BEGIN,
        "## Model hub: feature, retention and funnel models (DuckDB)",
        "",
        f"`{' '.join(['.venv/bin/python benchmarks/bench_modelhub_agg.py', *shown])}`"
        f" on {args.events:,} generated events (seed {args.seed}), DuckDB {duckdb.__version__},"
        f" Python {platform.python_version()}, median of {args.runs} runs after a warm-up;"
        f" load {load:.1f} s. The machine was shared with other jobs (2 cores): read the ratios,"
        " not the absolute times. Results of Bach and the hand-written SQL are compared"
        " (equal for every model).",
        "",
        "| model | build (s) | Bach query (s) | hand SQL (s) | Bach / hand | rows |"
        " SQL bytes Bach / hand |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for model, build_s, bach_s, hand_s, n, bach_size, hand_size in rows:
        lines.append(
            f"| {model} | {build_s:.3f} | {bach_s:.3f} | {hand_s:.3f} | {bach_s / hand_s:.2f} |"
            f" {n} | {bach_size:,} / {hand_size:,} |"
        )
    lines.append(END)
    text = "\n".join(lines)
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
