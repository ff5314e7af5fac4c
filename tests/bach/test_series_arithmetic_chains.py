"""Operators whose Series is the right operand, chained: values on every backend.

The SQL size of these chains is checked in ``test_sql_shape.py``; here the results are compared
with Python's own operators (floor modulo with the divisor's sign, NULL for a zero divisor).
"""

from __future__ import annotations

import pandas as pd

import objectiv_bach as bach


def _mod(a, b):
    if a is None or b is None or b == 0:
        return None
    return a % b


def _values(series) -> list:
    return [None if pd.isna(v) else v for v in series.sort_index().to_pandas().tolist()]


def test_modulo_chain_through_the_divisor(backend):
    xs, ys = [7, -7, 12, 5, 9, 100], [17, 17, -25, 3, 0, 38]
    df = bach.from_pandas(backend, pd.DataFrame({"x": xs, "y": ys}))
    series = df.x
    expected = list(xs)
    for _ in range(4):
        series = (df.y + 1) % series
        expected = [_mod(y + 1, e) for y, e in zip(ys, expected, strict=True)]
    df["r"] = series
    assert _values(df.r) == expected


def test_float_modulo_chain_through_the_divisor(backend):
    fs, gs = [2.5, -1.5, 4.0, 0.75], [7.0, 7.0, -9.5, 3.0]
    df = bach.from_pandas(backend, pd.DataFrame({"f": fs, "g": gs}))
    series = df.f
    expected = list(fs)
    for _ in range(3):
        series = (df.g * 1.0) % series
        expected = [_mod(g, e) for g, e in zip(gs, expected, strict=True)]
    df["r"] = series
    got = _values(df.r)
    assert [None if v is None else round(v, 9) for v in got] == [
        None if v is None else round(v, 9) for v in expected
    ]


def test_modulo_by_a_window_and_by_an_aggregate(backend):
    """A divisor holding a window function or an aggregate (bound differently on BigQuery)."""
    pdf = pd.DataFrame({"g": ["a", "a", "b", "b", "b"], "t": [1, 2, 1, 2, 3], "x": [5, 3, 4, 7, 2]})
    df = bach.from_pandas(backend, pdf)
    ordered = df.sort_values("t")
    window = ordered.groupby("g").window()
    df["r"] = (df.x * 10) % (df.x.window_lag(window=window) + 1)
    previous = pdf.sort_values("t").groupby("g").x.shift(1)
    expected = [
        None if pd.isna(p) else _mod(x * 10, int(p) + 1)
        for x, p in zip(pdf.x, previous.sort_index(), strict=True)
    ]
    assert _values(df.r) == expected

    totals = df.groupby("g").x.sum()
    result = ((totals * 3) % (totals - 4)).sort_index().to_pandas()
    sums = pdf.groupby("g").x.sum()
    assert result.to_dict() == {k: _mod(v * 3, v - 4) for k, v in sums.items()}
