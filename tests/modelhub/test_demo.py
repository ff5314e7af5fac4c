"""The demo runs end to end (small): the feature, retention and funnel models, charts, SQL, sankey."""

from __future__ import annotations

from objectiv_modelhub import demo


def test_demo_shows_the_new_models(tmp_path, capsys):
    results = demo.run(n_events=3000, seed=3, out=str(tmp_path), days=21)
    out = capsys.readouterr().out
    for title in ("Top 10 features", "Funnel conversion of the pages", "Weekly retention"):
        assert title in out
    png = (tmp_path / "retention_matrix.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    retention = results["retention"]
    assert (retention["_0"] == 100.0).all()  # percentages of each cohort's own size
    funnel = results["funnel"]
    widest = funnel[funnel.n_users == funnel.n_users.max()].iloc[0]
    assert widest.full_conversion_rate == widest.step_conversion_rate
    assert funnel.n_users.is_monotonic_decreasing
    top = results["top_features"]
    assert set(top.index.get_level_values("event_type")) == {"PressEvent"}
    assert (tmp_path / "sql" / "duckdb" / "funnel_conversion.sql").exists()


def test_demo_writes_the_sankey(tmp_path, capsys):
    results = demo.run(n_events=3000, seed=1, out=str(tmp_path), days=5)
    html = (tmp_path / "navigation_sankey.html").read_text()
    assert "<script src=" not in html and "plotly.js v" in html
    links = results["navigation_links"]
    assert list(links.columns) == ["source", "target", "value"]
    assert links.value.is_monotonic_decreasing and links.value.iloc[0] > 1
    # the most frequent link is drawn (its nodes are in the figure's data)
    assert links.source.iloc[0] in html and links.target.iloc[0] in html
    assert (tmp_path / "daily_users_and_sessions.png").exists()
    assert "Sankey diagram:" in capsys.readouterr().out
