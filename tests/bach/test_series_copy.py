"""``Series.copy_override`` sets fields without the constructor: the result must be what the
constructor gives (same fields, same checks), on every path a DataFrame operation takes."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlglot import exp

import objectiv_bach as bach
from objectiv_bach.errors import DtypeError
from objectiv_bach.plan.measure import SERIES_MAX_DEPTH, measure

FIELDS = (
    "_instance_dtype",
    "_engine",
    "_base_node",
    "_index",
    "_expression",
    "_name",
    "_group_by",
    "_order_by",
    "_size",
    "_depth",
)


@pytest.fixture
def frame() -> bach.DataFrame:
    data = pd.DataFrame({"g": ["a", "b", "b"], "x": [1, 2, None], "n": [1, 2, 3]})
    return bach.from_pandas(None, data)


def constructed(series: bach.Series, **overrides: object) -> bach.Series:
    """What the constructor makes of ``series`` with ``overrides`` (the reference)."""
    dtype = overrides.pop("dtype", series.instance_dtype)
    cls = bach.types.series_type(dtype)
    args = {
        "engine": series.engine,
        "base_node": series.base_node,
        "index": series.index,
        "expression": series.expression,
        "name": series.name,
        "group_by": series.group_by,
        "order_by": series.order_by,
        "instance_dtype": dtype if isinstance(dtype, (list, dict)) else None,
    }
    args.update(overrides)
    return cls(**args)


def fields(series: bach.Series) -> dict[str, object]:
    return {f: getattr(series, f) for f in FIELDS}


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "renamed"},
        {"dtype": "float64"},
        {"dtype": "int64", "name": "same class"},
        {"index": {}, "group_by": None, "order_by": ()},
        {"expression": exp.column("n"), "size": 1},
        {"expression": exp.Add(this=exp.column("n"), expression=exp.Literal.number(1))},
    ],
    ids=["name", "dtype", "same-dtype", "index", "column", "expression"],
)
def test_copy_override_equals_the_constructor(frame: bach.DataFrame, overrides: dict) -> None:
    series = frame.n
    expected = constructed(series, **dict(overrides))
    copy = series.copy_override(**dict(overrides))
    assert type(copy) is type(expected)
    assert fields(copy) == fields(expected)
    if "expression" in overrides:
        assert (copy._size, copy._depth) == measure(overrides["expression"])
    else:  # the same tree: the analysis made for the original is reused, not redone
        assert copy.expression is series.expression


def test_copy_override_of_a_structured_dtype_validates_it() -> None:
    lists = bach.from_pandas(None, pd.DataFrame({"l": [[1, 2]]}), dtypes={"l": ["int64"]}).l
    assert lists.copy_override(name="m").instance_dtype == ["int64"]
    assert lists.copy_override(dtype=["float"]).instance_dtype == ["float64"]  # canonical
    with pytest.raises(DtypeError, match="nonsense"):
        lists.copy_override(dtype=["nonsense"])


def test_copy_override_keeps_the_flags_it_computed(frame: bach.DataFrame) -> None:
    total = frame.n.sum()
    assert total.is_aggregated
    assert total.copy_override(name="t").is_aggregated
    assert total.copy_override(name="t")._flags == total._flags


def test_a_too_deep_expression_override_is_materialized(frame: bach.DataFrame) -> None:
    deep: exp.Expression = exp.column("n")
    for _ in range(SERIES_MAX_DEPTH):
        deep = exp.Paren(this=exp.Add(this=deep, expression=exp.Literal.number(1)))
    copy = frame.n.copy_override(expression=deep)
    assert copy.base_node != frame.n.base_node  # continued from a new node
    assert measure(copy.expression)[1] <= 3
    assert copy.sort_values().to_pandas().tolist() == [n + SERIES_MAX_DEPTH for n in (1, 2, 3)]


def test_frame_operations_give_runnable_copies(frame: bach.DataFrame) -> None:
    # every DataFrame step below re-bases all columns through copy_override
    out = frame[frame.n > 1].sort_values("n").materialize()
    out["y"] = out.x * 2
    expected = pd.DataFrame({"g": ["a", "b", "b"], "x": [1, 2, None], "n": [1, 2, 3]})
    expected = expected[expected.n > 1].sort_values("n")
    expected["y"] = expected.x * 2
    result = out.to_pandas().reset_index(drop=True)
    pd.testing.assert_frame_equal(result, expected.reset_index(drop=True), check_dtype=False)
