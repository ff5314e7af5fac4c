"""``.str`` on every backend, against pandas' ``str`` methods on the same (hostile) strings.

Expectations come from pandas on an ``object`` Series of the same values; every case runs on
duckdb, postgres and bigquery.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from helpers import backend_name, values

import objectiv_bach as bach
from objectiv_bach.errors import BackendError, InvalidArgumentError, UnsupportedOperationError

#: unicode, quotes, backslashes, SQL-ish text, newlines, tabs, empty and missing values
DATA = [
    "Hello",
    "wORLD",
    "",
    None,
    "añb",
    "a'b",
    'q"uo\\te',
    "x; DROP TABLE t; --",
    "  spaced\t\n",
    "\u00a0nbsp\u2003",
    "ŁÓDŹ łódź",
    "日本語テキスト",
    "emoji 🦆 duck",
    "a.b.c",
    "-42",
    "+7",
    "line1\nline2",
    "%_%",
]


@pytest.fixture
def pandas_s() -> pd.Series:
    return pd.Series(DATA, dtype="object")


@pytest.fixture
def s(backend):
    return bach.from_pandas(backend, pd.DataFrame({"s": DATA})).sort_index().s


def _expect(ps: pd.Series, method: str, *args, **kwargs) -> list:
    return values(getattr(ps.str, method)(*args, **kwargs))


@pytest.mark.parametrize(
    "key",
    [
        0,
        1,
        -1,
        -3,
        20,
        -20,
        slice(None, 2),
        slice(-3, None),
        slice(1, -1),
        slice(-4, -1),
        slice(2, 1),
        slice(-1, -3),
        slice(None, -2),
        slice(3, None),
        slice(-100, 2),
    ],
    ids=str,
)
def test_positions_and_slices(s, pandas_s, key):
    assert values(s.str[key]) == values(pandas_s.str[key])


def test_slice_and_get(s, pandas_s):
    assert values(s.str.slice(-3)) == values(pandas_s.str.slice(-3))
    assert values(s.str.slice(1, -2)) == values(pandas_s.str.slice(1, -2))
    assert values(s.str.slice(stop=-1)) == values(pandas_s.str.slice(stop=-1))
    assert values(s.str.get(-2)) == values(pandas_s.str.get(-2))
    assert values(s.str.get(3)) == values(pandas_s.str.get(3))


# valid GoogleSQL (zetasql accepts it), but bqemulator 1.4 (DuckDB underneath) mis-executes it
_EMULATOR_ESCAPES = (
    "bqemulator misreads the '\\x1c'-style escapes of the whitespace set in the TRIM literal "
    "(valid GoogleSQL escapes)"
)
_EMULATOR_LPAD = "bqemulator passes LPAD/RPAD's INT64 width as BIGINT, which DuckDB refuses"


def test_case_and_length(s, pandas_s):
    for method in ("len", "lower", "upper"):
        assert values(getattr(s.str, method)()) == _expect(pandas_s, method), method


def test_strip_chars(s, pandas_s):
    assert values(s.str.strip("a-+%")) == _expect(pandas_s, "strip", "a-+%")
    assert values(s.str.lstrip("\\q")) == _expect(pandas_s, "lstrip", "\\q")
    assert values(s.str.rstrip("'e")) == _expect(pandas_s, "rstrip", "'e")


@pytest.mark.notimpl("bigquery", reason=_EMULATOR_ESCAPES, raises=AssertionError)
def test_strip_whitespace(s, pandas_s):
    for method in ("strip", "lstrip", "rstrip"):
        assert values(getattr(s.str, method)()) == _expect(pandas_s, method), method


@pytest.mark.parametrize("prefix", ["He", "", ("a", "+"), "日本", 'q"uo\\', "%_"], ids=repr)
def test_startswith_endswith(s, pandas_s, prefix):
    assert values(s.str.startswith(prefix)) == _expect(pandas_s, "startswith", prefix)
    suffix = prefix[::-1] if isinstance(prefix, str) else prefix
    assert values(s.str.endswith(suffix)) == _expect(pandas_s, "endswith", suffix)


@pytest.mark.parametrize(
    ("pat", "kwargs"),
    [
        ("o", {"regex": False}),
        ("%_", {"regex": False}),
        (".", {"regex": False}),
        ("a.b", {}),
        ("^[a-z]+$", {}),
        ("l{2}", {}),
        ("ñ|ł", {}),
        pytest.param("l(l|x)o", {}, marks=pytest.mark.filterwarnings("ignore:This pattern")),
        ("[^a-zA-Z ]", {}),
        ("line1.line2", {}),
        ("\\\\t", {}),
        ("[.;]", {}),
        ("d$", {}),
        ("\\d", {"regex": False}),
        ("HELLO", {"case": False}),
        ("WOR", {"case": False, "regex": False}),
        ("łÓDŹ", {"case": False}),
        ("x+; drop", {"flags": re.IGNORECASE}),
    ],
    ids=repr,
)
def test_contains(s, pandas_s, pat, kwargs):
    expected = pandas_s.str.contains(pat, **kwargs)
    assert values(s.str.contains(pat, **kwargs)) == values(expected)


@pytest.mark.parametrize(
    ("pat", "repl", "regex", "case"),
    [
        ("l", "L", False, None),
        ("a'", "''", False, None),
        ("\\", "/", False, None),
        (".", "\\", False, None),
        ("[aeiou]+", "_", True, None),
        ("[.;]", "\\\\", True, None),
        ("o.", "0", True, None),
        ("L", "1", False, False),
        ("ó", "Ó", True, False),
        ("\\n", " NL ", True, None),
        ("%", "100%", False, None),
        ("-?[0-9]+", "<n>", True, True),
    ],
    ids=repr,
)
def test_replace(s, pandas_s, pat, repl, regex, case):
    expected = pandas_s.str.replace(pat, repl, regex=regex, case=case)
    assert values(s.str.replace(pat, repl, regex=regex, case=case)) == values(expected)


@pytest.mark.notimpl("bigquery", reason=_EMULATOR_LPAD, raises=BackendError)
@pytest.mark.parametrize("width", [0, 3, 6, 9])
def test_pad_and_zfill(s, pandas_s, width):
    for side in ("left", "right", "both"):
        assert values(s.str.pad(width, side=side, fillchar="*")) == _expect(
            pandas_s, "pad", width, side=side, fillchar="*"
        ), side
    assert values(s.str.pad(width)) == _expect(pandas_s, "pad", width)
    assert values(s.str.zfill(width)) == _expect(pandas_s, "zfill", width)


@pytest.mark.parametrize("pat", [",", " ", "l", "a.", "\\", "🦆", "line"], ids=repr)
def test_split_and_get(backend, pat):
    data = [*DATA, "a,,b,", ",", "l"]
    ps = pd.Series(data, dtype="object")
    s = bach.from_pandas(backend, pd.DataFrame({"s": data})).sort_index().s
    parts = s.str.split(pat)
    assert parts.instance_dtype == ["string"]
    expected = ps.str.split(pat, regex=False)
    # BigQuery has no NULL arrays: a NULL list comes back as [] there
    missing = [] if backend_name(backend) == "bigquery" else None
    assert [None if v is None else list(v) for v in values(parts)] == [
        missing if v is None or v is pd.NA or v != v else list(v) for v in expected.tolist()
    ]
    for i in (0, 1, -1):
        assert values(parts.str.get(i)) == values(expected.str.get(i)), i
    assert values(parts.elements.len()) == values(expected.str.len())


def test_hostile_chains(s, pandas_s):
    got = s.str.strip(" ").str.lower().str.replace("'", "''").str[-4:].str.get(-2).str.upper()
    expected = (
        pandas_s.str.strip(" ")
        .str.lower()
        .str.replace("'", "''", regex=False)
        .str[-4:]
        .str.get(-2)
        .str.upper()
    )
    assert values(got) == values(expected)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: s.str.contains("\\d+"), "escape '\\\\d'"),
        (lambda s: s.str.contains("a(?=b)"), "'\\(\\?...\\)' group"),
        (lambda s: s.str.contains("a+?"), "lazy"),
        (lambda s: s.str.contains("(a"), "unbalanced"),
        (lambda s: s.str.contains("[[:alpha:]]"), "POSIX"),
        (lambda s: s.str.contains("a{x"), "not a quantifier"),
        (lambda s: s.str.replace("a|b", "", regex=True), "alternation"),
        (lambda s: s.str.replace("a*", "", regex=True), "empty string"),
        (lambda s: s.str.replace("(a)", "\\1", regex=True), "group"),
        (lambda s: s.str.replace("a", "b", n=1), "n=-1"),
        (lambda s: s.str.contains("a", flags=re.MULTILINE), "IGNORECASE"),
        (lambda s: s.str.split(), "pat=None"),
        (lambda s: s.str.split(""), "empty"),
        (lambda s: s.str.pad(3, fillchar="ab"), "one character"),
        (lambda s: s.str.pad(3, side="middle"), "side"),
        (lambda s: s.str.slice(0, 4, 2), "step"),
    ],
)
def test_refused_with_clear_errors(call, match):
    s = bach.from_pandas(None, pd.DataFrame({"s": ["a"]})).s
    with pytest.raises(InvalidArgumentError, match=match):
        call(s)


def test_to_json_array(backend):
    data = pd.DataFrame(
        {"g": [1, 1, 2, 1, 3, 2], "s": ["b", "it's", "ŁÓDŹ", None, None, 'q"\\'], "k": range(6)}
    )
    df = bach.from_pandas(backend, data)
    by_k = df.sort_values("k", ascending=False)
    assert by_k.s.to_json_array().value == [v for v in reversed(data.s.tolist()) if pd.notna(v)]
    got = by_k.groupby("g").s.to_json_array().to_pandas().to_dict()
    expected = {
        g: [v for v in reversed(part.s.tolist()) if pd.notna(v)] for g, part in data.groupby("g")
    }
    assert got == expected
    with pytest.raises(UnsupportedOperationError, match="partition"):
        df.s.to_json_array(partition=df.g)


def _random_patterns(count: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    atoms = ["a", "b", ".", "[ab]", "[^a]", "\\.", "\n", "[.\n]"]
    quantifiers = ["", "", "*", "+", "?", "{1,2}", "{2}"]
    patterns = []
    for _ in range(count):
        body = "".join(
            rng.choice(atoms) + rng.choice(quantifiers) for _ in range(rng.randint(1, 3))
        )
        patterns.append(
            ("^" if rng.random() < 0.2 else "") + body + ("$" if rng.random() < 0.2 else "")
        )
    return patterns


def test_portable_regexes_match_python(backend):
    """Random portable patterns: every engine finds and replaces what Python's ``re`` does."""
    from objectiv_bach import regex

    data = ["", "a", "ab", "ba.", "a\nb", "aab.b", ".\n.", "bbb", "a.a.a", None, "\na", "b\n"]
    df = bach.from_pandas(backend, pd.DataFrame({"s": data})).sort_index()
    frame = df
    expected = {}
    for i, pattern in enumerate(_random_patterns(24, seed=7)):
        python = re.compile(regex.python_pattern(regex.parse(pattern, for_replace=False)))
        frame[f"c{i}"] = df.s.str.contains(pattern)
        expected[f"c{i}"] = [None if s is None else python.search(s) is not None for s in data]
        if python.fullmatch("") is None:
            frame[f"r{i}"] = df.s.str.replace(pattern, "<\\\\>", regex=True)
            expected[f"r{i}"] = [None if s is None else python.sub("<\\\\>", s) for s in data]
    result = frame.to_pandas()
    for name, want in expected.items():
        assert values(result[name]) == want, (name, frame[name].expression.sql())
