"""DataFrame.get_sample / get_unsampled on every backend.

Expected values: the rows of a sample are a subset of the data (checked against pandas), a seeded
sample is the same on two calls, a filter sample equals ``df[filter]`` (pandas), and the steps
done after sampling, replayed by ``get_unsampled()``, equal the same steps on the full frame
(pandas on the full data).
"""

from __future__ import annotations

import uuid

import pandas as pd
import pytest
from helpers import assert_frame_matches, backend_name

import objectiv_bach as bach
from objectiv_bach.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    TableExistsError,
)

HOSTILE = 'it\'s "q" -- ; DROP TABLE x; \\ ü'


def _pdf() -> pd.DataFrame:
    n = 120
    return pd.DataFrame(
        {
            "g": [["a", "b", None, HOSTILE][i % 4] for i in range(n)],
            "x": pd.array([None if i % 17 == 0 else i for i in range(n)], dtype="Int64"),
            "f": [i / 8 for i in range(n)],
        }
    )


@pytest.fixture
def pdf():
    return _pdf()


@pytest.fixture(scope="module")
def pdf_table(module_backend) -> str:
    """The data uploaded once per backend as a table (the tests only read it).

    A table, not the inline literal of ``from_pandas``: the emulator takes seconds to run each
    query that carries 120 inline rows, and every sample writes a table from such a query.
    """
    name = _name("pdf")
    bach.from_pandas(module_backend, _pdf(), materialization="table", name=name)
    return name


@pytest.fixture
def df(module_backend, pdf_table):
    return bach.DataFrame.from_table(module_backend, pdf_table, index="_index_0")


def _name(prefix: str = "sample") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def _rows(frame):
    return frame.to_pandas().sort_index()


def test_seeded_sample_is_reproducible(df, pdf):
    first = _rows(df.get_sample(_name(), sample_percentage=30, seed=7))
    second = _rows(df.get_sample(_name(), sample_percentage=30, seed=7))
    other_seed = _rows(df.get_sample(_name(), sample_percentage=30, seed=8))
    pd.testing.assert_frame_equal(first, second)
    assert not first.index.equals(other_seed.index)
    # about 30% of 120 rows, all of them rows of the data
    assert 15 < len(first) < 60
    full = pdf.rename_axis("_index_0")
    assert_frame_matches(first, full.loc[first.index], with_index=True, check_dtypes=False)


def test_unseeded_sample_is_a_subset(df, pdf):
    got = _rows(df.get_sample(_name(), sample_percentage=50))
    assert 30 < len(got) < 90
    full = pdf.rename_axis("_index_0")
    assert_frame_matches(got, full.loc[got.index], with_index=True, check_dtypes=False)


def test_filter_sample_equals_filtered_frame(df, pdf):
    sample = df.get_sample(_name(), filter=(df.x > 100) | (df.g == HOSTILE))
    expected = pdf[(pdf.x > 100).fillna(False) | (pdf.g == HOSTILE)].rename_axis("_index_0")
    assert_frame_matches(sample, expected, with_index=True)
    assert sample.dtypes == df.dtypes


def test_filter_and_seeded_percentage(df, pdf):
    one = _rows(df.get_sample(_name(), filter=df.f < 10, sample_percentage=50, seed=3))
    two = _rows(df.get_sample(_name(), filter=df.f < 10, sample_percentage=50, seed=3))
    pd.testing.assert_frame_equal(one, two)
    assert 0 < len(one) < 80 and (one.f < 10).all()


def test_unsampled_replays_the_steps_on_all_data(df, pdf):
    sample = df.get_sample(_name(), sample_percentage=40, seed=1)
    sample["y"] = sample.x * 2 + 1
    sample = sample[sample.f > 3]
    totals = sample.groupby("g").agg({"y": "sum", "f": "max"})
    assert totals.to_pandas().y_sum.sum() < 2 * (pdf.x.sum() + len(pdf))  # a part of the data

    full = totals.get_unsampled()
    expected = pdf.assign(y=pdf.x * 2 + 1)
    expected = expected[expected.f > 3]
    expected = expected.groupby("g", dropna=False).agg(y_sum=("y", "sum"), f_max=("f", "max"))
    assert_frame_matches(full, expected, with_index=True, check_dtypes=False)
    # the same as doing the same steps on the full frame
    same = df.copy()
    same["y"] = same.x * 2 + 1
    same = same[same.f > 3].groupby("g").agg({"y": "sum", "f": "max"})
    pd.testing.assert_frame_equal(full.to_pandas().sort_index(), same.to_pandas().sort_index())


def test_unsampled_of_a_grouped_frame_and_of_a_sample_of_a_sample(df, pdf):
    sample = df.get_sample(_name(), sample_percentage=50, seed=11)
    smaller = sample.get_sample(_name(), filter=sample.x < 60)
    grouped = smaller.groupby("g")
    counts = grouped.x.count().to_frame()
    assert counts.to_pandas().x.sum() < 60
    expected = pdf.groupby("g", dropna=False).agg(x=("x", "count"))
    assert_frame_matches(counts.get_unsampled(), expected, with_index=True, check_dtypes=False)
    regrouped = smaller.groupby("g").get_unsampled()
    assert_frame_matches(
        regrouped.x.count().to_frame(), expected, with_index=True, check_dtypes=False
    )


def test_sample_keeps_sort_order_and_variables(df, pdf):
    df, limit = df.create_variable("limit", 60)
    df = df[df.x < limit].sort_values("x", ascending=False)
    sample = df.get_sample(_name(), sample_percentage=60, seed=5)
    values = sample.x.to_pandas().tolist()
    assert values == sorted(values, reverse=True)
    full = sample.set_variable("limit", 10).get_unsampled()
    assert full.x.to_frame().set_variable("limit", 10).to_pandas().x.tolist() == [
        v for v in range(9, -1, -1) if v % 17
    ]


def test_existing_table_is_never_overwritten_silently(module_backend, df, pdf):
    name = _name()
    first = df.get_sample(name, filter=df.x < 10)
    with pytest.raises(TableExistsError, match=r"overwrite=True") as info:
        df.get_sample(name, filter=df.x < 20)
    assert repr(name) in str(info.value)
    assert len(first.to_pandas()) == 9  # x in 1..9 (0 is NULL)
    second = df.get_sample(name, filter=df.x < 20, overwrite=True)
    assert len(second.to_pandas()) == 18
    assert len(bach.from_table(module_backend, name, index="_index_0").to_pandas()) == 18


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, InvalidArgumentError),
        ({"sample_percentage": 0}, InvalidArgumentError),
        ({"sample_percentage": 150}, InvalidArgumentError),
        ({"sample_percentage": "10"}, InvalidArgumentError),
        ({"sample_percentage": 10, "seed": 1.5}, InvalidArgumentTypeError),
    ],
)
def test_bad_arguments(kwargs, error):
    df = bach.from_pandas(None, pd.DataFrame({"x": [1, 2]}))
    with pytest.raises(error):
        df.get_sample(_name(), **kwargs)


def test_bad_filter_and_not_sampled():
    df = bach.from_pandas(None, pd.DataFrame({"x": [1, 2]}))
    with pytest.raises(InvalidArgumentTypeError, match="bool Series"):
        df.get_sample(_name(), filter=df.x)
    with pytest.raises(InvalidArgumentError, match="not based on a sample"):
        df.get_unsampled()


def test_hash_sample_renders_for_every_dialect(dialect):
    from objectiv_bach.sample import sample_frame

    df = bach.from_pandas(None, pd.DataFrame({"x": [1, 2], "s": [HOSTILE, None]}))
    source, rows = sample_frame(df, sample_percentage=12.5, seed=99)
    sql = rows.view_sql(dialect=dialect)
    assert "125000" in sql and "99" in sql
    assert source.columns == rows.columns


def test_sample_runs_on_backend_sql(module_backend):
    """The seeded sample's SQL is the dialect's, and it runs there (BigQuery: analyzer too)."""
    backend = module_backend
    name = _name("fifty")
    bach.from_pandas(
        backend, pd.DataFrame({"x": list(range(50))}), materialization="table", name=name
    )
    df = bach.DataFrame.from_table(backend, name, index="_index_0")
    sample = df.get_sample(_name(), sample_percentage=40, seed=2)
    got = sorted(sample.x.to_pandas().tolist())
    again = sorted(df.get_sample(_name(), sample_percentage=40, seed=2).x.to_pandas().tolist())
    assert got == again and 5 < len(got) < 35
    assert set(got) <= set(range(50))
    assert backend_name(backend) in ("duckdb", "postgres", "bigquery")
