"""Base Series names of the original API on every backend, against pandas or hand-worked values.

Labels (``s[label]``), the subquery helpers (``isin(<Series>)``, ``all_values``, ``any_value``,
``exists``), ``unique``, ``append``, ``apply_func``, ``unstack``, ``sort_by_series``,
``reset_index(level=)``, ``is_materialized``, the class attributes read from the dtype table,
``get_db_dtype``, and the int64 bit operators.
"""

from __future__ import annotations

import operator

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach import types
from objectiv_bach.dialects import dialect_names
from objectiv_bach.errors import DtypeError, InvalidArgumentError, UnsupportedOperationError

OPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _clean(values) -> list:
    return [None if pd.isna(v) else v for v in values]


def _sorted_values(series) -> list:
    return _clean(series.sort_index().to_pandas().tolist())


# ----------------------------------------------------------------------------- subqueries
def _sql_quantified(x, op, values, quantifier):
    """SQL's ``x <op> ALL/ANY (values)`` by hand (three-valued)."""
    results = [None if x is None or v is None else OPS[op](x, v) for v in values]
    if quantifier == "all":
        if False in results:
            return False
        return None if None in results else True
    if True in results:
        return True
    return None if None in results else False


XS = [1, 3, 5, None, 4]
VALUE_SETS = {
    "plain": [3, 4],
    "with_null": [3, None, 4],
    "only_null": [None],
    "empty": [],
}


@pytest.mark.parametrize("values", sorted(VALUE_SETS))
@pytest.mark.parametrize("quantifier", ["all", "any"])
def test_all_values_and_any_value(backend, values, quantifier):
    df = bach.from_pandas(backend, pd.DataFrame({"x": pd.array(XS, dtype="Int64")}))
    other_values = VALUE_SETS[values] or [0]
    other = bach.from_pandas(backend, pd.DataFrame({"y": pd.array(other_values, dtype="Int64")}))
    column = other.y if VALUE_SETS[values] else other[other.y > 100].y  # empty: no rows
    helper = column.all_values() if quantifier == "all" else column.any_value()
    for i, op in enumerate(OPS.values()):
        df[f"r{i}"] = op(df.x, helper)
    result = df.sort_index().to_pandas()
    for i, name in enumerate(OPS):
        expected = [_sql_quantified(x, name, VALUE_SETS[values], quantifier) for x in XS]
        assert _clean(result[f"r{i}"].tolist()) == expected, (name, quantifier, values)


def test_quantified_comparison_reflected(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"x": [1, 5]}))
    other = bach.from_pandas(backend, pd.DataFrame({"y": [2, 3]}))
    df["r"] = other.y.all_values() < df.x  # x > ALL (y)
    assert _sorted_values(df.r) == [False, True]


@pytest.mark.parametrize("with_null", [False, True])
def test_isin_series_as_pandas(backend, with_null):
    xs = pd.Series(["a", "b", None, "c", "a"], dtype=object)
    ys = pd.Series(["a", "c", "c"] + ([None] if with_null else []), dtype=object)
    df = bach.from_pandas(backend, pd.DataFrame({"x": xs}))
    other = bach.from_pandas(backend, pd.DataFrame({"y": ys}))
    df["m"] = df.x.isin(other.y)
    assert _sorted_values(df.m) == xs.isin(ys).tolist()
    assert _clean(df[df.m].x.sort_index().to_pandas()) == _clean(xs[xs.isin(ys)])


def test_exists(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"g": ["a", "a", "b"], "x": [1, 5, 2]}))
    assert bool(df[df.x > 4].x.exists().value) is True
    assert bool(df[df.x > 9].x.exists().value) is False
    per_group = df[df.x > 1].groupby("g").x.exists().sort_index().to_pandas()
    assert per_group.to_dict() == {"a": True, "b": True}


# ----------------------------------------------------------------------------- frame operations
def test_label_lookup(backend):
    pdf = pd.DataFrame({"city": ["Snits", "Drylts", "Snits"], "km2": [30, 3, 31]})
    s = bach.from_pandas(backend, pdf).set_index("city").km2
    expected = pdf.set_index("city").km2
    assert sorted(s["Snits"].to_pandas().tolist()) == sorted(expected["Snits"].tolist())
    assert s["Drylts"].to_pandas().tolist() == [expected["Drylts"]]
    assert s["Nowhere"].to_pandas().tolist() == []


def test_label_lookup_errors(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"a": [1], "b": [2], "x": [3]}))
    with pytest.raises(NotImplementedError, match="single-level"):
        df.set_index(["a", "b"]).x[1]
    with pytest.raises(UnsupportedOperationError, match="slice"):
        df.x[0:1]
    with pytest.raises(TypeError):
        list(df.x)  # not iterable: s[0], s[1] ... would be label lookups


def test_unique_append_apply_func(backend):
    pdf = pd.DataFrame({"x": pd.array([3, 1, 3, None, 2], dtype="Int64"), "y": [5, 6, 7, 8, 9]})
    df = bach.from_pandas(backend, pdf)
    assert sorted(df.x.unique().to_pandas().tolist()) == sorted(pdf.x.dropna().unique().tolist())
    with_na = df.x.unique(skipna=False).to_pandas().tolist()
    assert len(with_na) == len(pdf.x.unique()) and sum(pd.isna(v) for v in with_na) == 1
    appended = df.x.append(df.y, ignore_index=True).to_pandas()
    expected = pd.concat([pdf.x, pdf.y.rename("x")], ignore_index=True)
    assert sorted(_clean(appended.tolist()), key=str) == sorted(_clean(expected.tolist()), key=str)
    assert appended.name == "x"
    assert int(df.y.apply_func("sum").value) == pdf.y.sum()
    frame = df.y.apply_func(["min", lambda s: s.max()]).to_pandas()
    assert frame.to_dict("records") == [{"y_min": 5, "y_<lambda>": 9}]
    with pytest.raises(InvalidArgumentError, match="no such method"):
        df.y.apply_func("no_such_function")
    with pytest.raises(UnsupportedOperationError):
        df.groupby("y").x.unique()


def test_unstack_as_pandas(backend):
    pdf = pd.DataFrame(
        {"city": ["Snits", "Snits", "Drylts"], "year": [2021, 2022, 2022], "v": [3, 5, 8]}
    )
    s = bach.from_pandas(backend, pdf).set_index(["city", "year"]).v
    got = s.unstack(fill_value=0).sort_index().to_pandas()
    expected = pdf.set_index(["city", "year"]).v.unstack(fill_value=0).sort_index()
    assert [str(c) for c in got.columns] == [str(c) for c in expected.columns]
    assert got.to_numpy().tolist() == expected.to_numpy().tolist()


def test_sort_by_series_and_reset_index_level(backend):
    pdf = pd.DataFrame({"a": [1, 1, 2], "b": [7, 8, 9], "x": [10, 20, 30], "k": [2, None, 1]})
    df = bach.from_pandas(backend, pdf)
    got = df.x.sort_by_series(df.k).to_pandas().tolist()
    assert got == pdf.sort_values("k", na_position="last").x.tolist()
    got = df.x.sort_by_series([df.a, df.b], ascending=[True, False]).to_pandas().tolist()
    assert got == pdf.sort_values(["a", "b"], ascending=[True, False]).x.tolist()
    other = bach.from_pandas(backend, pdf.assign(k=[5, 6, 7]))
    with pytest.raises(InvalidArgumentError, match="same frame"):
        df.x.sort_by_series(other.k)
    s = df.set_index(["a", "b"]).x
    dropped = s.reset_index(level="a", drop=True)
    assert list(dropped.index) == ["b"]
    expected = pdf.set_index(["a", "b"]).x.reset_index(level="a", drop=True)
    assert dropped.sort_index().to_pandas().tolist() == expected.sort_index().tolist()
    moved = s.reset_index(level="b")
    assert moved.index_columns == ["a"] and moved.data_columns == ["b", "x"]


def test_is_materialized(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"g": ["a"], "x": [1]}))
    assert df.x.is_materialized
    assert not (df.x * 2).is_materialized
    assert not df.groupby("g").x.sum().is_materialized
    assert (df.x * 2).materialize().is_materialized


# ----------------------------------------------------------------------------- class facts
def test_class_attributes_come_from_the_dtype_table():
    for cls in types.series_classes():
        row = types.DTYPES[cls.dtype]
        assert cls.dtype_aliases == row.aliases
        assert cls.supported_value_types == row.value_types
        for source in cls.supported_source_dtypes:
            assert types.can_cast(source, cls.dtype), (source, cls.dtype)
        assert set(cls.supported_db_dtype) == set(dialect_names())
    assert "int64" in bach.SeriesFloat64.supported_source_dtypes
    assert "string" in bach.SeriesInt64.supported_source_dtypes
    assert bach.SeriesInt64.dtype_aliases[:2] == ("integer", "bigint")
    assert int in bach.SeriesInt64.supported_value_types


def test_get_db_dtype_reads_back_as_the_dtype(dialect):
    scalar = [c for c in types.series_classes() if types.DTYPES[c.dtype].sql_type is not None]
    for cls in scalar:
        stored = cls.get_db_dtype(dialect)
        base = types.base_dtype(cls.dtype)
        read_back = types.dtype_from_sql_type(stored, dialect)
        # BigQuery has no UUID type: uuid is stored as STRING there
        stored_as_text = (dialect, base) == ("bigquery", "uuid") and read_back == "string"
        assert read_back == base or stored_as_text, (cls.dtype, stored)
        assert cls.supported_db_dtype[dialect] == stored
    assert bach.SeriesList.get_db_dtype(dialect) is None
    expected = {"duckdb": "BIGINT", "postgres": "BIGINT", "bigquery": "INT64"}
    assert bach.SeriesInt64.get_db_dtype(dialect) == expected[dialect]


def test_get_db_dtype_of_a_running_engine(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"x": [1.5]}))
    from objectiv_bach.dialects import dialect_names, get_dialect

    # df.engine is a SQLAlchemy Engine ('postgresql', 'bigquery', 'duckdb'): its dialect's
    # registered name keys supported_db_dtype
    name = next(n for n in dialect_names() if get_dialect(n) is get_dialect(df.engine.dialect.name))
    stored = bach.SeriesFloat64.get_db_dtype(df.engine)
    assert stored == bach.SeriesFloat64.supported_db_dtype[name]


# ----------------------------------------------------------------------------- int64 bits
def test_int_bit_operators_as_python(backend):
    a = [7, -7, 12, -1, 0, 2**40 + 5, None]
    b = [1, 2, 3, 0, 5, 20, 1]
    pdf = pd.DataFrame({"a": pd.array(a, dtype="Int64"), "b": pd.array(b, dtype="Int64")})
    df = bach.from_pandas(backend, pdf)
    ops = {
        "shl": operator.lshift,
        "shr": operator.rshift,
        "xor": operator.xor,
        "and": operator.and_,
        "or": operator.or_,
    }
    for name, op in ops.items():
        df[name] = op(df.a, df.b)
    df["shr_lit"] = df.a >> 3
    df["lit_shl"] = 1 << df.b
    df["lit_xor"] = 6 ^ df.a
    result = df.sort_index().to_pandas()
    for name, op in ops.items():
        expected = [None if x is None else op(x, y) for x, y in zip(a, b, strict=True)]
        assert _clean(result[name].tolist()) == expected, name
    assert _clean(result.shr_lit.tolist()) == [None if x is None else x >> 3 for x in a]
    assert _clean(result.lit_shl.tolist()) == [1 << y for y in b]
    assert _clean(result.lit_xor.tolist()) == [None if x is None else 6 ^ x for x in a]


def test_bit_operators_need_int64_and_bool_xor(backend):
    pdf = pd.DataFrame({"f": [1.5], "x": [1], "p": pd.array([True], dtype="boolean"), "q": [False]})
    df = bach.from_pandas(backend, pdf)
    with pytest.raises(DtypeError):
        df.f << df.x
    with pytest.raises(DtypeError):
        df.x ^ df.f
    pdf = pd.DataFrame(
        {
            "p": pd.array([True, True, False, None], dtype="boolean"),
            "q": pd.array([True, False, False, True], dtype="boolean"),
        }
    )
    df = bach.from_pandas(backend, pdf)
    assert _sorted_values(df.p ^ df.q) == _clean((pdf.p ^ pdf.q).tolist())


def test_left_shift_overflow_raises_on_every_engine(backend):
    from objectiv_bach.errors import BackendError

    df = bach.from_pandas(backend, pd.DataFrame({"a": [3]}))
    assert (df.a << 60).to_pandas().tolist() == [3 << 60]
    with pytest.raises(BackendError):
        (df.a << 62).to_pandas()
