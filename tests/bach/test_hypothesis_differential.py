"""Property-based differential test: random frames and random operation chains, Bach on every
backend vs pandas with nullable dtypes (SQL's NULL rules = pandas' Int64/Float64/boolean + pd.NA).

Bounded and reproducible: ``max_examples=25`` per backend, ``derandomize=True``, no deadline.
Each example's pandas expectation is computed from the input data alone, never from Bach.
"""

from __future__ import annotations

import pandas as pd
from helpers import assert_rows_equal, normalize
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import objectiv_bach as bach

INTS = st.one_of(st.none(), st.integers(-50, 50))
FLOATS = st.one_of(st.none(), st.floats(-100, 100, allow_nan=False).map(lambda f: round(f, 3)))
STRINGS = st.one_of(st.none(), st.text(alphabet="abc'\" ", max_size=3))
BOOLS = st.one_of(st.none(), st.booleans())


@st.composite
def frames(draw):
    n = draw(st.integers(1, 8))
    return pd.DataFrame({
        "id": pd.array(range(n), dtype="Int64"),  # unique: a total order for sort + head
        "i": pd.array(draw(st.lists(INTS, min_size=n, max_size=n)), dtype="Int64"),
        "f": pd.array(draw(st.lists(FLOATS, min_size=n, max_size=n)), dtype="Float64"),
        "s": pd.array(draw(st.lists(STRINGS, min_size=n, max_size=n)), dtype="string"),
        "b": pd.array(draw(st.lists(BOOLS, min_size=n, max_size=n)), dtype="boolean"),
    })


NUMERIC = ["i", "f"]
OPS = st.one_of(
    st.tuples(st.just("filter"), st.sampled_from(NUMERIC), st.sampled_from(["<", ">", "==", "!="]),
              st.integers(-20, 20)),
    st.tuples(st.just("filter_bool"), st.sampled_from(["b", "~b", "b|i>0", "b&i>0"])),
    st.tuples(st.just("assign"), st.sampled_from(NUMERIC), st.sampled_from(["+", "-", "*"]),
              st.integers(-3, 3)),
    st.tuples(st.just("head"), st.integers(0, 5), st.booleans()),
)
FINAL = st.one_of(
    st.none(),
    st.tuples(st.just("groupby"), st.sampled_from(["s", "b"]),
              st.sampled_from(["sum", "count", "min", "max", "mean"])),
)


def _bool_mask(frame, expr: str):
    if expr == "b":
        return frame["b"]
    if expr == "~b":
        return ~frame["b"]
    if expr == "b|i>0":
        return frame["b"] | (frame["i"] > 0)
    return frame["b"] & (frame["i"] > 0)


def _compare(left, op: str, value: int):
    return {"<": left < value, ">": left > value, "==": left == value, "!=": left != value}[op]


def _apply_pandas(p: pd.DataFrame, ops, final):
    for op in ops:
        if op[0] == "filter":
            p = p[_compare(p[op[1]], op[2], op[3]).fillna(False).astype(bool)]
        elif op[0] == "filter_bool":
            p = p[_bool_mask(p, op[1]).fillna(False).astype(bool)]
        elif op[0] == "assign":
            col, sym, k = op[1:]
            p = p.assign(**{col: {"+": p[col] + k, "-": p[col] - k, "*": p[col] * k}[sym]})
        elif op[0] == "head":
            p = p.sort_values("id", ascending=op[2]).head(op[1])
    if final is None:
        return p
    key, func = final[1], final[2]
    grouped = p.groupby(key, dropna=False)[NUMERIC]
    out = getattr(grouped, func)()
    out.columns = [f"{c}_{func}" for c in out.columns]
    return out.reset_index()


def _apply_bach(df, ops, final):
    for op in ops:
        if op[0] == "filter":
            df = df[_compare(df[op[1]], op[2], op[3])]
        elif op[0] == "filter_bool":
            df = df[_bool_mask(df, op[1])]
        elif op[0] == "assign":
            col, sym, k = op[1:]
            df[col] = {"+": df[col] + k, "-": df[col] - k, "*": df[col] * k}[sym]
        elif op[0] == "head":
            df = df.sort_values("id", ascending=op[2])[0:op[1]]
    if final is None:
        return df
    key, func = final[1], final[2]
    return df[[key, *NUMERIC]].groupby(key).agg(func).reset_index()


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=frames(), ops=st.lists(OPS, max_size=4), final=FINAL)
def test_random_chains_match_pandas(backend, data, ops, final):
    expected = _apply_pandas(data.copy(), ops, final)
    df = bach.from_pandas(backend, data)
    got = _apply_bach(df.reset_index(drop=True), ops, final).to_pandas()
    assert list(got.columns) == list(expected.columns)
    rows = [tuple(normalize(v) for v in r) for r in got.itertuples(index=False, name=None)]
    exp_rows = [tuple(normalize(v) for v in r) for r in expected.itertuples(index=False, name=None)]
    ordered = final is None and any(op[0] == "head" for op in ops) and ops[-1][0] == "head"
    assert_rows_equal(rows, exp_rows, ordered=ordered, rel=1e-6, context=f"ops={ops} final={final}: ")

