"""One query runs on one engine: combining frames or Series of two engines is refused at once."""

from __future__ import annotations

from typing import Any

from objectiv_bach.errors import InvalidArgumentError


def check_same_engine(left: Any, right: Any, operation: str) -> None:
    """Raise InvalidArgumentError when the engines ``left`` and ``right`` are different databases.

    The error is :class:`~objectiv_bach.errors.InvalidArgumentError`. Two spellings of one engine,
    such as ``None`` and the default DuckDB backend, are the same.

    >>> import duckdb
    >>> check_same_engine(None, None, "merge")
    >>> check_same_engine(None, duckdb.connect(), "merge")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    objectiv_bach.errors.InvalidArgumentError: Cannot merge: the left side runs on DuckDB ...
    """
    if left is right:
        return
    from objectiv_bach.backends import get_backend

    left_backend, right_backend = get_backend(left), get_backend(right)
    if left_backend is right_backend:
        return
    msg = (
        f"Cannot {operation}: the left side runs on {left_backend.describe()} and the right side "
        f"on {right_backend.describe()} (another connection), and one query runs on one engine. "
        "Bring the data to one engine first, e.g. "
        "bach.from_pandas(left.engine, right.to_pandas()) for a small frame, or "
        "from_pandas(..., materialization='table') to upload it."
    )
    raise InvalidArgumentError(msg)
