"""The demo end to end on a small sample: it writes its charts, SQL and the sankey HTML."""

from __future__ import annotations

from objectiv_modelhub import demo


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
