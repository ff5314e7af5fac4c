"""Wrong input raises a BachError subclass whose message names the offender."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import BachError


@pytest.fixture
def df(backend):
    return bach.from_pandas(
        backend,
        pd.DataFrame(
            {
                "a": [1, 2],
                "s": ["x", "y"],
                "d": [datetime.date(2022, 1, 1), datetime.date(2022, 1, 2)],
            }
        ),
    )


def test_unknown_column(df):
    with pytest.raises(bach.ColumnNotFoundError, match="no_such_col"):
        df["no_such_col"]
    with pytest.raises(bach.ColumnNotFoundError, match="other_col"):
        df[["a", "other_col"]]
    with pytest.raises(bach.ColumnNotFoundError, match="gone"):
        del df["gone"]
    with pytest.raises(bach.ColumnNotFoundError, match="missing_key"):
        df.groupby("missing_key")
    with pytest.raises(bach.ColumnNotFoundError, match="sort_key"):
        df.sort_values("sort_key")
    with pytest.raises(AttributeError, match="nope"):
        df.nope  # noqa: B018
    assert issubclass(bach.ColumnNotFoundError, KeyError)


def test_dtype_errors(df):
    with pytest.raises(bach.DtypeError, match="'d'|date"):
        df.d + "x"  # noqa: B018
    with pytest.raises(bach.DtypeError, match="'s'"):
        df.s - 1  # noqa: B018
    with pytest.raises(bach.DtypeError, match="'a'"):
        ~df.a  # noqa: B018
    with pytest.raises(bach.DtypeError, match="uuid|date"):
        df.d.astype("uuid")
    with pytest.raises(bach.DtypeError, match="not_a_dtype"):
        df.a.astype("not_a_dtype")
    with pytest.raises(bach.DtypeError, match="'a'"):
        df[df.a]  # noqa: B018


def test_unstorable_pandas_dtype(backend):
    with pytest.raises(bach.DtypeError, match="'c'.*complex"):
        bach.from_pandas(backend, pd.DataFrame({"c": [1 + 2j, 3 + 0j]}))
    with pytest.raises(bach.DtypeError, match="'m'"):
        bach.from_pandas(backend, pd.DataFrame({"m": [1, "x"]}, dtype=object))
    with pytest.raises(bach.DtypeError, match="'n'"):
        bach.from_pandas(backend, pd.DataFrame({"n": [None, None]}, dtype=object))


def test_bad_dialect_name(df):
    with pytest.raises(bach.InvalidArgumentError, match="'oracle'"):
        df.view_sql(dialect="oracle")


def test_bad_merge_how(df):
    with pytest.raises(bach.InvalidArgumentError, match="'sideways'"):
        df.merge(df, on="a", how="sideways")
    with pytest.raises(bach.ColumnNotFoundError, match="'zz'"):
        df.merge(df, on="zz")


def test_bad_arguments(df):
    with pytest.raises(bach.InvalidArgumentError, match="'sometimes'"):
        bach.from_pandas(df.engine, pd.DataFrame({"a": [1]}), materialization="sometimes")
    with pytest.raises(bach.InvalidArgumentError):
        df[1]  # noqa: B018
    with pytest.raises(bach.InvalidArgumentError, match="ascending"):
        df.sort_values(["a", "s"], ascending=[True])
    with pytest.raises(bach.InvalidArgumentError, match="'median_ish'"):
        df.groupby("s").agg("median_ish")
    with pytest.raises(bach.InvalidArgumentError):
        bool(df.a > 1)


def test_every_error_is_a_bach_error():
    for cls in (
        bach.ColumnNotFoundError,
        bach.DtypeError,
        bach.InvalidArgumentError,
        bach.UnsupportedOperationError,
    ):
        assert issubclass(cls, BachError)
