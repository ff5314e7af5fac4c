"""Names: Series names to SQL column names, identifiers that need quotes, CTE names.

One neutral rule for every dialect, so that a plan renders the same on all three: a Series name
is used as its SQL column name when it is lower case ``[a-z_][a-z0-9_]*`` and at most as long
as the shortest ``MAX_COLUMN_NAME_LENGTH`` of the registered dialects (PostgreSQL's 63);
keywords (``select``, ``name``) are quoted. Any other name (``'User Id'``, ``'userId'``) becomes ``<ascii lower-case of it>__<hash>``: stable, unique, and
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

from objectiv_bach.dialects import REGISTRY

# The facts of every registered dialect, combined into one neutral rule.
_DIALECTS = [r.dialect for r in REGISTRY.values()]
_MAX_LENGTH = min(d.MAX_COLUMN_NAME_LENGTH for d in _DIALECTS)
_LETTERS = "a-z" if any(d.CASE_INSENSITIVE_COLUMNS for d in _DIALECTS) else "A-Za-z"
_SAFE = re.compile("^[" + _LETTERS + "_][" + _LETTERS + "0-9_]{0," + str(_MAX_LENGTH - 1) + "}$")
_KEYWORDS = frozenset().union(*(d.RESERVED_WORDS for d in _DIALECTS))
_RESERVED_PREFIXES = tuple(sorted({p for d in _DIALECTS for p in d.RESERVED_COLUMN_PREFIXES}))


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
