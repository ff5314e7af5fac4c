"""The registry of the engines Bach runs on (dialect and backend).

Also the one function that renders a sqlglot tree for one of them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import ErrorLevel

from objectiv_bach import expressions as bx
from objectiv_bach.dialects.base import BachDialect
from objectiv_bach.dialects.bigquery import BachBigQuery
from objectiv_bach.dialects.duckdb import BachDuckDB
from objectiv_bach.dialects.postgres import BachPostgres
from objectiv_bach.errors import InvalidArgumentError

__all__ = [
    "DIALECTS",
    "REGISTRY",
    "Registration",
    "dialect_names",
    "get_dialect",
    "register_dialect",
    "registration",
    "registration_for_scheme",
    "render",
]


@dataclass(frozen=True)
class Registration:
    """One engine Bach runs on: its dialect class and how to reach its backend.

    Everything that lists engines (``get_dialect``, ``get_backend``, the CLI, the SQL export,
    the test parametrization and the golden files) reads :data:`REGISTRY`.
    """

    #: the name users pass (``view_sql(dialect=...)``) and backends report
    name: str
    #: the :class:`BachDialect` subclass
    dialect: type[BachDialect]
    #: ``'module:Class'`` of the backend (imported on first use: drivers are slow to import)
    backend: str
    #: other names accepted for ``name`` (lower case)
    aliases: tuple[str, ...] = ()
    #: URL schemes / SQLAlchemy backend names of this engine (``postgresql`` ...)
    url_schemes: tuple[str, ...] = ()
    #: top-level modules whose connection objects are native connections of this engine
    native_modules: tuple[str, ...] = ()

    def backend_class(self) -> type:
        """The backend class named by ``backend`` (its module is imported now)."""
        module, _, cls = self.backend.partition(":")
        return getattr(importlib.import_module(module), cls)  # type: ignore[no-any-return]


REGISTRY: dict[str, Registration] = {}


def register_dialect(registration: Registration) -> Registration:
    """Add an engine to :data:`REGISTRY` (see ``docs/adding_a_dialect.md``)."""
    registration.dialect.BACH_NAME = registration.name
    REGISTRY[registration.name] = registration
    DIALECTS[registration.name] = registration.dialect
    return registration


#: name -> dialect class, derived from :data:`REGISTRY`
DIALECTS: dict[str, type[BachDialect]] = {}

register_dialect(
    Registration(
        "duckdb",
        BachDuckDB,
        "objectiv_bach.backends.duckdb:DuckDBBackend",
        url_schemes=("duckdb",),
        native_modules=("duckdb", "_duckdb"),
    )
)
register_dialect(
    Registration(
        "postgres",
        BachPostgres,
        "objectiv_bach.backends.postgres:PostgresBackend",
        aliases=("postgresql",),
        url_schemes=("postgresql", "postgres"),
    )
)
register_dialect(
    Registration(
        "bigquery",
        BachBigQuery,
        "objectiv_bach.backends.bigquery:BigQueryBackend",
        aliases=("bq", "googlesql"),
        url_schemes=("bigquery",),
    )
)


def dialect_names() -> tuple[str, ...]:
    """The registered dialect names, in registration order.

    >>> dialect_names()
    ('duckdb', 'postgres', 'bigquery')
    """
    return tuple(REGISTRY)


def registration(name: str | type[BachDialect]) -> Registration:
    """The :class:`Registration` of a dialect name, alias or class."""
    if isinstance(name, type) and issubclass(name, BachDialect):
        name = name.BACH_NAME
    key = str(name).lower()
    for entry in REGISTRY.values():
        if key == entry.name or key in entry.aliases:
            return entry
    aliases = sorted(a for r in REGISTRY.values() for a in r.aliases)
    msg = f"Unknown dialect {name!r}. Choose one of {sorted(REGISTRY)} (aliases: {aliases})."
    raise InvalidArgumentError(msg)


def registration_for_scheme(scheme: str) -> Registration | None:
    """The registered engine of a URL scheme or SQLAlchemy backend name, if any."""
    base = scheme.lower().split("+", 1)[0]
    for entry in REGISTRY.values():
        if base in entry.url_schemes:
            return entry
    return None


def get_dialect(name: str | type[BachDialect]) -> type[BachDialect]:
    """The dialect class for ``name``.

    ``name`` is a registered name or alias ('duckdb', 'postgres', 'postgresql', 'bigquery', 'bq'
    ...).
    """
    if isinstance(name, type) and issubclass(name, BachDialect):
        return name
    return registration(name).dialect


def render(tree: exp.Expr, dialect: str | type[BachDialect], *, pretty: bool = True) -> str:
    """Render ``tree`` for ``dialect``, refusing anything the dialect cannot express."""
    cls = get_dialect(dialect)
    generator = cls.Generator  # type: ignore[attr-defined]
    for node in tree.find_all(bx.BachFunc, exp.Window):
        if isinstance(node, exp.Window):
            if (
                not cls.SUPPORTS_DISTINCT_WINDOW_AGGREGATE
                and isinstance(node.this, exp.Count)
                and isinstance(node.this.this, exp.Distinct)
            ):
                msg = "COUNT(DISTINCT ...) OVER (...), as in nunique(partition=...)"
                raise cls.unsupported(
                    msg,
                    "Aggregate with groupby(...) and nunique(), then merge the result back on "
                    "the group columns.",
                )
        elif type(node) not in generator.TRANSFORMS:
            msg = f"{type(node).__name__}"
            raise cls.unsupported(msg)
    return tree.sql(dialect=cls, pretty=pretty, unsupported_level=ErrorLevel.RAISE)  # type: ignore[arg-type]
