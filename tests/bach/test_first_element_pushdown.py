"""Element 0 of a filtered JSON array built in one step and read in a later one.

The renderer computes ``filter(array)[0]`` in the step that builds the array when every later
use of the array is its element 0 (``plan/first_element.py``): on PostgreSQL that is the
first-match subquery instead of the array of every match. The results must not change. Expected
values come from Python on the same lists; the SQL checks say where the rule applies and where
it must not.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from sqlglot import exp

import objectiv_bach as bach
from objectiv_bach import expressions as bx
from objectiv_bach.dialects import render
from objectiv_bach.plan.naming import col
from objectiv_bach.plan.nodes import Flatten, Join, Node, Select, TableSource, Union
from objectiv_bach.plan.render import render_plan

ARRAYS: list[Any] = [
    None,
    [],
    [{"_type": "Nav", "id": "menu"}],
    [{"_type": "Root", "id": "home"}, {"_type": "Link", "id": "a"}, {"_type": "Link", "id": "b"}],
    ["Link", 3, None, [{"_type": "Link", "id": "nested"}], {"_type": "Link", "id": "after"}],
    [{"id": "no-type"}, {"_type": "Link", "id": "last"}],
]
MATCH = {"_type": "Link"}
KEYS = list(range(len(ARRAYS)))
GROUPS = [k % 2 for k in KEYS]


def _first_id(array: list[Any] | None) -> str | None:
    """Python reference: the id of the first object whose _type is 'Link'."""
    for element in array or []:
        if isinstance(element, dict) and element.get("_type") == "Link":
            return element["id"]
    return None


EXPECTED = [_first_id(a) for a in ARRAYS]


def _built(engine: Any) -> bach.DataFrame:
    """The frame with the filtered array as a column of its own step (as ``context_data``)."""
    pdf = pd.DataFrame(
        {
            "k": KEYS,
            "g": GROUPS,
            "v": [None if a is None else json.dumps(a) for a in ARRAYS],
        }
    )
    frame = bach.from_pandas(engine, pdf).set_index("k")
    frame["v"] = frame.v.astype("json")
    frame["links"] = frame.v.json.filter(MATCH)
    return frame[["g", "links"]].materialize(node_name="built")


def _first_ids(frame: bach.DataFrame) -> bach.Series:
    return frame.links.json[0].json.get_value("id", as_str=True)


def _ids(series: bach.Series) -> list[Any]:
    values = series.sort_index().to_pandas()
    return [None if pd.isna(v) else v for v in values.tolist()]


def _chain(built: bach.DataFrame) -> bach.DataFrame:
    """The array passed through a window step, a filter and a many-to-one left join."""
    step = built.copy()
    step["previous_g"] = step.g.window_lag(window=step.sort_values("k").window())
    step = step.materialize(node_name="windowed")
    step = step[step.g >= 0].materialize(node_name="kept")
    names = bach.from_pandas(
        built.engine, pd.DataFrame({"g": [0, 1], "group_name": ["even", "odd"]})
    )
    return step.reset_index().merge(names, on="g", how="left", validate="many_to_one")


def test_element_zero_read_in_a_later_step(backend):
    built = _built(backend)
    out = built[["g"]]
    out["first_id"] = _first_ids(built)
    assert _ids(out.first_id) == EXPECTED
    assert list(out.to_pandas().columns) == ["g", "first_id"]
    # and filtered on it, as the model hub drops rows without an application
    kept = out[out.first_id.notnull()]
    assert _ids(kept.first_id) == [e for e in EXPECTED if e is not None]


def test_element_zero_through_a_window_a_filter_and_a_join(backend):
    joined = _chain(_built(backend))
    joined["first_id"] = _first_ids(joined)
    result = joined[["k", "group_name", "previous_g", "first_id"]].to_pandas().sort_values("k")
    assert [None if pd.isna(v) else v for v in result.first_id] == EXPECTED
    assert [None if pd.isna(v) else v for v in result.previous_g] == [None, *GROUPS[:-1]]
    assert result.group_name.tolist() == ["odd" if g else "even" for g in GROUPS]


def test_the_whole_array_and_its_element_zero(backend):
    # the array itself is used too: the rule does not apply, both stay right
    built = _built(backend)
    out = built[["links"]]
    out["first_id"] = _first_ids(built)
    result = out.sort_index().to_pandas()
    expected_arrays = [
        [e for e in (a or []) if isinstance(e, dict) and e.get("_type") == "Link"] for a in ARRAYS
    ]
    assert result.links.tolist() == expected_arrays
    assert [None if pd.isna(v) else v for v in result.first_id] == EXPECTED


def test_element_one_and_an_aggregate_of_element_zero(backend):
    built = _built(backend)
    second = built.links.json[1].json.get_value("id", as_str=True)
    expected = []
    for a in ARRAYS:
        links = [e for e in (a or []) if isinstance(e, dict) and e.get("_type") == "Link"]
        expected.append(links[1]["id"] if len(links) > 1 else None)
    assert _ids(second) == expected
    # the element-0 ids counted per group (the reader aggregates)
    firsts = built[["g"]]
    firsts["first_id"] = _first_ids(built)
    counts = firsts.groupby("g").first_id.count().sort_index().to_pandas()
    by_group = pd.Series(EXPECTED, index=GROUPS).groupby(level=0).count()
    assert counts.tolist() == by_group.tolist()


def _sql(frame: bach.DataFrame, dialect: str = "postgres") -> str:
    return frame.view_sql(dialect=dialect)


def test_the_rule_renders_the_first_match_where_the_array_is_built():
    built = _built(None)
    out = built[["g"]]
    out["first_id"] = _first_ids(built)
    sql = _sql(out)
    assert "JSONB_PATH_QUERY_FIRST" in sql  # the first-match form (a plain-string match)
    assert "JSONB_PATH_QUERY_ARRAY" not in sql
    assert "links_0 ->> 'id'" in sql
    # the same through the window, the filter and the join: one name all the way
    joined = _chain(built)
    joined["first_id"] = _first_ids(joined)
    sql = _sql(joined[["k", "group_name", "previous_g", "first_id"]])
    assert "LAG(g, 1)" in sql
    assert "JSONB_PATH_QUERY_ARRAY" not in sql
    assert "l.links_0" in sql
    assert "links_0 ->> 'id'" in sql


def test_the_rule_leaves_other_uses_alone():
    built = _built(None)
    # the whole array is read as well
    both = built[["links"]]
    both["first_id"] = _first_ids(built)
    assert "JSONB_PATH_QUERY_ARRAY" in _sql(both)
    # element 1
    second = built.links.json[1].to_frame()
    assert "JSONB_PATH_QUERY_ARRAY" in _sql(second)
    # the array goes through a DISTINCT step: adding a column there is not attempted
    distinct = built[["links"]].materialize(node_name="d", distinct=True)
    assert "JSONB_PATH_QUERY_ARRAY" in _sql(_first_ids(distinct).to_frame())


# ---- plan level: the uses that block the rule (nodes built directly)


def _plan_sql(root: Node) -> str:
    return render(render_plan(root), "postgres")


def _producer() -> Select:
    table = TableSource(table=exp.to_table("t"), column_names=("k", "v"))
    links = bx.JsonArrayFilter(
        this=col("v"), match=bx.StringToJson(this=exp.Literal.string('{"_type": "Link"}'))
    )
    return Select(parent=table, column_exprs=(("k", col("k")), ("links", links)), name="built")


def _first(column: exp.Expression) -> exp.Expression:
    return bx.JsonGetIndex(this=column, index=exp.Literal.number(0))


def test_a_plain_reader_gets_the_first_match():
    built = _producer()
    top = Select(parent=built, column_exprs=(("k", col("k")), ("f", _first(col("links")))))
    sql = _plan_sql(top)
    # named as the reader names it; the reader then passes it through
    assert 'CAST(\'{"v0": "Link"}\' AS JSONB), TRUE) AS f\n  FROM t' in sql
    assert sql.endswith("SELECT\n  k,\n  f\nFROM built")
    assert "JSONB_PATH_QUERY_ARRAY" not in sql


def test_a_join_condition_on_element_zero_blocks_the_rule():
    built = _producer()
    other = TableSource(table=exp.to_table("o"), column_names=("f",))
    on = exp.EQ(this=_first(col("links", "l")), expression=col("f", "r"))
    join = Join(left=built, right=other, how="inner", on=on)
    top = Select(parent=join, column_exprs=(("k", col("k", "l")), ("f", _first(col("links", "l")))))
    sql = _plan_sql(top)
    assert "JSONB_PATH_QUERY_ARRAY" in sql
    assert "JSONB_PATH_QUERY_FIRST" not in sql


def test_a_union_of_the_step_blocks_the_rule():
    # ``built`` is a part of a UNION and also read for its element 0: a column added to one
    # part would break the union
    built = _producer()
    table2 = TableSource(table=exp.to_table("t2"), column_names=("k", "links"))
    other = Select(parent=table2, column_exprs=(("k", col("k")), ("links", col("links"))))
    union = Select(parent=Union(parts=(built, other)), column_exprs=(("k", col("k")),))
    reader = Select(parent=built, column_exprs=(("k", col("k")), ("f", _first(col("links")))))
    on = exp.EQ(this=col("k", "l"), expression=col("k", "r"))
    join = Join(left=reader, right=union, how="inner", on=on)
    top = Select(parent=join, column_exprs=(("f", col("f", "l")), ("k", col("k", "r"))))
    sql = _plan_sql(top)
    assert "JSONB_PATH_QUERY_FIRST" not in sql
    assert "-> 0" in sql


def test_a_flattened_array_blocks_the_rule():
    built = _producer()
    flat = Flatten(array=col("links", "l"))
    join = Join(left=built, right=flat, how="cross", on=None)
    top = Select(
        parent=join,
        column_exprs=(("f", _first(col("links", "l"))), ("item", col("_bach_item", "r"))),
    )
    assert "JSONB_PATH_QUERY_ARRAY" in _plan_sql(top)
