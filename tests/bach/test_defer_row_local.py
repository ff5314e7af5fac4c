"""Per-row columns that window steps only pass along are computed after the filter that follows.

``plan/defer.py`` moves such a column's expression from the step that defines it to the first
step that uses it, past window steps and a filter, and carries its input columns instead. The
results must not change: expected values come from pandas on the same rows. The SQL checks say
where the rule applies and where it must not.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import sqlglot
from sqlglot import exp

import objectiv_bach as bach
from objectiv_bach.extension import (
    FunctionNode,
    apply_function,
    register_rendering,
    template_rendering,
)

PDF = pd.DataFrame(
    {
        "k": range(12),
        "g": [i % 3 for i in range(12)],
        "t": [7, 3, 11, 1, 9, 4, 2, 12, 5, 8, 6, 10],
        "a": [5, -2, 0, 13, 8, 1, 21, -7, 3, 4, 6, 9],
    }
)


def _expected() -> pd.DataFrame:
    """pandas: x = 2a + 1, y = a - 3, the previous t in each g by t, rows that have one."""
    out = PDF.set_index("k").copy()
    out["x"] = out.a * 2 + 1
    out["y"] = out.a - 3
    out["prev_t"] = out.sort_values("t").groupby("g").t.shift(1)
    return out[out.prev_t.notna()]


def _derived(engine: Any, columns: dict[str, Any] | None = None) -> bach.DataFrame:
    frame = bach.from_pandas(engine, PDF).set_index("k")
    frame["x"] = frame.a * 2 + 1
    frame["y"] = frame.a - 3
    for name, make in (columns or {}).items():
        frame[name] = make(frame)
    keep = ["g", "t", "x", "y", *(columns or {})]
    return frame[keep].materialize(node_name="derived")


def _windowed(frame: bach.DataFrame, filtered: bool = True) -> bach.DataFrame:
    step = frame.copy()
    step["prev_t"] = step.t.window_lag(window=step.sort_values("t").groupby("g").window())
    step = step.materialize(node_name="windowed")
    if filtered:
        step = step[step.prev_t.notnull()]
    return step.materialize(node_name="kept")


def _ctes(frame: bach.DataFrame, dialect: str = "duckdb") -> dict[str, str]:
    """The SQL of each CTE by name, and of the final SELECT as ''."""
    tree = sqlglot.parse_one(frame.view_sql(dialect=dialect), read=dialect)
    out = {cte.alias: cte.this.sql(dialect=dialect) for cte in tree.find_all(exp.CTE)}
    final = tree.copy()
    final.set("with_", None)
    out[""] = final.sql(dialect=dialect)
    return out


def _where(frame: bach.DataFrame, text: str, dialect: str = "duckdb") -> list[str]:
    """The steps whose SQL holds ``text`` (CTE names; '' for the final SELECT)."""
    return [name for name, sql in _ctes(frame, dialect).items() if text in sql]


def _rows(frame: bach.DataFrame, columns: list[str]) -> list[tuple]:
    result = frame[columns].to_pandas().sort_index()
    return [tuple(None if pd.isna(v) else v for v in row) for row in result.itertuples()]


def test_two_columns_of_one_input_are_computed_after_the_filter(backend):
    kept = _windowed(_derived(backend))
    kept["z"] = kept.x + kept.y
    expected = _expected()
    expected["z"] = expected.x + expected.y
    columns = ["g", "x", "y", "z"]
    assert _rows(kept, columns) == [tuple(row) for row in expected[columns].itertuples()]
    # the defining step only passes a on (so it is no CTE of its own); kept, after the WHERE
    # of filtered_1, computes x and y once (the final step reads x twice: as x and in z)
    assert _where(kept, "* 2") == ["kept"]
    assert _where(kept, "- 3") == ["kept"]
    assert "WHERE" in _ctes(kept)["filtered_1"]
    assert list(_ctes(kept)) == ["loaded_data", "windowed", "filtered_1", "kept", ""]


def test_the_same_sql_on_every_dialect_computes_late():
    kept = _windowed(_derived(None))
    kept["z"] = kept.x + kept.y
    for dialect in ("duckdb", "postgres", "bigquery"):
        assert _where(kept, "* 2", dialect) == ["kept"], dialect


def test_one_column_for_one_input_stays_where_it_is(backend):
    # carrying a instead of x alone would not make the window steps' rows narrower
    frame = bach.from_pandas(backend, PDF).set_index("k")
    frame["x"] = frame.a * 2 + 1
    kept = _windowed(frame[["g", "t", "x"]].materialize(node_name="derived"))
    assert _where(kept, "* 2") == ["derived"]
    expected = _expected()
    assert _rows(kept, ["x"]) == [(k, x) for k, x in expected.x.items()]


def test_without_a_filter_nothing_moves(backend):
    kept = _windowed(_derived(backend), filtered=False)
    kept["z"] = kept.x + kept.y
    assert _where(kept, "* 2") == ["derived"]
    expected = PDF.set_index("k")
    got = kept.z.to_pandas().sort_index()
    assert got.tolist() == (expected.a * 2 + 1 + expected.a - 3).tolist()


def test_a_volatile_column_stays_the_others_move(backend):
    kept = _windowed(
        _derived(backend, {"w": lambda f: f.a + bach.SeriesFloat64.random(f)}),
    )
    assert _where(kept, "RANDOM()") == ["derived"]
    assert _where(kept, "* 2") == [""]
    result = kept[["w", "x"]].to_pandas().sort_index()
    expected = _expected()
    assert result.x.tolist() == expected.x.tolist()
    a = expected.a
    # w = a + a random float in [0, 1): between a and a + 1
    assert ((result.w >= a) & (result.w < a + 1)).all()


def test_an_input_name_reused_by_a_later_step_is_carried_under_another(backend):
    derived = _derived(backend)
    step = derived.copy()
    step["prev_t"] = step.t.window_lag(window=step.sort_values("t").groupby("g").window())
    step["a"] = step.t * 100  # a column called like x's input, with other values
    step = step.materialize(node_name="windowed")
    kept = step[step.prev_t.notnull()].materialize(node_name="kept")
    kept["z"] = kept.x + kept.y
    expected = _expected()
    assert _rows(kept, ["a", "x", "y", "z"]) == [
        (k, t * 100, x, y, x + y)
        for k, t, x, y in zip(expected.index, expected.t, expected.x, expected.y, strict=True)
    ]
    assert _where(kept, "* 2") == ["kept"]


def test_renamed_and_transformed_on_the_way(backend):
    derived = _derived(backend)
    step = derived.copy()
    step["prev_t"] = step.t.window_lag(window=step.sort_values("t").groupby("g").window())
    step["x10"] = step.x * 10  # a per-row function of x alone, in the window step
    step = step.rename(columns={"y": "y_renamed"})
    step = step[["g", "t", "prev_t", "x10", "y_renamed"]].materialize(node_name="windowed")
    kept = step[step.prev_t.notnull()].materialize(node_name="kept")
    kept["z"] = kept.x10 - kept.y_renamed
    expected = _expected()
    got = _rows(kept, ["x10", "y_renamed", "z"])
    assert got == [
        (k, x * 10, y, x * 10 - y)
        for k, x, y in zip(expected.index, expected.x, expected.y, strict=True)
    ]
    assert _where(kept, "* 10") == ["kept"]


def test_a_filter_on_the_column_itself_reads_it_after_the_window(backend):
    # the first use is a WHERE that also tests the window result: x moves into that WHERE
    kept = _windowed(_derived(backend), filtered=False)
    kept = kept[kept.prev_t.notnull() & (kept.x > 5)]
    expected = _expected()
    expected = expected[expected.x > 5]
    assert _rows(kept, ["x", "y"]) == [
        (k, x, y) for k, x, y in zip(expected.index, expected.x, expected.y, strict=True)
    ]
    assert _where(kept, "* 2") == [""]  # (the last step: kept's WHERE is folded into it)
    assert "WHERE" in _ctes(kept)[""]


def test_without_a_window_a_column_is_computed_after_the_filter(backend):
    # no window between, but a correlated subquery in the plan: DuckDB materializes the
    # defining step then, and would compute x and y for every row before the filter
    derived = _derived(backend)
    kept = derived[derived.t > 4].materialize(node_name="kept")
    kept["z"] = kept.x + kept.y
    kept["sq"] = apply_function(_SquareInSubquery, kept.t)
    expected = PDF.set_index("k")
    expected = expected[expected.t > 4]
    assert _rows(kept, ["x", "y", "z", "sq"]) == [
        (k, a * 2 + 1, a - 3, 3 * a - 2, t * t)
        for k, a, t in zip(expected.index, expected.a, expected.t, strict=True)
    ]
    ctes = _ctes(kept)
    assert "WHERE" in ctes["filtered_1"]
    assert _where(kept, "* 2") == ["kept"]
    assert _where(kept, "- 3") == ["kept"]


def test_without_a_window_or_a_subquery_nothing_moves(backend):
    # an engine that inlines the steps filters before it projects anyway: the plan is left as
    # it is (and not traced: rendering a long chain of filters stays as fast)
    derived = _derived(backend)
    kept = derived[derived.t > 4].materialize(node_name="kept")
    kept["z"] = kept.x + kept.y
    expected = PDF.set_index("k")
    expected = expected[expected.t > 4]
    assert _rows(kept, ["z"]) == [(k, 3 * a - 2) for k, a in expected.a.items()]
    assert _where(kept, "* 2") == ["derived"]


def test_a_column_read_twice_after_the_filter_is_computed_once(backend):
    # the final step reads x in its WHERE and in a column: the step before it, after the
    # first filter, computes x once, not the final step twice
    derived = _derived(backend)
    kept = derived[derived.t > 4].materialize(node_name="kept")
    kept = kept[kept.x > 5]
    kept["z"] = kept.x + kept.y
    expected = PDF.set_index("k")
    expected = expected[(expected.t > 4) & (expected.a * 2 + 1 > 5)]
    assert _rows(kept, ["x", "z"]) == [(k, a * 2 + 1, 3 * a - 2) for k, a in expected.a.items()]
    sql = kept.view_sql(dialect="duckdb")
    assert sql.count("* 2") == 1


class _SquareInSubquery(FunctionNode):
    """``(SELECT v * v FROM (SELECT x AS v))``: the argument read inside a subquery."""

    arg_types = {"this": True}


for _dialect in ("duckdb", "postgres", "bigquery"):
    register_rendering(
        _SquareInSubquery,
        _dialect,
        template_rendering("(SELECT v * v FROM (SELECT :this AS v) AS s)", _dialect),
    )


def test_an_argument_of_an_extension_function_stays_a_column(backend):
    # an extension function may read its argument in a correlated subquery (the model hub's
    # location stack name does), which DuckDB evaluates once per distinct value read: it keeps
    # reading the column, not the input the column is computed from
    derived = _derived(backend)
    kept = derived[derived.t > 4].materialize(node_name="kept")
    kept["sq"] = apply_function(_SquareInSubquery, kept.x)
    kept["y10"] = kept.y * 10
    expected = PDF.set_index("k")
    expected = expected[expected.t > 4]
    result = kept[["g", "sq", "y10"]]
    assert _rows(result, ["sq", "y10"]) == [
        (k, (a * 2 + 1) ** 2, (a - 3) * 10) for k, a in expected.a.items()
    ]
    # x and y are computed after the filter: y where it is used, x by the step before
    assert _where(result, "* 2") == ["kept"]
    assert _where(result, "- 3") == [""]
    assert "x AS v" in _ctes(result)[""]
