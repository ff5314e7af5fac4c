"""from_pandas(materialization='cte') of a frame too large to inline.

Above ``loading.MAX_INLINE_VALUES`` values the rows never go into the SQL text: DuckDB registers
the frame's Arrow table with the connection, PostgreSQL and BigQuery upload it to a temporary
table. Expected values come from pandas on the same data.
"""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import pytest
from helpers import assert_frame_matches, values
from test_dtypes_roundtrip import DATA, _expected, _pdf

import objectiv_bach as bach
from objectiv_bach import loading
from objectiv_bach.errors import UnsupportedOperationError
from objectiv_bach.types import result_pandas_dtype


def _big(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "k": rng.integers(0, 50, rows),
            "x": rng.random(rows),
            "s": pd.Series(
                np.array(["a", "b", None, "dd"], dtype=object)[rng.integers(0, 4, rows)]
            ),
            "t": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 10**6, rows), "s"),
        }
    )


def test_every_dtype_through_the_large_path(backend, monkeypatch):
    monkeypatch.setattr(loading, "MAX_INLINE_VALUES", 0)
    df = bach.from_pandas(backend, _pdf())
    assert df.dtypes == {name: dtype for name, (_, dtype) in DATA.items()}
    assert "VALUES" not in df.view_sql().upper().replace("SORT_VALUES", "")
    res = df.sort_index().to_pandas()
    for name, (_, dtype) in DATA.items():
        has_nulls = bool(res[name].isna().any())
        assert str(res[name].dtype) == str(result_pandas_dtype(dtype, has_nulls)), name
        assert values(res[name]) == _expected(name), name


def test_large_frame_is_not_inlined(backend):
    pdf = _big(3000)  # 3,000 rows x 5 columns (index included) > MAX_INLINE_VALUES
    assert pdf.size + len(pdf) > loading.MAX_INLINE_VALUES
    df = bach.from_pandas(backend, pdf)
    filtered = df[(df.k < 5) & (df.s != "b")]
    sql = filtered.view_sql()
    assert len(sql) < 2000, sql  # the rows are not in the text
    expected = pdf[(pdf.k < 5) & (pdf.s.notna()) & (pdf.s != "b")]
    expected.index.name = "_index_0"
    assert_frame_matches(filtered, expected)
    # the same frame answers a second, different query (the data stays available)
    counts = df.groupby("k").x.count().to_pandas()
    assert counts.to_dict() == pdf.groupby("k").x.count().to_dict()


def test_small_frame_stays_inline(dialect):
    df = bach.from_pandas(None, pd.DataFrame({"a": [1, 2, 3]}))
    assert "loaded_data__bach_" not in df.view_sql(dialect=dialect)
    assert "3" in df.view_sql(dialect=dialect)


def test_registered_frame_in_duckdb_sql_and_not_elsewhere():
    df = bach.from_pandas(None, _big(3000))
    sql = df[df.k == 1].view_sql()
    assert '"loaded_data__bach_' in sql  # the registered Arrow view, read by a loaded_data CTE
    assert "WITH loaded_data AS" in sql
    with pytest.raises(UnsupportedOperationError, match=r"registered with the 'duckdb'") as info:
        df[df.k == 1].view_sql(dialect="postgres")
    assert "materialization='table'" in str(info.value)


def test_registration_released_with_the_frame():
    import duckdb

    from objectiv_bach.dataframe import _SQL_CACHE
    from objectiv_bach.plan.render import render_plan
    from objectiv_bach.variables import used_variables

    con = duckdb.connect()
    df = bach.from_pandas(con, _big(3000))
    view = df.view_sql().split('"loaded_data__bach_', 1)[1].split('"', 1)[0]
    names = lambda: {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}  # noqa: E731
    assert "loaded_data__bach_" + view in names()
    assert df.k.sum().value == _big(3000).k.sum()
    del df
    _SQL_CACHE.clear()
    render_plan.cache_clear()
    used_variables.cache_clear()
    gc.collect()
    bach.from_pandas(con, pd.DataFrame({"a": [1]})).to_pandas()  # the next statement unregisters
    assert "loaded_data__bach_" + view not in names()
