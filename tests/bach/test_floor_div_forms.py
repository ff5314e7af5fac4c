"""Integer // and % with plain operands and with computed operands give pandas' floor results.

DuckDB renders the two cases differently (repeated column/literal operands, or operands bound once
in LIST_TRANSFORM: dialects/duckdb.py), so both are checked against pandas on every backend.
"""

from __future__ import annotations

import pandas as pd

import objectiv_bach as bach

A = [-7, 7, -7, 7, 5, 0, -1, 9]
B = [2, -2, -2, 3, -3, 4, 5, 1]


def test_floor_div_and_mod_plain_and_computed_operands(backend):
    pdf = pd.DataFrame({"a": A, "b": B})
    df = bach.from_pandas(backend, pdf)
    df["d"] = df.a // df.b
    df["m"] = df.a % df.b
    df["d_lit"] = df.a // -3
    df["m_lit"] = df.a % -3
    df["d_expr"] = (df.a + 1) // (df.b * 2)
    df["m_expr"] = (df.a + 1) % (df.b * 2)
    got = df.sort_index().to_pandas()
    want = {
        "d": pdf.a // pdf.b,
        "m": pdf.a % pdf.b,
        "d_lit": pdf.a // -3,
        "m_lit": pdf.a % -3,
        "d_expr": (pdf.a + 1) // (pdf.b * 2),
        "m_expr": (pdf.a + 1) % (pdf.b * 2),
    }
    for name, expected in want.items():
        assert [int(v) for v in got[name]] == expected.tolist(), name


def test_division_by_zero_is_null(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"a": [7, -7], "b": [0, 0]}))
    df["d"] = df.a // df.b
    df["m"] = (df.a * 2) % df.b
    got = df.to_pandas()
    assert got.d.isna().all() and got.m.isna().all()
