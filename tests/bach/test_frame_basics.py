"""DataFrame basics on every backend: columns, casts, filters, slices, sorting, index.

Every expectation is computed by pandas from the same input data.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest
from helpers import assert_frame_matches, values

import objectiv_bach as bach


def _pdf() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "g": ["a", "b", "a", "c", "b", "a"],
            "x": pd.array([1, 2, None, 4, 5, 6], dtype="Int64"),
            "y": [1.5, -2.5, 3.25, None, 0.0, 10.0],
            "s": ["one", "two", None, "four", "five", "six"],
            "k": [6, 5, 4, 3, 2, 1],
        }
    )


@pytest.fixture
def pdf() -> pd.DataFrame:
    return _pdf()


@pytest.fixture
def df(backend, pdf):
    return bach.from_pandas(backend, pdf)


def test_column_access_attribute_and_list(df, pdf):
    assert df.columns == list(pdf.columns)
    assert values(df["x"].sort_index()) == values(pdf["x"])
    assert values(df.s.sort_index()) == values(pdf["s"])
    assert_frame_matches(df[["k", "g"]], pdf[["k", "g"]])


def test_assign_literal_expression_and_del(df, pdf):
    df["lit"] = 7
    df["z"] = df.k * 2 + df.x
    df["txt"] = "hi"
    del df["s"]
    expected = pdf.drop(columns=["s"]).assign(lit=7, z=pdf.k * 2 + pdf.x, txt="hi")
    expected["lit"] = expected["lit"].astype("Int64")
    assert df.columns == ["g", "x", "y", "k", "lit", "z", "txt"]
    assert_frame_matches(df, expected)


def test_assign_list_of_keys(df, pdf):
    df[["p", "q"]] = [df.k + 1, df.k - 1]
    assert_frame_matches(df[["p", "q"]], pd.DataFrame({"p": pdf.k + 1, "q": pdf.k - 1}))


def test_overwrite_existing_column(df, pdf):
    df["x"] = df.x * 10
    assert_frame_matches(df[["x"]], pd.DataFrame({"x": pdf.x * 10}))


def test_rename_and_drop(df, pdf):
    renamed = df.rename(columns={"x": "xx", "s": "text"}).drop(columns=["y"])
    expected = pdf.rename(columns={"x": "xx", "s": "text"}).drop(columns=["y"])
    assert_frame_matches(renamed, expected)


def test_astype_float_to_int_truncates(backend):
    pdf = pd.DataFrame({"f": [2.5, -2.5, 1.9, -1.9, 3.5, None]})
    df = bach.from_pandas(backend, pdf)
    expected = [None if pd.isna(v) else int(v) for v in pdf.f]  # int() truncates toward zero
    assert values(df.f.astype("int64").sort_index()) == expected


def test_astype_int_to_string_and_float(df, pdf):
    got = df[["k"]].astype("string")
    assert_frame_matches(got, pd.DataFrame({"k": pdf.k.astype(str)}))
    assert values(df.k.astype("float64").sort_index()) == [float(v) for v in pdf.k]


def test_astype_string_to_date_and_timestamp(backend):
    pdf = pd.DataFrame(
        {
            "d": ["2022-01-31", "1999-12-01", None],
            "t": ["2022-01-31 10:11:12", "1999-12-01 00:00:00.5", None],
        }
    )
    df = bach.from_pandas(backend, pdf)
    df["d2"] = df.d.astype("date")
    df["t2"] = df.t.astype("timestamp")
    res = df.sort_index().to_pandas()
    assert list(res["d2"]) == [datetime.date(2022, 1, 31), datetime.date(1999, 12, 1), None]
    assert values(res["t2"]) == [
        datetime.datetime(2022, 1, 31, 10, 11, 12),
        datetime.datetime(1999, 12, 1, 0, 0, 0, 500000),
        None,
    ]
    assert str(res["t2"].dtype) == "datetime64[us]"


def test_astype_json_string_roundtrip(backend):
    docs = ['{"a": 1, "b": [1, 2]}', '[1, "x", null]', None]
    df = bach.from_pandas(backend, pd.DataFrame({"j": docs}))
    df["parsed"] = df.j.astype("json")
    df["back"] = df.parsed.astype("string")
    res = df.sort_index().to_pandas()
    import json

    assert list(res["parsed"]) == [json.loads(d) if d else None for d in docs]
    # the text form may differ in whitespace per engine: parse it to compare
    assert [json.loads(v) if isinstance(v, str) else None for v in res["back"]] == [
        json.loads(d) if d else None for d in docs
    ]


def test_astype_dict_on_frame(df, pdf):
    got = df.astype({"k": "float64"})
    assert got.dtypes["k"] == "float64"
    assert values(got.k.sort_index()) == [float(v) for v in pdf.k]


def test_filter_where(df, pdf):
    got = df[(df.x > 1) & (df.g != "c")]
    expected = pdf[(pdf.x > 1).fillna(False) & (pdf.g != "c")]
    assert_frame_matches(got, expected)


def test_filter_with_null_mask_drops_unknown(df, pdf):
    # x is NULL in one row: x > 2 is NULL there and the row is dropped (like pandas' boolean NA)
    got = df[df.x > 2]
    expected = pdf[(pdf.x > 2).fillna(False).astype(bool)]
    assert_frame_matches(got, expected)


def test_filter_having_on_aggregate(df, pdf):
    grouped = df.groupby("g").agg({"k": "sum"})
    got = grouped[grouped.k_sum > 5]
    sums = pdf.groupby("g").k.sum()
    expected = sums[sums > 5].rename("k_sum").to_frame()
    assert_frame_matches(got, expected)


def test_filter_after_window(df, pdf):
    ordered = df.sort_values("k")
    df["rn"] = ordered.k.window_row_number()
    got = df[df.rn <= 2]
    expected = pdf.assign(rn=pdf.k.rank(method="first").astype("Int64"))
    expected = expected[expected.rn <= 2]
    assert_frame_matches(got, expected)


def test_row_slice_on_sorted_frame(df, pdf):
    got = df.sort_values("k")[2:5]
    expected = pdf.sort_values("k").iloc[2:5]
    assert_frame_matches(got, expected, ordered=True)


def test_head_and_to_numpy(df, pdf):
    head = df.sort_values("k", ascending=False).head(3)
    assert list(head["k"]) == list(pdf.sort_values("k", ascending=False).k.head(3))
    arr = df.sort_values("k")[["k"]].to_numpy()
    assert arr.shape == (len(pdf), 1)
    assert [int(v) for v in arr[:, 0]] == sorted(pdf.k)


def test_sort_values_multi_key_ascending_list_nulls_last(df, pdf):
    got = df.sort_values(["g", "x"], ascending=[True, False])
    expected = pdf.sort_values(["g", "x"], ascending=[True, False], na_position="last")
    assert_frame_matches(got, expected, ordered=True)


def test_sort_values_nulls_last_both_directions(df, pdf):
    for asc in (True, False):
        got = df.sort_values("y", ascending=asc)
        expected = pdf.sort_values("y", ascending=asc, na_position="last")
        assert_frame_matches(got, expected, ordered=True)


def test_sort_index(backend):
    pdf = pd.DataFrame({"v": [10, 20, 30]}, index=pd.Index([3, 1, 2], name="i"))
    df = bach.from_pandas(backend, pdf)
    assert_frame_matches(df.sort_index(), pdf.rename_axis("_index_i").sort_index(), ordered=True)
    assert_frame_matches(
        df.sort_index(ascending=False),
        pdf.rename_axis("_index_i").sort_index(ascending=False),
        ordered=True,
    )


def test_set_index_and_reset_index(df, pdf):
    indexed = df.reset_index(drop=True).set_index("k")
    assert indexed.index_columns == ["k"]
    assert_frame_matches(indexed, pdf.set_index("k"))
    back = indexed.reset_index()
    assert back.index_columns == []
    assert_frame_matches(back[["k", "g"]], pdf[["k", "g"]])


def test_drop_duplicates_and_dropna(backend):
    pdf = pd.DataFrame({"a": [1, 1, 2, 2, None], "b": ["x", "x", "y", None, "z"]})
    df = bach.from_pandas(backend, pdf).reset_index(drop=True)
    assert_frame_matches(df.drop_duplicates(), pdf.drop_duplicates())
    assert_frame_matches(
        df.drop_duplicates(subset="a"),
        pdf.drop_duplicates(subset="a").reset_index(drop=True),
        check_dtypes=False,
    )
    assert_frame_matches(df.dropna(), pdf.dropna())
    assert_frame_matches(df.dropna(how="all"), pdf.dropna(how="all"))
    assert_frame_matches(df.dropna(subset=["b"]), pdf.dropna(subset=["b"]))


def test_frame_fillna(df, pdf):
    got = df[["x", "s"]].fillna(value={"x": 0, "s": "?"})
    expected = pdf[["x", "s"]].fillna({"x": 0, "s": "?"})
    assert_frame_matches(got, expected)


def test_materialize_keeps_result(df, pdf):
    df["z"] = df.k + 1
    m = df.materialize(node_name="my_step")
    m["w"] = m.z * 2
    assert_frame_matches(m[["z", "w"]], pd.DataFrame({"z": pdf.k + 1, "w": (pdf.k + 1) * 2}))


@pytest.mark.notimpl(
    "bigquery", reason="no temp tables in Bach on BigQuery", raises=bach.UnsupportedOperationError
)
def test_materialize_temp_table(df, pdf):
    m = df.materialize(node_name="tmp_step", materialization="temp_table")
    assert_frame_matches(m, pdf)


def test_database_create_table(backend, pdf):
    import uuid

    df = bach.from_pandas(backend, pdf)
    df["z"] = df.k * 3
    name = "t_" + uuid.uuid4().hex[:8]
    created = df.database_create_table(name)
    assert_frame_matches(created, pdf.assign(z=pdf.k * 3))
    with pytest.raises(bach.BachError):
        df.database_create_table(name)
    replaced = df[df.k > 3].database_create_table(name, if_exists="replace")
    assert_frame_matches(replaced, pdf[pdf.k > 3].assign(z=pdf.k * 3))


def test_from_table_reads_existing(backend, pdf):
    import uuid

    name = "t_" + uuid.uuid4().hex[:8]
    bach.from_pandas(backend, pdf, name=name, materialization="table")
    df = bach.from_table(backend, name, index=["_index_0"])
    assert set(df.columns) == set(pdf.columns)
    assert df.dtypes["x"] == "int64" and df.dtypes["y"] == "float64"
    assert_frame_matches(df, pdf)


def test_empty_frame(backend):
    pdf = pd.DataFrame({"a": pd.Series([], dtype="Int64"), "b": pd.Series([], dtype="str")})
    df = bach.from_pandas(backend, pdf)
    res = df.to_pandas()
    assert len(res) == 0 and list(res.columns) == ["a", "b"]
    assert np.int64(df.a.count().value) == 0


def test_set_index_replaces_the_index_and_refuses_drop_false():
    pdf = pd.DataFrame({"city": ["Snits", "Drylts"], "km2": [30, 3]})
    df = bach.from_pandas(None, pdf)
    by_city = df.set_index("city")
    assert (by_city.index_columns, by_city.columns) == (["city"], ["km2"])
    expected = pdf.set_index("city")
    assert by_city.sort_index().to_pandas()["km2"].tolist() == expected.sort_index()["km2"].tolist()
    with pytest.raises(bach.UnsupportedOperationError, match=r"drop=False.*copy the column"):
        df.set_index("city", drop=False)
