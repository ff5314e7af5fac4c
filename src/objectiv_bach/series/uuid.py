"""uuid Series (stored as UUID, or STRING on BigQuery)."""

from __future__ import annotations

import uuid
from typing import Any

from objectiv_bach.series.base import Series
from objectiv_bach.types import register_dtype


@register_dtype()
class SeriesUuid(Series):
    """A UUID Series (native UUID on DuckDB and PostgreSQL, STRING on BigQuery)."""

    dtype = "uuid"

    def _literal_dtype(self, value: Any) -> str:
        if isinstance(value, (str, uuid.UUID)) or value is None:
            return "uuid"
        return super()._literal_dtype(value)

    @classmethod
    def random(cls, base: Any, seed: int | None = None, name: str = "random") -> Series:
        """A random UUID per row of ``base`` (a DataFrame or Series).

        Without ``seed`` the engine's random UUID (version 4). With an int ``seed`` the MD5 of
        the seed and the row's index values as a UUID: reproducible over the seed and the index,
        the same on every engine (see :mod:`objectiv_bach.series.random`).

        Examples
        --------
        >>> import hashlib, uuid, pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [10, 20]}))
        >>> df['u'] = bach.SeriesUuid.random(df, seed=7)
        >>> df.u.sort_index().to_pandas().tolist()[0] == uuid.UUID(hashlib.md5(b'7|0').hexdigest())
        True
        >>> df['v'] = bach.SeriesUuid.random(df)
        >>> print(df.v.nunique().value)
        2
        """
        from objectiv_bach.series.random import random_series

        return random_series(cls, base, seed, name)

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if op in ("==", "!=") and other.dtype == "uuid":
            return self._compare(other, op)
        return NotImplemented
