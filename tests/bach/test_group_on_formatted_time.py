"""Grouping on a formatted timestamp groups on the truncated timestamp and formats the groups.

``groupby(ts.dt.strftime(fmt))`` renders as ``GROUP BY DATE_TRUNC(unit, ts)`` (a day: ``CAST(ts AS
DATE)`` on DuckDB and PostgreSQL) with the text made
from that key, when ``fmt`` tells the truncated values apart (plan/render.py,
``cheap_group_keys``). The groups must be exactly pandas' groups on the formatted text, also for
formats that cannot be rewritten. Expected values come from pandas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.plan.render import truncation_unit


def _data() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 400
    moments = pd.Timestamp("2023-12-30") + pd.to_timedelta(rng.integers(0, 70 * 86400, n), "s")
    moments = pd.Series(moments).mask(rng.random(n) < 0.05)  # some NULL moments
    return pd.DataFrame({"t": moments, "u": rng.integers(0, 30, n)})


@pytest.mark.parametrize(
    "fmt",
    ["%Y-%m-%d", "%Y-%m", "%Y", "%Y-%m-%d %H", "%d/%m/%Y (%a)", "%d", "%m-%d", "%Y %B"],
)
def test_nunique_per_formatted_time(backend, fmt):
    pdf = _data()
    df = bach.from_pandas(backend, pdf)
    got = df.groupby(df.t.dt.strftime(fmt).rename("period")).u.nunique().to_pandas()
    key = pdf.t.dt.strftime(fmt)
    want = pdf.assign(period=key).groupby("period", dropna=False).u.nunique()
    got_d = {(None if pd.isna(k) else k): int(v) for k, v in got.items()}
    want_d = {(None if pd.isna(k) else k): int(v) for k, v in want.items()}
    assert got_d == want_d


@pytest.mark.parametrize(
    ("fmt", "unit"),
    [
        ("%Y-%m-%d", "day"),
        ("%Y%m%d %H:%M:%S", "second"),
        ("%Y-%m-%d %H:%M", "minute"),
        ("%d/%m/%Y (%a)", "day"),
        ("%Y %B", None),  # month names are not required to tell months apart
        ("%B %Y-%m", "month"),
        ("%Y", "year"),
        ("%d", None),  # days of different months share it
        ("%m-%d", None),
        ("%Y-%V", None),  # ISO weeks: not a truncation here
        ("%Y-%m-%d %f", None),  # finer than any unit
        ("100%% %Y", "year"),
    ],
)
def test_truncation_unit(fmt, unit):
    assert truncation_unit(fmt) == unit


def test_sql_groups_on_the_truncated_timestamp():
    pdf = _data()
    df = bach.from_pandas(None, pdf)
    sql = df.groupby(df.t.dt.strftime("%Y-%m-%d").rename("day")).u.nunique().view_sql()
    group_by = sql.split("GROUP BY", 1)[1]
    assert "CAST(t AS DATE)" in group_by and "STRFTIME" not in group_by
    by_day = df.groupby(df.t.dt.strftime("%Y-%m-%d").rename("day")).u.nunique()
    group_by = by_day.view_sql(dialect="postgres").split("GROUP BY", 1)[1]
    assert "CAST(t AS DATE)" in group_by and "TO_CHAR" not in group_by
    sql = df.groupby(df.t.dt.strftime("%Y-%m").rename("m")).u.nunique().view_sql()
    assert "DATE_TRUNC('month', t)" in sql.split("GROUP BY", 1)[1]  # other units: truncated
    sql = df.groupby(df.t.dt.strftime("%d").rename("d")).u.nunique().view_sql()
    assert "STRFTIME(t, '%d')" in sql.split("GROUP BY", 1)[1]
