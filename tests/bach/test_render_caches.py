"""The render caches: inline rows rendered once, and no registered pandas frame kept alive.

``render_plan``, ``used_variables`` and the SQL text cache are keyed by plan node; a plan on a
registered pandas frame (DuckDB) must not outlive the last DataFrame on it because a cache holds
it. Expected values come from pandas on the same data.
"""

from __future__ import annotations

import gc
import uuid
import weakref

import duckdb
import numpy as np
import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach import loading
from objectiv_bach.dataframe import _SQL_CACHE
from objectiv_bach.dialects import render
from objectiv_bach.plan.cache import NodeCache
from objectiv_bach.plan.nodes import RegisteredSource, TableSource, ValuesSource
from objectiv_bach.plan.render import render_plan, topological
from objectiv_bach.plan.values import ValuesText, values_text
from objectiv_bach.variables import used_variables


def _big(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame({"k": rng.integers(0, 20, rows), "x": rng.random(rows)})


def _views(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}


def test_registered_view_dropped_after_last_frame_without_clearing_caches():
    con = duckdb.connect()
    pdf = _big(5000)
    df = bach.from_pandas(con, pdf)
    (source,) = [n for n in topological(df._final_node()) if isinstance(n, RegisteredSource)]
    view = source.table.name
    handle = weakref.ref(source.keepalive)
    del source
    # fill every cache with plans on the registered frame: SQL text, render_plan, variables
    filtered = df[df.k > 3]
    sums = filtered.groupby("k").x.sum().to_pandas()
    expected = pdf[pdf.k > 3].groupby("k").x.sum()
    pd.testing.assert_series_equal(sums.sort_index(), expected.sort_index(), check_names=False)
    assert filtered.x.count().value == int((pdf.k > 3).sum())
    assert view in _views(con)
    sql = filtered.view_sql()
    node = filtered._final_node()
    assert _SQL_CACHE.get(node, ("duckdb", ())) == sql  # the caches hold the plan ...
    assert render_plan.cache.get(node) is not None  # type: ignore[attr-defined]
    assert used_variables.cache.get(node) == ()  # type: ignore[attr-defined]
    del df, filtered, node
    gc.collect()
    assert handle() is None  # no cache holds the registration
    bach.from_pandas(con, pd.DataFrame({"a": [1]})).to_pandas()  # the next statement unregisters
    assert view not in _views(con)
    con.close()


def test_node_cache_holds_no_node():
    keep = _Handle()
    pinned = RegisteredSource(
        table=bach_table("v"), column_names=("a",), engine_name="duckdb", keepalive=keep
    )
    plain = TableSource(table=bach_table("t"), column_names=("a",))
    cache: NodeCache[str] = NodeCache(8)
    cache.put(pinned, "duckdb", "pinned sql")
    cache.put(plain, "duckdb", "plain sql")
    # an equal node (a new object with the same fields) hits the entry
    assert cache.get(TableSource(table=bach_table("t"), column_names=("a",)), "duckdb") == (
        "plain sql"
    )
    assert cache.get(pinned, "duckdb") == "pinned sql"
    assert cache.get(pinned, "postgres") is None
    assert cache.get(TableSource(table=bach_table("v"), column_names=("a",)), "duckdb") is None
    keep_ref = weakref.ref(keep)
    del pinned, keep
    gc.collect()
    assert keep_ref() is None  # the registration went with its node, the entry stays
    assert len(cache) == 2


def test_node_cache_is_bounded():
    cache: NodeCache[int] = NodeCache(3)
    nodes = [TableSource(table=bach_table(f"t{i}"), column_names=("a",)) for i in range(5)]
    for i, node in enumerate(nodes):
        cache.put(node, (), i)
    assert len(cache) == 3
    assert [cache.get(n) for n in nodes] == [None, None, 2, 3, 4]


def test_render_caches_clear():
    df = bach.from_pandas(None, pd.DataFrame({"a": [1, 2]}))
    node = df._final_node()
    first = render_plan(node)
    assert render_plan(node) is first
    assert used_variables(node) == ()
    render_plan.cache_clear()  # type: ignore[attr-defined]
    assert render_plan(node) is not first
    assert render(render_plan(node), "duckdb") == render(first, "duckdb")


def _inline_frame(seed: int) -> pd.DataFrame:
    """4 columns + the index: just at ``MAX_INLINE_VALUES``, so still inlined as VALUES."""
    rows = loading.MAX_INLINE_VALUES // 5
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "a": rng.integers(0, 100, rows),
            "b": rng.random(rows),
            "c": np.array(["x", "y", "z"], dtype=object)[rng.integers(0, 3, rows)],
            "d": rng.integers(0, 7, rows),
        }
    )


def _values_holder(df: bach.DataFrame) -> ValuesText:
    (source,) = [n for n in topological(df._final_node()) if isinstance(n, ValuesSource)]
    return values_text(source)


def test_inline_values_rendered_once_across_queries(backend):
    # a seed no other test uses: the frame's rows are new, so its VALUES text is not cached yet
    pdf = _inline_frame(seed=int(uuid.uuid4().int % 2**32))
    df = bach.from_pandas(backend, pdf)
    holder = _values_holder(df)
    assert "VALUES" in df.view_sql() or "UNNEST" in df.view_sql()  # inlined, not registered
    assert holder.renders == 1
    # five different queries (and the same one again): the rows are not generated again
    for k in (10, 50, 90):
        got = df[df.a > k].b.sum().value
        assert got == pytest.approx(pdf[pdf.a > k].b.sum())
    counts = df.groupby("c").d.sum().to_pandas().sort_index()
    assert counts.to_dict() == pdf.groupby("c").d.sum().sort_index().to_dict()
    assert df[df.c == "x"].a.count().value == int((pdf.c == "x").sum())
    assert df[df.c == "x"].a.count().value == int((pdf.c == "x").sum())
    assert holder.renders == 1
    # an equal frame built again shares the rendered rows
    assert _values_holder(bach.from_pandas(backend, pdf)) is holder


def test_inline_values_text_per_dialect(dialect):
    pdf = _inline_frame(seed=int(uuid.uuid4().int % 2**32))
    df = bach.from_pandas(None, pdf)
    holder = _values_holder(df)
    first = df[df.a > 1].view_sql(dialect=dialect)
    renders = holder.renders
    assert renders == 1
    for k in range(5):
        df[df.a > k].d.sum().view_sql(dialect=dialect)
    assert holder.renders == renders
    # the text is the one the rows give: the first row's values are in it
    assert repr(float(pdf.b.iloc[0]))[:8] in first


class _Handle:
    """A stand-in for a registration handle (weakly referable)."""


def bach_table(name: str):
    from sqlglot import exp

    return exp.to_table(name)
