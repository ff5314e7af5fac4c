"""Names: Series names to SQL column names, identifiers that need quotes, CTE names.

One neutral rule for every dialect, so that a plan renders the same on all three: a Series name
is used as its SQL column name when it is lower case ``[a-z_][a-z0-9_]*`` and at most 63
characters (PostgreSQL's limit); keywords (``select``, ``name``) are quoted. Any other name (``'User Id'``,
``'userId'``) becomes ``<ascii lower-case of it>__<hash>``: stable, unique, and
valid on every dialect (BigQuery compares column names case-insensitively, so ``'a'`` and ``'A'``
could not both be columns there). ``to_pandas()`` puts the original names back.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable

from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.postgres import Postgres

_SAFE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_KEYWORDS = frozenset(
    k.lower()
    for d in (BigQuery, DuckDB, Postgres)
    for k in (*d.Tokenizer.KEYWORDS, *getattr(d.Generator, "RESERVED_KEYWORDS", ()))
) | {"all", "and", "any", "array", "as", "asc", "between", "by", "case", "cast", "collate",
     "create", "cross", "current_date", "default", "desc", "distinct", "else", "end", "except",
     "exists", "false", "fetch", "for", "from", "full", "group", "having", "in", "inner",
     "intersect", "interval", "into", "is", "join", "left", "like", "limit", "natural", "new",
     "not", "null", "of", "offset", "on", "or", "order", "outer", "over", "partition", "range",
     "right", "rows", "select", "set", "some", "table", "then", "to", "true", "union", "unique",
     "user", "using", "when", "where", "window", "with", "within", "lateral", "leading",
     "trailing", "both", "only", "analyse", "analyze", "check", "column", "constraint", "do",
     "foreign", "grant", "placing", "primary", "references", "returning", "symmetric", "variadic"}
# BigQuery reserves column names with these prefixes
_RESERVED_PREFIXES = ("_table_", "_file_", "_partition", "_row_timestamp", "__root__",
                      "_colidentifier")


@functools.lru_cache(maxsize=65536)
def is_valid_column_name(name: str) -> bool:
    """True when ``name`` can be a column name as it is on every dialect (quoted if a keyword)."""
    return bool(_SAFE.match(name)) and not name.startswith(_RESERVED_PREFIXES)


@functools.lru_cache(maxsize=65536)
def is_plain(name: str) -> bool:
    """True when ``name`` needs no quotes on any dialect."""
    return bool(_SAFE.match(name)) and name not in _KEYWORDS


@functools.lru_cache(maxsize=65536)
def sql_column_name(name: str) -> str:
    """The SQL column name for a Series name.

    >>> sql_column_name('user_id')
    'user_id'
    >>> sql_column_name('User Id')
    'user_id__4f47qpdyhl'
    """
    if is_valid_column_name(name):
        return name
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9_]+", "_", ascii_name).strip("_")[:40] or "col"
    if not re.match(r"[a-z_]", stem):
        stem = "c_" + stem
    digest = base64.b32encode(hashlib.md5(name.encode()).digest()).decode().lower()[:10]
    return f"{stem}__{digest}"


def unused_name(stem: str, used: Iterable[str]) -> str:
    """A name for a hidden (Bach-internal) column that collides with none of ``used``.

    ``stem``, else ``stem_2``, ``stem_3`` ...: the first that differs from every used name and
    whose SQL column name differs from theirs, so a user column called like an internal one
    (``__bach_filter``) is never overwritten.

    >>> unused_name('__bach_filter', ['a', '__bach_filter'])
    '__bach_filter_2'
    """
    names = set(used)
    sql_names = {sql_column_name(n) for n in names}
    candidate, number = stem, 1
    while candidate in names or sql_column_name(candidate) in sql_names:
        number += 1
        candidate = f"{stem}_{number}"
    return candidate


def ident(name: str) -> exp.Identifier:
    """An identifier, quoted unless :func:`is_plain`."""
    return exp.Identifier(this=name, quoted=not is_plain(name))


@functools.lru_cache(maxsize=65536)
def col(name: str, table: str | None = None) -> exp.Column:
    """A column reference, optionally qualified by a table alias.

    Cached: the same (immutable, never mutated) object serves every reference, so its
    structural hash is computed once. Plan code never relies on parent pointers.
    """
    return exp.Column(this=ident(name), table=ident(table) if table else None)


def cte_stem(name: str) -> str:
    """A readable, valid CTE name stem for a user-chosen node name."""
    stem = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "step"
    if not re.match(r"[a-z_]", stem):
        stem = "n_" + stem
    return stem if is_plain(stem) else stem + "_"
