"""Scale runs of the model hub: 10M events on DuckDB and PostgreSQL, 50M on DuckDB, vs pandas.

Not run in CI. Reuses the helpers, the data loading and the hand-written SQL of
``benchmarks/bench_modelhub.py`` (imported, not copied) and adds the two models that script does
not time:

- **sessionized**: the sessionized frame itself (``user_id``, ``session_id``,
  ``session_hit_number`` of every event). To keep the fetch out of the comparison, both Bach's
  SQL (``view_sql`` of ``df[['user_id', 'session_id', 'session_hit_number']]``) and the
  hand-written SQL are wrapped in the same ``SELECT count(*), count(DISTINCT session_id),
  sum(session_id), sum(session_hit_number), ...``: every event's values are computed, one row is
  fetched, and the five numbers must be equal.
- **frequency**: users per number of sessions (hand-written: the number of sessions of a user is
  the number of its session starts).

Every model: Bach (build + ``to_pandas()``) vs hand-written SQL through the same connection,
median of ``--runs`` runs after one warm-up, results asserted equal (the script raises
otherwise). The generator runs in chunks (``iter_event_chunks``) into a DuckDB *file* under
``--tmpdir`` so memory stays bounded; the process's peak RSS (``VmHWM``) is recorded after the
load and at the end.

``--pandas``: the pandas comparison of ``bench_modelhub.py`` (its ``core`` worker: reads only
event_id, moment and cookie_id from a Parquet export, sorts, sessionizes and runs
unique_users, unique_sessions, session_duration and frequency, in a fresh subprocess, peak RSS = its
``VmHWM``) against a fresh **Bach** subprocess that opens the DuckDB file read-only (DuckDB is
in-process, so the process's ``VmHWM`` includes the database engine) and runs the same four
models once (cold) and then ``--runs`` more times.

``--data-dir DIR`` keeps the DuckDB file in ``DIR`` instead (``--tmpdir`` still holds the
Parquet export and spill files), and ``--reuse`` skips the load when that file, or the
PostgreSQL database, already holds the same generated events (recorded in a
``bench_data_info`` table by the load): a 10M run then starts in seconds, not 15 minutes, and
``bench_modelhub_agg.py --duckdb-path DIR/events.duckdb --reuse`` measures the other models on
the same data.

Run (data files go to a temporary directory under ``--tmpdir`` and are deleted at the end)::

    .venv/bin/python benchmarks/bench_scale.py --events 200000 --backends duckdb --pandas
    .venv/bin/python benchmarks/bench_scale.py --events 10000000 --backends duckdb --pandas
    .venv/bin/python benchmarks/bench_scale.py --events 50000000 --backends duckdb
    eval "$(PGPORT=56123 scripts/ensure_postgres.sh)"
    .venv/bin/python benchmarks/bench_scale.py --events 10000000 --backends postgres \\
        --pg-dsn "$TEST_POSTGRES_DSN"

``--save JSON`` keeps the measurements; ``--report-from JSON ... --write`` puts the section of
a saved run into ``benchmarks/RESULTS.md`` between ``<!-- BEGIN scale-<events>-<backends> -->``
(``-<models>`` added for a selection)
markers (one section per run, other sections are left alone).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench_modelhub as bm  # noqa: E402

MODELS = ("sessionized", "unique_users", "unique_sessions", "session_duration", "frequency")
PANDAS_MODELS = bm.MODELS  # unique_users, unique_sessions, session_duration, frequency
RESULTS = bm.RESULTS

# Hand-written SQL valid on DuckDB and PostgreSQL. A user's event starts a session when it is
# the user's first event or comes more than 30 minutes after the user's previous event.
_STARTS = """
WITH gaps AS (
    SELECT cookie_id, event_id, moment,
           CASE WHEN lag(moment) OVER w IS NULL
                  OR moment - lag(moment) OVER w > INTERVAL '30 minutes' THEN 1 ELSE 0 END
               AS is_start
    FROM data
    WINDOW w AS (PARTITION BY cookie_id ORDER BY moment, event_id)
)"""

# The global session_id numbers the session starts in (moment, event_id) order; the hit number
# counts a session's events in the same order.
HAND_SESSIONIZED = (
    _STARTS
    + """, numbered AS (
    SELECT cookie_id, event_id, moment, is_start,
           sum(is_start) OVER u AS user_session,
           row_number() OVER u AS user_hit
    FROM gaps
    WINDOW u AS (PARTITION BY cookie_id ORDER BY moment, event_id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), starts AS (
    SELECT cookie_id, user_session, user_hit AS first_hit,
           row_number() OVER (ORDER BY moment, event_id) AS session_id
    FROM numbered
    WHERE is_start = 1
)
SELECT n.cookie_id AS user_id, s.session_id, n.user_hit - s.first_hit + 1 AS session_hit_number
FROM numbered AS n
JOIN starts AS s ON s.cookie_id = n.cookie_id AND s.user_session = n.user_session"""
)

HAND_FREQUENCY = (
    _STARTS
    + """, per_user AS (
    SELECT cookie_id, CAST(sum(is_start) AS BIGINT) AS sessions
    FROM gaps
    GROUP BY cookie_id
)
SELECT sessions AS session_id_nunique, count(*) AS user_id_nunique
FROM per_user
GROUP BY sessions"""
)


def wrap_sessionized(sql: str) -> str:
    """The same one-row summary around Bach's and the hand-written sessionized frame."""
    return (
        "SELECT count(*) AS events, count(DISTINCT session_id) AS sessions, "
        "sum(session_id) AS sum_session_id, sum(session_hit_number) AS sum_hit, "
        "max(session_hit_number) AS max_hit, count(DISTINCT user_id) AS users "
        f"FROM ({sql}) AS sessionized"
    )


def hand_sql(backend: str, model: str) -> str:
    if model == "sessionized":
        return wrap_sessionized(HAND_SESSIONIZED)
    if model == "frequency":
        return HAND_FREQUENCY
    return bm.HAND_SQL[backend][model]


def summary_row(rows: list[tuple]) -> dict[str, float]:
    (row,) = rows
    names = ("events", "sessions", "sum_session_id", "sum_hit", "max_hit", "users")
    return {name: float(value) for name, value in zip(names, row, strict=True)}


def vm_hwm_mib() -> float:
    return bm.peak_rss_mib()


def vm_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


# ------------------------------------------------------------------------------- measurement
def paired_runs(fns: list, runs: int, warmup: int) -> list[tuple[list[float], Any]]:
    """``warmup`` untimed rounds, then ``runs`` rounds calling each function once (paired)."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    times: list[list[float]] = [[] for _ in fns]
    results: list[Any] = [None] * len(fns)
    for _ in range(runs):
        for i, fn in enumerate(fns):
            seconds, results[i] = bm.timed(fn)
            times[i].append(seconds)
    return list(zip(times, results, strict=True))


def duckdb_settings(con: Any, memory_limit: str | None, temp_dir: str) -> None:
    """Bound DuckDB's buffer pool (default 80% of RAM); what does not fit spills to ``temp_dir``."""
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{temp_dir}'")


def load_worker(path: str, args: argparse.Namespace) -> dict:
    """Fresh process: generate in chunks and write the DuckDB file; its own ``VmHWM``.

    The generator's per-visit plan (about 5.6 GiB at 50M events) lives only in this process,
    so the query process starts without it.
    """
    import duckdb

    from objectiv_modelhub.native_table import write_events
    from objectiv_modelhub.sample_data import iter_event_chunks

    con = duckdb.connect(path)
    duckdb_settings(con, args.load_memory_limit, path + ".tmp")
    chunks = bm.GenerationTimer(
        iter(iter_event_chunks(args.events, seed=args.seed, chunk_size=args.chunk_size))
    )
    total, rows = bm.timed(lambda: write_events(con, chunks))
    hwm_write = vm_hwm_mib()
    (stored,) = con.execute("SELECT count(*) FROM data").fetchone()
    assert stored == rows == args.events, (stored, rows)
    bm.mark_data(con, args)
    con.execute("CHECKPOINT")
    con.close()
    return {
        "rows": rows,
        "generate_s": chunks.seconds,
        "load_s": total - chunks.seconds,
        "extra": f"separate load process (VmHWM after `write_events` {hwm_write:,.0f} MiB, "
        f"DuckDB memory_limit {args.load_memory_limit or 'default'})",
        "load_process_hwm_mib": vm_hwm_mib(),
    }


def spawn_load(path: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--load-worker", path, "--events", str(args.events)]
    command += ["--seed", str(args.seed), "--chunk-size", str(args.chunk_size)]
    if args.load_memory_limit:
        command += ["--load-memory-limit", args.load_memory_limit]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(backend: str, engine: Any, con: Any, args: argparse.Namespace) -> dict:
    from objectiv_modelhub import ModelHub

    mh = ModelHub(time_aggregation=bm.TIME_AGGREGATION, global_contexts=bm.GLOBAL_CONTEXTS)
    out: dict[str, dict] = {}
    for model in args.models:
        build_times: list[float] = []
        if model == "sessionized":

            def bach_run(build_times: list = build_times) -> Any:
                begin = time.perf_counter()
                df = mh.get_objectiv_dataframe(engine=engine)
                sql = df[["user_id", "session_id", "session_hit_number"]].view_sql()
                build_times.append(time.perf_counter() - begin)
                return summary_row(bm.run_hand(backend, con, wrap_sessionized(sql)))
        else:

            def bach_run(model: str = model, build_times: list = build_times) -> Any:
                begin = time.perf_counter()
                df = mh.get_objectiv_dataframe(engine=engine)
                series = getattr(mh.agg, model)(df)
                build_times.append(time.perf_counter() - begin)
                return bm.normalize(model, series.to_pandas())

        hand = hand_sql(backend, model)

        def hand_run(model: str = model, hand: str = hand) -> Any:
            rows = bm.run_hand(backend, con, hand)
            return summary_row(rows) if model == "sessionized" else bm.normalize(model, rows)

        print(f"  {backend} {model} ...", flush=True)
        (bach_times, bach_result), (hand_times, hand_result) = paired_runs(
            [bach_run, hand_run], args.runs, args.warmup
        )
        if args.warmup == 0:
            build_times.insert(0, build_times[0])  # build_s skips the (absent) warm-up's build
        diff = bm.compare(bach_result, hand_result, model)
        if diff:
            msg = f"{backend} {model}: Bach and hand-written SQL differ: {diff}"
            raise AssertionError(msg)
        out[model] = {
            "bach_s": statistics.median(bach_times),
            "bach_all": bach_times,
            "build_s": statistics.median(build_times[1:]),
            "hand_s": statistics.median(hand_times),
            "hand_all": hand_times,
            "result": bach_result,
            "rss_mib": vm_rss_mib(),
            "hwm_mib": vm_hwm_mib(),
        }
        r = out[model]
        print(
            f"  {backend:8s} {model:16s} bach {r['bach_s']:8.3f} s (build "
            f"{r['build_s'] * 1e3:6.1f} ms)  hand {r['hand_s']:8.3f} s  ratio "
            f"{r['bach_s'] / r['hand_s']:5.2f}  VmHWM {r['hwm_mib']:,.0f} MiB",
            flush=True,
        )
    return out


def bach_worker(path: str, runs: int, threads: int | None, variant: str) -> dict:
    """Fresh process: the four pandas-comparable models on the DuckDB file, cold then warm.

    ``separate``: each model on ``get_objectiv_dataframe`` (each query sessionizes again, as
    the model hub's examples do). ``materialized``: the sessionized frame's three columns the
    models need (user_id, session_id, moment) are materialized once into a temporary table
    (``materialize(materialization='temp_table')``, timed as part of the run), then the four
    models read it, as pandas sessionizes once and reuses the result.
    """
    import duckdb

    from objectiv_modelhub import ModelHub

    con = duckdb.connect(path, read_only=True)
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    mh = ModelHub(time_aggregation=bm.TIME_AGGREGATION, global_contexts=bm.GLOBAL_CONTEXTS)
    profile: dict[str, dict[str, float]] = {}

    def all_models() -> dict[str, dict]:
        results = {}
        t0 = time.perf_counter()
        df = mh.get_objectiv_dataframe(engine=con)
        if variant == "materialized":
            df = df[["user_id", "session_id", "moment"]].materialize(materialization="temp_table")
        profile["sessionized frame"] = {
            "build_s": time.perf_counter() - t0,
            "render_s": 0.0,
            "to_pandas_s": 0.0,
        }
        for model in PANDAS_MODELS:
            t0 = time.perf_counter()
            series = getattr(mh.agg, model)(df)
            t1 = time.perf_counter()
            series.view_sql()
            t2 = time.perf_counter()
            result = series.to_pandas()
            t3 = time.perf_counter()
            profile[model] = {"build_s": t1 - t0, "render_s": t2 - t1, "to_pandas_s": t3 - t2}
            results[model] = bm.normalize(model, result)
        return results

    cold_s, results = bm.timed(all_models)
    cold_profile = dict(profile)
    warm = [bm.timed(all_models)[0] for _ in range(runs)]
    return {
        "variant": variant,
        "cold_s": cold_s,
        "warm_all": warm,
        "warm_s": statistics.median(warm),
        "profile_cold": cold_profile,
        "profile_warm": dict(profile),
        "peak_rss_mib": vm_hwm_mib(),
        "results": results,
    }


def spawn_bach(path: str, runs: int, threads: int | None, variant: str = "separate") -> dict:
    command = [sys.executable, __file__, "--bach-worker", path, "--runs", str(runs)]
    command += ["--bach-variant", variant]
    if threads:
        command += ["--threads", str(threads)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------ inline VALUES
def inline_render(queries: int = 10) -> str:
    """A frame on inline VALUES just at ``MAX_INLINE_VALUES``: the rows render once.

    Times ``from_pandas`` and ``view_sql``/``to_pandas`` of ``queries`` different filters on
    DuckDB and reads the VALUES holder's render count (``plan.values.ValuesText.renders``).
    """
    import duckdb
    import numpy as np
    import pandas as pd

    import objectiv_bach as bach
    from objectiv_bach import loading
    from objectiv_bach.plan.nodes import ValuesSource
    from objectiv_bach.plan.render import topological
    from objectiv_bach.plan.values import values_text

    rows = loading.MAX_INLINE_VALUES // 5
    rng = np.random.default_rng(11)
    pdf = pd.DataFrame(
        {
            "a": rng.integers(0, 1000, rows),
            "b": rng.random(rows),
            "c": np.array(["x", "y", "z"], dtype=object)[rng.integers(0, 3, rows)],
            "d": rng.integers(0, 7, rows),
        }
    )
    con = duckdb.connect()
    load_s, df = bm.timed(lambda: bach.from_pandas(con, pdf))
    (source,) = [n for n in topological(df._final_node()) if isinstance(n, ValuesSource)]
    holder = values_text(source)
    sql_times = [bm.timed(lambda k=k: df[df.a > k].view_sql())[0] for k in range(queries)]
    run_times = []
    for k in range(queries):
        seconds, got = bm.timed(lambda k=k: df[df.a > k + 100].b.sum().value)
        assert abs(got - pdf[pdf.a > k + 100].b.sum()) < 1e-9
        run_times.append(seconds)
    con.close()
    return (
        f"Inline VALUES ({rows:,} rows x 4 columns + index = {rows * 5:,} values, "
        f"`MAX_INLINE_VALUES` {loading.MAX_INLINE_VALUES:,}), DuckDB: `from_pandas` "
        f"{load_s * 1e3:.0f} ms; `view_sql` of {queries} different filters: first "
        f"{sql_times[0] * 1e3:.0f} ms (generates the rows' text), then median "
        f"{statistics.median(sql_times[1:]) * 1e3:.1f} ms; `sum().value` of {queries} more "
        f"filters (render + run + fetch): median {statistics.median(run_times) * 1e3:.1f} ms; "
        f"the rows were generated {holder.renders} time(s) in all."
    )


# ------------------------------------------------------------------------------------ report
def section_name(args: argparse.Namespace) -> str:
    """``scale-<events>-<backends>``, and ``-<models>`` for a selection of models."""
    name = (
        f"scale-{args.events // 1_000_000 or args.events}{'M' if args.events >= 1_000_000 else ''}"
        f"-{'-'.join(args.backends)}"
    )
    models = getattr(args, "models", None)
    if models and set(models) != set(MODELS):
        name += "-" + "-".join(models)
    return name


def report(saved: dict) -> str:
    args = argparse.Namespace(**saved["args"])
    lines = [f"## Scale: {args.events:,} events on {', '.join(args.backends)}", ""]
    lines.append(f"Measured {saved['machine']}.")
    lines.append("")
    lines.append(f"Command: `{saved['command']}` (source: `benchmarks/bench_scale.py`).")
    lines.append("")
    lines.append(
        "Shared machine: 2 cores shared with other jobs. `uptime` before: "
        f"`{saved['uptime_before']}`; after: `{saved['uptime_after']}`."
    )
    lines.append("")
    lines.append(f"Data: {saved['data_info']}.")
    lines.append("")
    for backend, load in saved["loads"].items():
        if load["extra"].startswith(bm.REUSED["extra"]):
            rest = load["extra"][len(bm.REUSED["extra"]) :].lstrip("; ")
            lines.append(
                f"- {backend}: the data of an earlier load, reused (`--reuse`)"
                + (f"; {rest}." if rest else ".")
            )
            continue
        lines.append(
            f"- load {backend}: generator {bm.fmt_s(load['generate_s'])} s, "
            f"`write_events` {bm.fmt_s(load['load_s'])} s (generator excluded); "
            f"{load['extra']}; benchmark process VmHWM after the load "
            f"{load['hwm_after_load_mib']:,.0f} MiB"
            + (
                f"; **load process peak RSS (VmHWM) {load['load_process_hwm_mib']:,.0f} MiB**"
                if "load_process_hwm_mib" in load
                else ""
            )
            + "."
        )
    lines.append("")
    for backend, timings in saved["timings"].items():
        lines.append(
            f"{backend}: median of {args.runs} paired run(s) after "
            f"{getattr(args, 'warmup', 1)} warm-up round(s), seconds. Bach = "
            "build (`get_objectiv_dataframe` + model call) + `to_pandas()`; "
            "`sessionized` = both SQLs wrapped in the same one-row summary."
        )
        lines.append("")
        lines.append("| model | Bach s | hand s | **Bach / hand** | build ms | process VmHWM MiB |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for model, r in timings.items():
            lines.append(
                f"| {model} | {bm.fmt_s(r['bach_s'])} | {bm.fmt_s(r['hand_s'])} | "
                f"**{r['bach_s'] / r['hand_s']:.2f}** | {r['build_s'] * 1e3:.1f} | "
                f"{r['hwm_mib']:,.0f} |"
            )
        lines.append("")
        lines.append(
            "All runs (s): "
            + "; ".join(
                f"{m}: Bach {', '.join(f'{x:.3f}' for x in r['bach_all'])}, hand "
                f"{', '.join(f'{x:.3f}' for x in r['hand_all'])}"
                for m, r in timings.items()
            )
            + "."
        )
        lines.append("")
    lines.append("Agreement (asserted by the script): " + " ".join(saved["checks"]))
    lines.append("")
    lines.append(
        f"Peak RSS (`VmHWM`) of the benchmark process at the end: {saved['hwm_end_mib']:,.0f} MiB."
    )
    lines.append("")
    if saved.get("pandas"):
        p = saved["pandas"]
        procs = saved.get("bach_procs") or [{"variant": "separate", **saved["bach_proc"]}]
        pandas_s = p["read_s"] + p["compute_s"]
        lines.append(
            "pandas vs Bach (unique_users, unique_sessions, session_duration, frequency; each in a "
            "fresh "
            "subprocess, peak RSS = its own `VmHWM`, interpreter and imports included). pandas "
            "= the `core` worker of `bench_modelhub.py`: reads the 3 needed columns from a "
            "Parquet export, sorts, sessionizes once, four groupbys. Bach opens the DuckDB file "
            "read-only, DuckDB runs in the Bach process; *separate* = each model on "
            "`get_objectiv_dataframe` (each query sessionizes again), *materialized* = the "
            "sessionized frame's 3 needed columns `materialize(materialization='temp_table')` "
            "once (timed), then the four models on it."
        )
        lines.append("")
        lines.append(
            "| | time s (first run in the process) | time s (median of further runs) "
            "| peak RSS MiB | pandas time / Bach time (first, warm) | Bach RSS / pandas RSS |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|")
        lines.append(
            f"| pandas core (read {bm.fmt_s(p['read_s'])} + compute "
            f"{bm.fmt_s(p['compute_s'])}) | {bm.fmt_s(pandas_s)} | | "
            f"{p['peak_rss_mib']:,.0f} | | |"
        )
        for b in procs:
            lines.append(
                f"| Bach {b['variant']} | {bm.fmt_s(b['cold_s'])} | {bm.fmt_s(b['warm_s'])} | "
                f"{b['peak_rss_mib']:,.0f} | {pandas_s / b['cold_s']:.1f}x, "
                f"{pandas_s / b['warm_s']:.1f}x | {b['peak_rss_mib'] / p['peak_rss_mib']:.2f} |"
            )
        lines.append("")
        for b in procs:
            lines.append(
                f"Bach {b['variant']} profile (warm, ms: build / render / to_pandas): "
                + "; ".join(
                    f"{m} {v['build_s'] * 1e3:.0f} / {v['render_s'] * 1e3:.0f} / "
                    f"{v['to_pandas_s'] * 1e3:.0f}"
                    for m, v in b["profile_warm"].items()
                )
                + "."
            )
            lines.append("")
    return "\n".join(lines)


def write_section(name: str, text: str) -> None:
    begin, end = (
        f"<!-- BEGIN {name} (written by benchmarks/bench_scale.py) -->",
        f"<!-- END {name} -->",
    )
    section = f"{begin}\n{text}\n{end}"
    current = RESULTS.read_text()
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        _, tail = rest.split(end, 1)
        new = head + section + tail
    else:
        new = current.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(new)


# -------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk-size", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", nargs="+", choices=bm.BACKENDS, default=["duckdb"])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--pg-dsn", default=os.environ.get("TEST_POSTGRES_DSN"))
    parser.add_argument("--tmpdir", default="/tmp", help="parent of the temporary data directory")
    parser.add_argument(
        "--data-dir", help="keep the DuckDB file here (events.duckdb) instead of in --tmpdir"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="skip a load whose database already holds these events (DuckDB file in "
        "--data-dir, PostgreSQL)",
    )
    parser.add_argument("--pandas", action="store_true", help="also run pandas vs Bach (DuckDB)")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default all)")
    parser.add_argument("--save", metavar="JSON")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--report-from", metavar="JSON")
    parser.add_argument(
        "--inline-render",
        action="store_true",
        help="only the inline VALUES render benchmark (seconds)",
    )
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds per model")
    parser.add_argument(
        "--separate-load",
        action="store_true",
        help="DuckDB: generate and load in a subprocess (its own peak RSS), query in this one",
    )
    parser.add_argument("--load-memory-limit", help="DuckDB memory_limit while loading, e.g. 6GB")
    parser.add_argument("--memory-limit", help="DuckDB memory_limit for the queries, e.g. 12GB")
    parser.add_argument("--bach-worker", metavar="DUCKDB", help=argparse.SUPPRESS)
    parser.add_argument("--load-worker", metavar="DUCKDB", help=argparse.SUPPRESS)
    parser.add_argument("--bach-variant", default="separate", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inline_render:
        print(inline_render())
        return

    os.environ.setdefault("OBJECTIV_VERSION_CHECK_DISABLE", "1")
    if args.load_worker:
        print(json.dumps(load_worker(args.load_worker, args)))
        return
    if args.bach_worker:
        worker = bach_worker(args.bach_worker, args.runs, args.threads, args.bach_variant)
        print(json.dumps(worker))
        return
    if args.report_from:
        saved = json.loads(Path(args.report_from).read_text())
        text = report(saved)
        print(text)
        if args.write:
            write_section(section_name(argparse.Namespace(**saved["args"])), text)
        return
    if "postgres" in args.backends and not args.pg_dsn:
        parser.error("postgres needs --pg-dsn or env TEST_POSTGRES_DSN")

    command = " ".join(["python", "benchmarks/bench_scale.py", *(argv or sys.argv[1:])])
    saved: dict[str, Any] = {
        "command": command,
        "uptime_before": uptime(),
        "loads": {},
        "timings": {},
        "checks": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench_scale.", dir=args.tmpdir) as tmp:
        load_args = argparse.Namespace(
            events=args.events,
            seed=args.seed,
            chunk_size=args.chunk_size,
            pg_dsn=args.pg_dsn,
            duckdb_path=os.path.join(args.data_dir or tmp, "events.duckdb"),
            reuse=args.reuse,
        )
        data_info = ""
        for backend in args.backends:
            print(f"loading {backend} ...", flush=True)
            if backend == "duckdb" and args.separate_load:
                import duckdb

                load = spawn_load(load_args.duckdb_path, args)
                print(load, flush=True)
                con = duckdb.connect(load_args.duckdb_path)
                duckdb_settings(con, args.memory_limit, load_args.duckdb_path + ".tmp")
            elif backend == "duckdb":
                con, load = bm.load_duckdb(load_args)
                duckdb_settings(con, args.memory_limit, load_args.duckdb_path + ".tmp")
            if backend == "duckdb":
                if args.threads:
                    con.execute(f"SET threads = {int(args.threads)}")
                load["extra"] = (
                    load["extra"] + "; " if load.get("extra") else ""
                ) + f"DuckDB file {os.path.getsize(load_args.duckdb_path) / 2**20:,.0f} MiB"
                users, days = con.execute(
                    "SELECT count(DISTINCT cookie_id), count(DISTINCT day) FROM data"
                ).fetchone()
                data_info = (
                    f"{args.events:,} events from `iter_event_chunks({args.events:_}, "
                    f"seed={args.seed}, chunk_size={args.chunk_size:_})`, {users:,} "
                    f"users over {days} days"
                )
                engine: Any = con
            else:
                con, load = bm.load_postgres(load_args)
                engine = args.pg_dsn
            load["hwm_after_load_mib"] = vm_hwm_mib()
            saved["loads"][backend] = load
            print(load, flush=True)
            saved["timings"][backend] = measure(backend, engine, con, args)
            if backend == "duckdb" and args.pandas:
                parquet = os.path.join(tmp, "events.parquet")
                con.execute(
                    f"COPY (SELECT CAST(event_id AS VARCHAR) AS event_id, moment, "
                    f"CAST(cookie_id AS VARCHAR) AS cookie_id FROM data) TO '{parquet}' "
                    "(FORMAT parquet)"
                )
                con.close()
                print("pandas core ...", flush=True)
                saved["pandas"] = bm.spawn_pandas(parquet, "core")
                saved["bach_procs"] = []
                for variant in ("separate", "materialized"):
                    print(f"Bach worker {variant} ...", flush=True)
                    saved["bach_procs"].append(
                        spawn_bach(load_args.duckdb_path, args.runs, args.threads, variant)
                    )
                # the workers run all four; the models measured above are the reference (the
                # others are compared between pandas and the two workers)
                for model in PANDAS_MODELS:
                    measured = saved["timings"]["duckdb"].get(model)
                    results = [("pandas", saved["pandas"]["results"][model])] + [
                        (f"Bach {b['variant']}", b["results"][model]) for b in saved["bach_procs"]
                    ]
                    ref = measured["result"] if measured else results[1][1]
                    others = results if measured else [results[0], *results[2:]]
                    for name, got in others:
                        diff = bm.compare(ref, got, model)
                        if diff:
                            msg = f"{model}: {name} differs from Bach: {diff}"
                            raise AssertionError(msg)
                saved["checks"].append(
                    "pandas core = Bach separate = Bach materialized (fresh processes) (= Bach "
                    "above, for the models measured there) for unique_users, unique_sessions, "
                    "session_duration, frequency."
                )
            else:
                con.close()
            del con
            if not data_info:
                data_info = (
                    f"{args.events:,} events from `iter_event_chunks({args.events:_}, "
                    f"seed={args.seed}, chunk_size={args.chunk_size:_})`"
                )
        saved["data_info"] = data_info
    # agreement across backends
    backends = list(saved["timings"])
    for model in args.models:
        ref = saved["timings"][backends[0]][model]["result"]
        for other in backends[1:]:
            diff = bm.compare(ref, saved["timings"][other][model]["result"], model)
            if diff:
                msg = f"{model}: {backends[0]} and {other} differ: {diff}"
                raise AssertionError(msg)
        total = sum(ref.values())
        saved["checks"].append(
            f"`{model}`: Bach = hand on {' and '.join(backends)}"
            + (
                f" ({len(ref)} keys, sum {total:,.0f})."
                if model != "sessionized"
                else f" ({int(ref['events']):,} events, {int(ref['sessions']):,} sessions)."
            )
        )
    saved["hwm_end_mib"] = vm_hwm_mib()
    saved["uptime_after"] = uptime()
    saved["machine"] = f"{time.strftime('%Y-%m-%d', time.gmtime())} on {bm.machine_info('')}"
    saved["args"] = {
        k: v
        for k, v in vars(args).items()
        if k not in ("write", "save", "report_from", "bach_worker")
    }
    if args.save:
        Path(args.save).write_text(json.dumps(saved, indent=1, default=str))
    text = report(saved)
    print()
    print(text)
    if args.write:
        write_section(section_name(args), text)


if __name__ == "__main__":
    main()
