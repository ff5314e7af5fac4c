"""Helpers for the Bach behaviour suite: compare Bach results with pandas expectations.

Expectations are always computed by pandas (or by hand) from the input data, never copied from
Bach's own output.
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from objectiv_bach.types import DTYPES, result_pandas_dtype

#: the pandas dtype a backend's ``run_query`` returns for each Bach dtype (from the dtype table)
PANDAS_DTYPES = {name: row.pandas_dtype for name, row in DTYPES.items()}


def normalize(value: Any) -> Any:
    """One comparable Python value per cell: every missing value becomes None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return None
    if isinstance(value, (np.datetime64, np.timedelta64)):
        if np.isnat(value):
            return None
        value = pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        return value.to_pytimedelta()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating, Decimal)):
        return float(value)
    return value


def _sort_key(row: tuple) -> tuple:
    # None sorts last; values of mixed types sort by their type name first
    return tuple((1, "", "") if v is None else (0, type(v).__name__, _orderable(v)) for v in row)


def _orderable(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, (dict, list)):
        return repr(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def rows_of(frame: pd.DataFrame, with_index: bool = True) -> tuple[list[str], list[tuple]]:
    flat = frame.reset_index() if with_index and _has_named_index(frame) else frame
    columns = [str(c) for c in flat.columns]
    rows = [tuple(normalize(v) for v in row) for row in flat.itertuples(index=False, name=None)]
    return columns, rows


def _has_named_index(frame: pd.DataFrame) -> bool:
    return any(n is not None for n in frame.index.names)


def _equal(a: Any, b: Any, rel: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, bool) or isinstance(b, bool):
            return False
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            if math.isinf(a) or math.isinf(b):
                return a == b
            return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)
        return False
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return (
        type(a) is type(b)
        and a == b
        or (isinstance(a, datetime.datetime) and isinstance(b, datetime.datetime) and a == b)
    )


def assert_rows_equal(
    actual: list[tuple],
    expected: list[tuple],
    *,
    ordered: bool,
    rel: float = 1e-9,
    context: str = "",
) -> None:
    if not ordered:
        actual = sorted(actual, key=_sort_key)
        expected = sorted(expected, key=_sort_key)
    assert len(actual) == len(expected), (
        f"{context}row count {len(actual)} != expected {len(expected)}\n"
        f"actual={actual}\nexpected={expected}"
    )
    for i, (ra, re_) in enumerate(zip(actual, expected, strict=True)):
        assert len(ra) == len(re_), f"{context}row {i}: {ra} vs {re_}"
        for a, b in zip(ra, re_, strict=True):
            assert _equal(a, b, rel), (
                f"{context}row {i} differs: {ra!r} != expected {re_!r}\n"
                f"actual={actual}\nexpected={expected}"
            )


def assert_frame_matches(
    actual: Any,
    expected: pd.DataFrame | pd.Series,
    *,
    ordered: bool = False,
    with_index: bool | None = None,
    check_dtypes: bool = True,
    rel: float = 1e-9,
) -> pd.DataFrame:
    """Compare a Bach DataFrame/Series (run with ``to_pandas()``) or its pandas result with a
    pandas expectation.

    Column names (and named index levels, when ``with_index``) must match; rows are compared
    as sets unless ``ordered`` (SQL defines no order without ORDER BY). Floats are compared
    with relative tolerance ``rel``; every missing value (NaN, NA, NaT, None) is one value.
    With ``check_dtypes`` the result's dtypes must follow the to_pandas() contract, derived
    from the Bach dtypes of ``actual``.
    """
    bach_dtypes = None
    if hasattr(actual, "to_pandas"):
        if hasattr(actual, "all_series"):
            bach_dtypes = {n: s.dtype for n, s in actual.all_series.items()}
        else:
            bach_dtypes = {actual.name: actual.dtype}
            bach_dtypes.update({n: s.dtype for n, s in actual.index.items()})
        result = actual.to_pandas()
    else:
        result = actual
    if isinstance(result, pd.Series):
        result = result.to_frame()
    if isinstance(expected, pd.Series):
        expected = expected.to_frame()
    if with_index is None:  # compare the index only when the expectation names one
        with_index = _has_named_index(expected)
    if check_dtypes and bach_dtypes:
        flat = result.reset_index() if _has_named_index(result) else result
        for name in flat.columns:
            if name in bach_dtypes:
                has_nulls = bool(flat[name].isna().any())
                want = str(result_pandas_dtype(bach_dtypes[name], has_nulls))
                if want is not None:
                    assert str(flat[name].dtype) == want, (
                        f"column {name!r} (bach {bach_dtypes[name]}) has pandas dtype "
                        f"{flat[name].dtype}, expected {want}"
                    )
    acols, arows = rows_of(result, with_index)
    ecols, erows = rows_of(expected, with_index)
    assert acols == ecols, f"columns {acols} != expected {ecols}"
    assert_rows_equal(arows, erows, ordered=ordered, rel=rel)
    return result


def values(series: Any) -> list[Any]:
    """The normalized values of a Bach Series' or pandas Series' result, in result order."""
    if hasattr(series, "to_pandas"):
        series = series.to_pandas()
    return [normalize(v) for v in series.tolist()]


def as_index_dict(series: Any) -> dict[Any, Any]:
    """``{index label: value}`` of a (Bach or pandas) Series with a single-level index."""
    if hasattr(series, "to_pandas"):
        series = series.to_pandas()
    return {normalize(k): normalize(v) for k, v in series.items()}


def nullable(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """pandas with nullable dtypes (Int64, Float64, boolean): SQL's three-valued logic."""
    return (
        frame.convert_dtypes(convert_string=False)
        if columns is None
        else frame.assign(**{c: frame[c].convert_dtypes(convert_string=False) for c in columns})
    )


def backend_name(backend: Any) -> str:
    """The dialect name of a backend fixture object."""
    from objectiv_bach.backends import get_backend

    return get_backend(backend).name
