"""How DataFrames, Series and SQL show themselves in a terminal and in Jupyter.

* ``repr(df)``, ``df._repr_html_()`` and ``df._repr_mimebundle_()`` show a preview of the rows
  (one ``LIMIT`` query of ``options.display.max_rows + 1`` rows, in the frame's sort order)
  followed by the structure: the engine, the index and column dtypes, the sort order and the
  grouping. Jupyter asks for ``_repr_mimebundle_`` first, so a notebook cell runs one query for
  both the text and the HTML form.
* With ``objectiv_bach.options.interactive = False`` only the structure shows, and nothing runs.
* :class:`SQL` is the ``str`` that ``view_sql()`` returns: printed it is plain SQL, in Jupyter it
  shows as a highlighted SQL block. :func:`display_sql_as_markdown` shows any frame's SQL so.

Examples
--------
>>> import pandas as pd, objectiv_bach as bach
>>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Ljouwert', 'Snits', 'Drylts'],
...                                            'inhabitants': [93485, 33520, 3055]}))
>>> df.sort_values('inhabitants')
              city  inhabitants
_index_0
2           Drylts         3055
1            Snits        33520
0         Ljouwert        93485
[bach.DataFrame on duckdb: 3 rows]
index:     _index_0 int64
columns:   city string, inhabitants int64
sorted by: inhabitants (ascending)
>>> with bach.options.option_context('interactive', False):
...     print(repr(df.groupby('city')))
[bach.DataFrame on duckdb: no preview (objectiv_bach.options.interactive is False)]
index:      city string
columns:    inhabitants int64
grouped by: city
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from objectiv_bach import options
from objectiv_bach.errors import BachError

if TYPE_CHECKING:  # pragma: no cover
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series

__all__ = ["SQL", "display_sql_as_markdown", "engine_label"]


# ---------------------------------------------------------------------------------------- SQL
class SQL(str):
    """SQL text: a ``str`` that Jupyter shows as a highlighted SQL block.

    ``view_sql()`` returns one; everything a ``str`` does works unchanged.

    Examples
    --------
    >>> from objectiv_bach.display import SQL
    >>> sql = SQL('SELECT 1 AS a')
    >>> sql == 'SELECT 1 AS a', isinstance(sql, str)
    (True, True)
    >>> print(sql._repr_markdown_())
    ```sql
    SELECT 1 AS a
    ```
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        return f"```sql\n{self}\n```"

    def _repr_html_(self) -> str:
        return f'<pre><code class="language-sql">{html.escape(str(self))}</code></pre>'


def display_sql_as_markdown(arg: Any, dialect: str | None = None) -> SQL:
    """Show the SQL of a DataFrame or Series as a Markdown SQL block (in Jupyter), or print it.

    As the original ``bach.display_sql_as_markdown``.

    Parameters
    ----------
    arg : DataFrame or Series
        The frame whose ``view_sql()`` to show.
    dialect : str, optional
        Render for this dialect (``'duckdb'``, ``'postgres'``, ``'bigquery'``, ...); default: the
        frame's engine.

    Returns
    -------
    SQL
        The SQL text that was shown.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2]}))
    >>> _ = bach.display_sql_as_markdown(df.a.max(), dialect='postgres')
    ```sql
    WITH loaded_data AS (
      SELECT
        CAST(a AS BIGINT) AS a
      FROM (VALUES
        (0, 1),
        (1, 2)) AS _bach_values(_index_0, a)
    )
    SELECT
      MAX(a) AS a
    FROM loaded_data
    ```
    """
    sql = SQL(arg.view_sql(dialect=dialect))
    shown = False
    try:
        from IPython import get_ipython  # type: ignore[attr-defined]
        from IPython.display import Markdown
        from IPython.display import display as ipython_display

        if get_ipython() is not None:
            ipython_display(Markdown(sql._repr_markdown_()))
            shown = True
    except ImportError:
        pass
    if not shown:
        print(sql._repr_markdown_())
    return sql


# ---------------------------------------------------------------------------------------- engines
def engine_label(engine: Any) -> str:
    """A short name of the database behind ``engine``, without connecting (never a password).

    Examples
    --------
    >>> from objectiv_bach.display import engine_label
    >>> engine_label(None), engine_label('postgresql://user:secret@host/db')
    ('duckdb', 'postgresql')
    """
    if engine is None:
        return "duckdb"
    name = getattr(engine, "name", None)
    if isinstance(name, str) and hasattr(engine, "run_query"):  # a Backend
        return name
    url = getattr(engine, "url", None)
    if url is not None and hasattr(url, "get_backend_name"):  # a SQLAlchemy Engine
        return str(url.get_backend_name())
    if isinstance(engine, str):
        return engine.split(":", 1)[0].split("+", 1)[0] or "?"
    module = type(engine).__module__ or ""
    return module.split(".", 1)[0].lstrip("_") or type(engine).__name__


# ---------------------------------------------------------------------------------------- structure
def _dtypes_text(series: dict[str, Any]) -> str:
    return ", ".join(f"{name} {s.dtype}" for name, s in series.items()) or "(none)"


def _sort_text(obj: DataFrame | Series) -> str:
    names = {s.expression: name for name, s in obj.index.items()}
    if hasattr(obj, "data"):
        names.update({s.expression: name for name, s in obj.data.items()})
    else:
        names.setdefault(obj.expression, obj.name)
    parts = []
    for column in obj.order_by:
        label = names.get(column.expression) or column.expression.sql()
        parts.append(f"{label} ({'ascending' if column.asc else 'descending'})")
    return ", ".join(parts)


def _structure(obj: DataFrame | Series) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    group_by = obj.group_by
    rows.append(("index", _dtypes_text(obj.index)))
    if hasattr(obj, "data"):
        rows.append(("columns", _dtypes_text(obj.data)))
    else:
        rows.append(("name", f"{obj.name} {obj.dtype}"))
    if obj.order_by:
        rows.append(("sorted by", _sort_text(obj)))
    if group_by is not None:
        rows.append(("grouped by", ", ".join(group_by.index) or "(all rows)"))
    return rows


def _kind(obj: DataFrame | Series) -> str:
    return "DataFrame" if hasattr(obj, "data") else type(obj).__name__


# ---------------------------------------------------------------------------------------- preview
class Preview:
    """The first rows of a frame or Series and how they were got: at most one query."""

    def __init__(self, obj: DataFrame | Series) -> None:
        self.obj = obj
        self.rows: pd.DataFrame | pd.Series | None = None
        self.more = False
        self.note = ""
        if not options.interactive:
            self.note = "no preview (objectiv_bach.options.interactive is False)"
            return
        limit = options.display.max_rows
        try:
            result = obj.to_pandas(limit=limit + 1)
        except BachError as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            self.note = f"no preview: {first}"
            return
        self.more = len(result) > limit
        self.rows = result.iloc[:limit]

    def header(self) -> str:
        label = f"bach.{_kind(self.obj)} on {engine_label(self.obj._engine)}"
        if self.rows is None:
            return f"[{label}: {self.note}]"
        n = len(self.rows)
        if self.more:
            return f"[{label}: first {n} rows shown, more rows not shown]"
        return f"[{label}: {n} row{'' if n == 1 else 's'}]"

    def text(self) -> str:
        lines: list[str] = []
        if self.rows is not None:
            if isinstance(self.rows, pd.DataFrame):
                table = self.rows.to_string(max_cols=options.display.max_columns)
            else:
                table = (
                    self.rows.to_string(name=False, dtype=False) if len(self.rows) else "(no rows)"
                )
            lines.extend(line.rstrip() for line in table.splitlines())
            if self.more:
                lines.append("...")
        lines.append(self.header())
        rows = _structure(self.obj)
        width = max(len(key) for key, _ in rows) + 2
        lines.extend(f"{key + ':':<{width}}{value}" for key, value in rows)
        return "\n".join(lines)

    def html(self) -> str:
        parts = ["<div>"]
        if self.rows is not None:
            frame = self.rows if isinstance(self.rows, pd.DataFrame) else self.rows.to_frame()
            parts.append(frame.to_html(max_cols=options.display.max_columns))
            if self.more:
                parts.append("<p>&hellip;</p>")
        parts.append(f"<p><b>{html.escape(self.header())}</b><br/>")
        parts.append(
            "<br/>".join(
                f"{html.escape(key)}: <code>{html.escape(value)}</code>"
                for key, value in _structure(self.obj)
            )
        )
        parts.append("</p></div>")
        return "".join(parts)


def frame_repr(obj: DataFrame | Series) -> str:
    """``repr`` of a DataFrame or Series: preview (one query) and structure."""
    return Preview(obj).text()


def frame_repr_html(obj: DataFrame | Series) -> str:
    """``_repr_html_`` of a DataFrame or Series: preview (one query) and structure."""
    return Preview(obj).html()


def frame_mimebundle(obj: DataFrame | Series) -> dict[str, str]:
    """Text and HTML from one preview query (what Jupyter asks for first)."""
    preview = Preview(obj)
    return {"text/plain": preview.text(), "text/html": preview.html()}
