"""Notebook display: previews (one query), structure, options, SQL display, progress.

Expected rows come from pandas on the same data; queries are counted with the backend's
``query_observers`` hook.
"""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import values

import objectiv_bach as bach
from objectiv_bach import display, options, progress
from objectiv_bach.errors import InvalidArgumentError


def _pdf() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "g": ["a", "b", None, "a", "c", "b", None] * 3,
            "k": list(range(21)),
            "x": [1.5, None, 2.5, -1.0, 0.0, 4.0, 8.0] * 3,
        }
    )


@pytest.fixture
def df(backend):
    return bach.from_pandas(backend, _pdf())


@pytest.fixture
def queries(backend):
    seen: list[str] = []
    backend.query_observers.append(seen.append)
    yield seen
    backend.query_observers.remove(seen.append)


def test_preview_is_one_limit_query_in_sort_order(df, queries):
    frame = df.sort_values("k", ascending=False)
    queries.clear()
    with options.option_context("display.max_rows", 4):
        preview = display.Preview(frame)
        text = preview.text()
    assert len(queries) == 1
    assert "LIMIT 5" in queries[0]
    expected = _pdf().sort_values("k", ascending=False).head(4)
    assert values(preview.rows.k) == values(expected.k)
    assert values(preview.rows.x) == values(expected.x)
    assert preview.more
    lines = text.splitlines()
    assert lines[-4:] == [
        "[bach.DataFrame on " + df.engine.name + ": first 4 rows shown, more rows not shown]",
        "index:     _index_0 int64",
        "columns:   g string, k int64, x float64",
        "sorted by: k (descending)",
    ]
    # the table itself: one line per previewed row, the row's k value in it, in order
    row_lines = [line for line in lines if line[:2].strip().isdigit()]
    assert [int(line.split()[2]) for line in row_lines] == [20, 19, 18, 17]


@pytest.mark.parametrize("form", ["repr", "html", "mimebundle"])
def test_each_display_form_runs_one_query(df, queries, form):
    frame = df[df.k < 3].sort_values("k")
    queries.clear()
    if form == "repr":
        shown = {"text/plain": repr(frame)}
    elif form == "html":
        shown = {"text/html": frame._repr_html_()}
    else:
        shown = frame._repr_mimebundle_()
        assert set(shown) == {"text/plain", "text/html"}
    assert len(queries) == 1
    for text in shown.values():
        assert "3 rows]" in text
        assert "more rows" not in text
    if "text/html" in shown:
        html = shown["text/html"]
        assert html.count("<tr") == 1 + 1 + 3  # header, index-name row, 3 rows
        assert "<td>2.5</td>" in html and "<td>1.5</td>" in html


def test_series_preview(df, queries):
    queries.clear()
    totals = df.groupby("g").k.sum()
    text = repr(totals)
    assert len(queries) == 1
    expected = _pdf().groupby("g", dropna=False).k.sum()  # Bach keeps the NULL group
    preview = display.Preview(totals)
    assert sorted(values(preview.rows)) == sorted(values(expected))
    assert text.splitlines()[-3:] == [
        "index:      g string",
        "name:       k int64",
        "grouped by: g",
    ]


def test_not_interactive_shows_structure_without_a_query(df, queries):
    frame = df.sort_values(["g", "k"], ascending=[True, False])
    queries.clear()
    with options.option_context("interactive", False):
        text = repr(frame)
        html = frame._repr_html_()
        bundle = frame.k._repr_mimebundle_()
    assert queries == []
    assert text.splitlines() == [
        f"[bach.DataFrame on {df.engine.name}: no preview "
        "(objectiv_bach.options.interactive is False)]",
        "index:     _index_0 int64",
        "columns:   g string, k int64, x float64",
        "sorted by: g (ascending), k (descending)",
    ]
    assert "<table" not in html and "interactive is False" in html
    assert "name:      k int64" in bundle["text/plain"]


def test_grouped_frame_without_aggregation_says_so_without_a_query(df, queries):
    queries.clear()
    text = repr(df.groupby("g"))
    assert queries == []
    assert "no preview: Column 'k' is neither aggregated nor a group key" in text
    assert text.splitlines()[-1] == "grouped by: g"


def test_view_sql_is_a_str_with_a_jupyter_display(df):
    sql = df.view_sql()
    assert isinstance(sql, str) and sql.startswith("WITH")
    assert sql._repr_markdown_() == f"```sql\n{sql}\n```"
    assert sql._repr_html_().startswith('<pre><code class="language-sql">WITH')


def test_display_sql_as_markdown_prints_without_ipython(df, capsys):
    shown = bach.display_sql_as_markdown(df.k.max(), dialect="bigquery")
    out = capsys.readouterr().out
    assert shown == df.k.max().view_sql(dialect="bigquery")
    assert out == f"```sql\n{shown}\n```\n"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("display.max_rows", 0),
        ("display.max_rows", True),
        ("display.max_rows", "10"),
        ("display.max_columns", -2),
        ("display.progress_delay", -1),
        ("interactive", "yes"),
    ],
)
def test_bad_option_values_are_refused(name, value):
    with pytest.raises(InvalidArgumentError, match=r"is not valid") as info:
        options.set_option(name, value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(InvalidArgumentError, match=r"is not valid"):
        if name.startswith("display."):
            setattr(options.display, name.split(".")[1], value)
        else:
            setattr(options, name, value)
    assert options.get_option("display.max_rows") == 10
    assert options.interactive is True


def test_unknown_option_lists_the_options():
    with pytest.raises(InvalidArgumentError, match=r"Unknown option 'display.rows'.*max_rows"):
        options.get_option("display.rows")


def test_engine_label_never_shows_credentials():
    assert display.engine_label("postgresql+psycopg2://u:s3cret@h/db") == "postgresql"
    assert display.engine_label(None) == "duckdb"


@pytest.fixture
def progress_shown(monkeypatch):
    monkeypatch.setattr(progress, "_interactive_output", lambda: True)
    with options.option_context("display.progress_delay", 0):
        yield


def test_query_progress_goes_through_tqdm(df, progress_shown, capsys):
    result = df.sort_values("k").k.to_pandas()
    assert values(result) == list(range(21))
    err = capsys.readouterr().err
    assert f"{df.engine.name} query" in err
    if hasattr(df.engine, "query_progress"):  # percent done (DuckDB), else elapsed time
        assert "100%" in err
    elif hasattr(df.engine, "query_state"):  # BigQuery: the job's state, then DONE
        assert "query done" in err and "elapsed" in err
    else:
        assert "running" in err and "elapsed" in err


def test_no_progress_when_switched_off_or_not_interactive(df, capsys, monkeypatch):
    with options.option_context("display.progress_delay", 0, "display.progress", False):
        monkeypatch.setattr(progress, "_interactive_output", lambda: True)
        df.k.to_pandas()
    assert capsys.readouterr().err == ""
    monkeypatch.undo()
    monkeypatch.setenv("CI", "true")
    assert progress._interactive_output() is False
    with options.option_context("display.progress_delay", 0):
        df.k.to_pandas()
    assert capsys.readouterr().err == ""


def test_grouping_and_window_reprs_name_their_keys_without_a_query(df, queries):
    frame = df.sort_values("k")
    queries.clear()
    assert repr(frame.groupby("g").group_by) == "GroupBy(by=['g'])"
    assert repr(frame.order_by) == "(SortColumn('k', ascending),)"
    # df.window() is a windowed frame (its repr previews rows); its Window names the frame
    assert repr(frame.groupby("g").window().group_by.window) == (
        "Window(PARTITION BY g ORDER BY k ASC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND "
        "CURRENT ROW)"
    )
    assert queries == []


def test_modelhub_repr():
    from objectiv_modelhub import ModelHub

    mh = ModelHub(time_aggregation="%Y-%m", global_contexts=["application"])
    mh.add_conversion_event(event_type="PressEvent", name="press")
    assert repr(mh) == (
        "ModelHub(time_aggregation='%Y-%m', global_contexts=['application'], "
        "conversion_events=['press'])"
    )
    assert repr(mh.agg) == (
        f"<Aggregate models of {mh!r}: drop_off_locations, frequency, funnel_conversion, "
        "retention_matrix, session_duration, top_product_features, "
        "top_product_features_before_conversion, unique_sessions, unique_users>"
    )
