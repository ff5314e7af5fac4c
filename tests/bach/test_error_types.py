"""Where the original Bach (and pandas) raise a builtin, Bach raises a BachError that is that builtin.

Each case names the builtin the original raised; the error must be both that builtin and a
BachError, and its message must name the offending value.
"""

from __future__ import annotations

import pandas as pd
import pytest

import objectiv_bach as bach

PDF = pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": [1.5, 2.5]})


def _df():
    return bach.from_pandas(None, PDF)


CASES = {
    # a missing column: KeyError
    "getitem": (KeyError, "zz", lambda df: df["zz"]),
    "getitem list": (KeyError, "zz", lambda df: df[["a", "zz"]]),
    "groupby": (KeyError, "zz", lambda df: df.groupby("zz")),
    "cube": (KeyError, "zz", lambda df: df.cube("zz")),
    "sort_values": (KeyError, "zz", lambda df: df.sort_values("zz")),
    "drop": (KeyError, "zz", lambda df: df.drop(columns=["zz"])),
    "delitem": (KeyError, "zz", lambda df: df.__delitem__("zz")),
    "astype": (KeyError, "zz", lambda df: df.astype({"zz": "int64"})),
    "set_index": (KeyError, "zz", lambda df: df.set_index("zz")),
    "merge on": (KeyError, "zz", lambda df: df.merge(df, on="zz")),
    "dropna subset": (KeyError, "zz", lambda df: df.dropna(subset=["zz"])),
    "drop_duplicates": (KeyError, "zz", lambda df: df.drop_duplicates(subset=["zz"])),
    "value_counts": (KeyError, "zz", lambda df: df.value_counts(subset=["zz"])),
    "get_dummies": (KeyError, "zz", lambda df: df.get_dummies(columns=["zz"])),
    "reset_index level": (KeyError, "zz", lambda df: df.reset_index(level="zz")),
    "sort_index level": (KeyError, "zz", lambda df: df.sort_index(level="zz")),
    "sort_index position": (KeyError, "5", lambda df: df.sort_index(level=5)),
    # a wrong type: TypeError
    "groupby int": (TypeError, "123", lambda df: df.groupby(123)),
    "append int": (TypeError, "5", lambda df: df.append(5)),
    "add string to int": (TypeError, "string", lambda df: df.a + df.b),
    "unknown dtype": (TypeError, "nonsense", lambda df: df.astype("nonsense")),
    "hist of strings": (TypeError, "numeric", lambda df: df[["b"]].plot.histogram()),
    # a wrong value: ValueError
    "materialization": (ValueError, "foo", lambda df: df.materialize(materialization="foo")),
    "agg name": (ValueError, "nosuchfunc", lambda df: df.agg("nosuchfunc")),
    "quantile": (ValueError, "2.0", lambda df: df.quantile(2.0)),
    "dtype_backend": (ValueError, "arrow", lambda df: df.to_pandas(dtype_backend="arrow")),
    "fillna method": (ValueError, "zz", lambda df: df.fillna(method="zz")),
    "bins": (ValueError, "0", lambda df: df.plot.histogram(bins=0)),
    # not implemented, as the original: NotImplementedError
    "sum axis 0": (NotImplementedError, "axis=0", lambda df: df.sum(axis=0)),
    "sum level": (NotImplementedError, "level", lambda df: df.sum(level=0)),
    "hist by": (NotImplementedError, "by=", lambda df: df.plot.hist(by="b")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_builtin_and_bach_error(case):
    builtin, named, call = CASES[case]
    with pytest.raises(builtin) as info:
        call(_df())
    assert isinstance(info.value, bach.BachError), type(info.value).__mro__
    assert named in str(info.value)


def test_fillna_value_positionally():
    df = bach.from_pandas(None, pd.DataFrame({"x": [1.5, None], "y": [None, 2.0]}))
    expected = pd.DataFrame({"x": [1.5, 0.0], "y": [0.0, 2.0]})
    result = df.fillna(0.0).sort_index().to_pandas().reset_index(drop=True)
    pd.testing.assert_frame_equal(result, expected)
    assert df.fillna({"x": -1.0}).sort_index().x.to_pandas().tolist() == [1.5, -1.0]


def test_sort_index_by_level(backend):
    pdf = pd.DataFrame({"k1": [1, 1, 2, 2], "k2": ["b", "a", "d", "c"], "v": [1, 2, 3, 4]})
    df = bach.from_pandas(backend, pdf).set_index(["k1", "k2"])
    expected = pdf.set_index(["k1", "k2"]).sort_index(level="k2", ascending=False)
    result = df.sort_index(level="k2", ascending=False).to_pandas()
    assert result.index.tolist() == expected.index.tolist()
    by_position = df.sort_index(level=[1, 0]).to_pandas()
    assert by_position.v.tolist() == pdf.sort_values(["k2", "k1"]).v.tolist()
