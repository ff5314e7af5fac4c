"""Every executed statement is logged on ``logging.getLogger('objectiv_bach')`` (DEBUG) with
engine, duration and row count; combining frames or Series of two engines raises at once."""

from __future__ import annotations

import logging

import duckdb
import pandas as pd
import pytest

import objectiv_bach as bach
from objectiv_bach.backends import Backend, get_backend
from objectiv_bach.errors import BachError, BackendError, InvalidArgumentError


def _records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "objectiv_bach" and hasattr(r, "bach_rows")]


def test_each_query_is_logged_with_engine_duration_and_rows(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    df = bach.from_pandas(backend, pd.DataFrame({"a": [1, 2, 3, 4, 5]}))
    frame = df[df.a > 2]
    caplog.set_level(logging.DEBUG, logger="objectiv_bach")
    result = frame.to_pandas()
    ours = [r for r in _records(caplog) if r.getMessage().endswith(frame.view_sql())]
    assert len(ours) == 1, [r.getMessage()[:80] for r in _records(caplog)]
    record = ours[0]
    assert record.levelno == logging.DEBUG
    assert record.bach_engine == backend.name  # type: ignore[attr-defined]
    assert record.bach_rows == len(result) == 3  # type: ignore[attr-defined]
    assert isinstance(record.bach_duration, float) and record.bach_duration >= 0  # type: ignore[attr-defined]
    assert record.getMessage().startswith(backend.describe() + ": 3 rows in ")


def test_failed_statement_is_logged(backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    backend.query_observers.clear()  # BigQuery's GoogleSQL check would stop it before it ran
    caplog.set_level(logging.DEBUG, logger="objectiv_bach")
    with pytest.raises(BackendError):
        backend.run_query("SELECT * FROM no_such_table_here", None)
    failed = [r for r in _records(caplog) if "no_such_table_here" in r.getMessage()]
    assert failed and "failed" in failed[0].getMessage() and failed[0].bach_rows is None  # type: ignore[attr-defined]


def test_nothing_is_logged_above_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="objectiv_bach")
    bach.from_pandas(None, pd.DataFrame({"a": [1]})).to_pandas()
    assert _records(caplog) == []


def _two_engines(backend: Backend) -> tuple[bach.DataFrame, bach.DataFrame]:
    left = bach.from_pandas(None, pd.DataFrame({"k": [1, 2], "x": [10, 20]}))
    right = bach.from_pandas(backend, pd.DataFrame({"k": [1, 2], "y": [5, 6]}))
    return left, right


@pytest.mark.parametrize("backend", ["duckdb", "postgres"], indirect=True)
def test_merge_of_two_engines_raises_at_once(backend: Backend) -> None:
    left, right = _two_engines(backend)
    with pytest.raises(InvalidArgumentError, match="one query runs on one engine"):
        left.merge(right, on="k")
    with pytest.raises(InvalidArgumentError, match=backend.describe().split(" ")[0]):
        right.merge(left, on="k")
    with pytest.raises(BachError, match="one query runs on one engine"):
        left.merge(right.y, left_index=True, right_index=True)


@pytest.mark.parametrize("backend", ["duckdb", "postgres"], indirect=True)
def test_assigning_a_series_of_another_engine_raises_at_once(backend: Backend) -> None:
    left, right = _two_engines(backend)
    with pytest.raises(InvalidArgumentError, match="assign Series 'y'"):
        left["y"] = right.y
    assert left.columns == ["k", "x"]


def test_one_engine_spelled_two_ways_is_one_engine() -> None:
    connection = duckdb.connect()
    left = bach.from_pandas(connection, pd.DataFrame({"k": [1, 2], "x": [10, 20]}))
    right = bach.from_pandas(get_backend(connection), pd.DataFrame({"k": [2, 1], "y": [6, 5]}))
    merged = left.merge(right, on="k").sort_values("k").to_pandas()
    assert merged[["k", "x", "y"]].values.tolist() == [[1, 10, 5], [2, 20, 6]]
    default = bach.from_pandas(None, pd.DataFrame({"k": [1], "z": [7]}))
    other = bach.from_pandas(get_backend(None), pd.DataFrame({"k": [1], "w": [8]}))
    assert default.merge(other, on="k").to_pandas()[["z", "w"]].values.tolist() == [[7, 8]]
