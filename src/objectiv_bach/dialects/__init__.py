"""The three Bach dialects, and the one function that renders a sqlglot tree for one of them."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import ErrorLevel

from objectiv_bach import expressions as bx
from objectiv_bach.dialects.base import BachDialect
from objectiv_bach.dialects.bigquery import BachBigQuery
from objectiv_bach.dialects.duckdb import BachDuckDB
from objectiv_bach.dialects.postgres import BachPostgres
from objectiv_bach.errors import InvalidArgumentError

DIALECTS: dict[str, type[BachDialect]] = {
    d.BACH_NAME: d for d in (BachDuckDB, BachPostgres, BachBigQuery)  # type: ignore[type-abstract]
}
_ALIASES = {"postgresql": "postgres", "bq": "bigquery", "googlesql": "bigquery"}


def get_dialect(name: str | type[BachDialect]) -> type[BachDialect]:
    """The dialect class for ``name`` ('duckdb', 'postgres' or 'bigquery')."""
    if isinstance(name, type) and issubclass(name, BachDialect):
        return name
    key = _ALIASES.get(str(name).lower(), str(name).lower())
    if key not in DIALECTS:
        msg = f"Unknown dialect {name!r}. Choose one of {sorted(DIALECTS)}."
        raise InvalidArgumentError(msg)
    return DIALECTS[key]


def render(tree: exp.Expr, dialect: str | type[BachDialect], *, pretty: bool = True) -> str:
    """Render ``tree`` for ``dialect``, refusing anything the dialect cannot express."""
    cls = get_dialect(dialect)
    generator = cls.Generator  # type: ignore[attr-defined]
    for node in tree.find_all(bx.BachFunc):
        if type(node) not in generator.TRANSFORMS:
            msg = f"{type(node).__name__}"
            raise cls.unsupported(msg)
    return tree.sql(dialect=cls, pretty=pretty, unsupported_level=ErrorLevel.RAISE)  # type: ignore[arg-type]
