"""The registry of engines, the dialect facts derived from it, and capability flags in use."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import as_index_dict

import objectiv_bach as bach
from objectiv_bach.dialects import (
    REGISTRY,
    dialect_names,
    get_dialect,
    registration,
    registration_for_scheme,
)
from objectiv_bach.dialects.base import BachDialect
from objectiv_bach.errors import InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.plan import naming


def test_registry_lists_each_engine_once_with_its_backend():
    assert dialect_names() == tuple(REGISTRY)
    for name, entry in REGISTRY.items():
        assert entry.name == name == entry.dialect.BACH_NAME
        assert issubclass(entry.dialect, BachDialect)
        assert entry.backend_class().__name__.endswith("Backend")
        for alias in entry.aliases:
            assert registration(alias) is entry
        for scheme in entry.url_schemes:
            assert registration_for_scheme(scheme + "+driver") is entry
    assert get_dialect("PostgreSQL") is get_dialect("postgres")
    assert registration_for_scheme("mysql") is None


def test_unknown_dialect_lists_names_and_aliases():
    with pytest.raises(InvalidArgumentError, match=r"'oracle'.*bigquery.*aliases.*bq"):
        registration("oracle")


def test_naming_rule_is_valid_on_every_registered_dialect():
    longest = "a" * min(r.dialect.MAX_COLUMN_NAME_LENGTH for r in REGISTRY.values())
    assert naming.sql_column_name(longest) == longest
    assert naming.sql_column_name(longest + "a") != longest + "a"
    for entry in REGISTRY.values():
        for word in ("select", "window"):
            assert word in entry.dialect.RESERVED_WORDS
            assert not naming.is_plain(word)
        for prefix in entry.dialect.RESERVED_COLUMN_PREFIXES:
            assert naming.sql_column_name(prefix + "x") != prefix + "x"
    if any(r.dialect.CASE_INSENSITIVE_COLUMNS for r in REGISTRY.values()):
        assert naming.sql_column_name("userId") != "userId"


@pytest.mark.never(
    "postgres",
    reason="no COUNT(DISTINCT) OVER: the SQL is refused, naming groupby + merge",
    raises=UnsupportedOperationError,
)
def test_nunique_over_a_partition(backend):
    """nunique(partition=...) as pandas' groupby().transform('nunique')."""
    pdf = pd.DataFrame({"g": ["a", "a", "b", "b", "b", "c"], "v": [1, 1, 2, 3, None, None]})
    df = bach.from_pandas(backend, pdf)
    got = df.v.nunique(partition=df.groupby("g"))
    expected = pdf.groupby("g").v.transform("nunique")
    assert as_index_dict(got) == {i: int(v) for i, v in expected.items()}


def test_nunique_refusal_names_the_alternative():
    df = bach.from_pandas(None, pd.DataFrame({"g": ["a"], "v": [1]}))
    with pytest.raises(UnsupportedOperationError, match=r"postgres.*groupby"):
        df.v.nunique(partition=df.groupby("g")).view_sql(dialect="postgres")


def test_every_dialect_fact_and_flag_is_read():
    """A flag nobody reads is deleted: each upper-case attribute of BachDialect is read as
    ``<something>.NAME`` somewhere in the library."""
    import re
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src"
    text = "\n".join(p.read_text() for p in src.rglob("*.py"))
    names = [n for n in vars(BachDialect) if n.isupper() and n != "BACH_NAME"]
    assert names
    unread = [n for n in names if not re.search(r"[\w)]\." + n + r"\b", text)]
    assert unread == []
