"""``display_sql_as_graph``: the steps of a frame's SQL as a graph (the original's experiment).

The graph is read from the SQL that ``view_sql()`` shows: one vertex per CTE, one for each
table the SQL reads and one for the final ``SELECT`` (``result``), with an edge from each step
to the steps that read it. A vertex is labelled with its name and the first lines of its SQL.

:class:`PlanGraph` holds the vertices and edges as data and writes them as Graphviz DOT text
(:attr:`PlanGraph.source`). Drawing the picture needs Graphviz's ``dot`` program, an optional
system package: :meth:`PlanGraph.pipe` runs it when it is installed and raises
:class:`~objectiv_bach.errors.MissingDependencyError` naming the fix otherwise. No Python
package is needed.

Examples
--------
>>> import pandas as pd, objectiv_bach as bach
>>> from objectiv_bach.display_formats import plan_graph
>>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts'], 'n': [3, 5]}))
>>> totals = df.groupby('city').n.sum().to_frame().materialize(node_name='totals')
>>> graph = plan_graph(totals[totals.n > 3])
>>> [v.name for v in graph.vertices], graph.edges
(['loaded_data', 'totals', 'result'], (('loaded_data', 'totals'), ('totals', 'result')))
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from objectiv_bach.errors import BackendError, InvalidArgumentTypeError, MissingDependencyError

__all__ = ["PlanGraph", "Vertex", "display_sql_as_graph", "plan_graph"]

#: lines of SQL shown in a vertex, and their width
EXCERPT_LINES = 4
EXCERPT_WIDTH = 60


@dataclass(frozen=True)
class Vertex:
    """One step of the SQL: a CTE, a table it reads, or the final query.

    Attributes
    ----------
    name : str
        The CTE's name, the table's (qualified) name, or ``'result'``.
    kind : {'cte', 'table', 'result'}
    sql : str
        The step's SQL (without its ``WITH``), empty for a table.
    """

    name: str
    kind: str
    sql: str

    @property
    def excerpt(self) -> str:
        """The first lines of :attr:`sql`, each cut to a readable width."""
        lines = self.sql.splitlines()
        shown = [
            line if len(line) <= EXCERPT_WIDTH else line[: EXCERPT_WIDTH - 3] + "..."
            for line in lines[:EXCERPT_LINES]
        ]
        if len(lines) > EXCERPT_LINES:
            shown.append("...")
        return "\n".join(shown)


@dataclass(frozen=True)
class PlanGraph:
    """The steps of a frame's SQL and which step reads which.

    Attributes
    ----------
    vertices : tuple of Vertex
        Tables first, then the CTEs in the order of the ``WITH`` clause, then ``result``.
    edges : tuple of (str, str)
        ``(input, consumer)`` pairs of vertex names.
    dialect : str
        The dialect the SQL is written for.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.display_formats import plan_graph
    >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2]}))
    >>> graph = plan_graph(df[df.a > 1])
    >>> [(v.name, v.kind) for v in graph.vertices], graph.edges
    ([('loaded_data', 'cte'), ('result', 'result')], (('loaded_data', 'result'),))
    >>> print(graph.vertices[1].sql)
    SELECT
      _index_0,
      a
    FROM loaded_data
    WHERE
      a > 1
    >>> print(graph.source.splitlines()[-2])
      "loaded_data" -> "result";
    """

    vertices: tuple[Vertex, ...]
    edges: tuple[tuple[str, str], ...]
    dialect: str

    @property
    def source(self) -> str:
        """The graph as Graphviz DOT text (what ``dot -Tsvg`` draws)."""
        lines = [
            "digraph bach_sql {",
            "  rankdir=BT;",
            '  node [shape=box, fontname="Courier", fontsize=9];',
        ]
        styles = {"table": ", style=filled, fillcolor=lightyellow", "result": ", style=bold"}
        for vertex in self.vertices:
            label = vertex.name if not vertex.sql else f"{vertex.name}\n\n{vertex.excerpt}\n"
            lines.append(
                f"  {_dot_id(vertex.name)} [label={_dot_label(label)}{styles.get(vertex.kind, '')}];"
            )
        lines.extend(f"  {_dot_id(a)} -> {_dot_id(b)};" for a, b in self.edges)
        lines.append("}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.source

    def pipe(self, format: str = "svg") -> bytes:  # noqa: A002 (graphviz' own name)
        """The picture, drawn by Graphviz's ``dot`` program (``'svg'``, ``'png'``, ``'pdf'`` ...).

        Raises
        ------
        MissingDependencyError
            When ``dot`` is not installed (an ``ImportError``): the message says how to get it.
        BackendError
            When ``dot`` fails.
        """
        program = shutil.which("dot")
        if program is None:
            msg = (
                "Drawing the graph needs Graphviz's 'dot' program, which is not installed (or "
                "not on PATH). Install Graphviz (apt-get install graphviz, brew install "
                "graphviz, or conda install graphviz); meanwhile PlanGraph.source holds the "
                "DOT text, which any Graphviz viewer draws."
            )
            raise MissingDependencyError(msg)
        if not isinstance(format, str) or not format.isalnum():
            msg = f"format must be a Graphviz output format such as 'svg' or 'png', got {format!r}."
            raise InvalidArgumentTypeError(msg)
        done = subprocess.run(  # noqa: S603 (a fixed program and argument list)
            [program, f"-T{format}"],
            input=self.source.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=60,
        )
        if done.returncode != 0:
            msg = f"Graphviz 'dot -T{format}' failed: {done.stderr.decode(errors='replace')!r}"
            raise BackendError(msg)
        return done.stdout

    def _repr_svg_(self) -> str | None:
        """Jupyter's picture of the graph (nothing without ``dot``: the text shows instead)."""
        if shutil.which("dot") is None:
            return None
        return self.pipe("svg").decode("utf-8")


def _dot_quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_id(name: str) -> str:
    return f'"{_dot_quote(name)}"'


def _dot_label(text: str) -> str:
    # the name centred on the first line, then the SQL lines left-aligned (\l ends such a line)
    head, _, rest = text.partition("\n\n")
    label = _dot_quote(head)
    if rest:
        label += "\\n\\n" + "".join(_dot_quote(line) + "\\l" for line in rest.splitlines())
    return f'"{label}"'


def _tables_read(query: exp.Expression) -> list[str]:
    """The names of the tables (and CTEs) ``query`` reads, in order, without its own CTEs."""
    own = {cte.alias_or_name for cte in query.find_all(exp.CTE)}
    names: list[str] = []
    for table in query.find_all(exp.Table):
        if not table.name:  # e.g. a table function
            continue
        name = exp.table_name(table)
        if name not in own and name not in names:
            names.append(name)
    return names


def plan_graph(obj: Any, dialect: str | None = None) -> PlanGraph:
    """The graph of the SQL of a DataFrame or Series: its CTEs, tables and final query.

    Parameters
    ----------
    obj : DataFrame or Series
    dialect : str, optional
        Write the SQL excerpts for this dialect; default: the engine's.

    Returns
    -------
    PlanGraph

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.display_formats import plan_graph
    >>> a = bach.from_pandas(None, pd.DataFrame({'k': [1, 2], 'x': [3, 4]}))
    >>> b = bach.from_pandas(None, pd.DataFrame({'k': [1], 'y': [5]}))
    >>> graph = plan_graph(a.merge(b, on='k'))
    >>> sorted(graph.edges)
    [('loaded_data', 'result'), ('loaded_data_2', 'result')]
    """
    from objectiv_bach.backends import get_backend
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.dialects import get_dialect, render
    from objectiv_bach.plan.naming import unused_name
    from objectiv_bach.plan.render import check_portable
    from objectiv_bach.series.base import Series
    from objectiv_bach.variables import bound_tree

    if isinstance(obj, Series):
        obj = obj.to_frame()
    if not isinstance(obj, DataFrame):
        msg = f"display_sql_as_graph() takes a DataFrame or a Series, got {type(obj).__name__}."
        raise InvalidArgumentTypeError(msg)
    name = dialect if dialect is not None else get_backend(obj.engine).name
    dialect_name = get_dialect(name).BACH_NAME
    check_portable(obj._final_node(), dialect_name)
    tree = bound_tree(obj).copy()
    with_ = tree.args.get("with_") or tree.args.get("with")
    ctes = list(with_.expressions) if with_ is not None else []
    tree.set("with_", None)
    tree.set("with", None)
    steps = [(cte.alias, cte.this) for cte in ctes]
    cte_names = [n for n, _ in steps]
    root = unused_name("result", cte_names)
    steps.append((root, tree))

    tables: list[str] = []
    edges: list[tuple[str, str]] = []
    for step_name, query in steps:
        for read in _tables_read(query):
            if read not in cte_names and read not in tables:
                tables.append(read)
            edges.append((read, step_name))
    vertices = [Vertex(t, "table", "") for t in tables]
    vertices += [
        Vertex(n, "result" if n == root else "cte", render(q, dialect_name)) for n, q in steps
    ]
    return PlanGraph(vertices=tuple(vertices), edges=tuple(edges), dialect=dialect_name)


def display_sql_as_graph(obj: Any, dialect: str | None = None) -> PlanGraph:
    """Show the steps of a frame's SQL as a graph: drawn in Jupyter, as DOT text elsewhere.

    As the original ``bach.display_formats.display_sql_as_graph`` (experimental there too):
    one vertex per CTE of ``view_sql()``, per table it reads and for the final query, with
    their SQL's first lines, and an edge from each step to the steps that read it. Jupyter
    shows the picture when Graphviz's ``dot`` program is installed, else the DOT text; outside
    Jupyter the DOT text is printed. Draw it yourself with ``graph.pipe('svg')``.

    Parameters
    ----------
    obj : DataFrame or Series
    dialect : str, optional
        Write the SQL for this dialect; default: the engine's.

    Returns
    -------
    PlanGraph
        The graph that was shown (``.vertices``, ``.edges``, ``.source``).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2]}))
    >>> graph = bach.display_formats.display_sql_as_graph(df.a.max())  # doctest: +ELLIPSIS
    digraph bach_sql {
    ...
      "loaded_data" -> "result";
    }
    >>> [v.kind for v in graph.vertices]
    ['cte', 'result']
    """
    graph = plan_graph(obj, dialect=dialect)
    try:
        from IPython import get_ipython  # type: ignore[attr-defined]
        from IPython.display import SVG, Markdown
        from IPython.display import display as ipython_display

        if get_ipython() is not None:
            if shutil.which("dot") is not None:
                ipython_display(SVG(graph.pipe("svg")))
            else:
                ipython_display(
                    Markdown(
                        "Graphviz's `dot` program is not installed (apt-get install graphviz, "
                        "brew install graphviz, conda install graphviz): the graph as DOT "
                        f"text:\n\n```dot\n{graph.source}\n```"
                    )
                )
            return graph
    except ImportError:
        pass
    print(graph.source)  # noqa: T201
    return graph
