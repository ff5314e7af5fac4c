"""``assert_equals_data``: compare a frame's result with expected rows (the original's helper)."""

from __future__ import annotations

import math
import uuid
from typing import Any

import numpy as np
import pandas as pd

from objectiv_bach.errors import InvalidArgumentError


def _plain(value: Any, round_decimals: bool, decimal: int, convert_uuid: bool) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return round(value, decimal) if round_decimals else value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        return value.to_pytimedelta()
    if convert_uuid and isinstance(value, uuid.UUID):
        return str(value)
    return value


def assert_equals_data(
    bt: Any,
    expected_columns: list[str],
    expected_data: list[list[Any]],
    order_by: str | list[str] | None = None,
    use_to_pandas: bool = False,
    round_decimals: bool = False,
    decimal: int = 4,
    convert_uuid: bool = False,
) -> list[list[Any]]:
    """Assert that a DataFrame's (or Series') result is exactly ``expected_data``.

    As the original Bach's ``bach.testing.utils.assert_equals_data``: the columns are the index
    columns, then the data columns; the rows are sorted by ``order_by`` (default: the frame's
    sort order, else its index). Missing values (NULL) compare equal to ``None``.

    Parameters
    ----------
    bt : DataFrame or Series
    expected_columns : list of str
        The index and data column names, in order.
    expected_data : list of list
        The expected rows (at least one).
    order_by : str or list of str, optional
        Sort the rows by these columns first.
    use_to_pandas : bool, default False
        Accepted for compatibility: the values always come from ``to_pandas()`` (exact
        nullable dtypes).
    round_decimals : bool, default False
        Round float values to ``decimal`` decimals before comparing (also the expected ones).
    decimal : int, default 4
    convert_uuid : bool, default False
        Compare UUID values as their text.

    Returns
    -------
    list of list
        The rows that were compared.

    Raises
    ------
    AssertionError
        When the columns or a row differ.
    InvalidArgumentError
        When ``expected_data`` is empty (as the original: it cannot check 0 rows).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.testing.utils import assert_equals_data
    >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts'], 'n': [3, None]}))
    >>> _ = assert_equals_data(df, ['_index_0', 'city', 'n'], [[0, 'Snits', 3.0], [1, 'Drylts', None]])
    """
    if len(expected_data) == 0:
        msg = "Cannot check data if 0 rows are expected: give at least one expected row."
        raise InvalidArgumentError(msg)
    frame = bt.to_frame() if not hasattr(bt, "all_series") else bt
    if order_by:
        frame = frame.sort_values(order_by)
    elif not frame.order_by and frame.index:
        frame = frame.sort_index()
    result = frame.to_pandas(dtype_backend="numpy_nullable")
    if frame.index:
        result = result.reset_index()
    columns = [str(c) for c in result.columns]
    assert columns == list(expected_columns), f"columns {columns} != expected {expected_columns}"
    rows = [
        [_plain(v, round_decimals, decimal, convert_uuid) for v in row]
        for row in result.itertuples(index=False, name=None)
    ]
    assert len(rows) == len(expected_data), f"{len(rows)} rows != expected {len(expected_data)}"
    for i, (row, expected) in enumerate(zip(rows, expected_data, strict=True)):
        wanted = [_plain(v, round_decimals, decimal, convert_uuid) for v in expected]
        assert row == wanted, f"row {i} is not equal: {wanted} != {row}"
    return rows
