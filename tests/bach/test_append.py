"""DataFrame.append on every backend, against pandas.concat."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import assert_frame_matches

import objectiv_bach as bach
from objectiv_bach.errors import DtypeError, InvalidArgumentError

HOSTILE = 'it\'s "q" -- ; DROP TABLE x; \\ ü'


@pytest.fixture
def pa():
    return pd.DataFrame(
        {
            "s": ["a", None, HOSTILE],
            "n": pd.array([1, None, 3], dtype="Int64"),
            "f": [0.5, None, 2.0],
        }
    )


@pytest.fixture
def pb():
    return pd.DataFrame({"f": [7.5, None], "n": [1.5, 2.5], "extra": [True, None]}, index=[10, 11])


def _named(frame):
    return frame.rename_axis("_index_0")


@pytest.mark.parametrize("sort", [False, True])
def test_append_aligns_columns(backend, pa, pb, sort):
    a, b = bach.from_pandas(backend, pa), bach.from_pandas(backend, pb)
    got = a.append(b, sort=sort)
    expected = pd.concat([pa, pb], sort=sort)
    assert got.columns == list(expected.columns)
    assert got.dtypes == {"s": "string", "n": "float64", "f": "float64", "extra": "bool"}
    assert_frame_matches(got, _named(expected), with_index=True, check_dtypes=False)


def test_append_list_ignore_index(backend, pa, pb):
    a, b = bach.from_pandas(backend, pa), bach.from_pandas(backend, pb)
    got = a.append([b, a], ignore_index=True)
    assert got.index_columns == []
    expected = pd.concat([pa, pb, pa], ignore_index=True)
    assert_frame_matches(got, expected, with_index=False, check_dtypes=False)


def test_append_aggregated_and_empty(backend, pa):
    a = bach.from_pandas(backend, pa).reset_index(drop=True)
    totals = a.groupby("s").agg({"n": "sum"}).reset_index()
    empty = a[a.n > 100][["s"]]
    got = totals.append([empty]).append(totals[["n_sum"]])
    p_totals = pa.groupby("s", dropna=False).agg(n_sum=("n", "sum")).reset_index()
    expected = pd.concat([p_totals, pa[pa.n > 100][["s"]], p_totals[["n_sum"]]], ignore_index=True)
    assert_frame_matches(got, expected, with_index=False, check_dtypes=False)


def test_append_one_row_to_itself(backend, pa):
    one = pa.iloc[2:]
    a = bach.from_pandas(backend, one)
    assert_frame_matches(a.append(a), _named(pd.concat([one, one])), with_index=True)


def test_append_then_continue(backend, pa, pb):
    a, b = bach.from_pandas(backend, pa), bach.from_pandas(backend, pb)
    both = a.append(b)
    got = both[both.f > 1].groupby("n").f.count()
    p = pd.concat([pa, pb])
    expected = p[p.f > 1].groupby("n").f.count()
    assert_frame_matches(got, expected, check_dtypes=False)


def test_errors(pa, pb):
    a, b = bach.from_pandas(None, pa), bach.from_pandas(None, pb)
    with pytest.raises(DtypeError, match=r"column 's' has the dtypes \['string', 'int64'\]"):
        a.append(b.rename(columns={"n": "s"}).astype({"s": "int64"}))
    with pytest.raises(InvalidArgumentError, match="ignore_index=True"):
        a.append(b.reset_index(drop=True))
    with pytest.raises(InvalidArgumentError, match="takes DataFrames"):
        a.append([pb])


def test_union_sql(dialect, pa, pb):
    a, b = bach.from_pandas(None, pa), bach.from_pandas(None, pb)
    sql = a.append(b).view_sql(dialect=dialect)
    assert sql.count("UNION ALL") == 1
    assert "CAST(NULL AS" in sql
