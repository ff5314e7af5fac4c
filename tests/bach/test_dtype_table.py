"""The dtype table (objectiv_bach.types.DTYPES) is the one place that describes a dtype.

* A source scan fails when dtype facts appear outside the table module (``types.py``), the
  functions it names (``conversions.py``) and the Series modules (``series/``): a collection
  literal that lists two or more dtype names (a type table), or a function that compares one
  expression with two or more dtype names (an ``if dtype == ...`` dispatch chain), or, outside
  the dialects and backends, a collection of sqlglot types.
* The rows are complete and consistent: every part of every row is there, casts name existing
  dtypes, each SQL type maps back to its dtype, each conversion gives the row's pandas dtype.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from sqlglot import exp

import objectiv_bach as bach
from objectiv_bach import types
from objectiv_bach.errors import DtypeError

SRC = Path(bach.__file__).resolve().parent
#: where dtype facts may be stated
TABLE_MODULES = {SRC / "types.py", SRC / "conversions.py"}
SERIES_MODULES = set((SRC / "series").glob("*.py"))
#: SQL types are the dialects' and the backends' business (storage), not a dtype fact there
SQL_TYPE_MODULES = set((SRC / "dialects").glob("*.py")) | (
    set((SRC / "backends").glob("*.py")) - {SRC / "backends" / "convert.py"}
)
NAMES = {name for name in types.DTYPES if not types.DTYPES[name].base}


def _scanned() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p not in TABLE_MODULES | SERIES_MODULES)


def _dtype_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in NAMES:
        return node.value
    return None


def _is_sql_type(node: ast.AST) -> bool:
    """``exp.DType.X``, ``exp.DataType.Type.X``, ``T.X``"""
    if not isinstance(node, ast.Attribute):
        return False
    owner = ast.unparse(node.value)
    return owner in ("exp.DType", "exp.DataType.Type", "T", "DType") and node.attr.isupper()


def _facts(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        items: list[ast.AST] = []
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = list(node.elts)
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None] + list(node.values)
        names = {n for n in map(_dtype_name, items) if n}
        if len(names) >= 2:
            found.append(f"{path.name}:{node.lineno}: a table of dtypes {sorted(names)}")
        if path not in SQL_TYPE_MODULES and sum(map(_is_sql_type, items)) >= 2:
            found.append(f"{path.name}:{node.lineno}: a table of SQL types")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            compared: dict[str, set[str]] = {}
            for sub in ast.walk(node):
                if isinstance(sub, ast.Compare) and isinstance(sub.ops[0], (ast.Eq, ast.NotEq)):
                    name = _dtype_name(sub.comparators[0])
                    if name:
                        compared.setdefault(ast.unparse(sub.left), set()).add(name)
            for left, names in compared.items():
                if len(names) >= 2:
                    found.append(
                        f"{path.name}:{node.lineno}: {node.name}() dispatches on "
                        f"{left} == {sorted(names)}"
                    )
    return found


def test_no_dtype_facts_outside_the_table():
    facts = [fact for path in _scanned() for fact in _facts(path)]
    assert facts == [], (
        "dtype facts outside objectiv_bach/types.py (add them to a row of the table, or look "
        "them up there):\n" + "\n".join(facts)
    )


def test_the_scan_finds_facts(tmp_path):
    """The scan is not vacuous: it flags each kind of fact it looks for."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "UPLOAD = {'int64': 1, 'json': 2}\n"
        "def f(dtype):\n"
        "    if dtype == 'bool':\n"
        "        return 1\n"
        "    if dtype == 'date':\n"
        "        return 2\n"
        "KINDS = (exp.DType.JSON, exp.DType.INTERVAL)\n"
    )
    facts = _facts(sample)
    assert len(facts) == 3, facts


@pytest.mark.parametrize("name", sorted(NAMES))
def test_rows_are_complete(name):
    row = types.DTYPES[name]
    assert row.literal and row.raw and row.typed and row.to_pandas and row.to_python
    assert row.to_arrow and row.db_types, name
    assert types.series_type(name).dtype == name  # bound by register_dtype
    for target in row.casts:
        assert target in types.DTYPES, (name, target)
    for alias in row.aliases:
        assert types.static_dtype(alias) == name
    if row.sql_type is not None:  # the SQL type maps back to the dtype
        assert types.dtype_from_sql_type(types.sql_type(name)) == name
        assert types.dtype_of_arrow_type(row.arrow_type) in (name, "string"), name


@pytest.mark.parametrize("name", sorted(n for n in NAMES if types.DTYPES[n].sql_type))
def test_conversions_give_the_rows_pandas_dtype(name):
    series = types.column_to_pandas(pa.nulls(2), name)
    assert str(series.dtype) == types.pandas_dtype(name)
    assert series.isna().all()


def test_value_types_pick_the_dtype():
    import datetime
    import uuid

    cases = [
        (True, "bool"),
        (3, "int64"),
        (2.5, "float64"),
        ("s", "string"),
        (datetime.datetime(2022, 1, 1), "timestamp"),
        (pd.Timestamp(0), "timestamp"),
        (datetime.date(2022, 1, 1), "date"),
        (datetime.time(1), "time"),
        (datetime.timedelta(1), "timedelta"),
        ([1], "json"),
        ({"a": 1}, "json"),
        (uuid.UUID(int=1), "uuid"),
        (None, "string"),
    ]
    for value, dtype in cases:
        assert types.dtype_of_value(value) == dtype, value


def test_register_dtype_adds_a_row_and_guards_value_types():
    @bach.register_dtype(value_types=[])
    class SeriesCity(bach.SeriesString):
        dtype = "test_city"
        dtype_aliases = ("test_town",)

    row = types.DTYPES["test_city"]
    assert row.base == "string"
    assert types.validate_dtype("test_town") == "test_city"
    assert types.series_type("test_city") is SeriesCity
    assert types.sql_type("test_city") == types.sql_type("string")

    with pytest.raises(DtypeError, match="override_registered_types"):

        @bach.register_dtype(value_types=[str])
        class SeriesName(bach.SeriesString):
            dtype = "test_name"

    df = bach.from_pandas(None, pd.DataFrame({"c": ["Snits"]}))
    city = df.c.astype("test_city")
    assert isinstance(city, SeriesCity)
    assert city.astype("string").to_pandas().tolist() == ["Snits"]


@pytest.mark.parametrize("name", ["int64", "float64", "string", "timestamp", "json"])
def test_sql_type_is_parsed_once_and_handed_out_fresh(name):
    # the type text is parsed once; each caller gets its own tree to embed (and may change it)
    first, second = types.sql_type(name), types.sql_type(name)
    assert first == second and first is not second
    first.set("this", exp.DType.UNKNOWN)
    assert types.sql_type(name) == second != first
    assert types.dtype_from_sql_type(second.sql(), None) == name
