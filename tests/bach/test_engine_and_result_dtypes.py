"""df.engine is a SQLAlchemy Engine (as the original), and to_pandas() dtypes follow pandas' read_sql.

The oracle for the dtypes is pandas itself: ``pandas.read_sql(df.view_sql(), df.engine)`` runs the
very query ``to_pandas()`` runs, through the Engine ``df.engine`` gives.
"""

from __future__ import annotations

import datetime
import uuid

import duckdb
import numpy as np
import pandas as pd
import pytest
import sqlalchemy
from helpers import values

import objectiv_bach as bach
from objectiv_bach.backends import get_backend
from objectiv_bach.errors import InvalidArgumentError
from objectiv_bach.types import to_result_dtype

#: columns without NULLs and with NULLs, of the dtypes whose pandas dtype depends on NULLs
PDF = pd.DataFrame(
    {
        "i": [1, -(2**40), 3],
        "i_null": pd.array([1, None, 3], dtype="Int64"),
        "b": [True, False, True],
        "b_null": pd.array([True, None, False], dtype="boolean"),
        "f": [1.5, 2.0, -0.25],
        "f_null": [1.5, None, -0.25],
        "s": ["a", "b", "c"],
        "s_null": ["a", None, "c"],
    }
)


def _frame(engine):
    return bach.from_pandas(engine, PDF).sort_index()


def test_engine_is_a_sqlalchemy_engine_of_the_same_backend(backend):
    df = _frame(backend)
    engine = df.engine
    assert isinstance(engine, sqlalchemy.Engine)
    assert engine.url.get_backend_name() in {"duckdb", "postgresql", "bigquery"}
    assert engine.url.get_backend_name().startswith(backend.name[:4])
    assert get_backend(engine) is backend  # passing it back runs on the same backend
    assert df.engine is engine  # made once per backend
    again = bach.from_pandas(df.engine, PDF)
    assert values(again.i.sort_index()) == PDF.i.tolist()


def test_read_sql_on_df_engine_gives_the_same_rows(backend):
    df = _frame(backend)
    read = pd.read_sql(df.view_sql(), df.engine)
    ours = df.to_pandas().reset_index(drop=True)
    for name in PDF.columns:
        assert values(read[name]) == values(ours[name]), name


def test_default_dtypes_are_read_sqls(backend):
    """int64/bool without NULLs, float64 (NaN) / object (None) with NULLs: as pandas' read_sql."""
    df = _frame(backend)
    ours = df.to_pandas().reset_index(drop=True)
    assert {n: str(t) for n, t in ours.dtypes.items()} == {
        "i": "int64",
        "i_null": "float64",
        "b": "bool",
        "b_null": "object",
        "f": "float64",
        "f_null": "float64",
        "s": "str",
        "s_null": "str",
    }
    assert ours.b_null.tolist() == [True, None, False]  # None, as read_sql, not pd.NA
    assert np.isnan(ours.i_null[1])
    read = pd.read_sql(df.view_sql(), df.engine)
    for name in ("i", "i_null", "b", "f", "f_null", "s", "s_null"):
        assert str(ours[name].dtype) == str(read[name].dtype), name
    assert ours.b_null.dtype == read.b_null.dtype == object


@pytest.mark.parametrize("dtype_backend", ["numpy_nullable", "pyarrow"])
def test_dtype_backend_as_pandas(backend, dtype_backend):
    df = _frame(backend)
    ours = df.to_pandas(dtype_backend=dtype_backend).reset_index(drop=True)
    expected = PDF.convert_dtypes(dtype_backend=dtype_backend)
    for name in PDF.columns:
        # pandas' own conversion of the same data is the oracle for the dtype
        assert str(ours[name].dtype) == str(expected[name].dtype), name
        assert values(ours[name]) == values(expected[name]), name
    # exact: ints keep all their digits (no float64 on the way)
    assert ours.i.tolist()[1] == -(2**40)
    series = df.i_null.to_pandas(dtype_backend=dtype_backend)
    assert str(series.dtype) == str(expected.i_null.dtype)


def test_index_keeps_its_dtype(backend):
    df = bach.from_pandas(backend, PDF).set_index("i").sort_index()
    assert str(df.to_pandas().index.dtype) == "int64"
    assert str(df.to_pandas(dtype_backend="numpy_nullable").index.dtype) == "Int64"


def test_unknown_dtype_backend():
    df = bach.from_pandas(None, PDF)
    with pytest.raises(InvalidArgumentError, match="dtype_backend='arrow'.*numpy_nullable"):
        df.to_pandas(dtype_backend="arrow")
    with pytest.raises(ValueError):
        df.i.to_pandas(dtype_backend="")


def test_engine_of_a_native_duckdb_connection_is_that_connection():
    connection = duckdb.connect()
    connection.execute("CREATE TEMP TABLE seen AS SELECT 7 AS x")
    df = bach.from_pandas(connection, PDF)
    engine = df.engine
    assert isinstance(engine, sqlalchemy.Engine)
    assert engine.url.get_backend_name() == "duckdb"
    # the same connection: a temporary table of the connection is visible through the Engine
    assert pd.read_sql("SELECT x FROM seen", engine).x.tolist() == [7]
    with engine.begin() as c:
        c.execute(sqlalchemy.text("CREATE TABLE made AS SELECT 8 AS y"))
    assert connection.execute("SELECT y FROM made").fetchall() == [(8,)]
    assert get_backend(engine) is get_backend(connection)
    # a frame made on df.engine is on the same engine: they merge in one query
    other = bach.from_pandas(engine, pd.DataFrame({"i": PDF.i, "y": [5, 6, 7]}))
    merged = df[["i"]].merge(other, on="i").sort_values("i").to_pandas()
    assert merged.y.tolist() == [6, 5, 7]
    engine.dispose()  # never closes the user's connection
    assert connection.execute("SELECT 1").fetchall() == [(1,)]


def test_engine_of_none_is_the_default_in_memory_duckdb():
    df = bach.from_pandas(
        None, PDF, materialization="table", name="engine_default", if_exists="replace"
    )
    assert get_backend(df.engine) is get_backend(None)
    assert pd.read_sql("SELECT SUM(i) AS s FROM engine_default", df.engine).s.tolist() == [
        PDF.i.sum()
    ]


def test_engine_given_or_url_comes_back():
    engine = sqlalchemy.create_engine("duckdb:///:memory:")
    df = bach.from_pandas(engine, PDF)
    assert df.engine is engine
    url_frame = bach.from_pandas("duckdb:///:memory:", PDF)
    assert isinstance(url_frame.engine, sqlalchemy.Engine)
    assert url_frame.engine is bach.from_pandas("duckdb:///:memory:", PDF).engine
    assert url_frame.engine.url.database == ":memory:"


#: every dtype with a pandas form of its own, with and without NULLs
MIXED = pd.DataFrame(
    {
        "k": [3, 1, 2, 2],
        "g": ["x", "y", None, "y"],
        "i": [1, -(2**40), 3, 0],
        "i_null": pd.array([1, None, 3, None], dtype="Int64"),
        "b": [True, False, True, True],
        "b_null": pd.array([True, None, False, None], dtype="boolean"),
        "f": [1.5, float("nan"), -0.25, 0.0],
        "s": ["a", "", None, "é"],
        "d": [
            datetime.date(2020, 1, 31),
            None,
            datetime.date(1999, 12, 31),
            datetime.date(2020, 2, 1),
        ],
        "t": pd.to_datetime(
            ["2020-01-01 10:00:00.000001", None, "2021-06-30 00:00:00", "1970-01-01 00:00:00"],
            format="ISO8601",
        ),
        "td": pd.to_timedelta(["1 days 00:00:01", None, "-2 hours", "0s"]),
        "u": [uuid.UUID(int=1), None, uuid.UUID(int=2**128 - 1), uuid.UUID(int=7)],
    }
)


def _reference_to_pandas(df, dtype_backend):
    """to_pandas() as the exact result, each column converted on its own, then set_index."""
    flat = df._flat_result()
    dtypes = [s.instance_dtype for s in df.all_series.values()]
    columns = [
        to_result_dtype(flat.iloc[:, i], dtype, dtype_backend) for i, dtype in enumerate(dtypes)
    ]
    frame = pd.DataFrame(dict(enumerate(columns))).set_axis(flat.columns, axis=1)
    return frame.set_index(list(df.index)) if df.index else frame


@pytest.mark.parametrize("dtype_backend", ["numpy", "numpy_nullable", "pyarrow"])
@pytest.mark.parametrize("index", [[], ["k"], ["k", "g"]], ids=["no_index", "one", "two"])
def test_to_pandas_equals_the_exact_result_converted(backend, dtype_backend, index):
    """The one-step Arrow -> result conversion gives what the step-by-step one gives."""
    df = bach.from_pandas(backend, MIXED)
    df = df.reset_index(drop=True).set_index(index) if index else df.reset_index(drop=True)
    df = df.sort_values(["k", "i"])
    for frame in (df, df[df.i > 10**6]):  # with rows, and none
        ours = frame.to_pandas(dtype_backend=dtype_backend)
        expected = _reference_to_pandas(frame, dtype_backend)
        pd.testing.assert_frame_equal(ours, expected, check_exact=True)
        assert len(ours) == (4 if frame is df else 0)
    # a Series with the index of its frame
    series = df.i_null.to_pandas(dtype_backend=dtype_backend)
    pd.testing.assert_series_equal(series, _reference_to_pandas(df, dtype_backend).i_null)
    if dtype_backend == "numpy":
        assert str(series.dtype) == "float64" and series.isna().sum() == 2
