"""display_sql_as_graph: the graph's vertices and edges are the CTEs of view_sql() and what
each reads, for every dialect (the expectations are written out from the plan by hand, and
checked against the SQL text with a separate, textual reading of it)."""

from __future__ import annotations

import os
import re
import stat

import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.display_formats import PlanGraph, display_sql_as_graph, plan_graph
from objectiv_bach.errors import InvalidArgumentTypeError, MissingDependencyError


def _frame():
    """Two inline sources, an aggregate materialized as 'totals', a merge materialized as
    'merged', a filter and a final aggregation."""
    a = bach.from_pandas(
        None, pd.DataFrame({"k": [1, 2, 2], "x": [3, 4, 5]}), materialization="cte"
    ).reset_index(drop=True)
    b = bach.from_pandas(
        None, pd.DataFrame({"k": [1, 2], "y": ['p"q', "r\\s"]}), materialization="cte"
    ).reset_index(drop=True)
    totals = a.groupby("k").agg({"x": "sum"}).materialize(node_name="totals")
    merged = totals.reset_index().merge(b, on="k", how="left").materialize(node_name="merged")
    kept = merged[merged.x_sum > 3]
    kept["z"] = kept.x_sum + 1
    return kept.groupby("y").z.max()


EXPECTED_VERTICES = [
    ("loaded_data", "cte"),
    ("totals", "cte"),
    ("loaded_data_2", "cte"),
    ("merged", "cte"),
    ("filtered_1", "cte"),
    ("result", "result"),
]
EXPECTED_EDGES = {
    ("loaded_data", "totals"),
    ("totals", "merged"),
    ("loaded_data_2", "merged"),
    ("merged", "filtered_1"),
    ("filtered_1", "result"),
}


def _read_sql_text(sql: str) -> tuple[list[str], set[tuple[str, str]]]:
    """CTE names and (read, reader) pairs, read from the SQL text with regular expressions."""
    blocks = re.split(r"^(?:WITH |\), )(\w+) AS \(\n", sql, flags=re.M)
    names = blocks[1::2]
    bodies = blocks[2::2]
    *cte_bodies, last = bodies
    last_body, _, final = last.partition("\n)\n")
    bodies = [*cte_bodies, last_body, final]
    edges = set()
    for reader, body in zip([*names, "result"], bodies, strict=True):
        for read in re.findall(r"\b(?:FROM|JOIN) ([\w.`\"]+)(?=\s|$)", body):
            edges.add((read.strip('`"'), reader))
    return names, edges


def test_graph_is_the_ctes_of_the_sql(dialect):
    frame = _frame()
    graph = plan_graph(frame, dialect=dialect)
    assert isinstance(graph, PlanGraph)
    assert [(v.name, v.kind) for v in graph.vertices] == EXPECTED_VERTICES
    assert set(graph.edges) == EXPECTED_EDGES
    assert len(graph.edges) == len(EXPECTED_EDGES)
    names, edges = _read_sql_text(frame.view_sql(dialect=dialect))
    assert names == [n for n, kind in EXPECTED_VERTICES if kind == "cte"]
    assert edges == EXPECTED_EDGES
    # each vertex carries its own step's SQL, as the whole SQL has it
    sql = frame.view_sql(dialect=dialect)
    merged = next(v for v in graph.vertices if v.name == "merged")
    assert "LEFT JOIN loaded_data_2 AS r" in merged.sql
    assert merged.sql.splitlines()[0] in sql
    assert merged.excerpt.splitlines()[0] == "SELECT"
    assert "GROUP BY" in graph.vertices[-1].sql


def test_dot_source_names_every_vertex_and_edge_and_escapes_quotes():
    graph = plan_graph(_frame(), dialect="duckdb")
    source = graph.source
    assert source.startswith("digraph bach_sql {") and source.endswith("}")
    for name, _ in EXPECTED_VERTICES:
        assert re.search(rf'^  "{name}" \[label="{name}\\n', source, flags=re.M), name
    arrows = set(re.findall(r'^  "(\w+)" -> "(\w+)";$', source, flags=re.M))
    assert arrows == EXPECTED_EDGES
    line = next(s for s in source.splitlines() if s.startswith('  "loaded_data_2" ['))
    assert re.fullmatch(r'  "loaded_data_2" \[label="(?:[^"\\]|\\.)*"\];', line)


def test_dot_quoting_of_names_and_sql():
    from objectiv_bach.display_formats import Vertex

    graph = PlanGraph(
        vertices=(
            Vertex('my "db".t\\x', "table", ""),
            Vertex("result", "result", "SELECT 'a\"b\\c' AS x\nFROM t"),
        ),
        edges=(('my "db".t\\x', "result"),),
        dialect="duckdb",
    )
    lines = graph.source.splitlines()
    assert (
        lines[3]
        == '  "my \\"db\\".t\\\\x" [label="my \\"db\\".t\\\\x", style=filled, fillcolor=lightyellow];'
    )
    assert lines[4] == (
        '  "result" [label="result\\n\\nSELECT \'a\\"b\\\\c\' AS x\\lFROM t\\l", style=bold];'
    )
    assert lines[5] == '  "my \\"db\\".t\\\\x" -> "result";'


def test_tables_are_vertices():
    a = bach.from_pandas(None, pd.DataFrame({"k": [1, 2]}), materialization="cte")
    t = bach.from_pandas(None, pd.DataFrame({"k": [1], "w": [0.5]}), materialization="table")
    graph = plan_graph(a.merge(t, on="k"), dialect="duckdb")
    kinds = {v.name: v.kind for v in graph.vertices}
    table = next(n for n, k in kinds.items() if k == "table")
    assert table.endswith("loaded_data") and kinds["result"] == "result"
    assert set(graph.edges) == {(table, "result"), ("loaded_data", "result")}
    assert next(v for v in graph.vertices if v.name == table).sql == ""


def test_display_prints_dot_outside_jupyter_and_series_work(capsys):
    graph = display_sql_as_graph(_frame())
    assert capsys.readouterr().out.strip() == graph.source
    series_graph = bach.display_formats.display_sql_as_graph(_frame().rename("zz"))
    assert {(v.name, v.kind) for v in series_graph.vertices} == set(EXPECTED_VERTICES)
    with pytest.raises(InvalidArgumentTypeError, match="DataFrame or a Series"):
        display_sql_as_graph(pd.DataFrame({"a": [1]}))


def test_pipe_without_dot_names_the_fix(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    graph = plan_graph(_frame(), dialect="duckdb")
    with pytest.raises(MissingDependencyError, match="apt-get install graphviz"):
        graph.pipe("svg")
    with pytest.raises(ImportError):
        graph.pipe("svg")
    assert graph._repr_svg_() is None


def test_pipe_runs_dot_with_the_source(monkeypatch, tmp_path):
    # a stand-in 'dot' that writes back its arguments and input: the plumbing, not Graphviz
    fake = tmp_path / "dot"
    fake.write_text('#!/bin/sh\necho "args: $*"\ncat\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    graph = plan_graph(_frame(), dialect="duckdb")
    out = graph.pipe("png").decode()
    assert out == f"args: -Tpng\n{graph.source}"
    assert graph._repr_svg_() == f"args: -Tsvg\n{graph.source}"
    with pytest.raises(InvalidArgumentTypeError, match="format"):
        graph.pipe("svg; rm -rf /")
