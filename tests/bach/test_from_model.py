"""DataFrame.from_model (a SQL query as the source) and name_to_column_mapping, on every backend.

Expected values are the hand-written rows of the queries and tables.
"""

from __future__ import annotations

import uuid

import pandas as pd
import pytest
import sqlglot
from helpers import assert_frame_matches, backend_name

import objectiv_bach as bach
from objectiv_bach.errors import (
    ColumnNotFoundError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
)

HOSTILE = "it''s \"q\" -- ; DROP TABLE x; \\ ü"

MODEL = (
    "SELECT 'Snits' AS city, 30 AS km2, 2.5 AS ratio "
    "UNION ALL SELECT 'Drylts', 3, NULL "
    "UNION ALL SELECT 'x', NULL, 1.0"
)
EXPECTED = pd.DataFrame(
    {"city": ["Snits", "Drylts", "x"], "km2": [30, 3, None], "ratio": [2.5, None, 1.0]}
).set_index("city")


def test_model_text_with_dtypes_from_the_database(backend):
    df = bach.DataFrame.from_model(backend, MODEL, index="city")
    assert df.index_dtypes == {"city": "string"}
    assert df.dtypes["km2"] == "int64"
    assert df.dtypes["ratio"] in ("float64", "numeric")
    got = df.astype({"ratio": "float64"})
    assert_frame_matches(got, EXPECTED, with_index=True, check_dtypes=False)
    # later steps build on the model as on any source
    big = df[df.km2 > 10].reset_index()
    assert big.to_pandas().city.tolist() == ["Snits"]


def test_model_as_sqlglot_expression_with_all_dtypes(backend):
    query = sqlglot.parse_one(MODEL)
    df = bach.from_model(
        backend,
        query,
        index=["city"],
        all_dtypes={"city": "string", "km2": "int64", "ratio": "float64"},
    )
    assert df.dtypes == {"km2": "int64", "ratio": "float64"}
    assert_frame_matches(df, EXPECTED, with_index=True, check_dtypes=False)
    assert "sql_model" in df.view_sql()


def test_model_name_to_column_mapping(backend):
    df = bach.DataFrame.from_model(
        backend,
        MODEL,
        index="City Name",
        all_dtypes={"City Name": "string", "Area (km2)": "int64", "ratio": "float64"},
        name_to_column_mapping={"City Name": "city", "Area (km2)": "km2"},
    )
    assert df.index_columns == ["City Name"] and df.columns == ["Area (km2)", "ratio"]
    expected = EXPECTED.rename(columns={"km2": "Area (km2)"}).rename_axis("City Name")
    assert_frame_matches(df, expected, with_index=True, check_dtypes=False)


def test_from_table_name_to_column_mapping(backend):
    name = f"mapped_{uuid.uuid4().hex[:8]}"
    pdf = pd.DataFrame({"user_id": ["a", "b"], "n": [1, 2], "s": [HOSTILE, None]})
    bach.from_pandas(backend, pdf, materialization="table", name=name)
    df = bach.from_table(
        backend,
        name,
        index="User Id",
        name_to_column_mapping={"User Id": "user_id", "Text": "s"},
    )
    assert df.index_columns == ["User Id"]
    assert df.columns == ["_index_0", "n", "Text"]
    expected = pdf.rename(columns={"user_id": "User Id", "s": "Text"}).set_index("User Id")
    expected.insert(0, "_index_0", [0, 1])
    assert_frame_matches(df, expected, with_index=True, check_dtypes=False)
    df["twice"] = df.n * 2
    assert df.sort_index().to_pandas().twice.tolist() == [2, 4]
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        bach.from_table(backend, name, index="a", name_to_column_mapping={"a": "nope"})
    assert backend_name(backend) in ("duckdb", "postgres", "bigquery")


@pytest.mark.parametrize(
    ("model", "error"),
    [
        ("SELECT 1 AS a; SELECT 2 AS a", InvalidArgumentError),
        ("CREATE TABLE t (a INT)", InvalidArgumentError),
        ("SELECT FROM WHERE (", InvalidArgumentError),
        (42, InvalidArgumentTypeError),
    ],
)
def test_bad_models(model, error):
    with pytest.raises(error):
        bach.DataFrame.from_model(None, model, index=[])


def test_bad_mapping():
    with pytest.raises(InvalidArgumentTypeError):
        bach.DataFrame.from_model(None, MODEL, index="city", name_to_column_mapping={"a": 1})
    with pytest.raises(InvalidArgumentError, match="two Series names"):
        bach.DataFrame.from_model(
            None, MODEL, index="city", name_to_column_mapping={"a": "km2", "b": "km2"}
        )


def test_model_sql_for_each_dialect(dialect):
    df = bach.DataFrame.from_model(
        None,
        "SELECT 'a' AS g, 1 AS n",
        index="g",
        all_dtypes={"g": "string", "n": "int64"},
    )
    sql = df.view_sql(dialect=dialect)
    assert sql.startswith("WITH sql_model AS (")
