"""The ``objectiv-modelhub`` command line: help, bad values, SQL export headers, dbt projects.

Expected SQL comes from the Python API (``model_sql``); the dbt run is compared with the Python
model on the same generated events.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from objectiv_modelhub import ModelHub
from objectiv_modelhub.cli import build_parser, main
from objectiv_modelhub.export import DEFAULT_CONVERSION, MODELS, model_sql
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.sample_data import generate_events

COMMANDS = ("demo", "models", "export-sql", "export-dbt")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as e:  # argparse: --help and usage errors
        status = int(e.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_top_level_help_lists_every_command_with_examples(capsys):
    status, out, _ = _run(["--help"], capsys)
    assert status == 0
    for command in COMMANDS:
        assert f"    {command}" in out
        assert f"objectiv-modelhub {command}" in out  # an example of each


@pytest.mark.parametrize("command", COMMANDS)
def test_each_option_shows_its_default_and_each_command_an_example(command, capsys):
    status, out, _ = _run([command, "--help"], capsys)
    assert status == 0
    assert "example" in out and f"objectiv-modelhub {command}" in out
    for action in _subparsers()[command]._actions:
        if action.option_strings and action.dest != "help":
            assert action.help and ("default:" in action.help or action.required), action.dest


def test_conversion_event_is_visible_in_help(capsys):
    _, out, _ = _run(["export-sql", "--help"], capsys)
    flat = " ".join(out.split())
    assert "--conversion-event-type TYPE event type" in flat
    assert f"(default: {DEFAULT_CONVERSION['event_type']};" in flat
    assert "(default: LinkContext:sign-up;" in flat


def test_models_lists_every_model_with_a_description(capsys):
    status, out, _ = _run(["models"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(MODELS)
    assert all(len(line.split()) > 2 for line in lines)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["demo", "--events", "0"], "argument --events: 0 is too small: give a whole number >= 1"),
        (["demo", "--events", "-5"], "argument --events: -5 is too small"),
        (["demo", "--days", "0"], "argument --days: 0 is too small"),
        (["demo", "--seed", "x"], "argument --seed: 'x' is not a whole number"),
        (
            ["export-sql", "no_such_model", "--dialect", "duckdb"],
            "argument MODEL: unknown model 'no_such_model'; choose 'all' or one of: objectiv_dataframe,",
        ),
        (
            ["export-sql", "unique_users", "--dialect", "mysql"],
            "argument --dialect: Unknown dialect 'mysql'. Choose one of",
        ),
        (["export-sql", "unique_users"], "the following arguments are required: --dialect"),
        (
            ["export-sql", "unique_users", "--dialect", "duckdb", "--session-gap-seconds", "0"],
            "argument --session-gap-seconds: 0 is not valid",
        ),
        (
            ["export-sql", "unique_users", "--dialect", "bigquery", "--time-aggregation", "%Q"],
            "strftime code '%Q' in format '%Q' is not supported on 'bigquery'",
        ),
        (
            [
                "export-sql",
                "is_conversion_event",
                "--dialect",
                "duckdb",
                "--conversion-event-type",
                "",
                "--conversion-location",
                "",
            ],
            "--conversion-event-type and --conversion-location are both empty",
        ),
        (
            ["export-dbt", "--out", "x", "--models", "unique_users,nope"],
            "argument --models: unknown model 'nope'",
        ),
    ],
)
def test_bad_values_end_with_one_line_and_status_2(argv, message, capsys):
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert message in err
    assert err.startswith(f"objectiv-modelhub {argv[0]}: error: ")


def test_bad_value_through_the_installed_entry_point_has_no_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "objectiv_modelhub.cli", "demo", "--events", "-5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "objectiv-modelhub demo: error: argument --events: -5 is too small: "
        "give a whole number >= 1 (see objectiv-modelhub demo --help)\n"
    )


@pytest.mark.parametrize(
    ("spelling", "dialect"),
    [
        ("postgres", "postgres"),
        ("postgresql", "postgres"),
        ("PostgreSQL", "postgres"),
        ("bq", "bigquery"),
        ("bigquery", "bigquery"),
        ("duckdb", "duckdb"),
    ],
)
def test_dialect_spellings_of_the_python_api(spelling, dialect, capsys):
    status, out, _ = _run(["export-sql", "unique_sessions", "--dialect", spelling], capsys)
    assert status == 0
    header, sql = out.split("\n", 7)[:7], out.split("\n", 7)[7]
    assert header[1] == f"-- dialect: {dialect}"
    assert sql == model_sql("unique_sessions", dialect) + "\n"


def test_export_sql_header_names_model_dialect_table_and_parameters(capsys):
    argv = [
        "export-sql",
        "pre_conversion_hit_number",
        "--dialect",
        "bigquery",
        "--table",
        "my-project.analytics.data",
        "--time-aggregation",
        "%Y-%m",
        "--global-contexts",
        "application,marketing",
        "--session-gap-seconds",
        "600",
        "--conversion-event-type",
        "ClickEvent",
        "--conversion-location",
        "NavigationContext:menu",
    ]
    status, out, _ = _run(argv, capsys)
    assert status == 0
    conversion = {"event_type": "ClickEvent", "match": {"_type": "NavigationContext", "id": "menu"}}
    lines = out.splitlines()
    assert lines[:7] == [
        "-- objectiv-modelhub export of model 'pre_conversion_hit_number': per event: hits "
        "before the session's first conversion",
        "-- dialect: bigquery",
        "-- source table: my-project.analytics.data (the native Objectiv events table)",
        "-- time_aggregation: '%Y-%m'",
        "-- global_contexts: ['application', 'marketing']",
        "-- session_gap_seconds: 600",
        f"-- conversion event: {conversion!r}",
    ]
    expected = model_sql(
        "pre_conversion_hit_number",
        "bigquery",
        table_name="my-project.analytics.data",
        time_aggregation="%Y-%m",
        global_contexts=["application", "marketing"],
        session_gap_seconds=600,
        conversion=conversion,
    )
    assert "\n".join(lines[7:]) == expected
    assert "'ClickEvent'" in expected and "menu" in expected
    # deterministic: the same command gives the same bytes (no time stamps)
    assert _run(argv, capsys)[1] == out


def test_export_sql_all_to_a_folder(tmp_path, capsys):
    status, out, _ = _run(
        ["export-sql", "all", "--dialect", "postgresql", "--out", str(tmp_path)], capsys
    )
    assert status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{m}.sql" for m in MODELS)
    assert out.splitlines() == [str(tmp_path / f"{m}.sql") for m in MODELS]
    for model in MODELS:
        text = (tmp_path / f"{model}.sql").read_text()
        assert text.startswith(f"-- objectiv-modelhub export of model {model!r}")
        assert text.endswith(model_sql(model, "postgres") + "\n")


def _dbt_project(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> pathlib.Path:
    project = tmp_path / "project"
    status, out, _ = _run(["export-dbt", "--out", str(project), "--dialect", "duckdb"], capsys)
    assert status == 0
    assert out == f"dbt project with {len(MODELS)} models written to {project}\n"
    return project


def test_export_dbt_project_structure(tmp_path, capsys):
    project = _dbt_project(tmp_path, capsys)
    files = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
    assert files == sorted(
        [
            "dbt_project.yml",
            "profiles.yml",
            "models/sources.yml",
            *(f"models/{m}.sql" for m in MODELS),
        ]
    )
    assert (project / "dbt_project.yml").read_text().splitlines() == [
        'name: "objectiv_modelhub"',
        'version: "1.0.0"',
        "config-version: 2",
        'profile: "objectiv_modelhub"',
        "model-paths:",
        '  - "models"',
        "models:",
        "  objectiv_modelhub:",
        '    +materialized: "view"',
    ]
    sources = (project / "models" / "sources.yml").read_text()
    assert sources.splitlines()[:6] == [
        "version: 2",
        "sources:",
        '  - name: "objectiv"',
        '    schema: "{{ target.schema }}"',
        "    tables:",
        '      - name: "data"',
    ]
    for model in MODELS:
        text = (project / "models" / f"{model}.sql").read_text()
        sql = text.replace("{% raw %}", "").replace("{% endraw %}", "")
        sql = sql.replace("{{ source('objectiv', 'data') }}", "data")
        assert sql.endswith(model_sql(model, "duckdb") + "\n")
        assert ";" not in sql.split("\n", 7)[7]  # dbt wraps the model in its own statement


def _as_dict(series: pd.Series) -> dict:
    return {(int(k) if not isinstance(k, str) else k): int(v) for k, v in series.items()}


def _dbt_executable() -> str | None:
    beside = pathlib.Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else shutil.which("dbt")


@pytest.mark.skipif(
    _dbt_executable() is None,
    reason="dbt-core is not installed: pip install -e '.[dbt]' (a separate extra: "
    "dbt-core pins pathspec<0.13, which breaks mypy in the lint extra)",
)
def test_dbt_parse_and_run_on_duckdb_match_the_python_models(tmp_path, capsys):
    project = _dbt_project(tmp_path, capsys)
    database = tmp_path / "events.duckdb"
    con = duckdb.connect(str(database))
    write_events(con, generate_events(1500, seed=5), table_name="data")
    mh = ModelHub(time_aggregation="%Y-%m-%d")
    df = mh.get_objectiv_dataframe(engine=con)
    expected_users = mh.agg.unique_users(df).to_pandas().sort_index()
    expected_frequency = mh.agg.frequency(df).to_pandas().sort_index()
    con.close()
    env = {
        **os.environ,
        "OBJECTIV_DUCKDB_PATH": str(database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    dbt = _dbt_executable()
    for command in (["parse"], ["run", "--select", "unique_users", "frequency"]):
        result = subprocess.run(
            [dbt, *command, "--profiles-dir", str(project), "--project-dir", str(project)],
            capture_output=True,
            text=True,
            env=env,
            cwd=project,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "target" / "manifest.json").exists()
    con = duckdb.connect(str(database), read_only=True)
    users = con.sql("SELECT * FROM main.unique_users").df().set_index("time_aggregation")
    frequency = con.sql("SELECT * FROM main.frequency").df().set_index("session_id_nunique")
    con.close()
    assert _as_dict(users.unique_users) == _as_dict(expected_users)
    assert _as_dict(frequency.iloc[:, 0]) == _as_dict(expected_frequency)
    assert len(users) > 5 and expected_users.sum() > 0
