"""Check BigQuery SQL with the real GoogleSQL analyzer (the ``zetasql`` package, ZetaSQL in WASM).

The BigQuery emulator runs our SQL on DuckDB, which accepts much that BigQuery rejects (``ILIKE``,
``::`` casts, ``DATE_PART``, ``INT64 = STRING``...). So the test suite registers a
:class:`GoogleSQLChecker` as a ``query_observer`` of every BigQuery backend: each statement is
analyzed before it is sent to the emulator, and a rejection raises :class:`GoogleSQLRejectedError`
(a ``BackendError``, as a rejection by BigQuery itself would be) with zetasql's message and the SQL.

The catalog is built per statement from the tables the statement names (zetasql extracts them),
with their real schemas fetched from the server (``client.get_table``) and cached until a DDL/DML
statement is seen or analysis fails (then the schemas are refetched and the statement analyzed
once more). Each table is registered under every spelling BigQuery accepts:
``project.dataset.table`` as one (backquoted) identifier and as a path, and ``dataset.table``
likewise; plus ``INFORMATION_SCHEMA.COLUMNS``/``TABLES`` of each dataset.

Compiling the 28 MB WASM module takes 15-47 s, so the compiled module is cached on disk
(``$ZETASQL_CWASM``, default ``~/.cache/objectiv_bach/zetasql-<zetasql>-wasmtime-<wasmtime>.cwasm``)
under a file lock, so concurrent pytest-xdist workers compile it once. Warm it before a test run
with ``python tests/zetasql_check.py --warm``. The cache patches internals of zetasql 0.1.5
(``zetasql.core.wasm_client.Module``), which is why that version is pinned.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import re
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib.metadata import version
from typing import Any

from objectiv_bach.errors import BackendError

ZETASQL_VERSION = version("zetasql")
WASMTIME_VERSION = version("wasmtime")


def cache_path() -> str:
    """Where the compiled WASM module is cached (``$ZETASQL_CWASM`` overrides)."""
    default = os.path.join(
        os.path.expanduser("~"),
        ".cache",
        "objectiv_bach",
        f"zetasql-{ZETASQL_VERSION}-wasmtime-{WASMTIME_VERSION}.cwasm",
    )
    return os.environ.get("ZETASQL_CWASM") or default


_patched = False


def _install_patches() -> None:
    """Patch zetasql 0.1.5 internals: a cached compiled module, and fast WASM memory copies."""
    global _patched
    if _patched:
        return
    import wasmtime
    import zetasql.core.wasm_client as wc

    class _CachedModule:
        """Stands in for ``wasmtime.Module`` in wasm_client: only ``from_file`` is used there."""

        @staticmethod
        def from_file(engine: Any, path: str) -> Any:
            cache = cache_path()
            os.makedirs(os.path.dirname(cache) or ".", exist_ok=True)
            with open(cache + ".lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # one compiler at a time; others wait and load
                if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(path):
                    try:
                        return wasmtime.Module.deserialize_file(engine, cache)
                    except Exception:  # noqa: BLE001 - a stale/corrupt cache: recompile
                        pass
                module = wasmtime.Module.from_file(engine, path)
                tmp = f"{cache}.{os.getpid()}.tmp"
                with open(tmp, "wb") as f:
                    f.write(module.serialize())
                os.replace(tmp, cache)
                return module

    def write_bytes(self: Any, ptr: int, data: bytes) -> None:
        base = ctypes.addressof(self.memory.data_ptr().contents)  # a SharedMemory
        ctypes.memmove(base + ptr, data, len(data))

    def read_bytes(self: Any, ptr: int, size: int) -> bytes:
        base = ctypes.addressof(self.memory.data_ptr().contents)
        return ctypes.string_at(base + ptr, size)

    wc.Module = _CachedModule  # type: ignore[attr-defined]
    # zetasql copies messages byte by byte in Python; a resolved AST is easily 100s of kB
    wc.WasmClient.write_bytes = write_bytes  # type: ignore[method-assign]
    wc.WasmClient.read_bytes = read_bytes  # type: ignore[method-assign]
    _patched = True


_lock = threading.Lock()
_options: Any = None


def _analyzer_options() -> Any:
    """AnalyzerOptions: all released features, BigQuery's external type names, UTC."""
    global _options
    with _lock:
        if _options is None:
            _install_patches()
            from zetasql.types import AnalyzerOptions, LanguageOptions, ProductMode

            lang = LanguageOptions.maximum_features()
            lang.product_mode = ProductMode.PRODUCT_EXTERNAL
            _options = AnalyzerOptions(language_options=lang, default_timezone="UTC")
    return _options


def warm() -> float:
    """Load (or compile and cache) the WASM module; returns seconds taken."""
    start = time.perf_counter()
    from zetasql.core.local_service import ZetaSqlLocalService

    _install_patches()
    ZetaSqlLocalService.get_instance()
    _analyzer_options()
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------
# BigQuery schema -> zetasql types

_SIMPLE_KINDS = {
    "INTEGER": "TYPE_INT64",
    "INT64": "TYPE_INT64",
    "FLOAT": "TYPE_DOUBLE",
    "FLOAT64": "TYPE_DOUBLE",
    "BOOLEAN": "TYPE_BOOL",
    "BOOL": "TYPE_BOOL",
    "STRING": "TYPE_STRING",
    "BYTES": "TYPE_BYTES",
    "DATE": "TYPE_DATE",
    "TIME": "TYPE_TIME",
    "DATETIME": "TYPE_DATETIME",
    "TIMESTAMP": "TYPE_TIMESTAMP",
    "JSON": "TYPE_JSON",
    "INTERVAL": "TYPE_INTERVAL",
    "NUMERIC": "TYPE_NUMERIC",
    "BIGNUMERIC": "TYPE_BIGNUMERIC",
    "GEOGRAPHY": "TYPE_GEOGRAPHY",
}


def _field_type(field: Any) -> Any:
    """zetasql Type of a google.cloud.bigquery SchemaField (RECORD -> STRUCT, REPEATED -> ARRAY)."""
    from zetasql.api import TypeFactory
    from zetasql.types import TypeKind

    ftype = (field.field_type or "STRING").upper()
    if ftype in ("RECORD", "STRUCT"):
        zt = TypeFactory.create_struct_type([(f.name, _field_type(f)) for f in field.fields])
    else:
        kind = _SIMPLE_KINDS.get(ftype)
        if kind is None:
            msg = f"zetasql_check: no zetasql type for BigQuery type {ftype!r}"
            raise NotImplementedError(msg)
        zt = TypeFactory.create_simple_type(getattr(TypeKind, kind))
    if (field.mode or "").upper() == "REPEATED":
        zt = TypeFactory.create_array_type(zt)
    return zt


def _type_of_text(text: str) -> Any:
    """zetasql Type of a BigQuery type name: INT64, STRING, ARRAY<INT64> (no STRUCT)."""
    from zetasql.api import TypeFactory

    text = text.strip().upper()
    if text.startswith("ARRAY<") and text.endswith(">"):
        return TypeFactory.create_array_type(_type_of_text(text[6:-1]))
    return _simple_type(text)


def check_sql(
    sql: str,
    tables: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    *,
    project: str = "test-project",
) -> Any:
    """Analyze one BigQuery statement against fixed table schemas, without any server.

    Example: ``check_sql("SELECT a + 1 AS b FROM ds.t", {"ds.t": [("a", "INT64")]})``.
    """
    return GoogleSQLChecker(None, project, tables).check(sql)


def _simple_type(name: str) -> Any:
    from zetasql.api import TypeFactory
    from zetasql.types import TypeKind

    return TypeFactory.create_simple_type(getattr(TypeKind, _SIMPLE_KINDS[name]))


#: the INFORMATION_SCHEMA views the backends query, with BigQuery's documented columns
_INFORMATION_SCHEMA = {
    "COLUMNS": [
        ("table_catalog", "STRING"),
        ("table_schema", "STRING"),
        ("table_name", "STRING"),
        ("column_name", "STRING"),
        ("ordinal_position", "INT64"),
        ("is_nullable", "STRING"),
        ("data_type", "STRING"),
        ("is_generated", "STRING"),
        ("generation_expression", "STRING"),
        ("is_stored", "STRING"),
        ("is_hidden", "STRING"),
        ("is_updatable", "STRING"),
        ("is_system_defined", "STRING"),
        ("is_partitioning_column", "STRING"),
        ("clustering_ordinal_position", "INT64"),
        ("collation_name", "STRING"),
        ("column_default", "STRING"),
        ("rounding_mode", "STRING"),
    ],
    "TABLES": [
        ("table_catalog", "STRING"),
        ("table_schema", "STRING"),
        ("table_name", "STRING"),
        ("table_type", "STRING"),
        ("is_insertable_into", "STRING"),
        ("is_typed", "STRING"),
        ("creation_time", "TIMESTAMP"),
        ("base_table_catalog", "STRING"),
        ("base_table_schema", "STRING"),
        ("base_table_name", "STRING"),
        ("ddl", "STRING"),
        ("default_collation_name", "STRING"),
    ],
}


class GoogleSQLRejectedError(BackendError):
    """The GoogleSQL analyzer (what BigQuery runs) rejected a statement."""


class _Cat:
    """A tree of catalogs/tables under construction (names are case-insensitive in zetasql)."""

    def __init__(self, name: str):
        self.name = name
        self.children: dict[str, _Cat] = {}
        self.tables: dict[str, list[tuple[str, Any]]] = {}

    def child(self, name: str) -> _Cat:
        return self.children.setdefault(name.lower(), _Cat(name))

    def add(self, path: list[str], columns: list[tuple[str, Any]]) -> None:
        node = self
        for part in path[:-1]:
            node = node.child(part)
        node.tables.setdefault(path[-1].lower(), [(path[-1], None)])
        node.tables[path[-1].lower()] = [(path[-1], None), *columns]

    def build(self) -> Any:
        from zetasql.types import (
            SimpleCatalog,
            SimpleColumn,
            SimpleTable,
            ZetaSQLBuiltinFunctionOptions,
        )

        tables = []
        for entry in self.tables.values():
            (name, _), columns = entry[0], entry[1:]
            tables.append(
                SimpleTable(
                    name=name,
                    column=[
                        SimpleColumn(name=c, type=t, is_writable_column=True) for c, t in columns
                    ],
                )
            )
        catalog = SimpleCatalog(
            name=self.name, table=tables, catalog=[c.build() for c in self.children.values()]
        )
        if self.name == "":  # the root gets the builtin functions
            catalog.builtin_function_options = ZetaSQLBuiltinFunctionOptions(
                language_options=_analyzer_options().language_options
            )
        return catalog


_WRITE_STMT = re.compile(r"^\s*(CREATE|DROP|ALTER|INSERT|DELETE|UPDATE|MERGE|TRUNCATE)\b", re.I)


class GoogleSQLChecker:
    """A ``query_observer`` that analyzes each BigQuery statement with zetasql.

    Parameters
    ----------
    client : google.cloud.bigquery.Client or None
        Used to fetch the schemas of the tables a statement names.
    project : str
        The default project (for names written ``dataset.table``).
    tables : mapping, optional
        Fixed schemas instead of (or before) the client's: ``{'dataset.table': [('col',
        'INT64'), ...]}``. :func:`check_sql` uses only these (SQL-only tests, no emulator).

    Attributes
    ----------
    checked : int
        How many statements were analyzed (tests assert it grows).
    enabled : bool
        Set to False (or use :meth:`suspended`) to let a test send SQL that BigQuery itself
        would reject, e.g. to test the emulator's error path.
    """

    def __init__(
        self,
        client: Any,
        project: str,
        tables: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    ):
        self.client = client
        self.project = project
        self.checked = 0
        self.enabled = True
        self._schemas: dict[tuple[str, str, str], list[tuple[str, Any]] | None] = {}
        #: fixed schemas ('project.dataset.table' or 'dataset.table' -> [(column, BigQuery
        #: type)]), for checking SQL without a server
        self._fixed: dict[tuple[str, str, str], list[tuple[str, Any]]] = {}
        for name, columns in (tables or {}).items():
            key = self._resolve([name])
            if key is None:
                msg = f"Give fixed tables as 'dataset.table' or 'project.dataset.table': {name!r}"
                raise ValueError(msg)
            self._fixed[key] = [(c, _type_of_text(t)) for c, t in columns]

    @contextlib.contextmanager
    def suspended(self) -> Iterator[None]:
        old, self.enabled = self.enabled, False
        try:
            yield
        finally:
            self.enabled = old

    def __call__(self, sql: str) -> None:
        if not self.enabled:
            return
        self.check(sql)

    def check(self, sql: str) -> Any:
        """Analyze ``sql``; return the resolved statement or raise GoogleSQLRejectedError."""
        from zetasql.core.exceptions import ZetaSQLError

        is_write = bool(_WRITE_STMT.match(sql))
        try:
            names = self._table_names(sql)
        except ZetaSQLError as e:
            self._reject(sql, e)
        for attempt in range(2):
            if is_write or attempt:
                self._forget(names)
            catalog = self._catalog(names)
            try:
                resolved = self._analyze(sql, catalog)
            except ZetaSQLError as e:
                if attempt:
                    self._reject(sql, e)
                continue
            self.checked += 1
            if is_write:
                self._forget(names)  # its target changes now
            return resolved
        unreachable = "unreachable"
        raise AssertionError(unreachable)  # pragma: no cover

    # -- internals ----------------------------------------------------------------------------

    @staticmethod
    def _reject(sql: str, error: Exception) -> None:
        message = getattr(error, "message", None) or str(error)
        msg = (
            f"GoogleSQL (zetasql {ZETASQL_VERSION}) rejects this BigQuery statement: {message}\n"
            f"SQL:\n{sql[:4000]}"
        )
        raise GoogleSQLRejectedError(msg) from error

    @staticmethod
    def _analyze(sql: str, catalog: Any) -> Any:
        from zetasql.api import Analyzer

        return Analyzer(_analyzer_options(), catalog).analyze_statement(sql)

    @staticmethod
    def _table_names(sql: str) -> list[list[str]]:
        from zetasql.core.local_service import ZetaSqlLocalService

        _analyzer_options()
        service = ZetaSqlLocalService.get_instance()
        response = service.extract_table_names_from_statement(
            sql_statement=sql, options=_analyzer_options().language_options
        )
        return [list(t.table_name_segment) for t in response.table_name]

    def _resolve(self, path: list[str]) -> tuple[str, str, str] | None:
        """(project, dataset, table) a name refers to, or None (a CTE, INFORMATION_SCHEMA...)."""
        parts = [p for segment in path for p in segment.split(".")]
        if "INFORMATION_SCHEMA" in (p.upper() for p in parts):
            return None
        if len(parts) == 3:
            return parts[0], parts[1], parts[2]
        if len(parts) == 2:
            return self.project, parts[0], parts[1]
        return None

    def _forget(self, names: Iterable[list[str]]) -> None:
        for path in names:
            key = self._resolve(path)
            if key is not None:
                self._schemas.pop(key, None)

    def _schema(self, key: tuple[str, str, str]) -> list[tuple[str, Any]] | None:
        if key in self._fixed:
            return self._fixed[key]
        if self.client is None:
            return None
        if key not in self._schemas:
            from google.api_core.exceptions import NotFound

            try:
                table = self.client.get_table(".".join(key))
            except NotFound:
                return None  # not cached: it may be created later
            self._schemas[key] = [(f.name, _field_type(f)) for f in table.schema]
        return self._schemas[key]

    def _catalog(self, names: list[list[str]]) -> Any:
        root = _Cat("")
        datasets: set[tuple[str, str]] = set()
        for path in names:
            parts = [p for segment in path for p in segment.split(".")]
            if "INFORMATION_SCHEMA" in (p.upper() for p in parts):
                i = [p.upper() for p in parts].index("INFORMATION_SCHEMA")
                ds = parts[:i]
                datasets.add(
                    (ds[0], ds[1]) if len(ds) == 2 else (self.project, ds[0] if ds else "")
                )
                continue
            key = self._resolve(path)
            if key is None:
                continue
            columns = self._schema(key)
            if columns is None:
                continue
            project, dataset, table = key
            # every spelling BigQuery accepts for the table
            for spelling in (
                [f"{project}.{dataset}.{table}"],
                [project, dataset, table],
                [f"{project}.{dataset}", table],
                [project, f"{dataset}.{table}"],
            ):
                root.add(spelling, columns)
            if project == self.project:
                for spelling in ([f"{dataset}.{table}"], [dataset, table]):
                    root.add(spelling, columns)
        for project, dataset in datasets:
            for view, cols in _INFORMATION_SCHEMA.items():
                columns = [(c, _simple_type(t)) for c, t in cols]
                prefixes = [[project, dataset], [f"{project}.{dataset}"]]
                if project == self.project:
                    prefixes.append([dataset])
                for prefix in prefixes:
                    root.add([*prefix, "INFORMATION_SCHEMA", view], columns)
                    root.add([*prefix, f"INFORMATION_SCHEMA.{view}"], columns)
                    root.add([".".join([*prefix, "INFORMATION_SCHEMA", view])], columns)
        return root.build()


if __name__ == "__main__":
    if sys.argv[1:] == ["--warm"]:
        seconds = warm()
        print(f"zetasql module ready in {seconds:.1f} s (cache {cache_path()})")
    else:
        print("usage: python tests/zetasql_check.py --warm", file=sys.stderr)
        sys.exit(2)
