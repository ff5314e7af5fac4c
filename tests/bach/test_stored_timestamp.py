"""A table column stored as BigQuery's ``TIMESTAMP`` (not ``DATETIME``) read as Bach's timestamp.

Bach's ``timestamp`` is ``DATETIME`` on BigQuery and its SQL is written for that type
(``DATETIME_DIFF``, ``FORMAT_DATETIME``, ``DATETIME`` literals), which BigQuery rejects for a
``TIMESTAMP`` operand. ``from_table`` (and ``from_model``) read such a column through a cast to
``DATETIME`` (its UTC time). On BigQuery the table is rewritten with ``TIMESTAMP(t)`` columns;
on DuckDB and PostgreSQL the columns stay naive timestamps, so the same operations are
checked everywhere against pandas. The zetasql analyzer sees the TIMESTAMP schema.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlglot
from helpers import assert_frame_matches, backend_name
from sqlglot import exp

import objectiv_bach as bach

MOMENTS = pd.DataFrame(
    {
        "id": [1, 2, 3, 4, 5],
        "t": pd.to_datetime(
            [
                "2022-03-01 09:15:30.123456",
                "1999-12-31 23:59:59",
                "2024-02-29 00:00:00.5",
                "2022-03-01 09:15:30.123456",
                None,
            ],
            format="ISO8601",
        ),
        "t2": pd.to_datetime(
            [
                "2022-02-28 10:00:00",
                "1999-12-31 23:59:58",
                "2024-02-29 00:00:00.5",
                "2022-03-01 09:15:30.123455",
                "2022-01-01 00:00:00",
            ],
            format="ISO8601",
        ),
    }
)
CUT = dt.datetime(2022, 3, 1)


def stored_table(backend) -> str:
    """``moments``: MOMENTS with ``t``/``t2`` as TIMESTAMP on BigQuery (as they are elsewhere)."""
    frame = bach.from_pandas(backend, MOMENTS, materialization="cte")
    frame.reset_index(drop=True).database_create_table("moments_naive")
    if backend_name(backend) != "bigquery":
        return "moments_naive"
    source = backend.table_ref("moments_naive")
    target = backend.table_ref("moments")
    select = exp.select(
        "id",
        exp.func("TIMESTAMP", exp.column("t")).as_("t"),
        exp.func("TIMESTAMP", exp.column("t2")).as_("t2"),
    ).from_(source)
    create = exp.Create(this=target, kind="TABLE", expression=select)
    backend.execute(create.sql(dialect="bigquery"))
    assert [f.field_type for f in backend.client.get_table(backend._id(target)).schema] == [
        "INTEGER",
        "TIMESTAMP",
        "TIMESTAMP",
    ]
    return "moments"


def operations(df: bach.DataFrame) -> bach.DataFrame:
    out = df[["t"]]
    out["year"] = df.t.dt.year
    out["month"] = df.t.dt.month
    out["day"] = df.t.dt.day
    out["hour"] = df.t.dt.hour
    out["second"] = df.t.dt.second
    out["microsecond"] = df.t.dt.microsecond
    out["dayofweek"] = df.t.dt.dayofweek
    out["after_cut"] = df.t > CUT
    out["not_before_t2"] = df.t >= df.t2
    out["same"] = df.t == df.t2
    out["elapsed"] = df.t - df.t2
    # seconds, not an interval: bqemulator reads a negative INTERVAL back positive (README)
    out["since_cut"] = (df.t - CUT).dt.total_seconds
    out["text"] = df.t.dt.strftime("%Y-%m-%d %H:%M:%S")
    out["date"] = df.t.astype("date")
    return out


def expected() -> pd.DataFrame:
    t, t2 = MOMENTS.t, MOMENTS.t2
    out = pd.DataFrame({"id": MOMENTS.id, "t": t})
    for part in ("year", "month", "day", "hour", "second", "microsecond"):
        out[part] = getattr(t.dt, part).astype("Int64")
    out["dayofweek"] = t.dt.day_of_week.astype("Int64")
    out["after_cut"] = (t > CUT).astype("boolean").mask(t.isna())
    out["not_before_t2"] = (t >= t2).astype("boolean").mask(t.isna())
    out["same"] = (t == t2).astype("boolean").mask(t.isna())
    out["elapsed"] = t - t2
    out["since_cut"] = (t - CUT).dt.total_seconds()
    out["text"] = t.dt.strftime("%Y-%m-%d %H:%M:%S").where(t.notna(), None)
    out["date"] = t.dt.date.where(t.notna(), None)
    return out.set_index("id")


def test_timestamp_column_operations_match_pandas(backend):
    table = stored_table(backend)
    df = bach.DataFrame.from_table(backend, table, index="id")
    assert df.dtypes == {"t": "timestamp", "t2": "timestamp"}
    assert_frame_matches(operations(df), expected(), check_dtypes=False)
    # to_pandas of the column itself: naive datetime64 values (UTC), not tz-aware ones
    got = df.t.sort_index().to_pandas()
    assert str(got.dtype).startswith("datetime64")
    assert got.tolist()[:4] == MOMENTS.t.tolist()[:4]
    # a query over the table (from_model) reads the column the same way
    query = sqlglot.select("id", "t", "t2").from_(backend.table_ref(table))
    model = bach.DataFrame.from_model(backend, query, index="id")
    assert_frame_matches(operations(model), expected(), check_dtypes=False)


def test_from_epoch_units_match_pandas(backend):
    """``SeriesTimestamp.from_epoch`` for each unit against ``pandas.to_datetime(unit=...)``."""
    counts = pd.DataFrame(
        {
            "s": [0.0, 1651234567.25, -1.5],
            "ms": [0, 1651234567891, -86_400_001],
            "us": [0, 1651234567891234, -1],
        }
    )
    df = bach.from_pandas(backend, counts)
    out = df[[]]
    for unit in counts.columns:
        out[unit] = bach.SeriesTimestamp.from_epoch(df[unit], unit=unit)
    expected = pd.DataFrame({u: pd.to_datetime(counts[u], unit=u) for u in counts.columns})
    assert_frame_matches(out, expected.rename_axis("_index_0"), with_index=True)


def test_from_epoch_refuses_other_units_and_dtypes():
    df = bach.from_pandas(None, pd.DataFrame({"n": [1], "t": ["x"]}))
    with pytest.raises(ValueError, match=r"unit='ns'.*'s', 'ms', 'us'"):
        bach.SeriesTimestamp.from_epoch(df.n, unit="ns")
    with pytest.raises(TypeError, match="'string'"):
        bach.SeriesTimestamp.from_epoch(df.t, unit="ms")
