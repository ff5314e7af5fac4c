"""Property-based differential test: random frames and random pipelines, Bach on every backend vs
pandas with nullable dtypes (SQL's NULL rules = pandas' Int64/Float64/boolean/string + pd.NA).

A pipeline is a list of steps over a frame ``id i f s b t j`` (unique int id, int, float,
string, bool, timestamp, JSON object): filters (numeric, bool, string, date, JSON), arithmetic,
string and date functions, JSON access, window functions, a row slice of the sorted frame; then
optionally a final groupby aggregation, a merge with a second frame, value_counts or
drop_duplicates. Each example's pandas expectation is computed from the input data alone, never
from Bach.

Four family tests draw random data for one family of operations and compute every operation
of the family as a column of one frame (one query per example): timedeltas (+, -, * and / by
numbers, timedelta / timedelta, total_seconds, dt.days/seconds/microseconds, vs pandas), JSON
(json[key], json[int] also negative, json[a:b], get_array_length, array_contains, vs Python),
window functions on sorted groups (row_number, rank with ties, lag/lead, a running sum,
first/last/nth value, vs pandas) and merges (inner/left/outer on keys with duplicates and
NULLs, with suffixes, vs pandas.merge with SQL's rule that a NULL key matches nothing).

Bounded and reproducible: every run uses a fixed list of seeds. In CI (the default profile) one
seed, 300 pipelines and 40 examples of each family per backend, except on the BigQuery
emulator (about a second per query): 15 pipelines and 5 examples of each family, so that the
file stays under a minute there. ``HYPOTHESIS_PROFILE=fuzz`` (``tox -e fuzz``) runs 5 seeds ×
1,000 pipelines and 300 examples of each family per backend (200 pipelines per seed and 40 per
family on BigQuery); ``HYPOTHESIS_EXAMPLES=n`` sets every count (to iterate locally). No
deadline (the BigQuery emulator is slow to answer).
"""

from __future__ import annotations

import datetime
import json
import os

import pandas as pd
import pytest
from helpers import assert_rows_equal, normalize
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import objectiv_bach as bach

PROFILES = {
    # seeds, pipeline examples per seed, examples of each family test (first seed)
    "default": ([20261201], 300, 40),
    "fuzz": ([1, 2, 3, 4, 5], 1000, 300),
}
#: the same counts on the BigQuery emulator, which takes about a second per query: the
#: default profile keeps the file under a minute there
SLOW_BACKEND_PROFILES = {"bigquery": {"default": (15, 5), "fuzz": (200, 40)}}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
if PROFILE not in PROFILES:
    msg = f"HYPOTHESIS_PROFILE={PROFILE!r}: choose one of {sorted(PROFILES)}."
    raise pytest.UsageError(msg)
SEEDS = PROFILES[PROFILE][0]


def example_counts(backend_id: str) -> tuple[int, int]:
    """(pipeline examples per seed, examples per family test) on this backend."""
    _, pipelines, families = PROFILES[PROFILE]
    if backend_id in SLOW_BACKEND_PROFILES:
        pipelines, families = SLOW_BACKEND_PROFILES[backend_id][PROFILE]
    override = os.environ.get("HYPOTHESIS_EXAMPLES")  # to iterate locally
    if override:
        pipelines = families = int(override)
    return pipelines, families


INTS = st.one_of(st.none(), st.integers(-50, 50))
FLOATS = st.one_of(st.none(), st.floats(-100, 100, allow_nan=False).map(lambda f: round(f, 3)))
STRINGS = st.one_of(st.none(), st.text(alphabet="abAB'\" %_", max_size=3))
BOOLS = st.one_of(st.none(), st.booleans())
TIMES = st.one_of(
    st.none(),
    st.datetimes(datetime.datetime(2021, 12, 25), datetime.datetime(2022, 1, 10)).map(
        lambda t: t.replace(microsecond=0)
    ),
)
JSONS = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {"t": st.text(alphabet="ab", max_size=2)}, optional={"k": st.integers(-5, 5)}
    ),
)
DAY = datetime.datetime(2022, 1, 1)


@st.composite
def frames(draw):
    n = draw(st.integers(1, 8))

    def column(strategy):
        return draw(st.lists(strategy, min_size=n, max_size=n))

    return pd.DataFrame(
        {
            "id": pd.array(range(n), dtype="Int64"),  # unique: a total order for sorts and windows
            "i": pd.array(column(INTS), dtype="Int64"),
            "f": pd.array(column(FLOATS), dtype="Float64"),
            "s": pd.array(column(STRINGS), dtype="string"),
            "b": pd.array(column(BOOLS), dtype="boolean"),
            "t": pd.array(column(TIMES), dtype="datetime64[us]"),
            # JSON as text (a column of only missing values has no dtype to infer); Bach casts it
            "j": pd.array(
                [None if v is None else json.dumps(v) for v in column(JSONS)], dtype="string"
            ),
        }
    )


NUMERIC = ["i", "f"]
STEPS = st.one_of(
    st.tuples(
        st.just("filter"),
        st.sampled_from(NUMERIC),
        st.sampled_from(["<", ">", "==", "!="]),
        st.integers(-20, 20),
    ),
    st.tuples(st.just("filter_bool"), st.sampled_from(["b", "~b", "b|i>0", "b&i>0"])),
    st.tuples(
        st.just("filter_str"),
        st.sampled_from(["==", "contains", "startswith", "isin", "endswith", "regex"]),
        st.sampled_from(["a", "A", "ab", "'", "%"]),
    ),
    st.tuples(st.just("filter_time"), st.sampled_from(["<", ">="]), st.integers(-5, 5)),
    st.tuples(st.just("filter_json"), st.sampled_from(["a", "ab", ""])),
    st.tuples(
        st.just("arith"),
        st.sampled_from(NUMERIC),
        st.sampled_from(["+", "-", "*", "//", "%"]),
        st.integers(-3, 3).filter(lambda k: k != 0),
    ),
    st.tuples(
        st.just("string"),
        st.sampled_from(
            [
                "upper",
                "lower",
                "len",
                "concat",
                "slice",
                "replace",
                "neg_slice",
                "get",
                "rstrip",
                "regex_replace",
            ]
        ),
    ),
    st.tuples(st.just("time"), st.sampled_from(["%Y-%m-%d", "%H:%M", "%Y%m"])),
    st.tuples(
        st.just("time_part"),
        st.sampled_from(["year", "month", "day", "hour", "dayofweek", "week", "text"]),
    ),
    st.tuples(st.just("json"), st.sampled_from(["k", "t"])),
    st.tuples(
        st.just("window"),
        st.sampled_from(["lag", "lead", "row_number"]),
        st.sampled_from([None, "b"]),
        st.booleans(),
    ),
    st.tuples(st.just("head"), st.integers(0, 5), st.booleans()),
)
FINAL = st.one_of(
    st.none(),
    st.tuples(
        st.just("groupby"),
        st.sampled_from(["s", "b"]),
        st.sampled_from(["sum", "count", "min", "max", "mean"]),
    ),
    st.tuples(st.just("merge"), st.sampled_from(["inner", "left"])),
    st.tuples(st.just("value_counts"), st.sampled_from(["s", "b", "i"]), st.booleans()),
    st.tuples(st.just("drop_duplicates"), st.sampled_from(["first", "last"])),
)
#: the second frame of a merge: keys 'b' and a value per key (one row per key)
RIGHT = pd.DataFrame(
    {
        "b": pd.array([True, False], dtype="boolean"),
        "label": pd.array(["yes", "no"], dtype="string"),
    }
)


#: the rest of the "regex" string filter, per drawn text (portable regular expressions)
_REGEX_TAIL = {"a": "$", "A": "[^a]", "ab": "b?$", "'": ".", "%": "[%_]"}


# ------------------------------------------------------------------------------------- helpers
def _bool_mask(frame, expr: str):
    if expr == "b":
        return frame["b"]
    if expr == "~b":
        return ~frame["b"]
    if expr == "b|i>0":
        return frame["b"] | (frame["i"] > 0)
    return frame["b"] & (frame["i"] > 0)


def _compare(left, op: str, value):
    return {
        "<": lambda: left < value,
        ">": lambda: left > value,
        "==": lambda: left == value,
        "!=": lambda: left != value,
        ">=": lambda: left >= value,
    }[op]()


def _arith(left, sym: str, k: int):
    return {
        "+": lambda: left + k,
        "-": lambda: left - k,
        "*": lambda: left * k,
        "//": lambda: left // k,
        "%": lambda: left % k,
    }[sym]()


def _keep(mask: pd.Series) -> pd.Series:
    return mask.fillna(False).astype(bool)


def _json_value(text, key: str):
    value = None if text is None or text is pd.NA else json.loads(text)
    if not isinstance(value, dict) or key not in value:
        return None
    return str(value[key])


# ------------------------------------------------------------------------------------- pandas
def _pandas_step(p: pd.DataFrame, step) -> pd.DataFrame:  # noqa: C901, PLR0911, PLR0912
    kind = step[0]
    if kind == "filter":
        return p[_keep(_compare(p[step[1]], step[2], step[3]))]
    if kind == "filter_bool":
        return p[_keep(_bool_mask(p, step[1]))]
    if kind == "filter_str":
        op, text = step[1], step[2]
        s = p["s"]
        mask = {
            "==": lambda: s == text,
            "contains": lambda: s.str.contains(text, regex=False),
            "startswith": lambda: s.str.startswith(text),
            "isin": lambda: s.isin([text, "b"]),
            "endswith": lambda: s.str.endswith(text),
            "regex": lambda: s.str.contains("^[aA]+" + _REGEX_TAIL[text]),
        }[op]()
        return p[_keep(mask)]
    if kind == "filter_time":
        return p[_keep(_compare(p["t"], step[1], DAY + datetime.timedelta(days=step[2])))]
    if kind == "filter_json":
        text = p["j"].map(lambda v: _json_value(v, "t")).astype("string")
        return p[_keep(text == step[1])]
    if kind == "arith":
        col, sym, k = step[1:]
        return p.assign(**{col: _arith(p[col], sym, k)})
    if kind == "string":
        s = p["s"]
        new = {
            "upper": lambda: s.str.upper(),
            "lower": lambda: s.str.lower(),
            "len": lambda: s.str.len().astype("Int64"),
            "concat": lambda: s + "x",
            "slice": lambda: s.str.slice(1, 3),
            "replace": lambda: s.str.replace("a", "b"),
            "neg_slice": lambda: s.str[-2:],
            "get": lambda: s.str.get(-2),
            "rstrip": lambda: s.str.rstrip("a'"),
            "regex_replace": lambda: s.str.replace("[ab]+", "_", regex=True),
        }[step[1]]()
        return p.assign(**({"n": new} if step[1] == "len" else {"s": new}))
    if kind == "time_part":
        t = p["t"]
        if step[1] == "text":  # Python's str() per value
            return p.assign(ts=t.map(lambda v: None if pd.isna(v) else str(v)).astype("string"))
        part = t.dt.isocalendar().week if step[1] == "week" else getattr(t.dt, step[1])
        return p.assign(n=part.astype("Int64"))
    if kind == "time":
        text = p["t"].dt.strftime(step[1]).where(p["t"].notna(), None).astype("string")
        return p.assign(ts=text)
    if kind == "json":
        return p.assign(jv=p["j"].map(lambda v: _json_value(v, step[1])).astype("string"))
    if kind == "window":
        func, by, ascending = step[1:]
        ordered = p.sort_values("id", ascending=ascending)
        grouped = (
            ordered.groupby(by, dropna=False)
            if by
            else ordered.groupby(pd.Series(0, index=ordered.index))
        )
        if func == "row_number":
            new = (grouped.cumcount() + 1).astype("Int64")
        else:
            new = grouped["i"].shift(1 if func == "lag" else -1)
        return p.assign(w=new.reindex(p.index))
    if kind == "head":
        return p.sort_values("id", ascending=step[2]).head(step[1])
    raise AssertionError(step)


def _pandas_final(p: pd.DataFrame, final) -> pd.DataFrame:
    kind = final[0]
    if kind == "groupby":
        key, func = final[1], final[2]
        out = getattr(p.groupby(key, dropna=False)[NUMERIC], func)()
        out.columns = [f"{c}_{func}" for c in out.columns]
        return out.reset_index()
    if kind == "merge":
        return p[["id", "b", "i"]].merge(RIGHT, on="b", how=final[1])
    if kind == "value_counts":
        counts = p[final[1]].value_counts(dropna=final[2])
        return pd.DataFrame({final[1]: counts.index, "value_counts": counts.to_numpy()})
    subset = ["s"]
    ordered = p.sort_values("id")
    return ordered.drop_duplicates(subset=subset, keep=final[1])[["id", "s"]]


# ------------------------------------------------------------------------------------- Bach
def _bach_step(df, step):  # noqa: C901, PLR0911, PLR0912
    kind = step[0]
    if kind == "filter":
        return df[_compare(df[step[1]], step[2], step[3])]
    if kind == "filter_bool":
        return df[_bool_mask(df, step[1])]
    if kind == "filter_str":
        op, text = step[1], step[2]
        s = df["s"]
        mask = {
            "==": lambda: s == text,
            "contains": lambda: s.str.contains(text, regex=False),
            "startswith": lambda: s.str.startswith(text),
            "isin": lambda: s.isin([text, "b"]),
            "endswith": lambda: s.str.endswith(text),
            "regex": lambda: s.str.contains("^[aA]+" + _REGEX_TAIL[text]),
        }[op]()
        return df[mask]
    if kind == "filter_time":
        return df[_compare(df["t"], step[1], DAY + datetime.timedelta(days=step[2]))]
    if kind == "filter_json":
        return df[df["j"].json.get_value("t", as_str=True) == step[1]]
    df = df.copy()
    if kind == "arith":
        col, sym, k = step[1:]
        df[col] = _arith(df[col], sym, k)
    elif kind == "string":
        s = df["s"]
        new = {
            "upper": lambda: s.str.upper(),
            "lower": lambda: s.str.lower(),
            "len": lambda: s.str.len(),
            "concat": lambda: s + "x",
            "slice": lambda: s.str.slice(1, 3),
            "replace": lambda: s.str.replace("a", "b"),
            "neg_slice": lambda: s.str[-2:],
            "get": lambda: s.str.get(-2),
            "rstrip": lambda: s.str.rstrip("a'"),
            "regex_replace": lambda: s.str.replace("[ab]+", "_", regex=True),
        }[step[1]]()
        df["n" if step[1] == "len" else "s"] = new
    elif kind == "time_part":
        if step[1] == "text":
            df["ts"] = df["t"].astype("string")
        else:
            df["n"] = getattr(df["t"].dt, step[1])
    elif kind == "time":
        df["ts"] = df["t"].dt.strftime(step[1])
    elif kind == "json":
        df["jv"] = df["j"].json.get_value(step[1], as_str=True)
    elif kind == "window":
        func, by, ascending = step[1:]
        if by and "w" in df.columns:
            # grouping a frame that has a window column starts a new step; a window of that step
            # applies to its Series (docs/extending.md: materialize first)
            df = df.materialize()
        ordered = df.sort_values("id", ascending=ascending)
        window = (ordered.groupby(by) if by else ordered).window()
        series = ordered["i"]
        df["w"] = (
            series.window_row_number(window=window)
            if func == "row_number"
            else series.window_lag(window=window)
            if func == "lag"
            else series.window_lead(window=window)
        )
    elif kind == "head":
        df = df.sort_values("id", ascending=step[2])[0 : step[1]]
    else:
        raise AssertionError(step)
    return df


def _bach_final(df, final, backend):
    kind = final[0]
    if kind == "groupby":
        key, func = final[1], final[2]
        return df[[key, *NUMERIC]].groupby(key).agg(func).reset_index()
    if kind == "merge":
        right = bach.from_pandas(backend, RIGHT).reset_index(drop=True)
        return df[["id", "b", "i"]].merge(right, on="b", how=final[1])
    if kind == "value_counts":
        return df[final[1]].value_counts(sort=False, dropna=final[2]).reset_index()
    return df.drop_duplicates(subset="s", keep=final[1], sort_by="id")[["id", "s"]]


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(normalize(v) for v in r) for r in frame.itertuples(index=False, name=None)]


def _check(backend, data: pd.DataFrame, steps, final) -> None:
    expected = data.copy()
    for step in steps:
        expected = _pandas_step(expected, step)
    df = bach.from_pandas(backend, data).reset_index(drop=True)
    df["j"] = df.j.astype("json")
    for step in steps:
        df = _bach_step(df, step)
    if final is not None:
        expected = _pandas_final(expected, final)
        df = _bach_final(df, final, backend)
    got = df.to_pandas()
    if "j" in expected.columns:  # compare JSON as values, not as text
        parsed = [None if v is None or v is pd.NA else json.loads(v) for v in expected["j"]]
        expected = expected.assign(j=pd.Series(parsed, index=expected.index, dtype="object"))
    context = f"steps={steps} final={final}: "
    assert list(got.columns) == list(expected.columns), context
    ordered = final is None and bool(steps) and steps[-1][0] == "head"
    assert_rows_equal(_rows(got), _rows(expected), ordered=ordered, rel=1e-6, context=context)


COUNTS: dict[str, int] = {}


@pytest.mark.parametrize("seed_value", SEEDS)
def test_random_pipelines_match_pandas(backend, seed_value, request):
    """Random pipelines (``example_counts`` per seed) on this backend equal pandas."""
    backend_id = request.node.callspec.params["backend"]
    examples = example_counts(backend_id)[0]
    ran = []

    @seed(seed_value)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=frames(), steps=st.lists(STEPS, max_size=4), final=FINAL)
    def pipelines(data, steps, final):
        ran.append(1)
        _check(backend, data, steps, final)

    pipelines()
    COUNTS[backend_id] = COUNTS.get(backend_id, 0) + len(ran)
    print(f"\n{backend_id}: seed {seed_value}: {len(ran)} examples")  # noqa: T201
    assert len(ran) >= examples


# ------------------------------------------------------------------ families: one query each
# Each example below computes every operation of its family as a column of one frame (one
# query), so that the slow BigQuery emulator checks them all in a few examples.


def _run_family(backend_id: str, strategy, check) -> None:
    count = example_counts(backend_id)[1]
    ran = []

    @seed(SEEDS[0])
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def examples(case):
        ran.append(1)
        check(case)

    examples()
    print(f"\n{backend_id}: {len(ran)} examples")  # noqa: T201
    assert len(ran) >= count


def _assert_columns(got: pd.DataFrame, expected: pd.DataFrame, context: str, rel=1e-6) -> None:
    assert list(got.columns) == list(expected.columns), context
    assert_rows_equal(_rows(got), _rows(expected), ordered=False, rel=rel, context=context)


# timedeltas: microsecond durations, negative ones too, with NULLs
TIMEDELTAS = st.one_of(
    st.none(),
    st.integers(-3 * 86_400_000_000, 3 * 86_400_000_000).map(
        lambda us: datetime.timedelta(microseconds=us)
    ),
)
NONZERO_TIMEDELTAS = TIMEDELTAS.filter(lambda td: td != datetime.timedelta(0))


@st.composite
def timedelta_cases(draw):
    n = draw(st.integers(1, 6))
    data = pd.DataFrame(
        {
            "id": pd.array(range(n), dtype="Int64"),
            "a": pd.array(draw(st.lists(TIMEDELTAS, min_size=n, max_size=n)), "timedelta64[us]"),
            "b": pd.array(
                draw(st.lists(NONZERO_TIMEDELTAS, min_size=n, max_size=n)), "timedelta64[us]"
            ),
        }
    )
    k = draw(st.sampled_from([-3, 2, 7]))
    x = draw(st.sampled_from([0.5, -1.25, 3.0]))
    return data, k, x


def _seconds(values) -> pd.Series:
    """Durations as float seconds (None stays missing), to compare with a tolerance."""
    return pd.Series(
        [None if pd.isna(v) else pd.Timedelta(v).total_seconds() for v in values], dtype="Float64"
    )


def _check_timedeltas(backend, case) -> None:
    data, k, x = case
    a, b = data["a"], data["b"]
    expected = pd.DataFrame(
        {
            "id": data["id"],
            "plus": _seconds(a + b),
            "minus": _seconds(a - b),
            "times_k": _seconds(a * k),
            "times_x": _seconds(a * x),
            "div_k": _seconds(a / k),
            "div_x": _seconds(a / x),
            "ratio": (a / b).astype("Float64"),
            "total_seconds": a.dt.total_seconds().astype("Float64"),
            "days": a.dt.days.astype("Int64"),
            "seconds": a.dt.seconds.astype("Int64"),
            "microseconds": a.dt.microseconds.astype("Int64"),
        }
    )
    df = bach.from_pandas(backend, data).reset_index(drop=True)
    out = df[["id"]]
    out["plus"] = df.a + df.b
    out["minus"] = df.a - df.b
    out["times_k"] = df.a * k
    out["times_x"] = df.a * x
    out["div_k"] = df.a / k
    out["div_x"] = df.a / x
    out["ratio"] = df.a / df.b
    out["total_seconds"] = df.a.dt.total_seconds
    out["days"] = df.a.dt.days
    out["seconds"] = df.a.dt.seconds
    out["microseconds"] = df.a.dt.microseconds
    # durations are read back as their total seconds: the emulator loses the sign of a negative
    # INTERVAL it returns (tests/bach/test_dtypes_roundtrip.py marks that read-back)
    for column in ("plus", "minus", "times_k", "times_x", "div_k", "div_x"):
        out[column] = out[column].dt.total_seconds
    got = out.to_pandas()
    _assert_columns(got, expected, f"timedeltas k={k} x={x} data={data.to_dict('list')}: ")


def test_timedelta_operations_match_pandas(backend, request):
    """+, -, * and / by numbers, td / td, total_seconds and the day/second/microsecond parts."""
    backend_id = request.node.callspec.params["backend"]
    _run_family(backend_id, timedelta_cases(), lambda case: _check_timedeltas(backend, case))


# JSON: arrays of small ints and strings, and objects, with missing values. One column of
# arrays, one of objects: on DuckDB a slice or array_contains of an object value is an error
JSON_SCALARS = st.one_of(st.integers(-3, 3), st.sampled_from(["a", "b", "ab"]))
JSON_ARRAYS = st.one_of(st.none(), st.lists(JSON_SCALARS, max_size=5))
JSON_OBJECTS = st.one_of(
    st.none(), st.fixed_dictionaries({}, optional={"k": JSON_SCALARS, "m": JSON_SCALARS})
)


def _json_texts(values) -> pd.arrays.StringArray:
    return pd.array([None if v is None else json.dumps(v) for v in values], "string")


@st.composite
def json_cases(draw):
    n = draw(st.integers(1, 6))
    arrays = draw(st.lists(JSON_ARRAYS, min_size=n, max_size=n))
    objects = draw(st.lists(JSON_OBJECTS, min_size=n, max_size=n))
    data = pd.DataFrame(
        {
            "id": pd.array(range(n), dtype="Int64"),
            "arr": _json_texts(arrays),
            "obj": _json_texts(objects),
        }
    )
    index = draw(st.integers(-4, 4))
    bounds = draw(st.tuples(st.none() | st.integers(-4, 4), st.none() | st.integers(-4, 4)))
    item = draw(JSON_SCALARS)
    return arrays, objects, data, index, bounds, item


def _check_json(backend, case) -> None:
    arrays, objects, data, index, (start, stop), item = case
    expected = pd.DataFrame(
        {
            "id": data["id"],
            "key": pd.Series([None if o is None else o.get("k") for o in objects], dtype="object"),
            "index": pd.Series(
                [a[index] if a is not None and -len(a) <= index < len(a) else None for a in arrays],
                dtype="object",
            ),
            # a slice of a missing array is []
            "slice": pd.Series(
                [[] if a is None else a[start:stop] for a in arrays], dtype="object"
            ),
            "length": pd.array([None if a is None else len(a) for a in arrays], "Int64"),
            # False for a missing array
            "contains": pd.array([a is not None and item in a for a in arrays], "boolean"),
        }
    )
    df = bach.from_pandas(backend, data).reset_index(drop=True)
    df["arr"] = df.arr.astype("json")
    df["obj"] = df.obj.astype("json")
    out = df[["id"]]
    out["key"] = df.obj.json["k"]
    out["index"] = df.arr.json[index]
    out["slice"] = df.arr.json[start:stop]
    out["length"] = df.arr.json.get_array_length()
    out["contains"] = df.arr.json.array_contains(item)
    got = out.to_pandas()
    context = (
        f"json index={index} slice={start}:{stop} item={item!r} arrays={arrays} objects={objects}: "
    )
    _assert_columns(got, expected, context)


def test_json_operations_match_python(backend, request):
    """json[key], json[int] (negative too), json[a:b], get_array_length, array_contains."""
    backend_id = request.node.callspec.params["backend"]
    _run_family(backend_id, json_cases(), lambda case: _check_json(backend, case))


# windows: groups with NULL values; 'v' has ties (for rank), ('v', 'id') is a total order
@st.composite
def window_cases(draw):
    n = draw(st.integers(1, 8))
    data = pd.DataFrame(
        {
            "id": pd.array(range(n), dtype="Int64"),
            "g": pd.array(draw(st.lists(st.sampled_from(["p", "q"]), min_size=n, max_size=n))),
            "v": pd.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), "Int64"),
            "x": pd.array(draw(st.lists(INTS, min_size=n, max_size=n)), "Int64"),
        }
    )
    return data, draw(st.booleans()), draw(st.integers(1, 3))


def _check_windows(backend, case) -> None:
    data, ascending, nth = case
    ordered = data.sort_values(["v", "id"], ascending=ascending)
    grouped = ordered.groupby("g")
    position = grouped.cumcount()

    def per_group(func):
        return grouped["x"].transform(func).reindex(data.index)

    expected = pd.DataFrame(
        {
            "id": data["id"],
            "row_number": (position + 1).astype("Int64").reindex(data.index),
            # rank over the sort key 'v' only: ties share the lowest rank
            "rank": data.groupby("g")["v"].rank(method="min", ascending=ascending).astype("Int64"),
            "lag": grouped["x"].shift(1).reindex(data.index),
            "lead": grouped["x"].shift(-1).reindex(data.index),
            # pandas' sum of the rows so far (0 while they are all missing)
            "running_sum": per_group(
                lambda s: pd.Series([s.iloc[: i + 1].sum() for i in range(len(s))], index=s.index)
            ).astype("Int64"),
            "first": per_group(lambda s: pd.Series(s.iloc[0], index=s.index, dtype="Int64")),
            "last": data["x"],  # the default frame ends at the current row
            "nth": per_group(
                lambda s: pd.Series(
                    [s.iloc[nth - 1] if i >= nth - 1 else pd.NA for i in range(len(s))],
                    index=s.index,
                    dtype="Int64",
                )
            ),
        }
    )
    df = bach.from_pandas(backend, data).reset_index(drop=True)
    window = df.sort_values(["v", "id"], ascending=ascending).groupby("g").window()
    rank_window = df.sort_values("v", ascending=ascending).groupby("g").window()
    out = df[["id"]]
    out["row_number"] = df.x.window_row_number(window=window)
    out["rank"] = df.x.window_rank(window=rank_window)
    out["lag"] = df.x.window_lag(window=window)
    out["lead"] = df.x.window_lead(window=window)
    out["running_sum"] = df.x.sum(partition=window)
    out["first"] = df.x.window_first_value(window=window)
    out["last"] = df.x.window_last_value(window=window)
    out["nth"] = df.x.window_nth_value(nth, window=window)
    got = out.to_pandas()
    context = f"windows ascending={ascending} nth={nth} data={data.to_dict('list')}: "
    _assert_columns(got, expected, context)


def test_window_functions_match_pandas(backend, request):
    """row_number, rank, lag/lead, a running sum, first/last/nth value on sorted groups."""
    backend_id = request.node.callspec.params["backend"]
    _run_family(backend_id, window_cases(), lambda case: _check_windows(backend, case))


# merges: keys with duplicates and NULLs (SQL: a NULL key matches nothing), a shared column
KEYS = st.one_of(st.none(), st.integers(0, 2))


@st.composite
def merge_cases(draw):
    def side(name):
        n = draw(st.integers(0, 5))
        return pd.DataFrame(
            {
                "k": pd.array(draw(st.lists(KEYS, min_size=n, max_size=n)), "Int64"),
                "a": pd.array(draw(st.lists(INTS, min_size=n, max_size=n)), "Int64"),
                name: pd.array([f"{name}{i}" for i in range(n)], "string"),
            }
        )

    how = draw(st.sampled_from(["inner", "left", "outer"]))
    suffixes = draw(st.sampled_from([("_x", "_y"), ("_l", "_r")]))
    return side("lname"), side("rname"), how, suffixes


def _pandas_sql_merge(left, right, how, suffixes):
    """pandas.merge with SQL's rule that a NULL key matches nothing (pandas matches NaN keys)."""
    lkey = left["k"].astype("Float64").fillna(pd.Series(-1000.0 - left.index, index=left.index))
    rkey = right["k"].astype("Float64").fillna(pd.Series(-2000.0 - right.index, index=right.index))
    merged = left.assign(k=lkey).merge(right.assign(k=rkey), on="k", how=how, suffixes=suffixes)
    merged["k"] = merged["k"].where(merged["k"] >= 0).astype("Int64")
    return merged


def _check_merge(backend, case) -> None:
    left, right, how, suffixes = case
    expected = _pandas_sql_merge(left, right, how, suffixes)
    lf = bach.from_pandas(backend, left).reset_index(drop=True)
    rf = bach.from_pandas(backend, right).reset_index(drop=True)
    got = lf.merge(rf, on="k", how=how, suffixes=suffixes).to_pandas()
    context = (
        f"merge how={how} suffixes={suffixes} left={left.to_dict('list')} "
        f"right={right.to_dict('list')}: "
    )
    _assert_columns(got, expected, context)


def test_merges_match_pandas(backend, request):
    """inner/left/outer merges on keys with duplicates and NULLs, with suffixes."""
    backend_id = request.node.callspec.params["backend"]
    _run_family(backend_id, merge_cases(), lambda case: _check_merge(backend, case))
