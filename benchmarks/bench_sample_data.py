"""Throughput and peak memory of the sample-data generator (``objectiv_modelhub.sample_data``).

Each case runs in a fresh subprocess, so its peak resident memory (``ru_maxrss``) is its own.

Cases
-----
frame-1m
    ``generate_events(1_000_000)``: one in-memory DataFrame.
chunks-10m
    ``iter_event_chunks(10_000_000, chunk_size=500_000)``; every chunk is generated and dropped.
duckdb-10m
    The same chunks written to a DuckDB file: each chunk goes to Arrow
    (``pa.Table.from_pandas``: UUID objects become ``arrow.uuid``), is registered and inserted into
    ``data(event_id uuid, day date, moment timestamp, cookie_id uuid, value json)``.

Usage::

    python benchmarks/bench_sample_data.py                     # all cases, markdown table
    python benchmarks/bench_sample_data.py --cases frame-1m --events 200000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

CASES = ("frame-1m", "chunks-10m", "duckdb-10m")
DEFAULT_EVENTS = {"frame-1m": 1_000_000, "chunks-10m": 10_000_000, "duckdb-10m": 10_000_000}


def _peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_case(case: str, n_events: int, chunk_size: int) -> dict:
    """Run one case in this process and return its measurements."""
    from objectiv_modelhub.sample_data import generate_events, iter_event_chunks

    baseline = _peak_rss_mb()
    extra: dict = {}
    begin = time.perf_counter()
    if case == "frame-1m":
        frame = generate_events(n_events, seed=0)
        rows = len(frame)
        extra["value_mb"] = round(frame["value"].array._pa_array.nbytes / 2**20)
        del frame
    elif case == "chunks-10m":
        rows = 0
        for chunk in iter_event_chunks(n_events, seed=0, chunk_size=chunk_size):
            rows += len(chunk)
    elif case == "duckdb-10m":
        rows, extra = _write_duckdb(iter_event_chunks(n_events, seed=0, chunk_size=chunk_size))
    else:
        msg = f"unknown case {case!r}; choose from {CASES}"
        raise ValueError(msg)
    seconds = time.perf_counter() - begin
    return {
        "case": case,
        "events": rows,
        "chunk_size": chunk_size if case != "frame-1m" else None,
        "seconds": round(seconds, 1),
        "events_per_s": round(rows / seconds),
        "peak_rss_mb": round(_peak_rss_mb()),
        "rss_after_import_mb": round(baseline),
        **extra,
    }


def _write_duckdb(chunks) -> tuple[int, dict]:
    import duckdb
    import pyarrow as pa

    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "objectiv.duckdb")
        con = duckdb.connect(path)
        con.execute(
            "CREATE TABLE data (event_id UUID NOT NULL, day DATE NOT NULL, moment TIMESTAMP NOT NULL,"
            " cookie_id UUID NOT NULL, value JSON NOT NULL)"
        )
        rows = 0
        for chunk in chunks:
            con.register("chunk", pa.Table.from_pandas(chunk, preserve_index=False))
            con.execute(
                "INSERT INTO data SELECT event_id, day, moment, cookie_id, value FROM chunk"
            )
            con.unregister("chunk")
            rows += len(chunk)
        con.execute("CHECKPOINT")
        (stored,) = con.execute("SELECT count(*) FROM data").fetchall()[0]
        con.close()
        size_mb = os.path.getsize(path) / 2**20
    if stored != rows:
        msg = f"DuckDB holds {stored} rows, {rows} were inserted"
        raise RuntimeError(msg)
    return rows, {"duckdb_file_mb": round(size_mb)}


def _spawn(case: str, n_events: int, chunk_size: int) -> dict:
    """Run a case in a fresh interpreter and parse its JSON line."""
    command = [
        sys.executable,
        __file__,
        "--child",
        case,
        "--events",
        str(n_events),
        "--chunk-size",
        str(chunk_size),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _markdown(results: list[dict]) -> str:
    lines = [
        "| case | events | chunk_size | seconds | events/s | peak RSS (MiB) | notes |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        notes = ", ".join(
            f"{k}={r[k]}" for k in ("rss_after_import_mb", "value_mb", "duckdb_file_mb") if k in r
        )
        lines.append(
            f"| {r['case']} | {r['events']:,} | {r['chunk_size'] or '-'} | {r['seconds']} | "
            f"{r['events_per_s']:,} | {r['peak_rss_mb']:,} | {notes} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--events", type=int, help="override the number of events of every case")
    parser.add_argument("--chunk-size", type=int, default=500_000)
    parser.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_run_case(args.child, args.events, args.chunk_size)))
        return
    results = []
    for case in args.cases:
        result = _spawn(case, args.events or DEFAULT_EVENTS[case], args.chunk_size)
        print(json.dumps(result), file=sys.stderr)
        results.append(result)
    print(_markdown(results))


if __name__ == "__main__":
    main()
