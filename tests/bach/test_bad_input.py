"""Bad input gets a BachError (also the builtin pandas raises), never a raw Python exception or a
silent guess; the message names the offending value.

Most checks happen when the operation is built, before any SQL runs, so they use the in-memory
DuckDB; the cases whose valid counterpart returns data run on every backend against pandas.
"""

from __future__ import annotations

import datetime
import decimal
import re

import pandas as pd
import pytest
from helpers import assert_frame_matches, values

import objectiv_bach as bach
from objectiv_bach.errors import (
    BachError,
    DtypeAttributeError,
    DtypeError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    UnsupportedOperationError,
)


@pytest.fixture(scope="module")
def df():
    frame = bach.from_pandas(
        None,
        pd.DataFrame(
            {
                "a": [1, 2, 3],
                "s": ["x", "y", "zz"],
                "f": [1.5, 2.5, None],
                "j": ['{"k": 1}', "[1, 2]", None],
                "d": pd.to_datetime(["2022-01-01", "2022-01-02", "2022-03-04"]),
            }
        ),
    )
    frame["j"] = frame.j.astype("json")
    return frame


def _raises(error: type[Exception], offender: str, builtin: type[Exception] | None = None):
    """pytest.raises for ``error`` whose message quotes ``offender`` (its repr)."""
    assert issubclass(error, BachError)
    if builtin is not None:
        assert issubclass(error, builtin)
    return pytest.raises(error, match=re.escape(offender))


# ------------------------------------------------------------------------ the cases of the issue
def test_merge_with_a_pandas_frame(df):
    with _raises(InvalidArgumentTypeError, "pandas.DataFrame", TypeError) as info:
        df.merge(pd.DataFrame({"a": [1]}))
    assert "from_pandas" in str(info.value)
    with _raises(InvalidArgumentTypeError, "pandas.Series"):
        df.merge(pd.Series([1], name="a"))


def test_groupby_with_a_non_name(df):
    with _raises(InvalidArgumentTypeError, "123", TypeError):
        df.groupby(123)
    with _raises(InvalidArgumentTypeError, "4.5"):
        df.groupby(["s", 4.5])


@pytest.mark.parametrize("key", [slice(1, "a"), slice("a", "b"), slice(0.5, 2), slice(None, 2.0)])
def test_row_slices_take_ints(df, key):
    bad = key.start if not isinstance(key.start, int) and key.start is not None else key.stop
    with _raises(InvalidArgumentTypeError, repr(bad), TypeError):
        df[key]  # noqa: B018


def test_str_slice_takes_ints(df):
    with _raises(InvalidArgumentTypeError, "'a'", TypeError):
        df.s.str.slice("a")
    with _raises(InvalidArgumentTypeError, "1.5"):
        df.s.str.slice(0, 1.5)
    with _raises(InvalidArgumentTypeError, "'b'"):
        df.s.str["a":"b"]  # noqa: B018
    with _raises(InvalidArgumentError, "True"):
        df.s.str[True]  # noqa: B018


def test_materialize_node_name(df):
    with _raises(InvalidArgumentTypeError, "123", TypeError):
        df.materialize(node_name=123)
    with pytest.raises(InvalidArgumentError, match="empty"):
        df.materialize(node_name="")


@pytest.mark.parametrize("func", ["__class__", "to_pandas", "copy", "_aggregate", "head"])
def test_agg_calls_only_aggregations(df, func, monkeypatch):
    # no query may run: the name is refused before anything is called
    from objectiv_bach.backends import get_backend

    def no_query(*args, **kwargs):
        msg = "a query ran"
        raise AssertionError(msg)

    monkeypatch.setattr(type(get_backend(df.engine)), "run_arrow", no_query)
    with _raises(InvalidArgumentError, repr(func), ValueError):
        df.agg(func)
    with _raises(InvalidArgumentError, repr(func)):
        df.groupby("s").agg({"a": func})
    with _raises(InvalidArgumentError, repr(func)):
        df.a.agg(func)
    with _raises(InvalidArgumentTypeError, "42"):
        df.agg(42)


def test_accessors_and_methods_of_other_dtypes(df):
    with _raises(DtypeAttributeError, "'int64'", AttributeError) as info:
        df.a.str  # noqa: B018
    assert ".str" in str(info.value) and "'string'" in str(info.value)
    assert issubclass(DtypeAttributeError, DtypeError)
    with _raises(DtypeAttributeError, "'string'"):
        df.s.json  # noqa: B018
    with _raises(DtypeAttributeError, "'string'") as info:
        df.s.sum()
    assert "sum()" in str(info.value)
    with _raises(DtypeAttributeError, "'float64'"):
        df.f.dt  # noqa: B018
    # hasattr keeps working, as in pandas
    assert not hasattr(df.a, "str") and hasattr(df.s, "str")
    with pytest.raises(AttributeError, match="no_such_method"):
        df.a.no_such_method  # noqa: B018
    with _raises(InvalidArgumentError, "'sum'"):
        df[["s"]].agg("sum")


def test_string_arguments_are_not_guessed(df):
    with _raises(InvalidArgumentTypeError, "None", TypeError):
        df.s.str.contains(None)
    with _raises(InvalidArgumentTypeError, "5"):
        df.s.str.contains(5)
    with _raises(InvalidArgumentTypeError, "None"):
        df.s.str.replace(None, "x")
    with _raises(InvalidArgumentTypeError, "3"):
        df.s.str.replace("x", 3)
    with _raises(InvalidArgumentTypeError, "['x']") as info:
        df.s.str.startswith(["x"])
    assert "tuple" in str(info.value)
    with _raises(InvalidArgumentTypeError, "7"):
        df.s.str.startswith(("x", 7))


def test_startswith_a_tuple_of_prefixes(backend):
    data = ["apple", "banana", "avocado", None, "cherry"]
    frame = bach.from_pandas(backend, pd.DataFrame({"s": data}))
    got = frame.s.str.startswith(("ap", "ch")).sort_index()
    expected = pd.Series(data, dtype="string").str.startswith(("ap", "ch"))
    assert values(got) == [None if pd.isna(v) else bool(v) for v in expected]


def test_other_accessor_arguments(df):
    with _raises(InvalidArgumentTypeError, "5", TypeError):
        df.d.dt.strftime(5)
    with _raises(InvalidArgumentTypeError, "5") as info:
        df.j.json.get_value(5)
    assert "json[index]" in str(info.value)
    with _raises(InvalidArgumentTypeError, "'yes'"):
        df.j.json.get_value("k", as_str="yes")


def test_isin_takes_a_list(df):
    with _raises(InvalidArgumentTypeError, "'abc'", TypeError) as info:
        df.s.isin("abc")
    assert "['abc']" in str(info.value)
    with _raises(InvalidArgumentTypeError, "5"):
        df.a.isin(5)


@pytest.mark.parametrize("value", [[1, 2, 3], (1, 2, 3), pd.Series([1, 2, 3]), range(3), {1, 2}])
def test_assigning_values_by_position_raises(df, value):
    frame = df.copy()
    with pytest.raises(InvalidArgumentError, match="from_pandas") as info:
        frame["x"] = value
    assert type(value).__name__ in str(info.value)
    assert "x" not in frame.data


def test_json_constant_is_explicit(backend):
    frame = bach.from_pandas(backend, pd.DataFrame({"a": [1, 2]}))
    frame["x"] = bach.Series.from_value(frame, [1, 2, 3], name="x", dtype="json")
    assert frame.dtypes["x"] == "json"
    assert values(frame.x) == [[1, 2, 3], [1, 2, 3]]


# ------------------------------------------------------------------------ Decimal: exact or refused
def test_decimal_that_float64_holds_exactly(backend):
    pdf = pd.DataFrame({"x": [decimal.Decimal("0.1"), decimal.Decimal("12.50"), None]})
    frame = bach.from_pandas(backend, pdf)
    assert frame.dtypes == {"x": "float64"}
    assert values(frame.x.sort_index()) == [0.1, 12.5, None]
    assert values((frame.x + decimal.Decimal("0.25")).sort_index()) == [0.35, 12.75, None]


@pytest.mark.parametrize(
    "value",
    [
        decimal.Decimal("0.1000000000000000000001"),
        decimal.Decimal("12345678901234567890.5"),
        decimal.Decimal("1E+400"),
    ],
)
def test_decimal_that_would_change_is_refused(df, value):
    with _raises(DtypeError, repr(value), TypeError) as info:
        bach.from_pandas(None, pd.DataFrame({"x": [value]}))
    assert "float(value)" in str(info.value)
    with _raises(DtypeError, repr(value)):
        df.f + value  # noqa: B018
    with _raises(DtypeError, repr(value)):
        df.f.fillna(value)


# ------------------------------------------------------------------------ more typos of the same kind
def test_names_arguments(df):
    with _raises(InvalidArgumentTypeError, "1", TypeError):
        df.set_index(1)
    with _raises(InvalidArgumentTypeError, "1"):
        df.drop(columns=1)
    with _raises(InvalidArgumentTypeError, "1"):
        df.rename(columns=1)
    with _raises(InvalidArgumentTypeError, "1"):
        df.sort_values(1)
    with _raises(InvalidArgumentTypeError, "2"):
        df.dropna(subset=["a", 2])
    with _raises(InvalidArgumentTypeError, "2"):
        df.drop_duplicates(subset=2)


def test_flag_and_count_arguments(df):
    with _raises(InvalidArgumentTypeError, "'no'", TypeError):
        df.sort_values("a", ascending="no")
    with _raises(InvalidArgumentTypeError, "'no'"):
        df.a.sort_values(ascending="no")
    with _raises(InvalidArgumentError, "1 sort columns"):
        df.sort_values("a", ascending=[True, False])
    with _raises(InvalidArgumentTypeError, "'5'"):
        df.head("5")
    with _raises(InvalidArgumentTypeError, "True"):
        df.to_pandas(limit=True)
    with _raises(InvalidArgumentError, "-1"):
        df.head(-1)
    with _raises(InvalidArgumentTypeError, "'a'"):
        df.dropna(thresh="a")
    with _raises(InvalidArgumentTypeError, "'a'"):
        df.sort_values("a").a.window_lag("a")
    with _raises(InvalidArgumentError, "-2"):
        df.sort_values("a").a.window_lead(-2)
    with _raises(InvalidArgumentTypeError, "'x'"):
        df.s.value_counts(normalize="x")
    with _raises(InvalidArgumentTypeError, "'yes'"):
        df.set_index("s", append="yes")


def test_merge_arguments(df):
    with _raises(InvalidArgumentError, "'sideways'", ValueError):
        df.merge(df, on="a", how="sideways")
    with _raises(InvalidArgumentTypeError, "1", TypeError):
        df.merge(df, on=1)
    with _raises(InvalidArgumentTypeError, "2"):
        df.merge(df, left_on=["a", 2], right_on=["a", "s"])
    with _raises(InvalidArgumentTypeError, "'xy'"):
        df.merge(df, on="a", suffixes="xy")
    with _raises(InvalidArgumentTypeError, "'yes'"):
        df.merge(df, left_index="yes", right_index=True)
    with _raises(InvalidArgumentError, "'sometimes'"):
        df.merge(df, on="a", validate="sometimes")


def test_keep_and_how_choices(df):
    with _raises(InvalidArgumentError, "'middle'", ValueError):
        df.drop_duplicates(keep="middle")
    with _raises(InvalidArgumentError, "'some'"):
        df.dropna(how="some")
    with _raises(InvalidArgumentError, "'fortnight'"):
        df.d.dt.date_trunc("fortnight")


def test_unsupported_messages_read_as_one_sentence(df):
    messages = []
    for call in (
        lambda: df.groupby("s").a.unique(),
        lambda: df.a.median(skipna=False),
        lambda: df.groupby("s").a.sum().sum(),
        lambda: df.materialize(inplace=True),
    ):
        with pytest.raises(UnsupportedOperationError) as info:
            call()
        messages.append(str(info.value))
    for message in messages:
        assert ". is not supported" not in message
        assert message.count("is not supported") <= 1
    assert messages[0].startswith("unique() per group or partition is not supported.")
    # a full sentence passed as the operation is kept as it is
    sentence = UnsupportedOperationError("Cannot do this. Do that.", "bigquery", "Or else.")
    assert str(sentence) == "Cannot do this. Do that. (dialect 'bigquery') Or else."


def test_valid_input_still_works(backend):
    pdf = pd.DataFrame(
        {
            "g": ["a", "b", "a"],
            "n": [1, 2, 3],
            "day": [datetime.date(2022, 1, d) for d in (1, 2, 3)],
        }
    )
    frame = bach.from_pandas(backend, pdf)
    got = frame.sort_values(["g", "n"], ascending=[True, False])[0:2]
    expected = pdf.sort_values(["g", "n"], ascending=[True, False]).head(2)
    assert_frame_matches(
        got, expected.reset_index(drop=True), ordered=True, check_dtypes=False, with_index=False
    )


# ------------------------------------------------------------------------ export: table names
@pytest.mark.parametrize("name", ["x'y", "data--x", 'a"b', "Data", "user", "my-db.sch;ema.t b"])
def test_export_table_names_are_identifiers(name):
    """The exported SQL reads exactly the table named (DuckDB runs it); nothing is parsed."""
    import duckdb

    from objectiv_bach.backends.duckdb import DuckDBBackend
    from objectiv_modelhub.export import model_sql
    from objectiv_modelhub.native_table import write_events
    from objectiv_modelhub.sample_data import generate_events

    def quoted(part: str) -> str:  # test setup only: the table is made with quoted parts
        return '"' + part.replace('"', '""') + '"'

    connection = duckdb.connect()
    parts = name.split(".")
    if len(parts) == 3:
        connection.execute("ATTACH ':memory:' AS " + quoted(parts[0]))
        connection.execute("CREATE SCHEMA " + quoted(parts[0]) + "." + quoted(parts[1]))
    backend = DuckDBBackend(connection)
    events = generate_events(50, seed=3)
    write_events(backend, events, table_name=".".join(quoted(p) for p in parts))
    sql = model_sql("unique_users", "duckdb", table_name=name)
    assert "--" not in sql.replace("data--x", "")
    got = connection.execute(sql).df()
    assert int(got.unique_users.sum()) >= 1
    # the users counted are those of the table that was written, per day
    per_day = (
        events.assign(day=pd.to_datetime(events.moment).dt.strftime("%Y-%m-%d"))
        .groupby("day")
        .cookie_id.nunique()
    )
    assert dict(zip(got.time_aggregation, got.unique_users.astype(int), strict=True)) == {
        k: int(v) for k, v in per_day.items()
    }


@pytest.mark.parametrize("name", ["", "a..b", "a.", ".a", "p.d.s.t", " ", 5])
def test_export_refuses_bad_table_names(name):
    from objectiv_modelhub.export import model_sql

    with pytest.raises(InvalidArgumentError, match=re.escape(repr(name))):
        model_sql("unique_users", "postgres", table_name=name)


def test_cli_table_name_error_is_one_line(capsys):
    from objectiv_modelhub.cli import main

    status = main(["export-sql", "unique_users", "--dialect", "postgres", "--table", "a..b"])
    assert status == 2
    err = capsys.readouterr().err
    assert "'a..b'" in err and "Traceback" not in err
