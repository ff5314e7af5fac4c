"""SeriesFloat64.random and SeriesUuid.random on every backend.

Seeded values are checked against Python's own MD5 of ``'<seed>|<index>'`` (the documented
rule), so every engine must give exactly those values; unseeded ones by their range and spread.
"""

from __future__ import annotations

import hashlib
import uuid

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.errors import InvalidArgumentError


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 (not security: a row hash)


@pytest.fixture
def pdf():
    return pd.DataFrame({"k": ["a", "b", "é", None, "a"], "x": [1, 2, 3, 4, 5]})


def test_seeded_random_float_is_the_md5_of_seed_and_index(backend, pdf):
    df = bach.from_pandas(backend, pdf)
    df["r"] = bach.SeriesFloat64.random(df, seed=3)
    got = df.r.sort_index().to_pandas().tolist()
    assert got == [int(_md5(f"3|{i}")[:8], 16) / 2**32 for i in pdf.index]
    keyed = df.set_index("k")
    keyed["r"] = bach.SeriesFloat64.random(keyed, seed=-5)
    result = keyed.reset_index().sort_values("x").to_pandas()
    expected = [int(_md5(f"-5|{'' if pd.isna(k) else k}")[:8], 16) / 2**32 for k in pdf.k]
    assert result.r.tolist() == expected


def test_seeded_random_uuid_is_the_md5_of_seed_and_index(backend, pdf):
    df = bach.from_pandas(backend, pdf)
    df["u"] = bach.SeriesUuid.random(df, seed=11)
    got = df.u.sort_index().to_pandas().tolist()
    assert got == [uuid.UUID(_md5(f"11|{i}")) for i in pdf.index]


def test_unseeded_random_values(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"x": range(200)}))
    df["r"] = bach.SeriesFloat64.random(df)
    df["u"] = bach.SeriesUuid.random(df)
    result = df.to_pandas()
    assert result.r.between(0, 1, inclusive="left").all()
    assert result.r.nunique() > 150  # (collisions of 200 random doubles: practically none)
    assert 0.3 < result.r.mean() < 0.7
    assert result.u.nunique() == 200 and all(isinstance(u, uuid.UUID) for u in result.u)


def test_seeded_random_needs_an_index_and_an_int_seed(backend):
    df = bach.from_pandas(backend, pd.DataFrame({"x": [1]}))
    with pytest.raises(InvalidArgumentError, match="index"):
        bach.SeriesFloat64.random(df.reset_index(drop=True), seed=1)
    with pytest.raises(TypeError):
        bach.SeriesUuid.random(df, seed="one")
