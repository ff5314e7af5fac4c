"""Savepoints (set_savepoint, savepoints, Savepoints.write_to_db ...) on every backend.

Expected values: the SQL of a savepoint is its frame's ``view_sql``; what write_to_db creates
holds the frame's rows (compared with pandas).
"""

from __future__ import annotations

import uuid

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.errors import InvalidArgumentError, TableExistsError
from objectiv_bach.savepoints import CreatedObject, Savepoints

HOSTILE = 'it\'s "q" -- ; DROP TABLE x; \\ ü'


@pytest.fixture
def pdf():
    return pd.DataFrame({"g": ["a", "b", "a", HOSTILE], "x": [1, 5, 9, 3]})


def _name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def test_list_and_sql_per_dialect(pdf, dialect):
    df = bach.from_pandas(None, pdf)
    df.set_savepoint("raw")
    big = df[df.x > 2]
    big.set_savepoint("big", materialization="view")
    totals = big.groupby("g").agg({"x": "sum"})
    totals.set_savepoint("totals", materialization="TABLE")
    points = totals.savepoints
    assert isinstance(points, Savepoints) and points is df.savepoints
    assert points.names == ["raw", "big", "totals"]
    assert [e.materialization for e in points.all] == ["cte", "view", "table"]
    sql = points.to_sql(dialect)
    assert sql == {
        "raw": df.view_sql(dialect=dialect),
        "big": big.view_sql(dialect=dialect),
        "totals": totals.view_sql(dialect=dialect),
    }
    creates = points.get_create_statements(dialect)
    assert list(creates) == ["big", "totals"]
    assert creates["big"].startswith("CREATE VIEW big AS")
    assert creates["totals"].startswith("CREATE TABLE totals AS")
    drops = points.get_drop_statements(dialect)
    assert list(drops) == ["totals", "big"]
    assert drops["big"] == "DROP VIEW IF EXISTS big"


def test_manage_entries(pdf):
    df = bach.from_pandas(None, pdf)
    df.set_savepoint("one")
    df.set_savepoint("one")  # the same state again: nothing happens
    with pytest.raises(InvalidArgumentError, match="different savepoint named 'one'"):
        df[df.x > 1].set_savepoint("one")
    with pytest.raises(InvalidArgumentError, match=r"\^\[a-zA-Z0-9_\]\+\$"):
        df.set_savepoint("no spaces")
    with pytest.raises(InvalidArgumentError, match="'cte', 'view', 'table'"):
        df.set_savepoint("two", materialization="ephemeral")
    df.savepoints.set_materialization("one", "view")
    assert df.savepoints.all[0].materialization == "view"
    assert df.savepoints.get_df("one").to_pandas().x.tolist() == pdf.x.tolist()
    df.savepoints.remove_savepoint("one")
    assert df.savepoints.names == []
    with pytest.raises(InvalidArgumentError, match="No savepoint named 'one'"):
        df.savepoints.get_df("one")
    assert "entries: 0" in str(df.savepoints)


def test_savepoints_follow_derived_frames(pdf):
    df = bach.from_pandas(None, pdf)
    other = bach.from_pandas(None, pdf)
    df.set_savepoint("start")
    merged = df.merge(other, left_index=True, right_index=True)
    described = df.describe()
    assert merged.savepoints.names == ["start"]
    assert df.materialize(materialization="temp_table").savepoints.names == ["start"]
    name = f"sp_created_{uuid.uuid4().hex[:8]}"
    assert df.database_create_table(name).savepoints is df.savepoints
    assert described.savepoints.names == ["start"]
    assert other.savepoints.names == []


def test_write_to_db_never_overwrites_unless_asked(backend, pdf):
    view, table = _name("sp_view"), _name("sp_table")
    df = bach.from_pandas(backend, pdf)
    df, low = df.create_variable("low", 2)
    big = df[df.x > low]
    big.set_savepoint(view, materialization="view")
    totals = big.groupby("g").agg({"x": "sum"})
    totals.set_savepoint(table, materialization="table")
    df.set_savepoint("not_written")
    created = df.savepoints.write_to_db()
    assert created == [CreatedObject(view, "view"), CreatedObject(table, "table")]

    expected_big = pdf[pdf.x > 2].rename_axis("_index_0")
    assert_frame_matches(
        df.savepoints.get_materialized_df(view), expected_big, with_index=True, check_dtypes=False
    )
    expected_totals = pdf[pdf.x > 2].groupby("g").agg(x_sum=("x", "sum"))
    read = df.savepoints.get_materialized_df(table)
    assert read.dtypes == totals.dtypes
    assert_frame_matches(read, expected_totals, with_index=True, check_dtypes=False)

    with pytest.raises(TableExistsError, match=r"overwrite=True"):
        df.savepoints.write_to_db()
    # with overwrite=True both are replaced by the current states
    df.savepoints.remove_savepoint(view)
    big.set_variable("low", 4).set_savepoint(view, materialization="view")
    assert df.savepoints.write_to_db(overwrite=True) == [
        CreatedObject(table, "table"),
        CreatedObject(view, "view"),
    ]
    assert_frame_matches(
        df.savepoints.get_materialized_df(view),
        pdf[pdf.x > 4].rename_axis("_index_0"),
        with_index=True,
        check_dtypes=False,
    )
    assert df.savepoints.get_materialized_df("not_written").to_pandas().x.tolist() == [1, 5, 9, 3]
