"""The model hub demo: ``objectiv-modelhub demo`` (or ``python -m objectiv_modelhub.demo``).

1. generates realistic Objectiv events (seeded) into an embedded DuckDB database,
2. runs the pipeline (contexts, sessions) and the models on it,
3. prints readable results,
4. writes each model's SQL for DuckDB, PostgreSQL and BigQuery to ``<out>/sql/<dialect>/``,
5. draws ``<out>/daily_users_and_sessions.png`` and the weekly retention heatmap
   ``<out>/retention_matrix.png``,
6. writes ``<out>/navigation_sankey.html``: the sessions' navigation paths as a sankey diagram
   (offline HTML, plotly.js inline).
"""

from __future__ import annotations

import pathlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd

from objectiv_bach.dialects import dialect_names
from objectiv_bach.progress import bar, write
from objectiv_modelhub.export import export_all
from objectiv_modelhub.modelhub import ModelHub
from objectiv_modelhub.models.retention import plot_retention_matrix
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.sample_data import iter_event_chunks


@contextmanager
def step(title: str) -> Iterator[None]:
    """Announce a demo step on stderr, then say how long it took (through the progress path)."""
    write(f"[....] {title}")
    started = time.perf_counter()
    yield
    write(f"[done] {title} ({time.perf_counter() - started:.1f} s)")


@contextmanager
def _events_bar(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar of the events written (shown in a terminal or notebook only)."""
    with bar(total=total, desc="events written", unit="event") as events:
        done = 0

        def report(written: int) -> None:
            nonlocal done
            events.update(written - done)
            done = written

        yield report


def _chart(daily: pd.DataFrame, path: pathlib.Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4.5))
    days = pd.to_datetime(daily.index)
    ax.plot(days, daily["unique_users"], marker="o", label="unique users")
    ax.plot(days, daily["unique_sessions"], marker="s", label="unique sessions")
    ax.set_title("Daily users and sessions (generated Objectiv data, DuckDB)")
    ax.set_xlabel("day")
    ax.set_ylabel("count")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def run(
    n_events: int = 200_000, seed: int = 0, out: str = "demo_output", days: int = 30
) -> dict[str, pd.DataFrame | pd.Series]:
    """Run the demo; returns the model results (also printed)."""
    out_dir = pathlib.Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(out_dir / "objectiv_demo.duckdb"))
    results: dict[str, pd.DataFrame | pd.Series] = {}

    with step(f"generate {n_events:,} events into DuckDB table 'data'"):
        with _events_bar(n_events) as report:
            write_events(
                con,
                iter_event_chunks(n_events, seed=seed, days=days, chunk_size=100_000),
                if_exists="replace",
                progress=report,
            )

    mh = ModelHub(time_aggregation="%Y-%m-%d", global_contexts=["application", "marketing"])
    mh.add_conversion_event(
        location_stack=lambda d: d.location_stack.ls.slice_from(
            {"_type": "LinkContext", "id": "sign-up"}
        ),
        event_type="PressEvent",
        name="sign_up",
    )

    with step("pipeline: extract contexts, sessionize"):
        df = mh.get_objectiv_dataframe(engine=con)
        events = df.materialize(node_name="events", materialization="temp_table")
        results["events"] = events.to_pandas(limit=5)

    with step("models: unique users, sessions, session duration, frequency"):
        daily = pd.DataFrame(
            {
                "unique_users": mh.agg.unique_users(events).to_pandas(),
                "unique_sessions": mh.agg.unique_sessions(events).to_pandas(),
            }
        ).sort_index()
        daily["session_duration"] = mh.agg.session_duration(events).to_pandas()
        results["daily"] = daily
        results["frequency"] = mh.agg.frequency(events).sort_index().to_pandas()

    with step("models: conversions and top features"):
        events["is_new_user"] = mh.map.is_new_user(events)
        events["is_conversion_event"] = mh.map.is_conversion_event(events, "sign_up")
        new_users = events[events.is_new_user]
        conversions = events[events.is_conversion_event]
        results["conversions"] = (
            pd.DataFrame(
                {
                    "new_users": mh.agg.unique_users(new_users).to_pandas(),
                    "sign_ups": conversions.groupby(mh.time_agg(conversions))
                    .event_type.count()
                    .to_pandas(),
                }
            )
            .fillna(0)
            .astype("int64")
            .sort_index()
        )
        top = mh.agg.top_product_features(events, event_type="PressEvent")
        results["top_features"] = top.to_pandas(limit=10)

    with step("models: retention matrix, funnel conversion"):
        results["retention"] = mh.agg.retention_matrix(
            events, time_period="weekly", percentage=True, display=False
        ).to_pandas()
        # the funnel of the pages (root locations) users go through
        events["page"] = events.location_stack.ls.get_from_context_with_type_series(
            "RootLocationContext", "id"
        )
        results["funnel"] = mh.agg.funnel_conversion(events, location_stack="page").to_pandas()

    with step("write each model's SQL for " + ", ".join(dialect_names())):
        paths = export_all(str(out_dir / "sql"), global_contexts=["application", "marketing"])

    with step("draw the daily users and sessions chart"):
        _chart(daily, out_dir / "daily_users_and_sessions.png")
        plot_retention_matrix(
            results["retention"],
            "weekly",
            percentage=True,
            path=str(out_dir / "retention_matrix.png"),
        )

    with step("navigation paths of the sessions: a sankey diagram (offline HTML)"):
        funnel = mh.get_funnel_discovery()
        nav_paths = funnel.get_navigation_paths(
            events,
            steps=3,
            by="session_id",
            location_stack=events.location_stack.json[:2],
            n_examples=3,
        )
        sankey = out_dir / "navigation_sankey.html"
        links = funnel.plot_sankey_diagram(
            nav_paths, n_top_examples=25, show=False, html_path=sankey, title="Navigation paths"
        )
        results["navigation_links"] = links.to_pandas(limit=10)

    with pd.option_context(
        "display.width", 140, "display.max_columns", 10, "display.max_colwidth", 90
    ):
        print("\nDaily users, sessions and mean session duration:\n")
        print(daily.to_string())
        print("\nUsers by number of sessions (frequency, first 10 rows):\n")
        print(results["frequency"].head(10).to_string())
        print("\nNew users and sign-ups per day:\n")
        print(results["conversions"].to_string())
        print("\nTop 10 features (PressEvents) by unique users:\n")
        print(results["top_features"].to_string())
        print("\nFunnel conversion of the pages (root locations):\n")
        print(results["funnel"].to_string(index=False))
        print("\nWeekly retention (% of each cohort), first 8 weeks:\n")
        print(results["retention"].iloc[:, :8].round(1).to_string())
        print("\nMost frequent navigation steps (first 3 locations of each session):\n")
        print(results["navigation_links"].to_string(index=False))
    print(f"\nSQL of {len(paths)} model exports in {out_dir / 'sql'} (one folder per dialect)")
    print(f"Charts: {out_dir / 'daily_users_and_sessions.png'}, {out_dir / 'retention_matrix.png'}")
    print(f"Sankey diagram: {sankey}")
    con.close()
    return results


def main(argv: list[str] | None = None) -> int:
    """``python -m objectiv_modelhub.demo [options]``: as ``objectiv-modelhub demo [options]``."""
    import sys

    from objectiv_modelhub.cli import main as cli_main

    return cli_main(["demo", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
