"""DataFrame: thin pandas-like methods that build new plans.

A DataFrame holds an engine, a base node, index and data Series (expressions over the base node),
an optional grouping and a sort order. Methods return new DataFrames; a new plan node is made only
when an operation cannot be expressed on the current one (filtering after a window function,
aggregating an aggregate, combining two frames, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach import hidden as hidden_columns
from objectiv_bach.backends import get_backend
from objectiv_bach.backends.engines import check_same_engine
from objectiv_bach.dialects import get_dialect, render
from objectiv_bach.errors import (
    ColumnNotFoundError,
    DtypeError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    UnsupportedOperationError,
)
from objectiv_bach.partitioning import GroupBy, SortColumn, Window, partition_key
from objectiv_bach.plan.cache import NodeCache
from objectiv_bach.plan.measure import too_big_for_frame
from objectiv_bach.plan.naming import col, sql_column_name, unused_name
from objectiv_bach.plan.nodes import Node, QuerySource, Select, TableSource
from objectiv_bach.plan.render import check_portable, render_plan
from objectiv_bach.progress import track_query
from objectiv_bach.savepoints import Savepoints
from objectiv_bach.series.base import Series, series_class
from objectiv_bach.types import base_dtype, is_numeric
from objectiv_bach.validation import (
    AGGREGATIONS,
    check_bool,
    check_bools,
    check_int,
    check_names,
    check_row_slice,
    check_str,
)
from objectiv_bach.variables import DefinedVariable, DtypeNamePair, bind, bound_values

_AGG_FUNCS = (
    "sum",
    "count",
    "mean",
    "min",
    "max",
    "nunique",
    "std",
    "var",
    "sem",
    "std_pop",
    "median",
    "quantile",
    "mode",
)


class DataFrame:
    """A pandas-like frame over a SQL query.

    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Ljouwert', 'Snits', 'Drylts'],
    ...                                            'inhabitants': [93485, 33520, 3055]}))
    >>> big = df[df.inhabitants > 10000].sort_values('city')
    >>> big.to_pandas().reset_index(drop=True)
           city  inhabitants
    0  Ljouwert        93485
    1     Snits        33520
    """

    def __init__(
        self,
        *,
        engine: Any,
        base_node: Node,
        index: Mapping[str, Series],
        series: Mapping[str, Series],
        group_by: GroupBy | None = None,
        order_by: tuple[SortColumn, ...] = (),
        variables: Mapping[DtypeNamePair, Any] | None = None,
        savepoints: Savepoints | None = None,
        hidden: Mapping[str, hidden_columns.HiddenColumn] | None = None,
    ) -> None:
        overlap = set(index) & set(series)
        if overlap:
            msg = f"Names {sorted(overlap)} are used by both the index and the data columns."
            raise InvalidArgumentError(msg)
        self._engine = engine
        self._base_node = base_node
        self._index = dict(index)
        self._data = dict(series)
        self._group_by = group_by
        self._order_by = order_by
        self._variables = dict(variables or {})
        self._savepoints = savepoints if savepoints is not None else Savepoints()
        self._hidden = dict(hidden or {})

    def _carried(self, *others: DataFrame) -> dict[str, Any]:
        """The constructor arguments a derived frame keeps: variables and savepoints.

        ``others`` are frames combined with this one; this frame's variable values win. The hidden
        columns come along too: they count only on a frame of their own node with the same rows
        (see :mod:`objectiv_bach.hidden`), so on a new node they are inert until dropped.
        """
        variables: dict[DtypeNamePair, Any] = {}
        for frame in (*others, self):
            variables.update(frame._variables)
        return {"variables": variables, "savepoints": self._savepoints, "hidden": self._hidden}

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_pandas(
        cls,
        engine: Any,
        df: pd.DataFrame,
        convert_objects: bool = True,
        name: str = "loaded_data",
        materialization: str = "cte",
        *,
        if_exists: str = "fail",
        dtypes: Mapping[str, Any] | None = None,
    ) -> DataFrame:
        """A DataFrame with the content of a pandas DataFrame.

        The pandas index becomes Bach index columns named ``_index_<name>`` (``_index_0`` ... for
        unnamed levels). NaN, None and NaT become NULL.

        Parameters
        ----------
        engine : Any
            Where the data lives: ``None`` for the process-wide in-memory DuckDB, a DuckDB
            connection, a SQLAlchemy engine or a URL (see :func:`objectiv_bach.backends.get_backend`).
        df : pandas.DataFrame
            The data. Column names must be unique strings.
        convert_objects : bool, default True
            Infer the dtype of object columns (strings, dates, ...) from their values.
        name : str, default 'loaded_data'
            The name of the CTE (``materialization='cte'``) or of the table (``'table'``).
        materialization : {'cte', 'table'}, default 'cte'
            ``'cte'`` puts the rows in the SQL as a VALUES CTE, up to
            ``objectiv_bach.loading.MAX_INLINE_VALUES`` values; a larger frame is registered
            with the DuckDB connection as an Arrow view, or uploaded to a temporary table on
            PostgreSQL and BigQuery (see the user guide, "pandas in, pandas out").
            ``'table'`` uploads the rows to table ``name``.
        if_exists : {'fail', 'replace', 'append'}, default 'fail'
            What to do when table ``name`` exists (``materialization='table'`` only).
        dtypes : mapping of str to dtype, optional
            The Bach dtype of some data columns instead of the inferred one, e.g. a list dtype
            ``{'tags': ['string']}`` or a dict dtype ``{'point': {'x': 'float64'}}`` for object
            columns of Python lists/dicts (inferred: ``json``, as the original). With
            ``materialization='table'`` such columns upload as native LIST/STRUCT (DuckDB),
            ARRAY/STRUCT (BigQuery), arrays and JSONB objects (PostgreSQL).

        Returns
        -------
        DataFrame
            A frame indexed by the (renamed) pandas index.

        Raises
        ------
        InvalidArgumentError
            For a non-pandas ``df``, non-string or duplicate column names, or an unknown
            ``materialization`` / ``if_exists``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> pdf = pd.DataFrame({'city': ['Snits', 'Ljouwert'], 'inhabitants': [33520, None]})
        >>> df = bach.DataFrame.from_pandas(None, pdf)
        >>> df.index_dtypes, df.dtypes
        ({'_index_0': 'int64'}, {'city': 'string', 'inhabitants': 'float64'})
        >>> print(df.sort_index().to_pandas().reset_index().to_string(index=False))
         _index_0     city  inhabitants
                0    Snits      33520.0
                1 Ljouwert          NaN
        >>> tags = pd.DataFrame({'tags': [['a', 'b'], []]})
        >>> uploaded = bach.DataFrame.from_pandas(None, tags, materialization='table',
        ...     name='tag_table', if_exists='replace', dtypes={'tags': ['string']})
        >>> uploaded.tags.instance_dtype, uploaded.tags.elements.len().sort_index().to_pandas().tolist()
        (['string'], [2, 0])
        """
        from objectiv_bach.loading import from_pandas

        return from_pandas(
            cls,
            engine,
            df,
            convert_objects=convert_objects,
            name=name,
            materialization=materialization,
            if_exists=if_exists,
            dtypes=dtypes,
        )

    @classmethod
    def from_table(
        cls,
        engine: Any,
        table_name: str,
        index: list[str] | str,
        all_dtypes: Mapping[str, str] | None = None,
        name_to_column_mapping: Mapping[str, str] | None = None,
        *,
        offline: bool = False,
    ) -> DataFrame:
        """A DataFrame over an existing table.

        Parameters
        ----------
        engine : Any
            The engine (``None``: the in-memory DuckDB) the table is in.
        table_name : str
            The table, optionally qualified (``schema.table``, ``project.dataset.table``).
        index : str or list of str
            Column(s) of the table to use as the index.
        all_dtypes : mapping of str to str, optional
            ``{column: dtype}`` for all columns; skips the query of the table's schema.
        name_to_column_mapping : mapping of str to str, optional
            ``{series name: column name}`` for Series named otherwise than their column (e.g.
            ``{'User Id': 'user_id'}``); ``index`` and the keys of ``all_dtypes`` are then
            Series names.
        offline : bool, default False
            Use ``table_name`` as written (``'project.dataset.events'``) and ask nothing of a
            database; needs ``all_dtypes``. For exporting the SQL of a table that the engine
            cannot see (``view_sql(dialect=...)``); ``to_pandas()`` then runs on ``engine``.

        Returns
        -------
        DataFrame
            A frame that reads the table; no SQL runs until ``to_pandas()``.

        Raises
        ------
        ColumnNotFoundError
            When an ``index`` column is not in the table.
        TableNotFoundError
            When the table does not exist (and ``all_dtypes`` is not given).
        InvalidArgumentError
            For ``offline=True`` without ``all_dtypes``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> _ = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts'], 'km2': [30, 3]}),
        ...                      materialization='table', name='doc_from_table',
        ...                      if_exists='replace')
        >>> df = bach.DataFrame.from_table(None, 'doc_from_table', index='city')
        >>> df.index_dtypes, df.dtypes
        ({'city': 'string'}, {'_index_0': 'int64', 'km2': 'int64'})
        >>> print(df.sort_index().to_pandas().reset_index().to_string(index=False))
          city  _index_0  km2
        Drylts         1    3
         Snits         0   30
        >>> offline = bach.DataFrame.from_table(None, 'project.dataset.cities', index='city',
        ...                                     all_dtypes={'city': 'string'}, offline=True)
        >>> print(offline.view_sql(dialect='bigquery'))
        SELECT
          city
        FROM project.dataset.cities
        """
        from objectiv_bach.sql_source import from_table

        return from_table(
            engine, table_name, index, all_dtypes, name_to_column_mapping, offline=offline
        )

    @classmethod
    def from_model(
        cls,
        engine: Any,
        model: Any,
        index: list[str] | str,
        all_dtypes: Mapping[str, str] | None = None,
        name_to_column_mapping: Mapping[str, str] | None = None,
    ) -> DataFrame:
        """A DataFrame over the result of a SQL query.

        Parameters
        ----------
        engine : Any
            The engine to run on (``None``: the in-memory DuckDB).
        model : str or sqlglot.exp.Query
            The query: SQL text in the engine's dialect (parsed with sqlglot), or a sqlglot
            query expression. It becomes one CTE (``sql_model``) of every query of the frame;
            ``view_sql(dialect=...)`` renders it for other dialects through sqlglot.
        index : str or list of str
            The Series to use as the index.
        all_dtypes : mapping of str to str, optional
            ``{series name: dtype}`` of all columns, in the query's order. Without it the
            database is asked (an empty table of the query's result is created and dropped).
        name_to_column_mapping : mapping of str to str, optional
            ``{series name: column name}`` for Series named otherwise than their column.

        Returns
        -------
        DataFrame
            A frame over the query's result; no SQL runs for it until ``to_pandas()``.

        Raises
        ------
        InvalidArgumentError
            When ``model`` is not one parsable query.
        InvalidArgumentTypeError
            When ``model`` is neither str nor a sqlglot query.
        ColumnNotFoundError
            When an index column or a mapped column is not in the result.

        Examples
        --------
        >>> import objectiv_bach as bach
        >>> df = bach.DataFrame.from_model(
        ...     None, "SELECT 'Snits' AS city, 30 AS km2 UNION ALL SELECT 'Drylts', 3",
        ...     index='city', name_to_column_mapping={'Area (km2)': 'km2'})
        >>> df.dtypes
        {'Area (km2)': 'int64'}
        >>> print(df.sort_index().to_pandas().reset_index().to_string(index=False))
          city  Area (km2)
        Drylts           3
         Snits          30
        """
        from objectiv_bach.sql_source import from_model

        return from_model(cls, engine, model, index, all_dtypes, name_to_column_mapping)

    @classmethod
    def _from_node(
        cls,
        engine: Any,
        node: Node,
        columns: list[tuple[str, str]],
        index: list[str] | str | None,
        casts: Mapping[str, exp.DataType] | None = None,
    ) -> DataFrame:
        index_names = [index] if isinstance(index, str) else list(index or [])
        known = [c for c, _ in columns]
        for name in index_names:
            if name not in known:
                msg = f"Index column {name!r} is not in the table's columns {known}."
                raise ColumnNotFoundError(msg)
        all_series: dict[str, Series] = {}
        for name, dtype in columns:
            expression: exp.Expression = col(name)
            if casts and name in casts:  # a stored type read as its dtype's (table_source)
                expression = exp.Cast(this=expression, to=casts[name].copy())
            if base_dtype(dtype) == "json" and isinstance(node, (TableSource, QuerySource)):
                expression = bx.JsonColumn(this=expression)
            all_series[name] = series_class(dtype)(
                engine=engine,
                base_node=node,
                index={},
                expression=expression,
                name=name,
                instance_dtype=dtype if isinstance(dtype, (list, dict)) else None,
            )
        index_series = {n: all_series[n] for n in index_names}
        data = {
            n: s.copy_override(index=index_series)
            for n, s in all_series.items()
            if n not in index_series
        }
        return cls(engine=engine, base_node=node, index=index_series, series=data)

    @classmethod
    def _from_series(cls, series: Series) -> DataFrame:
        return cls(
            engine=series.engine,
            base_node=series.base_node,
            index=series.index,
            series={series.name: series},
            group_by=series.group_by,
            order_by=series.order_by,
        )

    def copy_override(self, **overrides: Any) -> DataFrame:
        """A copy with some of its parts replaced.

        The parts are the constructor's arguments: ``engine``, ``base_node``, ``index``, ``series``,
        ``group_by``, ``order_by``, ``variables``, ``savepoints``, ``hidden``. The data Series follow a new index, grouping or order.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> df.copy_override(series={'a': df.a}).columns
        ['a']
        """
        args = {
            "engine": self._engine,
            "base_node": self._base_node,
            "index": self._index,
            "series": self._data,
            "group_by": self._group_by,
            "order_by": self._order_by,
            "variables": self._variables,
            "savepoints": self._savepoints,
            "hidden": self._hidden,
        }
        args.update(overrides)
        frame = DataFrame(**args)
        if "series" not in overrides and any(
            k in overrides for k in ("index", "group_by", "order_by")
        ):
            frame._data = {
                n: s.copy_override(
                    index=frame._index, group_by=frame._group_by, order_by=frame._order_by
                )
                for n, s in self._data.items()
            }
        return frame

    def copy(self) -> DataFrame:
        """A copy of this frame: it shares the immutable plan and has its own columns.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1]}))
        >>> other = df.copy()
        >>> other['b'] = 2
        >>> df.columns, other.columns
        (['a'], ['a', 'b'])
        """
        return self.copy_override()

    # ------------------------------------------------------------------ hidden columns
    def hide_columns(
        self,
        columns: str | list[str],
        *,
        guards: Iterable[str] = (),
        keep_on_filter: bool = True,
    ) -> DataFrame:
        """A frame with these data columns out of sight, carried along while they stay valid.

        A hidden column is in no output (``columns``, ``to_pandas()``, ``view_sql()``, exports),
        and the SQL of a query that does not read it leaves it out. Code that knows its name
        reads it with :meth:`get_hidden`. It survives only operations that keep the rows and
        their values (column selection and assignment, sorting, ``set_index`` /
        ``reset_index``, row filters, ``materialize()``), and only while every column of
        ``guards`` keeps its expression: replacing, renaming or dropping a guard drops it.
        Grouping, aggregating, merging and the like drop it too. See
        :mod:`objectiv_bach.hidden`.

        This is for libraries that build frames for others (the model hub uses it for a
        per-user session key); read :attr:`hidden_columns` before relying on one.

        Parameters
        ----------
        columns : str or list of str
            Data columns to hide.
        guards : iterable of str, optional
            Visible columns (data or index) the hidden columns are tied to.
        keep_on_filter : bool, default True
            False: a row filter (``df[mask]``, ``materialize(limit=...)``) drops them too, for
            columns that describe the whole set of rows (e.g. "this row is the first of its
            group", which a filter can make untrue for the rows it keeps).

        Returns
        -------
        DataFrame

        Raises
        ------
        ColumnNotFoundError
            For a name that is not a data column (or a guard that is no column).
        InvalidArgumentError
            For a grouped or aggregated frame, or a column that is also a guard.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'user': ['a', 'a', 'b'], 'n': [1, 2, 1]}))
        >>> df['key'] = df.user + '-' + df.n.astype('string')
        >>> df = df.hide_columns('key', guards=['user', 'n'])
        >>> df.columns, df.hidden_columns
        (['user', 'n'], ['key'])
        >>> df = df[df.n == 1]
        >>> sorted(df.get_hidden('key').to_numpy())
        ['a-1', 'b-1']
        >>> df['n'] = df.n + 1
        >>> df.hidden_columns
        []
        """
        names = [columns] if isinstance(columns, str) else list(columns)
        guard_names = [guards] if isinstance(guards, str) else list(guards)
        if self._group_by is not None or any(s.is_aggregated for s in self.all_series.values()):
            msg = (
                "hide_columns() on a grouped or aggregated frame: hide the columns of the "
                "ungrouped frame, or materialize() the aggregation first."
            )
            raise InvalidArgumentError(msg)
        for name in names:
            if name not in self._data:
                raise self._missing(name)
        for guard in guard_names:
            if guard not in self.all_series:
                raise self._missing(guard)
            if guard in names:
                msg = f"{guard!r} is both hidden and a guard; a guard must stay visible."
                raise InvalidArgumentError(msg)
        columns_now = self.all_series
        hidden = dict(hidden_columns.valid(self))
        for name in names:
            hidden[name] = hidden_columns.HiddenColumn(
                series=self._data[name],
                guards=tuple((g, columns_now[g].expression) for g in guard_names),
                keep_on_filter=check_bool(keep_on_filter, "hide_columns(keep_on_filter=...)"),
            )
        return self.copy_override(
            series={n: s for n, s in self._data.items() if n not in names}, hidden=hidden
        )

    @property
    def hidden_columns(self) -> list[str]:
        """The names of the hidden columns still valid here (see :meth:`hide_columns`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': [3, 4]}))
        >>> df.hide_columns('b', guards=['a']).hidden_columns
        ['b']
        >>> df.hide_columns('b', guards=['a']).drop(columns=['a']).hidden_columns
        []
        """
        return list(hidden_columns.valid(self))

    def get_hidden(self, name: str) -> Series:
        """The hidden column ``name`` as a Series of this frame (see :meth:`hide_columns`).

        Parameters
        ----------
        name : str
            One of :attr:`hidden_columns`.

        Returns
        -------
        Series
            Usable like a column of this frame: in expressions, as a new column, as a
            ``groupby`` key.

        Raises
        ------
        ColumnNotFoundError
            When ``name`` is not (or no longer) a valid hidden column of this frame.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': [3, 4]}))
        >>> df = df.hide_columns('b', guards=['a'])
        >>> df['c'] = df.a + df.get_hidden('b')
        >>> df.to_pandas().c.tolist()
        [4, 6]
        """
        valid = hidden_columns.valid(self)
        if name not in valid:
            dropped = name in self._hidden
            msg = (
                f"No valid hidden column {name!r}"
                + (
                    " (it was dropped: a guard column changed, or an operation made other rows)"
                    if dropped
                    else ""
                )
                + f"; valid hidden columns: {sorted(valid)}. Check df.hidden_columns first and "
                "fall back to the visible columns."
            )
            raise ColumnNotFoundError(msg)
        return valid[name].series.copy_override(
            name=name, index=self._index, group_by=self._group_by, order_by=self._order_by
        )

    # ------------------------------------------------------------------ properties
    @property
    def engine(self) -> Any:
        """The SQLAlchemy ``Engine`` this frame runs on, as the original Bach.

        An Engine given to ``from_pandas``/``from_table`` is returned as is; a URL gives the
        Engine made for it. For the default in-memory DuckDB (``engine=None``), a native DuckDB
        connection or a ``Backend``, it is a ``duckdb:///`` Engine (duckdb_engine) whose one
        connection *is* that DuckDB connection (same tables, temporary ones too; disposing of
        the Engine does not close it); a PostgreSQL or BigQuery ``Backend`` gives an Engine on
        its database (see :func:`objectiv_bach.backends.sqlalchemy_engine`). Passing it back as
        ``engine=`` runs on the same backend.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2]}), materialization='table',
        ...                       name='engine_example', if_exists='replace')
        >>> df.engine.url.get_backend_name()
        'duckdb'
        >>> pd.read_sql('SELECT SUM(a) AS total FROM engine_example', df.engine).total.tolist()
        [3]
        >>> bach.from_table(df.engine, 'engine_example', index=[]).a.sum().value
        np.int64(3)
        """
        from objectiv_bach.backends import sqlalchemy_engine

        return sqlalchemy_engine(self._engine)

    @property
    def base_node(self) -> Node:
        """The plan node whose columns the frame's Series refer to.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> type(df.base_node).__name__
        'ValuesSource'
        >>> df[['a']].base_node == df.base_node
        True
        """
        return self._base_node

    @property
    def index(self) -> dict[str, Series]:
        """The index Series, by name (a copy).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> list(df.index)
        ['_index_0']
        """
        return dict(self._index)

    @property
    def data(self) -> dict[str, Series]:
        """The data Series, by name (a copy).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> list(df.data)
        ['a', 'b']
        """
        return dict(self._data)

    @property
    def all_series(self) -> dict[str, Series]:
        """The index and data Series, by name, index first.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> list(df.all_series)
        ['_index_0', 'a', 'b']
        """
        return {**self._index, **self._data}

    @property
    def columns(self) -> list[str]:
        """The names of the data columns.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> bach.from_pandas(None, pd.DataFrame({'a': [1], 'b': ['x']})).columns
        ['a', 'b']
        """
        return list(self._data)

    data_columns = columns

    @property
    def index_columns(self) -> list[str]:
        """The names of the index columns.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> df.index_columns
        ['_index_0']
        >>> df.set_index('b').index_columns
        ['b']
        """
        return list(self._index)

    @property
    def dtypes(self) -> dict[str, str]:
        """The dtype of each data column.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> bach.from_pandas(None, pd.DataFrame({'a': [1], 'b': ['x']})).dtypes
        {'a': 'int64', 'b': 'string'}
        """
        return {n: s.dtype for n, s in self._data.items()}

    @property
    def index_dtypes(self) -> dict[str, str]:
        """The dtype of each index column.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> df.index_dtypes
        {'_index_0': 'int64'}
        """
        return {n: s.dtype for n, s in self._index.items()}

    @property
    def group_by(self) -> GroupBy | None:
        """The grouping of this frame (``groupby``), or None.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> df.group_by is None
        True
        >>> df.groupby('b').group_by is None
        False
        """
        return self._group_by

    @property
    def order_by(self) -> tuple[SortColumn, ...]:
        """The sort order of the rows (empty: unordered).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> df.order_by
        ()
        >>> df.sort_values('a').order_by
        (SortColumn('a', ascending),)
        """
        return self._order_by

    @property
    def is_materialized(self) -> bool:
        """Whether all columns are plain columns of the base node, ungrouped.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> df.is_materialized
        True
        >>> df['c'] = df.a + 1
        >>> df.is_materialized, df.materialize().is_materialized
        (False, True)
        """
        return all(isinstance(s.expression, exp.Column) for s in self.all_series.values()) and (
            self._group_by is None
        )

    def __repr__(self) -> str:
        from objectiv_bach.display import frame_repr

        return frame_repr(self)

    def _repr_html_(self) -> str:
        from objectiv_bach.display import frame_repr_html

        return frame_repr_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from objectiv_bach.display import frame_mimebundle

        return frame_mimebundle(self)

    def _template(self) -> Series:
        """A Series carrying this frame's base, index, grouping and order (for constants)."""
        return series_class("int64")(
            engine=self._engine,
            base_node=self._base_node,
            index=self._index,
            expression=exp.Literal.number(0),
            name="template",
            group_by=self._group_by,
            order_by=self._order_by,
        )

    # ------------------------------------------------------------------ the current state as a node
    def _state_select(
        self,
        *,
        name: str | None = None,
        step: str = "step",
        where: exp.Expression | None = None,
        having: exp.Expression | None = None,
        limit: int | None = None,
        offset: int | None = None,
        distinct: bool = False,
        keep_order: bool = False,
        extra: Mapping[str, Series] | None = None,
    ) -> Select:
        columns: list[tuple[str, exp.Expression]] = []
        seen: dict[str, str] = {}
        for series_name, series in {**self._index, **self._data, **(extra or {})}.items():
            sql_name = sql_column_name(series_name)
            if sql_name in seen:
                msg = (
                    f"Series names {seen[sql_name]!r} and {series_name!r} map to the same "
                    f"SQL column {sql_name!r}; rename one of them."
                )
                raise InvalidArgumentError(msg)
            seen[sql_name] = series_name
            columns.append((sql_name, series.expression))
        group_by = None
        if self._group_by is not None and not self._group_by.is_window:
            group_by = self._group_by.expressions
            keys = set(group_by)
            for series_name, series in self._data.items():
                if (
                    not series.is_aggregated
                    and series.expression not in keys
                    and not (isinstance(series.expression, exp.Literal))
                ):
                    msg = (
                        f"Column {series_name!r} is neither aggregated nor a group key of this "
                        "grouped frame. Aggregate it (e.g. .agg('max')) or drop it first."
                    )
                    raise InvalidArgumentError(msg)
        order = (
            tuple(s.ordered() for s in self._order_by)
            if (keep_order or limit is not None or offset)
            else ()
        )
        if not columns:
            msg = "A DataFrame without columns cannot be queried; select or add a column."
            raise InvalidArgumentError(msg)
        return Select(
            parent=self._base_node,
            column_exprs=tuple(columns),
            where=where,
            group_by=group_by,
            having=having,
            order_by=order,
            limit=limit,
            offset=offset or None,
            distinct=distinct,
            name=name,
            step=step,
        )

    def _on_node(
        self, node: Select, *, keep_order: bool = True, drop: Iterable[str] = ()
    ) -> DataFrame:
        """A frame whose Series are the plain columns of ``node`` (a state select of self)."""
        sql_names = dict(zip([*self._index, *self._data], node.columns, strict=False))
        index = {
            n: s.copy_override(
                base_node=node,
                expression=col(sql_names[n]),
                index={},
                group_by=None,
                order_by=(),
                size=1,
            )
            for n, s in self._index.items()
        }
        order: tuple[SortColumn, ...] = ()
        if keep_order and self._order_by:
            by_expr = {s.expression: sql_names[n] for n, s in self.all_series.items()}
            mapped = []
            for sort in self._order_by:
                if sort.expression in by_expr:
                    mapped.append(SortColumn(col(by_expr[sort.expression]), sort.asc))
            if len(mapped) == len(self._order_by):
                order = tuple(mapped)
        data = {
            n: s.copy_override(
                base_node=node,
                expression=col(sql_names[n]),
                index=index,
                group_by=None,
                order_by=order,
                size=1,
            )
            for n, s in self._data.items()
            if n not in set(drop)
        }
        return DataFrame(
            engine=self._engine,
            base_node=node,
            index=index,
            series=data,
            order_by=order,
            **self._carried(),
        )

    def materialize(
        self,
        node_name: str = "manual_materialize",
        inplace: bool = False,
        limit: Any = None,
        distinct: bool = False,
        materialization: str = "cte",
    ) -> DataFrame:
        """Make the current state a node of its own (a named CTE, or a temporary table).

        Later operations build on that node: filter an aggregate, aggregate an aggregate, or
        keep a complex expression from being repeated in the SQL.

        Parameters
        ----------
        node_name : str, default 'manual_materialize'
            The name of the CTE in the SQL. A temporary table is named ``node_name`` plus a
            unique suffix (``node_name__bach_<12 hex digits>``), so it never replaces or shadows
            a table of the user's, nor another materialization.
        inplace : bool, default False
            Not supported: assign the result.
        limit : int or slice, optional
            Keep only these rows (of the current sort order).
        distinct : bool, default False
            Keep only distinct rows.
        materialization : {'cte', 'temp_table'}, default 'cte'
            ``'temp_table'`` runs the query now into a temporary table (not on BigQuery).

        Returns
        -------
        DataFrame
            A frame whose columns are plain columns of the new node (ungrouped).

        Raises
        ------
        InvalidArgumentError
            For an unknown ``materialization`` or a bad ``limit``.
        UnsupportedOperationError
            For ``inplace=True``, or a temporary table on a dialect without them.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Snits', 'Drylts'],
        ...                                            'visitors': [3, 5, 8]}))
        >>> totals = df.groupby('city').agg('sum').materialize(node_name='totals')
        >>> totals.is_materialized, 'totals AS (' in totals.view_sql()
        (True, True)
        >>> print(totals.visitors_sum.mean().value)
        8.0
        """
        check_str(
            node_name,
            "materialize(node_name=...)",
            allow_empty=False,
            hint="Name the CTE with a str, e.g. node_name='sessions'.",
        )
        if inplace:
            msg = "materialize(inplace=True)"
            raise UnsupportedOperationError(msg, None, "Assign the result: df = df.materialize().")
        limit_value, offset = _limit_offset(limit)
        if distinct:
            # other rows: the hidden columns are left behind
            node = self._state_select(
                name=node_name, step=node_name, limit=limit_value, offset=offset, distinct=distinct
            )
            frame = self._on_node(node, keep_order=limit is None)
        else:
            node, frame = self._next_node(
                name=node_name,
                step=node_name,
                limit=limit_value,
                offset=offset,
                keep_node_order=limit is None,
                other_rows=limit is not None,
            )
        if str(materialization).lower() == "cte":
            return frame
        if str(materialization).lower() != "temp_table":
            msg = f"materialization={materialization!r}: choose 'cte' or 'temp_table'."
            raise InvalidArgumentError(msg)
        backend = get_backend(self._engine)
        if not get_dialect(backend.name).SUPPORTS_TEMP_TABLES:
            msg_0 = "materialize(materialization='temp_table')"
            raise get_dialect(backend.name).unsupported(
                msg_0, "Use materialization='cte', or database_create_table() for a real table."
            )
        # a unique name per materialization: never drops or shadows a user's table
        table = backend.create_temp_table_as(node_name, frame.view_sql(dialect=backend.name))
        columns = [(sql_column_name(n), s.instance_dtype) for n, s in frame.all_series.items()]
        temp = DataFrame._from_node(
            self._engine,
            TableSource(table=table, column_names=tuple(c for c, _ in columns)),
            columns,
            [sql_column_name(n) for n in self._index],
        )
        return (
            temp.rename(columns={sql_column_name(n): n for n in self._data})
            ._rename_index({sql_column_name(n): n for n in self._index})
            .copy_override(**self._carried())
        )

    def _rename_index(self, mapping: Mapping[str, str]) -> DataFrame:
        index = {
            mapping.get(n, n): s.copy_override(name=mapping.get(n, n))
            for n, s in self._index.items()
        }
        return self.copy_override(index=index)

    def _needs_node_for_rows(self) -> bool:
        """True when a row filter cannot be added to the current node as a WHERE."""
        return self._group_by is not None or any(
            s.has_window or s.is_aggregated for s in self.all_series.values()
        )

    # ------------------------------------------------------------------ item access
    def __getitem__(self, key: Any) -> Any:
        """A column, a frame of some columns, the rows where a bool Series is True, or a slice.

        Parameters
        ----------
        key : str, list of str, bool Series or slice
            A column name (data or index column) gives a Series; a list of data column names
            a DataFrame with those columns; a bool Series of this frame (``df.a > 1``) the rows
            where it is True (NULL counts as False); a slice (``df[2:4]``) those rows of the
            current sort order.

        Returns
        -------
        Series or DataFrame

        Raises
        ------
        ColumnNotFoundError
            For an unknown column name.
        DtypeError
            When the filter Series is not bool.
        InvalidArgumentError
            For a filter Series of another frame, an int key or a slice with a step.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts', 'Ljouwert'],
        ...                                            'km2': [30, 3, None]}))
        >>> type(df['city']).__name__
        'SeriesString'
        >>> df[['km2']].dtypes
        {'km2': 'float64'}
        >>> small = df[(df.km2 < 10) | df.city.str.startswith('L')]
        >>> small.sort_values('city').city.to_pandas().tolist()
        ['Drylts', 'Ljouwert']

        On a grouped frame an aggregated Series filters the groups (SQL ``HAVING``):

        >>> per_city = df.groupby('city').agg('max')
        >>> per_city[per_city.km2_max > 10].index_dtypes
        {'city': 'string'}
        """
        if isinstance(key, str):
            if key in self._data:
                return self._data[key]
            if key in self._index:
                return self._index_series(key)
            raise self._missing(key)
        if isinstance(key, (list, tuple)):
            for k in key:
                if k not in self._data:
                    raise self._missing(k)
            return self.copy_override(series={k: self._data[k] for k in key})
        if isinstance(key, Series):
            return self._filter(key)
        if isinstance(key, slice):
            check_row_slice(key)
            return self._slice(key)
        msg = (
            f"df[{key!r}] is not supported: use a column name, a list of names, a bool Series "
            "or a slice of rows (int keys are not supported: rows have no positions)."
        )
        raise InvalidArgumentError(msg)

    def __getattr__(self, attr: str) -> Any:
        """A column as an attribute (``df.moment``), as ``df['moment']``.

        Typed ``Any``, as ``__getitem__``: the concrete Series class (with ``.dt``, ``.str``,
        ``.json``, ``sum()`` ...) depends on the column's dtype at run time.
        """
        if attr.startswith("_"):
            raise AttributeError(attr)
        data = self.__dict__.get("_data", {})
        index = self.__dict__.get("_index", {})
        if attr in data:
            return data[attr]
        if attr in index:
            return self._index_series(attr)
        msg = f"DataFrame has no attribute or column {attr!r}"
        raise AttributeError(msg)

    def _index_series(self, key: str) -> Series:
        """An index column as a Series.

        On a grouped frame a group key aggregates per group (``df.groupby('g').g.count()``, as
        in pandas).
        """
        series = self._index[key]
        if self._group_by is not None and key in self._group_by.index:
            return series.copy_override(index=self._index, group_by=self._group_by)
        return series

    def _index_levels(self, level: Any, what: str) -> list[str]:
        """The index level names ``level`` means (a name, a position or a list of them)."""
        if level is None:
            return list(self._index)
        names = list(self._index)
        levels = list(level) if isinstance(level, (list, tuple)) else [level]
        found = []
        for item in levels:
            if (
                isinstance(item, int)
                and not isinstance(item, bool)
                and -len(names) <= item < len(names)
            ):
                found.append(names[item])
            elif isinstance(item, str) and item in self._index:
                found.append(item)
            else:
                msg = (
                    f"{what}: level {item!r} is not an index level; the index levels are "
                    f"{names} (give a name or a position)."
                )
                raise ColumnNotFoundError(msg)
        return found

    def _missing(self, key: str) -> ColumnNotFoundError:
        return ColumnNotFoundError(
            f"Column {key!r} is not in this DataFrame. Data columns: {list(self._data)}; "
            f"index: {list(self._index)}."
        )

    def __setitem__(self, key: str | list[str], value: Any) -> None:
        if isinstance(key, list):
            values = value if isinstance(value, (list, tuple)) else [value] * len(key)
            for k, v in zip(key, values, strict=True):
                self[k] = v
            return
        if not isinstance(key, str):
            msg = f"Column names must be strings, got {key!r}."
            raise InvalidArgumentError(msg)
        if key in self._index:
            msg = f"{key!r} is an index column; reset_index() first to change it."
            raise InvalidArgumentError(msg)
        if isinstance(value, (pd.Series, pd.Index, np.ndarray, list, tuple, set, range)):
            msg = (
                f"df[{key!r}] = <{type(value).__name__} of values>: Bach rows have no "
                "positions to assign values to one by one. Upload the values with their keys "
                "(bach.from_pandas(df.engine, pandas_frame)) and merge() on the keys; for one "
                "constant JSON array use Series.from_value(df, value, dtype='json')."
            )
            raise InvalidArgumentError(msg)
        if isinstance(value, Series):
            check_same_engine(self._engine, value.engine, f"assign Series {value.name!r}")
        if not isinstance(value, Series):
            series = Series.from_value(self, value, name=key)
        elif (
            value.base_node == self._base_node
            and (
                value.group_by == self._group_by
                or value.group_by is None
                and not value.is_aggregated
            )
            and set(value.index) == set(self._index)
        ):
            series = value.copy_override(
                name=key, index=self._index, group_by=self._group_by, order_by=self._order_by
            )
        else:
            aligned = self._align(value, key)
            self.__dict__.update(aligned.__dict__)
            return
        self._data[key] = series
        if too_big_for_frame(series.expression):
            self._continue_on_new_node()

    def _continue_on_new_node(self) -> None:
        """Make the current state a node of its own, in place.

        A column assigned in a long chain (``df['x'] = df.x + 1`` in a loop) then restarts from a
        plain column, so no expression grows too deep to render (see
        :mod:`objectiv_bach.plan.measure`).

        Only for an ungrouped frame (a grouped one would be aggregated); sort keys that are not
        columns (the old value of an overwritten sort column) come along as hidden columns.
        """
        if self._group_by is not None:
            return
        by_expression = {s.expression: n for n, s in self.all_series.items()}
        hidden: dict[str, Series] = {}
        for sort in self._order_by:
            if sort.expression not in by_expression:
                name = unused_name("__bach_sort", [*self.all_series, *hidden])
                hidden[name] = self._template().copy_override(expression=sort.expression)
                by_expression[sort.expression] = name
        node, frame = self._next_node(step="deep_expression", extra=hidden, keep_node_order=False)
        # the node's columns: index, data, the sort keys, then the hidden columns of the frame
        sql_names = dict(zip([*self._index, *self._data, *hidden], node.columns, strict=False))
        order = tuple(
            SortColumn(col(sql_names[by_expression[sort.expression]]), sort.asc)
            for sort in self._order_by
        )
        if order:
            frame = frame.copy_override(order_by=order)
        self.__dict__.update(frame.__dict__)

    def _align(self, value: Series, key: str) -> DataFrame:
        """``df[key] = series`` for a Series of another node: left join on the index."""
        if not self._index or list(value.index) != list(self._index):
            msg = (
                f"Cannot assign Series {value.name!r} to column {key!r}: it comes from another "
                f"frame and its index {list(value.index)} does not match {list(self._index)}."
            )
            raise InvalidArgumentError(msg)
        other = value.rename(key).to_frame()
        left = self.drop(columns=[key]) if key in self._data else self
        merged = left.merge(other, how="left", left_index=True, right_index=True)
        return merged

    def __delitem__(self, key: str) -> None:
        if key not in self._data:
            raise self._missing(key)
        del self._data[key]

    def drop(
        self,
        labels: Any = None,
        index: Any = None,
        columns: Any = None,
        level: Any = None,
        errors: str = "raise",
    ) -> DataFrame:
        """Drop data columns (``columns=`` or ``labels=``).

        Parameters
        ----------
        labels, columns : str or list of str
            The data columns to drop.
        index, level : None
            Not supported (filter rows with a boolean Series).
        errors : {'raise', 'ignore'}, default 'raise'
            Whether a missing column raises.

        Returns
        -------
        DataFrame
            The frame without those columns.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> df.drop(columns=['b']).columns
        ['a']
        >>> df.drop('c', errors='ignore').columns
        ['a', 'b']
        """
        if index is not None or level is not None:
            msg = "drop(index=...) / drop(level=...)"
            raise UnsupportedOperationError(msg, None, "Filter rows with a boolean Series.")
        names = check_names(
            columns if columns is not None else labels, "drop(columns=...)", allow_none=True
        )
        for name in names:
            if name not in self._data and errors == "raise":
                raise self._missing(name)
        return self.copy_override(series={k: v for k, v in self._data.items() if k not in names})

    def rename(
        self,
        mapper: Any = None,
        index: Any = None,
        columns: Any = None,
        axis: int = 0,
        level: Any = None,
        errors: str = "ignore",
    ) -> DataFrame:
        """Rename data columns with a dict or a function.

        Parameters
        ----------
        mapper, columns : dict or callable
            Old name -> new name.
        index : None
            Not supported (use ``reset_index``/``set_index``).

        Returns
        -------
        DataFrame
            The frame with the renamed columns.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> df.rename(columns={'a': 'n'}).columns
        ['n', 'b']
        >>> df.rename(columns=str.upper).columns
        ['A', 'B']
        """
        if index is not None:
            msg = "rename(index=...)"
            raise UnsupportedOperationError(
                msg, None, "Rename index columns with reset_index()/set_index()."
            )
        mapping = columns if columns is not None else mapper
        if mapping is None:
            return self.copy()
        if not callable(mapping) and not isinstance(mapping, Mapping):
            msg = (
                f"rename(columns=...) takes a dict {{old: new}} or a function, got "
                f"{mapping!r} ({type(mapping).__name__})."
            )
            raise InvalidArgumentTypeError(msg)
        rename: Callable[[str], str] = (
            mapping if callable(mapping) else (lambda n: mapping.get(n, n))
        )
        if isinstance(mapping, Mapping) and errors == "raise":
            for k in mapping:
                if k not in self._data:
                    raise self._missing(k)
        data = {}
        for name, series in self._data.items():
            new = rename(name)
            if new in data:
                msg = f"rename gives two columns named {new!r}."
                raise InvalidArgumentError(msg)
            data[new] = series.copy_override(name=new)
        return self.copy_override(series=data)

    def astype(self, dtype: Any) -> DataFrame:
        """Cast all data columns to ``dtype``, or some with a dict ``{column: dtype}``.

        Parameters
        ----------
        dtype : str or mapping of str to str
            A Bach dtype (``'int64'``, ``'float64'``, ``'string'``, ``'bool'``, ``'date'``,
            ``'timestamp'``, ``'json'`` ...) or a pandas/numpy alias of one.

        Returns
        -------
        DataFrame

        Raises
        ------
        ColumnNotFoundError
            For an unknown column in the mapping.
        DtypeError
            For an unknown dtype, or a cast that is not supported.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1, 2], 'day': ['2022-01-31', None]}))
        >>> cast = df.astype({'n': 'string', 'day': 'date'})
        >>> cast.dtypes
        {'n': 'string', 'day': 'date'}
        >>> print(cast.sort_index().to_pandas().to_string(index=False))
        n        day
        1 2022-01-31
        2       None
        """
        mapping = dtype if isinstance(dtype, Mapping) else {n: dtype for n in self._data}
        for name in mapping:
            if name not in self._data:
                raise self._missing(name)
        return self.copy_override(
            series={n: s.astype(mapping[n]) if n in mapping else s for n, s in self._data.items()}
        )

    # ------------------------------------------------------------------ rows
    def _filter(self, mask: Series) -> DataFrame:
        if mask.dtype != "bool":
            msg = f"Filter with a bool Series; {mask.name!r} has dtype {mask.dtype!r}."
            raise DtypeError(msg)
        if mask.base_node != self._base_node:
            msg = (
                f"The filter Series {mask.name!r} comes from another frame (base node). Build "
                "it from this frame's columns, or merge the frames first."
            )
            raise InvalidArgumentError(msg)
        if self._group_by is not None and mask.is_aggregated:
            node = self._state_select(
                having=mask.expression, step="filtered_groups", keep_order=True
            )
            return self._on_node(node)
        if self._needs_node_for_rows() or mask.has_window or mask.is_aggregated:
            if mask.is_aggregated and self._group_by is None:
                msg = "Cannot filter rows with an aggregated Series on an ungrouped frame."
                raise InvalidArgumentError(msg)
            hidden = unused_name("__bach_filter", self.all_series)
            node, frame = self._next_node(
                step="before_filter", keep_order=False, extra={hidden: mask}
            )
            flag = col(node.columns[len(self.all_series)])
            return frame._next_node(where=flag, step="filtered", other_rows=True)[1]
        return self._next_node(where=mask.expression, step="filtered", other_rows=True)[1]

    def _next_node(
        self, *, keep_node_order: bool = True, other_rows: bool = False, **select: Any
    ) -> tuple[Select, DataFrame]:
        """The current state as a new node (``_state_select(**select)``) and the frame on it.

        For operations that keep the values of the rows they keep: the valid hidden columns
        (:mod:`objectiv_bach.hidden`) come along as columns of the node, after ``extra``;
        with ``other_rows`` (a filter, a limit) only those hidden with ``keep_on_filter``.
        """
        extra = dict(select.pop("extra", None) or {})
        hidden_extra = hidden_columns.select_columns(
            self, [*self.all_series, *extra], other_rows=other_rows
        )
        node = self._state_select(extra={**extra, **hidden_extra}, **select)
        frame = self._on_node(node, keep_order=keep_node_order)
        if hidden_extra:
            sql_names = node.columns[len(node.columns) - len(hidden_extra) :]
            frame._hidden = hidden_columns.rebase(
                self, frame, node, dict(zip(hidden_extra, sql_names, strict=True)), other_rows
            )
        return node, frame

    def _slice(self, key: slice) -> DataFrame:
        if key.step not in (None, 1):
            msg = f"Row slices with a step are not supported: {key!r}."
            raise InvalidArgumentError(msg)
        return self.materialize(node_name="slice", limit=key)

    def head(self, n: int = 5) -> pd.DataFrame:
        """The first ``n`` rows as pandas (in the current sort order).

        Parameters
        ----------
        n : int, default 5
            The number of rows.

        Returns
        -------
        pandas.DataFrame
            At most ``n`` rows.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> print(df.sort_values('a').head(1).to_string(index=False))
         a b
         1 x
        """
        return self.to_pandas(limit=n)

    def sort_values(self, by: str | list[str], ascending: bool | list[bool] = True) -> DataFrame:
        """Sort by columns (NULLs last).

        The order is kept by later operations where SQL allows, is used by windows
        (``window_lag`` ...) and by ``to_pandas()``. Rows have no order otherwise: sort before
        showing them.

        Parameters
        ----------
        by : str or list of str
            The column(s) to sort by, data or index columns.
        ascending : bool or list of bool, default True
            The direction, for all columns or one per column.

        Returns
        -------
        DataFrame
            The same rows, sorted.

        Raises
        ------
        ColumnNotFoundError
            For an unknown column.
        InvalidArgumentError
            When ``ascending`` is a list of another length than ``by``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'a', 'b'],
        ...                                            'x': [1, 2, 3, None]}))
        >>> print(df.sort_values(['g', 'x'], ascending=[True, False]).to_pandas()
        ...       .to_string(index=False))
        g   x
        a 3.0
        a 1.0
        b 2.0
        b NaN
        """
        names = _keys_of(by, "sort_values(by=...)")
        asc = check_bools(ascending, "sort_values(ascending=...)", len(names))
        order = []
        for name, direction in zip(names, asc, strict=True):
            series = self[name] if isinstance(name, str) else name
            order.append(SortColumn(series.expression, bool(direction)))
        return self.copy_override(order_by=tuple(order))

    def sort_index(self, level: Any = None, ascending: bool = True) -> DataFrame:
        """Sort the rows by the index columns (NULLs last).

        Parameters
        ----------
        level : str, int or list of them, optional
            The index levels to sort by, by name or position, in order (default: all).
        ascending : bool or list of bool, default True
            Sort ascending or descending (one per level).

        Returns
        -------
        DataFrame

        Raises
        ------
        ColumnNotFoundError
            For a level that is not an index level (a ``KeyError``, as pandas).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [5, 6, 7]}))
        >>> df.sort_index(ascending=False).to_pandas().a.tolist()
        [7, 6, 5]
        >>> two = df.set_index(['a'], append=True)
        >>> two.sort_index(level='a', ascending=False).to_pandas().index.tolist()
        [(2, 7), (1, 6), (0, 5)]
        """
        return self.sort_values(self._index_levels(level, "sort_index"), ascending=ascending)

    def drop_duplicates(
        self,
        subset: Any = None,
        keep: str | bool = "first",
        ignore_index: bool = False,
        sort_by: Any = None,
        ascending: bool = True,
    ) -> DataFrame:
        """Rows with duplicate values (in ``subset`` columns) removed.

        Without ``subset``, without index columns and with ``keep='first'`` or ``'last'`` this
        is a DISTINCT over the data columns. Otherwise the row kept is the first (or last) in
        the frame's sort order (``sort_by`` sorts first; default: the index order).

        Parameters
        ----------
        subset : str or list of str, optional
            The columns that define a duplicate (default: all data columns).
        keep : {'first', 'last', False}, default 'first'
            Which row of each set of duplicates to keep; ``False`` drops them all.
        ignore_index : bool, default False
            Accepted for compatibility; not used.
        sort_by : str or list of str, optional
            Sort by these columns first (see :meth:`sort_values`).
        ascending : bool or list of bool, default True
            The direction of ``sort_by``.

        Returns
        -------
        DataFrame

        Raises
        ------
        InvalidArgumentError
            For another ``keep``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts', 'Snits'],
        ...                                            'visitors': [3, 5, 8]}))
        >>> print(df[['city']].reset_index(drop=True).drop_duplicates().sort_values('city')
        ...       .to_pandas().to_string(index=False))
          city
        Drylts
         Snits
        >>> most = df.drop_duplicates(subset='city', sort_by='visitors', ascending=False)
        >>> print(most.sort_values('city').to_pandas().to_string(index=False))
          city  visitors
        Drylts         5
         Snits         8
        >>> df.drop_duplicates(subset='city', keep=False).city.to_pandas().tolist()
        ['Drylts']
        """
        names = (
            list(self._data)
            if subset is None
            else check_names(subset, "drop_duplicates(subset=...)")
        )
        if keep not in ("first", "last", False):
            msg = f"keep={keep!r}: choose 'first', 'last' or False."
            raise InvalidArgumentError(msg)
        if subset is None and not self._index and keep in ("first", "last") and sort_by is None:
            return self._on_node(self._state_select(distinct=True, step="distinct"))
        frame = self.sort_values(sort_by, ascending) if sort_by is not None else self
        order = frame._order_by or tuple(SortColumn(s.expression) for s in self._index.values())
        if keep == "last":
            order = tuple(SortColumn(o.expression, not o.asc) for o in order)
        partition = tuple(partition_key(self[n]) for n in names)
        if keep is False:
            window = Window(partition=partition)
            counted = frame._template().copy_override(
                expression=window.over(exp.Count(this=exp.Star()), with_frame=False)
            )
            return frame[counted == 1]
        window = Window(partition=partition, order_by=order)
        number = frame._template().window_row_number(window=window)
        return frame[number == 1]

    def dropna(
        self, *, axis: int = 0, how: str = "any", thresh: int | None = None, subset: Any = None
    ) -> DataFrame:
        """Drop rows with missing values in (``subset``) data columns.

        Parameters
        ----------
        how : {'any', 'all'}, default 'any'
            Drop a row when any / all of the columns are missing.
        thresh : int, optional
            Keep rows with at least this many non-missing values (overrides ``how``).
        subset : str or list of str, optional
            The columns to look at (default: all data columns).

        Returns
        -------
        DataFrame
            The kept rows.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, None, 3], 'b': ['x', 'y', None]}))
        >>> print(df.dropna().to_pandas().to_string(index=False))
          a b
        1.0 x
        >>> print(df.dropna(how='all').sort_values('a').to_pandas().to_string(index=False))
          a   b
        1.0   x
        3.0 NaN
        NaN   y
        """
        names = list(self._data) if subset is None else check_names(subset, "dropna(subset=...)")
        check_int(thresh, "dropna(thresh=...)", minimum=0, allow_none=True)
        if how not in ("any", "all"):
            msg = f"how={how!r}: choose 'any' or 'all'."
            raise InvalidArgumentError(msg)
        tests = [self[n].notnull() for n in names]
        if thresh is not None:
            counts = [t.astype("int64") for t in tests]
            total = counts[0]
            for c in counts[1:]:
                total = total + c
            return self[total >= thresh]
        mask = tests[0]
        for t in tests[1:]:
            mask = (mask & t) if how == "any" else (mask | t)
        return self[mask]

    def fillna(
        self,
        value: Any = None,
        *,
        method: Any = None,
        axis: int = 0,
        sort_by: Any = None,
        ascending: Any = True,
        window: Any = None,
        **kwargs: Any,
    ) -> DataFrame:
        """Missing values replaced by ``value`` (one value, or ``{column: value}``).

        Parameters
        ----------
        value : scalar or mapping of str to scalar
            The replacement, for all data columns or per column; of each column's dtype. May be
            given positionally, as in pandas: ``df.fillna(0)``.
        method : {'ffill', 'pad', 'bfill', 'backfill'}, optional
            Fill from the previous / next non-missing value instead (see :meth:`ffill`).
        axis : int, default 0
            Accepted for compatibility.
        sort_by, ascending, window :
            With ``method``: the order to fill in (see :meth:`ffill`).

        Returns
        -------
        DataFrame

        Raises
        ------
        InvalidArgumentError
            For both ``value`` and ``method``, an unknown ``method``, or a ``method`` on an
            unsorted frame.
        DtypeError
            When a value does not fit its column's dtype.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1.5, None], 'b': ['x', None]}))
        >>> print(df.fillna(value={'a': 0.0, 'b': '?'}).sort_index().to_pandas()
        ...       .to_string(index=False))
          a b
        1.5 x
        0.0 ?
        >>> df[['a']].fillna(-1.0).sort_index().a.to_pandas().tolist()
        [1.5, -1.0]
        """
        if method is not None:
            if value is not None:
                msg = f"fillna(value={value!r}, method={method!r}): give one of them, not both."
                raise InvalidArgumentError(msg)
            from objectiv_bach.fill import fill

            return fill(self, method, sort_by, ascending, window)
        mapping = value if isinstance(value, Mapping) else {n: value for n in self._data}
        return self.copy_override(
            series={n: s.fillna(mapping[n]) if n in mapping else s for n, s in self._data.items()}
        )

    # ------------------------------------------------------------------ index
    def set_index(
        self, keys: str | list[str], drop: bool = True, append: bool = False
    ) -> DataFrame:
        """Use column(s) as the index.

        Parameters
        ----------
        keys : str or list of str
            The column(s) that become the index.
        drop : bool, default True
            Only ``True``: a column cannot be both index and data column in Bach (pandas'
            ``drop=False`` keeps it as both). Copy the column first to keep it as data.
        append : bool, default False
            Add ``keys`` to the current index instead of replacing it.

        Returns
        -------
        DataFrame

        Raises
        ------
        ColumnNotFoundError
            For an unknown column.
        UnsupportedOperationError
            For ``drop=False``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts'], 'km2': [30, 3]}))
        >>> by_city = df.set_index('city')
        >>> by_city.index_dtypes, by_city.dtypes
        ({'city': 'string'}, {'km2': 'int64'})
        >>> df.set_index('city', append=True).index_columns
        ['_index_0', 'city']
        """
        names = check_names(keys, "set_index(keys=...)")
        check_bool(append, "set_index(append=...)")
        for name in names:
            if name not in self._data and name not in self._index:
                raise self._missing(name)
        if not drop:
            msg = "set_index(drop=False)"
            raise UnsupportedOperationError(
                msg,
                None,
                "A name is either an index or a data column in Bach: copy the column first, "
                "e.g. df['key_copy'] = df['key'], then set_index('key').",
            )
        # as pandas: the keys leave the data columns, and the old index is discarded unless
        # appended to
        index = dict(self._index) if append else {}
        for name in names:
            index[name] = self.all_series[name].copy_override(index={})
        data = {n: s for n, s in self._data.items() if n not in names}
        frame = DataFrame(
            engine=self._engine,
            base_node=self._base_node,
            index=index,
            series={n: s.copy_override(index=index) for n, s in data.items()},
            group_by=self._group_by,
            order_by=self._order_by,
            **self._carried(),
        )
        return frame

    def reset_index(self, level: Any = None, drop: bool = False) -> DataFrame:
        """Move the index to data columns (or drop it).

        On a grouped frame the aggregation is done first (the group keys become columns).

        Parameters
        ----------
        level : str or list of str, optional
            The index columns to move (default: all).
        drop : bool, default False
            Drop them instead of making them data columns.

        Returns
        -------
        DataFrame

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Snits', 'Drylts'],
        ...                                            'visitors': [3, 5, 8]}))
        >>> totals = df.groupby('city').visitors.sum().reset_index()
        >>> totals.index_columns, totals.columns
        ([], ['city', 'visitors'])
        >>> print(totals.sort_values('city').to_pandas().to_string(index=False))
          city  visitors
        Drylts         8
         Snits         8
        >>> df.reset_index(drop=True).index_columns
        []
        """
        if self._group_by is not None:
            node = self._state_select(step="aggregated", keep_order=True)
            return self._on_node(node).reset_index(level=level, drop=drop)
        names = self._index_levels(level, "reset_index")
        index = {n: s for n, s in self._index.items() if n not in names}
        data = {} if drop else {n: self._index[n] for n in names}
        data.update(self._data)
        return DataFrame(
            engine=self._engine,
            base_node=self._base_node,
            index=index,
            series={n: s.copy_override(index=index) for n, s in data.items()},
            order_by=self._order_by,
            **self._carried(),
        )

    # ------------------------------------------------------------------ grouping, aggregation
    def groupby(self, by: Any = None) -> DataFrame:
        """Group by columns (names or Series). Aggregations then give one row per group.

        The group keys become the index. Data columns must be aggregated (or dropped) before
        the frame is queried. A sorted grouped frame also defines windows: see :meth:`window`.

        Parameters
        ----------
        by : str, Series, list of them, tuple or nested list, optional
            The group keys: column names, or Series of this frame (named by their name).
            ``None`` makes one group of all rows. A tuple gives grouping sets (each element a
            key or a list of keys); a list holding lists/tuples the cross product of its
            elements (a tuple there is a choice of sets): see :meth:`cube`. The keys missing
            from a set are NULL in that set's rows.

        Returns
        -------
        DataFrame
            A grouped frame.

        Raises
        ------
        ColumnNotFoundError
            For an unknown column name.
        InvalidArgumentError
            For a Series of another frame.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Snits', 'Drylts'],
        ...                                            'visitors': [3, 5, 8]}))
        >>> per_city = df.groupby('city').visitors.sum()
        >>> per_city.sort_index().to_pandas().to_dict()
        {'Drylts': 8, 'Snits': 8}
        >>> first = df.groupby(df.city.str[:1]).visitors.count()
        >>> first.sort_index().to_pandas().to_dict()
        {'D': 1, 'S': 2}

        Grouping sets (a tuple): per city and in total, in one query; the grand total's
        ``city`` is missing:

        >>> sets = df.groupby((['city'], [])).visitors.sum()
        >>> sets.sort_index().to_pandas().to_dict()
        {'Drylts': 8, 'Snits': 8, nan: 16}
        """
        from objectiv_bach import grouping_sets

        if grouping_sets.is_grouping_sets(by):
            return grouping_sets.groupby_sets(self, by)
        keys = [] if by is None else _keys_of(by, "groupby(by=...)")
        for key in keys:
            if isinstance(key, Series) and key.base_node != self._base_node:
                msg = (
                    f"Group-by Series {key.name!r} comes from another frame (base node); "
                    "build it from this frame's columns."
                )
                raise InvalidArgumentError(msg)
            if isinstance(key, str) and key not in self.all_series:
                raise self._missing(key)
        frame = self
        extra_keys: dict[str, Series] = {}
        if (
            self._group_by is not None
            or self._needs_node_for_rows()
            or any(isinstance(k, Series) and (k.has_window or k.is_aggregated) for k in keys)
        ):
            # group the current state as a node; Series keys come along as hidden columns
            used = list(self.all_series)
            extra_keys = {}
            for i, k in enumerate(keys):
                if isinstance(k, Series):
                    hidden = unused_name(f"__groupby_key_{i}", used)
                    used.append(hidden)
                    extra_keys[hidden] = k
            frame = self._on_node(self._state_select(step="before_groupby", extra=extra_keys))
            for hidden, key in extra_keys.items():
                frame._data[hidden] = frame._on_node_extra(hidden, key)
        index: dict[str, Series] = {}
        hidden_by_key = {id(k): h for h, k in extra_keys.items()}
        for key in keys:
            if isinstance(key, str):
                series = frame[key]
            elif id(key) in hidden_by_key:
                series = frame._data.pop(hidden_by_key[id(key)]).copy_override(name=key.name)
            else:
                series = key
            index[series.name] = series.copy_override(index={}, group_by=None, order_by=())
        group_by = GroupBy(index=index, row_index=frame._index)
        data = {
            n: s.copy_override(index=index, group_by=group_by)
            for n, s in frame._data.items()
            if n not in index
        }
        return DataFrame(
            engine=self._engine,
            base_node=frame._base_node,
            index=index,
            series=data,
            group_by=group_by,
            order_by=frame._order_by,
            **self._carried(),
        )

    def _on_node_extra(self, hidden: str, key: Series) -> Series:
        """The hidden column ``hidden`` of this frame's (new) base node, typed as ``key``."""
        return key.copy_override(
            base_node=self._base_node,
            expression=col(hidden),
            index={},
            group_by=None,
            order_by=(),
            size=1,
        )

    def window(self, **frame_args: Any) -> DataFrame:
        """A windowed frame: this frame's grouping (the partition) and sort order as a window.

        The usual idiom is ``df.sort_values(...).groupby(...).window()``. The windowed frame has
        the rows (and index) of the frame before grouping, with the group keys as columns. Its
        Series aggregate over the window (``window['x'].min()``, ``.sum()`` ...: one value per
        row, a running value when the frame is sorted, the whole partition when it is not),
        and its window functions (``window_row_number()``, ``window_lag()`` ...) use it. Pass
        it as ``window=`` or ``partition=`` to Series of the original frame, too.

        Parameters
        ----------
        **frame_args
            The frame, as in the original API: ``mode`` (``WindowFrameMode.RANGE`` default, or
            ``ROWS``), ``start_boundary`` (``WindowFrameBoundary.PRECEDING`` default),
            ``start_value`` (None: unbounded), ``end_boundary`` (``CURRENT_ROW`` default),
            ``end_value``. Window functions that take no frame (row_number, rank, lag, lead)
            ignore it.

        Returns
        -------
        DataFrame
            The windowed frame.

        Raises
        ------
        InvalidArgumentError
            For an unknown frame argument or a negative frame offset; window functions raise it
            (a ValueError: "Window must be sorted") when the frame was not sorted.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> from objectiv_bach import WindowFrameMode
        >>> df = bach.from_pandas(None, pd.DataFrame({'user': ['a', 'a', 'b', 'a', 'b'],
        ...                                            'day': [2, 1, 1, 3, 2],
        ...                                            'clicks': [3, 5, 4, 6, 1]}))
        >>> window = df.sort_values('day').groupby('user').window()
        >>> df['lowest_so_far'] = window['clicks'].min()
        >>> df['previous'] = window['clicks'].window_lag()
        >>> df['total'] = df.groupby('user').window()['clicks'].sum()
        >>> last_two = df.sort_values('day').groupby('user').window(
        ...     mode=WindowFrameMode.ROWS, start_value=1)
        >>> df['last_two'] = last_two['clicks'].sum()
        >>> print(df.sort_values(['user', 'day']).to_pandas().to_string(index=False))
        user  day  clicks  lowest_so_far  previous  total  last_two
           a    1       5              5       NaN     14         5
           a    2       3              3       5.0     14         8
           a    3       6              3       3.0     14         9
           b    1       4              4       NaN      5         4
           b    2       1              1       4.0      5         5
        """
        from objectiv_bach.partitioning import WindowGroupBy

        unknown = sorted(
            set(frame_args) - {"mode", "start_boundary", "start_value", "end_boundary", "end_value"}
        )
        if unknown:
            msg = (
                f"Unknown window frame arguments {unknown}; use mode, start_boundary, "
                "start_value, end_boundary and end_value."
            )
            raise InvalidArgumentError(msg)
        partition = self._group_by.partition if self._group_by is not None else ()
        row_index = self._group_by.row_index if self._group_by is not None else self._index
        order = self._order_by
        if self._group_by is not None and self._group_by.is_window:  # a new frame, same window
            previous: Window = self._group_by.window  # type: ignore[attr-defined]
            partition, order = previous.partition, order or previous.order_by
        window = Window(
            partition=partition,
            order_by=order,
            row_index=row_index,
            node=self._base_node,
            **frame_args,
        )
        group_by = WindowGroupBy(index={}, row_index=row_index, window=window)
        keys = (
            {}
            if self._group_by is None or self._group_by.is_window
            else {n: s for n, s in self._group_by.index.items() if n not in row_index}
        )
        # the sort order lives in the window: results are not sorted by it
        data = {
            n: s.copy_override(index=row_index, group_by=group_by, order_by=())
            for n, s in {**keys, **self._data}.items()
        }
        return DataFrame(
            engine=self._engine,
            base_node=self._base_node,
            index=row_index,
            series=data,
            group_by=group_by,
            **self._carried(),
        )

    def _grouped_for_agg(self) -> DataFrame:
        if self._group_by is not None:
            return self
        return self.groupby(None)

    def agg(
        self, func: Any, axis: int = 1, numeric_only: bool = False, *args: Any, **kwargs: Any
    ) -> DataFrame:
        """Aggregate every data column with ``func``.

        The result columns are named ``<column>_<func>``.

        On an ungrouped frame everything is one group (one row, no index).

        Parameters
        ----------
        func : str, callable, list of them, or mapping of str to them
            An aggregation name (``'sum'``, ``'count'``, ``'mean'``, ``'min'``, ``'max'``,
            ``'nunique'``, ``'std'``, ``'var'``), a function ``Series -> Series`` (named by its
            ``__name__``), a list of them, or ``{column: func(s)}`` for some columns.
        axis : int, default 1
            Only 1 is supported.
        numeric_only : bool, default False
            Aggregate only int64 and float64 columns.
        *args, **kwargs
            Passed to the aggregation methods (e.g. ``ddof=0``).

        Returns
        -------
        DataFrame
            A grouped frame with one column per (column, function).

        Raises
        ------
        InvalidArgumentError
            For an aggregation the column's dtype does not have.
        UnsupportedOperationError
            For another ``axis``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Snits', 'Drylts'],
        ...                                            'visitors': [3, 5, 8]}))
        >>> stats = df.groupby('city').agg(['sum', 'count'])
        >>> stats.columns
        ['visitors_sum', 'visitors_count']
        >>> print(stats.sort_index().to_pandas().reset_index().to_string(index=False))
          city  visitors_sum  visitors_count
        Drylts             8               1
         Snits             8               2
        >>> print(df.agg({'visitors': 'max', 'city': 'nunique'}).to_pandas().to_string(index=False))
         visitors_max  city_nunique
                    8             2
        """
        if axis != 1:
            msg = f"agg(axis={axis!r})"
            raise UnsupportedOperationError(msg, None, "Use axis=1.")
        _check_agg_funcs(func)
        frame = self._grouped_for_agg()
        if isinstance(func, Mapping):
            plan = {c: ([f] if isinstance(f, str) else list(f)) for c, f in func.items()}
        else:
            funcs = [func] if isinstance(func, str) or callable(func) else list(func)
            plan = {
                c: funcs for c, s in frame._data.items() if not numeric_only or is_numeric(s.dtype)
            }
        if any(f == "mode" for funcs in plan.values() for f in funcs):
            from objectiv_bach.stats import agg_with_mode

            return agg_with_mode(frame, plan, *args, **kwargs)
        data: dict[str, Series] = {}
        for column, funcs in plan.items():
            series = frame[column]
            for f in funcs:
                fname = f if isinstance(f, str) else getattr(f, "__name__", "func")
                if isinstance(f, str) and not hasattr(type(series), f):
                    known = "" if f in AGGREGATIONS else "Unknown aggregation. "
                    msg = (
                        f"{known}Column {column!r} (dtype {series.dtype!r}) has no "
                        f"aggregation {f!r}. Options: {list(_AGG_FUNCS)}."
                    )
                    raise InvalidArgumentError(msg)
                result = getattr(series, f)(*args, **kwargs) if isinstance(f, str) else f(series)
                if result.base_node != frame._base_node:
                    msg = (
                        f"Aggregation {fname!r} of column {column!r} gives a Series of "
                        "another frame state; it cannot be combined in one agg(). Call it "
                        "on its own and merge the results on the index."
                    )
                    raise InvalidArgumentError(msg)
                data[f"{column}_{fname}"] = result.copy_override(name=f"{column}_{fname}")
        return DataFrame(
            engine=self._engine,
            base_node=frame._base_node,
            index=frame._index,
            series=data,
            group_by=frame._group_by,
            order_by=(),
            **self._carried(),
        )

    aggregate = agg

    # ------------------------------------------------------------------ reductions, statistics
    # (the logic is in stats.py, describe.py and dummies.py)
    def _reduce(self, name: str, numeric_only: bool = False, **kwargs: Any) -> DataFrame:
        from objectiv_bach.stats import frame_reduction

        return frame_reduction(self, name, numeric_only=numeric_only, **kwargs)

    def sum(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        numeric_only: bool = False,
        min_count: int = 0,
        **kwargs: Any,
    ) -> DataFrame:
        """Sum of each column (per group), columns ``<col>_sum``.

        As pandas: 0 for no values, NULL when fewer than ``min_count`` values are present,
        and with ``skipna=False`` NULL when a value is missing. The other reductions
        (``count``, ``mean``, ``min``, ``max``, ``nunique``, ``std``, ``var``, ``sem``,
        ``std_pop``, ``median``, ``mode``) take the same arguments.

        Parameters
        ----------
        axis : int, default 1
            Only 1 (each column over the rows) is supported.
        skipna : bool, default True
            Skip missing values; ``False`` gives NULL for a group with a missing value.
        level : None
            Not supported (group by the index column instead).
        numeric_only : bool, default False
            Only int64 and float64 columns.
        min_count : int, default 0
            The number of values needed for a non-NULL sum.

        Returns
        -------
        DataFrame

        Raises
        ------
        UnsupportedOperationError
            For another ``axis``, or a ``level``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [None, 1, 2]}))
        >>> df.groupby('g').sum(min_count=1).sort_index().to_pandas().to_dict()
        {'x_sum': {'a': nan, 'b': 3.0}}
        >>> print(df[['x']].sum(skipna=False).to_pandas().to_string(index=False))
         x_sum
           NaN
        """
        return self._reduce(
            "sum",
            numeric_only,
            axis=axis,
            skipna=skipna,
            level=level,
            min_count=min_count,
            **kwargs,
        )

    def count(
        self, axis: int = 1, level: Any = None, numeric_only: bool = False, **kwargs: Any
    ) -> DataFrame:
        """Number of non-missing values of each column; see :meth:`sum`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b', 'b'],
        ...                                            'x': [1, 2, 4, None]}))
        >>> print(df.count().to_pandas().to_string(index=False))
         g_count  x_count
               4        3
        >>> df.groupby('g').count().sort_index().to_pandas().to_dict()
        {'x_count': {'a': 1, 'b': 2}}
        """
        return self._reduce("count", numeric_only, axis=axis, level=level, **kwargs)

    def mean(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> DataFrame:
        """Mean of each column; see :meth:`sum`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b', 'b'],
        ...                                            'x': [1, 2, 4, None]}))
        >>> df.groupby('g').mean().sort_index().to_pandas().to_dict()
        {'x_mean': {'a': 1.0, 'b': 3.0}}
        """
        return self._reduce("mean", numeric_only, axis=axis, skipna=skipna, level=level, **kwargs)

    def min(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> DataFrame:
        """Minimum of each column; see :meth:`sum`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b', 'b'],
        ...                                            'x': [1, 2, 4, None]}))
        >>> print(df.min().to_pandas().to_string(index=False))
        g_min  x_min
            a    1.0
        """
        return self._reduce("min", numeric_only, axis=axis, skipna=skipna, level=level, **kwargs)

    def max(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> DataFrame:
        """Maximum of each column; see :meth:`sum`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b', 'b'],
        ...                                            'x': [1, 2, 4, None]}))
        >>> print(df.max().to_pandas().to_string(index=False))
        g_max  x_max
            b    4.0
        """
        return self._reduce("max", numeric_only, axis=axis, skipna=skipna, level=level, **kwargs)

    def nunique(self, axis: int = 1, skipna: bool = True, **kwargs: Any) -> DataFrame:
        """Number of distinct non-missing values of each column; see :meth:`sum`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b', 'b'],
        ...                                            'x': [1, 2, 4, None]}))
        >>> print(df.nunique().to_pandas().to_string(index=False))
         g_nunique  x_nunique
                 2          3
        """
        return self._reduce("nunique", axis=axis, skipna=skipna, **kwargs)

    def std(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        ddof: int = 1,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> DataFrame:
        """Sample (``ddof=1``) or population (``ddof=0``) standard deviation; see :meth:`sum`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b', 'b'],
        ...                                            'x': [1, 2, 4, None]}))
        >>> print(df[['x']].std().to_pandas().to_string(index=False))
           x_std
        1.527525
        >>> df.groupby('g').std().sort_index().to_pandas().to_dict()
        {'x_std': {'a': nan, 'b': 1.4142135623730951}}
        """
        return self._reduce(
            "std", numeric_only, axis=axis, skipna=skipna, level=level, ddof=ddof, **kwargs
        )

    def var(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        ddof: int = 1,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> DataFrame:
        """Sample (``ddof=1``) or population (``ddof=0``) variance; see :meth:`sum`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b', 'b'],
        ...                                            'x': [1, 2, 4, None]}))
        >>> print(df[['x']].var().to_pandas().to_string(index=False))
           x_var
        2.333333
        >>> print(df[['x']].var(ddof=0).to_pandas().to_string(index=False))
           x_var
        1.555556
        """
        return self._reduce(
            "var", numeric_only, axis=axis, skipna=skipna, level=level, ddof=ddof, **kwargs
        )

    def sem(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        ddof: int = 1,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> DataFrame:
        """Standard error of the mean of each numeric column, columns ``<col>_sem``.

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 2.0, 4.0, 7.0]}))
        >>> df.sem().to_pandas().round(6).to_dict('records')
        [{'x_sem': 1.322876}]
        """
        return self._reduce(
            "sem", numeric_only, axis=axis, skipna=skipna, level=level, ddof=ddof, **kwargs
        )

    def std_pop(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        ddof: int = 1,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> DataFrame:
        """Population standard deviation of each numeric column, columns ``<col>_std_pop``.

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 3.0]}))
        >>> df.std_pop().to_pandas().to_dict('records')
        [{'x_std_pop': 1.0}]
        """
        return self._reduce(
            "std_pop", numeric_only, axis=axis, skipna=skipna, level=level, **kwargs
        )

    def median(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> DataFrame:
        """Exact median of each column (per group), columns ``<col>_median``.

        See :meth:`quantile`.

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'], 'x': [1, 2, 5]}))
        >>> df.groupby('g').median().sort_index().to_pandas().to_dict()
        {'x_median': {'a': 1.5, 'b': 5.0}}
        """
        from objectiv_bach.stats import frame_median

        return frame_median(self, axis=axis, skipna=skipna, level=level, numeric_only=numeric_only)

    def mode(
        self,
        axis: int = 1,
        skipna: bool = True,
        level: Any = None,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> DataFrame:
        """Most frequent value of each column (per group), columns ``<col>_mode``.

        On a tie the smallest value (pandas gives every tied value, in several rows).

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [3, 3, 1, 2],
        ...                                            's': ['b', 'a', 'b', 'a']}))
        >>> df.mode().to_pandas().to_dict('records')
        [{'x_mode': 3, 's_mode': 'a'}]
        """
        from objectiv_bach.stats import frame_mode

        return frame_mode(self, axis=axis, skipna=skipna, level=level, numeric_only=numeric_only)

    def quantile(
        self, q: Any = 0.5, axis: int = 1, numeric_only: bool = False, **kwargs: Any
    ) -> DataFrame:
        """Exact quantile(s) of each numeric (or timedelta) column, per group.

        The columns are named ``<col>_quantile``; linear interpolation, as pandas' default.

        Parameters
        ----------
        q : float or list of float, default 0.5
            Between 0 and 1. A list gives one row per q (per group), with the q as an extra
            index level ``q``.
        axis : int, default 1
            Only 1 is supported.
        numeric_only : bool, default False
            Leave out columns without quantiles instead of raising.

        Returns
        -------
        DataFrame

        Raises
        ------
        DtypeError
            For a column without quantiles (unless ``numeric_only``).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2, 10, 4], 'y': [0., 1., 2., 3.]}))
        >>> df.quantile(q=0.25).to_pandas().to_dict('records')
        [{'x_quantile': 1.75, 'y_quantile': 0.75}]
        >>> print(df.quantile(q=[0.5, 0.9]).sort_index().to_pandas().reset_index()
        ...       .to_string(index=False))
          q  x_quantile  y_quantile
        0.5         3.0         1.5
        0.9         8.2         2.7
        """
        from objectiv_bach.stats import frame_quantile

        return frame_quantile(self, q=q, axis=axis, numeric_only=numeric_only)

    def round(self, decimals: int | Mapping[str, int] = 0) -> DataFrame:
        """Numeric columns rounded to ``decimals`` (an int, or ``{column: int}``).

        Rounds half away from zero (SQL's rule); other columns are unchanged.

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.234, 5.678], 's': ['a', 'b']}))
        >>> df.round(1).sort_index().to_pandas().to_dict('list')
        {'x': [1.2, 5.7], 's': ['a', 'b']}
        """
        from objectiv_bach.stats import frame_round

        return frame_round(self, decimals)

    def scale(self, with_mean: bool = True, with_std: bool = True) -> DataFrame:
        """Every numeric column standardized; other columns unchanged.

        Uses the mean and population standard deviation of all rows (see
        :meth:`SeriesAbstractNumeric.scale`).

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 3, 5], 's': ['a', 'b', 'c']}))
        >>> df.scale().sort_index().to_pandas().round(4).to_dict('list')
        {'x': [-1.2247, 0.0, 1.2247], 's': ['a', 'b', 'c']}
        """
        from objectiv_bach.stats import frame_numeric_apply

        return frame_numeric_apply(
            self, "scale", lambda s: s.scale(with_mean=with_mean, with_std=with_std)
        )

    def minmax_scale(self, feature_range: tuple[float, float] = (0, 1)) -> DataFrame:
        """Every numeric column scaled from its ``[min, max]`` to ``feature_range``.

        Other columns are unchanged.

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 3, 5]}))
        >>> df.minmax_scale().sort_index().to_pandas().to_dict('list')
        {'x': [0.0, 0.5, 1.0]}
        """
        from objectiv_bach.stats import frame_numeric_apply

        return frame_numeric_apply(
            self, "minmax_scale", lambda s: s.minmax_scale(feature_range=feature_range)
        )

    def describe(
        self,
        percentiles: Any = None,
        include: Any = None,
        exclude: Any = None,
        datetime_is_numeric: bool = False,
    ) -> DataFrame:
        """Descriptive statistics of the columns, in ONE query, shaped as pandas' describe.

        Numeric columns give count, mean, std, min, the percentiles and max (float64); other
        columns count, unique, top (the most frequent value, the smallest on a tie) and freq,
        as text. The index ``__stat`` names the statistic; rows are in pandas' order.

        Parameters
        ----------
        percentiles : list of float, optional
            Between 0 and 1; default ``[0.25, 0.5, 0.75]`` (as pandas 3, the median is not
            added to a given list). Exact.
        include : 'all', dtype or list of dtypes, optional
            Default: the numeric columns, or all columns when there are none. ``'all'``: every
            column. Dtypes as Bach names or pandas selectors (``'number'``, ``'object'``).
        exclude : dtype or list of dtypes, optional
            Columns to leave out.
        datetime_is_numeric : bool, default False
            Only False: timestamps are described as values (count, unique, top, freq).

        Returns
        -------
        DataFrame

        Raises
        ------
        DtypeError
            When no column is left to describe.
        UnsupportedOperationError
            For a grouped frame, or ``datetime_is_numeric=True``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2, 10, None],
        ...                                            'city': ['Snits', 'Snits', 'Drylts', None]}))
        >>> print(df.describe().to_pandas().round(3).reset_index().to_string(index=False))
        __stat      x
         count  3.000
          mean  4.333
           std  4.933
           min  1.000
           25%  1.500
           50%  2.000
           75%  6.000
           max 10.000
        >>> df.describe(include='all').to_pandas().loc[['count', 'top', 'freq']].to_dict()
        {'x': {'count': 3.0, 'top': nan, 'freq': nan}, 'city': {'count': '3', 'top': 'Snits', 'freq': '2'}}
        """
        from objectiv_bach.describe import describe

        return describe(
            self,
            percentiles=percentiles,
            include=include,
            exclude=exclude,
            datetime_is_numeric=datetime_is_numeric,
        )

    def get_dummies(
        self,
        prefix: Any = None,
        prefix_sep: str = "_",
        dummy_na: bool = False,
        columns: Any = None,
        dtype: str = "int64",
    ) -> DataFrame:
        """One indicator column per distinct value of the encoded columns (``pandas.get_dummies``).

        The columns are named ``<prefix><prefix_sep><value>``; one query finds the values.

        Parameters
        ----------
        prefix : str, list or dict of str, optional
            Default: the column name.
        prefix_sep : str, default '_'
        dummy_na : bool, default False
            Add a ``<prefix>_nan`` column for missing values (they are 0 everywhere otherwise).
        columns : list of str, optional
            The columns to encode (string, int64 or bool); default: every string column.
        dtype : {'int64', 'float64', 'bool'}, default 'int64'
            The indicators' dtype (the original's default; pandas' is bool).

        Returns
        -------
        DataFrame
            The other columns, then the indicators of each encoded column (values sorted).

        Raises
        ------
        DtypeError
            For a column that cannot be encoded, or another ``dtype``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1, 2, 3],
        ...                                            'city': ['Snits', None, 'Drylts']}))
        >>> print(df.get_dummies(dummy_na=True).sort_index().to_pandas().to_string(index=False))
         n  city_Drylts  city_Snits  city_nan
         1            0           1         0
         2            0           0         1
         3            1           0         0
        """
        from objectiv_bach.dummies import get_dummies

        return get_dummies(
            self,
            prefix=prefix,
            prefix_sep=prefix_sep,
            dummy_na=dummy_na,
            columns=columns,
            dtype=dtype,
        )

    def value_counts(
        self,
        subset: Any = None,
        normalize: bool = False,
        sort: bool = True,
        ascending: bool = False,
        dropna: bool = True,
    ) -> Series:
        """Number of rows of each distinct combination of (``subset``) columns.

        A Series named ``value_counts`` indexed by those columns. Rows with a missing value are left
        out unless ``dropna=False``; ``normalize`` gives shares.

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': ['x', 'x', 'y', None],
        ...                                            'b': [1, 1, 2, 3]}))
        >>> df.value_counts().to_pandas().to_dict()
        {('x', 1): 2, ('y', 2): 1}
        >>> df.value_counts(subset='b', normalize=True).sort_index().to_pandas().tolist()
        [0.5, 0.25, 0.25]
        """
        from objectiv_bach.stats import frame_value_counts

        return frame_value_counts(
            self, subset=subset, normalize=normalize, sort=sort, ascending=ascending, dropna=dropna
        )

    # ------------------------------------------------------------------ merge
    def merge(
        self,
        right: DataFrame | Series,
        how: str = "inner",
        on: Any = None,
        left_on: Any = None,
        right_on: Any = None,
        left_index: bool = False,
        right_index: bool = False,
        suffixes: tuple[str, str] = ("_x", "_y"),
        validate: str | None = None,
    ) -> DataFrame:
        """Join with another frame (inner, left, right, outer, cross), as pandas.merge.

        The result's index is this (left) frame's index; the right frame's index columns
        become data columns unless they are join keys. Columns in both frames (other than
        ``on`` keys) get ``suffixes``; that includes index columns of the same name, such as
        the ``_index_0`` of two frames made with ``from_pandas``.

        Parameters
        ----------
        right : DataFrame or Series
            The other frame.
        how : {'inner', 'left', 'right', 'outer', 'cross'}, default 'inner'
        on : str or list of str, optional
            Key column(s) in both frames; by default the columns the frames have in common.
        left_on, right_on : str or list of str, optional
            Key column(s) of each frame, when their names differ.
        left_index, right_index : bool, default False
            Use the index of that frame as its keys.
        suffixes : tuple of (str, str), default ('_x', '_y')
            Added to names that are in both frames.
        validate : {'one_to_one', 'many_to_one'}, optional
            Declares that the right frame's keys are unique. Unlike pandas, Bach does not
            check it (that would run a query); it uses it: a left merge whose right columns are
            not used later is left out of the SQL.

        Returns
        -------
        DataFrame

        Raises
        ------
        ColumnNotFoundError
            For an unknown key column.
        DtypeError
            When paired keys have different dtypes.
        InvalidArgumentError
            For conflicting key arguments, an unknown ``how`` or frames without common columns.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> visits = bach.from_pandas(None, pd.DataFrame({
        ...     'city': ['Snits', 'Drylts', 'Snits', 'Amsterdam'], 'visitors': [3, 5, 2, 9]}))
        >>> cities = bach.from_pandas(None, pd.DataFrame({
        ...     'city': ['Snits', 'Drylts'], 'province': ['FR', 'FR']})).set_index('city')
        >>> joined = visits.merge(cities, how='left', left_on='city', right_index=True)
        >>> joined.columns
        ['city', 'visitors', 'province']
        >>> print(joined.sort_values(['city', 'visitors']).to_pandas().to_string(index=False))
             city  visitors province
        Amsterdam         9      NaN
           Drylts         5       FR
            Snits         2       FR
            Snits         3       FR
        """
        from objectiv_bach.merge import merge

        if not isinstance(right, (DataFrame, Series)):
            hint = (
                " Upload it first: bach.from_pandas(df.engine, right)."
                if isinstance(right, (pd.DataFrame, pd.Series))
                else ""
            )
            msg = (
                f"merge(right=...) takes a Bach DataFrame or Series, got a "
                f"{type(right).__module__.split('.')[0]}.{type(right).__name__}.{hint}"
            )
            raise InvalidArgumentTypeError(msg)
        for arg, value in (("on", on), ("left_on", left_on), ("right_on", right_on)):
            check_names(value, f"merge({arg}=...)", allow_none=True)
        check_bool(left_index, "merge(left_index=...)")
        check_bool(right_index, "merge(right_index=...)")
        if not (
            isinstance(suffixes, (tuple, list))
            and len(suffixes) == 2
            and all(isinstance(x, str) for x in suffixes)
        ):
            msg = f"merge(suffixes=...) takes a tuple of two str, got {suffixes!r}."
            raise InvalidArgumentTypeError(msg)
        other = right.to_frame() if isinstance(right, Series) else right
        return merge(
            self,
            other,
            how=how,
            on=on,
            left_on=left_on,
            right_on=right_on,
            left_index=left_index,
            right_index=right_index,
            suffixes=suffixes,
            validate=validate,
        )

    # ------------------------------------------------------------------ SQL and results
    def _final_node(self, limit: Any = None) -> Select:
        limit_value, offset = _limit_offset(limit)
        return self._state_select(limit=limit_value, offset=offset, keep_order=True, step="result")

    def view_sql(self, limit: Any = None, *, dialect: Any = None) -> str:
        """The SQL that ``to_pandas()`` runs, for ``dialect`` (default: the engine's).

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2]}))
        >>> print(df[df.a > 1].view_sql(dialect='bigquery'))
        WITH loaded_data AS (
          SELECT
            CAST(_index_0 AS INT64) AS _index_0,
            CAST(a AS INT64) AS a
          FROM UNNEST([STRUCT(0 AS _index_0, 1 AS a), STRUCT(1 AS _index_0, 2 AS a)]) AS _bach_values
        )
        SELECT
          _index_0,
          a
        FROM loaded_data
        WHERE
          a > 1
        """
        from objectiv_bach.display import SQL

        name = dialect if dialect is not None else get_backend(self._engine).name
        return SQL(
            _render_sql(self._final_node(limit), get_dialect(name).BACH_NAME, self._variables)
        )

    def to_pandas(self, limit: Any = None, *, dtype_backend: str = "numpy") -> pd.DataFrame:
        """Run the query and return the result as pandas (index set, original column names).

        Parameters
        ----------
        limit : int or slice, optional
            Only the first ``limit`` rows, or a slice of rows (in the sort order).
        dtype_backend : {'numpy', 'numpy_nullable', 'pyarrow'}, default 'numpy'
            The pandas dtypes of the result, as pandas' ``read_sql``. ``'numpy'`` (as the original
            Bach): ``int64``/``bool`` for a column without NULLs, ``float64`` (NaN) for an int
            column with NULLs and ``object`` (None) for a bool column with NULLs.
            ``'numpy_nullable'``: ``Int64``, ``boolean``, ``Float64``, ``string``.
            ``'pyarrow'``: ``pandas.ArrowDtype`` columns (dates, times and timestamps too).
            UUIDs, JSON, lists and dicts are ``object`` columns of Python values in every case.

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        InvalidArgumentError
            For another ``dtype_backend``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': [1, None]}))
        >>> df['b'] = df.b.astype('int64')
        >>> df.to_pandas().dtypes.astype(str).tolist()
        ['int64', 'float64']
        >>> df.to_pandas(dtype_backend='numpy_nullable').dtypes.astype(str).tolist()
        ['Int64', 'Int64']
        >>> df.to_pandas(dtype_backend='pyarrow').dtypes.astype(str).tolist()
        ['int64[pyarrow]', 'int64[pyarrow]']
        """
        from objectiv_bach.backends.convert import arrow_to_result
        from objectiv_bach.types import check_dtype_backend

        check_dtype_backend(dtype_backend)
        table, dtypes = self._arrow_result(limit)
        names = [*self._index, *self._data]
        return arrow_to_result(table, dtypes, names, len(self._index), dtype_backend)

    def _result(self, limit: Any = None) -> pd.DataFrame:
        """Run the query: the exact result, with the backends' dtypes (``Int64``, ``boolean``)."""
        result = self._flat_result(limit)
        if self._index:
            result = result.set_index(list(self._index))
        return result

    def _flat_result(self, limit: Any = None) -> pd.DataFrame:
        """:meth:`_result` with the index levels as its first columns."""
        from objectiv_bach.backends.convert import arrow_to_pandas

        table, dtypes = self._arrow_result(limit)
        result = arrow_to_pandas(table, dtypes)
        result.columns = [*self._index, *self._data]
        return result

    def _arrow_result(self, limit: Any = None) -> tuple[pa.Table, list[Any]]:
        """Run the query: its Arrow result (index levels first) and the columns' dtypes."""
        backend = get_backend(self._engine)
        sql = _render_sql(self._final_node(limit), backend.name, self._variables)
        dtypes = [s.instance_dtype for s in self.all_series.values()]
        with track_query(backend):
            return backend.run_arrow(sql, dtypes), dtypes

    def to_numpy(self) -> np.ndarray:
        """The data columns as a numpy array (runs the query), as ``pandas.DataFrame.to_numpy``.

        Returns
        -------
        numpy.ndarray
            One row per result row, one column per data column (the index is left out).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': [3, 4]}))
        >>> df.sort_index().to_numpy()
        array([[1, 3],
               [2, 4]])
        """
        return self.to_pandas().to_numpy()

    def database_create_table(self, table_name: str, *, if_exists: str = "fail") -> DataFrame:
        """Write the result to table ``table_name`` and return a frame over that table.

        Parameters
        ----------
        table_name : str
            The name of the new table.
        if_exists : {'fail', 'replace'}, default 'fail'
            What to do when the table exists.

        Returns
        -------
        DataFrame
            A frame over the new table, with the same index, names and dtypes.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        >>> table = df.database_create_table('create_table_example', if_exists='replace')
        >>> table.is_materialized, table.columns
        (True, ['a', 'b'])
        >>> print(table.sort_values('a').to_pandas().to_string(index=False))
         a b
         1 x
         2 y
        """
        if if_exists not in ("fail", "replace"):
            msg = f"if_exists={if_exists!r}: choose 'fail' or 'replace'."
            raise InvalidArgumentError(msg)
        backend = get_backend(self._engine)
        with track_query(backend):
            backend.create_table_as(
                table_name, self.view_sql(dialect=backend.name), if_exists=if_exists
            )
        names = {sql_column_name(n): n for n in self.all_series}
        dtypes = {sql_column_name(n): s.instance_dtype for n, s in self.all_series.items()}
        frame = DataFrame.from_table(
            self._engine,
            table_name,
            index=[sql_column_name(n) for n in self._index],
            all_dtypes=dtypes,
        )
        return frame.rename(columns=names)._rename_index(names).copy_override(**self._carried())

    # ------------------------------------------------------------------ sampling, variables and
    # savepoints (logic in sample.py, variables.py and savepoints.py)
    def get_sample(
        self,
        table_name: str,
        filter: Series | None = None,
        sample_percentage: float | None = None,
        *,
        overwrite: bool = False,
        seed: int | None = None,
    ) -> DataFrame:
        """Write a sample of the rows to table ``table_name`` and continue on that table.

        Work on the (small) sample, then call :meth:`get_unsampled` to run every step done
        after sampling on all the data.

        Parameters
        ----------
        table_name : str
            The permanent table the sample is written to.
        filter : bool Series, optional
            Sample the rows where this Series of the frame is True.
        sample_percentage : float, optional
            Keep about this percentage (0 < p <= 100) of the rows (of the filtered rows, with
            ``filter``).
        overwrite : bool, default False
            Replace ``table_name`` if it exists; without it an existing table raises.
        seed : int, optional
            Make the sample reproducible: the same seed and data give the same rows, on every
            engine. A row is kept when a hash of the seed and its values is below the
            percentage (a deterministic hash sample; BigQuery's ``TABLESAMPLE`` has no seed,
            so Bach hashes on every engine). Equal rows are kept or dropped together; each
            engine hashes its own way, so the rows differ between engines. Without a seed
            each call draws a random seed, so each call samples anew.

        Returns
        -------
        DataFrame
            The same columns, index and sort order, over the sample table.

        Raises
        ------
        InvalidArgumentError
            Without ``filter`` and ``sample_percentage``, or for a percentage outside (0, 100].
        TableExistsError
            When ``table_name`` exists and ``overwrite`` is False.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': range(1000)}))
        >>> sample = df.get_sample('doc_sample', sample_percentage=10, seed=42, overwrite=True)
        >>> again = df.get_sample('doc_sample_2', sample_percentage=10, seed=42, overwrite=True)
        >>> sample.to_pandas().equals(again.to_pandas()), 50 < len(sample.to_pandas()) < 150
        (True, True)
        >>> sample['y'] = sample.x * 2
        >>> int(sample.get_unsampled().y.sum().value)
        999000
        """
        from objectiv_bach.sample import get_sample

        return get_sample(
            self, table_name, filter, sample_percentage, overwrite=overwrite, seed=seed
        )

    def get_unsampled(self) -> DataFrame:
        """The same steps as this frame, on all the data instead of the sample.

        Undoes :meth:`get_sample`: the sample table is replaced by what it was sampled from,
        and every operation done since runs on that (a sample of a sample: both are undone).

        Returns
        -------
        DataFrame
            A frame with the same columns, over the full data.

        Raises
        ------
        InvalidArgumentError
            When this frame is not derived from a sample.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2, 3, 4]}))
        >>> sample = df.get_sample('doc_unsampled', filter=df.x > 2, overwrite=True)
        >>> total = sample.x.sum().to_frame()
        >>> int(total.to_pandas().x.iloc[0]), int(total.get_unsampled().to_pandas().x.iloc[0])
        (7, 10)
        """
        from objectiv_bach.sample import get_unsampled

        return get_unsampled(self)

    @property
    def variables(self) -> dict[DtypeNamePair, Any]:
        """The values of the variables, ``{DtypeNamePair(dtype, name): value}`` (a copy).

        They are put in the SQL when it is rendered (see :meth:`create_variable`).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1]})).set_variable('limit', 5)
        >>> df.variables
        {DtypeNamePair(dtype='int64', name='limit'): 5}
        """
        return dict(self._variables)

    def create_variable(
        self, name: str, value: Any, *, dtype: str | None = None
    ) -> tuple[DataFrame, Series]:
        """A variable: a Series whose value is bound when the SQL is rendered.

        Use the Series in expressions; change the value later with :meth:`set_variable`. The
        plan does not change with the value: only the rendered SQL does.

        Parameters
        ----------
        name : str
            The variable's name.
        value : Any
            Its value (a Python scalar of the dtype).
        dtype : str, optional
            Its dtype (default: the dtype of ``value``). Name and dtype together identify it.

        Returns
        -------
        tuple of (DataFrame, Series)
            This frame with the value set, and the variable's Series.

        Raises
        ------
        DtypeError
            When ``value`` is not of ``dtype``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5, 9]}))
        >>> df, threshold = df.create_variable('threshold', 4)
        >>> big = df[df.x > threshold]
        >>> big.to_pandas().x.tolist()
        [5, 9]
        >>> bigger = big.set_variable('threshold', 8)
        >>> bigger.base_node is big.base_node, bigger.to_pandas().x.tolist()
        (True, [9])
        >>> print(bigger.view_sql().splitlines()[-1])
          x > 8
        """
        from objectiv_bach.variables import create_variable

        return create_variable(self, name, value, dtype)

    def set_variable(self, name: str, value: Any, *, dtype: str | None = None) -> DataFrame:
        """A copy with variable ``name`` (of ``dtype``) set to ``value``; the plan is shared.

        Parameters
        ----------
        name : str
            The variable's name.
        value : Any
            The new value.
        dtype : str, optional
            The variable's dtype (default: the dtype of ``value``).

        Returns
        -------
        DataFrame
            A copy with the new value; nothing else changes.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.5, 2.5]}))
        >>> df, factor = df.create_variable('factor', 2.0)
        >>> df['y'] = df.x * factor
        >>> df.set_variable('factor', 10.0).y.to_frame().to_pandas().y.tolist()
        Traceback (most recent call last):
        ...
        objectiv_bach.errors.InvalidArgumentError: Variable 'factor' of dtype 'float64' has no value in this DataFrame (its variables: []). A Series does not carry its frame's variables: set it with df.set_variable('factor', value), or run the Series through the frame it came from.
        >>> df.set_variable('factor', 10.0)[['y']].to_pandas().y.tolist()
        [15.0, 25.0]
        """
        from objectiv_bach.variables import set_variable

        return set_variable(self, name, value, dtype)

    def get_all_variable_usage(self) -> list[DefinedVariable]:
        """The variables that this frame's values depend on.

        Returns
        -------
        list of DefinedVariable
            ``(name, dtype, value, ref_path, old_value)`` of each variable the SQL uses, in
            order of use; ``value`` is None when this frame has no value for it.
            ``ref_path`` and ``old_value`` are always None (values live only on frames).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5, 9]}))
        >>> df, low = df.create_variable('low', 2)
        >>> df, unused = df.create_variable('unused', 'a')
        >>> df[df.x > low].get_all_variable_usage()
        [DefinedVariable(name='low', dtype='int64', value=2, ref_path=None, old_value=None)]
        """
        from objectiv_bach.variables import variable_usage

        return variable_usage(self)

    @property
    def savepoints(self) -> Savepoints:
        """The savepoints of this frame and the frames it shares them with.

        See :meth:`set_savepoint` and :class:`~objectiv_bach.savepoints.Savepoints`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1]}))
        >>> df.set_savepoint('start')
        >>> (df.x + 1).to_frame().savepoints.names, df[['x']].savepoints.names
        ([], ['start'])
        """
        return self._savepoints

    def set_savepoint(self, name: str, materialization: str = "cte") -> None:
        """Record this frame's current state as savepoint ``name`` in :attr:`savepoints`.

        The savepoints are shared with the frames derived from this one. Their SQL can be
        exported for any dialect, and ``savepoints.write_to_db()`` creates the ``'view'`` and
        ``'table'`` ones in a database.

        Parameters
        ----------
        name : str
            The name (``[a-zA-Z0-9_]+``), also the name of the view or table.
        materialization : {'cte', 'view', 'table'}, default 'cte'
            How ``write_to_db`` materializes it (``'cte'``: not at all).

        Raises
        ------
        InvalidArgumentError
            For a bad name or materialization, or a different savepoint of the same name.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2]}))
        >>> df[df.x > 1].set_savepoint('big', materialization='table')
        >>> df.savepoints.names, df.savepoints.all[0].materialization
        (['big'], 'table')
        >>> print(df.savepoints.get_create_statements('postgres')['big'].splitlines()[0])
        CREATE TABLE big AS
        """
        self._savepoints.add_savepoint(name, self, materialization)

    # ------------------------------------------------------------------ grouping sets, rolling
    # windows, filling, appending, loc and reshaping (logic in grouping_sets.py, rolling.py,
    # fill.py, loc.py and reshape.py)
    def cube(self, by: Any) -> DataFrame:
        """Group by every combination (SQL ``CUBE``) of the keys ``by``.

        Aggregations give one row per group of every subset of the keys, the grand total
        included; in a row of a subset, the keys not in it are NULL. This replaces any
        current grouping.

        Parameters
        ----------
        by : str, Series or list of them
            The keys.

        Returns
        -------
        DataFrame
            A grouped frame indexed by all the keys.

        Raises
        ------
        ColumnNotFoundError
            For an unknown column name.
        InvalidArgumentError
            For no keys or a nested list.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Snits', 'Drylts'],
        ...                                            'year': [2021, 2022, 2022],
        ...                                            'visitors': [3, 5, 8]}))
        >>> totals = df.cube(['city', 'year']).visitors.sum()
        >>> print(totals.sort_index().to_pandas().reset_index().to_string(index=False))
          city   year  visitors
        Drylts 2022.0         8
        Drylts    NaN         8
         Snits 2021.0         3
         Snits 2022.0         5
         Snits    NaN         8
           NaN 2021.0         3
           NaN 2022.0        13
           NaN    NaN        16
        """
        from objectiv_bach.grouping_sets import cube_or_rollup

        return cube_or_rollup(self, by, "cube")

    def rollup(self, by: Any) -> DataFrame:
        """Group by the keys ``by`` and by every prefix of them (SQL ``ROLLUP``).

        ``rollup(['a', 'b'])`` groups by ``(a, b)``, by ``(a)`` and by nothing (the grand
        total); the keys not in a grouping are NULL in its rows. This replaces any current
        grouping.

        Parameters
        ----------
        by : str, Series or list of them
            The keys, from the coarsest level.

        Returns
        -------
        DataFrame
            A grouped frame indexed by all the keys.

        Raises
        ------
        ColumnNotFoundError
            For an unknown column name.
        InvalidArgumentError
            For no keys or a nested list.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Snits', 'Drylts'],
        ...                                            'year': [2021, 2022, 2022],
        ...                                            'visitors': [3, 5, 8]}))
        >>> totals = df.rollup(['city', 'year']).agg({'visitors': 'sum'})
        >>> print(totals.sort_index().to_pandas().reset_index().to_string(index=False))
          city   year  visitors_sum
        Drylts 2022.0             8
        Drylts    NaN             8
         Snits 2021.0             3
         Snits 2022.0             5
         Snits    NaN             8
           NaN    NaN            16
        """
        from objectiv_bach.grouping_sets import cube_or_rollup

        return cube_or_rollup(self, by, "rollup")

    def rolling(
        self,
        window: int,
        min_periods: int | None = None,
        center: bool = False,
        closed: str | None = "right",
    ) -> Any:
        """A rolling window over the sorted frame (per group when grouped), as pandas.

        The window is a ROWS frame of ``window`` rows ending at the current row (centered on
        it with ``center=True``); aggregate it with ``sum``, ``count``, ``mean``, ``min``,
        ``max``, ``std``, ``var`` or ``agg``. Results are NULL where the frame holds fewer than
        ``min_periods`` non-missing values.

        Parameters
        ----------
        window : int
            The number of rows in the window.
        min_periods : int, optional
            The minimum number of values for a result (default: ``window``).
        center : bool, default False
            Center the window on the row (``(window-1)//2`` rows after it).
        closed : {'right'}, default 'right'
            Only ``'right'`` (the current row is in the window).

        Returns
        -------
        objectiv_bach.rolling.Rolling
            Whose aggregations give a DataFrame with this frame's index and columns named
            ``<column>_<func>``.

        Raises
        ------
        InvalidArgumentError
            When the frame is not sorted (``Window must be sorted``), or for a bad ``window``
            / ``min_periods``.
        UnsupportedOperationError
            For another ``closed``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'user': ['a', 'a', 'a', 'b'],
        ...                                            'day': [1, 2, 3, 1],
        ...                                            'clicks': [4, 2, 6, 5]}))
        >>> avg = df.sort_values('day').groupby('user').rolling(2).mean()
        >>> print(avg.sort_index().to_pandas().to_string(index=False))
         day_mean  clicks_mean
              NaN          NaN
              1.5          3.0
              2.5          4.0
              NaN          NaN
        """
        from objectiv_bach.rolling import rolling

        return rolling(self, window, min_periods, center, closed)

    def expanding(self, min_periods: int = 1, center: bool = False) -> Any:
        """An expanding window over the sorted frame, as pandas.

        The window runs from the first row to the current row (per group when grouped).

        Parameters
        ----------
        min_periods : int, default 1
            The minimum number of non-missing values for a result.
        center : bool, default False
            Only ``False``.

        Returns
        -------
        objectiv_bach.rolling.Rolling
            Aggregate it as :meth:`rolling`'s result.

        Raises
        ------
        InvalidArgumentError
            When the frame is not sorted, or for a bad ``min_periods``.
        UnsupportedOperationError
            For ``center=True``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3], 'clicks': [4, None, 6]}))
        >>> running = df.sort_values('day').expanding().sum()
        >>> running.sort_index().clicks_sum.to_pandas().tolist()
        [4.0, 4.0, 10.0]
        """
        from objectiv_bach.rolling import expanding

        return expanding(self, min_periods, center)

    def ffill(self, sort_by: Any = None, ascending: Any = True, window: Any = None) -> DataFrame:
        """Missing values replaced by the last non-missing value before them, as pandas' ``ffill``.

        In the sort order, per group when the frame is grouped.

        Leading missing values (nothing before them) stay missing. The same SQL on every
        engine (a running ``COUNT`` numbers the stretches; no ``IGNORE NULLS``).

        Parameters
        ----------
        sort_by : str or list of str, optional
            Sort by these columns first (see :meth:`sort_values`); else the current order.
        ascending : bool or list of bool, default True
            The direction of ``sort_by``.
        window : Window, optional
            The partition and order to fill in (e.g. ``df.sort_values(...).groupby(...)
            .window()``), instead of the frame's.

        Returns
        -------
        DataFrame
            The same rows and index; on a grouped frame the rows (not the groups), without
            the group key columns, as pandas.

        Raises
        ------
        InvalidArgumentError
            When there is no sort order.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3, 4],
        ...                                            'price': [None, 2.5, None, 4.0]}))
        >>> df.ffill(sort_by='day').sort_index().price.to_pandas().tolist()
        [nan, 2.5, 2.5, 4.0]
        """
        from objectiv_bach.fill import fill

        return fill(self, "ffill", sort_by, ascending, window)

    def bfill(self, sort_by: Any = None, ascending: Any = True, window: Any = None) -> DataFrame:
        """Missing values replaced by the next non-missing value after them, as pandas' ``bfill``.

        In the sort order, per group when the frame is grouped.

        Parameters
        ----------
        sort_by : str or list of str, optional
            Sort by these columns first; else the current order.
        ascending : bool or list of bool, default True
            The direction of ``sort_by``.
        window : Window, optional
            The partition and order to fill in, instead of the frame's.

        Returns
        -------
        DataFrame
            See :meth:`ffill`.

        Raises
        ------
        InvalidArgumentError
            When there is no sort order.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'day': [1, 2, 3, 4],
        ...                                            'price': [None, 2.5, None, 4.0]}))
        >>> df.bfill(sort_by='day').sort_index().price.to_pandas().tolist()
        [2.5, 2.5, 4.0, 4.0]
        """
        from objectiv_bach.fill import fill

        return fill(self, "bfill", sort_by, ascending, window)

    def append(self, other: Any, ignore_index: bool = False, sort: bool = False) -> DataFrame:
        """The rows of ``other`` (a DataFrame or a list of them) after this frame's rows.

        SQL ``UNION ALL``, as ``pandas.concat([df, other])``.

        Columns are aligned by name; a column a frame lacks is missing (NULL of the column's
        dtype) in its rows. int64 and float64 versions of a column give float64.

        Parameters
        ----------
        other : DataFrame, Series or list of them
            The frames to append.
        ignore_index : bool, default False
            Drop the indexes (the result has no index). Otherwise all frames must have an
            index with the same names.
        sort : bool, default False
            Sort the column names (else: this frame's, then new ones in order).

        Returns
        -------
        DataFrame
            An ungrouped, unsorted frame.

        Raises
        ------
        DtypeError
            When a column has incompatible dtypes in the frames.
        InvalidArgumentError
            For indexes with other names, or an argument that is not a DataFrame.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> a = bach.from_pandas(None, pd.DataFrame({'city': ['Snits'], 'km2': [30]}))
        >>> b = bach.from_pandas(None, pd.DataFrame({'city': ['Drylts'], 'people': [3055.0]}))
        >>> both = a.append(b, ignore_index=True)
        >>> both.dtypes
        {'city': 'string', 'km2': 'int64', 'people': 'float64'}
        >>> print(both.sort_values('city').to_pandas().to_string(index=False))
          city  km2  people
        Drylts  NaN  3055.0
         Snits 30.0     NaN
        """
        from objectiv_bach.append import append

        return append(self, other, ignore_index=ignore_index, sort=sort)

    def stack(self, dropna: bool = True) -> Series:
        """All data columns stacked into one Series (SQL ``UNION ALL``).

        The column name is the new last index level ``__stacked_index``.

        The Series is named ``__stacked``. The columns must have one dtype (int64 and float64
        give float64). A grouped frame is aggregated first.

        Parameters
        ----------
        dropna : bool, default True
            Leave out missing values.

        Returns
        -------
        Series

        Raises
        ------
        DtypeError
            When the data columns have different dtypes.
        InvalidArgumentError
            For a frame without data columns, or one that has a ``__stacked_index`` level.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts'],
        ...                                            'men': [16000, None], 'women': [17000, 1500]}))
        >>> stacked = df.set_index('city').stack()
        >>> list(stacked.index)
        ['city', '__stacked_index']
        >>> print(stacked.sort_index().to_pandas().to_string())
        city    __stacked_index
        Drylts  women               1500.0
        Snits   men                16000.0
                women              17000.0
        """
        from objectiv_bach.reshape import stack

        return stack(self, dropna=dropna)

    def unstack(
        self, level: Any = -1, fill_value: Any = None, aggregation: str = "max"
    ) -> DataFrame:
        """Pivot an index level to columns.

        One column ``<value>__<column>`` per value of the level and data column.

        Runs one query to find the level's distinct values (sorted: the column order). Where
        several rows share the other index levels and a value, ``aggregation`` combines them.

        Parameters
        ----------
        level : int or str, default -1
            The index level (position or name); the index must have at least two levels.
        fill_value : scalar, optional
            Replaces the missing values of the result (all of them, as the original Bach).
        aggregation : str, default 'max'
            An aggregation name (see :meth:`agg`).

        Returns
        -------
        DataFrame
            Indexed by the other levels.

        Raises
        ------
        InvalidArgumentError
            For an unknown level, an index of fewer than two levels, or missing values in the
            level.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Snits', 'Drylts'],
        ...                                            'year': [2021, 2022, 2022],
        ...                                            'visitors': [3, 5, 8]}))
        >>> wide = df.set_index(['city', 'year']).unstack(fill_value=0)
        >>> wide.columns
        ['2021__visitors', '2022__visitors']
        >>> print(wide.sort_index().to_pandas().reset_index().to_string(index=False))
          city  2021__visitors  2022__visitors
        Drylts               0               8
         Snits               3               5
        """
        from objectiv_bach.reshape import unstack

        return unstack(self, level=level, fill_value=fill_value, aggregation=aggregation)

    @property
    def plot(self) -> Any:
        """Plots: ``plot.hist(by=None, bins=10)`` binned in SQL, ``plot.bar``/``plot.line``.

        See :class:`objectiv_bach.plotting.PlotHandler`. Only bin counts (or the rows of an
        aggregated frame) leave the database; pandas and matplotlib (the ``demo`` extra) draw.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 2.0, 2.5, 4.0]}))
        >>> df.plot.histogram(bins=3)[0].x.tolist()
        [1, 2, 1]
        """
        from objectiv_bach.plotting import PlotHandler

        return PlotHandler(self)

    @property
    def loc(self) -> Any:
        """Rows by index label and columns by name; also for setting values.

        Row keys (compared with the first index level): a label (the row(s), stacked into a
        Series indexed by ``__stacked_index``, as the original Bach), a list of labels, a bool
        Series of this frame, or a slice ``start:stop`` of a sorted frame (from the first row
        labelled ``start`` to the last labelled ``stop`` in the sort order, both included; a
        label that is not there selects no rows). Column keys: a name, a list of names or a
        slice of names (both ends included). ``df.loc[rows, columns] = value`` sets a literal
        or a Series of this frame in those cells.

        Returns
        -------
        objectiv_bach.loc.LocIndexer

        Raises
        ------
        ColumnNotFoundError
            For an unknown column.
        InvalidArgumentError
            For labels on a frame without index, or a row slice on an unsorted frame.
        DtypeError
            When a set value does not fit a column's dtype.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts', 'Sneek'],
        ...                                            'km2': [30, 3, 32], 'rank': [2, 3, 1]}))
        >>> df = df.set_index('city').sort_values('rank')
        >>> print(df.loc['Sneek':'Snits', 'km2'].to_pandas().reset_index().to_string(index=False))
         city  km2
        Sneek   32
        Snits   30
        >>> df.loc['Drylts'].sort_index().to_pandas().tolist()
        [3, 3]
        >>> df.loc[df.km2 > 10, 'rank'] = 0
        >>> print(df.sort_index().to_pandas().reset_index().to_string(index=False))
          city  km2  rank
        Drylts    3     3
         Sneek   32     0
         Snits   30     0
        """
        from objectiv_bach.loc import LocIndexer

        return LocIndexer(self)


def _check_agg_funcs(func: Any) -> None:
    """Refuse what ``agg()`` cannot call: not a name of an aggregation, nor a callable."""
    items = list(func.values()) if isinstance(func, Mapping) else [func]
    funcs: list[Any] = []
    for item in items:
        funcs.extend(item if isinstance(item, (list, tuple)) else [item])
    for f in funcs:
        if callable(f):
            continue
        if not isinstance(f, str):
            msg = (
                f"agg() takes aggregation names (str) or functions, got {f!r} ({type(f).__name__})."
            )
            raise InvalidArgumentTypeError(msg)
        if f not in AGGREGATIONS:
            msg = f"Unknown aggregation {f!r}. Options: {list(_AGG_FUNCS)}."
            raise InvalidArgumentError(msg)


def _keys_of(value: Any, what: str) -> list[Any]:
    """Column names or Series of the frame (``sort_values``, ``groupby``), as a list."""
    keys = [value] if isinstance(value, (str, Series)) else value
    if not isinstance(keys, (list, tuple)):
        keys = [value]
    for key in keys:
        if not isinstance(key, (str, Series)):
            msg = (
                f"{what} takes column names (str) or Series of this frame, got {key!r} "
                f"({type(key).__name__})."
            )
            raise InvalidArgumentTypeError(msg)
    return list(keys)


def _limit_offset(limit: Any) -> tuple[int | None, int | None]:
    if limit is None:
        return None, None
    if isinstance(limit, slice):
        check_row_slice(limit, "limit=")
        if (limit.start is not None and limit.start < 0) or (
            limit.stop is not None and limit.stop < 0
        ):
            msg = f"Negative row positions are not supported: {limit!r}."
            raise InvalidArgumentError(msg)
        start = limit.start or 0
        stop = None if limit.stop is None else max(limit.stop - start, 0)
        return stop, start or None
    if (
        isinstance(limit, (int, np.integer))
        and not isinstance(limit, (bool, np.bool_))
        and (limit >= 0)
    ):
        return int(limit), None
    msg = f"limit must be a non-negative int or a slice, got {limit!r}."
    if isinstance(limit, (int, np.integer)) and not isinstance(limit, (bool, np.bool_)):
        raise InvalidArgumentError(msg)
    raise InvalidArgumentTypeError(msg)


#: SQL text per (plan, dialect, variable values); holds plans on registered frames weakly
_SQL_CACHE: NodeCache[str] = NodeCache(1024)


def _render_sql(
    node: Node, dialect: str, variables: Mapping[DtypeNamePair, Any] | None = None
) -> str:
    """Render once per (plan, dialect, variable values): the same plan gives the same text."""
    values = bound_values(node, dict(variables or {}))
    sql = _SQL_CACHE.get(node, (dialect, values))
    if sql is None:
        check_portable(node, dialect)
        sql = render(bind(render_plan(node), values), dialect)
        _SQL_CACHE.put(node, (dialect, values), sql)
    return sql
