"""FunnelDiscovery (navigation paths, sankey links and drawing) and visualize_location_stack, on
every backend, against the pandas reference (``reference_funnel.py``) on generated events and
against paths worked out by hand (``fixtures.CONVERSION_EVENTS`` and ``fixtures.STACK_EVENTS``).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pandas as pd
import pytest

from objectiv_bach.errors import BackendError, InvalidArgumentError
from objectiv_modelhub import FunnelDiscovery, ModelHub
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.optional import MissingDependencyError
from objectiv_modelhub.sample_data import generate_events

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures as fx  # noqa: E402
import reference as ref  # noqa: E402
import reference_funnel as rf  # noqa: E402

SIGN_UP = {"_type": "LinkContext", "id": "sign-up"}

#: the bqemulator gap of tests/modelhub/test_location_stack.py: nice names do not run there
NICE_NAME_GAP = pytest.mark.notimpl(
    "bigquery",
    raises=BackendError,
    reason="nice_name: valid GoogleSQL per zetasql, but bqemulator mis-translates the "
    "correlated subquery (STRING_AGG ... ORDER BY over UNNEST WITH OFFSET) into DuckDB SQL "
    "that loses the offset column ('Referenced column \"_bach_o\" not found')",
)


def leaf_id(df):
    """A string column of locations (the id of the stack's last element): runs everywhere."""
    return df.location_stack.json[-1].json.get_value("id", as_str=True)


def ref_leaf_id(expected):
    return expected.location_stack.map(lambda s: s[-1]["id"] if s else None)


@functools.cache
def events(seed: int) -> pd.DataFrame:
    return generate_events(1200, seed=seed, n_users=40)


def load(backend, data: pd.DataFrame, **kwargs):
    write_events(backend, data)
    mh = ModelHub()
    df = mh.get_objectiv_dataframe(engine=backend, **kwargs)
    return mh, df, ref.objectiv_dataframe(data, **kwargs)


def actual_paths(paths, by: str | None) -> dict:
    """group key -> list of path tuples, in the frame's row order."""
    frame = paths.to_pandas()
    keys = frame.index if by else [0] * len(frame)
    result: dict = {}
    for key, row in zip(keys, frame.itertuples(index=False), strict=True):
        key = None if pd.isna(key) else (str(key) if by == "user_id" else key)
        result.setdefault(key, []).append(
            tuple(None if pd.isna(v) else (int(v) if not isinstance(v, str) else v) for v in row)
        )
    return result


def expected_paths(expected: dict) -> dict:
    return {
        (str(k) if k is not None and not isinstance(k, int) else k): v for k, v in expected.items()
    }


CASES = {
    # name: (get_navigation_paths kwargs, reference kwargs)
    "user_3": ({"steps": 3, "by": "user_id"}, {"steps": 3, "by": "user_id"}),
    "session_4_from_end_n3": (
        {"steps": 4, "by": "session_id", "start_from_end": True, "n_examples": 3},
        {"steps": 4, "by": "session_id", "start_from_end": True, "n_examples": 3},
    ),
    "all_2": ({"steps": 2}, {"steps": 2}),
    "user_1_n2": (
        {"steps": 1, "by": "user_id", "n_examples": 2},
        {"steps": 1, "by": "user_id", "n_examples": 2},
    ),
}


@pytest.mark.parametrize(
    ("case", "labels"),
    [(case, "leaf_id") for case in sorted(CASES)]
    + [pytest.param("user_3", "nice_name", marks=NICE_NAME_GAP)],
)
def test_navigation_paths_vs_reference(backend, case, labels):
    kwargs, ref_kwargs = CASES[case]
    mh, df, expected = load(backend, events(21))
    if labels == "leaf_id":
        kwargs = {**kwargs, "location_stack": leaf_id(df)}
        ref_kwargs = {**ref_kwargs, "labels": ref_leaf_id(expected)}
    paths = mh.get_funnel_discovery().get_navigation_paths(df, **kwargs)
    by = kwargs.get("by")
    assert paths.index_columns == ([by] if by else [])
    assert paths.columns == [f"location_stack_step_{n}" for n in range(1, kwargs["steps"] + 1)]
    want = expected_paths(rf.navigation_paths(expected, **ref_kwargs))
    got = actual_paths(paths, by)
    assert set(got) == set(want)
    bad = [k for k in want if got[k] != want[k]]
    assert not bad, (
        f"{len(bad)} groups differ, e.g. {bad[0]!r}: {got[bad[0]][:3]} vs {want[bad[0]][:3]}"
    )
    assert sum(len(v) for v in want.values()) > 50


@pytest.mark.parametrize("labels", [pytest.param("sliced", marks=NICE_NAME_GAP), "leaf_id"])
def test_navigation_paths_conversions(backend, labels):
    mh, df, expected = load(backend, events(22))
    name = mh.add_conversion_event(
        location_stack=lambda d: d.location_stack.ls.slice_from(SIGN_UP), event_type="PressEvent"
    )
    df["is_conversion_event"] = mh.map.is_conversion_event(df, name)
    flag = ref.is_conversion_event(expected, "PressEvent", SIGN_UP)
    assert flag.sum() > 3
    funnel = FunnelDiscovery()
    if labels == "sliced":
        stack, ref_kwargs = df.location_stack.json[:2], {"stack": lambda s: s[:2]}
    else:
        stack, ref_kwargs = leaf_id(df), {"labels": ref_leaf_id(expected)}
    for only in (False, True):
        paths = funnel.get_navigation_paths(
            df,
            steps=3,
            by="user_id",
            location_stack=stack,
            add_conversion_step_column=True,
            only_converted_paths=only,
        )
        assert paths.columns[-1] == "_first_conversion_step_number"
        want = rf.navigation_paths(
            expected,
            steps=3,
            by="user_id",
            conversion=flag,
            only_converted_paths=only,
            **ref_kwargs,
        )
        got = actual_paths(paths, "user_id")
        assert got == expected_paths(want)
        if only:
            assert 0 < sum(map(len, got.values())) < 100


@NICE_NAME_GAP
def test_navigation_paths_by_hand(backend):
    """The conversion fixture, paths per user (cookie): stacks are DEFAULT_STACK (hero), or
    sign-up / docs links; conversions are the PressEvents on sign-up (e3, e5, e6)."""
    mh, df, _ = load(backend, pd.DataFrame(fx.frame(fx.CONVERSION_EVENTS)))
    mh.add_conversion_event(
        location_stack=lambda d: d.location_stack.ls.slice_from(SIGN_UP), event_type="PressEvent"
    )
    df["is_conversion_event"] = mh.map.is_conversion_event(df, "conversion_1")
    df["user"] = df.user_id.astype("string").str[34:36]
    h, s, d = (
        "Content: hero located at Root Location: home",
        "Link: sign-up located at Root Location: home => Navigation: navbar-top",
        "Link: docs located at Root Location: home => Navigation: navbar-top",
    )
    funnel = mh.get_funnel_discovery()

    def run(**kwargs):
        return actual_paths(funnel.get_navigation_paths(df, by="user", **kwargs), "user")

    # cookie 31: h h s h s; 32: s h; 33: h h d s(visible) h
    assert run(steps=2) == {
        "31": [(h, h), (h, s), (s, h), (h, s)],
        "32": [(s, h)],
        "33": [(h, h), (h, d), (d, s), (s, h)],
    }
    assert run(steps=3, start_from_end=True, n_examples=2) == {
        "31": [(s, h, s), (h, s, h)],
        "32": [(None, s, h)],
        "33": [(d, s, h), (h, d, s)],
    }
    assert run(steps=3, add_conversion_step_column=True) == {
        "31": [(h, h, s, 3), (h, s, h, 2), (s, h, s, 1), (h, s, None, 2)],
        "32": [(s, h, None, 1)],
        "33": [(h, h, d, None), (h, d, s, None), (d, s, h, None), (s, h, None, None)],
    }
    assert run(steps=3, only_converted_paths=True) == {
        "31": [(h, h, s), (h, s, None), (h, s, None)],
    }
    assert run(steps=2, start_at=s, construct_full_path=True) == {
        "31": [(s, h, f"{s} -> {h}")],
        "32": [(s, h, f"{s} -> {h}")],
        "33": [(s, h, f"{s} -> {h}")],
    }
    # one event: a path of one location with a missing step
    single = df[(df.user == "32") & (df.session_hit_number == 1)]
    assert actual_paths(funnel.get_navigation_paths(single, steps=2, by="user"), "user") == {
        "32": [(s, None)]
    }


def test_navigation_paths_string_locations_by_hand(backend):
    """A string column as the locations, sort_by another column (runs on every backend)."""
    mh, df, _ = load(backend, pd.DataFrame(fx.frame(fx.CONVERSION_EVENTS)))
    mh.add_conversion_event(
        location_stack=lambda d: d.location_stack.ls.slice_from(SIGN_UP), event_type="PressEvent"
    )
    df["is_conversion_event"] = mh.map.is_conversion_event(df, "conversion_1")
    funnel = mh.get_funnel_discovery()
    df["page"] = df.event_type
    df["order"] = -df.session_hit_number
    paths = funnel.get_navigation_paths(
        df, steps=2, by="session_id", location_stack="page", sort_by="order"
    )
    assert paths.columns == ["page_step_1", "page_step_2"]
    got = actual_paths(paths, "session_id")
    # a Series as the group key, and a list of keys, give the same paths
    by_series = funnel.get_navigation_paths(
        df, steps=2, by=[df.session_id], location_stack="page", sort_by="order"
    )
    assert actual_paths(by_series, "session_id") == got
    assert got[1] == [
        ("PressEvent", "VisibleEvent"),
        ("VisibleEvent", "PressEvent"),
        ("PressEvent", "VisibleEvent"),
        ("VisibleEvent", "VisibleEvent"),
    ]
    # user 31 by hand, leaf ids: hero hero sign-up hero sign-up; conversions e3 and e5
    df["leaf"] = leaf_id(df)
    df["user"] = df.user_id.astype("string").str[34:36]
    paths = funnel.get_navigation_paths(
        df,
        steps=3,
        by="user",
        location_stack="leaf",
        add_conversion_step_column=True,
        start_from_end=True,
        construct_full_path=True,
    )
    assert actual_paths(paths, "user")["31"] == [
        ("sign-up", "hero", "sign-up", "sign-up -> hero -> sign-up", 1),
        ("hero", "sign-up", "hero", "hero -> sign-up -> hero", 2),
        ("hero", "hero", "sign-up", "hero -> hero -> sign-up", 3),
        (None, "hero", "hero", "hero -> hero", None),
    ]


def test_navigation_paths_errors(backend):
    mh, df, _ = load(backend, pd.DataFrame(fx.frame(fx.CONVERSION_EVENTS)))
    funnel = mh.get_funnel_discovery()
    with pytest.raises(InvalidArgumentError, match="is_conversion_event"):
        funnel.get_navigation_paths(df, steps=2, only_converted_paths=True)
    with pytest.raises(InvalidArgumentError, match="steps must be an int >= 1, got 0"):
        funnel.get_navigation_paths(df, steps=0)
    with pytest.raises(KeyError, match="location stack"):
        funnel.get_navigation_paths(df, steps=2, by="location_stack")
    with pytest.raises(InvalidArgumentError, match="'nope'"):
        funnel.get_navigation_paths(df, steps=2, by="nope")
    with pytest.raises(InvalidArgumentError, match="sort_by='nope'"):
        funnel.get_navigation_paths(df, steps=2, sort_by="nope")
    with pytest.raises(InvalidArgumentError, match="one step"):
        funnel.plot_sankey_diagram(funnel.get_navigation_paths(df, steps=1), show=False)


@pytest.mark.parametrize("n_top", [None, 5])
def test_sankey_links_vs_reference(backend, n_top):
    mh, df, expected = load(backend, events(23))
    funnel = mh.get_funnel_discovery()
    paths = funnel.get_navigation_paths(df, steps=3, by="session_id", location_stack=leaf_id(df))
    reference = rf.navigation_paths(
        expected, steps=3, by="session_id", labels=ref_leaf_id(expected)
    )
    want_paths = [p for ps in reference.values() for p in ps]
    from objectiv_modelhub.models.funnel_discovery import sankey_links

    links = sankey_links(paths, n_top).to_pandas()
    assert list(links.columns) == ["source", "target", "value"]
    got = {(r.source, r.target): int(r.value) for r in links.itertuples()}
    assert got == rf.sankey_links(want_paths, n_top)
    assert links.value.is_monotonic_decreasing


def test_plot_sankey_diagram_offline_html(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    backend_events = fx.frame(fx.CONVERSION_EVENTS)
    import duckdb

    con = duckdb.connect()
    write_events(con, backend_events)
    mh = ModelHub()
    df = mh.get_objectiv_dataframe(engine=con)
    funnel = mh.get_funnel_discovery()
    paths = funnel.get_navigation_paths(df, steps=2, by="user_id")
    shown = []
    monkeypatch.setattr("webbrowser.open", shown.append)
    monkeypatch.setattr(go.Figure, "show", lambda *a, **k: pytest.fail("plotly's renderers"))
    images = []
    monkeypatch.setattr(go.Figure, "write_image", lambda self, path: images.append(path))
    html = tmp_path / "sankey.html"
    links = funnel.plot_sankey_diagram(paths, n_top_examples=2, html_path=html, show=True)
    # the returned links are of all paths; the drawing of the top two
    assert int(links.value.sum().value) == 9
    text = html.read_text()
    assert "<script src=" not in text and "plotly.js v" in text
    assert "Link: sign-up located at" in text
    # show: a temporary offline HTML file in the browser (outside a notebook)
    assert len(shown) == 1 and shown[0].startswith("file://")
    opened = Path(shown[0].removeprefix("file://")).read_text()
    assert "<script src=" not in opened and "plotly.js v" in opened
    with pytest.raises(MissingDependencyError, match="kaleido"):
        monkeypatch.setitem(sys.modules, "kaleido", None)
        funnel.plot_sankey_diagram(paths, show=False, image_path=tmp_path / "x.png")
    con.close()


def test_plotly_missing_is_a_clear_error(monkeypatch):
    import duckdb

    con = duckdb.connect()
    write_events(con, fx.frame(fx.CONVERSION_EVENTS))
    mh = ModelHub()
    df = mh.get_objectiv_dataframe(engine=con)
    funnel = mh.get_funnel_discovery()
    paths = funnel.get_navigation_paths(df, steps=2)
    monkeypatch.setitem(sys.modules, "plotly", None)
    monkeypatch.setitem(sys.modules, "plotly.graph_objects", None)
    with pytest.raises(ImportError, match=r"pip install plotly .*objectiv-bach\[demo\]"):
        funnel.plot_sankey_diagram(paths, show=False, html_path="never.html")
    # without drawing, no plotly is needed
    # all events in one sequence (moment, nice name, event id): h h s h h h d s h s s h
    links = funnel.plot_sankey_diagram(paths, show=False).to_pandas()
    h, s, d = (
        "Content: hero located at Root Location: home",
        "Link: sign-up located at Root Location: home => Navigation: navbar-top",
        "Link: docs located at Root Location: home => Navigation: navbar-top",
    )
    assert {(r.source, r.target): r.value for r in links.itertuples()} == {
        (h, h): 3,
        (h, s): 2,
        (s, h): 3,
        (h, d): 1,
        (d, s): 1,
        (s, s): 1,
    }
    con.close()


@NICE_NAME_GAP
def test_visualize_location_stack_by_hand(backend):
    """STACK_EVENTS: 101 home>navbar-top>sign-up, 102 home, 103 [], 104 home>main>demo-video,
    105 home>left>menu>inner>x, 106 docs>faq-1>email-address."""
    mh, df, _ = load(backend, fx.frame(fx.STACK_EVENTS))
    links = mh.visualize_location_stack(df, return_df=True, show=False).to_pandas()
    got = {(r.source, r.target): int(r.value) for r in links.itertuples()}
    assert got == {
        ("Root Location: home", "Navigation: navbar-top"): 1,
        ("Navigation: navbar-top", "Link: sign-up"): 1,
        ("Root Location: home", "Content: main"): 1,
        ("Content: main", "Media Player: demo-video"): 1,
        ("Root Location: home", "Navigation: left"): 1,
        ("Navigation: left", "Overlay: menu"): 1,
        ("Overlay: menu", "Navigation: inner"): 1,
        ("Navigation: inner", "Link: x"): 1,
    }
    links = mh.visualize_location_stack(df, root_location="docs", return_df=True, show=False)
    got = {(r.source, r.target): int(r.value) for r in links.to_pandas().itertuples()}
    assert got == {
        ("Root Location: docs", "Expandable: faq-1"): 1,
        ("Expandable: faq-1", "Input: email-address"): 1,
    }
    assert mh.visualize_location_stack(df, show=False) is None


@NICE_NAME_GAP
def test_visualize_location_stack_vs_reference(backend):
    mh, df, expected = load(backend, events(25))
    links = mh.visualize_location_stack(df, root_location="home", return_df=True, show=False)
    got = {(r.source, r.target): int(r.value) for r in links.to_pandas().itertuples()}
    want: dict = {}
    for stack in expected.location_stack:
        if not stack or (stack[0]["_type"], stack[0]["id"]) != ("RootLocationContext", "home"):
            continue
        names = [ref.nice_name([e]) for e in stack]
        for pair in zip(names, names[1:], strict=False):
            want[pair] = want.get(pair, 0) + 1
    assert got == want
    assert len(want) > 5


def test_import_loads_no_optional_package():
    """plotly and scikit-learn are imported when a tool needs them, not with the package."""
    import subprocess

    code = (
        "import sys, objectiv_modelhub; "
        "print(sorted(m for m in ('plotly', 'sklearn', 'kaleido') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
