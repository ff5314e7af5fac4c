"""Savepoints: named states of DataFrames, to list, export as SQL and write as views or tables.

``df.set_savepoint(name, materialization)`` records the frame's current state in
``df.savepoints``, a :class:`Savepoints` object shared by every frame derived from the same
sources (as the original). Each savepoint's SQL is the frame's own, self-contained query
(``view_sql``), rendered for any registered dialect; ``write_to_db`` creates the savepoints whose
materialization is ``'view'`` or ``'table'``, and never replaces an existing object unless told
``overwrite=True``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlglot import exp

from objectiv_bach.errors import InvalidArgumentError, TableExistsError

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

#: the materializations of a savepoint: ``'cte'`` is only listed and exported, ``'view'`` and
#: ``'table'`` are also created by :meth:`Savepoints.write_to_db`
MATERIALIZATIONS = ("cte", "view", "table")
_NAME = re.compile(r"^[a-zA-Z0-9_]+$")


class SavepointEntry(NamedTuple):
    """One savepoint: its name, the DataFrame as it was saved, and its materialization."""

    name: str
    df_original: DataFrame
    materialization: str


class CreatedObject(NamedTuple):
    """A view or table that :meth:`Savepoints.write_to_db` created."""

    name: str
    materialization: str


def check_materialization(materialization: Any) -> str:
    """``materialization`` as one of :data:`MATERIALIZATIONS` (case-insensitive); else raise."""
    value = getattr(materialization, "value", materialization)
    if isinstance(value, str) and value.lower() in MATERIALIZATIONS:
        return value.lower()
    msg = (
        f"materialization={materialization!r} is not an option for a savepoint; choose one of "
        f"{list(MATERIALIZATIONS)}."
    )
    raise InvalidArgumentError(msg)


class Savepoints:
    """The savepoints of a family of DataFrames (see :meth:`DataFrame.set_savepoint`).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts'], 'km2': [30, 3]}))
    >>> df.set_savepoint('cities')
    >>> big = df[df.km2 > 10]
    >>> big.set_savepoint('big_cities', materialization='view')
    >>> big.savepoints.names
    ['cities', 'big_cities']
    >>> print(big.savepoints.to_sql('bigquery')['big_cities'].splitlines()[-2:])
    ['WHERE', '  km2 > 10']
    """

    def __init__(self) -> None:
        self._entries: dict[str, SavepointEntry] = {}

    def __repr__(self) -> str:
        return f"Savepoints({[(e.name, e.materialization) for e in self._entries.values()]!r})"

    def __str__(self) -> str:
        """An overview of the savepoints per materialization."""
        lines = [f"Savepoints, entries: {len(self._entries)}"]
        for kind in MATERIALIZATIONS:
            names = [e.name for e in self._entries.values() if e.materialization == kind]
            lines.append(f"\t{kind}, entries: {len(names)}")
            lines.extend(f"\t\t{n}" for n in names)
        return "\n".join(lines)

    @property
    def all(self) -> list[SavepointEntry]:
        """Every savepoint, in the order they were added.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df.set_savepoint('raw', materialization='view')
        >>> df.savepoints.all[0].name, df.savepoints.all[0].materialization
        ('raw', 'view')
        """
        return list(self._entries.values())

    @property
    def names(self) -> list[str]:
        """The names of the savepoints, in the order they were added.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df.set_savepoint('raw')
        >>> df[df.x > 1].set_savepoint('big')
        >>> df.savepoints.names
        ['raw', 'big']
        """
        return list(self._entries)

    def _entry(self, name: str) -> SavepointEntry:
        if name not in self._entries:
            msg = f"No savepoint named {name!r}; the savepoints are {self.names}."
            raise InvalidArgumentError(msg)
        return self._entries[name]

    def add_savepoint(self, name: str, df: DataFrame, materialization: Any = "cte") -> None:
        """Add ``df``'s current state as savepoint ``name``.

        Adding the same state under the same name again does nothing; another state under a
        name in use raises (remove the old one first).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> points = bach.savepoints.Savepoints()
        >>> points.add_savepoint('raw', df, 'table')
        >>> points.add_savepoint('raw', df, 'table')  # the same: nothing happens
        >>> points.names
        ['raw']
        """
        if not isinstance(name, str) or not _NAME.match(name):
            msg = f"A savepoint name must match ^[a-zA-Z0-9_]+$, got {name!r}."
            raise InvalidArgumentError(msg)
        kind = check_materialization(materialization)
        if name in self._entries:
            old = self._entries[name]
            if (
                old.materialization != kind
                or old.df_original._final_node() != df._final_node()
                or old.df_original.variables != df.variables
            ):
                msg = (
                    f"A different savepoint named {name!r} exists. Remove it first "
                    f"(savepoints.remove_savepoint({name!r})) or choose another name."
                )
                raise InvalidArgumentError(msg)
            return
        self._entries[name] = SavepointEntry(name, df.copy(), kind)

    def set_materialization(self, name: str, materialization: Any) -> None:
        """Change the materialization of savepoint ``name`` (nothing in a database changes).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df.set_savepoint('raw')
        >>> df.savepoints.set_materialization('raw', 'table')
        >>> df.savepoints.all[0].materialization
        'table'
        """
        entry = self._entry(name)
        self._entries[name] = entry._replace(materialization=check_materialization(materialization))

    def remove_savepoint(self, name: str) -> None:
        """Forget savepoint ``name`` (a view or table written before stays in the database).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df.set_savepoint('raw')
        >>> df.savepoints.remove_savepoint('raw')
        >>> df.savepoints.names
        []
        """
        self._entry(name)
        del self._entries[name]

    def get_df(self, name: str) -> DataFrame:
        """A copy of the DataFrame saved as ``name``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df[df.x > 1].set_savepoint('big')
        >>> df.savepoints.get_df('big').to_pandas().x.tolist()
        [5]
        """
        return self._entry(name).df_original.copy()

    def get_materialized_df(self, name: str, engine_override: Any = None) -> DataFrame:
        """The savepoint read from the view or table that :meth:`write_to_db` created.

        A ``'cte'`` savepoint gives its DataFrame as it was saved. ``engine_override`` reads
        from another engine (where the savepoints were written).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df[df.x > 1].set_savepoint('doc_big_view', materialization='view')
        >>> _ = df.savepoints.write_to_db(overwrite=True)
        >>> read = df.savepoints.get_materialized_df('doc_big_view')
        >>> read.to_pandas().x.tolist(), 'doc_big_view' in read.view_sql()
        ([5], True)
        """
        from objectiv_bach.dataframe import DataFrame
        from objectiv_bach.plan.naming import sql_column_name

        entry = self._entry(name)
        df = entry.df_original
        if entry.materialization == "cte":
            return (
                df.copy() if engine_override is None else df.copy_override(engine=engine_override)
            )
        engine = df.engine if engine_override is None else engine_override
        names = {sql_column_name(n): n for n in df.all_series}
        frame = DataFrame.from_table(
            engine,
            name,
            index=[sql_column_name(n) for n in df.index],
            all_dtypes={sql_column_name(n): s.instance_dtype for n, s in df.all_series.items()},
        )
        return frame.rename(columns=names)._rename_index(names)

    def to_sql(self, dialect: Any = None) -> dict[str, str]:
        """``{name: SELECT query}`` of every savepoint, for ``dialect`` (default: each frame's).

        Each query is self-contained: exactly what the saved frame's ``view_sql()`` gives.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df[df.x > 1].set_savepoint('big')
        >>> print(df.savepoints.to_sql('postgres')['big'].splitlines()[-1])
          x > 1
        """
        return {
            e.name: str(e.df_original.view_sql(dialect=dialect)) for e in self._entries.values()
        }

    def _create(self, entry: SavepointEntry, table: exp.Table, dialect: Any) -> str:
        from objectiv_bach.dialects import get_dialect, render
        from objectiv_bach.variables import bound_tree

        df = entry.df_original
        name = dialect if dialect is not None else _engine_dialect(df.engine)
        create = exp.Create(
            this=table, kind=entry.materialization.upper(), expression=bound_tree(df)
        )
        return render(create, get_dialect(name))

    def get_create_statements(self, dialect: Any = None) -> dict[str, str]:
        """``{name: CREATE VIEW/TABLE name AS ...}`` of the view and table savepoints, in order.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df.set_savepoint('raw')
        >>> df[df.x > 1].set_savepoint('big', materialization='view')
        >>> print(df.savepoints.get_create_statements('bigquery')['big'].splitlines()[0])
        CREATE VIEW big AS
        >>> list(df.savepoints.get_create_statements('bigquery'))
        ['big']
        """
        return {
            e.name: self._create(e, exp.to_table(e.name), dialect)
            for e in self._entries.values()
            if e.materialization != "cte"
        }

    def get_drop_statements(self, dialect: Any = None) -> dict[str, str]:
        """``{name: DROP VIEW/TABLE IF EXISTS name}`` of the view and table savepoints.

        In reverse order, so that a view is dropped before what it may depend on.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df.set_savepoint('raw', materialization='table')
        >>> df[df.x > 1].set_savepoint('big', materialization='view')
        >>> df.savepoints.get_drop_statements('duckdb')
        {'big': 'DROP VIEW IF EXISTS big', 'raw': 'DROP TABLE IF EXISTS raw'}
        """
        from objectiv_bach.dialects import get_dialect, render

        result = {}
        for e in reversed(self._entries.values()):
            if e.materialization == "cte":
                continue
            name = dialect if dialect is not None else _engine_dialect(e.df_original.engine)
            drop = exp.Drop(
                tables=[exp.to_table(e.name)], kind=e.materialization.upper(), exists=True
            )
            result[e.name] = render(drop, get_dialect(name))
        return result

    def write_to_db(self, engine: Any = None, overwrite: bool = False) -> list[CreatedObject]:
        """Create a view or table for every savepoint with that materialization.

        Parameters
        ----------
        engine : Any, optional
            Where to create them (default: the engine of each saved frame).
        overwrite : bool, default False
            Replace views and tables that exist. Without it, an existing name raises before
            anything is created.

        Returns
        -------
        list of CreatedObject
            What was created, in order.

        Raises
        ------
        TableExistsError
            When a view or table of that name exists and ``overwrite`` is False.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> df.set_savepoint('doc_written', materialization='table')
        >>> df.savepoints.write_to_db(overwrite=True)
        [CreatedObject(name='doc_written', materialization='table')]
        >>> bach.from_table(None, 'doc_written', index='_index_0').x.to_pandas().tolist()
        [1, 5]
        """
        from objectiv_bach.backends import get_backend

        todo = [e for e in self._entries.values() if e.materialization != "cte"]
        targets = []
        for entry in todo:
            backend = get_backend(entry.df_original.engine if engine is None else engine)
            targets.append((entry, backend))
            if not overwrite and backend.table_exists(entry.name):
                msg = (
                    f"Savepoint {entry.name!r}: a table or view named {entry.name!r} exists. "
                    "Pass overwrite=True to replace it, or rename the savepoint."
                )
                raise TableExistsError(msg)
        created = []
        for entry, backend in targets:
            if entry.materialization == "table":
                df = entry.df_original
                backend.create_table_as(
                    entry.name,
                    str(df.view_sql(dialect=backend.name)),
                    if_exists="replace" if overwrite else "fail",
                )
            else:
                table = backend.table_ref(entry.name)
                if overwrite:
                    drop = exp.Drop(tables=[table.copy()], kind="VIEW", exists=True)
                    backend.execute(_render(drop, backend.name))
                backend.execute(self._create(entry, table, backend.name))
            created.append(CreatedObject(entry.name, entry.materialization))
        return created


def _render(tree: exp.Expression, dialect: str) -> str:
    from objectiv_bach.dialects import render

    return render(tree, dialect)


def _engine_dialect(engine: Any) -> str:
    from objectiv_bach.backends import get_backend

    return str(get_backend(engine).name)
